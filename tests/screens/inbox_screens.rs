//! The reception inbox as an `App`: a spool folder in a temp dir, a clock passed in, keys and
//! clicks in, state and whole screens (TestBackend, 80x24, insta snapshots) out.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use painpath::content::model::{Questionnaire, Urgency};
use painpath::engine::session::{Answer, Session};
use painpath::handoff::spool;
use painpath::output::report::{self, Reader};
use painpath::ui::inbox::{self, App, Config, Overlay, RESCAN, Screen};
use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use time::OffsetDateTime;
use time::macros::datetime;

use crate::common::screen::{click, draw, find, key, press, questionnaire, rows};

/// A finished session: `flag` 0 is the emergency answer; anything else goes on to the knee.
fn finished(q: &Questionnaire, flag: usize) -> Session<'_> {
    let mut session = Session::new(q);
    session
        .answer(Answer::many([flag]))
        .expect("flags answered");
    if session.assessment().is_none() {
        session.answer(Answer::one(2)).expect("where answered");
    }
    session
}

/// Sends a hand-off the way the kiosk does and returns its code.
fn send(dir: &Path, q: &Questionnaire, flag: usize, at: OffsetDateTime) -> String {
    let session = finished(q, flag);
    let assessment = session.assessment().expect("a result");
    spool::send(dir, q, &assessment, at).expect("sent").code
}

/// Writes a hand-off summary under a chosen code, so that snapshots do not depend on the
/// random codes `spool::send` draws. The front matter is the one `spool::send` writes.
fn write_handoff(dir: &Path, q: &Questionnaire, code: &str, flag: usize, at: OffsetDateTime) {
    let session = finished(q, flag);
    let assessment = session.assessment().expect("a result");
    let text = format!(
        "---\ncode: {code}\nauthored: {}\nurgency: {}\noutcome: {}\ntitle: {}\n---\n\n{}",
        painpath::output::fhir::fhir_date_time(at),
        assessment.urgency.id(),
        assessment.outcome.id,
        assessment.outcome.title,
        report::summary_for(q, &assessment, at, Reader::Staff)
    );
    fs::write(dir.join(format!("{code}.md")), text).expect("write hand-off");
    fs::write(dir.join(format!("{code}.json")), "{}").expect("write response");
}

/// An inbox on `dir`, times in UTC, that has read the folder once.
fn inbox(dir: &Path, now: Instant) -> App {
    let mut app = App::new(dir, Config::default());
    app.on_tick(now);
    app
}

fn codes(app: &App) -> Vec<String> {
    app.entries().iter().map(|e| e.code.clone()).collect()
}

/// The screen at 80x24 as text, the temp folder's path replaced so snapshots are stable.
fn screen(app: &mut App) -> String {
    let text = rows(app, 80, 24);
    let dir = app.dir().display().to_string();
    let width = dir.chars().count();
    text.replace(&dir, &format!("{:<width$}", "[DIR]"))
}

/// Where a text is on the 80x24 screen (column, row), the first time it shows.
fn place(app: &App, text: &str) -> (u16, u16) {
    let terminal = draw(app, 80, 24);
    find(terminal.backend().buffer(), text)
        .unwrap_or_else(|| panic!("{text:?} is not on the screen:\n{}", terminal.backend()))
}

#[test]
fn a_new_hand_off_appears_at_the_first_tick_after_the_rescan_interval() {
    let dir = tempfile::tempdir().unwrap();
    let q = questionnaire("small.toml");
    let t0 = Instant::now();
    let mut app = inbox(dir.path(), t0);
    assert!(app.entries().is_empty());
    let code = send(dir.path(), &q, 2, datetime!(2026-11-21 09:00 UTC));
    // Not due yet: the folder is read at most every RESCAN.
    assert!(!app.on_tick(t0 + RESCAN / 5));
    assert!(app.entries().is_empty());
    assert!(app.on_tick(t0 + RESCAN), "the new entry asks for a redraw");
    assert_eq!(codes(&app), vec![code]);
    // Nothing changed: no redraw.
    assert!(!app.on_tick(t0 + 2 * RESCAN));
    assert!(
        RESCAN <= Duration::from_millis(500),
        "appears within a second"
    );
}

#[test]
fn emergencies_come_first_then_the_newest() {
    let dir = tempfile::tempdir().unwrap();
    let q = questionnaire("small.toml");
    let older = send(dir.path(), &q, 2, datetime!(2026-11-21 09:00 UTC));
    let emergency = send(dir.path(), &q, 0, datetime!(2026-11-21 08:00 UTC));
    let newer = send(dir.path(), &q, 2, datetime!(2026-11-21 10:00 UTC));
    let app = inbox(dir.path(), Instant::now());
    assert_eq!(codes(&app), vec![emergency, newer, older]);
    assert_eq!(app.entries()[0].urgency, Urgency::Emergency);
}

#[test]
fn the_cursor_stays_on_its_entry_when_a_new_one_arrives_above_it() {
    let dir = tempfile::tempdir().unwrap();
    let q = questionnaire("small.toml");
    let t0 = Instant::now();
    let first = send(dir.path(), &q, 2, datetime!(2026-11-21 09:00 UTC));
    let second = send(dir.path(), &q, 2, datetime!(2026-11-21 10:00 UTC));
    let mut app = inbox(dir.path(), t0);
    press(&mut app, "↓");
    assert_eq!(app.entries()[app.selected()].code, first);
    send(dir.path(), &q, 0, datetime!(2026-11-21 11:00 UTC));
    app.on_tick(t0 + RESCAN);
    assert_eq!(app.entries().len(), 3);
    assert_eq!(app.entries()[app.selected()].code, first);
    assert_ne!(first, second);
}

#[test]
fn open_scroll_and_close_a_summary_without_its_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let q = questionnaire("small.toml");
    send(dir.path(), &q, 2, datetime!(2026-11-21 09:00 UTC));
    let mut app = inbox(dir.path(), Instant::now());
    app.resize(80, 24);
    press(&mut app, "\n");
    let Screen::Summary(summary) = app.screen() else {
        panic!("Enter opens the summary: {:?}", app.screen());
    };
    let text = summary.document.plain_text();
    assert_eq!(
        text.lines().next(),
        Some("Small test questionnaire: summary handed in by the patient")
    );
    assert!(!text.lines().any(|l| l.starts_with("code: ")));
    assert_eq!(summary.scroll, 0);
    press(&mut app, "↓↓");
    let Screen::Summary(summary) = app.screen() else {
        panic!("still open");
    };
    assert_eq!(summary.scroll, 2);
    key(&mut app, KeyCode::End);
    let Screen::Summary(summary) = app.screen() else {
        panic!("still open");
    };
    let end = summary.scroll;
    assert!(end > 2, "the summary is longer than a screen");
    key(&mut app, KeyCode::PageDown);
    let Screen::Summary(summary) = app.screen() else {
        panic!("still open");
    };
    assert_eq!(summary.scroll, end, "scrolling stops at the end");
    press(&mut app, "\x1b");
    assert_eq!(app.screen(), &Screen::List);
}

#[test]
fn a_click_on_an_entry_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    let q = questionnaire("small.toml");
    let older = send(dir.path(), &q, 2, datetime!(2026-11-21 09:00 UTC));
    send(dir.path(), &q, 2, datetime!(2026-11-21 10:00 UTC));
    let mut app = inbox(dir.path(), Instant::now());
    app.resize(80, 24);
    let (column, row) = place(&app, &older);
    assert!(click(&mut app, column, row));
    match app.screen() {
        Screen::Summary(summary) => assert_eq!(summary.entry.code, older),
        other => panic!("not opened: {other:?}"),
    }
}

#[test]
fn mark_done_asks_first_and_then_moves_both_files_to_done() {
    let dir = tempfile::tempdir().unwrap();
    let q = questionnaire("small.toml");
    let code = send(dir.path(), &q, 2, datetime!(2026-11-21 09:00 UTC));
    let mut app = inbox(dir.path(), Instant::now());
    press(&mut app, "d");
    assert!(matches!(app.overlay(), Some(Overlay::ConfirmDone(e)) if e.code == code));
    press(&mut app, "n");
    assert_eq!(app.overlay(), None);
    assert!(dir.path().join(format!("{code}.md")).exists(), "n keeps it");
    // From the open summary this time.
    press(&mut app, "\nd");
    press(&mut app, "y");
    let done = dir.path().join(spool::DONE_FOLDER);
    assert!(done.join(format!("{code}.md")).exists());
    assert!(done.join(format!("{code}.json")).exists());
    assert!(!dir.path().join(format!("{code}.md")).exists());
    assert!(app.entries().is_empty(), "the list is read again at once");
    assert_eq!(app.screen(), &Screen::List);
    let status = app.status().expect("a message says what happened");
    assert!(status.text.contains("marked done"), "{}", status.text);
}

#[test]
fn mark_done_by_buttons() {
    let dir = tempfile::tempdir().unwrap();
    let q = questionnaire("small.toml");
    let code = send(dir.path(), &q, 0, datetime!(2026-11-21 09:00 UTC));
    let mut app = inbox(dir.path(), Instant::now());
    app.resize(80, 24);
    let (column, row) = place(&app, "[ Mark done ]");
    click(&mut app, column + 2, row);
    let (column, row) = place(&app, "[ y  Yes, done ]");
    click(&mut app, column + 2, row);
    assert!(
        dir.path()
            .join(spool::DONE_FOLDER)
            .join(format!("{code}.md"))
            .exists()
    );
    assert!(app.entries().is_empty());
}

#[test]
fn files_that_are_not_hand_offs_are_skipped_and_those_named_like_one_are_named_with_why() {
    let dir = tempfile::tempdir().unwrap();
    let q = questionnaire("small.toml");
    let t0 = Instant::now();
    let code = send(dir.path(), &q, 2, datetime!(2026-11-21 09:00 UTC));
    let good = fs::read_to_string(dir.path().join(format!("{code}.md"))).unwrap();
    // Not named like hand-offs, so never looked at: a copy under another name, notes, a
    // half-written temp file with a whole front matter.
    fs::write(dir.path().join("notes.md"), "# notes\n").unwrap();
    fs::write(dir.path().join("copy.md"), &good).unwrap();
    fs::write(dir.path().join("readme.txt"), &good).unwrap();
    fs::write(dir.path().join(format!(".{code}.md.4242.0.tmp")), &good).unwrap();
    // Named like hand-offs, but not usable as one: a folder, a lone response, a summary
    // without front matter, one whose code is not its name, a FIFO (it would block a reader
    // that opened it), a file no one may read.
    fs::create_dir(dir.path().join("AAAA.md")).unwrap();
    fs::write(dir.path().join("CCCC.json"), "{}").unwrap();
    fs::write(dir.path().join("FFFF.md"), "# no front matter\n").unwrap();
    fs::write(dir.path().join("FFFF.json"), "{}").unwrap();
    fs::write(dir.path().join("GGGG.md"), good.replace(&code, "HHHH")).unwrap();
    fs::write(dir.path().join("GGGG.json"), "{}").unwrap();
    let fifo = dir.path().join("DDDD.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let locked = dir.path().join("EEEE.md");
    {
        use std::os::unix::fs::PermissionsExt;
        fs::write(&locked, good.replace(&code, "EEEE")).unwrap();
        fs::write(dir.path().join("EEEE.json"), "{}").unwrap();
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    }
    // Root reads it anyway; then it is a hand-off like any other.
    let root = fs::read(&locked).is_ok();
    let mut app = inbox(dir.path(), t0);
    assert_eq!(app.folder_error(), None);
    let mut listed = vec![code.clone()];
    if root {
        listed.insert(0, "EEEE".to_string());
    }
    let sorted = |mut codes: Vec<String>| {
        codes.sort();
        codes
    };
    assert_eq!(sorted(codes(&app)), sorted(listed));
    // Half a pair may be a kiosk half way through writing one: it is listed after a moment.
    let reasons = |app: &App| -> Vec<(String, String)> {
        app.problems()
            .iter()
            .map(|p| (p.name.clone(), p.reason.to_string()))
            .collect()
    };
    assert!(!reasons(&app).iter().any(|(name, _)| name == "CCCC.json"));
    assert!(app.on_tick(t0 + spool::SETTLE));
    let mut expected = vec![
        ("AAAA.md", "not a regular file but a folder"),
        ("CCCC.json", "incomplete: CCCC.md is missing"),
        ("DDDD.md", "not a regular file but a FIFO (named pipe)"),
        (
            "EEEE.md",
            "permission denied (hand-offs are 0600: run the inbox as the kiosk's user)",
        ),
        ("FFFF.md", "no front matter (no --- on its first line)"),
        ("GGGG.md", "bad code \"HHHH\" (not this file's name)"),
    ];
    if root {
        expected.retain(|(name, _)| *name != "EEEE.md");
    }
    let expected: Vec<(String, String)> = expected
        .into_iter()
        .map(|(n, r)| (n.to_string(), r.to_string()))
        .collect();
    assert_eq!(reasons(&app), expected);
    // Each by name, with its reason, at the end of the list; the folder line says so.
    let text = draw(&app, 80, 24).backend().to_string();
    assert!(
        text.contains(&format!(
            "{} file(s) not listed (see the end of the list)",
            expected.len()
        )),
        "{text}"
    );
    for (name, reason) in &expected {
        let line = format!("{name:<11}{reason}");
        assert!(text.contains(&line[..line.len().min(70)]), "{line}\n{text}");
    }
    // The cursor goes down onto them; Enter says why, and d does not mark one done.
    key(&mut app, KeyCode::End);
    press(&mut app, "\n");
    assert_eq!(app.screen(), &Screen::List);
    let status = app.status().expect("says why").text.clone();
    assert!(status.contains("is not listed: "), "{status}");
    press(&mut app, "d");
    assert_eq!(app.overlay(), None);
    assert!(
        app.status()
            .is_some_and(|s| s.text.contains("fix or remove it by hand"))
    );
}

#[test]
fn control_and_bidi_characters_from_a_file_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "---\ncode: HHHH\nauthored: \u{1b}[2J2026\nurgency: soon\n\
                   outcome: red\u{1b}[31m\u{202E}gnp.exe\n---\n\n\
                   # Title\u{7}\n\u{1b}]0;owned\u{7}text\u{9b}31m\u{2066}x\r\n";
    fs::write(dir.path().join("HHHH.md"), hostile).unwrap();
    fs::write(dir.path().join("HHHH.json"), "{}").unwrap();
    let mut app = inbox(dir.path(), Instant::now());
    assert_eq!(codes(&app), vec!["HHHH"]);
    let forbidden = |s: &str| s.chars().any(painpath::text::is_hostile);
    for opened in [false, true] {
        if opened {
            press(&mut app, "\n");
            let Screen::Summary(summary) = app.screen() else {
                panic!("opened");
            };
            let text = summary.document.plain_text();
            assert!(!forbidden(&text), "{text:?}");
            assert!(text.contains("\u{FFFD}]0;owned"), "{text:?}");
        }
        let terminal = draw(&app, 80, 24);
        let buffer = terminal.backend().buffer();
        for cell in buffer.content() {
            assert!(!forbidden(cell.symbol()), "{:?} drawn", cell.symbol());
        }
        assert!(
            terminal
                .backend()
                .to_string()
                .contains("red\u{FFFD}[31m\u{FFFD}gnp.exe")
        );
    }
}

#[test]
fn an_open_entry_done_elsewhere_is_said_to_be_gone() {
    let dir = tempfile::tempdir().unwrap();
    let q = questionnaire("small.toml");
    let t0 = Instant::now();
    send(dir.path(), &q, 2, datetime!(2026-11-21 09:00 UTC));
    let mut app = inbox(dir.path(), t0);
    press(&mut app, "\n");
    let entry = app.entries()[0].clone();
    spool::mark_done(dir.path(), &entry).unwrap();
    assert!(app.on_tick(t0 + RESCAN));
    assert!(matches!(app.screen(), Screen::Summary(s) if s.gone));
    press(&mut app, "d");
    assert_eq!(app.overlay(), None, "nothing left to mark done");
}

#[test]
fn a_folder_that_goes_away_is_reported_and_the_list_comes_back_with_it() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("spool");
    fs::create_dir(&dir).unwrap();
    let q = questionnaire("small.toml");
    let t0 = Instant::now();
    let code = send(&dir, &q, 2, datetime!(2026-11-21 09:00 UTC));
    let mut app = inbox(&dir, t0);
    // A shared folder that is unmounted for a while.
    let away = parent.path().join("away");
    fs::rename(&dir, &away).unwrap();
    assert!(app.on_tick(t0 + RESCAN));
    assert!(app.folder_error().is_some_and(|e| e.contains("spool")));
    assert_eq!(codes(&app), vec![code.clone()], "the list as last read");
    let text = draw(&app, 80, 24).backend().to_string();
    assert!(text.contains("Cannot read the folder"), "{text}");
    fs::rename(&away, &dir).unwrap();
    assert!(app.on_tick(t0 + 2 * RESCAN));
    assert_eq!(app.folder_error(), None);
    assert_eq!(codes(&app), vec![code]);
}

#[test]
fn a_missing_folder_is_an_error_before_the_terminal_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope");
    let err = inbox::prepare(&missing, Config::default(), SystemTime::now()).unwrap_err();
    let message = format!("{err:#}");
    assert!(message.contains("does not exist"), "{message}");
    assert!(message.contains("nope"), "{message}");
}

#[test]
fn start_removes_temp_files_older_than_an_hour_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let temp = dir.path().join(".K9F3.md.4242.0.tmp");
    fs::write(&temp, "---\ncode: K9F3\n").unwrap();
    let now = SystemTime::now();
    let app = inbox::prepare(dir.path(), Config::default(), now).unwrap();
    assert!(
        temp.exists(),
        "a young temp file may still be being written"
    );
    assert_eq!(app.status(), None);
    let later = now + inbox::STALE_TEMP_AGE + Duration::from_secs(60);
    let app = inbox::prepare(dir.path(), Config::default(), later).unwrap();
    assert!(!temp.exists());
    let status = app.status().expect("says what was removed");
    assert!(status.text.contains("Removed 1"), "{}", status.text);
}

#[test]
fn local_times_are_shown_in_the_offset_given_and_labelled() {
    let dir = tempfile::tempdir().unwrap();
    let q = questionnaire("small.toml");
    write_handoff(dir.path(), &q, "K9F3", 2, datetime!(2026-11-21 19:48 UTC));
    let config = Config {
        local_offset: Some(time::macros::offset!(+1)),
        ..Config::default()
    };
    let mut app = App::new(dir.path(), config);
    app.on_tick(Instant::now());
    let text = draw(&app, 80, 24).backend().to_string();
    assert!(text.contains("Time (local)"), "{text}");
    assert!(text.contains("2026-11-21 20:48"), "{text}");
}

/// Three entries with fixed codes: an emergency, and two knee results an hour apart.
fn three(dir: &Path, q: &Questionnaire) {
    write_handoff(dir, q, "K9F3", 2, datetime!(2026-11-21 09:15 UTC));
    write_handoff(dir, q, "X4QH", 0, datetime!(2026-11-21 08:02 UTC));
    write_handoff(dir, q, "M9TC", 1, datetime!(2026-11-21 10:30 UTC));
}

#[test]
fn list_with_an_emergency() {
    let dir = tempfile::tempdir().unwrap();
    let q = questionnaire("small.toml");
    three(dir.path(), &q);
    let mut app = inbox(dir.path(), Instant::now());
    assert_eq!(codes(&app), vec!["X4QH", "M9TC", "K9F3"]);
    insta::assert_snapshot!(screen(&mut app));
    // The urgency is in words and in colour: the emergency's cell is white on red.
    let terminal = draw(&app, 80, 24);
    let (column, row) = place(&app, "!! EMERGENCY");
    let cell = &terminal.backend().buffer()[(column, row)];
    assert_eq!((cell.fg, cell.bg), (Color::White, Color::Red));
    let (column, row) = place(&app, "Soon");
    assert_eq!(terminal.backend().buffer()[(column, row)].bg, Color::Yellow);
}

#[test]
fn open_summary() {
    let dir = tempfile::tempdir().unwrap();
    let q = questionnaire("small.toml");
    three(dir.path(), &q);
    let mut app = inbox(dir.path(), Instant::now());
    press(&mut app, "\n");
    insta::assert_snapshot!(screen(&mut app));
}

#[test]
fn done_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let q = questionnaire("small.toml");
    three(dir.path(), &q);
    let mut app = inbox(dir.path(), Instant::now());
    press(&mut app, "↓d");
    insta::assert_snapshot!(screen(&mut app));
}

#[test]
fn empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = inbox(dir.path(), Instant::now());
    insta::assert_snapshot!(screen(&mut app));
}

#[test]
fn help() {
    let dir = tempfile::tempdir().unwrap();
    let mut app = inbox(dir.path(), Instant::now());
    press(&mut app, "?");
    insta::assert_snapshot!(screen(&mut app));
}

/// The inbox on a folder with one hand-off, read once; returns the app and the code.
fn one_hand_off(dir: &Path) -> (App, String) {
    let q = questionnaire("small.toml");
    let code = send(dir, &q, 2, datetime!(2026-11-21 09:00 UTC));
    let app = inbox(dir, Instant::now());
    assert_eq!(codes(&app), vec![code.clone()]);
    (app, code)
}

/// Presses Enter on another thread and gives the app back, or fails if that does not return:
/// an inbox that opened a FIFO would wait for a writer for ever.
fn enter_within_seconds(app: App) -> App {
    let (done, back) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut app = app;
        press(&mut app, "\n");
        let _ = done.send(app);
    });
    back.recv_timeout(Duration::from_secs(5))
        .expect("Enter returned (a FIFO swapped in must not block the inbox)")
}

#[test]
fn a_summary_swapped_for_a_symlink_after_the_folder_was_read_is_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let (app, code) = one_hand_off(dir.path());
    // A file outside the folder, even one with the right front matter, stands for
    // /etc/shadow.
    let secret = elsewhere.path().join("shadow");
    fs::write(
        &secret,
        format!(
            "---\ncode: {code}\nauthored: 2026-11-21T09:00:00Z\nurgency: soon\noutcome: x\n---\n\
             root:$6$SECRET-HASH:19000:0:99999:7:::\n"
        ),
    )
    .unwrap();
    let summary = dir.path().join(format!("{code}.md"));
    fs::remove_file(&summary).unwrap();
    std::os::unix::fs::symlink(&secret, &summary).unwrap();
    // Enter before the folder is read again.
    let mut app = enter_within_seconds(app);
    assert_eq!(app.screen(), &Screen::List, "not opened");
    let status = app.status().expect("says why").text.clone();
    assert!(status.contains("symbolic link"), "{status}");
    let text = draw(&app, 80, 24).backend().to_string();
    assert!(!text.contains("SECRET"), "{text}");
    // The entry has left the list, and the link is named with its reason.
    assert!(app.entries().is_empty());
    assert!(
        text.contains(&format!(
            "{:<11}a symbolic link (never followed)",
            format!("{code}.md")
        )),
        "{text}"
    );
    app.on_tick(Instant::now() + RESCAN);
    assert!(!draw(&app, 80, 24).backend().to_string().contains("SECRET"));
}

#[test]
fn a_summary_swapped_for_a_fifo_after_the_folder_was_read_does_not_block() {
    let dir = tempfile::tempdir().unwrap();
    let (app, code) = one_hand_off(dir.path());
    let summary = dir.path().join(format!("{code}.md"));
    fs::remove_file(&summary).unwrap();
    let made = std::process::Command::new("mkfifo").arg(&summary).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let mut app = enter_within_seconds(app);
    assert_eq!(app.screen(), &Screen::List, "not opened");
    let status = app.status().expect("says why").text.clone();
    assert!(status.contains("not a regular file but a FIFO"), "{status}");
    // The inbox still answers: q quits.
    press(&mut app, "q");
    assert!(!app.is_running());
}

#[test]
fn a_symlinked_hand_off_is_never_listed_nor_read() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let q = questionnaire("small.toml");
    let code = send(elsewhere.path(), &q, 2, datetime!(2026-11-21 09:00 UTC));
    for ext in ["md", "json"] {
        let name = format!("{code}.{ext}");
        std::os::unix::fs::symlink(elsewhere.path().join(&name), dir.path().join(&name)).unwrap();
    }
    let app = inbox(dir.path(), Instant::now());
    assert!(app.entries().is_empty());
    let names: Vec<&str> = app.problems().iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, [format!("{code}.json"), format!("{code}.md")]);
    assert!(
        app.problems()
            .iter()
            .all(|p| p.reason == spool::Reason::Symlink)
    );
}

/// A hand-off as `spool::send` writes it, with this title, and CRLF line ends if asked.
fn write_with_title(dir: &Path, code: &str, title: &str, crlf: bool) {
    let text = format!(
        "---\ncode: {code}\nauthored: 2026-11-21T09:00:00Z\nurgency: soon\noutcome: long\n\
         title: {title}\n---\n\n# Small test questionnaire: summary handed in by the patient\n\n\
         The rest.\n"
    );
    let text = if crlf {
        text.replace('\n', "\r\n")
    } else {
        text
    };
    fs::write(dir.join(format!("{code}.md")), text).unwrap();
    fs::write(dir.join(format!("{code}.json")), "{}").unwrap();
}

#[test]
fn a_front_matter_over_4_kib_and_one_with_crlf_line_ends_are_listed_and_open() {
    let dir = tempfile::tempdir().unwrap();
    // A long outcome title (`check` allows one): a front matter of about 10 KiB.
    let long = "Knee pain that is worse on stairs ".repeat(300);
    write_with_title(dir.path(), "MMMM", long.trim(), false);
    write_with_title(dir.path(), "CRAF", "Knee", true);
    let mut app = inbox(dir.path(), Instant::now());
    let mut listed = codes(&app);
    listed.sort();
    assert_eq!(listed, ["CRAF", "MMMM"]);
    let crlf = app.entries().iter().position(|e| e.code == "CRAF").unwrap();
    assert_eq!(
        app.entries()[crlf].title,
        "Knee",
        "no \\r left on the title"
    );
    assert!(app.entries()[crlf].urgency == Urgency::Soon);
    for (i, code) in ["CRAF", "MMMM"].iter().enumerate() {
        let at = app.entries().iter().position(|e| e.code == *code).unwrap();
        if i > 0 {
            press(&mut app, "\x1b");
        }
        for _ in 0..app.entries().len() {
            key(&mut app, KeyCode::Up);
        }
        for _ in 0..at {
            key(&mut app, KeyCode::Down);
        }
        press(&mut app, "\n");
        let Screen::Summary(summary) = app.screen() else {
            panic!("{code} opens: {:?}", app.status());
        };
        let text = summary.document.plain_text();
        assert_eq!(
            text, "Small test questionnaire: summary handed in by the patient\nThe rest.",
            "{code}: no \\r left"
        );
    }
}

#[test]
fn a_front_matter_that_does_not_close_within_64_kib_is_named_too_long() {
    let dir = tempfile::tempdir().unwrap();
    write_with_title(dir.path(), "MMMM", &"x".repeat(70 * 1024), false);
    let app = inbox(dir.path(), Instant::now());
    assert!(app.entries().is_empty());
    assert_eq!(app.problems().len(), 1);
    assert_eq!(app.problems()[0].name, "MMMM.md");
    assert_eq!(app.problems()[0].reason, spool::Reason::FrontMatterTooLong);
    let text = draw(&app, 80, 24).backend().to_string();
    assert!(text.contains("MMMM.md    front matter too long"), "{text}");
}

#[test]
fn mark_done_moves_the_pair_or_neither() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, code) = one_hand_off(dir.path());
    // An old response of that code is in done/ already: its .json cannot follow.
    let done = dir.path().join(spool::DONE_FOLDER);
    fs::create_dir(&done).unwrap();
    fs::write(done.join(format!("{code}.json")), "old").unwrap();
    press(&mut app, "dy");
    let status = app.status().expect("says what happened").text.clone();
    assert!(status.starts_with("Not marked done"), "{status}");
    assert!(status.contains("nothing was moved"), "{status}");
    for ext in ["md", "json"] {
        assert!(
            dir.path().join(format!("{code}.{ext}")).exists(),
            "{ext} stays"
        );
    }
    assert!(!done.join(format!("{code}.md")).exists());
    assert_eq!(fs::read(done.join(format!("{code}.json"))).unwrap(), b"old");
    assert_eq!(codes(&app), vec![code], "still listed");
}

#[test]
fn a_done_folder_that_is_a_symlink_is_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let (mut app, code) = one_hand_off(dir.path());
    std::os::unix::fs::symlink(elsewhere.path(), dir.path().join(spool::DONE_FOLDER)).unwrap();
    app.rescan();
    let text = draw(&app, 80, 24).backend().to_string();
    assert!(
        text.contains("done       not a folder but a symbolic link"),
        "{text}"
    );
    key(&mut app, KeyCode::Home);
    press(&mut app, "dy");
    let status = app.status().expect("says why").text.clone();
    assert!(status.contains("symbolic link"), "{status}");
    assert_eq!(
        fs::read_dir(elsewhere.path()).unwrap().count(),
        0,
        "nothing moved there"
    );
    for ext in ["md", "json"] {
        assert!(dir.path().join(format!("{code}.{ext}")).exists());
    }
}

#[test]
fn half_a_pair_is_listed_as_incomplete_once_it_stays_so() {
    let dir = tempfile::tempdir().unwrap();
    let q = questionnaire("small.toml");
    let t0 = Instant::now();
    write_handoff(dir.path(), &q, "K9F3", 2, datetime!(2026-11-21 09:15 UTC));
    write_handoff(dir.path(), &q, "M9TC", 1, datetime!(2026-11-21 10:30 UTC));
    fs::remove_file(dir.path().join("M9TC.json")).unwrap();
    fs::write(dir.path().join("CCCC.json"), "{}").unwrap();
    let mut app = inbox(dir.path(), t0);
    // A kiosk may be half way through writing a pair: nothing yet.
    assert_eq!(codes(&app), ["K9F3"]);
    assert!(app.problems().is_empty());
    assert!(!app.on_tick(t0 + RESCAN));
    assert!(app.on_tick(t0 + spool::SETTLE));
    let found: Vec<(String, String)> = app
        .problems()
        .iter()
        .map(|p| (p.name.clone(), p.reason.to_string()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "CCCC.json".to_string(),
                "incomplete: CCCC.md is missing".to_string()
            ),
            (
                "M9TC.md".to_string(),
                "incomplete: M9TC.json is missing".to_string()
            ),
        ]
    );
    insta::assert_snapshot!(screen(&mut app));
}

#[test]
fn with_notifications_a_change_is_seen_without_waiting_for_the_next_look() {
    let dir = tempfile::tempdir().unwrap();
    let q = questionnaire("small.toml");
    let t0 = Instant::now();
    let mut app = inbox(dir.path(), t0);
    assert_eq!(app.start_watching(), inbox::Watching::Notifications);
    // The app's clock stays short of the next look at the folder (RESCAN): only the
    // notifications can bring the changes in.
    let mut clock = t0;
    let mut wait_until = |app: &mut App, what: &str, done: &dyn Fn(&App) -> bool| {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !done(app) {
            assert!(Instant::now() < deadline, "{what} not seen");
            std::thread::sleep(Duration::from_millis(2));
            clock += Duration::from_micros(10);
            app.on_tick(clock);
        }
    };
    let code = send(dir.path(), &q, 0, datetime!(2026-11-21 09:00 UTC));
    wait_until(&mut app, "the new hand-off", &|app| {
        codes(app) == [code.clone()]
    });
    let entry = app.entries()[0].clone();
    spool::mark_done(dir.path(), &entry).unwrap();
    wait_until(&mut app, "the entry done elsewhere", &|app| {
        app.entries().is_empty()
    });
    assert!(clock < t0 + RESCAN);
    assert_eq!(app.watching(), inbox::Watching::Notifications);
}

#[test]
fn a_hard_linked_summary_is_not_listed_and_a_long_message_takes_a_second_row() {
    let dir = tempfile::tempdir().unwrap();
    let q = questionnaire("small.toml");
    let t0 = Instant::now();
    write_handoff(dir.path(), &q, "K9F3", 2, datetime!(2026-11-21 09:15 UTC));
    write_handoff(dir.path(), &q, "M9TC", 1, datetime!(2026-11-21 10:30 UTC));
    // A second name for a summary: it may as well be any file on the disk linked in.
    fs::hard_link(dir.path().join("K9F3.md"), dir.path().join("notes.txt")).unwrap();
    let mut app = inbox(dir.path(), t0);
    assert_eq!(codes(&app), ["M9TC"]);
    app.on_tick(t0 + spool::SETTLE);
    assert_eq!(app.problems().len(), 1);
    assert_eq!(app.problems()[0].reason, spool::Reason::HardLinks(2));
    key(&mut app, KeyCode::End);
    press(&mut app, "\n");
    insta::assert_snapshot!(screen(&mut app));
}

/// A hand-off with the given `title` and `short` lines in its front matter.
fn write_titled(dir: &Path, code: &str, title: &str, short: Option<&str>) {
    let short = short.map_or(String::new(), |s| format!("short: {s}\n"));
    let text = format!(
        "---\ncode: {code}\nauthored: 2026-11-21T09:00:00Z\nurgency: soon\noutcome: o\n\
         title: {title}\n{short}---\n\nbody\n"
    );
    fs::write(dir.join(format!("{code}.md")), text).expect("write hand-off");
    fs::write(dir.join(format!("{code}.json")), "{}").expect("write response");
}

#[test]
fn the_list_shows_the_short_title_and_cuts_a_longer_one_with_an_ellipsis() {
    let room = painpath::content::lint::MAX_INBOX_TITLE;
    let fits = "f".repeat(room - 1) + "F";
    let long = "x".repeat(room) + "YZ";
    let dir = tempfile::tempdir().unwrap();
    write_titled(
        dir.path(),
        "K9F3",
        "A long title the list has no room for",
        Some(&fits),
    );
    write_titled(dir.path(), "M9TC", &long, None);
    let mut app = inbox(dir.path(), Instant::now());
    let text = screen(&mut app);
    // The check's limit is exactly the room the line has: the short title fits to its last
    // character, at the edge of the text column.
    let row = text.lines().find(|l| l.contains("K9F3")).expect("listed");
    assert!(row.contains(&format!("{fits} ")), "{text}");
    assert!(!text.contains("A long title"), "{text}");
    // Without a short title, the title is cut to the room, ending in an ellipsis.
    let row = text.lines().find(|l| l.contains("M9TC")).expect("listed");
    assert!(
        row.contains(&format!("{}…", "x".repeat(room - 1))),
        "{text}"
    );
    assert!(!row.contains('Y'), "{text}");
    // The open summary's banner still names the whole title.
    let entry = app.entries().iter().find(|e| e.code == "M9TC").unwrap();
    assert_eq!(entry.title, long);
}

#[test]
fn a_hand_off_names_the_short_title_for_the_list() {
    let q = painpath::content::validate::load(
        painpath::DEFAULT_QUESTIONS_NAME,
        painpath::DEFAULT_QUESTIONS,
    )
    .unwrap();
    let outcome = q.outcomes.iter().find(|o| o.id == "nerve_root").unwrap();
    let short = outcome
        .short
        .as_deref()
        .expect("the built-in outcome has a short title");
    assert!(short.chars().count() <= painpath::content::lint::MAX_INBOX_TITLE);
    assert!(outcome.title.chars().count() > painpath::content::lint::MAX_INBOX_TITLE);
}

#[test]
fn an_open_summary_names_its_short_title_when_the_whole_one_does_not_fit() {
    let dir = tempfile::tempdir().unwrap();
    let long = "Outer thigh or knee pain from the IT band, which runs down the outside";
    write_titled(
        dir.path(),
        "K9F3",
        long,
        Some("Outer thigh or knee: IT band"),
    );
    let mut app = inbox(dir.path(), Instant::now());
    press(&mut app, "\n");
    let text = screen(&mut app);
    let banner = text.lines().nth(1).expect("the banner row");
    assert!(banner.contains("· Outer thigh or knee: IT band"), "{text}");
    assert!(!banner.contains("which runs"), "{text}");
}

// The open summary as a document: a real summary, then what a file could try.

/// A hand-off under `code` whose summary is `markdown`, after the front matter `spool::send`
/// writes.
fn write_summary(dir: &Path, code: &str, markdown: &str) {
    let text = format!(
        "---\ncode: {code}\nauthored: 2026-11-21T09:00:00Z\nurgency: soon\noutcome: back\n\
         title: Back\n---\n\n{markdown}"
    );
    fs::write(dir.join(format!("{code}.md")), text).expect("write hand-off");
    fs::write(dir.join(format!("{code}.json")), "{}").expect("write response");
}

/// An inbox at 80x24 with the summary `markdown` open.
fn opened(dir: &Path, markdown: &str) -> App {
    write_summary(dir, "HHHH", markdown);
    let mut app = inbox(dir, Instant::now());
    app.resize(80, 24);
    press(&mut app, "\n");
    assert!(
        matches!(app.screen(), Screen::Summary(_)),
        "opens: {:?}",
        app.status()
    );
    app
}

/// The text modifiers of the cell where `text` starts on the 80x24 screen.
fn modifiers_at(app: &App, text: &str) -> Modifier {
    let terminal = draw(app, 80, 24);
    let (column, row) = place(app, text);
    terminal.backend().buffer()[(column, row)].modifier
}

/// No cell of the 80x24 screen holds a character that could drive the terminal.
fn assert_nothing_hostile_drawn(app: &App) {
    let terminal = draw(app, 80, 24);
    for cell in terminal.backend().buffer().content() {
        assert!(
            !cell.symbol().chars().any(painpath::text::is_hostile),
            "{:?} drawn:\n{}",
            cell.symbol(),
            terminal.backend()
        );
    }
}

/// The session of `summary_has_every_part` in `output::report`: moved up by an answer
/// (fever), every part of a summary present.
fn raised_summary(q: &Questionnaire) -> String {
    let mut session = Session::new(q);
    session.answer(Answer::many([1])).expect("flags");
    session.answer(Answer::one(0)).expect("where");
    session.answer(Answer::one(1)).expect("groin");
    session.answer(Answer::Scale(3)).expect("how bad");
    let assessment = session.assessment().expect("a result");
    report::summary_for(
        q,
        &assessment,
        datetime!(2026-11-21 09:00 UTC),
        Reader::Staff,
    )
}

#[test]
fn a_summary_reads_as_a_document() {
    let dir = tempfile::tempdir().unwrap();
    let q = questionnaire("small.toml");
    let mut app = opened(dir.path(), &raised_summary(&q));
    let top = screen(&mut app);
    insta::assert_snapshot!("a_summary_reads_as_a_document_top", top);
    // No Markdown marks: headings, strong text, the quote and the lists are drawn instead.
    for mark in ["# ", "**", "> ", "- ", "\\"] {
        assert!(
            !top.contains(&format!("\" {mark}")),
            "{mark:?} shown:\n{top}"
        );
    }
    let title = modifiers_at(&app, "Small test questionnaire: summary handed in");
    assert!(
        title.contains(Modifier::BOLD | Modifier::UNDERLINED),
        "{title:?}"
    );
    let heading = modifiers_at(&app, "The patient's answers");
    assert!(heading.contains(Modifier::BOLD), "{heading:?}");
    assert!(!heading.contains(Modifier::UNDERLINED), "{heading:?}");
    let prompt = modifiers_at(&app, "Any of these?");
    assert!(prompt.contains(Modifier::BOLD), "{prompt:?}");
    let answer = modifiers_at(&app, "Fever");
    assert!(!answer.contains(Modifier::BOLD), "{answer:?}");
    // The bar of the quote is dim, the disclaimer after it plain.
    let terminal = draw(&app, 80, 24);
    let (column, row) = place(&app, "│ Not a diagnosis");
    assert_eq!(terminal.backend().buffer()[(column, row)].fg, Color::Gray);
    // The middle, then the end: the rule is a line across, the last line in italics.
    key(&mut app, KeyCode::PageDown);
    insta::assert_snapshot!("a_summary_reads_as_a_document_middle", screen(&mut app));
    key(&mut app, KeyCode::End);
    let end = screen(&mut app);
    insta::assert_snapshot!("a_summary_reads_as_a_document_end", end);
    assert!(end.contains(&format!("\" {} ", "─".repeat(77))), "{end}");
    let made_by = modifiers_at(&app, "Small test questionnaire version 1.0.0");
    assert!(made_by.contains(Modifier::ITALIC), "{made_by:?}");
}

#[test]
fn a_wider_or_narrower_window_wraps_the_summary_again_as_a_fresh_layout_would() {
    let dir = tempfile::tempdir().unwrap();
    let q = questionnaire("small.toml");
    let mut app = opened(dir.path(), &raised_summary(&q));
    for (width, height) in [(41, 12), (57, 30), (80, 24), (133, 17), (200, 60), (45, 24)] {
        for scroll in ["", "⇟", "⇲"] {
            // Told the size (the summary laid out again, once) ...
            app.resize(width, height);
            press(&mut app, scroll);
            let told = draw(&app, width, height);
            // ... and the same frame drawn when the app was last told a narrower window (so
            // laid out for that frame alone, at the same scroll) look the same.
            app.resize(width - 1, height);
            let fresh = draw(&app, width, height);
            assert_eq!(
                told.backend().buffer(),
                fresh.backend().buffer(),
                "{width}x{height} {scroll:?}"
            );
            press(&mut app, "⇱");
        }
    }
    // Narrower, the title wraps under itself rather than being cut.
    press(&mut app, "⇱");
    let narrow = rows(&mut app, 40, 12);
    assert!(
        narrow.contains("\" Small test questionnaire: summary     "),
        "{narrow}"
    );
    assert!(narrow.contains("\" handed in by the patient "), "{narrow}");
}

#[test]
fn every_built_in_result_reads_as_a_document_in_both_languages() {
    let languages = painpath::default_languages().unwrap_or_else(|e| panic!("{e}"));
    let es = languages.get("es").expect("Spanish").clone();
    let cases =
        painpath::content::cases::load_cases(painpath::DEFAULT_CASES_NAME, painpath::DEFAULT_CASES)
            .expect("the built-in cases load");
    for q in [&languages.base, &es] {
        let dir = tempfile::tempdir().unwrap();
        let mut sent = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for case in &cases {
            let run = painpath::engine::cases::run_case(q, case);
            // One case of each result and rung is enough: the rest read the same.
            if !seen.insert(run.route.last().cloned()) {
                continue;
            }
            let given: Vec<painpath::engine::replay::GivenAnswer> = run.route
                [..run.route.len() - 1]
                .iter()
                .map(|step| step.replace('+', ",").parse().expect("q=a"))
                .collect();
            let session = painpath::engine::replay::replay(q, &given)
                .unwrap_or_else(|e| panic!("{}: {e:#}", case.name));
            let assessment = session.assessment().expect("a result");
            let code: String = format!("{:04}", sent.len())
                .chars()
                .map(|digit| "ACDEFGHJKM".as_bytes()[digit as usize - '0' as usize] as char)
                .collect();
            let markdown = report::summary_for(
                q,
                &assessment,
                datetime!(2026-11-21 09:00 UTC),
                Reader::Staff,
            );
            write_summary(dir.path(), &code, &markdown);
            sent.push((case.name.clone(), code));
        }
        let mut app = inbox(dir.path(), Instant::now());
        // Tall enough for a whole summary on one screen.
        app.resize(80, 400);
        for (name, code) in &sent {
            let index = app.entries().iter().position(|e| &e.code == code).unwrap();
            press(&mut app, "⇱");
            for _ in 0..index {
                key(&mut app, KeyCode::Down);
            }
            press(&mut app, "\n");
            let Screen::Summary(summary) = app.screen() else {
                panic!("{name}: {:?}", app.status());
            };
            let words = summary.document.plain_text();
            let markdown = fs::read_to_string(dir.path().join(format!("{code}.md"))).unwrap();
            let terminal = draw(&app, 80, 400);
            let buffer = terminal.backend().buffer();
            let shown = terminal.backend().to_string();
            assert!(
                summary.laid_out.len() < 390,
                "{name}: the whole summary is on screen:\n{shown}"
            );
            for row in shown.lines() {
                let row = row.trim_matches('"').trim_start();
                for mark in ["#", "**", "> ", "- ", "\\"] {
                    assert!(!row.starts_with(mark), "{name}: {row:?}");
                }
                assert!(!row.contains("**"), "{name}: {row:?}");
            }
            // Every word of the summary shows (a word cut at the edge goes on on the next row).
            let squeezed: String = shown
                .lines()
                .flat_map(|row| row.trim_matches('"').trim_end_matches(['█', '│']).chars())
                .filter(|c| !c.is_whitespace())
                .collect();
            for word in words.split_whitespace() {
                assert!(
                    squeezed.contains(word),
                    "{name}: {word:?} not shown:\n{shown}"
                );
            }
            // Each heading is drawn bold, without its hashes.
            for heading in markdown.lines().filter_map(|l| l.strip_prefix("## ")) {
                let heading: String = heading.replace('\\', "").chars().take(40).collect();
                let (column, row) = find(buffer, &heading)
                    .unwrap_or_else(|| panic!("{name}: {heading:?} not on screen:\n{shown}"));
                let modifier = buffer[(column, row)].modifier;
                assert!(modifier.contains(Modifier::BOLD), "{name}: {heading:?}");
            }
            press(&mut app, "\x1b");
        }
    }
}

#[test]
fn hostile_nested_emphasis() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("{}deep{}", "*".repeat(501), "*".repeat(501));
    let markdown = format!(
        "# Heading *with **nested** emphasis*\n\n\
         ***all three*** then **bold *both* bold** and *italic **both** italic*\n\n\
         *a **b *c **d *e **f*** g** h* i** j*\n\n\
         **unclosed *strong and __mixed_ underscores**\n\n\
         {}\n\n\
         _*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_*_\n\n\
         {deep}\n\nafter\n",
        "*".repeat(60)
    );
    let mut app = opened(dir.path(), &markdown);
    insta::assert_snapshot!(screen(&mut app));
    let both = Modifier::BOLD | Modifier::ITALIC;
    assert!(modifiers_at(&app, "all three").contains(both));
    assert!(modifiers_at(&app, "both bold").contains(both));
    let bold = modifiers_at(&app, "bold both");
    assert!(bold.contains(Modifier::BOLD) && !bold.contains(Modifier::ITALIC));
    let italic = modifiers_at(&app, "italic both");
    assert!(italic.contains(Modifier::ITALIC) && !italic.contains(Modifier::BOLD));
    // Five hundred and one stars deep is bold and italic, nothing more, and the text goes on after.
    assert!(modifiers_at(&app, "deep").contains(both));
    assert!(!modifiers_at(&app, "after").intersects(both));
    assert_nothing_hostile_drawn(&app);
}

#[test]
fn hostile_heading_made_of_escape_sequences() {
    let dir = tempfile::tempdir().unwrap();
    let markdown = "# \u{1b}[2J\u{1b}[H\u{1b}]0;owned\u{7}\u{1b}[31mred\u{9b}0m\u{1b}P+q\u{1b}\\\n\n\
                    ## &#27;[2J&#x1b;]8;;http://evil.example&#x1b;\\&#7;&#x202E;txt.exe&#0;\n\n\
                    ### \\#\\#\\# \\*\\*not bold\\*\\* \\\\ \\> \\- \\[x\\]\n\n\
                    #\n\n\
                    \u{1b}[5mblink\u{1b}[0m\n===\n\n\
                    ####### seven is not a heading\n\n\
                    #\u{200B}\u{2066}hidden\u{2069} tab\there\r\nend\u{2028}line\u{85}x\n";
    let mut app = opened(dir.path(), markdown);
    let shown = screen(&mut app);
    insta::assert_snapshot!(shown);
    assert_nothing_hostile_drawn(&app);
    // Each escape is shown as a replacement character, never sent; the headings are styled.
    let first = modifiers_at(&app, "\u{FFFD}[2J\u{FFFD}[H");
    assert!(
        first.contains(Modifier::BOLD | Modifier::UNDERLINED),
        "{first:?}"
    );
    assert!(modifiers_at(&app, "\u{FFFD}[2J\u{FFFD}]8;;").contains(Modifier::BOLD));
    assert!(modifiers_at(&app, "### **not bold**").contains(Modifier::BOLD));
    assert!(modifiers_at(&app, "\u{FFFD}[5mblink").contains(Modifier::BOLD));
    assert!(!modifiers_at(&app, "####### seven").contains(Modifier::BOLD));
}

#[test]
fn hostile_ten_thousand_character_lines() {
    let dir = tempfile::tempdir().unwrap();
    let word = "0123456789".repeat(1000);
    let words = "word ".repeat(2000);
    let brackets = "[".repeat(10_000);
    let markdown = format!(
        "# {}\n\n{word}\n\n- {words}\n\n{brackets}\n\n> {}\n\n`{}`\n\nThe end.\n",
        "H".repeat(10_000),
        "*a ".repeat(3333),
        "<".repeat(9_998)
    );
    let mut app = opened(dir.path(), &markdown);
    let top = screen(&mut app);
    insta::assert_snapshot!("hostile_ten_thousand_character_lines_top", top);
    let Screen::Summary(summary) = app.screen() else {
        panic!("open");
    };
    // Wrapped to the 77 columns of text, nothing dropped: the heading and the long word cut
    // into rows, the words of the list item under its bullet.
    let rows = summary.laid_out.len();
    let expected = 130 + 1 + 130 + 1 + 130 + 1 + 130 + 1 + 130 + 1 + 130 + 1 + 1;
    assert!(rows.abs_diff(expected) < 10, "{rows} rows");
    key(&mut app, KeyCode::End);
    let end = screen(&mut app);
    insta::assert_snapshot!("hostile_ten_thousand_character_lines_end", end);
    assert!(end.contains("\" The end."), "{end}");
    assert_nothing_hostile_drawn(&app);
}

#[test]
fn hostile_nesting_html_links_and_code() {
    let dir = tempfile::tempdir().unwrap();
    let markdown = format!(
        "{}too deep to indent further\n\n\
         {}a list three hundred deep\n\n\
         <script>alert(1)</script>\n\n\
         <!-- a comment is shown, not hidden -->\n\n\
         [innocent](javascript:alert(1)) and [spoof](<\u{1b}]8;;http://evil\u{1b}\\>) \
         ![image](http://x/y.png \"title\")\n\n\
         999999999. a number as large as Markdown allows\n\n\
         | a | table | is | text |\n|---|---|---|---|\n\n\
         ```\n\u{1b}[31mcode in red?\u{1b}[0m\n\tindented by a tab\n```\n\n\
         - \u{202E}reversed\u{202C} item\n- [ ] not a box\n\n\
         Setext\n---\n\n\
         [ref]: http://hidden.example\n",
        "> ".repeat(300),
        "- ".repeat(300)
    );
    let mut app = opened(dir.path(), &markdown);
    let top = screen(&mut app);
    insta::assert_snapshot!("hostile_nesting_html_links_and_code_top", top);
    key(&mut app, KeyCode::End);
    let end = screen(&mut app);
    insta::assert_snapshot!("hostile_nesting_html_links_and_code_end", end);
    assert_nothing_hostile_drawn(&app);
    // Nesting stops indenting at eight levels: the text keeps most of the width.
    assert!(
        top.contains(&format!("\" {}too deep", "│ ".repeat(8))),
        "{top}"
    );
    // A link shows where it goes.
    assert!(end.contains("innocent (javascript:alert(1))"), "{end}");
    assert!(modifiers_at(&app, "innocent").contains(Modifier::UNDERLINED));
}
