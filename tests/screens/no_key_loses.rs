//! No key loses anything: walked over every kind of screen (the welcome, the first question, a
//! question part-way, the review, the result, an emergency result) and every box that opens
//! over them (quit, start again, print, finish, save), in English and in Spanish, in the TUI
//! (with saving offered) and in the kiosk's touch layout. Two rules are checked:
//!
//! 1. Starting again and quitting ask first: no single key and no single click on any screen
//!    quits, clears an answer, or finishes the kiosk's session. Only a box's own "yes" does.
//! 2. A key never means one thing on a screen and another in a box over it: a key that says
//!    yes in a box does nothing on the screen below it, or opens that same box. (Typing in the
//!    save box's folder is typing, whatever the key does elsewhere.)

use painpath::content::model::{QuestionIndex, Questionnaire};
use painpath::engine::session::Answer;
use painpath::ui::keep::Keeper;
use painpath::ui::tui::{self, App, Confirm, Overlay, Request, Screen};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use crate::common::screen::{click, key, press, typed};
use crate::spanish_built_in::{answers_of, both};

const WIDTH: u16 = 80;
const HEIGHT: u16 = 24;

/// Every key a person might press: printable ASCII, letters of Spanish, and the named keys.
fn keys() -> Vec<KeyEvent> {
    let mut keys: Vec<KeyEvent> = (' '..='~')
        .chain("ñáéíóúü¿¡".chars())
        .map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
        .collect();
    keys.extend(
        [
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::Backspace,
            KeyCode::Delete,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::PageUp,
            KeyCode::PageDown,
        ]
        .map(|code| KeyEvent::new(code, KeyModifiers::NONE)),
    );
    keys.push(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    keys
}

/// What a key changed that a person would not get back: `None` if nothing was lost.
fn lost(before: &App, after: &mut App) -> Option<String> {
    if !after.is_running() {
        return Some("painpath quit".into());
    }
    if after.take_request() == Some(Request::Finish) {
        return Some("the kiosk's session finished".into());
    }
    let current = match before.screen() {
        Screen::Question(choice) => Some(choice.question),
        _ => None,
    };
    let questions = before.session().questionnaire().questions.len();
    (0..questions).map(QuestionIndex).find_map(|q| {
        let kept = before.session().remembered(q);
        let now = after.session().remembered(q);
        // Answering the question on screen changes its answer; nothing else may.
        (kept.is_some() && now != kept && Some(q) != current).then(|| {
            let id = &before.session().questionnaire().question(q).id;
            format!("the answer to {id} is gone")
        })
    })
}

/// The screens walked, each as an app standing on it.
fn screens<'q>(
    q: &'q Questionnaire,
    config: tui::Config,
    keeper: &'q Keeper<'q>,
) -> Vec<(&'static str, App<'q>)> {
    let new = || {
        let mut app = App::new(q, config).with_keeper(keeper);
        app.handle_event(&Event::Resize(WIDTH, HEIGHT));
        app
    };
    let answer = |app: &mut App, answers: &[Answer]| {
        for answer in answers {
            press(app, &typed(answer));
            press(app, "\n");
        }
    };
    let sciatica = answers_of(q, "nerve: classic sciatica after lifting");
    let emergency = answers_of(q, "emergency: saddle numbness");
    let mut walked = Vec::new();
    walked.push(("welcome", new()));
    let mut app = new();
    press(&mut app, "\n");
    walked.push(("the first question", app.clone()));
    answer(&mut app, &sciatica[..3]);
    walked.push(("a question part-way", app.clone()));
    answer(&mut app, &sciatica[3..]);
    assert!(
        matches!(app.screen(), Screen::Review { .. }),
        "reached the review"
    );
    walked.push(("the review", app.clone()));
    press(&mut app, "⇲\n");
    assert!(
        matches!(app.screen(), Screen::Result { .. }),
        "reached the result"
    );
    walked.push(("the result", app));
    let mut app = new();
    press(&mut app, "\n");
    answer(&mut app, &emergency);
    assert!(
        matches!(app.screen(), Screen::Result { .. }),
        "an emergency result at once"
    );
    walked.push(("an emergency result", app));
    walked
}

/// The boxes that open over `app`'s screen, each as the app with it open, and the key that
/// opened it.
fn boxes<'q>(app: &App<'q>) -> Vec<(KeyEvent, App<'q>)> {
    keys()
        .into_iter()
        .filter_map(|k| {
            let mut opened = app.clone();
            opened.handle_key(k);
            matches!(opened.overlay(), Some(Overlay::Confirm(_) | Overlay::Save))
                .then_some((k, opened))
        })
        .collect()
}

fn name(k: KeyEvent) -> String {
    match (k.code, k.modifiers) {
        (KeyCode::Char(c), KeyModifiers::CONTROL) => format!("Ctrl+{c}"),
        (KeyCode::Char(c), _) => format!("'{c}'"),
        (code, _) => format!("{code:?}"),
    }
}

fn walk(q: &Questionnaire, config: tui::Config, layout: &str) {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let keeper = Keeper::new(q, folder.path().to_path_buf(), time::UtcOffset::UTC);
    let language = &q.meta.language;
    let mut boxes_seen = 0;
    for (screen, app) in screens(q, config, &keeper) {
        let here = format!("{layout}, {language}, {screen}");
        // Rule 1: no key and no click on the screen loses anything.
        for k in keys() {
            let mut after = app.clone();
            after.handle_key(k);
            if let Some(what) = lost(&app, &mut after) {
                panic!("{here}: {} alone: {what}", name(k));
            }
        }
        for row in 0..HEIGHT {
            for column in (0..WIDTH).step_by(3) {
                let mut after = app.clone();
                click(&mut after, column, row);
                if let Some(what) = lost(&app, &mut after) {
                    panic!("{here}: a click at {column},{row}: {what}");
                }
            }
        }
        for (opener, opened) in boxes(&app) {
            boxes_seen += 1;
            let which = opened.overlay();
            let here = format!("{here}, the box {} opens ({which:?})", name(opener));
            let mut yes_keys = Vec::new();
            for k in keys() {
                let mut after = opened.clone();
                after.handle_key(k);
                let said_yes = match which {
                    // Saving loses nothing: its yes is the file written.
                    Some(Overlay::Save) => after.notice().is_some(),
                    _ => lost(&opened, &mut after).is_some(),
                };
                if said_yes {
                    yes_keys.push(k);
                }
            }
            assert!(!yes_keys.is_empty(), "{here}: no key says yes");
            // The yes the box names works.
            if let Some(Overlay::Confirm(_)) = which {
                let yes = painpath::content::words::of(q).common.yes_key();
                let named = yes
                    .chars()
                    .next()
                    .map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
                assert!(
                    named.is_some_and(|k| yes_keys.contains(&k)),
                    "{here}: \"{yes}\" does not say yes"
                );
            }
            // Rule 2: a key that says yes here does nothing on the screen, or opens this box.
            for k in yes_keys {
                let mut below = app.clone();
                below.handle_key(k);
                let same_box = below.overlay() == which;
                let nothing = below.overlay().is_none()
                    && below.screen() == app.screen()
                    && below.session().trail() == app.session().trail()
                    && below.take_request().is_none();
                assert!(
                    same_box || nothing,
                    "{here}: {} says yes in the box but on the screen it {}",
                    name(k),
                    match below.overlay() {
                        Some(other) => format!("opens {other:?}"),
                        None => format!("goes to {:?}", below.screen()),
                    }
                );
            }
        }
    }
    assert!(boxes_seen > 0, "{layout}, {language}: no box was opened");
}

#[test]
fn no_key_or_click_loses_anything_in_the_tui_in_either_language() {
    for q in &both() {
        walk(q, tui::Config::default(), "the TUI");
    }
}

#[test]
fn no_key_or_click_loses_anything_in_the_kiosk_layout_in_either_language() {
    let config = tui::Config {
        quit_keys: false,
        touch: true,
        handoff: true,
        ..tui::Config::default()
    };
    for q in &both() {
        walk(q, config, "the kiosk");
    }
}

/// The boxes this walk relies on are there: quitting, starting again, printing and saving
/// from the TUI's result each open a box; finishing the kiosk's does.
#[test]
fn each_box_opens_from_the_result() {
    for q in &both() {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let keeper = Keeper::new(q, folder.path().to_path_buf(), time::UtcOffset::UTC);
        let walked = screens(q, tui::Config::default(), &keeper);
        let result = &walked
            .iter()
            .find(|(name, _)| *name == "the result")
            .expect("a result")
            .1;
        let opened: Vec<Option<Overlay>> =
            boxes(result).iter().map(|(_, app)| app.overlay()).collect();
        for want in [
            Overlay::Confirm(Confirm::Quit),
            Overlay::Confirm(Confirm::StartAgain),
            Overlay::Confirm(Confirm::Print),
            Overlay::Save,
        ] {
            assert!(
                opened.contains(&Some(want)),
                "{}: {want:?} never opens",
                q.meta.language
            );
        }
        let touch = tui::Config {
            touch: true,
            quit_keys: false,
            ..tui::Config::default()
        };
        let walked = screens(q, touch, &keeper);
        let result = &walked
            .iter()
            .find(|(name, _)| *name == "the result")
            .expect("a result")
            .1;
        let mut kiosk = result.clone();
        key(&mut kiosk, KeyCode::Enter);
        assert_eq!(kiosk.overlay(), Some(Overlay::Confirm(Confirm::Finish)));
    }
}
