//! The buttons of the questionnaire's screens: which there are, and the words, label and width
//! each is drawn with. Where a screen puts its buttons is `layout`, what a click lands on is
//! `hit`, and what a pressed button does is `input`.

use super::app::Confirm;
use crate::content::words::Words;
use crate::text::display_width;

/// Something on screen that a click acts on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Button {
    Start,
    Back,
    Next,
    Help,
    Quit,
    SeeResult,
    Review,
    StartAgain,
    /// Result: save the summary to a file (asks where).
    Save,
    /// Result: quit and print the full summary (asks first).
    Print,
    /// A yes/no box: yes, do it.
    Yes(Confirm),
    /// A yes/no box: no, stay.
    No,
    /// The save box: save in the folder typed.
    SaveYes,
    /// The save box: close it, saving nothing.
    Cancel,
    /// Touch layout: scroll the list or text up or down a page.
    ScrollUp,
    ScrollDown,
    /// Touch layout: done with the result.
    Finish,
    /// Touch layout: send the answers to reception.
    Send,
    /// Shows the body map in place of the answers, where it does not fit beside them.
    ShowBodyMap,
    /// Shows the answers again in place of the body map.
    ShowList,
}

/// Height of a big touch button: a box with the label in the middle.
pub const TOUCH_BUTTON_HEIGHT: u16 = 3;

impl Button {
    /// The button's words, without the brackets and arrows drawn around them.
    fn words(self, words: &Words) -> &str {
        let buttons = &words.tui.buttons;
        match self {
            Button::ScrollUp => "▲",
            Button::ScrollDown => "▼",
            Button::Finish => &buttons.finish,
            Button::Send => &buttons.send,
            Button::Start => &buttons.start,
            Button::Back => &buttons.back,
            Button::Next => &buttons.next,
            Button::Help => &buttons.help,
            Button::Quit => &buttons.quit,
            Button::SeeResult => &buttons.see_result,
            Button::Review => &buttons.review,
            Button::StartAgain => &buttons.start_again,
            Button::Save => &buttons.save,
            Button::Print => &buttons.print,
            Button::Yes(Confirm::Quit) => &buttons.quit_yes,
            Button::Yes(Confirm::StartAgain) => &buttons.restart_yes,
            Button::Yes(Confirm::Print) => &buttons.print_yes,
            Button::Yes(Confirm::Finish) => &buttons.finish_yes,
            Button::No => &buttons.quit_no,
            Button::SaveYes => &buttons.save_yes,
            Button::Cancel => &buttons.cancel,
            Button::ShowBodyMap => &words.tui.body_map_show,
            Button::ShowList => &words.tui.body_map_hide,
        }
    }

    /// The label of the one-line button: "[ Next ]", "[ y  Yes, quit ]".
    pub(super) fn label(self, words: &Words) -> String {
        let text = self.words(words);
        match self {
            Button::Yes(_) => format!("[ {}  {text} ]", words.common.yes_key()),
            Button::No => format!("[ {}  {text} ]", words.common.no_key()),
            Button::SaveYes => format!("[ {}  {text} ]", words.common.enter_key),
            Button::Cancel => format!("[ Esc  {text} ]"),
            // Short, with its key: the one-line row is full on a question.
            Button::ShowBodyMap => format!("[ m  {} ]", words.tui.body_map_key),
            Button::ShowList => format!("[ m  {text} ]"),
            _ => format!("[ {text} ]"),
        }
    }

    /// The words on the big touch button (drawn in a box, so without brackets).
    pub(super) fn touch_label(self, words: &Words) -> String {
        let text = self.words(words);
        match self {
            Button::Back => format!("◀ {text}"),
            Button::Next | Button::SeeResult => format!("{text} ▶"),
            Button::Review => format!("◀ {}", words.tui.buttons.my_answers),
            _ => text.to_string(),
        }
    }

    /// How wide the button is drawn.
    pub(super) fn width(self, touch: bool, words: &Words) -> u16 {
        if touch {
            display_width(&self.touch_label(words)) as u16 + 4
        } else {
            display_width(&self.label(words)) as u16
        }
    }
}
