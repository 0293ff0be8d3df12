//! The raw serde layer: `questions.toml` as written, with the source span of every value.
//!
//! Nothing here is checked beyond what serde does (syntax, types, unknown keys); ids are still
//! strings. [`crate::content::validate`] turns this into a [`crate::content::model::Questionnaire`].

use serde::Deserialize;
use toml::Spanned;

/// A string with the byte range it came from, for error messages.
pub type Text = Spanned<String>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFile {
    pub meta: RawMeta,
    #[serde(default)]
    pub sources: Vec<RawSource>,
    #[serde(default)]
    pub dispositions: Vec<RawDisposition>,
    #[serde(default)]
    pub questions: Vec<RawQuestion>,
    #[serde(default)]
    pub outcomes: Vec<RawOutcome>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    pub id: Text,
    pub title: Text,
    pub version: Text,
    pub language: Text,
    /// Id of the first question (or, oddly, an outcome).
    pub start: Text,
    pub intro: Text,
    pub disclaimer: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub id: Text,
    pub title: Text,
    pub publisher: Option<Text>,
    pub date: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDisposition {
    pub id: Text,
    pub heading: Text,
    pub when: Text,
    pub safety_net: Text,
    #[serde(default)]
    pub emergency: bool,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum RawKind {
    Single,
    Multiple,
    YesNo,
    Scale,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: Text,
    pub kind: Spanned<RawKind>,
    pub prompt: Text,
    pub short: Option<Text>,
    pub help: Option<Text>,
    #[serde(default)]
    pub options: Vec<RawOption>,
    /// For a scale: the words for its two ends.
    pub low_label: Option<Text>,
    pub high_label: Option<Text>,
    #[serde(default)]
    pub rules: Vec<Spanned<RawRule>>,
    pub default: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOption {
    pub id: Text,
    pub label: Text,
    #[serde(default)]
    pub exclusive: bool,
    #[serde(default)]
    pub emergency: bool,
    /// The id of the disposition this answer raises any result to.
    pub raises: Option<Text>,
    /// Kept for the summary only: no rule or sign needs to read it.
    #[serde(default)]
    pub summary_only: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRule {
    /// Option references: `option` for this question, `question.option` for an earlier one.
    #[serde(default)]
    pub any: Vec<Text>,
    #[serde(default)]
    pub all: Vec<Text>,
    #[serde(default)]
    pub none: Vec<Text>,
    pub scale: Option<Spanned<RawScale>>,
    pub goto: Text,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScale {
    /// Defaults to the question the rule belongs to.
    pub question: Option<Text>,
    pub min: Option<Spanned<i64>>,
    pub max: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSign {
    pub text: Text,
    /// Option references, always `question.option`.
    #[serde(default)]
    pub any: Vec<Text>,
    #[serde(default)]
    pub all: Vec<Text>,
    #[serde(default)]
    pub none: Vec<Text>,
    pub scale: Option<Spanned<RawScale>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOutcome {
    pub id: Text,
    pub title: Text,
    /// A few words for reception's inbox line, when the title is too long for it.
    pub short: Option<Text>,
    /// The id of the disposition this pattern calls for.
    pub disposition: Text,
    pub explanation: Text,
    #[serde(default)]
    pub advice: Vec<Text>,
    #[serde(default)]
    pub avoid: Vec<Text>,
    #[serde(default)]
    pub sooner_if: Vec<Text>,
    #[serde(default)]
    pub sources: Vec<Text>,
    #[serde(default)]
    pub signs: Vec<Spanned<RawSign>>,
}
