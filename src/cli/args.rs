//! What the command line asked for, as the parser leaves it: which command, and the value of
//! every option (its default when not given). Each option's meaning is in `flags.rs`.

use std::path::PathBuf;

use crate::engine::replay::GivenAnswer;
use crate::output::fhir::OptionLists;
use crate::output::views::DEFAULT_PATH_LIMIT;

use super::flags::Place;

/// The arguments of one run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args {
    /// What to do: the questions, kiosk mode, or a command.
    pub place: Place,
    /// The command's positional argument: a questions file, the cases file (`test`), the
    /// spool folder (`inbox`).
    pub path: Option<PathBuf>,
    pub version: bool,
    pub questions: Option<PathBuf>,
    pub lang: Option<String>,
    pub plain: bool,
    pub report: Option<PathBuf>,
    pub save_dir: Option<PathBuf>,
    pub kiosk: bool,
    pub config: Option<PathBuf>,
    pub spool: Option<PathBuf>,
    pub theme: ThemeArg,
    pub strict: bool,
    pub cases: Option<PathBuf>,
    pub watch: bool,
    pub answers: Vec<GivenAnswer>,
    pub format: GraphFormat,
    pub option_lists: OptionLists,
    pub poll: bool,
    pub csv: bool,
    pub limit: usize,
}

impl Default for Args {
    fn default() -> Args {
        Args {
            place: Place::Ask,
            path: None,
            version: false,
            questions: None,
            lang: None,
            plain: false,
            report: None,
            save_dir: None,
            kiosk: false,
            config: None,
            spool: None,
            theme: ThemeArg::Default,
            strict: false,
            cases: None,
            watch: false,
            answers: Vec::new(),
            format: GraphFormat::Mermaid,
            option_lists: OptionLists::Toggle,
            poll: false,
            csv: false,
            limit: DEFAULT_PATH_LIMIT,
        }
    }
}

impl Args {
    /// Whether this run shows or writes a local time: a summary saved at the end (its time
    /// and file name), the inbox (the times of the hand-offs) or `check --watch` (its stamps).
    pub fn uses_local_time(&self) -> bool {
        self.report.is_some()
            || self.save_dir.is_some()
            || self.place == Place::Inbox
            || (self.place == Place::Check && self.watch)
    }
}

/// `--theme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeArg {
    Default,
    HighContrast,
}

/// `graph --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    Mermaid,
    Dot,
}
