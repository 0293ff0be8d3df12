//! The one harness of the screen suites: a fixture questionnaire by file name, keys in one
//! notation, and a frame drawn into a `TestBackend` the way the run loops draw it (the screen,
//! then the cursor), as text. The TUI's `App`, the kiosk and the inbox's `App` all go through
//! it, as an [`Interface`].
//!
//! Keys, for [`press`]: each character of the string is one key.
//!
//! | character | key |
//! |---|---|
//! | `\n` | Enter |
//! | `\x1b` | Esc |
//! | `\t` | Tab |
//! | `\x7f` | Backspace |
//! | `←` `→` `↑` `↓` | the arrow keys |
//! | `⇞` `⇟` | Page Up, Page Down |
//! | `⇱` `⇲` | Home, End |
//! | anything else | that character's key: `1`, `q`, `s`, `?`, a space |
//!
//! ```ignore
//! let q = questionnaire("small.toml");
//! let mut app = App::new(&q, Config::default());
//! press(&mut app, "\n3\n↓↓\n"); // start, pick 3, go on, move down twice, go on
//! insta::assert_snapshot!(screen(&mut app, 80, 24));
//! ```
//!
//! A key with no character here (F10, a modifier) goes through [`key`].
//!
//! Frames: [`draw`] draws one into a new terminal of the size given and [`draw_on`] onto a
//! terminal kept between frames; neither tells the app its size. [`rows`] and [`screen`] tell
//! it first, as the loop does on a resize, and return the frame as text: the rows, each in
//! quotes on a line of its own (the `TestBackend`'s own form, also [`text`]), and for
//! [`screen`] a last line that says where the cursor is (`cursor at column 1, row 2`, or
//! `cursor hidden`). [`find`] says where a text shows in a frame.

use std::fs;

use painpath::content::model::Questionnaire;
use painpath::engine::session::Answer;
use painpath::ui::kiosk::Kiosk;
use painpath::ui::{inbox, tui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{
    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::layout::{Position, Rect};
use ratatui::widgets::Widget;

/// An interface the harness drives: keys and clicks in, a window size, and a frame out.
pub trait Interface {
    /// One key press; true if the screen needs drawing again.
    fn handle_key(&mut self, key: KeyEvent) -> bool;
    /// One mouse event; true if the screen needs drawing again.
    fn handle_mouse(&mut self, mouse: MouseEvent) -> bool;
    /// The window is `width` x `height` now.
    fn resize(&mut self, width: u16, height: u16) -> bool;
    /// Draws the screen of `area` into `buffer`.
    fn draw_into(&self, area: Rect, buffer: &mut Buffer);
    /// Where the cursor shows on the screen of `area`, if it does.
    fn cursor_at(&self, area: Rect) -> Option<Position>;
}

impl Interface for tui::App<'_> {
    fn handle_key(&mut self, key: KeyEvent) -> bool {
        tui::App::handle_key(self, key)
    }

    fn handle_mouse(&mut self, mouse: MouseEvent) -> bool {
        tui::App::handle_mouse(self, mouse)
    }

    fn resize(&mut self, width: u16, height: u16) -> bool {
        tui::App::resize(self, width, height)
    }

    fn draw_into(&self, area: Rect, buffer: &mut Buffer) {
        self.render(area, buffer);
    }

    fn cursor_at(&self, area: Rect) -> Option<Position> {
        self.cursor_position(area)
    }
}

impl Interface for Kiosk<'_> {
    fn handle_key(&mut self, key: KeyEvent) -> bool {
        Kiosk::handle_key(self, key)
    }

    fn handle_mouse(&mut self, mouse: MouseEvent) -> bool {
        Kiosk::handle_mouse(self, mouse)
    }

    fn resize(&mut self, width: u16, height: u16) -> bool {
        Kiosk::resize(self, width, height)
    }

    fn draw_into(&self, area: Rect, buffer: &mut Buffer) {
        self.render(area, buffer);
    }

    fn cursor_at(&self, area: Rect) -> Option<Position> {
        self.cursor_position(area)
    }
}

impl Interface for inbox::App {
    fn handle_key(&mut self, key: KeyEvent) -> bool {
        inbox::App::handle_key(self, key)
    }

    fn handle_mouse(&mut self, mouse: MouseEvent) -> bool {
        inbox::App::handle_mouse(self, mouse)
    }

    fn resize(&mut self, width: u16, height: u16) -> bool {
        inbox::App::resize(self, width, height)
    }

    fn draw_into(&self, area: Rect, buffer: &mut Buffer) {
        self.render(area, buffer);
    }

    fn cursor_at(&self, area: Rect) -> Option<Position> {
        self.cursor_position(area)
    }
}

/// The questionnaire in `tests/fixtures/NAME`, loaded under that path; a fixture that does
/// not load fails the test with the loader's message.
pub fn questionnaire(name: &str) -> Questionnaire {
    let path = format!("tests/fixtures/{name}");
    let text = fs::read_to_string(super::fixture(name))
        .unwrap_or_else(|err| panic!("reading {path}: {err}"));
    painpath::content::validate::load(&path, &text).unwrap_or_else(|err| panic!("{err}"))
}

/// The key a character stands for (see the table at the top).
pub fn key_code(c: char) -> KeyCode {
    match c {
        '\n' => KeyCode::Enter,
        '\x1b' => KeyCode::Esc,
        '\t' => KeyCode::Tab,
        '\x7f' => KeyCode::Backspace,
        '←' => KeyCode::Left,
        '→' => KeyCode::Right,
        '↑' => KeyCode::Up,
        '↓' => KeyCode::Down,
        '⇞' => KeyCode::PageUp,
        '⇟' => KeyCode::PageDown,
        '⇱' => KeyCode::Home,
        '⇲' => KeyCode::End,
        c => KeyCode::Char(c),
    }
}

/// Presses the keys of `keys`, one per character (see the table at the top).
pub fn press(app: &mut impl Interface, keys: &str) {
    for c in keys.chars() {
        key(app, key_code(c));
    }
}

/// Presses one key, without modifiers; true if the screen needs drawing again.
pub fn key(app: &mut impl Interface, code: KeyCode) -> bool {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// A left-button press at `column`, `row`; true if the screen needs drawing again.
pub fn click(app: &mut impl Interface, column: u16, row: u16) -> bool {
    app.handle_mouse(MouseEvent {
        kind: MouseEventKind::Down(MouseButton::Left),
        column,
        row,
        modifiers: KeyModifiers::NONE,
    })
}

/// The digit key that picks option `d` (1-based) or gives the score `d`, for [`press`];
/// past 9 there is none.
pub fn digit(d: usize) -> String {
    u32::try_from(d)
        .ok()
        .and_then(|d| char::from_digit(d, 10))
        .unwrap_or_else(|| panic!("no digit key for {d}"))
        .to_string()
}

/// The keys that give one answer as a person types them, without the Enter that confirms
/// it: each option's number (two digits past the ninth), the score's number. Ticks go from
/// the highest number down, so that a 1 held on a list of ten or more (it may begin 10, 11,
/// 12) is followed by the Enter that picks it, never by a digit that would make it another.
pub fn typed(answer: &Answer) -> String {
    match answer {
        Answer::Scale(v) => v.to_string(),
        Answer::Choices(picked) => {
            let mut numbers: Vec<usize> = picked.iter().map(|o| o.0 + 1).collect();
            numbers.sort_unstable_by(|a, b| b.cmp(a));
            numbers.iter().map(ToString::to_string).collect()
        }
    }
}

/// A blank `width` x `height` test terminal.
pub fn terminal(width: u16, height: u16) -> Terminal<TestBackend> {
    match Terminal::new(TestBackend::new(width, height)) {
        Ok(terminal) => terminal,
        Err(never) => match never {},
    }
}

/// Draws a frame on `terminal` as the run loop does: the screen, then the cursor where the
/// app puts it (hidden if nowhere). Returns where the cursor is.
pub fn draw_on(terminal: &mut Terminal<TestBackend>, app: &impl Interface) -> Option<Position> {
    let mut cursor = None;
    let drawn = terminal.draw(|frame| {
        let area = frame.area();
        app.draw_into(area, frame.buffer_mut());
        cursor = app.cursor_at(area);
        if let Some(position) = cursor {
            frame.set_cursor_position(position);
        }
    });
    if let Err(never) = drawn {
        match never {}
    }
    cursor
}

/// A frame of `app` in a new `width` x `height` terminal. The app is not told the size (see
/// [`screen`] for that).
pub fn draw(app: &impl Interface, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = terminal(width, height);
    draw_on(&mut terminal, app);
    terminal
}

/// What a terminal shows: each row in quotes, one per line.
pub fn text(terminal: &Terminal<TestBackend>) -> String {
    terminal.backend().to_string()
}

/// The app's screen at `width` x `height` as text (see [`text`]), after telling the app its
/// window is that size as the loop does on a resize.
pub fn rows(app: &mut impl Interface, width: u16, height: u16) -> String {
    app.resize(width, height);
    text(&draw(app, width, height))
}

/// [`rows`], then a line that says where the cursor is: `cursor at column X, row Y`, or
/// `cursor hidden`.
pub fn screen(app: &mut impl Interface, width: u16, height: u16) -> String {
    app.resize(width, height);
    let mut terminal = terminal(width, height);
    let cursor = match draw_on(&mut terminal, app) {
        Some(p) => format!("cursor at column {}, row {}", p.x, p.y),
        None => "cursor hidden".to_string(),
    };
    format!("{}{cursor}\n", text(&terminal))
}

/// Where `text` first shows in `buffer` (column, row), reading each row as one string.
pub fn find(buffer: &Buffer, text: &str) -> Option<(u16, u16)> {
    let area = buffer.area;
    (area.top()..area.bottom()).find_map(|y| {
        let row: String = (area.left()..area.right())
            .map(|x| buffer[(x, y)].symbol())
            .collect();
        let byte = row.find(text)?;
        let column = u16::try_from(row[..byte].chars().count()).ok()?;
        Some((area.left() + column, y))
    })
}
