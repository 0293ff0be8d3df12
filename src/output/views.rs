//! Views of the decision tree for the people who write and review it: the tree as a Mermaid or
//! Graphviz DOT graph, and every route from the start to a result as text or CSV.
//!
//! Routes are structural, as [`Questionnaire::path_count`] counts them: one per rule and per
//! default along the way, even where two conditions on a route could never both hold.

use std::fmt::Write as _;

use crate::content::model::{
    Condition, OptionIndex, Question, QuestionIndex, Questionnaire, SCALE_MAX, SCALE_MIN, Target,
    Urgency,
};

/// The graph language to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A Mermaid flowchart (renders on GitHub, GitLab and in many editors).
    Mermaid,
    /// Graphviz DOT (`dot -Tsvg tree.dot > tree.svg`).
    Dot,
}

/// The label of a default edge.
pub const OTHERWISE: &str = "otherwise";

/// How many routes [`paths`] lists unless asked for more; the count can grow exponentially.
pub const DEFAULT_PATH_LIMIT: usize = 10_000;

/// One edge of the tree: from a question, by a rule or the default, to a target.
struct Edge {
    from: QuestionIndex,
    label: String,
    is_default: bool,
    to: Target,
}

fn edges(questionnaire: &Questionnaire) -> Vec<Edge> {
    let mut edges = Vec::new();
    for (index, question) in questionnaire.questions.iter().enumerate() {
        let from = QuestionIndex(index);
        for (n, rule) in question.rules.iter().enumerate() {
            edges.push(Edge {
                from,
                label: rule_label(questionnaire, from, n),
                is_default: false,
                to: rule.target,
            });
        }
        if let Some(to) = question.default {
            edges.push(Edge {
                from,
                label: OTHERWISE.to_string(),
                is_default: true,
                to,
            });
        }
    }
    edges
}

/// A rule in short form, numbered because the first matching rule wins: `1) saddle`,
/// `2) back or hip`, `1) yes; where.hip`, `1) 8-10`.
fn rule_label(questionnaire: &Questionnaire, from: QuestionIndex, rule: usize) -> String {
    let conditions = questionnaire.question(from).rules[rule]
        .conditions
        .iter()
        .map(|c| condition_text(questionnaire, from, c))
        .collect::<Vec<_>>()
        .join("; ");
    format!("{}) {conditions}", rule + 1)
}

/// One condition in short form; options of another question are written `question.option`.
fn condition_text(
    questionnaire: &Questionnaire,
    from: QuestionIndex,
    condition: &Condition,
) -> String {
    let about = condition.question();
    let question = questionnaire.question(about);
    let prefix = if about == from {
        String::new()
    } else {
        format!("{}.", question.id)
    };
    let names = |options: &[OptionIndex]| -> Vec<String> {
        options
            .iter()
            .map(|o| format!("{prefix}{}", option_id(question, *o)))
            .collect()
    };
    match condition {
        Condition::AnyOf(_, options) => names(options).join(" or "),
        Condition::AllOf(_, options) => names(options).join(" and "),
        Condition::NoneOf(_, options) => match names(options).as_slice() {
            [one] => format!("not {one}"),
            many => format!("none of {}", many.join(", ")),
        },
        Condition::Scale { min, max, .. } => {
            let name = if about == from {
                String::new()
            } else {
                format!("{} ", question.id)
            };
            match (*min, *max) {
                (SCALE_MIN, SCALE_MAX) => format!("{name}any score"),
                (min, max) if min == max => format!("{name}{min}"),
                (min, max) => format!("{name}{min}-{max}"),
            }
        }
    }
}

fn option_id(question: &Question, option: OptionIndex) -> &str {
    question
        .options
        .get(option.0)
        .map_or("?", |o| o.id.as_str())
}

/// The decision tree as a graph: questions as boxes, rules as labelled edges, defaults as
/// "otherwise" edges, results coloured by urgency and labelled with their disposition.
pub fn graph(questionnaire: &Questionnaire, format: Format) -> String {
    match format {
        Format::Mermaid => mermaid(questionnaire),
        Format::Dot => dot(questionnaire),
    }
}

fn node_id(target: Target) -> String {
    match target {
        Target::Question(q) => format!("q{}", q.0),
        Target::Outcome(o) => format!("o{}", o.0),
    }
}

/// Fill, border colour and class name per urgency; the words say it too, never colour alone.
fn urgency_style(urgency: Urgency) -> (&'static str, &'static str, &'static str) {
    match urgency {
        Urgency::Emergency => ("#f8d7da", "#a4161a", "emergency"),
        Urgency::Soon => ("#fff3cd", "#8a6d00", "soon"),
        Urgency::SelfCare => ("#d1e7dd", "#0f5132", "selfcare"),
    }
}

fn mermaid(questionnaire: &Questionnaire) -> String {
    let meta = &questionnaire.meta;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "%% {} {}: decision tree, drawn by painpath",
        meta.title.replace('\n', " "),
        meta.version
    );
    out.push_str("flowchart TD\n");
    out.push_str("    start([\"Start\"])\n");
    for (index, question) in questionnaire.questions.iter().enumerate() {
        let _ = writeln!(
            out,
            "    {}[\"{}<br/>{}\"]",
            node_id(Target::Question(QuestionIndex(index))),
            mermaid_text(&question.id),
            mermaid_text(&question.short)
        );
    }
    for (index, outcome) in questionnaire.outcomes.iter().enumerate() {
        let (_, _, class) = urgency_style(questionnaire.urgency(outcome.disposition));
        let _ = writeln!(
            out,
            "    {}[\"{}<br/>{}<br/>Disposition: {}\"]:::{class}",
            node_id(Target::Outcome(crate::content::model::OutcomeIndex(index))),
            mermaid_text(&outcome.id),
            mermaid_text(&outcome.title),
            questionnaire.disposition(outcome.disposition).id
        );
    }
    let _ = writeln!(out, "    start --> {}", node_id(questionnaire.start));
    for edge in edges(questionnaire) {
        let arrow = if edge.is_default { "-.->" } else { "-->" };
        let _ = writeln!(
            out,
            "    {} {arrow}|\"{}\"| {}",
            node_id(Target::Question(edge.from)),
            mermaid_text(&edge.label),
            node_id(edge.to)
        );
    }
    for urgency in [Urgency::Emergency, Urgency::Soon, Urgency::SelfCare] {
        let (fill, stroke, class) = urgency_style(urgency);
        let width = if urgency == Urgency::Emergency { 3 } else { 1 };
        let _ = writeln!(
            out,
            "    classDef {class} fill:{fill},stroke:{stroke},stroke-width:{width}px,color:#000000"
        );
    }
    out
}

/// Text safe inside a quoted Mermaid label: quotes, angle brackets and `#` as entity codes.
fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '|' => out.push_str("#124;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn dot(questionnaire: &Questionnaire) -> String {
    let meta = &questionnaire.meta;
    let mut out = String::new();
    out.push_str("digraph painpath {\n");
    let _ = writeln!(
        out,
        "    graph [rankdir=TB, labelloc=t, label=\"{}\"];",
        dot_text(&format!("{} {}: decision tree", meta.title, meta.version))
    );
    out.push_str("    node [shape=box, style=rounded, fontname=\"Helvetica\"];\n");
    out.push_str("    edge [fontname=\"Helvetica\", fontsize=10];\n");
    out.push_str("    start [shape=oval, label=\"Start\"];\n");
    for (index, question) in questionnaire.questions.iter().enumerate() {
        let _ = writeln!(
            out,
            "    {} [label=\"{}\\n{}\"];",
            node_id(Target::Question(QuestionIndex(index))),
            dot_text(&question.id),
            dot_text(&question.short)
        );
    }
    for (index, outcome) in questionnaire.outcomes.iter().enumerate() {
        let (fill, stroke, _) = urgency_style(questionnaire.urgency(outcome.disposition));
        let width = if questionnaire.urgency(outcome.disposition) == Urgency::Emergency {
            3
        } else {
            1
        };
        let _ = writeln!(
            out,
            "    {} [label=\"{}\\n{}\\nDisposition: {}\", style=\"rounded,filled\", \
             fillcolor=\"{fill}\", color=\"{stroke}\", penwidth={width}];",
            node_id(Target::Outcome(crate::content::model::OutcomeIndex(index))),
            dot_text(&outcome.id),
            dot_text(&outcome.title),
            questionnaire.disposition(outcome.disposition).id
        );
    }
    let _ = writeln!(out, "    start -> {};", node_id(questionnaire.start));
    for edge in edges(questionnaire) {
        let style = if edge.is_default {
            ", style=dashed"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "    {} -> {} [label=\"{}\"{style}];",
            node_id(Target::Question(edge.from)),
            node_id(edge.to),
            dot_text(&edge.label)
        );
    }
    out.push_str("}\n");
    out
}

/// Text safe inside a quoted DOT string.
fn dot_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// One step of a route: a question and the rule (or "otherwise") taken from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub question: String,
    pub condition: String,
}

/// One route from the start to a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathRow {
    pub steps: Vec<Step>,
    pub outcome: String,
    pub outcome_title: String,
    /// The id of the result's own disposition; raising answers can make it more urgent in a
    /// session.
    pub disposition: String,
    /// The result's texts that carry a condition, each as `id (if ...)`: which of them a
    /// person on this route reads depends on those answers. Empty when every text shows.
    pub conditional: Vec<String>,
}

/// The routes listed, and how many there are in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub rows: Vec<PathRow>,
    pub total: u128,
}

impl Paths {
    /// True when the limit cut the list short.
    pub fn capped(&self) -> bool {
        (self.rows.len() as u128) < self.total
    }

    /// The sentence that says the list is cut short, if it is.
    pub fn capped_notice(&self) -> Option<String> {
        self.capped().then(|| {
            format!(
                "capped: only the first {} of {} routes are listed (raise it with --limit)",
                self.rows.len(),
                self.total
            )
        })
    }
}

/// Every route from the start to a result, depth first in rule order, at most `limit` of them.
pub fn paths(questionnaire: &Questionnaire, limit: usize) -> Paths {
    let mut rows = Vec::new();
    let edges = edges(questionnaire);
    let mut by_question: Vec<Vec<&Edge>> = vec![Vec::new(); questionnaire.questions.len()];
    for edge in &edges {
        by_question[edge.from.0].push(edge);
    }
    let mut steps = Vec::new();
    walk(
        questionnaire,
        &by_question,
        questionnaire.start,
        &mut steps,
        &mut rows,
        limit,
    );
    Paths {
        rows,
        total: questionnaire.path_count,
    }
}

fn walk(
    questionnaire: &Questionnaire,
    by_question: &[Vec<&Edge>],
    at: Target,
    steps: &mut Vec<Step>,
    rows: &mut Vec<PathRow>,
    limit: usize,
) {
    if rows.len() >= limit {
        return;
    }
    match at {
        Target::Outcome(o) => {
            let outcome = questionnaire.outcome(o);
            // No question is "this one" for a text: every option is written question.option.
            let nowhere = QuestionIndex(usize::MAX);
            let conditional = outcome
                .passages()
                .filter(|(_, p)| p.is_conditional())
                .map(|(list, p)| {
                    let when: Vec<String> = p
                        .only_when
                        .iter()
                        .map(|c| condition_text(questionnaire, nowhere, c))
                        .collect();
                    format!("{list} {} (if {})", p.id, when.join("; "))
                })
                .collect();
            rows.push(PathRow {
                steps: steps.clone(),
                outcome: outcome.id.clone(),
                outcome_title: outcome.title.clone(),
                disposition: questionnaire.disposition(outcome.disposition).id.clone(),
                conditional,
            });
        }
        Target::Question(q) => {
            for edge in &by_question[q.0] {
                steps.push(Step {
                    question: questionnaire.question(q).id.clone(),
                    condition: edge.label.clone(),
                });
                walk(questionnaire, by_question, edge.to, steps, rows, limit);
                steps.pop();
            }
        }
    }
}

fn route_text(row: &PathRow) -> String {
    row.steps
        .iter()
        .map(|s| format!("{} [{}]", s.question, s.condition))
        .collect::<Vec<_>>()
        .join(" -> ")
}

/// The routes as text, one a line: `2. flags [otherwise] -> where [1) knee] => knee_result
/// "Knee" (self-care)`.
pub fn paths_text(paths: &Paths) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} routes from the start to a result.", paths.total);
    if let Some(notice) = paths.capped_notice() {
        let _ = writeln!(out, "{notice}.");
    }
    for (n, row) in paths.rows.iter().enumerate() {
        let route = route_text(row);
        let arrow = if route.is_empty() { "" } else { " " };
        let _ = writeln!(
            out,
            "{}. {route}{arrow}=> {} \"{}\" ({})",
            n + 1,
            row.outcome,
            row.outcome_title,
            row.disposition
        );
        if !row.conditional.is_empty() {
            let _ = writeln!(
                out,
                "   every other text shows; only with those answers: {}",
                row.conditional.join(", ")
            );
        }
    }
    out
}

/// The routes as CSV (RFC 4180 quoting), columns `route,steps,outcome,title,disposition`. When the
/// list is capped, a last row with route `capped` says so.
pub fn paths_csv(paths: &Paths) -> String {
    let mut out = String::from("route,steps,outcome,title,disposition\r\n");
    for (n, row) in paths.rows.iter().enumerate() {
        let fields = [
            (n + 1).to_string(),
            route_text(row),
            row.outcome.clone(),
            row.outcome_title.clone(),
            row.disposition.clone(),
        ];
        csv_row(&mut out, &fields);
    }
    if let Some(notice) = paths.capped_notice() {
        csv_row(
            &mut out,
            &[
                "capped".to_string(),
                notice,
                String::new(),
                String::new(),
                String::new(),
            ],
        );
    }
    out
}

fn csv_row(out: &mut String, fields: &[String]) {
    let quoted: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
    out.push_str(&quoted.join(","));
    out.push_str("\r\n");
}

/// Quotes a field when it holds a comma, quote or line break, doubling inner quotes.
fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::small;

    #[test]
    fn rules_read_in_short_form() {
        let q = small();
        let groin = q.question_by_id("groin").unwrap();
        assert_eq!(rule_label(&q, groin, 0), "1) yes; where.hip");
        let where_ = q.question_by_id("where").unwrap();
        assert_eq!(rule_label(&q, where_, 1), "2) back or hip");
        let severity = q.question_by_id("severity").unwrap();
        assert_eq!(rule_label(&q, severity, 0), "1) 8-10");
    }

    #[test]
    fn mermaid_has_every_node_and_edge() {
        let q = small();
        let text = graph(&q, Format::Mermaid);
        assert!(
            text.starts_with("%% Small test questionnaire 1.0.0"),
            "{text}"
        );
        for line in [
            "flowchart TD",
            "start --> q0",
            "q0[\"flags<br/>Warning signs\"]",
            "q3[\"severity<br/>Pain score\"]",
            "o0[\"emergency<br/>Get help now<br/>Disposition: emergency\"]:::emergency",
            "o4[\"back_bad<br/>Bad back<br/>Disposition: soon\"]:::soon",
            "o1[\"knee_result<br/>Knee<br/>Disposition: self_care\"]:::selfcare",
            "q0 -->|\"1) saddle\"| o0",
            "q0 -.->|\"otherwise\"| q1",
            "q1 -->|\"1) knee\"| o1",
            "q1 -->|\"2) back or hip\"| q2",
            "q2 -->|\"1) yes; where.hip\"| o2",
            "q2 -.->|\"otherwise\"| q3",
            "q3 -->|\"1) 8-10\"| o4",
            "q3 -.->|\"otherwise\"| o3",
            "classDef emergency fill:#f8d7da",
        ] {
            assert!(text.contains(line), "missing {line:?} in:\n{text}");
        }
        let edges = text.matches("-->|").count() + text.matches("-.->|").count();
        assert_eq!(edges, 8, "5 rules and 3 defaults");
    }

    #[test]
    fn dot_has_every_node_and_edge() {
        let q = small();
        let text = graph(&q, Format::Dot);
        for line in [
            "digraph painpath {",
            "start -> q0;",
            "q1 [label=\"where\\nWhere\"];",
            "o0 [label=\"emergency\\nGet help now\\nDisposition: emergency\", style=\"rounded,filled\", fillcolor=\"#f8d7da\"",
            "o3 [label=\"back_result\\nBack\\nDisposition: self_care\"",
            "q0 -> o0 [label=\"1) saddle\"];",
            "q0 -> q1 [label=\"otherwise\", style=dashed];",
            "q2 -> o2 [label=\"1) yes; where.hip\"];",
            "q3 -> o3 [label=\"otherwise\", style=dashed];",
        ] {
            assert!(text.contains(line), "missing {line:?} in:\n{text}");
        }
        assert_eq!(
            text.matches(" -> ").count(),
            9,
            "start edge, 5 rules, 3 defaults"
        );
        assert!(text.trim_end().ends_with('}'));
    }

    #[test]
    fn labels_are_escaped_for_each_language() {
        assert_eq!(
            mermaid_text("a \"b\" <c> #1 | d"),
            "a #quot;b#quot; #lt;c#gt; #35;1 #124; d"
        );
        assert_eq!(dot_text("a \"b\" \\ c"), "a \\\"b\\\" \\\\ c");
    }

    #[test]
    fn paths_list_every_route_of_small() {
        let q = small();
        let paths = paths(&q, DEFAULT_PATH_LIMIT);
        assert_eq!(q.path_count, 5);
        assert_eq!(paths.rows.len(), 5);
        assert!(!paths.capped());
        let outcomes: Vec<&str> = paths.rows.iter().map(|r| r.outcome.as_str()).collect();
        assert_eq!(
            outcomes,
            [
                "emergency",
                "knee_result",
                "hip_result",
                "back_bad",
                "back_result"
            ]
        );
        assert_eq!(
            route_text(&paths.rows[3]),
            "flags [otherwise] -> where [2) back or hip] -> groin [otherwise] -> severity [1) 8-10]"
        );
        assert_eq!(paths.rows[3].disposition, "soon");
        let text = paths_text(&paths);
        assert!(text.starts_with("5 routes from the start to a result.\n1. flags [1) saddle] => emergency \"Get help now\" (emergency)\n"), "{text}");
        assert_eq!(text.lines().count(), 6);
    }

    #[test]
    fn capped_paths_say_so_in_text_and_csv() {
        let q = small();
        let paths = paths(&q, 2);
        assert_eq!(paths.rows.len(), 2);
        assert!(paths.capped());
        assert!(paths_text(&paths).contains("capped: only the first 2 of 5 routes are listed"));
        let csv = paths_csv(&paths);
        assert!(csv.ends_with("capped,capped: only the first 2 of 5 routes are listed (raise it with --limit),,,\r\n"), "{csv}");
    }

    #[test]
    fn csv_quotes_fields_that_need_it() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        let q = small();
        let csv = paths_csv(&paths(&q, DEFAULT_PATH_LIMIT));
        let mut lines = csv.split("\r\n");
        assert_eq!(lines.next(), Some("route,steps,outcome,title,disposition"));
        assert_eq!(
            lines.next(),
            Some("1,flags [1) saddle],emergency,Get help now,emergency")
        );
        assert_eq!(csv.matches("\r\n").count(), 6);
    }

    #[test]
    fn paths_name_the_conditional_texts_of_each_result() {
        let q = crate::default_questionnaire().expect("the built-in questions load");
        let text = paths_text(&paths(&q, 10_000));
        let back = text
            .lines()
            .skip_while(|l| !l.contains("=> back_referred"))
            .nth(1)
            .expect("a back result and the line under it");
        assert!(
            back.contains("explanation sitting_walking (if worse.sitting; eases.walking)"),
            "{back}"
        );
        assert!(
            back.contains("advice weight (if not warning_signs.weight_loss)"),
            "{back}"
        );
    }
}
