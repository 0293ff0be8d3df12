//! Sending: a finished session written into the spool folder as a hand-off (its response, then
//! its summary with the front matter the inbox reads), under a code no other hand-off has.
//! Reading hand-offs back is `summary.rs`'s.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use time::OffsetDateTime;

use super::code::random_code;
use super::{DONE_FOLDER, FRONT_MATTER_LIMIT};
use crate::content::model::{ID_MAX, Questionnaire, TEXTS_MAX, TITLE_MAX};
use crate::engine::session::Assessment;
use crate::handoff::new_file::{self, Existing};
use crate::output::fhir;
use crate::output::report::{self, Reader};

/// Codes tried before giving up when every one drawn is taken.
const CODE_TRIES: usize = 50;

/// What a hand-off wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handoff {
    /// The code to give at the desk, such as `K7F3`.
    pub code: String,
    pub summary: PathBuf,
    pub response: PathBuf,
}

/// Writes a finished session into the spool folder and returns its code.
///
/// Both files are written atomically with mode 0600 and never overwrite anything; if the
/// second cannot be written the first is removed again, so the folder never holds half a
/// hand-off. The error says what went wrong (folder missing or unwritable, disk full).
pub fn send(
    dir: &Path,
    questionnaire: &Questionnaire,
    assessment: &Assessment<'_>,
    at: OffsetDateTime,
) -> anyhow::Result<Handoff> {
    send_for_reception(dir, questionnaire, assessment, questionnaire, at)
}

/// [`send`] for a session answered in one language (`questionnaire`, `assessment`) and read
/// at reception in another (`reception`, the same questions in the clinic's language): the
/// FHIR response is the patient's, in the words they read, with its `language`; the summary
/// is reception's copy, in the clinic's language, saying which language the patient used
/// (and the front matter's `language:` names it).
pub fn send_for_reception(
    dir: &Path,
    questionnaire: &Questionnaire,
    assessment: &Assessment<'_>,
    reception: &Questionnaire,
    at: OffsetDateTime,
) -> anyhow::Result<Handoff> {
    let parcel = pack(questionnaire, assessment, reception, at)?;
    deliver(dir, &parcel)
}

/// A hand-off's two files as text, before it has a code: the answers whole, and the summary
/// but for its first two lines (`---` and `code: `), which [`deliver`] puts on with the code
/// it draws. Made without touching a file, so that the kiosk can make it in its own process
/// and leave the writing, which may hang on a share, to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parcel {
    /// The FHIR QuestionnaireResponse, as `CODE.json` holds it.
    pub response: String,
    /// The summary from the front matter's second line (`authored: ...`) on.
    pub summary_after_code: String,
}

impl Parcel {
    /// The summary as `CODE.md` holds it.
    fn summary(&self, code: &str) -> String {
        format!("---\ncode: {code}\n{}", self.summary_after_code)
    }
}

/// The pure part of [`send_for_reception`]: the two files' contents, for any code.
pub fn pack(
    questionnaire: &Questionnaire,
    assessment: &Assessment<'_>,
    reception: &Questionnaire,
    at: OffsetDateTime,
) -> anyhow::Result<Parcel> {
    use crate::content::words;
    let answered_in = &questionnaire.meta.language;
    let translated =
        !crate::content::language::same_language(answered_in, &reception.meta.language);
    let again = if translated {
        Some(
            crate::engine::replay::in_other_language(reception, assessment)
                .context("writing reception's copy in the clinic's language")?,
        )
    } else {
        None
    };
    let copy = again
        .as_ref()
        .and_then(crate::engine::session::Session::assessment);
    let (copy_q, copy_a) = match &copy {
        Some(a) => (reception, a),
        None => (questionnaire, assessment),
    };
    let note = if translated {
        let name = words::language_name(answered_in);
        let line = words::fill(
            &words::of(reception).summary.answered_in,
            &[("language", name), ("tag", answered_in)],
        );
        format!("> {line}\n\n")
    } else {
        String::new()
    };
    let response = fhir::questionnaire_response(questionnaire, assessment, at);
    let response = serde_json::to_string_pretty(&response).context("encoding the answers")?;
    let summary_after_code = format!(
        "{}{note}{}",
        front_matter_after_code(copy_q, copy_a, answered_in, at),
        report::summary_for(copy_q, copy_a, at, Reader::Staff)
    );
    Ok(Parcel {
        response,
        summary_after_code,
    })
}

/// The file part of [`send_for_reception`]: draws a code no hand-off has and writes the
/// parcel's two files under it, the answers first. This is what may hang on a share.
pub fn deliver(dir: &Path, parcel: &Parcel) -> anyhow::Result<Handoff> {
    if !dir.is_dir() {
        bail!("the reception folder {} does not exist", dir.display());
    }
    for _ in 0..CODE_TRIES {
        let code = random_code()?;
        if taken(dir, &code) {
            continue;
        }
        let response_path = match new_file::write(
            dir,
            &format!("{code}.json"),
            parcel.response.as_bytes(),
            Existing::Fail,
        ) {
            Ok(path) => path,
            // Another kiosk took the code between the check and the write: draw again.
            Err(_) if taken(dir, &code) => continue,
            Err(err) => return Err(err.context("sending the answers to reception")),
        };
        match new_file::write(
            dir,
            &format!("{code}.md"),
            parcel.summary(&code).as_bytes(),
            Existing::Fail,
        ) {
            Ok(summary_path) => {
                return Ok(Handoff {
                    code,
                    summary: summary_path,
                    response: response_path,
                });
            }
            Err(err) => {
                let _ = fs::remove_file(&response_path);
                return Err(err.context("sending the answers to reception"));
            }
        }
    }
    bail!(
        "could not find a free code in {}; clear out old entries",
        dir.display()
    )
}

/// A code is taken while any file of it is in the folder or in `done/`.
pub(super) fn taken(dir: &Path, code: &str) -> bool {
    [dir.to_path_buf(), dir.join(DONE_FOLDER)].iter().any(|d| {
        ["md", "json"]
            .iter()
            .any(|ext| fs::symlink_metadata(d.join(format!("{code}.{ext}"))).is_ok())
    })
}

/// The largest front matter a summary opens with for a questionnaire the loader accepts,
/// in bytes, from the loader's bounds (`content::model`): each line's name and newline, the
/// ids (ASCII) at [`ID_MAX`], the titles and `[meta]`'s texts at four bytes a character, every
/// text of an outcome and of a disposition named in `shown`, the code, a time and a rung,
/// with room to spare. It must fit what the inbox reads ([`FRONT_MATTER_LIMIT`]), so that
/// what `check` accepts always reaches reception.
// Read by the compile-time check below, which the rust-version compiler (1.88) does not count
// as a use.
#[allow(dead_code)]
pub(super) const LONGEST_FRONT_MATTER: usize = {
    let lines = 16 * 16; // "---", "code: ", ... "language: ", their newlines, and spare
    let fixed = 4 + 40 + ID_MAX + 5; // code, authored, urgency, rung
    let ids = 2 * ID_MAX; // disposition, outcome
    let titles = 2 * 4 * TITLE_MAX; // title, short
    let shown = 2 * TEXTS_MAX * (ID_MAX + 1 + ID_MAX + 1); // owner.id and a space, each
    let meta = 3 * 4 * ID_MAX + 1; // questionnaire: id version, language
    lines + fixed + ids + titles + shown + meta
};
const _: () = assert!(LONGEST_FRONT_MATTER <= FRONT_MATTER_LIMIT);

/// The block at the top of a spooled summary that the inbox reads, from its third line on:
/// all but the `---` and the code, which [`Parcel::summary`] puts before it.
fn front_matter_after_code(
    questionnaire: &Questionnaire,
    assessment: &Assessment<'_>,
    answered_in: &str,
    at: OffsetDateTime,
) -> String {
    // The rung's place on the ladder (`2/6`), which orders reception's list; always found, as
    // the assessment's disposition is one of this questionnaire's rungs.
    let rung = questionnaire
        .rung_of(assessment.disposition)
        .map(|rung| format!("rung: {rung}\n"))
        .unwrap_or_default();
    format!(
        "authored: {}\nurgency: {}\ndisposition: {}\n{rung}outcome: {}\n\
         title: {}\nshort: {}\nshown: {}\nquestionnaire: {} {}\nlanguage: {}\n---\n\n",
        fhir::fhir_date_time(at),
        assessment.urgency.id(),
        assessment.disposition.id,
        assessment.outcome.id,
        // One line: the front matter is read line by line.
        assessment
            .outcome
            .title
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
        one_line(assessment.outcome.inbox_title()),
        // The texts the person was shown, by id: the summary holds exactly these.
        assessment
            .shown
            .names(assessment.outcome, assessment.disposition)
            .join(" "),
        // Which questions produced it, each on the one line.
        one_line(&questionnaire.meta.id),
        one_line(&questionnaire.meta.version),
        one_line(answered_in),
    )
}

/// Text folded onto one line, as the front matter is read line by line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::super::code::{CODE_ALPHABET, CODE_LENGTH};
    use super::super::{finished, read_entry};
    use super::*;
    use crate::engine::session::{Answer, Session};
    use crate::testing::small;
    use time::macros::datetime;

    /// `tests/fixtures/small.toml` with everything its knee result writes into a hand-off's
    /// front matter at the longest the loader allows: ids of [`ID_MAX`] characters, a title and
    /// a short title of [`TITLE_MAX`] characters of four bytes each, [`TEXTS_MAX`] texts in the
    /// outcome and in its disposition, each with an id of [`ID_MAX`]; `title_extra` more
    /// characters in the title.
    pub(crate) fn at_the_bounds(title_extra: usize) -> String {
        let id = |c: char| c.to_string().repeat(ID_MAX);
        let texts = |count: usize, text: &str| {
            (0..count)
                .map(|n| {
                    format!(
                        "{{ id = \"{n:0>width$}\", text = \"{text}\" }}",
                        width = ID_MAX
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        include_str!("../../../tests/fixtures/small.toml")
            .replace("id = \"small\"", &format!("id = \"{}\"", id('m')))
            .replace("version = \"1.0.0\"", &format!("version = \"{}\"", id('𝔳')))
            .replace("knee_result", &id('k'))
            .replace("self_care", &id('s'))
            .replace(
                "title = \"Knee\"",
                &format!(
                    "title = \"{}\"\nshort = \"{}\"",
                    "𝔎".repeat(TITLE_MAX + title_extra),
                    "𝔨".repeat(TITLE_MAX)
                ),
            )
            .replace(
                "advice = [\"Rest.\"]",
                &format!("advice = [{}]", texts(TEXTS_MAX - 2, "Rest.")),
            )
            .replace(
                "when = \"Weeks.\"",
                &format!("when = [{}]", texts(TEXTS_MAX - 1, "Weeks.")),
            )
    }

    #[test]
    fn the_longest_hand_off_the_loader_allows_is_listed_whole_by_the_inbox() {
        let text = at_the_bounds(0);
        let q = crate::content::validate::load("bounds.toml", &text).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let s = finished(&q, 2);
        let a = s.assessment().unwrap();
        assert_eq!(a.outcome.id, "k".repeat(ID_MAX));
        let sent = send(dir.path(), &q, &a, datetime!(2026-11-21 19:48:05 UTC)).unwrap();
        let md = fs::read_to_string(&sent.summary).unwrap();
        let (block, _) = super::super::split_front_matter(md.as_bytes(), true).unwrap();
        let entry = read_entry(&sent.summary).expect("the inbox lists it");
        assert_eq!(entry.title, "𝔎".repeat(TITLE_MAX), "whole, not cut");
        assert_eq!(entry.short, "𝔨".repeat(TITLE_MAX));
        assert_eq!(entry.outcome, "k".repeat(ID_MAX));
        assert_eq!(entry.disposition, Some("s".repeat(ID_MAX)));
        let shown = md.lines().find(|l| l.starts_with("shown: ")).unwrap();
        assert_eq!(shown.split(' ').count(), 1 + 2 * TEXTS_MAX, "{shown}");
        assert!(block.len() <= LONGEST_FRONT_MATTER, "{}", block.len());
        // The inbox's own list, as it reads the folder.
        let listed = super::super::list(dir.path()).unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].code, sent.code);
    }

    #[test]
    fn a_session_in_spanish_reaches_reception_in_english_saying_so() {
        let en = crate::testing::small();
        let (es, _) = crate::content::translate::translate(
            &en,
            "small.es.toml",
            include_str!("../../../tests/fixtures/small.es.toml"),
        )
        .unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut s = Session::new(&es);
        s.answer(Answer::many([2])).unwrap();
        s.answer(Answer::one(2)).unwrap();
        let a = s.assessment().unwrap();
        let at = datetime!(2026-11-21 19:48:05 UTC);
        let sent = send_for_reception(dir.path(), &es, &a, &en, at).unwrap();
        let md = fs::read_to_string(&sent.summary).unwrap();
        // Reception's copy: English words, the patient's language named.
        assert!(md.contains("\nlanguage: es\n---\n"), "{md}");
        assert!(md.contains("\ntitle: Knee\n"), "{md}");
        assert!(md.contains("## Result: Knee"), "{md}");
        assert!(
            md.contains(
                "> The patient answered in Español (es); this is reception's copy in English."
            ),
            "{md}"
        );
        assert!(!md.contains("Rodilla"), "{md}");
        // The response is what the patient read.
        let json: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&sent.response).unwrap()).unwrap();
        assert_eq!(json["language"], "es");
        assert_eq!(
            json["item"][1]["answer"][0]["valueCoding"]["display"],
            "Rodilla"
        );
        assert_eq!(read_entry(&sent.summary).unwrap().outcome, "knee_result");
    }

    /// A session that was moved up by an answer (fever), sent in `q`'s language.
    fn sent_raised(q: &Questionnaire) -> String {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Session::new(q);
        s.answer(Answer::many([1])).unwrap();
        s.answer(Answer::one(0)).unwrap();
        s.answer(Answer::one(1)).unwrap();
        s.answer(Answer::Scale(3)).unwrap();
        let a = s.assessment().unwrap();
        let sent = send(dir.path(), q, &a, datetime!(2026-11-21 19:48:05 UTC)).unwrap();
        fs::read_to_string(&sent.summary).unwrap()
    }

    #[test]
    fn reception_s_copy_speaks_of_the_patient_not_to_them() {
        let md = sent_raised(&small());
        for part in [
            "\n# Small test questionnaire: summary handed in by the patient\n",
            "\n## The patient's answers\n",
            "Moved up from \"Self-care\" because the patient said: Fever.",
        ] {
            assert!(md.contains(part), "{part:?} in {md}");
        }
        for part in ["your summary", "Your answers", "you said"] {
            assert!(!md.contains(part), "{part:?} in {md}");
        }
    }

    #[test]
    fn reception_s_copy_speaks_of_the_patient_in_spanish_too() {
        let (es, _) = crate::content::translate::translate(
            &small(),
            "small.es.toml",
            include_str!("../../../tests/fixtures/small.es.toml"),
        )
        .unwrap();
        let md = sent_raised(&es);
        for part in [
            ": resumen entregado por el paciente\n",
            "\n## Respuestas del paciente\n",
            "porque el paciente respondió:",
        ] {
            assert!(md.contains(part), "{part:?} in {md}");
        }
        for part in ["su resumen", "Sus respuestas", "nos dijo"] {
            assert!(!md.contains(part), "{part:?} in {md}");
        }
    }

    #[test]
    fn send_writes_both_files_named_by_a_readable_code() {
        let dir = tempfile::tempdir().unwrap();
        let q = small();
        let s = finished(&q, 2);
        let a = s.assessment().unwrap();
        let sent = send(dir.path(), &q, &a, datetime!(2026-11-21 19:48:05 UTC)).unwrap();
        assert_eq!(sent.code.len(), CODE_LENGTH);
        assert!(
            sent.code.bytes().all(|b| CODE_ALPHABET.contains(&b)),
            "{}",
            sent.code
        );
        let md = fs::read_to_string(&sent.summary).unwrap();
        assert!(md.starts_with(&format!(
            "---\ncode: {}\nauthored: 2026-11-21T19:48:05Z\n",
            sent.code
        )));
        assert!(md.contains("## Result: Knee"));
        // The hand-off says which questions produced it, and the final disposition.
        assert!(md.contains("\ndisposition: self_care\n"), "{md}");
        assert!(
            md.contains("\nquestionnaire: small 1.0.0\nlanguage: en\n---\n"),
            "{md}"
        );
        assert!(!md.contains("answered in"), "{md}");
        let entry = read_entry(&sent.summary).expect("reads back");
        assert_eq!(
            (entry.outcome.as_str(), entry.title.as_str()),
            ("knee_result", "Knee")
        );
        let json: serde_json::Value =
            serde_json::from_str(&fs::read_to_string(&sent.response).unwrap()).unwrap();
        assert_eq!(json["resourceType"], "QuestionnaireResponse");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&sent.summary).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn missing_or_unwritable_folder_is_a_clear_error_and_leaves_nothing() {
        let q = small();
        let s = finished(&q, 2);
        let a = s.assessment().unwrap();
        let err = send(
            Path::new("/nonexistent/spool"),
            &q,
            &a,
            datetime!(2026-11-21 10:00 UTC),
        )
        .unwrap_err();
        assert!(format!("{err:#}").contains("does not exist"), "{err:#}");
        let dir = tempfile::tempdir().unwrap();
        let locked = dir.path().join("locked");
        fs::create_dir(&locked).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&locked, fs::Permissions::from_mode(0o500)).unwrap();
            // Root ignores permissions; only check where they apply.
            if fs::write(locked.join("probe"), "x").is_err() {
                let err = send(&locked, &q, &a, datetime!(2026-11-21 10:00 UTC)).unwrap_err();
                assert!(format!("{err:#}").contains("sending the answers to reception"));
                assert_eq!(fs::read_dir(&locked).unwrap().count(), 0);
            }
        }
    }
}
