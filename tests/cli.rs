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
        // Plain mode wraps to the width, so a long title may run over two lines.
        let flowed = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flowed.contains(&format!("RESULT: {}", outcome.title)),
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

/// Runs `painpath --plain` on these questions with `COLUMNS` set (standard output is a pipe,
/// so plain mode wraps to it).
fn plain_at(columns: &str, questions: &str, stdin: &str) -> std::process::Output {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(common::BIN)
        .args(["--plain", "--questions", questions])
        .env("COLUMNS", columns)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    match pipe.write_all(stdin.as_bytes()) {
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.expect("write stdin"),
    }
    drop(pipe);
    child.wait_with_output().expect("binary finishes")
}

const LONG_LABEL: &str =
    "Hip, groin or the inner thighs, sometimes spreading downwards towards the kneecap";
const HELP: &str = "Think of where it hurts most, and where it started if it moved.";

/// The small fixture with a long option label and help for "Where is the pain?".
fn small_with_long_texts(dir: &tempfile::TempDir) -> String {
    let text = std::fs::read_to_string(fixture("small.toml")).expect("fixture");
    let changed = text
        .replace(
            r#"{ id = "hip", label = "Hip" }"#,
            &format!(r#"{{ id = "hip", label = "{LONG_LABEL}" }}"#),
        )
        .replace(
            r#"prompt = "Where is the pain?""#,
            &format!("prompt = \"Where is the pain?\"\nhelp = \"{HELP}\""),
        );
    assert!(changed.contains(LONG_LABEL) && changed.contains(HELP));
    let path = dir.path().join("long.toml");
    std::fs::write(&path, changed).expect("write questions");
    path.display().to_string()
}

#[test]
fn plain_mode_wraps_to_columns_without_splitting_a_word() {
    let dir = tempfile::tempdir().expect("temp dir");
    let questions = small_with_long_texts(&dir);
    // Fever raises the hip result's urgency: a long heading and a long "sooner" line too.
    let out = plain_at("40", &questions, "2\n2\n1\n\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for line in stdout.lines() {
        assert!(
            line.chars().count() <= 40,
            "{line:?} is wider than 40:\n{stdout}"
        );
    }
    let words: std::collections::HashSet<&str> = stdout.split_whitespace().collect();
    let heading = "Soon: see a doctor or physiotherapist within a day or two";
    for text in [LONG_LABEL, HELP, heading, "because you answered: Fever."] {
        for word in text.split_whitespace() {
            assert!(
                words.contains(word),
                "{word:?} of {text:?} split:\n{stdout}"
            );
        }
    }
    // The option's lines hang under its text, after "  2. ".
    let lines: Vec<&str> = stdout.lines().collect();
    let first = lines
        .iter()
        .position(|l| l.starts_with("  2. Hip,"))
        .expect("option");
    let mut label = lines[first][5..].to_string();
    for line in &lines[first + 1..] {
        if !line.starts_with("     ") {
            break;
        }
        label.push(' ');
        label.push_str(&line[5..]);
    }
    assert_eq!(label, LONG_LABEL, "{stdout}");
    // The same at 60 columns: the width follows COLUMNS.
    let out = plain_at("60", &questions, "2\n2\n1\n\n");
    let stdout = text(&out.stdout);
    assert!(stdout.lines().all(|l| l.chars().count() <= 60), "{stdout}");
    assert!(stdout.lines().any(|l| l.chars().count() > 40), "{stdout}");
}

#[test]
fn plain_mode_shows_help_and_hints_under_the_prompt() {
    let dir = tempfile::tempdir().expect("temp dir");
    let questions = small_with_long_texts(&dir);
    let out = plain_at("200", &questions, "3\n2\nb\n\n1\n\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    for part in [
        "Any of these?\n",
        "Pick one or more: type their numbers, separated by spaces or commas.\n? = help\n> ",
        &format!("Where is the pain?\n{HELP}\n  1. Low back\n"),
        "Pick one: type its number.\nb = back, ? = help\n> ",
        "Pick one: type its number, or y for yes, n for no.\n",
        &format!("b = back, ? = help, Enter keeps your earlier answer: {LONG_LABEL}\n"),
    ] {
        assert!(stdout.contains(part), "missing {part:?} in\n{stdout}");
    }
}

#[test]
fn plain_mode_after_a_result_r_reviews_and_a_changed_answer_reroutes() {
    // Hip with groin pain, then r: change answer 2 to low back, keep yes, pain 9.
    let out = plain_at(
        "80",
        &fixture("small.toml"),
        "3\n2\n1\n\nr\n2\n1\n\n9\n\nq\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let hip = stdout.find("RESULT: Hip").expect("first result");
    let review = stdout[hip..].find("Your answers:").expect("review again") + hip;
    let bad = stdout[review..].find("RESULT: Bad back").expect("rerouted");
    assert!(
        stdout[review..review + bad].contains("Is there groin pain?"),
        "{stdout}"
    );
}

#[test]
fn plain_mode_after_a_result_s_starts_again() {
    let out = plain_at("80", &fixture("small.toml"), "3\n3\n\ns\n3\n2\n1\n\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let knee = stdout.find("RESULT: Knee").expect("first result");
    let again = stdout[knee..]
        .find("Starting again: your earlier answers are cleared.")
        .expect("start again")
        + knee;
    assert!(stdout[again..].contains("Question 1 of up to 4\nAny of these?"));
    assert!(stdout[again..].contains("RESULT: Hip"), "{stdout}");
}

#[test]
fn plain_mode_quits_with_q_or_the_end_of_input_after_a_result() {
    for input in ["3\n3\n\nq\n1\n", "3\n3\n\n", "1\n"] {
        let out = plain_at("80", &fixture("small.toml"), input);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{input:?}: {}",
            text(&out.stderr)
        );
        let stdout = text(&out.stdout);
        assert!(stdout.ends_with("  q = quit\n> \n"), "{input:?}:\n{stdout}");
        assert!(stdout.contains("RESULT: "), "{stdout}");
    }
}

#[test]
fn plain_mode_never_echoes_control_characters() {
    let out = plain_at(
        "80",
        &fixture("small.toml"),
        "\x1b[2J\x1b]0;owned\x07\n3\n3\n\n",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        !stdout.chars().any(|c| c.is_control() && c != '\n'),
        "{stdout:?}"
    );
    assert!(
        stdout.contains("Sorry: \"^[[2J^[]0;owned^G\" is not a number."),
        "{stdout}"
    );
}
