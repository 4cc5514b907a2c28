//! Time for every guard: one `Clock` trait, a real `SystemClock` and a hand-driven
//! `ManualClock` for tests.
//!
//! Owns only the notion of "now". It does not schedule anything and never sleeps.
//!
//! `now_ms` is *monotonic* milliseconds on the Unix-epoch scale: `SystemClock` samples the
//! wall clock once at start and then advances with `Instant`, so rate windows never jump
//! when NTP steps the wall clock, yet the values stay comparable between edges (they differ
//! only by clock skew at start), which a shared backend needs. Calendar logic (purchase-limit
//! days) uses the same axis; the drift from wall time over a long uptime is the drift of the
//! machine's monotonic clock, seconds at most.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// A source of time for windows, buckets and list expiry.
///
/// Passed (as `&dyn Clock` or `Arc<dyn Clock>`) to whoever reads the time once per request;
/// the guards themselves take `now` values so they stay pure and testable.
pub trait Clock: Send + Sync {
    /// Returns monotonic milliseconds on the Unix-epoch scale (see the module docs).
    fn now_ms(&self) -> u64;
    /// Returns wall-clock seconds since the Unix epoch (list expiry, persisted timestamps).
    fn unix_secs(&self) -> u64;
}

/// The production clock: wall time anchored once, then advanced monotonically.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock {
    anchor: Instant,
    anchor_unix_ms: u64,
}

impl SystemClock {
    /// Anchors a clock at the current wall time; called once at start.
    pub fn new() -> Self {
        SystemClock {
            anchor: Instant::now(),
            anchor_unix_ms: wall_unix_ms(),
        }
    }
}

impl Default for SystemClock {
    fn default() -> Self {
        Self::new()
    }
}

fn wall_unix_ms() -> u64 {
    // A clock set before 1970 is a broken host; treat it as the epoch rather than panic.
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

impl Clock for SystemClock {
    fn now_ms(&self) -> u64 {
        let elapsed = u64::try_from(self.anchor.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.anchor_unix_ms.saturating_add(elapsed)
    }

    fn unix_secs(&self) -> u64 {
        wall_unix_ms() / 1000
    }
}

/// A clock that only moves when told to; shared between a test and the code under test.
#[derive(Debug, Default)]
pub struct ManualClock {
    ms: AtomicU64,
}

impl ManualClock {
    /// Creates a clock reading `unix_ms` milliseconds since the Unix epoch.
    pub fn new(unix_ms: u64) -> Self {
        ManualClock {
            ms: AtomicU64::new(unix_ms),
        }
    }

    /// Moves the clock forward by `by` (millisecond resolution).
    pub fn advance(&self, by: Duration) {
        let ms = u64::try_from(by.as_millis()).unwrap_or(u64::MAX);
        self.ms.fetch_add(ms, Ordering::SeqCst);
    }

    /// Sets the clock to `unix_ms` milliseconds since the Unix epoch (may go backwards).
    pub fn set_ms(&self, unix_ms: u64) {
        self.ms.store(unix_ms, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> u64 {
        self.ms.load(Ordering::SeqCst)
    }

    fn unix_secs(&self) -> u64 {
        self.now_ms() / 1000
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manual_clock_moves_only_when_told() {
        let c = ManualClock::new(1_700_000_000_000);
        assert_eq!(c.now_ms(), 1_700_000_000_000);
        assert_eq!(c.unix_secs(), 1_700_000_000);
        c.advance(Duration::from_millis(1500));
        assert_eq!(c.now_ms(), 1_700_000_001_500);
        assert_eq!(c.unix_secs(), 1_700_000_001);
        c.set_ms(5);
        assert_eq!(c.now_ms(), 5);
    }

    #[test]
    fn system_clock_is_on_the_unix_scale_and_monotonic() {
        let c = SystemClock::new();
        let a = c.now_ms();
        let b = c.now_ms();
        assert!(b >= a);
        // Within a minute of the wall clock (2020-01-01 is 1_577_836_800 s).
        assert!(a / 1000 > 1_577_836_800);
        assert!(c.unix_secs().abs_diff(a / 1000) < 60);
    }
}
