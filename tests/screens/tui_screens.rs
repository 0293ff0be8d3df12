//! Whole-screen snapshots of the TUI, drawn into a `TestBackend` as keys arrive. They use
//! `tests/fixtures/small.toml`, so they do not change when the shipped questions do.

use painpath::content::model::Questionnaire;
use painpath::ui::tui::{App, Config, Theme, ThemeName};
use ratatui::style::{Color, Modifier};

use crate::common::screen::{draw, press, questionnaire, screen};

fn app(q: &Questionnaire) -> App<'_> {
    App::new(q, Config::default())
}

#[test]
fn welcome() {
    let q = questionnaire("small.toml");
    let mut app = app(&q);
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn multiple_choice_with_two_ticked() {
    let q = questionnaire("small.toml");
    let mut app = app(&q);
    press(&mut app, "\n12");
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn multiple_choice_with_nothing_picked_shows_the_message() {
    let q = questionnaire("small.toml");
    let mut app = app(&q);
    press(&mut app, "\n\n");
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn single_choice() {
    let q = questionnaire("small.toml");
    let mut app = app(&q);
    press(&mut app, "\n3\nj");
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn yes_no() {
    let q = questionnaire("small.toml");
    let mut app = app(&q);
    press(&mut app, "\n3\n1\n");
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn scale() {
    let q = questionnaire("small.toml");
    let mut app = app(&q);
    press(&mut app, "\n3\n1\nn\n7");
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn help_shown() {
    let q = questionnaire("small.toml");
    let mut app = app(&q);
    press(&mut app, "\n3\n?");
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn quit_confirm() {
    let q = questionnaire("small.toml");
    let mut app = app(&q);
    press(&mut app, "\n3\nq");
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn review() {
    let q = questionnaire("small.toml");
    let mut app = app(&q);
    press(&mut app, "\n2\n1\nn\n3\n");
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

/// Fever raises the urgency of the back result, so the result is longer than one screen.
fn at_raised_result(q: &Questionnaire) -> App<'_> {
    let mut app = app(q);
    press(&mut app, "\n2\n1\nn\n3\n\n");
    app
}

#[test]
fn result_top() {
    let q = questionnaire("small.toml");
    let mut app = at_raised_result(&q);
    insta::assert_snapshot!(screen(&mut app, 80, 24));
}

#[test]
fn result_scrolled_to_the_end() {
    let q = questionnaire("small.toml");
    let mut app = at_raised_result(&q);
    // Short enough that the result must scroll.
    app.resize(80, 16);
    press(&mut app, "⇟⇟");
    insta::assert_snapshot!(screen(&mut app, 80, 16));
}

#[test]
fn too_small_window() {
    let q = questionnaire("small.toml");
    let mut app = app(&q);
    press(&mut app, "\n");
    insta::assert_snapshot!(screen(&mut app, 30, 8));
}

#[test]
fn result_at_120x40() {
    let q = questionnaire("small.toml");
    let mut app = at_raised_result(&q);
    insta::assert_snapshot!(screen(&mut app, 120, 40));
}

#[test]
fn urgency_banner_is_coloured_and_worded() {
    let q = questionnaire("small.toml");
    let mut app = at_raised_result(&q);
    app.resize(80, 24);
    let terminal = draw(&app, 80, 24);
    let buffer = terminal.backend().buffer();
    let row: String = (0..80).map(|x| buffer[(x, 2)].symbol()).collect();
    let heading = &q.dispositions[q.disposition_by_id("soon").unwrap().0].heading;
    assert!(row.contains(heading.as_str()), "{row}");
    assert_eq!(buffer[(5, 2)].bg, Color::Yellow);
}

#[test]
fn no_color_theme_draws_without_colour_but_marks_urgency_and_selection() {
    let q = questionnaire("small.toml");
    let config = Config {
        theme: Theme::new(ThemeName::Standard, false),
        ..Config::default()
    };
    let mut app = App::new(&q, config);
    press(&mut app, "\n2\n1\nn\n3\n\n");
    app.resize(80, 24);
    let terminal = draw(&app, 80, 24);
    let buffer = terminal.backend().buffer();
    for cell in buffer.content() {
        assert_eq!(cell.fg, Color::Reset);
        assert_eq!(cell.bg, Color::Reset);
    }
    assert!(buffer[(5, 2)].modifier.contains(Modifier::REVERSED));

    let mut app = App::new(&q, config);
    press(&mut app, "\n");
    app.resize(80, 24);
    let terminal = draw(&app, 80, 24);
    let buffer = terminal.backend().buffer();
    let selected = buffer[(3, 5)].modifier;
    assert!(selected.contains(Modifier::REVERSED), "{selected:?}");
}

#[test]
fn high_contrast_theme_paints_the_whole_screen() {
    let q = questionnaire("small.toml");
    let config = Config {
        theme: Theme::new(ThemeName::HighContrast, true),
        ..Config::default()
    };
    let mut app = App::new(&q, config);
    app.resize(80, 24);
    let terminal = draw(&app, 80, 24);
    let buffer = terminal.backend().buffer();
    assert_eq!(buffer[(40, 12)].bg, Color::Black);
    assert_eq!(buffer[(40, 12)].fg, Color::White);
}

#[test]
fn every_screen_draws_at_any_size_without_panicking() {
    let q = questionnaire("small.toml");
    let states = [
        "",
        "\n",
        "\n12",
        "\n\n",
        "\n3\n",
        "\n3\n1\n",
        "\n3\n1\nn\n",
        "\n3\n?",
        "\n3\nq",
        "\n2\n1\nn\n3\n",
        "\n2\n1\nn\n3\n\n",
        "\n2\n1\nn\n3\n\n⇟⇟⇟",
    ];
    let widths = [0, 1, 2, 9, 39, 40, 41, 50, 79, 80, 81, 120, 250];
    let heights = [0, 1, 3, 11, 12, 13, 24, 40, 100];
    for keys in states {
        for width in widths {
            for height in heights {
                let mut app = app(&q);
                press(&mut app, keys);
                app.resize(width, height);
                let terminal = draw(&app, width, height);
                let area = terminal.backend().buffer().area;
                if let Some(cursor) = app.cursor_position(area) {
                    assert!(area.contains(cursor), "{keys:?} {width}x{height}");
                }
            }
        }
    }
}

#[test]
fn welcome_adds_the_emergency_line_only_when_the_texts_lack_it() {
    let mut q = questionnaire("small.toml");
    let mut app = App::new(&q, Config::default());
    let text = screen(&mut app, 80, 24);
    assert_eq!(text.matches("In an emergency").count(), 1, "{text}");
    q.meta.intro = "In an emergency, call 112.".to_string();
    let mut app = App::new(&q, Config::default());
    let text = screen(&mut app, 80, 24);
    assert_eq!(text.matches("In an emergency").count(), 1, "{text}");
    assert!(text.contains("call 112"), "{text}");
}
