//! Moving the selection on a question or the review allocates nothing: the hot path of the
//! TUI is a key and a redraw, and the key half of it must not touch the allocator. Counted by
//! the screens binary's global allocator (`support/counting_alloc.rs`), on this thread only.

use painpath::ui::tui::{App, Config, Screen};
use ratatui::crossterm::event::KeyCode;

use crate::common::screen::key;
use crate::counting_alloc::allocations;

#[test]
fn moving_the_selection_allocates_nothing() {
    let q = match painpath::default_questionnaire() {
        Ok(q) => q,
        Err(err) => panic!("{err}"),
    };
    // The counter sees allocations at all.
    assert_eq!(allocations(|| drop(std::hint::black_box(vec![1u8]))), 1);
    let mut app = App::new(&q, Config::default());
    key(&mut app, KeyCode::Enter);
    let mut screens_checked = 0;
    // Walk to the review, moving up and down on every question on the way ("None of these"
    // on the warning-sign questions, the first option elsewhere, 3 on a scale).
    for _ in 0..q.questions.len() + 1 {
        let keys = [
            KeyCode::Down,
            KeyCode::Down,
            KeyCode::Up,
            KeyCode::Home,
            KeyCode::End,
        ];
        for code in keys {
            let n = allocations(|| {
                key(&mut app, code);
            });
            assert_eq!(n, 0, "{code:?} on {:?} allocated {n} times", app.screen());
        }
        screens_checked += 1;
        let Screen::Question(choice) = app.screen() else {
            break;
        };
        let question = q.question(choice.question);
        let answer = match question.options.iter().position(|o| o.exclusive) {
            Some(none) => char::from_digit(u32::try_from(none + 1).unwrap_or(1), 10),
            None if question.options.is_empty() => Some('3'),
            None => Some('1'),
        };
        key(&mut app, KeyCode::Char(answer.unwrap_or('1')));
        key(&mut app, KeyCode::Enter);
    }
    assert!(
        matches!(app.screen(), Screen::Review { .. }),
        "ended on the review"
    );
    assert!(screens_checked > 3, "only {screens_checked} screens");
}
