//! The kiosk's run: the shared terminal loop driving a [`Kiosk`], which also clears the
//! screen and scrollback when the kiosk wipes a session and sends a finished session to
//! reception when asked (reading the clock and writing the files here, not in the kiosk's
//! logic).

use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use ratatui::Frame;
use ratatui::crossterm::event::Event;

use super::{Kiosk, KioskConfig};
use crate::content::model::Questionnaire;
use crate::handoff::spool;
use crate::ui::terminal::{self, Interactive, Interrupted, Term};

/// The exit status when staff leave kiosk mode with the exit key and the PIN. Not 0, so that
/// a supervisor can tell it from SIGTERM or SIGHUP (status 0, restart) and leave the kiosk
/// stopped: the systemd unit lists it in `SuccessExitStatus=` and `RestartPreventExitStatus=`.
pub const STAFF_EXIT_STATUS: u8 = 10;

/// How a kiosk run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KioskEnd {
    /// Staff left with the exit key and the right PIN.
    Staff,
    /// A signal stopped it; the terminal has been restored.
    Signal(Interrupted),
}

impl KioskEnd {
    /// The exit status: [`STAFF_EXIT_STATUS`] for staff, 0 for SIGTERM or SIGHUP (a
    /// supervisor starts the kiosk again), 128 + signal for any other signal.
    pub fn exit_code(self) -> u8 {
        match self {
            KioskEnd::Staff => STAFF_EXIT_STATUS,
            KioskEnd::Signal(interrupted) => interrupted.kiosk_exit_code(),
        }
    }
}

/// Runs kiosk mode until staff leave with the PIN or a signal comes. With `spool`, a finished
/// session can be sent to reception there.
pub fn run_kiosk(
    questionnaire: &Questionnaire,
    config: KioskConfig,
    spool: Option<&Path>,
) -> anyhow::Result<KioskEnd> {
    let mut kiosk = KioskRun {
        kiosk: Kiosk::new(questionnaire, config),
        questionnaire,
        spool,
    };
    match terminal::run_kiosk(&mut kiosk)? {
        Some(interrupted) => Ok(KioskEnd::Signal(interrupted)),
        None => Ok(KioskEnd::Staff),
    }
}

/// The kiosk and what the loop needs to serve it.
struct KioskRun<'a, 'q> {
    kiosk: Kiosk<'q>,
    questionnaire: &'q Questionnaire,
    spool: Option<&'a Path>,
}

impl Interactive for KioskRun<'_, '_> {
    fn handle_event(&mut self, event: &Event) -> bool {
        self.kiosk.handle_event(event)
    }

    fn on_tick(&mut self, now: Instant) -> bool {
        self.kiosk.on_tick(now)
    }

    fn resize(&mut self, width: u16, height: u16) -> bool {
        self.kiosk.resize(width, height)
    }

    fn is_running(&self) -> bool {
        self.kiosk.is_running()
    }

    fn draw(&self, frame: &mut Frame<'_>) {
        let area = frame.area();
        frame.render_widget(&self.kiosk, area);
        if let Some(position) = self.kiosk.cursor_position(area) {
            frame.set_cursor_position(position);
        }
    }

    fn service(&mut self, terminal: &mut Term) -> anyhow::Result<bool> {
        let mut redraw = false;
        if self.kiosk.take_send() {
            let result = match (self.spool, self.kiosk.session().assessment()) {
                (Some(dir), Some(assessment)) => {
                    // The clock is read here, in the loop, not in the kiosk's logic.
                    let at = time::OffsetDateTime::now_utc();
                    spool::send(dir, self.questionnaire, &assessment, at)
                        .map(|handoff| handoff.code)
                        .map_err(|err| format!("{err:#}"))
                }
                _ => Err("there is no reception folder to send to".to_string()),
            };
            self.kiosk.sent(result);
            redraw = true;
        }
        if self.kiosk.take_wipe() {
            terminal::wipe_screen(terminal).context("clearing the screen")?;
            redraw = true;
        }
        Ok(redraw)
    }
}
