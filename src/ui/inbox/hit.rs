//! What a click at a screen cell of the inbox lands on: an item of the list, or a button (of
//! the screen, or of the "mark done?" box over it). Read from the same layout the screen is
//! drawn from (`layout`, `popups`); what the app does with a hit is `input`.

use ratatui::layout::{Position, Rect};

use super::app::{App, Overlay};
use super::layout::{Button, too_small, view};
use super::popups::confirm_popup;

/// What lies under a screen cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// An item of the list, by index: an entry, or after the entries a file not listed.
    Entry(usize),
    Button(Button),
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
