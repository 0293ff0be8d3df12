//! The ladder of dispositions (who to see and how soon) and what refers to it: each outcome's
//! disposition, each raising answer's, and the rule that an outcome's own text never states a
//! time frame, since the disposition owns it. Also each outcome's signs, the answer patterns
//! that make it fit.

use super::*;

/// Phrases that state how soon to get help. An outcome's own text must leave that to its
/// disposition, or the heading and the text could disagree. A simple check on purpose: it
/// catches the way such sentences are usually written, not every possible wording.
const TIME_FRAME_WORDS: [&str; 7] = [
    "within ",
    "today",
    "tomorrow",
    "straight away",
    "right away",
    "immediately",
    "same day",
];

/// A number or a vague count, then a unit of waiting: "a few days", "6 weeks", "two hours".
const TIME_COUNTS: [&str; 12] = [
    "a few",
    "few",
    "a couple of",
    "several",
    "a",
    "one",
    "two",
    "three",
    "four",
    "six",
    "some",
    "many",
];
/// Words before "a day" or "a week" that make it how often, not how soon.
const FREQUENCY_WORDS: [&str; 5] = ["once", "twice", "times", "per", "every"];
const TIME_UNITS: [&str; 8] = [
    "hour", "hours", "day", "days", "week", "weeks", "month", "months",
];

/// Phrases that state how soon in Spanish.
const TIME_FRAME_WORDS_ES: [&str; 10] = [
    "hoy",
    "mañana mismo",
    "pasado mañana",
    "enseguida",
    "de inmediato",
    "inmediatamente",
    "cuanto antes",
    "lo antes posible",
    "mismo día",
    "dentro de ",
];
/// Spanish words before a count of waiting: "en unos días", "en 6 semanas", "próximos días".
const TIME_LEADS_ES: [&str; 4] = ["en", "próximos", "próximas", "próxima"];
const TIME_UNITS_ES: [&str; 8] = [
    "hora", "horas", "día", "días", "semana", "semanas", "mes", "meses",
];

/// Words after "un día" that say which day it is, not how long to wait.
const DAY_KINDS_ES: [&str; 6] = [
    "bueno",
    "malo",
    "normal",
    "típico",
    "habitual",
    "cualquiera",
];

/// The time frame a text in `language` states, if any: the Spanish check for `es` and its
/// regional forms, the English one otherwise.
pub fn time_frame_in(language: &str, text: &str) -> Option<String> {
    if crate::content::words::same_language(language, "es") {
        time_frame_es(text)
    } else {
        time_frame(text)
    }
}

/// The Spanish check: a phrase of [`TIME_FRAME_WORDS_ES`] (a whole word: "hoy", not
/// "ahoyo"; "mañana" alone is also "morning" and is not counted), or "en" / "próximos" with a
/// unit of waiting within the next four words ("en unos días", "en una o dos semanas").
/// "Dos veces al día" (how often) and "en un día bueno" pass.
fn time_frame_es(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let starts_word = |at: usize| {
        !lower[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    };
    let ends_word = |end: usize| {
        !lower[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
    };
    for phrase in TIME_FRAME_WORDS_ES {
        let whole = phrase.trim_end();
        if lower
            .match_indices(whole)
            .any(|(at, _)| starts_word(at) && ends_word(at + whole.len()))
        {
            return Some(whole.to_string());
        }
    }
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    for (i, word) in words.iter().enumerate() {
        if !TIME_LEADS_ES.contains(word) {
            continue;
        }
        for (j, unit) in words.iter().enumerate().skip(i + 1).take(4) {
            // "En un día bueno", "en un día normal": which day, not how soon.
            let which = words.get(j + 1).is_some_and(|w| DAY_KINDS_ES.contains(w));
            if TIME_UNITS_ES.contains(unit) && !which {
                return Some(words[i..=j].join(" "));
            }
        }
    }
    None
}

/// The time frame a text states, if any, as written.
pub fn time_frame(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    if let Some(word) = TIME_FRAME_WORDS.iter().find(|w| {
        lower.match_indices(**w).any(|(at, _)| {
            !lower[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        })
    }) {
        return Some(word.trim().to_string());
    }
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    for (i, unit) in words.iter().enumerate().skip(1) {
        if !TIME_UNITS.contains(unit) {
            continue;
        }
        // The longest count that stands before the unit: "a couple of", "a few", "6".
        for take in (1..=3.min(i)).rev() {
            let count = words[i - take..i].join(" ");
            // "twice a day", "3 times a week": how often, not how soon.
            let how_often = i > take && FREQUENCY_WORDS.contains(&words[i - take - 1]);
            let counted =
                TIME_COUNTS.contains(&count.as_str()) || count.chars().all(|c| c.is_ascii_digit());
            if counted && !how_often {
                return Some(format!("{count} {unit}"));
            }
        }
    }
    None
}

impl<'a> Builder<'a> {
    /// The ladder, most urgent first; ids unique; exactly one emergency rung, at the top.
    pub(super) fn dispositions(&mut self) -> Vec<Disposition> {
        let raw = self.raw;
        let mut seen: HashMap<&str, &Text> = HashMap::new();
        for d in &raw.dispositions {
            self.check_id_spelling(&d.id);
            if let Some(first) = seen.insert(d.id.get_ref(), &d.id) {
                let line = self.line_of(first.span().start);
                self.error(
                    d.id.span(),
                    format!("duplicate disposition id \"{}\"", d.id.get_ref()),
                    Some(format!(
                        "the first one is on line {line}; rename one of them"
                    )),
                );
            }
        }
        match raw.dispositions.iter().position(|d| d.emergency) {
            None => {
                let span = raw.meta.id.span();
                self.error(
                    span,
                    "the file defines no emergency disposition",
                    Some(
                        "add a `[[dispositions]]` table with `emergency = true` first: every \
                         emergency answer must end at a result that uses it"
                            .into(),
                    ),
                );
            }
            Some(first) => {
                if first != 0 {
                    self.error(
                        raw.dispositions[first].id.span(),
                        "the emergency disposition must come first",
                        Some(
                            "dispositions are listed most urgent first; move it to the top".into(),
                        ),
                    );
                }
                if let Some(second) = raw
                    .dispositions
                    .iter()
                    .skip(first + 1)
                    .find(|d| d.emergency)
                {
                    self.error(
                        second.id.span(),
                        "only one disposition can be the emergency one",
                        Some("remove `emergency = true` from all but the first".into()),
                    );
                }
            }
        }
        let mut ladder = Vec::with_capacity(raw.dispositions.len());
        for d in &raw.dispositions {
            let owner = d.id.get_ref();
            let mut seen = HashMap::new();
            let when = self.passages(owner, "when", items_of(&d.when), &mut seen);
            let safety_net = self.passages(owner, "safety_net", items_of(&d.safety_net), &mut seen);
            let until_seen = d.until_seen.as_ref().map(items_of).unwrap_or_default();
            let until_seen = self.passages(owner, "until_seen", until_seen, &mut seen);
            ladder.push(Disposition {
                id: d.id.get_ref().clone(),
                heading: d.heading.get_ref().clone(),
                when,
                safety_net,
                until_seen,
                advice_heading: d.advice_heading.as_ref().map(|h| h.get_ref().clone()),
                emergency: d.emergency,
            });
        }
        ladder
    }

    /// Resolves a disposition id, with a did-you-mean when it names none.
    pub(super) fn disposition_reference(&mut self, id: &Text) -> Option<DispositionIndex> {
        match self.disposition_ids.get(id.get_ref().as_str()) {
            Some(i) => Some(DispositionIndex(*i)),
            None => {
                let raw = self.raw;
                self.unknown_id(
                    id,
                    "disposition",
                    raw.dispositions.iter().map(|d| d.id.get_ref().as_str()),
                );
                None
            }
        }
    }

    /// An outcome's own texts state no time frame: its disposition says how soon.
    pub(super) fn check_time_frames(&mut self, outcome: &crate::content::raw::RawOutcome) {
        let items = items_of(&outcome.explanation)
            .into_iter()
            .chain(items_in(&outcome.advice))
            .chain(items_in(&outcome.avoid))
            .chain(items_in(&outcome.sooner_if));
        for (span, item) in items {
            let text = item.text(span);
            if let Some(frame) = time_frame(text.get_ref()) {
                self.error(
                    text.span(),
                    format!(
                        "outcome \"{}\" says \"{frame}\": how soon to get help belongs to its \
                         disposition",
                        outcome.id.get_ref()
                    ),
                    Some(
                        "say what to do without a time, and choose the outcome's `disposition` \
                         (or an answer's `raises`) for how soon"
                            .into(),
                    ),
                );
            }
        }
    }

    /// An outcome's signs, each with at least one condition, references resolved.
    pub(super) fn signs(&mut self, outcome: &'a crate::content::raw::RawOutcome) -> Vec<Sign> {
        if outcome.signs.is_empty() {
            self.error(
                outcome.id.span(),
                format!("outcome \"{}\" has no signs", outcome.id.get_ref()),
                Some(
                    "add `[[outcomes.signs]]` tables (text, and any/all/none/scale) naming the \
                     answers that make this result fit: they are its \"why\""
                        .into(),
                ),
            );
        }
        outcome
            .signs
            .iter()
            .map(|sign| {
                let raw: &'a RawSign = sign.get_ref();
                Sign {
                    text: raw.text.get_ref().clone(),
                    conditions: self.conditions(
                        None,
                        ConditionLists {
                            any: &raw.any,
                            all: &raw.all,
                            none: &raw.none,
                            scale: raw.scale.as_ref(),
                        },
                        sign.span(),
                    ),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::time_frame;

    #[test]
    fn time_frames_are_found_as_written() {
        for (text, frame) in [
            ("See someone within a few days.", "within"),
            (
                "If it is not better in a few weeks, book a check.",
                "a few weeks",
            ),
            ("Get help today.", "today"),
            ("Rest for 6 weeks.", "6 weeks"),
            ("Call them straight away.", "straight away"),
            ("See a doctor in a couple of days.", "a couple of days"),
        ] {
            assert_eq!(time_frame(text).as_deref(), Some(frame), "{text}");
        }
    }

    #[test]
    fn holds_and_durations_of_exercise_are_not_time_frames() {
        for text in [
            "Hold for 20 to 30 seconds, then do it again.",
            "Roll the outer thigh for 1 to 2 minutes on each side.",
            "Short walks, more often, with rests in between.",
            "Pain that has lasted is worth a check.",
            "Stay gently active through the day.",
            "Do the stretch twice a day, or 3 times a week.",
        ] {
            assert_eq!(time_frame(text), None, "{text}");
        }
    }
}
