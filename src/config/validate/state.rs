//! `[state]`: where the guards keep their counters and lists — in process (the default)
//! or in Redis shared by a fleet of edges.
//!
//! Owns the defaults and validity rules of the section; it does not connect anywhere
//! (`riskgate check` stays offline; the server's preflight may PING).

use super::{duration, Errs};
use crate::config::raw::{RawOnError, RawState};
use crate::config::types::{OnStateError, StateBackendKind, StateSettings};
use redis::IntoConnectionInfo;
use std::time::Duration;

/// Default key prefix: short, because it is repeated in every key.
pub const KEY_PREFIX: &str = "rg:";
/// Default Redis budget of one order: a loopback or same-zone round trip is 0.1–1 ms, so
/// 5 ms only fires on a real fault, and an order never waits longer than this for Redis.
pub const TIMEOUT: Duration = Duration::from_millis(5);
/// Longest allowed `timeout`: beyond a second a "fault" is a hung checkout.
pub const MAX_TIMEOUT: Duration = Duration::from_secs(1);
/// Consecutive failures that open the breaker: one lost packet must not, three in a row
/// means Redis is gone.
pub const BREAKER_FAILURES: u32 = 3;
/// Time an open breaker skips Redis before probing again.
pub const BREAKER_BACKOFF: Duration = Duration::from_secs(1);
/// Shared-list version poll: a change made on one edge is enforced on all within it.
pub const LIST_POLL: Duration = Duration::from_millis(250);

fn policy(v: Option<&str>, field: &str, e: &mut Errs) -> OnStateError {
    match v.map(str::trim) {
        None | Some("local") => OnStateError::Local,
        Some("deny") => OnStateError::Deny,
        Some("allow") => OnStateError::Allow,
        Some(other) => {
            e.add(
                field,
                format!("`{other}` is not an error policy (local, deny or allow)"),
            );
            OnStateError::Local
        }
    }
}

fn url(v: &str, field: &str, e: &mut Errs) -> Option<String> {
    let v = v.trim();
    if !v.starts_with("redis://") {
        e.add(field, format!("`{v}` is not a redis:// URL"));
        return None;
    }
    match v.into_connection_info() {
        Ok(_) => Some(v.to_string()),
        Err(err) => {
            e.add(field, format!("`{v}` is not a valid Redis URL: {err}"));
            None
        }
    }
}

/// Validates `[state]`; the in-process backend with defaults when absent.
pub(super) fn state(raw: Option<RawState>, e: &mut Errs) -> StateSettings {
    let raw = raw.unwrap_or_default();
    let backend = match raw.backend.as_deref().map(str::trim) {
        None | Some("memory") => {
            if raw.url.is_some() {
                e.add("state.url", "is only used with backend = \"redis\"");
            }
            if raw.cluster.is_some() {
                e.add("state.cluster", "is only used with backend = \"redis\"");
            }
            StateBackendKind::Memory
        }
        Some("redis") => match (raw.url.as_deref(), raw.cluster.as_deref()) {
            (Some(_), Some(_)) => {
                e.add("state.cluster", "give either url or cluster, not both");
                StateBackendKind::Memory
            }
            (None, None) => {
                e.add(
                    "state.url",
                    "is required with backend = \"redis\" (or give cluster = [...])",
                );
                StateBackendKind::Memory
            }
            (Some(u), None) => match url(u, "state.url", e) {
                Some(url) => StateBackendKind::Redis { url },
                None => StateBackendKind::Memory,
            },
            (None, Some(nodes)) => {
                if nodes.is_empty() {
                    e.add("state.cluster", "must name at least one node");
                }
                let nodes: Vec<String> = nodes
                    .iter()
                    .enumerate()
                    .filter_map(|(i, n)| url(n, &format!("state.cluster[{i}]"), e))
                    .collect();
                StateBackendKind::Cluster { nodes }
            }
        },
        Some(other) => {
            e.add(
                "state.backend",
                format!("`{other}` is not a state backend (memory or redis)"),
            );
            StateBackendKind::Memory
        }
    };
    let key_prefix = raw.key_prefix.unwrap_or_else(|| KEY_PREFIX.to_string());
    if key_prefix.len() > 64
        || key_prefix
            .chars()
            .any(|c| c == '{' || c == '}' || c.is_whitespace() || c.is_control())
    {
        e.add(
            "state.key_prefix",
            "must be at most 64 characters without braces or spaces",
        );
    }
    let timeout = duration(raw.timeout, TIMEOUT, "state.timeout", e);
    if timeout > MAX_TIMEOUT {
        e.add("state.timeout", "must be at most 1s");
    }
    let (on_error_rate, on_error_purchase) = match &raw.on_error {
        None => (OnStateError::Local, OnStateError::Local),
        Some(RawOnError::All(s)) => {
            let p = policy(Some(s), "state.on_error", e);
            (p, p)
        }
        Some(RawOnError::PerKind(k)) => (
            policy(k.rate.as_deref(), "state.on_error.rate", e),
            policy(k.purchase.as_deref(), "state.on_error.purchase", e),
        ),
    };
    let breaker_failures = match raw.breaker_failures {
        None => BREAKER_FAILURES,
        Some(n) if (1..=1000).contains(&n) => n as u32,
        Some(_) => {
            e.add("state.breaker_failures", "must be between 1 and 1000");
            BREAKER_FAILURES
        }
    };
    let breaker_backoff = duration(
        raw.breaker_backoff,
        BREAKER_BACKOFF,
        "state.breaker_backoff",
        e,
    );
    let list_poll = duration(raw.list_poll, LIST_POLL, "state.list_poll", e);
    if list_poll > Duration::from_secs(1) {
        e.add(
            "state.list_poll",
            "must be at most 1s (list changes reach every edge within it)",
        );
    }
    StateSettings {
        backend,
        key_prefix,
        timeout,
        on_error_rate,
        on_error_purchase,
        breaker_failures,
        breaker_backoff,
        list_poll,
    }
}

#[cfg(test)]
mod tests {
    use crate::config::types::{OnStateError, StateBackendKind};
    use std::time::Duration;

    const BASE: &str =
        "[upstreams.a]\nservers=[\"127.0.0.1:1\"]\n[[routes]]\nkind=\"pass\"\nupstream=\"a\"\n";

    fn errors(state: &str) -> Vec<String> {
        match crate::config::parse(&format!("{BASE}{state}"), "t.toml") {
            Ok(_) => Vec::new(),
            // The first line counts the problems; each problem is an indented line.
            Err(e) => e
                .to_string()
                .lines()
                .skip(1)
                .map(|l| l.trim().to_string())
                .collect(),
        }
    }

    #[test]
    fn memory_is_the_default_and_redis_settings_parse() {
        let c = crate::config::parse(BASE, "t.toml").unwrap();
        assert_eq!(c.state.backend, StateBackendKind::Memory);
        assert_eq!(c.state.timeout, Duration::from_millis(5));
        assert_eq!(c.state.on_error_rate, OnStateError::Local);
        let c = crate::config::parse(
            &format!(
                "{BASE}[state]\nbackend = \"redis\"\nurl = \"redis://127.0.0.1:6390/2\"\ntimeout = \"20ms\"\non_error = {{ rate = \"allow\", purchase = \"deny\" }}\n"
            ),
            "t.toml",
        )
        .unwrap();
        assert_eq!(
            c.state.backend,
            StateBackendKind::Redis {
                url: "redis://127.0.0.1:6390/2".into()
            }
        );
        assert_eq!(c.state.timeout, Duration::from_millis(20));
        assert_eq!(c.state.on_error_rate, OnStateError::Allow);
        assert_eq!(c.state.on_error_purchase, OnStateError::Deny);
        let c = crate::config::parse(
            &format!("{BASE}[state]\nbackend = \"redis\"\ncluster = [\"redis://127.0.0.1:7000\", \"redis://127.0.0.1:7001\"]\non_error = \"deny\"\n"),
            "t.toml",
        )
        .unwrap();
        assert!(
            matches!(c.state.backend, StateBackendKind::Cluster { ref nodes } if nodes.len() == 2)
        );
        assert_eq!(c.state.on_error_rate, OnStateError::Deny);
    }

    #[test]
    fn every_state_error_names_field_and_line() {
        let cases: &[(&str, &str)] = &[
            (
                "[state]\nbackend = \"etcd\"\n",
                "t.toml:7: state.backend: `etcd` is not a state backend (memory or redis)",
            ),
            (
                "[state]\nbackend = \"redis\"\n",
                "t.toml:6: state.url: is required with backend = \"redis\" (or give cluster = [...])",
            ),
            (
                "[state]\nurl = \"redis://127.0.0.1:1\"\n",
                "t.toml:7: state.url: is only used with backend = \"redis\"",
            ),
            (
                "[state]\nbackend = \"redis\"\nurl = \"http://x\"\n",
                "t.toml:8: state.url: `http://x` is not a redis:// URL",
            ),
            (
                "[state]\nbackend = \"redis\"\ncluster = [\"redis://127.0.0.1:1\", \"nope\"]\n",
                "t.toml:8: state.cluster[1]: `nope` is not a redis:// URL",
            ),
            (
                "[state]\nbackend = \"redis\"\nurl = \"redis://127.0.0.1:1\"\ntimeout = \"2s\"\n",
                "t.toml:9: state.timeout: must be at most 1s",
            ),
            (
                "[state]\non_error = \"retry\"\n",
                "t.toml:7: state.on_error: `retry` is not an error policy (local, deny or allow)",
            ),
            (
                "[state]\non_error = { rate = \"maybe\" }\n",
                "t.toml:7: state.on_error.rate: `maybe` is not an error policy (local, deny or allow)",
            ),
            (
                "[state]\nkey_prefix = \"{a}\"\n",
                "t.toml:7: state.key_prefix: must be at most 64 characters without braces or spaces",
            ),
            (
                "[state]\nbreaker_failures = 0\n",
                "t.toml:7: state.breaker_failures: must be between 1 and 1000",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(errors(text), vec![want.to_string()], "{text}");
        }
    }
}
