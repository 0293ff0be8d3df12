//! The terminal UI: the one loop that owns the terminal (setup, restore, signals, events,
//! drawing). The state lives in [`app`], the drawing in [`draw`], the styles in [`theme`].
//!
//! The terminal is restored on every way out: a normal quit, an error, a panic (a panic hook)
//! and SIGTERM, SIGHUP or SIGINT (flags checked by the loop between polls).

#![warn(missing_docs)]

pub mod app;
mod draw;
pub mod theme;

use std::fmt;
use std::io::{self, Stdout, stdout};
use std::sync::Arc;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::Context;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use signal_hook::SigId;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

pub use app::{App, Choice, Config, Overlay, Screen};
pub use draw::{MIN_HEIGHT, MIN_WIDTH};
pub use theme::{Theme, ThemeName};

use crate::questionnaire::Questionnaire;
use crate::session::Session;

/// How long the loop waits for an event before it checks the signal flags and ticks.
const POLL: Duration = Duration::from_millis(100);

/// Runs the questionnaire in the terminal until the person quits.
///
/// Returns the session if it ended at a result (so that files can be written after the
/// terminal is restored), `None` if the person quit before one. A SIGTERM, SIGHUP or SIGINT
/// ends the run with an [`Interrupted`] error, after the terminal is restored.
pub fn run<'q>(
    questionnaire: &'q Questionnaire,
    config: Config,
) -> anyhow::Result<Option<Session<'q>>> {
    let signals = Signals::register().context("listening for signals")?;
    let mut terminal = TerminalGuard::enter().context("setting up the terminal")?;
    let mut app = App::new(questionnaire, config);
    let size = terminal
        .terminal
        .size()
        .context("reading the terminal size")?;
    app.resize(size.width, size.height);
    let mut dirty = true;
    loop {
        if let Some(signal) = signals.caught() {
            return Err(Interrupted { signal }.into());
        }
        if dirty {
            terminal
                .terminal
                .draw(|frame| {
                    let area = frame.area();
                    frame.render_widget(&app, area);
                    if let Some(position) = app.cursor_position(area) {
                        frame.set_cursor_position(position);
                    }
                })
                .context("drawing")?;
            dirty = false;
        }
        // One draw per batch: take every event that is already waiting, then draw once.
        if event::poll(POLL).context("waiting for input")? {
            loop {
                let event = event::read().context("reading input")?;
                dirty |= app.handle_event(&event);
                if !app.is_running() || !event::poll(Duration::ZERO).context("reading input")? {
                    break;
                }
            }
        }
        dirty |= app.on_tick(Instant::now());
        if !app.is_running() {
            break;
        }
    }
    drop(terminal);
    Ok(app.into_finished())
}

/// The run was stopped by a signal. The terminal has been restored by the time this is seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interrupted {
    /// The signal number (SIGTERM, SIGHUP or SIGINT).
    pub signal: i32,
}

impl Interrupted {
    /// The exit status a shell expects after this signal: 128 + the signal number.
    pub fn exit_code(self) -> u8 {
        u8::try_from(128 + self.signal).unwrap_or(1)
    }

    /// The signal's name, such as "SIGTERM".
    pub fn name(self) -> &'static str {
        match self.signal {
            SIGTERM => "SIGTERM",
            SIGHUP => "SIGHUP",
            SIGINT => "SIGINT",
            _ => "a signal",
        }
    }
}

impl fmt::Display for Interrupted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "stopped by {}", self.name())
    }
}

impl std::error::Error for Interrupted {}

/// Flags set by SIGTERM, SIGHUP and SIGINT while the TUI runs.
struct Signals {
    flags: Vec<(i32, Arc<AtomicBool>)>,
    ids: Vec<SigId>,
}

impl Signals {
    fn register() -> io::Result<Signals> {
        let mut signals = Signals {
            flags: Vec::new(),
            ids: Vec::new(),
        };
        for signal in [SIGTERM, SIGHUP, SIGINT] {
            let flag = Arc::new(AtomicBool::new(false));
            // A second signal of the same kind, while the first has not been handled, means the
            // loop is stuck: end at once. This must be registered before the flag is set.
            let status = 128 + signal;
            signals
                .ids
                .push(signal_hook::flag::register_conditional_shutdown(
                    signal,
                    status,
                    Arc::clone(&flag),
                )?);
            signals
                .ids
                .push(signal_hook::flag::register(signal, Arc::clone(&flag))?);
            signals.flags.push((signal, flag));
        }
        Ok(signals)
    }

    fn caught(&self) -> Option<i32> {
        self.flags
            .iter()
            .find(|(_, flag)| flag.load(Ordering::SeqCst))
            .map(|(signal, _)| *signal)
    }
}

impl Drop for Signals {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// Whether the terminal is in TUI mode, so that the panic hook restores it only then.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static PANIC_HOOK: Once = Once::new();

/// The terminal in raw mode, on the alternate screen, with mouse capture; restored on drop.
struct TerminalGuard {
    terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl TerminalGuard {
    fn enter() -> io::Result<TerminalGuard> {
        PANIC_HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                restore();
                previous(info);
            }));
        });
        ACTIVE.store(true, Ordering::SeqCst);
        let entered = enable_raw_mode()
            .and_then(|()| execute!(stdout(), EnterAlternateScreen, EnableMouseCapture))
            .and_then(|()| Terminal::new(CrosstermBackend::new(stdout())));
        match entered {
            Ok(terminal) => Ok(TerminalGuard { terminal }),
            Err(err) => {
                restore();
                Err(err)
            }
        }
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back as it was: mouse reporting off, main screen, cursor shown, cooked
/// mode. Errors are ignored: after a hangup there is no terminal left to restore.
fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let _ = execute!(stdout(), DisableMouseCapture, LeaveAlternateScreen, Show);
    let _ = disable_raw_mode();
}
