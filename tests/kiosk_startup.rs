//! The ways a patient could leave the kiosk before painpath holds the terminal, or around it:
//!
//! - the automatic-login session (deploy/painpath-session.sh, the kiosk user's login shell),
//!   run with `sh` in a pseudo-terminal as login runs it, while Ctrl+C, Ctrl+Z and Ctrl+\ are
//!   pressed without pause through many starts, refused starts (the spool folder missing) and
//!   restarts: no shell may ever read what is typed;
//! - foot's own key bindings under cage (deploy/foot.ini): none may open a terminal or start
//!   a program.

#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use common::pty::{Pty, Seen};
use painpath::ui::kiosk::pin::{self, PinHash};

const PIN: &str = "246813";
const F10: &str = "\x1b[21~";
/// Ctrl+C, Ctrl+Z and Ctrl+\: SIGINT, SIGTSTP and SIGQUIT while the terminal is not raw.
const SIGNAL_KEYS: &str = "\x03\x1a\x1c";
/// A command line typed between the signal keys. Only a shell that reads it and runs it can
/// print [`ESCAPED`] (the echo of the line itself shows `$((6*7))`, not 42).
const PROBE: &str = "echo ESC$((6*7))APED\r";
const ESCAPED: &str = "ESC42APED";
/// crossterm's EnterAlternateScreen: written once by every painpath that got the terminal.
const ALT_SCREEN: &[u8] = b"\x1b[?1049h";
/// What painpath says when the spool folder is missing, and so refuses to start.
const REFUSED: &[u8] = b"cannot be used";
const DEADLINE: Duration = Duration::from_secs(20);
/// The prompt of any interactive shell in the session (only staff may ever see it).
const STAFF_PROMPT: &str = "staff-shell> ";

/// A config (mode 0600, as kiosk mode requires) whose spool folder does not exist yet.
struct Setup {
    dir: tempfile::TempDir,
    config: String,
    spool: PathBuf,
}

impl Setup {
    fn new() -> Setup {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let spool = dir.path().join("spool");
        let hash = PinHash::with_cost(PIN, b"startup-test-salt", pin::MIN_COST).expect("hash");
        let config = dir.path().join("config.toml");
        std::fs::write(
            &config,
            format!(
                "[kiosk]\npin_hash = \"{hash}\"\nspool = \"{}\"\n",
                spool.display()
            ),
        )
        .expect("write config");
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        Setup {
            config: config.display().to_string(),
            dir,
            spool,
        }
    }

    /// The session script as login starts it (not interactive), pointed at the built painpath.
    fn session(&self) -> Pty {
        Pty::program("sh")
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/deploy/painpath-session.sh"
            ))
            .env("PAINPATH_BIN", env!("CARGO_BIN_EXE_painpath"))
            .env("PAINPATH_CONFIG", &self.config)
            .env("PAINPATH_RESTART_PAUSE", "0.05")
            .env("HOME", self.dir.path())
            .env("ENV", "")
            .env("PS1", STAFF_PROMPT)
            .deadline(DEADLINE)
            .start()
    }
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

/// One automatic login: the session in its terminal, logged in again (as getty does) when a
/// Ctrl+C ended it before its first line, the trap, had run.
struct Login<'a> {
    setup: &'a Setup,
    pty: Pty,
    /// Sessions that ended before the trap: the login's "log in again".
    relogins: usize,
}

impl Login<'_> {
    fn new(setup: &Setup) -> Login<'_> {
        Login {
            setup,
            pty: setup.session(),
            relogins: 0,
        }
    }

    /// Presses Ctrl+C, Ctrl+Z and Ctrl+\ (with the probe line now and then) without pause
    /// until `done` holds. Fails at once if a shell ran the probe, or if the session ended
    /// after it had started painpath (so after the trap); a session that ended before is
    /// logged in again.
    fn hammer_until(&mut self, what: &str, done: impl Fn(&Seen) -> bool) {
        let deadline = Instant::now() + DEADLINE;
        let mut round = 0u32;
        loop {
            self.pty.send(SIGNAL_KEYS);
            if round.is_multiple_of(8) {
                self.pty.send(PROBE);
            }
            round += 1;
            {
                let seen = self.pty.seen();
                assert_escaped_never(&seen);
                if done(&seen) {
                    return;
                }
                assert!(
                    Instant::now() < deadline,
                    "timed out hammering until {what}; the screen shows:\n{}",
                    seen.contents()
                );
            }
            if !self.pty.running() {
                let seen = self.pty.seen();
                assert_escaped_never(&seen);
                assert!(
                    count(&seen.raw, b"painpath:") == 0 && starts(&seen) == 0,
                    "the session ended after it had started painpath, waiting for {what}; \
                     the screen shows:\n{}",
                    seen.contents()
                );
                drop(seen);
                self.relogins += 1;
                assert!(
                    self.relogins < 1000,
                    "the session never got past its first line"
                );
                self.pty = self.setup.session();
            }
            thread::sleep(Duration::from_millis(1));
        }
    }
}

fn assert_escaped_never(seen: &Seen) {
    assert!(
        count(&seen.raw, ESCAPED.as_bytes()) == 0,
        "a shell read and ran what was typed; the screen shows:\n{}",
        seen.contents()
    );
}

/// The painpath processes whose parent is `parent` (from /proc).
fn painpath_children(parent: u32) -> Vec<u32> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return found;
    };
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // pid (comm) state ppid ...
        let (Some(open), Some(close)) = (stat.find('('), stat.rfind(')')) else {
            continue;
        };
        let comm = &stat[open + 1..close];
        let ppid = stat[close + 1..].split_whitespace().nth(1);
        if comm == "painpath" && ppid.and_then(|p| p.parse().ok()) == Some(parent) {
            found.push(pid);
        }
    }
    found
}

/// How many times painpath took the terminal so far.
fn starts(seen: &Seen) -> usize {
    count(&seen.raw, ALT_SCREEN)
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Many logins of the automatic-login session, each with Ctrl+C, Ctrl+Z and Ctrl+\ pressed
/// without pause from its first moment: through starts refused for a missing spool folder (so
/// the session starts painpath again), the start that gets the terminal, and restarts after
/// SIGTERM. No shell ever runs the command line typed in between; the session never ends.
/// At the end, staff leave with F10 and the PIN and do get a shell (which shows the probe
/// would have caught one), and `exit` starts the kiosk again.
///
/// KIOSK_STARTUP_LOGINS (default 12) sets the number of logins.
#[test]
fn autologin_session_never_gives_a_patient_a_shell() {
    let logins = env_number("KIOSK_STARTUP_LOGINS", 12);
    let mut relogins = 0;
    for login in 0..logins {
        let setup = Setup::new();
        let mut session = Login::new(&setup);
        // Refused starts: no spool folder yet.
        session.hammer_until("three refused starts", |seen| {
            count(&seen.raw, REFUSED) >= 3
        });
        std::fs::create_dir(&setup.spool).expect("spool folder");
        session.hammer_until("the kiosk to start", |seen| starts(seen) >= 1);
        // Restarts: painpath ended by SIGTERM (status 0), started again by the session. (A
        // Ctrl+C that came after painpath listened for signals but before the terminal was
        // raw ends it too, with 130, and the session starts it again the same way.)
        for _ in 0..2 {
            let session_pid = session.pty.pid();
            let deadline = Instant::now() + DEADLINE;
            let before = loop {
                let before = starts(&session.pty.seen());
                let children = painpath_children(session_pid);
                let killed = children.iter().any(|pid| {
                    Command::new("kill")
                        .args(["-TERM", &pid.to_string()])
                        .stderr(std::process::Stdio::null())
                        .status()
                        .is_ok_and(|status| status.success())
                });
                if killed {
                    break before;
                }
                assert!(Instant::now() < deadline, "no painpath under the session");
                thread::sleep(Duration::from_millis(5));
            };
            session.hammer_until("the kiosk to start again", |seen| starts(seen) > before);
        }
        let Login {
            mut pty,
            relogins: again,
            ..
        } = session;
        relogins += again;
        assert!(pty.running(), "login {login}: the session ended");
        staff_get_a_shell_and_exit_restarts_the_kiosk(&mut pty);
        assert_escaped_never(&pty.seen());
    }
    eprintln!(
        "{logins} logins, each with 3 refused starts and 3 starts; {relogins} sessions ended \
         by a Ctrl+C before their first line and were logged in again; no shell"
    );
}

/// F10, the PIN and Enter leave the kiosk (status 10); the session gives staff a shell, which
/// does run what is typed; `exit` starts the kiosk again.
fn staff_get_a_shell_and_exit_restarts_the_kiosk(pty: &mut Pty) {
    let before = starts(&pty.seen());
    let mark = pty.seen().raw.len();
    let since = move |seen: &Seen, text: &str| {
        count(&seen.raw[mark.min(seen.raw.len())..], text.as_bytes()) > 0
    };
    // F10 until the prompt shows and takes the PIN: the painpath holding the terminal may be one
    // that a Ctrl+C (before its terminal was raw) is ending, and the session is starting the
    // next one, so a prompt seen may go with its painpath before the PIN is typed. What is on
    // the screen now decides, not what was once written. Ctrl+Space first: an Esc of the
    // probe's keys may still be waiting for its sequence; Backspaces clear a prompt that got
    // keys meant for another.
    let deadline = Instant::now() + DEADLINE;
    let shows = |pty: &Pty, text: &str, within: Duration| {
        let until = Instant::now() + within;
        while Instant::now() < until && !pty.contents().contains(text) {
            thread::sleep(Duration::from_millis(10));
        }
        pty.contents().contains(text)
    };
    loop {
        pty.send("\x00");
        pty.send(F10);
        if shows(pty, "PIN:", Duration::from_millis(500)) {
            pty.send(&"\x7f".repeat(16));
            pty.send(PIN);
            if shows(pty, "••••••", Duration::from_millis(1000)) && pty.contents().contains("PIN:")
            {
                break;
            }
        }
        assert!(
            Instant::now() < deadline,
            "F10 and the PIN never made it into a PIN prompt:\n{}",
            pty.contents()
        );
    }
    pty.send("\r");
    pty.wait_for("the staff shell", |seen| {
        since(
            seen,
            "painpath kiosk closed by staff. Type exit to start it again.",
        ) && since(seen, STAFF_PROMPT)
    });
    pty.send("echo STAFF$((6*7))\r");
    pty.wait_for("the staff shell to run a command", |seen| {
        since(seen, "STAFF42")
    });
    pty.send("exit\r");
    pty.wait_for("the kiosk to start after the staff shell", |seen| {
        starts(seen) > before
    });
}

/// The ~/.profile shipped before, run by an interactive login shell as it was, for comparison:
/// a Ctrl+C during the `$(tty)` check or painpath's start-up left a shell at a prompt. Not run
/// by default (it looks for a failure, which may take a few logins):
///
/// `cargo test --test kiosk_startup -- --ignored --nocapture the_old_profile`
#[test]
#[ignore = "shows the old ~/.profile failing: cargo test --test kiosk_startup -- --ignored"]
fn the_old_profile_gave_a_shell() {
    const OLD_PROFILE: &str = r#"
if [ "$(tty)" != "" ]; then
    "$PAINPATH_BIN" --kiosk --config "$PAINPATH_CONFIG"
    if [ "$?" -ne 10 ]; then
        exit
    fi
    echo "painpath kiosk closed by staff. Type exit to start it again."
fi
"#;
    let logins = env_number("KIOSK_STARTUP_LOGINS", 60);
    let mut escapes = 0;
    for login in 0..logins {
        let setup = Setup::new();
        if login % 2 == 0 {
            std::fs::create_dir(&setup.spool).expect("spool folder");
        }
        std::fs::write(setup.dir.path().join(".profile"), OLD_PROFILE).expect("profile");
        let mut pty = Pty::program("sh")
            .arg("-l")
            .env("PAINPATH_BIN", env!("CARGO_BIN_EXE_painpath"))
            .env("PAINPATH_CONFIG", &setup.config)
            .env("HOME", setup.dir.path())
            .env("ENV", "")
            .deadline(DEADLINE)
            .start();
        let deadline = Instant::now() + DEADLINE;
        let mut round = 0u32;
        let mut killed = false;
        while pty.running() && Instant::now() < deadline {
            pty.send(SIGNAL_KEYS);
            if round.is_multiple_of(8) {
                pty.send(PROBE);
            }
            round += 1;
            if count(&pty.seen().raw, ESCAPED.as_bytes()) > 0 {
                escapes += 1;
                break;
            }
            if !killed && starts(&pty.seen()) > 0 {
                for pid in painpath_children(pty.pid()) {
                    let _ = Command::new("kill")
                        .args(["-TERM", &pid.to_string()])
                        .status();
                    killed = true;
                }
            }
            thread::sleep(Duration::from_millis(1));
        }
    }
    eprintln!("the old profile gave a shell in {escapes} of {logins} logins");
    assert!(escapes > 0, "no shell in {logins} logins");
}

/// deploy/foot.ini as sections of key = value.
fn foot_ini() -> BTreeMap<String, BTreeMap<String, String>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/foot.ini");
    let text = std::fs::read_to_string(&path).expect("deploy/foot.ini");
    let mut sections: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut section = "main".to_string();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.to_string();
            continue;
        }
        let (key, value) = line.split_once('=').expect("key=value");
        let previous = sections
            .entry(section.clone())
            .or_default()
            .insert(key.trim().to_string(), value.trim().to_string());
        assert!(previous.is_none(), "[{section}] {key} set twice");
    }
    sections
}

/// Every action foot binds to a key by default (foot 1.13.1, Debian 12's, and later), and
/// the ones that start a program whatever their default.
const FOOT_KEY_ACTIONS: &[&str] = &[
    "scrollback-up-page",
    "scrollback-down-page",
    "clipboard-copy",
    "clipboard-paste",
    "primary-paste",
    "search-start",
    "font-increase",
    "font-decrease",
    "font-reset",
    // Opens a second terminal, running a shell.
    "spawn-terminal",
    // Pipe the screen, the scrollback or the selection to a program.
    "pipe-visible",
    "pipe-scrollback",
    "pipe-selected",
    // URL mode: launch (xdg-open) a link on screen, or copy it.
    "show-urls-launch",
    "show-urls-copy",
    "show-urls-persistent",
    "prompt-prev",
    "prompt-next",
    "unicode-input",
];

/// Under cage, foot's own key bindings come before painpath's keys: none of them may open a
/// terminal (spawn-terminal, Ctrl+Shift+N by default), start a program for a link
/// (show-urls-launch) or pipe text to one (pipe-*). All are unbound, the shell a new terminal
/// would run and the link handler start nothing, and the cage unit uses this file.
#[test]
fn foot_config_unbinds_every_key_that_starts_a_terminal_or_a_program() {
    let ini = foot_ini();
    let keys = ini.get("key-bindings").expect("a [key-bindings] section");
    for action in FOOT_KEY_ACTIONS {
        assert_eq!(
            keys.get(*action).map(String::as_str),
            Some("none"),
            "[key-bindings] {action} must be none"
        );
    }
    for (action, binding) in keys {
        assert_eq!(
            binding, "none",
            "[key-bindings] {action} is bound to {binding}"
        );
    }
    let mouse = ini
        .get("mouse-bindings")
        .expect("a [mouse-bindings] section");
    for action in ["primary-paste", "font-increase", "font-decrease"] {
        assert_eq!(
            mouse.get(action).map(String::as_str),
            Some("none"),
            "{action}"
        );
    }
    let main = &ini["main"];
    assert_eq!(main.get("shell").map(String::as_str), Some("/bin/false"));
    assert_eq!(main.get("notify").map(String::as_str), Some("/bin/false"));
    assert_eq!(
        ini.get("url")
            .and_then(|u| u.get("launch"))
            .map(String::as_str),
        Some("/bin/false")
    );
    assert_eq!(
        ini.get("bell")
            .and_then(|b| b.get("command"))
            .map(String::as_str),
        Some("/bin/false")
    );

    let unit = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/painpath-cage.service"),
    )
    .expect("deploy/painpath-cage.service");
    let exec = unit
        .lines()
        .find(|l| l.starts_with("ExecStart="))
        .expect("ExecStart");
    assert!(
        exec.contains("/usr/bin/foot --config=/etc/painpath/foot.ini "),
        "{exec}"
    );

    // foot itself, where installed (apt install foot), must accept the file.
    match Command::new("foot")
        .args(["--check-config", "--config"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/foot.ini"))
        .output()
    {
        Ok(out) => assert!(
            out.status.success(),
            "foot --check-config refused deploy/foot.ini:\n{}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(_) => eprintln!("foot is not installed here: deploy/foot.ini was not checked by foot"),
    }
}

/// The two ways of running the kiosk, on tty1 and under cage for a touchscreen: each unit's
/// name and text.
fn kiosk_units() -> Vec<(&'static str, String)> {
    ["painpath-kiosk.service", "painpath-cage.service"]
        .into_iter()
        .map(|unit| {
            let path = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("deploy")
                .join(unit);
            (unit, std::fs::read_to_string(path).expect(unit))
        })
        .collect()
}

/// Both ways of running the kiosk (on tty1, and under cage for a touchscreen) keep the same
/// sandbox: nothing of a patient's can be written outside the spool, no home, no new
/// privileges.
#[test]
fn both_kiosk_units_carry_the_same_hardening() {
    for (unit, text) in kiosk_units() {
        for line in [
            "ProtectSystem=strict",
            "ProtectHome=yes",
            "PrivateTmp=yes",
            "NoNewPrivileges=yes",
            "StateDirectory=painpath",
            "User=painpath",
        ] {
            assert!(text.lines().any(|l| l == line), "{unit} lacks {line}");
        }
    }
}

/// A writer stuck on the spool folder stays behind in the service's control group when the
/// kiosk ends, where no signal ends it: both units give up on it within seconds, so that the
/// kiosk is started again soon rather than after systemd's 90 s a step.
#[test]
fn both_kiosk_units_give_up_on_a_stuck_writer_within_seconds() {
    for (unit, text) in kiosk_units() {
        let seconds: Vec<u32> = text
            .lines()
            .filter_map(|l| l.strip_prefix("TimeoutStopSec="))
            .map(|v| v.parse().expect("TimeoutStopSec in seconds"))
            .collect();
        assert!(
            matches!(seconds[..], [s] if (1..=10).contains(&s)),
            "{unit}: TimeoutStopSec {seconds:?}"
        );
    }
}
