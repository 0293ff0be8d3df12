//! A ratatui `Buffer` as an SVG picture of a dark terminal, for the screens in `docs/screens/`.
//!
//! Shared by `#[path]` include from `tests/`. Each row becomes runs of cells that share a
//! style: a `<rect>` for a run's background (when it is not the terminal's own) and a `<text>`
//! for its characters, stretched to exactly its cells so that fonts cannot drift out of the
//! grid. Full blocks (`█`, the kiosk's big letters, progress bars) are drawn as rects, so they
//! join up between rows. Only integers are written, so the output is the same byte for byte.
#![allow(dead_code)]

use std::fmt::Write;

use ratatui::buffer::{Buffer, CellDiffOption, CellWidth};
use ratatui::style::{Color, Modifier};

/// One cell in pixels, and the font drawn in it.
const CELL_WIDTH: u32 = 9;
const CELL_HEIGHT: u32 = 18;
const FONT_SIZE: u32 = 15;
/// From the top of a row to the baseline of its text.
const BASELINE: u32 = 13;
/// Space around the screen, in the terminal's background colour.
const PADDING: u32 = 10;
const FONT: &str = "'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace";

/// The terminal's own colours, for `Color::Reset`.
const FOREGROUND: &str = "#d3d7cf";
const BACKGROUND: &str = "#1d1f21";

/// The 16 named colours in ANSI order, Black to White (the Tango palette).
const ANSI: [&str; 16] = [
    "#2e3436", "#cc0000", "#4e9a06", "#c4a000", "#3465a4", "#75507b", "#06989a", "#d3d7cf",
    "#555753", "#ef2929", "#8ae234", "#fce94f", "#729fcf", "#ad7fa8", "#34e2e2", "#eeeeec",
];

/// How a run of cells looks once reverse video is resolved.
#[derive(Clone, PartialEq, Eq)]
struct Look {
    fg: String,
    /// `None`: the terminal's own background, not drawn.
    bg: Option<String>,
    bold: bool,
    underline: bool,
    /// A run of full blocks, drawn as a rect in the foreground colour.
    block: bool,
}

struct Run {
    column: u16,
    cells: u16,
    text: String,
    look: Look,
}

/// The colour as `#rrggbb`; `Reset` is `default`.
fn hex(color: Color, default: &str) -> String {
    let index = match color {
        Color::Reset => return default.to_string(),
        Color::Rgb(r, g, b) => return format!("#{r:02x}{g:02x}{b:02x}"),
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
    match index {
        0..=15 => ANSI[usize::from(index)].to_string(),
        // The 6x6x6 colour cube, then 24 greys (xterm's levels).
        16..=231 => {
            let level = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
            let i = index - 16;
            let (r, g, b) = (level(i / 36), level(i / 6 % 6), level(i % 6));
            format!("#{r:02x}{g:02x}{b:02x}")
        }
        232..=255 => {
            let v = 8 + 10 * (index - 232);
            format!("#{v:02x}{v:02x}{v:02x}")
        }
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Runs of cells with the same look on row `y`, leading and trailing blanks of text runs left
/// out. A wide character takes its cells; the cells it covers are not drawn again.
fn runs(buffer: &Buffer, y: u16) -> Vec<Run> {
    let area = buffer.area;
    let mut runs: Vec<Run> = Vec::new();
    let mut x = area.left();
    while x < area.right() {
        let cell = &buffer[(x, y)];
        let width = cell.cell_width().max(1);
        let column = x - area.left();
        x += width;
        if cell.diff_option == CellDiffOption::Skip {
            continue;
        }
        let (fg, bg) = if cell.modifier.contains(Modifier::REVERSED) {
            (hex(cell.bg, BACKGROUND), Some(hex(cell.fg, FOREGROUND)))
        } else {
            let bg = (cell.bg != Color::Reset).then(|| hex(cell.bg, BACKGROUND));
            (hex(cell.fg, FOREGROUND), bg)
        };
        let look = Look {
            fg,
            bg,
            bold: cell.modifier.contains(Modifier::BOLD),
            underline: cell.modifier.contains(Modifier::UNDERLINED),
            block: cell.symbol() == "█",
        };
        // An empty symbol is a blank; a hidden one is not drawn.
        let symbol = match cell.symbol() {
            "" => " ",
            _ if cell.modifier.contains(Modifier::HIDDEN) => &" ".repeat(usize::from(width)),
            symbol => symbol,
        };
        match runs.last_mut() {
            Some(run) if run.look == look && run.column + run.cells == column => {
                run.cells += width;
                run.text.push_str(symbol);
            }
            _ => runs.push(Run {
                column,
                cells: width,
                text: symbol.to_string(),
                look,
            }),
        }
    }
    runs
}

/// The buffer as an SVG document.
pub fn render(buffer: &Buffer) -> String {
    let (columns, rows) = (u32::from(buffer.area.width), u32::from(buffer.area.height));
    let width = columns * CELL_WIDTH + 2 * PADDING;
    let height = rows * CELL_HEIGHT + 2 * PADDING;
    let rows: Vec<Vec<Run>> = (buffer.area.top()..buffer.area.bottom())
        .map(|y| runs(buffer, y))
        .collect();
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" \
         viewBox=\"0 0 {width} {height}\" font-family=\"{FONT}\" font-size=\"{FONT_SIZE}\">"
    );
    let _ = writeln!(
        svg,
        "<rect width=\"{width}\" height=\"{height}\" fill=\"{BACKGROUND}\"/>"
    );
    // Every background first, so that no row's background covers the text of the row above.
    let top = |row: usize| PADDING + row as u32 * CELL_HEIGHT;
    let left = |column: u16| PADDING + u32::from(column) * CELL_WIDTH;
    for (row, runs) in rows.iter().enumerate() {
        for run in runs {
            let fill = match (&run.look.bg, run.look.block) {
                (_, true) => &run.look.fg,
                (Some(bg), false) => bg,
                (None, false) => continue,
            };
            let _ = writeln!(
                svg,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{CELL_HEIGHT}\" fill=\"{fill}\"/>",
                left(run.column),
                top(row),
                u32::from(run.cells) * CELL_WIDTH
            );
        }
    }
    let _ = writeln!(svg, "<g xml:space=\"preserve\">");
    for (row, runs) in rows.iter().enumerate() {
        for run in runs.iter().filter(|r| !r.look.block) {
            let text = run.text.trim_start_matches(' ');
            let column = run.column + (run.text.len() - text.len()) as u16;
            let text = text.trim_end_matches(' ');
            if text.is_empty() {
                continue;
            }
            let cells = u32::from(text.cell_width());
            let look = &run.look;
            let bold = if look.bold {
                " font-weight=\"bold\""
            } else {
                ""
            };
            let underline = match look.underline {
                true => " text-decoration=\"underline\"",
                false => "",
            };
            let _ = writeln!(
                svg,
                "<text x=\"{}\" y=\"{}\" fill=\"{}\"{bold}{underline} textLength=\"{}\" \
                 lengthAdjust=\"spacingAndGlyphs\">{}</text>",
                left(column),
                top(row) + BASELINE,
                look.fg,
                cells * CELL_WIDTH,
                escape(text)
            );
        }
    }
    svg.push_str("</g>\n</svg>\n");
    svg
}
