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
    pub when: Spanned<RawTexts>,
    pub safety_net: Spanned<RawTexts>,
    /// What to do until the person is seen, shown before the rest of the result.
    pub until_seen: Option<Spanned<RawTexts>>,
    /// The heading of the advice section, in place of the interface's own.
    pub advice_heading: Option<Text>,
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
    /// Part of the warning-sign screen: asked on every route to a result (of everyone
    /// `asked_of` names), its options never hidden.
    #[serde(default)]
    pub screen: bool,
    /// On the warning-sign screen: whom the question is for (`question.option` conditions
    /// over earlier answers); the loader checks that the tree asks it of all of them.
    pub asked_of: Option<Spanned<RawAskedOf>>,
}

/// Whom a warning-sign question is for: conditions in the grammar of a sign.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAskedOf {
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
pub struct RawOption {
    pub id: Text,
    pub label: Text,
    /// What the option's words mean, shown with the question's help.
    pub help: Option<Text>,
    #[serde(default)]
    pub exclusive: bool,
    #[serde(default)]
    pub emergency: bool,
    /// The id of the disposition this answer raises any result to.
    pub raises: Option<Text>,
    /// Kept for the summary only: no rule or sign needs to read it.
    #[serde(default)]
    pub summary_only: bool,
    /// Offered only when these hold on earlier answers (`question.option` references).
    #[serde(default)]
    pub any: Vec<Text>,
    #[serde(default)]
    pub all: Vec<Text>,
    #[serde(default)]
    pub none: Vec<Text>,
    pub scale: Option<Spanned<RawScale>>,
    /// The area of the body map this option stands for (`body = "low_back"`).
    pub body: Option<Text>,
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
    pub explanation: Spanned<RawTexts>,
    #[serde(default)]
    pub advice: Vec<Spanned<RawItem>>,
    #[serde(default)]
    pub avoid: Vec<Spanned<RawItem>>,
    #[serde(default)]
    pub sooner_if: Vec<Spanned<RawItem>>,
    #[serde(default)]
    pub sources: Vec<Text>,
    #[serde(default)]
    pub signs: Vec<Spanned<RawSign>>,
}

/// A text that is either one item (a string) or a list of items.
#[derive(Debug)]
pub enum RawTexts {
    /// A plain string, shown to everyone.
    One(RawItem),
    Many(Vec<Spanned<RawItem>>),
}

/// The items of a text that may be one string or a list, each with its span.
pub fn items_of(texts: &Spanned<RawTexts>) -> Vec<(std::ops::Range<usize>, &RawItem)> {
    match texts.get_ref() {
        RawTexts::One(item) => vec![(texts.span(), item)],
        RawTexts::Many(items) => items.iter().map(|i| (i.span(), i.get_ref())).collect(),
    }
}

/// The items of a list, each with its span.
pub fn items_in(items: &[Spanned<RawItem>]) -> Vec<(std::ops::Range<usize>, &RawItem)> {
    items.iter().map(|i| (i.span(), i.get_ref())).collect()
}

/// One item of text: a plain string shown to everyone, or a table with an id, the text and
/// when it shows.
#[derive(Debug)]
pub enum RawItem {
    Plain(String),
    Full(Box<RawItemTable>),
}

impl RawItem {
    /// The item's own text, spanned (a plain string by the item's own span).
    pub fn text(&self, span: std::ops::Range<usize>) -> Text {
        match self {
            RawItem::Plain(text) => Spanned::new(span, text.clone()),
            RawItem::Full(table) => table.text.clone(),
        }
    }

    /// Every string of the item as written, spanned: id, text, references.
    pub fn strings(&self, span: std::ops::Range<usize>) -> Vec<Text> {
        let RawItem::Full(table) = self else {
            return vec![self.text(span)];
        };
        let mut out = vec![table.id.clone(), table.text.clone()];
        out.extend(
            table
                .any
                .iter()
                .chain(&table.all)
                .chain(&table.none)
                .cloned(),
        );
        if let Some(scale) = &table.scale {
            out.extend(scale.get_ref().question.iter().cloned());
        }
        if let Some(sign) = &table.sign {
            out.extend(references(sign));
        }
        out.extend(table.level.iter().cloned());
        out
    }
}

/// An item written as a table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawItemTable {
    /// Stable id, unique within its outcome or disposition.
    pub id: Text,
    pub text: Text,
    /// Shown only when these hold (`question.option` references).
    #[serde(default)]
    pub any: Vec<Text>,
    #[serde(default)]
    pub all: Vec<Text>,
    #[serde(default)]
    pub none: Vec<Text>,
    pub scale: Option<Spanned<RawScale>>,
    /// The warning sign(s) the item speaks of: `question.option`, or a list of them.
    pub sign: Option<Spanned<RawOneOrMore>>,
    /// The rung the item sends the person to, which must be the ladder's for its signs.
    pub level: Option<Text>,
}

/// One reference or several.
#[derive(Debug)]
pub enum RawOneOrMore {
    One(String),
    More(Vec<Text>),
}

/// The references of a `sign`, a single one spanned as the whole value.
pub fn references(spanned: &Spanned<RawOneOrMore>) -> Vec<Text> {
    match spanned.get_ref() {
        RawOneOrMore::One(one) => vec![Spanned::new(spanned.span(), one.clone())],
        RawOneOrMore::More(more) => more.clone(),
    }
}

impl<'de> Deserialize<'de> for RawTexts {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawTexts;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a text, or a list of texts and `{ id, text }` tables")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawTexts, E> {
                Ok(RawTexts::One(RawItem::Plain(v.to_string())))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<RawTexts, E> {
                Ok(RawTexts::One(RawItem::Plain(v)))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<RawTexts, A::Error> {
                Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(RawTexts::Many)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl<'de> Deserialize<'de> for RawItem {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawItem;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a text, or a table with `id` and `text`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawItem, E> {
                Ok(RawItem::Plain(v.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<RawItem, E> {
                Ok(RawItem::Plain(v))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawItem, A::Error> {
                RawItemTable::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(|table| RawItem::Full(Box::new(table)))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl<'de> Deserialize<'de> for RawOneOrMore {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RawOneOrMore;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("\"question.option\", or a list of them")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawOneOrMore, E> {
                Ok(RawOneOrMore::One(v.to_string()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<RawOneOrMore, A::Error> {
                Vec::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(RawOneOrMore::More)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}
