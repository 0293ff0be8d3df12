//! A questionnaire whose `meta.language` is `es` brings the Spanish catalogue
//! (`words/es.toml`) to every screen: the TUI, plain mode, the kiosk and the summary. Each
//! screen is drawn at 80x24 and checked twice: its Spanish words are there whole (buttons
//! included, so nothing is cut off), and no English text of the interface is left. The English
//! texts come from `words/en.toml` itself, minus those that read the same in Spanish or that the
//! (English) test questionnaire's own content holds.

use std::time::{Duration, Instant};

use painpath::content::model::Questionnaire;
use painpath::engine::session::{Answer, Session};
use painpath::ui::kiosk::config::KioskSettings;
use painpath::ui::kiosk::pin::PinHash;
use painpath::ui::kiosk::{Kiosk, KioskConfig};
use painpath::ui::tui::{App, Config};
use ratatui::crossterm::event::KeyCode;

use crate::common::screen::{draw, key, press, questionnaire, rows, text};

const SMALL: &str = include_str!("../fixtures/small.toml");

/// tests/fixtures/small.toml, said to be in Spanish.
fn spanish() -> Questionnaire {
    let mut q = questionnaire("small.toml");
    q.meta.language = "es".into();
    q
}

/// Every string of a TOML text, by dotted key.
fn strings(source: &str) -> Vec<(String, String)> {
    fn walk(prefix: &str, value: &toml::Value, out: &mut Vec<(String, String)>) {
        match value {
            toml::Value::String(text) => out.push((prefix.to_string(), text.clone())),
            toml::Value::Array(items) => items.iter().for_each(|v| walk(prefix, v, out)),
            toml::Value::Table(table) => {
                for (key, value) in table {
                    walk(&format!("{prefix}.{key}"), value, out);
                }
            }
            _ => {}
        }
    }
    let table: toml::Value = toml::from_str(source).expect("TOML");
    let mut out = Vec::new();
    walk("", &table, &mut out);
    out
}

/// The English interface texts that must not show on a Spanish screen: for each text, its
/// longest stretch without a placeholder, cut to its first four words (a long text is wrapped
/// over lines). Left out: texts that read the same in Spanish, and texts the questionnaire's
/// content holds (its prompts and results are in English here; they are not the interface).
fn english_interface() -> Vec<String> {
    let english = strings(include_str!("../../words/en.toml"));
    let spanish_texts = strings(include_str!("../../words/es.toml"));
    // The content: the file's texts, and the options the loader writes (yes and no).
    let mut content: Vec<String> = strings(SMALL).into_iter().map(|(_, t)| t).collect();
    for question in &spanish().questions {
        content.extend(question.options.iter().map(|o| o.label.clone()));
    }
    let mut needles = Vec::new();
    for (key, text) in english {
        if key.starts_with(".session_end") || key.starts_with(".common.typed_") {
            continue;
        }
        let same = spanish_texts.iter().any(|(k, t)| *k == key && *t == text);
        let stretch = text
            .split(['{', '}'])
            .max_by_key(|s| s.len())
            .unwrap_or_default();
        let needle = stretch
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        if same || needle.chars().filter(|c| c.is_alphabetic()).count() < 3 {
            continue;
        }
        if content.iter().any(|c| c.contains(&needle)) {
            continue;
        }
        needles.push(needle);
    }
    assert!(needles.len() > 100, "only {} English texts", needles.len());
    needles
}

/// The text with box lines, scrollbars and block letters taken out and runs of spaces made
/// one, so a paragraph wrapped over rows reads as one line.
fn flat(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| match c {
            '│' | '─' | '┌' | '┐' | '└' | '┘' | '█' | '░' | '"' => ' ',
            c => c,
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Does `needle` stand in `haystack` as whole words?
fn has_words(haystack: &str, needle: &str) -> bool {
    let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    haystack.match_indices(needle).any(|(at, _)| {
        edge(haystack[..at].chars().next_back())
            && edge(haystack[at + needle.len()..].chars().next())
    })
}

/// Fails if `shown` lacks one of `spanish` (each as it is, so a cut-off button fails) or holds
/// an English interface text.
fn assert_spanish(what: &str, shown: &str, spanish: &[&str]) {
    for want in spanish {
        assert!(shown.contains(want), "{what}: no {want:?} in\n{shown}");
    }
    let flat = flat(shown);
    for english in english_interface() {
        assert!(
            !has_words(&flat, &english),
            "{what}: English {english:?} in\n{shown}"
        );
    }
}

#[test]
fn the_tui_speaks_spanish_on_every_screen_at_80x24() {
    let q = spanish();
    let mut app = App::new(&q, Config::default());
    let shown = rows(&mut app, 80, 24);
    assert_spanish(
        "welcome",
        &shown,
        &[
            "Bienvenida",
            "Si es una emergencia, llame ahora al número de emergencias.",
            "Teclas",
            "[ Salir ]",
            "[ Empezar ]",
            "Enter empezar  ↑↓ mover  ? ayuda  q salir",
        ],
    );

    press(&mut app, "\n");
    let shown = rows(&mut app, 80, 24);
    assert_spanish(
        "multiple choice",
        &shown,
        &[
            "Pregunta 1 de 4 como máximo",
            "Marque todas las que correspondan con Espacio y pulse Enter.",
            "[ Atrás ]  [ Ayuda ]  [ Salir ]",
            "[ Seguir ]",
            "Espacio marcar",
        ],
    );
    press(&mut app, "\n");
    let shown = rows(&mut app, 80, 24);
    assert_spanish("nothing picked", &shown, &["! elija al menos una opción"]);

    press(&mut app, "3\n");
    let shown = rows(&mut app, 80, 24);
    assert_spanish(
        "single choice",
        &shown,
        &[
            "Pregunta 2 de 4 como máximo",
            "Elija una y pulse Enter.",
            "↑↓ mover  1-9 elegir  Enter seguir  ← atrás  ? ayuda  q salir",
        ],
    );

    // The yes-no question takes s for sí, as its keys say.
    press(&mut app, "1\n");
    let shown = rows(&mut app, 80, 24);
    assert_spanish(
        "yes-no",
        &shown,
        &["Elija sí o no y pulse Enter.", "s n elegir"],
    );
    press(&mut app, "s\n");
    let shown = rows(&mut app, 80, 24);
    assert_spanish(
        "scale",
        &shown,
        &["Elija un número del 0 al 10 y pulse Enter.", "0-9 elegir"],
    );

    press(&mut app, "3\n");
    let shown = rows(&mut app, 80, 24);
    assert_spanish(
        "review",
        &shown,
        &[
            "Revise sus respuestas",
            "Sus respuestas",
            "Groin pain: Yes",
            "Pain score: 3 de 10",
            "Ver mi resultado →",
            "[ Ver resultado ]",
            "Enter elegir",
        ],
    );

    press(&mut app, "\n");
    let shown = rows(&mut app, 80, 24);
    assert_spanish(
        "result",
        &shown,
        &[
            "Su resultado",
            "Por qué este resultado",
            "[ Revisar ]  [ Empezar de nuevo ]  [ Salir ]",
            "↑↓ mover  r revisar  e empezar de nuevo  q salir",
        ],
    );
    // Scrolled to the end: the rest of the result.
    key(&mut app, KeyCode::End);
    let shown = rows(&mut app, 80, 24);
    assert_spanish(
        "result, end",
        &shown,
        &[
            "Cuándo pedir ayuda",
            "Pida ayuda antes si:",
            "Fuentes",
            "Article A. Publisher A.",
        ],
    );

    press(&mut app, "?");
    let shown = rows(&mut app, 80, 24);
    assert_spanish(
        "help",
        &shown,
        &[
            "Ayuda · cualquier tecla cierra",
            // A key name longer than its column has a line of its own.
            "│   RePág AvPág Espacio ",
            "│                   mover una página",
            "Pulse cualquier tecla para cerrar.",
        ],
    );
    press(&mut app, " q");
    let shown = rows(&mut app, 80, 24);
    assert_spanish(
        "quit",
        &shown,
        &[
            "¿Salir de painpath?",
            "[ s  Sí, salir ]",
            "[ n  No, seguir ]",
        ],
    );
    press(&mut app, "s");
    assert!(!app.is_running(), "s (sí) quits");
}

#[test]
fn the_tui_raised_result_and_too_small_note_speak_spanish() {
    let q = spanish();
    let mut app = App::new(&q, Config::default());
    // Fever raises the back result to "soon".
    press(&mut app, "\n2\n1\nn\n3\n\n");
    let shown = rows(&mut app, 80, 24);
    assert_spanish(
        "raised result",
        &shown,
        &["Lo hemos subido desde «Self-care» porque nos dijo: Fever."],
    );
    let shown = rows(&mut app, 30, 8);
    assert_spanish(
        "too small",
        &shown,
        &["Agrande la ventana, por", "esta mide 30x8."],
    );
}

#[test]
fn the_kiosk_touch_layout_speaks_spanish_and_its_buttons_fit() {
    let q = spanish();
    let mut kiosk = Kiosk::new(
        &q,
        KioskConfig {
            settings: KioskSettings::default(),
            pin: PinHash::new("2468", b"salt", 2),
            handoff: true,
            tui: Config::default(),
        },
    );
    kiosk.resize(80, 24);
    assert_spanish(
        "kiosk welcome",
        &text(&draw(&kiosk, 80, 24)),
        &["│  Toque la pantalla o pulse una tecla para empezar  │"],
    );
    let t0 = Instant::now();
    kiosk.on_tick(t0);
    press(&mut kiosk, "\n");
    kiosk.on_tick(t0);
    assert_spanish(
        "kiosk question",
        &text(&draw(&kiosk, 80, 24)),
        &[
            "Toque todas las que correspondan y luego Seguir.",
            "│ ◀ Atrás │",
            "│ Seguir ▶ │",
            "Toque elegir  ↑↓ mover  Enter seguir",
        ],
    );
    kiosk.on_tick(t0 + Duration::from_secs(97));
    assert_spanish(
        "idle warning",
        &text(&draw(&kiosk, 80, 24)),
        &[
            "¿Sigue ahí?",
            "¿Sigue usted ahí?",
            "Sus respuestas se borrarán en 23 segundos.",
            "Toque la pantalla o pulse una tecla para seguir.",
        ],
    );
    kiosk.on_tick(t0 + Duration::from_secs(119));
    assert_spanish(
        "idle warning, last second",
        &text(&draw(&kiosk, 80, 24)),
        &["Sus respuestas se borrarán en 1 segundo."],
    );
    press(&mut kiosk, "x3\n3\n\n");
    assert_spanish(
        "kiosk result",
        &text(&draw(&kiosk, 80, 24)),
        &[
            "│ ◀ Respuestas │",
            "│ ▲ │",
            "│ Enviar a recepción │",
            "│ Terminar │",
            "↑↓ mover  ← respuestas  e enviar  Enter terminar",
        ],
    );
    // "s" is yes in Spanish, so it sends nothing here; "e" (enviar) sends.
    press(&mut kiosk, "s");
    assert!(!kiosk.take_send());
    press(&mut kiosk, "e");
    assert!(kiosk.take_send());
    assert_spanish(
        "sending",
        &text(&draw(&kiosk, 80, 24)),
        &["Enviando sus respuestas a recepción…", "Espere un momento"],
    );
    kiosk.sent(Err("the reception folder did not answer".into()));
    assert_spanish(
        "not sent",
        &text(&draw(&kiosk, 80, 24)),
        &[
            "No enviado",
            "No se pudieron enviar sus respuestas a recepción.",
        ],
    );
    press(&mut kiosk, "x");
    press(&mut kiosk, "s");
    kiosk.sent(Ok("K7F3".into()));
    assert_spanish(
        "code",
        &text(&draw(&kiosk, 80, 24)),
        &[
            "Su código:",
            "Su código es K7F3. Dígalo en el mostrador, por favor.",
            "Recepción ya tiene sus respuestas.",
            "│   Terminar   │",
        ],
    );
    press(&mut kiosk, "\n");
    assert_spanish(
        "all done",
        &text(&draw(&kiosk, 80, 24)),
        &[
            "Ha terminado. Avise en recepción, por favor.",
            "Toque la pantalla para terminar.",
            "█",
        ],
    );
}

#[test]
fn plain_mode_speaks_spanish_and_takes_s_for_si() {
    let q = spanish();
    let mut out = Vec::new();
    // A wrong number, then where = hip, groin pain = sí, then what next: quit.
    let input: &[u8] = b"3\n9\n2\ns\n\nx\nq\n";
    let session = painpath::ui::plain::run_with_width(&q, input, &mut out, None, 80).expect("runs");
    let outcome = session.assessment().map(|a| a.outcome.id.clone());
    assert_eq!(outcome.as_deref(), Some("hip_result"));
    let out = String::from_utf8(out).expect("UTF-8");
    assert_spanish(
        "plain",
        &out,
        &[
            "Si es una emergencia, llame ahora al número de emergencias.",
            "Escriba el número de su respuesta y pulse Enter.",
            "Pregunta 1 de 4 como máximo",
            "Elija una o más: escriba sus números, separados por espacios o comas.",
            "? = ayuda",
            "Perdone: 9 no es una opción; escriba un número del 1 al 3.",
            "b = atrás, ? = ayuda",
            "Elija una: escriba su número, o s para sí, n para no.",
            "Sus respuestas:",
            "RESULTADO: Hip",
            "Por qué este resultado:",
            "Cuándo pedir ayuda:",
            "Fuentes:",
            "¿Qué quiere hacer ahora?",
            "  r = revisar o cambiar sus respuestas",
            "Perdone: escriba m, r, e o q.",
        ],
    );
}

#[test]
fn plain_help_and_errors_speak_spanish() {
    let q = spanish();
    let mut out = Vec::new();
    let input: &[u8] = b"?\n\nx\n3\n1\n?\nb\n\nn\n11\n4\n\nq\n";
    painpath::ui::plain::run_with_width(&q, input, &mut out, None, 80).expect("runs");
    let out = String::from_utf8(out).expect("UTF-8");
    assert_spanish(
        "plain help",
        &out,
        &[
            "Esta pregunta no tiene más ayuda.",
            "Teclas:",
            "  s n    sí o no, cuando la pregunta lo pide",
            "Escriba una respuesta, por favor.",
            "Perdone: «x» no es un número.",
            "Escriba un número del 0 = no pain al 10 = worst.",
            "Perdone: escriba un número del 0 al 10.",
            "Enter deja su respuesta anterior",
        ],
    );
}

#[test]
fn the_summary_is_written_in_spanish() {
    let q = spanish();
    let mut session = Session::new(&q);
    for answer in [
        Answer::many([1]),
        Answer::one(0),
        Answer::one(1),
        Answer::Scale(3),
    ] {
        session.answer(answer).expect("answered");
    }
    let assessment = session.assessment().expect("a result");
    let at = time::macros::datetime!(2026-11-21 19:48:05 UTC);
    let text = painpath::output::report::summary(&q, &assessment, at);
    assert_spanish(
        "summary",
        &text,
        &[
            "# Small test questionnaire: su resumen",
            "Fecha y hora: sábado 21 de noviembre de 2026, 19:48 UTC",
            "## Sus respuestas",
            "   3 de 10",
            "## Resultado: Back",
            "## Por qué\n",
            "## Qué puede hacer ahora\n\nNo hay consejos especiales para este resultado.",
            "## Qué debe evitar",
            "## Cuándo pedir ayuda",
            "Pida ayuda antes si:",
            "## Fuentes",
            "_Small test questionnaire versión 1.0.0, painpath",
        ],
    );
}
