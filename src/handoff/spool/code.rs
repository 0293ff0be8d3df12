//! Hand-off codes and the names made of them: drawing a code a person can read aloud, telling
//! a code, and what a name in the spool folder is to the inbox. No hand-off is read or
//! written here.

use std::fs;
use std::io::Read;

use anyhow::Context;

use super::DONE_FOLDER;
use crate::handoff::new_file;

/// Letters and digits that cannot be mistaken for each other when read aloud or written down
/// (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
pub(super) const CODE_ALPHABET: &[u8] = b"3469ACDEFGHJKMNPQRTUVWXY";
/// Characters in a code: 24^4 = 331,776 codes.
pub(super) const CODE_LENGTH: usize = 4;

/// Whether `text` could be a code [`send`](super::send) makes: its length, from its alphabet.
pub fn is_code(text: &str) -> bool {
    text.len() == CODE_LENGTH && text.bytes().all(|b| CODE_ALPHABET.contains(&b))
}

/// A code drawn from /dev/urandom.
pub(super) fn random_code() -> anyhow::Result<String> {
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

/// The code a hand-off's file name gives (`K7F3.md` -> `K7F3`).
pub(super) fn code_of(name: &str) -> &str {
    name.split_once('.').map_or(name, |(code, _)| code)
}

/// Which file of a hand-off a name is, or `done`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Summary,
    Response,
    Done,
}

/// What a name in the spool folder is to the inbox: a hand-off's summary or response, `done`,
/// or nothing (`None`: never looked at).
pub(super) fn classify(name: &str) -> Option<Kind> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
