//! The reception inbox (`painpath inbox DIR`): a full-screen list of the hand-offs in the
//! spool folder, most urgent rung first (emergencies on top), newest first within a rung, each
//! opened to its summary and marked done. The terminal is `crate::ui::terminal`, shared with
//! the questionnaire's TUI. Here:
//!
//! - `app`: the state ([`App`]: the folder as last read, the selection, the open summary);
//!   `disk`: the folder work (looks, reading a summary, marking done), done on a worker thread
//!   so that a folder that stops answering never freezes the keys; `watch`: the notifications
//!   of changes in the folder; `input`: how keys, clicks and resizes change the state.
//! - `document`: an open summary's Markdown parsed into a document, laid out to a width and
//!   drawn as styled lines (headings, emphasis, lists, quotes, rules).
//! - `rows`: the lines of the list; `layout`: where each screen's parts go; `popups`: the
//!   boxes over a screen; `hit`: what a click lands on.
//! - `render`: drawing a layout into a buffer, and the cursor.
//!
//! No file imports one that imports it back. `document` uses nothing of the inbox; `disk` uses
//! `watch` (and `app`'s constants); `app` uses `disk` and `document`; `rows`, `layout`, `popups` and `hit` read `app`; `render` draws
//! what `layout` laid out; `input` uses `app`, `layout` and `hit`, and nothing that draws.

#![warn(missing_docs)]

pub mod app;
mod disk;
mod document;
mod hit;
mod input;
mod layout;
mod popups;
mod render;
mod rows;
mod watch;

use std::path::Path;
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, bail};
use ratatui::crossterm::event::Event;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

pub use app::{
    App, Config, NOT_ANSWERING, Overlay, RACY, RESCAN, REVALIDATE, Screen, Status, Summary,
    WORKING_AFTER, Watching, clean,
};
pub use document::{Document, LaidOut};
pub use rows::urgency_word;

use crate::handoff::new_file;
use crate::ui::terminal::{self, Interactive};
use ratatui::buffer::Buffer;
use ratatui::layout::Position;

/// Temporary files older than this are left over from a writer that was killed; the inbox
/// removes them when it starts.
pub const STALE_TEMP_AGE: Duration = Duration::from_secs(60 * 60);

/// Checks the folder, removes stale temporary files from it, reads it, starts watching it
/// (notifications, or polling: see [`App::start_watching`]) and runs the inbox until the
/// person quits. A missing or unreadable folder is an error before the terminal is touched.
pub fn run(dir: &Path, config: Config) -> anyhow::Result<()> {
    let mut app = prepare_within(dir, config, START_GRACE)?;
    // The first read and the watch are the worker's too: a folder that stops answering right
    // away must not keep the screen, `q` or a signal waiting.
    app.work_in_background();
    app.on_tick(Instant::now());
    app.start_watching();
    terminal::run(&mut app)
}

/// How long [`run`] waits for the folder's checks at start before it starts the inbox anyway.
pub const START_GRACE: Duration = Duration::from_millis(500);

/// [`prepare`] on a thread of its own, waited for up to `grace`: a folder that answers is
/// checked before the terminal as always, but one that does not (a frozen share) is not
/// waited for: the inbox starts on it all the same, says so, and its worker then finds the
/// folder not answering while `q` and the signals work.
fn prepare_within(dir: &Path, config: Config, grace: Duration) -> anyhow::Result<App> {
    let (tell, told) = std::sync::mpsc::channel();
    let folder = dir.to_path_buf();
    let spawned = std::thread::Builder::new()
        .name("painpath-inbox-start".into())
        .spawn(move || {
            let _ = tell.send(prepare(&folder, config, SystemTime::now()));
        });
    if spawned.is_err() {
        return prepare(dir, config, SystemTime::now());
    }
    match told.recv_timeout(grace) {
        Ok(prepared) => prepared,
        Err(_) => {
            let mut app = App::new(dir, config);
            app.set_status(
                "The folder did not answer at start; old temporary files were not cleaned up.",
                true,
            );
            Ok(app)
        }
    }
}

/// Everything [`run`] does before the terminal: the folder must exist and be readable, and
/// stale temporary files are cleaned out (what was removed shows on the message line).
pub fn prepare(dir: &Path, config: Config, now: SystemTime) -> anyhow::Result<App> {
    // Tests only (the `fault-injection` feature): a folder that does not answer at start.
    crate::fault::point("stall-inbox-start");
    if !dir.is_dir() {
        bail!(
            "the spool folder {} does not exist or is not a folder",
            dir.display()
        );
    }
    std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
    let mut app = App::new(dir, config);
    match new_file::remove_stale_temps(dir, STALE_TEMP_AGE, now) {
        Ok(removed) if removed.is_empty() => {}
        Ok(removed) => app.set_status(
            &format!(
                "Removed {} half-written temporary file(s) older than an hour.",
                removed.len()
            ),
            false,
        ),
        Err(err) => app.set_status(
            &format!("Could not remove old temporary files: {err:#}"),
            true,
        ),
    }
    Ok(app)
}

impl Interactive for App {
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
        self.render(area, buffer);
        self.cursor_position(area)
    }
}
