//! Whether a text says how soon to get help ("within a few days", "today", "en unos días"):
//! an outcome's own text must not, since its disposition owns the time frame. Used by the
//! loader on the questions file and by the translation check on each language's texts.

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
    if crate::content::language::same_language(language, "es") {
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
