//! The walk written as FHIRPath, for the Questionnaire's SDC `variable` and
//! `enableWhenExpression` extensions: which questions are asked, which outcome is reached and
//! the final rung of the ladder, read from the answers of a `QuestionnaireResponse`.
//!
//! The variables mirror [`crate::engine::session::Session`]: a question's answer counts only
//! when the question is asked (on the route), so every condition on an unasked question is
//! false, `NoneOf` included, as `Session::holds` says. Every expression gives a boolean (never
//! an empty collection), so `not()`, `and` and `or` behave as two-valued logic.

use std::collections::HashSet;

use crate::content::model::{
    Condition, DispositionIndex, OptionIndex, OutcomeIndex, QuestionIndex, QuestionKind,
    Questionnaire, Target,
};

/// Which answers a condition may read, as the engine would have them at that point.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    /// While this question is being asked: only the questions before it on the route
    /// (an option's condition).
    Before(QuestionIndex),
    /// Once this question is answered: the questions before it and itself (its rules).
    Through(QuestionIndex),
    /// At the result: every question on the route (a text's condition).
    Anywhere,
}

/// The questionnaire's walk as named FHIRPath variables, and the expressions built on them.
#[derive(Debug, Clone)]
pub struct Branching {
    /// The root variables, `(name, expression)`, each defined only from those before it.
    pub variables: Vec<(String, String)>,
    /// Per question: the variable true when it is asked (reached by the walk).
    asked: Vec<String>,
    /// Per question: the variable holding its answer (option ids, `yes`/`no`, or the score)
    /// when it is asked, and empty otherwise.
    answer: Vec<String>,
    /// Per outcome: the variable true when the walk ends there.
    reached: Vec<String>,
    /// Per rung of the ladder that some option raises to: the variable true when an asked
    /// question's answer picked such an option.
    raised: Vec<Option<String>>,
    /// `before[q][r]`: question r can come before question q on a route.
    before: Vec<Vec<bool>>,
    /// Per question, its options' ids in order.
    codes: Vec<Vec<String>>,
}

impl Branching {
    pub fn new(questionnaire: &Questionnaire) -> Branching {
        let questions = &questionnaire.questions;
        let order = topological_order(questionnaire);
        let before = ancestors(questionnaire, &order);
        let names = |prefix: &'static str, ids: Vec<&str>| variable_names(prefix, &ids);
        let mut branching = Branching {
            variables: Vec::new(),
            asked: names("asked", questions.iter().map(|q| q.id.as_str()).collect()),
            answer: names("answer", questions.iter().map(|q| q.id.as_str()).collect()),
            reached: names(
                "outcome",
                questionnaire
                    .outcomes
                    .iter()
                    .map(|o| o.id.as_str())
                    .collect(),
            ),
            raised: Vec::new(),
            before,
            codes: questions
                .iter()
                .map(|q| q.options.iter().map(|o| o.id.clone()).collect())
                .collect(),
        };
        let raise_names = names(
            "raised",
            questionnaire
                .dispositions
                .iter()
                .map(|d| d.id.as_str())
                .collect(),
        );
        branching.raised = (0..questionnaire.dispositions.len())
            .map(|d| {
                let raises = questions.iter().any(|q| {
                    q.options
                        .iter()
                        .any(|o| o.raises == Some(DispositionIndex(d)))
                });
                raises.then(|| raise_names[d].clone())
            })
            .collect();

        // Every rule and default of every question, as the edge it takes.
        let mut into_question: Vec<Vec<String>> = vec![Vec::new(); questions.len()];
        let mut into_outcome: Vec<Vec<String>> = vec![Vec::new(); questionnaire.outcomes.len()];
        let mut rules: Vec<Vec<(String, String)>> = vec![Vec::new(); questions.len()];
        let mut rule_names = Names::new("rule");
        for (p, question) in questions.iter().enumerate() {
            let here = QuestionIndex(p);
            let answered = format!(
                "%{} and %{}.exists()",
                branching.asked[p], branching.answer[p]
            );
            // Each rule's conditions once, as a variable the edges name (a rule without
            // conditions always matches).
            let matches: Vec<String> = question
                .rules
                .iter()
                .enumerate()
                .map(|(i, rule)| {
                    let holds = branching.holds_all(&rule.conditions, Scope::Through(here));
                    if holds == "true" || holds == "false" {
                        return holds;
                    }
                    let name = rule_names.next_name(&format!("{}_{}", question.id, i + 1));
                    rules[p].push((name.clone(), holds));
                    format!("%{name}")
                })
                .collect();
            let edges = question
                .rules
                .iter()
                .map(|rule| Some(rule.target))
                .chain([question.default]);
            for (i, target) in edges.enumerate() {
                let Some(target) = target else { continue };
                let mut parts = vec![answered.clone()];
                parts.extend(matches.get(i).cloned());
                parts.extend(matches[..i.min(matches.len())].iter().map(|m| not(m)));
                let edge = all(&parts);
                match target {
                    Target::Question(q) => into_question[q.0].push(edge),
                    Target::Outcome(o) => into_outcome[o.0].push(edge),
                }
            }
        }
        let start = |target: Target| questionnaire.start == target;
        for q in order {
            let asked = if start(Target::Question(q)) {
                "true".to_string()
            } else {
                any(&into_question[q.0])
            };
            branching
                .variables
                .push((branching.asked[q.0].clone(), asked));
            branching.variables.push((
                branching.answer[q.0].clone(),
                answer_expression(questionnaire, q, &branching.asked[q.0]),
            ));
            branching.variables.append(&mut rules[q.0]);
        }
        for (o, edges) in into_outcome.iter().enumerate() {
            let reached = if start(Target::Outcome(OutcomeIndex(o))) {
                "true".to_string()
            } else {
                any(edges)
            };
            branching
                .variables
                .push((branching.reached[o].clone(), reached));
        }
        for (d, name) in branching.raised.iter().enumerate() {
            let Some(name) = name else { continue };
            let picks: Vec<String> = questions
                .iter()
                .enumerate()
                .flat_map(|(q, question)| {
                    let answer = &branching.answer[q];
                    question
                        .options
                        .iter()
                        .filter(move |o| o.raises == Some(DispositionIndex(d)))
                        .map(move |o| format!("%{answer}.where($this = '{}').exists()", o.id))
                })
                .collect();
            branching.variables.push((name.clone(), any(&picks)));
        }
        branching
    }

    /// True when the question is asked: `%askedId` (`%askedRedFlags`).
    pub fn asked(&self, question: QuestionIndex) -> String {
        format!("%{}", self.asked[question.0])
    }

    /// True when the walk ends at the outcome: `%outcomeId`.
    pub fn reached(&self, outcome: OutcomeIndex) -> String {
        format!("%{}", self.reached[outcome.0])
    }

    /// True when every condition holds (an empty list always holds), each reading its
    /// question's answer only where `scope` lets the engine read it.
    pub fn holds_all(&self, conditions: &[Condition], scope: Scope) -> String {
        let parts: Vec<String> = conditions.iter().map(|c| self.holds(c, scope)).collect();
        all(&parts)
    }

    fn holds(&self, condition: &Condition, scope: Scope) -> String {
        let read = condition.question();
        let readable = match scope {
            Scope::Before(q) => self.before[q.0][read.0],
            Scope::Through(q) => q == read || self.before[q.0][read.0],
            Scope::Anywhere => true,
        };
        if !readable {
            // The engine would find no answer on the route, and no condition holds on none.
            return "false".to_string();
        }
        let answer = format!("%{}", self.answer[read.0]);
        match condition {
            Condition::AnyOf(_, options) if options.is_empty() => "false".to_string(),
            Condition::AnyOf(_, options) => {
                format!("{answer}.where({}).exists()", self.one_of(read, options))
            }
            Condition::AllOf(_, options) => {
                let mut parts = vec![format!("{answer}.exists()")];
                parts.extend(options.iter().map(|o| {
                    format!("{answer}.where($this = '{}').exists()", self.code(read, *o))
                }));
                all(&parts)
            }
            Condition::NoneOf(_, options) if options.is_empty() => format!("{answer}.exists()"),
            Condition::NoneOf(_, options) => format!(
                "{answer}.exists() and {answer}.where({}).empty()",
                self.one_of(read, options)
            ),
            Condition::Scale { min, max, .. } => {
                format!("{answer}.where($this >= {min} and $this <= {max}).exists()")
            }
        }
    }

    /// The rungs a result of base rung `base` can end on: the base and every more urgent rung
    /// an option raises to, most urgent first.
    pub fn final_rungs(&self, base: DispositionIndex) -> Vec<DispositionIndex> {
        (0..base.0)
            .filter(|d| self.raised[*d].is_some())
            .map(DispositionIndex)
            .chain([base])
            .collect()
    }

    /// True when a result of base rung `base` ends on `rung` (one of [`Self::final_rungs`]):
    /// raised to it and to nothing more urgent, or for the base, raised to nothing more
    /// urgent than it (the engine's `disposition.min(raise)` for every raise below the base).
    pub fn final_rung(&self, base: DispositionIndex, rung: DispositionIndex) -> String {
        let mut parts = Vec::new();
        if rung != base {
            parts.extend(self.raised[rung.0].iter().map(|name| format!("%{name}")));
        }
        parts.extend(
            self.raised[..rung.0]
                .iter()
                .flatten()
                .map(|name| format!("%{name}.not()")),
        );
        all(&parts)
    }

    /// The option's id, as the answer variables hold it.
    fn code(&self, question: QuestionIndex, option: OptionIndex) -> &str {
        self.codes[question.0]
            .get(option.0)
            .map_or("", String::as_str)
    }

    /// `$this = 'a' or $this = 'b' ...`: the answer value is one of the options.
    fn one_of(&self, question: QuestionIndex, options: &[OptionIndex]) -> String {
        options
            .iter()
            .map(|o| format!("$this = '{}'", self.code(question, *o)))
            .collect::<Vec<_>>()
            .join(" or ")
    }
}

/// The question's answer when it is asked, as values conditions compare: option ids for a
/// choice, `yes` or `no` for a yes/no question (a `valueBoolean`), the score for a scale.
fn answer_expression(
    questionnaire: &Questionnaire,
    question: QuestionIndex,
    asked: &str,
) -> String {
    let q = questionnaire.question(question);
    let values = format!("%resource.item.where(linkId = '{}').answer.value", q.id);
    let values = match q.kind {
        QuestionKind::Single | QuestionKind::Multiple => format!("{values}.code"),
        QuestionKind::YesNo => format!("{values}.select(iif($this, 'yes', 'no'))"),
        QuestionKind::Scale => values,
    };
    format!("iif(%{asked}, {values})")
}

/// `a and b and ...`, each part in brackets where it has operators of its own; `true` for
/// none.
pub fn all(parts: &[String]) -> String {
    join(parts, "and", "true")
}

/// `a or b or ...`; `false` for none.
pub fn any(parts: &[String]) -> String {
    join(parts, "or", "false")
}

/// The negation of a boolean expression.
pub fn not(expression: &str) -> String {
    format!("({expression}).not()")
}

fn join(parts: &[String], operator: &str, empty: &str) -> String {
    let parts: Vec<&String> = parts.iter().filter(|p| p.as_str() != empty).collect();
    match parts.as_slice() {
        [] => empty.to_string(),
        [one] => one.to_string(),
        _ => parts
            .iter()
            .map(|p| {
                if p.contains(' ') {
                    format!("({p})")
                } else {
                    p.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(&format!(" {operator} ")),
    }
}

/// Variable names of one kind: `PREFIX` + the id in camel case (`red_flags` -> `askedRedFlags`).
/// A name must be both a FHIR `id` (`Expression.name`: letters, digits, `-` and `.`, at most
/// 64) and a FHIRPath identifier (letters, digits and `_`), so letters and digits only; one
/// already taken gets a number after it.
struct Names {
    prefix: &'static str,
    taken: HashSet<String>,
}

impl Names {
    fn new(prefix: &'static str) -> Names {
        Names {
            prefix,
            taken: HashSet::new(),
        }
    }

    fn next_name(&mut self, id: &str) -> String {
        let clean: String = id
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|part| !part.is_empty())
            .map(|part| part[..1].to_ascii_uppercase() + &part[1..])
            .collect::<String>()
            .chars()
            .take(48)
            .collect();
        let mut name = format!("{}{clean}", self.prefix);
        let mut n = 2;
        while self.taken.contains(&name) {
            name = format!("{}{clean}{n}", self.prefix);
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }
}

/// [`Names`] for a list of ids, in order.
fn variable_names(prefix: &'static str, ids: &[&str]) -> Vec<String> {
    let mut names = Names::new(prefix);
    ids.iter().map(|id| names.next_name(id)).collect()
}

/// The questions in an order where every rule and default points forward (Kahn's method;
/// the loader refuses a cycle, and any question a cycle would hold comes last).
fn topological_order(questionnaire: &Questionnaire) -> Vec<QuestionIndex> {
    let n = questionnaire.questions.len();
    let successors = successors(questionnaire);
    let mut incoming = vec![0usize; n];
    for next in successors.iter().flatten() {
        incoming[next.0] += 1;
    }
    let mut ready: Vec<usize> = (0..n).rev().filter(|q| incoming[*q] == 0).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(q) = ready.pop() {
        order.push(QuestionIndex(q));
        for next in successors[q].iter().rev() {
            incoming[next.0] -= 1;
            if incoming[next.0] == 0 {
                ready.push(next.0);
            }
        }
    }
    let placed: HashSet<usize> = order.iter().map(|q| q.0).collect();
    order.extend((0..n).filter(|q| !placed.contains(q)).map(QuestionIndex));
    order
}

/// Each question's next questions, one per rule or default (repeats kept: counted once each
/// by [`topological_order`]).
fn successors(questionnaire: &Questionnaire) -> Vec<Vec<QuestionIndex>> {
    questionnaire
        .questions
        .iter()
        .map(|q| {
            q.rules
                .iter()
                .map(|r| r.target)
                .chain(q.default)
                .filter_map(|t| match t {
                    Target::Question(next) => Some(next),
                    Target::Outcome(_) => None,
                })
                .collect()
        })
        .collect()
}

/// `before[q][r]`: there is a route from question r to question q.
fn ancestors(questionnaire: &Questionnaire, order: &[QuestionIndex]) -> Vec<Vec<bool>> {
    let n = questionnaire.questions.len();
    let successors = successors(questionnaire);
    let mut before = vec![vec![false; n]; n];
    for q in order {
        for next in &successors[q.0] {
            let mut inherited = before[q.0].clone();
            inherited[q.0] = true;
            for (r, yes) in inherited.into_iter().enumerate() {
                before[next.0][r] |= yes;
            }
        }
    }
    before
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::small;

    fn variable<'b>(branching: &'b Branching, name: &str) -> &'b str {
        branching
            .variables
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, e)| e.as_str())
            .unwrap_or_else(|| panic!("no variable {name}"))
    }

    #[test]
    fn the_start_question_is_always_asked_and_the_next_only_past_the_earlier_rules() {
        let q = small();
        let b = Branching::new(&q);
        assert_eq!(variable(&b, "askedFlags"), "true");
        // flags' only rule (saddle) goes to the emergency; where is its default.
        assert_eq!(
            variable(&b, "askedWhere"),
            "(%askedFlags and %answerFlags.exists()) and (%ruleFlags1).not()"
        );
        assert_eq!(
            variable(&b, "ruleFlags1"),
            "%answerFlags.where($this = 'saddle').exists()"
        );
    }

    #[test]
    fn every_variable_is_defined_after_the_variables_it_names() {
        let q = small();
        let b = Branching::new(&q);
        let mut defined: HashSet<&str> = HashSet::from(["resource"]);
        for (name, expression) in &b.variables {
            for used in expression.split('%').skip(1) {
                let used: String = used
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                assert!(
                    defined.contains(used.as_str()),
                    "{name} names %{used} first"
                );
            }
            defined.insert(name);
        }
    }

    #[test]
    fn an_answer_counts_only_when_its_question_is_asked() {
        let q = small();
        let b = Branching::new(&q);
        assert_eq!(
            variable(&b, "answerGroin"),
            "iif(%askedGroin, %resource.item.where(linkId = 'groin').answer.value\
             .select(iif($this, 'yes', 'no')))"
        );
        assert_eq!(
            variable(&b, "answerSeverity"),
            "iif(%askedSeverity, %resource.item.where(linkId = 'severity').answer.value)"
        );
    }

    #[test]
    fn none_of_an_unanswered_question_is_false_not_true() {
        let q = small();
        let b = Branching::new(&q);
        let flags = q.question_by_id("flags").unwrap();
        let none = Condition::NoneOf(flags, vec![OptionIndex(0)]);
        assert_eq!(
            b.holds(&none, Scope::Anywhere),
            "%answerFlags.exists() and %answerFlags.where($this = 'saddle').empty()"
        );
    }

    #[test]
    fn a_condition_on_a_question_that_cannot_come_first_is_false() {
        let q = small();
        let b = Branching::new(&q);
        let (flags, severity) = (
            q.question_by_id("flags").unwrap(),
            q.question_by_id("severity").unwrap(),
        );
        let later = Condition::Scale {
            question: severity,
            min: 8,
            max: 10,
        };
        assert_eq!(b.holds(&later, Scope::Through(flags)), "false");
        assert_eq!(b.holds(&later, Scope::Before(severity)), "false");
        assert_ne!(b.holds(&later, Scope::Through(severity)), "false");
    }

    #[test]
    fn a_result_ends_on_its_own_rung_unless_raised_above_it() {
        let q = small();
        let b = Branching::new(&q);
        let soon = q.disposition_by_id("soon").unwrap();
        let base = q
            .outcome(q.outcome_by_id("back_result").unwrap())
            .disposition;
        assert!(soon < base, "small.toml's fever raises back_result");
        assert_eq!(b.final_rungs(base), [soon, base]);
        assert_eq!(b.final_rung(base, soon), "%raisedSoon");
        assert_eq!(b.final_rung(base, base), "%raisedSoon.not()");
        assert_eq!(
            variable(&b, "raisedSoon"),
            "%answerFlags.where($this = 'fever').exists()"
        );
    }

    #[test]
    fn names_are_fhir_ids_and_fhirpath_identifiers_and_never_repeat() {
        let names = variable_names("asked", &["red_flags", "red-flags", "redFlags", "x.y"]);
        assert_eq!(
            names,
            [
                "askedRedFlags",
                "askedRedFlags2",
                "askedRedFlags3",
                "askedXY"
            ]
        );
    }
}
