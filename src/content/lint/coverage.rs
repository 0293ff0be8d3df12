//! Warnings from the case suite: an outcome that no case expects, and a conditional text or
//! option that no case both shows and hides. Not the checks of the questions file alone.

use super::Warning;
use super::locator::Locator;
use crate::content::cases::{Case, Uncovered};
use crate::content::model::Questionnaire;

/// Warnings for the conditional texts and options no case both shows and hides (found by
/// running the cases: [`Uncovered`]).
pub fn uncovered_warnings(
    q: &Questionnaire,
    uncovered: &[Uncovered],
    cases_file: &str,
    text: &str,
    file: &str,
) -> Vec<Warning> {
    let text = &*crate::content::validate::normalize_line_ends(text);
    let at = Locator::new(text, file);
    uncovered
        .iter()
        .map(|u| {
            let (owner, id) = u.name.split_once('.').unwrap_or((&u.name, ""));
            let place = if u.is_option {
                at.option(owner, id)
            } else if q.outcome_by_id(owner).is_some() {
                at.key_in(at.outcome(owner), "id")
            } else {
                at.disposition(owner)
            };
            let (shows, hides, show, hide) = if u.is_option {
                ("offers", "does not offer", "offer", "do not offer")
            } else {
                ("shows", "hides", "show", "hide")
            };
            let lacks = match (u.never_shown, u.never_hidden) {
                (true, true) => format!("no case {shows} it and none {hides} it"),
                (true, false) => format!("no case {shows} it"),
                _ => format!("no case {hides} it"),
            };
            let what = if u.is_option { "option" } else { "text" };
            at.warning(
                place,
                format!("conditional {what} \"{}\": {lacks} in {cases_file}", u.name),
                format!(
                    "add a case whose answers {show} it and one whose answers {hide} it, \
                     so that a mistake in its condition makes a case fail"
                ),
            )
        })
        .collect()
}

/// Warnings about the cases for `q`: each outcome that no case expects. `cases_file` names the
/// cases file in the message.
pub fn case_warnings(
    q: &Questionnaire,
    cases: &[Case],
    cases_file: &str,
    text: &str,
    file: &str,
) -> Vec<Warning> {
    let text = &*crate::content::validate::normalize_line_ends(text);
    let at = Locator::new(text, file);
    q.outcomes
        .iter()
        .filter(|o| !cases.iter().any(|c| c.outcome == o.id))
        .map(|o| {
            at.warning(
                at.outcome(&o.id),
                format!("outcome \"{}\" has no case in {cases_file}", o.id),
                "add a case whose answers reach it, so that `painpath test` checks its route \
                 and its disposition"
                    .to_string(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::lint::tests::file;
    use crate::content::validate::load;

    #[test]
    fn an_outcome_without_a_case_is_a_warning() {
        let text = file(true, "Where?", "Knee");
        let q = load("t.toml", &text).unwrap();
        let cases = crate::content::cases::load_cases(
            "c.toml",
            "[[cases]]\nname = \"k\"\nstory = \"S\"\nanswers = { where = \"knee\" }\n\
             outcome = \"knee_result\"\n",
        )
        .unwrap();
        let found = case_warnings(&q, &cases, "c.toml", &text, "t.toml");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            found[0].message,
            "outcome \"general\" has no case in c.toml"
        );
    }
}
