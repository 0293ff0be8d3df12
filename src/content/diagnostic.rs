//! Errors from loading `questions.toml`: each names file:line:column, shows the line and says
//! how to fix it. These errors are a feature for the clinic staff who edit the file.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::fmt;
use std::ops::Range;

use crate::text::Notation;

/// One thing wrong with a questions file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// 1-based line of the offending text.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// Byte range in the file, for underlining.
    pub span: Range<usize>,
    pub message: String,
    pub hint: Option<String>,
    /// The offending line, control and invisible characters made visible; a long line is
    /// cut to a window around the column, with "…" where it was cut.
    pub source_line: String,
    /// 1-based column of the problem within `source_line` (differs from `column` when the
    /// start of the line was cut off).
    pub source_column: usize,
}

/// Everything wrong with a questions file, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The name shown in front of each problem, usually the path.
    pub file: String,
    pub problems: Vec<Problem>,
}

impl std::error::Error for LoadError {}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (n, p) in self.problems.iter().enumerate() {
            if n > 0 {
                writeln!(f)?;
            }
            // The name is usually a path given on the command line; it may carry anything.
            let file: String = crate::text::visible(&self.file, SHOWN).into_owned();
            writeln!(f, "{file}:{}:{}: error: {}", p.line, p.column, p.message)?;
            let gutter = p.line.to_string().len();
            writeln!(f, "{:gutter$} |", "")?;
            writeln!(f, "{} | {}", p.line, p.source_line)?;
            let column = p.source_column.max(1);
            let width = underline_width(&p.source_line, column, &p.span);
            write!(
                f,
                "{:gutter$} | {}{}",
                "",
                " ".repeat(column - 1),
                "^".repeat(width)
            )?;
            if let Some(hint) = &p.hint {
                write!(f, "\n{:gutter$} = hint: {hint}", "")?;
            }
        }
        Ok(())
    }
}

fn underline_width(line: &str, column: usize, span: &Range<usize>) -> usize {
    let rest = line.chars().count().saturating_sub(column - 1);
    span.len().clamp(1, rest.max(1))
}

/// Collects problems against one source text, turning byte spans into lines and columns.
#[derive(Debug)]
pub struct Diagnostics<'a> {
    file: String,
    text: &'a str,
    problems: Vec<Problem>,
    /// Byte offset of the start of each line, built on the first problem: a file with many
    /// problems must not be rescanned from its start for each one.
    line_starts: OnceCell<Vec<usize>>,
}

impl<'a> Diagnostics<'a> {
    pub fn new(file: impl Into<String>, text: &'a str) -> Self {
        Diagnostics {
            file: file.into(),
            text,
            problems: Vec::new(),
            line_starts: OnceCell::new(),
        }
    }

    /// The 1-based line that byte `offset` falls on (offsets past the end count as the end).
    pub fn line_of(&self, offset: usize) -> usize {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        // The number of line starts at or before `offset`; the first is always 0.
        starts.partition_point(|&s| s <= offset.min(self.text.len()))
    }

    /// Records a problem at `span`.
    pub fn error(&mut self, span: Range<usize>, message: impl Into<String>, hint: Option<String>) {
        let start = floor_char_boundary(self.text, span.start.min(self.text.len()));
        let line_start = self.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i);
        let line = self.line_of(start);
        let column = self.text[line_start..start].chars().count() + 1;
        let (source_line, source_column) = shown_line(
            self.text[line_start..line_end].trim_end_matches('\r'),
            start - line_start,
        );
        self.problems.push(Problem {
            line,
            column,
            span,
            message: shown_safely(message.into()),
            hint: hint.map(shown_safely),
            source_line,
            source_column,
        });
    }

    /// The text problems are reported against.
    pub fn text(&self) -> &'a str {
        self.text
    }

    pub fn has_errors(&self) -> bool {
        !self.problems.is_empty()
    }

    /// Ends collection: `Ok` when nothing was recorded.
    pub fn finish(mut self) -> Result<(), LoadError> {
        if self.problems.is_empty() {
            return Ok(());
        }
        // Compare by reference: a key with a cloned message allocates on every comparison.
        self.problems
            .sort_by(|a, b| (a.line, a.column, &a.message).cmp(&(b.line, b.column, &b.message)));
        self.problems.dedup();
        Err(LoadError {
            file: self.file,
            problems: self.problems,
        })
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Lines up to this many characters are shown whole under a problem.
/// How a file's name, lines and words are shown in an error: a tab as an arrow, one column
/// wide, so the caret under it points at something; anything else hostile as U+FFFD.
const SHOWN: Notation = Notation::Replaced { tab: '→' };

pub const SHOWN_LINE_MAX: usize = 240;
/// A longer line is shown as this many characters before the column and after it, so a
/// file with one enormous line (minified, or hostile) does not print it whole.
const SHOWN_AROUND: usize = 100;
/// Messages and hints longer than this (they quote ids and words from the file) keep their
/// start and their end, with "…" between.
const MESSAGE_MAX: usize = 400;

/// The line to show under a problem at byte `at` of `line`: made visible, and cut to a
/// window around `at` when the line is long. Returns it with the 1-based column of `at` in it.
fn shown_line(line: &str, at: usize) -> (String, usize) {
    let at = floor_char_boundary(line, at.min(line.len()));
    if line.chars().take(SHOWN_LINE_MAX + 1).count() <= SHOWN_LINE_MAX {
        let column = line[..at].chars().count() + 1;
        return (crate::text::visible(line, SHOWN).into_owned(), column);
    }
    let from = line[..at]
        .char_indices()
        .rev()
        .take(SHOWN_AROUND)
        .last()
        .map_or(at, |(i, _)| i);
    let to = line[at..]
        .char_indices()
        .nth(SHOWN_AROUND)
        .map_or(line.len(), |(i, _)| at + i);
    let mut shown = String::new();
    if from > 0 {
        shown.push('…');
    }
    shown.push_str(&crate::text::visible(&line[from..to], SHOWN));
    if to < line.len() {
        shown.push('…');
    }
    let column = usize::from(from > 0) + line[from..at].chars().count() + 1;
    (shown, column)
}

/// Makes a message safe to print: messages quote ids and words from the file, which may
/// carry the very control or bidi characters another problem reports, and may be huge.
fn shown_safely(message: String) -> String {
    let message = match crate::text::visible(&message, SHOWN) {
        Cow::Borrowed(_) => message,
        Cow::Owned(shown) => shown,
    };
    let length = message.chars().count();
    if length <= MESSAGE_MAX {
        return message;
    }
    let head: String = message.chars().take(MESSAGE_MAX / 2).collect();
    let tail: String = message.chars().skip(length - MESSAGE_MAX / 4).collect();
    format!("{head}…{tail}")
}

/// A file's bytes as text, or a located error at the first byte that is not UTF-8.
pub fn decode(file: &str, bytes: Vec<u8>) -> Result<String, LoadError> {
    let err = match String::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(err) => err,
    };
    let utf8 = err.utf8_error();
    let bytes = err.as_bytes();
    let at = utf8.valid_up_to();
    // Everything before `at` is UTF-8, so this cannot fail.
    let valid = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
    let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
    let line_end = bytes[at..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(bytes.len(), |i| at + i);
    let bad = utf8.error_len().unwrap_or(bytes.len() - at);
    let shown_bytes: Vec<String> = bytes[at..at + bad]
        .iter()
        .map(|b| format!("0x{b:02X}"))
        .collect();
    let what = if utf8.error_len().is_some() {
        format!(
            "{} cannot start or continue a character",
            shown_bytes.join(" ")
        )
    } else {
        format!(
            "the file ends inside a character ({})",
            shown_bytes.join(" ")
        )
    };
    // The line as far as it is text, then a stand-in for the bad byte and the rest of it.
    let line = String::from_utf8_lossy(&bytes[line_start..line_end]);
    let (source_line, source_column) = shown_line(line.trim_end_matches('\r'), at - line_start);
    Err(LoadError {
        file: file.to_string(),
        problems: vec![Problem {
            line: valid.matches('\n').count() + 1,
            column: valid[line_start..].chars().count() + 1,
            span: at..at + bad,
            message: format!("the file is not valid UTF-8: {what}"),
            hint: Some(
                "save the file as UTF-8 (most editors offer it under \"Save as\" or \"Encoding\")"
                    .into(),
            ),
            source_line,
            source_column,
        }],
    })
}

/// The id in `candidates` closest to `wanted`, when it is close enough to be a likely typo.
pub fn nearest<'c>(wanted: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let wanted: Vec<char> = wanted.chars().collect();
    let limit = (wanted.len() / 3).max(2);
    // A large file with many unknown ids asks this of every id for each of them: reuse the
    // buffers and give up on a candidate as soon as it is out of reach.
    let mut other = Vec::new();
    let mut row = Vec::new();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        other.clear();
        other.extend(candidate.chars());
        // The distance is at least the difference in length.
        if other.len().abs_diff(wanted.len()) > limit {
            continue;
        }
        let Some(d) = edit_distance_within(&wanted, &other, limit, &mut row) else {
            continue;
        };
        // Ties go to the first in byte order, so the hint does not depend on hash order.
        if best.is_none_or(|b| (d, candidate) < b) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance in characters, or `None` once it must exceed `limit`.
fn edit_distance_within(
    a: &[char],
    b: &[char],
    limit: usize,
    row: &mut Vec<usize>,
) -> Option<usize> {
    row.clear();
    row.extend(0..=b.len());
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        let mut smallest = row[0];
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(above + 1);
            diagonal = above;
            smallest = smallest.min(row[j + 1]);
        }
        // Values along a row never fall in later rows, so the distance is out of reach.
        if smallest > limit {
            return None;
        }
    }
    Some(row[b.len()]).filter(|d| *d <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::is_hostile;

    #[test]
    fn problem_reports_line_and_column_of_span() {
        let text = "a = 1\nbb = \"x\"\n";
        let mut d = Diagnostics::new("f.toml", text);
        d.error(11..14, "bad", Some("fix it".into()));
        let err = d.finish().unwrap_err();
        assert_eq!((err.problems[0].line, err.problems[0].column), (2, 6));
        let shown = err.to_string();
        assert!(shown.starts_with("f.toml:2:6: error: bad"), "{shown}");
        assert!(shown.contains("2 | bb = \"x\""), "{shown}");
        assert!(shown.contains("     ^^^"), "{shown}");
        assert!(shown.contains("= hint: fix it"), "{shown}");
    }

    #[test]
    fn messages_and_hints_quoting_the_file_show_no_control_characters() {
        let text = "id = \"a\u{1b}[31m\"\n";
        let mut d = Diagnostics::new("f.toml", text);
        d.error(
            5..13,
            "\"a\u{1b}[31m\" is bad",
            Some("not \u{202E}this".into()),
        );
        let err = d.finish().unwrap_err();
        assert_eq!(err.problems[0].message, "\"a\u{FFFD}[31m\" is bad");
        assert_eq!(err.problems[0].hint.as_deref(), Some("not \u{FFFD}this"));
        assert!(!err.to_string().chars().any(is_hostile));
    }

    #[test]
    fn line_of_counts_lines_before_an_offset() {
        let d = Diagnostics::new("f.toml", "a\nbb\n\nc");
        let lines: Vec<usize> = (0..=8).map(|o| d.line_of(o)).collect();
        assert_eq!(lines, [1, 1, 2, 2, 2, 3, 4, 4, 4]);
        assert_eq!(d.line_of(100), 4);
    }

    #[test]
    fn nearest_breaks_ties_by_byte_order_whatever_the_candidate_order() {
        assert_eq!(nearest("hip_b", ["hip_c", "hip_a"]), Some("hip_a"));
        assert_eq!(nearest("hip_b", ["hip_a", "hip_c"]), Some("hip_a"));
    }

    #[test]
    fn bounded_edit_distance_agrees_with_the_textbook_cases() {
        let d = |a: &str, b: &str, limit| {
            let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
            edit_distance_within(&a, &b, limit, &mut Vec::new())
        };
        assert_eq!(d("kitten", "sitting", 3), Some(3));
        assert_eq!(d("kitten", "sitting", 2), None);
        assert_eq!(d("", "abc", 3), Some(3));
        assert_eq!(d("abc", "", 2), None);
        assert_eq!(d("hip_pian", "hip_pain", 2), Some(2));
        assert_eq!(d("ééé", "eee", 3), Some(3));
        assert_eq!(d("same", "same", 0), Some(0));
    }

    #[test]
    fn nearest_suggests_close_ids_only() {
        let ids = ["hip_pain", "knee_pain", "back_pain"];
        assert_eq!(nearest("hip_pian", ids), Some("hip_pain"));
        assert_eq!(nearest("shoulder", ids), None);
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_column() {
        let text = format!("{}X{}\n", "a".repeat(50_000), "b".repeat(50_000));
        let mut d = Diagnostics::new("f.toml", &text);
        d.error(50_000..50_001, "bad", None);
        let err = d.finish().unwrap_err();
        let p = &err.problems[0];
        assert_eq!((p.line, p.column), (1, 50_001), "the real column");
        assert_eq!(
            p.source_line,
            format!("…{}X{}…", "a".repeat(100), "b".repeat(99))
        );
        assert_eq!(p.source_column, 102);
        let shown = err.to_string();
        assert!(shown.len() < 1_000, "{} bytes shown", shown.len());
        let rows: Vec<&str> = shown.lines().collect();
        let caret = rows[3].find('^').unwrap();
        let x = rows[2].find('X').unwrap();
        // Both rows start "1 | "; "…" is three bytes but one column.
        assert_eq!(caret, x - 2, "{shown}");
    }

    #[test]
    fn a_line_that_fits_is_shown_whole() {
        let line = "z".repeat(SHOWN_LINE_MAX);
        let mut d = Diagnostics::new("f.toml", &line);
        d.error(SHOWN_LINE_MAX - 1..SHOWN_LINE_MAX, "bad", None);
        let p = &d.finish().unwrap_err().problems[0];
        assert_eq!(p.source_line, line);
        assert_eq!(p.source_column, SHOWN_LINE_MAX);
    }

    #[test]
    fn a_huge_message_keeps_its_start_and_its_end() {
        let id = "x".repeat(1 << 20);
        let mut d = Diagnostics::new("f.toml", "a");
        d.error(0..1, format!("\"{id}\" names no question"), None);
        let message = &d.finish().unwrap_err().problems[0].message;
        assert!(
            message.chars().count() <= MESSAGE_MAX + 1,
            "{}",
            message.len()
        );
        assert!(message.starts_with("\"xxx"), "{message}");
        assert!(message.ends_with("xxx\" names no question"), "{message}");
        assert!(message.contains('…'));
    }

    #[test]
    fn invalid_utf8_is_located_at_its_first_bad_byte() {
        let bytes = b"a = 1\nlabel = \"Kn\xFFee\"\n".to_vec();
        let err = decode("f.toml", bytes).unwrap_err();
        let p = &err.problems[0];
        assert_eq!((p.line, p.column), (2, 12));
        assert_eq!(p.span, 17..18);
        assert!(p.message.contains("not valid UTF-8"), "{}", p.message);
        assert!(p.message.contains("0xFF"), "{}", p.message);
        assert_eq!(p.source_line, "label = \"Kn\u{FFFD}ee\"");
        let shown = err.to_string();
        assert!(shown.starts_with("f.toml:2:12: error:"), "{shown}");
        assert!(shown.contains("  |            ^"), "{shown}");
        // A character cut off at the very end of the file.
        let err = decode("f.toml", "é".as_bytes()[..1].to_vec()).unwrap_err();
        assert!(
            err.problems[0]
                .message
                .contains("ends inside a character (0xC3)")
        );
        assert_eq!(decode("f.toml", b"ok".to_vec()).unwrap(), "ok");
    }
}
