//! painpath: a terminal self-assessment for back, hip and knee pain. It explains; it never
//! diagnoses. The library holds everything; `main.rs` only parses arguments and reports errors.

/// The config file: kiosk settings.
pub mod config;
/// Load errors with file:line:column, the offending line and a hint.
pub mod diagnostic;
/// Fault points for tests (inert unless built with the `fault-injection` feature).
pub mod fault;
/// FHIR R4 Questionnaire and QuestionnaireResponse exports.
pub mod fhir;
/// The reception inbox: a TUI listing the hand-offs in the spool folder.
pub mod inbox;
/// Kiosk mode: one patient after another on a reception screen, idle wipe, staff exit.
pub mod kiosk;
/// Writing a new file atomically, never overwriting one.
pub mod new_file;
/// The staff PIN: hashing and checking.
pub mod pin;
/// Plain mode: numbered text prompts for screen readers and scripts.
pub mod plain;
/// The validated questionnaire model the engine walks.
pub mod questionnaire;
/// The serde mirror of `questions.toml`, spans kept.
pub mod raw;
/// A route given as `question=answer` ids, replayed through the engine.
pub mod replay;
/// The Markdown summary of a finished session, and saving it when asked.
pub mod report;
/// The engine: one person's walk through the questionnaire.
pub mod session;
/// The hand-off folder between kiosk and reception.
pub mod spool;
/// The terminal session the full-screen interfaces share: setup, restore, signals, the loop.
pub mod terminal;
/// The terminal UI of the questionnaire (and kiosk mode run through it): screens, keys, mouse.
pub mod tui;
/// The loader: raw TOML to a checked questionnaire.
pub mod validate;
/// The decision tree as a Mermaid or DOT graph, and its routes as text or CSV.
pub mod views;

/// The questionnaire compiled into the binary, so it runs with no file beside it.
pub const DEFAULT_QUESTIONS: &str = include_str!("../questions.toml");

/// The name the embedded questionnaire goes by in messages.
pub const DEFAULT_QUESTIONS_NAME: &str = "questions.toml (built in)";

/// Loads the embedded default questionnaire.
pub fn default_questionnaire() -> Result<questionnaire::Questionnaire, diagnostic::LoadError> {
    validate::load(DEFAULT_QUESTIONS_NAME, DEFAULT_QUESTIONS)
}

/// What the unit tests share: the small fixture questionnaire.
#[cfg(test)]
pub(crate) mod testing {
    use crate::questionnaire::Questionnaire;

    /// tests/fixtures/small.toml, loaded: red flags, a single choice, a yes/no, a scale.
    pub fn small() -> Questionnaire {
        crate::validate::load("small.toml", include_str!("../tests/fixtures/small.toml"))
            .expect("the small fixture loads")
    }
}
