//! The config file (`--config PATH`): settings for a clinic's installation, such as the
//! `[kiosk]` table. Errors are located like those of the questions file.

use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;
use toml::Spanned;

use crate::content::diagnostic::{Diagnostics, LoadError};
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
    diagnostics.finish()?;
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_gives_the_defaults() {
        assert_eq!(
            kiosk_settings("c.toml", "").unwrap(),
            KioskSettings::default()
        );
    }

    #[test]
    fn kiosk_table_overrides_defaults() {
        let pin = PinHash::new("1234", b"s", 3);
        let text = format!(
            "[kiosk]\nidle_seconds = 60\nwarning_seconds = 25\nresult_seconds = 30\n\
             exit_key = \"F9\"\npin_hash = \"{pin}\"\nspool = \"/srv/spool\"\n"
        );
        let s = kiosk_settings("c.toml", &text).unwrap();
        assert_eq!(s.idle, Duration::from_secs(60));
        assert_eq!(s.warning, Duration::from_secs(25));
        assert_eq!(s.result, Duration::from_secs(30));
        assert_eq!(s.exit_key, ExitKey::F(9));
        assert!(s.pin_hash.unwrap().matches("1234"));
        assert_eq!(s.spool, Some(PathBuf::from("/srv/spool")));
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
