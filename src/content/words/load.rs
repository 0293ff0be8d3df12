//! Reading the built-in catalogues: each once, from the form build.rs packed it in (under
//! `cfg(painpath_packed)`) or else from its TOML; the check build.rs runs on every one of
//! them; and the small TOML reader the catalogue's types are read with.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use super::catalogue::Words;
use super::languages::{LANGUAGES, Language};
use super::template::placeholders;

/// Each language's catalogue, parsed the first time it is asked for.
static PARSED: [OnceLock<Words>; LANGUAGES.len()] = [const { OnceLock::new() }; LANGUAGES.len()];

/// Each language's catalogue as build.rs packed it, in the order of [`LANGUAGES`].
#[cfg(painpath_packed)]
static PACKED: [&[u8]; LANGUAGES.len()] = [
    include_bytes!(concat!(env!("OUT_DIR"), "/words.en.bin")),
    include_bytes!(concat!(env!("OUT_DIR"), "/words.es.bin")),
];

/// The catalogue of `LANGUAGES[index]`, read the first time it is asked for.
pub(super) fn catalogue(index: usize) -> &'static Words {
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

/// Every built-in catalogue, checked (see [`check`]) and packed: (tag, packed bytes). For
/// build.rs.
pub fn packed_catalogues() -> Result<Vec<(&'static str, Vec<u8>)>, String> {
    // The check parses each catalogue and keeps it, so `catalogue` parses nothing again.
    check()?;
    Ok(LANGUAGES
        .iter()
        .enumerate()
        .map(|(index, language)| {
            let words = catalogue(index);
            (language.tag, crate::content::packed::pack(words))
        })
        .collect())
}

/// Parses every embedded catalogue and checks each against English: the same keys (by
/// parsing), the same placeholders in each text, no empty text, and yes and no told apart.
pub fn check() -> Result<(), String> {
    // Each catalogue is parsed once, here: its texts and its typed form come from the same
    // table, and the typed form is kept for `catalogue`.
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
        letters_fit(&words).map_err(|e| format!("{}: {e}", language.file))?;
        // Already set if it was asked for before the check: the same text, the same words.
        let _ = PARSED[index].set(words);
    }
    Ok(())
}

/// The result screen's letters are one lowercase letter each, none of them a key every
/// screen already has, nor a letter of yes or no in this language (it would mean one thing on
/// the screen and another in the yes/no box over it); and no two of one screen the same.
fn letters_fit(words: &Words) -> Result<(), String> {
    let letters = &words.tui.letters;
    let all = [
        ("review", &letters.review),
        ("save", &letters.save),
        ("print", &letters.print),
        ("start_again", &letters.start_again),
        ("send", &letters.send),
    ];
    let common = &words.common;
    let yes_or_no: Vec<&str> = [common.typed_yes.as_str(), &common.typed_no, "y n"]
        .iter()
        .flat_map(|words| words.split_whitespace())
        .collect();
    for (name, letter) in all {
        let mut chars = letter.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            return Err(format!(
                "tui.letters.{name} must be one letter, not \"{letter}\""
            ));
        };
        if !c.is_lowercase() {
            return Err(format!(
                "tui.letters.{name} must be a lowercase letter, not \"{letter}\""
            ));
        }
        if "qbjkl".contains(c) {
            return Err(format!(
                "tui.letters.{name}: \"{letter}\" is already a key of every screen"
            ));
        }
        if yes_or_no.contains(&letter.as_str()) {
            return Err(format!(
                "tui.letters.{name}: \"{letter}\" means yes or no in this language's boxes"
            ));
        }
    }
    // The questionnaire's result screen, and the kiosk's.
    for screen in [&all[..4], &[all[0], all[4]][..]] {
        for (i, (name, letter)) in screen.iter().enumerate() {
            if let Some((other, _)) = screen[..i].iter().find(|(_, l)| l == letter) {
                return Err(format!(
                    "tui.letters.{name} and tui.letters.{other} are both \"{letter}\""
                ));
            }
        }
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

/// A catalogue from its TOML text; the error names a missing or unknown key.
pub(super) fn parse(source: &str) -> Result<Words, String> {
    let table: toml::Table = toml::from_str(source).map_err(|err| err.to_string())?;
    Words::from_table(&table)
}

/// A part of a catalogue read from its TOML value: a text, or a table of them.
///
/// Not serde's derive: its visitors, one set per table and per parser, were a large part of
/// the release binary (docs/performance.md). The catalogue is read from the generic `toml::Table` instead,
/// through this one small trait, with serde's wording for a missing or unknown key.
pub(super) trait FromValue: Sized {
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
pub(super) fn field<T: FromValue>(table: &toml::Table, key: &str) -> Result<T, String> {
    match table.get(key) {
        Some(value) => T::from_value(value, key),
        None => Err(format!("missing field `{key}`")),
    }
}

/// Refuses a key of `table` that is not one of `known`.
pub(super) fn no_unknown_keys(table: &toml::Table, known: &[&str]) -> Result<(), String> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::words;

    #[test]
    fn every_embedded_catalogue_parses_and_passes_the_check() {
        for language in words::languages() {
            if let Err(err) = parse(language.source) {
                panic!("{}: {err}", language.file);
            }
        }
        assert_eq!(check(), Ok(()));
    }

    #[test]
    fn the_packed_catalogues_are_the_files_as_they_are_now() {
        // What the binary reads at start-up is what words/<tag>.toml says.
        for (index, language) in words::languages().iter().enumerate() {
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
}
