//! Drawing: `impl Widget for &App`, plus the geometry the app needs for clicks, scrolling and
//! the cursor. One function ([`view`]) lays a screen out; drawing, hit tests and the cursor
//! all read that one layout, so what is clicked is what was drawn.
//!
//! Every text shown here comes from data: the questionnaire's content, and the interface's own
//! words (buttons, headings, hints, key help) from the catalogue of its language
//! (`crate::content::words`). Only keys, arrows and brackets are written here.

use std::sync::{Mutex, PoisonError};

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

use super::app::{App, Choice, Overlay, Screen};
use super::theme::Theme;
use super::widgets::{
    YesNoPopup, centered, render_scrollbar, render_text_popup, set_line, set_stringn,
};
use crate::content::model::{QuestionKind, SCALE_MAX, SCALE_MIN};
use crate::content::words::{Words, fill};
use crate::output::result::{
    advice_heading, also_consider_line, get_help, raised, source_line, texts,
};
use crate::text::{display_width, wrap};
use crate::ui::screen::{Canvas, Changed, Drawn};

/// Narrowest window the screens are laid out for; below it a "please enlarge" note shows.
pub const MIN_WIDTH: u16 = 40;
/// Shortest window the screens are laid out for.
pub const MIN_HEIGHT: u16 = 12;

/// Something on screen that a click acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Button {
    Start,
    Back,
    Next,
    Help,
    Quit,
    SeeResult,
    Review,
    StartAgain,
    QuitYes,
    QuitNo,
    /// Touch layout: scroll the list or text up or down a page.
    ScrollUp,
    ScrollDown,
    /// Touch layout: done with the result.
    Finish,
    /// Touch layout: send the answers to reception.
    Send,
}

impl Button {
    /// The button's words, without the brackets and arrows drawn around them.
    fn words(self, words: &Words) -> &str {
        let buttons = &words.tui.buttons;
        match self {
            Button::ScrollUp => "▲",
            Button::ScrollDown => "▼",
            Button::Finish => &buttons.finish,
            Button::Send => &buttons.send,
            Button::Start => &buttons.start,
            Button::Back => &buttons.back,
            Button::Next => &buttons.next,
            Button::Help => &buttons.help,
            Button::Quit => &buttons.quit,
            Button::SeeResult => &buttons.see_result,
            Button::Review => &buttons.review,
            Button::StartAgain => &buttons.start_again,
            Button::QuitYes => &buttons.quit_yes,
            Button::QuitNo => &buttons.quit_no,
        }
    }

    /// The label of the one-line button: "[ Next ]", "[ y  Yes, quit ]".
    fn label(self, words: &Words) -> String {
        let text = self.words(words);
        match self {
            Button::QuitYes => format!("[ {}  {text} ]", words.common.yes_key()),
            Button::QuitNo => format!("[ {}  {text} ]", words.common.no_key()),
            _ => format!("[ {text} ]"),
        }
    }

    /// The words on the big touch button (drawn in a box, so without brackets).
    fn touch_label(self, words: &Words) -> String {
        let text = self.words(words);
        match self {
            Button::Back => format!("◀ {text}"),
            Button::Next | Button::SeeResult => format!("{text} ▶"),
            Button::Review => format!("◀ {}", words.tui.buttons.my_answers),
            _ => text.to_string(),
        }
    }

    /// How wide the button is drawn.
    fn width(self, touch: bool, words: &Words) -> u16 {
        if touch {
            display_width(&self.touch_label(words)) as u16 + 4
        } else {
            display_width(&self.label(words)) as u16
        }
    }
}

/// Height of a big touch button: a box with the label in the middle.
pub const TOUCH_BUTTON_HEIGHT: u16 = 3;

/// What lies under a screen cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// An option of a question, or an entry of the review.
    Item(usize),
    Button(Button),
}

/// One line of a screen's scrolling part, and the option or entry it belongs to.
struct Row {
    line: Line<'static>,
    item: Option<usize>,
}

/// A screen laid out for one area.
struct View {
    header_left: String,
    header_right: String,
    /// Answered and most still to come, for the progress bar.
    progress: Option<(usize, usize)>,
    /// Lines that stay put above the scrolling part (the result's urgency).
    pinned: Vec<Line<'static>>,
    pinned_area: Rect,
    rows: Vec<Row>,
    /// Where the scrolling part is drawn.
    body: Rect,
    scrollbar: Rect,
    offset: usize,
    selected: Option<usize>,
    message: Option<Line<'static>>,
    message_area: Rect,
    buttons: Vec<(Button, Rect)>,
    footer: Line<'static>,
    footer_area: Rect,
}

impl View {
    fn max_offset(&self) -> usize {
        self.rows
            .len()
            .saturating_sub(usize::from(self.body.height))
    }

    /// The screen row where `rows[index]` is drawn, if it is visible.
    fn screen_row(&self, index: usize) -> Option<u16> {
        let visible = index.checked_sub(self.offset)?;
        let visible = u16::try_from(visible).ok()?;
        (visible < self.body.height).then(|| self.body.y + visible)
    }
}

fn too_small(area: Rect) -> bool {
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

/// What a click at `column`, `row` lands on.
pub fn hit(app: &App, area: Rect, column: u16, row: u16) -> Option<Hit> {
    let position = Position::new(column, row);
    if too_small(area) {
        return None;
    }
    if app.overlay() == Some(Overlay::ConfirmQuit) {
        let popup = quit_popup(app, area);
        return popup
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
    let index = view.offset + usize::from(row - view.body.y);
    view.rows.get(index)?.item.map(Hit::Item)
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

/// The layout of the frame drawn last, kept to tell which rows the next frame changes. It
/// holds what is on the screen now, nothing more. (A mutex, not a cell, so that an app can be
/// shared between threads; drawing never contends for it.)
#[derive(Default)]
pub(crate) struct LastView(Mutex<Option<Shown>>);

/// A copy of an app draws to a screen of its own: it starts with no last frame.
impl Clone for LastView {
    fn clone(&self) -> LastView {
        LastView::default()
    }
}

impl std::fmt::Debug for LastView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LastView")
    }
}

/// A frame drawn without an overlay: its area, theme and layout. Drawing is a function of
/// these (and of the interface's words, fixed for an app), so a row laid out the same is
/// drawn the same.
struct Shown {
    area: Rect,
    theme: Theme,
    view: View,
}

/// [`draw_into`] on `canvas`, saying which rows may differ from the frame drawn before it
/// with the same `last`. When only some rows of the layout changed (a key that moves the
/// selection changes two) and the canvas holds the frame shown, only those rows are drawn.
pub(crate) fn draw_changed(app: &App, area: Rect, canvas: &mut Canvas, last: &LastView) -> Drawn {
    let view = view(app, area);
    let cursor = place_cursor(app, view.as_ref(), area);
    let theme = app.config().theme;
    let plain = app.overlay().is_none();
    let mut last = last.0.lock().unwrap_or_else(PoisonError::into_inner);
    let rows = match (last.as_ref(), view.as_ref()) {
        (Some(shown), Some(view)) if plain && shown.area == area && shown.theme == theme => {
            changed_rows(&shown.view, view)
        }
        _ => None,
    };
    let changed = match (&rows, view.as_ref()) {
        (Some(rows), Some(view)) => {
            let screen_rows = rows.iter().filter_map(|&i| view.screen_row(i)).collect();
            match canvas.shown() {
                Some(buffer) => {
                    for &i in rows {
                        render_row(view, i, &theme, buffer);
                    }
                }
                None => render(app, Some(view), area, canvas.blank()),
            }
            Changed::Rows(screen_rows)
        }
        _ => {
            render(app, view.as_ref(), area, canvas.blank());
            Changed::All
        }
    };
    *last = match view {
        Some(view) if plain => Some(Shown { area, theme, view }),
        _ => None,
    };
    Drawn { cursor, changed }
}

/// The rows (indices into `rows`) that `after` draws differently from `before`, both laid out
/// for one area; `None` unless the two differ only in the lines and highlights of some rows.
fn changed_rows(before: &View, after: &View) -> Option<Vec<usize>> {
    // Every field, so that a new one cannot be left out of the comparison.
    let View {
        header_left,
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
        footer,
        footer_area,
    } = after;
    let same_frame = *header_left == before.header_left
        && *header_right == before.header_right
        && *progress == before.progress
        && *pinned == before.pinned
        && *pinned_area == before.pinned_area
        && rows.len() == before.rows.len()
        && *body == before.body
        && *scrollbar == before.scrollbar
        && *offset == before.offset
        && *message == before.message
        && *message_area == before.message_area
        && *buttons == before.buttons
        && *footer == before.footer
        && *footer_area == before.footer_area;
    if !same_frame {
        return None;
    }
    let highlighted =
        |row: &Row, selected: Option<usize>| row.item.is_some() && row.item == selected;
    let changed = rows
        .iter()
        .zip(&before.rows)
        .enumerate()
        .filter(|(_, (row, old))| {
            row.line != old.line || highlighted(row, *selected) != highlighted(old, before.selected)
        })
        .map(|(i, _)| i)
        .collect();
    Some(changed)
}

/// [`cursor`] with the screen already laid out for `area`.
fn place_cursor(app: &App, view: Option<&View>, area: Rect) -> Option<Position> {
    if area.is_empty() {
        return None;
    }
    if too_small(area) {
        return Some(area.as_position());
    }
    match app.overlay() {
        Some(Overlay::ConfirmQuit) => {
            let popup = quit_popup(app, area);
            return Some(Position::new(popup.area.x + 2, popup.area.y + 2));
        }
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

impl Widget for &App<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        render(self, view(self, area).as_ref(), area, buf);
    }
}

/// Draws the app with the screen already laid out for `area`.
fn render(app: &App, view: Option<&View>, area: Rect, buf: &mut Buffer) {
    let theme = &app.config().theme;
    // An empty style changes no cell, but setting it visits every one: about a tenth of a
    // frame's time in the profile of a key and its redraw.
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
    render_view(view, app.words(), area, theme, buf);
    match app.overlay() {
        Some(Overlay::Help) => render_help(app, area, theme, buf),
        Some(Overlay::ConfirmQuit) => render_quit(app, area, theme, buf),
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

fn render_view(view: &View, words: &Words, area: Rect, theme: &Theme, buf: &mut Buffer) {
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

    for i in 0..view.rows.len() {
        draw_row(view, i, theme, buf);
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
fn draw_row(view: &View, i: usize, theme: &Theme, buf: &mut Buffer) {
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

/// Draws `view.rows[i]` again over the frame shown: blanks its cells in the body, as a new
/// frame has them (the theme's base style on blank cells), then draws the row as
/// [`render_view`] does. Nothing else is drawn on a row's cells in the body when there is no
/// overlay, so the row is then as a whole new frame would draw it.
fn render_row(view: &View, i: usize, theme: &Theme, buf: &mut Buffer) {
    let Some(y) = view.screen_row(i) else {
        return;
    };
    let cells = Rect::new(view.body.x, y, view.body.width, 1).intersection(buf.area);
    for x in cells.left()..cells.right() {
        if let Some(cell) = buf.cell_mut((x, y)) {
            cell.reset();
        }
    }
    if theme.base != Style::default() {
        buf.set_style(cells, theme.base);
    }
    draw_row(view, i, theme, buf);
}

/// Lays the current screen out in `area`; `None` when the area is below the minimum.
fn view(app: &App, area: Rect) -> Option<View> {
    if too_small(area) {
        return None;
    }
    let theme = &app.config().theme;
    let q = app.session().questionnaire();
    let words = app.words();
    let tui = &words.tui;
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

    let mut rows = Vec::new();
    let mut pinned = Vec::new();
    let mut progress = None;
    let mut message = None;
    let mut selected = None;
    let header_right;
    let (left_buttons, right_buttons): (&[Button], &[Button]);
    let keys: Vec<(&str, &str)>;
    let key = &tui.keys;
    let enter = words.common.enter_key.as_str();

    match app.screen() {
        Screen::Welcome { .. } => {
            header_right = tui.welcome.clone();
            heading(&mut rows, &q.meta.title, width, theme);
            blank(&mut rows);
            para(&mut rows, &q.meta.intro, width, theme.base);
            blank(&mut rows);
            para(&mut rows, &q.meta.disclaimer, width, theme.base);
            blank(&mut rows);
            // A safety net for questionnaires whose texts forget to say it.
            let common = &words.common;
            if !common.says_emergency(&q.meta.intro) && !common.says_emergency(&q.meta.disclaimer) {
                para(&mut rows, &common.emergency, width, theme.heading);
                blank(&mut rows);
            }
            heading(&mut rows, &tui.keys_heading, width, theme);
            for (key, action) in keys_all(words) {
                key_row(&mut rows, key, action, width, theme);
            }
            blank(&mut rows);
            para(&mut rows, &tui.mouse, width, theme.dim);
            left_buttons = &[Button::Quit];
            right_buttons = &[Button::Start];
            keys = vec![
                (enter, &key.start),
                ("↑↓", &key.scroll),
                ("?", &key.help),
                ("q", &key.quit),
            ];
        }
        Screen::Question(choice) => {
            let question = q.question(choice.question);
            let (answered, left) = app.session().progress();
            progress = Some((answered, left));
            header_right = fill(
                &words.common.question_of,
                &[
                    ("n", &(answered + 1).to_string()),
                    ("total", &(answered + left.max(1)).to_string()),
                ],
            );
            heading(&mut rows, &question.prompt, width, theme);
            let hint = if touch {
                touch_hint(words, question.kind)
            } else {
                hint(words, question.kind)
            };
            para(&mut rows, &hint, width, theme.dim);
            if let Some(help) = &question.help {
                blank(&mut rows);
                para(&mut rows, help, width, theme.dim);
            }
            blank(&mut rows);
            option_rows(&mut rows, app, choice, width);
            selected = Some(choice.cursor);
            message = choice
                .error
                .as_ref()
                .map(|error| Line::from(Span::styled(format!("! {error}"), theme.error)));
            left_buttons = if touch {
                &[Button::Back]
            } else {
                &[Button::Back, Button::Help, Button::Quit]
            };
            right_buttons = &[Button::Next];
            keys = if touch {
                keys_touch(words)
            } else {
                let pick = match question.kind {
                    QuestionKind::Single => ("1-9", &key.pick),
                    QuestionKind::YesNo => (words.common.yes_no_keys.as_str(), &key.pick),
                    QuestionKind::Multiple => (tui.key_names.space.as_str(), &key.tick),
                    QuestionKind::Scale => ("0-9", &key.pick),
                };
                vec![
                    ("↑↓", &key.move_),
                    (pick.0, pick.1),
                    (enter, &key.next),
                    ("←", &key.back),
                    ("?", &key.help),
                    ("q", &key.quit),
                ]
            };
        }
        Screen::Review { cursor, .. } => {
            header_right = tui.check_answers.clone();
            heading(&mut rows, &tui.your_answers, width, theme);
            let how = if touch {
                &tui.review_how_touch
            } else {
                &tui.review_how
            };
            para(&mut rows, how, width, theme.dim);
            blank(&mut rows);
            let session = app.session();
            for (i, visit) in session.trail().iter().enumerate() {
                let question = q.question(visit.question);
                let answer = session
                    .answer_to(visit.question)
                    .map(|a| session.describe(visit.question, a))
                    .unwrap_or_default();
                let pointer = if *cursor == i { "›" } else { " " };
                let text = format!("{}: {}", question.short, answer);
                if touch {
                    tall_item_rows(&mut rows, &format!("{pointer} "), &text, width, i);
                } else {
                    item_rows(&mut rows, &format!("{pointer} "), &text, width, i);
                }
            }
            let see = session.trail().len();
            if !touch {
                // The big See my result button stands for this entry in the touch layout.
                blank(&mut rows);
                let pointer = if *cursor == see { "›" } else { " " };
                item_rows(
                    &mut rows,
                    &format!("{pointer} "),
                    &tui.see_result,
                    width,
                    see,
                );
            }
            selected = Some(*cursor);
            left_buttons = if touch {
                &[Button::Back]
            } else {
                &[Button::Back, Button::Help, Button::Quit]
            };
            right_buttons = &[Button::SeeResult];
            keys = if touch {
                keys_touch(words)
            } else {
                vec![
                    ("↑↓", &key.move_),
                    (enter, &key.choose),
                    ("←", &key.back),
                    ("?", &key.help),
                    ("q", &key.quit),
                ]
            };
        }
        Screen::Result { .. } => {
            header_right = tui.your_result.clone();
            let result = &words.result;
            if let Some(assessment) = app.session().assessment() {
                let style = theme.urgency(assessment.urgency);
                for line in wrap(&assessment.disposition.heading, width.saturating_sub(2)) {
                    pinned.push(Line::from(format!(" {line}")).style(style));
                }
                let outcome = assessment.outcome;
                blank(&mut rows);
                if let Some(raised) = raised(&assessment, words) {
                    para(&mut rows, &raised, width, theme.base);
                    blank(&mut rows);
                }
                let shown = &assessment.shown;
                if !shown.until_seen.is_empty() {
                    heading(&mut rows, &result.until_seen, width, theme);
                    for item in texts(&shown.until_seen) {
                        bullet(&mut rows, item, width, theme.base);
                    }
                    blank(&mut rows);
                }
                heading(&mut rows, &outcome.title, width, theme);
                for (n, paragraph) in texts(&assessment.shown.explanation).enumerate() {
                    if n > 0 {
                        blank(&mut rows);
                    }
                    para(&mut rows, paragraph, width, theme.base);
                }
                // As in plain mode, no "why" heading without a sign under it.
                if !assessment.why.is_empty() {
                    section(&mut rows, &result.why, width, theme);
                    for sign in &assessment.why {
                        bullet(&mut rows, sign, width, theme.base);
                    }
                }
                if !assessment.also_consider.is_empty() {
                    section(&mut rows, &result.also_consider, width, theme);
                    for fit in &assessment.also_consider {
                        let text = also_consider_line(fit, words);
                        bullet(&mut rows, &text, width, theme.base);
                    }
                }
                if !shown.advice.is_empty() {
                    let advice = advice_heading(&assessment, words);
                    section(&mut rows, advice, width, theme);
                    for advice in texts(&shown.advice) {
                        bullet(&mut rows, advice, width, theme.base);
                    }
                }
                if !shown.avoid.is_empty() {
                    section(&mut rows, &result.avoid, width, theme);
                    for avoid in texts(&shown.avoid) {
                        bullet(&mut rows, avoid, width, theme.base);
                    }
                }
                section(&mut rows, &result.get_help, width, theme);
                let help = get_help(&assessment);
                for (n, paragraph) in help.when.iter().enumerate() {
                    if n > 0 {
                        blank(&mut rows);
                    }
                    para(&mut rows, paragraph, width, theme.base);
                }
                if !help.sooner_if.is_empty() {
                    blank(&mut rows);
                    para(&mut rows, &result.sooner_if, width, theme.base);
                    for item in &help.sooner_if {
                        bullet(&mut rows, item, width, theme.base);
                    }
                }
                for paragraph in &help.safety_net {
                    blank(&mut rows);
                    para(&mut rows, paragraph, width, theme.base);
                }
                section(&mut rows, &result.sources, width, theme);
                for source in &assessment.sources {
                    bullet(&mut rows, &source_line(source, words), width, theme.base);
                }
                blank(&mut rows);
                para(&mut rows, &q.meta.disclaimer, width, theme.heading);
            }
            if touch {
                left_buttons = &[Button::Review];
                right_buttons = if app.config().handoff {
                    &[Button::Send, Button::Finish]
                } else {
                    &[Button::Finish]
                };
                let mut touch_keys = vec![("↑↓", key.scroll.as_str()), ("←", &key.my_answers)];
                if app.config().handoff {
                    touch_keys.push(("s", &key.send));
                }
                touch_keys.push((enter, &key.finish));
                keys = touch_keys;
            } else {
                left_buttons = &[Button::Review, Button::StartAgain, Button::Quit];
                right_buttons = &[];
                keys = vec![
                    (&tui.key_names.scroll, &key.scroll),
                    ("r", &key.review),
                    ("s", &key.start_again),
                    ("q", &key.quit),
                ];
            }
        }
    }

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

/// A big touch target: a box in the button style with the label in the middle.
pub fn render_big_button(label: &str, rect: Rect, style: Style, buf: &mut Buffer) {
    buf.set_style(rect, style);
    Block::new()
        .borders(Borders::ALL)
        .style(style)
        .render(rect, buf);
    let width = display_width(label) as u16;
    let x = rect.x + rect.width.saturating_sub(width) / 2;
    let y = rect.y + rect.height / 2;
    buf.set_stringn(
        x,
        y,
        label,
        usize::from(rect.width.saturating_sub(2)),
        style,
    );
}

fn touch_hint(words: &Words, kind: QuestionKind) -> String {
    let tui = &words.tui;
    match kind {
        QuestionKind::Single | QuestionKind::YesNo => tui.touch_hint_single.clone(),
        QuestionKind::Multiple => tui.touch_hint_multiple.clone(),
        QuestionKind::Scale => scale_range(&tui.touch_hint_scale),
    }
}

fn hint(words: &Words, kind: QuestionKind) -> String {
    let tui = &words.tui;
    match kind {
        QuestionKind::Single => tui.hint_single.clone(),
        QuestionKind::YesNo => tui.hint_yes_no.clone(),
        QuestionKind::Multiple => tui.hint_multiple.clone(),
        QuestionKind::Scale => scale_range(&tui.hint_scale),
    }
}

/// `template` with the scale's ends in its `{min}` and `{max}`.
fn scale_range(template: &str) -> String {
    let (min, max) = (SCALE_MIN.to_string(), SCALE_MAX.to_string());
    fill(template, &[("min", &min), ("max", &max)])
}

fn option_rows(rows: &mut Vec<Row>, app: &App, choice: &Choice, width: usize) {
    let question = app.session().questionnaire().question(choice.question);
    let item_rows = if app.config().touch {
        tall_item_rows
    } else {
        item_rows
    };
    let pointer = |i: usize| if choice.cursor == i { "›" } else { " " };
    let radio = |i: usize| {
        if choice.chosen && choice.cursor == i {
            "(•)"
        } else {
            "( )"
        }
    };
    match question.kind {
        QuestionKind::Scale => {
            for value in SCALE_MIN..=SCALE_MAX {
                let i = usize::from(value);
                let label = match &question.scale_labels {
                    Some((low, _)) if value == SCALE_MIN => low.clone(),
                    Some((_, high)) if value == SCALE_MAX => high.clone(),
                    _ => String::new(),
                };
                let prefix = format!("{} {} {value:>2}  ", pointer(i), radio(i));
                item_rows(rows, &prefix, &label, width, i);
            }
        }
        kind => {
            let offered = choice.offered.iter().map(|o| &question.options[o.0]);
            for (i, option) in offered.enumerate() {
                let mark = if kind == QuestionKind::Multiple {
                    if choice.picked.get(i).copied().unwrap_or(false) {
                        "[x]"
                    } else {
                        "[ ]"
                    }
                } else {
                    radio(i)
                };
                let number = if i < 9 {
                    format!("{}.", i + 1)
                } else {
                    "  ".to_string()
                };
                let prefix = format!("{} {mark} {number} ", pointer(i));
                item_rows(rows, &prefix, &option.label, width, i);
            }
        }
    }
}

/// [`item_rows`] with a blank line above and below that belong to the entry too, so that a
/// finger has at least three lines to hit.
fn tall_item_rows(rows: &mut Vec<Row>, prefix: &str, text: &str, width: usize, item: usize) {
    let blank = || Row {
        line: Line::default(),
        item: Some(item),
    };
    rows.push(blank());
    item_rows(rows, prefix, text, width, item);
    rows.push(blank());
}

/// A prefixed entry, its text wrapped under itself (a hanging indent).
fn item_rows(rows: &mut Vec<Row>, prefix: &str, text: &str, width: usize, item: usize) {
    let indent = display_width(prefix);
    let lines = wrap(text, width.saturating_sub(indent).max(1));
    for (i, line) in lines.into_iter().enumerate() {
        let lead = if i == 0 {
            prefix.to_string()
        } else {
            " ".repeat(indent)
        };
        rows.push(Row {
            line: Line::from(format!("{lead}{line}")),
            item: Some(item),
        });
    }
}

fn blank(rows: &mut Vec<Row>) {
    rows.push(Row {
        line: Line::default(),
        item: None,
    });
}

fn para(rows: &mut Vec<Row>, text: &str, width: usize, style: Style) {
    for line in wrap(text, width) {
        rows.push(Row {
            line: Line::from(Span::styled(line, style)),
            item: None,
        });
    }
}

fn heading(rows: &mut Vec<Row>, text: &str, width: usize, theme: &Theme) {
    para(rows, text, width, theme.heading);
}

fn section(rows: &mut Vec<Row>, title: &str, width: usize, theme: &Theme) {
    blank(rows);
    heading(rows, title, width, theme);
}

fn bullet(rows: &mut Vec<Row>, text: &str, width: usize, style: Style) {
    for (i, line) in wrap(text, width.saturating_sub(2).max(1))
        .into_iter()
        .enumerate()
    {
        let lead = if i == 0 { "• " } else { "  " };
        rows.push(Row {
            line: Line::from(Span::styled(format!("{lead}{line}"), style)),
            item: None,
        });
    }
}

fn key_row(rows: &mut Vec<Row>, key: &str, action: &str, width: usize, theme: &Theme) {
    const KEY_COLUMN: usize = 16;
    let pad = KEY_COLUMN.saturating_sub(display_width(key));
    // A key name too long for its column (a translation's) has a line of its own.
    let alone = pad == 0;
    if alone {
        rows.push(Row {
            line: Line::from(vec![
                Span::raw("  "),
                Span::styled(key.to_string(), theme.key),
            ]),
            item: None,
        });
    }
    for (i, line) in wrap(action, width.saturating_sub(KEY_COLUMN + 2).max(1))
        .into_iter()
        .enumerate()
    {
        let line = if i == 0 && !alone {
            Line::from(vec![
                Span::raw("  "),
                Span::styled(key.to_string(), theme.key),
                Span::raw(" ".repeat(pad)),
                Span::raw(line),
            ])
        } else {
            Line::from(format!("{}{line}", " ".repeat(KEY_COLUMN + 2)))
        };
        rows.push(Row { line, item: None });
    }
}

/// Every key, for the welcome and the help box of a question.
fn keys_all(words: &Words) -> Vec<(&str, &str)> {
    let (key, help) = (&words.tui.keys, &words.tui.help);
    vec![
        ("↑ ↓  j k", &key.move_),
        ("1-9", &help.pick),
        (&words.tui.key_names.space, &help.tick),
        (&words.common.enter_key, &help.confirm),
        (&words.tui.key_names.back, &help.back),
        ("?", &key.help),
        ("q", &help.quit),
    ]
}

/// The footer of the touch layout's questions and review.
fn keys_touch(words: &Words) -> Vec<(&str, &str)> {
    let key = &words.tui.keys;
    vec![
        (words.tui.key_names.tap.as_str(), key.choose.as_str()),
        ("↑↓", &key.move_),
        (&words.common.enter_key, &key.next),
    ]
}

/// The full key list for the help popup of the current screen.
fn help_keys<'w>(app: &App, words: &'w Words) -> Vec<(&'w str, &'w str)> {
    let (key, help, names) = (&words.tui.keys, &words.tui.help, &words.tui.key_names);
    match app.screen() {
        Screen::Welcome { .. } | Screen::Question(_) => keys_all(words),
        Screen::Review { .. } => vec![
            ("↑ ↓  j k", &key.move_),
            (&words.common.enter_key, &help.change),
            (&names.back, &help.back_to_question),
            ("q", &help.quit_asks),
        ],
        Screen::Result { .. } => vec![
            ("↑ ↓  j k", &help.scroll_line),
            (&names.page, &help.scroll_page),
            ("r ← b", &help.back_to_answers),
            ("s", &key.start_again),
            ("q", &help.quit_asks),
        ],
    }
}

/// The help popup's area and lines.
fn help_popup(app: &App, area: Rect) -> (Rect, Vec<Line<'static>>) {
    let theme = &app.config().theme;
    let words = app.words();
    let outer_width = area.width.saturating_sub(4).min(70);
    let width = usize::from(outer_width.saturating_sub(4)).max(1);
    let mut rows = Vec::new();
    if let Screen::Question(choice) = app.screen() {
        let question = app.session().questionnaire().question(choice.question);
        if let Some(help) = &question.help {
            para(&mut rows, help, width, theme.popup);
            blank(&mut rows);
        }
    }
    for (key, action) in help_keys(app, words) {
        key_row(&mut rows, key, action, width, theme);
    }
    blank(&mut rows);
    para(&mut rows, &words.tui.mouse, width, theme.popup);
    blank(&mut rows);
    para(&mut rows, &words.tui.help_close, width, theme.popup);
    let lines: Vec<Line<'static>> = rows.into_iter().map(|r| r.line).collect();
    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
    (centered(area, outer_width, height), lines)
}

fn render_help(app: &App, area: Rect, theme: &Theme, buf: &mut Buffer) {
    let (popup, lines) = help_popup(app, area);
    let title = format!(" {} ", app.words().tui.help_title);
    render_text_popup(popup, &title, &lines, theme, buf);
}

fn quit_popup(app: &App, area: Rect) -> YesNoPopup<Button> {
    let tui = &app.words().tui;
    let mut paragraphs = vec![tui.quit_question.as_str()];
    if app.session().assessment().is_none() {
        paragraphs.push(&tui.quit_lost);
    }
    let yes = Button::QuitYes.label(app.words());
    let no = Button::QuitNo.label(app.words());
    YesNoPopup::new(
        area,
        50,
        &paragraphs,
        (Button::QuitYes, &yes),
        (Button::QuitNo, &no),
    )
}

fn render_quit(app: &App, area: Rect, theme: &Theme, buf: &mut Buffer) {
    let title = format!(" {} ", app.words().tui.quit_title);
    quit_popup(app, area).render(&title, theme, buf);
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
