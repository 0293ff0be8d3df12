//! The clinical case suite (`cases.toml`) against the shipped questions: every case passes,
//! every outcome has its typical, atypical and boundary cases, and breaking one rule of the
//! tree makes a case fail, so the suite really holds the tree to what clinicians expect.

use std::collections::BTreeMap;
use std::process::Command;

use painpath::content::cases::{Case, load_cases};
use painpath::engine::cases::{describe_failure, run_case};

fn shipped_cases() -> Vec<Case> {
    match load_cases(painpath::DEFAULT_CASES_NAME, painpath::DEFAULT_CASES) {
        Ok(cases) => cases,
        Err(err) => panic!("the shipped cases do not load:\n{err}"),
    }
}

/// Every case that fails against these questions, described.
fn failures(questions: &str) -> Vec<(String, String)> {
    let q = painpath::content::validate::load("questions.toml", questions)
        .unwrap_or_else(|err| panic!("the questions do not load:\n{err}"));
    shipped_cases()
        .iter()
        .filter_map(|case| {
            let run = run_case(&q, case);
            (!run.passed()).then(|| {
                (
                    case.outcome.clone(),
                    describe_failure("cases.toml", case, &run),
                )
            })
        })
        .collect()
}

#[test]
fn every_shipped_case_passes() {
    let failed = failures(painpath::DEFAULT_QUESTIONS);
    let shown: Vec<&str> = failed.iter().map(|(_, text)| text.as_str()).collect();
    assert!(failed.is_empty(), "{}", shown.join("\n"));
}

#[test]
fn the_suite_has_forty_cases_and_three_for_every_outcome() {
    let cases = shipped_cases();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let q = painpath::default_questionnaire().expect("the shipped questions load");
    let mut per_outcome: BTreeMap<&str, usize> = BTreeMap::new();
    for case in &cases {
        *per_outcome.entry(case.outcome.as_str()).or_default() += 1;
    }
    for outcome in &q.outcomes {
        let count = per_outcome.get(outcome.id.as_str()).copied().unwrap_or(0);
        assert!(count >= 3, "\"{}\" has {count} case(s)", outcome.id);
    }
    for case in &cases {
        assert!(!case.story.is_empty(), "\"{}\" has no story", case.name);
    }
}

#[test]
fn breaking_one_rule_of_the_tree_makes_a_case_fail() {
    // Send the back pattern's first rule to the catch-all instead.
    let rule = "goto = \"back_referred\"";
    assert!(
        painpath::DEFAULT_QUESTIONS.contains(rule),
        "the tree routes to back_referred"
    );
    let broken = painpath::DEFAULT_QUESTIONS.replacen(rule, "goto = \"general\"", 1);
    let failed = failures(&broken);
    assert!(
        !failed.is_empty(),
        "no case noticed that the back pattern now goes to the catch-all"
    );
    assert!(
        failed
            .iter()
            .any(|(expected, text)| expected == "back_referred"
                && text.contains("reached \"general\", expected \"back_referred\"")),
        "{failed:?}"
    );
}

#[test]
fn painpath_test_runs_the_built_in_cases_and_counts_them() {
    let out = Command::new(env!("CARGO_BIN_EXE_painpath"))
        .arg("test")
        .output()
        .expect("painpath runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    let last = stdout.lines().last().unwrap_or_default();
    assert_eq!(last, format!("{} cases passed", shipped_cases().len()));
}

#[test]
fn painpath_test_prints_each_failure_with_its_route_and_exits_1() {
    let dir = tempfile::tempdir().expect("a temp dir");
    let cases = dir.path().join("cases.toml");
    std::fs::write(
        &cases,
        r#"
[[cases]]
name = "knee, wrongly expected as hip"
story = "a knee that hurts"
outcome = "hip_result"
[cases.answers]
flags = ["none"]
where = "knee"

[[cases]]
name = "knee"
story = "a knee that hurts"
outcome = "knee_result"
[cases.answers]
flags = ["none"]
where = "knee"
"#,
    )
    .expect("written");
    let small = format!("{}/tests/fixtures/small.toml", env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_painpath"))
        .args(["test", &cases.display().to_string(), "--questions", &small])
        .output()
        .expect("painpath runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("FAIL knee, wrongly expected as hip"),
        "{stdout}"
    );
    assert!(
        stdout.contains("problem: reached \"knee_result\", expected \"hip_result\""),
        "{stdout}"
    );
    assert!(
        stdout.contains("route:   flags=none -> where=knee -> knee_result"),
        "{stdout}"
    );
    assert!(!stdout.contains("FAIL knee\n"), "{stdout}");
    assert!(stdout.ends_with("1 cases passed, 1 failed\n"), "{stdout}");
}

#[test]
fn the_whole_case_suite_in_spanish_reaches_the_same_results_worded_in_spanish() {
    let languages = painpath::default_languages().unwrap_or_else(|err| panic!("{err}"));
    let es = languages
        .get("es")
        .expect("the built-in Spanish translation");
    let en = &languages.base;
    let cases = shipped_cases();
    assert!(cases.len() > 50);
    for case in &cases {
        let run = run_case(es, case);
        assert!(
            run.passed(),
            "{}",
            describe_failure("cases.toml", case, &run)
        );
        // The same route, outcome and disposition, by id, as in English; the words are the
        // translation's.
        let english = run_case(en, case);
        assert_eq!(run.route, english.route, "{}", case.name);
        assert_eq!(run.reached, english.reached, "{}", case.name);
        let (outcome, disposition) = run.reached.clone().expect("a result");
        let title = |q: &painpath::content::model::Questionnaire| {
            q.outcomes
                .iter()
                .find(|o| o.id == outcome)
                .map(|o| o.title.clone())
        };
        let heading = |q: &painpath::content::model::Questionnaire| {
            q.dispositions
                .iter()
                .find(|d| d.id == disposition)
                .map(|d| d.heading.clone())
        };
        assert_ne!(title(es), title(en), "{}", case.name);
        assert_ne!(heading(es), heading(en), "{}", case.name);
    }
    let out = Command::new(env!("CARGO_BIN_EXE_painpath"))
        .arg("test")
        .output()
        .expect("painpath runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("in es: {} cases passed\n", cases.len())),
        "{stdout}"
    );
}

/// Every condition the built-in file puts on a text or an option, negated one at a time in
/// the model (`any` <-> `none`; `all` -> `none`), makes at least one case fail: the cases'
/// `shows`, `hides`, `offered` and `not_offered` hold each condition to what it is meant to do.
#[test]
fn negating_any_condition_on_a_text_or_an_option_makes_a_case_fail() {
    use painpath::content::model::{Condition, Questionnaire};
    let q = painpath::content::validate::load("questions.toml", painpath::DEFAULT_QUESTIONS)
        .expect("the built-in questions load");
    let cases = shipped_cases();
    let negate = |c: &Condition| match c {
        Condition::AnyOf(q, o) | Condition::AllOf(q, o) => Condition::NoneOf(*q, o.clone()),
        Condition::NoneOf(q, o) => Condition::AnyOf(*q, o.clone()),
        Condition::Scale { .. } => c.clone(),
    };
    let fails = |mutated: &Questionnaire| cases.iter().any(|c| !run_case(mutated, c).passed());
    let mut tried = 0;
    let mut survived = Vec::new();
    for (o, outcome) in q.outcomes.iter().enumerate() {
        let lists = ["explanation", "advice", "avoid", "sooner_if"];
        for list in lists {
            let items = match list {
                "explanation" => &outcome.explanation,
                "advice" => &outcome.advice,
                "avoid" => &outcome.avoid,
                _ => &outcome.sooner_if,
            };
            for (i, item) in items.iter().enumerate() {
                for (c, condition) in item.only_when.iter().enumerate() {
                    let mut mutated = q.clone();
                    let out = &mut mutated.outcomes[o];
                    let items = match list {
                        "explanation" => &mut out.explanation,
                        "advice" => &mut out.advice,
                        "avoid" => &mut out.avoid,
                        _ => &mut out.sooner_if,
                    };
                    items[i].only_when[c] = negate(condition);
                    tried += 1;
                    if !fails(&mutated) {
                        survived.push(format!("{}.{}", outcome.id, item.id));
                    }
                }
            }
        }
    }
    for (qi, question) in q.questions.iter().enumerate() {
        for (oi, option) in question.options.iter().enumerate() {
            for (c, condition) in option.only_when.iter().enumerate() {
                let mut mutated = q.clone();
                mutated.questions[qi].options[oi].only_when[c] = negate(condition);
                tried += 1;
                if !fails(&mutated) {
                    survived.push(format!("{}.{}", question.id, option.id));
                }
            }
        }
    }
    assert!(tried >= 8, "only {tried} conditions in the built-in file");
    assert!(
        survived.is_empty(),
        "negating these conditions made no case fail: {survived:?}"
    );
}
