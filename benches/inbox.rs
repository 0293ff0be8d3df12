//! Criterion benches of the reception inbox on a large spool folder: 20,000 hand-offs (each a
//! summary and a response) and 20,000 other files, in a temporary folder. Opening it (the
//! first read and the first full frame), a key and its redraw, a look at the folder when
//! nothing changed, a notification of one new hand-off, the names alone (polling, when the
//! folder's stat changed) and the whole-folder check that runs every 30 seconds. The idle CPU of the real binary in a pty is `bench/inbox_idle.py`.
//!
//! `INBOX_BENCH_HANDOFFS=N` changes the size (default 20,000).

use std::fs;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use painpath::handoff::spool::Folder;
use painpath::ui::inbox::{App, Config, RACY, RESCAN};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

const ALPHABET: &[u8] = b"3469ACDEFGHJKMNPQRTUVWXY";

fn code(mut n: usize) -> String {
    let mut code = [0u8; 4];
    for c in code.iter_mut().rev() {
        *c = ALPHABET[n % ALPHABET.len()];
        n /= ALPHABET.len();
    }
    String::from_utf8(code.to_vec()).expect("ASCII")
}

/// Hand-off `i` as `spool::send` writes it: a front matter, a summary of about 2 KB.
fn write_handoff(dir: &Path, i: usize) {
    let urgencies = ["self-care", "soon", "emergency"];
    let code = code(i);
    let body = "Some line of the summary, as the report writes it.\n".repeat(40);
    let text = format!(
        "---\ncode: {code}\nauthored: 2026-11-{:02}T{:02}:{:02}:00Z\nurgency: {}\noutcome: knee\n\
         title: Knee pain, worse on stairs ({i})\n---\n\n# Your summary\n\n{body}",
        1 + i % 28,
        i % 24,
        i % 60,
        urgencies[i % 3]
    );
    fs::write(dir.join(format!("{code}.md")), text).expect("summary");
    fs::write(
        dir.join(format!("{code}.json")),
        "{\"resourceType\": \"QuestionnaireResponse\"}",
    )
    .expect("response");
}

fn handoffs() -> usize {
    std::env::var("INBOX_BENCH_HANDOFFS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000)
}

/// A folder of `n` hand-offs and `n` other files.
fn folder(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..n {
        write_handoff(dir.path(), i);
        fs::write(dir.path().join(format!("scan-{i}.pdf")), "not a hand-off").expect("other");
    }
    dir
}

fn terminal() -> Terminal<TestBackend> {
    match Terminal::new(TestBackend::new(80, 24)) {
        Ok(terminal) => terminal,
        Err(never) => match never {},
    }
}

fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    let drawn = terminal.draw(|frame| {
        let area = frame.area();
        frame.render_widget(app, area);
        if let Some(position) = app.cursor_position(area) {
            frame.set_cursor_position(position);
        }
    });
    if let Err(never) = drawn {
        match never {}
    }
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn bench_inbox(c: &mut Criterion) {
    let n = handoffs();
    let dir = folder(n);
    let mut group = c.benchmark_group(format!("inbox_{n}"));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));

    // What `painpath inbox` does before its first frame (but the terminal): read the folder,
    // lay out and draw the list.
    group.bench_function("open_first_frame", |b| {
        b.iter(|| {
            let mut app = App::new(dir.path(), Config::default());
            app.on_tick(Instant::now());
            assert_eq!(app.entries().len(), n);
            let mut terminal = terminal();
            draw(&mut terminal, &app);
            black_box(app)
        })
    });

    let mut app = App::new(dir.path(), Config::default());
    let t0 = Instant::now();
    app.on_tick(t0);
    app.resize(80, 24);
    let mut terminal = terminal();
    draw(&mut terminal, &app);
    group.sample_size(100);
    group.measurement_time(Duration::from_secs(5));
    // A key and the frame it asks for, as the loop sees them (Down and Up, so every key moves).
    group.bench_function("key_and_redraw", |b| {
        let mut down = true;
        b.iter(|| {
            let code = if down { KeyCode::Down } else { KeyCode::Up };
            down = !down;
            app.handle_key(key(code));
            draw(&mut terminal, &app);
        })
    });
    // End, Home: the list's two far ends.
    group.bench_function("end_home_and_redraw", |b| {
        b.iter(|| {
            app.handle_key(key(KeyCode::End));
            draw(&mut terminal, &app);
            app.handle_key(key(KeyCode::Home));
            draw(&mut terminal, &app);
        })
    });
    // The folder's stat every half second when nothing changed (polling; notifications do
    // even less).
    let mut at = t0 + RACY + RESCAN;
    app.on_tick(at);
    group.bench_function("idle_look", |b| {
        b.iter(|| {
            at += RESCAN;
            assert!(!app.on_tick(at));
        })
    });
    group.finish();

    let mut group = c.benchmark_group(format!("folder_{n}"));
    group.sample_size(20);
    let mut folder = Folder::new(dir.path());
    folder.rescan(t0).expect("read");
    // A notification of one new hand-off: stat and read that file, and rebuild the list.
    let mut next = n;
    group.bench_function("notified_new_hand_off", |b| {
        b.iter_batched(
            || {
                write_handoff(dir.path(), next);
                next += 1;
                [
                    format!("{}.json", code(next - 1)),
                    format!("{}.md", code(next - 1)),
                ]
            },
            |names| assert!(folder.refresh(names.iter().map(String::as_str), t0)),
            BatchSize::SmallInput,
        )
    });
    // What polling does when the folder's stat changed: the names alone (a stat only of
    // names new or listed with another inode; none here).
    group.bench_function("names_unchanged", |b| {
        b.iter(|| assert!(!folder.rescan_names(t0).expect("read")))
    });
    // The whole-folder check every 30 s when nothing changed: the names and a stat of each
    // hand-off, nothing read.
    group.bench_function("revalidate_unchanged", |b| {
        b.iter(|| assert!(!folder.rescan(t0).expect("read")))
    });
    group.finish();
}

criterion_group!(benches, bench_inbox);
criterion_main!(benches);
