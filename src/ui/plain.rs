//! Plain mode: the questionnaire as numbered text prompts, answers read line by line.
//!
//! For screen readers, scripts and any terminal that cannot run the full-screen interface.
//! It drives the same engine as the TUI; it reads and writes only the streams it is given.
//! Every paragraph is wrapped to the width of the terminal (or `COLUMNS`, or 80 columns)
//! without splitting a word; numbered options and bullets keep a hanging indent.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::{Context, anyhow};

use crate::content::model::{
    ChoiceOption, OptionIndex, Question, QuestionIndex, QuestionKind, Questionnaire, SCALE_MAX,
    SCALE_MIN, Target,
};
use crate::content::words::{self, Words, fill};
use crate::engine::session::{Answer, Assessment, Session};
use crate::output::result::{
    advice_heading, also_consider_line, get_help, raised, source_line, texts,
};
use crate::text::{Notation, display_width, wrap};

/// The width used when the terminal's cannot be found out.
pub const DEFAULT_WIDTH: usize = 80;
/// The narrowest width text is wrapped to.
pub const MIN_WIDTH: usize = 20;
/// The widest width text is wrapped to: longer lines are hard to read.
pub const MAX_WIDTH: usize = 200;

/// At most this many characters of a person's input are shown back in a message.
const ECHO_MAX: usize = 20;

/// Runs the questionnaire over `input` and `output`, wrapped to [`terminal_width`] (measured
/// again before each question, so a resized terminal is followed).
///
/// Returns the session as it stands when the person quits: at a result, after it was shown.
/// Input that ends before a result is an error, so a script that runs out of answers exits
/// non-zero; input that ends at a result quits.
pub fn run<'q>(
    questionnaire: &'q Questionnaire,
    input: impl BufRead,
    output: impl Write,
) -> anyhow::Result<Session<'q>> {
    Plain::new(questionnaire, input, output, None).run()
}

/// [`run`] wrapped to `width` columns (clamped to [`MIN_WIDTH`]..=[`MAX_WIDTH`]).
pub fn run_with_width<'q>(
    questionnaire: &'q Questionnaire,
    input: impl BufRead,
    output: impl Write,
    width: usize,
) -> anyhow::Result<Session<'q>> {
    Plain::new(questionnaire, input, output, Some(width)).run()
}

/// The width to wrap to: the terminal's when standard output is one, else `COLUMNS` when it
/// holds a sane number, else [`DEFAULT_WIDTH`]; clamped to [`MIN_WIDTH`]..=[`MAX_WIDTH`].
pub fn terminal_width() -> usize {
    let measured = if std::io::stdout().is_terminal() {
        ratatui::crossterm::terminal::size().ok().map(|(w, _)| w)
    } else {
        None
    };
    choose_width(measured, std::env::var("COLUMNS").ok().as_deref())
}

/// [`terminal_width`] from what was measured and the `COLUMNS` variable.
fn choose_width(measured: Option<u16>, columns: Option<&str>) -> usize {
    let from_columns = || {
        columns?
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|w| (1..=10_000).contains(w))
    };
    measured
        .map(usize::from)
        .filter(|w| *w > 0)
        .or_else(from_columns)
        .unwrap_or(DEFAULT_WIDTH)
        .clamp(MIN_WIDTH, MAX_WIDTH)
}

/// Writes `text` wrapped to `width`, the first line after `prefix` and the others indented
/// as far (a hanging indent: "  3. " for an option, "  - " for a bullet).
fn hang(out: &mut impl Write, width: usize, prefix: &str, text: &str) -> std::io::Result<()> {
    let indent = display_width(prefix);
    let room = width.saturating_sub(indent).max(1);
    for (i, line) in wrap(text, room).iter().enumerate() {
        let whole = if i == 0 {
            format!("{prefix}{line}")
        } else if line.is_empty() {
            String::new()
        } else {
            format!("{}{line}", " ".repeat(indent))
        };
        writeln!(out, "{}", whole.trim_end())?;
    }
    Ok(())
}

/// Writes a paragraph wrapped to `width`.
fn para(out: &mut impl Write, width: usize, text: &str) -> std::io::Result<()> {
    hang(out, width, "", text)
}

/// Input as it may be shown back: hostile characters as a terminal echoes them
/// ([`Notation::Caret`]), and at most [`ECHO_MAX`] characters.
pub fn visible(text: &str) -> String {
    let mut shown: String = text.chars().take(ECHO_MAX).collect();
    if text.chars().nth(ECHO_MAX).is_some() {
        shown.push('…');
    }
    crate::text::visible(&shown, Notation::Caret).into_owned()
}

/// What is shown when the session stands at an outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AtOutcome {
    /// The answers, to check or change before the result.
    Review,
    Result,
}

/// What the person chose after a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AfterResult {
    /// Back to the review of the answers.
    Review,
    /// From an emergency result: back to the question answered last.
    Back,
    StartAgain,
    Quit,
}

/// An emergency result is shown at once; the others are reviewed first.
fn arrival(session: &Session) -> AtOutcome {
    match session.current() {
        Target::Outcome(o) if session.questionnaire().is_emergency(o) => AtOutcome::Result,
        _ => AtOutcome::Review,
    }
}

/// One plain-mode run: the streams, the width and the line being read.
struct Plain<'q, R, W> {
    questionnaire: &'q Questionnaire,
    /// The interface's words, in the questionnaire's language.
    words: &'static Words,
    input: R,
    out: W,
    /// The width asked for; `None` follows the terminal.
    fixed: Option<usize>,
    width: usize,
    line: Vec<u8>,
}

impl<'q, R: BufRead, W: Write> Plain<'q, R, W> {
    fn new(questionnaire: &'q Questionnaire, input: R, out: W, fixed: Option<usize>) -> Self {
        let fixed = fixed.map(|w| w.clamp(MIN_WIDTH, MAX_WIDTH));
        Plain {
            questionnaire,
            words: words::of(questionnaire),
            input,
            out,
            fixed,
            width: fixed.unwrap_or_else(terminal_width),
            line: Vec::new(),
        }
    }

    fn run(mut self) -> anyhow::Result<Session<'q>> {
        let mut session = Session::new(self.questionnaire);
        self.welcome()?;
        let mut at = arrival(&session);
        loop {
            if self.fixed.is_none() {
                self.width = terminal_width();
            }
            match session.current() {
                Target::Question(here) => {
                    self.question(&mut session, here)?;
                    at = arrival(&session);
                }
                Target::Outcome(_) if at == AtOutcome::Review => {
                    if self.review(&mut session)? {
                        at = AtOutcome::Result;
                    }
                }
                Target::Outcome(o) => {
                    if let Some(assessment) = session.assessment() {
                        write_result(self.questionnaire, &assessment, self.width, &mut self.out)?;
                    }
                    let emergency = self.questionnaire.is_emergency(o);
                    match self.after_result(emergency)? {
                        AfterResult::Quit => break,
                        AfterResult::Review => at = AtOutcome::Review,
                        AfterResult::Back => {
                            session.back();
                        }
                        AfterResult::StartAgain => {
                            session.restart();
                            self.para(&self.words.plain.starting_again)?;
                            self.blank()?;
                            self.welcome()?;
                            at = arrival(&session);
                        }
                    }
                }
            }
        }
        self.out.flush()?;
        Ok(session)
    }

    fn para(&mut self, text: &str) -> std::io::Result<()> {
        para(&mut self.out, self.width, text)
    }

    fn hang(&mut self, prefix: &str, text: &str) -> std::io::Result<()> {
        hang(&mut self.out, self.width, prefix, text)
    }

    fn blank(&mut self) -> std::io::Result<()> {
        writeln!(self.out)
    }

    /// "Sorry: ..." and a blank line.
    fn sorry(&mut self, message: &str) -> std::io::Result<()> {
        self.para(&fill(&self.words.plain.sorry, &[("message", message)]))?;
        self.blank()
    }

    /// Shows the prompt and reads one line: `None` at the end of input. The line is trimmed;
    /// bytes that are not UTF-8 become U+FFFD rather than ending the run.
    fn read(&mut self) -> anyhow::Result<Option<String>> {
        write!(self.out, "> ")?;
        self.out.flush()?;
        self.line.clear();
        let read = self
            .input
            .read_until(b'\n', &mut self.line)
            .context("reading an answer")?;
        writeln!(self.out)?;
        if read == 0 {
            return Ok(None);
        }
        Ok(Some(String::from_utf8_lossy(&self.line).trim().to_string()))
    }

    /// The title, the introduction, the disclaimer and how to answer.
    fn welcome(&mut self) -> std::io::Result<()> {
        let meta = &self.questionnaire.meta;
        for text in [&meta.title, &meta.intro, &meta.disclaimer] {
            self.para(text)?;
            self.blank()?;
        }
        // The safety net, for questionnaires whose texts forget to say it (as the TUI).
        let common = &self.words.common;
        if !common.says_emergency(&meta.intro) && !common.says_emergency(&meta.disclaimer) {
            self.para(&common.emergency)?;
            self.blank()?;
        }
        self.para(&self.words.plain.how_to_answer)?;
        self.blank()
    }

    /// Asks one question and acts on the reply: an answer, back, help, or keep the earlier
    /// answer. Bad input is explained; the loop then asks again.
    fn question(&mut self, session: &mut Session, here: QuestionIndex) -> anyhow::Result<()> {
        let questionnaire = self.questionnaire;
        let said = &self.words.plain;
        let question = questionnaire.question(here);
        self.ask(session, here)?;
        let reply = self.read()?.ok_or_else(|| {
            anyhow!("input ended before the questionnaire was finished")
                .context(format!("at question \"{}\"", question.id))
        })?;
        match reply.as_str() {
            "b" | "B" => {
                if !session.back() {
                    self.para(&said.first_question)?;
                    self.blank()?;
                }
            }
            "?" => self.help(question, &session.offered(here))?,
            "" => match session.remembered(here).cloned() {
                Some(earlier) => {
                    session.answer(earlier)?;
                }
                None => {
                    self.para(&said.type_an_answer)?;
                    self.blank()?;
                }
            },
            text => match parse_answer(questionnaire, here, &session.offered(here), text) {
                Ok(answer) => {
                    if let Err(err) = session.answer(answer) {
                        self.sorry(&err.message(self.words))?;
                    }
                }
                Err(message) => self.sorry(&message)?,
            },
        }
        Ok(())
    }

    /// Prints a question: where we are, the prompt, its help, the numbered options, how to
    /// answer it and the keys.
    fn ask(&mut self, session: &Session, here: QuestionIndex) -> std::io::Result<()> {
        let question = self.questionnaire.question(here);
        let words = self.words;
        let said = &words.plain;
        let (answered, left) = session.progress();
        self.para(&fill(
            &words.common.question_of,
            &[
                ("n", &(answered + 1).to_string()),
                ("total", &(answered + left.max(1)).to_string()),
            ],
        ))?;
        self.para(&question.prompt)?;
        if let Some(help) = &question.help {
            self.para(help)?;
        }
        if question.kind != QuestionKind::Scale {
            let offered = session.offered(here);
            let digits = offered.len().to_string().len();
            for (i, option) in offered.iter().enumerate() {
                let label = &question.options[option.0].label;
                self.hang(&format!("  {:>digits$}. ", i + 1), label)?;
            }
        }
        let hint = match question.kind {
            QuestionKind::Single => said.hint_single.clone(),
            QuestionKind::YesNo => said.hint_yes_no.clone(),
            QuestionKind::Multiple => said.hint_multiple.clone(),
            QuestionKind::Scale => {
                let (low, high) = match &question.scale_labels {
                    Some((low, high)) => (format!(" = {low}"), format!(" = {high}")),
                    None => (String::new(), String::new()),
                };
                let from = format!("{SCALE_MIN}{low}");
                let to = format!("{SCALE_MAX}{high}");
                fill(&said.hint_scale, &[("from", &from), ("to", &to)])
            }
        };
        self.para(&hint)?;
        let mut keys = Vec::new();
        if !session.trail().is_empty() {
            keys.push(format!("b = {}", said.back));
        }
        keys.push(format!("? = {}", said.help));
        if let Some(earlier) = session.remembered(here) {
            let answer = session.describe(here, earlier);
            keys.push(fill(&said.keep_earlier, &[("answer", &answer)]));
        }
        self.para(&keys.join(", "))
    }

    /// The question's help, each offered option's help under its number and label, and
    /// every key, on `?`.
    fn help(&mut self, question: &Question, offered: &[OptionIndex]) -> std::io::Result<()> {
        let words = self.words;
        let said = &words.plain;
        let explained: Vec<(usize, &ChoiceOption)> = (offered.iter().enumerate())
            .map(|(i, o)| (i + 1, &question.options[o.0]))
            .filter(|(_, option)| option.help.is_some())
            .collect();
        match &question.help {
            Some(help) => self.para(help)?,
            None if explained.is_empty() => self.para(&said.no_help)?,
            None => {}
        }
        let digits = offered.len().to_string().len();
        for (number, option) in explained {
            self.hang(&format!("  {number:>digits$}. "), &option.label)?;
            let help = option.help.as_deref().unwrap_or_default();
            self.hang(&" ".repeat(digits + 4), help)?;
        }
        self.blank()?;
        self.para(&said.keys)?;
        for (key, action) in [
            ("1 2 3", &said.key_numbers),
            (&words.common.yes_no_keys, &said.key_yes_no),
            (&words.common.enter_key, &said.key_enter),
            ("b", &said.key_back),
            ("?", &said.key_help),
        ] {
            self.hang(&format!("  {key:<7}"), action)?;
        }
        self.blank()
    }

    /// Lists the answers on the route and lets the person change one. True when the result
    /// is to be shown (Enter, or the end of input: every question is answered).
    fn review(&mut self, session: &mut Session) -> anyhow::Result<bool> {
        let said = &self.words.plain;
        self.para(&said.your_answers)?;
        let visits: Vec<QuestionIndex> = session.trail().iter().map(|v| v.question).collect();
        let digits = visits.len().to_string().len();
        for (i, q) in visits.iter().enumerate() {
            let short = &self.questionnaire.question(*q).short;
            let answer = session
                .answer_to(*q)
                .map(|a| session.describe(*q, a))
                .unwrap_or_default();
            self.hang(
                &format!("  {:>digits$}. ", i + 1),
                &format!("{short}: {answer}"),
            )?;
        }
        self.para(&said.review_how)?;
        let Some(reply) = self.read()? else {
            return Ok(true);
        };
        match reply.as_str() {
            "" => Ok(true),
            "b" | "B" => {
                session.back();
                Ok(false)
            }
            text => {
                match text
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| visits.get(n.wrapping_sub(1)))
                {
                    Some(q) => {
                        session.revisit(*q);
                    }
                    None => {
                        let count = visits.len().to_string();
                        self.sorry(&fill(&said.not_an_entry, &[("count", &count)]))?;
                    }
                }
                Ok(false)
            }
        }
    }

    /// After a result: back to the review (or, from an emergency result, to the last
    /// question), start again, or quit. The end of input quits.
    fn after_result(&mut self, emergency: bool) -> anyhow::Result<AfterResult> {
        let said = &self.words.plain;
        let mut choices = vec![];
        if emergency {
            choices.push(("b", &said.next_back));
        }
        choices.extend([
            ("r", &said.next_review),
            (said.next_start_again_key.as_str(), &said.next_start_again),
            ("q", &said.next_quit),
        ]);
        let keys = if emergency {
            &said.type_next_or_back
        } else {
            &said.type_next
        };
        self.blank()?;
        loop {
            self.para(&said.what_next)?;
            for (key, action) in &choices {
                self.hang(&format!("  {key} = "), action)?;
            }
            let Some(reply) = self.read()? else {
                return Ok(AfterResult::Quit);
            };
            match reply.to_lowercase().as_str() {
                "r" | "review" => return Ok(AfterResult::Review),
                "b" | "back" if emergency => return Ok(AfterResult::Back),
                // As in the TUI, back from a result that was reviewed is the review.
                "b" | "back" => return Ok(AfterResult::Review),
                r if r == said.next_start_again_key || r == "start again" => {
                    return Ok(AfterResult::StartAgain);
                }
                "q" | "quit" => return Ok(AfterResult::Quit),
                "" | "?" => {}
                _ => self.sorry(keys)?,
            }
        }
    }
}

/// Reads an answer typed as text: option numbers (1-based), y or n for a yes/no question, or
/// a scale value. Numbers count the `offered` options, as listed. The message of an error
/// shows the input only through [`visible`].
pub fn parse_answer(
    questionnaire: &Questionnaire,
    here: QuestionIndex,
    offered: &[OptionIndex],
    text: &str,
) -> Result<Answer, String> {
    let question = questionnaire.question(here);
    let words = words::of(questionnaire);
    let said = &words.plain;
    if question.kind == QuestionKind::YesNo {
        // The loader fixes a yes/no question's options as yes, then no.
        match words.common.yes_or_no(text) {
            Some(true) => return Ok(Answer::one(0)),
            Some(false) => return Ok(Answer::one(1)),
            None => {}
        }
    }
    let numbers: Vec<&str> = text
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .collect();
    let parsed: Result<Vec<usize>, String> = numbers
        .iter()
        .map(|n| {
            n.parse::<usize>()
                .map_err(|_| fill(&said.not_a_number, &[("input", &visible(n))]))
        })
        .collect();
    let parsed = parsed?;
    let range = [
        ("min", SCALE_MIN.to_string()),
        ("max", SCALE_MAX.to_string()),
    ];
    let range = range
        .each_ref()
        .map(|(name, value)| (*name, value.as_str()));
    match question.kind {
        QuestionKind::Scale => match parsed.as_slice() {
            [v] => u8::try_from(*v)
                .ok()
                .filter(|v| (SCALE_MIN..=SCALE_MAX).contains(v))
                .map(Answer::Scale)
                .ok_or_else(|| fill(&said.scale_range, &range)),
            _ => Err(fill(&said.scale_one, &range)),
        },
        kind => {
            let count = offered.len();
            if let Some(bad) = parsed.iter().find(|n| **n == 0 || **n > count) {
                let (bad, count) = (bad.to_string(), count.to_string());
                return Err(fill(&said.not_an_option, &[("n", &bad), ("count", &count)]));
            }
            if kind != QuestionKind::Multiple && parsed.len() > 1 {
                return Err(words.errors.only_one.clone());
            }
            Ok(Answer::many(parsed.iter().map(|n| offered[n - 1].0)))
        }
    }
}

/// Prints the whole result, wrapped to `width`: urgency, what to do until seen, explanation,
/// why, advice, help, sources.
pub fn write_result(
    questionnaire: &Questionnaire,
    assessment: &Assessment,
    width: usize,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let words = words::of(questionnaire);
    let result = &words.result;
    let outcome = assessment.outcome;
    hang(
        out,
        width,
        &format!("{}: ", words.plain.result),
        &outcome.title,
    )?;
    para(out, width, &assessment.disposition.heading)?;
    if let Some(raised) = raised(assessment, words) {
        para(out, width, &raised)?;
    }
    writeln!(out)?;
    if !assessment.shown.until_seen.is_empty() {
        para(out, width, &format!("{}:", result.until_seen))?;
        for item in texts(&assessment.shown.until_seen) {
            hang(out, width, "  - ", item)?;
        }
        writeln!(out)?;
    }
    for paragraph in texts(&assessment.shown.explanation) {
        para(out, width, paragraph)?;
    }
    writeln!(out)?;
    para(out, width, &questionnaire.meta.disclaimer)?;
    writeln!(out)?;
    let sections: [(&str, Vec<String>); 4] = [
        (
            &result.why,
            assessment.why.iter().map(ToString::to_string).collect(),
        ),
        (
            &result.also_consider,
            assessment
                .also_consider
                .iter()
                .map(|fit| also_consider_line(fit, words))
                .collect(),
        ),
        (
            advice_heading(assessment, words),
            texts(&assessment.shown.advice)
                .map(str::to_string)
                .collect(),
        ),
        (
            &result.avoid,
            texts(&assessment.shown.avoid).map(str::to_string).collect(),
        ),
    ];
    for (heading, items) in sections {
        if items.is_empty() {
            continue;
        }
        para(out, width, &format!("{heading}:"))?;
        for item in items {
            hang(out, width, "  - ", &item)?;
        }
        writeln!(out)?;
    }
    let help = get_help(assessment);
    para(out, width, &format!("{}:", result.get_help))?;
    for paragraph in &help.when {
        hang(out, width, "  ", paragraph)?;
    }
    if !help.sooner_if.is_empty() {
        hang(out, width, "  ", &result.sooner_if)?;
        for item in &help.sooner_if {
            hang(out, width, "  - ", item)?;
        }
    }
    for paragraph in &help.safety_net {
        hang(out, width, "  ", paragraph)?;
    }
    writeln!(out)?;
    para(out, width, &format!("{}:", result.sources))?;
    for source in &assessment.sources {
        hang(out, width, "  - ", &source_line(source, words))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::Passage;
    use crate::testing::small;

    /// Runs plain mode at 80 columns: the outcome reached (or the error) and the output.
    fn run_with(q: &Questionnaire, input: &str) -> (anyhow::Result<String>, String) {
        run_at(q, input, 80)
    }

    fn run_at(q: &Questionnaire, input: &str, width: usize) -> (anyhow::Result<String>, String) {
        let mut out = Vec::new();
        let result = run_with_width(q, input.as_bytes(), &mut out, width).map(|s| {
            s.assessment()
                .map(|a| a.outcome.id.clone())
                .unwrap_or_default()
        });
        (result, String::from_utf8_lossy(&out).into_owned())
    }

    /// Where `part` first occurs in `out` at or after `from`; panics if it does not.
    fn find(out: &str, part: &str, from: usize) -> usize {
        out[from..]
            .find(part)
            .map(|i| i + from)
            .unwrap_or_else(|| panic!("no {part:?} after byte {from} in\n{out}"))
    }

    #[test]
    fn numbered_answers_reach_a_result_printed_in_full() {
        let q = small();
        let (result, out) = run_with(&q, "3\n2\n1\n\n");
        assert_eq!(result.unwrap(), "hip_result");
        // In this order, as write_result prints them.
        let mut at = find(&out, "RESULT: Hip\nSelf-care: look after it at home\n", 0);
        for part in [
            "H.",
            "Not a diagnosis.",
            "Why this result:\n  - Pain in the hip\n  - Groin pain\n",
            "When to get help:\n  Weeks.\n  Get help sooner if:\n  - It gets worse.\n  \
             Sooner if worse.\n",
            "Sources:\n  - Article A. Publisher A.\n",
        ] {
            at = find(&out, part, at);
        }
    }

    #[test]
    fn invalid_input_explains_and_asks_again() {
        let q = small();
        let (result, out) = run_with(&q, "9\nx\n\n2 3\n3\n1 2\n3\n\n");
        assert_eq!(result.unwrap(), "knee_result");
        assert!(
            out.contains("Sorry: 9 is not an option; type a number from 1 to 3."),
            "{out}"
        );
        assert!(out.contains("Sorry: \"x\" is not a number."), "{out}");
        assert!(out.contains("Please type an answer."), "{out}");
        assert!(
            out.contains("\"None of these\" cannot be combined"),
            "{out}"
        );
        assert!(out.contains("Sorry: please pick only one option."), "{out}");
    }

    #[test]
    fn back_returns_and_enter_keeps_the_earlier_answer() {
        let q = small();
        let (result, out) = run_with(&q, "3\n2\nb\n\n1\n\n");
        assert_eq!(result.unwrap(), "hip_result");
        assert!(
            out.contains("b = back, ? = help, Enter keeps your earlier answer: Hip\n"),
            "{out}"
        );
        // The first question has nothing to go back to, so it does not offer b.
        assert!(out.contains("\n? = help\n> "), "{out}");
    }

    #[test]
    fn review_changes_an_answer_and_reroutes() {
        let q = small();
        // Hip + groin -> hip_result; review: change answer 2 (where) to back -> severity.
        let (result, out) = run_with(&q, "3\n2\n1\n2\n1\n\n9\n\n");
        assert_eq!(result.unwrap(), "back_bad");
        assert!(out.contains("  2. Where: Hip"), "{out}");
        assert!(out.contains("RESULT: Bad back"), "{out}");
    }

    #[test]
    fn scale_answers_are_checked() {
        let q = small();
        let (result, out) = run_with(&q, "3\n1\n2\n11\n4\n\n");
        assert_eq!(result.unwrap(), "back_result");
        assert!(
            out.contains("Type a number from 0 = no pain to 10 = worst."),
            "{out}"
        );
        assert!(out.contains("please type a number from 0 to 10"), "{out}");
    }

    #[test]
    fn yes_no_questions_take_y_and_n_too() {
        let q = small();
        let (result, out) = run_with(&q, "3\n2\ny\n\n");
        assert_eq!(result.unwrap(), "hip_result");
        assert!(
            out.contains("Pick one: type its number, or y for yes, n for no."),
            "{out}"
        );
        let (result, _) = run_with(&q, "3\n2\nN\n3\n\n");
        assert_eq!(result.unwrap(), "back_result");
    }

    #[test]
    fn help_is_shown_on_question_mark() {
        let q = small();
        let (_, out) = run_with(&q, "?\n3\n3\n\n");
        let at = find(&out, "There is no extra help for this question.", 0);
        let at = find(&out, "Keys:\n", at);
        find(
            &out,
            "  b      go back a question; your answer is kept\n",
            at,
        );
        // And the question is asked again.
        find(&out, "Any of these?", at);
    }

    #[test]
    fn help_and_hints_are_shown_under_each_prompt() {
        let mut q = small();
        q.questions[1].help = Some("Where it hurts most, if it hurts in several places.".into());
        let (result, out) = run_with(&q, "3\n2\n2\n4\n\n");
        assert_eq!(result.unwrap(), "back_result");
        let expected = [
            "Question 1 of up to 4\nAny of these?\n",
            "Pick one or more: type their numbers, separated by spaces or commas.\n? = help\n> ",
            "Question 2 of up to 4\nWhere is the pain?\n\
             Where it hurts most, if it hurts in several places.\n  1. Low back\n",
            "Pick one: type its number.\nb = back, ? = help\n> ",
            "Is there groin pain?\n  1. Yes\n  2. No\n\
             Pick one: type its number, or y for yes, n for no.\nb = back, ? = help\n> ",
            "How bad is it?\nType a number from 0 = no pain to 10 = worst.\nb = back, ? = help\n",
        ];
        let mut at = 0;
        for part in expected {
            at = find(&out, part, at);
        }
        // On `?` the help is shown again, with the keys.
        let (_, out) = run_with(&q, "3\n?\n3\n\n");
        let at = find(&out, "Keys:", 0);
        assert!(
            out[..at].ends_with("> \nWhere it hurts most, if it hurts in several places.\n\n"),
            "{out}"
        );
    }

    #[test]
    fn the_width_is_the_terminal_then_columns_then_80_clamped() {
        assert_eq!(choose_width(Some(60), Some("100")), 60);
        assert_eq!(choose_width(None, Some(" 100 ")), 100);
        assert_eq!(choose_width(None, None), 80);
        assert_eq!(choose_width(None, Some("wide")), 80);
        assert_eq!(choose_width(None, Some("0")), 80);
        assert_eq!(choose_width(None, Some("-5")), 80);
        assert_eq!(choose_width(Some(0), Some("50")), 50);
        assert_eq!(choose_width(None, Some("5")), MIN_WIDTH);
        assert_eq!(choose_width(Some(999), None), MAX_WIDTH);
        // A width asked for is clamped too.
        let (_, out) = run_at(&small(), "1\n", 1);
        assert!(out.lines().all(|l| display_width(l) <= MIN_WIDTH), "{out}");
        assert!(
            out.lines().any(|l| display_width(l) > MIN_WIDTH - 5),
            "{out}"
        );
    }

    /// The lines that follow the line starting `first`, up to one that does not start with
    /// the indent: the hanging lines of an entry.
    fn continuation<'o>(out: &'o str, first: &str, indent: usize) -> Vec<&'o str> {
        let lines: Vec<&str> = out.lines().collect();
        let start = lines
            .iter()
            .position(|l| l.starts_with(first))
            .unwrap_or_else(|| panic!("no line starts with {first:?} in\n{out}"));
        let pad = " ".repeat(indent);
        lines[start + 1..]
            .iter()
            .take_while(|l| l.starts_with(&pad) && !l[indent..].starts_with(' '))
            .copied()
            .collect()
    }

    #[test]
    fn long_texts_wrap_to_the_width_with_hanging_indents() {
        const LABEL: &str = "Hip, groin or the inner thighs, sometimes spreading downwards \
                             towards the kneecap";
        const ADVICE: &str = "Keep moving gently: short walks through the day are better \
                              than resting in bed for long";
        const HELP: &str = "Think of where it hurts most, and where it started if it moved";
        let mut q = small();
        q.questions[1].options[1].label = LABEL.into();
        q.questions[1].help = Some(HELP.into());
        let hip = q
            .outcomes
            .iter_mut()
            .find(|o| o.id == "hip_result")
            .unwrap();
        hip.advice = vec![Passage::plain("advice.1", ADVICE)];
        let (result, out) = run_at(&q, "3\n2\n1\n\n", 40);
        assert_eq!(result.unwrap(), "hip_result");
        for line in out.lines() {
            assert!(
                display_width(line) <= 40,
                "{line:?} is wider than 40 in\n{out}"
            );
        }
        let words: std::collections::HashSet<&str> = out.split_whitespace().collect();
        let how_to_answer = crate::content::words::english()
            .plain
            .how_to_answer
            .as_str();
        for text in [LABEL, ADVICE, HELP, how_to_answer] {
            for word in text.split_whitespace() {
                assert!(words.contains(word), "{word:?} is split in\n{out}");
            }
        }
        // The option's lines hang under its text, after "  2. ", and hold its words in order.
        assert_eq!(rejoin(&out, "  2. Hip", 5, 2), LABEL);
        // The bullet's lines hang after "  - ".
        assert_eq!(rejoin(&out, "  - Keep moving", 4, 2), ADVICE);
    }

    /// The text of the entry whose first line starts `first`, rejoined from that line and the
    /// ones that hang `indent` columns under it (at least `lines` lines in all).
    fn rejoin(out: &str, first: &str, indent: usize, lines: usize) -> String {
        let head = out.lines().find(|l| l.starts_with(first)).unwrap();
        let rest = continuation(out, first, indent);
        assert!(
            rest.len() + 1 >= lines,
            "{first:?} is not wrapped in\n{out}"
        );
        std::iter::once(&head[indent..])
            .chain(rest.iter().map(|l| &l[indent..]))
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn after_a_result_r_goes_to_the_review_and_a_changed_answer_reroutes() {
        let q = small();
        // Hip + groin -> hip_result; then r, change answer 2 to low back, keep yes, pain 9.
        let (result, out) = run_with(&q, "3\n2\n1\n\nr\n2\n1\n\n9\n\nq\n");
        assert_eq!(result.unwrap(), "back_bad");
        let at = find(&out, "RESULT: Hip", 0);
        let at = find(
            &out,
            "What next?\n  r = review or change your answers\n  s = start again\n  q = quit\n> ",
            at,
        );
        let at = find(
            &out,
            "Your answers:\n  1. Warning signs: None of these\n",
            at,
        );
        let at = find(&out, "Where is the pain?", at);
        let at = find(&out, "RESULT: Bad back", at);
        assert!(!out[at..].contains("Question"), "{out}");
    }

    #[test]
    fn after_a_result_s_starts_again_from_the_first_question() {
        let q = small();
        let (result, out) = run_with(&q, "3\n3\n\ns\n3\n2\n1\n\n");
        assert_eq!(result.unwrap(), "hip_result");
        let at = find(&out, "RESULT: Knee", 0);
        let at = find(
            &out,
            "Starting again: your earlier answers are cleared.",
            at,
        );
        let at = find(&out, "Small test questionnaire\n\nA test.", at);
        let at = find(&out, "Question 1 of up to 4\nAny of these?", at);
        // The new session remembers nothing of the old one.
        let next = find(&out, "Question 2", at);
        assert!(!out[at..next].contains("earlier answer"), "{out}");
        find(&out, "RESULT: Hip", at);
    }

    #[test]
    fn after_a_result_q_or_the_end_of_input_quits() {
        let q = small();
        let (result, out) = run_with(&q, "3\n3\n\nq\n1\n");
        assert_eq!(result.unwrap(), "knee_result");
        let at = find(&out, "  q = quit\n> \n", 0);
        assert_eq!(&out[at..], "  q = quit\n> \n", "nothing after quitting");
        let (result, out) = run_with(&q, "3\n3\n\n");
        assert_eq!(result.unwrap(), "knee_result");
        assert!(out.ends_with("  q = quit\n> \n"), "{out}");
        // Anything else is explained and the choice offered again.
        let (result, out) = run_with(&q, "3\n3\n\nx\nQ\n");
        assert_eq!(result.unwrap(), "knee_result");
        let at = find(&out, "Sorry: type r, s or q.", 0);
        find(&out, "  q = quit\n> ", at);
    }

    #[test]
    fn an_emergency_result_is_shown_at_once_and_b_goes_back_to_its_question() {
        let q = small();
        let (result, out) = run_with(&q, "1\nb\n3\n3\n\n");
        assert_eq!(result.unwrap(), "knee_result");
        let at = find(&out, "RESULT: Get help now", 0);
        assert!(
            !out[..at].contains("Your answers:"),
            "reviewed first:\n{out}"
        );
        let at = find(
            &out,
            "What next?\n  b = back to the last question\n  r = ",
            at,
        );
        let at = find(&out, "Any of these?", at);
        find(
            &out,
            "Enter keeps your earlier answer: Saddle numbness\n",
            at,
        );
        find(&out, "RESULT: Knee", at);
    }

    #[test]
    fn control_characters_typed_are_never_echoed() {
        let q = small();
        let (result, out) = run_with(&q, "\x1b[31m\u{202e}x\x07\n3\n3\n\n");
        assert_eq!(result.unwrap(), "knee_result");
        assert!(
            out.contains("Sorry: \"^[[31m\u{fffd}x^G\" is not a number."),
            "{out}"
        );
        assert!(
            !out.chars()
                .any(|c| c != '\n' && (c.is_control() || crate::text::is_hostile(c))),
            "{out:?}"
        );
        assert_eq!(visible(&"9".repeat(30)), format!("{}…", "9".repeat(20)));
        assert_eq!(visible("\u{7f}\u{9b}ok"), "^?\u{fffd}ok");
    }

    #[test]
    fn input_that_is_not_utf8_is_refused_not_fatal() {
        let q = small();
        let mut out = Vec::new();
        let input: &[u8] = b"\xff\n3\n3\n\n";
        let session = run_with_width(&q, input, &mut out, 80).unwrap();
        assert!(session.assessment().is_some());
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.contains("Sorry: \"\u{fffd}\" is not a number."),
            "{out}"
        );
    }

    #[test]
    fn end_of_input_before_the_result_is_an_error() {
        let q = small();
        let (result, _) = run_with(&q, "3\n");
        let err = result.unwrap_err();
        assert!(format!("{err:#}").contains("input ended before the questionnaire was finished"));
        assert!(format!("{err:#}").contains("at question \"where\""));
        // After starting again too.
        let (result, _) = run_with(&q, "3\n3\n\ns\n3\n");
        assert!(format!("{:#}", result.unwrap_err()).contains("at question \"where\""));
    }
}
