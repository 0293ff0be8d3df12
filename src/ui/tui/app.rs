//! The TUI's state: which screen shows, what is selected on it, the box over it, and the
//! engine calls that move it along (answer, go back, revisit, start again). How keys, clicks
//! and time become those calls is `input`; drawing (`layout`, `render`) only reads this
//! state. No terminal and no geometry here: nothing in this file knows where anything is drawn.

use std::time::{Duration, Instant};

use ratatui::layout::Rect;

use super::theme::Theme;
use crate::content::model::{
    OptionIndex, QuestionIndex, QuestionKind, Questionnaire, SCALE_MAX, SCALE_MIN, Target,
};
use crate::content::words::{self, Words};
use crate::engine::session::{Answer, Session};
use crate::ui::keep::Keeper;

/// How the TUI behaves. Everything a later kiosk mode changes belongs here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Config {
    /// Colours and styles.
    pub theme: Theme,
    /// Whether `q` and Ctrl+C quit. When false the person cannot leave by keys.
    pub quit_keys: bool,
    /// Kiosk layout for touchscreens: tall option rows, big buttons, scroll buttons, a tap
    /// chooses without confirming, and the result ends with Finish instead of Start again.
    pub touch: bool,
    /// The result offers "Send my answers to reception" (kiosk mode with a spool folder).
    pub handoff: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            theme: Theme::default(),
            quit_keys: true,
            touch: false,
            handoff: false,
        }
    }
}

/// Something the app asks of whoever runs it (kiosk mode), taken with [`App::take_request`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Request {
    /// The person is done with the result.
    Finish,
    /// The person asked to send their answers to reception.
    Send,
}

/// The screen being shown, with its own selection or scroll position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    /// What painpath does and does not do, and the keys.
    Welcome {
        /// Lines scrolled past.
        scroll: usize,
    },
    /// One question.
    Question(Choice),
    /// Every answer on the route before the result.
    Review {
        /// The entry under the cursor: the answers in order, then "see my result".
        cursor: usize,
        /// The entry under the cursor was chosen (by a key or a click), so a click on it acts.
        armed: bool,
    },
    /// The result.
    Result {
        /// Lines scrolled past.
        scroll: usize,
    },
}

/// The state of a question screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The question asked.
    pub question: QuestionIndex,
    /// The options offered after the earlier answers, in order: what the screen lists. The
    /// cursor and the ticks count places in this list, not options of the question.
    pub offered: Vec<OptionIndex>,
    /// The place of the option under the cursor; for a scale, the value.
    pub cursor: usize,
    /// Multiple choice: which offered options are ticked.
    pub picked: Vec<bool>,
    /// Single choice, yes/no and scale: the option under the cursor was chosen (by a key, a
    /// click, or an earlier answer), so a click on it confirms.
    pub chosen: bool,
    /// Why the engine refused the last answer, shown under the options.
    pub error: Option<String>,
}

/// A box drawn over the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// The question's help and the keys.
    Help,
    /// "Quit painpath? y / n".
    ConfirmQuit,
}

/// The TUI's state around one [`Session`]. Its fields are the TUI's own: `input` changes
/// them as keys and clicks come in; everything else reads them through the methods.
#[derive(Debug, Clone)]
pub struct App<'q> {
    pub(super) session: Session<'q>,
    /// The interface's words, in the questionnaire's language.
    words: &'static Words,
    pub(super) config: Config,
    pub(super) screen: Screen,
    pub(super) overlay: Option<Overlay>,
    pub(super) size: (u16, u16),
    /// Where the wheel scrolled a question's options or the review list; `None` keeps the
    /// entry under the cursor in view.
    pub(super) list_scroll: Option<usize>,
    pub(super) running: bool,
    /// An event arrived since the last tick.
    pub(super) input_pending: bool,
    /// When the last event arrived, as the ticks tell.
    pub(super) last_input: Option<Instant>,
    pub(super) request: Option<Request>,
    /// What saves the summary when the person asks on the result screen, if anything may.
    pub(super) keeper: Option<&'q Keeper<'q>>,
    /// The body map shows in place of the question's answers (where it does not fit beside
    /// them, a button or a key shows it).
    pub(super) body_map_open: bool,
}

impl<'q> App<'q> {
    /// A new app on the welcome screen, sized 80x24 until told otherwise.
    pub fn new(questionnaire: &'q Questionnaire, config: Config) -> App<'q> {
        App {
            session: Session::new(questionnaire),
            words: words::of(questionnaire),
            config,
            screen: Screen::Welcome { scroll: 0 },
            overlay: None,
            size: (80, 24),
            list_scroll: None,
            running: true,
            input_pending: false,
            last_input: None,
            request: None,
            keeper: None,
            body_map_open: false,
        }
    }

    /// The app, offering to save the summary on the result screen with `keeper`.
    pub fn with_keeper(mut self, keeper: &'q Keeper<'q>) -> App<'q> {
        self.keeper = Some(keeper);
        self
    }

    /// Leaves the welcome for the first question (kiosk mode draws its own welcome).
    pub fn begin(&mut self) -> bool {
        if !matches!(self.screen, Screen::Welcome { .. }) {
            return false;
        }
        self.start();
        true
    }

    /// What the person asked for that the app cannot do itself, if anything (once).
    pub fn take_request(&mut self) -> Option<Request> {
        self.request.take()
    }

    /// The engine state.
    pub fn session(&self) -> &Session<'q> {
        &self.session
    }

    /// The interface's words, in the questionnaire's language.
    pub fn words(&self) -> &'static Words {
        self.words
    }

    /// The screen being shown.
    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// The box drawn over the screen, if any.
    pub fn overlay(&self) -> Option<Overlay> {
        self.overlay
    }

    /// The configuration this app was made with.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The terminal area the app was last told about.
    pub fn area(&self) -> Rect {
        Rect::new(0, 0, self.size.0, self.size.1)
    }

    /// Where the wheel scrolled the list on a question or review screen, if it did.
    pub(crate) fn list_scroll(&self) -> Option<usize> {
        self.list_scroll
    }

    /// False once the person has quit.
    pub fn is_running(&self) -> bool {
        self.running
    }

    /// Ends the app and hands back the session if it reached a result.
    pub fn into_finished(self) -> Option<Session<'q>> {
        self.session.assessment().is_some().then_some(self.session)
    }

    /// How long since the last key, click or resize, as of `now`.
    pub fn idle_for(&self, now: Instant) -> Duration {
        self.last_input
            .map_or(Duration::ZERO, |last| now.saturating_duration_since(last))
    }

    /// How many selectable entries the current screen has.
    pub(super) fn item_count(&self) -> usize {
        match &self.screen {
            Screen::Question(choice) => {
                let question = self.session.questionnaire().question(choice.question);
                match question.kind {
                    QuestionKind::Scale => usize::from(SCALE_MAX - SCALE_MIN) + 1,
                    _ => choice.offered.len(),
                }
            }
            Screen::Review { .. } => self.session.trail().len() + 1,
            Screen::Welcome { .. } | Screen::Result { .. } => 0,
        }
    }

    pub(super) fn move_cursor(&mut self, to: impl FnOnce(usize) -> usize) -> bool {
        let Screen::Question(choice) = &mut self.screen else {
            return false;
        };
        let kind = self.session.questionnaire().question(choice.question).kind;
        let next = to(choice.cursor);
        let changed = next != choice.cursor || (kind != QuestionKind::Multiple && !choice.chosen);
        choice.cursor = next;
        // Moving a radio selection chooses what it lands on; ticks stay as they are.
        if kind != QuestionKind::Multiple {
            choice.chosen = true;
        }
        if changed {
            choice.error = None;
        }
        changed
    }

    /// Picks `option` (or the one under the cursor): ticks or unticks it in multiple choice,
    /// chooses it otherwise.
    pub(super) fn pick(&mut self, option: Option<usize>) {
        let Screen::Question(choice) = &mut self.screen else {
            return;
        };
        let question = self.session.questionnaire().question(choice.question);
        let option = option.unwrap_or(choice.cursor);
        choice.cursor = option;
        choice.error = None;
        if question.kind != QuestionKind::Multiple {
            choice.chosen = true;
            return;
        }
        let Some(now) = choice.picked.get(option).map(|p| !p) else {
            return;
        };
        if now {
            // "None of these" and the others exclude each other.
            let is_exclusive = |place: usize| question.options[choice.offered[place].0].exclusive;
            let exclusive = is_exclusive(option);
            for i in 0..choice.offered.len() {
                if i != option && (exclusive || is_exclusive(i)) {
                    choice.picked[i] = false;
                }
            }
        }
        choice.picked[option] = now;
    }

    /// Sends the current screen's answer to the engine and moves on, or shows why not.
    pub(super) fn confirm(&mut self) {
        let Screen::Question(choice) = &mut self.screen else {
            return;
        };
        let kind = self.session.questionnaire().question(choice.question).kind;
        // In the touch layout nothing is chosen until tapped: Next alone must not answer with
        // the first option (a tap that missed would give "Under 16").
        if self.config.touch && kind != QuestionKind::Multiple && !choice.chosen {
            choice.error = Some(self.words.tui.choose_first.clone());
            return;
        }
        let option_at = |place: usize| choice.offered.get(place).map_or(usize::MAX, |o| o.0);
        let answer = match kind {
            QuestionKind::Single | QuestionKind::YesNo => Answer::one(option_at(choice.cursor)),
            QuestionKind::Multiple => Answer::many(
                choice
                    .picked
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| **p)
                    .map(|(i, _)| option_at(i)),
            ),
            QuestionKind::Scale => match u8::try_from(choice.cursor) {
                Ok(value) => Answer::Scale(value),
                Err(_) => Answer::Scale(SCALE_MAX),
            },
        };
        match self.session.answer(answer) {
            Ok(Target::Question(next)) => self.show_question(next),
            // An emergency answer shows its result at once, with no review in between.
            Ok(Target::Outcome(o)) if self.session.questionnaire().is_emergency(o) => {
                self.set_screen(Screen::Result { scroll: 0 })
            }
            Ok(Target::Outcome(_)) => self.show_review(),
            Err(err) => choice.error = Some(err.message(self.words)),
        }
    }

    /// Whether the key `c` means yes or no (case-sensitive, as y and n always were).
    pub(super) fn yes_or_no(&self, c: char) -> Option<bool> {
        let mut utf8 = [0; 4];
        let typed: &str = c.encode_utf8(&mut utf8);
        let common = &self.words.common;
        let has = |words: &str| words.split_whitespace().any(|w| w == typed);
        if c == 'y' || has(&common.typed_yes) {
            Some(true)
        } else if c == 'n' || has(&common.typed_no) {
            Some(false)
        } else {
            None
        }
    }

    pub(super) fn start(&mut self) {
        match self.session.current() {
            Target::Question(q) => self.show_question(q),
            Target::Outcome(_) => self.show_review(),
        }
    }

    pub(super) fn back(&mut self) {
        match self.screen {
            // An emergency result was reached straight from its question: back goes there.
            Screen::Result { .. } if self.at_emergency() => {
                if self.session.back()
                    && let Some(q) = self.session.current_question()
                {
                    self.show_question(q);
                }
            }
            Screen::Result { .. } => self.show_review(),
            Screen::Welcome { .. } => {}
            Screen::Question(_) | Screen::Review { .. } => {
                if self.session.back() {
                    if let Some(q) = self.session.current_question() {
                        self.show_question(q);
                    }
                } else {
                    self.set_screen(Screen::Welcome { scroll: 0 });
                }
            }
        }
    }

    /// Is the session at an emergency result?
    fn at_emergency(&self) -> bool {
        matches!(self.session.current(), Target::Outcome(o) if self.session.questionnaire().is_emergency(o))
    }

    pub(super) fn restart(&mut self) {
        self.session.restart();
        self.set_screen(Screen::Welcome { scroll: 0 });
    }

    pub(super) fn review_choose(&mut self, entry: usize) {
        match self.session.trail().get(entry) {
            Some(visit) => {
                let question = visit.question;
                if self.session.revisit(question) {
                    self.show_question(question);
                }
            }
            None => self.set_screen(Screen::Result { scroll: 0 }),
        }
    }

    pub(super) fn show_review(&mut self) {
        self.set_screen(Screen::Review {
            cursor: self.session.trail().len(),
            armed: false,
        });
    }

    pub(super) fn set_screen(&mut self, screen: Screen) {
        self.screen = screen;
        self.list_scroll = None;
        self.body_map_open = false;
    }

    /// Whether the body map shows in place of the question's answers.
    pub(crate) fn body_map_open(&self) -> bool {
        self.body_map_open
    }

    /// Shows a question, pre-filled with the answer last given to it.
    fn show_question(&mut self, question: QuestionIndex) {
        let offered = self.session.offered(question);
        let mut choice = Choice {
            question,
            cursor: 0,
            picked: vec![false; offered.len()],
            offered,
            chosen: false,
            error: None,
        };
        match self.session.remembered(question) {
            Some(Answer::Choices(picked)) => {
                let places: Vec<usize> = picked
                    .iter()
                    .filter_map(|o| choice.offered.iter().position(|x| x == o))
                    .collect();
                for place in &places {
                    choice.picked[*place] = true;
                }
                if let Some(first) = places.first() {
                    choice.cursor = *first;
                    choice.chosen = true;
                }
            }
            Some(Answer::Scale(value)) => {
                choice.cursor = usize::from((*value).min(SCALE_MAX));
                choice.chosen = true;
            }
            None => {}
        }
        self.set_screen(Screen::Question(choice));
    }
}
