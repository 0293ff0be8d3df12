//! Warnings about a questions file that loads: things that are allowed, and may be meant, but
//! are often a mistake. `painpath check` prints them (and `--strict` makes them errors).
//!
//! Each warning is located by searching the text for the `id = "..."` it is about (good enough
//! for a hand-edited file; 1:1 when it cannot be found), and carries a hint.
//!
//! - an option that no rule names, in a question whose rules read its answer: choosing it only
//!   reaches the question's default (the silent mistake of a new option added and not routed);
//! - an outcome that only defaults lead to (no rule names it);
//! - with a cases file, an outcome that no case expects;
//! - an option that nothing reads (no rule, no sign, no `raises`), unless it says
//!   `summary_only = true`: where the default asks on, that is how a forgotten rule looks;
//! - texts too long for an 80x24 screen, or for the inbox's 80-column line.

use std::fmt;

use crate::content::cases::{Case, Uncovered};
use crate::content::model::{
    Condition, OutcomeIndex, QuestionIndex, QuestionKind, Questionnaire, Target,
};

/// Columns a prompt or an option label is wrapped to on an 80-column screen.
pub const WRAP_COLUMNS: usize = 78;
/// The most lines a prompt or an option label may take at [`WRAP_COLUMNS`].
pub const MAX_WRAPPED_LINES: usize = 6;
/// The longest result title (or disposition heading) that fits on one line of the screen.
pub const MAX_RESULT_TITLE: usize = 76;
/// The longest outcome title (or `short`) that fits the inbox's line at 80 columns, after the
/// code, the time and the urgency (the inbox's own test holds it to its columns).
pub const MAX_INBOX_TITLE: usize = 36;

/// One warning, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    pub hint: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The name is usually a path given on the command line; it may carry anything.
        let file = crate::text::visible(&self.file, crate::text::Notation::Replaced { tab: '→' });
        writeln!(
            f,
            "{file}:{}:{}: warning: {}",
            self.line, self.column, self.message
        )?;
        let gutter = self.line.to_string().len();
        write!(f, "{:gutter$} = hint: {}", "", self.hint)
    }
}

/// Every warning about `q`, loaded from `text` (named `file` in the warnings).
pub fn warnings(q: &Questionnaire, text: &str, file: &str) -> Vec<Warning> {
    let text = &*crate::content::validate::normalize_line_ends(text);
    let at = Locator::new(text, file);
    let mut out = Vec::new();
    let flagged = unrouted_options(q, &at, &mut out);
    unread_options(q, &at, &flagged, &mut out);
    default_only_outcomes(q, &at, &mut out);
    long_texts(q, &at, &mut out);
    conditions_on_skippable_questions(q, &at, &mut out);
    texts_that_never_show(q, &at, &mut out);
    out
}

/// Warnings for the conditional texts and options no case both shows and hides (found by
/// running the cases: [`Uncovered`]).
pub fn uncovered_warnings(
    q: &Questionnaire,
    uncovered: &[Uncovered],
    cases_file: &str,
    text: &str,
    file: &str,
) -> Vec<Warning> {
    let text = &*crate::content::validate::normalize_line_ends(text);
    let at = Locator::new(text, file);
    uncovered
        .iter()
        .map(|u| {
            let (owner, id) = u.name.split_once('.').unwrap_or((&u.name, ""));
            let place = if u.is_option {
                at.option(owner, id)
            } else if q.outcome_by_id(owner).is_some() {
                at.key_in(at.outcome(owner), "id")
            } else {
                at.disposition(owner)
            };
            let (shows, hides, show, hide) = if u.is_option {
                ("offers", "does not offer", "offer", "do not offer")
            } else {
                ("shows", "hides", "show", "hide")
            };
            let lacks = match (u.never_shown, u.never_hidden) {
                (true, true) => format!("no case {shows} it and none {hides} it"),
                (true, false) => format!("no case {shows} it"),
                _ => format!("no case {hides} it"),
            };
            let what = if u.is_option { "option" } else { "text" };
            at.warning(
                place,
                format!("conditional {what} \"{}\": {lacks} in {cases_file}", u.name),
                format!(
                    "add a case whose answers {show} it and one whose answers {hide} it, \
                     so that a mistake in its condition makes a case fail"
                ),
            )
        })
        .collect()
}

/// `must[n]`: the questions asked on every route from the start to question n (for n below
/// the number of questions) or to outcome n - questions.
fn asked_on_every_route(q: &Questionnaire) -> Vec<Option<Vec<bool>>> {
    let n = q.questions.len();
    let node = |t: Target| match t {
        Target::Question(i) => i.0,
        Target::Outcome(o) => n + o.0,
    };
    // None: not reached yet. Questions only lead forward, so repeating until nothing
    // changes settles it.
    let mut must: Vec<Option<Vec<bool>>> = vec![None; n + q.outcomes.len()];
    must[node(q.start)] = Some(vec![false; n]);
    let mut changed = true;
    while changed {
        changed = false;
        for (i, question) in q.questions.iter().enumerate() {
            let Some(here) = must[i].clone() else {
                continue;
            };
            let mut through = here;
            through[i] = true;
            for target in question.targets() {
                let slot = &mut must[node(target)];
                let next = match slot {
                    None => through.clone(),
                    Some(old) => old.iter().zip(&through).map(|(a, b)| *a && *b).collect(),
                };
                if slot.as_ref() != Some(&next) {
                    *slot = Some(next);
                    changed = true;
                }
            }
        }
    }
    must
}

/// A `none` condition reading a question that some route to its place skips: that route
/// never shows the text or offers the option (an unasked question matches nothing, not even
/// `none`), though "none of these was picked" reads as if it would. An `any` or `all` on a
/// skipped question hides the text as the words say (nothing was picked), so it is not
/// warned about. For a text of a disposition, the routes to every result that can end on
/// that rung count: the emergency rung's to emergency results, the others' to the rest.
fn conditions_on_skippable_questions(q: &Questionnaire, at: &Locator<'_>, out: &mut Vec<Warning>) {
    let must = asked_on_every_route(q);
    let n = q.questions.len();
    let asked = |node: usize, read: QuestionIndex| must[node].as_ref().is_none_or(|m| m[read.0]);
    let skippable_none = |node: usize, conditions: &[Condition]| {
        conditions
            .iter()
            .filter(|c| matches!(c, Condition::NoneOf(..)))
            .map(Condition::question)
            .find(|&read| !asked(node, read))
    };
    let hint = "read a question every route here asks, or say what must be picked (`any`) \
                rather than what must not (an unasked question matches nothing, not even `none`)";
    for (i, question) in q.questions.iter().enumerate() {
        for option in &question.options {
            if let Some(read) = skippable_none(i, &option.only_when) {
                out.push(at.warning(
                    at.option(&question.id, &option.id),
                    format!(
                        "option \"{}.{}\" has `none` on \"{}\", which some routes to \"{}\" do \
                         not ask: there it is never offered",
                        question.id,
                        option.id,
                        q.question(read).id,
                        question.id
                    ),
                    hint.to_string(),
                ));
            }
        }
    }
    for (o, outcome) in q.outcomes.iter().enumerate() {
        for (_, passage) in outcome.passages() {
            if let Some(read) = skippable_none(n + o, &passage.only_when) {
                out.push(at.warning(
                    at.outcome(&outcome.id),
                    format!(
                        "text \"{}.{}\" has `none` on \"{}\", which some routes to this outcome \
                         do not ask: there it never shows",
                        outcome.id,
                        passage.id,
                        q.question(read).id
                    ),
                    hint.to_string(),
                ));
            }
        }
    }
    for rung in &q.dispositions {
        let ends_here = |o: usize| q.is_emergency(OutcomeIndex(o)) == rung.emergency;
        for (_, passage) in rung.passages() {
            let skipped = (0..q.outcomes.len())
                .filter(|&o| ends_here(o))
                .find_map(|o| skippable_none(n + o, &passage.only_when));
            if let Some(read) = skipped {
                out.push(at.warning(
                    at.disposition(&rung.id),
                    format!(
                        "text \"{}.{}\" has `none` on \"{}\", which some routes to a result do \
                         not ask: there it never shows",
                        rung.id,
                        passage.id,
                        q.question(read).id
                    ),
                    hint.to_string(),
                ));
            }
        }
    }
}

/// A text whose own conditions contradict each other, so that it can show on no route.
///
/// An approximation, not an exact check: it finds conditions that cannot hold together on
/// their own (an option both required and excluded; two options of a single-choice
/// question both required; an exclusive option required with another; empty scale
/// ranges), but it does not follow which answers each route to the outcome needs, so a text
/// whose conditions contradict the route (say `none = ["where.low_back"]` on a result only
/// low back pain reaches) is not found here. The case suite's coverage (a case that shows
/// every conditional text) finds those.
fn texts_that_never_show(q: &Questionnaire, at: &Locator<'_>, out: &mut Vec<Warning>) {
    let mut check = |place: Place, owner: &str, id: &str, conditions: &[Condition]| {
        if let Some(why) = contradiction(q, conditions) {
            out.push(at.warning(
                place,
                format!("text \"{owner}.{id}\" can never show: {why}"),
                "fix its `any`, `all`, `none` or `scale`, or remove the text".to_string(),
            ));
        }
    };
    for outcome in &q.outcomes {
        for (_, p) in outcome.passages() {
            check(at.outcome(&outcome.id), &outcome.id, &p.id, &p.only_when);
        }
    }
    for rung in &q.dispositions {
        for (_, p) in rung.passages() {
            check(at.disposition(&rung.id), &rung.id, &p.id, &p.only_when);
        }
    }
}

/// Why these conditions can never hold together, if they cannot (see
/// [`texts_that_never_show`] for what is found and what is not).
pub fn contradiction(q: &Questionnaire, conditions: &[Condition]) -> Option<String> {
    use std::collections::BTreeMap;
    // Per question: options that must be picked, must not be, and alternatives of which one
    // must be picked (each `any`).
    let mut required: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut excluded: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    let mut alternatives: Vec<(usize, Vec<usize>)> = Vec::new();
    let mut scale: BTreeMap<usize, (u8, u8)> = BTreeMap::new();
    for c in conditions {
        let qi = c.question().0;
        match c {
            Condition::AllOf(_, opts) => required
                .entry(qi)
                .or_default()
                .extend(opts.iter().map(|o| o.0)),
            Condition::NoneOf(_, opts) => excluded
                .entry(qi)
                .or_default()
                .extend(opts.iter().map(|o| o.0)),
            Condition::AnyOf(_, opts) => {
                let opts: Vec<usize> = opts.iter().map(|o| o.0).collect();
                if let [one] = opts.as_slice() {
                    required.entry(qi).or_default().push(*one);
                }
                alternatives.push((qi, opts));
            }
            Condition::Scale { min, max, .. } => {
                let range = scale.entry(qi).or_insert((*min, *max));
                *range = (range.0.max(*min), range.1.min(*max));
                if range.0 > range.1 {
                    return Some(format!(
                        "its scale ranges on \"{}\" do not overlap",
                        q.questions[qi].id
                    ));
                }
            }
        }
    }
    for (qi, opts) in &required {
        let question = &q.questions[*qi];
        let label = |o: usize| format!("{}.{}", question.id, question.options[o].id);
        if let Some(o) = opts
            .iter()
            .find(|o| excluded.get(qi).is_some_and(|e| e.contains(o)))
        {
            return Some(format!("it needs \"{}\" and excludes it", label(*o)));
        }
        let mut distinct = opts.clone();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() > 1 {
            if question.kind != QuestionKind::Multiple {
                return Some(format!(
                    "\"{}\" takes one answer, and it needs both \"{}\" and \"{}\"",
                    question.id,
                    label(distinct[0]),
                    label(distinct[1])
                ));
            }
            if let Some(o) = distinct.iter().find(|o| question.options[**o].exclusive) {
                return Some(format!(
                    "\"{}\" stands alone, and it needs another answer with it",
                    label(*o)
                ));
            }
        }
    }
    for (qi, opts) in &alternatives {
        if let Some(excluded) = excluded.get(qi)
            && opts.iter().all(|o| excluded.contains(o))
        {
            return Some(format!(
                "every answer its `any` allows on \"{}\" is excluded",
                q.questions[*qi].id
            ));
        }
    }
    None
}

/// Warnings about the texts of a translation of `q` (`q` as translated, from `text`, named
/// `file`): a prompt or label too tall for the screen, a title too long for the result screen
/// or reception's inbox line. The rest of the checks are the base file's: a translation
/// changes no route.
pub fn translation_warnings(q: &Questionnaire, text: &str, file: &str) -> Vec<Warning> {
    let text = &*crate::content::validate::normalize_line_ends(text);
    let at = Locator::new(text, file);
    let mut out = Vec::new();
    long_texts(q, &at, &mut out);
    out
}

/// Warnings about the cases for `q`: each outcome that no case expects. `cases_file` names the
/// cases file in the message.
pub fn case_warnings(
    q: &Questionnaire,
    cases: &[Case],
    cases_file: &str,
    text: &str,
    file: &str,
) -> Vec<Warning> {
    let text = &*crate::content::validate::normalize_line_ends(text);
    let at = Locator::new(text, file);
    q.outcomes
        .iter()
        .filter(|o| !cases.iter().any(|c| c.outcome == o.id))
        .map(|o| {
            at.warning(
                at.outcome(&o.id),
                format!("outcome \"{}\" has no case in {cases_file}", o.id),
                "add a case whose answers reach it, so that `painpath test` checks its route \
                 and its disposition"
                    .to_string(),
            )
        })
        .collect()
}

fn target_id(q: &Questionnaire, target: Target) -> &str {
    match target {
        Target::Question(i) => &q.question(i).id,
        Target::Outcome(i) => &q.outcome(i).id,
    }
}

/// Does condition `c` name option `option` of question `question`?
fn names(c: &Condition, question: QuestionIndex, option: usize) -> bool {
    match c {
        Condition::AnyOf(qi, opts) | Condition::AllOf(qi, opts) | Condition::NoneOf(qi, opts) => {
            *qi == question && opts.iter().any(|o| o.0 == option)
        }
        Condition::Scale { .. } => false,
    }
}

/// Is option `option` of question `question` named by some rule's condition, in any question?
fn named_by_a_rule(q: &Questionnaire, question: QuestionIndex, option: usize) -> bool {
    q.questions
        .iter()
        .flat_map(|other| &other.rules)
        .flat_map(|rule| &rule.conditions)
        .any(|c| names(c, question, option))
}

/// Is option `option` of question `question` named by some outcome's sign, or by the
/// condition of a text or of another option?
fn named_by_a_sign(q: &Questionnaire, question: QuestionIndex, option: usize) -> bool {
    let signs = q
        .outcomes
        .iter()
        .flat_map(|o| &o.signs)
        .flat_map(|sign| &sign.conditions);
    let texts = q
        .outcomes
        .iter()
        .flat_map(|o| o.passages())
        .chain(q.dispositions.iter().flat_map(|d| d.passages()))
        .flat_map(|(_, p)| &p.only_when);
    let options = q
        .questions
        .iter()
        .flat_map(|x| &x.options)
        .flat_map(|o| &o.only_when);
    signs
        .chain(texts)
        .chain(options)
        .any(|c| names(c, question, option))
}

/// Options of a single or multiple choice question that nothing reads: no rule, no sign, no
/// `raises`. Choosing one changes nothing but the summary, which is how a new option added and
/// not routed looks where the question's default goes on to the next question (the trunk of
/// the built-in file). An option meant for the summary only says so with
/// `summary_only = true`; one that says so and is read anyway is warned about too. Not the
/// "nothing of that" answers, emergencies, or options [`unrouted_options`] already named.
fn unread_options(
    q: &Questionnaire,
    at: &Locator<'_>,
    flagged: &[(QuestionIndex, usize)],
    out: &mut Vec<Warning>,
) {
    for (qi, question) in q.questions.iter().enumerate() {
        let qi = QuestionIndex(qi);
        if !matches!(question.kind, QuestionKind::Single | QuestionKind::Multiple) {
            continue;
        }
        for (oi, option) in question.options.iter().enumerate() {
            let read = named_by_a_rule(q, qi, oi) || named_by_a_sign(q, qi, oi);
            if option.summary_only {
                if read || option.raises.is_some() || option.emergency {
                    out.push(at.warning(
                        at.option(&question.id, &option.id),
                        format!(
                            "option \"{}\" of \"{}\" says `summary_only = true`, but {} reads it",
                            option.id,
                            question.id,
                            if read { "a rule or a sign" } else { "its own `raises` or `emergency`" }
                        ),
                        "remove `summary_only = true`: the option matters to the result".to_string(),
                    ));
                }
                continue;
            }
            if read
                || option.emergency
                || option.raises.is_some()
                || is_nothing_answer(option)
                || flagged.contains(&(qi, oi))
            {
                continue;
            }
            out.push(at.warning(
                at.option(&question.id, &option.id),
                format!(
                    "option \"{}\" of \"{}\" is read by no rule and no sign: choosing it \
                     changes nothing but the summary",
                    option.id, question.id
                ),
                format!(
                    "route it: name it in a rule (`any = [\"{}.{}\"]` in a later question, or \
                     `any = [\"{}\"]` here) or in an outcome's sign; if it is only for the \
                     summary, add `summary_only = true` to it",
                    question.id, option.id, option.id
                ),
            ));
        }
    }
}

/// Ids of the answers that say "nothing of that" or "I don't know", for which the default is
/// the natural route.
const NOTHING_IDS: [&str; 6] = ["no", "none", "not_sure", "unsure", "dont_know", "other"];

/// "None of these" (an exclusive option) or a no / not-sure answer.
fn is_nothing_answer(option: &crate::content::model::ChoiceOption) -> bool {
    option.exclusive || NOTHING_IDS.contains(&option.id.as_str())
}

/// Options of a single or multiple choice question that no rule names (its own or a later
/// question's), so that choosing one alone only ever reaches the question's default, a
/// result. Not the "nothing of that" answers ([`is_nothing_answer`]). Only where the
/// question's own rules read its own answer: a question whose rules test nothing of
/// it (or that has no rules) treats every option alike by design. Emergency options are left
/// to the safety check; an option that reaches a rule whose conditions on this question are
/// all `none` is routed by that rule.
fn unrouted_options(
    q: &Questionnaire,
    at: &Locator<'_>,
    out: &mut Vec<Warning>,
) -> Vec<(QuestionIndex, usize)> {
    let mut flagged = Vec::new();
    for (qi, question) in q.questions.iter().enumerate() {
        let qi = QuestionIndex(qi);
        if !matches!(question.kind, QuestionKind::Single | QuestionKind::Multiple) {
            continue;
        }
        let Some(default) = question.default else {
            continue;
        };
        let own: Vec<Vec<&Condition>> = question
            .rules
            .iter()
            .map(|r| r.conditions.iter().filter(|c| c.question() == qi).collect())
            .collect();
        if own.iter().all(Vec::is_empty) {
            continue;
        }
        // A rule that only says `none` of this question is reached by any option it leaves out.
        let none_only = own
            .iter()
            .any(|cs| !cs.is_empty() && cs.iter().all(|c| matches!(c, Condition::NoneOf(..))));
        if none_only {
            continue;
        }
        // Only where the default is a result: a default to the next question goes on asking,
        // and later rules and signs may read the answer (the trunk of the built-in file).
        if !matches!(default, Target::Outcome(_)) {
            continue;
        }
        for (oi, option) in question.options.iter().enumerate() {
            if option.emergency || is_nothing_answer(option) || named_by_a_rule(q, qi, oi) {
                continue;
            }
            let default = target_id(q, default);
            flagged.push((qi, oi));
            out.push(at.warning(
                at.option(&question.id, &option.id),
                format!(
                    "option \"{}\" of \"{}\" is named by no rule: it goes to the default \"{default}\"",
                    option.id, question.id
                ),
                format!(
                    "if \"{default}\" is right for it, say so: name it in a rule (`any = [\"{}\"]`, \
                     `goto = \"{default}\"`); otherwise add the rule that routes it",
                    option.id
                ),
            ));
        }
    }
    flagged
}

/// Outcomes that only defaults lead to: every edge into them is a question's default.
fn default_only_outcomes(q: &Questionnaire, at: &Locator<'_>, out: &mut Vec<Warning>) {
    for (oi, outcome) in q.outcomes.iter().enumerate() {
        let me = Target::Outcome(OutcomeIndex(oi));
        if q.start == me
            || q.questions
                .iter()
                .flat_map(|x| &x.rules)
                .any(|r| r.target == me)
        {
            continue;
        }
        let from: Vec<&str> = q
            .questions
            .iter()
            .filter(|x| x.default == Some(me))
            .map(|x| x.id.as_str())
            .collect();
        if from.is_empty() {
            continue;
        }
        let from = from
            .iter()
            .map(|id| format!("\"{id}\""))
            .collect::<Vec<_>>()
            .join(", ");
        out.push(at.warning(
            at.outcome(&outcome.id),
            format!(
                "outcome \"{}\" is reached only through defaults (of {from}): no rule goes to it",
                outcome.id
            ),
            "a patient gets it only when no rule matches, whatever they answered; if it is \
             meant for some answers, add a rule for them that goes to it"
                .to_string(),
        ));
    }
}

/// How many lines `text` takes on a screen `width` columns wide, wrapped as every screen
/// wraps it ([`crate::text::wrap`]).
pub fn wrapped_lines(text: &str, width: usize) -> usize {
    crate::text::wrap(text, width).len()
}

fn long_texts(q: &Questionnaire, at: &Locator<'_>, out: &mut Vec<Warning>) {
    let too_tall = |text: &str| {
        let lines = wrapped_lines(text, WRAP_COLUMNS);
        (lines > MAX_WRAPPED_LINES).then_some(lines)
    };
    for question in &q.questions {
        if let Some(lines) = too_tall(&question.prompt) {
            out.push(at.warning(
                at.key_in(at.question(&question.id), "prompt"),
                format!(
                    "the prompt of \"{}\" takes {lines} lines at {WRAP_COLUMNS} columns \
                     (more than {MAX_WRAPPED_LINES}): it crowds an 80x24 screen",
                    question.id
                ),
                "shorten it; put the explanation in `help`".to_string(),
            ));
        }
        for option in &question.options {
            if let Some(lines) = too_tall(&option.label) {
                out.push(at.warning(
                    at.option(&question.id, &option.id),
                    format!(
                        "the label of option \"{}\" of \"{}\" takes {lines} lines at \
                         {WRAP_COLUMNS} columns (more than {MAX_WRAPPED_LINES})",
                        option.id, question.id
                    ),
                    "shorten it; put the explanation in the question's `help`".to_string(),
                ));
            }
        }
    }
    for outcome in &q.outcomes {
        let len = outcome.title.chars().count();
        if len > MAX_RESULT_TITLE {
            out.push(at.warning(
                at.key_in(at.outcome(&outcome.id), "title"),
                format!(
                    "the title of outcome \"{}\" is {len} characters: it does not fit on one \
                     line of the result screen ({MAX_RESULT_TITLE})",
                    outcome.id
                ),
                format!("shorten it to {MAX_RESULT_TITLE} characters or fewer"),
            ));
        }
        let shown = outcome.inbox_title().chars().count();
        if shown > MAX_INBOX_TITLE {
            let (key, what) = match outcome.short {
                Some(_) => ("short", "the short title"),
                None => ("title", "the title"),
            };
            out.push(at.warning(
                at.key_in(at.outcome(&outcome.id), key),
                format!(
                    "{what} of outcome \"{}\" is {shown} characters: reception's inbox line \
                     has room for {MAX_INBOX_TITLE}, so it is cut short there",
                    outcome.id
                ),
                match outcome.short {
                    Some(_) => format!("shorten `short` to {MAX_INBOX_TITLE} characters or fewer"),
                    None => format!(
                        "add `short = \"...\"` under the title: a few words ({MAX_INBOX_TITLE} \
                         characters or fewer) for the inbox"
                    ),
                },
            ));
        }
    }
    for disposition in &q.dispositions {
        let headings = [
            ("heading", Some(&disposition.heading)),
            ("advice_heading", disposition.advice_heading.as_ref()),
        ];
        for (key, text) in headings {
            let Some(text) = text else { continue };
            let len = text.chars().count();
            if len > MAX_RESULT_TITLE {
                out.push(at.warning(
                    at.key_in(at.disposition(&disposition.id), key),
                    format!(
                        "the {key} of disposition \"{}\" is {len} characters: it does not fit \
                         on one line of the result screen ({MAX_RESULT_TITLE})",
                        disposition.id
                    ),
                    format!("shorten it to {MAX_RESULT_TITLE} characters or fewer"),
                ));
            }
        }
    }
}

/// Finds ids in the text, line by line: `id = "X"` on its own line in a `[[questions]]`,
/// `[[outcomes]]` or `[[dispositions]]` table, and an option's `id = "X"` after its question.
struct Locator<'a> {
    file: &'a str,
    lines: Vec<&'a str>,
}

/// A 1-based line and column; (1, 1) when nothing was found.
type Place = (usize, usize);

impl<'a> Locator<'a> {
    fn new(text: &'a str, file: &'a str) -> Locator<'a> {
        Locator {
            file,
            lines: text.split('\n').collect(),
        }
    }

    fn warning(&self, (line, column): Place, message: String, hint: String) -> Warning {
        Warning {
            file: self.file.to_string(),
            line,
            column,
            message,
            hint,
        }
    }

    /// The 0-based index of the line `id = "ID"` in a table whose header is `header`.
    fn table_line(&self, header: &str, id: &str) -> Option<usize> {
        let wanted = format!("id = \"{id}\"");
        let mut table = "";
        for (n, line) in self.lines.iter().enumerate() {
            let trimmed = line.trim();
            if trimmed.starts_with('[') {
                table = trimmed;
            } else if table == header && trimmed == wanted {
                return Some(n);
            }
        }
        None
    }

    fn place(&self, line: Option<usize>, needle: &str) -> Place {
        match line {
            Some(n) => {
                let text = self.lines[n];
                let column = text
                    .find(needle)
                    .map_or(1, |byte| text[..byte].chars().count() + 1);
                (n + 1, column)
            }
            None => (1, 1),
        }
    }

    /// The 0-based index of a translation's `[SECTION.ID]` header.
    fn header_line(&self, section: &str, id: &str) -> Option<usize> {
        let wanted = format!("[{section}.{id}]");
        self.lines.iter().position(|l| l.trim() == wanted)
    }

    /// The `id = "ID"` line of a questions file, or the `[SECTION.ID]` header of a
    /// translation.
    fn entry(&self, section: &str, id: &str) -> Place {
        match self.table_line(&format!("[[{section}]]"), id) {
            Some(n) => self.place(Some(n), "id"),
            None => self.place(self.header_line(section, id), "["),
        }
    }

    fn question(&self, id: &str) -> Place {
        self.entry("questions", id)
    }

    fn outcome(&self, id: &str) -> Place {
        self.entry("outcomes", id)
    }

    fn disposition(&self, id: &str) -> Place {
        self.entry("dispositions", id)
    }

    /// The option's `id = "ID"` after its question's line, before the next question or
    /// outcome; the question's own line when not found.
    fn option(&self, question: &str, option: &str) -> Place {
        // A translation: `OPTION = "..."` under `[questions.QUESTION.options]`.
        if let Some(header) = self.header_line("questions", &format!("{question}.options")) {
            for (n, line) in self.lines.iter().enumerate().skip(header + 1) {
                let trimmed = line.trim_start();
                if trimmed.starts_with('[') {
                    break;
                }
                if let Some(rest) = trimmed.strip_prefix(option)
                    && rest.trim_start().starts_with('=')
                {
                    return self.place(Some(n), option);
                }
            }
            return self.place(Some(header), "[");
        }
        let Some(start) = self.table_line("[[questions]]", question) else {
            return (1, 1);
        };
        let wanted = format!("id = \"{option}\"");
        for (n, line) in self.lines.iter().enumerate().skip(start + 1) {
            let trimmed = line.trim();
            if trimmed == "[[questions]]" || trimmed == "[[outcomes]]" {
                break;
            }
            if line.contains(&wanted) {
                return self.place(Some(n), &wanted);
            }
        }
        self.place(Some(start), "id")
    }

    /// The line starting with `key =` in the table that holds `at`, before its next table;
    /// `at` itself when not found.
    fn key_in(&self, at: Place, key: &str) -> Place {
        if at == (1, 1) {
            return at;
        }
        let start = at.0 - 1;
        // Back to the table's header, then forward to the next header.
        let header = (0..=start)
            .rev()
            .find(|n| self.lines[*n].trim().starts_with('['))
            .unwrap_or(0);
        for n in header + 1..self.lines.len() {
            let trimmed = self.lines[n].trim_start();
            if trimmed.starts_with('[') {
                break;
            }
            if let Some(rest) = trimmed.strip_prefix(key)
                && rest.trim_start().starts_with('=')
            {
                return self.place(Some(n), key);
            }
        }
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::validate::load;

    const HEAD: &str = r#"
[meta]
id = "t"
title = "T"
version = "1"
language = "en"
start = "where"
intro = "I."
disclaimer = "D."

[[sources]]
id = "a"
title = "A"

[[dispositions]]
id = "emergency"
emergency = true
heading = "Now"
when = "Now."
safety_net = "Now."

[[dispositions]]
id = "self_care"
heading = "Home"
when = "Weeks."
safety_net = "Sooner."
"#;

    fn outcome(id: &str, title: &str) -> String {
        format!(
            "\n[[outcomes]]\nid = \"{id}\"\ntitle = \"{title}\"\ndisposition = \"self_care\"\n\
             explanation = \"E.\"\nsooner_if = [\"Worse.\"]\nsources = [\"a\"]\n\
             [[outcomes.signs]]\ntext = \"S\"\nany = [\"where.knee\"]\n"
        )
    }

    /// `where` (back, hip, knee) with a rule for `knee` only, or for every option.
    fn file(routed_all: bool, prompt: &str, title: &str) -> String {
        let any = if routed_all {
            r#"["knee", "back", "hip"]"#
        } else {
            r#"["knee"]"#
        };
        format!(
            "{HEAD}\n[[questions]]\nid = \"where\"\nkind = \"single\"\nprompt = \"{prompt}\"\n\
             short = \"Where\"\noptions = [\n  {{ id = \"back\", label = \"Back\" }},\n  \
             {{ id = \"hip\", label = \"Hip\" }},\n  {{ id = \"knee\", label = \"Knee\" }},\n]\n\
             default = \"general\"\n[[questions.rules]]\nany = {any}\ngoto = \"knee_result\"\n{}{}",
            outcome("knee_result", title),
            outcome("general", "General"),
        )
    }

    /// `where` sends the knee to a yes/no `groin` and the back straight to `general`, whose
    /// second paragraph carries `condition`: a route to it skips `groin`.
    fn skipping(condition: &str) -> String {
        format!(
            "{HEAD}\n[[questions]]\nid = \"where\"\nkind = \"single\"\nprompt = \"Where?\"\n\
             short = \"Where\"\noptions = [\n  {{ id = \"back\", label = \"Back\" }},\n  \
             {{ id = \"knee\", label = \"Knee\" }},\n]\ndefault = \"general\"\n\
             [[questions.rules]]\nany = [\"knee\"]\ngoto = \"groin\"\n\
             [[questions]]\nid = \"groin\"\nkind = \"yes-no\"\nprompt = \"Groin?\"\n\
             short = \"Groin\"\ndefault = \"general\"\n\
             [[outcomes]]\nid = \"general\"\ntitle = \"General\"\ndisposition = \"self_care\"\n\
             explanation = [\"E.\", {{ id = \"groin\", {condition}, text = \"G.\" }}]\n\
             sources = [\"a\"]\n[[outcomes.signs]]\ntext = \"S\"\nany = [\"where.knee\"]\n"
        )
    }

    #[test]
    fn none_on_a_question_a_route_skips_is_warned_about_and_any_is_not() {
        let none = lint(&skipping("none = [\"groin.yes\"]"));
        assert!(
            none.iter().any(|w| w.message
                == "text \"general.groin\" has `none` on \"groin\", which some routes to this \
                    outcome do not ask: there it never shows"),
            "{none:?}"
        );
        let any = lint(&skipping("any = [\"groin.yes\"]"));
        assert!(
            !any.iter().any(|w| w.message.contains("has `none`")),
            "an `any` on a skipped question hides the text as it says: {any:?}"
        );
    }

    fn lint(text: &str) -> Vec<Warning> {
        let q = load("t.toml", text).unwrap_or_else(|e| panic!("{e}"));
        warnings(&q, text, "t.toml")
    }

    #[test]
    fn an_option_no_rule_names_is_a_warning_at_its_line() {
        let text = file(false, "Where?", "Knee");
        let found = lint(&text);
        let unrouted: Vec<_> = found
            .iter()
            .filter(|w| w.message.contains("named by no rule"))
            .collect();
        assert_eq!(unrouted.len(), 2, "{found:#?}");
        assert_eq!(
            unrouted[0].message,
            "option \"back\" of \"where\" is named by no rule: it goes to the default \"general\""
        );
        let line = text
            .lines()
            .position(|l| l.contains("id = \"back\""))
            .unwrap();
        assert_eq!(unrouted[0].line, line + 1);
        assert_eq!(unrouted[0].column, 5);
        let shown = unrouted[0].to_string();
        assert!(shown.starts_with(&format!("t.toml:{}:5: warning: option", line + 1)));
        assert!(shown.contains("\n   = hint: "), "{shown}");
    }

    #[test]
    fn an_outcome_reached_only_by_defaults_is_a_warning() {
        let found = lint(&file(false, "Where?", "Knee"));
        let only: Vec<_> = found
            .iter()
            .filter(|w| w.message.contains("only through defaults"))
            .collect();
        assert_eq!(only.len(), 1, "{found:#?}");
        assert!(only[0].message.starts_with("outcome \"general\" "));
    }

    #[test]
    fn options_named_in_a_later_rule_and_nothing_answers_count_as_routed() {
        // `where` (multiple) routes knee and back itself; a rule of `next` names hip; `none`
        // says "nothing of these".
        let text = format!(
            "{HEAD}\n[[questions]]\nid = \"where\"\nkind = \"multiple\"\nprompt = \"P\"\n\
             short = \"Where\"\noptions = [\n  {{ id = \"back\", label = \"Back\" }},\n  \
             {{ id = \"hip\", label = \"Hip\" }},\n  {{ id = \"knee\", label = \"Knee\" }},\n  \
             {{ id = \"none\", label = \"None\", exclusive = true }},\n]\n\
             default = \"general\"\n[[questions.rules]]\nany = [\"knee\"]\ngoto = \"knee_result\"\n\
             [[questions.rules]]\nany = [\"back\"]\ngoto = \"next\"\n\
             \n[[questions]]\nid = \"next\"\nkind = \"yes-no\"\nprompt = \"N\"\nshort = \"N\"\n\
             default = \"general\"\n[[questions.rules]]\nany = [\"where.hip\"]\n\
             goto = \"knee_result\"\n{}{}",
            outcome("knee_result", "Knee"),
            outcome("general", "General"),
        );
        let found = lint(&text);
        assert!(
            !found.iter().any(|w| w.message.contains("named by no rule")),
            "{found:#?}"
        );
    }

    /// `where` (back, hip, knee, none) going on to `next` by default; only `knee` is routed,
    /// `hip` carries `hip_flags` (such as `, summary_only = true`).
    fn trunk(hip_flags: &str) -> String {
        format!(
            "{HEAD}\n[[questions]]\nid = \"where\"\nkind = \"multiple\"\nprompt = \"P\"\n\
             short = \"Where\"\noptions = [\n  {{ id = \"back\", label = \"Back\" }},\n  \
             {{ id = \"hip\", label = \"Hip\"{hip_flags} }},\n  {{ id = \"knee\", label = \"Knee\" }},\n  \
             {{ id = \"none\", label = \"None\", exclusive = true }},\n]\n\
             default = \"next\"\n[[questions.rules]]\nany = [\"knee\"]\ngoto = \"knee_result\"\n\
             \n[[questions]]\nid = \"next\"\nkind = \"yes-no\"\nprompt = \"N\"\nshort = \"N\"\n\
             default = \"general\"\n[[questions.rules]]\nany = [\"yes\"]\n\
             goto = \"knee_result\"\n{}{}",
            outcome("knee_result", "Knee"),
            outcome("general", "General"),
        )
    }

    fn unread(found: &[Warning]) -> Vec<&Warning> {
        found
            .iter()
            .filter(|w| {
                w.message.contains("no rule and no sign") || w.message.contains("summary_only")
            })
            .collect()
    }

    #[test]
    fn an_option_nothing_reads_is_a_warning_where_the_default_asks_on() {
        // The built-in trunk's shape: a new option on `where` goes on to the next question and
        // ends wherever the other answers take it, without any rule having chosen that.
        let text = trunk("");
        let found = lint(&text);
        let unread = unread(&found);
        assert_eq!(unread.len(), 2, "{found:#?}");
        assert_eq!(
            unread[0].message,
            "option \"back\" of \"where\" is read by no rule and no sign: choosing it changes \
             nothing but the summary"
        );
        assert!(unread[1].message.starts_with("option \"hip\" "));
        let line = text
            .lines()
            .position(|l| l.contains("id = \"hip\""))
            .unwrap();
        assert_eq!(unread[1].line, line + 1);
        assert!(
            unread[1].hint.contains("summary_only = true"),
            "{}",
            unread[1].hint
        );
        assert!(unread[1].hint.contains("where.hip"), "{}", unread[1].hint);
    }

    #[test]
    fn summary_only_says_an_unread_option_is_meant() {
        let found = lint(&trunk(", summary_only = true"));
        let unread = unread(&found);
        assert_eq!(unread.len(), 1, "{found:#?}");
        assert!(unread[0].message.starts_with("option \"back\" "));
    }

    #[test]
    fn summary_only_on_an_option_a_rule_reads_is_a_warning() {
        let text = trunk("").replace(
            "{ id = \"knee\", label = \"Knee\" }",
            "{ id = \"knee\", label = \"Knee\", summary_only = true }",
        );
        let found = lint(&text);
        let flagged: Vec<_> = found
            .iter()
            .filter(|w| w.message.contains("says `summary_only = true`"))
            .collect();
        assert_eq!(flagged.len(), 1, "{found:#?}");
        assert!(
            flagged[0]
                .message
                .starts_with("option \"knee\" of \"where\" ")
        );
        assert!(
            flagged[0]
                .message
                .ends_with("but a rule or a sign reads it")
        );
    }

    #[test]
    fn an_option_left_unrouted_by_the_default_is_named_once() {
        // `back` goes to a default result: the "named by no rule" warning says so, and the
        // "read by nothing" one does not repeat it.
        let found = lint(&file(false, "Where?", "Knee"));
        let back: Vec<_> = found
            .iter()
            .filter(|w| w.message.starts_with("option \"back\""))
            .collect();
        assert_eq!(back.len(), 1, "{found:#?}");
        assert!(back[0].message.contains("named by no rule"));
    }

    #[test]
    fn a_question_whose_rules_read_nothing_of_it_is_not_warned_about() {
        let text = file(true, "Where?", "Knee");
        let found = lint(&text);
        assert!(
            !found.iter().any(|w| w.message.contains("named by no rule")),
            "{found:#?}"
        );
    }

    #[test]
    fn long_prompts_and_titles_are_warnings() {
        let prompt = "word ".repeat(120);
        let title =
            "A title far too long for the result screen of eighty columns, and the inbox too";
        let mut found = lint(&file(true, prompt.trim(), title));
        found.retain(|w| !w.message.contains("only through defaults"));
        assert_eq!(found.len(), 3, "{found:#?}");
        assert!(
            found[0]
                .message
                .starts_with("the prompt of \"where\" takes 8 lines")
        );
        assert!(found[1].message.contains("the result screen"));
        assert!(
            found[1]
                .message
                .starts_with("the title of outcome \"knee_result\" is 79")
        );
        assert!(found[2].message.starts_with(
            "the title of outcome \"knee_result\" is 79 characters: reception's inbox"
        ));
        assert!(
            found[2].hint.starts_with("add `short = "),
            "{}",
            found[2].hint
        );
    }

    #[test]
    fn a_short_title_is_what_the_inbox_line_is_checked_on() {
        let title = "A title that fits the result screen but not the inbox line";
        let text = file(true, "Where?", title);
        assert!(
            lint(&text)
                .iter()
                .any(|w| w.message.contains("reception's inbox"))
        );
        let with_short = text.replacen(
            &format!("title = \"{title}\"\n"),
            &format!("title = \"{title}\"\nshort = \"Fits the inbox\"\n"),
            1,
        );
        let found = lint(&with_short);
        assert!(
            !found
                .iter()
                .any(|w| w.message.contains("reception's inbox")),
            "{found:#?}"
        );
        let too_long = with_short.replacen("Fits the inbox", &"s".repeat(MAX_INBOX_TITLE + 1), 1);
        let found = lint(&too_long);
        let inbox: Vec<_> = found
            .iter()
            .filter(|w| w.message.contains("reception's inbox"))
            .collect();
        assert_eq!(inbox.len(), 1, "{found:#?}");
        assert!(inbox[0].message.starts_with("the short title of outcome"));
        let line = too_long
            .lines()
            .position(|l| l.starts_with("short = \"ss"))
            .unwrap();
        assert_eq!(inbox[0].line, line + 1);
    }

    #[test]
    fn wrapping_counts_lines_like_a_screen() {
        assert_eq!(wrapped_lines("", 78), 1);
        assert_eq!(wrapped_lines("a b", 3), 1);
        assert_eq!(wrapped_lines("a b c", 3), 2);
        assert_eq!(wrapped_lines("abcdefg", 3), 3);
        assert_eq!(wrapped_lines("a\nb", 78), 2);
    }

    #[test]
    fn an_outcome_without_a_case_is_a_warning() {
        let text = file(true, "Where?", "Knee");
        let q = load("t.toml", &text).unwrap();
        let cases = crate::content::cases::load_cases(
            "c.toml",
            "[[cases]]\nname = \"k\"\nstory = \"S\"\nanswers = { where = \"knee\" }\n\
             outcome = \"knee_result\"\n",
        )
        .unwrap();
        let found = case_warnings(&q, &cases, "c.toml", &text, "t.toml");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(
            found[0].message,
            "outcome \"general\" has no case in c.toml"
        );
    }

    #[test]
    fn the_shipped_questions_have_no_warnings() {
        let q = load(crate::DEFAULT_QUESTIONS_NAME, crate::DEFAULT_QUESTIONS).unwrap();
        let mut found = warnings(&q, crate::DEFAULT_QUESTIONS, crate::DEFAULT_QUESTIONS_NAME);
        let cases =
            crate::content::cases::load_cases(crate::DEFAULT_CASES_NAME, crate::DEFAULT_CASES)
                .unwrap();
        found.extend(case_warnings(
            &q,
            &cases,
            crate::DEFAULT_CASES_NAME,
            crate::DEFAULT_QUESTIONS,
            crate::DEFAULT_QUESTIONS_NAME,
        ));
        let shown: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert!(found.is_empty(), "{}", shown.join("\n"));
    }

    /// The small fixture with the knee offered only without a fever, and two texts on the
    /// knee result: one whose own conditions contradict each other, and one that contradicts
    /// the route (a fever hides the knee, so "fever" never shows on the knee result).
    fn small_with_texts() -> String {
        include_str!("../../tests/fixtures/small.toml")
            .replace(
                r#"{ id = "knee", label = "Knee" },"#,
                r#"{ id = "knee", label = "Knee", none = ["flags.fever"] },"#,
            )
            .replace(
                r#"advice = ["Rest."]"#,
                r#"advice = ["Rest.", { id = "never", text = "N.", any = ["flags.fever"], none = ["flags.fever"] }, { id = "fever", text = "F.", any = ["flags.fever"] }]"#,
            )
    }

    #[test]
    fn a_text_whose_own_conditions_contradict_is_warned_about() {
        let found = lint(&small_with_texts());
        let never: Vec<&Warning> = found
            .iter()
            .filter(|w| w.message.contains("can never show"))
            .collect();
        assert_eq!(never.len(), 1, "{found:?}");
        assert!(
            never[0].message.contains(
                "\"knee_result.never\" can never show: it needs \"flags.fever\" and excludes it"
            ),
            "{}",
            never[0].message
        );
    }

    #[test]
    fn the_never_shows_check_is_an_approximation_that_does_not_follow_routes() {
        // "knee_result.fever" can never show either (a fever hides the knee), but the check
        // reads each text's own conditions only: it is not reported. The case suite's
        // coverage ("shown by no case") is what finds it.
        let found = lint(&small_with_texts());
        assert!(
            !found
                .iter()
                .any(|w| w.message.contains("\"knee_result.fever\" can never")),
            "{found:?}"
        );
    }
}
