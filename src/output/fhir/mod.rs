//! FHIR R4 exports: the questionnaire as a `Questionnaire` resource and a finished session as a
//! `QuestionnaireResponse`, as hand-written serde structs (only the elements painpath fills).
//! Part of `output`: uses `engine` and `content` only; `handoff`, `ui` and `cli` use it, and
//! nothing here may import them.
//!
//! The Questionnaire carries the branching as FHIR SDC expressions ([`branching`]): one root
//! `variable` per question saying whether the walk asks it, each question item enabled by its
//! variable (`enableWhenExpression`), each option with a condition toggled by it
//! (`answerOptionsToggleExpression`), and each outcome a group of display items enabled exactly
//! when the walk ends there ([`outcomes`]). FHIR's plain `enableWhen` cannot say "first
//! matching rule wins", so it is not used; no item is marked `required`. The response
//! ([`response`]) holds only the questions on the person's route, and the result the walk
//! reached.
//!
//! Both carry the ladder of dispositions as painpath's own [`DISPOSITION_EXTENSION`]: the
//! Questionnaire one per rung, most urgent first, and the response the final rung reached.
//! Each gives the rung's place (`rung`, 1 the most urgent, of `rungs`) and the disposition as a
//! coding (its id and heading), so the order follows the file whatever the ladder's length.

mod branching;
mod options;
mod outcomes;
mod response;

use serde::Serialize;

use crate::content::model::{
    DispositionIndex, Meta, Question, QuestionIndex, QuestionKind, Questionnaire, SCALE_MAX,
    SCALE_MIN,
};

pub use branching::Branching;
pub use options::{
    ANSWER_EXPRESSION_EXTENSION, ITEM_CONTROL_EXTENSION, ITEM_CONTROL_SYSTEM, OptionLists,
};
pub use outcomes::outcome_link_id;
pub use response::{ResponseItem, ResponseResource, fhir_date_time, questionnaire_response};

/// Where painpath's canonical URLs live. The project has no published FHIR home yet, so this
/// uses the `.example` top-level domain, reserved never to resolve (RFC 2606).
pub const CANONICAL_BASE: &str = "https://painpath.example/fhir";

/// Core R4 extension giving an integer item's lowest allowed value.
pub const MIN_VALUE_EXTENSION: &str = "http://hl7.org/fhir/StructureDefinition/minValue";
/// Core R4 extension giving an integer item's highest allowed value.
pub const MAX_VALUE_EXTENSION: &str = "http://hl7.org/fhir/StructureDefinition/maxValue";
/// Core R4 extension marking an answer option that cannot be combined with others.
pub const OPTION_EXCLUSIVE_EXTENSION: &str =
    "http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive";

/// painpath's complex extension giving a rung of the ladder of dispositions: sub-extensions
/// `rung` (its place, 1 the most urgent), `rungs` (the ladder's length) and `disposition`
/// (a coding: the rung's id and heading).
pub const DISPOSITION_EXTENSION: &str =
    "https://painpath.example/fhir/StructureDefinition/disposition";

/// Core R4 extension naming a FHIRPath expression's value, usable as `%name` by the
/// expressions after it (SDC: on the Questionnaire's root, in order).
pub const VARIABLE_EXTENSION: &str = "http://hl7.org/fhir/StructureDefinition/variable";
/// SDC extension: the item is enabled exactly when this FHIRPath expression is true.
pub const ENABLE_WHEN_EXPRESSION_EXTENSION: &str =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression";
/// SDC extension: the answer options named (`option`) are offered only when the expression
/// (`expression`) is true.
pub const ANSWER_OPTIONS_TOGGLE_EXTENSION: &str = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerOptionsToggleExpression";

/// painpath's complex extension on a response giving the result the walk reached: `outcome`
/// (a coding: the outcome's id and title) and one `shown` (`owner.id`) per text shown.
pub const RESULT_EXTENSION: &str = "https://painpath.example/fhir/StructureDefinition/result";

/// Core extension giving a text in another language (on a string's `_element`).
pub const TRANSLATION_EXTENSION: &str = "http://hl7.org/fhir/StructureDefinition/translation";

/// The extensions of a primitive element (FHIR's `_title`, `_text`, `_display`): its
/// translations, and for a label its style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Translations {
    pub extension: Vec<TextExtension>,
}

/// One extension of a text: a translation, or how to draw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum TextExtension {
    Translation(Translation),
    /// [`RENDERING_STYLE_EXTENSION`]: CSS for the text.
    Style {
        url: &'static str,
        #[serde(rename = "valueString")]
        css: &'static str,
    },
}

/// Core extension: CSS a renderer should draw a text with (SDC "rendering-style").
pub const RENDERING_STYLE_EXTENSION: &str =
    "http://hl7.org/fhir/StructureDefinition/rendering-style";

/// `texts` (a text's translations, if any) with a style added.
pub(crate) fn styled(texts: Option<Translations>, css: &'static str) -> Translations {
    let mut texts = texts.unwrap_or(Translations {
        extension: Vec::new(),
    });
    texts.extension.insert(
        0,
        TextExtension::Style {
            url: RENDERING_STYLE_EXTENSION,
            css,
        },
    );
    texts
}

/// One translation extension: `lang` and `content` as sub-extensions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Translation {
    pub url: &'static str,
    pub extension: Vec<TranslationPart>,
}

/// `lang` (a `valueCode`) or `content` (a `valueString`) of a [`Translation`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TranslationPart {
    pub url: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_string: Option<String>,
}

/// The translations of one text: (language, text) for each translation, or `None` when there
/// are none.
pub(crate) fn translations<'t>(
    texts: impl IntoIterator<Item = (&'t str, &'t str)>,
) -> Option<Translations> {
    let extension: Vec<TextExtension> = texts
        .into_iter()
        .map(|(lang, content)| {
            TextExtension::Translation(Translation {
                url: TRANSLATION_EXTENSION,
                extension: vec![
                    TranslationPart {
                        url: "lang",
                        value_code: Some(lang.to_string()),
                        value_string: None,
                    },
                    TranslationPart {
                        url: "content",
                        value_code: None,
                        value_string: Some(content.to_string()),
                    },
                ],
            })
        })
        .collect();
    (!extension.is_empty()).then_some(Translations { extension })
}

/// A FHIR R4 `Questionnaire`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionnaireResource {
    pub resource_type: &'static str,
    pub language: String,
    pub url: String,
    pub version: String,
    pub name: String,
    pub title: String,
    #[serde(rename = "_title", skip_serializing_if = "Option::is_none")]
    pub title_translations: Option<Translations>,
    pub status: &'static str,
    /// The ladder of dispositions, one [`DISPOSITION_EXTENSION`] per rung, most urgent first;
    /// then the walk's variables, one [`VARIABLE_EXTENSION`] each, in the order defined.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<AnyExtension>,
    /// The questions, then one group per outcome.
    pub item: Vec<QuestionnaireItem>,
}

/// One question, result or text of a [`QuestionnaireResource`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuestionnaireItem {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<AnyExtension>,
    pub link_id: String,
    pub text: String,
    #[serde(rename = "_text", skip_serializing_if = "Option::is_none")]
    pub text_translations: Option<Translations>,
    /// `choice`, `integer` or `boolean` for a question; `group` for an outcome, `display`
    /// for its texts.
    #[serde(rename = "type")]
    pub kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeats: Option<bool>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub answer_option: Vec<AnswerOption>,
    /// An outcome group's display items.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub item: Vec<QuestionnaireItem>,
}

/// One permitted answer of a choice item.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnswerOption {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension>,
    pub value_coding: Coding,
}

/// A code from a code system, with the words shown for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coding {
    pub system: String,
    pub code: String,
    pub display: String,
    #[serde(rename = "_display", skip_serializing_if = "Option::is_none")]
    pub display_translations: Option<Translations>,
}

/// A complex extension, its parts as sub-extensions: a [`DISPOSITION_EXTENSION`], a
/// [`RESULT_EXTENSION`] or an [`ANSWER_OPTIONS_TOGGLE_EXTENSION`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RungExtension {
    pub url: &'static str,
    pub extension: Vec<Extension>,
}

/// A simple extension (a value) or a complex one (sub-extensions).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum AnyExtension {
    Simple(Extension),
    Complex(RungExtension),
}

/// A FHIR `Expression` in FHIRPath, named when it defines a variable.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expression {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub language: &'static str,
    pub expression: String,
}

impl Expression {
    /// A FHIRPath expression (`text/fhirpath`).
    pub fn fhirpath(name: Option<String>, expression: String) -> Expression {
        Expression {
            name,
            language: "text/fhirpath",
            expression,
        }
    }
}

/// A FHIR extension with its value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Extension {
    pub url: &'static str,
    #[serde(flatten)]
    pub value: Value,
}

/// A typed value, serialised as `valueCoding`, `valueInteger`, `valueBoolean`, `valueString`
/// or `valueExpression`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Value {
    #[serde(rename = "valueString")]
    String(String),
    #[serde(rename = "valueExpression")]
    Expression(Expression),
    #[serde(rename = "valueCoding")]
    Coding(Coding),
    #[serde(rename = "valueInteger")]
    Integer(i64),
    #[serde(rename = "valueBoolean")]
    Boolean(bool),
    #[serde(rename = "valueCodeableConcept")]
    CodeableConcept(CodeableConcept),
}

/// A concept as one or more codings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeableConcept {
    pub coding: Vec<Coding>,
}

/// The canonical URL of a questionnaire, built from `meta.id` (without the version, which
/// FHIR carries in `version` and in `url|version` references).
pub fn canonical_url(meta: &Meta) -> String {
    format!("{CANONICAL_BASE}/Questionnaire/{}", meta.id)
}

/// The versioned canonical reference `url|version` a response points at.
pub fn versioned_canonical(meta: &Meta) -> String {
    format!("{}|{}", canonical_url(meta), meta.version)
}

/// The code system of one question's options; option ids are unique only within a question.
pub fn option_system(meta: &Meta, question: &Question) -> String {
    format!("{CANONICAL_BASE}/CodeSystem/{}/{}", meta.id, question.id)
}

/// The code system of a questionnaire's dispositions (the rungs of its ladder).
pub fn disposition_system(meta: &Meta) -> String {
    format!("{CANONICAL_BASE}/CodeSystem/{}/dispositions", meta.id)
}

/// The code system of a questionnaire's outcomes.
pub fn outcome_system(meta: &Meta) -> String {
    format!("{CANONICAL_BASE}/CodeSystem/{}/outcomes", meta.id)
}

/// The rung `index` of the ladder as a [`DISPOSITION_EXTENSION`], its heading with its
/// `translations` (the same rung in other languages).
fn rung_extension(
    questionnaire: &Questionnaire,
    index: DispositionIndex,
    translations: &[&Questionnaire],
) -> RungExtension {
    let rung = questionnaire.rung(index);
    let disposition = questionnaire.disposition(index);
    let count = |n: usize| Value::Integer(i64::try_from(n).unwrap_or(i64::MAX));
    RungExtension {
        url: DISPOSITION_EXTENSION,
        extension: vec![
            Extension {
                url: "rung",
                value: count(rung.place),
            },
            Extension {
                url: "rungs",
                value: count(rung.of),
            },
            Extension {
                url: "disposition",
                value: Value::Coding(Coding {
                    system: disposition_system(&questionnaire.meta),
                    code: disposition.id.clone(),
                    display: disposition.heading.clone(),
                    display_translations: self::translations(translations.iter().filter_map(|t| {
                        let other = t.dispositions.get(index.0)?;
                        Some((t.meta.language.as_str(), other.heading.as_str()))
                    })),
                }),
            },
        ],
    }
}

/// The questionnaire as a FHIR R4 `Questionnaire`.
pub fn questionnaire_resource(questionnaire: &Questionnaire) -> QuestionnaireResource {
    questionnaire_resource_with(questionnaire, &[], OptionLists::default())
}

/// The questionnaire as a FHIR R4 `Questionnaire` in its own language, with each text's
/// `translations` (the same questionnaire in other languages: the same questions and options
/// in the same order) as FHIR translation extensions, and the options with a condition
/// carried as `lists` says.
pub fn questionnaire_resource_with(
    questionnaire: &Questionnaire,
    translations: &[&Questionnaire],
    lists: OptionLists,
) -> QuestionnaireResource {
    let meta = &questionnaire.meta;
    let branching = Branching::new(questionnaire);
    let ladder = (0..questionnaire.dispositions.len()).map(|i| {
        AnyExtension::Complex(rung_extension(
            questionnaire,
            DispositionIndex(i),
            translations,
        ))
    });
    let variables = branching.variables.iter().map(|(name, expression)| {
        AnyExtension::Simple(Extension {
            url: VARIABLE_EXTENSION,
            value: Value::Expression(Expression::fhirpath(Some(name.clone()), expression.clone())),
        })
    });
    let questions = questionnaire
        .questions
        .iter()
        .enumerate()
        .map(|(i, question)| {
            let others: Vec<(&str, &Question)> = translations
                .iter()
                .filter_map(|t| Some((t.meta.language.as_str(), t.questions.get(i)?)))
                .collect();
            item(meta, &branching, QuestionIndex(i), question, &others, lists)
        });
    QuestionnaireResource {
        resource_type: "Questionnaire",
        language: meta.language.clone(),
        url: canonical_url(meta),
        version: meta.version.clone(),
        name: computer_name(&meta.id),
        title: meta.title.clone(),
        title_translations: self::translations(
            translations
                .iter()
                .map(|t| (t.meta.language.as_str(), t.meta.title.as_str())),
        ),
        status: "active",
        extension: ladder.chain(variables).collect(),
        item: questions
            .chain(outcomes::outcome_items(
                questionnaire,
                &branching,
                translations,
            ))
            .collect(),
    }
}

fn item(
    meta: &Meta,
    branching: &Branching,
    index: QuestionIndex,
    question: &Question,
    others: &[(&str, &Question)],
    lists: OptionLists,
) -> QuestionnaireItem {
    let (kind, repeats) = match question.kind {
        QuestionKind::Single => ("choice", None),
        QuestionKind::Multiple => ("choice", Some(true)),
        QuestionKind::YesNo => ("boolean", None),
        QuestionKind::Scale => ("integer", None),
    };
    let mut extension = match question.kind {
        QuestionKind::Scale => vec![
            AnyExtension::Simple(Extension {
                url: MIN_VALUE_EXTENSION,
                value: Value::Integer(i64::from(SCALE_MIN)),
            }),
            AnyExtension::Simple(Extension {
                url: MAX_VALUE_EXTENSION,
                value: Value::Integer(i64::from(SCALE_MAX)),
            }),
        ],
        _ => Vec::new(),
    };
    extension.push(outcomes::enable_when(branching.asked(index)));
    let list = options::answer_list(meta, branching, index, question, others, lists);
    extension.extend(list.extension);
    QuestionnaireItem {
        extension,
        link_id: question.id.clone(),
        text: question.prompt.clone(),
        text_translations: translations(others.iter().map(|(lang, q)| (*lang, q.prompt.as_str()))),
        kind,
        repeats,
        answer_option: list.answer_option,
        item: Vec::new(),
    }
}

/// FHIR's computer-friendly `name` (`[A-Z][A-Za-z0-9_]*`) from an id: each part between `-`
/// starts upper case (`back-pain` -> `BackPain`); a leading digit gets a `Q` before it.
fn computer_name(id: &str) -> String {
    let mut name: String = id
        .split('-')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect();
    name.retain(|c| c.is_ascii_alphanumeric() || c == '_');
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        name.insert(0, 'Q');
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::small;
    use serde_json::json;

    #[test]
    fn questionnaire_items_have_the_right_types_and_options() {
        let q = small();
        let json = serde_json::to_value(questionnaire_resource(&q)).unwrap();
        assert_eq!(json["resourceType"], "Questionnaire");
        assert_eq!(
            json["url"],
            "https://painpath.example/fhir/Questionnaire/small"
        );
        assert_eq!(json["version"], "1.0.0");
        assert_eq!(json["name"], "Small");
        assert_eq!(json["status"], "active");
        let items = json["item"].as_array().unwrap();
        assert_eq!(items.len(), q.questions.len() + q.outcomes.len());
        assert_eq!(items[0]["linkId"], "flags");
        assert_eq!(items[0]["type"], "choice");
        assert_eq!(items[0]["repeats"], true);
        assert_eq!(
            items[0]["answerOption"][0]["valueCoding"],
            json!({
                "system": "https://painpath.example/fhir/CodeSystem/small/flags",
                "code": "saddle",
                "display": "Saddle numbness"
            })
        );
        assert_eq!(
            items[0]["answerOption"][2]["extension"][0]["valueBoolean"], true,
            "exclusive option marked"
        );
        assert_eq!(items[1]["type"], "choice");
        assert!(items[1].get("repeats").is_none());
        assert_eq!(items[2]["type"], "boolean");
        assert!(
            items[2].get("answerOption").is_none(),
            "que-5: no options on boolean"
        );
        assert_eq!(items[3]["type"], "integer");
        assert_eq!(items[3]["extension"][1]["valueInteger"], 10);
        assert_eq!(items[3]["text"], "How bad is it?");
    }

    #[test]
    fn each_question_is_enabled_by_its_variable_and_each_outcome_is_a_group_of_its_texts() {
        let q = small();
        let json = serde_json::to_value(questionnaire_resource(&q)).unwrap();
        let variables: Vec<&str> = json["extension"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["url"] == VARIABLE_EXTENSION)
            .map(|e| e["valueExpression"]["name"].as_str().unwrap())
            .collect();
        assert_eq!(variables[..2], ["askedFlags", "answerFlags"]);
        let items = json["item"].as_array().unwrap();
        let enable = |item: &serde_json::Value| {
            item["extension"]
                .as_array()
                .unwrap()
                .iter()
                .find(|e| e["url"] == ENABLE_WHEN_EXPRESSION_EXTENSION)
                .map(|e| {
                    e["valueExpression"]["expression"]
                        .as_str()
                        .unwrap()
                        .to_string()
                })
        };
        assert_eq!(enable(&items[1]).as_deref(), Some("%askedWhere"));
        assert_eq!(enable(&items[3]).as_deref(), Some("%askedSeverity"));
        let back = items
            .iter()
            .find(|i| i["linkId"] == "outcome.back_result")
            .unwrap();
        assert_eq!(back["type"], "group");
        assert_eq!(enable(back).as_deref(), Some("%outcomeBackResult"));
        let children: Vec<&str> = back["item"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["linkId"].as_str().unwrap())
            .collect();
        assert!(
            children.contains(&"outcome.back_result/rung.soon"),
            "{children:?}"
        );
        let raised = &back["item"][0];
        assert_eq!(raised["type"], "display");
        assert_eq!(
            enable(raised).as_deref(),
            Some("%outcomeBackResult and %raisedSoon")
        );
        assert_eq!(
            raised["extension"][1]["extension"][2]["valueCoding"]["code"],
            "soon"
        );
        assert!(
            children
                .iter()
                .any(|c| c.starts_with("outcome.back_result/explanation/text.back_result.")),
            "{children:?}"
        );
    }

    /// The built-in questions' "Which hurt first", whose areas are offered only to those who
    /// said they hurt, in each way of carrying its options.
    fn first_came(lists: OptionLists) -> serde_json::Value {
        let languages = crate::default_languages().unwrap();
        let json =
            serde_json::to_value(questionnaire_resource_with(&languages.base, &[], lists)).unwrap();
        json["item"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["linkId"] == "first_came")
            .unwrap()
            .clone()
    }

    #[test]
    fn an_option_with_a_condition_is_toggled_or_listed_by_an_expression() {
        let urls = |item: &serde_json::Value| -> Vec<String> {
            item["extension"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["url"].as_str().unwrap().to_string())
                .collect()
        };
        let toggled = first_came(OptionLists::Toggle);
        assert_eq!(toggled["answerOption"].as_array().unwrap().len(), 5);
        assert_eq!(
            urls(&toggled)
                .iter()
                .filter(|u| *u == ANSWER_OPTIONS_TOGGLE_EXTENSION)
                .count(),
            3,
            "one toggle per area"
        );
        let listed = first_came(OptionLists::Expression);
        assert!(
            listed.get("answerOption").is_none(),
            "SDC: no answerOption beside answerExpression"
        );
        let expression = listed["extension"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["url"] == ANSWER_EXPRESSION_EXTENSION)
            .unwrap()["valueExpression"]["expression"]
            .as_str()
            .unwrap()
            .to_string();
        assert!(
            expression.starts_with(
                "iif(%answerWhere.where($this = 'low_back').exists(), %factory.Coding("
            ),
            "{expression}"
        );
        assert!(
            expression.ends_with("'not_sure', 'Not sure')"),
            "{expression}"
        );
        assert!(urls(&listed).contains(&ITEM_CONTROL_EXTENSION.to_string()));
    }

    #[test]
    fn a_result_labels_its_lists_in_bold_each_shown_only_over_a_text() {
        let q = small();
        let json = serde_json::to_value(questionnaire_resource(&q)).unwrap();
        let back = json["item"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["linkId"] == "outcome.back_result")
            .unwrap();
        let children = back["item"].as_array().unwrap();
        let label = children
            .iter()
            .find(|i| i["linkId"] == "outcome.back_result/get_help")
            .expect("a get-help label");
        assert_eq!(label["text"], "When to get help");
        assert_eq!(
            label["_text"]["extension"][0],
            json!({ "url": RENDERING_STYLE_EXTENSION, "valueString": "font-weight: bold" })
        );
        let texts_under = |prefix: &str| {
            children
                .iter()
                .filter(|i| {
                    i["linkId"]
                        .as_str()
                        .unwrap()
                        .starts_with(&format!("{prefix}/"))
                })
                .count()
        };
        for item in children {
            let link = item["linkId"].as_str().unwrap();
            let is_label = item["type"] == "display"
                && !link.contains("/text.")
                && !link.rsplit('/').next().unwrap().starts_with("rung.");
            if is_label {
                assert!(texts_under(link) > 0, "{link} labels nothing");
            }
        }
    }

    #[test]
    fn computer_name_fits_the_fhir_pattern() {
        assert_eq!(computer_name("small"), "Small");
        assert_eq!(computer_name("back-hip-knee"), "BackHipKnee");
        assert_eq!(computer_name("2024_pain"), "Q2024_pain");
    }
}
