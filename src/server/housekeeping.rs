//! Housekeeping: the background service that marks the server ready (once every proxy
//! listener accepts), runs due upstream health checks, purges expired list entries, and
//! reloads on SIGHUP or when the model file watcher ([`super::watcher`]) sees a changed
//! model.

use super::watcher::ModelWatch;
use crate::runtime::Shared;
use async_trait::async_trait;
use pingora::server::ShutdownWatch;
use pingora::services::background::BackgroundService;
use std::sync::Arc;
use std::time::Duration;

/// Runs health checks for the serving generation and handles SIGHUP.
pub(super) struct Housekeeping {
    pub(super) shared: Arc<Shared>,
}

#[async_trait]
impl BackgroundService for Housekeeping {
    async fn start(&self, mut shutdown: ShutdownWatch) {
        // Ready once every proxy listener accepts (crate::readiness), not before.
        let shared = self.shared.clone();
        tokio::spawn(async move {
            let server = &shared.runtime.load().config.server;
            let addrs: Vec<_> = (server.listen.iter().copied())
                .chain(server.tls.iter().map(|t| t.listen))
                .collect();
            match crate::readiness::wait_until_accepting(&addrs, Duration::from_secs(60)).await {
                Ok(()) => shared.mark_ready(),
                Err(a) => {
                    tracing::error!("listener {a} does not accept connections: /readyz stays 503")
                }
            }
        });
        tokio::spawn(review_sweep(self.shared.clone()));
        tokio::spawn(super::fleet_lists::follow(self.shared.clone()));
        tokio::spawn(super::fleet_callbacks::follow(self.shared.clone()));
        let mut hup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok();
        // 50 ms is well below any sensible health interval; checks themselves decide
        // whether they are due, so this only bounds how late one can start.
        let mut tick = tokio::time::interval(Duration::from_millis(50));
        // Expired list entries are ignored by lookups already; purging reclaims memory
        // and keeps the files tidy.
        let mut purge = tokio::time::interval(Duration::from_secs(60));
        let mut watch = ModelWatch::default();
        loop {
            tokio::select! {
                _ = shutdown.changed() => return,
                _ = tick.tick() => {
                    let rt = self.shared.runtime.load();
                    for g in rt.upstreams.values() {
                        if g.config.health.is_some() {
                            tokio::spawn(g.clone().check_if_due(self.shared.metrics.clone()));
                        }
                    }
                    if watch.due(&rt).await {
                        tracing::info!("risk.watch: a model or schema file changed; reloading");
                        let shared = self.shared.clone();
                        let _ = tokio::task::spawn_blocking(move || shared.reload()).await;
                    }
                }
                _ = purge.tick() => {
                    let shared = self.shared.clone();
                    // Fire and forget: the next tick runs regardless of this one.
                    drop(tokio::task::spawn_blocking(move || {
                        let now = shared.guards.clock_unix();
                        shared.guards.sweep();
                        if let Err(e) = shared.guards.lists.load().purge_expired(now) {
                            tracing::error!("purging expired list entries: {e}");
                        }
                    }));
                }
                Some(_) = async { match hup.as_mut() { Some(s) => s.recv().await, None => std::future::pending().await } } => {
                    tracing::info!("SIGHUP: reloading configuration");
                    let shared = self.shared.clone();
                    // Reload reads a file: keep it off the async workers.
                    let _ = tokio::task::spawn_blocking(move || shared.reload()).await;
                }
            }
        }
    }
}

/// Runs the expiry sweep forever (spawned once at start when the queue is enabled).
async fn review_sweep(shared: Arc<Shared>) {
    use crate::state::Clock;
    let Some(hub) = shared.reviews.clone() else {
        return;
    };
    let mut tick = tokio::time::interval(hub.sweep_interval());
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let rt = shared.runtime.load_full();
        hub.sweep(&rt, shared.guards.clock.now_ms()).await;
    }
}
