//! The kiosk at the grids it is set up for (80x24, and the grids deploy/foot.ini gives the
//! common reception screens: 85x32 at 1024x768, 106x33 at 1280x800), with the built-in
//! questions in English and Spanish: every answer of every question the case suite asks is
//! on the screen at once with its question, or else the screen says in words that more
//! answers are below, the question stays in view, and ▼ brings the rest; and Back, Next and
//! the scroll buttons are in the same place on every question.

use painpath::content::model::Questionnaire;
use painpath::ui::kiosk::Kiosk;
use painpath::ui::tui::Screen;
use ratatui::buffer::Buffer;

use crate::common::screen::{click, draw, find, press, typed};
use crate::spanish_built_in::{both, case_answers, kiosk_config};

/// The kiosk's grids: the console's 80x24, and foot's at 1024x768 and 1280x800.
pub const GRIDS: [(u16, u16); 3] = [(80, 24), (85, 32), (106, 33)];

/// The rows of a frame, for a failure's message.
fn picture(buffer: &Buffer) -> String {
    let area = buffer.area;
    (area.top()..area.bottom())
        .map(|y| {
            let row: String = (area.left()..area.right())
                .map(|x| buffer[(x, y)].symbol())
                .collect();
            format!("{row}\n")
        })
        .collect()
}

/// The words on the screen, in reading order (row by row).
fn words_of(buffer: &Buffer) -> Vec<String> {
    let area = buffer.area;
    let mut words = Vec::new();
    for y in area.top()..area.bottom() {
        let row: String = (area.left()..area.right())
            .map(|x| buffer[(x, y)].symbol())
            .collect();
        words.extend(row.split_whitespace().map(str::to_string));
    }
    words
}

/// Whether the words of `text` are on the screen in order, with nothing between two of them
/// but what stands beside a wrapped line: the body map (marks without letters, and the titles
/// over its figures) and the scrollbar.
fn shows(screen: &[String], text: &str) -> bool {
    let wanted: Vec<&str> = text.split_whitespace().collect();
    let Some((first, rest)) = wanted.split_first() else {
        return true;
    };
    let beside: Vec<&str> = ["en", "es"]
        .iter()
        .map(|tag| painpath::content::words::for_language(tag))
        .flat_map(|w| [w.tui.body_front.as_str(), w.tui.body_back.as_str()])
        .collect();
    let is_mark = |word: &str| !word.chars().any(char::is_alphanumeric) || beside.contains(&word);
    (0..screen.len()).any(|start| {
        if screen[start] != *first {
            return false;
        }
        let mut at = start + 1;
        for word in rest {
            while at < screen.len() && screen[at] != *word && is_mark(&screen[at]) {
                at += 1;
            }
            if at == screen.len() || screen[at] != *word {
                return false;
            }
            at += 1;
        }
        true
    })
}

/// The question on the kiosk's screen, and the labels of the options it offers.
fn question_on_screen<'q>(
    kiosk: &Kiosk<'q>,
    q: &'q Questionnaire,
) -> (String, String, Vec<String>) {
    let Screen::Question(choice) = kiosk.app().screen() else {
        panic!("not on a question");
    };
    let question = q.question(choice.question);
    let labels = if question.options.is_empty() {
        // A scale: its ends are labelled, and its numbers are the answers.
        let (low, high) = question.scale_labels.clone().unwrap_or_default();
        vec![format!("0 {low}"), format!("10 {high}")]
    } else {
        choice
            .offered
            .iter()
            .map(|o| question.options[o.0].label.clone())
            .collect()
    };
    (question.id.clone(), question.prompt.clone(), labels)
}

/// Where the ▲ and ▼ buttons are on the screen, if it shows them.
fn scroll_buttons(buffer: &Buffer) -> Option<((u16, u16), (u16, u16))> {
    let up = find(buffer, "│ ▲ │")?;
    let down = find(buffer, "│ ▼ │")?;
    Some(((up.0 + 2, up.1), (down.0 + 2, down.1)))
}

#[test]
fn every_answer_shows_with_its_question_at_every_grid_in_both_languages() {
    let mut needed_the_cue = Vec::new();
    let mut places = std::collections::BTreeSet::new();
    let mut buttons = std::collections::BTreeSet::new();
    for q in &both() {
        let words = painpath::content::words::of(q);
        let cue = &words.tui.more_answers_below;
        let mut seen = std::collections::BTreeSet::new();
        let mut drawn = std::collections::BTreeSet::new();
        for (case, answers) in case_answers(q) {
            let mut kiosks: Vec<Kiosk> = GRIDS
                .iter()
                .map(|&(width, height)| {
                    let mut kiosk = Kiosk::new(q, kiosk_config());
                    kiosk.resize(width, height);
                    press(&mut kiosk, "\n");
                    kiosk
                })
                .collect();
            for answer in &answers {
                for (kiosk, &(width, height)) in kiosks.iter_mut().zip(&GRIDS) {
                    let (id, prompt, labels) = question_on_screen(kiosk, q);
                    seen.insert(id.clone());
                    // Each question once for each set of answers it offers.
                    if !drawn.insert((id.clone(), labels.clone(), width)) {
                        continue;
                    }
                    let at = format!("{} {id} at {width}x{height} ({case})", q.meta.language);
                    let mut frame = draw(kiosk, width, height).backend().buffer().clone();
                    let mut shown = words_of(&frame);
                    let back = find(&frame, "│ ◀ ").expect("◀ Back");
                    let next = find(&frame, " ▶ │").expect("Next ▶");
                    buttons.insert((width, height, back, next.0 + 4, next.1));
                    assert!(
                        shows(&shown, &prompt),
                        "{at}: the question is not whole\n{}",
                        picture(&frame)
                    );
                    let hidden: Vec<&String> =
                        labels.iter().filter(|l| !shows(&shown, l)).collect();
                    if hidden.is_empty() {
                        continue;
                    }
                    // Where they cannot all be shown: the cue says so, the question stays,
                    // and ▼ brings each answer into view.
                    assert!(
                        shows(&shown, cue),
                        "{at}: {hidden:?} hidden without a cue\n{}",
                        picture(&frame)
                    );
                    needed_the_cue.push(at.clone());
                    if std::env::var_os("PAINPATH_SHOW_GRIDS").is_some() {
                        println!("{at}\n{}", picture(&frame));
                    }
                    let (up, down) = scroll_buttons(&frame).expect("▲ and ▼");
                    places.insert((width, height, up, down));
                    let mut still: Vec<&String> = hidden;
                    for _ in 0..10 {
                        click(kiosk, down.0, down.1);
                        frame = draw(kiosk, width, height).backend().buffer().clone();
                        shown = words_of(&frame);
                        assert!(
                            shows(&shown, &prompt),
                            "{at}: the question scrolled away\n{}",
                            picture(&frame)
                        );
                        still.retain(|l| !shows(&shown, l));
                        if still.is_empty() {
                            break;
                        }
                    }
                    assert!(
                        still.is_empty(),
                        "{at}: ▼ never showed {still:?}\n{}",
                        picture(&frame)
                    );
                    // Back to the top, where the answer is typed from.
                    for _ in 0..10 {
                        click(kiosk, up.0, up.1);
                    }
                }
                for kiosk in &mut kiosks {
                    press(kiosk, &typed(answer));
                    press(kiosk, "\n");
                }
            }
        }
        assert_eq!(seen.len(), q.questions.len(), "every question was drawn");
    }
    // At each grid the scroll buttons were in one place on every question that scrolled.
    for (width, height) in GRIDS {
        let at: Vec<_> = places
            .iter()
            .filter(|p| (p.0, p.1) == (width, height))
            .collect();
        assert!(
            at.len() <= 1,
            "{width}x{height}: scroll buttons moved: {at:?}"
        );
        // Back's left edge and Next's right edge, in both languages.
        let at: Vec<_> = buttons
            .iter()
            .filter(|p| (p.0, p.1) == (width, height))
            .collect();
        assert_eq!(at.len(), 1, "{width}x{height}: Back or Next moved: {at:?}");
    }
    println!("the cue was needed: {needed_the_cue:#?}");
}
