//! The lines of the inbox's list: an entry or a file not listed, in columns; and how soon an
//! entry is, in words. Which of them show, and where, is `layout`; a summary's lines are
//! `document`'s.
//!
//! Text from the folder reaches this module already cleaned (see `app::clean`); urgency is
//! always written out in words beside its colour.

use ratatui::text::{Line, Span};

use super::app::{App, clean};
use crate::content::model::Urgency;
use crate::handoff::spool::{Entry, Problem};
use crate::text::{display_width, wrap};
use crate::ui::tui::Theme;

/// How soon in words, as the list, the banner and "mark done?" show it: the rung the hand-off
/// names ("Urgent", "Routine"), or for an emergency and for older hand-offs the urgency. A rung
/// named as its urgency is (`self_care`) is written as the urgency is, "Self-care", as the
/// questions' headings write it.
pub fn how_soon(entry: &Entry) -> String {
    match (&entry.disposition, entry.urgency) {
        (Some(id), urgency) if urgency != Urgency::Emergency => {
            let words = id.replace(['_', '-'], " ");
            let same = urgency_word(urgency).replace('-', " ");
            if words.eq_ignore_ascii_case(&same) {
                return urgency_word(urgency).to_string();
            }
            let mut chars = words.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        }
        (_, urgency) => urgency_word(urgency).to_string(),
    }
}

/// The urgency in words, where the hand-off names no disposition.
pub fn urgency_word(urgency: Urgency) -> &'static str {
    match urgency {
        Urgency::Emergency => "!! EMERGENCY",
        Urgency::Soon => "Soon",
        Urgency::SelfCare => "Self-care",
    }
}

/// Columns of the list: pointer and code, time, urgency, then the outcome.
pub(super) const CODE_COLUMN: usize = 8;
pub(super) const TIME_COLUMN: usize = 19;
pub(super) const URGENCY_COLUMN: usize = 14;

/// Columns of the files not listed: pointer, name, then the reason.
const NAME_COLUMN: usize = 13;

/// One line of a screen's scrolling part, and the list item it belongs to.
pub(super) struct Row {
    pub line: Line<'static>,
    pub entry: Option<usize>,
    pub urgency: Option<Urgency>,
}

impl Row {
    pub fn text(line: Line<'static>) -> Row {
        Row {
            line,
            entry: None,
            urgency: None,
        }
    }
}

/// Where the rows of the list come from: the entries (or, with none, a line saying so), then,
/// when some files are not listed, a blank row, a heading and a row for each.
pub(super) struct ListLayout {
    /// Columns of a row.
    width: usize,
    entries: usize,
    problems: usize,
    /// With no entries: the lines that say so.
    empty: Vec<String>,
    /// Rows before the files not listed.
    lead: usize,
    /// Rows in all.
    pub total: usize,
}

const EMPTY: &str = "No assessments waiting. New hand-offs from the kiosk appear here by \
                     themselves within a second.";

impl ListLayout {
    pub fn new(entries: usize, problems: usize, width: u16) -> ListLayout {
        let empty = if entries == 0 {
            wrap(EMPTY, usize::from(width))
        } else {
            Vec::new()
        };
        let lead = if entries > 0 {
            entries
        } else {
            1 + empty.len()
        };
        let total = lead + if problems > 0 { 2 + problems } else { 0 };
        ListLayout {
            width: usize::from(width),
            entries,
            problems,
            empty,
            lead,
            total,
        }
    }

    /// The row of a list item (an entry, then the files not listed).
    pub fn row_of(&self, item: usize) -> usize {
        if item < self.entries {
            item
        } else {
            self.lead + 2 + (item - self.entries)
        }
    }

    pub fn row(&self, app: &App, row: usize, theme: &Theme) -> Row {
        if row < self.lead {
            return match (self.entries, row) {
                (0, 0) => Row::text(Line::default()),
                (0, row) => Row::text(Line::from(Span::styled(
                    self.empty[row - 1].clone(),
                    theme.dim,
                ))),
                _ => list_row(app, &app.entries()[row], row, self.width),
            };
        }
        match row - self.lead {
            0 => Row::text(Line::default()),
            1 => Row::text(Line::from(Span::styled(
                format!(
                    "Not listed ({}): named like hand-offs, but not usable as one",
                    self.problems
                ),
                theme.error,
            ))),
            n => problem_row(app, &app.problems()[n - 2], self.entries + n - 2),
        }
    }
}

/// A file not listed: its name and why.
fn problem_row(app: &App, problem: &Problem, index: usize) -> Row {
    let pointer = if index == app.selected() { "›" } else { " " };
    let name = format!("{pointer} {}", clean(&problem.name));
    Row {
        line: Line::from(vec![
            Span::raw(format!("{name:<NAME_COLUMN$}")),
            Span::raw(clean(&problem.reason.to_string())),
        ]),
        entry: Some(index),
        urgency: None,
    }
}

fn list_row(app: &App, entry: &Entry, index: usize, width: usize) -> Row {
    let pointer = if index == app.selected() { "›" } else { " " };
    let code = format!("{pointer} {}", clean(&entry.code));
    let room = width.saturating_sub(CODE_COLUMN + TIME_COLUMN + URGENCY_COLUMN);
    let line = Line::from(vec![
        Span::raw(format!("{code:<CODE_COLUMN$}")),
        Span::raw(format!("{:<TIME_COLUMN$}", app.shown_time(entry))),
        Span::raw(format!("{:<URGENCY_COLUMN$}", how_soon(entry))),
        Span::raw(clip(&clean(&entry.short), room)),
    ]);
    Row {
        line,
        entry: Some(index),
        urgency: Some(entry.urgency),
    }
}

/// `text` in at most `width` columns, ending in "…" when cut.
pub(super) fn clip(text: &str, width: usize) -> String {
    if display_width(text) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = display_width(&c.to_string());
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}
