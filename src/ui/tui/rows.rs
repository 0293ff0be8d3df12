//! The lines of a screen's scrolling part, each marked with the option or entry it belongs to:
//! paragraphs, headings, bullets, key rows, and entries with a hanging indent. Which lines a
//! screen has is `screens`; where they go on the screen is `layout`.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::text::{display_width, wrap};

/// One line of a screen's scrolling part, and the option or entry it belongs to.
pub(super) struct Row {
    pub line: Line<'static>,
    pub item: Option<usize>,
}

/// [`item_rows`] with a blank line above and below that belong to the entry too, so that a
/// finger has at least three lines to hit.
pub(super) fn tall_item_rows(
    rows: &mut Vec<Row>,
    prefix: &str,
    text: &str,
    width: usize,
    item: usize,
) {
    let blank = || Row {
        line: Line::default(),
        item: Some(item),
    };
    rows.push(blank());
    item_rows(rows, prefix, text, width, item);
    rows.push(blank());
}

/// A prefixed entry, its text wrapped under itself (a hanging indent).
pub(super) fn item_rows(rows: &mut Vec<Row>, prefix: &str, text: &str, width: usize, item: usize) {
    let indent = display_width(prefix);
    let lines = wrap(text, width.saturating_sub(indent).max(1));
    for (i, line) in lines.into_iter().enumerate() {
        let lead = if i == 0 {
            prefix.to_string()
        } else {
            " ".repeat(indent)
        };
        rows.push(Row {
            line: Line::from(format!("{lead}{line}")),
            item: Some(item),
        });
    }
}

pub(super) fn blank(rows: &mut Vec<Row>) {
    rows.push(Row {
        line: Line::default(),
        item: None,
    });
}

pub(super) fn para(rows: &mut Vec<Row>, text: &str, width: usize, style: Style) {
    for line in wrap(text, width) {
        rows.push(Row {
            line: Line::from(Span::styled(line, style)),
            item: None,
        });
    }
}

pub(super) fn heading(rows: &mut Vec<Row>, text: &str, width: usize, theme: &Theme) {
    para(rows, text, width, theme.heading);
}

pub(super) fn section(rows: &mut Vec<Row>, title: &str, width: usize, theme: &Theme) {
    blank(rows);
    heading(rows, title, width, theme);
}

pub(super) fn bullet(rows: &mut Vec<Row>, text: &str, width: usize, style: Style) {
    for (i, line) in wrap(text, width.saturating_sub(2).max(1))
        .into_iter()
        .enumerate()
    {
        let lead = if i == 0 { "• " } else { "  " };
        rows.push(Row {
            line: Line::from(Span::styled(format!("{lead}{line}"), style)),
            item: None,
        });
    }
}

pub(super) fn key_row(rows: &mut Vec<Row>, key: &str, action: &str, width: usize, theme: &Theme) {
    const KEY_COLUMN: usize = 16;
    let pad = KEY_COLUMN.saturating_sub(display_width(key));
    // A key name too long for its column (a translation's) has a line of its own.
    let alone = pad == 0;
    if alone {
        rows.push(Row {
            line: Line::from(vec![
                Span::raw("  "),
                Span::styled(key.to_string(), theme.key),
            ]),
            item: None,
        });
    }
    for (i, line) in wrap(action, width.saturating_sub(KEY_COLUMN + 2).max(1))
        .into_iter()
        .enumerate()
    {
        let line = if i == 0 && !alone {
            Line::from(vec![
                Span::raw("  "),
                Span::styled(key.to_string(), theme.key),
                Span::raw(" ".repeat(pad)),
                Span::raw(line),
            ])
        } else {
            Line::from(format!("{}{line}", " ".repeat(KEY_COLUMN + 2)))
        };
        rows.push(Row { line, item: None });
    }
}
