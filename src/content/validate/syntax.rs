//! Plain-words explanations of the TOML mistakes people make most when editing by hand.
//!
//! The `toml` parser reports where it got stuck, in its own jargon ("expected newline, `#`").
//! When parsing fails, this small line-based scanner looks at the text near (and before) that
//! place for a mistake it recognises, and says what it is, where it starts and what to type.
//! It knows nothing of TOML beyond strings, comments and table headers; when it recognises
//! nothing, the parser's own message stands.

use std::ops::Range;

/// A recognised mistake: where it starts, what it is, and what to type instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub span: Range<usize>,
    pub message: String,
    pub hint: String,
}

/// The top-level names, and names under them, that are lists of tables (`[[...]]`).
const ARRAYS: &[&str] = &[
    "questions",
    "questions.rules",
    "outcomes",
    "outcomes.signs",
    "sources",
    "dispositions",
];

/// Curly (typographic) quote marks, as word processors type them.
const CURLY: &[char] = &['“', '”', '„', '‟', '‘', '’', '‚', '‛', '«', '»'];

/// Explains the syntax error the parser reported at byte `error_at` of `text`, if the
/// mistake is one of those this module knows.
pub fn explain(text: &str, error_at: usize) -> Option<Finding> {
    let mut error_at = error_at.min(text.len());
    while !text.is_char_boundary(error_at) {
        error_at -= 1;
    }
    let error_line_end = text[error_at..]
        .find('\n')
        .map_or(text.len(), |i| error_at + i);
    if let Some(finding) = single_bracket_arrays(&text[..error_line_end])
        .into_iter()
        .next()
    {
        return Some(finding);
    }
    if let Some(open) = unclosed_triple_quote(text)
        && open <= error_at
    {
        return Some(Finding {
            span: open..open + 3,
            message: "this text starts with \"\"\" but never ends".into(),
            hint: "close it with \"\"\" where the text ends".into(),
        });
    }
    let line_start = text[..error_at].rfind('\n').map_or(0, |i| i + 1);
    line_mistake(&text[line_start..error_line_end]).map(|mut f| {
        f.span = line_start + f.span.start..line_start + f.span.end;
        f
    })
}

/// Headers written `[questions.rules]` where the name is a list, so `[[questions.rules]]`
/// was meant. Comments and strings are skipped, since headers start a line.
pub fn single_bracket_arrays(text: &str) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut offset = 0;
    let mut in_multiline = false;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        if in_multiline {
            // Cheap: a header is never inside a multi-line string; skip until it closes.
            if line.matches("\"\"\"").count() % 2 == 1 || line.matches("'''").count() % 2 == 1 {
                in_multiline = false;
            }
            continue;
        }
        if line.matches("\"\"\"").count() % 2 == 1 || line.matches("'''").count() % 2 == 1 {
            in_multiline = true;
            continue;
        }
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let Some(rest) = trimmed.strip_prefix('[') else {
            continue;
        };
        if rest.starts_with('[') {
            continue;
        }
        let Some(close) = rest.find(']') else {
            continue;
        };
        let name: String = rest[..close]
            .split('.')
            .map(str::trim)
            .collect::<Vec<_>>()
            .join(".");
        if ARRAYS.contains(&name.as_str()) {
            let at = start + indent;
            let what = match name.as_str() {
                "questions" => "questions",
                "questions.rules" => "rules",
                "outcomes" => "outcomes",
                "outcomes.signs" => "signs",
                "sources" => "sources",
                _ => "dispositions",
            };
            found.push(Finding {
                span: at..at + close + 2,
                message: format!("{what} are a list: write [[{name}]] with two brackets each side"),
                hint: format!("write [[{name}]]"),
            });
        }
    }
    found
}

/// Does the line at the start of `rest` read as a table header, such as `[[questions]]` or
/// `[meta]`, alone on its line?
fn looks_like_a_header(rest: &[u8]) -> bool {
    let line = rest.split(|&b| b == b'\n').next().unwrap_or_default();
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let Some(inner) = line.strip_prefix(b"[") else {
        return false;
    };
    let inner = inner.strip_prefix(b"[").unwrap_or(inner);
    let Some(end) = inner.iter().position(|&b| b == b']') else {
        return false;
    };
    let (name, after) = inner.split_at(end);
    !name.is_empty()
        && name
            .iter()
            .all(|b| b.is_ascii_lowercase() || *b == b'_' || *b == b'.')
        && after.iter().all(|&b| b == b']' || b == b' ')
}

/// A multi-line text (`"""` or `'''`) as the parser reads it: where its opening quotes are,
/// where its closing quotes start (`None`: it runs to the end of the file), and whether a line
/// inside it reads as a table header.
struct MultiLineText {
    open: usize,
    close: Option<usize>,
    header_inside: bool,
}

/// Every multi-line text of `text`, in file order, found as the parser finds them: comments
/// and one-line strings are skipped, so quotes inside them open nothing. Works on bytes:
/// every byte it looks for is ASCII, so it never lands inside a character.
fn multi_line_texts(text: &str) -> Vec<MultiLineText> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            quote @ (b'"' | b'\'') => {
                let delimiter: &[u8] = if quote == b'"' { b"\"\"\"" } else { b"'''" };
                if bytes[i..].starts_with(delimiter) {
                    let open = i;
                    let mut j = i + 3;
                    let mut header_inside = false;
                    let close = loop {
                        if j >= bytes.len() {
                            break None;
                        }
                        if quote == b'"' && bytes[j] == b'\\' {
                            j += 2;
                        } else if bytes[j..].starts_with(delimiter) {
                            let close = j;
                            j += 3;
                            // Up to two more quotes may end the text itself.
                            let most = j + 2;
                            while j < bytes.len() && j < most && bytes[j] == quote {
                                j += 1;
                            }
                            break Some(close);
                        } else {
                            if bytes[j] == b'\n' && looks_like_a_header(&bytes[j + 1..]) {
                                header_inside = true;
                            }
                            j += 1;
                        }
                    };
                    found.push(MultiLineText {
                        open,
                        close,
                        header_inside,
                    });
                    i = j;
                } else {
                    // A one-line string ends at its quote or at the end of the line.
                    let mut j = i + 1;
                    while j < bytes.len() && bytes[j] != quote && bytes[j] != b'\n' {
                        if quote == b'"' && bytes[j] == b'\\' {
                            j += 1;
                        }
                        j += 1;
                    }
                    i = j + 1;
                }
            }
            _ => i += 1,
        }
    }
    found
}

/// The byte offset of a `"""` or `'''` that opens a multi-line string never closed (or
/// "closed" only by a later text's opening, a table header in between).
fn unclosed_triple_quote(text: &str) -> Option<usize> {
    multi_line_texts(text)
        .into_iter()
        .find(|t| t.close.is_none() || t.header_inside)
        .map(|t| t.open)
}

/// A hint for a parse error at byte `error_at` that comes just after a multi-line text which
/// ran on across a `key = """` line: its own closing quotes were most likely left out, so the
/// later text's opening quotes closed it, and the parser stopped in the words of that later
/// text, reading them as keys. Names the line where the swallowing text began. (A text that
/// ran across a table header as well is [`explain`]'s: it is reported where it opens.)
pub fn swallowed_text(text: &str, error_at: usize) -> Option<String> {
    let last = multi_line_texts(text)
        .into_iter()
        .take_while(|t| t.close.is_some_and(|close| close + 3 <= error_at))
        .last()?;
    let (open, close) = (last.open, last.close?);
    if last.header_inside {
        return None;
    }
    let line_start = text[..close].rfind('\n').map_or(0, |i| i + 1);
    let key = text[line_start..close].trim_end().strip_suffix('=')?.trim();
    let bare = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    if !bare || line_start <= open {
        return None;
    }
    let line_of = |at: usize| text[..at].matches('\n').count() + 1;
    let quotes = &text[close..close + 3];
    Some(format!(
        "the text that begins on line {} seems to be missing its closing {quotes}: the \
         {quotes} of `{key} = {quotes}` on line {} closed it instead, so what follows was read \
         as keys; put {quotes} where that text ends",
        line_of(open),
        line_of(close)
    ))
}

/// Whether a string may end here: followed by spaces and then a separator or the line's end.
fn ends_value(rest: &str) -> bool {
    let rest = rest.trim_start_matches([' ', '\t']);
    rest.is_empty() || rest.starts_with([',', '}', ']', '#', '\n', '\r'])
}

/// A mistake on one line (without its line end): curly quotes outside a string, a quote
/// mark inside a "..." string, an apostrophe inside a '...' string. Spans are in the line.
fn line_mistake(line: &str) -> Option<Finding> {
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '#' => return None,
            '"' | '\'' => {
                if line[i..].starts_with("\"\"\"") || line[i..].starts_with("'''") {
                    return None;
                }
                // Find where this one-line string closes.
                let mut close = None;
                while let Some((j, d)) = chars.next() {
                    if c == '"' && d == '\\' {
                        chars.next();
                    } else if d == c {
                        close = Some(j);
                        break;
                    }
                }
                let close = close?;
                let after = &line[close + 1..];
                if !ends_value(after) {
                    // Only when a later quote can end the text is the one at `close` inside
                    // it; `"text" oops` is something else, left to the parser's message.
                    return quote_inside(line, i, close, c);
                }
            }
            c if CURLY.contains(&c) => {
                let end = line[i..]
                    .char_indices()
                    .skip(1)
                    .find(|(_, d)| CURLY.contains(d))
                    .map_or(i + c.len_utf8(), |(k, d)| i + k + d.len_utf8());
                let inner = &line[i + c.len_utf8()..end.max(i + c.len_utf8())];
                let inner = inner
                    .strip_suffix(|d: char| CURLY.contains(&d))
                    .unwrap_or(inner);
                return Some(Finding {
                    span: i..end,
                    message: format!(
                        "these are curly quotes ({c}), which a word processor types; \
                         painpath needs straight quotes"
                    ),
                    hint: format!("type straight quotes \" instead: \"{inner}\""),
                });
            }
            _ => {}
        }
    }
    None
}

/// A `"..."` (or `'...'`) string on `line` opened at `open` whose quote at `inner` is not
/// its end: the text has the same quote mark inside it.
fn quote_inside(line: &str, open: usize, inner: usize, quote: char) -> Option<Finding> {
    // The text was most likely meant to run to the next such quote that can end a value.
    let end = line[inner + 1..]
        .char_indices()
        .map(|(k, d)| (inner + 1 + k, d))
        .find(|&(at, d)| d == quote && ends_value(&line[at + 1..]))?
        .0;
    let meant = &line[open + 1..end];
    let finding = if quote == '"' {
        let hint = if meant.contains('\'') {
            "write \\\" for each quote mark inside the text".to_string()
        } else {
            format!(
                "write \\\" for each quote mark inside the text, or use single quotes: '{meant}'"
            )
        };
        Finding {
            span: inner..inner + 1,
            message: "the text has a quote mark \" inside it, which ends the text early".into(),
            hint,
        }
    } else {
        let hint = if meant.contains('"') {
            "use double quotes \"...\" around text with an apostrophe, and write \\\" for each quote mark in it".to_string()
        } else {
            format!("use double quotes around text with an apostrophe: \"{meant}\"")
        };
        Finding {
            span: inner..inner + 1,
            message:
                "the text in single quotes has an apostrophe ' inside it, which ends the text early"
                    .into(),
            hint,
        }
    };
    Some(finding)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, needle: &str) -> usize {
        text.find(needle).expect("needle in text")
    }

    #[test]
    fn each_mistake_is_found_where_it_starts() {
        let text = "a = 1\nlabel = \"this \"bad\" pain\"\n";
        let f = explain(text, at(text, "bad")).expect("found");
        assert_eq!(f.span.start, at(text, "\"bad"));
        assert!(f.hint.contains("'this \"bad\" pain'"), "{}", f.hint);

        let text = "label = 'I don't know'\n";
        let f = explain(text, at(text, "t know")).expect("found");
        assert_eq!(f.span.start, at(text, "'t know"));
        assert!(f.hint.contains("\"I don't know\""), "{}", f.hint);

        let text = "label = “Knee”\n";
        let f = explain(text, at(text, "“")).expect("found");
        assert_eq!(f.span.start, at(text, "“"));
        assert!(f.hint.contains("\"Knee\""), "{}", f.hint);

        let text = "a = \"\"\"x\nb = 1\n# a comment is still inside the text\n";
        let f = explain(text, text.len()).expect("found");
        assert_eq!(f.span.start, at(text, "\"\"\""));

        let text =
            "[[questions]]\nid = \"a\"\n[questions.rules]\ngoto = \"b\"\n[[questions.rules]]\n";
        let f = explain(text, at(text, "[[questions.rules]]")).expect("found");
        assert_eq!(f.span.start, at(text, "[questions.rules]"));
    }

    #[test]
    fn a_text_closed_by_a_later_key_is_named_where_it_began() {
        for quotes in ["\"\"\"", "\'\'\'"] {
            let text = format!(
                "a = 1\nintro = {quotes}\nno closing quotes\n  \
                 disclaimer={quotes}\nwords here{quotes}\n"
            );
            let hint = swallowed_text(&text, at(&text, "words")).expect("a hint");
            assert!(
                hint.starts_with(&format!(
                    "the text that begins on line 2 seems to be missing its closing {quotes}: \
                     the {quotes} of `disclaimer = {quotes}` on line 4 closed it instead"
                )),
                "{hint}"
            );
            // An error before that text ends, or after texts that close as written, is not it.
            assert_eq!(swallowed_text(&text, at(&text, "no closing")), None);
            let closed =
                format!("intro = {quotes}\nclosed{quotes}\nb = {quotes}\nx{quotes}\noops\n");
            assert_eq!(swallowed_text(&closed, at(&closed, "oops")), None);
        }
        // Quotes in a comment or a one-line string open no text.
        let text = "# intro = \"\"\"\na = \"\\\"\"\"\"\nb = 2\nc = \"\"\"\nx\"\"\"\nd e\n";
        assert_eq!(swallowed_text(text, at(text, "d e")), None);
    }

    #[test]
    fn good_lines_are_not_explained() {
        for line in [
            "  { id = \"knee\", label = \"Knee\" },",
            "label = 'He said \"ow\"' # fine",
            "label = \"It’s sore\"",
            "label = \"a \\\"quoted\\\" word\"",
            "title = \"Knee",
            "title2 = \"aaa\" oops",
        ] {
            assert_eq!(line_mistake(line), None, "{line}");
        }
        assert_eq!(
            unclosed_triple_quote("a = \"\"\"x\ny\"\"\"\nb = '''z'''\n"),
            None
        );
        // A backslash before a character of several bytes must not split it.
        assert_eq!(
            unclosed_triple_quote("a = \"\\é\"\nb = \"\"\"\\é\"\"\"\n"),
            None
        );
        assert_eq!(explain("a = \"\\é", 5), None);
    }
}
