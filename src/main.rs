//! The painpath binary: parses arguments, calls the library, prints errors, sets the exit code.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use painpath::diagnostic::LoadError;
use painpath::questionnaire::Questionnaire;

/// A self-assessment for back, hip and knee pain. It explains; it never diagnoses.
#[derive(Debug, Parser)]
#[command(name = "painpath", version, about)]
struct Cli {
    /// Use this questions file instead of the built-in one.
    #[arg(long, global = true, value_name = "PATH")]
    questions: Option<PathBuf>,

    /// Ask the questions as numbered text prompts (also used when stdin or stdout is not a
    /// terminal).
    #[arg(long)]
    plain: bool,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a questions file and print what it holds, or its errors.
    Check {
        /// The file to check (default: the built-in questions).
        path: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            match err.downcast_ref::<LoadError>() {
                // Already one line per problem with file:line:column; print it as it is.
                Some(load) => eprintln!(
                    "{load}\n\npainpath: {} problem(s) found",
                    load.problems.len()
                ),
                None => eprintln!("painpath: {err:#}"),
            }
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Some(Command::Check { path }) => {
            let questionnaire = load(path.or(cli.questions).as_ref())?;
            println!(
                "ok: {} questions, {} outcomes, {} paths",
                questionnaire.questions.len(),
                questionnaire.outcomes.len(),
                questionnaire.path_count
            );
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let questionnaire = load(cli.questions.as_ref())?;
            let stdin = std::io::stdin();
            painpath::plain::run(&questionnaire, stdin.lock(), std::io::stdout().lock())?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Loads the questions from `path`, or the built-in ones. Errors come out whole, one per
/// problem, with file:line:column.
fn load(path: Option<&PathBuf>) -> anyhow::Result<Questionnaire> {
    match path {
        None => Ok(painpath::default_questionnaire()?),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            Ok(painpath::validate::load(
                &path.display().to_string(),
                &text,
            )?)
        }
    }
}
