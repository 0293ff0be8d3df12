//! The engine: one person's walk through a [`Questionnaire`].
//!
//! Pure state: answer, go back, revisit an earlier question, restart, and build the
//! [`Assessment`] at the end. No terminal, no files, no clock; plain mode, the TUI and the
//! exporters all drive this same API.

use std::fmt;

use crate::content::model::{
    Condition, Disposition, OptionIndex, Outcome, OutcomeIndex, Passage, QuestionIndex,
    QuestionKind, Questionnaire, SCALE_MAX, SCALE_MIN, Sign, Source, Target, Urgency,
};
use crate::content::words::{self, Words, fill};

/// At most this many other outcomes are shown as "also consider".
pub const ALSO_CONSIDER_MAX: usize = 2;

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

    /// Whether this answer picked the option.
    pub fn picked(&self, option: OptionIndex) -> bool {
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
    /// An option that earlier answers do not offer here (its label).
    NotOffered(String),
    /// An exclusive option ("none of these") combined with others.
    Exclusive(String),
    /// A scale value outside the scale.
    OutOfRange(u8),
    /// No rule and no default matched; validation rules this out for loaded files.
    NoRoute(String),
}

impl AnswerError {
    /// The message in the words of a language's catalogue.
    pub fn message(&self, words: &Words) -> String {
        let errors = &words.errors;
        match self {
            AnswerError::Finished => errors.finished.clone(),
            AnswerError::WrongKind => errors.wrong_kind.clone(),
            AnswerError::NothingPicked => errors.nothing_picked.clone(),
            AnswerError::OnlyOne => errors.only_one.clone(),
            AnswerError::NoSuchOption(n) => {
                fill(&errors.no_such_option, &[("n", &(n + 1).to_string())])
            }
            AnswerError::Exclusive(label) => fill(&errors.exclusive, &[("label", label)]),
            AnswerError::NotOffered(label) => fill(&errors.not_offered, &[("label", label)]),
            AnswerError::OutOfRange(v) => fill(
                &errors.out_of_range,
                &[
                    ("value", &v.to_string()),
                    ("min", &SCALE_MIN.to_string()),
                    ("max", &SCALE_MAX.to_string()),
                ],
            ),
            AnswerError::NoRoute(id) => fill(&errors.no_route, &[("id", id)]),
        }
    }
}

/// The message in English.
impl fmt::Display for AnswerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(words::english()))
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

    /// The options a question offers after the answers on the current route, in order:
    /// those whose condition holds (an option without one is always offered).
    pub fn offered(&self, question: QuestionIndex) -> Vec<OptionIndex> {
        let question = self.questionnaire.question(question);
        (0..question.options.len())
            .map(OptionIndex)
            .filter(|o| self.offers(&question.options[o.0].only_when))
            .collect()
    }

    fn offers(&self, only_when: &[Condition]) -> bool {
        only_when.iter().all(|c| self.holds(c))
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
        if let Target::Question(next) = target {
            self.forget_hidden(next);
        }
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

    /// Drops from the answer remembered for `question` the options its route no longer
    /// offers (an earlier answer was changed): it is shown, and counts, without them.
    fn forget_hidden(&mut self, question: QuestionIndex) {
        let offered = self.offered(question);
        if let Some(Answer::Choices(picked)) = &mut self.remembered[question.0] {
            picked.retain(|o| offered.contains(o));
            if picked.is_empty() {
                self.remembered[question.0] = None;
            }
        }
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
                if let Some(hidden) = picked
                    .iter()
                    .find(|o| !self.offers(&question.options[o.0].only_when))
                {
                    return Err(AnswerError::NotOffered(
                        question.options[hidden.0].label.clone(),
                    ));
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
        // Why: the signs of this outcome that the answers match, in the file's order.
        let why = self.matched_signs(&outcome.signs);
        let also_consider = if q.disposition(outcome.disposition).emergency {
            Vec::new()
        } else {
            self.also_consider(outcome)
        };
        // Who to see and how soon: the outcome's own disposition, raised by any answer that
        // names a more urgent one (a lower index on the ladder).
        let base = outcome.disposition;
        let mut disposition = base;
        let mut raised_by = Vec::new();
        for visit in &self.trail {
            let question = q.question(visit.question);
            let Some(answer) = self.answer_to(visit.question) else {
                continue;
            };
            for (i, option) in question.options.iter().enumerate() {
                if let (true, Some(raise)) = (answer.picked(OptionIndex(i)), option.raises)
                    && raise < base
                {
                    raised_by.push(Raise {
                        reason: Reason {
                            question: question.short.clone(),
                            answer: option.label.clone(),
                        },
                        to: q.disposition(raise),
                    });
                    disposition = disposition.min(raise);
                }
            }
        }
        let final_rung = q.disposition(disposition);
        // Raised to a rung whose self-help waits for a doctor (it has an `advice_heading`):
        // the pattern's own "get help sooner if" would be sooner than being seen, so it goes.
        let waits = disposition != base && final_rung.advice_heading.is_some();
        let shown = Shown {
            explanation: self.shown(&outcome.explanation),
            advice: self.shown(&outcome.advice),
            avoid: self.shown(&outcome.avoid),
            sooner_if: if waits {
                Vec::new()
            } else {
                self.shown(&outcome.sooner_if)
            },
            when: self.shown(&final_rung.when),
            safety_net: self.shown(&final_rung.safety_net),
            until_seen: self.shown(&final_rung.until_seen),
        };
        Assessment {
            outcome,
            shown,
            disposition: final_rung,
            urgency: q.urgency(disposition),
            base: q.disposition(base),
            raised_by,
            why,
            also_consider,
            answers,
            sources: outcome.sources.iter().map(|s| &q.sources[*s]).collect(),
        }
    }

    /// The items whose conditions hold on this route, in the file's order.
    fn shown(&self, items: &'q [Passage]) -> Vec<&'q Passage> {
        items.iter().filter(|p| self.offers(&p.only_when)).collect()
    }

    /// The texts of the signs whose conditions all hold on this route.
    fn matched_signs(&self, signs: &'q [Sign]) -> Vec<&'q str> {
        signs
            .iter()
            .filter(|sign| sign.conditions.iter().all(|c| self.holds(c)))
            .map(|sign| sign.text.as_str())
            .collect()
    }

    /// Other outcomes the answers also fit well: at least two of their signs and at least
    /// half of them hold. Emergencies are never among them (they are reached, not weighed).
    /// Best first: the larger share of signs, then the more signs, then the file's order.
    fn also_consider(&self, reached: &Outcome) -> Vec<Fit<'q>> {
        let q = self.questionnaire;
        let mut fits: Vec<(usize, usize, Fit<'q>)> = q
            .outcomes
            .iter()
            .filter(|o| o.id != reached.id && !q.disposition(o.disposition).emergency)
            .filter_map(|o| {
                let signs = self.matched_signs(&o.signs);
                let (matched, total) = (signs.len(), o.signs.len());
                (matched >= 2 && matched * 2 >= total).then_some((
                    matched,
                    total,
                    Fit { outcome: o, signs },
                ))
            })
            .collect();
        // Compare shares without division: a/b > c/d when a*d > c*b.
        fits.sort_by(|(a, b, _), (c, d, _)| (c * b).cmp(&(a * d)).then(c.cmp(a)));
        fits.into_iter()
            .take(ALSO_CONSIDER_MAX)
            .map(|(_, _, fit)| fit)
            .collect()
    }

    /// An answer in words: the option labels, or the scale value.
    pub fn describe(&self, question: QuestionIndex, answer: &Answer) -> String {
        let question = self.questionnaire.question(question);
        match answer {
            Answer::Scale(v) => fill(
                &words::of(self.questionnaire).common.scale_value,
                &[("value", &v.to_string()), ("max", &SCALE_MAX.to_string())],
            ),
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

/// An answer that made the result more urgent than its pattern alone, and to what.
#[derive(Debug, Clone)]
pub struct Raise<'q> {
    pub reason: Reason,
    pub to: &'q Disposition,
}

/// Another outcome the answers also fit, with the signs of it that they match.
#[derive(Debug, Clone)]
pub struct Fit<'q> {
    pub outcome: &'q Outcome,
    pub signs: Vec<&'q str>,
}

/// The texts a result shows: each list of the outcome and of the final disposition, with
/// only the items whose conditions hold for this person. Every view shows these, never the
/// outcome's or the disposition's lists themselves.
#[derive(Debug, Clone)]
pub struct Shown<'q> {
    pub explanation: Vec<&'q Passage>,
    pub advice: Vec<&'q Passage>,
    pub avoid: Vec<&'q Passage>,
    pub sooner_if: Vec<&'q Passage>,
    /// The final disposition's "when to get help".
    pub when: Vec<&'q Passage>,
    /// The final disposition's safety net.
    pub safety_net: Vec<&'q Passage>,
    /// The final disposition's "what to do until you are seen", shown before the rest.
    pub until_seen: Vec<&'q Passage>,
}

impl<'q> Shown<'q> {
    /// Every item shown, named `owner.id` (the outcome's, then the disposition's).
    pub fn names(&self, outcome: &Outcome, disposition: &Disposition) -> Vec<String> {
        let of_outcome = [
            &self.explanation,
            &self.advice,
            &self.avoid,
            &self.sooner_if,
        ];
        let of_rung = [&self.until_seen, &self.when, &self.safety_net];
        let outcome_names = of_outcome
            .into_iter()
            .flatten()
            .map(|p| format!("{}.{}", outcome.id, p.id));
        let rung_names = of_rung
            .into_iter()
            .flatten()
            .map(|p| format!("{}.{}", disposition.id, p.id));
        outcome_names.chain(rung_names).collect()
    }
}

/// The result of a finished session: the outcome reached, who to see and how soon, and why.
#[derive(Debug, Clone)]
pub struct Assessment<'q> {
    pub outcome: &'q Outcome,
    /// The outcome's and the disposition's texts that show for these answers.
    pub shown: Shown<'q>,
    /// Who to see and how soon: the outcome's disposition, raised by any raising answer.
    /// The result's heading and its "when to get help" both come from this.
    pub disposition: &'q Disposition,
    /// How urgent [`Assessment::disposition`] looks: its colour and place in reception's list.
    pub urgency: Urgency,
    /// The outcome's own disposition, before any raising answer.
    pub base: &'q Disposition,
    /// The answers that raised the disposition above the outcome's own.
    pub raised_by: Vec<Raise<'q>>,
    /// The signs of this outcome that the answers match: why this result.
    pub why: Vec<&'q str>,
    /// Up to [`ALSO_CONSIDER_MAX`] other outcomes the answers also fit well.
    pub also_consider: Vec<Fit<'q>>,
    /// Every answer on the route, in order.
    pub answers: Vec<AnsweredQuestion>,
    pub sources: Vec<&'q Source>,
}

#[cfg(test)]
mod tests {
    use super::*;
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
    fn why_lists_the_signs_of_the_outcome_that_hold() {
        let q = small();
        let mut s = Session::new(&q);
        s.answer(Answer::many([NONE])).unwrap();
        s.answer(Answer::one(HIP)).unwrap();
        s.answer(Answer::one(YES)).unwrap();
        let a = s.assessment().unwrap();
        assert_eq!(a.outcome.id, "hip_result");
        assert_eq!(a.why, ["Pain in the hip", "Groin pain"]);
        assert_eq!(a.answers.len(), 3);
        assert_eq!(a.sources[0].title, "Article A");
    }

    #[test]
    fn a_sign_on_a_scale_holds_only_in_its_range() {
        let q = small();
        let route = |score| {
            let mut s = Session::new(&q);
            s.answer(Answer::many([NONE])).unwrap();
            s.answer(Answer::one(BACK)).unwrap();
            s.answer(Answer::one(NO)).unwrap();
            s.answer(Answer::Scale(score)).unwrap();
            let a = s.assessment().unwrap();
            (a.outcome.id.clone(), a.why.clone())
        };
        assert_eq!(
            route(9),
            (
                "back_bad".to_string(),
                vec!["Pain in the low back", "Severe pain"]
            )
        );
        // The signs of the result reached, not every answer: the score decided nothing here.
        assert_eq!(
            route(2),
            (
                "back_result".to_string(),
                vec!["Pain in the low back", "No groin pain"]
            )
        );
    }

    #[test]
    fn also_consider_names_other_outcomes_whose_signs_fit_well() {
        let q = small();
        let mut s = Session::new(&q);
        s.answer(Answer::many([NONE])).unwrap();
        s.answer(Answer::one(BACK)).unwrap();
        s.answer(Answer::one(NO)).unwrap();
        s.answer(Answer::Scale(9)).unwrap();
        let a = s.assessment().unwrap();
        assert_eq!(a.outcome.id, "back_bad");
        // back_result's two signs (low back, no groin) both hold; hip_result's do not.
        let also: Vec<(&str, Vec<&str>)> = a
            .also_consider
            .iter()
            .map(|fit| (fit.outcome.id.as_str(), fit.signs.clone()))
            .collect();
        assert_eq!(
            also,
            [("back_result", vec!["Pain in the low back", "No groin pain"])]
        );
    }

    #[test]
    fn an_emergency_result_weighs_no_other_outcome() {
        let q = small();
        let mut s = Session::new(&q);
        s.answer(Answer::many([SADDLE])).unwrap();
        let a = s.assessment().unwrap();
        assert!(a.disposition.emergency);
        assert!(a.also_consider.is_empty());
        assert_eq!(a.why, ["Saddle numbness"]);
    }

    #[test]
    fn second_group_warning_sign_raises_urgency_without_changing_route() {
        let q = small();
        let mut s = Session::new(&q);
        s.answer(Answer::many([FEVER])).unwrap();
        s.answer(Answer::one(KNEE)).unwrap();
        let a = s.assessment().unwrap();
        assert_eq!(a.outcome.id, "knee_result");
        assert_eq!(a.base.id, "self_care");
        assert_eq!(a.disposition.id, "soon");
        assert_eq!(a.urgency, Urgency::Soon);
        assert_eq!(a.raised_by[0].reason.to_string(), "Warning signs: Fever");
        assert_eq!(a.raised_by[0].to.id, "soon");
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

    /// The small fixture with a conditional option (`where.knee` offered only without a
    /// fever) and conditional texts on the knee result.
    fn conditional() -> Questionnaire {
        let text = include_str!("../../tests/fixtures/small.toml")
            .replace(
                r#"{ id = "knee", label = "Knee" },"#,
                r#"{ id = "knee", label = "Knee", none = ["flags.fever"] },"#,
            )
            .replace(
                r#"advice = ["Rest."]"#,
                r#"advice = ["Rest.", { id = "fever_first", text = "See about the fever first.", any = ["flags.fever"] }, { id = "calm", text = "Keep calm.", none = ["flags.fever"] }]"#,
            );
        crate::content::validate::load("conditional.toml", &text).expect("loads")
    }

    #[test]
    fn an_option_is_offered_only_when_its_condition_holds() {
        let q = conditional();
        let mut s = Session::new(&q);
        s.answer(Answer::many([1])).unwrap(); // fever
        let here = s.current_question().unwrap();
        assert_eq!(s.offered(here), vec![OptionIndex(0), OptionIndex(1)]);
        assert_eq!(
            s.answer(Answer::one(2)),
            Err(AnswerError::NotOffered("Knee".into())),
            "a hidden option cannot be picked"
        );
        assert_eq!(s.current_question(), Some(here), "nothing changed");
        s.back();
        s.answer(Answer::many([2])).unwrap(); // none of these
        let here = s.current_question().unwrap();
        assert_eq!(s.offered(here).len(), 3);
        s.answer(Answer::one(2)).unwrap();
        assert!(s.assessment().is_some());
    }

    #[test]
    fn an_answer_hidden_by_an_earlier_change_is_forgotten() {
        let q = conditional();
        let mut s = Session::new(&q);
        s.answer(Answer::many([2])).unwrap();
        let where_ = s.current_question().unwrap();
        s.answer(Answer::one(2)).unwrap(); // knee
        assert!(s.revisit(QuestionIndex(0)));
        s.answer(Answer::many([1])).unwrap(); // now a fever: the knee is not offered
        assert_eq!(s.current_question(), Some(where_));
        assert_eq!(
            s.remembered(where_),
            None,
            "the knee is no longer remembered"
        );
    }

    #[test]
    fn a_result_shows_only_the_texts_whose_conditions_hold() {
        let q = conditional();
        let mut s = Session::new(&q);
        s.answer(Answer::many([2])).unwrap(); // none of the flags
        s.answer(Answer::one(2)).unwrap(); // the knee: its result at once
        let a = s.assessment().unwrap();
        assert_eq!(a.outcome.id, "knee_result");
        let ids: Vec<&str> = a.shown.advice.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["advice.1", "calm"], "the fever advice is hidden");
        assert_eq!(a.outcome.advice.len(), 3, "the model keeps every item");
    }
}
