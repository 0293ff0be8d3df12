//! Drawing only the rows a frame changed: the questionnaire's speed shortcut, fenced in this
//! module (the plain way is `render`, which draws every cell). The loop keeps the layout of the
//! frame drawn last ([`LastFrame`], the app's `Interactive::Memory`); [`draw`] lays the new
//! frame out and compares the two. When they differ only in some rows of the body (a key that
//! moves the selection changes two), it draws just those rows over a copy of the frame the
//! terminal shows (`Canvas::shown`) and names them (`Changed::Rows`), so that the screen
//! compares only those rows. Anything else (another screen, a scroll, a box over the screen, a
//! resize, another theme) draws and compares the whole frame.
//!
//! **The rule it rests on.** With no box over the screen, a cell of the body is drawn only by
//! `render::draw_row`, for the row it is in, from that row's line, whether the row is
//! selected, and the theme. Everything else a frame draws (`render::render_surround`: header,
//! progress bar, pinned lines, scrollbar, message, buttons, footer) lies outside the body and
//! is drawn from the parts of the layout [`changed_rows`] compares. So a row laid out the same
//! is drawn the same, and a row drawn again over the frame shown is what a whole new frame
//! would draw there. The test below fails when anything else draws on a cell of the body or a
//! row draws off the body; the comparison names every field of the layout, so a new part
//! cannot be left out of it.
//!
//! The shortcut is held to the plain way by the property test
//! `drawing_only_the_changed_rows_shows_what_drawing_every_cell_shows` (tests/screens/tui_properties.rs):
//! after random input, drawn both ways, the terminal must show the same. To take it out, delete
//! this file and its `mod` line, and in its one call site, `impl Interactive for App`
//! (`tui/mod.rs`), make `Memory` `()` and draw the whole frame with `render::draw_into` on
//! `canvas.blank()`, as the inbox does.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::app::App;
use super::layout::{View, view};
use super::render::{draw_row, place_cursor, render};
use super::rows::Row;
use super::theme::Theme;
use crate::ui::screen::{Canvas, Changed, Drawn};

/// What the loop keeps between the questionnaire's frames: the layout of the frame drawn last,
/// to tell which rows the next one changes. It holds what is on the screen now, nothing more.
#[derive(Default)]
pub struct LastFrame(Option<Shown>);

/// A frame drawn without an overlay: its area, theme and layout. Drawing is a function of
/// these (and of the interface's words, fixed for an app), so a row laid out the same is
/// drawn the same.
struct Shown {
    area: Rect,
    theme: Theme,
    view: View,
}

/// Draws the app on `canvas` for `area`, saying which rows may differ from the frame drawn
/// before it with the same `last`. When only some rows of the layout changed and the canvas
/// holds the frame shown, only those rows are drawn.
pub(super) fn draw(app: &App, area: Rect, canvas: &mut Canvas, last: &mut LastFrame) -> Drawn {
    let view = view(app, area);
    let cursor = place_cursor(app, view.as_ref(), area);
    let theme = app.config().theme;
    let plain = app.overlay().is_none();
    let rows = match (last.0.as_ref(), view.as_ref()) {
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
    last.0 = match view {
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

/// Draws `view.rows[i]` again over the frame shown: blanks its cells in the body, as a new
/// frame has them (the theme's base style on blank cells), then draws the row as a whole frame
/// does. By the rule above, the row is then as a whole new frame would draw it.
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use ratatui::buffer::Cell;
    use ratatui::crossterm::event::{
        Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
    };
    use ratatui::style::Color;

    use super::*;
    use crate::content::model::Questionnaire;
    use crate::ui::tui::render::render_surround;
    use crate::ui::tui::{Config, ThemeName};

    fn small() -> Questionnaire {
        let text = include_str!("../../../tests/fixtures/small.toml");
        match crate::content::validate::load("small.toml", text) {
            Ok(q) => q,
            Err(err) => panic!("{err}"),
        }
    }

    fn built_in() -> Questionnaire {
        match crate::default_questionnaire() {
            Ok(q) => q,
            Err(err) => panic!("{err}"),
        }
    }

    /// A cell no drawing writes: any drawing on it shows.
    fn marked() -> Cell {
        let mut cell = Cell::new("¤");
        cell.set_fg(Color::Indexed(13));
        cell
    }

    /// The cells of `buf` a drawing changed from [`marked`], as positions.
    fn drawn(buf: &Buffer) -> Vec<(u16, u16)> {
        let area = buf.area;
        let mark = marked();
        (area.top()..area.bottom())
            .flat_map(|y| (area.left()..area.right()).map(move |x| (x, y)))
            .filter(|&(x, y)| buf[(x, y)] != mark)
            .collect()
    }

    /// One input: a key, a click or a wheel turn somewhere, or a resize.
    fn event() -> impl Strategy<Value = Event> {
        let keys = prop::sample::select(
            [
                KeyCode::Up,
                KeyCode::Down,
                KeyCode::Left,
                KeyCode::End,
                KeyCode::PageDown,
                KeyCode::Enter,
                KeyCode::Char(' '),
                KeyCode::Char('1'),
                KeyCode::Char('2'),
                KeyCode::Char('3'),
                KeyCode::Char('n'),
                KeyCode::Char('r'),
                KeyCode::Char('j'),
            ]
            .to_vec(),
        );
        let mouse = prop::sample::select(
            [
                MouseEventKind::Down(MouseButton::Left),
                MouseEventKind::ScrollDown,
                MouseEventKind::ScrollUp,
            ]
            .to_vec(),
        );
        prop_oneof![
            6 => keys.prop_map(|code| Event::Key(KeyEvent::new(code, KeyModifiers::NONE))),
            3 => (mouse, 0u16..200, 0u16..60).prop_map(|(kind, column, row)| {
                Event::Mouse(MouseEvent { kind, column, row, modifiers: KeyModifiers::NONE })
            }),
            1 => (1u16..=200, 1u16..=60).prop_map(|(w, h)| Event::Resize(w, h)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The rule of this module: on every screen reached by random input, at any size, in
        /// either layout and theme, nothing but the body's rows draws on the body, and the
        /// rows draw nowhere else.
        #[test]
        fn only_the_rows_draw_on_the_body_and_nowhere_else(
            built_in_questions in any::<bool>(),
            touch in any::<bool>(),
            high_contrast in any::<bool>(),
            events in prop::collection::vec(event(), 1..40),
        ) {
            let q = if built_in_questions { built_in() } else { small() };
            let theme = if high_contrast { ThemeName::HighContrast } else { ThemeName::Standard };
            let config = Config { theme: Theme::new(theme, true), touch, ..Config::default() };
            let mut app = App::new(&q, config);
            for event in &events {
                app.handle_event(event);
                if app.overlay().is_some() {
                    // A box over the screen: the whole frame is drawn, as `draw` does.
                    continue;
                }
                let area = app.area();
                let Some(view) = view(&app, area) else {
                    continue;
                };
                let mark = marked();
                let mut surround = Buffer::filled(area, mark.clone());
                render_surround(&view, app.words(), area, &app.config().theme, &mut surround);
                let on_body: Vec<_> = drawn(&surround)
                    .into_iter()
                    .filter(|&(x, y)| view.body.contains((x, y).into()))
                    .collect();
                prop_assert!(on_body.is_empty(), "drawn on the body: {:?}", on_body);
                let mut rows = Buffer::filled(area, mark);
                for i in 0..view.rows.len() {
                    draw_row(&view, i, &app.config().theme, &mut rows);
                }
                let off_body: Vec<_> = drawn(&rows)
                    .into_iter()
                    .filter(|&(x, y)| !view.body.contains((x, y).into()))
                    .collect();
                prop_assert!(off_body.is_empty(), "rows drawn off the body: {:?}", off_body);
            }
        }
    }
}
