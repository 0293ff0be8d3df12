//! The two buffers the loop draws through, and the diff that finds what changed between them:
//! what ratatui's `Terminal` does for a fixed, full-screen viewport, with a cheaper diff.
//!
//! Most of a key's work was the diff: ratatui's compares every cell of the screen, measuring
//! each cell's width before comparing it (docs/performance.md). [`Diff`] is ratatui's `BufferDiff` step for step, with one
//! shortcut taken first: an unchanged cell with nothing special about its diffing is passed
//! over after comparing its colours and then its symbol, and its width is measured only when
//! the symbol is more than one byte (ratatui measures every cell first). Any other cell
//! goes through ratatui's rules as they are (wide characters, the cells they cover, emoji with
//! VS16, forced widths, skipped cells). A property test holds the two diffs to the same
//! updates on random screens.
//!
//! Every frame is drawn whole into a blank buffer and compared cell by cell with the one the
//! terminal shows; only what differs is sent.

use std::io;

use ratatui::backend::{Backend, ClearType};
use ratatui::buffer::{Buffer, Cell, CellDiffOption, CellWidth};
use ratatui::layout::{Position, Rect};
use ratatui::style::{Color, Modifier};

/// What the terminal shows (the previous frame) and the frame being drawn, over a backend.
pub struct Screen<B: Backend> {
    backend: B,
    /// The frame being drawn is `buffers[current]`; the other is what the terminal shows.
    buffers: [Buffer; 2],
    current: usize,
    /// Whether `buffers[current]` is blank (else it holds the frame before the one shown).
    next_blank: bool,
    area: Rect,
}

impl<B: Backend<Error = io::Error>> Screen<B> {
    /// A screen of `area` whose terminal is blank (as the alternate screen is when entered).
    pub fn new(backend: B, area: Rect) -> Screen<B> {
        Screen {
            backend,
            buffers: [Buffer::empty(area), Buffer::empty(area)],
            current: 0,
            next_blank: true,
            area,
        }
    }

    pub fn area(&self) -> Rect {
        self.area
    }

    pub fn backend_mut(&mut self) -> &mut B {
        &mut self.backend
    }

    /// Draws a frame: `render` draws it whole into a blank buffer of the area and says where
    /// the cursor shows (`None` hides it); what differs from the previous frame goes to the
    /// backend.
    pub fn draw(
        &mut self,
        render: impl FnOnce(Rect, &mut Buffer) -> Option<Position>,
    ) -> io::Result<()> {
        self.prepare_next();
        let cursor = render(self.area, &mut self.buffers[self.current]);
        let [first, second] = &self.buffers;
        let (shown, next) = if self.current == 0 {
            (second, first)
        } else {
            (first, second)
        };
        self.backend.draw(Diff::new(shown, next))?;
        match cursor {
            None => self.backend.hide_cursor()?,
            Some(position) => {
                self.backend.show_cursor()?;
                self.backend.set_cursor_position(position)?;
            }
        }
        // The frame just drawn is what the terminal shows; the other buffer is the next frame,
        // blanked by `prepare_next` (after the frame has been sent, off the key's path) or at
        // the start of the next `draw`.
        self.current = 1 - self.current;
        self.next_blank = false;
        self.backend.flush()
    }

    /// Blanks the buffer the next frame is drawn into. The loop calls this once a frame has
    /// gone out, so that the next key's frame does not wait for it.
    pub fn prepare_next(&mut self) {
        if !self.next_blank {
            self.buffers[self.current].reset();
            self.next_blank = true;
        }
    }

    /// The terminal is now `area`: it is cleared and the next frame draws every cell.
    pub fn resize(&mut self, area: Rect) -> io::Result<()> {
        for buffer in &mut self.buffers {
            buffer.resize(area);
        }
        self.area = area;
        self.backend.clear_region(ClearType::All)?;
        self.forget_shown();
        Ok(())
    }

    /// The terminal was cleared behind the screen's back: the next frame draws every cell.
    pub fn forget_shown(&mut self) {
        for buffer in &mut self.buffers {
            buffer.reset();
        }
        self.next_blank = true;
    }
}

/// Attributes that show on a blank cell, so a wide character's leftover cells must be redrawn.
const VISIBLE_ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::SLOW_BLINK)
    .union(Modifier::RAPID_BLINK)
    .union(Modifier::CROSSED_OUT);

/// The cells of `next` to write over `prev`: ratatui's `BufferDiff`, with a shortcut for the
/// unchanged one-byte cell.
pub struct Diff<'a> {
    next: &'a [Cell],
    prev: &'a [Cell],
    area: Rect,
    pos: usize,
    trailing: Option<Trailing>,
}

/// Cells after a changed wide character that may still need writing.
struct Trailing {
    next_index: usize,
    end: usize,
    force: bool,
}

impl<'a> Diff<'a> {
    /// The diff of two buffers of the same area (both of a [`Screen`]).
    pub fn new(prev: &'a Buffer, next: &'a Buffer) -> Diff<'a> {
        let mut area = prev.area;
        area.height = area.height.min(next.area.height);
        Diff {
            next: &next.content,
            prev: &prev.content,
            area,
            pos: 0,
            trailing: None,
        }
    }

    fn pos_of(&self, index: usize) -> (u16, u16) {
        let width = usize::from(self.area.width.max(1));
        let x = index % width + usize::from(self.area.x);
        let y = index / width + usize::from(self.area.y);
        (x as u16, y as u16)
    }
}

#[allow(deprecated)] // `Cell::skip`, which ratatui's diff still honours
fn is_skip(cell: &Cell) -> bool {
    matches!(cell.diff_option, CellDiffOption::Skip)
        || (cell.skip && matches!(cell.diff_option, CellDiffOption::None))
}

/// The shortcut: `current` is plain to diff and the same as `previous`. Ratatui's diff passes
/// such a cell over, and the cells its width covers; returns that width. The width is only
/// measured for a symbol of more than one byte (a one-byte symbol is one column).
#[allow(deprecated)]
fn unchanged(current: &Cell, previous: &Cell) -> Option<usize> {
    let plain = matches!(current.diff_option, CellDiffOption::None)
        && !current.skip
        && current.fg == previous.fg
        && current.bg == previous.bg
        && current.modifier == previous.modifier
        && current.underline_color == previous.underline_color
        && current.diff_option == previous.diff_option
        && !previous.skip;
    if !plain {
        return None;
    }
    let (symbol, before) = (current.symbol().as_bytes(), previous.symbol().as_bytes());
    match (symbol, before) {
        // Most cells: one byte each, compared without a call to memcmp.
        ([one], [other]) => (one == other).then_some(1),
        _ if symbol == before => Some(usize::from(current.symbol().cell_width())),
        _ => None,
    }
}

/// How many cells at the start of `next` are one-byte (or blank) symbols the same as in `prev`,
/// in the same style, with nothing special about their diffing: the cells the shortcut in
/// [`unchanged`] passes over one at a time, counted in a loop of its own (about half the
/// instructions a cell).
#[allow(deprecated)] // `Cell::skip`
fn same_run(next: &[Cell], prev: &[Cell]) -> usize {
    next.iter()
        .zip(prev)
        .take_while(|(current, previous)| {
            let same_symbol = match (current.symbol().as_bytes(), previous.symbol().as_bytes()) {
                ([one], [other]) => one == other,
                _ => false,
            };
            same_symbol
                && current.fg == previous.fg
                && current.bg == previous.bg
                && current.modifier == previous.modifier
                && current.underline_color == previous.underline_color
                && matches!(current.diff_option, CellDiffOption::None)
                && matches!(previous.diff_option, CellDiffOption::None)
                && !current.skip
                && !previous.skip
        })
        .count()
}

impl<'a> Iterator for Diff<'a> {
    type Item = (u16, u16, &'a Cell);

    fn next(&mut self) -> Option<Self::Item> {
        let len = self.next.len().min(self.prev.len());
        if let Some(Trailing {
            next_index,
            end,
            force,
        }) = &mut self.trailing
        {
            while *next_index < *end {
                let j = *next_index;
                let cell_width = usize::from(self.next[j].cell_width().max(1));
                *next_index += cell_width;
                *end = (*end).max(*next_index).min(len);
                if !is_skip(&self.next[j])
                    && (*force || self.prev[j].symbol() != self.next[j].symbol())
                {
                    let (x, y) = self.pos_of(j);
                    return Some((x, y, &self.next[j]));
                }
            }
            self.pos = *end;
            self.trailing = None;
        }
        while self.pos < len {
            // Most cells: passed over in a tight loop, before the rules below.
            self.pos += same_run(&self.next[self.pos..len], &self.prev[self.pos..len]);
            if self.pos >= len {
                break;
            }
            let i = self.pos;
            self.pos += 1;
            let current = &self.next[i];
            let previous = &self.prev[i];
            if let Some(width) = unchanged(current, previous) {
                self.pos += width.saturating_sub(1);
                continue;
            }
            match current.diff_option {
                CellDiffOption::Skip => {}
                _ if is_skip(current) => {}
                CellDiffOption::ForcedWidth(width) => {
                    self.pos = self
                        .pos
                        .saturating_add(usize::from(width.get().saturating_sub(1)));
                    if current != previous {
                        let (x, y) = self.pos_of(i);
                        return Some((x, y, current));
                    }
                }
                CellDiffOption::None | CellDiffOption::AlwaysUpdate => {
                    // Ratatui passes over a cell equal to `previous` here; `unchanged` above
                    // has already passed over every such cell (one not skipped, with no
                    // diffing option, same symbol and style), so this one differs.
                    let cell_width = usize::from(current.cell_width());
                    let previous_width = usize::from(previous.cell_width());
                    let contains_vs16 =
                        cell_width > 1 && current.symbol().chars().any(|c| c == '\u{FE0F}');
                    if contains_vs16 {
                        self.trailing = Some(Trailing {
                            next_index: i + 1,
                            end: (i + cell_width).min(len),
                            force: false,
                        });
                    } else if cell_width > 1 {
                        self.pos += cell_width.saturating_sub(1);
                    } else if previous_width > cell_width
                        && (previous.bg != Color::Reset
                            || previous.modifier.intersects(VISIBLE_ON_BLANK))
                    {
                        // Ratatui does not bound this end, and indexes past the buffer when
                        // the wider cell was the last one (a forced width there).
                        self.trailing = Some(Trailing {
                            next_index: i + 1,
                            end: (i + previous_width).min(len),
                            force: true,
                        });
                    }
                    let (x, y) = self.pos_of(i);
                    return Some((x, y, current));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::style::Style;

    /// Cells to scatter: one-byte, one-column non-ASCII, wide, emoji with VS16, blanks.
    const SYMBOLS: &[&str] = &["a", "b", " ", "›", "é", "█", "中", "文", "❤\u{FE0F}", "x"];

    fn styles() -> impl Strategy<Value = Style> {
        (0u8..3, 0u8..3, any::<bool>()).prop_map(|(fg, bg, reversed)| {
            let colour = |n: u8| match n {
                0 => Color::Reset,
                1 => Color::Red,
                _ => Color::Indexed(6),
            };
            let style = Style::default().fg(colour(fg)).bg(colour(bg));
            if reversed {
                style.add_modifier(Modifier::REVERSED)
            } else {
                style
            }
        })
    }

    /// Strings written at random places of a `width` x `height` screen, as widgets write them.
    fn writes(width: u16, height: u16, most: usize) -> impl Strategy<Value = Vec<Write>> {
        let write = (
            0..width,
            0..height,
            prop::collection::vec(0..SYMBOLS.len(), 1..6),
            styles(),
        );
        prop::collection::vec(write, 0..most)
    }

    type Write = (u16, u16, Vec<usize>, Style);

    fn apply(buffer: &mut Buffer, writes: &[Write]) {
        let width = buffer.area.width;
        for (x, y, symbols, style) in writes {
            let text: String = symbols.iter().map(|&i| SYMBOLS[i]).collect();
            buffer.set_stringn(*x, *y, &text, usize::from(width - x), *style);
        }
    }

    /// Cells given a diffing option (0: skipped, 1: always updated, 2: a forced width of 2,
    /// 3: the deprecated `skip` flag), as widgets that draw images or links mark them.
    fn marks(width: u16, height: u16) -> impl Strategy<Value = Vec<(u16, u16, u8)>> {
        prop::collection::vec((0..width, 0..height, 0u8..4), 0..3)
    }

    #[allow(deprecated)] // `Cell::skip`, which the diff still honours
    fn mark(buffer: &mut Buffer, marks: &[(u16, u16, u8)]) {
        for &(x, y, kind) in marks {
            let cell = &mut buffer[(x, y)];
            match kind {
                0 => cell.diff_option = CellDiffOption::Skip,
                1 => cell.diff_option = CellDiffOption::AlwaysUpdate,
                2 => {
                    if let Some(width) = std::num::NonZeroU16::new(2) {
                        cell.diff_option = CellDiffOption::ForcedWidth(width);
                    }
                }
                _ => cell.skip = true,
            }
        }
    }

    /// A screen, and the next frame: the same screen with a few more writes over it (as a key
    /// changes a frame), so that unchanged wide characters meet changed neighbours; now and
    /// then a cell of either has a diffing option.
    fn pairs() -> impl Strategy<Value = (Buffer, Buffer)> {
        (1u16..12, 1u16..5).prop_flat_map(|(w, h)| {
            (writes(w, h, 12), writes(w, h, 4), marks(w, h), marks(w, h)).prop_map(
                move |(first, more, marked_before, marked_after)| {
                    let mut prev = Buffer::empty(Rect::new(0, 0, w, h));
                    apply(&mut prev, &first);
                    let mut next = prev.clone();
                    apply(&mut next, &more);
                    mark(&mut prev, &marked_before);
                    mark(&mut next, &marked_after);
                    (prev, next)
                },
            )
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Whatever the two screens, the diff writes exactly the cells ratatui's would (and
        /// does not panic where ratatui's does: a forced width on the last cell).
        #[test]
        fn the_diff_writes_what_ratatuis_diff_writes((prev, next) in pairs()) {
            let ours: Vec<(u16, u16, Cell)> =
                Diff::new(&prev, &next).map(|(x, y, c)| (x, y, c.clone())).collect();
            let theirs = std::panic::catch_unwind(|| {
                prev.diff(&next)
                    .into_iter()
                    .map(|(x, y, c)| (x, y, c.clone()))
                    .collect::<Vec<_>>()
            });
            if let Ok(theirs) = theirs {
                prop_assert_eq!(ours, theirs);
            }
        }
    }

    #[test]
    fn an_unchanged_screen_writes_nothing_and_a_changed_cell_is_written() {
        let mut prev = Buffer::empty(Rect::new(0, 0, 10, 2));
        prev.set_string(0, 0, "Hello 中文", Style::default());
        let same = prev.clone();
        assert_eq!(Diff::new(&prev, &same).count(), 0);
        let mut next = prev.clone();
        next.set_string(1, 1, "x", Style::default().fg(Color::Red));
        let written: Vec<(u16, u16)> = Diff::new(&prev, &next).map(|(x, y, _)| (x, y)).collect();
        assert_eq!(written, [(1, 1)]);
    }
}
