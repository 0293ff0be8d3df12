//! The terminal session shared by the full-screen interfaces (the questionnaire, kiosk mode
//! and the reception inbox): raw mode, the alternate screen and mouse reporting on the way
//! in, and the one loop that owns the terminal, polls events, ticks, lets the app do the work
//! only the loop may do, and draws. Screens themselves live in `tui`, `kiosk` and `inbox`;
//! nothing here knows what they show.
//!
//! The terminal is restored on every way out: a normal quit, an error, a panic (a panic hook)
//! and SIGTERM, SIGHUP, SIGINT or SIGQUIT (recorded by a watcher thread and checked by the loop
//! between polls; the watcher restores and exits by itself if the loop is stuck). SIGQUIT's
//! default would dump core with the terminal still raw; here it ends the run like SIGTERM.
//!
//! A terminal that goes away sends SIGHUP only to the processes it is the controlling
//! terminal of. When it is not painpath's (started by another program on a pty it opened, say),
//! no signal comes, and crossterm's reader spins on the dead terminal at 100% of a core, never
//! returning from its poll: woken by the hangup, its read fails with EIO (or reads nothing at
//! end of input), and its read loop, which ends only on WouldBlock or an event, reads again at
//! once (crossterm 0.29, `event/source/unix/mio.rs`). So the watcher also polls the terminal
//! for the hangup itself (POLLHUP or POLLERR) and records it as a SIGHUP: the run ends exactly
//! as on a real one, by the loop or, stuck in that reader, by the watcher after [`GRACE`].
//!
//! Mouse reporting is the X10-compatible "button press" mode (1000) in the SGR encoding
//! (1006) only: presses, releases and the wheel, which is all any of the interfaces uses, and
//! no motion reports (crossterm's `EnableMouseCapture` would also turn on 1002, 1003 and
//! 1015). It is turned off again on every one of those ways out.
//!
//! A kiosk run ([`run_kiosk`]) differs in three ways: its clock may run fast in a test build
//! (`PAINPATH_CLOCK_SPEED`, fault-injection only), SIGTERM and SIGHUP are a normal end (exit
//! status 0 even when the watcher has to end a stuck loop), and the screen and scrollback are
//! wiped before the terminal is restored.

use std::cell::RefCell;
use std::fmt;
use std::fs::OpenOptions;
use std::io::{self, IsTerminal, Write, stdout};
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Arc, Once};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;
use ratatui::backend::Backend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{self, Event};
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{Command, execute};
use ratatui::layout::Rect;
use signal_hook::SigId;
use signal_hook::iterator::backend::SignalDelivery;
use signal_hook::iterator::exfiltrator::SignalOnly;

use crate::ui::backend::CompactBackend;
use crate::ui::screen::Screen;
use ratatui::buffer::Buffer;
use ratatui::layout::Position;
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};

/// How long the loop waits for an event before it checks the signal flags and ticks.
const POLL: Duration = Duration::from_millis(100);

/// How long the signal watcher gives the loop to notice a signal and restore the terminal
/// before it does so itself and ends the process.
const GRACE: Duration = Duration::from_secs(1);

/// How long a failed loop waits for the signal that may explain the failure.
const SIGNAL_AFTER_ERROR: Duration = Duration::from_millis(500);

/// The terminal the loop draws on, as [`Interactive::service`] gets it. What is written to it
/// reaches the screen when the loop sends the frame (see [`FrameWriter`]).
pub type Term = Screen<CompactBackend<FrameWriter>>;

/// A full-screen app the shared loop can drive: events and time in, a frame out.
pub trait Interactive {
    /// Passes one terminal event on. Returns true if the screen needs drawing again.
    fn handle_event(&mut self, event: &Event) -> bool;
    /// Time passes; called once before the first frame, after every batch of events and at
    /// least every 100 ms. Returns true if the screen needs drawing again.
    fn on_tick(&mut self, now: Instant) -> bool;
    /// The terminal has this size (called once before the first frame).
    fn resize(&mut self, width: u16, height: u16) -> bool;
    /// False once the person has quit.
    fn is_running(&self) -> bool;
    /// Draws the whole screen of `area` into `buffer`, blank; returns where the cursor shows,
    /// if it should.
    fn draw(&self, area: Rect, buffer: &mut Buffer) -> Option<Position>;
    /// Work only the loop can do (reading the clock, writing files, clearing the terminal),
    /// after events and ticks. Returns true to redraw. Nothing by default.
    fn service(&mut self, _terminal: &mut Term) -> anyhow::Result<bool> {
        Ok(false)
    }
}

/// Runs `app` full-screen until it stops running.
///
/// A SIGTERM, SIGHUP, SIGINT or SIGQUIT ends the run with an [`Interrupted`] error, after the
/// terminal is restored; a hangup of the terminal counts as SIGHUP even when none comes.
/// Should the loop be stuck when a signal comes (crossterm can spin inside its poll once the
/// terminal has gone away), the signal watcher restores what it can and exits the process
/// with 128 + signal.
pub fn run(app: &mut impl Interactive) -> anyhow::Result<()> {
    let signals = Signals::register(false).context("listening for signals")?;
    let mut terminal = TerminalGuard::enter().context("setting up the terminal")?;
    let TerminalGuard {
        terminal: screen,
        frame,
    } = &mut terminal;
    let result = event_loop(screen, frame, app, &signals, Clock::real());
    drop(terminal);
    // After a hangup drawing fails too; the signal is the better explanation.
    if let Some(signal) = signals.caught_after(&result) {
        return Err(Interrupted { signal }.into());
    }
    result
}

/// Runs `app` full-screen as a kiosk until it stops running or a signal comes; returns the
/// signal, if one ended it. The screen and the scrollback are wiped (CSI 2 J, CSI 3 J) before
/// the terminal is restored, so nothing of the last person stays.
///
/// Should the loop be stuck when a signal comes, the signal watcher restores what it can and
/// exits the process with [`Interrupted::kiosk_exit_code`] (0 for SIGTERM and SIGHUP).
pub fn run_kiosk(app: &mut impl Interactive) -> anyhow::Result<Option<Interrupted>> {
    let signals = Signals::register(true).context("listening for signals")?;
    let mut terminal = TerminalGuard::enter().context("setting up the terminal")?;
    let TerminalGuard {
        terminal: screen,
        frame,
    } = &mut terminal;
    let result = event_loop(screen, frame, app, &signals, Clock::for_kiosk());
    // Nothing of the last person stays on the screen or in the scrollback.
    let _ = wipe_screen(screen).and_then(|()| frame.send());
    drop(terminal);
    if let Some(signal) = signals.caught_after(&result) {
        return Ok(Some(Interrupted { signal }));
    }
    result?;
    Ok(None)
}

/// The time the loop gives the app. Real time, except that a test build (the
/// `fault-injection` feature) may run a kiosk's faster so that pty tests of the idle timeouts
/// do not take minutes.
#[derive(Debug, Clone, Copy)]
struct Clock {
    start: Instant,
    speed: u32,
}

impl Clock {
    fn real() -> Clock {
        Clock {
            start: Instant::now(),
            speed: 1,
        }
    }

    fn for_kiosk() -> Clock {
        Clock {
            speed: crate::fault::clock_speed(),
            ..Clock::real()
        }
    }

    fn now(&self) -> Instant {
        let elapsed = self.start.elapsed();
        self.start + elapsed.saturating_mul(self.speed.max(1))
    }
}

/// Clears the screen (CSI 2 J) and the scrollback (CSI 3 J), and makes the next frame draw
/// every cell again.
pub fn wipe_screen(terminal: &mut Term) -> io::Result<()> {
    execute!(
        terminal.backend_mut(),
        Clear(ClearType::All),
        Clear(ClearType::Purge)
    )?;
    // Both buffers blank, as the screen now is, so the next frame draws every cell.
    terminal.forget_shown();
    Ok(())
}

/// Polls, handles every waiting event, ticks, serves, and draws once per batch if anything
/// changed; each frame reaches the terminal in one write. Returns when the app stops running
/// or a signal is caught.
fn event_loop<A: Interactive>(
    terminal: &mut Term,
    frame: &FrameWriter,
    app: &mut A,
    signals: &Signals,
    clock: Clock,
) -> anyhow::Result<()> {
    // Start crossterm's event reader before the first frame: it installs its SIGWINCH handler
    // when first polled, and a resize that came before that would be lost. Then take the size
    // again, in case it changed since the terminal was set up.
    event::poll(Duration::ZERO).context("waiting for input")?;
    let size = terminal
        .backend_mut()
        .size()
        .context("reading the terminal size")?;
    if size != terminal.area().as_size() {
        terminal
            .resize(Rect::new(0, 0, size.width, size.height))
            .context("resizing")?;
    }
    app.resize(size.width, size.height);
    app.on_tick(clock.now());
    let mut dirty = true;
    while signals.caught().is_none() {
        if dirty {
            terminal
                .draw(|area, buffer| {
                    // Tests only (the `fault-injection` feature): a panic or a hang mid-frame.
                    crate::fault::point("panic-draw");
                    crate::fault::point("stall-draw");
                    app.draw(area, buffer)
                })
                .context("drawing")?;
            frame.send().context("drawing")?;
            terminal.prepare_next();
            dirty = false;
        }
        if event::poll(POLL).context("waiting for input")? {
            loop {
                let event = event::read().context("reading input")?;
                if let Event::Resize(width, height) = event {
                    // The viewport is fixed (so a frame does not ask the terminal its size):
                    // it changes here, and the next frame is drawn whole.
                    terminal
                        .resize(Rect::new(0, 0, width, height))
                        .context("resizing")?;
                }
                dirty |= app.handle_event(&event);
                if !app.is_running() || !event::poll(Duration::ZERO).context("reading input")? {
                    break;
                }
            }
        }
        dirty |= app.on_tick(clock.now());
        dirty |= app.service(terminal)?;
        // Whatever the service wrote (a wipe) goes out now.
        frame.send().context("drawing")?;
        if !app.is_running() {
            break;
        }
    }
    Ok(())
}

/// The run was stopped by a signal. The terminal has been restored by the time this is seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interrupted {
    /// The signal number (SIGTERM, SIGHUP, SIGINT or SIGQUIT).
    pub signal: i32,
}

impl Interrupted {
    /// The exit status a shell expects after this signal: 128 + the signal number.
    pub fn exit_code(self) -> u8 {
        u8::try_from(128 + self.signal).unwrap_or(1)
    }

    /// The exit status of a kiosk stopped by this signal: 0 for SIGTERM or SIGHUP (a
    /// supervisor starts the kiosk again), 128 + signal for any other.
    pub fn kiosk_exit_code(self) -> u8 {
        u8::try_from(kiosk_exit_status(self.signal)).unwrap_or(1)
    }

    /// The signal's name, such as "SIGTERM".
    pub fn name(self) -> &'static str {
        match self.signal {
            SIGTERM => "SIGTERM",
            SIGHUP => "SIGHUP",
            SIGINT => "SIGINT",
            SIGQUIT => "SIGQUIT",
            _ => "a signal",
        }
    }
}

fn kiosk_exit_status(signal: i32) -> i32 {
    match signal {
        SIGTERM | SIGHUP => 0,
        other => 128 + other,
    }
}

impl fmt::Display for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "stopped by {}", self.name())
    }
}

impl std::error::Error for Interrupted {}

/// SIGTERM, SIGHUP, SIGINT and SIGQUIT while the TUI runs: a watcher thread records the signal
/// for the loop, and restores the terminal itself if the loop has not finished within
/// [`GRACE`].
///
/// The same watcher sees the terminal hang up without a SIGHUP (a terminal that is not
/// painpath's controlling terminal: the kernel sends SIGHUP only for that one), and does with
/// it what it does with a SIGHUP. crossterm's reader spins on such a terminal inside its poll
/// (its read fails with EIO, or reads nothing, and it reads again at once), so the loop cannot
/// see it itself. One thread for both: the signals reach it through signal-hook's pipe, which
/// it polls beside the terminal.
struct Signals {
    /// The signal caught (a hangup counts as SIGHUP), or 0.
    caught: Arc<AtomicI32>,
    handle: signal_hook::iterator::Handle,
    /// Dropped when the run is over, which tells the watcher to stand down.
    stop: Option<UnixStream>,
    watcher: Option<thread::JoinHandle<()>>,
    /// The one-shot "a second signal ends the process at once" registrations.
    ids: Vec<SigId>,
}

impl Signals {
    /// In kiosk mode a stuck loop's SIGTERM or SIGHUP still ends with status 0.
    fn register(kiosk: bool) -> io::Result<Signals> {
        const HANDLED: [i32; 4] = [SIGTERM, SIGHUP, SIGINT, SIGQUIT];
        // A second signal while the first is being handled ends the process at once. These
        // must be registered before the watcher's own handlers.
        let armed = Arc::new(AtomicBool::new(false));
        let mut ids = Vec::new();
        for signal in HANDLED {
            ids.push(signal_hook::flag::register_conditional_shutdown(
                signal,
                128 + signal,
                Arc::clone(&armed),
            )?);
        }
        let (read, write) = UnixStream::pair()?;
        let mut incoming = SignalDelivery::with_pipe(read, write, SignalOnly, HANDLED)?;
        let handle = incoming.handle();
        let terminal = watched_terminal();
        let (stop, stopped) = UnixStream::pair()?;
        let caught = Arc::new(AtomicI32::new(0));
        let flag = Arc::clone(&caught);
        let watcher = thread::Builder::new()
            .name("painpath-signals".into())
            .spawn(move || {
                let signal = loop {
                    match wait_for_end(terminal.as_ref(), Some(incoming.get_read()), &stopped, None)
                    {
                        Waited::Signalled => {
                            if let Some(signal) = incoming.pending().next() {
                                armed.store(true, Ordering::SeqCst);
                                break signal;
                            }
                        }
                        Waited::HungUp => break SIGHUP,
                        Waited::Stopped | Waited::TimedOut => return,
                    }
                };
                flag.store(signal, Ordering::SeqCst);
                if wait_for_end(None, None, &stopped, Some(GRACE)) == Waited::TimedOut {
                    end_stuck_run(signal, kiosk);
                }
            })?;
        Ok(Signals {
            handle,
            stop: Some(stop),
            watcher: Some(watcher),
            ids,
            caught,
        })
    }

    /// The signal caught, if any. When the loop failed, a hangup's SIGHUP may still be on
    /// its way (reading or drawing fails the moment the terminal goes), so this waits for
    /// it briefly.
    fn caught_after<T>(&self, result: &anyhow::Result<T>) -> Option<i32> {
        if result.is_ok() {
            return self.caught();
        }
        let deadline = Instant::now() + SIGNAL_AFTER_ERROR;
        loop {
            if let Some(signal) = self.caught() {
                return Some(signal);
            }
            if Instant::now() >= deadline {
                return None;
            }
            thread::sleep(Duration::from_millis(10));
        }
    }

    fn caught(&self) -> Option<i32> {
        match self.caught.load(Ordering::SeqCst) {
            0 => None,
            signal => Some(signal),
        }
    }
}

impl Drop for Signals {
    fn drop(&mut self) {
        drop(self.stop.take());
        self.handle.close();
        if let Some(watcher) = self.watcher.take() {
            let _ = watcher.join();
        }
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// Ends a run whose loop has not finished within [`GRACE`] of a signal (or a hangup): restores
/// what it can of the terminal and exits with the signal's status.
fn end_stuck_run(signal: i32, kiosk: bool) -> ! {
    restore_via_tty();
    let _ = writeln!(io::stderr(), "painpath: {}", Interrupted { signal });
    let status = if kiosk {
        kiosk_exit_status(signal)
    } else {
        128 + signal
    };
    std::process::exit(status);
}

/// The terminal crossterm reads, to watch for a hangup: standard input if it is a terminal,
/// else /dev/tty. None if there is none: setting the terminal up fails then anyway.
fn watched_terminal() -> Option<OwnedFd> {
    if io::stdin().is_terminal() {
        io::stdin().as_fd().try_clone_to_owned().ok()
    } else {
        OpenOptions::new()
            .read(true)
            .open("/dev/tty")
            .ok()
            .map(Into::into)
    }
}

/// What [`wait_for_end`] saw first.
#[derive(Debug, PartialEq, Eq)]
enum Waited {
    /// A signal's handler wrote to the pipe.
    Signalled,
    /// The terminal hung up.
    HungUp,
    /// The run is over (the other end of `stopped` was closed), or the poll failed.
    Stopped,
    TimedOut,
}

/// Waits until `stopped`'s other end is closed, `signals` (signal-hook's pipe) has a byte,
/// `terminal` hangs up, or `timeout` passes. Asking for no event on the terminal, the poll
/// still reports POLLHUP and POLLERR, and never input, which is crossterm's to read. The
/// descriptors are polled from an array, not a vector: the watcher allocates nothing, so its
/// thread never makes the C library set up memory of its own.
fn wait_for_end(
    terminal: Option<&OwnedFd>,
    signals: Option<&UnixStream>,
    stopped: &UnixStream,
    timeout: Option<Duration>,
) -> Waited {
    use rustix::event::{PollFd, PollFlags, Timespec, poll};
    let gone = PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL;
    let deadline = timeout.map(|timeout| Instant::now() + timeout);
    loop {
        let left = deadline.map(|deadline| {
            let left = deadline.saturating_duration_since(Instant::now());
            Timespec {
                tv_sec: i64::try_from(left.as_secs()).unwrap_or(i64::MAX),
                tv_nsec: i64::from(left.subsec_nanos()),
            }
        });
        // A descriptor not given is `stopped` again, asked for nothing: it adds no event.
        let mut fds = [
            PollFd::new(stopped, PollFlags::IN),
            match signals {
                Some(pipe) => PollFd::new(pipe, PollFlags::IN),
                None => PollFd::new(stopped, PollFlags::empty()),
            },
            match terminal {
                Some(terminal) => PollFd::from_borrowed_fd(terminal.as_fd(), PollFlags::empty()),
                None => PollFd::new(stopped, PollFlags::empty()),
            },
        ];
        match poll(&mut fds, left.as_ref()) {
            Ok(0) => return Waited::TimedOut,
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(_) => return Waited::Stopped,
        }
        if !fds[0].revents().is_empty() {
            return Waited::Stopped;
        }
        if signals.is_some() && !fds[1].revents().is_empty() {
            return Waited::Signalled;
        }
        if terminal.is_some() && fds[2].revents().intersects(gone) {
            return Waited::HungUp;
        }
    }
}

/// Whether the terminal is in TUI mode, so that the panic hook restores it only then.
static ACTIVE: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// True on the thread that set the terminal up (the loop's): only a panic there ends the
    /// run. A worker's panic (kiosk mode sends on one) is the worker's to report, and must
    /// not take the terminal from under a loop that goes on.
    static OWNS_TERMINAL: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}
static PANIC_HOOK: Once = Once::new();

/// The terminal in raw mode, on the alternate screen, with mouse reporting; restored on drop.
struct TerminalGuard {
    terminal: Term,
    frame: FrameWriter,
}

/// Collects a frame's bytes so that it reaches the terminal in one write and one flush.
///
/// Written straight to stdout, a frame would go out in pieces: stdout buffers 1 KiB, and
/// ratatui's crossterm backend flushes again after showing and after placing the cursor, so a
/// terminal could show half a frame. Here `flush` keeps the bytes and [`FrameWriter::send`]
/// writes them. The buffer keeps its capacity, so frames after the first allocate nothing.
#[derive(Clone, Default)]
pub struct FrameWriter {
    frame: Rc<RefCell<Vec<u8>>>,
}

impl FrameWriter {
    /// Writes the frame collected so far to stdout, and flushes it.
    fn send(&self) -> io::Result<()> {
        let mut frame = self.frame.borrow_mut();
        if frame.is_empty() {
            return Ok(());
        }
        let mut out = stdout().lock();
        let sent = out.write_all(&frame).and_then(|()| out.flush());
        frame.clear();
        sent
    }
}

impl Write for FrameWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.frame.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    /// Keeps the bytes: the loop sends the frame once it is complete.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl TerminalGuard {
    fn enter() -> io::Result<TerminalGuard> {
        PANIC_HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                if OWNS_TERMINAL.with(std::cell::Cell::get) {
                    restore();
                }
                previous(info);
            }));
        });
        OWNS_TERMINAL.with(|owns| owns.set(true));
        ACTIVE.store(true, Ordering::SeqCst);
        let frame = FrameWriter::default();
        let entered = enable_raw_mode()
            .and_then(|()| execute!(stdout(), EnterAlternateScreen, MouseReporting(true)))
            .and_then(|()| {
                let backend = CompactBackend::new(frame.clone());
                let size = backend.size()?;
                // The size is asked once: the loop resizes the screen on a resize event.
                Ok(Screen::new(
                    backend,
                    Rect::new(0, 0, size.width, size.height),
                ))
            });
        match entered {
            Ok(terminal) => Ok(TerminalGuard { terminal, frame }),
            Err(err) => {
                restore();
                Err(err)
            }
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// [`restore`] for the signal watcher: the loop's thread may hold the stdout lock (stuck in a
/// write), so this writes to the terminal through a file of its own.
fn restore_via_tty() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    if let Ok(mut tty) = OpenOptions::new().write(true).open("/dev/tty") {
        let _ = execute!(tty, MouseReporting(false), LeaveAlternateScreen, Show);
    }
    let _ = disable_raw_mode();
}

/// Puts the terminal back as it was: mouse reporting off, main screen, cursor shown, cooked
/// mode. Errors are ignored: after a hangup there is no terminal left to restore.
fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = execute!(stdout(), MouseReporting(false), LeaveAlternateScreen, Show);
    let _ = disable_raw_mode();
}

/// Mouse reporting of presses, releases and the wheel (1000), in the SGR encoding (1006).
struct MouseReporting(bool);

/// Turns on button-press reporting, then its SGR encoding.
pub const MOUSE_ON: &str = "\x1b[?1000h\x1b[?1006h";
/// Turns both off again, in the reverse order.
pub const MOUSE_OFF: &str = "\x1b[?1006l\x1b[?1000l";

impl Command for MouseReporting {
    fn write_ansi(&self, f: &mut impl fmt::Write) -> fmt::Result {
        f.write_str(if self.0 { MOUSE_ON } else { MOUSE_OFF })
    }
}

/// The terminal in raw mode (no echo) while a PIN is typed, and put back on drop. SIGTERM,
/// SIGINT, SIGHUP or SIGQUIT meanwhile (a kill, a closed window) put it back too before the
/// process ends with 128 + signal: a shell must not be left without echo.
///
/// SIGTSTP (`kill -TSTP`; Ctrl+Z is a plain key in raw mode) is handled as `passwd`, `sudo`
/// and OpenSSH's readpassphrase handle it: the terminal is put back, the process stops as the
/// signal's default would stop it, and echo goes off again once it is continued (`fg`), so
/// that the shell has its echo while the PIN prompt waits, and the digits typed before the
/// stop are kept.
pub struct EchoOff {
    handle: signal_hook::iterator::Handle,
    watcher: Option<std::thread::JoinHandle<()>>,
}

impl EchoOff {
    pub fn enter() -> anyhow::Result<EchoOff> {
        use ratatui::crossterm::terminal::{disable_raw_mode, enable_raw_mode};
        use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
        // Listening first, so that no signal finds the terminal raw and nobody to restore it.
        let mut signals =
            signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGTSTP])
                .context("listening for signals")?;
        let handle = signals.handle();
        let watcher = std::thread::Builder::new()
            .name("painpath-pin-signals".into())
            .spawn(move || {
                for signal in signals.forever() {
                    if signal == SIGTSTP {
                        let _ = disable_raw_mode();
                        // Stops the process (SIGSTOP); returns once it is continued.
                        let _ = signal_hook::low_level::emulate_default_handler(SIGTSTP);
                        let _ = enable_raw_mode();
                        continue;
                    }
                    let _ = disable_raw_mode();
                    let name = match signal {
                        SIGTERM => "SIGTERM",
                        SIGINT => "SIGINT",
                        SIGHUP => "SIGHUP",
                        _ => "SIGQUIT",
                    };
                    let _ = writeln!(
                        io::stderr(),
                        "\r\npainpath: stopped by {name}; nothing was printed"
                    );
                    std::process::exit(128 + signal);
                }
            })
            .context("listening for signals")?;
        let guard = EchoOff {
            handle,
            watcher: Some(watcher),
        };
        enable_raw_mode()?;
        Ok(guard)
    }
}

impl Drop for EchoOff {
    fn drop(&mut self) {
        // The watcher first: continued after a SIGTSTP, it turns echo off again, which must
        // not come after the terminal is put back here.
        self.handle.close();
        if let Some(watcher) = self.watcher.take() {
            let _ = watcher.join();
        }
        let _ = ratatui::crossterm::terminal::disable_raw_mode();
    }
}
