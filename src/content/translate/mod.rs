//! A translation of a questions file: `questions.es.toml` beside `questions.toml`, keyed by
//! the ids the base file already has, checked as strictly as the base and applied to it.
//!
//! A file beside the base rather than tables inside it: a clinic editor who changes the
//! English never scrolls past Spanish, a translator gets one file to work on, a clinic adds a
//! language by adding a file, and the base keeps loading on its own exactly as before. The ids
//! are the keys (`[questions.where.options] low_back = "..."`), so a translation cannot drift
//! out of order; an outcome's signs have no ids and are matched by position.
//!
//! The translation carries texts only. Everything that decides a route (kinds, options,
//! rules, defaults, dispositions, emergency answers) comes from the base, so the tree, its
//! safety check and the case suite are the base's, whatever the language. Sources are the one
//! optional part: an article's title is its title in any language, but painpath's own words
//! beside it (which part of the article, who publishes it) may be translated with
//! `[sources.<id>]`; a source not given stays as written, and its date is never translated.
//!
//! Checked: the translation names the base's id and version; every text of the base but a
//! source's has a translation and nothing is translated that the base does not have
//! (did-you-mean for ids); lists have the base's length; forbidden characters and, in an
//! outcome's own text, time frames (in the translation's language) are refused as in the
//! base. Every problem carries file:line:column in the translation.
//!
//! One file per step: `raw` reads the translation's TOML with spans, `check` holds the checks
//! against the base, `apply` walks the base's tables putting the translated texts in place.
//! This file holds the entry points.

use serde::Deserialize;

use crate::content::diagnostic::{Diagnostics, LoadError};
use crate::content::model::{Questionnaire, TranslationInfo};
use crate::content::validate::normalize_line_ends;

mod apply;
mod check;
mod option_help;
mod raw;

use check::Check;
use raw::RawTranslation;

/// The largest translation file read, as for the base.
pub const TRANSLATION_LIMIT: u64 = 4 * 1024 * 1024;

/// The base questionnaire in another language: `base` with every text replaced by the
/// translation's, and `meta.language` set to the translation's tag. A yes/no question's two
/// answers are worded by that language's catalogue (`crate::content::words`).
pub fn translate(
    base: &Questionnaire,
    file: &str,
    text: &str,
) -> Result<(Questionnaire, TranslationInfo), LoadError> {
    let text = &*normalize_line_ends(text);
    let table = match toml::de::DeTable::parse(text) {
        Ok(table) => table,
        Err(err) => return Err(crate::content::validate::syntax_error(file, text, &err)),
    };
    let raw = match RawTranslation::deserialize(toml::de::Deserializer::from(table)) {
        Ok(raw) => raw,
        Err(err) => {
            let mut error = crate::content::validate::serde_error(file, text, &err);
            // The one key a translator may well reach for: the base's sources have it.
            if err
                .message()
                .starts_with("unknown field `date`, expected `title` or `publisher`")
                && let Some(problem) = error.problems.first_mut()
            {
                problem.hint = Some(
                    "a source's date is not translated: remove it (it is shown as written)".into(),
                );
            }
            return Err(error);
        }
    };
    let mut check = Check {
        diagnostics: Diagnostics::new(file, text),
        language: String::new(),
    };
    let words = &crate::content::words::for_language(raw.meta.get_ref().language.get_ref()).common;
    let translated = check.apply(base, &raw, (&words.yes, &words.no));
    check.diagnostics.finish()?;
    let meta = raw.meta.get_ref();
    Ok((
        translated,
        TranslationInfo {
            language: meta.language.get_ref().clone(),
            name: meta.name.get_ref().clone(),
            reviewed: meta.reviewed,
        },
    ))
}

/// The path of the `language` translation of the questions file at `base`: `questions.toml`
/// -> `questions.es.toml` (the extension, if any, kept last).
pub fn translation_path(base: &std::path::Path, language: &str) -> std::path::PathBuf {
    let stem = base
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name = match base.extension() {
        Some(ext) => format!("{stem}.{language}.{}", ext.to_string_lossy()),
        None => format!("{stem}.{language}"),
    };
    base.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    // The base, its translation and the problems helper are shared by `check`'s and `apply`'s
    // tests.

    pub(super) fn small() -> Questionnaire {
        crate::testing::small()
    }

    /// A complete Spanish translation of tests/fixtures/small.toml.
    pub(super) const SMALL_ES: &str = include_str!("../../../tests/fixtures/small.es.toml");

    pub(super) fn problems(text: &str) -> Vec<String> {
        match translate(&small(), "t.es.toml", text) {
            Ok(_) => Vec::new(),
            Err(err) => err
                .problems
                .iter()
                .map(|p| format!("{}:{}: {}", p.line, p.column, p.message))
                .collect(),
        }
    }

    #[test]
    fn the_built_in_spanish_translation_loads() {
        let languages = crate::default_languages().unwrap_or_else(|e| panic!("{e}"));
        let es = languages.get("es-MX").expect("Spanish");
        assert_eq!(es.meta.language, "es");
        assert_eq!(
            languages.get("EN").map(|q| &q.meta.language),
            Some(&"en".to_string())
        );
        assert!(languages.get("fr").is_none());
    }

    #[test]
    fn a_translation_lives_beside_its_questions() {
        assert_eq!(
            translation_path(std::path::Path::new("/etc/painpath/questions.toml"), "es"),
            std::path::PathBuf::from("/etc/painpath/questions.es.toml")
        );
        assert_eq!(
            translation_path(std::path::Path::new("q"), "es"),
            std::path::PathBuf::from("q.es")
        );
    }
}
