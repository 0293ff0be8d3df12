//! An option's help, where a patient meets it: the help box (`?`) of the TUI lists it under
//! each option's label after the question's help, the kiosk's touch layout opens the same
//! box with a Help button, and plain mode's `?` lists it by the option's number. Snapshots of the
//! built-in `where` question at 80x24, in English and in Spanish.

use painpath::content::lint::{HELP_BOX_LINES, help_box_lines};
use painpath::content::model::{Question, Questionnaire};
use painpath::ui::kiosk::config::KioskSettings;
use painpath::ui::kiosk::pin::PinHash;
use painpath::ui::kiosk::{Kiosk, KioskConfig};
use painpath::ui::tui::{self, App};
use ratatui::crossterm::event::Event;

use crate::common::screen::{Interface, click, digit, draw, find, press, rows};
use crate::spanish_built_in::both;

const WIDTH: u16 = 80;
const HEIGHT: u16 = 24;

/// The keys from the welcome to `where`: no warning signs of either kind, aged 30 to 49.
fn to_where(q: &Questionnaire) -> String {
    let none = |id: &str| {
        let question = q.questions.iter().find(|x| x.id == id).expect(id);
        let at = question
            .options
            .iter()
            .position(|o| o.id == "none")
            .expect("none");
        format!("{}\n", digit(at + 1))
    };
    let age = q.questions.iter().find(|x| x.id == "age").expect("age");
    let band = age
        .options
        .iter()
        .position(|o| o.id == "30_49")
        .expect("30_49");
    format!(
        "\n{}{}{}\n",
        none("red_flags"),
        none("warning_signs"),
        digit(band + 1)
    )
}

fn on_where<'q>(app: &mut impl Interface, q: &'q Questionnaire) -> &'q Question {
    press(app, &to_where(q));
    q.questions.iter().find(|x| x.id == "where").expect("where")
}

fn tui_app(q: &Questionnaire) -> App<'_> {
    let mut app = App::new(q, tui::Config::default());
    app.handle_event(&Event::Resize(WIDTH, HEIGHT));
    app
}

fn kiosk(q: &Questionnaire) -> Kiosk<'_> {
    let mut kiosk = Kiosk::new(
        q,
        KioskConfig {
            settings: KioskSettings::default(),
            pin: PinHash::new("2468", b"salt", 2),
            handoff: false,
            tui: tui::Config::default(),
        },
    );
    kiosk.handle_event(&Event::Resize(WIDTH, HEIGHT));
    kiosk
}

/// The words inside the box drawn on `screen` (between its side borders), rows joined and
/// spaces squeezed, so that a wrapped text is found whole.
fn words_in_box(screen: &str) -> String {
    screen
        .lines()
        .filter_map(|l| {
            let inside = l.split_once('│')?.1;
            Some(inside.rsplit_once('│')?.0.to_string())
        })
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_help_box_of_where_explains_each_answer_in_both_languages() {
    for q in both() {
        let mut app = tui_app(&q);
        let question = on_where(&mut app, &q);
        press(&mut app, "?");
        let shown = rows(&mut app, WIDTH, HEIGHT);
        let text = words_in_box(&shown);
        let help = question.help.as_deref().expect("where has help");
        assert!(text.contains(help), "{shown}");
        let explained: Vec<_> = question
            .options
            .iter()
            .filter(|o| o.help.is_some())
            .collect();
        assert!(
            explained.len() >= 5,
            "side of the hip, groin, buttock, thighs"
        );
        let mut after = text.find(help).expect("the question's help first");
        for option in explained {
            let label = text[after..]
                .find(&option.label)
                .unwrap_or_else(|| panic!("{} not labelled in\n{shown}", option.id));
            let help = option.help.as_deref().unwrap_or_default();
            let at = text[after + label..]
                .find(help)
                .unwrap_or_else(|| panic!("{}'s help not under its label in\n{shown}", option.id));
            after += label + at + help.len();
        }
        // An option without help is not listed.
        assert!(!text.contains("Middle or upper back") && !text.contains("Parte media o alta"));
        insta::assert_snapshot!(format!("where_help_box_{}", q.meta.language), shown);
    }
}

#[test]
fn the_help_box_has_the_lines_the_lint_counts_and_the_keys_when_there_is_room() {
    let text = include_str!("../fixtures/small.toml").replacen(
        "  { id = \"fever\", label = \"Fever\", raises = \"soon\" },",
        "  { id = \"fever\", label = \"Fever\", help = \"Feeling hot and shivery counts.\", \
         raises = \"soon\" },",
        1,
    );
    let q =
        painpath::content::validate::load("small.toml", &text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(help_box_lines(&q.questions[0]), 2);
    let mut app = tui_app(&q);
    press(&mut app, "\n?");
    let terminal = draw(&app, WIDTH, HEIGHT);
    let buffer = terminal.backend().buffer();
    let (_, label) = find(buffer, "Fever").expect("the label");
    let (_, help) = find(buffer, "Feeling hot and shivery counts.").expect("the help");
    let (_, keys) = find(buffer, "j k").expect("the keys, since they fit");
    assert_eq!(
        (help, keys),
        (label + 1, label + 3),
        "label, help, a blank, the keys"
    );
    let (_, top) = find(buffer, "┌").expect("the box");
    assert_eq!(usize::from(keys - top - 2), help_box_lines(&q.questions[0]));
    // Too many for the box: the question's words stay, the keys go (the footer has them).
    let mut app = tui_app(&q);
    press(&mut app, "\n?");
    let shown = rows(&mut app, WIDTH, 12);
    assert!(shown.contains("Feeling hot and shivery counts."), "{shown}");
    assert!(!shown.contains("j k"), "{shown}");
}

#[test]
fn every_built_in_question_fits_its_help_box_at_80x24() {
    for q in both() {
        for question in &q.questions {
            assert!(
                help_box_lines(question) <= HELP_BOX_LINES,
                "{} {}: {} lines",
                q.meta.language,
                question.id,
                help_box_lines(question)
            );
        }
    }
}

#[test]
fn a_question_with_explained_answers_says_so_and_one_without_does_not() {
    for q in both() {
        let words = painpath::content::words::of(&q);
        // Its first words: beside the body map the cue may wrap.
        let cue: Vec<&str> = words
            .tui
            .help
            .answers_explained
            .split_whitespace()
            .take(3)
            .collect();
        let cue = cue.join(" ");
        let mut app = tui_app(&q);
        press(&mut app, "\n");
        assert!(rows(&mut app, WIDTH, HEIGHT).contains(cue.as_str()));
        let mut app = tui_app(&q);
        on_where(&mut app, &q);
        assert!(rows(&mut app, WIDTH, HEIGHT).contains(cue.as_str()));
        // Age has none.
        let mut app = tui_app(&q);
        let keys = to_where(&q);
        press(&mut app, &keys[..keys.len() - 2]);
        let shown = rows(&mut app, WIDTH, HEIGHT);
        assert!(shown.contains(&q.questions[2].prompt), "on age: {shown}");
        assert!(!shown.contains(cue.as_str()), "{shown}");
    }
}

#[test]
fn the_touch_layout_opens_what_the_answers_mean_with_a_button() {
    for q in both() {
        let mut kiosk = kiosk(&q);
        let question = on_where(&mut kiosk, &q);
        let help_button = &painpath::content::words::of(&q).tui.buttons.help;
        let terminal = draw(&kiosk, WIDTH, HEIGHT);
        let (x, y) = find(terminal.backend().buffer(), help_button)
            .unwrap_or_else(|| panic!("no {help_button} button on where"));
        click(&mut kiosk, x, y);
        let shown = rows(&mut kiosk, WIDTH, HEIGHT);
        let text = words_in_box(&shown);
        for option in question.options.iter().filter(|o| o.help.is_some()) {
            let help = option.help.as_deref().unwrap_or_default();
            let start: Vec<&str> = help.split_whitespace().take(6).collect();
            assert!(text.contains(&start.join(" ")), "{help}: {shown}");
        }
        insta::assert_snapshot!(format!("where_touch_{}", q.meta.language), shown);
        // A tap anywhere closes it, and ticks nothing.
        click(&mut kiosk, 1, 1);
        let shown = rows(&mut kiosk, WIDTH, HEIGHT);
        assert!(!shown.contains("[x]"), "{shown}");
        assert!(
            !words_in_box(&shown).contains(&question.options[0].help.clone().unwrap_or_default())
        );
    }
}

#[test]
fn plain_mode_lists_each_answers_help_by_its_number_on_question_mark() {
    for q in both() {
        // Plain mode has no welcome to leave: the answers, then `?` at `where`.
        let input = format!("{}?\n", &to_where(&q)[1..]);
        let mut out = Vec::new();
        let result = painpath::ui::plain::run_with_width(&q, input.as_bytes(), &mut out, None, 80);
        assert!(result.is_err(), "the input ends before a result");
        let out = String::from_utf8_lossy(&out);
        let question = q.questions.iter().find(|x| x.id == "where").expect("where");
        let help = question.help.as_deref().expect("where has help");
        let buttock = &question.options[2];
        let expected = format!(
            "{help}\n   1. {}\n      {}\n   3. {}\n      {}\n",
            question.options[0].label,
            question.options[0].help.as_deref().unwrap_or_default(),
            buttock.label,
            buttock.help.as_deref().unwrap_or_default()
        );
        assert!(out.contains(&expected), "{out}");
    }
}
