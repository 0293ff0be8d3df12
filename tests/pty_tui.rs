//! The built binary in a real pseudo-terminal: keys and clicks in, screen states out (through a
//! vt100 parser), and the terminal left as it was found on every way out. Waits poll the
//! parsed screen against a deadline; nothing sleeps for a fixed time.

#![cfg(unix)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::process::Command;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use painpath::content::model::Urgency;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const DEADLINE: Duration = Duration::from_secs(10);

/// What the reader thread has seen of the terminal.
struct Seen {
    parser: vt100::Parser,
    /// The child closed its side of the terminal (it exited).
    closed: bool,
    /// The test wants the terminal gone once the welcome screen is fully drawn: the reader
    /// then drops its end of the pty.
    hang_up_at_welcome: bool,
}

struct Tui {
    seen: Arc<(Mutex<Seen>, Condvar)>,
    writer: Option<Box<dyn Write + Send>>,
    child: Option<Box<dyn Child + Send + Sync>>,
    // Kept open: dropping the master side hangs the child up.
    master: Option<Box<dyn MasterPty + Send>>,
}

impl Tui {
    fn spawn(extra_args: &[&str], env: &[(&str, &str)], hang_up_at_welcome: bool) -> Tui {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_painpath"));
        command.args(["--questions", "tests/fixtures/small.toml"]);
        command.cwd(env!("CARGO_MANIFEST_DIR"));
        command.env("TERM", "xterm-256color");
        command.env_remove("NO_COLOR");
        command.args(extra_args);
        for (key, value) in env {
            command.env(key, value);
        }
        let child = pair.slave.spawn_command(command).expect("spawn painpath");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let seen = Arc::new((
            Mutex::new(Seen {
                parser: vt100::Parser::new(
                    NonZeroU16::new(24).expect("24"),
                    NonZeroU16::new(80).expect("80"),
                    0,
                ),
                closed: false,
                hang_up_at_welcome,
            }),
            Condvar::new(),
        ));
        let shared = Arc::clone(&seen);
        thread::spawn(move || {
            let mut buf = [0u8; 4096];
            loop {
                let n = reader.read(&mut buf).unwrap_or(0);
                let (lock, changed) = &*shared;
                let mut seen = lock.lock().expect("screen lock");
                if n == 0 {
                    seen.closed = true;
                    changed.notify_all();
                    return;
                }
                seen.parser.process(&buf[..n]);
                changed.notify_all();
                if seen.hang_up_at_welcome && welcome_drawn(seen.parser.screen()) {
                    return;
                }
            }
        });
        Tui {
            seen,
            writer: Some(writer),
            child: Some(child),
            master: Some(pair.master),
        }
    }

    /// Waits until `ready` holds for the screen, or fails with the screen as it is.
    fn wait_for(&self, what: &str, ready: impl Fn(&Seen) -> bool) {
        let (lock, changed) = &*self.seen;
        let deadline = Instant::now() + DEADLINE;
        let mut seen = lock.lock().expect("screen lock");
        while !ready(&seen) {
            let now = Instant::now();
            if now >= deadline {
                panic!(
                    "timed out waiting for {what}; the screen shows:\n{}",
                    seen.parser.screen().contents()
                );
            }
            seen = changed
                .wait_timeout(seen, deadline - now)
                .expect("screen lock")
                .0;
        }
    }

    fn wait_for_text(&self, text: &str) {
        self.wait_for(&format!("{text:?}"), |seen| {
            seen.parser.screen().contents().contains(text)
        });
    }

    /// Waits until a whole screen row reads `text` (leading and trailing blanks aside).
    fn wait_for_row(&self, text: &str) {
        self.wait_for(&format!("a row {text:?}"), |seen| {
            seen.parser
                .screen()
                .rows(0, 80)
                .any(|row| row.trim() == text)
        });
    }

    fn send(&mut self, bytes: &str) {
        let writer = self.writer.as_mut().expect("pty still open");
        writer.write_all(bytes.as_bytes()).expect("write to pty");
        writer.flush().expect("flush pty");
    }

    /// A left click at a 0-based cell, in the SGR encoding crossterm asks for.
    fn click(&mut self, column: u16, row: u16) {
        let (x, y) = (column + 1, row + 1);
        self.send(&format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m"));
    }

    /// Waits for the process to exit and returns its exit code.
    fn exit_code(&mut self) -> u32 {
        self.wait_for("the process to exit", |seen| seen.closed);
        self.wait_exit()
    }

    /// Waits (up to the deadline) for the process to end; fails if it is killed by a signal.
    fn wait_exit(&mut self) -> u32 {
        let mut child = self.child.take().expect("child still there");
        let (done, exited) = std::sync::mpsc::channel();
        let pid = child.process_id();
        thread::spawn(move || {
            let _ = done.send(child.wait());
        });
        let status = match exited.recv_timeout(DEADLINE) {
            Ok(status) => status.expect("wait for painpath"),
            Err(_) => {
                if let Some(pid) = pid {
                    let _ = Command::new("kill")
                        .args(["-KILL", &pid.to_string()])
                        .status();
                }
                panic!("painpath did not exit within {DEADLINE:?}");
            }
        };
        assert_eq!(status.signal(), None, "killed by a signal: {status:?}");
        status.exit_code()
    }

    /// Asserts the terminal was left as found: main screen, no mouse reporting, cursor shown.
    fn assert_restored(&self) {
        let (lock, _) = &*self.seen;
        let seen = lock.lock().expect("screen lock");
        let screen = seen.parser.screen();
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse reporting left on"
        );
        assert_eq!(
            screen.mouse_protocol_encoding(),
            vt100::MouseProtocolEncoding::Default,
            "SGR mouse encoding (1006) left on"
        );
        assert!(!screen.hide_cursor(), "cursor left hidden");
    }

    fn signal(&self, name: &str) {
        let pid = self
            .child
            .as_ref()
            .and_then(|c| c.process_id())
            .expect("child pid");
        let status = Command::new("kill")
            .args([format!("-{name}"), pid.to_string()])
            .status()
            .expect("run kill");
        assert!(status.success());
    }

    /// Starts the TUI and waits for the welcome screen with mouse reporting on.
    fn started() -> Tui {
        Tui::started_with(&[], &[])
    }

    fn started_with(extra_args: &[&str], env: &[(&str, &str)]) -> Tui {
        let tui = Tui::spawn(extra_args, env, false);
        tui.wait_for("the welcome screen", |seen| {
            let screen = seen.parser.screen();
            screen.alternate_screen()
                && screen.mouse_protocol_mode() != vt100::MouseProtocolMode::None
                && screen.contents().contains("Welcome")
        });
        tui
    }
}

impl Drop for Tui {
    /// A failed test must not leave painpath running.
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut()
            && let Ok(None) = child.try_wait()
        {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

const ENTER: &str = "\r";
const LEFT: &str = "\x1b[D";

#[test]
fn answer_to_a_result_then_quit_restores_the_terminal() {
    let mut tui = Tui::started();
    tui.send(ENTER);
    tui.wait_for_text("Any of these?");
    tui.send("3");
    tui.wait_for_text("[x] 3. None of these");
    tui.send(ENTER);
    tui.wait_for_text("Where is the pain?");
    // Knee, then back: the answer is kept.
    tui.send("3");
    tui.wait_for_text("(•) 3. Knee");
    tui.send(ENTER);
    tui.wait_for_text("Check your answers");
    tui.send(LEFT);
    tui.wait_for_text("› (•) 3. Knee");
    // The terminal cursor sits on the selected option, shown, for screen readers.
    tui.wait_for("the cursor on Knee (row 7)", |seen| {
        let screen = seen.parser.screen();
        screen.cursor_position() == (7, 1) && !screen.hide_cursor()
    });
    // Change it with the mouse: Hip is on row 6; one click chooses, a second confirms.
    tui.click(10, 6);
    tui.wait_for_text("› (•) 2. Hip");
    tui.click(10, 6);
    tui.wait_for_text("Is there groin pain?");
    tui.send("y");
    tui.wait_for_text("› (•) 1. Yes");
    tui.send(ENTER);
    tui.wait_for_text("Check your answers");
    tui.send(ENTER);
    tui.wait_for_text("Your result");
    // Whole rows, so that a half-drawn frame cannot pass.
    tui.wait_for_row(Urgency::SelfCare.label());
    tui.wait_for_row("Hip");
    tui.wait_for_row("H.");
    tui.send("q");
    tui.wait_for_text("Quit painpath?");
    tui.send("y");
    assert_eq!(tui.exit_code(), 0);
    tui.assert_restored();
    tui.wait_for_text("Your result: Hip");
}

#[test]
fn ctrl_c_quits_at_once_and_restores_the_terminal() {
    let mut tui = Tui::started();
    tui.send(ENTER);
    tui.wait_for_text("Any of these?");
    tui.send("\x03");
    assert_eq!(tui.exit_code(), 0);
    tui.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal_and_exits_143() {
    let mut tui = Tui::started();
    tui.send(ENTER);
    tui.wait_for_text("Any of these?");
    tui.signal("TERM");
    assert_eq!(tui.exit_code(), 143);
    tui.assert_restored();
    tui.wait_for_text("painpath: stopped by SIGTERM");
}

#[test]
fn sighup_restores_the_terminal_and_exits_129() {
    let mut tui = Tui::started();
    tui.signal("HUP");
    assert_eq!(tui.exit_code(), 129);
    tui.assert_restored();
}

#[test]
fn sigint_restores_the_terminal_and_exits_130() {
    let mut tui = Tui::started();
    tui.signal("INT");
    assert_eq!(tui.exit_code(), 130);
    tui.assert_restored();
}

/// Every cell's colours, as the terminal saw them.
fn colours(tui: &Tui) -> Vec<(vt100::Color, vt100::Color)> {
    let (lock, _) = &*tui.seen;
    let seen = lock.lock().expect("screen lock");
    let screen = seen.parser.screen();
    let mut colours = Vec::new();
    for row in 0..24 {
        for column in 0..80 {
            if let Some(cell) = screen.cell(row, column) {
                colours.push((cell.fgcolor(), cell.bgcolor()));
            }
        }
    }
    colours
}

#[test]
fn no_color_env_draws_without_colour() {
    let mut tui = Tui::started_with(&[], &[("NO_COLOR", "1")]);
    tui.send(ENTER);
    tui.wait_for_row("Any of these?");
    tui.wait_for_text("Space tick");
    let default = (vt100::Color::Default, vt100::Color::Default);
    assert!(colours(&tui).iter().all(|c| *c == default));
    tui.send("\x03");
    assert_eq!(tui.exit_code(), 0);
}

#[test]
fn high_contrast_theme_is_chosen_by_flag() {
    let mut tui = Tui::started_with(&["--theme", "high-contrast"], &[]);
    tui.send(ENTER);
    tui.wait_for_row("Any of these?");
    tui.wait_for_text("Space tick");
    // The body is white on black; the standard theme leaves the terminal's own colours.
    let white_on_black = colours(&tui)
        .iter()
        .filter(|(_, bg)| *bg == vt100::Color::Idx(0))
        .count();
    assert!(white_on_black > 80 * 10, "{white_on_black} cells on black");
    tui.send("\x03");
    assert_eq!(tui.exit_code(), 0);
}

#[test]
fn closing_the_terminal_ends_painpath_with_129() {
    let mut tui = Tui::spawn(&[], &[], true);
    tui.wait_for("the welcome screen", |seen| {
        welcome_drawn(seen.parser.screen())
    });
    // The window closes while painpath waits for input: every handle on the pty's master side
    // goes away (the reader has let go of its own), as on a real hangup.
    tui.writer = None;
    tui.master = None;
    assert_eq!(tui.wait_exit(), 129);
}

/// The welcome screen is up and its frame finished (the cursor is placed last).
fn welcome_drawn(screen: &vt100::Screen) -> bool {
    screen.alternate_screen()
        && screen.contents().contains("[ Start ]")
        && screen.cursor_position() == (2, 1)
}
