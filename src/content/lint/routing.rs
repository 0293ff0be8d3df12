//! Warnings about routing: an option no rule names, so that it only reaches its question's
//! default result; an option nothing reads at all (no rule, no sign, no `raises`) unless it
//! says `summary_only = true`; and an outcome that only defaults lead to. Not conditional
//! texts (`conditions`) or lengths (`lengths`).

use super::Warning;
use super::locator::Locator;
use crate::content::model::{
    Condition, OutcomeIndex, QuestionIndex, QuestionKind, Questionnaire, Target,
};

fn target_id(q: &Questionnaire, target: Target) -> &str {
    match target {
        Target::Question(i) => &q.question(i).id,
        Target::Outcome(i) => &q.outcome(i).id,
    }
}

/// Does condition `c` name option `option` of question `question`?
fn names(c: &Condition, question: QuestionIndex, option: usize) -> bool {
    match c {
        Condition::AnyOf(qi, opts) | Condition::AllOf(qi, opts) | Condition::NoneOf(qi, opts) => {
            *qi == question && opts.iter().any(|o| o.0 == option)
        }
        Condition::Scale { .. } => false,
    }
}

/// Is option `option` of question `question` named by some rule's condition, in any question?
fn named_by_a_rule(q: &Questionnaire, question: QuestionIndex, option: usize) -> bool {
    q.questions
        .iter()
        .flat_map(|other| &other.rules)
        .flat_map(|rule| &rule.conditions)
        .any(|c| names(c, question, option))
}

/// Is option `option` of question `question` named by some outcome's sign, or by the
/// condition of a text or of another option?
fn named_by_a_sign(q: &Questionnaire, question: QuestionIndex, option: usize) -> bool {
    let signs = q
        .outcomes
        .iter()
        .flat_map(|o| &o.signs)
        .flat_map(|sign| &sign.conditions);
    let texts = q
        .outcomes
        .iter()
        .flat_map(|o| o.passages())
        .chain(q.dispositions.iter().flat_map(|d| d.passages()))
        .flat_map(|(_, p)| &p.only_when);
    let options = q
        .questions
        .iter()
        .flat_map(|x| &x.options)
        .flat_map(|o| &o.only_when);
    signs
        .chain(texts)
        .chain(options)
        .any(|c| names(c, question, option))
}

/// Options of a single or multiple choice question that nothing reads: no rule, no sign, no
/// `raises`. Choosing one changes nothing but the summary, which is how a new option added and
/// not routed looks where the question's default goes on to the next question (the trunk of
/// the built-in file). An option meant for the summary only says so with
/// `summary_only = true`; one that says so and is read anyway is warned about too. Not the
/// "nothing of that" answers, emergencies, or options [`unrouted_options`] already named.
pub(super) fn unread_options(
    q: &Questionnaire,
    at: &Locator<'_>,
    flagged: &[(QuestionIndex, usize)],
    out: &mut Vec<Warning>,
) {
    for (qi, question) in q.questions.iter().enumerate() {
        let qi = QuestionIndex(qi);
        if !matches!(question.kind, QuestionKind::Single | QuestionKind::Multiple) {
            continue;
        }
        for (oi, option) in question.options.iter().enumerate() {
            let read = named_by_a_rule(q, qi, oi) || named_by_a_sign(q, qi, oi);
            if option.summary_only {
                if read || option.raises.is_some() || option.emergency {
                    out.push(at.warning(
                        at.option(&question.id, &option.id),
                        format!(
                            "option \"{}\" of \"{}\" says `summary_only = true`, but {} reads it",
                            option.id,
                            question.id,
                            if read { "a rule or a sign" } else { "its own `raises` or `emergency`" }
                        ),
                        "remove `summary_only = true`: the option matters to the result".to_string(),
                    ));
                }
                continue;
            }
            if read
                || option.emergency
                || option.raises.is_some()
                || is_nothing_answer(option)
                || flagged.contains(&(qi, oi))
            {
                continue;
            }
            out.push(at.warning(
                at.option(&question.id, &option.id),
                format!(
                    "option \"{}\" of \"{}\" is read by no rule and no sign: choosing it \
                     changes nothing but the summary",
                    option.id, question.id
                ),
                format!(
                    "route it: name it in a rule (`any = [\"{}.{}\"]` in a later question, or \
                     `any = [\"{}\"]` here) or in an outcome's sign; if it is only for the \
                     summary, add `summary_only = true` to it",
                    question.id, option.id, option.id
                ),
            ));
        }
    }
}

/// Ids of the answers that say "nothing of that" or "I don't know", for which the default is
/// the natural route.
const NOTHING_IDS: [&str; 6] = ["no", "none", "not_sure", "unsure", "dont_know", "other"];

/// "None of these" (an exclusive option) or a no / not-sure answer.
fn is_nothing_answer(option: &crate::content::model::ChoiceOption) -> bool {
    option.exclusive || NOTHING_IDS.contains(&option.id.as_str())
}

/// Options of a single or multiple choice question that no rule names (its own or a later
/// question's), so that choosing one alone only ever reaches the question's default, a
/// result. Not the "nothing of that" answers ([`is_nothing_answer`]). Only where the
/// question's own rules read its own answer: a question whose rules test nothing of
/// it (or that has no rules) treats every option alike by design. Emergency options are left
/// to the safety check; an option that reaches a rule whose conditions on this question are
/// all `none` is routed by that rule.
pub(super) fn unrouted_options(
    q: &Questionnaire,
    at: &Locator<'_>,
    out: &mut Vec<Warning>,
) -> Vec<(QuestionIndex, usize)> {
    let mut flagged = Vec::new();
    for (qi, question) in q.questions.iter().enumerate() {
        let qi = QuestionIndex(qi);
        if !matches!(question.kind, QuestionKind::Single | QuestionKind::Multiple) {
            continue;
        }
        let Some(default) = question.default else {
            continue;
        };
        let own: Vec<Vec<&Condition>> = question
            .rules
            .iter()
            .map(|r| r.conditions.iter().filter(|c| c.question() == qi).collect())
            .collect();
        if own.iter().all(Vec::is_empty) {
            continue;
        }
        // A rule that only says `none` of this question is reached by any option it leaves out.
        let none_only = own
            .iter()
            .any(|cs| !cs.is_empty() && cs.iter().all(|c| matches!(c, Condition::NoneOf(..))));
        if none_only {
            continue;
        }
        // Only where the default is a result: a default to the next question goes on asking,
        // and later rules and signs may read the answer (the trunk of the built-in file).
        if !matches!(default, Target::Outcome(_)) {
            continue;
        }
        for (oi, option) in question.options.iter().enumerate() {
            if option.emergency || is_nothing_answer(option) || named_by_a_rule(q, qi, oi) {
                continue;
            }
            let default = target_id(q, default);
            flagged.push((qi, oi));
            out.push(at.warning(
                at.option(&question.id, &option.id),
                format!(
                    "option \"{}\" of \"{}\" is named by no rule: it goes to the default \"{default}\"",
                    option.id, question.id
                ),
                format!(
                    "if \"{default}\" is right for it, say so: name it in a rule (`any = [\"{}\"]`, \
                     `goto = \"{default}\"`); otherwise add the rule that routes it",
                    option.id
                ),
            ));
        }
    }
    flagged
}

/// Outcomes that only defaults lead to: every edge into them is a question's default.
pub(super) fn default_only_outcomes(q: &Questionnaire, at: &Locator<'_>, out: &mut Vec<Warning>) {
    for (oi, outcome) in q.outcomes.iter().enumerate() {
        let me = Target::Outcome(OutcomeIndex(oi));
        if q.start == me
            || q.questions
                .iter()
                .flat_map(|x| &x.rules)
                .any(|r| r.target == me)
        {
            continue;
        }
        let from: Vec<&str> = q
            .questions
            .iter()
            .filter(|x| x.default == Some(me))
            .map(|x| x.id.as_str())
            .collect();
        if from.is_empty() {
            continue;
        }
        let from = from
            .iter()
            .map(|id| format!("\"{id}\""))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(at.warning(
            at.outcome(&outcome.id),
            format!(
                "outcome \"{}\" is reached only through defaults (of {from}): no rule goes to it",
                outcome.id
            ),
            "a patient gets it only when no rule matches, whatever they answered; if it is \
             meant for some answers, add a rule for them that goes to it"
                .to_string(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::lint::tests::{HEAD, file, lint, outcome};

    #[test]
    fn an_option_no_rule_names_is_a_warning_at_its_line() {
        let text = file(false, "Where?", "Knee");
        let found = lint(&text);
        let unrouted: Vec<_> = found
            .iter()
            .filter(|w| w.message.contains("named by no rule"))
            .collect();
        assert_eq!(unrouted.len(), 2, "{found:#?}");
        assert_eq!(
            unrouted[0].message,
            "option \"back\" of \"where\" is named by no rule: it goes to the default \"general\""
        );
        let line = text
            .lines()
            .position(|l| l.contains("id = \"back\""))
            .unwrap();
        assert_eq!(unrouted[0].line, line + 1);
        assert_eq!(unrouted[0].column, 5);
        let shown = unrouted[0].to_string();
        assert!(shown.starts_with(&format!("t.toml:{}:5: warning: option", line + 1)));
        assert!(shown.contains("\n   = hint: "), "{shown}");
    }

    #[test]
    fn an_outcome_reached_only_by_defaults_is_a_warning() {
        let found = lint(&file(false, "Where?", "Knee"));
        let only: Vec<_> = found
            .iter()
            .filter(|w| w.message.contains("only through defaults"))
            .collect();
        assert_eq!(only.len(), 1, "{found:#?}");
        assert!(only[0].message.starts_with("outcome \"general\" "));
    }

    #[test]
    fn options_named_in_a_later_rule_and_nothing_answers_count_as_routed() {
        // `where` (multiple) routes knee and back itself; a rule of `next` names hip; `none`
        // says "nothing of these".
        let text = format!(
            "{HEAD}\n[[questions]]\nid = \"where\"\nkind = \"multiple\"\nprompt = \"P\"\n\
             short = \"Where\"\noptions = [\n  {{ id = \"back\", label = \"Back\" }},\n  \
             {{ id = \"hip\", label = \"Hip\" }},\n  {{ id = \"knee\", label = \"Knee\" }},\n  \
             {{ id = \"none\", label = \"None\", exclusive = true }},\n]\n\
             default = \"general\"\n[[questions.rules]]\nany = [\"knee\"]\ngoto = \"knee_result\"\n\
             [[questions.rules]]\nany = [\"back\"]\ngoto = \"next\"\n\
             \n[[questions]]\nid = \"next\"\nkind = \"yes-no\"\nprompt = \"N\"\nshort = \"N\"\n\
             default = \"general\"\n[[questions.rules]]\nany = [\"where.hip\"]\n\
             goto = \"knee_result\"\n{}{}",
            outcome("knee_result", "Knee"),
            outcome("general", "General"),
        );
        let found = lint(&text);
        assert!(
            !found.iter().any(|w| w.message.contains("named by no rule")),
            "{found:#?}"
        );
    }

    /// `where` (back, hip, knee, none) going on to `next` by default; only `knee` is routed,
    /// `hip` carries `hip_flags` (such as `, summary_only = true`).
    fn trunk(hip_flags: &str) -> String {
        format!(
            "{HEAD}\n[[questions]]\nid = \"where\"\nkind = \"multiple\"\nprompt = \"P\"\n\
             short = \"Where\"\noptions = [\n  {{ id = \"back\", label = \"Back\" }},\n  \
             {{ id = \"hip\", label = \"Hip\"{hip_flags} }},\n  {{ id = \"knee\", label = \"Knee\" }},\n  \
             {{ id = \"none\", label = \"None\", exclusive = true }},\n]\n\
             default = \"next\"\n[[questions.rules]]\nany = [\"knee\"]\ngoto = \"knee_result\"\n\
             \n[[questions]]\nid = \"next\"\nkind = \"yes-no\"\nprompt = \"N\"\nshort = \"N\"\n\
             default = \"general\"\n[[questions.rules]]\nany = [\"yes\"]\n\
             goto = \"knee_result\"\n{}{}",
            outcome("knee_result", "Knee"),
            outcome("general", "General"),
        )
    }

    fn unread(found: &[Warning]) -> Vec<&Warning> {
        found
            .iter()
            .filter(|w| {
                w.message.contains("no rule and no sign") || w.message.contains("summary_only")
            })
            .collect()
    }

    #[test]
    fn an_option_nothing_reads_is_a_warning_where_the_default_asks_on() {
        // The built-in trunk's shape: a new option on `where` goes on to the next question and
        // ends wherever the other answers take it, without any rule having chosen that.
        let text = trunk("");
        let found = lint(&text);
        let unread = unread(&found);
        assert_eq!(unread.len(), 2, "{found:#?}");
        assert_eq!(
            unread[0].message,
            "option \"back\" of \"where\" is read by no rule and no sign: choosing it changes \
             nothing but the summary"
        );
        assert!(unread[1].message.starts_with("option \"hip\" "));
        let line = text
            .lines()
            .position(|l| l.contains("id = \"hip\""))
            .unwrap();
        assert_eq!(unread[1].line, line + 1);
        assert!(
            unread[1].hint.contains("summary_only = true"),
            "{}",
            unread[1].hint
        );
        assert!(unread[1].hint.contains("where.hip"), "{}", unread[1].hint);
    }

    #[test]
    fn summary_only_says_an_unread_option_is_meant() {
        let found = lint(&trunk(", summary_only = true"));
        let unread = unread(&found);
        assert_eq!(unread.len(), 1, "{found:#?}");
        assert!(unread[0].message.starts_with("option \"back\" "));
    }

    #[test]
    fn summary_only_on_an_option_a_rule_reads_is_a_warning() {
        let text = trunk("").replace(
            "{ id = \"knee\", label = \"Knee\" }",
            "{ id = \"knee\", label = \"Knee\", summary_only = true }",
        );
        let found = lint(&text);
        let flagged: Vec<_> = found
            .iter()
            .filter(|w| w.message.contains("says `summary_only = true`"))
            .collect();
        assert_eq!(flagged.len(), 1, "{found:#?}");
        assert!(
            flagged[0]
                .message
                .starts_with("option \"knee\" of \"where\" ")
        );
        assert!(
            flagged[0]
                .message
                .ends_with("but a rule or a sign reads it")
        );
    }

    #[test]
    fn an_option_left_unrouted_by_the_default_is_named_once() {
        // `back` goes to a default result: the "named by no rule" warning says so, and the
        // "read by nothing" one does not repeat it.
        let found = lint(&file(false, "Where?", "Knee"));
        let back: Vec<_> = found
            .iter()
            .filter(|w| w.message.starts_with("option \"back\""))
            .collect();
        assert_eq!(back.len(), 1, "{found:#?}");
        assert!(back[0].message.contains("named by no rule"));
    }

    #[test]
    fn a_question_whose_rules_read_nothing_of_it_is_not_warned_about() {
        let text = file(true, "Where?", "Knee");
        let found = lint(&text);
        assert!(
            !found.iter().any(|w| w.message.contains("named by no rule")),
            "{found:#?}"
        );
    }
}
