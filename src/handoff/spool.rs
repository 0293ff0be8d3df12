//! The hand-off folder between the kiosk and reception (`--spool DIR`): what a finished kiosk
//! session leaves there, and how reception reads and clears it.
//!
//! Each hand-off is two files named by a short code the patient gives at the desk:
//! `CODE.json` (a FHIR QuestionnaireResponse) and `CODE.md` (the summary, opening with a small
//! front matter block that the inbox reads). The `.md` is written last, so an entry is listed
//! only once both files are complete. Done entries move to `DIR/done/`.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use time::OffsetDateTime;

use crate::content::model::{Questionnaire, Urgency};
use crate::engine::session::Assessment;
use crate::handoff::new_file::{self, Existing};
use crate::output::fhir;
use crate::output::report;

/// Letters and digits that cannot be mistaken for each other when read aloud or written down
/// (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
const CODE_ALPHABET: &[u8] = b"3469ACDEFGHJKMNPQRTUVWXY";
/// Characters in a code: 24^4 = 331,776 codes.
const CODE_LENGTH: usize = 4;
/// Codes tried before giving up when every one drawn is taken.
const CODE_TRIES: usize = 50;

/// Where done entries go, inside the spool folder.
pub const DONE_FOLDER: &str = "done";

/// What a hand-off wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handoff {
    /// The code to give at the desk, such as `K7F3`.
    pub code: String,
    pub summary: PathBuf,
    pub response: PathBuf,
}

/// Writes a finished session into the spool folder and returns its code.
///
/// Both files are written atomically with mode 0600 and never overwrite anything; if the
/// second cannot be written the first is removed again, so the folder never holds half a
/// hand-off. The error says what went wrong (folder missing or unwritable, disk full).
pub fn send(
    dir: &Path,
    questionnaire: &Questionnaire,
    assessment: &Assessment<'_>,
    at: OffsetDateTime,
) -> anyhow::Result<Handoff> {
    if !dir.is_dir() {
        bail!("the reception folder {} does not exist", dir.display());
    }
    let response = fhir::questionnaire_response(questionnaire, assessment, at);
    let json = serde_json::to_string_pretty(&response).context("encoding the answers")?;
    for _ in 0..CODE_TRIES {
        let code = random_code()?;
        if taken(dir, &code) {
            continue;
        }
        let summary = format!(
            "{}{}",
            front_matter(&code, assessment, at),
            report::summary(questionnaire, assessment, at)
        );
        let response_path = match new_file::write(
            dir,
            &format!("{code}.json"),
            json.as_bytes(),
            Existing::Fail,
        ) {
            Ok(path) => path,
            // Another kiosk took the code between the check and the write: draw again.
            Err(_) if taken(dir, &code) => continue,
            Err(err) => return Err(err.context("sending the answers to reception")),
        };
        match new_file::write(
            dir,
            &format!("{code}.md"),
            summary.as_bytes(),
            Existing::Fail,
        ) {
            Ok(summary_path) => {
                return Ok(Handoff {
                    code,
                    summary: summary_path,
                    response: response_path,
                });
            }
            Err(err) => {
                let _ = fs::remove_file(&response_path);
                return Err(err.context("sending the answers to reception"));
            }
        }
    }
    bail!(
        "could not find a free code in {}; clear out old entries",
        dir.display()
    )
}

/// A code is taken while any file of it is in the folder or in `done/`.
fn taken(dir: &Path, code: &str) -> bool {
    [dir.to_path_buf(), dir.join(DONE_FOLDER)].iter().any(|d| {
        ["md", "json"]
            .iter()
            .any(|ext| fs::symlink_metadata(d.join(format!("{code}.{ext}"))).is_ok())
    })
}

fn random_code() -> anyhow::Result<String> {
    let mut bytes = [0u8; CODE_LENGTH];
    fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .context("reading random bytes for the code from /dev/urandom")?;
    // 256 is not a multiple of 24, so a tiny bias remains; codes only need to be distinct.
    Ok(bytes
        .iter()
        .map(|b| char::from(CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()]))
        .collect())
}

/// The block at the top of a spooled summary that the inbox reads.
fn front_matter(code: &str, assessment: &Assessment<'_>, at: OffsetDateTime) -> String {
    format!(
        "---\ncode: {code}\nauthored: {}\nurgency: {}\ndisposition: {}\noutcome: {}\ntitle: {}\n---\n\n",
        fhir::fhir_date_time(at),
        assessment.urgency.id(),
        assessment.disposition.id,
        assessment.outcome.id,
        // One line: the front matter is read line by line.
        assessment
            .outcome
            .title
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

/// One spooled assessment, as reception sees it in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub code: String,
    /// When the session finished, UTC, as `2026-11-21T19:48:05Z` (sorts as text).
    pub authored: String,
    pub urgency: Urgency,
    /// The id of the final disposition (`urgent`, `soon`...); absent in older hand-offs.
    pub disposition: Option<String>,
    /// The outcome's id.
    pub outcome: String,
    /// The outcome's title, as reception reads it (the id when the file has none).
    pub title: String,
    /// The summary file.
    pub path: PathBuf,
}

/// How much of a summary [`read_entry`] reads: the front matter is near the top, and a huge
/// file dropped in the folder must not be read whole on every look.
const FRONT_MATTER_LIMIT: u64 = 4096;

/// A disposition id as the loader allows: letters, digits, `_` and `-`, not too long.
fn is_word(text: &str) -> bool {
    (1..=32).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Whether `text` could be a code [`send`] makes: its length, from its alphabet.
pub fn is_code(text: &str) -> bool {
    text.len() == CODE_LENGTH && text.bytes().all(|b| CODE_ALPHABET.contains(&b))
}

/// Reads the front matter of a spooled summary. `None` if the file is not one: not a plain
/// file, not named `CODE.md` after the code it carries, or without the front matter.
///
/// The code is checked because [`mark_done`] builds file names from it.
pub fn read_entry(path: &Path) -> Option<Entry> {
    // Not a FIFO or a device: opening one could block or never end.
    if !fs::metadata(path).ok()?.is_file() {
        return None;
    }
    let mut head = Vec::new();
    fs::File::open(path)
        .ok()?
        .take(FRONT_MATTER_LIMIT)
        .read_to_end(&mut head)
        .ok()?;
    let text = String::from_utf8_lossy(&head);
    let block = text.strip_prefix("---\n")?.split_once("\n---\n")?.0;
    let field = |name: &str| {
        block
            .lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(": "))
            .map(str::to_string)
    };
    let code = field("code")?;
    let named_after_code = path.file_stem().and_then(|s| s.to_str()) == Some(code.as_str())
        && path.extension().is_some_and(|x| x == "md");
    if !is_code(&code) || !named_after_code {
        return None;
    }
    Some(Entry {
        code,
        authored: field("authored")?,
        urgency: Urgency::from_id(&field("urgency")?)?,
        disposition: field("disposition").filter(|d| is_word(d)),
        title: field("title").or_else(|| field("outcome"))?,
        outcome: field("outcome")?,
        path: path.to_path_buf(),
    })
}

/// What [`scan`] found in the folder.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scan {
    /// The hand-offs, in [`list`] order.
    pub entries: Vec<Entry>,
    /// Files named like a hand-off summary (`CODE.md`) that could not be read as one: not
    /// readable (permissions), not a plain file, or without a valid front matter. Anything
    /// else that is not a hand-off (notes, temporary files) is not counted.
    pub unreadable: Vec<PathBuf>,
}

/// The entries waiting in the folder: emergencies first, then the most urgent, newest first.
/// Files that are not hand-offs are passed over.
pub fn list(dir: &Path) -> anyhow::Result<Vec<Entry>> {
    Ok(scan(dir)?.entries)
}

/// [`list`], and which files looked like hand-offs but could not be read.
pub fn scan(dir: &Path) -> anyhow::Result<Scan> {
    let mut found = Scan::default();
    for path in fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
    {
        match read_entry(&path) {
            Some(entry) => found.entries.push(entry),
            None if path
                .file_stem()
                .and_then(|s| s.to_str())
                .is_some_and(is_code) =>
            {
                found.unreadable.push(path);
            }
            None => {}
        }
    }
    found.entries.sort_by(|a, b| {
        b.urgency
            .cmp(&a.urgency)
            .then_with(|| b.authored.cmp(&a.authored))
            .then_with(|| a.code.cmp(&b.code))
    });
    found.unreadable.sort();
    Ok(found)
}

/// Moves an entry's files into `DIR/done/` (made if needed). Never overwrites.
pub fn mark_done(dir: &Path, entry: &Entry) -> anyhow::Result<()> {
    let done = dir.join(DONE_FOLDER);
    fs::create_dir_all(&done).with_context(|| format!("making {}", done.display()))?;
    // The summary goes first: once it is gone the entry leaves the list.
    for ext in ["md", "json"] {
        let name = format!("{}.{ext}", entry.code);
        let from = dir.join(&name);
        let to = done.join(&name);
        if fs::symlink_metadata(&to).is_ok() {
            bail!("{} already exists; not overwriting it", to.display());
        }
        match fs::rename(&from, &to) {
            Ok(()) => {}
            Err(err) if err.kind() == std::io::ErrorKind::NotFound && ext == "json" => {}
            Err(err) => {
                return Err(err)
                    .with_context(|| format!("moving {} to {}", from.display(), to.display()));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::session::{Answer, Session};
    use crate::testing::small;
    use time::macros::datetime;

    fn finished<'q>(q: &'q Questionnaire, flags: usize) -> Session<'q> {
        let mut s = Session::new(q);
        s.answer(Answer::many([flags])).unwrap();
        if s.assessment().is_none() {
            s.answer(Answer::one(2)).unwrap();
        }
        s
    }

    #[test]
    fn send_writes_both_files_named_by_a_readable_code() {
        let dir = tempfile::tempdir().unwrap();
        let q = small();
        let s = finished(&q, 2);
        let a = s.assessment().unwrap();
        let sent = send(dir.path(), &q, &a, datetime!(2026-11-21 19:48:05 UTC)).unwrap();
        assert_eq!(sent.code.len(), CODE_LENGTH);
        assert!(
            sent.code.bytes().all(|b| CODE_ALPHABET.contains(&b)),
            "{}",
            sent.code
        );
        let md = fs::read_to_string(&sent.summary).unwrap();
        assert!(md.starts_with(&format!(
            "---\ncode: {}\nauthored: 2026-11-21T19:48:05Z\n",
            sent.code
        )));
        assert!(md.contains("## Result: Knee"));
        let entry = read_entry(&sent.summary).expect("reads back");
        assert_eq!(
            (entry.outcome.as_str(), entry.title.as_str()),
            ("knee_result", "Knee")
        );
        let json: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&sent.response).unwrap()).unwrap();
        assert_eq!(json["resourceType"], "QuestionnaireResponse");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&sent.summary).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn list_puts_emergencies_first_then_newest_and_done_removes_them() {
        let dir = tempfile::tempdir().unwrap();
        let q = small();
        let knee = finished(&q, 2);
        let emergency = finished(&q, 0);
        let older = send(
            dir.path(),
            &q,
            &knee.assessment().unwrap(),
            datetime!(2026-11-21 09:00 UTC),
        )
        .unwrap();
        let urgent = send(
            dir.path(),
            &q,
            &emergency.assessment().unwrap(),
            datetime!(2026-11-21 08:00 UTC),
        )
        .unwrap();
        let newer = send(
            dir.path(),
            &q,
            &knee.assessment().unwrap(),
            datetime!(2026-11-21 10:00 UTC),
        )
        .unwrap();
        fs::write(dir.path().join("notes.md"), "not a hand-off").unwrap();
        // Front matter whose code is not the file's name, or not a code at all, is not listed:
        // marking it done would move other files.
        let copied = fs::read_to_string(&newer.summary).unwrap();
        fs::write(dir.path().join("copy.md"), &copied).unwrap();
        fs::write(
            dir.path().join("..%2F.md"),
            copied.replace(&format!("code: {}", newer.code), "code: ../x"),
        )
        .unwrap();
        let codes: Vec<String> = list(dir.path())
            .unwrap()
            .into_iter()
            .map(|e| e.code)
            .collect();
        assert_eq!(
            codes,
            [urgent.code.clone(), newer.code.clone(), older.code.clone()]
        );
        let entries = list(dir.path()).unwrap();
        assert_eq!(entries[0].urgency, Urgency::Emergency);
        mark_done(dir.path(), &entries[0]).unwrap();
        assert!(
            dir.path()
                .join(DONE_FOLDER)
                .join(format!("{}.md", urgent.code))
                .exists()
        );
        assert!(
            dir.path()
                .join(DONE_FOLDER)
                .join(format!("{}.json", urgent.code))
                .exists()
        );
        assert_eq!(list(dir.path()).unwrap().len(), 2);
        assert!(taken(dir.path(), &urgent.code), "a done code is not reused");
    }

    #[test]
    fn missing_or_unwritable_folder_is_a_clear_error_and_leaves_nothing() {
        let q = small();
        let s = finished(&q, 2);
        let a = s.assessment().unwrap();
        let err = send(
            Path::new("/nonexistent/spool"),
            &q,
            &a,
            datetime!(2026-11-21 10:00 UTC),
        )
        .unwrap_err();
        assert!(format!("{err:#}").contains("does not exist"), "{err:#}");
        let dir = tempfile::tempdir().unwrap();
        let locked = dir.path().join("locked");
        fs::create_dir(&locked).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&locked, fs::Permissions::from_mode(0o500)).unwrap();
            // Root ignores permissions; only check where they apply.
            if fs::write(locked.join("probe"), "x").is_err() {
                let err = send(&locked, &q, &a, datetime!(2026-11-21 10:00 UTC)).unwrap_err();
                assert!(format!("{err:#}").contains("sending the answers to reception"));
                assert_eq!(fs::read_dir(&locked).unwrap().count(), 0);
            }
        }
    }
}
