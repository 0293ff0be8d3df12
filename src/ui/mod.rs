//! Everything that talks to a person at a terminal: `terminal` (setup, restore, signals and
//! the one loop), `plain` (numbered prompts), `tui` (the full-screen questionnaire), `kiosk`
//! (the unattended reception screen built on the TUI, with its config and staff PIN), and
//! `inbox` (the reception list of hand-offs).
//!
//! The top layer: it may use every folder below. Nothing below may import it. Within it, the
//! kiosk builds on the TUI and the TUI knows nothing of the kiosk.

/// The backend the loop draws through: crossterm's, writing fewer bytes a frame.
pub mod backend;
/// The reception inbox: a TUI listing the hand-offs in the spool folder.
pub mod inbox;
/// Keeping the result: saving the summary where the person asks, from a result screen.
pub mod keep;
/// Kiosk mode: one patient after another on a reception screen, idle wipe, staff exit.
pub mod kiosk;
/// One typed line, read with a bound on its length.
pub mod line;
/// Plain mode: numbered text prompts for screen readers and scripts.
pub mod plain;
/// The two buffers the loop draws through and the diff between them.
pub mod screen;
/// The terminal session the full-screen interfaces share: setup, restore, signals, the loop.
pub mod terminal;
/// The terminal UI of the questionnaire: screens, keys, mouse.
pub mod tui;
