//! The per-phase work of the proxy as plain functions over a request header and context,
//! so each `ProxyHttp` phase stays a few lines long.
//!
//! Owns: internal-header stripping, request ids, client IP, request limits, route
//! matching, peer construction, forwarding headers, stream detection, failure statuses
//! and the access-log line. Owns no policy: limits and routes come from the config.

use super::ctx::{RequestCtx, Routed};
use super::names;
use crate::client::{self, resolve_client_ip};
use crate::config::{HashKey, Strategy};
use crate::metrics::StreamLabel;
use pingora::http::{RequestHeader, ResponseHeader};
use pingora::prelude::*;
use pingora::proxy::Session;
use pingora::upstreams::peer::HttpPeer;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

/// Why a request was refused before it reached an upstream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Request line + headers exceed `server.max_header_bytes` (431).
    HeadersTooLarge,
    /// Declared body exceeds the route's limit (413).
    BodyTooLarge,
    /// No route matches (404).
    NoRoute,
    /// A body under a method that has none (`GET`, `HEAD`, `DELETE`, `OPTIONS`, `TRACE`) at
    /// a path an order route covers (400): a method-agnostic order handler would place the
    /// order it carries, unscored ([`crate::routing::RouteTable::order_covers`]).
    BodyNotAllowed,
}

impl Refusal {
    /// The HTTP status sent.
    pub fn status(self) -> u16 {
        match self {
            Refusal::HeadersTooLarge => 431,
            Refusal::BodyTooLarge => 413,
            Refusal::NoRoute => 404,
            Refusal::BodyNotAllowed => 400,
        }
    }

    /// The metrics label.
    pub fn reason(self) -> &'static str {
        match self {
            Refusal::HeadersTooLarge => "headers_too_large",
            Refusal::BodyTooLarge => "body_too_large",
            Refusal::NoRoute => "no_route",
            Refusal::BodyNotAllowed => "body_not_allowed",
        }
    }
}

/// Strips client-sent internal headers, request-target overrides
/// ([`client::is_target_override`]), an untrusted peer's claims about the client and the
/// hops before riskgate ([`client::is_proxy_claim`]) (and, unless `server.underscores_in_headers`, every
/// header whose name has a `_`), settles the request id and the client IP. Returns how many
/// header fields were dropped for their underscore, for the metric.
///
/// Runs first: nothing may read a header before spoofed internal ones are gone.
pub fn identify(req: &mut RequestHeader, peer: Option<IpAddr>, ctx: &mut RequestCtx) -> usize {
    let trusted = &ctx.rt.trusted;
    ctx.peer_ip = peer.map(|p| p.to_canonical());
    ctx.peer_trusted = peer.is_some_and(|p| trusted.contains(p));
    let untrusted = !ctx.peer_trusted;
    let drop_underscores = !ctx.rt.config.server.underscores_in_headers;
    let mut underscored = 0;
    let doomed: Vec<http::HeaderName> = req
        .headers
        .keys()
        .filter(|k| {
            let name = k.as_str();
            if drop_underscores && client::has_underscore(name) {
                underscored += req.headers.get_all(*k).iter().count();
                return true;
            }
            client::is_internal_header(name)
                || client::is_target_override(name)
                || (untrusted && client::is_proxy_claim(name))
        })
        .cloned()
        .collect();
    for name in doomed {
        req.remove_header(&name);
    }
    // By parsed name: a `&str` name is parsed (and checked for case) on every lookup.
    ctx.request_id = match req.headers.get(names::X_REQUEST_ID.name()) {
        Some(v) if ctx.peer_trusted => client::accept_request_id(v.as_bytes())
            .map(str::to_string)
            .unwrap_or_else(client::new_request_id),
        _ => client::new_request_id(),
    };
    ctx.client_ip = peer.map(|p| {
        resolve_client_ip(
            p,
            req.headers
                .get_all(names::X_FORWARDED_FOR.name())
                .iter()
                .map(|v| v.as_bytes()),
            trusted,
        )
    });
    underscored
}

/// Whether the client used TLS: riskgate terminated it, or a trusted proxy says so.
pub fn client_https(
    req: &RequestHeader,
    peer: Option<IpAddr>,
    tls: bool,
    ctx: &RequestCtx,
) -> bool {
    tls || (peer.is_some_and(|p| ctx.rt.trusted.contains(p))
        && req
            .headers
            .get("x-forwarded-proto")
            .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https")))
}

/// Looks up the client's geo facts (when geo is configured) and counts hit or miss.
pub fn locate(ctx: &mut RequestCtx, metrics: &crate::metrics::Metrics) {
    let (Some(geo), Some(ip)) = (&ctx.rt.geo, ctx.client_ip) else {
        return;
    };
    ctx.geo = geo.lookup(ip);
    let hit = ctx.geo.country.is_some() || ctx.geo.asn.is_some();
    metrics.geo_lookup(hit);
}

/// Size of the request line plus headers as received (approximately, in bytes).
fn header_bytes(req: &RequestHeader) -> usize {
    let uri = &req.uri;
    let mut n = req.method.as_str().len()
        + uri.path_and_query().map_or(1, |pq| pq.as_str().len())
        + uri.authority().map_or(0, |a| a.as_str().len())
        + 12;
    for (k, v) in req.headers.iter() {
        n += k.as_str().len() + v.len() + 4;
    }
    n
}

/// The Host the client asked for: `:authority` (HTTP/2) or the Host header.
pub fn request_host(req: &RequestHeader) -> Option<&str> {
    req.uri.host().or_else(|| {
        req.headers
            .get(http::header::HOST)
            .and_then(|v| v.to_str().ok())
    })
}

/// Applies header and body limits and matches a route; fills `ctx` on success.
pub fn route(session: &mut Session, ctx: &mut RequestCtx) -> std::result::Result<(), Refusal> {
    // A body under a method that has none: checked first, so the common bodiless request
    // pays one comparison (pingora knows the framing from the header already).
    let bodiless = matches!(
        session.req_header().method,
        http::Method::GET
            | http::Method::HEAD
            | http::Method::DELETE
            | http::Method::OPTIONS
            | http::Method::TRACE
    );
    let stray_body = bodiless && !session.is_upgrade_req() && !session.as_mut().is_body_empty();
    let req = session.req_header();
    if header_bytes(req) > ctx.rt.config.server.max_header_bytes {
        return Err(Refusal::HeadersTooLarge);
    }
    let rt = ctx.rt.clone();
    let host = request_host(req);
    let path = req.uri.path();
    let mut found = rt.routes.find_indexed(host, &req.method, path);
    if rt.routes.order_overridable()
        && req.method == http::Method::POST
        && !found.is_some_and(|(_, r)| r.config.kind == crate::config::RouteKind::Order)
    {
        if let Some(m) = method_override(req) {
            found = rt.routes.find_overridden(host, &m, path).or(found);
        }
    }
    let Some((index, route)) = found else {
        return Err(Refusal::NoRoute);
    };
    if stray_body
        && route.config.kind != crate::config::RouteKind::Order
        && rt.routes.order_covers(host, path)
    {
        return Err(Refusal::BodyNotAllowed);
    }
    let Some(group) = rt.upstreams.get(&route.config.upstream) else {
        // Validation guarantees every route's upstream exists; treat a miss as no route.
        return Err(Refusal::NoRoute);
    };
    ctx.kind = Some(route.config.kind);
    ctx.max_body_bytes = route.config.max_body_bytes;
    let declared = req
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    ctx.routed = Routed::Yes {
        index,
        group: group.clone(),
    };
    if declared.is_some_and(|n| n > route.config.max_body_bytes) {
        return Err(Refusal::BodyTooLarge);
    }
    if route.config.kind == crate::config::RouteKind::Stream {
        // WebSocket frames arrive as "body" reads after the upgrade: allow long silences.
        session.set_read_timeout(Some(route.config.idle_timeout));
    }
    Ok(())
}

/// The method a shop's method-override support would give this `POST`: the
/// `X-HTTP-Method-Override`, `X-HTTP-Method` or `X-Method-Override` header (Symfony,
/// Rails, Express's method-override, ASP.NET), else a `_method` query parameter (Symfony
/// and Laravel read it from the query too). `_method` in a form body is not read here.
fn method_override(req: &RequestHeader) -> Option<http::Method> {
    let header = [
        "x-http-method-override",
        "x-http-method",
        "x-method-override",
    ]
    .iter()
    .find_map(|n| req.headers.get(*n))
    .map(|v| v.as_bytes());
    let query = || {
        req.uri.query()?.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            (k == "_method").then_some(v.as_bytes())
        })
    };
    let raw = header.or_else(query)?.trim_ascii();
    http::Method::from_bytes(&raw.to_ascii_uppercase()).ok()
}

/// Builds the `HttpPeer` for the next attempt, or `None` when no server is left.
pub fn select_peer(session: &Session, ctx: &mut RequestCtx) -> Option<Box<HttpPeer>> {
    let Routed::Yes { index, group } = &ctx.routed else {
        return None;
    };
    let route = ctx.rt.routes.get(*index)?;
    let cfg = &group.config;
    let ip_key;
    let key: &[u8] = match &cfg.strategy {
        Strategy::RoundRobin => b"",
        Strategy::ConsistentHash(HashKey::ClientIp) => {
            ip_key = ctx.client_ip.map(|ip| ip.to_string()).unwrap_or_default();
            ip_key.as_bytes()
        }
        Strategy::ConsistentHash(HashKey::Path) => session.req_header().uri.path().as_bytes(),
        Strategy::ConsistentHash(HashKey::Header(h)) => session
            .req_header()
            .headers
            .get(h)
            .map_or(&b""[..], |v| v.as_bytes()),
    };
    let addr = group.select(key, &ctx.tried)?;
    ctx.server = Some(addr);
    let mut peer = HttpPeer::new(addr, cfg.tls, cfg.sni.clone());
    peer.options.connection_timeout = Some(cfg.connect_timeout);
    peer.options.total_connection_timeout = Some(cfg.connect_timeout * 2);
    peer.options.read_timeout = Some(route.config.idle_timeout);
    peer.options.write_timeout = Some(cfg.read_timeout);
    peer.options.idle_timeout = Some(cfg.pool_idle_timeout);
    Some(Box::new(peer))
}

/// Sets `X-Request-Id`, `X-Forwarded-For`, `X-Real-IP` and `X-Forwarded-Proto` upstream.
pub fn forwarding_headers(req: &mut RequestHeader, ctx: &RequestCtx, tls: bool) -> Result<()> {
    let id = names::value(ctx.request_id.as_str(), "request id")?;
    req.insert_header_static(&names::X_REQUEST_ID, id)?;
    if let Some(c) = ctx.geo.country {
        let v = names::value(c.as_str(), "geo country")?;
        req.insert_header_static(&names::X_GEO_COUNTRY, v)?;
    }
    if let Some(asn) = ctx.geo.asn {
        req.insert_header_static(&names::X_GEO_ASN, http::HeaderValue::from(asn))?;
    }
    if ctx.geo.hosting {
        let v = http::HeaderValue::from_static("1");
        req.insert_header_static(&names::X_GEO_HOSTING, v)?;
    }
    if let Some(ip) = ctx.client_ip {
        let value = names::ip_value(ip)?;
        // Untrusted peers' XFF is replaced: upstreams see only what riskgate verified.
        if !ctx.peer_trusted {
            // One value for both fields: a `HeaderValue` clone shares its bytes.
            req.insert_header_static(&names::X_FORWARDED_FOR, value.clone())?;
            req.insert_header_static(&names::X_REAL_IP, value)?;
            return forwarded_proto(req, ctx, tls);
        }
        let xff = {
            let prior: Vec<&str> = req
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .collect();
            let peer = ctx.peer_ip.map(|p| p.to_string()).unwrap_or_default();
            if prior.is_empty() {
                peer
            } else {
                format!("{}, {peer}", prior.join(", "))
            }
        };
        let xff = names::value(xff, "x-forwarded-for")?;
        req.insert_header_static(&names::X_FORWARDED_FOR, xff)?;
        req.insert_header_static(&names::X_REAL_IP, value)?;
    }
    forwarded_proto(req, ctx, tls)
}

/// Sets `X-Forwarded-Proto`, unless a trusted proxy sent one.
fn forwarded_proto(req: &mut RequestHeader, ctx: &RequestCtx, tls: bool) -> Result<()> {
    if !ctx.peer_trusted || req.headers.get("x-forwarded-proto").is_none() {
        // Static values: no copy of the bytes.
        let proto = http::HeaderValue::from_static(if tls { "https" } else { "http" });
        req.insert_header_static(&names::X_FORWARDED_PROTO, proto)?;
    }
    Ok(())
}

/// Returns the stream type when the response starts a long-lived stream.
pub fn stream_kind(resp: &ResponseHeader) -> Option<StreamLabel> {
    if resp.status.as_u16() == 101 {
        return Some(StreamLabel::Websocket);
    }
    let ct = resp.headers.get(http::header::CONTENT_TYPE)?.as_bytes();
    ct.starts_with(b"text/event-stream")
        .then_some(StreamLabel::Sse)
}

/// Maps a proxy failure to the status sent to the client (0: connection already dead).
pub fn failure_status(e: &Error) -> u16 {
    match e.etype() {
        HTTPStatus(code) => *code,
        ConnectTimedout | ReadTimedout | WriteTimedout if e.esource() == &ErrorSource::Upstream => {
            504
        }
        _ => match e.esource() {
            ErrorSource::Upstream => 502,
            ErrorSource::Downstream => match e.etype() {
                ReadTimedout => 408,
                WriteError | ReadError | ConnectionClosed => 0,
                _ => 400,
            },
            ErrorSource::Internal | ErrorSource::Unset => 500,
        },
    }
}

/// Writes the access-log line (target `riskgate::access`) for a request.
pub fn access_log(
    session: &Session,
    e: Option<&Error>,
    ctx: &RequestCtx,
    status: u16,
    elapsed: Duration,
) {
    let req = session.req_header();
    AccessLine {
        request_id: &ctx.request_id,
        client_ip: ctx.client_ip,
        method: req.method.as_str(),
        path: req.uri.path(),
        route: ctx.route_name(),
        kind: ctx.kind_label().as_str(),
        status,
        elapsed,
        upstream: ctx.server,
        error: e.map(|e| e.etype().as_str()).unwrap_or(""),
    }
    .write();
}

/// The fields of one access-log line: every line has all of them, whoever writes it (a
/// request's logging phase, or the header deadline that refuses one before pingora has it).
pub struct AccessLine<'a> {
    pub request_id: &'a str,
    pub client_ip: Option<IpAddr>,
    pub method: &'a str,
    pub path: &'a str,
    pub route: &'a str,
    pub kind: &'a str,
    pub status: u16,
    pub elapsed: Duration,
    pub upstream: Option<SocketAddr>,
    pub error: &'a str,
}

impl AccessLine<'_> {
    /// Emits the line (target `riskgate::access`).
    pub fn write(&self) {
        tracing::info!(
            target: "riskgate::access",
            request_id = %self.request_id,
            client_ip = %OrEmpty(self.client_ip, ""),
            method = %self.method,
            path = %self.path,
            route = self.route,
            kind = self.kind,
            status = self.status,
            duration_ms = self.elapsed.as_secs_f64() * 1000.0,
            upstream = %OrEmpty(self.upstream, "-"),
            error = self.error,
            "access"
        );
    }
}

/// Displays the value, or `missing` when there is none (no allocation, unlike `to_string`).
struct OrEmpty<T>(Option<T>, &'static str);

impl<T: std::fmt::Display> std::fmt::Display for OrEmpty<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            Some(v) => v.fmt(f),
            None => f.write_str(self.1),
        }
    }
}
