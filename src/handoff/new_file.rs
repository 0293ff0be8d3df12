//! Writing a new file all at once: a temporary file in the same folder is written, flushed to
//! disk and only then given its name, so nobody ever finds half a file under that name. An
//! existing file is never replaced. This is the only place painpath creates files.

use std::cell::RefCell;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, bail};

/// What to do when a file of the wanted name already exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Stop with an error; nothing is written.
    Fail,
    /// Try `name-2.ext`, `name-3.ext` and so on.
    NewName,
}

/// How many other names [`Existing::NewName`] tries before giving up.
const MAX_NEW_NAMES: usize = 999;

/// Writes `contents` to a new file `name` in `dir` and returns its path.
///
/// The file gets mode 0600 on Unix (only its owner can read it: it holds health answers).
/// On any error (folder missing or unwritable, disk full) nothing is left behind under `name`
/// and the temporary file is removed.
pub fn write(
    dir: &Path,
    name: &str,
    contents: &[u8],
    existing: Existing,
) -> anyhow::Result<PathBuf> {
    write_with(dir, name, existing, |file| {
        // In two parts, so a test can stop the process with half a file written.
        let (first, second) = contents.split_at(contents.len() / 2);
        file.write_all(first)?;
        crate::fault::point("stall-write");
        file.write_all(second)
    })
}

thread_local! {
    /// The flag [`cancellable`] watches on this thread, if any.
    static CANCEL: RefCell<Option<Arc<AtomicBool>>> = const { RefCell::new(None) };
}

/// Runs `work` with `cancel` watched: once `cancel` is set, every [`write`] that `work` makes
/// on this thread gives up before it names its file (removing its temporary file), so no new
/// name appears after that. A name being given at that very moment (a slow link on a network
/// share) still appears; whoever set `cancel` removes what `work` returns.
pub fn cancellable<T>(cancel: &Arc<AtomicBool>, work: impl FnOnce() -> T) -> T {
    struct Restore(Option<Arc<AtomicBool>>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let previous = self.0.take();
            CANCEL.with(|slot| *slot.borrow_mut() = previous);
        }
    }
    let previous = CANCEL.with(|slot| slot.borrow_mut().replace(Arc::clone(cancel)));
    let _restore = Restore(previous);
    work()
}

/// Whether the [`cancellable`] around this write was cancelled.
fn cancelled() -> bool {
    CANCEL.with(|slot| {
        slot.borrow()
            .as_ref()
            .is_some_and(|flag| flag.load(Ordering::SeqCst))
    })
}

/// [`write`] with the writing step passed in, so tests can make it fail half way.
pub(crate) fn write_with(
    dir: &Path,
    name: &str,
    existing: Existing,
    fill: impl FnOnce(&mut File) -> io::Result<()>,
) -> anyhow::Result<PathBuf> {
    if name.is_empty() || name.contains(['/', '\\']) || name == "." || name == ".." {
        bail!("\"{name}\" is not a file name");
    }
    let wanted = dir.join(name);
    if cancelled() {
        bail!(
            "cancelled before {} was written; nothing was saved",
            wanted.display()
        );
    }
    let (mut file, temp) = create_temp(dir, name)?;
    let mut guard = RemoveOnDrop(Some(temp.clone()));
    if let Err(err) = fill(&mut file).and_then(|()| file.sync_all()) {
        let why = if no_room(&err) {
            "; the disk is full or the file is larger than this system allows"
        } else {
            ""
        };
        return Err(err)
            .with_context(|| format!("writing {}{why}; nothing was saved", wanted.display()));
    }
    drop(file);

    let candidates = std::iter::once(name.to_string()).chain(match existing {
        Existing::Fail => Vec::new(),
        Existing::NewName => (2..=MAX_NEW_NAMES + 1).map(|n| numbered(name, n)).collect(),
    });
    for candidate in candidates {
        let target = dir.join(&candidate);
        // The last moment to give up: after the link the file is there for all to see.
        if cancelled() {
            bail!(
                "cancelled before {} was named; nothing was saved",
                target.display()
            );
        }
        match give_name(&temp, &target) {
            Ok(()) => {
                guard.0 = None;
                // The name is in place; a temp file that outlives this is only clutter.
                let _ = fs::remove_file(&temp);
                sync_dir(dir);
                return Ok(target);
            }
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {
                if existing == Existing::Fail {
                    bail!(
                        "{} already exists; painpath never overwrites a file, so nothing was \
                         saved (choose another name)",
                        target.display()
                    );
                }
            }
            Err(err) => {
                return Err(err)
                    .with_context(|| format!("saving {}; nothing was saved", target.display()));
            }
        }
    }
    bail!(
        "{} and {MAX_NEW_NAMES} numbered names after it already exist; nothing was saved",
        wanted.display()
    )
}

/// Whether a write failed for want of room: a full disk (ENOSPC), a quota (EDQUOT) or a file
/// size limit (EFBIG, `ulimit -f`; painpath catches SIGXFSZ so that it gets the error).
fn no_room(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded | io::ErrorKind::FileTooLarge
    )
}

/// `report.md`, 3 -> `report-3.md`.
fn numbered(name: &str, n: usize) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}-{n}.{ext}"),
        _ => format!("{name}-{n}"),
    }
}

/// Whether `file_name` is one of the temporary files [`write`] makes (`.NAME.PID.N.tmp`).
/// One is left behind only when a writer was killed before it could give the file its name.
pub fn is_temp_name(file_name: &str) -> bool {
    let Some(inner) = file_name
        .strip_prefix('.')
        .and_then(|rest| rest.strip_suffix(".tmp"))
    else {
        return false;
    };
    let mut parts = inner.rsplitn(3, '.');
    let numeric = |part: Option<&str>| {
        part.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    };
    numeric(parts.next()) && numeric(parts.next()) && parts.next().is_some_and(|n| !n.is_empty())
}

/// Removes the temporary files [`write`] left in `dir` (see [`is_temp_name`]) that were last
/// changed more than `max_age` before `now`, and returns their paths. Younger ones may still
/// be being written and are left alone; so is anything that is not a plain file.
pub fn remove_stale_temps(
    dir: &Path,
    max_age: std::time::Duration,
    now: std::time::SystemTime,
) -> anyhow::Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    for entry in fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let Ok(entry) = entry else { continue };
        let is_temp = entry.file_name().to_str().is_some_and(is_temp_name);
        let Ok(metadata) = entry.metadata() else {
            continue;
        };
        let stale = metadata
            .modified()
            .ok()
            .and_then(|modified| now.duration_since(modified).ok())
            .is_some_and(|age| age > max_age);
        if is_temp && metadata.is_file() && stale {
            let path = entry.path();
            fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
            removed.push(path);
        }
    }
    Ok(removed)
}

/// Creates `.NAME.PID.N.tmp` in `dir` (mode 0600), never reusing an existing file: the first
/// step of writing a file all at once, for [`write`] and for files replaced whole elsewhere.
pub fn create_temp(dir: &Path, name: &str) -> anyhow::Result<(File, PathBuf)> {
    let pid = std::process::id();
    for n in 0..100 {
        let temp = dir.join(format!(".{name}.{pid}.{n}.tmp"));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        match options.open(&temp) {
            Ok(file) => return Ok((file, temp)),
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(err) => {
                return Err(err).with_context(|| {
                    format!(
                        "cannot create a file in {}; nothing was saved",
                        dir.display()
                    )
                });
            }
        }
    }
    bail!("cannot find a free temporary name in {}", dir.display())
}

/// Gives the written temp file its final name without replacing anything there.
///
/// A hard link fails with `AlreadyExists` if the name is taken, atomically. File systems
/// without hard links (FAT, some network shares) fall back to check-then-rename, which can
/// only lose against another program creating that very name in the same instant.
fn give_name(temp: &Path, target: &Path) -> io::Result<()> {
    // Tests only (the `fault-injection` feature): a link that takes its time, as on a hung
    // network share.
    crate::fault::point("slow-link");
    match fs::hard_link(temp, target) {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => Err(err),
        Err(_) => {
            if fs::symlink_metadata(target).is_ok() {
                return Err(io::Error::from(io::ErrorKind::AlreadyExists));
            }
            fs::rename(temp, target)
        }
    }
}

/// Flushes the folder entry so the new name survives a power cut. Best effort: some systems
/// cannot open a folder for syncing, and the data itself is already on disk.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = File::open(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Removes the temp file unless disarmed, so an error or a panic leaves nothing behind.
struct RemoveOnDrop(Option<PathBuf>);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|e| e.ok())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        names.sort();
        names
    }

    #[test]
    fn writes_the_whole_file_and_no_temp_file_remains() {
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "a.md", b"hello", Existing::Fail).unwrap();
        assert_eq!(path, dir.path().join("a.md"));
        assert_eq!(fs::read(&path).unwrap(), b"hello");
        assert_eq!(names(dir.path()), vec!["a.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn new_file_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = write(dir.path(), "a.md", b"x", Existing::Fail).unwrap();
        let mode = fs::metadata(path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn existing_file_is_not_overwritten_when_asked_to_fail() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.md"), b"old").unwrap();
        let err = write(dir.path(), "a.md", b"new", Existing::Fail).unwrap_err();
        assert!(format!("{err:#}").contains("already exists"), "{err:#}");
        assert_eq!(fs::read(dir.path().join("a.md")).unwrap(), b"old");
        assert_eq!(names(dir.path()), vec!["a.md"]);
    }

    #[test]
    fn existing_file_gets_a_numbered_sibling_when_asked_for_a_new_name() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.md"), b"old").unwrap();
        fs::write(dir.path().join("a-2.md"), b"old 2").unwrap();
        let path = write(dir.path(), "a.md", b"new", Existing::NewName).unwrap();
        assert_eq!(path, dir.path().join("a-3.md"));
        assert_eq!(fs::read(dir.path().join("a.md")).unwrap(), b"old");
        assert_eq!(fs::read(dir.path().join("a-2.md")).unwrap(), b"old 2");
        assert_eq!(fs::read(path).unwrap(), b"new");
    }

    #[test]
    fn failed_write_half_way_leaves_no_file_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_with(dir.path(), "a.md", Existing::Fail, |file| {
            file.write_all(b"half of the")?;
            Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "no space left on device",
            ))
        })
        .unwrap_err();
        let message = format!("{err:#}");
        assert!(message.contains("no space left"), "{message}");
        assert!(message.contains("nothing was saved"), "{message}");
        assert_eq!(names(dir.path()), Vec::<String>::new());
    }

    #[test]
    fn missing_folder_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        let err = write(&missing, "a.md", b"x", Existing::Fail).unwrap_err();
        let message = format!("{err:#}");
        assert!(message.contains("cannot create a file in"), "{message}");
        assert!(message.contains("nope"), "{message}");
    }

    #[test]
    fn a_path_is_not_a_file_name() {
        let dir = tempfile::tempdir().unwrap();
        assert!(write(dir.path(), "../a.md", b"x", Existing::Fail).is_err());
        assert!(write(dir.path(), "", b"x", Existing::Fail).is_err());
    }

    #[test]
    fn temp_names_are_recognised_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let (file, temp) = create_temp(dir.path(), "K7F3.md").unwrap();
        drop(file);
        let name = temp.file_name().unwrap().to_str().unwrap();
        assert!(is_temp_name(name), "{name}");
        assert!(is_temp_name(".a.b.md.12.0.tmp"));
        for other in [
            "K7F3.md",
            ".K7F3.md",
            "K7F3.md.12.0.tmp",
            ".K7F3.md.x.0.tmp",
            ".K7F3.md.12..tmp",
            ".12.0.tmp",
            "..12.0.tmp",
            ".notes.tmp",
        ] {
            assert!(!is_temp_name(other), "{other}");
        }
    }

    #[test]
    fn only_old_temp_files_are_removed() {
        use std::time::{Duration, SystemTime};
        let dir = tempfile::tempdir().unwrap();
        let (file, temp) = create_temp(dir.path(), "K7F3.md").unwrap();
        drop(file);
        fs::write(dir.path().join("K7F3.json"), "{}").unwrap();
        fs::write(dir.path().join(".notes.tmp"), "x").unwrap();
        let hour = Duration::from_secs(3600);
        let now = SystemTime::now();
        assert!(
            remove_stale_temps(dir.path(), hour, now)
                .unwrap()
                .is_empty()
        );
        assert!(
            temp.exists(),
            "a young temp file may still be being written"
        );
        let later = now + 2 * hour;
        assert_eq!(
            remove_stale_temps(dir.path(), hour, later).unwrap(),
            vec![temp.clone()]
        );
        assert!(!temp.exists());
        assert_eq!(names(dir.path()), vec![".notes.tmp", "K7F3.json"]);
    }

    #[test]
    fn a_cancelled_write_names_no_file_and_leaves_no_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let cancel = Arc::new(AtomicBool::new(false));
        // Cancelled while the contents are written: the temp file goes, no name appears.
        let err = cancellable(&cancel, || {
            write_with(dir.path(), "a.md", Existing::Fail, |file| {
                file.write_all(b"half")?;
                cancel.store(true, Ordering::SeqCst);
                file.write_all(b" and the rest")
            })
        })
        .unwrap_err();
        assert!(format!("{err:#}").contains("cancelled"), "{err:#}");
        assert_eq!(names(dir.path()), Vec::<String>::new());
        // Already cancelled: nothing is even started.
        let err = cancellable(&cancel, || write(dir.path(), "b.md", b"x", Existing::Fail));
        assert!(err.is_err());
        assert_eq!(names(dir.path()), Vec::<String>::new());
        // Outside `cancellable`, and on other threads, the flag means nothing.
        write(dir.path(), "c.md", b"x", Existing::Fail).unwrap();
        let other = cancellable(&cancel, || {
            std::thread::scope(|s| {
                s.spawn(|| write(dir.path(), "d.md", b"x", Existing::Fail))
                    .join()
                    .unwrap()
            })
        });
        assert!(other.is_ok());
        assert_eq!(names(dir.path()), vec!["c.md", "d.md"]);
    }

    #[test]
    fn numbered_names_keep_the_extension() {
        assert_eq!(numbered("painpath-1.md", 2), "painpath-1-2.md");
        assert_eq!(numbered("notes", 3), "notes-3");
        assert_eq!(numbered(".hidden", 2), ".hidden-2");
    }
}
