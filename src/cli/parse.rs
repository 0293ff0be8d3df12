//! Reads the command line into [`Args`] with the definitions of `flags.rs`: lexopt splits it
//! into options and values; an option is looked up in [`FLAGS`], accepted only where it may be
//! written and where it acts, and its `update` puts the value in.
//!
//! An argument that is not accepted ends the run with one `error: ...` line, the usage and a
//! pointer to `--help` on stderr, and status 2. Arguments are hostile input: they are shown
//! only escaped (control characters, other unprintable characters and bytes that are not
//! UTF-8 as `\u{1b}`, `\xFF`), never raw.

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use lexopt::{Arg, Parser};

use super::args::Args;
use super::flags::{CommandDef, FLAGS, Flag, HIDDEN, Kind, Place, TOP, Value};
use super::help;
use crate::content::diagnostic::nearest;
use crate::text::{Notation, visible};

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
pub fn parse(arguments: impl IntoIterator<Item = OsString>) -> Result<Args, Stop> {
    let mut p = Parser::from_args(arguments);
    let mut args = Args::default();
    let mut def: &'static CommandDef = &TOP;
    // The options given before any command, and those given at the current command: one may
    // be given once in each, the later replacing the earlier.
    let mut top_given: Vec<&'static Flag> = Vec::new();
    let mut here: Vec<&'static Flag> = Vec::new();
    let mut after_dashes = false;
    loop {
        // `--` ends the options; painpath itself takes no positional argument after it.
        if p.try_raw_args()
            .is_some_and(|raw| raw.peek() == Some(OsStr::new("--")))
        {
            after_dashes = true;
        }
        let Some(arg) = next(&mut p, def)? else {
            break;
        };
        let top = std::ptr::eq(def, &TOP);
        match arg {
            Arg::Short('h') | Arg::Long("help") => {
                return Err(Stop::Help(help::render(def, matches!(arg, Arg::Long(_)))));
            }
            Arg::Short(_) | Arg::Long(_) => {
                let flag = FLAGS
                    .iter()
                    .find(|flag| match arg {
                        Arg::Short(c) => flag.short == Some(c),
                        Arg::Long(name) => flag.long == name,
                        Arg::Value(_) => false,
                    })
                    .filter(|flag| flag.accepted(def.place, top))
                    .ok_or_else(|| unexpected(arg, def, top))?;
                if here.iter().any(|given| std::ptr::eq(*given, flag)) && !flag.repeats {
                    return Err(invalid(
                        format!(
                            "the argument '{}' cannot be used multiple times",
                            flag.spelled()
                        ),
                        def,
                    ));
                }
                here.push(flag);
                let value = read_value(&mut p, flag, def)?;
                (flag.update)(&mut args, value.0).map_err(|why| {
                    invalid(
                        format!(
                            "invalid value {} for '{}': {}",
                            shown(&value.1),
                            flag.spelled(),
                            visible(&why, Notation::Escaped)
                        ),
                        def,
                    )
                })?;
            }
            Arg::Value(name) if !def.commands.is_empty() && !after_dashes => {
                // The hidden commands are painpath's own, before any other.
                let hidden = if std::ptr::eq(def, &TOP) { HIDDEN } else { &[] };
                let Some(sub) = def
                    .commands
                    .iter()
                    .chain(hidden)
                    .find(|sub| name == sub.name)
                else {
                    let tip = name
                        .to_str()
                        .and_then(|name| nearest(name, def.commands.iter().map(|sub| sub.name)))
                        .map(|near| format!("\n\n  tip: a similar subcommand exists: '{near}'"))
                        .unwrap_or_default();
                    return Err(invalid(
                        format!("unrecognized subcommand {}{tip}", shown(&name)),
                        def,
                    ));
                };
                if sub.place == Place::Help {
                    return Err(help_command(&mut p, def));
                }
                if top {
                    top_given = std::mem::take(&mut here);
                } else {
                    here.clear();
                }
                def = sub;
            }
            Arg::Value(value) if def.positional().is_some() && args.path.is_none() => {
                let (name, _) = def.positional().unwrap_or_default();
                if value.is_empty() {
                    return Err(missing(name, def));
                }
                args.path = Some(PathBuf::from(value));
            }
            other => return Err(unexpected(other, def, std::ptr::eq(def, &TOP))),
        }
    }
    if std::ptr::eq(def, &TOP) {
        top_given = here;
    }
    finish(args, def, &top_given)
}

/// The checks that need the whole command line: a command or argument that must be there,
/// and each option given before the command acting where it was given.
fn finish(mut args: Args, def: &'static CommandDef, top_given: &[&Flag]) -> Result<Args, Stop> {
    let place = match def.place {
        Place::Ask if args.kiosk => Place::Kiosk,
        place => place,
    };
    if !def.commands.is_empty() && !std::ptr::eq(def, &TOP) {
        let names: Vec<&str> = def
            .commands
            .iter()
            .filter(|sub| sub.place != Place::Help)
            .map(|sub| sub.name)
            .collect();
        return Err(invalid(
            format!("'{}' needs a subcommand: {}", def.name, names.join(" or ")),
            def,
        ));
    }
    if let Some((name, true)) = def.positional()
        && args.path.is_none()
    {
        return Err(invalid(
            format!("the following required argument was not provided: {name}"),
            def,
        ));
    }
    if place == Place::ExportResponse && args.answers.is_empty() {
        return Err(invalid(
            "the following required argument was not provided: --answer <QUESTION=ANSWER>"
                .to_string(),
            def,
        ));
    }
    if place == Place::Check && args.watch && args.path.is_none() {
        return Err(invalid(
            "'--watch' needs the file to watch: painpath check --watch <PATH>".to_string(),
            def,
        ));
    }
    for flag in top_given {
        if !flag.acts.contains(&place) {
            return Err(invalid(
                format!("'{}' does nothing {}", flag.spelled(), where_(place)),
                def,
            ));
        }
    }
    args.place = place;
    Ok(args)
}

/// Where a run goes, for the message about an option that does nothing there.
fn where_(place: Place) -> String {
    match place {
        Place::Ask => "without --kiosk or a command".to_string(),
        Place::Kiosk => "with --kiosk".to_string(),
        _ => {
            let name = super::flags::COMMANDS
                .iter()
                .find(|def| def.place == place)
                .map_or("", |def| def.usage.split(" [").next().unwrap_or(def.name));
            format!("with '{}'", name.trim_end_matches(" <COMMAND>"))
        }
    }
}

/// Reads `flag`'s value, if it takes one: (the value, the argument as given, for messages).
fn read_value(p: &mut Parser, flag: &Flag, def: &CommandDef) -> Result<(Value, OsString), Stop> {
    let spelled = flag.spelled();
    match flag.kind {
        Kind::Switch => Ok((Value::Switch, OsString::new())),
        Kind::Path => {
            let value = raw_value(p).ok_or_else(|| missing(&spelled, def))?;
            if value.is_empty() {
                return Err(missing(&spelled, def));
            }
            Ok((Value::Path(PathBuf::from(value.clone())), value))
        }
        Kind::Text => {
            let value = raw_value(p).ok_or_else(|| missing(&spelled, def))?;
            let text = utf8(&value, &spelled, def)?.to_string();
            Ok((Value::Text(text), value))
        }
        Kind::Choice(names) => {
            let possible = format!("[possible values: {}]", names.join(", "));
            let Some(value) = raw_value(p) else {
                return Err(invalid(
                    format!("a value is required for '{spelled}' but none was supplied {possible}"),
                    def,
                ));
            };
            match names.iter().find(|name| value == **name) {
                Some(name) => Ok((Value::Text(name.to_string()), value)),
                None => Err(invalid(
                    format!("invalid value {} for '{spelled}' {possible}", shown(&value)),
                    def,
                )),
            }
        }
    }
}

/// An option's value: joined to it with `=`, or the next argument. As clap did, an argument
/// that looks like an option (`-x`, `--`) is not taken as the value: `--questions --plain`
/// is a missing value, not a file "--plain".
fn raw_value(p: &mut Parser) -> Option<OsString> {
    if let Some(value) = p.optional_value() {
        return Some(value);
    }
    p.try_raw_args().and_then(|mut raw| {
        raw.next_if(|next| next == "-" || !next.as_encoded_bytes().starts_with(b"-"))
    })
}

/// A value that must be UTF-8.
fn utf8<'v>(value: &'v OsStr, option: &str, def: &CommandDef) -> Result<&'v str, Stop> {
    value.to_str().ok_or_else(|| {
        invalid(
            format!(
                "invalid value {} for '{option}': not valid UTF-8",
                shown(value)
            ),
            def,
        )
    })
}

/// The next option or value; a value given to an option that takes none is an error.
fn next<'p>(p: &'p mut Parser, def: &CommandDef) -> Result<Option<Arg<'p>>, Stop> {
    p.next().map_err(|err| match err {
        lexopt::Error::UnexpectedValue { option, value } => invalid(
            format!(
                "unexpected value {} for {} found; no more were expected",
                shown(&value),
                shown(OsStr::new(&option))
            ),
            def,
        ),
        other => invalid(
            visible(&other.to_string(), Notation::Escaped).into_owned(),
            def,
        ),
    })
}

/// `painpath help [COMMAND]...` (or `painpath export help [COMMAND]`): the help of the
/// command named by the rest of the arguments, in full, as `--help` gives it.
fn help_command(p: &mut Parser, from: &'static CommandDef) -> Stop {
    let mut def = from;
    let rest: Vec<OsString> = match p.raw_args() {
        Ok(raw) => raw.collect(),
        Err(_) => Vec::new(),
    };
    for name in &rest {
        match def.commands.iter().find(|sub| name == sub.name) {
            Some(sub) => def = sub,
            None => return invalid(format!("unrecognized subcommand {}", shown(name)), def),
        }
    }
    Stop::Help(help::render(def, true))
}

fn missing(option: &str, def: &CommandDef) -> Stop {
    invalid(
        format!("a value is required for '{option}' but none was supplied"),
        def,
    )
}

/// An option this command does not take, or a positional argument too many; for a long
/// option, the nearest one it does take (`top`: before any command), if one is near.
fn unexpected(arg: Arg, def: &CommandDef, top: bool) -> Stop {
    let mut tip = String::new();
    let shown = match arg {
        Arg::Short(c) => shown(OsStr::new(&format!("-{c}"))),
        Arg::Long(name) => {
            let taken = FLAGS
                .iter()
                .filter(|flag| flag.accepted(def.place, top))
                .map(|flag| flag.long);
            if let Some(near) = nearest(name, taken.chain(["help"])) {
                tip = format!("\n\n  tip: a similar argument exists: '--{near}'");
            }
            shown(OsStr::new(&format!("--{name}")))
        }
        Arg::Value(value) => shown(&value),
    };
    invalid(format!("unexpected argument {shown} found{tip}"), def)
}

/// The error message: the line, the usage, and where to read more.
fn invalid(line: String, def: &CommandDef) -> Stop {
    Stop::Invalid(format!(
        "error: {line}\n\nUsage: {}\n\nFor more information, try '--help'.\n",
        def.usage
    ))
}

/// An argument as a message shows it: in single quotes, escaped.
fn shown(arg: &OsStr) -> String {
    let mut out = String::from("'");
    for chunk in arg.as_encoded_bytes().utf8_chunks() {
        out.push_str(&visible(chunk.valid(), Notation::Escaped));
        for byte in chunk.invalid() {
            out.push_str(&format!("\\x{byte:02X}"));
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::args::{GraphFormat, ThemeArg};
    use crate::cli::flags::COMMANDS;

    fn parsed(args: &[&str]) -> Result<Args, Stop> {
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

    #[test]
    fn help_names_a_subcommand_to_show_its_help() {
        let top = COMMANDS[0];
        let inbox = help::find(["inbox"]).expect("inbox");
        assert_eq!(help_text(&["help"]), help::render(top, true));
        assert_eq!(help_text(&["help", "inbox"]), help::render(inbox, true));
        assert_ne!(help::render(inbox, true), help::render(inbox, false));
        assert_eq!(help_text(&["inbox", "-h"]), help::render(inbox, false));
        let response = help::render(help::find(["export", "response"]).expect("response"), true);
        assert_eq!(help_text(&["help", "export", "response"]), response);
        assert_eq!(help_text(&["export", "help", "response"]), response);
        assert_eq!(help_text(&["export", "response", "--help"]), response);
        assert!(error(&["help", "check", "extra"]).contains("unrecognized subcommand 'extra'"));
    }

    #[test]
    fn a_global_option_given_after_the_subcommand_wins() {
        let args = parsed(&["--questions", "a.toml", "test", "--questions=b.toml"]).unwrap();
        assert_eq!(args.questions, Some(PathBuf::from("b.toml")));
        let args = parsed(&["export", "--lang", "es", "response", "--answer", "a=b"]).unwrap();
        assert_eq!(args.lang.as_deref(), Some("es"));
        assert!(
            error(&["export", "response", "--lang", "es", "--lang", "en"])
                .contains("multiple times")
        );
    }

    #[test]
    fn an_option_does_not_take_the_next_option_as_its_value() {
        let message = error(&["--questions", "--plain"]);
        assert!(
            message.starts_with("error: a value is required for '--questions <PATH>'"),
            "{message}"
        );
        let args = parsed(&["check", "--cases", "-"]).unwrap();
        assert_eq!(args.place, Place::Check);
        assert_eq!(args.cases, Some(PathBuf::from("-")));
    }

    #[test]
    fn after_dashes_every_argument_is_a_value() {
        let args = parsed(&["check", "--", "--strict"]).unwrap();
        assert_eq!(args.path, Some(PathBuf::from("--strict")));
        assert!(!args.strict);
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

    #[test]
    fn each_option_reaches_its_field() {
        let args = parsed(&[
            "--questions=q.toml",
            "--lang",
            "es",
            "--plain",
            "--report",
            "r.md",
            "--save-dir",
            "out",
            "--theme",
            "high-contrast",
        ])
        .unwrap();
        assert_eq!(args.place, Place::Ask);
        assert_eq!(args.questions, Some(PathBuf::from("q.toml")));
        assert_eq!(args.lang.as_deref(), Some("es"));
        assert!(args.plain);
        assert_eq!(args.report, Some(PathBuf::from("r.md")));
        assert_eq!(args.save_dir, Some(PathBuf::from("out")));
        assert_eq!(args.theme, ThemeArg::HighContrast);
        let args = parsed(&["--kiosk", "--config", "c.toml", "--spool", "s"]).unwrap();
        assert_eq!(args.place, Place::Kiosk);
        assert_eq!(args.config, Some(PathBuf::from("c.toml")));
        assert_eq!(args.spool, Some(PathBuf::from("s")));
        let args = parsed(&["check", "--strict", "--watch", "--cases", "c", "f"]).unwrap();
        assert!(args.strict && args.watch);
        assert_eq!(args.path, Some(PathBuf::from("f")));
        let args = parsed(&["graph", "--format", "dot"]).unwrap();
        assert_eq!(args.format, GraphFormat::Dot);
        let args = parsed(&["paths", "--csv", "--limit", "7"]).unwrap();
        assert!(args.csv);
        assert_eq!(args.limit, 7);
        let args = parsed(&["--theme", "high-contrast", "inbox", "--poll", "d"]).unwrap();
        assert_eq!((args.place, args.poll), (Place::Inbox, true));
        let args = parsed(&["export", "response", "--answer", "a=b", "--answer", "c=d"]).unwrap();
        assert_eq!(args.answers.len(), 2);
        assert!(parsed(&["-V"]).unwrap().version);
    }

    #[test]
    fn an_option_given_where_it_does_nothing_is_refused() {
        for (args, said) in [
            (
                &["--lang", "es", "check"][..],
                "'--lang <LANG>' does nothing with 'painpath check'",
            ),
            (
                &["--theme", "default", "paths"],
                "'--theme <THEME>' does nothing with 'painpath paths'",
            ),
            (
                &["--questions", "q.toml", "inbox", "d"],
                "does nothing with 'painpath inbox'",
            ),
            (
                &["--questions", "q.toml", "kiosk-pin"],
                "does nothing with 'painpath kiosk-pin'",
            ),
            (
                &["--plain", "test"],
                "'--plain' does nothing with 'painpath test'",
            ),
            (
                &["--report", "r.md", "graph"],
                "'--report <PATH>' does nothing with 'painpath graph'",
            ),
            (
                &["--kiosk", "--plain"],
                "'--plain' does nothing with --kiosk",
            ),
            (
                &["--kiosk", "--save-dir", "d"],
                "'--save-dir <DIR>' does nothing with --kiosk",
            ),
            (
                &["--spool", "s"],
                "'--spool <DIR>' does nothing without --kiosk or a command",
            ),
            (
                &["--kiosk", "check"],
                "'--kiosk' does nothing with 'painpath check'",
            ),
        ] {
            let message = error(args);
            assert!(message.contains(said), "{args:?}: {message}");
        }
        // After the command's name, such an option is not one of its own.
        for args in [
            &["check", "--lang", "es"][..],
            &["graph", "--lang", "es"],
            &["test", "--lang=es"],
        ] {
            assert!(
                error(args).contains("unexpected argument '--lang' found"),
                "{args:?}"
            );
        }
    }

    #[test]
    fn a_misspelt_option_or_command_gets_the_nearest_one() {
        let plian = error(&["--plian"]);
        assert!(
            plian.starts_with(
                "error: unexpected argument '--plian' found\n\n  tip: a similar argument \
                 exists: '--plain'\n"
            ),
            "{plian}"
        );
        assert!(error(&["chek"]).contains("tip: a similar subcommand exists: 'check'"));
        assert!(error(&["check", "--stirct"]).contains("exists: '--strict'"));
        // Only what is taken there: `--plain` is not one of check's own.
        assert!(!error(&["check", "--plian"]).contains("tip:"));
        assert!(!error(&["--bogus"]).contains("tip:"));
        assert!(error(&["export", "respons"]).contains("exists: 'response'"));
    }

    /// Every help, as `-h` and `--help` print it (and `painpath help ...` for the long one).
    #[test]
    fn every_help_as_it_is_printed() {
        let mut paths: Vec<Vec<&str>> = vec![vec![]];
        for def in COMMANDS[0].commands {
            paths.push(vec![def.name]);
            for sub in def.commands {
                paths.push(vec![def.name, sub.name]);
            }
        }
        for path in paths {
            if path.last() == Some(&"help") {
                let mut args = path.clone();
                args.push("check");
                if path.len() > 1 {
                    continue; // `export help` names export's commands, shown below
                }
                assert_eq!(help_text(&args), help_text(&["check", "--help"]));
                continue;
            }
            let name = if path.is_empty() {
                "painpath".to_string()
            } else {
                path.join("_")
            };
            for flag in ["-h", "--help"] {
                let mut args = path.clone();
                args.push(flag);
                insta::assert_snapshot!(format!("{name}{flag}"), help_text(&args));
            }
            let mut args = vec!["help"];
            args.extend(&path);
            assert_eq!(
                help_text(&args),
                help_text(&[&path[..], &["--help"]].concat())
            );
        }
    }

    #[test]
    fn the_writer_is_known_only_before_any_other_command_and_takes_nothing() {
        assert_eq!(
            parsed(&["write-handoff"]).map(|args| args.place),
            Ok(Place::WriteHandoff)
        );
        assert!(error(&["export", "write-handoff"]).contains("unrecognized subcommand"));
        assert!(error(&["write-handoff", "--questions", "q.toml"]).contains("--questions"));
        assert!(error(&["--kiosk", "write-handoff"]).contains("--kiosk"));
        assert!(error(&["help", "write-handoff"]).contains("unrecognized subcommand"));
        assert!(!error(&["write-handof"]).contains("tip:"));
    }
}
