//! A ladder of any length: a questions file with six rungs (tests/fixtures/six_rungs.toml, a
//! `same_day` rung between emergency and urgent) loads, its cases run, reception's inbox lists
//! hand-offs from every rung most urgent rung first with the rung's own words, and the FHIR
//! exports carry the rung. Nothing here names the rungs in code but the fixture's ids.

use std::fs;
use std::path::Path;
use std::time::Instant;

use painpath::content::cases::load_cases;
use painpath::content::model::{Questionnaire, Rung, Urgency};
use painpath::engine::cases::run_case;
use painpath::engine::session::{Answer, Session};
use painpath::handoff::spool::{self, Handoff};
use painpath::output::fhir;
use painpath::ui::inbox::{App, Config};
use serde_json::Value;
use time::OffsetDateTime;
use time::macros::datetime;

use crate::common::screen::{draw, press, questionnaire, rows, text};

/// The fixture's ladder, most urgent first.
const LADDER: [&str; 6] = [
    "emergency",
    "same_day",
    "urgent",
    "soon",
    "routine",
    "self_care",
];

/// Answers (option indices, or a scale value for `severity`) that end at each rung of the
/// ladder, in ladder order. flags: saddle, weak, fever, none; where: back, hip, knee;
/// groin: yes, no.
fn route_to(rung: &str) -> Vec<Answer> {
    match rung {
        "emergency" => vec![Answer::many([0])],
        // A raising answer lifts the knee's self-care to the rung it names.
        "same_day" => vec![Answer::many([1]), Answer::one(2)],
        "urgent" => vec![Answer::many([2]), Answer::one(2)],
        "soon" => vec![
            Answer::many([3]),
            Answer::one(0),
            Answer::one(1),
            Answer::Scale(9),
        ],
        "routine" => vec![Answer::many([3]), Answer::one(1), Answer::one(0)],
        "self_care" => vec![Answer::many([3]), Answer::one(2)],
        other => panic!("no route to {other}"),
    }
}

fn finished<'q>(q: &'q Questionnaire, rung: &str) -> Session<'q> {
    let mut session = Session::new(q);
    for answer in route_to(rung) {
        session.answer(answer).expect("answered");
    }
    let reached = &session.assessment().expect("a result").disposition.id;
    assert_eq!(reached, rung, "the route reaches its rung");
    session
}

fn send(dir: &Path, q: &Questionnaire, rung: &str, at: OffsetDateTime) -> Handoff {
    let session = finished(q, rung);
    let assessment = session.assessment().expect("a result");
    spool::send(dir, q, &assessment, at).expect("sent")
}

/// The screen of an inbox on `dir` that has read the folder once, as text.
fn inbox_screen(dir: &Path) -> (App, String) {
    let mut app = App::new(dir, Config::default());
    app.on_tick(Instant::now());
    let text = rows(&mut app, 80, 24);
    (app, text)
}

/// A rung of a FHIR disposition extension: (place, ladder length, disposition code).
fn fhir_rung(extension: &Value) -> (i64, i64, String) {
    assert_eq!(extension["url"], fhir::DISPOSITION_EXTENSION);
    let part = |name: &str| {
        extension["extension"]
            .as_array()
            .and_then(|parts| parts.iter().find(|p| p["url"] == name))
            .unwrap_or_else(|| panic!("no {name} in {extension}"))
            .clone()
    };
    (
        part("rung")["valueInteger"].as_i64().expect("rung"),
        part("rungs")["valueInteger"].as_i64().expect("rungs"),
        part("disposition")["valueCoding"]["code"]
            .as_str()
            .expect("code")
            .to_string(),
    )
}

#[test]
fn the_six_rung_file_loads_with_its_ladder_in_order() {
    let q = questionnaire("six_rungs.toml");
    let ids: Vec<&str> = q.dispositions.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, LADDER);
    // The three colour classes follow from the place: emergency; the upper half of the rest;
    // the calmer half.
    let urgencies: Vec<Urgency> = (0..LADDER.len())
        .map(|i| q.urgency(painpath::content::model::DispositionIndex(i)))
        .collect();
    use Urgency::{Emergency, SelfCare, Soon};
    assert_eq!(urgencies, [Emergency, Soon, Soon, Soon, SelfCare, SelfCare]);
}

#[test]
fn a_case_reaching_same_day_passes_and_a_wrong_rung_fails() {
    let q = questionnaire("six_rungs.toml");
    let case = |disposition: &str| {
        let text = format!(
            r#"
            [[cases]]
            name = "new weakness, knee"
            story = "50, knee pain and a leg that gave way this morning"
            outcome = "knee_result"
            disposition = "{disposition}"
            [cases.answers]
            flags = ["weak"]
            where = "knee"
            "#
        );
        let mut cases = load_cases("six_rungs_cases.toml", &text).expect("the case parses");
        cases.remove(0)
    };
    let run = run_case(&q, &case("same_day"));
    assert!(run.passed(), "{:?}", run.failures);
    assert_eq!(
        run.reached,
        Some(("knee_result".to_string(), "same_day".to_string()))
    );
    let wrong = run_case(&q, &case("urgent"));
    assert_eq!(
        wrong.failures,
        ["disposition \"same_day\", expected \"urgent\""]
    );
}

#[test]
fn the_inbox_lists_hand_offs_from_all_six_rungs_most_urgent_rung_first() {
    let dir = tempfile::tempdir().unwrap();
    let q = questionnaire("six_rungs.toml");
    // Each less urgent rung sent later, so that "newest first" alone would turn the list
    // upside down within an urgency.
    let base = datetime!(2026-11-21 08:00 UTC);
    let sent: Vec<Handoff> = LADDER
        .iter()
        .enumerate()
        .map(|(i, rung)| {
            send(
                dir.path(),
                &q,
                rung,
                base + time::Duration::minutes(i as i64),
            )
        })
        .collect();
    let codes: Vec<&str> = sent.iter().map(|h| h.code.as_str()).collect();

    // The hand-off carries the rung's place on the ladder.
    for (i, handoff) in sent.iter().enumerate() {
        let md = fs::read_to_string(&handoff.summary).unwrap();
        assert!(
            md.contains(&format!("\nrung: {}/6\n", i + 1)),
            "{}: {md}",
            LADDER[i]
        );
    }

    // The library's listing, and the inbox's, most urgent rung first.
    let listed = spool::list(dir.path()).unwrap();
    let listed_codes: Vec<&str> = listed.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(listed_codes, codes);
    let places: Vec<Option<Rung>> = listed.iter().map(|e| e.rung).collect();
    let expected: Vec<Option<Rung>> = (1..=6).map(|place| Some(Rung { place, of: 6 })).collect();
    assert_eq!(places, expected);

    let (app, screen) = inbox_screen(dir.path());
    let app_codes: Vec<&str> = app.entries().iter().map(|e| e.code.as_str()).collect();
    assert_eq!(app_codes, codes);
    // The words beside each entry are its rung's, in the same order.
    let words = [
        "!! EMERGENCY",
        "Same day",
        "Urgent",
        "Soon",
        "Routine",
        "Self-care",
    ];
    let rows: Vec<&str> = codes
        .iter()
        .map(|code| {
            screen
                .lines()
                .find(|line| line.contains(code))
                .unwrap_or_else(|| panic!("{code} is not on the screen:\n{screen}"))
        })
        .collect();
    for ((row, word), code) in rows.iter().zip(words).zip(&codes) {
        assert!(row.contains(word), "{code} should read {word:?}: {row}");
    }
    let at = |code: &str| screen.find(code).expect("on screen");
    assert!(
        codes.windows(2).all(|pair| at(pair[0]) < at(pair[1])),
        "the screen lists the rungs in ladder order:\n{screen}"
    );

    // Marking the same-day entry done asks in the rung's words too.
    let mut app = app;
    press(&mut app, "↓d");
    let asked = text(&draw(&app, 80, 24));
    let question = format!("Mark {} (Same day) done?", codes[1]);
    assert!(asked.contains(&question), "{question}:\n{asked}");
}

#[test]
fn an_older_hand_off_without_a_rung_still_lists_by_its_urgency() {
    let dir = tempfile::tempdir().unwrap();
    let q = questionnaire("six_rungs.toml");
    let base = datetime!(2026-11-21 08:00 UTC);
    let emergency = send(dir.path(), &q, "emergency", base);
    let urgent = send(dir.path(), &q, "urgent", base + time::Duration::minutes(1));
    let self_care = send(
        dir.path(),
        &q,
        "self_care",
        base + time::Duration::minutes(2),
    );
    // An older kiosk's hand-off: no `rung:` line (and one whose line is not a rung at all).
    // Each sent before the one it must list above, so that only the rule for a missing rung
    // (not "newest first") puts it there.
    let older = send(dir.path(), &q, "soon", base - time::Duration::minutes(3));
    let md = fs::read_to_string(&older.summary).unwrap();
    assert!(md.contains("\nrung: 4/6\n"), "{md}");
    fs::write(&older.summary, md.replace("rung: 4/6\n", "")).unwrap();
    let odd = send(dir.path(), &q, "routine", base - time::Duration::minutes(4));
    let md = fs::read_to_string(&odd.summary).unwrap();
    fs::write(&odd.summary, md.replace("rung: 5/6\n", "rung: 9/6\n")).unwrap();

    let listed = spool::list(dir.path()).unwrap();
    let codes: Vec<&str> = listed.iter().map(|e| e.code.as_str()).collect();
    // By urgency as before; without a rung, first within its urgency (it may be its top rung).
    assert_eq!(
        codes,
        [
            &emergency.code,
            &older.code,
            &urgent.code,
            &odd.code,
            &self_care.code
        ]
    );
    assert_eq!(listed[1].rung, None);
    assert_eq!(listed[1].urgency, Urgency::Soon);
    assert_eq!(listed[3].rung, None);
    assert_eq!(Rung::from_id("2/6"), Some(Rung { place: 2, of: 6 }));
    for bad in [
        "0/6", "7/6", "-1/6", "2", "2/", "/6", "+2/6", "2/6/7", "100/100",
    ] {
        assert_eq!(Rung::from_id(bad), None, "{bad}");
    }
}

#[test]
fn the_fhir_exports_carry_the_rung() {
    let q = questionnaire("six_rungs.toml");
    // The questionnaire: the whole ladder, one extension per rung, most urgent first.
    let resource = serde_json::to_value(fhir::questionnaire_resource(&q)).unwrap();
    let ladder: Vec<(i64, i64, String)> = resource["extension"]
        .as_array()
        .expect("the ladder")
        .iter()
        .filter(|e| e["url"] == fhir::DISPOSITION_EXTENSION)
        .map(fhir_rung)
        .collect();
    let expected: Vec<(i64, i64, String)> = LADDER
        .iter()
        .enumerate()
        .map(|(i, id)| (i as i64 + 1, 6, id.to_string()))
        .collect();
    assert_eq!(ladder, expected);

    // The response: the rung reached, for each rung; and the hand-off's copy says the same.
    let dir = tempfile::tempdir().unwrap();
    for (i, rung) in LADDER.iter().enumerate() {
        let session = finished(&q, rung);
        let assessment = session.assessment().unwrap();
        let at = datetime!(2026-11-21 08:00 UTC);
        let response =
            serde_json::to_value(fhir::questionnaire_response(&q, &assessment, at)).unwrap();
        let extensions = response["extension"].as_array().expect("the rung reached");
        let rungs = extensions
            .iter()
            .filter(|e| e["url"] == fhir::DISPOSITION_EXTENSION)
            .count();
        assert_eq!(rungs, 1, "{response}");
        assert_eq!(
            fhir_rung(&extensions[0]),
            (i as i64 + 1, 6, rung.to_string())
        );
        let handoff = spool::send(dir.path(), &q, &assessment, at).unwrap();
        let spooled: Value =
            serde_json::from_str(&fs::read_to_string(&handoff.response).unwrap()).unwrap();
        assert_eq!(spooled["extension"], response["extension"]);
    }
}

#[test]
fn the_raised_line_names_only_the_answers_that_raised_it_to_its_rung() {
    // Weakness raises the knee to same day, the fever only to urgent: the line says why it
    // is same day, not every answer that raised it on the way.
    let q = questionnaire("six_rungs.toml");
    let mut session = Session::new(&q);
    for answer in [Answer::many([1, 2]), Answer::one(2)] {
        session.answer(answer).expect("answered");
    }
    let a = session.assessment().expect("a result");
    assert_eq!(a.disposition.id, "same_day");
    assert_eq!(a.raised_by.len(), 2, "both answers raised it");
    let line = painpath::output::result::raised(&a, painpath::content::words::english())
        .expect("a raised line");
    assert!(line.contains("New weakness in a leg"), "{line}");
    assert!(!line.contains("Fever"), "{line}");
}
