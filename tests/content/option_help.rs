//! An option's `help` in the questions file and its translation: the built-in questions give
//! it where a patient could read an answer another way, both languages load, and a broken
//! help is refused with the option named (the fixtures `tests/fixtures/broken/option_help_*`,
//! and the built-in translation with one help taken out).

use painpath::content::diagnostic::LoadError;
use painpath::content::translate::translate;
use painpath::content::validate::load;

fn broken(name: &str) -> LoadError {
    let path = format!(
        "{}/tests/fixtures/broken/{name}.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    load(&format!("{name}.toml"), &text).expect_err("the fixture is broken")
}

#[test]
fn the_built_in_questions_explain_the_words_patients_hesitated_over() {
    let q = painpath::default_questionnaire().expect("built-in questions load");
    let help = |question: &str, option: &str| {
        let question = q
            .questions
            .iter()
            .find(|x| x.id == question)
            .expect(question);
        let option = question
            .options
            .iter()
            .find(|o| o.id == option)
            .expect(option);
        option
            .help
            .clone()
            .unwrap_or_else(|| panic!("{} has no help", option.id))
    };
    for (question, option) in [
        ("where", "buttock"),
        ("where", "hip"),
        ("where", "groin"),
        ("where", "back_thigh"),
        ("where", "outer_thigh"),
        ("red_flags", "saddle"),
        ("leg", "saddle"),
        ("injury_check", "major"),
        ("leg", "foot_drop"),
        ("inflammatory", "stiff"),
        ("inflammatory", "linked"),
    ] {
        assert!(!help(question, option).is_empty());
    }
    assert!(help("red_flags", "saddle").contains("saddle"));
    // "The whole leg" is the question's own help: pick every part.
    let where_ = q.questions.iter().find(|x| x.id == "where").expect("where");
    assert!(
        where_
            .help
            .as_deref()
            .unwrap_or_default()
            .contains("whole leg")
    );
}

#[test]
fn every_option_help_is_translated_in_the_built_in_spanish() {
    let languages = painpath::default_languages().unwrap_or_else(|e| panic!("{e}"));
    let es = languages.get("es").expect("Spanish");
    let mut explained = 0;
    for (en, es) in languages.base.questions.iter().zip(&es.questions) {
        for (a, b) in en.options.iter().zip(&es.options) {
            assert_eq!(a.help.is_some(), b.help.is_some(), "{}.{}", en.id, a.id);
            if let (Some(a), Some(b)) = (&a.help, &b.help) {
                assert_ne!(a, b, "{}: translated", en.id);
                explained += 1;
            }
        }
    }
    assert!(explained >= 30, "{explained}");
}

#[test]
fn a_help_too_long_is_refused_naming_the_option() {
    let err = broken("option_help_too_long");
    let shown = err.to_string();
    assert_eq!(err.problems.len(), 1, "{shown}");
    let p = &err.problems[0];
    assert_eq!((p.line, p.column), (38, 39), "{shown}");
    assert_eq!(
        p.message,
        "the help of option \"hip\" of \"where\" is 279 characters; an option's help may have \
         at most 240"
    );
    assert!(
        shown.contains("= hint: keep it to a line or two"),
        "{shown}"
    );
}

#[test]
fn a_control_character_in_help_is_refused_naming_the_option() {
    let err = broken("option_help_control_char");
    let shown = err.to_string();
    assert_eq!(err.problems.len(), 1, "{shown}");
    let p = &err.problems[0];
    assert_eq!(
        p.message,
        "the help of option \"hip\" of \"where\" contains a control character (U+0007) at \
         character 15 of the help"
    );
    // The caret points at the escape that writes it.
    assert_eq!((p.line, p.column), (38, 54), "{shown}");
    assert!(shown.contains("remove the character"), "{shown}");
}

#[test]
fn the_built_in_translation_without_one_help_names_it() {
    let base = load(
        painpath::DEFAULT_QUESTIONS_NAME,
        painpath::DEFAULT_QUESTIONS,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let spanish =
        std::fs::read_to_string(format!("{}/questions.es.toml", env!("CARGO_MANIFEST_DIR")))
            .expect("the built-in translation");
    let without: String = spanish
        .lines()
        .filter(|l| !(l.starts_with("hip = ") && l.contains("sobresale")))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(without, spanish, "the help of where.hip was taken out");
    let err = translate(&base, "questions.es.toml", &without).expect_err("a help is missing");
    let shown = err.to_string();
    assert_eq!(err.problems.len(), 1, "{shown}");
    let p = &err.problems[0];
    assert_eq!(
        p.message,
        "the help of option \"hip\" of \"where\" has no translation"
    );
    let table = without
        .lines()
        .position(|l| l == "[questions.where.option_help]")
        .expect("the table")
        + 1;
    assert_eq!(p.line, table, "{shown}");
    assert!(
        shown.contains(
            "add hip = \"...\" to [questions.where.option_help] (in English: \"The bony point"
        ),
        "{shown}"
    );
}
