//! painpath's own words: every text of the interface that is not the questionnaire's content
//! (buttons, headings, hints, key help, messages), one catalogue per language in
//! `words/<tag>.toml`, embedded in the binary. The questionnaire's `meta.language` picks the
//! catalogue, so a translated questions file brings the interface along.
//!
//! The texts are data, not code: which keys work and how a screen is laid out stay in the
//! views; only what they say comes from here. A text with values in it names them as
//! `{name}`, filled by [`fill`].

use std::collections::BTreeSet;
use std::sync::OnceLock;

use crate::content::language::same_language;
use crate::content::model::Questionnaire;

/// One built-in language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language {
    /// Its BCP 47 primary subtag: `en`, `es`.
    pub tag: &'static str,
    /// Its name in itself: `English`, `Español`.
    pub name: &'static str,
    /// Where its catalogue comes from, for messages.
    pub file: &'static str,
    source: &'static str,
}

/// Every built-in language, English (the fallback) first.
const LANGUAGES: [Language; 2] = [
    Language {
        tag: "en",
        name: "English",
        file: "words/en.toml",
        source: include_str!("../../words/en.toml"),
    },
    Language {
        tag: "es",
        name: "Español",
        file: "words/es.toml",
        source: include_str!("../../words/es.toml"),
    },
];

/// Each language's catalogue, parsed the first time it is asked for.
static PARSED: [OnceLock<Words>; LANGUAGES.len()] = [const { OnceLock::new() }; LANGUAGES.len()];

/// Every built-in language: its tag and its own name, English first.
pub fn languages() -> &'static [Language] {
    &LANGUAGES
}

/// The built-in language of a tag (by its primary subtag), if painpath has words for it.
pub fn language(tag: &str) -> Option<&'static Language> {
    LANGUAGES.iter().find(|l| same_language(l.tag, tag))
}

/// A language's name in itself ("Español"), or the tag when painpath has no words for it.
pub fn language_name(tag: &str) -> &str {
    language(tag).map_or(tag, |l| l.name)
}

/// The catalogue for a BCP 47 tag: the language whose tag is the primary subtag
/// (case-insensitive; `es`, `es-ES`, `ES_mx`, `es_ES.UTF-8` are all Spanish), else English.
pub fn for_language(tag: &str) -> &'static Words {
    let index = LANGUAGES
        .iter()
        .position(|l| same_language(l.tag, tag))
        .unwrap_or(0);
    PARSED[index].get_or_init(|| {
        // Packed by build.rs, which ran `check` on every catalogue first (a broken one fails
        // the build), so unpacking is all start-up does; the TOML text is the fallback.
        #[cfg(painpath_packed)]
        if let Ok(words) = crate::content::packed::unpack(PACKED[index]) {
            return words;
        }
        // The catalogues are compiled in, and `check` (run by build.rs) and the unit tests
        // parse every one of them, so a broken one never ships: this cannot fail at run time.
        parse(LANGUAGES[index].source).expect("the embedded word catalogues are checked")
    })
}

/// Each language's catalogue as build.rs packed it, in the order of [`LANGUAGES`].
#[cfg(painpath_packed)]
static PACKED: [&[u8]; LANGUAGES.len()] = [
    include_bytes!(concat!(env!("OUT_DIR"), "/words.en.bin")),
    include_bytes!(concat!(env!("OUT_DIR"), "/words.es.bin")),
];

/// Every built-in catalogue, checked (see [`check`]) and packed: (tag, packed bytes). For
/// build.rs.
pub fn packed_catalogues() -> Result<Vec<(&'static str, Vec<u8>)>, String> {
    // The check parses each catalogue and keeps it, so `for_language` parses nothing again.
    check()?;
    Ok(LANGUAGES
        .iter()
        .map(|language| {
            let words = for_language(language.tag);
            (language.tag, crate::content::packed::pack(words))
        })
        .collect())
}

/// The catalogue of the questionnaire's language.
pub fn of(questionnaire: &Questionnaire) -> &'static Words {
    for_language(&questionnaire.meta.language)
}

/// The English catalogue, the fallback and the reference every other one is checked against.
pub fn english() -> &'static Words {
    for_language("en")
}

/// Parses every embedded catalogue and checks each against English: the same keys (by
/// parsing), the same placeholders in each text, no empty text, and yes and no told apart.
pub fn check() -> Result<(), String> {
    // Each catalogue is parsed once, here: its texts and its typed form come from the same
    // table, and the typed form is kept for `for_language`.
    let table = |language: &Language| {
        toml::from_str::<toml::Table>(language.source)
            .map_err(|e| format!("{}: {e}", language.file))
    };
    let reference = texts_of(&table(&LANGUAGES[0])?);
    for (index, language) in LANGUAGES.iter().enumerate() {
        let table = table(language)?;
        let words = Words::from_table(&table).map_err(|e| format!("{}: {e}", language.file))?;
        for (key, text) in &texts_of(&table) {
            if text.trim().is_empty() {
                return Err(format!("{}: {key} is empty", language.file));
            }
            let english = reference.iter().find(|(k, _)| k == key).map(|(_, t)| t);
            let Some(english) = english else {
                return Err(format!("{}: {key} is not in English", language.file));
            };
            let (want, have) = (placeholders(english), placeholders(text));
            if want != have {
                return Err(format!(
                    "{}: {key} has the placeholders {} where English has {}",
                    language.file,
                    list(&have),
                    list(&want)
                ));
            }
        }
        let yes: Vec<&str> = words.common.typed_yes.split_whitespace().collect();
        if let Some(both) = words
            .common
            .typed_no
            .split_whitespace()
            .find(|no| yes.iter().any(|yes| yes.eq_ignore_ascii_case(no)))
        {
            return Err(format!(
                "{}: \"{both}\" is in both common.typed_yes and common.typed_no",
                language.file
            ));
        }
        // Already set if it was asked for before the check: the same text, the same words.
        let _ = PARSED[index].set(words);
    }
    Ok(())
}

fn list(names: &BTreeSet<String>) -> String {
    if names.is_empty() {
        return "none".to_string();
    }
    let names: Vec<String> = names.iter().map(|n| format!("{{{n}}}")).collect();
    names.join(", ")
}

/// Every text of a catalogue, by its dotted key (`tui.buttons.next`), in file order.
#[cfg(test)]
fn texts(source: &str) -> Result<Vec<(String, String)>, String> {
    let table: toml::Table = toml::from_str(source).map_err(|err| err.to_string())?;
    Ok(texts_of(&table))
}

/// Every text of a parsed catalogue, by its dotted key, in file order.
fn texts_of(table: &toml::Table) -> Vec<(String, String)> {
    fn walk(prefix: &str, table: &toml::Table, out: &mut Vec<(String, String)>) {
        for (key, value) in table {
            let key = if prefix.is_empty() {
                key.clone()
            } else {
                format!("{prefix}.{key}")
            };
            match value {
                toml::Value::Table(inner) => walk(&key, inner, out),
                toml::Value::String(text) => out.push((key, text.clone())),
                // The typed parse refuses anything else first.
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk("", table, &mut out);
    out
}

/// The names of the `{name}` placeholders in `template`.
pub fn placeholders(template: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        rest = &rest[open + 1..];
        if let Some((name, after)) = placeholder_name(rest) {
            names.insert(name.to_string());
            rest = after;
        }
    }
    names
}

/// The name of a placeholder whose `{` was just read, and the text after its `}`.
fn placeholder_name(text: &str) -> Option<(&str, &str)> {
    let close = text.find('}')?;
    let name = &text[..close];
    let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    valid.then(|| (name, &text[close + 1..]))
}

/// `template` with each `{name}` replaced by its value; a placeholder without a value, or a
/// brace that starts none, stays as it is.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after_brace = &rest[open + 1..];
        match placeholder_name(after_brace)
            .and_then(|(name, after)| Some((values.iter().find(|(n, _)| *n == name)?.1, after)))
        {
            Some((value, after)) => {
                out.push_str(value);
                rest = after;
            }
            None => {
                out.push('{');
                rest = after_brace;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A catalogue from its TOML text; the error names a missing or unknown key.
fn parse(source: &str) -> Result<Words, String> {
    let table: toml::Table = toml::from_str(source).map_err(|err| err.to_string())?;
    Words::from_table(&table)
}

/// A part of a catalogue read from its TOML value: a text, or a table of them.
///
/// Not serde's derive: its visitors, one set per table and per parser, made up about 400 KB
/// of the release binary (nm). The catalogue is read from the generic `toml::Table` instead,
/// through this one small trait, with serde's wording for a missing or unknown key.
trait FromValue: Sized {
    fn from_value(value: &toml::Value, key: &str) -> Result<Self, String>;
}

impl FromValue for String {
    fn from_value(value: &toml::Value, key: &str) -> Result<String, String> {
        match value {
            toml::Value::String(text) => Ok(text.clone()),
            other => Err(format!(
                "invalid type: {} `{key}`, expected a string",
                other.type_str()
            )),
        }
    }
}

/// The field `key` of `table`, read as `T`.
fn field<T: FromValue>(table: &toml::Table, key: &str) -> Result<T, String> {
    match table.get(key) {
        Some(value) => T::from_value(value, key),
        None => Err(format!("missing field `{key}`")),
    }
}

/// Refuses a key of `table` that is not one of `known`.
fn no_unknown_keys(table: &toml::Table, known: &[&str]) -> Result<(), String> {
    match table.keys().find(|key| !known.contains(&key.as_str())) {
        Some(key) => Err(format!(
            "unknown field `{key}`, expected one of {}",
            known
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        None => Ok(()),
    }
}

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

            fn from_table(table: &toml::Table) -> Result<$name, String> {
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
        pub help_close: String,
        pub quit_title: String,
        pub quit_question: String,
        pub quit_lost: String,
        pub buttons: Buttons,
        pub key_names: KeyNames,
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
        pub scroll_line: String,
        pub scroll_page: String,
        pub back_to_answers: String,
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
        pub type_next: String,
        pub type_next_or_back: String,
        pub result: String,
        pub not_a_number: String,
        pub scale_range: String,
        pub scale_one: String,
        pub not_an_option: String,
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
    use super::*;

    #[test]
    fn every_embedded_catalogue_parses_and_passes_the_check() {
        for language in languages() {
            if let Err(err) = parse(language.source) {
                panic!("{}: {err}", language.file);
            }
        }
        assert_eq!(check(), Ok(()));
    }

    #[test]
    fn the_packed_catalogues_are_the_files_as_they_are_now() {
        // What the binary reads at start-up is what words/<tag>.toml says.
        for (index, language) in languages().iter().enumerate() {
            let parsed = parse(language.source).expect("parses");
            let packed: Words = crate::content::packed::unpack(PACKED[index]).expect("unpacks");
            assert_eq!(
                format!("{packed:?}"),
                format!("{parsed:?}"),
                "{}",
                language.file
            );
        }
    }

    #[test]
    fn the_languages_are_english_then_spanish_each_named_in_itself() {
        let named: Vec<(&str, &str)> = languages().iter().map(|l| (l.tag, l.name)).collect();
        assert_eq!(named, [("en", "English"), ("es", "Español")]);
    }

    /// The English catalogue with one line replaced (or, with `with` empty, dropped).
    fn english_with(line: &str, with: &str) -> String {
        let source = LANGUAGES[0].source;
        assert!(source.contains(line), "no {line:?} in en.toml");
        source.replacen(line, with, 1)
    }

    #[test]
    fn a_missing_key_is_refused_by_name() {
        let err = parse(&english_with("quit_no = \"No, stay\"\n", "")).unwrap_err();
        assert!(err.contains("missing field `quit_no`"), "{err}");
        let small = "[common]\nyes = \"Yes\"\n";
        let err = parse(small).unwrap_err();
        assert!(err.contains("missing field `no`"), "{err}");
    }

    #[test]
    fn an_unknown_key_is_refused_by_name() {
        let err = parse(&english_with(
            "next = \"Next\"\n",
            "next = \"Next\"\nnxet = \"Next\"\n",
        ))
        .unwrap_err();
        assert!(err.contains("unknown field `nxet`"), "{err}");
        let err = parse("[commn]\nyes = \"Yes\"\n").unwrap_err();
        assert!(err.contains("unknown field `commn`"), "{err}");
    }

    #[test]
    fn every_language_has_the_placeholders_of_english_for_each_key() {
        let english = texts(LANGUAGES[0].source).unwrap();
        for language in &LANGUAGES[1..] {
            for (key, text) in texts(language.source).unwrap() {
                let (_, reference) = english.iter().find(|(k, _)| *k == key).unwrap();
                assert_eq!(
                    placeholders(&text),
                    placeholders(reference),
                    "{}: {key}",
                    language.file
                );
            }
        }
        // And a text that differs is caught: the check compares key by key.
        let wrong = english_with(
            "question_of = \"Question {n} of up to {total}\"",
            "question_of = \"Question {n} of up to {totl}\"",
        );
        let reference = texts(LANGUAGES[0].source).unwrap();
        let changed = texts(&wrong).unwrap();
        let differs: Vec<&String> = changed
            .iter()
            .zip(&reference)
            .filter(|((_, a), (_, b))| placeholders(a) != placeholders(b))
            .map(|((k, _), _)| k)
            .collect();
        assert_eq!(differs, ["common.question_of"]);
    }

    #[test]
    fn placeholders_are_lowercase_names_in_braces() {
        let names = |t: &str| placeholders(t).into_iter().collect::<Vec<_>>();
        assert_eq!(names("Question {n} of up to {total}"), ["n", "total"]);
        assert_eq!(names("{a}{a} {b_c}"), ["a", "b_c"]);
        assert!(names("no {} {Upper} {with space} {open").is_empty());
    }

    #[test]
    fn fill_puts_each_value_in_its_placeholder() {
        assert_eq!(
            fill(
                "Question {n} of up to {total}",
                &[("n", "2"), ("total", "9")]
            ),
            "Question 2 of up to 9"
        );
        assert_eq!(fill("{a}{a}", &[("a", "x")]), "xx");
        // A value is not filled again, an unknown placeholder and a stray brace stay.
        assert_eq!(fill("{a} {b}", &[("a", "{b}")]), "{b} {b}");
        assert_eq!(fill("{ {x", &[("x", "y")]), "{ {x");
        assert_eq!(fill("é {a} ü", &[("a", "ñ")]), "é ñ ü");
    }

    #[test]
    fn the_primary_subtag_picks_the_language_and_anything_else_is_english() {
        let spanish = std::ptr::from_ref(for_language("es"));
        let english = std::ptr::from_ref(english());
        assert_ne!(spanish, english);
        for tag in [
            "es",
            "ES",
            "es-ES",
            "es-MX",
            "es_MX",
            "es_ES.UTF-8",
            "Es-419",
        ] {
            assert_eq!(std::ptr::from_ref(for_language(tag)), spanish, "{tag}");
        }
        for tag in ["en", "en-GB", "fr", "", "esp", "e", "-es"] {
            assert_eq!(std::ptr::from_ref(for_language(tag)), english, "{tag}");
        }
        assert_eq!(for_language("es").tui.buttons.next, "Seguir");
        assert_eq!(for_language("fr").tui.buttons.next, "Next");
    }

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
