//! Keeping the result: what a result screen does with the summary when the person asks, and
//! only then: save it to a new file in a folder they choose.
//! Whoever runs the questions (the command line) makes the [`Keeper`], with the folder to
//! offer and the clock's offset; the interfaces only call it.

use std::path::{Path, PathBuf};

use time::{OffsetDateTime, UtcOffset};

use crate::content::model::Questionnaire;
use crate::engine::session::Assessment;
use crate::handoff::save::{self, Destination};

/// Saves the summary of a finished session, when the person asks.
#[derive(Debug, Clone)]
pub struct Keeper<'q> {
    questionnaire: &'q Questionnaire,
    /// The folder offered first when the person saves (they may type another).
    folder: PathBuf,
    /// The local time's offset from UTC, for the summary's date and the file's name.
    offset: UtcOffset,
}

impl<'q> Keeper<'q> {
    /// A keeper of `questionnaire`'s summaries, offering `folder`, dating them in `offset`.
    pub fn new(questionnaire: &'q Questionnaire, folder: PathBuf, offset: UtcOffset) -> Keeper<'q> {
        Keeper {
            questionnaire,
            folder,
            offset,
        }
    }

    /// The folder offered first.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Saves the summary of `assessment` as a new `painpath-…md` in `folder` (never replacing
    /// a file, readable by its owner only): the path written, or why not (the whole chain of
    /// causes, on one line).
    ///
    /// A folder typed as `~` or `~/…` is in the home folder (`HOME`), as a shell would take it.
    pub fn save(&self, assessment: &Assessment<'_>, folder: &Path) -> Result<PathBuf, String> {
        let home = std::env::var_os("HOME").map(PathBuf::from);
        let folder = in_home(folder, home.as_deref());
        save::write_summary(
            self.questionnaire,
            assessment,
            self.now(),
            Destination::Folder(&folder),
        )
        .map_err(|err| format!("{err:#}"))
    }

    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc().to_offset(self.offset)
    }
}

/// `folder` with a leading `~` taken as `home`, if there is one.
fn in_home(folder: &Path, home: Option<&Path>) -> PathBuf {
    let mut parts = folder.components();
    match (parts.next(), home) {
        (Some(std::path::Component::Normal(first)), Some(home)) if first == "~" => {
            home.join(parts.as_path())
        }
        _ => folder.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leading_tilde_is_the_home_folder_and_nothing_else_is() {
        let home = Path::new("/home/ana");
        for (typed, taken) in [
            ("~", "/home/ana"),
            ("~/notes", "/home/ana/notes"),
            ("~ana/notes", "~ana/notes"),
            ("notes/~", "notes/~"),
            ("/tmp", "/tmp"),
        ] {
            assert_eq!(
                in_home(Path::new(typed), Some(home)),
                PathBuf::from(taken),
                "{typed}"
            );
        }
        assert_eq!(in_home(Path::new("~/x"), None), PathBuf::from("~/x"));
    }
}
