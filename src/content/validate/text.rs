//! Forbidden characters in any text of the file: control, bidi and invisible characters and
//! line separators, which could hide or reorder what a patient reads (see
//! [`hostile_kind`]), and emoji that terminals draw at different widths (see
//! [`disputed_width`]).

use super::*;
use crate::text::{DisputedWidth, disputed_width, hostile_kind, is_hostile};

impl<'a> Builder<'a> {
    /// Every string in the file is shown on a terminal; none may carry control characters.
    pub(super) fn check_all_text(&mut self) {
        let raw = self.raw;
        let meta = &raw.meta;
        let mut texts: Vec<&Text> = vec![
            &meta.id,
            &meta.title,
            &meta.version,
            &meta.language,
            &meta.start,
            &meta.intro,
            &meta.disclaimer,
        ];
        // Items of text that may be plain strings, spanned by the whole item.
        let mut items: Vec<Text> = Vec::new();
        for s in &raw.sources {
            texts.extend([&s.id, &s.title]);
            texts.extend(s.publisher.iter().chain(&s.date));
        }
        for q in &raw.questions {
            texts.extend([&q.id, &q.prompt]);
            texts.extend(q.short.iter().chain(&q.help).chain(&q.low_label));
            texts.extend(q.high_label.iter().chain(&q.default));
            if let Some(asked_of) = &q.asked_of {
                let a = asked_of.get_ref();
                texts.extend(a.any.iter().chain(&a.all).chain(&a.none));
                if let Some(scale) = &a.scale {
                    texts.extend(&scale.get_ref().question);
                }
            }
            for o in &q.options {
                texts.extend([&o.id, &o.label]);
                texts.extend(&o.raises);
                texts.extend(o.any.iter().chain(&o.all).chain(&o.none));
                if let Some(scale) = &o.scale {
                    texts.extend(&scale.get_ref().question);
                }
            }
            for r in &q.rules {
                let r = r.get_ref();
                texts.extend(r.any.iter().chain(&r.all).chain(&r.none));
                texts.push(&r.goto);
                if let Some(scale) = &r.scale {
                    texts.extend(&scale.get_ref().question);
                }
            }
        }
        for d in &raw.dispositions {
            texts.extend([&d.id, &d.heading]);
            texts.extend(&d.advice_heading);
            let until_seen = d.until_seen.as_ref().map(items_of).unwrap_or_default();
            let lists = items_of(&d.when)
                .into_iter()
                .chain(items_of(&d.safety_net))
                .chain(until_seen);
            for (span, item) in lists {
                items.extend(item.strings(span));
            }
        }
        for o in &raw.outcomes {
            texts.extend([&o.id, &o.title, &o.disposition]);
            texts.extend(&o.short);
            let lists = items_of(&o.explanation)
                .into_iter()
                .chain(items_in(&o.advice));
            let lists = lists
                .chain(items_in(&o.avoid))
                .chain(items_in(&o.sooner_if));
            for (span, item) in lists {
                items.extend(item.strings(span));
            }
            texts.extend(&o.sources);
            for sign in &o.signs {
                let sign = sign.get_ref();
                texts.push(&sign.text);
                texts.extend(sign.any.iter().chain(&sign.all).chain(&sign.none));
                if let Some(scale) = &sign.scale {
                    texts.extend(&scale.get_ref().question);
                }
            }
        }
        for text in texts.into_iter().chain(&items) {
            let hostile = text.get_ref().char_indices().find(|(_, c)| is_hostile(*c));
            // An emoji sequence is named whole, before the joiner inside it is found alone.
            if let Some(disputed) = disputed_width(text.get_ref())
                .filter(|d| hostile.is_none_or(|(at, _)| d.offset <= at))
            {
                let span = self.place_sequence_in_source(text.span(), &disputed);
                self.error(
                    span,
                    format!(
                        "text contains {} ({}) at character {} of the text",
                        disputed.kind,
                        disputed.code_points(),
                        disputed.character(text.get_ref())
                    ),
                    Some(DisputedWidth::HINT.into()),
                );
                continue;
            }
            if let Some((offset, c)) = hostile {
                let what = hostile_kind(c).unwrap_or("a forbidden character");
                let span = self.place_in_source(text.span(), c);
                let (shown, hint) = if c == '\t' {
                    (
                        ", shown as →",
                        "replace the tab with a space: a tab looks different on every screen",
                    )
                } else {
                    (
                        "",
                        "text from the file is shown on a terminal; remove the character",
                    )
                };
                self.error(
                    span,
                    format!(
                        "text contains {what} (U+{:04X}{shown}) at character {} of the text",
                        c as u32,
                        offset + 1
                    ),
                    Some(hint.into()),
                );
            }
        }
    }

    /// Where an emoji sequence of a text whose TOML spans `span` is in the file: the sequence
    /// as written, or else where its first character is (see [`Self::place_in_source`]).
    pub(super) fn place_sequence_in_source(
        &self,
        span: Range<usize>,
        disputed: &DisputedWidth<'_>,
    ) -> Range<usize> {
        let written = self.diagnostics.text().get(span.clone());
        if let Some(at) = written.and_then(|w| w.find(disputed.sequence)) {
            return span.start + at..span.start + at + disputed.sequence.len();
        }
        let first = disputed.sequence.chars().next().unwrap_or(' ');
        self.place_in_source(span, first)
    }

    /// Where character `c` of a text whose TOML spans `span` is in the file: its first
    /// occurrence there, or the first escape that writes it (`\t`, `\u0009`), so that the
    /// caret points at the character itself, on its own line of a multi-line text; the whole
    /// text when neither is found.
    pub(super) fn place_in_source(&self, span: Range<usize>, c: char) -> Range<usize> {
        let source = self.diagnostics.text();
        let Some(written) = source.get(span.clone()) else {
            return span;
        };
        if let Some(at) = written.find(c) {
            return span.start + at..span.start + at + c.len_utf8();
        }
        let short = match c {
            '\t' => Some("\\t"),
            '\u{8}' => Some("\\b"),
            '\u{c}' => Some("\\f"),
            '\r' => Some("\\r"),
            _ => None,
        };
        let escapes = [
            short.map(str::to_string),
            Some(format!("\\u{:04X}", c as u32)),
            Some(format!("\\u{:04x}", c as u32)),
            Some(format!("\\U{:08X}", c as u32)),
            Some(format!("\\U{:08x}", c as u32)),
        ];
        escapes
            .iter()
            .flatten()
            .filter_map(|e| written.find(e.as_str()).map(|at| (at, e.len())))
            .min()
            .map_or(span.clone(), |(at, len)| {
                span.start + at..span.start + at + len
            })
    }
}
