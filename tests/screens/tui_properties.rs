//! Properties of the TUI state and drawing, checked on generated input: every screen draws at
//! any window size from 1x1 to 200x60 without panicking, and random keys, clicks, wheel turns
//! and resizes never panic and keep the session consistent with what the screen shows.

use std::sync::LazyLock;

use painpath::content::model::{QuestionKind, Questionnaire, Target};
use painpath::engine::session::Session;
use painpath::ui::tui::{App, Config, Screen, Theme, ThemeName, draw_frame};
use proptest::prelude::*;
use ratatui::backend::Backend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::widgets::Widget;

use crate::common::screen::{key, press, questionnaire, terminal};

static EMBEDDED: LazyLock<Questionnaire> =
    LazyLock::new(|| match painpath::default_questionnaire() {
        Ok(q) => q,
        Err(err) => panic!("{err}"),
    });

static SMALL: LazyLock<Questionnaire> = LazyLock::new(|| questionnaire("small.toml"));

/// Draws the app into a fresh `width` x `height` terminal as the run loop does (one layout
/// for the frame and the cursor), and checks that this is what rendering the app as a widget
/// and placing the cursor apart draw, with the cursor inside the window.
fn draw(app: &App, width: u16, height: u16) {
    let mut terminal = terminal(width, height);
    let mut cursor = None;
    let drawn = terminal.draw(|frame| {
        draw_frame(app, frame);
        let area = frame.area();
        let mut apart = Buffer::empty(area);
        app.render(area, &mut apart);
        assert_eq!(frame.buffer_mut(), &apart, "draw_frame differs from render");
        cursor = app.cursor_position(area);
        if let Some(position) = cursor {
            assert!(
                area.contains(position),
                "cursor {position:?} outside {area:?}"
            );
        }
    });
    if let Err(never) = drawn {
        match never {}
    }
    let shown = terminal.backend_mut().get_cursor_position();
    if let (Some(expected), Ok(shown)) = (cursor, shown) {
        assert_eq!(shown, expected, "draw_frame placed the cursor elsewhere");
    }
}

/// Answers the question on screen with its first harmless option and confirms.
fn answer_harmlessly(app: &mut App) {
    let Screen::Question(choice) = app.screen() else {
        return;
    };
    let question = app.session().questionnaire().question(choice.question);
    let digit = match question.kind {
        QuestionKind::Scale => 3,
        QuestionKind::YesNo => 2,
        QuestionKind::Single | QuestionKind::Multiple => question
            .options
            .iter()
            .position(|o| o.exclusive)
            .or_else(|| question.options.iter().position(|o| !o.emergency))
            .map_or(1, |i| i + 1),
    };
    let digit = char::from_digit(u32::try_from(digit).unwrap_or(1), 10).unwrap_or('1');
    key(app, KeyCode::Char(digit));
    press(app, "\n");
}

/// Every kind of screen of `q`, with and without each popup, long screens also scrolled to
/// the end: the welcome, each question kind, an unconfirmed "pick one" message, the review and
/// the result.
fn every_screen(q: &Questionnaire, theme: ThemeName) -> Vec<App<'_>> {
    let config = Config {
        theme: Theme::new(theme, true),
        ..Config::default()
    };
    let mut app = App::new(q, config);
    let mut screens = vec![app.clone()];
    press(&mut app, "\n");
    let mut kinds = Vec::new();
    for _ in 0..q.questions.len() {
        let Screen::Question(choice) = app.screen() else {
            break;
        };
        let kind = q.question(choice.question).kind;
        if !kinds.contains(&kind) {
            kinds.push(kind);
            screens.push(app.clone());
            if kind == QuestionKind::Multiple {
                // Enter with nothing ticked: the engine's message shows under the options.
                let mut refused = app.clone();
                press(&mut refused, "\n");
                screens.push(refused);
            }
        }
        answer_harmlessly(&mut app);
    }
    assert!(
        matches!(app.screen(), Screen::Review { .. }),
        "reached the review"
    );
    screens.push(app.clone());
    press(&mut app, "\n");
    assert!(
        matches!(app.screen(), Screen::Result { .. }),
        "reached the result"
    );
    screens.push(app.clone());
    let mut end = app.clone();
    end.resize(40, 12);
    press(&mut end, "⇲");
    screens.push(end);
    let mut with_popups = Vec::new();
    for screen in &screens {
        for popup in ['?', 'q'] {
            let mut shown = screen.clone();
            key(&mut shown, KeyCode::Char(popup));
            with_popups.push(shown);
        }
    }
    screens.extend(with_popups);
    screens
}

static SCREENS: LazyLock<Vec<App<'static>>> = LazyLock::new(|| {
    let mut screens = every_screen(&EMBEDDED, ThemeName::Standard);
    screens.extend(every_screen(&SMALL, ThemeName::HighContrast));
    screens
});

/// The sizes around the layout's edges: 1, the minimum and either side of it, 80x24, the
/// largest. With the sampled sizes below they cover 1x1 to 200x60.
const EDGE_WIDTHS: [u16; 9] = [1, 2, 3, 39, 40, 41, 80, 199, 200];
const EDGE_HEIGHTS: [u16; 10] = [1, 2, 3, 5, 11, 12, 13, 24, 59, 60];

#[test]
fn every_screen_draws_at_the_edge_sizes() {
    assert!(SCREENS.len() >= 20, "only {} screens", SCREENS.len());
    for app in SCREENS.iter() {
        for width in EDGE_WIDTHS {
            for height in EDGE_HEIGHTS {
                // As the loop does after a resize event, and as a frame drawn before it.
                let mut resized = app.clone();
                resized.resize(width, height);
                draw(&resized, width, height);
                draw(app, width, height);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_screen_draws_at_any_size(
        screen in any::<prop::sample::Index>(),
        width in 1u16..=200,
        height in 1u16..=60,
        resize_first in any::<bool>(),
    ) {
        let mut app = screen.get(&SCREENS).clone();
        if resize_first {
            app.resize(width, height);
        }
        draw(&app, width, height);
    }
}

/// One input the loop can pass to the app.
fn event() -> impl Strategy<Value = Event> {
    let keys = prop_oneof![
        Just(KeyCode::Up),
        Just(KeyCode::Down),
        Just(KeyCode::Left),
        Just(KeyCode::Right),
        Just(KeyCode::Home),
        Just(KeyCode::End),
        Just(KeyCode::PageUp),
        Just(KeyCode::PageDown),
        Just(KeyCode::Enter),
        Just(KeyCode::Backspace),
        Just(KeyCode::Esc),
        Just(KeyCode::Tab),
        Just(KeyCode::F(1)),
        prop::sample::select(" 0123456789jkblqynrsx?".chars().collect::<Vec<_>>())
            .prop_map(KeyCode::Char),
    ];
    let modifiers = prop_oneof![
        8 => Just(KeyModifiers::NONE),
        1 => Just(KeyModifiers::CONTROL),
        1 => Just(KeyModifiers::SHIFT),
    ];
    let mouse_kind = prop_oneof![
        4 => Just(MouseEventKind::Down(MouseButton::Left)),
        1 => Just(MouseEventKind::Up(MouseButton::Left)),
        1 => Just(MouseEventKind::Down(MouseButton::Right)),
        1 => Just(MouseEventKind::ScrollDown),
        1 => Just(MouseEventKind::ScrollUp),
        1 => Just(MouseEventKind::Moved),
    ];
    prop_oneof![
        // Keys are most of the input; Enter and digits move the session along.
        6 => (keys, modifiers).prop_map(|(code, modifiers)| {
            Event::Key(KeyEvent::new(code, modifiers))
        }),
        3 => (mouse_kind, 0u16..210, 0u16..70).prop_map(|(kind, column, row)| {
            Event::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE })
        }),
        1 => (1u16..=200, 1u16..=60).prop_map(|(w, h)| Event::Resize(w, h)),
        1 => Just(Event::FocusGained),
    ]
}

/// The session agrees with itself and with the screen: every answer that counts lies on the
/// route, replaying those answers on a fresh session reaches the same place, and the screen
/// shows that place.
fn check_consistent(app: &App) -> Result<(), TestCaseError> {
    let session = app.session();
    let q = session.questionnaire();
    let mut replay = Session::new(q);
    for (i, visit) in session.trail().iter().enumerate() {
        prop_assert_eq!(
            replay.current(),
            Target::Question(visit.question),
            "step {} of the trail is not where the answers before it lead",
            i
        );
        let answer = session.answer_to(visit.question);
        prop_assert!(
            answer.is_some(),
            "no answer to {} on the route",
            visit.question.0
        );
        let moved = replay.answer(
            answer
                .cloned()
                .unwrap_or(painpath::engine::session::Answer::Scale(0)),
        );
        prop_assert!(moved.is_ok(), "replaying the answer failed: {:?}", moved);
        prop_assert_eq!(replay.trail().last(), Some(visit), "a different rule fired");
    }
    prop_assert_eq!(replay.current(), session.current(), "replay ends elsewhere");
    for (index, question) in q.questions.iter().enumerate() {
        let on_route = session.trail().iter().any(|v| v.question.0 == index);
        let answered = session.answer_to(painpath::content::model::QuestionIndex(index));
        prop_assert_eq!(
            on_route,
            answered.is_some(),
            "{} counts as answered off the route (or not on it)",
            question.id
        );
    }
    match app.screen() {
        Screen::Welcome { .. } => {
            prop_assert!(session.trail().is_empty(), "welcome with answers kept");
        }
        Screen::Question(choice) => {
            prop_assert_eq!(session.current(), Target::Question(choice.question));
            let question = q.question(choice.question);
            prop_assert_eq!(choice.picked.len(), question.options.len());
            let items = match question.kind {
                QuestionKind::Scale => 11,
                _ => question.options.len(),
            };
            prop_assert!(
                choice.cursor < items,
                "cursor {} of {}",
                choice.cursor,
                items
            );
        }
        Screen::Review { cursor, .. } => {
            prop_assert!(matches!(session.current(), Target::Outcome(_)));
            prop_assert!(*cursor <= session.trail().len());
        }
        Screen::Result { .. } => {
            prop_assert!(session.assessment().is_some(), "result without an outcome");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(160))]

    #[test]
    fn random_input_never_panics_and_keeps_the_session_consistent(
        embedded in any::<bool>(),
        events in prop::collection::vec(event(), 1..80),
    ) {
        let q: &Questionnaire = if embedded { &EMBEDDED } else { &SMALL };
        let mut app = App::new(q, Config::default());
        let (mut width, mut height) = (80, 24);
        for event in &events {
            if let Event::Resize(w, h) = event {
                (width, height) = (*w, *h);
            }
            let dirty = app.handle_event(event);
            if dirty {
                draw(&app, width, height);
            }
            check_consistent(&app)?;
        }
        draw(&app, width, height);
    }
}
