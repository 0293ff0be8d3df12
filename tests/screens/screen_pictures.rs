//! The pictures in `docs/screens/` are the screens the code draws: each is drawn here at 80x24
//! with the built-in questions into a `TestBackend` and turned into SVG (`support/svg.rs`).
//! A picture that no longer matches fails the test; to draw them all again:
//!
//! ```text
//! PAINPATH_WRITE_SCREENS=1 cargo test --test screens screen_pictures
//! ```

use crate::common;
use crate::svg;

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use painpath::content::cases::load_cases;
use painpath::content::model::Questionnaire;
use painpath::engine::cases::run_case;
use painpath::engine::replay::{GivenAnswer, replay};
use painpath::engine::session::{Answer, Session};
use painpath::handoff::spool;
use painpath::ui::kiosk::config::KioskSettings;
use painpath::ui::kiosk::pin::PinHash;
use painpath::ui::kiosk::{Kiosk, KioskConfig};
use painpath::ui::{inbox, tui};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::Event;
use time::OffsetDateTime;
use time::macros::datetime;

use crate::common::screen::{Interface, digit, draw, find, press, typed};

const WIDTH: u16 = 80;
const HEIGHT: u16 = 24;
const WRITE: &str = "PAINPATH_WRITE_SCREENS";
/// The result shown: sciatica, "see someone soon" (a case of the shipped suite, by name).
const RESULT: (&str, &str) = ("nerve_root", "nerve: classic sciatica after lifting");
/// The hand-offs in the inbox: code, outcome, case.
const HANDOFFS: [(&str, &str, &str); 3] = [
    (
        "X4QH",
        "emergency_cauda_equina",
        "emergency: new trouble passing urine",
    ),
    ("M9TC", RESULT.0, RESULT.1),
    ("K9F3", "it_band", "IT band: a runner's outer knee"),
];
/// The inbox's folder as the picture shows it, in place of the temp folder's path.
const SHOWN_FOLDER: &str = "/srv/painpath/spool";

fn questions() -> Questionnaire {
    painpath::default_questionnaire().expect("built-in questions load")
}

/// A frame of an interface at 80x24, as the run loops draw it.
fn picture(app: &impl Interface) -> Buffer {
    draw(app, WIDTH, HEIGHT).backend().buffer().clone()
}

/// The route of a case of the shipped suite (`cases.toml`), as `question=option,option`.
fn case_route(name: &str) -> Vec<String> {
    let cases = load_cases(painpath::DEFAULT_CASES_NAME, painpath::DEFAULT_CASES)
        .expect("the shipped cases load");
    let case = cases
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no case named {name:?} in cases.toml"));
    let run = run_case(&questions(), case);
    assert!(run.passed(), "{name}: {:?}", run.failures);
    // The route ends with the outcome; its steps are `question=a+b`.
    let steps = &run.route[..run.route.len() - 1];
    steps.iter().map(|step| step.replace('+', ",")).collect()
}

/// The route replayed through the engine, checked to end at `outcome`.
fn session<'q>(q: &'q Questionnaire, outcome: &str, case: &str) -> Session<'q> {
    let route = case_route(case);
    let given: Vec<GivenAnswer> = route.iter().map(|a| a.parse().expect("q=a")).collect();
    let session = replay(q, &given).unwrap_or_else(|e| panic!("{outcome}: {e:#}"));
    let reached = session.assessment().map(|a| a.outcome.id.clone());
    assert_eq!(reached.as_deref(), Some(outcome), "{route:?}");
    session
}

/// The answers along the route, in the order they are asked.
fn answers(q: &Questionnaire, outcome: &str, case: &str) -> Vec<Answer> {
    let session = session(q, outcome, case);
    common::answers_as_listed(&session)
}

/// Types answers as a person would (see `typed`), each confirmed with Enter.
fn type_answers(app: &mut tui::App, answers: &[Answer]) {
    for answer in answers {
        press(app, &typed(answer));
        press(app, "\n");
    }
}

fn tui_app(q: &Questionnaire) -> tui::App<'_> {
    let mut app = tui::App::new(q, tui::Config::default());
    app.handle_event(&Event::Resize(WIDTH, HEIGHT));
    app
}

fn welcome(q: &Questionnaire) -> Buffer {
    picture(&tui_app(q))
}

/// The first question, "None of these" ticked.
fn question(q: &Questionnaire) -> Buffer {
    let mut app = tui_app(q);
    press(&mut app, "\n");
    press(&mut app, &digit(q.questions[0].options.len()));
    assert!(matches!(app.screen(), tui::Screen::Question(_)));
    picture(&app)
}

fn review(q: &Questionnaire) -> Buffer {
    let mut app = tui_app(q);
    press(&mut app, "\n");
    type_answers(&mut app, &answers(q, RESULT.0, RESULT.1));
    assert!(matches!(app.screen(), tui::Screen::Review { .. }));
    picture(&app)
}

fn result(q: &Questionnaire) -> Buffer {
    let mut app = tui_app(q);
    press(&mut app, "\n");
    type_answers(&mut app, &answers(q, RESULT.0, RESULT.1));
    press(&mut app, "⇲");
    press(&mut app, "\n");
    assert!(matches!(app.screen(), tui::Screen::Result { .. }));
    picture(&app)
}

/// The kiosk's welcome as it starts with the built-in questions: in English, with a button
/// for each language they come in.
fn kiosk_welcome(q: &Questionnaire) -> Buffer {
    let config = KioskConfig {
        settings: KioskSettings::default(),
        pin: PinHash::new("2468", b"salt", 2),
        handoff: true,
        tui: tui::Config::default(),
    };
    let built_in = painpath::default_languages().expect("built-in languages load");
    let spanish = built_in.get("es").expect("the built-in Spanish").clone();
    let languages = [q.clone(), spanish];
    let mut kiosk = Kiosk::with_languages(&languages, 0, config);
    kiosk.handle_event(&Event::Resize(WIDTH, HEIGHT));
    assert!(kiosk.on_welcome());
    let buffer = picture(&kiosk);
    for button in ["1  English", "2  Español"] {
        assert!(
            find(&buffer, button).is_some(),
            "the welcome offers {button}"
        );
    }
    buffer
}

/// Sends a finished session to `outcome` as the kiosk does, then renames it to `code`, so
/// that the picture does not depend on the random codes `spool::send` draws.
fn hand_off(dir: &Path, q: &Questionnaire, code: &str, session: &Session, at: OffsetDateTime) {
    let assessment = session.assessment().expect("a result");
    let sent = spool::send(dir, q, &assessment, at).expect("sent").code;
    let summary = fs::read_to_string(dir.join(format!("{sent}.md"))).expect("summary");
    let summary = summary.replacen(&format!("code: {sent}\n"), &format!("code: {code}\n"), 1);
    fs::write(dir.join(format!("{code}.md")), summary).expect("write summary");
    fs::rename(
        dir.join(format!("{sent}.json")),
        dir.join(format!("{code}.json")),
    )
    .expect("json");
    fs::remove_file(dir.join(format!("{sent}.md"))).expect("remove");
}

/// The inbox (times in UTC) with an emergency and two other hand-offs waiting.
fn inbox_list(q: &Questionnaire) -> Buffer {
    let dir = tempfile::tempdir().expect("temp dir");
    let times = [
        datetime!(2026-11-21 08:02 UTC),
        datetime!(2026-11-21 10:30 UTC),
        datetime!(2026-11-21 09:15 UTC),
    ];
    for ((code, outcome, route), at) in HANDOFFS.into_iter().zip(times) {
        hand_off(dir.path(), q, code, &session(q, outcome, route), at);
    }
    let mut app = inbox::App::new(dir.path(), inbox::Config::default());
    app.handle_event(&Event::Resize(WIDTH, HEIGHT));
    app.on_tick(Instant::now());
    assert_eq!(app.entries().len(), HANDOFFS.len());
    let mut buffer = picture(&app);
    // The temp folder's name, written over in its own style.
    let label = "Folder: ";
    let (x, y) = find(&buffer, label).expect("the folder is shown");
    let x = x + label.len() as u16;
    let folder = dir.path().display().to_string();
    let width = usize::from(WIDTH - x);
    let style = buffer[(x, y)].style();
    buffer.set_stringn(x, y, " ".repeat(folder.chars().count()), width, style);
    buffer.set_stringn(x, y, SHOWN_FOLDER, width, style);
    buffer
}

type Screen = fn(&Questionnaire) -> Buffer;

const SCREENS: [(&str, Screen); 6] = [
    ("welcome", welcome),
    ("question", question),
    ("review", review),
    ("result", result),
    ("kiosk-welcome", kiosk_welcome),
    ("inbox", inbox_list),
];

fn picture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/screens")
        .join(format!("{name}.svg"))
}

fn writing() -> bool {
    std::env::var_os(WRITE).is_some_and(|v| v == "1")
}

#[test]
fn the_pictures_in_docs_screens_show_what_the_code_draws() {
    let q = questions();
    let mut stale = Vec::new();
    for (name, screen) in SCREENS {
        let svg = svg::render(&screen(&q));
        let path = picture_path(name);
        if writing() {
            fs::create_dir_all(path.parent().expect("a folder")).expect("create docs/screens");
            fs::write(&path, svg).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        } else if fs::read_to_string(&path).ok().as_deref() != Some(svg.as_str()) {
            stale.push(format!("docs/screens/{name}.svg"));
        }
    }
    assert!(
        stale.is_empty(),
        "stale (or missing) screen pictures: {}\nthe code draws these screens differently now; \
         look at the change, then draw the pictures again with:\n    \
         {WRITE}=1 cargo test --test screens screen_pictures",
        stale.join(", ")
    );
}

#[test]
fn a_picture_is_stale_when_one_cell_differs() {
    let q = questions();
    let mut buffer = welcome(&q);
    let drawn = svg::render(&buffer);
    assert_eq!(
        drawn,
        svg::render(&buffer),
        "the same buffer, the same bytes"
    );
    let cell = &mut buffer[(40, 12)];
    let changed = if cell.symbol() == "X" { "Y" } else { "X" };
    cell.set_symbol(changed);
    let after = svg::render(&buffer);
    assert_ne!(after, drawn);
    if !writing() {
        let committed = fs::read_to_string(picture_path("welcome")).expect("welcome.svg");
        assert_eq!(committed, drawn, "welcome.svg is stale");
        assert_ne!(
            committed, after,
            "a changed cell must not match the picture"
        );
    }
}
