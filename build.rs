//! Checks the built-in content and packs it, so that start-up reads it without parsing TOML.
//!
//! The content layer (`src/content`, which uses nothing else of painpath but `src/text.rs`) is
//! compiled into this script as it is: it loads `questions.toml` with every check the binary
//! runs on a clinic's file, applies each built-in translation, checks the word catalogues, and
//! writes each in the packed form (`src/content/packed.rs`) to OUT_DIR. A problem in any of them
//! fails the build with the same message `painpath check` gives. The lib is then built with
//! `cfg(painpath_packed)`, which reads the packed forms (`lib.rs`, `content/words/load.rs`).

// Only loading, checking and packing are used here; the rest serves the binary.
#[allow(dead_code, unused_imports, unused_macros)]
#[path = "src/content/mod.rs"]
mod content;
// The text module below it, which the content layer uses.
#[allow(dead_code)]
#[path = "src/text.rs"]
mod text;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The built-in translations: `questions.<tag>.toml` beside `questions.toml`. The same list,
/// in the same order, as `DEFAULT_TRANSLATIONS` in lib.rs (a unit test holds them together).
const TRANSLATIONS: &[&str] = &["es"];

fn main() -> ExitCode {
    for watched in ["questions.toml", "words", "src/content", "src/text.rs"] {
        println!("cargo::rerun-if-changed={watched}");
    }
    for tag in TRANSLATIONS {
        println!("cargo::rerun-if-changed=questions.{tag}.toml");
    }
    // The function order deploy/build.sh links with: a new order must link the binary again.
    println!("cargo::rerun-if-changed=deploy/painpath.order");
    match pack_all() {
        Ok(()) => {
            println!("cargo::rustc-cfg=painpath_packed");
            ExitCode::SUCCESS
        }
        Err(problem) => {
            // Shown by cargo when the build fails; the binary is not built.
            eprintln!("the built-in content does not load:\n{problem}");
            ExitCode::FAILURE
        }
    }
}

fn pack_all() -> Result<(), String> {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    let base_text = read("questions.toml")?;
    let base = content::validate::load("questions.toml (built in)", &base_text)
        .map_err(|err| err.to_string())?;
    write(&out.join("questions.bin"), &content::packed::pack(&base))?;
    for tag in TRANSLATIONS {
        let file = format!("questions.{tag}.toml");
        let text = read(&file)?;
        let translated = content::translate::translate(&base, &format!("{file} (built in)"), &text)
            .map_err(|err| err.to_string())?;
        write(
            &out.join(format!("questions.{tag}.bin")),
            &content::packed::pack(&translated),
        )?;
    }
    for (tag, packed) in content::words::packed_catalogues()? {
        write(&out.join(format!("words.{tag}.bin")), &packed)?;
    }
    Ok(())
}

fn read(file: &str) -> Result<String, String> {
    std::fs::read_to_string(file).map_err(|err| format!("reading {file}: {err}"))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|err| format!("writing {}: {err}", path.display()))
}
