//! The values the state operations are parameterised by: windows, rates and token outcomes,
//! and the pure per-entry algorithms behind them (sliding ring, fixed count, bounded
//! distinct set, GCRA token bucket).
//!
//! Pure data and arithmetic on `now` values: no storage, no locking, no clock reads. A
//! backend stores these structures and serialises access to each one; a Redis backend
//! reimplements the same arithmetic in its scripts.

use std::num::{NonZeroU32, NonZeroU64};
use std::time::Duration;

/// Sub-buckets per sliding window; an event stops counting between 11/12 and 12/12 of the
/// window after it happened (see [`Window::sliding`]).
pub const RING_SLOTS: usize = 12;

/// Most members a distinct set remembers; counts saturate here (see [`DistinctSet`]).
pub const DISTINCT_CAP: usize = 32;

const DAY_MS: u64 = 86_400_000;

/// A counting window: sliding (last N ms) or fixed (calendar-aligned periods).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    kind: WindowKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WindowKind {
    Sliding { len_ms: NonZeroU64 },
    Fixed { len_ms: NonZeroU64, offset_ms: i64 },
}

fn to_ms(d: Duration) -> NonZeroU64 {
    let ms = u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
    NonZeroU64::new(ms).unwrap_or(NonZeroU64::MIN)
}

impl Window {
    /// A sliding window of `len` (millisecond resolution, at least 1 ms).
    ///
    /// Counters keep [`RING_SLOTS`] sub-buckets, so an event is counted for at least 11/12
    /// of `len` and never longer than `len`. Distinct sets are exact (per-member time).
    pub fn sliding(len: Duration) -> Self {
        Window {
            kind: WindowKind::Sliding { len_ms: to_ms(len) },
        }
    }

    /// A fixed window: periods of `len` starting whenever `now_ms + offset_ms` is a multiple
    /// of `len`; the count restarts at each boundary.
    pub fn fixed(len: Duration, offset_ms: i64) -> Self {
        Window {
            kind: WindowKind::Fixed {
                len_ms: to_ms(len),
                offset_ms,
            },
        }
    }

    /// A calendar day at a fixed UTC offset in minutes (east positive, e.g. +480 for
    /// UTC+8). There is no DST database: a zone with daylight saving needs its offset
    /// changed in config twice a year.
    pub fn calendar_day(utc_offset_minutes: i32) -> Self {
        Self::fixed(
            Duration::from_millis(DAY_MS),
            i64::from(utc_offset_minutes) * 60_000,
        )
    }

    /// Returns the window length in milliseconds.
    pub fn len_ms(&self) -> u64 {
        match self.kind {
            WindowKind::Sliding { len_ms } | WindowKind::Fixed { len_ms, .. } => len_ms.get(),
        }
    }

    /// Returns true for fixed (calendar-aligned) windows.
    pub fn is_fixed(&self) -> bool {
        matches!(self.kind, WindowKind::Fixed { .. })
    }

    /// Returns the index of the fixed period holding `ms` (sliding: of the ring slot).
    fn period(&self, ms: u64) -> u64 {
        match self.kind {
            WindowKind::Sliding { len_ms } => ms / slot_ms(len_ms.get()),
            WindowKind::Fixed { len_ms, offset_ms } => {
                let shifted = i128::from(ms) + i128::from(offset_ms);
                u64::try_from(shifted.max(0) / i128::from(len_ms.get())).unwrap_or(u64::MAX)
            }
        }
    }

    /// For a fixed window, the index of the period holding `ms` and the time (Unix ms) it
    /// ends; `None` for a sliding window. A shared backend names a period's counter by its
    /// index and lets it expire at the end.
    pub fn fixed_period(&self, ms: u64) -> Option<(u64, u64)> {
        match self.kind {
            WindowKind::Sliding { .. } => None,
            WindowKind::Fixed { len_ms, offset_ms } => {
                let p = self.period(ms);
                let end = i128::from(p + 1) * i128::from(len_ms.get()) - i128::from(offset_ms);
                Some((p, u64::try_from(end.max(0)).unwrap_or(u64::MAX)))
            }
        }
    }

    /// Returns true when an event seen at `seen_ms` still counts at `now_ms`.
    pub fn contains(&self, seen_ms: u64, now_ms: u64) -> bool {
        match self.kind {
            WindowKind::Sliding { len_ms } => now_ms.saturating_sub(seen_ms) < len_ms.get(),
            WindowKind::Fixed { .. } => self.period(seen_ms) == self.period(now_ms),
        }
    }
}

fn slot_ms(len_ms: u64) -> u64 {
    len_ms.div_ceil(RING_SLOTS as u64).max(1)
}

/// An event counter over a window: a ring of sub-buckets (sliding) or one period (fixed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowCounter {
    window: Window,
    /// Sliding: slot index of the newest sub-bucket. Fixed: the current period index.
    head: u64,
    /// Sliding: per-sub-bucket counts. Fixed: only `counts[0]` is used.
    counts: [u32; RING_SLOTS],
}

impl WindowCounter {
    /// Creates an empty counter for `window`.
    pub fn new(window: Window) -> Self {
        WindowCounter {
            window,
            head: 0,
            counts: [0; RING_SLOTS],
        }
    }

    /// Returns the window this counter was built for (a different window resets it).
    pub fn window(&self) -> Window {
        self.window
    }

    fn advance(&mut self, now_ms: u64) {
        let p = self.window.period(now_ms);
        if p <= self.head {
            // Same period, or a clock that went backwards: count into the newest bucket.
            return;
        }
        if self.window.is_fixed() {
            self.counts[0] = 0;
        } else {
            let gap = p - self.head;
            if gap >= RING_SLOTS as u64 {
                self.counts = [0; RING_SLOTS];
            } else {
                for i in 1..=gap {
                    self.counts[((self.head + i) % RING_SLOTS as u64) as usize] = 0;
                }
            }
        }
        self.head = p;
    }

    /// Counts one event at `now_ms` and returns the count in the window including it.
    pub fn incr(&mut self, now_ms: u64) -> u64 {
        self.advance(now_ms);
        let i = if self.window.is_fixed() {
            0
        } else {
            (self.head % RING_SLOTS as u64) as usize
        };
        self.counts[i] = self.counts[i].saturating_add(1);
        self.total()
    }

    /// Returns the count in the window at `now_ms` without counting anything.
    pub fn get(&self, now_ms: u64) -> u64 {
        let mut c = self.clone();
        c.advance(now_ms);
        c.total()
    }

    fn total(&self) -> u64 {
        self.counts.iter().map(|&c| u64::from(c)).sum()
    }
}

/// Distinct members seen in a window, exact up to [`DISTINCT_CAP`] members.
///
/// Each member keeps its last-seen time, so expiry is exact per member. When the set is full
/// of live members a new one replaces the stalest, and the count stays at the cap: the
/// answer saturates at `DISTINCT_CAP` rather than growing memory (32 × 16 bytes per key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistinctSet {
    window: Window,
    members: Vec<(u64, u64)>,
}

impl DistinctSet {
    /// Creates an empty set for `window`.
    pub fn new(window: Window) -> Self {
        DistinctSet {
            window,
            members: Vec::new(),
        }
    }

    /// Returns the window this set was built for.
    pub fn window(&self) -> Window {
        self.window
    }

    /// Records `member` at `now_ms`; returns the distinct count in the window including it.
    pub fn add(&mut self, member: u64, now_ms: u64) -> u64 {
        let w = self.window;
        self.members.retain(|&(_, seen)| w.contains(seen, now_ms));
        if let Some(m) = self.members.iter_mut().find(|(m, _)| *m == member) {
            m.1 = m.1.max(now_ms);
        } else if self.members.len() < DISTINCT_CAP {
            self.members.push((member, now_ms));
        } else if let Some(oldest) = self.members.iter_mut().min_by_key(|(_, seen)| *seen) {
            *oldest = (member, now_ms);
        }
        self.members.len() as u64
    }

    /// Returns the distinct count in the window at `now_ms` without adding.
    pub fn count(&self, now_ms: u64) -> u64 {
        let w = self.window;
        self.members
            .iter()
            .filter(|&&(_, seen)| w.contains(seen, now_ms))
            .count() as u64
    }
}

/// A refill rate: one token every `interval`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    interval_ns: NonZeroU64,
}

impl Rate {
    /// `tokens` per `per`; `None` when `per` is zero. Resolution is one nanosecond.
    pub fn new(tokens: NonZeroU32, per: Duration) -> Option<Self> {
        let per_ns = u64::try_from(per.as_nanos()).unwrap_or(u64::MAX);
        let interval = per_ns / u64::from(tokens.get());
        Some(Rate {
            interval_ns: NonZeroU64::new(interval.max(u64::from(per_ns > 0)))?,
        })
    }

    /// `tokens` per second.
    pub fn per_second(tokens: NonZeroU32) -> Self {
        Rate {
            interval_ns: NonZeroU64::new(1_000_000_000 / u64::from(tokens.get()))
                .unwrap_or(NonZeroU64::MIN),
        }
    }

    /// Returns the time one token takes to refill.
    pub fn interval(&self) -> Duration {
        Duration::from_nanos(self.interval_ns.get())
    }
}

/// What taking a token from a bucket answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenOutcome {
    /// A token was taken; `remaining` more could be taken right now.
    Allowed {
        /// Tokens left in the bucket after this one.
        remaining: u32,
    },
    /// The bucket is empty; a token is available again after `retry_after`.
    Limited {
        /// Time until the next token.
        retry_after: Duration,
    },
}

/// One GCRA step (a token bucket stored as a single "theoretical arrival time").
///
/// `tat_ns` is the stored value (0 for a fresh bucket); returns the value to store (`None`
/// when limited: nothing changes) and the outcome. A bucket whose TAT lies in the past is
/// full, so stale state is indistinguishable from no state and may be dropped any time.
pub fn gcra(
    tat_ns: u64,
    now_ns: u64,
    rate: Rate,
    burst: NonZeroU32,
) -> (Option<u64>, TokenOutcome) {
    let t = u128::from(rate.interval_ns.get());
    let capacity = t * u128::from(burst.get());
    let now = u128::from(now_ns);
    let new_tat = u128::from(tat_ns).max(now) + t;
    let ahead = new_tat - now;
    if ahead > capacity {
        let wait = ahead - capacity;
        let retry_after = Duration::from_nanos(u64::try_from(wait).unwrap_or(u64::MAX));
        return (None, TokenOutcome::Limited { retry_after });
    }
    let remaining = u32::try_from((capacity - ahead) / t).unwrap_or(u32::MAX);
    (
        Some(u64::try_from(new_tat).unwrap_or(u64::MAX)),
        TokenOutcome::Allowed { remaining },
    )
}

/// Returns how long a bucket takes to refill completely: after this long untouched its
/// state equals a fresh bucket's, so it can be forgotten.
pub fn bucket_idle(rate: Rate, burst: NonZeroU32) -> Duration {
    let ns = u128::from(rate.interval_ns.get()) * u128::from(burst.get());
    Duration::from_nanos(u64::try_from(ns).unwrap_or(u64::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: u64 = 1_700_000_000_000;

    fn nz(n: u32) -> NonZeroU32 {
        NonZeroU32::new(n).unwrap()
    }

    #[test]
    fn sliding_counter_expires_events_within_one_slot_of_the_window() {
        let w = Window::sliding(Duration::from_secs(600));
        let mut c = WindowCounter::new(w);
        assert_eq!(c.incr(T0), 1);
        assert_eq!(c.incr(T0 + 60_000), 2);
        // 549 s after the first event (> 11/12 of the window is 550 s): still counted.
        assert_eq!(c.get(T0 + 549_000), 2);
        // A full window after the first event it is gone; the second remains.
        assert_eq!(c.get(T0 + 600_000), 1);
        assert_eq!(c.get(T0 + 660_000), 0);
        // Far in the future the whole ring is cleared.
        assert_eq!(c.incr(T0 + 10 * 600_000), 1);
    }

    #[test]
    fn fixed_counter_restarts_at_the_boundary() {
        let w = Window::fixed(Duration::from_secs(60), 0);
        let mut c = WindowCounter::new(w);
        let start = 1_700_000_040_000; // a multiple of 60 s
        assert_eq!(c.incr(start), 1);
        assert_eq!(c.incr(start + 59_999), 2);
        assert_eq!(c.get(start + 60_000), 0);
        assert_eq!(c.incr(start + 60_000), 1);
    }

    #[test]
    fn calendar_day_boundary_follows_the_offset() {
        // 2023-11-14T16:00:00Z is midnight at UTC+8.
        let midnight_cn = 1_699_977_600_000;
        let w = Window::calendar_day(480);
        assert!(w.contains(midnight_cn, midnight_cn + DAY_MS - 1));
        assert!(!w.contains(midnight_cn - 1, midnight_cn));
        let utc = Window::calendar_day(0);
        assert!(utc.contains(midnight_cn - 1, midnight_cn));
        let west = Window::calendar_day(-300);
        assert!(west.contains(0, 1)); // negative shift near the epoch clamps, no panic
    }

    #[test]
    fn distinct_set_counts_members_once_and_expires_them() {
        let w = Window::sliding(Duration::from_secs(3600));
        let mut s = DistinctSet::new(w);
        assert_eq!(s.add(1, T0), 1);
        assert_eq!(s.add(1, T0 + 10), 1);
        assert_eq!(s.add(2, T0 + 1_800_000), 2);
        assert_eq!(s.count(T0 + 3_600_009), 2); // member 1 refreshed at T0+10
        assert_eq!(s.count(T0 + 3_600_010), 1);
        assert_eq!(s.add(3, T0 + 5_400_000), 1);
    }

    #[test]
    fn distinct_set_saturates_at_the_cap() {
        let mut s = DistinctSet::new(Window::sliding(Duration::from_secs(60)));
        for m in 0..100u64 {
            s.add(m, T0 + m);
        }
        assert_eq!(s.count(T0 + 100), DISTINCT_CAP as u64);
        assert_eq!(s.members.len(), DISTINCT_CAP);
        // The newest members survived.
        assert!(s.members.iter().any(|&(m, _)| m == 99));
    }

    #[test]
    fn gcra_allows_exactly_burst_then_refills_one_per_interval() {
        let rate = Rate::per_second(nz(2)); // one token per 500 ms
        let burst = nz(3);
        let now = T0 * 1_000_000;
        let mut tat = 0;
        let mut allowed = Vec::new();
        for _ in 0..5 {
            match gcra(tat, now, rate, burst) {
                (Some(t), TokenOutcome::Allowed { remaining }) => {
                    tat = t;
                    allowed.push(remaining);
                }
                (None, TokenOutcome::Limited { retry_after }) => {
                    assert_eq!(retry_after, Duration::from_millis(500));
                }
                other => panic!("inconsistent step {other:?}"),
            }
        }
        assert_eq!(allowed, vec![2, 1, 0]);
        let later = now + 500_000_000;
        assert!(matches!(
            gcra(tat, later, rate, burst),
            (Some(_), TokenOutcome::Allowed { remaining: 0 })
        ));
        assert_eq!(bucket_idle(rate, burst), Duration::from_millis(1500));
    }

    #[test]
    fn rate_rejects_a_zero_period_and_keeps_nanosecond_resolution() {
        assert_eq!(Rate::new(nz(1), Duration::ZERO), None);
        let r = Rate::new(nz(3), Duration::from_secs(1)).unwrap();
        assert_eq!(r.interval(), Duration::from_nanos(333_333_333));
        let fast = Rate::new(nz(u32::MAX), Duration::from_nanos(1)).unwrap();
        assert_eq!(fast.interval(), Duration::from_nanos(1));
    }
}
