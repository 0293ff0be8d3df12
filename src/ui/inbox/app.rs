//! The inbox's state: the entries in the spool folder, which one is selected or open, and the
//! folder reads and moves that change them (open, close, mark done, look again). How keys,
//! clicks and time become those is `input` (and [`App::on_tick`] here); drawing (`layout`,
//! `render`) only reads this state. No terminal and no geometry here.
//!
//! The folder is kept as a `spool::Folder`: every file named like a hand-off with the stat it
//! was read with. What changed is found in one of two ways:
//! - **notifications** ([`App::start_watching`], `inbox/watch.rs`): the names they report are
//!   looked at again, and nothing else; the folder is read whole only every [`REVALIDATE`], as a
//!   cheap check (a stat of each hand-off, re-reading only those whose stat changed);
//! - **polling** (a network folder, `--poll`, or when the watch cannot start; and in tests,
//!   which drive the clock): every [`RESCAN`] the folder's own stat is taken, and only when it
//!   changed (a name was added, removed or renamed) are its names read, and only the names
//!   new or listed with another inode looked at; every [`REVALIDATE`] the whole check, as
//!   above.
//!
//! Everything shown that came from a file goes through [`clean`] first, so no text in the
//! folder can drive the terminal.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ratatui::layout::Rect;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use super::document::{Document, LaidOut};
use super::watch::{self, Watcher};
use crate::handoff::spool::{self, Entry, Folder, FolderStamp, Problem};
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
    folder: Folder,
    /// The item under the cursor: an entry (`0..entries`), then a file not listed.
    pub(super) selected: usize,
    pub(super) screen: Screen,
    pub(super) overlay: Option<Overlay>,
    status: Option<Status>,
    /// Why the folder could not be read at the last look, if it could not.
    folder_error: Option<String>,
    pub(super) size: (u16, u16),
    pub(super) running: bool,
    /// The time of the last tick (the app's only clock).
    now: Option<Instant>,
    /// When the folder's stat is next looked at; `None` until the first tick.
    next_look: Option<Instant>,
    /// When the whole folder is next checked regardless.
    next_revalidate: Option<Instant>,
    /// The folder's stat at the last look.
    folder_stamp: Option<FolderStamp>,
    /// Polling reads the folder at every look until then (see [`RACY`]).
    racy_until: Option<Instant>,
    /// The notifications, when they run.
    watcher: Option<Watcher>,
}

impl App {
    /// An inbox on `dir`, polling. The folder is first read on the first [`App::on_tick`];
    /// [`App::start_watching`] turns notifications on.
    pub fn new(dir: impl Into<PathBuf>, config: Config) -> App {
        let dir = dir.into();
        App {
            folder: Folder::new(dir.clone()),
            dir,
            config,
            selected: 0,
            screen: Screen::List,
            overlay: None,
            status: None,
            folder_error: None,
            size: (80, 24),
            running: true,
            now: None,
            next_look: None,
            next_revalidate: None,
            folder_stamp: None,
            racy_until: None,
            watcher: None,
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
        self.folder.entries()
    }

    /// Files named like hand-offs (`CODE.md`, `CODE.json`) or `done` that are not listed as
    /// entries, each with the reason, by name: they follow the entries in the list.
    pub fn problems(&self) -> &[Problem] {
        self.folder.problems()
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

    /// How changes in the folder are found now.
    pub fn watching(&self) -> Watching {
        if self.watcher.is_some() {
            Watching::Notifications
        } else {
            Watching::Polling
        }
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
    /// start, polling goes on and the message line says why. Returns how changes are found.
    pub fn start_watching(&mut self) -> Watching {
        if self.config.poll || self.watcher.is_some() {
            return self.watching();
        }
        if let Some(kind) = watch::network_file_system(&self.dir) {
            self.set_status(
                &format!(
                    "The folder is on a network file system ({kind}): it is read every half \
                     second."
                ),
                false,
            );
            return Watching::Polling;
        }
        match Watcher::start(&self.dir) {
            Ok(watcher) => {
                self.watcher = Some(watcher);
                // Whatever came or went between the first read and the start of the watch.
                if self.now.is_some() {
                    self.read_names();
                }
            }
            Err(err) => self.set_status(
                &format!(
                    "Cannot watch the folder for changes ({err}); reading it every half second \
                     instead."
                ),
                true,
            ),
        }
        self.watching()
    }

    /// Time passes; `now` is the only clock the app sees. What notifications reported is
    /// looked at; every [`RESCAN`] the folder's stat is taken (and, when polling, the folder
    /// read if it changed); every [`REVALIDATE`] the whole folder is checked. Returns true if
    /// the screen needs drawing again.
    pub fn on_tick(&mut self, now: Instant) -> bool {
        self.now = Some(now);
        let before = self.selected_item();
        let mut changed = false;
        if let Some(watcher) = &self.watcher {
            let news = watcher.take();
            if let Some(why) = news.lost {
                self.watcher = None;
                self.racy_until = Some(now + RACY);
                self.set_status(
                    &format!(
                        "Stopped watching the folder ({why}); reading it every half second \
                         instead."
                    ),
                    true,
                );
                changed = true;
            }
            if news.rescan {
                changed |= self.read_folder();
            } else if !news.names.is_empty() {
                changed |= self
                    .folder
                    .refresh(news.names.iter().map(String::as_str), now);
            }
        }
        changed |= self.folder.settle(now);
        if self.next_look.is_none_or(|next| now >= next) {
            self.next_look = Some(now + RESCAN);
            changed |= self.look(now);
        }
        if changed {
            changed |= self.finish_half_moves();
            self.follow(before);
        }
        changed | self.check_open()
    }

    /// Finishes the marks done that stopped between their two moves (see
    /// `spool::finish_half_done`): a summary listed as incomplete because its `.json` is gone.
    /// Such a problem is listed only once it has stood for `spool::SETTLE`, so another inbox
    /// moving the pair at this moment is not raced. Returns true if anything changed.
    fn finish_half_moves(&mut self) -> bool {
        let codes: Vec<String> = self
            .problems()
            .iter()
            .filter(|p| {
                matches!(&p.reason, spool::Reason::Incomplete { missing } if missing.ends_with(".json"))
            })
            .filter_map(|p| p.name.strip_suffix(".md").map(str::to_string))
            .collect();
        let mut changed = false;
        for code in codes {
            match spool::finish_half_done(&self.dir, &code) {
                Ok(false) => continue,
                Ok(true) => self.set_status(
                    &format!(
                        "{code} had been left half marked done; its move to {}/ is finished now.",
                        spool::DONE_FOLDER
                    ),
                    false,
                ),
                Err(err) => {
                    self.set_status(&format!("{code} was left half marked done: {err:#}"), true)
                }
            }
            changed = true;
            self.look_again(&[
                format!("{code}.md"),
                format!("{code}.json"),
                spool::DONE_FOLDER.to_string(),
            ]);
        }
        changed
    }

    /// The folder's stat; and the folder read when polling sees it changed, after it came
    /// back or was replaced, and every [`REVALIDATE`].
    fn look(&mut self, now: Instant) -> bool {
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
            self.read_folder()
        } else if polled {
            // A name was added, removed or renamed: the listing tells which.
            self.read_names()
        } else {
            false
        }
    }

    /// Reads the folder's names, and looks only at those new or listed differently.
    fn read_names(&mut self) -> bool {
        let now = self.clock();
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
    fn read_folder(&mut self) -> bool {
        let now = self.clock();
        self.next_revalidate = Some(now + REVALIDATE);
        match self.folder.rescan(now) {
            Ok(changed) => self.folder_error.take().is_some() | changed,
            Err(err) => self.folder_failed(&err),
        }
    }

    /// Reads the folder now (the `r` key). Returns true if anything shown changed.
    pub fn rescan(&mut self) -> bool {
        let before = self.selected_item();
        let mut changed = self.read_folder();
        if changed {
            changed |= self.finish_half_moves();
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
        match spool::open_summary(&self.dir, &code, SUMMARY_LIMIT) {
            Ok(opened) => {
                self.status = None;
                self.screen = Screen::Summary(Box::new(Summary {
                    document: summary_document(&opened),
                    laid_out: LaidOut::default(),
                    entry: opened.entry,
                    scroll: 0,
                    gone: false,
                }));
            }
            Err(reason) => {
                self.set_status(&format!("Cannot open {code}.md: {reason}."), true);
                self.look_again(&[format!("{code}.md"), format!("{code}.json")]);
            }
        }
        true
    }

    /// Looks again at these names in the folder now.
    fn look_again(&mut self, names: &[String]) {
        let before = self.selected_item();
        let now = self.clock();
        if self.folder.refresh(names.iter().map(String::as_str), now) {
            self.follow(before);
        }
        self.check_open();
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
        match spool::mark_done(&self.dir, entry) {
            Ok(()) => {
                let code = clean(&entry.code);
                self.set_status(
                    &format!("{code} marked done: moved to {}/.", spool::DONE_FOLDER),
                    false,
                );
                self.screen = Screen::List;
            }
            Err(err) => self.set_status(&format!("Not marked done: {err:#}"), true),
        }
        self.look_again(&[
            format!("{}.md", entry.code),
            format!("{}.json", entry.code),
            spool::DONE_FOLDER.to_string(),
        ]);
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
