//! Property tests of the loader: whatever the text, `load` returns a model or an error whose
//! every problem is located inside the text, and never panics. Case counts stay modest so
//! `cargo test` stays quick on two cores; the fuzzer (`fuzz/`) runs the long searches.

use crate::generate;

use painpath::content::diagnostic::LoadError;
use painpath::content::model::Questionnaire;
use painpath::content::validate::load;
use painpath::text::is_hostile;
use proptest::prelude::*;

const SMALL: &str = include_str!("../fixtures/small.toml");
/// small.toml with conditional texts and options, signs at their level and a screen question.
const CONDITIONAL: &str = include_str!("../fixtures/conditional.toml");

/// A generated questionnaire with conditional items added: a text and an option that depend
/// on the warning-sign question (asked first, on every route), texts naming a warning sign at
/// the rung the ladder gives it, and each yes/no question marked as part of the screen.
fn with_conditions(questions: usize) -> String {
    let edits = [
        (
            "advice = [\"Keep moving gently.\"]",
            "advice = [\"Keep moving gently.\", { id = \"fever\", text = \"Drink plenty with the fever.\", any = [\"flags.fever\"] }]",
        ),
        (
            "{ id = \"c\", label = \"Knee\" }",
            "{ id = \"c\", label = \"Knee\", none = [\"flags.fever\"] }",
        ),
        (
            "when = \"Call the emergency number now.\"",
            "when = [\"Call the emergency number now.\", { id = \"saddle\", text = \"Numbness around the seat area.\", sign = \"flags.saddle\", level = \"emergency\" }]",
        ),
        (
            "safety_net = \"Sooner if it gets worse.\"",
            "safety_net = [\"Sooner if it gets worse.\", { id = \"fever\", text = \"Sooner with a fever.\", sign = [\"flags.fever\"], level = \"soon\", all = [\"flags.fever\"] }]\n\
             until_seen = [\"Rest.\", { id = \"rest\", text = \"Rest with the fever.\", any = [\"flags.fever\"] }]\n\
             advice_heading = \"Once you have been seen\"",
        ),
    ];
    let text = edits
        .iter()
        .fold(generate::questionnaire(questions), |text, (from, to)| {
            text.replace(from, to)
        });
    on_the_screen(&text)
}

/// Marks each yes/no question of a generated file as part of the screen, for those whose
/// block's first answer was "a" (the one route that reaches it): its rule reads that answer.
fn on_the_screen(text: &str) -> String {
    text.split("[[questions]]")
        .enumerate()
        .map(|(n, block)| {
            let first = block
                .split_once("all = [\"")
                .and_then(|(_, rest)| rest.split_once('"'))
                .map(|(reference, _)| reference);
            match (n, first) {
                (1.., Some(first)) if block.contains("kind = \"yes-no\"\n") => block.replacen(
                    "kind = \"yes-no\"\n",
                    &format!(
                        "kind = \"yes-no\"\nscreen = true\nasked_of = {{ any = [\"{first}\"] }}\n"
                    ),
                    1,
                ),
                _ => block.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join("[[questions]]")
}

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
        !shown.chars().any(is_hostile),
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
        .chain(CONDITIONAL.lines())
        .chain(generate::questionnaire(6).lines())
        .chain(with_conditions(6).lines())
        .map(str::to_string)
        .collect()
}

/// A valid file to mutate: a fixture, or a generated one of 1 to 12 questions, plain or
/// with conditional items.
fn valid_file() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(SMALL.to_string()),
        Just(CONDITIONAL.to_string()),
        (1usize..=12).prop_map(generate::questionnaire),
        (1usize..=12).prop_map(with_conditions),
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

/// How many of each kind of conditional item a loaded file holds: conditional texts, texts
/// naming a sign at a level, conditional options, questions marked for the screen that have
/// no emergency option (one that has is on the screen anyway).
fn conditional_items(q: &Questionnaire) -> [usize; 4] {
    let outcome_texts = q.outcomes.iter().flat_map(|o| o.passages());
    let ladder_texts = q.dispositions.iter().flat_map(|d| d.passages());
    let texts: Vec<_> = outcome_texts.chain(ladder_texts).map(|(_, p)| p).collect();
    let options = q.questions.iter().flat_map(|q| &q.options);
    [
        texts.iter().filter(|p| p.is_conditional()).count(),
        texts
            .iter()
            .filter(|p| p.level.is_some() && !p.signs.is_empty())
            .count(),
        options.filter(|o| !o.only_when.is_empty()).count(),
        q.questions
            .iter()
            .filter(|q| q.warning_signs && q.options.iter().all(|o| !o.emergency))
            .count(),
    ]
}

#[test]
fn the_files_with_conditions_load_and_keep_them() {
    // The mutations above start from these files: they must load, with their conditional
    // items in place, or the properties would test nothing but broken files.
    let fixture = load("conditional.toml", CONDITIONAL).expect("the fixture loads");
    assert_eq!(conditional_items(&fixture), [5, 3, 2, 1]);
    for n in [1, 2, 3, 4, 5, 6, 9, 12, 13] {
        let q = match load("generated.toml", &with_conditions(n)) {
            Ok(q) => q,
            Err(err) => panic!("{n} questions:\n{err}"),
        };
        let [texts, signs, options, screens] = conditional_items(&q);
        // One question has no block; two reach no yes/no question.
        assert!(texts > 0 && signs > 0, "{n}: {texts} texts, {signs} signs");
        assert_eq!(options > 0, n > 1, "{n}: {options} options");
        assert_eq!(screens > 0, n > 2, "{n}: {screens} screen questions");
    }
}

/// Byte offsets just after every opening quote of `text`, lists and inline tables included
/// (for files without escaped quotes or quotes in comments: quotes pair up on each line).
fn every_string_start(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let quotes = line.match_indices('"').map(|(i, _)| line_start + i + 1);
        starts.extend(quotes.step_by(2));
        line_start += line.len();
    }
    starts
}

#[test]
fn a_hostile_character_in_any_string_of_the_conditional_fixture_is_refused_on_its_line() {
    // The property above, exhaustively over one file: every string, those inside conditional
    // items (ids, texts, condition references, signs, levels) included, is checked.
    let starts = every_string_start(CONDITIONAL);
    assert!(starts.len() > string_starts(CONDITIONAL).len());
    for at in starts {
        if CONDITIONAL[..at].ends_with("kind = \"") {
            // Not a text: an unknown kind is refused as such, the character shown as U+FFFD.
            continue;
        }
        let mut mutated = CONDITIONAL.to_string();
        mutated.insert(at, '\u{202E}');
        let line = mutated[..at].matches('\n').count() + 1;
        let err = load("prop.toml", &mutated)
            .expect_err(&format!("U+202E at byte {at}, line {line} was accepted"));
        assert!(
            err.problems
                .iter()
                .any(|p| p.line == line && p.message.contains("(U+202E)")),
            "U+202E not named on line {line} (a misspelt reference is not enough):\n{err}"
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
