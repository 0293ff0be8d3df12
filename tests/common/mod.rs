//! Helpers shared by the integration tests: finding a route to an outcome.

#![allow(dead_code)]

use painpath::questionnaire::{QuestionKind, Questionnaire, SCALE_MAX, SCALE_MIN, Target};
use painpath::session::{Answer, Session};

/// Answers worth trying at a question: every option alone, every pair (multiple choice), and
/// every scale value.
pub fn candidate_answers(questionnaire: &Questionnaire, at: Target) -> Vec<Answer> {
    let Target::Question(q) = at else {
        return Vec::new();
    };
    let question = questionnaire.question(q);
    let n = question.options.len();
    match question.kind {
        QuestionKind::Scale => (SCALE_MIN..=SCALE_MAX).map(Answer::Scale).collect(),
        QuestionKind::Multiple => {
            let mut answers: Vec<Answer> = (0..n).map(Answer::one).collect();
            for a in 0..n {
                for b in a + 1..n {
                    if !question.options[a].exclusive && !question.options[b].exclusive {
                        answers.push(Answer::many([a, b]));
                    }
                }
            }
            answers
        }
        QuestionKind::Single | QuestionKind::YesNo => (0..n).map(Answer::one).collect(),
    }
}

/// A list of answers that leads from the start to the outcome with this id, if one exists
/// among the candidate answers (depth first, within a step budget).
pub fn route_to(questionnaire: &Questionnaire, outcome_id: &str) -> Option<Vec<Answer>> {
    let mut budget = 2_000_000usize;
    let mut answers = Vec::new();
    let session = Session::new(questionnaire);
    if search(&session, outcome_id, &mut answers, &mut budget) {
        Some(answers)
    } else {
        None
    }
}

fn search(session: &Session, goal: &str, answers: &mut Vec<Answer>, budget: &mut usize) -> bool {
    let q = session.questionnaire();
    if let Target::Outcome(o) = session.current() {
        return q.outcome(o).id == goal;
    }
    for answer in candidate_answers(q, session.current()) {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        let mut next = session.clone();
        if next.answer(answer.clone()).is_err() {
            continue;
        }
        answers.push(answer);
        if search(&next, goal, answers, budget) {
            return true;
        }
        answers.pop();
    }
    false
}

/// The answers as plain-mode input lines: 1-based option numbers, or the scale value.
pub fn plain_input(answers: &[Answer]) -> String {
    let mut input = String::new();
    for answer in answers {
        let line = match answer {
            Answer::Scale(v) => v.to_string(),
            Answer::Choices(picked) => picked
                .iter()
                .map(|o| (o.0 + 1).to_string())
                .collect::<Vec<_>>()
                .join(" "),
        };
        input.push_str(&line);
        input.push('\n');
    }
    // Enter at the review screen: show the result.
    input.push('\n');
    input
}
