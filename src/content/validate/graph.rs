//! Checks over the whole decision tree: cycles, unreachable questions and outcomes, answers
//! no rule covers, rules that read a question not answered on every path; and the graph
//! (order, dominators, route counts) they share.

use super::*;

impl<'a> Builder<'a> {
    /// Cycles and unreachable nodes. Returns false when the tree is too broken to go on.
    pub(super) fn check_graph(
        &mut self,
        q: &Questionnaire,
        graph: &Graph,
        edges: &[Vec<Edge>],
    ) -> bool {
        if let Some((from, edge)) = graph.cycle {
            let e = &edges[from.0][edge];
            let to = match e.target {
                Target::Question(t) => &q.question(t).id,
                Target::Outcome(t) => &q.outcome(t).id,
            };
            self.error(
                e.span.clone(),
                format!(
                    "this leads from \"{}\" back to \"{to}\", which makes a cycle",
                    q.question(from).id
                ),
                Some(
                    "the tree must only move forward: point it at a later question or an outcome"
                        .into(),
                ),
            );
            return false;
        }
        let raw = self.raw;
        let start = raw.meta.start.get_ref();
        for (i, reached) in graph.question_reached.iter().enumerate() {
            if !reached {
                self.error(
                    raw.questions[i].id.span(),
                    format!(
                        "question \"{}\" is reached by no path from the start",
                        raw.questions[i].id.get_ref()
                    ),
                    Some(format!(
                        "point a rule or default at it, or remove it (the start is \"{start}\")"
                    )),
                );
            }
        }
        for (i, reached) in graph.outcome_reached.iter().enumerate() {
            if !reached {
                self.error(
                    raw.outcomes[i].id.span(),
                    format!(
                        "outcome \"{}\" is reached by no path from the start",
                        raw.outcomes[i].id.get_ref()
                    ),
                    Some("point a rule or default at it, or remove it".into()),
                );
            }
        }
        true
    }

    /// A question without a default must have a rule for every answer, or a path stops dead.
    pub(super) fn check_coverage(&mut self, q: &Questionnaire) {
        let raw = self.raw;
        for (i, question) in q.questions.iter().enumerate() {
            if question.default.is_some() || question.rules.is_empty() {
                continue;
            }
            let here = QuestionIndex(i);
            let span = raw.questions[i].id.span();
            if question.kind == QuestionKind::Scale {
                let mut covered = [false; (SCALE_MAX + 1) as usize];
                for rule in &question.rules {
                    if let [
                        Condition::Scale {
                            question: sq,
                            min,
                            max,
                        },
                    ] = rule.conditions.as_slice()
                        && *sq == here
                    {
                        covered[*min as usize..=*max as usize].fill(true);
                    }
                }
                if let Some(gap) = covered.iter().position(|c| !c) {
                    self.error(
                        span,
                        format!("a path can end without an outcome: answer {gap} to \"{}\" matches no rule and there is no default", question.id),
                        Some("add a rule for it or a `default`".into()),
                    );
                }
                continue;
            }
            for (o, option) in question.options.iter().enumerate() {
                let o = OptionIndex(o);
                if question
                    .rules
                    .iter()
                    .any(|r| guaranteed_with(question, here, r, o))
                {
                    continue;
                }
                let message = if question.kind == QuestionKind::Single {
                    format!(
                        "option \"{}\" of single-choice question \"{}\" is covered by no rule and there is no default",
                        option.id, question.id
                    )
                } else {
                    format!(
                        "a path can end without an outcome: answer \"{}\" to \"{}\" may match no rule and there is no default",
                        option.id, question.id
                    )
                };
                self.error(
                    span.clone(),
                    message,
                    Some(format!(
                        "add a rule with `any = [\"{}\"]` or a `default`",
                        option.id
                    )),
                );
            }
        }
    }

    /// A rule may only read questions answered on every path that reaches its own question.
    pub(super) fn check_rule_reads_answered_question(&mut self, q: &Questionnaire, graph: &Graph) {
        let raw = self.raw;
        for (i, question) in q.questions.iter().enumerate() {
            for (r, rule) in question.rules.iter().enumerate() {
                for condition in &rule.conditions {
                    let read = condition.question();
                    let unreachable = !graph.question_reached[i];
                    if unreachable || read.0 == i || graph.dominates(read, QuestionIndex(i)) {
                        continue;
                    }
                    self.error(
                        raw.questions[i].rules[r].span(),
                        format!(
                            "this rule of \"{}\" tests \"{}\", which is not answered on every path that reaches \"{}\"",
                            question.id,
                            q.question(read).id,
                            question.id
                        ),
                        Some(format!(
                            "only test questions that every route to \"{}\" passes through",
                            question.id
                        )),
                    );
                }
            }
        }
    }
}

/// Does `rule` match for certain whenever option `o` of this question is picked?
pub(super) fn guaranteed_with(
    question: &Question,
    here: QuestionIndex,
    rule: &Rule,
    o: OptionIndex,
) -> bool {
    let one_answer = question.kind != QuestionKind::Multiple;
    rule.conditions.iter().all(|c| match c {
        Condition::AnyOf(q, options) => *q == here && options.contains(&o),
        Condition::AllOf(q, options) => *q == here && options.as_slice() == [o],
        Condition::NoneOf(q, options) => *q == here && one_answer && !options.contains(&o),
        Condition::Scale { .. } => false,
    })
}

/// Could `rule` match when option `o` of this question is picked? (Errs towards yes.)
pub(super) fn can_match_with(
    question: &Question,
    here: QuestionIndex,
    rule: &Rule,
    o: OptionIndex,
) -> bool {
    let one_answer = question.kind != QuestionKind::Multiple;
    !rule.conditions.iter().any(|c| match c {
        Condition::NoneOf(q, options) => *q == here && options.contains(&o),
        Condition::AnyOf(q, options) => *q == here && one_answer && !options.contains(&o),
        Condition::AllOf(q, options) => *q == here && one_answer && options.iter().any(|x| *x != o),
        Condition::Scale { .. } => false,
    })
}

/// The decision tree as a graph over questions, with what the checks need computed once.
pub(super) struct Graph {
    /// Questions in topological order (every edge goes forward), reachable ones only.
    order: Vec<QuestionIndex>,
    question_reached: Vec<bool>,
    outcome_reached: Vec<bool>,
    /// The first edge found that closes a cycle: (question, edge number).
    cycle: Option<(QuestionIndex, usize)>,
    /// Entry and exit times in the dominator tree, for O(1) dominance queries.
    dom_enter: Vec<usize>,
    dom_exit: Vec<usize>,
}

impl Graph {
    pub(super) fn new(q: &Questionnaire, edges: &[Vec<Edge>]) -> Graph {
        let n = q.questions.len();
        let mut question_reached = vec![false; n];
        let mut outcome_reached = vec![false; q.outcomes.len()];
        let mut cycle = None;
        // Iterative depth-first search: 0 = new, 1 = on the stack, 2 = done.
        let mut state = vec![0u8; n];
        let mut postorder = Vec::with_capacity(n);
        let start = match q.start {
            Target::Question(s) => Some(s),
            Target::Outcome(o) => {
                outcome_reached[o.0] = true;
                None
            }
        };
        if let Some(s) = start {
            let mut stack: Vec<(QuestionIndex, usize)> = vec![(s, 0)];
            state[s.0] = 1;
            question_reached[s.0] = true;
            while let Some((node, next_edge)) = stack.last_mut() {
                let node = *node;
                if let Some(edge) = edges[node.0].get(*next_edge) {
                    let edge_number = *next_edge;
                    *next_edge += 1;
                    match edge.target {
                        Target::Outcome(o) => outcome_reached[o.0] = true,
                        Target::Question(t) => match state[t.0] {
                            0 => {
                                state[t.0] = 1;
                                question_reached[t.0] = true;
                                stack.push((t, 0));
                            }
                            1 if cycle.is_none() => cycle = Some((node, edge_number)),
                            _ => {}
                        },
                    }
                } else {
                    state[node.0] = 2;
                    postorder.push(node);
                    stack.pop();
                }
            }
        }
        postorder.reverse();
        let order = postorder;
        let mut graph = Graph {
            order,
            question_reached,
            outcome_reached,
            cycle,
            dom_enter: vec![0; n],
            dom_exit: vec![0; n],
        };
        if graph.cycle.is_none() {
            graph.compute_dominators(edges);
        }
        graph
    }

    /// Immediate dominators by the Cooper-Harvey-Kennedy method; on a DAG in topological
    /// order one pass is enough. Then numbers the dominator tree for interval queries.
    pub(super) fn compute_dominators(&mut self, edges: &[Vec<Edge>]) {
        let n = self.question_reached.len();
        let Some(&start) = self.order.first() else {
            return;
        };
        let mut rank = vec![usize::MAX; n];
        for (r, q) in self.order.iter().enumerate() {
            rank[q.0] = r;
        }
        let mut idom: Vec<Option<usize>> = vec![None; n];
        idom[start.0] = Some(start.0);
        for &node in &self.order {
            if idom[node.0].is_none() {
                continue;
            }
            for edge in &edges[node.0] {
                if let Target::Question(t) = edge.target {
                    let t = t.0;
                    idom[t] = Some(match idom[t] {
                        None => node.0,
                        Some(other) => intersect(&idom, &rank, node.0, other),
                    });
                }
            }
        }
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        for &node in &self.order[1..] {
            if let Some(parent) = idom[node.0] {
                children[parent].push(node.0);
            }
        }
        let mut clock = 0;
        let mut stack = vec![(start.0, 0usize)];
        self.dom_enter[start.0] = clock;
        while let Some((node, child)) = stack.last_mut() {
            let node = *node;
            if let Some(&next) = children[node].get(*child) {
                *child += 1;
                clock += 1;
                self.dom_enter[next] = clock;
                stack.push((next, 0));
            } else {
                clock += 1;
                self.dom_exit[node] = clock;
                stack.pop();
            }
        }
    }

    /// Is every path from the start to `b` through `a`?
    pub(super) fn dominates(&self, a: QuestionIndex, b: QuestionIndex) -> bool {
        self.question_reached[a.0]
            && self.question_reached[b.0]
            && self.dom_enter[a.0] <= self.dom_enter[b.0]
            && self.dom_exit[b.0] <= self.dom_exit[a.0]
    }

    /// Routes from the start to an outcome, counting each rule and default as its own edge.
    pub(super) fn path_count(&self, q: &Questionnaire) -> u128 {
        let mut paths = vec![0u128; q.questions.len()];
        for node in self.order.iter().rev() {
            let question = q.question(*node);
            paths[node.0] = question
                .targets()
                .map(|t| match t {
                    Target::Outcome(_) => 1,
                    Target::Question(next) => paths[next.0],
                })
                .fold(0u128, u128::saturating_add);
        }
        match q.start {
            Target::Outcome(_) => 1,
            Target::Question(s) => paths[s.0],
        }
    }
}

impl Graph {
    /// The longest run of questions from each question to an outcome, that question included.
    pub(super) fn max_remaining(&self, q: &Questionnaire) -> Vec<usize> {
        let mut remaining = vec![0usize; q.questions.len()];
        for node in self.order.iter().rev() {
            let longest = q
                .question(*node)
                .targets()
                .map(|t| match t {
                    Target::Outcome(_) => 0,
                    Target::Question(next) => remaining[next.0],
                })
                .max()
                .unwrap_or(0);
            remaining[node.0] = longest + 1;
        }
        remaining
    }
}

fn intersect(idom: &[Option<usize>], rank: &[usize], mut a: usize, mut b: usize) -> usize {
    while a != b {
        while rank[a] > rank[b] {
            a = idom[a].unwrap_or(a);
        }
        while rank[b] > rank[a] {
            b = idom[b].unwrap_or(b);
        }
    }
    a
}
