//! Where a screen's parts go in a window: the header and progress bar on top, the pinned lines
//! and the scrolling body, the message line, the buttons and the footer below, the scrollbar on
//! the right, and how far the body is scrolled. What each screen shows is `screens`; drawing
//! the layout is `render`, and what a click lands on is `hit`. One function ([`view`]) lays a
//! screen out and everything else reads that one layout, so what is clicked is what was drawn.

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::app::{App, Choice, Screen};
use super::body_map::{self, MapArea, MapView};
use super::button::{Button, TOUCH_BUTTON_HEIGHT};
use super::fit::arrange;
use super::rows::{Row, item_rows};
use super::screens::{self, Content};
use super::widgets::footer;
use crate::content::model::QuestionKind;
use crate::content::words::Words;

/// Narrowest window the screens are laid out for; below it a "please enlarge" note shows.
pub const MIN_WIDTH: u16 = 40;
/// Shortest window the screens are laid out for.
pub const MIN_HEIGHT: u16 = 12;

/// Width of the touch layout's scroll buttons, ▲ at the top right of the screen and ▼ under
/// it at the bottom of the list: the same place on every screen that scrolls.
const SCROLL_BUTTON_WIDTH: u16 = 5;
/// The narrowest column of answers the body map goes beside, in the touch layout and not.
const MIN_ANSWERS_BESIDE_MAP: u16 = 30;
const MIN_TEXT_BESIDE_MAP: u16 = 40;

/// A screen laid out for one area.
pub(super) struct View {
    pub header_left: String,
    pub header_right: String,
    /// Answered and most still to come, for the progress bar.
    pub progress: Option<(usize, usize)>,
    /// Lines that stay put above the scrolling part (the result's urgency, a touch question's
    /// prompt).
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
    /// The body map, beside the answers or in their place.
    pub map: Option<MapView>,
    /// The touch layout's line under the list saying that more is out of view, and the
    /// scroll button a tap on it acts as.
    pub cue: Option<(Rect, Line<'static>, Button)>,
    /// Where the question's body map goes, if it has one.
    map_place: Option<MapPlace>,
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

    /// Whether a line of an answer (or entry) is scrolled out of view.
    fn hides_answers(&self) -> bool {
        let shown = self.offset..self.offset + usize::from(self.body.height);
        self.rows
            .iter()
            .enumerate()
            .any(|(i, row)| row.item.is_some() && !shown.contains(&i))
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

/// Whether the current screen shows the body map behind a button (the button that shows it,
/// or the one that shows the answers again).
pub fn body_map_button(app: &App, area: Rect) -> bool {
    view(app, area)
        .is_some_and(|v| matches!(v.map_place, Some(MapPlace::BehindButton | MapPlace::Open)))
}

/// Where a question's body map goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MapPlace {
    /// Beside the answers.
    Beside,
    /// Not shown: a button (and the `m` key) shows it in place of the answers.
    BehindButton,
    /// In place of the answers, the button having been pressed.
    Open,
}

/// Lays the current screen out in `area`; `None` when the area is below the minimum.
///
/// The touch layout tries the ways a screen can go, best first, and takes the first that
/// shows every answer: the body map beside the answers, else behind its button; and scroll
/// buttons only when something is out of view.
pub(super) fn view(app: &App, area: Rect) -> Option<View> {
    if too_small(area) {
        return None;
    }
    let map = match app.screen() {
        Screen::Question(choice) if has_map(app, choice) => Some(if app.body_map_open() {
            MapPlace::Open
        } else {
            MapPlace::Beside
        }),
        _ => None,
    };
    if !app.config().touch {
        let (text, main_height) = columns(area, false, false);
        let fits_beside = text.saturating_sub(body_map::WIDTH + 2) >= MIN_TEXT_BESIDE_MAP
            && main_height >= body_map::HEIGHT;
        let map = match map {
            Some(MapPlace::Beside) if !fits_beside => Some(MapPlace::BehindButton),
            place => place,
        };
        return Some(lay_out(app, area, map, false));
    }
    let tries: &[(Option<MapPlace>, bool)] = match map {
        Some(MapPlace::Beside) => &[
            (Some(MapPlace::Beside), false),
            (Some(MapPlace::Beside), true),
            (Some(MapPlace::BehindButton), false),
            (Some(MapPlace::BehindButton), true),
        ],
        Some(place) => &[(Some(place), false), (Some(place), true)],
        None => &[(None, false), (None, true)],
    };
    let mut last = None;
    for (i, &(map, scroll_buttons)) in tries.iter().enumerate() {
        let beside = map == Some(MapPlace::Beside);
        if beside && !map_fits_beside(area, scroll_buttons) {
            continue;
        }
        let view = lay_out(app, area, map, scroll_buttons);
        let fits = if scroll_buttons {
            !view.hides_answers()
        } else {
            view.max_offset() == 0
        };
        if fits || i + 1 == tries.len() {
            return Some(view);
        }
        last = Some(view);
    }
    last
}

/// Whether the question's options name areas of the body map.
fn has_map(app: &App, choice: &Choice) -> bool {
    let question = app.session().questionnaire().question(choice.question);
    choice
        .offered
        .iter()
        .any(|o| question.options[o.0].body.is_some())
}

/// Whether the touch layout has room for the map beside a column of answers.
fn map_fits_beside(area: Rect, scroll_buttons: bool) -> bool {
    let (text, main_height) = columns(area, true, scroll_buttons);
    text.saturating_sub(body_map::WIDTH + 2) >= MIN_ANSWERS_BESIDE_MAP
        && main_height >= body_map::HEIGHT
}

/// The width of the text (and map) left of the scrollbar or the scroll buttons, and the
/// height between the progress bar and the message line.
fn columns(area: Rect, touch: bool, scroll_buttons: bool) -> (u16, u16) {
    let button_height = if touch { TOUCH_BUTTON_HEIGHT } else { 1 };
    let height = area.height - 2 - (2 + button_height);
    // One column of margin on the left; on the right a gap and the scrollbar, or a gap, the
    // scroll buttons and a margin.
    let right = if scroll_buttons {
        1 + SCROLL_BUTTON_WIDTH + 1
    } else {
        2
    };
    (area.width - 1 - right, height)
}

/// Lays the screen out with the body map (if any) at `map`, and with or without the touch
/// layout's scroll buttons.
fn lay_out(app: &App, area: Rect, map: Option<MapPlace>, scroll_buttons: bool) -> View {
    let theme = &app.config().theme;
    let q = app.session().questionnaire();
    let words = app.words();
    let touch = app.config().touch;
    let inner_x = area.x + 1;
    // Below the body: the message line, the buttons (one line, or a big box), the footer.
    let button_height = if touch { TOUCH_BUTTON_HEIGHT } else { 1 };
    let below = 2 + button_height;
    let (columns_width, main_height) = columns(area, touch, scroll_buttons);
    let main = Rect::new(inner_x, area.y + 2, columns_width, main_height);
    let message_area = Rect::new(inner_x, area.bottom() - below, area.width - 2, 1);
    let buttons_y = area.bottom() - 1 - button_height;
    let footer_area = Rect::new(inner_x, area.bottom() - 1, area.width - 2, 1);
    let text_width = if map == Some(MapPlace::Beside) {
        columns_width - body_map::WIDTH - 2
    } else {
        columns_width
    };
    let width = usize::from(text_width);

    let Content {
        header_right,
        progress,
        mut pinned,
        mut rows,
        help,
        options,
        selected,
        message,
        left_buttons,
        right_buttons,
        mut keys,
    } = match app.screen() {
        Screen::Welcome { .. } => screens::welcome(app, width),
        Screen::Question(choice) => screens::question(app, choice, width),
        Screen::Review { cursor, .. } => screens::review(app, *cursor, width),
        Screen::Result { .. } => screens::result(app, width),
    };

    // The urgency banner runs the width of the screen, unless something stands beside it.
    let pinned_width = if scroll_buttons || map == Some(MapPlace::Beside) {
        text_width
    } else {
        area.width - 2
    };
    let pinned_height = (pinned.len() as u16).min(main.height.saturating_sub(3));
    pinned.truncate(usize::from(pinned_height));
    let pinned_area = Rect::new(main.x, main.y, pinned_width, pinned_height);
    let mut body = Rect::new(
        main.x,
        main.y + pinned_height,
        text_width,
        main.height - pinned_height,
    );
    // The cue under the list takes a line wherever the list scrolls.
    let cue_area = scroll_buttons.then(|| {
        body.height = body.height.saturating_sub(1);
        Rect::new(body.x, body.bottom(), body.width, 1)
    });
    let mut map_view = None;
    if let Screen::Question(choice) = app.screen() {
        if map == Some(MapPlace::Open) {
            rows = Vec::new();
            map_view = Some(open_map(app, choice, body));
        } else if touch {
            rows = arrange(help, options, usize::from(body.height));
        }
        if map == Some(MapPlace::Beside) {
            let height = body_map::HEIGHT.min(main.height);
            let rect = Rect::new(body.right() + 2, main.y, body_map::WIDTH, height);
            map_view = Some(map_beside(app, choice, rect));
        }
    }
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
    let mut buttons = place_buttons(left_buttons, right_buttons, area, buttons_y, touch, words);
    let map_button = match map {
        Some(MapPlace::BehindButton) => Some(Button::ShowBodyMap),
        Some(MapPlace::Open) => Some(Button::ShowList),
        _ => None,
    };
    if let Some(button) = map_button {
        // After the buttons on the left, where it fits beside the others (`m` does it too).
        let height = if touch { TOUCH_BUTTON_HEIGHT } else { 1 };
        let width = button.width(touch, words);
        let x = buttons
            .iter()
            .filter(|(b, _)| left_buttons.contains(b))
            .map(|(_, r)| r.right() + 2)
            .max()
            .unwrap_or(inner_x);
        let end = buttons
            .iter()
            .filter(|(b, _)| right_buttons.contains(b))
            .map(|(_, r)| r.x.saturating_sub(2))
            .min()
            .unwrap_or(area.right() - 1);
        if x + width <= end {
            buttons.push((button, Rect::new(x, buttons_y, width, height)));
        }
        if !touch {
            keys.push(("m", words.tui.body_map_key.as_str()));
        }
    }
    let scrollbar = if scroll_buttons {
        // ▲ at the top, ▼ at the bottom, the scrollbar between them (in a window too short
        // for both, the scrollbar alone, and the cue and keys scroll).
        let x = area.right() - 1 - SCROLL_BUTTON_WIDTH;
        let bottom = main.bottom().saturating_sub(TOUCH_BUTTON_HEIGHT);
        let top = main.y + TOUCH_BUTTON_HEIGHT;
        if bottom >= top {
            let button = |y| Rect::new(x, y, SCROLL_BUTTON_WIDTH, TOUCH_BUTTON_HEIGHT);
            buttons.push((Button::ScrollUp, button(main.y)));
            buttons.push((Button::ScrollDown, button(bottom)));
            Rect::new(x + 2, top, 1, bottom - top)
        } else {
            Rect::new(x + 2, main.y, 1, main.height)
        }
    } else {
        Rect::new(area.right() - 1, body.y, 1, body.height)
    };
    let cue = cue_area.and_then(|at| cue(&rows, offset, height, words, theme, at));
    View {
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
        map: map_view,
        cue,
        map_place: map,
    }
}

/// The line under a scrolling list: what is out of view below (or, at the end, above), and
/// the scroll button a tap on it acts as.
fn cue(
    rows: &[Row],
    offset: usize,
    height: usize,
    words: &Words,
    theme: &super::theme::Theme,
    at: Rect,
) -> Option<(Rect, Line<'static>, Button)> {
    let tui = &words.tui;
    let answers = |rows: &[Row]| rows.iter().any(|r| r.item.is_some());
    let below = rows.get(offset + height..).unwrap_or_default();
    let above = &rows[..offset.min(rows.len())];
    let (arrow, text, button) = if !below.is_empty() {
        let text = if answers(below) {
            &tui.more_answers_below
        } else {
            &tui.more_below
        };
        ("▼", text, Button::ScrollDown)
    } else if !above.is_empty() {
        let text = if answers(above) {
            &tui.more_answers_above
        } else {
            &tui.more_above
        };
        ("▲", text, Button::ScrollUp)
    } else {
        return None;
    };
    let line = Line::from(Span::styled(
        format!("{arrow} {text} {arrow}"),
        theme.heading,
    ));
    Some((at, line, button))
}

/// The areas the question offers on the map, each with the place of its option and whether
/// it is ticked (or, for one choice, chosen).
fn map_areas(app: &App, choice: &Choice) -> Vec<MapArea> {
    let question = app.session().questionnaire().question(choice.question);
    choice
        .offered
        .iter()
        .enumerate()
        .filter_map(|(place, option)| {
            let area = question.options[option.0].body?;
            let ticked = match question.kind {
                QuestionKind::Multiple => choice.picked.get(place).copied().unwrap_or(false),
                _ => choice.chosen && choice.cursor == place,
            };
            Some(MapArea {
                area,
                place,
                ticked,
            })
        })
        .collect()
}

fn focused_area(areas: &[MapArea], choice: &Choice) -> Option<crate::content::body::BodyArea> {
    areas
        .iter()
        .find(|a| a.place == choice.cursor)
        .map(|a| a.area)
}

fn map_beside(app: &App, choice: &Choice, rect: Rect) -> MapView {
    let areas = map_areas(app, choice);
    MapView {
        rect,
        focused: focused_area(&areas, choice),
        areas,
        caption: Vec::new(),
        caption_area: Rect::default(),
    }
}

/// The map in place of the answers, with the answer under the cursor named under it.
fn open_map(app: &App, choice: &Choice, body: Rect) -> MapView {
    let areas = map_areas(app, choice);
    let question = app.session().questionnaire().question(choice.question);
    let width = body_map::WIDTH.min(body.width);
    let rect = Rect::new(
        body.x + (body.width - width) / 2,
        body.y,
        width,
        body_map::HEIGHT.min(body.height),
    );
    let caption_area = Rect::new(
        rect.x,
        rect.bottom(),
        body.right() - rect.x,
        body.bottom().saturating_sub(rect.bottom()),
    );
    let mut caption = Vec::new();
    if let Some(option) = choice.offered.get(choice.cursor) {
        let mark = match question.kind {
            QuestionKind::Multiple if choice.picked.get(choice.cursor) == Some(&true) => "[x]",
            QuestionKind::Multiple => "[ ]",
            _ if choice.chosen => "(•)",
            _ => "( )",
        };
        let label = &question.options[option.0].label;
        let mut rows = Vec::new();
        let width = usize::from(caption_area.width);
        item_rows(&mut rows, &format!("› {mark} "), label, width, 0);
        caption.extend(rows.into_iter().map(|row| row.line));
    }
    MapView {
        rect,
        focused: focused_area(&areas, choice),
        areas,
        caption,
        caption_area,
    }
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
