//! An open summary as a document: its Markdown parsed once, when it is opened, into blocks
//! (headings, paragraphs, list items, quotes, rules, code), laid out to a width as rows, and
//! each row drawn as a styled line only when it shows: headings bold (the first underlined),
//! emphasis as styles, bullets and numbers with hanging indents, quotes behind a bar, a rule as
//! a line, instead of `#`, `**`, `-`, `>` and `---`. Which rows show, and where, is `layout`.
//!
//! The parsing is pulldown-cmark's (CommonMark, no extensions); `parse` turns its events into
//! blocks, and this file lays them out and draws them. Everything in the file is hostile: every text the parser gives is cleaned as `app::clean` does (an entity such as
//! `&#27;` decodes to a control character, so cleaning before parsing would not be enough),
//! nesting deeper than [`MAX_DEPTH`] is drawn at that depth, and the marks in front of a block
//! never take more than half the width. A laid-out document keeps each row as a range of its
//! block's text, so a huge file costs its layout once (on opening, on a resize), and a frame
//! only the rows on screen.

mod parse;

use std::ops::Range;

use pulldown_cmark::{Options, Parser};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use self::parse::Builder;
use crate::text::{Notation, display_width, visible, wrap};
use crate::ui::tui::Theme;

/// The deepest nesting of quotes and lists drawn; a block nested deeper is drawn at this depth.
pub const MAX_DEPTH: usize = 8;

/// A summary's Markdown as blocks of text, ready to be laid out at any width.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Document {
    blocks: Vec<Block>,
}

/// One block: its text with single spaces between words (a hard line break as `\n`), the
/// styles over it, and what it is nested in.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Block {
    kind: Kind,
    /// The quotes and list items around it, outermost first (at most [`MAX_DEPTH`]).
    lead: Vec<Lead>,
    text: String,
    /// Where each run of one style ends in `text` (in bytes), and its marks, in order.
    runs: Vec<(usize, Marks)>,
    /// A blank row above it, drawn with this many of its leads (those it shares with the block
    /// before); `None` for none.
    gap: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A heading, by level (1 to 6).
    Heading(u8),
    /// A paragraph, or the text of a list item.
    Text,
    /// Code or HTML: its lines kept as they are, cut where they are too long.
    Literal,
    Rule,
    /// A note of the inbox's own, not from the file.
    Note,
}

/// A quote or a list item around a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Lead {
    /// Which container, to tell two items of a list apart.
    id: usize,
    kind: LeadKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LeadKind {
    Quote,
    /// A list item; `first` when the block is the item's first, which shows its marker.
    Item {
        marker: Marker,
        first: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    /// A bullet; `inner` for every other level of nesting, drawn hollow.
    Bullet {
        inner: bool,
    },
    Number(u64),
}

impl Marker {
    fn text(self) -> String {
        match self {
            Marker::Bullet { inner: false } => "• ".to_string(),
            Marker::Bullet { inner: true } => "◦ ".to_string(),
            Marker::Number(n) => format!("{n}. "),
        }
    }
}

impl Lead {
    /// What the lead draws: its mark on the block's first row, or what continues it below.
    fn text(self, first_row: bool) -> (String, bool) {
        match self.kind {
            LeadKind::Quote => ("│ ".to_string(), true),
            LeadKind::Item { marker, first } if first && first_row => (marker.text(), false),
            LeadKind::Item { marker, .. } => (" ".repeat(display_width(&marker.text())), false),
        }
    }

    fn width(self) -> usize {
        display_width(&self.text(true).0)
    }
}

/// The inline styles over a run of text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Marks {
    strong: bool,
    emphasis: bool,
    link: bool,
    /// A link's address after its text, drawn dim.
    address: bool,
}

/// A document laid out at one width: each row a range of a block's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LaidOut {
    /// The columns it was laid out for.
    pub width: usize,
    rows: Vec<Row>,
}

impl LaidOut {
    /// How many rows the document takes at this width.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    /// The blank row above a block.
    Gap {
        block: usize,
    },
    /// Part of a block's text; `first` on the block's first row.
    Text {
        block: usize,
        start: usize,
        end: usize,
        first: bool,
    },
    Rule {
        block: usize,
    },
}

impl Document {
    /// Parses `markdown` (without its front matter).
    pub fn parse(markdown: &str) -> Document {
        let mut builder = Builder::default();
        for event in Parser::new_ext(markdown, Options::empty()) {
            builder.event(event);
        }
        Document {
            blocks: builder.finish(),
        }
    }

    /// Adds a note of the inbox's own at the end, drawn dim (that the file was cut, say).
    pub fn push_note(&mut self, note: &str) {
        let text = clean(note);
        self.blocks.push(Block {
            kind: Kind::Note,
            lead: Vec::new(),
            runs: vec![(text.len(), Marks::default())],
            text,
            gap: (!self.blocks.is_empty()).then_some(0),
        });
    }

    /// The words of every block, a block a line, without marks or styles: what a reader sees,
    /// for tests and for searching.
    pub fn plain_text(&self) -> String {
        let texts: Vec<&str> = self.blocks.iter().map(|b| b.text.as_str()).collect();
        texts.join("\n")
    }

    /// The rows of the document in `width` columns.
    pub fn lay_out(&self, width: usize) -> LaidOut {
        let mut rows = Vec::new();
        let mut ranges = Vec::new();
        for (index, block) in self.blocks.iter().enumerate() {
            if block.gap.is_some() {
                rows.push(Row::Gap { block: index });
            }
            if block.kind == Kind::Rule {
                rows.push(Row::Rule { block: index });
                continue;
            }
            let room = width.saturating_sub(lead_width(&block.lead, width)).max(1);
            ranges.clear();
            if block.kind == Kind::Literal {
                let mut start = 0;
                for line in block.text.split('\n') {
                    cut_ranges(&block.text, start..start + line.len(), room, &mut ranges);
                    start += line.len() + 1;
                }
            } else {
                wrapped_ranges(&block.text, room, &mut ranges);
            }
            rows.extend(ranges.iter().enumerate().map(|(i, range)| Row::Text {
                block: index,
                start: range.start,
                end: range.end,
                first: i == 0,
            }));
        }
        LaidOut { width, rows }
    }

    /// The rows `range` of `laid_out` (made from this document) as styled lines.
    pub fn lines(
        &self,
        laid_out: &LaidOut,
        range: Range<usize>,
        theme: &Theme,
    ) -> Vec<Line<'static>> {
        let width = laid_out.width;
        laid_out
            .rows
            .get(range)
            .unwrap_or_default()
            .iter()
            .map(|row| self.line(*row, width, theme))
            .collect()
    }

    fn line(&self, row: Row, width: usize, theme: &Theme) -> Line<'static> {
        let (block, first_row) = match row {
            Row::Gap { block } => (block, false),
            Row::Rule { block } => (block, true),
            Row::Text { block, first, .. } => (block, first),
        };
        let Some(block) = self.blocks.get(block) else {
            return Line::default();
        };
        let leads = match row {
            Row::Gap { .. } => &block.lead[..block.gap.unwrap_or(0).min(block.lead.len())],
            _ => &block.lead[..],
        };
        let mut spans = lead_spans(leads, first_row, width, theme);
        match row {
            Row::Gap { .. } => {}
            Row::Rule { .. } => {
                let room = width.saturating_sub(lead_width(&block.lead, width));
                spans.push(Span::styled("─".repeat(room), theme.dim));
            }
            Row::Text { start, end, .. } => {
                let base = match block.kind {
                    Kind::Heading(1) => theme.heading.add_modifier(Modifier::UNDERLINED),
                    Kind::Heading(_) => theme.heading,
                    Kind::Note => theme.dim,
                    Kind::Text | Kind::Literal | Kind::Rule => Style::new(),
                };
                // The runs that overlap the row: the first that ends after its start, on.
                let first = block.runs.partition_point(|(run_end, _)| *run_end <= start);
                let mut run_start = first
                    .checked_sub(1)
                    .and_then(|i| block.runs.get(i))
                    .map_or(0, |(end, _)| *end);
                for (run_end, marks) in block.runs.iter().skip(first) {
                    if run_start >= end {
                        break;
                    }
                    let (from, to) = (run_start.max(start), (*run_end).min(end));
                    if let Some(text) = block.text.get(from..to).filter(|t| !t.is_empty()) {
                        spans.push(Span::styled(text.to_string(), styled(base, *marks, theme)));
                    }
                    run_start = *run_end;
                }
            }
        }
        Line::from(spans)
    }
}

/// `base` with the inline marks added.
fn styled(base: Style, marks: Marks, theme: &Theme) -> Style {
    let mut style = if marks.address {
        base.patch(theme.dim)
    } else {
        base
    };
    if marks.strong {
        style = style.add_modifier(Modifier::BOLD);
    }
    if marks.emphasis {
        style = style.add_modifier(Modifier::ITALIC);
    }
    if marks.link {
        style = style.add_modifier(Modifier::UNDERLINED);
    }
    style
}

/// How many of `leads` are drawn in `width` columns: as many as fit in half of it.
fn leads_shown(leads: &[Lead], width: usize) -> usize {
    let mut used = 0;
    leads
        .iter()
        .take_while(|lead| {
            used += lead.width();
            used <= width / 2
        })
        .count()
}

fn lead_width(leads: &[Lead], width: usize) -> usize {
    leads[..leads_shown(leads, width)]
        .iter()
        .map(|lead| lead.width())
        .sum()
}

fn lead_spans(leads: &[Lead], first_row: bool, width: usize, theme: &Theme) -> Vec<Span<'static>> {
    leads[..leads_shown(leads, width)]
        .iter()
        .map(|lead| match lead.text(first_row) {
            (text, true) => Span::styled(text, theme.dim),
            (text, false) => Span::raw(text),
        })
        .collect()
}

/// `text` (words between single spaces or line breaks) wrapped by [`wrap`] to `width`, each
/// line as its range of bytes in `text`. Should a line not be found where it should be, the
/// rest is cut at `width` instead, so nothing is lost.
fn wrapped_ranges(text: &str, width: usize, ranges: &mut Vec<Range<usize>>) {
    let mut at = 0;
    for (i, line) in wrap(text, width).iter().enumerate() {
        let rest = &text[at..];
        // Where a line was broken at a space or a line break, that one character is skipped.
        if i > 0 && rest.starts_with([' ', '\n']) {
            at += 1;
        }
        if !text[at..].starts_with(line.as_str()) {
            cut_ranges(text, at..text.len(), width, ranges);
            return;
        }
        ranges.push(at..at + line.len());
        at += line.len();
    }
}

/// `text[range]` cut into pieces of at most `width` columns (a character wider than that on
/// its own), spaces kept: an empty range is one empty piece.
fn cut_ranges(text: &str, range: Range<usize>, width: usize, ranges: &mut Vec<Range<usize>>) {
    let Some(part) = text.get(range.clone()) else {
        return;
    };
    let mut start = range.start;
    let mut used = 0;
    for (i, c) in part.char_indices() {
        let columns = display_width(c.encode_utf8(&mut [0; 4]));
        if used > 0 && used + columns > width {
            ranges.push(start..range.start + i);
            start = range.start + i;
            used = 0;
        }
        used += columns;
    }
    ranges.push(start..range.end);
}

/// `text` made safe to draw, as `app::clean` does.
fn clean(text: &str) -> String {
    visible(text, Notation::Replaced { tab: ' ' }).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(markdown: &str, width: usize) -> Vec<String> {
        let document = Document::parse(markdown);
        let laid_out = document.lay_out(width);
        document
            .lines(&laid_out, 0..laid_out.len(), &Theme::default())
            .iter()
            .map(|line| line.to_string())
            .collect()
    }

    #[test]
    fn headings_lose_their_hashes_and_emphasis_its_stars() {
        assert_eq!(
            rows("# Title\n\nSome **bold** and *soft* text.\n\n## Part", 40),
            ["Title", "", "Some bold and soft text.", "", "Part"]
        );
    }

    #[test]
    fn a_tight_list_has_no_blank_rows_and_wraps_under_its_text() {
        assert_eq!(
            rows("Before\n\n- one two three four\n- five\n\nAfter", 12),
            [
                "Before",
                "",
                "• one two",
                "  three four",
                "• five",
                "",
                "After"
            ]
        );
    }

    #[test]
    fn numbered_items_keep_their_numbers_and_a_hard_break() {
        assert_eq!(
            rows(
                "1. **Any of these?**  \n   Saddle numbness\n2. **Where?**  \n   Knee",
                40
            ),
            [
                "1. Any of these?",
                "   Saddle numbness",
                "2. Where?",
                "   Knee"
            ]
        );
    }

    #[test]
    fn quotes_have_a_bar_and_a_rule_is_a_line() {
        assert_eq!(
            rows("> Not a diagnosis, and a long line.\n\n---\n\nEnd", 20),
            [
                "│ Not a diagnosis,",
                "│ and a long line.",
                "",
                "────────────────────",
                "",
                "End"
            ]
        );
    }

    #[test]
    fn nested_lists_and_quotes_indent_and_share_their_bars() {
        assert_eq!(
            rows("- a\n  - b\n- c\n\n> one\n>\n> two", 20),
            ["• a", "  ◦ b", "• c", "", "│ one", "│ ", "│ two"]
        );
    }

    #[test]
    fn escapes_and_entities_never_reach_the_text_as_control_characters() {
        let text =
            Document::parse("# \u{1b}[2J&#27;]0;x&#7;\\# &#x202E;\n\ntab\there").plain_text();
        assert_eq!(text, "\u{FFFD}[2J\u{FFFD}]0;x\u{FFFD}# \u{FFFD}\ntab here");
    }

    #[test]
    fn a_link_shows_its_address_when_the_text_does_not() {
        assert_eq!(
            rows("[NICE](https://nice.org.uk) and <https://x.org>", 60),
            ["NICE (https://nice.org.uk) and https://x.org"]
        );
    }

    #[test]
    fn code_keeps_its_spaces_and_is_cut_not_wrapped() {
        assert_eq!(
            rows("    a  b    c\n    0123456789", 6),
            ["a  b  ", "  c", "012345", "6789"]
        );
    }

    #[test]
    fn a_very_long_word_is_cut_at_the_width() {
        let long = "x".repeat(25);
        assert_eq!(
            rows(&format!("- {long}"), 12),
            ["• xxxxxxxxxx", "  xxxxxxxxxx", "  xxxxx"]
        );
    }

    #[test]
    fn deep_nesting_takes_at_most_half_the_width() {
        let deep = format!("{}deep text here", "> ".repeat(100));
        let rows = rows(&deep, 20);
        assert!(rows[0].starts_with("│ │ │ │ │ "), "{rows:?}");
        assert!(rows.iter().all(|r| display_width(r) <= 20), "{rows:?}");
        assert!(rows.concat().contains("deep"), "{rows:?}");
    }

    #[test]
    fn every_row_of_any_text_fits_and_keeps_every_word() {
        let samples = [
            "***a*** **b *c* d** _e __f__ g_ ****h****",
            "# a\n## b\n###### c\n####### d",
            "* a\n\n  b\n\n* c\n    code\n1) x\n2) y",
            "a  \nb\\\nc\n\n\n\nd",
            "<div>\n*html*\n</div>\n\n<!-- hidden? -->",
            "[a](<b c> \"t\") ![img](src) [ref]\n\n[ref]: /url",
            "膝の痛み 膝の痛み 膝の痛み, e\u{301} and \u{FFFD}",
        ];
        for sample in samples {
            for width in [1, 2, 5, 13, 80] {
                let document = Document::parse(sample);
                let laid_out = document.lay_out(width);
                let lines = document.lines(&laid_out, 0..laid_out.len(), &Theme::default());
                for line in &lines {
                    // A wide character alone may overflow a row of one column.
                    assert!(
                        line.width() <= width.max(2),
                        "{sample:?} at {width}: {line}"
                    );
                }
                let shown: String = lines.iter().map(|l| l.to_string()).collect();
                let shown: String = shown.split_whitespace().collect();
                for word in document.plain_text().split_whitespace() {
                    for piece in word.split('\n') {
                        assert!(
                            shown.contains(piece.trim()),
                            "{sample:?} at {width}: {word}"
                        );
                    }
                }
            }
        }
    }
}
