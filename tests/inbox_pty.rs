//! `painpath inbox DIR` in a real pseudo-terminal: a hand-off written into the folder while it
//! runs shows up within a second, is opened and marked done, and the terminal is left as it
//! was found. Waits poll the parsed screen against a deadline; nothing sleeps for a fixed time.

#![cfg(unix)]

use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use painpath::content::model::Questionnaire;
use painpath::engine::session::{Answer, Session};
use painpath::handoff::spool;
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use time::OffsetDateTime;

const DEADLINE: Duration = Duration::from_secs(10);

/// How soon a new hand-off must be on screen.
const APPEARS_WITHIN: Duration = Duration::from_secs(1);

struct Seen {
    parser: vt100::Parser,
    /// Everything painpath wrote, for the escape sequences the parser does not keep.
    raw: Vec<u8>,
    closed: bool,
}

struct Inbox {
    seen: Arc<(Mutex<Seen>, Condvar)>,
    writer: Box<dyn Write + Send>,
    child: Option<Box<dyn Child + Send + Sync>>,
    // Kept open: dropping the master side hangs the child up.
    _master: Box<dyn MasterPty + Send>,
}

impl Inbox {
    fn start(dir: &Path) -> Inbox {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_painpath"));
        command.arg("inbox");
        command.arg(dir);
        command.env("TERM", "xterm-256color");
        command.env_remove("NO_COLOR");
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
                raw: Vec::new(),
                closed: false,
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
                seen.raw.extend_from_slice(&buf[..n]);
                changed.notify_all();
            }
        });
        let inbox = Inbox {
            seen,
            writer,
            child: Some(child),
            _master: pair.master,
        };
        inbox.wait_for("the empty inbox", DEADLINE, |seen| {
            let screen = seen.parser.screen();
            screen.alternate_screen()
                && screen.mouse_protocol_mode() != vt100::MouseProtocolMode::None
                && screen.contents().contains("No assessments waiting")
        });
        inbox
    }

    /// Waits until `ready` holds, or fails with the screen as it is. Returns when it held.
    fn wait_for(&self, what: &str, limit: Duration, ready: impl Fn(&Seen) -> bool) -> Instant {
        let (lock, changed) = &*self.seen;
        let deadline = Instant::now() + limit;
        let mut seen = lock.lock().expect("screen lock");
        loop {
            if ready(&seen) {
                return Instant::now();
            }
            let now = Instant::now();
            if now >= deadline {
                panic!(
                    "timed out after {limit:?} waiting for {what}; the screen shows:\n{}",
                    seen.parser.screen().contents()
                );
            }
            seen = changed
                .wait_timeout(seen, deadline - now)
                .expect("screen lock")
                .0;
        }
    }

    fn wait_for_text(&self, text: &str) -> Instant {
        self.wait_for(&format!("{text:?}"), DEADLINE, |seen| {
            seen.parser.screen().contents().contains(text)
        })
    }

    fn send(&mut self, bytes: &str) {
        self.writer
            .write_all(bytes.as_bytes())
            .expect("write to pty");
        self.writer.flush().expect("flush pty");
    }

    /// A left click at a 0-based cell, in the SGR encoding crossterm asks for.
    fn click(&mut self, column: u16, row: u16) {
        let (x, y) = (column + 1, row + 1);
        self.send(&format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m"));
    }

    /// Waits for the process to exit and returns its exit code.
    fn exit_code(&mut self) -> u32 {
        self.wait_for("the process to exit", DEADLINE, |seen| seen.closed);
        let mut child = self.child.take().expect("child still there");
        let (done, exited) = std::sync::mpsc::channel();
        thread::spawn(move || {
            let _ = done.send(child.wait());
        });
        let status = exited
            .recv_timeout(DEADLINE)
            .expect("painpath exits")
            .expect("wait for painpath");
        status.exit_code()
    }

    /// Main screen, mouse reporting (1000) and its SGR encoding (1006) off, cursor shown; and
    /// no mouse mode but those two was ever turned on (the shared terminal layer writes them
    /// by hand, as for the questionnaire and the kiosk).
    fn assert_restored(&self) {
        let (lock, _) = &*self.seen;
        let seen = lock.lock().expect("screen lock");
        let screen = seen.parser.screen();
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse reporting (1000) left on"
        );
        assert_eq!(
            screen.mouse_protocol_encoding(),
            vt100::MouseProtocolEncoding::Default,
            "SGR mouse encoding (1006) left on"
        );
        assert!(!screen.hide_cursor(), "cursor left hidden");
        let raw = String::from_utf8_lossy(&seen.raw);
        for on in ["\x1b[?1000h", "\x1b[?1006h", "\x1b[?1000l", "\x1b[?1006l"] {
            assert!(raw.contains(on), "{on:?} never sent");
        }
        for never in ["\x1b[?1002h", "\x1b[?1003h", "\x1b[?1015h"] {
            assert!(!raw.contains(never), "{never:?} turned on");
        }
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
}

impl Drop for Inbox {
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

fn small() -> Questionnaire {
    let text = include_str!("fixtures/small.toml");
    match painpath::content::validate::load("tests/fixtures/small.toml", text) {
        Ok(q) => q,
        Err(err) => panic!("{err}"),
    }
}

/// A hand-off the way the kiosk sends one: the emergency answer.
fn send_emergency(dir: &Path) -> spool::Handoff {
    let q = small();
    let mut session = Session::new(&q);
    session.answer(Answer::many([0])).expect("flags answered");
    let assessment = session.assessment().expect("an emergency result");
    spool::send(dir, &q, &assessment, OffsetDateTime::now_utc()).expect("sent")
}

#[test]
fn a_hand_off_appears_within_a_second_is_opened_marked_done_and_quit_restores() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut inbox = Inbox::start(dir.path());
    let sent = send_emergency(dir.path());
    let written = Instant::now();
    let shown = inbox.wait_for(
        &format!("{} on screen", sent.code),
        APPEARS_WITHIN,
        |seen| {
            let contents = seen.parser.screen().contents();
            contents.contains(&sent.code) && contents.contains("!! EMERGENCY")
        },
    );
    // Measured, for the record (`cargo test --test inbox_pty -- --nocapture`).
    eprintln!(
        "inbox: {} on screen {:?} after it was written",
        sent.code,
        shown - written
    );
    // A click on the entry (the first row of the list, row 3) opens it.
    inbox.click(4, 3);
    inbox.wait_for_text("# Small test questionnaire: your summary");
    inbox.send("\x1b");
    inbox.wait_for_text("1 waiting");
    inbox.send("\r");
    inbox.wait_for_text("# Small test questionnaire: your summary");
    inbox.send("d");
    inbox.wait_for_text(&format!("Mark {} (!! EMERGENCY) done?", sent.code));
    inbox.send("y");
    inbox.wait_for_text("No assessments waiting");
    inbox.wait_for_text(&format!("{} marked done", sent.code));
    let done = dir.path().join(spool::DONE_FOLDER);
    assert!(done.join(format!("{}.md", sent.code)).exists());
    assert!(done.join(format!("{}.json", sent.code)).exists());
    inbox.send("q");
    assert_eq!(inbox.exit_code(), 0);
    inbox.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal_and_exits_143() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut inbox = Inbox::start(dir.path());
    inbox.signal("TERM");
    assert_eq!(inbox.exit_code(), 143);
    inbox.assert_restored();
    inbox.wait_for_text("painpath: stopped by SIGTERM");
}

#[test]
fn a_missing_folder_is_a_clear_error_and_the_terminal_is_not_touched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let missing = dir.path().join("nope");
    let output = Command::new(env!("CARGO_BIN_EXE_painpath"))
        .arg("inbox")
        .arg(&missing)
        .output()
        .expect("painpath runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "the spool folder {} does not exist",
            missing.display()
        )),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "nothing drawn");
}
