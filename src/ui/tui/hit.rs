//! What a click or a tap at a screen cell lands on: an option or entry of the scrolling part,
//! an area of the body map, or a button (of the screen, or of the box over it). Read from the
//! same layout the screen is drawn from (`layout`, `popups`); what the app does with a hit is `input`.

use ratatui::layout::{Position, Rect};

use super::app::{App, Overlay};
use super::button::Button;
use super::layout::{too_small, view};
use super::popups::{confirm_popup, save_popup};

/// What lies under a screen cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    /// An option of a question, or an entry of the review.
    Item(usize),
    Button(Button),
    /// An area of the body map: the option (its place among those offered) it stands for.
    BodyArea(usize),
}

/// What a click at `column`, `row` lands on.
pub fn hit(app: &App, area: Rect, column: u16, row: u16) -> Option<Hit> {
    let position = Position::new(column, row);
    if too_small(area) {
        return None;
    }
    match app.overlay() {
        Some(Overlay::Confirm(what)) => {
            let popup = confirm_popup(app, what, area);
            return popup
                .buttons
                .iter()
                .find(|(_, rect, _)| rect.contains(position))
                .map(|(button, _, _)| Hit::Button(*button));
        }
        Some(Overlay::Save) => {
            let popup = save_popup(app, area);
            return popup
                .buttons
                .iter()
                .find(|(_, rect)| rect.contains(position))
                .map(|(button, _)| Hit::Button(*button));
        }
        Some(Overlay::Help) | None => {}
    }
    let view = view(app, area)?;
    if let Some((button, _)) = view.buttons.iter().find(|(_, r)| r.contains(position)) {
        return Some(Hit::Button(*button));
    }
    if let Some(area) = view.map.as_ref().and_then(|map| map.area_at(position)) {
        return Some(Hit::BodyArea(area.place));
    }
    if let Some((_, _, button)) = view.cue.as_ref().filter(|(r, _, _)| r.contains(position)) {
        return Some(Hit::Button(*button));
    }
    if !view.body.contains(position) {
        return None;
    }
    let index = view.offset + usize::from(row - view.body.y);
    view.rows.get(index)?.item.map(Hit::Item)
}
