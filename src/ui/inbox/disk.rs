//! The inbox's folder work, kept apart from its screen: the spool folder as last read
//! ([`Disk`]: the `spool::Folder`, the watch, and what the looks keep) and each piece of work
//! done on it ([`Work`]: a tick's look, a read of the whole folder, starting the watch,
//! opening a summary, marking an entry done), which comes back as an [`Outcome`]. Nothing
//! here draws or reads a key.
//!
//! The app hands the `Disk` and a `Work` to a worker thread ([`Worker`]) and takes them back
//! with the outcome, so a folder that stops answering (a frozen network share) holds up the
//! worker, never the keys, `q` or a signal. Tests that drive the app in-process run the work
//! in place instead, as it comes.
//!
//! How changes are found:
//! - **notifications** (`inbox/watch.rs`): the names they report are looked at again, and
//!   nothing else; the folder is read whole only every [`REVALIDATE`], as a cheap check (a
//!   stat of each hand-off, re-reading only those whose stat changed);
//! - **polling** (a network folder, `--poll`, or when the watch cannot start; and in tests,
//!   which drive the clock): every `RESCAN` the folder's own stat is taken, and only when it
//!   changed (a name was added, removed or renamed) are its names read, and only the names
//!   new or listed with another inode looked at; every [`REVALIDATE`] the whole check, as
//!   above.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::time::{Duration, Instant};

use super::app::{RACY, REVALIDATE, SUMMARY_LIMIT, Watching, clean};
use super::watch::{self, Watcher};
use crate::handoff::spool::{self, Entry, Folder, FolderStamp, Opened, Reason};

/// The spool folder as last read, and what the looks at it keep.
#[derive(Debug)]
pub(super) struct Disk {
    dir: PathBuf,
    /// Poll, never watch (`--poll`).
    poll: bool,
    pub(super) folder: Folder,
    /// Why the folder could not be read at the last look, if it could not.
    pub(super) folder_error: Option<String>,
    /// When the whole folder is next checked regardless.
    next_revalidate: Option<Instant>,
    /// The folder's stat at the last look.
    folder_stamp: Option<FolderStamp>,
    /// Polling reads the folder at every look until then (see [`RACY`]).
    racy_until: Option<Instant>,
    /// The notifications, when they run.
    watcher: Option<Watcher>,
}

/// One piece of folder work.
#[derive(Debug)]
pub(super) enum Work {
    /// What a tick does with the folder: what notifications reported, the transient problems
    /// whose time has come, and (when `look`) a look at the folder's stat.
    Tick { now: Instant, look: bool },
    /// The whole folder read now (the `r` key).
    Rescan { now: Instant },
    /// Notifications turned on, where they can be.
    Watch { now: Option<Instant> },
    /// A summary opened and read from one checked descriptor.
    Open { code: String, now: Instant },
    /// An entry's pair moved into `done/`.
    MarkDone { entry: Entry, now: Instant },
}

/// What a piece of work found.
#[derive(Debug, Default)]
pub(super) struct Outcome {
    /// The entries, the problems or the folder's error changed.
    pub(super) changed: bool,
    /// Messages for the message line, in order (the text, and whether it is an error).
    pub(super) messages: Vec<(String, bool)>,
    /// The summary opened ([`Work::Open`]), or why not.
    pub(super) opened: Option<Result<Opened, Reason>>,
    /// An entry was marked done ([`Work::MarkDone`]).
    pub(super) marked: bool,
}

impl Outcome {
    fn say(&mut self, text: &str, error: bool) {
        self.messages.push((clean(text), error));
    }
}

impl Disk {
    /// The folder at `dir`, not read yet.
    pub(super) fn new(dir: PathBuf, poll: bool) -> Disk {
        Disk {
            folder: Folder::new(dir.clone()),
            dir,
            poll,
            folder_error: None,
            next_revalidate: None,
            folder_stamp: None,
            racy_until: None,
            watcher: None,
        }
    }

    /// How changes in the folder are found now.
    pub(super) fn watching(&self) -> Watching {
        if self.watcher.is_some() {
            Watching::Notifications
        } else {
            Watching::Polling
        }
    }

    /// Does `work` and says what it found.
    pub(super) fn run(&mut self, work: Work) -> Outcome {
        let mut out = Outcome::default();
        match work {
            Work::Tick { now, look } => self.tick(now, look, &mut out),
            Work::Rescan { now } => {
                out.changed = self.read_folder(now);
                if out.changed {
                    self.finish_half_moves(now, &mut out);
                }
            }
            Work::Watch { now } => self.start_watching(now, &mut out),
            Work::Open { code, now } => {
                let opened = spool::open_summary(&self.dir, &code, SUMMARY_LIMIT);
                if let Err(reason) = &opened {
                    out.say(&format!("Cannot open {code}.md: {reason}."), true);
                    out.changed |=
                        self.look_again(&[format!("{code}.md"), format!("{code}.json")], now);
                }
                out.opened = Some(opened);
            }
            Work::MarkDone { entry, now } => {
                match spool::mark_done(&self.dir, &entry) {
                    Ok(()) => {
                        let code = clean(&entry.code);
                        out.say(
                            &format!("{code} marked done: moved to {}/.", spool::DONE_FOLDER),
                            false,
                        );
                        out.marked = true;
                    }
                    Err(err) => out.say(&format!("Not marked done: {err:#}"), true),
                }
                out.changed |= self.look_again(
                    &[
                        format!("{}.md", entry.code),
                        format!("{}.json", entry.code),
                        spool::DONE_FOLDER.to_string(),
                    ],
                    now,
                );
            }
        }
        out
    }

    fn tick(&mut self, now: Instant, look: bool, out: &mut Outcome) {
        if let Some(watcher) = &self.watcher {
            let news = watcher.take();
            if let Some(why) = news.lost {
                self.watcher = None;
                self.racy_until = Some(now + RACY);
                out.say(
                    &format!(
                        "Stopped watching the folder ({why}); reading it every half second \
                         instead."
                    ),
                    true,
                );
                out.changed = true;
            }
            if news.rescan {
                out.changed |= self.read_folder(now);
            } else if !news.names.is_empty() {
                out.changed |= self
                    .folder
                    .refresh(news.names.iter().map(String::as_str), now);
            }
        }
        out.changed |= self.folder.settle(now);
        if look {
            out.changed |= self.look(now);
        }
        if out.changed {
            self.finish_half_moves(now, out);
        }
    }

    /// Turns notifications on, unless polling is asked for or the folder is on a network
    /// file system (whose changes made elsewhere send none); if the watch cannot start,
    /// polling goes on and the message line says why.
    fn start_watching(&mut self, now: Option<Instant>, out: &mut Outcome) {
        if self.poll || self.watcher.is_some() {
            return;
        }
        if let Some(kind) = watch::network_file_system(&self.dir) {
            out.say(
                &format!(
                    "The folder is on a network file system ({kind}): it is read every half \
                     second."
                ),
                false,
            );
            return;
        }
        match Watcher::start(&self.dir) {
            Ok(watcher) => {
                self.watcher = Some(watcher);
                // Whatever came or went between the first read and the start of the watch.
                if let Some(now) = now {
                    out.changed |= self.read_names(now);
                }
            }
            Err(err) => out.say(
                &format!(
                    "Cannot watch the folder for changes ({err}); reading it every half second \
                     instead."
                ),
                true,
            ),
        }
    }

    /// The folder's stat; and the folder read when polling sees it changed, after it came
    /// back or was replaced, and every [`REVALIDATE`].
    fn look(&mut self, now: Instant) -> bool {
        // Tests only (the `fault-injection` feature): a folder that stops answering.
        crate::fault::point("stall-look");
        let stamp = match FolderStamp::of(&self.dir) {
            Ok(stamp) => stamp,
            Err(err) => return self.folder_failed(&err),
        };
        let back = self.folder_error.is_some();
        let replaced = self
            .folder_stamp
            .is_some_and(|old| !old.same_folder(&stamp));
        let moved = self.folder_stamp != Some(stamp);
        self.folder_stamp = Some(stamp);
        if (back || replaced) && self.watcher.is_some() {
            // The watch may have gone with the folder (an unmounted share): a new one.
            self.watcher = None;
            if let Ok(watcher) = Watcher::start(&self.dir) {
                self.watcher = Some(watcher);
            }
        }
        if self.watcher.is_none() && moved {
            self.racy_until = Some(now + RACY);
        }
        let polled = self.watcher.is_none() && self.racy_until.is_some_and(|until| now <= until);
        let due = self.next_revalidate.is_none_or(|next| now >= next);
        if back || replaced || due {
            self.read_folder(now)
        } else if polled {
            // A name was added, removed or renamed: the listing tells which.
            self.read_names(now)
        } else {
            false
        }
    }

    /// Reads the folder's names, and looks only at those new or listed differently.
    fn read_names(&mut self, now: Instant) -> bool {
        match self.folder.rescan_names(now) {
            Ok(changed) => self.folder_error.take().is_some() | changed,
            Err(err) => self.folder_failed(&err),
        }
    }

    fn folder_failed(&mut self, err: &std::io::Error) -> bool {
        let error = clean(&format!("reading {}: {err}", self.dir.display()));
        let changed = self.folder_error.as_ref() != Some(&error);
        self.folder_error = Some(error);
        changed
    }

    /// Reads the whole folder (re-reading only files whose stat changed). Returns true if
    /// anything shown changed.
    fn read_folder(&mut self, now: Instant) -> bool {
        self.next_revalidate = Some(now + REVALIDATE);
        match self.folder.rescan(now) {
            Ok(changed) => self.folder_error.take().is_some() | changed,
            Err(err) => self.folder_failed(&err),
        }
    }

    /// Looks again at these names in the folder now.
    fn look_again(&mut self, names: &[String], now: Instant) -> bool {
        self.folder.refresh(names.iter().map(String::as_str), now)
    }

    /// Finishes the marks done that stopped between their two moves (see
    /// `spool::finish_half_done`): a summary listed as incomplete because its `.json` is gone.
    /// Such a problem is listed only once it has stood for `spool::SETTLE`, so another inbox
    /// moving the pair at this moment is not raced.
    fn finish_half_moves(&mut self, now: Instant, out: &mut Outcome) {
        let codes: Vec<String> = (self.folder.problems().iter())
            .filter(|p| {
                matches!(&p.reason, Reason::Incomplete { missing } if missing.ends_with(".json"))
            })
            .filter_map(|p| p.name.strip_suffix(".md").map(str::to_string))
            .collect();
        for code in codes {
            match spool::finish_half_done(&self.dir, &code) {
                Ok(false) => continue,
                Ok(true) => out.say(
                    &format!(
                        "{code} had been left half marked done; its move to {}/ is finished now.",
                        spool::DONE_FOLDER
                    ),
                    false,
                ),
                Err(err) => out.say(&format!("{code} was left half marked done: {err:#}"), true),
            }
            out.changed = true;
            self.look_again(
                &[
                    format!("{code}.md"),
                    format!("{code}.json"),
                    spool::DONE_FOLDER.to_string(),
                ],
                now,
            );
        }
    }
}

/// A thread that does the folder work handed to it, one piece at a time, and hands the
/// folder back with each outcome. It is never waited for: stuck on a folder that does not
/// answer, it is left behind when the inbox ends.
#[derive(Debug)]
pub(super) struct Worker {
    jobs: Sender<(Box<Disk>, Work)>,
    done: Receiver<(Box<Disk>, Box<Outcome>)>,
}

/// What became of the work handed to a [`Worker`].
pub(super) enum Returned {
    /// Still under way.
    Waiting,
    /// Done: the folder back, and what the work found.
    Done(Box<Disk>, Box<Outcome>),
    /// The worker is gone (it panicked) and the folder with it.
    Lost,
}

impl Worker {
    pub(super) fn start() -> std::io::Result<Worker> {
        let (jobs, incoming) = mpsc::channel::<(Box<Disk>, Work)>();
        let (finished, done) = mpsc::channel();
        std::thread::Builder::new()
            .name("painpath-inbox-folder".into())
            .spawn(move || {
                for (mut disk, work) in incoming {
                    let outcome = Box::new(disk.run(work));
                    if finished.send((disk, outcome)).is_err() {
                        return;
                    }
                }
            })?;
        Ok(Worker { jobs, done })
    }

    /// Hands `disk` and `work` over; gives them back if the worker is gone.
    pub(super) fn hand(&self, disk: Box<Disk>, work: Work) -> Option<(Box<Disk>, Work)> {
        self.jobs.send((disk, work)).err().map(|failed| failed.0)
    }

    /// The work handed over, if it is done within `wait` (zero: done already).
    pub(super) fn take(&self, wait: Duration) -> Returned {
        let taken = if wait.is_zero() {
            self.done.try_recv().map_err(|err| match err {
                TryRecvError::Empty => RecvTimeoutError::Timeout,
                TryRecvError::Disconnected => RecvTimeoutError::Disconnected,
            })
        } else {
            self.done.recv_timeout(wait)
        };
        match taken {
            Ok((disk, outcome)) => Returned::Done(disk, outcome),
            Err(RecvTimeoutError::Timeout) => Returned::Waiting,
            Err(RecvTimeoutError::Disconnected) => Returned::Lost,
        }
    }
}
