//! The Markdown summary a person can keep: their answers, the result, why, what to do, sources.
//!
//! [`summary`] is pure: the time comes in as a value. Saving it, only when the person asks, is
//! the job of the hand-off layer above.

use std::fmt::Write as _;
use time::{OffsetDateTime, UtcOffset};

use crate::content::model::Questionnaire;
use crate::content::words::{self, Words, fill};
use crate::engine::session::Assessment;
use crate::output::result::{
    advice_heading, also_consider_line, get_help, raised, source_line, texts,
};

/// The summary of a finished session as Markdown, in the questionnaire's language.
///
/// `at` is when the session finished, in the offset the person should read (local time, or
/// UTC when the local offset is unknown; the text says which).
pub fn summary(
    questionnaire: &Questionnaire,
    assessment: &Assessment<'_>,
    at: OffsetDateTime,
) -> String {
    summary_for(questionnaire, assessment, at, Reader::Patient)
}

/// Whom a summary speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// The person who answered, keeping their summary: "your summary", "Your answers".
    Patient,
    /// Reception's staff, reading a hand-off from the kiosk: "summary handed in by the
    /// patient", "The patient's answers", "because the patient said".
    Staff,
}

/// [`summary`], speaking to `reader`.
pub fn summary_for(
    questionnaire: &Questionnaire,
    assessment: &Assessment<'_>,
    at: OffsetDateTime,
    reader: Reader,
) -> String {
    let staff;
    let words = match reader {
        Reader::Patient => words::of(questionnaire),
        Reader::Staff => {
            staff = for_staff(words::of(questionnaire));
            &staff
        }
    };
    let said = &words.summary;
    let result = &words.result;
    let meta = &questionnaire.meta;
    let outcome = assessment.outcome;
    let mut out = String::new();
    // Writing to a String cannot fail; the results are ignored for that reason.
    let title = fill(&said.title, &[("title", &escape(&meta.title))]);
    let _ = writeln!(out, "# {title}\n");
    let date = fill(&said.date, &[("when", &human_time(at, words))]);
    let _ = writeln!(out, "{date}\n");
    let _ = writeln!(out, "> {}\n", escape(&meta.disclaimer));

    let _ = writeln!(out, "## {}\n", said.your_answers);
    for (n, answered) in assessment.answers.iter().enumerate() {
        let _ = writeln!(out, "{}. **{}**  ", n + 1, escape(&answered.prompt));
        let _ = writeln!(out, "   {}", escape(&answered.text));
    }
    if assessment.answers.is_empty() {
        let _ = writeln!(out, "{}", said.no_answers);
    }

    let heading = fill(&said.result, &[("title", &escape(&outcome.title))]);
    let _ = writeln!(out, "\n## {heading}\n");
    let _ = writeln!(out, "**{}**\n", escape(&assessment.disposition.heading));
    if let Some(raised) = raised(assessment, words) {
        let _ = writeln!(out, "{}\n", escape(&raised));
    }
    // A label, not a heading: the explanation after it is not part of this section.
    if !assessment.shown.until_seen.is_empty() {
        let _ = writeln!(out, "**{}**\n", result.until_seen);
        list(
            &mut out,
            texts(&assessment.shown.until_seen).map(str::to_string),
            "",
        );
        out.push('\n');
    }
    for paragraph in texts(&assessment.shown.explanation) {
        let _ = writeln!(out, "{}\n", escape(paragraph));
    }

    let _ = writeln!(out, "## {}\n", said.why);
    list(
        &mut out,
        assessment.why.iter().map(|sign| sign.to_string()),
        &said.no_why,
    );

    if !assessment.also_consider.is_empty() {
        let _ = writeln!(out, "\n## {}\n", result.also_consider);
        for fit in &assessment.also_consider {
            let _ = writeln!(out, "- {}", escape(&also_consider_line(fit, words)));
        }
    }
    let _ = writeln!(out, "\n## {}\n", escape(advice_heading(assessment, words)));
    let advice = texts(&assessment.shown.advice).map(str::to_string);
    list(&mut out, advice, &said.no_advice);

    let _ = writeln!(out, "\n## {}\n", result.avoid);
    let avoid = texts(&assessment.shown.avoid).map(str::to_string);
    list(&mut out, avoid, &said.no_avoid);

    let help = get_help(assessment);
    let _ = writeln!(out, "\n## {}\n", result.get_help);
    for paragraph in &help.when {
        let _ = writeln!(out, "{}\n", escape(paragraph));
    }
    if !help.sooner_if.is_empty() {
        let _ = writeln!(out, "{}\n", result.sooner_if);
        list(&mut out, help.sooner_if.iter().map(|s| s.to_string()), "");
        out.push('\n');
    }
    for paragraph in &help.safety_net {
        let _ = writeln!(out, "{}\n", escape(paragraph));
    }

    let _ = writeln!(out, "## {}\n", result.sources);
    list(
        &mut out,
        assessment.sources.iter().map(|s| source_line(s, words)),
        &said.no_sources,
    );

    let _ = writeln!(out, "\n---\n\n{}", escape(&meta.disclaimer));
    let made_by = fill(
        &said.made_by,
        &[
            ("title", &escape(&meta.title)),
            ("version", &escape(&meta.version)),
            ("painpath", env!("CARGO_PKG_VERSION")),
        ],
    );
    let _ = writeln!(out, "\n_{made_by}_");
    out
}

/// `words` with the summary's texts that speak to the patient made to speak of them.
fn for_staff(words: &Words) -> Words {
    let mut staff = words.clone();
    staff.summary.title.clone_from(&words.kiosk.reception_title);
    staff
        .summary
        .your_answers
        .clone_from(&words.kiosk.reception_answers);
    staff
        .result
        .raised
        .clone_from(&words.kiosk.reception_raised);
    staff
}

/// "Saturday 21 November 2026, 20:48 (UTC+01:00)", or "... 19:48 UTC" when `at` is in UTC,
/// in the words of `words`.
pub fn human_time(at: OffsetDateTime, words: &Words) -> String {
    let zone = if at.offset() == UtcOffset::UTC {
        "UTC".to_string()
    } else {
        let (h, m, _) = at.offset().as_hms();
        let sign = if at.offset().is_negative() { '-' } else { '+' };
        format!("(UTC{sign}{:02}:{:02})", h.unsigned_abs(), m.unsigned_abs())
    };
    let said = &words.summary;
    fill(
        &said.time,
        &[
            (
                "weekday",
                said.weekdays.name(at.weekday().number_from_monday()),
            ),
            ("day", &at.day().to_string()),
            ("month", said.months.name(u8::from(at.month()))),
            ("year", &at.year().to_string()),
            ("hour", &format!("{:02}", at.hour())),
            ("minute", &format!("{:02}", at.minute())),
            ("zone", &zone),
        ],
    )
}

fn list(out: &mut String, items: impl Iterator<Item = String>, empty: &str) {
    let mut any = false;
    for item in items {
        any = true;
        let _ = writeln!(out, "- {}", escape(&item));
    }
    if !any {
        let _ = writeln!(out, "{empty}");
    }
}

/// Keeps content text from turning into Markdown markup (emphasis, links, HTML, headings).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::words::english;
    use crate::engine::session::{Answer, Session};
    use crate::testing::small;
    use time::macros::datetime;

    #[test]
    fn utc_time_is_labelled_utc_and_local_time_shows_its_offset() {
        assert_eq!(
            human_time(datetime!(2026-11-21 19:48:05 UTC), english()),
            "Saturday 21 November 2026, 19:48 UTC"
        );
        assert_eq!(
            human_time(datetime!(2026-11-21 14:48:05 -05:00), english()),
            "Saturday 21 November 2026, 14:48 (UTC-05:00)"
        );
    }

    #[test]
    fn summary_has_every_part() {
        let q = small();
        let mut s = Session::new(&q);
        s.answer(Answer::many([1])).unwrap(); // fever: raises to soon
        s.answer(Answer::one(0)).unwrap(); // low back
        s.answer(Answer::one(1)).unwrap(); // no groin pain
        s.answer(Answer::Scale(3)).unwrap();
        let a = s.assessment().unwrap();
        let text = summary(&q, &a, datetime!(2026-11-21 19:48:05 UTC));
        for part in [
            "# Small test questionnaire: your summary",
            "Date and time: Saturday 21 November 2026, 19:48 UTC",
            "## Your answers",
            "**Any of these?**",
            "   Fever",
            "**Where is the pain?**",
            "   Low back",
            "**Is there groin pain?**",
            "**How bad is it?**",
            "   3 out of 10",
            "## Result: Back",
            "**Soon: see a doctor or physiotherapist within a day or two**",
            "We moved this up from \"Self-care\" because you said: Fever.",
            "B.",
            "## Why\n\n- Pain in the low back\n- No groin pain\n",
            "## What you can do now",
            "## What to avoid",
            "## When to get help\n\nDays.\n\nGet help sooner if:\n\n- It gets worse.\n\nSooner if worse.",
            "## Sources\n\n- Article A. Publisher A.",
            "Not a diagnosis.",
        ] {
            assert!(text.contains(part), "missing {part:?} in:\n{text}");
        }
        assert_eq!(
            text.matches("Not a diagnosis.").count(),
            2,
            "disclaimer top and bottom"
        );
    }

    #[test]
    fn summary_lists_advice_and_says_so_when_there_is_none() {
        let q = small();
        let mut s = Session::new(&q);
        s.answer(Answer::many([2])).unwrap();
        s.answer(Answer::one(2)).unwrap(); // knee
        let a = s.assessment().unwrap();
        let text = summary(&q, &a, datetime!(2026-11-21 19:48:05 UTC));
        assert!(
            text.contains("## What you can do now\n\n- Rest.\n"),
            "{text}"
        );
        assert!(
            text.contains("Nothing in particular for this result."),
            "{text}"
        );
        assert!(
            text.contains("**Self-care: look after it at home**"),
            "{text}"
        );
    }

    #[test]
    fn markup_in_content_is_escaped() {
        assert_eq!(
            escape("*a* [b](c) <x> #1"),
            "\\*a\\* \\[b\\](c) \\<x\\> \\#1"
        );
    }
}
