//! Drawing the kiosk: its own screens (welcome, "All done", the hand-off code) and the boxes
//! over any screen (idle warning, staff PIN, a send under way or failed); the patient's
//! questions, review and result are the TUI's own drawing in its touch layout.
//!
//! The patient's screens speak the questionnaire's language (`crate::content::words`); the
//! staff PIN box stays in English.

use crate::text::display_width;
use crate::ui::tui::widgets::{centered, render_big_button};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::{Kiosk, Phase, font};
use crate::content::words::{Words, fill};
use crate::text::wrap;
use crate::ui::tui::{MIN_HEIGHT, MIN_WIDTH, Theme};

impl Widget for &Kiosk<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let theme = self.app.config().theme;
        let words = self.app.words();
        if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
            // The app draws its "please enlarge" note.
            (&self.app).render(area, buf);
            return;
        }
        match &self.phase {
            Phase::Patient if self.on_welcome() => render_welcome(self, area, &theme, buf),
            Phase::Patient => (&self.app).render(area, buf),
            Phase::AllDone => render_all_done(self.closing_words(), area, &theme, buf),
            Phase::Code(code) => render_code(self.closing_words(), code, area, &theme, buf),
        }
        if let Some(seconds) = self.countdown {
            render_warning(words, seconds, area, &theme, buf);
        } else if let Some(why) = &self.send_error {
            render_send_error(words, why, area, &theme, buf);
        } else if self.sending {
            render_sending(words, area, &theme, buf);
        }
        if let Some(prompt) = &self.pin {
            let (popup, lines) = pin_popup(self, prompt.digits.len(), area);
            render_box(" Staff exit ", popup, &lines, &theme, buf);
        }
    }
}

/// Where the cursor goes: after the PIN dots, on the app's selection, or hidden.
pub fn cursor(kiosk: &Kiosk, area: Rect) -> Option<Position> {
    if let Some(prompt) = &kiosk.pin {
        let (popup, lines) = pin_popup(kiosk, prompt.digits.len(), area);
        let row = lines.iter().position(|l| l.starts_with("PIN:"))?;
        let column = display_width(&lines[row]) as u16;
        return Some(Position::new(
            popup.x + 2 + column,
            popup.y + 1 + row as u16,
        ));
    }
    let overlay = kiosk.countdown.is_some() || kiosk.send_error.is_some() || kiosk.sending;
    match kiosk.phase {
        Phase::Patient if !kiosk.on_welcome() && !overlay => kiosk.app.cursor_position(area),
        _ => None,
    }
}

/// Where the code screen's Finish button is.
pub fn code_finish_button(area: Rect) -> Rect {
    let width = 16.min(area.width);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.bottom().saturating_sub(5),
        width,
        3,
    )
}

/// painpath's name, shown in block letters over a title too long for them.
const NAME: &str = "painpath";

/// Where the welcome screen puts its parts.
pub struct WelcomeLayout {
    /// The title's rows (block letters, or plain text) and the first one's row.
    pub title: Vec<String>,
    pub title_y: u16,
    /// The big "touch to start" button.
    pub start: Rect,
    /// One button per language, in the kiosk's order, when there is a choice; else none.
    pub languages: Vec<Rect>,
    /// The labels on them: "1  English".
    pub language_labels: Vec<String>,
    pub disclaimer: Vec<String>,
    pub disclaimer_y: u16,
}

/// The welcome's layout at `area`: for drawing it and for knowing what a tap touched.
pub fn welcome_layout(kiosk: &Kiosk, area: Rect) -> WelcomeLayout {
    let meta = &kiosk.questionnaire().meta;
    let start = kiosk.app.words().kiosk.start.as_str();
    let columns = usize::from(area.width.saturating_sub(2));
    let (languages, _) = kiosk.languages();
    let language_labels: Vec<String> = if languages.len() > 1 {
        languages
            .iter()
            .enumerate()
            .map(|(i, q)| {
                format!(
                    "{}  {}",
                    i + 1,
                    crate::content::words::language_name(&q.meta.language)
                )
            })
            .collect()
    } else {
        Vec::new()
    };
    // The row of language buttons and the gap above it.
    let language_rows = if language_labels.is_empty() { 0 } else { 4 };
    // The whole title in block letters if it fits; else painpath's name in block letters
    // with the whole title in plain text under it.
    let fits = |text: &str, extra: usize| {
        font::render_wrapped(text, columns)
            .filter(|rows| rows.len() + 8 + language_rows + extra <= usize::from(area.height))
    };
    let title = fits(&meta.title, 0)
        .or_else(|| {
            let plain = wrap(&meta.title, columns);
            let mut rows = fits(NAME, plain.len() + 1)?;
            rows.push(String::new());
            rows.extend(plain);
            Some(rows)
        })
        .unwrap_or_else(|| wrap(&meta.title, columns));
    let button_width = (display_width(start) as u16 + 6).min(area.width);
    let disclaimer = wrap(&meta.disclaimer, columns);
    let height = title.len() as u16 + 2 + 3 + language_rows as u16 + 2 + disclaimer.len() as u16;
    let title_y = area.y + area.height.saturating_sub(height) / 2;
    let mut y = title_y + title.len() as u16 + 2;
    let start_button = Rect::new(area.x + (area.width - button_width) / 2, y, button_width, 3);
    y += 3;
    let mut buttons = Vec::new();
    if !language_labels.is_empty() {
        y += 1;
        let widths: Vec<u16> = language_labels
            .iter()
            .map(|l| display_width(l) as u16 + 6)
            .collect();
        let gap = 2;
        let total: u16 = widths.iter().sum::<u16>() + gap * (widths.len() as u16 - 1);
        let mut x = area.x + area.width.saturating_sub(total) / 2;
        for width in widths {
            let width = width.min(area.right().saturating_sub(x));
            buttons.push(Rect::new(x, y, width, 3));
            x = x.saturating_add(width + gap);
        }
        y += 3;
    }
    WelcomeLayout {
        title,
        title_y,
        start: start_button,
        languages: buttons,
        language_labels,
        disclaimer,
        disclaimer_y: y + 2,
    }
}

fn render_welcome(kiosk: &Kiosk, area: Rect, theme: &Theme, buf: &mut Buffer) {
    buf.set_style(area, theme.base);
    let layout = welcome_layout(kiosk, area);
    let start = kiosk.app.words().kiosk.start.as_str();
    for (y, row) in (layout.title_y..).zip(&layout.title) {
        centre(row, area, y, theme.heading, buf);
    }
    render_big_button(start, layout.start, theme.button, buf);
    let (_, chosen) = kiosk.languages();
    for (i, (button, label)) in layout
        .languages
        .iter()
        .zip(&layout.language_labels)
        .enumerate()
    {
        // The chosen language stands out as the start button does; the others are plain.
        let style = if i == chosen {
            theme.button
        } else {
            theme.base
        };
        render_big_button(label, *button, style, buf);
    }
    for (y, line) in (layout.disclaimer_y..area.bottom()).zip(&layout.disclaimer) {
        centre(line, area, y, theme.dim, buf);
    }
}

fn render_all_done(words: &Words, area: Rect, theme: &Theme, buf: &mut Buffer) {
    let said = &words.kiosk;
    buf.set_style(area, theme.base);
    let columns = usize::from(area.width.saturating_sub(2));
    let big = font::render_wrapped(&said.all_done_big, columns).unwrap_or_default();
    let lines = wrap(&said.all_done, columns);
    let height = big.len() + 2 + lines.len() + 2;
    let mut y = area.y + area.height.saturating_sub(height as u16) / 2;
    for row in &big {
        centre(row, area, y, theme.heading, buf);
        y += 1;
    }
    y += 2;
    for line in &lines {
        centre(line, area, y, theme.heading, buf);
        y += 1;
    }
    y += 1;
    centre(&said.touch_to_finish, area, y, theme.dim, buf);
}

fn render_code(words: &Words, code: &str, area: Rect, theme: &Theme, buf: &mut Buffer) {
    let said = &words.kiosk;
    buf.set_style(area, theme.base);
    let columns = usize::from(area.width.saturating_sub(2));
    let mut y = area.y + 2;
    centre(&said.code_heading, area, y, theme.heading, buf);
    y += 2;
    if let Some(big) = font::render(code).filter(|_| font::width(code) <= columns) {
        for row in &big {
            centre(row, area, y, theme.heading, buf);
            y += 1;
        }
    }
    y += 1;
    let sentence = fill(&said.code, &[("code", code)]);
    for line in wrap(&sentence, columns) {
        centre(
            &line,
            area,
            y,
            theme.heading.add_modifier(Modifier::BOLD),
            buf,
        );
        y += 1;
    }
    y += 1;
    centre(&said.code_sent, area, y, theme.dim, buf);
    let finish = code_finish_button(area);
    if finish.y > y {
        render_big_button(&words.tui.buttons.finish, finish, theme.button, buf);
    }
}

fn render_warning(words: &Words, seconds: u64, area: Rect, theme: &Theme, buf: &mut Buffer) {
    let said = &words.kiosk;
    let width = area.width.saturating_sub(4).min(60);
    let text = usize::from(width.saturating_sub(4)).max(1);
    let clear_in = if seconds == 1 {
        &said.clear_in_one
    } else {
        &said.clear_in_many
    };
    let mut lines = wrap(&said.still_there, text);
    lines.push(String::new());
    lines.extend(wrap(
        &fill(clear_in, &[("seconds", &seconds.to_string())]),
        text,
    ));
    lines.push(String::new());
    lines.extend(wrap(&said.carry_on, text));
    let popup = centered(area, width, lines.len() as u16 + 2);
    let title = format!(" {} ", said.still_there_title);
    render_box(&title, popup, &lines, theme, buf);
}

fn render_send_error(words: &Words, why: &str, area: Rect, theme: &Theme, buf: &mut Buffer) {
    let said = &words.kiosk;
    let width = area.width.saturating_sub(4).min(70);
    let text = usize::from(width.saturating_sub(4)).max(1);
    let mut lines = wrap(&said.not_sent, text);
    lines.extend(wrap(why, text));
    lines.push(String::new());
    lines.extend(wrap(&said.still_here, text));
    lines.push(String::new());
    lines.extend(wrap(&said.go_back, text));
    let popup = centered(area, width, lines.len() as u16 + 2);
    let title = format!(" {} ", said.not_sent_title);
    render_box(&title, popup, &lines, theme, buf);
}

fn render_sending(words: &Words, area: Rect, theme: &Theme, buf: &mut Buffer) {
    let said = &words.kiosk;
    let width = area.width.saturating_sub(4).min(60);
    let text = usize::from(width.saturating_sub(4)).max(1);
    let mut lines = wrap(&said.sending, text);
    lines.push(String::new());
    lines.extend(wrap(&said.wait, text));
    let popup = centered(area, width, lines.len() as u16 + 2);
    let title = format!(" {} ", said.sending_title);
    render_box(&title, popup, &lines, theme, buf);
}

fn pin_popup(kiosk: &Kiosk, typed: usize, area: Rect) -> (Rect, Vec<String>) {
    let width = area.width.saturating_sub(4).min(50);
    let text = usize::from(width.saturating_sub(4)).max(1);
    let mut lines = Vec::new();
    match kiosk.lockout_left {
        Some(seconds) => {
            lines.extend(wrap("Too many wrong PINs.", text));
            lines.extend(wrap(
                &format!("Try again in {seconds} seconds. Enter or Esc closes this."),
                text,
            ));
        }
        None => {
            lines.extend(wrap("For staff: type the PIN, then Enter.", text));
            lines.push(String::new());
            lines.push(format!("PIN: {}", "•".repeat(typed)));
            lines.push(String::new());
            lines.extend(wrap("Esc or a touch goes back.", text));
        }
    }
    (centered(area, width, lines.len() as u16 + 2), lines)
}

fn render_box(title: &str, popup: Rect, lines: &[String], theme: &Theme, buf: &mut Buffer) {
    Clear.render(popup, buf);
    let style = theme.popup;
    let block = Block::new().borders(Borders::ALL).title(title).style(style);
    block.render(popup, buf);
    let max = usize::from(popup.width.saturating_sub(4));
    for (i, line) in lines.iter().enumerate() {
        let y = popup.y + 1 + i as u16;
        if y + 1 >= popup.bottom() {
            break;
        }
        let style = if i == 0 {
            style.add_modifier(Modifier::BOLD)
        } else {
            style
        };
        buf.set_stringn(popup.x + 2, y, line, max, style);
    }
}

fn centre(text: &str, area: Rect, y: u16, style: Style, buf: &mut Buffer) {
    if y >= area.bottom() {
        return;
    }
    let width = display_width(text) as u16;
    let x = area.x + area.width.saturating_sub(width) / 2;
    buf.set_stringn(x, y, text, usize::from(area.width), style);
}
