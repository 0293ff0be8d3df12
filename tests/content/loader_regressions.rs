//! Inputs that once broke the loader (found by proptest or the fuzzer), kept so they stay
//! fixed. Each must load without panicking and give an error located inside the text.

use painpath::content::validate::load;
use painpath::text::is_hostile;

/// Loads `text`, expecting located problems and a rendering safe for a terminal.
fn assert_located_error(text: &str) -> painpath::content::diagnostic::LoadError {
    let err = load("regression.toml", text).expect_err("this input is invalid");
    assert!(!err.problems.is_empty());
    let lines = text.split('\n').count();
    for p in &err.problems {
        assert!((1..=lines).contains(&p.line), "line {} of {lines}", p.line);
        assert!(p.column >= 1);
        assert!(
            p.span.start <= p.span.end && p.span.end <= text.len(),
            "{:?}",
            p.span
        );
    }
    let shown = err.to_string();
    assert!(!shown.chars().any(is_hostile), "{shown:?}");
    err
}

#[test]
fn control_character_in_an_id_is_not_echoed_by_the_messages_that_quote_it() {
    // proptest: a tab (or ESC) inside `id = "flags"` came back raw in "is not a valid id" and
    // in the "did you mean" hint of every reference to it.
    let text = include_str!("../fixtures/small.toml").replacen(
        "id = \"flags\"",
        // The TOML escape puts a real ESC into the id; a raw one would fail to parse.
        "id = \"\\u001bflags\"",
        1,
    );
    let err = assert_located_error(&text);
    let line = text[..text.find("\\u001b").unwrap_or(0)]
        .matches('\n')
        .count()
        + 1;
    assert!(
        err.problems
            .iter()
            .any(|p| p.line == line && p.message.contains("not a valid id"))
    );
    assert!(
        err.problems
            .iter()
            .any(|p| p.hint.as_deref().is_some_and(|h| h.contains('\u{FFFD}')))
    );
}

#[test]
fn a_repeated_typo_gets_the_same_hint_each_time_and_kinds_are_not_mixed() {
    // Hints are remembered per kind of id so that thousands of copies of one typo cost one
    // search (benches: load_with_errors); the answers must stay those of a fresh search.
    let text = include_str!("../fixtures/small.toml")
        .replace("goto = \"knee_result\"", "goto = \"emergenc\"")
        .replace("goto = \"back_bad\"", "goto = \"emergenc\"")
        .replacen("sources = [\"a\"]", "sources = [\"emergenc\"]", 1);
    let err = assert_located_error(&text);
    let hints = |message: &str| -> Vec<Option<String>> {
        err.problems
            .iter()
            .filter(|p| p.message == message)
            .map(|p| p.hint.clone())
            .collect()
    };
    let mean = Some("did you mean \"emergency\"?".to_string());
    assert_eq!(
        hints("\"emergenc\" names no question or outcome"),
        [mean.clone(), mean]
    );
    assert_eq!(
        hints("\"emergenc\" names no source"),
        [Some(
            "check the spelling, or add a source with this id".to_string()
        )]
    );
}

#[test]
fn deeply_nested_values_give_a_located_error_not_a_stack_overflow() {
    // The fuzzer's inputs are capped at 16 KiB; a file is not. A recursive parser would
    // overflow the stack (an abort, not a panic) long before 100,000 levels.
    let n = 100_000;
    for text in [
        format!("x = {}", "[".repeat(n)),
        format!("x = {}", "{a=".repeat(n)),
        format!("[meta]\nid = {}1{}", "[".repeat(n), "]".repeat(n)),
    ] {
        assert_located_error(&text);
    }
}
