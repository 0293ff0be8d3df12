//! Helpers shared by the integration tests: a search over answers that finds a route to every
//! outcome, and replaying a route as plain-mode input. [`pty`] runs the binary in a real
//! pseudo-terminal for the pty suites; [`screen`] drives the interfaces in-process and draws
//! them into a `TestBackend` for the screen suites.

#![allow(dead_code)]

#[cfg(unix)]
pub mod pty;
pub mod screen;

use std::collections::{BTreeMap, HashSet};
use std::io::{ErrorKind, Write};
use std::process::{Command, Output, Stdio};

use painpath::content::model::{
    Condition, Question, QuestionIndex, QuestionKind, Questionnaire, Target,
};
use painpath::engine::session::{Answer, Session};

/// The answers along a session's trail as its screen lists them: each pick is its place
/// among the options offered there (what a digit key or the arrows select), not its index in
/// the file.
pub fn answers_as_listed(session: &Session) -> Vec<Answer> {
    session
        .trail()
        .iter()
        .filter_map(|v| {
            let offered = session.offered(v.question);
            Some(match session.answer_to(v.question)? {
                Answer::Choices(picked) => Answer::many(picked.iter().map(|o| {
                    offered
                        .iter()
                        .position(|x| x == o)
                        .expect("an offered option")
                })),
                scale => scale.clone(),
            })
        })
        .collect()
}

/// Scale values the search tries: both ends and either side of the "severe" line.
pub const SCALE_VALUES: [u8; 4] = [0, 5, 7, 10];

/// The answers the search tries for a question: every option offered (`offered`, by index)
/// alone, and for multiple choice also every pair of offered options that may be combined
/// and all of them together.
pub fn candidate_answers(question: &Question, offered: &[usize]) -> Vec<Answer> {
    if question.kind == QuestionKind::Scale {
        return SCALE_VALUES.iter().map(|v| Answer::Scale(*v)).collect();
    }
    let mut answers: Vec<Answer> = offered.iter().copied().map(Answer::one).collect();
    if question.kind == QuestionKind::Multiple {
        let combinable: Vec<usize> = offered
            .iter()
            .copied()
            .filter(|o| !question.options[*o].exclusive)
            .collect();
        for (i, a) in combinable.iter().enumerate() {
            for b in &combinable[i + 1..] {
                answers.push(Answer::many([*a, *b]));
            }
        }
        if combinable.len() > 2 {
            answers.push(Answer::many(combinable));
        }
    }
    answers
}

/// The route a session took, as `question=option+option` steps, for messages and the report.
pub fn route(session: &Session) -> String {
    let q = session.questionnaire();
    session
        .trail()
        .iter()
        .map(|visit| {
            let question = q.question(visit.question);
            let answer = match session.answer_to(visit.question) {
                Some(Answer::Scale(v)) => v.to_string(),
                Some(Answer::Choices(picked)) => picked
                    .iter()
                    .map(|o| question.options[o.0].id.as_str())
                    .collect::<Vec<_>>()
                    .join("+"),
                None => "?".into(),
            };
            format!("{}={answer}", question.id)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a depth-first search over answers found.
pub struct Exploration {
    /// The first route found to each outcome reached, by outcome id.
    pub routes: BTreeMap<String, String>,
    /// The answers along that first route, by outcome id, to replay in any front end.
    pub answers: BTreeMap<String, Vec<Answer>>,
    /// Answers given in the search, and how many of them ended at an outcome.
    pub answers_given: usize,
    pub outcomes_reached: usize,
    /// Everything that went wrong: refused answers, dead ends, emergency answers that did not
    /// end at an emergency outcome.
    pub failures: Vec<String>,
}

/// Walks the questionnaire depth-first through [`Session`], trying [`candidate_answers`] at
/// every question.
///
/// Routing can only depend on answers that some later rule reads, so two sessions that stand
/// at the same question with the same such answers have the same future; the search explores
/// that future once. (Urgency raises are not routing and are tested on their own.)
pub fn explore(q: &Questionnaire) -> Exploration {
    explore_visiting(q, &mut |_| {})
}

/// [`explore`], calling `visit` with every finished session the search reaches.
pub fn explore_visiting(q: &Questionnaire, visit: &mut dyn FnMut(&Session)) -> Exploration {
    // Every condition a rule tests on an earlier question: the future of a session depends
    // only on which of these hold, so two sessions at the same question that agree on all of
    // them have the same future, and the search explores it once.
    let read_later: Vec<&Condition> = q
        .questions
        .iter()
        .enumerate()
        .flat_map(|(i, question)| {
            question
                .rules
                .iter()
                .flat_map(|rule| rule.conditions.iter())
                .chain(question.options.iter().flat_map(|o| o.only_when.iter()))
                .filter(move |c| c.question().0 != i)
        })
        .collect();
    let mut found = Exploration {
        routes: BTreeMap::new(),
        answers: BTreeMap::new(),
        answers_given: 0,
        outcomes_reached: 0,
        failures: Vec::new(),
    };
    let mut seen: HashSet<(QuestionIndex, Vec<bool>)> = HashSet::new();
    let mut stack = vec![Session::new(q)];
    while let Some(session) = stack.pop() {
        let Some(here) = session.current_question() else {
            found.failures.push(format!(
                "a session on the stack is finished: {}",
                route(&session)
            ));
            continue;
        };
        let question = q.question(here);
        let mut children = Vec::new();
        let offered: Vec<usize> = session.offered(here).iter().map(|o| o.0).collect();
        for answer in candidate_answers(question, &offered) {
            let emergency_picked = match &answer {
                Answer::Choices(picked) => picked.iter().any(|o| question.options[o.0].emergency),
                Answer::Scale(_) => false,
            };
            let mut next = session.clone();
            found.answers_given += 1;
            match next.answer(answer.clone()) {
                Err(err) => found.failures.push(format!(
                    "answer {answer:?} to \"{}\" was refused ({err}) after: {}",
                    question.id,
                    route(&session)
                )),
                Ok(Target::Outcome(o)) => {
                    found.outcomes_reached += 1;
                    visit(&next);
                    let outcome = q.outcome(o);
                    if emergency_picked && !q.is_emergency(o) {
                        found.failures.push(format!(
                            "emergency answer led to \"{}\" ({}): {}",
                            outcome.id,
                            q.disposition(outcome.disposition).id,
                            route(&next)
                        ));
                    }
                    if !found.routes.contains_key(&outcome.id) {
                        found.routes.insert(outcome.id.clone(), route(&next));
                        let given = next
                            .trail()
                            .iter()
                            .filter_map(|v| next.answer_to(v.question));
                        found
                            .answers
                            .insert(outcome.id.clone(), given.cloned().collect());
                    }
                }
                Ok(Target::Question(t)) => {
                    if emergency_picked {
                        found.failures.push(format!(
                            "emergency answer led on to question \"{}\": {}",
                            q.question(t).id,
                            route(&next)
                        ));
                    }
                    let key = (t, read_later.iter().map(|c| holds(&next, c)).collect());
                    if seen.insert(key) {
                        children.push(next);
                    }
                }
            }
        }
        // Reversed, so that the simplest answers are explored first.
        stack.extend(children.into_iter().rev());
    }
    found
}

/// Whether a rule's condition holds for the answers of a session (false when its question
/// was not answered on the route).
pub fn holds(session: &Session, condition: &Condition) -> bool {
    let Some(answer) = session.answer_to(condition.question()) else {
        return false;
    };
    match condition {
        Condition::AnyOf(_, options) => options.iter().any(|o| answer.picked(*o)),
        Condition::AllOf(_, options) => options.iter().all(|o| answer.picked(*o)),
        Condition::NoneOf(_, options) => !options.iter().any(|o| answer.picked(*o)),
        Condition::Scale { min, max, .. } => {
            matches!(answer, Answer::Scale(v) if (*min..=*max).contains(v))
        }
    }
}

/// The answers as plain-mode input lines: 1-based option numbers, or the scale value, then an
/// empty line at the review to see the result.
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
    input.push('\n');
    input
}

/// The built binary.
pub const BIN: &str = env!("CARGO_BIN_EXE_painpath");

/// A file in tests/fixtures.
pub fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Runs the binary with these arguments and this standard input, without colour.
pub fn run(args: &[&str], stdin: &str) -> Output {
    let mut command = Command::new(BIN);
    command.args(args);
    run_command(&mut command, stdin)
}

/// Runs `command` (the binary, with its arguments and anything else set) with this standard
/// input, without colour and in the default language.
pub fn run_command(command: &mut Command, stdin: &str) -> Output {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("NO_COLOR", "1")
        // The language follows these; the tests choose theirs with --lang.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .spawn()
        .expect("binary starts");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    // The binary may stop before reading all of it (an error before the first question).
    match pipe.write_all(stdin.as_bytes()) {
        Err(err) if err.kind() == ErrorKind::BrokenPipe => {}
        other => other.expect("write stdin"),
    }
    drop(pipe);
    child.wait_with_output().expect("binary finishes")
}

/// Output bytes as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}
