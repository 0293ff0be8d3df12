//! The questions file and what is built from it, in one test binary: the loader and its
//! errors, translations, warnings, the shipped questions and cases, the editors' guide, and
//! the layers of `src/`. Run one suite with `cargo test --test content loader_errors`.

#[path = "../common/mod.rs"]
mod common;
#[path = "../support/generate.rs"]
mod generate;

mod cases;
mod check_warnings;
mod editing_guide;
mod generated_questionnaires;
mod layers;
mod loader_errors;
mod loader_properties;
mod loader_regressions;
mod option_help;
mod shipped_questions;
mod translation_errors;
