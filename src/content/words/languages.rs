//! The built-in languages (a tag, a name, a catalogue's TOML text each), and which catalogue
//! a language tag gets: its primary subtag's, else English.

use crate::content::language::same_language;
use crate::content::model::Questionnaire;

use super::catalogue::Words;
use super::load;

/// One built-in language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Language {
    /// Its BCP 47 primary subtag: `en`, `es`.
    pub tag: &'static str,
    /// Its name in itself: `English`, `Español`.
    pub name: &'static str,
    /// Where its catalogue comes from, for messages.
    pub file: &'static str,
    /// The catalogue's TOML text.
    pub(super) source: &'static str,
}

/// Every built-in language, English (the fallback) first.
pub(super) const LANGUAGES: [Language; 2] = [
    Language {
        tag: "en",
        name: "English",
        file: "words/en.toml",
        source: include_str!("../../../words/en.toml"),
    },
    Language {
        tag: "es",
        name: "Español",
        file: "words/es.toml",
        source: include_str!("../../../words/es.toml"),
    },
];

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
    load::catalogue(index)
}

/// The catalogue of the questionnaire's language.
pub fn of(questionnaire: &Questionnaire) -> &'static Words {
    for_language(&questionnaire.meta.language)
}

/// The English catalogue, the fallback and the reference every other one is checked against.
pub fn english() -> &'static Words {
    for_language("en")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_languages_are_english_then_spanish_each_named_in_itself() {
        let named: Vec<(&str, &str)> = languages().iter().map(|l| (l.tag, l.name)).collect();
        assert_eq!(named, [("en", "English"), ("es", "Español")]);
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
}
