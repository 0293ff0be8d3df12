//! The loader: `questions.toml` text -> raw serde structs -> validated [`Questionnaire`].
//!
//! Checks, each reported with file:line:column and a hint: syntax, unknown keys and types
//! (serde); forbidden characters; duplicate and unknown ids; the shape of each question and
//! rule; and, over the whole tree, cycles, unreachable nodes, dead ends, rules that read a
//! question not answered on every path, and the safety invariant for emergency answers.

use std::collections::HashMap;
use std::ops::Range;

use crate::diagnostic::{Diagnostics, LoadError, is_forbidden, nearest};
use crate::questionnaire::{
    ChoiceOption, Condition, Meta, OptionIndex, Outcome, OutcomeIndex, Question, QuestionIndex,
    QuestionKind, Questionnaire, Rule, SCALE_MAX, SCALE_MIN, Source, Target, Urgency,
};
use crate::raw::{RawFile, RawKind, RawOption, RawQuestion, RawRule, RawUrgency, Text};

/// Loads and validates a questions file. `file` names it in error messages.
pub fn load(file: &str, text: &str) -> Result<Questionnaire, LoadError> {
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
    let mut builder = Builder {
        raw,
        diagnostics,
        question_ids,
        suggestions: HashMap::new(),
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
}

/// Builds one kind of option condition (`any`, `all` or `none`) from its references.
type MakeCondition = fn(QuestionIndex, Vec<OptionIndex>) -> Condition;

/// A resolved edge with the span of the `goto`/`default` that wrote it.
struct Edge {
    target: Target,
    span: Range<usize>,
}

impl<'a> Builder<'a> {
    fn build(&mut self) -> Option<Questionnaire> {
        self.check_all_text();
        let ids = self.check_ids();
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

    /// Every string in the file is shown on a terminal; none may carry control characters.
    fn check_all_text(&mut self) {
        let raw = self.raw;
        let meta = &raw.meta;
        let mut texts: Vec<&Text> = vec![
            &meta.id,
            &meta.title,
            &meta.version,
            &meta.language,
            &meta.start,
            &meta.intro,
            &meta.disclaimer,
        ];
        for s in &raw.sources {
            texts.extend([&s.id, &s.title, &s.publisher]);
            texts.extend(&s.date);
        }
        for q in &raw.questions {
            texts.extend([&q.id, &q.prompt]);
            texts.extend(q.short.iter().chain(&q.help).chain(&q.low_label));
            texts.extend(q.high_label.iter().chain(&q.default));
            for o in &q.options {
                texts.extend([&o.id, &o.label]);
            }
            for r in &q.rules {
                let r = r.get_ref();
                texts.extend(r.any.iter().chain(&r.all).chain(&r.none));
                texts.push(&r.goto);
                if let Some(scale) = &r.scale {
                    texts.extend(&scale.get_ref().question);
                }
            }
        }
        for o in &raw.outcomes {
            texts.extend([&o.id, &o.title, &o.explanation, &o.seek_help]);
            texts.extend(o.advice.iter().chain(&o.avoid).chain(&o.sources));
        }
        for text in texts {
            if let Some((offset, c)) = text
                .get_ref()
                .char_indices()
                .find(|(_, c)| is_forbidden(*c))
            {
                let what = if c.is_control() {
                    "a control character"
                } else {
                    "a bidirectional-override character"
                };
                self.error(
                    text.span(),
                    format!(
                        "text contains {what} (U+{:04X}) at character {}",
                        c as u32,
                        offset + 1
                    ),
                    Some("text from the file is shown on a terminal; remove the character".into()),
                );
            }
        }
    }

    /// Checks id spelling and uniqueness; returns the ids of questions and outcomes.
    fn check_ids(&mut self) -> HashMap<&'a str, Target> {
        let raw = self.raw;
        let mut nodes: HashMap<&str, (Target, &Text)> = HashMap::new();
        let all_nodes = raw
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| (Target::Question(QuestionIndex(i)), &q.id))
            .chain(
                raw.outcomes
                    .iter()
                    .enumerate()
                    .map(|(i, o)| (Target::Outcome(OutcomeIndex(i)), &o.id)),
            );
        for (target, id) in all_nodes {
            self.check_id_spelling(id);
            if let Some((_, first)) = nodes.get(id.get_ref().as_str()) {
                let line = self.line_of(first.span().start);
                self.error(
                    id.span(),
                    format!(
                        "duplicate id \"{}\": questions and outcomes share one set of ids",
                        id.get_ref()
                    ),
                    Some(format!(
                        "it is first used on line {line}; rename one of them"
                    )),
                );
            } else {
                nodes.insert(id.get_ref(), (target, id));
            }
        }
        let mut source_ids: HashMap<&str, &Text> = HashMap::new();
        for s in &raw.sources {
            self.check_id_spelling(&s.id);
            if let Some(first) = source_ids.insert(s.id.get_ref(), &s.id) {
                let line = self.line_of(first.span().start);
                self.error(
                    s.id.span(),
                    format!("duplicate source id \"{}\"", s.id.get_ref()),
                    Some(format!(
                        "it is first used on line {line}; rename one of them"
                    )),
                );
            }
        }
        for q in &raw.questions {
            // A question has a handful of options: a scan beats a hash map per question.
            // The latest earlier copy is named, as a map's `insert` would return it.
            for (n, o) in q.options.iter().enumerate() {
                self.check_id_spelling(&o.id);
                let earlier = q.options[..n]
                    .iter()
                    .rfind(|e| e.id.get_ref() == o.id.get_ref());
                if let Some(first) = earlier.map(|e| &e.id) {
                    let line = self.line_of(first.span().start);
                    self.error(
                        o.id.span(),
                        format!(
                            "duplicate option id \"{}\" in question \"{}\"",
                            o.id.get_ref(),
                            q.id.get_ref()
                        ),
                        Some(format!(
                            "it is first used on line {line}; rename one of them"
                        )),
                    );
                }
            }
        }
        nodes.into_iter().map(|(k, (t, _))| (k, t)).collect()
    }

    fn check_id_spelling(&mut self, id: &Text) {
        let s = id.get_ref();
        let ok = !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !ok {
            self.error(
                id.span(),
                format!("\"{s}\" is not a valid id"),
                Some("ids use letters, digits, `_` and `-` only, such as \"hip_pain\"".into()),
            );
        }
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
                publisher: s.publisher.get_ref().clone(),
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
            outcomes.push(Outcome {
                id: o.id.get_ref().clone(),
                title: o.title.get_ref().clone(),
                urgency: urgency(*o.urgency.get_ref()),
                explanation: o.explanation.get_ref().clone(),
                advice: o.advice.iter().map(|t| t.get_ref().clone()).collect(),
                avoid: o.avoid.iter().map(|t| t.get_ref().clone()).collect(),
                seek_help: o.seek_help.get_ref().clone(),
                sources,
            });
        }
        outcomes
    }

    /// The known id of kind `what` nearest to `wanted`. Every call with the same `what`
    /// must pass the same `known` ids, since answers are remembered by `what`.
    fn suggest<'c>(
        &mut self,
        what: &'static str,
        wanted: &str,
        known: impl IntoIterator<Item = &'c str>,
    ) -> Option<String> {
        let key = (what, wanted.to_string());
        if let Some(near) = self.suggestions.get(&key) {
            return near.clone();
        }
        let near = nearest(wanted, known).map(str::to_string);
        self.suggestions.insert(key, near.clone());
        near
    }

    fn unknown_id<'c>(
        &mut self,
        id: &Text,
        what: &'static str,
        known: impl IntoIterator<Item = &'c str>,
    ) {
        let hint = match self.suggest(what, id.get_ref(), known) {
            Some(near) => format!("did you mean \"{near}\"?"),
            None => format!("check the spelling, or add a {what} with this id"),
        };
        self.error(
            id.span(),
            format!("\"{}\" names no {what}", id.get_ref()),
            Some(hint),
        );
    }

    fn resolve_target(&mut self, id: &Text, ids: &HashMap<&'a str, Target>) -> Option<Target> {
        let found = ids.get(id.get_ref().as_str()).copied();
        if found.is_none() {
            self.unknown_id(id, "question or outcome", ids.keys().copied());
        }
        found
    }

    fn question(
        &mut self,
        index: QuestionIndex,
        raw: &'a RawQuestion,
        ids: &HashMap<&'a str, Target>,
    ) -> (Question, Vec<Edge>) {
        let kind = match raw.kind.get_ref() {
            RawKind::Single => QuestionKind::Single,
            RawKind::Multiple => QuestionKind::Multiple,
            RawKind::YesNo => QuestionKind::YesNo,
            RawKind::Scale => QuestionKind::Scale,
        };
        let options = self.options(raw, kind);
        let scale_labels = match (&raw.low_label, &raw.high_label) {
            (Some(low), Some(high)) if kind == QuestionKind::Scale => {
                Some((low.get_ref().clone(), high.get_ref().clone()))
            }
            (None, None) => None,
            (Some(label), _) | (_, Some(label)) => {
                let hint = if kind == QuestionKind::Scale {
                    "give both `low_label` and `high_label`"
                } else {
                    "only a scale question has end labels; remove it"
                };
                self.error(
                    label.span(),
                    "scale end label out of place",
                    Some(hint.into()),
                );
                None
            }
        };
        let mut edges = Vec::new();
        let mut rules = Vec::with_capacity(raw.rules.len());
        for rule in &raw.rules {
            let conditions = self.conditions(index, raw, rule.get_ref(), rule.span());
            if let Some(target) = self.resolve_target(&rule.get_ref().goto, ids) {
                edges.push(Edge {
                    target,
                    span: rule.get_ref().goto.span(),
                });
                rules.push(Rule { conditions, target });
            }
        }
        let default = raw.default.as_ref().and_then(|d| {
            let target = self.resolve_target(d, ids)?;
            edges.push(Edge {
                target,
                span: d.span(),
            });
            Some(target)
        });
        if raw.rules.is_empty() && raw.default.is_none() {
            self.error(
                raw.id.span(),
                format!(
                    "question \"{}\" leads nowhere: it has no rules and no default",
                    raw.id.get_ref()
                ),
                Some("add `default = \"...\"` naming the next question or an outcome".into()),
            );
        }
        let question = Question {
            id: raw.id.get_ref().clone(),
            kind,
            prompt: raw.prompt.get_ref().clone(),
            short: raw
                .short
                .as_ref()
                .map_or_else(|| raw.prompt.get_ref().clone(), |s| s.get_ref().clone()),
            help: raw.help.as_ref().map(|h| h.get_ref().clone()),
            options,
            scale_labels,
            rules,
            default,
        };
        (question, edges)
    }

    fn options(&mut self, raw: &RawQuestion, kind: QuestionKind) -> Vec<ChoiceOption> {
        let id = raw.id.get_ref();
        match kind {
            QuestionKind::Scale => {
                if let Some(o) = raw.options.first() {
                    self.error(
                        o.id.span(),
                        format!("scale question \"{id}\" cannot have options"),
                        Some(format!("a scale takes a number from {SCALE_MIN} to {SCALE_MAX}; remove the options")),
                    );
                }
                Vec::new()
            }
            QuestionKind::YesNo if raw.options.is_empty() => {
                vec![plain_option("yes", "Yes"), plain_option("no", "No")]
            }
            QuestionKind::YesNo => {
                let ids: Vec<&str> = raw
                    .options
                    .iter()
                    .map(|o| o.id.get_ref().as_str())
                    .collect();
                if ids != ["yes", "no"] {
                    self.error(
                        raw.options[0].id.span(),
                        format!("yes/no question \"{id}\" must list options \"yes\" then \"no\", or none"),
                        Some("leave `options` out to get plain Yes and No".into()),
                    );
                }
                raw.options.iter().map(|o| self.option(o, kind)).collect()
            }
            QuestionKind::Single | QuestionKind::Multiple => {
                if raw.options.len() < 2 {
                    self.error(
                        raw.id.span(),
                        format!("question \"{id}\" needs at least two options"),
                        Some("add `options = [{ id = \"...\", label = \"...\" }, ...]`".into()),
                    );
                }
                raw.options.iter().map(|o| self.option(o, kind)).collect()
            }
        }
    }

    fn option(&mut self, raw: &RawOption, kind: QuestionKind) -> ChoiceOption {
        if raw.exclusive && kind != QuestionKind::Multiple {
            self.error(
                raw.id.span(),
                "`exclusive` only means something in a multiple-choice question",
                Some("remove `exclusive = true`".into()),
            );
        }
        ChoiceOption {
            id: raw.id.get_ref().clone(),
            label: raw.label.get_ref().clone(),
            exclusive: raw.exclusive,
            emergency: raw.emergency,
            raises: raw.raises.as_ref().map(|r| urgency(*r.get_ref())),
        }
    }

    fn conditions(
        &mut self,
        index: QuestionIndex,
        question: &'a RawQuestion,
        rule: &RawRule,
        span: Range<usize>,
    ) -> Vec<Condition> {
        let mut conditions = Vec::new();
        let lists: [(&Vec<Text>, MakeCondition); 3] = [
            (&rule.any, Condition::AnyOf),
            (&rule.all, Condition::AllOf),
            (&rule.none, Condition::NoneOf),
        ];
        for (list, make) in lists {
            // Group references by question, keeping first-seen order.
            let mut groups: Vec<(QuestionIndex, Vec<OptionIndex>)> = Vec::new();
            for reference in list {
                if let Some((q, o)) = self.option_reference(index, question, reference) {
                    match groups.iter_mut().find(|(gq, _)| *gq == q) {
                        Some((_, options)) => options.push(o),
                        None => groups.push((q, vec![o])),
                    }
                }
            }
            conditions.extend(groups.into_iter().map(|(q, o)| make(q, o)));
        }
        if let Some(scale) = &rule.scale {
            let s = scale.get_ref();
            let target = match &s.question {
                None => Some((index, question)),
                Some(id) => self.question_reference(id),
            };
            let bound = |b: &Option<toml::Spanned<i64>>, fallback: u8, this: &mut Self| match b {
                None => Some(fallback),
                Some(v) => match u8::try_from(*v.get_ref()) {
                    Ok(n) if (SCALE_MIN..=SCALE_MAX).contains(&n) => Some(n),
                    _ => {
                        this.error(
                            v.span(),
                            format!(
                                "scale bound {} is outside {SCALE_MIN}..{SCALE_MAX}",
                                v.get_ref()
                            ),
                            Some(format!(
                                "use a whole number from {SCALE_MIN} to {SCALE_MAX}"
                            )),
                        );
                        None
                    }
                },
            };
            let min = bound(&s.min, SCALE_MIN, self);
            let max = bound(&s.max, SCALE_MAX, self);
            if let (Some((q, raw_q)), Some(min), Some(max)) = (target, min, max) {
                if *raw_q.kind.get_ref() != RawKind::Scale {
                    self.error(
                        scale.span(),
                        format!(
                            "`scale` tests question \"{}\", which is not a scale",
                            raw_q.id.get_ref()
                        ),
                        Some("use `any`, `all` or `none` with option ids for it".into()),
                    );
                } else if min > max {
                    self.error(
                        scale.span(),
                        format!("scale range {min}..{max} is empty"),
                        Some("`min` must not be larger than `max`".into()),
                    );
                } else {
                    conditions.push(Condition::Scale {
                        question: q,
                        min,
                        max,
                    });
                }
            }
        }
        if rule.any.is_empty()
            && rule.all.is_empty()
            && rule.none.is_empty()
            && rule.scale.is_none()
        {
            self.error(
                span,
                "rule has no condition, so it always matches",
                Some(
                    "give it `any`, `all`, `none` or `scale`, or use the question's `default`"
                        .into(),
                ),
            );
        }
        conditions
    }

    fn question_reference(&mut self, id: &Text) -> Option<(QuestionIndex, &'a RawQuestion)> {
        let raw = self.raw;
        match self.question_ids.get(id.get_ref().as_str()).copied() {
            Some(i) => Some((QuestionIndex(i), &raw.questions[i])),
            None => {
                self.unknown_id(
                    id,
                    "question",
                    raw.questions.iter().map(|q| q.id.get_ref().as_str()),
                );
                None
            }
        }
    }

    /// Resolves `option` (of this question) or `question.option`.
    fn option_reference(
        &mut self,
        index: QuestionIndex,
        question: &'a RawQuestion,
        reference: &Text,
    ) -> Option<(QuestionIndex, OptionIndex)> {
        let (q_index, raw_q, option_id) = match reference.get_ref().split_once('.') {
            None => (index, question, reference.get_ref().as_str()),
            Some((q_id, option_id)) => {
                let raw = self.raw;
                match self.question_ids.get(q_id).copied() {
                    Some(i) => (QuestionIndex(i), &raw.questions[i], option_id),
                    None => {
                        let near = self.suggest(
                            "question",
                            q_id,
                            raw.questions.iter().map(|q| q.id.get_ref().as_str()),
                        );
                        let hint = match near {
                            Some(near) => format!("did you mean \"{near}.{option_id}\"?"),
                            None => "write `question_id.option_id`, or just `option_id` for this question".into(),
                        };
                        self.error(
                            reference.span(),
                            format!("\"{q_id}\" names no question"),
                            Some(hint),
                        );
                        return None;
                    }
                }
            }
        };
        let option_ids: Vec<&str> = match raw_q.kind.get_ref() {
            RawKind::YesNo => vec!["yes", "no"],
            RawKind::Scale => {
                self.error(
                    reference.span(),
                    format!(
                        "question \"{}\" is a scale and has no options",
                        raw_q.id.get_ref()
                    ),
                    Some(
                        "test it with `scale = { question = \"...\", min = .., max = .. }`".into(),
                    ),
                );
                return None;
            }
            _ => raw_q
                .options
                .iter()
                .map(|o| o.id.get_ref().as_str())
                .collect(),
        };
        match option_ids.iter().position(|o| *o == option_id) {
            Some(i) => Some((q_index, OptionIndex(i))),
            None => {
                let hint = match nearest(option_id, option_ids.iter().copied()) {
                    Some(near) if q_index == index => format!("did you mean \"{near}\"?"),
                    Some(near) => format!("did you mean \"{}.{near}\"?", raw_q.id.get_ref()),
                    None => format!("its options are: {}", option_ids.join(", ")),
                };
                self.error(
                    reference.span(),
                    format!(
                        "\"{option_id}\" names no option of question \"{}\"",
                        raw_q.id.get_ref()
                    ),
                    Some(hint),
                );
                None
            }
        }
    }

    /// Cycles and unreachable nodes. Returns false when the tree is too broken to go on.
    fn check_graph(&mut self, q: &Questionnaire, graph: &Graph, edges: &[Vec<Edge>]) -> bool {
        if let Some((from, edge)) = graph.cycle {
            let e = &edges[from.0][edge];
            let to = match e.target {
                Target::Question(t) => &q.question(t).id,
                Target::Outcome(t) => &q.outcome(t).id,
            };
            self.error(
                e.span.clone(),
                format!(
                    "this leads from \"{}\" back to \"{to}\", which makes a cycle",
                    q.question(from).id
                ),
                Some(
                    "the tree must only move forward: point it at a later question or an outcome"
                        .into(),
                ),
            );
            return false;
        }
        let raw = self.raw;
        let start = raw.meta.start.get_ref();
        for (i, reached) in graph.question_reached.iter().enumerate() {
            if !reached {
                self.error(
                    raw.questions[i].id.span(),
                    format!(
                        "question \"{}\" is reached by no path from the start",
                        raw.questions[i].id.get_ref()
                    ),
                    Some(format!(
                        "point a rule or default at it, or remove it (the start is \"{start}\")"
                    )),
                );
            }
        }
        for (i, reached) in graph.outcome_reached.iter().enumerate() {
            if !reached {
                self.error(
                    raw.outcomes[i].id.span(),
                    format!(
                        "outcome \"{}\" is reached by no path from the start",
                        raw.outcomes[i].id.get_ref()
                    ),
                    Some("point a rule or default at it, or remove it".into()),
                );
            }
        }
        true
    }

    /// A question without a default must have a rule for every answer, or a path stops dead.
    fn check_coverage(&mut self, q: &Questionnaire) {
        let raw = self.raw;
        for (i, question) in q.questions.iter().enumerate() {
            if question.default.is_some() || question.rules.is_empty() {
                continue;
            }
            let here = QuestionIndex(i);
            let span = raw.questions[i].id.span();
            if question.kind == QuestionKind::Scale {
                let mut covered = [false; (SCALE_MAX + 1) as usize];
                for rule in &question.rules {
                    if let [
                        Condition::Scale {
                            question: sq,
                            min,
                            max,
                        },
                    ] = rule.conditions.as_slice()
                        && *sq == here
                    {
                        covered[*min as usize..=*max as usize].fill(true);
                    }
                }
                if let Some(gap) = covered.iter().position(|c| !c) {
                    self.error(
                        span,
                        format!("a path can end without an outcome: answer {gap} to \"{}\" matches no rule and there is no default", question.id),
                        Some("add a rule for it or a `default`".into()),
                    );
                }
                continue;
            }
            for (o, option) in question.options.iter().enumerate() {
                let o = OptionIndex(o);
                if question
                    .rules
                    .iter()
                    .any(|r| guaranteed_with(question, here, r, o))
                {
                    continue;
                }
                let message = if question.kind == QuestionKind::Single {
                    format!(
                        "option \"{}\" of single-choice question \"{}\" is covered by no rule and there is no default",
                        option.id, question.id
                    )
                } else {
                    format!(
                        "a path can end without an outcome: answer \"{}\" to \"{}\" may match no rule and there is no default",
                        option.id, question.id
                    )
                };
                self.error(
                    span.clone(),
                    message,
                    Some(format!(
                        "add a rule with `any = [\"{}\"]` or a `default`",
                        option.id
                    )),
                );
            }
        }
    }

    /// A rule may only read questions answered on every path that reaches its own question.
    fn check_rule_reads_answered_question(&mut self, q: &Questionnaire, graph: &Graph) {
        let raw = self.raw;
        for (i, question) in q.questions.iter().enumerate() {
            for (r, rule) in question.rules.iter().enumerate() {
                for condition in &rule.conditions {
                    let read = condition.question();
                    let unreachable = !graph.question_reached[i];
                    if unreachable || read.0 == i || graph.dominates(read, QuestionIndex(i)) {
                        continue;
                    }
                    self.error(
                        raw.questions[i].rules[r].span(),
                        format!(
                            "this rule of \"{}\" tests \"{}\", which is not answered on every path that reaches \"{}\"",
                            question.id,
                            q.question(read).id,
                            question.id
                        ),
                        Some(format!(
                            "only test questions that every route to \"{}\" passes through",
                            question.id
                        )),
                    );
                }
            }
        }
    }

    /// The safety invariant: an emergency answer ends at an emergency outcome on every path.
    fn check_emergency_answers(&mut self, q: &Questionnaire) {
        let raw = self.raw;
        for (i, question) in q.questions.iter().enumerate() {
            let here = QuestionIndex(i);
            for (o, option) in question.options.iter().enumerate() {
                if !option.emergency {
                    continue;
                }
                let o = OptionIndex(o);
                let span = raw.questions[i]
                    .options
                    .get(o.0)
                    .map_or_else(|| raw.questions[i].id.span(), |ro| ro.id.span());
                let is_emergency = |t: Target| matches!(t, Target::Outcome(out) if q.outcome(out).urgency == Urgency::Emergency);
                let mut failure = None;
                let mut settled = false;
                for rule in &question.rules {
                    if !can_match_with(question, here, rule, o) {
                        continue;
                    }
                    if !is_emergency(rule.target) {
                        failure = Some(rule.target);
                        break;
                    }
                    if guaranteed_with(question, here, rule, o) {
                        settled = true;
                        break;
                    }
                }
                if failure.is_none()
                    && !settled
                    && let Some(default) = question.default
                    && !is_emergency(default)
                {
                    failure = Some(default);
                }
                if failure.is_none() && !settled && question.default.is_none() {
                    // No rule is certain to match; the coverage check reports the dead end.
                    continue;
                }
                if let Some(target) = failure {
                    let to = match target {
                        Target::Question(t) => format!("question \"{}\"", q.question(t).id),
                        Target::Outcome(t) => {
                            let out = q.outcome(t);
                            format!("outcome \"{}\" ({})", out.id, out.urgency)
                        }
                    };
                    self.error(
                        span,
                        format!(
                            "safety: emergency answer \"{}\" of \"{}\" can lead to {to} instead of an emergency outcome",
                            option.id, question.id
                        ),
                        Some(format!(
                            "put a rule `any = [\"{}\", ...]` with `goto` an emergency outcome before the other rules",
                            option.id
                        )),
                    );
                }
            }
        }
    }
}

fn urgency(raw: RawUrgency) -> Urgency {
    match raw {
        RawUrgency::SelfCare => Urgency::SelfCare,
        RawUrgency::Soon => Urgency::Soon,
        RawUrgency::Emergency => Urgency::Emergency,
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

/// Does `rule` match for certain whenever option `o` of this question is picked?
fn guaranteed_with(question: &Question, here: QuestionIndex, rule: &Rule, o: OptionIndex) -> bool {
    let one_answer = question.kind != QuestionKind::Multiple;
    rule.conditions.iter().all(|c| match c {
        Condition::AnyOf(q, options) => *q == here && options.contains(&o),
        Condition::AllOf(q, options) => *q == here && options.as_slice() == [o],
        Condition::NoneOf(q, options) => *q == here && one_answer && !options.contains(&o),
        Condition::Scale { .. } => false,
    })
}

/// Could `rule` match when option `o` of this question is picked? (Errs towards yes.)
fn can_match_with(question: &Question, here: QuestionIndex, rule: &Rule, o: OptionIndex) -> bool {
    let one_answer = question.kind != QuestionKind::Multiple;
    !rule.conditions.iter().any(|c| match c {
        Condition::NoneOf(q, options) => *q == here && options.contains(&o),
        Condition::AnyOf(q, options) => *q == here && one_answer && !options.contains(&o),
        Condition::AllOf(q, options) => *q == here && one_answer && options.iter().any(|x| *x != o),
        Condition::Scale { .. } => false,
    })
}

/// The decision tree as a graph over questions, with what the checks need computed once.
struct Graph {
    /// Questions in topological order (every edge goes forward), reachable ones only.
    order: Vec<QuestionIndex>,
    question_reached: Vec<bool>,
    outcome_reached: Vec<bool>,
    /// The first edge found that closes a cycle: (question, edge number).
    cycle: Option<(QuestionIndex, usize)>,
    /// Entry and exit times in the dominator tree, for O(1) dominance queries.
    dom_enter: Vec<usize>,
    dom_exit: Vec<usize>,
}

impl Graph {
    fn new(q: &Questionnaire, edges: &[Vec<Edge>]) -> Graph {
        let n = q.questions.len();
        let mut question_reached = vec![false; n];
        let mut outcome_reached = vec![false; q.outcomes.len()];
        let mut cycle = None;
        // Iterative depth-first search: 0 = new, 1 = on the stack, 2 = done.
        let mut state = vec![0u8; n];
        let mut postorder = Vec::with_capacity(n);
        let start = match q.start {
            Target::Question(s) => Some(s),
            Target::Outcome(o) => {
                outcome_reached[o.0] = true;
                None
            }
        };
        if let Some(s) = start {
            let mut stack: Vec<(QuestionIndex, usize)> = vec![(s, 0)];
            state[s.0] = 1;
            question_reached[s.0] = true;
            while let Some((node, next_edge)) = stack.last_mut() {
                let node = *node;
                if let Some(edge) = edges[node.0].get(*next_edge) {
                    let edge_number = *next_edge;
                    *next_edge += 1;
                    match edge.target {
                        Target::Outcome(o) => outcome_reached[o.0] = true,
                        Target::Question(t) => match state[t.0] {
                            0 => {
                                state[t.0] = 1;
                                question_reached[t.0] = true;
                                stack.push((t, 0));
                            }
                            1 if cycle.is_none() => cycle = Some((node, edge_number)),
                            _ => {}
                        },
                    }
                } else {
                    state[node.0] = 2;
                    postorder.push(node);
                    stack.pop();
                }
            }
        }
        postorder.reverse();
        let order = postorder;
        let mut graph = Graph {
            order,
            question_reached,
            outcome_reached,
            cycle,
            dom_enter: vec![0; n],
            dom_exit: vec![0; n],
        };
        if graph.cycle.is_none() {
            graph.compute_dominators(edges);
        }
        graph
    }

    /// Immediate dominators by the Cooper-Harvey-Kennedy method; on a DAG in topological
    /// order one pass is enough. Then numbers the dominator tree for interval queries.
    fn compute_dominators(&mut self, edges: &[Vec<Edge>]) {
        let n = self.question_reached.len();
        let Some(&start) = self.order.first() else {
            return;
        };
        let mut rank = vec![usize::MAX; n];
        for (r, q) in self.order.iter().enumerate() {
            rank[q.0] = r;
        }
        let mut idom: Vec<Option<usize>> = vec![None; n];
        idom[start.0] = Some(start.0);
        for &node in &self.order {
            if idom[node.0].is_none() {
                continue;
            }
            for edge in &edges[node.0] {
                if let Target::Question(t) = edge.target {
                    let t = t.0;
                    idom[t] = Some(match idom[t] {
                        None => node.0,
                        Some(other) => intersect(&idom, &rank, node.0, other),
                    });
                }
            }
        }
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        for &node in &self.order[1..] {
            if let Some(parent) = idom[node.0] {
                children[parent].push(node.0);
            }
        }
        let mut clock = 0;
        let mut stack = vec![(start.0, 0usize)];
        self.dom_enter[start.0] = clock;
        while let Some((node, child)) = stack.last_mut() {
            let node = *node;
            if let Some(&next) = children[node].get(*child) {
                *child += 1;
                clock += 1;
                self.dom_enter[next] = clock;
                stack.push((next, 0));
            } else {
                clock += 1;
                self.dom_exit[node] = clock;
                stack.pop();
            }
        }
    }

    /// Is every path from the start to `b` through `a`?
    fn dominates(&self, a: QuestionIndex, b: QuestionIndex) -> bool {
        self.question_reached[a.0]
            && self.question_reached[b.0]
            && self.dom_enter[a.0] <= self.dom_enter[b.0]
            && self.dom_exit[b.0] <= self.dom_exit[a.0]
    }

    /// Routes from the start to an outcome, counting each rule and default as its own edge.
    fn path_count(&self, q: &Questionnaire) -> u128 {
        let mut paths = vec![0u128; q.questions.len()];
        for node in self.order.iter().rev() {
            let question = q.question(*node);
            paths[node.0] = question
                .targets()
                .map(|t| match t {
                    Target::Outcome(_) => 1,
                    Target::Question(next) => paths[next.0],
                })
                .fold(0u128, u128::saturating_add);
        }
        match q.start {
            Target::Outcome(_) => 1,
            Target::Question(s) => paths[s.0],
        }
    }
}

impl Graph {
    /// The longest run of questions from each question to an outcome, that question included.
    fn max_remaining(&self, q: &Questionnaire) -> Vec<usize> {
        let mut remaining = vec![0usize; q.questions.len()];
        for node in self.order.iter().rev() {
            let longest = q
                .question(*node)
                .targets()
                .map(|t| match t {
                    Target::Outcome(_) => 0,
                    Target::Question(next) => remaining[next.0],
                })
                .max()
                .unwrap_or(0);
            remaining[node.0] = longest + 1;
        }
        remaining
    }
}

fn intersect(idom: &[Option<usize>], rank: &[usize], mut a: usize, mut b: usize) -> usize {
    while a != b {
        while rank[a] > rank[b] {
            a = idom[a].unwrap_or(a);
        }
        while rank[b] > rank[a] {
            b = idom[b].unwrap_or(b);
        }
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_third_copy_of_an_option_id_points_at_the_second() {
        let text = include_str!("../tests/fixtures/small.toml").replace(
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
