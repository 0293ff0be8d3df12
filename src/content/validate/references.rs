//! Ids and references: ids spelled and unique, every `goto`, option and source named in a
//! rule resolved to an index (with a did-you-mean), and each question and its options built.

use super::*;

impl<'a> Builder<'a> {
    /// Checks id spelling and uniqueness; returns the ids of questions and outcomes.
    pub(super) fn check_ids(&mut self) -> HashMap<&'a str, Target> {
        let raw = self.raw;
        let mut nodes: HashMap<&str, (Target, &Text)> = HashMap::new();
        let all_nodes = raw
            .questions
            .iter()
            .enumerate()
            .map(|(i, q)| (Target::Question(QuestionIndex(i)), &q.id))
            .chain(
                raw.outcomes
                    .iter()
                    .enumerate()
                    .map(|(i, o)| (Target::Outcome(OutcomeIndex(i)), &o.id)),
            );
        for (target, id) in all_nodes {
            self.check_id_spelling(id);
            if let Some((_, first)) = nodes.get(id.get_ref().as_str()) {
                let line = self.line_of(first.span().start);
                self.error(
                    id.span(),
                    format!(
                        "duplicate id \"{}\": questions and outcomes share one set of ids",
                        id.get_ref()
                    ),
                    Some(format!(
                        "it is first used on line {line}; rename one of them"
                    )),
                );
            } else {
                nodes.insert(id.get_ref(), (target, id));
            }
        }
        let mut source_ids: HashMap<&str, &Text> = HashMap::new();
        for s in &raw.sources {
            self.check_id_spelling(&s.id);
            if let Some(first) = source_ids.insert(s.id.get_ref(), &s.id) {
                let line = self.line_of(first.span().start);
                self.error(
                    s.id.span(),
                    format!("duplicate source id \"{}\"", s.id.get_ref()),
                    Some(format!(
                        "it is first used on line {line}; rename one of them"
                    )),
                );
            }
        }
        for q in &raw.questions {
            // A question has a handful of options: a scan beats a hash map per question.
            // The latest earlier copy is named, as a map's `insert` would return it.
            for (n, o) in q.options.iter().enumerate() {
                self.check_id_spelling(&o.id);
                let earlier = q.options[..n]
                    .iter()
                    .rfind(|e| e.id.get_ref() == o.id.get_ref());
                if let Some(first) = earlier.map(|e| &e.id) {
                    let line = self.line_of(first.span().start);
                    self.error(
                        o.id.span(),
                        format!(
                            "duplicate option id \"{}\" in question \"{}\"",
                            o.id.get_ref(),
                            q.id.get_ref()
                        ),
                        Some(format!(
                            "it is first used on line {line}; rename one of them"
                        )),
                    );
                }
            }
        }
        nodes.into_iter().map(|(k, (t, _))| (k, t)).collect()
    }

    pub(super) fn check_id_spelling(&mut self, id: &Text) {
        let s = id.get_ref();
        let ok = !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !ok {
            self.error(
                id.span(),
                format!("\"{s}\" is not a valid id"),
                Some("ids use letters, digits, `_` and `-` only, such as \"hip_pain\"".into()),
            );
        } else {
            // A hand-off to reception names outcomes, dispositions and texts by id.
            let most = crate::content::model::ID_MAX;
            self.at_most(id, most, &format!("the id \"{s}\""), "use a shorter id");
        }
    }

    /// The known id of kind `what` nearest to `wanted`. Every call with the same `what`
    /// must pass the same `known` ids, since answers are remembered by `what`.
    pub(super) fn suggest<'c>(
        &mut self,
        what: &'static str,
        wanted: &str,
        known: impl IntoIterator<Item = &'c str>,
    ) -> Option<String> {
        let key = (what, wanted.to_string());
        if let Some(near) = self.suggestions.get(&key) {
            return near.clone();
        }
        let near = nearest(wanted, known).map(str::to_string);
        self.suggestions.insert(key, near.clone());
        near
    }

    pub(super) fn unknown_id<'c>(
        &mut self,
        id: &Text,
        what: &'static str,
        known: impl IntoIterator<Item = &'c str>,
    ) {
        let hint = match self.suggest(what, id.get_ref(), known) {
            Some(near) => format!("did you mean \"{near}\"?"),
            None => format!("check the spelling, or add a {what} with this id"),
        };
        self.error(
            id.span(),
            format!("\"{}\" names no {what}", id.get_ref()),
            Some(hint),
        );
    }

    pub(super) fn resolve_target(
        &mut self,
        id: &Text,
        ids: &HashMap<&'a str, Target>,
    ) -> Option<Target> {
        let found = ids.get(id.get_ref().as_str()).copied();
        if found.is_none() {
            self.unknown_id(id, "question or outcome", ids.keys().copied());
        }
        found
    }

    pub(super) fn question(
        &mut self,
        index: QuestionIndex,
        raw: &'a RawQuestion,
        ids: &HashMap<&'a str, Target>,
    ) -> (Question, Vec<Edge>) {
        let kind = match raw.kind.get_ref() {
            RawKind::Single => QuestionKind::Single,
            RawKind::Multiple => QuestionKind::Multiple,
            RawKind::YesNo => QuestionKind::YesNo,
            RawKind::Scale => QuestionKind::Scale,
        };
        let options = self.options(raw, kind);
        self.check_body_areas_once(raw, &options);
        let scale_labels = match (&raw.low_label, &raw.high_label) {
            (Some(low), Some(high)) if kind == QuestionKind::Scale => {
                Some((low.get_ref().clone(), high.get_ref().clone()))
            }
            (None, None) => None,
            (Some(label), _) | (_, Some(label)) => {
                let hint = if kind == QuestionKind::Scale {
                    "give both `low_label` and `high_label`"
                } else {
                    "only a scale question has end labels; remove it"
                };
                self.error(
                    label.span(),
                    "scale end label out of place",
                    Some(hint.into()),
                );
                None
            }
        };
        let mut edges = Vec::new();
        let mut rules = Vec::with_capacity(raw.rules.len());
        for rule in &raw.rules {
            let r = rule.get_ref();
            let lists = ConditionLists {
                any: &r.any,
                all: &r.all,
                none: &r.none,
                scale: r.scale.as_ref(),
            };
            let conditions = self.conditions(Some((index, raw)), lists, rule.span());
            if let Some(target) = self.resolve_target(&rule.get_ref().goto, ids) {
                edges.push(Edge {
                    target,
                    span: rule.get_ref().goto.span(),
                });
                rules.push(Rule { conditions, target });
            }
        }
        let default = raw.default.as_ref().and_then(|d| {
            let target = self.resolve_target(d, ids)?;
            edges.push(Edge {
                target,
                span: d.span(),
            });
            Some(target)
        });
        if raw.rules.is_empty() && raw.default.is_none() {
            self.error(
                raw.id.span(),
                format!(
                    "question \"{}\" leads nowhere: it has no rules and no default",
                    raw.id.get_ref()
                ),
                Some("add `default = \"...\"` naming the next question or an outcome".into()),
            );
        }
        let warning_signs = raw.screen || options.iter().any(|o| o.emergency);
        let question = Question {
            id: raw.id.get_ref().clone(),
            kind,
            prompt: raw.prompt.get_ref().clone(),
            short: raw
                .short
                .as_ref()
                .map_or_else(|| raw.prompt.get_ref().clone(), |s| s.get_ref().clone()),
            help: raw.help.as_ref().map(|h| h.get_ref().clone()),
            options,
            scale_labels,
            warning_signs,
            screen: raw.screen,
            asked_of: self.asked_of(raw),
            rules,
            default,
        };
        (question, edges)
    }

    pub(super) fn options(&mut self, raw: &RawQuestion, kind: QuestionKind) -> Vec<ChoiceOption> {
        let id = raw.id.get_ref();
        match kind {
            QuestionKind::Scale => {
                if let Some(o) = raw.options.first() {
                    self.error(
                        o.id.span(),
                        format!("scale question \"{id}\" cannot have options"),
                        Some(format!("a scale takes a number from {SCALE_MIN} to {SCALE_MAX}; remove the options")),
                    );
                }
                Vec::new()
            }
            QuestionKind::YesNo if raw.options.is_empty() => {
                // Worded by painpath, in the file's language.
                let words =
                    &crate::content::words::for_language(self.raw.meta.language.get_ref()).common;
                vec![
                    plain_option("yes", &words.yes),
                    plain_option("no", &words.no),
                ]
            }
            QuestionKind::YesNo => {
                let ids: Vec<&str> = raw
                    .options
                    .iter()
                    .map(|o| o.id.get_ref().as_str())
                    .collect();
                if ids != ["yes", "no"] {
                    self.error(
                        raw.options[0].id.span(),
                        format!("yes/no question \"{id}\" must list options \"yes\" then \"no\", or none"),
                        Some("leave `options` out to get plain Yes and No".into()),
                    );
                }
                raw.options.iter().map(|o| self.option(o, kind)).collect()
            }
            QuestionKind::Single | QuestionKind::Multiple => {
                if raw.options.len() < 2 {
                    self.error(
                        raw.id.span(),
                        format!("question \"{id}\" needs at least two options"),
                        Some("add `options = [{ id = \"...\", label = \"...\" }, ...]`".into()),
                    );
                }
                raw.options.iter().map(|o| self.option(o, kind)).collect()
            }
        }
    }

    pub(super) fn option(&mut self, raw: &RawOption, kind: QuestionKind) -> ChoiceOption {
        if raw.exclusive && kind != QuestionKind::Multiple {
            self.error(
                raw.id.span(),
                "`exclusive` only means something in a multiple-choice question",
                Some("remove `exclusive = true`".into()),
            );
        }
        ChoiceOption {
            id: raw.id.get_ref().clone(),
            label: raw.label.get_ref().clone(),
            help: raw.help.as_ref().map(|h| h.get_ref().clone()),
            exclusive: raw.exclusive,
            emergency: raw.emergency,
            summary_only: raw.summary_only,
            raises: raw
                .raises
                .as_ref()
                .and_then(|r| self.disposition_reference(r)),
            only_when: self.option_condition(raw),
            body: self.body_area(raw, kind),
        }
    }

    /// The conditions of a rule (`here` is its question, for bare option ids and a scale
    /// without `question`) or of an outcome's sign (`here` is `None`: every reference names
    /// its question).
    pub(super) fn conditions(
        &mut self,
        here: Option<(QuestionIndex, &'a RawQuestion)>,
        rule: ConditionLists<'_>,
        span: Range<usize>,
    ) -> Vec<Condition> {
        let mut conditions = Vec::new();
        let lists: [(&Vec<Text>, MakeCondition); 3] = [
            (rule.any, Condition::AnyOf),
            (rule.all, Condition::AllOf),
            (rule.none, Condition::NoneOf),
        ];
        for (list, make) in lists {
            // Group references by question, keeping first-seen order.
            let mut groups: Vec<(QuestionIndex, Vec<OptionIndex>)> = Vec::new();
            for reference in list {
                if let Some((q, o)) = self.option_reference(here, reference) {
                    match groups.iter_mut().find(|(gq, _)| *gq == q) {
                        Some((_, options)) => options.push(o),
                        None => groups.push((q, vec![o])),
                    }
                }
            }
            conditions.extend(groups.into_iter().map(|(q, o)| make(q, o)));
        }
        if let Some(scale) = rule.scale {
            let s = scale.get_ref();
            let target = match (&s.question, here) {
                (None, Some(here)) => Some(here),
                (None, None) => {
                    self.error(
                        scale.span(),
                        "this `scale` does not say which question it tests",
                        Some("write `scale = { question = \"...\", min = .., max = .. }`".into()),
                    );
                    None
                }
                (Some(id), _) => self.question_reference(id),
            };
            let bound = |b: &Option<toml::Spanned<i64>>, fallback: u8, this: &mut Self| match b {
                None => Some(fallback),
                Some(v) => match u8::try_from(*v.get_ref()) {
                    Ok(n) if (SCALE_MIN..=SCALE_MAX).contains(&n) => Some(n),
                    _ => {
                        this.error(
                            v.span(),
                            format!(
                                "scale bound {} is outside {SCALE_MIN}..{SCALE_MAX}",
                                v.get_ref()
                            ),
                            Some(format!(
                                "use a whole number from {SCALE_MIN} to {SCALE_MAX}"
                            )),
                        );
                        None
                    }
                },
            };
            let min = bound(&s.min, SCALE_MIN, self);
            let max = bound(&s.max, SCALE_MAX, self);
            if let (Some((q, raw_q)), Some(min), Some(max)) = (target, min, max) {
                if *raw_q.kind.get_ref() != RawKind::Scale {
                    self.error(
                        scale.span(),
                        format!(
                            "`scale` tests question \"{}\", which is not a scale",
                            raw_q.id.get_ref()
                        ),
                        Some("use `any`, `all` or `none` with option ids for it".into()),
                    );
                } else if min > max {
                    self.error(
                        scale.span(),
                        format!("scale range {min}..{max} is empty"),
                        Some("`min` must not be larger than `max`".into()),
                    );
                } else {
                    conditions.push(Condition::Scale {
                        question: q,
                        min,
                        max,
                    });
                }
            }
        }
        if rule.any.is_empty()
            && rule.all.is_empty()
            && rule.none.is_empty()
            && rule.scale.is_none()
        {
            let (message, hint) = match here {
                Some(_) => (
                    "rule has no condition, so it always matches",
                    "give it `any`, `all`, `none` or `scale`, or use the question's `default`",
                ),
                None => (
                    "sign has no condition, so it always holds",
                    "give it `any`, `all`, `none` or `scale` naming the answers it stands for",
                ),
            };
            self.error(span, message, Some(hint.into()));
        }
        conditions
    }

    pub(super) fn question_reference(
        &mut self,
        id: &Text,
    ) -> Option<(QuestionIndex, &'a RawQuestion)> {
        let raw = self.raw;
        match self.question_ids.get(id.get_ref().as_str()).copied() {
            Some(i) => Some((QuestionIndex(i), &raw.questions[i])),
            None => {
                self.unknown_id(
                    id,
                    "question",
                    raw.questions.iter().map(|q| q.id.get_ref().as_str()),
                );
                None
            }
        }
    }

    /// Resolves `option` (of this question) or `question.option`.
    pub(super) fn option_reference(
        &mut self,
        here: Option<(QuestionIndex, &'a RawQuestion)>,
        reference: &Text,
    ) -> Option<(QuestionIndex, OptionIndex)> {
        let index = here.map(|(index, _)| index);
        let (q_index, raw_q, option_id) = match (reference.get_ref().split_once('.'), here) {
            (None, Some((index, question))) => (index, question, reference.get_ref().as_str()),
            (None, None) => {
                self.error(
                    reference.span(),
                    format!(
                        "\"{}\" does not say which question it belongs to",
                        reference.get_ref()
                    ),
                    Some("in a sign, write `question_id.option_id`".into()),
                );
                return None;
            }
            (Some((q_id, option_id)), _) => {
                let raw = self.raw;
                match self.question_ids.get(q_id).copied() {
                    Some(i) => (QuestionIndex(i), &raw.questions[i], option_id),
                    None => {
                        let near = self.suggest(
                            "question",
                            q_id,
                            raw.questions.iter().map(|q| q.id.get_ref().as_str()),
                        );
                        let hint = match near {
                            Some(near) => format!("did you mean \"{near}.{option_id}\"?"),
                            None => "write `question_id.option_id`, or just `option_id` for this question".into(),
                        };
                        self.error(
                            reference.span(),
                            format!("\"{q_id}\" names no question"),
                            Some(hint),
                        );
                        return None;
                    }
                }
            }
        };
        let option_ids: Vec<&str> = match raw_q.kind.get_ref() {
            RawKind::YesNo => vec!["yes", "no"],
            RawKind::Scale => {
                self.error(
                    reference.span(),
                    format!(
                        "question \"{}\" is a scale and has no options",
                        raw_q.id.get_ref()
                    ),
                    Some(
                        "test it with `scale = { question = \"...\", min = .., max = .. }`".into(),
                    ),
                );
                return None;
            }
            _ => raw_q
                .options
                .iter()
                .map(|o| o.id.get_ref().as_str())
                .collect(),
        };
        match option_ids.iter().position(|o| *o == option_id) {
            Some(i) => Some((q_index, OptionIndex(i))),
            None => {
                let hint = match nearest(option_id, option_ids.iter().copied()) {
                    Some(near) if Some(q_index) == index => format!("did you mean \"{near}\"?"),
                    Some(near) => format!("did you mean \"{}.{near}\"?", raw_q.id.get_ref()),
                    None => format!("its options are: {}", option_ids.join(", ")),
                };
                self.error(
                    reference.span(),
                    format!(
                        "\"{option_id}\" names no option of question \"{}\"",
                        raw_q.id.get_ref()
                    ),
                    Some(hint),
                );
                None
            }
        }
    }
}
