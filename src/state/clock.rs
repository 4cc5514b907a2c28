//! Time for every guard, the beacon store and the callback spool: one `Clock` trait, a real
//! `SystemClock`, a hand-driven `ManualClock` for tests (the spool also has a
//! `TokioClock` that follows `tokio::time::pause`).
//!
//! Owns only the notion of "now". It does not schedule anything and never sleeps.
//!
//! `now_ms` is *monotonic* milliseconds on the Unix-epoch scale: `SystemClock` samples the
//! wall clock once at start and then advances with `Instant`, so rate windows never jump
//! when NTP steps the wall clock, yet the values stay comparable between edges (they differ
//! only by clock skew at start), which a shared backend needs. Calendar logic (purchase-limit
//! days) uses the same axis; the drift from wall time over a long uptime is the drift of the
//! machine's monotonic clock, seconds at most.
//!
//! For evaluation and tests only, a process may start its clock at another instant and
//! run it faster than real time ([`ClockStart`], set once by `--clock-start` /
//! `--clock-speed` before the server is built): the evaluation harness (`models/eval/`)
//! uses it to replay shop traffic at chosen hours of the day and over hours of simulated
//! time in seconds. Production never sets it. Under an override, payment callbacks whose
//! signatures carry a wall-clock timestamp (the `hmac-sha256` webhook dialect) fail the
//! skew check, since they are verified against this clock: the harness places no payments.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
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

/// An evaluation clock override: where the process clock starts and how fast it runs.
///
/// For evaluation and tests only (see the module docs). `speed` 1 is real time; 60 makes
/// one real second one simulated minute, so rate windows, velocity counters, device ages
/// and the order's hour of day all follow the simulated time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockStart {
    /// The simulated time at process start, milliseconds since the Unix epoch.
    pub unix_ms: u64,
    /// Simulated milliseconds per real millisecond (at least 1).
    pub speed: u32,
}

/// Why a `--clock-start` / `--clock-speed` value was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ClockStartError {
    /// The start is not Unix seconds or RFC 3339.
    #[error("clock start {value:?}: {reason}")]
    Start {
        /// The value given.
        value: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The speed is 0 or above 100000.
    #[error("clock speed {0}: must be 1 to 100000")]
    Speed(u32),
    /// The override was already set (it is set once, before the server is built).
    #[error("the process clock was already set")]
    AlreadySet,
}

impl ClockStart {
    /// Parses a start (`2026-03-01T14:00:00Z`, `+08:00` offsets, or Unix seconds) and a
    /// speed. Called once by the CLI.
    pub fn parse(start: &str, speed: u32) -> Result<ClockStart, ClockStartError> {
        let secs = crate::lists::time::parse_timestamp(start).map_err(|reason| {
            ClockStartError::Start {
                value: start.to_string(),
                reason,
            }
        })?;
        if !(1..=100_000).contains(&speed) {
            return Err(ClockStartError::Speed(speed));
        }
        Ok(ClockStart {
            unix_ms: secs.saturating_mul(1000),
            speed,
        })
    }
}

/// The process-wide override read by [`SystemClock::new`]; a global because the CLI sets
/// it before anything is built, and threading it through every constructor would change
/// every caller for a facility production never uses.
static PROCESS_CLOCK: OnceLock<ClockStart> = OnceLock::new();

/// Sets the process clock override (for evaluation and tests only). Must be called before
/// the server is built; a second call is refused.
pub fn set_process_clock(start: ClockStart) -> Result<(), ClockStartError> {
    PROCESS_CLOCK
        .set(start)
        .map_err(|_| ClockStartError::AlreadySet)
}

/// The production clock: wall time anchored once, then advanced monotonically.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock {
    anchor: Instant,
    anchor_unix_ms: u64,
    /// Simulated ms per real ms; 1 unless an evaluation override is set.
    speed: u64,
    /// True under an override: `unix_secs` then follows `now_ms` instead of the wall.
    simulated: bool,
}

impl SystemClock {
    /// Anchors a clock at the current wall time (or at the process override, see
    /// [`set_process_clock`]); called once at start.
    pub fn new() -> Self {
        match PROCESS_CLOCK.get() {
            Some(start) => Self::starting_at(*start),
            None => SystemClock {
                anchor: Instant::now(),
                anchor_unix_ms: wall_unix_ms(),
                speed: 1,
                simulated: false,
            },
        }
    }

    /// A clock that reads `start.unix_ms` now and advances `start.speed` times faster
    /// than real time (for evaluation and tests only).
    pub fn starting_at(start: ClockStart) -> Self {
        SystemClock {
            anchor: Instant::now(),
            anchor_unix_ms: start.unix_ms,
            speed: u64::from(start.speed.max(1)),
            simulated: true,
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
        self.anchor_unix_ms
            .saturating_add(elapsed.saturating_mul(self.speed))
    }

    fn unix_secs(&self) -> u64 {
        if self.simulated {
            return self.now_ms() / 1000;
        }
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

    #[test]
    fn clock_start_parses_rfc3339_and_unix_seconds() {
        let s = ClockStart::parse("2026-03-01T03:00:00Z", 60).unwrap();
        assert_eq!(s.unix_ms, 1_772_334_000_000);
        assert_eq!(s.speed, 60);
        let s = ClockStart::parse("2026-03-01T11:00:00+08:00", 1).unwrap();
        assert_eq!(s.unix_ms, 1_772_334_000_000);
        assert_eq!(
            ClockStart::parse("1772334000", 1).unwrap().unix_ms,
            1_772_334_000_000
        );
    }

    #[test]
    fn clock_start_refuses_bad_values() {
        assert!(matches!(
            ClockStart::parse("yesterday", 1),
            Err(ClockStartError::Start { .. })
        ));
        assert_eq!(
            ClockStart::parse("2026-03-01T03:00:00Z", 0),
            Err(ClockStartError::Speed(0))
        );
        assert_eq!(
            ClockStart::parse("2026-03-01T03:00:00Z", 100_001),
            Err(ClockStartError::Speed(100_001))
        );
    }

    #[test]
    fn started_clock_reads_the_start_and_runs_at_its_speed() {
        let start = ClockStart::parse("2026-03-01T03:00:00Z", 1000).unwrap();
        let c = SystemClock::starting_at(start);
        let a = c.now_ms();
        assert!(a >= start.unix_ms && a < start.unix_ms + 60_000, "{a}");
        assert_eq!(c.unix_secs(), c.now_ms() / 1000);
        std::thread::sleep(Duration::from_millis(20));
        // 20 real ms at 1000x are at least 20 simulated seconds.
        assert!(c.now_ms() - a >= 20_000);
    }

    #[test]
    fn the_spool_worker_and_the_guards_share_one_clock_trait() {
        use crate::callbacks::spool::{RetryPolicy, WorkerOptions};
        use std::sync::Arc;
        let policy = RetryPolicy::new(vec![Duration::from_secs(1)], 0.2, Duration::from_secs(60));
        let mut opts = WorkerOptions::new(policy.unwrap());
        let manual = Arc::new(ManualClock::new(7_000));
        opts.clock = manual.clone();
        manual.advance(Duration::from_secs(2));
        assert_eq!(opts.clock.now_ms(), 9_000);
        assert_eq!(opts.clock.unix_secs(), 9);
    }

    #[tokio::test(start_paused = true)]
    async fn the_tokio_clock_follows_paused_time_on_both_scales() {
        use crate::callbacks::spool::TokioClock;
        let c: &dyn Clock = &TokioClock::starting_at(1_000_000);
        tokio::time::advance(Duration::from_millis(2_500)).await;
        assert_eq!(c.now_ms(), 1_002_500);
        assert_eq!(c.unix_secs(), 1_002);
    }
}
