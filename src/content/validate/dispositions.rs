//! The ladder of dispositions (who to see and how soon) and what refers to it: each outcome's
//! disposition, each raising answer's, and the rule that an outcome's own text never states a
//! time frame, since the disposition owns it. Also each outcome's signs, the answer patterns
//! that make it fit.

use super::*;
use crate::content::time_frame::time_frame;

impl<'a> Builder<'a> {
    /// The ladder, most urgent first; ids unique; exactly one emergency rung, at the top.
    pub(super) fn dispositions(&mut self) -> Vec<Disposition> {
        let raw = self.raw;
        let mut seen: HashMap<&str, &Text> = HashMap::new();
        for d in &raw.dispositions {
            self.check_id_spelling(&d.id);
            if let Some(first) = seen.insert(d.id.get_ref(), &d.id) {
                let line = self.line_of(first.span().start);
                self.error(
                    d.id.span(),
                    format!("duplicate disposition id \"{}\"", d.id.get_ref()),
                    Some(format!(
                        "the first one is on line {line}; rename one of them"
                    )),
                );
            }
        }
        match raw.dispositions.iter().position(|d| d.emergency) {
            None => {
                let span = raw.meta.id.span();
                self.error(
                    span,
                    "the file defines no emergency disposition",
                    Some(
                        "add a `[[dispositions]]` table with `emergency = true` first: every \
                         emergency answer must end at a result that uses it"
                            .into(),
                    ),
                );
            }
            Some(first) => {
                if first != 0 {
                    self.error(
                        raw.dispositions[first].id.span(),
                        "the emergency disposition must come first",
                        Some(
                            "dispositions are listed most urgent first; move it to the top".into(),
                        ),
                    );
                }
                if let Some(second) = raw
                    .dispositions
                    .iter()
                    .skip(first + 1)
                    .find(|d| d.emergency)
                {
                    self.error(
                        second.id.span(),
                        "only one disposition can be the emergency one",
                        Some("remove `emergency = true` from all but the first".into()),
                    );
                }
            }
        }
        let mut ladder = Vec::with_capacity(raw.dispositions.len());
        for d in &raw.dispositions {
            let owner = d.id.get_ref();
            let mut seen = HashMap::new();
            let when = self.passages(owner, "when", items_of(&d.when), &mut seen);
            let safety_net = self.passages(owner, "safety_net", items_of(&d.safety_net), &mut seen);
            let until_seen = d.until_seen.as_ref().map(items_of).unwrap_or_default();
            let until_seen = self.passages(owner, "until_seen", until_seen, &mut seen);
            ladder.push(Disposition {
                id: d.id.get_ref().clone(),
                heading: d.heading.get_ref().clone(),
                when,
                safety_net,
                until_seen,
                advice_heading: d.advice_heading.as_ref().map(|h| h.get_ref().clone()),
                emergency: d.emergency,
            });
        }
        ladder
    }

    /// Resolves a disposition id, with a did-you-mean when it names none.
    pub(super) fn disposition_reference(&mut self, id: &Text) -> Option<DispositionIndex> {
        match self.disposition_ids.get(id.get_ref().as_str()) {
            Some(i) => Some(DispositionIndex(*i)),
            None => {
                let raw = self.raw;
                self.unknown_id(
                    id,
                    "disposition",
                    raw.dispositions.iter().map(|d| d.id.get_ref().as_str()),
                );
                None
            }
        }
    }

    /// An outcome's own texts state no time frame: its disposition says how soon.
    pub(super) fn check_time_frames(&mut self, outcome: &crate::content::raw::RawOutcome) {
        let items = items_of(&outcome.explanation)
            .into_iter()
            .chain(items_in(&outcome.advice))
            .chain(items_in(&outcome.avoid))
            .chain(items_in(&outcome.sooner_if));
        for (span, item) in items {
            let text = item.text(span);
            if let Some(frame) = time_frame(text.get_ref()) {
                self.error(
                    text.span(),
                    format!(
                        "outcome \"{}\" says \"{frame}\": how soon to get help belongs to its \
                         disposition",
                        outcome.id.get_ref()
                    ),
                    Some(
                        "say what to do without a time, and choose the outcome's `disposition` \
                         (or an answer's `raises`) for how soon"
                            .into(),
                    ),
                );
            }
        }
    }

    /// An outcome's signs, each with at least one condition, references resolved.
    pub(super) fn signs(&mut self, outcome: &'a crate::content::raw::RawOutcome) -> Vec<Sign> {
        if outcome.signs.is_empty() {
            self.error(
                outcome.id.span(),
                format!("outcome \"{}\" has no signs", outcome.id.get_ref()),
                Some(
                    "add `[[outcomes.signs]]` tables (text, and any/all/none/scale) naming the \
                     answers that make this result fit: they are its \"why\""
                        .into(),
                ),
            );
        }
        outcome
            .signs
            .iter()
            .map(|sign| {
                let raw: &'a RawSign = sign.get_ref();
                Sign {
                    text: raw.text.get_ref().clone(),
                    conditions: self.conditions(
                        None,
                        ConditionLists {
                            any: &raw.any,
                            all: &raw.all,
                            none: &raw.none,
                            scale: raw.scale.as_ref(),
                        },
                        sign.span(),
                    ),
                }
            })
            .collect()
    }
}
