//! The help of painpath and of each command, made from the definitions in `flags.rs` and laid
//! out as clap laid it out, wrapped to 80 columns.

use super::flags::{COMMANDS, CommandDef, FLAGS, Flag, Kind, Place};
use crate::text::wrap;

/// The widest a help line gets.
pub const WIDTH: usize = 80;

/// The options `def`'s help lists: those that may be written after its name (for painpath
/// itself, before any command), in the order they are defined.
pub fn options_of(def: &CommandDef) -> impl Iterator<Item = &'static Flag> + '_ {
    let top = std::ptr::eq(def, &super::flags::TOP);
    FLAGS.iter().filter(move |flag| {
        if top {
            flag.accepted(Place::Ask, true)
        } else {
            flag.accepted(def.place, false)
        }
    })
}

/// The help text, `long` for `--help`, else as `-h` shows it.
pub fn render(def: &CommandDef, long: bool) -> String {
    let mut out = String::new();
    let about = match def.long_about {
        Some(text) if long => text,
        _ => def.about,
    };
    for (i, paragraph) in about.split("\n\n").enumerate() {
        if i > 0 {
            out.push('\n');
        }
        for line in paragraph.split('\n') {
            // An indented line, such as an example command line, is shown as it is written.
            if line.starts_with("  ") {
                out.push_str(line);
                out.push('\n');
            } else {
                wrap_into(&mut out, line, 0);
            }
        }
    }
    out.push_str("\nUsage: ");
    wrap_into(&mut out, def.usage, "Usage: ".len());
    section(
        &mut out,
        "Arguments:",
        def.arguments
            .iter()
            .map(|(name, about)| (name.to_string(), about.to_string())),
    );
    section(
        &mut out,
        "Commands:",
        def.commands
            .iter()
            .map(|sub| (sub.name.to_string(), sub.about.to_string())),
    );
    let help = match def.long_about {
        None => "Print help",
        Some(_) if long => "Print help (see a summary with '-h')",
        Some(_) => "Print help (see more with '--help')",
    };
    // `painpath help` reads every argument as a command's name, `-h` too.
    let help_option = (def.place != Place::Help).then(|| ("-h, --help".to_string(), help.into()));
    section(
        &mut out,
        "Options:",
        options_of(def).map(option_line).chain(help_option),
    );
    out
}

/// An option's name column and its description, as the help lists it.
fn option_line(flag: &Flag) -> (String, String) {
    let name = match flag.short {
        Some(short) => format!("-{short}, {}", flag.spelled()),
        None => format!("    {}", flag.spelled()),
    };
    let mut about = flag.help.to_string();
    if let Some(default) = flag.default {
        about.push_str(&format!(" [default: {default}]"));
    }
    if let Kind::Choice(names) = flag.kind {
        about.push_str(&format!(" [possible values: {}]", names.join(", ")));
    }
    (name, about)
}

/// A titled list of (name, description), the descriptions in a column after the widest name.
fn section(out: &mut String, title: &str, entries: impl Iterator<Item = (String, String)>) {
    let entries: Vec<(String, String)> = entries.collect();
    let Some(width) = entries.iter().map(|(name, _)| name.len()).max() else {
        return;
    };
    out.push('\n');
    out.push_str(title);
    out.push('\n');
    for (name, description) in entries {
        out.push_str(&format!("  {name:width$}  "));
        wrap_into(out, &description, width + 4);
    }
}

/// Appends `text` and a newline, words wrapped at [`WIDTH`]; the first line starts at column
/// `indent` (already written), the others are indented to it.
fn wrap_into(out: &mut String, text: &str, indent: usize) {
    for (i, line) in wrap(text, WIDTH - indent).iter().enumerate() {
        if i > 0 {
            out.push_str(&" ".repeat(indent));
        }
        out.push_str(line);
        out.push('\n');
    }
}

/// The definition of the command `names` leads to from painpath itself (`["export",
/// "response"]`), if there is one.
pub fn find<'n>(names: impl IntoIterator<Item = &'n str>) -> Option<&'static CommandDef> {
    let mut def: &'static CommandDef = COMMANDS[0];
    for name in names {
        def = def.commands.iter().find(|sub| sub.name == name)?;
    }
    Some(def)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_help_fits_80_columns() {
        for def in COMMANDS {
            for long in [false, true] {
                for line in render(def, long).lines() {
                    assert!(line.chars().count() <= WIDTH, "{line}");
                    assert_eq!(line.trim_end(), line, "trailing spaces: {line:?}");
                }
            }
        }
    }

    #[test]
    fn the_help_shows_the_default_path_limit() {
        let paths = find(["paths"]).expect("paths");
        assert!(render(paths, false).contains(&format!(
            "[default: {}]",
            crate::output::views::DEFAULT_PATH_LIMIT
        )));
    }

    #[test]
    fn a_command_lists_only_the_options_that_act_for_it() {
        let check = render(find(["check"]).expect("check"), true);
        assert!(check.contains("--strict") && check.contains("--questions <PATH>"));
        assert!(!check.contains("--lang"), "{check}");
        let pin = render(find(["kiosk-pin"]).expect("kiosk-pin"), true);
        assert!(
            !pin.contains("--questions") && !pin.contains("--lang"),
            "{pin}"
        );
        let top = render(COMMANDS[0], true);
        for option in ["--plain", "--kiosk", "--theme <THEME>", "--lang <LANG>"] {
            assert!(top.contains(option), "{option}: {top}");
        }
        assert!(!top.contains("--strict"), "{top}");
    }
}
