//! Plain mode's result through the binary: saving where the person asks (the current folder
//! or `--save-dir` offered first), and nothing written when they quit or a script's input ends.

use crate::common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{fixture, text};

/// Runs `painpath --plain` on the small questions in `folder` (its current folder), with
/// these arguments and this input.
fn plain_in(folder: &Path, args: &[&str], stdin: &str) -> Output {
    let mut command = Command::new(common::BIN);
    command
        .args(["--plain", "--questions", &fixture("small.toml")])
        .args(args)
        .current_dir(folder)
        .env("COLUMNS", "200");
    common::run_command(&mut command, stdin)
}

/// The files in `folder`, by name.
fn files_in(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("folder")
        .map(|e| e.expect("entry").path())
        .collect();
    files.sort();
    files
}

#[test]
fn quitting_before_the_result_writes_nothing_even_with_report_and_save_dir() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("mine.md");
    let args = [
        "--report",
        report.to_str().unwrap(),
        "--save-dir",
        dir.path().to_str().unwrap(),
    ];
    for input in ["3\nq\ny\n", "q\nyes\n"] {
        let out = plain_in(dir.path(), &args, input);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(
            stdout.ends_with(
                "Quit painpath? Your answers so far will not be kept.\ny = yes, n = no\n> \n"
            ),
            "{stdout}"
        );
        assert!(files_in(dir.path()).is_empty(), "{stdout}");
    }
}

#[test]
fn a_script_that_ends_at_the_result_saves_nothing_it_did_not_ask_for() {
    let dir = tempfile::tempdir().unwrap();
    // To the result, then showing the summary, then the end of input at a prompt.
    for input in ["3\n3\n\n", "3\n3\n\nf\n", "3\n3\n\ns\n", "3\n3\n\nq\n"] {
        let out = plain_in(dir.path(), &[], input);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains("RESULT: Knee"));
        assert!(files_in(dir.path()).is_empty(), "{input:?}");
    }
}

#[test]
fn the_result_saves_in_the_current_folder_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out = plain_in(dir.path(), &[], "3\n3\n\ns\n\nq\ny\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let offered = format!(
        "Press Enter for {}, or type another folder.",
        dir.path().display()
    );
    assert!(stdout.contains(&offered), "{stdout}");
    let files = files_in(dir.path());
    assert_eq!(files.len(), 1, "{stdout}");
    let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    assert!(
        stdout.contains(&format!("Summary saved to {}\n", files[0].display())),
        "{stdout}"
    );
    let saved = std::fs::read_to_string(&files[0]).unwrap();
    assert!(saved.contains("## Result: Knee"), "{saved}");
}

#[test]
fn with_save_dir_the_result_offers_that_folder_and_the_end_saves_there_too() {
    let here = tempfile::tempdir().unwrap();
    let saves = tempfile::tempdir().unwrap();
    let args = ["--save-dir", saves.path().to_str().unwrap()];
    let out = plain_in(here.path(), &args, "3\n3\n\ns\n\nq\ny\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let offered = format!("Press Enter for {}, or", saves.path().display());
    assert!(stdout.contains(&offered), "{stdout}");
    // One asked for at the result, one for --save-dir at the end: never the same file.
    assert_eq!(files_in(saves.path()).len(), 2, "{stdout}");
    assert!(files_in(here.path()).is_empty());
}

#[test]
fn in_spanish_g_saves_and_s_says_yes_to_quitting() {
    let dir = tempfile::tempdir().unwrap();
    let out = plain_in(dir.path(), &["--lang", "es"], "3\n3\n\ng\n\nq\ns\n");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Resumen guardado en "), "{stdout}");
    assert!(
        stdout.ends_with(
            "¿Salir de painpath? Sus respuestas y su resultado se perderán si no los ha \
             guardado.\ns = sí, n = no\n> \n"
        ),
        "{stdout}"
    );
    assert_eq!(files_in(dir.path()).len(), 1);
}
