//! Upstream groups: weighted round-robin or consistent-hash selection over healthy
//! servers, with active HTTP health checks.
//!
//! Built on pingora's load-balancing crate (selection algorithms and health registry).
//! Health checks are driven by [`UpstreamGroup::check_if_due`], which the server's
//! background task calls for the groups of the config now serving, so a reload simply
//! changes which groups get checked. Groups whose config did not change are carried over
//! by reload with their health state intact.

use crate::config::{ChannelConfig, HealthConfig, Strategy, UpstreamConfig};
use crate::metrics::Metrics;
use async_trait::async_trait;
use futures_util::FutureExt;
use pingora::http::{RequestHeader, ResponseHeader};
use pingora::lb::discovery::Static;
use pingora::lb::health_check::{HealthCheck, HttpHealthCheck};
use pingora::lb::selection::{Consistent, RoundRobin};
use pingora::lb::{Backend, Backends, LoadBalancer};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

/// Errors building a group (only possible with addresses pingora refuses).
#[derive(Debug, thiserror::Error)]
pub enum UpstreamError {
    /// A server address could not be turned into a backend.
    #[error("upstream {group}: server {addr}: {reason}")]
    Backend {
        /// Group name.
        group: String,
        /// Server address.
        addr: SocketAddr,
        /// pingora's explanation.
        reason: String,
    },
}

enum Selector {
    RoundRobin(LoadBalancer<RoundRobin>),
    Hash(LoadBalancer<Consistent>),
}

impl Selector {
    fn backends(&self) -> &Backends {
        match self {
            Selector::RoundRobin(lb) => lb.backends(),
            Selector::Hash(lb) => lb.backends(),
        }
    }
}

/// How one server of a group is health-checked when it is not like the group's default:
/// a payment channel is checked with its own scheme, host and (optionally) path.
#[derive(Debug, Clone, PartialEq)]
pub struct HealthPeer {
    /// The server.
    pub addr: SocketAddr,
    /// Check over TLS.
    pub tls: bool,
    /// SNI and `Host`.
    pub host: String,
    /// Path and query; `None`: the group's `health.path`.
    pub path: Option<String>,
}

/// The per-server health-check settings of a channel group (empty for other groups).
pub fn health_peers(
    config: &UpstreamConfig,
    channels: &BTreeMap<String, ChannelConfig>,
) -> Vec<HealthPeer> {
    config
        .channels
        .iter()
        .filter_map(|n| channels.get(n))
        .map(|c| HealthPeer {
            addr: c.addr,
            tls: c.tls,
            host: c.host.clone(),
            path: c.health_path.clone(),
        })
        .collect()
}

fn http_check(h: &HealthConfig, tls: bool, host: &str, path: &str) -> HttpHealthCheck {
    let mut hc = HttpHealthCheck::new(host, tls);
    if let Ok(mut req) = RequestHeader::build("GET", path.as_bytes(), None) {
        let _ = req.insert_header("Host", host);
        let _ = req.insert_header("User-Agent", "riskgate-health/1");
        hc.req = req;
    }
    hc.consecutive_success = h.healthy_threshold.get();
    hc.consecutive_failure = h.unhealthy_threshold.get();
    hc.peer_template.options.connection_timeout = Some(h.timeout);
    hc.peer_template.options.read_timeout = Some(h.timeout);
    let expect = h.expect_status;
    hc.validator = Some(Box::new(move |resp: &ResponseHeader| {
        if resp.status.as_u16() == expect {
            Ok(())
        } else {
            pingora::Error::e_explain(
                pingora::ErrorType::HTTPStatus(resp.status.as_u16()),
                format!("health check expected {expect}"),
            )
        }
    }));
    hc
}

/// A health check that differs per server (channel groups).
struct PerServerCheck {
    default: HttpHealthCheck,
    by_addr: HashMap<SocketAddr, HttpHealthCheck>,
}

#[async_trait]
impl HealthCheck for PerServerCheck {
    async fn check(&self, target: &Backend) -> pingora::Result<()> {
        let hc = target
            .addr
            .as_inet()
            .and_then(|a| self.by_addr.get(a))
            .unwrap_or(&self.default);
        hc.check(target).await
    }

    fn health_threshold(&self, success: bool) -> usize {
        self.default.health_threshold(success)
    }
}

/// One upstream group, ready to select servers.
pub struct UpstreamGroup {
    /// Group name from `[upstreams.NAME]`.
    pub name: String,
    /// The config it was built from (reload compares this to decide on reuse).
    pub config: UpstreamConfig,
    selector: Selector,
    servers: Vec<Backend>,
    /// Last known health per server, mirrored into metrics on change.
    last_up: Vec<AtomicBool>,
    checking: AtomicBool,
    /// Milliseconds since `epoch` at which the next health check is due.
    next_check_ms: AtomicU64,
    epoch: Instant,
    /// Per-server health-check settings it was built with (reload compares these too).
    pub health_peers: Vec<HealthPeer>,
}

impl UpstreamGroup {
    /// Builds a group from its validated config; `peers` (from [`health_peers`]) override
    /// how listed servers are health-checked. Called at start and on reload.
    pub fn new(
        name: &str,
        config: &UpstreamConfig,
        peers: &[HealthPeer],
    ) -> Result<Arc<Self>, UpstreamError> {
        let mut set = BTreeSet::new();
        let mut servers = Vec::new();
        for s in &config.servers {
            let b = Backend::new_with_weight(&s.addr.to_string(), s.weight.get()).map_err(|e| {
                UpstreamError::Backend {
                    group: name.to_string(),
                    addr: s.addr,
                    reason: e.to_string(),
                }
            })?;
            servers.push(b.clone());
            set.insert(b);
        }
        let backends = Backends::new(Static::new(set));
        let mut selector = match config.strategy {
            Strategy::RoundRobin => Selector::RoundRobin(LoadBalancer::from_backends(backends)),
            Strategy::ConsistentHash(_) => Selector::Hash(LoadBalancer::from_backends(backends)),
        };
        // Static discovery never awaits, so the update completes in one poll.
        let updated = match &selector {
            Selector::RoundRobin(lb) => lb.update().now_or_never(),
            Selector::Hash(lb) => lb.update().now_or_never(),
        };
        if !matches!(updated, Some(Ok(()))) {
            tracing::warn!(
                upstream = name,
                "static backend discovery did not complete at once"
            );
        }
        if let Some(h) = &config.health {
            let default = http_check(h, config.tls, &h.host, &h.path);
            let check: Box<dyn HealthCheck + Send + Sync> = if peers.is_empty() {
                Box::new(default)
            } else {
                let by_addr = peers
                    .iter()
                    .map(|p| {
                        let path = p.path.as_deref().unwrap_or(&h.path);
                        (p.addr, http_check(h, p.tls, &p.host, path))
                    })
                    .collect();
                Box::new(PerServerCheck { default, by_addr })
            };
            match &mut selector {
                Selector::RoundRobin(lb) => lb.set_health_check(check),
                Selector::Hash(lb) => lb.set_health_check(check),
            }
        }
        let last_up = servers.iter().map(|_| AtomicBool::new(true)).collect();
        Ok(Arc::new(UpstreamGroup {
            name: name.to_string(),
            config: config.clone(),
            selector,
            servers,
            last_up,
            checking: AtomicBool::new(false),
            next_check_ms: AtomicU64::new(0),
            epoch: Instant::now(),
            health_peers: peers.to_vec(),
        }))
    }

    /// Picks a server for one attempt.
    ///
    /// `key` feeds consistent hashing (ignored by round robin). `tried` lists servers this
    /// request already failed to connect to; they are skipped. Healthy servers come
    /// first; when none is healthy, an untried unhealthy one is returned (fail open: a
    /// broken health check must not take the whole site down). `None` means every
    /// server was tried.
    pub fn select(&self, key: &[u8], tried: &[SocketAddr]) -> Option<SocketAddr> {
        // One server: healthy or not (fail open), it is the answer unless already tried;
        // skips the selector's walk on the most common pass route (about 1.8k instructions).
        if let [only] = self.servers.as_slice() {
            return only.addr.as_inet().copied().filter(|a| !tried.contains(a));
        }
        // Bound the walk: ketama may revisit, so allow a few laps of the ring.
        let max = self.servers.len() * 4 + 8;
        let pick = |healthy_only: bool| {
            let accept = |b: &Backend, healthy: bool| {
                (healthy || !healthy_only) && !b.addr.as_inet().is_some_and(|a| tried.contains(a))
            };
            match &self.selector {
                Selector::RoundRobin(lb) => lb.select_with(key, max, accept),
                Selector::Hash(lb) => lb.select_with(key, max, accept),
            }
        };
        pick(true)
            .or_else(|| pick(false))
            .and_then(|b| b.addr.as_inet().copied())
    }

    /// Returns each server with its current health (true = up).
    pub fn health(&self) -> Vec<(SocketAddr, bool)> {
        let backends = self.selector.backends();
        self.servers
            .iter()
            .filter_map(|b| b.addr.as_inet().map(|a| (*a, backends.ready(b))))
            .collect()
    }

    /// Publishes the current health of every server to metrics (e.g. after a reload).
    pub fn publish_health(&self, metrics: &Metrics) {
        for (addr, up) in self.health() {
            metrics
                .upstream_server_up
                .with_label_values(&[self.name.as_str(), &addr.to_string()])
                .set(up as i64);
        }
    }

    /// Runs one round of health checks when the interval has elapsed and none is running.
    ///
    /// Called frequently by the server's background task; returns at once when nothing
    /// is due. Health changes are logged and mirrored into `riskgate_upstream_server_up`.
    pub async fn check_if_due(self: Arc<Self>, metrics: Arc<Metrics>) {
        let Some(h) = &self.config.health else { return };
        let now = self.epoch.elapsed().as_millis() as u64;
        if now < self.next_check_ms.load(Ordering::Relaxed) {
            return;
        }
        if self.checking.swap(true, Ordering::AcqRel) {
            return;
        }
        self.next_check_ms
            .store(now + h.interval.as_millis() as u64, Ordering::Relaxed);
        self.selector.backends().run_health_check(true).await;
        for (i, (addr, up)) in self.health().into_iter().enumerate() {
            let was = self.last_up[i].swap(up, Ordering::AcqRel);
            if was != up {
                if up {
                    tracing::info!(upstream = %self.name, server = %addr, "server is healthy again");
                } else {
                    tracing::warn!(upstream = %self.name, server = %addr, "server failed health checks; ejected");
                }
            }
            metrics
                .upstream_server_up
                .with_label_values(&[self.name.as_str(), &addr.to_string()])
                .set(up as i64);
        }
        self.checking.store(false, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse;

    fn group(strategy: &str) -> Arc<UpstreamGroup> {
        let cfg = parse(
            &format!(
                r#"
[upstreams.a]
servers = ["127.0.0.1:1001", {{ addr = "127.0.0.1:1002", weight = 3 }}, "127.0.0.1:1003"]
{strategy}
[[routes]]
kind = "pass"
upstream = "a"
"#
            ),
            "t",
        )
        .unwrap();
        UpstreamGroup::new("a", &cfg.upstreams["a"], &[]).unwrap()
    }

    #[test]
    fn round_robin_respects_weights() {
        let g = group("");
        let mut counts = std::collections::HashMap::new();
        for _ in 0..500 {
            *counts
                .entry(g.select(b"", &[]).unwrap().port())
                .or_insert(0) += 1;
        }
        assert_eq!(counts[&1001], 100);
        assert_eq!(counts[&1002], 300);
        assert_eq!(counts[&1003], 100);
    }

    #[test]
    fn skips_tried_servers_and_runs_out() {
        let g = group("");
        let a: SocketAddr = "127.0.0.1:1001".parse().unwrap();
        let b: SocketAddr = "127.0.0.1:1002".parse().unwrap();
        let c: SocketAddr = "127.0.0.1:1003".parse().unwrap();
        for _ in 0..20 {
            assert_eq!(g.select(b"", &[a, b]), Some(c));
        }
        assert_eq!(g.select(b"", &[a, b, c]), None);
    }

    #[test]
    fn a_single_server_is_the_answer_until_tried() {
        let cfg = parse(
            "[upstreams.a]\nservers = [\"127.0.0.1:1001\"]\n[[routes]]\nkind = \"pass\"\nupstream = \"a\"\n",
            "t",
        )
        .unwrap();
        let g = UpstreamGroup::new("a", &cfg.upstreams["a"], &[]).unwrap();
        let a: SocketAddr = "127.0.0.1:1001".parse().unwrap();
        let other: SocketAddr = "127.0.0.1:1002".parse().unwrap();
        assert_eq!(g.select(b"k", &[]), Some(a));
        assert_eq!(g.select(b"k", &[other]), Some(a));
        assert_eq!(g.select(b"k", &[a]), None);
    }

    #[test]
    fn consistent_hash_is_sticky_per_key() {
        let g = group("strategy = \"consistent_hash\"");
        for key in ["10.0.0.1", "10.0.0.2", "2001:db8::1"] {
            let first = g.select(key.as_bytes(), &[]);
            for _ in 0..10 {
                assert_eq!(g.select(key.as_bytes(), &[]), first);
            }
        }
        let distinct: std::collections::HashSet<_> = (0..200)
            .map(|i| g.select(format!("10.0.{i}.1").as_bytes(), &[]))
            .collect();
        assert_eq!(distinct.len(), 3, "keys spread over all servers");
    }
}
