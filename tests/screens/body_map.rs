//! The body map of "Where do you feel the pain?", tapped: in the kiosk at each of its grids
//! and in the full-screen interface, in English and Spanish, with no colour (`NO_COLOR`), a
//! tap on each area ticks exactly the option that names it, shows it solid on the map, and a
//! second tap unticks it. Where the map has no room beside the answers, the button that shows
//! it is tapped first.

use painpath::content::model::Questionnaire;
use painpath::ui::kiosk::{Kiosk, KioskConfig};
use painpath::ui::tui::{self, App, Screen, Theme, ThemeName};
use ratatui::buffer::Buffer;

use crate::common::screen::{Interface, click, draw, find, press, typed};
use crate::kiosk_grids::GRIDS;
use crate::spanish_built_in::{both, case_answers, kiosk_config};

/// The interface's config without colour: a ticked area must show by its shape alone.
fn no_colour() -> tui::Config {
    tui::Config {
        theme: Theme::new(ThemeName::Standard, false),
        ..tui::Config::default()
    }
}

/// The keys that lead from the welcome to "where", by a case of the suite that asks it.
fn keys_to_where(q: &Questionnaire) -> String {
    let where_ = q
        .questions
        .iter()
        .position(|x| x.id == "where")
        .expect("where");
    let (_, answers) = case_answers(q)
        .into_iter()
        .find(|(_, answers)| answers.len() > 3)
        .expect("a case past where");
    let mut keys = String::from("\n");
    for answer in &answers[..where_] {
        keys.push_str(&typed(answer));
        keys.push('\n');
    }
    keys
}

/// The question's choice on screen.
fn choice<'a>(app: &'a App) -> &'a tui::Choice {
    match app.screen() {
        Screen::Question(choice) => choice,
        other => panic!("not on a question: {other:?}"),
    }
}

/// The cells that are solid (█) in `buffer`.
fn solid(buffer: &Buffer) -> Vec<(u16, u16)> {
    let area = buffer.area;
    (area.top()..area.bottom())
        .flat_map(|y| (area.left()..area.right()).map(move |x| (x, y)))
        .filter(|&(x, y)| buffer[(x, y)].symbol() == "█")
        .collect()
}

/// Taps every cell of every area of the map on `ui`'s "where" screen, `app` giving its
/// answers' state, and checks that each tap ticks exactly the option of that area.
fn tap_every_area<I: Interface>(
    ui: &mut I,
    app: fn(&I) -> &App,
    q: &Questionnaire,
    (width, height): (u16, u16),
    at: &str,
) {
    let touch = app(ui).config().touch;
    let words = painpath::content::words::of(q);
    ui.resize(width, height);
    let mut frame = draw(ui, width, height).backend().buffer().clone();
    // The figures' shoulders.
    let figures = "╭──╰─╯──╮       ╭──╰─╯──╮";
    if find(&frame, figures).is_none() {
        // No room beside the answers: the button shows the map in their place (in the
        // full-screen interface, `m` too, where the row of buttons is full).
        match find(&frame, &words.tui.body_map_show)
            .or_else(|| find(&frame, &format!("m  {}", words.tui.body_map_key)))
        {
            Some((x, y)) => {
                click(ui, x, y);
            }
            None if !touch => press(ui, "m"),
            None => panic!("{at}: neither the map nor its button"),
        }
        frame = draw(ui, width, height).backend().buffer().clone();
        assert!(
            find(&frame, figures).is_some(),
            "{at}: the button shows no map"
        );
    }
    let question = q.question(choice(app(ui)).question);
    let offered = choice(app(ui)).offered.clone();
    let mut areas = 0;
    for (place, option) in offered.iter().enumerate() {
        let option = &question.options[option.0];
        let Some(area) = option.body else {
            continue;
        };
        areas += 1;
        // The cells of the area: those that turn solid when its option is ticked by keys.
        press(ui, "⇱");
        press(ui, &"↓".repeat(place));
        let untouched = solid(draw(ui, width, height).backend().buffer());
        press(ui, " ");
        let ticked = draw(ui, width, height).backend().buffer().clone();
        let cells: Vec<(u16, u16)> = solid(&ticked)
            .into_iter()
            .filter(|cell| !untouched.contains(cell))
            .collect();
        assert!(
            cells.len() >= 4,
            "{at}: {area:?} shows {} cells\n{}",
            cells.len(),
            crate::common::screen::text(&draw(ui, width, height))
        );
        press(ui, " ");
        for &(x, y) in &cells {
            click(ui, x, y);
            let picked = &choice(app(ui)).picked;
            let ticked: Vec<usize> = (0..picked.len()).filter(|&i| picked[i]).collect();
            assert_eq!(
                ticked,
                [place],
                "{at}: a tap at {x},{y} on {area:?} ticked {ticked:?}, not {:?}",
                option.id
            );
            let shown = draw(ui, width, height).backend().buffer().clone();
            assert_eq!(shown[(x, y)].symbol(), "█", "{at}: {area:?} not solid");
            click(ui, x, y);
            assert!(
                !choice(app(ui)).picked.contains(&true),
                "{at}: a second tap on {area:?} left it ticked"
            );
        }
    }
    assert_eq!(areas, 10, "{at}: every area of the map was tapped");
}

#[test]
fn a_tap_on_each_area_ticks_exactly_its_option_at_every_grid_in_both_languages() {
    for q in &both() {
        let keys = keys_to_where(q);
        // The kiosk at its grids, and at 800x600's 66x25, where the map is behind a button.
        for &grid in GRIDS.iter().chain(&[(66, 25)]) {
            let config = KioskConfig {
                tui: no_colour(),
                ..kiosk_config()
            };
            let mut kiosk = Kiosk::new(q, config);
            kiosk.resize(grid.0, grid.1);
            press(&mut kiosk, &keys);
            let at = format!("kiosk {} {}x{}", q.meta.language, grid.0, grid.1);
            assert_eq!(q.question(choice(kiosk.app()).question).id, "where");
            tap_every_area(&mut kiosk, |k| k.app(), q, grid, &at);
        }
        // The full-screen interface: the map beside the answers at 80x24, behind its button
        // (and `m`) in a narrower window.
        for grid in [(80, 24), (60, 24)] {
            let mut app = App::new(q, no_colour());
            app.resize(grid.0, grid.1);
            press(&mut app, &keys);
            let at = format!("TUI {} {}x{}", q.meta.language, grid.0, grid.1);
            tap_every_area(&mut app, |a| a, q, grid, &at);
        }
    }
}
