//! How keys, clicks, the wheel, resizes and time change the TUI's state: `App::handle_event`
//! and what it calls. A click is looked up in the layout the screen was drawn from (`hit`),
//! and scrolling is bounded by it (`layout`); what the keys and buttons then do to the session
//! are the engine calls in `app`. No terminal here: the loop feeds events in.

use std::time::Instant;

use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};

use super::app::{App, Confirm, Overlay, Request, Screen};
use super::button::Button;
use super::hit::{Hit, hit};
use super::layout::{body_map_button, max_scroll, page_height, scroll_position};
use crate::content::model::QuestionKind;

impl App<'_> {
    /// Passes one terminal event on. Returns true if the screen needs drawing again.
    pub fn handle_event(&mut self, event: &Event) -> bool {
        match event {
            Event::Key(key) => self.handle_key(*key),
            Event::Mouse(mouse) => self.handle_mouse(*mouse),
            Event::Resize(width, height) => self.resize(*width, *height),
            _ => false,
        }
    }

    /// The terminal changed size. Returns true (the screen needs drawing again).
    pub fn resize(&mut self, width: u16, height: u16) -> bool {
        self.input_pending = true;
        self.size = (width, height);
        let max = max_scroll(self, self.area());
        if let Screen::Welcome { scroll } | Screen::Result { scroll } = &mut self.screen {
            *scroll = (*scroll).min(max);
        }
        true
    }

    /// Time passes. The loop calls this after every batch of events and at least every poll
    /// timeout; `now` is the only clock the app sees. Returns true if the screen needs drawing.
    pub fn on_tick(&mut self, now: Instant) -> bool {
        if self.input_pending || self.last_input.is_none() {
            self.last_input = Some(now);
            self.input_pending = false;
        }
        false
    }

    /// One key press. Returns true if the screen needs drawing again.
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        if key.kind == KeyEventKind::Release {
            return false;
        }
        self.input_pending = true;
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && matches!(key.code, KeyCode::Char('c' | 'C')) {
            // Raw mode turns Ctrl+C into a key. It asks like q; pressed again in the box, it
            // quits at once.
            if !self.config.quit_keys {
                return false;
            }
            if self.overlay == Some(Overlay::Confirm(Confirm::Quit)) {
                self.running = false;
            } else {
                self.overlay = Some(Overlay::Confirm(Confirm::Quit));
            }
            return true;
        }
        if ctrl {
            return false;
        }
        match self.overlay {
            Some(Overlay::Confirm(what)) => return self.confirm_key(what, key.code),
            Some(Overlay::Save) => return self.save_key(key.code),
            Some(Overlay::Help) => {
                self.overlay = None;
                return true;
            }
            None => {}
        }
        match key.code {
            KeyCode::Char('q' | 'Q') if self.config.quit_keys => {
                self.overlay = Some(Overlay::Confirm(Confirm::Quit));
                return true;
            }
            // The touch layout shows a question's help on the screen itself; the box there
            // holds only what the answers mean, where they have help.
            KeyCode::Char('?') if !self.config.touch || self.answers_explained() => {
                self.overlay = Some(Overlay::Help);
                return true;
            }
            _ => {}
        }
        // A key brings a list the wheel scrolled away back to the cursor.
        let scrolled = self.list_scroll.take().is_some();
        let handled = match self.screen {
            Screen::Welcome { .. } => self.welcome_key(key.code),
            Screen::Question(_) => self.question_key(key.code),
            Screen::Review { .. } => self.review_key(key.code),
            Screen::Result { .. } => self.result_key(key.code),
        };
        handled || scrolled
    }

    /// One mouse event. Returns true if the screen needs drawing again.
    pub fn handle_mouse(&mut self, mouse: MouseEvent) -> bool {
        self.input_pending = true;
        match mouse.kind {
            MouseEventKind::ScrollDown => self.wheel(3),
            MouseEventKind::ScrollUp => self.wheel(-3),
            MouseEventKind::Down(MouseButton::Left) => {
                let hit = hit(self, self.area(), mouse.column, mouse.row);
                self.click(hit)
            }
            _ => false,
        }
    }

    /// A key in a yes/no box: y and n, and the language's own letters for yes and no, as the
    /// box names them; Esc, Enter and q close it.
    fn confirm_key(&mut self, what: Confirm, code: KeyCode) -> bool {
        let yes_or_no = match code {
            KeyCode::Char(c) => self.yes_or_no(c.to_ascii_lowercase()),
            _ => None,
        };
        match code {
            _ if yes_or_no == Some(true) => {
                self.confirmed(what);
                true
            }
            KeyCode::Char('q' | 'Q') | KeyCode::Esc | KeyCode::Enter => {
                self.overlay = None;
                true
            }
            _ if yes_or_no == Some(false) => {
                self.overlay = None;
                true
            }
            _ => false,
        }
    }

    /// A key in the save box: typing and moving in the folder, Enter saves, Esc cancels.
    fn save_key(&mut self, code: KeyCode) -> bool {
        let field = &mut self.save_box;
        match code {
            KeyCode::Enter => {
                self.save();
                true
            }
            KeyCode::Esc => {
                self.overlay = None;
                true
            }
            KeyCode::Char(c) => field.insert(c),
            KeyCode::Backspace => field.delete(true),
            KeyCode::Delete => field.delete(false),
            KeyCode::Left => field.move_to(field.cursor.saturating_sub(1)),
            KeyCode::Right => field.move_to(field.cursor + 1),
            KeyCode::Home => field.move_to(0),
            KeyCode::End => field.move_to(usize::MAX),
            _ => false,
        }
    }

    /// The letter `c` is the result screen's `letter` in this language (either case).
    fn is_letter(c: char, letter: &str) -> bool {
        let mut typed = [0; 4];
        c.to_lowercase().eq(letter.chars()) || c.encode_utf8(&mut typed) == letter
    }

    fn welcome_key(&mut self, code: KeyCode) -> bool {
        match code {
            KeyCode::Enter | KeyCode::Char(' ') | KeyCode::Right | KeyCode::Char('l') => {
                self.start();
                true
            }
            code => self.scroll_key(code),
        }
    }

    fn question_key(&mut self, code: KeyCode) -> bool {
        let Screen::Question(choice) = &self.screen else {
            return false;
        };
        let kind = self.session.questionnaire().question(choice.question).kind;
        let last = self.item_count().saturating_sub(1);
        match code {
            KeyCode::Char('0'..='9') => {}
            // A held digit is picked by Enter; Space picks what is under the cursor, which
            // is the held digit's option.
            KeyCode::Enter => self.pick_held(kind),
            _ => {
                if let Screen::Question(choice) = &mut self.screen {
                    choice.typed = None;
                }
            }
        }
        match code {
            KeyCode::Up | KeyCode::Char('k') => self.move_cursor(|c| c.saturating_sub(1)),
            KeyCode::Down | KeyCode::Char('j') => self.move_cursor(|c| (c + 1).min(last)),
            KeyCode::Home | KeyCode::PageUp => self.move_cursor(|_| 0),
            KeyCode::End | KeyCode::PageDown => self.move_cursor(|_| last),
            KeyCode::Char(' ') => {
                self.pick(None);
                true
            }
            KeyCode::Char(digit @ '0'..='9') => {
                let n = digit as usize - '0' as usize;
                self.digit(n, kind, last + 1)
            }
            // y and n, and the language's own letters for yes and no ("s" for "sí").
            KeyCode::Char(c) if kind == QuestionKind::YesNo && self.yes_or_no(c).is_some() => {
                let yes = self.yes_or_no(c) == Some(true);
                self.pick(Some(usize::from(!yes)));
                true
            }
            KeyCode::Enter => {
                self.confirm();
                true
            }
            KeyCode::Left | KeyCode::Backspace | KeyCode::Char('b') => {
                self.back();
                true
            }
            // Where the body map has no room beside the answers, m shows it in their place.
            KeyCode::Char('m') if body_map_button(self, self.area()) => {
                self.body_map_open = !self.body_map_open;
                true
            }
            _ => false,
        }
    }

    /// A digit typed on a question. On a list of ten or more (and the 0 to 10 scale), a digit
    /// that can begin a two-digit number is held, its option under the cursor: a second digit
    /// then makes the two-digit number if there is such an option; otherwise the held digit is
    /// picked (so 1 then 3 on a list of ten ticks 1 and 3), as it is by Space or Enter. Any
    /// other digit picks its option at once.
    fn digit(&mut self, n: usize, kind: QuestionKind, count: usize) -> bool {
        let Screen::Question(choice) = &mut self.screen else {
            return false;
        };
        // Options count from 1; the scale's values from 0.
        let place = move |number: usize| {
            match kind {
                QuestionKind::Scale => Some(number),
                _ => number.checked_sub(1),
            }
            .filter(|&o| o < count)
        };
        if let Some(first) = choice.typed.take() {
            if let Some(option) = place(first * 10 + n) {
                self.pick_typed(option, kind);
                return true;
            }
            if let Some(option) = place(first) {
                self.pick_typed(option, kind);
            }
        }
        let Some(option) = place(n) else {
            return true;
        };
        let waits = n > 0 && place(n * 10).is_some();
        if waits && kind == QuestionKind::Multiple {
            // Not ticked yet: a second digit may make it another option.
            self.move_cursor(|_| option);
        } else {
            self.pick_typed(option, kind);
        }
        if waits && let Screen::Question(choice) = &mut self.screen {
            choice.typed = Some(n);
        }
        true
    }

    /// The digit held on a list of ten or more, picked now (Space, Enter).
    fn pick_held(&mut self, kind: QuestionKind) {
        if let Screen::Question(choice) = &mut self.screen
            && let Some(first) = choice.typed.take()
        {
            let option = match kind {
                QuestionKind::Scale => first,
                _ => first - 1,
            };
            self.pick_typed(option, kind);
        }
    }

    /// Picks `option` typed by its number: ticks it, or chooses it.
    fn pick_typed(&mut self, option: usize, kind: QuestionKind) {
        if kind == QuestionKind::Multiple {
            self.pick(Some(option));
        } else {
            self.move_cursor(|_| option);
        }
    }

    fn review_key(&mut self, code: KeyCode) -> bool {
        let Screen::Review { cursor, .. } = self.screen else {
            return false;
        };
        let last = self.item_count().saturating_sub(1);
        let to = match code {
            KeyCode::Up | KeyCode::Char('k') => cursor.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => (cursor + 1).min(last),
            KeyCode::Home | KeyCode::PageUp => 0,
            KeyCode::End | KeyCode::PageDown => last,
            KeyCode::Enter | KeyCode::Char(' ') => {
                self.review_choose(cursor);
                return true;
            }
            KeyCode::Left | KeyCode::Backspace | KeyCode::Char('b') => {
                self.back();
                return true;
            }
            _ => return false,
        };
        self.screen = Screen::Review {
            cursor: to,
            armed: true,
        };
        true
    }

    fn result_key(&mut self, code: KeyCode) -> bool {
        let letters = &self.words().tui.letters;
        let touch = self.config.touch;
        match code {
            KeyCode::Left | KeyCode::Backspace | KeyCode::Char('b') => {
                self.back();
                true
            }
            KeyCode::Char(c) if Self::is_letter(c, &letters.review) => {
                self.show_review();
                true
            }
            KeyCode::Char(c) if !touch && Self::is_letter(c, &letters.start_again) => {
                self.overlay = Some(Overlay::Confirm(Confirm::StartAgain));
                true
            }
            KeyCode::Char(c) if self.can_keep() && Self::is_letter(c, &letters.save) => {
                self.open_save()
            }
            KeyCode::Char(c) if self.can_keep() && Self::is_letter(c, &letters.print) => {
                self.overlay = Some(Overlay::Confirm(Confirm::Print));
                true
            }
            KeyCode::Enter if touch => {
                self.overlay = Some(Overlay::Confirm(Confirm::Finish));
                true
            }
            KeyCode::Char(c)
                if touch && self.config.handoff && Self::is_letter(c, &letters.send) =>
            {
                self.request = Some(Request::Send);
                true
            }
            code => self.scroll_key(code),
        }
    }

    /// Scrolling keys of the welcome and result screens.
    fn scroll_key(&mut self, code: KeyCode) -> bool {
        let page = page_height(self, self.area()).max(2) - 1;
        let page = page as isize;
        match code {
            KeyCode::Up | KeyCode::Char('k') => self.scroll_by(-1),
            KeyCode::Down | KeyCode::Char('j') => self.scroll_by(1),
            KeyCode::PageUp => self.scroll_by(-page),
            KeyCode::PageDown | KeyCode::Char(' ') => self.scroll_by(page),
            KeyCode::Home => self.scroll_by(isize::MIN / 2),
            KeyCode::End => self.scroll_by(isize::MAX / 2),
            _ => false,
        }
    }

    fn scroll_by(&mut self, delta: isize) -> bool {
        let max = max_scroll(self, self.area());
        match &mut self.screen {
            Screen::Welcome { scroll } | Screen::Result { scroll } => {
                let to = scroll.saturating_add_signed(delta).min(max);
                let changed = to != *scroll;
                *scroll = to;
                changed
            }
            _ => false,
        }
    }

    fn wheel(&mut self, lines: isize) -> bool {
        if self.overlay.is_some() {
            return false;
        }
        match self.screen {
            Screen::Welcome { .. } | Screen::Result { .. } => self.scroll_by(lines),
            // The view moves, the selection stays: scrolling must not change an answer.
            Screen::Question(_) | Screen::Review { .. } => {
                let (offset, max) = scroll_position(self, self.area());
                let to = offset.saturating_add_signed(lines).min(max);
                if to == offset {
                    return false;
                }
                self.list_scroll = Some(to);
                true
            }
        }
    }

    fn click(&mut self, hit: Option<Hit>) -> bool {
        match self.overlay {
            Some(Overlay::Help) => {
                self.overlay = None;
                return true;
            }
            // Only the box's own buttons act while it is open.
            Some(Overlay::Confirm(_) | Overlay::Save) => {
                return match hit {
                    Some(Hit::Button(button)) => {
                        self.press(button);
                        true
                    }
                    _ => false,
                };
            }
            None => {}
        }
        match hit {
            None => false,
            Some(Hit::Button(button)) => {
                self.press(button);
                true
            }
            Some(Hit::Item(item)) => {
                match &mut self.screen {
                    Screen::Question(choice) => {
                        let kind = self.session.questionnaire().question(choice.question).kind;
                        if kind == QuestionKind::Multiple || self.config.touch {
                            self.pick(Some(item));
                        } else if choice.chosen && choice.cursor == item {
                            self.confirm();
                        } else {
                            self.pick(Some(item));
                        }
                    }
                    Screen::Review { cursor, armed } => {
                        if self.config.touch || (*armed && *cursor == item) {
                            self.review_choose(item);
                        } else {
                            *cursor = item;
                            *armed = true;
                        }
                    }
                    Screen::Welcome { .. } | Screen::Result { .. } => return false,
                }
                true
            }
            // A tap on an area of the body map ticks (or chooses) its option, and only that.
            Some(Hit::BodyArea(place)) => {
                self.pick(Some(place));
                true
            }
        }
    }

    fn press(&mut self, button: Button) {
        match button {
            Button::Start => self.start(),
            Button::Back => self.back(),
            Button::Next => self.confirm(),
            Button::Help => self.overlay = Some(Overlay::Help),
            Button::Quit => {
                if self.config.quit_keys {
                    self.overlay = Some(Overlay::Confirm(Confirm::Quit));
                }
            }
            Button::SeeResult => self.set_screen(Screen::Result { scroll: 0 }),
            Button::Review => self.show_review(),
            Button::StartAgain => self.overlay = Some(Overlay::Confirm(Confirm::StartAgain)),
            Button::Save => {
                self.open_save();
            }
            Button::Print => self.overlay = Some(Overlay::Confirm(Confirm::Print)),
            Button::Yes(what) => self.confirmed(what),
            Button::No => self.overlay = None,
            Button::SaveYes => self.save(),
            Button::Cancel => self.overlay = None,
            Button::ScrollUp => {
                let page = page_height(self, self.area()).max(2) - 1;
                self.wheel(-(page as isize));
            }
            Button::ScrollDown => {
                let page = page_height(self, self.area()).max(2) - 1;
                self.wheel(page as isize);
            }
            Button::Finish => self.overlay = Some(Overlay::Confirm(Confirm::Finish)),
            Button::Send => self.request = Some(Request::Send),
            Button::ShowBodyMap => self.body_map_open = true,
            Button::ShowList => self.body_map_open = false,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::content::model::{OptionIndex, QuestionIndex, Questionnaire};
    use crate::engine::session::Answer;
    use crate::ui::tui::app::{Choice, Config};

    fn small() -> Questionnaire {
        let text = include_str!("../../../tests/fixtures/small.toml");
        match crate::content::validate::load("small.toml", text) {
            Ok(q) => q,
            Err(err) => panic!("{err}"),
        }
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn press(app: &mut App, keys: &str) {
        for c in keys.chars() {
            let code = match c {
                '\n' => KeyCode::Enter,
                '<' => KeyCode::Left,
                'v' => KeyCode::Down,
                '^' => KeyCode::Up,
                c => KeyCode::Char(c),
            };
            app.handle_key(key(code));
        }
    }

    fn click(app: &mut App, column: u16, row: u16) -> bool {
        app.handle_mouse(MouseEvent {
            kind: MouseEventKind::Down(MouseButton::Left),
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    }

    fn wheel(app: &mut App, down: bool) -> bool {
        let kind = if down {
            MouseEventKind::ScrollDown
        } else {
            MouseEventKind::ScrollUp
        };
        app.handle_mouse(MouseEvent {
            kind,
            column: 10,
            row: 10,
            modifiers: KeyModifiers::NONE,
        })
    }

    fn choice<'a>(app: &'a App) -> &'a Choice {
        match app.screen() {
            Screen::Question(choice) => choice,
            other => panic!("not a question: {other:?}"),
        }
    }

    fn question_id(app: &App) -> String {
        let q = choice(app).question;
        app.session().questionnaire().question(q).id.clone()
    }

    /// Where on screen the drawing put an item: the first row whose hit is that item.
    fn item_at(app: &App, item: usize) -> (u16, u16) {
        let area = app.area();
        for row in 0..area.height {
            for column in 0..area.width {
                if hit(app, area, column, row) == Some(Hit::Item(item)) {
                    return (column, row);
                }
            }
        }
        panic!("item {item} not on screen");
    }

    fn button_at(app: &App, button: Button) -> (u16, u16) {
        let area = app.area();
        for row in 0..area.height {
            for column in 0..area.width {
                if hit(app, area, column, row) == Some(Hit::Button(button)) {
                    return (column, row);
                }
            }
        }
        panic!("{button:?} not on screen");
    }

    #[test]
    fn enter_on_welcome_shows_the_first_question() {
        let q = small();
        let mut app = App::new(&q, Config::default());
        assert_eq!(app.screen(), &Screen::Welcome { scroll: 0 });
        press(&mut app, "\n");
        assert_eq!(question_id(&app), "flags");
    }

    #[test]
    fn arrows_and_jk_move_within_the_options() {
        let q = small();
        let mut app = App::new(&q, Config::default());
        press(&mut app, "\n");
        press(&mut app, "j");
        assert_eq!(choice(&app).cursor, 1);
        press(&mut app, "vvvv");
        assert_eq!(choice(&app).cursor, 2, "stops at the last option");
        press(&mut app, "k^^");
        assert_eq!(choice(&app).cursor, 0, "stops at the first option");
    }

    #[test]
    fn space_toggles_and_enter_confirms_multiple_choice() {
        let q = small();
        let mut app = App::new(&q, Config::default());
        press(&mut app, "\n");
        press(&mut app, "j ");
        assert_eq!(choice(&app).picked, vec![false, true, false]);
        press(&mut app, " ");
        assert_eq!(choice(&app).picked, vec![false, false, false]);
        press(&mut app, " \n");
        assert_eq!(question_id(&app), "where");
        assert_eq!(
            app.session().answer_to(QuestionIndex(0)),
            Some(&Answer::many([1]))
        );
    }

    #[test]
    fn exclusive_option_clears_the_others_and_the_others_clear_it() {
        let q = small();
        let mut app = App::new(&q, Config::default());
        press(&mut app, "\n12");
        assert_eq!(choice(&app).picked, vec![true, true, false]);
        press(&mut app, "3");
        assert_eq!(choice(&app).picked, vec![false, false, true]);
        press(&mut app, "2");
        assert_eq!(choice(&app).picked, vec![false, true, false]);
    }

    #[test]
    fn nothing_picked_shows_the_engine_message_inline() {
        let q = small();
        let mut app = App::new(&q, Config::default());
        press(&mut app, "\n\n");
        assert_eq!(question_id(&app), "flags");
        assert_eq!(
            choice(&app).error.as_deref(),
            Some("please pick at least one option")
        );
        press(&mut app, "3");
        assert_eq!(choice(&app).error, None, "picking clears the message");
    }

    #[test]
    fn digits_pick_options_and_scale_values() {
        let q = small();
        let mut app = App::new(&q, Config::default());
        press(&mut app, "\n3\n");
        press(&mut app, "2");
        assert_eq!(choice(&app).cursor, 1);
        assert!(choice(&app).chosen);
        press(&mut app, "9");
        assert_eq!(choice(&app).cursor, 1, "no option 9");
        press(&mut app, "1\n");
        assert_eq!(question_id(&app), "groin");
        press(&mut app, "n\n");
        assert_eq!(question_id(&app), "severity");
        press(&mut app, "7");
        assert_eq!(choice(&app).cursor, 7);
        press(&mut app, "0");
        assert_eq!(choice(&app).cursor, 0);
        press(&mut app, "9j");
        assert_eq!(choice(&app).cursor, 10, "10 is reached by moving");
        press(&mut app, "\n");
        assert!(matches!(app.screen(), Screen::Review { .. }));
        assert_eq!(
            app.session().answer_to(QuestionIndex(3)),
            Some(&Answer::Scale(10))
        );
    }

    #[test]
    fn confirm_routes_along_the_rules() {
        let q = small();
        let mut app = App::new(&q, Config::default());
        // Saddle numbness goes straight to the emergency result, with no review first.
        press(&mut app, "\n1\n");
        assert!(matches!(app.screen(), Screen::Result { .. }));
        let outcome = app.session().assessment().map(|a| a.outcome.id.clone());
        assert_eq!(outcome.as_deref(), Some("emergency"));
        // Back is still there: to the question that was answered, its answer kept.
        press(&mut app, "<");
        assert_eq!(question_id(&app), "flags");
        assert!(choice(&app).picked[0], "saddle numbness is still ticked");
        // Hip then groin pain goes to the hip result.
        let mut app = App::new(&q, Config::default());
        press(&mut app, "\n3\n2\ny\n");
        let outcome = app.session().assessment().map(|a| a.outcome.id.clone());
        assert_eq!(outcome.as_deref(), Some("hip_result"));
    }

    #[test]
    fn back_keeps_the_earlier_answer() {
        let q = small();
        let mut app = App::new(&q, Config::default());
        press(&mut app, "\n2\n2\n");
        assert_eq!(question_id(&app), "groin");
        press(&mut app, "<");
        assert_eq!(question_id(&app), "where");
        assert_eq!(choice(&app).cursor, 1, "Hip is selected again");
        assert!(choice(&app).chosen);
        app.handle_key(key(KeyCode::Backspace));
        assert_eq!(question_id(&app), "flags");
        assert_eq!(choice(&app).picked, vec![false, true, false]);
        press(&mut app, "b");
        assert_eq!(app.screen(), &Screen::Welcome { scroll: 0 });
    }

    #[test]
    fn review_jump_reroutes_from_the_changed_answer() {
        let q = small();
        let mut app = App::new(&q, Config::default());
        press(&mut app, "\n3\n3\n");
        assert_eq!(
            app.screen(),
            &Screen::Review {
                cursor: 2,
                armed: false
            }
        );
        // Knee ended it; change "where" to Low back.
        press(&mut app, "^\n");
        assert_eq!(question_id(&app), "where");
        assert_eq!(choice(&app).cursor, 2, "Knee pre-selected");
        press(&mut app, "1\n");
        assert_eq!(
            question_id(&app),
            "groin",
            "the route goes on from the change"
        );
        press(&mut app, "n\n5\n");
        assert!(matches!(app.screen(), Screen::Review { .. }));
        press(&mut app, "\n");
        assert_eq!(app.screen(), &Screen::Result { scroll: 0 });
        let outcome = app.session().assessment().map(|a| a.outcome.id.clone());
        assert_eq!(outcome.as_deref(), Some("back_result"));
    }

    #[test]
    fn q_asks_before_quitting_and_n_stays() {
        let q = small();
        let mut app = App::new(&q, Config::default());
        press(&mut app, "\nq");
        assert_eq!(app.overlay(), Some(Overlay::Confirm(Confirm::Quit)));
        press(&mut app, "j");
        assert!(app.is_running(), "other keys do not quit");
        press(&mut app, "n");
        assert_eq!(app.overlay(), None);
        assert!(app.is_running());
        assert_eq!(
            choice(&app).cursor,
            0,
            "the key went to the popup, not the list"
        );
        press(&mut app, "qy");
        assert!(!app.is_running());
    }

    #[test]
    fn ctrl_c_asks_and_twice_quits_at_once() {
        let q = small();
        let mut app = App::new(&q, Config::default());
        press(&mut app, "\n");
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        app.handle_key(ctrl_c);
        assert!(app.is_running());
        assert_eq!(app.overlay(), Some(Overlay::Confirm(Confirm::Quit)));
        app.handle_key(ctrl_c);
        assert!(!app.is_running());
    }

    #[test]
    fn quit_keys_can_be_switched_off() {
        let q = small();
        let config = Config {
            quit_keys: false,
            ..Config::default()
        };
        let mut app = App::new(&q, config);
        press(&mut app, "q");
        app.handle_key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
        assert!(app.is_running());
        assert_eq!(app.overlay(), None);
    }

    #[test]
    fn question_mark_shows_help_and_any_key_closes_it() {
        let q = small();
        let mut app = App::new(&q, Config::default());
        press(&mut app, "\n?");
        assert_eq!(app.overlay(), Some(Overlay::Help));
        press(&mut app, "j");
        assert_eq!(app.overlay(), None);
        assert_eq!(choice(&app).cursor, 0);
    }

    #[test]
    fn click_selects_and_a_second_click_confirms() {
        let q = small();
        let mut app = App::new(&q, Config::default());
        press(&mut app, "\n3\n");
        assert_eq!(question_id(&app), "where");
        // The first option is under the cursor but not chosen yet: one click chooses it.
        let (x, y) = item_at(&app, 0);
        assert!(click(&mut app, x, y));
        assert_eq!(question_id(&app), "where");
        assert!(choice(&app).chosen);
        let (x, y) = item_at(&app, 1);
        click(&mut app, x, y);
        assert_eq!(choice(&app).cursor, 1);
        assert_eq!(question_id(&app), "where");
        click(&mut app, x, y);
        assert_eq!(question_id(&app), "groin");
        assert_eq!(
            app.session().answer_to(QuestionIndex(1)),
            Some(&Answer::Choices(vec![OptionIndex(1)]))
        );
    }

    #[test]
    fn clicks_tick_multiple_choice_and_next_confirms() {
        let q = small();
        let mut app = App::new(&q, Config::default());
        press(&mut app, "\n");
        let (x, y) = item_at(&app, 1);
        click(&mut app, x, y);
        assert_eq!(choice(&app).picked, vec![false, true, false]);
        let (x, y) = button_at(&app, Button::Next);
        click(&mut app, x, y);
        assert_eq!(question_id(&app), "where");
        let (x, y) = button_at(&app, Button::Back);
        click(&mut app, x, y);
        assert_eq!(question_id(&app), "flags");
    }

    #[test]
    fn clicking_an_answer_in_review_twice_goes_back_to_it() {
        let q = small();
        let mut app = App::new(&q, Config::default());
        press(&mut app, "\n3\n3\n");
        let (x, y) = item_at(&app, 0);
        click(&mut app, x, y);
        assert_eq!(
            app.screen(),
            &Screen::Review {
                cursor: 0,
                armed: true
            }
        );
        click(&mut app, x, y);
        assert_eq!(question_id(&app), "flags");
        assert!(app.session().trail().is_empty());
    }

    #[test]
    fn wheel_scrolls_the_result() {
        let q = small();
        let mut app = App::new(&q, Config::default());
        app.resize(80, 14);
        press(&mut app, "\n3\n3\n\n");
        assert_eq!(app.screen(), &Screen::Result { scroll: 0 });
        assert!(
            max_scroll(&app, app.area()) > 0,
            "result taller than 14 rows"
        );
        assert!(wheel(&mut app, true));
        assert_eq!(app.screen(), &Screen::Result { scroll: 3 });
        wheel(&mut app, false);
        assert_eq!(app.screen(), &Screen::Result { scroll: 0 });
        assert!(!wheel(&mut app, false), "nothing above the top");
        press(&mut app, "j");
        assert_eq!(app.screen(), &Screen::Result { scroll: 1 });
        app.handle_key(key(KeyCode::End));
        let max = max_scroll(&app, app.area());
        assert_eq!(app.screen(), &Screen::Result { scroll: max });
        assert!(!wheel(&mut app, true), "nothing below the end");
    }

    #[test]
    fn wheel_scrolls_a_long_list_without_changing_the_answer() {
        let q = small();
        let mut app = App::new(&q, Config::default());
        app.resize(40, 12);
        press(&mut app, "\n3\n1\nn\n2");
        let before = choice(&app).clone();
        assert_eq!(scroll_position(&app, app.area()).0, 0);
        assert!(wheel(&mut app, true));
        assert_eq!(scroll_position(&app, app.area()).0, 3);
        assert_eq!(choice(&app), &before, "the chosen value stays at 2");
        // Clicking a value that scrolled into view chooses it and keeps the view.
        let (x, y) = item_at(&app, 5);
        click(&mut app, x, y);
        assert_eq!(choice(&app).cursor, 5);
        assert_eq!(scroll_position(&app, app.area()).0, 3);
        // A key brings the view back to the cursor.
        wheel(&mut app, false);
        assert_eq!(scroll_position(&app, app.area()).0, 0);
        assert!(
            app.handle_key(key(KeyCode::Char('x'))),
            "redraws to show the cursor"
        );
        let (offset, _) = scroll_position(&app, app.area());
        assert!(offset > 0, "value 5 is below the first screenful");
    }

    #[test]
    fn result_leads_back_to_review_start_again_or_quit() {
        let q = small();
        let mut app = App::new(&q, Config::default());
        press(&mut app, "\n3\n3\n\n");
        press(&mut app, "r");
        assert!(matches!(app.screen(), Screen::Review { .. }));
        press(&mut app, "\na");
        // Starting again asks first: nothing is cleared yet, and no keeps it all.
        assert_eq!(app.overlay(), Some(Overlay::Confirm(Confirm::StartAgain)));
        assert!(!app.session().trail().is_empty());
        press(&mut app, "n");
        assert_eq!(app.overlay(), None);
        assert!(matches!(app.screen(), Screen::Result { .. }));
        press(&mut app, "ay");
        assert_eq!(app.screen(), &Screen::Welcome { scroll: 0 });
        assert!(app.session().trail().is_empty());
        press(&mut app, "\n3\n3\n\nqy");
        assert!(!app.is_running());
        let finished = app.into_finished();
        let finished = finished.as_ref().and_then(|f| f.session.assessment());
        assert_eq!(finished.map(|a| a.outcome.id.as_str()), Some("knee_result"));
    }

    #[test]
    fn save_asks_the_folder_then_writes_a_new_private_file_and_says_where() {
        use std::os::unix::fs::PermissionsExt;
        let q = small();
        let folder = tempfile::tempdir().unwrap();
        let keeper =
            crate::ui::keep::Keeper::new(&q, folder.path().join("nosuch"), time::UtcOffset::UTC);
        let mut app = App::new(&q, Config::default()).with_keeper(&keeper);
        press(&mut app, "\n3\n3\n\n");
        assert!(matches!(app.screen(), Screen::Result { .. }));
        press(&mut app, "s");
        assert_eq!(app.overlay(), Some(Overlay::Save));
        assert!(app.save_box().folder.ends_with("nosuch"));
        // A folder that does not exist: the box stays, saying why; nothing is written.
        press(&mut app, "\n");
        assert_eq!(app.overlay(), Some(Overlay::Save));
        assert!(
            app.save_box()
                .error
                .as_deref()
                .is_some_and(|e| e.starts_with("Not saved"))
        );
        // Typing mends it: "nosuch" loses its last six letters.
        for _ in 0..7 {
            app.handle_key(key(KeyCode::Backspace));
        }
        press(&mut app, "\n");
        assert_eq!(app.overlay(), None);
        let files: Vec<_> = std::fs::read_dir(folder.path())
            .unwrap()
            .flatten()
            .collect();
        assert_eq!(files.len(), 1);
        let mode = files[0].metadata().unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let name = files[0].file_name().into_string().unwrap();
        assert!(
            app.notice().is_some_and(|n| n.contains(&name)),
            "{:?}",
            app.notice()
        );
        // Saving again makes another file, never replacing the first.
        press(&mut app, "s\n");
        assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 2);
        // Saved: quitting no longer warns that the result is lost.
        press(&mut app, "q");
        assert_eq!(app.overlay(), Some(Overlay::Confirm(Confirm::Quit)));
    }

    #[test]
    fn quitting_before_a_result_returns_nothing() {
        let q = small();
        let mut app = App::new(&q, Config::default());
        press(&mut app, "\n3\nqy");
        assert!(app.into_finished().is_none());
    }

    #[test]
    fn resize_to_tiny_and_back_keeps_the_state() {
        let q = small();
        let mut app = App::new(&q, Config::default());
        press(&mut app, "\n3\n2");
        let before = app.screen().clone();
        app.resize(10, 3);
        assert_eq!(hit(&app, app.area(), 2, 1), None);
        press(&mut app, "j");
        app.resize(80, 24);
        assert_eq!(choice(&app).cursor, 2, "keys still work while tiny");
        press(&mut app, "k");
        assert_eq!(app.screen(), &before);
    }

    #[test]
    fn input_that_changes_nothing_asks_for_no_redraw() {
        let q = small();
        let mut app = App::new(&q, Config::default());
        assert!(app.handle_key(key(KeyCode::Enter)));
        assert!(!app.handle_key(key(KeyCode::Up)), "already at the top");
        assert!(!app.handle_key(key(KeyCode::F(5))));
        assert!(!app.handle_key(KeyEvent::new(KeyCode::Char('x'), KeyModifiers::CONTROL)));
        let moved = MouseEvent {
            kind: MouseEventKind::Moved,
            column: 3,
            row: 3,
            modifiers: KeyModifiers::NONE,
        };
        assert!(!app.handle_mouse(moved));
        assert!(!click(&mut app, 79, 10), "a click on nothing");
        assert!(!app.on_tick(Instant::now()));
        assert!(app.handle_key(key(KeyCode::Down)));
    }

    #[test]
    fn idle_time_comes_from_ticks() {
        let q = small();
        let mut app = App::new(&q, Config::default());
        let t0 = Instant::now();
        app.on_tick(t0);
        assert_eq!(
            app.idle_for(t0 + Duration::from_secs(30)),
            Duration::from_secs(30)
        );
        press(&mut app, "\n");
        app.on_tick(t0 + Duration::from_secs(40));
        assert_eq!(
            app.idle_for(t0 + Duration::from_secs(45)),
            Duration::from_secs(5)
        );
    }
}
