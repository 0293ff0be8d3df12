//! The command line: each option and command defined once (`flags`), the parser and the help
//! made from those definitions (`parse`, `help`), and the commands, each a module of its own.
//! `main.rs` parses with [`parse::parse`], runs with [`run`], prints the error and sets the
//! exit code.
//!
//! The top layer: it may use everything below it; nothing imports it.

/// What the command line asked for.
pub mod args;
/// `painpath` with no command: the questions, then the summary saved where asked.
pub mod ask;
/// `painpath test`: the case suite's report.
pub mod cases;
/// `painpath check` and `check --watch`.
pub mod check;
/// Every option and command: names, help, where each acts, how it sets [`args::Args`].
pub mod flags;
/// The help of each command, made from [`flags`].
pub mod help;
/// `--kiosk` start-up and `kiosk-pin`.
pub mod kiosk;
/// Standard output: every write, EPIPE, a closed stdout.
pub mod output;
/// The command line read into [`args::Args`], from [`flags`].
pub mod parse;
/// The questions a run reads, and the language it asks in.
pub mod questions;

use std::io;
use std::process::ExitCode;

use anyhow::bail;
use time::{OffsetDateTime, UtcOffset};

use self::args::{Args, GraphFormat};
use self::flags::Place;
use self::output::{print, write_out, write_stdout};
use self::parse::Stop;
use self::questions::{choose_language, language_from_environment, load, load_languages};
use crate::content::model::Questionnaire;
use crate::output::{fhir, views};

/// Keeps a file size limit (`ulimit -f`, RLIMIT_FSIZE) from killing painpath. By default a
/// write past the limit sends SIGXFSZ, which ends the process at once (status 153): no
/// message, the summary neither saved nor printed, a temporary file left. With the signal
/// caught, that write fails with EFBIG instead, and every file is written through
/// `handoff::new_file`, which treats it as a full disk: the temporary file removed, an error
/// saying nothing was saved. Caught rather than ignored, so a program painpath starts gets
/// the default back. Once per process, for every command.
fn catch_file_size_signal() {
    static CAUGHT: std::sync::Once = std::sync::Once::new();
    CAUGHT.call_once(|| {
        let seen = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        // Cannot fail for SIGXFSZ; if it did, the limit would still kill as before.
        let _ = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, seen);
    });
}

/// Ends a run whose arguments were not accepted (status 2, the message on stderr), or that
/// asked for help: that goes to standard output, checked like every other write there.
pub fn stopped(stop: &Stop) -> ExitCode {
    let help = match stop {
        Stop::Invalid(message) => {
            output::to_stderr(message.trim_end_matches('\n'));
            return ExitCode::from(2);
        }
        Stop::Help(help) => help,
    };
    match write_out(help.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(io) if io.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(io) => {
            output::say(format!("writing to standard output: {io}"));
            ExitCode::FAILURE
        }
    }
}

/// Does what `args` ask. `local_offset` is `None` when the local time zone could not be read;
/// times are then UTC.
pub fn run(args: &Args, local_offset: Option<UtcOffset>) -> anyhow::Result<ExitCode> {
    catch_file_size_signal();
    if args.version {
        return version();
    }
    match args.place {
        Place::Ask => ask::run(args, local_offset),
        Place::Kiosk => kiosk::run(args),
        Place::KioskPin => kiosk::make_pin(),
        Place::WriteHandoff => kiosk::write_handoff(),
        Place::Check => check::run(args, local_offset),
        Place::Test => cases::run(args),
        Place::ExportQuestionnaire => {
            // In the questions' own language (or --lang's, never the environment's: an export
            // is the same wherever it is made), each text with its translations.
            let path = args.path.as_ref().or(args.questions.as_ref());
            let languages = load_languages(path)?;
            let first = match args.lang.as_deref() {
                Some(lang) => choose_language(&languages, Some(lang), None)?,
                None => &languages.base,
            };
            let others: Vec<&Questionnaire> = std::iter::once(&languages.base)
                .chain(languages.translations.iter().map(|(q, _)| q))
                .filter(|q| !std::ptr::eq(*q, first))
                .collect();
            print(&serde_json::to_string_pretty(
                &fhir::questionnaire_resource_with(first, &others, args.option_lists),
            )?)
        }
        Place::ExportResponse => {
            let languages = load_languages(args.questions.as_ref())?;
            let environment = language_from_environment();
            let questionnaire =
                choose_language(&languages, args.lang.as_deref(), environment.as_deref())?;
            let session = crate::engine::replay::replay(questionnaire, &args.answers)?;
            let Some(assessment) = session.assessment() else {
                bail!("the answers did not reach a result");
            };
            print(&serde_json::to_string_pretty(
                &fhir::questionnaire_response(
                    questionnaire,
                    &assessment,
                    OffsetDateTime::now_utc(),
                ),
            )?)
        }
        Place::Graph => {
            let questionnaire = load(args.path.as_ref().or(args.questions.as_ref()))?;
            let format = match args.format {
                GraphFormat::Mermaid => views::Format::Mermaid,
                GraphFormat::Dot => views::Format::Dot,
            };
            print(views::graph(&questionnaire, format).trim_end())
        }
        Place::Paths => {
            let questionnaire = load(args.path.as_ref().or(args.questions.as_ref()))?;
            let paths = views::paths(&questionnaire, args.limit);
            if let Some(notice) = paths.capped_notice() {
                output::say(notice);
            }
            if args.csv {
                write_stdout(views::paths_csv(&paths).as_bytes())
            } else {
                print(views::paths_text(&paths).trim_end())
            }
        }
        Place::Inbox => {
            let Some(dir) = &args.path else {
                bail!("the inbox needs its folder");
            };
            let config = crate::ui::inbox::Config {
                theme: ask::tui_config(args.theme).theme,
                local_offset,
                poll: args.poll,
            };
            crate::ui::inbox::run(dir, config)?;
            Ok(ExitCode::SUCCESS)
        }
        // The parser answers these itself (a subcommand is needed; help is printed).
        Place::Export | Place::Help => bail!("nothing to run"),
    }
}

/// `painpath --version`: painpath's and the built-in questionnaire's.
fn version() -> anyhow::Result<ExitCode> {
    // The interface's words are compiled in, checked by build.rs (a catalogue that lost a key
    // or a placeholder fails the build) and packed: nothing to parse or check here.
    let built_in = crate::default_languages()?;
    let languages: Vec<String> = built_in
        .list()
        .into_iter()
        .map(|(tag, name)| format!("{tag} ({name})"))
        .collect();
    print(&format!(
        "painpath {}\nbuilt-in questionnaire: {} version {}, in {}",
        env!("CARGO_PKG_VERSION"),
        built_in.base.meta.id,
        built_in.base.meta.version,
        languages.join(", ")
    ))
}
