//! The terminal UI: the one loop that owns the terminal (setup, restore, signals, events,
//! drawing). The state lives in `app`, the drawing in `draw`, the styles in `theme`.
//!
//! The terminal is restored on every way out: a normal quit, an error, a panic (a panic hook)
//! and SIGTERM, SIGHUP or SIGINT (recorded by a watcher thread and checked by the loop between
//! polls; the watcher restores and exits by itself if the loop is stuck).

#![warn(missing_docs)]

pub mod app;
mod draw;
pub mod theme;

use std::cell::RefCell;
use std::fmt;
use std::fs::OpenOptions;
use std::io::{self, Write, stdout};
use std::rc::Rc;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::{Arc, Once, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::Event;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use signal_hook::SigId;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};

pub use app::{App, Choice, Config, Overlay, Screen};
pub use draw::{MIN_HEIGHT, MIN_WIDTH, draw_frame};
pub use theme::{Theme, ThemeName};

use crate::questionnaire::Questionnaire;
use crate::session::Session;

/// How long the loop waits for an event before it checks the signal flags and ticks.
const POLL: Duration = Duration::from_millis(100);

/// How long the signal watcher gives the loop to notice a signal and restore the terminal
/// before it does so itself and ends the process.
const GRACE: Duration = Duration::from_secs(1);

/// Runs the questionnaire in the terminal until the person quits.
///
/// Returns the session if it ended at a result (so that files can be written after the
/// terminal is restored), `None` if the person quit before one. A SIGTERM, SIGHUP or SIGINT
/// ends the run with an [`Interrupted`] error, after the terminal is restored. Should the loop
/// be stuck when a signal comes (crossterm can spin inside its poll once the terminal has gone
/// away), the signal watcher restores what it can and exits the process with 128 + signal.
pub fn run<'q>(
    questionnaire: &'q Questionnaire,
    config: Config,
) -> anyhow::Result<Option<Session<'q>>> {
    let signals = Signals::register().context("listening for signals")?;
    let mut terminal = TerminalGuard::enter().context("setting up the terminal")?;
    let mut app = App::new(questionnaire, config);
    let TerminalGuard {
        terminal: screen,
        frame,
    } = &mut terminal;
    let result = event_loop(screen, frame, &mut app, &signals);
    drop(terminal);
    // After a hangup drawing fails too; the signal is the better explanation.
    if let Some(signal) = signals.caught() {
        return Err(Interrupted { signal }.into());
    }
    result?;
    Ok(app.into_finished())
}

/// Polls, handles every waiting event, ticks, and draws once per batch if anything changed;
/// each frame reaches the terminal in one write. Returns when the person quits or a signal is
/// caught.
fn event_loop(
    terminal: &mut Terminal<CrosstermBackend<FrameWriter>>,
    frame: &FrameWriter,
    app: &mut App,
    signals: &Signals,
) -> anyhow::Result<()> {
    let size = terminal.get_frame().area();
    app.resize(size.width, size.height);
    let mut dirty = true;
    while signals.caught().is_none() {
        if dirty {
            terminal
                .draw(|frame| {
                    // Tests only (the `fault-injection` feature): a panic or a hang mid-frame.
                    crate::fault::point("panic-draw");
                    crate::fault::point("stall-draw");
                    draw::draw_frame(app, frame);
                })
                .context("drawing")?;
            frame.send().context("drawing")?;
            dirty = false;
        }
        if event::poll(POLL).context("waiting for input")? {
            loop {
                let event = event::read().context("reading input")?;
                if let Event::Resize(width, height) = event {
                    // The viewport is fixed (so a frame does not ask the terminal its size):
                    // it changes here, and the next frame is drawn whole.
                    terminal
                        .resize(Rect::new(0, 0, width, height))
                        .context("resizing")?;
                }
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
    Ok(())
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

/// SIGTERM, SIGHUP and SIGINT while the TUI runs: a watcher thread records the signal for
/// the loop, and restores the terminal itself if the loop has not finished within [`GRACE`].
struct Signals {
    /// The signal caught, or 0.
    caught: Arc<AtomicI32>,
    handle: signal_hook::iterator::Handle,
    /// Dropped when the run is over, which tells the watcher to stand down.
    done: Option<mpsc::Sender<()>>,
    watcher: Option<thread::JoinHandle<()>>,
    /// The one-shot "a second signal ends the process at once" registrations.
    ids: Vec<SigId>,
}

impl Signals {
    fn register() -> io::Result<Signals> {
        const HANDLED: [i32; 3] = [SIGTERM, SIGHUP, SIGINT];
        // A second signal while the first is being handled ends the process at once. These
        // must be registered before the watcher's own handlers.
        let armed = Arc::new(AtomicBool::new(false));
        let mut ids = Vec::new();
        for signal in HANDLED {
            ids.push(signal_hook::flag::register_conditional_shutdown(
                signal,
                128 + signal,
                Arc::clone(&armed),
            )?);
        }
        let mut incoming = signal_hook::iterator::Signals::new(HANDLED)?;
        let handle = incoming.handle();
        let caught = Arc::new(AtomicI32::new(0));
        let (done, finished) = mpsc::channel::<()>();
        let flag = Arc::clone(&caught);
        let watcher = thread::Builder::new()
            .name("painpath-signals".into())
            .spawn(move || {
                let Some(signal) = incoming.forever().next() else {
                    return;
                };
                armed.store(true, Ordering::SeqCst);
                flag.store(signal, Ordering::SeqCst);
                if let Err(mpsc::RecvTimeoutError::Timeout) = finished.recv_timeout(GRACE) {
                    restore_via_tty();
                    let _ = writeln!(io::stderr(), "painpath: {}", Interrupted { signal });
                    std::process::exit(128 + signal);
                }
            })?;
        Ok(Signals {
            caught,
            handle,
            done: Some(done),
            watcher: Some(watcher),
            ids,
        })
    }

    fn caught(&self) -> Option<i32> {
        match self.caught.load(Ordering::SeqCst) {
            0 => None,
            signal => Some(signal),
        }
    }
}

impl Drop for Signals {
    fn drop(&mut self) {
        drop(self.done.take());
        self.handle.close();
        if let Some(watcher) = self.watcher.take() {
            let _ = watcher.join();
        }
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
    terminal: Terminal<CrosstermBackend<FrameWriter>>,
    frame: FrameWriter,
}

/// Collects a frame's bytes so that it reaches the terminal in one write and one flush.
///
/// Written straight to stdout, a frame would go out in pieces: stdout buffers 1 KiB, and
/// ratatui's crossterm backend flushes again after showing and after placing the cursor, so a
/// terminal could show half a frame. Here `flush` keeps the bytes and [`FrameWriter::send`]
/// writes them. The buffer keeps its capacity, so frames after the first allocate nothing.
#[derive(Clone, Default)]
struct FrameWriter {
    frame: Rc<RefCell<Vec<u8>>>,
}

impl FrameWriter {
    /// Writes the frame collected so far to stdout, and flushes it.
    fn send(&self) -> io::Result<()> {
        let mut frame = self.frame.borrow_mut();
        if frame.is_empty() {
            return Ok(());
        }
        let mut out = stdout().lock();
        let sent = out.write_all(&frame).and_then(|()| out.flush());
        frame.clear();
        sent
    }
}

impl Write for FrameWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.frame.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    /// Keeps the bytes: the loop sends the frame once it is complete.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
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
        let frame = FrameWriter::default();
        let entered = enable_raw_mode()
            .and_then(|()| execute!(stdout(), EnterAlternateScreen, EnableMouseCapture))
            .and_then(|()| {
                let backend = CrosstermBackend::new(frame.clone());
                let size = backend.size()?;
                // Fixed, not fullscreen: a fullscreen viewport asks the terminal its size before
                // every frame (crossterm opens /dev/tty for that); the loop resizes it instead.
                let viewport = Viewport::Fixed(Rect::new(0, 0, size.width, size.height));
                Terminal::with_options(backend, TerminalOptions { viewport })
            });
        match entered {
            Ok(terminal) => Ok(TerminalGuard { terminal, frame }),
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

/// [`restore`] for the signal watcher: the loop's thread may hold the stdout lock (stuck in a
/// write), so this writes to the terminal through a file of its own.
fn restore_via_tty() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    if let Ok(mut tty) = OpenOptions::new().write(true).open("/dev/tty") {
        let _ = execute!(tty, DisableMouseCapture, LeaveAlternateScreen, Show);
    }
    let _ = disable_raw_mode();
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
