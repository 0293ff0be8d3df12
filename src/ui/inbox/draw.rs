//! Drawing the inbox: `impl Widget for &App`, plus the geometry the app needs for clicks,
//! scrolling and the cursor. One function ([`view`]) lays a screen out; drawing, hit tests
//! and the cursor all read that one layout, so what is clicked is what was drawn. The list
//! lays out only the rows that show, so a key costs the same with 20,000 entries as with 3.
//!
//! Text from the folder reaches this module already cleaned (see `app::clean`); urgency is
//! always written out in words beside its colour.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::app::{App, Overlay, Screen, Watching, clean};
use crate::content::model::Urgency;
use crate::handoff::spool::{DONE_FOLDER, Entry, Problem};
use crate::text::wrap;
use crate::ui::tui::widgets::{YesNoPopup, centered, render_scrollbar, render_text_popup};
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
    fn label(self) -> &'static str {
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

/// What lies under a screen cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// An item of the list, by index: an entry, or after the entries a file not listed.
    Entry(usize),
    Button(Button),
}

/// How soon in words, as the list, the banner and "mark done?" show it: the rung the hand-off
/// names ("Urgent", "Routine"), or for an emergency and for older hand-offs the urgency.
pub fn how_soon(entry: &Entry) -> String {
    match (&entry.disposition, entry.urgency) {
        (Some(id), urgency) if urgency != Urgency::Emergency => {
            let words = id.replace(['_', '-'], " ");
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
const CODE_COLUMN: usize = 8;
const TIME_COLUMN: usize = 19;
const URGENCY_COLUMN: usize = 14;

/// Columns of the files not listed: pointer, name, then the reason.
const NAME_COLUMN: usize = 13;

/// One line of a screen's scrolling part, and the list item it belongs to.
struct Row {
    line: Line<'static>,
    entry: Option<usize>,
    urgency: Option<Urgency>,
}

impl Row {
    fn text(line: Line<'static>) -> Row {
        Row {
            line,
            entry: None,
            urgency: None,
        }
    }
}

/// A screen laid out for one area.
struct View {
    header_right: String,
    /// The line under the header: the folder, or the open entry's urgency banner.
    banner: Line<'static>,
    /// Column headings of the list.
    headings: Option<Line<'static>>,
    /// The rows that show, from `offset` on (at most the body's height).
    rows: Vec<Row>,
    /// How many rows the scrolling part has in all.
    total: usize,
    body: Rect,
    scrollbar: Rect,
    offset: usize,
    selected: Option<usize>,
    /// The message line: one row, two when the text is longer (the list gives up a row).
    message: Vec<Line<'static>>,
    message_area: Rect,
    buttons: Vec<(Button, Rect)>,
    footer: Line<'static>,
    footer_area: Rect,
}

impl View {
    fn max_offset(&self) -> usize {
        self.total.saturating_sub(usize::from(self.body.height))
    }
}

fn too_small(area: Rect) -> bool {
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

/// What a click at `column`, `row` lands on.
pub fn hit(app: &App, area: Rect, column: u16, row: u16) -> Option<Hit> {
    let position = Position::new(column, row);
    if too_small(area) {
        return None;
    }
    if let Some(Overlay::ConfirmDone(entry)) = app.overlay() {
        return confirm_popup(entry, area)
            .buttons
            .iter()
            .find(|(_, rect, _)| rect.contains(position))
            .map(|(button, _, _)| Hit::Button(*button));
    }
    let view = view(app, area)?;
    if let Some((button, _)) = view.buttons.iter().find(|(_, r)| r.contains(position)) {
        return Some(Hit::Button(*button));
    }
    if !view.body.contains(position) {
        return None;
    }
    view.rows
        .get(usize::from(row - view.body.y))?
        .entry
        .map(Hit::Entry)
}

/// Where the terminal cursor goes: the selected entry, a popup, or the top of the text.
pub fn cursor(app: &App, area: Rect) -> Option<Position> {
    if area.is_empty() {
        return None;
    }
    if too_small(area) {
        return Some(area.as_position());
    }
    match app.overlay() {
        Some(Overlay::ConfirmDone(entry)) => {
            let popup = confirm_popup(entry, area).area;
            return Some(Position::new(popup.x + 2, popup.y + 2));
        }
        Some(Overlay::Help) => {
            let popup = help_popup(app, area).0;
            return Some(Position::new(popup.x + 2, popup.y + 1));
        }
        None => {}
    }
    let view = view(app, area)?;
    let row = view
        .selected
        .and_then(|s| view.rows.iter().position(|r| r.entry == Some(s)))
        .and_then(|i| u16::try_from(i).ok())
        .map_or(view.body.y, |i| view.body.y + i);
    Some(Position::new(view.body.x, row))
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = &self.config().theme;
        buf.set_style(area, theme.base);
        if too_small(area) {
            let text = format!(
                "Please enlarge the window. The inbox needs at least {MIN_WIDTH}x{MIN_HEIGHT}; \
                 this one is {}x{}.",
                area.width, area.height
            );
            for (i, line) in wrap(&text, usize::from(area.width)).iter().enumerate() {
                let Ok(i) = u16::try_from(i) else { break };
                if i >= area.height {
                    break;
                }
                buf.set_stringn(
                    area.x,
                    area.y + i,
                    line,
                    usize::from(area.width),
                    theme.base,
                );
            }
            return;
        }
        let Some(view) = view(self, area) else {
            return;
        };
        render_view(&view, area, theme, buf);
        match self.overlay() {
            Some(Overlay::Help) => render_help(self, area, theme, buf),
            Some(Overlay::ConfirmDone(entry)) => render_confirm(entry, area, theme, buf),
            None => {}
        }
    }
}

fn render_view(view: &View, area: Rect, theme: &Theme, buf: &mut Buffer) {
    let header = Rect::new(area.x, area.y, area.width, 1);
    buf.set_style(header, theme.header);
    let title = "painpath · Reception inbox";
    let right_width = Span::raw(view.header_right.as_str()).width() as u16;
    let right_x = area.right().saturating_sub(right_width + 1);
    buf.set_stringn(
        area.x + 1,
        area.y,
        title,
        usize::from(right_x.saturating_sub(area.x + 2)),
        theme.header,
    );
    buf.set_stringn(
        right_x,
        area.y,
        &view.header_right,
        usize::from(right_width),
        theme.header,
    );

    let banner = Rect::new(area.x, area.y + 1, area.width, 1);
    buf.set_style(banner, view.banner.style);
    buf.set_line(banner.x + 1, banner.y, &view.banner, banner.width - 1);
    if let Some(headings) = &view.headings {
        buf.set_line(view.body.x, view.body.y - 1, headings, view.body.width);
    }

    for (i, row) in view.rows.iter().enumerate() {
        let Ok(i) = u16::try_from(i) else { break };
        if i >= view.body.height {
            break;
        }
        let y = view.body.y + i;
        let line_area = Rect::new(view.body.x, y, view.body.width, 1);
        buf.set_line(line_area.x, y, &row.line, line_area.width);
        if row.entry.is_some() && row.entry == view.selected {
            buf.set_style(line_area, theme.selected);
        }
        // The urgency keeps its colour on the selected row too (its words are there anyway).
        if let Some(urgency) = row.urgency {
            let x = view.body.x + (CODE_COLUMN + TIME_COLUMN) as u16;
            let width = (URGENCY_COLUMN as u16 - 2).min(view.body.right().saturating_sub(x));
            buf.set_style(Rect::new(x, y, width, 1), theme.urgency(urgency));
        }
    }

    render_scrollbar(
        view.scrollbar,
        view.total,
        view.offset,
        view.max_offset(),
        theme.dim,
        buf,
    );

    for (y, line) in (view.message_area.y..).zip(&view.message) {
        buf.set_line(view.message_area.x, y, line, view.message_area.width);
    }
    for (button, rect) in &view.buttons {
        buf.set_stringn(
            rect.x,
            rect.y,
            button.label(),
            usize::from(rect.width),
            theme.button,
        );
    }
    buf.set_line(
        view.footer_area.x,
        view.footer_area.y,
        &view.footer,
        view.footer_area.width,
    );
}

/// Lays the current screen out in `area`; `None` when the area is below the minimum.
fn view(app: &App, area: Rect) -> Option<View> {
    if too_small(area) {
        return None;
    }
    let theme = &app.config().theme;
    let text_width = area.width - 3;
    let bottom = area.bottom();
    let button_row = bottom - 2;
    let footer_area = Rect::new(area.x + 1, bottom - 1, area.width - 1, 1);
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
    let message_area = Rect::new(area.x + 1, bottom - 3 - extra, text_width, 1 + extra);

    match app.screen() {
        Screen::List => {
            let top = area.y + 3;
            let body = Rect::new(area.x + 1, top, text_width, bottom - 3 - extra - top);
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
            Some(View {
                header_right: format!("{} waiting", entries.len()),
                banner: folder_line(&folder, problems.len(), theme),
                headings: Some(headings),
                rows,
                total: layout.total,
                body,
                scrollbar: Rect::new(area.right() - 1, top, 1, body.height),
                offset,
                selected,
                message,
                message_area,
                buttons: place_buttons(left, right, area, button_row),
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
                footer_area,
            })
        }
        Screen::Summary(summary) => {
            let top = area.y + 2;
            let body = Rect::new(area.x + 1, top, text_width, bottom - 3 - extra - top);
            let mut rows = Vec::new();
            for line in &summary.lines {
                markdown_rows(&mut rows, line, usize::from(text_width), theme);
            }
            let total = rows.len();
            let max_offset = total.saturating_sub(usize::from(body.height));
            let offset = summary.scroll.min(max_offset);
            rows.truncate(offset + usize::from(body.height));
            rows.drain(..offset);
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
            if Span::raw(banner_text.as_str()).width() > usize::from(text_width) {
                banner_text = clip(&banner_of(&entry.short), usize::from(text_width));
            }
            let left: &[Button] = if summary.gone {
                &[Button::Back]
            } else {
                &[Button::Back, Button::Done]
            };
            Some(View {
                header_right: clean(&entry.code),
                banner: Line::from(banner_text).style(theme.urgency(entry.urgency)),
                headings: None,
                rows,
                total,
                body,
                scrollbar: Rect::new(area.right() - 1, top, 1, body.height),
                offset,
                selected: None,
                message,
                message_area,
                buttons: place_buttons(left, &[Button::Help, Button::Quit], area, button_row),
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
                footer_area,
            })
        }
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

/// Where the rows of the list come from: the entries (or, with none, a line saying so), then,
/// when some files are not listed, a blank row, a heading and a row for each.
struct ListLayout {
    /// Columns of a row.
    width: usize,
    entries: usize,
    problems: usize,
    /// With no entries: the lines that say so.
    empty: Vec<String>,
    /// Rows before the files not listed.
    lead: usize,
    total: usize,
}

const EMPTY: &str = "No assessments waiting. New hand-offs from the kiosk appear here by \
                     themselves within a second.";

impl ListLayout {
    fn new(entries: usize, problems: usize, width: u16) -> ListLayout {
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
    fn row_of(&self, item: usize) -> usize {
        if item < self.entries {
            item
        } else {
            self.lead + 2 + (item - self.entries)
        }
    }

    fn row(&self, app: &App, row: usize, theme: &Theme) -> Row {
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
fn clip(text: &str, width: usize) -> String {
    if Span::raw(text).width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = Span::raw(c.to_string()).width();
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// One line of the Markdown summary: headings styled, long lines wrapped under their indent
/// (under the text of a list item).
fn markdown_rows(rows: &mut Vec<Row>, line: &str, width: usize, theme: &Theme) {
    let push = |rows: &mut Vec<Row>, line: Line<'static>| {
        rows.push(Row {
            line,
            entry: None,
            urgency: None,
        });
    };
    if line.trim().is_empty() {
        push(rows, Line::default());
        return;
    }
    if line.starts_with('#') {
        for part in wrap(line, width) {
            push(rows, Line::from(Span::styled(part, theme.heading)));
        }
        return;
    }
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let marker = ["- ", "* ", "> "]
        .iter()
        .find(|m| rest.starts_with(**m))
        .map_or(0, |m| m.len());
    let hang = indent + marker;
    let wrapped = wrap(&rest[marker..], width.saturating_sub(hang).max(1));
    for (i, part) in wrapped.into_iter().enumerate() {
        let lead = if i == 0 {
            format!("{}{}", " ".repeat(indent), &rest[..marker])
        } else {
            " ".repeat(hang)
        };
        push(rows, Line::from(format!("{lead}{part}")));
    }
}

fn place_buttons(left: &[Button], right: &[Button], area: Rect, y: u16) -> Vec<(Button, Rect)> {
    let mut placed = Vec::new();
    let mut x = area.x + 1;
    for button in left {
        let width = Span::raw(button.label()).width() as u16;
        placed.push((*button, Rect::new(x, y, width, 1)));
        x += width + 2;
    }
    let left_end = x;
    let mut x = area.right().saturating_sub(1);
    for button in right.iter().rev() {
        let width = Span::raw(button.label()).width() as u16;
        x = x.saturating_sub(width);
        if x < left_end {
            break;
        }
        placed.push((*button, Rect::new(x, y, width, 1)));
        x = x.saturating_sub(2);
    }
    placed
}

fn footer(keys: &[(&str, &str)], theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, (key, action)) in keys.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(key.to_string(), theme.key));
        spans.push(Span::raw(format!(" {action}")));
    }
    Line::from(spans)
}

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

fn help_popup(app: &App, area: Rect) -> (Rect, Vec<Line<'static>>) {
    let theme = &app.config().theme;
    let outer_width = area.width.saturating_sub(4).min(72);
    let width = usize::from(outer_width.saturating_sub(4)).max(1);
    let mut lines: Vec<Line<'static>> = Vec::new();
    const KEY_COLUMN: usize = 14;
    for (key, action) in HELP_KEYS {
        let pad = KEY_COLUMN.saturating_sub(Span::raw(*key).width());
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

fn render_help(app: &App, area: Rect, theme: &Theme, buf: &mut Buffer) {
    let (popup, lines) = help_popup(app, area);
    render_text_popup(popup, " Help · any key closes ", &lines, theme, buf);
}

fn confirm_popup(entry: &Entry, area: Rect) -> YesNoPopup<Button> {
    let question = format!("Mark {} ({}) done?", clean(&entry.code), how_soon(entry));
    let what = format!("Its files move to {DONE_FOLDER}/ in the folder and it leaves the list.");
    let yes = (Button::DoneYes, Button::DoneYes.label());
    let no = (Button::DoneNo, Button::DoneNo.label());
    YesNoPopup::new(area, 56, &[&question, &what], yes, no)
}

fn render_confirm(entry: &Entry, area: Rect, theme: &Theme, buf: &mut Buffer) {
    confirm_popup(entry, area).render(" Mark done ", theme, buf);
}
