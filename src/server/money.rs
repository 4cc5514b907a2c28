//! The money path's background service: runs the callback delivery worker and, on a short
//! tick, syncs channel health into the scorers and publishes channel, spool and
//! missing-callback metrics.
//!
//! The worker is started once with the boot config's `[callbacks]` retry settings; a
//! reload that changes them restarts the worker (in-flight attempts finish first). The
//! callback-specific work is in `callbacks::service`; this file only schedules it.

use crate::callbacks::deliver::DeliveryTargets;
use crate::callbacks::service::{publish_spool, start_worker};
use crate::callbacks::spool::WorkerHandle;
use crate::config::CallbackSettings;
use crate::runtime::Shared;
use async_trait::async_trait;
use pingora::server::ShutdownWatch;
use pingora::services::background::BackgroundService;
use std::sync::{Arc, Weak};
use std::time::Duration;

/// The background service; the server always adds it (it idles without `[callbacks]` or
/// channel groups).
pub(super) struct MoneyService {
    /// Process state.
    pub(super) shared: Arc<Shared>,
}

impl MoneyService {
    fn start_worker(&self, s: &CallbackSettings) -> Option<WorkerHandle> {
        let hub = self.shared.callbacks.as_ref()?;
        let targets: Weak<dyn DeliveryTargets> = Arc::downgrade(&self.shared) as _;
        start_worker(hub, s, targets, self.shared.metrics.clone())
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
            let after = rt
                .config
                .callbacks
                .as_ref()
                .map_or(hub.settings.missing_after, |c| c.missing_after);
            let now = crate::state::Clock::now_ms(&shared.guards.clock);
            publish_spool(hub, &shared.metrics, after, now);
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
