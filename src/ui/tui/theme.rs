//! Colours and text styles of the TUI. Every meaning a colour carries is also carried by words
//! or symbols, so the `NO_COLOR` theme loses nothing but colour.

use ratatui::style::{Color, Modifier, Style};

use crate::content::model::Urgency;

/// Which set of styles to draw with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeName {
    /// Soft colours on the terminal's own background.
    #[default]
    Standard,
    /// White on black, bold text, strong highlights.
    HighContrast,
}

/// The styles the drawing code uses, one per role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Everything not styled otherwise (the whole screen is filled with it).
    pub base: Style,
    /// The top bar with the title and progress.
    pub header: Style,
    /// Headings and question prompts.
    pub heading: Style,
    /// Hints and help under a prompt.
    pub dim: Style,
    /// The option or entry under the cursor.
    pub selected: Style,
    /// Inline messages such as "please pick at least one option".
    pub error: Style,
    /// Key names in the footer.
    pub key: Style,
    /// Clickable buttons.
    pub button: Style,
    /// The answered part of the progress bar.
    pub bar_done: Style,
    /// The still-to-come part of the progress bar.
    pub bar_todo: Style,
    /// Popups (help, quit).
    pub popup: Style,
    /// The urgency banner, least to most urgent.
    pub urgency: [Style; 3],
}

impl Theme {
    /// The styles for `name`; without colour when `color` is false (the `NO_COLOR` convention).
    pub fn new(name: ThemeName, color: bool) -> Theme {
        match (name, color) {
            (ThemeName::Standard, true) => Theme::standard(),
            (ThemeName::HighContrast, true) => Theme::high_contrast(),
            (_, false) => Theme::monochrome(name),
        }
    }

    /// The style of the urgency banner for `urgency`.
    pub fn urgency(&self, urgency: Urgency) -> Style {
        match urgency {
            Urgency::SelfCare => self.urgency[0],
            Urgency::Soon => self.urgency[1],
            Urgency::Emergency => self.urgency[2],
        }
    }

    fn standard() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        Theme {
            base: Style::new(),
            header: Style::new().fg(Color::Black).bg(Color::Cyan),
            heading: bold.fg(Color::Cyan),
            dim: Style::new().fg(Color::Gray),
            selected: bold.fg(Color::Black).bg(Color::LightCyan),
            error: bold.fg(Color::LightRed),
            key: bold.fg(Color::Yellow),
            button: Style::new().fg(Color::Black).bg(Color::Gray),
            bar_done: Style::new().fg(Color::Cyan),
            bar_todo: Style::new().fg(Color::DarkGray),
            popup: Style::new().fg(Color::White).bg(Color::Blue),
            urgency: [
                bold.fg(Color::Black).bg(Color::Green),
                bold.fg(Color::Black).bg(Color::Yellow),
                bold.fg(Color::White).bg(Color::Red),
            ],
        }
    }

    fn high_contrast() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let base = bold.fg(Color::White).bg(Color::Black);
        let inverse = bold.fg(Color::Black).bg(Color::White);
        Theme {
            base,
            header: inverse,
            heading: bold.fg(Color::LightYellow).bg(Color::Black),
            dim: base,
            selected: bold.fg(Color::Black).bg(Color::LightYellow),
            error: bold
                .fg(Color::LightYellow)
                .bg(Color::Black)
                .add_modifier(Modifier::UNDERLINED),
            key: bold.fg(Color::LightYellow).bg(Color::Black),
            button: inverse,
            bar_done: base,
            bar_todo: base,
            popup: base,
            urgency: [
                bold.fg(Color::Black).bg(Color::LightGreen),
                bold.fg(Color::Black).bg(Color::LightYellow),
                bold.fg(Color::White).bg(Color::Red),
            ],
        }
    }

    /// No colour at all: bold, reverse and underline only.
    fn monochrome(name: ThemeName) -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let reverse = Style::new().add_modifier(Modifier::REVERSED);
        let text = match name {
            ThemeName::Standard => Style::new(),
            ThemeName::HighContrast => bold,
        };
        Theme {
            base: text,
            header: reverse,
            heading: bold,
            dim: text,
            selected: reverse.add_modifier(Modifier::BOLD),
            error: bold.add_modifier(Modifier::UNDERLINED),
            key: bold,
            button: reverse,
            bar_done: text,
            bar_todo: text,
            popup: text,
            urgency: [
                reverse,
                reverse.add_modifier(Modifier::BOLD),
                reverse.add_modifier(Modifier::BOLD),
            ],
        }
    }
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::new(ThemeName::Standard, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_theme_uses_no_colour_anywhere() {
        for name in [ThemeName::Standard, ThemeName::HighContrast] {
            let theme = Theme::new(name, false);
            let styles = [
                theme.base,
                theme.header,
                theme.heading,
                theme.dim,
                theme.selected,
                theme.error,
                theme.key,
                theme.button,
                theme.bar_done,
                theme.bar_todo,
                theme.popup,
            ]
            .into_iter()
            .chain(theme.urgency);
            for style in styles {
                assert_eq!(style.fg, None, "{name:?}");
                assert_eq!(style.bg, None, "{name:?}");
            }
        }
    }

    #[test]
    fn selection_stands_out_without_colour() {
        let theme = Theme::new(ThemeName::Standard, false);
        assert!(theme.selected.add_modifier.contains(Modifier::REVERSED));
    }
}
