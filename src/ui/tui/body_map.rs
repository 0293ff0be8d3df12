//! The body map: a front and a back figure drawn in text cells, with the areas a question's
//! options name (`crate::content::body`) shaded, a ticked area solid, and what a tap on a
//! cell lands on. Where the map goes on a screen, and whether it shows at all, is `layout`.
//!
//! Without colour the map still says everything: an area is shaded (light or medium, so that
//! areas that touch differ), a ticked one is solid.

use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Modifier;
use ratatui::text::Line;

use super::theme::Theme;
use super::widgets::{set_line, set_stringn};
use crate::content::body::BodyArea;
use crate::content::words::Words;
use crate::text::display_width;

/// The figures, a row a string. An area's cells are its letter (see [`area_of`]), in lower
/// case for a light shade and upper case for a medium one; anything else is the outline,
/// drawn as it is. The person faces us on the front figure and turns away on the back one.
const FRONT: [&str; FIGURE_HEIGHT as usize] = [
    "     ╭─╮     ",
    "  ╭──╰─╯──╮  ",
    " ╱│       │╲ ",
    "╱╱│       │╲╲",
    "╵╵│       │╵╵",
    "  ╰╮     ╭╯  ",
    " HH╲g   g╱HH ",
    " HH ╲g g╱ HH ",
    "  oFFF FFFo  ",
    "  oFFF FFFo  ",
    "   kkk kkk   ",
    "   CCC CCC   ",
    "   CCC CCC   ",
    "  ╶──┘ └──╴  ",
];
const BACK: [&str; FIGURE_HEIGHT as usize] = [
    "     ╭─╮     ",
    "  ╭──╰─╯──╮  ",
    " ╱│MMMMMMM│╲ ",
    "╱╱│MMMMMMM│╲╲",
    "╵╵│aaaaaaa│╵╵",
    "  ╰╮aaaaa╭╯  ",
    " hh BBBBB hh ",
    " hh BB BB hh ",
    "  Ottt tttO  ",
    "  Ottt tttO  ",
    "   KKK KKK   ",
    "   ccc ccc   ",
    "   ccc ccc   ",
    "  ╶──┘ └──╴  ",
];

const FIGURE_WIDTH: u16 = 13;
const FIGURE_HEIGHT: u16 = 14;
/// Columns between the two figures.
const GAP: u16 = 3;
/// Width of the map: two figures and the gap.
pub(super) const WIDTH: u16 = 2 * FIGURE_WIDTH + GAP;
/// Height of the map without a caption: the titles, then the figures.
pub(super) const HEIGHT: u16 = 1 + FIGURE_HEIGHT;

/// The area a figure's letter stands for.
fn area_of(letter: char) -> Option<BodyArea> {
    Some(match letter.to_ascii_lowercase() {
        'm' => BodyArea::UpperBack,
        'a' => BodyArea::LowBack,
        'b' => BodyArea::Buttock,
        'h' => BodyArea::SideOfHip,
        'g' => BodyArea::Groin,
        'f' => BodyArea::ThighFront,
        't' => BodyArea::ThighBack,
        'o' => BodyArea::ThighOutside,
        'k' => BodyArea::Knee,
        'c' => BodyArea::LowerLeg,
        _ => return None,
    })
}

/// An area the question offers: the place of its option among those offered, and whether
/// that option is ticked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct MapArea {
    pub area: BodyArea,
    pub place: usize,
    pub ticked: bool,
}

/// The map laid out on a screen.
pub(super) struct MapView {
    /// Where the titles and figures are drawn ([`WIDTH`] x [`HEIGHT`], or less where the
    /// screen is short).
    pub rect: Rect,
    /// The areas the question offers; the others are drawn as outline only.
    pub areas: Vec<MapArea>,
    /// The area of the option under the cursor.
    pub focused: Option<BodyArea>,
    /// Lines under the figures (the option under the cursor, when the list is not beside),
    /// and where they go.
    pub caption: Vec<Line<'static>>,
    pub caption_area: Rect,
}

impl MapView {
    fn offered(&self, area: BodyArea) -> Option<&MapArea> {
        self.areas.iter().find(|a| a.area == area)
    }

    /// What a figure shows at `(column, row)` of the figures (row 0 is the first row under
    /// the titles): an offered area, or nothing.
    fn area_in_figures(&self, column: i32, row: i32) -> Option<&MapArea> {
        let (row, column) = (usize::try_from(row).ok()?, u16::try_from(column).ok()?);
        let (figure, x) = if column < FIGURE_WIDTH {
            (&FRONT, column)
        } else {
            (&BACK, column.checked_sub(FIGURE_WIDTH + GAP)?)
        };
        let letter = figure.get(row)?.chars().nth(usize::from(x))?;
        self.offered(area_of(letter)?)
    }

    /// The offered area a tap at `position` lands on: the one drawn there, else one drawn
    /// next to it (the areas are small for a finger, so a tap just beside one counts).
    pub fn area_at(&self, position: Position) -> Option<&MapArea> {
        let figures = Rect::new(self.rect.x, self.rect.y + 1, WIDTH, FIGURE_HEIGHT);
        if !figures.intersection(self.rect).contains(position) {
            return None;
        }
        let column = i32::from(position.x - figures.x);
        let row = i32::from(position.y - figures.y);
        const AROUND: [(i32, i32); 9] = [
            (0, 0),
            (-1, 0),
            (1, 0),
            (0, -1),
            (0, 1),
            (-1, -1),
            (1, -1),
            (-1, 1),
            (1, 1),
        ];
        AROUND
            .iter()
            .find_map(|(dx, dy)| self.area_in_figures(column + dx, row + dy))
    }
}

/// Draws the map: the titles over the figures, the figures, and the caption.
pub(super) fn render(map: &MapView, words: &Words, theme: &Theme, buf: &mut Buffer) {
    let rect = map.rect;
    if rect.is_empty() {
        return;
    }
    let tui = &words.tui;
    for (title, x) in [
        (&tui.body_front, rect.x),
        (&tui.body_back, rect.x + FIGURE_WIDTH + GAP),
    ] {
        let width = display_width(title) as u16;
        let x = x + FIGURE_WIDTH.saturating_sub(width) / 2;
        let room = rect.right().saturating_sub(x);
        set_stringn(buf, x, rect.y, title, usize::from(room), theme.heading);
    }
    // The focus shows by colour where there is colour; reversed, a solid area would vanish.
    let focused = theme.selected.remove_modifier(Modifier::REVERSED);
    let rows = FRONT.iter().zip(BACK.iter());
    for (i, (front, back)) in rows.enumerate() {
        let y = rect.y + 1 + i as u16;
        if y >= rect.bottom() {
            break;
        }
        let cells = front
            .chars()
            .chain(std::iter::repeat_n(' ', usize::from(GAP)))
            .chain(back.chars());
        for (x, letter) in (rect.x..rect.right()).zip(cells) {
            let (symbol, style) = match area_of(letter) {
                None => (letter, theme.dim),
                Some(area) => match map.offered(area) {
                    None => ('·', theme.dim),
                    Some(shown) => {
                        let symbol = if shown.ticked {
                            '█'
                        } else if letter.is_ascii_uppercase() {
                            '▒'
                        } else {
                            '░'
                        };
                        let style = if map.focused == Some(area) {
                            focused
                        } else if shown.ticked {
                            theme.heading
                        } else {
                            theme.base
                        };
                        (symbol, style)
                    }
                },
            };
            if symbol != ' ' {
                buf[(x, y)].set_char(symbol).set_style(style);
            }
        }
    }
    let area = map.caption_area;
    for (y, line) in (area.y..area.bottom()).zip(&map.caption) {
        set_line(buf, area.x, y, line, area.width);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every_area(ticked: &[BodyArea]) -> MapView {
        MapView {
            rect: Rect::new(2, 1, WIDTH, HEIGHT),
            areas: BodyArea::ALL
                .iter()
                .enumerate()
                .map(|(place, &area)| MapArea {
                    area,
                    place,
                    ticked: ticked.contains(&area),
                })
                .collect(),
            focused: None,
            caption: Vec::new(),
            caption_area: Rect::default(),
        }
    }

    #[test]
    fn the_figures_are_as_wide_and_tall_as_the_map_says() {
        for figure in [FRONT, BACK] {
            for row in figure {
                assert_eq!(display_width(row), usize::from(FIGURE_WIDTH), "{row:?}");
            }
        }
    }

    #[test]
    fn every_area_is_drawn_and_each_cell_of_it_is_a_tap_on_it() {
        let map = every_area(&[]);
        for area in BodyArea::ALL {
            let mut cells = 0;
            for y in 0..FIGURE_HEIGHT {
                for x in 0..WIDTH {
                    if map
                        .area_in_figures(i32::from(x), i32::from(y))
                        .map(|a| a.area)
                        == Some(area)
                    {
                        cells += 1;
                        let at = Position::new(map.rect.x + x, map.rect.y + 1 + y);
                        assert_eq!(map.area_at(at).map(|a| a.area), Some(area));
                    }
                }
            }
            assert!(cells >= 4, "{area:?} has {cells} cells");
        }
    }

    #[test]
    fn a_ticked_area_is_solid_and_the_others_shaded_without_colour() {
        let theme = Theme::new(super::super::theme::ThemeName::Standard, false);
        let words = crate::content::words::for_language("en");
        let map = every_area(&[BodyArea::Knee]);
        let mut buf = Buffer::empty(Rect::new(0, 0, 40, 20));
        render(&map, words, &theme, &mut buf);
        // The knees are the eleventh row of each figure.
        let row: String = (0..40).map(|x| buf[(x, 1 + 1 + 10)].symbol()).collect();
        assert_eq!(row.trim_end(), "     ███ ███         ███ ███");
        let thighs: String = (0..40).map(|x| buf[(x, 1 + 1 + 8)].symbol()).collect();
        assert_eq!(thighs.trim_end(), "    ░▒▒▒ ▒▒▒░       ▒░░░ ░░░▒");
    }
}
