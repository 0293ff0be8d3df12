//! Writes the seed corpus for the `loader` target into `corpus/loader` (or the given folder).

#[path = "../../tests/support/generate.rs"]
mod generate;

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let dir = std::env::args_os()
        .nth(1)
        .map_or_else(|| PathBuf::from("corpus/loader"), PathBuf::from);
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("small.toml"), include_str!("../../tests/fixtures/small.toml"))?;
    std::fs::write(dir.join("builtin.toml"), painpath::DEFAULT_QUESTIONS)?;
    // Small sizes only: libFuzzer truncates inputs past -max_len, and small seeds mutate fast.
    for n in [1, 2, 3, 4, 5, 6, 9, 13] {
        std::fs::write(
            dir.join(format!("generated-{n}.toml")),
            generate::questionnaire(n),
        )?;
    }
    Ok(())
}
