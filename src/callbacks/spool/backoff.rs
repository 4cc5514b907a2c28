//! When a failed delivery is tried again, and when it is given up: a pure function of the
//! attempt count, the receipt time, now, and a random source.
//!
//! Owns the schedule, its defaults and their validation. Does not own timers or storage; the
//! worker turns a [`RetryDecision`] into `mark_retry` or `mark_dead`.

use super::SpoolError;
use std::time::Duration;

/// The default steps, in seconds, "in the spirit of" the payment providers' own notification
/// schedules (Alipay: 4m 10m 10m 1h 2h 6h 15h; WeChat Pay: 15s 15s 30s 3m 10m 20m 30m … 6h):
/// quick at first, so a blip in fulfillment costs seconds, then hours apart, about 18 attempts
/// within the default day of maximum age.
const DEFAULT_STEPS_S: [u64; 14] = [
    1, 2, 5, 15, 30, 60, 120, 240, 600, 600, 1800, 3600, 7200, 21600,
];

/// How failed deliveries are retried: explicit delays, ± jitter, and a maximum age after which
/// a record is dead. Built from `[callbacks.retry]` at start and on reload.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    schedule: Vec<Duration>,
    jitter: f64,
    max_age: Duration,
}

/// What to do after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryDecision {
    /// Try again at this time, unix ms (never later than the cycle start + max age).
    RetryAt(u64),
    /// The record is older than the maximum age: move it to dead letters.
    GiveUp,
}

impl Default for RetryPolicy {
    /// 1s 2s 5s 15s 30s 1m 2m 4m 10m 10m 30m 1h 2h 6h (then every 6h), ±20 %, 24 h max age.
    fn default() -> RetryPolicy {
        RetryPolicy {
            schedule: DEFAULT_STEPS_S
                .iter()
                .map(|&s| Duration::from_secs(s))
                .collect(),
            jitter: 0.2,
            max_age: Duration::from_secs(24 * 3600),
        }
    }
}

impl RetryPolicy {
    /// Builds a policy; refuses an empty schedule, a zero step, a jitter outside `[0, 1)` and a
    /// zero maximum age. The `n`-th retry waits `schedule[n-1]` (the last step repeats), scaled
    /// by a uniform factor in `[1 - jitter, 1 + jitter)` so a burst of failures spreads out.
    pub fn new(
        schedule: Vec<Duration>,
        jitter: f64,
        max_age: Duration,
    ) -> Result<RetryPolicy, SpoolError> {
        let invalid = |field, reason| Err(SpoolError::Invalid { field, reason });
        if schedule.is_empty() {
            return invalid("retry.schedule", "must have at least one step");
        }
        if schedule.iter().any(Duration::is_zero) {
            return invalid("retry.schedule", "steps must be > 0");
        }
        if !(0.0..1.0).contains(&jitter) {
            return invalid("retry.jitter", "must be in [0, 1)");
        }
        if max_age.is_zero() {
            return invalid("retry.max_age", "must be > 0");
        }
        Ok(RetryPolicy {
            schedule,
            jitter,
            max_age,
        })
    }

    /// Returns the delay steps.
    pub fn schedule(&self) -> &[Duration] {
        &self.schedule
    }

    /// Returns the jitter fraction.
    pub fn jitter(&self) -> f64 {
        self.jitter
    }

    /// Returns the maximum age, counted from receipt.
    pub fn max_age(&self) -> Duration {
        self.max_age
    }

    /// Returns the jittered delay after `failures` failed attempts (1 for the first failure),
    /// at least 1 ms.
    pub fn delay(&self, failures: u32, rng: &mut fastrand::Rng) -> Duration {
        let step = (failures.max(1) - 1) as usize;
        let base = self.schedule[step.min(self.schedule.len() - 1)];
        let factor = 1.0 + self.jitter * (2.0 * rng.f64() - 1.0);
        let ms = (base.as_secs_f64() * 1000.0 * factor).round().max(1.0);
        Duration::from_millis(ms as u64)
    }

    /// Decides what follows a failed attempt made at `now_ms` on a record whose retry cycle
    /// started at `since_ms` (its receipt, or its last requeue) and that has now failed
    /// `failures` times in this cycle (this attempt included).
    ///
    /// Gives up once `now_ms` reaches `since_ms + max_age`; otherwise retries after
    /// [`RetryPolicy::delay`], but no later than that deadline, so the last attempt happens at
    /// the maximum age rather than being skipped.
    pub fn after_failure(
        &self,
        failures: u32,
        since_ms: u64,
        now_ms: u64,
        rng: &mut fastrand::Rng,
    ) -> RetryDecision {
        let max_age_ms = u64::try_from(self.max_age.as_millis()).unwrap_or(u64::MAX);
        let deadline = since_ms.saturating_add(max_age_ms);
        if now_ms >= deadline {
            return RetryDecision::GiveUp;
        }
        let delay_ms = u64::try_from(self.delay(failures, rng).as_millis()).unwrap_or(u64::MAX);
        RetryDecision::RetryAt(now_ms.saturating_add(delay_ms).min(deadline))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(v: &[u64]) -> Vec<Duration> {
        v.iter().map(|&m| Duration::from_millis(m)).collect()
    }

    #[test]
    fn delays_follow_the_schedule_within_jitter_bounds() {
        let p = RetryPolicy::new(ms(&[100, 1000, 10_000]), 0.2, Duration::from_secs(3600)).unwrap();
        let mut rng = fastrand::Rng::with_seed(7);
        // (failures, base ms): the last step repeats.
        for (failures, base) in [(1, 100), (2, 1000), (3, 10_000), (4, 10_000), (50, 10_000)] {
            let (mut lo, mut hi) = (u64::MAX, 0);
            for _ in 0..2000 {
                let d = p.delay(failures, &mut rng).as_millis() as u64;
                lo = lo.min(d);
                hi = hi.max(d);
            }
            let (min, max) = (base * 8 / 10, base * 12 / 10);
            assert!(lo >= min && hi <= max, "failures {failures}: {lo}..{hi}");
            // Jitter actually spreads the delays over most of the band.
            assert!(lo < base * 85 / 100 && hi > base * 115 / 100, "{lo}..{hi}");
        }
    }

    #[test]
    fn zero_jitter_is_exact() {
        let p = RetryPolicy::new(ms(&[250]), 0.0, Duration::from_secs(1)).unwrap();
        let mut rng = fastrand::Rng::with_seed(1);
        assert_eq!(p.delay(1, &mut rng), Duration::from_millis(250));
        assert_eq!(p.delay(0, &mut rng), Duration::from_millis(250));
    }

    #[test]
    fn gives_up_at_max_age_and_clamps_the_last_retry_to_it() {
        let p = RetryPolicy::new(ms(&[1000]), 0.0, Duration::from_millis(5000)).unwrap();
        let mut rng = fastrand::Rng::with_seed(3);
        let cases = [
            // (cycle start, now, expected)
            (10_000, 10_000, RetryDecision::RetryAt(11_000)),
            (10_000, 14_500, RetryDecision::RetryAt(15_000)),
            (10_000, 14_999, RetryDecision::RetryAt(15_000)),
            (10_000, 15_000, RetryDecision::GiveUp),
            (10_000, 99_000, RetryDecision::GiveUp),
            (
                u64::MAX - 10,
                u64::MAX - 5,
                RetryDecision::RetryAt(u64::MAX),
            ),
        ];
        for (since, now, want) in cases {
            assert_eq!(
                p.after_failure(1, since, now, &mut rng),
                want,
                "{since} {now}"
            );
        }
    }

    #[test]
    fn refuses_unusable_policies() {
        let hour = Duration::from_secs(3600);
        let cases = [
            (ms(&[]), 0.2, hour, "retry.schedule"),
            (ms(&[10, 0]), 0.2, hour, "retry.schedule"),
            (ms(&[10]), 1.0, hour, "retry.jitter"),
            (ms(&[10]), -0.1, hour, "retry.jitter"),
            (ms(&[10]), f64::NAN, hour, "retry.jitter"),
            (ms(&[10]), 0.2, Duration::ZERO, "retry.max_age"),
        ];
        for (schedule, jitter, max_age, want) in cases {
            match RetryPolicy::new(schedule, jitter, max_age) {
                Err(SpoolError::Invalid { field, .. }) => assert_eq!(field, want),
                other => panic!("{want}: {other:?}"),
            }
        }
    }

    #[test]
    fn default_spans_the_day_like_the_providers() {
        let p = RetryPolicy::default();
        assert_eq!(p.schedule()[0], Duration::from_secs(1));
        assert_eq!(*p.schedule().last().unwrap(), Duration::from_secs(6 * 3600));
        assert_eq!(p.max_age(), Duration::from_secs(86_400));
        // Walk the un-jittered schedule: attempts until the day is over stay in a sane range.
        let p0 = RetryPolicy::new(p.schedule().to_vec(), 0.0, p.max_age()).unwrap();
        let mut rng = fastrand::Rng::with_seed(0);
        let (mut now, mut failures) = (0u64, 0u32);
        while let RetryDecision::RetryAt(at) = p0.after_failure(failures + 1, 0, now, &mut rng) {
            failures += 1;
            now = at;
        }
        assert!((15..=20).contains(&failures), "{failures} attempts");
        assert_eq!(now, 86_400_000);
    }
}
