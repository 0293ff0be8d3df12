//! The painpath binary: parses arguments, calls the library, prints errors, sets the exit code.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand, ValueEnum};
use painpath::content::diagnostic::LoadError;
use painpath::content::model::Questionnaire;
use painpath::engine::replay::GivenAnswer;
use painpath::engine::session::Session;
use painpath::handoff::save::{self, Destination};
use painpath::output::{fhir, views};
use painpath::ui::kiosk::config::{KioskSettings, kiosk_settings};
use painpath::ui::kiosk::pin::{PinHash, check_new_pin};
use painpath::ui::kiosk::{self, KioskConfig};
use painpath::ui::tui::{self, Interrupted, Theme, ThemeName};
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

    /// Kiosk mode: run unattended on a reception screen, one patient after another, until
    /// staff press the exit key (F10) and the PIN. Needs a config with a pin_hash.
    #[arg(long)]
    kiosk: bool,

    /// The config file with the [kiosk] table (timeouts, exit key, pin_hash, spool).
    #[arg(long, value_name = "PATH")]
    config: Option<PathBuf>,

    /// Kiosk mode: the folder where "Send my answers to reception" leaves a finished session
    /// (overrides `spool` in the config). It must exist.
    #[arg(long, value_name = "DIR")]
    spool: Option<PathBuf>,

    /// Colours of the full-screen interface. `NO_COLOR` turns colour off in either theme.
    #[arg(long, value_enum, default_value_t = ThemeArg::Default)]
    theme: ThemeArg,

    #[command(subcommand)]
    command: Option<Command>,
}

impl Cli {
    /// Whether this run shows or writes a local time: a summary saved at the end (its time
    /// and file name), or the inbox (the times of the hand-offs). Nothing else reads it.
    fn uses_local_time(&self) -> bool {
        self.report.is_some()
            || self.save_dir.is_some()
            || matches!(self.command, Some(Command::Inbox { .. }))
    }
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
    /// Make the staff PIN for kiosk mode: reads it twice without echo and prints the
    /// `pin_hash = "..."` line to paste into the [kiosk] table of the config.
    KioskPin,
    /// Reception: list the assessments a kiosk left in a spool folder, newest first with
    /// emergencies on top; open one to read its summary, mark it done to move it to
    /// DIR/done/.
    ///
    /// The folder is read every half second, so new hand-offs appear by themselves; it may be
    /// a folder shared with the kiosk (a mounted network folder). When it starts, the inbox
    /// removes half-written temporary files (.NAME.PID.N.tmp) older than an hour, left by a
    /// writer that was stopped mid-write. Keys: arrows move, Enter opens, d marks done (asks
    /// first), Esc goes back, r reads the folder now, ? shows help, q quits.
    Inbox {
        /// The spool folder the kiosk writes to.
        dir: PathBuf,
    },
    /// Run the clinical case suite: each case's answers through the questionnaire, checking
    /// the result, its disposition and "also consider". Exits 1 if any case fails.
    Test {
        /// The cases file (default: the built-in cases with the built-in questions, or
        /// cases.toml beside the file given with --questions).
        cases: Option<PathBuf>,
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
    let cli = Cli::parse();
    // Read while the process has one thread: the C library's local time is only safe then.
    // Only where a local time is used (a saved summary, the inbox): reading it opens and
    // parses /etc/localtime, work that would otherwise delay every first frame.
    let local_offset = if cli.uses_local_time() {
        UtcOffset::current_local_offset().ok()
    } else {
        None
    };
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

/// `local_offset` is `None` when the local time zone could not be read; times are then UTC.
fn run(cli: Cli, local_offset: Option<UtcOffset>) -> anyhow::Result<ExitCode> {
    if cli.command.is_some() && (cli.report.is_some() || cli.save_dir.is_some()) {
        bail!("--report and --save-dir go with the questions themselves, not with a subcommand");
    }
    if cli.kiosk {
        if cli.command.is_some() || cli.plain || cli.report.is_some() || cli.save_dir.is_some() {
            bail!(
                "--kiosk runs on its own: without a subcommand, --plain, --report or --save-dir \
                 (use --spool to hand finished sessions to reception)"
            );
        }
        return kiosk(&cli);
    }
    if cli.spool.is_some() {
        bail!("--spool goes with --kiosk");
    }
    match cli.command {
        Some(Command::KioskPin) => kiosk_pin(),
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
        Some(Command::Test { cases }) => run_cases(cli.questions.as_ref(), cases.as_ref()),
        Some(Command::Export { what }) => {
            let json = match what {
                Export::Questionnaire { path } => {
                    let questionnaire = load(path.or(cli.questions).as_ref())?;
                    serde_json::to_string_pretty(&fhir::questionnaire_resource(&questionnaire))?
                }
                Export::Response { answers } => {
                    let questionnaire = load(cli.questions.as_ref())?;
                    let session = painpath::engine::replay::replay(&questionnaire, &answers)?;
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
        Some(Command::Inbox { dir }) => {
            let config = painpath::ui::inbox::Config {
                theme: tui_config(cli.theme).theme,
                local_offset,
            };
            painpath::ui::inbox::run(&dir, config)?;
            Ok(ExitCode::SUCCESS)
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
                save::check_destination(*destination)
                    .context("the summary could not be saved there")?;
            }
            let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
            let session = if cli.plain || !terminal {
                let stdin = std::io::stdin();
                Some(painpath::ui::plain::run(
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
                        assessment.outcome.title, assessment.disposition.heading
                    );
                    println!("{}", questionnaire.meta.disclaimer);
                }
                finished
            };
            // Files are written only now, after the questions, and only if asked for.
            if let Some(assessment) = session.as_ref().and_then(Session::assessment) {
                let finished =
                    OffsetDateTime::now_utc().to_offset(local_offset.unwrap_or(UtcOffset::UTC));
                for destination in destinations.into_iter().flatten() {
                    let path =
                        save::write_summary(&questionnaire, &assessment, finished, destination)?;
                    println!("Summary saved to {}", path.display());
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Kiosk mode: checks everything it needs before taking over the terminal, then runs.
fn kiosk(cli: &Cli) -> anyhow::Result<ExitCode> {
    let questionnaire = load(cli.questions.as_ref())?;
    let settings = match &cli.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading the config {}", path.display()))?;
            kiosk_settings(&path.display().to_string(), &text)?
        }
        None => KioskSettings::default(),
    };
    let Some(pin) = settings.pin_hash.clone() else {
        let place = match &cli.config {
            Some(path) => format!("{} has no pin_hash in its [kiosk] table", path.display()),
            None => "no config file was given (--config PATH)".to_string(),
        };
        bail!(
            "kiosk mode needs a staff PIN to exit, and {place}. Run `painpath kiosk-pin`, \
             paste the line it prints into the [kiosk] table of the config file (for example \
             /etc/painpath/config.toml), and start with --kiosk --config PATH"
        );
    };
    let spool = cli.spool.clone().or_else(|| settings.spool.clone());
    if let Some(dir) = &spool {
        check_spool(dir)?;
    }
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        bail!("kiosk mode needs a terminal on stdin and stdout");
    }
    let config = KioskConfig {
        settings,
        pin,
        handoff: spool.is_some(),
        tui: tui_config(cli.theme),
    };
    let end = kiosk::run_kiosk(&questionnaire, config, spool.as_deref())?;
    let _ = match end {
        kiosk::KioskEnd::Signal(interrupted) => {
            writeln!(std::io::stderr(), "painpath: kiosk {interrupted}")
        }
        kiosk::KioskEnd::Staff => writeln!(std::io::stderr(), "painpath: kiosk closed by staff"),
    };
    Ok(ExitCode::from(end.exit_code()))
}

/// The spool folder must be there before the first patient, not discovered missing by one.
fn check_spool(dir: &Path) -> anyhow::Result<()> {
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => bail!(
            "the reception folder {} is not a folder; give --spool (or spool in the config) a \
             folder",
            dir.display()
        ),
        Err(err) => bail!(
            "the reception folder {} cannot be used ({err}); create it (mkdir -p {}) and let \
             the kiosk user write there, or leave out --spool and the spool key",
            dir.display(),
            dir.display()
        ),
    }
}

/// `painpath kiosk-pin`: reads a new PIN twice (without echo on a terminal, as lines
/// otherwise) and prints the config line holding only its hash.
fn kiosk_pin() -> anyhow::Result<ExitCode> {
    let stdin = std::io::stdin();
    let terminal = stdin.is_terminal();
    let mut lines = stdin.lock();
    let first = read_pin(&mut lines, terminal, "New staff PIN (4 to 12 digits): ")?;
    check_new_pin(&first).map_err(|why| anyhow::anyhow!("{why}; nothing was printed"))?;
    let second = read_pin(&mut lines, terminal, "The same PIN again: ")?;
    if first != second {
        bail!("the two PINs differ; nothing was printed");
    }
    let hash = PinHash::generate(&first)?;
    println!("pin_hash = \"{hash}\"");
    let _ = writeln!(
        std::io::stderr(),
        "Paste that line into the [kiosk] table of the config file (/etc/painpath/config.toml)."
    );
    Ok(ExitCode::SUCCESS)
}

/// Reads one PIN: on a terminal in raw mode, so nothing is echoed (Ctrl+C or Ctrl+D gives
/// up); otherwise one line.
fn read_pin(input: &mut impl BufRead, terminal: bool, prompt: &str) -> anyhow::Result<String> {
    let mut stderr = std::io::stderr();
    let _ = write!(stderr, "{prompt}");
    let _ = stderr.flush();
    if !terminal {
        let mut line = String::new();
        if input.read_line(&mut line).context("reading the PIN")? == 0 {
            bail!("no PIN given (input ended)");
        }
        return Ok(line.trim().to_string());
    }
    use ratatui::crossterm::terminal::{disable_raw_mode, enable_raw_mode};
    enable_raw_mode().context("turning off echo")?;
    let mut pin = String::new();
    let mut byte = [0u8; 1];
    let outcome = loop {
        match input.read(&mut byte) {
            Ok(0) => break Err(anyhow::anyhow!("no PIN given (input ended)")),
            Err(err) => break Err(anyhow::Error::from(err).context("reading the PIN")),
            Ok(_) => match byte[0] {
                b'\r' | b'\n' => break Ok(()),
                3 | 4 => break Err(anyhow::anyhow!("cancelled; nothing was printed")),
                8 | 127 => {
                    pin.pop();
                }
                b => pin.push(char::from(b)),
            },
        }
    };
    let _ = disable_raw_mode();
    let _ = write!(stderr, "\r\n");
    outcome.map(|()| pin)
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

/// `painpath test`: runs every case, prints each failure and a count, exits 1 on a failure.
fn run_cases(questions: Option<&PathBuf>, cases: Option<&PathBuf>) -> anyhow::Result<ExitCode> {
    let questionnaire = load(questions)?;
    let (file, text) = match (cases, questions) {
        (Some(path), _) => (path.display().to_string(), read_text(path)?),
        (None, None) => (
            painpath::DEFAULT_CASES_NAME.to_string(),
            painpath::DEFAULT_CASES.to_string(),
        ),
        (None, Some(questions)) => {
            let beside = questions.with_file_name("cases.toml");
            if !beside.is_file() {
                bail!(
                    "no cases file named: give one (`painpath test CASES --questions {}`), or put \
                     cases.toml beside the questions file",
                    questions.display()
                );
            }
            (beside.display().to_string(), read_text(&beside)?)
        }
    };
    let cases = painpath::content::cases::load_cases(&file, &text)?;
    let mut out = String::new();
    let mut failed = 0;
    for case in &cases {
        let run = painpath::engine::cases::run_case(&questionnaire, case);
        if !run.passed() {
            failed += 1;
            out.push_str(&painpath::engine::cases::describe_failure(
                &file, case, &run,
            ));
            out.push('\n');
        }
    }
    let passed = cases.len() - failed;
    if failed == 0 {
        out.push_str(&format!("{passed} cases passed\n"));
    } else {
        out.push_str(&format!("{passed} cases passed, {failed} failed\n"));
    }
    write_stdout(out.as_bytes())?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

fn read_text(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

/// Loads the questions from `path`, or the built-in ones. Errors come out whole, one per
/// problem, with file:line:column.
fn load(path: Option<&PathBuf>) -> anyhow::Result<Questionnaire> {
    match path {
        None => Ok(painpath::default_questionnaire()?),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            Ok(painpath::content::validate::load(
                &path.display().to_string(),
                &text,
            )?)
        }
    }
}
