//! The hand-off folder between the kiosk and reception (`--spool DIR`): what a finished kiosk
//! session leaves there, and how reception reads and clears it.
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

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::os::fd::{AsFd, BorrowedFd};
use std::os::unix::fs::{DirEntryExt, FileTypeExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use rustix::fs::{AtFlags, FileType, Mode, OFlags};
use rustix::io::Errno;
use time::OffsetDateTime;

use crate::content::model::{Questionnaire, Rung, Urgency};
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
    send_for_reception(dir, questionnaire, assessment, questionnaire, at)
}

/// [`send`] for a session answered in one language (`questionnaire`, `assessment`) and read
/// at reception in another (`reception`, the same questions in the clinic's language): the
/// FHIR response is the patient's, in the words they read, with its `language`; the summary
/// is reception's copy, in the clinic's language, saying which language the patient used
/// (and the front matter's `language:` names it).
pub fn send_for_reception(
    dir: &Path,
    questionnaire: &Questionnaire,
    assessment: &Assessment<'_>,
    reception: &Questionnaire,
    at: OffsetDateTime,
) -> anyhow::Result<Handoff> {
    use crate::content::words;
    if !dir.is_dir() {
        bail!("the reception folder {} does not exist", dir.display());
    }
    let answered_in = &questionnaire.meta.language;
    let translated =
        !crate::content::language::same_language(answered_in, &reception.meta.language);
    let again = if translated {
        Some(
            crate::engine::replay::in_other_language(reception, assessment)
                .context("writing reception's copy in the clinic's language")?,
        )
    } else {
        None
    };
    let copy = again
        .as_ref()
        .and_then(crate::engine::session::Session::assessment);
    let (copy_q, copy_a) = match &copy {
        Some(a) => (reception, a),
        None => (questionnaire, assessment),
    };
    let note = if translated {
        let name = words::language_name(answered_in);
        let line = words::fill(
            &words::of(reception).summary.answered_in,
            &[("language", name), ("tag", answered_in)],
        );
        format!("> {line}\n\n")
    } else {
        String::new()
    };
    let response = fhir::questionnaire_response(questionnaire, assessment, at);
    let json = serde_json::to_string_pretty(&response).context("encoding the answers")?;
    for _ in 0..CODE_TRIES {
        let code = random_code()?;
        if taken(dir, &code) {
            continue;
        }
        let summary = format!(
            "{}{note}{}",
            front_matter(&code, copy_q, copy_a, answered_in, at),
            report::summary(copy_q, copy_a, at)
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
fn front_matter(
    code: &str,
    questionnaire: &Questionnaire,
    assessment: &Assessment<'_>,
    answered_in: &str,
    at: OffsetDateTime,
) -> String {
    // The rung's place on the ladder (`2/6`), which orders reception's list; always found, as
    // the assessment's disposition is one of this questionnaire's rungs.
    let rung = questionnaire
        .rung_of(assessment.disposition)
        .map(|rung| format!("rung: {rung}\n"))
        .unwrap_or_default();
    format!(
        "---\ncode: {code}\nauthored: {}\nurgency: {}\ndisposition: {}\n{rung}outcome: {}\n\
         title: {}\nshort: {}\nshown: {}\nquestionnaire: {} {}\nlanguage: {}\n---\n\n",
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
        one_line(assessment.outcome.inbox_title()),
        // The texts the person was shown, by id: the summary holds exactly these.
        assessment
            .shown
            .names(assessment.outcome, assessment.disposition)
            .join(" "),
        // Which questions produced it, each on the one line.
        one_line(&questionnaire.meta.id),
        one_line(&questionnaire.meta.version),
        one_line(answered_in),
    )
}

/// Text folded onto one line, as the front matter is read line by line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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

/// How far into a summary its front matter may reach: it is read up to its closing `---` line,
/// which must come within this many bytes. A long outcome title fits many times over, and a
/// huge file dropped in the folder is never read whole on every look.
pub const FRONT_MATTER_LIMIT: usize = 64 * 1024;

/// The most of a title an [`Entry`] keeps (in characters); the rest is cut, with "…".
pub const TITLE_LIMIT: usize = 1000;

/// How long half a hand-off (a `.json` without its `.md`, or the other way round) or a file
/// with a second hard link may stay before it is listed as a problem: a kiosk writing a pair,
/// or another inbox marking one done, passes through those states for a moment.
pub const SETTLE: Duration = Duration::from_secs(2);

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

/// Whose files the inbox reads: the spool folder's owner's (the kiosk's user) and its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Owners {
    folder: Option<u32>,
    inbox: u32,
}

impl Owners {
    fn of(dir: &Path) -> io::Result<Owners> {
        Ok(Owners {
            folder: Some(fs::metadata(dir)?.uid()),
            inbox: rustix::process::geteuid().as_raw(),
        })
    }

    fn allow(&self, uid: u32) -> bool {
        self.folder == Some(uid) || self.inbox == uid
    }
}

fn kind_of(file_type: fs::FileType) -> &'static str {
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_fifo() {
        "a FIFO (named pipe)"
    } else if file_type.is_socket() {
        "a socket"
    } else if file_type.is_block_device() || file_type.is_char_device() {
        "a device"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else {
        "something else"
    }
}

/// A plain file: not a symlink, a folder, a FIFO, a socket or a device.
fn check_type(metadata: &Metadata) -> Result<(), Reason> {
    let file_type = metadata.file_type();
    if file_type.is_symlink() {
        Err(Reason::Symlink)
    } else if !file_type.is_file() {
        Err(Reason::NotRegular(kind_of(file_type)))
    } else {
        Ok(())
    }
}

/// A plain file, owned by the kiosk's user or the inbox's, with one link.
fn check_file(metadata: &Metadata, owners: &Owners) -> Result<(), Reason> {
    check_type(metadata)?;
    if !owners.allow(metadata.uid()) {
        return Err(Reason::Owner {
            uid: metadata.uid(),
            folder_owner: owners.folder,
            inbox: owners.inbox,
        });
    }
    if metadata.nlink() > 1 {
        return Err(Reason::HardLinks(metadata.nlink()));
    }
    Ok(())
}

fn io_reason(err: &io::Error) -> Reason {
    match err.kind() {
        io::ErrorKind::PermissionDenied => Reason::PermissionDenied,
        io::ErrorKind::NotFound => Reason::Gone,
        _ => Reason::Unreadable(err.to_string()),
    }
}

/// Opens a hand-off's summary for reading without following a symlink (`O_NOFOLLOW`) and
/// without waiting for a writer (`O_NONBLOCK`: a FIFO opens at once and is then refused), and
/// checks the file that was opened (fstat), not the name: a plain file, owned as expected, with
/// one link. Everything read from a hand-off is read from this one descriptor.
fn open_checked(path: &Path, owners: &Owners) -> Result<(File, Metadata), Reason> {
    let flags =
        OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY | OFlags::CLOEXEC;
    let fd = rustix::fs::open(path, flags, Mode::empty()).map_err(|errno| match errno {
        // ELOOP: the name is a symlink (EMLINK on the BSDs).
        Errno::LOOP | Errno::MLINK => Reason::Symlink,
        // ENXIO: a socket.
        Errno::NXIO => Reason::NotRegular("a socket"),
        other => io_reason(&io::Error::from(other)),
    })?;
    let file = File::from(fd);
    let metadata = file.metadata().map_err(|err| io_reason(&err))?;
    check_file(&metadata, owners)?;
    Ok((file, metadata))
}

fn read_some(file: &mut File, buf: &mut [u8]) -> Result<usize, Reason> {
    loop {
        match file.read(buf) {
            Ok(n) => return Ok(n),
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(io_reason(&err)),
        }
    }
}

/// The length of a front matter's opening line, `---` and its line end (LF or CRLF).
fn opening(bytes: &[u8]) -> Option<usize> {
    if bytes.starts_with(b"---\n") {
        Some(4)
    } else if bytes.starts_with(b"---\r\n") {
        Some(5)
    } else {
        None
    }
}

/// Splits a leading `---` ... `---` block off `bytes`: the block's lines, and where the text
/// after its closing line starts. Lines may end in LF or CRLF. A closing `---` without a line
/// end counts only when `bytes` is the whole file (`whole`). `None` when there is no block, or
/// no closing line in `bytes`.
pub fn split_front_matter(bytes: &[u8], whole: bool) -> Option<(&[u8], usize)> {
    let start = opening(bytes)?;
    let mut line_start = start;
    loop {
        let end = bytes[line_start..]
            .iter()
            .position(|&b| b == b'\n')
            .map(|i| line_start + i);
        let line = &bytes[line_start..end.unwrap_or(bytes.len())];
        if line.strip_suffix(b"\r").unwrap_or(line) == b"---" {
            match end {
                Some(end) => return Some((&bytes[start..line_start], end + 1)),
                None if whole => return Some((&bytes[start..line_start], bytes.len())),
                None => return None,
            }
        }
        line_start = end? + 1;
    }
}

/// `text`, at most `limit` characters of it (cut with "…").
fn shorten(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// The entry a summary's leading bytes describe; `code` is the one its file name gives.
/// Returns it and where the Markdown after the front matter starts.
fn parse_summary(
    bytes: &[u8],
    whole: bool,
    code: &str,
    path: &Path,
) -> Result<(Entry, usize), Reason> {
    if opening(bytes).is_none() {
        return Err(Reason::NoFrontMatter);
    }
    let Some((block, body)) = split_front_matter(bytes, whole) else {
        return Err(if bytes.len() >= FRONT_MATTER_LIMIT {
            Reason::FrontMatterTooLong
        } else {
            Reason::Unclosed
        });
    };
    if body > FRONT_MATTER_LIMIT {
        return Err(Reason::FrontMatterTooLong);
    }
    let block = String::from_utf8_lossy(block);
    let field = |name: &'static str| {
        block
            .lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(':').map(str::trim))
            .filter(|value| !value.is_empty())
            .ok_or(Reason::MissingField(name))
    };
    let found = field("code")?;
    if !is_code(found) || found != code {
        return Err(Reason::BadCode(shorten(found, 20)));
    }
    let urgency = field("urgency")?;
    let outcome = field("outcome")?;
    let entry = Entry {
        code: code.to_string(),
        authored: shorten(field("authored")?, 40),
        urgency: Urgency::from_id(urgency)
            .ok_or_else(|| Reason::BadUrgency(shorten(urgency, 20)))?,
        disposition: field("disposition")
            .ok()
            .filter(|d| is_word(d))
            .map(str::to_string),
        rung: field("rung").ok().and_then(Rung::from_id),
        title: shorten(field("title").unwrap_or(outcome), TITLE_LIMIT),
        short: shorten(
            field("short").or(field("title")).unwrap_or(outcome),
            TITLE_LIMIT,
        ),
        outcome: shorten(outcome, TITLE_LIMIT),
        path: path.to_path_buf(),
    };
    Ok((entry, body))
}

/// The code a hand-off's file name gives (`K7F3.md` -> `K7F3`).
fn code_of(name: &str) -> &str {
    name.split_once('.').map_or(name, |(code, _)| code)
}

/// Reads the front matter of the summary at `path` (named `CODE.md`) from one checked
/// descriptor (see [`open_checked`]): up to its closing line, at most [`FRONT_MATTER_LIMIT`]
/// bytes. Returns the entry and the metadata of the file that was read.
fn read_front_matter(path: &Path, owners: &Owners) -> Result<(Entry, Metadata), Reason> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let code = code_of(name);
    let (mut file, metadata) = open_checked(path, owners)?;
    let mut head = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    let mut whole = false;
    loop {
        let n = read_some(&mut file, &mut chunk)?;
        if n == 0 {
            whole = true;
            break;
        }
        head.extend_from_slice(&chunk[..n]);
        if head.len() >= 5 && opening(&head).is_none() {
            return Err(Reason::NoFrontMatter);
        }
        if split_front_matter(&head, false).is_some() || head.len() >= FRONT_MATTER_LIMIT {
            break;
        }
    }
    let (entry, _) = parse_summary(&head, whole, code, path)?;
    Ok((entry, metadata))
}

/// Reads the front matter of a spooled summary `CODE.md`: an error says why it is not a
/// hand-off (not a plain file, a symlink, owned by someone else, without a valid front
/// matter, its code not the file's name).
///
/// The code is checked because [`mark_done`] builds file names from it.
pub fn read_entry(path: &Path) -> Result<Entry, Reason> {
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let owners = Owners::of(parent).map_err(|err| io_reason(&err))?;
    read_front_matter(path, &owners).map(|(entry, _)| entry)
}

/// A summary opened for reading: its entry, as its front matter says now, and the Markdown
/// after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opened {
    pub entry: Entry,
    /// The text after the front matter, at most `limit` bytes of the file in all.
    pub body: String,
    /// The file is longer than `limit`; the rest was not read.
    pub cut: bool,
}

/// Opens `DIR/CODE.md` to show it: the front matter and the summary come from the same checked
/// descriptor (see [`open_checked`]), so whatever was put at that name since the folder was
/// read is checked again, and never followed or waited on.
pub fn open_summary(dir: &Path, code: &str, limit: usize) -> Result<Opened, Reason> {
    if !is_code(code) {
        return Err(Reason::BadCode(shorten(code, 20)));
    }
    let owners = Owners::of(dir).map_err(|err| io_reason(&err))?;
    let path = dir.join(format!("{code}.md"));
    let (file, _) = open_checked(&path, &owners)?;
    let mut bytes = Vec::new();
    file.take(u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|err| io_reason(&err))?;
    let cut = bytes.len() > limit;
    bytes.truncate(limit);
    let (entry, body) = parse_summary(&bytes, !cut, code, &path)?;
    Ok(Opened {
        entry,
        body: String::from_utf8_lossy(&bytes[body..]).into_owned(),
        cut,
    })
}

/// What a stat of a file said, to tell whether it changed since it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    dev: u64,
    ino: u64,
    mode: u32,
    uid: u32,
    nlink: u64,
    size: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl Stamp {
    fn of(metadata: &Metadata) -> Stamp {
        Stamp {
            dev: metadata.dev(),
            ino: metadata.ino(),
            mode: metadata.mode(),
            uid: metadata.uid(),
            nlink: metadata.nlink(),
            size: metadata.size(),
            mtime: (metadata.mtime(), metadata.mtime_nsec()),
            ctime: (metadata.ctime(), metadata.ctime_nsec()),
        }
    }
}

/// The spool folder's own stat: its identity, and its modification and change times, which
/// move whenever a name in it is added, removed or renamed (every write and move painpath
/// makes there).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FolderStamp(Stamp);

impl FolderStamp {
    /// Stats the folder (following a symlink to it: the folder itself is the admin's choice).
    pub fn of(dir: &Path) -> io::Result<FolderStamp> {
        Ok(FolderStamp(Stamp::of(&fs::metadata(dir)?)))
    }

    /// The same folder (device and inode), whatever happened inside it.
    pub fn same_folder(&self, other: &FolderStamp) -> bool {
        (self.0.dev, self.0.ino) == (other.0.dev, other.0.ino)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Summary,
    Response,
    Done,
}

/// What a name in the spool folder is to the inbox: a hand-off's summary or response, `done`,
/// or nothing (`None`: never looked at).
fn classify(name: &str) -> Option<Kind> {
    if name == DONE_FOLDER {
        return Some(Kind::Done);
    }
    let (code, ext) = name.split_once('.')?;
    if !is_code(code) {
        return None;
    }
    match ext {
        "md" => Some(Kind::Summary),
        "json" => Some(Kind::Response),
        _ => None,
    }
}

/// The name in the spool folder whose line in the inbox a change to `file_name` may change:
/// the name itself for a hand-off's files and `done`, and the file a temporary
/// `.NAME.PID.N.tmp` is written for (its removal drops the second link of the new file).
/// `None` for every other name.
pub fn affected_name(file_name: &str) -> Option<&str> {
    if classify(file_name).is_some() {
        return Some(file_name);
    }
    if !new_file::is_temp_name(file_name) {
        return None;
    }
    let inner = file_name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let target = inner.rsplitn(3, '.').nth(2)?;
    matches!(classify(target), Some(Kind::Summary | Kind::Response)).then_some(target)
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum State {
    Summary(Result<Entry, Reason>),
    Response(Result<(), Reason>),
    Done(Result<(), Reason>),
}

#[derive(Debug)]
struct Known {
    /// The stat the state was found with; `None` when it could not be taken.
    stamp: Option<Stamp>,
    state: State,
    /// The last read of the folder's names that saw the name.
    generation: u64,
    /// What that read said of it (inode and type, from the folder itself: no stat).
    listed: Option<(u64, fs::FileType)>,
}

/// The spool folder as last read: each file named like a hand-off, what was found in it and
/// the stat it was found with, so that reading the folder again ([`Folder::rescan`]) or some
/// names in it ([`Folder::refresh`], after a notification) re-reads only the files whose stat
/// changed. Names of other files are passed over without a stat.
#[derive(Debug)]
pub struct Folder {
    dir: PathBuf,
    owners: Owners,
    files: HashMap<String, Known>,
    generation: u64,
    settle: Duration,
    /// Names with a transient problem, and since when.
    pending: HashMap<String, Instant>,
    /// When the first of those is due to be listed.
    due: Option<Instant>,
    /// The codes (and `done`) whose files changed since the list was last derived.
    dirty: HashSet<String>,
    entries: Vec<Entry>,
    problems: Vec<Problem>,
}

/// Up to this many changed codes, the list is updated in place (a binary search and an insert
/// each); beyond it (the first read), it is built again and sorted.
const IN_PLACE: usize = 64;

impl Folder {
    /// The folder at `dir`, not read yet.
    pub fn new(dir: impl Into<PathBuf>) -> Folder {
        Folder {
            dir: dir.into(),
            owners: Owners {
                folder: None,
                inbox: rustix::process::geteuid().as_raw(),
            },
            files: HashMap::new(),
            generation: 0,
            settle: SETTLE,
            pending: HashMap::new(),
            due: None,
            dirty: HashSet::new(),
            entries: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// How long a transient problem waits before it is listed (default [`SETTLE`]).
    pub fn with_settle(mut self, settle: Duration) -> Folder {
        self.settle = settle;
        self
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The hand-offs: most urgent first (see `list_order`).
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Files named like hand-offs (and `done`) that are not listed, by name.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Reads the folder's names, stats each one named like a hand-off, and re-reads those whose
    /// stat changed since they were last read. Returns whether the entries or problems changed.
    pub fn rescan(&mut self, now: Instant) -> io::Result<bool> {
        self.read_names(now, true)
    }

    /// Reads the folder's names only, and looks at the names that are new, or whose inode or
    /// type the folder lists differently (a file renamed over another): what a change of the
    /// folder's own stat can mean (a name added, removed or renamed), at the cost of the
    /// listing alone. A file changed in place is not seen here (see [`Folder::rescan`]).
    pub fn rescan_names(&mut self, now: Instant) -> io::Result<bool> {
        self.read_names(now, false)
    }

    fn read_names(&mut self, now: Instant, stat_all: bool) -> io::Result<bool> {
        let owners = Owners::of(&self.dir)?;
        if owners != self.owners {
            self.owners = owners;
            // Whose files are accepted changed: every file is checked again.
            for known in self.files.values_mut() {
                known.stamp = None;
            }
        }
        let names = fs::read_dir(&self.dir)?;
        self.generation += 1;
        let mut changed = false;
        for dirent in names {
            let Ok(dirent) = dirent else { continue };
            let name = dirent.file_name();
            let Some(name) = name.to_str() else { continue };
            let Some(kind) = classify(name) else { continue };
            let listed = dirent.file_type().ok().map(|t| (dirent.ino(), t));
            let known = self.files.get_mut(name);
            if let Some(known) = known {
                if !stat_all && known.stamp.is_some() && listed.is_some() && known.listed == listed
                {
                    known.generation = self.generation;
                    continue;
                }
            } else if kind == Kind::Summary && listed.is_some_and(|(_, t)| t.is_file()) {
                // New and a plain file by the listing: opened and checked at once (its stat is
                // taken from the open file).
                changed |= self.read_new_summary(name, listed);
                continue;
            }
            // An lstat: a symlink is seen as one.
            changed |= self.update(name, kind, dirent.metadata());
            if let Some(known) = self.files.get_mut(name) {
                known.listed = listed;
            }
        }
        let generation = self.generation;
        let dirty = &mut self.dirty;
        self.files.retain(|name, known| {
            let seen = known.generation == generation;
            if !seen {
                dirty.insert(code_of(name).to_string());
                changed = true;
            }
            seen
        });
        Ok(self.derive_if(changed, now))
    }

    /// Looks again at these names only (from notifications); other names are passed over.
    /// Returns whether the entries or problems changed.
    pub fn refresh<'a>(&mut self, names: impl IntoIterator<Item = &'a str>, now: Instant) -> bool {
        let mut changed = false;
        for name in names {
            let Some(kind) = classify(name) else { continue };
            let lstat = fs::symlink_metadata(self.dir.join(name));
            changed |= self.update(name, kind, lstat);
        }
        self.derive_if(changed, now)
    }

    /// Lists the transient problems whose time has come. Returns whether anything changed.
    pub fn settle(&mut self, now: Instant) -> bool {
        if self.due.is_none_or(|due| now < due) {
            return false;
        }
        for (name, since) in &self.pending {
            if now >= *since + self.settle {
                self.dirty.insert(code_of(name).to_string());
            }
        }
        self.derive(now)
    }

    fn derive_if(&mut self, changed: bool, now: Instant) -> bool {
        if changed {
            self.derive(now)
        } else {
            self.settle(now)
        }
    }

    /// Takes `name`'s stat into account; returns whether what it shows changed.
    fn update(&mut self, name: &str, kind: Kind, lstat: io::Result<Metadata>) -> bool {
        let metadata = match lstat {
            Ok(metadata) => metadata,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return self.forget(name),
            Err(err) => {
                let reason = io_reason(&err);
                return self.set(name, None, failed(kind, reason));
            }
        };
        let stamp = Stamp::of(&metadata);
        if let Some(known) = self.files.get_mut(name) {
            known.generation = self.generation;
            if known.stamp == Some(stamp) {
                return false;
            }
        }
        let (found, stamp) = match kind {
            Kind::Done => {
                let found = match metadata.file_type() {
                    t if t.is_dir() => Ok(()),
                    t => Err(Reason::DoneNotFolder(kind_of(t))),
                };
                (State::Done(found), stamp)
            }
            Kind::Response => (State::Response(check_file(&metadata, &self.owners)), stamp),
            Kind::Summary => match check_type(&metadata) {
                // Not even opened.
                Err(reason) => (State::Summary(Err(reason)), stamp),
                Ok(()) => match read_front_matter(&self.dir.join(name), &self.owners) {
                    // The stat of the file that was read, which may be newer than the name's.
                    Ok((entry, read)) => (State::Summary(Ok(entry)), Stamp::of(&read)),
                    Err(Reason::Gone) => return self.forget(name),
                    Err(reason) => (State::Summary(Err(reason)), stamp),
                },
            },
        };
        self.set(name, Some(stamp), found)
    }

    /// A summary not seen before that the listing says is a plain file.
    fn read_new_summary(&mut self, name: &str, listed: Option<(u64, fs::FileType)>) -> bool {
        let path = self.dir.join(name);
        let (stamp, found) = match read_front_matter(&path, &self.owners) {
            Ok((entry, read)) => (Some(Stamp::of(&read)), Ok(entry)),
            Err(Reason::Gone) => return self.forget(name),
            Err(reason) => (
                fs::symlink_metadata(&path).ok().map(|m| Stamp::of(&m)),
                Err(reason),
            ),
        };
        let changed = self.set(name, stamp, State::Summary(found));
        if let Some(known) = self.files.get_mut(name) {
            known.listed = listed;
        }
        changed
    }

    fn forget(&mut self, name: &str) -> bool {
        let known = self.files.remove(name).is_some();
        if known {
            self.dirty.insert(code_of(name).to_string());
        }
        known
    }

    fn set(&mut self, name: &str, stamp: Option<Stamp>, found: State) -> bool {
        let generation = self.generation;
        let changed = match self.files.get_mut(name) {
            Some(known) => {
                if known.stamp != stamp {
                    // What the listing said was of another file.
                    known.listed = None;
                }
                known.stamp = stamp;
                known.generation = generation;
                let changed = known.state != found;
                known.state = found;
                changed
            }
            None => {
                self.files.insert(
                    name.to_string(),
                    Known {
                        stamp,
                        state: found,
                        generation,
                        listed: None,
                    },
                );
                true
            }
        };
        if changed {
            self.dirty.insert(code_of(name).to_string());
        }
        changed
    }

    /// Pairs the changed codes' summaries and responses into entries and problems; returns
    /// whether the list changed. A few changes are made in place; many (the first read) build
    /// the list again.
    fn derive(&mut self, now: Instant) -> bool {
        let dirty = std::mem::take(&mut self.dirty);
        if dirty.is_empty() {
            return false;
        }
        let mut entries = Vec::new();
        let mut problems = Vec::new();
        let changed = if dirty.len() > IN_PLACE {
            let groups: HashSet<&str> = self.files.keys().map(|name| code_of(name)).collect();
            for group in groups {
                let (files, pending) = (&self.files, &mut self.pending);
                derive_group(
                    files,
                    pending,
                    self.settle,
                    group,
                    now,
                    &mut entries,
                    &mut problems,
                );
            }
            sort_entries(&mut entries);
            problems.sort_by(|a, b| a.name.cmp(&b.name));
            let changed = entries != self.entries || problems != self.problems;
            self.entries = entries;
            self.problems = problems;
            changed
        } else {
            let mut old_entries: Vec<Entry> = self
                .entries
                .extract_if(.., |e| dirty.contains(e.code.as_str()))
                .collect();
            let mut old_problems: Vec<Problem> = self
                .problems
                .extract_if(.., |p| dirty.contains(code_of(&p.name)))
                .collect();
            for group in &dirty {
                let (files, pending) = (&self.files, &mut self.pending);
                derive_group(
                    files,
                    pending,
                    self.settle,
                    group,
                    now,
                    &mut entries,
                    &mut problems,
                );
            }
            for entry in &entries {
                let at = self
                    .entries
                    .partition_point(|e| list_order(e, entry) == std::cmp::Ordering::Less);
                self.entries.insert(at, entry.clone());
            }
            for problem in &problems {
                let at = self.problems.partition_point(|p| p.name < problem.name);
                self.problems.insert(at, problem.clone());
            }
            old_entries.sort_by(|a, b| a.code.cmp(&b.code));
            entries.sort_by(|a, b| a.code.cmp(&b.code));
            old_problems.sort_by(|a, b| a.name.cmp(&b.name));
            problems.sort_by(|a, b| a.name.cmp(&b.name));
            old_entries != entries || old_problems != problems
        };
        let files = &self.files;
        self.pending.retain(|name, _| files.contains_key(name));
        let settle = self.settle;
        self.due = self
            .pending
            .values()
            .map(|since| *since + settle)
            .filter(|at| *at > now)
            .min();
        changed
    }
}

/// The entry and the problems of one code's pair (or of `done`), from what its files were
/// found to be. A transient problem ([`Reason::is_transient`]) is left out until it has stood
/// for `settle`; `pending` keeps since when.
fn derive_group(
    files: &HashMap<String, Known>,
    pending: &mut HashMap<String, Instant>,
    settle: Duration,
    group: &str,
    now: Instant,
    entries: &mut Vec<Entry>,
    problems: &mut Vec<Problem>,
) {
    let mut found: Vec<(String, Reason)> = Vec::new();
    let mut names = Vec::new();
    if group == DONE_FOLDER {
        if let Some(State::Done(Err(reason))) = files.get(DONE_FOLDER).map(|k| &k.state) {
            found.push((DONE_FOLDER.to_string(), reason.clone()));
        }
    } else {
        let summary = format!("{group}.md");
        let response = format!("{group}.json");
        let state = |name: &str| files.get(name).map(|k| &k.state);
        match (state(&summary), state(&response)) {
            (Some(State::Summary(Ok(entry))), Some(State::Response(Ok(())))) => {
                entries.push(entry.clone());
            }
            (Some(State::Summary(Ok(_))), Some(State::Response(Err(reason)))) => {
                let other = response.clone();
                found.push((summary.clone(), Reason::PairUnusable { other }));
                found.push((response.clone(), reason.clone()));
            }
            (Some(State::Summary(Ok(_))), _) => {
                let missing = response.clone();
                found.push((summary.clone(), Reason::Incomplete { missing }));
            }
            (Some(State::Summary(Err(reason))), other) => {
                found.push((summary.clone(), reason.clone()));
                if let Some(State::Response(Err(reason))) = other {
                    found.push((response.clone(), reason.clone()));
                }
            }
            (None, Some(State::Response(Ok(())))) => {
                let missing = summary.clone();
                found.push((response.clone(), Reason::Incomplete { missing }));
            }
            (None, Some(State::Response(Err(reason)))) => {
                found.push((response.clone(), reason.clone()));
            }
            _ => {}
        }
        names = vec![summary, response];
    }
    for name in &names {
        if !found.iter().any(|(n, r)| n == name && r.is_transient()) {
            pending.remove(name);
        }
    }
    for (name, reason) in found {
        if reason.is_transient() && !settle.is_zero() {
            let since = *pending.entry(name.clone()).or_insert(now);
            if now < since + settle {
                continue;
            }
        }
        problems.push(Problem { name, reason });
    }
}

/// What a file is when it could not even be looked at.
fn failed(kind: Kind, reason: Reason) -> State {
    match kind {
        Kind::Summary => State::Summary(Err(reason)),
        Kind::Response => State::Response(Err(reason)),
        Kind::Done => State::Done(Err(reason)),
    }
}

/// The most urgent first: by urgency (emergencies on top), then within it by the rung's place
/// on the ladder, then newest first; the code breaks ties. An older hand-off without a rung
/// comes first within its urgency, as it may be that urgency's most urgent rung.
fn list_order(a: &Entry, b: &Entry) -> std::cmp::Ordering {
    b.urgency
        .cmp(&a.urgency)
        .then_with(|| a.rung.map(|r| r.place).cmp(&b.rung.map(|r| r.place)))
        .then_with(|| b.authored.cmp(&a.authored))
        .then_with(|| a.code.cmp(&b.code))
}

fn sort_entries(entries: &mut [Entry]) {
    entries.sort_by(list_order);
}

/// What [`scan`] found in the folder.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scan {
    /// The hand-offs, in [`list`] order.
    pub entries: Vec<Entry>,
    /// Files named like a hand-off (`CODE.md`, `CODE.json`) or `done` that are not listed,
    /// each with the reason, by name. Anything else that is not a hand-off (notes, temporary
    /// files) is not looked at.
    pub problems: Vec<Problem>,
}

/// The entries waiting in the folder: the most urgent first (emergencies on top, then by the
/// rung on the ladder), newest first within a rung. Files that are not hand-offs are passed
/// over.
pub fn list(dir: &Path) -> anyhow::Result<Vec<Entry>> {
    Ok(scan(dir)?.entries)
}

/// [`list`], and the files named like hand-offs that are not listed, with the reasons (half a
/// pair included at once: a one-off look has no later look to wait for).
pub fn scan(dir: &Path) -> anyhow::Result<Scan> {
    let mut folder = Folder::new(dir).with_settle(Duration::ZERO);
    folder
        .rescan(Instant::now())
        .with_context(|| format!("reading {}", dir.display()))?;
    Ok(Scan {
        entries: folder.entries,
        problems: folder.problems,
    })
}

/// Moves an entry's two files into `DIR/done/` (made if needed): both or neither. Never
/// overwrites, and never follows a symlink: `done` must be a real folder in `DIR`, and the
/// files are moved through descriptors of `DIR` and `done/` (`renameat`), so `done` cannot be
/// swapped for a link half way.
///
/// The `.json` goes first and the `.md` after it (once the summary is gone the entry leaves
/// every inbox's list); if the `.md` cannot follow, the `.json` is moved back.
pub fn mark_done(dir: &Path, entry: &Entry) -> anyhow::Result<()> {
    move_pair(dir, &entry.code, &mut move_no_replace)
}

/// A move of `name` from one folder to another, by descriptors.
type Mover<'m> = dyn FnMut(BorrowedFd<'_>, BorrowedFd<'_>, &str) -> io::Result<()> + 'm;

fn move_pair(dir: &Path, code: &str, mover: &mut Mover<'_>) -> anyhow::Result<()> {
    if !is_code(code) {
        bail!("{code:?} is not a hand-off code");
    }
    let directory = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    let spool = File::from(
        rustix::fs::open(dir, directory, Mode::empty())
            .map_err(io::Error::from)
            .with_context(|| format!("opening {}", dir.display()))?,
    );
    let done = open_done(&spool, dir)?;
    let response = format!("{code}.json");
    let summary = format!("{code}.md");
    for name in [&response, &summary] {
        match rustix::fs::statat(&spool, name.as_str(), AtFlags::SYMLINK_NOFOLLOW) {
            Ok(stat) if FileType::from_raw_mode(stat.st_mode) == FileType::RegularFile => {}
            Ok(_) => bail!("{name} is not a plain file; nothing was moved"),
            Err(Errno::NOENT) => bail!("{name} is missing; nothing was moved"),
            Err(errno) => {
                return Err(io::Error::from(errno))
                    .with_context(|| format!("looking at {name}; nothing was moved"));
            }
        }
        match rustix::fs::statat(&done, name.as_str(), AtFlags::SYMLINK_NOFOLLOW) {
            Err(Errno::NOENT) => {}
            Ok(_) => bail!("{DONE_FOLDER}/{name} is there already; nothing was moved"),
            Err(errno) => {
                return Err(io::Error::from(errno)).with_context(|| {
                    format!("looking at {DONE_FOLDER}/{name}; nothing was moved")
                });
            }
        }
    }
    mover(spool.as_fd(), done.as_fd(), &response)
        .with_context(|| format!("{response} could not be moved; nothing was moved"))?;
    if let Err(err) = mover(spool.as_fd(), done.as_fd(), &summary) {
        let back = mover(done.as_fd(), spool.as_fd(), &response);
        let _ = spool.sync_all();
        let _ = done.sync_all();
        return Err(match back {
            Ok(()) => anyhow::Error::new(err).context(format!(
                "{summary} could not be moved, so {response} was moved back"
            )),
            Err(back) => anyhow::Error::new(err).context(format!(
                "{summary} could not be moved, and moving {response} back failed too ({back}): \
                 {response} is in {DONE_FOLDER}/, {summary} is not"
            )),
        });
    }
    // Best effort: the moves survive a power cut.
    let _ = done.sync_all();
    let _ = spool.sync_all();
    Ok(())
}

/// `DIR/done`, opened without following a symlink; made when missing.
fn open_done(spool: &File, dir: &Path) -> anyhow::Result<File> {
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let shown = dir.join(DONE_FOLDER);
    for attempt in 0..2 {
        match rustix::fs::openat(spool, DONE_FOLDER, flags, Mode::empty()) {
            Ok(fd) => return Ok(File::from(fd)),
            Err(Errno::NOENT) if attempt == 0 => {
                match rustix::fs::mkdirat(spool, DONE_FOLDER, Mode::from_raw_mode(0o777)) {
                    Ok(()) | Err(Errno::EXIST) => {}
                    Err(errno) => {
                        return Err(io::Error::from(errno))
                            .with_context(|| format!("making {}", shown.display()));
                    }
                }
            }
            Err(errno) => {
                let what = match rustix::fs::statat(spool, DONE_FOLDER, AtFlags::SYMLINK_NOFOLLOW) {
                    Ok(stat) => match FileType::from_raw_mode(stat.st_mode) {
                        FileType::Symlink => "a symbolic link (never followed)",
                        FileType::Directory => "",
                        _ => "not a folder",
                    },
                    Err(_) => "",
                };
                if !what.is_empty() {
                    bail!("{DONE_FOLDER}/ is {what}; nothing was moved");
                }
                return Err(io::Error::from(errno))
                    .with_context(|| format!("opening {}", shown.display()));
            }
        }
    }
    bail!("{} keeps disappearing; nothing was moved", shown.display())
}

/// Moves `name` from `from` to `to` unless `to` has one already (`RENAME_NOREPLACE` where the
/// file system has it; otherwise the caller's check just before stands).
fn move_no_replace(from: BorrowedFd<'_>, to: BorrowedFd<'_>, name: &str) -> io::Result<()> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    match rustix::fs::renameat_with(from, name, to, name, rustix::fs::RenameFlags::NOREPLACE) {
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => {}
        done => return done.map_err(io::Error::from),
    }
    rustix::fs::renameat(from, name, to, name).map_err(io::Error::from)
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
    fn a_session_in_spanish_reaches_reception_in_english_saying_so() {
        let en = crate::testing::small();
        let (es, _) = crate::content::translate::translate(
            &en,
            "small.es.toml",
            include_str!("../../tests/fixtures/small.es.toml"),
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut s = Session::new(&es);
        s.answer(Answer::many([2])).unwrap();
        s.answer(Answer::one(2)).unwrap();
        let a = s.assessment().unwrap();
        let at = datetime!(2026-11-21 19:48:05 UTC);
        let sent = send_for_reception(dir.path(), &es, &a, &en, at).unwrap();
        let md = fs::read_to_string(&sent.summary).unwrap();
        // Reception's copy: English words, the patient's language named.
        assert!(md.contains("\nlanguage: es\n---\n"), "{md}");
        assert!(md.contains("\ntitle: Knee\n"), "{md}");
        assert!(md.contains("## Result: Knee"), "{md}");
        assert!(
            md.contains(
                "> The patient answered in Español (es); this is reception's copy in English."
            ),
            "{md}"
        );
        assert!(!md.contains("Rodilla"), "{md}");
        // The response is what the patient read.
        let json: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&sent.response).unwrap()).unwrap();
        assert_eq!(json["language"], "es");
        assert_eq!(
            json["item"][1]["answer"][0]["valueCoding"]["display"],
            "Rodilla"
        );
        assert_eq!(read_entry(&sent.summary).unwrap().outcome, "knee_result");
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
        // The hand-off says which questions produced it, and the final disposition.
        assert!(md.contains("\ndisposition: self_care\n"), "{md}");
        assert!(
            md.contains("\nquestionnaire: small 1.0.0\nlanguage: en\n---\n"),
            "{md}"
        );
        assert!(!md.contains("answered in"), "{md}");
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

    #[test]
    fn when_the_summary_cannot_follow_its_response_is_moved_back() {
        let dir = tempfile::tempdir().unwrap();
        let q = small();
        let s = finished(&q, 2);
        let sent = send(
            dir.path(),
            &q,
            &s.assessment().unwrap(),
            datetime!(2026-11-21 09:00 UTC),
        )
        .unwrap();
        let mut moves = Vec::new();
        let err = move_pair(dir.path(), &sent.code, &mut |from, to, name| {
            moves.push(name.to_string());
            if name.ends_with(".md") {
                return Err(io::Error::other("injected failure"));
            }
            move_no_replace(from, to, name)
        })
        .unwrap_err();
        let message = format!("{err:#}");
        let json = format!("{}.json", sent.code);
        assert!(
            message.contains(&format!("so {json} was moved back")),
            "{message}"
        );
        assert!(message.contains("injected failure"), "{message}");
        let md = format!("{}.md", sent.code);
        // The .json first, then the .md, then the .json back.
        assert_eq!(moves, [json.clone(), md.clone(), json.clone()]);
        assert!(dir.path().join(&json).exists() && dir.path().join(&md).exists());
        let done = dir.path().join(DONE_FOLDER);
        assert_eq!(fs::read_dir(done).unwrap().count(), 0);
        assert_eq!(list(dir.path()).unwrap().len(), 1, "still listed");
    }

    #[test]
    fn front_matter_ends_at_its_closing_line_with_lf_or_crlf() {
        assert_eq!(
            split_front_matter(b"---\ncode: X\n---\n\nbody", true),
            Some((&b"code: X\n"[..], 16))
        );
        assert_eq!(
            split_front_matter(b"---\r\ncode: X\r\n---\r\nbody", true),
            Some((&b"code: X\r\n"[..], 19))
        );
        // A closing line without its line end counts only at the end of the whole file.
        assert_eq!(split_front_matter(b"---\na: b\n---", false), None);
        assert_eq!(
            split_front_matter(b"---\na: b\n---", true).map(|(_, b)| b),
            Some(12)
        );
        // "----" and "--- x" are not closing lines; no opening line, no block.
        assert_eq!(split_front_matter(b"---\na: b\n----\n--- x\n", true), None);
        assert_eq!(split_front_matter(b"# Title\n---\n", true), None);
    }

    #[test]
    fn events_on_temporary_files_point_to_the_file_they_become() {
        assert_eq!(affected_name("K9F3.md"), Some("K9F3.md"));
        assert_eq!(affected_name("K9F3.json"), Some("K9F3.json"));
        assert_eq!(affected_name("done"), Some("done"));
        assert_eq!(affected_name(".K9F3.md.4242.0.tmp"), Some("K9F3.md"));
        assert_eq!(affected_name(".K9F3.json.4242.17.tmp"), Some("K9F3.json"));
        for other in [
            "notes.md",
            "K9F3.txt",
            "k9f3.md",
            ".notes.md.1.0.tmp",
            "K7F3.md",
            "K9F3.md.bak",
        ] {
            assert_eq!(affected_name(other), None, "{other}");
        }
    }

    #[test]
    fn a_refresh_rereads_only_the_names_it_is_given() {
        let dir = tempfile::tempdir().unwrap();
        let write = |code: &str, title: &str| {
            for (ext, text) in [
                ("json", "{}".to_string()),
                (
                    "md",
                    format!(
                        "---\ncode: {code}\nauthored: 2026-11-21T09:00:00Z\nurgency: soon\n\
                         outcome: o\ntitle: {title}\n---\n"
                    ),
                ),
            ] {
                let path = dir.path().join(format!("{code}.{ext}"));
                let _ = fs::remove_file(&path);
                new_file::write(
                    dir.path(),
                    &format!("{code}.{ext}"),
                    text.as_bytes(),
                    Existing::Fail,
                )
                .unwrap();
            }
        };
        write("AAAA", "first");
        write("CCCC", "first");
        let t0 = Instant::now();
        let mut folder = Folder::new(dir.path());
        assert!(folder.rescan(t0).unwrap());
        write("AAAA", "second");
        write("CCCC", "second");
        let titles = |folder: &Folder| -> Vec<(String, String)> {
            let mut titles: Vec<(String, String)> = folder
                .entries()
                .iter()
                .map(|e| (e.code.clone(), e.title.clone()))
                .collect();
            titles.sort();
            titles
        };
        assert!(folder.refresh(["AAAA.md", "notes.txt"], t0));
        assert_eq!(
            titles(&folder),
            [
                ("AAAA".into(), "second".into()),
                ("CCCC".into(), "first".into())
            ]
        );
        // Nothing changed since: nothing to do.
        assert!(!folder.refresh(["AAAA.md", "AAAA.json"], t0));
        assert!(folder.rescan(t0).unwrap());
        assert_eq!(
            titles(&folder),
            [
                ("AAAA".into(), "second".into()),
                ("CCCC".into(), "second".into())
            ]
        );
        assert!(!folder.rescan(t0).unwrap());
    }

    #[test]
    fn the_list_kept_up_to_date_in_place_is_the_list_read_afresh() {
        let dir = tempfile::tempdir().unwrap();
        let codes: Vec<String> = (0..40)
            .map(|i| {
                let a = CODE_ALPHABET;
                [a[i % 24], a[(i / 24) % 24], b'A', b'C']
                    .iter()
                    .map(|b| char::from(*b))
                    .collect()
            })
            .collect();
        let urgencies = ["self-care", "soon", "emergency"];
        let t0 = Instant::now();
        let mut folder = Folder::new(dir.path()).with_settle(Duration::ZERO);
        folder.rescan(t0).unwrap();
        // A small linear congruential generator: the same sequence on every run.
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            usize::try_from(seed >> 33).unwrap() % n
        };
        for step in 0..400 {
            let code = &codes[next(codes.len())];
            let md = dir.path().join(format!("{code}.md"));
            let json = dir.path().join(format!("{code}.json"));
            match next(6) {
                0 | 1 => {
                    let text = format!(
                        "---\ncode: {code}\nauthored: 2026-11-{:02}T09:00:00Z\nurgency: {}\n\
                         outcome: o\ntitle: step {step}\n---\n",
                        1 + next(28),
                        urgencies[next(3)]
                    );
                    // As the kiosk writes: a new file given the name (a new inode), so a
                    // rewrite within one tick of the clock is still a new stamp.
                    let temp = dir.path().join(".temp");
                    fs::write(&temp, text).unwrap();
                    fs::rename(&temp, &md).unwrap();
                    fs::write(&temp, "{}").unwrap();
                    fs::rename(&temp, &json).unwrap();
                }
                2 => {
                    let _ = fs::remove_file(&md);
                }
                3 => {
                    let _ = fs::remove_file(&json);
                }
                4 => {
                    let _ = fs::remove_file(&md);
                    std::os::unix::fs::symlink("/etc/passwd", &md).unwrap();
                }
                _ => {
                    let temp = dir.path().join(".temp");
                    fs::write(&temp, "{}").unwrap();
                    fs::rename(&temp, &json).unwrap();
                }
            }
            // A notification of the two names, the listing alone, or the whole check.
            match step % 3 {
                0 => {
                    let names = [format!("{code}.md"), format!("{code}.json")];
                    folder.refresh(names.iter().map(String::as_str), t0);
                }
                1 => {
                    folder.rescan_names(t0).unwrap();
                }
                _ => {
                    folder.rescan(t0).unwrap();
                }
            }
            let afresh = scan(dir.path()).unwrap();
            assert_eq!(folder.entries(), afresh.entries.as_slice(), "step {step}");
            assert_eq!(folder.problems(), afresh.problems.as_slice(), "step {step}");
        }
    }
}
