//! The money path's background service: runs the callback delivery worker and, on a short
//! tick, syncs channel health into the scorers and publishes channel, spool and
//! missing-callback metrics.
//!
//! The worker is started once with the boot config's `[callbacks]` retry settings; a
//! reload that changes them restarts the worker (in-flight attempts finish first).

use super::deliver::HttpDeliver;
use super::spool::{spawn_worker, Record, RetryPolicy, WorkerHandle, WorkerHooks, WorkerOptions};
use crate::config::CallbackSettings;
use crate::metrics::Metrics;
use crate::runtime::Shared;
use async_trait::async_trait;
use pingora::server::ShutdownWatch;
use pingora::services::background::BackgroundService;
use std::sync::Arc;
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

/// The background service; add it to the server when `[callbacks]` or channel groups exist.
pub struct MoneyService {
    /// Process state.
    pub shared: Arc<Shared>,
}

impl MoneyService {
    fn start_worker(&self, s: &CallbackSettings) -> Option<WorkerHandle> {
        let hub = self.shared.callbacks.as_ref()?;
        let opts = worker_options(s)?;
        let deliver = Arc::new(HttpDeliver::new(Arc::downgrade(&self.shared)));
        Some(spawn_worker(
            hub.spool.clone(),
            deliver,
            opts,
            Arc::new(Hooks(self.shared.metrics.clone())),
        ))
    }

    fn publish(&self) {
        let shared = &self.shared;
        let rt = shared.runtime.load();
        for g in rt.channel_groups.values() {
            if let Some(up) = rt.upstreams.get(&g.name) {
                g.sync_health(up);
            }
            g.publish(&shared.metrics);
        }
        if let Some(hub) = &shared.callbacks {
            let m = &shared.metrics.money;
            let d = hub.spool.depth();
            m.callback_spool
                .with_label_values(&["pending"])
                .set(i64::try_from(d.pending).unwrap_or(i64::MAX));
            m.callback_spool
                .with_label_values(&["dead"])
                .set(i64::try_from(d.dead).unwrap_or(i64::MAX));
            let after = rt
                .config
                .callbacks
                .as_ref()
                .map_or(hub.settings.missing_after, |c| c.missing_after);
            let now = crate::state::Clock::now_ms(&shared.guards.clock);
            let (newly, now_missing) = hub.missing.sweep(now, after, super::missing::FORGET_AFTER);
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
    }
}

#[async_trait]
impl BackgroundService for MoneyService {
    async fn start(&self, mut shutdown: ShutdownWatch) {
        let mut settings = self
            .shared
            .runtime
            .load()
            .config
            .callbacks
            .clone()
            .or_else(|| self.shared.callbacks.as_ref().map(|h| h.settings.clone()));
        let mut worker = settings.as_ref().and_then(|s| self.start_worker(s));
        let mut tick = tokio::time::interval(Duration::from_millis(250));
        loop {
            tokio::select! {
                _ = shutdown.changed() => break,
                _ = tick.tick() => {
                    self.publish();
                    // Restart the worker when a reload changed its settings.
                    let now = self.shared.runtime.load().config.callbacks.clone();
                    if now.is_some() && now != settings {
                        if let Some(w) = worker.take() {
                            w.shutdown().await;
                        }
                        settings = now;
                        worker = settings.as_ref().and_then(|s| self.start_worker(s));
                    }
                }
            }
        }
        if let Some(w) = worker {
            w.shutdown().await;
        }
    }
}
