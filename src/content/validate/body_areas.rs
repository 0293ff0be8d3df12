//! The body map's areas named by options (`body = "low_back"`): each a name the map knows,
//! only on the options of a single or multiple choice, and no area named twice in one
//! question (a tap on it must tick one option).

use super::*;
use crate::content::body::BodyArea;

impl<'a> Builder<'a> {
    /// The area `raw` names, if it names a known one where an area may be named.
    pub(super) fn body_area(&mut self, raw: &RawOption, kind: QuestionKind) -> Option<BodyArea> {
        let name = raw.body.as_ref()?;
        if !matches!(kind, QuestionKind::Single | QuestionKind::Multiple) {
            self.error(
                name.span(),
                "`body` only means something on the options of a single or multiple choice",
                Some("remove `body = ...`".into()),
            );
            return None;
        }
        let area = BodyArea::from_name(name.get_ref());
        if area.is_none() {
            let known = BodyArea::ALL.map(BodyArea::name);
            let hint = match nearest(name.get_ref(), known) {
                Some(near) => format!("did you mean \"{near}\"?"),
                None => format!("the body map has these areas: {}", known.join(", ")),
            };
            self.error(
                name.span(),
                format!("\"{}\" is no area of the body map", name.get_ref()),
                Some(hint),
            );
        }
        area
    }

    /// Refuses an area named by two options of one question.
    pub(super) fn check_body_areas_once(&mut self, raw: &RawQuestion, options: &[ChoiceOption]) {
        for (i, option) in options.iter().enumerate() {
            let Some(area) = option.body else {
                continue;
            };
            let Some(first) = options[..i].iter().position(|o| o.body == Some(area)) else {
                continue;
            };
            let span = raw.options[i]
                .body
                .as_ref()
                .map_or_else(|| raw.options[i].id.span(), |b| b.span());
            self.error(
                span,
                format!(
                    "option \"{}\" names the area \"{}\", which option \"{}\" names already",
                    option.id,
                    area.name(),
                    options[first].id
                ),
                Some("a tap on an area ticks one option: name each area once".into()),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::content::body::BodyArea;
    use crate::content::validate::load;

    const SMALL: &str = include_str!("../../../tests/fixtures/small.toml");

    fn messages(text: &str) -> Vec<String> {
        match load("small.toml", text) {
            Ok(_) => Vec::new(),
            Err(err) => err.problems.iter().map(|p| p.message.clone()).collect(),
        }
    }

    #[test]
    fn options_name_areas_the_map_knows() {
        let text = SMALL.replace(
            r#"{ id = "knee", label = "Knee" }"#,
            r#"{ id = "knee", label = "Knee", body = "knee" }"#,
        );
        let q = load("small.toml", &text).expect("loads");
        let areas: Vec<_> = q.questions[1].body_areas().map(|(_, a)| a).collect();
        assert_eq!(areas, [BodyArea::Knee]);
        assert_eq!(crate::testing::small().questions[1].body_areas().count(), 0);
    }

    #[test]
    fn an_area_on_a_yes_no_answer_is_refused() {
        let text = SMALL.replace(
            "prompt = \"Is there groin pain?\"",
            "prompt = \"Is there groin pain?\"\noptions = [\
             { id = \"yes\", label = \"Yes\", body = \"groin\" }, { id = \"no\", label = \"No\" }]",
        );
        assert_eq!(
            messages(&text),
            ["`body` only means something on the options of a single or multiple choice"]
        );
    }

    #[test]
    fn a_name_far_from_every_area_gets_the_list() {
        let text = SMALL.replace(
            r#"{ id = "knee", label = "Knee" }"#,
            r#"{ id = "knee", label = "Knee", body = "elbow" }"#,
        );
        let Err(err) = load("small.toml", &text) else {
            panic!("refused")
        };
        let hint = err.problems[0].hint.clone().unwrap_or_default();
        assert!(hint.contains("upper_back, low_back, buttock"), "{hint}");
    }
}
