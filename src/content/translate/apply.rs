//! Applying a translation: the base questionnaire copied with each of its texts replaced by
//! the translation's, table by table (meta, dispositions, questions, outcomes, sources), each
//! text checked on the way. Everything that decides a route stays the base's.

use super::check::Check;
use super::raw::RawTranslation;
use crate::content::model::{QuestionKind, Questionnaire};

impl Check<'_> {
    /// `base` with the translation's texts in place of its own; each problem is gathered in
    /// the diagnostics.
    pub(super) fn apply(
        &mut self,
        base: &Questionnaire,
        raw: &RawTranslation,
        yes_no: (&str, &str),
    ) -> Questionnaire {
        let mut q = base.clone();
        let meta = raw.meta.get_ref();
        self.language = meta.language.get_ref().clone();
        self.meta(base, meta);
        let at_meta = raw.meta.span();
        q.meta.language = meta.language.get_ref().clone();
        for (field, base_text, target) in [
            ("title", &base.meta.title, &meta.title),
            ("intro", &base.meta.intro, &meta.intro),
            ("disclaimer", &base.meta.disclaimer, &meta.disclaimer),
        ] {
            let found = self.required(target.as_ref(), at_meta.clone(), "[meta]", field);
            let value = found.unwrap_or_else(|| base_text.clone());
            match field {
                "title" => q.meta.title = value,
                "intro" => q.meta.intro = value,
                _ => q.meta.disclaimer = value,
            }
        }

        let ids: Vec<&str> = base.dispositions.iter().map(|d| d.id.as_str()).collect();
        self.unknown_ids("disposition", raw.dispositions.keys(), &ids);
        for (i, d) in base.dispositions.iter().enumerate() {
            let Some((_, entry)) = raw.dispositions.iter().find(|(k, _)| k.get_ref() == &d.id)
            else {
                self.missing_table(at_meta.clone(), "dispositions", &d.id);
                continue;
            };
            let t = entry.get_ref();
            let here = format!("[dispositions.{}]", d.id);
            let span = entry.span();
            let out = &mut q.dispositions[i];
            if let Some(v) = self.required(t.heading.as_ref(), span.clone(), &here, "heading") {
                out.heading = v;
            }
            out.advice_heading = match &d.advice_heading {
                Some(heading) => Some(
                    self.required(
                        t.advice_heading.as_ref(),
                        span.clone(),
                        &here,
                        "advice_heading",
                    )
                    .unwrap_or_else(|| heading.clone()),
                ),
                None => {
                    self.absent(t.advice_heading.as_ref(), &here, "advice_heading");
                    None
                }
            };
            for (field, given, items) in [
                ("when", &t.when, &mut out.when),
                ("safety_net", &t.safety_net, &mut out.safety_net),
                ("until_seen", &t.until_seen, &mut out.until_seen),
            ] {
                if let Some(texts) =
                    self.passages(given.as_ref(), items, span.clone(), &here, field)
                {
                    for (item, text) in items.iter_mut().zip(texts) {
                        item.text = text.into_inner();
                    }
                }
            }
        }

        let ids: Vec<&str> = base.questions.iter().map(|x| x.id.as_str()).collect();
        self.unknown_ids("question", raw.questions.keys(), &ids);
        for (i, question) in base.questions.iter().enumerate() {
            let Some((_, entry)) = raw
                .questions
                .iter()
                .find(|(k, _)| k.get_ref() == &question.id)
            else {
                self.missing_table(at_meta.clone(), "questions", &question.id);
                continue;
            };
            let t = entry.get_ref();
            let here = format!("[questions.{}]", question.id);
            let span = entry.span();
            let out = &mut q.questions[i];
            if let Some(v) = self.required(t.prompt.as_ref(), span.clone(), &here, "prompt") {
                out.prompt = v;
            }
            // A base question without `short` uses its prompt; so does the translation.
            let base_has_short = question.short != question.prompt;
            out.short = if base_has_short {
                self.required(t.short.as_ref(), span.clone(), &here, "short")
                    .unwrap_or_else(|| question.short.clone())
            } else {
                self.absent(t.short.as_ref(), &here, "short");
                out.prompt.clone()
            };
            out.help = match &question.help {
                Some(help) => Some(
                    self.required(t.help.as_ref(), span.clone(), &here, "help")
                        .unwrap_or_else(|| help.clone()),
                ),
                None => {
                    self.absent(t.help.as_ref(), &here, "help");
                    None
                }
            };
            match &question.scale_labels {
                Some((low, high)) => {
                    let low = self
                        .required(t.low_label.as_ref(), span.clone(), &here, "low_label")
                        .unwrap_or_else(|| low.clone());
                    let high = self
                        .required(t.high_label.as_ref(), span.clone(), &here, "high_label")
                        .unwrap_or_else(|| high.clone());
                    out.scale_labels = Some((low, high));
                }
                None => {
                    self.absent(t.low_label.as_ref(), &here, "low_label");
                    self.absent(t.high_label.as_ref(), &here, "high_label");
                }
            }
            self.option_help(question, t, span.clone(), &mut out.options);
            match question.kind {
                QuestionKind::Single | QuestionKind::Multiple => {
                    let Some(options) = &t.options else {
                        self.error(
                            span.clone(),
                            format!("{here} has no [questions.{}.options]", question.id),
                            format!(
                                "add [questions.{}.options] with a label for each option: {}",
                                question.id,
                                question
                                    .options
                                    .iter()
                                    .map(|o| o.id.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        );
                        continue;
                    };
                    let ids: Vec<&str> = question.options.iter().map(|o| o.id.as_str()).collect();
                    let what = format!("option of \"{}\"", question.id);
                    self.unknown_ids(&what, options.get_ref().keys(), &ids);
                    for (oi, option) in question.options.iter().enumerate() {
                        match options
                            .get_ref()
                            .iter()
                            .find(|(k, _)| k.get_ref() == &option.id)
                        {
                            Some((_, label)) => {
                                self.text(label);
                                out.options[oi].label = label.get_ref().clone();
                            }
                            None => self.error(
                                options.span(),
                                format!(
                                    "option \"{}\" of \"{}\" has no translation",
                                    option.id, question.id
                                ),
                                format!(
                                    "add {} = \"...\" to [questions.{}.options] (in English: \
                                     \"{}\")",
                                    option.id, question.id, option.label
                                ),
                            ),
                        }
                    }
                }
                QuestionKind::YesNo => {
                    if let Some(options) = &t.options {
                        self.error(
                            options.span(),
                            format!(
                                "\"{}\" is a yes/no question: its answers are not translated here",
                                question.id
                            ),
                            "remove the options: painpath words \"yes\" and \"no\" in every \
                             language itself"
                                .into(),
                        );
                    }
                    out.options[0].label = yes_no.0.to_string();
                    out.options[1].label = yes_no.1.to_string();
                }
                QuestionKind::Scale => {
                    if let Some(options) = &t.options {
                        self.error(
                            options.span(),
                            format!("\"{}\" is a scale: it has no options", question.id),
                            "remove the options; translate low_label and high_label".into(),
                        );
                    }
                }
            }
        }

        let ids: Vec<&str> = base.outcomes.iter().map(|o| o.id.as_str()).collect();
        self.unknown_ids("outcome", raw.outcomes.keys(), &ids);
        for (i, outcome) in base.outcomes.iter().enumerate() {
            let Some((_, entry)) = raw
                .outcomes
                .iter()
                .find(|(k, _)| k.get_ref() == &outcome.id)
            else {
                self.missing_table(at_meta.clone(), "outcomes", &outcome.id);
                continue;
            };
            let t = entry.get_ref();
            let here = format!("[outcomes.{}]", outcome.id);
            let span = entry.span();
            let out = &mut q.outcomes[i];
            // Reception's copy of a hand-off may be in this language: held to the same bound.
            for (field, given) in [("title", &t.title), ("short", &t.short)] {
                if let Some(text) = given {
                    self.at_most(text, crate::content::model::TITLE_MAX, &here, field);
                }
            }
            if let Some(v) = self.required(t.title.as_ref(), span.clone(), &here, "title") {
                out.title = v;
            }
            out.short = match &outcome.short {
                Some(short) => Some(
                    self.required(t.short.as_ref(), span.clone(), &here, "short")
                        .unwrap_or_else(|| short.clone()),
                ),
                None => {
                    self.absent(t.short.as_ref(), &here, "short");
                    None
                }
            };
            for (field, given, items) in [
                ("explanation", &t.explanation, &mut out.explanation),
                ("advice", &t.advice, &mut out.advice),
                ("avoid", &t.avoid, &mut out.avoid),
                ("sooner_if", &t.sooner_if, &mut out.sooner_if),
            ] {
                let Some(texts) = self.passages(given.as_ref(), items, span.clone(), &here, field)
                else {
                    continue;
                };
                for (item, text) in items.iter_mut().zip(texts) {
                    self.no_time_frame(Some(&text), &outcome.id);
                    item.text = text.into_inner();
                }
            }
            let base_signs: Vec<String> = outcome.signs.iter().map(|s| s.text.clone()).collect();
            if let Some(list) = self.list(t.signs.as_ref(), &base_signs, span, &here, "signs") {
                for (sign, text) in out.signs.iter_mut().zip(list) {
                    sign.text = text;
                }
            }
        }

        let ids: Vec<&str> = base.sources.iter().map(|s| s.id.as_str()).collect();
        self.unknown_ids("source", raw.sources.keys(), &ids);
        for (i, source) in base.sources.iter().enumerate() {
            // Optional, unlike every other table: an article keeps its own title.
            let Some((_, entry)) = raw.sources.iter().find(|(k, _)| k.get_ref() == &source.id)
            else {
                continue;
            };
            let t = entry.get_ref();
            let here = format!("[sources.{}]", source.id);
            let out = &mut q.sources[i];
            if let Some(title) = &t.title {
                self.text(title);
                out.title = title.get_ref().clone();
            }
            match (&source.publisher, &t.publisher) {
                (Some(_), Some(publisher)) => {
                    self.text(publisher);
                    out.publisher = Some(publisher.get_ref().clone());
                }
                (None, given) => self.absent(given.as_ref(), &here, "publisher"),
                (Some(_), None) => {}
            }
        }
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::translate::tests::{SMALL_ES, problems, small};
    use crate::content::translate::translate;

    #[test]
    fn a_complete_translation_replaces_every_text_and_keeps_the_tree() {
        let base = small();
        let (es, info) = translate(&base, "t.es.toml", SMALL_ES).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(info.language, "es");
        assert!(!info.reviewed);
        assert_eq!(es.meta.language, "es");
        assert_eq!(es.meta.version, base.meta.version);
        assert_ne!(es.meta.intro, base.meta.intro);
        for (a, b) in base.questions.iter().zip(&es.questions) {
            assert_eq!(a.id, b.id);
            assert_eq!(
                format!("{:?}", a.rules),
                format!("{:?}", b.rules),
                "the routes"
            );
            assert_ne!(a.prompt, b.prompt, "{} translated", a.id);
            for (x, y) in a
                .options
                .iter()
                .zip(&b.options)
                .filter(|_| a.kind != QuestionKind::YesNo)
            {
                assert_eq!(x.id, y.id);
                assert_ne!(x.label, y.label, "{}.{} translated", a.id, x.id);
            }
        }
        for (a, b) in base.outcomes.iter().zip(&es.outcomes) {
            assert_ne!(a.title, b.title);
            assert_eq!(a.signs.len(), b.signs.len());
            assert_eq!(a.disposition, b.disposition);
        }
        // Yes/no answers are worded by painpath, not by the file.
        let yes_no = es
            .questions
            .iter()
            .find(|q| q.kind == QuestionKind::YesNo)
            .expect("small has a yes/no question");
        assert_eq!(yes_no.options[0].label, "Sí");
    }

    #[test]
    fn a_source_is_translated_where_given_and_its_texts_are_checked_as_any_other() {
        let mut base = small();
        let with = |table: &str| format!("{SMALL_ES}\n[sources.a]\n{table}\n");
        let found = problems(&with("title = \"Art\\u001b[2Jículo A\""));
        assert!(
            found
                .iter()
                .any(|p| p.contains("a control character (U+001B)")),
            "{found:#?}"
        );
        let err = translate(&base, "t.es.toml", &with("date = \"13/10/2025\"")).unwrap_err();
        let shown = err.to_string();
        assert!(shown.contains("unknown field `date`"), "{shown}");
        assert!(
            shown.contains("a source's date is not translated"),
            "{shown}"
        );
        // A publisher where the article names none would be painpath's invention.
        base.sources[0].publisher = None;
        let err = translate(&base, "t.es.toml", &with("publisher = \"Editorial A\"")).unwrap_err();
        let shown = err.to_string();
        assert!(
            shown.contains("[sources.a] translates `publisher`, which the questions do not have"),
            "{shown}"
        );
    }
}
