//! Drawing the inbox into a buffer: `impl Widget for &App` (a laid-out screen from `layout`,
//! the boxes over it from `popups`), and where the terminal cursor goes.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::widgets::Widget;

use super::app::{App, Overlay};
use super::layout::{View, too_small, view};
use super::popups::{confirm_popup, help_popup, render_confirm, render_help};
use super::rows::{CODE_COLUMN, TIME_COLUMN, URGENCY_COLUMN};
use crate::text::{display_width, wrap};
use crate::ui::tui::widgets::render_scrollbar;
use crate::ui::tui::{MIN_HEIGHT, MIN_WIDTH, Theme};

impl App {
    /// Where the terminal cursor goes: on the selected entry, so screen readers follow it.
    pub fn cursor_position(&self, area: Rect) -> Option<Position> {
        cursor(self, area)
    }
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
    let right_width = display_width(&view.header_right) as u16;
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
