//! The safety invariants: an option marked `emergency = true` routes to an emergency outcome
//! at its own question, whatever rule comes first; and every question on the warning-sign
//! screen is asked on every route to a result that its `asked_of` lets through.

use super::*;
use crate::content::lint::contradiction;
use crate::content::validate::graph::{can_match_with, guaranteed_with};

/// The most steps the screen check takes before it gives up on a tree (the built-in one
/// takes a few thousand).
const SCREEN_CHECK_STEPS: usize = 1_000_000;

impl<'a> Builder<'a> {
    /// The safety invariant: an emergency answer ends at an emergency outcome on every path.
    pub(super) fn check_emergency_answers(&mut self, q: &Questionnaire) {
        let raw = self.raw;
        for (i, question) in q.questions.iter().enumerate() {
            let here = QuestionIndex(i);
            for (o, option) in question.options.iter().enumerate() {
                if !option.emergency {
                    continue;
                }
                let o = OptionIndex(o);
                let span = raw.questions[i]
                    .options
                    .get(o.0)
                    .map_or_else(|| raw.questions[i].id.span(), |ro| ro.id.span());
                let is_emergency =
                    |t: Target| matches!(t, Target::Outcome(out) if q.is_emergency(out));
                let mut failure = None;
                let mut settled = false;
                for rule in &question.rules {
                    if !can_match_with(question, here, rule, o) {
                        continue;
                    }
                    if !is_emergency(rule.target) {
                        failure = Some(rule.target);
                        break;
                    }
                    if guaranteed_with(question, here, rule, o) {
                        settled = true;
                        break;
                    }
                }
                if failure.is_none()
                    && !settled
                    && let Some(default) = question.default
                    && !is_emergency(default)
                {
                    failure = Some(default);
                }
                if failure.is_none() && !settled && question.default.is_none() {
                    // No rule is certain to match; the coverage check reports the dead end.
                    continue;
                }
                if let Some(target) = failure {
                    let to = match target {
                        Target::Question(t) => format!("question \"{}\"", q.question(t).id),
                        Target::Outcome(t) => {
                            let out = q.outcome(t);
                            format!(
                                "outcome \"{}\" ({})",
                                out.id,
                                q.disposition(out.disposition).id
                            )
                        }
                    };
                    self.error(
                        span,
                        format!(
                            "safety: emergency answer \"{}\" of \"{}\" can lead to {to} instead of an emergency outcome",
                            option.id, question.id
                        ),
                        Some(format!(
                            "put a rule `any = [\"{}\", ...]` with `goto` an emergency outcome before the other rules",
                            option.id
                        )),
                    );
                }
            }
        }
    }

    /// Every question on the warning-sign screen is asked on every route from the start to
    /// a result that is not an emergency, unless the route rules out whom the question is
    /// for (`asked_of`). A route is followed rule by rule; what it needs is the conditions of
    /// the rules it took, and what the rules it passed over before each say in one condition
    /// ([`not_taken`]; a rule of several conditions adds nothing, so the check errs towards
    /// reporting a route). It is let off only when those contradict
    /// `asked_of`, or when `asked_of` reads a question the route never asks (which matches
    /// nothing).
    pub(super) fn check_screen_asked(&mut self, q: &Questionnaire) {
        for (w, question) in q.questions.iter().enumerate() {
            if !question.screen {
                continue;
            }
            let mut steps = 0;
            // Where the route stands, what its rules need, the questions it asked, its steps.
            type Route = (Target, Vec<Condition>, Vec<QuestionIndex>, Vec<String>);
            let mut stack: Vec<Route> = vec![(q.start, Vec::new(), Vec::new(), Vec::new())];
            let mut bypass = None;
            while let Some((at, needs, asked, route)) = stack.pop() {
                steps += 1;
                if steps > SCREEN_CHECK_STEPS {
                    bypass = Some(format!(
                        "the tree has too many routes to check (more than {SCREEN_CHECK_STEPS} \
                         steps)"
                    ));
                    break;
                }
                let from = match at {
                    Target::Question(i) if i.0 == w => continue,
                    Target::Outcome(o) if q.is_emergency(o) => continue,
                    Target::Outcome(_)
                        if question
                            .asked_of
                            .iter()
                            .any(|c| !asked.contains(&c.question())) =>
                    {
                        continue;
                    }
                    Target::Outcome(o) => {
                        let mut all = needs.clone();
                        all.extend(question.asked_of.iter().cloned());
                        if contradiction(q, &all).is_none() {
                            bypass = Some(format!("{} => {}", route.join(" -> "), q.outcome(o).id));
                            break;
                        }
                        continue;
                    }
                    Target::Question(i) => q.question(i),
                };
                let mut asked = asked;
                if let Target::Question(i) = at {
                    asked.push(i);
                }
                for (r, rule) in from.rules.iter().enumerate() {
                    let mut needs = needs.clone();
                    needs.extend(from.rules[..r].iter().filter_map(not_taken));
                    needs.extend(rule.conditions.iter().cloned());
                    // A route whose rules already rule out whom the question is for ends here.
                    let mut with_filter = needs.clone();
                    with_filter.extend(question.asked_of.iter().cloned());
                    if contradiction(q, &with_filter).is_some() {
                        continue;
                    }
                    let mut route = route.clone();
                    route.push(format!("{} [rule {}]", from.id, r + 1));
                    stack.push((rule.target, needs, asked.clone(), route));
                }
                if let Some(default) = from.default {
                    let mut needs = needs;
                    needs.extend(from.rules.iter().filter_map(not_taken));
                    let mut route = route.clone();
                    route.push(format!("{} [otherwise]", from.id));
                    stack.push((default, needs, asked, route));
                }
            }
            if let Some(bypass) = bypass {
                self.error(
                    self.raw.questions[w].id.span(),
                    format!(
                        "safety: warning-sign question \"{}\" is not asked on a route that \
                         leads to a result: {bypass}",
                        question.id
                    ),
                    Some(
                        "route every answer through it before any result, or say whom it is \
                         for with `asked_of = { ... }` (the route above must rule that out)"
                            .into(),
                    ),
                );
            }
        }
    }
}

/// What the default of a question knows from a rule it passed over, when the rule is one
/// condition that a "none" can deny exactly: `any = [a, b]` or `all = [a]` did not match,
/// so neither `a` nor `b` was picked. A rule of several conditions failed on one of them,
/// which no single condition says; nor does a failed `none` (its question may be unasked).
fn not_taken(rule: &Rule) -> Option<Condition> {
    match rule.conditions.as_slice() {
        [Condition::AnyOf(question, options)] => {
            Some(Condition::NoneOf(*question, options.clone()))
        }
        [Condition::AllOf(question, options)] if options.len() == 1 => {
            Some(Condition::NoneOf(*question, options.clone()))
        }
        _ => None,
    }
}
