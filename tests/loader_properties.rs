//! Property tests of the loader: whatever the text, `load` returns a model or an error whose
//! every problem is located inside the text, and never panics. Case counts stay modest so
//! `cargo test` stays quick on two cores; the fuzzer (`fuzz/`) runs the long searches.

#[path = "support/generate.rs"]
mod generate;

use painpath::content::diagnostic::{LoadError, is_forbidden};
use painpath::content::validate::load;
use proptest::prelude::*;

const SMALL: &str = include_str!("fixtures/small.toml");

/// Checks every problem of `err` against `text`: line, column, span and shown line agree with
/// a plain recount, and the rendered error carries no character that could drive a terminal.
fn assert_located(text: &str, err: &LoadError) -> Result<(), TestCaseError> {
    prop_assert!(!err.problems.is_empty(), "an error without problems");
    for p in &err.problems {
        prop_assert!(
            p.span.start <= p.span.end && p.span.end <= text.len(),
            "span {:?} outside a text of {} bytes",
            p.span,
            text.len()
        );
        let mut start = p.span.start;
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line = text[..start].matches('\n').count() + 1;
        let column = text[line_start..start].chars().count() + 1;
        prop_assert_eq!((p.line, p.column), (line, column), "problem: {}", p.message);
        let line_text = text[line_start..].split('\n').next().unwrap_or_default();
        prop_assert!(p.column <= line_text.chars().count() + 1);
        prop_assert_eq!(
            p.source_line.chars().count(),
            line_text.trim_end_matches('\r').chars().count()
        );
    }
    let shown = err.to_string();
    prop_assert!(
        !shown.chars().any(is_forbidden),
        "the rendered error carries a control or bidi character: {:?}",
        shown
    );
    Ok(())
}

fn check(text: &str) -> Result<(), TestCaseError> {
    match load("prop.toml", text) {
        Ok(q) => {
            prop_assert!(!q.questions.is_empty() || q.path_count == 1);
            Ok(())
        }
        Err(err) => assert_located(text, &err),
    }
}

/// Lines of valid files, to build TOML-shaped text that gets past the parser more often.
fn known_lines() -> Vec<String> {
    SMALL
        .lines()
        .chain(generate::questionnaire(6).lines())
        .map(str::to_string)
        .collect()
}

/// A valid file to mutate: the fixture or a generated one of 1 to 12 questions.
fn valid_file() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(SMALL.to_string()),
        (1usize..=12).prop_map(generate::questionnaire),
    ]
}

/// Characters a file must not smuggle onto the terminal.
fn hostile_char() -> impl Strategy<Value = char> {
    prop::sample::select(vec![
        '\u{1b}', '\u{7}', '\u{0}', '\t', '\r', '\u{7f}', '\u{85}', '\u{9b}', '\u{202E}',
        '\u{202A}', '\u{2066}', '\u{2069}', '\u{200F}', '\u{061C}',
    ])
}

/// Byte offsets just after the opening quote of each `key = "value"` on a line of `text`.
fn string_starts(text: &str) -> Vec<usize> {
    text.match_indices("= \"").map(|(i, _)| i + 3).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_string_loads_or_gives_located_errors(text in any::<String>()) {
        check(&text)?;
    }

    #[test]
    fn toml_shaped_text_loads_or_gives_located_errors(
        picks in prop::collection::vec(any::<prop::sample::Index>(), 0..60),
        noise in prop::collection::vec(("[ -~\u{e9}\u{202e}\t\r\n]{0,4}", any::<prop::sample::Index>()), 0..4),
    ) {
        let lines = known_lines();
        let mut text: String = picks
            .iter()
            .map(|i| format!("{}\n", i.get(&lines)))
            .collect();
        for (insert, at) in noise {
            let mut at = at.index(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, &insert);
        }
        check(&text)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn deleting_a_line_never_panics(text in valid_file(), line in any::<prop::sample::Index>()) {
        let mut lines: Vec<&str> = text.split('\n').collect();
        lines.remove(line.index(lines.len()));
        check(&lines.join("\n"))?;
    }

    #[test]
    fn duplicating_a_line_never_panics(text in valid_file(), line in any::<prop::sample::Index>()) {
        let mut lines: Vec<&str> = text.split('\n').collect();
        let i = line.index(lines.len());
        lines.insert(i, lines[i]);
        check(&lines.join("\n"))?;
    }

    #[test]
    fn swapping_two_ids_never_panics(
        text in valid_file(),
        a in any::<prop::sample::Index>(),
        b in any::<prop::sample::Index>(),
    ) {
        // Whole `id = "..."` lines of sources, questions and outcomes (not option ids).
        let lines: Vec<&str> = text.split('\n').collect();
        let ids: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].starts_with("id = ")).collect();
        let (a, b) = (*a.get(&ids), *b.get(&ids));
        let mut swapped: Vec<&str> = lines.clone();
        swapped.swap(a, b);
        check(&swapped.join("\n"))?;
    }

    #[test]
    fn hostile_character_in_a_string_is_refused_on_its_line(
        text in valid_file(),
        at in any::<prop::sample::Index>(),
        c in hostile_char(),
    ) {
        let starts = string_starts(&text);
        let at = *at.get(&starts);
        let mut mutated = text.clone();
        mutated.insert(at, c);
        let err = match load("prop.toml", &mutated) {
            Ok(_) => return Err(TestCaseError::fail(format!("{c:?} at byte {at} was accepted"))),
            Err(err) => err,
        };
        assert_located(&mutated, &err)?;
        let line = mutated[..at].matches('\n').count() + 1;
        prop_assert!(
            err.problems.iter().any(|p| p.line == line),
            "no problem on line {} for {:?}:\n{}",
            line,
            c,
            err
        );
    }
}

#[test]
fn the_checks_above_can_fail() {
    // Guards the oracle itself: a problem placed on the wrong line must be caught.
    let text = "a = 1\nb = 2\n";
    let mut err = load("prop.toml", text).expect_err("no [meta]");
    err.problems[0].line += 1;
    assert!(assert_located(text, &err).is_err());
}

/// Plain Levenshtein distance in characters, the oracle for `nearest`.
fn textbook_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn nearest_picks_the_closest_candidate_within_the_limit(
        wanted in "[a-cé_]{0,9}",
        candidates in prop::collection::vec("[a-cé_]{0,9}", 0..6),
    ) {
        let limit = (wanted.chars().count() / 3).max(2);
        let expected = candidates
            .iter()
            .map(|c| (textbook_distance(&wanted, c), c.as_str()))
            .filter(|(d, _)| *d <= limit)
            .min()
            .map(|(_, c)| c);
        let found = painpath::content::diagnostic::nearest(&wanted, candidates.iter().map(String::as_str));
        prop_assert_eq!(found, expected);
    }
}
