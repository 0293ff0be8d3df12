//! The binary as a user runs it: `check`, plain mode driven through stdin, bad input.

mod common;

use common::{fixture, run, text};

#[test]
fn check_reports_counts_of_the_built_in_questions() {
    let q = painpath::default_questionnaire().expect("built-in questions load");
    let out = run(&["check"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let expected = format!(
        "ok: {} questions, {} outcomes, {} paths\n",
        q.questions.len(),
        q.outcomes.len(),
        q.path_count
    );
    assert_eq!(text(&out.stdout), expected);
}

#[test]
fn check_of_a_broken_file_prints_located_errors_and_fails() {
    let path = fixture("broken/unknown_goto.toml");
    let out = run(&["check", &path], "");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with(&format!(
            "{path}:57:8: error: \"hip_reslt\" names no question"
        )),
        "{err}"
    );
    assert!(err.contains("hint: did you mean \"hip_result\"?"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn missing_questions_file_is_a_clear_error() {
    let out = run(&["--questions", "/nonexistent/q.toml", "--plain"], "");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("reading /nonexistent/q.toml"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn plain_mode_reaches_every_outcome_of_the_built_in_questions() {
    let q = painpath::default_questionnaire().expect("built-in questions load");
    let found = common::explore(&q);
    for outcome in &q.outcomes {
        let answers = found
            .answers
            .get(&outcome.id)
            .unwrap_or_else(|| panic!("no route to {}", outcome.id));
        let out = run(&["--plain"], &common::plain_input(answers));
        let stdout = text(&out.stdout);
        assert!(
            out.status.success(),
            "{}: {}",
            outcome.id,
            text(&out.stderr)
        );
        assert!(
            stdout.contains(&format!("RESULT: {}", outcome.title)),
            "{}:\n{stdout}",
            outcome.id
        );
        assert!(
            stdout.contains("When to get help"),
            "{}: no \"when to get help\"",
            outcome.id
        );
    }
}

#[test]
fn plain_mode_runs_a_questions_file_given_by_path() {
    let out = run(&["--questions", &fixture("small.toml")], "3\n3\n\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("RESULT: Knee"));
}

#[test]
fn plain_mode_is_used_when_stdin_is_not_a_terminal() {
    // No --plain: stdin is a pipe, so the questionnaire must still run as text.
    let out = run(&["--questions", &fixture("small.toml")], "1\n");
    assert!(
        text(&out.stdout).contains("RESULT: Get help now"),
        "{}",
        text(&out.stdout)
    );
    assert!(out.status.success());
}

#[test]
fn input_ending_early_exits_non_zero_with_a_message() {
    let out = run(&["--plain", "--questions", &fixture("small.toml")], "3\n");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("input ended before the questionnaire was finished"),
        "{err}"
    );
}
