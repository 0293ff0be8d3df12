//! The kiosk's run: the shared terminal loop driving a [`Kiosk`], which also clears the
//! screen and scrollback when the kiosk wipes a session and sends a finished session to
//! reception when asked (reading the clock and writing the files here, not in the kiosk's
//! logic).
//!
//! A send's files are written by a child process, painpath's own writer (see
//! `handoff::spool::courier`): a reception folder stuck in the kernel (a frozen file system,
//! a hard-mounted share that stopped answering) leaves that child sleeping there, and never a
//! thread of the kiosk, which could then not finish exiting until the folder answered. A
//! worker thread makes the files' contents, hands them to the writer through a pipe and waits
//! for its reply, so the loop never waits: "Sending…" shows, the timers, the idle wipe and
//! the staff exit go on, and after [`SEND_TIMEOUT`] the kiosk gives up and says so. A send
//! given up on (timed out, or its session wiped, or the kiosk closed) must not leave a
//! hand-off that nobody has a code for: its writer gets SIGTERM, so it names no file from
//! then on and removes what it still named (a link already under way) before it replies;
//! one that replied with a code all the same is taken back by another writer. While a writer
//! given up on has not replied, further sends are refused at once (the folder is still not
//! answering) rather than piling up stuck writers.
//!
//! The folder's check at start-up runs on a thread of its own too ([`SpoolCheck`]): a share
//! that answers at once is refused before anything is drawn, as it always was, but one that
//! does not answer no longer keeps the welcome from showing; should it answer later that the
//! folder cannot be used, the kiosk ends with that message.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::Context;
use ratatui::crossterm::event::Event;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::{Kiosk, KioskConfig};
use crate::content::model::Questionnaire;
use crate::handoff::spool::courier::{Courier, Errand, Reply, handoff_of};
use crate::handoff::spool::{self, Handoff};
use crate::ui::terminal::{self, Interactive, Interrupted, Term};
use ratatui::buffer::Buffer;
use ratatui::layout::Position;

/// The exit status when staff leave kiosk mode with the exit key and the PIN. Not 0, so that
/// a supervisor can tell it from SIGTERM or SIGHUP (status 0, restart) and leave the kiosk
/// stopped: the systemd unit lists it in `SuccessExitStatus=` and `RestartPreventExitStatus=`.
pub const STAFF_EXIT_STATUS: u8 = 10;

/// How long a send to reception may take before the kiosk gives up on it and says so (on
/// the kiosk's clock; a test build may change it with `PAINPATH_SEND_TIMEOUT_MS`).
pub const SEND_TIMEOUT: Duration = Duration::from_secs(10);

/// How long start-up waits for the spool folder's check before it draws the welcome anyway:
/// long enough for a local folder or a share that answers, short enough not to be seen.
pub const SPOOL_CHECK_GRACE: Duration = Duration::from_millis(200);

/// The spool folder's start-up check, still under way on a thread of its own.
pub struct SpoolCheck(Receiver<anyhow::Result<()>>);

impl SpoolCheck {
    /// Starts `check` on a thread of its own and waits up to `grace` for it: its error if it
    /// failed by then, `None` if it passed, or the check still under way, for [`run_kiosk`] to
    /// follow. The thread is never waited for beyond `grace`: a share that hangs leaves it
    /// stuck, not the kiosk.
    pub fn start(
        check: impl FnOnce() -> anyhow::Result<()> + Send + 'static,
        grace: Duration,
    ) -> anyhow::Result<Option<SpoolCheck>> {
        let (tell, told) = mpsc::channel();
        thread::Builder::new()
            .name("painpath-spool-check".into())
            .spawn(move || {
                let _ = tell.send(check());
            })
            .context("starting the check of the reception folder")?;
        match told.recv_timeout(grace) {
            Ok(checked) => checked.map(|()| None),
            Err(mpsc::RecvTimeoutError::Timeout) => Ok(Some(SpoolCheck(told))),
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                anyhow::bail!("the check of the reception folder failed unexpectedly")
            }
        }
    }

    /// The check's outcome, once it has one.
    fn outcome(&self) -> Option<anyhow::Result<()>> {
        match self.0.try_recv() {
            Ok(checked) => Some(checked),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Err(anyhow::anyhow!(
                "the check of the reception folder failed unexpectedly"
            ))),
        }
    }
}

/// How a kiosk run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KioskEnd {
    /// Staff left with the exit key and the right PIN.
    Staff,
    /// A signal stopped it; the terminal has been restored.
    Signal(Interrupted),
}

impl KioskEnd {
    /// The exit status: [`STAFF_EXIT_STATUS`] for staff, 0 for SIGTERM or SIGHUP (a
    /// supervisor starts the kiosk again), 128 + signal for any other signal.
    pub fn exit_code(self) -> u8 {
        match self {
            KioskEnd::Staff => STAFF_EXIT_STATUS,
            KioskEnd::Signal(interrupted) => interrupted.kiosk_exit_code(),
        }
    }
}

/// Runs kiosk mode until staff leave with the PIN or a signal comes. With `spool`, a finished
/// session can be sent to reception there; `spool_check` is that folder's start-up check if
/// it is still under way (see [`SpoolCheck::start`]): should it fail, the run ends with its
/// error.
pub fn run_kiosk(
    languages: &[Questionnaire],
    home: usize,
    config: KioskConfig,
    spool: Option<&Path>,
    spool_check: Option<SpoolCheck>,
) -> anyhow::Result<KioskEnd> {
    // A send worker may outlive any borrow the loop could lend it (a share that hangs for
    // minutes must not hold up the staff exit), so the kiosk works on a copy of the questions
    // that lives as long as the process: one copy per run, read-only.
    let languages: &'static [Questionnaire] = Box::leak(languages.to_vec().into_boxed_slice());
    let mut kiosk = KioskRun {
        kiosk: Kiosk::with_languages(languages, home, config),
        spool: spool.map(Path::to_path_buf),
        sends: Sends::default(),
        now: None,
        spool_check,
    };
    let end = terminal::run_kiosk(&mut kiosk);
    // Whatever is still on its way was never confirmed to anyone: a late worker takes it back.
    kiosk.sends.abandon_current();
    match end? {
        Some(interrupted) => Ok(KioskEnd::Signal(interrupted)),
        None => Ok(KioskEnd::Staff),
    }
}

/// The kiosk and what the loop needs to serve it.
struct KioskRun {
    kiosk: Kiosk<'static>,
    spool: Option<PathBuf>,
    sends: Sends,
    /// The kiosk clock's time at the last tick.
    now: Option<Instant>,
    /// The spool folder's start-up check, while it has not answered.
    spool_check: Option<SpoolCheck>,
}

impl Interactive for KioskRun {
    fn handle_event(&mut self, event: &Event) -> bool {
        self.kiosk.handle_event(event)
    }

    fn on_tick(&mut self, now: Instant) -> bool {
        self.now = Some(now);
        self.kiosk.on_tick(now)
    }

    fn resize(&mut self, width: u16, height: u16) -> bool {
        self.kiosk.resize(width, height)
    }

    fn is_running(&self) -> bool {
        self.kiosk.is_running()
    }

    fn draw(&self, area: Rect, buffer: &mut Buffer) -> Option<Position> {
        (&self.kiosk).render(area, buffer);
        self.kiosk.cursor_position(area)
    }

    fn service(&mut self, terminal: &mut Term) -> anyhow::Result<bool> {
        if let Some(outcome) = self.spool_check.as_ref().and_then(SpoolCheck::outcome) {
            self.spool_check = None;
            outcome?;
        }
        let now = self.now.unwrap_or_else(Instant::now);
        let mut redraw = false;
        if self.kiosk.take_send() {
            self.start_send(now);
            redraw = true;
        }
        redraw |= self.follow_send(now);
        if self.kiosk.take_wipe() {
            terminal::wipe_screen(terminal).context("clearing the screen")?;
            redraw = true;
        }
        Ok(redraw)
    }
}

impl KioskRun {
    /// Starts sending the kiosk's finished session on a worker thread, or says at once why
    /// it cannot be sent.
    fn start_send(&mut self, now: Instant) {
        let (Some(dir), Some(assessment)) = (&self.spool, self.kiosk.session().assessment()) else {
            self.kiosk
                .sent(Err("there is no reception folder to send to".to_string()));
            return;
        };
        self.sends.prune();
        if !self.sends.abandoned.is_empty() {
            self.kiosk.sent(Err(format!(
                "still no answer from the reception folder {} (an earlier send has not \
                 finished)",
                dir.display()
            )));
            return;
        }
        // The clock is read here, in the loop, not in the kiosk's logic.
        let at = time::OffsetDateTime::now_utc();
        // The patient's words for the response; the clinic's for reception's copy.
        let questionnaire = self.kiosk.questionnaire();
        let reception = self.kiosk.home_questionnaire();
        let dir = dir.clone();
        let job = Arc::new(Job::new(take_back));
        let worker = Arc::clone(&job);
        let spawned = thread::Builder::new()
            .name("painpath-send".into())
            .spawn(move || {
                let sent = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    let parcel = spool::pack(questionnaire, &assessment, reception, at)?;
                    worker.write(Errand::Deliver {
                        dir: dir.clone(),
                        parcel,
                    })
                }));
                let sent = match sent {
                    Ok(Ok(Reply::Sent(code))) => Ok(handoff_of(&dir, &code)),
                    Ok(Ok(Reply::Failed(message))) => Err(anyhow::anyhow!(message)),
                    Ok(Ok(Reply::TakenBack)) => Err(anyhow::anyhow!(
                        "painpath's writer did something else than it was asked"
                    )),
                    Ok(Err(err)) => Err(err),
                    Err(_) => Err(anyhow::anyhow!(
                        "sending failed unexpectedly (a bug in painpath)"
                    )),
                };
                worker.finish(sent);
                clear_stack();
            });
        match spawned {
            Ok(_) => {
                let timeout = crate::fault::send_timeout(SEND_TIMEOUT);
                self.sends.current = Some(Current {
                    job,
                    deadline: now + timeout,
                    timeout,
                });
            }
            Err(err) => self
                .kiosk
                .sent(Err(format!("sending could not be started ({err})"))),
        }
    }

    /// Looks at the send under way: passes on its outcome, gives up on it once its session
    /// is gone or its time is up. Returns true if the screen needs drawing again.
    fn follow_send(&mut self, now: Instant) -> bool {
        let Some(current) = &self.sends.current else {
            return false;
        };
        if !self.kiosk.is_sending() {
            // Wiped meanwhile (the result timed out): nobody waits for this any more.
            self.sends.abandon_current();
            return false;
        }
        if let Some(outcome) = current.job.take_outcome() {
            self.sends.current = None;
            self.kiosk.sent(outcome.map(|handoff| handoff.code));
            return true;
        }
        if now < current.deadline {
            return false;
        }
        let seconds = current.timeout.as_secs_f64();
        self.sends.abandon_current();
        let dir = self.spool.as_deref().unwrap_or(Path::new(""));
        self.kiosk.sent(Err(format!(
            "no answer within {seconds} seconds from the reception folder {}; nothing was \
             handed over",
            dir.display()
        )));
        true
    }
}

/// The sends to reception: the one the screen waits for, and those given up on whose
/// workers have not returned yet.
#[derive(Default)]
struct Sends {
    current: Option<Current>,
    abandoned: Vec<Arc<Job>>,
}

struct Current {
    job: Arc<Job>,
    deadline: Instant,
    timeout: Duration,
}

impl Sends {
    /// Gives up on the send under way, if any: its worker names no file from now on and
    /// removes what it still named.
    fn abandon_current(&mut self) {
        if let Some(current) = self.current.take()
            && current.job.abandon()
        {
            self.abandoned.push(current.job);
        }
    }

    /// Forgets the abandoned sends whose workers have returned and cleaned up.
    fn prune(&mut self) {
        self.abandoned
            .retain(|job| !matches!(*lock(&job.state), State::Over));
    }
}

/// One send on its worker thread: what the loop and the worker agree on. Neither holds a
/// lock while touching a file or waiting for the writer, so the loop never waits on the
/// folder.
struct Job {
    state: Mutex<State>,
    /// Set when the loop gives up; the writer is told then (SIGTERM), or as soon as it runs.
    cancel: AtomicBool,
    /// The writer process, while it may still be told.
    writer: Mutex<Writer>,
    /// Removes a hand-off that was written but that nobody will be given the code of.
    take_back: fn(&Handoff),
}

#[derive(Default)]
enum State {
    /// The worker is writing.
    #[default]
    Running,
    /// The worker returned; the loop has not taken the outcome yet.
    Done(Result<Handoff, String>),
    /// The loop gave up while the worker was writing: the worker removes what it wrote.
    Abandoned,
    /// Nothing left to do: the outcome was taken, or the cleaning up is done.
    Over,
}

/// The writer process of a send, as far as telling it to give up goes.
#[derive(Default, Clone, Copy, PartialEq, Eq)]
enum Writer {
    /// Not started yet.
    #[default]
    NotYet,
    /// Running, with this process id: it is not reaped while this is here, so the id still
    /// names it.
    Running(u32),
    /// It replied and is being reaped: its process id may soon be another process's.
    Ended,
}

fn lock<T>(state: &Mutex<T>) -> MutexGuard<'_, T> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Tells a writer to give up (SIGTERM: it names no file from then on and removes what it
/// named); one that already ended is not there to tell.
fn tell_to_give_up(pid: u32) {
    if let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    {
        let _ = rustix::process::kill_process(pid, rustix::process::Signal::TERM);
    }
}

impl Job {
    fn new(take_back: fn(&Handoff)) -> Job {
        Job {
            state: Mutex::default(),
            cancel: AtomicBool::new(false),
            writer: Mutex::default(),
            take_back,
        }
    }

    /// The worker's errand, done by a writer process: starts it, hands the errand over, and
    /// waits for its reply. A writer started after the loop gave up is told at once.
    fn write(&self, errand: Errand) -> anyhow::Result<Reply> {
        let mut courier = Courier::start()?;
        {
            let mut writer = lock(&self.writer);
            *writer = Writer::Running(courier.id());
            if self.cancel.load(Ordering::SeqCst) {
                tell_to_give_up(courier.id());
            }
        }
        let handed = courier.hand_over(&errand);
        // The patient's answers are no longer needed here.
        drop(errand);
        let reply = courier.reply();
        *lock(&self.writer) = Writer::Ended;
        courier.reap();
        handed?;
        reply
    }

    /// The worker's end: hands the outcome over, or removes what it wrote if nobody wants it
    /// any more.
    fn finish(&self, sent: anyhow::Result<Handoff>) {
        {
            let mut state = lock(&self.state);
            if matches!(*state, State::Running) {
                *state = State::Done(sent.map_err(|err| format!("{err:#}")));
                return;
            }
        }
        if let Ok(handoff) = &sent {
            (self.take_back)(handoff);
        }
        *lock(&self.state) = State::Over;
    }

    /// The outcome, once the worker has returned (taken once).
    fn take_outcome(&self) -> Option<Result<Handoff, String>> {
        let mut state = lock(&self.state);
        match std::mem::replace(&mut *state, State::Over) {
            State::Done(outcome) => Some(outcome),
            other => {
                *state = other;
                None
            }
        }
    }

    /// The loop gives up on this send. Returns true if the worker is still writing: its
    /// writer is told to give up, and the worker cleans up when it returns. A hand-off it
    /// already finished is taken back here (by a writer of its own, waited for on a thread of
    /// its own, since removing files may be as slow as writing them was).
    fn abandon(&self) -> bool {
        self.cancel.store(true, Ordering::SeqCst);
        if let Writer::Running(pid) = *lock(&self.writer) {
            tell_to_give_up(pid);
        }
        let mut state = lock(&self.state);
        match std::mem::replace(&mut *state, State::Over) {
            State::Running => {
                *state = State::Abandoned;
                true
            }
            State::Done(Ok(handoff)) => {
                drop(state);
                (self.take_back)(&handoff);
                false
            }
            _ => false,
        }
    }
}

/// How much of a send worker's stack [`clear_stack`] overwrites: many times what a send uses
/// (in a debug build, the file names it leaves there lie within 20 KiB of the top).
const STACK_CLEARED: usize = 128 * 1024;

/// Overwrites with zeros the [`STACK_CLEARED`] bytes of this thread's stack below the caller,
/// where the calls it made before had their frames. A send leaves the patient's words there
/// (the hand-off's file names copied for each system call, text being formatted), and a
/// thread's stack outlives the thread: the C library keeps it for the next one.
#[inline(never)]
fn clear_stack() {
    let zeros = [0u8; STACK_CLEARED];
    // Makes the optimiser write the zeros, though nothing reads them.
    std::hint::black_box(&zeros);
}

/// Removes a hand-off nobody has the code of, by a writer process of its own (the folder
/// may hang as a send did), and returns once that writer is started: a thread waits for its
/// reply. Should the kiosk end meanwhile, the writer finishes all the same.
fn take_back(handoff: &Handoff) {
    let Some(dir) = handoff.summary.parent() else {
        return;
    };
    let Ok(mut courier) = Courier::start() else {
        return;
    };
    let errand = Errand::TakeBack {
        dir: dir.to_path_buf(),
        code: handoff.code.clone(),
    };
    let _ = courier.hand_over(&errand);
    let _ = thread::Builder::new()
        .name("painpath-send-undo".into())
        .spawn(move || {
            let _ = courier.reply();
            courier.reap();
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    /// A hand-off's two files, as a worker would have written them.
    fn handoff_in(dir: &Path) -> Handoff {
        let summary = dir.join("K7F3.md");
        let response = dir.join("K7F3.json");
        std::fs::write(&summary, "summary").unwrap();
        std::fs::write(&response, "{}").unwrap();
        Handoff {
            code: "K7F3".into(),
            summary,
            response,
        }
    }

    /// What the kiosk's writer does to take a hand-off back, done in this process.
    fn remove_here(handoff: &Handoff) {
        let _ = std::fs::remove_file(&handoff.summary);
        let _ = std::fs::remove_file(&handoff.response);
    }

    fn files(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn an_outcome_in_time_is_handed_over_once() {
        let dir = tempfile::tempdir().unwrap();
        let job = Job::new(remove_here);
        assert!(job.take_outcome().is_none(), "still running");
        job.finish(Ok(handoff_in(dir.path())));
        let outcome = job.take_outcome().expect("the outcome");
        assert_eq!(outcome.map(|h| h.code), Ok("K7F3".to_string()));
        assert!(job.take_outcome().is_none(), "once");
        assert_eq!(files(dir.path()), ["K7F3.json", "K7F3.md"], "kept");
    }

    #[test]
    fn a_worker_finishing_after_it_was_given_up_takes_its_hand_off_back() {
        let dir = tempfile::tempdir().unwrap();
        let job = Arc::new(Job::new(remove_here));
        let (release, wait) = mpsc::channel::<()>();
        let worker = Arc::clone(&job);
        let path = dir.path().to_path_buf();
        let thread = thread::spawn(move || {
            // A link under way when the loop gives up: it completes anyway.
            wait.recv().unwrap();
            let handoff = handoff_in(&path);
            worker.finish(Ok(handoff));
        });
        assert!(job.abandon(), "still writing");
        assert!(job.cancel.load(Ordering::SeqCst), "its writes are told");
        release.send(()).unwrap();
        thread.join().unwrap();
        assert_eq!(files(dir.path()), Vec::<String>::new());
        assert!(matches!(*lock(&job.state), State::Over));
        assert!(job.take_outcome().is_none(), "nobody is told of it");
    }

    #[test]
    fn an_outcome_that_came_just_before_the_wipe_is_taken_back_too() {
        let dir = tempfile::tempdir().unwrap();
        let job = Job::new(remove_here);
        job.finish(Ok(handoff_in(dir.path())));
        assert!(!job.abandon(), "the worker has returned");
        assert_eq!(files(dir.path()), Vec::<String>::new());
        assert!(job.take_outcome().is_none(), "nobody is told of it");
    }

    #[test]
    fn abandoned_sends_are_kept_until_their_workers_return() {
        let mut sends = Sends::default();
        let job = Arc::new(Job::new(remove_here));
        sends.current = Some(Current {
            job: Arc::clone(&job),
            deadline: Instant::now(),
            timeout: SEND_TIMEOUT,
        });
        sends.abandon_current();
        assert!(sends.current.is_none());
        sends.prune();
        assert_eq!(sends.abandoned.len(), 1, "its worker is still out");
        job.finish(Err(anyhow::anyhow!("cancelled")));
        sends.prune();
        assert!(sends.abandoned.is_empty());
    }
}
