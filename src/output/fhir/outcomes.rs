//! The results in the Questionnaire: one `group` item per outcome, enabled exactly when the
//! walk ends there, holding `display` items for the rung it ends on and for each text a result
//! can show, each enabled exactly when the engine's [`crate::engine::session::Shown`] would
//! hold it, and the labels over its lists ("What to avoid"), each enabled exactly when a text
//! under it is. Not here: the "why" signs and "also consider" (see docs/integration.md).

use crate::content::model::{
    Disposition, DispositionIndex, Outcome, OutcomeIndex, Passage, Questionnaire,
};
use crate::content::words::{self, Words};

use super::branching::{Branching, Scope, all, any, not};
use super::{
    AnyExtension, ENABLE_WHEN_EXPRESSION_EXTENSION, Expression, Extension, QuestionnaireItem,
    Value, rung_extension, styled, translations,
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
    let words = words::of(questionnaire);
    let headed = Headings::new(questionnaire, others);
    let mut children = Vec::new();

    // Who to see and how soon: one item per rung the result can end on, with the rung's
    // "until you are seen" under its label first, as every view shows it.
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
                Some(styled(
                    translations(others.iter().filter_map(|t| {
                        Some((
                            t.meta.language.as_str(),
                            t.dispositions.get(rung.0)?.heading.as_str(),
                        ))
                    })),
                    RUNG_STYLE,
                )),
            )
        });
        let until_seen_link = format!("{rung_link}/until_seen");
        let until_seen = passages(
            branching,
            &until_seen_link,
            &disposition.id,
            &disposition.until_seen,
            &ends_here,
            &rung_translations(others, rung, |d| &d.until_seen),
        );
        children.extend(headed.group(&until_seen_link, |w| &w.result.until_seen, until_seen));
    }

    // The outcome's own texts under their labels, the explanation first. "What you can do" is
    // headed by the final rung's own advice heading when an answer raised the result to a rung
    // whose advice waits for a doctor (`advice_heading`).
    let waits: Vec<DispositionIndex> = rungs
        .iter()
        .copied()
        .filter(|r| *r != base && questionnaire.disposition(*r).advice_heading.is_some())
        .collect();
    let waited = any(&waits
        .iter()
        .map(|r| branching.final_rung(base, *r))
        .collect::<Vec<_>>());
    let own = |parent: &str, of: OutcomeList, when: &String| {
        let others: Vec<(&str, &[Passage])> =
            translated.iter().map(|(lang, o)| (*lang, of(o))).collect();
        passages(branching, parent, &outcome.id, of(outcome), when, &others)
    };
    // The explanation, under the result's title (the group's own text).
    children.extend(own(
        &format!("{link}/explanation"),
        |o| &o.explanation,
        &reached,
    ));
    let advice_link = format!("{link}/advice");
    let advice = own(&advice_link, |o| &o.advice, &reached);
    let not_waited = all(&[reached.clone(), not(&waited)]);
    children.extend(headed.over_when(&advice_link, |w| &w.result.advice, &advice, &not_waited));
    for &rung in &waits {
        let disposition = questionnaire.disposition(rung);
        let heading = disposition.advice_heading.clone().unwrap_or_default();
        let when = all(&[reached.clone(), branching.final_rung(base, rung)]);
        children.extend(headed.over_text(
            &format!("{advice_link}/rung.{}", disposition.id),
            heading,
            translations(others.iter().filter_map(|t| {
                let other = t.dispositions.get(rung.0)?.advice_heading.as_deref()?;
                Some((t.meta.language.as_str(), other))
            })),
            &advice,
            &when,
        ));
    }
    children.extend(advice);
    let avoid_link = format!("{link}/avoid");
    let avoid = own(&avoid_link, |o| &o.avoid, &reached);
    children.extend(headed.over(&avoid_link, |w| &w.result.avoid, &avoid));
    children.extend(avoid);

    // When to get help: the final rung's "when", the outcome's "sooner if" under its label
    // (gone when the result was raised to a rung whose advice waits for a doctor, as
    // `Session::assess` drops it), then the rung's safety net.
    let get_help = format!("{link}/get_help");
    children.push(QuestionnaireItem {
        extension: vec![enable_when(reached.clone())],
        ..display(
            get_help.clone(),
            words.result.get_help.clone(),
            Some(styled(
                translations(others.iter().map(|t| {
                    (
                        t.meta.language.as_str(),
                        words::of(t).result.get_help.as_str(),
                    )
                })),
                LABEL_STYLE,
            )),
        )
    });
    let rung_lists = |of: fn(&Disposition) -> &[Passage]| {
        let mut items = Vec::new();
        for &rung in &rungs {
            let ends_here = all(&[reached.clone(), branching.final_rung(base, rung)]);
            let disposition = questionnaire.disposition(rung);
            items.extend(passages(
                branching,
                &format!("{get_help}/rung.{}", disposition.id),
                &disposition.id,
                of(disposition),
                &ends_here,
                &rung_translations(others, rung, of),
            ));
        }
        items
    };
    children.extend(rung_lists(|d| d.when.as_slice()));
    let sooner_link = format!("{get_help}/sooner_if");
    let sooner = own(&sooner_link, |o| &o.sooner_if, &not_waited);
    children.extend(headed.group(&sooner_link, |w| &w.result.sooner_if, sooner));
    children.extend(rung_lists(|d| d.safety_net.as_slice()));

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

/// How a label over a list is drawn, so that it reads as the heading of what follows.
const LABEL_STYLE: &str = "font-weight: bold";
/// How the rung's heading (who to see, how soon) is drawn: above the labels, as the line that
/// matters most.
const RUNG_STYLE: &str = "font-weight: bold; font-size: 1.25em";

/// The labels over a result's lists ("What to avoid"): a display item enabled exactly when
/// some text of its list is, so a renderer never shows a label over nothing, nor a list
/// without the label that says what it is. A list that a renderer must show as apart from
/// what follows it (the rung's "until you are seen" before the explanation, "get help sooner
/// if" before the safety net, both of one style in a form) is instead a group with the label
/// as its text, which renderers draw indented.
struct Headings<'q> {
    questionnaire: &'q Questionnaire,
    others: &'q [&'q Questionnaire],
}

impl<'q> Headings<'q> {
    fn new(questionnaire: &'q Questionnaire, others: &'q [&'q Questionnaire]) -> Self {
        Headings {
            questionnaire,
            others,
        }
    }

    /// The label `word` of painpath's words over `list`, shown when any of it is.
    fn over(
        &self,
        link_id: &str,
        word: fn(&Words) -> &String,
        list: &[QuestionnaireItem],
    ) -> Option<QuestionnaireItem> {
        self.over_when(link_id, word, list, "true")
    }

    /// `list` in a group whose text is the label `word`, enabled when any of it is.
    fn group(
        &self,
        link_id: &str,
        word: fn(&Words) -> &String,
        list: Vec<QuestionnaireItem>,
    ) -> Option<QuestionnaireItem> {
        let label = self.over(link_id, word, &list)?;
        Some(QuestionnaireItem {
            kind: "group",
            item: list,
            ..label
        })
    }

    /// The same, and only when `when` holds too.
    fn over_when(
        &self,
        link_id: &str,
        word: fn(&Words) -> &String,
        list: &[QuestionnaireItem],
        when: &str,
    ) -> Option<QuestionnaireItem> {
        let text = word(words::of(self.questionnaire)).clone();
        let translated = translations(
            self.others
                .iter()
                .map(|t| (t.meta.language.as_str(), word(words::of(t)).as_str())),
        );
        self.over_text(link_id, text, translated, list, when)
    }

    /// A label of its own words over `list`, shown when any of it is and `when` holds.
    fn over_text(
        &self,
        link_id: &str,
        text: String,
        text_translations: Option<super::Translations>,
        list: &[QuestionnaireItem],
        when: &str,
    ) -> Option<QuestionnaireItem> {
        let shown: Vec<String> = list.iter().filter_map(enabled_by).collect();
        if shown.is_empty() {
            return None;
        }
        let expression = all(&[when.to_string(), any(&absorbed(&shown))]);
        Some(QuestionnaireItem {
            extension: vec![enable_when(expression)],
            ..display(
                link_id.to_string(),
                text,
                Some(styled(text_translations, LABEL_STYLE)),
            )
        })
    }
}

/// `parts` without those another implies by being its first term (`a and b` goes when `a` is
/// there): the same `or` of them, shorter.
fn absorbed(parts: &[String]) -> Vec<String> {
    let implies = |x: &String, y: &String| {
        x != y && (x.starts_with(&format!("{y} and ")) || x.starts_with(&format!("({y}) and ")))
    };
    let mut kept: Vec<String> = Vec::new();
    for x in parts {
        if !parts.iter().any(|y| implies(x, y)) && !kept.contains(x) {
            kept.push(x.clone());
        }
    }
    kept
}

/// The expression of an item's `enableWhenExpression`.
fn enabled_by(item: &QuestionnaireItem) -> Option<String> {
    item.extension.iter().find_map(|e| match e {
        AnyExtension::Simple(Extension {
            url: ENABLE_WHEN_EXPRESSION_EXTENSION,
            value: Value::Expression(expression),
        }) => Some(expression.expression.clone()),
        _ => None,
    })
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
