//! Reception's list: each code's pair of files joined into an entry or into problems, the
//! order of the list (the most urgent first), and a one-off [`scan`] of the folder. What each
//! file was found to be is `folder.rs`'s.

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;

use super::folder::{Folder, Known, State};
use super::{DONE_FOLDER, Entry, Problem, Reason};

/// The entry and the problems of one code's pair (or of `done`), from what its files were
/// found to be. A transient problem ([`Reason::is_transient`]) is left out until it has stood
/// for `settle`; `pending` keeps since when.
pub(super) fn derive_group(
    files: &HashMap<String, Known>,
    pending: &mut HashMap<String, Instant>,
    settle: Duration,
    group: &str,
    now: Instant,
    entries: &mut Vec<Entry>,
    problems: &mut Vec<Problem>,
) {
    let mut found: Vec<(String, Reason)> = Vec::new();
    let mut names = Vec::new();
    if group == DONE_FOLDER {
        if let Some(State::Done(Err(reason))) = files.get(DONE_FOLDER).map(|k| &k.state) {
            found.push((DONE_FOLDER.to_string(), reason.clone()));
        }
    } else {
        let summary = format!("{group}.md");
        let response = format!("{group}.json");
        let state = |name: &str| files.get(name).map(|k| &k.state);
        match (state(&summary), state(&response)) {
            (Some(State::Summary(Ok(entry))), Some(State::Response(Ok(())))) => {
                entries.push(entry.clone());
            }
            (Some(State::Summary(Ok(_))), Some(State::Response(Err(reason)))) => {
                let other = response.clone();
                found.push((summary.clone(), Reason::PairUnusable { other }));
                found.push((response.clone(), reason.clone()));
            }
            (Some(State::Summary(Ok(_))), _) => {
                let missing = response.clone();
                found.push((summary.clone(), Reason::Incomplete { missing }));
            }
            (Some(State::Summary(Err(reason))), other) => {
                found.push((summary.clone(), reason.clone()));
                if let Some(State::Response(Err(reason))) = other {
                    found.push((response.clone(), reason.clone()));
                }
            }
            (None, Some(State::Response(Ok(())))) => {
                let missing = summary.clone();
                found.push((response.clone(), Reason::Incomplete { missing }));
            }
            (None, Some(State::Response(Err(reason)))) => {
                found.push((response.clone(), reason.clone()));
            }
            _ => {}
        }
        names = vec![summary, response];
    }
    for name in &names {
        if !found.iter().any(|(n, r)| n == name && r.is_transient()) {
            pending.remove(name);
        }
    }
    for (name, reason) in found {
        if reason.is_transient() && !settle.is_zero() {
            let since = *pending.entry(name.clone()).or_insert(now);
            if now < since + settle {
                continue;
            }
        }
        problems.push(Problem { name, reason });
    }
}

/// The most urgent first: by urgency (emergencies on top), then within it by the rung's place
/// on the ladder, then newest first; the code breaks ties. An older hand-off without a rung
/// comes first within its urgency, as it may be that urgency's most urgent rung.
pub(super) fn list_order(a: &Entry, b: &Entry) -> std::cmp::Ordering {
    b.urgency
        .cmp(&a.urgency)
        .then_with(|| a.rung.map(|r| r.place).cmp(&b.rung.map(|r| r.place)))
        .then_with(|| b.authored.cmp(&a.authored))
        .then_with(|| a.code.cmp(&b.code))
}

pub(super) fn sort_entries(entries: &mut [Entry]) {
    entries.sort_by(list_order);
}

/// What [`scan`] found in the folder.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scan {
    /// The hand-offs, in [`list`] order.
    pub entries: Vec<Entry>,
    /// Files named like a hand-off (`CODE.md`, `CODE.json`) or `done` that are not listed,
    /// each with the reason, by name. Anything else that is not a hand-off (notes, temporary
    /// files) is not looked at.
    pub problems: Vec<Problem>,
}

/// The entries waiting in the folder: the most urgent first (emergencies on top, then by the
/// rung on the ladder), newest first within a rung. Files that are not hand-offs are passed
/// over.
pub fn list(dir: &Path) -> anyhow::Result<Vec<Entry>> {
    Ok(scan(dir)?.entries)
}

/// [`list`], and the files named like hand-offs that are not listed, with the reasons (half a
/// pair included at once: a one-off look has no later look to wait for).
pub fn scan(dir: &Path) -> anyhow::Result<Scan> {
    let mut folder = Folder::new(dir).with_settle(Duration::ZERO);
    folder
        .rescan(Instant::now())
        .with_context(|| format!("reading {}", dir.display()))?;
    let (entries, problems) = folder.into_list();
    Ok(Scan { entries, problems })
}

#[cfg(test)]
mod tests {
    use super::super::delivery::taken;
    use super::super::{finished, mark_done, send};
    use super::*;
    use crate::content::model::Urgency;
    use crate::testing::small;
    use std::fs;
    use time::macros::datetime;

    #[test]
    fn list_puts_emergencies_first_then_newest_and_done_removes_them() {
        let dir = tempfile::tempdir().unwrap();
        let q = small();
        let knee = finished(&q, 2);
        let emergency = finished(&q, 0);
        let older = send(
            dir.path(),
            &q,
            &knee.assessment().unwrap(),
            datetime!(2026-11-21 09:00 UTC),
        )
        .unwrap();
        let urgent = send(
            dir.path(),
            &q,
            &emergency.assessment().unwrap(),
            datetime!(2026-11-21 08:00 UTC),
        )
        .unwrap();
        let newer = send(
            dir.path(),
            &q,
            &knee.assessment().unwrap(),
            datetime!(2026-11-21 10:00 UTC),
        )
        .unwrap();
        fs::write(dir.path().join("notes.md"), "not a hand-off").unwrap();
        // Front matter whose code is not the file's name, or not a code at all, is not listed:
        // marking it done would move other files.
        let copied = fs::read_to_string(&newer.summary).unwrap();
        fs::write(dir.path().join("copy.md"), &copied).unwrap();
        fs::write(
            dir.path().join("..%2F.md"),
            copied.replace(&format!("code: {}", newer.code), "code: ../x"),
        )
        .unwrap();
        let codes: Vec<String> = list(dir.path())
            .unwrap()
            .into_iter()
            .map(|e| e.code)
            .collect();
        assert_eq!(
            codes,
            [urgent.code.clone(), newer.code.clone(), older.code.clone()]
        );
        let entries = list(dir.path()).unwrap();
        assert_eq!(entries[0].urgency, Urgency::Emergency);
        mark_done(dir.path(), &entries[0]).unwrap();
        assert!(
            dir.path()
                .join(DONE_FOLDER)
                .join(format!("{}.md", urgent.code))
                .exists()
        );
        assert!(
            dir.path()
                .join(DONE_FOLDER)
                .join(format!("{}.json", urgent.code))
                .exists()
        );
        assert_eq!(list(dir.path()).unwrap().len(), 2);
        assert!(taken(dir.path(), &urgent.code), "a done code is not reused");
    }
}
