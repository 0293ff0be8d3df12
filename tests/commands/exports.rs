//! The export commands as a user runs them: `export`, `graph`, `paths`, and the summary saved
//! by `--report` / `--save-dir` after a plain-mode run. All against tests/fixtures/small.toml,
//! never the shipped questions, whose content changes.

use crate::common;

use common::{BIN, run, text};

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn small() -> String {
    common::fixture("small.toml")
}

fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

#[test]
fn export_questionnaire_prints_every_question_as_a_fhir_item() {
    let doc = json(&run(&["export", "questionnaire", &small()], ""));
    assert_eq!(doc["resourceType"], "Questionnaire");
    assert_eq!(doc["version"], "1.0.0");
    let ids: Vec<&str> = doc["item"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["linkId"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "flags",
            "where",
            "groin",
            "severity",
            "outcome.emergency",
            "outcome.knee_result",
            "outcome.hip_result",
            "outcome.back_result",
            "outcome.back_bad"
        ]
    );
}

#[test]
fn export_response_holds_only_the_route_and_references_the_versioned_questionnaire() {
    let q = json(&run(&["export", "questionnaire", &small()], ""));
    let args = [
        "--questions",
        &small(),
        "export",
        "response",
        "--answer",
        "flags=none",
        "--answer",
        "where=knee",
    ];
    let r = json(&run(&args, ""));
    assert_eq!(r["resourceType"], "QuestionnaireResponse");
    assert_eq!(
        r["questionnaire"].as_str().unwrap(),
        format!(
            "{}|{}",
            q["url"].as_str().unwrap(),
            q["version"].as_str().unwrap()
        )
    );
    assert_eq!(r["status"], "completed");
    let authored = r["authored"].as_str().unwrap();
    assert!(
        authored.len() == 20 && authored.ends_with('Z'),
        "{authored}"
    );
    let items = r["item"].as_array().unwrap();
    assert_eq!(items.len(), 2, "groin and severity are off this route");
    assert_eq!(items[1]["answer"][0]["valueCoding"]["code"], "knee");
}

#[test]
fn export_response_refuses_answers_the_route_never_reaches() {
    let args = [
        "--questions",
        &small(),
        "export",
        "response",
        "--answer",
        "flags=saddle",
        "--answer",
        "where=knee",
    ];
    let out = run(&args, "");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("ended before reaching: where"));
    assert!(out.stdout.is_empty());
}

#[test]
fn graph_draws_every_node_and_edge_in_both_languages() {
    let mermaid = run(&["graph", &small()], "");
    assert!(mermaid.status.success());
    let mermaid = text(&mermaid.stdout);
    assert!(mermaid.contains("flowchart TD"));
    let dot = run(&["graph", &small(), "--format", "dot"], "");
    assert!(dot.status.success());
    let dot = text(&dot.stdout);
    for node in ["q0", "q1", "q2", "q3", "o0", "o1", "o2", "o3", "o4"] {
        assert!(
            mermaid.contains(&format!("    {node}[")),
            "mermaid lacks {node}"
        );
        assert!(
            dot.contains(&format!("    {node} [label=")),
            "dot lacks {node}"
        );
    }
    // 5 rules and 3 defaults, plus the start edge.
    assert_eq!(
        mermaid.matches("-->|").count() + mermaid.matches("-.->|").count(),
        8
    );
    assert_eq!(dot.matches(" -> ").count(), 9);
    assert_eq!(dot.matches("label=\"otherwise\"").count(), 3);
}

#[test]
fn graphviz_accepts_the_dot_graph() {
    let Ok(probe) = Command::new("dot").arg("-V").output() else {
        eprintln!(
            "SKIPPED: graphviz `dot` is not installed, so its check of the DOT output did not run"
        );
        return;
    };
    assert!(probe.status.success());
    let graph = run(&["graph", &small(), "--format", "dot"], "");
    assert!(graph.status.success());
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dot starts");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    pipe.write_all(&graph.stdout).expect("write stdin");
    drop(pipe);
    let svg = child.wait_with_output().expect("dot finishes");
    assert!(svg.status.success(), "dot: {}", text(&svg.stderr));
    assert!(svg.stderr.is_empty(), "dot warned: {}", text(&svg.stderr));
    let svg = text(&svg.stdout);
    assert!(svg.contains("<svg"));
    assert!(svg.contains("Disposition: emergency"));
}

#[test]
fn paths_lists_each_of_the_five_routes_of_small() {
    let out = run(&["paths", &small()], "");
    assert!(out.status.success());
    let listing = text(&out.stdout);
    assert!(listing.starts_with("5 routes from the start to a result.\n"));
    assert_eq!(listing.lines().filter(|l| l.contains(" => ")).count(), 5);

    let out = run(&["paths", &small(), "--csv"], "");
    assert!(out.status.success());
    let csv = text(&out.stdout);
    assert_eq!(csv.lines().count(), 6, "header and 5 routes:\n{csv}");
    assert!(out.stderr.is_empty());
}

#[test]
fn paths_says_when_the_list_is_capped() {
    let out = run(&["paths", &small(), "--csv", "--limit", "2"], "");
    assert!(out.status.success());
    let csv = text(&out.stdout);
    assert_eq!(
        csv.lines().count(),
        4,
        "header, 2 routes, the capped row:\n{csv}"
    );
    assert!(csv.lines().last().unwrap().starts_with("capped,"));
    assert!(text(&out.stderr).contains("only the first 2 of 5 routes"));
}

/// Answers that take small.toml to "Back" (soon, raised by fever), then confirm the review.
const PLAIN_ANSWERS: &str = "2\n1\n2\n4\n\n";

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn report_and_save_dir_write_the_summary_after_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("mine.md");
    let saves = dir.path().join("saves");
    std::fs::create_dir(&saves).unwrap();
    let out = run(
        &[
            "--questions",
            &small(),
            "--report",
            report.to_str().unwrap(),
            "--save-dir",
            saves.to_str().unwrap(),
        ],
        PLAIN_ANSWERS,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let summary = std::fs::read_to_string(&report).unwrap();
    assert!(summary.contains("## Result: Back"), "{summary}");
    assert!(summary.contains("4 out of 10"), "{summary}");
    let saved = files_in(&saves);
    assert_eq!(saved.len(), 1, "{saved:?}");
    let name = &saved[0];
    assert!(
        name.starts_with("painpath-") && name.ends_with(".md") && name.len() == 27,
        "{name}"
    );
    assert_eq!(std::fs::read_to_string(saves.join(name)).unwrap(), summary);
    assert!(text(&out.stdout).contains("Summary saved to"));
}

#[test]
fn nothing_is_written_unless_asked() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(["--questions", &small()])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child
                .stdin
                .take()
                .expect("stdin is piped")
                .write_all(PLAIN_ANSWERS.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(files_in(dir.path()).is_empty());
}

#[test]
fn an_existing_report_file_stops_the_run_before_any_question() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("mine.md");
    std::fs::write(&report, "keep me").unwrap();
    let out = run(
        &[
            "--questions",
            &small(),
            "--report",
            report.to_str().unwrap(),
        ],
        PLAIN_ANSWERS,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("already exists"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        !text(&out.stdout).contains("Any of these?"),
        "no question was asked"
    );
    assert_eq!(std::fs::read_to_string(&report).unwrap(), "keep me");
}

/// The translations of a primitive's `_element`, by language.
fn translated(element: &serde_json::Value) -> Vec<(String, String)> {
    element["extension"]
        .as_array()
        .map(|all| {
            all.iter()
                .filter(|e| e["url"] == "http://hl7.org/fhir/StructureDefinition/translation")
                .map(|e| {
                    let part = |name: &str, key: &str| {
                        e["extension"]
                            .as_array()
                            .and_then(|parts| parts.iter().find(|p| p["url"] == name))
                            .and_then(|p| p[key].as_str())
                            .unwrap_or_default()
                            .to_string()
                    };
                    (part("lang", "valueCode"), part("content", "valueString"))
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_exported_questionnaire_carries_the_spanish_of_every_text() {
    let languages = painpath::default_languages().unwrap_or_else(|e| panic!("{e}"));
    let es = languages.get("es").expect("Spanish");
    let doc = json(&run(&["export", "questionnaire"], ""));
    assert_eq!(doc["language"], "en");
    assert_eq!(
        translated(&doc["_title"]),
        vec![("es".to_string(), es.meta.title.clone())]
    );
    let items = doc["item"].as_array().expect("items");
    let (questions, outcomes) = items.split_at(es.questions.len());
    assert_eq!(outcomes.len(), es.outcomes.len());
    for (item, outcome) in outcomes.iter().zip(&es.outcomes) {
        assert_eq!(item["linkId"], format!("outcome.{}", outcome.id));
        assert_eq!(
            translated(&item["_text"]),
            vec![("es".to_string(), outcome.title.clone())],
            "{}",
            outcome.id
        );
        // Every text of the result (a rung's heading, each passage) in Spanish too.
        for text in item["item"].as_array().expect("the result's texts") {
            let spanish = translated(&text["_text"]);
            assert!(
                spanish.len() == 1 && spanish[0].0 == "es" && !spanish[0].1.is_empty(),
                "{}",
                text["linkId"]
            );
        }
    }
    for (item, question) in questions.iter().zip(&es.questions) {
        assert_eq!(item["linkId"], question.id.as_str());
        assert_eq!(
            translated(&item["_text"]),
            vec![("es".to_string(), question.prompt.clone())],
            "{}",
            question.id
        );
        for option in item["answerOption"].as_array().into_iter().flatten() {
            let code = option["valueCoding"]["code"].as_str().expect("a code");
            let label = &question
                .options
                .iter()
                .find(|o| o.id == code)
                .expect("the option")
                .label;
            assert_eq!(
                translated(&option["valueCoding"]["_display"]),
                vec![("es".to_string(), label.clone())],
                "{}.{code}",
                question.id
            );
        }
    }
}

/// `--lang es`: the same questionnaire with Spanish first and English as its translation,
/// for renderers that read no translations (LHC-Forms).
#[test]
fn the_questionnaire_exported_in_spanish_first_keeps_the_english_as_its_translation() {
    let languages = painpath::default_languages().unwrap_or_else(|e| panic!("{e}"));
    let es = languages.get("es").expect("Spanish");
    let doc = json(&run(&["export", "questionnaire", "--lang", "es"], ""));
    assert_eq!(doc["language"], "es");
    assert_eq!(doc["title"], es.meta.title.as_str());
    assert_eq!(
        translated(&doc["_title"]),
        vec![("en".to_string(), languages.base.meta.title.clone())]
    );
    let first = &doc["item"][0];
    assert_eq!(first["text"], es.questions[0].prompt.as_str());
    assert_eq!(
        translated(&first["_text"]),
        vec![("en".to_string(), languages.base.questions[0].prompt.clone())]
    );
    let english = json(&run(&["export", "questionnaire"], ""));
    assert_eq!(doc["url"], english["url"], "the same questionnaire");
    let refused = run(&["export", "questionnaire", "--lang", "fr"], "");
    assert!(!refused.status.success());
    assert!(text(&refused.stderr).contains("not in \"fr\""));
}

#[test]
fn a_response_in_spanish_says_so_and_shows_the_spanish_words() {
    let doc = json(&run(
        &[
            "--questions",
            &small(),
            "--lang",
            "es",
            "export",
            "response",
            "--answer",
            "flags=none",
            "--answer",
            "where=knee",
        ],
        "",
    ));
    assert_eq!(doc["language"], "es");
    assert_eq!(doc["item"][1]["text"], "¿Dónde le duele?");
    assert_eq!(
        doc["item"][1]["answer"][0]["valueCoding"]["display"],
        "Rodilla"
    );
    assert_eq!(doc["item"][1]["answer"][0]["valueCoding"]["code"], "knee");
}
