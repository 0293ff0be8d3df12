//! The backend the loop draws through: ratatui's crossterm backend with a shorter `draw`, so
//! a key costs fewer bytes on the wire (a kiosk over SSH or a serial line pays for each).
//! Everything but `draw` is crossterm's own; what a frame shows is the same.

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use ratatui::style::{Color, Modifier};
use ratatui::text::Span;

/// [`CrosstermBackend`] with a `draw` that writes less for the same cells:
/// - a run of blank cells on the terminal's own background (a line's end after a highlight
///   moved away, say) is erased with ECH (`CSI n X`), all but its last cell, which is
///   printed, when that is shorter than printing each; erased cells take the default
///   background on every terminal, with or without background-colour erase, since the erase
///   is done with colours reset;
/// - each change of colours and attributes is one SGR sequence, a reset when that is shorter,
///   and a frame ends with one reset (`CSI 0 m`) only when something is still set, instead
///   of four resets after every frame;
/// - the cursor moves forward on a line with CUF (`CSI n C`) when that is shorter than an
///   absolute move, is not moved to where the frame left it, and is not shown again when it
///   is shown already.
///
/// What `draw` is given (ratatui's `Buffer::diff`, or the screen's diff, held to it): the
/// changed cells of a well-formed buffer (only blanks under a wide character), each once, row
/// by row and left to right, without the cells under a wide character it lists (but for the
/// one after an emoji with VS16, for terminals that draw those one cell wide). A cell left out
/// can still show the last frame: where a wide character is replaced by a narrow cell on its
/// left half, its right half is blank in both frames and left out, trusting the terminal to
/// clear the whole character when its left half is printed over. An erase would not do that on
/// tmux, which keeps the right half and draws the rest of the row one cell to the left; so a
/// run of blanks is never erased to its end. A property test holds `draw` to crossterm's,
/// frame after frame, on a terminal that keeps what an erase cuts, as tmux does, and a second
/// one on tmux itself.
pub struct CompactBackend<W: Write> {
    inner: CrosstermBackend<W>,
    /// Where the last frame left the cursor; `None` once anything else was written.
    end_cursor: Option<Position>,
    /// Whether the cursor is shown, when known.
    cursor_shown: Option<bool>,
    /// A frame's bytes, built here and written in one call; kept for its capacity.
    scratch: Vec<u8>,
    /// SGR parameters being put together; kept for their capacity.
    params: [Vec<u8>; 2],
}

/// The style a cell is drawn in, as far as the terminal's state goes.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
}

impl Pen {
    const RESET: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        underline: Color::Reset,
        modifier: Modifier::empty(),
    };

    fn of(cell: &Cell) -> Pen {
        Pen {
            fg: cell.fg,
            bg: cell.bg,
            underline: cell.underline_color,
            modifier: cell.modifier,
        }
    }
}

/// Blank cells waiting to be written: `count` of them from `start`, all in `pen`.
struct BlankRun {
    start: Position,
    count: u16,
    pen: Pen,
}

impl<W: Write> CompactBackend<W> {
    pub fn new(writer: W) -> CompactBackend<W> {
        CompactBackend {
            inner: CrosstermBackend::new(writer),
            end_cursor: None,
            cursor_shown: None,
            scratch: Vec::new(),
            params: [Vec::new(), Vec::new()],
        }
    }
}

/// Can this cell be erased rather than printed: a space on the default background with no
/// attribute that shows on a blank (reverse, underline, crossed out)?
fn erasable(cell: &Cell) -> bool {
    cell.symbol() == " "
        && cell.bg == Color::Reset
        && !cell
            .modifier
            .intersects(Modifier::REVERSED | Modifier::UNDERLINED | Modifier::CROSSED_OUT)
}

/// Digits of `n` in decimal.
fn digits(n: u16) -> usize {
    n.checked_ilog10().map_or(1, |log| log as usize + 1)
}

/// Appends `n` in decimal, without going through `core::fmt` (this runs for most cells).
fn push_decimal(out: &mut Vec<u8>, n: u16) {
    let mut digits = [0u8; 5];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// Appends the control sequence `CSI n final` (CUF, ECH).
fn push_csi(out: &mut Vec<u8>, n: u16, final_byte: u8) {
    out.extend_from_slice(b"\x1b[");
    push_decimal(out, n);
    out.push(final_byte);
}

/// The frame's bytes and what the terminal is known to be in: the pen, and where the cursor
/// is. Sequences are appended to `w` byte by byte; the backend writes them all at the end.
struct Output<'w> {
    w: &'w mut Vec<u8>,
    params: &'w mut [Vec<u8>; 2],
    pen: Pen,
    /// Where the next printed cell lands without a move, when known.
    cursor: Option<Position>,
}

impl Output<'_> {
    /// Sets the terminal's pen to `pen` in one SGR sequence: what changes, or a reset and
    /// what is set, whichever is shorter.
    fn set_pen(&mut self, pen: Pen) {
        if pen == self.pen {
            return;
        }
        let [change, fresh] = &mut *self.params;
        change.clear();
        fresh.clear();
        modifier_diff(change, self.pen.modifier, pen.modifier);
        if pen.fg != self.pen.fg {
            color(change, 38, pen.fg);
        }
        if pen.bg != self.pen.bg {
            color(change, 48, pen.bg);
        }
        if pen.underline != self.pen.underline {
            color(change, 58, pen.underline);
        }
        fresh.push(b'0');
        modifier_diff(fresh, Modifier::empty(), pen.modifier);
        for (base, value) in [(38, pen.fg), (48, pen.bg), (58, pen.underline)] {
            if value != Color::Reset {
                color(fresh, base, value);
            }
        }
        let params = if fresh.len() < change.len() {
            fresh
        } else {
            change
        };
        self.w.extend_from_slice(b"\x1b[");
        self.w.extend_from_slice(params);
        self.w.push(b'm');
        self.pen = pen;
    }

    /// Moves the cursor from where it is to `at`: forward on the same line (CUF) when it is
    /// known and that is shorter, else an absolute move.
    fn move_to(&mut self, at: Position) {
        match self.cursor {
            Some(now) if now == at => {}
            Some(now)
                if now.y == at.y && at.x > now.x && forward_cost(at.x - now.x) <= goto_cost(at) =>
            {
                push_csi(self.w, at.x - now.x, b'C');
            }
            // CUP, as crossterm's MoveTo writes it: row and column from 1.
            _ => {
                self.w.extend_from_slice(b"\x1b[");
                push_decimal(self.w, at.y.saturating_add(1));
                self.w.push(b';');
                push_decimal(self.w, at.x.saturating_add(1));
                self.w.push(b'H');
            }
        }
        self.cursor = Some(at);
    }

    /// Prints `symbol` at `at` in `pen`.
    fn print(&mut self, at: Position, pen: Pen, symbol: &str) {
        self.move_to(at);
        self.set_pen(pen);
        self.w.extend_from_slice(symbol.as_bytes());
        // Past a symbol one column wide (as ratatui measures it, as its diff does) the cursor
        // is one cell on; past a wide one it is not known here, so the next cell comes with
        // an absolute move.
        let narrow = symbol.len() == 1 || Span::raw(symbol).width() == 1;
        self.cursor = narrow.then(|| Position::new(at.x.saturating_add(1), at.y));
    }

    /// Writes a run of blank cells, erased (ECH) when that is shorter than printing them.
    ///
    /// Even then the run's last cell is printed, not erased: it may be the left half of a
    /// wide character the last frame had there, whose right half the diff leaves out (see
    /// [`CompactBackend`]). Printed over, the whole character goes on every terminal; erased,
    /// tmux keeps the right half and draws the rest of the row one cell to the left.
    fn blanks(&mut self, run: &BlankRun) {
        let erased = run.count - 1;
        let reset_cost = if self.pen == Pen::RESET { 0 } else { 4 };
        // ECH leaves the cursor where it was, so it is moved over the erased cells (CUF) to
        // the last one, which is printed.
        let erase_cost = reset_cost + 3 + digits(erased) + forward_cost(erased) + 1;
        let print_cost = usize::from(run.count) + if self.pen == run.pen { 0 } else { 4 };
        // `CSI 0 X` erases one cell, not none.
        if erased == 0 || erase_cost >= print_cost {
            for i in 0..run.count {
                let at = Position::new(run.start.x + i, run.start.y);
                self.print(at, run.pen, " ");
            }
            return;
        }
        self.move_to(run.start);
        self.set_pen(Pen::RESET);
        push_csi(self.w, erased, b'X');
        self.cursor = Some(run.start);
        // In the erased cells' pen: on a blank with the default background nothing else shows.
        self.print(
            Position::new(run.start.x + erased, run.start.y),
            Pen::RESET,
            " ",
        );
    }
}

/// The bytes of CSI n C.
fn forward_cost(n: u16) -> usize {
    3 + digits(n)
}

/// The bytes of CSI row ; column H to `at`.
fn goto_cost(at: Position) -> usize {
    4 + digits(at.y.saturating_add(1)) + digits(at.x.saturating_add(1))
}

impl<W: Write> Write for CompactBackend<W> {
    /// Bytes from outside `draw` (a wipe): whatever they did, the cursor is not known now.
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.end_cursor = None;
        self.cursor_shown = None;
        self.inner.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        Write::flush(&mut self.inner)
    }
}

impl<W: Write> Backend for CompactBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        let mut out = Output {
            w: &mut scratch,
            params: &mut self.params,
            pen: Pen::RESET,
            cursor: None,
        };
        let mut run: Option<BlankRun> = None;
        for (x, y, cell) in content {
            let at = Position::new(x, y);
            let pen = Pen::of(cell);
            if let Some(blank) = &mut run {
                let follows = blank.start.y == y && blank.start.x + blank.count == x;
                if follows && erasable(cell) && blank.pen == pen {
                    blank.count += 1;
                    continue;
                }
                out.blanks(blank);
                run = None;
            }
            if erasable(cell) {
                run = Some(BlankRun {
                    start: at,
                    count: 1,
                    pen,
                });
                continue;
            }
            out.print(at, pen, cell.symbol());
        }
        if let Some(blank) = &run {
            out.blanks(blank);
        }
        out.set_pen(Pen::RESET);
        self.end_cursor = out.cursor;
        let written = self.inner.write_all(&scratch);
        self.scratch = scratch;
        written
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(false) {
            self.inner.hide_cursor()?;
            self.cursor_shown = Some(false);
        }
        Ok(())
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_shown != Some(true) {
            self.inner.show_cursor()?;
            self.cursor_shown = Some(true);
        }
        Ok(())
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let position = position.into();
        if self.end_cursor != Some(position) {
            self.inner.set_cursor_position(position)?;
            self.end_cursor = Some(position);
        }
        Ok(())
    }

    fn clear(&mut self) -> io::Result<()> {
        self.end_cursor = None;
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        self.end_cursor = None;
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

/// Appends the SGR parameters of `value` as the colour of `base` (38 text, 48 background, 58
/// underline), numbered as ratatui's crossterm backend numbers them (`5;n` for the 16 named
/// colours too, so bold never turns a colour bright), `base + 1` for the default.
fn color(params: &mut Vec<u8>, base: u8, value: Color) {
    let index = match value {
        Color::Reset => {
            params.extend_from_slice(separator(params));
            push_decimal(params, u16::from(base) + 1);
            return;
        }
        Color::Rgb(r, g, b) => {
            params.extend_from_slice(separator(params));
            push_decimal(params, u16::from(base));
            for part in [2, r, g, b] {
                params.push(b';');
                push_decimal(params, u16::from(part));
            }
            return;
        }
        Color::Indexed(i) => i,
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
    };
    params.extend_from_slice(separator(params));
    push_decimal(params, u16::from(base));
    params.extend_from_slice(b";5;");
    push_decimal(params, u16::from(index));
}

fn separator(params: &[u8]) -> &'static [u8] {
    if params.is_empty() { b"" } else { b";" }
}

/// Appends the SGR parameters that change the attributes from `from` to `to`, as ratatui's
/// crossterm backend writes them (bold and dim share one reset, so the one that stays is set
/// again).
fn modifier_diff(params: &mut Vec<u8>, from: Modifier, to: Modifier) {
    let mut push = |code: u8| {
        if !params.is_empty() {
            params.push(b';');
        }
        push_decimal(params, u16::from(code));
    };
    let removed = from - to;
    if removed.contains(Modifier::REVERSED) {
        push(27);
    }
    let reset_intensity = removed.intersects(Modifier::BOLD | Modifier::DIM);
    if reset_intensity {
        push(22);
        if to.contains(Modifier::DIM) {
            push(2);
        }
        if to.contains(Modifier::BOLD) {
            push(1);
        }
    }
    let off = [
        (Modifier::ITALIC, 23),
        (Modifier::UNDERLINED, 24),
        (Modifier::CROSSED_OUT, 29),
        (Modifier::HIDDEN, 28),
    ];
    for (modifier, code) in off {
        if removed.contains(modifier) {
            push(code);
        }
    }
    if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
        push(25);
    }
    let added = to - from;
    let on = [
        (Modifier::REVERSED, 7, true),
        (Modifier::BOLD, 1, !reset_intensity),
        (Modifier::ITALIC, 3, true),
        (Modifier::UNDERLINED, 4, true),
        (Modifier::DIM, 2, !reset_intensity),
        (Modifier::CROSSED_OUT, 9, true),
        (Modifier::HIDDEN, 8, true),
        (Modifier::SLOW_BLINK, 5, true),
        (Modifier::RAPID_BLINK, 6, true),
    ];
    for (modifier, code, wanted) in on {
        if wanted && added.contains(modifier) {
            push(code);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::buffer::Buffer;
    use ratatui::buffer::CellWidth;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    /// What a terminal shows after `bytes`: its lines (without trailing blanks, which vt100
    /// keeps when printed and drops when erased) and the background of each cell.
    fn screen(bytes: &[u8], width: u16) -> (String, Vec<vt100::Color>) {
        let size = |n| std::num::NonZeroU16::new(n).expect("not zero");
        let mut parser = vt100::Parser::new(size(2), size(width), 0);
        parser.process(bytes);
        let screen = parser.screen();
        let backgrounds = (0..2)
            .flat_map(|row| (0..width).map(move |col| (row, col)))
            .map(|(row, col)| {
                screen
                    .cell(row, col)
                    .map_or(vt100::Color::Default, |c| c.bgcolor())
            })
            .collect();
        let text = screen
            .contents()
            .lines()
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("\n");
        (text, backgrounds)
    }

    /// The bytes each backend writes to go from `before` to `after`, both drawn on a terminal
    /// that showed `before`.
    fn both(before: &Buffer, after: &Buffer) -> (Vec<u8>, Vec<u8>) {
        let mut first = Vec::new();
        CrosstermBackend::new(&mut first)
            .draw(Buffer::empty(before.area).diff(before).into_iter())
            .unwrap();
        let mut compact = first.clone();
        let mut crossterm = first;
        CompactBackend::new(&mut compact)
            .draw(before.diff(after).into_iter())
            .unwrap();
        CrosstermBackend::new(&mut crossterm)
            .draw(before.diff(after).into_iter())
            .unwrap();
        (compact, crossterm)
    }

    #[test]
    fn a_highlight_moving_away_leaves_the_same_screen_in_fewer_bytes() {
        let area = Rect::new(0, 0, 60, 2);
        let highlight = Style::new().fg(Color::Black).bg(Color::Cyan);
        let mut before = Buffer::empty(area);
        before.set_string(0, 0, "> one", Style::new());
        before.set_string(0, 1, "  two", Style::new());
        before.set_style(Rect::new(0, 0, 60, 1), highlight);
        let mut after = Buffer::empty(area);
        after.set_string(0, 0, "  one", Style::new());
        after.set_string(0, 1, "> two", Style::new());
        after.set_style(Rect::new(0, 1, 60, 1), highlight);
        let (compact, crossterm) = both(&before, &after);
        assert_eq!(screen(&compact, 60), screen(&crossterm, 60));
        assert!(
            compact.len() < crossterm.len(),
            "{} >= {}",
            compact.len(),
            crossterm.len()
        );
    }

    #[test]
    fn short_runs_and_styled_blanks_are_printed_as_crossterm_prints_them() {
        let area = Rect::new(0, 0, 20, 2);
        let mut before = Buffer::empty(area);
        before.set_string(0, 0, "abc def", Style::new().bold());
        let mut after = Buffer::empty(area);
        after.set_string(0, 0, "a   d", Style::new().underlined());
        after.set_string(0, 1, "x", Style::new().bg(Color::Red));
        let (compact, crossterm) = both(&before, &after);
        assert_eq!(screen(&compact, 20), screen(&crossterm, 20));
    }

    #[test]
    fn a_blank_on_a_wide_characters_left_half_clears_the_whole_character_on_tmux() {
        // The property test's first find: the diff lists the left half only (the right half
        // is blank in both frames), and an erase of that one cell left the right half on tmux.
        let area = Rect::new(0, 0, 4, 1);
        let mut before = Buffer::empty(area);
        before.set_string(2, 0, "背", Style::new().red());
        let mut after = before.clone();
        after[(2, 0)].set_symbol(" ");
        let mut bytes = Vec::new();
        CrosstermBackend::new(&mut bytes)
            .draw(Buffer::empty(area).diff(&before).into_iter())
            .unwrap();
        CompactBackend::new(&mut bytes)
            .draw(before.diff(&after).into_iter())
            .unwrap();
        let mut tmux = terminal(4, 1);
        feed_as_tmux(&mut tmux, &bytes);
        assert_eq!(tmux.screen().contents().trim_end(), "");
    }

    /// Text a frame writes: narrow, wide (CJK, fullwidth), emoji, a letter with a combining
    /// mark, and blanks.
    const PIECES: &[&str] = &[
        "a",
        "Back pain",
        "背中",
        "・",
        "股関節",
        "ＷＩＤＥ",
        "🦴",
        "🦵",
        "e\u{301}",
        " ",
        "     ",
        "x",
    ];

    /// One write into a frame, as widgets write.
    #[derive(Debug, Clone)]
    enum Paint {
        /// Pieces of text from a place on, cut at the frame's edge.
        Text {
            at: Position,
            pieces: Vec<usize>,
            style: Style,
        },
        /// Blanks over a rectangle (a block's background).
        Blank { area: Rect, style: Style },
        /// A style over a rectangle, text kept (a highlight).
        Restyle { area: Rect, style: Style },
    }

    /// A frame: drawn on a blank buffer or over the last frame, and where it shows the cursor.
    #[derive(Debug, Clone)]
    struct Frame {
        over_last: bool,
        paints: Vec<Paint>,
        cursor: Option<Position>,
    }

    fn styles() -> impl Strategy<Value = Style> {
        let colours = || {
            prop::sample::select(vec![
                Color::Reset,
                Color::Red,
                Color::Cyan,
                Color::Indexed(33),
                Color::Rgb(10, 20, 30),
            ])
        };
        let modifiers = prop::sample::subsequence(
            vec![
                Modifier::BOLD,
                Modifier::DIM,
                Modifier::ITALIC,
                Modifier::UNDERLINED,
                Modifier::REVERSED,
                Modifier::CROSSED_OUT,
            ],
            0..=2,
        );
        // Mostly the terminal's own colours, so that blanks can be erased.
        let fg = prop_oneof![3 => Just(Color::Reset), 1 => colours()];
        let bg = prop_oneof![3 => Just(Color::Reset), 1 => colours()];
        (fg, bg, modifiers).prop_map(|(fg, bg, modifiers)| {
            let style = Style::new().fg(fg).bg(bg);
            // vt100 keeps one intensity, the last set: a cell is bold or dim, never both.
            modifiers.into_iter().fold(style, |style, modifier| {
                if modifier == Modifier::BOLD {
                    style.remove_modifier(Modifier::DIM).add_modifier(modifier)
                } else if modifier == Modifier::DIM {
                    style.remove_modifier(Modifier::BOLD).add_modifier(modifier)
                } else {
                    style.add_modifier(modifier)
                }
            })
        })
    }

    fn frames(width: u16, height: u16) -> impl Strategy<Value = Vec<Frame>> {
        let position = move || (0..width, 0..height).prop_map(|(x, y)| Position::new(x, y));
        let area = move || {
            (position(), 1..=width, 1..=height).prop_map(move |(at, w, h)| {
                Rect::new(at.x, at.y, w.min(width - at.x), h.min(height - at.y))
            })
        };
        let paint = prop_oneof![
            4 => (position(), prop::collection::vec(0..PIECES.len(), 1..5), styles())
                .prop_map(|(at, pieces, style)| Paint::Text { at, pieces, style }),
            1 => (area(), styles()).prop_map(|(area, style)| Paint::Blank { area, style }),
            1 => (area(), styles()).prop_map(|(area, style)| Paint::Restyle { area, style }),
        ];
        let frame = (
            any::<bool>(),
            prop::collection::vec(paint, 0..8),
            prop::option::of(position()),
        )
            .prop_map(|(over_last, paints, cursor)| Frame {
                over_last,
                paints,
                cursor,
            });
        prop::collection::vec(frame, 1..6)
    }

    /// Frames for tmux, where each case costs a tmux server: text with wide characters, then
    /// frames drawn over it with more text or blanks on the terminal's own background (what
    /// is erased), where the two backends' ways with wide characters part.
    fn frames_over_wide_text(width: u16, height: u16) -> impl Strategy<Value = Vec<Frame>> {
        let position = move || (0..width, 0..height).prop_map(|(x, y)| Position::new(x, y));
        let area = move || {
            (position(), 1..=width, 1..=height).prop_map(move |(at, w, h)| {
                Rect::new(at.x, at.y, w.min(width - at.x), h.min(height - at.y))
            })
        };
        let plain = || {
            prop::sample::select(vec![
                Style::new(),
                Style::new().fg(Color::Red),
                Style::new().bold(),
            ])
        };
        let text = move || {
            (
                position(),
                prop::collection::vec(0..PIECES.len(), 1..6),
                plain(),
            )
                .prop_map(|(at, pieces, style)| Paint::Text { at, pieces, style })
        };
        let first = prop::collection::vec(text(), 1..4).prop_map(|paints| Frame {
            over_last: false,
            paints,
            cursor: None,
        });
        let paint = prop_oneof![
            1 => text(),
            2 => (area(), plain()).prop_map(|(area, style)| Paint::Blank { area, style }),
        ];
        let later = (
            prop::collection::vec(paint, 1..4),
            prop::option::of(position()),
        )
            .prop_map(|(paints, cursor)| Frame {
                over_last: true,
                paints,
                cursor,
            });
        (first, prop::collection::vec(later, 1..4)).prop_map(|(first, mut later)| {
            later.insert(0, first);
            later
        })
    }

    /// `frame` drawn into `buffer` (blanked first unless the frame is drawn over the last).
    fn paint(buffer: &mut Buffer, frame: &Frame) {
        if !frame.over_last {
            buffer.reset();
        }
        for paint in &frame.paints {
            match paint {
                Paint::Text { at, pieces, style } => {
                    // Keep the row well formed (only a blank under a wide character), as the
                    // diff assumes: a write that starts on a right half blanks its left half.
                    if at.x > 0 && buffer[(at.x - 1, at.y)].cell_width() > 1 {
                        buffer[(at.x - 1, at.y)].set_symbol(" ");
                    }
                    let text: String = pieces.iter().map(|&i| PIECES[i]).collect();
                    buffer.set_string(at.x, at.y, text, *style);
                }
                Paint::Blank { area, style } => {
                    let blanks = " ".repeat(usize::from(area.width));
                    for y in area.top()..area.bottom() {
                        buffer.set_string(area.x, y, &blanks, *style);
                    }
                }
                Paint::Restyle { area, style } => buffer.set_style(*area, *style),
            }
        }
    }

    /// What a person sees in a cell: its text (a blank, printed or erased, as a space), its
    /// background, and its colour and attributes where they show (on text; on a blank, only
    /// underline and inverse, with the colour they show in).
    #[derive(Debug, PartialEq)]
    struct Look {
        text: String,
        fg: vt100::Color,
        bg: vt100::Color,
        bold: bool,
        dim: bool,
        italic: bool,
        underline: bool,
        inverse: bool,
    }

    fn look(cell: &vt100::Cell) -> Look {
        let text = cell.contents();
        let blank = text.trim().is_empty();
        let shows_colour = !blank || cell.underline() || cell.inverse();
        Look {
            text: if blank { " " } else { text }.to_string(),
            fg: if shows_colour {
                cell.fgcolor()
            } else {
                vt100::Color::Default
            },
            bg: cell.bgcolor(),
            bold: !blank && cell.bold(),
            dim: !blank && cell.dim(),
            italic: !blank && cell.italic(),
            underline: cell.underline(),
            inverse: cell.inverse(),
        }
    }

    /// The first difference a person would see between two screens: a cell, or the cursor.
    fn difference(ours: &vt100::Screen, theirs: &vt100::Screen) -> Option<String> {
        let (rows, cols) = ours.size();
        for (row, col) in (0..rows.get()).flat_map(|row| (0..cols.get()).map(move |col| (row, col)))
        {
            let [a, b] = [ours, theirs].map(|screen| screen.cell(row, col).map(look));
            if a != b {
                return Some(format!(
                    "row {row}, column {col}: {a:?} where crossterm's is {b:?}"
                ));
            }
        }
        let cursor =
            |screen: &vt100::Screen| (!screen.hide_cursor()).then(|| screen.cursor_position());
        let (a, b) = (cursor(ours), cursor(theirs));
        (a != b).then(|| format!("the cursor: {a:?} where crossterm's is {b:?}"))
    }

    fn terminal(width: u16, height: u16) -> vt100::Parser {
        let size = |n| std::num::NonZeroU16::new(n).expect("not zero");
        vt100::Parser::new(size(height), size(width), 0)
    }

    /// Feeds `bytes` to `parser` as tmux shows them. vt100, as xterm, clears the whole of a
    /// wide character an erase (ECH) covers in part; tmux clears only the cells it is told to
    /// and keeps the other half, drawing the row shifted until something is printed there.
    /// That half is marked `?` on the screen here, so that a frame that leaves it is seen.
    fn feed_as_tmux(parser: &mut vt100::Parser, bytes: &[u8]) {
        let mut rest = bytes;
        while let Some(at) = rest.windows(2).position(|w| w == b"\x1b[") {
            let params = &rest[at + 2..];
            let digits = params.iter().take_while(|b| b.is_ascii_digit()).count();
            let erase = params.get(digits) == Some(&b'X');
            let end = at + 2 + digits + usize::from(erase);
            if !erase {
                parser.process(&rest[..end]);
                rest = &rest[end..];
                continue;
            }
            parser.process(&rest[..at]);
            let count = std::str::from_utf8(&params[..digits])
                .ok()
                .and_then(|n| n.parse::<u16>().ok())
                .unwrap_or(1)
                .max(1);
            let screen = parser.screen();
            let (row, first) = screen.cursor_position();
            let last = first.saturating_add(count - 1);
            let cell = |col| screen.cell(row, col);
            let mut kept = Vec::new();
            if first > 0 && cell(first).is_some_and(vt100::Cell::is_wide_continuation) {
                kept.push(first - 1);
            }
            if cell(last).is_some_and(vt100::Cell::is_wide) && cell(last + 1).is_some() {
                kept.push(last + 1);
            }
            parser.process(&rest[at..end]);
            for col in kept {
                // Save the cursor and the pen, print the mark plainly, restore both.
                let mark = format!("\x1b7\x1b[{};{}H\x1b[0m?\x1b8", row + 1, col + 1);
                parser.process(mark.as_bytes());
            }
            rest = &rest[end..];
        }
        parser.process(rest);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Frame after frame, with wide characters, emoji, combining marks and blanks, the
        /// compact draw leaves a terminal showing what crossterm's draw leaves it showing,
        /// cell for cell and the cursor, on vt100 with tmux's way of erasing.
        #[test]
        fn every_frame_shows_what_crossterms_draw_shows(
            (width, height, frames) in (1u16..16, 1u16..4)
                .prop_flat_map(|(w, h)| (Just(w), Just(h), frames(w, h)))
        ) {
            let area = Rect::new(0, 0, width, height);
            let (compact_bytes, crossterm_bytes) = (Shared::default(), Shared::default());
            let mut compact = CompactBackend::new(compact_bytes.clone());
            let mut crossterm = CrosstermBackend::new(crossterm_bytes.clone());
            let (mut compact_screen, mut crossterm_screen) =
                (terminal(width, height), terminal(width, height));
            let mut shown = Buffer::empty(area);
            for (number, frame) in frames.iter().enumerate() {
                let mut next = shown.clone();
                paint(&mut next, frame);
                draw_frame(&mut compact, &shown, &next, frame.cursor).unwrap();
                draw_frame(&mut crossterm, &shown, &next, frame.cursor).unwrap();
                feed_as_tmux(&mut compact_screen, &compact_bytes.take());
                crossterm_screen.process(&crossterm_bytes.take());
                let (ours, theirs) = (compact_screen.screen(), crossterm_screen.screen());
                let difference = difference(ours, theirs);
                prop_assert!(
                    difference.is_none(),
                    "frame {}: {}\ncompact shows\n{}\ncrossterm shows\n{}",
                    number,
                    difference.unwrap_or_default(),
                    ours.contents(),
                    theirs.contents()
                );
                shown = next;
            }
        }
    }

    /// Whether tmux is on PATH. Under CI (`CI=true`), where `.ci/run` installs it, its absence
    /// fails the test rather than skipping it.
    fn tmux_installed() -> bool {
        let found = std::process::Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|output| output.status.success());
        assert!(
            found || std::env::var_os("CI").is_none_or(|ci| ci != "true"),
            "tmux is not installed: .ci/run installs it (Debian package tmux)"
        );
        if !found {
            eprintln!("SKIPPED: tmux is not installed, so no frame was drawn on tmux");
        }
        found
    }

    /// What tmux shows, as `capture-pane` gives it, in a `width` x `height` window after each
    /// of `outputs`: one window each, in a server of its own. `cat` writes the bytes, then a
    /// window title, which tmux reads after them, says that all were read.
    fn tmux_shows(outputs: &[Vec<u8>], width: u16, height: u16) -> Vec<String> {
        use std::process::Command;
        use std::time::{Duration, Instant};
        let dir = tempfile::tempdir().expect("temporary folder");
        let config = dir.path().join("tmux.conf");
        let settings = format!("set -g status off\nset -g default-size {width}x{height}\n");
        std::fs::write(&config, settings).expect("tmux config");
        // The server's socket in the temporary folder, which goes with it.
        let socket = dir.path().join("socket");
        let tmux = |args: &[&str]| {
            let output = Command::new("tmux")
                .arg("-S")
                .arg(&socket)
                .arg("-f")
                .arg(&config)
                .args(args)
                .output()
                .expect("run tmux");
            assert!(
                output.status.success(),
                "tmux {args:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            String::from_utf8_lossy(&output.stdout).into_owned()
        };
        let (columns, rows) = (width.to_string(), height.to_string());
        for (i, bytes) in outputs.iter().enumerate() {
            let file = dir.path().join(format!("output{i}"));
            std::fs::write(&file, bytes).expect("write the output");
            let command = format!(
                "stty raw -echo; cat '{}'; printf '\\033]2;shown\\033\\\\'; exec sleep 60",
                file.display()
            );
            let name = format!("w{i}");
            if i == 0 {
                tmux(&[
                    "new-session",
                    "-d",
                    "-s",
                    "frames",
                    "-n",
                    &name,
                    "-x",
                    &columns,
                    "-y",
                    &rows,
                    &command,
                ]);
            } else {
                tmux(&["new-window", "-d", "-t", "frames", "-n", &name, &command]);
            }
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        let shown = (0..outputs.len())
            .map(|i| {
                let target = format!("frames:w{i}");
                loop {
                    let title = tmux(&["display-message", "-p", "-t", &target, "#{pane_title}"]);
                    if title.trim() == "shown" {
                        break tmux(&["capture-pane", "-p", "-t", &target]);
                    }
                    assert!(Instant::now() < deadline, "tmux never showed output {i}");
                    std::thread::sleep(Duration::from_millis(10));
                }
            })
            .collect();
        let _ = Command::new("tmux")
            .arg("-S")
            .arg(&socket)
            .arg("kill-server")
            .output();
        shown
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        /// The same frames on tmux itself, whose handling of wide characters (an erase that
        /// cuts one, a character printed over half of one) the model above only imitates:
        /// after every frame the compact draw leaves the text where crossterm's leaves it.
        #[test]
        fn every_frame_shows_what_crossterms_draw_shows_on_tmux(
            (width, height, frames) in (4u16..24, 1u16..3)
                .prop_flat_map(|(w, h)| (Just(w), Just(h), frames_over_wide_text(w, h)))
        ) {
            if !tmux_installed() {
                return Ok(());
            }
            let area = Rect::new(0, 0, width, height);
            let (compact_bytes, crossterm_bytes) = (Shared::default(), Shared::default());
            let mut compact = CompactBackend::new(compact_bytes.clone());
            let mut crossterm = CrosstermBackend::new(crossterm_bytes.clone());
            // The bytes up to the end of each frame, for each backend.
            let (mut ours, mut theirs) = (vec![Vec::new()], vec![Vec::new()]);
            let mut shown = Buffer::empty(area);
            for frame in &frames {
                let mut next = shown.clone();
                paint(&mut next, frame);
                draw_frame(&mut compact, &shown, &next, frame.cursor).unwrap();
                draw_frame(&mut crossterm, &shown, &next, frame.cursor).unwrap();
                let both = [(&mut ours, &compact_bytes), (&mut theirs, &crossterm_bytes)];
                for (so_far, bytes) in both {
                    let mut all = so_far.last().cloned().unwrap_or_default();
                    all.extend(bytes.take());
                    so_far.push(all);
                }
                shown = next;
            }
            let (ours, theirs) = (&ours[1..], &theirs[1..]);
            let screens = tmux_shows(&[ours, theirs].concat(), width, height);
            let (ours, theirs) = screens.split_at(frames.len());
            for (number, (ours, theirs)) in ours.iter().zip(theirs).enumerate() {
                prop_assert_eq!(ours, theirs, "frame {}", number);
            }
        }
    }

    /// Bytes written by a backend, read between frames.
    #[derive(Clone, Default)]
    struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl Shared {
        fn take(&self) -> Vec<u8> {
            self.0.take()
        }
    }

    impl Write for Shared {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// Draws `next` over `shown` as ratatui's `Terminal` does: the diff, then the cursor.
    fn draw_frame<B: Backend<Error = io::Error>>(
        backend: &mut B,
        shown: &Buffer,
        next: &Buffer,
        cursor: Option<Position>,
    ) -> io::Result<()> {
        backend.draw(shown.diff(next).into_iter())?;
        match cursor {
            None => backend.hide_cursor()?,
            Some(at) => {
                backend.show_cursor()?;
                backend.set_cursor_position(at)?;
            }
        }
        Backend::flush(backend)
    }
}
