//! The questionnaire generator used by benchmarks and fuzz seeds makes files the loader accepts.

use crate::generate;

use painpath::content::model::QuestionKind;
use painpath::content::validate::load;

#[test]
fn generated_questionnaires_of_every_small_size_load() {
    for n in 1..=41 {
        let text = generate::questionnaire(n);
        let q = load("generated.toml", &text).unwrap_or_else(|e| panic!("{n} questions:\n{e}"));
        assert_eq!(q.questions.len(), n);
        assert!(q.path_count >= 1);
    }
}

#[test]
fn generated_questionnaire_has_every_kind_an_emergency_and_branches() {
    let q = load("generated.toml", &generate::questionnaire(1_000)).expect("loads");
    assert_eq!(q.questions.len(), 1_000);
    for kind in [
        QuestionKind::Single,
        QuestionKind::Multiple,
        QuestionKind::YesNo,
        QuestionKind::Scale,
    ] {
        assert!(q.questions.iter().any(|x| x.kind == kind), "{kind:?}");
    }
    assert!(
        (0..q.outcomes.len()).any(|o| q.is_emergency(painpath::content::model::OutcomeIndex(o)))
    );
    assert!(
        q.questions
            .iter()
            .filter(|x| x.options.iter().any(|o| o.emergency))
            .count()
            > 100
    );
    // Branches multiply: far more routes than questions, and the count saturates.
    assert_eq!(q.path_count, u128::MAX);
    // Rules read earlier questions, not only their own.
    let reads_other = q.questions.iter().enumerate().any(|(i, x)| {
        x.rules
            .iter()
            .flat_map(|r| &r.conditions)
            .any(|c| c.question().0 != i)
    });
    assert!(reads_other);
}
