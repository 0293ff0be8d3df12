//! The questions themselves (no command): in the full-screen interface or as plain text, then
//! the summary saved where asked (`--report`, `--save-dir`), never lost when that fails.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use time::{OffsetDateTime, UtcOffset};

use super::args::{Args, ThemeArg};
use super::output::{EndOutput, say};
use super::questions::{choose_language, for_a_run, language_from_environment};
use crate::content::model::Questionnaire;
use crate::content::words::{self, fill};
use crate::engine::session::{Assessment, Session};
use crate::handoff::save::{self, Destination};
use crate::output::report;
use crate::text::{Notation, visible};
use crate::ui::keep::Keeper;
use crate::ui::line::{LINE_LIMIT, Line, read_line};
use crate::ui::tui::{self, Theme, ThemeName};

/// `painpath [--plain] [--report PATH] [--save-dir DIR]`.
pub fn run(args: &Args, local_offset: Option<UtcOffset>) -> anyhow::Result<ExitCode> {
    let languages = for_a_run(args.questions.as_ref(), args.lang.as_deref())?;
    let environment = language_from_environment();
    let tag = choose_language(&languages, args.lang.as_deref(), environment.as_deref())?
        .meta
        .language
        .clone();
    let questionnaire = languages
        .into_language(&tag)
        .context("the questions in the language chosen")?;
    let said = &words::of(&questionnaire).session_end;
    let destinations: Vec<Destination> = [
        args.report.as_deref().map(Destination::File),
        args.save_dir.as_deref().map(Destination::Folder),
    ]
    .into_iter()
    .flatten()
    .collect();
    for destination in &destinations {
        save::check_destination(*destination).context(said.cannot_save_there.clone())?;
    }
    let keeper = keeper(&questionnaire, local_offset, args.save_dir.as_deref());
    let terminal = io::stdin().is_terminal() && io::stdout().is_terminal();
    // What is written to stdout from here on: a failed write must not stop the saving.
    let mut out = EndOutput::default();
    let session = if args.plain || !terminal {
        let stdin = io::stdin();
        let asked = crate::ui::plain::run(
            &questionnaire,
            stdin.lock(),
            io::stdout().lock(),
            Some(&keeper),
        );
        match asked {
            Ok(session) => Some(session),
            // A reader that stopped early (`| head`) ends the run quietly with status 0, as it
            // does every other command's (output::write_stdout).
            Err(err) if reader_gone(&err) => return Ok(ExitCode::SUCCESS),
            Err(err) => return Err(err),
        }
    } else {
        let finished = tui::run(&questionnaire, tui_config(args.theme), Some(&keeper))?;
        // The terminal is restored here; say where the person got to, or, if they asked,
        // print the whole summary.
        if let Some(finished) = &finished
            && let Some(assessment) = finished.session.assessment()
        {
            // Wrapped to the terminal, so no word is split at its edge.
            let width = crate::ui::plain::terminal_width();
            if finished.print_summary {
                // As plain mode shows it: plain text to read, not the file's Markdown.
                let mut text = Vec::new();
                crate::ui::plain::write_summary(&questionnaire, &assessment, width, &mut text)?;
                out.text(&String::from_utf8_lossy(&text));
            } else {
                let result = fill(
                    &said.your_result,
                    &[
                        ("title", &assessment.outcome.title),
                        ("heading", &assessment.disposition.heading),
                    ],
                );
                for text in [result.as_str(), questionnaire.meta.disclaimer.as_str()] {
                    for line in crate::text::wrap(text, width) {
                        out.line(&line);
                    }
                }
            }
        }
        finished.map(|finished| finished.session)
    };
    // Files are written only now, after the questions, and only if asked for.
    let mut code = ExitCode::SUCCESS;
    if let Some(assessment) = session.as_ref().and_then(Session::assessment) {
        let finished = OffsetDateTime::now_utc().to_offset(local_offset.unwrap_or(UtcOffset::UTC));
        code = save_summary(
            &questionnaire,
            &assessment,
            finished,
            &destinations,
            &mut out,
        )?;
    }
    out.finish(code)
}

/// Did `err` come of writing to a pipe whose reader has gone (EPIPE)?
fn reader_gone(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// What saves the summary when the person asks on the result screen: a new file in the
/// folder they choose, first offered `--save-dir` if given, else the current folder.
fn keeper<'q>(
    questionnaire: &'q Questionnaire,
    local_offset: Option<UtcOffset>,
    save_dir: Option<&Path>,
) -> Keeper<'q> {
    let folder = match save_dir {
        Some(dir) => dir.to_path_buf(),
        None => std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
    };
    Keeper::new(
        questionnaire,
        folder,
        local_offset.unwrap_or(UtcOffset::UTC),
    )
}

/// The full-screen interface's settings from the command line and the environment.
pub fn tui_config(theme: ThemeArg) -> tui::Config {
    tui::Config {
        theme: theme_for(theme, std::env::var_os("NO_COLOR").as_deref()),
        ..tui::Config::default()
    }
}

/// The colours of `theme`, none when `NO_COLOR` is set and not empty (https://no-color.org).
fn theme_for(theme: ThemeArg, no_color: Option<&std::ffi::OsStr>) -> Theme {
    let name = match theme {
        ThemeArg::Default => ThemeName::Standard,
        ThemeArg::HighContrast => ThemeName::HighContrast,
    };
    Theme::new(name, no_color.is_none_or(|v| v.is_empty()))
}

/// Saves the finished session's summary to every destination asked for, each tried even
/// when another fails, and never loses it. When one fails (the folder went away, the file
/// appeared during the questions), another name is asked for on a terminal, until one works
/// or the person types nothing; otherwise, or then, the summary is printed to stdout to copy.
///
/// The exit status is 0 when the summary is saved where asked, or where the person then
/// chose; 1 when it could only be printed.
fn save_summary(
    questionnaire: &Questionnaire,
    assessment: &Assessment<'_>,
    finished: OffsetDateTime,
    destinations: &[Destination<'_>],
    out: &mut EndOutput,
) -> anyhow::Result<ExitCode> {
    let said = &words::of(questionnaire).session_end;
    let saved = |path: &Path| fill(&said.saved, &[("path", &super::questions::shown(path))]);
    let mut failed = false;
    for destination in destinations {
        match save::write_summary(questionnaire, assessment, finished, *destination) {
            Ok(path) => out.line(&saved(&path)),
            Err(err) => {
                failed = true;
                say(format!("{err:#}"));
            }
        }
    }
    if !failed {
        return Ok(ExitCode::SUCCESS);
    }
    let stdin = io::stdin();
    if stdin.is_terminal() {
        let mut input = stdin.lock();
        if let Some(path) =
            ask_where_to_save(&mut input, &mut io::stderr(), &said.ask_path, |path| {
                save::write_summary(questionnaire, assessment, finished, Destination::File(path))
            })
        {
            out.line(&saved(&path));
            return Ok(ExitCode::SUCCESS);
        }
    }
    say(&said.printed_instead);
    out.text(&report::summary(questionnaire, assessment, finished));
    if let Some(err) = &out.failed {
        bail!("{}", fill(&said.lost, &[("error", &err.to_string())]));
    }
    Ok(ExitCode::FAILURE)
}

/// Asks on `prompt_to` for another file to save the summary to, reading the answer from
/// `input`, until `save` works (its path is returned) or the person types nothing (or input
/// ends).
fn ask_where_to_save(
    input: &mut impl BufRead,
    prompt_to: &mut impl Write,
    question: &str,
    mut save: impl FnMut(&Path) -> anyhow::Result<PathBuf>,
) -> Option<PathBuf> {
    loop {
        let _ = write!(prompt_to, "{question} ");
        let _ = prompt_to.flush();
        let mut line = Vec::new();
        match read_line(input, &mut line, LINE_LIMIT) {
            Ok(Line::Read) => {}
            Ok(Line::TooLong) => {
                let _ = writeln!(
                    prompt_to,
                    "painpath: that folder is too long (over {LINE_LIMIT} bytes)"
                );
                continue;
            }
            Ok(Line::Ended | Line::Endless) | Err(_) => {
                let _ = writeln!(prompt_to);
                return None;
            }
        }
        let line = String::from_utf8_lossy(&line);
        let answer = line.trim();
        if answer.is_empty() {
            return None;
        }
        match save(Path::new(answer)) {
            Ok(path) => return Some(path),
            Err(err) => {
                let said = visible(&format!("{err:#}"), Notation::Message).into_owned();
                let _ = writeln!(prompt_to, "painpath: {said}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_name_is_asked_for_until_one_saves() {
        let mut input = &b"/nowhere/a.md\n  b.md \n"[..];
        let mut said = Vec::new();
        let saved = ask_where_to_save(&mut input, &mut said, "Save where?", |path| {
            if path.starts_with("/nowhere") {
                bail!("no such folder");
            }
            Ok(path.to_path_buf())
        });
        assert_eq!(saved, Some(PathBuf::from("b.md")));
        let said = String::from_utf8(said).unwrap();
        assert_eq!(said, "Save where? painpath: no such folder\nSave where? ");
    }

    #[test]
    fn nothing_typed_or_input_ended_gives_up() {
        for typed in [&b"\n"[..], b""] {
            let mut input = typed;
            let saved = ask_where_to_save(&mut input, &mut Vec::new(), "?", |_| {
                panic!("nothing to save to")
            });
            assert_eq!(saved, None);
        }
    }

    #[test]
    fn no_color_set_and_not_empty_turns_colour_off_in_either_theme() {
        use std::ffi::OsStr;
        for (arg, name) in [
            (ThemeArg::Default, ThemeName::Standard),
            (ThemeArg::HighContrast, ThemeName::HighContrast),
        ] {
            assert_eq!(theme_for(arg, None), Theme::new(name, true));
            assert_eq!(theme_for(arg, Some(OsStr::new(""))), Theme::new(name, true));
            assert_eq!(
                theme_for(arg, Some(OsStr::new("1"))),
                Theme::new(name, false)
            );
        }
        assert_ne!(
            Theme::new(ThemeName::Standard, true),
            Theme::new(ThemeName::Standard, false)
        );
    }
}
