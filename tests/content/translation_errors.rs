//! Broken translations of tests/fixtures/small.toml (tests/fixtures/translations/), each
//! refused with a located message: file:line:column in the translation, and a hint; and the
//! one optional table, `[sources.<id>]`, applied where it is given.

use painpath::content::diagnostic::LoadError;
use painpath::content::translate::translate;
use painpath::engine::replay::{GivenAnswer, replay};
use painpath::output::result::source_line;
use painpath::ui::plain::write_result;

fn small() -> painpath::content::model::Questionnaire {
    painpath::content::validate::load("small.toml", include_str!("../fixtures/small.toml"))
        .unwrap_or_else(|e| panic!("{e}"))
}

fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/translations/{name}.es.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(path).expect("fixture")
}

fn errors_of(name: &str) -> (String, LoadError) {
    let text = fixture(name);
    match translate(&small(), &format!("{name}.es.toml"), &text) {
        Ok(_) => panic!("{name}.es.toml applied, but it is broken"),
        Err(err) => (text, err),
    }
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in the fixture"))
        + 1
}

/// Asserts the one problem: on the line holding `at`, its message and hint.
fn assert_one(name: &str, at: &str, message: &str, hint: &str) {
    let (text, err) = errors_of(name);
    let shown = err.to_string();
    assert_eq!(err.problems.len(), 1, "{shown}");
    let p = &err.problems[0];
    assert_eq!(p.line, line_of(&text, at), "{shown}");
    assert!(p.message.contains(message), "{shown}");
    assert!(p.hint.as_deref().unwrap_or("").contains(hint), "{shown}");
    assert!(
        shown.starts_with(&format!("{name}.es.toml:{}:{}: error: ", p.line, p.column)),
        "{shown}"
    );
}

#[test]
fn an_option_without_its_label_is_named_at_its_options_table() {
    assert_one(
        "missing_label",
        "[questions.where.options]",
        "option \"knee\" of \"where\" has no translation",
        "add knee = \"...\" to [questions.where.options] (in English: \"Knee\")",
    );
}

#[test]
fn a_question_the_base_does_not_have_is_refused_with_did_you_mean_and_the_real_one_missing() {
    let (text, err) = errors_of("unknown_question");
    let shown = err.to_string();
    assert_eq!(err.problems.len(), 2, "{shown}");
    let unknown = err
        .problems
        .iter()
        .find(|p| {
            p.message
                .contains("question \"gorin\" is not in the questions")
        })
        .expect("the unknown id");
    assert_eq!(unknown.line, line_of(&text, "[questions.gorin]"), "{shown}");
    assert_eq!(unknown.hint.as_deref(), Some("did you mean \"groin\"?"));
    assert!(
        err.problems
            .iter()
            .any(|p| p.message == "questions \"groin\" has no translation"),
        "{shown}"
    );
}

#[test]
fn a_translation_of_an_older_version_is_refused() {
    assert_one(
        "old_version",
        "version = \"0.9.0\"",
        "this translates version 0.9.0 of the questions, which are now version 1.0.0",
        "version = \"1.0.0\"",
    );
}

#[test]
fn a_list_of_another_length_is_refused() {
    let (text, err) = errors_of("wrong_list_length");
    assert_eq!(err.problems.len(), 1, "{err}");
    let p = &err.problems[0];
    // At the knee outcome's `advice = [`, the line above its first item.
    assert_eq!(p.line, line_of(&text, "Descanse.") - 1, "{err}");
    assert!(
        p.message
            .contains("`advice` has 2 item(s), the questions' has 1"),
        "{err}"
    );
    assert!(
        p.hint
            .as_deref()
            .unwrap_or("")
            .contains("the first in English: \"Rest.\""),
        "{err}"
    );
}

#[test]
fn a_control_character_is_refused_where_it_is_written() {
    let (text, err) = errors_of("control_character");
    let p = &err.problems[0];
    assert_eq!(p.line, line_of(&text, "Cad\\u001b"));
    assert!(p.message.contains("a control character (U+001B)"), "{err}");
    assert!(
        !err.to_string().contains('\u{1b}'),
        "the error carries the escape"
    );
}

#[test]
fn an_emoji_with_a_skin_tone_modifier_is_refused_as_in_the_base() {
    assert_one(
        "emoji_modifier",
        "Cadera \u{1F44D}",
        "an emoji with a skin-tone modifier (U+1F44D U+1F3FD)",
        "columns",
    );
}

#[test]
fn a_time_frame_in_an_outcomes_own_spanish_text_is_refused() {
    assert_one(
        "time_frame",
        "explanation = \"Vea a su médico en unos días.\"",
        "outcome \"knee_result\" says \"en unos días\"",
        "the disposition's text says how soon",
    );
}

#[test]
fn a_source_the_base_does_not_have_is_refused_with_did_you_mean() {
    assert_one(
        "unknown_source",
        "[sources.b]",
        "source \"b\" is not in the questions",
        "did you mean \"a\"?",
    );
}

#[test]
fn a_source_key_that_is_not_title_or_publisher_is_refused_with_did_you_mean() {
    assert_one(
        "unknown_source_key",
        "publicher = ",
        "unknown field `publicher`",
        "did you mean `publisher`?",
    );
}

#[test]
fn a_translated_source_title_and_publisher_replace_the_english_on_the_result() {
    let base = small();
    let text = format!(
        "{}\n[sources.a]\ntitle = \"Artículo A (su parte sobre la rodilla)\"\n\
         publisher = \"Editorial A\"\n",
        include_str!("../fixtures/small.es.toml")
    );
    let (es, _) = translate(&base, "sources.es.toml", &text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        es.sources[0].title,
        "Artículo A (su parte sobre la rodilla)"
    );
    assert_eq!(es.sources[0].publisher.as_deref(), Some("Editorial A"));
    assert_eq!(es.sources[0].date, base.sources[0].date);

    let given: Vec<GivenAnswer> = ["flags=none", "where=knee"]
        .iter()
        .map(|a| a.parse().expect("q=a"))
        .collect();
    let session = replay(&es, &given).unwrap_or_else(|e| panic!("{e:#}"));
    let assessment = session.assessment().expect("a result");
    assert_eq!(assessment.outcome.id, "knee_result");
    let words = painpath::content::words::of(&es);
    let line = source_line(assessment.sources[0], words);
    assert!(
        line.starts_with("Artículo A (su parte sobre la rodilla)"),
        "{line}"
    );
    assert!(line.contains("Editorial A"), "{line}");
    let mut out = Vec::new();
    write_result(&es, &assessment, 100, &mut out).expect("written");
    let shown = String::from_utf8(out).expect("UTF-8");
    assert!(shown.contains(&line), "{shown}");
    assert!(
        !shown.contains("Article A") && !shown.contains("Publisher A"),
        "{shown}"
    );
}

#[test]
fn a_source_not_given_stays_as_written() {
    let base = small();
    let (es, _) = translate(
        &base,
        "small.es.toml",
        include_str!("../fixtures/small.es.toml"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(es.sources[0].title, "Article A");
    assert_eq!(es.sources[0].publisher.as_deref(), Some("Publisher A"));
}
