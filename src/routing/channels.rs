//! Channel groups: an upstream group whose servers are payment channels, picked by score
//! (`routing::channel`) instead of round robin.
//!
//! Owns the mapping between config (channel names, URLs, TLS) and the scoring set, the
//! monotonic clock the set is fed with, active-health sync from the group's health checks,
//! and publishing channel metrics. Which attempt goes where is decided per request in
//! `proxy::channel`; when a failed attempt may fail over is `routing::failover`.

use super::channel::{ChannelError, ChannelSet, Circuit, SelectorParams};
use super::UpstreamGroup;
use crate::config::{ChannelConfig, FailoverSettings, SelectionSettings, UpstreamConfig};
use crate::metrics::Metrics;
use serde::Serialize;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How to reach one channel.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelPeer {
    /// Channel name.
    pub name: String,
    /// Server address.
    pub addr: SocketAddr,
    /// Connect with TLS.
    pub tls: bool,
    /// SNI host.
    pub host: String,
    /// Per-channel connect timeout, if set.
    pub connect_timeout: Option<Duration>,
    /// Per-channel read timeout, if set.
    pub read_timeout: Option<Duration>,
    /// Payment-status query template (`routing::failover::status_path`), if any.
    pub status_path: Option<String>,
    /// Bound on one status query.
    pub status_timeout: Duration,
}

/// One channel group of a generation; reused across reloads while its config is unchanged
/// so scores and circuits carry over.
pub struct ChannelGroup {
    /// The upstream group name.
    pub name: String,
    /// Channels in set order.
    pub peers: Vec<ChannelPeer>,
    /// Scores, circuits and counters.
    pub set: ChannelSet,
    /// Failover rules.
    pub failover: FailoverSettings,
    /// The upstream config this was built from (reuse check).
    pub upstream: UpstreamConfig,
    epoch: Instant,
    published_ejections: Vec<AtomicU64>,
}

/// Converts the validated selection settings into the scorer's parameters.
pub fn params(s: &SelectionSettings) -> SelectorParams {
    SelectorParams {
        ewma_tau: s.ewma_tau,
        window: s.window,
        exploration: s.exploration,
        min_success_rate: s.min_success_rate,
        min_samples: s.min_samples,
        eject_after: s.eject_after,
        eject_base: s.eject_base,
        eject_max: s.eject_max,
        ..SelectorParams::default()
    }
}

impl ChannelGroup {
    /// Builds the group named `name` from its upstream config and the channel table.
    pub fn build(
        name: &str,
        upstream: &UpstreamConfig,
        channels: &BTreeMap<String, ChannelConfig>,
    ) -> Result<Arc<ChannelGroup>, ChannelError> {
        let mut peers = Vec::with_capacity(upstream.channels.len());
        let mut weights = Vec::with_capacity(upstream.channels.len());
        for n in &upstream.channels {
            if let Some(c) = channels.get(n) {
                peers.push(ChannelPeer {
                    name: n.clone(),
                    addr: c.addr,
                    tls: c.tls,
                    host: c.host.clone(),
                    connect_timeout: c.connect_timeout,
                    read_timeout: c.read_timeout,
                    status_path: c.status_path.clone(),
                    status_timeout: c.status_timeout,
                });
                weights.push((n.clone(), c.weight.get()));
            }
        }
        let set = ChannelSet::new(&weights, params(&upstream.selection))?;
        Ok(Arc::new(ChannelGroup {
            name: name.to_string(),
            published_ejections: peers.iter().map(|_| AtomicU64::new(0)).collect(),
            peers,
            set,
            failover: upstream.failover.clone(),
            upstream: upstream.clone(),
            epoch: Instant::now(),
        }))
    }

    /// Whether this group can be reused for `upstream` and `channels` unchanged.
    pub fn same_config(
        &self,
        upstream: &UpstreamConfig,
        channels: &BTreeMap<String, ChannelConfig>,
    ) -> bool {
        self.upstream == *upstream
            && self.peers.len() == upstream.channels.len()
            && self.peers.iter().all(|p| {
                channels.get(&p.name).is_some_and(|c| {
                    c.addr == p.addr
                        && c.tls == p.tls
                        && c.host == p.host
                        && c.connect_timeout == p.connect_timeout
                        && c.read_timeout == p.read_timeout
                        && c.status_path == p.status_path
                        && c.status_timeout == p.status_timeout
                })
            })
    }

    /// Nanoseconds on this group's monotonic clock (what the scorer is fed).
    pub fn now(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }

    /// Copies the active health-check verdicts of `group` (same servers) into the scorer.
    pub fn sync_health(&self, group: &UpstreamGroup) {
        for (addr, up) in group.health() {
            for (i, p) in self.peers.iter().enumerate() {
                if p.addr == addr {
                    self.set.set_active_health(i, up);
                }
            }
        }
    }

    /// Publishes gauges and ejection counts for every channel.
    pub fn publish(&self, metrics: &Metrics) {
        let m = &metrics.money;
        for (i, s) in self.set.snapshot(self.now()).into_iter().enumerate() {
            let labels = [self.name.as_str(), s.name.as_str()];
            m.channel_latency_ewma
                .with_label_values(&labels)
                .set(s.ewma_latency.as_secs_f64());
            m.channel_success_rate
                .with_label_values(&labels)
                .set(s.success_rate);
            let up = s.healthy && !matches!(s.circuit, Circuit::Open { .. });
            m.channel_up.with_label_values(&labels).set(i64::from(up));
            if let Some(prev) = self.published_ejections.get(i) {
                let before = prev.swap(s.ejections, Ordering::Relaxed);
                if s.ejections > before {
                    m.channel_ejections
                        .with_label_values(&labels)
                        .inc_by(s.ejections - before);
                }
            }
        }
    }

    /// The `GET /channels` view of this group.
    pub fn report(&self) -> GroupReport {
        let channels = self
            .set
            .snapshot(self.now())
            .into_iter()
            .zip(&self.peers)
            .map(|(s, p)| {
                let (circuit, retry_in_ms) = match s.circuit {
                    Circuit::Closed => ("closed", None),
                    Circuit::Open { retry_in } => ("open", Some(ms(retry_in))),
                    Circuit::HalfOpen { .. } => ("half_open", None),
                };
                ChannelReport {
                    name: s.name,
                    addr: p.addr.to_string(),
                    healthy: s.healthy,
                    circuit,
                    retry_in_ms,
                    ewma_latency_ms: s.ewma_latency.as_secs_f64() * 1e3,
                    success_rate: s.success_rate,
                    samples: s.samples,
                    eliminated: s.eliminated,
                    in_flight: s.in_flight,
                    selections: s.selections,
                    share: s.share,
                    ejections: s.ejections,
                    weight: s.weight,
                }
            })
            .collect();
        GroupReport {
            group: self.name.clone(),
            channels,
        }
    }
}

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// One channel group in `GET /channels`.
#[derive(Debug, Serialize)]
pub struct GroupReport {
    /// Upstream group name.
    pub group: String,
    /// Its channels, in config order.
    pub channels: Vec<ChannelReport>,
}

/// One channel in `GET /channels`.
#[derive(Debug, Serialize)]
pub struct ChannelReport {
    /// Channel name.
    pub name: String,
    /// Server address.
    pub addr: String,
    /// Active health check verdict.
    pub healthy: bool,
    /// `closed`, `open` or `half_open`.
    pub circuit: &'static str,
    /// Time until an open circuit admits its probe.
    pub retry_in_ms: Option<u64>,
    /// Latency EWMA in milliseconds.
    pub ewma_latency_ms: f64,
    /// Success rate (0..1).
    pub success_rate: f64,
    /// Outcomes in the window.
    pub samples: u32,
    /// Below the success-rate threshold.
    pub eliminated: bool,
    /// Attempts in flight.
    pub in_flight: u32,
    /// Times picked.
    pub selections: u64,
    /// Share of all picks in the group.
    pub share: f64,
    /// Times ejected.
    pub ejections: u64,
    /// Configured weight.
    pub weight: u32,
}
