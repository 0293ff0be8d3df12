//! The clinical case suite (`cases.toml`): stories of patients with the answers each would
//! give and the result a clinician expects. Parsed here, with the line of each case kept for
//! messages; run through the engine by `crate::engine::cases`.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::content::diagnostic::{Diagnostics, LoadError};
use crate::text::is_hostile;

/// One answer as a case gives it: an option id, several, or a scale value.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum CaseAnswer {
    One(String),
    Many(Vec<String>),
    Scale(i64),
}

/// One patient and what should happen to them.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    /// The patient in one line, in their own terms.
    pub story: String,
    /// Answers by question id.
    pub answers: BTreeMap<String, CaseAnswer>,
    /// The outcome id expected.
    pub outcome: String,
    /// The final disposition id expected, after any raising answer.
    pub disposition: Option<String>,
    /// When given, the also-consider outcomes expected, in any order (empty: none).
    pub also_consider: Option<Vec<String>>,
    /// Texts the result must show, as `owner.id` (an outcome's or a disposition's).
    pub shows: Vec<String>,
    /// Texts the result must not show, as `owner.id`.
    pub hides: Vec<String>,
    /// Options that must be offered when their question is asked, as `question.option`.
    pub offered: Vec<String>,
    /// Options that must not be offered when their question is asked, as `question.option`.
    pub not_offered: Vec<String>,
    /// Where the case starts in its file, for messages.
    pub line: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCases {
    #[serde(default)]
    cases: Vec<Spanned<RawCase>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    name: String,
    story: String,
    answers: BTreeMap<String, CaseAnswer>,
    outcome: String,
    disposition: Option<String>,
    also_consider: Option<Vec<String>>,
    #[serde(default)]
    shows: Vec<String>,
    #[serde(default)]
    hides: Vec<String>,
    #[serde(default)]
    offered: Vec<String>,
    #[serde(default)]
    not_offered: Vec<String>,
}

/// A conditional text or option that no case both shows and hides, found by running the
/// suite (`crate::engine::cases::uncovered`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uncovered {
    /// A text (`owner.id`) or an option (`question.option`).
    pub name: String,
    pub is_option: bool,
    /// No case shows (offers) it.
    pub never_shown: bool,
    /// No case hides it.
    pub never_hidden: bool,
}

/// Parses a cases file. `file` names it in messages.
pub fn load_cases(file: &str, text: &str) -> Result<Vec<Case>, LoadError> {
    let text = &*crate::content::validate::normalize_line_ends(text);
    let mut diagnostics = Diagnostics::new(file, text);
    let raw: RawCases = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(err) => {
            diagnostics.error(
                err.span().unwrap_or(0..0),
                err.message().trim_end().to_string(),
                Some(
                    "each case is a `[[cases]]` table with name, story, outcome, optional \
                     disposition and also_consider, and a `[cases.answers]` table"
                        .into(),
                ),
            );
            return Err(diagnostics
                .finish()
                .expect_err("an error was just recorded"));
        }
    };
    let mut cases = Vec::with_capacity(raw.cases.len());
    for spanned in raw.cases {
        let span = spanned.span();
        let line = diagnostics.line_of(span.start);
        let case = spanned.into_inner();
        let texts = [&case.name, &case.story, &case.outcome]
            .into_iter()
            .chain(&case.disposition)
            .chain(&case.shows)
            .chain(&case.hides)
            .chain(&case.offered)
            .chain(&case.not_offered);
        if texts.into_iter().any(|t| t.chars().any(is_hostile)) {
            diagnostics.error(
                span,
                format!(
                    "case \"{}\" contains a control or bidi character",
                    case.name
                ),
                Some("text from the file is shown on a terminal; remove the character".into()),
            );
            continue;
        }
        cases.push(Case {
            name: case.name,
            story: case.story,
            answers: case.answers,
            outcome: case.outcome,
            disposition: case.disposition,
            also_consider: case.also_consider,
            shows: case.shows,
            hides: case.hides,
            offered: case.offered,
            not_offered: case.not_offered,
            line,
        });
    }
    diagnostics.finish()?;
    Ok(cases)
}
