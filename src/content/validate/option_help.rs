//! An option's `help`: what the words of its label mean ("the part you sit on"), shown with
//! the question's help. Each is checked here, by name: not empty, not longer than
//! [`OPTION_HELP_MAX`], no forbidden character, and not on a yes/no question (whose answers
//! painpath words itself, so no translation could follow the help). The rest of the file's
//! texts are checked in `text`.

use super::*;
use crate::content::model::OPTION_HELP_MAX;
use crate::content::raw::RawKind;
use crate::text::{DisputedWidth, disputed_width, hostile_kind, is_hostile};

impl<'a> Builder<'a> {
    pub(super) fn check_option_help(&mut self) {
        let raw = self.raw;
        for question in &raw.questions {
            for option in &question.options {
                let Some(help) = &option.help else { continue };
                let which = format!(
                    "the help of option \"{}\" of \"{}\"",
                    option.id.get_ref(),
                    question.id.get_ref()
                );
                self.one_option_help(help, &which, *question.kind.get_ref());
            }
        }
    }

    fn one_option_help(&mut self, help: &Text, which: &str, kind: RawKind) {
        let text = help.get_ref();
        if kind == RawKind::YesNo {
            self.error(
                help.span(),
                format!("{which}: a yes/no question's answers are worded by painpath"),
                Some(
                    "remove the option's `help`; say what the question means in its own `help`"
                        .into(),
                ),
            );
        }
        if text.trim().is_empty() {
            self.error(
                help.span(),
                format!("{which} is empty"),
                Some("write what the option's words mean, or remove `help`".into()),
            );
            return;
        }
        let length = text.chars().count();
        if length > OPTION_HELP_MAX {
            self.error(
                help.span(),
                format!(
                    "{which} is {length} characters; an option's help may have at most \
                     {OPTION_HELP_MAX}"
                ),
                Some(
                    "keep it to a line or two: what the option's words mean; what the whole \
                     question means goes in the question's `help`"
                        .into(),
                ),
            );
        }
        let hostile = text.char_indices().find(|(_, c)| is_hostile(*c));
        if let Some(disputed) =
            disputed_width(text).filter(|d| hostile.is_none_or(|(at, _)| d.offset <= at))
        {
            let span = self.place_sequence_in_source(help.span(), &disputed);
            self.error(
                span,
                format!(
                    "{which} contains {} ({}) at character {} of the help",
                    disputed.kind,
                    disputed.code_points(),
                    disputed.character(text)
                ),
                Some(DisputedWidth::HINT.into()),
            );
            return;
        }
        if let Some((offset, c)) = hostile {
            let what = hostile_kind(c).unwrap_or("a forbidden character");
            let span = self.place_in_source(help.span(), c);
            let hint = if c == '\t' {
                "replace the tab with a space: a tab looks different on every screen"
            } else {
                "text from the file is shown on a terminal; remove the character"
            };
            self.error(
                span,
                format!(
                    "{which} contains {what} (U+{:04X}) at character {} of the help",
                    c as u32,
                    offset + 1
                ),
                Some(hint.into()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::content::validate::load;

    const SMALL: &str = include_str!("../../../tests/fixtures/small.toml");

    /// tests/fixtures/small.toml with `help` (as written in TOML) on the option "hip" of
    /// "where".
    fn with_hip_help(help: &str) -> String {
        let text = SMALL.replacen(
            "{ id = \"hip\", label = \"Hip\" }",
            &format!("{{ id = \"hip\", label = \"Hip\", help = {help} }}"),
            1,
        );
        assert_ne!(text, SMALL, "the fixture has the option");
        text
    }

    fn errors(text: &str) -> Vec<String> {
        match load("f.toml", text) {
            Ok(_) => Vec::new(),
            Err(err) => err
                .problems
                .iter()
                .map(|p| format!("{}:{}: {}", p.line, p.column, p.message))
                .collect(),
        }
    }

    #[test]
    fn an_options_help_is_kept_in_the_model() {
        let q = load("f.toml", &with_hip_help("\"The bony part at the side.\""))
            .unwrap_or_else(|e| panic!("{e}"));
        let where_ = &q.questions[1];
        assert_eq!(
            where_.options[1].help.as_deref(),
            Some("The bony part at the side.")
        );
        assert_eq!(where_.options[0].help, None);
    }

    #[test]
    fn a_help_too_long_is_refused_naming_the_option() {
        let long = format!("\"{}\"", "word ".repeat(60).trim());
        let found = errors(&with_hip_help(&long));
        assert_eq!(
            found,
            [
                "38:39: the help of option \"hip\" of \"where\" is 299 characters; an option's \
              help may have at most 240"
            ]
        );
        // At the limit, it loads.
        let most = format!("\"{}\"", "w".repeat(crate::content::model::OPTION_HELP_MAX));
        assert_eq!(errors(&with_hip_help(&most)), Vec::<String>::new());
    }

    #[test]
    fn a_forbidden_character_in_help_is_refused_naming_the_option_and_pointed_at() {
        let found = errors(&with_hip_help("\"The side\\u001b[2J of it.\""));
        assert_eq!(
            found,
            [
                "38:48: the help of option \"hip\" of \"where\" contains a control character \
              (U+001B) at character 9 of the help"
            ]
        );
        let found = errors(&with_hip_help("\"Side\\u202Eof it.\""));
        assert!(
            found[0].contains("of \"where\" contains a bidirectional"),
            "{found:?}"
        );
    }

    #[test]
    fn an_empty_help_and_help_on_a_yes_no_answer_are_refused() {
        let found = errors(&with_hip_help("\"  \""));
        assert_eq!(
            found,
            ["38:39: the help of option \"hip\" of \"where\" is empty"]
        );
        let yes_no = SMALL.replacen(
            "kind = \"yes-no\"\nprompt = \"Is there groin pain?\"",
            "kind = \"yes-no\"\nprompt = \"Is there groin pain?\"\noptions = [\n  \
             { id = \"yes\", label = \"Yes\", help = \"At the front.\" },\n  \
             { id = \"no\", label = \"No\" },\n]",
            1,
        );
        assert_ne!(yes_no, SMALL);
        let found = errors(&yes_no);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains(
                "the help of option \"yes\" of \"groin\": a yes/no question's answers are \
                 worded by painpath"
            ),
            "{found:?}"
        );
    }
}
