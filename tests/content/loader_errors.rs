//! Each kind of broken questions file gets a located error with a hint.
//! The fixtures in tests/fixtures/broken/ are tests/fixtures/small.toml with one fault each.

use painpath::content::diagnostic::{LoadError, Problem};
use painpath::content::validate::load;

fn errors_of(name: &str) -> LoadError {
    let path = format!(
        "{}/tests/fixtures/broken/{name}.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    match load(&format!("{name}.toml"), &text) {
        Ok(_) => panic!("{name}.toml loaded, but it is broken"),
        Err(err) => err,
    }
}

/// Asserts the problems of a fixture, in order: (line, column, message part, hint part).
fn assert_problems(name: &str, expected: &[(usize, usize, &str, &str)]) {
    let err = errors_of(name);
    let shown = err.to_string();
    let got: Vec<&Problem> = err.problems.iter().collect();
    assert_eq!(got.len(), expected.len(), "{name}: problems were\n{shown}");
    for (problem, (line, column, message, hint)) in got.iter().zip(expected) {
        assert_eq!(
            (problem.line, problem.column),
            (*line, *column),
            "{name}:\n{shown}"
        );
        assert!(
            problem.message.contains(message),
            "{name}: {:?} lacks {message:?}",
            problem.message
        );
        let got_hint = problem.hint.as_deref().unwrap_or("");
        assert!(
            got_hint.contains(hint),
            "{name}: hint {got_hint:?} lacks {hint:?}"
        );
        let header = format!("{name}.toml:{line}:{column}: error: ");
        assert!(
            shown.contains(&header),
            "{name}: output lacks {header:?}:\n{shown}"
        );
    }
}

#[test]
fn toml_syntax_error_is_located() {
    assert_problems("syntax", &[(85, 14, "invalid basic string", "")]);
}

#[test]
fn unknown_key_suggests_the_right_one() {
    assert_problems(
        "unknown_key",
        &[(62, 1, "unknown field `promt`", "did you mean `prompt`?")],
    );
}

#[test]
fn wrong_type_is_located() {
    assert_problems("wrong_type", &[(23, 48, "expected a boolean", "")]);
}

#[test]
fn duplicate_id_points_at_the_first_use() {
    assert_problems(
        "duplicate_id",
        &[(
            138,
            6,
            "duplicate id \"knee_result\"",
            "first used on line 84",
        )],
    );
}

#[test]
fn unknown_goto_suggests_the_nearest_id() {
    assert_problems(
        "unknown_goto",
        &[(
            57,
            8,
            "\"hip_reslt\" names no question or outcome",
            "did you mean \"hip_result\"?",
        )],
    );
}

#[test]
fn unknown_option_reference_suggests_the_nearest_option() {
    assert_problems(
        "unknown_option",
        &[(
            56,
            8,
            "\"hp\" names no option of question \"where\"",
            "did you mean \"where.hip\"?",
        )],
    );
}

#[test]
fn unknown_body_area_suggests_the_nearest_area() {
    assert_problems(
        "unknown_body_area",
        &[(
            37,
            45,
            "\"low_bak\" is no area of the body map",
            "did you mean \"low_back\"?",
        )],
    );
}

#[test]
fn a_body_area_named_twice_in_one_question_is_refused() {
    assert_problems(
        "body_area_twice",
        &[(
            39,
            41,
            "option \"knee\" names the area \"knee\", which option \"hip\" names already",
            "name each area once",
        )],
    );
}

#[test]
fn unknown_source_is_located() {
    assert_problems(
        "unknown_source",
        &[(90, 12, "\"b\" names no source", "did you mean \"a\"?")],
    );
}

#[test]
fn cycle_is_reported_at_the_edge_that_closes_it() {
    assert_problems(
        "cycle",
        &[(
            66,
            11,
            "leads from \"severity\" back to \"where\", which makes a cycle",
            "only move forward",
        )],
    );
}

#[test]
fn unreachable_question_and_what_it_alone_led_to_are_reported() {
    assert_problems(
        "unreachable_question",
        &[
            (
                49,
                6,
                "question \"groin\" is reached by no path",
                "the start is \"flags\"",
            ),
            (
                96,
                6,
                "outcome \"hip_result\" is reached by no path",
                "point a rule",
            ),
        ],
    );
}

#[test]
fn unreachable_outcome_is_reported() {
    assert_problems(
        "unreachable_outcome",
        &[(124, 6, "outcome \"back_bad\" is reached by no path", "")],
    );
}

#[test]
fn answer_matching_no_rule_without_default_is_a_dead_end() {
    assert_problems(
        "no_outcome",
        &[(
            17,
            6,
            "a path can end without an outcome: answer \"fever\"",
            "any = [\"fever\"]",
        )],
    );
}

#[test]
fn single_choice_option_covered_by_nothing_is_reported() {
    assert_problems(
        "uncovered_option",
        &[(
            32,
            6,
            "option \"hip\" of single-choice question \"where\" is covered by no rule",
            "default",
        )],
    );
}

#[test]
fn rule_testing_a_question_not_on_every_path_is_reported() {
    assert_problems(
        "unanswered_question",
        &[(
            70,
            1,
            "tests \"groin\", which is not answered on every path",
            "passes through",
        )],
    );
}

#[test]
fn control_character_in_text_is_refused() {
    assert_problems(
        "control_char",
        // At the escape that writes it, not at the string's opening quote (column 15).
        &[(87, 18, "control character (U+001B)", "remove")],
    );
}

#[test]
fn bidirectional_override_in_text_is_refused() {
    let err = errors_of("bidi");
    assert_problems(
        "bidi",
        &[(
            97,
            14,
            "bidirectional-override character (U+202E)",
            "remove",
        )],
    );
    assert!(
        !err.to_string().contains('\u{202E}'),
        "the error itself must not carry it"
    );
}

#[test]
fn emergency_answer_not_ending_at_emergency_breaks_the_safety_invariant() {
    assert_problems(
        "not_emergency",
        &[
            (
                22,
                10,
                "safety: emergency answer \"saddle\" of \"flags\" can lead to outcome \"knee_result\"",
                "emergency outcome",
            ),
            (72, 6, "outcome \"emergency\" is reached by no path", ""),
        ],
    );
}

#[test]
fn safety_invariant_holds_when_an_earlier_rule_can_catch_the_emergency_answer() {
    // A rule placed before the emergency rule that can also match the emergency answer.
    let text = include_str!("../fixtures/small.toml").replace(
        "[[questions.rules]]\nany = [\"saddle\"]",
        "[[questions.rules]]\nany = [\"fever\"]\ngoto = \"knee_result\"\n[[questions.rules]]\nany = [\"saddle\"]",
    );
    let err = load("early.toml", &text).expect_err("fever rule can catch saddle + fever");
    assert!(
        err.problems[0]
            .message
            .contains("safety: emergency answer \"saddle\""),
        "{err}"
    );
}

#[test]
fn unknown_disposition_suggests_the_nearest() {
    assert_problems(
        "unknown_disposition",
        &[(
            126,
            15,
            "\"son\" names no disposition",
            "did you mean \"soon\"?",
        )],
    );
}

#[test]
fn an_outcome_that_states_a_time_frame_is_refused() {
    assert_problems(
        "time_frame",
        &[(
            128,
            14,
            "says \"within\": how soon to get help belongs to its disposition",
            "choose the outcome's `disposition`",
        )],
    );
}

#[test]
fn a_sign_must_name_the_question_of_each_option() {
    assert_problems(
        "sign_without_question",
        &[(
            93,
            8,
            "\"knee\" does not say which question it belongs to",
            "write `question_id.option_id`",
        )],
    );
}

#[test]
fn an_outcome_without_signs_is_refused() {
    assert_problems(
        "no_signs",
        &[(
            84,
            6,
            "outcome \"knee_result\" has no signs",
            "[[outcomes.signs]]",
        )],
    );
}

#[test]
fn a_ladder_without_an_emergency_rung_is_refused() {
    assert_problems(
        "no_emergency_disposition",
        &[(
            3,
            6,
            "defines no emergency disposition",
            "`emergency = true`",
        )],
    );
}

/// The option label "Knee" on line 39 of the fixture, where each of these files hides
/// something (its string starts at column 26): the problem points at the character itself,
/// or at the `\u` escape that writes it.
fn assert_invisible_refused(name: &str, message: &str, hidden: char) {
    let err = errors_of(name);
    let path = format!(
        "{}/tests/fixtures/broken/{name}.toml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture exists");
    let line = text.lines().nth(38).expect("line 39");
    let string: String = line.chars().skip(25).collect();
    let at = string
        .find(hidden)
        .or_else(|| string.find('\\'))
        .expect("the hidden character or its escape");
    let column = 26 + string[..at].chars().count();
    assert!(column > 26, "{name}: inside the string, not at its quote");
    assert_problems(name, &[(39, column, message, "remove")]);
    assert!(
        !err.to_string().contains(hidden),
        "{name}: the error itself carries U+{:04X}",
        hidden as u32
    );
}
#[test]
fn zero_width_space_in_text_is_refused() {
    assert_invisible_refused(
        "zero_width",
        "invisible character (U+200B) at character 3",
        '\u{200B}',
    );
}
#[test]
fn tag_characters_in_text_are_refused() {
    assert_invisible_refused("tag_chars", "invisible character (U+E0069)", '\u{E0069}');
}
#[test]
fn line_separator_in_text_is_refused() {
    assert_invisible_refused(
        "line_separator",
        "line or paragraph separator (U+2028)",
        '\u{2028}',
    );
}
#[test]
fn hangul_filler_in_text_is_refused() {
    assert_invisible_refused("hangul_filler", "invisible character (U+3164)", '\u{3164}');
}
/// Emoji that terminals draw at different widths: "Knee 👍🏽" or "Knee 👨‍👩‍👧" as the label on
/// line 39, refused at the emoji (column 32), named by its code points so that the error
/// itself carries no joiner.
fn assert_emoji_refused(name: &str, message: &str) {
    assert_problems(name, &[(39, 32, message, "columns")]);
    let shown = errors_of(name).to_string();
    assert!(
        !shown.contains('\u{200D}'),
        "{name}: the error carries a joiner"
    );
}
#[test]
fn an_emoji_with_a_skin_tone_modifier_is_refused_at_the_emoji() {
    // Two columns to painpath, four to tmux: the rest of the row would shift.
    assert_emoji_refused(
        "emoji_modifier",
        "an emoji with a skin-tone modifier (U+1F44D U+1F3FD) at character 6 of the text",
    );
}
#[test]
fn emoji_joined_by_zero_width_joiners_are_refused_as_one_sequence() {
    assert_emoji_refused(
        "emoji_zwj",
        "emoji joined by zero-width joiners (U+1F468 U+200D U+1F469 U+200D U+1F467) at \
         character 6 of the text",
    );
}
#[test]
fn emoji_that_terminals_draw_alike_are_accepted() {
    // One emoji, a flag (two regional indicators: two columns on tmux as to painpath), and a
    // skin-tone colour on its own.
    let small = include_str!("../fixtures/small.toml");
    for label in ["Knee 🦵", "Knee 🇪🇸", "Knee 🏽"] {
        let text = small.replace("label = \"Knee\"", &format!("label = \"{label}\""));
        if let Err(err) = load("emoji.toml", &text) {
            panic!("{label}: {err}");
        }
    }
}
#[test]
fn every_invisible_class_is_refused_in_a_label() {
    let small = include_str!("../fixtures/small.toml");
    for hidden in [
        '\u{200C}',
        '\u{200D}',
        '\u{2060}',
        '\u{FEFF}',
        '\u{E0001}',
        '\u{115F}',
        '\u{1160}',
        '\u{FFA0}',
        '\u{00AD}',
        '\u{FE0F}',
        '\u{E0100}',
        '\u{2029}',
    ] {
        let text = small.replace("label = \"Knee\"", &format!("label = \"Kn{hidden}ee\""));
        let err = load("hidden.toml", &text).expect_err("an invisible character loaded");
        assert_eq!(err.problems.len(), 1, "U+{:04X}: {err}", hidden as u32);
        // At the character itself: "Kn" starts at column 27.
        assert_eq!((err.problems[0].line, err.problems[0].column), (39, 29));
        assert!(
            err.problems[0]
                .message
                .contains(&format!("(U+{:04X})", hidden as u32)),
            "{}",
            err.problems[0].message
        );
    }
}

#[test]
fn quote_mark_inside_a_string_is_explained_at_the_quote() {
    assert_problems(
        "quote_inside",
        &[(38, 30, "has a quote mark \" inside it", "'the \"bad\" hip'")],
    );
}

#[test]
fn curly_quotes_are_named_and_straight_quotes_suggested() {
    assert_problems(
        "curly_quotes",
        &[(
            39,
            26,
            "curly quotes",
            "type straight quotes \" instead: \"Knee\"",
        )],
    );
}

#[test]
fn apostrophe_inside_single_quotes_suggests_double_quotes() {
    assert_problems(
        "apostrophe_in_single_quotes",
        &[(
            51,
            16,
            "has an apostrophe ' inside it",
            "use double quotes around text with an apostrophe: \"I don't know\"",
        )],
    );
}

#[test]
fn unclosed_triple_quote_is_reported_where_it_opens() {
    assert_problems(
        "unclosed_triple_quote",
        &[(
            87,
            15,
            "starts with \"\"\" but never ends",
            "close it with \"\"\"",
        )],
    );
}

#[test]
fn an_unclosed_triple_quote_that_a_later_text_seems_to_close_is_reported_where_it_opens() {
    // The parser stops far below, inside the later text; the table headers swallowed in
    // between show where the mistake is.
    assert_problems(
        "unclosed_triple_quote_in_the_middle",
        &[(
            75,
            15,
            "starts with \"\"\" but never ends",
            "close it with \"\"\"",
        )],
    );
}

#[test]
fn a_text_missing_its_closing_quotes_is_named_where_it_began() {
    // The intro's """ is left out, so the disclaimer's opening """ closes it and the parser
    // stops in the disclaimer's words: its message stays, and the hint says which text began
    // where and lost its quotes.
    assert_problems(
        "swallowed_text",
        &[(
            12,
            5,
            "key with no value, expected `=`",
            "the text that begins on line 8 seems to be missing its closing \"\"\": the \"\"\" \
             of `disclaimer = \"\"\"` on line 11 closed it instead",
        )],
    );
}

#[test]
fn the_built_in_intro_missing_its_closing_quotes_is_named_where_it_began() {
    let end = "Please answer them carefully.\"\"\"\n";
    assert!(painpath::DEFAULT_QUESTIONS.contains(end));
    let text = painpath::DEFAULT_QUESTIONS.replacen(end, "Please answer them carefully.\n", 1);
    let line_of = |needle: &str| {
        let at = text.find(needle).expect("the line is there");
        text[..at].matches('\n').count() + 1
    };
    let (intro, disclaimer) = (line_of("intro = \"\"\""), line_of("disclaimer = \"\"\""));
    let err = load("questions.toml", &text).expect_err("the intro never ends");
    assert_eq!(err.problems.len(), 1, "{err}");
    let problem = &err.problems[0];
    // The parser stops on the first line of the disclaimer's words.
    assert_eq!(problem.line, disclaimer + 1, "{err}");
    let hint = problem.hint.as_deref().unwrap_or("");
    assert!(
        hint.contains(&format!(
            "the text that begins on line {intro} seems to be missing"
        )),
        "{err}"
    );
    assert!(
        hint.contains(&format!("on line {disclaimer} closed it")),
        "{err}"
    );
}

#[test]
fn a_syntax_error_after_texts_that_close_gets_no_word_of_missing_quotes() {
    let text = "[meta]\nintro = \"\"\"\nA test.\"\"\"\n\
                disclaimer = '''\nNot a diagnosis.'''\nnot a key\n";
    let err = load("closed.toml", text).expect_err("the last line is no key");
    assert_eq!(err.problems[0].line, 6, "{err}");
    assert!(
        !err.problems[0]
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("closing"),
        "{err}"
    );
}

#[test]
fn single_bracket_rules_header_says_rules_are_a_list() {
    assert_problems(
        "single_bracket_rules",
        &[(
            41,
            1,
            "rules are a list: write [[questions.rules]]",
            "write [[questions.rules]]",
        )],
    );
}

#[test]
fn default_after_the_rules_says_to_move_it_up() {
    assert_problems(
        "default_after_rules",
        &[(
            57,
            1,
            "`default` is written under a [[questions.rules]]",
            "move `default` above the question's first [[questions.rules]]",
        )],
    );
}

#[test]
fn type_errors_in_different_questions_are_all_reported_in_order() {
    assert_problems(
        "two_type_errors",
        &[
            (35, 9, "invalid type: integer `5`, expected a string", ""),
            (
                64,
                13,
                "invalid type: boolean `true`, expected a string",
                "",
            ),
        ],
    );
}

#[test]
fn every_type_error_of_one_question_and_its_options_and_rules_is_reported() {
    assert_problems(
        "many_errors_in_one_question",
        &[
            (
                34,
                10,
                "invalid type: integer `5`, expected a string",
                "double quotes",
            ),
            (36, 1, "unknown field `hlep`", "did you mean `help`?"),
            (
                38,
                50,
                "invalid type: string \"yes\", expected a boolean",
                "true or false",
            ),
            (
                39,
                25,
                "invalid type: integer `7`, expected a string",
                "double quotes",
            ),
            (43, 7, "expected a sequence", "square brackets"),
        ],
    );
}

// Conditional text and options. Each fixture is small.toml with one fault in a conditional
// item or option (see the comment on its first line).

#[test]
fn a_condition_on_an_option_of_a_screen_question_is_refused() {
    assert_problems(
        "condition_on_screen_option",
        &[(
            39,
            10,
            "option \"hip\" of \"where\" is an answer on the warning-sign screen and cannot carry a condition",
            "warning signs are asked of everyone",
        )],
    );
}

#[test]
fn a_condition_on_an_emergency_option_is_refused() {
    // "where" is on the screen only because of this option: the message names the reason.
    assert_problems(
        "condition_on_emergency_option",
        &[(
            40,
            10,
            "option \"numb\" of \"where\" is an emergency answer and cannot carry a condition",
            "remove its `any`, `all`, `none` or `scale`",
        )],
    );
}

#[test]
fn an_option_condition_reading_a_later_question_is_refused() {
    assert_problems(
        "option_reads_later_question",
        &[(
            38,
            10,
            "option \"hip\" of \"where\" depends on \"groin\", which is never asked before it",
            "only read answers given earlier",
        )],
    );
}

#[test]
fn a_text_condition_reading_a_question_no_route_asks_is_refused() {
    assert_problems(
        "text_reads_unasked_question",
        &[(
            84,
            6,
            "text \"knee_result.groin\" depends on \"groin\", which no route to this outcome asks",
            "it would never show",
        )],
    );
}

#[test]
fn a_sign_naming_an_ordinary_answer_is_refused() {
    assert_problems(
        "sign_not_a_warning_sign",
        &[(
            90,
            50,
            "\"where.knee\" is not a warning sign: it neither ends at an emergency nor raises a result",
            "name an option with `emergency = true` or `raises`, or leave out `sign`",
        )],
    );
}

#[test]
fn a_sign_without_a_level_is_refused() {
    assert_problems(
        "sign_without_level",
        &[(
            150,
            78,
            "a `sign` needs the `level` this text sends the person to",
            "add `level = \"...\"`",
        )],
    );
}

#[test]
fn a_level_without_a_sign_is_refused() {
    assert_problems(
        "level_without_sign",
        &[(
            150,
            79,
            "`level` goes with `sign`",
            "name the warning sign with `sign = \"question.option\"`",
        )],
    );
}

#[test]
fn a_sign_named_at_another_level_than_the_ladders_is_refused() {
    // An emergency sign (a list) in an outcome's advice and a raising sign (one string) in a
    // disposition's safety net, each at the `level` it wrongly names.
    assert_problems(
        "sign_at_another_level",
        &[
            (
                90,
                90,
                "names the warning sign \"flags.saddle\" at \"self_care\", but the ladder places it at \"emergency\"",
                "say `level = \"emergency\"`",
            ),
            (
                147,
                72,
                "names the warning sign \"flags.fever\" at \"emergency\", but the ladder places it at \"soon\"",
                "say `level = \"soon\"`",
            ),
        ],
    );
}

#[test]
fn a_text_id_used_twice_in_one_outcome_or_disposition_is_refused() {
    // Across lists: explanation and advice of an outcome, when and safety_net of a disposition.
    assert_problems(
        "duplicate_text_id",
        &[
            (
                88,
                18,
                "duplicate text id \"rest\" in \"knee_result\"",
                "first used on line 87",
            ),
            (
                142,
                22,
                "duplicate text id \"now\" in \"emergency\"",
                "first used on line 141",
            ),
        ],
    );
}

#[test]
fn text_ids_need_only_be_unique_within_their_owner() {
    // The same id in two outcomes and a disposition is fine.
    let item = "[{ id = \"more\", text = \"More.\" }]";
    let text = include_str!("../fixtures/small.toml")
        .replace("advice = [\"Rest.\"]", &format!("advice = {item}"))
        .replace("explanation = \"H.\"", &format!("explanation = {item}"))
        .replace("when = \"Weeks.\"", &format!("when = {item}"));
    load("owners.toml", &text).expect("ids are per outcome or disposition");
}

#[test]
fn misspelt_references_in_conditions_signs_and_levels_suggest_the_nearest() {
    assert_problems(
        "unknown_condition_reference",
        &[
            (
                38,
                40,
                "\"fevr\" names no option of question \"flags\"",
                "did you mean \"flags.fever\"?",
            ),
            (
                150,
                61,
                "\"flag\" names no question",
                "did you mean \"flags.fever\"?",
            ),
            (
                150,
                83,
                "\"fevr\" names no option of question \"flags\"",
                "did you mean \"flags.fever\"?",
            ),
            (
                150,
                105,
                "\"son\" names no disposition",
                "did you mean \"soon\"?",
            ),
        ],
    );
}

#[test]
fn a_misspelt_reference_in_an_until_seen_condition_is_located_as_in_when() {
    assert_problems(
        "until_seen_condition",
        &[(
            151,
            75,
            "\"fevr\" names no option of question \"flags\"",
            "did you mean \"flags.fever\"?",
        )],
    );
}

#[test]
fn a_misspelt_key_in_a_text_table_suggests_the_right_one() {
    assert_problems(
        "unknown_text_key",
        &[(88, 26, "unknown field `txt`", "did you mean `text`?")],
    );
}

/// tests/fixtures/small.toml with "groin" on the warning-sign screen: the knee route skips
/// it, so the safety check must say so unless `asked_of` rules the knee out.
fn small_with_screen(asked_of: &str) -> String {
    include_str!("../fixtures/small.toml").replace(
        "prompt = \"Is there groin pain?\"",
        &format!("prompt = \"Is there groin pain?\"\nscreen = true\n{asked_of}"),
    )
}

#[test]
fn a_screen_question_that_a_route_skips_is_refused_with_the_route() {
    let err = load("screen.toml", &small_with_screen("")).expect_err("the knee skips groin");
    assert_eq!(err.problems.len(), 1, "{err}");
    let p = &err.problems[0];
    assert_eq!(
        p.message,
        "safety: warning-sign question \"groin\" is not asked on a route that leads to a \
         result: flags [otherwise] -> where [rule 1] => knee_result",
        "{err}"
    );
    assert!(
        p.hint.as_deref().unwrap_or("").contains("asked_of"),
        "{err}"
    );
}

#[test]
fn asked_of_that_the_skipping_route_rules_out_loads() {
    let text = small_with_screen("asked_of = { none = [\"where.knee\"] }");
    let q = load("screen.toml", &text).unwrap_or_else(|e| panic!("{e}"));
    let groin = q.question_by_id("groin").unwrap();
    assert!(q.question(groin).screen);
    // Whom it is for must be ruled out by the route, not merely differ from it.
    let text = small_with_screen("asked_of = { none = [\"where.hip\"] }");
    assert!(load("screen.toml", &text).is_err());
}

#[test]
fn a_default_route_is_let_off_by_the_rules_it_passed_over() {
    // "where" sends the back and the hip to "groin" by a rule and the knee on by default:
    // the default route has not picked the back or the hip, so it skips no one groin is for.
    let text = small_with_screen("asked_of = { any = [\"where.back\", \"where.hip\"] }").replace(
        "[[questions.rules]]\nany = [\"knee\"]\ngoto = \"knee_result\"\n",
        "default = \"knee_result\"\n",
    );
    assert!(text.contains("default = \"knee_result\""));
    load("screen.toml", &text).unwrap_or_else(|e| panic!("{e}"));
    // A rule of two conditions says nothing certain when it fails: the route is reported.
    let two = text.replace(
        "any = [\"back\", \"hip\"]\ngoto = \"groin\"",
        "any = [\"back\", \"hip\"]\nnone = [\"flags.fever\"]\ngoto = \"groin\"",
    );
    assert_ne!(two, text);
    let err = load("screen.toml", &two).expect_err("fever skips groin by default");
    assert!(
        err.problems[0]
            .message
            .contains("where [otherwise] => knee_result"),
        "{err}"
    );
}

#[test]
fn asked_of_is_refused_off_the_screen_and_on_a_later_question() {
    let off = include_str!("../fixtures/small.toml").replace(
        "prompt = \"Is there groin pain?\"",
        "prompt = \"Is there groin pain?\"\nasked_of = { none = [\"where.knee\"] }",
    );
    let err = load("off.toml", &off).expect_err("groin is not on the screen");
    assert!(
        err.problems[0].message.contains(
            "`asked_of` says whom a warning-sign question is for, and \"groin\" is not one"
        ),
        "{err}"
    );
    let later = small_with_screen(
        "asked_of = { none = [\"where.knee\"], scale = { question = \"severity\", min = 0, max = 5 } }",
    );
    let err = load("later.toml", &later).expect_err("severity comes after groin");
    assert!(
        err.problems.iter().any(|p| p.message
            == "`asked_of` of \"groin\" depends on \"severity\", which is never asked before it"),
        "{err}"
    );
}

#[test]
fn the_built_in_leg_screen_without_asked_of_is_refused_for_the_under_16_route() {
    let line = "asked_of = { none = [\"age.under_16\"] }\n";
    assert!(painpath::DEFAULT_QUESTIONS.contains(line));
    let text = painpath::DEFAULT_QUESTIONS.replace(line, "");
    let err = load("questions.toml", &text).expect_err("under 16 skips the leg question");
    assert!(
        err.problems
            .iter()
            .any(|p| p.message.contains("\"leg\" is not asked")
                && p.message.ends_with("young_limp [otherwise] => under_16")),
        "{err}"
    );
}
