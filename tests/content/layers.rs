//! The layers of `src/` only look down (see `src/lib.rs`): `content` < `engine` < `output` <
//! `handoff` < `ui` < `cli`. A file below `ui` never imports ratatui, crossterm or `crate::ui`, nor a
//! layer above its own; within `ui`, the TUI, the terminal loop and plain mode know nothing
//! of the kiosk or the inbox. A helper below the layers (`safe_file`, `text`) imports no layer, and
//! `content` never uses it: content never touches a file. Read from the sources, so a planted
//! import fails here.

use std::fs;
use std::path::{Path, PathBuf};

/// The layers, lowest first.
const LAYERS: [&str; 6] = ["content", "engine", "output", "handoff", "ui", "cli"];

/// Helpers below the layers (files at the top of `src/`), each with the layers that must never
/// use it. A helper itself imports no layer.
const HELPERS: [(&str, &[&str]); 2] = [
    // Opening a file safely: content never touches a file.
    ("safe_file", &["content"]),
    // Width, wrap and hostile characters: for every layer.
    ("text", &[]),
];

/// Parts of `ui` that must not import these sibling parts of `ui`.
const UI_RULES: [(&str, &[&str]); 3] = [
    ("ui/tui", &["kiosk", "inbox"]),
    ("ui/terminal.rs", &["tui", "kiosk", "inbox", "plain"]),
    ("ui/plain.rs", &["tui", "kiosk", "inbox"]),
];

/// The code of a source file with comments and string literals blanked, so a doc comment or a
/// message that names a module is not taken for an import.
fn code_only(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            '"' => {
                out.push(' ');
                let mut escaped = false;
                for c in chars.by_ref() {
                    if c == '\n' {
                        out.push('\n');
                    }
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        break;
                    }
                }
            }
            // A char literal ('"', '\\'), not a lifetime: skip it whole.
            '\'' => {
                let mut ahead = chars.clone();
                match (ahead.next(), ahead.next()) {
                    (Some('\\'), _) => {
                        chars.next();
                        chars.next();
                        for c in chars.by_ref() {
                            if c == '\'' {
                                break;
                            }
                        }
                    }
                    (Some(_), Some('\'')) => {
                        chars.next();
                        chars.next();
                    }
                    _ => {}
                }
                out.push(' ');
            }
            _ => out.push(c),
        }
    }
    out
}

/// The top-level modules of painpath a piece of code names: `crate::X`, `painpath::X`, and
/// each `X` of a grouped `crate::{X, Y::Z}`. External crates are named by their own path.
fn crate_paths(code: &str) -> Vec<String> {
    let mut named = Vec::new();
    for root in ["crate::", "painpath::"] {
        let mut rest = code;
        while let Some(at) = rest.find(root) {
            rest = &rest[at + root.len()..];
            if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    let name: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() {
                        named.push(name);
                    }
                }
            } else {
                named.push(
                    rest.chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect(),
                );
            }
        }
    }
    named
}

/// Does the code name this external crate as a path (`ratatui::`, `use ratatui`)?
fn names_crate(code: &str, krate: &str) -> bool {
    code.match_indices(krate).any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = &code[at + krate.len()..];
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
            && (after.starts_with("::") || after.starts_with(';') || after.starts_with(" as "))
    })
}

/// What is wrong with one file of `layer` (a folder under src/, or a helper's file at its
/// top), one line per import.
fn violations(layer: &str, source: &str) -> Vec<String> {
    let code = code_only(source);
    let mut found = Vec::new();
    let layer = layer.trim_end_matches(".rs");
    let rank = LAYERS.iter().position(|l| *l == layer);
    let helper = HELPERS.iter().any(|(h, _)| *h == layer);
    if rank.is_none() && !helper {
        return found;
    }
    if layer != "ui" {
        for krate in ["ratatui", "crossterm"] {
            if names_crate(&code, krate) {
                found.push(format!("{layer} imports {krate}, a terminal crate"));
            }
        }
    }
    for module in crate_paths(&code) {
        match (LAYERS.iter().position(|l| *l == module), rank) {
            (Some(above), Some(rank)) if above > rank => {
                found.push(format!("{layer} imports crate::{module}, a layer above it"));
            }
            (Some(_), None) => found.push(format!(
                "{layer} imports crate::{module}; a helper below the layers imports none"
            )),
            _ => {}
        }
        if HELPERS
            .iter()
            .any(|(h, never)| *h == module && never.contains(&layer))
        {
            found.push(format!(
                "{layer} imports crate::{module}, which it must never use"
            ));
        }
    }
    found
}

/// The parts of `ui` (its direct submodules) that a file of `ui` at `path` (relative to src/)
/// names: `crate::ui::X`, grouped `crate::ui::{X, ...}`, and `super::` chains that climb to
/// `ui` itself.
fn ui_parts_named(path: &str, code: &str) -> Vec<String> {
    let mut module: Vec<&str> = path.trim_end_matches(".rs").split('/').collect();
    if module.last() == Some(&"mod") {
        module.pop();
    }
    let ident = |text: &str| -> String {
        text.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut named = Vec::new();
    for (at, _) in code.match_indices("crate::ui::") {
        let rest = &code[at + "crate::ui::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            named.extend(group.split(',').map(ident));
        } else {
            named.push(ident(rest));
        }
    }
    for (at, _) in code.match_indices("super::") {
        if code[..at].ends_with("super::") {
            continue; // counted from the first `super::` of its chain
        }
        let mut rest = &code[at..];
        let mut climbs = 0;
        while let Some(next) = rest.strip_prefix("super::") {
            climbs += 1;
            rest = next;
        }
        if module.len().checked_sub(climbs) == Some(1) {
            named.push(ident(rest));
        }
    }
    named.retain(|name| !name.is_empty());
    named
}

/// Imports of sibling parts of `ui` that `path` (relative to src/) must not make.
fn ui_violations(path: &str, source: &str) -> Vec<String> {
    let code = code_only(source);
    let mut found = Vec::new();
    for (part, forbidden) in UI_RULES {
        if !path.starts_with(part) {
            continue;
        }
        for name in ui_parts_named(path, &code) {
            if forbidden.contains(&name.as_str()) {
                found.push(format!("{part} imports ui::{name}"));
            }
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_source_file_imports_only_its_own_layer_and_those_below() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut checked = [0usize; LAYERS.len()];
    let mut helpers_checked = 0;
    let mut problems = Vec::new();
    for path in &files {
        let relative = path.strip_prefix(&src).expect("under src/");
        let relative = relative.to_string_lossy().replace('\\', "/");
        let layer = relative.split('/').next().unwrap_or_default();
        let source = fs::read_to_string(path).expect("a source file");
        if let Some(rank) = LAYERS.iter().position(|l| *l == layer) {
            checked[rank] += 1;
        }
        if HELPERS.iter().any(|(h, _)| format!("{h}.rs") == layer) {
            helpers_checked += 1;
        }
        for problem in violations(layer, &source)
            .into_iter()
            .chain(ui_violations(&relative, &source))
        {
            problems.push(format!("src/{relative}: {problem}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Every layer has files, so a rename of a folder cannot make this test pass vacuously.
    for (layer, count) in LAYERS.iter().zip(checked) {
        assert!(
            count >= 2,
            "src/{layer}/ has {count} files; was it renamed?"
        );
    }
    assert_eq!(
        helpers_checked,
        HELPERS.len(),
        "a helper's file is missing; was it renamed?"
    );
}

#[test]
fn a_planted_terminal_import_below_ui_is_caught() {
    assert_eq!(
        violations("engine", "use ratatui::text::Line;\n"),
        ["engine imports ratatui, a terminal crate"]
    );
    assert_eq!(
        violations(
            "output",
            "fn f() { ratatui::crossterm::terminal::size(); }\n"
        ),
        ["output imports ratatui, a terminal crate"]
    );
    assert_eq!(
        violations("handoff", "use crossterm::event::Event;\n"),
        ["handoff imports crossterm, a terminal crate"]
    );
    // The same names in the ui layer are its business.
    assert!(violations("ui", "use ratatui::text::Line;\n").is_empty());
}

#[test]
fn a_planted_import_of_a_higher_layer_is_caught() {
    assert_eq!(
        violations("content", "use crate::engine::session::Session;\n"),
        ["content imports crate::engine, a layer above it"]
    );
    assert_eq!(
        violations("handoff", "use crate::{content::model, ui::tui::App};\n"),
        ["handoff imports crate::ui, a layer above it"]
    );
    assert_eq!(
        violations("output", "let x = crate::handoff::spool::scan(dir);\n"),
        ["output imports crate::handoff, a layer above it"]
    );
    // Looking down is allowed.
    assert!(
        violations(
            "handoff",
            "use crate::output::report;\nuse crate::engine::session;\n"
        )
        .is_empty()
    );
}

#[test]
fn content_using_the_safe_file_helper_is_caught() {
    assert_eq!(
        violations("content", "use crate::safe_file::{self, Symlinks};\n"),
        ["content imports crate::safe_file, which it must never use"]
    );
    assert_eq!(
        violations(
            "content",
            "let bytes = crate::safe_file::read_limited(path, LIMIT)?;\n"
        ),
        ["content imports crate::safe_file, which it must never use"]
    );
    // The layers that touch files use it.
    assert!(violations("handoff", "use crate::safe_file::{self, Symlinks};\n").is_empty());
    assert!(violations("ui", "use crate::safe_file;\n").is_empty());
}

#[test]
fn a_helper_importing_a_layer_is_caught() {
    assert_eq!(
        violations(
            "safe_file.rs",
            "use crate::content::model::Questionnaire;\n"
        ),
        ["safe_file imports crate::content; a helper below the layers imports none"]
    );
    assert_eq!(
        violations("safe_file.rs", "use ratatui::text::Line;\n"),
        ["safe_file imports ratatui, a terminal crate"]
    );
    assert!(violations("safe_file.rs", "use rustix::fs::OFlags;\n").is_empty());
}

#[test]
fn comments_and_strings_that_name_a_layer_are_not_imports() {
    let source = "//! Saving is `crate::handoff::save`'s job; ratatui::Frame is the UI's.\n\
                  let message = \"see crate::ui::tui\";\n";
    assert!(
        violations("output", source).is_empty(),
        "{:?}",
        violations("output", source)
    );
    // A quote in a char literal does not hide the code after it.
    assert_eq!(
        violations(
            "engine",
            "let q = '\"';\nuse crate::ui::tui;\nlet s = \"x\";\n"
        ),
        ["engine imports crate::ui, a layer above it"]
    );
}

#[test]
fn the_tui_importing_the_kiosk_is_caught() {
    assert_eq!(
        ui_violations(
            "ui/tui/mod.rs",
            "use crate::ui::kiosk::{Kiosk, KioskConfig};\n"
        ),
        ["ui/tui imports ui::kiosk"]
    );
    assert_eq!(
        ui_violations("ui/tui/app.rs", "use crate::ui::{inbox, terminal};\n"),
        ["ui/tui imports ui::inbox"]
    );
    assert_eq!(
        ui_violations("ui/plain.rs", "use super::tui::Theme;\n"),
        ["ui/plain.rs imports ui::tui"]
    );
    assert_eq!(
        ui_violations("ui/tui/draw.rs", "use super::super::kiosk::Kiosk;\n"),
        ["ui/tui imports ui::kiosk"]
    );
    // `super::` inside the TUI is the TUI's own module.
    assert!(ui_violations("ui/tui/draw.rs", "use super::app::App;\n").is_empty());
    // The kiosk builds on the TUI: that direction is fine.
    assert!(ui_violations("ui/kiosk/mod.rs", "use crate::ui::tui::{App, Config};\n").is_empty());
}
