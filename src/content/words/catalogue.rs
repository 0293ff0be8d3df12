//! What a word catalogue holds: one struct of texts for each part of the interface (common
//! words, errors, the result, the TUI, plain mode, the summary, the kiosk, the session's end),
//! each declared once with the `catalogue!` macro, which also reads it from its TOML table and
//! packs it; and the few questions asked of the texts (is this a yes, which month is 3).

use super::load::{FromValue, field, no_unknown_keys};

/// A catalogue table as a struct of texts (or of tables): every key present, none unknown. A
/// field named as a Rust keyword gives its TOML key after `=`.
macro_rules! catalogue {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$field_meta:meta])* pub $field:ident $(= $key:literal)? : $ty:ty, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone)]
        pub struct $name {
            $( $(#[$field_meta])* pub $field: $ty, )*
        }

        impl $name {
            const KEYS: &[&str] = &[$(catalogue!(@key $field $($key)?)),*];

            pub(super) fn from_table(table: &toml::Table) -> Result<$name, String> {
                no_unknown_keys(table, Self::KEYS)?;
                Ok($name {
                    $( $field: field(table, catalogue!(@key $field $($key)?))?, )*
                })
            }
        }

        impl crate::content::packed::Pack for $name {
            fn pack(&self, out: &mut Vec<u8>) {
                $( crate::content::packed::Pack::pack(&self.$field, out); )*
            }
            fn unpack(
                reader: &mut crate::content::packed::Reader<'_>,
            ) -> Result<$name, crate::content::packed::Corrupt> {
                Ok($name { $( $field: crate::content::packed::Pack::unpack(reader)?, )* })
            }
        }

        impl FromValue for $name {
            fn from_value(value: &toml::Value, key: &str) -> Result<$name, String> {
                match value {
                    toml::Value::Table(table) => $name::from_table(table),
                    other => Err(format!(
                        "invalid type: {} `{key}`, expected a table",
                        other.type_str()
                    )),
                }
            }
        }
    };
    (@key $field:ident $key:literal) => { $key };
    (@key $field:ident) => { stringify!($field) };
}

catalogue! {
    /// One language's catalogue: every text of the interface.
    pub struct Words {
        pub common: Common,
        pub errors: Errors,
        pub result: ResultWords,
        pub tui: Tui,
        pub plain: Plain,
        pub summary: Summary,
        pub kiosk: Kiosk,
        pub session_end: SessionEnd,
    }
}

catalogue! {
    /// Texts every view shares.
    pub struct Common {
        /// The labels of a yes-no question's options.
        pub yes: String,
        pub no: String,
        /// What may be typed for yes and for no, separated by spaces (besides y, yes, n, no).
        pub typed_yes: String,
        pub typed_no: String,
        /// The keys of yes and no as the hints name them ("y n").
        pub yes_no_keys: String,
        pub enter_key: String,
        /// "Question {n} of up to {total}".
        pub question_of: String,
        pub emergency: String,
        /// Words, separated by spaces, that show a text already speaks of emergencies.
        pub emergency_words: String,
        /// "{value} out of {max}".
        pub scale_value: String,
    }
}

impl Common {
    /// Does `text` speak of emergencies (so the welcome needs no extra line saying so)?
    pub fn says_emergency(&self, text: &str) -> bool {
        let text = text.to_lowercase();
        self.emergency_words
            .split_whitespace()
            .any(|word| text.contains(&word.to_lowercase()))
    }

    /// The key a yes/no box names for yes: the first single letter of `typed_yes` ("y", "s").
    pub fn yes_key(&self) -> &str {
        first_letter(&self.typed_yes).unwrap_or("y")
    }

    /// The key a yes/no box names for no: the first single letter of `typed_no` ("n").
    pub fn no_key(&self) -> &str {
        first_letter(&self.typed_no).unwrap_or("n")
    }

    /// Is `typed` a yes (`Some(true)`), a no (`Some(false)`), or neither? The English y, yes,
    /// n and no always count.
    pub fn yes_or_no(&self, typed: &str) -> Option<bool> {
        let typed = typed.to_lowercase();
        let is = |words: &str| words.split_whitespace().any(|w| w.to_lowercase() == typed);
        if is("y yes") || is(&self.typed_yes) {
            Some(true)
        } else if is("n no") || is(&self.typed_no) {
            Some(false)
        } else {
            None
        }
    }
}

/// The first word of `words` (separated by spaces) that is a single character.
fn first_letter(words: &str) -> Option<&str> {
    words.split_whitespace().find(|w| w.chars().count() == 1)
}

catalogue! {
    /// Why an answer was refused.
    pub struct Errors {
        pub finished: String,
        pub wrong_kind: String,
        pub nothing_picked: String,
        pub only_one: String,
        pub no_such_option: String,
        pub exclusive: String,
        pub not_offered: String,
        pub out_of_range: String,
        pub no_route: String,
    }
}

catalogue! {
    /// The parts of a result every view words the same way.
    pub struct ResultWords {
        /// The heading of the final disposition's "until you are seen" items, shown first.
        pub until_seen: String,
        pub why: String,
        pub also_consider: String,
        pub advice: String,
        pub avoid: String,
        pub get_help: String,
        pub sooner_if: String,
        pub sources: String,
        pub raised: String,
        pub also_consider_line: String,
        pub source_publisher_date: String,
        pub source_publisher: String,
        pub source_date: String,
    }
}

catalogue! {
    /// The full-screen questionnaire.
    pub struct Tui {
        pub welcome: String,
        pub check_answers: String,
        pub your_result: String,
        pub keys_heading: String,
        pub mouse: String,
        pub too_small: String,
        pub hint_single: String,
        pub hint_yes_no: String,
        pub hint_multiple: String,
        pub hint_scale: String,
        pub touch_hint_single: String,
        pub touch_hint_multiple: String,
        pub touch_hint_scale: String,
        pub your_answers: String,
        pub review_how: String,
        pub review_how_touch: String,
        pub see_result: String,
        pub help_title: String,
        pub help_title_touch: String,
        pub help_close: String,
        pub help_close_touch: String,
        pub quit_title: String,
        pub quit_question: String,
        pub quit_lost: String,
        pub quit_lost_result: String,
        pub restart_title: String,
        pub restart_question: String,
        pub restart_lost: String,
        pub print_title: String,
        pub print_question: String,
        pub print_scrollback: String,
        pub finish_title: String,
        pub finish_question: String,
        pub save_title: String,
        pub save_folder: String,
        pub save_how: String,
        pub saved: String,
        pub not_saved: String,
        pub typed_digit: String,
        pub typed_digit_one: String,
        /// The touch layout's cue that answers (or more text) are out of view, under the
        /// list; an arrow is drawn beside it.
        pub more_answers_below: String,
        pub more_answers_above: String,
        pub more_below: String,
        pub more_above: String,
        /// The body map: the titles over its figures, the button and key that show it where
        /// it does not fit beside the answers, and the button back to the answers.
        pub body_front: String,
        pub body_back: String,
        pub body_map_show: String,
        pub body_map_hide: String,
        pub body_map_key: String,
        /// The touch layout's message when Next is tapped before an answer.
        pub choose_first: String,
        pub buttons: Buttons,
        pub key_names: KeyNames,
        pub letters: Letters,
        pub keys: Keys,
        pub help: KeyHelp,
    }
}

catalogue! {
    /// The TUI's buttons: words only, the brackets and arrows are drawn around them.
    pub struct Buttons {
        pub start: String,
        pub back: String,
        pub next: String,
        pub help: String,
        pub quit: String,
        pub see_result: String,
        pub review: String,
        pub my_answers: String,
        pub start_again: String,
        pub finish: String,
        pub send: String,
        pub quit_yes: String,
        pub quit_no: String,
        pub save: String,
        pub print: String,
        pub restart_yes: String,
        pub print_yes: String,
        pub finish_yes: String,
        pub save_yes: String,
        pub cancel: String,
    }
}

catalogue! {
    /// Key names that are words ("Space"); the letters and arrows stay as they are.
    pub struct KeyNames {
        pub space: String,
        pub tap: String,
        pub back: String,
        pub scroll: String,
        pub page: String,
    }
}

catalogue! {
    /// The result screen's letters in one language, each one lowercase letter that is not a
    /// letter of yes or no there (checked when the catalogue is read).
    pub struct Letters {
        pub review: String,
        pub save: String,
        pub print: String,
        pub start_again: String,
        pub send: String,
    }
}

catalogue! {
    /// What a key does, in a footer: a word or two.
    pub struct Keys {
        pub start: String,
        pub scroll: String,
        pub move_ = "move": String,
        pub pick: String,
        pub tick: String,
        pub next: String,
        pub back: String,
        pub help: String,
        pub quit: String,
        pub choose: String,
        pub review: String,
        pub start_again: String,
        pub my_answers: String,
        pub finish: String,
        pub send: String,
        pub save: String,
        pub print: String,
    }
}

catalogue! {
    /// What a key does, in the welcome's key list and the help box.
    pub struct KeyHelp {
        pub pick: String,
        pub tick: String,
        pub confirm: String,
        pub back: String,
        pub quit: String,
        pub change: String,
        pub back_to_question: String,
        pub quit_asks: String,
        pub save: String,
        pub print: String,
        pub start_again: String,
        pub scroll_line: String,
        pub scroll_page: String,
        pub back_to_answers: String,
        /// Under a question whose answers have help: that the help box explains them.
        pub answers_explained: String,
    }
}

catalogue! {
    /// Plain mode.
    pub struct Plain {
        pub how_to_answer: String,
        pub starting_again: String,
        pub sorry: String,
        pub first_question: String,
        pub type_an_answer: String,
        pub hint_single: String,
        pub hint_yes_no: String,
        pub hint_multiple: String,
        pub hint_scale: String,
        pub back: String,
        pub help: String,
        pub keep_earlier: String,
        pub no_help: String,
        pub keys: String,
        pub key_numbers: String,
        pub key_yes_no: String,
        pub key_enter: String,
        pub key_back: String,
        pub key_help: String,
        pub your_answers: String,
        pub review_how: String,
        pub not_an_entry: String,
        pub what_next: String,
        pub next_back: String,
        pub next_review: String,
        pub next_start_again: String,
        /// The letter typed to start again after a result.
        pub next_start_again_key: String,
        pub next_quit: String,
        pub result: String,
        pub not_a_number: String,
        pub scale_range: String,
        pub scale_one: String,
        pub not_an_option: String,
        /// An answer said back in words: "You chose: {answer}".
        pub you_chose: String,
        /// The key hint's word for q.
        pub quit: String,
        /// What q does, in the key list of the help.
        pub key_quit: String,
        /// What may be typed to quit, separated by spaces, besides q and quit.
        pub typed_quit: String,
        /// Asked on q before a result: what is lost.
        pub quit_question: String,
        /// Asked on q once the answers are all given: what is lost unless saved.
        pub quit_at_result: String,
        /// Asked before starting again after a result.
        pub start_again_question: String,
        /// Under a yes-or-no question of plain mode's own: "{yes} = yes, {no} = no".
        pub confirm_keys: String,
        pub type_yes_or_no: String,
        pub next_save: String,
        /// The letter typed to save (not a letter of yes or no in the language).
        pub next_save_key: String,
        pub next_show: String,
        /// The letter typed to show the full summary (not a letter of yes or no).
        pub next_show_key: String,
        /// "type {keys} or {last}": the letters the result's prompt takes.
        pub type_keys: String,
        /// The folder asked for on saving; Enter takes `{folder}`.
        pub save_where: String,
        pub save_failed: String,
        pub save_again: String,
        /// The error when input ends before the questions are finished.
        pub input_ended: String,
        /// After "Sorry: ": an answer line over `{limit}` bytes was dropped.
        pub answer_too_long: String,
        /// The error when a line goes on past any bound: input is not read further.
        pub input_endless: String,
    }
}

catalogue! {
    /// The Markdown summary.
    pub struct Summary {
        pub title: String,
        pub date: String,
        pub your_answers: String,
        pub no_answers: String,
        pub result: String,
        pub why: String,
        pub no_why: String,
        pub no_advice: String,
        pub no_avoid: String,
        pub no_sources: String,
        pub made_by: String,
        pub time: String,
        /// Reception's copy of a session answered in another language.
        pub answered_in: String,
        pub weekdays: Weekdays,
        pub months: Months,
    }
}

catalogue! {
    /// The days of the week, for the summary's date.
    pub struct Weekdays {
        pub monday: String,
        pub tuesday: String,
        pub wednesday: String,
        pub thursday: String,
        pub friday: String,
        pub saturday: String,
        pub sunday: String,
    }
}

catalogue! {
    /// The months, for the summary's date.
    pub struct Months {
        pub january: String,
        pub february: String,
        pub march: String,
        pub april: String,
        pub may: String,
        pub june: String,
        pub july: String,
        pub august: String,
        pub september: String,
        pub october: String,
        pub november: String,
        pub december: String,
    }
}

impl Months {
    /// The name of month `number`, January being 1.
    pub fn name(&self, number: u8) -> &str {
        match number {
            2 => &self.february,
            3 => &self.march,
            4 => &self.april,
            5 => &self.may,
            6 => &self.june,
            7 => &self.july,
            8 => &self.august,
            9 => &self.september,
            10 => &self.october,
            11 => &self.november,
            12 => &self.december,
            _ => &self.january,
        }
    }
}

impl Weekdays {
    /// The name of day `number` of the week, Monday being 1 (anything else is Sunday).
    pub fn name(&self, number: u8) -> &str {
        match number {
            1 => &self.monday,
            2 => &self.tuesday,
            3 => &self.wednesday,
            4 => &self.thursday,
            5 => &self.friday,
            6 => &self.saturday,
            _ => &self.sunday,
        }
    }
}

catalogue! {
    /// The kiosk's patient screens.
    pub struct Kiosk {
        pub start: String,
        /// Drawn in block letters, which have A to Z, digits and spaces only.
        pub all_done_big: String,
        pub all_done: String,
        pub touch_to_finish: String,
        pub code_heading: String,
        pub code: String,
        pub code_sent: String,
        pub still_there_title: String,
        pub still_there: String,
        pub clear_in_one: String,
        pub clear_in_many: String,
        pub carry_on: String,
        pub not_sent_title: String,
        pub not_sent: String,
        pub still_here: String,
        pub go_back: String,
        pub sending_title: String,
        pub sending: String,
        pub wait: String,
        /// Reception's copy of a hand-off (`output::report::Reader::Staff`): its title, the
        /// heading of the answers and why the result was moved up, speaking of the patient.
        pub reception_title: String,
        pub reception_answers: String,
        pub reception_raised: String,
    }
}

catalogue! {
    /// What the binary prints after a session in the terminal.
    pub struct SessionEnd {
        pub your_result: String,
        pub saved: String,
        pub cannot_save_there: String,
        /// Followed by a space and what is typed.
        pub ask_path: String,
        pub printed_instead: String,
        pub lost: String,
    }
}

#[cfg(test)]
mod tests {
    use crate::content::words::{english, for_language};

    #[test]
    fn yes_and_no_are_read_in_english_and_in_the_language() {
        let spanish = &for_language("es").common;
        for typed in ["s", "Sí", "si", "y", "YES"] {
            assert_eq!(spanish.yes_or_no(typed), Some(true), "{typed}");
        }
        for typed in ["n", "No"] {
            assert_eq!(spanish.yes_or_no(typed), Some(false), "{typed}");
        }
        assert_eq!(spanish.yes_or_no("1"), None);
        assert_eq!(english().common.yes_or_no("s"), None);
        assert_eq!((spanish.yes_key(), spanish.no_key()), ("s", "n"));
        let english = &english().common;
        assert_eq!((english.yes_key(), english.no_key()), ("y", "n"));
    }
}
