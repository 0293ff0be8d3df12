//! The staff PIN that lets staff leave kiosk mode: hashing, the stored form, and checking.
//!
//! The config file holds only an Argon2id hash of the PIN as a PHC string,
//! `$argon2id$v=19$m=MEMORY_KIB,t=PASSES,p=LANES$SALT$HASH`, never the PIN. Argon2id is
//! memory-hard: each guess from a copied config costs [`DEFAULT_COST`]'s 128 MiB as well as
//! about a third of a second, so that even a PIN of six digits takes days to search (see
//! docs/kiosk.md, "The staff PIN"). Hashes cheaper than [`MIN_COST`], and the PBKDF2 hashes of
//! earlier versions, are refused when the config is read.
//!
//! Reading the PIN from a terminal lives in the binary; nothing here touches a terminal.

use std::fmt;
use std::io::Read;

use anyhow::Context;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, PasswordHash, Version};

/// What one PIN hash costs: Argon2id's memory (KiB), passes over it, and lanes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cost {
    /// `m`: memory in KiB.
    pub memory_kib: u32,
    /// `t`: passes over the memory.
    pub passes: u32,
    /// `p`: lanes (the hash is computed on one thread either way).
    pub lanes: u32,
}

impl fmt::Display for Cost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "m={},t={},p={}",
            self.memory_kib, self.passes, self.lanes
        )
    }
}

/// The cost of new hashes (`painpath kiosk-pin`): 128 MiB, 4 passes. About 0.34 s per hash on
/// the 2-core build machine (AMD EPYC, release build), so an offline search of all 10^6
/// six-digit PINs there takes about 2 days (docs/kiosk.md has the figures).
pub const DEFAULT_COST: Cost = Cost {
    memory_kib: 128 * 1024,
    passes: 4,
    lanes: 1,
};

/// The cheapest hash a config may hold: at least 64 MiB, and at least 64 MiB x 3 passes of
/// memory traffic (so fewer passes need more memory). About 0.12 s per hash.
pub const MIN_COST: Cost = Cost {
    memory_kib: 64 * 1024,
    passes: 3,
    lanes: 1,
};

/// The dearest hash a config may hold: 1 GiB, 64 passes, 16 lanes. A typo beyond this would
/// make every PIN check take minutes or run the machine out of memory.
pub const MAX_COST: Cost = Cost {
    memory_kib: 1024 * 1024,
    passes: 64,
    lanes: 16,
};

/// Digits a new PIN has at least: 10^6 PINs to search instead of 10^4.
pub const MIN_PIN_DIGITS: usize = 6;
/// Digits a PIN has at most.
pub const MAX_PIN_DIGITS: usize = 12;

/// Random bytes of salt in new hashes.
const SALT_BYTES: usize = 16;

/// A PIN hash as stored in the config.
#[derive(Clone, PartialEq, Eq)]
pub struct PinHash {
    phc: PasswordHash,
}

impl fmt::Debug for PinHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Keep the salt and the hash out of logs and panic messages.
        match self.cost() {
            Some(cost) => write!(f, "PinHash(argon2id, {cost})"),
            None => write!(f, "PinHash(argon2id)"),
        }
    }
}

impl fmt::Display for PinHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.phc)
    }
}

impl PinHash {
    /// A cheap hash for tests: Argon2id with `passes` passes over the least memory Argon2
    /// allows (8 KiB). A salt shorter than Argon2's minimum of 8 bytes is repeated until it is
    /// long enough. A config refuses a hash this cheap ([`PinHash::parse`]); kiosk mode built
    /// in code (tests, pictures of the screens) takes it.
    pub fn new(pin: &str, salt: &[u8], passes: u32) -> PinHash {
        let mut salt = salt.to_vec();
        if salt.is_empty() {
            salt.push(0);
        }
        while salt.len() < argon2::MIN_SALT_LEN {
            salt.extend_from_within(..);
        }
        let cost = Cost {
            memory_kib: Params::MIN_M_COST,
            passes: passes.max(1),
            lanes: 1,
        };
        match PinHash::with_cost(pin, &salt, cost) {
            Ok(hash) => hash,
            // The memory, lanes and salt were just made valid, and passes >= 1.
            Err(err) => unreachable!("argon2 refused valid parameters: {err:#}"),
        }
    }

    /// Hashes a PIN with a given salt and cost (the caller provides randomness).
    pub fn with_cost(pin: &str, salt: &[u8], cost: Cost) -> anyhow::Result<PinHash> {
        let params = Params::new(cost.memory_kib, cost.passes, cost.lanes, None)
            .map_err(|err| anyhow::anyhow!("argon2 parameters {cost}: {err}"))?;
        let phc = Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
            .hash_password_with_salt(pin.as_bytes(), salt)
            .map_err(|err| anyhow::anyhow!("hashing the PIN: {err}"))?;
        Ok(PinHash { phc })
    }

    /// Hashes a PIN at [`DEFAULT_COST`] with 16 random bytes of salt from the operating system.
    pub fn generate(pin: &str) -> anyhow::Result<PinHash> {
        let mut salt = [0u8; SALT_BYTES];
        std::fs::File::open("/dev/urandom")
            .and_then(|mut f| f.read_exact(&mut salt))
            .context("reading random bytes for the salt from /dev/urandom")?;
        PinHash::with_cost(pin, &salt, DEFAULT_COST)
    }

    /// Parses the stored form and checks that it is an Argon2id hash of at least
    /// [`MIN_COST`]; the error says what is wrong with it and what to do.
    pub fn parse(stored: &str) -> Result<PinHash, String> {
        const AGAIN: &str = "run `painpath kiosk-pin` again and replace the pin_hash line with \
                             the one it prints";
        if stored.starts_with("pbkdf2-sha256$") {
            return Err(format!(
                "this is a PBKDF2 hash from an earlier painpath, which is too quick to guess \
                 from a copy of the config and is no longer accepted; {AGAIN} (an Argon2id \
                 hash, $argon2id$...)"
            ));
        }
        let phc = PasswordHash::new(stored).map_err(|err| {
            format!(
                "expected $argon2id$v=19$m=...,t=...,p=...$SALT$HASH from `painpath kiosk-pin` \
                 ({err})"
            )
        })?;
        if phc.algorithm.as_str() != Algorithm::Argon2id.as_str() {
            return Err(format!(
                "the hash is {}, not argon2id; {AGAIN}",
                phc.algorithm.as_str()
            ));
        }
        if phc.version != Some(Version::V0x13.into()) {
            return Err(format!("the hash is not Argon2 version 19 (0x13); {AGAIN}"));
        }
        let params = Params::try_from(&phc)
            .map_err(|err| format!("the hash's parameters are not valid ({err}); {AGAIN}"))?;
        let salt = phc
            .salt
            .as_ref()
            .ok_or_else(|| format!("the hash has no salt; {AGAIN}"))?;
        if salt.len() < SALT_BYTES {
            return Err(format!(
                "the salt is {} bytes, fewer than {SALT_BYTES}; {AGAIN}",
                salt.len()
            ));
        }
        let output = phc
            .hash
            .as_ref()
            .ok_or_else(|| format!("the hash itself is missing; {AGAIN}"))?;
        if output.len() < 32 {
            return Err(format!(
                "the hash is {} bytes, fewer than 32; {AGAIN}",
                output.len()
            ));
        }
        let cost = Cost {
            memory_kib: params.m_cost(),
            passes: params.t_cost(),
            lanes: params.p_cost(),
        };
        let traffic = |c: Cost| u64::from(c.memory_kib) * u64::from(c.passes);
        if cost.memory_kib < MIN_COST.memory_kib || traffic(cost) < traffic(MIN_COST) {
            return Err(format!(
                "the hash is too cheap to guess against ({cost}; at least m={} and m x t >= \
                 {} are needed, and `painpath kiosk-pin` makes {DEFAULT_COST}); {AGAIN}",
                MIN_COST.memory_kib,
                traffic(MIN_COST)
            ));
        }
        if cost.memory_kib > MAX_COST.memory_kib
            || cost.passes > MAX_COST.passes
            || cost.lanes > MAX_COST.lanes
        {
            return Err(format!(
                "the hash is too dear to check ({cost}; at most {MAX_COST}); {AGAIN}"
            ));
        }
        Ok(PinHash { phc })
    }

    /// The hash's cost, as stored in it.
    pub fn cost(&self) -> Option<Cost> {
        let params = Params::try_from(&self.phc).ok()?;
        Some(Cost {
            memory_kib: params.m_cost(),
            passes: params.t_cost(),
            lanes: params.p_cost(),
        })
    }

    /// Does this PIN match? Hashes it with the stored salt and cost and compares in constant
    /// time.
    pub fn matches(&self, pin: &str) -> bool {
        Argon2::default()
            .verify_password(pin.as_bytes(), &self.phc)
            .is_ok()
    }
}

/// A PIN staff can type on any keyboard: 6 to 12 digits.
pub fn check_new_pin(pin: &str) -> Result<(), &'static str> {
    if !(MIN_PIN_DIGITS..=MAX_PIN_DIGITS).contains(&pin.len())
        || !pin.bytes().all(|b| b.is_ascii_digit())
    {
        return Err("the PIN must be 6 to 12 digits");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SALT: &[u8] = b"sixteen byte salt";

    /// The cheapest hash a config accepts, made once (each costs about 0.1 s).
    fn min_cost_hash() -> PinHash {
        PinHash::with_cost("246813", SALT, MIN_COST).unwrap()
    }

    #[test]
    fn stored_hash_round_trips_and_checks_the_pin() {
        let hash = min_cost_hash();
        let stored = hash.to_string();
        assert!(
            stored.starts_with("$argon2id$v=19$m=65536,t=3,p=1$"),
            "{stored}"
        );
        let parsed = PinHash::parse(&stored).unwrap();
        assert_eq!(parsed, hash);
        assert!(parsed.matches("246813"));
        assert!(!parsed.matches("246814"));
        assert!(!parsed.matches(""));
        assert_eq!(parsed.cost(), Some(MIN_COST));
    }

    #[test]
    fn hash_matches_the_reference_argon2id_test_vector() {
        // The reference implementation's own vector (phc-winner-argon2, src/test.c): argon2id,
        // version 0x13, t=2, m=2^8 KiB, p=1, "password" salted with "somesalt".
        let cost = Cost {
            memory_kib: 1 << 8,
            passes: 2,
            lanes: 1,
        };
        let hash = PinHash::with_cost("password", b"somesalt", cost).unwrap();
        assert_eq!(
            hash.to_string(),
            "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"
        );
        assert!(hash.matches("password"));
    }

    #[test]
    fn cheap_hashes_are_refused_when_read() {
        // One pass over 8 KiB: quick to make for tests, refused in a config.
        let cheap = PinHash::new("246813", SALT, 1).to_string();
        let err = PinHash::parse(&cheap).unwrap_err();
        assert!(err.contains("too cheap"), "{err}");
        assert!(err.contains("kiosk-pin"), "{err}");
        // Enough memory but too few passes.
        let one_pass = Cost {
            passes: 1,
            ..MIN_COST
        };
        let err = PinHash::parse(&PinHash::with_cost("1", SALT, one_pass).unwrap().to_string())
            .unwrap_err();
        assert!(err.contains("too cheap"), "{err}");
        // The same traffic as the minimum in more memory and fewer passes is fine.
        let wide = "$argon2id$v=19$m=196608,t=1,p=1$c2l4dGVlbiBieXRlIHNhbHQ\
                    $AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        assert!(PinHash::parse(wide).is_ok(), "{:?}", PinHash::parse(wide));
    }

    #[test]
    fn old_pbkdf2_hashes_are_refused_with_what_to_do() {
        let old = "pbkdf2-sha256$100000$73616c7479$\
                   55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc";
        let err = PinHash::parse(old).unwrap_err();
        assert!(err.contains("PBKDF2"), "{err}");
        assert!(err.contains("painpath kiosk-pin"), "{err}");
    }

    #[test]
    fn malformed_stored_hashes_are_refused_with_a_reason() {
        assert!(PinHash::parse("1234").unwrap_err().contains("kiosk-pin"));
        let salt = "c2l4dGVlbiBieXRlIHNhbHQ";
        let out = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        for (stored, why) in [
            (
                format!("$argon2i$v=19$m=65536,t=3,p=1${salt}${out}"),
                "argon2i",
            ),
            (
                format!("$argon2id$v=16$m=65536,t=3,p=1${salt}${out}"),
                "version",
            ),
            (
                format!("$argon2id$v=19$m=65536,t=3,p=1$c29tZXNhbHQ${out}"),
                "salt",
            ),
            (format!("$argon2id$v=19$m=65536,t=3,p=1${salt}"), "missing"),
            (
                format!("$argon2id$v=19$m=65536,t=3,p=1${salt}$AAAAAAAAAAAAAAAAAAAAAA"),
                "fewer than 32",
            ),
            (
                format!("$argon2id$v=19$m=4194304,t=3,p=1${salt}${out}"),
                "too dear",
            ),
            (
                format!("$argon2id$v=19$m=65536,t=3,p=1,x=2${salt}${out}"),
                "parameters",
            ),
        ] {
            let err = PinHash::parse(&stored).unwrap_err();
            assert!(err.contains(why), "{stored}: {err}");
        }
    }

    #[test]
    fn debug_output_hides_the_salt_and_hash() {
        let hash = PinHash::new("246813", b"salty salt", 1);
        let shown = format!("{hash:?}");
        assert_eq!(shown, "PinHash(argon2id, m=8,t=1,p=1)");
    }

    #[test]
    fn short_test_salts_are_lengthened() {
        let hash = PinHash::new("2468", b"salt", 2);
        assert!(hash.matches("2468"));
        assert!(!hash.matches("2469"));
    }

    #[test]
    fn new_pins_must_be_six_to_twelve_digits() {
        assert!(check_new_pin("123456").is_ok());
        assert!(check_new_pin("123456789012").is_ok());
        for bad in ["1234", "12345", "12a456", "1234567890123", ""] {
            assert!(check_new_pin(bad).is_err(), "{bad}");
        }
    }

    /// How long one hash at [`DEFAULT_COST`] takes, for the figures in docs/kiosk.md:
    ///
    /// `cargo test --release --lib -- --ignored --nocapture time_one_default_hash`
    #[test]
    #[ignore = "a measurement: cargo test --release --lib -- --ignored --nocapture time_one_default_hash"]
    fn time_one_default_hash() {
        let hash = PinHash::with_cost("246813", SALT, DEFAULT_COST).unwrap();
        let rounds = 10u32;
        let started = std::time::Instant::now();
        for i in 0..rounds {
            assert!(!hash.matches(&format!("{i:06}")));
        }
        let each = started.elapsed().as_secs_f64() / f64::from(rounds);
        let cores = 2.0;
        eprintln!(
            "one hash at {DEFAULT_COST}: {each:.3} s; all 10^6 six-digit PINs on {cores} cores: \
             {:.1} h; all 10^4 four-digit PINs: {:.1} min",
            1e6 * each / cores / 3600.0,
            1e4 * each / cores / 60.0
        );
    }
}
