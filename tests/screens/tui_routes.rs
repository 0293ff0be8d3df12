//! Every outcome of the built-in questions can be reached in the full-screen interface by
//! keys alone, and the result screen names it.

use painpath::content::model::Target;
use painpath::engine::session::Answer;
use painpath::ui::tui::{App, Config, Screen};
use ratatui::crossterm::event::KeyCode;

use crate::common;
use crate::common::screen::{draw, key};

/// Types an answer the way a person would: digits pick options (and tick them in multiple
/// choice), a scale value of 10 is reached with End, and Enter confirms.
fn type_answer(app: &mut App, answer: &Answer) {
    assert!(
        app.session().current_question().is_some(),
        "no question on screen"
    );
    match answer {
        Answer::Scale(10) => {
            key(app, KeyCode::End);
        }
        Answer::Scale(v) => {
            key(app, KeyCode::Char(char::from(b'0' + v)));
        }
        Answer::Choices(picked) => {
            for option in picked {
                let digit = u8::try_from(option.0 + 1).ok().filter(|d| *d <= 9);
                let digit =
                    digit.unwrap_or_else(|| panic!("option {} has no digit key", option.0 + 1));
                key(app, KeyCode::Char(char::from(b'0' + digit)));
            }
        }
    }
    key(app, KeyCode::Enter);
}

#[test]
fn every_outcome_is_reachable_by_keys_in_the_tui() {
    let q = painpath::default_questionnaire().expect("built-in questions load");
    let found = common::explore(&q);
    for outcome in &q.outcomes {
        let answers = found
            .answers
            .get(&outcome.id)
            .unwrap_or_else(|| panic!("no route to {}", outcome.id));
        let mut app = App::new(&q, Config::default());
        key(&mut app, KeyCode::Enter); // welcome -> first question
        for answer in answers {
            type_answer(&mut app, answer);
        }
        let emergency = q.is_emergency(q.outcome_by_id(&outcome.id).expect("an outcome"));
        if emergency {
            // An emergency result comes at once, with no review first.
            assert!(
                matches!(app.screen(), Screen::Result { .. }),
                "{}: expected the result at once, got {:?}",
                outcome.id,
                app.screen()
            );
        } else {
            assert!(
                matches!(app.screen(), Screen::Review { .. }),
                "{}: expected the review, got {:?}",
                outcome.id,
                app.screen()
            );
            key(&mut app, KeyCode::End);
            key(&mut app, KeyCode::Enter);
        }
        assert!(
            matches!(app.screen(), Screen::Result { .. }),
            "{}",
            outcome.id
        );
        match app.session().current() {
            Target::Outcome(o) => assert_eq!(q.outcome(o).id, outcome.id),
            Target::Question(_) => panic!("{}: not at a result", outcome.id),
        }
        app.resize(120, 40);
        let terminal = draw(&app, 120, 40);
        let screen: String = terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .map(|cell| cell.symbol())
            .collect();
        assert!(
            screen.contains(&outcome.title),
            "{}: title not on screen",
            outcome.id
        );
    }
}
