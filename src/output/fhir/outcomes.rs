//! The results in the Questionnaire: one `group` item per outcome, enabled exactly when the
//! walk ends there, holding `display` items for the rung it ends on and for each text a result
//! can show, each enabled exactly when the engine's [`crate::engine::session::Shown`] would
//! hold it. Not here: the "why" signs and "also consider" (see docs/integration.md).

use crate::content::model::{
    Disposition, DispositionIndex, Outcome, OutcomeIndex, Passage, Questionnaire,
};

use super::branching::{Branching, Scope, all, any, not};
use super::{
    AnyExtension, ENABLE_WHEN_EXPRESSION_EXTENSION, Expression, Extension, QuestionnaireItem,
    Value, rung_extension, translations,
};

/// The `linkId` of an outcome's group item.
pub fn outcome_link_id(outcome: &Outcome) -> String {
    format!("outcome.{}", outcome.id)
}

/// A display item's `enableWhenExpression`.
pub fn enable_when(expression: String) -> AnyExtension {
    AnyExtension::Simple(Extension {
        url: ENABLE_WHEN_EXPRESSION_EXTENSION,
        value: Value::Expression(Expression::fhirpath(None, expression)),
    })
}

/// One group item per outcome, in the file's order.
pub fn outcome_items(
    questionnaire: &Questionnaire,
    branching: &Branching,
    others: &[&Questionnaire],
) -> Vec<QuestionnaireItem> {
    questionnaire
        .outcomes
        .iter()
        .enumerate()
        .map(|(o, outcome)| {
            outcome_item(questionnaire, branching, OutcomeIndex(o), outcome, others)
        })
        .collect()
}

fn outcome_item(
    questionnaire: &Questionnaire,
    branching: &Branching,
    index: OutcomeIndex,
    outcome: &Outcome,
    others: &[&Questionnaire],
) -> QuestionnaireItem {
    let reached = branching.reached(index);
    let link = outcome_link_id(outcome);
    let translated: Vec<(&str, &Outcome)> = others
        .iter()
        .filter_map(|t| {
            let other = t.outcomes.iter().find(|x| x.id == outcome.id)?;
            Some((t.meta.language.as_str(), other))
        })
        .collect();
    let base = outcome.disposition;
    let rungs = branching.final_rungs(base);
    let mut children = Vec::new();

    // Who to see and how soon: one item per rung the result can end on, with the rung's
    // "until you are seen" first, as every view shows it.
    for &rung in &rungs {
        let ends_here = all(&[reached.clone(), branching.final_rung(base, rung)]);
        let disposition = questionnaire.disposition(rung);
        let rung_link = format!("{link}/rung.{}", disposition.id);
        children.push(QuestionnaireItem {
            extension: vec![
                enable_when(ends_here.clone()),
                AnyExtension::Complex(rung_extension(questionnaire, rung, others)),
            ],
            ..display(
                rung_link.clone(),
                disposition.heading.clone(),
                translations(others.iter().filter_map(|t| {
                    Some((
                        t.meta.language.as_str(),
                        t.dispositions.get(rung.0)?.heading.as_str(),
                    ))
                })),
            )
        });
        children.extend(passages(
            branching,
            &rung_link,
            &disposition.id,
            &disposition.until_seen,
            &ends_here,
            &rung_translations(others, rung, |d| &d.until_seen),
        ));
    }

    // The outcome's own texts; its "sooner if" goes when the result was raised to a rung whose
    // advice waits for a doctor (as `Session::assess` drops it).
    let waits: Vec<String> = rungs
        .iter()
        .filter(|r| **r != base && questionnaire.disposition(**r).advice_heading.is_some())
        .map(|r| branching.final_rung(base, *r))
        .collect();
    let sooner = all(&[reached.clone(), not(&any(&waits))]);
    let lists: [(OutcomeList, &String); 4] = [
        (|o| &o.explanation, &reached),
        (|o| &o.advice, &reached),
        (|o| &o.avoid, &reached),
        (|o| &o.sooner_if, &sooner),
    ];
    for (of, when) in lists {
        let others: Vec<(&str, &[Passage])> =
            translated.iter().map(|(lang, o)| (*lang, of(o))).collect();
        children.extend(passages(
            branching,
            &link,
            &outcome.id,
            of(outcome),
            when,
            &others,
        ));
    }

    // The final rung's "when to get help" and safety net.
    for &rung in &rungs {
        let ends_here = all(&[reached.clone(), branching.final_rung(base, rung)]);
        let disposition = questionnaire.disposition(rung);
        let rung_link = format!("{link}/rung.{}", disposition.id);
        for of in [
            (|d: &Disposition| d.when.as_slice()) as fn(&Disposition) -> &[Passage],
            |d| d.safety_net.as_slice(),
        ] {
            children.extend(passages(
                branching,
                &rung_link,
                &disposition.id,
                of(disposition),
                &ends_here,
                &rung_translations(others, rung, of),
            ));
        }
    }

    QuestionnaireItem {
        extension: vec![enable_when(reached)],
        kind: "group",
        item: children,
        ..display(
            link,
            outcome.title.clone(),
            translations(translated.iter().map(|(lang, o)| (*lang, o.title.as_str()))),
        )
    }
}

/// One of an outcome's lists of texts.
type OutcomeList = fn(&Outcome) -> &[Passage];

/// The same list of a rung in each translation.
fn rung_translations<'t>(
    others: &[&'t Questionnaire],
    rung: DispositionIndex,
    of: fn(&Disposition) -> &[Passage],
) -> Vec<(&'t str, &'t [Passage])> {
    others
        .iter()
        .filter_map(|t| Some((t.meta.language.as_str(), of(t.dispositions.get(rung.0)?))))
        .collect()
}

/// A display item per text of a list, linkId `PARENT/text.OWNER.ID` (the name summaries and
/// cases use after `text.`), enabled when `when` and the text's own conditions hold.
fn passages(
    branching: &Branching,
    parent: &str,
    owner: &str,
    list: &[Passage],
    when: &str,
    others: &[(&str, &[Passage])],
) -> Vec<QuestionnaireItem> {
    list.iter()
        .map(|passage| {
            let shown = all(&[
                when.to_string(),
                branching.holds_all(&passage.only_when, Scope::Anywhere),
            ]);
            QuestionnaireItem {
                extension: vec![enable_when(shown)],
                ..display(
                    format!("{parent}/text.{owner}.{}", passage.id),
                    passage.text.clone(),
                    translations(others.iter().filter_map(|(lang, list)| {
                        let other = list.iter().find(|p| p.id == passage.id)?;
                        Some((*lang, other.text.as_str()))
                    })),
                )
            }
        })
        .collect()
}

/// A display item with its text and translations, and nothing else yet.
fn display(
    link_id: String,
    text: String,
    text_translations: Option<super::Translations>,
) -> QuestionnaireItem {
    QuestionnaireItem {
        extension: Vec::new(),
        link_id,
        text,
        text_translations,
        kind: "display",
        repeats: None,
        answer_option: Vec::new(),
        item: Vec::new(),
    }
}
