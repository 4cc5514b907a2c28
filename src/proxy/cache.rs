//! The edge cache's proxy phases for `static` routes, as plain functions the `ProxyHttp`
//! impl calls in one line each.
//!
//! Owns the per-request cache state ([`CacheCtx`]), turning pingora-cache phases into a
//! [`CacheVerdict`] (`X-Cache`, metrics), and the credential rule on hits. The RFC 9111
//! rules themselves live in `cache::policy` / `cache::rules`; the state machine (lookup,
//! lock, revalidation, serve-stale, `Age`) is pingora-cache's.

use super::ctx::{RequestCtx, Routed};
use super::ctx_parts::CacheCtx;
use crate::cache::rules::Credential;
use crate::cache::{key, policy, CacheVerdict};
use crate::config::{QueryKey, RouteCacheSettings, RouteKind};
use crate::runtime::Shared;
use http::Method;
use pingora::cache::key::HashBinary;
use pingora::cache::{
    CacheKey, CacheMeta, CachePhase, ForcedFreshness, NoCacheReason, RespCacheable,
};
use pingora::http::{RequestHeader, ResponseHeader};
use pingora::prelude::*;
use pingora::proxy::Session;

/// The matched route's cache overrides, if any.
fn route_settings(ctx: &RequestCtx) -> Option<&RouteCacheSettings> {
    match &ctx.routed {
        Routed::Yes { index, .. } => ctx.rt.routes.get(*index)?.config.cache.as_ref(),
        Routed::No => None,
    }
}

/// `request_cache_filter`: enables the cache for GET/HEAD on static routes (for a path the
/// shop reads within the route, see `RouteTable::reads_within`); every other request
/// leaves it off (its verdict is `BYPASS`).
pub fn enable(session: &mut Session, shared: &Shared, ctx: &mut RequestCtx) {
    if ctx.kind != Some(RouteKind::Static) {
        return;
    }
    let req = session.req_header();
    if !matches!(req.method, Method::GET | Method::HEAD) {
        return;
    }
    // A path the shop's server reads outside this route (dot segments, encoded slashes)
    // may be anyone's page: not from or into the cache.
    let Routed::Yes { index, .. } = &ctx.routed else {
        return;
    };
    if !ctx.rt.routes.reads_within(*index, req.uri.path()) {
        return;
    }
    let settings = &ctx.rt.config.cache;
    ctx.cache.credential = Some(crate::cache::rules::credential(
        &req.headers,
        &settings.session_cookies,
    ));
    let max_object = route_settings(ctx)
        .and_then(|r| r.max_object_bytes)
        .unwrap_or(settings.max_object_bytes);
    let store = &shared.cache;
    session
        .cache
        .enable(store.storage, None, None, Some(store.lock), None);
    session
        .cache
        .set_max_file_size_bytes(usize::try_from(max_object).unwrap_or(usize::MAX));
}

/// `cache_key_callback`: `scheme://host/path?normalised-query`, no user tag.
///
/// The host is the one the origin is told: a trusted peer's `X-Forwarded-Host`, which
/// riskgate forwards (see `forwarded::rewrite`), else the request's. A CDN relays the
/// `X-Forwarded-Host` its own client sent, and origins build links from it: keyed by
/// `Host` alone, one client's page linking to its own host was every visitor's.
pub fn cache_key(session: &Session, ctx: &RequestCtx) -> CacheKey {
    let req = session.req_header();
    let host = key_host(req, ctx);
    let q: &QueryKey = route_settings(ctx)
        .and_then(|r| r.query.as_ref())
        .unwrap_or(&ctx.rt.config.cache.query);
    let primary = key::primary_key(ctx.https, host, req.uri.path(), req.uri.query(), q);
    CacheKey::new(primary, "")
}

/// The host of a request's cache key: the one the origin is told (see [`cache_key`]).
fn key_host<'a>(req: &'a RequestHeader, ctx: &RequestCtx) -> &'a str {
    let told = ctx
        .peer_trusted
        .then(|| req.headers.get(super::names::X_FORWARDED_HOST.name()))
        .flatten()
        .and_then(|v| v.to_str().ok());
    told.or_else(|| super::facts::request_host(req))
        .unwrap_or("")
}

/// `cache_hit_filter`: a credentialed request may only use a stored response that says
/// so (`Authorization`: `public`, `s-maxage` or `must-revalidate`; session cookie:
/// `public`); otherwise it goes to the origin as a miss.
pub fn hit_filter(meta: &CacheMeta, ctx: &mut RequestCtx) -> Option<ForcedFreshness> {
    let credential = ctx.cache.credential.unwrap_or(Credential::None);
    if credential == Credential::None {
        return None;
    }
    let (cc, _) = policy::directives(&meta.response_header().headers, &ctx.rt.config.cache);
    let public = cc.as_ref().is_some_and(|c| c.public());
    let allowed = match credential {
        Credential::Authorization => cc
            .as_ref()
            .is_some_and(|c| public || c.must_revalidate() || c.has_key("s-maxage")),
        _ => public,
    };
    if allowed {
        None
    } else {
        ctx.cache.forced_bypass = true;
        Some(ForcedFreshness::ForceMiss)
    }
}

/// `upstream_response_filter` (every route): drops the header fields the origin's
/// `Connection` names (RFC 9110 §7.6.1), before the response is stored or forwarded; on
/// static routes keeps a `304`'s fields for [`response_cacheable`].
pub fn upstream_response(resp: &mut ResponseHeader, ctx: &mut RequestCtx) {
    for name in crate::cache::rules::connection_named(&resp.headers) {
        resp.remove_header(&name);
    }
    if ctx.kind == Some(RouteKind::Static) && resp.status == http::StatusCode::NOT_MODIFIED {
        ctx.cache.not_modified = Some(resp.headers.clone());
    }
}

/// `response_cache_filter`: whether the origin's response is stored (see
/// [`policy::response_cacheable`]). After a `304`, the stored header updated with every
/// field the `304` carries is judged (pingora-cache's own merge copies only five fields).
pub fn response_cacheable(
    stored: Option<&CacheMeta>,
    resp: &ResponseHeader,
    ctx: &mut RequestCtx,
) -> RespCacheable {
    let credential = ctx.cache.credential.unwrap_or(Credential::None);
    let settings = &ctx.rt.config.cache;
    match (ctx.cache.not_modified.take(), stored) {
        (Some(nm), Some(meta)) => {
            let mut merged = meta.response_header_copy();
            for name in crate::cache::rules::updated_by_304(&nm) {
                merged.remove_header(&name);
                for v in nm.get_all(&name) {
                    // Values came from a parsed header, so appending cannot fail.
                    let _ = merged.append_header(name.clone(), v.clone());
                }
            }
            policy::response_cacheable(&merged, credential, settings)
        }
        _ => policy::response_cacheable(resp, credential, settings),
    }
}

/// `cache_vary_filter`: the secondary key from the stored response's `Vary`.
///
/// The origin varied on the request it got, which carries riskgate's own fields (geo,
/// device, client address) that the client's request lacks or holds forged: when `Vary`
/// names one of them, the key is taken from a copy of the request with riskgate's upstream
/// fields written in, so a page priced per `X-Geo-Country` is kept per country (the
/// client's request would give every visitor the first country's copy).
pub fn variance(meta: &CacheMeta, req: &RequestHeader, ctx: &RequestCtx) -> Option<HashBinary> {
    let stored = meta.headers();
    // One lookup of `Vary`; most stored responses have none (no secondary key).
    let mut vary = stored.get_all(http::header::VARY).iter().peekable();
    vary.peek()?;
    let names_ours = vary.any(|v| {
        v.as_bytes()
            .split(|&b| b == b',')
            .any(|n| added_upstream(n.trim_ascii()))
    });
    if !names_ours {
        return policy::variance(stored, &req.headers);
    }
    let mut forwarded = req.clone();
    let written = super::facts::forwarding_headers(&mut forwarded, ctx, ctx.https)
        .and_then(|()| super::device::forward(&mut forwarded, ctx));
    match written {
        Ok(()) => policy::variance(stored, &forwarded.headers),
        // Only an unrepresentable value fails (never in practice): no shared copy then.
        Err(_) => {
            let mut b = pingora::cache::VarianceBuilder::new();
            b.add_value("x-request-id", ctx.request_id.as_str());
            b.finalize()
        }
    }
}

/// Whether a header field name is one riskgate writes on the upstream request from what it
/// knows of the client (see `facts::forwarding_headers`, `device::forward`).
fn added_upstream(name: &[u8]) -> bool {
    let starts = |p: &[u8]| name.len() >= p.len() && name[..p.len()].eq_ignore_ascii_case(p);
    starts(b"x-geo-")
        || starts(b"x-device-")
        || [
            &b"x-forwarded-for"[..],
            b"x-real-ip",
            b"x-forwarded-proto",
            b"x-request-id",
        ]
        .iter()
        .any(|n| name.eq_ignore_ascii_case(n))
}

/// `should_serve_stale`: serve stale while revalidating (`error` is `None`) and on origin
/// failures; pingora-cache has already checked the object's `stale-while-revalidate` /
/// `stale-if-error` window before asking.
pub fn serve_stale(error: Option<&Error>) -> bool {
    error.is_none_or(|e| e.esource() == &ErrorSource::Upstream)
}

/// Maps pingora-cache's phase at response time to the verdict.
pub fn verdict(phase: CachePhase, cache: &CacheCtx) -> CacheVerdict {
    let credentialed = cache.credential.is_some_and(|c| c != Credential::None);
    match phase {
        CachePhase::Hit => CacheVerdict::Hit,
        CachePhase::Stale | CachePhase::StaleUpdating => CacheVerdict::Stale,
        CachePhase::Revalidated | CachePhase::RevalidatedNoCache(_) => CacheVerdict::Revalidated,
        _ if cache.forced_bypass => CacheVerdict::Bypass,
        CachePhase::Expired => CacheVerdict::Expired,
        CachePhase::Miss => CacheVerdict::Miss,
        // Looked up, missed, and the response was not storable.
        CachePhase::Disabled(r) if r != NoCacheReason::NeverEnabled && !credentialed => {
            CacheVerdict::Miss
        }
        _ => CacheVerdict::Bypass,
    }
}

/// `response_filter`: settles the verdict, adds `X-Cache` when configured, gives a
/// response the cache fetched its `Age` (RFC 9111 §5.1), drops the targeted cache fields
/// clients are not meant to see (RFC 9213) and invalidates after unsafe requests (§4.4).
///
/// A stale copy served because the origin failed (`stale-if-error`) closes the client
/// connection: pingora will not reuse it after an upstream error, and saying so with
/// `Connection: close` keeps keep-alive clients from sending their next request into a
/// closing socket.
pub fn respond(
    session: &mut Session,
    shared: &Shared,
    resp: &mut ResponseHeader,
    ctx: &mut RequestCtx,
) -> Result<()> {
    // A `103 Early Hints` passes as it came; the final response gets the verdict.
    if ctx.kind != Some(RouteKind::Static) || resp.status.is_informational() {
        return Ok(());
    }
    let phase = session.cache.phase();
    if phase == CachePhase::Stale {
        session.set_keepalive(None);
    }
    let v = verdict(phase, &ctx.cache);
    ctx.cache.verdict = Some(v);
    let settings = &ctx.rt.config.cache;
    if settings.x_cache {
        resp.insert_header("x-cache", v.header())?;
    }
    if matches!(
        phase,
        CachePhase::Miss | CachePhase::Expired | CachePhase::Revalidated
    ) && !resp.headers.contains_key(http::header::AGE)
    {
        // Stored without the origin's `Age` (hits count their own); the copy sent now
        // still says how old the response already is.
        let age = session
            .cache
            .maybe_cache_meta()
            .map_or(0, |m| m.age().as_secs());
        if age > 0 {
            resp.insert_header(http::header::AGE, age)?;
        }
    }
    if let Some(f) = &settings.targeted_field {
        resp.remove_header(f.as_str());
    }
    if !settings.forward_cdn_cache_control {
        resp.remove_header(policy::CDN_CACHE_CONTROL);
    }
    invalidate_after_unsafe(session.req_header(), resp, shared, ctx);
    Ok(())
}

/// RFC 9111 §4.4: a non-error response to an unsafe request (anything but GET, HEAD,
/// OPTIONS and TRACE) invalidates the stored response of its URI, and of the URIs in
/// `Location` and `Content-Location` when they are on the same origin.
fn invalidate_after_unsafe(
    req: &RequestHeader,
    resp: &ResponseHeader,
    shared: &Shared,
    ctx: &RequestCtx,
) {
    let safe = matches!(
        req.method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    );
    let status = resp.status.as_u16();
    if safe || !(200..400).contains(&status) {
        return;
    }
    let host = key_host(req, ctx);
    let q: &QueryKey = route_settings(ctx)
        .and_then(|r| r.query.as_ref())
        .unwrap_or(&ctx.rt.config.cache.query);
    let store = shared.cache.storage;
    store.invalidate(&key::primary_key(
        ctx.https,
        host,
        req.uri.path(),
        req.uri.query(),
        q,
    ));
    for name in [http::header::LOCATION, http::header::CONTENT_LOCATION] {
        let Some(target) = resp.headers.get(&name).and_then(|v| v.to_str().ok()) else {
            continue;
        };
        if let Some(k) = key::same_origin_key(ctx.https, host, target, q) {
            store.invalidate(&k);
        }
    }
}

/// `response_body_filter` (synchronous): counts body bytes sent from the store.
pub fn count_body(body: &Option<bytes::Bytes>, ctx: &mut RequestCtx) {
    if let (Some(b), Some(v)) = (body, ctx.cache.verdict) {
        if v.from_store() {
            ctx.cache.served_bytes += b.len() as u64;
        }
    }
}

/// `logging`: records the lookup, bytes served and coalesced waits. Background
/// revalidations (subrequests) are not client lookups and are not counted.
pub fn record(session: &Session, shared: &Shared, ctx: &RequestCtx, e: Option<&Error>) {
    if ctx.kind != Some(RouteKind::Static) || session.subrequest_ctx.is_some() {
        return;
    }
    let m = &shared.metrics.cache;
    // No verdict yet: riskgate answered itself (e.g. 502 after a miss); judge by the phase.
    let v = ctx
        .cache
        .verdict
        .unwrap_or_else(|| verdict(session.cache.phase(), &ctx.cache));
    m.observe_lookup(v);
    let client_gone = e.is_some_and(|e| {
        e.esource() == &ErrorSource::Downstream
            && matches!(e.etype(), WriteError | ConnectionClosed | ReadError)
    });
    if client_gone && v.from_store() {
        m.client_aborts.inc();
    }
    m.served_bytes.inc_by(ctx.cache.served_bytes);
    if v.from_store() && session.cache.lock_duration().is_some() {
        m.coalesced.inc();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_map_to_verdicts() {
        let anon = CacheCtx {
            credential: Some(Credential::None),
            ..CacheCtx::default()
        };
        let forced = CacheCtx {
            credential: Some(Credential::SessionCookie),
            forced_bypass: true,
            ..CacheCtx::default()
        };
        let session = CacheCtx {
            credential: Some(Credential::SessionCookie),
            ..CacheCtx::default()
        };
        let off = CacheCtx::default();
        let cases = [
            (CachePhase::Hit, &anon, CacheVerdict::Hit),
            (CachePhase::Miss, &anon, CacheVerdict::Miss),
            (CachePhase::Stale, &anon, CacheVerdict::Stale),
            (CachePhase::StaleUpdating, &anon, CacheVerdict::Stale),
            (CachePhase::Expired, &anon, CacheVerdict::Expired),
            (CachePhase::Revalidated, &anon, CacheVerdict::Revalidated),
            (
                CachePhase::Disabled(NoCacheReason::OriginNotCache),
                &anon,
                CacheVerdict::Miss,
            ),
            (
                CachePhase::Disabled(NoCacheReason::NeverEnabled),
                &off,
                CacheVerdict::Bypass,
            ),
            (CachePhase::Miss, &forced, CacheVerdict::Bypass),
            (CachePhase::Hit, &session, CacheVerdict::Hit),
            (
                CachePhase::Disabled(NoCacheReason::Custom("session_cookie")),
                &session,
                CacheVerdict::Bypass,
            ),
            (CachePhase::Bypass, &anon, CacheVerdict::Bypass),
        ];
        for (phase, ctx, want) in cases {
            assert_eq!(verdict(phase, ctx), want, "{phase:?} {ctx:?}");
        }
    }

    #[test]
    fn stale_is_served_on_upstream_errors_only() {
        let up = Error::explain(ConnectRefused, "down").into_up();
        let down = Error::explain(ConnectionClosed, "client gone").into_down();
        assert!(serve_stale(None));
        assert!(serve_stale(Some(&up)));
        assert!(!serve_stale(Some(&down)));
    }
}
