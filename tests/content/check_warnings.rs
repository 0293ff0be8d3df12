//! `painpath check`'s warnings and `--strict`, and `check --watch` re-checking on each save.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

fn painpath(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_painpath"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("painpath runs")
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

#[test]
fn an_unrouted_option_is_a_located_warning_and_check_still_succeeds() {
    let path = fixture("warn/unrouted.toml");
    let out = painpath(&["check", &path]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("ok: small"));
    assert!(
        stderr.contains(&format!(
            "{path}:41:5: warning: option \"ankle\" of \"where\" is named by no rule: it goes to \
             the default \"back_result\"\n   = hint: "
        )),
        "{stderr}"
    );
}

#[test]
fn strict_makes_the_warnings_errors() {
    let path = fixture("warn/unrouted.toml");
    let out = painpath(&["check", "--strict", &path]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty());
    assert!(stderr.contains("which --strict makes errors"), "{stderr}");
}

#[test]
fn a_cases_file_names_the_outcomes_without_a_case() {
    let cases = Path::new(env!("CARGO_MANIFEST_DIR")).join("cases.toml");
    let out = painpath(&[
        "check",
        "--cases",
        cases.to_str().unwrap(),
        &fixture("small.toml"),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("warning: outcome \"knee_result\" has no case in"),
        "{stderr}"
    );
}

/// Waits for a line of `lines` that contains `wanted`, for at most `limit`; the lines seen.
#[test]
fn a_translation_is_checked_with_its_questions_and_its_long_texts_are_warned_about() {
    let dir = tempfile::tempdir().expect("temp dir");
    let questions = dir.path().join("q.toml");
    std::fs::copy(fixture("small.toml"), &questions).expect("copy");
    let spanish = std::fs::read_to_string(fixture("small.es.toml")).expect("read");
    let long = "Una espalda que duele tanto que el título ya no cabe en una línea de la pantalla";
    let es = dir.path().join("q.es.toml");
    std::fs::write(
        &es,
        spanish.replace("title = \"Espalda\"", &format!("title = \"{long}\"")),
    )
    .expect("write");
    let path = questions.display().to_string();
    let out = painpath(&["check", "--strict", &path]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let line = std::fs::read_to_string(&es)
        .expect("read")
        .lines()
        .position(|l| l.contains(long))
        .expect("the title")
        + 1;
    assert!(
        stderr.contains(&format!(
            "{}:{line}:1: warning: the title of outcome \"back_result\" is",
            es.display()
        )),
        "{stderr}"
    );
    // A broken translation stops the check like a broken questions file.
    std::fs::write(&es, spanish.replace("knee = \"Rodilla\"", "")).expect("write");
    let out = painpath(&["check", &path]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("error: option \"knee\" of \"where\" has no translation"),
        "{stderr}"
    );
}

fn wait_for(lines: &mpsc::Receiver<String>, wanted: &str, limit: Duration, seen: &mut Vec<String>) {
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match lines.recv_timeout(left) {
            Ok(line) => {
                let found = line.contains(wanted);
                seen.push(line);
                if found {
                    return;
                }
            }
            Err(_) => panic!("no line with {wanted:?} in time; saw:\n{}", seen.join("\n")),
        }
    }
}

#[test]
fn watch_checks_again_after_each_save() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("questions.toml");
    let good = std::fs::read_to_string(fixture("small.toml")).unwrap();
    std::fs::write(&file, &good).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_painpath"))
        .args(["check", "--watch", file.to_str().unwrap()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (sender, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    let limit = Duration::from_secs(20);
    let mut seen = Vec::new();
    wait_for(&lines, "] ok: small", limit, &mut seen);
    assert!(seen.last().unwrap().starts_with('['), "{seen:?}");
    // As an editor saves: a temporary file renamed over the file.
    let save = |text: &str| {
        let temp = dir.path().join(".questions.toml.swp");
        std::fs::write(&temp, text).unwrap();
        std::fs::rename(&temp, &file).unwrap();
    };
    save(&good.replace("goto = \"knee_result\"", "goto = \"kne_result\""));
    wait_for(&lines, ": error: ", limit, &mut seen);
    save(&good);
    wait_for(&lines, "] ok: small", limit, &mut seen);
    let _ = child.kill();
    let _ = child.wait();
}
