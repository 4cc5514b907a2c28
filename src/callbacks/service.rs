//! The money path's moving parts, as plain functions: start the callback delivery worker
//! with metric hooks ([`start_worker`]) and publish spool and missing-callback metrics
//! ([`publish_spool`]).
//!
//! The background service that calls them on a tick lives in `server::money`; this file
//! knows nothing of the process state or pingora, only of the spool, the deliverer's
//! [`DeliveryTargets`] and the metrics.

use super::deliver::{DeliveryTargets, HttpDeliver};
use super::spool::{spawn_worker, Record, RetryPolicy, WorkerHandle, WorkerHooks, WorkerOptions};
use super::CallbackHub;
use crate::config::CallbackSettings;
use crate::metrics::Metrics;
use std::sync::{Arc, Weak};
use std::time::Duration;

/// Metrics hooks for the delivery worker.
struct Hooks(Arc<Metrics>);

impl WorkerHooks for Hooks {
    fn delivered(&self, rec: &Record, latency: Duration) {
        let m = &self.0.money;
        m.callback_deliveries
            .with_label_values(&["delivered"])
            .inc();
        m.callback_delivery_seconds.observe(latency.as_secs_f64());
        tracing::info!(id = rec.id, channel = %rec.channel, txn_id = %rec.txn_id,
            attempts = rec.attempts, latency_ms = latency.as_millis() as u64, "callback delivered");
    }

    fn retried(&self, rec: &Record) {
        self.0
            .money
            .callback_deliveries
            .with_label_values(&["retry"])
            .inc();
        tracing::warn!(id = rec.id, channel = %rec.channel, txn_id = %rec.txn_id,
            attempts = rec.attempts, error = rec.last_error.as_deref().unwrap_or(""),
            "callback delivery failed; will retry");
    }

    fn dead(&self, rec: &Record) {
        self.0
            .money
            .callback_deliveries
            .with_label_values(&["dead"])
            .inc();
        tracing::error!(id = rec.id, channel = %rec.channel, txn_id = %rec.txn_id,
            error = rec.last_error.as_deref().unwrap_or(""),
            "callback moved to dead letters");
    }
}

fn worker_options(s: &CallbackSettings) -> Option<WorkerOptions> {
    let policy = match RetryPolicy::new(s.retry_schedule.clone(), s.jitter, s.max_age) {
        Ok(p) => p,
        Err(e) => {
            tracing::error!("callbacks: retry policy refused: {e}");
            return None;
        }
    };
    let mut opts = WorkerOptions::new(policy);
    opts.concurrency = s.concurrency;
    // The deliverer enforces deliver_timeout itself; this is the worker's backstop.
    opts.attempt_timeout = s.deliver_timeout + Duration::from_secs(1);
    opts.purge_every = s.purge_interval;
    Some(opts)
}

/// Starts the delivery worker for `hub`'s spool with `settings`' retry policy.
///
/// `None` when the retry policy is refused (logged). The worker finds each callback's
/// target through `targets`, held weakly.
pub fn start_worker(
    hub: &CallbackHub,
    settings: &CallbackSettings,
    targets: Weak<dyn DeliveryTargets>,
    metrics: Arc<Metrics>,
) -> Option<WorkerHandle> {
    let opts = worker_options(settings)?;
    let deliver = Arc::new(HttpDeliver::new(targets));
    Some(spawn_worker(
        hub.spool.clone(),
        deliver,
        opts,
        Arc::new(Hooks(metrics)),
    ))
}

/// Publishes the spool depth, write errors and missing-callback counts, and ages the
/// missing-callback tracker: payments older than `missing_after` with no callback at
/// `now_ms` (ms since the epoch) count as missing.
pub fn publish_spool(hub: &CallbackHub, metrics: &Metrics, missing_after: Duration, now_ms: u64) {
    let m = &metrics.money;
    let d = hub.spool.depth();
    m.callback_spool
        .with_label_values(&["pending"])
        .set(i64::try_from(d.pending).unwrap_or(i64::MAX));
    m.callback_spool
        .with_label_values(&["dead"])
        .set(i64::try_from(d.dead).unwrap_or(i64::MAX));
    let (newly, now_missing) =
        hub.missing
            .sweep(now_ms, missing_after, super::missing::FORGET_AFTER);
    m.callbacks_missing_total.inc_by(newly);
    m.callbacks_missing
        .set(i64::try_from(now_missing).unwrap_or(i64::MAX));
    // The spool counts since open; the counter catches up with it.
    let errors = hub.spool.write_errors();
    let shown = m.spool_write_errors.get();
    if errors > shown {
        m.spool_write_errors.inc_by(errors - shown);
    }
}
