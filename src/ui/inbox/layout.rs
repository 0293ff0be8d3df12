//! Where the inbox's parts go in a window, one function a screen (the list, an open summary):
//! the header and banner on top, the column headings and the scrolling body, the message line,
//! the buttons and the footer below. The lines of the body are `rows`; drawing the layout is
//! `render`, and what a click lands on is `hit`. One function ([`view`]) lays a screen out and
//! everything else reads that one layout, so what is clicked is what was drawn. The list lays
//! out only the rows that show, so a key costs the same however many entries are waiting.

use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::app::{App, Screen, Summary, clean};
use super::rows::{CODE_COLUMN, ListLayout, Row, TIME_COLUMN, URGENCY_COLUMN, clip, how_soon};
use crate::text::{display_width, wrap};
use crate::ui::tui::widgets::footer;
use crate::ui::tui::{MIN_HEIGHT, MIN_WIDTH, Theme};

/// Something on screen that a click acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Button {
    Open,
    Done,
    Back,
    Help,
    Quit,
    DoneYes,
    DoneNo,
}

impl Button {
    pub(super) fn label(self) -> &'static str {
        match self {
            Button::Open => "[ Open ]",
            Button::Done => "[ Mark done ]",
            Button::Back => "[ Back ]",
            Button::Help => "[ Help ]",
            Button::Quit => "[ Quit ]",
            Button::DoneYes => "[ y  Yes, done ]",
            Button::DoneNo => "[ n  No ]",
        }
    }
}

/// A screen laid out for one area.
pub(super) struct View {
    pub header_right: String,
    /// The line under the header: the folder, or the open entry's urgency banner.
    pub banner: Line<'static>,
    /// Column headings of the list.
    pub headings: Option<Line<'static>>,
    /// The rows that show, from `offset` on (at most the body's height).
    pub rows: Vec<Row>,
    /// How many rows the scrolling part has in all.
    pub total: usize,
    pub body: Rect,
    pub scrollbar: Rect,
    pub offset: usize,
    pub selected: Option<usize>,
    /// The message line: one row, two when the text is longer (the list gives up a row).
    pub message: Vec<Line<'static>>,
    pub message_area: Rect,
    pub buttons: Vec<(Button, Rect)>,
    pub footer: Line<'static>,
    pub footer_area: Rect,
}

impl View {
    pub fn max_offset(&self) -> usize {
        self.total.saturating_sub(usize::from(self.body.height))
    }
}

/// Columns of text in the body of either screen in `area`.
pub(super) fn text_width(area: Rect) -> u16 {
    area.width.saturating_sub(3)
}

/// Whether `area` is below the size the screens are laid out for.
pub(super) fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// The largest scroll offset of the open summary in `area`.
pub fn max_scroll(app: &App, area: Rect) -> usize {
    view(app, area).map_or(0, |v| v.max_offset())
}

/// How many rows the scrolling part of the screen shows.
pub fn page_height(app: &App, area: Rect) -> usize {
    view(app, area).map_or(1, |v| usize::from(v.body.height))
}

/// What both screens have in the same place, below the body.
struct Below {
    /// Columns of text in the body.
    text_width: u16,
    /// The row after the body's last.
    body_end: u16,
    message: Vec<Line<'static>>,
    message_area: Rect,
    button_row: u16,
    footer_area: Rect,
}

/// Lays the current screen out in `area`; `None` when the area is below the minimum.
pub(super) fn view(app: &App, area: Rect) -> Option<View> {
    if too_small(area) {
        return None;
    }
    let below = below(app, area);
    Some(match app.screen() {
        Screen::List => list_view(app, area, below),
        Screen::Summary(summary) => summary_view(app, summary, area, below),
    })
}

/// The message line (the folder's error, the status, or that the open entry has gone), the
/// button row and the footer.
fn below(app: &App, area: Rect) -> Below {
    let theme = &app.config().theme;
    let text_width = text_width(area);
    let bottom = area.bottom();
    let gone = matches!(app.screen(), Screen::Summary(summary) if summary.gone);
    let message = match (app.folder_error(), app.status()) {
        (Some(err), _) => Some((
            format!("Cannot read the folder (list as last read): {err}"),
            theme.error,
        )),
        (None, Some(status)) => Some((status.text.clone(), status_style(status.error, theme))),
        (None, None) if gone => Some((
            "This entry has left the folder (marked done elsewhere?).".to_string(),
            theme.error,
        )),
        (None, None) => None,
    };
    // A long message (a path, an error) takes a second row rather than being cut.
    let message: Vec<Line<'static>> = message.map_or_else(Vec::new, |(text, style)| {
        let mut lines = wrap(&text, usize::from(text_width));
        if lines.len() > 2 {
            lines.truncate(2);
            lines[1].push('…');
        }
        lines
            .into_iter()
            .map(|line| Line::from(Span::styled(line, style)))
            .collect()
    });
    let extra = u16::from(message.len() > 1);
    Below {
        text_width,
        body_end: bottom - 3 - extra,
        message,
        message_area: Rect::new(area.x + 1, bottom - 3 - extra, text_width, 1 + extra),
        button_row: bottom - 2,
        footer_area: Rect::new(area.x + 1, bottom - 1, area.width - 1, 1),
    }
}

/// The list: the entries waiting, then the files not listed, the selected one in view.
fn list_view(app: &App, area: Rect, below: Below) -> View {
    let theme = &app.config().theme;
    let text_width = below.text_width;
    let top = area.y + 3;
    let body = Rect::new(area.x + 1, top, text_width, below.body_end - top);
    let entries = app.entries();
    let problems = app.problems();
    let layout = ListLayout::new(entries.len(), problems.len(), text_width);
    let items = entries.len() + problems.len();
    let selected = (items > 0).then_some(app.selected());
    let height = usize::from(body.height).max(1);
    let offset = selected.map_or(0, |s| layout.row_of(s).saturating_sub(height - 1));
    let end = layout.total.min(offset + height);
    let rows = (offset..end)
        .map(|row| layout.row(app, row, theme))
        .collect();
    let folder = clean(&app.dir().display().to_string());
    let headings = Line::from(Span::styled(
        format!(
            "{:<code$}{:<time$}{:<urgency$}{}",
            "  Code",
            format!("Time ({})", app.time_zone_label()),
            "Urgency",
            "Outcome",
            code = CODE_COLUMN,
            time = TIME_COLUMN,
            urgency = URGENCY_COLUMN,
        ),
        theme.heading,
    ));
    let on_entry = selected.is_some_and(|s| s < entries.len());
    let (left, right): (&[Button], &[Button]) = if !on_entry {
        (&[], &[Button::Help, Button::Quit])
    } else {
        (&[Button::Open, Button::Done], &[Button::Help, Button::Quit])
    };
    View {
        header_right: format!("{} waiting", entries.len()),
        banner: folder_line(&folder, problems.len(), theme),
        headings: Some(headings),
        rows,
        total: layout.total,
        body,
        scrollbar: Rect::new(area.right() - 1, top, 1, body.height),
        offset,
        selected,
        message: below.message,
        message_area: below.message_area,
        buttons: place_buttons(left, right, area, below.button_row),
        footer: footer(
            &[
                ("↑↓", "move"),
                ("Enter", "open"),
                ("d", "done"),
                ("r", "refresh"),
                ("?", "help"),
                ("q", "quit"),
            ],
            theme,
        ),
        footer_area: below.footer_area,
    }
}

/// An open summary, under a banner that says how soon, its code, when and what.
fn summary_view(app: &App, summary: &Summary, area: Rect, below: Below) -> View {
    let theme = &app.config().theme;
    let text_width = below.text_width;
    let top = area.y + 2;
    let body = Rect::new(area.x + 1, top, text_width, below.body_end - top);
    // Laid out when the summary was opened or the window changed; at another width (a frame
    // of another size than the app was told) laid out for this frame alone.
    let width = usize::from(text_width);
    let fresh;
    let laid_out = if summary.laid_out.width == width {
        &summary.laid_out
    } else {
        fresh = summary.document.lay_out(width);
        &fresh
    };
    let total = laid_out.len();
    let max_offset = total.saturating_sub(usize::from(body.height));
    let offset = summary.scroll.min(max_offset);
    let end = total.min(offset + usize::from(body.height));
    let rows = summary
        .document
        .lines(laid_out, offset..end, theme)
        .into_iter()
        .map(Row::text)
        .collect();
    let entry = &summary.entry;
    let zone = match app.time_zone_label() {
        "local" => "local time",
        other => other,
    };
    let banner_of = |title: &str| {
        format!(
            "{} · {} · {} {zone} · {}",
            how_soon(entry),
            clean(&entry.code),
            app.shown_time(entry),
            clean(title)
        )
    };
    // The whole title when it fits the line; else the short one, cut if need be.
    let mut banner_text = banner_of(&entry.title);
    if display_width(&banner_text) > usize::from(text_width) {
        banner_text = clip(&banner_of(&entry.short), usize::from(text_width));
    }
    let left: &[Button] = if summary.gone {
        &[Button::Back]
    } else {
        &[Button::Back, Button::Done]
    };
    View {
        header_right: clean(&entry.code),
        banner: Line::from(banner_text).style(theme.urgency(entry.urgency)),
        headings: None,
        rows,
        total,
        body,
        scrollbar: Rect::new(area.right() - 1, top, 1, body.height),
        offset,
        selected: None,
        message: below.message,
        message_area: below.message_area,
        buttons: place_buttons(left, &[Button::Help, Button::Quit], area, below.button_row),
        footer: footer(
            &[
                ("↑↓ PgUp PgDn", "scroll"),
                ("Esc", "back"),
                ("d", "done"),
                ("?", "help"),
                ("q", "quit"),
            ],
            theme,
        ),
        footer_area: below.footer_area,
    }
}

/// "Folder: DIR", and how many files named like hand-offs are not listed (they have their
/// lines, with the reasons, at the end of the list), so none vanishes without a word.
fn folder_line(folder: &str, problems: usize, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    if problems > 0 {
        spans.push(Span::styled(
            format!("{problems} file(s) not listed (see the end of the list)"),
            theme.error,
        ));
        spans.push(Span::styled(" · ", theme.dim));
    }
    spans.push(Span::styled(format!("Folder: {folder}"), theme.dim));
    Line::from(spans)
}

fn status_style(error: bool, theme: &Theme) -> Style {
    if error { theme.error } else { theme.heading }
}

fn place_buttons(left: &[Button], right: &[Button], area: Rect, y: u16) -> Vec<(Button, Rect)> {
    let mut placed = Vec::new();
    let mut x = area.x + 1;
    for button in left {
        let width = display_width(button.label()) as u16;
        placed.push((*button, Rect::new(x, y, width, 1)));
        x += width + 2;
    }
    let left_end = x;
    let mut x = area.right().saturating_sub(1);
    for button in right.iter().rev() {
        let width = display_width(button.label()) as u16;
        x = x.saturating_sub(width);
        if x < left_end {
            break;
        }
        placed.push((*button, Rect::new(x, y, width, 1)));
        x = x.saturating_sub(2);
    }
    placed
}
