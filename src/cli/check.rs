//! `painpath check`: loads a questions file with every check, lints it (with its cases and
//! translations), and prints what it holds or what is wrong; `--watch` does it again at
//! each save.

use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use time::{OffsetDateTime, UtcOffset};

use super::args::Args;
use super::output::{print, to_stderr, write_out};
use super::questions::{QUESTIONS_LIMIT, read_text, shown, translation_files};
use crate::content::diagnostic::LoadError;
use crate::content::{cases, lint, translate, validate};
use crate::text::{Notation, visible};

/// `painpath check [PATH]`, or with `--watch`.
pub fn run(args: &Args, local_offset: Option<UtcOffset>) -> anyhow::Result<ExitCode> {
    let path = args.path.as_ref().or(args.questions.as_ref());
    if args.watch
        && let Some(path) = path
    {
        return watch(path, args.cases.as_ref(), local_offset);
    }
    let checked = check(path, args.cases.as_ref())?;
    for warning in &checked.warnings {
        to_stderr(&warning.to_string());
    }
    if args.strict && !checked.warnings.is_empty() {
        bail!(
            "{} warning(s), which --strict makes errors",
            checked.warnings.len()
        );
    }
    print(&checked.summary)
}

/// What `painpath check` found in a file that loads.
pub struct Checked {
    /// The "ok: ..." lines: the questions, then each translation.
    pub summary: String,
    pub warnings: Vec<lint::Warning>,
}

/// Loads and lints the questions from `path` (or the built-in ones), with the cases from
/// `cases` (or the built-in cases, for the built-in questions) for "an outcome without a case".
pub fn check(path: Option<&PathBuf>, cases: Option<&PathBuf>) -> anyhow::Result<Checked> {
    let (file, text) = match path {
        None => (
            crate::DEFAULT_QUESTIONS_NAME.to_string(),
            crate::DEFAULT_QUESTIONS.to_string(),
        ),
        Some(path) => (
            shown(path),
            read_text(path, QUESTIONS_LIMIT).with_context(|| format!("reading {}", shown(path)))?,
        ),
    };
    let questionnaire = match validate::load(&file, &text) {
        Ok(questionnaire) => questionnaire,
        Err(err) => match path.and_then(|path| translation_of(path, &text)) {
            Some(said) => bail!("{said}"),
            None => return Err(err.into()),
        },
    };
    let mut warnings = lint::warnings(&questionnaire, &text, &file);
    let cases = match (cases, path) {
        (Some(cases), _) => Some((
            shown(cases),
            read_text(cases, QUESTIONS_LIMIT)
                .with_context(|| format!("reading {}", shown(cases)))?,
        )),
        (None, None) => Some((
            crate::DEFAULT_CASES_NAME.to_string(),
            crate::DEFAULT_CASES.to_string(),
        )),
        (None, Some(_)) => None,
    };
    if let Some((cases_file, cases_text)) = cases {
        let cases = cases::load_cases(&cases_file, &cases_text)?;
        warnings.extend(lint::case_warnings(
            &questionnaire,
            &cases,
            &cases_file,
            &text,
            &file,
        ));
        let uncovered = crate::engine::cases::uncovered(&questionnaire, &cases);
        warnings.extend(lint::uncovered_warnings(
            &questionnaire,
            &uncovered,
            &cases_file,
            &text,
            &file,
        ));
    }
    let files: Vec<(String, String)> = match path {
        Some(path) => translation_files(path, &questionnaire)?,
        None => crate::DEFAULT_TRANSLATIONS
            .iter()
            .map(|(_, file, text)| (file.to_string(), text.to_string()))
            .collect(),
    };
    let mut translations = Vec::new();
    for (file, text) in &files {
        let translated = translate::translate(&questionnaire, file, text)?;
        warnings.extend(lint::translation_warnings(&translated.0, text, file));
        translations.push(translated);
    }
    let mut summary = format!(
        "ok: {} version {}: {} questions, {} outcomes, {} paths",
        questionnaire.meta.id,
        questionnaire.meta.version,
        questionnaire.questions.len(),
        questionnaire.outcomes.len(),
        questionnaire.path_count
    );
    for (_, info) in &translations {
        summary.push_str(&format!(
            "\nok: translation {} ({}){}",
            info.language,
            info.name,
            if info.reviewed {
                ""
            } else {
                ", not yet reviewed by a clinician"
            }
        ));
    }
    Ok(Checked { summary, warnings })
}

/// When the file at `path` is a translation (its `[meta]` names the questions it
/// `translates`), what to run instead: a translation is checked with its questions.
fn translation_of(path: &Path, text: &str) -> Option<String> {
    let table: toml::Table = toml::from_str(text).ok()?;
    let meta = table.get("meta")?.as_table()?;
    let translates = meta.get("translates")?.as_str()?;
    let language = meta
        .get("language")
        .and_then(toml::Value::as_str)
        .unwrap_or("");
    // questions.es.toml -> questions.toml, as `translate::translation_path` names it.
    let name = path.file_name()?.to_string_lossy().into_owned();
    let base = name
        .rsplit_once('.')
        .and_then(|(stem, ext)| {
            let stem = stem.strip_suffix(&format!(".{language}"))?;
            Some(format!("{stem}.{ext}"))
        })
        .unwrap_or(name);
    let base = path.with_file_name(base);
    Some(format!(
        "{} is a translation (of \"{}\"), not a questions file: it is checked with the \
         questions it translates, beside them. Run: painpath check {}",
        shown(path),
        visible(translates, Notation::Escaped),
        shown(&base)
    ))
}

/// One check of the file as `--watch` reports it, after `stamp` (`[HH:MM:SS]`).
fn watch_report(stamp: &str, checked: anyhow::Result<Checked>) -> String {
    match checked {
        Ok(checked) => {
            let mut report = String::new();
            for warning in &checked.warnings {
                report.push_str(&format!("{warning}\n"));
            }
            format!("{report}{stamp} {}\n", checked.summary)
        }
        Err(err) => match err.downcast_ref::<LoadError>() {
            Some(load) => format!("{stamp} {} problem(s) found\n{load}\n", load.problems.len()),
            None => format!("{stamp} error: {err:#}\n"),
        },
    }
}

/// `painpath check --watch PATH`: checks the file, then again after each change to it, until
/// stopped (Ctrl+C). The file's folder is watched (editors save to a temporary file and
/// rename it over the file), events for other names are dropped, and a burst of events is
/// waited out (200 ms of quiet) before the file is read. Everything goes to stdout, each
/// result after `[HH:MM:SS]`.
fn watch(
    path: &Path,
    cases: Option<&PathBuf>,
    local_offset: Option<UtcOffset>,
) -> anyhow::Result<ExitCode> {
    use notify::Watcher as _;
    use std::sync::mpsc;
    use std::time::Duration;
    let absolute = std::path::absolute(path).context("finding the file's folder")?;
    let (Some(dir), Some(name)) = (absolute.parent(), absolute.file_name()) else {
        bail!("{} is not a file", shown(path));
    };
    let name = name.to_os_string();
    let (sender, events) = mpsc::channel::<()>();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        use notify::EventKind;
        use notify::event::{AccessKind, AccessMode};
        let relevant = match event {
            Err(_) => true,
            Ok(event) => {
                let kind_matters = match event.kind {
                    EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
                    EventKind::Access(_) => false,
                    _ => true,
                };
                kind_matters
                    && (event.need_rescan()
                        || event
                            .paths
                            .iter()
                            .any(|p| p.file_name() == Some(name.as_os_str())))
            }
        };
        if relevant {
            let _ = sender.send(());
        }
    })
    .context("starting the watch")?;
    watcher
        .watch(dir, notify::RecursiveMode::NonRecursive)
        .with_context(|| format!("watching {}", shown(dir)))?;
    let path = path.to_path_buf();
    loop {
        let now = OffsetDateTime::now_utc().to_offset(local_offset.unwrap_or(UtcOffset::UTC));
        let stamp = format!(
            "[{:02}:{:02}:{:02}]",
            now.hour(),
            now.minute(),
            now.second()
        );
        let report = watch_report(&stamp, check(Some(&path), cases));
        if let Err(err) = write_out(report.as_bytes()) {
            if err.kind() == io::ErrorKind::BrokenPipe {
                return Ok(ExitCode::SUCCESS);
            }
            return Err(err).context("writing to standard output");
        }
        // Wait for a change, then for the burst of events a save makes to end.
        if events.recv().is_err() {
            bail!("the watch stopped");
        }
        while events.recv_timeout(Duration::from_millis(200)).is_ok() {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name)
    }

    #[test]
    fn the_built_in_questions_check_clean_in_every_language() {
        let checked = check(None, None).unwrap();
        assert!(checked.warnings.is_empty(), "{:?}", checked.warnings.len());
        assert!(
            checked
                .summary
                .starts_with("ok: painpath-back-hip-knee version ")
        );
        assert!(
            checked.summary.contains("\nok: translation es (Español)"),
            "{}",
            checked.summary
        );
    }

    #[test]
    fn a_translation_given_to_check_is_named_and_the_right_command_given() {
        let spanish = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("questions.es.toml");
        let err = check(Some(&spanish), None).err().expect("refused");
        let base = spanish.with_file_name("questions.toml");
        assert_eq!(
            err.to_string(),
            format!(
                "{} is a translation (of \"painpath-back-hip-knee\"), not a questions file: it \
                 is checked with the questions it translates, beside them. Run: painpath check {}",
                spanish.display(),
                base.display()
            )
        );
    }

    #[test]
    fn a_watch_report_stamps_the_result_or_the_problems() {
        let good = watch_report("[10:00:00]", check(Some(&fixture("small.toml")), None));
        assert!(good.contains("[10:00:00] ok: "), "{good}");
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("bad.toml");
        std::fs::write(&bad, "[meta]\nid = 3\n").unwrap();
        let report = watch_report("[10:00:01]", check(Some(&bad), None));
        assert!(report.starts_with("[10:00:01] "), "{report}");
        assert!(
            report.contains("problem(s) found") || report.contains("error:"),
            "{report}"
        );
    }
}
