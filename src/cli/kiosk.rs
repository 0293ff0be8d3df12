//! Kiosk start-up (`--kiosk`): everything the kiosk needs is checked before it takes the
//! terminal (the config and its PIN hash, the spool folder, the clinic's language, the PIN
//! lockout's state), then it runs until staff close it; `kiosk-pin`, which makes the PIN; and
//! `write-handoff`, the process the kiosk starts to write each hand-off.

use std::io::{BufRead, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, bail};
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};

use super::args::Args;
use super::ask::tui_config;
use super::output::{Sink, say, stdout_sink, to_stderr, write_out};
use super::questions::{CONFIG_LIMIT, choose_language, load_languages, shown};
use crate::content::diagnostic;
use crate::content::model::Questionnaire;
use crate::handoff::spool::courier;
use crate::ui::kiosk::config::{KioskSettings, kiosk_settings, read_config};
use crate::ui::kiosk::pin::{PinHash, check_new_pin};
use crate::ui::kiosk::{self, KioskConfig, lockout};
use crate::ui::line::{Line, read_line};
use crate::ui::terminal::EchoOff;

/// `painpath --kiosk`.
pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let languages = load_languages(args.questions.as_ref())?;
    let mut settings = match &args.config {
        Some(path) => {
            // Refused when other users can read or change it: it holds the PIN's hash.
            let bytes = read_config(path, CONFIG_LIMIT)?;
            let text = diagnostic::decode(&shown(path), bytes)?;
            kiosk_settings(&shown(path), &text)?
        }
        None => KioskSettings::default(),
    };
    let clinic_language = settings.language.clone();
    let Some(pin) = settings.pin_hash.clone() else {
        let place = match &args.config {
            Some(path) => format!("{} has no pin_hash in its [kiosk] table", shown(path)),
            None => "no config file was given (--config PATH)".to_string(),
        };
        bail!(
            "kiosk mode needs a staff PIN to exit, and {place}. Run `painpath kiosk-pin`, \
             paste the line it prints into the [kiosk] table of the config file (for example \
             /etc/painpath/config.toml), and start with --kiosk --config PATH"
        );
    };
    let spool: Option<PathBuf> = args.spool.clone().or_else(|| settings.spool.clone());
    // On a thread of its own: a share that does not answer must not keep the welcome away.
    let spool_check = match &spool {
        Some(dir) => {
            let dir = dir.clone();
            kiosk::SpoolCheck::start(move || check_spool(&dir), kiosk::SPOOL_CHECK_GRACE)?
        }
        None => None,
    };
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        bail!("kiosk mode needs a terminal on stdin and stdout");
    }
    // The PIN lockout outlives a restart when there is a state folder to keep it in.
    let state_directory = std::env::var("STATE_DIRECTORY").ok();
    let writer = match lockout::state_dir(settings.state_dir.as_deref(), state_directory.as_deref())
    {
        Some(dir) => {
            let started = lockout::start(&dir, std::time::SystemTime::now())?;
            if let Some(warning) = &started.warning {
                say(warning);
            }
            settings.pin_lockout = started.lockout;
            Some(started.writer)
        }
        None => {
            say(
                "no state_dir in the config (nor STATE_DIRECTORY from systemd), so wrong staff \
                 PINs are forgotten when the kiosk restarts",
            );
            None
        }
    };
    let config = KioskConfig {
        settings,
        pin,
        handoff: spool.is_some(),
        tui: tui_config(args.theme),
    };
    // The clinic's language: --lang, else the config's `language`, else the questions' own
    // (a kiosk does not follow the locale it was started in).
    let home_language = match args.lang.as_deref().or(clinic_language.as_deref()) {
        Some(tag) => Some(
            choose_language(&languages, Some(tag), None)?
                .meta
                .language
                .clone(),
        ),
        None => None,
    };
    let all: Vec<Questionnaire> = std::iter::once(languages.base)
        .chain(languages.translations.into_iter().map(|(q, _)| q))
        .collect();
    let home = home_language
        .and_then(|tag| all.iter().position(|q| q.meta.language == tag))
        .unwrap_or(0);
    let end = kiosk::run_kiosk(&all, home, config, spool.as_deref(), spool_check);
    // The kiosk is gone, and with it every report: the last one is written before the exit.
    if let Some(writer) = writer {
        for err in writer.finish(std::time::Duration::from_secs(2)) {
            say(err);
        }
    }
    let end = end?;
    match end {
        kiosk::KioskEnd::Signal(interrupted) => say(format!("kiosk {interrupted}")),
        kiosk::KioskEnd::Staff => say("kiosk closed by staff"),
    }
    Ok(ExitCode::from(end.exit_code()))
}

/// The spool folder must be there before the first patient, not discovered missing by one.
fn check_spool(dir: &Path) -> anyhow::Result<()> {
    // Tests only (the `fault-injection` feature): a share that does not answer, or answers
    // late.
    crate::fault::point("stall-spool-check");
    crate::fault::point("slow-spool-check");
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => bail!(
            "the reception folder {} is not a folder; give --spool (or spool in the config) a \
             folder",
            shown(dir)
        ),
        Err(err) => bail!(
            "the reception folder {} cannot be used ({err}); create it (mkdir -p {}) and let \
             the kiosk user write there, or leave out --spool and the spool key",
            shown(dir),
            shown(dir)
        ),
    }
}

/// `painpath write-handoff`: the writer kiosk mode starts for each hand-off (see
/// `handoff::spool::courier`). It reads its errand whole from standard input, does it, and
/// prints its reply on standard output. It refuses to run on a terminal: only the kiosk
/// starts it, through pipes.
pub fn write_handoff() -> anyhow::Result<ExitCode> {
    let input = std::io::stdin();
    if input.is_terminal() {
        bail!("write-handoff is started by kiosk mode, with what to write on its standard input");
    }
    // SIGTERM means "give up": from the kiosk when its send times out or its session is
    // wiped, from the kernel when the kiosk ends (below), from systemd when the service
    // stops. So do the terminal's signals: the writer is in the kiosk's process group, which
    // gets SIGHUP when the kiosk, leading its session, ends. Caught from the start, so that
    // none ends the writer between two files: it names no file after one and takes back what
    // it named (see `courier::carry`).
    let cancel = Arc::new(AtomicBool::new(false));
    for signal in [SIGTERM, SIGHUP, SIGINT, SIGQUIT] {
        signal_hook::flag::register(signal, Arc::clone(&cancel))
            .with_context(|| format!("catching signal {signal}"))?;
    }
    rustix::process::set_parent_process_death_signal(Some(rustix::process::Signal::TERM))
        .context("asking to be told when the kiosk ends")?;
    // So that `ps` and /proc tell it from the kiosk; a name is only a help, so it may fail.
    let _ = std::fs::write("/proc/self/comm", "painpath-writer");
    let (kiosk, errand) = courier::read_errand(input.lock())?;
    // A kiosk that ended before the death signal was asked for sends none: nobody waits.
    let parent = rustix::process::Pid::as_raw(rustix::process::getppid());
    if u32::try_from(parent).ok() != Some(kiosk) {
        cancel.store(true, Ordering::SeqCst);
    }
    let reply = courier::carry(&errand, &cancel);
    reply
        .write_to(&mut std::io::stdout().lock())
        .context("replying to the kiosk")?;
    Ok(ExitCode::SUCCESS)
}

/// `painpath kiosk-pin`: reads a new PIN twice (without echo on a terminal, as lines
/// otherwise) and prints the config line holding only its hash.
pub fn make_pin() -> anyhow::Result<ExitCode> {
    // Before asking for the PIN: with stdout closed (`>&-`) or sent to /dev/null the line
    // would go nowhere, and nobody could paste it.
    if let Some(sink) = stdout_sink() {
        let sink = match sink {
            Sink::Closed => "is closed",
            Sink::DevNull => "goes to /dev/null",
        };
        bail!(
            "standard output {sink}, so the pin_hash line would be lost; nothing was asked \
             (run it with stdout on the terminal, or redirected to a file)"
        );
    }
    let stdin = std::io::stdin();
    let terminal = stdin.is_terminal();
    let mut lines = stdin.lock();
    let first = read_pin(&mut lines, terminal, "New staff PIN (6 to 12 digits): ")?;
    check_new_pin(&first).map_err(|why| anyhow::anyhow!("{why}; nothing was printed"))?;
    let second = read_pin(&mut lines, terminal, "The same PIN again: ")?;
    if first != second {
        bail!("the two PINs differ; nothing was printed");
    }
    let hash = PinHash::generate(&first)?;
    // Any failure here, a reader gone (EPIPE) included, means there is nothing to paste.
    write_out(format!("pin_hash = \"{hash}\"\n").as_bytes()).context(
        "the pin_hash line could not be written to standard output, so there is nothing to paste",
    )?;
    to_stderr(
        "Paste that line into the [kiosk] table of the config file (/etc/painpath/config.toml).",
    );
    Ok(ExitCode::SUCCESS)
}

/// The most bytes a typed PIN line may have: a PIN is 6 to 12 digits, and what is longer is
/// not read further.
const PIN_LINE_LIMIT: usize = 64;

/// Reads one PIN: on a terminal in raw mode, so nothing is echoed (Ctrl+C or Ctrl+D gives
/// up); otherwise one line.
fn read_pin(input: &mut impl BufRead, terminal: bool, prompt: &str) -> anyhow::Result<String> {
    let mut stderr = std::io::stderr();
    if !terminal {
        let _ = write!(stderr, "{prompt}");
        let _ = stderr.flush();
        let mut line = Vec::new();
        return match read_line(input, &mut line, PIN_LINE_LIMIT).context("reading the PIN")? {
            Line::Read => Ok(String::from_utf8_lossy(&line).trim().to_string()),
            Line::Ended => bail!("no PIN given (input ended)"),
            Line::TooLong | Line::Endless => {
                bail!("the PIN is too long (over {PIN_LINE_LIMIT} bytes); nothing was printed")
            }
        };
    }
    // Echo off before the prompt shows, so that nothing typed after it is ever echoed.
    let echo_off = EchoOff::enter().context("turning off echo")?;
    let _ = write!(stderr, "{prompt}");
    let _ = stderr.flush();
    let pin = typed_pin(input);
    drop(echo_off);
    let _ = write!(stderr, "\r\n");
    pin
}

/// A PIN typed in raw mode: up to Enter, Backspace taking back a digit, Ctrl+C or Ctrl+D
/// giving up.
fn typed_pin(input: &mut impl Read) -> anyhow::Result<String> {
    let mut pin = String::new();
    let mut byte = [0u8; 1];
    loop {
        match input.read(&mut byte) {
            Ok(0) => bail!("no PIN given (input ended)"),
            Err(err) => return Err(anyhow::Error::from(err).context("reading the PIN")),
            Ok(_) => match byte[0] {
                b'\r' | b'\n' => return Ok(pin),
                3 | 4 => bail!("cancelled; nothing was printed"),
                8 | 127 => {
                    pin.pop();
                }
                _ if pin.len() >= PIN_LINE_LIMIT => {
                    bail!("the PIN is too long (over {PIN_LINE_LIMIT} bytes); nothing was printed")
                }
                b => pin.push(char::from(b)),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_pin_ends_at_enter_and_backspace_takes_a_digit_back() {
        assert_eq!(typed_pin(&mut &b"12x\x7f34\r"[..]).unwrap(), "1234");
        assert_eq!(typed_pin(&mut &b"99\x08\n"[..]).unwrap(), "9");
        let cancelled = typed_pin(&mut &b"12\x03"[..]).unwrap_err();
        assert_eq!(cancelled.to_string(), "cancelled; nothing was printed");
        let ended = typed_pin(&mut &b"12"[..]).unwrap_err();
        assert_eq!(ended.to_string(), "no PIN given (input ended)");
    }

    #[test]
    fn a_pin_from_a_pipe_is_one_line() {
        let mut input = &b" 246813 \nrest\n"[..];
        assert_eq!(read_pin(&mut input, false, "").unwrap(), "246813");
        let mut empty = &b""[..];
        assert!(read_pin(&mut empty, false, "").is_err());
    }

    #[test]
    fn a_missing_spool_folder_says_how_to_make_it() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("nope");
        let err = check_spool(&missing).unwrap_err().to_string();
        assert!(err.contains("mkdir -p"), "{err}");
        let file = dir.path().join("file");
        std::fs::write(&file, "").unwrap();
        assert!(
            check_spool(&file)
                .unwrap_err()
                .to_string()
                .contains("is not a folder")
        );
        assert!(check_spool(dir.path()).is_ok());
    }
}
