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
    /// The first digit of a two-digit option number, typed on a list of ten or more, with
    /// the option it chose or moved to meanwhile.
    pub typed: Option<usize>,
}

/// A box drawn over the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// The question's help and the keys.
    Help,
    /// A yes/no question before something that loses what is on screen: "Quit painpath?".
    Confirm(Confirm),
    /// Saving the summary: the folder typed, in [`App::save_box`].
    Save,
}

/// What a yes/no box asks before doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// Leave painpath.
    Quit,
    /// Clear the answers and go back to the welcome.
    StartAgain,
    /// Leave painpath and print the full summary in the terminal.
    Print,
    /// Touch layout: done with the result (the kiosk clears it for the next person).
    Finish,
}

/// The folder typed in the save box, and why the last save failed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaveBox {
    /// The folder as typed.
    pub folder: String,
    /// Where typing goes, in characters from the start.
    pub cursor: usize,
    /// Why the last try did not save.
    pub error: Option<String>,
}

/// The longest folder the save box takes, in bytes (a path's usual limit).
pub const FOLDER_MAX: usize = 4096;

impl SaveBox {
    fn new(folder: String) -> SaveBox {
        let mut folder = folder;
        if folder.len() > FOLDER_MAX {
            folder.clear();
        }
        SaveBox {
            cursor: folder.chars().count(),
            folder,
            error: None,
        }
    }

    /// Types `c` at the cursor, unless it is a control character or the folder is full.
    pub(super) fn insert(&mut self, c: char) -> bool {
        if c.is_control()
            || crate::text::is_hostile(c)
            || self.folder.len() + c.len_utf8() > FOLDER_MAX
        {
            return false;
        }
        let at = self.byte_at(self.cursor);
        self.folder.insert(at, c);
        self.cursor += 1;
        self.error = None;
        true
    }

    /// Deletes the character before the cursor (`before`), or the one under it.
    pub(super) fn delete(&mut self, before: bool) -> bool {
        let at = if before {
            let Some(at) = self.cursor.checked_sub(1) else {
                return false;
            };
            self.cursor = at;
            at
        } else {
            self.cursor
        };
        if at >= self.folder.chars().count() {
            return false;
        }
        let start = self.byte_at(at);
        self.folder.remove(start);
        self.error = None;
        true
    }

    /// Moves the cursor to `to` characters from the start, within the folder.
    pub(super) fn move_to(&mut self, to: usize) -> bool {
        let to = to.min(self.folder.chars().count());
        let moved = to != self.cursor;
        self.cursor = to;
        moved
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.folder
            .char_indices()
            .nth(chars)
            .map_or(self.folder.len(), |(i, _)| i)
    }
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
    /// The save box's folder and error, while it is open.
    pub(super) save_box: SaveBox,
    /// What the last save did, shown under the result until the screen changes.
    pub(super) notice: Option<String>,
    /// The summary of these answers was saved (cleared by any change to them).
    pub(super) saved: bool,
    /// The folder the last save went to, offered first the next time.
    pub(super) saved_in: Option<String>,
    /// The person asked for the full summary to be printed after quitting.
    pub(super) print_summary: bool,
    /// The body map shows in place of the question's answers (where it does not fit beside
    /// them, a button or a key shows it).
    pub(super) body_map_open: bool,
}

/// What a finished run hands back: the session, if it reached a result, and whether the person
/// asked for its full summary to be printed.
#[derive(Debug)]
pub struct Finished<'q> {
    /// The session, at its result.
    pub session: Session<'q>,
    /// The person chose to quit and print the full summary.
    pub print_summary: bool,
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
            save_box: SaveBox::default(),
            notice: None,
            saved: false,
            saved_in: None,
            print_summary: false,
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
    pub fn into_finished(self) -> Option<Finished<'q>> {
        self.session.assessment().is_some().then_some(Finished {
            session: self.session,
            print_summary: self.print_summary,
        })
    }

    /// The save box's folder, cursor and error (shown while [`Overlay::Save`] is open).
    pub fn save_box(&self) -> &SaveBox {
        &self.save_box
    }

    /// What the last save did, shown under the result.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// Whether the result screen offers to save and print the summary.
    pub fn can_keep(&self) -> bool {
        self.keeper.is_some() && !self.config.touch
    }

    /// Whether what is on screen would be lost by leaving: answers not saved since they
    /// last changed.
    pub(super) fn has_unsaved(&self) -> bool {
        !self.session.trail().is_empty() && !self.saved
    }

    /// Whether the question on screen has answers with help of their own.
    pub(super) fn answers_explained(&self) -> bool {
        let Screen::Question(choice) = &self.screen else {
            return false;
        };
        let question = self.session.questionnaire().question(choice.question);
        choice
            .offered
            .iter()
            .any(|o| question.options[o.0].help.is_some())
    }

    /// Opens the save box with the folder the keeper offers.
    pub(super) fn open_save(&mut self) -> bool {
        let Some(keeper) = self.keeper else {
            return false;
        };
        if self.session.assessment().is_none() {
            return false;
        }
        let folder = match &self.saved_in {
            Some(folder) => folder.clone(),
            None => keeper.folder().display().to_string(),
        };
        self.save_box = SaveBox::new(folder);
        self.overlay = Some(Overlay::Save);
        true
    }

    /// Saves the summary in the folder typed: closes the box and says where, or keeps it open
    /// and says why not.
    pub(super) fn save(&mut self) {
        let (Some(keeper), Some(assessment)) = (self.keeper, self.session.assessment()) else {
            return;
        };
        let folder = self.save_box.folder.trim();
        let tui = &self.words.tui;
        let shown =
            |text: &str| crate::text::visible(text, crate::text::Notation::Escaped).into_owned();
        match keeper.save(&assessment, std::path::Path::new(folder)) {
            Ok(path) => {
                let path = shown(&path.display().to_string());
                self.notice = Some(words::fill(&tui.saved, &[("path", &path)]));
                self.saved = true;
                self.saved_in = Some(folder.to_string());
                self.overlay = None;
            }
            Err(error) => {
                self.save_box.error =
                    Some(words::fill(&tui.not_saved, &[("error", &shown(&error))]));
            }
        }
    }

    /// Does what the box asked, now that the person said yes.
    pub(super) fn confirmed(&mut self, what: Confirm) {
        self.overlay = None;
        match what {
            Confirm::Quit => self.running = false,
            Confirm::StartAgain => self.restart(),
            Confirm::Print => {
                self.print_summary = true;
                self.running = false;
            }
            Confirm::Finish => self.request = Some(Request::Finish),
        }
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
        let answered = self.session.answer(answer);
        if answered.is_ok() {
            self.saved = false;
        }
        match answered {
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
                } else if self.config.touch && self.remembers_answers() {
                    // The kiosk clears what it remembers when its welcome comes back, for the
                    // next person: back from the first question then asks first, as starting
                    // again does.
                    self.overlay = Some(Overlay::Confirm(Confirm::StartAgain));
                } else {
                    self.set_screen(Screen::Welcome { scroll: 0 });
                }
            }
        }
    }

    /// Whether the session remembers any answer (given, or kept after going back).
    fn remembers_answers(&self) -> bool {
        let questions = self.session.questionnaire().questions.len();
        (0..questions).any(|q| self.session.remembered(QuestionIndex(q)).is_some())
    }

    /// Is the session at an emergency result?
    fn at_emergency(&self) -> bool {
        matches!(self.session.current(), Target::Outcome(o) if self.session.questionnaire().is_emergency(o))
    }

    pub(super) fn restart(&mut self) {
        self.session.restart();
        self.saved = false;
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
        self.notice = None;
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
            typed: None,
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
