//! The reception inbox as an `App`: a spool folder in a temp dir, a clock passed in, keys and
//! clicks in, state and whole screens (TestBackend, 80x24, insta snapshots) out.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use painpath::content::model::{Questionnaire, Urgency};
use painpath::engine::session::{Answer, Session};
use painpath::handoff::spool;
use painpath::output::report;
use painpath::ui::inbox::{self, App, Config, Overlay, RESCAN, Screen};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::style::Color;
use time::OffsetDateTime;
use time::macros::datetime;

fn small() -> Questionnaire {
    let text = include_str!("fixtures/small.toml");
    match painpath::content::validate::load("tests/fixtures/small.toml", text) {
        Ok(q) => q,
        Err(err) => panic!("{err}"),
    }
}

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
        report::summary(q, &assessment, at)
    );
    fs::write(dir.join(format!("{code}.md")), text).expect("write hand-off");
    fs::write(dir.join(format!("{code}.json")), "{}").expect("write response");
}

fn key(app: &mut App, code: KeyCode) -> bool {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// Sends keys: `\n` Enter, `v` Down, `^` Up, `<` Esc, anything else as itself.
fn press(app: &mut App, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            'v' => KeyCode::Down,
            '^' => KeyCode::Up,
            '<' => KeyCode::Esc,
            c => KeyCode::Char(c),
        };
        key(app, code);
    }
}

fn click(app: &mut App, column: u16, row: u16) -> bool {
    app.handle_mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
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

fn draw(app: &App) -> Terminal<TestBackend> {
    let mut terminal = match Terminal::new(TestBackend::new(80, 24)) {
        Ok(terminal) => terminal,
        Err(never) => match never {},
    };
    let drawn = terminal.draw(|frame| {
        let area = frame.area();
        frame.render_widget(app, area);
    });
    if let Err(never) = drawn {
        match never {}
    }
    terminal
}

/// The screen as text, the temp folder's path replaced so snapshots are stable.
fn screen(app: &mut App) -> String {
    app.resize(80, 24);
    let text = draw(app).backend().to_string();
    let dir = app.dir().display().to_string();
    let width = dir.chars().count();
    text.replace(&dir, &format!("{:<width$}", "[DIR]"))
}

/// Where a text is on the screen (column, row), the first time it shows.
fn find(app: &App, text: &str) -> (u16, u16) {
    let terminal = draw(app);
    let buffer = terminal.backend().buffer();
    for y in 0..24u16 {
        let row: String = (0..80u16).map(|x| buffer[(x, y)].symbol()).collect();
        if let Some(byte) = row.find(text) {
            let column = row[..byte].chars().count() as u16;
            return (column, y);
        }
    }
    panic!("{text:?} is not on the screen:\n{}", terminal.backend());
}

#[test]
fn a_new_hand_off_appears_at_the_first_tick_after_the_rescan_interval() {
    let dir = tempfile::tempdir().unwrap();
    let q = small();
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
    let q = small();
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
    let q = small();
    let t0 = Instant::now();
    let first = send(dir.path(), &q, 2, datetime!(2026-11-21 09:00 UTC));
    let second = send(dir.path(), &q, 2, datetime!(2026-11-21 10:00 UTC));
    let mut app = inbox(dir.path(), t0);
    press(&mut app, "v");
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
    let q = small();
    send(dir.path(), &q, 2, datetime!(2026-11-21 09:00 UTC));
    let mut app = inbox(dir.path(), Instant::now());
    app.resize(80, 24);
    press(&mut app, "\n");
    let Screen::Summary(summary) = app.screen() else {
        panic!("Enter opens the summary: {:?}", app.screen());
    };
    assert_eq!(summary.lines[0], "# Small test questionnaire: your summary");
    assert!(!summary.lines.iter().any(|l| l.starts_with("code: ")));
    assert_eq!(summary.scroll, 0);
    press(&mut app, "vv");
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
    press(&mut app, "<");
    assert_eq!(app.screen(), &Screen::List);
}

#[test]
fn a_click_on_an_entry_opens_it() {
    let dir = tempfile::tempdir().unwrap();
    let q = small();
    let older = send(dir.path(), &q, 2, datetime!(2026-11-21 09:00 UTC));
    send(dir.path(), &q, 2, datetime!(2026-11-21 10:00 UTC));
    let mut app = inbox(dir.path(), Instant::now());
    app.resize(80, 24);
    let (column, row) = find(&app, &older);
    assert!(click(&mut app, column, row));
    match app.screen() {
        Screen::Summary(summary) => assert_eq!(summary.entry.code, older),
        other => panic!("not opened: {other:?}"),
    }
}

#[test]
fn mark_done_asks_first_and_then_moves_both_files_to_done() {
    let dir = tempfile::tempdir().unwrap();
    let q = small();
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
    let q = small();
    let code = send(dir.path(), &q, 0, datetime!(2026-11-21 09:00 UTC));
    let mut app = inbox(dir.path(), Instant::now());
    app.resize(80, 24);
    let (column, row) = find(&app, "[ Mark done ]");
    click(&mut app, column + 2, row);
    let (column, row) = find(&app, "[ y  Yes, done ]");
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
fn files_that_are_not_hand_offs_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let q = small();
    let code = send(dir.path(), &q, 2, datetime!(2026-11-21 09:00 UTC));
    let good = fs::read_to_string(dir.path().join(format!("{code}.md"))).unwrap();
    // A copy under another name, notes, a half-written temp file with a whole front matter,
    // a folder and a lone response file.
    fs::write(dir.path().join("notes.md"), "# notes\n").unwrap();
    fs::write(dir.path().join("copy.md"), &good).unwrap();
    fs::write(dir.path().join("readme.txt"), &good).unwrap();
    fs::write(dir.path().join(format!(".{code}.md.4242.0.tmp")), &good).unwrap();
    fs::create_dir(dir.path().join("AAAA.md")).unwrap();
    fs::write(dir.path().join("CCCC.json"), "{}").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // A FIFO would block a reader that opened it.
        let fifo = dir.path().join("DDDD.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let locked = dir.path().join("EEEE.md");
        fs::write(&locked, good.replace(&code, "EEEE")).unwrap();
        fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
        // Root reads it anyway; then it is a hand-off like any other.
        if fs::read(&locked).is_ok() {
            fs::remove_file(&locked).unwrap();
        }
    }
    let app = inbox(dir.path(), Instant::now());
    assert_eq!(codes(&app), vec![code]);
    assert_eq!(app.folder_error(), None);
    // Only what is named like a hand-off and cannot be read is counted: the FIFO and the
    // folder (plus the locked file where permissions apply).
    let locked = usize::from(dir.path().join("EEEE.md").exists());
    assert_eq!(app.unreadable(), 2 + locked);
    let text = draw(&app).backend().to_string();
    assert!(
        text.contains(&format!("{} file(s) here cannot be read", 2 + locked)),
        "{text}"
    );
}

#[test]
fn control_and_bidi_characters_from_a_file_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "---\ncode: HHHH\nauthored: \u{1b}[2J2026\nurgency: soon\n\
                   outcome: red\u{1b}[31m\u{202E}gnp.exe\n---\n\n\
                   # Title\u{7}\n\u{1b}]0;owned\u{7}text\u{9b}31m\u{2066}x\r\n";
    fs::write(dir.path().join("HHHH.md"), hostile).unwrap();
    let mut app = inbox(dir.path(), Instant::now());
    assert_eq!(codes(&app), vec!["HHHH"]);
    let forbidden = |s: &str| s.chars().any(painpath::content::diagnostic::is_forbidden);
    for opened in [false, true] {
        if opened {
            press(&mut app, "\n");
            let Screen::Summary(summary) = app.screen() else {
                panic!("opened");
            };
            assert!(summary.lines.iter().all(|l| !forbidden(l)));
            assert!(summary.lines.iter().any(|l| l.contains("\u{FFFD}]0;owned")));
        }
        let terminal = draw(&app);
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
    let q = small();
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
    let q = small();
    let t0 = Instant::now();
    let code = send(&dir, &q, 2, datetime!(2026-11-21 09:00 UTC));
    let mut app = inbox(&dir, t0);
    // A shared folder that is unmounted for a while.
    let away = parent.path().join("away");
    fs::rename(&dir, &away).unwrap();
    assert!(app.on_tick(t0 + RESCAN));
    assert!(app.folder_error().is_some_and(|e| e.contains("spool")));
    assert_eq!(codes(&app), vec![code.clone()], "the list as last read");
    let text = draw(&app).backend().to_string();
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
    let q = small();
    write_handoff(dir.path(), &q, "K9F3", 2, datetime!(2026-11-21 19:48 UTC));
    let config = Config {
        local_offset: Some(time::macros::offset!(+1)),
        ..Config::default()
    };
    let mut app = App::new(dir.path(), config);
    app.on_tick(Instant::now());
    let text = draw(&app).backend().to_string();
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
    let q = small();
    three(dir.path(), &q);
    let mut app = inbox(dir.path(), Instant::now());
    assert_eq!(codes(&app), vec!["X4QH", "M9TC", "K9F3"]);
    insta::assert_snapshot!(screen(&mut app));
    // The urgency is in words and in colour: the emergency's cell is white on red.
    let terminal = draw(&app);
    let (column, row) = find(&app, "!! EMERGENCY");
    let cell = &terminal.backend().buffer()[(column, row)];
    assert_eq!((cell.fg, cell.bg), (Color::White, Color::Red));
    let (column, row) = find(&app, "Soon");
    assert_eq!(terminal.backend().buffer()[(column, row)].bg, Color::Yellow);
}

#[test]
fn open_summary() {
    let dir = tempfile::tempdir().unwrap();
    let q = small();
    three(dir.path(), &q);
    let mut app = inbox(dir.path(), Instant::now());
    press(&mut app, "\n");
    insta::assert_snapshot!(screen(&mut app));
}

#[test]
fn done_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let q = small();
    three(dir.path(), &q);
    let mut app = inbox(dir.path(), Instant::now());
    press(&mut app, "vd");
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
