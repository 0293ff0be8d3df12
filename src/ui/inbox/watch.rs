//! Notifications of changes in the spool folder (the `notify` crate: inotify on Linux), so the
//! inbox re-reads only the files that changed instead of the whole folder every half second.
//!
//! The watch is on the folder alone (not recursive). Events are boiled down on notify's own
//! thread to the names in the folder they may change (see `spool::affected_name`): events on
//! other files (notes, 20,000 of them or more) and opens (the inbox's own reads) are dropped
//! there. The app takes what came in at each tick.
//!
//! Notifications only report changes made through this computer's kernel: a folder shared
//! over the network (NFS, SMB/CIFS, sshfs) changed by the kiosk's computer stays silent. On
//! such a folder the inbox polls instead ([`network_file_system`]), as it does with
//! `painpath inbox --poll` and when the watch cannot start.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, TryRecvError};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::handoff::spool;

/// What a watch reported since it was last asked.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct News {
    /// Names in the folder to look at again, each once.
    pub names: Vec<String>,
    /// Events were lost (the kernel's queue overflowed) or the folder itself moved: read it
    /// whole.
    pub rescan: bool,
    /// The watch failed and reports nothing any more: why.
    pub lost: Option<String>,
}

enum Message {
    Names(Vec<String>),
    Rescan,
    Failed(String),
}

/// A running watch on one folder; dropping it stops the watch and its thread.
#[derive(Debug)]
pub struct Watcher {
    // Kept for its Drop: the watch lives as long as this.
    _watcher: RecommendedWatcher,
    news: Receiver<Message>,
}

impl Watcher {
    /// Starts watching `dir` (its own entries only). Fails when the system has no watches
    /// left (`fs.inotify.max_user_watches`, `max_user_instances`) or the folder is gone.
    pub fn start(dir: &Path) -> notify::Result<Watcher> {
        let dir = std::path::absolute(dir).map_err(notify::Error::io)?;
        let (sender, news) = mpsc::channel();
        let root = dir.clone();
        let mut watcher = notify::recommended_watcher(move |event: notify::Result<Event>| {
            if let Some(message) = boil_down(&root, event) {
                // The app is gone when this fails; nothing to tell.
                let _ = sender.send(message);
            }
        })?;
        watcher.watch(&dir, RecursiveMode::NonRecursive)?;
        Ok(Watcher {
            _watcher: watcher,
            news,
        })
    }

    /// Everything reported since the last call (never waits).
    pub fn take(&self) -> News {
        let mut news = News::default();
        loop {
            match self.news.try_recv() {
                Ok(Message::Names(names)) => {
                    for name in names {
                        if !news.names.contains(&name) {
                            news.names.push(name);
                        }
                    }
                }
                Ok(Message::Rescan) => news.rescan = true,
                Ok(Message::Failed(why)) => news.lost = Some(why),
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    news.lost
                        .get_or_insert_with(|| "the watch stopped".to_string());
                    break;
                }
            }
        }
        news
    }
}

/// One event, as the app needs it: which of the folder's names it may change.
fn boil_down(root: &PathBuf, event: notify::Result<Event>) -> Option<Message> {
    let event = match event {
        Ok(event) => event,
        Err(err) => return Some(Message::Failed(err.to_string())),
    };
    if event.need_rescan() {
        return Some(Message::Rescan);
    }
    match event.kind {
        // Opens and reads (the inbox's own among them) change nothing; a close after writing
        // may have.
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
        EventKind::Access(_) => return None,
        _ => {}
    }
    let mut names = Vec::new();
    for path in &event.paths {
        if path == root {
            // The folder itself was moved or removed.
            return Some(Message::Rescan);
        }
        if path.parent() != Some(root.as_path()) {
            continue;
        }
        if let Some(name) = path
            .file_name()
            .and_then(|name| name.to_str())
            .and_then(spool::affected_name)
        {
            names.push(name.to_string());
        }
    }
    (!names.is_empty()).then_some(Message::Names(names))
}

/// The kind of network file system `dir` is on, if it is on one whose changes made on another
/// computer send no notification here: NFS, SMB/CIFS, FUSE (sshfs and the like), 9P, Ceph or
/// AFS. `None` for a local folder, or where that cannot be told (not Linux).
pub fn network_file_system(dir: &Path) -> Option<&'static str> {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        let stat = rustix::fs::statfs(dir).ok()?;
        // The magic numbers of linux/magic.h; the field's type differs between architectures.
        #[allow(clippy::unnecessary_cast)]
        let magic = (stat.f_type as u64) & 0xFFFF_FFFF;
        match magic {
            0x6969 => Some("NFS"),
            0x517B | 0xFF53_4D42 | 0xFE53_4D42 => Some("SMB/CIFS"),
            0x6573_5546 => Some("FUSE"),
            0x0102_1997 => Some("9P"),
            0x00C3_6400 => Some("Ceph"),
            0x5346_414F | 0x6B41_4653 => Some("AFS"),
            _ => None,
        }
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        let _ = dir;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::time::{Duration, Instant};

    /// Waits (up to 10 s) until the watch has reported a name for which `wanted` holds.
    fn wait_for(watcher: &Watcher, wanted: impl Fn(&News) -> bool) -> News {
        let deadline = Instant::now() + Duration::from_secs(10);
        let mut seen = News::default();
        loop {
            let news = watcher.take();
            seen.names.extend(news.names);
            seen.rescan |= news.rescan;
            seen.lost = seen.lost.or(news.lost);
            if wanted(&seen) {
                return seen;
            }
            assert!(Instant::now() < deadline, "not reported: {seen:?}");
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    #[test]
    fn names_like_hand_offs_are_reported_and_other_files_are_not() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("AAAA.json"), "{}").unwrap();
        let watcher = Watcher::start(dir.path()).unwrap();
        fs::write(dir.path().join("notes.txt"), "x").unwrap();
        fs::write(dir.path().join(".K9F3.md.42.0.tmp"), "x").unwrap();
        fs::write(dir.path().join("K9F3.json"), "{}").unwrap();
        // Reading a file (an open, a read) reports nothing.
        let _ = fs::read(dir.path().join("AAAA.json")).unwrap();
        // Events come in order: once the last file written is reported, all before it were.
        fs::write(dir.path().join("CCCC.json"), "{}").unwrap();
        let news = wait_for(&watcher, |n| n.names.iter().any(|n| n == "CCCC.json"));
        assert!(news.names.iter().any(|n| n == "K9F3.json"), "{news:?}");
        assert!(
            news.names
                .iter()
                .all(|n| ["K9F3.md", "K9F3.json", "CCCC.json"].contains(&n.as_str())),
            "{news:?}"
        );
        assert_eq!(news.lost, None);
    }

    #[test]
    fn a_local_folder_is_not_a_network_one() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(network_file_system(dir.path()), None);
    }
}
