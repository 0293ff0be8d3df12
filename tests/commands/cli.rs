//! The binary as a user runs it: `check`, plain mode driven through stdin, bad input.

use crate::common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{fixture, run, text};

#[test]
fn version_names_painpath_and_the_built_in_questionnaire() {
    let q = painpath::default_questionnaire().expect("built-in questions load");
    let out = run(&["--version"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        format!(
            "painpath {}\nbuilt-in questionnaire: {} version {}, in en (English), es (Español)\n",
            env!("CARGO_PKG_VERSION"),
            q.meta.id,
            q.meta.version
        )
    );
}

#[test]
fn check_reports_counts_of_the_built_in_questions() {
    let q = painpath::default_questionnaire().expect("built-in questions load");
    let out = run(&["check"], "");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let expected = format!(
        "ok: {} version {}: {} questions, {} outcomes, {} paths\n\
         ok: translation es (Español), not yet reviewed by a clinician\n",
        q.meta.id,
        q.meta.version,
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
        err.contains(
            "input ended before the questions were finished, with no answer to \
             \"Where is the pain?\""
        ),
        "{err}"
    );
}

/// Runs `painpath --plain` on these questions with `COLUMNS` set (standard output is a pipe,
/// so plain mode wraps to it).
fn plain_at(columns: &str, questions: &str, stdin: &str) -> std::process::Output {
    let mut command = std::process::Command::new(common::BIN);
    command
        .args(["--plain", "--questions", questions])
        .env("COLUMNS", columns);
    common::run_command(&mut command, stdin)
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
    for text in [LONG_LABEL, HELP, heading, "because you said: Fever."] {
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
        "Pick one or more: type their numbers, separated by spaces or commas.\n\
         ? = help, q = quit\n> ",
        &format!("Where is the pain?\n{HELP}\n  1. Low back\n"),
        "Pick one: type its number.\nb = back, ? = help, q = quit\n> ",
        "Pick one: type its number, or y for yes, n for no.\n",
        &format!("b = back, ? = help, q = quit, Enter keeps your earlier answer: {LONG_LABEL}\n"),
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
fn plain_mode_after_a_result_a_starts_again_once_confirmed() {
    let out = plain_at("80", &fixture("small.toml"), "3\n3\n\na\ny\n3\n2\n1\n\n");
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
fn plain_mode_quits_with_q_and_yes_or_the_end_of_input_after_a_result() {
    for (input, last) in [
        ("3\n3\n\nq\ny\n1\n", "y = yes, n = no\n> \n"),
        ("3\n3\n\n", "  q = quit\n> \n"),
        ("1\n", "  q = quit\n> \n"),
    ] {
        let out = plain_at("80", &fixture("small.toml"), input);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{input:?}: {}",
            text(&out.stderr)
        );
        let stdout = text(&out.stdout);
        assert!(stdout.ends_with(last), "{input:?}:\n{stdout}");
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

/// Runs the binary with these arguments, stdin closed, and fails if it takes longer than
/// `limit` (it is killed then): for inputs that once hung or ran away.
fn run_within(args: &[&str], limit: Duration) -> std::process::Output {
    let mut child = Command::new(common::BIN)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let deadline = Instant::now() + limit;
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() >= deadline {
            let _ = child.kill();
            let out = child.wait_with_output().expect("killed");
            panic!(
                "painpath {args:?} still ran after {limit:?}; stderr: {}",
                text(&out.stderr)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}
#[cfg(unix)]
#[test]
fn a_device_a_fifo_or_a_folder_is_refused_before_anything_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("questions.toml");
    let status = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(status.success());
    let fifo = fifo.to_str().unwrap();
    let folder = dir.path().to_str().unwrap();
    let cases: [(&[&str], &str); 7] = [
        (
            &["check", "/dev/zero"],
            "it is a device, not a regular file",
        ),
        (
            &["check", fifo],
            "it is a named pipe (FIFO), not a regular file",
        ),
        (
            &["graph", fifo],
            "it is a named pipe (FIFO), not a regular file",
        ),
        (
            &["paths", "/dev/zero"],
            "it is a device, not a regular file",
        ),
        (
            &["export", "questionnaire", folder],
            "it is a folder, not a regular file",
        ),
        (
            &["--questions", fifo, "--plain"],
            "it is a named pipe (FIFO), not a regular file",
        ),
        (&["--kiosk", "--config", fifo], "is not a regular file"),
    ];
    for (args, refusal) in cases {
        let out = run_within(args, Duration::from_secs(5));
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.contains(refusal), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}
/// A config file only its owner may read, as kiosk mode wants it.
#[cfg(unix)]
fn write_private(path: &std::path::Path, bytes: &[u8]) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, bytes).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}
#[test]
fn files_over_the_limit_are_refused_before_they_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.toml");
    let file = std::fs::File::create(&big).unwrap();
    // Sparse: 5 MiB that take no room and would take a while to parse as TOML.
    file.set_len(5 << 20).unwrap();
    let out = run_within(&["check", big.to_str().unwrap()], Duration::from_secs(5));
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("it is 5 MiB, larger than the 4 MiB painpath reads"),
        "{err}"
    );
    #[cfg(unix)]
    {
        let config = dir.path().join("config.toml");
        write_private(&config, format!("# {}\n", "x".repeat(65 << 10)).as_bytes());
        let out = run_within(
            &["--kiosk", "--config", config.to_str().unwrap()],
            Duration::from_secs(5),
        );
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out.stderr);
        assert!(
            err.contains("config.toml is longer than 65536 bytes"),
            "{err}"
        );
    }
}
#[test]
fn invalid_utf8_is_located_at_its_first_bad_byte() {
    let path = fixture("broken/invalid_utf8.toml");
    let out = run(&["check", &path], "");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.starts_with(&format!(
            "{path}:39:29: error: the file is not valid UTF-8: 0xE9 cannot start or continue \
             a character"
        )),
        "{err}"
    );
    assert!(
        err.contains("39 |   { id = \"knee\", label = \"Kn\u{FFFD}e\" },"),
        "{err}"
    );
    assert!(err.contains("hint: save the file as UTF-8"), "{err}");
    // The same for the config file.
    #[cfg(unix)]
    {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("config.toml");
        write_private(&config, b"[kiosk]\nspool = \"/srv/sp\xF6ol\"\n");
        let out = run(&["--kiosk", "--config", config.to_str().unwrap()], "");
        let err = text(&out.stderr);
        assert!(
            err.contains("config.toml:2:17: error: the file is not valid UTF-8"),
            "{err}"
        );
    }
}
#[test]
fn a_huge_line_is_cut_to_a_window_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.toml");
    let small = std::fs::read_to_string(fixture("small.toml")).unwrap();
    // A 3 MB line with a syntax error near its end.
    let line = format!("title2 = \"{}\" oops\n", "a".repeat(3_000_000));
    std::fs::write(&path, format!("{line}{small}")).unwrap();
    let out = run(&["check", path.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.len() < 2_000, "{} bytes of error", err.len());
    assert!(err.contains("long.toml:1:3000013: error:"), "{err}");
    let shown = err
        .lines()
        .find(|l| l.starts_with("1 | "))
        .expect("the line");
    assert!(shown.starts_with("1 | …aaa"), "{shown}");
    assert!(shown.contains("\" oops"), "{shown}");
}
/// Runs the binary with stdout on `stdout`.
fn run_to(args: &[&str], stdin: &str, stdout: Stdio) -> std::process::Output {
    let mut child = Command::new(common::BIN)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary starts");
    let _ = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes());
    child.wait_with_output().expect("output")
}
#[cfg(unix)]
#[test]
fn a_reader_that_went_away_ends_the_output_quietly_with_status_0() {
    for args in [
        &["check"][..],
        &["graph"],
        &["paths"],
        &["export", "questionnaire"],
        &["--version"],
        &["--help"],
    ] {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let out = run_to(args, "", Stdio::from(writer));
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
    }
}
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_on_stdout_is_an_error_not_a_panic() {
    for args in [&["check"][..], &["graph"], &["paths", "--csv"], &["--help"]] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .expect("/dev/full");
        let out = run_to(args, "", Stdio::from(full));
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("writing to standard output"),
            "{args:?}: {err}"
        );
        assert!(err.contains("No space left on device"), "{args:?}: {err}");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
    }
}
/// Runs `painpath ARGS` from a shell with stdout closed (`>&-`).
#[cfg(unix)]
fn run_with_stdout_closed(args: &str, stdin: &str) -> std::process::Output {
    let mut child = Command::new("sh")
        .args(["-c", &format!("exec \"$0\" {args} >&-"), common::BIN])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sh starts");
    let _ = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes());
    child.wait_with_output().expect("output")
}
#[cfg(unix)]
#[test]
fn a_closed_stdout_is_an_error() {
    let out = run_with_stdout_closed("check", "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("standard output is closed"),
        "{}",
        text(&out.stderr)
    );
    // Redirected to /dev/null is fine: only the status is wanted.
    let null = std::fs::File::create("/dev/null").unwrap();
    let out = run_to(&["check"], "", Stdio::from(null));
    assert_eq!(out.status.code(), Some(0));
}
#[cfg(unix)]
#[test]
fn kiosk_pin_never_tells_staff_to_paste_a_line_that_was_not_printed() {
    const PINS: &str = "135790\n135790\n";
    // Closed, or /dev/null: refused before the PIN is asked for.
    let out = run_with_stdout_closed("kiosk-pin", PINS);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("standard output is closed"), "{err}");
    assert!(!err.contains("Paste"), "{err}");
    assert!(
        !err.contains("New staff PIN"),
        "asked for the PIN anyway: {err}"
    );
    let null = std::fs::File::create("/dev/null").unwrap();
    let out = run_to(&["kiosk-pin"], PINS, Stdio::from(null));
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("goes to /dev/null"), "{err}");
    // A write that fails, a reader gone (EPIPE) included: an error, and no "Paste".
    #[cfg(target_os = "linux")]
    {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let out = run_to(&["kiosk-pin"], PINS, Stdio::from(full));
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains("nothing to paste"), "{err}");
        assert!(!err.contains("Paste that line"), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let out = run_to(&["kiosk-pin"], PINS, Stdio::from(writer));
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("nothing to paste"), "{err}");
    assert!(!err.contains("Paste that line"), "{err}");
}
/// Plain mode with piped input: the first answer, then `meanwhile` once the second question
/// is asked (so after the start-up checks of --report and --save-dir), then the rest.
fn plain_run_changing_files(args: &[&str], meanwhile: impl FnOnce()) -> std::process::Output {
    let mut child = Command::new(common::BIN)
        .args(["--plain", "--questions", &fixture("small.toml")])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("NO_COLOR", "1")
        .spawn()
        .expect("binary starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = child.stdout.take().expect("stdout");
    stdin.write_all(b"3\n").expect("first answer");
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while !text(&seen).contains("Where is the pain?") {
        let n = std::io::Read::read(&mut stdout, &mut buf).expect("read stdout");
        assert!(n > 0, "ended early: {}", text(&seen));
        seen.extend_from_slice(&buf[..n]);
    }
    meanwhile();
    stdin.write_all(b"3\n\n").expect("the rest");
    drop(stdin);
    std::io::Read::read_to_end(&mut stdout, &mut seen).expect("read stdout");
    let mut out = child.wait_with_output().expect("output");
    out.stdout = seen;
    out
}
#[test]
fn a_report_folder_removed_during_the_questions_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("reports");
    let saves = dir.path().join("saves");
    std::fs::create_dir(&folder).unwrap();
    std::fs::create_dir(&saves).unwrap();
    let report = folder.join("mine.md");
    let out = plain_run_changing_files(
        &[
            "--report",
            report.to_str().unwrap(),
            "--save-dir",
            saves.to_str().unwrap(),
        ],
        || std::fs::remove_dir(&folder).unwrap(),
    );
    let (stdout, err) = (text(&out.stdout), text(&out.stderr));
    // Not saved where asked: status 1, and why.
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("cannot create a file in"), "{err}");
    // The failing --report did not stop --save-dir.
    let saved: Vec<_> = std::fs::read_dir(&saves).unwrap().collect();
    assert_eq!(saved.len(), 1, "{err}");
    assert!(stdout.contains("Summary saved to"), "{stdout}");
    // And the summary itself is on stdout, to copy.
    assert!(
        err.contains("the summary follows on standard output"),
        "{err}"
    );
    assert!(stdout.contains("## Result: Knee"), "{stdout}");
}
#[test]
fn a_report_file_created_during_the_questions_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("mine.md");
    let out = plain_run_changing_files(&["--report", report.to_str().unwrap()], || {
        std::fs::write(&report, "someone else's").unwrap()
    });
    let (stdout, err) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "someone else's");
    assert!(
        stdout.contains("## Result: Knee"),
        "the summary was lost: {stdout}"
    );
}
/// On a terminal, a failed save asks for another name until one works.
#[cfg(unix)]
#[test]
fn on_a_terminal_a_failed_save_asks_for_another_name_until_one_works() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("reports");
    std::fs::create_dir(&folder).unwrap();
    let report = folder.join("mine.md");
    let mut pty = common::pty::Pty::builder()
        .args(["--plain", "--questions", "tests/fixtures/small.toml"])
        .args(["--report", report.to_str().unwrap()])
        .start();
    pty.wait_for_text("Any of these?");
    pty.send("3\r");
    pty.wait_for_text("Where is the pain?");
    std::fs::remove_dir(&folder).unwrap();
    pty.send("3\r\r");
    // After the result, plain mode asks what next; quitting saves.
    pty.wait_for_text("What next?");
    pty.send("q\r");
    pty.wait_for_text("Quit painpath?");
    pty.send("y\r");
    pty.wait_for_text("Save the summary to another file?");
    // A folder that does not exist either: asked again.
    let nowhere = dir.path().join("nowhere/mine.md");
    pty.send(&format!("{}\r", nowhere.display()));
    pty.wait_for("the question again", |seen| {
        seen.contents()
            .matches("Save the summary to another file?")
            .count()
            == 2
    });
    let good = dir.path().join("mine.md");
    pty.send(&format!("{}\r", good.display()));
    pty.wait_for_text("Summary saved to");
    assert_eq!(pty.exit_code(), 0);
    let saved = std::fs::read_to_string(&good).expect("saved where asked the second time");
    assert!(saved.contains("## Result: Knee"), "{saved}");
}
/// On a terminal, giving up (only Enter) prints the summary instead.
#[cfg(unix)]
#[test]
fn on_a_terminal_giving_up_on_saving_prints_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("mine.md");
    let mut pty = common::pty::Pty::builder()
        .args(["--plain", "--questions", "tests/fixtures/small.toml"])
        .args(["--report", report.to_str().unwrap()])
        .scrollback(500)
        .start();
    pty.wait_for_text("Any of these?");
    pty.send("3\r");
    pty.wait_for_text("Where is the pain?");
    std::fs::write(&report, "taken").unwrap();
    pty.send("3\r\r");
    // After the result, plain mode asks what next; quitting saves.
    pty.wait_for_text("What next?");
    pty.send("q\r");
    pty.wait_for_text("Quit painpath?");
    pty.send("y\r");
    pty.wait_for_text("Save the summary to another file?");
    pty.send("\r");
    assert_eq!(pty.exit_code(), 1);
    let raw = text(&pty.raw());
    assert!(raw.contains("## Result:"), "{raw}");
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "taken");
}

#[test]
fn plain_mode_in_spanish_through_the_binary_by_flag_or_by_locale() {
    let small = fixture("small.toml");
    // --lang es: the questions, the interface and the result in Spanish.
    let out = run(
        &["--questions", &small, "--plain", "--lang", "es"],
        "3\n3\nq\n",
    );
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    for spanish in [
        "¿Alguno de estos?",
        "Nada de esto",
        "¿Dónde le duele?",
        "Rodilla",
        "Autocuidado: cuídese en casa",
        "empezar de nuevo",
    ] {
        assert!(stdout.contains(spanish), "no {spanish:?} in\n{stdout}");
    }
    for english in [
        "Any of these?",
        "Where is the pain?",
        "What next?",
        "Question 1",
    ] {
        assert!(!stdout.contains(english), "{english:?} in\n{stdout}");
    }
    // The locale chooses the same, and an unknown one keeps the questions' own language.
    let by_locale = |lang: &str| {
        let mut child = Command::new(common::BIN)
            .args(["--questions", &small, "--plain"])
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", lang)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("painpath runs");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(b"3\n3\nq\n")
            .expect("answers");
        text(&child.wait_with_output().expect("finishes").stdout)
    };
    assert!(by_locale("es_MX.UTF-8").contains("¿Dónde le duele?"));
    assert!(by_locale("fr_FR.UTF-8").contains("Where is the pain?"));
    // A language the questions do not come in is an error, before any question.
    let out = run(&["--questions", &small, "--plain", "--lang", "fr"], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr)
            .contains("the questions are not in \"fr\"; they are in en (English), es (Español)"),
        "{}",
        text(&out.stderr)
    );
}

/// The message for arguments that are not accepted: status 2, nothing on stdout, and on
/// stderr one `error:` line, the usage and where to read more.
fn assert_argument_error(args: &[&str]) -> String {
    let out = run(args, "");
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(out.stdout.is_empty(), "{args:?}: {}", text(&out.stdout));
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines[0].starts_with("error: "), "{args:?}: {err}");
    assert!(
        lines.iter().any(|line| line.starts_with("Usage: painpath")),
        "{args:?}: {err}"
    );
    assert_eq!(
        lines.last(),
        Some(&"For more information, try '--help'."),
        "{args:?}: {err}"
    );
    err
}

#[test]
fn a_global_option_works_after_a_subcommand() {
    let small = fixture("small.toml");
    // The small file's routes, not the built-in ones, however --questions is placed.
    let before = run(&["--questions", &small, "paths"], "");
    assert!(before.status.success(), "{}", text(&before.stderr));
    let built_in = run(&["paths"], "");
    assert_ne!(before.stdout, built_in.stdout);
    for args in [
        &["paths", "--questions", &small][..],
        &["paths", &format!("--questions={small}")],
    ] {
        let after = run(args, "");
        assert!(after.status.success(), "{args:?}: {}", text(&after.stderr));
        assert_eq!(text(&after.stdout), text(&before.stdout), "{args:?}");
    }
    // Two levels down, with --lang too.
    let out = run(
        &[
            "export",
            "response",
            "--questions",
            &small,
            "--answer",
            "flags=none",
            "--lang",
            "es",
            "--answer=where=knee",
        ],
        "",
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("\"language\": \"es\""),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn an_unknown_option_is_an_argument_error() {
    let err = assert_argument_error(&["--bogus"]);
    assert!(
        err.starts_with("error: unexpected argument '--bogus' found\n"),
        "{err}"
    );
    assert!(err.contains("Usage: painpath [OPTIONS] [COMMAND]"), "{err}");
    let err = assert_argument_error(&["check", "--bogus"]);
    assert!(
        err.contains("Usage: painpath check [OPTIONS] [PATH]"),
        "{err}"
    );
    let err = assert_argument_error(&["nope"]);
    assert!(
        err.starts_with("error: unrecognized subcommand 'nope'"),
        "{err}"
    );
}

#[test]
fn check_watch_needs_a_path() {
    let err = assert_argument_error(&["check", "--watch"]);
    assert!(err.contains("--watch"), "{err}");
    assert_argument_error(&["check", "--watch", "--strict"]);
}

#[test]
fn a_value_no_option_takes_is_an_argument_error() {
    let err = assert_argument_error(&["--theme", "nope"]);
    assert!(
        err.starts_with("error: invalid value 'nope' for '--theme <THEME>'"),
        "{err}"
    );
    assert!(
        err.contains("[possible values: default, high-contrast]"),
        "{err}"
    );
    assert_argument_error(&["--theme"]);
    assert_argument_error(&["--theme="]);
    let err = assert_argument_error(&["graph", "--format", "png"]);
    assert!(err.contains("[possible values: mermaid, dot]"), "{err}");
    let err = assert_argument_error(&["paths", "--limit", "many"]);
    assert!(err.contains("'--limit <N>'"), "{err}");
    let err = assert_argument_error(&["export", "response", "--answer", "hip"]);
    assert!(err.contains("is not QUESTION=ANSWER"), "{err}");
    // An option's value is not the next option.
    let err = assert_argument_error(&["--questions", "--plain"]);
    assert!(
        err.starts_with("error: a value is required for '--questions <PATH>'"),
        "{err}"
    );
}

#[test]
fn arguments_in_the_wrong_place_or_too_many_are_argument_errors() {
    for args in [
        // Given twice.
        &["--plain", "--plain"][..],
        &["check", "--strict", "--strict"],
        &["paths", "--limit", "3", "--limit=4"],
        &["check", "--questions", "a.toml", "--questions", "b.toml"],
        // Top-level options after a subcommand.
        &["check", "--plain"],
        &["inbox", "spool", "--theme", "high-contrast"],
        &["test", "--kiosk"],
        // A positional argument too many, or missing.
        &["check", "a.toml", "b.toml"],
        &["kiosk-pin", "extra"],
        &["inbox"],
        &["--", "check"],
        // A flag with a value; a subcommand missing or unknown.
        &["--plain=yes"],
        &["export"],
        &["export", "response"],
        &["export", "nope"],
        &["help", "nope"],
    ] {
        assert_argument_error(args);
    }
}

#[test]
fn subcommand_help_goes_to_stdout() {
    let out = run(&["check", "--help"], "");
    let help = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    assert!(
        help.starts_with("Check a questions file and print what it holds, or its errors\n"),
        "{help}"
    );
    assert!(
        help.contains("\nUsage: painpath check [OPTIONS] [PATH]\n"),
        "{help}"
    );
    for option in [
        "--strict",
        "--cases <CASES>",
        "--watch",
        "--questions <PATH>",
    ] {
        assert!(help.contains(option), "{option}: {help}");
    }
    // -h, and `painpath help check`, say the same.
    for args in [&["check", "-h"][..], &["help", "check"]] {
        let out = run(args, "");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(text(&out.stdout), help, "{args:?}");
    }
    // Every help fits 80 columns.
    for args in [
        &["--help"][..],
        &["help", "export", "response"],
        &["inbox", "--help"],
        &["paths", "-h"],
    ] {
        let out = run(args, "");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        for line in text(&out.stdout).lines() {
            assert!(line.chars().count() <= 80, "{args:?}: {line}");
        }
    }
}

#[test]
fn control_characters_in_arguments_are_shown_escaped() {
    for args in [
        &["--bo\u{1b}[2Jgus"][..],
        &["ch\u{1b}]0;owned\u{7}eck"],
        &["check", "--stri\u{9b}ct"],
        &["--theme", "\u{1b}[31mred"],
        &["export", "response", "--answer", "\u{1b}[31mred"],
        &["check", "a.toml", "b\r\u{1b}[K.toml"],
    ] {
        let err = assert_argument_error(args);
        assert!(
            !err.chars().any(|c| c.is_control() && c != '\n'),
            "{args:?}: {err:?}"
        );
        assert!(
            err.contains("\\u{1b}") || err.contains("\\u{9b}"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_reader_gone_ends_plain_mode_quietly_as_it_ends_every_command() {
    // Standard output a pipe whose reader has already gone: the first write fails (EPIPE).
    let statuses: Vec<(&str, Option<i32>, String)> = [
        &["paths"][..],
        &["graph"],
        &["export", "questionnaire"],
        &["--plain"],
    ]
    .into_iter()
    .map(|args| {
        let (reader, writer) = std::io::pipe().expect("a pipe");
        drop(reader);
        let mut command = Command::new(common::BIN);
        command.args(args).stdout(writer);
        let mut child = command
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .env("NO_COLOR", "1")
            .spawn()
            .expect("binary starts");
        // Enough answers for plain mode to go on writing, were anyone reading.
        let _ = child.stdin.take().unwrap().write_all(b"1\n");
        let out = child.wait_with_output().expect("binary finishes");
        (args[0], out.status.code(), text(&out.stderr))
    })
    .collect();
    for (command, status, stderr) in &statuses {
        assert_eq!(*status, Some(0), "{command}: {stderr}");
        assert_eq!(stderr, "", "{command}");
    }
}

/// A character from outside that reaches stdout or stderr raw: a control character other
/// than a newline, or a bidirectional override or mark.
fn raw_hostile(output: &str) -> Option<char> {
    output.chars().find(|&c| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
    })
}

#[test]
fn every_error_path_shows_a_hostile_name_escaped() {
    let dir = tempfile::tempdir().unwrap();
    // A title-setting OSC sequence, a bell, a right-to-left override and an Arabic letter mark.
    let hostile = format!(
        "{}/x\u{1b}]0;PWNED\u{7}\u{202e}\u{61c}y",
        dir.path().display()
    );
    // Configs that pass their own checks: one names the hostile spool folder.
    let pin = run(&["kiosk-pin"], "123456\n123456\n");
    let pin = text(&pin.stdout);
    assert!(pin.starts_with("pin_hash = "), "{pin}");
    let write_config = |name: &str, text: &str| {
        use std::os::unix::fs::PermissionsExt;
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        path.display().to_string()
    };
    let config = write_config(
        "config.toml",
        &format!("[kiosk]\n{pin}spool = \"/tmp/x\\u001b]0;PWNED\\u0007\\u202e\"\n"),
    );
    let plain_config = write_config("plain.toml", &format!("[kiosk]\n{pin}"));
    let h = hostile.as_str();
    // A new file in a folder that is not there.
    let report = format!("{hostile}/summary.md");
    let cases: Vec<Vec<&str>> = vec![
        vec!["check", h],
        vec!["check", "--cases", h],
        vec!["--questions", h],
        vec!["--plain", "--questions", h],
        vec!["--plain", "--save-dir", h],
        vec!["--plain", "--report", &report],
        vec!["graph", h],
        vec!["graph", "--questions", h],
        vec!["paths", "--questions", h],
        vec!["export", "questionnaire", "--questions", h],
        vec!["export", "response", "--questions", h, "--answer", "a=b"],
        vec!["export", "response", "--answer", "\u{1b}[31m=x"],
        vec!["export", "response", "--answer", "red_flags=\u{1b}[31m"],
        vec!["test", h],
        vec!["test", "--questions", h],
        vec!["--kiosk", "--config", h],
        vec!["--kiosk", "--config", &plain_config, "--spool", h],
        vec!["--kiosk", "--config", &config],
        vec!["inbox", h],
        vec!["--lang", "\u{202e}evil"],
        vec!["--plain", "--lang", "e\u{61c}s"],
    ];
    for args in &cases {
        let out = run(args, "");
        let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(!out.status.success(), "{args:?} succeeded: {said}");
        assert_eq!(raw_hostile(&said), None, "{args:?}: {said:?}");
        // The name is there to read, escaped.
        assert!(
            said.contains("\\u{1b}") || said.contains("\\u{202e}") || said.contains("\\u{61c}"),
            "{args:?}: {said}"
        );
    }
    // Plain mode echoes what was typed, hostile characters shown.
    let out = run(&["--plain"], "1\u{61c}\u{1b}[2J\n");
    let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert_eq!(raw_hostile(&said), None, "{said:?}");
}

#[test]
fn endless_input_is_refused_as_too_long_not_read_into_memory() {
    for args in [&["--plain"][..], &["kiosk-pin"]] {
        let out = Command::new(common::BIN)
            .args(args)
            .stdin(std::fs::File::open("/dev/zero").unwrap())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .expect("binary finishes");
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("too long"), "{args:?}: {err}");
    }
    // A line longer than any answer is dropped with a word, and the answer asked for again.
    let long = "7".repeat(100_000);
    let out = run(
        &["--plain", "--questions", &fixture("small.toml")],
        &format!("{long}\n"),
    );
    let said = text(&out.stdout);
    assert!(
        said.contains("Sorry: that answer is too long (over 4096 bytes), so it was not read."),
        "{said}"
    );
    // Then the next line is read: here the end of input, with the question still open.
    let err = text(&out.stderr);
    assert!(err.contains("no answer to \"Any of these?\""), "{err}");
}

/// The kiosk's writer, as the kiosk runs it: its errand on a pipe, its reply on another. It
/// writes a hand-off's pair under a new code, takes it back when asked, and does nothing but
/// say so when its input is not an errand.
#[test]
fn the_kiosks_writer_delivers_through_its_pipes_and_takes_a_hand_off_back() {
    use painpath::handoff::spool::Parcel;
    use painpath::handoff::spool::courier::{Courier, Errand, Reply};
    let dir = tempfile::tempdir().expect("temp dir");
    let painpath = std::path::Path::new(env!("CARGO_BIN_EXE_painpath"));
    let parcel = Parcel {
        response: "{\"resourceType\": \"QuestionnaireResponse\"}".to_string(),
        summary_after_code: "authored: 2026-11-21T19:48:05Z\n---\n\n# Knee\n".to_string(),
    };
    let errand = |errand: Errand| {
        let mut courier = Courier::start_at(painpath).expect("start the writer");
        courier.hand_over(&errand).expect("hand over");
        let reply = courier.reply().expect("a reply");
        courier.reap();
        reply
    };
    let Reply::Sent(code) = errand(Errand::Deliver {
        dir: dir.path().to_path_buf(),
        parcel: parcel.clone(),
    }) else {
        panic!("not sent");
    };
    let summary = std::fs::read_to_string(dir.path().join(format!("{code}.md"))).expect("md");
    assert_eq!(
        summary,
        format!("---\ncode: {code}\n{}", parcel.summary_after_code)
    );
    let response = std::fs::read_to_string(dir.path().join(format!("{code}.json"))).expect("json");
    assert_eq!(response, parcel.response);
    let back = errand(Errand::TakeBack {
        dir: dir.path().to_path_buf(),
        code,
    });
    assert_eq!(back, Reply::TakenBack);
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
    // Anything else on its input is refused, and no file is written.
    let out = Command::new(painpath)
        .arg("write-handoff")
        .stdin(Stdio::null())
        .output()
        .expect("run the writer");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("no errand"),
        "{}",
        text(&out.stderr)
    );
    assert!(out.stdout.is_empty());
}
