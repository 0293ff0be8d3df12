//! painpath's own words: every text of the interface that is not the questionnaire's content
//! (buttons, headings, hints, key help, messages), one catalogue per language in
//! `words/<tag>.toml`, embedded in the binary. The questionnaire's `meta.language` picks the
//! catalogue, so a translated questions file brings the interface along.
//!
//! The texts are data, not code: which keys work and how a screen is laid out stay in the
//! views; only what they say comes from here. A text with values in it names them as
//! `{name}`, filled by [`fill`].
//!
//! Callers use the names re-exported here (`words::of`, `words::fill`, `words::Words`); the
//! files below each hold one part.

/// What a catalogue holds: a struct of texts for each part of the interface.
mod catalogue;
/// The built-in languages, and the catalogue of a language tag.
mod languages;
/// Reading the built-in catalogues (packed by build.rs, or their TOML) and checking them.
mod load;
/// A text's `{name}` placeholders, and filling them with values.
mod template;

pub use catalogue::{
    Buttons, Common, Errors, KeyHelp, KeyNames, Keys, Kiosk, Months, Plain, ResultWords,
    SessionEnd, Summary, Tui, Weekdays, Words,
};
pub use languages::{Language, english, for_language, language, language_name, languages, of};
pub use load::{check, packed_catalogues};
pub use template::{fill, placeholders};
