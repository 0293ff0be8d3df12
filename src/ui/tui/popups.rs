//! The boxes drawn over a screen: the help (the question's and its options' help, and the
//! keys), the yes/no boxes asked before anything that loses what is on screen ("Quit
//! painpath?", "Start again?", printing, finishing), and the save box with its folder to type.
//! Each is laid out by one function here that drawing, the cursor and hit tests all read; the
//! screens under them are `layout` and `render`.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Widget};

use super::app::{App, Confirm, Screen};
use super::button::{Button, TOUCH_BUTTON_HEIGHT};
use super::rows::{Row, blank, key_row, para};
use super::screens::keys_all;
use super::theme::Theme;
use super::widgets::{YesNoPopup, centered, render_text_popup};
use crate::content::words::Words;
use crate::text::{Notation, display_width, visible, wrap};

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
        Screen::Result { .. } => {
            let letters = &words.tui.letters;
            let mut keys = vec![
                ("↑ ↓  j k", help.scroll_line.as_str()),
                (&names.page, &help.scroll_page),
                (&names.back, &help.back_to_answers),
                (&letters.review, &help.back_to_answers),
            ];
            if app.can_keep() {
                keys.push((&letters.save, &help.save));
                keys.push((&letters.print, &help.print));
            }
            if !app.config().touch {
                keys.push((&letters.start_again, &help.start_again));
            }
            keys.push(("q", &help.quit_asks));
            keys
        }
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
    if app.config().touch {
        // A finger has no keys to learn: only how to close the box.
        para(&mut rows, &words.tui.help_close_touch, width, theme.popup);
    } else {
        for (key, action) in help_keys(app, words) {
            key_row(&mut rows, key, action, width, theme);
        }
        blank(&mut rows);
        para(&mut rows, &words.tui.mouse, width, theme.popup);
        blank(&mut rows);
        para(&mut rows, &words.tui.help_close, width, theme.popup);
    }
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
    let tui = &app.words().tui;
    let title = if app.config().touch {
        &tui.help_title_touch
    } else {
        &tui.help_title
    };
    let title = format!(" {title} ");
    render_text_popup(popup, &title, &lines, theme, buf);
}

/// The yes/no box of `what`, laid out in `area`: its text and where its two buttons are.
pub(super) fn confirm_popup(app: &App, what: Confirm, area: Rect) -> YesNoPopup<Button> {
    let tui = &app.words().tui;
    let at_result = app.session().assessment().is_some();
    let paragraphs: Vec<&str> = match what {
        Confirm::Quit if !app.has_unsaved() => vec![&tui.quit_question],
        Confirm::Quit if at_result && app.can_keep() => {
            vec![&tui.quit_question, &tui.quit_lost_result]
        }
        Confirm::Quit => vec![&tui.quit_question, &tui.quit_lost],
        Confirm::StartAgain => vec![&tui.restart_question, &tui.restart_lost],
        Confirm::Print => vec![&tui.print_question, &tui.print_scrollback],
        Confirm::Finish => vec![&tui.finish_question],
    };
    let (yes, no) = (Button::Yes(what), Button::No);
    let touch = app.config().touch;
    let label = |button: Button| {
        if touch {
            button.touch_label(app.words())
        } else {
            button.label(app.words())
        }
    };
    let height = if touch { TOUCH_BUTTON_HEIGHT } else { 1 };
    YesNoPopup::with_buttons(
        area,
        if touch { 70 } else { 56 },
        &paragraphs,
        (yes, &label(yes)),
        (no, &label(no)),
        height,
    )
}

/// The title on the frame of `what`'s box.
fn confirm_title(words: &Words, what: Confirm) -> String {
    let tui = &words.tui;
    let title = match what {
        Confirm::Quit => &tui.quit_title,
        Confirm::StartAgain => &tui.restart_title,
        Confirm::Print => &tui.print_title,
        Confirm::Finish => &tui.finish_title,
    };
    format!(" {title} ")
}

pub(super) fn render_confirm(
    app: &App,
    what: Confirm,
    area: Rect,
    theme: &Theme,
    buf: &mut Buffer,
) {
    confirm_popup(app, what, area).render(&confirm_title(app.words(), what), theme, buf);
}

/// The save box laid out: its frame, its text above and below the folder, the folder's line,
/// and its buttons.
pub(super) struct SavePopup {
    pub area: Rect,
    above: Vec<String>,
    pub field: Rect,
    below: Vec<(String, bool)>,
    pub buttons: Vec<(Button, Rect)>,
}

/// The save box in `area`.
pub(super) fn save_popup(app: &App, area: Rect) -> SavePopup {
    let words = app.words();
    let tui = &words.tui;
    let outer_width = area.width.saturating_sub(4).min(72);
    let width = usize::from(outer_width.saturating_sub(4)).max(1);
    let above = wrap(&tui.save_folder, width);
    let mut below: Vec<(String, bool)> = wrap(&tui.save_how, width)
        .into_iter()
        .map(|l| (l, false))
        .collect();
    if let Some(error) = &app.save_box().error {
        below.push((String::new(), false));
        below.extend(wrap(error, width).into_iter().map(|l| (l, true)));
    }
    // Frame, blank, above, the field, blank, below, blank, buttons, frame.
    let height = (above.len() + below.len() + 7) as u16;
    let popup = centered(area, outer_width, height.min(area.height));
    let x = popup.x + 2;
    let field = Rect::new(
        x,
        popup.y + 2 + above.len() as u16,
        outer_width.saturating_sub(4),
        1,
    );
    let y = popup.bottom().saturating_sub(2);
    let (save, cancel) = (Button::SaveYes, Button::Cancel);
    let cancel_width = cancel.width(false, words);
    let mut buttons = vec![(
        cancel,
        Rect::new(
            popup.right().saturating_sub(cancel_width + 2),
            y,
            cancel_width,
            1,
        ),
    )];
    let save_rect = Rect::new(x, y, save.width(false, words), 1);
    if save_rect.right() < buttons[0].1.x {
        buttons.push((save, save_rect));
    }
    SavePopup {
        area: popup,
        above,
        field,
        below,
        buttons,
    }
}

/// The part of the folder shown in a field `width` columns wide, and the column of the cursor
/// in it: scrolled so the cursor stays in view. Hostile characters show as U+FFFD.
pub(super) fn field_view(folder: &str, cursor: usize, width: usize) -> (String, usize) {
    let shown: Vec<char> = visible(folder, Notation::Replaced { tab: ' ' })
        .chars()
        .collect();
    let cursor = cursor.min(shown.len());
    let width = width.max(2);
    let columns = |chars: &[char]| display_width(&chars.iter().collect::<String>());
    // Drop characters from the left until the cursor's column is inside the field.
    let mut start = 0;
    while start < cursor && columns(&shown[start..cursor]) >= width {
        start += 1;
    }
    let mut text = String::new();
    let mut used = 0;
    for c in &shown[start..] {
        let w = display_width(c.encode_utf8(&mut [0; 4]));
        if used + w > width {
            break;
        }
        text.push(*c);
        used += w;
    }
    (text, columns(&shown[start..cursor]))
}

pub(super) fn render_save(app: &App, area: Rect, theme: &Theme, buf: &mut Buffer) {
    let popup = save_popup(app, area);
    let title = format!(" {} ", app.words().tui.save_title);
    Clear.render(popup.area, buf);
    Block::new()
        .borders(Borders::ALL)
        .title(title)
        .style(theme.popup)
        .render(popup.area, buf);
    let max = usize::from(popup.area.width.saturating_sub(4));
    let x = popup.area.x + 2;
    let bottom = popup.buttons.first().map_or(popup.area.bottom(), |b| b.1.y);
    for (y, line) in (popup.area.y + 2..popup.field.y).zip(&popup.above) {
        buf.set_stringn(x, y, line, max, theme.popup.add_modifier(Modifier::BOLD));
    }
    let field = app.save_box();
    let (text, _) = field_view(&field.folder, field.cursor, usize::from(popup.field.width));
    buf.set_style(popup.field, theme.selected);
    buf.set_stringn(
        popup.field.x,
        popup.field.y,
        &text,
        usize::from(popup.field.width),
        theme.selected,
    );
    for (y, (line, error)) in (popup.field.y + 2..bottom).zip(&popup.below) {
        let style = if *error {
            theme.popup.add_modifier(Modifier::BOLD)
        } else {
            theme.popup
        };
        buf.set_stringn(x, y, line, max, style);
    }
    for (button, rect) in &popup.buttons {
        buf.set_stringn(
            rect.x,
            rect.y,
            button.label(app.words()),
            usize::from(rect.width),
            theme.button,
        );
    }
}

/// Where the terminal cursor goes in the save box: where typing goes.
pub(super) fn save_cursor(app: &App, area: Rect) -> Position {
    let popup = save_popup(app, area);
    let field = app.save_box();
    let (_, column) = field_view(&field.folder, field.cursor, usize::from(popup.field.width));
    Position::new(popup.field.x + column as u16, popup.field.y)
}
