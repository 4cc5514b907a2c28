//! Validation of the `[[routes]]` table and cross-listener checks.

use super::{cache, defaults, duration, guards, positive, risk, Errs};
use crate::config::raw::*;
use crate::config::types::*;
use http::Method;
use std::collections::BTreeMap;
use std::net::SocketAddr;

pub(super) fn routes(
    raw: Vec<RawRoute>,
    server: &Option<ServerConfig>,
    upstreams: &BTreeMap<String, UpstreamConfig>,
    channels: &BTreeMap<String, ChannelConfig>,
    declared: &[String],
    e: &mut Errs,
) -> Vec<RouteConfig> {
    let default_body = server
        .as_ref()
        .map_or(defaults::MAX_BODY_BYTES, |s| s.max_body_bytes);
    let default_body_time = server
        .as_ref()
        .map_or(defaults::BODY_TIMEOUT, |s| s.body_timeout);
    let mut out = Vec::new();
    let mut names = Vec::new();
    if raw.is_empty() {
        e.add("routes", "at least one [[routes]] entry is required");
    }
    for (i, r) in raw.into_iter().enumerate() {
        let f = |k: &str| format!("routes[{i}].{k}");
        let name = r.name.unwrap_or_else(|| format!("route{i}"));
        if names.contains(&name) {
            e.add(f("name"), format!("`{name}` is used by an earlier route"));
        }
        names.push(name.clone());
        let kind = match r.kind.as_deref() {
            None => {
                e.add(
                    f("kind"),
                    "is required (pass, stream, order, static or callback)",
                );
                None
            }
            Some("pass") => Some(RouteKind::Pass),
            Some("stream") => Some(RouteKind::Stream),
            Some("order") => Some(RouteKind::Order),
            Some("callback") => Some(RouteKind::Callback),
            Some("static") => Some(RouteKind::Static),
            Some(other) => {
                e.add(
                    f("kind"),
                    format!(
                        "`{other}` is not a route kind (use pass, stream, order, static or callback)"
                    ),
                );
                None
            }
        };
        let upstream = match r.upstream {
            None => {
                e.add(f("upstream"), "is required");
                None
            }
            Some(u) if !upstreams.contains_key(&u) => {
                let known: Vec<&str> = upstreams.keys().map(String::as_str).collect();
                e.add(
                    f("upstream"),
                    format!(
                        "`{u}` is not defined in [upstreams] (defined: {})",
                        if known.is_empty() {
                            "none".to_string()
                        } else {
                            known.join(", ")
                        }
                    ),
                );
                None
            }
            Some(u) => Some(u),
        };
        let host = r.host.and_then(|h| {
            let h = h.to_ascii_lowercase();
            if let Some(rest) = h.strip_prefix("*.") {
                if rest.is_empty() || rest.contains('*') {
                    e.add(f("host"), format!("`{h}` is not a valid wildcard host"));
                    return None;
                }
                Some(HostMatch::Suffix(format!(".{rest}")))
            } else if h.is_empty() || h.contains(['*', '/', ' ']) {
                e.add(
                    f("host"),
                    format!("`{h}` is not a host (use shop.example or *.example)"),
                );
                None
            } else {
                Some(HostMatch::Exact(h))
            }
        });
        let methods = r.methods.map(|ms| {
            ms.iter()
                .enumerate()
                .filter_map(
                    |(j, m)| match Method::from_bytes(m.to_ascii_uppercase().as_bytes()) {
                        Ok(m) => Some(m),
                        Err(_) => {
                            e.add(
                                format!("routes[{i}].methods[{j}]"),
                                format!("`{m}` is not an HTTP method"),
                            );
                            None
                        }
                    },
                )
                .collect::<Vec<_>>()
        });
        let path = match (r.prefix, r.glob) {
            (Some(_), Some(_)) => {
                e.add(f("glob"), "set either prefix or glob, not both");
                None
            }
            (None, None) => Some(PathMatch::Prefix("/".into())),
            (Some(p), None) if p.starts_with('/') => Some(PathMatch::Prefix(p)),
            (None, Some(g)) if g.starts_with('/') => Some(PathMatch::Glob(g)),
            (Some(_), None) => {
                e.add(f("prefix"), "must start with `/`");
                None
            }
            (None, Some(_)) => {
                e.add(f("glob"), "must start with `/`");
                None
            }
        };
        let group = upstream.as_ref().and_then(|u| upstreams.get(u));
        let channel_group = group.is_some_and(|g| !g.channels.is_empty());
        // Order and payment bodies are read whole before anything is forwarded, and
        // forwarded from pingora's 64 KiB retry buffer: their default limit is that buffer.
        let buffered = kind == Some(RouteKind::Order) || channel_group;
        let body_default = if buffered {
            default_body.min(65_536)
        } else {
            default_body
        };
        let max_body = positive(r.max_body_bytes, body_default, &f("max_body_bytes"), e);
        let body_time = duration(r.body_timeout, default_body_time, &f("body_timeout"), e);
        let idle_default = match kind {
            Some(RouteKind::Stream) => defaults::STREAM_IDLE_TIMEOUT,
            _ => upstream
                .as_ref()
                .and_then(|u| upstreams.get(u))
                .map_or(defaults::READ_TIMEOUT, |u| u.read_timeout),
        };
        let idle = duration(r.idle_timeout, idle_default, &f("idle_timeout"), e);
        let rate_limits = guards::rate_limits(r.rate_limits, i, e);
        let purchase_limits = guards::purchase_limits(r.purchase_limits, i, e);
        let user_key = guards::value_source(r.user_key, &f("user_key"), e);
        let email_key = guards::value_source(r.email_key, &f("email_key"), e);
        let order = match kind {
            Some(RouteKind::Order) => risk::order(r.order, i, e),
            _ => {
                if r.order.is_some() {
                    e.add(f("order"), "only applies to kind = \"order\"");
                }
                None
            }
        };
        let route_cache = cache::route_cache(r.cache, i, kind, e);
        if order.is_some() && max_body > 65_536 {
            e.add(
                f("max_body_bytes"),
                format!(
                    "order bodies are read whole before forwarding: at most 65536 (got {max_body})"
                ),
            );
        } else if channel_group && max_body > 65_536 {
            e.add(
                f("max_body_bytes"),
                format!(
                    "payment bodies are read whole before forwarding: at most 65536 (got {max_body})"
                ),
            );
        }
        if order.is_none() {
            if let Some(i) = purchase_limits.iter().position(|p| p.review) {
                e.add(
                    f(&format!("purchase_limits[{i}].action")),
                    "review only applies to kind = \"order\" (other routes cannot hold a request)",
                );
            }
        }
        let user_in_body = order
            .as_ref()
            .is_some_and(|o| o.fields.location(OrderField::User).is_some());
        if purchase_limits.iter().any(|p| p.scope == LimitScope::User)
            && user_key.is_none()
            && !user_in_body
        {
            e.add(
                f("user_key"),
                "is required when a purchase limit counts per user",
            );
        }
        let channel = money_route(&r.channel, kind, channel_group, channels, declared, &f, e);
        if let Some(g) = order.as_ref().and_then(|o| o.channel_group.as_ref()) {
            if upstreams.get(g).is_none_or(|u| u.channels.is_empty()) {
                e.add(
                    f("order.channel_group"),
                    format!(
                        "`{g}` is not a channel group ([upstreams.NAME] with channels = [...])"
                    ),
                );
            }
        }
        if !channel_group && r.failover_safe.is_some() {
            e.add(
                f("failover_safe"),
                "only applies to routes whose upstream is a channel group",
            );
        }
        if !channel_group && r.payment_ref.is_some() {
            e.add(
                f("payment_ref"),
                "only applies to routes whose upstream is a channel group",
            );
        }
        let payment_ref = guards::value_source(r.payment_ref, &f("payment_ref"), e);
        if let (Some(kind), Some(upstream), Some(path)) = (kind, upstream, path) {
            out.push(RouteConfig {
                name,
                kind,
                upstream,
                host,
                methods,
                path,
                max_body_bytes: max_body,
                body_timeout: body_time,
                idle_timeout: idle,
                rate_limits,
                purchase_limits,
                user_key,
                email_key,
                order,
                channel,
                failover_safe: r.failover_safe.unwrap_or(false),
                payment_ref,
                cache: route_cache,
            });
        }
    }
    out
}

/// Checks `channel` (callback routes name the channel they hear from) and that callback
/// routes deliver to a plain group. Returns the channel name of a callback route.
fn money_route(
    channel: &Option<String>,
    kind: Option<RouteKind>,
    channel_group: bool,
    channels: &BTreeMap<String, ChannelConfig>,
    declared: &[String],
    f: &dyn Fn(&str) -> String,
    e: &mut Errs,
) -> Option<String> {
    match (kind, channel) {
        (Some(RouteKind::Callback), None) => {
            e.add(
                f("channel"),
                "is required for kind = \"callback\" (the channel whose notifications arrive here)",
            );
            None
        }
        (Some(RouteKind::Callback), Some(c)) => {
            if channel_group {
                e.add(
                    f("upstream"),
                    "a callback route delivers to the fulfillment service: name a plain \
                     upstream group, not a channel group",
                );
            }
            if channels.contains_key(c) {
                Some(c.clone())
            } else if declared.contains(c) {
                None
            } else {
                e.add(
                    f("channel"),
                    format!(
                        "`{c}` is not defined in [channels] ({})",
                        money_known(channels)
                    ),
                );
                None
            }
        }
        (_, Some(_)) => {
            e.add(f("channel"), "only applies to kind = \"callback\"");
            None
        }
        (_, None) => None,
    }
}

fn money_known(channels: &BTreeMap<String, ChannelConfig>) -> String {
    super::money::known(channels)
}

pub(super) fn check_listener_clashes(
    server: &Option<ServerConfig>,
    admin: &Option<AdminConfig>,
    e: &mut Errs,
) {
    let (Some(s), Some(a)) = (server, admin) else {
        return;
    };
    let mut seen: Vec<SocketAddr> = Vec::new();
    let all = s
        .listen
        .iter()
        .map(|a| (*a, "server.listen"))
        .chain(s.tls.iter().map(|t| (t.listen, "server.tls")))
        .chain(std::iter::once((a.listen, "admin.listen")));
    for (addr, field) in all {
        if seen.contains(&addr) && addr.port() != 0 {
            e.add(
                field,
                format!("`{addr}` is already used by another listener"),
            );
        }
        seen.push(addr);
    }
}
