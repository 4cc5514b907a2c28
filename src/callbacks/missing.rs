//! The missing-callback report (补单): payments riskgate routed to a channel that answered
//! 2xx, or whose outcome is unknown (the channel was sent the payment and never answered,
//! see `routing::failover`), but whose callback has not arrived.
//!
//! Owns a bounded in-memory table keyed by the shop's order id. It does not persist: after a
//! restart, payments started before it are not reported (the shop's own reconciliation
//! covers that horizon). It does not query channels; the shop does, from the report.

use serde::Serialize;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

/// One payment waiting for its callback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PendingPayment {
    /// The shop's order id (from the route's `payment_ref`).
    pub order_id: String,
    /// The channel the payment went to.
    pub channel: String,
    /// The request id of the payment request.
    pub request_id: String,
    /// When the channel accepted the payment (unix ms).
    pub at_ms: u64,
    /// Device id of the payer, for the failed-payment velocity signal.
    #[serde(skip)]
    pub device: Option<String>,
    /// Shop user key of the payer.
    #[serde(skip)]
    pub user: Option<String>,
    /// The channel never answered (`X-Payment-Status: unknown` was sent to the client): it
    /// may or may not have charged, so the shop must reconcile this order.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unknown: bool,
}

#[derive(Debug, Default)]
struct Inner {
    by_order: HashMap<String, (PendingPayment, bool)>,
    /// Insertion order for eviction and sweeps: (order id, at_ms).
    queue: VecDeque<(String, u64)>,
}

/// Bounded table of payments awaiting callbacks.
#[derive(Debug)]
pub struct MissingTracker {
    inner: Mutex<Inner>,
    capacity: usize,
}

impl MissingTracker {
    /// Creates a tracker remembering at most `capacity` payments (the oldest are forgotten).
    pub fn new(capacity: usize) -> Self {
        MissingTracker {
            inner: Mutex::new(Inner::default()),
            capacity: capacity.max(1),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding this lock cannot leave the maps inconsistent in a way
        // that matters for a report; keep serving.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Called when a channel accepted a payment (2xx). A repeat for the same order replaces
    /// the earlier entry (the buyer retried).
    pub fn paid(&self, p: PendingPayment) {
        let mut g = self.lock();
        g.queue.push_back((p.order_id.clone(), p.at_ms));
        g.by_order.insert(p.order_id.clone(), (p, false));
        while g.by_order.len() > self.capacity {
            let Some((id, at)) = g.queue.pop_front() else {
                break;
            };
            if g.by_order.get(&id).is_some_and(|(e, _)| e.at_ms == at) {
                g.by_order.remove(&id);
            }
        }
        // Keep the queue from growing without bound under repeats of one order.
        if g.queue.len() > self.capacity * 2 {
            let Inner { by_order, queue } = &mut *g;
            queue.retain(|(id, at)| by_order.get(id).is_some_and(|(e, _)| e.at_ms == *at));
        }
    }

    /// Called when a payment's outcome is unknown (sent, then no answer): reported like an
    /// accepted payment whose callback is missing, marked `"unknown": true`.
    pub fn record_unknown(&self, p: PendingPayment) {
        self.paid(PendingPayment { unknown: true, ..p });
    }

    /// Called when a callback for `order_id` arrived: the payment is no longer missing.
    /// Returns what was waiting, if anything.
    pub fn callback_seen(&self, order_id: &str) -> Option<PendingPayment> {
        self.lock().by_order.remove(order_id).map(|(p, _)| p)
    }

    /// Payments older than `after` with no callback, oldest first, at most `limit`.
    pub fn missing(&self, now_ms: u64, after: Duration, limit: usize) -> Vec<PendingPayment> {
        let cutoff = now_ms.saturating_sub(after.as_millis() as u64);
        let g = self.lock();
        let mut out: Vec<PendingPayment> = g
            .by_order
            .values()
            .filter(|(p, _)| p.at_ms <= cutoff)
            .map(|(p, _)| p.clone())
            .collect();
        out.sort_by_key(|p| p.at_ms);
        out.truncate(limit);
        out
    }

    /// Marks payments that just crossed `after` as reported and returns how many did (for
    /// the `missing` counter), and forgets entries older than `forget`. Returns
    /// `(newly_missing, now_missing)`.
    pub fn sweep(&self, now_ms: u64, after: Duration, forget: Duration) -> (u64, u64) {
        let cutoff = now_ms.saturating_sub(after.as_millis() as u64);
        let forget_cutoff = now_ms.saturating_sub(forget.as_millis() as u64);
        let mut g = self.lock();
        g.by_order.retain(|_, (p, _)| p.at_ms >= forget_cutoff);
        let Inner { by_order, queue } = &mut *g;
        queue.retain(|(id, at)| by_order.get(id).is_some_and(|(e, _)| e.at_ms == *at));
        let mut newly = 0;
        let mut now_missing = 0;
        for (p, reported) in by_order.values_mut() {
            if p.at_ms <= cutoff {
                now_missing += 1;
                if !*reported {
                    *reported = true;
                    newly += 1;
                }
            }
        }
        (newly, now_missing)
    }

    /// Payments currently tracked.
    pub fn len(&self) -> usize {
        self.lock().by_order.len()
    }

    /// Whether nothing is tracked.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pay(order: &str, at_ms: u64) -> PendingPayment {
        PendingPayment {
            order_id: order.into(),
            channel: "alpha".into(),
            request_id: format!("r-{order}"),
            at_ms,
            device: None,
            user: None,
            unknown: false,
        }
    }

    const MIN: Duration = Duration::from_secs(60);

    #[test]
    fn a_payment_is_missing_only_after_the_threshold_and_until_its_callback() {
        let t = MissingTracker::new(10);
        t.paid(pay("o-1", 1_000));
        t.paid(pay("o-2", 50_000));
        assert!(t.missing(60_000, MIN, 10).is_empty());
        let m = t.missing(61_000, MIN, 10);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].order_id, "o-1");
        assert_eq!(
            t.callback_seen("o-1").map(|p| p.channel),
            Some("alpha".into())
        );
        assert!(t.missing(61_000, MIN, 10).is_empty());
        assert_eq!(t.callback_seen("o-1"), None);
    }

    #[test]
    fn sweep_counts_each_missing_payment_once_and_forgets_old_ones() {
        let t = MissingTracker::new(10);
        t.paid(pay("o-1", 0));
        t.paid(pay("o-2", 30_000));
        assert_eq!(t.sweep(70_000, MIN, Duration::from_secs(3600)), (1, 1));
        assert_eq!(t.sweep(100_000, MIN, Duration::from_secs(3600)), (1, 2));
        assert_eq!(t.sweep(100_000, MIN, Duration::from_secs(3600)), (0, 2));
        assert_eq!(t.sweep(3_650_000, MIN, Duration::from_secs(3600)), (0, 0));
        assert!(t.is_empty());
    }

    #[test]
    fn capacity_forgets_the_oldest_and_repeats_replace() {
        let t = MissingTracker::new(2);
        t.paid(pay("o-1", 1));
        t.paid(pay("o-2", 2));
        t.paid(pay("o-2", 3));
        assert_eq!(t.len(), 2);
        t.paid(pay("o-3", 4));
        assert_eq!(t.len(), 2);
        assert_eq!(t.callback_seen("o-1"), None);
        assert_eq!(t.callback_seen("o-2").map(|p| p.at_ms), Some(3));
        for i in 0..100 {
            t.paid(pay("o-9", 10 + i));
        }
        assert!(t.lock().queue.len() <= 4 + 1);
    }

    #[test]
    fn an_unknown_outcome_is_reported_and_marked() {
        let t = MissingTracker::new(10);
        t.record_unknown(pay("o-u", 1_000));
        t.paid(pay("o-p", 1_000));
        let m = t.missing(100_000, MIN, 10);
        assert_eq!(m.len(), 2);
        let v = serde_json::to_value(&m).unwrap();
        let unknown: Vec<bool> = m.iter().map(|p| p.unknown).collect();
        assert_eq!(unknown.iter().filter(|u| **u).count(), 1);
        for p in v.as_array().unwrap() {
            assert_eq!(p.get("unknown").is_some(), p["order_id"] == "o-u", "{p}");
        }
        assert!(t.callback_seen("o-u").is_some_and(|p| p.unknown));
    }

    #[test]
    fn missing_is_oldest_first_and_limited() {
        let t = MissingTracker::new(10);
        for (o, at) in [("c", 3), ("a", 1), ("b", 2)] {
            t.paid(pay(o, at));
        }
        let ids: Vec<String> = t
            .missing(100_000, MIN, 2)
            .into_iter()
            .map(|p| p.order_id)
            .collect();
        assert_eq!(ids, ["a", "b"]);
    }
}
