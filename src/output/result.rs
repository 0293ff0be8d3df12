//! The parts of a result that every view words the same way, so the TUI, plain mode, the
//! summary and the hand-off cannot drift apart: "when to get help" composed from the final
//! disposition and the outcome's own items, why the heading was raised, the advice section's
//! heading, and a source line.

use crate::content::model::{Passage, Source};
use crate::content::words::{Words, fill};
use crate::engine::session::{Assessment, Fit};

/// "When to get help", in the order it is shown: only the items that show for this person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetHelp<'a> {
    /// The final disposition's text, paragraph by paragraph: who to see and how soon.
    pub when: Vec<&'a str>,
    /// This outcome's own "get help sooner if" items.
    pub sooner_if: Vec<&'a str>,
    /// The final disposition's safety net, paragraph by paragraph.
    pub safety_net: Vec<&'a str>,
}

/// Composes "when to get help" for a result.
pub fn get_help<'a>(assessment: &'a Assessment<'_>) -> GetHelp<'a> {
    let texts = |items: &'a [&Passage]| items.iter().map(|p| p.text.as_str()).collect();
    GetHelp {
        when: texts(&assessment.shown.when),
        sooner_if: texts(&assessment.shown.sooner_if),
        safety_net: texts(&assessment.shown.safety_net),
    }
}

/// The texts of a list of shown items.
pub fn texts<'a>(items: &'a [&Passage]) -> impl Iterator<Item = &'a str> {
    items.iter().map(|p| p.text.as_str())
}

/// The heading of the advice section: on a result an answer raised, the final
/// disposition's own (`advice_heading`: the pattern's self-help waits until a doctor has
/// seen them); else the interface's words ("What you can do now"). A result whose own rung
/// is the urgent one wrote its advice for that rung, so it keeps the usual heading.
pub fn advice_heading<'a>(assessment: &'a Assessment<'_>, words: &'a Words) -> &'a str {
    let raised = assessment.disposition.id != assessment.base.id;
    assessment
        .disposition
        .advice_heading
        .as_deref()
        .filter(|_| raised)
        .unwrap_or(&words.result.advice)
}

/// "We moved this up from "Self-care" because you said: ...", naming the rung of the
/// outcome's own disposition and the answers that raised it; shown right under the heading
/// it explains. `None` when no answer raised it.
pub fn raised(assessment: &Assessment<'_>, words: &Words) -> Option<String> {
    if assessment.raised_by.is_empty() {
        return None;
    }
    // The answers that raised it to where it ended, not those that raised it part way.
    let answers: Vec<&str> = assessment
        .raised_by
        .iter()
        .filter(|raise| raise.to.id == assessment.disposition.id)
        .map(|raise| raise.reason.answer.as_str())
        .collect();
    // The rung's name is its heading up to the colon: "Self-care", "Routine".
    let heading = &assessment.base.heading;
    let from = heading
        .split_once(':')
        .map_or(heading.as_str(), |(name, _)| name);
    Some(fill(
        &words.result.raised,
        &[("from", from), ("answers", &answers.join("; "))],
    ))
}

/// One "also consider" line: the other pattern and the signs of it the answers match,
/// "Pain from the hip joint (what fits it: Pain in the groin; Walking makes it worse)".
pub fn also_consider_line(fit: &Fit<'_>, words: &Words) -> String {
    fill(
        &words.result.also_consider_line,
        &[
            ("title", &fit.outcome.title),
            ("signs", &fit.signs.join("; ")),
        ],
    )
}

/// "Title. Publisher, date." with what the source has; the title alone where the article
/// names no publisher.
pub fn source_line(source: &Source, words: &Words) -> String {
    let mut line = source.title.clone();
    let title_ends = line.ends_with(['.', '?', '!']);
    let words = &words.result;
    match (&source.publisher, &source.date) {
        (Some(publisher), Some(date)) => {
            line.push_str(if title_ends { " " } else { ". " });
            line.push_str(&fill(
                &words.source_publisher_date,
                &[("publisher", publisher), ("date", date)],
            ));
        }
        (Some(publisher), None) => {
            line.push_str(if title_ends { " " } else { ". " });
            line.push_str(&fill(&words.source_publisher, &[("publisher", publisher)]));
        }
        (None, Some(date)) => {
            line.push(' ');
            line.push_str(&fill(&words.source_date, &[("date", date)]));
        }
        (None, None) if !title_ends => line.push('.'),
        (None, None) => {}
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::words::english;

    fn source(publisher: Option<&str>, date: Option<&str>) -> Source {
        Source {
            id: "s".into(),
            title: "Is there a link?".into(),
            publisher: publisher.map(String::from),
            date: date.map(String::from),
        }
    }

    #[test]
    fn a_source_without_publisher_shows_its_title_alone() {
        assert_eq!(
            source_line(&source(None, None), english()),
            "Is there a link?"
        );
        assert_eq!(
            source_line(&source(Some("JOI"), Some("2025")), english()),
            "Is there a link? JOI, 2025."
        );
        assert_eq!(
            source_line(&source(None, Some("2025")), english()),
            "Is there a link? (2025)."
        );
    }
}
