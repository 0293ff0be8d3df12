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

mod common;

use std::ops::{Deref, DerefMut};
use std::path::Path;
use std::process::Command;

use common::pty::Pty;

/// painpath in a pty, and the pty's settings from before it started.
struct Terminal {
    pty: Pty,
    /// `stty -g` of the pty before painpath started.
    termios_before: String,
}

impl Deref for Terminal {
    type Target = Pty;

    fn deref(&self) -> &Pty {
        &self.pty
    }
}

impl DerefMut for Terminal {
    fn deref_mut(&mut self) -> &mut Pty {
        &mut self.pty
    }
}

/// The pty's settings as `stty` prints them: `-g` (to compare) or `-a` (to read flags).
fn stty(tty: &Path, flag: &str) -> String {
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

impl Terminal {
    fn spawn(questions: &str, env: &[(&str, &str)]) -> Terminal {
        Terminal::spawn_with(questions, env, false)
    }

    /// With `hang_up_at_welcome`, the reader drops its end of the pty once the welcome screen
    /// is drawn, so that the test can close the terminal (a reader blocked in `read` would
    /// keep it open).
    fn spawn_with(questions: &str, env: &[(&str, &str)], hang_up_at_welcome: bool) -> Terminal {
        let mut builder = Pty::builder()
            .args(["--questions", questions])
            .env("RUST_BACKTRACE", "0")
            .envs(env);
        if hang_up_at_welcome {
            builder = builder.hang_up_when(welcome_drawn);
        }
        let (pty, termios_before) = builder.start_with(|tty| {
            let before = stty(tty, "-g");
            assert!(!is_raw(&stty(tty, "-a")), "a new pty starts cooked");
            before
        });
        Terminal {
            pty,
            termios_before,
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
        let settings = stty(self.tty(), "-a");
        assert!(
            is_raw(&settings),
            "not in raw mode while running: {settings}"
        );
    }

    /// The terminal is as it was found: main screen, mouse reporting off, cursor shown, and
    /// the pty's termios exactly as before painpath started (so raw mode is off).
    fn assert_restored(&self) {
        self.pty.assert_restored();
        let settings = stty(self.tty(), "-a");
        assert!(!is_raw(&settings), "raw mode left on: {settings}");
        assert_eq!(
            stty(self.tty(), "-g"),
            self.termios_before,
            "terminal settings differ from before the run"
        );
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
    let mut pty = Terminal::spawn(SMALL, &[]);
    pty.wait_for_welcome();
    pty.send("\r");
    pty.wait_for("the first question", |seen| {
        seen.parser.screen().contents().contains("Any of these?")
    });
    pty.signal(signal);
    assert_eq!(pty.exit_code(), status);
    pty.assert_restored();
    assert!(
        pty.contents()
            .contains(&format!("painpath: stopped by SIG{signal}")),
        "no message on the main screen:\n{}",
        pty.contents()
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
    let mut pty = Terminal::spawn_with(SMALL, &[], true);
    pty.wait_for_welcome();
    // Every handle on the master side goes away, as when a terminal window closes. The reader
    // thread's clone goes when it reads the end of the output.
    pty.close_terminal();
    assert_eq!(pty.wait_exit(), 129);
}

#[test]
fn a_questions_file_that_fails_to_load_leaves_the_terminal_untouched() {
    let mut pty = Terminal::spawn("tests/fixtures/broken/unknown_goto.toml", &[]);
    assert_eq!(pty.exit_code(), 1);
    let raw = pty.raw();
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
        stty(pty.tty(), "-g"),
        pty.termios_before,
        "terminal settings changed"
    );
}

#[cfg(feature = "fault-injection")]
#[test]
fn a_panic_while_drawing_leaves_the_terminal_restored_and_exits_101() {
    let mut pty = Terminal::spawn(SMALL, &[("PAINPATH_FAULT", "panic-draw")]);
    // The first frame panics, so the setup and the restore may come in one read: look for the
    // setup in the raw output rather than on the screen.
    assert_eq!(pty.exit_code(), 101);
    let raw = String::from_utf8_lossy(&pty.raw()).into_owned();
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
        pty.contents().contains("fault injected at panic-draw"),
        "no panic message on the main screen:\n{}",
        pty.contents()
    );
}

#[cfg(feature = "fault-injection")]
#[test]
fn sigterm_while_the_loop_hangs_still_restores_and_exits_143() {
    let mut pty = Terminal::spawn(SMALL, &[("PAINPATH_FAULT", "stall-draw")]);
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
    let mut pty = Terminal::spawn(SMALL, &[]);
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
    pty.send("\x03\x03");
    assert_eq!(pty.exit_code(), 0);
    pty.assert_restored();
}

#[test]
fn sigquit_leaves_the_terminal_restored_and_exits_131() {
    // Its default would dump core with the terminal still raw.
    signal_restores_and_exits("QUIT", 131);
}

/// `painpath kiosk-pin` killed while it waits for the PIN, with echo off: the shell it
/// leaves must have echo back, and the exit status says which signal it was.
#[test]
fn kiosk_pin_killed_at_its_prompt_turns_echo_back_on() {
    for (signal, status) in [("TERM", 143), ("INT", 130), ("HUP", 129), ("QUIT", 131)] {
        let (mut pty, before) = Pty::builder()
            .arg("kiosk-pin")
            .start_with(|tty| stty(tty, "-g"));
        pty.wait_for_text("New staff PIN");
        // The prompt comes just before echo goes off: wait for that.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !stty(pty.tty(), "-a")
            .split_whitespace()
            .any(|w| w == "-echo")
        {
            assert!(std::time::Instant::now() < deadline, "echo never went off");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        pty.send("12");
        pty.signal(signal);
        assert_eq!(pty.exit_code(), status, "SIG{signal}");
        let settings = stty(pty.tty(), "-a");
        assert!(
            settings.split_whitespace().any(|w| w == "echo"),
            "SIG{signal} left echo off: {settings}"
        );
        assert_eq!(
            stty(pty.tty(), "-g"),
            before,
            "SIG{signal}: settings differ"
        );
        assert!(
            pty.contents().contains(&format!("stopped by SIG{signal}")),
            "{}",
            pty.contents()
        );
    }
}
