//! The missing-callback report (补单): payments riskgate routed to a channel that answered
//! 2xx, or whose outcome is unknown (the channel took the request and never answered), and
//! whose `paid` callback has not arrived.
//!
//! Owns a bounded in-memory table keyed by the shop's order id, written through to the spool
//! ([`Spool::missing_put`]) when it is [`MissingTracker::persistent`], so a crash or `kill -9`
//! does not hide exactly the payments it should report: the table is reloaded at start. Only a
//! `paid` (or later, `refunded`) callback clears an order; `pending` and `failed` leave it
//! listed. It does not query channels; the shop does, from the report.

use super::spool::{Spool, SpoolError};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

/// Why a payment is on the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentOutcome {
    /// The channel answered 2xx: the payment was taken on; its callback is awaited.
    #[default]
    AwaitingCallback,
    /// The request reached the channel but no answer came (hung past its timeout): it may or
    /// may not have charged the buyer, so it must be reconciled with the channel.
    Unknown,
}

/// Entries older than this are forgotten (they stay counted as missing until then).
pub const FORGET_AFTER: Duration = Duration::from_secs(86_400);

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
}

/// One line of the report: a payment and why it is listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    /// The payment.
    #[serde(flatten)]
    pub payment: PendingPayment,
    /// Why it is listed (`awaiting_callback` or `unknown`).
    pub outcome: PaymentOutcome,
}

impl std::ops::Deref for Missing {
    type Target = PendingPayment;

    fn deref(&self) -> &PendingPayment {
        &self.payment
    }
}

/// The stored form of a [`PendingPayment`]; order id and time are the spool's keys.
#[derive(Serialize, Deserialize)]
struct Stored {
    channel: String,
    request_id: String,
    #[serde(default)]
    device: Option<String>,
    #[serde(default)]
    user: Option<String>,
    #[serde(default)]
    outcome: PaymentOutcome,
}

impl Missing {
    fn encode(&self) -> Vec<u8> {
        let p = &self.payment;
        let s = Stored {
            channel: p.channel.clone(),
            request_id: p.request_id.clone(),
            device: p.device.clone(),
            user: p.user.clone(),
            outcome: self.outcome,
        };
        // Plain strings and an enum: serialising cannot fail.
        serde_json::to_vec(&s).unwrap_or_default()
    }

    fn decode(order_id: String, at_ms: u64, bytes: &[u8]) -> Option<Missing> {
        let s: Stored = serde_json::from_slice(bytes).ok()?;
        Some(Missing {
            payment: PendingPayment {
                order_id,
                channel: s.channel,
                request_id: s.request_id,
                at_ms,
                device: s.device,
                user: s.user,
            },
            outcome: s.outcome,
        })
    }
}

#[derive(Debug, Default)]
struct Inner {
    by_order: HashMap<String, (Missing, bool)>,
    /// Insertion order for eviction and sweeps: (order id, at_ms).
    queue: VecDeque<(String, u64)>,
}

/// Bounded table of payments awaiting callbacks.
#[derive(Debug)]
pub struct MissingTracker {
    inner: Mutex<Inner>,
    capacity: usize,
    /// Where every change is written through; `None` keeps the table in memory only.
    store: Option<Spool>,
}

impl MissingTracker {
    /// Creates an in-memory tracker remembering at most `capacity` payments (the oldest are
    /// forgotten).
    pub fn new(capacity: usize) -> Self {
        MissingTracker {
            inner: Mutex::new(Inner::default()),
            capacity: capacity.max(1),
            store: None,
        }
    }

    /// Creates a tracker written through to `spool`, reloaded with what the spool holds;
    /// entries dated before `forget_before_ms` are dropped. Called once at start (blocking
    /// read).
    pub fn persistent(
        capacity: usize,
        spool: Spool,
        forget_before_ms: u64,
    ) -> Result<Self, SpoolError> {
        let mut entries = spool.missing_entries_blocking()?;
        entries.sort_by_key(|e| e.1);
        let t = MissingTracker {
            store: None,
            ..MissingTracker::new(capacity)
        };
        let mut stale = false;
        for (order_id, at_ms, bytes) in entries {
            match Missing::decode(order_id, at_ms, &bytes) {
                Some(m) if at_ms >= forget_before_ms => t.insert(m),
                _ => stale = true,
            }
        }
        if stale {
            spool.missing_forget(forget_before_ms);
        }
        Ok(MissingTracker {
            store: Some(spool),
            ..t
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A panic while holding this lock cannot leave the maps inconsistent in a way
        // that matters for a report; keep serving.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Records a payment whose outcome is unknown: the request reached `channel` (for the
    /// shop's `order_id`) and no answer came, so it may have charged the buyer. Listed like an
    /// accepted payment (with `outcome: unknown`) until a `paid` callback for the order
    /// arrives. Called by the payment route when it answers 504 `X-Payment-Status: unknown`.
    pub fn unknown_outcome(&self, channel: &str, order_id: &str, request_id: &str, at_ms: u64) {
        self.insert(Missing {
            payment: PendingPayment {
                order_id: order_id.to_owned(),
                channel: channel.to_owned(),
                request_id: request_id.to_owned(),
                at_ms,
                device: None,
                user: None,
            },
            outcome: PaymentOutcome::Unknown,
        });
    }

    /// Called when a channel accepted a payment (2xx). A repeat for the same order replaces
    /// the earlier entry (the buyer retried).
    pub fn paid(&self, p: PendingPayment) {
        self.insert(Missing {
            payment: p,
            outcome: PaymentOutcome::AwaitingCallback,
        });
    }

    fn insert(&self, p: Missing) {
        if let Some(s) = &self.store {
            s.missing_put(&p.order_id, p.at_ms, p.encode());
        }
        let mut g = self.lock();
        g.queue.push_back((p.order_id.clone(), p.at_ms));
        g.by_order.insert(p.order_id.clone(), (p, false));
        while g.by_order.len() > self.capacity {
            let Some((id, at)) = g.queue.pop_front() else {
                break;
            };
            if g.by_order.get(&id).is_some_and(|(e, _)| e.at_ms == at) {
                g.by_order.remove(&id);
                if let Some(s) = &self.store {
                    s.missing_remove(&id);
                }
            }
        }
        // Keep the queue from growing without bound under repeats of one order.
        if g.queue.len() > self.capacity * 2 {
            let Inner { by_order, queue } = &mut *g;
            queue.retain(|(id, at)| by_order.get(id).is_some_and(|(e, _)| e.at_ms == *at));
        }
    }

    /// Called when a `paid` (or `refunded`) callback for `order_id` arrived: the payment is no
    /// longer missing. Returns what was waiting, if anything.
    pub fn callback_seen(&self, order_id: &str) -> Option<PendingPayment> {
        let removed = self.callback_stored(order_id);
        if let (Some(_), Some(s)) = (&removed, &self.store) {
            s.missing_remove(order_id);
        }
        removed
    }

    /// [`MissingTracker::callback_seen`] for a `paid` (or `refunded`) callback this edge's
    /// spool accepted: the spool removed the durable entry in the commit that stored the
    /// callback, so only the in-memory one is left to clear (no second write).
    pub fn callback_stored(&self, order_id: &str) -> Option<PendingPayment> {
        self.lock()
            .by_order
            .remove(order_id)
            .map(|(m, _)| m.payment)
    }

    /// Returns the entry of `order_id` without clearing it (a `failed` callback reads the
    /// payer from it).
    pub fn get(&self, order_id: &str) -> Option<PendingPayment> {
        self.lock()
            .by_order
            .get(order_id)
            .map(|(m, _)| m.payment.clone())
    }

    /// Payments older than `after` with no callback, oldest first, at most `limit`.
    pub fn missing(&self, now_ms: u64, after: Duration, limit: usize) -> Vec<Missing> {
        let cutoff = now_ms.saturating_sub(after.as_millis() as u64);
        let g = self.lock();
        let mut out: Vec<Missing> = g
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
        let before = g.by_order.len();
        g.by_order.retain(|_, (p, _)| p.at_ms >= forget_cutoff);
        if g.by_order.len() < before {
            if let Some(s) = &self.store {
                s.missing_forget(forget_cutoff);
            }
        }
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
    fn missing_is_oldest_first_and_limited() {
        let t = MissingTracker::new(10);
        for (o, at) in [("c", 3), ("a", 1), ("b", 2)] {
            t.paid(pay(o, at));
        }
        let ids: Vec<String> = t
            .missing(100_000, MIN, 2)
            .into_iter()
            .map(|p| p.payment.order_id)
            .collect();
        assert_eq!(ids, ["a", "b"]);
    }

    fn open_spool(dir: &tempfile::TempDir) -> Spool {
        Spool::open(crate::callbacks::spool::SpoolOptions::new(
            dir.path().join("callbacks.redb"),
        ))
        .unwrap()
    }

    #[tokio::test]
    async fn a_persistent_report_survives_a_restart_without_cleared_or_forgotten_orders() {
        let dir = tempfile::tempdir().unwrap();
        {
            let spool = open_spool(&dir);
            let t = MissingTracker::persistent(10, spool.clone(), 0).unwrap();
            t.paid(pay("o-1", 1_000));
            t.paid(pay("o-2", 2_000));
            t.unknown_outcome("beta", "o-3", "r-o-3", 3_000);
            t.paid(pay("o-4", 100));
            assert!(t.callback_seen("o-2").is_some());
            // Writes are queued in order; a probe commits after all of them.
            spool.probe().await.unwrap();
        }
        let spool = open_spool(&dir);
        let t = MissingTracker::persistent(10, spool.clone(), 500).unwrap();
        let listed: Vec<(String, PaymentOutcome)> = t
            .missing(100_000, MIN, 10)
            .into_iter()
            .map(|m| (m.payment.order_id, m.outcome))
            .collect();
        assert_eq!(
            listed,
            [
                ("o-1".to_string(), PaymentOutcome::AwaitingCallback),
                ("o-3".to_string(), PaymentOutcome::Unknown)
            ]
        );
        let json = serde_json::to_value(&t.missing(100_000, MIN, 10)[1]).unwrap();
        assert_eq!(
            (&json["order_id"], &json["channel"], &json["outcome"]),
            (&"o-3".into(), &"beta".into(), &"unknown".into())
        );
        // The entry older than the horizon was dropped from the file too.
        spool.probe().await.unwrap();
        let stored: Vec<String> = spool
            .missing_entries_blocking()
            .unwrap()
            .into_iter()
            .map(|e| e.0)
            .collect();
        assert_eq!(stored, ["o-1", "o-3"]);
    }

    #[test]
    fn only_a_paid_callback_clears_an_order_and_a_failed_one_can_read_the_payer() {
        let t = MissingTracker::new(10);
        t.paid(PendingPayment {
            device: Some("d-1".into()),
            ..pay("o-1", 1)
        });
        assert_eq!(t.get("o-1").and_then(|p| p.device), Some("d-1".into()));
        assert_eq!(t.len(), 1);
        assert!(t.callback_seen("o-1").is_some());
        assert!(t.get("o-1").is_none());
    }
}
