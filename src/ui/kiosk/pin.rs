//! The staff PIN that lets staff leave kiosk mode: hashing, the stored form, and checking.
//!
//! The config file holds only `pbkdf2-sha256$ITERATIONS$SALT$HASH` (hex), never the PIN.
//! Reading the PIN from a terminal lives in the binary; nothing here touches a terminal.

use std::fmt;
use std::io::Read;

use anyhow::Context;
use pbkdf2::pbkdf2_hmac;
use pbkdf2::sha2::Sha256;

/// Iterations for new hashes: slow enough to make guessing from a stolen config costly, fast
/// enough (about a tenth of a second) not to keep staff waiting.
pub const DEFAULT_ITERATIONS: u32 = 100_000;

const SCHEME: &str = "pbkdf2-sha256";

/// A PIN hash as stored in the config.
#[derive(Clone, PartialEq, Eq)]
pub struct PinHash {
    iterations: u32,
    salt: Vec<u8>,
    hash: [u8; 32],
}

impl fmt::Debug for PinHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Keep the hash out of logs and panic messages.
        write!(f, "PinHash({SCHEME}, {} iterations)", self.iterations)
    }
}

impl fmt::Display for PinHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{SCHEME}${}${}${}",
            self.iterations,
            hex(&self.salt),
            hex(&self.hash)
        )
    }
}

impl PinHash {
    /// Hashes a PIN with a given salt (the caller provides randomness).
    pub fn new(pin: &str, salt: &[u8], iterations: u32) -> PinHash {
        let mut hash = [0u8; 32];
        pbkdf2_hmac::<Sha256>(pin.as_bytes(), salt, iterations, &mut hash);
        PinHash {
            iterations,
            salt: salt.to_vec(),
            hash,
        }
    }

    /// Hashes a PIN with 16 random bytes of salt from the operating system.
    pub fn generate(pin: &str) -> anyhow::Result<PinHash> {
        let mut salt = [0u8; 16];
        std::fs::File::open("/dev/urandom")
            .and_then(|mut f| f.read_exact(&mut salt))
            .context("reading random bytes for the salt from /dev/urandom")?;
        Ok(PinHash::new(pin, &salt, DEFAULT_ITERATIONS))
    }

    /// Parses the stored form; the error says what is wrong with it.
    pub fn parse(stored: &str) -> Result<PinHash, String> {
        let parts: Vec<&str> = stored.split('$').collect();
        let [scheme, iterations, salt, hash] = parts.as_slice() else {
            return Err(format!(
                "expected {SCHEME}$ITERATIONS$SALT$HASH from `painpath kiosk-pin`"
            ));
        };
        if *scheme != SCHEME {
            return Err(format!(
                "unknown scheme \"{scheme}\"; expected \"{SCHEME}\""
            ));
        }
        let iterations: u32 = iterations
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .ok_or("the iteration count is not a positive number")?;
        let salt = unhex(salt).ok_or("the salt is not hexadecimal")?;
        let hash: [u8; 32] = unhex(hash)
            .and_then(|h| h.try_into().ok())
            .ok_or("the hash is not 64 hexadecimal digits")?;
        Ok(PinHash {
            iterations,
            salt,
            hash,
        })
    }

    /// Does this PIN match? Compares in constant time.
    pub fn matches(&self, pin: &str) -> bool {
        let mut candidate = [0u8; 32];
        pbkdf2_hmac::<Sha256>(pin.as_bytes(), &self.salt, self.iterations, &mut candidate);
        candidate
            .iter()
            .zip(&self.hash)
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
    }
}

/// A PIN staff can type on any keyboard: 4 to 12 digits.
pub fn check_new_pin(pin: &str) -> Result<(), &'static str> {
    if !(4..=12).contains(&pin.len()) || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err("the PIN must be 4 to 12 digits");
    }
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || text.is_empty() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_hash_round_trips_and_checks_the_pin() {
        let hash = PinHash::new("2468", b"salty", 10);
        let stored = hash.to_string();
        assert!(
            stored.starts_with("pbkdf2-sha256$10$73616c7479$"),
            "{stored}"
        );
        let parsed = PinHash::parse(&stored).unwrap();
        assert_eq!(parsed, hash);
        assert!(parsed.matches("2468"));
        assert!(!parsed.matches("2469"));
        assert!(!parsed.matches(""));
    }

    #[test]
    fn hash_matches_the_pbkdf2_test_vector() {
        // RFC 7914 section 11, PBKDF2-HMAC-SHA256 with P="passwd", S="salt", c=1.
        let hash = PinHash::new("passwd", b"salt", 1);
        assert!(
            hash.to_string()
                .ends_with("$55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc")
        );
    }

    #[test]
    fn malformed_stored_hashes_are_refused_with_a_reason() {
        assert!(PinHash::parse("1234").unwrap_err().contains("kiosk-pin"));
        assert!(
            PinHash::parse("md5$1$00$00")
                .unwrap_err()
                .contains("unknown scheme")
        );
        assert!(PinHash::parse("pbkdf2-sha256$0$00$00").is_err());
        assert!(
            PinHash::parse("pbkdf2-sha256$5$zz$00")
                .unwrap_err()
                .contains("salt")
        );
        assert!(
            PinHash::parse("pbkdf2-sha256$5$00$00")
                .unwrap_err()
                .contains("64")
        );
    }

    #[test]
    fn debug_output_hides_the_hash() {
        let hash = PinHash::new("2468", b"salty", 10);
        assert!(!format!("{hash:?}").contains("73616c7479"));
    }

    #[test]
    fn new_pins_must_be_four_to_twelve_digits() {
        assert!(check_new_pin("1234").is_ok());
        assert!(check_new_pin("123").is_err());
        assert!(check_new_pin("12a4").is_err());
        assert!(check_new_pin("1234567890123").is_err());
    }
}
