//! `painpath inbox DIR` in a real pseudo-terminal: a hand-off written into the folder while it
//! runs shows up within a second, is opened and marked done, and the terminal is left as it
//! was found. Waits poll the parsed screen against a deadline; nothing sleeps for a fixed time.

#![cfg(unix)]

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::pty::{MOUSE_OFF, MOUSE_ON, Pty};
use painpath::content::model::Questionnaire;
use painpath::engine::session::{Answer, Session};
use painpath::handoff::spool;
use time::OffsetDateTime;

/// How soon a new hand-off must be on screen.
const APPEARS_WITHIN: Duration = Duration::from_secs(1);

/// Starts `painpath inbox DIR` and waits for the empty inbox with mouse reporting on.
fn start(dir: &Path) -> Pty {
    let inbox = Pty::builder().arg("inbox").arg(dir).start();
    inbox.wait_for("the empty inbox", |seen| {
        let screen = seen.parser.screen();
        screen.alternate_screen()
            && screen.mouse_protocol_mode() != vt100::MouseProtocolMode::None
            && screen.contents().contains("No assessments waiting")
    });
    inbox
}

/// Main screen, mouse reporting (1000) and its SGR encoding (1006) off, cursor shown; and no
/// mouse mode but those two was ever turned on (the shared terminal layer writes them by hand,
/// as for the questionnaire and the kiosk).
fn assert_restored(inbox: &Pty) {
    inbox.assert_restored();
    inbox.assert_mouse_sequences(&[MOUSE_ON, MOUSE_OFF].concat());
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
    let mut inbox = start(dir.path());
    let sent = send_emergency(dir.path());
    let written = Instant::now();
    let shown = inbox.wait_for_within(
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
    assert_restored(&inbox);
}

#[test]
fn sigterm_restores_the_terminal_and_exits_143() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut inbox = start(dir.path());
    inbox.signal("TERM");
    assert_eq!(inbox.exit_code(), 143);
    assert_restored(&inbox);
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
