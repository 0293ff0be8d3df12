//! The questions a run asks: read from a file named on the command line (with the
//! translations found beside it) or built in, and the language to ask in, chosen in one
//! place for the questionnaire and the kiosk alike.

use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::Languages;
use crate::content::model::{Questionnaire, TranslationInfo};
use crate::content::{diagnostic, language, translate, validate, words};
use crate::safe_file::{self, Symlinks};
use crate::text::{Notation, visible};

/// The largest questions or cases file read: over a hundred times the built-in one (36 KiB).
pub const QUESTIONS_LIMIT: u64 = 4 << 20;
/// The largest config file read: a [kiosk] table is a few hundred bytes.
pub const CONFIG_LIMIT: u64 = 64 << 10;

/// Reads a file named on the command line as text: at most `limit` bytes of a regular file,
/// UTF-8, or a located error at the first byte that is not.
pub fn read_text(path: &Path, limit: u64) -> anyhow::Result<String> {
    let bytes = crate::safe_file::read_limited(path, limit)?;
    Ok(diagnostic::decode(&shown(path), bytes)?)
}

/// A path as messages show it: escaped, so that a name cannot drive the terminal.
pub fn shown(path: &Path) -> String {
    visible(&path.display().to_string(), Notation::Escaped).into_owned()
}

/// Loads the questions from `path`, or the built-in ones. Errors come out whole, one per
/// problem, with file:line:column.
pub fn load(path: Option<&PathBuf>) -> anyhow::Result<Questionnaire> {
    match path {
        None => Ok(crate::default_questionnaire()?),
        Some(path) => {
            let text = read_text(path, QUESTIONS_LIMIT)
                .with_context(|| format!("reading {}", shown(path)))?;
            Ok(validate::load(&shown(path), &text)?)
        }
    }
}

/// The questions from `path` (or the built-in ones) in every language they come in: each
/// translation painpath knows the words for, found beside the file (questions.es.toml).
pub fn load_languages(path: Option<&PathBuf>) -> anyhow::Result<Languages> {
    let Some(path) = path else {
        return Ok(crate::default_languages()?);
    };
    let base = load(Some(path))?;
    let mut translations: Vec<(Questionnaire, TranslationInfo)> = Vec::new();
    for (file, text) in translation_files(path, &base)? {
        translations.push(translate::translate(&base, &file, &text)?);
    }
    Ok(Languages { base, translations })
}

/// The translation files beside the questions file at `path` (`questions.es.toml` for
/// Spanish), for each language painpath has words for other than `base`'s own: (name in
/// messages, text).
pub fn translation_files(
    path: &Path,
    base: &Questionnaire,
) -> anyhow::Result<Vec<(String, String)>> {
    let mut found = Vec::new();
    for language in words::languages() {
        let tag = language.tag;
        if language::same_language(&base.meta.language, tag) {
            continue;
        }
        let beside = translate::translation_path(path, tag);
        // Found by its name, not given: a link there is not what the clinic put there. Opened
        // with O_NOFOLLOW and checked once open, so that a link swapped in after a look at the
        // name is refused too.
        let bytes = match safe_file::read(&beside, Symlinks::Refuse, translate::TRANSLATION_LIMIT) {
            Ok(bytes) => bytes,
            Err(safe_file::Error::Io(err)) if err.kind() == io::ErrorKind::NotFound => continue,
            Err(safe_file::Error::Symlink) => bail!(
                "{} is a symbolic link; painpath reads a translation only from a regular file",
                shown(&beside)
            ),
            Err(safe_file::Error::Io(err)) => {
                return Err(err).with_context(|| format!("reading {}", shown(&beside)));
            }
            Err(refused) => {
                return Err(refused).with_context(|| format!("reading {}", shown(&beside)));
            }
        };
        let text = diagnostic::decode(&shown(&beside), bytes)
            .with_context(|| format!("reading {}", shown(&beside)))?;
        found.push((shown(&beside), text));
    }
    Ok(found)
}

/// The questions a run asks, from `path` or built in, with the translations
/// [`choose_language`] may pick. Built in, only the one into `lang` or the environment's
/// language is made (a run asks in one language), or all of them when `lang` names none, so
/// that its error lists every language there is.
pub fn for_a_run(path: Option<&PathBuf>, lang: Option<&str>) -> anyhow::Result<Languages> {
    if path.is_some() {
        return load_languages(path);
    }
    let wanted = lang.map(str::to_owned).or_else(language_from_environment);
    let Some(wanted) = wanted else {
        return Ok(crate::default_languages_for("")?);
    };
    let languages = crate::default_languages_for(&wanted)?;
    if lang.is_some() && languages.get(&wanted).is_none() {
        return Ok(crate::default_languages()?);
    }
    Ok(languages)
}

/// The first of LC_ALL, LC_MESSAGES and LANG that is set and not empty.
pub fn language_from_environment() -> Option<String> {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.is_empty())
}

/// The language to ask in: `lang` (`--lang`, or the kiosk's configured language), which must
/// be one the questions come in; else `environment` (the locale), when the questions come in
/// it; else the questions' own.
pub fn choose_language<'l>(
    languages: &'l Languages,
    lang: Option<&str>,
    environment: Option<&str>,
) -> anyhow::Result<&'l Questionnaire> {
    if let Some(lang) = lang {
        return languages.get(lang).with_context(|| {
            let have: Vec<String> = languages
                .list()
                .into_iter()
                .map(|(tag, name)| format!("{tag} ({name})"))
                .collect();
            let asked: String = lang.chars().take(40).collect();
            format!(
                "the questions are not in \"{}\"; they are in {}",
                visible(&asked, Notation::Escaped),
                have.join(", ")
            )
        });
    }
    Ok(environment
        .and_then(|value| languages.get(value))
        .unwrap_or(&languages.base))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_wins_then_the_locale_then_the_questions_own() {
        let languages = crate::default_languages().unwrap();
        let tag = |q: &Questionnaire| q.meta.language.clone();
        assert_eq!(
            tag(choose_language(&languages, Some("es"), Some("en_GB")).unwrap()),
            "es"
        );
        assert_eq!(
            tag(choose_language(&languages, None, Some("es_MX.UTF-8")).unwrap()),
            "es"
        );
        assert_eq!(
            tag(choose_language(&languages, None, Some("fr_FR")).unwrap()),
            "en"
        );
        assert_eq!(tag(choose_language(&languages, None, None).unwrap()), "en");
    }

    #[test]
    fn a_language_the_questions_lack_is_an_error_naming_those_there_are() {
        let languages = crate::default_languages().unwrap();
        let err = choose_language(&languages, Some("fr\u{202e}"), None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the questions are not in \"fr\\u{202e}\"; they are in en (English), es (Español)"
        );
    }

    #[test]
    fn a_run_in_one_language_makes_only_that_translation() {
        let spanish = for_a_run(None, Some("es")).unwrap();
        assert_eq!(spanish.translations.len(), 1);
        let english = for_a_run(None, Some("en")).unwrap();
        assert!(english.translations.is_empty());
        // A language there is none of: all of them, for the error to list.
        let unknown = for_a_run(None, Some("fr")).unwrap();
        assert_eq!(
            unknown.translations.len(),
            crate::DEFAULT_TRANSLATIONS.len()
        );
    }

    #[test]
    fn a_translation_swapped_for_a_link_while_it_is_looked_for_is_never_read_through_it() {
        use std::os::unix::fs::symlink;
        use std::sync::atomic::{AtomicBool, Ordering};

        let dir = tempfile::tempdir().unwrap();
        let questions = dir.path().join("questions.toml");
        let base = crate::default_questionnaire().unwrap();
        let beside = translate::translation_path(&questions, "es");
        let secret = dir.path().join("secret");
        std::fs::write(&secret, "SECRET-MARKER").unwrap();
        // Two names ready to be renamed over the translation's: a regular file and a link.
        let regular = dir.path().join("regular.tmp");
        let link = dir.path().join("link.tmp");
        let stop = AtomicBool::new(false);
        let mut read_through_link = 0;
        std::thread::scope(|scope| {
            scope.spawn(|| {
                while !stop.load(Ordering::Relaxed) {
                    std::fs::write(&regular, "[meta]\n").unwrap();
                    std::fs::rename(&regular, &beside).unwrap();
                    symlink(&secret, &link).unwrap();
                    std::fs::rename(&link, &beside).unwrap();
                }
            });
            for _ in 0..20_000 {
                if let Ok(found) = translation_files(&questions, &base) {
                    read_through_link += found
                        .iter()
                        .filter(|(_, text)| text.contains("SECRET-MARKER"))
                        .count();
                }
            }
            stop.store(true, Ordering::Relaxed);
        });
        assert_eq!(read_through_link, 0, "the link's target was read");
    }
}
