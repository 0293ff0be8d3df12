//! Warnings about a questions file that loads: things that are allowed, and may be meant, but
//! are often a mistake. `painpath check` prints them (and `--strict` makes them errors).
//!
//! Each warning is located by searching the text for the `id = "..."` it is about (good enough
//! for a hand-edited file; 1:1 when it cannot be found), and carries a hint.
//!
//! - an option that no rule names, in a question whose rules read its answer: choosing it only
//!   reaches the question's default (the silent mistake of a new option added and not routed);
//! - an outcome that only defaults lead to (no rule names it);
//! - with a cases file, an outcome that no case expects;
//! - an option that nothing reads (no rule, no sign, no `raises`), unless it says
//!   `summary_only = true`: where the default asks on, that is how a forgotten rule looks;
//! - texts too long for an 80x24 screen, or for the inbox's 80-column line;
//! - a conditional text or option with `none` on a question some route to it skips, and a
//!   text whose own conditions contradict each other;
//! - with a cases file, a conditional text or option that no case both shows and hides.
//!
//! One file per concern: `routing` (unrouted and unread options, default-only outcomes),
//! `conditions` (conditional texts that cannot work as written), `lengths` (texts too long for
//! the screen), `coverage` (what the case suite leaves unchecked); `locator` finds the line a
//! warning points at. This file holds the warning and the entry points.

use std::fmt;

use crate::content::model::Questionnaire;

mod conditions;
mod coverage;
mod lengths;
mod locator;
mod routing;

pub use conditions::contradiction;
pub use coverage::{case_warnings, uncovered_warnings};
pub use lengths::{
    HELP_BOX_COLUMNS, HELP_BOX_LINES, MAX_INBOX_TITLE, MAX_RESULT_TITLE, MAX_WRAPPED_LINES,
    WRAP_COLUMNS, help_box_lines, wrapped_lines,
};

use locator::Locator;

/// One warning, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The name is usually a path given on the command line; it may carry anything.
        let file = crate::text::visible(&self.file, crate::text::Notation::Replaced { tab: '→' });
        writeln!(
            f,
            "{file}:{}:{}: warning: {}",
            self.line, self.column, self.message
        )?;
        let gutter = self.line.to_string().len();
        write!(f, "{:gutter$} = hint: {}", "", self.hint)
    }
}

/// Every warning about `q`, loaded from `text` (named `file` in the warnings).
pub fn warnings(q: &Questionnaire, text: &str, file: &str) -> Vec<Warning> {
    let text = &*crate::content::validate::normalize_line_ends(text);
    let at = Locator::new(text, file);
    let mut out = Vec::new();
    let flagged = routing::unrouted_options(q, &at, &mut out);
    routing::unread_options(q, &at, &flagged, &mut out);
    routing::default_only_outcomes(q, &at, &mut out);
    lengths::long_texts(q, &at, &mut out);
    conditions::conditions_on_skippable_questions(q, &at, &mut out);
    conditions::texts_that_never_show(q, &at, &mut out);
    out
}

/// Warnings about the texts of a translation of `q` (`q` as translated, from `text`, named
/// `file`): a prompt or label too tall for the screen, a title too long for the result screen
/// or reception's inbox line. The rest of the checks are the base file's: a translation
/// changes no route.
pub fn translation_warnings(q: &Questionnaire, text: &str, file: &str) -> Vec<Warning> {
    let text = &*crate::content::validate::normalize_line_ends(text);
    let at = Locator::new(text, file);
    let mut out = Vec::new();
    lengths::long_texts(q, &at, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::validate::load;

    // The small files below are shared by the tests of each concern's file.

    pub(super) const HEAD: &str = r#"
[meta]
id = "t"
title = "T"
version = "1"
language = "en"
start = "where"
intro = "I."
disclaimer = "D."

[[sources]]
id = "a"
title = "A"

[[dispositions]]
id = "emergency"
emergency = true
heading = "Now"
when = "Now."
safety_net = "Now."

[[dispositions]]
id = "self_care"
heading = "Home"
when = "Weeks."
safety_net = "Sooner."
"#;

    pub(super) fn outcome(id: &str, title: &str) -> String {
        format!(
            "\n[[outcomes]]\nid = \"{id}\"\ntitle = \"{title}\"\ndisposition = \"self_care\"\n\
             explanation = \"E.\"\nsooner_if = [\"Worse.\"]\nsources = [\"a\"]\n\
             [[outcomes.signs]]\ntext = \"S\"\nany = [\"where.knee\"]\n"
        )
    }

    /// `where` (back, hip, knee) with a rule for `knee` only, or for every option.
    pub(super) fn file(routed_all: bool, prompt: &str, title: &str) -> String {
        let any = if routed_all {
            r#"["knee", "back", "hip"]"#
        } else {
            r#"["knee"]"#
        };
        format!(
            "{HEAD}\n[[questions]]\nid = \"where\"\nkind = \"single\"\nprompt = \"{prompt}\"\n\
             short = \"Where\"\noptions = [\n  {{ id = \"back\", label = \"Back\" }},\n  \
             {{ id = \"hip\", label = \"Hip\" }},\n  {{ id = \"knee\", label = \"Knee\" }},\n]\n\
             default = \"general\"\n[[questions.rules]]\nany = {any}\ngoto = \"knee_result\"\n{}{}",
            outcome("knee_result", title),
            outcome("general", "General"),
        )
    }

    pub(super) fn lint(text: &str) -> Vec<Warning> {
        let q = load("t.toml", text).unwrap_or_else(|e| panic!("{e}"));
        warnings(&q, text, "t.toml")
    }

    #[test]
    fn the_shipped_questions_have_no_warnings() {
        let q = load(crate::DEFAULT_QUESTIONS_NAME, crate::DEFAULT_QUESTIONS).unwrap();
        let mut found = warnings(&q, crate::DEFAULT_QUESTIONS, crate::DEFAULT_QUESTIONS_NAME);
        let cases =
            crate::content::cases::load_cases(crate::DEFAULT_CASES_NAME, crate::DEFAULT_CASES)
                .unwrap();
        found.extend(case_warnings(
            &q,
            &cases,
            crate::DEFAULT_CASES_NAME,
            crate::DEFAULT_QUESTIONS,
            crate::DEFAULT_QUESTIONS_NAME,
        ));
        let shown: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert!(found.is_empty(), "{}", shown.join("\n"));
    }
}
