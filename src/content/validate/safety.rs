//! The safety invariant: an option marked `emergency = true` routes to an emergency outcome
//! at its own question, whatever rule comes first.

use super::*;
use crate::content::validate::graph::{can_match_with, guaranteed_with};

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
}
