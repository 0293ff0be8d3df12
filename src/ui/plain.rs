//! Plain mode: the questionnaire as numbered text prompts, answers read line by line.
//!
//! For screen readers, scripts and any terminal that cannot run the full-screen interface.
//! It drives the same engine as the TUI; it reads and writes only the streams it is given, and
//! writes a file only through the [`Keeper`], when the person asks at the result. Every answer
//! is said back in words; `q` quits from any prompt, after asking. Every paragraph is wrapped
//! to the width of the terminal (or `COLUMNS`, or 80 columns) without splitting a word;
//! numbered options and bullets keep a hanging indent.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, anyhow, bail};

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
use crate::ui::keep::Keeper;
use crate::ui::line::{self, Line};

/// The width used when the terminal's cannot be found out.
pub const DEFAULT_WIDTH: usize = 80;
/// The narrowest width text is wrapped to.
pub const MIN_WIDTH: usize = 20;
/// The widest width text is wrapped to: longer lines are hard to read.
pub const MAX_WIDTH: usize = 200;

/// At most this many characters of a person's input are shown back in a message.
const ECHO_MAX: usize = 20;

/// Runs the questionnaire over `input` and `output`, wrapped to [`terminal_width`] (measured
/// again before each question, so a resized terminal is followed). With a `keeper`, the
/// result's prompt offers to save the summary.
///
/// Returns the session as it stands when the person quits: at a question if they quit before
/// the end, else at its outcome. Input that ends before the answers are all given is an error
/// naming the question, so a script that runs out of answers exits non-zero; input that ends
/// later shows the result and quits, and never saves.
pub fn run<'q>(
    questionnaire: &'q Questionnaire,
    input: impl BufRead,
    output: impl Write,
    keeper: Option<&Keeper<'_>>,
) -> anyhow::Result<Session<'q>> {
    Plain::new(questionnaire, input, output, keeper, None).run()
}

/// [`run`] wrapped to `width` columns (clamped to [`MIN_WIDTH`]..=[`MAX_WIDTH`]).
pub fn run_with_width<'q>(
    questionnaire: &'q Questionnaire,
    input: impl BufRead,
    output: impl Write,
    keeper: Option<&Keeper<'_>>,
    width: usize,
) -> anyhow::Result<Session<'q>> {
    Plain::new(questionnaire, input, output, keeper, Some(width)).run()
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

/// Where a prompt leaves the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    /// On to whatever the session now stands at.
    Go,
    /// They chose to quit, and said yes when asked.
    Quit,
}

/// What the review of the answers leads to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reviewed {
    /// The result (Enter, or the end of input: every question is answered).
    Result,
    /// The session moved (back, or to an answer to change): ask again from where it stands.
    Moved,
    Quit,
}

/// An emergency result is shown at once; the others are reviewed first.
fn arrival(session: &Session) -> AtOutcome {
    match session.current() {
        Target::Outcome(o) if session.questionnaire().is_emergency(o) => AtOutcome::Result,
        _ => AtOutcome::Review,
    }
}

/// One plain-mode run: the streams, the width, the line being read and what keeps the result.
struct Plain<'q, 'k, R, W> {
    questionnaire: &'q Questionnaire,
    /// The interface's words, in the questionnaire's language.
    words: &'static Words,
    input: R,
    out: W,
    /// Saves the summary when the person asks; without one, saving is not offered.
    keeper: Option<&'k Keeper<'k>>,
    /// The width asked for; `None` follows the terminal.
    fixed: Option<usize>,
    width: usize,
    line: Vec<u8>,
    /// Set once input has ended: every later read ends too, without a prompt, so a script is
    /// never asked anything past its end (and a terminal's Ctrl+D is taken as meant).
    ended: bool,
}

impl<'q, 'k, R: BufRead, W: Write> Plain<'q, 'k, R, W> {
    fn new(
        questionnaire: &'q Questionnaire,
        input: R,
        out: W,
        keeper: Option<&'k Keeper<'k>>,
        fixed: Option<usize>,
    ) -> Self {
        let fixed = fixed.map(|w| w.clamp(MIN_WIDTH, MAX_WIDTH));
        Plain {
            questionnaire,
            words: words::of(questionnaire),
            input,
            out,
            keeper,
            fixed,
            width: fixed.unwrap_or_else(terminal_width),
            line: Vec::new(),
            ended: false,
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
                    if self.question(&mut session, here)? == Step::Quit {
                        break;
                    }
                    at = arrival(&session);
                }
                Target::Outcome(_) if at == AtOutcome::Review => match self.review(&mut session)? {
                    Reviewed::Result => at = AtOutcome::Result,
                    Reviewed::Moved => {}
                    Reviewed::Quit => break,
                },
                Target::Outcome(o) => {
                    let Some(assessment) = session.assessment() else {
                        break;
                    };
                    write_result(self.questionnaire, &assessment, self.width, &mut self.out)?;
                    let emergency = self.questionnaire.is_emergency(o);
                    match self.after_result(&assessment, emergency)? {
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

    /// Shows the prompt and reads one line: `None` at the end of input, and from then on
    /// without a prompt. The line is trimmed; bytes that are not UTF-8 become U+FFFD rather
    /// than ending the run. A line over [`line::LINE_LIMIT`] bytes is dropped with a "Sorry"
    /// and the prompt shown again; one that never ends is an error.
    fn read(&mut self) -> anyhow::Result<Option<String>> {
        if self.ended {
            return Ok(None);
        }
        loop {
            write!(self.out, "> ")?;
            self.out.flush()?;
            let read = line::read_line(&mut self.input, &mut self.line, line::LINE_LIMIT)
                .context("reading an answer")?;
            writeln!(self.out)?;
            match read {
                Line::Read => {
                    return Ok(Some(String::from_utf8_lossy(&self.line).trim().to_string()));
                }
                Line::Ended => {
                    self.ended = true;
                    return Ok(None);
                }
                Line::TooLong => {
                    let limit = line::LINE_LIMIT.to_string();
                    let said = fill(&self.words.plain.answer_too_long, &[("limit", &limit)]);
                    self.sorry(&said)?;
                }
                Line::Endless => {
                    self.ended = true;
                    bail!("{}", self.words.plain.input_endless);
                }
            }
        }
    }

    /// Is `typed` a way to say quit: q, quit, or a word of the language's `typed_quit`?
    fn is_quit(&self, typed: &str) -> bool {
        let typed = typed.to_lowercase();
        typed == "q"
            || typed == "quit"
            || (self.words.plain.typed_quit)
                .split_whitespace()
                .any(|word| word.to_lowercase() == typed)
    }

    /// Asks `question` and reads a yes or a no, in the language's letters and words (a
    /// Spanish "s" is sí): `Some(true)` for yes, `Some(false)` for no or an empty line, and
    /// `None` when input ends. Anything else is explained and the question asked again.
    fn confirm(&mut self, question: &str) -> anyhow::Result<Option<bool>> {
        let common = &self.words.common;
        let letters = [("yes", common.yes_key()), ("no", common.no_key())];
        loop {
            self.para(question)?;
            self.para(&fill(&self.words.plain.confirm_keys, &letters))?;
            let Some(reply) = self.read()? else {
                return Ok(None);
            };
            if reply.is_empty() {
                return Ok(Some(false));
            }
            match common.yes_or_no(&reply) {
                Some(yes) => return Ok(Some(yes)),
                None => self.sorry(&fill(&self.words.plain.type_yes_or_no, &letters))?,
            }
        }
    }

    /// Says an answer back in words: "You chose: None of these".
    fn echo(&mut self, answer: &str) -> std::io::Result<()> {
        self.para(&fill(&self.words.plain.you_chose, &[("answer", answer)]))?;
        self.blank()
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

    /// Asks one question and acts on the reply: an answer (said back in words), back, help,
    /// keep the earlier answer, or quit (after asking). Bad input is explained; the loop then
    /// asks again.
    fn question(&mut self, session: &mut Session, here: QuestionIndex) -> anyhow::Result<Step> {
        let questionnaire = self.questionnaire;
        let said = &self.words.plain;
        let question = questionnaire.question(here);
        // Named by its words, as the person heard it, not by its id.
        let ended = || {
            anyhow!(
                "{}",
                fill(&said.input_ended, &[("question", &question.prompt)])
            )
        };
        self.ask(session, here)?;
        let reply = self.read()?.ok_or_else(ended)?;
        if self.is_quit(&reply) {
            return match self.confirm(&said.quit_question)? {
                Some(true) => Ok(Step::Quit),
                Some(false) => Ok(Step::Go),
                None => Err(ended()),
            };
        }
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
                    let words = session.describe(here, &earlier);
                    session.answer(earlier)?;
                    self.echo(&words)?;
                }
                None => {
                    self.para(&said.type_an_answer)?;
                    self.blank()?;
                }
            },
            text => match parse_answer(questionnaire, here, &session.offered(here), text) {
                Ok(answer) => {
                    let words = session.describe(here, &answer);
                    match session.answer(answer) {
                        Ok(_) => self.echo(&words)?,
                        Err(err) => self.sorry(&err.message(self.words))?,
                    }
                }
                Err(message) => self.sorry(&message)?,
            },
        }
        Ok(Step::Go)
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
        keys.push(format!("q = {}", said.quit));
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
        let mut keys = vec![("1 2 3", &said.key_numbers)];
        // y and n answer only a yes/no question: named there alone.
        if question.kind == QuestionKind::YesNo {
            keys.push((&words.common.yes_no_keys, &said.key_yes_no));
        }
        keys.extend([
            (words.common.enter_key.as_str(), &said.key_enter),
            ("b", &said.key_back),
            ("?", &said.key_help),
            ("q", &said.key_quit),
        ]);
        for (key, action) in keys {
            self.hang(&format!("  {key:<7}"), action)?;
        }
        self.blank()
    }

    /// Lists the answers on the route and lets the person change one, go back, see the
    /// result (Enter, or the end of input: every question is answered) or quit.
    fn review(&mut self, session: &mut Session) -> anyhow::Result<Reviewed> {
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
            return Ok(Reviewed::Result);
        };
        if self.is_quit(&reply) {
            return Ok(match self.confirm(&said.quit_at_result)? {
                Some(true) => Reviewed::Quit,
                Some(false) => Reviewed::Moved,
                None => Reviewed::Result,
            });
        }
        match reply.as_str() {
            "" => Ok(Reviewed::Result),
            "b" | "B" => {
                session.back();
                Ok(Reviewed::Moved)
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
                Ok(Reviewed::Moved)
            }
        }
    }

    /// After a result: save the summary (with a keeper), show it in full, back to the review
    /// (or, from an emergency result, to the last question), start again or quit; the last
    /// two ask first. The end of input quits, and saves nothing.
    fn after_result(
        &mut self,
        assessment: &Assessment,
        emergency: bool,
    ) -> anyhow::Result<AfterResult> {
        #[derive(Clone, Copy)]
        enum Choice {
            Save,
            Show,
            Back,
            Review,
            StartAgain,
            Quit,
        }
        let said = &self.words.plain;
        let mut choices = vec![];
        if emergency {
            choices.push(("b", &said.next_back, Choice::Back));
        }
        if self.keeper.is_some() {
            choices.push((said.next_save_key.as_str(), &said.next_save, Choice::Save));
        }
        choices.extend([
            (said.next_show_key.as_str(), &said.next_show, Choice::Show),
            ("r", &said.next_review, Choice::Review),
            (
                said.next_start_again_key.as_str(),
                &said.next_start_again,
                Choice::StartAgain,
            ),
            ("q", &said.next_quit, Choice::Quit),
        ]);
        let keys: Vec<&str> = choices.iter().map(|(key, _, _)| *key).collect();
        let (last, rest) = keys.split_last().unwrap_or((&"q", &[]));
        let type_keys = fill(
            &said.type_keys,
            &[("keys", &rest.join(", ")), ("last", last)],
        );
        // A "Sorry: ..." ends with a blank line already.
        let mut sorry = false;
        loop {
            if !std::mem::take(&mut sorry) {
                self.blank()?;
            }
            self.para(&said.what_next)?;
            for (key, action, _) in &choices {
                self.hang(&format!("  {key} = "), action)?;
            }
            let Some(reply) = self.read()? else {
                return Ok(AfterResult::Quit);
            };
            let reply = reply.to_lowercase();
            let chosen = choices
                .iter()
                .find(|(key, action, _)| reply == *key || reply == action.to_lowercase())
                .map(|(_, _, choice)| *choice)
                .or_else(|| match reply.as_str() {
                    // As in the TUI, back from a result that was reviewed is the review.
                    "b" | "back" => Some(Choice::Review),
                    "review" => Some(Choice::Review),
                    "start again" => Some(Choice::StartAgain),
                    typed if self.is_quit(typed) => Some(Choice::Quit),
                    _ => None,
                });
            match chosen {
                Some(Choice::Back) => return Ok(AfterResult::Back),
                Some(Choice::Review) => return Ok(AfterResult::Review),
                Some(Choice::Show) => {
                    write_summary(self.questionnaire, assessment, self.width, &mut self.out)?;
                }
                Some(Choice::Save) => {
                    if let Some(keeper) = self.keeper
                        && self.save(keeper, assessment)? == Step::Quit
                    {
                        return Ok(AfterResult::Quit);
                    }
                }
                Some(Choice::StartAgain) => match self.confirm(&said.start_again_question)? {
                    Some(true) => return Ok(AfterResult::StartAgain),
                    Some(false) => {}
                    None => return Ok(AfterResult::Quit),
                },
                Some(Choice::Quit) => match self.confirm(&said.quit_at_result)? {
                    Some(false) => {}
                    Some(true) | None => return Ok(AfterResult::Quit),
                },
                None if reply.is_empty() || reply == "?" => {}
                None => {
                    self.sorry(&type_keys)?;
                    sorry = true;
                }
            }
        }
    }

    /// Asks which folder to save the summary in (Enter takes the keeper's), saves it as a new
    /// file there and says where; on a failure says why and asks again, until a save works or
    /// the person gives up on an empty line. `b` goes back without saving, `q` quits (after
    /// asking). The end of input gives up: nothing is saved that was not asked for.
    fn save(&mut self, keeper: &Keeper, assessment: &Assessment) -> anyhow::Result<Step> {
        let said = &self.words.plain;
        let offered = keeper.folder().to_path_buf();
        let mut failed = false;
        loop {
            if failed {
                self.para(&said.save_again)?;
                self.para(&format!("q = {}", said.quit))?;
            } else {
                let folder = shown(&offered);
                self.para(&fill(&said.save_where, &[("folder", &folder)]))?;
                self.para(&format!("b = {}, q = {}", said.back, said.quit))?;
            }
            let Some(reply) = self.read()? else {
                return Ok(Step::Go);
            };
            if self.is_quit(&reply) {
                match self.confirm(&said.quit_at_result)? {
                    Some(false) => continue,
                    Some(true) | None => return Ok(Step::Quit),
                }
            }
            let folder = match reply.as_str() {
                "" if failed => return Ok(Step::Go),
                "" => offered.clone(),
                "b" | "B" => return Ok(Step::Go),
                typed => typed_folder(typed, std::env::var_os("HOME").as_deref()),
            };
            match keeper.save(assessment, &folder) {
                Ok(path) => {
                    let path = std::path::absolute(&path).unwrap_or(path);
                    let saved = &self.words.session_end.saved;
                    self.para(&fill(saved, &[("path", &shown(&path))]))?;
                    return Ok(Step::Go);
                }
                Err(err) => {
                    let error = crate::text::visible(&err, Notation::Escaped);
                    self.sorry(&fill(&said.save_failed, &[("error", &error)]))?;
                    failed = true;
                }
            }
        }
    }
}

/// A path as plain mode shows it: escaped, so that a name cannot drive the terminal.
fn shown(path: &Path) -> String {
    crate::text::visible(&path.display().to_string(), Notation::Escaped).into_owned()
}

/// The folder a person typed, `~` or `~/...` taken from `home` as a shell would.
fn typed_folder(typed: &str, home: Option<&std::ffi::OsStr>) -> PathBuf {
    match (typed.strip_prefix('~'), home) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            Path::new(home).join(rest.trim_start_matches('/'))
        }
        _ => PathBuf::from(typed),
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

/// Prints the full summary as plain text, wrapped to `width`: the title, every question
/// with its answer, then the whole result as [`write_result`] prints it. The saved summary
/// holds the same in Markdown; here it is read or listened to, so it carries no markup. The
/// full-screen interface prints the same when the person quits asking for it.
pub fn write_summary(
    questionnaire: &Questionnaire,
    assessment: &Assessment,
    width: usize,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    let words = words::of(questionnaire);
    let title = fill(
        &words.summary.title,
        &[("title", &questionnaire.meta.title)],
    );
    para(out, width, &title)?;
    writeln!(out)?;
    para(out, width, &words.plain.your_answers)?;
    let digits = assessment.answers.len().to_string().len();
    for (i, answered) in assessment.answers.iter().enumerate() {
        let number = format!("  {:>digits$}. ", i + 1);
        hang(out, width, &number, &answered.prompt)?;
        hang(out, width, &" ".repeat(number.len()), &answered.text)?;
    }
    writeln!(out)?;
    write_result(questionnaire, assessment, width, out)
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

    /// The small fixture with painpath's own words in Spanish (its texts stay English).
    fn spanish() -> Questionnaire {
        let mut q = small();
        q.meta.language = "es".into();
        q
    }

    /// Runs plain mode at 80 columns: the outcome reached (or the error) and the output.
    fn run_with(q: &Questionnaire, input: &str) -> (anyhow::Result<String>, String) {
        run_at(q, input, 80)
    }

    fn run_at(q: &Questionnaire, input: &str, width: usize) -> (anyhow::Result<String>, String) {
        run_keeping(q, input, None, width)
    }

    /// As [`run_at`], with a keeper that offers to save in `folder`.
    fn run_saving(
        q: &Questionnaire,
        input: &str,
        folder: &Path,
    ) -> (anyhow::Result<String>, String) {
        let keeper = Keeper::new(q, folder.to_path_buf(), time::UtcOffset::UTC);
        run_keeping(q, input, Some(&keeper), 80)
    }

    /// The outcome reached ("" when the session stands at a question) or the error, and the
    /// output.
    fn run_keeping(
        q: &Questionnaire,
        input: &str,
        keeper: Option<&Keeper>,
        width: usize,
    ) -> (anyhow::Result<String>, String) {
        let mut out = Vec::new();
        let result = run_with_width(q, input.as_bytes(), &mut out, keeper, width).map(|s| {
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
            out.contains("b = back, ? = help, q = quit, Enter keeps your earlier answer: Hip\n"),
            "{out}"
        );
        // The first question has nothing to go back to, so it does not offer b.
        assert!(out.contains("\n? = help, q = quit\n> "), "{out}");
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
        // y and n are named only where they answer: on the yes/no question, not this one.
        let yes_no = "  y n    yes or no, where the question asks that\n";
        assert!(!out.contains(yes_no), "{out}");
        let (_, out) = run_with(&q, "3\n1\n?\n");
        let at = find(&out, "Is there groin pain?", 0);
        find(&out, yes_no, at);
    }

    #[test]
    fn help_and_hints_are_shown_under_each_prompt() {
        let mut q = small();
        q.questions[1].help = Some("Where it hurts most, if it hurts in several places.".into());
        let (result, out) = run_with(&q, "3\n2\n2\n4\n\n");
        assert_eq!(result.unwrap(), "back_result");
        let expected = [
            "Question 1 of up to 4\nAny of these?\n",
            "Pick one or more: type their numbers, separated by spaces or commas.\n\
             ? = help, q = quit\n> ",
            "Question 2 of up to 4\nWhere is the pain?\n\
             Where it hurts most, if it hurts in several places.\n  1. Low back\n",
            "Pick one: type its number.\nb = back, ? = help, q = quit\n> ",
            "Is there groin pain?\n  1. Yes\n  2. No\n\
             Pick one: type its number, or y for yes, n for no.\nb = back, ? = help, q = quit\n> ",
            "How bad is it?\nType a number from 0 = no pain to 10 = worst.\n\
             b = back, ? = help, q = quit\n",
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

    /// What plain mode offers after a result without a keeper (with one, saving comes first).
    const WHAT_NEXT: &str = "What next?\n  f = show the full summary here\n  \
                             r = review or change your answers\n  a = start again\n  q = quit\n> ";

    #[test]
    fn after_a_result_r_goes_to_the_review_and_a_changed_answer_reroutes() {
        let q = small();
        // Hip + groin -> hip_result; then r, change answer 2 to low back, keep yes, pain 9.
        let (result, out) = run_with(&q, "3\n2\n1\n\nr\n2\n1\n\n9\n\nq\ny\n");
        assert_eq!(result.unwrap(), "back_bad");
        let at = find(&out, "RESULT: Hip", 0);
        let at = find(&out, WHAT_NEXT, at);
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
    fn after_a_result_a_asks_then_starts_again_from_the_first_question() {
        let q = small();
        let (result, out) = run_with(&q, "3\n3\n\na\ny\n3\n2\n1\n\n");
        assert_eq!(result.unwrap(), "hip_result");
        let at = find(&out, "RESULT: Knee", 0);
        let at = find(
            &out,
            "> \nStart again? Your answers and result will be cleared.\ny = yes, n = no\n> \n",
            at,
        );
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
    fn starting_again_is_asked_first_and_no_or_enter_or_the_end_of_input_keeps_the_result() {
        let q = small();
        for input in ["3\n3\n\na\nn\nq\ny\n", "3\n3\n\na\n\nq\ny\n", "3\n3\n\na\n"] {
            let (result, out) = run_with(&q, input);
            assert_eq!(result.unwrap(), "knee_result", "{input:?}");
            let at = find(
                &out,
                "Start again? Your answers and result will be cleared.",
                0,
            );
            assert!(!out.contains("Starting again"), "{input:?}:\n{out}");
            assert!(!out[at..].contains("Question 1"), "{input:?}:\n{out}");
        }
        // Anything but yes or no is explained, and the question asked again.
        let (result, out) = run_with(&q, "3\n3\n\na\na\nyes\n3\n3\n\n");
        assert_eq!(result.unwrap(), "knee_result");
        let at = find(
            &out,
            "Sorry: type y for yes or n for no.\n\nStart again?",
            0,
        );
        find(&out, "Starting again", at);
    }

    #[test]
    fn after_a_result_q_asks_and_yes_or_the_end_of_input_quits() {
        let q = small();
        let asked = "Quit painpath? Your answers and result will be gone unless you saved them.\n\
                     y = yes, n = no\n> \n";
        let (result, out) = run_with(&q, "3\n3\n\nq\ny\n1\n");
        assert_eq!(result.unwrap(), "knee_result");
        let at = find(&out, WHAT_NEXT, 0);
        assert_eq!(
            &out[at + WHAT_NEXT.len()..],
            format!("\n{asked}"),
            "nothing after"
        );
        // No (or Enter) stays at the result.
        let (result, out) = run_with(&q, "3\n3\n\nq\nn\nq\n\nquit\nyes\n");
        assert_eq!(result.unwrap(), "knee_result");
        assert_eq!(out.matches(asked).count(), 3, "{out}");
        assert_eq!(out.matches(WHAT_NEXT).count(), 3, "{out}");
        // The end of input, at the prompt or at the question, quits and asks nothing more.
        for input in ["3\n3\n\n", "3\n3\n\nq\n"] {
            let (result, out) = run_with(&q, input);
            assert_eq!(result.unwrap(), "knee_result");
            assert!(
                out.ends_with("q = quit\n> \n") || out.ends_with(asked),
                "{out}"
            );
            assert_eq!(out.matches(WHAT_NEXT).count(), 1, "{out}");
        }
        // Anything else is explained and the choice offered again.
        let (result, out) = run_with(&q, "3\n3\n\nx\nQ\ny\n");
        assert_eq!(result.unwrap(), "knee_result");
        let at = find(&out, "Sorry: type f, r, a or q.\n\nWhat next?", 0);
        find(&out, asked, at);
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
            "What next?\n  b = back to the last question\n  f = ",
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
    fn q_at_a_question_asks_and_no_carries_on_where_it_was() {
        let q = small();
        let asked = "Quit painpath? Your answers so far will not be kept.\ny = yes, n = no\n> \n";
        for no in ["n", "no", ""] {
            let input = format!("3\nq\n{no}\n2\n1\n\n");
            let (result, out) = run_with(&q, &input);
            assert_eq!(result.unwrap(), "hip_result", "{no:?}");
            // Asked at the second question, which is asked again.
            let at = find(
                &out,
                &format!("b = back, ? = help, q = quit\n> \n{asked}"),
                0,
            );
            let at = find(&out, "Question 2 of up to 4\nWhere is the pain?", at);
            find(&out, "You chose: Hip", at);
        }
        // Anything else at the question is explained, and the question asked again.
        let (result, out) = run_with(&q, "3\nQUIT\nx\nn\n3\n\n");
        assert_eq!(result.unwrap(), "knee_result");
        let at = find(&out, asked, 0);
        find(
            &out,
            "Sorry: type y for yes or n for no.\n\nQuit painpath?",
            at,
        );
    }

    #[test]
    fn q_then_yes_leaves_from_a_question_or_the_review_before_any_result() {
        let q = small();
        for (input, outcome) in [
            ("q\ny\n", ""),
            ("3\n2\nquit\nyes\n", ""),
            // At the review the answers are all given: the session stands at its outcome,
            // but the result was never shown.
            ("3\n3\nq\ny\n", "knee_result"),
        ] {
            let (result, out) = run_with(&q, input);
            assert_eq!(result.unwrap(), outcome, "{input:?}");
            assert!(out.ends_with("y = yes, n = no\n> \n"), "{input:?}:\n{out}");
            assert!(!out.contains("RESULT"), "{input:?}:\n{out}");
        }
        // At the review, no stays there and the end of input shows the result.
        let (result, out) = run_with(&q, "3\n3\nq\nn\nq\n");
        assert_eq!(result.unwrap(), "knee_result");
        let at = find(&out, "Quit painpath? Your answers and result", 0);
        let at = find(&out, "Your answers:", at);
        let at = find(&out, "Quit painpath?", at);
        find(&out, "RESULT: Knee", at);
    }

    #[test]
    fn every_answer_is_said_back_in_words() {
        let q = small();
        // Several, one by number, yes by letter, and a scale's value.
        let (result, out) = run_with(&q, "1 2\nb\n3\n1\nn\n4\n\n");
        assert_eq!(result.unwrap(), "back_result");
        let at = find(&out, "> \nYou chose: Saddle numbness, Fever\n\n", 0);
        let at = find(&out, "> \nYou chose: None of these\n\nQuestion 2", at);
        let at = find(&out, "> \nYou chose: Low back\n\nQuestion 3", at);
        let at = find(&out, "> \nYou chose: No\n\nQuestion 4", at);
        find(&out, "> \nYou chose: 4 out of 10\n\nYour answers:", at);
        // An earlier answer kept with Enter is said too.
        let (_, out) = run_with(&q, "3\n2\nb\n\n1\n\n");
        let at = find(&out, "Enter keeps your earlier answer: Hip\n> \n", 0);
        find(&out, "You chose: Hip\n", at);
        // A refused answer is not said back as chosen.
        let (_, out) = run_with(&q, "1 3\n3\n3\n\n");
        assert_eq!(out.matches("You chose:").count(), 2, "{out}");
        assert!(!out.contains("You chose: Saddle"), "{out}");
    }

    #[test]
    fn the_help_and_the_welcome_say_q_quits() {
        let q = small();
        let (_, out) = run_with(&q, "?\n");
        let at = find(&out, "Type b to go back, ? for help, q to quit.", 0);
        let at = find(&out, "Keys:\n", at);
        find(&out, "  q      quit painpath; it asks first\n", at);
        // The review's keys too.
        let (_, out) = run_with(&q, "3\n3\n");
        find(&out, "b = back to the last question, q = quit.\n> ", 0);
    }

    #[test]
    fn show_prints_the_full_summary_only_when_asked() {
        let q = small();
        let (result, out) = run_with(&q, "3\n3\n\nf\n");
        assert_eq!(result.unwrap(), "knee_result");
        let at = find(&out, WHAT_NEXT, 0);
        let mut at = find(&out, "> \nSmall test questionnaire: your summary\n\n", at);
        for part in [
            "Your answers:\n  1. Any of these?\n     None of these\n  \
             2. Where is the pain?\n     Knee\n\n",
            "RESULT: Knee\nSelf-care: look after it at home\n",
            "Why this result:\n  - Pain in the knee\n",
            "What you can do now:\n  - Rest.\n",
            "When to get help:\n",
            "Sources:\n  - Article A. Publisher A.\n",
            WHAT_NEXT,
        ] {
            at = find(&out, part, at);
        }
        // Never by default: without f, the answers are not printed with the result.
        let (_, out) = run_with(&q, "3\n3\n\nq\ny\n");
        assert!(!out.contains("your summary"), "{out}");
        assert!(!out.contains("     Knee"), "{out}");
    }

    /// The files in `folder`, by name.
    fn files_in(folder: &Path) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        files
    }

    #[test]
    fn save_offers_the_folder_and_writes_a_new_private_file_each_time() {
        use std::os::unix::fs::PermissionsExt;
        let q = small();
        let dir = tempfile::tempdir().unwrap();
        let (result, out) = run_saving(&q, "3\n3\n\ns\n\ns\n\n", dir.path());
        assert_eq!(result.unwrap(), "knee_result");
        let offered = format!(
            "Which folder should the summary be saved in? Press Enter for {}, or type another \
             folder.",
            dir.path().display()
        );
        let flowed = out.split_whitespace().collect::<Vec<_>>().join(" ");
        assert_eq!(flowed.matches(&offered).count(), 2, "{out}");
        find(
            &out,
            "What next?\n  s = save the summary to a file\n  f = show the full summary here\n",
            0,
        );
        let files = files_in(dir.path());
        assert_eq!(files.len(), 2, "{files:?}");
        for file in &files {
            let name = file.file_name().unwrap().to_string_lossy();
            assert!(
                name.starts_with("painpath-") && name.ends_with(".md"),
                "{name}"
            );
            let mode = std::fs::metadata(file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{name}");
            let saved = std::fs::read_to_string(file).unwrap();
            for part in [
                "## Your answers",
                "Where is the pain?",
                "## Result: Knee",
                "Rest.",
            ] {
                assert!(saved.contains(part), "{part:?} not in\n{saved}");
            }
            let said = format!("Summary saved to {}\n", file.display());
            let flowed_said = said.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(flowed.contains(&flowed_said), "{said:?} not in\n{out}");
        }
    }

    #[test]
    fn save_takes_a_folder_typed_and_asks_again_after_a_failure() {
        let q = small();
        let dir = tempfile::tempdir().unwrap();
        let other = dir.path().join("other");
        std::fs::create_dir(&other).unwrap();
        let nowhere = dir.path().join("nowhere");
        let input = format!(
            "3\n3\n\ns\n{}\n{}\nq\ny\n",
            nowhere.display(),
            other.display()
        );
        let (result, out) = run_saving(&q, &input, dir.path());
        assert_eq!(result.unwrap(), "knee_result");
        let at = find(&out, "Sorry: the summary could not be saved there: ", 0);
        let at = find(
            &out,
            "Type another folder, or press Enter to go back without saving.\nq = quit\n> ",
            at,
        );
        find(&out, "Summary saved to ", at);
        assert_eq!(files_in(&other).len(), 1);
        assert_eq!(
            files_in(dir.path()),
            vec![other.clone()],
            "only in the folder typed"
        );
    }

    #[test]
    fn save_saves_nothing_on_b_an_empty_line_after_a_failure_or_the_end_of_input() {
        let q = small();
        let dir = tempfile::tempdir().unwrap();
        for input in [
            "3\n3\n\ns\nb\nq\ny\n",
            "3\n3\n\ns\n/nowhere/at/all\n\nq\ny\n",
            "3\n3\n\ns\n",
            // q at the folder asks, and yes quits.
            "3\n3\n\ns\nq\ny\n",
        ] {
            let (result, out) = run_saving(&q, input, dir.path());
            assert_eq!(result.unwrap(), "knee_result", "{input:?}");
            assert!(!out.contains("Summary saved"), "{input:?}:\n{out}");
            assert!(files_in(dir.path()).is_empty(), "{input:?}:\n{out}");
        }
        // q at the folder, then no, asks for the folder again.
        let (_, out) = run_saving(&q, "3\n3\n\ns\nq\nn\n\n", dir.path());
        let at = find(&out, "Quit painpath?", 0);
        let at = find(&out, "Which folder", at);
        find(&out, "Summary saved to", at);
        assert_eq!(files_in(dir.path()).len(), 1);
    }

    #[test]
    fn a_folder_typed_with_a_tilde_is_under_home() {
        let home = Some(std::ffi::OsStr::new("/home/ana"));
        assert_eq!(typed_folder("~", home), PathBuf::from("/home/ana"));
        assert_eq!(
            typed_folder("~/notes", home),
            PathBuf::from("/home/ana/notes")
        );
        assert_eq!(typed_folder("~bob/x", home), PathBuf::from("~bob/x"));
        assert_eq!(typed_folder("~/x", None), PathBuf::from("~/x"));
        assert_eq!(typed_folder("notes", home), PathBuf::from("notes"));
    }

    #[test]
    fn no_letter_of_the_result_prompt_or_of_quitting_is_a_yes_or_a_no() {
        // The prompt's choices are followed by a yes-or-no question (start again? quit?): a
        // letter must not mean one there and another here ("s" is sí in Spanish).
        for language in crate::content::words::languages() {
            let (tag, words) = (language.tag, words::for_language(language.tag));
            let said = &words.plain;
            let keys = [
                "b",
                "r",
                "q",
                said.next_save_key.as_str(),
                said.next_show_key.as_str(),
                said.next_start_again_key.as_str(),
            ];
            let typed_quit = said.typed_quit.split_whitespace();
            for key in keys.iter().copied().chain(typed_quit) {
                assert_eq!(words.common.yes_or_no(key), None, "{tag}: {key:?}");
            }
            let distinct: std::collections::HashSet<&str> = keys.iter().copied().collect();
            assert_eq!(distinct.len(), keys.len(), "{tag}: {keys:?}");
        }
    }

    #[test]
    fn in_spanish_s_is_yes_in_the_questions_asked_and_nothing_at_the_result() {
        let q = spanish();
        // s at the result is not a choice; e asks, and s says yes.
        let (result, out) = run_with(&q, "3\n3\n\ns\ne\ns\n3\n2\ns\n\nsalir\nsí\n");
        assert_eq!(result.unwrap(), "hip_result");
        let at = find(&out, "Ha elegido: None of these", 0);
        let at = find(&out, "Ha elegido: Knee", at);
        let at = find(&out, "Perdone: escriba m, r, e o q.", at);
        let at = find(
            &out,
            "¿Empezar de nuevo? Se borrarán sus respuestas y su resultado.\ns = sí, n = no\n",
            at,
        );
        let at = find(&out, "Empezamos de nuevo", at);
        let at = find(&out, "Ha elegido: Yes", at);
        let at = find(&out, "RESULTADO: Hip", at);
        find(
            &out,
            "¿Salir de painpath? Sus respuestas y su resultado se perderán",
            at,
        );
        // q at a question, n stays; the keys say so.
        let (result, out) = run_with(&q, "3\nq\nn\nq\ns\n");
        assert_eq!(result.unwrap(), "");
        let at = find(&out, "b = atrás, ? = ayuda, q = salir\n> \n", 0);
        let at = find(
            &out,
            "¿Salir de painpath? Sus respuestas no se guardarán.\ns = sí, n = no",
            at,
        );
        find(&out, "Where is the pain?", at);
    }

    #[test]
    fn in_spanish_the_result_offers_to_save_and_show() {
        let q = spanish();
        let dir = tempfile::tempdir().unwrap();
        let (result, out) = run_saving(&q, "3\n3\n\ng\n\nm\n", dir.path());
        assert_eq!(result.unwrap(), "knee_result");
        let at = find(
            &out,
            "¿Qué quiere hacer ahora?\n  g = guardar el resumen en un archivo\n  \
             m = mostrar aquí el resumen completo\n  r = revisar o cambiar sus respuestas\n  \
             e = empezar de nuevo\n  q = salir\n> ",
            0,
        );
        let at = find(&out, "¿En qué carpeta quiere guardar el resumen?", at);
        let at = find(&out, "Resumen guardado en ", at);
        let at = find(
            &out,
            "su resumen\n\nSus respuestas:\n  1. Any of these?",
            at,
        );
        find(&out, "Fuentes:", at);
        assert_eq!(files_in(dir.path()).len(), 1);
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
        let session = run_with_width(&q, input, &mut out, None, 80).unwrap();
        assert!(session.assessment().is_some());
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.contains("Sorry: \"\u{fffd}\" is not a number."),
            "{out}"
        );
    }

    #[test]
    fn end_of_input_before_the_result_is_an_error_naming_the_question_by_its_words() {
        let q = small();
        let named = "input ended before the questions were finished, with no answer to \
                     \"Where is the pain?\"";
        // At the question, after q (asked to quit, no answer), and after starting again.
        for input in ["3\n", "3\nq\n", "3\n3\n\na\ny\n3\n"] {
            let (result, _) = run_with(&q, input);
            let err = format!("{:#}", result.unwrap_err());
            assert_eq!(err, named, "{input:?}");
        }
        let (result, _) = run_with(&spanish(), "3\n");
        assert_eq!(
            format!("{:#}", result.unwrap_err()),
            "la entrada terminó antes del final de las preguntas, sin respuesta a «Where is the \
             pain?»"
        );
    }
}
