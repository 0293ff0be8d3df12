//! Whole-screen snapshots of kiosk mode, drawn into a `TestBackend` as keys, taps and time
//! arrive. Most use `tests/fixtures/small.toml`; the last ones show the built-in questions in
//! English and Spanish at each grid the kiosk is set up for (`kiosk_grids::GRIDS`).

use std::time::{Duration, Instant};

use painpath::content::model::Questionnaire;
use painpath::ui::kiosk::config::KioskSettings;
use painpath::ui::kiosk::pin::PinHash;
use painpath::ui::kiosk::{Kiosk, KioskConfig};
use painpath::ui::tui::Config;
use ratatui::crossterm::event::KeyCode;

use crate::common::screen::{key, press, questionnaire, rows, screen, typed};
use crate::kiosk_grids::GRIDS;
use crate::spanish_built_in::{answers_of, both, kiosk_config};

fn kiosk(q: &Questionnaire, handoff: bool) -> Kiosk<'_> {
    let mut kiosk = Kiosk::new(
        q,
        KioskConfig {
            settings: KioskSettings::default(),
            pin: PinHash::new("2468", b"salt", 2),
            handoff,
            tui: Config::default(),
        },
    );
    kiosk.resize(80, 24);
    kiosk
}

#[test]
fn kiosk_welcome_in_block_letters() {
    let q = questionnaire("small.toml");
    let mut kiosk = kiosk(&q, false);
    let shown = screen(&mut kiosk, 80, 24);
    assert!(shown.contains("Touch the screen or press any key to start"));
    assert!(shown.contains("█████"), "block letters");
    insta::assert_snapshot!(shown);
}

#[test]
fn kiosk_welcome_with_a_title_too_long_for_block_letters_shows_its_name_in_them() {
    let q = painpath::default_questionnaire().expect("built-in questions load");
    let mut kiosk = kiosk(&q, false);
    let shown = screen(&mut kiosk, 80, 24);
    // "painpath" in block letters (its P: a bar and a bowl), then the whole title in text.
    assert!(
        shown.contains("████   ███  █████ █   █ ████   ███  █████ █   █"),
        "{shown}"
    );
    assert!(shown.contains(&q.meta.title), "{shown}");
    assert!(shown.contains("Touch the screen or press any key to start"));
}

#[test]
fn kiosk_question_with_tall_rows_and_big_buttons() {
    let q = questionnaire("small.toml");
    let mut kiosk = kiosk(&q, false);
    press(&mut kiosk, "\n3\n2");
    insta::assert_snapshot!(screen(&mut kiosk, 80, 24));
}

#[test]
fn kiosk_scale_shows_every_value_without_scrolling() {
    let q = questionnaire("small.toml");
    let mut kiosk = kiosk(&q, false);
    press(&mut kiosk, "\n3\n1\nn\n");
    let shown = screen(&mut kiosk, 80, 24);
    assert!(
        shown.contains("( ) 10  worst") && !shown.contains("▼"),
        "{shown}"
    );
    insta::assert_snapshot!(shown);
}

#[test]
fn kiosk_scroll_buttons_stay_put_from_question_to_result() {
    let q = questionnaire("small.toml");
    let mut kiosk = kiosk(&q, true);
    // A window short enough for the scale and the result to scroll.
    press(&mut kiosk, "\n3\n1\nn\n");
    let on_question = screen(&mut kiosk, 80, 16);
    press(&mut kiosk, "5\n\n");
    let on_result = screen(&mut kiosk, 80, 16);
    let places = |shown: &str| -> Vec<(usize, usize)> {
        shown
            .lines()
            .enumerate()
            .filter_map(|(row, line)| {
                let column = line.find("│ ▲ │").or_else(|| line.find("│ ▼ │"))?;
                Some((row, line[..column].chars().count()))
            })
            .collect()
    };
    assert_eq!(places(&on_question).len(), 2, "{on_question}");
    assert_eq!(
        places(&on_question),
        places(&on_result),
        "{on_question}{on_result}"
    );
    assert!(
        on_question.contains("▼ More answers below ▼"),
        "{on_question}"
    );
    assert!(on_result.contains("▼ More below ▼"), "{on_result}");
}

#[test]
fn kiosk_idle_warning() {
    let q = questionnaire("small.toml");
    let mut kiosk = kiosk(&q, false);
    let t0 = Instant::now();
    kiosk.on_tick(t0);
    press(&mut kiosk, "\n3\n");
    kiosk.on_tick(t0);
    kiosk.on_tick(t0 + Duration::from_secs(97));
    insta::assert_snapshot!(screen(&mut kiosk, 80, 24));
}

#[test]
fn kiosk_pin_prompt() {
    let q = questionnaire("small.toml");
    let mut kiosk = kiosk(&q, false);
    press(&mut kiosk, "\n");
    key(&mut kiosk, KeyCode::F(10));
    press(&mut kiosk, "246");
    insta::assert_snapshot!(screen(&mut kiosk, 80, 24));
}

#[test]
fn kiosk_result_offers_sending_to_reception() {
    let q = questionnaire("small.toml");
    let mut kiosk = kiosk(&q, true);
    press(&mut kiosk, "\n3\n3\n\n");
    insta::assert_snapshot!(screen(&mut kiosk, 80, 24));
}

#[test]
fn kiosk_all_done() {
    let q = questionnaire("small.toml");
    let mut kiosk = kiosk(&q, false);
    press(&mut kiosk, "\n3\n3\n\n\n");
    // Finishing asks first, with buttons a finger can find; nothing is cleared yet.
    let asked = screen(&mut kiosk, 80, 24);
    assert!(!kiosk.session().trail().is_empty());
    insta::assert_snapshot!("kiosk_finish_asks", asked);
    press(&mut kiosk, "y");
    insta::assert_snapshot!(screen(&mut kiosk, 80, 24));
}

#[test]
fn kiosk_hand_off_code() {
    let q = questionnaire("small.toml");
    let mut kiosk = kiosk(&q, true);
    press(&mut kiosk, "\n3\n3\n\ns");
    assert!(kiosk.take_send());
    kiosk.sent(Ok("K7F3".into()));
    let shown = screen(&mut kiosk, 80, 24);
    assert!(shown.contains("Your code: K7F3, please give it at the desk."));
    insta::assert_snapshot!(shown);
}

#[test]
fn kiosk_send_failure_says_so() {
    let q = questionnaire("small.toml");
    let mut kiosk = kiosk(&q, true);
    press(&mut kiosk, "\n3\n3\n\ns");
    assert!(kiosk.take_send());
    kiosk.sent(Err("the reception folder /srv/spool does not exist".into()));
    insta::assert_snapshot!(screen(&mut kiosk, 80, 24));
}

/// The built-in questions in the kiosk at one grid in one language, as a patient with
/// sciatica meets them: the first question, "where" with her areas ticked (the body map
/// beside the answers), the longest question (`leg`), and the result; one snapshot.
fn built_in_at(language: usize, width: u16, height: u16) -> String {
    let languages = both();
    let q = &languages[language];
    let mut kiosk = Kiosk::new(q, kiosk_config());
    kiosk.resize(width, height);
    press(&mut kiosk, "\n");
    let mut shown = String::new();
    for answer in answers_of(q, "nerve: classic sciatica after lifting") {
        let painpath::ui::tui::Screen::Question(choice) = kiosk.app().screen() else {
            panic!("not on a question");
        };
        let id = q.question(choice.question).id.clone();
        if id == "where" {
            press(&mut kiosk, &typed(&answer));
        }
        if ["red_flags", "where", "leg"].contains(&id.as_str()) {
            shown.push_str(&format!("{id}:\n{}", rows(&mut kiosk, width, height)));
        }
        if id != "where" {
            press(&mut kiosk, &typed(&answer));
        }
        press(&mut kiosk, "\n");
    }
    press(&mut kiosk, "⇲\n");
    shown.push_str(&format!("result:\n{}", rows(&mut kiosk, width, height)));
    shown
}

#[test]
fn kiosk_built_in_at_each_grid_in_english_and_spanish() {
    for (language, tag) in ["en", "es"].into_iter().enumerate() {
        for (width, height) in GRIDS {
            let name = format!("kiosk_built_in_{width}x{height}_{tag}");
            insta::assert_snapshot!(name, built_in_at(language, width, height));
        }
    }
}

/// Next before any answer is tapped answers nothing: a tap that missed the answers must not
/// leave the first one ("Under 16") as the answer.
#[test]
fn kiosk_next_before_a_tap_asks_for_an_answer() {
    let q = questionnaire("small.toml");
    let mut kiosk = kiosk(&q, false);
    press(&mut kiosk, "\n3\n\n");
    let shown = screen(&mut kiosk, 80, 24);
    assert!(shown.contains("Where is the pain?"), "{shown}");
    assert!(shown.contains("! Please tap an answer first."), "{shown}");
    assert_eq!(
        kiosk.session().trail().len(),
        1,
        "only the first question answered"
    );
    press(&mut kiosk, "2\n");
    assert!(!screen(&mut kiosk, 80, 24).contains("Where is the pain?"));
}
