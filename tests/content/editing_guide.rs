//! docs/editing.md, the editors' guide, against the code and the shipped files, so that it
//! cannot drift: every ```toml block is loaded as what its info string says it is (`file`:
//! a whole questions file that loads; `fragment`: valid TOML whose keys the loader knows,
//! added to tests/fixtures/small.toml; `mistake`: refused; `cases`: cases that pass against
//! the last whole file above them, or `cases shipped` against the built-in questions), the
//! kiosk's ExecStart matches deploy/painpath-kiosk.service, the quoted dispositions match
//! the shipped questions.toml word for word, and the table of which sources each result may
//! cite holds what the shipped results cite. (A block's third word, a file name, is for
//! tests/commands/docs_examples.rs, which saves it and runs the guide's commands.) The last
//! tests change a copy of the guide's text and show that each check really fails.

use painpath::content::cases::load_cases;
use painpath::content::model::Questionnaire;
use painpath::content::raw::RawFile;
use painpath::content::validate::load;
use painpath::engine::cases::{describe_failure, run_case};

const GUIDE: &str = include_str!("../../docs/editing.md");
const SMALL: &str = include_str!("../fixtures/small.toml");
const UNIT: &str = include_str!("../../deploy/painpath-kiosk.service");
const DISPOSITIONS_HEADING: &str = "## What each disposition shows the patient, word for word";
const KIOSK_QUESTIONS: &str = " --questions /etc/painpath/questions.toml";
const CITES_HEADING: &str = "| outcome | may cite |";

/// A fenced block of the guide: its info string, the line of its opening fence, its text.
struct Block {
    info: String,
    line: usize,
    text: String,
}

fn blocks(guide: &str) -> Vec<Block> {
    let mut found = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in guide.lines().enumerate() {
        match open.take() {
            None => {
                if let Some(info) = line.strip_prefix("```") {
                    open = Some(Block {
                        info: info.trim().to_string(),
                        line: i + 1,
                        text: String::new(),
                    });
                }
            }
            Some(mut block) => {
                if line.trim_end() == "```" {
                    found.push(block);
                } else {
                    block.text.push_str(line);
                    block.text.push('\n');
                    open = Some(block);
                }
            }
        }
    }
    assert!(
        open.is_none(),
        "a fenced block of the guide is never closed"
    );
    found
}

/// The toml blocks, with the word after `toml` (file, fragment, mistake, cases).
fn toml_blocks(guide: &str) -> Vec<(String, Block)> {
    blocks(guide)
        .into_iter()
        .filter_map(|block| {
            let mut words = block.info.split_whitespace();
            if words.next() != Some("toml") {
                return None;
            }
            let kind = words.next().unwrap_or("").to_string();
            Some((kind, block))
        })
        .collect()
}

fn shipped() -> Questionnaire {
    painpath::default_questionnaire()
        .unwrap_or_else(|err| panic!("the shipped questions do not load:\n{err}"))
}

/// A fragment added to the end of small.toml and read as the loader reads a file, so that its
/// syntax, its types and every key are checked (not the tree: its ids need not fit small.toml).
fn spliced(fragment: &str) -> Result<RawFile, String> {
    toml::from_str::<RawFile>(&format!("{SMALL}\n{fragment}")).map_err(|err| err.to_string())
}

/// The first line that is not blank or a comment.
fn first_line(text: &str) -> &str {
    text.lines()
        .map(str::trim)
        .find(|line| !line.is_empty() && !line.starts_with('#'))
        .unwrap_or("")
}

fn unmarked_problems(guide: &str) -> Vec<String> {
    toml_blocks(guide)
        .into_iter()
        .filter(|(kind, _)| {
            !["file", "fragment", "mistake", "cases", "translation"].contains(&kind.as_str())
        })
        .map(|(kind, block)| {
            format!(
                "line {}: a toml block marked {kind:?}, not file, fragment, mistake, cases or \
                 translation",
                block.line
            )
        })
        .collect()
}

fn file_problems(guide: &str) -> Vec<String> {
    toml_blocks(guide)
        .into_iter()
        .filter(|(kind, _)| kind == "file")
        .filter_map(|(_, block)| {
            load("editing.md", &block.text)
                .err()
                .map(|err| format!("line {}: a whole file does not load:\n{err}", block.line))
        })
        .collect()
}

fn fragment_problems(guide: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (kind, block) in toml_blocks(guide) {
        if kind != "fragment" {
            continue;
        }
        if let Err(err) = toml::from_str::<toml::Table>(&block.text) {
            problems.push(format!("line {}: not valid TOML:\n{err}", block.line));
            continue;
        }
        let first = first_line(&block.text);
        if !first.starts_with("[[") {
            problems.push(format!(
                "line {}: a fragment must start with a [[...]] line, not {first:?}",
                block.line
            ));
            continue;
        }
        if let Err(err) = spliced(&block.text) {
            problems.push(format!(
                "line {}: added to small.toml, it does not read as a questions file:\n{err}",
                block.line
            ));
        }
    }
    problems
}

fn mistake_problems(guide: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for (kind, block) in toml_blocks(guide) {
        if kind != "mistake" {
            continue;
        }
        if toml::from_str::<toml::Table>(&block.text).is_err() {
            continue;
        }
        match spliced(&block.text) {
            Ok(_) => problems.push(format!(
                "line {}: a block shown as a mistake is accepted",
                block.line
            )),
            // Refused, but for a key the example left out rather than for the mistake shown.
            Err(err) if err.contains("missing field") => problems.push(format!(
                "line {}: a mistake is refused for the wrong reason:\n{err}",
                block.line
            )),
            Err(_) => {}
        }
    }
    problems
}

/// Each translation block, applied to the last whole file above it as the loader applies
/// `questions.es.toml` to `questions.toml`.
fn translation_problems(guide: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut last_file: Option<Questionnaire> = None;
    for (kind, block) in toml_blocks(guide) {
        match kind.as_str() {
            "file" => last_file = load("editing.md", &block.text).ok(),
            "translation" => {
                let Some(base) = &last_file else {
                    problems.push(format!(
                        "line {}: a translation with no whole file that loads above it",
                        block.line
                    ));
                    continue;
                };
                if let Err(err) =
                    painpath::content::translate::translate(base, "editing.md", &block.text)
                {
                    problems.push(format!(
                        "line {}: the translation does not apply:\n{err}",
                        block.line
                    ));
                }
            }
            _ => {}
        }
    }
    problems
}

fn case_problems(guide: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut last_file: Option<Questionnaire> = None;
    for (kind, block) in toml_blocks(guide) {
        match kind.as_str() {
            "file" => last_file = load("editing.md", &block.text).ok(),
            "cases" => {
                let shipped_questions;
                let questionnaire = if block.info.split_whitespace().any(|w| w == "shipped") {
                    shipped_questions = shipped();
                    &shipped_questions
                } else if let Some(file) = &last_file {
                    file
                } else {
                    problems.push(format!(
                        "line {}: cases with no whole file that loads above them",
                        block.line
                    ));
                    continue;
                };
                match load_cases("editing.md", &block.text) {
                    Err(err) => {
                        problems.push(format!("line {}: cases do not load:\n{err}", block.line))
                    }
                    Ok(cases) => {
                        for case in &cases {
                            let run = run_case(questionnaire, case);
                            if !run.passed() {
                                problems.push(format!(
                                    "line {}: {}",
                                    block.line,
                                    describe_failure("editing.md", case, &run)
                                ));
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
    problems
}

/// The guide's disposition section: for each `### \`id\`` heading, its blockquotes, each
/// joined into one line.
fn quoted_dispositions(guide: &str) -> Vec<(String, Vec<String>)> {
    let Some(start) = guide.find(DISPOSITIONS_HEADING) else {
        return Vec::new();
    };
    let section = &guide[start + DISPOSITIONS_HEADING.len()..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    let mut found: Vec<(String, Vec<String>)> = Vec::new();
    let mut in_quote = false;
    for line in section.lines() {
        if let Some(id) = line.strip_prefix("### ") {
            found.push((id.trim_matches('`').to_string(), Vec::new()));
            in_quote = false;
        } else if let Some(quoted) = line.strip_prefix('>') {
            let quoted = quoted.trim();
            if let Some((_, quotes)) = found.last_mut() {
                match quotes.last_mut() {
                    Some(last) if in_quote => {
                        last.push(' ');
                        last.push_str(quoted);
                    }
                    _ => quotes.push(quoted.to_string()),
                }
            }
            in_quote = true;
        } else {
            in_quote = false;
        }
    }
    found
}

fn disposition_problems(guide: &str, questionnaire: &Questionnaire) -> Vec<String> {
    let quoted = quoted_dispositions(guide);
    let ids: Vec<&str> = quoted.iter().map(|(id, _)| id.as_str()).collect();
    let expected: Vec<&str> = questionnaire
        .dispositions
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    if ids != expected {
        return vec![format!(
            "the guide quotes the dispositions {ids:?}, the file has {expected:?} (in this order)"
        )];
    }
    let mut problems = Vec::new();
    for ((id, quotes), disposition) in quoted.iter().zip(&questionnaire.dispositions) {
        // In the guide's order: the heading, each text of `when`, `safety_net` and
        // `until_seen`, then the advice heading.
        let mut want: Vec<(&str, &str)> = vec![("heading", &disposition.heading)];
        for (key, items) in [
            ("when", &disposition.when),
            ("safety_net", &disposition.safety_net),
            ("until_seen", &disposition.until_seen),
        ] {
            want.extend(items.iter().map(|p| (key, p.text.as_str())));
        }
        if let Some(heading) = &disposition.advice_heading {
            want.push(("advice_heading", heading));
        }
        if quotes.len() != want.len() {
            let keys: Vec<&str> = want.iter().map(|(key, _)| *key).collect();
            problems.push(format!(
                "{id}: {} quotes, expected {} ({keys:?})",
                quotes.len(),
                want.len()
            ));
            continue;
        }
        for (quote, (key, text)) in quotes.iter().zip(want) {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if *quote != text {
                problems.push(format!(
                    "{id}: the guide's {key} differs from questions.toml:\n  guide: {quote}\n  file:  {text}"
                ));
            }
        }
    }
    problems
}

/// The guide's table of which sources each result may cite: (outcome, sources), from the rows
/// under its heading row up to the first line that is not a row.
fn citation_table(guide: &str) -> Vec<(String, Vec<String>)> {
    let Some(start) = guide.find(CITES_HEADING) else {
        return Vec::new();
    };
    let ids = |cell: &str| -> Vec<String> {
        cell.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    guide[start..]
        .lines()
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let outcome = ids(cells.get(1)?).into_iter().next()?;
            Some((outcome, ids(cells.get(2)?)))
        })
        .collect()
}

fn citation_problems(guide: &str, questionnaire: &Questionnaire) -> Vec<String> {
    let table = citation_table(guide);
    if table.is_empty() {
        return vec![format!("the guide has no table headed {CITES_HEADING:?}")];
    }
    let mut problems = Vec::new();
    for (outcome, may_cite) in &table {
        if !questionnaire.outcomes.iter().any(|o| &o.id == outcome) {
            problems.push(format!(
                "the table names {outcome:?}, which the file has not"
            ));
        }
        for source in may_cite {
            if !questionnaire.sources.iter().any(|s| &s.id == source) {
                problems.push(format!(
                    "{outcome}: the table names the source {source:?}, which the file has not"
                ));
            }
        }
    }
    for outcome in &questionnaire.outcomes {
        let Some((_, may_cite)) = table.iter().find(|(id, _)| *id == outcome.id) else {
            problems.push(format!("outcome {:?} has no row in the table", outcome.id));
            continue;
        };
        for &source in &outcome.sources {
            let id = &questionnaire.sources[source].id;
            if !may_cite.contains(id) {
                problems.push(format!(
                    "outcome {:?} cites {id:?}, which its row does not list",
                    outcome.id
                ));
            }
        }
    }
    problems
}

fn kiosk_problems(guide: &str) -> Vec<String> {
    let exec_start = UNIT
        .lines()
        .find(|line| line.starts_with("ExecStart="))
        .expect("the unit has an ExecStart line");
    let shown: Vec<String> = blocks(guide)
        .into_iter()
        .filter(|block| block.info == "ini")
        .map(|block| block.text.trim().to_string())
        .collect();
    let want = [
        exec_start.to_string(),
        format!("{exec_start}{KIOSK_QUESTIONS}"),
    ];
    if shown != want {
        return vec![format!(
            "the guide's ExecStart lines {shown:?} do not match the unit's {want:?}"
        )];
    }
    Vec::new()
}

fn assert_none(problems: Vec<String>) {
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

/// The guide with the first line that is exactly `line` (ignoring spaces around it) removed.
fn without_line(guide: &str, line: &str) -> String {
    let mut removed = false;
    let kept: Vec<&str> = guide
        .lines()
        .filter(|l| {
            if !removed && l.trim() == line {
                removed = true;
                false
            } else {
                true
            }
        })
        .collect();
    assert!(removed, "the guide has no line {line:?}");
    kept.join("\n") + "\n"
}

#[test]
fn every_toml_block_is_marked() {
    assert_none(unmarked_problems(GUIDE));
}

#[test]
fn the_guide_shows_every_kind_of_block() {
    let kinds: Vec<String> = toml_blocks(GUIDE).into_iter().map(|(k, _)| k).collect();
    let count = |kind: &str| kinds.iter().filter(|k| *k == kind).count();
    assert!(
        count("file") >= 2,
        "a starting file and the file after the examples"
    );
    assert!(
        count("fragment") >= 10,
        "the before/after fragments: {kinds:?}"
    );
    assert!(
        count("mistake") >= 4,
        "quotes, apostrophes, default, curly quotes"
    );
    assert!(
        count("cases") >= 2,
        "the worked example's cases and a shipped case"
    );
}

#[test]
fn whole_files_load() {
    assert_none(file_problems(GUIDE));
}

#[test]
fn fragments_are_valid_toml_with_known_keys() {
    assert_none(fragment_problems(GUIDE));
}

#[test]
fn mistakes_are_refused() {
    assert_none(mistake_problems(GUIDE));
}

#[test]
fn cases_pass_against_their_questions() {
    assert_none(case_problems(GUIDE));
}

#[test]
fn translations_apply_to_their_questions() {
    assert_none(translation_problems(GUIDE));
}

#[test]
fn dropping_a_text_from_a_translation_is_caught() {
    let broken = without_line(GUIDE, "short = \"Rodilla hinchada\"");
    assert!(!translation_problems(&broken).is_empty());
}

#[test]
fn disposition_quotes_match_the_shipped_file() {
    let questionnaire = shipped();
    assert_eq!(questionnaire.dispositions.len(), 6);
    assert_none(disposition_problems(GUIDE, &questionnaire));
}

#[test]
fn the_citation_table_holds_what_each_result_cites() {
    let questionnaire = shipped();
    assert_eq!(citation_table(GUIDE).len(), questionnaire.outcomes.len());
    assert_none(citation_problems(GUIDE, &questionnaire));
}

#[test]
fn a_citation_the_table_does_not_allow_is_caught() {
    let questionnaire = shipped();
    let changed = GUIDE.replacen("| `piriformis` | `osteo` |", "| `piriformis` | `joi` |", 1);
    assert_ne!(changed, GUIDE);
    assert_eq!(citation_problems(&changed, &questionnaire).len(), 1);
    let dropped = without_line(GUIDE, "| `general` | `joi`, `katasi` |");
    assert_eq!(citation_problems(&dropped, &questionnaire).len(), 1);
}

#[test]
fn kiosk_exec_start_matches_the_unit() {
    assert_none(kiosk_problems(GUIDE));
}

#[test]
fn removing_one_key_from_a_whole_file_is_caught() {
    // Without its default, "None of these" at the first question leads nowhere.
    let broken = without_line(
        GUIDE,
        "default = \"where\"                  # where to go when no rule matches: BEFORE the rules",
    );
    assert!(!file_problems(&broken).is_empty());
}

#[test]
fn removing_one_key_from_a_fragment_is_caught() {
    // The first fragment's question then has no kind.
    let broken = without_line(GUIDE, "kind = \"yes-no\"");
    let problems = fragment_problems(&broken);
    assert!(
        problems.iter().any(|p| p.contains("missing field `kind`")),
        "{problems:?}"
    );
}

#[test]
fn removing_one_key_from_a_case_is_caught() {
    // The injured knee's case then misses an answer its route asks.
    let broken = without_line(GUIDE, "knee_injury = \"yes\"");
    assert!(!case_problems(&broken).is_empty());
}

#[test]
fn a_mistake_that_loads_is_caught() {
    // The curly quotes straightened: the block is no mistake any more.
    let fixed = GUIDE.replace(
        "prompt = \u{201c}Where is the pain worst?\u{201d}",
        "prompt = \"Where is the pain worst?\"",
    );
    assert_ne!(fixed, GUIDE);
    assert_eq!(mistake_problems(&fixed).len(), 1);
}

#[test]
fn a_changed_disposition_word_is_caught() {
    let questionnaire = shipped();
    let changed = GUIDE.replacen("> Ask someone to take you", "> Ask a friend to take you", 1);
    assert_ne!(changed, GUIDE);
    assert_eq!(disposition_problems(&changed, &questionnaire).len(), 1);
    // And the other way round: the file changes, the guide does not.
    let mut edited = shipped();
    edited.dispositions[2].heading.push('!');
    assert_eq!(disposition_problems(GUIDE, &edited).len(), 1);
}

#[test]
fn a_changed_exec_start_is_caught() {
    let changed = GUIDE.replacen(
        "--config /etc/painpath/config.toml --questions",
        "--config /etc/painpath/kiosk.toml --questions",
        1,
    );
    assert_ne!(changed, GUIDE);
    assert!(!kiosk_problems(&changed).is_empty());
}
