//! The serde mirror of a translation file (`questions.es.toml`), spans kept so that every
//! problem points at where it is written. Not what the texts are checked against (`check`).

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::content::raw::Text;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTranslation {
    pub(super) meta: Spanned<RawTranslationMeta>,
    #[serde(default)]
    pub(super) dispositions: BTreeMap<Spanned<String>, Spanned<RawTranslatedDisposition>>,
    #[serde(default)]
    pub(super) questions: BTreeMap<Spanned<String>, Spanned<RawTranslatedQuestion>>,
    #[serde(default)]
    pub(super) outcomes: BTreeMap<Spanned<String>, Spanned<RawTranslatedOutcome>>,
    #[serde(default)]
    pub(super) sources: BTreeMap<Spanned<String>, Spanned<RawTranslatedSource>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTranslationMeta {
    /// BCP 47 tag of the translation, such as `es`.
    pub(super) language: Text,
    /// The language's own name, for the kiosk's button: "Español".
    pub(super) name: Text,
    /// The base questionnaire's id.
    pub(super) translates: Text,
    /// The base questionnaire's version this translates.
    pub(super) version: Text,
    /// Whether a clinician has reviewed it.
    pub(super) reviewed: bool,
    pub(super) title: Option<Text>,
    pub(super) intro: Option<Text>,
    pub(super) disclaimer: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTranslatedDisposition {
    pub(super) heading: Option<Text>,
    pub(super) when: Option<Spanned<RawTexts>>,
    pub(super) safety_net: Option<Spanned<RawTexts>>,
    pub(super) until_seen: Option<Spanned<RawTexts>>,
    pub(super) advice_heading: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTranslatedQuestion {
    pub(super) prompt: Option<Text>,
    pub(super) short: Option<Text>,
    pub(super) help: Option<Text>,
    pub(super) low_label: Option<Text>,
    pub(super) high_label: Option<Text>,
    pub(super) options: Option<Spanned<BTreeMap<Spanned<String>, Text>>>,
    /// Each option's help, keyed by option id, for the options whose help the base gives.
    pub(super) option_help: Option<Spanned<BTreeMap<Spanned<String>, Text>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTranslatedOutcome {
    pub(super) title: Option<Text>,
    pub(super) short: Option<Text>,
    pub(super) explanation: Option<Spanned<RawTexts>>,
    pub(super) advice: Option<Spanned<RawTexts>>,
    pub(super) avoid: Option<Spanned<RawTexts>>,
    pub(super) sooner_if: Option<Spanned<RawTexts>>,
    pub(super) signs: Option<Spanned<Vec<Text>>>,
}

/// A source's texts in the translation's language, each optional: what is not given stays as
/// the questions file writes it. Its date is not a text and is not translated.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTranslatedSource {
    pub(super) title: Option<Text>,
    pub(super) publisher: Option<Text>,
}

/// The translation of a list of text items: one string (for a list of one item), a list in
/// the base's order, or a table keyed by the items' ids (`{ keep_moving = "..." }`).
#[derive(Debug)]
pub(super) enum RawTexts {
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
