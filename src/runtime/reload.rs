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
        let mut config = match config::load(path) {
            Ok(c) => c,
            Err(e) => {
                let file = e.file.clone();
                return self.refuse(e.errors.iter().map(|x| x.render(&file)).collect());
            }
        };
        if let Some(fix) = self.reload_fixup() {
            fix(&mut config);
        }
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
        self.metrics.prime(&rt.config);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fingerprint::CookieKeys;
    use crate::runtime::Secrets;
    use std::path::Path;

    const ONE: &str = "[upstreams.shop]\nservers = [\"127.0.0.1:18081\"]\n\n\
                       [[routes]]\nkind = \"pass\"\nupstream = \"shop\"\n";

    fn start(path: &Path) -> Arc<Shared> {
        let config = config::load(path).expect("valid test config");
        let secrets = Secrets {
            admin_token: "t".repeat(16),
            cookie_keys: CookieKeys::new(vec![vec![7u8; 32]]).expect("a 32-byte key"),
        };
        Shared::new(config, Some(path.to_path_buf()), secrets).expect("generation 1")
    }

    fn metrics(shared: &Shared) -> String {
        String::from_utf8(shared.metrics.render()).expect("text exposition")
    }

    #[test]
    fn an_invalid_config_is_refused_and_the_old_generation_keeps_serving() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("riskgate.toml");
        std::fs::write(&path, ONE).unwrap();
        let shared = start(&path);
        std::fs::write(&path, format!("bogus = 1\n{ONE}")).unwrap();
        let ReloadResult::Refused { errors } = shared.reload() else {
            panic!("an unknown key must be refused");
        };
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].contains("riskgate.toml:1: ") && errors[0].contains("`bogus`"),
            "names the file, line and field: {errors:?}"
        );
        let rt = shared.runtime.load();
        assert_eq!(rt.generation, 1);
        assert_eq!(rt.config.upstreams["shop"].servers.len(), 1);
        let m = metrics(&shared);
        assert!(m.contains("riskgate_config_reloads_total{outcome=\"failure\"} 1\n"));
        assert!(m.contains("riskgate_config_reloads_total{outcome=\"success\"} 0\n"));
        assert!(m.contains("riskgate_config_generation 1\n"), "{m}");
    }

    #[test]
    fn a_valid_config_becomes_the_next_generation_and_drops_series_of_removed_servers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("riskgate.toml");
        std::fs::write(&path, ONE).unwrap();
        let shared = start(&path);
        assert!(metrics(&shared).contains(
            "riskgate_upstream_server_up{server=\"127.0.0.1:18081\",upstream=\"shop\"} 1\n"
        ));
        std::fs::write(&path, ONE.replace("18081", "18082")).unwrap();
        assert_eq!(
            shared.reload(),
            ReloadResult::Applied {
                generation: 2,
                restart_required: vec![],
            }
        );
        let rt = shared.runtime.load();
        assert_eq!(rt.generation, 2);
        assert_eq!(
            rt.config.upstreams["shop"].servers[0].addr,
            "127.0.0.1:18082".parse().unwrap()
        );
        let m = metrics(&shared);
        assert!(
            !m.contains("127.0.0.1:18081"),
            "old server's series dropped: {m}"
        );
        assert!(m.contains(
            "riskgate_upstream_server_up{server=\"127.0.0.1:18082\",upstream=\"shop\"} 1\n"
        ));
        assert!(m.contains("riskgate_config_reloads_total{outcome=\"success\"} 1\n"));
        assert!(m.contains("riskgate_config_generation 2\n"));
    }

    #[test]
    fn a_listener_change_is_applied_but_named_as_needing_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("riskgate.toml");
        std::fs::write(&path, ONE).unwrap();
        let shared = start(&path);
        std::fs::write(
            &path,
            format!("[server]\nlisten = [\"127.0.0.1:0\"]\n{ONE}"),
        )
        .unwrap();
        assert_eq!(
            shared.reload(),
            ReloadResult::Applied {
                generation: 2,
                restart_required: vec!["server.listen"],
            }
        );
    }

    #[test]
    fn a_config_built_in_memory_has_nothing_to_reload() {
        let config = config::parse(ONE, "mem.toml").unwrap();
        let secrets = Secrets {
            admin_token: "t".repeat(16),
            cookie_keys: CookieKeys::new(vec![vec![7u8; 32]]).unwrap(),
        };
        let shared = Shared::new(config, None, secrets).unwrap();
        assert_eq!(
            shared.reload(),
            ReloadResult::Refused {
                errors: vec!["no config file to reload (started from an embedded config)".into()],
            }
        );
        assert_eq!(shared.runtime.load().generation, 1);
    }
}
