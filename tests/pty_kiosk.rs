//! Kiosk mode as the built binary runs it in a real pseudo-terminal: the keys a patient might
//! try to leave with, the staff exit, an idle wipe, hand-off to reception, and signals. Waits
//! poll the parsed screen (vt100) and the raw output against a deadline; nothing sleeps for a
//! fixed time.

#![cfg(unix)]

mod common;

use std::io::Write;
use std::ops::{Deref, DerefMut};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::pty::{MOUSE_OFF, Pty};
use painpath::ui::kiosk::pin::{self, PinHash};

const DEADLINE: Duration = Duration::from_secs(15);
const PIN: &str = "246813";
/// Staff leaving with the PIN: not 0, so that a supervisor does not restart the kiosk.
const STAFF_EXIT: u32 = 10;
const ENTER: &str = "\r";
const F10: &str = "\x1b[21~";
/// Ctrl+Space (NUL), which the kiosk ignores. Sent before an escape sequence when an Esc may
/// still be unread: crossterm reads ESC ESC as a single Esc and would eat the sequence's
/// first byte.
const SEPARATOR: &str = "\x00";

/// The kiosk in a pty, and the folder its config is in.
struct Kiosk {
    // First, so that painpath is killed before its folder goes.
    pty: Pty,
    _dir: tempfile::TempDir,
}

impl Deref for Kiosk {
    type Target = Pty;

    fn deref(&self) -> &Pty {
        &self.pty
    }
}

impl DerefMut for Kiosk {
    fn deref_mut(&mut self) -> &mut Pty {
        &mut self.pty
    }
}

/// A config with short timeouts and a PIN hashed at the least cost a config accepts (about
/// 0.1 s to check), readable by its owner only, as kiosk mode requires.
/// A temporary folder holding an empty `spool` folder, and that spool folder's path. Keep the
/// folder: the spool goes with it.
fn spool_folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let spool = dir.path().join("spool");
    std::fs::create_dir(&spool).expect("spool folder");
    (dir, spool)
}

fn config(dir: &Path, extra: &str) -> String {
    let hash = PinHash::with_cost(PIN, b"pty-test-salt-16", pin::MIN_COST).expect("hash");
    write_config(
        dir,
        &format!(
            "[kiosk]\nidle_seconds = 10\nwarning_seconds = 20\nresult_seconds = 10\n\
             pin_hash = \"{hash}\"\n{extra}"
        ),
        0o600,
    )
}

/// Writes `dir/config.toml` with this mode.
fn write_config(dir: &Path, text: &str, mode: u32) -> String {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("config.toml");
    std::fs::write(&path, text).expect("write config");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    path.display().to_string()
}

impl Kiosk {
    /// Starts `painpath --kiosk` with a config of short timeouts (and the kiosk clock sped up
    /// by `clock_speed`, which only a `fault-injection` build honours).
    fn start(extra_args: &[&str], extra_config: &str, clock_speed: u32) -> Kiosk {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = config(dir.path(), extra_config);
        Kiosk::start_with(dir, &config, extra_args, clock_speed)
    }

    /// Starts `painpath --kiosk --config CONFIG` (a config in `dir`, kept while it runs).
    fn start_with(
        dir: tempfile::TempDir,
        config: &str,
        extra_args: &[&str],
        clock_speed: u32,
    ) -> Kiosk {
        let mut args = vec!["--questions", "tests/fixtures/small.toml"];
        args.extend(extra_args);
        Kiosk::start_asking(dir, config, &args, clock_speed)
    }

    /// [`Kiosk::start_with`] with the questions `args` give (the built-in ones without
    /// `--questions`).
    fn start_asking(
        dir: tempfile::TempDir,
        config: &str,
        extra_args: &[&str],
        clock_speed: u32,
    ) -> Kiosk {
        let pty = Pty::builder()
            .args(["--kiosk"])
            .args(["--config", config])
            .args(extra_args)
            .env("PAINPATH_CLOCK_SPEED", clock_speed.to_string())
            .scrollback(100)
            .deadline(DEADLINE)
            .start();
        let kiosk = Kiosk { pty, _dir: dir };
        kiosk.wait_for_welcome();
        kiosk
    }

    fn wait_for_welcome(&self) {
        self.wait_for("the kiosk welcome with mouse reporting on", |seen| {
            let screen = seen.parser.screen();
            screen.alternate_screen()
                && screen.mouse_protocol_mode() == vt100::MouseProtocolMode::PressRelease
                && screen.mouse_protocol_encoding() == vt100::MouseProtocolEncoding::Sgr
                && screen
                    .contents()
                    .contains("Touch the screen or press any key to start")
        });
    }

    /// Where `text` is on screen (0-based column, row).
    fn find(&self, text: &str) -> (u16, u16) {
        self.wait_for_text(text);
        let contents = self.contents();
        for (row, line) in contents.lines().enumerate() {
            if let Some(byte) = line.find(text) {
                let column = line[..byte].chars().count();
                return (column as u16, row as u16);
            }
        }
        panic!("{text:?} not on screen:\n{contents}");
    }

    /// Main screen, mouse reporting (1000) and its SGR encoding (1006) off, cursor shown; both
    /// modes turned off in the output, and no other mouse mode ever turned on.
    fn assert_restored(&self) {
        self.pty.assert_restored();
        self.pty.assert_mouse_sequences(MOUSE_OFF);
    }

    fn staff_exit(&mut self) {
        self.send(F10);
        self.wait_for_text("PIN:");
        self.send(PIN);
        self.wait_for_text("PIN: ••••••");
        self.send(ENTER);
    }
}

#[test]
fn ctrl_c_q_esc_and_job_control_keys_leave_the_kiosk_running() {
    let mut kiosk = Kiosk::start(&[], "", 1);
    kiosk.send(ENTER);
    kiosk.wait_for_text("Any of these?");
    // Ctrl+C, q, Ctrl+Z, Ctrl+\, Ctrl+D and Esc.
    for key in ["\x03", "q", "\x1a", "\x1c", "\x04", "\x1b"] {
        kiosk.send(key);
    }
    // Keys are handled in order: once the PIN prompt shows, all of the above were handled.
    kiosk.send(SEPARATOR);
    kiosk.send(F10);
    kiosk.wait_for_text("Staff exit");
    assert!(kiosk.running(), "a key ended the kiosk");
    kiosk.send("\x1b");
    kiosk.wait_for("the prompt to close", |seen| {
        !seen.parser.screen().contents().contains("Staff exit")
    });
    let screen = kiosk.contents();
    assert!(screen.contains("Any of these?"), "{screen}");
    assert!(!screen.contains("[x]"), "a key ticked something:\n{screen}");
    assert!(kiosk.running());
    kiosk.staff_exit();
    assert_eq!(kiosk.exit_code(), STAFF_EXIT);
    kiosk.assert_restored();
}

#[test]
fn f10_and_a_wrong_pin_go_back_and_the_right_pin_exits_restoring_the_terminal() {
    let mut kiosk = Kiosk::start(&[], "", 1);
    kiosk.send(ENTER);
    kiosk.wait_for_text("Any of these?");
    kiosk.send(F10);
    kiosk.wait_for_text("PIN:");
    kiosk.send("1111");
    kiosk.send(ENTER);
    kiosk.wait_for("the prompt to close", |seen| {
        !seen.parser.screen().contents().contains("Staff exit")
    });
    assert!(
        kiosk.contents().contains("Any of these?"),
        "back where it was"
    );
    assert!(kiosk.running());
    kiosk.staff_exit();
    assert_eq!(kiosk.exit_code(), STAFF_EXIT);
    kiosk.assert_restored();
}

#[test]
fn sigterm_and_sighup_restore_the_terminal_and_exit_0() {
    for signal in ["TERM", "HUP"] {
        let mut kiosk = Kiosk::start(&[], "", 1);
        kiosk.send(ENTER);
        kiosk.wait_for_text("Any of these?");
        kiosk.signal(signal);
        assert_eq!(kiosk.exit_code(), 0, "SIG{signal}");
        kiosk.assert_restored();
    }
}

#[test]
fn closing_the_terminal_ends_the_kiosk_with_0() {
    let mut kiosk = Kiosk::start(&[], "", 1);
    kiosk.let_go();
    // Something to draw, so that the reader wakes up and lets go of its end.
    kiosk.send(F10);
    kiosk.wait_for("the reader to let go", |seen| seen.hung_up);
    kiosk.close_terminal();
    assert_eq!(kiosk.wait_exit(), 0, "exit status after the hangup");
}

#[test]
fn closing_a_terminal_that_is_not_the_controlling_one_ends_the_kiosk_with_0() {
    // No SIGHUP comes (the pty is not the kiosk's controlling terminal): the hangup shows only
    // on the terminal, and ends the kiosk as a SIGHUP would, for its supervisor to restart it.
    let dir = tempfile::tempdir().expect("temp dir");
    let config = config(dir.path(), "");
    let pty = Pty::builder()
        .not_controlling_terminal()
        .args(["--kiosk", "--config", &config])
        .args(["--questions", "tests/fixtures/small.toml"])
        .deadline(DEADLINE)
        .start();
    let mut kiosk = Kiosk { pty, _dir: dir };
    kiosk.wait_for_welcome();
    kiosk.let_go();
    kiosk.send(F10);
    kiosk.wait_for("the reader to let go", |seen| seen.hung_up);
    kiosk.close_terminal();
    assert_eq!(kiosk.wait_exit(), 0, "exit status after the hangup");
}

#[test]
fn taps_answer_and_send_to_reception_shows_the_code() {
    let (_dir, spool) = spool_folder();
    let spool_arg = spool.display().to_string();
    let mut kiosk = Kiosk::start(&["--spool", &spool_arg], "", 1);
    kiosk.click(40, 12);
    kiosk.wait_for_text("Any of these?");
    let (x, y) = kiosk.find("None of these");
    kiosk.click(x, y);
    kiosk.wait_for_text("[x] 3. None of these");
    let (x, y) = kiosk.find("Next ▶");
    kiosk.click(x, y);
    kiosk.wait_for_text("Where is the pain?");
    let (x, y) = kiosk.find("Knee");
    // The row above the label belongs to the option too (a three-line target).
    kiosk.click(x, y - 1);
    kiosk.wait_for_text("(•) 3. Knee");
    let (x, y) = kiosk.find("Next ▶");
    kiosk.click(x, y);
    kiosk.wait_for_text("See my result");
    let (x, y) = kiosk.find("See my result");
    kiosk.click(x, y);
    kiosk.wait_for_text("Send my answers to reception");
    let (x, y) = kiosk.find("Send my answers");
    kiosk.click(x, y);
    kiosk.wait_for_text("please give it at the desk");
    let screen = kiosk.contents();
    let code = screen
        .lines()
        .find_map(|l| l.trim().strip_prefix("Your code: "))
        .and_then(|rest| rest.split(',').next())
        .expect("a code line")
        .to_string();
    assert_eq!(code.len(), 4, "{screen}");
    assert!(spool.join(format!("{code}.md")).exists());
    assert!(spool.join(format!("{code}.json")).exists());
    let (x, y) = kiosk.find("Finish");
    kiosk.click(x, y);
    kiosk.wait_for_text("Please let reception know");
    kiosk.staff_exit();
    assert_eq!(kiosk.exit_code(), STAFF_EXIT);
}

/// The built-in questions by taps alone: "where" shows the body map beside its answers, and a
/// tap on the buttock of the back figure ticks "Buttock" and shows it solid.
#[test]
fn a_tap_on_the_body_map_ticks_its_area() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = config(dir.path(), "");
    let mut kiosk = Kiosk::start_asking(dir, &config, &[], 1);
    kiosk.click(40, 12);
    let steps = [
        ("together with your pain?", "] 7. None of these"),
        ("Do any of these apply to you?", "] 7. None of these"),
        ("How old are you?", "30 to 49"),
    ];
    for (question, answer) in steps {
        kiosk.wait_for_text(question);
        let (x, y) = kiosk.find(answer);
        kiosk.click(x, y);
        let (x, y) = kiosk.find("Next ▶");
        kiosk.click(x, y);
    }
    kiosk.wait_for_text("Where do you feel the pain?");
    // The buttocks' row of the back figure: the side of the hip, then the buttocks.
    let (x, y) = kiosk.find("░░ ▒▒▒▒▒ ░░");
    kiosk.click(x + 4, y);
    kiosk.wait_for_text("[x]  3. Buttock");
    kiosk.wait_for_text("░░ █████ ░░");
    let ticked = kiosk.contents().matches("[x]").count();
    assert_eq!(ticked, 1, "only the buttock:\n{}", kiosk.contents());
    kiosk.staff_exit();
    assert_eq!(kiosk.exit_code(), STAFF_EXIT);
}

#[test]
fn a_send_that_fails_says_so_and_keeps_the_session() {
    let (_dir, spool) = spool_folder();
    let spool_arg = spool.display().to_string();
    let mut kiosk = Kiosk::start(&["--spool", &spool_arg], "", 1);
    kiosk.send("\r3\r3\r\r");
    kiosk.wait_for_text("Send my answers to reception");
    // The folder goes away after the start-up check (a disk unplugged, say).
    std::fs::remove_dir(&spool).expect("remove spool");
    kiosk.send("s");
    kiosk.wait_for_text("could not be sent");
    assert!(kiosk.contents().contains("does not exist"));
    assert!(kiosk.running());
    kiosk.send("x");
    kiosk.wait_for("the message to close", |seen| {
        !seen
            .parser
            .screen()
            .contents()
            .contains("could not be sent")
    });
    assert!(
        kiosk.contents().contains("Knee"),
        "the result is still there"
    );
    kiosk.staff_exit();
    assert_eq!(kiosk.exit_code(), STAFF_EXIT);
}

#[test]
fn kiosk_refuses_to_start_without_a_pin_or_spool_folder() {
    let out = Command::new(env!("CARGO_BIN_EXE_painpath"))
        .arg("--kiosk")
        .output()
        .expect("run painpath");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("painpath kiosk-pin"), "{err}");
    let dir = tempfile::tempdir().expect("temp dir");
    let config = config(dir.path(), "spool = \"/nonexistent/spool\"\n");
    let out = Command::new(env!("CARGO_BIN_EXE_painpath"))
        .args(["--kiosk", "--config", &config])
        .output()
        .expect("run painpath");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/nonexistent/spool"), "{err}");
    assert!(err.contains("mkdir -p"), "{err}");
}

#[test]
fn kiosk_pin_prints_only_a_hash_that_matches() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_painpath"))
        .arg("kiosk-pin")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run painpath");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"135790\n135790\n")
        .expect("write PINs");
    let out = child.wait_with_output().expect("finish");
    assert!(out.status.success());
    let line = String::from_utf8_lossy(&out.stdout);
    assert!(!line.contains("135790"), "the PIN itself printed");
    let stored = line
        .trim()
        .strip_prefix("pin_hash = \"")
        .and_then(|l| l.strip_suffix('"'))
        .expect("a pin_hash line");
    let hash = PinHash::parse(stored).expect("parses");
    assert!(hash.matches("135790"));
    assert!(
        stored.starts_with("$argon2id$v=19$m=131072,t=4,p=1$"),
        "{stored}"
    );
    assert_eq!(hash.cost(), Some(pin::DEFAULT_COST));
    // Different PINs, or too short (fewer than 6 digits): nothing printed.
    for input in [
        "135790\n135791\n",
        "1234\n1234\n",
        "12345\n12345\n",
        "12\n12\n",
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_painpath"))
            .arg("kiosk-pin")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run painpath");
        let _ = child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes());
        let out = child.wait_with_output().expect("finish");
        assert_eq!(out.status.code(), Some(1), "{input:?}");
        assert!(out.stdout.is_empty(), "{input:?}");
    }
}

/// Needs the sped-up clock of a `fault-injection` build: 10 s idle and a 20 s warning pass
/// in about 3 s.
#[cfg(feature = "fault-injection")]
#[test]
fn an_idle_wipe_leaves_no_answer_on_screen_and_clears_the_scrollback() {
    let mut kiosk = Kiosk::start(&[], "", 10);
    kiosk.send(ENTER);
    kiosk.wait_for_text("Any of these?");
    kiosk.send("2");
    kiosk.send(ENTER);
    kiosk.wait_for_text("Where is the pain?");
    kiosk.send("2");
    kiosk.send(ENTER);
    kiosk.wait_for_text("Is there groin pain?");
    kiosk.send("\x1b[D");
    kiosk.wait_for_text("(•) 2. Hip");
    let before_wipe = kiosk.raw_len();
    kiosk.wait_for_text("Are you still there?");
    kiosk.wait_for_welcome();
    let screen = kiosk.contents();
    for answer in ["Hip", "Fever", "Where", "Question"] {
        assert!(
            !screen.contains(answer),
            "{answer:?} still shown:\n{screen}"
        );
    }
    let raw = kiosk.raw_since(before_wipe);
    let raw = String::from_utf8_lossy(&raw);
    assert!(raw.contains("\x1b[2J"), "screen not cleared");
    assert!(raw.contains("\x1b[3J"), "scrollback not cleared (CSI 3 J)");
    assert_eq!(kiosk.seen().parser.screen().scrollback_len(), 0);
    // The next person starts clean: nothing ticked, nothing chosen.
    kiosk.send(ENTER);
    kiosk.wait_for_text("Any of these?");
    let screen = kiosk.contents();
    assert!(!screen.contains("[x]"), "{screen}");
    kiosk.send("3");
    kiosk.send(ENTER);
    kiosk.wait_for_text("Where is the pain?");
    assert!(!kiosk.contents().contains("(•)"), "an old answer is chosen");
    kiosk.staff_exit();
    assert_eq!(kiosk.exit_code(), STAFF_EXIT);
    kiosk.assert_restored();
}

/// VmRSS and VmHWM (peak) of a process, in KiB, from /proc/PID/status.
fn memory(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("proc status");
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or_else(|| panic!("no {name} in /proc/{pid}/status"))
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Whether the output ends with the end of a frame: ratatui finishes each one by hiding the
/// cursor, or by showing it and moving it into place (a frame can arrive in several writes).
fn frame_done(raw: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&raw[raw.len().saturating_sub(64)..]);
    let Some(at) = text.rfind("\x1b[?25") else {
        return false;
    };
    let tail = &text[at + "\x1b[?25".len()..];
    if tail == "l" {
        return true;
    }
    let Some(position) = tail
        .strip_prefix("h\x1b[")
        .and_then(|rest| rest.strip_suffix('H'))
    else {
        return false;
    };
    position
        .split(';')
        .all(|n| n.bytes().all(|b| b.is_ascii_digit()))
}

/// A small xorshift generator: the soak's randomness, repeatable from its seed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// Keys a patient might press, blocked ones included (never F10).
const RANDOM_KEYS: &[&str] = &[
    "q", "Q", "\x1b", "\x03", "\x1a", "\x1c", "\x04", "\r", " ", "0", "1", "2", "3", "4", "5", "7",
    "9", "b", "j", "k", "s", "r", "y", "n", "?", "x", "\x7f", "\x1b[A", "\x1b[B", "\x1b[C",
    "\x1b[D", "\x1b[5~", "\x1b[6~", "\x1b[H", "\x1b[F", "\x1bOP", "\x1b[15~", "\x1b[20~",
    "\x1b[23~", "\x1b[24~",
];

/// Words only a patient's session puts on screen.
const ANSWER_WORDS: &[&str] = &[
    "Saddle",
    "Fever",
    "Low back",
    "Hip",
    "Knee",
    "Warning signs:",
    "Where:",
    "Your code",
];

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

impl Kiosk {
    /// Waits until every byte sent so far has been handled and the frame after it is drawn
    /// whole: opens the PIN prompt and closes it again (keys are handled in order).
    fn sync(&mut self) {
        self.send(SEPARATOR);
        self.send(F10);
        self.wait_for("the PIN prompt", |seen| {
            seen.parser.screen().contents().contains("Staff exit") && frame_done(&seen.raw)
        });
        self.send("\x1b");
        self.wait_for("the PIN prompt to close", |seen| {
            !seen.parser.screen().contents().contains("Staff exit") && frame_done(&seen.raw)
        });
    }

    fn assert_alive(&mut self) {
        assert!(self.running(), "painpath exited");
        assert!(!self.seen().panicked, "painpath panicked");
    }
}

/// Soak: thousands of random keys and taps and many complete sessions against the binary the
/// test was built with. Run against the release binary:
///
/// `cargo test --release --test pty_kiosk -- --ignored --nocapture soak`
///
/// SOAK_SESSIONS (default 1000), SOAK_IDLE_WIPES (real 30 s idle wipes, default 2) and
/// SOAK_SEED change the run.
#[test]
#[ignore = "soak test: cargo test --release --test pty_kiosk -- --ignored --nocapture soak"]
fn soak_random_keys_and_taps_over_many_sessions() {
    let wanted = env_number("SOAK_SESSIONS", 1000);
    let idle_wipes = env_number("SOAK_IDLE_WIPES", 2);
    let seed = env_number("SOAK_SEED", 0x9E37_79B9_7F4A_7C15).max(1);
    let (_dir, spool) = spool_folder();
    let spool_arg = spool.display().to_string();
    let mut kiosk = Kiosk::start(&["--spool", &spool_arg], "", 1);
    let pid = kiosk.pid();
    let started = Instant::now();
    let at_start = memory(pid);
    let mut warmed_up = at_start;
    let mut rng = Rng(seed);
    let (mut events, mut sessions, mut wiped_idle, mut sent) = (0u64, 0u64, 0u64, 0u64);
    let mut in_session = false;
    let idle_at: Vec<u64> = (1..=idle_wipes)
        .map(|i| i * wanted / (idle_wipes + 1))
        .collect();
    while sessions < wanted {
        kiosk.assert_alive();
        let screen = kiosk.contents();
        if screen.contains("Touch the screen or press any key to start") {
            if in_session {
                sessions += 1;
                if sessions == 20.min(wanted) {
                    warmed_up = memory(pid);
                }
                if sessions % 50 == 0 {
                    let (rss, hwm) = memory(pid);
                    eprintln!(
                        "soak: {sessions} sessions, {events} events, VmRSS {rss} kB, VmHWM {hwm} kB"
                    );
                }
            }
            for word in ANSWER_WORDS {
                assert!(!screen.contains(word), "{word:?} on the welcome:\n{screen}");
            }
            kiosk.send(ENTER);
            events += 1;
            kiosk.wait_for("the first question", |seen| {
                seen.parser.screen().contents().contains("Any of these?") && frame_done(&seen.raw)
            });
            let first = kiosk.contents();
            assert!(!first.contains("[x]"), "a tick left over:\n{first}");
            in_session = true;
            if idle_at.contains(&sessions) && wiped_idle < idle_wipes {
                // Walk away: the real idle timeout and warning wipe the session.
                kiosk.send("2");
                kiosk.wait_for_text("[x] 2. Fever");
                kiosk.wait_for_within("the idle wipe", Duration::from_secs(150), |seen| {
                    seen.contents().contains("press any key to start")
                });
                wiped_idle += 1;
            }
            continue;
        }
        for _ in 0..rng.below(6) {
            if rng.below(3) == 0 {
                let (x, y) = (rng.below(80) as u16, rng.below(24) as u16);
                if rng.below(8) == 0 {
                    // The wheel.
                    let button = 64 + rng.below(2);
                    kiosk.send(&format!("\x1b[<{button};{};{}M", x + 1, y + 1));
                } else {
                    kiosk.click(x, y);
                }
            } else {
                let key = RANDOM_KEYS[rng.below(RANDOM_KEYS.len() as u64) as usize];
                kiosk.send(key);
            }
            events += 1;
        }
        kiosk.sync();
        // Then move the session on, as a patient would.
        let screen = kiosk.contents();
        if screen.contains("Are you still there?") || screen.contains("could not be sent") {
            kiosk.send("x");
        } else if screen.contains("please give it at the desk") {
            sent += 1;
            kiosk.send(ENTER);
        } else if screen.contains("Please let reception know") {
            kiosk.click(40, 12);
        } else if screen.contains("Your result") {
            kiosk.send(if rng.below(3) == 0 { "s" } else { ENTER });
        } else if screen.contains("Check your answers") {
            kiosk.send("\x1b[F");
            kiosk.send(ENTER);
        } else if screen.contains("Question ") {
            let digit = if screen.contains("How bad is it?") {
                rng.below(10)
            } else {
                1 + rng.below(3)
            };
            kiosk.send(&digit.to_string());
            kiosk.send(ENTER);
        }
        events += 1;
        kiosk.sync();
    }
    let at_end = memory(pid);
    let elapsed = started.elapsed();
    eprintln!(
        "soak: {sessions} sessions ({wiped_idle} idle wipes, {sent} sent to reception), \
         {events} events in {elapsed:.0?}; VmRSS/VmHWM kB: start {at_start:?}, \
         after 20 sessions {warmed_up:?}, end {at_end:?}"
    );
    // Flat: after warming up the peak grows by less than 1 MiB over all the sessions.
    assert!(
        at_end.1 <= warmed_up.1 + 1024,
        "peak memory grew from {} kB to {} kB",
        warmed_up.1,
        at_end.1
    );
    kiosk.staff_exit();
    assert_eq!(kiosk.exit_code(), STAFF_EXIT);
    kiosk.assert_restored();
}

#[test]
fn sigquit_restores_the_terminal_and_exits_131() {
    let mut kiosk = Kiosk::start(&[], "", 1);
    kiosk.send(ENTER);
    kiosk.wait_for_text("Any of these?");
    kiosk.signal("QUIT");
    assert_eq!(kiosk.exit_code(), 131);
    kiosk.assert_restored();
}

/// The box kiosk mode shows while a send to reception is under way.
#[cfg(feature = "fault-injection")]
const SENDING: &str = "Sending your answers to reception";

/// Kiosk mode with a spool folder (in the kiosk's own temp folder, returned) and these
/// environment variables (the faults), at the result screen of a knee-pain session.
#[cfg(feature = "fault-injection")]
fn kiosk_at_a_result(env: &[(&str, &str)], clock_speed: u32) -> (Kiosk, std::path::PathBuf) {
    let (dir, spool) = spool_folder();
    let config = config(dir.path(), "");
    let pty = Pty::builder()
        .args(["--questions", "tests/fixtures/small.toml", "--kiosk"])
        .args(["--config", &config])
        .arg("--spool")
        .arg(&spool)
        .env("PAINPATH_CLOCK_SPEED", clock_speed.to_string())
        .envs(env)
        .scrollback(100)
        .deadline(DEADLINE)
        .start();
    let mut kiosk = Kiosk { pty, _dir: dir };
    kiosk.wait_for_welcome();
    kiosk.send("\r3\r3\r\r");
    kiosk.wait_for_text("Send my answers to reception");
    (kiosk, spool)
}

/// The names in the spool folder that reception could see (not the hidden temp files).
fn handoffs(spool: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(spool)
        .expect("read spool")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();
    names
}

/// A send stuck in the folder (the write never returns, as on a hung network share) does
/// not freeze the kiosk: "Sending…" shows, and F10 with the PIN still leaves.
#[cfg(feature = "fault-injection")]
#[test]
fn a_stalled_send_shows_sending_and_the_staff_exit_still_works() {
    let (mut kiosk, spool) = kiosk_at_a_result(&[("PAINPATH_FAULT", "stall-write")], 1);
    kiosk.send("s");
    kiosk.wait_for_text(SENDING);
    assert!(kiosk.running());
    kiosk.staff_exit();
    assert_eq!(kiosk.exit_code(), STAFF_EXIT);
    kiosk.assert_restored();
    assert_eq!(
        handoffs(&spool),
        Vec::<String>::new(),
        "a hand-off was left"
    );
}

/// The result's timeout still wipes the session while its send is stuck; the kiosk goes on
/// with the next person, and the stuck send leaves nothing behind.
#[cfg(feature = "fault-injection")]
#[test]
fn a_stalled_send_does_not_stop_the_idle_wipe() {
    let (mut kiosk, spool) = kiosk_at_a_result(
        &[
            ("PAINPATH_FAULT", "stall-write"),
            // Far beyond the result's 10 s: the wipe comes first.
            ("PAINPATH_SEND_TIMEOUT_MS", "600000"),
        ],
        10,
    );
    kiosk.send("s");
    kiosk.wait_for_text(SENDING);
    kiosk.wait_for_welcome();
    let screen = kiosk.contents();
    for word in ["Knee", "Sending", "Your code"] {
        assert!(!screen.contains(word), "{word:?} still shown:\n{screen}");
    }
    // The loop serves the next person.
    kiosk.send(ENTER);
    kiosk.wait_for_text("Any of these?");
    assert_eq!(handoffs(&spool), Vec::<String>::new());
    kiosk.staff_exit();
    assert_eq!(kiosk.exit_code(), STAFF_EXIT);
    assert_eq!(handoffs(&spool), Vec::<String>::new());
}

/// A send that takes longer than its deadline is reported on screen, the session stays for
/// another try, nothing is left in the folder, and while the stuck send is out a new one is
/// refused at once.
#[cfg(feature = "fault-injection")]
#[test]
fn a_send_that_times_out_says_so_keeps_the_session_and_leaves_nothing() {
    let (mut kiosk, spool) = kiosk_at_a_result(
        &[
            ("PAINPATH_FAULT", "stall-write"),
            ("PAINPATH_SEND_TIMEOUT_MS", "2000"),
        ],
        1,
    );
    kiosk.send("s");
    kiosk.wait_for_text(SENDING);
    kiosk.wait_for_text("could not be sent");
    kiosk.wait_for_text("no answer within 2 seconds");
    assert_eq!(handoffs(&spool), Vec::<String>::new());
    kiosk.send("x");
    kiosk.wait_for("the message to close", |seen| {
        !seen.contents().contains("could not be sent")
    });
    assert!(
        kiosk.contents().contains("Knee"),
        "the result is still there"
    );
    kiosk.send("s");
    kiosk.wait_for_text("still no answer");
    kiosk.staff_exit();
    assert_eq!(kiosk.exit_code(), STAFF_EXIT);
    assert_eq!(handoffs(&spool), Vec::<String>::new());
}

/// A send whose link on the share is slow (2 s each) finishes after its 3 s deadline: the
/// patient was told it was not sent, so the worker takes back what it named late, and no
/// hand-off is left for reception.
#[cfg(feature = "fault-injection")]
#[test]
fn a_send_that_finishes_after_its_deadline_takes_its_hand_off_back() {
    let (mut kiosk, spool) = kiosk_at_a_result(
        &[
            ("PAINPATH_FAULT", "slow-link"),
            ("PAINPATH_FAULT_DELAY_MS", "2000"),
            ("PAINPATH_SEND_TIMEOUT_MS", "3000"),
        ],
        1,
    );
    kiosk.send("s");
    kiosk.wait_for_text(SENDING);
    // The answers' file is named after 2 s; the summary's link is under way at the deadline.
    let deadline = Instant::now() + DEADLINE;
    let mut named = false;
    loop {
        let names: Vec<String> = std::fs::read_dir(&spool)
            .expect("read spool")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        named |= names
            .iter()
            .any(|n| n.ends_with(".json") && !n.starts_with('.'));
        if named && names.is_empty() && kiosk.contents().contains("could not be sent") {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the late send left {names:?}; the screen shows:\n{}",
            kiosk.contents()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(kiosk.contents().contains("no answer within 3 seconds"));
    assert!(kiosk.running());
    kiosk.staff_exit();
    assert_eq!(kiosk.exit_code(), STAFF_EXIT);
    assert_eq!(handoffs(&spool), Vec::<String>::new());
}

/// Three wrong PINs lock the prompt, and a restart (a kill, a pulled plug) does not forgive
/// them: the lockout is kept in the state folder's `pin-lockout` and read at start.
#[test]
fn wrong_pins_stay_locked_across_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = dir.path().join("state");
    std::fs::create_dir(&state).expect("state folder");
    let config = config(
        dir.path(),
        &format!("state_dir = \"{}\"\n", state.display()),
    );
    let mut kiosk = Kiosk::start_with(dir, &config, &[], 1);
    for _ in 0..3 {
        kiosk.send(F10);
        kiosk.wait_for_text("PIN:");
        kiosk.send("000000");
        kiosk.wait_for_text("PIN: ••••••");
        kiosk.send(ENTER);
        kiosk.wait_for("the prompt to close", |seen| {
            !seen.contents().contains("Staff exit")
        });
    }
    kiosk.send(F10);
    kiosk.wait_for_text("Too many wrong PINs");
    // Written by the kiosk's writer thread, moments after the third wrong PIN.
    let file = state.join("pin-lockout");
    let deadline = Instant::now() + DEADLINE;
    while !std::fs::read_to_string(&file).is_ok_and(|kept| kept.contains("failures = 3")) {
        assert!(
            Instant::now() < deadline,
            "{file:?} never recorded the third wrong PIN"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    kiosk.signal("TERM");
    assert_eq!(kiosk.exit_code(), 0);

    // Started again with the same config: still locked, and the right PIN does nothing.
    let Kiosk { pty, _dir: dir } = kiosk;
    drop(pty);
    let mut kiosk = Kiosk::start_with(dir, &config, &[], 1);
    kiosk.send(F10);
    kiosk.wait_for_text("Too many wrong PINs");
    assert!(
        kiosk.contents().contains("Try again in"),
        "{}",
        kiosk.contents()
    );
    kiosk.send(PIN);
    kiosk.send(ENTER);
    kiosk.wait_for("the locked prompt to close", |seen| {
        !seen.contents().contains("Too many wrong PINs")
    });
    assert!(kiosk.running(), "the right PIN worked while locked");
    kiosk.send(F10);
    kiosk.wait_for_text("Too many wrong PINs");
}

/// The config holds the PIN's hash: kiosk mode does not start while other users can read or
/// change it, nor through a symlink, and says which chown and chmod to run.
#[test]
fn kiosk_refuses_a_config_others_can_read_and_says_what_to_run() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let config = config(dir.path(), "");
    let start = |config: &str| {
        Command::new(env!("CARGO_BIN_EXE_painpath"))
            .args(["--kiosk", "--config", config])
            .output()
            .expect("run painpath")
    };
    for mode in [0o644, 0o604, 0o620] {
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(mode)).expect("chmod");
        let out = start(&config);
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("mode 0{mode:o}")), "{err}");
        assert!(err.contains(&format!("chmod 0640 {config}")), "{err}");
        assert!(
            err.contains(&format!("chown root:painpath {config}")),
            "{err}"
        );
    }
    let link = dir.path().join("link.toml");
    std::os::unix::fs::symlink(&config, &link).expect("symlink");
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let out = start(&link.display().to_string());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("is a symlink"), "{err}");
    // Once fixed, the config passes; without a terminal the start stops later.
    for mode in [0o640, 0o600] {
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(mode)).expect("chmod");
        let err = String::from_utf8_lossy(&start(&config).stderr).into_owned();
        assert!(err.contains("needs a terminal"), "mode {mode:o}: {err}");
    }
}

/// A PIN hash cheaper than the minimum, or an old PBKDF2 one, stops kiosk mode at start with
/// the config's line and what to do.
#[test]
fn kiosk_refuses_cheap_and_old_pin_hashes() {
    let old = "pbkdf2-sha256$100000$73616c7479$\
               55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc";
    let cheap = PinHash::new(PIN, b"pty-test-salt-16", 1).to_string();
    for (hash, why) in [(old, "PBKDF2"), (cheap.as_str(), "too cheap")] {
        let dir = tempfile::tempdir().expect("temp dir");
        let config = write_config(
            dir.path(),
            &format!("[kiosk]\npin_hash = \"{hash}\"\n"),
            0o600,
        );
        let out = Command::new(env!("CARGO_BIN_EXE_painpath"))
            .args(["--kiosk", "--config", &config])
            .output()
            .expect("run painpath");
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&format!("{config}:2:")), "{err}");
        assert!(err.contains(why), "{err}");
        assert!(err.contains("painpath kiosk-pin"), "{err}");
    }
}

/// `kill -TSTP` at the PIN prompt stops kiosk-pin with the terminal given back as it was (echo
/// on for the shell), and `fg` takes up the PIN where it was, without echo again. dash, the
/// shell here, leaves the terminal as a stopped job left it (bash would put back its own).
#[test]
fn kiosk_pin_stopped_at_its_prompt_gives_the_shell_echo_and_takes_the_pin_after_fg() {
    let painpath = std::env::var("PAINPATH_TEST_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_painpath").to_string());
    let mut shell = Pty::program("dash")
        .arg("-i")
        .env("PS1", "$ ")
        .deadline(DEADLINE)
        .start();
    shell.wait_for_text("$ ");
    shell.send(&format!("{painpath} kiosk-pin\r"));
    shell.wait_for_text("New staff PIN (6 to 12 digits):");
    shell.wait_for_echo(false);
    shell.send("2468");
    // Stopped before reading them, kiosk-pin would leave the digits for the shell to read.
    shell.wait_for_input_taken();
    let children = format!("/proc/{0}/task/{0}/children", shell.pid());
    let pin = std::fs::read_to_string(&children).expect("the shell's children");
    let pin = pin.split_whitespace().next().expect("kiosk-pin runs");
    let status = Command::new("kill")
        .args(["-TSTP", pin])
        .status()
        .expect("run kill");
    assert!(status.success());
    shell.wait_for_text("Stopped");
    let settings = shell.settings();
    let words: Vec<&str> = settings.split_whitespace().collect();
    assert!(
        words.contains(&"echo") && words.contains(&"icanon"),
        "the stopped kiosk-pin left the shell's terminal raw: {settings}"
    );
    shell.send("fg\r");
    shell.wait_for_echo(false);
    shell.send("13\r");
    shell.wait_for_text("The same PIN again:");
    shell.send("246813\r");
    shell.wait_for_text("Paste that line");
    let screen = shell.contents();
    assert!(!screen.contains("2468"), "the PIN was echoed:\n{screen}");
    let stored = screen
        .lines()
        .find_map(|l| l.trim().strip_prefix("pin_hash = \""))
        .and_then(|l| l.strip_suffix('"'))
        .unwrap_or_else(|| panic!("no pin_hash line:\n{screen}"));
    assert!(PinHash::parse(stored).expect("parses").matches("246813"));
    shell.wait_for_echo(true);
    shell.send("exit\r");
    assert_eq!(shell.exit_code(), 0);
}

/// `painpath kiosk-pin` on a terminal: a PIN of fewer than 6 digits is refused and nothing is
/// printed; six digits twice print an Argon2id hash of it.
#[test]
fn kiosk_pin_on_a_terminal_wants_six_digits() {
    let mut short = Pty::builder().arg("kiosk-pin").deadline(DEADLINE).start();
    short.wait_for_text("New staff PIN (6 to 12 digits):");
    short.send("24681\r");
    short.wait_for_text("the PIN must be 6 to 12 digits; nothing was printed");
    assert_eq!(short.exit_code(), 1);
    assert!(!short.contents().contains("pin_hash"));

    let mut good = Pty::builder().arg("kiosk-pin").deadline(DEADLINE).start();
    good.wait_for_text("New staff PIN (6 to 12 digits):");
    good.send("135790\r");
    good.wait_for_text("The same PIN again:");
    good.send("135790\r");
    good.wait_for_text("Paste that line");
    assert_eq!(good.exit_code(), 0);
    let screen = good.contents();
    assert!(!screen.contains("135790"), "the PIN was echoed:\n{screen}");
    let stored = screen
        .lines()
        .find_map(|l| l.trim().strip_prefix("pin_hash = \""))
        .and_then(|l| l.strip_suffix('"'))
        .unwrap_or_else(|| panic!("no pin_hash line:\n{screen}"));
    assert!(PinHash::parse(stored).expect("parses").matches("135790"));
}

#[test]
fn the_welcome_offers_the_languages_and_the_wipe_returns_to_the_clinics() {
    // small.toml has small.es.toml beside it: the welcome offers English and Español.
    let (_dir, spool) = spool_folder();
    let spool_arg = spool.display().to_string();
    let mut kiosk = Kiosk::start(&["--spool", &spool_arg], "", 10);
    kiosk.wait_for_text("1  English");
    kiosk.wait_for_text("2  Español");
    // A tap on "Español": the welcome speaks Spanish; it does not start yet.
    let (x, y) = kiosk.find("2  Español");
    kiosk.click(x + 2, y);
    kiosk.wait_for_text("No es un diagnóstico.");
    assert!(!kiosk.contents().contains("Not a diagnosis."));
    // Any other tap starts, in Spanish.
    kiosk.click(1, 1);
    kiosk.wait_for_text("¿Alguno de estos?");
    kiosk.send("3");
    kiosk.send(ENTER);
    kiosk.wait_for_text("¿Dónde le duele?");
    // Left alone, the session is wiped and the next person starts in the clinic's language.
    kiosk.wait_for("the welcome again, in English", |seen| {
        let screen = seen.parser.screen().contents();
        screen.contains("Touch the screen or press any key to start")
            && screen.contains("Not a diagnosis.")
    });
    let screen = kiosk.contents();
    assert!(!screen.contains("Dónde"), "{screen}");
    // The keyboard chooses too: 2 for Español, then any other key starts.
    kiosk.send("2");
    kiosk.wait_for_text("No es un diagnóstico.");
    kiosk.send(ENTER);
    kiosk.wait_for_text("¿Alguno de estos?");
    kiosk.staff_exit();
    assert_eq!(kiosk.exit_code(), STAFF_EXIT);
    kiosk.assert_restored();
}

#[test]
fn a_session_in_spanish_reaches_reception_in_the_clinics_language() {
    let (_dir, spool) = spool_folder();
    let spool_arg = spool.display().to_string();
    let mut kiosk = Kiosk::start(&["--spool", &spool_arg], "", 1);
    kiosk.send("2");
    kiosk.wait_for_text("No es un diagnóstico.");
    kiosk.send(ENTER);
    kiosk.wait_for_text("¿Alguno de estos?");
    kiosk.send("3");
    kiosk.send(ENTER);
    kiosk.wait_for_text("¿Dónde le duele?");
    kiosk.send("3");
    kiosk.send(ENTER);
    let words = painpath::content::words::for_language("es");
    let see = words.tui.buttons.see_result.clone();
    let (x, y) = kiosk.find(&see);
    kiosk.click(x + 1, y);
    kiosk.wait_for_text("Rodilla");
    let send = words.tui.buttons.send.clone();
    kiosk.wait_for_text(&send);
    let (x, y) = kiosk.find(&send);
    kiosk.click(x, y);
    // The code screen still speaks the patient's language, though the session is gone.
    kiosk.wait_for_text(&words.kiosk.code_heading);
    kiosk.wait_for("both files in the spool", |_| spool_has_a_pair(&spool));
    assert!(
        !kiosk.contents().contains("Your code"),
        "{}",
        kiosk.contents()
    );
    let names = handoffs(&spool);
    let md = names
        .iter()
        .find(|n| n.ends_with(".md"))
        .expect("a summary");
    let text = std::fs::read_to_string(spool.join(md)).expect("read summary");
    assert!(text.contains("\nlanguage: es\n"), "{text}");
    assert!(text.contains("## Result: Knee"), "{text}");
    assert!(text.contains("answered in Español (es)"), "{text}");
    // Finished: "All done" in Spanish, then the next person's welcome in English.
    kiosk.send(ENTER);
    kiosk.wait_for_text(&words.kiosk.all_done);
    kiosk.send(ENTER);
    kiosk.wait_for_text("Not a diagnosis.");
    kiosk.staff_exit();
    assert_eq!(kiosk.exit_code(), STAFF_EXIT);
}

fn spool_has_a_pair(spool: &Path) -> bool {
    let names = handoffs(spool);
    names.iter().any(|n| n.ends_with(".md")) && names.iter().any(|n| n.ends_with(".json"))
}

/// A patient taps Español on the welcome and walks away: after the idle time the welcome is
/// back in the clinic's language, without anyone starting.
#[test]
fn a_language_left_chosen_on_the_welcome_returns_to_the_clinics() {
    // idle_seconds = 10 on a clock ten times as fast: about a second.
    let mut kiosk = Kiosk::start(&[], "", 10);
    let (x, y) = kiosk.find("2  Español");
    kiosk.click(x + 2, y);
    kiosk.wait_for_text("No es un diagnóstico.");
    kiosk.wait_for("the welcome in English again", |seen| {
        let screen = seen.parser.screen().contents();
        screen.contains("Touch the screen or press any key to start")
            && screen.contains("Not a diagnosis.")
    });
    assert!(!kiosk.contents().contains("No es un diagnóstico."));
    kiosk.staff_exit();
    assert_eq!(kiosk.exit_code(), STAFF_EXIT);
    kiosk.assert_restored();
}

/// A file size limit (`ulimit -f`) smaller than a hand-off: the send fails as on a full disk
/// (said on screen, the session kept, no file left in the spool, not even a temporary one)
/// instead of SIGXFSZ killing the kiosk (status 153).
#[test]
fn a_file_size_limit_fails_the_send_and_the_kiosk_goes_on() {
    let (dir, spool) = spool_folder();
    let config = config(dir.path(), "");
    let painpath = std::env::var_os("PAINPATH_TEST_BIN")
        .unwrap_or_else(|| env!("CARGO_BIN_EXE_painpath").into());
    let pty = Pty::program("sh")
        .args(["-c", "ulimit -f 1 && exec \"$0\" \"$@\""])
        .arg(painpath)
        .args(["--questions", "tests/fixtures/small.toml", "--kiosk"])
        .args(["--config", &config])
        .arg("--spool")
        .arg(&spool)
        .scrollback(100)
        .deadline(DEADLINE)
        .start();
    let mut kiosk = Kiosk { pty, _dir: dir };
    kiosk.wait_for_welcome();
    kiosk.send("\r3\r3\r\r");
    kiosk.wait_for_text("Send my answers to reception");
    kiosk.send("s");
    kiosk.wait_for_text("could not be sent");
    assert!(kiosk.running());
    let names: Vec<String> = std::fs::read_dir(&spool)
        .expect("read spool")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, Vec::<String>::new());
    kiosk.send("x");
    kiosk.wait_for("the message to close", |seen| {
        !seen.contents().contains("could not be sent")
    });
    assert!(
        kiosk.contents().contains("Knee"),
        "the result is still there"
    );
    kiosk.staff_exit();
    assert_eq!(kiosk.exit_code(), STAFF_EXIT);
    kiosk.assert_restored();
}

/// What of one patient's session only that session produces, read from the hand-off it
/// wrote: the front matter's code and time, the code as the screen showed it, the file
/// names, and each answer as the summary's "answers" section renders it (the questions'
/// own texts are loaded for everyone; a question with the answer given to it is not).
fn patient_markers(spool: &Path, code: &str) -> Vec<String> {
    let summary = std::fs::read_to_string(spool.join(format!("{code}.md"))).expect("summary");
    let authored = summary
        .lines()
        .find_map(|l| l.strip_prefix("authored: "))
        .unwrap_or_else(|| panic!("no authored line:\n{summary}"));
    let mut markers = vec![
        format!("code: {code}"),
        authored.to_string(),
        format!("/{code}.md"),
        format!("/{code}.json"),
    ];
    let lines: Vec<&str> = summary.lines().collect();
    for pair in lines.windows(2) {
        let numbered = pair[0]
            .split_once(". **")
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        if numbered && pair[1].starts_with("   ") {
            let prompt = pair[0].split_once(". ").map_or("", |(_, p)| p);
            markers.push(format!("{prompt}\n{}", pair[1]));
        }
    }
    assert!(markers.len() >= 6, "no answers in the summary:\n{summary}");
    markers
}

/// The names of process `pid`'s threads.
fn threads(pid: u32) -> Vec<String> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return Vec::new();
    };
    tasks
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("comm")).ok())
        .map(|name| name.trim_end().to_string())
        .collect()
}

/// Hands `look` each mapping of process `pid` that it can write to (heap, anonymous mappings,
/// stacks, its data) with its address range and name, read through /proc/PID/mem, which a
/// parent may read (ptrace's rules: the same user and a dumpable process, or a parent under
/// Yama's ptrace_scope 1). Returns how many bytes were read.
fn read_writable_memory(pid: u32, mut look: impl FnMut(&str, &str, u64, &[u8])) -> usize {
    use std::os::unix::fs::FileExt;
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).expect("maps");
    let mem = std::fs::File::open(format!("/proc/{pid}/mem")).unwrap_or_else(|err| {
        panic!(
            "cannot open /proc/{pid}/mem ({err}): ptrace rules forbid it here \
             (/proc/sys/kernel/yama/ptrace_scope 2 or 3?)"
        )
    });
    let mut read = 0;
    for line in maps.lines() {
        let mut fields = line.split_whitespace();
        let (Some(range), Some(perms)) = (fields.next(), fields.next()) else {
            continue;
        };
        if !perms.starts_with("rw") {
            continue;
        }
        let name = fields.nth(3).unwrap_or("[anonymous]");
        let Some((Some(start), Some(end))) = range.split_once('-').map(|(s, e)| {
            (
                u64::from_str_radix(s, 16).ok(),
                u64::from_str_radix(e, 16).ok(),
            )
        }) else {
            continue;
        };
        let mut bytes = vec![0u8; (end - start) as usize];
        let Ok(n) = mem.read_at(&mut bytes, start) else {
            continue;
        };
        read += n;
        look(range, name, start, &bytes[..n]);
    }
    read
}

/// Each of `markers` found in the writable memory of process `pid`, with where; and how
/// many bytes were read.
fn find_in_memory(pid: u32, markers: &[String]) -> (Vec<String>, usize) {
    // One pass: a byte that starts some marker is checked against those markers.
    let mut starts = [false; 256];
    for marker in markers {
        starts[usize::from(marker.as_bytes()[0])] = true;
    }
    let mut found = Vec::new();
    let read = read_writable_memory(pid, |range, name, start, bytes| {
        for at in 0..bytes.len() {
            if !starts[usize::from(bytes[at])] {
                continue;
            }
            for marker in markers {
                if bytes[at..].starts_with(marker.as_bytes()) {
                    let at = start + at as u64;
                    found.push(format!("{marker:?} at {at:#x} in {name} ({range})"));
                }
            }
        }
    });
    (found, read)
}

/// Where the writable memory of process `pid` holds `text` as a row of screen cells does:
/// one character in each ratatui `Cell`.
fn find_in_cells(pid: u32, text: &str) -> Vec<String> {
    let stride = std::mem::size_of::<ratatui::buffer::Cell>();
    let text = text.as_bytes();
    let span = (text.len() - 1) * stride;
    let mut found = Vec::new();
    read_writable_memory(pid, |range, name, start, bytes| {
        for at in 0..bytes.len().saturating_sub(span) {
            if text
                .iter()
                .enumerate()
                .all(|(k, &b)| bytes[at + k * stride] == b)
            {
                found.push(format!("{:#x} in {name} ({range})", start + at as u64));
            }
        }
    });
    found
}

/// After a hand-off is sent and the patient finishes, the kiosk at the next welcome holds
/// nothing of that session in its memory: neither the hand-off's front matter and summary,
/// nor the answers, nor the code.
#[test]
fn after_a_hand_off_and_finish_no_memory_of_the_kiosk_holds_the_patients_session() {
    let (_dir, spool) = spool_folder();
    let spool_arg = spool.display().to_string();
    let mut kiosk = Kiosk::start(&["--spool", &spool_arg], "", 1);
    // Fever, low back, groin pain: no, 7 out of 10.
    kiosk.send(ENTER);
    for (question, keys) in [
        ("Any of these?", "2\r"),
        ("Where is the pain?", "1\r"),
        ("Is there groin pain?", "2\r"),
        ("How bad is it?", "7\r"),
    ] {
        kiosk.wait_for_text(question);
        kiosk.send(keys);
    }
    kiosk.wait_for_text("See my result");
    kiosk.send(ENTER);
    kiosk.wait_for_text("Send my answers to reception");
    kiosk.send("s");
    kiosk.wait_for_text("please give it at the desk");
    let screen = kiosk.contents();
    let code = screen
        .lines()
        .find_map(|l| l.trim().strip_prefix("Your code: "))
        .and_then(|rest| rest.split(',').next())
        .expect("a code line")
        .to_string();
    let markers = patient_markers(&spool, &code);
    // The screen's cells hold the code as it shows, one character in each.
    let shown = format!("Your code: {code}");
    assert!(
        !find_in_cells(kiosk.pid(), &shown).is_empty(),
        "no cells hold {shown:?}"
    );
    kiosk.send(ENTER);
    kiosk.wait_for_text("Please let reception know");
    kiosk.send(ENTER);
    kiosk.wait_for_welcome();
    // The send's thread has ended (what it zeroes, it zeroes before it ends).
    let deadline = Instant::now() + DEADLINE;
    while threads(kiosk.pid())
        .iter()
        .any(|name| name == "painpath-send")
    {
        assert!(Instant::now() < deadline, "the send's thread never ended");
        std::thread::sleep(Duration::from_millis(10));
    }
    // The questions, loaded for everyone, are there: the scan does see the kiosk's memory.
    let (loaded, _) = find_in_memory(kiosk.pid(), &["Is there groin pain?".to_string()]);
    assert!(!loaded.is_empty(), "the scan found not even the questions");
    let (found, read) = find_in_memory(kiosk.pid(), &markers);
    assert!(read > 0, "nothing of the kiosk's memory could be read");
    assert!(
        found.is_empty(),
        "the kiosk at the welcome still holds the last patient's session ({read} bytes \
         read):\n{}",
        found.join("\n")
    );
    let cells = find_in_cells(kiosk.pid(), &shown);
    assert!(
        cells.is_empty(),
        "screen cells still hold {shown:?}: {cells:?}"
    );
    kiosk.staff_exit();
    assert_eq!(kiosk.exit_code(), STAFF_EXIT);
}

/// A send stuck in the folder does not keep the kiosk from ending: SIGTERM ends it with 0,
/// its terminal restored, so that its supervisor can start it again; nothing is left for
/// reception.
#[cfg(feature = "fault-injection")]
#[test]
fn a_stalled_send_does_not_keep_sigterm_from_ending_the_kiosk() {
    let (mut kiosk, spool) = kiosk_at_a_result(&[("PAINPATH_FAULT", "stall-write")], 1);
    kiosk.send("s");
    kiosk.wait_for_text(SENDING);
    kiosk.signal("TERM");
    assert_eq!(kiosk.exit_code(), 0);
    kiosk.assert_restored();
    assert_eq!(handoffs(&spool), Vec::<String>::new());
}

/// The spool folder's start-up check stuck (a share that does not answer): the welcome is
/// drawn all the same while it lasts, a session can be answered, and the staff exit works.
#[cfg(feature = "fault-injection")]
#[test]
fn a_stalled_spool_check_at_start_up_still_draws_the_welcome() {
    let (dir, spool) = spool_folder();
    let config = config(dir.path(), "");
    let pty = Pty::builder()
        .args(["--questions", "tests/fixtures/small.toml", "--kiosk"])
        .args(["--config", &config])
        .arg("--spool")
        .arg(&spool)
        .env("PAINPATH_FAULT", "stall-spool-check")
        .scrollback(100)
        .deadline(DEADLINE)
        .start();
    let mut kiosk = Kiosk { pty, _dir: dir };
    kiosk.wait_for_welcome();
    assert!(kiosk.contents().contains("Not a diagnosis."));
    kiosk.send("\r3\r3\r");
    kiosk.wait_for_text("Knee");
    kiosk.staff_exit();
    assert_eq!(kiosk.exit_code(), STAFF_EXIT);
    kiosk.assert_restored();
}

/// A spool folder found unusable only after the welcome was drawn (the check answered late)
/// ends the kiosk with the same message as at start, its terminal restored.
#[cfg(feature = "fault-injection")]
#[test]
fn a_spool_check_that_fails_late_ends_the_kiosk_with_its_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spool = dir.path().join("spool");
    let config = config(dir.path(), "");
    let pty = Pty::builder()
        .args(["--questions", "tests/fixtures/small.toml", "--kiosk"])
        .args(["--config", &config])
        .arg("--spool")
        .arg(&spool)
        .env("PAINPATH_FAULT", "slow-spool-check")
        .env("PAINPATH_FAULT_DELAY_MS", "1500")
        .scrollback(100)
        .deadline(DEADLINE)
        .start();
    let mut kiosk = Kiosk { pty, _dir: dir };
    kiosk.wait_for_welcome();
    assert_eq!(kiosk.exit_code(), 1);
    kiosk.assert_restored();
    kiosk.wait_for_text("cannot be used");
    assert!(
        kiosk.contents().contains("mkdir -p"),
        "{}",
        kiosk.contents()
    );
}

/// A file system of its own for the spool folder: a small ext4 image mounted through a loop
/// device in a temporary folder. Dropping it thaws the file system (should a test have left
/// it frozen) and unmounts it, even when the test failed.
struct LoopMount {
    mount: std::path::PathBuf,
    // Last, so that the image and its folder go only after the unmount.
    _dir: tempfile::TempDir,
}

impl LoopMount {
    /// Makes and mounts the file system, or says why it cannot be done here. Needs root, a
    /// loop device, `mkfs.ext4`, `mount`, `umount` and `fsfreeze`.
    fn make() -> Result<LoopMount, String> {
        use std::os::unix::fs::MetadataExt;
        let uid = std::fs::metadata("/proc/self").map_err(|err| format!("/proc/self: {err}"))?;
        if uid.uid() != 0 {
            return Err("not running as root (a loop mount and fsfreeze need it)".into());
        }
        if !Path::new("/dev/loop-control").exists() {
            return Err("no /dev/loop-control".into());
        }
        let dir = tempfile::tempdir().map_err(|err| format!("temp dir: {err}"))?;
        let image = dir.path().join("spool.ext4");
        let mount = dir.path().join("mount");
        std::fs::create_dir(&mount).map_err(|err| format!("mount point: {err}"))?;
        std::fs::File::create(&image)
            .and_then(|file| file.set_len(16 << 20))
            .map_err(|err| format!("image: {err}"))?;
        run_tool(Command::new("mkfs.ext4").args(["-q", "-F"]).arg(&image))?;
        run_tool(
            Command::new("mount")
                .args(["-o", "loop"])
                .arg(&image)
                .arg(&mount),
        )?;
        Ok(LoopMount { mount, _dir: dir })
    }

    /// Freezes the file system until the guard returned is dropped: every write to it then
    /// sleeps in the kernel, uninterruptibly (state D).
    fn freeze(&self) -> Frozen<'_> {
        let frozen = Frozen(self);
        run_tool(Command::new("fsfreeze").arg("-f").arg(&self.mount)).expect("fsfreeze -f");
        frozen
    }

    fn thaw(&self) {
        let _ = Command::new("fsfreeze")
            .arg("-u")
            .arg(&self.mount)
            .stderr(std::process::Stdio::null())
            .status();
    }
}

impl Drop for LoopMount {
    fn drop(&mut self) {
        self.thaw();
        let _ = Command::new("umount").arg("-l").arg(&self.mount).status();
    }
}

/// A frozen [`LoopMount`]; thawed when dropped.
struct Frozen<'m>(&'m LoopMount);

impl Drop for Frozen<'_> {
    fn drop(&mut self) {
        self.0.thaw();
    }
}

/// Runs a tool to its end; its error output is the reason when it fails.
fn run_tool(command: &mut Command) -> Result<(), String> {
    let shown = format!("{command:?}");
    let output = command.output().map_err(|err| format!("{shown}: {err}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{shown}: {}: {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// The process ids of `pid`'s children, as the kernel lists them for each of its threads.
fn children(pid: u32) -> Vec<u32> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return Vec::new();
    };
    tasks
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("children")).ok())
        .flat_map(|list| {
            list.split_whitespace()
                .filter_map(|n| n.parse().ok())
                .collect::<Vec<u32>>()
        })
        .collect()
}

/// Each thread of process `pid` as `name: state` (`painpath-send: D (disk sleep)`).
fn thread_states(pid: u32) -> Vec<String> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return Vec::new();
    };
    tasks
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("status")).ok())
        .map(|status| {
            let field = |name: &str| {
                status
                    .lines()
                    .find_map(|l| l.strip_prefix(name))
                    .map_or("?", str::trim)
                    .to_string()
            };
            format!("{}: {}", field("Name:"), field("State:"))
        })
        .collect()
}

/// A send stuck in the kernel, not merely slow: the spool folder's file system frozen
/// (`fsfreeze`), so that whatever writes there sleeps uninterruptibly (state D) until it is
/// thawed. SIGTERM still ends the kiosk, and its supervisor sees it end (the process is
/// reaped, status 0) while the file system stays frozen; once it thaws, the writer left
/// behind gives up and nothing is left for reception. Needs root and a loop device: it says
/// SKIPPED without them, except in CI (`CI=true`), where it fails.
#[test]
fn a_send_stuck_in_the_kernel_does_not_keep_sigterm_from_ending_the_kiosk() {
    let mounted = match LoopMount::make() {
        Ok(mounted) => mounted,
        Err(why) if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("cannot freeze a spool folder here: {why}")
        }
        Err(why) => {
            println!("SKIPPED: cannot freeze a spool folder here: {why}");
            return;
        }
    };
    let spool = mounted.mount.join("spool");
    std::fs::create_dir(&spool).expect("spool folder");
    let dir = tempfile::tempdir().expect("temp dir");
    let config = config(dir.path(), "");
    let reaped_within = Duration::from_secs(20);
    let pty = Pty::builder()
        .args(["--questions", "tests/fixtures/small.toml", "--kiosk"])
        .args(["--config", &config])
        .arg("--spool")
        .arg(&spool)
        .scrollback(100)
        .deadline(reaped_within)
        .start();
    let mut kiosk = Kiosk { pty, _dir: dir };
    kiosk.wait_for_welcome();
    kiosk.send("\r3\r3\r\r");
    kiosk.wait_for_text("Send my answers to reception");
    let kiosk_pid = kiosk.pid();
    // Dropped before the kiosk, so that a failing test thaws before it reaps the kiosk.
    let frozen = mounted.freeze();
    kiosk.send("s");
    kiosk.wait_for_text("Sending your answers to reception");
    // The send sleeps in the kernel: a thread of the kiosk, or of a process it started (while
    // one is being started, the thread starting it waits in D too: that does not count).
    let deadline = Instant::now() + reaped_within;
    let stuck = loop {
        let mut states = thread_states(kiosk_pid);
        let writers = children(kiosk_pid);
        let in_writers: Vec<String> = writers.iter().flat_map(|w| thread_states(*w)).collect();
        let asleep = |states: &[String]| states.iter().any(|s| s.contains(": D"));
        let stuck = if writers.is_empty() {
            asleep(&states)
        } else {
            asleep(&in_writers)
        };
        states.extend(in_writers);
        if stuck {
            break (states, writers);
        }
        assert!(
            Instant::now() < deadline,
            "nothing of the send sleeps in the kernel: {states:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    println!("before SIGTERM: {:?}", stuck.0);
    kiosk.signal("TERM");
    // Reaped within the deadline (else wait_exit fails the test), while still frozen.
    let status = kiosk.wait_exit();
    assert_eq!(status, 0, "SIGTERM ends the kiosk with 0");
    drop(frozen);
    // Thawed: the writer the kiosk left behind gives up, and leaves nothing.
    let deadline = Instant::now() + reaped_within;
    for writer in stuck.1 {
        while thread_states(writer)
            .iter()
            .any(|state| !state.contains(": Z"))
        {
            assert!(
                Instant::now() < deadline,
                "the writer {writer} never ended after the thaw: {:?}",
                thread_states(writer)
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    let names: Vec<String> = std::fs::read_dir(&spool)
        .expect("read spool")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, Vec::<String>::new(), "left in the spool folder");
}
