//! Block letters for the kiosk's welcome title and hand-off code: a 5x5 font of capitals,
//! digits and a few signs, drawn with full blocks so they read from across a room.

/// Rows in a glyph.
pub const HEIGHT: usize = 5;
/// Columns a glyph takes, with the gap after it.
pub const ADVANCE: usize = 6;

/// The glyph for `c` (case-insensitive), or `None` if the font lacks it.
fn glyph(c: char) -> Option<[&'static str; HEIGHT]> {
    Some(match c.to_ascii_uppercase() {
        'A' => [" ### ", "#   #", "#####", "#   #", "#   #"],
        'B' => ["#### ", "#   #", "#### ", "#   #", "#### "],
        'C' => [" ####", "#    ", "#    ", "#    ", " ####"],
        'D' => ["#### ", "#   #", "#   #", "#   #", "#### "],
        'E' => ["#####", "#    ", "#### ", "#    ", "#####"],
        'F' => ["#####", "#    ", "#### ", "#    ", "#    "],
        'G' => [" ####", "#    ", "#  ##", "#   #", " ####"],
        'H' => ["#   #", "#   #", "#####", "#   #", "#   #"],
        'I' => ["#####", "  #  ", "  #  ", "  #  ", "#####"],
        'J' => ["#####", "   # ", "   # ", "#  # ", " ##  "],
        'K' => ["#   #", "#  # ", "###  ", "#  # ", "#   #"],
        'L' => ["#    ", "#    ", "#    ", "#    ", "#####"],
        'M' => ["#   #", "## ##", "# # #", "#   #", "#   #"],
        'N' => ["#   #", "##  #", "# # #", "#  ##", "#   #"],
        'O' => [" ### ", "#   #", "#   #", "#   #", " ### "],
        'P' => ["#### ", "#   #", "#### ", "#    ", "#    "],
        'Q' => [" ### ", "#   #", "# # #", "#  # ", " ## #"],
        'R' => ["#### ", "#   #", "#### ", "#  # ", "#   #"],
        'S' => [" ####", "#    ", " ### ", "    #", "#### "],
        'T' => ["#####", "  #  ", "  #  ", "  #  ", "  #  "],
        'U' => ["#   #", "#   #", "#   #", "#   #", " ### "],
        'V' => ["#   #", "#   #", "#   #", " # # ", "  #  "],
        'W' => ["#   #", "#   #", "# # #", "## ##", "#   #"],
        'X' => ["#   #", " # # ", "  #  ", " # # ", "#   #"],
        'Y' => ["#   #", " # # ", "  #  ", "  #  ", "  #  "],
        'Z' => ["#####", "   # ", "  #  ", " #   ", "#####"],
        '0' => [" ### ", "#  ##", "# # #", "##  #", " ### "],
        '1' => ["  #  ", " ##  ", "  #  ", "  #  ", " ### "],
        '2' => [" ### ", "#   #", "  ## ", " #   ", "#####"],
        '3' => ["#### ", "    #", " ### ", "    #", "#### "],
        '4' => ["#   #", "#   #", "#####", "    #", "    #"],
        '5' => ["#####", "#    ", "#### ", "    #", "#### "],
        '6' => [" ### ", "#    ", "#### ", "#   #", " ### "],
        '7' => ["#####", "    #", "   # ", "  #  ", "  #  "],
        '8' => [" ### ", "#   #", " ### ", "#   #", " ### "],
        '9' => [" ### ", "#   #", " ####", "    #", " ### "],
        '-' => ["     ", "     ", " ### ", "     ", "     "],
        '.' => ["     ", "     ", "     ", "     ", "  #  "],
        '!' => ["  #  ", "  #  ", "  #  ", "     ", "  #  "],
        '\'' => ["  #  ", "  #  ", "     ", "     ", "     "],
        ' ' => ["     ", "     ", "     ", "     ", "     "],
        _ => return None,
    })
}

/// Columns `text` takes in block letters (without the gap after the last glyph).
pub fn width(text: &str) -> usize {
    (text.chars().count() * ADVANCE).saturating_sub(1)
}

/// `text` in block letters, one string per row; `None` if a character is not in the font.
pub fn render(text: &str) -> Option<[String; HEIGHT]> {
    let mut rows: [String; HEIGHT] = Default::default();
    for (i, c) in text.chars().enumerate() {
        let glyph = glyph(c)?;
        for (row, line) in rows.iter_mut().zip(glyph) {
            if i > 0 {
                row.push(' ');
            }
            row.extend(line.chars().map(|p| if p == '#' { '█' } else { ' ' }));
        }
    }
    Some(rows)
}

/// `text` in block letters within `columns`, broken between words: the rows of every line,
/// a blank row between lines. `None` if a word does not fit or a character is not in the font.
pub fn render_wrapped(text: &str, columns: usize) -> Option<Vec<String>> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if width(line) + ADVANCE + width(word) <= columns => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    let mut rows = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if width(line) > columns {
            return None;
        }
        if i > 0 {
            rows.push(String::new());
        }
        rows.extend(render(line)?);
    }
    Some(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_letter_and_digit_has_a_glyph_of_the_right_size() {
        for c in ('A'..='Z').chain('0'..='9') {
            let g = glyph(c).unwrap_or_else(|| panic!("no glyph for {c}"));
            assert!(g.iter().all(|row| row.chars().count() == 5), "{c}");
        }
    }

    #[test]
    fn words_wrap_onto_lines_of_block_letters() {
        let rows = render_wrapped("ab cd", 11).unwrap();
        assert_eq!(rows.len(), 2 * HEIGHT + 1);
        assert_eq!(rows[0], " ███  ████ ");
        assert!(render_wrapped("abcdef", 11).is_none(), "a word too wide");
        assert!(render_wrapped("a~", 80).is_none(), "not in the font");
    }
}
