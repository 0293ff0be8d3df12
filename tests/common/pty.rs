//! The built binary in a real pseudo-terminal, for the pty suites (pty_tui, pty_kiosk,
//! inbox_pty, faults): a reader thread feeds everything painpath writes to a vt100 parser and
//! keeps the raw bytes; tests send keys, clicks and signals, and wait for conditions on what
//! was seen against a deadline. Nothing sleeps for a fixed time.
//!
//! ```ignore
//! let mut pty = Pty::builder().args(["--questions", "tests/fixtures/small.toml"]).start();
//! pty.wait_for_text("Welcome");
//! pty.send("\x03");
//! assert_eq!(pty.exit_code(), 0);
//! pty.assert_restored();
//! ```

#![allow(dead_code)]

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// How long a wait (or the wait for the process to end) may take unless a suite says otherwise.
pub const DEADLINE: Duration = Duration::from_secs(10);

/// The size every pty starts at.
pub const ROWS: u16 = 24;
pub const COLS: u16 = 80;

/// Mouse reporting (1000) and its SGR encoding (1006), turned on and off.
pub const MOUSE_ON: &[&str] = &["\x1b[?1000h", "\x1b[?1006h"];
pub const MOUSE_OFF: &[&str] = &["\x1b[?1000l", "\x1b[?1006l"];
/// Mouse modes painpath never turns on: button-event (1002), any-event (1003) and the urxvt
/// encoding (1015). The terminal layer writes its two modes by hand.
pub const OTHER_MOUSE_MODES: &[&str] = &["\x1b[?1002h", "\x1b[?1003h", "\x1b[?1015h"];

/// Raw output kept beyond this is trimmed to its last half (a soak writes megabytes; short
/// tests never get here).
const RAW_KEPT: usize = 8 << 20;

/// What the reader thread has seen of the terminal.
pub struct Seen {
    /// The screen as a terminal would show it.
    pub parser: vt100::Parser,
    /// Everything painpath wrote, for the escape sequences the parser does not keep (the
    /// recent part only, once it grows past [`RAW_KEPT`]).
    pub raw: Vec<u8>,
    /// Bytes trimmed from the front of `raw`.
    dropped: usize,
    /// The output ended: the child closed its side of the terminal (it exited).
    pub closed: bool,
    /// The reader let go of its end of the pty before the output ended (see
    /// [`Builder::hang_up_when`] and [`Pty::let_go`]).
    pub hung_up: bool,
    /// "panicked" appeared in the output.
    pub panicked: bool,
    /// The test wants the terminal gone: the reader drops its end after its next read.
    let_go: bool,
}

impl Seen {
    /// The screen's text.
    pub fn contents(&self) -> String {
        self.parser.screen().contents()
    }
}

/// How to start painpath in a pty: `painpath` from the crate's folder, `TERM=xterm-256color`,
/// and no `NO_COLOR` or `PAINPATH_FAULT` from the environment the tests run in.
pub struct Builder {
    command: CommandBuilder,
    scrollback: usize,
    deadline: Duration,
    hang_up_when: Option<fn(&vt100::Screen) -> bool>,
}

impl Builder {
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Builder {
        self.command.arg(arg);
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Builder
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.command.args(args);
        self
    }

    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Builder {
        self.command.env(key, value);
        self
    }

    /// Sets each of these environment variables.
    pub fn envs(mut self, vars: &[(&str, &str)]) -> Builder {
        for (key, value) in vars {
            self.command.env(key, value);
        }
        self
    }

    /// Lines of scrollback the parser keeps (none unless set).
    pub fn scrollback(mut self, lines: usize) -> Builder {
        self.scrollback = lines;
        self
    }

    /// How long waits may take (default [`DEADLINE`]).
    pub fn deadline(mut self, deadline: Duration) -> Builder {
        self.deadline = deadline;
        self
    }

    /// The reader drops its end of the pty as soon as the screen satisfies `ready`, so that the
    /// test can close the terminal (a reader blocked in `read` would keep it open).
    pub fn hang_up_when(mut self, ready: fn(&vt100::Screen) -> bool) -> Builder {
        self.hang_up_when = Some(ready);
        self
    }

    /// Starts painpath in a session of its own with the pty as its standard input, output and
    /// error but not as its controlling terminal, so that closing the terminal sends it no
    /// SIGHUP: the hangup shows only on the terminal itself.
    pub fn not_controlling_terminal(mut self) -> Builder {
        self.command.set_controlling_tty(false);
        self
    }

    /// Opens a 24x80 pty and starts painpath in it.
    pub fn start(self) -> Pty {
        self.start_with(|_| ()).0
    }

    /// Like [`Builder::start`], with `before` run on the pty's slave path once it is open and
    /// before painpath starts (to read its settings as found, say).
    pub fn start_with<T>(self, before: impl FnOnce(&Path) -> T) -> (Pty, T) {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let tty = pair.master.tty_name();
        let found = before(tty.as_deref().expect("the pty's slave path"));
        let child = pair
            .slave
            .spawn_command(self.command)
            .expect("spawn painpath");
        drop(pair.slave);
        let reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let seen = Arc::new((
            Mutex::new(Seen {
                parser: vt100::Parser::new(
                    NonZeroU16::new(ROWS).expect("rows"),
                    NonZeroU16::new(COLS).expect("cols"),
                    self.scrollback,
                ),
                raw: Vec::new(),
                dropped: 0,
                closed: false,
                hung_up: false,
                panicked: false,
                let_go: false,
            }),
            Condvar::new(),
        ));
        let shared = Arc::clone(&seen);
        let hang_up_when = self.hang_up_when;
        thread::spawn(move || read_output(reader, &shared, hang_up_when));
        let group = child.process_id();
        let pty = Pty {
            seen,
            deadline: self.deadline,
            writer: Some(writer),
            group,
            child: Some(child),
            master: Some(pair.master),
            tty,
        };
        (pty, found)
    }
}

/// The reader thread: every read goes to the parser and the raw bytes, and wakes the waiters.
fn read_output(
    mut reader: Box<dyn Read + Send>,
    shared: &(Mutex<Seen>, Condvar),
    hang_up_when: Option<fn(&vt100::Screen) -> bool>,
) {
    let mut buf = [0u8; 4096];
    loop {
        let n = reader.read(&mut buf).unwrap_or(0);
        let (lock, changed) = shared;
        let mut seen = lock.lock().expect("screen lock");
        if n == 0 {
            seen.closed = true;
            changed.notify_all();
            return;
        }
        seen.parser.process(&buf[..n]);
        seen.raw.extend_from_slice(&buf[..n]);
        let recent = seen.raw.len().saturating_sub(n + 8);
        if seen.raw[recent..].windows(8).any(|w| w == b"panicked") {
            seen.panicked = true;
        }
        if seen.let_go || hang_up_when.is_some_and(|ready| ready(seen.parser.screen())) {
            seen.hung_up = true;
            changed.notify_all();
            return;
        }
        if seen.raw.len() > RAW_KEPT {
            seen.raw.drain(..RAW_KEPT / 2);
            seen.dropped += RAW_KEPT / 2;
        }
        changed.notify_all();
    }
}

/// painpath running in a pty. Dropping it kills painpath if it still runs.
pub struct Pty {
    seen: Arc<(Mutex<Seen>, Condvar)>,
    deadline: Duration,
    writer: Option<Box<dyn Write + Send>>,
    /// painpath's process group (it leads a session of its own): what it started is in it.
    group: Option<u32>,
    child: Option<Box<dyn Child + Send + Sync>>,
    // Kept open: dropping the master side hangs the child up.
    master: Option<Box<dyn MasterPty + Send>>,
    tty: Option<PathBuf>,
}

impl Pty {
    /// `painpath` with no arguments yet: the test build, or the binary `PAINPATH_TEST_BIN`
    /// names (CI runs the fault tests against the shipped build from deploy/build.sh).
    pub fn builder() -> Builder {
        match std::env::var_os("PAINPATH_TEST_BIN") {
            Some(bin) => Pty::program(bin),
            None => Pty::program(env!("CARGO_BIN_EXE_painpath")),
        }
    }

    /// Another program in place of painpath (`sh` running a deploy script, say), started the
    /// same way.
    pub fn program(program: impl AsRef<OsStr>) -> Builder {
        let mut command = CommandBuilder::new(program);
        command.cwd(env!("CARGO_MANIFEST_DIR"));
        command.env("TERM", "xterm-256color");
        command.env_remove("NO_COLOR");
        command.env_remove("PAINPATH_FAULT");
        // The language follows these; a test sets one with `env` when it means to.
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            command.env_remove(name);
        }
        Builder {
            command,
            scrollback: 0,
            deadline: DEADLINE,
            hang_up_when: None,
        }
    }

    /// What has been seen, locked.
    pub fn seen(&self) -> MutexGuard<'_, Seen> {
        self.seen.0.lock().expect("screen lock")
    }

    /// Waits until `ready` holds, or fails with the screen as it is; returns when it held.
    pub fn wait_for(&self, what: &str, ready: impl Fn(&Seen) -> bool) -> Instant {
        self.wait_for_within(what, self.deadline, ready)
    }

    /// [`Pty::wait_for`] with its own time limit.
    pub fn wait_for_within(
        &self,
        what: &str,
        limit: Duration,
        ready: impl Fn(&Seen) -> bool,
    ) -> Instant {
        let (lock, changed) = &*self.seen;
        let deadline = Instant::now() + limit;
        let mut seen = lock.lock().expect("screen lock");
        loop {
            if ready(&seen) {
                return Instant::now();
            }
            let now = Instant::now();
            if now >= deadline {
                panic!(
                    "timed out after {limit:?} waiting for {what}; the screen shows:\n{}",
                    seen.contents()
                );
            }
            seen = changed
                .wait_timeout(seen, deadline - now)
                .expect("screen lock")
                .0;
        }
    }

    /// Waits until `text` is on screen.
    pub fn wait_for_text(&self, text: &str) -> Instant {
        self.wait_for(&format!("{text:?}"), |seen| seen.contents().contains(text))
    }

    /// Waits until a whole screen row reads `text` (leading and trailing blanks aside), so
    /// that a half-drawn frame cannot pass.
    pub fn wait_for_row(&self, text: &str) -> Instant {
        self.wait_for(&format!("a row {text:?}"), |seen| {
            let screen = seen.parser.screen();
            screen
                .rows(0, screen.size().1.get())
                .any(|row| row.trim() == text)
        })
    }

    /// The screen's text now.
    pub fn contents(&self) -> String {
        self.seen().contents()
    }

    /// Everything painpath wrote so far (the recent part, after a soak).
    pub fn raw(&self) -> Vec<u8> {
        self.seen().raw.clone()
    }

    /// How many bytes painpath has written so far.
    pub fn raw_len(&self) -> usize {
        let seen = self.seen();
        seen.dropped + seen.raw.len()
    }

    /// What painpath wrote after the first `start` bytes (a [`Pty::raw_len`] taken earlier).
    pub fn raw_since(&self, start: usize) -> Vec<u8> {
        let seen = self.seen();
        let at = start
            .checked_sub(seen.dropped)
            .expect("output since `start` was trimmed");
        seen.raw[at..].to_vec()
    }

    pub fn send(&mut self, bytes: &str) {
        let writer = self.writer.as_mut().expect("pty still open");
        writer.write_all(bytes.as_bytes()).expect("write to pty");
        writer.flush().expect("flush pty");
    }

    /// A left click (or tap) at a 0-based cell: press and release in the SGR encoding
    /// crossterm asks for.
    pub fn click(&mut self, column: u16, row: u16) {
        let (x, y) = (column + 1, row + 1);
        self.send(&format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m"));
    }

    /// Resizes the terminal (the parser first, so that nothing is read at the old size).
    pub fn resize(&self, rows: u16, cols: u16) {
        self.seen().parser.set_size(
            NonZeroU16::new(rows).expect("rows"),
            NonZeroU16::new(cols).expect("cols"),
        );
        let size = PtySize {
            rows,
            cols,
            pixel_width: 0,
            pixel_height: 0,
        };
        let master = self.master.as_ref().expect("pty still open");
        master.resize(size).expect("resize the pty");
    }

    /// The terminal's settings as `stty -a` reads them (`echo` or `-echo`, ...).
    pub fn settings(&self) -> String {
        let output = Command::new("stty")
            .arg("-a")
            .arg("-F")
            .arg(self.tty())
            .output()
            .expect("run stty");
        assert!(
            output.status.success(),
            "stty -a: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).into_owned()
    }

    /// Waits until the terminal's echo is on (`true`) or off.
    pub fn wait_for_echo(&self, on: bool) {
        let want = if on { "echo" } else { "-echo" };
        let deadline = Instant::now() + self.deadline;
        while !self.settings().split_whitespace().any(|w| w == want) {
            assert!(
                Instant::now() < deadline,
                "the terminal's echo never became {want}:\n{}\nthe screen shows:\n{}",
                self.settings(),
                self.contents()
            );
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// Waits until the program on the terminal has read everything typed so far (the
    /// terminal's input queue is empty), so that a signal sent next cannot leave typed bytes
    /// behind for the shell.
    pub fn wait_for_input_taken(&self) {
        use rustix::fs::{Mode, OFlags};
        let tty = rustix::fs::open(
            self.tty(),
            OFlags::RDONLY | OFlags::NOCTTY | OFlags::CLOEXEC,
            Mode::empty(),
        )
        .expect("open the pty's slave side");
        let deadline = Instant::now() + self.deadline;
        while rustix::io::ioctl_fionread(&tty).expect("FIONREAD on the pty") > 0 {
            assert!(
                Instant::now() < deadline,
                "the program never read what was typed:\n{}",
                self.contents()
            );
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// The pty's slave side, for `stty -F`.
    pub fn tty(&self) -> &Path {
        self.tty.as_deref().expect("the pty's slave path")
    }

    pub fn pid(&self) -> u32 {
        self.child
            .as_ref()
            .and_then(|c| c.process_id())
            .expect("child pid")
    }

    /// Sends painpath a signal by name (`TERM`, `HUP`, ...).
    pub fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([format!("-{name}"), self.pid().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name} failed");
    }

    /// Whether painpath still runs.
    pub fn running(&mut self) -> bool {
        matches!(self.child.as_mut().map(|c| c.try_wait()), Some(Ok(None)))
    }

    /// Asks the reader to drop its end of the pty after its next read (send something that
    /// draws, then wait for [`Seen::hung_up`]).
    pub fn let_go(&self) {
        self.seen().let_go = true;
    }

    /// Drops every handle the test holds on the master side, as when a terminal window closes.
    /// The reader must have let go of its own first (see [`Builder::hang_up_when`] and
    /// [`Pty::let_go`]).
    pub fn close_terminal(&mut self) {
        self.writer = None;
        self.master = None;
    }

    /// Waits (up to the deadline) for painpath to end and returns its exit status; fails if a
    /// signal killed it. A painpath that does not end is killed.
    pub fn wait_exit(&mut self) -> u32 {
        let mut child = self.child.take().expect("child still there");
        let (done, exited) = mpsc::channel();
        let pid = child.process_id();
        thread::spawn(move || {
            let _ = done.send(child.wait());
        });
        let status = match exited.recv_timeout(self.deadline) {
            Ok(status) => status.expect("wait for painpath"),
            Err(_) => {
                if let Some(pid) = pid {
                    let _ = Command::new("kill")
                        .args(["-KILL", &pid.to_string()])
                        .status();
                }
                panic!("painpath did not exit within {:?}", self.deadline);
            }
        };
        assert_eq!(status.signal(), None, "killed by a signal: {status:?}");
        status.exit_code()
    }

    /// Waits for painpath to end and for all its output to be read; returns the exit status.
    pub fn exit_code(&mut self) -> u32 {
        let code = self.wait_exit();
        self.wait_for("the output to end", |seen| seen.closed);
        code
    }

    /// Asserts the terminal was left as found: main screen, mouse reporting (1000) and its SGR
    /// encoding (1006) off, cursor shown.
    pub fn assert_restored(&self) {
        let seen = self.seen();
        let screen = seen.parser.screen();
        assert!(!screen.alternate_screen(), "still on the alternate screen");
        assert_eq!(
            screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "mouse reporting (1000) left on"
        );
        assert_eq!(
            screen.mouse_protocol_encoding(),
            vt100::MouseProtocolEncoding::Default,
            "SGR mouse encoding (1006) left on"
        );
        assert!(!screen.hide_cursor(), "cursor left hidden");
    }

    /// Asserts every one of `sent` is in the output, and none of [`OTHER_MOUSE_MODES`].
    pub fn assert_mouse_sequences(&self, sent: &[&str]) {
        let seen = self.seen();
        let raw = String::from_utf8_lossy(&seen.raw);
        for sequence in sent {
            assert!(raw.contains(sequence), "{sequence:?} never sent");
        }
        for never in OTHER_MOUSE_MODES {
            assert!(!raw.contains(never), "{never:?} turned on");
        }
    }
}

impl Drop for Pty {
    /// A failed test must not leave painpath running, nor a process painpath started (a
    /// kiosk's writer stalled by a fault outlives the kiosk).
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut()
            && let Ok(None) = child.try_wait()
        {
            let _ = child.kill();
            let _ = child.wait();
        }
        if let Some(group) = self.group {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{group}")])
                .stderr(std::process::Stdio::null())
                .status();
        }
    }
}
