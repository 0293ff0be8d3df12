/* touchprobe: does a finger on the touchscreen reach painpath? A minimal wlroots 0.15 compositor
 * (Debian 12's libwlroots10, headless) that runs one client full screen at 1024x768 and, 2.5 s
 * after its window maps, puts one finger on it at (X, Y) and lifts it 100 ms later, the way
 * cage or sway would pass on a finger from a real touchscreen. No touchscreen, no uinput and no
 * root needed. deploy/touch-probe.sh builds it and runs foot in it (docs/kiosk.md, "Touch").
 *
 *   touchprobe MODE CAPS X Y -- CLIENT ARGS...
 *
 * MODE cage:       as cage 0.1.4 to 0.3 (seat.c handle_touch_down/up): the finger goes to the
 *                  client as a touch only (wlr_seat_touch_notify_down/up), never as a click.
 * MODE cage-hover: the same, with the mouse pointer over the window before the finger.
 * MODE sway:       as sway 1.7 (sway/input/cursor.c handle_touch_down/up): a touch when
 *                  wlr_surface_accepts_touch(), otherwise a simulated pointer: enter, motion,
 *                  BTN_LEFT press and release.
 * CAPS touch | touch+pointer: the wl_seat capabilities announced.
 *
 * Build: apt install libwlroots-dev wayland-protocols, then
 *   wayland-scanner server-header \
 *     /usr/share/wayland-protocols/stable/xdg-shell/xdg-shell.xml xdg-shell-protocol.h
 *   cc -I. -o touchprobe touchprobe.c $(pkg-config --cflags --libs wlroots wayland-server pixman-1)
 */
#define _POSIX_C_SOURCE 200809L
#define WLR_USE_UNSTABLE
#include <linux/input-event-codes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <signal.h>
#include <sys/wait.h>
#include <wayland-server-core.h>
#include <wlr/backend.h>
#include <wlr/backend/headless.h>
#include <wlr/render/allocator.h>
#include <wlr/render/wlr_renderer.h>
#include <wlr/types/wlr_compositor.h>
#include <wlr/types/wlr_data_device.h>
#include <wlr/types/wlr_output.h>
#include <wlr/types/wlr_output_layout.h>
#include <wlr/types/wlr_scene.h>
#include <wlr/types/wlr_seat.h>
#include <wlr/types/wlr_xdg_shell.h>
#include <wlr/util/log.h>

static struct wl_display *display;
static struct wlr_backend *backend;
static struct wlr_renderer *renderer;
static struct wlr_allocator *allocator;
static struct wlr_scene *scene;
static struct wlr_output_layout *layout;
static struct wlr_seat *seat;
static struct wlr_surface *target;
static struct wl_event_source *timer;
static const char *mode;
static double tx, ty;
static int step;
static struct wl_listener new_output, new_xdg_surface, output_frame, surface_map;
static struct wlr_scene_output *scene_output;

static uint32_t now_ms(void) {
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void on_frame(struct wl_listener *l, void *data) {
	wlr_scene_output_commit(scene_output);
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	wlr_scene_output_send_frame_done(scene_output, &ts);
}

static void on_new_output(struct wl_listener *l, void *data) {
	struct wlr_output *output = data;
	wlr_output_init_render(output, allocator, renderer);
	wlr_output_enable(output, true);
	wlr_output_commit(output);
	wlr_output_layout_add_auto(layout, output);
	scene_output = wlr_scene_output_create(scene, output);
	output_frame.notify = on_frame;
	wl_signal_add(&output->events.frame, &output_frame);
	wlr_output_create_global(output);
}

static bool simulate_pointer;

static int on_timer(void *data) {
	uint32_t t = now_ms();
	if (step == 0) {
		bool accepts = wlr_surface_accepts_touch(seat, target);
		fprintf(stderr, "touchprobe: client has bound wl_touch: %s\n", accepts ? "yes" : "no");
		simulate_pointer = strcmp(mode, "sway") == 0 && !accepts;
		if (strcmp(mode, "cage-hover") == 0) {
			/* The mouse pointer is over the window (a mouse, or a panel that is a pointer
			 * too, moved once): cage's process_cursor_motion sends it an enter. */
			wlr_seat_pointer_notify_enter(seat, target, 500, 500);
			wlr_seat_pointer_notify_frame(seat);
			fprintf(stderr, "touchprobe: pointer entered the window first (at 500,500)\n");
		}
		if (simulate_pointer) {
			fprintf(stderr, "touchprobe: touch down -> simulated pointer enter + BTN_LEFT press at %.0f,%.0f\n", tx, ty);
			wlr_seat_pointer_notify_enter(seat, target, tx, ty);
			wlr_seat_pointer_notify_motion(seat, t, tx, ty);
			wlr_seat_pointer_notify_frame(seat);
			wlr_seat_pointer_notify_button(seat, t, BTN_LEFT, WLR_BUTTON_PRESSED);
			wlr_seat_pointer_notify_frame(seat);
		} else {
			uint32_t serial = wlr_seat_touch_notify_down(seat, target, t, 0, tx, ty);
			wlr_seat_touch_notify_frame(seat);
			fprintf(stderr, "touchprobe: wlr_seat_touch_notify_down at %.0f,%.0f -> serial %u%s\n",
				tx, ty, serial, serial ? "" : " (no touch point: nothing sent to the client)");
		}
		step = 1;
		wl_event_source_timer_update(timer, 100);
	} else if (step == 1) {
		if (simulate_pointer) {
			wlr_seat_pointer_notify_button(seat, t, BTN_LEFT, WLR_BUTTON_RELEASED);
			wlr_seat_pointer_notify_frame(seat);
			fprintf(stderr, "touchprobe: touch up -> BTN_LEFT release\n");
		} else if (wlr_seat_touch_get_point(seat, 0)) {
			wlr_seat_touch_notify_up(seat, t, 0);
			wlr_seat_touch_notify_frame(seat);
			fprintf(stderr, "touchprobe: wlr_seat_touch_notify_up\n");
		} else {
			fprintf(stderr, "touchprobe: touch up: no touch point to lift\n");
		}
		step = 2;
	}
	return 0;
}

static void on_map(struct wl_listener *l, void *data) {
	fprintf(stderr, "touchprobe: client window mapped\n");
	timer = wl_event_loop_add_timer(wl_display_get_event_loop(display), on_timer, NULL);
	wl_event_source_timer_update(timer, 2500);
}

static void on_new_xdg_surface(struct wl_listener *l, void *data) {
	struct wlr_xdg_surface *xdg = data;
	if (xdg->role != WLR_XDG_SURFACE_ROLE_TOPLEVEL)
		return;
	wlr_scene_xdg_surface_create(&scene->node, xdg);
	wlr_xdg_toplevel_set_size(xdg, 1024, 768);
	wlr_xdg_toplevel_set_fullscreen(xdg, true);
	target = xdg->surface;
	surface_map.notify = on_map;
	wl_signal_add(&xdg->events.map, &surface_map);
}

int main(int argc, char *argv[]) {
	if (argc < 7 || strcmp(argv[5], "--") != 0) {
		fprintf(stderr, "usage: touchprobe cage|sway touch|touch+pointer X Y -- CLIENT...\n");
		return 2;
	}
	mode = argv[1];
	const char *caps = argv[2];
	tx = atof(argv[3]);
	ty = atof(argv[4]);
	wlr_log_init(WLR_ERROR, NULL);
	display = wl_display_create();
	backend = wlr_headless_backend_create(display);
	renderer = wlr_renderer_autocreate(backend);
	wlr_renderer_init_wl_display(renderer, display);
	allocator = wlr_allocator_autocreate(backend, renderer);
	wlr_compositor_create(display, renderer);
	wlr_data_device_manager_create(display);
	layout = wlr_output_layout_create();
	scene = wlr_scene_create();
	wlr_scene_attach_output_layout(scene, layout);
	new_output.notify = on_new_output;
	wl_signal_add(&backend->events.new_output, &new_output);
	struct wlr_xdg_shell *shell = wlr_xdg_shell_create(display);
	new_xdg_surface.notify = on_new_xdg_surface;
	wl_signal_add(&shell->events.new_surface, &new_xdg_surface);
	seat = wlr_seat_create(display, "seat0");
	uint32_t c = WL_SEAT_CAPABILITY_TOUCH;
	if (strcmp(caps, "touch+pointer") == 0)
		c |= WL_SEAT_CAPABILITY_POINTER;
	wlr_seat_set_capabilities(seat, c);
	wlr_headless_add_output(backend, 1024, 768);
	const char *socket = wl_display_add_socket_auto(display);
	if (!socket || !wlr_backend_start(backend)) {
		fprintf(stderr, "touchprobe: could not start\n");
		return 1;
	}
	setenv("WAYLAND_DISPLAY", socket, true);
	pid_t pid = fork();
	if (pid == 0) {
		execvp(argv[6], &argv[6]);
		_exit(127);
	}
	/* Run until the client exits (checked every 100 ms). */
	struct wl_event_loop *loop = wl_display_get_event_loop(display);
	int status = 0;
	for (;;) {
		wl_display_flush_clients(display);
		wl_event_loop_dispatch(loop, 100);
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
	}
	fprintf(stderr, "touchprobe: client exited (%d)\n", WEXITSTATUS(status));
	wl_display_destroy_clients(display);
	wl_display_destroy(display);
	return 0;
}
