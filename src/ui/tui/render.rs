//! Drawing the questionnaire into a buffer: `impl Widget for &App`, a whole frame with its
//! cursor ([`draw_frame`], [`draw_into`]), and where the terminal cursor goes. A screen is
//! drawn from its layout (`layout`): everything around the body, then the body's rows; the
//! boxes over it are `popups`.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

use super::app::{App, Overlay};
use super::body_map;
use super::button::TOUCH_BUTTON_HEIGHT;
use super::layout::{MIN_HEIGHT, MIN_WIDTH, View, too_small, view};
use super::popups::{
    confirm_popup, help_popup, render_confirm, render_help, render_save, save_cursor,
};
use super::theme::Theme;
use super::widgets::{render_big_button, render_scrollbar, set_line, set_stringn};
use crate::content::words::{Words, fill};
use crate::text::{display_width, wrap};

impl Widget for &App<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        render(self, view(self, area).as_ref(), area, buf);
    }
}

impl App<'_> {
    /// Where the terminal cursor goes: on the selected option, so screen readers follow it.
    pub fn cursor_position(&self, area: Rect) -> Option<Position> {
        cursor(self, area)
    }
}

/// Where the terminal cursor goes: the selected option, or the start of the text in view.
pub fn cursor(app: &App, area: Rect) -> Option<Position> {
    place_cursor(app, view(app, area).as_ref(), area)
}

/// Draws the app into `frame` and places the cursor, laying the screen out once: what the
/// run loop does for every frame. The result is that of rendering `&App` and then placing the
/// cursor at [`cursor`], which lay the screen out once each.
pub fn draw_frame(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if let Some(position) = draw_into(app, area, frame.buffer_mut()) {
        frame.set_cursor_position(position);
    }
}

/// [`draw_frame`] into a buffer: draws the app into `buffer` for `area` and returns where the
/// cursor goes.
pub fn draw_into(app: &App, area: Rect, buffer: &mut Buffer) -> Option<Position> {
    let view = view(app, area);
    render(app, view.as_ref(), area, buffer);
    place_cursor(app, view.as_ref(), area)
}

/// [`cursor`] with the screen already laid out for `area`.
pub(super) fn place_cursor(app: &App, view: Option<&View>, area: Rect) -> Option<Position> {
    if area.is_empty() {
        return None;
    }
    if too_small(area) {
        return Some(area.as_position());
    }
    match app.overlay() {
        Some(Overlay::Confirm(what)) => {
            let popup = confirm_popup(app, what, area);
            return Some(Position::new(popup.area.x + 2, popup.area.y + 2));
        }
        Some(Overlay::Save) => return Some(save_cursor(app, area)),
        Some(Overlay::Help) => {
            let area = help_popup(app, area).0;
            return Some(Position::new(area.x + 2, area.y + 1));
        }
        None => {}
    }
    let view = view?;
    if let Some(selected) = view.selected {
        let first_visible = (0..view.rows.len())
            .filter(|&i| view.rows[i].item == Some(selected))
            .find_map(|i| view.screen_row(i));
        if let Some(y) = first_visible {
            return Some(Position::new(view.body.x, y));
        }
    }
    if !view.pinned.is_empty() {
        return Some(view.pinned_area.as_position());
    }
    Some(view.body.as_position())
}

/// Draws the app with the screen already laid out for `area`.
pub(super) fn render(app: &App, view: Option<&View>, area: Rect, buf: &mut Buffer) {
    let theme = &app.config().theme;
    // An empty style changes no cell, but setting it visits every cell of the frame.
    if theme.base != Style::default() {
        buf.set_style(area, theme.base);
    }
    if too_small(area) {
        render_too_small(app.words(), area, buf);
        return;
    }
    let Some(view) = view else {
        return;
    };
    render_surround(view, app.words(), area, theme, buf);
    for i in 0..view.rows.len() {
        draw_row(view, i, theme, buf);
    }
    if let Some(map) = &view.map {
        body_map::render(map, app.words(), theme, buf);
    }
    if let Some((at, line, _)) = &view.cue {
        set_line(buf, at.x, at.y, line, at.width);
    }
    match app.overlay() {
        Some(Overlay::Help) => render_help(app, area, theme, buf),
        Some(Overlay::Confirm(what)) => render_confirm(app, what, area, theme, buf),
        Some(Overlay::Save) => render_save(app, area, theme, buf),
        None => {}
    }
}

fn render_too_small(words: &Words, area: Rect, buf: &mut Buffer) {
    let text = fill(
        &words.tui.too_small,
        &[
            ("min_width", &MIN_WIDTH.to_string()),
            ("min_height", &MIN_HEIGHT.to_string()),
            ("width", &area.width.to_string()),
            ("height", &area.height.to_string()),
        ],
    );
    let lines = wrap(&text, usize::from(area.width));
    let top = area.height.saturating_sub(lines.len() as u16) / 2;
    for (i, line) in lines.iter().enumerate() {
        let y = area.y + top + i as u16;
        if y >= area.bottom() {
            break;
        }
        buf.set_stringn(area.x, y, line, usize::from(area.width), Style::new());
    }
}

/// Draws everything of a laid-out screen but its body's rows: the header and progress bar,
/// the pinned lines, the scrollbar, the message line, the buttons and the footer, around the
/// body.
pub(super) fn render_surround(
    view: &View,
    words: &Words,
    area: Rect,
    theme: &Theme,
    buf: &mut Buffer,
) {
    // Header: title on the left, where we are on the right (the right wins when narrow).
    let header = Rect::new(area.x, area.y, area.width, 1);
    buf.set_style(header, theme.header);
    let right_width = display_width(&view.header_right) as u16;
    let right_x = area.right().saturating_sub(right_width + 1);
    set_stringn(
        buf,
        area.x + 1,
        area.y,
        &view.header_left,
        usize::from(right_x.saturating_sub(area.x + 2)),
        theme.header,
    );
    set_stringn(
        buf,
        right_x,
        area.y,
        &view.header_right,
        usize::from(right_width),
        theme.header,
    );

    if let Some((answered, left)) = view.progress {
        let bar_width = usize::from(area.width.saturating_sub(2));
        let total = (answered + left).max(1);
        let done = bar_width * answered / total;
        let done_text = "█".repeat(done);
        let todo_text = "░".repeat(bar_width - done);
        let line = Line::from(vec![
            Span::styled(done_text, theme.bar_done),
            Span::styled(todo_text, theme.bar_todo),
        ]);
        set_line(
            buf,
            area.x + 1,
            area.y + 1,
            &line,
            area.width.saturating_sub(2),
        );
    }

    for (i, line) in view.pinned.iter().enumerate() {
        let y = view.pinned_area.y + i as u16;
        let row = Rect::new(view.pinned_area.x, y, view.pinned_area.width, 1);
        buf.set_style(row, line.style);
        set_line(buf, row.x, y, line, row.width);
    }

    render_scrollbar(
        view.scrollbar,
        view.rows.len(),
        view.offset,
        view.max_offset(),
        theme.dim,
        buf,
    );

    if let Some(message) = &view.message {
        set_line(
            buf,
            view.message_area.x,
            view.message_area.y,
            message,
            view.message_area.width,
        );
    }
    for (button, rect) in &view.buttons {
        if rect.height >= TOUCH_BUTTON_HEIGHT {
            render_big_button(&button.touch_label(words), *rect, theme.button, buf);
        } else {
            set_stringn(
                buf,
                rect.x,
                rect.y,
                &button.label(words),
                usize::from(rect.width),
                theme.button,
            );
        }
    }
    set_line(
        buf,
        view.footer_area.x,
        view.footer_area.y,
        &view.footer,
        view.footer_area.width,
    );
}

/// Draws `view.rows[i]` where it shows in the body, if it does, on cells drawn blank.
pub(super) fn draw_row(view: &View, i: usize, theme: &Theme, buf: &mut Buffer) {
    let (Some(row), Some(y)) = (view.rows.get(i), view.screen_row(i)) else {
        return;
    };
    set_line(buf, view.body.x, y, &row.line, view.body.width);
    if row.item.is_some() && row.item == view.selected {
        buf.set_style(
            Rect::new(view.body.x, y, view.body.width, 1),
            theme.selected,
        );
    }
}
