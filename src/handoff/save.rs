//! Saving a finished session's summary where the person asked (`--report FILE`, `--save-dir
//! DIR`, or a save key): the one place a summary becomes a file. Nothing is written otherwise.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use time::OffsetDateTime;

use crate::content::model::Questionnaire;
use crate::engine::session::Assessment;
use crate::handoff::new_file::{self, Existing};
use crate::output::report::summary;

/// Where a summary goes.
#[derive(Debug, Clone, Copy)]
pub enum Destination<'a> {
    /// This exact file (`--report PATH`); fails if it already exists.
    File(&'a Path),
    /// A new `painpath-YYYYMMDD-HHMMSS.md` in this folder (`--save-dir DIR`); a numbered name
    /// is picked if that one is taken.
    Folder(&'a Path),
}

/// `painpath-YYYYMMDD-HHMMSS.md`, in the offset `at` carries.
pub fn file_name(at: OffsetDateTime) -> String {
    format!(
        "painpath-{:04}{:02}{:02}-{:02}{:02}{:02}.md",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// Writes the summary where the person asked and returns the path written.
///
/// Atomic and never overwriting (see [`new_file::write`]); the error says what went wrong
/// (missing or unwritable folder, disk full, name taken) and that nothing was saved.
pub fn write_summary(
    questionnaire: &Questionnaire,
    assessment: &Assessment<'_>,
    at: OffsetDateTime,
    destination: Destination<'_>,
) -> anyhow::Result<PathBuf> {
    let text = summary(questionnaire, assessment, at);
    match destination {
        Destination::File(path) => {
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                bail!("{} does not name a file", path.display());
            };
            let dir = match path.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent,
                _ => Path::new("."),
            };
            new_file::write(dir, name, text.as_bytes(), Existing::Fail)
        }
        Destination::Folder(dir) => {
            new_file::write(dir, &file_name(at), text.as_bytes(), Existing::NewName)
        }
    }
    .context("saving the summary")
}

/// Checks before the questions start that a destination can be used: the folder exists and
/// a `--report` file does not, so nobody answers everything only to hear it cannot be saved.
/// [`write_summary`] checks again when it writes; this is only an early warning.
pub fn check_destination(destination: Destination<'_>) -> anyhow::Result<()> {
    let folder = match destination {
        Destination::File(path) => {
            if path.file_name().is_none() {
                bail!("{} does not name a file", path.display());
            }
            if std::fs::symlink_metadata(path).is_ok() {
                bail!(
                    "{} already exists; painpath never overwrites a file (choose another name)",
                    path.display()
                );
            }
            match path.parent() {
                Some(parent) if !parent.as_os_str().is_empty() => parent,
                _ => Path::new("."),
            }
        }
        Destination::Folder(dir) => dir,
    };
    if !folder.is_dir() {
        bail!("{} is not a folder that exists", folder.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::session::{Answer, Session};
    use crate::testing::small;
    use time::macros::datetime;

    #[test]
    fn file_name_uses_the_date_and_time_given() {
        let at = datetime!(2026-03-04 05:06:07 +01:00);
        assert_eq!(file_name(at), "painpath-20260304-050607.md");
    }

    #[test]
    fn destinations_are_checked_before_the_questions() {
        let dir = tempfile::tempdir().unwrap();
        let taken = dir.path().join("taken.md");
        std::fs::write(&taken, "x").unwrap();
        assert!(check_destination(Destination::File(&taken)).is_err());
        assert!(check_destination(Destination::File(&dir.path().join("new.md"))).is_ok());
        assert!(check_destination(Destination::File(&dir.path().join("no/new.md"))).is_err());
        assert!(check_destination(Destination::Folder(dir.path())).is_ok());
        assert!(check_destination(Destination::Folder(&dir.path().join("no"))).is_err());
    }

    #[test]
    fn write_summary_to_a_folder_picks_a_new_name_and_to_a_file_never_overwrites() {
        let q = small();
        let mut s = Session::new(&q);
        s.answer(Answer::many([0])).unwrap();
        let a = s.assessment().unwrap();
        let at = datetime!(2026-11-21 19:48:05 UTC);
        let dir = tempfile::tempdir().unwrap();
        let first = write_summary(&q, &a, at, Destination::Folder(dir.path())).unwrap();
        let second = write_summary(&q, &a, at, Destination::Folder(dir.path())).unwrap();
        assert_eq!(first, dir.path().join("painpath-20261121-194805.md"));
        assert_eq!(second, dir.path().join("painpath-20261121-194805-2.md"));
        let text = std::fs::read_to_string(&first).unwrap();
        assert!(text.contains("## Result: Get help now"));
        let err = write_summary(&q, &a, at, Destination::File(&first)).unwrap_err();
        assert!(format!("{err:#}").contains("already exists"), "{err:#}");
    }
}
