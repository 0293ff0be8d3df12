//! The painpath binary: parses arguments, calls the library, prints errors, sets the exit code.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand, ValueEnum};
use painpath::diagnostic::LoadError;
use painpath::questionnaire::Questionnaire;
use painpath::replay::GivenAnswer;
use painpath::report::{self, Destination};
use painpath::session::Session;
use painpath::tui::{self, Interrupted, Theme, ThemeName};
use painpath::{fhir, views};
use time::{OffsetDateTime, UtcOffset};

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

    /// At the end, save a summary (Markdown) to this new file; an existing file is never
    /// replaced. Nothing is written unless you ask.
    #[arg(long, value_name = "PATH")]
    report: Option<PathBuf>,

    /// At the end, save a summary as painpath-YYYYMMDD-HHMMSS.md in this folder.
    #[arg(long, value_name = "DIR")]
    save_dir: Option<PathBuf>,

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
    /// Print FHIR R4 JSON: the questionnaire, or a sample response.
    Export {
        #[command(subcommand)]
        what: Export,
    },
    /// Draw the decision tree as a Mermaid or Graphviz DOT graph.
    Graph {
        /// The questions file (default: the built-in questions).
        path: Option<PathBuf>,
        /// The graph language.
        #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
        format: GraphFormat,
    },
    /// List every route from the start to a result.
    Paths {
        /// The questions file (default: the built-in questions).
        path: Option<PathBuf>,
        /// Write CSV instead of text.
        #[arg(long)]
        csv: bool,
        /// List at most this many routes (their number can grow exponentially).
        #[arg(long, value_name = "N", default_value_t = views::DEFAULT_PATH_LIMIT)]
        limit: usize,
    },
}

#[derive(Debug, Subcommand)]
enum Export {
    /// The questionnaire as a FHIR R4 Questionnaire.
    Questionnaire {
        /// The questions file (default: the built-in questions).
        path: Option<PathBuf>,
    },
    /// A sample FHIR R4 QuestionnaireResponse for a route given by ids, for testing an
    /// integration (authored now, in UTC).
    Response {
        /// One answer as QUESTION=ANSWER: option ids separated by commas, or a score.
        /// Repeat for each question on the route, e.g. --answer flags=none --answer where=hip
        #[arg(long = "answer", value_name = "QUESTION=ANSWER", required = true)]
        answers: Vec<GivenAnswer>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum GraphFormat {
    Mermaid,
    Dot,
}

fn main() -> ExitCode {
    // Read while the process has one thread: the C library's local time is only safe then.
    let local_offset = UtcOffset::current_local_offset().unwrap_or(UtcOffset::UTC);
    let cli = Cli::parse();
    match run(cli, local_offset) {
        Ok(code) => code,
        Err(err) => {
            // Not eprintln!: after a hangup stderr may be gone, and that must not panic.
            let mut stderr = std::io::stderr();
            let _ = match err.downcast_ref::<LoadError>() {
                // Already one line per problem with file:line:column; print it as it is.
                Some(load) => writeln!(
                    stderr,
                    "{load}\n\npainpath: {} problem(s) found",
                    load.problems.len()
                ),
                None => writeln!(stderr, "painpath: {err:#}"),
            };
            match err.downcast_ref::<Interrupted>() {
                Some(interrupted) => ExitCode::from(interrupted.exit_code()),
                None => ExitCode::FAILURE,
            }
        }
    }
}

fn run(cli: Cli, local_offset: UtcOffset) -> anyhow::Result<ExitCode> {
    if cli.command.is_some() && (cli.report.is_some() || cli.save_dir.is_some()) {
        bail!("--report and --save-dir go with the questions themselves, not with a subcommand");
    }
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
        Some(Command::Export { what }) => {
            let json = match what {
                Export::Questionnaire { path } => {
                    let questionnaire = load(path.or(cli.questions).as_ref())?;
                    serde_json::to_string_pretty(&fhir::questionnaire_resource(&questionnaire))?
                }
                Export::Response { answers } => {
                    let questionnaire = load(cli.questions.as_ref())?;
                    let session = painpath::replay::replay(&questionnaire, &answers)?;
                    let Some(assessment) = session.assessment() else {
                        bail!("the answers did not reach a result");
                    };
                    let authored = OffsetDateTime::now_utc();
                    serde_json::to_string_pretty(&fhir::questionnaire_response(
                        &questionnaire,
                        &assessment,
                        authored,
                    ))?
                }
            };
            print(&json)
        }
        Some(Command::Graph { path, format }) => {
            let questionnaire = load(path.or(cli.questions).as_ref())?;
            let format = match format {
                GraphFormat::Mermaid => views::Format::Mermaid,
                GraphFormat::Dot => views::Format::Dot,
            };
            print(views::graph(&questionnaire, format).trim_end())
        }
        Some(Command::Paths { path, csv, limit }) => {
            let questionnaire = load(path.or(cli.questions).as_ref())?;
            let paths = views::paths(&questionnaire, limit);
            if let Some(notice) = paths.capped_notice() {
                eprintln!("painpath: {notice}");
            }
            if csv {
                write_stdout(views::paths_csv(&paths).as_bytes())
            } else {
                print(views::paths_text(&paths).trim_end())
            }
        }
        None => {
            let questionnaire = load(cli.questions.as_ref())?;
            let destinations = [
                cli.report.as_deref().map(Destination::File),
                cli.save_dir.as_deref().map(Destination::Folder),
            ];
            for destination in destinations.iter().flatten() {
                report::check_destination(*destination)
                    .context("the summary could not be saved there")?;
            }
            let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
            let session = if cli.plain || !terminal {
                let stdin = std::io::stdin();
                Some(painpath::plain::run(
                    &questionnaire,
                    stdin.lock(),
                    std::io::stdout().lock(),
                )?)
            } else {
                let finished = tui::run(&questionnaire, tui_config(cli.theme))?;
                // The terminal is restored here; say where the person got to.
                if let Some(assessment) = finished.as_ref().and_then(Session::assessment) {
                    println!(
                        "Your result: {} ({})",
                        assessment.outcome.title,
                        assessment.urgency.label()
                    );
                    println!("{}", questionnaire.meta.disclaimer);
                }
                finished
            };
            // Files are written only now, after the questions, and only if asked for.
            if let Some(assessment) = session.as_ref().and_then(Session::assessment) {
                let finished = OffsetDateTime::now_utc().to_offset(local_offset);
                for destination in destinations.into_iter().flatten() {
                    let path =
                        report::write_summary(&questionnaire, &assessment, finished, destination)?;
                    println!("Summary saved to {}", path.display());
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Prints `text` and a newline to stdout. A reader that stops early (`| head`) is not an
/// error; any other failure is.
fn print(text: &str) -> anyhow::Result<ExitCode> {
    write_stdout(format!("{text}\n").as_bytes())
}

fn write_stdout(bytes: &[u8]) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(err) => Err(err).context("writing to standard output"),
    }
}

/// The full-screen interface's settings from the command line and the environment.
fn tui_config(theme: ThemeArg) -> tui::Config {
    let name = match theme {
        ThemeArg::Default => ThemeName::Standard,
        ThemeArg::HighContrast => ThemeName::HighContrast,
    };
    // https://no-color.org: set and not empty means no colour.
    let color = std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    tui::Config {
        theme: Theme::new(name, color),
        ..tui::Config::default()
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
