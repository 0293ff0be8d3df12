//! The boxes drawn over a screen: the help (the question's and its options' help, and the
//! keys) and "Quit
//! painpath?". Each is laid out by one function here that drawing, the cursor and hit tests
//! all read; the screens under them are `layout` and `render`.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use super::app::{App, Screen};
use super::button::Button;
use super::rows::{Row, blank, key_row, para};
use super::screens::keys_all;
use super::theme::Theme;
use super::widgets::{YesNoPopup, centered, render_text_popup};
use crate::content::words::Words;
use crate::text::wrap;

/// The full key list for the help popup of the current screen.
fn help_keys<'w>(app: &App, words: &'w Words) -> Vec<(&'w str, &'w str)> {
    let (key, help, names) = (&words.tui.keys, &words.tui.help, &words.tui.key_names);
    match app.screen() {
        Screen::Welcome { .. } | Screen::Question(_) => keys_all(words),
        Screen::Review { .. } => vec![
            ("↑ ↓  j k", &key.move_),
            (&words.common.enter_key, &help.change),
            (&names.back, &help.back_to_question),
            ("q", &help.quit_asks),
        ],
        Screen::Result { .. } => vec![
            ("↑ ↓  j k", &help.scroll_line),
            (&names.page, &help.scroll_page),
            ("r ← b", &help.back_to_answers),
            ("s", &key.start_again),
            ("q", &help.quit_asks),
        ],
    }
}

/// The help popup's area and lines: on a question, its help and then each offered option's
/// help under the option's label (cut to one line: the full label is on the screen), before
/// the keys. Where all of it does not fit, the question's words win and the keys, which the
/// footer shows too, are left out.
pub(super) fn help_popup(app: &App, area: Rect) -> (Rect, Vec<Line<'static>>) {
    let theme = &app.config().theme;
    let words = app.words();
    let outer_width = area.width.saturating_sub(4).min(70);
    let width = usize::from(outer_width.saturating_sub(4)).max(1);
    let line = |text: String, style: Style| Row {
        line: Line::from(Span::styled(text, style)),
        item: None,
    };
    let mut rows = Vec::new();
    if let Screen::Question(choice) = app.screen() {
        let question = app.session().questionnaire().question(choice.question);
        if let Some(help) = &question.help {
            para(&mut rows, help, width, theme.popup);
            blank(&mut rows);
        }
        let label_style = theme.popup.add_modifier(Modifier::BOLD);
        for option in choice.offered.iter().map(|o| &question.options[o.0]) {
            let Some(help) = &option.help else { continue };
            rows.push(line(one_line(&option.label, width), label_style));
            for text in wrap(help, width.saturating_sub(2).max(1)) {
                rows.push(line(format!("  {text}"), theme.popup));
            }
        }
        if rows.last().is_some_and(|r| r.line.width() > 0) {
            blank(&mut rows);
        }
    }
    let explained = rows.len();
    for (key, action) in help_keys(app, words) {
        key_row(&mut rows, key, action, width, theme);
    }
    blank(&mut rows);
    para(&mut rows, &words.tui.mouse, width, theme.popup);
    blank(&mut rows);
    para(&mut rows, &words.tui.help_close, width, theme.popup);
    let room = usize::from(area.height.saturating_sub(4));
    if explained > 0 && rows.len() > room {
        // The question's own words, without the blank line that led to the keys; where even
        // they are too many, as many as fit and "…".
        rows.truncate(explained - 1);
        if rows.len() > room && room > 0 {
            rows.truncate(room - 1);
            rows.push(line("…".to_string(), theme.popup));
        }
    }
    let lines: Vec<Line<'static>> = rows.into_iter().map(|r| r.line).collect();
    let height = (lines.len() as u16 + 2).min(area.height.saturating_sub(2));
    (centered(area, outer_width, height), lines)
}

/// `text` on one line of `width` columns: cut at a word, with "…", when it is longer.
fn one_line(text: &str, width: usize) -> String {
    let lines = wrap(text, width);
    if lines.len() <= 1 {
        return lines.into_iter().next().unwrap_or_default();
    }
    let mut first = wrap(text, width.saturating_sub(1).max(1)).swap_remove(0);
    first.push('…');
    first
}

pub(super) fn render_help(app: &App, area: Rect, theme: &Theme, buf: &mut Buffer) {
    let (popup, lines) = help_popup(app, area);
    let title = format!(" {} ", app.words().tui.help_title);
    render_text_popup(popup, &title, &lines, theme, buf);
}

/// The quit box laid out in `area`: its text and where its two buttons are.
pub(super) fn quit_popup(app: &App, area: Rect) -> YesNoPopup<Button> {
    let tui = &app.words().tui;
    let mut paragraphs = vec![tui.quit_question.as_str()];
    if app.session().assessment().is_none() {
        paragraphs.push(&tui.quit_lost);
    }
    let yes = Button::QuitYes.label(app.words());
    let no = Button::QuitNo.label(app.words());
    YesNoPopup::new(
        area,
        50,
        &paragraphs,
        (Button::QuitYes, &yes),
        (Button::QuitNo, &no),
    )
}

pub(super) fn render_quit(app: &App, area: Rect, theme: &Theme, buf: &mut Buffer) {
    let title = format!(" {} ", app.words().tui.quit_title);
    quit_popup(app, area).render(&title, theme, buf);
}
