//! Test-only faults, so tests can show what a crash or a kill at a bad moment leaves behind.
//!
//! Compiled in only with the `fault-injection` cargo feature; in a normal build every
//! [`point`] is an empty inline function, so no fault is reachable.

/// Marks a place where a test may inject a fault by setting `PAINPATH_FAULT` to its name.
#[cfg(feature = "fault-injection")]
pub fn point(name: &str) {
    if std::env::var("PAINPATH_FAULT").is_ok_and(|wanted| wanted == name) {
        inject(name);
    }
}

/// Marks a place where a test may inject a fault (this build has none).
#[cfg(not(feature = "fault-injection"))]
#[inline(always)]
pub fn point(_name: &str) {}

/// What a fault does: names starting with `panic` panic; names starting with `stall` stop the
/// thread where it is (as if it hung) until a test kills the process; names starting with
/// `slow` wait `PAINPATH_FAULT_DELAY_MS` (default 2000) and go on.
#[cfg(feature = "fault-injection")]
fn inject(name: &str) {
    if name.starts_with("panic") {
        panic!("fault injected at {name}");
    }
    if name.starts_with("slow") {
        let delay = std::env::var("PAINPATH_FAULT_DELAY_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(2000);
        eprintln!("painpath: fault: slowed at {name} for {delay} ms");
        std::thread::sleep(std::time::Duration::from_millis(delay));
        return;
    }
    if name.starts_with("stall") {
        // Say where we are, so a test knows when to kill, then wait to be killed.
        eprintln!("painpath: fault: stalled at {name}");
        loop {
            std::thread::park();
        }
    }
}

/// How many times faster than real time kiosk mode's clock runs: `PAINPATH_CLOCK_SPEED` (1 to
/// 1000) in a test build, so pty tests of the idle timeouts finish in seconds.
#[cfg(feature = "fault-injection")]
pub fn clock_speed() -> u32 {
    std::env::var("PAINPATH_CLOCK_SPEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| (1..=1000).contains(n))
        .unwrap_or(1)
}

/// Kiosk mode's clock runs at real time (this build has no way to change that).
#[cfg(not(feature = "fault-injection"))]
#[inline(always)]
pub fn clock_speed() -> u32 {
    1
}

/// How long kiosk mode waits for a send to reception, on the kiosk's clock: `default`, or
/// `PAINPATH_SEND_TIMEOUT_MS` in a test build.
#[cfg(feature = "fault-injection")]
pub fn send_timeout(default: std::time::Duration) -> std::time::Duration {
    std::env::var("PAINPATH_SEND_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(default, std::time::Duration::from_millis)
}

/// How long kiosk mode waits for a send to reception (this build cannot change it).
#[cfg(not(feature = "fault-injection"))]
#[inline(always)]
pub fn send_timeout(default: std::time::Duration) -> std::time::Duration {
    default
}
