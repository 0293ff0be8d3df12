//! The loader: `questions.toml` text -> raw serde structs -> validated [`Questionnaire`].
//!
//! Checks, each reported with file:line:column and a hint: syntax, unknown keys and types
//! (serde); forbidden characters; duplicate and unknown ids; the shape of each question and
//! rule; and, over the whole tree, cycles, unreachable nodes, dead ends, rules that read a
//! question not answered on every path, and the safety invariant for emergency answers.

use std::collections::HashMap;
use std::ops::Range;

use crate::content::diagnostic::{Diagnostics, LoadError, is_forbidden, nearest};
use crate::content::model::{
    ChoiceOption, Condition, Disposition, DispositionIndex, Meta, OptionIndex, Outcome,
    OutcomeIndex, Question, QuestionIndex, QuestionKind, Questionnaire, Rule, SCALE_MAX, SCALE_MIN,
    Sign, Source, Target,
};
mod dispositions;
mod graph;
mod references;
mod safety;
mod text;

use graph::Graph;

use crate::content::raw::{RawFile, RawKind, RawOption, RawQuestion, RawScale, RawSign, Text};

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
pub fn load(file: &str, text: &str) -> Result<Questionnaire, LoadError> {
    let text = &*normalize_line_ends(text);
    let raw: RawFile = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(err) => {
            let mut diagnostics = Diagnostics::new(file, text);
            let span = err.span().unwrap_or(0..0);
            let message = err.message().trim_end().to_string();
            let hint = serde_hint(&message);
            diagnostics.error(span, message, hint);
            return Err(diagnostics
                .finish()
                .expect_err("an error was just recorded"));
        }
    };
    check(file, text, &raw)
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
            outcomes.push(Outcome {
                id: o.id.get_ref().clone(),
                title: o.title.get_ref().clone(),
                disposition: disposition.unwrap_or(DispositionIndex(0)),
                explanation: o.explanation.get_ref().clone(),
                advice: o.advice.iter().map(|t| t.get_ref().clone()).collect(),
                avoid: o.avoid.iter().map(|t| t.get_ref().clone()).collect(),
                sooner_if: o.sooner_if.iter().map(|t| t.get_ref().clone()).collect(),
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
        exclusive: false,
        emergency: false,
        raises: None,
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
