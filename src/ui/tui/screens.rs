//! What each screen shows, one function a screen: the welcome, a question, the review and the
//! result, as the lines of its scrolling part and the parts around them (header, progress,
//! message, buttons, the keys in the footer). Where those parts go on the screen is `layout`;
//! nothing here knows the window's height.
//!
//! Every text shown here comes from data: the questionnaire's content, and the interface's own
//! words (buttons, headings, hints, key help) from the catalogue of its language
//! (`crate::content::words`). Only keys, arrows and brackets are written here.

use ratatui::text::{Line, Span};

use super::app::{App, Choice};
use super::button::Button;
use super::rows::{Row, blank, bullet, heading, item_rows, key_row, para, section, tall_item_rows};
use crate::content::model::{QuestionKind, SCALE_MAX, SCALE_MIN};
use crate::content::words::{Words, fill};
use crate::output::result::{
    advice_heading, also_consider_line, get_help, raised, source_line, texts,
};
use crate::text::wrap;

/// What one screen shows, before it is placed in a window.
#[derive(Default)]
pub(super) struct Content {
    /// Where the person is, on the right of the header.
    pub header_right: String,
    /// Answered and most still to come, for the progress bar.
    pub progress: Option<(usize, usize)>,
    /// Lines that stay put above the scrolling part (the result's urgency).
    pub pinned: Vec<Line<'static>>,
    /// The scrolling part.
    pub rows: Vec<Row>,
    /// A question in the touch layout: its help and each option's lines, which `layout`
    /// spaces to fit the screen (the prompt and hint are `pinned`, and `rows` is empty).
    pub help: Vec<Row>,
    pub options: Vec<Vec<Row>>,
    /// The option or entry under the cursor.
    pub selected: Option<usize>,
    /// The message line: why the engine refused an answer.
    pub message: Option<Line<'static>>,
    /// The buttons placed from the left of the button row, and those from its right.
    pub left_buttons: &'static [Button],
    pub right_buttons: &'static [Button],
    /// The footer: each key and what it does.
    pub keys: Vec<(&'static str, &'static str)>,
}

/// What painpath does and does not do, and the keys.
pub(super) fn welcome(app: &App, width: usize) -> Content {
    let theme = &app.config().theme;
    let q = app.session().questionnaire();
    let words = app.words();
    let tui = &words.tui;
    let key = &tui.keys;
    let enter = words.common.enter_key.as_str();
    let mut rows = Vec::new();
    heading(&mut rows, &q.meta.title, width, theme);
    blank(&mut rows);
    para(&mut rows, &q.meta.intro, width, theme.base);
    blank(&mut rows);
    para(&mut rows, &q.meta.disclaimer, width, theme.base);
    blank(&mut rows);
    // A safety net for questionnaires whose texts forget to say it.
    let common = &words.common;
    if !common.says_emergency(&q.meta.intro) && !common.says_emergency(&q.meta.disclaimer) {
        para(&mut rows, &common.emergency, width, theme.heading);
        blank(&mut rows);
    }
    heading(&mut rows, &tui.keys_heading, width, theme);
    for (key, action) in keys_all(words) {
        key_row(&mut rows, key, action, width, theme);
    }
    blank(&mut rows);
    para(&mut rows, &tui.mouse, width, theme.dim);
    let keys: Vec<(&str, &str)> = vec![
        (enter, &key.start),
        ("↑↓", &key.scroll),
        ("?", &key.help),
        ("q", &key.quit),
    ];
    Content {
        header_right: tui.welcome.clone(),
        rows,
        left_buttons: &[Button::Quit],
        right_buttons: &[Button::Start],
        keys,
        ..Content::default()
    }
}

/// One question: its prompt, hint and help, then its options.
pub(super) fn question(app: &App, choice: &Choice, width: usize) -> Content {
    let theme = &app.config().theme;
    let q = app.session().questionnaire();
    let words = app.words();
    let tui = &words.tui;
    let key = &tui.keys;
    let enter = words.common.enter_key.as_str();
    let touch = app.config().touch;
    let question = q.question(choice.question);
    let (answered, left) = app.session().progress();
    let header_right = fill(
        &words.common.question_of,
        &[
            ("n", &(answered + 1).to_string()),
            ("total", &(answered + left.max(1)).to_string()),
        ],
    );
    let mut rows = Vec::new();
    let mut pinned = Vec::new();
    let mut help = Vec::new();
    let mut options = option_rows(app, choice, width);
    let hint = if touch {
        touch_hint(words, question.kind)
    } else {
        hint(words, question.kind)
    };
    // Where the answers have help of their own, the help box shows it (a key in the TUI, a
    // button in the touch layout).
    let explained = app.answers_explained();
    if touch || app.body_map_open() {
        // The prompt stays in view above the answers (or the body map in their place), and
        // `layout` places the help.
        heading(&mut rows, &question.prompt, width, theme);
        para(&mut rows, &hint, width, theme.dim);
        pinned = rows.drain(..).map(|row| row.line).collect();
        if let Some(text) = &question.help {
            para(&mut help, text, width, theme.dim);
        }
    } else {
        heading(&mut rows, &question.prompt, width, theme);
        para(&mut rows, &hint, width, theme.dim);
        if explained {
            para(&mut rows, &tui.help.answers_explained, width, theme.dim);
        }
        if let Some(help) = &question.help {
            blank(&mut rows);
            para(&mut rows, help, width, theme.dim);
        }
        blank(&mut rows);
        rows.extend(options.drain(..).flatten());
    }
    let message = match (&choice.error, choice.typed) {
        (Some(error), _) => Some(Line::from(Span::styled(format!("! {error}"), theme.error))),
        (None, Some(first)) => Some(Line::from(Span::styled(
            typed_digit(words, question.kind, first, app.item_count()),
            theme.dim,
        ))),
        (None, None) => None,
    };
    let left_buttons: &'static [Button] = match (touch, explained) {
        // A finger cannot press ?: a button opens what the answers mean.
        (true, true) => &[Button::Back, Button::Help],
        (true, false) => &[Button::Back],
        (false, _) => &[Button::Back, Button::Help, Button::Quit],
    };
    let keys: Vec<(&str, &str)> = if touch {
        keys_touch(words)
    } else {
        let pick = match question.kind {
            QuestionKind::Single => ("1-9", &key.pick),
            QuestionKind::YesNo => (words.common.yes_no_keys.as_str(), &key.pick),
            QuestionKind::Multiple => (tui.key_names.space.as_str(), &key.tick),
            QuestionKind::Scale => ("0-9", &key.pick),
        };
        vec![
            ("↑↓", &key.move_),
            (pick.0, pick.1),
            (enter, &key.next),
            ("←", &key.back),
            ("?", &key.help),
            ("q", &key.quit),
        ]
    };
    Content {
        header_right,
        progress: Some((answered, left)),
        pinned,
        rows,
        help,
        options,
        selected: Some(choice.cursor),
        message,
        left_buttons,
        right_buttons: &[Button::Next],
        keys,
    }
}

/// Every answer on the route, then (without touch) "see my result"; `cursor` is the entry
/// under the cursor.
pub(super) fn review(app: &App, cursor: usize, width: usize) -> Content {
    let theme = &app.config().theme;
    let q = app.session().questionnaire();
    let words = app.words();
    let tui = &words.tui;
    let key = &tui.keys;
    let enter = words.common.enter_key.as_str();
    let touch = app.config().touch;
    let mut rows = Vec::new();
    heading(&mut rows, &tui.your_answers, width, theme);
    let how = if touch {
        &tui.review_how_touch
    } else {
        &tui.review_how
    };
    para(&mut rows, how, width, theme.dim);
    blank(&mut rows);
    let session = app.session();
    for (i, visit) in session.trail().iter().enumerate() {
        let question = q.question(visit.question);
        let answer = session
            .answer_to(visit.question)
            .map(|a| session.describe(visit.question, a))
            .unwrap_or_default();
        let pointer = if cursor == i { "›" } else { " " };
        let text = format!("{}: {}", question.short, answer);
        if touch {
            tall_item_rows(&mut rows, &format!("{pointer} "), &text, width, i);
        } else {
            item_rows(&mut rows, &format!("{pointer} "), &text, width, i);
        }
    }
    let see = session.trail().len();
    if !touch {
        // The big See my result button stands for this entry in the touch layout.
        blank(&mut rows);
        let pointer = if cursor == see { "›" } else { " " };
        item_rows(
            &mut rows,
            &format!("{pointer} "),
            &tui.see_result,
            width,
            see,
        );
    }
    let left_buttons: &'static [Button] = if touch {
        &[Button::Back]
    } else {
        &[Button::Back, Button::Help, Button::Quit]
    };
    let keys: Vec<(&str, &str)> = if touch {
        keys_touch(words)
    } else {
        vec![
            ("↑↓", &key.move_),
            (enter, &key.choose),
            ("←", &key.back),
            ("?", &key.help),
            ("q", &key.quit),
        ]
    };
    Content {
        header_right: tui.check_answers.clone(),
        rows,
        selected: Some(cursor),
        left_buttons,
        right_buttons: &[Button::SeeResult],
        keys,
        ..Content::default()
    }
}

/// The result: its urgency pinned above, then what it means, what to do and the sources.
pub(super) fn result(app: &App, width: usize) -> Content {
    let theme = &app.config().theme;
    let q = app.session().questionnaire();
    let words = app.words();
    let tui = &words.tui;
    let key = &tui.keys;
    let enter = words.common.enter_key.as_str();
    let touch = app.config().touch;
    let mut rows = Vec::new();
    let mut pinned = Vec::new();
    let result = &words.result;
    if let Some(assessment) = app.session().assessment() {
        let style = theme.urgency(assessment.urgency);
        for line in wrap(&assessment.disposition.heading, width.saturating_sub(2)) {
            pinned.push(Line::from(format!(" {line}")).style(style));
        }
        let outcome = assessment.outcome;
        blank(&mut rows);
        if let Some(raised) = raised(&assessment, words) {
            para(&mut rows, &raised, width, theme.base);
            blank(&mut rows);
        }
        let shown = &assessment.shown;
        if !shown.until_seen.is_empty() {
            heading(&mut rows, &result.until_seen, width, theme);
            for item in texts(&shown.until_seen) {
                bullet(&mut rows, item, width, theme.base);
            }
            blank(&mut rows);
        }
        heading(&mut rows, &outcome.title, width, theme);
        for (n, paragraph) in texts(&assessment.shown.explanation).enumerate() {
            if n > 0 {
                blank(&mut rows);
            }
            para(&mut rows, paragraph, width, theme.base);
        }
        // As in plain mode, no "why" heading without a sign under it.
        if !assessment.why.is_empty() {
            section(&mut rows, &result.why, width, theme);
            for sign in &assessment.why {
                bullet(&mut rows, sign, width, theme.base);
            }
        }
        if !assessment.also_consider.is_empty() {
            section(&mut rows, &result.also_consider, width, theme);
            for fit in &assessment.also_consider {
                let text = also_consider_line(fit, words);
                bullet(&mut rows, &text, width, theme.base);
            }
        }
        if !shown.advice.is_empty() {
            let advice = advice_heading(&assessment, words);
            section(&mut rows, advice, width, theme);
            for advice in texts(&shown.advice) {
                bullet(&mut rows, advice, width, theme.base);
            }
        }
        if !shown.avoid.is_empty() {
            section(&mut rows, &result.avoid, width, theme);
            for avoid in texts(&shown.avoid) {
                bullet(&mut rows, avoid, width, theme.base);
            }
        }
        section(&mut rows, &result.get_help, width, theme);
        let help = get_help(&assessment);
        for (n, paragraph) in help.when.iter().enumerate() {
            if n > 0 {
                blank(&mut rows);
            }
            para(&mut rows, paragraph, width, theme.base);
        }
        if !help.sooner_if.is_empty() {
            blank(&mut rows);
            para(&mut rows, &result.sooner_if, width, theme.base);
            for item in &help.sooner_if {
                bullet(&mut rows, item, width, theme.base);
            }
        }
        for paragraph in &help.safety_net {
            blank(&mut rows);
            para(&mut rows, paragraph, width, theme.base);
        }
        section(&mut rows, &result.sources, width, theme);
        for source in &assessment.sources {
            bullet(&mut rows, &source_line(source, words), width, theme.base);
        }
        blank(&mut rows);
        para(&mut rows, &q.meta.disclaimer, width, theme.heading);
    }
    let (left_buttons, right_buttons): (&'static [Button], &'static [Button]);
    let letters = &tui.letters;
    let mut keys: Vec<(&str, &str)>;
    if touch {
        left_buttons = &[Button::Review];
        right_buttons = if app.config().handoff {
            &[Button::Send, Button::Finish]
        } else {
            &[Button::Finish]
        };
        keys = vec![("↑↓", key.scroll.as_str()), ("←", &key.my_answers)];
        if app.config().handoff {
            keys.push((&letters.send, &key.send));
        }
        keys.push((enter, &key.finish));
    } else {
        right_buttons = &[];
        keys = vec![("↑↓", key.scroll.as_str()), (&letters.review, &key.review)];
        if app.can_keep() {
            left_buttons = &[
                Button::Review,
                Button::Save,
                Button::Print,
                Button::StartAgain,
                Button::Quit,
            ];
            keys.push((&letters.save, &key.save));
            keys.push((&letters.print, &key.print));
        } else {
            left_buttons = &[Button::Review, Button::StartAgain, Button::Quit];
        }
        keys.push((&letters.start_again, &key.start_again));
        keys.push(("q", &key.quit));
    }
    let message = app
        .notice()
        .map(|notice| Line::styled(notice.to_string(), theme.heading));
    Content {
        header_right: tui.your_result.clone(),
        pinned,
        rows,
        message,
        left_buttons,
        right_buttons,
        keys,
        ..Content::default()
    }
}

/// What a first digit typed on a list of ten or more did, and that a second may follow.
fn typed_digit(words: &Words, kind: QuestionKind, first: usize, count: usize) -> String {
    // The options count from 1 and the scale from 0: the highest number on the screen.
    let highest = match kind {
        QuestionKind::Scale => count.saturating_sub(1),
        _ => count,
    };
    let from = first * 10;
    let to = highest.min(from + 9);
    let template = if to == from {
        &words.tui.typed_digit_one
    } else {
        &words.tui.typed_digit
    };
    fill(
        template,
        &[
            ("n", &first.to_string()),
            ("from", &from.to_string()),
            ("to", &to.to_string()),
        ],
    )
}

fn touch_hint(words: &Words, kind: QuestionKind) -> String {
    let tui = &words.tui;
    match kind {
        QuestionKind::Single | QuestionKind::YesNo => tui.touch_hint_single.clone(),
        QuestionKind::Multiple => tui.touch_hint_multiple.clone(),
        QuestionKind::Scale => scale_range(&tui.touch_hint_scale),
    }
}

fn hint(words: &Words, kind: QuestionKind) -> String {
    let tui = &words.tui;
    match kind {
        QuestionKind::Single => tui.hint_single.clone(),
        QuestionKind::YesNo => tui.hint_yes_no.clone(),
        QuestionKind::Multiple => tui.hint_multiple.clone(),
        QuestionKind::Scale => scale_range(&tui.hint_scale),
    }
}

/// `template` with the scale's ends in its `{min}` and `{max}`.
fn scale_range(template: &str) -> String {
    let (min, max) = (SCALE_MIN.to_string(), SCALE_MAX.to_string());
    fill(template, &[("min", &min), ("max", &max)])
}

/// Each option's lines: its pointer, mark, number and label, wrapped under itself.
fn option_rows(app: &App, choice: &Choice, width: usize) -> Vec<Vec<Row>> {
    let question = app.session().questionnaire().question(choice.question);
    let mut options = Vec::new();
    let mut add_option = |prefix: &str, label: &str, width: usize, item: usize| {
        let mut rows = Vec::new();
        item_rows(&mut rows, prefix, label, width, item);
        options.push(rows);
    };
    let pointer = |i: usize| if choice.cursor == i { "›" } else { " " };
    let radio = |i: usize| {
        if choice.chosen && choice.cursor == i {
            "(•)"
        } else {
            "( )"
        }
    };
    match question.kind {
        QuestionKind::Scale => {
            for value in SCALE_MIN..=SCALE_MAX {
                let i = usize::from(value);
                let label = match &question.scale_labels {
                    Some((low, _)) if value == SCALE_MIN => low.clone(),
                    Some((_, high)) if value == SCALE_MAX => high.clone(),
                    _ => String::new(),
                };
                let prefix = format!("{} {} {value:>2}  ", pointer(i), radio(i));
                add_option(&prefix, &label, width, i);
            }
        }
        kind => {
            let offered = choice.offered.iter().map(|o| &question.options[o.0]);
            for (i, option) in offered.enumerate() {
                let mark = if kind == QuestionKind::Multiple {
                    if choice.picked.get(i).copied().unwrap_or(false) {
                        "[x]"
                    } else {
                        "[ ]"
                    }
                } else {
                    radio(i)
                };
                // Right-aligned when some numbers have two digits, so the labels line up.
                let number = format!("{}.", i + 1);
                let number = if choice.offered.len() > 9 {
                    format!("{number:>3}")
                } else {
                    number
                };
                let prefix = format!("{} {mark} {number} ", pointer(i));
                add_option(&prefix, &option.label, width, i);
            }
        }
    }
    options
}

/// Every key, for the welcome and the help box of a question.
pub(super) fn keys_all(words: &Words) -> Vec<(&str, &str)> {
    let (key, help) = (&words.tui.keys, &words.tui.help);
    vec![
        ("↑ ↓  j k", &key.move_),
        ("0-9", &help.pick),
        (&words.tui.key_names.space, &help.tick),
        (&words.common.enter_key, &help.confirm),
        (&words.tui.key_names.back, &help.back),
        ("?", &key.help),
        ("q", &help.quit),
    ]
}

/// The footer of the touch layout's questions and review.
fn keys_touch(words: &Words) -> Vec<(&str, &str)> {
    let key = &words.tui.keys;
    vec![
        (words.tui.key_names.tap.as_str(), key.choose.as_str()),
        ("↑↓", &key.move_),
        (&words.common.enter_key, &key.next),
    ]
}
