//! The inbox with thousands of hand-offs: what a key, a redraw and an idle look at the folder
//! cost does not grow with the folder, and a look again re-reads only the files that changed;
//! and with a summary of a mebibyte open, a key and a redraw cost what they do with a short one.
//! Counted, not timed: allocations on this thread (the screens binary's global allocator,
//! `support/counting_alloc.rs`), and the files opened (inotify's open events on the folder).
//! The timings are in `benches/inbox.rs` and `bench/inbox_idle.py`.

use std::fs;
use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, CreateKind};
use notify::{Event, EventKind, RecursiveMode, Watcher};
use painpath::handoff::spool::Folder;
use painpath::ui::inbox::{App, Config, RACY, RESCAN, Screen};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;

use crate::common::screen::{draw_on, key, terminal};
use crate::counting_alloc::allocations;

const ALPHABET: &[u8] = b"3469ACDEFGHJKMNPQRTUVWXY";

/// The `n`th code (base 24 in the code alphabet).
fn code(mut n: usize) -> String {
    let mut code = [0u8; 4];
    for c in code.iter_mut().rev() {
        *c = ALPHABET[n % ALPHABET.len()];
        n /= ALPHABET.len();
    }
    String::from_utf8(code.to_vec()).expect("ASCII")
}

/// `n` hand-offs as `spool::send` writes them (a front matter, a summary, a response), and as
/// many other files.
fn fill(dir: &Path, n: usize) {
    let urgencies = ["self-care", "soon", "emergency"];
    for i in 0..n {
        let code = code(i);
        let text = format!(
            "---\ncode: {code}\nauthored: 2026-11-{:02}T{:02}:{:02}:00Z\nurgency: {}\n\
             outcome: knee\ntitle: Knee pain {i}\n---\n\n# Your summary\n\nSome text.\n",
            1 + i % 28,
            i % 24,
            i % 60,
            urgencies[i % 3]
        );
        fs::write(dir.join(format!("{code}.md")), text).expect("summary");
        fs::write(dir.join(format!("{code}.json")), "{}").expect("response");
        fs::write(dir.join(format!("note-{i}.txt")), "not a hand-off").expect("other file");
    }
}

/// An inbox on a folder of `n` hand-offs (and `n` other files), read, drawn once, and past
/// the moment after its first look when polling reads the folder at every look.
struct Large {
    _dir: tempfile::TempDir,
    app: App,
    terminal: Terminal<TestBackend>,
    now: Instant,
}

fn large(n: usize) -> Large {
    let dir = tempfile::tempdir().expect("temp dir");
    fill(dir.path(), n);
    let mut app = App::new(dir.path(), Config::default());
    let t0 = Instant::now();
    app.on_tick(t0);
    assert_eq!(app.entries().len(), n);
    app.resize(80, 24);
    let mut terminal = terminal(80, 24);
    draw_on(&mut terminal, &app);
    let now = t0 + RACY + RESCAN;
    app.on_tick(now);
    Large {
        _dir: dir,
        app,
        terminal,
        now,
    }
}

#[test]
fn a_key_and_its_redraw_cost_the_same_with_5000_entries_as_with_50() {
    let mut few = large(50);
    let mut many = large(5000);
    let cost = |inbox: &mut Large| {
        allocations(|| {
            for code in [KeyCode::Down, KeyCode::Down, KeyCode::Up, KeyCode::PageDown] {
                key(&mut inbox.app, code);
                draw_on(&mut inbox.terminal, &inbox.app);
            }
        })
    };
    let (few, many) = (cost(&mut few), cost(&mut many));
    // Only the rows on screen are laid out: the same work, give or take a longer title.
    assert!(few > 0, "the counter sees allocations");
    assert!(
        many <= few + few / 4,
        "{many} allocations with 5000 entries, {few} with 50"
    );
}

#[test]
fn an_idle_look_at_the_folder_costs_the_same_with_5000_entries_as_with_50() {
    let mut few = large(50);
    let mut many = large(5000);
    let cost = |inbox: &mut Large| {
        let at = inbox.now + RESCAN;
        inbox.now = at;
        allocations(|| {
            assert!(!inbox.app.on_tick(at), "nothing changed");
        })
    };
    let (few, many) = (cost(&mut few), cost(&mut many));
    // A stat of the folder alone: no file is listed or read when nothing changed.
    assert!(
        many <= few + 8,
        "{many} allocations with 5000 entries, {few} with 50"
    );
}

/// The names of the files opened in `dir` while `f` runs, by inotify.
fn opened_while(dir: &Path, f: impl FnOnce()) -> Vec<String> {
    let (sender, events) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<Event>| {
        let _ = sender.send(event);
    })
    .expect("watcher");
    watcher
        .watch(dir, RecursiveMode::NonRecursive)
        .expect("watch");
    f();
    // Events come in order: once the marker's creation is seen, every open before it was.
    fs::write(dir.join("marker"), "").expect("marker");
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut opened = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let event = events
            .recv_timeout(left)
            .expect("the marker's event")
            .expect("an event");
        let name = |event: &Event| {
            event.paths[0]
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
        };
        match event.kind {
            // The folder's own opens (reading its names) are not files opened.
            EventKind::Access(AccessKind::Open(_)) if event.paths[0] != dir => {
                opened.extend(name(&event));
            }
            EventKind::Create(CreateKind::File) if name(&event).as_deref() == Some("marker") => {
                break;
            }
            _ => {}
        }
    }
    fs::remove_file(dir.join("marker")).expect("marker");
    opened
}

#[test]
fn a_look_again_opens_only_the_files_that_changed() {
    let dir = tempfile::tempdir().expect("temp dir");
    fill(dir.path(), 300);
    let t0 = Instant::now();
    let mut folder = Folder::new(dir.path());
    let first = opened_while(dir.path(), || {
        folder.rescan(t0).expect("read");
    });
    assert_eq!(first.len(), 300, "every summary once, nothing else");
    assert!(first.iter().all(|n| n.ends_with(".md")));
    let again = opened_while(dir.path(), || {
        assert!(!folder.rescan(t0).expect("read"));
    });
    assert_eq!(again, Vec::<String>::new(), "no change, no file opened");
    // One summary rewritten (as an editor would), one removed, one new.
    let changed = format!("{}.md", code(7));
    let text = fs::read_to_string(dir.path().join(&changed)).expect("read");
    fs::write(
        dir.path().join(&changed),
        text.replace("Knee pain 7", "Hip"),
    )
    .expect("write");
    fs::remove_file(dir.path().join(format!("{}.md", code(8)))).expect("remove");
    fill_one(dir.path(), 300);
    let mut after = opened_while(dir.path(), || {
        assert!(folder.rescan(t0).expect("read"));
    });
    after.sort();
    assert_eq!(after, [changed, format!("{}.md", code(300))]);
    assert!(folder.entries().iter().any(|e| e.title == "Hip"));
    // A notification names a file: only that one is looked at.
    let named = opened_while(dir.path(), || {
        folder.refresh([format!("{}.md", code(9)).as_str()], t0);
    });
    assert_eq!(named, Vec::<String>::new(), "unchanged: not even opened");
}

fn fill_one(dir: &Path, i: usize) {
    let code = code(i);
    fs::write(dir.join(format!("{code}.json")), "{}").expect("response");
    fs::write(
        dir.join(format!("{code}.md")),
        format!(
            "---\ncode: {code}\nauthored: 2026-11-21T09:00:00Z\nurgency: soon\noutcome: o\n---\n"
        ),
    )
    .expect("summary");
}

/// An inbox at 80x24 with one summary open, `markdown` after its front matter, drawn once.
fn one_open(markdown: &str) -> (tempfile::TempDir, App, Terminal<TestBackend>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let code = code(0);
    let text = format!(
        "---\ncode: {code}\nauthored: 2026-11-21T09:00:00Z\nurgency: soon\noutcome: o\n\
         title: Back\n---\n\n{markdown}"
    );
    fs::write(dir.path().join(format!("{code}.md")), text).expect("summary");
    fs::write(dir.path().join(format!("{code}.json")), "{}").expect("response");
    let mut app = App::new(dir.path(), Config::default());
    app.on_tick(Instant::now());
    app.resize(80, 24);
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.screen(), Screen::Summary(_)), "opened");
    let mut terminal = terminal(80, 24);
    draw_on(&mut terminal, &app);
    (dir, app, terminal)
}

#[test]
fn scrolling_a_summary_of_a_mebibyte_costs_what_scrolling_a_short_one_does() {
    let cost = |markdown: &str| {
        let (_dir, mut app, mut terminal) = one_open(markdown);
        let cost = allocations(|| {
            for code in [KeyCode::Down, KeyCode::Down, KeyCode::PageDown, KeyCode::Up] {
                key(&mut app, code);
                draw_on(&mut terminal, &app);
            }
        });
        key(&mut app, KeyCode::End);
        draw_on(&mut terminal, &app);
        (cost, terminal.backend().to_string())
    };
    // Past the inbox's limit, in many paragraphs or in one line of words: laid out once, when
    // opened, so a key and its frame lay out only the rows on screen.
    let paragraph = "Some **line** of the summary, as the *report* writes it.\n\n";
    let item = "word *and* **word** ";
    for (short, huge) in [
        (paragraph.repeat(40), paragraph.repeat(1 << 15)),
        (
            format!("- {}", item.repeat(200)),
            format!("- {}", item.repeat(1 << 16)),
        ),
    ] {
        assert!(huge.len() > painpath::ui::inbox::app::SUMMARY_LIMIT);
        let (few, _) = cost(&short);
        let (many, end) = cost(&huge);
        assert!(few > 0, "the counter sees allocations");
        assert!(
            many <= few + few / 4,
            "{many} allocations with a summary of {} bytes, {few} with {} bytes",
            huge.len(),
            short.len()
        );
        // The end says the rest was left out.
        assert!(end.contains("(The rest is not shown"), "{end}");
    }
}
