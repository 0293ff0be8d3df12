//! The commands the README and docs/*.md show, checked as a reader would paste them, and the
//! examples of `--help`. Every ```sh block says in its info string how it is checked:
//!
//! - `sh runs`: run as written by bash (`set -e -o pipefail`), the page's blocks in order, in
//!   one folder per page that holds what a clone has (questions.toml, its translation,
//!   cases.toml, deploy/), with a clean HOME and the built painpath first on PATH, no terminal
//!   and no standard input. It must exit 0. A ```text output block right after it is what it
//!   prints (standard output and error together): `...` on a line of its own stands for any
//!   number of lines, `[..]` within a line for any text.
//! - `sh interactive`: it opens a screen or waits for someone to type (the questionnaire, the
//!   kiosk, the inbox, `kiosk-pin`, `check --watch`): bash checks its syntax, and painpath's
//!   own parser must accept each painpath command line in it.
//! - `sh system`: it needs root, a system or the Rust toolchain (installing, `systemctl`,
//!   `loadkeys`, `cargo`): bash checks its syntax, and the parser its painpath command lines.
//!
//! A ```toml block whose info string ends with a file name (```toml file my-questions.toml) is
//! saved under that name when the page reaches it, as the page asks its reader to.
//! `--help`'s examples are its lines that start with two spaces and `painpath `; each is run
//! the same way. The last tests break an example of each kind and show that the check fails.

use crate::common::{BIN, text};

use std::ffi::OsString;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use painpath::cli::flags::COMMANDS;
use painpath::cli::help::render;
use painpath::cli::parse::{Stop, parse};

const README: &str = include_str!("../../README.md");
const USING: &str = include_str!("../../docs/using.md");
const EDITING: &str = include_str!("../../docs/editing.md");
const INTEGRATION: &str = include_str!("../../docs/integration.md");
const KIOSK: &str = include_str!("../../docs/kiosk.md");
const DEVELOPMENT: &str = include_str!("../../docs/development.md");
const PERFORMANCE: &str = include_str!("../../docs/performance.md");

/// What a clone holds that the pages' commands read, copied into each page's folder.
const CLONE: &[&str] = &[
    "questions.toml",
    "questions.es.toml",
    "cases.toml",
    "deploy",
];

/// Longest a block may run, in seconds, before it counts as hung.
const TIMEOUT: &str = "120";

/// A fenced block of a page: its info string, the line of its opening fence, its text (the
/// fence's indent taken off every line).
#[derive(Debug, Clone)]
struct Block {
    info: String,
    line: usize,
    text: String,
}

impl Block {
    fn words(&self) -> Vec<&str> {
        self.info.split_whitespace().collect()
    }
}

fn blocks(page: &str) -> Vec<Block> {
    let mut found = Vec::new();
    let mut open: Option<(Block, usize)> = None;
    for (i, line) in page.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        match open.take() {
            None => {
                if let Some(info) = trimmed.strip_prefix("```") {
                    let block = Block {
                        info: info.trim().to_string(),
                        line: i + 1,
                        text: String::new(),
                    };
                    open = Some((block, indent));
                }
            }
            Some((mut block, fence_indent)) => {
                if trimmed.trim_end() == "```" {
                    found.push(block);
                } else {
                    let cut = indent.min(fence_indent);
                    block.text.push_str(&line[cut..]);
                    block.text.push('\n');
                    open = Some((block, fence_indent));
                }
            }
        }
    }
    assert!(open.is_none(), "a fenced block is never closed");
    found
}

/// How a block is checked.
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Runs,
    Interactive,
    System,
    /// What the `sh runs` block just above it prints.
    Output,
    /// A file the reader saves under this name.
    Saved(String),
    Other,
    Unmarked,
}

fn kind(block: &Block) -> Kind {
    let words = block.words();
    match words.as_slice() {
        ["sh", "runs"] => Kind::Runs,
        ["sh", "interactive"] => Kind::Interactive,
        ["sh", "system"] => Kind::System,
        ["text", "output"] => Kind::Output,
        ["toml", _, name] if name.ends_with(".toml") => Kind::Saved(name.to_string()),
        [first, ..] if ["sh", "bash", "console", "shell"].contains(first) => Kind::Unmarked,
        _ => Kind::Other,
    }
}

/// One page's folder: the clone's files, a home of its own and painpath on PATH.
struct Folder {
    _dir: tempfile::TempDir,
    work: PathBuf,
    home: PathBuf,
    bin: PathBuf,
}

fn copy(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).expect("make a folder");
        for entry in fs::read_dir(from).expect("read a folder") {
            let entry = entry.expect("an entry");
            copy(&entry.path(), &to.join(entry.file_name()));
        }
    } else {
        fs::copy(from, to).unwrap_or_else(|e| panic!("copy {}: {e}", from.display()));
    }
}

fn folder() -> Folder {
    let dir = tempfile::tempdir().expect("temp dir");
    let work = dir.path().join("painpath");
    let home = dir.path().join("home");
    let bin = dir.path().join("bin");
    for made in [&work, &home, &bin] {
        fs::create_dir_all(made).expect("make a folder");
    }
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in CLONE {
        copy(&repo.join(name), &work.join(name));
    }
    symlink(BIN, bin.join("painpath")).expect("painpath on PATH");
    Folder {
        _dir: dir,
        work,
        home,
        bin,
    }
}

/// Runs `script` with bash in `folder` as a reader's shell would, stderr into stdout.
fn run(folder: &Folder, script: &str) -> Output {
    Command::new("timeout")
        .arg(TIMEOUT)
        .arg("bash")
        .arg("-c")
        .arg(format!("set -e -o pipefail\nexec 2>&1\n{script}"))
        .current_dir(&folder.work)
        .env_clear()
        .env(
            "PATH",
            format!("{}:/usr/local/bin:/usr/bin:/bin", folder.bin.display()),
        )
        .env("HOME", &folder.home)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("bash starts")
}

/// `bash -n`: the script's syntax only.
fn syntax_problem(script: &str) -> Option<String> {
    let out = Command::new("bash")
        .arg("-n")
        .arg("-c")
        .arg(script)
        .stdin(Stdio::null())
        .output()
        .expect("bash starts");
    (!out.status.success()).then(|| text(&out.stderr))
}

/// The script's commands, each on one line: lines ending in `\` joined to the next.
fn logical_lines(script: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for line in script.lines() {
        match line.strip_suffix('\\') {
            Some(start) => {
                current.push_str(start);
                current.push(' ');
            }
            None => {
                current.push_str(line);
                lines.push(std::mem::take(&mut current));
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// A command line's words as the shell splits them (quotes and backslashes), up to the end of
/// the command: a comment, a redirection, a pipe or `&&`.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for d in chars.by_ref() {
                    if d == '\'' {
                        break;
                    }
                    word.push(d);
                }
            }
            '"' => {
                in_word = true;
                while let Some(d) = chars.next() {
                    match d {
                        '"' => break,
                        '\\' => word.extend(chars.next()),
                        _ => word.push(d),
                    }
                }
            }
            '\\' => {
                in_word = true;
                word.extend(chars.next());
            }
            '#' if !in_word => break,
            '|' | '>' | '<' | ';' | '&' => break,
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    // `2>file`: the 2 was read as a word of its own.
    if words.last().is_some_and(|w| w == "2") && line.contains("2>") {
        words.pop();
    }
    words
}

/// The painpath command lines of a script that painpath's parser refuses.
fn refused_command_lines(script: &str) -> Vec<String> {
    logical_lines(script)
        .iter()
        .filter_map(|line| {
            let words = shell_words(line);
            if words.first().map(String::as_str) != Some("painpath") {
                return None;
            }
            match parse(words[1..].iter().map(OsString::from)) {
                Ok(_) | Err(Stop::Help(_)) => None,
                Err(Stop::Invalid(message)) => Some(format!("{}\n{message}", line.trim())),
            }
        })
        .collect()
}

/// Does `got` show what `want` says, `[..]` standing for any text?
fn line_matches(want: &str, got: &str) -> bool {
    let pieces: Vec<&str> = want.split("[..]").collect();
    if pieces.len() == 1 {
        return want == got;
    }
    let (first, last) = (pieces[0], pieces[pieces.len() - 1]);
    if !got.starts_with(first) || !got.ends_with(last) || got.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &got[first.len()..got.len() - last.len()];
    for piece in &pieces[1..pieces.len() - 1] {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    true
}

fn lines_match(want: &[&str], got: &[&str]) -> bool {
    want.len() == got.len() && want.iter().zip(got).all(|(w, g)| line_matches(w, g))
}

/// Does the output `got` show what `want` says: its lines in order, `...` standing for any
/// number of lines?
fn output_matches(want: &str, got: &str) -> bool {
    let want: Vec<&str> = want.lines().map(str::trim_end).collect();
    let got: Vec<&str> = got.lines().map(str::trim_end).collect();
    let segments: Vec<&[&str]> = want.split(|line| *line == "...").collect();
    if segments.len() == 1 {
        return lines_match(&want, &got);
    }
    let (first, last) = (segments[0], segments[segments.len() - 1]);
    if got.len() < first.len() + last.len()
        || !lines_match(first, &got[..first.len()])
        || !lines_match(last, &got[got.len() - last.len()..])
    {
        return false;
    }
    let end = got.len() - last.len();
    let mut at = first.len();
    for middle in &segments[1..segments.len() - 1] {
        let found = (at..=end.saturating_sub(middle.len()))
            .find(|&i| i + middle.len() <= end && lines_match(middle, &got[i..i + middle.len()]));
        match found {
            Some(i) => at = i + middle.len(),
            None => return false,
        }
    }
    true
}

/// At most this many lines of an output go into a failure's message.
const SHOWN_LINES: usize = 80;

fn shown(output: &str) -> String {
    let lines: Vec<&str> = output.lines().collect();
    if lines.len() <= SHOWN_LINES {
        return output.to_string();
    }
    let half = SHOWN_LINES / 2;
    format!(
        "{}\n[... {} lines ...]\n{}",
        lines[..half].join("\n"),
        lines.len() - SHOWN_LINES,
        lines[lines.len() - half..].join("\n")
    )
}

/// Everything wrong with a page's examples, each with the line of its block.
fn page_problems(name: &str, page: &str) -> Vec<String> {
    let folder = folder();
    let blocks = blocks(page);
    let mut problems = Vec::new();
    let mut last_run: Option<(usize, String)> = None;
    for (i, block) in blocks.iter().enumerate() {
        let at = format!("{name}:{}", block.line);
        match kind(block) {
            Kind::Unmarked => problems.push(format!(
                "{at}: a ```{} block: mark it `sh runs`, `sh interactive` or `sh system`",
                block.info
            )),
            Kind::Saved(file) => {
                fs::write(folder.work.join(&file), &block.text)
                    .unwrap_or_else(|e| panic!("{at}: save {file}: {e}"));
            }
            Kind::Runs => {
                let out = run(&folder, &block.text);
                let printed = text(&out.stdout);
                if !out.status.success() {
                    problems.push(format!(
                        "{at}: the example exits with {}:\n{}\nprinted:\n{}",
                        out.status,
                        block.text.trim_end(),
                        shown(&printed)
                    ));
                }
                last_run = Some((i, printed));
            }
            Kind::Output => match &last_run {
                Some((run_at, printed)) if *run_at + 1 == i => {
                    if !output_matches(&block.text, printed) {
                        problems.push(format!(
                            "{at}: the page says the example above prints\n{}\nbut it printed\n{}",
                            block.text.trim_end(),
                            shown(printed)
                        ));
                    }
                }
                _ => problems.push(format!(
                    "{at}: a `text output` block must follow a `sh runs` block"
                )),
            },
            Kind::Interactive | Kind::System => {
                if let Some(err) = syntax_problem(&block.text) {
                    problems.push(format!("{at}: bash refuses the example:\n{err}"));
                }
                let refused = refused_command_lines(&block.text);
                for line in refused {
                    problems.push(format!("{at}: painpath refuses\n{line}"));
                }
                let runs_painpath = logical_lines(&block.text)
                    .iter()
                    .any(|line| shell_words(line).first().is_some_and(|w| w == "painpath"));
                if kind(block) == Kind::Interactive && !runs_painpath {
                    problems.push(format!(
                        "{at}: an interactive example with no painpath command line"
                    ));
                }
            }
            Kind::Other => {}
        }
    }
    problems
}

fn assert_none(problems: Vec<String>) {
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// The examples of every command's `--help`: lines that start with two spaces and `painpath `
/// (an option's help is indented further), a line ending in `\` joined to the next.
fn help_examples() -> Vec<String> {
    let mut examples = Vec::new();
    for def in COMMANDS {
        let help = render(def, true);
        let mut current: Option<String> = None;
        for line in help.lines() {
            let trimmed = line.trim();
            if let Some(start) = current.as_mut() {
                start.push(' ');
                start.push_str(trimmed.trim_end_matches('\\').trim_end());
                if !trimmed.ends_with('\\') {
                    examples.extend(current.take());
                }
            } else if line.starts_with("  painpath ") {
                let start = trimmed.trim_end_matches('\\').trim_end().to_string();
                if trimmed.ends_with('\\') {
                    current = Some(start);
                } else {
                    examples.push(start);
                }
            }
        }
    }
    examples.sort();
    examples.dedup();
    examples
}

fn help_example_problems(examples: &[String]) -> Vec<String> {
    let folder = folder();
    examples
        .iter()
        .filter_map(|example| {
            let out = run(&folder, &format!("{example} > /dev/null"));
            (!out.status.success()).then(|| {
                format!(
                    "--help's example exits with {}:\n{example}\n{}",
                    out.status,
                    text(&out.stdout)
                )
            })
        })
        .collect()
}

#[test]
fn the_readme_examples_hold() {
    assert_none(page_problems("README.md", README));
}

#[test]
fn using_md_examples_hold() {
    assert_none(page_problems("docs/using.md", USING));
}

#[test]
fn editing_md_examples_hold() {
    assert_none(page_problems("docs/editing.md", EDITING));
}

#[test]
fn integration_md_examples_hold() {
    assert_none(page_problems("docs/integration.md", INTEGRATION));
}

#[test]
fn kiosk_md_examples_hold() {
    assert_none(page_problems("docs/kiosk.md", KIOSK));
}

#[test]
fn development_and_performance_md_examples_hold() {
    assert_none(page_problems("docs/development.md", DEVELOPMENT));
    assert_none(page_problems("docs/performance.md", PERFORMANCE));
}

#[test]
fn the_help_examples_run() {
    let examples = help_examples();
    assert!(
        examples
            .iter()
            .any(|e| e.starts_with("painpath export response")),
        "export response's help shows how to give a route: {examples:?}"
    );
    assert_none(help_example_problems(&examples));
}

#[test]
fn every_page_runs_some_examples_and_marks_every_command_block() {
    for (name, page) in [
        ("docs/using.md", USING),
        ("docs/editing.md", EDITING),
        ("docs/integration.md", INTEGRATION),
        ("docs/kiosk.md", KIOSK),
    ] {
        let kinds: Vec<Kind> = blocks(page).iter().map(kind).collect();
        assert!(kinds.contains(&Kind::Runs), "{name} runs no example");
        assert!(!kinds.contains(&Kind::Unmarked), "{name}: {kinds:?}");
    }
}

#[test]
fn an_example_that_fails_is_caught() {
    // The plain-mode example with its first answer changed: chest pain ends at an emergency,
    // and the page says it prints the IT band's result.
    let changed = USING.replacen("printf '7\\n", "printf '6\\n", 1);
    assert_ne!(changed, USING);
    let problems = page_problems("docs/using.md", &changed);
    assert!(
        problems.iter().any(|p| p.contains("the page says")),
        "{problems:?}"
    );
    // An answer that is no option at all: plain mode stops with an error.
    let broken = USING.replacen("printf '7\\n", "printf '77\\n", 1);
    assert_ne!(broken, USING);
    let problems = page_problems("docs/using.md", &broken);
    assert!(
        problems.iter().any(|p| p.contains("exits with")),
        "{problems:?}"
    );
}

#[test]
fn an_example_painpath_refuses_is_caught() {
    let changed = EDITING.replacen(
        "painpath --questions my-questions.toml",
        "painpath --question my-questions.toml",
        1,
    );
    assert_ne!(changed, EDITING);
    let problems = page_problems("docs/editing.md", &changed);
    assert!(
        problems.iter().any(|p| p.contains("painpath refuses")),
        "{problems:?}"
    );
}

#[test]
fn a_system_example_with_broken_syntax_is_caught() {
    let changed = KIOSK.replacen(
        "systemctl daemon-reload && systemctl restart getty@tty1",
        "systemctl daemon-reload && && systemctl restart getty@tty1",
        1,
    );
    assert_ne!(changed, KIOSK);
    let problems = page_problems("docs/kiosk.md", &changed);
    assert!(
        problems.iter().any(|p| p.contains("bash refuses")),
        "{problems:?}"
    );
}

#[test]
fn an_unmarked_command_block_is_caught() {
    let changed = USING.replacen("```sh runs", "```sh", 1);
    assert_ne!(changed, USING);
    let problems = page_problems("docs/using.md", &changed);
    assert!(
        problems.iter().any(|p| p.contains("mark it")),
        "{problems:?}"
    );
}

#[test]
fn a_help_example_that_fails_is_caught() {
    let old = "painpath export response --answer flags=none --answer where=hip".to_string();
    assert_eq!(help_example_problems(&[old]).len(), 1);
}

#[test]
fn outputs_match_with_elisions() {
    let got = "a\nb\nok: 3 questions\nd\ne\n";
    assert!(output_matches("a\n...\nok: [..] questions\n...\ne\n", got));
    assert!(output_matches("...\nd\ne\n", got));
    assert!(output_matches("a\nb\nok: [..]\nd\ne\n", got));
    assert!(!output_matches("a\n...\nok: 4 questions\n...\n", got));
    assert!(!output_matches("a\nb\n", got));
    assert!(!output_matches("...\nd\n", got));
    assert_eq!(
        shell_words("painpath --kiosk --config \"$X\" 'a b' >> f # c"),
        ["painpath", "--kiosk", "--config", "$X", "a b"]
    );
    assert_eq!(
        logical_lines("painpath export response --answer a=b \\\n  --answer c=d\n"),
        ["painpath export response --answer a=b    --answer c=d"]
    );
}

/// A hand-off code the docs show as an example is one the kiosk could give: four characters
/// of the code alphabet (K7F3 could not: there is no 7 in it).
#[test]
fn example_hand_off_codes_are_codes_the_kiosk_can_give() {
    let mut seen = 0;
    for (name, page) in [
        ("README.md", README),
        ("using.md", USING),
        ("editing.md", EDITING),
        ("integration.md", INTEGRATION),
        ("kiosk.md", KIOSK),
        ("development.md", DEVELOPMENT),
    ] {
        for (at, _) in page.match_indices("Your code: ") {
            let code: String = page[at + "Your code: ".len()..].chars().take(4).collect();
            assert!(
                painpath::handoff::spool::is_code(&code),
                "{name}: \"{code}\" is not a code the kiosk gives"
            );
            seen += 1;
        }
    }
    assert!(seen > 0, "no example code found in the docs");
}
