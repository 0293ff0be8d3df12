//! A route given by ids (`red_flags=none`, `where=hip,knee`, `how_bad=7`) replayed through the engine,
//! for `painpath export response`: sample responses for integrators and the FHIR checks.
//!
//! Each answer is checked by the engine as if typed; answers the route never reaches are an
//! error, so a mistyped id cannot pass unnoticed.

use anyhow::{Context, anyhow, bail};

use crate::content::model::{QuestionKind, Questionnaire, Target};
use crate::engine::session::{Answer, Session};

/// One `QUESTION=ANSWER` pair: option ids separated by commas, or a number for a scale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GivenAnswer {
    pub question: String,
    pub answer: String,
}

impl std::str::FromStr for GivenAnswer {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.split_once('=') {
            Some((question, answer)) if !question.trim().is_empty() => Ok(GivenAnswer {
                question: question.trim().to_string(),
                answer: answer.trim().to_string(),
            }),
            _ => Err(format!(
                "\"{text}\" is not QUESTION=ANSWER, such as where=hip or warning_signs=fever,injury"
            )),
        }
    }
}

/// Answers the questionnaire with `given` until a result is reached; returns the session.
pub fn replay<'q>(
    questionnaire: &'q Questionnaire,
    given: &[GivenAnswer],
) -> anyhow::Result<Session<'q>> {
    for (n, a) in given.iter().enumerate() {
        if questionnaire.question_by_id(&a.question).is_none() {
            bail!("there is no question \"{}\"", a.question);
        }
        if given[..n].iter().any(|b| b.question == a.question) {
            bail!("question \"{}\" is answered twice", a.question);
        }
    }
    let mut session = Session::new(questionnaire);
    let mut used = vec![false; given.len()];
    while let Target::Question(here) = session.current() {
        let question = questionnaire.question(here);
        let Some(position) = given.iter().position(|a| a.question == question.id) else {
            bail!(
                "the route reaches question \"{}\" (\"{}\") but no answer was given for it",
                question.id,
                question.prompt
            );
        };
        used[position] = true;
        let text = &given[position].answer;
        let answer = match question.kind {
            QuestionKind::Scale => Answer::Scale(text.parse::<u8>().map_err(|_| {
                anyhow!("\"{text}\" is not a score for question \"{}\"", question.id)
            })?),
            _ => {
                let mut picked = Vec::new();
                for id in text.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    let Some(option) = question.option_index(id) else {
                        let ids: Vec<&str> =
                            question.options.iter().map(|o| o.id.as_str()).collect();
                        bail!(
                            "question \"{}\" has no option \"{id}\"; its options are: {}",
                            question.id,
                            ids.join(", ")
                        );
                    };
                    picked.push(option.0);
                }
                Answer::many(picked)
            }
        };
        session
            .answer(answer)
            .map_err(|err| anyhow!("{err}"))
            .with_context(|| format!("answering question \"{}\"", question.id))?;
    }
    let unused: Vec<&str> = given
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|(a, _)| a.question.as_str())
        .collect();
    if !unused.is_empty() {
        bail!(
            "the route ended before reaching: {} (their answers would not count)",
            unused.join(", ")
        );
    }
    Ok(session)
}

/// The same answers, given in another language: `finished` (a session of one translation of
/// a questionnaire) walked again through `other` (another translation of it, with the same
/// questions and options in the same order). The result is the same outcome and disposition,
/// worded in `other`'s language. An error only when `other` is not a translation of the same
/// questions.
pub fn in_other_language<'q>(
    other: &'q Questionnaire,
    finished: &crate::engine::session::Assessment<'_>,
) -> anyhow::Result<Session<'q>> {
    let mut session = Session::new(other);
    for answered in &finished.answers {
        match session.current() {
            Target::Question(here) if here == answered.question => {}
            _ => bail!("the other language's questions take another route"),
        }
        session
            .answer(answered.answer.clone())
            .map_err(|err| anyhow!("the other language's questions refuse an answer: {err}"))?;
    }
    match session.assessment() {
        Some(again) if again.outcome.id == finished.outcome.id => Ok(session),
        _ => bail!("the other language's questions reach another result"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::small;

    fn given(pairs: &[&str]) -> Vec<GivenAnswer> {
        pairs.iter().map(|p| p.parse().unwrap()).collect()
    }

    #[test]
    fn a_full_route_reaches_its_result() {
        let q = small();
        let s = replay(&q, &given(&["flags=fever", "where=hip", "groin=yes"])).unwrap();
        assert_eq!(s.assessment().unwrap().outcome.id, "hip_result");
        let s = replay(
            &q,
            &given(&["flags=none", "where=back", "groin=no", "severity=9"]),
        )
        .unwrap();
        assert_eq!(s.assessment().unwrap().outcome.id, "back_bad");
    }

    #[test]
    fn missing_unused_and_unknown_answers_are_errors() {
        let q = small();
        let err = replay(&q, &given(&["flags=none"])).unwrap_err();
        assert!(
            err.to_string().contains("no answer was given for it"),
            "{err}"
        );
        let err = replay(&q, &given(&["flags=saddle", "where=hip"])).unwrap_err();
        assert!(
            err.to_string().contains("ended before reaching: where"),
            "{err}"
        );
        let err = replay(&q, &given(&["flags=none", "where=elbow"])).unwrap_err();
        assert!(
            err.to_string().contains("its options are: back, hip, knee"),
            "{err}"
        );
        let err = replay(&q, &given(&["flags=none", "wher=hip"])).unwrap_err();
        assert!(err.to_string().contains("no question \"wher\""), "{err}");
    }

    #[test]
    fn the_engine_still_refuses_bad_answers() {
        let q = small();
        let err = replay(&q, &given(&["flags=fever,none"])).unwrap_err();
        assert!(format!("{err:#}").contains("cannot be combined"), "{err:#}");
        let err = replay(
            &q,
            &given(&["flags=none", "where=back", "groin=no", "severity=11"]),
        )
        .unwrap_err();
        assert!(format!("{err:#}").contains("not on the scale"), "{err:#}");
    }

    #[test]
    fn pairs_need_an_equals_sign() {
        assert!("where".parse::<GivenAnswer>().is_err());
        assert!("=hip".parse::<GivenAnswer>().is_err());
        assert_eq!(
            "flags=fever,none".parse::<GivenAnswer>().unwrap().answer,
            "fever,none"
        );
    }
}
