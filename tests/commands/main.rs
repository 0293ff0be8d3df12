//! The built binary as a user runs it without a terminal, in one test binary: its commands
//! and plain mode over pipes, the exports, and the commands the docs show. Run one suite with
//! `cargo test --test commands cli`.

#[path = "../common/mod.rs"]
mod common;

mod cli;
mod docs_examples;
mod exports;
mod plain;
