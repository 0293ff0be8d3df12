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

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;

use crate::content::diagnostic::{Diagnostics, LoadError, nearest};
use crate::content::model::{Passage, QuestionKind, Questionnaire, TranslationInfo};
use crate::content::raw::Text;
use crate::content::time_frame::time_frame_in;
use crate::content::validate::normalize_line_ends;
use crate::text::{hostile_kind, is_hostile};

/// The largest translation file read, as for the base.
pub const TRANSLATION_LIMIT: u64 = 4 * 1024 * 1024;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTranslation {
    meta: Spanned<RawTranslationMeta>,
    #[serde(default)]
    dispositions: BTreeMap<Spanned<String>, Spanned<RawTranslatedDisposition>>,
    #[serde(default)]
    questions: BTreeMap<Spanned<String>, Spanned<RawTranslatedQuestion>>,
    #[serde(default)]
    outcomes: BTreeMap<Spanned<String>, Spanned<RawTranslatedOutcome>>,
    #[serde(default)]
    sources: BTreeMap<Spanned<String>, Spanned<RawTranslatedSource>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTranslationMeta {
    /// BCP 47 tag of the translation, such as `es`.
    language: Text,
    /// The language's own name, for the kiosk's button: "Español".
    name: Text,
    /// The base questionnaire's id.
    translates: Text,
    /// The base questionnaire's version this translates.
    version: Text,
    /// Whether a clinician has reviewed it.
    reviewed: bool,
    title: Option<Text>,
    intro: Option<Text>,
    disclaimer: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTranslatedDisposition {
    heading: Option<Text>,
    when: Option<Spanned<RawTexts>>,
    safety_net: Option<Spanned<RawTexts>>,
    until_seen: Option<Spanned<RawTexts>>,
    advice_heading: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTranslatedQuestion {
    prompt: Option<Text>,
    short: Option<Text>,
    help: Option<Text>,
    low_label: Option<Text>,
    high_label: Option<Text>,
    options: Option<Spanned<BTreeMap<Spanned<String>, Text>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTranslatedOutcome {
    title: Option<Text>,
    short: Option<Text>,
    explanation: Option<Spanned<RawTexts>>,
    advice: Option<Spanned<RawTexts>>,
    avoid: Option<Spanned<RawTexts>>,
    sooner_if: Option<Spanned<RawTexts>>,
    signs: Option<Spanned<Vec<Text>>>,
}

/// A source's texts in the translation's language, each optional: what is not given stays as
/// the questions file writes it. Its date is not a text and is not translated.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTranslatedSource {
    title: Option<Text>,
    publisher: Option<Text>,
}

/// The translation of a list of text items: one string (for a list of one item), a list in
/// the base's order, or a table keyed by the items' ids (`{ keep_moving = "..." }`).
#[derive(Debug)]
enum RawTexts {
    One(String),
    List(Vec<Text>),
    ById(BTreeMap<Spanned<String>, Text>),
}

impl<'de> Deserialize<'de> for RawTexts {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawTexts;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a text, a list of texts, or a table of texts by id")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawTexts, E> {
                Ok(RawTexts::One(v.to_string()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<RawTexts, A::Error> {
                Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(RawTexts::List)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawTexts, A::Error> {
                BTreeMap::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(RawTexts::ById)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

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

struct Check<'a> {
    diagnostics: Diagnostics<'a>,
    language: String,
}

impl Check<'_> {
    fn error(&mut self, span: Range<usize>, message: String, hint: String) {
        self.diagnostics.error(span, message, Some(hint));
    }

    fn apply(
        &mut self,
        base: &Questionnaire,
        raw: &RawTranslation,
        yes_no: (&str, &str),
    ) -> Questionnaire {
        let mut q = base.clone();
        let meta = raw.meta.get_ref();
        self.language = meta.language.get_ref().clone();
        self.meta(base, meta);
        let at_meta = raw.meta.span();
        q.meta.language = meta.language.get_ref().clone();
        for (field, base_text, target) in [
            ("title", &base.meta.title, &meta.title),
            ("intro", &base.meta.intro, &meta.intro),
            ("disclaimer", &base.meta.disclaimer, &meta.disclaimer),
        ] {
            let found = self.required(target.as_ref(), at_meta.clone(), "[meta]", field);
            let value = found.unwrap_or_else(|| base_text.clone());
            match field {
                "title" => q.meta.title = value,
                "intro" => q.meta.intro = value,
                _ => q.meta.disclaimer = value,
            }
        }

        let ids: Vec<&str> = base.dispositions.iter().map(|d| d.id.as_str()).collect();
        self.unknown_ids("disposition", raw.dispositions.keys(), &ids);
        for (i, d) in base.dispositions.iter().enumerate() {
            let Some((_, entry)) = raw.dispositions.iter().find(|(k, _)| k.get_ref() == &d.id)
            else {
                self.missing_table(at_meta.clone(), "dispositions", &d.id);
                continue;
            };
            let t = entry.get_ref();
            let here = format!("[dispositions.{}]", d.id);
            let span = entry.span();
            let out = &mut q.dispositions[i];
            if let Some(v) = self.required(t.heading.as_ref(), span.clone(), &here, "heading") {
                out.heading = v;
            }
            out.advice_heading = match &d.advice_heading {
                Some(heading) => Some(
                    self.required(
                        t.advice_heading.as_ref(),
                        span.clone(),
                        &here,
                        "advice_heading",
                    )
                    .unwrap_or_else(|| heading.clone()),
                ),
                None => {
                    self.absent(t.advice_heading.as_ref(), &here, "advice_heading");
                    None
                }
            };
            for (field, given, items) in [
                ("when", &t.when, &mut out.when),
                ("safety_net", &t.safety_net, &mut out.safety_net),
                ("until_seen", &t.until_seen, &mut out.until_seen),
            ] {
                if let Some(texts) =
                    self.passages(given.as_ref(), items, span.clone(), &here, field)
                {
                    for (item, text) in items.iter_mut().zip(texts) {
                        item.text = text.into_inner();
                    }
                }
            }
        }

        let ids: Vec<&str> = base.questions.iter().map(|x| x.id.as_str()).collect();
        self.unknown_ids("question", raw.questions.keys(), &ids);
        for (i, question) in base.questions.iter().enumerate() {
            let Some((_, entry)) = raw
                .questions
                .iter()
                .find(|(k, _)| k.get_ref() == &question.id)
            else {
                self.missing_table(at_meta.clone(), "questions", &question.id);
                continue;
            };
            let t = entry.get_ref();
            let here = format!("[questions.{}]", question.id);
            let span = entry.span();
            let out = &mut q.questions[i];
            if let Some(v) = self.required(t.prompt.as_ref(), span.clone(), &here, "prompt") {
                out.prompt = v;
            }
            // A base question without `short` uses its prompt; so does the translation.
            let base_has_short = question.short != question.prompt;
            out.short = if base_has_short {
                self.required(t.short.as_ref(), span.clone(), &here, "short")
                    .unwrap_or_else(|| question.short.clone())
            } else {
                self.absent(t.short.as_ref(), &here, "short");
                out.prompt.clone()
            };
            out.help = match &question.help {
                Some(help) => Some(
                    self.required(t.help.as_ref(), span.clone(), &here, "help")
                        .unwrap_or_else(|| help.clone()),
                ),
                None => {
                    self.absent(t.help.as_ref(), &here, "help");
                    None
                }
            };
            match &question.scale_labels {
                Some((low, high)) => {
                    let low = self
                        .required(t.low_label.as_ref(), span.clone(), &here, "low_label")
                        .unwrap_or_else(|| low.clone());
                    let high = self
                        .required(t.high_label.as_ref(), span.clone(), &here, "high_label")
                        .unwrap_or_else(|| high.clone());
                    out.scale_labels = Some((low, high));
                }
                None => {
                    self.absent(t.low_label.as_ref(), &here, "low_label");
                    self.absent(t.high_label.as_ref(), &here, "high_label");
                }
            }
            match question.kind {
                QuestionKind::Single | QuestionKind::Multiple => {
                    let Some(options) = &t.options else {
                        self.error(
                            span.clone(),
                            format!("{here} has no [questions.{}.options]", question.id),
                            format!(
                                "add [questions.{}.options] with a label for each option: {}",
                                question.id,
                                question
                                    .options
                                    .iter()
                                    .map(|o| o.id.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        );
                        continue;
                    };
                    let ids: Vec<&str> = question.options.iter().map(|o| o.id.as_str()).collect();
                    let what = format!("option of \"{}\"", question.id);
                    self.unknown_ids(&what, options.get_ref().keys(), &ids);
                    for (oi, option) in question.options.iter().enumerate() {
                        match options
                            .get_ref()
                            .iter()
                            .find(|(k, _)| k.get_ref() == &option.id)
                        {
                            Some((_, label)) => {
                                self.text(label);
                                out.options[oi].label = label.get_ref().clone();
                            }
                            None => self.error(
                                options.span(),
                                format!(
                                    "option \"{}\" of \"{}\" has no translation",
                                    option.id, question.id
                                ),
                                format!(
                                    "add {} = \"...\" to [questions.{}.options] (in English: \
                                     \"{}\")",
                                    option.id, question.id, option.label
                                ),
                            ),
                        }
                    }
                }
                QuestionKind::YesNo => {
                    if let Some(options) = &t.options {
                        self.error(
                            options.span(),
                            format!(
                                "\"{}\" is a yes/no question: its answers are not translated here",
                                question.id
                            ),
                            "remove the options: painpath words \"yes\" and \"no\" in every \
                             language itself"
                                .into(),
                        );
                    }
                    out.options[0].label = yes_no.0.to_string();
                    out.options[1].label = yes_no.1.to_string();
                }
                QuestionKind::Scale => {
                    if let Some(options) = &t.options {
                        self.error(
                            options.span(),
                            format!("\"{}\" is a scale: it has no options", question.id),
                            "remove the options; translate low_label and high_label".into(),
                        );
                    }
                }
            }
        }

        let ids: Vec<&str> = base.outcomes.iter().map(|o| o.id.as_str()).collect();
        self.unknown_ids("outcome", raw.outcomes.keys(), &ids);
        for (i, outcome) in base.outcomes.iter().enumerate() {
            let Some((_, entry)) = raw
                .outcomes
                .iter()
                .find(|(k, _)| k.get_ref() == &outcome.id)
            else {
                self.missing_table(at_meta.clone(), "outcomes", &outcome.id);
                continue;
            };
            let t = entry.get_ref();
            let here = format!("[outcomes.{}]", outcome.id);
            let span = entry.span();
            let out = &mut q.outcomes[i];
            if let Some(v) = self.required(t.title.as_ref(), span.clone(), &here, "title") {
                out.title = v;
            }
            out.short = match &outcome.short {
                Some(short) => Some(
                    self.required(t.short.as_ref(), span.clone(), &here, "short")
                        .unwrap_or_else(|| short.clone()),
                ),
                None => {
                    self.absent(t.short.as_ref(), &here, "short");
                    None
                }
            };
            for (field, given, items) in [
                ("explanation", &t.explanation, &mut out.explanation),
                ("advice", &t.advice, &mut out.advice),
                ("avoid", &t.avoid, &mut out.avoid),
                ("sooner_if", &t.sooner_if, &mut out.sooner_if),
            ] {
                let Some(texts) = self.passages(given.as_ref(), items, span.clone(), &here, field)
                else {
                    continue;
                };
                for (item, text) in items.iter_mut().zip(texts) {
                    self.no_time_frame(Some(&text), &outcome.id);
                    item.text = text.into_inner();
                }
            }
            let base_signs: Vec<String> = outcome.signs.iter().map(|s| s.text.clone()).collect();
            if let Some(list) = self.list(t.signs.as_ref(), &base_signs, span, &here, "signs") {
                for (sign, text) in out.signs.iter_mut().zip(list) {
                    sign.text = text;
                }
            }
        }

        let ids: Vec<&str> = base.sources.iter().map(|s| s.id.as_str()).collect();
        self.unknown_ids("source", raw.sources.keys(), &ids);
        for (i, source) in base.sources.iter().enumerate() {
            // Optional, unlike every other table: an article keeps its own title.
            let Some((_, entry)) = raw.sources.iter().find(|(k, _)| k.get_ref() == &source.id)
            else {
                continue;
            };
            let t = entry.get_ref();
            let here = format!("[sources.{}]", source.id);
            let out = &mut q.sources[i];
            if let Some(title) = &t.title {
                self.text(title);
                out.title = title.get_ref().clone();
            }
            match (&source.publisher, &t.publisher) {
                (Some(_), Some(publisher)) => {
                    self.text(publisher);
                    out.publisher = Some(publisher.get_ref().clone());
                }
                (None, given) => self.absent(given.as_ref(), &here, "publisher"),
                (Some(_), None) => {}
            }
        }
        q
    }

    fn meta(&mut self, base: &Questionnaire, meta: &RawTranslationMeta) {
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
    fn required(
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

    /// A text the base does not have must not be translated.
    fn absent(&mut self, given: Option<&Text>, here: &str, field: &str) {
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
    fn passages(
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
    fn list(
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

    fn missing_table(&mut self, span: Range<usize>, section: &str, id: &str) {
        self.error(
            span,
            format!("{section} \"{id}\" has no translation"),
            format!("add a [{section}.{id}] table with its texts"),
        );
    }

    fn unknown_ids<'k>(
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

    /// Forbidden characters, as in the base, pointed at where they are written.
    fn text(&mut self, text: &Text) {
        if let Some((offset, c)) = text.get_ref().char_indices().find(|(_, c)| is_hostile(*c)) {
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

    fn no_time_frame(&mut self, text: Option<&Text>, outcome: &str) {
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
    use super::*;

    fn small() -> Questionnaire {
        crate::testing::small()
    }

    /// A complete Spanish translation of tests/fixtures/small.toml.
    const SMALL_ES: &str = include_str!("../../tests/fixtures/small.es.toml");

    fn problems(text: &str) -> Vec<String> {
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
    fn a_complete_translation_replaces_every_text_and_keeps_the_tree() {
        let base = small();
        let (es, info) = translate(&base, "t.es.toml", SMALL_ES).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(info.language, "es");
        assert!(!info.reviewed);
        assert_eq!(es.meta.language, "es");
        assert_eq!(es.meta.version, base.meta.version);
        assert_ne!(es.meta.intro, base.meta.intro);
        for (a, b) in base.questions.iter().zip(&es.questions) {
            assert_eq!(a.id, b.id);
            assert_eq!(
                format!("{:?}", a.rules),
                format!("{:?}", b.rules),
                "the routes"
            );
            assert_ne!(a.prompt, b.prompt, "{} translated", a.id);
            for (x, y) in a
                .options
                .iter()
                .zip(&b.options)
                .filter(|_| a.kind != QuestionKind::YesNo)
            {
                assert_eq!(x.id, y.id);
                assert_ne!(x.label, y.label, "{}.{} translated", a.id, x.id);
            }
        }
        for (a, b) in base.outcomes.iter().zip(&es.outcomes) {
            assert_ne!(a.title, b.title);
            assert_eq!(a.signs.len(), b.signs.len());
            assert_eq!(a.disposition, b.disposition);
        }
        // Yes/no answers are worded by painpath, not by the file.
        let yes_no = es
            .questions
            .iter()
            .find(|q| q.kind == QuestionKind::YesNo)
            .expect("small has a yes/no question");
        assert_eq!(yes_no.options[0].label, "Sí");
    }

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
    fn a_source_is_translated_where_given_and_its_texts_are_checked_as_any_other() {
        let mut base = small();
        let with = |table: &str| format!("{SMALL_ES}\n[sources.a]\n{table}\n");
        let found = problems(&with("title = \"Art\\u001b[2Jículo A\""));
        assert!(
            found
                .iter()
                .any(|p| p.contains("a control character (U+001B)")),
            "{found:#?}"
        );
        let err = translate(&base, "t.es.toml", &with("date = \"13/10/2025\"")).unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains("unknown field `date`"), "{shown}");
        assert!(
            shown.contains("a source's date is not translated"),
            "{shown}"
        );
        // A publisher where the article names none would be painpath's invention.
        base.sources[0].publisher = None;
        let err = translate(&base, "t.es.toml", &with("publisher = \"Editorial A\"")).unwrap_err();
        let shown = err.to_string();
        assert!(
            shown.contains("[sources.a] translates `publisher`, which the questions do not have"),
            "{shown}"
        );
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
