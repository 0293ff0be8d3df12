//! painpath: a terminal self-assessment for back, hip and knee pain. It explains; it never
//! diagnoses. The library holds everything; `main.rs` parses the arguments, runs
//! them through [`cli`] and reports errors.
//!
//! The folders are layers, and each only looks down: `content` (the questions file) knows
//! nothing of painpath; `engine` walks the content; `output` turns a walk into a summary,
//! FHIR or a graph; `handoff` writes files (the spool, a saved summary); `ui` is everything
//! that owns a terminal; `cli` reads the command line and runs the commands. Below them all,
//! `text` (width, wrap, hostile characters) and `safe_file` (opening a file safely) serve
//! every layer (`safe_file` every layer but `content`). `tests/content/layers.rs` fails when a lower
//! layer imports a higher one.

/// The command line: each option defined once, its parser and help, and the commands.
pub mod cli;
/// The questions file: the raw serde mirror, the checks that load it, their errors, the model.
pub mod content;
/// One person's walk through the questionnaire, and routes replayed by id.
pub mod engine;
/// Fault points for tests (inert unless built with the `fault-injection` feature).
pub mod fault;
/// Files painpath writes when asked: the spool between kiosk and reception, a saved summary.
pub mod handoff;
/// What a finished walk or the tree becomes: the summary, FHIR resources, graphs and routes.
pub mod output;
/// Opening a regular file safely (no FIFO, device or folder; a bounded read), for every caller.
pub mod safe_file;
/// Text as a terminal shows it: display width, word wrap, hostile characters made visible.
pub mod text;
/// Everything that owns a terminal: the shared loop, plain mode, the TUI, kiosk, inbox.
pub mod ui;

/// The questionnaire compiled into the binary, so it runs with no file beside it.
pub const DEFAULT_QUESTIONS: &str = include_str!("../questions.toml");

/// The name the embedded questionnaire goes by in messages.
pub const DEFAULT_QUESTIONS_NAME: &str = "questions.toml (built in)";

/// The clinical case suite for the built-in questionnaire, compiled in so `painpath test`
/// runs with no file beside it.
pub const DEFAULT_CASES: &str = include_str!("../cases.toml");

/// The name the embedded case suite goes by in messages.
pub const DEFAULT_CASES_NAME: &str = "cases.toml (built in)";

/// The translations of the built-in questionnaire compiled into the binary: (language tag,
/// file name in messages, text).
pub const DEFAULT_TRANSLATIONS: &[(&str, &str, &str)] = &[(
    "es",
    "questions.es.toml (built in)",
    include_str!("../questions.es.toml"),
)];

/// A questionnaire in each language it comes in: the base file first, then its
/// translations.
#[derive(Debug, Clone)]
pub struct Languages {
    pub base: content::model::Questionnaire,
    pub translations: Vec<(
        content::model::Questionnaire,
        content::model::TranslationInfo,
    )>,
}

impl Languages {
    /// The questionnaire in `tag` (its primary subtag, any case), if there is one.
    pub fn get(&self, tag: &str) -> Option<&content::model::Questionnaire> {
        std::iter::once(&self.base)
            .chain(self.translations.iter().map(|(q, _)| q))
            .find(|q| content::language::same_language(&q.meta.language, tag))
    }

    /// The questionnaire in `tag`, as [`Languages::get`] finds it, taken out whole: a run in
    /// one language then keeps one copy of its texts.
    pub fn into_language(self, tag: &str) -> Option<content::model::Questionnaire> {
        std::iter::once(self.base)
            .chain(self.translations.into_iter().map(|(q, _)| q))
            .find(|q| content::language::same_language(&q.meta.language, tag))
    }

    /// Every language: (tag, its own name), the base's first.
    pub fn list(&self) -> Vec<(String, String)> {
        let base = &self.base.meta.language;
        let base_name = content::words::language_name(base).to_string();
        std::iter::once((base.clone(), base_name))
            .chain(
                self.translations
                    .iter()
                    .map(|(_, info)| (info.language.clone(), info.name.clone())),
            )
            .collect()
    }
}

/// The built-in questionnaire in every built-in language.
pub fn default_languages() -> Result<Languages, content::diagnostic::LoadError> {
    built_in_languages(|_| true)
}

/// The built-in questionnaire with only the translation a run in `wanted` needs (none when
/// `wanted` is the base's language or one painpath has no translation for). Translating is
/// a large part of start-up (docs/performance.md), and a run asks in one language.
pub fn default_languages_for(wanted: &str) -> Result<Languages, content::diagnostic::LoadError> {
    built_in_languages(|tag| content::language::same_language(tag, wanted))
}

fn built_in_languages(
    keep: impl Fn(&str) -> bool,
) -> Result<Languages, content::diagnostic::LoadError> {
    let base = default_questionnaire()?;
    let mut translations = Vec::new();
    for ((tag, name, text), packed) in DEFAULT_TRANSLATIONS.iter().zip(PACKED_TRANSLATIONS) {
        if !keep(tag) {
            continue;
        }
        // As build.rs translated and checked it; the text is the fallback.
        match content::packed::unpack(packed) {
            Ok(translated) => translations.push(translated),
            Err(_) => translations.push(content::translate::translate(&base, name, text)?),
        }
    }
    Ok(Languages { base, translations })
}

/// The built-in questionnaire as build.rs loaded, checked and packed it: reading it back is
/// a copy of its texts, where parsing and checking the TOML was most of start-up.
const PACKED_QUESTIONS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/questions.bin"));

/// Each of [`DEFAULT_TRANSLATIONS`] applied to the built-in questionnaire, checked and packed
/// by build.rs, in the same order: (questionnaire, what the translation says of itself).
const PACKED_TRANSLATIONS: &[&[u8]] = &[include_bytes!(concat!(
    env!("OUT_DIR"),
    "/questions.es.bin"
))];

/// The embedded default questionnaire, checked when painpath was built.
pub fn default_questionnaire()
-> Result<content::model::Questionnaire, content::diagnostic::LoadError> {
    match content::packed::unpack(PACKED_QUESTIONS) {
        Ok(questionnaire) => Ok(questionnaire),
        // Cannot happen in a binary build.rs made; the text says what is wrong, if anything.
        Err(_) => content::validate::load(DEFAULT_QUESTIONS_NAME, DEFAULT_QUESTIONS),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_packed_built_in_content_is_the_files_as_they_are_now() {
        // What start-up reads is what questions.toml and its translations load to.
        let base = content::validate::load(DEFAULT_QUESTIONS_NAME, DEFAULT_QUESTIONS)
            .unwrap_or_else(|e| panic!("{e}"));
        let packed: content::model::Questionnaire =
            content::packed::unpack(PACKED_QUESTIONS).expect("unpacks");
        assert_eq!(format!("{packed:?}"), format!("{base:?}"));
        assert_eq!(PACKED_TRANSLATIONS.len(), DEFAULT_TRANSLATIONS.len());
        for ((tag, name, text), packed) in DEFAULT_TRANSLATIONS.iter().zip(PACKED_TRANSLATIONS) {
            let translated =
                content::translate::translate(&base, name, text).unwrap_or_else(|e| panic!("{e}"));
            let packed: (
                content::model::Questionnaire,
                content::model::TranslationInfo,
            ) = content::packed::unpack(packed).expect("unpacks");
            assert_eq!(packed.1.language, *tag);
            assert_eq!(format!("{packed:?}"), format!("{translated:?}"), "{name}");
        }
    }
}

/// What the unit tests share: the small fixture questionnaire.
#[cfg(test)]
pub(crate) mod testing {
    use crate::content::model::Questionnaire;

    /// tests/fixtures/small.toml, loaded: red flags, a single choice, a yes/no, a scale.
    pub fn small() -> Questionnaire {
        crate::content::validate::load("small.toml", include_str!("../tests/fixtures/small.toml"))
            .expect("the small fixture loads")
    }
}
