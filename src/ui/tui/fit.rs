//! How a question's answers are spaced in the touch layout, so that all of them are on the
//! screen at once where they can be: roomy where there is room, tighter where not, and the
//! question's help after the answers rather than before them when both do not fit. What the
//! lines say is `screens`; where the list goes on the screen is `layout`.

use ratatui::text::Line;

use super::rows::Row;

/// The lines of a touch question's list: its answers (`options`, each answer's lines) and its
/// help, for a list `height` lines high. In order of preference: everything shown, the help
/// first; else every answer shown and the help after them (to scroll to); else the answers
/// as tight as they go, the help after them, and the list scrolls. The answers get the most
/// room that fits: a blank line above and below each that belongs to it (a target three
/// lines high for a finger), else as many blank lines between them as there is room for.
pub(super) fn arrange(help: Vec<Row>, options: Vec<Vec<Row>>, height: usize) -> Vec<Row> {
    let lines: usize = options.iter().map(Vec::len).sum();
    let tall = lines + 2 * options.len();
    let help_lines = if help.is_empty() { 0 } else { help.len() + 1 };
    let mut rows = Vec::new();
    if let Some(room) = height.checked_sub(help_lines) {
        if !help.is_empty() && (tall <= room || lines <= room) {
            rows.extend(help.iter().map(copy));
            rows.push(blank());
        }
        if tall <= room {
            rows.extend(tall_answers(&options));
            return rows;
        }
        if lines <= room {
            // No help, or the help above: a blank line under the prompt where there is room.
            let lead = usize::from(help.is_empty() && lines < room);
            rows.extend(spread_answers(&options, room - lines - lead, lead));
            return rows;
        }
    }
    if tall <= height {
        rows.extend(tall_answers(&options));
    } else {
        // The help is out of view anyway: the answers close together show more of it.
        let lead = usize::from(lines < height);
        let spare = if help.is_empty() {
            height.saturating_sub(lines + lead)
        } else {
            0
        };
        rows.extend(spread_answers(&options, spare, lead));
    }
    if !help.is_empty() {
        rows.push(blank());
        rows.extend(help);
    }
    rows
}

fn blank() -> Row {
    Row {
        line: Line::default(),
        item: None,
    }
}

fn copy(row: &Row) -> Row {
    Row {
        line: row.line.clone(),
        item: row.item,
    }
}

/// Each answer with a blank line above and below it that belong to it.
fn tall_answers(options: &[Vec<Row>]) -> Vec<Row> {
    let mut rows = Vec::new();
    for option in options {
        let padding = || Row {
            line: Line::default(),
            item: option.first().and_then(|row| row.item),
        };
        rows.push(padding());
        rows.extend(option.iter().map(copy));
        rows.push(padding());
    }
    rows
}

/// The answers after `lead` blank lines, with up to `spare` blank lines between them, one a
/// gap at most, spread evenly.
fn spread_answers(options: &[Vec<Row>], spare: usize, lead: usize) -> Vec<Row> {
    let gaps = options.len().saturating_sub(1);
    let blanks = spare.min(gaps);
    let mut rows: Vec<Row> = (0..lead).map(|_| blank()).collect();
    for (i, option) in options.iter().enumerate() {
        // A blank before answer i when the count of blanks due so far goes up.
        if i > 0 && (i * blanks) / gaps.max(1) > ((i - 1) * blanks) / gaps.max(1) {
            rows.push(blank());
        }
        rows.extend(option.iter().map(copy));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option(item: usize, lines: usize) -> Vec<Row> {
        (0..lines)
            .map(|i| Row {
                line: Line::from(format!("option {item} line {i}")),
                item: Some(item),
            })
            .collect()
    }

    fn help(lines: usize) -> Vec<Row> {
        (0..lines)
            .map(|i| Row {
                line: Line::from(format!("help {i}")),
                item: None,
            })
            .collect()
    }

    fn shape(rows: &[Row]) -> String {
        rows.iter()
            .map(|r| match (r.item, r.line.width()) {
                (Some(i), 0) => format!("({i})"),
                (Some(i), _) => i.to_string(),
                (None, 0) => "_".into(),
                (None, _) => "h".into(),
            })
            .collect()
    }

    #[test]
    fn answers_get_the_most_room_that_fits() {
        let options = || vec![option(0, 1), option(1, 2), option(2, 1)];
        assert_eq!(
            shape(&arrange(Vec::new(), options(), 10)),
            "(0)0(0)(1)11(1)(2)2(2)"
        );
        assert_eq!(shape(&arrange(Vec::new(), options(), 9)), "_0_11_2");
        assert_eq!(shape(&arrange(Vec::new(), options(), 6)), "_011_2");
        assert_eq!(shape(&arrange(Vec::new(), options(), 5)), "_0112");
        assert_eq!(shape(&arrange(Vec::new(), options(), 4)), "0112");
        assert_eq!(
            shape(&arrange(Vec::new(), options(), 2)),
            "0112",
            "too long: it scrolls"
        );
    }

    #[test]
    fn help_goes_first_if_all_fits_and_after_the_answers_if_not() {
        let options = || vec![option(0, 1), option(1, 1)];
        assert_eq!(shape(&arrange(help(2), options(), 9)), "hh_(0)0(0)(1)1(1)");
        assert_eq!(shape(&arrange(help(2), options(), 6)), "hh_0_1");
        assert_eq!(shape(&arrange(help(2), options(), 5)), "hh_01");
        assert_eq!(shape(&arrange(help(2), options(), 4)), "_01_hh");
        assert_eq!(shape(&arrange(help(2), options(), 2)), "01_hh");
        assert_eq!(shape(&arrange(help(2), options(), 1)), "01_hh");
    }

    #[test]
    fn blank_lines_between_answers_are_spread_evenly() {
        let options: Vec<Vec<Row>> = (0..7).map(|i| option(i, 1)).collect();
        assert_eq!(shape(&arrange(Vec::new(), options, 11)), "_01_23_45_6");
    }
}
