//! The painpath binary: parses the arguments, runs the command the library's `cli` makes of
//! them, prints the error chain and sets the exit code.

use std::process::ExitCode;

use painpath::cli;
use painpath::cli::output::{say, to_stderr};
use painpath::content::diagnostic::LoadError;
use painpath::ui::tui::Interrupted;

fn main() -> ExitCode {
    let args = match cli::parse::parse(std::env::args_os().skip(1)) {
        Ok(args) => args,
        // Help to stdout (status 0), or what was not accepted to stderr (status 2).
        Err(stop) => return cli::stopped(&stop),
    };
    // Read while the process has one thread: the C library's local time is only safe then.
    // Only where a local time is used (a saved summary, the inbox, the watch's stamps):
    // reading it opens and parses /etc/localtime, work that would delay every first frame.
    let local_offset = args
        .uses_local_time()
        .then(|| time::UtcOffset::current_local_offset().ok())
        .flatten();
    let err = match cli::run(&args, local_offset) {
        Ok(code) => return code,
        Err(err) => err,
    };
    // Not eprintln!: after a hangup stderr may be gone, and that must not panic.
    match err.downcast_ref::<LoadError>() {
        // Already one line per problem with file:line:column; print it as it is.
        Some(load) => to_stderr(&format!(
            "{load}\n\npainpath: {} problem(s) found",
            load.problems.len()
        )),
        None => say(format!("{err:#}")),
    }
    // 128 + the signal that stopped it, else 1.
    match err.downcast_ref::<Interrupted>() {
        Some(interrupted) => ExitCode::from(interrupted.exit_code()),
        None => ExitCode::FAILURE,
    }
}
