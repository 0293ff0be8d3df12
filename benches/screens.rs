//! Criterion benches of the TUI's hot path on the embedded questionnaire: drawing each kind of
//! screen into an 80x24 `TestBackend` as the run loop does, and handling one key. The loader
//! has benches of its own elsewhere; nothing here times loading.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use painpath::content::model::{QuestionKind, Questionnaire};
use painpath::ui::terminal::Interactive;
use painpath::ui::tui::{App, Config, Screen, draw_frame};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// The kind of the question on screen, if a question is on screen.
fn kind_on_screen(app: &App) -> Option<QuestionKind> {
    let Screen::Question(choice) = app.screen() else {
        return None;
    };
    Some(app.session().questionnaire().question(choice.question).kind)
}

/// Answers the question on screen with a harmless answer (never a warning sign) and confirms:
/// a multiple choice's "none", else its first harmless option; a single choice's last harmless
/// option (the first option of the age question, under 16, leads to a route of its own that
/// has no scale).
fn answer_harmlessly(app: &mut App) {
    let Screen::Question(choice) = app.screen() else {
        return;
    };
    let question = app.session().questionnaire().question(choice.question);
    let digit = match question.kind {
        QuestionKind::Scale => '3',
        QuestionKind::YesNo => '2',
        QuestionKind::Single | QuestionKind::Multiple => {
            let harmless = |o: &&painpath::content::model::ChoiceOption| !o.emergency;
            let safe = question
                .options
                .iter()
                .position(|o| o.exclusive)
                .or_else(|| match question.kind {
                    QuestionKind::Single => question.options.iter().rposition(|o| harmless(&o)),
                    _ => question.options.iter().position(|o| harmless(&o)),
                })
                .unwrap_or(0);
            char::from_digit(u32::try_from(safe + 1).unwrap_or(1), 10).unwrap_or('1')
        }
    };
    app.handle_key(key(KeyCode::Char(digit)));
    app.handle_key(key(KeyCode::Enter));
}

/// One app per screen kind, reached by walking the embedded questionnaire with keys.
fn screens(q: &Questionnaire) -> Vec<(&'static str, App<'_>)> {
    let mut app = App::new(q, Config::default());
    let mut found = vec![("welcome", app.clone())];
    app.handle_key(key(KeyCode::Enter));
    for _ in 0..q.questions.len() {
        let name = match kind_on_screen(&app) {
            Some(QuestionKind::Single) => "question_single",
            Some(QuestionKind::Multiple) => "question_multiple",
            Some(QuestionKind::Scale) => "question_scale",
            Some(QuestionKind::YesNo) => "question_yes_no",
            None => break,
        };
        if !found.iter().any(|(n, _)| *n == name) {
            found.push((name, app.clone()));
        }
        answer_harmlessly(&mut app);
    }
    assert!(
        matches!(app.screen(), Screen::Review { .. }),
        "reached the review"
    );
    found.push(("review", app.clone()));
    app.handle_key(key(KeyCode::Enter));
    assert!(
        matches!(app.screen(), Screen::Result { .. }),
        "reached the result"
    );
    found.push(("result", app));
    for wanted in ["question_single", "question_multiple", "question_scale"] {
        assert!(
            found.iter().any(|(n, _)| *n == wanted),
            "no {wanted} screen"
        );
    }
    found
}

/// What the run loop does for one frame: lay out, render, place the cursor, diff and flush.
fn draw(terminal: &mut Terminal<TestBackend>, app: &App) {
    let drawn = terminal.draw(|frame| draw_frame(app, frame));
    if let Err(never) = drawn {
        match never {}
    }
}

fn new_terminal() -> Terminal<TestBackend> {
    match Terminal::new(TestBackend::new(80, 24)) {
        Ok(terminal) => terminal,
        Err(never) => match never {},
    }
}

/// The run loop's own screen and backend.
struct LoopScreen {
    screen: painpath::ui::screen::Screen<painpath::ui::backend::CompactBackend<std::io::Sink>>,
}

impl LoopScreen {
    /// One frame as the loop draws it, and the next buffer made ready after it is sent.
    fn frame(&mut self, app: &App) {
        self.screen.draw(|area, buffer| app.draw(area, buffer)).ok();
        self.screen.prepare_next();
    }
}

fn bench_draw(c: &mut Criterion) {
    let q = painpath::default_questionnaire().expect("the embedded questions load");
    let mut group = c.benchmark_group("draw_80x24");
    for (name, mut app) in screens(&q) {
        app.resize(80, 24);
        let mut terminal = new_terminal();
        // Alternate with a blank frame so every iteration draws the whole screen again,
        // as after a change of screen, rather than diffing against itself.
        group.bench_function(name, |b| {
            b.iter(|| {
                terminal.clear().ok();
                draw(&mut terminal, black_box(&app));
            })
        });
    }
    group.finish();
    // Laying a screen out alone: what the cursor placement costs on top of rendering.
    let mut group = c.benchmark_group("layout_80x24");
    for (name, mut app) in screens(&q) {
        app.resize(80, 24);
        let area = app.area();
        group.bench_function(name, |b| b.iter(|| black_box(&app).cursor_position(area)));
    }
    group.finish();
}

fn bench_key(c: &mut Criterion) {
    let q = painpath::default_questionnaire().expect("the embedded questions load");
    let (_, app) = screens(&q)
        .into_iter()
        .find(|(name, _)| *name == "question_multiple")
        .expect("a multiple-choice question");
    let mut group = c.benchmark_group("key");
    group.bench_function("down_on_question", |b| {
        b.iter_batched_ref(
            || app.clone(),
            |app| black_box(app.handle_key(key(KeyCode::Down))),
            BatchSize::SmallInput,
        )
    });
    // A key and the frame it asks for, as the loop sees them on a question screen.
    let mut terminal = new_terminal();
    let mut moving = app.clone();
    draw(&mut terminal, &moving);
    group.bench_function("down_up_and_redraw", |b| {
        b.iter(|| {
            moving.handle_key(key(KeyCode::Down));
            draw(&mut terminal, &moving);
            moving.handle_key(key(KeyCode::Up));
            draw(&mut terminal, &moving);
        })
    });
    // The same through the loop's own screen and backend, as `painpath` runs it: the frame is
    // drawn whole and compared cell by cell, and the next buffer is blanked after it is sent.
    let area = ratatui::layout::Rect::new(0, 0, 80, 24);
    let mut screen = LoopScreen {
        screen: painpath::ui::screen::Screen::new(
            painpath::ui::backend::CompactBackend::new(std::io::sink()),
            area,
        ),
    };
    let mut moving = app.clone();
    moving.resize(80, 24);
    screen.frame(&moving);
    group.bench_function("down_up_and_redraw_on_the_loops_screen", |b| {
        b.iter(|| {
            moving.handle_key(key(KeyCode::Down));
            screen.frame(&moving);
            moving.handle_key(key(KeyCode::Up));
            screen.frame(&moving);
        })
    });
    group.finish();
}

criterion_group!(benches, bench_draw, bench_key);
criterion_main!(benches);
