//! Validation of the money path: `[channels.NAME]`, the channel side of
//! `[upstreams.NAME]` (`channels`, `selection`, `failover`) and `[callbacks]`.

use super::{duration, parse_cidr, positive, socket_addr, Errs};
use crate::config::money::defaults as cb;
use crate::config::raw::*;
use crate::config::types::*;
use http::HeaderName;
use std::collections::BTreeMap;
use std::num::{NonZeroU32, NonZeroUsize};
use std::path::PathBuf;
use std::time::Duration;

/// Validates one `[channels.NAME]` table.
pub(super) fn channel(name: &str, raw: RawChannel, e: &mut Errs) -> Option<ChannelConfig> {
    let f = |k: &str| format!("channels.{name}.{k}");
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        e.add(
            format!("channels.{name}"),
            "names use letters, digits, `-` and `_` only",
        );
    }
    let target = match raw.url.as_deref() {
        None => {
            e.add(f("url"), "is required (e.g. http://127.0.0.1:18091)");
            None
        }
        Some(u) => channel_url(u, &f("url"), e),
    };
    let weight = positive(raw.weight, 1, &f("weight"), e);
    let weight = u32::try_from(weight)
        .ok()
        .and_then(NonZeroU32::new)
        .unwrap_or_else(|| {
            e.add(f("weight"), "must be at most 4294967295");
            NonZeroU32::MIN
        });
    let dialect = match raw.dialect.as_deref() {
        None => {
            e.add(
                f("dialect"),
                "is required (hmac-sha256, epay or alipay-rsa2)",
            );
            None
        }
        Some("hmac-sha256") => Some(ChannelDialect::HmacSha256),
        Some("epay") => Some(ChannelDialect::Epay),
        Some("alipay-rsa2") => Some(ChannelDialect::AlipayRsa2),
        Some(other) => {
            e.add(
                f("dialect"),
                format!("`{other}` is not a dialect (use hmac-sha256, epay or alipay-rsa2)"),
            );
            None
        }
    };
    let secret_env = match raw.secret_env {
        None => {
            e.add(
                f("secret_env"),
                "is required: the env var holding the callback secret",
            );
            None
        }
        Some(s) if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') => {
            Some(s)
        }
        Some(s) => {
            e.add(
                f("secret_env"),
                format!("`{s}` is not an environment variable name (use A-Z, 0-9, _)"),
            );
            None
        }
    };
    let mut sources = Vec::new();
    for (i, s) in raw.callback_sources.unwrap_or_default().iter().enumerate() {
        match parse_cidr(s) {
            Ok(n) => sources.push(n),
            Err(r) => e.add(format!("channels.{name}.callback_sources[{i}]"), r),
        }
    }
    let replay_window = duration(
        raw.replay_window,
        Duration::from_secs(300),
        &f("replay_window"),
        e,
    );
    let max_age = duration(raw.max_age, cb::CHANNEL_MAX_AGE, &f("max_age"), e);
    let mut opt_duration =
        |v: Option<String>, k: &str| v.map(|s| duration(Some(s), Duration::from_secs(1), &f(k), e));
    let connect_timeout = opt_duration(raw.connect_timeout, "connect_timeout");
    let read_timeout = opt_duration(raw.read_timeout, "read_timeout");
    let health_path = match raw.health_path {
        Some(p) if !p.starts_with('/') || p.bytes().any(|b| b <= b' ' || b == 0x7f) => {
            e.add(
                f("health_path"),
                format!("`{p}` is not a request path (it starts with `/`, no spaces)"),
            );
            None
        }
        p => p,
    };
    let status_path = raw.status_path.and_then(|p| match status_template(&p) {
        Ok(()) => Some(p),
        Err(reason) => {
            e.add(f("status_path"), reason);
            None
        }
    });
    let status_timeout = duration(
        raw.status_timeout,
        crate::config::money::STATUS_TIMEOUT,
        &f("status_timeout"),
        e,
    );
    let ((addr, tls, host), dialect, secret_env) = (target?, dialect?, secret_env?);
    Some(ChannelConfig {
        addr,
        tls,
        host,
        weight,
        dialect,
        secret_env,
        callback_sources: sources,
        replay_window,
        max_age,
        connect_timeout,
        read_timeout,
        health_path,
        status_path,
        status_timeout,
    })
}

/// Checks a `status_path` template: a request path naming the payment by `{order_id}` or
/// `{idempotency_key}`, and no other `{…}`.
fn status_template(p: &str) -> Result<(), String> {
    if !p.starts_with('/') || p.bytes().any(|b| b <= b' ' || b == 0x7f) {
        return Err(format!(
            "`{p}` is not a request path (it starts with `/`, no spaces)"
        ));
    }
    let rest = p.replace("{order_id}", "").replace("{idempotency_key}", "");
    if rest.contains('{') || rest.contains('}') {
        return Err(format!(
            "`{p}`: only {{order_id}} and {{idempotency_key}} may be filled in"
        ));
    }
    if rest.len() == p.len() {
        return Err(format!(
            "`{p}` must name the payment with {{order_id}} or {{idempotency_key}}"
        ));
    }
    Ok(())
}

/// `http://host:port` or `https://host[:port]` (a trailing `/` is allowed, a path is not:
/// requests keep their own path).
fn channel_url(u: &str, field: &str, e: &mut Errs) -> Option<(std::net::SocketAddr, bool, String)> {
    let (tls, rest) = if let Some(r) = u.strip_prefix("http://") {
        (false, r)
    } else if let Some(r) = u.strip_prefix("https://") {
        (true, r)
    } else {
        e.add(field, format!("`{u}` must start with http:// or https://"));
        return None;
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.is_empty() || authority.contains('/') {
        e.add(
            field,
            format!("`{u}` must be scheme://host:port with no path (requests keep theirs)"),
        );
        return None;
    }
    let with_port = if authority.rsplit_once(':').is_some_and(|(_, p)| {
        !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && !authority.ends_with(']')
    }) {
        authority.to_string()
    } else {
        format!("{authority}:{}", if tls { 443 } else { 80 })
    };
    let host = with_port
        .rsplit_once(':')
        .map_or(authority, |(h, _)| h)
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string();
    let addr = socket_addr(&with_port, field, e)?;
    Some((addr, tls, host))
}

/// Resolves `[upstreams.NAME] channels = [...]` into the group's servers (same order).
pub(super) fn group_servers(
    group: &str,
    names: &[String],
    channels: &BTreeMap<String, ChannelConfig>,
    declared: &[String],
    e: &mut Errs,
) -> Vec<ServerAddr> {
    let mut out = Vec::new();
    if names.is_empty() {
        e.add(
            format!("upstreams.{group}.channels"),
            "must list at least one channel",
        );
    }
    for (i, n) in names.iter().enumerate() {
        let field = format!("upstreams.{group}.channels[{i}]");
        if names[..i].contains(n) {
            e.add(&field, format!("`{n}` is listed twice"));
            continue;
        }
        match channels.get(n) {
            Some(c) => out.push(ServerAddr {
                addr: c.addr,
                weight: NonZeroUsize::new(c.weight.get() as usize).unwrap_or(NonZeroUsize::MIN),
            }),
            // Declared but invalid: its own errors are already reported.
            None if declared.contains(n) => {}
            None => e.add(
                &field,
                format!("`{n}` is not defined in [channels] ({})", known(channels)),
            ),
        }
    }
    out
}

/// Lists defined channel names for error messages.
pub(super) fn known(channels: &BTreeMap<String, ChannelConfig>) -> String {
    if channels.is_empty() {
        "none are defined".to_string()
    } else {
        format!(
            "defined: {}",
            channels
                .keys()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

/// Validates `[upstreams.NAME.selection]`.
pub(super) fn selection(group: &str, raw: Option<RawSelection>, e: &mut Errs) -> SelectionSettings {
    let d = SelectionSettings::default();
    let Some(raw) = raw else { return d };
    let f = |k: &str| format!("upstreams.{group}.selection.{k}");
    let fraction = |v: Option<f64>, def: f64, k: &str, e: &mut Errs| match v {
        None => def,
        Some(x) if (0.0..=1.0).contains(&x) => x,
        Some(x) => {
            e.add(f(k), format!("must be between 0 and 1 (got {x})"));
            def
        }
    };
    let exploration = fraction(raw.exploration, d.exploration, "exploration", e);
    let min_success_rate = fraction(
        raw.min_success_rate,
        d.min_success_rate,
        "min_success_rate",
        e,
    );
    let window = match raw.window {
        None => d.window,
        Some(n) if (10..=10_000).contains(&n) => {
            NonZeroUsize::new(n as usize).unwrap_or(NonZeroUsize::MIN)
        }
        Some(n) => {
            e.add(
                f("window"),
                format!("must be between 10 and 10000 (got {n})"),
            );
            d.window
        }
    };
    let min_samples = positive(raw.min_samples, d.min_samples.into(), &f("min_samples"), e);
    if min_samples > window.get() as u64 {
        e.add(
            f("min_samples"),
            format!("must not exceed window ({})", window.get()),
        );
    }
    let eject_after = positive(
        raw.eject_after,
        d.eject_after.get().into(),
        &f("eject_after"),
        e,
    );
    let eject_base = duration(raw.eject_base, d.eject_base, &f("eject_base"), e);
    let eject_max = duration(raw.eject_max, d.eject_max, &f("eject_max"), e);
    if eject_max < eject_base {
        e.add(f("eject_max"), "must be at least eject_base");
    }
    SelectionSettings {
        exploration,
        window,
        min_success_rate,
        min_samples: u32::try_from(min_samples).unwrap_or(u32::MAX),
        ewma_tau: duration(raw.ewma_tau, d.ewma_tau, &f("ewma_tau"), e),
        eject_after: u32::try_from(eject_after)
            .ok()
            .and_then(NonZeroU32::new)
            .unwrap_or(d.eject_after),
        eject_base,
        eject_max,
    }
}

/// Validates `[upstreams.NAME.failover]`.
pub(super) fn failover(group: &str, raw: Option<RawFailover>, e: &mut Errs) -> FailoverSettings {
    let d = FailoverSettings::default();
    let Some(raw) = raw else { return d };
    let f = |k: &str| format!("upstreams.{group}.failover.{k}");
    let idempotency_header = match raw.idempotency_header {
        None => d.idempotency_header,
        Some(h) => HeaderName::from_bytes(h.as_bytes()).unwrap_or_else(|_| {
            e.add(
                f("idempotency_header"),
                format!("`{h}` is not a header name"),
            );
            d.idempotency_header.clone()
        }),
    };
    let safe_statuses = match raw.safe_statuses {
        None => d.safe_statuses,
        Some(list) => list
            .into_iter()
            .enumerate()
            .filter_map(|(i, s)| match u16::try_from(s) {
                Ok(s) if s == 429 || (500..=599).contains(&s) => Some(s),
                _ => {
                    e.add(
                        format!("upstreams.{group}.failover.safe_statuses[{i}]"),
                        format!("{s} is not 429 or a 5xx status"),
                    );
                    None
                }
            })
            .collect(),
    };
    FailoverSettings {
        idempotency_header,
        deadline: duration(raw.deadline, d.deadline, &f("deadline"), e),
        safe_statuses,
    }
}

/// Validates `[callbacks]` (defaults when absent).
pub(super) fn callbacks(raw: Option<RawCallbacks>, e: &mut Errs) -> CallbackSettings {
    let raw = raw.unwrap_or_default();
    let f = |k: &str| format!("callbacks.{k}");
    let deliver_path = raw
        .deliver_path
        .unwrap_or_else(|| cb::DELIVER_PATH.to_string());
    if !deliver_path.starts_with('/') {
        e.add(f("deliver_path"), "must start with `/`");
    }
    let retry_schedule = match raw.retry_schedule {
        None => cb::RETRY_SCHEDULE
            .iter()
            .map(|s| Duration::from_secs(*s))
            .collect(),
        Some(list) if list.is_empty() => {
            e.add(f("retry_schedule"), "must list at least one wait");
            vec![Duration::from_secs(1)]
        }
        Some(list) => list
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                duration(
                    Some(s),
                    Duration::from_secs(1),
                    &format!("callbacks.retry_schedule[{i}]"),
                    e,
                )
            })
            .collect(),
    };
    let jitter = match raw.jitter {
        None => cb::JITTER,
        Some(j) if (0.0..=0.5).contains(&j) => j,
        Some(j) => {
            e.add(f("jitter"), format!("must be between 0 and 0.5 (got {j})"));
            cb::JITTER
        }
    };
    let concurrency = match raw.concurrency {
        None => cb::CONCURRENCY,
        Some(n) if (1..=256).contains(&n) => n as usize,
        Some(n) => {
            e.add(
                f("concurrency"),
                format!("must be between 1 and 256 (got {n})"),
            );
            cb::CONCURRENCY
        }
    };
    let spool = match raw.spool {
        Some(p) if p.trim().is_empty() => {
            e.add(f("spool"), "must not be empty");
            PathBuf::from(cb::SPOOL)
        }
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(cb::SPOOL),
    };
    let retention = duration(raw.retention, cb::RETENTION, &f("retention"), e);
    let dedupe_retention = duration(
        raw.dedupe_retention,
        cb::DEDUPE_RETENTION,
        &f("dedupe_retention"),
        e,
    );
    if dedupe_retention < retention {
        e.add(
            f("dedupe_retention"),
            format!(
                "must be at least callbacks.retention ({} s): fingerprints dedupe the records",
                retention.as_secs()
            ),
        );
    }
    let purge_interval = duration(
        raw.purge_interval,
        cb::PURGE_INTERVAL,
        &f("purge_interval"),
        e,
    );
    if purge_interval.is_zero() {
        e.add(f("purge_interval"), "must be greater than zero");
    }
    CallbackSettings {
        spool,
        deliver_path,
        deliver_timeout: duration(
            raw.deliver_timeout,
            cb::DELIVER_TIMEOUT,
            &f("deliver_timeout"),
            e,
        ),
        retry_schedule,
        jitter,
        max_age: duration(raw.max_age, cb::MAX_AGE, &f("max_age"), e),
        concurrency: NonZeroUsize::new(concurrency).unwrap_or(NonZeroUsize::MIN),
        missing_after: duration(raw.missing_after, cb::MISSING_AFTER, &f("missing_after"), e),
        retention,
        dedupe_retention,
        purge_interval,
    }
}

#[cfg(test)]
mod tests {
    use crate::config::parse;

    const BASE: &str =
        "[channels.a]\nurl = \"http://127.0.0.1:1\"\ndialect = \"epay\"\nsecret_env = \"K\"\n";
    const GROUP: &str = "[upstreams.pay]\nchannels = [\"a\"]\n[upstreams.pay.failover]\n";
    const ROUTE: &str = "[[routes]]\nkind = \"pass\"\nupstream = \"pay\"\n";

    fn errors(src: &str) -> Vec<String> {
        match parse(src, "t.toml") {
            Ok(_) => Vec::new(),
            Err(e) => e.errors.iter().map(|e| e.render("t.toml")).collect(),
        }
    }

    #[test]
    fn failover_safety_settings_name_field_and_line() {
        let cases: [(&str, &[&str]); 5] = [
            ("status_path = \"/q?o={order_id}\"\nstatus_timeout = \"500ms\"\n", &[]),
            (
                "status_path = \"/q?o={order}\"\n",
                &["t.toml:5: channels.a.status_path: `/q?o={order}`: only {order_id} and {idempotency_key} may be filled in"],
            ),
            (
                "status_path = \"/q\"\n",
                &["t.toml:5: channels.a.status_path: `/q` must name the payment with {order_id} or {idempotency_key}"],
            ),
            (
                "status_path = \"q/{order_id}\"\n",
                &["t.toml:5: channels.a.status_path: `q/{order_id}` is not a request path (it starts with `/`, no spaces)"],
            ),
            (
                "status_timeout = \"soon\"\n",
                &["t.toml:5: channels.a.status_timeout: `soon` is not a duration (use e.g. 250ms, 5s, 2m, 1h, 30d)"],
            ),
        ];
        for (extra, want) in cases {
            let src = format!("{BASE}{extra}{GROUP}{ROUTE}");
            assert_eq!(errors(&src), want, "{src}");
        }
        let src = format!("{BASE}{GROUP}safe_statuses = [503, 502, 404, 70000]\n{ROUTE}");
        assert_eq!(
            errors(&src),
            [
                "t.toml:8: upstreams.pay.failover.safe_statuses[2]: 404 is not 429 or a 5xx status",
                "t.toml:8: upstreams.pay.failover.safe_statuses[3]: 70000 is not 429 or a 5xx status",
            ]
        );
    }

    #[test]
    fn failover_defaults_are_503_and_no_status_query() {
        let c = parse(&format!("{BASE}{GROUP}{ROUTE}"), "t.toml").expect("valid");
        let g = &c.upstreams["pay"];
        assert_eq!(g.failover.safe_statuses, [503]);
        let a = &c.channels["a"];
        assert_eq!(a.status_path, None);
        assert_eq!(a.status_timeout, std::time::Duration::from_secs(2));
    }
}
