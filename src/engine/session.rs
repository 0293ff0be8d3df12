//! The engine: one person's walk through a [`Questionnaire`].
//!
//! Pure state: answer, go back, revisit an earlier question, restart, and build the
//! [`Assessment`] at the end. No terminal, no files, no clock; plain mode, the TUI and the
//! exporters all drive this same API.

use std::fmt;

use crate::content::model::{
    Condition, OptionIndex, Outcome, OutcomeIndex, QuestionIndex, QuestionKind, Questionnaire,
    SCALE_MAX, SCALE_MIN, Source, Target, Urgency,
};

/// What a person answered to one question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Picked options, in option order (single choice and yes/no: exactly one).
    Choices(Vec<OptionIndex>),
    /// A value on the 0-10 scale.
    Scale(u8),
}

impl Answer {
    /// A single-choice or yes/no answer.
    pub fn one(option: usize) -> Answer {
        Answer::Choices(vec![OptionIndex(option)])
    }

    /// A multiple-choice answer; order and repeats do not matter.
    pub fn many(options: impl IntoIterator<Item = usize>) -> Answer {
        let mut picked: Vec<OptionIndex> = options.into_iter().map(OptionIndex).collect();
        picked.sort();
        picked.dedup();
        Answer::Choices(picked)
    }

    fn picked(&self, option: OptionIndex) -> bool {
        matches!(self, Answer::Choices(picked) if picked.contains(&option))
    }
}

/// Why an answer was refused; the message is written for the person answering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerError {
    /// The questionnaire is already at a result.
    Finished,
    /// A number for a choice question, or options for a scale.
    WrongKind,
    /// No option picked.
    NothingPicked,
    /// More than one option where only one is allowed.
    OnlyOne,
    /// No option with this number (0-based).
    NoSuchOption(usize),
    /// An exclusive option ("none of these") combined with others.
    Exclusive(String),
    /// A scale value outside the scale.
    OutOfRange(u8),
    /// No rule and no default matched; validation rules this out for loaded files.
    NoRoute(String),
}

impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnswerError::Finished => f.write_str("the questions are finished"),
            AnswerError::WrongKind => f.write_str("that kind of answer does not fit this question"),
            AnswerError::NothingPicked => f.write_str("please pick at least one option"),
            AnswerError::OnlyOne => f.write_str("please pick only one option"),
            AnswerError::NoSuchOption(n) => write!(f, "there is no option {}", n + 1),
            AnswerError::Exclusive(label) => {
                write!(f, "\"{label}\" cannot be combined with other options")
            }
            AnswerError::OutOfRange(v) => {
                write!(f, "{v} is not on the scale; use {SCALE_MIN} to {SCALE_MAX}")
            }
            AnswerError::NoRoute(id) => write!(f, "no rule of question \"{id}\" fits this answer"),
        }
    }
}

impl std::error::Error for AnswerError {}

/// Which rule took the person on from a question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fired {
    Rule(usize),
    Default,
}

/// A question answered on the current route, and the rule that moved on from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visit {
    pub question: QuestionIndex,
    pub fired: Fired,
}

/// One person's progress through a questionnaire.
#[derive(Debug, Clone)]
pub struct Session<'q> {
    questionnaire: &'q Questionnaire,
    /// Questions answered on the current route, in order.
    trail: Vec<Visit>,
    /// `on_trail[q]`: question q is on the trail, so its answer counts.
    on_trail: Vec<bool>,
    /// The last answer given to each question, kept when the route moves away from it so
    /// that going back shows it again.
    remembered: Vec<Option<Answer>>,
    current: Target,
}

impl<'q> Session<'q> {
    pub fn new(questionnaire: &'q Questionnaire) -> Self {
        let n = questionnaire.questions.len();
        Session {
            questionnaire,
            trail: Vec::new(),
            on_trail: vec![false; n],
            remembered: vec![None; n],
            current: questionnaire.start,
        }
    }

    pub fn questionnaire(&self) -> &'q Questionnaire {
        self.questionnaire
    }

    /// Where the person is: a question to answer, or a result.
    pub fn current(&self) -> Target {
        self.current
    }

    /// The question being asked, if not at a result.
    pub fn current_question(&self) -> Option<QuestionIndex> {
        match self.current {
            Target::Question(q) => Some(q),
            Target::Outcome(_) => None,
        }
    }

    /// The answers that count: those on the current route, in the order given.
    pub fn trail(&self) -> &[Visit] {
        &self.trail
    }

    /// The last answer given to a question, on the route or not (to pre-fill it).
    pub fn remembered(&self, question: QuestionIndex) -> Option<&Answer> {
        self.remembered[question.0].as_ref()
    }

    /// The answer to a question on the current route.
    pub fn answer_to(&self, question: QuestionIndex) -> Option<&Answer> {
        if self.on_trail[question.0] {
            self.remembered[question.0].as_ref()
        } else {
            None
        }
    }

    /// Questions answered so far and the most that could still come (this one included).
    pub fn progress(&self) -> (usize, usize) {
        let left = match self.current {
            Target::Question(q) => self.questionnaire.max_remaining[q.0],
            Target::Outcome(_) => 0,
        };
        (self.trail.len(), left)
    }

    /// Answers the current question and moves on along the first rule that matches.
    pub fn answer(&mut self, answer: Answer) -> Result<Target, AnswerError> {
        let Target::Question(here) = self.current else {
            return Err(AnswerError::Finished);
        };
        self.check(here, &answer)?;
        self.remembered[here.0] = Some(answer);
        self.on_trail[here.0] = true;
        let question = self.questionnaire.question(here);
        let matched = question
            .rules
            .iter()
            .position(|rule| rule.conditions.iter().all(|c| self.holds(c)));
        let (target, fired) = match (matched, question.default) {
            (Some(r), _) => (question.rules[r].target, Fired::Rule(r)),
            (None, Some(default)) => (default, Fired::Default),
            (None, None) => {
                self.on_trail[here.0] = false;
                return Err(AnswerError::NoRoute(question.id.clone()));
            }
        };
        self.trail.push(Visit {
            question: here,
            fired,
        });
        self.current = target;
        Ok(target)
    }

    /// Goes back one question, keeping its answer to show again. False at the first question.
    pub fn back(&mut self) -> bool {
        match self.trail.pop() {
            Some(visit) => {
                self.on_trail[visit.question.0] = false;
                self.current = Target::Question(visit.question);
                true
            }
            None => false,
        }
    }

    /// Returns to a question on the route to change its answer; the route re-forms from there
    /// when it is answered again. False if the question is not on the route.
    pub fn revisit(&mut self, question: QuestionIndex) -> bool {
        let Some(position) = self.trail.iter().position(|v| v.question == question) else {
            return false;
        };
        for visit in self.trail.drain(position..) {
            self.on_trail[visit.question.0] = false;
        }
        self.current = Target::Question(question);
        true
    }

    /// Forgets every answer and returns to the first question.
    pub fn restart(&mut self) {
        *self = Session::new(self.questionnaire);
    }

    /// The result, once an outcome is reached.
    pub fn assessment(&self) -> Option<Assessment<'q>> {
        let Target::Outcome(outcome) = self.current else {
            return None;
        };
        Some(self.assess(outcome))
    }

    fn check(&self, here: QuestionIndex, answer: &Answer) -> Result<(), AnswerError> {
        let question = self.questionnaire.question(here);
        match (question.kind, answer) {
            (QuestionKind::Scale, Answer::Scale(v)) => {
                if (SCALE_MIN..=SCALE_MAX).contains(v) {
                    Ok(())
                } else {
                    Err(AnswerError::OutOfRange(*v))
                }
            }
            (QuestionKind::Scale, _) | (_, Answer::Scale(_)) => Err(AnswerError::WrongKind),
            (kind, Answer::Choices(picked)) => {
                if let Some(bad) = picked.iter().find(|o| o.0 >= question.options.len()) {
                    return Err(AnswerError::NoSuchOption(bad.0));
                }
                match picked.len() {
                    0 => return Err(AnswerError::NothingPicked),
                    1 => return Ok(()),
                    _ if kind != QuestionKind::Multiple => return Err(AnswerError::OnlyOne),
                    _ => {}
                }
                match picked.iter().find(|o| question.options[o.0].exclusive) {
                    Some(o) => Err(AnswerError::Exclusive(question.options[o.0].label.clone())),
                    None => Ok(()),
                }
            }
        }
    }

    fn holds(&self, condition: &Condition) -> bool {
        let Some(answer) = self.answer_to(condition.question()) else {
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

    fn assess(&self, outcome: OutcomeIndex) -> Assessment<'q> {
        let q = self.questionnaire;
        let outcome = q.outcome(outcome);
        let answers: Vec<AnsweredQuestion> = self
            .trail
            .iter()
            .filter_map(|visit| {
                let answer = self.answer_to(visit.question)?;
                Some(AnsweredQuestion {
                    question: visit.question,
                    prompt: q.question(visit.question).prompt.clone(),
                    short: q.question(visit.question).short.clone(),
                    answer: answer.clone(),
                    text: self.describe(visit.question, answer),
                })
            })
            .collect();
        // Why: the answers that made each rule on the route match. A default is taken when
        // nothing in particular matched, so it adds nothing; if the whole route was defaults,
        // the answers themselves are the reason.
        let mut why: Vec<Reason> = Vec::new();
        for visit in &self.trail {
            let Fired::Rule(r) = visit.fired else {
                continue;
            };
            for condition in &q.question(visit.question).rules[r].conditions {
                if let Some(text) = self.fact(condition) {
                    let short = &q.question(condition.question()).short;
                    if !why.iter().any(|r| r.question == *short && r.answer == text) {
                        why.push(Reason {
                            question: short.clone(),
                            answer: text,
                        });
                    }
                }
            }
        }
        if why.is_empty() {
            why = answers
                .iter()
                .map(|a| Reason {
                    question: a.short.clone(),
                    answer: a.text.clone(),
                })
                .collect();
        }
        let mut urgency = outcome.urgency;
        let mut raised_by = Vec::new();
        for visit in &self.trail {
            let question = q.question(visit.question);
            for (i, option) in question.options.iter().enumerate() {
                let picked = self
                    .answer_to(visit.question)
                    .is_some_and(|a| a.picked(OptionIndex(i)));
                if let (true, Some(raise)) = (picked, option.raises) {
                    if raise > outcome.urgency {
                        raised_by.push(Reason {
                            question: question.short.clone(),
                            answer: option.label.clone(),
                        });
                    }
                    urgency = urgency.max(raise);
                }
            }
        }
        Assessment {
            outcome,
            urgency,
            raised_by,
            why,
            answers,
            sources: outcome.sources.iter().map(|s| &q.sources[*s]).collect(),
        }
    }

    /// The part of an answer that made a condition true, in words.
    fn fact(&self, condition: &Condition) -> Option<String> {
        let question = self.questionnaire.question(condition.question());
        let answer = self.answer_to(condition.question())?;
        let labels = |options: &[OptionIndex]| {
            options
                .iter()
                .filter(|o| answer.picked(**o))
                .map(|o| question.options[o.0].label.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match condition {
            Condition::AnyOf(_, options) | Condition::AllOf(_, options) => Some(labels(options)),
            Condition::NoneOf(..) | Condition::Scale { .. } => {
                Some(self.describe(condition.question(), answer))
            }
        }
    }

    /// An answer in words: the option labels, or the scale value.
    pub fn describe(&self, question: QuestionIndex, answer: &Answer) -> String {
        let question = self.questionnaire.question(question);
        match answer {
            Answer::Scale(v) => format!("{v} out of {SCALE_MAX}"),
            Answer::Choices(picked) => picked
                .iter()
                .filter_map(|o| question.options.get(o.0))
                .map(|o| o.label.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// One line of "why": a question (its short name) and the answer that counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    pub question: String,
    pub answer: String,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.question, self.answer)
    }
}

/// A question on the route with its answer, for review and summaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnsweredQuestion {
    pub question: QuestionIndex,
    pub prompt: String,
    pub short: String,
    pub answer: Answer,
    /// The answer in words.
    pub text: String,
}

/// The result of a finished session: the outcome reached, how urgent, and why.
#[derive(Debug, Clone)]
pub struct Assessment<'q> {
    pub outcome: &'q Outcome,
    /// The outcome's urgency, raised by any warning sign of the second group.
    pub urgency: Urgency,
    /// The answers that raised the urgency above the outcome's own.
    pub raised_by: Vec<Reason>,
    /// The answers on the route that led here.
    pub why: Vec<Reason>,
    /// Every answer on the route, in order.
    pub answers: Vec<AnsweredQuestion>,
    pub sources: Vec<&'q Source>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::validate::load;
    use crate::testing::small;

    fn id_of(q: &Questionnaire, step: Target) -> &str {
        match step {
            Target::Question(i) => &q.question(i).id,
            Target::Outcome(i) => &q.outcome(i).id,
        }
    }

    const NONE: usize = 2;
    const SADDLE: usize = 0;
    const FEVER: usize = 1;
    const BACK: usize = 0;
    const HIP: usize = 1;
    const KNEE: usize = 2;
    const YES: usize = 0;
    const NO: usize = 1;

    #[test]
    fn first_matching_rule_routes_and_default_catches_the_rest() {
        let q = small();
        let mut s = Session::new(&q);
        assert_eq!(id_of(&q, s.answer(Answer::many([NONE])).unwrap()), "where");
        assert_eq!(id_of(&q, s.answer(Answer::one(BACK)).unwrap()), "groin");
        assert_eq!(id_of(&q, s.answer(Answer::one(YES)).unwrap()), "severity");
        assert_eq!(id_of(&q, s.answer(Answer::Scale(8)).unwrap()), "back_bad");
    }

    #[test]
    fn emergency_answer_ends_at_emergency_outcome() {
        let q = small();
        let mut s = Session::new(&q);
        let step = s.answer(Answer::many([SADDLE, FEVER])).unwrap();
        assert_eq!(id_of(&q, step), "emergency");
        assert_eq!(s.assessment().unwrap().urgency, Urgency::Emergency);
    }

    #[test]
    fn rule_reading_an_earlier_answer_uses_it() {
        let q = small();
        let mut s = Session::new(&q);
        s.answer(Answer::many([NONE])).unwrap();
        s.answer(Answer::one(HIP)).unwrap();
        assert_eq!(id_of(&q, s.answer(Answer::one(YES)).unwrap()), "hip_result");
    }

    #[test]
    fn back_returns_to_previous_question_keeping_its_answer() {
        let q = small();
        let mut s = Session::new(&q);
        s.answer(Answer::many([NONE])).unwrap();
        s.answer(Answer::one(HIP)).unwrap();
        assert!(s.back());
        assert_eq!(id_of(&q, s.current()), "where");
        assert_eq!(
            s.remembered(s.current_question().unwrap()),
            Some(&Answer::one(HIP))
        );
        assert!(
            s.answer_to(s.current_question().unwrap()).is_none(),
            "no longer on the route"
        );
        assert!(s.back());
        assert!(!s.back(), "nothing before the first question");
    }

    #[test]
    fn back_from_a_result_returns_to_the_last_question() {
        let q = small();
        let mut s = Session::new(&q);
        s.answer(Answer::many([NONE])).unwrap();
        s.answer(Answer::one(KNEE)).unwrap();
        assert!(s.assessment().is_some());
        assert!(s.back());
        assert_eq!(id_of(&q, s.current()), "where");
        assert!(s.assessment().is_none());
    }

    #[test]
    fn changing_an_earlier_answer_reroutes_and_drops_later_answers() {
        let q = small();
        let mut s = Session::new(&q);
        s.answer(Answer::many([NONE])).unwrap();
        s.answer(Answer::one(HIP)).unwrap();
        s.answer(Answer::one(YES)).unwrap();
        assert_eq!(id_of(&q, s.current()), "hip_result");
        let where_ = q.question_by_id("where").unwrap();
        let groin = q.question_by_id("groin").unwrap();
        assert!(s.revisit(where_));
        assert!(s.answer_to(groin).is_none());
        assert_eq!(s.remembered(groin), Some(&Answer::one(YES)));
        s.answer(Answer::one(BACK)).unwrap();
        assert_eq!(id_of(&q, s.answer(Answer::one(YES)).unwrap()), "severity");
        let route: Vec<&str> = s
            .trail()
            .iter()
            .map(|v| q.question(v.question).id.as_str())
            .collect();
        assert_eq!(route, ["flags", "where", "groin"]);
        assert!(
            !s.revisit(q.question_by_id("severity").unwrap()),
            "not answered yet"
        );
    }

    #[test]
    fn why_lists_the_answers_that_made_each_rule_match() {
        let q = small();
        let mut s = Session::new(&q);
        s.answer(Answer::many([NONE])).unwrap();
        s.answer(Answer::one(HIP)).unwrap();
        s.answer(Answer::one(YES)).unwrap();
        let a = s.assessment().unwrap();
        let why: Vec<String> = a.why.iter().map(ToString::to_string).collect();
        assert_eq!(why, ["Where: Hip", "Groin pain: Yes"]);
        assert_eq!(a.outcome.id, "hip_result");
        assert_eq!(a.answers.len(), 3);
        assert_eq!(a.sources[0].title, "Article A");
    }

    #[test]
    fn why_of_a_scale_rule_names_the_value() {
        let q = small();
        let mut s = Session::new(&q);
        s.answer(Answer::many([NONE])).unwrap();
        s.answer(Answer::one(BACK)).unwrap();
        s.answer(Answer::one(NO)).unwrap();
        s.answer(Answer::Scale(9)).unwrap();
        let why = s.assessment().unwrap().why;
        assert!(
            why.iter()
                .any(|r| r.to_string() == "Pain score: 9 out of 10"),
            "{why:?}"
        );
    }

    #[test]
    fn why_leaves_out_answers_that_only_took_a_default() {
        let q = small();
        let mut s = Session::new(&q);
        s.answer(Answer::many([NONE])).unwrap();
        s.answer(Answer::one(BACK)).unwrap();
        s.answer(Answer::one(NO)).unwrap();
        s.answer(Answer::Scale(2)).unwrap();
        let why: Vec<String> = s
            .assessment()
            .unwrap()
            .why
            .iter()
            .map(ToString::to_string)
            .collect();
        // Only "where" matched a rule; the flags, groin and scale answers took defaults.
        assert_eq!(why, ["Where: Low back"]);
    }

    #[test]
    fn why_of_a_route_of_defaults_only_lists_every_answer() {
        let text = r#"
            [meta]
            id = "d"
            title = "d"
            version = "1"
            language = "en"
            start = "a"
            intro = "i"
            disclaimer = "d"
            [[sources]]
            id = "s"
            title = "S"
            publisher = "P"
            [[questions]]
            id = "a"
            kind = "yes-no"
            prompt = "A?"
            short = "A"
            default = "b"
            [[questions]]
            id = "b"
            kind = "scale"
            prompt = "B?"
            short = "B"
            default = "end"
            [[outcomes]]
            id = "end"
            title = "End"
            urgency = "self-care"
            explanation = "e"
            seek_help = "h"
            sources = ["s"]
        "#;
        let q = load("d.toml", text).expect("loads");
        let mut s = Session::new(&q);
        s.answer(Answer::one(YES)).unwrap();
        s.answer(Answer::Scale(4)).unwrap();
        let why: Vec<String> = s
            .assessment()
            .unwrap()
            .why
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(why, ["A: Yes", "B: 4 out of 10"]);
    }

    #[test]
    fn second_group_warning_sign_raises_urgency_without_changing_route() {
        let q = small();
        let mut s = Session::new(&q);
        s.answer(Answer::many([FEVER])).unwrap();
        s.answer(Answer::one(KNEE)).unwrap();
        let a = s.assessment().unwrap();
        assert_eq!(a.outcome.id, "knee_result");
        assert_eq!(a.outcome.urgency, Urgency::SelfCare);
        assert_eq!(a.urgency, Urgency::Soon);
        assert_eq!(a.raised_by[0].to_string(), "Warning signs: Fever");
    }

    #[test]
    fn invalid_answers_are_refused_and_leave_the_session_unchanged() {
        let q = small();
        let mut s = Session::new(&q);
        assert_eq!(s.answer(Answer::many([])), Err(AnswerError::NothingPicked));
        assert_eq!(
            s.answer(Answer::many([FEVER, NONE])),
            Err(AnswerError::Exclusive("None of these".into()))
        );
        assert_eq!(
            s.answer(Answer::many([7])),
            Err(AnswerError::NoSuchOption(7))
        );
        assert_eq!(s.answer(Answer::Scale(3)), Err(AnswerError::WrongKind));
        assert_eq!(id_of(&q, s.current()), "flags");
        s.answer(Answer::many([NONE])).unwrap();
        assert_eq!(
            s.answer(Answer::many([BACK, HIP])),
            Err(AnswerError::OnlyOne)
        );
        s.answer(Answer::one(BACK)).unwrap();
        s.answer(Answer::one(NO)).unwrap();
        assert_eq!(
            s.answer(Answer::Scale(11)),
            Err(AnswerError::OutOfRange(11))
        );
        s.answer(Answer::Scale(2)).unwrap();
        assert_eq!(s.answer(Answer::Scale(2)), Err(AnswerError::Finished));
    }

    #[test]
    fn restart_forgets_everything() {
        let q = small();
        let mut s = Session::new(&q);
        s.answer(Answer::many([NONE])).unwrap();
        s.answer(Answer::one(KNEE)).unwrap();
        s.restart();
        assert_eq!(id_of(&q, s.current()), "flags");
        assert!(s.trail().is_empty());
        assert!(
            q.questions
                .iter()
                .enumerate()
                .all(|(i, _)| s.remembered(QuestionIndex(i)).is_none())
        );
    }

    #[test]
    fn progress_counts_answered_and_longest_remaining() {
        let q = small();
        let mut s = Session::new(&q);
        assert_eq!(s.progress(), (0, 4));
        s.answer(Answer::many([NONE])).unwrap();
        assert_eq!(s.progress(), (1, 3));
        s.answer(Answer::one(KNEE)).unwrap();
        assert_eq!(s.progress(), (2, 0));
    }
}
