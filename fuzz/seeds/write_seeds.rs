//! Writes the seed corpus for the `loader` target into `corpus/loader` (or the given folder).

#[path = "../../tests/support/generate.rs"]
mod generate;

use std::path::PathBuf;

/// A fixture of tests/fixtures/broken/, by name, as `(name, text)`.
macro_rules! broken {
    ($($name:literal),* $(,)?) => {
        [$(($name, include_str!(concat!("../../tests/fixtures/broken/", $name, ".toml")))),*]
    };
}

/// Files with conditional texts and options that the loader refuses, one per check
/// (tests/content/loader_errors.rs), so that mutations start next to each of them.
const CONDITIONAL_REFUSED: [(&str, &str); 11] = broken![
    "condition_on_screen_option",
    "condition_on_emergency_option",
    "option_reads_later_question",
    "text_reads_unasked_question",
    "sign_not_a_warning_sign",
    "sign_without_level",
    "level_without_sign",
    "sign_at_another_level",
    "duplicate_text_id",
    "unknown_condition_reference",
    "unknown_text_key",
];

fn main() -> std::io::Result<()> {
    let dir = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("corpus/loader"), PathBuf::from);
    std::fs::create_dir_all(&dir)?;
    std::fs::write(
        dir.join("small.toml"),
        include_str!("../../tests/fixtures/small.toml"),
    )?;
    std::fs::write(dir.join("builtin.toml"), painpath::DEFAULT_QUESTIONS)?;
    std::fs::write(
        dir.join("conditional.toml"),
        include_str!("../../tests/fixtures/conditional.toml"),
    )?;
    for (name, text) in CONDITIONAL_REFUSED {
        std::fs::write(dir.join(format!("{name}.toml")), text)?;
    }
    // Small sizes only: libFuzzer truncates inputs past -max_len, and small seeds mutate fast.
    for n in [1, 2, 3, 4, 5, 6, 9, 13] {
        std::fs::write(
            dir.join(format!("generated-{n}.toml")),
            generate::questionnaire(n),
        )?;
    }
    Ok(())
}
