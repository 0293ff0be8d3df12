//! Conditional text and options: each item of an outcome's or a disposition's text built with
//! its id, its condition and the warning signs it names; each option's condition; and the
//! checks that need the whole tree: a condition reads only a question that can come before
//! it, nothing on the warning-sign screen is ever hidden, and a sign is named at the level
//! the ladder gives it (one level per sign).

use super::*;
use crate::content::model::Passage;
use crate::content::raw::{RawItem, references};

/// One item as written: its span and the item.
pub(super) type RawItems<'r> = Vec<(Range<usize>, &'r RawItem)>;

impl<'a> Builder<'a> {
    /// The items of one list of an outcome or a disposition (`owner`), in order. `seen`
    /// holds the ids already used by the owner's other lists: ids are unique per owner.
    pub(super) fn passages(
        &mut self,
        owner: &str,
        list: &'static str,
        items: RawItems<'a>,
        seen: &mut HashMap<String, Range<usize>>,
    ) -> Vec<Passage> {
        let mut out = Vec::with_capacity(items.len());
        for (n, (span, item)) in items.into_iter().enumerate() {
            let passage = match item {
                RawItem::Plain(text) => Passage::plain(format!("{list}.{}", n + 1), text.clone()),
                RawItem::Full(table) => {
                    self.check_id_spelling(&table.id);
                    let lists = ConditionLists {
                        any: &table.any,
                        all: &table.all,
                        none: &table.none,
                        scale: table.scale.as_ref(),
                    };
                    let only_when = if lists.is_empty() {
                        Vec::new()
                    } else {
                        self.conditions(None, lists, span.clone())
                    };
                    let named = table.sign.as_ref().map(references).unwrap_or_default();
                    let signs: Vec<(QuestionIndex, OptionIndex)> = named
                        .iter()
                        .filter_map(|r| self.warning_sign_reference(r))
                        .collect();
                    let level = table
                        .level
                        .as_ref()
                        .and_then(|l| self.disposition_reference(l));
                    // An empty `sign = []` names no sign.
                    let sign = table.sign.as_ref().filter(|_| !named.is_empty());
                    match (sign, &table.level) {
                        (Some(sign), None) => self.error(
                            sign.span(),
                            "a `sign` needs the `level` this text sends the person to",
                            Some(
                                "add `level = \"...\"` naming the disposition, as the ladder \
                                 places the sign"
                                    .into(),
                            ),
                        ),
                        (None, Some(level)) => self.error(
                            level.span(),
                            "`level` goes with `sign`: it says at which rung the named sign is",
                            Some("name the warning sign with `sign = \"question.option\"`".into()),
                        ),
                        _ => {}
                    }
                    if let (Some(level), Some(written)) = (level, &table.level) {
                        self.check_sign_levels(&signs, level, written);
                    }
                    Passage {
                        id: table.id.get_ref().clone(),
                        text: table.text.get_ref().clone(),
                        only_when,
                        signs,
                        level,
                    }
                }
            };
            let id_span = match item {
                RawItem::Full(table) => table.id.span(),
                RawItem::Plain(_) => span,
            };
            if let Some(first) = seen.get(&passage.id) {
                let line = self.line_of(first.start);
                self.error(
                    id_span,
                    format!("duplicate text id \"{}\" in \"{owner}\"", passage.id),
                    Some(format!(
                        "it is first used on line {line}; each text of an outcome or a \
                         disposition needs its own id"
                    )),
                );
            } else {
                seen.insert(passage.id.clone(), id_span);
            }
            out.push(passage);
        }
        out
    }

    /// Resolves a `sign` reference; it must name a warning sign (an emergency answer or one
    /// that raises a result).
    fn warning_sign_reference(&mut self, reference: &Text) -> Option<(QuestionIndex, OptionIndex)> {
        let (q, o) = self.option_reference(None, reference)?;
        let raw = &self.raw.questions[q.0];
        let is_sign = raw
            .options
            .get(o.0)
            .is_some_and(|o| o.emergency || o.raises.is_some());
        if !is_sign {
            self.error(
                reference.span(),
                format!(
                    "\"{}\" is not a warning sign: it neither ends at an emergency nor raises a \
                     result",
                    reference.get_ref()
                ),
                Some(
                    "name an option with `emergency = true` or `raises`, or leave out `sign`"
                        .into(),
                ),
            );
            return None;
        }
        Some((q, o))
    }

    /// Each named sign is at `level` on the ladder: its emergency rung, or what it raises to.
    fn check_sign_levels(
        &mut self,
        signs: &[(QuestionIndex, OptionIndex)],
        level: DispositionIndex,
        written: &Text,
    ) {
        let raw = self.raw;
        let emergency = raw.dispositions.iter().position(|d| d.emergency);
        for (q, o) in signs {
            let option = &raw.questions[q.0].options[o.0];
            let placed = if option.emergency {
                emergency
            } else {
                option
                    .raises
                    .as_ref()
                    .and_then(|r| self.disposition_ids.get(r.get_ref().as_str()).copied())
            };
            let Some(placed) = placed else { continue };
            if placed != level.0 {
                let at = raw.dispositions[placed].id.get_ref();
                self.error(
                    written.span(),
                    format!(
                        "this text names the warning sign \"{}.{}\" at \"{}\", but the ladder \
                         places it at \"{at}\"",
                        raw.questions[q.0].id.get_ref(),
                        option.id.get_ref(),
                        written.get_ref()
                    ),
                    Some(format!(
                        "one level per sign: say `level = \"{at}\"` and word the text for that \
                         rung, or leave the sign to the disposition's safety net"
                    )),
                );
            }
        }
    }

    /// Whom a question on the warning-sign screen is for; refused on any other question.
    pub(super) fn asked_of(&mut self, raw: &RawQuestion) -> Vec<Condition> {
        let Some(asked_of) = &raw.asked_of else {
            return Vec::new();
        };
        if !raw.screen {
            self.error(
                asked_of.span(),
                format!(
                    "`asked_of` says whom a warning-sign question is for, and \"{}\" is not one",
                    raw.id.get_ref()
                ),
                Some(
                    "remove it, or mark the question `screen = true` if it is on the \
                     warning-sign screen"
                        .into(),
                ),
            );
            return Vec::new();
        }
        let a = asked_of.get_ref();
        let lists = ConditionLists {
            any: &a.any,
            all: &a.all,
            none: &a.none,
            scale: a.scale.as_ref(),
        };
        self.conditions(None, lists, asked_of.span())
    }

    /// An option's condition: references always name their question.
    pub(super) fn option_condition(&mut self, raw: &RawOption) -> Vec<Condition> {
        let lists = ConditionLists {
            any: &raw.any,
            all: &raw.all,
            none: &raw.none,
            scale: raw.scale.as_ref(),
        };
        if lists.is_empty() {
            return Vec::new();
        }
        self.conditions(None, lists, raw.id.span())
    }

    /// Where conditions may look, once the tree is known: an option's condition reads only
    /// questions that can come before its own, and never hides a warning sign; a text's
    /// condition reads only questions that can come before its outcome (an error otherwise;
    /// `lint` warns when the question may be skipped on some route).
    pub(super) fn check_condition_reads(&mut self, q: &Questionnaire, edges: &[Vec<Edge>]) {
        let before = asked_before(q, edges);
        let raw = self.raw;
        for (i, question) in q.questions.iter().enumerate() {
            for condition in &question.asked_of {
                let read = condition.question();
                if !before[i][read.0] {
                    let span = raw.questions[i]
                        .asked_of
                        .as_ref()
                        .map_or_else(|| raw.questions[i].id.span(), toml::Spanned::span);
                    self.error(
                        span,
                        format!(
                            "`asked_of` of \"{}\" depends on \"{}\", which is never asked before \
                             it",
                            question.id,
                            q.question(read).id
                        ),
                        Some(
                            "say whom the question is for by answers given on the way to it".into(),
                        ),
                    );
                }
            }
            for (o, option) in question.options.iter().enumerate() {
                let Some(raw_option) = raw.questions[i].options.get(o) else {
                    continue;
                };
                if option.only_when.is_empty() {
                    continue;
                }
                if option.emergency || question.warning_signs {
                    let what = if option.emergency {
                        "an emergency answer"
                    } else {
                        "an answer on the warning-sign screen"
                    };
                    self.error(
                        raw_option.id.span(),
                        format!(
                            "option \"{}\" of \"{}\" is {what} and cannot carry a condition",
                            option.id, question.id
                        ),
                        Some(
                            "warning signs are asked of everyone: remove its `any`, `all`, \
                             `none` or `scale`, and word it so that it fits everyone"
                                .into(),
                        ),
                    );
                    continue;
                }
                for condition in &option.only_when {
                    let read = condition.question();
                    if !before[i][read.0] {
                        self.error(
                            raw_option.id.span(),
                            format!(
                                "option \"{}\" of \"{}\" depends on \"{}\", which is never asked \
                                 before it",
                                option.id,
                                question.id,
                                q.question(read).id
                            ),
                            Some(
                                "an option's condition can only read answers given earlier on \
                                 the way to its question"
                                    .into(),
                            ),
                        );
                    }
                }
            }
        }
        for (o, outcome) in q.outcomes.iter().enumerate() {
            let reaching = outcome_asked_before(q, edges, &before, OutcomeIndex(o));
            for (_, passage) in outcome.passages() {
                for condition in &passage.only_when {
                    let read = condition.question();
                    if !reaching[read.0] {
                        let span = raw.outcomes[o].id.span();
                        self.error(
                            span,
                            format!(
                                "text \"{}.{}\" depends on \"{}\", which no route to this \
                                 outcome asks",
                                outcome.id,
                                passage.id,
                                q.question(read).id
                            ),
                            Some(
                                "a text's condition can only read questions asked on the way to \
                                 its outcome; it would never show"
                                    .into(),
                            ),
                        );
                    }
                }
            }
        }
    }
}

impl ConditionLists<'_> {
    fn is_empty(&self) -> bool {
        self.any.is_empty() && self.all.is_empty() && self.none.is_empty() && self.scale.is_none()
    }
}

/// `before[q][p]`: question p can be answered before q is asked (some route from the start
/// to q passes p).
fn asked_before(q: &Questionnaire, edges: &[Vec<Edge>]) -> Vec<Vec<bool>> {
    let n = q.questions.len();
    let mut before = vec![vec![false; n]; n];
    // Fixed point over the forward edges; the graph check has ruled out cycles.
    let mut changed = true;
    while changed {
        changed = false;
        for from in 0..n {
            for edge in &edges[from] {
                let Target::Question(to) = edge.target else {
                    continue;
                };
                let mut through = before[from].clone();
                through[from] = true;
                for (seen, add) in before[to.0].iter_mut().zip(through) {
                    if add && !*seen {
                        *seen = true;
                        changed = true;
                    }
                }
            }
        }
    }
    before
}

/// The questions some route to outcome `o` asks.
fn outcome_asked_before(
    q: &Questionnaire,
    edges: &[Vec<Edge>],
    before: &[Vec<bool>],
    o: OutcomeIndex,
) -> Vec<bool> {
    let n = q.questions.len();
    let mut reaching = vec![false; n];
    for (from, out) in edges.iter().enumerate() {
        if out.iter().any(|e| e.target == Target::Outcome(o)) {
            reaching[from] = true;
            for (r, b) in reaching.iter_mut().zip(&before[from]) {
                *r |= b;
            }
        }
    }
    reaching
}
