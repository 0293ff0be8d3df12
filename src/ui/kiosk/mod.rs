//! Kiosk mode's state: one patient after another on an unattended reception screen. Wraps the
//! TUI's [`App`] (in its touch layout) with the kiosk's own screens (welcome in block letters,
//! "All done", the hand-off code), the idle warning and wipe, and the staff exit by PIN.
//!
//! No terminal, file or clock here: the loop in `run.rs` feeds events and `Instant`s in,
//! clears the terminal when [`Kiosk::take_wipe`] says so, and does the sending to reception
//! when [`Kiosk::take_send`] asks for it (on a worker thread: "Sending…" shows meanwhile,
//! the timers and the staff exit go on, and [`Kiosk::sent`] brings the outcome).

/// The config file: kiosk settings.
pub mod config;
mod draw;
pub mod font;
/// The staff PIN lockout kept across restarts (the file work, done by the binary).
pub mod lockout;
/// The staff PIN: hashing and checking.
pub mod pin;
mod run;

pub use run::{KioskEnd, SPOOL_CHECK_GRACE, STAFF_EXIT_STATUS, SpoolCheck, run_kiosk};

use std::time::{Duration, Instant};

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};

use crate::content::model::Questionnaire;
use crate::engine::session::Session;
use crate::ui::kiosk::config::{ExitKey, KioskSettings};
use crate::ui::kiosk::lockout::{Lockout, PinLockout};
use crate::ui::kiosk::pin::PinHash;
use crate::ui::tui::app::Request;
use crate::ui::tui::{App, Config, Screen};

/// How long the PIN prompt waits for the next digit before it closes by itself.
pub const PIN_TIMEOUT: Duration = Duration::from_secs(30);
/// Wrong PINs allowed before each further one locks the prompt.
pub const FREE_PIN_TRIES: u32 = 3;
/// The first lockout; each further wrong PIN doubles it, up to [`MAX_LOCKOUT`].
pub const FIRST_LOCKOUT: Duration = Duration::from_secs(30);
/// The longest lockout.
pub const MAX_LOCKOUT: Duration = Duration::from_secs(15 * 60);
/// Digits a PIN can have at most (as `pin::check_new_pin` allows).
const PIN_MAX_DIGITS: usize = pin::MAX_PIN_DIGITS;

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
    /// The questionnaire in each language the welcome offers, the clinic's own at `home`.
    languages: &'q [Questionnaire],
    home: usize,
    /// The language of the current patient's session: an index into `languages`.
    language: usize,
    /// The language the closing screens ("All done", the hand-off code) speak: the patient's
    /// who just finished, though the session (and its language) is already gone.
    closing_language: usize,
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
    /// A lockout read at start (or made before the first tick), to begin at the first tick.
    lock_pending: Option<Duration>,
    /// Where each change to the lockout is reported, to be kept across restarts.
    lockout_updates: PinLockout,
    /// Seconds of lockout left, as last drawn.
    lockout_left: Option<u64>,
    /// Why sending to reception failed, shown until dismissed.
    send_error: Option<String>,
    send_requested: bool,
    /// A send to reception is under way: "Sending…" shows and the patient's keys wait.
    sending: bool,
    wipe_pending: bool,
    running: bool,
    size: (u16, u16),
    /// The latest time a tick brought.
    now: Option<Instant>,
    input_pending: bool,
    last_input: Option<Instant>,
}

impl<'q> Kiosk<'q> {
    /// A kiosk on its welcome screen, in one language.
    pub fn new(questionnaire: &'q Questionnaire, config: KioskConfig) -> Kiosk<'q> {
        Kiosk::with_languages(std::slice::from_ref(questionnaire), 0, config)
    }

    /// A kiosk whose welcome offers each of `languages` (the same questions in each), starting
    /// in, and returning after each patient to, `languages[home]`: the clinic's own.
    pub fn with_languages(
        languages: &'q [Questionnaire],
        home: usize,
        config: KioskConfig,
    ) -> Kiosk<'q> {
        let home = home.min(languages.len().saturating_sub(1));
        let questionnaire = &languages[home];
        let lockout = config.settings.pin_lockout.clone();
        let app_config = Config {
            quit_keys: false,
            touch: true,
            handoff: config.handoff,
            ..config.tui
        };
        Kiosk {
            languages,
            home,
            language: home,
            closing_language: home,
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
            failures: lockout.start.failures,
            locked_until: None,
            lock_pending: lockout.start.locked_for,
            lockout_left: lockout.start.locked_for.map(ceil_seconds),
            lockout_updates: lockout,
            send_error: None,
            send_requested: false,
            sending: false,
            wipe_pending: false,
            running: true,
            size: (80, 24),
            now: None,
            input_pending: false,
            last_input: None,
        }
    }

    /// The questions in the current patient's language.
    pub fn questionnaire(&self) -> &'q Questionnaire {
        &self.languages[self.language]
    }

    /// The questions in the clinic's own language, for reception's copy.
    pub fn home_questionnaire(&self) -> &'q Questionnaire {
        &self.languages[self.home]
    }

    /// The words of the closing screens: the language of the patient who just finished.
    pub fn closing_words(&self) -> &'static crate::content::words::Words {
        crate::content::words::of(&self.languages[self.closing_language])
    }

    /// The languages the welcome offers, and which one is chosen.
    pub fn languages(&self) -> (&'q [Questionnaire], usize) {
        (self.languages, self.language)
    }

    /// Switches the welcome (and the session to come) to `languages[index]`. Returns true if
    /// it changed.
    fn choose_language(&mut self, index: usize) -> bool {
        if index >= self.languages.len() || index == self.language {
            return false;
        }
        self.language = index;
        self.app = App::new(self.questionnaire(), self.app_config);
        self.app.resize(self.size.0, self.size.1);
        true
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

    /// True while a send to reception is under way (from [`Kiosk::take_send`] until
    /// [`Kiosk::sent`], or a wipe, which abandons it).
    pub fn is_sending(&self) -> bool {
        self.sending
    }

    /// Wrong PINs since the last right one (kept across restarts with a state folder).
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
    /// the patient can try again or tell reception). Either counts as new on the screen, so
    /// the result timeout starts again.
    pub fn sent(&mut self, result: Result<String, String>) {
        self.sending = false;
        self.input_pending = true;
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
        // While sending only the staff exit works; the result waits for the outcome.
        if self.sending {
            return false;
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
            Phase::Patient if self.on_welcome() => {
                // With a choice of languages, 1, 2... choose one; any other key starts.
                let chosen = match key.code {
                    KeyCode::Char(c) if self.languages.len() > 1 => c
                        .to_digit(10)
                        .and_then(|d| usize::try_from(d).ok()?.checked_sub(1))
                        .filter(|&i| i < self.languages.len()),
                    _ => None,
                };
                match chosen {
                    Some(index) => {
                        self.choose_language(index);
                        true
                    }
                    None => self.app.begin(),
                }
            }
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
        if self.sending {
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
                if !(press && mouse.kind == MouseEventKind::Down(MouseButton::Left)) {
                    return false;
                }
                let at = Position::new(mouse.column, mouse.row);
                let buttons = draw::welcome_layout(self, self.area()).languages;
                match buttons.iter().position(|b| b.contains(at)) {
                    Some(index) => {
                        self.choose_language(index);
                        true
                    }
                    None => self.app.begin(),
                }
            }
            Phase::Patient => {
                let changed = self.app.handle_mouse(mouse);
                self.after_app_event() || changed
            }
        }
    }

    /// Time passes: the idle warning, its countdown, the wipe, the result timeout, a language
    /// left chosen on the welcome, the PIN prompt's timeout and lockout. `now` is the only
    /// clock the kiosk sees. Returns true if the screen needs drawing again.
    pub fn on_tick(&mut self, now: Instant) -> bool {
        self.now = Some(now);
        if let Some(left) = self.lock_pending.take() {
            self.locked_until = Some(now + left);
        }
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
        // A language tapped on the welcome by someone who then walked away: the next person
        // finds the clinic's again, as after a session's wipe.
        if self.on_welcome() && self.language != self.home && idle >= self.idle {
            return self.choose_language(self.home) || changed;
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
            // Locked: the prompt only says how long. Digits typed now go nowhere (not to the
            // patient's screen either); Esc or Enter closes it.
            if matches!(code, KeyCode::Esc | KeyCode::Enter) {
                self.pin = None;
                return true;
            }
            return false;
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
                    if self.failures > 0 {
                        self.failures = 0;
                        self.lockout_updates.report(Lockout::default());
                    }
                } else {
                    self.wrong_pin();
                }
                true
            }
            _ => false,
        }
    }

    /// Counts a wrong PIN; from the third on, each locks the prompt, for twice as long as the
    /// one before. Each is reported, to be kept across restarts.
    fn wrong_pin(&mut self) {
        self.failures = self.failures.saturating_add(1);
        let lockout = self.failures.checked_sub(FREE_PIN_TRIES).map(|beyond| {
            FIRST_LOCKOUT
                .saturating_mul(1 << beyond.min(10))
                .min(MAX_LOCKOUT)
        });
        self.lockout_updates.report(Lockout {
            failures: self.failures,
            locked_for: lockout,
        });
        let Some(lockout) = lockout else {
            return;
        };
        match self.now {
            Some(now) => self.locked_until = Some(now + lockout),
            None => self.lock_pending = Some(lockout),
        }
        self.lockout_left = Some(lockout.as_secs());
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
                self.sending = self.send_requested;
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
        // The closing screens still speak to the patient who finished; the next person
        // starts in the clinic's language.
        self.closing_language = self.language;
        self.language = self.home;
        self.app = App::new(self.questionnaire(), self.app_config);
        self.app.resize(self.size.0, self.size.1);
        self.phase = Phase::Patient;
        self.countdown = None;
        self.send_error = None;
        self.send_requested = false;
        self.sending = false;
        self.wipe_pending = true;
    }
}

fn ceil_seconds(duration: Duration) -> u64 {
    duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::session::Answer;

    fn small() -> Questionnaire {
        match crate::content::validate::load(
            "small.toml",
            include_str!("../../../tests/fixtures/small.toml"),
        ) {
            Ok(q) => q,
            Err(err) => panic!("{err}"),
        }
    }

    fn kiosk(q: &Questionnaire, handoff: bool) -> Kiosk<'_> {
        let config = KioskConfig {
            settings: KioskSettings::default(),
            pin: PinHash::new("2468", b"salt", 2),
            handoff,
            tui: Config::default(),
        };
        Kiosk::new(q, config)
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn ctrl(c: char) -> KeyEvent {
        KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
    }

    fn press(kiosk: &mut Kiosk, keys: &str) {
        for c in keys.chars() {
            let code = match c {
                '\n' => KeyCode::Enter,
                '<' => KeyCode::Left,
                c => KeyCode::Char(c),
            };
            kiosk.handle_key(key(code));
        }
    }

    fn tap(kiosk: &mut Kiosk, column: u16, row: u16) -> bool {
        kiosk.handle_mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    }

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    /// Knee pain, answered up to the review (an idle warning applies there).
    fn at_review(kiosk: &mut Kiosk) {
        press(kiosk, "\n3\n3\n");
        assert!(matches!(kiosk.app().screen(), Screen::Review { .. }));
    }

    #[test]
    fn idle_warning_appears_at_90_seconds_and_counts_down() {
        let q = small();
        let mut k = kiosk(&q, false);
        let t0 = Instant::now();
        k.on_tick(t0);
        press(&mut k, "\n3\n");
        k.on_tick(t0);
        assert!(!k.on_tick(t0 + secs(89)));
        assert_eq!(k.countdown(), None);
        assert!(k.on_tick(t0 + secs(90)), "the warning needs drawing");
        assert_eq!(k.countdown(), Some(30));
        k.on_tick(t0 + secs(101));
        assert_eq!(k.countdown(), Some(19));
        assert!(
            !k.on_tick(t0 + Duration::from_millis(101_500)),
            "same second"
        );
        k.on_tick(t0 + secs(119));
        assert_eq!(k.countdown(), Some(1));
        assert_eq!(k.session().trail().len(), 1, "nothing wiped yet");
    }

    #[test]
    fn a_key_during_the_warning_extends_and_does_nothing_else() {
        let q = small();
        let mut k = kiosk(&q, false);
        let t0 = Instant::now();
        k.on_tick(t0);
        press(&mut k, "\n3\n");
        k.on_tick(t0);
        k.on_tick(t0 + secs(100));
        assert!(k.countdown().is_some());
        let before = k.app().screen().clone();
        press(&mut k, "2");
        assert_eq!(k.countdown(), None);
        assert_eq!(
            k.app().screen(),
            &before,
            "the key only answered the warning"
        );
        k.on_tick(t0 + secs(110));
        assert_eq!(k.countdown(), None, "the idle time starts again");
        k.on_tick(t0 + secs(199));
        assert_eq!(k.countdown(), None);
        k.on_tick(t0 + secs(200));
        assert_eq!(k.countdown(), Some(30), "warned again 90 s after the key");
    }

    #[test]
    fn a_tap_during_the_warning_extends_it() {
        let q = small();
        let mut k = kiosk(&q, false);
        let t0 = Instant::now();
        k.on_tick(t0);
        at_review(&mut k);
        k.on_tick(t0);
        k.on_tick(t0 + secs(95));
        assert!(k.countdown().is_some());
        assert!(tap(&mut k, 10, 8));
        assert_eq!(k.countdown(), None);
        assert!(matches!(k.app().screen(), Screen::Review { .. }));
        k.on_tick(t0 + secs(96));
        k.on_tick(t0 + secs(130));
        assert_eq!(
            k.countdown(),
            None,
            "no wipe where there would have been one"
        );
        assert_eq!(k.session().trail().len(), 2);
    }

    #[test]
    fn a_language_chosen_on_the_welcome_returns_to_the_clinics_after_the_idle_time() {
        let english = small();
        let mut spanish = small();
        spanish.meta.language = "es".into();
        let languages = [english, spanish];
        let config = KioskConfig {
            settings: KioskSettings::default(),
            pin: PinHash::new("2468", b"salt", 2),
            handoff: false,
            tui: Config::default(),
        };
        let idle = config.settings.idle;
        let mut k = Kiosk::with_languages(&languages, 0, config);
        let t0 = Instant::now();
        k.on_tick(t0);
        // A patient taps Español and walks away.
        press(&mut k, "2");
        assert_eq!(k.languages().1, 1);
        k.on_tick(t0);
        assert!(!k.on_tick(t0 + idle - secs(1)));
        assert_eq!(k.languages().1, 1, "kept while the idle time runs");
        assert!(k.on_tick(t0 + idle), "the welcome needs drawing again");
        assert_eq!(
            k.languages().1,
            0,
            "the next patient gets the clinic's language"
        );
        assert!(k.on_welcome());
        assert!(!k.on_tick(t0 + idle * 3), "nothing more to do");
        assert_eq!(k.languages().1, 0);
        // A key restarts the idle time, as on the questions.
        press(&mut k, "2");
        k.on_tick(t0 + idle * 3);
        press(&mut k, "2");
        k.on_tick(t0 + idle * 4 - secs(1));
        k.on_tick(t0 + idle * 4);
        assert_eq!(k.languages().1, 1, "counted from the last key");
        k.on_tick(t0 + idle * 5 - secs(1));
        assert_eq!(k.languages().1, 0);
    }

    #[test]
    fn the_warning_running_out_wipes_everything() {
        let q = small();
        let mut k = kiosk(&q, false);
        let t0 = Instant::now();
        k.on_tick(t0);
        at_review(&mut k);
        k.on_tick(t0);
        assert!(
            k.session()
                .answer_to(crate::content::model::QuestionIndex(1))
                .is_some()
        );
        k.on_tick(t0 + secs(90));
        assert!(!k.take_wipe());
        assert!(k.on_tick(t0 + secs(120)));
        assert!(k.on_welcome());
        assert_eq!(k.countdown(), None);
        assert!(k.session().trail().is_empty());
        for i in 0..q.questions.len() {
            let question = crate::content::model::QuestionIndex(i);
            assert_eq!(k.session().remembered(question), None, "answer {i} kept");
        }
        assert!(k.take_wipe(), "the loop is told to clear the screen");
        assert!(!k.take_wipe(), "once");
    }

    #[test]
    fn a_result_returns_to_the_welcome_after_120_seconds() {
        let q = small();
        let mut k = kiosk(&q, false);
        let t0 = Instant::now();
        k.on_tick(t0);
        at_review(&mut k);
        press(&mut k, "\n");
        assert!(matches!(k.app().screen(), Screen::Result { .. }));
        k.on_tick(t0);
        k.on_tick(t0 + secs(119));
        assert_eq!(k.countdown(), None, "no idle warning on a result");
        assert!(!k.on_welcome());
        assert!(k.on_tick(t0 + secs(120)));
        assert!(k.on_welcome());
        assert!(k.session().trail().is_empty());
        assert!(k.take_wipe());
    }

    #[test]
    fn back_from_the_first_question_asks_before_clearing_answers_it_remembers() {
        let q = small();
        let mut k = kiosk(&q, false);
        // Nothing answered yet: back is simply the welcome.
        press(&mut k, "\n<");
        assert!(k.on_welcome());
        // Two answers, then back to the first question and back once more.
        press(&mut k, "\n3\n3\n<<");
        assert!(matches!(k.app().screen(), Screen::Question(_)));
        press(&mut k, "<");
        assert!(!k.on_welcome(), "asked first");
        assert!(
            k.session()
                .remembered(crate::content::model::QuestionIndex(1))
                .is_some()
        );
        press(&mut k, "n");
        assert!(!k.on_welcome());
        assert!(
            k.session()
                .remembered(crate::content::model::QuestionIndex(1))
                .is_some(),
            "no keeps them"
        );
        press(&mut k, "<y");
        assert!(k.on_welcome());
        assert!(k.session().trail().is_empty());
    }

    #[test]
    fn finish_shows_all_done_with_the_answers_gone_then_the_welcome() {
        let q = small();
        let mut k = kiosk(&q, false);
        let t0 = Instant::now();
        k.on_tick(t0);
        at_review(&mut k);
        press(&mut k, "\n\n");
        // Finishing asks first: the answers are still there until the patient says yes.
        assert_ne!(k.phase(), &Phase::AllDone);
        assert!(!k.session().trail().is_empty());
        press(&mut k, "y");
        assert_eq!(k.phase(), &Phase::AllDone);
        assert!(k.session().trail().is_empty(), "dropped at once");
        assert!(k.take_wipe());
        k.on_tick(t0 + secs(1));
        // Any tap leaves it; so does the result timeout.
        assert!(tap(&mut k, 1, 1));
        assert!(k.on_welcome());
        press(&mut k, "\n3\n3\n\n\ny");
        assert_eq!(k.phase(), &Phase::AllDone);
        k.on_tick(t0 + secs(2));
        k.on_tick(t0 + secs(122));
        assert!(k.on_welcome());
    }

    #[test]
    fn any_key_or_tap_on_the_welcome_starts() {
        let q = small();
        let mut k = kiosk(&q, false);
        assert!(k.on_welcome());
        press(&mut k, "x");
        assert!(matches!(k.app().screen(), Screen::Question(_)));
        let mut k = kiosk(&q, false);
        assert!(tap(&mut k, 40, 12));
        assert!(matches!(k.app().screen(), Screen::Question(_)));
    }

    #[test]
    fn back_from_the_first_question_wipes_for_the_next_person() {
        let q = small();
        let mut k = kiosk(&q, false);
        press(&mut k, "\n3");
        k.handle_key(key(KeyCode::Left));
        assert!(k.on_welcome());
        assert_eq!(
            k.session()
                .remembered(crate::content::model::QuestionIndex(0)),
            None
        );
        assert!(k.take_wipe());
    }

    #[test]
    fn blocked_keys_change_nothing() {
        let q = small();
        let mut k = kiosk(&q, false);
        press(&mut k, "\n3\n");
        let before = k.app().screen().clone();
        let answers = k.session().trail().len();
        for event in [
            key(KeyCode::Char('q')),
            key(KeyCode::Esc),
            ctrl('c'),
            ctrl('z'),
            ctrl('\\'),
            ctrl('d'),
        ] {
            k.handle_key(event);
            assert!(k.is_running(), "{event:?} quit");
            assert_eq!(k.app().screen(), &before, "{event:?} changed the screen");
            assert_eq!(k.app().overlay(), None, "{event:?} opened a box");
            assert_eq!(k.session().trail().len(), answers);
            assert!(k.pin_prompt().is_none());
        }
        // On the welcome, Esc and Ctrl keys do not even start.
        let mut k = kiosk(&q, false);
        for event in [key(KeyCode::Esc), ctrl('c'), ctrl('d')] {
            k.handle_key(event);
            assert!(k.on_welcome());
        }
    }

    #[test]
    fn staff_exit_with_the_right_pin() {
        let q = small();
        let mut k = kiosk(&q, false);
        k.on_tick(Instant::now());
        k.handle_key(key(KeyCode::F(10)));
        assert!(k.pin_prompt().is_some());
        press(&mut k, "2468");
        assert_eq!(k.pin_prompt().map(|p| p.digits.len()), Some(4));
        assert!(k.is_running());
        press(&mut k, "\n");
        assert!(!k.is_running());
    }

    #[test]
    fn a_wrong_pin_returns_to_where_the_patient_was() {
        let q = small();
        let mut k = kiosk(&q, false);
        k.on_tick(Instant::now());
        press(&mut k, "\n3\n2");
        let before = k.app().screen().clone();
        k.handle_key(key(KeyCode::F(10)));
        press(&mut k, "1111\n");
        assert!(k.is_running());
        assert!(k.pin_prompt().is_none());
        assert_eq!(k.app().screen(), &before);
        assert_eq!(k.failures(), 1);
        // Esc leaves the prompt too; the digits typed are forgotten.
        k.handle_key(key(KeyCode::F(10)));
        press(&mut k, "24");
        k.handle_key(key(KeyCode::Esc));
        assert!(k.pin_prompt().is_none());
        assert_eq!(k.app().screen(), &before);
        k.handle_key(key(KeyCode::F(10)));
        assert_eq!(k.pin_prompt().map(|p| p.digits.as_str()), Some(""));
    }

    #[test]
    fn repeated_wrong_pins_lock_the_prompt_for_longer_each_time() {
        let q = small();
        let mut k = kiosk(&q, false);
        let t0 = Instant::now();
        k.on_tick(t0);
        for _ in 0..FREE_PIN_TRIES {
            k.handle_key(key(KeyCode::F(10)));
            press(&mut k, "0000\n");
        }
        assert_eq!(k.lockout_left(), Some(30), "the third wrong PIN locks");
        // While locked even the right PIN does nothing.
        k.handle_key(key(KeyCode::F(10)));
        press(&mut k, "2468\n");
        assert!(k.is_running());
        assert!(k.on_welcome(), "the digits went nowhere");
        assert!(k.pin_prompt().is_none(), "Enter closed the locked prompt");
        k.on_tick(t0 + secs(10));
        assert_eq!(k.lockout_left(), Some(20));
        k.on_tick(t0 + secs(30));
        assert_eq!(k.lockout_left(), None);
        // The next wrong one locks for twice as long.
        k.handle_key(key(KeyCode::F(10)));
        press(&mut k, "0000\n");
        assert_eq!(k.lockout_left(), Some(60));
        k.on_tick(t0 + secs(89));
        assert_eq!(k.lockout_left(), Some(1));
        k.on_tick(t0 + secs(90));
        k.handle_key(key(KeyCode::F(10)));
        press(&mut k, "2468\n");
        assert!(
            !k.is_running(),
            "the right PIN works once the lockout is over"
        );
    }

    /// A kiosk that starts from `start` and reports to the returned channel.
    fn kiosk_with_lockout(
        q: &Questionnaire,
        start: Lockout,
    ) -> (Kiosk<'_>, std::sync::mpsc::Receiver<Lockout>) {
        let (updates, reports) = std::sync::mpsc::channel();
        let config = KioskConfig {
            settings: KioskSettings {
                pin_lockout: PinLockout {
                    start,
                    updates: Some(updates),
                },
                ..KioskSettings::default()
            },
            pin: PinHash::new("2468", b"salt", 2),
            handoff: false,
            tui: Config::default(),
        };
        (Kiosk::new(q, config), reports)
    }

    #[test]
    fn each_wrong_pin_is_reported_and_the_right_one_clears_them() {
        let q = small();
        let (mut k, reports) = kiosk_with_lockout(&q, Lockout::default());
        let t0 = Instant::now();
        k.on_tick(t0);
        for _ in 0..FREE_PIN_TRIES {
            k.handle_key(key(KeyCode::F(10)));
            press(&mut k, "0000\n");
        }
        let got: Vec<Lockout> = reports.try_iter().collect();
        assert_eq!(
            got,
            vec![
                Lockout {
                    failures: 1,
                    locked_for: None
                },
                Lockout {
                    failures: 2,
                    locked_for: None
                },
                Lockout {
                    failures: 3,
                    locked_for: Some(FIRST_LOCKOUT)
                },
            ]
        );
        k.on_tick(t0 + FIRST_LOCKOUT);
        k.handle_key(key(KeyCode::F(10)));
        press(&mut k, "2468\n");
        assert!(!k.is_running());
        assert_eq!(
            reports.try_iter().collect::<Vec<_>>(),
            vec![Lockout::default()]
        );
    }

    #[test]
    fn a_lockout_read_at_start_holds_from_the_first_moment() {
        let q = small();
        let start = Lockout {
            failures: 4,
            locked_for: Some(secs(45)),
        };
        let (mut k, reports) = kiosk_with_lockout(&q, start);
        assert_eq!(k.failures(), 4);
        assert_eq!(k.lockout_left(), Some(45), "locked before the first tick");
        k.handle_key(key(KeyCode::F(10)));
        press(&mut k, "2468\n");
        assert!(k.is_running(), "the right PIN while locked does nothing");
        let t0 = Instant::now();
        k.on_tick(t0);
        k.on_tick(t0 + secs(44));
        assert_eq!(k.lockout_left(), Some(1));
        k.on_tick(t0 + secs(45));
        assert_eq!(k.lockout_left(), None);
        // The failures carried over: the next wrong PIN is the fifth, locking for 120 s (the
        // third locks for 30, the fourth for 60).
        k.handle_key(key(KeyCode::F(10)));
        press(&mut k, "0000\n");
        assert_eq!(k.lockout_left(), Some(120));
        assert_eq!(
            reports.try_iter().last(),
            Some(Lockout {
                failures: 5,
                locked_for: Some(secs(120))
            })
        );
    }

    #[test]
    fn the_pin_prompt_closes_by_itself() {
        let q = small();
        let mut k = kiosk(&q, false);
        let t0 = Instant::now();
        k.on_tick(t0);
        k.handle_key(key(KeyCode::F(10)));
        press(&mut k, "24");
        k.on_tick(t0);
        k.on_tick(t0 + PIN_TIMEOUT - secs(1));
        assert!(k.pin_prompt().is_some());
        assert!(k.on_tick(t0 + PIN_TIMEOUT));
        assert!(k.pin_prompt().is_none());
    }

    #[test]
    fn send_asks_the_loop_and_shows_the_code_or_why_not() {
        let q = small();
        let mut k = kiosk(&q, true);
        at_review(&mut k);
        press(&mut k, "\ns");
        assert!(k.take_send());
        assert!(!k.take_send(), "once");
        k.sent(Err("the reception folder /x does not exist".into()));
        assert!(k.send_error().is_some_and(|e| e.contains("/x")));
        assert!(matches!(k.app().screen(), Screen::Result { .. }));
        assert_eq!(k.session().trail().len(), 2, "the session is kept");
        // Any key closes the message; the patient can try again.
        press(&mut k, "j");
        assert_eq!(k.send_error(), None);
        press(&mut k, "s");
        assert!(k.take_send());
        k.sent(Ok("K7F3".into()));
        assert_eq!(k.phase(), &Phase::Code("K7F3".into()));
        assert!(k.session().trail().is_empty(), "sent, so dropped here");
        press(&mut k, "x");
        assert_eq!(
            k.phase(),
            &Phase::Code("K7F3".into()),
            "a stray key keeps the code"
        );
        press(&mut k, "\n");
        assert_eq!(k.phase(), &Phase::AllDone);
    }

    #[test]
    fn while_sending_only_the_staff_exit_works_and_the_timers_go_on() {
        let q = small();
        let mut k = kiosk(&q, true);
        let t0 = Instant::now();
        k.on_tick(t0);
        at_review(&mut k);
        press(&mut k, "\ns");
        assert!(k.take_send());
        assert!(k.is_sending());
        k.on_tick(t0 + secs(1));
        // Keys and taps do nothing: no second send, no finish, no leaving the result.
        press(&mut k, "s\n");
        assert!(!tap(&mut k, 40, 12));
        assert!(!k.take_send());
        assert!(matches!(k.app().screen(), Screen::Result { .. }));
        assert!(k.is_sending());
        // The result timeout still wipes (counted from those keys), and the send is no longer
        // wanted.
        k.on_tick(t0 + secs(2));
        k.on_tick(t0 + secs(2) + KioskSettings::default().result);
        assert!(k.on_welcome());
        assert!(!k.is_sending());
        assert!(k.take_wipe());
        // The staff exit works while sending.
        at_review(&mut k);
        press(&mut k, "\ns");
        assert!(k.take_send());
        k.handle_key(key(KeyCode::F(10)));
        press(&mut k, "2468\n");
        assert!(!k.is_running());
    }

    #[test]
    fn an_outcome_arriving_late_gets_the_whole_result_time() {
        let q = small();
        let mut k = kiosk(&q, true);
        let t0 = Instant::now();
        k.on_tick(t0);
        at_review(&mut k);
        press(&mut k, "\ns");
        assert!(k.take_send());
        k.on_tick(t0);
        let result = KioskSettings::default().result;
        k.on_tick(t0 + secs(9));
        k.sent(Err("the reception folder did not answer".into()));
        k.on_tick(t0 + secs(9));
        k.on_tick(t0 + result);
        assert!(k.send_error().is_some(), "still shown: it arrived 9 s in");
        k.on_tick(t0 + secs(9) + result);
        assert!(k.on_welcome());
    }

    #[test]
    fn without_a_spool_folder_there_is_no_send() {
        let q = small();
        let mut k = kiosk(&q, false);
        at_review(&mut k);
        press(&mut k, "\ns");
        assert!(!k.take_send());
        assert!(matches!(k.app().screen(), Screen::Result { .. }));
    }

    #[test]
    fn taps_choose_without_confirming_and_next_confirms() {
        let q = small();
        let mut k = kiosk(&q, false);
        press(&mut k, "\n3\n");
        let area = k.area();
        let find = |k: &Kiosk, want: crate::ui::tui::hit::Hit| {
            (0..area.height)
                .flat_map(|y| (0..area.width).map(move |x| (x, y)))
                .find(|&(x, y)| crate::ui::tui::hit::hit(k.app(), area, x, y) == Some(want))
        };
        let Some((x, y)) = find(&k, crate::ui::tui::hit::Hit::Item(1)) else {
            panic!("Hip not on screen");
        };
        tap(&mut k, x, y);
        tap(&mut k, x, y);
        let Screen::Question(choice) = k.app().screen() else {
            panic!("left the question");
        };
        assert_eq!(
            (choice.cursor, choice.chosen),
            (1, true),
            "two taps only choose"
        );
        // Each option is at least three rows tall.
        let rows = (0..area.height)
            .filter(|&row| {
                crate::ui::tui::hit::hit(k.app(), area, x, row)
                    == Some(crate::ui::tui::hit::Hit::Item(1))
            })
            .count();
        assert!(rows >= 3, "{rows} rows");
        let Some((x, y)) = find(
            &k,
            crate::ui::tui::hit::Hit::Button(crate::ui::tui::button::Button::Next),
        ) else {
            panic!("no Next button");
        };
        tap(&mut k, x, y);
        assert_eq!(
            k.session()
                .answer_to(crate::content::model::QuestionIndex(1)),
            Some(&Answer::one(1))
        );
    }
}
