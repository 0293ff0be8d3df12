//! Text as a terminal shows it: how many columns it takes, greedy word wrap, and the one
//! place that decides which characters are hostile and how they are made visible. Every text
//! from outside (a file, an argument, typed input) passes through [`visible`] before it
//! reaches a terminal; every layout measures with [`display_width`] and wraps with [`wrap`].
//!
//! Below the layers: `content` uses it (a file's lines in its errors, the lint's line count),
//! and so does everything above. It uses nothing of painpath.

use std::borrow::Cow;

use unicode_width::UnicodeWidthStr;

/// Columns `text` takes on a terminal: East Asian wide characters take two, combining marks
/// none (Unicode's East Asian Width, as ratatui measures).
pub fn display_width(text: &str) -> usize {
    // Printable ASCII is one column a byte; most words are.
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return text.len();
    }
    UnicodeWidthStr::width(text)
}

/// Greedy word wrap to `width` columns. Words are never split, except a word wider than a
/// whole line, which is cut where the line ends. Each line of `text` starts a new line (an
/// empty one stays); leading and trailing blank space of the whole text is dropped. Always
/// at least one line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out = Vec::new();
    // A line is at most `width` columns, so mostly as many bytes: sized once, not grown.
    let fresh = || String::with_capacity(width.min(256));
    for paragraph in text.trim().split('\n') {
        let paragraph = paragraph.strip_suffix('\r').unwrap_or(paragraph);
        let mut line = fresh();
        let mut used = 0;
        for word in paragraph.split_whitespace() {
            let word_width = display_width(word);
            if used > 0 && used + 1 + word_width <= width {
                line.push(' ');
                line.push_str(word);
                used += 1 + word_width;
                continue;
            }
            if used > 0 {
                out.push(std::mem::replace(&mut line, fresh()));
                used = 0;
            }
            if word_width <= width {
                line.push_str(word);
                used = word_width;
                continue;
            }
            for c in word.chars() {
                let char_width = display_width(c.encode_utf8(&mut [0; 4]));
                if used > 0 && used + char_width > width {
                    out.push(std::mem::replace(&mut line, fresh()));
                    used = 0;
                }
                line.push(c);
                used += char_width;
            }
        }
        out.push(line);
    }
    out
}

/// How a hostile character is made visible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notation {
    /// As a terminal echoes a typed control key: ESC as `^[`, DEL as `^?`; any other hostile
    /// character as U+FFFD. For typed input shown back.
    Caret,
    /// As Rust's `{:?}` escapes it (`\u{1b}`, `\n`, `\u{202e}`), quotes and backslashes left
    /// as they are. For a value quoted in a message (an argument, a path).
    Escaped,
    /// Each as U+FFFD, a tab as `tab` (one column), newlines kept. For text drawn in a layout.
    Replaced { tab: char },
    /// As [`Notation::Escaped`], newlines kept. For a whole message on its way to a terminal
    /// (an error, a warning), whatever parts of it came from outside.
    Message,
}

/// `text` with every hostile character (see [`hostile_kind`]) made visible in `notation`;
/// borrowed as it is when it has none.
pub fn visible(text: &str, notation: Notation) -> Cow<'_, str> {
    let shown_as_is = |c: char| match notation {
        Notation::Caret | Notation::Replaced { .. } => !is_hostile(c),
        // A line break in a quoted value is escaped too, as `{:?}` would.
        Notation::Escaped => {
            matches!(c, '\'' | '"' | '\\')
                || !is_hostile(c) && c.escape_debug().len() == 1 && c != '\n'
        }
        Notation::Message => !is_hostile(c),
    };
    if text.chars().all(shown_as_is) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if shown_as_is(c) {
            out.push(c);
            continue;
        }
        match notation {
            Notation::Caret => match c {
                '\0'..='\u{1f}' => {
                    out.push('^');
                    out.push(char::from(b'@' + c as u8));
                }
                '\u{7f}' => out.push_str("^?"),
                _ => out.push('\u{fffd}'),
            },
            Notation::Escaped | Notation::Message => {
                if c.escape_debug().len() == 1 {
                    // Hostile, yet printable to Rust (a bidi mark, say): escaped all the same.
                    out.extend(c.escape_unicode());
                } else {
                    out.extend(c.escape_debug());
                }
            }
            Notation::Replaced { tab } if c == '\t' => out.push(tab),
            Notation::Replaced { .. } if c == '\n' => out.push(c),
            Notation::Replaced { .. } => out.push('\u{fffd}'),
        }
    }
    Cow::Owned(out)
}

/// A character that text from outside must never carry to a terminal (see
/// [`hostile_kind`]). A newline is not one.
pub fn is_hostile(c: char) -> bool {
    hostile_kind(c).is_some()
}

/// Why a character is hostile, in words for a message: "a tab", "a control character", "a
/// bidirectional-override character", "an invisible character" or "a line or paragraph
/// separator"; `None` for a character text may carry.
///
/// Control characters other than newline can move the cursor or recolour the terminal;
/// bidirectional overrides can make text read differently from what it says; characters a
/// terminal draws as nothing or as a line break of its own can hide words. The invisible ones
/// are Unicode's default-ignorable code points, which a terminal draws as nothing: the soft
/// hyphen (U+00AD), the combining grapheme joiner (U+034F), the Hangul fillers (U+115F,
/// U+1160, U+3164, U+FFA0), the Khmer inherent vowels (U+17B4, U+17B5), the Mongolian
/// variation selectors and vowel separator (U+180B–U+180F), the zero-width space, non-joiner
/// and joiner (U+200B–U+200D), the word joiner and invisible operators (U+2060–U+2064) and
/// U+2065, the deprecated format characters (U+206A–U+206F), the variation selectors
/// (U+FE00–U+FE0F, U+E0100–U+E01EF), the zero-width no-break space or BOM (U+FEFF; a BOM at
/// the very start of a file is not inside any text), the interlinear annotation marks
/// (U+FFF9–U+FFFB), U+FFF0–U+FFF8, the shorthand format controls (U+1BCA0–U+1BCA3), the
/// musical formatting controls (U+1D173–U+1D17A) and the tag characters and the rest of
/// plane 14's block (U+E0000–U+E0FFF).
///
/// Zero-width joiners and variation selectors have honest uses (emoji sequences, some
/// scripts' spelling), but none a clinic's questions need, and each can hide or smuggle text.
pub fn hostile_kind(c: char) -> Option<&'static str> {
    if c == '\t' {
        return Some("a tab");
    }
    if c == '\r' {
        return Some("a carriage return on its own (a line end written with CR alone)");
    }
    if c.is_control() && c != '\n' {
        return Some("a control character");
    }
    match c {
        '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{061C}' => Some("a bidirectional-override character"),
        '\u{2028}' | '\u{2029}' => Some("a line or paragraph separator"),
        '\u{00AD}'
        | '\u{034F}'
        | '\u{115F}'
        | '\u{1160}'
        | '\u{17B4}'
        | '\u{17B5}'
        | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200D}'
        | '\u{2060}'..='\u{2065}'
        | '\u{206A}'..='\u{206F}'
        | '\u{3164}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FEFF}'
        | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFFB}'
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E0FFF}' => Some("an invisible character"),
        _ => None,
    }
}

/// Emoji whose width terminals disagree on, found in a text: where it starts (a byte
/// offset), the whole sequence, and what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisputedWidth<'t> {
    pub offset: usize,
    pub sequence: &'t str,
    /// "an emoji with a skin-tone modifier" or "emoji joined by zero-width joiners".
    pub kind: &'static str,
}

impl DisputedWidth<'_> {
    /// What an error says to do about it.
    pub const HINT: &'static str = "terminals draw this emoji at different widths, and the \
        rest of its line then shifts by columns on some; use one emoji without a skin tone, or \
        words";

    /// Its place in the text as a person counts: the number of its first character, from 1.
    pub fn character(&self, text: &str) -> usize {
        text.get(..self.offset)
            .map_or(0, |before| before.chars().count())
            + 1
    }

    /// The sequence's code points, "U+1F44D U+1F3FD": a message names them this way, since
    /// the joiner (U+200D) is one no message may carry.
    pub fn code_points(&self) -> String {
        let points: Vec<String> = self
            .sequence
            .chars()
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        points.join(" ")
    }
}

/// The first emoji sequence in `text` whose width terminals disagree on: an emoji with a
/// skin-tone modifier (U+1F3FB–U+1F3FF), two columns where the terminal joins the pair (as
/// [`display_width`] measures) and four where it does not (tmux), and emoji joined by a
/// zero-width joiner (U+200D), two columns or the sum of the parts. Past such a sequence the
/// rest of the row lands elsewhere than painpath placed it. A flag (two regional indicators)
/// is two columns on either kind of terminal, and a modifier on its own too.
pub fn disputed_width(text: &str) -> Option<DisputedWidth<'_>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(_, c)) in chars.iter().enumerate() {
        let emoji_before = i > 0 && is_emoji_part(chars[i - 1].1) && chars[i - 1].1 != ZWJ;
        let emoji_after = chars
            .get(i + 1)
            .is_some_and(|&(_, next)| is_emoji_part(next));
        let kind = match c {
            SKIN_TONES_FIRST..=SKIN_TONES_LAST if emoji_before => {
                "an emoji with a skin-tone modifier"
            }
            ZWJ if emoji_before && emoji_after => "emoji joined by zero-width joiners",
            _ => continue,
        };
        let first = (0..i)
            .rev()
            .take_while(|&j| is_emoji_part(chars[j].1))
            .last()
            .unwrap_or(i);
        let last = (i..chars.len())
            .take_while(|&j| is_emoji_part(chars[j].1))
            .last()
            .unwrap_or(i);
        let start = chars[first].0;
        let end = chars[last].0 + chars[last].1.len_utf8();
        return Some(DisputedWidth {
            offset: start,
            sequence: &text[start..end],
            kind,
        });
    }
    None
}

const ZWJ: char = '\u{200D}';
const SKIN_TONES_FIRST: char = '\u{1F3FB}';
const SKIN_TONES_LAST: char = '\u{1F3FF}';

/// A character of an emoji sequence: a pictograph or symbol from the emoji blocks, a
/// skin-tone modifier, the joiner, the emoji variation selector or a keycap.
fn is_emoji_part(c: char) -> bool {
    matches!(
        c,
        ZWJ | '\u{FE0F}'
            | '\u{20E3}'
            | '\u{2190}'..='\u{2BFF}'
            | '\u{1F000}'..='\u{1FAFF}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_characters_cover_controls_and_bidi() {
        assert!(is_hostile('\u{1b}'));
        assert!(is_hostile('\u{202E}'));
        assert!(is_hostile('\r'));
        assert!(!is_hostile('\n'));
        assert!(!is_hostile('é'));
    }

    #[test]
    fn hostile_characters_cover_invisible_ones_and_separators() {
        for c in [
            '\u{200B}',
            '\u{200C}',
            '\u{200D}',
            '\u{2060}',
            '\u{FEFF}',
            '\u{E0001}',
            '\u{E0041}',
            '\u{E007F}',
            '\u{115F}',
            '\u{1160}',
            '\u{3164}',
            '\u{FFA0}',
            '\u{00AD}',
            '\u{FE0F}',
            '\u{E0100}',
            '\u{034F}',
            '\u{180E}',
            '\u{2064}',
            '\u{FFF9}',
            '\u{1D173}',
        ] {
            assert_eq!(
                hostile_kind(c),
                Some("an invisible character"),
                "U+{:04X}",
                c as u32
            );
        }
        for c in ['\u{2028}', '\u{2029}'] {
            assert_eq!(hostile_kind(c), Some("a line or paragraph separator"));
        }
        assert_eq!(hostile_kind('\u{85}'), Some("a control character"));
        assert_eq!(
            hostile_kind('\u{2067}'),
            Some("a bidirectional-override character")
        );
        // Visible text of other scripts and the ordinary spaces stay allowed.
        for c in [
            'a', ' ', '\u{A0}', 'ß', 'ع', '中', '…', '•', '\u{2800}', '\u{FFFD}',
        ] {
            assert_eq!(hostile_kind(c), None, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn width_counts_columns_not_characters() {
        assert_eq!(display_width("knee"), 4);
        assert_eq!(display_width("膝"), 2);
        assert_eq!(display_width("e\u{301}"), 1);
        assert_eq!(display_width("ＷＩＤＥ"), 8);
    }

    #[test]
    fn wrap_breaks_at_spaces_and_cuts_only_a_word_wider_than_the_line() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\n\nb", 10), ["a", "", "b"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("  padded  ", 10), ["padded"]);
        assert_eq!(wrap("one\r\ntwo", 10), ["one", "two"]);
    }

    #[test]
    fn wrap_never_splits_a_word_and_cuts_only_a_word_longer_than_the_line() {
        assert_eq!(
            wrap("the front of the inner thighs", 12),
            vec!["the front of", "the inner", "thighs"]
        );
        assert_eq!(wrap("abcdefgh ab", 3), vec!["abc", "def", "gh", "ab"]);
        assert_eq!(wrap("one\n\ntwo", 10), vec!["one", "", "two"]);
        assert_eq!(wrap("", 10), vec![""]);
        // Wide characters take two columns.
        assert_eq!(wrap("膝の痛み ok", 8), vec!["膝の痛み", "ok"]);
        assert_eq!(wrap("膝の痛みです", 4), vec!["膝の", "痛み", "です"]);
    }

    #[test]
    fn wrap_breaks_at_spaces_and_cuts_long_words() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefgh", 3), vec!["abc", "def", "gh"]);
        assert_eq!(wrap("a\n\nb", 10), vec!["a", "", "b"]);
        assert_eq!(wrap("", 10), vec![""]);
        assert_eq!(wrap("x y", 0), vec!["x", "y"]);
    }

    #[test]
    fn wrap_measures_wide_characters_as_two_columns() {
        assert_eq!(wrap("膝膝 膝", 4), ["膝膝", "膝"]);
        assert_eq!(wrap("膝膝膝", 5), ["膝膝", "膝"]);
    }

    #[test]
    fn caret_notation_is_what_a_terminal_echoes() {
        assert_eq!(
            visible("\u{1b}[2J\u{7f}ok\u{202e}\u{61c}", Notation::Caret),
            "^[[2J^?ok\u{fffd}\u{fffd}"
        );
        assert!(matches!(
            visible("plain é 膝", Notation::Caret),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn escaped_notation_is_rusts_debug_escapes() {
        assert_eq!(
            visible("a\u{1b}]0;x\u{7}\nb'\"\\", Notation::Escaped),
            "a\\u{1b}]0;x\\u{7}\\nb'\"\\"
        );
        assert_eq!(visible("\u{202e}evil", Notation::Escaped), "\\u{202e}evil");
        assert_eq!(visible("\u{61c}", Notation::Escaped), "\\u{61c}");
    }

    #[test]
    fn replaced_notation_keeps_newlines_and_shows_tabs_as_asked() {
        assert_eq!(
            visible(
                "a\u{1b}[2Jb\u{202E}c\td\re\u{7}\nf",
                Notation::Replaced { tab: ' ' }
            ),
            "a\u{FFFD}[2Jb\u{FFFD}c d\u{FFFD}e\u{FFFD}\nf"
        );
        assert_eq!(visible("a\tb", Notation::Replaced { tab: '→' }), "a→b");
    }

    #[test]
    fn disputed_width_finds_modified_and_joined_emoji_whole() {
        let modified = disputed_width("Knee \u{1F44D}\u{1F3FD} hurts").expect("a modifier");
        assert_eq!(
            (modified.offset, modified.sequence),
            (5, "\u{1F44D}\u{1F3FD}")
        );
        assert_eq!(modified.code_points(), "U+1F44D U+1F3FD");
        let family = "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}";
        let text = format!("a {family}!");
        let joined = disputed_width(&text).expect("a joined sequence");
        assert_eq!((joined.offset, joined.sequence), (2, family));
        assert_eq!(joined.kind, "emoji joined by zero-width joiners");
        for alike in [
            "\u{1F9B4}\u{1F9B5}",
            "\u{1F1EA}\u{1F1F8}",
            "\u{1F3FD}",
            "a\u{200D}b",
            "背中",
        ] {
            assert_eq!(disputed_width(alike), None, "{alike}");
        }
    }

    #[test]
    fn no_notation_lets_a_hostile_character_through() {
        let hostile: Vec<char> = (0..=0x10ffff)
            .filter_map(char::from_u32)
            .filter(|c| *c != '\n' && is_hostile(*c))
            .collect();
        for notation in [
            Notation::Caret,
            Notation::Escaped,
            Notation::Replaced { tab: ' ' },
        ] {
            for c in &hostile {
                let shown = visible(c.encode_utf8(&mut [0; 4]), notation).into_owned();
                assert!(
                    !shown.chars().any(|s| is_hostile(s) && s != ' '),
                    "{c:?} in {notation:?}: {shown:?}"
                );
            }
        }
    }
}
