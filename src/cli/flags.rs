//! Every option and every command, each defined once: its names, its help, where it may be
//! given, where it acts, and how it changes [`Args`]. The parser (`parse.rs`) and the help
//! (`help.rs`) are both made from these tables, so an option cannot be documented in one
//! place and read in another. (ripgrep's `flags/defs.rs` is the model.)

use std::path::PathBuf;

use crate::engine::replay::GivenAnswer;

use crate::output::fhir::OptionLists;

use super::args::{Args, GraphFormat, ThemeArg};

/// What painpath is asked to do: the questions (no command), kiosk mode (`--kiosk`) or a
/// command. An option is accepted only where it acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Place {
    /// No command: the questions, in the terminal or as plain text.
    #[default]
    Ask,
    /// `--kiosk`: the questions on a reception screen.
    Kiosk,
    Check,
    /// `export` before its subcommand is named.
    Export,
    ExportQuestionnaire,
    ExportResponse,
    Graph,
    KioskPin,
    Inbox,
    Test,
    Paths,
    /// `help [COMMAND]...`.
    Help,
    /// `write-handoff`: kiosk mode's writer of a hand-off, started by the kiosk itself (not
    /// in the help).
    WriteHandoff,
}

/// Where on the command line an option may be written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// Before any command: `painpath --theme high-contrast inbox DIR`.
    Top,
    /// Before the command or after it (the later one wins): `--questions`, `--lang`.
    Anywhere,
    /// After its command's name only: `painpath check --strict`.
    Command,
}

/// The value an option takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// None: given or not.
    Switch,
    /// A path: any bytes, not empty.
    Path,
    /// Text: UTF-8.
    Text,
    /// One of these names.
    Choice(&'static [&'static str]),
}

/// An option's value as the parser read it.
#[derive(Debug)]
pub enum Value {
    Switch,
    Path(PathBuf),
    Text(String),
}

/// One option of the command line.
pub struct Flag {
    /// Without its dashes: `questions`.
    pub long: &'static str,
    pub short: Option<char>,
    /// The value's name in the help (`PATH`), `None` for a switch.
    pub value_name: Option<&'static str>,
    pub kind: Kind,
    /// What it does, one paragraph, without a final full stop.
    pub help: &'static str,
    /// Shown after the help as `[default: ...]`.
    pub default: Option<&'static str>,
    pub position: Position,
    /// Where it changes something; given anywhere else, it is refused.
    pub acts: &'static [Place],
    /// May be given more than once (each adds a value).
    pub repeats: bool,
    /// Puts the value into the arguments; an error is the reason the value is refused.
    pub update: fn(&mut Args, Value) -> Result<(), String>,
}

impl Flag {
    /// As the help and the messages name it: `--report <PATH>`, `--plain`.
    pub fn spelled(&self) -> String {
        match self.value_name {
            Some(value) => format!("--{} <{value}>", self.long),
            None => format!("--{}", self.long),
        }
    }

    /// May it be written at `place` (before any command when `top`)?
    pub fn accepted(&self, place: Place, top: bool) -> bool {
        match self.position {
            Position::Top => top,
            Position::Anywhere => top || self.acts.contains(&place),
            Position::Command => !top && self.acts.contains(&place),
        }
    }
}

/// Every place but help: `--version` prints the version whatever else is asked.
const EVERYWHERE: &[Place] = &[
    Place::Ask,
    Place::Kiosk,
    Place::Check,
    Place::Export,
    Place::ExportQuestionnaire,
    Place::ExportResponse,
    Place::Graph,
    Place::KioskPin,
    Place::Inbox,
    Place::Test,
    Place::Paths,
];

/// The places a questions file is read.
const READS_QUESTIONS: &[Place] = &[
    Place::Ask,
    Place::Kiosk,
    Place::Check,
    Place::Export,
    Place::ExportQuestionnaire,
    Place::ExportResponse,
    Place::Graph,
    Place::Test,
    Place::Paths,
];

/// The default of `paths --limit`, as the help shows it ([`crate::output::views::DEFAULT_PATH_LIMIT`]).
pub const PATH_LIMIT_SHOWN: &str = "10000";

fn path(value: Value) -> PathBuf {
    match value {
        Value::Path(path) => path,
        Value::Text(text) => PathBuf::from(text),
        Value::Switch => PathBuf::new(),
    }
}

fn text(value: Value) -> String {
    match value {
        Value::Text(text) => text,
        Value::Path(path) => path.to_string_lossy().into_owned(),
        Value::Switch => String::new(),
    }
}

/// Every option, in the order the help lists them (a command's own before `--questions`).
pub static FLAGS: &[Flag] = &[
    Flag {
        long: "strict",
        short: None,
        value_name: None,
        kind: Kind::Switch,
        help: "Make warnings (unrouted options, results only defaults reach, outcomes without \
               a case, texts too long for the screen) errors: exit 1 when there is one",
        default: None,
        position: Position::Command,
        acts: &[Place::Check],
        repeats: false,
        update: |args, _| {
            args.strict = true;
            Ok(())
        },
    },
    Flag {
        long: "cases",
        short: None,
        value_name: Some("CASES"),
        kind: Kind::Path,
        help: "Also warn about each outcome no case in this cases file expects (default: the \
               built-in cases, for the built-in questions)",
        default: None,
        position: Position::Command,
        acts: &[Place::Check],
        repeats: false,
        update: |args, value| {
            args.cases = Some(path(value));
            Ok(())
        },
    },
    Flag {
        long: "watch",
        short: None,
        value_name: None,
        kind: Kind::Switch,
        help: "Stay open and check the file again each time it is saved, until Ctrl+C",
        default: None,
        position: Position::Command,
        acts: &[Place::Check],
        repeats: false,
        update: |args, _| {
            args.watch = true;
            Ok(())
        },
    },
    Flag {
        long: "answer",
        short: None,
        value_name: Some("QUESTION=ANSWER"),
        kind: Kind::Text,
        help: "One answer as QUESTION=ANSWER: option ids separated by commas, or a score. \
               Repeat it for each question on the route (see the examples in --help)",
        default: None,
        position: Position::Command,
        acts: &[Place::ExportResponse],
        repeats: true,
        update: |args, value| {
            let answer = text(value).parse::<GivenAnswer>()?;
            args.answers.push(answer);
            Ok(())
        },
    },
    Flag {
        long: "format",
        short: None,
        value_name: Some("FORMAT"),
        kind: Kind::Choice(&["mermaid", "dot"]),
        help: "The graph language",
        default: Some("mermaid"),
        position: Position::Command,
        acts: &[Place::Graph],
        repeats: false,
        update: |args, value| {
            args.format = match text(value).as_str() {
                "dot" => GraphFormat::Dot,
                _ => GraphFormat::Mermaid,
            };
            Ok(())
        },
    },
    Flag {
        long: "option-lists",
        short: None,
        value_name: Some("HOW"),
        kind: Kind::Choice(&["toggle", "expression"]),
        help: "How the options offered only after some answers travel: `toggle` lists every \
               option and says when each is offered (SDC answerOptionsToggleExpression; a \
               renderer without it shows them all); `expression` builds such a question's \
               list with FHIRPath (SDC answerExpression, for LHC-Forms), its options' words in \
               the export's language only",
        default: Some("toggle"),
        position: Position::Command,
        acts: &[Place::ExportQuestionnaire],
        repeats: false,
        update: |args, value| {
            args.option_lists = match text(value).as_str() {
                "expression" => OptionLists::Expression,
                _ => OptionLists::Toggle,
            };
            Ok(())
        },
    },
    Flag {
        long: "poll",
        short: None,
        value_name: None,
        kind: Kind::Switch,
        help: "Read the folder every half second instead of watching it for changes: for a \
               network folder painpath does not recognise as one (changes made on another \
               computer send no notification)",
        default: None,
        position: Position::Command,
        acts: &[Place::Inbox],
        repeats: false,
        update: |args, _| {
            args.poll = true;
            Ok(())
        },
    },
    Flag {
        long: "csv",
        short: None,
        value_name: None,
        kind: Kind::Switch,
        help: "Write CSV instead of text",
        default: None,
        position: Position::Command,
        acts: &[Place::Paths],
        repeats: false,
        update: |args, _| {
            args.csv = true;
            Ok(())
        },
    },
    Flag {
        long: "limit",
        short: None,
        value_name: Some("N"),
        kind: Kind::Text,
        help: "List at most this many routes (their number can grow exponentially)",
        default: Some(PATH_LIMIT_SHOWN),
        position: Position::Command,
        acts: &[Place::Paths],
        repeats: false,
        update: |args, value| {
            args.limit = text(value).parse::<usize>().map_err(|e| e.to_string())?;
            Ok(())
        },
    },
    Flag {
        long: "version",
        short: Some('V'),
        value_name: None,
        kind: Kind::Switch,
        help: "Print painpath's version and the built-in questionnaire's (id and version)",
        default: None,
        position: Position::Top,
        acts: EVERYWHERE,
        repeats: false,
        update: |args, _| {
            args.version = true;
            Ok(())
        },
    },
    Flag {
        long: "questions",
        short: None,
        value_name: Some("PATH"),
        kind: Kind::Path,
        help: "Use this questions file instead of the built-in one",
        default: None,
        position: Position::Anywhere,
        acts: READS_QUESTIONS,
        repeats: false,
        update: |args, value| {
            args.questions = Some(path(value));
            Ok(())
        },
    },
    Flag {
        long: "lang",
        short: None,
        value_name: Some("LANG"),
        kind: Kind::Text,
        help: "The language of the questions and of everything painpath says: `en`, `es`. \
               Default: from LC_ALL, LC_MESSAGES or LANG (`es_*` gives Spanish), else the \
               questions' own (for `export questionnaire`, always the questions' own). A \
               translation is a file beside the questions (questions.es.toml)",
        default: None,
        position: Position::Anywhere,
        acts: &[
            Place::Ask,
            Place::Kiosk,
            Place::Export,
            Place::ExportQuestionnaire,
            Place::ExportResponse,
        ],
        repeats: false,
        update: |args, value| {
            args.lang = Some(text(value));
            Ok(())
        },
    },
    Flag {
        long: "plain",
        short: None,
        value_name: None,
        kind: Kind::Switch,
        help: "Ask the questions as numbered text prompts (also used when stdin or stdout is \
               not a terminal)",
        default: None,
        position: Position::Top,
        acts: &[Place::Ask],
        repeats: false,
        update: |args, _| {
            args.plain = true;
            Ok(())
        },
    },
    Flag {
        long: "report",
        short: None,
        value_name: Some("PATH"),
        kind: Kind::Path,
        help: "At the end, save a summary (Markdown) to this new file; an existing file is \
               never replaced. Nothing is written unless you ask",
        default: None,
        position: Position::Top,
        acts: &[Place::Ask],
        repeats: false,
        update: |args, value| {
            args.report = Some(path(value));
            Ok(())
        },
    },
    Flag {
        long: "save-dir",
        short: None,
        value_name: Some("DIR"),
        kind: Kind::Path,
        help: "At the end, save a summary as painpath-YYYYMMDD-HHMMSS.md in this folder",
        default: None,
        position: Position::Top,
        acts: &[Place::Ask],
        repeats: false,
        update: |args, value| {
            args.save_dir = Some(path(value));
            Ok(())
        },
    },
    Flag {
        long: "kiosk",
        short: None,
        value_name: None,
        kind: Kind::Switch,
        help: "Kiosk mode: run unattended on a reception screen, one patient after another, \
               until staff press the exit key (F10) and the PIN. Needs a config with a \
               pin_hash",
        default: None,
        position: Position::Top,
        acts: &[Place::Kiosk],
        repeats: false,
        update: |args, _| {
            args.kiosk = true;
            Ok(())
        },
    },
    Flag {
        long: "config",
        short: None,
        value_name: Some("PATH"),
        kind: Kind::Path,
        help: "The config file with the [kiosk] table (timeouts, exit key, pin_hash, spool)",
        default: None,
        position: Position::Top,
        acts: &[Place::Kiosk],
        repeats: false,
        update: |args, value| {
            args.config = Some(path(value));
            Ok(())
        },
    },
    Flag {
        long: "spool",
        short: None,
        value_name: Some("DIR"),
        kind: Kind::Path,
        help: "Kiosk mode: the folder where \"Send my answers to reception\" leaves a finished \
               session (overrides `spool` in the config). It must exist",
        default: None,
        position: Position::Top,
        acts: &[Place::Kiosk],
        repeats: false,
        update: |args, value| {
            args.spool = Some(path(value));
            Ok(())
        },
    },
    Flag {
        long: "theme",
        short: None,
        value_name: Some("THEME"),
        kind: Kind::Choice(&["default", "high-contrast"]),
        help: "Colours of the full-screen interface. `NO_COLOR` turns colour off in either \
               theme",
        default: Some("default"),
        position: Position::Top,
        acts: &[Place::Ask, Place::Kiosk, Place::Inbox],
        repeats: false,
        update: |args, value| {
            args.theme = match text(value).as_str() {
                "high-contrast" => ThemeArg::HighContrast,
                _ => ThemeArg::Default,
            };
            Ok(())
        },
    },
];

/// One command (or painpath itself) as its help describes it.
pub struct CommandDef {
    pub place: Place,
    /// As typed after its parent: `check`, `questionnaire`.
    pub name: &'static str,
    /// The first paragraph, without its final full stop: what `-h` shows, and the command's
    /// line in its parent's list.
    pub about: &'static str,
    /// The whole description, for `--help`, when there is more to say than `about`.
    pub long_about: Option<&'static str>,
    pub usage: &'static str,
    /// Its positional arguments: (name as in the usage, what it is).
    pub arguments: &'static [(&'static str, &'static str)],
    /// Its subcommands, `help` last when it has any.
    pub commands: &'static [&'static CommandDef],
}

impl CommandDef {
    /// The positional argument it takes, if any, and whether it must be given.
    pub fn positional(&self) -> Option<(&'static str, bool)> {
        self.arguments
            .first()
            .filter(|_| self.place != Place::Help)
            .map(|(name, _)| (*name, name.starts_with('<')))
    }
}

/// The questions file a command reads, as a positional argument.
const QUESTIONS_FILE: (&str, &str) = (
    "[PATH]",
    "The questions file (default: the built-in questions)",
);

pub static TOP: CommandDef = CommandDef {
    place: Place::Ask,
    name: "painpath",
    about: env!("CARGO_PKG_DESCRIPTION"),
    long_about: None,
    usage: "painpath [OPTIONS] [COMMAND]",
    arguments: &[],
    commands: &[
        &CHECK, &EXPORT, &GRAPH, &KIOSK_PIN, &INBOX, &TEST, &PATHS, &HELP,
    ],
};

pub static CHECK: CommandDef = CommandDef {
    place: Place::Check,
    name: "check",
    about: "Check a questions file and print what it holds, or its errors",
    long_about: None,
    usage: "painpath check [OPTIONS] [PATH]",
    arguments: &[(
        "[PATH]",
        "The file to check (default: the built-in questions)",
    )],
    commands: &[],
};

pub static EXPORT: CommandDef = CommandDef {
    place: Place::Export,
    name: "export",
    about: "Print FHIR R4 JSON: the questionnaire, or a sample response",
    long_about: None,
    usage: "painpath export [OPTIONS] <COMMAND>",
    arguments: &[],
    commands: &[&EXPORT_QUESTIONNAIRE, &EXPORT_RESPONSE, &HELP],
};

pub static EXPORT_QUESTIONNAIRE: CommandDef = CommandDef {
    place: Place::ExportQuestionnaire,
    name: "questionnaire",
    about: "The questionnaire as a FHIR R4 Questionnaire, each text with its translations \
            (in the questions' own language first, or --lang's)",
    long_about: None,
    usage: "painpath export questionnaire [OPTIONS] [PATH]",
    arguments: &[QUESTIONS_FILE],
    commands: &[],
};

pub static EXPORT_RESPONSE: CommandDef = CommandDef {
    place: Place::ExportResponse,
    name: "response",
    about: "A sample FHIR R4 QuestionnaireResponse for a route given by ids, for testing an \
            integration (authored now, in UTC)",
    // The examples are run by tests/commands/docs_examples.rs.
    long_about: Some(
        "A sample FHIR R4 QuestionnaireResponse for a route given by ids, for testing an \
         integration (authored now, in UTC).\n\n\
         Give one --answer for each question on the route, from the first question to a \
         result, with the ids of the questions file: `painpath paths` lists every route by its \
         question ids and the option ids of each branch, `painpath export questionnaire` \
         every question's id (linkId) and its options' (code), and each case in cases.toml \
         is a whole route.\n\n\
         Examples, with the built-in questions:\n\
         \x20 painpath export response --answer red_flags=chest\n\
         \x20 painpath export response --answer red_flags=none --answer warning_signs=none \\\n\
         \x20   --answer age=under_16 --answer where=knee --answer leg_signs=none",
    ),
    usage: "painpath export response [OPTIONS] --answer <QUESTION=ANSWER>",
    arguments: &[],
    commands: &[],
};

pub static GRAPH: CommandDef = CommandDef {
    place: Place::Graph,
    name: "graph",
    about: "Draw the decision tree as a Mermaid or Graphviz DOT graph",
    long_about: None,
    usage: "painpath graph [OPTIONS] [PATH]",
    arguments: &[QUESTIONS_FILE],
    commands: &[],
};

pub static KIOSK_PIN: CommandDef = CommandDef {
    place: Place::KioskPin,
    name: "kiosk-pin",
    about: "Make the staff PIN for kiosk mode: reads it twice without echo and prints the \
            `pin_hash = \"...\"` line to paste into the [kiosk] table of the config",
    long_about: None,
    usage: "painpath kiosk-pin",
    arguments: &[],
    commands: &[],
};

pub static INBOX: CommandDef = CommandDef {
    place: Place::Inbox,
    name: "inbox",
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
         first), Esc goes back, r reads the folder now, ? shows help, q quits. The colours \
         follow --theme given before `inbox`.",
    ),
    usage: "painpath inbox [OPTIONS] <DIR>",
    arguments: &[("<DIR>", "The spool folder the kiosk writes to")],
    commands: &[],
};

pub static TEST: CommandDef = CommandDef {
    place: Place::Test,
    name: "test",
    about: "Run the clinical case suite: each case's answers through the questionnaire, in \
            each language it comes in, checking the result, its disposition and \"also \
            consider\". Exits 1 if any case fails",
    long_about: None,
    usage: "painpath test [OPTIONS] [CASES]",
    arguments: &[(
        "[CASES]",
        "The cases file (default: the built-in cases with the built-in questions, or \
         cases.toml beside the file given with --questions)",
    )],
    commands: &[],
};

pub static PATHS: CommandDef = CommandDef {
    place: Place::Paths,
    name: "paths",
    about: "List every route from the start to a result",
    long_about: None,
    usage: "painpath paths [OPTIONS] [PATH]",
    arguments: &[QUESTIONS_FILE],
    commands: &[],
};

pub static HELP: CommandDef = CommandDef {
    place: Place::Help,
    name: "help",
    about: "Print this message or the help of the given subcommand(s)",
    long_about: None,
    usage: "painpath help [COMMAND]...",
    arguments: &[("[COMMAND]...", "Print help for the subcommand(s)")],
    commands: &[],
};

/// The writer kiosk mode starts to write a hand-off in a process of its own (see
/// `handoff::spool::courier`): its errand comes on standard input. Only the kiosk runs it, so
/// the help does not list it and no option acts there.
pub static WRITE_HANDOFF: CommandDef = CommandDef {
    place: Place::WriteHandoff,
    name: crate::handoff::spool::courier::COMMAND,
    about: "Write a hand-off kiosk mode passes on standard input (started by kiosk mode)",
    long_about: None,
    usage: "painpath write-handoff",
    arguments: &[],
    commands: &[],
};

/// Commands painpath's help leaves out, known only before any other command.
pub static HIDDEN: &[&CommandDef] = &[&WRITE_HANDOFF];

/// Every command's definition, painpath's own first.
pub static COMMANDS: &[&CommandDef] = &[
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
    &HELP,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shown_path_limit_is_the_real_one() {
        assert_eq!(
            PATH_LIMIT_SHOWN,
            crate::output::views::DEFAULT_PATH_LIMIT.to_string()
        );
    }

    #[test]
    fn every_option_is_defined_once_and_acts_somewhere() {
        for (i, flag) in FLAGS.iter().enumerate() {
            assert!(!flag.acts.is_empty(), "--{} acts nowhere", flag.long);
            assert!(
                FLAGS[..i].iter().all(|other| other.long != flag.long),
                "--{} is defined twice",
                flag.long
            );
            assert_eq!(
                flag.value_name.is_none(),
                flag.kind == Kind::Switch,
                "--{}: a value name exactly when it takes a value",
                flag.long
            );
        }
    }

    #[test]
    fn the_writer_is_a_command_the_help_does_not_list() {
        assert!(TOP.commands.iter().all(|c| c.place != Place::WriteHandoff));
        assert!(COMMANDS.iter().all(|c| c.place != Place::WriteHandoff));
        assert!(FLAGS.iter().all(|f| !f.acts.contains(&Place::WriteHandoff)));
        assert!(!super::super::help::render(&TOP, true).contains("write-handoff"));
    }

    #[test]
    fn every_place_but_help_has_a_command_or_is_painpath_itself() {
        for place in EVERYWHERE {
            let defined = COMMANDS.iter().any(|c| c.place == *place);
            assert!(defined || *place == Place::Kiosk, "{place:?}");
        }
    }
}
