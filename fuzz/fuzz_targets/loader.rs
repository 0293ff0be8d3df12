//! Feeds arbitrary bytes to the loader, then renders any error so span and column code runs.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match painpath::content::validate::load("fuzz.toml", text) {
        Ok(questionnaire) => {
            // A model that loaded is walkable: every question is counted.
            assert_eq!(questionnaire.max_remaining.len(), questionnaire.questions.len());
        }
        Err(err) => {
            assert!(!err.problems.is_empty(), "an error names at least one problem");
            let lines = text.split('\n').count();
            for p in &err.problems {
                assert!(p.line >= 1 && p.line <= lines, "line {} of {lines}", p.line);
                assert!(p.column >= 1);
                assert!(
                    p.span.start <= p.span.end && p.span.end <= text.len(),
                    "span {:?} of {}",
                    p.span,
                    text.len()
                );
            }
            let shown = err.to_string();
            assert!(shown.starts_with("fuzz.toml:"));
            // The rendered error goes to a terminal: nothing from the file may drive it.
            assert!(
                !shown.chars().any(painpath::content::diagnostic::is_forbidden),
                "{shown:?}"
            );
        }
    }
});
