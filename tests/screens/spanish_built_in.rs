//! The built-in questions in Spanish, as patients see them: whole-screen snapshots of the TUI
//! and the kiosk at 80x24 (the English ones are in `tui_screens`, `kiosk_screens` and
//! `docs/screens/`), and every question of the case suite drawn in both layouts to show it
//! fits: its prompt and the button that goes on are on the screen, whole.

use crate::common;

use painpath::content::cases::load_cases;
use painpath::content::model::Questionnaire;
use painpath::engine::cases::run_case;
use painpath::engine::replay::{GivenAnswer, replay};
use painpath::engine::session::Answer;
use painpath::ui::kiosk::config::KioskSettings;
use painpath::ui::kiosk::pin::PinHash;
use painpath::ui::kiosk::{Kiosk, KioskConfig};
use painpath::ui::tui::{self, App};
use ratatui::crossterm::event::Event;

use crate::common::screen::{digit, press, rows, typed};

const WIDTH: u16 = 80;
const HEIGHT: u16 = 24;

/// The built-in questions in English and in Spanish.
pub(crate) fn both() -> Vec<Questionnaire> {
    let languages = painpath::default_languages().unwrap_or_else(|e| panic!("{e}"));
    let es = languages.get("es").expect("Spanish").clone();
    vec![languages.base, es]
}

/// The screen's words, rows joined, spaces and the quotes around rows squeezed out.
fn words_of(screen: &str) -> String {
    screen
        .lines()
        .map(|l| l.trim_matches('"'))
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Each case of the built-in suite, with its answers in the order they are asked.
pub(crate) fn case_answers(q: &Questionnaire) -> Vec<(String, Vec<Answer>)> {
    let cases = load_cases(painpath::DEFAULT_CASES_NAME, painpath::DEFAULT_CASES)
        .expect("the built-in cases load");
    cases
        .iter()
        .map(|case| {
            let run = run_case(q, case);
            assert!(run.passed(), "{}: {:?}", case.name, run.failures);
            let given: Vec<GivenAnswer> = run.route[..run.route.len() - 1]
                .iter()
                .map(|step| step.replace('+', ",").parse().expect("q=a"))
                .collect();
            let session = replay(q, &given).unwrap_or_else(|e| panic!("{e:#}"));
            (case.name.clone(), common::answers_as_listed(&session))
        })
        .collect()
}

fn tui_app(q: &Questionnaire) -> App<'_> {
    let mut app = App::new(q, tui::Config::default());
    app.handle_event(&Event::Resize(WIDTH, HEIGHT));
    app
}

pub(crate) fn kiosk_config() -> KioskConfig {
    KioskConfig {
        settings: KioskSettings::default(),
        pin: PinHash::new("2468", b"salt", 2),
        handoff: true,
        tui: tui::Config::default(),
    }
}

/// The route of the screen pictures' result (sciatica after lifting).
const RESULT_CASE: &str = "nerve: classic sciatica after lifting";

pub(crate) fn answers_of(q: &Questionnaire, name: &str) -> Vec<Answer> {
    case_answers(q)
        .into_iter()
        .find(|(case, _)| case == name)
        .map(|(_, answers)| answers)
        .expect("the case")
}

#[test]
fn tui_in_spanish() {
    let es = &both()[1];
    let mut app = tui_app(es);
    insta::assert_snapshot!("tui_welcome_es", rows(&mut app, WIDTH, HEIGHT));
    press(&mut app, "\n");
    press(&mut app, &digit(es.questions[0].options.len()));
    insta::assert_snapshot!("tui_first_question_es", rows(&mut app, WIDTH, HEIGHT));
    let mut app = tui_app(es);
    press(&mut app, "\n");
    for answer in answers_of(es, RESULT_CASE) {
        press(&mut app, &typed(&answer));
        press(&mut app, "\n");
    }
    assert!(matches!(app.screen(), tui::Screen::Review { .. }));
    insta::assert_snapshot!("tui_review_es", rows(&mut app, WIDTH, HEIGHT));
    press(&mut app, "⇲");
    press(&mut app, "\n");
    assert!(matches!(app.screen(), tui::Screen::Result { .. }));
    insta::assert_snapshot!("tui_result_es", rows(&mut app, WIDTH, HEIGHT));
}

#[test]
fn kiosk_in_both_languages() {
    let languages = both();
    let mut kiosk = Kiosk::with_languages(&languages, 0, kiosk_config());
    kiosk.handle_event(&Event::Resize(WIDTH, HEIGHT));
    let english = rows(&mut kiosk, WIDTH, HEIGHT);
    assert!(english.contains("1  English") && english.contains("2  Español"));
    insta::assert_snapshot!("kiosk_welcome_languages_en", english);
    press(&mut kiosk, "2");
    assert!(kiosk.on_welcome(), "choosing a language does not start");
    insta::assert_snapshot!(
        "kiosk_welcome_languages_es",
        rows(&mut kiosk, WIDTH, HEIGHT)
    );
    press(&mut kiosk, "\n");
    insta::assert_snapshot!("kiosk_first_question_es", rows(&mut kiosk, WIDTH, HEIGHT));
    for answer in answers_of(&languages[1], RESULT_CASE) {
        press(&mut kiosk, &typed(&answer));
        press(&mut kiosk, "\n");
    }
    press(&mut kiosk, "⇲");
    press(&mut kiosk, "\n");
    let result = rows(&mut kiosk, WIDTH, HEIGHT);
    let words = painpath::content::words::for_language("es");
    assert!(result.contains(&words.tui.buttons.send), "{result}");
    insta::assert_snapshot!("kiosk_result_es", result);
}

/// Every question the case suite asks, in the TUI and in the kiosk's touch layout, in both
/// languages: the start of its prompt and the button that goes on are on the screen whole.
#[test]
fn every_question_fits_the_screen_in_both_languages_and_layouts() {
    for q in &both() {
        let words = painpath::content::words::of(q);
        let next = &words.tui.buttons.next;
        let mut seen = std::collections::BTreeSet::new();
        for (name, answers) in case_answers(q) {
            let mut app = tui_app(q);
            let mut kiosk = Kiosk::new(q, kiosk_config());
            kiosk.handle_event(&Event::Resize(WIDTH, HEIGHT));
            press(&mut app, "\n");
            press(&mut kiosk, "\n");
            for answer in &answers {
                let tui::Screen::Question(choice) = app.screen() else {
                    panic!("{name}: not on a question");
                };
                let question = &q.questions[choice.question.0];
                // As the question first shows, before anything is picked.
                if seen.insert(question.id.clone()) {
                    let prompt: Vec<&str> = question.prompt.split_whitespace().take(6).collect();
                    let prompt = prompt.join(" ");
                    for (layout, shown) in [
                        ("TUI", rows(&mut app, WIDTH, HEIGHT)),
                        ("kiosk", rows(&mut kiosk, WIDTH, HEIGHT)),
                    ] {
                        let text = words_of(&shown);
                        assert!(
                            text.contains(&prompt),
                            "{} {layout}: {:?} not shown whole:\n{shown}",
                            q.meta.language,
                            prompt
                        );
                        assert!(
                            text.contains(next.as_str())
                                || text.contains(words.tui.buttons.see_result.as_str()),
                            "{} {layout}: no whole {next:?} button at {}:\n{shown}",
                            q.meta.language,
                            question.id
                        );
                    }
                }
                press(&mut app, &typed(answer));
                press(&mut kiosk, &typed(answer));
                press(&mut app, "\n");
                press(&mut kiosk, "\n");
            }
        }
        assert_eq!(seen.len(), q.questions.len(), "every question was drawn");
    }
}

/// The built-in Spanish (unpacked as the binary reads it) words painpath's own notes on its
/// sources in Spanish, and leaves an article's title as published.
#[test]
fn the_built_in_spanish_translates_painpaths_notes_on_its_sources_not_the_titles() {
    let both = both();
    let source = |q: &Questionnaire, id: &str| {
        q.sources
            .iter()
            .find(|s| s.id == id)
            .unwrap_or_else(|| panic!("{id}: no such source"))
            .clone()
    };
    let (en, es) = (&both[0], &both[1]);
    assert_eq!(
        source(es, "kneeback_si").title,
        "Knee Pain Due to Back Problems: Understanding the Connection (su parte sobre la \
         articulación sacroilíaca)"
    );
    assert_eq!(
        source(es, "nhs_hip").publisher.as_deref(),
        Some("Sitio web del NHS (servicio de salud del Reino Unido)")
    );
    assert_eq!(source(es, "kneeback").title, source(en, "kneeback").title);
    for (a, b) in en.sources.iter().zip(&es.sources) {
        assert_eq!(
            (&a.id, &a.date),
            (&b.id, &b.date),
            "dates are not translated"
        );
    }
    // No note of painpath's is left in English.
    for s in &es.sources {
        assert!(!s.title.contains("(its part on"), "{}: {}", s.id, s.title);
        let publisher = s.publisher.as_deref().unwrap_or("");
        assert!(!publisher.contains("website"), "{}: {publisher}", s.id);
    }
}
