//! Whole-screen snapshots of kiosk mode, drawn into a `TestBackend` as keys, taps and time
//! arrive. They use `tests/fixtures/small.toml`.

use std::time::{Duration, Instant};

use painpath::content::model::Questionnaire;
use painpath::ui::kiosk::config::KioskSettings;
use painpath::ui::kiosk::pin::PinHash;
use painpath::ui::kiosk::{Kiosk, KioskConfig};
use painpath::ui::tui::Config;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn small() -> Questionnaire {
    let text = include_str!("../fixtures/small.toml");
    match painpath::content::validate::load("tests/fixtures/small.toml", text) {
        Ok(q) => q,
        Err(err) => panic!("{err}"),
    }
}

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

/// Sends keys: `\n` Enter, anything else as itself.
fn press(kiosk: &mut Kiosk, keys: &str) {
    for c in keys.chars() {
        let code = match c {
            '\n' => KeyCode::Enter,
            c => KeyCode::Char(c),
        };
        kiosk.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    }
}

/// The screen as text, as the kiosk loop draws it, then where the cursor is (if shown).
fn screen(kiosk: &Kiosk) -> String {
    let mut terminal = match Terminal::new(TestBackend::new(80, 24)) {
        Ok(terminal) => terminal,
        Err(never) => match never {},
    };
    let mut cursor = None;
    let drawn = terminal.draw(|frame| {
        let area = frame.area();
        frame.render_widget(kiosk, area);
        cursor = kiosk.cursor_position(area);
        if let Some(position) = cursor {
            frame.set_cursor_position(position);
        }
    });
    if let Err(never) = drawn {
        match never {}
    }
    let cursor = match cursor {
        Some(p) => format!("cursor at column {}, row {}", p.x, p.y),
        None => "cursor hidden".to_string(),
    };
    format!("{}{cursor}\n", terminal.backend())
}

#[test]
fn kiosk_welcome_in_block_letters() {
    let q = small();
    let kiosk = kiosk(&q, false);
    let shown = screen(&kiosk);
    assert!(shown.contains("Touch the screen or press any key to start"));
    assert!(shown.contains("█████"), "block letters");
    insta::assert_snapshot!(shown);
}

#[test]
fn kiosk_welcome_with_a_title_too_long_for_block_letters_shows_its_name_in_them() {
    let q = painpath::default_questionnaire().expect("built-in questions load");
    let kiosk = kiosk(&q, false);
    let shown = screen(&kiosk);
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
    let q = small();
    let mut kiosk = kiosk(&q, false);
    press(&mut kiosk, "\n3\n2");
    insta::assert_snapshot!(screen(&kiosk));
}

#[test]
fn kiosk_scale_scrolls_with_buttons() {
    let q = small();
    let mut kiosk = kiosk(&q, false);
    press(&mut kiosk, "\n3\n1\nn\n");
    insta::assert_snapshot!(screen(&kiosk));
}

#[test]
fn kiosk_idle_warning() {
    let q = small();
    let mut kiosk = kiosk(&q, false);
    let t0 = Instant::now();
    kiosk.on_tick(t0);
    press(&mut kiosk, "\n3\n");
    kiosk.on_tick(t0);
    kiosk.on_tick(t0 + Duration::from_secs(97));
    insta::assert_snapshot!(screen(&kiosk));
}

#[test]
fn kiosk_pin_prompt() {
    let q = small();
    let mut kiosk = kiosk(&q, false);
    press(&mut kiosk, "\n");
    kiosk.handle_key(KeyEvent::new(KeyCode::F(10), KeyModifiers::NONE));
    press(&mut kiosk, "246");
    insta::assert_snapshot!(screen(&kiosk));
}

#[test]
fn kiosk_result_offers_sending_to_reception() {
    let q = small();
    let mut kiosk = kiosk(&q, true);
    press(&mut kiosk, "\n3\n3\n\n");
    insta::assert_snapshot!(screen(&kiosk));
}

#[test]
fn kiosk_all_done() {
    let q = small();
    let mut kiosk = kiosk(&q, false);
    press(&mut kiosk, "\n3\n3\n\n\n");
    insta::assert_snapshot!(screen(&kiosk));
}

#[test]
fn kiosk_hand_off_code() {
    let q = small();
    let mut kiosk = kiosk(&q, true);
    press(&mut kiosk, "\n3\n3\n\ns");
    assert!(kiosk.take_send());
    kiosk.sent(Ok("K7F3".into()));
    let shown = screen(&kiosk);
    assert!(shown.contains("Your code: K7F3, please give it at the desk."));
    insta::assert_snapshot!(shown);
}

#[test]
fn kiosk_send_failure_says_so() {
    let q = small();
    let mut kiosk = kiosk(&q, true);
    press(&mut kiosk, "\n3\n3\n\ns");
    assert!(kiosk.take_send());
    kiosk.sent(Err("the reception folder /srv/spool does not exist".into()));
    insta::assert_snapshot!(screen(&kiosk));
}
