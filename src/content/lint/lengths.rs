//! Warnings about texts too long for the screen: a prompt or an option label too tall for an
//! 80x24 screen, a question's and its options' help too tall for the help box there, a title
//! too long for one line of the result screen or for reception's inbox line; and those
//! limits. Run on a translation as on the base file.

use super::Warning;
use super::locator::Locator;
use crate::content::model::{Question, Questionnaire};

/// Columns a prompt or an option label is wrapped to on an 80-column screen.
pub const WRAP_COLUMNS: usize = 78;
/// The most lines a prompt or an option label may take at [`WRAP_COLUMNS`].
pub const MAX_WRAPPED_LINES: usize = 6;
/// The longest result title (or disposition heading) that fits on one line of the screen.
pub const MAX_RESULT_TITLE: usize = 76;
/// The longest outcome title (or `short`) that fits the inbox's line at 80 columns, after the
/// code, the time and the urgency (the inbox's own test holds it to its columns).
pub const MAX_INBOX_TITLE: usize = 36;

/// Columns of text inside the help box (`?`) on an 80-column screen.
pub const HELP_BOX_COLUMNS: usize = 66;
/// Lines of text inside the help box on a 24-row screen.
pub const HELP_BOX_LINES: usize = 20;

/// How many lines a question's own words take in the help box at [`HELP_BOX_COLUMNS`], with
/// every option offered: its help, then (after a blank line) each option's label on one line
/// and its help indented by two. 0 when neither it nor any option has help. The keys follow,
/// after a blank line, where there is room.
pub fn help_box_lines(question: &Question) -> usize {
    let own = question
        .help
        .as_ref()
        .map_or(0, |help| wrapped_lines(help, HELP_BOX_COLUMNS));
    let options: usize = (question.options.iter())
        .filter_map(|o| o.help.as_ref())
        .map(|help| 1 + wrapped_lines(help, HELP_BOX_COLUMNS - 2))
        .sum();
    own + options + usize::from(own > 0 && options > 0)
}

/// How many lines `text` takes on a screen `width` columns wide, wrapped as every screen
/// wraps it ([`crate::text::wrap`]).
pub fn wrapped_lines(text: &str, width: usize) -> usize {
    crate::text::wrap(text, width).len()
}

pub(super) fn long_texts(q: &Questionnaire, at: &Locator<'_>, out: &mut Vec<Warning>) {
    let too_tall = |text: &str| {
        let lines = wrapped_lines(text, WRAP_COLUMNS);
        (lines > MAX_WRAPPED_LINES).then_some(lines)
    };
    for question in &q.questions {
        if let Some(lines) = too_tall(&question.prompt) {
            out.push(at.warning(
                at.key_in(at.question(&question.id), "prompt"),
                format!(
                    "the prompt of \"{}\" takes {lines} lines at {WRAP_COLUMNS} columns \
                     (more than {MAX_WRAPPED_LINES}): it crowds an 80x24 screen",
                    question.id
                ),
                "shorten it; put the explanation in `help`".to_string(),
            ));
        }
        // The box drops the keys to make room, but never the question's own words.
        let lines = help_box_lines(question);
        if lines > HELP_BOX_LINES {
            out.push(at.warning(
                at.question(&question.id),
                format!(
                    "the help of \"{}\" and of its options takes {lines} lines in the help box: \
                     more than an 80x24 screen shows ({HELP_BOX_LINES})",
                    question.id
                ),
                "shorten the question's `help` or the options' `help`".to_string(),
            ));
        }
        for option in &question.options {
            if let Some(lines) = too_tall(&option.label) {
                out.push(at.warning(
                    at.option(&question.id, &option.id),
                    format!(
                        "the label of option \"{}\" of \"{}\" takes {lines} lines at \
                         {WRAP_COLUMNS} columns (more than {MAX_WRAPPED_LINES})",
                        option.id, question.id
                    ),
                    "shorten it; put the explanation in the question's `help`".to_string(),
                ));
            }
        }
    }
    for outcome in &q.outcomes {
        let len = outcome.title.chars().count();
        if len > MAX_RESULT_TITLE {
            out.push(at.warning(
                at.key_in(at.outcome(&outcome.id), "title"),
                format!(
                    "the title of outcome \"{}\" is {len} characters: it does not fit on one \
                     line of the result screen ({MAX_RESULT_TITLE})",
                    outcome.id
                ),
                format!("shorten it to {MAX_RESULT_TITLE} characters or fewer"),
            ));
        }
        let shown = outcome.inbox_title().chars().count();
        if shown > MAX_INBOX_TITLE {
            let (key, what) = match outcome.short {
                Some(_) => ("short", "the short title"),
                None => ("title", "the title"),
            };
            out.push(at.warning(
                at.key_in(at.outcome(&outcome.id), key),
                format!(
                    "{what} of outcome \"{}\" is {shown} characters: reception's inbox line \
                     has room for {MAX_INBOX_TITLE}, so it is cut short there",
                    outcome.id
                ),
                match outcome.short {
                    Some(_) => format!("shorten `short` to {MAX_INBOX_TITLE} characters or fewer"),
                    None => format!(
                        "add `short = \"...\"` under the title: a few words ({MAX_INBOX_TITLE} \
                         characters or fewer) for the inbox"
                    ),
                },
            ));
        }
    }
    for disposition in &q.dispositions {
        let headings = [
            ("heading", Some(&disposition.heading)),
            ("advice_heading", disposition.advice_heading.as_ref()),
        ];
        for (key, text) in headings {
            let Some(text) = text else { continue };
            let len = text.chars().count();
            if len > MAX_RESULT_TITLE {
                out.push(at.warning(
                    at.key_in(at.disposition(&disposition.id), key),
                    format!(
                        "the {key} of disposition \"{}\" is {len} characters: it does not fit \
                         on one line of the result screen ({MAX_RESULT_TITLE})",
                        disposition.id
                    ),
                    format!("shorten it to {MAX_RESULT_TITLE} characters or fewer"),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::lint::tests::{file, lint};

    #[test]
    fn long_prompts_and_titles_are_warnings() {
        let prompt = "word ".repeat(120);
        let title =
            "A title far too long for the result screen of eighty columns, and the inbox too";
        let mut found = lint(&file(true, prompt.trim(), title));
        found.retain(|w| !w.message.contains("only through defaults"));
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(
            found[0]
                .message
                .starts_with("the prompt of \"where\" takes 8 lines")
        );
        assert!(found[1].message.contains("the result screen"));
        assert!(
            found[1]
                .message
                .starts_with("the title of outcome \"knee_result\" is 79")
        );
        assert!(found[2].message.starts_with(
            "the title of outcome \"knee_result\" is 79 characters: reception's inbox"
        ));
        assert!(
            found[2].hint.starts_with("add `short = "),
            "{}",
            found[2].hint
        );
    }

    #[test]
    fn a_short_title_is_what_the_inbox_line_is_checked_on() {
        let title = "A title that fits the result screen but not the inbox line";
        let text = file(true, "Where?", title);
        assert!(
            lint(&text)
                .iter()
                .any(|w| w.message.contains("reception's inbox"))
        );
        let with_short = text.replacen(
            &format!("title = \"{title}\"\n"),
            &format!("title = \"{title}\"\nshort = \"Fits the inbox\"\n"),
            1,
        );
        let found = lint(&with_short);
        assert!(
            !found
                .iter()
                .any(|w| w.message.contains("reception's inbox")),
            "{found:#?}"
        );
        let too_long = with_short.replacen("Fits the inbox", &"s".repeat(MAX_INBOX_TITLE + 1), 1);
        let found = lint(&too_long);
        let inbox: Vec<_> = found
            .iter()
            .filter(|w| w.message.contains("reception's inbox"))
            .collect();
        assert_eq!(inbox.len(), 1, "{found:#?}");
        assert!(inbox[0].message.starts_with("the short title of outcome"));
        let line = too_long
            .lines()
            .position(|l| l.starts_with("short = \"ss"))
            .unwrap();
        assert_eq!(inbox[0].line, line + 1);
    }

    #[test]
    fn help_too_tall_for_the_help_box_is_a_warning_at_its_question() {
        let with_help = |help: &str| {
            file(true, "Where?", "Knee").replacen(
                "{ id = \"hip\", label = \"Hip\" }",
                &format!("{{ id = \"hip\", label = \"Hip\", help = \"{help}\" }}"),
                1,
            )
        };
        let boxed = |text: &str| -> Vec<Warning> {
            let mut found = lint(text);
            found.retain(|w| w.message.contains("help box"));
            found
        };
        // 3 lines of help at 64 columns and its label: 4 of the box's 20.
        let help = "word ".repeat(38);
        assert_eq!(boxed(&with_help(help.trim())), Vec::new());
        let text = with_help(help.trim()).replacen(
            "short = \"Where\"",
            &format!(
                "short = \"Where\"\nhelp = \"{}\"",
                "word ".repeat(230).trim()
            ),
            1,
        );
        let found = boxed(&text);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            found[0].message,
            "the help of \"where\" and of its options takes 23 lines in the help box: more \
             than an 80x24 screen shows (20)"
        );
        let line = text.lines().position(|l| l == "id = \"where\"").unwrap();
        assert_eq!((found[0].line, found[0].column), (line + 1, 1));
    }

    #[test]
    fn wrapping_counts_lines_like_a_screen() {
        assert_eq!(wrapped_lines("", 78), 1);
        assert_eq!(wrapped_lines("a b", 3), 1);
        assert_eq!(wrapped_lines("a b c", 3), 2);
        assert_eq!(wrapped_lines("abcdefg", 3), 3);
        assert_eq!(wrapped_lines("a\nb", 78), 2);
    }
}
