//! `painpath test`: runs the clinical case suite through the questionnaire in each language
//! it comes in, and reports each failure, the conditional texts no case tells apart, and a
//! count per language.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};

use super::args::Args;
use super::output::write_stdout;
use super::questions::{QUESTIONS_LIMIT, load_languages, read_text, shown};
use crate::Languages;
use crate::content::cases::{Case, load_cases};
use crate::engine::cases::{describe_failure, run_case, uncovered};

/// `painpath test [CASES]`: exits 1 when a case fails.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    // Every case in every language: a translation changes texts, never a route.
    let languages = load_languages(args.questions.as_ref())?;
    let (file, text) = cases_file(args.path.as_ref(), args.questions.as_ref())?;
    let cases = load_cases(&file, &text)?;
    let (report, failed) = report(&languages, &cases, &file);
    write_stdout(report.as_bytes())?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The cases to run: (name in messages, text). Those named, else the built-in ones for the
/// built-in questions, else cases.toml beside the questions file.
fn cases_file(
    cases: Option<&PathBuf>,
    questions: Option<&PathBuf>,
) -> anyhow::Result<(String, String)> {
    Ok(match (cases, questions) {
        (Some(path), _) => (
            shown(path),
            read_text(path, QUESTIONS_LIMIT).with_context(|| format!("reading {}", shown(path)))?,
        ),
        (None, None) => (
            crate::DEFAULT_CASES_NAME.to_string(),
            crate::DEFAULT_CASES.to_string(),
        ),
        (None, Some(questions)) => {
            let beside = questions.with_file_name("cases.toml");
            if !beside.is_file() {
                bail!(
                    "no cases file named: give one (`painpath test CASES --questions {}`), or put \
                     cases.toml beside the questions file",
                    shown(questions)
                );
            }
            (
                shown(&beside),
                read_text(&beside, QUESTIONS_LIMIT)
                    .with_context(|| format!("reading {}", shown(&beside)))?,
            )
        }
    })
}

/// What `painpath test` prints, and how many cases failed in all languages.
pub fn report(languages: &Languages, cases: &[Case], file: &str) -> (String, usize) {
    let mut out = String::new();
    let mut failed = 0;
    let mut summary = Vec::new();
    for questionnaire in
        std::iter::once(&languages.base).chain(languages.translations.iter().map(|(q, _)| q))
    {
        let base = std::ptr::eq(questionnaire, &languages.base);
        let mut failed_here = 0;
        for case in cases {
            let run = run_case(questionnaire, case);
            if !run.passed() {
                failed_here += 1;
                if !base {
                    out.push_str(&format!("in {}: ", questionnaire.meta.language));
                }
                out.push_str(&describe_failure(file, case, &run));
                out.push('\n');
            }
        }
        failed += failed_here;
        let passed = cases.len() - failed_here;
        let counts = if failed_here == 0 {
            format!("{passed} cases passed")
        } else {
            format!("{passed} cases passed, {failed_here} failed")
        };
        summary.push(if base {
            counts
        } else {
            format!("in {}: {counts}", questionnaire.meta.language)
        });
    }
    // Conditional texts and options every case leaves shown, or leaves hidden: a mistake in
    // such a condition would fail no case.
    for u in uncovered(&languages.base, cases) {
        let what = if u.is_option { "option" } else { "text" };
        let lacks = match (u.never_shown, u.never_hidden) {
            (true, true) => "shown by no case and hidden by none",
            (true, false) => "shown by no case",
            _ => "hidden by no case",
        };
        out.push_str(&format!(
            "warning: conditional {what} \"{}\" is {lacks}\n",
            u.name
        ));
    }
    // The base's count last, as before; the translations' above it.
    summary.rotate_left(1);
    for line in summary {
        out.push_str(&line);
        out.push('\n');
    }
    (out, failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_cases_pass_in_every_language_the_base_counted_last() {
        let languages = crate::default_languages().unwrap();
        let cases = load_cases("cases.toml", crate::DEFAULT_CASES).unwrap();
        let (report, failed) = report(&languages, &cases, "cases.toml");
        assert_eq!(failed, 0, "{report}");
        let lines: Vec<&str> = report.lines().collect();
        assert_eq!(
            lines[lines.len() - 2],
            format!("in es: {} cases passed", cases.len())
        );
        assert_eq!(
            lines[lines.len() - 1],
            format!("{} cases passed", cases.len())
        );
    }

    #[test]
    fn a_cases_file_that_cannot_be_read_is_named() {
        let missing = PathBuf::from("/nowhere/nosuch.toml");
        let err = cases_file(Some(&missing), None).unwrap_err();
        assert_eq!(
            format!("{err:#}"),
            "reading /nowhere/nosuch.toml: No such file or directory (os error 2)"
        );
    }

    #[test]
    fn a_failing_case_is_described_and_counted_in_each_language() {
        let languages = crate::default_languages().unwrap();
        let mut cases = load_cases("cases.toml", crate::DEFAULT_CASES).unwrap();
        cases.truncate(1);
        let wrong = crate::DEFAULT_CASES
            .split("[[cases]]")
            .nth(1)
            .expect("a case")
            .to_string();
        // The first case, expecting another outcome than its own.
        let outcome = &cases[0].outcome;
        let other = languages
            .base
            .outcomes
            .iter()
            .map(|o| o.id.as_str())
            .find(|id| id != outcome)
            .expect("another outcome");
        let expected = format!("outcome = \"{outcome}\"");
        assert!(wrong.contains(&expected), "{wrong}");
        let text = format!(
            "[[cases]]{}",
            wrong.replacen(&expected, &format!("outcome = \"{other}\""), 1)
        );
        let cases = load_cases("c.toml", &text).unwrap();
        let (report, failed) = report(&languages, &cases, "c.toml");
        assert_eq!(failed, 2, "{report}");
        assert!(report.contains("in es: "), "{report}");
        assert!(report.ends_with("0 cases passed, 1 failed\n"), "{report}");
    }
}
