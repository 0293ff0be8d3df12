//! Marking an entry done: its two files moved into `DIR/done/`, both or neither, through
//! descriptors of the folders so that nothing is followed or overwritten. Nothing else in
//! the folder is changed here.

use std::fs::File;
use std::io;
use std::os::fd::{AsFd, BorrowedFd};
use std::path::Path;

use anyhow::{Context, bail};
use rustix::fs::{AtFlags, FileType, Mode, OFlags};
use rustix::io::Errno;

use super::code::is_code;
use super::{DONE_FOLDER, Entry};

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

/// Finishes a mark done that stopped between its two moves (the process killed, the machine
/// off): `CODE.json` already in `done/`, `CODE.md` still in the folder. Moves the `.md` after
/// it, with the same care as [`mark_done`], and returns true; returns false, moving nothing,
/// when the files are not in exactly that state (the pair whole in the folder, a `.md` in
/// `done/` already, anything not a plain file). Such a state comes only from a move cut
/// short: a kiosk never writes a code that has a file in `done/`.
pub fn finish_half_done(dir: &Path, code: &str) -> anyhow::Result<bool> {
    finish_half_done_with(dir, code, &mut move_no_replace)
}

fn finish_half_done_with(dir: &Path, code: &str, mover: &mut Mover<'_>) -> anyhow::Result<bool> {
    let spool = open_spool(dir, code)?;
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let done = match rustix::fs::openat(&spool, DONE_FOLDER, flags, Mode::empty()) {
        Ok(fd) => File::from(fd),
        // No real done/: nothing was half moved into it.
        Err(_) => return Ok(false),
    };
    let response = format!("{code}.json");
    let summary = format!("{code}.md");
    let plain = |folder: &File, name: &str| {
        rustix::fs::statat(folder, name, AtFlags::SYMLINK_NOFOLLOW)
            .map(|stat| FileType::from_raw_mode(stat.st_mode) == FileType::RegularFile)
    };
    let half_done = matches!(plain(&spool, &summary), Ok(true))
        && matches!(plain(&spool, &response), Err(Errno::NOENT))
        && matches!(plain(&done, &response), Ok(true))
        && matches!(plain(&done, &summary), Err(Errno::NOENT));
    if !half_done {
        return Ok(false);
    }
    mover(spool.as_fd(), done.as_fd(), &summary).with_context(|| {
        format!("{summary} could not follow {DONE_FOLDER}/{response}; it stays where it is")
    })?;
    let _ = done.sync_all();
    let _ = spool.sync_all();
    Ok(true)
}

/// The spool folder, opened to move the hand-off `code` out of it by descriptors; an error
/// unless `code` is a hand-off code.
fn open_spool(dir: &Path, code: &str) -> anyhow::Result<File> {
    if !is_code(code) {
        bail!("{code:?} is not a hand-off code");
    }
    let directory = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC;
    Ok(File::from(
        rustix::fs::open(dir, directory, Mode::empty())
            .map_err(io::Error::from)
            .with_context(|| format!("opening {}", dir.display()))?,
    ))
}

/// A move of `name` from one folder to another, by descriptors.
type Mover<'m> = dyn FnMut(BorrowedFd<'_>, BorrowedFd<'_>, &str) -> io::Result<()> + 'm;

fn move_pair(dir: &Path, code: &str, mover: &mut Mover<'_>) -> anyhow::Result<()> {
    let spool = open_spool(dir, code)?;
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
    // Tests only (the `fault-injection` feature): a move stuck on a hung share, or a process
    // killed between the two moves (see `finish_half_done`).
    crate::fault::point("stall-mark-done");
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
    use super::super::{finished, list, send};
    use super::*;
    use crate::testing::small;
    use std::fs;
    use time::macros::datetime;

    #[test]
    fn only_a_pair_cut_in_half_by_a_move_is_finished() {
        let dir = tempfile::tempdir().unwrap();
        let done = dir.path().join(DONE_FOLDER);
        let files = |folder: &Path| {
            let mut names: Vec<String> = fs::read_dir(folder)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        // No done/ at all, then a whole pair in the folder: nothing to finish.
        fs::write(dir.path().join("K9F3.md"), "summary").unwrap();
        assert!(!finish_half_done(dir.path(), "K9F3").unwrap());
        fs::create_dir(&done).unwrap();
        fs::write(dir.path().join("K9F3.json"), "{}").unwrap();
        assert!(!finish_half_done(dir.path(), "K9F3").unwrap());
        // Both already in done/ under that code: nothing is overwritten.
        fs::rename(dir.path().join("K9F3.json"), done.join("K9F3.json")).unwrap();
        fs::write(done.join("K9F3.md"), "older").unwrap();
        assert!(!finish_half_done(dir.path(), "K9F3").unwrap());
        assert_eq!(fs::read_to_string(done.join("K9F3.md")).unwrap(), "older");
        // The state a cut move leaves: finished.
        fs::remove_file(done.join("K9F3.md")).unwrap();
        assert!(finish_half_done(dir.path(), "K9F3").unwrap());
        assert_eq!(files(&done), ["K9F3.json", "K9F3.md"]);
        assert_eq!(files(dir.path()), ["done"]);
        assert!(finish_half_done(dir.path(), "../x").is_err());
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
}
