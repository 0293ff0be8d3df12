//! The boxes drawn over the inbox: the help (the keys, and what the inbox does with the
//! folder) and "Mark done?". Each is laid out by one function here that drawing, the cursor and
//! hit tests all read; the screens under them are `layout` and `render`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::app::{App, Watching, clean};
use super::layout::Button;
use super::rows::how_soon;
use crate::handoff::spool::{DONE_FOLDER, Entry};
use crate::text::{display_width, wrap};
use crate::ui::tui::Theme;
use crate::ui::tui::widgets::{YesNoPopup, centered, render_text_popup};

/// The help popup's keys and notes.
const HELP_KEYS: &[(&str, &str)] = &[
    ("↑ ↓  j k", "move in the list, or scroll a summary"),
    ("PgUp PgDn", "a page at a time"),
    ("Enter  click", "open the entry's summary"),
    ("Esc ← b", "back to the list"),
    ("d", "mark done (asks first): its files move to done/"),
    ("r", "read the folder again now"),
    ("?", "this help"),
    ("q  Ctrl+C", "quit"),
];

fn help_notes(app: &App) -> [&'static str; 3] {
    [
        match app.watching() {
            Watching::Notifications => {
                "New hand-offs appear by themselves: the folder is watched for changes. \
                 Emergencies come first, then the newest."
            }
            Watching::Polling => {
                "New hand-offs appear by themselves: the folder is read every half second \
                 (a network folder, or --poll). Emergencies come first, then the newest."
            }
        },
        "At start, half-written temporary files (.NAME.PID.N.tmp) older than an hour are removed.",
        "Files named like hand-offs that cannot be used are listed at the end, each with the \
         reason (hand-offs are 0600: run the kiosk and the inbox as the same user).",
    ]
}

/// The help popup's area and lines.
pub(super) fn help_popup(app: &App, area: Rect) -> (Rect, Vec<Line<'static>>) {
    let theme = &app.config().theme;
    let outer_width = area.width.saturating_sub(4).min(72);
    let width = usize::from(outer_width.saturating_sub(4)).max(1);
    let mut lines: Vec<Line<'static>> = Vec::new();
    const KEY_COLUMN: usize = 14;
    for (key, action) in HELP_KEYS {
        let pad = KEY_COLUMN.saturating_sub(display_width(key));
        for (i, part) in wrap(action, width.saturating_sub(KEY_COLUMN + 1).max(1))
            .into_iter()
            .enumerate()
        {
            lines.push(if i == 0 {
                Line::from(vec![
                    Span::raw(" "),
                    Span::styled(key.to_string(), theme.key),
                    Span::raw(" ".repeat(pad)),
                    Span::raw(part),
                ])
            } else {
                Line::from(format!("{}{part}", " ".repeat(KEY_COLUMN + 1)))
            });
        }
    }
    for note in help_notes(app) {
        lines.push(Line::default());
        lines.extend(wrap(note, width).into_iter().map(Line::from));
    }
    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
    (centered(area, outer_width, height), lines)
}

pub(super) fn render_help(app: &App, area: Rect, theme: &Theme, buf: &mut Buffer) {
    let (popup, lines) = help_popup(app, area);
    render_text_popup(popup, " Help · any key closes ", &lines, theme, buf);
}

/// The "mark done?" box laid out in `area`: its text and where its two buttons are.
pub(super) fn confirm_popup(entry: &Entry, area: Rect) -> YesNoPopup<Button> {
    let question = format!("Mark {} ({}) done?", clean(&entry.code), how_soon(entry));
    let what = format!("Its files move to {DONE_FOLDER}/ in the folder and it leaves the list.");
    let yes = (Button::DoneYes, Button::DoneYes.label());
    let no = (Button::DoneNo, Button::DoneNo.label());
    YesNoPopup::new(area, 56, &[&question, &what], yes, no)
}

pub(super) fn render_confirm(entry: &Entry, area: Rect, theme: &Theme, buf: &mut Buffer) {
    confirm_popup(entry, area).render(" Mark done ", theme, buf);
}
