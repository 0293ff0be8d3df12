//! `painpath inbox DIR` in a real pseudo-terminal: a hand-off written into the folder while it
//! runs shows up within a second (watched, or polled with `--poll`), is opened and marked done,
//! and the terminal is left as it was found; a summary is drawn as a document (bold and
//! underlined in the terminal itself), wrapped again on a resize, and no escape sequence in it
//! reaches the terminal; a summary swapped for a symlink or a FIFO after
//! the folder was read is neither followed nor waited on. Waits poll the parsed screen against
//! a deadline; nothing sleeps for a fixed time.

#![cfg(unix)]

mod common;

use std::fs;
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
    start_with(dir, &[])
}

/// [`start`] with more arguments (`--poll`).
fn start_with(dir: &Path, args: &[&str]) -> Pty {
    let inbox = Pty::builder().arg("inbox").arg(dir).args(args).start();
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
    inbox.wait_for_text("Small test questionnaire: summary handed in by the patient");
    inbox.send("\x1b");
    inbox.wait_for_text("1 waiting");
    inbox.send("\r");
    inbox.wait_for_text("Small test questionnaire: summary handed in by the patient");
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

/// The row of the screen whose text starts with `text` (leading blanks aside).
fn row_of(screen: &vt100::Screen, text: &str) -> Option<u16> {
    (0..screen.size().0.get()).find(|&row| {
        screen
            .contents_between(row, 0, row, screen.size().1.get())
            .trim_start()
            .starts_with(text)
    })
}

/// Waits until a line of the summary reads `text`: a whole row, but for the scrollbar.
fn wait_for_line(inbox: &Pty, text: &str) {
    inbox.wait_for(&format!("a line {text:?}"), |seen| {
        let screen = seen.parser.screen();
        screen
            .rows(0, screen.size().1.get())
            .any(|row| row.trim_end_matches(['█', '│', ' ']).trim_start() == text)
    });
}

#[test]
fn a_summary_is_drawn_as_a_document_and_wrapped_again_when_the_window_narrows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut inbox = start(dir.path());
    let sent = send_emergency(dir.path());
    inbox.wait_for_text(&sent.code);
    inbox.send("\r");
    let title = "Small test questionnaire: summary handed in by the patient";
    wait_for_line(&inbox, title);
    {
        let seen = inbox.seen();
        let screen = seen.parser.screen();
        let contents = screen.contents();
        for mark in ["# ", "**", "> "] {
            assert!(!contents.contains(mark), "{mark:?} shown:\n{contents}");
        }
        // The terminal was told to draw the title bold and underlined, a prompt bold.
        let row = row_of(screen, title).expect("the title");
        let cell = screen.cell(row, 1).expect("a cell");
        assert!(cell.bold() && cell.underline(), "{contents}");
        let row = row_of(screen, "1. Any of these?").expect("the first answer");
        assert!(screen.cell(row, 4).expect("a cell").bold(), "{contents}");
        assert!(
            !screen.cell(row, 1).expect("a cell").bold(),
            "the number is plain"
        );
    }
    // Narrower, the title wraps under itself.
    inbox.resize(24, 50);
    wait_for_line(&inbox, "Small test questionnaire: summary handed in by");
    wait_for_line(&inbox, "the patient");
    inbox.send("q");
    assert_eq!(inbox.exit_code(), 0);
    assert_restored(&inbox);
}

#[test]
fn escape_sequences_in_a_summary_never_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut inbox = start(dir.path());
    let sent = send_emergency(dir.path());
    let text = fs::read_to_string(&sent.summary).expect("read the summary");
    let hostile = "# \u{1b}]0;owned\u{7}\u{1b}[5mblink\u{9b}7m&#27;[8m\n\n\
                   - \u{1b}]8;;http://evil\u{1b}\\link\u{1b}]8;;\u{1b}\\\n\n";
    let (front, body) = text.split_at(text.find("\n---\n").expect("front matter") + 5);
    fs::write(&sent.summary, format!("{front}{hostile}{body}")).expect("write");
    inbox.wait_for_text(&sent.code);
    inbox.send("\r");
    // vt100 draws nothing for U+FFFD (a terminal draws a replacement glyph): the words
    // around each one are on screen, and the replacement characters were sent.
    inbox.wait_for_text("]0;owned[5mblink7m[8m");
    inbox.wait_for_text("• ]8;;http://evil\\link");
    let raw = inbox.raw();
    let sent_as = "\u{FFFD}]0;owned\u{FFFD}\u{FFFD}[5mblink\u{FFFD}7m\u{FFFD}[8m";
    assert!(
        raw.windows(sent_as.len()).any(|w| w == sent_as.as_bytes()),
        "the heading sent with replacement characters"
    );
    for sequence in [
        "\u{1b}]0;",
        "\u{1b}[5m",
        "\u{9b}",
        "\u{1b}]8;",
        "\u{1b}[8m",
        "\u{7}",
    ] {
        assert!(
            !raw.windows(sequence.len())
                .any(|w| w == sequence.as_bytes()),
            "{sequence:?} reached the terminal"
        );
    }
    inbox.send("q");
    assert_eq!(inbox.exit_code(), 0);
    assert_restored(&inbox);
}

#[test]
fn closing_a_terminal_that_is_not_the_controlling_one_ends_the_inbox_with_129() {
    // No SIGHUP comes (the pty is not the inbox's controlling terminal): the hangup shows only
    // on the terminal, and ends the inbox as a SIGHUP would.
    let dir = tempfile::tempdir().expect("temp dir");
    let mut inbox = Pty::builder()
        .not_controlling_terminal()
        .arg("inbox")
        .arg(dir.path())
        .start();
    inbox.wait_for_text("No assessments waiting");
    inbox.let_go();
    // Something to draw, so that the reader wakes up and lets go of its end.
    inbox.send("?");
    inbox.wait_for("the reader to let go", |seen| seen.hung_up);
    inbox.close_terminal();
    assert_eq!(inbox.wait_exit(), 129);
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

#[test]
fn with_poll_a_hand_off_appears_within_a_second_too_and_help_says_how_the_folder_is_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut inbox = start(dir.path());
    inbox.send("?");
    inbox.wait_for_text("the folder is watched");
    inbox.send("q");
    inbox.send("q");
    assert_eq!(inbox.exit_code(), 0);

    let mut inbox = start_with(dir.path(), &["--poll"]);
    let sent = send_emergency(dir.path());
    inbox.wait_for_within(
        &format!("{} on screen", sent.code),
        APPEARS_WITHIN,
        |seen| seen.contents().contains(&sent.code),
    );
    inbox.send("?");
    inbox.wait_for_text("the folder is read every");
    inbox.send("q");
    inbox.send("q");
    assert_eq!(inbox.exit_code(), 0);
    assert_restored(&inbox);
}

/// Starts the inbox with one hand-off listed, then swaps its summary for what `swap` puts at
/// the name and presses Enter at once, before the inbox has looked at the folder again.
fn swap_summary_and_press_enter(dir: &Path, swap: impl FnOnce(&Path)) -> (Pty, String) {
    let mut inbox = start(dir);
    let sent = send_emergency(dir);
    inbox.wait_for_text(&sent.code);
    fs::remove_file(&sent.summary).expect("remove the summary");
    swap(&sent.summary);
    inbox.send("\r");
    (inbox, sent.code)
}

#[test]
fn a_summary_swapped_for_a_symlink_is_not_followed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let elsewhere = tempfile::tempdir().expect("temp dir");
    // Stands for /etc/shadow; even a front matter of the right code does not make it shown.
    let secret = elsewhere.path().join("shadow");
    let (mut inbox, code) = swap_summary_and_press_enter(dir.path(), |summary| {
        let code = summary.file_stem().and_then(|s| s.to_str()).expect("code");
        fs::write(
            &secret,
            format!(
                "---\ncode: {code}\nauthored: 2026-11-21T09:00:00Z\nurgency: emergency\n\
                 outcome: x\n---\n\nroot:$6$SECRET-HASH:19000:0:99999:7:::\n"
            ),
        )
        .expect("write the secret");
        std::os::unix::fs::symlink(&secret, summary).expect("symlink");
    });
    inbox.wait_for_text("a symbolic link (never followed)");
    inbox.wait_for_text(&format!("{code}.md"));
    let raw = String::from_utf8_lossy(&inbox.raw()).into_owned();
    assert!(
        !raw.contains("SECRET"),
        "the link's target reached the terminal"
    );
    inbox.send("q");
    assert_eq!(inbox.exit_code(), 0);
    assert_restored(&inbox);
}

#[test]
fn a_summary_swapped_for_a_fifo_does_not_freeze_the_inbox() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut inbox, code) = swap_summary_and_press_enter(dir.path(), |summary| {
        let made = Command::new("mkfifo").arg(summary).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    });
    inbox.wait_for_text("not a regular file but a FIFO");
    inbox.wait_for_text(&format!("{code}.md"));
    // Still answering: q quits at once.
    inbox.send("q");
    assert_eq!(inbox.exit_code(), 0);
    assert_restored(&inbox);
}

/// Marking done stuck on the share (the move never returns, as on a folder that froze): the
/// inbox says the folder is not answering, the arrows still move, and `q` (or SIGTERM) still
/// ends it with the terminal restored.
#[cfg(feature = "fault-injection")]
#[test]
fn a_stalled_mark_done_leaves_the_keys_q_and_sigterm_working() {
    for end in ["q", "TERM"] {
        let dir = tempfile::tempdir().expect("temp dir");
        send_emergency(dir.path());
        send_emergency(dir.path());
        let mut inbox = Pty::builder()
            .arg("inbox")
            .arg(dir.path())
            .env("PAINPATH_FAULT", "stall-mark-done")
            .start();
        inbox.wait_for_text("2 waiting");
        inbox.send("d");
        inbox.wait_for_text("done?");
        inbox.send("y");
        inbox.wait_for_text("not answering");
        let row = inbox.seen().parser.screen().cursor_position().0;
        inbox.send("\x1b[B");
        inbox.wait_for("the cursor on the next entry", |seen| {
            seen.parser.screen().cursor_position().0 == row + 1
        });
        inbox.send("\x1b[A");
        inbox.wait_for("the cursor back on the first entry", |seen| {
            seen.parser.screen().cursor_position().0 == row
        });
        let status = if end == "q" {
            inbox.send("q");
            0
        } else {
            inbox.signal(end);
            143
        };
        assert_eq!(inbox.exit_code(), status, "ended by {end}");
        assert_restored(&inbox);
    }
}

/// A folder that does not answer from the start (its first look never returns): the inbox
/// is drawn all the same, says the folder is not answering, and `q` ends it.
#[cfg(feature = "fault-injection")]
#[test]
fn a_folder_that_never_answers_still_gets_a_screen_that_quits() {
    let dir = tempfile::tempdir().expect("temp dir");
    send_emergency(dir.path());
    let mut inbox = Pty::builder()
        .arg("inbox")
        .arg(dir.path())
        .env("PAINPATH_FAULT", "stall-look")
        .start();
    inbox.wait_for_text("Reception inbox");
    inbox.wait_for_text("not answering");
    inbox.send("q");
    assert_eq!(inbox.exit_code(), 0);
    assert_restored(&inbox);
}

/// A folder that does not answer even the checks at start (a share frozen before the inbox
/// was started): the inbox is drawn all the same, says so, and `q` ends it.
#[cfg(feature = "fault-injection")]
#[test]
fn a_folder_that_does_not_answer_at_start_still_gets_a_screen_that_quits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut inbox = Pty::builder()
        .arg("inbox")
        .arg(dir.path())
        .env("PAINPATH_FAULT", "stall-inbox-start")
        .start();
    inbox.wait_for_text("Reception inbox");
    inbox.wait_for_text("did not answer at start");
    inbox.send("q");
    assert_eq!(inbox.exit_code(), 0);
    assert_restored(&inbox);
}
