//! The spool folder as last read ([`Folder`]): each file named like a hand-off, what it was
//! found to be and the stat it was found with, so that a look again re-reads only what
//! changed. How a code's files become a line of the list, and the list's order, are
//! `list.rs`'s; reading one file is `summary.rs`'s.

use std::collections::{HashMap, HashSet};
use std::fs::{self, Metadata};
use std::io;
use std::os::unix::fs::{DirEntryExt, MetadataExt};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::code::{Kind, classify, code_of};
use super::list::{derive_group, list_order, sort_entries};
use super::summary::{Owners, check_file, check_type, io_reason, kind_of, read_front_matter};
use super::{Entry, Problem, Reason};

/// How long half a hand-off (a `.json` without its `.md`, or the other way round) or a file
/// with a second hard link may stay before it is listed as a problem: a kiosk writing a pair,
/// or another inbox marking one done, passes through those states for a moment.
pub const SETTLE: Duration = Duration::from_secs(2);

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

/// What a file named like a hand-off was found to be, by what its name says it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum State {
    Summary(Result<Entry, Reason>),
    Response(Result<(), Reason>),
    Done(Result<(), Reason>),
}

/// A name in the folder as last looked at.
#[derive(Debug)]
pub(super) struct Known {
    /// The stat the state was found with; `None` when it could not be taken.
    stamp: Option<Stamp>,
    pub(super) state: State,
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

    /// The entries and the problems, taken out whole (for a one-off look).
    pub(super) fn into_list(self) -> (Vec<Entry>, Vec<Problem>) {
        (self.entries, self.problems)
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

/// What a file is when it could not even be looked at.
fn failed(kind: Kind, reason: Reason) -> State {
    match kind {
        Kind::Summary => State::Summary(Err(reason)),
        Kind::Response => State::Response(Err(reason)),
        Kind::Done => State::Done(Err(reason)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::code::CODE_ALPHABET;
    use super::super::scan;
    use super::*;
    use crate::handoff::new_file::{self, Existing};

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
