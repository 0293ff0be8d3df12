//! A hand-off written by another painpath process: the kiosk makes the two files' contents
//! ([`pack`](super::pack)) and hands them to a child of its own, `painpath write-handoff`,
//! which draws the code and writes them ([`deliver`]). A folder stuck in the kernel (a frozen
//! file system, a hard-mounted share that stopped answering) then holds up that child, never
//! a thread of the kiosk: a process cannot finish exiting while one of its threads sleeps
//! there, and the kiosk must stay free to end and be started again.
//!
//! What to write goes to the child on its standard input, never in its arguments or its
//! environment (others may read those, and this is a patient's answers); its reply comes back
//! on its standard output, one line. Both ends are here: [`Courier`] starts the child and
//! reads its reply, [`read_errand`] and [`carry`] are the child's side.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, bail};

use super::code::is_code;
use super::delivery::{Handoff, Parcel, deliver};
use crate::handoff::new_file;

/// The command that makes painpath the writer. The help does not list it: only kiosk mode
/// starts it.
pub const COMMAND: &str = "write-handoff";

/// The most an errand may be, in bytes: many times the largest hand-off the loader allows.
const ERRAND_LIMIT: u64 = 64 << 20;

/// What the writer is asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Errand {
    /// Write the parcel into the folder under a code no hand-off has.
    Deliver { dir: PathBuf, parcel: Parcel },
    /// Remove the hand-off of this code from the folder: nobody was given its code.
    TakeBack { dir: PathBuf, code: String },
}

/// The writer's reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Both files are written under this code.
    Sent(String),
    /// Nothing is left: not written, or written and taken back.
    Failed(String),
    /// The hand-off asked for is removed (or was not there).
    TakenBack,
}

impl Errand {
    /// The errand as the writer reads it: its kind, the kiosk's process id (so that the
    /// writer can tell whether the kiosk is still there), then each field as its length
    /// (8 bytes, little-endian) and its bytes.
    fn encode(&self, parent: u32) -> Vec<u8> {
        let mut bytes = Vec::new();
        let (kind, fields): (u8, [&[u8]; 3]) = match self {
            Errand::Deliver { dir, parcel } => (
                b'D',
                [
                    dir.as_os_str().as_bytes(),
                    parcel.response.as_bytes(),
                    parcel.summary_after_code.as_bytes(),
                ],
            ),
            Errand::TakeBack { dir, code } => {
                (b'T', [dir.as_os_str().as_bytes(), code.as_bytes(), b""])
            }
        };
        bytes.push(kind);
        bytes.extend_from_slice(&parent.to_le_bytes());
        for field in fields {
            bytes.extend_from_slice(&(field.len() as u64).to_le_bytes());
            bytes.extend_from_slice(field);
        }
        bytes
    }

    /// An errand as [`Errand::encode`] wrote it, and the kiosk's process id.
    fn decode(bytes: &[u8]) -> anyhow::Result<(u32, Errand)> {
        let Some((&kind, rest)) = bytes.split_first() else {
            bail!("no errand was given");
        };
        let (parent, mut rest) = rest
            .split_first_chunk::<4>()
            .context("the errand has no process id")?;
        let mut fields = Vec::new();
        for _ in 0..3 {
            let (length, after) = rest
                .split_first_chunk::<8>()
                .context("the errand is cut short")?;
            let length = usize::try_from(u64::from_le_bytes(*length))?;
            if after.len() < length {
                bail!("the errand is cut short");
            }
            let (field, after) = after.split_at(length);
            fields.push(field);
            rest = after;
        }
        if !rest.is_empty() {
            bail!("the errand is followed by more");
        }
        let text = |field: &[u8]| String::from_utf8(field.to_vec()).context("text not UTF-8");
        let dir = PathBuf::from(OsStr::from_bytes(fields[0]));
        let errand = match kind {
            b'D' => Errand::Deliver {
                dir,
                parcel: Parcel {
                    response: text(fields[1])?,
                    summary_after_code: text(fields[2])?,
                },
            },
            b'T' => {
                let code = text(fields[1])?;
                if !is_code(&code) {
                    bail!("{code:?} is not a hand-off's code");
                }
                Errand::TakeBack { dir, code }
            }
            _ => bail!("not an errand"),
        };
        Ok((u32::from_le_bytes(*parent), errand))
    }
}

impl Reply {
    /// The one line the writer prints.
    fn encode(&self) -> String {
        match self {
            Reply::Sent(code) => format!("sent {code}\n"),
            // A message's line breaks would end the reply early.
            Reply::Failed(message) => format!("failed {}\n", message.replace('\n', " ")),
            Reply::TakenBack => "taken back\n".to_string(),
        }
    }

    /// A reply as [`Reply::encode`] wrote it.
    fn decode(text: &str) -> Option<Reply> {
        let line = text.strip_suffix('\n')?;
        if line == "taken back" {
            return Some(Reply::TakenBack);
        }
        if let Some(code) = line.strip_prefix("sent ") {
            return is_code(code).then(|| Reply::Sent(code.to_string()));
        }
        line.strip_prefix("failed ")
            .map(|message| Reply::Failed(message.to_string()))
    }

    /// Writes the reply to the kiosk.
    pub fn write_to(&self, output: &mut impl Write) -> std::io::Result<()> {
        output.write_all(self.encode().as_bytes())?;
        output.flush()
    }
}

/// A writer started by the kiosk: a child process, until its reply is read and it is reaped.
pub struct Courier {
    child: Child,
    reply: Option<ChildStdout>,
}

impl Courier {
    /// Starts the writer: this very program again (`/proc/self/exe` names it even after an
    /// upgrade replaced its file) with [`COMMAND`]. Its standard input and output are pipes to
    /// the kiosk and its error output is /dev/null: it never touches the terminal.
    pub fn start() -> anyhow::Result<Courier> {
        Courier::start_at(Path::new("/proc/self/exe"))
    }

    /// [`Courier::start`] with the painpath binary at `program` (for tests, which are other
    /// programs).
    pub fn start_at(program: &Path) -> anyhow::Result<Courier> {
        let mut child = Command::new(program)
            .arg(COMMAND)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .context("starting painpath's writer")?;
        let reply = child.stdout.take();
        Ok(Courier { child, reply })
    }

    /// The writer's process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Gives the writer its errand and closes its input. A writer reads its whole errand
    /// before it touches the folder, so this never waits on the folder.
    pub fn hand_over(&mut self, errand: &Errand) -> anyhow::Result<()> {
        let mut input = self
            .child
            .stdin
            .take()
            .context("the writer's input is already closed")?;
        input
            .write_all(&errand.encode(std::process::id()))
            .context("handing the answers to painpath's writer")
    }

    /// Waits for the writer's reply: its standard output read to the end, which comes when it
    /// exits. Reading a pipe is a wait a signal ends, so the kiosk can always exit meanwhile;
    /// the writer stays a child until [`Courier::reap`], so its process id is not reused.
    pub fn reply(&mut self) -> anyhow::Result<Reply> {
        let mut text = String::new();
        if let Some(mut output) = self.reply.take() {
            // An unreadable reply is no reply.
            let _ = output.read_to_string(&mut text);
        }
        Reply::decode(&text).context("painpath's writer ended without saying what it did")
    }

    /// Collects the writer's exit status, once it has replied (it is exiting then).
    pub fn reap(mut self) {
        let _ = self.child.wait();
    }
}

/// The writer's errand, read whole from `input` (the kiosk's pipe), and the kiosk's process
/// id.
pub fn read_errand(input: impl Read) -> anyhow::Result<(u32, Errand)> {
    let mut bytes = Vec::new();
    input
        .take(ERRAND_LIMIT)
        .read_to_end(&mut bytes)
        .context("reading the errand")?;
    Errand::decode(&bytes)
}

/// Does the errand. `cancel` is set once the kiosk gives up on a delivery: no file is named
/// from then on, and a hand-off that was named all the same (its link was under way) is
/// taken back before the reply, so that a cancelled writer never leaves a hand-off nobody
/// has a code for.
pub fn carry(errand: &Errand, cancel: &Arc<AtomicBool>) -> Reply {
    match errand {
        Errand::Deliver { dir, parcel } => {
            match new_file::cancellable(cancel, || deliver(dir, parcel)) {
                Ok(handoff) if cancel.load(Ordering::SeqCst) => {
                    take_back(&handoff.summary, &handoff.response);
                    Reply::Failed(format!(
                        "given up on before it was handed over; {} was taken back",
                        handoff.code
                    ))
                }
                Ok(handoff) => Reply::Sent(handoff.code),
                Err(err) => Reply::Failed(format!("{err:#}")),
            }
        }
        Errand::TakeBack { dir, code } => {
            let handoff = handoff_of(dir, code);
            take_back(&handoff.summary, &handoff.response);
            Reply::TakenBack
        }
    }
}

/// The files of the hand-off `code` in `dir`.
pub fn handoff_of(dir: &Path, code: &str) -> Handoff {
    Handoff {
        code: code.to_string(),
        summary: dir.join(format!("{code}.md")),
        response: dir.join(format!("{code}.json")),
    }
}

/// Removes a hand-off: the summary first (the inbox lists an entry by it), then the answers.
fn take_back(summary: &Path, response: &Path) {
    let _ = std::fs::remove_file(summary);
    let _ = std::fs::remove_file(response);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parcel() -> Parcel {
        Parcel {
            response: "{\"resourceType\": \"QuestionnaireResponse\"}".to_string(),
            summary_after_code: "authored: 2026-11-21T19:48:05Z\n---\n\n# Knee\n".to_string(),
        }
    }

    #[test]
    fn an_errand_reads_back_as_it_was_written() {
        let dir = PathBuf::from(OsStr::from_bytes(b"/spool/\xffodd"));
        for errand in [
            Errand::Deliver {
                dir: dir.clone(),
                parcel: parcel(),
            },
            Errand::TakeBack {
                dir,
                code: "K9F3".to_string(),
            },
        ] {
            let bytes = errand.encode(4242);
            assert_eq!(read_errand(&bytes[..]).unwrap(), (4242, errand.clone()));
            // Cut anywhere, or followed by more, it is refused.
            for cut in 0..bytes.len() {
                assert!(Errand::decode(&bytes[..cut]).is_err(), "cut at {cut}");
            }
            assert!(Errand::decode(&[&bytes[..], b"x"].concat()).is_err());
        }
    }

    #[test]
    fn a_take_back_names_only_a_code() {
        let errand = Errand::TakeBack {
            dir: PathBuf::from("/spool"),
            code: "../etc/passwd".to_string(),
        };
        assert!(Errand::decode(&errand.encode(1)).is_err());
    }

    #[test]
    fn replies_read_back_and_a_cut_one_is_none() {
        for reply in [
            Reply::Sent("K9F3".to_string()),
            Reply::Failed("the disk is full; nothing was saved".to_string()),
            Reply::TakenBack,
        ] {
            assert_eq!(Reply::decode(&reply.encode()), Some(reply));
        }
        let two_lines = Reply::Failed("one\ntwo".to_string()).encode();
        assert_eq!(
            Reply::decode(&two_lines),
            Some(Reply::Failed("one two".to_string()))
        );
        for cut in ["", "sent K9F3", "sent k7f3\n", "sent \n", "what\n"] {
            assert_eq!(Reply::decode(cut), None, "{cut:?}");
        }
    }

    #[test]
    fn a_delivery_writes_the_pair_and_a_take_back_removes_it() {
        let dir = tempfile::tempdir().unwrap();
        let cancel = Arc::new(AtomicBool::new(false));
        let errand = Errand::Deliver {
            dir: dir.path().to_path_buf(),
            parcel: parcel(),
        };
        let Reply::Sent(code) = carry(&errand, &cancel) else {
            panic!("not sent");
        };
        let summary = std::fs::read_to_string(dir.path().join(format!("{code}.md"))).unwrap();
        assert_eq!(
            summary,
            format!("---\ncode: {code}\n{}", parcel().summary_after_code)
        );
        let response = std::fs::read_to_string(dir.path().join(format!("{code}.json"))).unwrap();
        assert_eq!(response, parcel().response);
        let back = Errand::TakeBack {
            dir: dir.path().to_path_buf(),
            code,
        };
        assert_eq!(carry(&back, &cancel), Reply::TakenBack);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_cancelled_delivery_leaves_nothing_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        let cancel = Arc::new(AtomicBool::new(true));
        let errand = Errand::Deliver {
            dir: dir.path().to_path_buf(),
            parcel: parcel(),
        };
        let Reply::Failed(message) = carry(&errand, &cancel) else {
            panic!("sent");
        };
        assert!(message.contains("cancelled"), "{message}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let missing = Errand::Deliver {
            dir: dir.path().join("gone"),
            parcel: parcel(),
        };
        let reply = carry(&missing, &Arc::new(AtomicBool::new(false)));
        assert!(
            matches!(&reply, Reply::Failed(m) if m.contains("does not exist")),
            "{reply:?}"
        );
    }
}
