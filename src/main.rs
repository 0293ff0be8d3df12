//! The painpath binary: parses arguments, calls the library, prints errors, sets the exit code.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use painpath::questionnaire::Questionnaire;
use painpath::tui::{self, Interrupted, Theme, ThemeName};

/// A self-assessment for back, hip and knee pain. It explains; it never diagnoses.
#[derive(Debug, Parser)]
#[command(name = "painpath", version, about)]
struct Cli {
    /// Use this questions file instead of the built-in one.
    #[arg(long, global = true, value_name = "PATH")]
    questions: Option<PathBuf>,

    /// Ask the questions as plain text lines instead of the full-screen interface.
    #[arg(long)]
    plain: bool,

    /// Colours of the full-screen interface. `NO_COLOR` turns colour off in either theme.
    #[arg(long, value_enum, default_value_t = ThemeArg::Default)]
    theme: ThemeArg,

    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ThemeArg {
    Default,
    HighContrast,
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
            // Not eprintln!: after a hangup stderr may be gone, and that must not panic.
            let _ = writeln!(std::io::stderr(), "painpath: {err:#}");
            match err.downcast_ref::<Interrupted>() {
                Some(interrupted) => ExitCode::from(interrupted.exit_code()),
                None => ExitCode::FAILURE,
            }
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
            let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
            if cli.plain || !terminal {
                // Plain mode (src/plain.rs, another branch) goes here:
                // painpath::plain::run(&questionnaire, stdin.lock(), stdout.lock())
                anyhow::bail!("plain mode not built yet; run painpath in a terminal");
            }
            let name = match cli.theme {
                ThemeArg::Default => ThemeName::Standard,
                ThemeArg::HighContrast => ThemeName::HighContrast,
            };
            // https://no-color.org: set and not empty means no colour.
            let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let config = tui::Config {
                theme: Theme::new(name, color),
                ..tui::Config::default()
            };
            let finished = tui::run(&questionnaire, config)?;
            // The terminal is restored here: files (exports) are written from `finished`.
            if let Some(assessment) = finished.as_ref().and_then(|s| s.assessment()) {
                println!(
                    "Your result: {} ({})",
                    assessment.outcome.title,
                    assessment.urgency.label()
                );
                println!("{}", questionnaire.meta.disclaimer);
            }
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
