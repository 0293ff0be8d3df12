//! Feeds arbitrary bytes to the loader, then renders any error so span and column code runs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use painpath::content::model::{Passage, Questionnaire};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match painpath::content::validate::load("fuzz.toml", text) {
        Ok(questionnaire) => {
            // A model that loaded is walkable: every question is counted.
            assert_eq!(
                questionnaire.max_remaining.len(),
                questionnaire.questions.len()
            );
            assert_conditions_hold(&questionnaire);
        }
        Err(err) => {
            assert!(
                !err.problems.is_empty(),
                "an error names at least one problem"
            );
            let lines = text.split('\n').count();
            for p in &err.problems {
                assert!(p.line >= 1 && p.line <= lines, "line {} of {lines}", p.line);
                assert!(p.column >= 1);
                assert!(
                    p.span.start <= p.span.end && p.span.end <= text.len(),
                    "span {:?} of {}",
                    p.span,
                    text.len()
                );
            }
            let shown = err.to_string();
            assert!(shown.starts_with("fuzz.toml:"));
            // The rendered error goes to a terminal: nothing from the file may drive it.
            assert!(
                !shown
                    .chars()
                    .any(painpath::text::is_hostile),
                "{shown:?}"
            );
        }
    }
});

/// What the loader promises of conditional texts and options once a file has loaded.
fn assert_conditions_hold(q: &Questionnaire) {
    for question in &q.questions {
        let emergency = question.options.iter().any(|o| o.emergency);
        // A question with an emergency answer is a warning-sign question, and nothing of a
        // warning-sign question is ever hidden.
        assert!(
            question.warning_signs || !emergency,
            "{}: off the screen",
            question.id
        );
        for option in &question.options {
            assert!(
                option.only_when.is_empty() || !question.warning_signs,
                "{}.{}: a screen answer carries a condition",
                question.id,
                option.id
            );
            for condition in &option.only_when {
                assert!(condition.question().0 < q.questions.len());
            }
        }
    }
    let emergency_rung = q.dispositions.iter().position(|d| d.emergency);
    let outcome_texts = q
        .outcomes
        .iter()
        .map(|o| (&o.id, o.passages().collect::<Vec<_>>()));
    let ladder_texts = q
        .dispositions
        .iter()
        .map(|d| (&d.id, d.passages().collect()));
    for (owner, passages) in outcome_texts.chain(ladder_texts) {
        let mut ids = std::collections::HashSet::new();
        for (_, passage) in passages {
            assert!(
                ids.insert(&passage.id),
                "{owner}.{}: id used twice",
                passage.id
            );
            assert_sign_at_its_level(q, passage, emergency_rung);
        }
    }
}

/// A text that names warning signs names the level it sends the person to, and each sign
/// is at that level on the ladder.
fn assert_sign_at_its_level(q: &Questionnaire, passage: &Passage, emergency_rung: Option<usize>) {
    if passage.signs.is_empty() {
        return;
    }
    assert!(
        passage.level.is_some(),
        "{}: signs without a level",
        passage.id
    );
    for (question, option) in &passage.signs {
        let option = &q.questions[question.0].options[option.0];
        let placed = if option.emergency {
            emergency_rung
        } else {
            option.raises.map(|r| r.0)
        };
        assert!(
            placed.is_some(),
            "{}: sign {} is no warning sign",
            passage.id,
            option.id
        );
        assert_eq!(
            placed,
            passage.level.map(|l| l.0),
            "{}: sign {} off its rung",
            passage.id,
            option.id
        );
    }
}
