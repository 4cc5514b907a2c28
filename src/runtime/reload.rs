//! Live reload: re-read the config file, build the next generation, and swap it in only
//! when every part of it built.
//!
//! A config that fails validation, a model or schema that does not load, or a list file
//! that cannot be read refuses the whole reload: the previous generation keeps serving
//! and the refusal is counted and logged. Called by `POST /reload`, SIGHUP and the model
//! file watcher; a lock serialises them.

use super::{Runtime, RuntimeError, Shared};
use crate::config;
use crate::metrics::ReloadOutcome;
use std::sync::Arc;

/// What a reload did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReloadResult {
    /// The new config serves from now on.
    Applied {
        /// The new generation number.
        generation: u64,
        /// Changed settings that only a restart applies (listeners, threads, admin).
        restart_required: Vec<&'static str>,
    },
    /// The new config was refused; the previous one keeps serving.
    Refused {
        /// Every problem, rendered `file:line: field: reason`.
        errors: Vec<String>,
    },
}

impl Shared {
    /// Re-reads the config file and swaps in a new generation when it is valid.
    ///
    /// Called by `POST /reload` and SIGHUP. Never disturbs requests in flight: they hold
    /// the old generation until they finish.
    pub fn reload(&self) -> ReloadResult {
        let _guard = self.reload_lock.lock().unwrap_or_else(|p| p.into_inner());
        let Some(path) = &self.config_path else {
            return self.refuse(vec![
                "no config file to reload (started from an embedded config)".into(),
            ]);
        };
        let config = match config::load(path) {
            Ok(c) => c,
            Err(e) => {
                let file = e.file.clone();
                return self.refuse(e.errors.iter().map(|x| x.render(&file)).collect());
            }
        };
        let restart_required = config::restart_required(&self.boot, &config);
        let current = self.runtime.load();
        let generation = current.generation + 1;
        let rt = match Runtime::build(config, generation, Some(&current), &self.guards) {
            Ok(rt) => rt,
            Err(e) => {
                if matches!(e, RuntimeError::Risk(_)) {
                    self.metrics
                        .model_reloads
                        .with_label_values(&["failure"])
                        .inc();
                }
                return self.refuse(vec![e.to_string()]);
            }
        };
        if let Some(r) = &rt.risk {
            self.metrics
                .model_reloads
                .with_label_values(&["success"])
                .inc();
            tracing::info!(model = %r.model.path().display(), version = r.model.version(), "risk model loaded");
        }
        // Lists last: once they are swapped, the rest of the generation must go in too.
        if let Err(e) = self.guards.reload_lists(&rt.config) {
            return self.refuse(vec![format!("lists: {e}")]);
        }
        // Drop series of servers that no longer exist, publish the new ones.
        for old in current.upstreams.values() {
            for (addr, _) in old.health() {
                let still = rt
                    .upstreams
                    .get(&old.name)
                    .is_some_and(|g| g.config.servers.iter().any(|s| s.addr == addr));
                if !still {
                    let _ = self
                        .metrics
                        .upstream_server_up
                        .remove_label_values(&[old.name.as_str(), &addr.to_string()]);
                }
            }
        }
        for g in rt.upstreams.values() {
            g.publish_health(&self.metrics);
        }
        self.runtime.store(Arc::new(rt));
        self.metrics.config_generation.set(generation as i64);
        self.metrics.observe_reload(ReloadOutcome::Success);
        tracing::info!(generation, ?restart_required, "configuration reloaded");
        ReloadResult::Applied {
            generation,
            restart_required,
        }
    }

    fn refuse(&self, errors: Vec<String>) -> ReloadResult {
        self.metrics.observe_reload(ReloadOutcome::Failure);
        for e in &errors {
            tracing::error!("reload refused: {e}");
        }
        ReloadResult::Refused { errors }
    }
}
