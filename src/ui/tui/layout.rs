//! Where a screen's parts go in a window: the header and progress bar on top, the pinned lines
//! and the scrolling body, the message line, the buttons and the footer below, the scrollbar on
//! the right, and how far the body is scrolled. What each screen shows is `screens`; drawing
//! the layout is `render`, and what a click lands on is `hit`. One function ([`view`]) lays a
//! screen out and everything else reads that one layout, so what is clicked is what was drawn.

use ratatui::layout::Rect;
use ratatui::text::Line;

use super::app::{App, Screen};
use super::button::{Button, TOUCH_BUTTON_HEIGHT};
use super::rows::Row;
use super::screens::{self, Content};
use super::widgets::footer;
use crate::content::words::Words;

/// Narrowest window the screens are laid out for; below it a "please enlarge" note shows.
pub const MIN_WIDTH: u16 = 40;
/// Shortest window the screens are laid out for.
pub const MIN_HEIGHT: u16 = 12;

/// A screen laid out for one area.
pub(super) struct View {
    pub header_left: String,
    pub header_right: String,
    /// Answered and most still to come, for the progress bar.
    pub progress: Option<(usize, usize)>,
    /// Lines that stay put above the scrolling part (the result's urgency).
    pub pinned: Vec<Line<'static>>,
    pub pinned_area: Rect,
    pub rows: Vec<Row>,
    /// Where the scrolling part is drawn.
    pub body: Rect,
    pub scrollbar: Rect,
    pub offset: usize,
    pub selected: Option<usize>,
    pub message: Option<Line<'static>>,
    pub message_area: Rect,
    pub buttons: Vec<(Button, Rect)>,
    pub footer: Line<'static>,
    pub footer_area: Rect,
}

impl View {
    pub fn max_offset(&self) -> usize {
        self.rows
            .len()
            .saturating_sub(usize::from(self.body.height))
    }

    /// The screen row where `rows[index]` is drawn, if it is visible.
    pub fn screen_row(&self, index: usize) -> Option<u16> {
        let visible = index.checked_sub(self.offset)?;
        let visible = u16::try_from(visible).ok()?;
        (visible < self.body.height).then(|| self.body.y + visible)
    }
}

/// Whether `area` is below the size the screens are laid out for.
pub(super) fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// The largest scroll offset of the current screen in `area`.
pub fn max_scroll(app: &App, area: Rect) -> usize {
    view(app, area).map_or(0, |v| v.max_offset())
}

/// The scroll offset the current screen is drawn at in `area`, and the largest it can take.
pub fn scroll_position(app: &App, area: Rect) -> (usize, usize) {
    view(app, area).map_or((0, 0), |v| (v.offset, v.max_offset()))
}

/// How many lines the scrolling part of the screen shows.
pub fn page_height(app: &App, area: Rect) -> usize {
    view(app, area).map_or(1, |v| usize::from(v.body.height))
}

/// Lays the current screen out in `area`; `None` when the area is below the minimum.
pub(super) fn view(app: &App, area: Rect) -> Option<View> {
    if too_small(area) {
        return None;
    }
    let theme = &app.config().theme;
    let q = app.session().questionnaire();
    let words = app.words();
    let inner_x = area.x + 1;
    // One column of margin on the left, one of gap and one for the scrollbar on the right.
    let text_width = area.width - 3;
    let touch = app.config().touch;
    // Below the body: the message line, the buttons (one line, or a big box), the footer.
    let button_height = if touch { TOUCH_BUTTON_HEIGHT } else { 1 };
    let below = 2 + button_height;
    let main = Rect::new(inner_x, area.y + 2, text_width, area.height - 2 - below);
    let message_area = Rect::new(inner_x, area.bottom() - below, area.width - 2, 1);
    let buttons_y = area.bottom() - 1 - button_height;
    let footer_area = Rect::new(inner_x, area.bottom() - 1, area.width - 2, 1);
    let width = usize::from(text_width);

    let Content {
        header_right,
        progress,
        mut pinned,
        rows,
        selected,
        message,
        left_buttons,
        right_buttons,
        keys,
    } = match app.screen() {
        Screen::Welcome { .. } => screens::welcome(app, width),
        Screen::Question(choice) => screens::question(app, choice, width),
        Screen::Review { cursor, .. } => screens::review(app, *cursor, width),
        Screen::Result { .. } => screens::result(app, width),
    };

    let pinned_height = (pinned.len() as u16).min(main.height.saturating_sub(3));
    pinned.truncate(usize::from(pinned_height));
    let pinned_area = Rect::new(main.x, main.y, area.width - 2, pinned_height);
    let body = Rect::new(
        main.x,
        main.y + pinned_height,
        main.width,
        main.height - pinned_height,
    );
    let scrollbar = Rect::new(area.right() - 1, body.y, 1, body.height);
    let height = usize::from(body.height);
    let offset = match app.screen() {
        Screen::Welcome { scroll } | Screen::Result { scroll } => {
            (*scroll).min(rows.len().saturating_sub(height))
        }
        _ => match app.list_scroll() {
            Some(scroll) => scroll.min(rows.len().saturating_sub(height)),
            None => list_offset(&rows, selected, height),
        },
    };
    let max_offset = rows.len().saturating_sub(height);
    let mut left_buttons = left_buttons.to_vec();
    if touch && max_offset > 0 {
        // A finger cannot use a wheel: big buttons scroll instead.
        left_buttons.extend([Button::ScrollUp, Button::ScrollDown]);
    }
    let buttons = place_buttons(&left_buttons, right_buttons, area, buttons_y, touch, words);
    Some(View {
        header_left: format!("painpath · {}", q.meta.title),
        header_right,
        progress,
        pinned,
        pinned_area,
        rows,
        body,
        scrollbar,
        offset,
        selected,
        message,
        message_area,
        buttons,
        footer: footer(&keys, theme),
        footer_area,
    })
}

/// The scroll offset that keeps the selected item in view, showing the top when it can.
fn list_offset(rows: &[Row], selected: Option<usize>, height: usize) -> usize {
    let Some(selected) = selected else {
        return 0;
    };
    let mut lines = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.item == Some(selected))
        .map(|(i, _)| i);
    let Some(first) = lines.next() else {
        return 0;
    };
    let last = lines.next_back().unwrap_or(first);
    if last < height {
        0
    } else if last - first + 1 > height {
        first
    } else {
        last + 1 - height
    }
}

fn place_buttons(
    left: &[Button],
    right: &[Button],
    area: Rect,
    y: u16,
    touch: bool,
    words: &Words,
) -> Vec<(Button, Rect)> {
    let height = if touch { TOUCH_BUTTON_HEIGHT } else { 1 };
    let mut placed = Vec::new();
    let mut x = area.x + 1;
    for button in left {
        let w = button.width(touch, words);
        if x + w > area.right() - 1 {
            break;
        }
        placed.push((*button, Rect::new(x, y, w, height)));
        x += w + 2;
    }
    let mut end = area.right() - 1;
    for button in right.iter().rev() {
        let w = button.width(touch, words);
        if end < w || end - w < x {
            break;
        }
        end -= w;
        placed.push((*button, Rect::new(end, y, w, height)));
        end = end.saturating_sub(2);
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_offset_keeps_the_selection_in_view() {
        let rows: Vec<Row> = (0..20)
            .map(|i| Row {
                line: Line::default(),
                item: (i >= 5).then(|| i - 5),
            })
            .collect();
        assert_eq!(list_offset(&rows, Some(0), 10), 0);
        assert_eq!(list_offset(&rows, Some(4), 10), 0);
        assert_eq!(list_offset(&rows, Some(5), 10), 1);
        assert_eq!(list_offset(&rows, Some(14), 10), 10);
    }
}
