//! The painpath binary: parses arguments, calls the library, prints errors, sets the exit code.

use std::fs::OpenOptions;
use std::io::{self, BufRead, IsTerminal, Read, Write};
use std::os::fd::AsFd;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use painpath::content::diagnostic::{self, LoadError};
use painpath::content::model::Questionnaire;
use painpath::content::words::fill;
use painpath::engine::replay::GivenAnswer;
use painpath::engine::session::{Assessment, Session};
use painpath::handoff::save::{self, Destination};
use painpath::output::{fhir, report, views};
use painpath::ui::kiosk::config::{KioskSettings, kiosk_settings};
use painpath::ui::kiosk::pin::{PinHash, check_new_pin};
use painpath::ui::kiosk::{self, KioskConfig};
use painpath::ui::tui::{self, Interrupted, Theme, ThemeName};
use time::{OffsetDateTime, UtcOffset};

mod args;

/// What the command line asked for, read by [`args::parse`]. The doc comments say what each
/// option means; the help users see is in src/args.rs, in the same words.
#[derive(Debug)]
struct Cli {
    /// Print painpath's version and the built-in questionnaire's (id and version).
    version: bool,

    /// Use this questions file instead of the built-in one. Also accepted after a subcommand.
    questions: Option<PathBuf>,

    /// The language of the questions and of everything painpath says: `en`, `es`. Default:
    /// from LC_ALL, LC_MESSAGES or LANG (`es_*` gives Spanish), else the questions' own.
    /// A translation is a file beside the questions (questions.es.toml). Also accepted after
    /// a subcommand.
    lang: Option<String>,

    /// Ask the questions as numbered text prompts (also used when stdin or stdout is not a
    /// terminal).
    plain: bool,

    /// At the end, save a summary (Markdown) to this new file; an existing file is never
    /// replaced. Nothing is written unless you ask.
    report: Option<PathBuf>,

    /// At the end, save a summary as painpath-YYYYMMDD-HHMMSS.md in this folder.
    save_dir: Option<PathBuf>,

    /// Kiosk mode: run unattended on a reception screen, one patient after another, until
    /// staff press the exit key (F10) and the PIN. Needs a config with a pin_hash.
    kiosk: bool,

    /// The config file with the [kiosk] table (timeouts, exit key, pin_hash, spool).
    config: Option<PathBuf>,

    /// Kiosk mode: the folder where "Send my answers to reception" leaves a finished session
    /// (overrides `spool` in the config). It must exist.
    spool: Option<PathBuf>,

    /// Colours of the full-screen interface. `NO_COLOR` turns colour off in either theme.
    /// Default: `default`.
    theme: ThemeArg,

    command: Option<Command>,
}

impl Cli {
    /// Whether this run shows or writes a local time: a summary saved at the end (its time
    /// and file name), or the inbox (the times of the hand-offs). Nothing else reads it.
    fn uses_local_time(&self) -> bool {
        self.report.is_some()
            || self.save_dir.is_some()
            || matches!(
                self.command,
                Some(Command::Inbox { .. } | Command::Check { watch: true, .. })
            )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ThemeArg {
    Default,
    HighContrast,
}

#[derive(Debug)]
enum Command {
    /// Check a questions file and print what it holds, or its errors.
    Check {
        /// The file to check (default: the built-in questions).
        path: Option<PathBuf>,
        /// Make warnings (unrouted options, results only defaults reach, outcomes without a
        /// case, texts too long for the screen) errors: exit 1 when there is one.
        strict: bool,
        /// Also warn about each outcome no case in this cases file expects (default: the
        /// built-in cases, for the built-in questions).
        cases: Option<PathBuf>,
        /// Stay open and check the file again each time it is saved, until Ctrl+C. Needs
        /// `path`.
        watch: bool,
    },
    /// Print FHIR R4 JSON: the questionnaire, or a sample response.
    Export { what: Export },
    /// Draw the decision tree as a Mermaid or Graphviz DOT graph.
    Graph {
        /// The questions file (default: the built-in questions).
        path: Option<PathBuf>,
        /// The graph language.
        /// Default: Mermaid.
        format: GraphFormat,
    },
    /// Make the staff PIN for kiosk mode: reads it twice without echo and prints the
    /// `pin_hash = "..."` line to paste into the [kiosk] table of the config.
    KioskPin,
    /// Reception: list the assessments a kiosk left in a spool folder, newest first with
    /// emergencies on top; open one to read its summary, mark it done to move it to
    /// DIR/done/.
    ///
    /// The folder is watched for changes, so new hand-offs appear by themselves; it may be a
    /// folder shared with the kiosk (a mounted network folder: on NFS, SMB/CIFS or FUSE, or
    /// with --poll, it is read every half second instead). When it starts, the inbox removes
    /// half-written temporary files (.NAME.PID.N.tmp) older than an hour, left by a writer
    /// that was stopped mid-write. Keys: arrows move, Enter opens, d marks done (asks first),
    /// Esc goes back, r reads the folder now, ? shows help, q quits.
    Inbox {
        /// The spool folder the kiosk writes to.
        dir: PathBuf,
        /// Read the folder every half second instead of watching it for changes: for a
        /// network folder painpath does not recognise as one (changes made on another
        /// computer send no notification).
        poll: bool,
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
        csv: bool,
        /// List at most this many routes (their number can grow exponentially). Default:
        /// [`views::DEFAULT_PATH_LIMIT`].
        limit: usize,
    },
}

#[derive(Debug)]
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
        /// (At least one.)
        answers: Vec<GivenAnswer>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum GraphFormat {
    Mermaid,
    Dot,
}

fn main() -> ExitCode {
    let cli = match args::parse(std::env::args_os().skip(1)) {
        Ok(cli) => cli,
        Err(stop) => return argument_error(&stop),
    };
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

/// Ends a run whose arguments were not accepted (status 2, the message on stderr), or that
/// asked for help: that goes to standard output, checked like every other write there.
fn argument_error(stop: &args::Stop) -> ExitCode {
    let help = match stop {
        args::Stop::Invalid(message) => {
            let _ = io::stderr().write_all(message.as_bytes());
            return ExitCode::from(2);
        }
        args::Stop::Help(help) => help,
    };
    match write_out(help.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(io) if io.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(io) => {
            let _ = writeln!(io::stderr(), "painpath: writing to standard output: {io}");
            ExitCode::FAILURE
        }
    }
}

/// `local_offset` is `None` when the local time zone could not be read; times are then UTC.
fn run(cli: Cli, local_offset: Option<UtcOffset>) -> anyhow::Result<ExitCode> {
    // The interface's words are compiled in, checked by build.rs (a catalogue that lost a key
    // or a placeholder fails the build) and packed: nothing to parse or check here.
    if cli.version {
        let built_in = painpath::default_languages()?;
        let languages: Vec<String> = built_in
            .list()
            .into_iter()
            .map(|(tag, name)| format!("{tag} ({name})"))
            .collect();
        return print(&format!(
            "painpath {}\nbuilt-in questionnaire: {} version {}, in {}",
            env!("CARGO_PKG_VERSION"),
            built_in.base.meta.id,
            built_in.base.meta.version,
            languages.join(", ")
        ));
    }
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
        Some(Command::Check {
            path,
            strict,
            cases,
            watch,
        }) => {
            let path = path.or(cli.questions);
            if watch && let Some(path) = &path {
                return watch_check(path, cases.as_ref(), local_offset);
            }
            let checked = check(path.as_ref(), cases.as_ref())?;
            for warning in &checked.warnings {
                let _ = writeln!(io::stderr(), "{warning}");
            }
            if strict && !checked.warnings.is_empty() {
                bail!(
                    "{} warning(s), which --strict makes errors",
                    checked.warnings.len()
                );
            }
            print(&checked.summary)
        }
        Some(Command::Test { cases }) => run_cases(cli.questions.as_ref(), cases.as_ref()),
        Some(Command::Export { what }) => {
            let json = match what {
                Export::Questionnaire { path } => {
                    // In the questions' own language, each text with its translations.
                    let languages = load_languages(path.or(cli.questions).as_ref())?;
                    let translations: Vec<&Questionnaire> =
                        languages.translations.iter().map(|(q, _)| q).collect();
                    serde_json::to_string_pretty(&fhir::questionnaire_resource_with(
                        &languages.base,
                        &translations,
                    ))?
                }
                Export::Response { answers } => {
                    let languages = load_languages(cli.questions.as_ref())?;
                    let questionnaire = choose_language(&languages, cli.lang.as_deref())?;
                    let session = painpath::engine::replay::replay(questionnaire, &answers)?;
                    let Some(assessment) = session.assessment() else {
                        bail!("the answers did not reach a result");
                    };
                    let authored = OffsetDateTime::now_utc();
                    serde_json::to_string_pretty(&fhir::questionnaire_response(
                        questionnaire,
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
        Some(Command::Inbox { dir, poll }) => {
            let config = painpath::ui::inbox::Config {
                theme: tui_config(cli.theme).theme,
                local_offset,
                poll,
            };
            painpath::ui::inbox::run(&dir, config)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Paths { path, csv, limit }) => {
            let questionnaire = load(path.or(cli.questions).as_ref())?;
            let paths = views::paths(&questionnaire, limit);
            if let Some(notice) = paths.capped_notice() {
                let _ = writeln!(io::stderr(), "painpath: {notice}");
            }
            if csv {
                write_stdout(views::paths_csv(&paths).as_bytes())
            } else {
                print(views::paths_text(&paths).trim_end())
            }
        }
        None => {
            let languages = match &cli.questions {
                // One run asks in one language: only that translation is made.
                None => built_in_for(cli.lang.as_deref())?,
                Some(path) => load_languages(Some(path))?,
            };
            let tag = choose_language(&languages, cli.lang.as_deref())?
                .meta
                .language
                .clone();
            let questionnaire = languages
                .into_language(&tag)
                .context("the questions in the language chosen")?;
            let said = &painpath::content::words::of(&questionnaire).session_end;
            let destinations: Vec<Destination> = [
                cli.report.as_deref().map(Destination::File),
                cli.save_dir.as_deref().map(Destination::Folder),
            ]
            .into_iter()
            .flatten()
            .collect();
            for destination in &destinations {
                save::check_destination(*destination).context(said.cannot_save_there.clone())?;
            }
            let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
            // What is written to stdout from here on: a failed write must not stop the saving.
            let mut out = EndOutput::default();
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
                    // Wrapped to the terminal, so no word is split at its edge.
                    let width = painpath::ui::plain::terminal_width();
                    let result = fill(
                        &said.your_result,
                        &[
                            ("title", &assessment.outcome.title),
                            ("heading", &assessment.disposition.heading),
                        ],
                    );
                    for text in [result.as_str(), questionnaire.meta.disclaimer.as_str()] {
                        for line in painpath::text::wrap(text, width) {
                            out.line(&line);
                        }
                    }
                }
                finished
            };
            // Files are written only now, after the questions, and only if asked for.
            let mut code = ExitCode::SUCCESS;
            if let Some(assessment) = session.as_ref().and_then(Session::assessment) {
                let finished =
                    OffsetDateTime::now_utc().to_offset(local_offset.unwrap_or(UtcOffset::UTC));
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
    }
}

/// Kiosk mode: checks everything it needs before taking over the terminal, then runs.
fn kiosk(cli: &Cli) -> anyhow::Result<ExitCode> {
    use painpath::ui::kiosk::config::read_config;
    use painpath::ui::kiosk::lockout;
    let languages = load_languages(cli.questions.as_ref())?;
    let mut settings = match &cli.config {
        Some(path) => {
            // Refused when other users can read or change it: it holds the PIN's hash.
            let bytes = read_config(path, CONFIG_LIMIT)?;
            let text = diagnostic::decode(&path.display().to_string(), bytes)?;
            kiosk_settings(&path.display().to_string(), &text)?
        }
        None => KioskSettings::default(),
    };
    let clinic_language = settings.language.clone();
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
    // The PIN lockout outlives a restart when there is a state folder to keep it in.
    let state_directory = std::env::var("STATE_DIRECTORY").ok();
    let writer = match lockout::state_dir(settings.state_dir.as_deref(), state_directory.as_deref())
    {
        Some(dir) => {
            let started = lockout::start(&dir, std::time::SystemTime::now())?;
            if let Some(warning) = &started.warning {
                let _ = writeln!(std::io::stderr(), "painpath: {warning}");
            }
            settings.pin_lockout = started.lockout;
            Some(started.writer)
        }
        None => {
            let _ = writeln!(
                std::io::stderr(),
                "painpath: no state_dir in the config (nor STATE_DIRECTORY from systemd), so \
                 wrong staff PINs are forgotten when the kiosk restarts"
            );
            None
        }
    };
    let config = KioskConfig {
        settings,
        pin,
        handoff: spool.is_some(),
        tui: tui_config(cli.theme),
    };
    // The clinic's language: --lang, else the config's `language`, else the questions' own.
    let all: Vec<Questionnaire> = std::iter::once(languages.base.clone())
        .chain(languages.translations.iter().map(|(q, _)| q.clone()))
        .collect();
    let home = match cli.lang.as_deref().or(clinic_language.as_deref()) {
        Some(tag) => {
            let chosen = choose_language(&languages, Some(tag))?;
            all.iter()
                .position(|q| q.meta.language == chosen.meta.language)
                .unwrap_or(0)
        }
        None => 0,
    };
    let end = kiosk::run_kiosk(&all, home, config, spool.as_deref());
    // The kiosk is gone, and with it every report: the last one is written before the exit.
    if let Some(writer) = writer {
        for err in writer.finish(std::time::Duration::from_secs(2)) {
            let _ = writeln!(std::io::stderr(), "painpath: {err}");
        }
    }
    let end = end?;
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
    // Before asking for the PIN: with stdout closed (`>&-`) or sent to /dev/null the line
    // would go nowhere, and nobody could paste it.
    if let Some(sink) = stdout_sink() {
        let sink = match sink {
            Sink::Closed => "is closed",
            Sink::DevNull => "goes to /dev/null",
        };
        bail!(
            "standard output {sink}, so the pin_hash line would be lost; nothing was asked \
             (run it with stdout on the terminal, or redirected to a file)"
        );
    }
    let stdin = std::io::stdin();
    let terminal = stdin.is_terminal();
    let mut lines = stdin.lock();
    let first = read_pin(&mut lines, terminal, "New staff PIN (6 to 12 digits): ")?;
    check_new_pin(&first).map_err(|why| anyhow::anyhow!("{why}; nothing was printed"))?;
    let second = read_pin(&mut lines, terminal, "The same PIN again: ")?;
    if first != second {
        bail!("the two PINs differ; nothing was printed");
    }
    let hash = PinHash::generate(&first)?;
    // Any failure here, a reader gone (EPIPE) included, means there is nothing to paste.
    write_out(format!("pin_hash = \"{hash}\"\n").as_bytes()).context(
        "the pin_hash line could not be written to standard output, so there is nothing to paste",
    )?;
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
    if !terminal {
        let _ = write!(stderr, "{prompt}");
        let _ = stderr.flush();
        let mut line = String::new();
        if input.read_line(&mut line).context("reading the PIN")? == 0 {
            bail!("no PIN given (input ended)");
        }
        return Ok(line.trim().to_string());
    }
    // Echo off before the prompt shows, so that nothing typed after it is ever echoed.
    let echo_off = EchoOff::enter().context("turning off echo")?;
    let _ = write!(stderr, "{prompt}");
    let _ = stderr.flush();
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
    drop(echo_off);
    let _ = write!(stderr, "\r\n");
    outcome.map(|()| pin)
}

/// The terminal in raw mode (no echo) while a PIN is typed, and put back on drop. SIGTERM,
/// SIGINT, SIGHUP or SIGQUIT meanwhile (a kill, a closed window) put it back too before the
/// process ends with 128 + signal: a shell must not be left without echo.
struct EchoOff {
    handle: signal_hook::iterator::Handle,
    watcher: Option<std::thread::JoinHandle<()>>,
}

impl EchoOff {
    fn enter() -> anyhow::Result<EchoOff> {
        use ratatui::crossterm::terminal::{disable_raw_mode, enable_raw_mode};
        use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
        // Listening first, so that no signal finds the terminal raw and nobody to restore it.
        let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP, SIGQUIT])
            .context("listening for signals")?;
        let handle = signals.handle();
        let watcher = std::thread::Builder::new()
            .name("painpath-pin-signals".into())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    let _ = disable_raw_mode();
                    let name = match signal {
                        SIGTERM => "SIGTERM",
                        SIGINT => "SIGINT",
                        SIGHUP => "SIGHUP",
                        _ => "SIGQUIT",
                    };
                    let _ = writeln!(
                        io::stderr(),
                        "\r\npainpath: stopped by {name}; nothing was printed"
                    );
                    std::process::exit(128 + signal);
                }
            })
            .context("listening for signals")?;
        let guard = EchoOff {
            handle,
            watcher: Some(watcher),
        };
        enable_raw_mode()?;
        Ok(guard)
    }
}

impl Drop for EchoOff {
    fn drop(&mut self) {
        let _ = ratatui::crossterm::terminal::disable_raw_mode();
        self.handle.close();
        if let Some(watcher) = self.watcher.take() {
            let _ = watcher.join();
        }
    }
}

/// Prints `text` and a newline to stdout. A reader that stops early (`| head`, EPIPE) ends
/// the run quietly with status 0, as it would for a command whose reader has what it wanted;
/// any other failure (a full disk, a closed stdout) is an error: status 1 and a message.
fn print(text: &str) -> anyhow::Result<ExitCode> {
    write_stdout(format!("{text}\n").as_bytes())
}

fn write_stdout(bytes: &[u8]) -> anyhow::Result<ExitCode> {
    match write_out(bytes) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(err) => Err(err).context("writing to standard output"),
    }
}

/// Writes and flushes `bytes` on stdout; every write to stdout goes through here.
fn write_out(bytes: &[u8]) -> io::Result<()> {
    stdout_open()?;
    let mut out = io::stdout().lock();
    out.write_all(bytes).and_then(|()| out.flush())
}

/// An error unless stdout is open. Started with stdout closed (`>&-`), a Rust program finds
/// /dev/null there (the runtime opens it, so that no file gets descriptor 1), and every write
/// would seem to work.
fn stdout_open() -> io::Result<()> {
    match stdout_sink() {
        Some(Sink::Closed) => Err(io::Error::other("standard output is closed")),
        _ => Ok(()),
    }
}

/// Where stdout goes when it goes nowhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sink {
    /// Closed when painpath started: the runtime's /dev/null, opened read-write, which a
    /// shell's `>/dev/null` never is.
    Closed,
    /// `>/dev/null`.
    DevNull,
}

fn stdout_sink() -> Option<Sink> {
    static SINK: std::sync::OnceLock<Option<Sink>> = std::sync::OnceLock::new();
    *SINK.get_or_init(|| {
        use std::os::unix::fs::{FileTypeExt, MetadataExt};
        let Ok(fd) = io::stdout().as_fd().try_clone_to_owned() else {
            return Some(Sink::Closed);
        };
        let meta = std::fs::File::from(fd).metadata().ok()?;
        let null = std::fs::metadata("/dev/null").ok()?;
        if !meta.file_type().is_char_device() || meta.rdev() != null.rdev() {
            return None;
        }
        let flags = rustix::fs::fcntl_getfl(io::stdout()).ok()?;
        if flags & rustix::fs::OFlags::ACCMODE == rustix::fs::OFlags::RDWR {
            Some(Sink::Closed)
        } else {
            Some(Sink::DevNull)
        }
    })
}

/// Standard output at the end of the questions, where a failed write must not stop the
/// saving of the summary: the first failure is kept and reported at the end.
#[derive(Default)]
struct EndOutput {
    failed: Option<io::Error>,
}

impl EndOutput {
    fn line(&mut self, text: &str) {
        self.text(&format!("{text}\n"));
    }

    fn text(&mut self, text: &str) {
        if self.failed.is_none()
            && let Err(err) = write_out(text.as_bytes())
        {
            self.failed = Some(err);
        }
    }

    fn finish(self, code: ExitCode) -> anyhow::Result<ExitCode> {
        match self.failed {
            None => Ok(code),
            Some(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(code),
            Some(err) => Err(err).context("writing to standard output"),
        }
    }
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
    let said = &painpath::content::words::of(questionnaire).session_end;
    let saved = |path: &Path| fill(&said.saved, &[("path", &path.display().to_string())]);
    let mut failed = false;
    for destination in destinations {
        match save::write_summary(questionnaire, assessment, finished, *destination) {
            Ok(path) => out.line(&saved(&path)),
            Err(err) => {
                failed = true;
                let _ = writeln!(io::stderr(), "painpath: {err:#}");
            }
        }
    }
    if !failed {
        return Ok(ExitCode::SUCCESS);
    }
    let stdin = io::stdin();
    if stdin.is_terminal() {
        let mut input = stdin.lock();
        if let Some(path) = ask_where_to_save(&mut input, &said.ask_path, |path| {
            save::write_summary(questionnaire, assessment, finished, Destination::File(path))
        }) {
            out.line(&saved(&path));
            return Ok(ExitCode::SUCCESS);
        }
    }
    let _ = writeln!(io::stderr(), "painpath: {}", said.printed_instead);
    out.text(&report::summary(questionnaire, assessment, finished));
    if let Some(err) = &out.failed {
        bail!("{}", fill(&said.lost, &[("error", &err.to_string())]));
    }
    Ok(ExitCode::FAILURE)
}

/// Asks on stderr for another file to save the summary to, reading the answer from `input`,
/// until `save` works (its path is returned) or the person types nothing (or input ends).
fn ask_where_to_save(
    input: &mut impl BufRead,
    question: &str,
    mut save: impl FnMut(&Path) -> anyhow::Result<PathBuf>,
) -> Option<PathBuf> {
    let mut stderr = io::stderr();
    loop {
        let _ = write!(stderr, "{question} ");
        let _ = stderr.flush();
        let mut line = String::new();
        match input.read_line(&mut line) {
            Ok(0) | Err(_) => {
                let _ = writeln!(stderr);
                return None;
            }
            Ok(_) => {}
        }
        let answer = line.trim();
        if answer.is_empty() {
            return None;
        }
        match save(Path::new(answer)) {
            Ok(path) => return Some(path),
            Err(err) => {
                let _ = writeln!(stderr, "painpath: {err:#}");
            }
        }
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
    // Every case in every language: a translation changes texts, never a route.
    let languages = load_languages(questions)?;
    let (file, text) = match (cases, questions) {
        (Some(path), _) => (
            path.display().to_string(),
            read_text(path, QUESTIONS_LIMIT)?,
        ),
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
            (
                beside.display().to_string(),
                read_text(&beside, QUESTIONS_LIMIT)?,
            )
        }
    };
    let cases = painpath::content::cases::load_cases(&file, &text)?;
    let mut out = String::new();
    let mut failed = 0;
    let mut summary = Vec::new();
    for questionnaire in
        std::iter::once(&languages.base).chain(languages.translations.iter().map(|(q, _)| q))
    {
        let mut failed_here = 0;
        for case in &cases {
            let run = painpath::engine::cases::run_case(questionnaire, case);
            if !run.passed() {
                failed_here += 1;
                if !std::ptr::eq(questionnaire, &languages.base) {
                    out.push_str(&format!("in {}: ", questionnaire.meta.language));
                }
                out.push_str(&painpath::engine::cases::describe_failure(
                    &file, case, &run,
                ));
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
        summary.push(if std::ptr::eq(questionnaire, &languages.base) {
            counts
        } else {
            format!("in {}: {counts}", questionnaire.meta.language)
        });
    }
    // Conditional texts and options every case leaves shown, or leaves hidden: a mistake in
    // such a condition would fail no case.
    for u in painpath::engine::cases::uncovered(&languages.base, &cases) {
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
    write_stdout(out.as_bytes())?;
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// What `painpath check` found in a file that loads.
struct Checked {
    /// The "ok: ..." line.
    summary: String,
    warnings: Vec<painpath::content::lint::Warning>,
}

/// Loads and lints the questions from `path` (or the built-in ones), with the cases from
/// `cases` (or the built-in cases, for the built-in questions) for "an outcome without a case".
fn check(path: Option<&PathBuf>, cases: Option<&PathBuf>) -> anyhow::Result<Checked> {
    use painpath::content::lint;
    let (file, text) = match path {
        None => (
            painpath::DEFAULT_QUESTIONS_NAME.to_string(),
            painpath::DEFAULT_QUESTIONS.to_string(),
        ),
        Some(path) => (
            path.display().to_string(),
            read_text(path, QUESTIONS_LIMIT)
                .with_context(|| format!("reading {}", path.display()))?,
        ),
    };
    let questionnaire = painpath::content::validate::load(&file, &text)?;
    let mut warnings = lint::warnings(&questionnaire, &text, &file);
    let cases = match (cases, path) {
        (Some(cases), _) => Some((
            cases.display().to_string(),
            read_text(cases, QUESTIONS_LIMIT)
                .with_context(|| format!("reading {}", cases.display()))?,
        )),
        (None, None) => Some((
            painpath::DEFAULT_CASES_NAME.to_string(),
            painpath::DEFAULT_CASES.to_string(),
        )),
        (None, Some(_)) => None,
    };
    if let Some((cases_file, cases_text)) = cases {
        let cases = painpath::content::cases::load_cases(&cases_file, &cases_text)?;
        warnings.extend(lint::case_warnings(
            &questionnaire,
            &cases,
            &cases_file,
            &text,
            &file,
        ));
        let uncovered = painpath::engine::cases::uncovered(&questionnaire, &cases);
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
        None => painpath::DEFAULT_TRANSLATIONS
            .iter()
            .map(|(_, file, text)| (file.to_string(), text.to_string()))
            .collect(),
    };
    let mut translations = Vec::new();
    for (file, text) in &files {
        let translated = painpath::content::translate::translate(&questionnaire, file, text)?;
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

/// `painpath check --watch PATH`: checks the file, then again after each change to it, until
/// stopped (Ctrl+C). The file's folder is watched (editors save to a temporary file and
/// rename it over the file), events for other names are dropped, and a burst of events is
/// waited out (200 ms of quiet) before the file is read. Everything goes to stdout, each
/// result after `[HH:MM:SS]`.
fn watch_check(
    path: &Path,
    cases: Option<&PathBuf>,
    local_offset: Option<UtcOffset>,
) -> anyhow::Result<ExitCode> {
    use notify::Watcher as _;
    use std::sync::mpsc;
    use std::time::Duration;
    let absolute = std::path::absolute(path).context("finding the file's folder")?;
    let (Some(dir), Some(name)) = (absolute.parent(), absolute.file_name()) else {
        bail!("{} is not a file", path.display());
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
        .with_context(|| format!("watching {}", dir.display()))?;
    let path = path.to_path_buf();
    loop {
        let now = OffsetDateTime::now_utc().to_offset(local_offset.unwrap_or(UtcOffset::UTC));
        let stamp = format!(
            "[{:02}:{:02}:{:02}]",
            now.hour(),
            now.minute(),
            now.second()
        );
        let report = match check(Some(&path), cases) {
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
        };
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

/// The questions from `path` (or the built-in ones) in every language they come in: each
/// translation painpath knows the words for, found beside the file (questions.es.toml).
fn load_languages(path: Option<&PathBuf>) -> anyhow::Result<painpath::Languages> {
    let Some(path) = path else {
        return Ok(painpath::default_languages()?);
    };
    let base = load(Some(path))?;
    let translations = translations_beside(path, &base)?;
    Ok(painpath::Languages { base, translations })
}

/// The translations of `base` (loaded from `path`) found beside it, checked.
fn translations_beside(
    path: &Path,
    base: &Questionnaire,
) -> anyhow::Result<Vec<(Questionnaire, painpath::content::model::TranslationInfo)>> {
    let mut translations = Vec::new();
    for (file, text) in translation_files(path, base)? {
        translations.push(painpath::content::translate::translate(base, &file, &text)?);
    }
    Ok(translations)
}

/// The translation files beside the questions file at `path` (`questions.es.toml` for
/// Spanish), for each language painpath has words for other than `base`'s own: (name in
/// messages, text).
fn translation_files(path: &Path, base: &Questionnaire) -> anyhow::Result<Vec<(String, String)>> {
    let mut found = Vec::new();
    for language in painpath::content::words::languages() {
        let tag = language.tag;
        if painpath::content::language::same_language(&base.meta.language, tag) {
            continue;
        }
        let beside = painpath::content::translate::translation_path(path, tag);
        match std::fs::symlink_metadata(&beside) {
            Err(err) if err.kind() == io::ErrorKind::NotFound => continue,
            Err(err) => {
                return Err(err).with_context(|| format!("looking for {}", beside.display()));
            }
            // Found by its name, not given: a link there is not what the clinic put there.
            Ok(meta) if meta.file_type().is_symlink() => bail!(
                "{} is a symbolic link; painpath reads a translation only from a regular file",
                beside.display()
            ),
            Ok(_) => {}
        }
        let text = read_text(&beside, painpath::content::translate::TRANSLATION_LIMIT)
            .with_context(|| format!("reading {}", beside.display()))?;
        found.push((beside.display().to_string(), text));
    }
    Ok(found)
}

/// The built-in questions with the translations [`choose_language`] may pick: the one into
/// `--lang` or into the environment's language, or all of them when `--lang` names none, so
/// that its error lists every language there is.
fn built_in_for(lang: Option<&str>) -> anyhow::Result<painpath::Languages> {
    let wanted = lang.map(str::to_owned).or_else(language_from_environment);
    let Some(wanted) = wanted else {
        return Ok(painpath::default_languages_for("")?);
    };
    let languages = painpath::default_languages_for(&wanted)?;
    if lang.is_some() && languages.get(&wanted).is_none() {
        return Ok(painpath::default_languages()?);
    }
    Ok(languages)
}

/// The first of LC_ALL, LC_MESSAGES and LANG that is set and not empty.
fn language_from_environment() -> Option<String> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
}

/// The language to ask in: `--lang`, which must be one the questions come in; else the
/// first of LC_ALL, LC_MESSAGES and LANG that is set, when the questions come in it; else
/// the questions' own.
fn choose_language<'l>(
    languages: &'l painpath::Languages,
    lang: Option<&str>,
) -> anyhow::Result<&'l Questionnaire> {
    if let Some(lang) = lang {
        return languages.get(lang).with_context(|| {
            let have: Vec<String> = languages
                .list()
                .into_iter()
                .map(|(tag, name)| format!("{tag} ({name})"))
                .collect();
            format!(
                "the questions are not in \"{}\"; they are in {}",
                lang.chars()
                    .filter(|c| !c.is_control())
                    .take(40)
                    .collect::<String>(),
                have.join(", ")
            )
        });
    }
    Ok(language_from_environment()
        .and_then(|value| languages.get(&value))
        .unwrap_or(&languages.base))
}

/// Loads the questions from `path`, or the built-in ones. Errors come out whole, one per
/// problem, with file:line:column.
fn load(path: Option<&PathBuf>) -> anyhow::Result<Questionnaire> {
    match path {
        None => Ok(painpath::default_questionnaire()?),
        Some(path) => {
            let text = read_text(path, QUESTIONS_LIMIT)
                .with_context(|| format!("reading {}", path.display()))?;
            Ok(painpath::content::validate::load(
                &path.display().to_string(),
                &text,
            )?)
        }
    }
}

/// The largest questions file read: over a hundred times the built-in one (36 KiB).
const QUESTIONS_LIMIT: u64 = 4 << 20;
/// The largest config file read: a [kiosk] table is a few hundred bytes.
const CONFIG_LIMIT: u64 = 64 << 10;

/// Reads a file named on the command line as text: at most `limit` bytes of a regular file,
/// UTF-8, or a located error at the first byte that is not.
fn read_text(path: &Path, limit: u64) -> anyhow::Result<String> {
    let bytes = read_limited(path, limit)?;
    Ok(diagnostic::decode(&path.display().to_string(), bytes)?)
}

/// Reads a regular file of at most `limit` bytes. Anything else is refused before a byte is
/// read: a FIFO (which would block forever), a device such as /dev/zero (which never ends),
/// a folder, a file over the limit. The file is opened with O_NONBLOCK, so not even the open
/// can block on a FIFO; the open file itself is checked (fstat, so nothing can be swapped in
/// after the check); and at most `limit` + 1 bytes are read, so a file that grows meanwhile
/// is refused too.
fn read_limited(path: &Path, limit: u64) -> anyhow::Result<Vec<u8>> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // On a regular file O_NONBLOCK changes nothing.
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        bail!(
            "it is {}, not a regular file; painpath reads only regular files",
            file_kind(&meta.file_type())
        );
    }
    if meta.len() > limit {
        bail!(
            "it is {}, larger than the {} painpath reads",
            size(meta.len()),
            size(limit)
        );
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        bail!("it grew past {} while being read", size(limit));
    }
    Ok(bytes)
}

/// What a file that is not a regular file is, for a message.
fn file_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a folder"
    } else {
        "not a file"
    }
}

/// A size in bytes for a message: "64 KiB", "4 MiB", "12.5 MiB".
fn size(bytes: u64) -> String {
    const KIB: u64 = 1 << 10;
    const MIB: u64 = 1 << 20;
    let (unit, name) = if bytes >= MIB {
        (MIB, "MiB")
    } else if bytes >= KIB {
        (KIB, "KiB")
    } else {
        (1, "bytes")
    };
    if bytes.is_multiple_of(unit) {
        format!("{} {name}", bytes / unit)
    } else {
        format!("{:.1} {name}", bytes as f64 / unit as f64)
    }
}
