//! The files painpath writes, and only when asked: the spool folder between the kiosk and
//! reception, a summary saved where the person chose, and the atomic new file both use.
//!
//! Uses `output`, `engine` and `content`. Nothing here may import `ui` or draw anything.

/// Writing a new file atomically, never overwriting one.
pub mod new_file;
/// A summary saved where the person asked (`--report`, `--save-dir`).
pub mod save;
/// The hand-off folder between kiosk and reception.
pub mod spool;
