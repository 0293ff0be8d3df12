//! What a rung says to do until the person is seen (`until_seen`) and its own heading for the
//! advice (`advice_heading`), on tests/fixtures/until_seen.toml and its Spanish: the engine
//! shows the final rung's (after any raise), and every view puts the items first, under the
//! heading line and the "raised" line, before the outcome's title and explanation.

use painpath::content::cases::load_cases;
use painpath::content::model::Questionnaire;
use painpath::content::translate::translate;
use painpath::engine::cases::{run_case, uncovered};
use painpath::engine::session::{Answer, Assessment, Session};
use painpath::handoff::spool;
use painpath::output::report::summary;
use painpath::ui::plain::write_result;
use painpath::ui::tui::{App, Config};
use time::macros::datetime;

use crate::common::screen::{press, questionnaire, rows};

const FIXTURE: &str = include_str!("../fixtures/until_seen.toml");
const SPANISH: &str = include_str!("../fixtures/until_seen.es.toml");

fn spanish(text: &str) -> Result<Questionnaire, String> {
    translate(
        &questionnaire("until_seen.toml"),
        "until_seen.es.toml",
        text,
    )
    .map(|(q, _)| q)
    .map_err(|e| e.to_string())
}

/// flags: saddle, fever, none; where: back, hip, knee; groin: yes, no; then a scale.
/// Fever raises the back's self-care to soon.
fn raised() -> Vec<Answer> {
    vec![
        Answer::many([1]),
        Answer::one(0),
        Answer::one(1),
        Answer::Scale(3),
    ]
}

/// Back pain scored 9 with no warning sign: the bad back's own rung, soon.
fn soon_without_fever() -> Vec<Answer> {
    vec![
        Answer::many([2]),
        Answer::one(0),
        Answer::one(1),
        Answer::Scale(9),
    ]
}

/// The knee with no warning sign: self-care.
fn self_care() -> Vec<Answer> {
    vec![Answer::many([2]), Answer::one(2)]
}

fn finished(q: &Questionnaire, answers: Vec<Answer>) -> Session<'_> {
    let mut session = Session::new(q);
    for answer in answers {
        session.answer(answer).expect("answered");
    }
    session
}

fn until_seen<'q>(assessment: &Assessment<'q>) -> Vec<&'q str> {
    let shown = &assessment.shown.until_seen;
    shown.iter().map(|p| p.text.as_str()).collect()
}

/// Where `part` starts in `text`, or a panic that shows the text.
fn at(text: &str, part: &str) -> usize {
    text.find(part)
        .unwrap_or_else(|| panic!("{part:?} is not in:\n{text}"))
}

/// Asserts that the parts are in `text`, in this order.
fn in_order(text: &str, parts: &[&str]) {
    let places: Vec<usize> = parts.iter().map(|p| at(text, p)).collect();
    assert!(
        places.windows(2).all(|w| w[0] < w[1]),
        "{parts:?} are not in this order in:\n{text}"
    );
}

#[test]
fn the_final_rung_shows_its_until_seen_items_whose_conditions_hold() {
    let q = questionnaire("until_seen.toml");
    // Raised from self-care to soon by the fever: soon's items, the fever one too, and none
    // of self-care's.
    let session = finished(&q, raised());
    let a = session.assessment().expect("a result");
    assert_eq!(
        (a.base.id.as_str(), a.disposition.id.as_str()),
        ("self_care", "soon")
    );
    assert_eq!(
        until_seen(&a),
        [
            "Take simple painkillers if they suit you.",
            "Drink plenty while you have the fever."
        ]
    );
    let names = a.shown.names(a.outcome, a.disposition);
    assert!(
        names.contains(&"soon.until_seen.1".to_string()),
        "{names:?}"
    );
    assert!(names.contains(&"soon.fever".to_string()), "{names:?}");
    assert!(
        !names.iter().any(|n| n.starts_with("self_care.")),
        "{names:?}"
    );

    // Soon as the outcome's own rung, without a fever: the fever item is left out.
    let session = finished(&q, soon_without_fever());
    let a = session.assessment().expect("a result");
    assert_eq!(a.disposition.id, "soon");
    assert_eq!(
        until_seen(&a),
        ["Take simple painkillers if they suit you."]
    );

    let session = finished(&q, self_care());
    let a = session.assessment().expect("a result");
    assert_eq!(
        until_seen(&a),
        ["Note how the pain changes from day to day."]
    );
    let names = a.shown.names(a.outcome, a.disposition);
    assert!(
        names.contains(&"self_care.until_seen.1".to_string()),
        "{names:?}"
    );

    // The emergency rung has none.
    let session = finished(&q, vec![Answer::many([0])]);
    let a = session.assessment().expect("a result");
    assert!(a.shown.until_seen.is_empty());
    assert_eq!(a.disposition.advice_heading, None);
}

#[test]
fn the_advice_heading_is_the_final_rungs() {
    let q = questionnaire("until_seen.toml");
    let session = finished(&q, raised());
    let a = session.assessment().expect("a result");
    assert_eq!(
        a.disposition.advice_heading.as_deref(),
        Some("Once a doctor has checked you, these may help")
    );
    assert_eq!(
        a.base.advice_heading.as_deref(),
        Some("What helps at home"),
        "the outcome's own rung has another, which a raise replaces"
    );
}

#[test]
fn the_summary_shows_until_seen_first_and_the_rungs_advice_heading() {
    let q = questionnaire("until_seen.toml");
    let session = finished(&q, raised());
    let a = session.assessment().expect("a result");
    let text = summary(&q, &a, datetime!(2026-11-21 19:48:05 UTC));
    in_order(
        &text,
        &[
            "## Result: Back",
            "**Soon: see a doctor or physiotherapist within a day or two**",
            "We moved this up from \"Self-care\" because you said: Fever.",
            "**What to do until you are seen**\n\n\
             - Take simple painkillers if they suit you.\n\
             - Drink plenty while you have the fever.\n\n",
            "B.",
            "## Why",
            "## Once a doctor has checked you, these may help\n\n- Keep gently active.",
            "## When to get help",
        ],
    );
    assert!(!text.contains("What you can do now"), "{text}");
    assert!(!text.contains("What helps at home"), "{text}");
    assert!(!text.contains("Note how the pain"), "{text}");
}

#[test]
fn the_hand_off_names_the_until_seen_items_shown() {
    let dir = tempfile::tempdir().expect("a folder");
    let q = questionnaire("until_seen.toml");
    let session = finished(&q, raised());
    let a = session.assessment().expect("a result");
    let sent = spool::send(dir.path(), &q, &a, datetime!(2026-11-21 19:48:05 UTC)).expect("sent");
    let text = std::fs::read_to_string(&sent.summary).expect("the summary");
    let shown = text
        .lines()
        .find_map(|l| l.strip_prefix("shown: "))
        .unwrap_or_else(|| panic!("no shown line in:\n{text}"));
    let names: Vec<&str> = shown.split(' ').collect();
    assert!(names.contains(&"soon.until_seen.1"), "{shown}");
    assert!(names.contains(&"soon.fever"), "{shown}");
    in_order(
        &text,
        &["What to do until you are seen", "Drink plenty", "B."],
    );
}

#[test]
fn plain_mode_shows_until_seen_first_and_the_rungs_advice_heading() {
    let q = questionnaire("until_seen.toml");
    let session = finished(&q, raised());
    let a = session.assessment().expect("a result");
    let mut out = Vec::new();
    write_result(&q, &a, 80, &mut out).expect("written");
    let text = String::from_utf8(out).expect("UTF-8");
    in_order(
        &text,
        &[
            "Soon: see a doctor",
            "We moved this up from \"Self-care\" because you said: Fever.",
            "What to do until you are seen:\n  - Take simple painkillers if they suit you.\n  \
             - Drink plenty while you have the fever.\n",
            "B.",
            "Once a doctor has checked you, these may help:\n  - Keep gently active.",
        ],
    );
    assert!(!text.contains("What you can do now"), "{text}");
}

#[test]
fn the_result_screen_shows_until_seen_first_and_the_rungs_advice_heading() {
    let q = questionnaire("until_seen.toml");
    let mut app = App::new(&q, Config::default());
    // Start; fever; low back; no groin pain; 3; see the result.
    press(&mut app, "\n2\n1\nn\n3\n\n");
    let text = rows(&mut app, 80, 40);
    in_order(
        &text,
        &[
            "Soon: see a doctor",
            "We moved this up from \"Self-care\" because you said: Fever.",
            "What to do until you are seen",
            "• Take simple painkillers if they suit you.",
            "• Drink plenty while you have the fever.",
            " Back ",
            " B. ",
            "Why this result",
            "Once a doctor has checked you, these may help",
            "• Keep gently active.",
            "When to get help",
        ],
    );
    assert!(!text.contains("What you can do now"), "{text}");
}

#[test]
fn a_rung_without_the_fields_changes_nothing() {
    let q = questionnaire("small.toml");
    let session = finished(&q, vec![Answer::many([2]), Answer::one(2)]);
    let a = session.assessment().expect("a result");
    assert!(a.shown.until_seen.is_empty());
    let text = summary(&q, &a, datetime!(2026-11-21 19:48:05 UTC));
    assert!(!text.contains("until you are seen"), "{text}");
    assert!(text.contains("## What you can do now\n\n- Rest."), "{text}");
    let mut out = Vec::new();
    write_result(&q, &a, 80, &mut out).expect("written");
    let plain = String::from_utf8(out).expect("UTF-8");
    assert!(!plain.contains("until you are seen"), "{plain}");
    in_order(
        &plain,
        &[
            "Self-care: look after it at home\n\nK.",
            "What you can do now:",
        ],
    );
}

#[test]
fn the_spanish_until_seen_and_advice_heading_replace_the_english() {
    let es = spanish(SPANISH).unwrap_or_else(|e| panic!("{e}"));
    let soon = &es.dispositions[1];
    let texts: Vec<(&str, &str)> = soon
        .until_seen
        .iter()
        .map(|p| (p.id.as_str(), p.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            (
                "until_seen.1",
                "Tome analgésicos sencillos si le sientan bien."
            ),
            ("fever", "Beba mucho mientras tenga fiebre."),
        ]
    );
    assert_eq!(
        soon.advice_heading.as_deref(),
        Some("Cuando un médico le haya visto, esto puede ayudar")
    );
    let session = finished(&es, raised());
    let a = session.assessment().expect("a result");
    let text = summary(&es, &a, datetime!(2026-11-21 19:48:05 UTC));
    in_order(
        &text,
        &[
            "Lo hemos subido desde «Autocuidado» porque nos dijo: Fiebre.",
            "**Qué hacer hasta que le atiendan**\n\n- Tome analgésicos",
            "- Beba mucho mientras tenga fiebre.",
            "Es.",
            "## Cuando un médico le haya visto, esto puede ayudar",
        ],
    );
    assert!(!text.contains("Qué puede hacer ahora"), "{text}");
}

#[test]
fn a_spanish_until_seen_of_another_length_or_a_missing_advice_heading_is_refused() {
    let longer = SPANISH.replace(
        "until_seen = [\"Anote cómo cambia el dolor de un día a otro.\"]",
        "until_seen = [\"Anote cómo cambia el dolor.\", \"De más.\"]",
    );
    assert_ne!(longer, SPANISH);
    let err = spanish(&longer).expect_err("refused");
    let line = longer
        .lines()
        .position(|l| l.contains("De más."))
        .expect("the line")
        + 1;
    assert!(
        err.contains(&format!("until_seen.es.toml:{line}:")),
        "{err}"
    );
    assert!(
        err.contains("`until_seen` has 2 item(s), the questions' has 1"),
        "{err}"
    );

    let without = SPANISH.replace("advice_heading = \"Qué ayuda en casa\"\n", "");
    let err = spanish(&without).expect_err("refused");
    assert!(
        err.contains("[dispositions.self_care] has no `advice_heading`"),
        "{err}"
    );

    // A rung without until_seen or advice_heading in the questions has none to translate.
    let extra = SPANISH.replace(
        "safety_net = \"Llame al número de emergencias.\"\n",
        "safety_net = \"Llame al número de emergencias.\"\nadvice_heading = \"De más\"\n",
    );
    let err = spanish(&extra).expect_err("refused");
    assert!(
        err.contains("translates `advice_heading`, which the questions do not have"),
        "{err}"
    );
}

#[test]
fn cases_can_say_which_until_seen_items_show() {
    let q = questionnaire("until_seen.toml");
    let cases = load_cases(
        "until_seen_cases.toml",
        r#"
        [[cases]]
        name = "a fever raises her back pain to soon"
        story = "40, low back pain and a temperature."
        outcome = "back_result"
        disposition = "soon"
        shows = ["soon.until_seen.1", "soon.fever"]
        hides = ["self_care.until_seen.1"]
        [cases.answers]
        flags = ["fever"]
        where = "back"
        groin = "no"
        severity = 3

        [[cases]]
        name = "bad back pain, no fever"
        story = "40, low back pain scored 9."
        outcome = "back_bad"
        disposition = "soon"
        shows = ["soon.until_seen.1"]
        hides = ["soon.fever"]
        [cases.answers]
        flags = ["none"]
        where = "back"
        groin = "no"
        severity = 9
        "#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for case in &cases {
        let run = run_case(&q, case);
        assert!(run.passed(), "{}: {:?}", case.name, run.failures);
    }
    // Both cases together show and hide the conditional item.
    let left = uncovered(&q, &cases);
    assert!(!left.iter().any(|u| u.name == "soon.fever"), "{left:?}");
    // The first case alone never hides it.
    let left = uncovered(&q, &cases[..1]);
    assert!(left.iter().any(|u| u.name == "soon.fever"), "{left:?}");

    let mut wrong = cases[1].clone();
    wrong.shows.push("soon.fever".to_string());
    let run = run_case(&q, &wrong);
    assert_eq!(
        run.failures,
        ["\"soon.fever\" is not shown, expected it to be"]
    );
}

#[test]
fn check_warns_about_an_until_seen_item_that_never_shows_and_a_long_advice_heading() {
    let text = FIXTURE
        .replace(
            "  { id = \"fever\", text",
            "  { id = \"never\", text = \"Never.\", all = [\"flags.fever\"], none = [\"flags.fever\"] },\n  { id = \"fever\", text",
        )
        .replace(
            "advice_heading = \"What helps at home\"",
            &format!("advice_heading = \"{}\"", "Long ".repeat(16)),
        );
    let q = painpath::content::validate::load("long.toml", &text).unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<String> = painpath::content::lint::warnings(&q, &text, "long.toml")
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("text \"soon.never\" can never show")),
        "{warnings:#?}"
    );
    assert!(
        warnings.iter().any(|w| w.contains(
            "the advice_heading of disposition \"self_care\" is 80 characters"
        )),
        "{warnings:#?}"
    );
    // The fixture itself has only small.toml's warning (an outcome reached by defaults).
    let clean = painpath::content::lint::warnings(
        &questionnaire("until_seen.toml"),
        FIXTURE,
        "until_seen.toml",
    );
    assert!(
        clean
            .iter()
            .all(|w| w.message.contains("only through defaults")),
        "{clean:#?}"
    );
}

#[test]
fn the_fields_survive_packing() {
    use painpath::content::packed::{pack, unpack};
    let q = questionnaire("until_seen.toml");
    let back: Questionnaire = unpack(&pack(&q)).expect("unpacks");
    assert_eq!(format!("{back:?}"), format!("{q:?}"));
    assert_eq!(back.dispositions[2].until_seen.len(), 1);
    assert_eq!(
        back.dispositions[2].advice_heading.as_deref(),
        Some("What helps at home")
    );
}

#[test]
fn a_result_on_its_own_rung_keeps_the_usual_advice_heading() {
    // The bad back's own rung is soon: its advice was written for that rung, so the rung's
    // "once a doctor has checked you" heading is only for results raised to it.
    let q = questionnaire("until_seen.toml");
    let session = finished(&q, soon_without_fever());
    let a = session.assessment().expect("a result");
    assert_eq!(a.disposition.id, a.base.id);
    assert!(a.disposition.advice_heading.is_some());
    let text = summary(&q, &a, datetime!(2026-11-21 19:48:05 UTC));
    assert!(text.contains("## What you can do now"), "{text}");
    assert!(!text.contains("Once a doctor has checked you"), "{text}");
}

#[test]
fn a_result_raised_to_a_rung_that_waits_drops_the_patterns_sooner_if() {
    // Raised by a fever to soon, whose self-help waits for the doctor: "get help sooner if
    // it gets worse" would be sooner than being seen.
    let q = questionnaire("until_seen.toml");
    let session = finished(&q, raised());
    let a = session.assessment().expect("a result");
    assert!(!a.outcome.sooner_if.is_empty());
    assert!(a.shown.sooner_if.is_empty(), "{:?}", a.shown.sooner_if);
    // On its own rung, the same rung keeps the bad back's own "sooner if".
    let session = finished(&q, soon_without_fever());
    let a = session.assessment().expect("a result");
    assert_eq!(
        a.shown
            .sooner_if
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>(),
        ["It spreads."]
    );
}
