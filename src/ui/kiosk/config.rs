//! The config file (`--config PATH`): settings for a clinic's installation, such as the
//! `[kiosk]` table. Errors are located like those of the questions file.
//!
//! The file holds the staff PIN's hash, so [`read_config`] reads it only when no other user
//! can read or change it, as ssh does with its keys.

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, bail};
use serde::Deserialize;
use toml::Spanned;

use crate::content::diagnostic::{Diagnostics, LoadError};
use crate::safe_file::{self, Symlinks};
use crate::ui::kiosk::lockout::PinLockout;
use crate::ui::kiosk::pin::PinHash;

/// Kiosk mode settings, after defaults and checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KioskSettings {
    /// Time without input during the questions before the "are you still there?" warning.
    pub idle: Duration,
    /// How long the warning counts down before everything is wiped.
    pub warning: Duration,
    /// How long a result (or the closing screen) stays before the welcome returns.
    pub result: Duration,
    /// The key that starts the staff exit, such as F10.
    pub exit_key: ExitKey,
    /// The staff PIN; kiosk mode refuses to start without one.
    pub pin_hash: Option<PinHash>,
    /// The hand-off folder for reception (`spool = "DIR"`); `--spool` overrides it.
    pub spool: Option<PathBuf>,
    /// Where the PIN lockout is kept across restarts (`state_dir = "DIR"`); systemd's
    /// `STATE_DIRECTORY` when not set (see [`crate::ui::kiosk::lockout::state_dir`]).
    pub state_dir: Option<PathBuf>,
    /// The clinic's language (`language = "es"`): the kiosk's welcome starts in it and returns
    /// to it after each patient, and reception's copy of a hand-off is written in it. The
    /// questions' own language when not set.
    pub language: Option<String>,
    /// Not from the file: the PIN lockout as read from the state folder at start, and where
    /// the kiosk reports changes to it (set up by the binary; none by default).
    pub pin_lockout: PinLockout,
}

impl Default for KioskSettings {
    fn default() -> Self {
        KioskSettings {
            idle: Duration::from_secs(90),
            warning: Duration::from_secs(30),
            result: Duration::from_secs(120),
            exit_key: ExitKey::F(10),
            pin_hash: None,
            spool: None,
            state_dir: None,
            language: None,
            pin_lockout: PinLockout::default(),
        }
    }
}

/// WCAG 2.2.1 asks for at least 20 seconds to respond to a timeout warning.
pub const MIN_WARNING_SECONDS: u64 = 20;

/// The staff exit key: a function key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitKey {
    F(u8),
}

impl ExitKey {
    /// Parses `F1` to `F12`.
    pub fn parse(text: &str) -> Option<ExitKey> {
        let n: u8 = text.strip_prefix(['F', 'f'])?.parse().ok()?;
        (1..=12).contains(&n).then_some(ExitKey::F(n))
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    kiosk: RawKiosk,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKiosk {
    idle_seconds: Option<Spanned<u64>>,
    warning_seconds: Option<Spanned<u64>>,
    result_seconds: Option<Spanned<u64>>,
    exit_key: Option<Spanned<String>>,
    pin_hash: Option<Spanned<String>>,
    spool: Option<Spanned<String>>,
    state_dir: Option<Spanned<String>>,
    language: Option<Spanned<String>>,
}

/// Reads the `[kiosk]` table of a config file; missing keys keep their defaults.
pub fn kiosk_settings(file: &str, text: &str) -> Result<KioskSettings, LoadError> {
    let mut diagnostics = Diagnostics::new(file, text);
    let raw: RawConfig = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(err) => {
            diagnostics.error(err.span().unwrap_or(0..0), err.message().trim_end(), None);
            return Err(diagnostics
                .finish()
                .expect_err("an error was just recorded"));
        }
    };
    let mut settings = KioskSettings::default();
    let k = raw.kiosk;
    let mut seconds = |value: Option<Spanned<u64>>, min: u64, target: &mut Duration| {
        if let Some(v) = value {
            if *v.get_ref() < min {
                diagnostics.error(
                    v.span(),
                    format!("{} seconds is too short", v.get_ref()),
                    Some(format!("use at least {min}")),
                );
            } else {
                *target = Duration::from_secs(*v.get_ref());
            }
        }
    };
    seconds(k.idle_seconds, 10, &mut settings.idle);
    seconds(
        k.warning_seconds,
        MIN_WARNING_SECONDS,
        &mut settings.warning,
    );
    seconds(k.result_seconds, 10, &mut settings.result);
    if let Some(key) = k.exit_key {
        match ExitKey::parse(key.get_ref()) {
            Some(parsed) => settings.exit_key = parsed,
            None => diagnostics.error(
                key.span(),
                format!(
                    "\"{}\" is not a key painpath can use to exit",
                    key.get_ref()
                ),
                Some("use a function key from \"F1\" to \"F12\"".into()),
            ),
        }
    }
    if let Some(stored) = k.pin_hash {
        match PinHash::parse(stored.get_ref()) {
            Ok(hash) => settings.pin_hash = Some(hash),
            Err(why) => diagnostics.error(
                stored.span(),
                format!("pin_hash is not valid: {why}"),
                Some("run `painpath kiosk-pin` and paste the line it prints".into()),
            ),
        }
    }
    if let Some(spool) = k.spool {
        if spool.get_ref().trim().is_empty() {
            diagnostics.error(
                spool.span(),
                "spool is empty",
                Some(
                    "name the reception folder, such as \"/srv/painpath/spool\", or leave \
                      the key out"
                        .into(),
                ),
            );
        } else {
            settings.spool = Some(PathBuf::from(spool.get_ref()));
        }
    }
    if let Some(language) = k.language {
        let tag = language.get_ref();
        if crate::content::language::is_language_tag(tag) {
            settings.language = Some(tag.clone());
        } else {
            diagnostics.error(
                language.span(),
                "language is not a language tag",
                Some("write a tag such as \"en\" or \"es\"".into()),
            );
        }
    }
    if let Some(dir) = k.state_dir {
        if dir.get_ref().trim().is_empty() {
            diagnostics.error(
                dir.span(),
                "state_dir is empty",
                Some(
                    "name the folder for the PIN lockout, such as \"/var/lib/painpath\", or \
                      leave the key out"
                        .into(),
                ),
            );
        } else {
            settings.state_dir = Some(PathBuf::from(dir.get_ref()));
        }
    }
    diagnostics.finish()?;
    Ok(settings)
}

/// Permission bits the config may not have: any for other users, and writing for the group.
pub const FORBIDDEN_MODE: u32 = 0o027;

/// Reads the config file for kiosk mode, at most `limit` bytes, as bytes (for
/// [`crate::content::diagnostic::decode`]). It holds the staff PIN's hash, which with the PIN's
/// few digits can be searched offline, so it is refused (the message says which `chown` and
/// `chmod` to run) when it is a symlink, not a regular file, readable or writable by other
/// users, or writable by its group. The file is opened without following a symlink
/// ([`safe_file`]), and its mode is checked on the open file.
pub fn read_config(path: &Path, limit: u64) -> anyhow::Result<Vec<u8>> {
    let shown = path.display();
    let fix = format!(
        "chown root:painpath {shown} && chmod 0640 {shown} (painpath being the kiosk user's \
         group), or chmod 0600 {shown} when the kiosk runs as the file's owner"
    );
    let reading = || format!("reading the config {shown}");
    let config = match safe_file::open(path, Symlinks::Refuse) {
        Ok(config) => config,
        Err(safe_file::Error::Symlink) => bail!(
            "the config {shown} is a symlink; kiosk mode reads its config (which holds the \
             staff PIN's hash) only from a regular file: give --config the real file, owned \
             by root, and run {fix}"
        ),
        Err(safe_file::Error::NotRegular(_)) => bail!("the config {shown} is not a regular file"),
        Err(err) => return Err(err).with_context(reading),
    };
    let mode = config.metadata.mode() & 0o7777;
    if mode & FORBIDDEN_MODE != 0 {
        bail!(
            "the config {shown} can be read or changed by other users (mode {mode:04o}); it \
             holds the staff PIN's hash, which can be searched for the PIN, so kiosk mode \
             does not start. Run: {fix}"
        );
    }
    if let Some(granted) = acl_grant(&config.file)
        .with_context(|| format!("reading the access control list of the config {shown}"))?
    {
        bail!(
            "the config {shown} has an access control list that lets {granted} read or \
             change it (mode {mode:04o} does not show that); it holds the staff PIN's hash, \
             which can be searched for the PIN, so kiosk mode does not start. Remove the list \
             (setfacl -b {shown}), then run: {fix}"
        );
    }
    match config.read(limit) {
        Ok(bytes) => Ok(bytes),
        Err(safe_file::Error::TooLarge { .. } | safe_file::Error::Grew { .. }) => {
            bail!("the config {shown} is longer than {limit} bytes")
        }
        Err(err) => Err(err).with_context(reading),
    }
}

/// Who, besides the file's owner and group, a POSIX access control list on `file` lets read or
/// write it ("user 1001", "group 27"), or `None` when it has no such list. Such a list shows
/// in the mode's group bits only as its mask, so a 0640 file can still be readable by anyone
/// the list names.
fn acl_grant(file: &std::fs::File) -> std::io::Result<Option<String>> {
    // The list as Linux stores it: a 4-byte version, then 8-byte entries of a 2-byte tag, a
    // 2-byte permission set (4 read, 2 write, 1 execute) and a 4-byte id, little-endian.
    const USER: u16 = 0x02;
    const GROUP: u16 = 0x08;
    const MASK: u16 = 0x10;
    let mut list = vec![0u8; 4096];
    let length = match rustix::fs::fgetxattr(file, "system.posix_acl_access", &mut list[..]) {
        Ok(length) => length,
        // No list, or a file system without them: the mode says everything.
        Err(rustix::io::Errno::NODATA | rustix::io::Errno::NOTSUP) => return Ok(None),
        Err(errno) => return Err(errno.into()),
    };
    let entries: Vec<(u16, u16, u32)> = list[..length]
        .get(4..)
        .unwrap_or_default()
        .chunks_exact(8)
        .map(|e| {
            (
                u16::from_le_bytes([e[0], e[1]]),
                u16::from_le_bytes([e[2], e[3]]),
                u32::from_le_bytes([e[4], e[5], e[6], e[7]]),
            )
        })
        .collect();
    let mask = entries
        .iter()
        .find(|(tag, _, _)| *tag == MASK)
        .map_or(0o7, |(_, perm, _)| *perm);
    Ok(entries.iter().find_map(|&(tag, perm, id)| {
        let reads_or_writes = perm & mask & 0o6 != 0;
        match tag {
            USER if reads_or_writes => Some(format!("user {id}")),
            GROUP if reads_or_writes => Some(format!("group {id}")),
            _ => None,
        }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::kiosk::pin;

    #[test]
    fn empty_config_gives_the_defaults() {
        assert_eq!(
            kiosk_settings("c.toml", "").unwrap(),
            KioskSettings::default()
        );
    }

    #[test]
    fn kiosk_table_overrides_defaults() {
        let pin = PinHash::with_cost("123456", b"sixteen byte salt", pin::MIN_COST).unwrap();
        let text = format!(
            "[kiosk]\nidle_seconds = 60\nwarning_seconds = 25\nresult_seconds = 30\n\
             exit_key = \"F9\"\npin_hash = \"{pin}\"\nspool = \"/srv/spool\"\n\
             state_dir = \"/var/lib/painpath\"\n"
        );
        let s = kiosk_settings("c.toml", &text).unwrap();
        assert_eq!(s.idle, Duration::from_secs(60));
        assert_eq!(s.warning, Duration::from_secs(25));
        assert_eq!(s.result, Duration::from_secs(30));
        assert_eq!(s.exit_key, ExitKey::F(9));
        assert!(s.pin_hash.unwrap().matches("123456"));
        assert_eq!(s.spool, Some(PathBuf::from("/srv/spool")));
        assert_eq!(s.state_dir, Some(PathBuf::from("/var/lib/painpath")));
    }

    #[test]
    fn a_cheap_or_old_pin_hash_is_refused_and_located() {
        let cheap = PinHash::new("123456", b"sixteen byte salt", 1);
        let err =
            kiosk_settings("c.toml", &format!("[kiosk]\npin_hash = \"{cheap}\"\n")).unwrap_err();
        assert_eq!(err.problems[0].line, 2);
        assert!(err.problems[0].message.contains("too cheap"), "{err}");
        let old = "pbkdf2-sha256$100000$73616c7479$\
                   55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc";
        let err =
            kiosk_settings("c.toml", &format!("[kiosk]\npin_hash = \"{old}\"\n")).unwrap_err();
        assert!(err.problems[0].message.contains("PBKDF2"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_config_others_can_read_or_change_is_refused_with_the_fix() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[kiosk]\n").unwrap();
        for (mode, ok) in [
            (0o644, false),
            (0o604, false),
            (0o660, false),
            (0o602, false),
            (0o640, true),
            (0o600, true),
            (0o400, true),
        ] {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).unwrap();
            let read = read_config(&path, 4096);
            assert_eq!(read.is_ok(), ok, "mode {mode:o}: {read:?}");
            if let Err(err) = read {
                let err = format!("{err:#}");
                assert!(err.contains(&format!("mode 0{mode:o}")), "{err}");
                assert!(err.contains("chmod 0640"), "{err}");
                assert!(err.contains("chown root:painpath"), "{err}");
            }
        }
        let link = dir.path().join("link.toml");
        std::os::unix::fs::symlink(&path, &link).unwrap();
        let err = format!("{:#}", read_config(&link, 4096).unwrap_err());
        assert!(err.contains("is a symlink"), "{err}");
        let err = format!("{:#}", read_config(dir.path(), 4096).unwrap_err());
        assert!(err.contains("not a regular file"), "{err}");
    }

    /// A POSIX access control list as Linux stores it (what `setfacl` writes): version 2,
    /// then (tag, permissions, id) entries.
    fn acl(entries: &[(u16, u16, u32)]) -> Vec<u8> {
        let mut list = 2u32.to_le_bytes().to_vec();
        for (tag, perm, id) in entries {
            list.extend(tag.to_le_bytes());
            list.extend(perm.to_le_bytes());
            list.extend(id.to_le_bytes());
        }
        list
    }

    #[test]
    fn a_config_an_access_list_lets_another_user_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[kiosk]\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let none = u32::MAX;
        // setfacl -m u:65534:r: the mode stays 0640, its group bits the list's mask.
        let reader = acl(&[
            (0x01, 0o6, none),
            (0x02, 0o4, 65534),
            (0x04, 0o4, none),
            (0x10, 0o4, none),
            (0x20, 0, none),
        ]);
        let set = |list: &[u8]| {
            rustix::fs::setxattr(
                &path,
                "system.posix_acl_access",
                list,
                rustix::fs::XattrFlags::empty(),
            )
            .expect("this file system keeps access control lists")
        };
        set(&reader);
        let err = format!("{:#}", read_config(&path, 4096).unwrap_err());
        assert!(err.contains("lets user 65534 read or change it"), "{err}");
        assert!(err.contains("setfacl -b"), "{err}");
        // A named group that may read, with the mask letting it.
        set(&acl(&[
            (0x01, 0o6, none),
            (0x04, 0o4, none),
            (0x08, 0o4, 27),
            (0x10, 0o4, none),
            (0x20, 0, none),
        ]));
        let err = format!("{:#}", read_config(&path, 4096).unwrap_err());
        assert!(err.contains("lets group 27 read or change it"), "{err}");
        // The same user, but the mask grants nothing: the list lets nobody more in.
        set(&acl(&[
            (0x01, 0o6, none),
            (0x02, 0o4, 65534),
            (0x04, 0o0, none),
            (0x10, 0o0, none),
            (0x20, 0, none),
        ]));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(read_config(&path, 4096).is_ok());
    }

    #[test]
    fn warning_shorter_than_wcag_minimum_is_refused() {
        let err = kiosk_settings("c.toml", "[kiosk]\nwarning_seconds = 5\n").unwrap_err();
        assert_eq!((err.problems[0].line, err.problems[0].column), (2, 19));
        assert!(err.problems[0].message.contains("too short"));
    }

    #[test]
    fn bad_values_are_located() {
        let err = kiosk_settings("c.toml", "[kiosk]\nexit_key = \"Esc\"\npin_hash = \"x\"\n")
            .unwrap_err();
        assert_eq!(err.problems.len(), 2);
        assert_eq!(err.problems[0].line, 2);
        assert_eq!(err.problems[1].line, 3);
        let err = kiosk_settings("c.toml", "[kiosk]\nspool = \"\"\n").unwrap_err();
        assert!(err.problems[0].message.contains("spool is empty"));
        let err = kiosk_settings("c.toml", "[kiosk]\nidle = 3\n").unwrap_err();
        assert!(err.problems[0].message.contains("unknown field `idle`"));
    }
}
