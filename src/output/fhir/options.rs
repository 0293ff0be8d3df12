//! A choice question's answers in the Questionnaire: its `answerOption` list, how a renderer is
//! told which of them painpath offers (some options have a condition on earlier answers, see
//! `Session::offered`), and how it should draw them (`questionnaire-itemControl`: radio buttons
//! for one answer, check boxes for several).
//!
//! Two ways to carry an option's condition, chosen by [`OptionLists`]:
//! - **toggle** (the default): every option in `answerOption`, with its translations, and one
//!   SDC `answerOptionsToggleExpression` per option with a condition. A renderer that does not
//!   read the toggle still shows every option, so the form works everywhere.
//! - **expression**: a question with such an option has no `answerOption` but an SDC
//!   `answerExpression` building its list with FHIRPath's `%factory.Coding`, each option with a
//!   condition inside `iif(condition, ...)`. For renderers that read `answerExpression` but not
//!   the toggle (LHC-Forms 40). The options' words are then in the export's language only,
//!   and a multiple choice's "none of these" loses its `optionExclusive` mark (a Coding has no
//!   room for it; painpath's `export response` still refuses it ticked with others). The
//!   built-in questions' options with a condition are all on single choices.

use crate::content::model::{Meta, Question, QuestionIndex, QuestionKind};

use super::branching::{Branching, Scope};
use super::{
    ANSWER_OPTIONS_TOGGLE_EXTENSION, AnswerOption, AnyExtension, Coding, Expression, Extension,
    OPTION_EXCLUSIVE_EXTENSION, RungExtension, Value, option_system, translations,
};

/// SDC extension: a FHIRPath expression giving the question's permitted answers.
pub const ANSWER_EXPRESSION_EXTENSION: &str =
    "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-answerExpression";
/// Core R4 extension saying which control a renderer should draw for an item.
pub const ITEM_CONTROL_EXTENSION: &str =
    "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl";
/// The code system of [`ITEM_CONTROL_EXTENSION`]'s codes.
pub const ITEM_CONTROL_SYSTEM: &str = "http://hl7.org/fhir/questionnaire-item-control";

/// How the options with a condition travel (see the module's documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OptionLists {
    /// `answerOption` and `answerOptionsToggleExpression`.
    #[default]
    Toggle,
    /// `answerExpression` for a question with an option that has a condition.
    Expression,
}

/// What a question item gets for its answers: extensions, and its `answerOption` list.
pub struct AnswerList {
    pub extension: Vec<AnyExtension>,
    pub answer_option: Vec<AnswerOption>,
}

/// The answers of question `index` (`others`: the same question in other languages).
pub fn answer_list(
    meta: &Meta,
    branching: &Branching,
    index: QuestionIndex,
    question: &Question,
    others: &[(&str, &Question)],
    lists: OptionLists,
) -> AnswerList {
    // FHIR allows answerOption on choice items only (constraint que-5); yes/no is boolean.
    let control = match question.kind {
        QuestionKind::Single => ("radio-button", "Radio Button"),
        QuestionKind::Multiple => ("check-box", "Check-box"),
        QuestionKind::YesNo | QuestionKind::Scale => {
            return AnswerList {
                extension: Vec::new(),
                answer_option: Vec::new(),
            };
        }
    };
    let mut extension = vec![item_control(control)];
    let coding = |oi: usize| {
        let option = &question.options[oi];
        Coding {
            system: option_system(meta, question),
            code: option.id.clone(),
            display: option.label.clone(),
            display_translations: translations(
                others
                    .iter()
                    .filter_map(|(lang, q)| Some((*lang, q.options.get(oi)?.label.as_str()))),
            ),
        }
    };
    // When painpath offers each option: `None` for always.
    let offered: Vec<Option<String>> = question
        .options
        .iter()
        .map(|option| {
            (!option.only_when.is_empty())
                .then(|| branching.holds_all(&option.only_when, Scope::Before(index)))
        })
        .collect();
    if lists == OptionLists::Expression && offered.iter().any(Option::is_some) {
        let list: Vec<String> = offered
            .iter()
            .enumerate()
            .map(|(oi, when)| {
                let option = coding(oi);
                let made = format!(
                    "%factory.Coding({}, {}, {})",
                    string_literal(&option.system),
                    string_literal(&option.code),
                    string_literal(&option.display)
                );
                match when {
                    Some(when) => format!("iif({when}, {made})"),
                    None => made,
                }
            })
            .collect();
        extension.push(AnyExtension::Simple(Extension {
            url: ANSWER_EXPRESSION_EXTENSION,
            value: Value::Expression(Expression::fhirpath(None, list.join(" | "))),
        }));
        return AnswerList {
            extension,
            answer_option: Vec::new(),
        };
    }
    for (oi, when) in offered.iter().enumerate() {
        let Some(when) = when else { continue };
        extension.push(AnyExtension::Complex(RungExtension {
            url: ANSWER_OPTIONS_TOGGLE_EXTENSION,
            extension: vec![
                Extension {
                    url: "option",
                    value: Value::Coding(Coding {
                        display_translations: None,
                        ..coding(oi)
                    }),
                },
                Extension {
                    url: "expression",
                    value: Value::Expression(Expression::fhirpath(None, when.clone())),
                },
            ],
        }));
    }
    // An option's help is not exported, as the question's is not: an answerOption holds a
    // value and no text of its own, and a help of painpath's own making no system would read.
    let answer_option = question
        .options
        .iter()
        .enumerate()
        .map(|(oi, option)| AnswerOption {
            extension: if option.exclusive && question.kind == QuestionKind::Multiple {
                vec![Extension {
                    url: OPTION_EXCLUSIVE_EXTENSION,
                    value: Value::Boolean(true),
                }]
            } else {
                Vec::new()
            },
            value_coding: coding(oi),
        })
        .collect();
    AnswerList {
        extension,
        answer_option,
    }
}

/// `questionnaire-itemControl` with one code of the item-control system.
fn item_control((code, display): (&str, &str)) -> AnyExtension {
    AnyExtension::Simple(Extension {
        url: ITEM_CONTROL_EXTENSION,
        value: Value::CodeableConcept(super::CodeableConcept {
            coding: vec![Coding {
                system: ITEM_CONTROL_SYSTEM.to_string(),
                code: code.to_string(),
                display: display.to_string(),
                display_translations: None,
            }],
        }),
    })
}

/// `text` as a FHIRPath string literal: in single quotes, with `\` `'` and the characters a
/// literal cannot hold escaped.
pub fn string_literal(text: &str) -> String {
    let mut literal = String::with_capacity(text.len() + 2);
    literal.push('\'');
    for c in text.chars() {
        match c {
            '\\' => literal.push_str("\\\\"),
            '\'' => literal.push_str("\\'"),
            '\n' => literal.push_str("\\n"),
            '\r' => literal.push_str("\\r"),
            '\t' => literal.push_str("\\t"),
            c if c.is_control() => literal.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => literal.push(c),
        }
    }
    literal.push('\'');
    literal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_string_literal_escapes_quotes_backslashes_and_control_characters() {
        assert_eq!(string_literal("plain"), "'plain'");
        assert_eq!(string_literal("it's"), r"'it\'s'");
        assert_eq!(string_literal(r"a\b"), r"'a\\b'");
        assert_eq!(string_literal("a\nb\u{1b}"), r"'a\nb\u001b'");
    }
}
