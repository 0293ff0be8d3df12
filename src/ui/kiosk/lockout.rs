//! The staff PIN lockout kept across restarts: a small file, `pin-lockout`, in the kiosk's
//! state folder (`state_dir` in the config, or systemd's `StateDirectory=`), recording the
//! wrong PINs in a row and until when (wall-clock time) the prompt is locked. Without it a
//! restart, which anyone can cause by pulling the plug, would forgive every wrong PIN.
//!
//! The kiosk's state machine stays pure: it starts from a [`Lockout`] (relative time, no
//! clock) and reports each change as a [`Lockout`] on a channel ([`PinLockout`]). The binary
//! does the file work at start-up ([`start`]), and a writer thread turns each report into the
//! file, converting to and from wall-clock time ([`SystemTime`]) here at the edge.
//!
//! The file is read without following a symlink and only when it is a small regular file
//! ([`crate::safe_file`]), and written whole: a temporary file in the same folder, flushed,
//! then renamed over the old one (a rename replaces a symlink there rather than following it).

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};
use serde::Deserialize;

use super::{FREE_PIN_TRIES, MAX_LOCKOUT};
use crate::handoff::new_file;
use crate::safe_file::{self, Symlinks};

/// The file's name in the state folder.
pub const FILE_NAME: &str = "pin-lockout";

/// A lockout file longer than this is not one painpath wrote.
const MAX_BYTES: u64 = 1024;

/// Wrong PINs in a row, and how long from now the prompt stays locked: what the kiosk starts
/// with, and what it reports after each wrong PIN (and after the right one, all clear).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Lockout {
    /// Wrong PINs since the last right one.
    pub failures: u32,
    /// How long the prompt stays locked from the moment this was made.
    pub locked_for: Option<Duration>,
}

impl Lockout {
    /// A lockout file that cannot be trusted locks the prompt as long as any lockout does,
    /// and the next wrong PIN locks it again.
    pub const FAIL_CLOSED: Lockout = Lockout {
        failures: FREE_PIN_TRIES,
        locked_for: Some(MAX_LOCKOUT),
    };
}

/// The kiosk's side of the lockout file: what was read at start, and where to report changes
/// (none: nothing is kept across restarts).
#[derive(Debug, Clone, Default)]
pub struct PinLockout {
    /// The lockout as read at start.
    pub start: Lockout,
    /// Where the kiosk reports each change (to the writer thread of [`start`]).
    pub updates: Option<mpsc::Sender<Lockout>>,
}

impl PartialEq for PinLockout {
    /// Two are equal when they start the same and both keep (or both do not keep) changes.
    fn eq(&self, other: &PinLockout) -> bool {
        self.start == other.start && self.updates.is_some() == other.updates.is_some()
    }
}

impl Eq for PinLockout {}

impl PinLockout {
    /// Passes a change on to the writer, if there is one. Never blocks.
    pub fn report(&self, lockout: Lockout) {
        if let Some(updates) = &self.updates {
            // A writer that is gone (the kiosk is ending) loses nothing the file needs.
            let _ = updates.send(lockout);
        }
    }
}

/// The state folder: `state_dir` from the config, or else the first of systemd's
/// `STATE_DIRECTORY` (set by `StateDirectory=`; a colon-separated list when several).
pub fn state_dir(configured: Option<&Path>, state_directory: Option<&str>) -> Option<PathBuf> {
    if let Some(dir) = configured {
        return Some(dir.to_path_buf());
    }
    state_directory
        .and_then(|dirs| dirs.split(':').next())
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
}

/// How the lockout file is written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Record {
    failures: u32,
    /// Unix time, in seconds.
    locked_until: Option<u64>,
}

/// Reads the lockout file in `dir` as of `now`. No file there: nothing to remember. A lock
/// that reaches further than [`MAX_LOCKOUT`] (the clock went back) is cut to it.
pub fn load(dir: &Path, now: SystemTime) -> anyhow::Result<Lockout> {
    let path = dir.join(FILE_NAME);
    let reading = || format!("reading {}", path.display());
    let bytes = match safe_file::read(&path, Symlinks::Refuse, MAX_BYTES) {
        Ok(bytes) => bytes,
        Err(safe_file::Error::Io(err)) if err.kind() == io::ErrorKind::NotFound => {
            return Ok(Lockout::default());
        }
        Err(safe_file::Error::NotRegular(_)) => {
            return Err(anyhow::anyhow!("it is not a regular file")).with_context(reading);
        }
        Err(safe_file::Error::TooLarge { .. } | safe_file::Error::Grew { .. }) => bail!(
            "{} is longer than {MAX_BYTES} bytes, so painpath did not write it",
            path.display()
        ),
        Err(err) => return Err(err).with_context(reading),
    };
    let text = String::from_utf8(bytes)
        // In the words of `read_to_string`.
        .map_err(|_| anyhow::anyhow!("stream did not contain valid UTF-8"))
        .with_context(reading)?;
    let record: Record = toml::from_str(&text).map_err(|err| {
        anyhow::anyhow!(
            "{} is not a lockout file: {}",
            path.display(),
            err.message()
        )
    })?;
    let locked_for = record
        .locked_until
        .map(|secs| UNIX_EPOCH + Duration::from_secs(secs))
        .and_then(|until| until.duration_since(now).ok())
        .filter(|left| !left.is_zero())
        .map(|left| left.min(MAX_LOCKOUT));
    Ok(Lockout {
        failures: record.failures,
        locked_for,
    })
}

/// Writes `lockout`, made at `now`, to the lockout file in `dir`, replacing it whole.
pub fn save(dir: &Path, lockout: Lockout, now: SystemTime) -> anyhow::Result<()> {
    let path = dir.join(FILE_NAME);
    let until = lockout.locked_for.map(|left| {
        let until = now + left;
        let since = until.duration_since(UNIX_EPOCH).unwrap_or_default();
        // Rounded up, so that the lock is never shortened.
        since.as_secs() + u64::from(since.subsec_nanos() > 0)
    });
    let mut text = format!(
        "# painpath's staff PIN lockout (docs/kiosk.md, \"The staff PIN\"): wrong PINs in a row\n\
         # and until when (Unix time) the prompt is locked. The right PIN clears it.\n\
         failures = {}\n",
        lockout.failures
    );
    if let Some(until) = until {
        text.push_str(&format!("locked_until = {until}\n"));
    }
    let (mut file, temp) = new_file::create_temp(dir, FILE_NAME)?;
    let written = file
        .write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .and_then(|()| {
            drop(file);
            fs::rename(&temp, &path)
        });
    if let Err(err) = written {
        let _ = fs::remove_file(&temp);
        return Err(err).with_context(|| format!("writing {}", path.display()));
    }
    // The new name survives a power cut (best effort, as for hand-offs).
    if let Ok(folder) = File::open(dir) {
        let _ = folder.sync_all();
    }
    Ok(())
}

/// The kiosk's lockout file, set up: hand [`Started::lockout`] to the kiosk, and call
/// [`Writer::finish`] when it has ended.
#[derive(Debug)]
pub struct Started {
    /// For the kiosk's settings.
    pub lockout: PinLockout,
    /// Said once at start, when the file there could not be trusted.
    pub warning: Option<String>,
    /// The thread writing the kiosk's reports to the file.
    pub writer: Writer,
}

/// The thread that writes the kiosk's reports to the lockout file.
#[derive(Debug)]
pub struct Writer {
    done: mpsc::Receiver<()>,
    errors: Arc<Mutex<Vec<String>>>,
}

impl Writer {
    /// Waits (up to `within`) for the last report to be written once the kiosk, and with it
    /// every sender, is gone; returns what could not be written.
    pub fn finish(self, within: Duration) -> Vec<String> {
        let _ = self.done.recv_timeout(within);
        self.errors.lock().map(|e| e.clone()).unwrap_or_default()
    }
}

/// At start: checks the state folder, reads the lockout file there (one that cannot be
/// trusted, such as a symlink, locks the prompt for [`MAX_LOCKOUT`] with a warning), writes it
/// back at once (so that a folder the kiosk cannot write to stops it now, not at the first
/// wrong PIN), and starts the writer thread.
pub fn start(dir: &Path, now: SystemTime) -> anyhow::Result<Started> {
    match fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => bail!(
            "the state folder {} (for the PIN lockout) is not a folder; give state_dir a folder",
            dir.display()
        ),
        Err(err) => bail!(
            "the state folder {} (for the PIN lockout) cannot be used ({err}); create it \
             (install -d -m 0700 -o painpath -g painpath {}) or leave out state_dir",
            dir.display(),
            dir.display()
        ),
    }
    let (lockout, warning) = match load(dir, now) {
        Ok(lockout) => (lockout, None),
        Err(err) => (
            Lockout::FAIL_CLOSED,
            Some(format!(
                "{err:#}; the staff PIN prompt is locked for {} minutes and the file is written \
                 anew",
                MAX_LOCKOUT.as_secs() / 60
            )),
        ),
    };
    save(dir, lockout, now).context("the PIN lockout cannot be kept in the state folder")?;
    let (updates, reports) = mpsc::channel::<Lockout>();
    let (finished, done) = mpsc::channel::<()>();
    let errors = Arc::new(Mutex::new(Vec::new()));
    let kept = Arc::clone(&errors);
    let dir = dir.to_path_buf();
    thread::Builder::new()
        .name("painpath-lockout".into())
        .spawn(move || {
            for report in reports {
                // The clock is read here, at the edge, not in the kiosk.
                if let Err(err) = save(&dir, report, SystemTime::now())
                    && let Ok(mut errors) = kept.lock()
                    && errors.len() < 10
                {
                    errors.push(format!("{err:#}"));
                }
            }
            drop(finished);
        })
        .context("starting the PIN lockout writer")?;
    Ok(Started {
        lockout: PinLockout {
            start: lockout,
            updates: Some(updates),
        },
        warning,
        writer: Writer { done, errors },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn no_file_means_nothing_to_remember() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load(dir.path(), at(1000)).unwrap(), Lockout::default());
    }

    #[test]
    fn a_saved_lockout_is_read_back_as_time_left() {
        let dir = tempfile::tempdir().unwrap();
        let lockout = Lockout {
            failures: 4,
            locked_for: Some(Duration::from_secs(60)),
        };
        save(dir.path(), lockout, at(1_000_000)).unwrap();
        let text = fs::read_to_string(dir.path().join(FILE_NAME)).unwrap();
        assert!(
            text.contains("failures = 4\nlocked_until = 1000060\n"),
            "{text}"
        );
        // Read 20 s later: 40 s left.
        let read = load(dir.path(), at(1_000_020)).unwrap();
        assert_eq!(read.failures, 4);
        assert_eq!(read.locked_for, Some(Duration::from_secs(40)));
        // After the lock: the failures stay, the lock is over.
        let read = load(dir.path(), at(1_000_060)).unwrap();
        assert_eq!(
            read,
            Lockout {
                failures: 4,
                locked_for: None
            }
        );
    }

    #[test]
    fn a_lock_beyond_the_longest_is_cut_to_it() {
        let dir = tempfile::tempdir().unwrap();
        let lockout = Lockout {
            failures: 9,
            locked_for: Some(Duration::from_secs(600)),
        };
        save(dir.path(), lockout, at(10_000)).unwrap();
        // The clock went back an hour.
        let read = load(dir.path(), at(10_000 - 3600)).unwrap();
        assert_eq!(read.locked_for, Some(MAX_LOCKOUT));
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_replaced_whole_with_mode_0600_and_no_temp_file_left() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        save(dir.path(), Lockout::FAIL_CLOSED, at(1)).unwrap();
        save(dir.path(), Lockout::default(), at(2)).unwrap();
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, vec![FILE_NAME.to_string()]);
        let path = dir.path().join(FILE_NAME);
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(load(dir.path(), at(3)).unwrap(), Lockout::default());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_never_followed_and_is_replaced_not_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("elsewhere");
        fs::write(&target, "failures = 0\n").unwrap();
        std::os::unix::fs::symlink(&target, dir.path().join(FILE_NAME)).unwrap();
        let err = load(dir.path(), at(1)).unwrap_err();
        assert!(format!("{err:#}").contains("symlink"), "{err:#}");
        save(dir.path(), Lockout::FAIL_CLOSED, at(1)).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "failures = 0\n");
        assert!(
            !fs::symlink_metadata(dir.path().join(FILE_NAME))
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }

    #[test]
    fn anything_but_a_small_lockout_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        fs::write(&path, "failures = 1\n".repeat(200)).unwrap();
        let err = format!("{:#}", load(dir.path(), at(1)).unwrap_err());
        assert!(err.contains("longer than"), "{err}");
        fs::write(&path, "failures = \"many\"\n").unwrap();
        assert!(load(dir.path(), at(1)).is_err());
        fs::write(&path, "failures = 1\nextra = 2\n").unwrap();
        assert!(load(dir.path(), at(1)).is_err());
        fs::remove_file(&path).unwrap();
        fs::create_dir(&path).unwrap();
        let err = format!("{:#}", load(dir.path(), at(1)).unwrap_err());
        assert!(err.contains("not a regular file"), "{err}");
    }

    #[test]
    fn start_fails_closed_on_a_bad_file_and_writes_reports() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(FILE_NAME), "garbage").unwrap();
        let started = start(dir.path(), SystemTime::now()).unwrap();
        assert_eq!(started.lockout.start, Lockout::FAIL_CLOSED);
        assert!(
            started
                .warning
                .is_some_and(|w| w.contains("locked for 15 minutes"))
        );
        // Written anew at once, then each report as it comes.
        let read = load(dir.path(), SystemTime::now()).unwrap();
        assert_eq!(read.failures, FREE_PIN_TRIES);
        started.lockout.report(Lockout {
            failures: 7,
            locked_for: None,
        });
        drop(started.lockout);
        assert!(started.writer.finish(Duration::from_secs(5)).is_empty());
        assert_eq!(
            load(dir.path(), SystemTime::now()).unwrap(),
            Lockout {
                failures: 7,
                locked_for: None
            }
        );
    }

    #[test]
    fn a_missing_state_folder_stops_the_start_with_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let err = start(&dir.path().join("nope"), SystemTime::now()).unwrap_err();
        assert!(format!("{err:#}").contains("install -d"), "{err:#}");
    }

    #[test]
    fn the_state_folder_comes_from_the_config_or_systemd() {
        let configured = Path::new("/srv/state");
        assert_eq!(
            state_dir(Some(configured), Some("/var/lib/painpath")),
            Some(configured.to_path_buf())
        );
        assert_eq!(
            state_dir(None, Some("/var/lib/painpath:/var/lib/other")),
            Some(PathBuf::from("/var/lib/painpath"))
        );
        assert_eq!(state_dir(None, Some("")), None);
        assert_eq!(state_dir(None, None), None);
    }
}
