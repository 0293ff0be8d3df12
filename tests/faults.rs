//! Faults in a real pseudo-terminal: a panic while drawing, a loop that hangs, SIGTERM, SIGHUP,
//! SIGINT and the terminal closing. Each must leave the terminal as it was found (main screen,
//! cursor shown, mouse reporting off, and the pty's termios back out of raw mode, read from
//! the pty itself with `stty`) and exit with the documented status. A questions file that
//! fails to load must leave the terminal untouched.
//!
//! A resize is checked here too: the loop, not a per-frame size query, tells the terminal
//! its new size, so a missed resize would leave a frame of the old size.
//!
//! The panic and the hang come from fault points compiled in only with the `fault-injection`
//! feature (`cargo test --all-features`); the other faults need no feature.

#![cfg(unix)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const DEADLINE: Duration = Duration::from_secs(10);

/// Everything the child wrote, raw and as a parsed screen.
struct Seen {
    raw: Vec<u8>,
    parser: vt100::Parser,
    closed: bool,
    /// The reader drops its end of the pty once the welcome screen is drawn, so that the test
    /// can close the terminal (a reader blocked in `read` would keep it open).
    hang_up_at_welcome: bool,
}

struct Pty {
    seen: Arc<(Mutex<Seen>, Condvar)>,
    writer: Option<Box<dyn Write + Send>>,
    child: Option<Box<dyn Child + Send + Sync>>,
    master: Option<Box<dyn MasterPty + Send>>,
    /// The pty's slave side, for `stty -F`.
    tty: PathBuf,
    /// `stty -g` of the pty before painpath started.
    termios_before: String,
}

/// The pty's settings as `stty` prints them: `-g` (to compare) or `-a` (to read flags).
fn stty(tty: &PathBuf, flag: &str) -> String {
    let output = Command::new("stty")
        .arg(flag)
        .arg("-F")
        .arg(tty)
        .output()
        .expect("run stty");
    assert!(
        output.status.success(),
        "stty {flag} -F {}: {}",
        tty.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// Whether `stty -a` shows a raw terminal: no line editing, no echo, no signals from keys.
fn is_raw(settings: &str) -> bool {
    let words: Vec<&str> = settings.split_whitespace().collect();
    ["-icanon", "-echo", "-isig"]
        .iter()
        .all(|flag| words.contains(flag))
}

impl Pty {
    fn spawn(questions: &str, env: &[(&str, &str)]) -> Pty {
        Pty::spawn_with(questions, env, false)
    }

    fn spawn_with(questions: &str, env: &[(&str, &str)], hang_up_at_welcome: bool) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let tty = pair.master.tty_name().expect("the pty's slave path");
        let termios_before = stty(&tty, "-g");
        assert!(!is_raw(&stty(&tty, "-a")), "a new pty starts cooked");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_painpath"));
        command.args(["--questions", questions]);
        command.cwd(env!("CARGO_MANIFEST_DIR"));
        command.env("TERM", "xterm-256color");
        command.env_remove("NO_COLOR");
        command.env_remove("PAINPATH_FAULT");
        command.env("RUST_BACKTRACE", "0");
        for (key, value) in env {
            command.env(key, value);
        }
        let child = pair.slave.spawn_command(command).expect("spawn painpath");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let seen = Arc::new((
            Mutex::new(Seen {
                raw: Vec::new(),
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
                seen.raw.extend_from_slice(&buf[..n]);
                seen.parser.process(&buf[..n]);
                changed.notify_all();
                if seen.hang_up_at_welcome && welcome_drawn(seen.parser.screen()) {
                    return;
                }
            }
        });
        Pty {
            seen,
            writer: Some(writer),
            child: Some(child),
            master: Some(pair.master),
            tty,
            termios_before,
        }
    }

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

    /// Waits for the welcome screen, fully drawn, in raw mode.
    fn wait_for_welcome(&self) {
        self.wait_for("the welcome screen", |seen| {
            welcome_drawn(seen.parser.screen())
        });
        self.assert_raw();
    }

    /// Waits until the TUI has taken the terminal: alternate screen and mouse reporting on.
    #[cfg(feature = "fault-injection")]
    fn wait_for_setup(&self) {
        self.wait_for("the alternate screen with mouse reporting", |seen| {
            let screen = seen.parser.screen();
            screen.alternate_screen()
                && screen.mouse_protocol_mode() != vt100::MouseProtocolMode::None
        });
    }

    /// The terminal is in raw mode now: the checks below can see the difference.
    fn assert_raw(&self) {
        let settings = stty(&self.tty, "-a");
        assert!(
            is_raw(&settings),
            "not in raw mode while running: {settings}"
        );
    }

    fn send(&mut self, bytes: &str) {
        let writer = self.writer.as_mut().expect("pty still open");
        writer.write_all(bytes.as_bytes()).expect("write to pty");
        writer.flush().expect("flush pty");
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

    /// Waits (up to the deadline) for the process to end and returns its exit status; fails
    /// if a signal killed it.
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

    /// Waits for the exit and for all output to be read, and returns the exit status.
    fn exit_code(&mut self) -> u32 {
        let code = self.wait_exit();
        self.wait_for("the output to end", |seen| seen.closed);
        code
    }

    /// The terminal is as it was found: main screen, mouse reporting off, cursor shown, and
    /// the pty's termios exactly as before painpath started (so raw mode is off).
    fn assert_restored(&self) {
        {
            let (lock, _) = &*self.seen;
            let seen = lock.lock().expect("screen lock");
            let screen = seen.parser.screen();
            assert!(!screen.alternate_screen(), "still on the alternate screen");
            assert_eq!(
                screen.mouse_protocol_mode(),
                vt100::MouseProtocolMode::None,
                "mouse reporting left on"
            );
            assert!(!screen.hide_cursor(), "cursor left hidden");
        }
        let settings = stty(&self.tty, "-a");
        assert!(!is_raw(&settings), "raw mode left on: {settings}");
        assert_eq!(
            stty(&self.tty, "-g"),
            self.termios_before,
            "terminal settings differ from before the run"
        );
    }

    /// Resizes the terminal (the parser first, so that nothing is read at the old size).
    fn resize(&self, rows: u16, cols: u16) {
        {
            let (lock, _) = &*self.seen;
            let mut seen = lock.lock().expect("screen lock");
            seen.parser.set_size(
                NonZeroU16::new(rows).expect("rows"),
                NonZeroU16::new(cols).expect("cols"),
            );
        }
        let size = PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        };
        let master = self.master.as_ref().expect("pty still open");
        master.resize(size).expect("resize the pty");
    }

    fn screen_text(&self) -> String {
        let (lock, _) = &*self.seen;
        let seen = lock.lock().expect("screen lock");
        seen.parser.screen().contents()
    }

    fn raw_output(&self) -> Vec<u8> {
        let (lock, _) = &*self.seen;
        lock.lock().expect("screen lock").raw.clone()
    }
}

impl Drop for Pty {
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

/// The welcome screen is up, mouse reporting on, and its frame finished (the cursor is placed
/// last).
fn welcome_drawn(screen: &vt100::Screen) -> bool {
    screen.alternate_screen()
        && screen.mouse_protocol_mode() != vt100::MouseProtocolMode::None
        && screen.contents().contains("[ Start ]")
        && screen.cursor_position() == (2, 1)
}

const SMALL: &str = "tests/fixtures/small.toml";

fn signal_restores_and_exits(signal: &str, status: u32) {
    let mut pty = Pty::spawn(SMALL, &[]);
    pty.wait_for_welcome();
    pty.send("\r");
    pty.wait_for("the first question", |seen| {
        seen.parser.screen().contents().contains("Any of these?")
    });
    pty.signal(signal);
    assert_eq!(pty.exit_code(), status);
    pty.assert_restored();
    assert!(
        pty.screen_text()
            .contains(&format!("painpath: stopped by SIG{signal}")),
        "no message on the main screen:\n{}",
        pty.screen_text()
    );
}

#[test]
fn sigterm_leaves_the_terminal_restored_and_exits_143() {
    signal_restores_and_exits("TERM", 143);
}

#[test]
fn sighup_leaves_the_terminal_restored_and_exits_129() {
    signal_restores_and_exits("HUP", 129);
}

#[test]
fn sigint_leaves_the_terminal_restored_and_exits_130() {
    signal_restores_and_exits("INT", 130);
}

#[test]
fn closing_the_terminal_ends_painpath_with_129() {
    let mut pty = Pty::spawn_with(SMALL, &[], true);
    pty.wait_for_welcome();
    // Every handle on the master side goes away, as when a terminal window closes. The reader
    // thread's clone goes when it reads the end of the output.
    pty.writer = None;
    pty.master = None;
    assert_eq!(pty.wait_exit(), 129);
}

#[test]
fn a_questions_file_that_fails_to_load_leaves_the_terminal_untouched() {
    let mut pty = Pty::spawn("tests/fixtures/broken/unknown_goto.toml", &[]);
    assert_eq!(pty.exit_code(), 1);
    let raw = pty.raw_output();
    let text = String::from_utf8_lossy(&raw);
    assert!(
        text.contains("unknown_goto.toml:"),
        "no load error:\n{text}"
    );
    // Not one escape sequence: no alternate screen, mouse mode, cursor change or colour.
    assert!(
        !raw.contains(&0x1b),
        "an escape sequence was written:\n{text:?}"
    );
    assert_eq!(
        stty(&pty.tty, "-g"),
        pty.termios_before,
        "terminal settings changed"
    );
}

#[cfg(feature = "fault-injection")]
#[test]
fn a_panic_while_drawing_leaves_the_terminal_restored_and_exits_101() {
    let mut pty = Pty::spawn(SMALL, &[("PAINPATH_FAULT", "panic-draw")]);
    // The first frame panics, so the setup and the restore may come in one read: look for the
    // setup in the raw output rather than on the screen.
    assert_eq!(pty.exit_code(), 101);
    let raw = String::from_utf8_lossy(&pty.raw_output()).into_owned();
    for (what, sequence) in [
        ("alternate screen", "\x1b[?1049h"),
        ("mouse", "\x1b[?1000h"),
    ] {
        assert!(
            raw.contains(sequence),
            "the TUI never set up its {what}: {raw:?}"
        );
    }
    pty.assert_restored();
    // The hook restores first, so the panic message lands on the main screen, readable.
    assert!(
        pty.screen_text().contains("fault injected at panic-draw"),
        "no panic message on the main screen:\n{}",
        pty.screen_text()
    );
}

#[cfg(feature = "fault-injection")]
#[test]
fn sigterm_while_the_loop_hangs_still_restores_and_exits_143() {
    let mut pty = Pty::spawn(SMALL, &[("PAINPATH_FAULT", "stall-draw")]);
    pty.wait_for_setup();
    pty.wait_for("the stall", |seen| {
        seen.parser
            .screen()
            .contents()
            .contains("stalled at stall-draw")
    });
    pty.assert_raw();
    // The loop never sees the signal; the watcher thread restores and exits after its grace.
    pty.signal("TERM");
    assert_eq!(pty.exit_code(), 143);
    pty.assert_restored();
}

#[test]
fn a_resize_redraws_the_whole_screen_at_the_new_size() {
    let mut pty = Pty::spawn(SMALL, &[]);
    pty.wait_for_welcome();
    pty.resize(30, 100);
    // The header's right end moves to the new right edge, and rows below 24 fill in.
    pty.wait_for("the welcome screen at 100x30", |seen| {
        let screen = seen.parser.screen();
        let rows: Vec<String> = screen.rows(0, 100).collect();
        rows.first()
            .is_some_and(|r| r.trim_end().len() > 90 && r.trim_end().ends_with("Welcome"))
            && rows.get(29).is_some_and(|r| r.contains("Enter start"))
    });
    pty.resize(10, 30);
    pty.wait_for("the note for a small window", |seen| {
        seen.parser.screen().contents().contains("Please enlarge")
    });
    pty.resize(24, 80);
    pty.wait_for("the welcome screen at 80x24 again", |seen| {
        let screen = seen.parser.screen();
        screen.contents().contains("[ Start ]") && !screen.contents().contains("enlarge")
    });
    pty.send("\x03");
    assert_eq!(pty.exit_code(), 0);
    pty.assert_restored();
}
