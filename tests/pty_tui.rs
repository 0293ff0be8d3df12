//! The built binary in a real pseudo-terminal: keys and clicks in, screen states out (through a
//! vt100 parser), and the terminal left as it was found on every way out. Waits poll the
//! parsed screen against a deadline; nothing sleeps for a fixed time.

#![cfg(unix)]

mod common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::pty::{Builder, Pty};
use unicode_width::UnicodeWidthStr;

/// painpath on the small questionnaire, with these arguments and environment.
fn tui(extra_args: &[&str], env: &[(&str, &str)]) -> Builder {
    Pty::builder()
        .args(["--questions", "tests/fixtures/small.toml"])
        .args(extra_args)
        .envs(env)
}

/// Starts the TUI and waits for the welcome screen with mouse reporting on.
fn started() -> Pty {
    started_with(&[], &[])
}

fn started_with(extra_args: &[&str], env: &[(&str, &str)]) -> Pty {
    let tui = tui(extra_args, env).start();
    tui.wait_for("the welcome screen", |seen| {
        let screen = seen.parser.screen();
        screen.alternate_screen()
            && screen.mouse_protocol_mode() != vt100::MouseProtocolMode::None
            && screen.contents().contains("Welcome")
    });
    tui
}

const ENTER: &str = "\r";
const LEFT: &str = "\x1b[D";

#[test]
fn answer_to_a_result_then_quit_restores_the_terminal() {
    let mut tui = started();
    tui.send(ENTER);
    tui.wait_for_text("Any of these?");
    tui.send("3");
    tui.wait_for_text("[x] 3. None of these");
    tui.send(ENTER);
    tui.wait_for_text("Where is the pain?");
    // Knee, then back: the answer is kept.
    tui.send("3");
    tui.wait_for_text("(•) 3. Knee");
    tui.send(ENTER);
    tui.wait_for_text("Check your answers");
    tui.send(LEFT);
    tui.wait_for_text("› (•) 3. Knee");
    // The terminal cursor sits on the selected option, shown, for screen readers.
    tui.wait_for("the cursor on Knee (row 7)", |seen| {
        let screen = seen.parser.screen();
        screen.cursor_position() == (7, 1) && !screen.hide_cursor()
    });
    // Change it with the mouse: Hip is on row 6; one click chooses, a second confirms.
    tui.click(10, 6);
    tui.wait_for_text("› (•) 2. Hip");
    tui.click(10, 6);
    tui.wait_for_text("Is there groin pain?");
    tui.send("y");
    tui.wait_for_text("› (•) 1. Yes");
    tui.send(ENTER);
    tui.wait_for_text("Check your answers");
    tui.send(ENTER);
    tui.wait_for_text("Your result");
    // Whole rows, so that a half-drawn frame cannot pass.
    tui.wait_for_row("Self-care: look after it at home");
    tui.wait_for_text("• Groin pain");
    tui.wait_for_text(" H. ");
    tui.send("q");
    tui.wait_for_text("Quit painpath?");
    tui.send("y");
    assert_eq!(tui.exit_code(), 0);
    tui.assert_restored();
    tui.wait_for_text("Your result: Hip");
}

/// Print on the result asks first, then closes painpath and prints the whole summary, as
/// plain text, on the normal screen: answers, result, why and sources.
#[test]
fn print_on_the_result_asks_then_prints_the_whole_summary_after_the_terminal_is_back() {
    let mut tui = started();
    tui.send(ENTER);
    tui.wait_for_text("Any of these?");
    tui.send("3");
    tui.send(ENTER);
    tui.wait_for_text("Where is the pain?");
    tui.send("3");
    tui.send(ENTER);
    tui.wait_for_text("Check your answers");
    tui.send(ENTER);
    tui.wait_for_row("Self-care: look after it at home");
    tui.send("p");
    tui.wait_for_text("Print the summary");
    tui.wait_for_text("scroll back to it");
    tui.send("n");
    tui.wait_for("the print box closed", |seen| {
        !seen
            .parser
            .screen()
            .contents()
            .contains("Print the summary")
    });
    let before = tui.raw_len();
    tui.send("py");
    assert_eq!(tui.exit_code(), 0);
    tui.assert_restored();
    tui.wait_for_text("RESULT: Knee");
    let printed = String::from_utf8_lossy(&tui.raw_since(before)).into_owned();
    let mut at = 0;
    for text in [
        "Your answers",
        "Where is the pain?",
        "Knee",
        "RESULT: Knee",
        "Sources",
    ] {
        at += printed[at..]
            .find(text)
            .unwrap_or_else(|| panic!("no {text:?} after {at} in {printed}"));
    }
    // Plain text, as plain mode shows it: no Markdown headings.
    assert!(!printed.contains("## "), "{printed}");
}

#[test]
fn ctrl_c_asks_and_twice_quits_at_once_and_restores_the_terminal() {
    let mut tui = started();
    tui.send(ENTER);
    tui.wait_for_text("Any of these?");
    tui.send("\x03");
    tui.wait_for_text("Quit painpath?");
    tui.send("\x03");
    assert_eq!(tui.exit_code(), 0);
    tui.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal_and_exits_143() {
    let mut tui = started();
    tui.send(ENTER);
    tui.wait_for_text("Any of these?");
    tui.signal("TERM");
    assert_eq!(tui.exit_code(), 143);
    tui.assert_restored();
    tui.wait_for_text("painpath: stopped by SIGTERM");
}

#[test]
fn sighup_restores_the_terminal_and_exits_129() {
    let mut tui = started();
    tui.signal("HUP");
    assert_eq!(tui.exit_code(), 129);
    tui.assert_restored();
}

#[test]
fn sigint_restores_the_terminal_and_exits_130() {
    let mut tui = started();
    tui.signal("INT");
    assert_eq!(tui.exit_code(), 130);
    tui.assert_restored();
}

/// Every cell's colours, as the terminal saw them.
fn colours(tui: &Pty) -> Vec<(vt100::Color, vt100::Color)> {
    let seen = tui.seen();
    let screen = seen.parser.screen();
    let mut colours = Vec::new();
    for row in 0..24 {
        for column in 0..80 {
            if let Some(cell) = screen.cell(row, column) {
                colours.push((cell.fgcolor(), cell.bgcolor()));
            }
        }
    }
    colours
}

#[test]
fn no_color_env_draws_without_colour() {
    let mut tui = started_with(&[], &[("NO_COLOR", "1")]);
    tui.send(ENTER);
    tui.wait_for_row("Any of these?");
    tui.wait_for_text("Space tick");
    let default = (vt100::Color::Default, vt100::Color::Default);
    assert!(colours(&tui).iter().all(|c| *c == default));
    tui.send("\x03\x03");
    assert_eq!(tui.exit_code(), 0);
}

#[test]
fn high_contrast_theme_is_chosen_by_flag() {
    let mut tui = started_with(&["--theme", "high-contrast"], &[]);
    tui.send(ENTER);
    tui.wait_for_row("Any of these?");
    tui.wait_for_text("Space tick");
    // The body is white on black; the standard theme leaves the terminal's own colours.
    let white_on_black = colours(&tui)
        .iter()
        .filter(|(_, bg)| *bg == vt100::Color::Idx(0))
        .count();
    assert!(white_on_black > 80 * 10, "{white_on_black} cells on black");
    tui.send("\x03\x03");
    assert_eq!(tui.exit_code(), 0);
}

#[test]
fn closing_the_terminal_ends_painpath_with_129() {
    let mut tui = tui(&[], &[]).hang_up_when(welcome_drawn).start();
    tui.wait_for("the welcome screen", |seen| {
        welcome_drawn(seen.parser.screen())
    });
    // The window closes while painpath waits for input: every handle on the pty's master side
    // goes away (the reader has let go of its own), as on a real hangup.
    tui.close_terminal();
    assert_eq!(tui.wait_exit(), 129);
}

#[test]
fn closing_a_terminal_that_is_not_the_controlling_one_ends_painpath_with_129() {
    // No SIGHUP comes: the hangup shows only on the terminal, which painpath must notice
    // rather than spin on a terminal that has gone.
    let mut tui = tui(&[], &[])
        .not_controlling_terminal()
        .hang_up_when(welcome_drawn)
        .start();
    tui.wait_for("the welcome screen", |seen| {
        welcome_drawn(seen.parser.screen())
    });
    tui.close_terminal();
    assert_eq!(tui.wait_exit(), 129);
}

/// The welcome screen is up and its frame finished (the cursor is placed last).
fn welcome_drawn(screen: &vt100::Screen) -> bool {
    screen.alternate_screen()
        && screen.contents().contains("[ Start ]")
        && screen.cursor_position() == (2, 1)
}

/// A title of wide characters (CJK, emoji, fullwidth) whose row, blanked after its first 66
/// columns, ends its run of blanks on the left half of the last "Ｗ".
const WIDE_TITLE: &str =
    "背中・股関節・膝の痛み 🦴🦵 Back pain ＷＩＤＥ at the Riverside Hospital Ｗ";

#[test]
fn rows_stay_in_their_columns_on_tmux_after_a_title_of_wide_characters_scrolls_away() {
    let Some(tmux) = Tmux::start() else {
        return;
    };
    let questions = tmux.dir.path().join("questions.toml");
    let shipped =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("questions.toml"))
            .expect("questions.toml");
    let retitled = shipped.replacen(
        "title = \"Back, hip and knee pain\"",
        &format!("title = \"{WIDE_TITLE}\""),
        1,
    );
    assert_ne!(retitled, shipped, "the questionnaire's title was not found");
    std::fs::write(&questions, retitled).expect("write the questions");
    tmux.run_painpath(&["--questions", &questions.display().to_string()]);
    tmux.wait_for("the title on the welcome screen", |rows| {
        rows[2].contains("Riverside")
    });
    tmux.keys("Enter");
    tmux.wait_for("the first question", |rows| rows[0].contains("Question 1"));
    tmux.keys("Left");
    tmux.wait_for("the welcome screen again", |rows| {
        rows[2].contains("Riverside")
    });
    tmux.keys("PageDown");
    let rows = tmux.wait_for("the welcome text scrolled", |rows| {
        rows[2].contains("for people aged 16")
    });
    // Every row of the text ends with the scroll bar in the last column, as a full redraw
    // shows it; a wide character's half left behind by an erase pulls the rest of its row
    // one column to the left.
    let text_rows = (2..24).filter(|&row| rows[row].ends_with(['│', '█']));
    assert!(
        text_rows.clone().count() > 10,
        "no scroll bar:\n{}",
        rows.join("\n")
    );
    for row in text_rows {
        let shown = &rows[row];
        assert_eq!(
            shown.width(),
            80,
            "row {row} is shifted: {shown:?}\n{}",
            rows.join("\n")
        );
    }
}

/// A tmux server of the test's own (its socket in a temporary folder, a config with no status
/// line) with one 80x24 window, killed on drop.
struct Tmux {
    /// Holds the server's socket and config, and the test's files.
    dir: tempfile::TempDir,
}

impl Tmux {
    /// None when tmux is not installed; under CI (`CI=true`), where `.ci/run` installs it,
    /// that fails the test instead.
    fn start() -> Option<Tmux> {
        let found = Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|output| output.status.success());
        if !found {
            let ci = std::env::var_os("CI").is_some_and(|ci| ci == "true");
            assert!(
                !ci,
                "tmux is not installed: .ci/run installs it (Debian package tmux)"
            );
            eprintln!("SKIPPED: tmux is not installed, so painpath was not run in it");
            return None;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("tmux.conf"), "set -g status off\n").expect("tmux config");
        Some(Tmux { dir })
    }

    fn tmux(&self, args: &[&str]) -> String {
        let output = Command::new("tmux")
            .arg("-S")
            .arg(self.dir.path().join("socket"))
            .arg("-f")
            .arg(self.dir.path().join("tmux.conf"))
            .args(args)
            .output()
            .expect("run tmux");
        assert!(
            output.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Starts painpath with `args` in the window.
    fn run_painpath(&self, args: &[&str]) {
        let program = std::env::var("PAINPATH_TEST_BIN")
            .unwrap_or_else(|_| env!("CARGO_BIN_EXE_painpath").to_string());
        let mut command = vec![
            "new-session",
            "-d",
            "-s",
            "painpath",
            "-x",
            "80",
            "-y",
            "24",
            "-c",
            env!("CARGO_MANIFEST_DIR"),
            "--",
            &program,
        ];
        command.extend(args);
        self.tmux(&command);
    }

    fn keys(&self, keys: &str) {
        self.tmux(&["send-keys", "-t", "painpath", keys]);
    }

    /// Waits until the window's rows (as `capture-pane` gives them, 24 of them) satisfy
    /// `ready`, and returns them.
    fn wait_for(&self, what: &str, ready: impl Fn(&[String]) -> bool) -> Vec<String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let rows: Vec<String> = self
                .tmux(&["capture-pane", "-p", "-t", "painpath"])
                .lines()
                .map(str::to_string)
                .chain(std::iter::repeat(String::new()))
                .take(24)
                .collect();
            if ready(&rows) {
                return rows;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; tmux shows:\n{}",
                rows.join("\n")
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-S")
            .arg(self.dir.path().join("socket"))
            .arg("kill-server")
            .output();
    }
}
