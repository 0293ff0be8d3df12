//! The questions file, from text to the checked model: `raw` mirrors the TOML with spans,
//! `validate` runs every check (split by concern), `diagnostic` words the errors for the
//! clinic staff who edit the file, and `model` is the validated questionnaire, the only form
//! anything above sees. `words` holds painpath's own interface texts, one catalogue per
//! language, picked by the questionnaire's language.
//!
//! The bottom layer: it uses nothing else of painpath but `text` (width, wrap, hostile
//! characters), and never a terminal, a file or a clock. Nothing here may import `engine`,
//! `output`, `handoff`, `ui` or `cli`.

/// The areas of the body map that options may name.
pub mod body;
/// The clinical case suite: patient stories, their answers and the result expected.
pub mod cases;
/// Load errors with file:line:column, the offending line and a hint.
pub mod diagnostic;
/// Language tags: which language a tag names, and whether it is well formed.
pub mod language;
/// Warnings about a file that loads (split by concern): routing, conditions, lengths, cases.
pub mod lint;
/// The validated questionnaire model the engine walks.
pub mod model;
/// The checked questionnaire and the catalogues packed at build time, and read back.
pub mod packed;
/// The serde mirror of `questions.toml`, spans kept.
pub mod raw;
/// Whether a text says how soon to get help, which only a disposition may.
pub mod time_frame;
/// A translation of the questions file, read, checked against it and applied to it.
pub mod translate;
/// The loader: raw TOML to a checked questionnaire.
pub mod validate;
/// painpath's own words (buttons, headings, hints), one catalogue per language.
pub mod words;
