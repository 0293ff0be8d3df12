//! The loader: `questions.toml` text -> raw serde structs -> validated [`Questionnaire`].
//!
//! Checks, each reported with file:line:column and a hint: syntax, unknown keys and types
//! (serde); forbidden characters; duplicate and unknown ids; the shape of each question and
//! rule; and, over the whole tree, cycles, unreachable nodes, dead ends, rules that read a
//! question not answered on every path, and the safety invariant for emergency answers.

use std::collections::HashMap;
use std::ops::Range;

use crate::content::diagnostic::{Diagnostics, LoadError, nearest};
use crate::content::model::{
    ChoiceOption, Condition, Disposition, DispositionIndex, Meta, OptionIndex, Outcome,
    OutcomeIndex, Question, QuestionIndex, QuestionKind, Questionnaire, Rule, SCALE_MAX, SCALE_MIN,
    Sign, Source, Target,
};
mod body_areas;
mod bounds;
pub(crate) mod dispositions;
mod graph;
mod option_help;
mod passages;
mod references;
mod safety;
mod syntax;
mod text;

use graph::Graph;

use serde::Deserialize;

use crate::content::raw::{
    RawDisposition, RawFile, RawKind, RawMeta, RawOption, RawOutcome, RawQuestion, RawScale,
    RawSign, RawSource, Text, items_in, items_of,
};

/// A file as Windows and word processors save it, read as painpath reads any other: a UTF-8
/// byte order mark at the start is dropped and CRLF line ends become LF (line and column
/// numbers stay those an editor shows). A CR on its own stays, and is refused in text.
pub fn normalize_line_ends(text: &str) -> std::borrow::Cow<'_, str> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.contains("\r\n") {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Loads and validates a questions file. `file` names it in error messages.
/// Problems' spans are byte ranges of `text` as given (lines and columns are the same either
/// way, as an editor shows them).
pub fn load(file: &str, text: &str) -> Result<Questionnaire, LoadError> {
    let normalized = normalize_line_ends(text);
    load_normalized(file, &normalized).map_err(|mut err| {
        if normalized.len() != text.len() {
            let map = SpanMap::new(text);
            for problem in &mut err.problems {
                problem.span = map.to_original(problem.span.clone());
            }
        }
        err
    })
}

/// Maps byte offsets in the text [`normalize_line_ends`] made back to the text it was given.
struct SpanMap {
    /// Length of the byte order mark dropped from the start (0 or 3).
    bom: usize,
    /// Normalized offsets of each line end that was a CRLF, in order.
    crlf: Vec<usize>,
}

impl SpanMap {
    fn new(original: &str) -> Self {
        let bom = if original.starts_with('\u{FEFF}') {
            3
        } else {
            0
        };
        let crlf = original[bom..]
            .match_indices("\r\n")
            .enumerate()
            .map(|(removed, (i, _))| i - removed)
            .collect();
        SpanMap { bom, crlf }
    }

    fn to_original(&self, span: Range<usize>) -> Range<usize> {
        let start = span.start + self.bom + self.crlf.partition_point(|&p| p < span.start);
        let end = span.end + self.bom + self.crlf.partition_point(|&p| p < span.end);
        start..end.max(start)
    }
}

fn load_normalized(file: &str, text: &str) -> Result<Questionnaire, LoadError> {
    let table = match toml::de::DeTable::parse(text) {
        Ok(table) => table,
        Err(err) => return Err(syntax_error(file, text, &err)),
    };
    let raw = match RawFile::deserialize(toml::de::Deserializer::from(table)) {
        Ok(raw) => raw,
        Err(err) => return Err(type_errors(file, text, &err)),
    };
    check(file, text, &raw)
}

/// At most this many type errors are reported at once.
const TYPE_ERRORS_MAX: usize = 20;

/// A TOML syntax error, in plain words when [`syntax::explain`] recognises the mistake. When
/// it follows a multi-line text that a later `key = """` closed, the parser's own message stays
/// where the parser stopped, with a hint that names the line where that text began.
pub(crate) fn syntax_error(file: &str, text: &str, err: &toml::de::Error) -> LoadError {
    let mut diagnostics = Diagnostics::new(file, text);
    let span = err.span().unwrap_or(0..0);
    let message = || err.message().trim_end().to_string();
    if let Some(hint) = syntax::swallowed_text(text, span.start) {
        diagnostics.error(span, message(), Some(hint));
    } else if let Some(found) = syntax::explain(text, span.start) {
        diagnostics.error(found.span, found.message, Some(found.hint));
    } else {
        let message = message();
        let hint = serde_hint(&message);
        diagnostics.error(span, message, hint);
    }
    diagnostics
        .finish()
        .expect_err("an error was just recorded")
}

/// A file that parses but does not fit the shape wanted: serde's first error, with a hint in
/// plain words where one is known (for a translation file).
pub(crate) fn serde_error(file: &str, text: &str, err: &toml::de::Error) -> LoadError {
    let mut diagnostics = Diagnostics::new(file, text);
    let message = err.message().trim_end().to_string();
    let hint = serde_hint(&message);
    diagnostics.error(err.span().unwrap_or(0..0), message, hint);
    diagnostics
        .finish()
        .expect_err("an error was just recorded")
}

/// The type errors of a file that parses but does not fit [`RawFile`]: `first` (the one
/// serde stopped at) and those of every other entry, each entry deserialized on its own,
/// reported in file order up to [`TYPE_ERRORS_MAX`].
fn type_errors(file: &str, text: &str, first: &toml::de::Error) -> LoadError {
    let mut diagnostics = Diagnostics::new(file, text);
    let misplaced = syntax::single_bracket_arrays(text);
    if !misplaced.is_empty() {
        // `[questions.rules]` makes a table where a list was wanted: the type errors that
        // follow from it would only repeat that.
        for found in misplaced {
            diagnostics.error(found.span, found.message, Some(found.hint));
        }
        return diagnostics
            .finish()
            .expect_err("an error was just recorded");
    }
    let mut errors = vec![first.clone()];
    if let Ok(table) = toml::de::DeTable::parse(text) {
        errors.extend(entry_errors(table.into_inner()));
    }
    let mut seen = Vec::new();
    for err in errors {
        let key = (err.span(), err.message().to_string());
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let span = err.span().unwrap_or(0..0);
        let message = err.message().trim_end().to_string();
        match misplaced_default(&message) {
            Some((message, hint)) => diagnostics.error(span, message, Some(hint)),
            None => {
                let hint = serde_hint(&message);
                diagnostics.error(span, message, hint);
            }
        }
    }
    let mut err = diagnostics
        .finish()
        .expect_err("an error was just recorded");
    err.problems.truncate(TYPE_ERRORS_MAX);
    err
}

/// Deserializes each entry of the file on its own, so that one entry's type error does not
/// hide the next one's; within an entry, each option, rule and sign on its own, and each key
/// found wrong is set aside and the rest tried again ([`table_errors`]). Returns the errors
/// found, at most [`TYPE_ERRORS_MAX`] of them.
fn entry_errors(table: toml::de::DeTable<'_>) -> Vec<toml::de::Error> {
    use toml::de::DeValue;
    /// Each entry of an array of tables, as `T`.
    fn each<T: serde::de::DeserializeOwned>(
        value: toml::Spanned<DeValue<'_>>,
        nested: &[(&str, Nested)],
        errors: &mut Vec<toml::de::Error>,
    ) {
        if let DeValue::Array(items) = value.into_inner() {
            for item in items {
                table_errors::<T>(item, nested, errors);
            }
        }
    }
    let mut errors = Vec::new();
    for (key, value) in table {
        match key.get_ref().as_ref() {
            "meta" => table_errors::<RawMeta>(value, &[], &mut errors),
            "sources" => each::<RawSource>(value, &[], &mut errors),
            "dispositions" => each::<RawDisposition>(value, &[], &mut errors),
            "questions" => each::<RawQuestion>(
                value,
                &[
                    ("options", each_nested::<RawOption>),
                    ("rules", each_nested::<crate::content::raw::RawRule>),
                ],
                &mut errors,
            ),
            "outcomes" => {
                each::<RawOutcome>(value, &[("signs", each_nested::<RawSign>)], &mut errors)
            }
            _ => {}
        }
    }
    errors.truncate(TYPE_ERRORS_MAX);
    errors
}

/// Checks the entries of a nested array of tables (a question's options, an outcome's signs).
type Nested = for<'t> fn(toml::Spanned<toml::de::DeValue<'t>>, &mut Vec<toml::de::Error>);

fn each_nested<T: serde::de::DeserializeOwned>(
    value: toml::Spanned<toml::de::DeValue<'_>>,
    errors: &mut Vec<toml::de::Error>,
) {
    if let toml::de::DeValue::Array(items) = value.into_inner() {
        for item in items {
            table_errors::<T>(item, &[], errors);
        }
    }
}

/// Every type error of one table, not only the first serde stops at: its `nested` arrays are
/// checked entry by entry (and then left out), and each key an error points at is reported,
/// left out, and the table tried again, until it fits or a key it needs was left out.
fn table_errors<T: serde::de::DeserializeOwned>(
    mut value: toml::Spanned<toml::de::DeValue<'_>>,
    nested: &[(&str, Nested)],
    errors: &mut Vec<toml::de::Error>,
) {
    use toml::de::{DeValue, ValueDeserializer};
    if let DeValue::Table(table) = value.get_mut() {
        for (name, check) in nested {
            if let Some(items) = table.remove(*name) {
                check(items, errors);
            }
        }
    }
    let mut left_out: Vec<String> = Vec::new();
    while errors.len() < TYPE_ERRORS_MAX {
        let err = match T::deserialize(ValueDeserializer::from(value.clone())) {
            Ok(_) => return,
            Err(err) => err,
        };
        // A key left out for its own error is then missing: already said; so is a key
        // misspelled (`promt` for `prompt`).
        if let Some(missing) = err
            .message()
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split('`').next())
        {
            if !left_out
                .iter()
                .any(|k| k == missing || nearest(k, [missing]).is_some())
            {
                errors.push(err);
            }
            return;
        }
        let span = err.span();
        let culprit = match (value.get_ref(), &span) {
            (DeValue::Table(table), Some(span)) => table
                .iter()
                .find(|(k, v)| {
                    let (k, v) = (k.span(), v.span());
                    (k.start <= span.start && span.start < k.end.max(k.start + 1))
                        || (v.start <= span.start && span.end <= v.end)
                })
                .map(|(k, _)| k.get_ref().to_string()),
            _ => None,
        };
        errors.push(err);
        let Some(culprit) = culprit else {
            return;
        };
        if let DeValue::Table(table) = value.get_mut() {
            table.remove(culprit.as_str());
        }
        left_out.push(culprit);
    }
}

/// `default` written under a question's `[[questions.rules]]`, where serde reads it as an
/// unknown key of the rule: says where it belongs instead.
fn misplaced_default(message: &str) -> Option<(String, String)> {
    let rest = message.strip_prefix("unknown field `default`")?;
    rest.contains("`goto`").then(|| {
        (
            "`default` is written under a [[questions.rules]], so it reads as part of the rule"
                .to_string(),
            "move `default` above the question's first [[questions.rules]]".to_string(),
        )
    })
}

/// Checks a parsed file and builds the model: everything [`load`] does after the TOML step.
/// `text` must be the text `raw` was parsed from, since problems are located by its spans.
/// Public so benchmarks can time validation apart from parsing.
pub fn check(file: &str, text: &str, raw: &RawFile) -> Result<Questionnaire, LoadError> {
    let diagnostics = Diagnostics::new(file, text);
    let mut question_ids = HashMap::with_capacity(raw.questions.len());
    for (i, q) in raw.questions.iter().enumerate() {
        question_ids.entry(q.id.get_ref().as_str()).or_insert(i);
    }
    let mut disposition_ids = HashMap::with_capacity(raw.dispositions.len());
    for (i, d) in raw.dispositions.iter().enumerate() {
        disposition_ids.entry(d.id.get_ref().as_str()).or_insert(i);
    }
    let mut builder = Builder {
        raw,
        diagnostics,
        question_ids,
        suggestions: HashMap::new(),
        disposition_ids,
    };
    let questionnaire = builder.build();
    builder.diagnostics.finish()?;
    questionnaire.ok_or_else(|| LoadError {
        file: file.to_string(),
        problems: Vec::new(),
    })
}

/// Turns serde's "unknown field `promt`, expected one of `id`, `prompt`" into a suggestion.
fn serde_hint(message: &str) -> Option<String> {
    let (wanted, expected) = if let Some(rest) = message.strip_prefix("unknown field `") {
        let (wanted, rest) = rest.split_once('`')?;
        (wanted, rest)
    } else if let Some(rest) = message.strip_prefix("unknown variant `") {
        let (wanted, rest) = rest.split_once('`')?;
        (wanted, rest)
    } else if message.starts_with("invalid type") {
        return if message.ends_with("expected a boolean") {
            Some("write true or false, without quotes".into())
        } else if message.ends_with("expected a string") {
            Some("put the text in double quotes: \"like this\"".into())
        } else if message.ends_with("expected a sequence") {
            Some("a list goes in square brackets: [\"first\", \"second\"]".into())
        } else if message.contains("expected i64") || message.contains("expected an integer") {
            Some("write a whole number, without quotes".into())
        } else {
            None
        };
    } else {
        return None;
    };
    let choices: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    match nearest(wanted, choices.iter().copied()) {
        Some(near) => Some(format!("did you mean `{near}`?")),
        None if !choices.is_empty() => Some(format!("use one of: {}", choices.join(", "))),
        None => None,
    }
}

struct Builder<'a> {
    raw: &'a RawFile,
    diagnostics: Diagnostics<'a>,
    /// Question id to index, the first question with that id winning (duplicates are
    /// reported). Built once so a reference costs a hash look-up, not a scan of the file.
    question_ids: HashMap<&'a str, usize>,
    /// "Did you mean" answers by (kind of id, unknown id). Each search scans every id of that
    /// kind, so a file that repeats one typo thousands of times must not repeat the search.
    suggestions: HashMap<(&'static str, String), Option<String>>,
    /// Disposition id to index, the first with that id winning (duplicates are reported).
    disposition_ids: HashMap<&'a str, usize>,
}

/// Builds one kind of option condition (`any`, `all` or `none`) from its references.
type MakeCondition = fn(QuestionIndex, Vec<OptionIndex>) -> Condition;

/// The condition lists of a rule or a sign, as written.
#[derive(Clone, Copy)]
struct ConditionLists<'r> {
    any: &'r Vec<Text>,
    all: &'r Vec<Text>,
    none: &'r Vec<Text>,
    scale: Option<&'r toml::Spanned<RawScale>>,
}

/// A resolved edge with the span of the `goto`/`default` that wrote it.
struct Edge {
    target: Target,
    span: Range<usize>,
}

impl<'a> Builder<'a> {
    fn build(&mut self) -> Option<Questionnaire> {
        self.check_all_text();
        self.check_option_help();
        self.check_bounds();
        let ids = self.check_ids();
        let dispositions = self.dispositions();
        let sources = self.sources();
        let source_ids: HashMap<&str, usize> = self
            .raw
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.get_ref().as_str(), i))
            .collect();
        let outcomes = self.outcomes(&source_ids);
        let mut questions = Vec::with_capacity(self.raw.questions.len());
        let mut edges = Vec::with_capacity(self.raw.questions.len());
        for (index, raw) in self.raw.questions.iter().enumerate() {
            let (question, question_edges) = self.question(QuestionIndex(index), raw, &ids);
            questions.push(question);
            edges.push(question_edges);
        }
        let start = self.resolve_target(&self.raw.meta.start, &ids);
        if self.diagnostics.has_errors() {
            return None;
        }
        let start = start?;
        let meta = self.meta();
        let mut questionnaire = Questionnaire {
            meta,
            sources,
            dispositions,
            questions,
            outcomes,
            start,
            path_count: 0,
            max_remaining: Vec::new(),
        };
        let graph = Graph::new(&questionnaire, &edges);
        if !self.check_graph(&questionnaire, &graph, &edges) {
            return None;
        }
        self.check_coverage(&questionnaire);
        self.check_rule_reads_answered_question(&questionnaire, &graph);
        self.check_emergency_answers(&questionnaire);
        self.check_condition_reads(&questionnaire, &edges);
        if !self.diagnostics.has_errors() {
            self.check_screen_asked(&questionnaire);
        }
        questionnaire.path_count = graph.path_count(&questionnaire);
        questionnaire.max_remaining = graph.max_remaining(&questionnaire);
        Some(questionnaire)
    }

    fn error(&mut self, span: Range<usize>, message: impl Into<String>, hint: Option<String>) {
        self.diagnostics.error(span, message, hint);
    }

    fn line_of(&self, offset: usize) -> usize {
        self.diagnostics.line_of(offset)
    }

    fn meta(&self) -> Meta {
        let m = &self.raw.meta;
        Meta {
            id: m.id.get_ref().clone(),
            title: m.title.get_ref().clone(),
            version: m.version.get_ref().clone(),
            language: m.language.get_ref().clone(),
            intro: m.intro.get_ref().clone(),
            disclaimer: m.disclaimer.get_ref().clone(),
        }
    }

    fn sources(&self) -> Vec<Source> {
        self.raw
            .sources
            .iter()
            .map(|s| Source {
                id: s.id.get_ref().clone(),
                title: s.title.get_ref().clone(),
                publisher: s.publisher.as_ref().map(|p| p.get_ref().clone()),
                date: s.date.as_ref().map(|d| d.get_ref().clone()),
            })
            .collect()
    }

    fn outcomes(&mut self, source_ids: &HashMap<&str, usize>) -> Vec<Outcome> {
        let raw = self.raw;
        let mut outcomes = Vec::with_capacity(raw.outcomes.len());
        for o in &raw.outcomes {
            let mut sources = Vec::new();
            for s in &o.sources {
                match source_ids.get(s.get_ref().as_str()) {
                    Some(i) => sources.push(*i),
                    None => self.unknown_id(s, "source", source_ids.keys().copied()),
                }
            }
            if o.sources.is_empty() {
                self.error(
                    o.id.span(),
                    format!("outcome \"{}\" cites no source", o.id.get_ref()),
                    Some("add `sources = [\"...\"]` naming the articles it draws on".into()),
                );
            }
            let disposition = self.disposition_reference(&o.disposition);
            self.check_time_frames(o);
            let signs = self.signs(o);
            let owner = o.id.get_ref();
            let mut seen = HashMap::new();
            let explanation =
                self.passages(owner, "explanation", items_of(&o.explanation), &mut seen);
            let advice = self.passages(owner, "advice", items_in(&o.advice), &mut seen);
            let avoid = self.passages(owner, "avoid", items_in(&o.avoid), &mut seen);
            let sooner_if = self.passages(owner, "sooner_if", items_in(&o.sooner_if), &mut seen);
            outcomes.push(Outcome {
                id: o.id.get_ref().clone(),
                title: o.title.get_ref().clone(),
                short: o.short.as_ref().map(|s| s.get_ref().clone()),
                disposition: disposition.unwrap_or(DispositionIndex(0)),
                explanation,
                advice,
                avoid,
                sooner_if,
                signs,
                sources,
            });
        }
        outcomes
    }
}

fn plain_option(id: &str, label: &str) -> ChoiceOption {
    ChoiceOption {
        id: id.into(),
        label: label.into(),
        help: None,
        exclusive: false,
        emergency: false,
        raises: None,
        summary_only: false,
        only_when: Vec::new(),
        body: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_saved_on_windows_loads_and_a_lone_cr_is_still_refused() {
        let text = include_str!("../../../tests/fixtures/small.toml");
        let windows = format!("\u{FEFF}{}", text.replace('\n', "\r\n"));
        let q = load("windows.toml", &windows).expect("CRLF and a BOM load");
        assert_eq!(q.questions.len(), crate::testing::small().questions.len());
        let lone = text.replacen("title = \"Knee\"", "title = \"Kn\\ree\"", 1);
        let err = load("lone.toml", &lone).expect_err("a lone CR in text is refused");
        assert!(err.to_string().contains("carriage return"), "{err}");
        let tab = text.replacen("title = \"Knee\"", "title = \"Kn\\tee\"", 1);
        let err = load("tab.toml", &tab).expect_err("a tab in text is refused");
        assert!(err.to_string().contains("contains a tab"), "{err}");
    }

    #[test]
    fn a_tab_in_a_multi_line_text_is_shown_and_pointed_at_on_its_own_line() {
        let text = include_str!("../../../tests/fixtures/small.toml");
        let at = text
            .find("explanation = ")
            .expect("an outcome's explanation");
        let end = at + text[at..].find('\n').unwrap();
        let tabbed = format!(
            "{}explanation = \"\"\"\nFirst line.\nRest\tawhile.\n\"\"\"{}",
            &text[..at],
            &text[end..]
        );
        let err = load("tab.toml", &tabbed).expect_err("a tab in text is refused");
        let p = &err.problems[0];
        let line = tabbed[..at].matches('\n').count() + 3;
        assert_eq!((p.line, p.column), (line, 5), "{err}");
        assert_eq!(p.source_line, "Rest→awhile.", "{err}");
        assert_eq!(p.source_column, 5);
        let shown = err.to_string();
        assert!(shown.contains("a tab (U+0009, shown as →)"), "{shown}");
        assert!(shown.contains("replace the tab with a space"), "{shown}");
        // Written as an escape, the caret points at the escape.
        let escaped = text.replacen("title = \"Knee\"", "title = \"Kn\\tee\"", 1);
        let err = load("tab.toml", &escaped).expect_err("a tab in text is refused");
        let p = &err.problems[0];
        let written = escaped.find("Kn\\tee").unwrap() + 2;
        assert_eq!(p.span, written..written + 2, "{err}");
    }

    #[test]
    fn spans_of_a_windows_file_are_those_of_the_text_as_given() {
        let text = "\u{FEFF}a = 1\r\nb = \r\nc = 2\r\n";
        let err = load("w.toml", text).expect_err("a key with no value");
        let p = &err.problems[0];
        assert_eq!((p.line, p.column), (2, 5), "{err}");
        assert_eq!(&text[p.span.start..], "\r\nc = 2\r\n", "{err}");
    }

    #[test]
    fn a_third_copy_of_an_option_id_points_at_the_second() {
        let text = include_str!("../../../tests/fixtures/small.toml").replace(
            "  { id = \"knee\", label = \"Knee\" },",
            "  { id = \"knee\", label = \"Knee\" },\n  { id = \"knee\", label = \"Knee 2\" },\n  { id = \"knee\", label = \"Knee 3\" },",
        );
        let err = load("f.toml", &text).expect_err("duplicate options");
        let hints: Vec<(usize, &str)> = err
            .problems
            .iter()
            .filter(|p| p.message.starts_with("duplicate option id \"knee\""))
            .map(|p| (p.line, p.hint.as_deref().unwrap_or_default()))
            .collect();
        assert_eq!(
            hints,
            [
                (40, "it is first used on line 39; rename one of them"),
                (41, "it is first used on line 40; rename one of them"),
            ]
        );
    }
}
