//! The validated questionnaire: the only form of `questions.toml` the engine sees.
//!
//! Built by [`crate::content::validate`] from the raw TOML; every id here has been resolved to an index,
//! so nothing downstream re-checks references or unwraps.

use std::fmt;

/// Position of a question in [`Questionnaire::questions`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QuestionIndex(pub usize);

/// Position of an outcome in [`Questionnaire::outcomes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OutcomeIndex(pub usize);

/// Position of an option in [`Question::options`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OptionIndex(pub usize);

/// Where a rule, a default or the start leads: another question or a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Question(QuestionIndex),
    Outcome(OutcomeIndex),
}

/// How soon a person should get help. Ordered from least to most urgent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Urgency {
    SelfCare,
    Soon,
    Emergency,
}

impl Urgency {
    /// The id used in `questions.toml` and in exports.
    pub fn id(self) -> &'static str {
        match self {
            Urgency::SelfCare => "self-care",
            Urgency::Soon => "soon",
            Urgency::Emergency => "emergency",
        }
    }

    /// Parses the id used in `questions.toml`.
    pub fn from_id(id: &str) -> Option<Urgency> {
        match id {
            "self-care" => Some(Urgency::SelfCare),
            "soon" => Some(Urgency::Soon),
            "emergency" => Some(Urgency::Emergency),
            _ => None,
        }
    }

    /// The words shown beside the colour, so urgency never depends on colour alone.
    pub fn label(self) -> &'static str {
        match self {
            Urgency::SelfCare => "Self-care: look after it at home, review if not better",
            Urgency::Soon => "Soon: see a doctor or physiotherapist within a day or two",
            Urgency::Emergency => "Emergency: get help now",
        }
    }
}

impl fmt::Display for Urgency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// The kind of answer a question takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionKind {
    /// Exactly one option.
    Single,
    /// One or more options; an exclusive option ("none of these") stands alone.
    Multiple,
    /// Two options, `yes` and `no`.
    YesNo,
    /// A whole number from [`SCALE_MIN`] to [`SCALE_MAX`].
    Scale,
}

impl QuestionKind {
    /// The id used in `questions.toml`.
    pub fn id(self) -> &'static str {
        match self {
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
            QuestionKind::YesNo => "yes-no",
            QuestionKind::Scale => "scale",
        }
    }
}

/// Lowest value of a scale question.
pub const SCALE_MIN: u8 = 0;
/// Highest value of a scale question.
pub const SCALE_MAX: u8 = 10;

/// Title, version and the texts shown around the questions.
#[derive(Debug, Clone)]
pub struct Meta {
    /// Stable id, used to build the canonical URL of exports.
    pub id: String,
    pub title: String,
    pub version: String,
    /// BCP 47 language tag, such as `en`.
    pub language: String,
    /// What painpath does and does not do, shown on the welcome screen.
    pub intro: String,
    /// "This is not a diagnosis" and the like, shown on every result.
    pub disclaimer: String,
}

/// An article that outcomes cite.
#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub date: Option<String>,
}

/// One answer a person can pick.
#[derive(Debug, Clone)]
pub struct ChoiceOption {
    pub id: String,
    pub label: String,
    /// In a multiple-choice question, this option cannot be combined with others.
    pub exclusive: bool,
    /// A warning sign of the first group: every path through it ends at an emergency.
    pub emergency: bool,
    /// A warning sign of the second group: raises the urgency of whatever result is reached.
    pub raises: Option<Urgency>,
}

/// One test inside a rule; a rule matches when all its conditions hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// At least one of the options was picked.
    AnyOf(QuestionIndex, Vec<OptionIndex>),
    /// Every one of the options was picked.
    AllOf(QuestionIndex, Vec<OptionIndex>),
    /// None of the options was picked.
    NoneOf(QuestionIndex, Vec<OptionIndex>),
    /// The scale answer lies in `min..=max`.
    Scale {
        question: QuestionIndex,
        min: u8,
        max: u8,
    },
}

impl Condition {
    /// The question whose answer this condition reads.
    pub fn question(&self) -> QuestionIndex {
        match self {
            Condition::AnyOf(q, _) | Condition::AllOf(q, _) | Condition::NoneOf(q, _) => *q,
            Condition::Scale { question, .. } => *question,
        }
    }
}

/// "If these conditions hold, go there." Rules are tried in order; the first match wins.
#[derive(Debug, Clone)]
pub struct Rule {
    pub conditions: Vec<Condition>,
    pub target: Target,
}

/// One screen of the questionnaire.
#[derive(Debug, Clone)]
pub struct Question {
    pub id: String,
    pub kind: QuestionKind,
    pub prompt: String,
    /// A few words naming the question in the review list and the "why".
    pub short: String,
    pub help: Option<String>,
    /// The options; for yes/no always `yes` then `no`; empty for a scale.
    pub options: Vec<ChoiceOption>,
    /// Labels for the two ends of a scale, such as "no pain" and "worst imaginable".
    pub scale_labels: Option<(String, String)>,
    pub rules: Vec<Rule>,
    /// Where to go when no rule matches; `None` only when the rules cover every answer.
    pub default: Option<Target>,
}

impl Question {
    /// The option with this id, if any.
    pub fn option_index(&self, id: &str) -> Option<OptionIndex> {
        self.options
            .iter()
            .position(|o| o.id == id)
            .map(OptionIndex)
    }

    /// Every place this question can lead, rules first, then the default.
    pub fn targets(&self) -> impl Iterator<Item = Target> + '_ {
        self.rules.iter().map(|r| r.target).chain(self.default)
    }
}

/// A result screen: what the pattern suggests and what to do.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub id: String,
    pub title: String,
    pub urgency: Urgency,
    /// What the pattern of answers suggests, in plain words.
    pub explanation: String,
    /// What you can do now.
    pub advice: Vec<String>,
    /// What to avoid.
    pub avoid: Vec<String>,
    /// When to seek help, and how urgently.
    pub seek_help: String,
    /// Indices into [`Questionnaire::sources`].
    pub sources: Vec<usize>,
}

/// A validated questionnaire: ids resolved, the tree checked for cycles, dead ends, unreachable
/// nodes and the safety invariant.
#[derive(Debug, Clone)]
pub struct Questionnaire {
    pub meta: Meta,
    pub sources: Vec<Source>,
    pub questions: Vec<Question>,
    pub outcomes: Vec<Outcome>,
    pub start: Target,
    /// How many distinct routes (rule by rule) lead from the start to an outcome.
    pub path_count: u128,
    /// `max_remaining[q]`: the most questions a person can still meet from q on, q included.
    pub max_remaining: Vec<usize>,
}

impl Questionnaire {
    pub fn question(&self, index: QuestionIndex) -> &Question {
        &self.questions[index.0]
    }

    pub fn outcome(&self, index: OutcomeIndex) -> &Outcome {
        &self.outcomes[index.0]
    }

    pub fn question_by_id(&self, id: &str) -> Option<QuestionIndex> {
        self.questions
            .iter()
            .position(|q| q.id == id)
            .map(QuestionIndex)
    }

    pub fn outcome_by_id(&self, id: &str) -> Option<OutcomeIndex> {
        self.outcomes
            .iter()
            .position(|o| o.id == id)
            .map(OutcomeIndex)
    }
}
