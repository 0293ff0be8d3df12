//! What a hand-off to reception carries of the file, bounded: the ids, `[meta]`'s `id`,
//! `version` and `language`, each outcome's `title` and `short`, and how many texts an outcome
//! or a disposition has (a hand-off names each text shown). The bounds are
//! `model::ID_MAX`, `TITLE_MAX` and `TEXTS_MAX`, the one place the hand-off's front matter is
//! held to what reception's inbox reads; anything longer is an error here, so that what
//! `check` accepts always reaches reception.

use super::*;
use crate::content::model::{ID_MAX, TEXTS_MAX, TITLE_MAX};

impl<'a> Builder<'a> {
    pub(super) fn check_bounds(&mut self) {
        let raw = self.raw;
        let meta = &raw.meta;
        for (key, text) in [
            ("id", &meta.id),
            ("version", &meta.version),
            ("language", &meta.language),
        ] {
            self.at_most(text, ID_MAX, &format!("[meta] {key}"), "shorten it");
        }
        for outcome in &raw.outcomes {
            let id = outcome.id.get_ref();
            let which = format!("the title of outcome \"{id}\"");
            let hint = "keep the title to a line; put the rest in `explanation`";
            self.at_most(&outcome.title, TITLE_MAX, &which, hint);
            if let Some(short) = &outcome.short {
                let which = format!("the short title of outcome \"{id}\"");
                self.at_most(short, TITLE_MAX, &which, "a few words for the inbox");
            }
            let texts = items_of(&outcome.explanation).len()
                + outcome.advice.len()
                + outcome.avoid.len()
                + outcome.sooner_if.len();
            self.texts_at_most(outcome.id.span(), texts, &format!("outcome \"{id}\""));
        }
        for disposition in &raw.dispositions {
            let texts = items_of(&disposition.when).len()
                + items_of(&disposition.safety_net).len()
                + disposition
                    .until_seen
                    .as_ref()
                    .map_or(0, |t| items_of(t).len());
            let which = format!("disposition \"{}\"", disposition.id.get_ref());
            self.texts_at_most(disposition.id.span(), texts, &which);
        }
    }

    /// An error at `text` when it is longer than `most` characters.
    pub(super) fn at_most(&mut self, text: &Text, most: usize, which: &str, hint: &str) {
        let length = text.get_ref().chars().count();
        if length > most {
            self.error(
                text.span(),
                format!(
                    "{which} is {length} characters; at most {most} can be handed to \
                     reception's inbox"
                ),
                Some(format!("{hint} ({most} characters or fewer)")),
            );
        }
    }

    fn texts_at_most(&mut self, span: Range<usize>, texts: usize, which: &str) {
        if texts > TEXTS_MAX {
            self.error(
                span,
                format!(
                    "{which} has {texts} texts; a hand-off to reception names each text shown, \
                     and at most {TEXTS_MAX} fit"
                ),
                Some(format!("join some of them ({TEXTS_MAX} or fewer)")),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::content::model::{ID_MAX, TEXTS_MAX, TITLE_MAX};
    use crate::content::validate::load;

    const SMALL: &str = include_str!("../../../tests/fixtures/small.toml");

    /// The one problem loading `text` finds, as `check` prints it.
    fn refused(text: &str) -> String {
        let err = load("small.toml", text).expect_err("refused");
        assert_eq!(err.problems.len(), 1, "{err}");
        err.to_string()
    }

    #[test]
    fn the_longest_title_short_and_ids_load_and_one_more_character_is_refused_where_written() {
        let title = |n: usize| format!("title = \"{}\"", "𝔎".repeat(n));
        let at = |n: usize| SMALL.replace("title = \"Knee\"", &title(n));
        load("small.toml", &at(TITLE_MAX)).expect("the longest title loads");
        let err = refused(&at(TITLE_MAX + 1));
        assert!(
            err.contains(&format!(
                "small.toml:85:9: error: the title of outcome \"knee_result\" is {} characters; \
                 at most {TITLE_MAX}",
                TITLE_MAX + 1
            )),
            "{err}"
        );
        let short = |n: usize| format!("title = \"Knee\"\nshort = \"{}\"", "k".repeat(n));
        let at = |n: usize| SMALL.replace("title = \"Knee\"", &short(n));
        load("small.toml", &at(TITLE_MAX)).expect("the longest short title loads");
        let err = refused(&at(TITLE_MAX + 1));
        assert!(
            err.contains("small.toml:86:9: error: the short title"),
            "{err}"
        );
        let id = |n: usize| SMALL.replace("knee_result", &"k".repeat(n));
        load("small.toml", &id(ID_MAX)).expect("the longest id loads");
        let err = load("small.toml", &id(ID_MAX + 1)).expect_err("refused");
        let first = err.to_string();
        assert!(
            first.contains(&format!(
                "small.toml:84:6: error: the id \"{}\" is {} characters",
                "k".repeat(ID_MAX + 1),
                ID_MAX + 1
            )),
            "{first}"
        );
        let version = |n: usize| SMALL.replace("\"1.0.0\"", &format!("\"{}\"", "1".repeat(n)));
        load("small.toml", &version(ID_MAX)).expect("the longest version loads");
        let err = refused(&version(ID_MAX + 1));
        assert!(
            err.contains("small.toml:5:11: error: [meta] version is"),
            "{err}"
        );
    }

    #[test]
    fn an_outcome_or_disposition_with_too_many_texts_is_refused_at_its_id() {
        let list = |n: usize| {
            let items = vec!["\"Rest.\""; n].join(", ");
            SMALL.replace("advice = [\"Rest.\"]", &format!("advice = [{items}]"))
        };
        // With the explanation and the one `sooner_if`.
        load("small.toml", &list(TEXTS_MAX - 2)).expect("the most texts load");
        let err = refused(&list(TEXTS_MAX - 1));
        assert!(
            err.contains(&format!(
                "small.toml:84:6: error: outcome \"knee_result\" has {} texts",
                TEXTS_MAX + 1
            )),
            "{err}"
        );
        let when = |n: usize| {
            let items = vec!["\"Weeks.\""; n].join(", ");
            SMALL.replace("when = \"Weeks.\"", &format!("when = [{items}]"))
        };
        load("small.toml", &when(TEXTS_MAX - 1)).expect("the most texts load");
        let err = refused(&when(TEXTS_MAX));
        assert!(
            err.contains("disposition \"self_care\" has 101 texts"),
            "{err}"
        );
    }
}
