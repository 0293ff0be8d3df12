//! The terminal UI of the questionnaire. The terminal itself (setup, restore, signals, mouse
//! reporting, the event loop) is `crate::ui::terminal`, shared with kiosk mode and the
//! reception inbox. Here:
//!
//! - `app`: the state ([`App`]: the session, the screen and its selection, the box over it)
//!   and the engine calls that move it along; `input`: how keys, clicks and time make them.
//! - `screens`: what each screen shows, built of `rows` and `button`s; `layout`: where it all
//!   goes in a window; `popups`: the boxes over a screen; `hit`: what a click lands on.
//! - `render`: drawing a layout into a buffer, and the cursor.
//! - `theme`: the styles; `widgets`: drawing pieces shared with the kiosk and the inbox.
//!
//! No file imports one that imports it back. `app` uses only `theme`; `screens`, `layout`,
//! `popups` and `hit` read `app`; `render` draws what `layout` laid out;
//! `input` uses `app`, `layout` and `hit`, and nothing that draws.
//!
//! Kiosk mode (`crate::ui::kiosk`) wraps [`App`]; nothing here knows of it.

#![warn(missing_docs)]

pub mod app;
mod body_map;
pub(crate) mod button;
mod fit;
pub(crate) mod hit;
mod input;
mod layout;
mod popups;
mod render;
mod rows;
mod screens;
pub mod theme;
pub(crate) mod widgets;

use std::time::Instant;

use ratatui::crossterm::event::Event;
use ratatui::layout::Rect;

pub use app::{App, Choice, Config, Confirm, Finished, Overlay, Request, SaveBox, Screen};
pub use layout::{MIN_HEIGHT, MIN_WIDTH};
pub use render::draw_frame;
pub use theme::{Theme, ThemeName};

use crate::content::model::Questionnaire;
use crate::ui::keep::Keeper;
use crate::ui::terminal::{self, Interactive};
pub use crate::ui::terminal::{Interrupted, MOUSE_OFF, MOUSE_ON};
use ratatui::buffer::Buffer;
use ratatui::layout::Position;

/// Runs the questionnaire in the terminal until the person quits.
///
/// Returns the session if it ended at a result (so that files can be written after the
/// terminal is restored), with whether the person asked for its full summary to be printed;
/// `None` if the person quit before one. A SIGTERM, SIGHUP or SIGINT
/// ends the run with an [`Interrupted`] error, after the terminal is restored. Should the loop
/// be stuck when a signal comes (crossterm can spin inside its poll once the terminal has gone
/// away), the signal watcher restores what it can and exits the process with 128 + signal.
pub fn run<'q>(
    questionnaire: &'q Questionnaire,
    config: Config,
    keeper: Option<&'q Keeper<'q>>,
) -> anyhow::Result<Option<Finished<'q>>> {
    let mut app = App::new(questionnaire, config);
    if let Some(keeper) = keeper {
        app = app.with_keeper(keeper);
    }
    terminal::run(&mut app)?;
    Ok(app.into_finished())
}

impl Interactive for App<'_> {
    fn handle_event(&mut self, event: &Event) -> bool {
        App::handle_event(self, event)
    }

    fn on_tick(&mut self, now: Instant) -> bool {
        App::on_tick(self, now)
    }

    fn resize(&mut self, width: u16, height: u16) -> bool {
        App::resize(self, width, height)
    }

    fn is_running(&self) -> bool {
        App::is_running(self)
    }

    fn draw(&self, area: Rect, buffer: &mut Buffer) -> Option<Position> {
        render::draw_into(self, area, buffer)
    }
}
