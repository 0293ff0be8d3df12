//! Standard output as painpath's commands use it: every write goes through [`write_out`], a
//! reader that stops early (`| head`) ends the run quietly, and a closed stdout (`>&-`) is
//! told apart from `>/dev/null`.

use std::io::{self, Write};
use std::os::fd::AsFd;
use std::process::ExitCode;

use anyhow::Context;

use crate::text::{Notation, visible};

/// Writes `message` and a newline to stderr, every character in it that could act on a
/// terminal escaped (`\u{1b}`), newlines kept. Every message painpath prints on stderr goes
/// through here, so that a path, an argument or a file's text quoted in it cannot drive the
/// terminal whatever the code that made the message did. A failed write is ignored: after a
/// hangup stderr may be gone, and there is nowhere left to say so.
pub fn to_stderr(message: &str) {
    let shown = visible(message, Notation::Message);
    let _ = writeln!(io::stderr(), "{shown}");
}

/// [`to_stderr`], after the program's name: "painpath: {message}".
pub fn say(message: impl std::fmt::Display) {
    to_stderr(&format!("painpath: {message}"));
}

/// Prints `text` and a newline to stdout. A reader that stops early (`| head`, EPIPE) ends
/// the run quietly with status 0, as it would for a command whose reader has what it wanted;
/// any other failure (a full disk, a closed stdout) is an error: status 1 and a message.
pub fn print(text: &str) -> anyhow::Result<ExitCode> {
    write_stdout(format!("{text}\n").as_bytes())
}

/// [`print`] for bytes as they are.
pub fn write_stdout(bytes: &[u8]) -> anyhow::Result<ExitCode> {
    match write_out(bytes) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(err) => Err(err).context("writing to standard output"),
    }
}

/// Writes and flushes `bytes` on stdout; every write to stdout goes through here.
pub fn write_out(bytes: &[u8]) -> io::Result<()> {
    stdout_open()?;
    let mut out = io::stdout().lock();
    out.write_all(bytes).and_then(|()| out.flush())
}

/// An error unless stdout is open. Started with stdout closed (`>&-`), a Rust program finds
/// /dev/null there (the runtime opens it, so that no file gets descriptor 1), and every write
/// would seem to work.
fn stdout_open() -> io::Result<()> {
    match stdout_sink() {
        Some(Sink::Closed) => Err(io::Error::other("standard output is closed")),
        _ => Ok(()),
    }
}

/// Where stdout goes when it goes nowhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sink {
    /// Closed when painpath started: the runtime's /dev/null, opened read-write, which a
    /// shell's `>/dev/null` never is.
    Closed,
    /// `>/dev/null`.
    DevNull,
}

/// Where stdout goes, when that is nowhere; read once.
pub fn stdout_sink() -> Option<Sink> {
    static SINK: std::sync::OnceLock<Option<Sink>> = std::sync::OnceLock::new();
    *SINK.get_or_init(|| {
        use std::os::unix::fs::{FileTypeExt, MetadataExt};
        let Ok(fd) = io::stdout().as_fd().try_clone_to_owned() else {
            return Some(Sink::Closed);
        };
        let meta = std::fs::File::from(fd).metadata().ok()?;
        let null = std::fs::metadata("/dev/null").ok()?;
        if !meta.file_type().is_char_device() || meta.rdev() != null.rdev() {
            return None;
        }
        let flags = rustix::fs::fcntl_getfl(io::stdout()).ok()?;
        if flags & rustix::fs::OFlags::ACCMODE == rustix::fs::OFlags::RDWR {
            Some(Sink::Closed)
        } else {
            Some(Sink::DevNull)
        }
    })
}

/// Standard output at the end of the questions, where a failed write must not stop the
/// saving of the summary: the first failure is kept and reported at the end.
#[derive(Default)]
pub struct EndOutput {
    pub failed: Option<io::Error>,
}

impl EndOutput {
    pub fn line(&mut self, text: &str) {
        self.text(&format!("{text}\n"));
    }

    pub fn text(&mut self, text: &str) {
        if self.failed.is_none()
            && let Err(err) = write_out(text.as_bytes())
        {
            self.failed = Some(err);
        }
    }

    /// `code`, unless a write failed for another reason than a reader gone.
    pub fn finish(self, code: ExitCode) -> anyhow::Result<ExitCode> {
        match self.failed {
            None => Ok(code),
            Some(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(code),
            Some(err) => Err(err).context("writing to standard output"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_gone_is_not_a_failure_but_a_full_disk_is() {
        let gone = EndOutput {
            failed: Some(io::Error::from(io::ErrorKind::BrokenPipe)),
        };
        assert_eq!(gone.finish(ExitCode::FAILURE).unwrap(), ExitCode::FAILURE);
        let full = EndOutput {
            failed: Some(io::Error::from(io::ErrorKind::StorageFull)),
        };
        let err = full.finish(ExitCode::SUCCESS).unwrap_err();
        assert!(
            format!("{err:#}").starts_with("writing to standard output"),
            "{err:#}"
        );
    }
}
