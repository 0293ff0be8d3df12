//! The hand-off folder between the kiosk and reception (`--spool DIR`): what a finished kiosk
//! session leaves there, and how reception reads and clears it. This file names the parts
//! (the table below) and holds what they share: an [`Entry`] as reception sees it, the
//! [`Reason`] a file is not listed, the name of `done/`. Nothing here draws anything; only
//! `ui` and the binary import it, never a layer below `handoff`.
//!
//! Each hand-off is two files named by a short code the patient gives at the desk:
//! `CODE.json` (a FHIR QuestionnaireResponse) and `CODE.md` (the summary, opening with a small
//! front matter block that the inbox reads). The `.md` is written last, so an entry is listed
//! only once both files are complete. Done entries move to `DIR/done/`.
//!
//! Reading the folder trusts no name in it: a summary is opened without following a symlink
//! or waiting on a FIFO, the open file is checked (a plain file, owned by the kiosk's user or
//! the inbox's, one link), and its front matter and Markdown are read from that descriptor.
//! [`Folder`] keeps what it found with each file's stat, so a look again re-reads only what
//! changed. Unix only, as painpath's terminal code is.
//!
//! | file | holds |
//! |------|-------|
//! | `code.rs` | the codes (drawing one, checking one) and what a name in the folder is |
//! | `delivery.rs` | writing a finished session into the folder ([`send`]): its files made ([`pack`]), then written under a new code ([`deliver`]) |
//! | `courier.rs` | that writing done by a child process (`painpath write-handoff`), so that a folder stuck in the kernel holds up the child, not the kiosk |
//! | `summary.rs` | reading a summary from one checked descriptor: its front matter, [`Opened`] |
//! | `folder.rs` | the folder as last read ([`Folder`]), each file kept with its stat |
//! | `list.rs` | reception's list: each code's pair joined, the order, a one-off [`scan`] |
//! | `done.rs` | marking an entry done: its pair moved into `done/` ([`mark_done`]), and a move cut in half finished (`finish_half_done`) |

use std::fmt;
use std::path::PathBuf;

use crate::content::model::{Rung, Urgency};

mod code;
pub mod courier;
mod delivery;
mod done;
mod folder;
mod list;
mod summary;

pub use code::{affected_name, is_code};
pub use delivery::{Handoff, Parcel, deliver, pack, send, send_for_reception};
pub use done::{finish_half_done, mark_done};
pub use folder::{Folder, FolderStamp, SETTLE};
pub use list::{Scan, list, scan};
pub use summary::{
    FRONT_MATTER_LIMIT, Opened, TITLE_LIMIT, open_summary, read_entry, split_front_matter,
};

/// Where done entries go, inside the spool folder.
pub const DONE_FOLDER: &str = "done";

/// One spooled assessment, as reception sees it in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub code: String,
    /// When the session finished, UTC, as `2026-11-21T19:48:05Z` (sorts as text).
    pub authored: String,
    pub urgency: Urgency,
    /// The id of the final disposition (`urgent`, `soon`...); absent in older hand-offs.
    pub disposition: Option<String>,
    /// The final disposition's place on the ladder (`rung: 2/6`), which orders the list within
    /// its urgency; absent in older hand-offs (and when the line is not `N/M`).
    pub rung: Option<Rung>,
    /// The outcome's id.
    pub outcome: String,
    /// The outcome's title, as reception reads it (the id when the file has none; cut at
    /// [`TITLE_LIMIT`] characters).
    pub title: String,
    /// The few words the inbox lists (the title when the file has none).
    pub short: String,
    /// The summary file.
    pub path: PathBuf,
}

/// Why a file named like a hand-off (`CODE.md`, `CODE.json`) or `done` is not listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// A symbolic link: never followed, wherever it points.
    Symlink,
    /// Not a regular file: a folder, a FIFO, a socket or a device (named).
    NotRegular(&'static str),
    /// Owned by another user than the spool folder's owner and the inbox's own.
    Owner {
        uid: u32,
        folder_owner: Option<u32>,
        inbox: u32,
    },
    /// More than one hard link: not a file the kiosk wrote (it may be any file on the disk,
    /// linked in).
    HardLinks(u64),
    /// The inbox's user may not read it (hand-offs are 0600).
    PermissionDenied,
    /// Reading it failed otherwise.
    Unreadable(String),
    /// It left the folder while it was being read.
    Gone,
    /// A summary that does not start with a `---` line.
    NoFrontMatter,
    /// A front matter with no closing `---` line.
    Unclosed,
    /// A front matter whose closing `---` line is not within [`FRONT_MATTER_LIMIT`] bytes.
    FrontMatterTooLong,
    /// A field the list needs is not in the front matter.
    MissingField(&'static str),
    /// The front matter's code is not the file's name (or not a code at all).
    BadCode(String),
    /// An urgency that is not one painpath writes.
    BadUrgency(String),
    /// Half a hand-off: the other file of the pair is missing.
    Incomplete { missing: String },
    /// The other file of the pair is there but cannot be used (it has a line of its own).
    PairUnusable { other: String },
    /// `done` is not a real folder: marking done refuses to use it.
    DoneNotFolder(&'static str),
}

impl Reason {
    /// States a pair passes through for a moment while it is written or moved (see [`SETTLE`]).
    pub fn is_transient(&self) -> bool {
        matches!(self, Reason::Incomplete { .. } | Reason::HardLinks(_))
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Symlink => f.write_str("a symbolic link (never followed)"),
            Reason::NotRegular(kind) => write!(f, "not a regular file but {kind}"),
            Reason::Owner {
                uid,
                folder_owner,
                inbox,
            } => {
                write!(f, "owned by another user (uid {uid}; expected uid ")?;
                match folder_owner {
                    Some(owner) if owner != inbox => write!(f, "{owner} or {inbox})"),
                    _ => write!(f, "{inbox})"),
                }
            }
            Reason::HardLinks(n) => {
                write!(
                    f,
                    "{n} hard links (a hand-off has one; this may be another file)"
                )
            }
            Reason::PermissionDenied => f.write_str(
                "permission denied (hand-offs are 0600: run the inbox as the kiosk's user)",
            ),
            Reason::Unreadable(err) => write!(f, "cannot be read: {err}"),
            Reason::Gone => f.write_str("no longer in the folder"),
            Reason::NoFrontMatter => f.write_str("no front matter (no --- on its first line)"),
            Reason::Unclosed => f.write_str("front matter not closed by a --- line"),
            Reason::FrontMatterTooLong => write!(
                f,
                "front matter too long (no closing --- within {} KiB)",
                FRONT_MATTER_LIMIT / 1024
            ),
            Reason::MissingField(name) => write!(f, "front matter has no {name}"),
            Reason::BadCode(code) => write!(f, "bad code {code:?} (not this file's name)"),
            Reason::BadUrgency(urgency) => write!(f, "unknown urgency {urgency:?}"),
            Reason::Incomplete { missing } => write!(f, "incomplete: {missing} is missing"),
            Reason::PairUnusable { other } => {
                write!(f, "incomplete: {other} cannot be used (see its line)")
            }
            Reason::DoneNotFolder(kind) => {
                write!(f, "not a folder but {kind}: marking done refuses to use it")
            }
        }
    }
}

/// A file named like a hand-off (or `done`) that is not listed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file's name in the spool folder.
    pub name: String,
    pub reason: Reason,
}

/// A finished session on the small fixture, for the tests of every part of the spool.
#[cfg(test)]
fn finished<'q>(
    q: &'q crate::content::model::Questionnaire,
    flags: usize,
) -> crate::engine::session::Session<'q> {
    use crate::engine::session::{Answer, Session};
    let mut s = Session::new(q);
    s.answer(Answer::many([flags])).unwrap();
    if s.assessment().is_none() {
        s.answer(Answer::one(2)).unwrap();
    }
    s
}
