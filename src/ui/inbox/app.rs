//! The inbox's state: the entries in the spool folder, which one is selected or open, and the
//! folder work that changes them (open, close, mark done, look again). How keys, clicks and
//! time become those is `input` (and [`App::on_tick`] here); drawing (`layout`, `render`)
//! only reads this state. No terminal and no geometry here.
//!
//! The folder work itself (the looks, reading a summary, moving a pair) is `disk`'s. Once
//! [`App::work_in_background`] is called (the inbox's run does), it is done on a worker
//! thread: the app keeps what the folder last showed, hands each piece of work over and
//! takes the outcome at a later tick, so that a folder that stops answering never holds up a
//! key, `q` or a signal. After [`WORKING_AFTER`] the message line says the inbox is working on
//! the folder, and after [`NOT_ANSWERING`] that the folder is not answering. Without that
//! call (tests that drive the app in-process) the work is done in place, as it comes.
//!
//! Everything shown that came from a file goes through [`clean`] first, so no text in the
//! folder can drive the terminal.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ratatui::layout::Rect;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use super::disk::{Disk, Returned, Work, Worker};
use super::document::{Document, LaidOut};
use crate::handoff::spool::{self, Entry, Problem};
use crate::text::Notation;
use crate::ui::tui::Theme;

/// How often the folder's own stat is looked at (and, when polling, the folder read if that
/// changed).
pub const RESCAN: Duration = Duration::from_millis(500);

/// How often the whole folder is checked again even when nothing said it changed: a stat of
/// each hand-off, re-reading only those whose stat changed (a file edited in place, an event
/// the kernel dropped).
pub const REVALIDATE: Duration = Duration::from_secs(30);

/// After the folder's stat changes, polling reads the folder at every look for this long: a
/// second change within the same tick of the folder's timestamp (coarse on some file
/// systems) would leave its stat as it was.
pub const RACY: Duration = Duration::from_millis(2500);

/// The most of a summary the inbox reads and shows; the rest of a larger file is left out.
pub const SUMMARY_LIMIT: usize = 1024 * 1024;

/// After the folder work has been out this long, the message line says the inbox is working
/// on the folder.
pub const WORKING_AFTER: Duration = Duration::from_millis(500);

/// After the folder work has been out this long, the message line says the folder is not
/// answering (a frozen network share); the keys and `q` work all the while.
pub const NOT_ANSWERING: Duration = Duration::from_secs(3);

/// How long a piece of folder work handed to the worker is waited for at once: a folder that
/// answers (nearly always) is done within the same key or tick, as if the work were done in
/// place; one that does not holds the keys up no longer than this.
const ANSWER_AT_ONCE: Duration = Duration::from_millis(50);

/// The most keys' worth of folder work (open, mark done, read again) kept waiting for a
/// folder that is busy; more are refused, with a message.
const QUEUED_MAX: usize = 4;

/// How the inbox looks and reads the folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Config {
    /// Colours and styles (the patient TUI's themes).
    pub theme: Theme,
    /// The local offset, if it could be read; times are shown in UTC (and labelled so) when
    /// it could not.
    pub local_offset: Option<UtcOffset>,
    /// Poll the folder instead of watching it for notifications (`--poll`): for a network
    /// folder that is not recognised as one.
    pub poll: bool,
}

/// How the inbox finds out about changes in the folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Watching {
    /// File system notifications, and a check of the whole folder every [`REVALIDATE`].
    Notifications,
    /// The folder's stat every [`RESCAN`], and the folder read when it changed.
    Polling,
}

/// An open summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The entry it belongs to, as its front matter said when it was opened.
    pub entry: Entry,
    /// The Markdown after its front matter, parsed, every text made safe to show.
    pub document: Document,
    /// The document laid out at the width it was last fitted to (see [`Summary::fit`]).
    pub laid_out: LaidOut,
    /// Rows scrolled past.
    pub scroll: usize,
    /// The entry has left the folder since it was opened (marked done elsewhere).
    pub gone: bool,
}

impl Summary {
    /// Lays the document out for `width` columns, unless it already is: done when the summary
    /// is opened and when the window changes, so that a frame lays out nothing.
    pub fn fit(&mut self, width: usize) {
        if self.laid_out.width != width {
            self.laid_out = self.document.lay_out(width);
        }
    }
}

/// The screen being shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// The entries waiting, most urgent rung first, then newest; then the files not listed.
    List,
    /// One entry's summary.
    Summary(Box<Summary>),
}

/// A box drawn over the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    /// The keys, and what the inbox does with the folder.
    Help,
    /// "Mark K7F3 done?"
    ConfirmDone(Entry),
}

/// A one-line message under the list or summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// What to say, made safe to show.
    pub text: String,
    /// Whether something went wrong (drawn as an error).
    pub error: bool,
}

/// What the cursor is on, to keep it there when the list changes around it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    Entry(String),
    Problem(String),
}

/// The inbox's state around one spool folder. `input` changes some of its fields as keys and
/// clicks come in; everything else reads them through the methods.
#[derive(Debug)]
pub struct App {
    dir: PathBuf,
    config: Config,
    /// The folder and its looks: here, or with the worker while it works on it.
    disk: Option<Box<Disk>>,
    /// The thread that does the folder work, once asked for; without one it is done in place.
    worker: Option<Worker>,
    /// Since when the worker has had the folder, and what the message line says of it.
    away: Option<Away>,
    /// Keys' worth of folder work waiting for the folder to come back from the worker.
    queued: VecDeque<Work>,
    /// What the folder showed when the work last came back: the entries in list order, and
    /// the files not listed.
    entries: Vec<Entry>,
    problems: Vec<Problem>,
    /// Why the folder could not be read at the last look, if it could not.
    folder_error: Option<String>,
    watching: Watching,
    /// The item under the cursor: an entry (`0..entries`), then a file not listed.
    pub(super) selected: usize,
    pub(super) screen: Screen,
    pub(super) overlay: Option<Overlay>,
    status: Option<Status>,
    pub(super) size: (u16, u16),
    pub(super) running: bool,
    /// The time of the last tick (the app's only clock).
    now: Option<Instant>,
    /// When the folder's stat is next looked at; `None` until the first tick.
    next_look: Option<Instant>,
}

/// The folder work out with the worker.
#[derive(Debug)]
struct Away {
    since: Instant,
    /// What the message line was given to say of it, if anything yet.
    said: Option<String>,
}

impl App {
    /// An inbox on `dir`, polling, its folder work done in place. The folder is first read on
    /// the first [`App::on_tick`]; [`App::start_watching`] turns notifications on, and
    /// [`App::work_in_background`] moves the folder work to a thread of its own.
    pub fn new(dir: impl Into<PathBuf>, config: Config) -> App {
        let dir = dir.into();
        App {
            disk: Some(Box::new(Disk::new(dir.clone(), config.poll))),
            dir,
            config,
            worker: None,
            away: None,
            queued: VecDeque::new(),
            entries: Vec::new(),
            problems: Vec::new(),
            folder_error: None,
            watching: Watching::Polling,
            selected: 0,
            screen: Screen::List,
            overlay: None,
            status: None,
            size: (80, 24),
            running: true,
            now: None,
            next_look: None,
        }
    }

    /// From now on the folder work is done on a thread of its own (see the module's notes);
    /// if the thread cannot start, it goes on in place and the message line says why.
    pub fn work_in_background(&mut self) {
        if self.worker.is_some() {
            return;
        }
        match Worker::start() {
            Ok(worker) => self.worker = Some(worker),
            Err(err) => self.set_status(
                &format!("Cannot start the folder's worker thread ({err}); working in place."),
                true,
            ),
        }
    }

    /// The spool folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The configuration this app was made with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The entries as last read, in list order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Files named like hand-offs (`CODE.md`, `CODE.json`) or `done` that are not listed as
    /// entries, each with the reason, by name: they follow the entries in the list.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The index of the item under the cursor: an index into [`App::entries`], or past them
    /// into [`App::problems`].
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The screen being shown.
    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// The box drawn over the screen, if any.
    pub fn overlay(&self) -> Option<&Overlay> {
        self.overlay.as_ref()
    }

    /// The message line, if there is one.
    pub fn status(&self) -> Option<&Status> {
        self.status.as_ref()
    }

    /// Why the folder could not be read at the last look.
    pub fn folder_error(&self) -> Option<&str> {
        self.folder_error.as_deref()
    }

    /// How changes in the folder are found now (as of the last work to come back).
    pub fn watching(&self) -> Watching {
        self.watching
    }

    /// Sets the message line (the run loop uses it to say what was cleaned up at start).
    pub fn set_status(&mut self, text: &str, error: bool) {
        self.status = Some(Status {
            text: clean(text),
            error,
        });
    }

    /// False once the person has quit.
    pub fn is_running(&self) -> bool {
        self.running
    }

    /// The terminal area the app was last told about.
    pub fn area(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    /// Turns notifications on, unless the config asks for polling or the folder is on a
    /// network file system (whose changes made elsewhere send none); if the watch cannot
    /// start, polling goes on and the message line says why. Returns how changes are found
    /// (with the folder work in the background, as of now: the watch starts there).
    pub fn start_watching(&mut self) -> Watching {
        let now = self.now;
        self.submit_or_queue(Work::Watch { now });
        self.watching
    }

    /// Time passes; `now` is the only clock the app sees. The folder work that came back is
    /// taken in; then what notifications reported is looked at, and every [`RESCAN`] the
    /// folder's stat is taken (and, when polling, the folder read if it changed); every
    /// [`REVALIDATE`] the whole folder is checked. Returns true if the screen needs drawing
    /// again.
    pub fn on_tick(&mut self, now: Instant) -> bool {
        self.now = Some(now);
        let mut changed = self.take_back(now, Duration::ZERO);
        if self.disk.is_some() {
            if let Some(work) = self.queued.pop_front() {
                changed |= self.submit(work);
            } else {
                let look = self.next_look.is_none_or(|next| now >= next);
                if look {
                    self.next_look = Some(now + RESCAN);
                }
                changed |= self.submit(Work::Tick { now, look });
            }
        }
        changed | self.check_open()
    }

    /// Reads the folder now (the `r` key). Returns true if anything shown changed.
    pub fn rescan(&mut self) -> bool {
        let now = self.clock();
        self.submit_or_queue(Work::Rescan { now })
    }

    /// Does `work` now: in place, or handed to the worker. Returns true if anything shown
    /// changed. The folder must be here.
    fn submit(&mut self, work: Work) -> bool {
        let Some(mut disk) = self.disk.take() else {
            return false;
        };
        if let Some(worker) = &self.worker {
            let Some((back, work)) = worker.hand(disk, work) else {
                let now = self.clock();
                self.away = Some(Away {
                    since: now,
                    said: None,
                });
                return self.take_back(now, ANSWER_AT_ONCE);
            };
            // The worker is gone: the work is done in place from now on.
            self.worker = None;
            let mut disk = back;
            let outcome = disk.run(work);
            return self.apply(disk, outcome);
        }
        let outcome = disk.run(work);
        self.apply(disk, outcome)
    }

    /// [`App::submit`], or, while the folder is with the worker, kept until it comes back.
    fn submit_or_queue(&mut self, work: Work) -> bool {
        if self.disk.is_some() {
            return self.submit(work);
        }
        if self.queued.len() < QUEUED_MAX {
            self.queued.push_back(work);
        } else {
            self.set_status(
                "The folder has not answered yet; try again once it does.",
                true,
            );
        }
        true
    }

    /// Takes back the folder work out with the worker, if it is done (within `wait`); else
    /// says, once it has been out a while, that the inbox is working or that the folder is not
    /// answering.
    fn take_back(&mut self, now: Instant, wait: Duration) -> bool {
        let (Some(worker), Some(away)) = (&self.worker, &mut self.away) else {
            return false;
        };
        match worker.take(wait) {
            Returned::Waiting => {
                let out = now.saturating_duration_since(away.since);
                let (text, error) = if out >= NOT_ANSWERING {
                    let text = format!(
                        "The folder is not answering ({} s so far); the keys still work, and q \
                         quits.",
                        out.as_secs()
                    );
                    (text, true)
                } else if out >= WORKING_AFTER {
                    ("Working on the folder…".to_string(), false)
                } else {
                    return false;
                };
                if away.said.as_ref() == Some(&text) {
                    return false;
                }
                away.said = Some(text.clone());
                self.set_status(&text, error);
                true
            }
            Returned::Done(disk, outcome) => {
                let said = self.away.take().and_then(|away| away.said);
                let mut changed = false;
                if said.is_some() && self.status.as_ref().map(|s| &s.text) == said.as_ref() {
                    self.status = None;
                    changed = true;
                }
                changed | self.apply(disk, *outcome)
            }
            Returned::Lost => {
                self.away = None;
                self.worker = None;
                self.disk = Some(Box::new(Disk::new(self.dir.clone(), self.config.poll)));
                self.set_status(
                    "The folder's worker failed (a bug in painpath); reading the folder again \
                     in place.",
                    true,
                );
                true
            }
        }
    }

    /// Takes in what a piece of folder work found, and the folder back. Returns true if
    /// anything shown changed.
    fn apply(&mut self, disk: Box<Disk>, outcome: super::disk::Outcome) -> bool {
        let before = self.selected_item();
        let mut changed = outcome.changed;
        if outcome.changed {
            self.entries.clear();
            self.entries.extend_from_slice(disk.folder.entries());
            self.problems.clear();
            self.problems.extend_from_slice(disk.folder.problems());
        }
        if self.folder_error != disk.folder_error {
            self.folder_error.clone_from(&disk.folder_error);
            changed = true;
        }
        if self.watching != disk.watching() {
            self.watching = disk.watching();
            changed = true;
        }
        self.disk = Some(disk);
        for (text, error) in outcome.messages {
            self.status = Some(Status { text, error });
            changed = true;
        }
        match outcome.opened {
            Some(Ok(opened)) => {
                self.status = None;
                self.screen = Screen::Summary(Box::new(Summary {
                    document: summary_document(&opened),
                    laid_out: LaidOut::default(),
                    entry: opened.entry,
                    scroll: 0,
                    gone: false,
                }));
                changed = true;
            }
            Some(Err(_)) => changed = true,
            None => {}
        }
        if outcome.marked {
            self.screen = Screen::List;
            changed = true;
        }
        if changed {
            self.follow(before);
        }
        changed | self.check_open()
    }

    fn clock(&self) -> Instant {
        self.now.unwrap_or_else(Instant::now)
    }

    pub(super) fn items(&self) -> usize {
        self.entries().len() + self.problems().len()
    }

    fn selected_item(&self) -> Option<Item> {
        let entries = self.entries();
        match entries.get(self.selected) {
            Some(entry) => Some(Item::Entry(entry.code.clone())),
            None => self
                .problems()
                .get(self.selected - entries.len())
                .map(|p| Item::Problem(p.name.clone())),
        }
    }

    /// Keeps the cursor on the same item when others come and go.
    fn follow(&mut self, item: Option<Item>) {
        let found = match &item {
            Some(Item::Entry(code)) => self.entries().iter().position(|e| &e.code == code),
            Some(Item::Problem(name)) => self
                .problems()
                .iter()
                .position(|p| &p.name == name)
                .map(|i| i + self.entries().len()),
            None => None,
        };
        if let Some(i) = found {
            self.selected = i;
        }
        self.selected = self.selected.min(self.items().saturating_sub(1));
    }

    /// Whether the open summary has left the folder changed.
    fn check_open(&mut self) -> bool {
        let gone = match &self.screen {
            Screen::Summary(summary) => {
                self.folder_error.is_none()
                    && !self.entries().iter().any(|e| e.code == summary.entry.code)
            }
            Screen::List => return false,
        };
        let Screen::Summary(summary) = &mut self.screen else {
            return false;
        };
        let changed = gone != summary.gone;
        summary.gone = gone;
        changed
    }

    /// Opens the summary of the entry at `index` (or says why a file not listed is not).
    ///
    /// The file is opened anew, checked and read from that one descriptor (see
    /// `spool::open_summary`): whatever was put at its name since the folder was read is
    /// never followed or waited on.
    pub(super) fn open(&mut self, index: usize) -> bool {
        let entries = self.entries().len();
        if index >= entries {
            let Some(problem) = self.problems().get(index - entries) else {
                return false;
            };
            let text = format!("{} is not listed: {}.", problem.name, problem.reason);
            self.selected = index;
            self.set_status(&text, true);
            return true;
        }
        let code = self.entries()[index].code.clone();
        self.selected = index;
        let now = self.clock();
        self.submit_or_queue(Work::Open { code, now });
        true
    }

    pub(super) fn close(&mut self) {
        self.screen = Screen::List;
    }

    /// The entry "done" acts on: the open one, or the one under the cursor.
    fn done_target(&self) -> Option<&Entry> {
        match &self.screen {
            Screen::Summary(summary) if summary.gone => None,
            Screen::Summary(summary) => Some(&summary.entry),
            Screen::List => self.entries().get(self.selected),
        }
    }

    pub(super) fn ask_done(&mut self) -> bool {
        match self.done_target().cloned() {
            Some(entry) => self.overlay = Some(Overlay::ConfirmDone(entry)),
            None => match &self.screen {
                Screen::Summary(_) => {
                    self.set_status("This entry is no longer in the folder.", true);
                }
                Screen::List => {
                    let problem = self
                        .selected
                        .checked_sub(self.entries().len())
                        .and_then(|i| self.problems().get(i));
                    let text = match problem {
                        Some(problem) => format!(
                            "{} is not a hand-off that can be marked done ({}); fix or remove \
                             it by hand.",
                            problem.name, problem.reason
                        ),
                        None => "Nothing to mark done.".to_string(),
                    };
                    self.set_status(&text, problem.is_some());
                }
            },
        }
        true
    }

    pub(super) fn mark_done(&mut self, entry: &Entry) {
        self.overlay = None;
        let now = self.clock();
        self.submit_or_queue(Work::MarkDone {
            entry: entry.clone(),
            now,
        });
    }

    /// When the entry was authored, for the list: `2026-11-21 20:48` in local time, or in UTC
    /// when the local offset is unknown. Text that is not a time is shown as it is (cleaned).
    pub fn shown_time(&self, entry: &Entry) -> String {
        match parse_authored(&entry.authored) {
            Some(at) => {
                let at = at.to_offset(self.config.local_offset.unwrap_or(UtcOffset::UTC));
                format!(
                    "{:04}-{:02}-{:02} {:02}:{:02}",
                    at.year(),
                    u8::from(at.month()),
                    at.day(),
                    at.hour(),
                    at.minute()
                )
            }
            None => clean(&entry.authored),
        }
    }

    /// What the times are in: "local time" or "UTC".
    pub fn time_zone_label(&self) -> &'static str {
        if self.config.local_offset.is_some() {
            "local"
        } else {
            "UTC"
        }
    }
}

/// Parses `2026-11-21T19:48:05Z`, the form the spool writes.
fn parse_authored(text: &str) -> Option<OffsetDateTime> {
    let text = text.strip_suffix('Z')?;
    let (date, time) = text.split_once('T')?;
    let mut date = date.splitn(3, '-');
    let year: i32 = date.next()?.parse().ok()?;
    let month: u8 = date.next()?.parse().ok()?;
    let day: u8 = date.next()?.parse().ok()?;
    let mut time = time.splitn(3, ':');
    let hour: u8 = time.next()?.parse().ok()?;
    let minute: u8 = time.next()?.parse().ok()?;
    let second: u8 = time.next()?.parse().ok()?;
    let date = Date::from_calendar_date(year, Month::try_from(month).ok()?, day).ok()?;
    let time = Time::from_hms(hour, minute, second).ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}

/// The summary as a document: the Markdown after the front matter, and a note at the end when
/// the file was cut.
fn summary_document(opened: &spool::Opened) -> Document {
    let mut document = Document::parse(&opened.body);
    if opened.cut {
        document.push_note(&format!(
            "(The rest is not shown: the file is larger than {} KiB.)",
            SUMMARY_LIMIT / 1024
        ));
    }
    document
}

/// The text after a leading `---` ... `---` block (lines ending in LF or CRLF), or all of it
/// when there is none.
pub fn strip_front_matter(text: &str) -> &str {
    spool::split_front_matter(text.as_bytes(), true).map_or(text, |(_, body)| &text[body..])
}

/// `text` made safe to draw: tabs become spaces, any other hostile character U+FFFD (see
/// [`crate::text::visible`]), so a file cannot move the cursor, recolour the terminal or make
/// text read differently from what it says. Newlines are kept.
pub fn clean(text: &str) -> String {
    crate::text::visible(text, Notation::Replaced { tab: ' ' }).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_replaces_escapes_and_bidi_but_keeps_text() {
        assert_eq!(
            clean("a\u{1b}[2Jb\u{202E}c\td\re\u{7}"),
            "a\u{FFFD}[2Jb\u{FFFD}c d\u{FFFD}e\u{FFFD}"
        );
        assert_eq!(clean("Knee é 膝\nnext"), "Knee é 膝\nnext");
    }

    #[test]
    fn authored_times_parse_and_nothing_else_does() {
        let at = parse_authored("2026-11-21T19:48:05Z").unwrap();
        assert_eq!((at.hour(), at.minute(), at.second()), (19, 48, 5));
        for bad in ["2026-11-21T19:48:05", "2026-13-01T00:00:00Z", "soon", ""] {
            assert!(parse_authored(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn front_matter_is_stripped_only_when_there_is_one() {
        assert_eq!(
            strip_front_matter("---\ncode: X\n---\n\n# Hi\n"),
            "\n# Hi\n"
        );
        assert_eq!(strip_front_matter("# Hi\n---\n"), "# Hi\n---\n");
    }
}
