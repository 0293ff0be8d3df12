//! Reading a hand-off from one checked descriptor: the checks every file of a hand-off passes
//! (a plain file, owned by the kiosk's user or the inbox's, one link), the summary's front
//! matter and the [`Opened`] summary. Opening safely is [`crate::safe_file`]'s; which files
//! the folder holds is `folder.rs`'s.

use std::fs::{self, File, Metadata};
use std::io::{self, Read};
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use rustix::io::Errno;

use super::code::{code_of, is_code};
use super::{Entry, Reason};
use crate::content::model::{Rung, Urgency};
use crate::safe_file::{self, Kind, Symlinks};

/// How far into a summary its front matter may reach: it is read up to its closing `---` line,
/// which must come within this many bytes. The largest front matter a questionnaire the loader
/// accepts can give fits (`delivery::LONGEST_FRONT_MATTER`), and a huge file dropped in the
/// folder is never read whole on every look.
pub const FRONT_MATTER_LIMIT: usize = crate::content::model::FRONT_MATTER_MAX;

/// The most of a title an [`Entry`] keeps (in characters): the longest the loader allows; the
/// rest of a longer one (not a file the kiosk wrote) is cut, with "…".
pub const TITLE_LIMIT: usize = crate::content::model::TITLE_MAX;

/// A disposition id as the loader allows: letters, digits, `_` and `-`, not too long.
fn is_word(text: &str) -> bool {
    (1..=crate::content::model::ID_MAX).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// Whose files the inbox reads: the spool folder's owner's (the kiosk's user) and its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Owners {
    /// Not known until the folder is read.
    pub(super) folder: Option<u32>,
    pub(super) inbox: u32,
}

impl Owners {
    pub(super) fn of(dir: &Path) -> io::Result<Owners> {
        Ok(Owners {
            folder: Some(fs::metadata(dir)?.uid()),
            inbox: rustix::process::geteuid().as_raw(),
        })
    }

    fn allow(&self, uid: u32) -> bool {
        self.folder == Some(uid) || self.inbox == uid
    }
}

/// What a file that is not a plain file is, in the inbox's words: "a FIFO (named pipe)" on its
/// screens, where the command line says "a named pipe (FIFO)".
fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Fifo => "a FIFO (named pipe)",
        Kind::Other => "something else",
        kind => kind.name(),
    }
}

/// What a file of this type is, in the inbox's words (a plain file, which a `done` may be, is
/// "something else").
pub(super) fn kind_of(file_type: fs::FileType) -> &'static str {
    Kind::of(file_type).map_or("something else", kind_name)
}

/// A plain file: not a symlink, a folder, a FIFO, a socket or a device.
pub(super) fn check_type(metadata: &Metadata) -> Result<(), Reason> {
    match Kind::of(metadata.file_type()) {
        None => Ok(()),
        Some(Kind::Symlink) => Err(Reason::Symlink),
        Some(kind) => Err(Reason::NotRegular(kind_name(kind))),
    }
}

/// A plain file, owned by the kiosk's user or the inbox's, with one link.
pub(super) fn check_file(metadata: &Metadata, owners: &Owners) -> Result<(), Reason> {
    check_type(metadata)?;
    check_owner(metadata, owners)
}

/// Owned by the kiosk's user or the inbox's, with one link.
fn check_owner(metadata: &Metadata, owners: &Owners) -> Result<(), Reason> {
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

pub(super) fn io_reason(err: &io::Error) -> Reason {
    match err.kind() {
        io::ErrorKind::PermissionDenied => Reason::PermissionDenied,
        io::ErrorKind::NotFound => Reason::Gone,
        _ => Reason::Unreadable(err.to_string()),
    }
}

/// Opens a hand-off's summary for reading as [`safe_file::open`] does, never following a
/// symlink nor waiting for a writer (a FIFO opens at once and is then refused), and checks the
/// file that was opened (fstat), not the name: a plain file, owned as expected, with one link.
/// Everything read from a hand-off is read from this one descriptor.
fn open_checked(path: &Path, owners: &Owners) -> Result<(File, Metadata), Reason> {
    let opened = safe_file::open(path, Symlinks::Refuse).map_err(|err| match err {
        safe_file::Error::Symlink => Reason::Symlink,
        safe_file::Error::NotRegular(kind) => Reason::NotRegular(kind_name(kind)),
        // ENXIO: a socket, which Linux does not open.
        safe_file::Error::Io(err) if Errno::from_io_error(&err) == Some(Errno::NXIO) => {
            Reason::NotRegular("a socket")
        }
        safe_file::Error::Io(err) => io_reason(&err),
        // Only a read is refused for its size.
        other => Reason::Unreadable(other.to_string()),
    })?;
    check_owner(&opened.metadata, owners)?;
    Ok((opened.file, opened.metadata))
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

/// Reads the front matter of the summary at `path` (named `CODE.md`) from one checked
/// descriptor (see [`open_checked`]): up to its closing line, at most [`FRONT_MATTER_LIMIT`]
/// bytes. Returns the entry and the metadata of the file that was read.
pub(super) fn read_front_matter(path: &Path, owners: &Owners) -> Result<(Entry, Metadata), Reason> {
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
/// The code is checked because [`mark_done`](super::mark_done) builds file names from it.
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
