//! Runs the clinical case suite through the engine: each case's answers are given as a
//! person would give them, question by question, and the result is compared with what the
//! case expects. A failure says what differed, the route taken and the result reached.

use std::collections::{BTreeMap, BTreeSet};

use crate::content::cases::{Case, CaseAnswer, Uncovered};
use crate::content::model::{QuestionKind, Questionnaire, Target};
use crate::engine::session::{Answer, Session};

/// What happened to one case.
#[derive(Debug, Clone)]
pub struct CaseRun {
    /// Each step as `question=answer`, then the outcome id.
    pub route: Vec<String>,
    /// The outcome reached, with its final disposition, if any was reached.
    pub reached: Option<(String, String)>,
    /// What differed from the case; empty when it passed.
    pub failures: Vec<String>,
    /// Every text the result showed and every conditional one it hid, as `owner.id`.
    pub shown: BTreeSet<String>,
    pub hidden: BTreeSet<String>,
    /// Every option of each question asked, offered or not, as `question.option`.
    pub offered: BTreeSet<String>,
    pub not_offered: BTreeSet<String>,
}

impl CaseRun {
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// Walks one case through the questionnaire.
pub fn run_case(questionnaire: &Questionnaire, case: &Case) -> CaseRun {
    let mut session = Session::new(questionnaire);
    let mut route = Vec::new();
    let mut failures = Vec::new();
    let mut asked = BTreeSet::new();
    let mut offered = BTreeSet::new();
    let mut not_offered = BTreeSet::new();
    loop {
        let here = match session.current() {
            Target::Outcome(_) => break,
            Target::Question(here) => here,
        };
        let question = questionnaire.question(here);
        // A revisited question would loop forever; the tree has no cycles, so this only
        // guards against an engine fault.
        if !asked.insert(question.id.as_str()) {
            failures.push(format!("question \"{}\" was asked twice", question.id));
            break;
        }
        let offers = session.offered(here);
        for (o, option) in question.options.iter().enumerate() {
            let name = format!("{}.{}", question.id, option.id);
            if offers.iter().any(|x| x.0 == o) {
                offered.insert(name);
            } else {
                not_offered.insert(name);
            }
        }
        let Some(given) = case.answers.get(&question.id) else {
            failures.push(format!(
                "no answer for question \"{}\" (\"{}\"), which the route asks",
                question.id, question.prompt
            ));
            break;
        };
        let answer = match to_answer(questionnaire, here, given) {
            Ok(answer) => answer,
            Err(message) => {
                failures.push(format!("answer to \"{}\": {message}", question.id));
                break;
            }
        };
        route.push(format!("{}={}", question.id, written(given)));
        if let Err(err) = session.answer(answer) {
            failures.push(format!("answer to \"{}\" refused: {err}", question.id));
            break;
        }
    }
    let unasked: Vec<&str> = case
        .answers
        .keys()
        .map(String::as_str)
        .filter(|id| !asked.contains(id))
        .collect();
    let reached = session.assessment().map(|a| {
        route.push(a.outcome.id.clone());
        (a.outcome.id.clone(), a.disposition.id.clone())
    });
    let mut shown = BTreeSet::new();
    let mut hidden = BTreeSet::new();
    if let Some(assessment) = session.assessment() {
        shown.extend(
            assessment
                .shown
                .names(assessment.outcome, assessment.disposition),
        );
        let of_outcome = assessment
            .outcome
            .passages()
            .map(|(_, p)| format!("{}.{}", assessment.outcome.id, p.id));
        let of_rung = assessment
            .disposition
            .passages()
            .map(|(_, p)| format!("{}.{}", assessment.disposition.id, p.id));
        hidden.extend(of_outcome.chain(of_rung).filter(|n| !shown.contains(n)));
    }
    if let Some(assessment) = session.assessment() {
        for name in case.shows.iter().chain(&case.hides) {
            if !names_a_text(questionnaire, name) {
                failures.push(format!(
                    "\"{name}\" names no text: write outcome_or_disposition.text_id"
                ));
            }
        }
        for name in &case.shows {
            if !shown.contains(name) && names_a_text(questionnaire, name) {
                failures.push(format!("\"{name}\" is not shown, expected it to be"));
            }
        }
        for name in &case.hides {
            if shown.contains(name) {
                failures.push(format!("\"{name}\" is shown, expected it to be hidden"));
            }
        }
        for (list, want) in [(&case.offered, true), (&case.not_offered, false)] {
            for name in list {
                let (is, is_not) = (offered.contains(name), not_offered.contains(name));
                if !is && !is_not {
                    failures.push(format!(
                        "\"{name}\" is no option of a question this route asks"
                    ));
                } else if want && !is {
                    failures.push(format!("\"{name}\" is not offered, expected it to be"));
                } else if !want && is {
                    failures.push(format!("\"{name}\" is offered, expected it not to be"));
                }
            }
        }
        if assessment.outcome.id != case.outcome {
            failures.push(format!(
                "reached \"{}\", expected \"{}\"",
                assessment.outcome.id, case.outcome
            ));
        }
        if let Some(expected) = &case.disposition
            && assessment.disposition.id != *expected
        {
            failures.push(format!(
                "disposition \"{}\", expected \"{expected}\"",
                assessment.disposition.id
            ));
        }
        if let Some(expected) = &case.also_consider {
            let got: BTreeSet<&str> = assessment
                .also_consider
                .iter()
                .map(|fit| fit.outcome.id.as_str())
                .collect();
            let want: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
            if got != want {
                failures.push(format!(
                    "also consider [{}], expected [{}]",
                    got.into_iter().collect::<Vec<_>>().join(", "),
                    want.into_iter().collect::<Vec<_>>().join(", ")
                ));
            }
        }
        if !unasked.is_empty() {
            failures.push(format!(
                "answers given for questions the route never asked: {}",
                unasked.join(", ")
            ));
        }
    }
    CaseRun {
        route,
        reached,
        failures,
        shown,
        hidden,
        offered,
        not_offered,
    }
}

/// Whether `owner.id` names a text of an outcome or a disposition.
fn names_a_text(questionnaire: &Questionnaire, name: &str) -> bool {
    let Some((owner, id)) = name.split_once('.') else {
        return false;
    };
    let in_outcome = questionnaire
        .outcome_by_id(owner)
        .is_some_and(|o| questionnaire.outcome(o).passage(id).is_some());
    let in_rung = questionnaire
        .disposition_by_id(owner)
        .is_some_and(|d| questionnaire.disposition(d).passage(id).is_some());
    in_outcome || in_rung
}

/// The conditional texts and options of `questionnaire` that no case of `cases` shows, or
/// none hides, when the suite is run: each should have a case of both kinds, so that a
/// mistake in its condition makes a case fail.
pub fn uncovered(questionnaire: &Questionnaire, cases: &[Case]) -> Vec<Uncovered> {
    let runs: Vec<CaseRun> = cases.iter().map(|c| run_case(questionnaire, c)).collect();
    let mut seen: BTreeMap<String, (bool, bool)> = BTreeMap::new();
    for run in &runs {
        for name in run.shown.iter().chain(&run.offered) {
            seen.entry(name.clone()).or_default().0 = true;
        }
        for name in run.hidden.iter().chain(&run.not_offered) {
            seen.entry(name.clone()).or_default().1 = true;
        }
    }
    let mut out = Vec::new();
    let mut check = |name: String, is_option: bool| {
        let (shown, hidden) = seen.get(&name).copied().unwrap_or_default();
        if !shown || !hidden {
            out.push(Uncovered {
                name,
                is_option,
                never_shown: !shown,
                never_hidden: !hidden,
            });
        }
    };
    for outcome in &questionnaire.outcomes {
        for (_, p) in outcome.passages().filter(|(_, p)| p.is_conditional()) {
            check(format!("{}.{}", outcome.id, p.id), false);
        }
    }
    for rung in &questionnaire.dispositions {
        for (_, p) in rung.passages().filter(|(_, p)| p.is_conditional()) {
            check(format!("{}.{}", rung.id, p.id), false);
        }
    }
    for question in &questionnaire.questions {
        for option in question.options.iter().filter(|o| !o.only_when.is_empty()) {
            check(format!("{}.{}", question.id, option.id), true);
        }
    }
    out
}

/// The answer as the case wrote it, for the route line.
fn written(given: &CaseAnswer) -> String {
    match given {
        CaseAnswer::One(id) => id.clone(),
        CaseAnswer::Many(ids) => ids.join("+"),
        CaseAnswer::Scale(v) => v.to_string(),
    }
}

/// Turns a case's answer into the engine's, checking ids and the kind of question.
fn to_answer(
    questionnaire: &Questionnaire,
    here: crate::content::model::QuestionIndex,
    given: &CaseAnswer,
) -> Result<Answer, String> {
    let question = questionnaire.question(here);
    let index = |id: &str| {
        question.option_index(id).map(|o| o.0).ok_or_else(|| {
            let ids: Vec<&str> = question.options.iter().map(|o| o.id.as_str()).collect();
            format!("\"{id}\" is not one of its options ({})", ids.join(", "))
        })
    };
    match (question.kind, given) {
        (QuestionKind::Scale, CaseAnswer::Scale(v)) => u8::try_from(*v)
            .map(Answer::Scale)
            .map_err(|_| format!("{v} is not on the scale")),
        (QuestionKind::Scale, _) => Err("it is a scale: give a whole number".into()),
        (_, CaseAnswer::Scale(_)) => Err("give an option id, not a number".into()),
        (QuestionKind::Multiple, CaseAnswer::Many(ids)) => ids
            .iter()
            .map(|id| index(id))
            .collect::<Result<Vec<_>, _>>()
            .map(Answer::many),
        (QuestionKind::Multiple, CaseAnswer::One(id)) => index(id).map(|o| Answer::many([o])),
        (_, CaseAnswer::One(id)) => index(id).map(Answer::one),
        (_, CaseAnswer::Many(ids)) => match ids.as_slice() {
            [id] => index(id).map(Answer::one),
            _ => Err("it takes one answer, not a list".into()),
        },
    }
}

/// A failed case in words: its name and line, the story, what differed, the route and the
/// result reached.
pub fn describe_failure(file: &str, case: &Case, run: &CaseRun) -> String {
    let mut text = format!("FAIL {} ({file}:{})\n", case.name, case.line);
    text.push_str(&format!("  story:   {}\n", case.story));
    for failure in &run.failures {
        text.push_str(&format!("  problem: {failure}\n"));
    }
    text.push_str(&format!("  route:   {}\n", run.route.join(" -> ")));
    match &run.reached {
        Some((outcome, disposition)) => {
            text.push_str(&format!("  reached: {outcome} ({disposition})\n"))
        }
        None => text.push_str("  reached: no result\n"),
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::cases::load_cases;
    use crate::testing::small;

    fn one(text: &str) -> Case {
        let mut cases = load_cases("c.toml", text).expect("the cases parse");
        assert_eq!(cases.len(), 1);
        cases.remove(0)
    }

    const HIP: &str = r#"
        [[cases]]
        name = "hip with groin pain"
        story = "40, hip and groin ache"
        outcome = "hip_result"
        disposition = "self_care"
        also_consider = []
        [cases.answers]
        flags = ["none"]
        where = "hip"
        groin = "yes"
    "#;

    #[test]
    fn a_case_that_matches_passes_with_its_route() {
        let q = small();
        let run = run_case(&q, &one(HIP));
        assert!(run.passed(), "{:?}", run.failures);
        assert_eq!(
            run.route,
            ["flags=none", "where=hip", "groin=yes", "hip_result"]
        );
        assert_eq!(
            run.reached,
            Some(("hip_result".to_string(), "self_care".to_string()))
        );
    }

    #[test]
    fn a_wrong_outcome_disposition_or_also_consider_is_a_failure() {
        let q = small();
        let text = HIP
            .replace("outcome = \"hip_result\"", "outcome = \"back_result\"")
            .replace("disposition = \"self_care\"", "disposition = \"soon\"")
            .replace("also_consider = []", "also_consider = [\"knee_result\"]");
        let run = run_case(&q, &one(&text));
        assert_eq!(
            run.failures,
            [
                "reached \"hip_result\", expected \"back_result\"",
                "disposition \"self_care\", expected \"soon\"",
                "also consider [], expected [knee_result]",
            ]
        );
        let shown = describe_failure("c.toml", &one(&text), &run);
        assert!(
            shown.contains("FAIL hip with groin pain (c.toml:2)"),
            "{shown}"
        );
        assert!(
            shown.contains("route:   flags=none -> where=hip -> groin=yes -> hip_result"),
            "{shown}"
        );
    }

    #[test]
    fn a_missing_answer_names_the_question_and_an_extra_one_is_reported() {
        let q = small();
        let missing = run_case(&q, &one(&HIP.replace("groin = \"yes\"", "")));
        assert_eq!(
            missing.failures,
            ["no answer for question \"groin\" (\"Is there groin pain?\"), which the route asks"]
        );
        assert_eq!(missing.reached, None);
        let extra = run_case(
            &q,
            &one(&HIP.replace("groin = \"yes\"", "groin = \"yes\"\nseverity = 3")),
        );
        assert_eq!(
            extra.failures,
            ["answers given for questions the route never asked: severity"]
        );
    }

    #[test]
    fn an_answer_that_names_no_option_is_a_failure() {
        let q = small();
        let run = run_case(
            &q,
            &one(&HIP.replace("where = \"hip\"", "where = \"hipp\"")),
        );
        assert_eq!(
            run.failures,
            ["answer to \"where\": \"hipp\" is not one of its options (back, hip, knee)"]
        );
    }
}
