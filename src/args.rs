//! The command line: lexopt splits it into options and values, this module gives them meaning
//! ([`parse`]) and holds the help text as data ([`Help`]), laid out as clap laid it out and
//! wrapped to 80 columns. Part of the binary, not of the library.
//!
//! An argument that is not accepted ends the run with one `error: ...` line, the usage and a
//! pointer to `--help` on stderr, and status 2. Arguments are hostile input: they are shown
//! only escaped (control characters, other unprintable characters and bytes that are not
//! UTF-8 as `\u{1b}`, `\xFF`), never raw.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use lexopt::{Arg, Parser};
use painpath::engine::replay::GivenAnswer;
use painpath::output::views;

use super::{Cli, Command, Export, GraphFormat, ThemeArg};

/// Why the arguments do not give a run.
#[derive(Debug, PartialEq, Eq)]
pub enum Stop {
    /// `-h`, `--help` or `painpath help ...`: this text goes to stdout, and the status is 0.
    Help(String),
    /// Arguments that are not accepted: this message (ending in a newline) goes to stderr,
    /// and the status is 2.
    Invalid(String),
}

/// Reads the arguments after the program's name.
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Cli, Stop> {
    let mut p = Parser::from_args(args);
    let help = &TOP;
    let mut globals = Globals::default();
    let mut version = false;
    let mut plain = false;
    let mut report = None;
    let mut save_dir = None;
    let mut kiosk = false;
    let mut config = None;
    let mut spool = None;
    let mut theme = None;
    let mut command = None;
    let mut after_dashes = false;
    loop {
        // `--` ends the options; painpath itself takes no positional argument after it.
        if p.try_raw_args()
            .is_some_and(|raw| raw.peek() == Some(OsStr::new("--")))
        {
            after_dashes = true;
        }
        let Some(arg) = next(&mut p, help)? else {
            break;
        };
        match arg {
            Arg::Short('h') | Arg::Long("help") => return Err(help.stop(is_long(&arg))),
            Arg::Short('V') | Arg::Long("version") => flag(&mut version, "--version", help)?,
            Arg::Long("questions") => globals.questions(&mut p, help)?,
            Arg::Long("lang") => globals.lang(&mut p, help)?,
            Arg::Long("plain") => flag(&mut plain, "--plain", help)?,
            Arg::Long("report") => {
                let value = path_value(&mut p, "--report <PATH>", help)?;
                once(&mut report, value, "--report <PATH>", help)?;
            }
            Arg::Long("save-dir") => {
                let value = path_value(&mut p, "--save-dir <DIR>", help)?;
                once(&mut save_dir, value, "--save-dir <DIR>", help)?;
            }
            Arg::Long("kiosk") => flag(&mut kiosk, "--kiosk", help)?,
            Arg::Long("config") => {
                let value = path_value(&mut p, "--config <PATH>", help)?;
                once(&mut config, value, "--config <PATH>", help)?;
            }
            Arg::Long("spool") => {
                let value = path_value(&mut p, "--spool <DIR>", help)?;
                once(&mut spool, value, "--spool <DIR>", help)?;
            }
            Arg::Long("theme") => {
                let value = choice(
                    &mut p,
                    "--theme <THEME>",
                    &[
                        ("default", ThemeArg::Default),
                        ("high-contrast", ThemeArg::HighContrast),
                    ],
                    help,
                )?;
                once(&mut theme, value, "--theme <THEME>", help)?;
            }
            Arg::Value(name) if !after_dashes => {
                command = Some(subcommand(&name, &mut p, &mut globals)?);
                break;
            }
            other => return Err(unexpected(other, help)),
        }
    }
    Ok(Cli {
        version,
        questions: globals.questions,
        lang: globals.lang,
        plain,
        report,
        save_dir,
        kiosk,
        config,
        spool,
        theme: theme.unwrap_or(ThemeArg::Default),
        command,
    })
}

/// The subcommand named `name`, with the rest of the arguments.
fn subcommand(name: &OsStr, p: &mut Parser, globals: &mut Globals) -> Result<Command, Stop> {
    // Given again after the subcommand, a global option replaces what came before it.
    let mut own = Globals::default();
    let command = match name.to_str() {
        Some("check") => check(p, &mut own)?,
        Some("export") => export(p, &mut own)?,
        Some("graph") => graph(p, &mut own)?,
        Some("kiosk-pin") => {
            only_globals(p, &mut own, &KIOSK_PIN)?;
            Command::KioskPin
        }
        Some("inbox") => inbox(p, &mut own)?,
        Some("test") => test(p, &mut own)?,
        Some("paths") => paths(p, &mut own)?,
        Some("help") => return Err(help_command(p, &TOP)),
        _ => {
            return Err(invalid(
                format!("unrecognized subcommand {}", shown(name)),
                &TOP,
            ));
        }
    };
    globals.replace_with(own);
    Ok(command)
}

fn check(p: &mut Parser, globals: &mut Globals) -> Result<Command, Stop> {
    let help = &CHECK;
    let mut path = None;
    let mut strict = false;
    let mut cases = None;
    let mut watch = false;
    while let Some(arg) = next(p, help)? {
        match arg {
            Arg::Short('h') | Arg::Long("help") => return Err(help.stop(is_long(&arg))),
            Arg::Long("questions") => globals.questions(p, help)?,
            Arg::Long("lang") => globals.lang(p, help)?,
            Arg::Long("strict") => flag(&mut strict, "--strict", help)?,
            Arg::Long("cases") => {
                let value = path_value(p, "--cases <CASES>", help)?;
                once(&mut cases, value, "--cases <CASES>", help)?;
            }
            Arg::Long("watch") => flag(&mut watch, "--watch", help)?,
            Arg::Value(value) if path.is_none() => path = Some(positional(value, "[PATH]", help)?),
            other => return Err(unexpected(other, help)),
        }
    }
    if watch && path.is_none() {
        return Err(invalid(
            "'--watch' needs the file to watch: painpath check --watch <PATH>".to_string(),
            help,
        ));
    }
    Ok(Command::Check {
        path,
        strict,
        cases,
        watch,
    })
}

fn export(p: &mut Parser, globals: &mut Globals) -> Result<Command, Stop> {
    let help = &EXPORT;
    while let Some(arg) = next(p, help)? {
        match arg {
            Arg::Short('h') | Arg::Long("help") => return Err(help.stop(is_long(&arg))),
            Arg::Long("questions") => globals.questions(p, help)?,
            Arg::Long("lang") => globals.lang(p, help)?,
            Arg::Value(name) => {
                let mut own = Globals::default();
                let what = match name.to_str() {
                    Some("questionnaire") => export_questionnaire(p, &mut own)?,
                    Some("response") => export_response(p, &mut own)?,
                    Some("help") => return Err(help_command(p, help)),
                    _ => {
                        return Err(invalid(
                            format!("unrecognized subcommand {}", shown(&name)),
                            help,
                        ));
                    }
                };
                globals.replace_with(own);
                return Ok(Command::Export { what });
            }
            other => return Err(unexpected(other, help)),
        }
    }
    Err(invalid(
        "'export' needs a subcommand: questionnaire or response".to_string(),
        help,
    ))
}

fn export_questionnaire(p: &mut Parser, globals: &mut Globals) -> Result<Export, Stop> {
    let help = &EXPORT_QUESTIONNAIRE;
    let mut path = None;
    while let Some(arg) = next(p, help)? {
        match arg {
            Arg::Short('h') | Arg::Long("help") => return Err(help.stop(is_long(&arg))),
            Arg::Long("questions") => globals.questions(p, help)?,
            Arg::Long("lang") => globals.lang(p, help)?,
            Arg::Value(value) if path.is_none() => path = Some(positional(value, "[PATH]", help)?),
            other => return Err(unexpected(other, help)),
        }
    }
    Ok(Export::Questionnaire { path })
}

fn export_response(p: &mut Parser, globals: &mut Globals) -> Result<Export, Stop> {
    const ANSWER: &str = "--answer <QUESTION=ANSWER>";
    let help = &EXPORT_RESPONSE;
    let mut answers = Vec::new();
    while let Some(arg) = next(p, help)? {
        match arg {
            Arg::Short('h') | Arg::Long("help") => return Err(help.stop(is_long(&arg))),
            Arg::Long("questions") => globals.questions(p, help)?,
            Arg::Long("lang") => globals.lang(p, help)?,
            Arg::Long("answer") => {
                let value = value(p, ANSWER, help)?;
                let answer = text(&value, ANSWER, help)?
                    .parse::<GivenAnswer>()
                    .map_err(|why| {
                        invalid(
                            format!(
                                "invalid value {} for '{ANSWER}': {}",
                                shown(&value),
                                escaped(&why)
                            ),
                            help,
                        )
                    })?;
                answers.push(answer);
            }
            other => return Err(unexpected(other, help)),
        }
    }
    if answers.is_empty() {
        return Err(invalid(
            format!("the following required argument was not provided: {ANSWER}"),
            help,
        ));
    }
    Ok(Export::Response { answers })
}

fn graph(p: &mut Parser, globals: &mut Globals) -> Result<Command, Stop> {
    let help = &GRAPH;
    let mut path = None;
    let mut format = None;
    while let Some(arg) = next(p, help)? {
        match arg {
            Arg::Short('h') | Arg::Long("help") => return Err(help.stop(is_long(&arg))),
            Arg::Long("questions") => globals.questions(p, help)?,
            Arg::Long("lang") => globals.lang(p, help)?,
            Arg::Long("format") => {
                let value = choice(
                    p,
                    "--format <FORMAT>",
                    &[("mermaid", GraphFormat::Mermaid), ("dot", GraphFormat::Dot)],
                    help,
                )?;
                once(&mut format, value, "--format <FORMAT>", help)?;
            }
            Arg::Value(value) if path.is_none() => path = Some(positional(value, "[PATH]", help)?),
            other => return Err(unexpected(other, help)),
        }
    }
    Ok(Command::Graph {
        path,
        format: format.unwrap_or(GraphFormat::Mermaid),
    })
}

fn inbox(p: &mut Parser, globals: &mut Globals) -> Result<Command, Stop> {
    let help = &INBOX;
    let mut dir = None;
    let mut poll = false;
    while let Some(arg) = next(p, help)? {
        match arg {
            Arg::Short('h') | Arg::Long("help") => return Err(help.stop(is_long(&arg))),
            Arg::Long("questions") => globals.questions(p, help)?,
            Arg::Long("lang") => globals.lang(p, help)?,
            Arg::Long("poll") => flag(&mut poll, "--poll", help)?,
            Arg::Value(value) if dir.is_none() => dir = Some(positional(value, "<DIR>", help)?),
            other => return Err(unexpected(other, help)),
        }
    }
    let Some(dir) = dir else {
        return Err(invalid(
            "the following required argument was not provided: <DIR>".to_string(),
            help,
        ));
    };
    Ok(Command::Inbox { dir, poll })
}

fn test(p: &mut Parser, globals: &mut Globals) -> Result<Command, Stop> {
    let help = &TEST;
    let mut cases = None;
    while let Some(arg) = next(p, help)? {
        match arg {
            Arg::Short('h') | Arg::Long("help") => return Err(help.stop(is_long(&arg))),
            Arg::Long("questions") => globals.questions(p, help)?,
            Arg::Long("lang") => globals.lang(p, help)?,
            Arg::Value(value) if cases.is_none() => {
                cases = Some(positional(value, "[CASES]", help)?);
            }
            other => return Err(unexpected(other, help)),
        }
    }
    Ok(Command::Test { cases })
}

fn paths(p: &mut Parser, globals: &mut Globals) -> Result<Command, Stop> {
    const LIMIT: &str = "--limit <N>";
    let help = &PATHS;
    let mut path = None;
    let mut csv = false;
    let mut limit = None;
    while let Some(arg) = next(p, help)? {
        match arg {
            Arg::Short('h') | Arg::Long("help") => return Err(help.stop(is_long(&arg))),
            Arg::Long("questions") => globals.questions(p, help)?,
            Arg::Long("lang") => globals.lang(p, help)?,
            Arg::Long("csv") => flag(&mut csv, "--csv", help)?,
            Arg::Long("limit") => {
                let value = value(p, LIMIT, help)?;
                let n = text(&value, LIMIT, help)?.parse::<usize>().map_err(|why| {
                    invalid(
                        format!("invalid value {} for '{LIMIT}': {why}", shown(&value)),
                        help,
                    )
                })?;
                once(&mut limit, n, LIMIT, help)?;
            }
            Arg::Value(value) if path.is_none() => path = Some(positional(value, "[PATH]", help)?),
            other => return Err(unexpected(other, help)),
        }
    }
    Ok(Command::Paths {
        path,
        csv,
        limit: limit.unwrap_or(views::DEFAULT_PATH_LIMIT),
    })
}

/// The arguments of a subcommand that has none of its own.
fn only_globals(p: &mut Parser, globals: &mut Globals, help: &Help) -> Result<(), Stop> {
    while let Some(arg) = next(p, help)? {
        match arg {
            Arg::Short('h') | Arg::Long("help") => return Err(help.stop(is_long(&arg))),
            Arg::Long("questions") => globals.questions(p, help)?,
            Arg::Long("lang") => globals.lang(p, help)?,
            other => return Err(unexpected(other, help)),
        }
    }
    Ok(())
}

/// `painpath help [COMMAND]...` (or `painpath export help [COMMAND]`): the help of the
/// subcommand named by the rest of the arguments, in full, as `--help` gives it.
fn help_command(p: &mut Parser, from: &'static Help) -> Stop {
    let mut help = from;
    let rest: Vec<OsString> = match p.raw_args() {
        Ok(raw) => raw.collect(),
        Err(_) => Vec::new(),
    };
    for name in &rest {
        let found = help
            .commands
            .iter()
            .find(|(command, _)| OsStr::new(command) == name.as_os_str());
        match found {
            Some((_, sub)) => help = sub,
            None => return invalid(format!("unrecognized subcommand {}", shown(name)), help),
        }
    }
    help.stop(true)
}

/// `--questions` and `--lang`, accepted before and after any subcommand.
#[derive(Default)]
struct Globals {
    questions: Option<PathBuf>,
    lang: Option<String>,
}

impl Globals {
    fn questions(&mut self, p: &mut Parser, help: &Help) -> Result<(), Stop> {
        let value = path_value(p, "--questions <PATH>", help)?;
        once(&mut self.questions, value, "--questions <PATH>", help)
    }

    fn lang(&mut self, p: &mut Parser, help: &Help) -> Result<(), Stop> {
        let value = value(p, "--lang <LANG>", help)?;
        let value = text(&value, "--lang <LANG>", help)?.to_string();
        once(&mut self.lang, value, "--lang <LANG>", help)
    }

    /// Those given after a subcommand replace those given before it.
    fn replace_with(&mut self, later: Globals) {
        if later.questions.is_some() {
            self.questions = later.questions;
        }
        if later.lang.is_some() {
            self.lang = later.lang;
        }
    }
}

/// The next option or value; a value given to an option that takes none is an error.
fn next<'p>(p: &'p mut Parser, help: &Help) -> Result<Option<Arg<'p>>, Stop> {
    p.next().map_err(|err| match err {
        lexopt::Error::UnexpectedValue { option, value } => invalid(
            format!(
                "unexpected value {} for {} found; no more were expected",
                shown(&value),
                shown(OsStr::new(&option))
            ),
            help,
        ),
        other => invalid(escaped(&other.to_string()), help),
    })
}

fn is_long(arg: &Arg) -> bool {
    matches!(arg, Arg::Long(_))
}

/// The value of `option` (named as in the help, `--report <PATH>`): joined to it with `=`,
/// or the next argument. As clap did, an argument that looks like an option (`-x`, `--`) is
/// not taken as the value: `--questions --plain` is a missing value, not a file "--plain".
fn value(p: &mut Parser, option: &str, help: &Help) -> Result<OsString, Stop> {
    if let Some(value) = p.optional_value() {
        return Ok(value);
    }
    let taken = p.try_raw_args().and_then(|mut raw| {
        raw.next_if(|next| next == "-" || !next.as_encoded_bytes().starts_with(b"-"))
    });
    taken.ok_or_else(|| missing(option, help))
}

/// A path: any bytes, but not empty.
fn path_value(p: &mut Parser, option: &str, help: &Help) -> Result<PathBuf, Stop> {
    let value = value(p, option, help)?;
    if value.is_empty() {
        return Err(missing(option, help));
    }
    Ok(PathBuf::from(value))
}

/// A positional path (`[PATH]`, `<DIR>`): any bytes, but not empty.
fn positional(value: OsString, name: &str, help: &Help) -> Result<PathBuf, Stop> {
    if value.is_empty() {
        return Err(missing(name, help));
    }
    Ok(PathBuf::from(value))
}

/// A value that must be UTF-8.
fn text<'v>(value: &'v OsStr, option: &str, help: &Help) -> Result<&'v str, Stop> {
    value.to_str().ok_or_else(|| {
        invalid(
            format!(
                "invalid value {} for '{option}': not valid UTF-8",
                shown(value)
            ),
            help,
        )
    })
}

/// One of `choices`, by name.
fn choice<T: Copy>(
    p: &mut Parser,
    option: &str,
    choices: &[(&str, T)],
    help: &Help,
) -> Result<T, Stop> {
    let names: Vec<&str> = choices.iter().map(|(name, _)| *name).collect();
    let possible = format!("[possible values: {}]", names.join(", "));
    let Ok(value) = value(p, option, help) else {
        return Err(invalid(
            format!("a value is required for '{option}' but none was supplied {possible}"),
            help,
        ));
    };
    choices
        .iter()
        .find(|(name, _)| value == *name)
        .map(|(_, choice)| *choice)
        .ok_or_else(|| {
            invalid(
                format!("invalid value {} for '{option}' {possible}", shown(&value)),
                help,
            )
        })
}

/// A flag, which may be given once.
fn flag(slot: &mut bool, option: &str, help: &Help) -> Result<(), Stop> {
    if *slot {
        return Err(twice(option, help));
    }
    *slot = true;
    Ok(())
}

/// An option's value, which may be given once.
fn once<T>(slot: &mut Option<T>, value: T, option: &str, help: &Help) -> Result<(), Stop> {
    if slot.is_some() {
        return Err(twice(option, help));
    }
    *slot = Some(value);
    Ok(())
}

fn twice(option: &str, help: &Help) -> Stop {
    invalid(
        format!("the argument '{option}' cannot be used multiple times"),
        help,
    )
}

fn missing(option: &str, help: &Help) -> Stop {
    invalid(
        format!("a value is required for '{option}' but none was supplied"),
        help,
    )
}

/// An option this (sub)command does not have, or a positional argument too many.
fn unexpected(arg: Arg, help: &Help) -> Stop {
    let shown = match arg {
        Arg::Short(c) => shown(OsStr::new(&format!("-{c}"))),
        Arg::Long(name) => shown(OsStr::new(&format!("--{name}"))),
        Arg::Value(value) => shown(&value),
    };
    invalid(format!("unexpected argument {shown} found"), help)
}

/// The error message: the line, the usage, and where to read more.
fn invalid(line: String, help: &Help) -> Stop {
    Stop::Invalid(format!(
        "error: {line}\n\nUsage: {}\n\nFor more information, try '--help'.\n",
        help.usage
    ))
}

/// An argument as a message shows it: in single quotes, escaped.
fn shown(arg: &OsStr) -> String {
    let mut out = String::from("'");
    for chunk in arg.as_encoded_bytes().utf8_chunks() {
        out.push_str(&escaped(chunk.valid()));
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02X}"));
        }
    }
    out.push('\'');
    out
}

/// `text` with every character that is not printable escaped as Rust's `{:?}` escapes it
/// (`\u{1b}`, `\n`, `\u{202e}`); quotes and backslashes are left as they are.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\'' | '"' | '\\') {
            out.push(c);
        } else {
            out.extend(c.escape_debug());
        }
    }
    out
}

/// The help of one (sub)command, laid out by [`Help::render`].
pub struct Help {
    /// The first paragraph, without its final full stop: the summary `-h` shows, and the
    /// command's line in its parent's list.
    about: &'static str,
    /// The whole description, shown by `--help` and `painpath help ...` when there is more to
    /// say than the summary.
    long_about: Option<&'static str>,
    /// After `Usage: `.
    usage: &'static str,
    /// (name, description) pairs.
    arguments: &'static [(&'static str, &'static str)],
    /// The subcommands, by name, each listed with its `about`.
    commands: &'static [(&'static str, &'static Help)],
    /// Every option but `-h, --help`, which is added; a name without a short form starts with
    /// four spaces, to line up with `-V, --version`.
    options: &'static [(&'static str, &'static str)],
}

/// The widest a help line gets.
const WIDTH: usize = 80;

impl Help {
    fn stop(&self, long: bool) -> Stop {
        Stop::Help(self.render(long))
    }

    /// The help text, `long` for `--help`, else as `-h` shows it.
    pub fn render(&self, long: bool) -> String {
        let mut out = String::new();
        let about = match self.long_about {
            Some(text) if long => text,
            _ => self.about,
        };
        for (i, paragraph) in about.split("\n\n").enumerate() {
            if i > 0 {
                out.push('\n');
            }
            wrap_into(&mut out, paragraph, 0);
        }
        out.push_str("\nUsage: ");
        wrap_into(&mut out, self.usage, "Usage: ".len());
        section(&mut out, "Arguments:", self.arguments.iter().copied());
        section(
            &mut out,
            "Commands:",
            self.commands.iter().map(|(name, help)| (*name, help.about)),
        );
        let help = match self.long_about {
            None => "Print help",
            Some(_) if long => "Print help (see a summary with '-h')",
            Some(_) => "Print help (see more with '--help')",
        };
        // `painpath help` reads every argument as a subcommand's name, `-h` too.
        let help_option = (!std::ptr::eq(self, &HELP)).then_some(("-h, --help", help));
        section(
            &mut out,
            "Options:",
            self.options.iter().copied().chain(help_option),
        );
        out
    }
}

/// A titled list of (name, description), the descriptions in a column after the widest name.
fn section<'a>(
    out: &mut String,
    title: &str,
    entries: impl Iterator<Item = (&'a str, &'a str)> + Clone,
) {
    let width = entries.clone().map(|(name, _)| name.len()).max();
    let Some(width) = width else {
        return;
    };
    out.push('\n');
    out.push_str(title);
    out.push('\n');
    for (name, description) in entries {
        out.push_str(&format!("  {name:width$}  "));
        wrap_into(out, description, width + 4);
    }
}

/// Appends `text` and a newline, words wrapped at [`WIDTH`]; the first line starts at column
/// `indent` (already written), the others are indented to it.
fn wrap_into(out: &mut String, text: &str, indent: usize) {
    let mut column = indent;
    for (i, word) in text.split(' ').enumerate() {
        let len = word.chars().count();
        if i > 0 && column + 1 + len > WIDTH {
            out.push('\n');
            out.push_str(&" ".repeat(indent));
            column = indent;
        } else if i > 0 {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += len;
    }
    out.push('\n');
}

// The help text. The wording is what the options meant under clap, from the doc comments of
// `Cli` and `Command` in main.rs; keep the two in step.

const QUESTIONS: (&str, &str) = (
    "    --questions <PATH>",
    "Use this questions file instead of the built-in one",
);
const LANG: (&str, &str) = (
    "    --lang <LANG>",
    "The language of the questions and of everything painpath says: `en`, `es`. Default: from \
     LC_ALL, LC_MESSAGES or LANG (`es_*` gives Spanish), else the questions' own. A \
     translation is a file beside the questions (questions.es.toml)",
);
const QUESTIONS_FILE: (&str, &str) = (
    "[PATH]",
    "The questions file (default: the built-in questions)",
);

static TOP: Help = Help {
    about: env!("CARGO_PKG_DESCRIPTION"),
    long_about: None,
    usage: "painpath [OPTIONS] [COMMAND]",
    arguments: &[],
    commands: &[
        ("check", &CHECK),
        ("export", &EXPORT),
        ("graph", &GRAPH),
        ("kiosk-pin", &KIOSK_PIN),
        ("inbox", &INBOX),
        ("test", &TEST),
        ("paths", &PATHS),
        ("help", &HELP),
    ],
    options: &[
        (
            "-V, --version",
            "Print painpath's version and the built-in questionnaire's (id and version)",
        ),
        QUESTIONS,
        LANG,
        (
            "    --plain",
            "Ask the questions as numbered text prompts (also used when stdin or stdout is not \
             a terminal)",
        ),
        (
            "    --report <PATH>",
            "At the end, save a summary (Markdown) to this new file; an existing file is never \
             replaced. Nothing is written unless you ask",
        ),
        (
            "    --save-dir <DIR>",
            "At the end, save a summary as painpath-YYYYMMDD-HHMMSS.md in this folder",
        ),
        (
            "    --kiosk",
            "Kiosk mode: run unattended on a reception screen, one patient after another, \
             until staff press the exit key (F10) and the PIN. Needs a config with a pin_hash",
        ),
        (
            "    --config <PATH>",
            "The config file with the [kiosk] table (timeouts, exit key, pin_hash, spool)",
        ),
        (
            "    --spool <DIR>",
            "Kiosk mode: the folder where \"Send my answers to reception\" leaves a finished \
             session (overrides `spool` in the config). It must exist",
        ),
        (
            "    --theme <THEME>",
            "Colours of the full-screen interface. `NO_COLOR` turns colour off in either theme \
             [default: default] [possible values: default, high-contrast]",
        ),
    ],
};

static CHECK: Help = Help {
    about: "Check a questions file and print what it holds, or its errors",
    long_about: None,
    usage: "painpath check [OPTIONS] [PATH]",
    arguments: &[(
        "[PATH]",
        "The file to check (default: the built-in questions)",
    )],
    commands: &[],
    options: &[
        (
            "    --strict",
            "Make warnings (unrouted options, results only defaults reach, outcomes without a \
             case, texts too long for the screen) errors: exit 1 when there is one",
        ),
        (
            "    --cases <CASES>",
            "Also warn about each outcome no case in this cases file expects (default: the \
             built-in cases, for the built-in questions)",
        ),
        (
            "    --watch",
            "Stay open and check the file again each time it is saved, until Ctrl+C",
        ),
        QUESTIONS,
        LANG,
    ],
};

static EXPORT: Help = Help {
    about: "Print FHIR R4 JSON: the questionnaire, or a sample response",
    long_about: None,
    usage: "painpath export [OPTIONS] <COMMAND>",
    arguments: &[],
    commands: &[
        ("questionnaire", &EXPORT_QUESTIONNAIRE),
        ("response", &EXPORT_RESPONSE),
        ("help", &HELP),
    ],
    options: &[QUESTIONS, LANG],
};

static EXPORT_QUESTIONNAIRE: Help = Help {
    about: "The questionnaire as a FHIR R4 Questionnaire",
    long_about: None,
    usage: "painpath export questionnaire [OPTIONS] [PATH]",
    arguments: &[QUESTIONS_FILE],
    commands: &[],
    options: &[QUESTIONS, LANG],
};

static EXPORT_RESPONSE: Help = Help {
    about: "A sample FHIR R4 QuestionnaireResponse for a route given by ids, for testing an \
            integration (authored now, in UTC)",
    long_about: None,
    usage: "painpath export response [OPTIONS] --answer <QUESTION=ANSWER>",
    arguments: &[],
    commands: &[],
    options: &[
        (
            "    --answer <QUESTION=ANSWER>",
            "One answer as QUESTION=ANSWER: option ids separated by commas, or a score. Repeat \
             for each question on the route, e.g. --answer flags=none --answer where=hip",
        ),
        QUESTIONS,
        LANG,
    ],
};

static GRAPH: Help = Help {
    about: "Draw the decision tree as a Mermaid or Graphviz DOT graph",
    long_about: None,
    usage: "painpath graph [OPTIONS] [PATH]",
    arguments: &[QUESTIONS_FILE],
    commands: &[],
    options: &[
        (
            "    --format <FORMAT>",
            "The graph language [default: mermaid] [possible values: mermaid, dot]",
        ),
        QUESTIONS,
        LANG,
    ],
};

static KIOSK_PIN: Help = Help {
    about: "Make the staff PIN for kiosk mode: reads it twice without echo and prints the \
            `pin_hash = \"...\"` line to paste into the [kiosk] table of the config",
    long_about: None,
    usage: "painpath kiosk-pin [OPTIONS]",
    arguments: &[],
    commands: &[],
    options: &[QUESTIONS, LANG],
};

static INBOX: Help = Help {
    about: "Reception: list the assessments a kiosk left in a spool folder, newest first with \
            emergencies on top; open one to read its summary, mark it done to move it to \
            DIR/done/",
    long_about: Some(
        "Reception: list the assessments a kiosk left in a spool folder, newest first with \
         emergencies on top; open one to read its summary, mark it done to move it to \
         DIR/done/.\n\n\
         The folder is watched for changes, so new hand-offs appear by themselves; it may be a \
         folder shared with the kiosk (a mounted network folder: on NFS, SMB/CIFS or FUSE, or \
         with --poll, it is read every half second instead). When it starts, the inbox \
         removes half-written temporary files (.NAME.PID.N.tmp) older than an hour, left by a \
         writer that was stopped mid-write. Keys: arrows move, Enter opens, d marks done (asks \
         first), Esc goes back, r reads the folder now, ? shows help, q quits.",
    ),
    usage: "painpath inbox [OPTIONS] <DIR>",
    arguments: &[("<DIR>", "The spool folder the kiosk writes to")],
    commands: &[],
    options: &[
        (
            "    --poll",
            "Read the folder every half second instead of watching it for changes: for a \
             network folder painpath does not recognise as one (changes made on another \
             computer send no notification)",
        ),
        QUESTIONS,
        LANG,
    ],
};

static TEST: Help = Help {
    about: "Run the clinical case suite: each case's answers through the questionnaire, \
            checking the result, its disposition and \"also consider\". Exits 1 if any case \
            fails",
    long_about: None,
    usage: "painpath test [OPTIONS] [CASES]",
    arguments: &[(
        "[CASES]",
        "The cases file (default: the built-in cases with the built-in questions, or \
         cases.toml beside the file given with --questions)",
    )],
    commands: &[],
    options: &[QUESTIONS, LANG],
};

static PATHS: Help = Help {
    about: "List every route from the start to a result",
    long_about: None,
    usage: "painpath paths [OPTIONS] [PATH]",
    arguments: &[QUESTIONS_FILE],
    commands: &[],
    options: &[
        ("    --csv", "Write CSV instead of text"),
        (
            "    --limit <N>",
            "List at most this many routes (their number can grow exponentially) [default: \
             10000]",
        ),
        QUESTIONS,
        LANG,
    ],
};

static HELP: Help = Help {
    about: "Print this message or the help of the given subcommand(s)",
    long_about: None,
    usage: "painpath help [COMMAND]...",
    arguments: &[("[COMMAND]...", "Print help for the subcommand(s)")],
    commands: &[],
    options: &[],
};

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(args: &[&str]) -> Result<Cli, Stop> {
        parse(args.iter().map(OsString::from))
    }

    fn help_text(args: &[&str]) -> String {
        match parsed(args) {
            Err(Stop::Help(text)) => text,
            other => panic!("{args:?} gave no help: {other:?}"),
        }
    }

    fn error(args: &[&str]) -> String {
        match parsed(args) {
            Err(Stop::Invalid(message)) => message,
            other => panic!("{args:?} was not refused: {other:?}"),
        }
    }

    static ALL: [&Help; 10] = [
        &TOP,
        &CHECK,
        &EXPORT,
        &EXPORT_QUESTIONNAIRE,
        &EXPORT_RESPONSE,
        &GRAPH,
        &KIOSK_PIN,
        &INBOX,
        &TEST,
        &PATHS,
    ];

    #[test]
    fn every_help_fits_80_columns() {
        for help in ALL.into_iter().chain([&HELP]) {
            for long in [false, true] {
                for line in help.render(long).lines() {
                    assert!(line.chars().count() <= WIDTH, "{line}");
                    assert_eq!(line.trim_end(), line, "trailing spaces: {line:?}");
                }
            }
        }
    }

    #[test]
    fn the_help_shows_the_default_path_limit() {
        assert!(
            PATHS
                .render(false)
                .contains(&format!("[default: {}]", views::DEFAULT_PATH_LIMIT))
        );
    }

    #[test]
    fn help_names_a_subcommand_to_show_its_help() {
        assert_eq!(help_text(&["help"]), TOP.render(true));
        assert_eq!(help_text(&["help", "inbox"]), INBOX.render(true));
        assert_ne!(INBOX.render(true), INBOX.render(false));
        assert_eq!(help_text(&["inbox", "-h"]), INBOX.render(false));
        let response = EXPORT_RESPONSE.render(true);
        assert_eq!(help_text(&["help", "export", "response"]), response);
        assert_eq!(help_text(&["export", "help", "response"]), response);
        assert_eq!(help_text(&["export", "response", "--help"]), response);
        assert!(error(&["help", "check", "extra"]).contains("unrecognized subcommand 'extra'"));
    }

    #[test]
    fn a_global_option_given_after_the_subcommand_wins() {
        let cli = parsed(&["--questions", "a.toml", "test", "--questions=b.toml"]).unwrap();
        assert_eq!(cli.questions, Some(PathBuf::from("b.toml")));
        let cli = parsed(&["export", "--lang", "es", "response", "--answer", "a=b"]).unwrap();
        assert_eq!(cli.lang.as_deref(), Some("es"));
        assert!(error(&["test", "--lang", "es", "--lang", "en"]).contains("multiple times"));
    }

    #[test]
    fn an_option_does_not_take_the_next_option_as_its_value() {
        let message = error(&["--questions", "--plain"]);
        assert!(
            message.starts_with("error: a value is required for '--questions <PATH>'"),
            "{message}"
        );
        let cli = parsed(&["check", "--cases", "-"]).unwrap();
        assert!(
            matches!(cli.command, Some(Command::Check { cases: Some(c), .. }) if c.as_os_str() == "-")
        );
    }

    #[test]
    fn after_dashes_every_argument_is_a_value() {
        let cli = parsed(&["check", "--", "--strict"]).unwrap();
        assert!(
            matches!(cli.command, Some(Command::Check { path: Some(p), strict: false, .. }) if p.as_os_str() == "--strict")
        );
        assert!(error(&["--", "check"]).starts_with("error: unexpected argument 'check' found"));
    }

    #[test]
    fn shown_escapes_what_a_terminal_would_act_on() {
        assert_eq!(shown(OsStr::new("a\u{1b}[2Jb")), "'a\\u{1b}[2Jb'");
        assert_eq!(shown(OsStr::new("\u{202e}x\n")), "'\\u{202e}x\\n'");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            assert_eq!(shown(OsStr::from_bytes(b"q\xff.toml")), "'q\\xFF.toml'");
        }
        assert_eq!(shown(OsStr::new("it's \"x\"")), "'it's \"x\"'");
    }
}
