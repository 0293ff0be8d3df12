//! painpath: a terminal self-assessment for back, hip and knee pain. It explains; it never
//! diagnoses. The library holds everything; `main.rs` only parses arguments and reports errors.

/// Load errors with file:line:column, the offending line and a hint.
pub mod diagnostic;
/// The validated questionnaire model the engine walks.
pub mod questionnaire;
/// The serde mirror of `questions.toml`, spans kept.
pub mod raw;
/// The engine: one person's walk through the questionnaire.
pub mod session;
/// The terminal UI: screens, keys, mouse, and the loop that owns the terminal.
pub mod tui;
/// The loader: raw TOML to a checked questionnaire.
pub mod validate;

/// The questionnaire compiled into the binary, so it runs with no file beside it.
pub const DEFAULT_QUESTIONS: &str = include_str!("../questions.toml");

/// The name the embedded questionnaire goes by in messages.
pub const DEFAULT_QUESTIONS_NAME: &str = "questions.toml (built in)";

/// Loads the embedded default questionnaire.
pub fn default_questionnaire() -> Result<questionnaire::Questionnaire, diagnostic::LoadError> {
    validate::load(DEFAULT_QUESTIONS_NAME, DEFAULT_QUESTIONS)
}
