//! Plain mode: the questionnaire as numbered text prompts, answers read line by line.
//!
//! For screen readers, scripts and any terminal that cannot run the full-screen interface.
//! It drives the same engine as the TUI; it reads and writes only the streams it is given.

use std::io::{BufRead, Write};

use anyhow::{Context, bail};

use crate::content::model::{
    QuestionIndex, QuestionKind, Questionnaire, SCALE_MAX, SCALE_MIN, Target,
};
use crate::output::result::{SOONER_IF, get_help, raised, source_line};
use crate::engine::session::{Answer, Assessment, Session};

/// Runs the questionnaire to its result over `input` and `output`.
///
/// Returns the finished session. Input that ends before the result is an error, so a script
/// that runs out of answers exits non-zero.
pub fn run<'q>(
    questionnaire: &'q Questionnaire,
    mut input: impl BufRead,
    mut output: impl Write,
) -> anyhow::Result<Session<'q>> {
    let out = &mut output;
    let meta = &questionnaire.meta;
    writeln!(out, "{}\n\n{}\n", meta.title, meta.intro)?;
    writeln!(
        out,
        "Type the number of your answer and press Enter. For several answers, separate the \
         numbers with spaces or commas. Type b to go back, ? for help.\n"
    )?;
    let mut session = Session::new(questionnaire);
    let mut line = String::new();
    loop {
        let here = match session.current() {
            Target::Question(here) => here,
            // An emergency answer shows its result at once; the others are reviewed first.
            Target::Outcome(o) if questionnaire.is_emergency(o) => break,
            Target::Outcome(_) => {
                if review(&mut session, &mut input, out, &mut line)? {
                    break;
                }
                continue;
            }
        };
        ask(&session, here, out)?;
        let reply = read_reply(&mut input, out, &mut line)
            .with_context(|| format!("at question \"{}\"", questionnaire.question(here).id))?;
        match reply {
            "b" | "B" => {
                if !session.back() {
                    writeln!(out, "This is the first question.\n")?;
                }
            }
            "?" => {
                let help = questionnaire.question(here).help.as_deref();
                writeln!(
                    out,
                    "{}\n",
                    help.unwrap_or("There is no extra help for this question.")
                )?;
            }
            "" => match session.remembered(here).cloned() {
                Some(earlier) => {
                    session.answer(earlier)?;
                }
                None => writeln!(out, "Please type an answer.\n")?,
            },
            text => match parse_answer(questionnaire, here, text) {
                Ok(answer) => {
                    if let Err(err) = session.answer(answer) {
                        writeln!(out, "Sorry: {err}.\n")?;
                    }
                }
                Err(message) => writeln!(out, "Sorry: {message}.\n")?,
            },
        }
    }
    if let Some(assessment) = session.assessment() {
        write_result(questionnaire, &assessment, out)?;
    }
    out.flush()?;
    Ok(session)
}

/// Prints a question with its numbered options.
fn ask(session: &Session, here: QuestionIndex, out: &mut impl Write) -> anyhow::Result<()> {
    let question = session.questionnaire().question(here);
    let (answered, left) = session.progress();
    writeln!(
        out,
        "Question {} (at most {} more after this)",
        answered + 1,
        left.saturating_sub(1)
    )?;
    writeln!(out, "{}", question.prompt)?;
    match question.kind {
        QuestionKind::Scale => {
            let (low, high) = match &question.scale_labels {
                Some((low, high)) => (format!(" = {low}"), format!(" = {high}")),
                None => (String::new(), String::new()),
            };
            writeln!(
                out,
                "Type a number from {SCALE_MIN}{low} to {SCALE_MAX}{high}."
            )?;
        }
        kind => {
            for (i, option) in question.options.iter().enumerate() {
                writeln!(out, "  {}. {}", i + 1, option.label)?;
            }
            if kind == QuestionKind::Multiple {
                writeln!(out, "Pick one or more.")?;
            }
        }
    }
    if let Some(earlier) = session.remembered(here) {
        writeln!(
            out,
            "Press Enter to keep your earlier answer: {}",
            session.describe(here, earlier)
        )?;
    }
    write!(out, "> ")?;
    out.flush()?;
    Ok(())
}

/// Reads one line; end of input is an error.
fn read_reply<'l>(
    input: &mut impl BufRead,
    out: &mut impl Write,
    line: &'l mut String,
) -> anyhow::Result<&'l str> {
    line.clear();
    if input.read_line(line).context("reading an answer")? == 0 {
        writeln!(out)?;
        bail!("input ended before the questionnaire was finished");
    }
    writeln!(out)?;
    Ok(line.trim())
}

/// Reads an answer typed as text: option numbers (1-based) or a scale value.
pub fn parse_answer(
    questionnaire: &Questionnaire,
    here: QuestionIndex,
    text: &str,
) -> Result<Answer, String> {
    let question = questionnaire.question(here);
    let numbers: Vec<&str> = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect();
    let parsed: Result<Vec<usize>, String> = numbers
        .iter()
        .map(|n| {
            n.parse::<usize>()
                .map_err(|_| format!("\"{n}\" is not a number"))
        })
        .collect();
    let parsed = parsed?;
    match question.kind {
        QuestionKind::Scale => match parsed.as_slice() {
            [v] => u8::try_from(*v)
                .ok()
                .filter(|v| (SCALE_MIN..=SCALE_MAX).contains(v))
                .map(Answer::Scale)
                .ok_or_else(|| format!("please type a number from {SCALE_MIN} to {SCALE_MAX}")),
            _ => Err(format!(
                "please type one number from {SCALE_MIN} to {SCALE_MAX}"
            )),
        },
        kind => {
            let count = question.options.len();
            if let Some(bad) = parsed.iter().find(|n| **n == 0 || **n > count) {
                return Err(format!(
                    "{bad} is not an option; type a number from 1 to {count}"
                ));
            }
            if kind != QuestionKind::Multiple && parsed.len() > 1 {
                return Err("please pick only one option".into());
            }
            Ok(Answer::many(parsed.iter().map(|n| n - 1)))
        }
    }
}

/// Lists the answers on the route and lets the person change one. True when done.
fn review(
    session: &mut Session,
    input: &mut impl BufRead,
    out: &mut impl Write,
    line: &mut String,
) -> anyhow::Result<bool> {
    writeln!(out, "Your answers:")?;
    let visits: Vec<QuestionIndex> = session.trail().iter().map(|v| v.question).collect();
    for (i, q) in visits.iter().enumerate() {
        let short = &session.questionnaire().question(*q).short;
        let answer = session
            .answer_to(*q)
            .map(|a| session.describe(*q, a))
            .unwrap_or_default();
        writeln!(out, "  {}. {short}: {answer}", i + 1)?;
    }
    writeln!(
        out,
        "Press Enter to see your result, or type the number of an answer to change it."
    )?;
    write!(out, "> ")?;
    out.flush()?;
    line.clear();
    if input.read_line(line).context("reading an answer")? == 0 {
        // Every question is answered; end of input here just means "show the result".
        writeln!(out)?;
        return Ok(true);
    }
    writeln!(out)?;
    match line.trim() {
        "" => Ok(true),
        "b" | "B" => {
            session.back();
            Ok(false)
        }
        text => {
            match text
                .parse::<usize>()
                .ok()
                .and_then(|n| visits.get(n.wrapping_sub(1)))
            {
                Some(q) => {
                    session.revisit(*q);
                }
                None => writeln!(out, "Sorry: type a number from 1 to {}.\n", visits.len())?,
            }
            Ok(false)
        }
    }
}

/// Prints the whole result: urgency, explanation, why, advice, help, sources.
pub fn write_result(
    questionnaire: &Questionnaire,
    assessment: &Assessment,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let outcome = assessment.outcome;
    writeln!(out, "RESULT: {}", outcome.title)?;
    writeln!(out, "{}", assessment.disposition.heading)?;
    if let Some(raised) = raised(assessment) {
        writeln!(out, "{raised}")?;
    }
    writeln!(
        out,
        "\n{}\n\n{}\n",
        outcome.explanation, questionnaire.meta.disclaimer
    )?;
    let sections: [(&str, Vec<String>); 4] = [
        (
            "Why this result",
            assessment.why.iter().map(ToString::to_string).collect(),
        ),
        (
            "Also consider",
            assessment
                .also_consider
                .iter()
                .map(|fit| format!("{}: {}", fit.outcome.title, fit.signs.join("; ")))
                .collect(),
        ),
        ("What you can do now", outcome.advice.clone()),
        ("What to avoid", outcome.avoid.clone()),
    ];
    for (heading, items) in sections {
        if items.is_empty() {
            continue;
        }
        writeln!(out, "{heading}:")?;
        for item in items {
            writeln!(out, "  - {item}")?;
        }
        writeln!(out)?;
    }
    let help = get_help(assessment);
    writeln!(out, "When to get help:\n  {}", help.when)?;
    if !help.sooner_if.is_empty() {
        writeln!(out, "  {SOONER_IF}")?;
        for item in help.sooner_if {
            writeln!(out, "  - {item}")?;
        }
    }
    writeln!(out, "  {}\n", help.safety_net)?;
    writeln!(out, "Sources:")?;
    for source in &assessment.sources {
        writeln!(out, "  - {}", source_line(source))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::small;

    fn run_with(q: &Questionnaire, input: &str) -> (anyhow::Result<String>, String) {
        let mut out = Vec::new();
        let result = run(q, input.as_bytes(), &mut out).map(|s| {
            s.assessment()
                .map(|a| a.outcome.id.clone())
                .unwrap_or_default()
        });
        (result, String::from_utf8_lossy(&out).into_owned())
    }

    #[test]
    fn numbered_answers_reach_a_result_printed_in_full() {
        let q = small();
        let (result, out) = run_with(&q, "3\n2\n1\n\n");
        assert_eq!(result.unwrap(), "hip_result");
        for part in [
            "RESULT: Hip",
            "Urgency: Self-care",
            "Why this result:",
            "Groin pain: Yes",
            "When to seek help:",
            "Sources:",
            "Article A, Publisher A",
            "Not a diagnosis.",
        ] {
            assert!(out.contains(part), "missing {part:?} in\n{out}");
        }
    }

    #[test]
    fn invalid_input_explains_and_asks_again() {
        let q = small();
        let (result, out) = run_with(&q, "9\nx\n\n2 3\n3\n1 2\n3\n");
        assert_eq!(result.unwrap(), "knee_result");
        assert!(
            out.contains("Sorry: 9 is not an option; type a number from 1 to 3."),
            "{out}"
        );
        assert!(out.contains("Sorry: \"x\" is not a number."), "{out}");
        assert!(out.contains("Please type an answer."), "{out}");
        assert!(
            out.contains("\"None of these\" cannot be combined"),
            "{out}"
        );
        assert!(out.contains("Sorry: please pick only one option."), "{out}");
    }

    #[test]
    fn back_returns_and_enter_keeps_the_earlier_answer() {
        let q = small();
        let (result, out) = run_with(&q, "3\n2\nb\n\n1\n\n");
        assert_eq!(result.unwrap(), "hip_result");
        assert!(
            out.contains("Press Enter to keep your earlier answer: Hip"),
            "{out}"
        );
    }

    #[test]
    fn review_changes_an_answer_and_reroutes() {
        let q = small();
        // Hip + groin -> hip_result; review: change answer 2 (where) to back -> severity.
        let (result, out) = run_with(&q, "3\n2\n1\n2\n1\n\n9\n\n");
        assert_eq!(result.unwrap(), "back_bad");
        assert!(out.contains("  2. Where: Hip"), "{out}");
        assert!(out.contains("RESULT: Bad back"), "{out}");
    }

    #[test]
    fn scale_answers_are_checked() {
        let q = small();
        let (result, out) = run_with(&q, "3\n1\n2\n11\n4\n");
        assert_eq!(result.unwrap(), "back_result");
        assert!(
            out.contains("Type a number from 0 = no pain to 10 = worst."),
            "{out}"
        );
        assert!(out.contains("please type a number from 0 to 10"), "{out}");
    }

    #[test]
    fn help_is_shown_on_question_mark() {
        let q = small();
        let (_, out) = run_with(&q, "?\n3\n3\n");
        assert!(
            out.contains("There is no extra help for this question."),
            "{out}"
        );
    }

    #[test]
    fn end_of_input_before_the_result_is_an_error() {
        let q = small();
        let (result, _) = run_with(&q, "3\n");
        let err = result.unwrap_err();
        assert!(format!("{err:#}").contains("input ended before the questionnaire was finished"));
        assert!(format!("{err:#}").contains("at question \"where\""));
    }
}
