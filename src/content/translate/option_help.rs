//! The options' help in a translation: `[questions.ID.option_help]`, keyed by option id, with
//! a text for each option whose help the questions give and none for another. A table of its
//! own beside `[questions.ID.options]` (rather than a table per option) keeps the labels one
//! line each and lets a long help be written as any text is. Not the labels (`apply`).

use std::ops::Range;

use super::check::Check;
use super::raw::RawTranslatedQuestion;
use crate::content::model::{ChoiceOption, OPTION_HELP_MAX, Question};

impl Check<'_> {
    /// Puts each option's translated help in `out` (the translated question's options), and
    /// reports what is missing, unknown or not allowed; `span` is the question's table.
    pub(super) fn option_help(
        &mut self,
        question: &Question,
        given: &RawTranslatedQuestion,
        span: Range<usize>,
        out: &mut [ChoiceOption],
    ) {
        let table = given.option_help.as_ref();
        let here = format!("[questions.{}.option_help]", question.id);
        if let Some(table) = table {
            let ids: Vec<&str> = question.options.iter().map(|o| o.id.as_str()).collect();
            let what = format!("option of \"{}\"", question.id);
            self.unknown_ids(&what, table.get_ref().keys(), &ids);
        }
        for (i, option) in question.options.iter().enumerate() {
            let found = table.and_then(|t| {
                t.get_ref()
                    .iter()
                    .find(|(k, _)| k.get_ref() == &option.id)
                    .map(|(_, text)| text)
            });
            let which = format!(
                "the help of option \"{}\" of \"{}\"",
                option.id, question.id
            );
            match (&option.help, found) {
                (Some(_), Some(text)) => {
                    self.text(text);
                    let length = text.get_ref().chars().count();
                    if text.get_ref().trim().is_empty() {
                        self.error(
                            text.span(),
                            format!("{which} is empty"),
                            "write what the option's words mean in this language".into(),
                        );
                    } else if length > OPTION_HELP_MAX {
                        self.error(
                            text.span(),
                            format!(
                                "{which} is {length} characters; an option's help may have at \
                                 most {OPTION_HELP_MAX}"
                            ),
                            "keep it to a line or two, as in the questions file".into(),
                        );
                    }
                    if let Some(slot) = out.get_mut(i) {
                        slot.help = Some(text.get_ref().clone());
                    }
                }
                (Some(english), None) => {
                    let hint = match table {
                        Some(_) => format!(
                            "add {} = \"...\" to {here} (in English: \"{english}\")",
                            option.id
                        ),
                        None => format!(
                            "add a {here} table with {} = \"...\" (in English: \"{english}\")",
                            option.id
                        ),
                    };
                    let at = table.map_or(span.clone(), |t| t.span());
                    self.error(at, format!("{which} has no translation"), hint);
                }
                (None, Some(text)) => self.error(
                    text.span(),
                    format!("{here} translates {which}, which the questions do not have"),
                    "remove it, or give the option a `help` in the questions file first".into(),
                ),
                (None, None) => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::content::model::Questionnaire;
    use crate::content::translate::tests::{SMALL_ES, problems, small};
    use crate::content::translate::translate;

    /// tests/fixtures/small.toml with help on the option "hip" of "where".
    fn small_with_help() -> Questionnaire {
        let mut base = small();
        base.questions[1].options[1].help = Some("The bony part at the side.".into());
        base
    }

    fn problems_with_help(text: &str) -> Vec<String> {
        match translate(&small_with_help(), "t.es.toml", text) {
            Ok(_) => Vec::new(),
            Err(err) => err
                .problems
                .iter()
                .map(|p| {
                    format!(
                        "{}:{}: {} ({})",
                        p.line,
                        p.column,
                        p.message,
                        p.hint.as_deref().unwrap_or_default()
                    )
                })
                .collect(),
        }
    }

    /// The Spanish fixture with `table` after the options of "where".
    fn es_with(table: &str) -> String {
        let at = SMALL_ES
            .find("\n[questions.groin]")
            .expect("the fixture translates groin");
        format!("{}\n{table}\n{}", &SMALL_ES[..at], &SMALL_ES[at..])
    }

    #[test]
    fn a_translated_help_replaces_the_english() {
        let text = es_with("[questions.where.option_help]\nhip = \"El hueso del costado.\"");
        let (es, _) =
            translate(&small_with_help(), "t.es.toml", &text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            es.questions[1].options[1].help.as_deref(),
            Some("El hueso del costado.")
        );
        assert_eq!(es.questions[1].options[0].help, None);
    }

    #[test]
    fn a_missing_help_is_named_with_the_english_to_translate() {
        let found = problems_with_help(SMALL_ES);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert!(
            found[0].contains(
                "the help of option \"hip\" of \"where\" has no translation (add a \
                 [questions.where.option_help] table with hip = \"...\" (in English: \"The \
                 bony part at the side.\"))"
            ),
            "{found:#?}"
        );
        // With the table there but the option missing from it, the table is pointed at.
        let text = es_with("[questions.where.option_help]\nhipp = \"El hueso.\"");
        let found = problems_with_help(&text);
        let line = text
            .lines()
            .position(|l| l == "[questions.where.option_help]")
            .unwrap()
            + 1;
        assert!(
            found.iter().any(|p| p.contains(
                "option of \"where\" \"hipp\" is not in the questions (did you mean \"hip\"?)"
            )),
            "{found:#?}"
        );
        assert!(
            found.iter().any(|p| p.starts_with(&format!("{line}:"))
                && p.contains("the help of option \"hip\" of \"where\" has no translation")),
            "{found:#?}"
        );
    }

    #[test]
    fn help_the_questions_do_not_have_and_bad_help_are_refused() {
        let text = es_with("[questions.where.option_help]\nback = \"Entre las costillas.\"");
        let found = problems(&text);
        assert!(
            found.iter().any(|p| p.contains(
                "[questions.where.option_help] translates the help of option \"back\" of \
                 \"where\", which the questions do not have"
            )),
            "{found:#?}"
        );
        let text = es_with("[questions.where.option_help]\nhip = \"El \\u001b[2Jhueso.\"");
        let found = problems_with_help(&text);
        assert!(
            found
                .iter()
                .any(|p| p.contains("a control character (U+001B)")),
            "{found:#?}"
        );
        let long = "palabra ".repeat(40);
        let text = es_with(&format!(
            "[questions.where.option_help]\nhip = \"{}\"",
            long.trim()
        ));
        let found = problems_with_help(&text);
        assert!(
            found.iter().any(|p| p.contains(
                "the help of option \"hip\" of \"where\" is 319 characters; an option's help \
                 may have at most 240"
            )),
            "{found:#?}"
        );
    }
}
