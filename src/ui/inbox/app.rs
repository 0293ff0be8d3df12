//! The inbox's state: the entries in the spool folder, which one is selected or open, and how
//! keys, clicks and time turn into folder reads and moves. No terminal here: the loop feeds
//! events in, and drawing (`inbox/draw.rs`) only reads this state.
//!
//! Everything shown that came from a file goes through [`clean`] first, so no text in the
//! folder can drive the terminal.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use super::draw::{self, Button, Hit};
use crate::content::diagnostic::is_forbidden;
use crate::handoff::spool::{self, Entry};
use crate::ui::tui::Theme;

/// How often the folder is looked at for new and removed entries.
pub const RESCAN: Duration = Duration::from_millis(500);

/// The most of a summary the inbox reads and shows; the rest of a larger file is left out.
pub const SUMMARY_LIMIT: u64 = 1024 * 1024;

/// How the inbox looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Config {
    /// Colours and styles (the patient TUI's themes).
    pub theme: Theme,
    /// The local offset, if it could be read; times are shown in UTC (and labelled so) when
    /// it could not.
    pub local_offset: Option<UtcOffset>,
}

/// An open summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The entry it belongs to.
    pub entry: Entry,
    /// The Markdown without its front matter, one string per line, made safe to show.
    pub lines: Vec<String>,
    /// Lines scrolled past (in wrapped rows).
    pub scroll: usize,
    /// The entry has left the folder since it was opened (marked done elsewhere).
    pub gone: bool,
}

/// The screen being shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// The entries waiting, emergencies first, then newest.
    List,
    /// One entry's summary.
    Summary(Summary),
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

/// The inbox's state around one spool folder.
#[derive(Debug, Clone)]
pub struct App {
    dir: PathBuf,
    config: Config,
    entries: Vec<Entry>,
    /// The entry under the cursor in the list.
    selected: usize,
    screen: Screen,
    overlay: Option<Overlay>,
    status: Option<Status>,
    /// Why the folder could not be read at the last look, if it could not.
    folder_error: Option<String>,
    /// How many files named like hand-offs could not be read at the last look.
    unreadable: usize,
    size: (u16, u16),
    running: bool,
    /// When the folder is next looked at; `None` until the first tick.
    next_scan: Option<Instant>,
}

impl App {
    /// An inbox on `dir`. The folder is first read on the first [`App::on_tick`].
    pub fn new(dir: impl Into<PathBuf>, config: Config) -> App {
        App {
            dir: dir.into(),
            config,
            entries: Vec::new(),
            selected: 0,
            screen: Screen::List,
            overlay: None,
            status: None,
            folder_error: None,
            unreadable: 0,
            size: (80, 24),
            running: true,
            next_scan: None,
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

    /// The index of the entry under the cursor.
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

    /// How many files named like hand-offs (`CODE.md`) could not be read at the last look
    /// (most likely written by another user: hand-offs are readable by their owner only).
    pub fn unreadable(&self) -> usize {
        self.unreadable
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

    /// Where the terminal cursor goes: on the selected entry, so screen readers follow it.
    pub fn cursor_position(&self, area: Rect) -> Option<Position> {
        draw::cursor(self, area)
    }

    /// Passes one terminal event on. Returns true if the screen needs drawing again.
    pub fn handle_event(&mut self, event: &Event) -> bool {
        match event {
            Event::Key(key) => self.handle_key(*key),
            Event::Mouse(mouse) => self.handle_mouse(*mouse),
            Event::Resize(width, height) => self.resize(*width, *height),
            _ => false,
        }
    }

    /// The terminal changed size. Returns true (the screen needs drawing again).
    pub fn resize(&mut self, width: u16, height: u16) -> bool {
        self.size = (width, height);
        self.clamp_scroll();
        true
    }

    /// Time passes; `now` is the only clock the app sees. Every [`RESCAN`] the folder is read
    /// again, so new hand-offs appear and entries done elsewhere leave. Returns true if the
    /// screen needs drawing again.
    pub fn on_tick(&mut self, now: Instant) -> bool {
        if self.next_scan.is_some_and(|next| now < next) {
            return false;
        }
        self.next_scan = Some(now + RESCAN);
        self.rescan()
    }

    /// Reads the folder now. Returns true if anything shown changed.
    pub fn rescan(&mut self) -> bool {
        let before = (
            self.entries.clone(),
            self.folder_error.clone(),
            self.unreadable,
        );
        match spool::scan(&self.dir) {
            Ok(scan) => {
                let selected_code = self.entries.get(self.selected).map(|e| e.code.clone());
                self.entries = scan.entries;
                self.unreadable = scan.unreadable.len();
                self.folder_error = None;
                // The cursor stays on the same entry when others come and go.
                if let Some(i) =
                    selected_code.and_then(|code| self.entries.iter().position(|e| e.code == code))
                {
                    self.selected = i;
                }
                self.selected = self.selected.min(self.entries.len().saturating_sub(1));
            }
            Err(err) => self.folder_error = Some(clean(&format!("{err:#}"))),
        }
        let mut changed = before
            != (
                self.entries.clone(),
                self.folder_error.clone(),
                self.unreadable,
            );
        if let Screen::Summary(summary) = &mut self.screen {
            let gone = self.folder_error.is_none()
                && !self.entries.iter().any(|e| e.code == summary.entry.code);
            changed |= gone != summary.gone;
            summary.gone = gone;
        }
        changed
    }

    /// One key press. Returns true if the screen needs drawing again.
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        if key.kind == KeyEventKind::Release {
            return false;
        }
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && matches!(key.code, KeyCode::Char('c' | 'C')) {
            self.running = false;
            return true;
        }
        if ctrl {
            return false;
        }
        match &self.overlay {
            Some(Overlay::Help) => {
                self.overlay = None;
                return true;
            }
            Some(Overlay::ConfirmDone(entry)) => {
                return match key.code {
                    KeyCode::Char('y' | 'Y') => {
                        let entry = entry.clone();
                        self.mark_done(&entry);
                        true
                    }
                    KeyCode::Char('n' | 'N' | 'q' | 'Q') | KeyCode::Esc | KeyCode::Enter => {
                        self.overlay = None;
                        true
                    }
                    _ => false,
                };
            }
            None => {}
        }
        match key.code {
            KeyCode::Char('q' | 'Q') => {
                self.running = false;
                return true;
            }
            KeyCode::Char('?') => {
                self.overlay = Some(Overlay::Help);
                return true;
            }
            KeyCode::Char('d' | 'D') => return self.ask_done(),
            KeyCode::Char('r' | 'R') => {
                self.rescan();
                return true;
            }
            _ => {}
        }
        match self.screen {
            Screen::List => self.list_key(key.code),
            Screen::Summary(_) => self.summary_key(key.code),
        }
    }

    /// One mouse event. Returns true if the screen needs drawing again.
    pub fn handle_mouse(&mut self, mouse: MouseEvent) -> bool {
        match mouse.kind {
            MouseEventKind::ScrollDown if self.overlay.is_none() => self.wheel(1),
            MouseEventKind::ScrollUp if self.overlay.is_none() => self.wheel(-1),
            MouseEventKind::Down(MouseButton::Left) => {
                let hit = draw::hit(self, self.area(), mouse.column, mouse.row);
                self.click(hit)
            }
            _ => false,
        }
    }

    fn list_key(&mut self, code: KeyCode) -> bool {
        let last = self.entries.len().saturating_sub(1);
        let page = draw::page_height(self, self.area()).max(2) - 1;
        let to = match code {
            KeyCode::Up | KeyCode::Char('k') => self.selected.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => (self.selected + 1).min(last),
            KeyCode::PageUp => self.selected.saturating_sub(page),
            KeyCode::PageDown => (self.selected + page).min(last),
            KeyCode::Home => 0,
            KeyCode::End => last,
            KeyCode::Enter | KeyCode::Right | KeyCode::Char('l' | ' ' | 'o') => {
                return self.open(self.selected);
            }
            _ => return false,
        };
        let changed = to != self.selected;
        self.selected = to;
        changed
    }

    fn summary_key(&mut self, code: KeyCode) -> bool {
        let page = draw::page_height(self, self.area()).max(2) - 1;
        let page = isize::try_from(page).unwrap_or(isize::MAX);
        match code {
            KeyCode::Esc | KeyCode::Left | KeyCode::Backspace | KeyCode::Char('b' | 'h') => {
                self.close();
                true
            }
            KeyCode::Up | KeyCode::Char('k') => self.scroll_by(-1),
            KeyCode::Down | KeyCode::Char('j') => self.scroll_by(1),
            KeyCode::PageUp => self.scroll_by(-page),
            KeyCode::PageDown | KeyCode::Char(' ') => self.scroll_by(page),
            KeyCode::Home => self.scroll_by(isize::MIN / 2),
            KeyCode::End => self.scroll_by(isize::MAX / 2),
            _ => false,
        }
    }

    fn wheel(&mut self, step: isize) -> bool {
        match self.screen {
            Screen::List => {
                let last = self.entries.len().saturating_sub(1);
                let to = self.selected.saturating_add_signed(step).min(last);
                let changed = to != self.selected;
                self.selected = to;
                changed
            }
            Screen::Summary(_) => self.scroll_by(step * 3),
        }
    }

    fn click(&mut self, hit: Option<Hit>) -> bool {
        match self.overlay {
            Some(Overlay::Help) => {
                self.overlay = None;
                return true;
            }
            Some(Overlay::ConfirmDone(ref entry)) => {
                return match hit {
                    Some(Hit::Button(Button::DoneYes)) => {
                        let entry = entry.clone();
                        self.mark_done(&entry);
                        true
                    }
                    Some(Hit::Button(Button::DoneNo)) => {
                        self.overlay = None;
                        true
                    }
                    _ => false,
                };
            }
            None => {}
        }
        match hit {
            None => false,
            Some(Hit::Entry(index)) => self.open(index),
            Some(Hit::Button(button)) => match button {
                Button::Open => self.open(self.selected),
                Button::Done => self.ask_done(),
                Button::Back => {
                    self.close();
                    true
                }
                Button::Help => {
                    self.overlay = Some(Overlay::Help);
                    true
                }
                Button::Quit => {
                    self.running = false;
                    true
                }
                Button::DoneYes | Button::DoneNo => false,
            },
        }
    }

    /// Opens the summary of the entry at `index`.
    fn open(&mut self, index: usize) -> bool {
        let Some(entry) = self.entries.get(index).cloned() else {
            return false;
        };
        self.selected = index;
        match read_summary(&entry.path) {
            Ok(lines) => {
                self.status = None;
                self.screen = Screen::Summary(Summary {
                    entry,
                    lines,
                    scroll: 0,
                    gone: false,
                });
            }
            Err(err) => {
                self.set_status(&format!("{err:#}"), true);
                self.rescan();
            }
        }
        true
    }

    fn close(&mut self) {
        self.screen = Screen::List;
    }

    /// The entry "done" acts on: the open one, or the one under the cursor.
    fn done_target(&self) -> Option<&Entry> {
        match &self.screen {
            Screen::Summary(summary) if summary.gone => None,
            Screen::Summary(summary) => Some(&summary.entry),
            Screen::List => self.entries.get(self.selected),
        }
    }

    fn ask_done(&mut self) -> bool {
        match self.done_target().cloned() {
            Some(entry) => self.overlay = Some(Overlay::ConfirmDone(entry)),
            None => match &self.screen {
                Screen::Summary(_) => {
                    self.set_status("This entry is no longer in the folder.", true);
                }
                Screen::List => self.set_status("Nothing to mark done.", false),
            },
        }
        true
    }

    fn mark_done(&mut self, entry: &Entry) {
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
        self.rescan();
    }

    fn scroll_by(&mut self, delta: isize) -> bool {
        let max = draw::max_scroll(self, self.area());
        let Screen::Summary(summary) = &mut self.screen else {
            return false;
        };
        let to = summary.scroll.saturating_add_signed(delta).min(max);
        let changed = to != summary.scroll;
        summary.scroll = to;
        changed
    }

    fn clamp_scroll(&mut self) {
        let max = draw::max_scroll(self, self.area());
        if let Screen::Summary(summary) = &mut self.screen {
            summary.scroll = summary.scroll.min(max);
        }
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

/// Reads a spooled summary for showing: at most [`SUMMARY_LIMIT`] bytes, the front matter
/// left out, every line cleaned.
fn read_summary(path: &Path) -> anyhow::Result<Vec<String>> {
    use anyhow::Context;
    let mut bytes = Vec::new();
    fs::File::open(path)
        .and_then(|file| file.take(SUMMARY_LIMIT + 1).read_to_end(&mut bytes))
        .with_context(|| format!("reading {}", path.display()))?;
    let cut = bytes.len() as u64 > SUMMARY_LIMIT;
    bytes.truncate(usize::try_from(SUMMARY_LIMIT).unwrap_or(usize::MAX));
    let text = String::from_utf8_lossy(&bytes);
    let body = strip_front_matter(&text);
    let mut lines: Vec<String> = body.trim_start_matches('\n').lines().map(clean).collect();
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    if cut {
        lines.push(String::new());
        lines.push(format!(
            "(The rest is not shown: the file is larger than {} KiB.)",
            SUMMARY_LIMIT / 1024
        ));
    }
    Ok(lines)
}

/// The text after a leading `---` ... `---` block, or all of it when there is none.
pub fn strip_front_matter(text: &str) -> &str {
    text.strip_prefix("---\n")
        .and_then(|rest| rest.split_once("\n---\n"))
        .map_or(text, |(_, body)| body)
}

/// `text` made safe to draw: tabs become spaces, and control characters and bidirectional
/// overrides (see [`is_forbidden`]) become U+FFFD, so a file cannot move the cursor, recolour
/// the terminal or make text read differently from what it says. Newlines are kept.
pub fn clean(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' => ' ',
            c if is_forbidden(c) => '\u{FFFD}',
            c => c,
        })
        .collect()
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
