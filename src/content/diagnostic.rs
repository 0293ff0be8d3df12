//! Errors from loading `questions.toml`: each names file:line:column, shows the line and says
//! how to fix it. These errors are a feature for the clinic staff who edit the file.

use std::cell::OnceCell;
use std::fmt;
use std::ops::Range;

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
    /// The whole offending line, control characters made visible.
    pub source_line: String,
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
            writeln!(
                f,
                "{}:{}:{}: error: {}",
                self.file, p.line, p.column, p.message
            )?;
            let gutter = p.line.to_string().len();
            writeln!(f, "{:gutter$} |", "")?;
            writeln!(f, "{} | {}", p.line, p.source_line)?;
            let width = underline_width(&p.source_line, p.column, &p.span);
            write!(
                f,
                "{:gutter$} | {}{}",
                "",
                " ".repeat(p.column.saturating_sub(1)),
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
        let source_line = self.text[line_start..line_end]
            .trim_end_matches('\r')
            .chars()
            .map(visible)
            .collect();
        self.problems.push(Problem {
            line,
            column,
            span,
            message: shown_safely(message.into()),
            hint: hint.map(shown_safely),
            source_line,
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

/// Makes a message safe to print: messages quote ids and words from the file, which may
/// carry the very control or bidi characters another problem reports.
fn shown_safely(message: String) -> String {
    if message.chars().any(is_forbidden) {
        message.chars().map(visible).collect()
    } else {
        message
    }
}

/// Replaces a character that could drive the terminal with a visible stand-in.
fn visible(c: char) -> char {
    if c == '\t' {
        ' '
    } else if is_forbidden(c) {
        '\u{FFFD}'
    } else {
        c
    }
}

/// Characters that text from a file must never carry: control characters other than newline
/// (they can move the cursor or recolour the terminal) and bidirectional overrides (they can
/// make text read differently from what it says).
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
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
        assert!(!err.to_string().chars().any(is_forbidden));
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
    fn forbidden_characters_cover_controls_and_bidi() {
        assert!(is_forbidden('\u{1b}'));
        assert!(is_forbidden('\u{202E}'));
        assert!(is_forbidden('\r'));
        assert!(!is_forbidden('\n'));
        assert!(!is_forbidden('é'));
    }
}
