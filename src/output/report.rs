//! The Markdown summary a person can keep: their answers, the result, why, what to do, sources.
//!
//! [`summary`] is pure: the time comes in as a value. Saving it, only when the person asks, is
//! the job of the hand-off layer above.

use std::fmt::Write as _;
use time::{OffsetDateTime, UtcOffset};

use crate::content::model::Questionnaire;
use crate::engine::session::Assessment;
use crate::output::result::{SOONER_IF, also_consider_line, get_help, raised, source_line};

/// The summary of a finished session as Markdown.
///
/// `at` is when the session finished, in the offset the person should read (local time, or
/// UTC when the local offset is unknown; the text says which).
pub fn summary(
    questionnaire: &Questionnaire,
    assessment: &Assessment<'_>,
    at: OffsetDateTime,
) -> String {
    let meta = &questionnaire.meta;
    let outcome = assessment.outcome;
    let mut out = String::new();
    // Writing to a String cannot fail; the results are ignored for that reason.
    let _ = writeln!(out, "# {}: your summary\n", escape(&meta.title));
    let _ = writeln!(out, "Date and time: {}\n", human_time(at));
    let _ = writeln!(out, "> {}\n", escape(&meta.disclaimer));

    out.push_str("## Your answers\n\n");
    for (n, answered) in assessment.answers.iter().enumerate() {
        let _ = writeln!(out, "{}. **{}**  ", n + 1, escape(&answered.prompt));
        let _ = writeln!(out, "   {}", escape(&answered.text));
    }
    if assessment.answers.is_empty() {
        out.push_str("No questions were needed.\n");
    }

    let _ = writeln!(out, "\n## Result: {}\n", escape(&outcome.title));
    let _ = writeln!(out, "**{}**\n", escape(&assessment.disposition.heading));
    if let Some(raised) = raised(assessment) {
        let _ = writeln!(out, "{}\n", escape(&raised));
    }
    let _ = writeln!(out, "{}\n", escape(&outcome.explanation));

    out.push_str("## Why\n\n");
    list(
        &mut out,
        assessment.why.iter().map(|sign| sign.to_string()),
        "No particular answer.",
    );

    if !assessment.also_consider.is_empty() {
        out.push_str("\n## Also consider\n\n");
        for fit in &assessment.also_consider {
            let _ = writeln!(out, "- {}", escape(&also_consider_line(fit)));
        }
    }
    out.push_str("\n## What you can do now\n\n");
    list(
        &mut out,
        outcome.advice.iter().cloned(),
        "No particular advice for this result.",
    );

    out.push_str("\n## What to avoid\n\n");
    list(
        &mut out,
        outcome.avoid.iter().cloned(),
        "Nothing in particular for this result.",
    );

    let help = get_help(assessment);
    let _ = writeln!(out, "\n## When to get help\n\n{}\n", escape(help.when));
    if !help.sooner_if.is_empty() {
        let _ = writeln!(out, "{SOONER_IF}\n");
        list(&mut out, help.sooner_if.iter().cloned(), "");
        out.push('\n');
    }
    let _ = writeln!(out, "{}\n", escape(help.safety_net));

    out.push_str("## Sources\n\n");
    list(
        &mut out,
        assessment.sources.iter().map(|s| source_line(s)),
        "No sources listed.",
    );

    let _ = writeln!(out, "\n---\n\n{}", escape(&meta.disclaimer));
    let _ = writeln!(
        out,
        "\n_{} version {}, painpath {}._",
        escape(&meta.title),
        escape(&meta.version),
        env!("CARGO_PKG_VERSION")
    );
    out
}

/// "Saturday 21 November 2026, 20:48 (UTC+01:00)", or "... 19:48 UTC" when `at` is in UTC.
pub fn human_time(at: OffsetDateTime) -> String {
    let zone = if at.offset() == UtcOffset::UTC {
        "UTC".to_string()
    } else {
        let (h, m, _) = at.offset().as_hms();
        let sign = if at.offset().is_negative() { '-' } else { '+' };
        format!("(UTC{sign}{:02}:{:02})", h.unsigned_abs(), m.unsigned_abs())
    };
    format!(
        "{} {} {} {}, {:02}:{:02} {}",
        at.weekday(),
        at.day(),
        at.month(),
        at.year(),
        at.hour(),
        at.minute(),
        zone
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
    use crate::engine::session::{Answer, Session};
    use crate::testing::small;
    use time::macros::datetime;

    #[test]
    fn utc_time_is_labelled_utc_and_local_time_shows_its_offset() {
        assert_eq!(
            human_time(datetime!(2026-11-21 19:48:05 UTC)),
            "Saturday 21 November 2026, 19:48 UTC"
        );
        assert_eq!(
            human_time(datetime!(2026-11-21 14:48:05 -05:00)),
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
            "Moved up from \"Self-care\", this pattern's own level, because you answered: Fever.",
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
