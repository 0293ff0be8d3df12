//! A finished walk as a FHIR R4 `QuestionnaireResponse`: the questions on the person's route
//! with their answers, and the result the walk reached (its rung and painpath's
//! [`RESULT_EXTENSION`]: the outcome and the texts shown).

use serde::Serialize;
use time::{OffsetDateTime, UtcOffset};

use crate::content::model::{QuestionKind, Questionnaire};
use crate::engine::session::{Answer, Assessment};

use super::{
    Coding, Extension, RESULT_EXTENSION, RungExtension, Value, option_system, outcome_system,
    rung_extension, versioned_canonical,
};

/// A FHIR R4 `QuestionnaireResponse`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseResource {
    pub resource_type: &'static str,
    pub language: String,
    /// `url|version` of the questionnaire answered.
    pub questionnaire: String,
    pub status: &'static str,
    /// When the answers were finished, in UTC (`2026-11-21T19:48:05Z`).
    pub authored: String,
    /// The final disposition's rung, as a [`DISPOSITION_EXTENSION`], and the outcome and
    /// texts shown, as a [`RESULT_EXTENSION`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<RungExtension>,
    pub item: Vec<ResponseItem>,
}

/// One answered question of a [`ResponseResource`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseItem {
    pub link_id: String,
    pub text: String,
    pub answer: Vec<Value>,
}

/// A finished session as a FHIR R4 `QuestionnaireResponse`: one item per question on the
/// person's route, in the order answered; questions off the route are absent.
pub fn questionnaire_response(
    questionnaire: &Questionnaire,
    assessment: &Assessment<'_>,
    authored: OffsetDateTime,
) -> ResponseResource {
    let meta = &questionnaire.meta;
    let item = assessment
        .answers
        .iter()
        .map(|answered| {
            let question = questionnaire.question(answered.question);
            let answer = match &answered.answer {
                Answer::Scale(v) => vec![Value::Integer(i64::from(*v))],
                Answer::Choices(picked) => picked
                    .iter()
                    .filter_map(|o| question.options.get(o.0))
                    .map(|option| match question.kind {
                        QuestionKind::YesNo => Value::Boolean(option.id == "yes"),
                        _ => Value::Coding(Coding {
                            system: option_system(meta, question),
                            code: option.id.clone(),
                            display: option.label.clone(),
                            display_translations: None,
                        }),
                    })
                    .collect(),
            };
            ResponseItem {
                link_id: question.id.clone(),
                text: question.prompt.clone(),
                answer,
            }
        })
        .collect();
    ResponseResource {
        resource_type: "QuestionnaireResponse",
        language: meta.language.clone(),
        questionnaire: versioned_canonical(meta),
        status: "completed",
        authored: fhir_date_time(authored),
        // The disposition is one of this questionnaire's rungs, so it is always found.
        extension: questionnaire
            .disposition_by_id(&assessment.disposition.id)
            .map(|index| rung_extension(questionnaire, index, &[]))
            .into_iter()
            .chain([result_extension(questionnaire, assessment)])
            .collect(),
        item,
    }
}

/// The outcome reached and the texts shown, as a [`RESULT_EXTENSION`].
fn result_extension(questionnaire: &Questionnaire, assessment: &Assessment<'_>) -> RungExtension {
    let outcome = Extension {
        url: "outcome",
        value: Value::Coding(Coding {
            system: outcome_system(&questionnaire.meta),
            code: assessment.outcome.id.clone(),
            display: assessment.outcome.title.clone(),
            display_translations: None,
        }),
    };
    let shown = assessment
        .shown
        .names(assessment.outcome, assessment.disposition)
        .into_iter()
        .map(|name| Extension {
            url: "shown",
            value: Value::String(name),
        });
    RungExtension {
        url: RESULT_EXTENSION,
        extension: [outcome].into_iter().chain(shown).collect(),
    }
}

/// A FHIR `dateTime` in UTC to the second: `2026-11-21T19:48:05Z`.
pub fn fhir_date_time(at: OffsetDateTime) -> String {
    let at = at.to_offset(UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::session::Session;
    use crate::testing::small;
    use serde_json::json;
    use time::macros::datetime;

    #[test]
    fn response_carries_the_outcome_reached_and_the_texts_shown() {
        let q = small();
        let mut s = Session::new(&q);
        s.answer(Answer::many([1])).unwrap(); // fever: raises to soon
        s.answer(Answer::one(2)).unwrap(); // knee
        let a = s.assessment().unwrap();
        let json = serde_json::to_value(questionnaire_response(
            &q,
            &a,
            datetime!(2026-01-01 00:00:00 UTC),
        ))
        .unwrap();
        let result = json["extension"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["url"] == RESULT_EXTENSION)
            .unwrap();
        assert_eq!(result["extension"][0]["url"], "outcome");
        assert_eq!(result["extension"][0]["valueCoding"]["code"], "knee_result");
        let shown: Vec<&str> = result["extension"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["url"] == "shown")
            .map(|p| p["valueString"].as_str().unwrap())
            .collect();
        assert_eq!(shown, a.shown.names(a.outcome, a.disposition));
        assert!(!shown.is_empty());
    }

    #[test]
    fn response_holds_only_the_questions_on_the_route_with_typed_answers() {
        let q = small();
        let mut s = Session::new(&q);
        s.answer(Answer::many([1])).unwrap(); // fever
        s.answer(Answer::one(0)).unwrap(); // low back
        s.answer(Answer::one(1)).unwrap(); // groin: no
        s.answer(Answer::Scale(9)).unwrap();
        let a = s.assessment().unwrap();
        let at = datetime!(2026-11-21 20:48:05 +01:00);
        let json = serde_json::to_value(questionnaire_response(&q, &a, at)).unwrap();
        assert_eq!(json["resourceType"], "QuestionnaireResponse");
        assert_eq!(
            json["questionnaire"],
            "https://painpath.example/fhir/Questionnaire/small|1.0.0"
        );
        assert_eq!(json["status"], "completed");
        assert_eq!(json["authored"], "2026-11-21T19:48:05Z");
        let items = json["item"].as_array().unwrap();
        let ids: Vec<&str> = items
            .iter()
            .map(|i| i["linkId"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["flags", "where", "groin", "severity"]);
        assert_eq!(items[0]["answer"][0]["valueCoding"]["code"], "fever");
        assert_eq!(items[1]["answer"][0]["valueCoding"]["display"], "Low back");
        assert_eq!(items[2]["answer"], json!([{ "valueBoolean": false }]));
        assert_eq!(items[3]["answer"], json!([{ "valueInteger": 9 }]));
    }

    #[test]
    fn questions_off_the_route_are_absent() {
        let q = small();
        let mut s = Session::new(&q);
        s.answer(Answer::many([0])).unwrap(); // saddle numbness: straight to emergency
        let a = s.assessment().unwrap();
        let r = questionnaire_response(&q, &a, datetime!(2026-01-01 00:00:00 UTC));
        assert_eq!(r.item.len(), 1);
        assert_eq!(r.item[0].link_id, "flags");
    }

    #[test]
    fn revisited_answers_replace_earlier_ones_in_the_response() {
        let q = small();
        let mut s = Session::new(&q);
        s.answer(Answer::many([2])).unwrap();
        s.answer(Answer::one(0)).unwrap(); // back
        s.revisit(q.question_by_id("where").unwrap());
        s.answer(Answer::one(2)).unwrap(); // knee: ends here
        let a = s.assessment().unwrap();
        let r = questionnaire_response(&q, &a, datetime!(2026-01-01 00:00:00 UTC));
        let ids: Vec<&str> = r.item.iter().map(|i| i.link_id.as_str()).collect();
        assert_eq!(ids, ["flags", "where"]);
        assert_eq!(
            r.item[1].answer,
            vec![Value::Coding(Coding {
                system: "https://painpath.example/fhir/CodeSystem/small/where".into(),
                code: "knee".into(),
                display: "Knee".into(),
                display_translations: None,
            })]
        );
    }
}
