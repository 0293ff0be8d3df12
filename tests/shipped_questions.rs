//! The shipped `questions.toml`, driven through the public engine API: it loads, every outcome
//! can be reached, no route stops dead, the warning-sign screen works, and the spinal stenosis
//! trap does not send leg symptoms on walking to the hip result.

mod common;

use common::{Exploration, explore, route};

use std::sync::OnceLock;

use painpath::content::model::{OptionIndex, QuestionIndex, Questionnaire, Target, Urgency};
use painpath::engine::session::{Answer, Session};

/// The outcomes the content promises, by id.
const OUTCOME_IDS: [&str; 12] = [
    "emergency_cauda_equina",
    "emergency_weakness",
    "back_referred",
    "hip_source",
    "spinal_stenosis",
    "nerve_root",
    "knee_from_back",
    "it_band",
    "sacroiliac",
    "piriformis",
    "gait_chain",
    "general",
];

fn shipped() -> Questionnaire {
    match painpath::default_questionnaire() {
        Ok(q) => q,
        Err(err) => panic!("the shipped questions do not load:\n{err}"),
    }
}

fn question(q: &Questionnaire, id: &str) -> QuestionIndex {
    q.question_by_id(id)
        .unwrap_or_else(|| panic!("the shipped questions have no question \"{id}\""))
}

fn option(q: &Questionnaire, question_id: &str, option_id: &str) -> usize {
    let index = question(q, question_id);
    match q.question(index).option_index(option_id) {
        Some(OptionIndex(o)) => o,
        None => panic!("question \"{question_id}\" has no option \"{option_id}\""),
    }
}

/// The search over the shipped questions, run once and shared by the tests that read it.
fn shipped_exploration() -> &'static Exploration {
    static FOUND: OnceLock<Exploration> = OnceLock::new();
    FOUND.get_or_init(|| explore(&shipped()))
}

/// How a script answers a question.
#[derive(Clone, Copy)]
enum Pick<'a> {
    Options(&'a [&'a str]),
    Scale(u8),
}

/// Answers whatever the questionnaire asks from `script` (question id -> answer) until a
/// result. Panics if a question is asked that the script does not answer, so a test also
/// notices when the tree starts asking something new.
fn run<'q>(q: &'q Questionnaire, script: &[(&str, Pick)]) -> Session<'q> {
    let mut session = Session::new(q);
    while let Some(here) = session.current_question() {
        let id = q.question(here).id.clone();
        let Some((_, pick)) = script.iter().find(|(question_id, _)| *question_id == id) else {
            panic!(
                "the script does not answer \"{id}\"; route so far: {}",
                route(&session)
            );
        };
        let answer = match pick {
            Pick::Scale(v) => Answer::Scale(*v),
            Pick::Options(ids) => Answer::many(ids.iter().map(|o| option(q, &id, o))),
        };
        if let Err(err) = session.answer(answer) {
            panic!(
                "answer to \"{id}\" refused: {err}; route: {}",
                route(&session)
            );
        }
    }
    session
}

fn outcome_id<'q>(session: &Session<'q>) -> &'q str {
    match session.assessment() {
        Some(assessment) => &assessment.outcome.id,
        None => panic!("the session is not at a result: {}", route(session)),
    }
}

/// A person whose answers fit pain from the low back: sitting hurts, walking eases it.
fn back_pattern<'a>(warning_signs: &'a [&'a str]) -> Vec<(&'a str, Pick<'a>)> {
    vec![
        ("red_flags", Pick::Options(&["none"])),
        ("warning_signs", Pick::Options(warning_signs)),
        ("location", Pick::Options(&["low_back"])),
        ("how_long", Pick::Options(&["weeks"])),
        ("how_bad", Pick::Scale(4)),
        ("shooting", Pick::Options(&["no"])),
        ("nerve_signs", Pick::Options(&["none"])),
        ("worse", Pick::Options(&["sitting"])),
        ("eases", Pick::Options(&["walking"])),
    ]
}

#[test]
fn shipped_questions_load_with_every_promised_outcome() {
    let q = shipped();
    for id in OUTCOME_IDS {
        assert!(q.outcome_by_id(id).is_some(), "outcome \"{id}\" is missing");
    }
    assert_eq!(
        q.outcomes.len(),
        OUTCOME_IDS.len(),
        "unexpected extra outcomes"
    );
    assert_eq!(q.start, Target::Question(question(&q, "red_flags")));
    for id in ["emergency_cauda_equina", "emergency_weakness"] {
        let outcome = q.outcome(q.outcome_by_id(id).expect("checked above"));
        assert_eq!(outcome.urgency, Urgency::Emergency, "{id}");
    }
    for outcome in &q.outcomes {
        assert!(
            outcome.explanation.contains("not a diagnosis"),
            "outcome \"{}\" does not say it is not a diagnosis",
            outcome.id
        );
        assert!(
            !outcome.advice.is_empty(),
            "\"{}\" gives no advice",
            outcome.id
        );
        assert!(
            !outcome.avoid.is_empty(),
            "\"{}\" says nothing to avoid",
            outcome.id
        );
        assert!(
            !outcome.sources.is_empty(),
            "\"{}\" cites no source",
            outcome.id
        );
    }
    assert!(q.meta.disclaimer.contains("not a diagnosis"));
    assert!(q.meta.intro.contains("emergency number"));
}

#[test]
fn search_over_answers_reaches_every_outcome() {
    let found = shipped_exploration();
    let missing: Vec<&str> = OUTCOME_IDS
        .iter()
        .copied()
        .filter(|id| !found.routes.contains_key(*id))
        .collect();
    assert!(missing.is_empty(), "no route found to {missing:?}");
    for (outcome, route) in &found.routes {
        println!("{outcome}: {route}");
    }
}

#[test]
fn every_explored_route_ends_at_an_outcome() {
    let found = shipped_exploration();
    assert!(
        found.failures.is_empty(),
        "{} problem(s), first ones:\n{}",
        found.failures.len(),
        found.failures[..found.failures.len().min(10)].join("\n")
    );
    assert!(
        found.outcomes_reached > 1000,
        "the search explored too little"
    );
    assert!(found.answers_given >= found.outcomes_reached);
}

#[test]
fn each_urgent_warning_sign_alone_or_combined_ends_at_an_emergency_at_once() {
    let q = shipped();
    let red_flags = question(&q, "red_flags");
    let options = &q.question(red_flags).options;
    let emergency: Vec<usize> = (0..options.len())
        .filter(|o| options[*o].emergency)
        .collect();
    assert_eq!(emergency.len(), 5, "the first group has five warning signs");
    let combinable: Vec<usize> = (0..options.len())
        .filter(|o| !options[*o].exclusive)
        .collect();
    for &sign in &emergency {
        let mut answers = vec![Answer::one(sign), Answer::many(combinable.clone())];
        answers.extend(combinable.iter().map(|other| Answer::many([sign, *other])));
        for answer in answers {
            let mut session = Session::new(&q);
            let target = session.answer(answer.clone());
            let Ok(Target::Outcome(o)) = target else {
                panic!("{answer:?} to red_flags led to {target:?}, not straight to a result");
            };
            assert_eq!(
                q.outcome(o).urgency,
                Urgency::Emergency,
                "{answer:?} to red_flags led to \"{}\"",
                q.outcome(o).id
            );
            let assessment = session.assessment().expect("at a result");
            assert_eq!(assessment.urgency, Urgency::Emergency);
            assert_eq!(session.trail().len(), 1, "more questions were asked");
        }
        let none = option(&q, "red_flags", "none");
        let mut session = Session::new(&q);
        assert!(
            session.answer(Answer::many([sign, none])).is_err(),
            "\"None of these\" was accepted together with a warning sign"
        );
    }
}

#[test]
fn worsening_leg_weakness_and_saddle_numbness_reach_their_own_emergency() {
    let q = shipped();
    for (sign, expected) in [
        ("leg_weakness", "emergency_weakness"),
        ("saddle", "emergency_cauda_equina"),
        ("bladder_bowel", "emergency_cauda_equina"),
        ("sexual", "emergency_cauda_equina"),
        ("both_legs", "emergency_cauda_equina"),
    ] {
        let session = run(&q, &[("red_flags", Pick::Options(&[sign]))]);
        assert_eq!(outcome_id(&session), expected, "red_flags={sign}");
    }
}

#[test]
fn warning_signs_asked_again_later_still_end_at_an_emergency() {
    let q = shipped();
    let before: Vec<(&str, Pick)> = vec![
        ("red_flags", Pick::Options(&["none"])),
        ("warning_signs", Pick::Options(&["none"])),
        ("location", Pick::Options(&["low_back"])),
        ("how_long", Pick::Options(&["days"])),
        ("how_bad", Pick::Scale(5)),
        ("shooting", Pick::Options(&["one_leg"])),
    ];
    let cases: [(&str, &[&str], &str); 4] = [
        ("shooting", &["both_new"], "emergency_cauda_equina"),
        ("nerve_signs", &["weak_worse"], "emergency_weakness"),
        (
            "nerve_signs",
            &["saddle", "leg_numb"],
            "emergency_cauda_equina",
        ),
        (
            "nerve_signs",
            &["weak_worse", "knee_numb"],
            "emergency_weakness",
        ),
    ];
    for (question_id, picks, expected) in cases {
        let mut script: Vec<(&str, Pick)> = vec![(question_id, Pick::Options(picks))];
        script.extend(before.iter().copied());
        let session = run(&q, &script);
        assert_eq!(outcome_id(&session), expected, "{question_id}={picks:?}");
        let last = session.trail().last().expect("answers were given");
        assert_eq!(
            q.question(last.question).id,
            question_id,
            "asked on past it"
        );
    }
}

#[test]
fn second_group_warning_signs_raise_a_self_care_result_to_soon() {
    let q = shipped();
    let calm = run(&q, &back_pattern(&["none"]));
    let calm = calm.assessment().expect("at a result");
    assert_eq!(calm.outcome.id, "back_referred");
    assert_eq!(calm.outcome.urgency, Urgency::SelfCare);
    assert_eq!(calm.urgency, Urgency::SelfCare);
    assert!(calm.raised_by.is_empty());

    let warning_signs = q.question(question(&q, "warning_signs"));
    let raising: Vec<&str> = warning_signs
        .options
        .iter()
        .filter(|o| !o.exclusive)
        .map(|o| o.id.as_str())
        .collect();
    assert_eq!(raising.len(), 6, "the second group has six warning signs");
    for sign in &raising {
        let picked = [*sign];
        let session = run(&q, &back_pattern(&picked));
        let assessment = session.assessment().expect("at a result");
        assert_eq!(assessment.outcome.urgency, Urgency::SelfCare, "{sign}");
        assert_eq!(
            assessment.urgency,
            Urgency::Soon,
            "warning sign {sign} raised nothing"
        );
        assert_eq!(assessment.raised_by.len(), 1, "{sign}");
    }
    let session = run(&q, &back_pattern(&raising));
    let assessment = session.assessment().expect("at a result");
    assert_eq!(assessment.urgency, Urgency::Soon);
    assert_eq!(assessment.raised_by.len(), raising.len());
}

#[test]
fn severe_pain_that_limits_daily_life_raises_a_self_care_result_to_soon() {
    let q = shipped();
    for (limits, expected) in [("yes", Urgency::Soon), ("no", Urgency::SelfCare)] {
        let mut script = back_pattern(&["none"]);
        script.retain(|(id, _)| *id != "how_bad");
        script.push(("how_bad", Pick::Scale(8)));
        script.push((
            "daily_life",
            Pick::Options(if limits == "yes" { &["yes"] } else { &["no"] }),
        ));
        let session = run(&q, &script);
        let asked = session
            .trail()
            .iter()
            .any(|v| q.question(v.question).id == "daily_life");
        assert!(asked, "a pain score of 8 did not ask about daily life");
        let assessment = session.assessment().expect("at a result");
        assert_eq!(assessment.outcome.id, "back_referred");
        assert_eq!(assessment.urgency, expected, "daily_life={limits}");
    }
}

/// The stenosis trap: walking or standing worse, sitting or rest easing it, leg symptoms, no
/// groin pain, over 50. Every mix of those answers must reach `spinal_stenosis`, never
/// `hip_source`.
#[test]
fn stenosis_trap_over_fifty_with_leg_symptoms_and_no_groin_pain_is_not_the_hip() {
    let q = shipped();
    let locations: [&[&str]; 5] = [
        &["hip"],
        &["low_back", "hip"],
        &["low_back"],
        &["buttock", "hip", "knee"],
        &["low_back", "outer_thigh"],
    ];
    let worse: [&[&str]; 3] = [&["walking"], &["standing"], &["standing", "walking"]];
    let eases: [&[&str]; 4] = [
        &["sitting"],
        &["rest"],
        &["bend_forward"],
        &["sitting", "rest"],
    ];
    // Leg symptoms as the person may report them: shooting pain, numbness, or only when asked
    // about the legs on walking.
    let legs: [(&[&str], &[&str], &[&str]); 4] = [
        (&["one_leg"], &["none"], &["no"]),
        (&["both_long"], &["none"], &["no"]),
        (&["no"], &["leg_numb"], &["no"]),
        (&["no"], &["none"], &["yes"]),
    ];
    let mut checked = 0;
    for location in locations {
        for worse in worse {
            for eases in eases {
                for (shooting, nerve_signs, legs_when_walking) in legs {
                    for age in ["50_64", "65_plus"] {
                        let ages = [age];
                        let script: Vec<(&str, Pick)> = vec![
                            ("red_flags", Pick::Options(&["none"])),
                            ("warning_signs", Pick::Options(&["none"])),
                            ("location", Pick::Options(location)),
                            ("how_long", Pick::Options(&["longer"])),
                            ("how_bad", Pick::Scale(6)),
                            ("daily_life", Pick::Options(&["no"])),
                            ("shooting", Pick::Options(shooting)),
                            ("nerve_signs", Pick::Options(nerve_signs)),
                            ("worse", Pick::Options(worse)),
                            ("eases", Pick::Options(eases)),
                            ("legs_when_walking", Pick::Options(legs_when_walking)),
                            ("groin_pain", Pick::Options(&["no"])),
                            ("age", Pick::Options(&ages)),
                        ];
                        let session = run(&q, &script);
                        let reached = outcome_id(&session);
                        assert_ne!(reached, "hip_source", "{}", route(&session));
                        assert_eq!(reached, "spinal_stenosis", "{}", route(&session));
                        checked += 1;
                    }
                }
            }
        }
    }
    assert_eq!(checked, 5 * 3 * 4 * 4 * 2);
}

#[test]
fn walking_pattern_under_fifty_with_leg_symptoms_points_to_a_nerve_not_the_hip() {
    let q = shipped();
    let script: Vec<(&str, Pick)> = vec![
        ("red_flags", Pick::Options(&["none"])),
        ("warning_signs", Pick::Options(&["none"])),
        ("location", Pick::Options(&["low_back", "hip"])),
        ("how_long", Pick::Options(&["weeks"])),
        ("how_bad", Pick::Scale(5)),
        ("shooting", Pick::Options(&["one_leg"])),
        ("nerve_signs", Pick::Options(&["none"])),
        ("worse", Pick::Options(&["walking"])),
        ("eases", Pick::Options(&["rest"])),
        ("age", Pick::Options(&["30_49"])),
    ];
    let session = run(&q, &script);
    assert_eq!(outcome_id(&session), "nerve_root", "{}", route(&session));
}

#[test]
fn walking_pattern_with_groin_pain_and_no_leg_symptoms_points_to_the_hip() {
    let q = shipped();
    for location in [&["hip"][..], &["low_back"][..]] {
        let script: Vec<(&str, Pick)> = vec![
            ("red_flags", Pick::Options(&["none"])),
            ("warning_signs", Pick::Options(&["none"])),
            ("location", Pick::Options(location)),
            ("how_long", Pick::Options(&["weeks"])),
            ("how_bad", Pick::Scale(5)),
            ("shooting", Pick::Options(&["no"])),
            ("nerve_signs", Pick::Options(&["none"])),
            ("worse", Pick::Options(&["walking", "standing"])),
            ("eases", Pick::Options(&["rest"])),
            ("legs_when_walking", Pick::Options(&["no"])),
            ("groin_pain", Pick::Options(&["yes"])),
        ];
        let session = run(&q, &script);
        assert_eq!(outcome_id(&session), "hip_source", "{}", route(&session));
        let asked: Vec<&str> = session
            .trail()
            .iter()
            .map(|v| q.question(v.question).id.as_str())
            .collect();
        assert!(
            asked.contains(&"legs_when_walking"),
            "leg symptoms were not asked about"
        );
        assert!(
            asked.contains(&"groin_pain"),
            "groin pain was not asked about"
        );
    }
}

#[test]
fn back_pattern_felt_only_in_the_hip_is_read_as_pain_from_the_back() {
    let q = shipped();
    let mut script = back_pattern(&["none"]);
    script.retain(|(id, _)| *id != "location");
    script.push(("location", Pick::Options(&["hip"])));
    let session = run(&q, &script);
    assert_eq!(outcome_id(&session), "back_referred", "{}", route(&session));
}

#[test]
fn back_pain_first_then_knee_pain_without_a_limp_points_to_the_back() {
    let q = shipped();
    let mut script = back_pattern(&["none"]);
    script.retain(|(id, _)| *id != "location");
    script.extend([
        ("location", Pick::Options(&["low_back", "knee"])),
        ("outer_activity", Pick::Options(&["no"])),
        ("first_came", Pick::Options(&["back"])),
        ("limp", Pick::Options(&["no"])),
    ]);
    let session = run(&q, &script);
    assert_eq!(
        outcome_id(&session),
        "knee_from_back",
        "{}",
        route(&session)
    );

    let mut limping = script.clone();
    limping.retain(|(id, _)| *id != "limp");
    limping.push(("limp", Pick::Options(&["yes"])));
    let session = run(&q, &limping);
    assert_eq!(outcome_id(&session), "gait_chain", "{}", route(&session));
}
