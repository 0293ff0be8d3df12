//! The validated questionnaire: the only form of `questions.toml` the engine sees.
//!
//! Built by [`crate::content::validate`] from the raw TOML; every id here has been resolved to an index,
//! so nothing downstream re-checks references or unwraps.

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

/// Position of a disposition in [`Questionnaire::dispositions`]; a lower index is more urgent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DispositionIndex(pub usize);

/// How urgent a disposition looks: its colour and its place in reception's list, derived
/// from its place on the ladder (the emergency rung; the more urgent half of the rest; the
/// calmer half). The words shown beside it are always the disposition's own heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Urgency {
    SelfCare,
    Soon,
    Emergency,
}

impl Urgency {
    /// The id used in exports and in the hand-off's front matter.
    pub fn id(self) -> &'static str {
        match self {
            Urgency::SelfCare => "self-care",
            Urgency::Soon => "soon",
            Urgency::Emergency => "emergency",
        }
    }

    /// Parses [`Urgency::id`].
    pub fn from_id(id: &str) -> Option<Urgency> {
        match id {
            "self-care" => Some(Urgency::SelfCare),
            "soon" => Some(Urgency::Soon),
            "emergency" => Some(Urgency::Emergency),
            _ => None,
        }
    }
}

impl std::fmt::Display for Urgency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// A disposition's place on the ladder: rung `place` of `of`, 1 the most urgent (the
/// emergency rung). Written `2/6`: in the hand-off's front matter, so that reception lists
/// entries by rung, whatever the ladder's length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rung {
    /// 1-based; lower is more urgent.
    pub place: usize,
    /// How many rungs the ladder has.
    pub of: usize,
}

impl Rung {
    /// The most rungs [`Rung::from_id`] accepts: far more than any ladder needs.
    pub const MAX: usize = 99;

    /// Parses [`Rung`]'s `place/of` form; `None` unless `1 <= place <= of <= MAX`.
    pub fn from_id(text: &str) -> Option<Rung> {
        let (place, of) = text.split_once('/')?;
        // Digits only (no sign), and few of them: a file's text never reaches `parse` whole.
        let number = |digits: &str| {
            let digits = digits.trim();
            let plain =
                (1..=2).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
            plain.then(|| digits.parse::<usize>().ok()).flatten()
        };
        let rung = Rung {
            place: number(place)?,
            of: number(of)?,
        };
        (rung.of <= Rung::MAX && (1..=rung.of).contains(&rung.place)).then_some(rung)
    }
}

impl std::fmt::Display for Rung {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.place, self.of)
    }
}

/// One rung of the ladder of who to see and how soon, defined once in the file, most urgent
/// first. A result's heading and its "when to get help" both come from its disposition, so
/// they cannot disagree.
#[derive(Debug, Clone)]
pub struct Disposition {
    pub id: String,
    /// Who to see and how soon, in a line: the result's heading.
    pub heading: String,
    /// The "when to get help" text: who, how soon, and what to tell them.
    pub when: Vec<Passage>,
    /// What should make the person get help sooner than this, whatever the pattern.
    pub safety_net: Vec<Passage>,
    /// What to do until the person is seen: shown first on a result of this rung, before
    /// the outcome's own text. Empty: nothing is shown.
    pub until_seen: Vec<Passage>,
    /// The heading of the advice section on a result of this rung ("Once a doctor has
    /// checked you, these may help"); `None`: the interface's own words.
    pub advice_heading: Option<String>,
    /// The emergency rung: the safety check requires every emergency answer to end here.
    pub emergency: bool,
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
    /// Who published it; `None` where the article names nobody (its title stands alone).
    pub publisher: Option<String>,
    pub date: Option<String>,
}

/// The longest help an option may have, in characters: about four lines of the help box on
/// an 80-column screen. An option's help says what its words mean, in a line or two.
pub const OPTION_HELP_MAX: usize = 240;

/// The bounds of what a hand-off to reception carries of the file, in one place: the loader
/// refuses anything longer, and the hand-off's front matter, written from these texts, is
/// held to [`FRONT_MATTER_MAX`] by them (`handoff/spool/delivery.rs` adds up the largest one
/// they allow). Far above what any real file needs.
///
/// The longest id (of a question, option, outcome, disposition, source or text) and the
/// longest `id`, `version` and `language` of `[meta]`, in characters.
pub const ID_MAX: usize = 64;
/// The longest outcome `title` or `short`, in characters.
pub const TITLE_MAX: usize = 1000;
/// The most texts an outcome may have in its lists together (`explanation`, `advice`,
/// `avoid`, `sooner_if`), and a disposition in its own (`when`, `safety_net`, `until_seen`):
/// a hand-off names every text shown.
pub const TEXTS_MAX: usize = 100;
/// How far into a hand-off's summary its front matter may reach, in bytes: reception's
/// inbox reads it up to its closing `---` line, which must come within this many bytes.
pub const FRONT_MATTER_MAX: usize = 64 * 1024;

/// One answer a person can pick.
#[derive(Debug, Clone)]
pub struct ChoiceOption {
    pub id: String,
    pub label: String,
    /// What the label's words mean ("the part you sit on"), shown with the question's help.
    pub help: Option<String>,
    /// In a multiple-choice question, this option cannot be combined with others.
    pub exclusive: bool,
    /// A warning sign of the first group: every path through it ends at an emergency.
    pub emergency: bool,
    /// Raises whatever result is reached to at least this disposition (a warning sign of the
    /// second group, or pain that has lasted).
    pub raises: Option<DispositionIndex>,
    /// Asked for the summary only: no rule or sign reads it, by design (the editor says so,
    /// so that an option left unrouted by mistake is warned about).
    pub summary_only: bool,
    /// Offered only when all of these hold on earlier answers; empty: always offered.
    pub only_when: Vec<Condition>,
    /// The area of the body map a tap ticks this option on, if any.
    pub body: Option<crate::content::body::BodyArea>,
}

/// One item of a result's text (an explanation paragraph; an advice, avoid or sooner-if
/// item) or of a disposition's text, and when it shows.
#[derive(Debug, Clone)]
pub struct Passage {
    /// Stable within its outcome or disposition: the id written in the file, else the list's
    /// name and the item's place in it (`advice.2`). Cases, translations and summaries name
    /// it as `owner.id`.
    pub id: String,
    pub text: String,
    /// Shown only when all of these hold; empty: always shown.
    pub only_when: Vec<Condition>,
    /// The warning signs this item speaks of, by id, and the rung the ladder places them
    /// at (checked by the loader: one level per sign).
    pub signs: Vec<(QuestionIndex, OptionIndex)>,
    pub level: Option<DispositionIndex>,
}

impl Passage {
    /// An item shown to everyone, with the id given.
    pub fn plain(id: impl Into<String>, text: impl Into<String>) -> Passage {
        Passage {
            id: id.into(),
            text: text.into(),
            only_when: Vec::new(),
            signs: Vec::new(),
            level: None,
        }
    }

    /// Whether it shows for everyone.
    pub fn is_conditional(&self) -> bool {
        !self.only_when.is_empty()
    }
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
    /// A warning-sign question (on the screen, or with an emergency answer): none of its
    /// options may be hidden by a condition.
    pub warning_signs: bool,
    /// Marked `screen = true`: asked on every route to a result that is not an emergency,
    /// of everyone `asked_of` names (the safety check proves it).
    pub screen: bool,
    /// For a question on the screen: whom it is for (all must hold; empty: everyone).
    pub asked_of: Vec<Condition>,
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

/// One answer pattern that makes an outcome fit: shown in the result's "why" when it holds,
/// and weighed for "also consider" on other results.
#[derive(Debug, Clone)]
pub struct Sign {
    /// The pattern in a patient's words, such as "Sitting makes it worse".
    pub text: String,
    /// All must hold.
    pub conditions: Vec<Condition>,
}

/// A result screen: what the pattern suggests and what to do.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub id: String,
    pub title: String,
    /// A few words for reception's inbox line, where the title is too long for it.
    pub short: Option<String>,
    /// Who to see and how soon for this pattern, before any raising answer.
    pub disposition: DispositionIndex,
    /// What the pattern of answers suggests, in plain words, paragraph by paragraph.
    pub explanation: Vec<Passage>,
    /// What you can do now.
    pub advice: Vec<Passage>,
    /// What to avoid.
    pub avoid: Vec<Passage>,
    /// This pattern's own "get help sooner if" items, added to the disposition's text.
    pub sooner_if: Vec<Passage>,
    /// The answer patterns that make this outcome fit.
    pub signs: Vec<Sign>,
    /// Indices into [`Questionnaire::sources`].
    pub sources: Vec<usize>,
}

impl Outcome {
    /// What reception's inbox lists: the short title, else the title.
    pub fn inbox_title(&self) -> &str {
        self.short.as_deref().unwrap_or(&self.title)
    }

    /// Every text item, with the name of the list it is in.
    pub fn passages(&self) -> impl Iterator<Item = (&'static str, &Passage)> {
        named("explanation", &self.explanation)
            .chain(named("advice", &self.advice))
            .chain(named("avoid", &self.avoid))
            .chain(named("sooner_if", &self.sooner_if))
    }

    /// The item with this id, if any.
    pub fn passage(&self, id: &str) -> Option<&Passage> {
        self.passages().map(|(_, p)| p).find(|p| p.id == id)
    }
}

/// The items of one list, each with the list's name.
fn named<'p>(
    name: &'static str,
    items: &'p [Passage],
) -> impl Iterator<Item = (&'static str, &'p Passage)> {
    items.iter().map(move |p| (name, p))
}

impl Disposition {
    /// Every text item, with the name of the list it is in.
    pub fn passages(&self) -> impl Iterator<Item = (&'static str, &Passage)> {
        named("until_seen", &self.until_seen)
            .chain(named("when", &self.when))
            .chain(named("safety_net", &self.safety_net))
    }

    /// The item with this id, if any.
    pub fn passage(&self, id: &str) -> Option<&Passage> {
        self.passages().map(|(_, p)| p).find(|p| p.id == id)
    }
}

/// A validated questionnaire: ids resolved, the tree checked for cycles, dead ends, unreachable
/// nodes and the safety invariant.
#[derive(Debug, Clone)]
pub struct Questionnaire {
    pub meta: Meta,
    pub sources: Vec<Source>,
    /// The ladder of who to see and how soon, most urgent first.
    pub dispositions: Vec<Disposition>,
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

    pub fn disposition(&self, index: DispositionIndex) -> &Disposition {
        &self.dispositions[index.0]
    }

    /// Is this outcome's own disposition the emergency rung?
    pub fn is_emergency(&self, outcome: OutcomeIndex) -> bool {
        self.disposition(self.outcome(outcome).disposition)
            .emergency
    }

    /// How urgent this disposition looks (see [`Urgency`]).
    pub fn urgency(&self, index: DispositionIndex) -> Urgency {
        if self.disposition(index).emergency {
            return Urgency::Emergency;
        }
        // Rungs 1..n below the emergency one: the more urgent half looks "soon".
        let below = self.dispositions.len().saturating_sub(1);
        if index.0 <= below.div_ceil(2) {
            Urgency::Soon
        } else {
            Urgency::SelfCare
        }
    }

    /// This disposition's place on the ladder (see [`Rung`]).
    pub fn rung(&self, index: DispositionIndex) -> Rung {
        Rung {
            place: index.0 + 1,
            of: self.dispositions.len(),
        }
    }

    /// The place on the ladder of `disposition`, found by its id (an
    /// [`crate::engine::session::Assessment`] may hold a translation's copy of the rung);
    /// `None` for a rung this file does not have.
    pub fn rung_of(&self, disposition: &Disposition) -> Option<Rung> {
        self.disposition_by_id(&disposition.id)
            .map(|i| self.rung(i))
    }

    pub fn disposition_by_id(&self, id: &str) -> Option<DispositionIndex> {
        self.dispositions
            .iter()
            .position(|d| d.id == id)
            .map(DispositionIndex)
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

/// What a translation says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranslationInfo {
    /// Its BCP 47 tag.
    pub language: String,
    /// The language's own name.
    pub name: String,
    /// Whether a clinician has reviewed it.
    pub reviewed: bool,
}
