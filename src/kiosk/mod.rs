//! Kiosk mode's state: one patient after another on an unattended reception screen. Wraps the
//! TUI's [`App`] (in its touch layout) with the kiosk's own screens (welcome in block letters,
//! "All done", the hand-off code), the idle warning and wipe, and the staff exit by PIN.
//!
//! No terminal, file or clock here: the loop in `tui/mod.rs` feeds events and `Instant`s in,
//! clears the terminal when [`Kiosk::take_wipe`] says so, and does the sending to reception
//! when [`Kiosk::take_send`] asks for it.

mod draw;
pub mod font;

use std::time::{Duration, Instant};

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};

use crate::config::{ExitKey, KioskSettings};
use crate::pin::PinHash;
use crate::questionnaire::Questionnaire;
use crate::session::Session;
use crate::tui::app::Request;
use crate::tui::{App, Config, Screen};

/// How long the PIN prompt waits for the next digit before it closes by itself.
pub const PIN_TIMEOUT: Duration = Duration::from_secs(30);
/// Wrong PINs allowed before each further one locks the prompt.
pub const FREE_PIN_TRIES: u32 = 3;
/// The first lockout; each further wrong PIN doubles it, up to [`MAX_LOCKOUT`].
pub const FIRST_LOCKOUT: Duration = Duration::from_secs(30);
/// The longest lockout.
pub const MAX_LOCKOUT: Duration = Duration::from_secs(15 * 60);
/// Digits a PIN can have at most (as `pin::check_new_pin` allows).
const PIN_MAX_DIGITS: usize = 12;

/// Which kiosk screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// The patient's session: the kiosk welcome while the app is on its welcome, otherwise
    /// the app's question, review and result screens.
    Patient,
    /// "All done. Please let reception know." The session is already gone.
    AllDone,
    /// The hand-off code to give at the desk. The session is already gone.
    Code(String),
}

/// The staff PIN prompt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinPrompt {
    /// The digits typed so far (drawn as dots).
    pub digits: String,
}

/// Kiosk mode's settings that the state needs.
#[derive(Debug, Clone)]
pub struct KioskConfig {
    /// Timeouts and the exit key.
    pub settings: KioskSettings,
    /// The staff PIN's hash (kiosk mode does not start without one).
    pub pin: PinHash,
    /// A spool folder is set, so the result offers sending the answers to reception.
    pub handoff: bool,
    /// The TUI's look (theme); the touch layout and no quit keys are set here.
    pub tui: Config,
}

/// The kiosk around one patient's [`App`] at a time.
#[derive(Debug, Clone)]
pub struct Kiosk<'q> {
    questionnaire: &'q Questionnaire,
    idle: Duration,
    warning: Duration,
    result: Duration,
    exit_key: ExitKey,
    pin_hash: PinHash,
    app_config: Config,
    app: App<'q>,
    phase: Phase,
    /// Seconds left on the idle warning while it shows.
    countdown: Option<u64>,
    pin: Option<PinPrompt>,
    failures: u32,
    locked_until: Option<Instant>,
    /// Seconds of lockout left, as last drawn.
    lockout_left: Option<u64>,
    /// Why sending to reception failed, shown until dismissed.
    send_error: Option<String>,
    send_requested: bool,
    wipe_pending: bool,
    running: bool,
    size: (u16, u16),
    /// The latest time a tick brought.
    now: Option<Instant>,
    input_pending: bool,
    last_input: Option<Instant>,
}

impl<'q> Kiosk<'q> {
    /// A kiosk on its welcome screen.
    pub fn new(questionnaire: &'q Questionnaire, config: KioskConfig) -> Kiosk<'q> {
        let app_config = Config {
            quit_keys: false,
            touch: true,
            handoff: config.handoff,
            ..config.tui
        };
        Kiosk {
            questionnaire,
            idle: config.settings.idle,
            warning: config.settings.warning,
            result: config.settings.result,
            exit_key: config.settings.exit_key,
            pin_hash: config.pin,
            app_config,
            app: App::new(questionnaire, app_config),
            phase: Phase::Patient,
            countdown: None,
            pin: None,
            failures: 0,
            locked_until: None,
            lockout_left: None,
            send_error: None,
            send_requested: false,
            wipe_pending: false,
            running: true,
            size: (80, 24),
            now: None,
            input_pending: false,
            last_input: None,
        }
    }

    /// The current patient's app (questions, review, result).
    pub fn app(&self) -> &App<'q> {
        &self.app
    }

    /// The current patient's answers.
    pub fn session(&self) -> &Session<'q> {
        self.app.session()
    }

    /// Which kiosk screen shows.
    pub fn phase(&self) -> &Phase {
        &self.phase
    }

    /// True while the kiosk welcome ("Touch the screen or press any key to start") shows.
    pub fn on_welcome(&self) -> bool {
        self.phase == Phase::Patient && matches!(self.app.screen(), Screen::Welcome { .. })
    }

    /// Seconds left before the wipe while the idle warning shows.
    pub fn countdown(&self) -> Option<u64> {
        self.countdown
    }

    /// The staff PIN prompt, if open.
    pub fn pin_prompt(&self) -> Option<&PinPrompt> {
        self.pin.as_ref()
    }

    /// Seconds until another PIN may be tried, while locked out (as of the last tick).
    pub fn lockout_left(&self) -> Option<u64> {
        self.lockout_left
    }

    /// Why the last send to reception failed, while that message shows.
    pub fn send_error(&self) -> Option<&str> {
        self.send_error.as_deref()
    }

    /// Wrong PINs since the kiosk started.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// False once staff have left with the right PIN.
    pub fn is_running(&self) -> bool {
        self.running
    }

    /// The terminal area last told about.
    pub fn area(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    /// True once after the session was wiped: the loop clears the screen and scrollback.
    pub fn take_wipe(&mut self) -> bool {
        std::mem::take(&mut self.wipe_pending)
    }

    /// True once after the patient pressed "Send my answers to reception" on a result: the
    /// loop sends [`Kiosk::session`]'s assessment and reports back with [`Kiosk::sent`].
    pub fn take_send(&mut self) -> bool {
        std::mem::take(&mut self.send_requested)
    }

    /// How sending went: the code to show, or why it failed (the session is kept then, so
    /// the patient can try again or tell reception).
    pub fn sent(&mut self, result: Result<String, String>) {
        match result {
            Ok(code) => {
                self.wipe();
                self.phase = Phase::Code(code);
            }
            Err(why) => self.send_error = Some(why),
        }
    }

    /// Where the terminal cursor goes, if shown.
    pub fn cursor_position(&self, area: Rect) -> Option<Position> {
        draw::cursor(self, area)
    }

    /// Passes one terminal event on. Returns true if the screen needs drawing again.
    pub fn handle_event(&mut self, event: &Event) -> bool {
        match event {
            Event::Key(key) => self.handle_key(*key),
            Event::Mouse(mouse) => self.handle_mouse(*mouse),
            Event::Resize(width, height) => self.resize(*width, *height),
            _ => false,
        }
    }

    /// The terminal changed size.
    pub fn resize(&mut self, width: u16, height: u16) -> bool {
        self.size = (width, height);
        self.app.resize(width, height);
        true
    }

    /// One key press. Returns true if the screen needs drawing again.
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        if key.kind == KeyEventKind::Release {
            return false;
        }
        self.input_pending = true;
        if self.pin.is_some() {
            return self.pin_key(key.code);
        }
        let ExitKey::F(n) = self.exit_key;
        if key.code == KeyCode::F(n) {
            self.pin = Some(PinPrompt {
                digits: String::new(),
            });
            self.countdown = None;
            return true;
        }
        // Any key answers "are you still there?" and does nothing else.
        if self.countdown.take().is_some() || self.send_error.take().is_some() {
            return true;
        }
        // Ctrl+C, Ctrl+Z, Ctrl+\, Ctrl+D and the like arrive as keys in raw mode; none may
        // leave or change anything. Esc closes nothing here either.
        if key.modifiers.contains(KeyModifiers::CONTROL) || key.code == KeyCode::Esc {
            return false;
        }
        match self.phase {
            Phase::AllDone => {
                self.wipe();
                true
            }
            Phase::Code(_) => {
                if key.code == KeyCode::Enter {
                    self.phase = Phase::AllDone;
                    return true;
                }
                false
            }
            Phase::Patient if self.on_welcome() => self.app.begin(),
            Phase::Patient => {
                let changed = self.app.handle_key(key);
                self.after_app_event() || changed
            }
        }
    }

    /// One mouse event (a tap arrives as a left press). Returns true if the screen needs
    /// drawing again.
    pub fn handle_mouse(&mut self, mouse: MouseEvent) -> bool {
        let press = matches!(mouse.kind, MouseEventKind::Down(_));
        let wheel = matches!(
            mouse.kind,
            MouseEventKind::ScrollUp | MouseEventKind::ScrollDown
        );
        if !press && !wheel {
            return false;
        }
        self.input_pending = true;
        if self.pin.is_some() {
            // A tap outside the keyboard-only prompt closes it.
            if press {
                self.pin = None;
                return true;
            }
            return false;
        }
        if self.countdown.take().is_some() || (press && self.send_error.take().is_some()) {
            return true;
        }
        if self.send_error.is_some() {
            return false;
        }
        match &self.phase {
            Phase::AllDone if press => {
                self.wipe();
                true
            }
            Phase::Code(_) if press => {
                let finish = draw::code_finish_button(self.area());
                if finish.contains(Position::new(mouse.column, mouse.row)) {
                    self.phase = Phase::AllDone;
                    return true;
                }
                false
            }
            Phase::AllDone | Phase::Code(_) => false,
            Phase::Patient if self.on_welcome() => {
                press && mouse.kind == MouseEventKind::Down(MouseButton::Left) && self.app.begin()
            }
            Phase::Patient => {
                let changed = self.app.handle_mouse(mouse);
                self.after_app_event() || changed
            }
        }
    }

    /// Time passes: the idle warning, its countdown, the wipe, the result timeout, the PIN
    /// prompt's timeout and lockout. `now` is the only clock the kiosk sees. Returns true if
    /// the screen needs drawing again.
    pub fn on_tick(&mut self, now: Instant) -> bool {
        self.now = Some(now);
        self.app.on_tick(now);
        if self.input_pending || self.last_input.is_none() {
            self.last_input = Some(now);
            self.input_pending = false;
        }
        let idle = self
            .last_input
            .map_or(Duration::ZERO, |last| now.saturating_duration_since(last));
        let lockout_left = self
            .locked_until
            .filter(|until| *until > now)
            .map(|until| ceil_seconds(until - now));
        let mut changed = lockout_left != self.lockout_left;
        self.lockout_left = lockout_left;
        if self.pin.is_some() {
            if idle >= PIN_TIMEOUT {
                self.pin = None;
                return true;
            }
            return changed;
        }
        let patient_screen = self.phase == Phase::Patient;
        let asking = patient_screen
            && matches!(
                self.app.screen(),
                Screen::Question(_) | Screen::Review { .. }
            );
        if asking && idle >= self.idle {
            let left = (self.idle + self.warning).saturating_sub(idle);
            if left.is_zero() {
                self.wipe();
                return true;
            }
            let seconds = Some(ceil_seconds(left));
            changed |= self.countdown != seconds;
            self.countdown = seconds;
            return changed;
        }
        let finished = !patient_screen || matches!(self.app.screen(), Screen::Result { .. });
        if finished && !self.on_welcome() && idle >= self.result {
            self.wipe();
            return true;
        }
        changed
    }

    fn pin_key(&mut self, code: KeyCode) -> bool {
        let Some(prompt) = &mut self.pin else {
            return false;
        };
        if self.lockout_left.is_some() {
            // Locked: the prompt only says how long; any key closes it.
            self.pin = None;
            return true;
        }
        match code {
            KeyCode::Char(digit @ '0'..='9') if prompt.digits.len() < PIN_MAX_DIGITS => {
                prompt.digits.push(digit);
                true
            }
            KeyCode::Backspace => prompt.digits.pop().is_some(),
            KeyCode::Esc => {
                self.pin = None;
                true
            }
            KeyCode::Enter => {
                let typed = std::mem::take(&mut prompt.digits);
                self.pin = None;
                if self.pin_hash.matches(&typed) {
                    self.running = false;
                } else {
                    self.wrong_pin();
                }
                true
            }
            _ => false,
        }
    }

    /// Counts a wrong PIN; from the fourth on, each locks the prompt for twice as long.
    fn wrong_pin(&mut self) {
        self.failures = self.failures.saturating_add(1);
        let Some(beyond) = self.failures.checked_sub(FREE_PIN_TRIES) else {
            return;
        };
        let lockout = FIRST_LOCKOUT
            .saturating_mul(1 << beyond.min(10))
            .min(MAX_LOCKOUT);
        if let Some(now) = self.now {
            self.locked_until = Some(now + lockout);
            self.lockout_left = Some(lockout.as_secs());
        }
    }

    /// Acts on what the app asked for, and wipes when it went back to its welcome.
    fn after_app_event(&mut self) -> bool {
        match self.app.take_request() {
            Some(Request::Finish) => {
                self.wipe();
                self.phase = Phase::AllDone;
                return true;
            }
            Some(Request::Send) => {
                self.send_requested = self.session().assessment().is_some();
            }
            None => {}
        }
        // Back from the first question: the welcome belongs to the next person.
        if matches!(self.app.screen(), Screen::Welcome { .. }) {
            self.wipe();
            return true;
        }
        false
    }

    /// Drops the session and everything shown of it, and asks the loop to clear the screen
    /// and the scrollback. The kiosk welcome follows.
    fn wipe(&mut self) {
        self.app = App::new(self.questionnaire, self.app_config);
        self.app.resize(self.size.0, self.size.1);
        self.phase = Phase::Patient;
        self.countdown = None;
        self.send_error = None;
        self.send_requested = false;
        self.wipe_pending = true;
    }
}

fn ceil_seconds(duration: Duration) -> u64 {
    duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
}
