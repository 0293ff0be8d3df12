//! The checks of a translation against its base questionnaire, each an error at
//! file:line:column in the translation: the id and version it translates, its language tag,
//! a text for each text of the base and none the base lacks, lists of the base's length,
//! unknown ids with a did-you-mean, forbidden characters and time frames. Not the walk over
//! the base's tables that calls them (`apply`).

use std::ops::Range;

use toml::Spanned;

use super::raw::{RawTexts, RawTranslationMeta};
use crate::content::diagnostic::{Diagnostics, nearest};
use crate::content::model::{Passage, Questionnaire};
use crate::content::raw::Text;
use crate::content::time_frame::time_frame_in;
use crate::text::{DisputedWidth, disputed_width, hostile_kind, is_hostile};

/// The problems found in one translation, gathered as it is applied; `language` is its tag,
/// for the time-frame check.
pub(super) struct Check<'a> {
    pub(super) diagnostics: Diagnostics<'a>,
    pub(super) language: String,
}

impl Check<'_> {
    pub(super) fn error(&mut self, span: Range<usize>, message: String, hint: String) {
        self.diagnostics.error(span, message, Some(hint));
    }

    pub(super) fn meta(&mut self, base: &Questionnaire, meta: &RawTranslationMeta) {
        for t in [&meta.language, &meta.name, &meta.translates, &meta.version] {
            self.text(t);
        }
        let language = meta.language.get_ref();
        if !crate::content::language::is_language_tag(language) {
            self.error(
                meta.language.span(),
                format!("\"{language}\" is not a language tag"),
                "write a BCP 47 tag such as \"es\" or \"es-MX\"".into(),
            );
        } else if crate::content::language::same_language(language, &base.meta.language) {
            self.error(
                meta.language.span(),
                format!("the questions are already in \"{language}\""),
                "a translation is in another language than the file it translates".into(),
            );
        }
        if meta.translates.get_ref() != &base.meta.id {
            self.error(
                meta.translates.span(),
                format!(
                    "this translates \"{}\", but the questions are \"{}\"",
                    meta.translates.get_ref(),
                    base.meta.id
                ),
                format!(
                    "a translation goes with its own questions file: translates = \"{}\"",
                    base.meta.id
                ),
            );
        }
        if meta.version.get_ref() != &base.meta.version {
            self.error(
                meta.version.span(),
                format!(
                    "this translates version {} of the questions, which are now version {}",
                    meta.version.get_ref(),
                    base.meta.version
                ),
                format!(
                    "bring the translation up to date with the changes since {}, then write \
                     version = \"{}\"",
                    meta.version.get_ref(),
                    base.meta.version
                ),
            );
        }
    }

    /// A text the base has: its translation, checked, or an error at `span` (the table).
    pub(super) fn required(
        &mut self,
        given: Option<&Text>,
        span: Range<usize>,
        here: &str,
        field: &str,
    ) -> Option<String> {
        match given {
            Some(text) => {
                self.text(text);
                Some(text.get_ref().clone())
            }
            None => {
                self.error(
                    span,
                    format!("{here} has no `{field}`"),
                    format!(
                        "add {field} = \"...\": every text of the questions needs a translation"
                    ),
                );
                None
            }
        }
    }

    /// An error at `text` (`field` of `here`) when it is longer than `most` characters.
    pub(super) fn at_most(&mut self, text: &Text, most: usize, here: &str, field: &str) {
        let length = text.get_ref().chars().count();
        if length > most {
            self.error(
                text.span(),
                format!(
                    "the {field} of {here} is {length} characters; at most {most} can be \
                     handed to reception's inbox"
                ),
                format!("shorten it ({most} characters or fewer)"),
            );
        }
    }

    /// A text the base does not have must not be translated.
    pub(super) fn absent(&mut self, given: Option<&Text>, here: &str, field: &str) {
        if let Some(text) = given {
            self.error(
                text.span(),
                format!("{here} translates `{field}`, which the questions do not have"),
                format!("remove `{field}`, or add it to the questions file first"),
            );
        }
    }

    /// The translation of a list of text items, in the base's order, each spanned where it is
    /// written: by id, by position, or one string for one item.
    pub(super) fn passages(
        &mut self,
        given: Option<&Spanned<RawTexts>>,
        base: &[Passage],
        span: Range<usize>,
        here: &str,
        field: &str,
    ) -> Option<Vec<Text>> {
        let Some(given) = given else {
            if base.is_empty() {
                return Some(Vec::new());
            }
            let ids: Vec<&str> = base.iter().map(|p| p.id.as_str()).collect();
            self.error(
                span,
                format!("{here} has no `{field}`"),
                format!(
                    "add {field} = {{ ... }} with a text for each of: {}",
                    ids.join(", ")
                ),
            );
            return None;
        };
        let written: Vec<Text> = match given.get_ref() {
            RawTexts::One(text) => vec![Spanned::new(given.span(), text.clone())],
            RawTexts::List(list) => list.clone(),
            RawTexts::ById(by_id) => {
                let ids: Vec<&str> = base.iter().map(|p| p.id.as_str()).collect();
                let what = format!("text of {here} `{field}`");
                self.unknown_ids(&what, by_id.keys(), &ids);
                let mut out = Vec::with_capacity(base.len());
                for item in base {
                    match by_id.iter().find(|(k, _)| k.get_ref() == &item.id) {
                        Some((_, text)) => out.push(text.clone()),
                        None => self.error(
                            given.span(),
                            format!("{here} `{field}` has no text \"{}\"", item.id),
                            format!(
                                "add {} = \"...\" (in the questions file: \"{}\")",
                                item.id, item.text
                            ),
                        ),
                    }
                }
                if out.len() != base.len() {
                    return None;
                }
                out
            }
        };
        for item in &written {
            self.text(item);
        }
        if written.len() != base.len() {
            self.error(
                given.span(),
                format!(
                    "`{field}` has {} item(s), the questions' has {}",
                    written.len(),
                    base.len()
                ),
                format!(
                    "translate each item once, in the same order or by id (the first in English: \"{}\")",
                    base.first().map_or("", |p| p.text.as_str())
                ),
            );
            return None;
        }
        Some(written)
    }

    /// A list of the base's length, each item checked.
    pub(super) fn list(
        &mut self,
        given: Option<&Spanned<Vec<Text>>>,
        base: &[String],
        span: Range<usize>,
        here: &str,
        field: &str,
    ) -> Option<Vec<String>> {
        let Some(given) = given else {
            if base.is_empty() {
                return Some(Vec::new());
            }
            self.error(
                span,
                format!("{here} has no `{field}`"),
                format!(
                    "add {field} = [...] with {} item(s), in the order of the questions file",
                    base.len()
                ),
            );
            return None;
        };
        for item in given.get_ref() {
            self.text(item);
        }
        if given.get_ref().len() != base.len() {
            self.error(
                given.span(),
                format!(
                    "`{field}` has {} item(s), the questions' has {}",
                    given.get_ref().len(),
                    base.len()
                ),
                format!(
                    "translate each item once, in the same order (the first in English: \"{}\")",
                    base.first().map_or("", String::as_str)
                ),
            );
            return None;
        }
        Some(
            given
                .get_ref()
                .iter()
                .map(|t| t.get_ref().clone())
                .collect(),
        )
    }

    pub(super) fn missing_table(&mut self, span: Range<usize>, section: &str, id: &str) {
        self.error(
            span,
            format!("{section} \"{id}\" has no translation"),
            format!("add a [{section}.{id}] table with its texts"),
        );
    }

    pub(super) fn unknown_ids<'k>(
        &mut self,
        what: &str,
        given: impl Iterator<Item = &'k Spanned<String>>,
        ids: &[&str],
    ) {
        for key in given {
            if ids.contains(&key.get_ref().as_str()) {
                continue;
            }
            let hint = match nearest(key.get_ref(), ids.iter().copied()) {
                Some(near) => format!("did you mean \"{near}\"?"),
                None => format!("the questions have no {what} of that id; remove it"),
            };
            self.error(
                key.span(),
                format!("{what} \"{}\" is not in the questions", key.get_ref()),
                hint,
            );
        }
    }

    /// Forbidden characters, and emoji that terminals draw at different widths, as in the
    /// base, pointed at where they are written.
    pub(super) fn text(&mut self, text: &Text) {
        let hostile = text.get_ref().char_indices().find(|(_, c)| is_hostile(*c));
        if let Some(disputed) =
            disputed_width(text.get_ref()).filter(|d| hostile.is_none_or(|(at, _)| d.offset <= at))
        {
            let span = text.span();
            let at = self
                .diagnostics
                .text()
                .get(span.clone())
                .and_then(|w| w.find(disputed.sequence))
                .map_or(span.clone(), |i| {
                    span.start + i..span.start + i + disputed.sequence.len()
                });
            self.error(
                at,
                format!(
                    "text contains {} ({}) at character {} of the text",
                    disputed.kind,
                    disputed.code_points(),
                    disputed.character(text.get_ref())
                ),
                DisputedWidth::HINT.into(),
            );
            return;
        }
        if let Some((offset, c)) = hostile {
            let what = hostile_kind(c).unwrap_or("a forbidden character");
            let source = self.diagnostics.text();
            let span = text.span();
            let at = source
                .get(span.clone())
                .and_then(|w| w.find(c))
                .map_or(span.clone(), |i| {
                    span.start + i..span.start + i + c.len_utf8()
                });
            self.error(
                at,
                format!(
                    "text contains {what} (U+{:04X}) at character {} of the text",
                    c as u32,
                    offset + 1
                ),
                "text from the file is shown on a terminal; remove the character".into(),
            );
        }
    }

    pub(super) fn no_time_frame(&mut self, text: Option<&Text>, outcome: &str) {
        let Some(text) = text else {
            return;
        };
        if let Some(frame) = time_frame_in(&self.language, text.get_ref()) {
            self.error(
                text.span(),
                format!(
                    "outcome \"{outcome}\" says \"{frame}\": how soon to get help belongs to its \
                     disposition"
                ),
                "say what to do without a time; the disposition's text says how soon".into(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::content::translate::tests::{SMALL_ES, problems, small};
    use crate::content::translate::translate;

    #[test]
    fn every_missing_text_is_named_at_once() {
        let text = SMALL_ES
            .lines()
            .filter(|l| !l.starts_with("prompt = \"¿Dónde") && !l.starts_with("knee = "))
            .collect::<Vec<_>>()
            .join("\n");
        let found = problems(&text);
        assert!(
            found
                .iter()
                .any(|p| p.contains("[questions.where] has no `prompt`")),
            "{found:#?}"
        );
        assert!(
            found
                .iter()
                .any(|p| p.contains("option \"knee\" of \"where\" has no translation")),
            "{found:#?}"
        );
    }

    #[test]
    fn a_missing_table_and_an_unknown_id_are_errors() {
        let text = SMALL_ES.replace("[outcomes.hip_result]", "[outcomes.hip_reslt]");
        let found = problems(&text);
        assert!(
            found
                .iter()
                .any(|p| p.contains("outcome \"hip_reslt\" is not in the questions")),
            "{found:#?}"
        );
        assert!(
            found
                .iter()
                .any(|p| p.contains("outcomes \"hip_result\" has no translation")),
            "{found:#?}"
        );
        let err = translate(&small(), "t.es.toml", &text).unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains("did you mean \"hip_result\"?"), "{shown}");
        let line = text.lines().position(|l| l.contains("hip_reslt")).unwrap();
        assert!(
            shown.contains(&format!("t.es.toml:{}:", line + 1)),
            "{shown}"
        );
    }

    #[test]
    fn a_text_the_base_does_not_have_and_a_list_of_the_wrong_length_are_errors() {
        let text = SMALL_ES.replacen(
            "[outcomes.knee_result]\n",
            "[outcomes.knee_result]\nshort = \"Rodilla\"\n",
            1,
        );
        let found = problems(&text);
        assert!(
            found
                .iter()
                .any(|p| p.contains("translates `short`, which the questions do not have")),
            "{found:#?}"
        );
        let text = SMALL_ES.replacen("signs = [", "signs = [\"De más.\", ", 1);
        let found = problems(&text);
        assert!(
            found
                .iter()
                .any(|p| p.contains("`signs` has 2 item(s), the questions' has 1")),
            "{found:#?}"
        );
    }

    #[test]
    fn a_translated_title_longer_than_a_hand_off_carries_is_refused_where_written() {
        let most = crate::content::model::TITLE_MAX;
        let at = |n: usize| {
            let title = format!("title = \"{}\"", "R".repeat(n));
            SMALL_ES.replace("title = \"Rodilla\"", &title)
        };
        assert_eq!(problems(&at(most)), Vec::<String>::new());
        assert_eq!(
            problems(&at(most + 1)),
            [format!(
                "63:9: the title of [outcomes.knee_result] is {} characters; at most {most} can \
                 be handed to reception's inbox",
                most + 1
            )]
        );
    }

    #[test]
    fn the_version_and_id_must_be_the_bases() {
        let text = SMALL_ES.replacen("version = \"1.0.0\"", "version = \"0.9\"", 1);
        let found = problems(&text);
        assert!(
            found.iter().any(|p| p
                .contains("translates version 0.9 of the questions, which are now version 1.0.0")),
            "{found:#?}"
        );
    }

    #[test]
    fn translated_text_gets_the_same_character_and_time_frame_checks() {
        let text = SMALL_ES.replacen("Rodilla", "Rod\u{200B}illa", 1);
        let found = problems(&text);
        assert!(
            found
                .iter()
                .any(|p| p.contains("invisible character (U+200B)")),
            "{found:#?}"
        );
        let at = SMALL_ES.find("explanation = \"").expect("an explanation");
        let text = format!(
            "{}explanation = \"Vaya al médico en unos días. {}",
            &SMALL_ES[..at],
            &SMALL_ES[at + "explanation = \"".len()..]
        );
        let found = problems(&text);
        assert!(
            found.iter().any(|p| p.contains("says \"en unos días\"")),
            "{found:#?}"
        );
    }

    #[test]
    fn the_spanish_time_frame_check_tells_how_soon_from_how_often() {
        use crate::content::time_frame::time_frame_in;
        for soon in [
            "Vaya hoy.",
            "Pida cita en una o dos semanas.",
            "en los próximos días",
            "Llame de inmediato.",
            "dentro de dos días",
        ] {
            assert!(time_frame_in("es", soon).is_some(), "{soon}");
        }
        for fine in [
            "Haga el ejercicio dos veces al día.",
            "Mantenga 20 a 30 segundos.",
            "No haga mucho más en un día bueno.",
            "Siga moviéndose a lo largo del día.",
            "por la mañana",
            "Ahoyo",
        ] {
            assert_eq!(time_frame_in("es-ES", fine), None, "{fine}");
        }
        assert!(time_frame_in("en", "today").is_some());
    }
}
