//! Small drawing pieces the questionnaire, the kiosk and the inbox share: a yes/no question in
//! a box over the screen (the quit prompt, "mark done"), a box of text, a big touch button, a
//! scrollbar, centring, and text written into a row of cells. No screen's layout lives here.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::theme::Theme;
use crate::text::{display_width, wrap};

/// A laid-out yes/no box: where it is, its text, and where its buttons are.
pub(crate) struct YesNoPopup<B> {
    pub area: Rect,
    lines: Vec<String>,
    /// "No" always; "Yes" beside it when the box is wide enough for both.
    pub buttons: Vec<(B, Rect, String)>,
}

impl<B: Copy> YesNoPopup<B> {
    /// Lays the box out centred in `area`, at most `max_width` columns wide, with each of
    /// `paragraphs` wrapped in it and the buttons on its last inner line ("yes" on the left,
    /// "no" on the right).
    pub fn new(
        area: Rect,
        max_width: u16,
        paragraphs: &[&str],
        yes: (B, &str),
        no: (B, &str),
    ) -> YesNoPopup<B> {
        YesNoPopup::with_buttons(area, max_width, paragraphs, yes, no, 1)
    }

    /// [`YesNoPopup::new`] with buttons `button_height` rows high: 1 for a bracketed label,
    /// [`super::button::TOUCH_BUTTON_HEIGHT`] for a big box a finger can find.
    pub fn with_buttons(
        area: Rect,
        max_width: u16,
        paragraphs: &[&str],
        yes: (B, &str),
        no: (B, &str),
        button_height: u16,
    ) -> YesNoPopup<B> {
        let outer_width = area.width.saturating_sub(4).min(max_width);
        let width = usize::from(outer_width.saturating_sub(4)).max(1);
        let lines: Vec<String> = paragraphs.iter().flat_map(|p| wrap(p, width)).collect();
        let height = (lines.len() as u16 + 4 + button_height).min(area.height);
        let popup = centered(area, outer_width, height);
        let y = popup.bottom().saturating_sub(1 + button_height);
        // A big button has a frame: two columns more than its label, and room around it.
        let framed = |label: &str| columns(label) + if button_height > 1 { 4 } else { 0 };
        let no_rect = Rect::new(
            popup.right().saturating_sub(framed(no.1) + 2),
            y,
            framed(no.1),
            button_height,
        );
        let yes_rect = Rect::new(popup.x + 2, y, framed(yes.1), button_height);
        let mut buttons = vec![(no.0, no_rect, no.1.to_string())];
        if yes_rect.right() < no_rect.x {
            buttons.push((yes.0, yes_rect, yes.1.to_string()));
        }
        YesNoPopup {
            area: popup,
            lines,
            buttons,
        }
    }

    /// Draws the box with `title` on its frame.
    pub fn render(&self, title: &str, theme: &Theme, buf: &mut Buffer) {
        Clear.render(self.area, buf);
        Block::new()
            .borders(Borders::ALL)
            .title(title)
            .style(theme.popup)
            .render(self.area, buf);
        let style = theme.popup.add_modifier(Modifier::BOLD);
        let max = usize::from(self.area.width.saturating_sub(4));
        for (i, line) in self.lines.iter().enumerate() {
            let y = self.area.y + 2 + i as u16;
            let buttons_y = self.buttons.first().map_or(self.area.bottom(), |b| b.1.y);
            if y >= buttons_y {
                break;
            }
            buf.set_stringn(self.area.x + 2, y, line, max, style);
        }
        for (_, rect, label) in &self.buttons {
            if rect.height > 1 {
                render_big_button(label, *rect, theme.button, buf);
            } else {
                buf.set_stringn(rect.x, rect.y, label, usize::from(rect.width), theme.button);
            }
        }
    }
}

/// Draws a box at `popup` with `title` on its frame and `lines` inside (as many as fit).
pub(crate) fn render_text_popup(
    popup: Rect,
    title: &str,
    lines: &[Line<'_>],
    theme: &Theme,
    buf: &mut Buffer,
) {
    Clear.render(popup, buf);
    let block = Block::new()
        .borders(Borders::ALL)
        .title(title)
        .style(theme.popup);
    let inner = block.inner(popup);
    block.render(popup, buf);
    let text = Rect::new(
        inner.x + 1,
        inner.y,
        inner.width.saturating_sub(2),
        inner.height,
    );
    for (i, line) in lines.iter().take(usize::from(text.height)).enumerate() {
        buf.set_line(text.x, text.y + i as u16, line, text.width);
    }
}

/// A big touch target: a box in the button style with the label in the middle.
pub(crate) fn render_big_button(label: &str, rect: Rect, style: Style, buf: &mut Buffer) {
    buf.set_style(rect, style);
    Block::new()
        .borders(Borders::ALL)
        .style(style)
        .render(rect, buf);
    let width = display_width(label) as u16;
    let x = rect.x + rect.width.saturating_sub(width) / 2;
    let y = rect.y + rect.height / 2;
    buf.set_stringn(
        x,
        y,
        label,
        usize::from(rect.width.saturating_sub(2)),
        style,
    );
}

/// A `width` x `height` box in the middle of `area` (no larger than it).
pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}

/// Columns `text` takes on screen.
/// The characters besides printable ASCII that the screens draw themselves (pointer, bar,
/// arrows, radio dot): each one column wide and a grapheme of its own next to ASCII.
const OWN_SYMBOLS: [char; 7] = ['›', '█', '░', '↑', '↓', '←', '•'];

/// Is every grapheme of `text` one character one column wide: printable ASCII and
/// [`OWN_SYMBOLS`] only (no control character, no combining mark, nothing wide)?
fn one_cell_per_char(text: &str) -> bool {
    text.chars()
        .all(|c| matches!(c, ' '..='~') || OWN_SYMBOLS.contains(&c))
}

/// [`Buffer::set_stringn`], without splitting graphemes when every character is one cell:
/// that splitting was a large part of a key and its redraw (docs/performance.md).
/// Any other text goes to ratatui's own.
pub(crate) fn set_stringn(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    text: &str,
    max_width: usize,
    style: Style,
) -> (u16, u16) {
    if !one_cell_per_char(text) {
        return buf.set_stringn(x, y, text, max_width, style);
    }
    let max_width = u16::try_from(max_width).unwrap_or(u16::MAX);
    let remaining = buf.area.right().saturating_sub(x).min(max_width);
    if remaining == 0 || !buf.area.contains(ratatui::layout::Position::new(x, y)) {
        return (x, y);
    }
    // The row's cells as one slice: no position check per cell.
    let first = buf.index_of(x, y);
    let row = &mut buf.content[first..first + usize::from(remaining)];
    let mut written = 0;
    for (cell, (start, c)) in row.iter_mut().zip(text.char_indices()) {
        // A blank cell already shows a space (the buffer is blank at each frame's start).
        if c != ' ' || cell.symbol() != " " {
            cell.set_symbol(&text[start..start + c.len_utf8()]);
        }
        cell.set_style(style);
        written += 1;
    }
    (x + written, y)
}

/// [`Buffer::set_line`] through [`set_stringn`].
pub(crate) fn set_line(buf: &mut Buffer, x: u16, y: u16, line: &Line<'_>, max_width: u16) {
    let mut remaining = max_width;
    let mut x = x;
    for span in line {
        if remaining == 0 {
            break;
        }
        let style = line.style.patch(span.style);
        let end = set_stringn(buf, x, y, &span.content, usize::from(remaining), style).0;
        remaining = remaining.saturating_sub(end.saturating_sub(x));
        x = end;
    }
}

fn columns(text: &str) -> u16 {
    u16::try_from(display_width(text)).unwrap_or(u16::MAX)
}

/// Draws a scrollbar down `track` for a list of `rows` rows scrolled `offset` rows down, of
/// which at most `max_offset` can be scrolled; nothing when there is nothing to scroll.
pub(crate) fn render_scrollbar(
    track: Rect,
    rows: usize,
    offset: usize,
    max_offset: usize,
    style: Style,
    buf: &mut Buffer,
) {
    if max_offset == 0 || track.is_empty() || rows == 0 {
        return;
    }
    let height = usize::from(track.height);
    let thumb = (height * height / rows).clamp(1, height);
    let start = (height - thumb) * offset.min(max_offset) / max_offset;
    for i in 0..height {
        let symbol = if (start..start + thumb).contains(&i) {
            "█"
        } else {
            "│"
        };
        buf.set_string(track.x, track.y + i as u16, symbol, style);
    }
}

/// The footer's line of keys: each key in the key style, then what it does, two spaces apart.
pub(crate) fn footer(keys: &[(&str, &str)], theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, (key, action)) in keys.iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw("  "));
        }
        spans.push(Span::styled(key.to_string(), theme.key));
        spans.push(Span::raw(format!(" {action}")));
    }
    Line::from(spans)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Writing text with blanks into a blank buffer gives the cells ratatui's own writing
        /// gives (the space shortcut leaves a blank cell as it is).
        #[test]
        fn set_stringn_writes_what_ratatui_writes(text in "[ a-z›█]{0,20}", x in 0u16..12) {
            let area = Rect::new(0, 0, 16, 1);
            let style = Style::default().add_modifier(Modifier::BOLD);
            let mut ours = Buffer::empty(area);
            let mut theirs = Buffer::empty(area);
            let end = set_stringn(&mut ours, x, 0, &text, 10, style);
            let their_end = theirs.set_stringn(x, 0, &text, 10, style);
            prop_assert_eq!(ours, theirs);
            prop_assert_eq!(end, their_end);
        }
    }
}
