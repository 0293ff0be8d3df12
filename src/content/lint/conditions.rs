//! Warnings about conditional texts and options that cannot work as written: a `none` on a
//! question some route to them skips, and conditions that contradict each other (also used by
//! the loader's safety check). Not the case suite's coverage of them (`coverage`).

use super::Warning;
use super::locator::{Locator, Place};
use crate::content::model::{
    Condition, OutcomeIndex, QuestionIndex, QuestionKind, Questionnaire, Target,
};

/// `must[n]`: the questions asked on every route from the start to question n (for n below
/// the number of questions) or to outcome n - questions.
fn asked_on_every_route(q: &Questionnaire) -> Vec<Option<Vec<bool>>> {
    let n = q.questions.len();
    let node = |t: Target| match t {
        Target::Question(i) => i.0,
        Target::Outcome(o) => n + o.0,
    };
    // None: not reached yet. Questions only lead forward, so repeating until nothing
    // changes settles it.
    let mut must: Vec<Option<Vec<bool>>> = vec![None; n + q.outcomes.len()];
    must[node(q.start)] = Some(vec![false; n]);
    let mut changed = true;
    while changed {
        changed = false;
        for (i, question) in q.questions.iter().enumerate() {
            let Some(here) = must[i].clone() else {
                continue;
            };
            let mut through = here;
            through[i] = true;
            for target in question.targets() {
                let slot = &mut must[node(target)];
                let next = match slot {
                    None => through.clone(),
                    Some(old) => old.iter().zip(&through).map(|(a, b)| *a && *b).collect(),
                };
                if slot.as_ref() != Some(&next) {
                    *slot = Some(next);
                    changed = true;
                }
            }
        }
    }
    must
}

/// A `none` condition reading a question that some route to its place skips: that route
/// never shows the text or offers the option (an unasked question matches nothing, not even
/// `none`), though "none of these was picked" reads as if it would. An `any` or `all` on a
/// skipped question hides the text as the words say (nothing was picked), so it is not
/// warned about. For a text of a disposition, the routes to every result that can end on
/// that rung count: the emergency rung's to emergency results, the others' to the rest.
pub(super) fn conditions_on_skippable_questions(
    q: &Questionnaire,
    at: &Locator<'_>,
    out: &mut Vec<Warning>,
) {
    let must = asked_on_every_route(q);
    let n = q.questions.len();
    let asked = |node: usize, read: QuestionIndex| must[node].as_ref().is_none_or(|m| m[read.0]);
    let skippable_none = |node: usize, conditions: &[Condition]| {
        conditions
            .iter()
            .filter(|c| matches!(c, Condition::NoneOf(..)))
            .map(Condition::question)
            .find(|&read| !asked(node, read))
    };
    let hint = "read a question every route here asks, or say what must be picked (`any`) \
                rather than what must not (an unasked question matches nothing, not even `none`)";
    for (i, question) in q.questions.iter().enumerate() {
        for option in &question.options {
            if let Some(read) = skippable_none(i, &option.only_when) {
                out.push(at.warning(
                    at.option(&question.id, &option.id),
                    format!(
                        "option \"{}.{}\" has `none` on \"{}\", which some routes to \"{}\" do \
                         not ask: there it is never offered",
                        question.id,
                        option.id,
                        q.question(read).id,
                        question.id
                    ),
                    hint.to_string(),
                ));
            }
        }
    }
    for (o, outcome) in q.outcomes.iter().enumerate() {
        for (_, passage) in outcome.passages() {
            if let Some(read) = skippable_none(n + o, &passage.only_when) {
                out.push(at.warning(
                    at.outcome(&outcome.id),
                    format!(
                        "text \"{}.{}\" has `none` on \"{}\", which some routes to this outcome \
                         do not ask: there it never shows",
                        outcome.id,
                        passage.id,
                        q.question(read).id
                    ),
                    hint.to_string(),
                ));
            }
        }
    }
    for rung in &q.dispositions {
        let ends_here = |o: usize| q.is_emergency(OutcomeIndex(o)) == rung.emergency;
        for (_, passage) in rung.passages() {
            let skipped = (0..q.outcomes.len())
                .filter(|&o| ends_here(o))
                .find_map(|o| skippable_none(n + o, &passage.only_when));
            if let Some(read) = skipped {
                out.push(at.warning(
                    at.disposition(&rung.id),
                    format!(
                        "text \"{}.{}\" has `none` on \"{}\", which some routes to a result do \
                         not ask: there it never shows",
                        rung.id,
                        passage.id,
                        q.question(read).id
                    ),
                    hint.to_string(),
                ));
            }
        }
    }
}

/// A text whose own conditions contradict each other, so that it can show on no route.
///
/// An approximation, not an exact check: it finds conditions that cannot hold together on
/// their own (an option both required and excluded; two options of a single-choice
/// question both required; an exclusive option required with another; empty scale
/// ranges), but it does not follow which answers each route to the outcome needs, so a text
/// whose conditions contradict the route (say `none = ["where.low_back"]` on a result only
/// low back pain reaches) is not found here. The case suite's coverage (a case that shows
/// every conditional text) finds those.
pub(super) fn texts_that_never_show(q: &Questionnaire, at: &Locator<'_>, out: &mut Vec<Warning>) {
    let mut check = |place: Place, owner: &str, id: &str, conditions: &[Condition]| {
        if let Some(why) = contradiction(q, conditions) {
            out.push(at.warning(
                place,
                format!("text \"{owner}.{id}\" can never show: {why}"),
                "fix its `any`, `all`, `none` or `scale`, or remove the text".to_string(),
            ));
        }
    };
    for outcome in &q.outcomes {
        for (_, p) in outcome.passages() {
            check(at.outcome(&outcome.id), &outcome.id, &p.id, &p.only_when);
        }
    }
    for rung in &q.dispositions {
        for (_, p) in rung.passages() {
            check(at.disposition(&rung.id), &rung.id, &p.id, &p.only_when);
        }
    }
}

/// Why these conditions can never hold together, if they cannot (see
/// [`texts_that_never_show`] for what is found and what is not).
pub fn contradiction(q: &Questionnaire, conditions: &[Condition]) -> Option<String> {
    use std::collections::BTreeMap;
    // Per question: options that must be picked, must not be, and alternatives of which one
    // must be picked (each `any`).
    let mut required: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut excluded: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut alternatives: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut scale: BTreeMap<usize, (u8, u8)> = BTreeMap::new();
    for c in conditions {
        let qi = c.question().0;
        match c {
            Condition::AllOf(_, opts) => required
                .entry(qi)
                .or_default()
                .extend(opts.iter().map(|o| o.0)),
            Condition::NoneOf(_, opts) => excluded
                .entry(qi)
                .or_default()
                .extend(opts.iter().map(|o| o.0)),
            Condition::AnyOf(_, opts) => {
                let opts: Vec<usize> = opts.iter().map(|o| o.0).collect();
                if let [one] = opts.as_slice() {
                    required.entry(qi).or_default().push(*one);
                }
                alternatives.push((qi, opts));
            }
            Condition::Scale { min, max, .. } => {
                let range = scale.entry(qi).or_insert((*min, *max));
                *range = (range.0.max(*min), range.1.min(*max));
                if range.0 > range.1 {
                    return Some(format!(
                        "its scale ranges on \"{}\" do not overlap",
                        q.questions[qi].id
                    ));
                }
            }
        }
    }
    for (qi, opts) in &required {
        let question = &q.questions[*qi];
        let label = |o: usize| format!("{}.{}", question.id, question.options[o].id);
        if let Some(o) = opts
            .iter()
            .find(|o| excluded.get(qi).is_some_and(|e| e.contains(o)))
        {
            return Some(format!("it needs \"{}\" and excludes it", label(*o)));
        }
        let mut distinct = opts.clone();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() > 1 {
            if question.kind != QuestionKind::Multiple {
                return Some(format!(
                    "\"{}\" takes one answer, and it needs both \"{}\" and \"{}\"",
                    question.id,
                    label(distinct[0]),
                    label(distinct[1])
                ));
            }
            if let Some(o) = distinct.iter().find(|o| question.options[**o].exclusive) {
                return Some(format!(
                    "\"{}\" stands alone, and it needs another answer with it",
                    label(*o)
                ));
            }
        }
    }
    for (qi, opts) in &alternatives {
        if let Some(excluded) = excluded.get(qi)
            && opts.iter().all(|o| excluded.contains(o))
        {
            return Some(format!(
                "every answer its `any` allows on \"{}\" is excluded",
                q.questions[*qi].id
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::lint::tests::{HEAD, lint};

    /// `where` sends the knee to a yes/no `groin` and the back straight to `general`, whose
    /// second paragraph carries `condition`: a route to it skips `groin`.
    fn skipping(condition: &str) -> String {
        format!(
            "{HEAD}\n[[questions]]\nid = \"where\"\nkind = \"single\"\nprompt = \"Where?\"\n\
             short = \"Where\"\noptions = [\n  {{ id = \"back\", label = \"Back\" }},\n  \
             {{ id = \"knee\", label = \"Knee\" }},\n]\ndefault = \"general\"\n\
             [[questions.rules]]\nany = [\"knee\"]\ngoto = \"groin\"\n\
             [[questions]]\nid = \"groin\"\nkind = \"yes-no\"\nprompt = \"Groin?\"\n\
             short = \"Groin\"\ndefault = \"general\"\n\
             [[outcomes]]\nid = \"general\"\ntitle = \"General\"\ndisposition = \"self_care\"\n\
             explanation = [\"E.\", {{ id = \"groin\", {condition}, text = \"G.\" }}]\n\
             sources = [\"a\"]\n[[outcomes.signs]]\ntext = \"S\"\nany = [\"where.knee\"]\n"
        )
    }

    #[test]
    fn none_on_a_question_a_route_skips_is_warned_about_and_any_is_not() {
        let none = lint(&skipping("none = [\"groin.yes\"]"));
        assert!(
            none.iter().any(|w| w.message
                == "text \"general.groin\" has `none` on \"groin\", which some routes to this \
                    outcome do not ask: there it never shows"),
            "{none:?}"
        );
        let any = lint(&skipping("any = [\"groin.yes\"]"));
        assert!(
            !any.iter().any(|w| w.message.contains("has `none`")),
            "an `any` on a skipped question hides the text as it says: {any:?}"
        );
    }

    /// The small fixture with the knee offered only without a fever, and two texts on the
    /// knee result: one whose own conditions contradict each other, and one that contradicts
    /// the route (a fever hides the knee, so "fever" never shows on the knee result).
    fn small_with_texts() -> String {
        include_str!("../../../tests/fixtures/small.toml")
            .replace(
                r#"{ id = "knee", label = "Knee" },"#,
                r#"{ id = "knee", label = "Knee", none = ["flags.fever"] },"#,
            )
            .replace(
                r#"advice = ["Rest."]"#,
                r#"advice = ["Rest.", { id = "never", text = "N.", any = ["flags.fever"], none = ["flags.fever"] }, { id = "fever", text = "F.", any = ["flags.fever"] }]"#,
            )
    }

    #[test]
    fn a_text_whose_own_conditions_contradict_is_warned_about() {
        let found = lint(&small_with_texts());
        let never: Vec<&Warning> = found
            .iter()
            .filter(|w| w.message.contains("can never show"))
            .collect();
        assert_eq!(never.len(), 1, "{found:?}");
        assert!(
            never[0].message.contains(
                "\"knee_result.never\" can never show: it needs \"flags.fever\" and excludes it"
            ),
            "{}",
            never[0].message
        );
    }

    #[test]
    fn the_never_shows_check_is_an_approximation_that_does_not_follow_routes() {
        // "knee_result.fever" can never show either (a fever hides the knee), but the check
        // reads each text's own conditions only: it is not reported. The case suite's
        // coverage ("shown by no case") is what finds it.
        let found = lint(&small_with_texts());
        assert!(
            !found
                .iter()
                .any(|w| w.message.contains("\"knee_result.fever\" can never")),
            "{found:?}"
        );
    }
}
