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
///   moved away, say) is erased with ECH (`CSI n X`) instead of printed space by space, when
///   that is shorter; erased cells take the default background on every terminal, with or
///   without background-colour erase, since the erase is done with colours reset;
/// - each change of colours and attributes is one SGR sequence, a reset when that is shorter,
///   and a frame ends with one reset (`CSI 0 m`) only when something is still set, instead
///   of four resets after every frame;
/// - the cursor moves forward on a line with CUF (`CSI n C`) when that is shorter than an
///   absolute move, is not moved to where the frame left it, and is not shown again when it
///   is shown already.
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
    /// `next` is the cell drawn after the run, if any: when it follows the run, the cursor
    /// has to be moved over the erased cells.
    fn blanks(&mut self, run: &BlankRun, next: Option<Position>) {
        let end = Position::new(run.start.x.saturating_add(run.count), run.start.y);
        let reset_cost = if self.pen == Pen::RESET { 0 } else { 4 };
        let skip_cost = if next == Some(end) {
            forward_cost(run.count)
        } else {
            0
        };
        let erase_cost = reset_cost + 3 + digits(run.count) + skip_cost;
        let print_cost = usize::from(run.count) + if self.pen == run.pen { 0 } else { 4 };
        if erase_cost >= print_cost {
            for i in 0..run.count {
                let at = Position::new(run.start.x + i, run.start.y);
                self.print(at, run.pen, " ");
            }
            return;
        }
        self.move_to(run.start);
        self.set_pen(Pen::RESET);
        push_csi(self.w, run.count, b'X');
        // ECH leaves the cursor where it was.
        self.cursor = Some(run.start);
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
                out.blanks(blank, Some(at));
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
            out.blanks(blank, None);
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
    use ratatui::buffer::Buffer;
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
}
