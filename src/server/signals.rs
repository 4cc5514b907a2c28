//! The process's stop signals: SIGQUIT and SIGTERM go to pingora's graceful paths;
//! SIGINT stops now, even during the grace period.

use crate::runtime::Shared;
use async_trait::async_trait;
use std::sync::Arc;

/// The process's stop signals.
///
/// SIGINT does not go through pingora 0.9.1's fast shutdown: with several worker threads
/// that shutdown sometimes never returns (an accept loop retries forever on "Tokio context
/// is being shut down", spinning a core and logging at tens of MB/s). "Stop now" is done
/// here instead: write out the queued decision-log and log lines, then exit. Nothing
/// acknowledged is lost by exiting (callback spool commits are durable; list files are
/// written on change); in-flight requests are cut, as a fast shutdown promises.
pub(super) struct Signals {
    pub(super) shared: Arc<Shared>,
}

#[async_trait]
impl pingora::server::ShutdownSignalWatch for Signals {
    async fn recv(&self) -> pingora::server::ShutdownSignal {
        use pingora::server::ShutdownSignal;
        use tokio::signal::unix::{signal, SignalKind};
        let (Ok(mut quit), Ok(mut term), Ok(mut int)) = (
            signal(SignalKind::quit()),
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) else {
            tracing::error!("cannot watch stop signals; using pingora's own handling");
            return pingora::server::UnixShutdownSignalWatch.recv().await;
        };
        let graceful = tokio::select! {
            _ = quit.recv() => ShutdownSignal::GracefulUpgrade,
            _ = term.recv() => ShutdownSignal::GracefulTerminate,
            _ = int.recv() => stop_now(&self.shared),
        };
        // A SIGINT during the grace period still means "stop now". pingora sleeps through
        // the grace period on its main thread, so the watch needs a thread of its own.
        let shared = self.shared.clone();
        let watch = std::thread::Builder::new()
            .name("riskgate-sigint".into())
            .spawn(move || {
                if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    rt.block_on(async {
                        if let Ok(mut int) = signal(SignalKind::interrupt()) {
                            int.recv().await;
                            stop_now(&shared);
                        }
                    });
                }
            });
        if let Err(e) = watch {
            tracing::warn!("SIGINT will not cut the grace period short: {e}");
        }
        graceful
    }
}

/// SIGINT: writes out the queued decision-log and log lines and exits.
fn stop_now(shared: &Shared) -> ! {
    tracing::info!("SIGINT received: stopping now");
    shared.decisions.close();
    crate::logging::flush();
    std::process::exit(0)
}
