//! Whole-screen snapshots of kiosk mode, drawn into a `TestBackend` as keys, taps and time
//! arrive. They use `tests/fixtures/small.toml`.

use std::time::{Duration, Instant};

use painpath::content::model::Questionnaire;
use painpath::ui::kiosk::config::KioskSettings;
use painpath::ui::kiosk::pin::PinHash;
use painpath::ui::kiosk::{Kiosk, KioskConfig};
use painpath::ui::tui::Config;
use ratatui::crossterm::event::KeyCode;

use crate::common::screen::{key, press, questionnaire, screen};

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
fn kiosk_scale_scrolls_with_buttons() {
    let q = questionnaire("small.toml");
    let mut kiosk = kiosk(&q, false);
    press(&mut kiosk, "\n3\n1\nn\n");
    insta::assert_snapshot!(screen(&mut kiosk, 80, 24));
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
