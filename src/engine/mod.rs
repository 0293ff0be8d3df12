//! The engine: one person's walk through a questionnaire (`session`), a route given by ids
//! replayed through that same walk (`replay`), and the clinical case suite run through it
//! (`cases`). Pure: no terminal, no file, no clock.
//!
//! Uses `content` only. Nothing here may import `output`, `handoff` or `ui`.

/// The clinical case suite run through the engine.
pub mod cases;
/// A route given as `question=answer` ids, replayed through the engine.
pub mod replay;
/// One person's walk through the questionnaire.
pub mod session;
