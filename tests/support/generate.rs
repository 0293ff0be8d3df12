//! A generator of valid questionnaires of any size, for benchmarks, fuzz seeds and tests.
//!
//! Shared by `#[path]` include from `benches/`, `tests/` and `fuzz/`, so it never reaches
//! the library or the release binary. It uses nothing but `std`.
#![allow(dead_code)]

use std::fmt::Write;

/// A valid questions file with `questions` questions (at least one).
///
/// The shape: a multiple-choice red-flag question (with an emergency option), then blocks of
/// four questions: a single choice that branches three ways, a yes/no, a scale and a
/// multiple choice with its own emergency option. Later questions of a block test the
/// block's first question, which every path through the block passes (it dominates them),
/// so every rule reads a question answered on every path. Paths multiply with each block.
pub fn questionnaire(questions: usize) -> String {
    let n = questions.max(1);
    let mut out = String::with_capacity(n * 420 + 1_000);
    let mut outcomes: Vec<String> = vec!["emergency".into()];
    let target = |i: usize| {
        if i < n {
            question_id(i)
        } else {
            "done".to_string()
        }
    };
    out.push_str(&format!(
        "# Generated questionnaire of {n} questions.\n\
         [meta]\n\
         id = \"generated-{n}\"\n\
         title = \"Generated questionnaire\"\n\
         version = \"1.0.0\"\n\
         language = \"en\"\n\
         start = \"flags\"\n\
         intro = \"A generated questionnaire for benchmarks and tests.\"\n\
         disclaimer = \"Not a diagnosis.\"\n\n\
         [[sources]]\n\
         id = \"src\"\n\
         title = \"A source\"\n\
         publisher = \"A publisher\"\n\
         date = \"2024\"\n\n\
         [[questions]]\n\
         id = \"flags\"\n\
         kind = \"multiple\"\n\
         prompt = \"Do you have any of these?\"\n\
         short = \"Warning signs\"\n\
         options = [\n\
         \x20 {{ id = \"saddle\", label = \"Numbness around the seat area\", emergency = true }},\n\
         \x20 {{ id = \"fever\", label = \"Fever\", raises = \"soon\" }},\n\
         \x20 {{ id = \"none\", label = \"None of these\", exclusive = true }},\n\
         ]\n\
         default = \"{}\"\n\
         [[questions.rules]]\n\
         any = [\"saddle\"]\n\
         goto = \"emergency\"\n",
        target(1)
    ));
    if n == 1 {
        used("done", &mut outcomes);
    }
    for i in 1..n {
        let role = (i - 1) % 4;
        let block = i - role;
        let id = question_id(i);
        let first = question_id(block);
        let _ = writeln!(out, "\n[[questions]]\nid = \"{id}\"");
        match role {
            0 => {
                let rest = format!("rest_{block}");
                let (next, skip) = (target(i + 1), target(i + 2));
                let _ = write!(
                    out,
                    "kind = \"single\"\n\
                     prompt = \"Where is the pain, part {block}?\"\n\
                     short = \"Where {block}\"\n\
                     help = \"Pick the place that hurts most.\"\n\
                     options = [\n\
                     \x20 {{ id = \"a\", label = \"Low back\" }},\n\
                     \x20 {{ id = \"b\", label = \"Hip\" }},\n\
                     \x20 {{ id = \"c\", label = \"Knee\" }},\n\
                     ]\n\
                     [[questions.rules]]\n\
                     any = [\"a\"]\n\
                     goto = \"{next}\"\n\
                     [[questions.rules]]\n\
                     any = [\"b\"]\n\
                     goto = \"{skip}\"\n\
                     [[questions.rules]]\n\
                     any = [\"c\"]\n\
                     goto = \"{rest}\"\n"
                );
                used(&rest, &mut outcomes);
                if i + 1 >= n {
                    used("done", &mut outcomes);
                }
            }
            1 => {
                let _ = write!(
                    out,
                    "kind = \"yes-no\"\n\
                     prompt = \"Does it wake you at night?\"\n\
                     default = \"{}\"\n\
                     [[questions.rules]]\n\
                     any = [\"yes\"]\n\
                     all = [\"{first}.a\"]\n\
                     none = [\"flags.fever\"]\n\
                     goto = \"{}\"\n",
                    target(i + 2),
                    target(i + 1),
                );
                if i + 1 >= n {
                    used("done", &mut outcomes);
                }
            }
            2 => {
                let _ = write!(
                    out,
                    "kind = \"scale\"\n\
                     prompt = \"How bad is the pain today?\"\n\
                     low_label = \"no pain\"\n\
                     high_label = \"worst imaginable\"\n\
                     default = \"{}\"\n\
                     [[questions.rules]]\n\
                     scale = {{ question = \"{id}\", min = 8 }}\n\
                     goto = \"soon\"\n",
                    target(i + 1),
                );
                used("soon", &mut outcomes);
                if i + 1 >= n {
                    used("done", &mut outcomes);
                }
            }
            _ => {
                let _ = write!(
                    out,
                    "kind = \"multiple\"\n\
                     prompt = \"Which of these have you noticed?\"\n\
                     options = [\n\
                     \x20 {{ id = \"numb\", label = \"Both legs numb\", emergency = true }},\n\
                     \x20 {{ id = \"weak\", label = \"A weak leg\", raises = \"soon\" }},\n\
                     \x20 {{ id = \"none\", label = \"None of these\", exclusive = true }},\n\
                     ]\n\
                     default = \"{}\"\n\
                     [[questions.rules]]\n\
                     any = [\"numb\"]\n\
                     goto = \"emergency\"\n\
                     [[questions.rules]]\n\
                     any = [\"weak\"]\n\
                     all = [\"{first}.b\"]\n\
                     goto = \"soon\"\n",
                    target(i + 1),
                );
                used("soon", &mut outcomes);
                if i + 1 >= n {
                    used("done", &mut outcomes);
                }
            }
        }
    }
    for id in &outcomes {
        let (disposition, sign) = match id.as_str() {
            "emergency" => ("emergency", "flags.saddle"),
            "soon" => ("soon", "flags.none"),
            _ => ("self_care", "flags.none"),
        };
        let _ = write!(
            out,
            "\n[[outcomes]]\n\
             id = \"{id}\"\n\
             title = \"Outcome {id}\"\n\
             disposition = \"{disposition}\"\n\
             explanation = \"What this answer pattern usually means.\"\n\
             advice = [\"Keep moving gently.\"]\n\
             avoid = [\"Long bed rest.\"]\n\
             sooner_if = [\"It gets worse.\"]\n\
             sources = [\"src\"]\n\
             [[outcomes.signs]]\n\
             text = \"The answers of this pattern\"\n\
             any = [\"{sign}\"]\n"
        );
    }
    out.push_str(
        "\n[[dispositions]]\n\
         id = \"emergency\"\n\
         emergency = true\n\
         heading = \"Emergency: get help now\"\n\
         when = \"Call the emergency number now.\"\n\
         safety_net = \"Do not wait.\"\n\n\
         [[dispositions]]\n\
         id = \"soon\"\n\
         heading = \"Soon: see a doctor\"\n\
         when = \"See a doctor soon.\"\n\
         safety_net = \"Sooner if it gets worse.\"\n\n\
         [[dispositions]]\n\
         id = \"self_care\"\n\
         heading = \"Self-care\"\n\
         when = \"Look after it at home.\"\n\
         safety_net = \"See a doctor if it gets worse.\"\n",
    );
    out
}

/// Adds an outcome to those the file must define, once.
fn used(id: &str, outcomes: &mut Vec<String>) {
    if !outcomes.iter().any(|o| o == id) {
        outcomes.push(id.to_string());
    }
}

/// The id the generator gives question `i` (0 is the red-flag question).
pub fn question_id(i: usize) -> String {
    if i == 0 {
        "flags".into()
    } else {
        format!("q{i}")
    }
}
