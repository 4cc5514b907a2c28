//! Validation of `[upstreams.NAME]` tables.

use super::{defaults, duration, money, positive, socket_addr, Errs};
use crate::config::raw::*;
use crate::config::types::*;
use http::HeaderName;
use std::collections::BTreeMap;
use std::num::NonZeroUsize;

pub(super) fn upstream(
    name: &str,
    raw: RawUpstream,
    channels: &BTreeMap<String, ChannelConfig>,
    declared: &[String],
    e: &mut Errs,
) -> Option<UpstreamConfig> {
    let f = |k: &str| format!("upstreams.{name}.{k}");
    if !valid_name(name) {
        e.add(
            format!("upstreams.{name}"),
            "names use letters, digits, `-` and `_` only",
        );
    }
    let mut servers = Vec::new();
    let channel_names = raw.channels.clone().unwrap_or_default();
    if raw.channels.is_some() {
        if raw.servers.is_some() {
            e.add(
                f("channels"),
                "set either servers or channels, not both (a channel group takes its \
                 servers from [channels])",
            );
        }
        servers = money::group_servers(name, &channel_names, channels, declared, e);
    } else {
        if raw.selection.is_some() {
            e.add(
                f("selection"),
                "only applies to channel groups (channels = [...])",
            );
        }
        if raw.failover.is_some() {
            e.add(
                f("failover"),
                "only applies to channel groups (channels = [...])",
            );
        }
    }
    match raw.servers {
        None if raw.channels.is_some() => {}
        None => e.add(
            f("servers"),
            "is required (a list of host:port, or channels = [...] for a channel group)",
        ),
        Some(list) if list.is_empty() => e.add(f("servers"), "must list at least one server"),
        Some(list) => {
            for (i, s) in list.into_iter().enumerate() {
                let field = format!("upstreams.{name}.servers[{i}]");
                let (addr, weight) = match s {
                    RawServerEntry::Addr(a) => (Some(a), None),
                    RawServerEntry::Table(t) => (t.addr, t.weight),
                };
                let Some(addr) = addr else {
                    e.add(format!("{field}.addr"), "is required");
                    continue;
                };
                let weight = positive(weight, 1, &format!("{field}.weight"), e);
                if let Some(addr) = socket_addr(&addr, &field, e) {
                    if servers.iter().any(|s: &ServerAddr| s.addr == addr) {
                        e.add(&field, format!("`{addr}` is listed twice"));
                    }
                    servers.push(ServerAddr {
                        addr,
                        weight: NonZeroUsize::new(weight as usize).unwrap_or(NonZeroUsize::MIN),
                    });
                }
            }
        }
    }
    let strategy = match raw.strategy.as_deref() {
        None | Some("round_robin") => {
            if raw.hash_key.is_some() {
                e.add(
                    f("hash_key"),
                    "only applies to strategy = \"consistent_hash\"",
                );
            }
            Strategy::RoundRobin
        }
        Some("consistent_hash") => {
            let key = match raw.hash_key.as_deref() {
                None | Some("client_ip") => HashKey::ClientIp,
                Some("path") => HashKey::Path,
                Some(h) if h.starts_with("header:") => {
                    match HeaderName::from_bytes(&h.as_bytes()["header:".len()..]) {
                        Ok(n) => HashKey::Header(n),
                        Err(_) => {
                            e.add(f("hash_key"), format!("`{h}` names an invalid header"));
                            HashKey::ClientIp
                        }
                    }
                }
                Some(other) => {
                    e.add(
                        f("hash_key"),
                        format!("`{other}` is not a hash key (use client_ip, path or header:NAME)"),
                    );
                    HashKey::ClientIp
                }
            };
            Strategy::ConsistentHash(key)
        }
        Some(other) => {
            e.add(
                f("strategy"),
                format!("`{other}` is not a strategy (use round_robin or consistent_hash)"),
            );
            Strategy::RoundRobin
        }
    };
    let health = raw.health.map(|h| {
        let path = h.path.unwrap_or_else(|| "/healthz".to_string());
        if !path.starts_with('/') {
            e.add(f("health.path"), "must start with `/`");
        }
        let expect = h.expect_status.unwrap_or(200);
        if !(100..=599).contains(&expect) {
            e.add(
                f("health.expect_status"),
                "must be an HTTP status (100-599)",
            );
        }
        let th = |v, k: &str, e: &mut Errs| {
            NonZeroUsize::new(positive(v, 1, &f(k), e) as usize).unwrap_or(NonZeroUsize::MIN)
        };
        HealthConfig {
            path,
            host: h.host.unwrap_or_else(|| "localhost".to_string()),
            interval: duration(
                h.interval,
                defaults::HEALTH_INTERVAL,
                &f("health.interval"),
                e,
            ),
            timeout: duration(h.timeout, defaults::HEALTH_TIMEOUT, &f("health.timeout"), e),
            healthy_threshold: th(h.healthy_threshold, "health.healthy_threshold", e),
            unhealthy_threshold: th(h.unhealthy_threshold, "health.unhealthy_threshold", e),
            expect_status: expect as u16,
        }
    });
    let retries = match raw.retries {
        None => defaults::RETRIES,
        Some(n) if (0..=10).contains(&n) => n as usize,
        Some(n) => {
            e.add(f("retries"), format!("must be between 0 and 10 (got {n})"));
            0
        }
    };
    let tls = raw.tls.unwrap_or(false);
    Some(UpstreamConfig {
        servers,
        strategy,
        connect_timeout: duration(
            raw.connect_timeout,
            defaults::CONNECT_TIMEOUT,
            &f("connect_timeout"),
            e,
        ),
        read_timeout: duration(
            raw.read_timeout,
            defaults::READ_TIMEOUT,
            &f("read_timeout"),
            e,
        ),
        pool_idle_timeout: duration(
            raw.pool_idle_timeout,
            defaults::POOL_IDLE_TIMEOUT,
            &f("pool_idle_timeout"),
            e,
        ),
        tls,
        sni: raw.sni.unwrap_or_default(),
        retries,
        health,
        selection: money::selection(name, raw.selection, e),
        failover: money::failover(name, raw.failover, e),
        channels: channel_names,
    })
}

fn valid_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}
