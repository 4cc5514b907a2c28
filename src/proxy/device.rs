//! Device facts for one request: HTTP fingerprint, automation signals, the signed device
//! cookie, and the browser-beacon endpoints.
//!
//! Glue only: the algorithms live in `fingerprint`. Owns when a cookie is issued (HTML
//! responses to clients without a valid one) and how the beacon endpoints answer.

use super::ctx::RequestCtx;
use super::ctx_parts::PendingCookie;
use super::names;
use super::respond;
use crate::fingerprint::{self, CookieCheck, DeviceId, RequestFingerprint};
use crate::runtime::Shared;
use bytes::Bytes;
use pingora::http::{RequestHeader, ResponseHeader};
use pingora::proxy::Session;

/// Computes the fingerprint from the headers as the client sent them.
///
/// Must run before internal headers are stripped: removing headers reorders the map.
pub fn fingerprint(req: &RequestHeader, https: bool) -> RequestFingerprint {
    fingerprint::inspect(fingerprint::header_pairs(&req.headers), req.version, https)
}

/// Verifies the device cookie, or issues a new id (the cookie itself is only set on an
/// HTML response, see [`set_cookie`]). Counts tampered and expired cookies.
pub fn identify(req: &RequestHeader, shared: &Shared, ctx: &mut RequestCtx) {
    let fp = &ctx.rt.config.fingerprint;
    // The guards' clock, not the wall: under an evaluation clock override (`--clock-start`)
    // device ages and beacon times must be on the same axis as the order's time.
    let now = shared.guards.clock_unix();
    let check = fingerprint::check_cookie(
        req.headers
            .get_all(http::header::COOKIE)
            .iter()
            .map(|v| v.as_bytes()),
        &fp.cookie_name,
        &shared.cookie_keys,
        now,
        fp.cookie_lifetime,
    );
    let dev = &mut ctx.device;
    match check {
        CookieCheck::Valid(v) => {
            dev.id = Some(v.id);
            dev.age_secs = v.age_secs(now);
            let h = |name| {
                req.headers
                    .get(name)
                    .map(|v: &http::HeaderValue| v.as_bytes())
            };
            let traits = fingerprint::StableTraits::of(
                h(http::header::USER_AGENT).unwrap_or_default(),
                h(http::header::ACCEPT_LANGUAGE),
            );
            dev.replayed = shared.continuity.observe(v.id, traits);
            if v.needs_resign() {
                ctx.set_cookie = Some(PendingCookie {
                    id: v.id,
                    issued_at: v.issued_at,
                });
            }
            return;
        }
        CookieCheck::Tampered => {
            dev.tampered = true;
            shared
                .metrics
                .device_cookies
                .with_label_values(&["tampered"])
                .inc();
        }
        CookieCheck::Expired => {
            shared
                .metrics
                .device_cookies
                .with_label_values(&["expired"])
                .inc();
        }
        CookieCheck::Absent => {}
    }
    // The id is needed upstream now; signing waits until an HTML response needs the
    // cookie, so API and asset requests from cookie-less clients never pay for the HMAC.
    let id = DeviceId::random();
    dev.id = Some(id);
    dev.new = true;
    ctx.set_cookie = Some(PendingCookie { id, issued_at: now });
}

/// Adds the device facts to the upstream request: `X-Device-Id`, `X-Device-Fingerprint`
/// (16 hex), `X-Device-New: 1` for a device first seen now, and `X-Device-Signals` (comma-
/// separated automation signals, only when any is raised).
pub fn forward(req: &mut RequestHeader, ctx: &RequestCtx) -> pingora::Result<()> {
    let dev = &ctx.device;
    if let Some(id) = dev.id {
        let v = names::value(hex_id(id.as_bytes()).as_slice(), "device id")?;
        req.insert_header_static(&names::X_DEVICE_ID, v)?;
    }
    if dev.new {
        let v = http::HeaderValue::from_static("1");
        req.insert_header_static(&names::X_DEVICE_NEW, v)?;
    }
    if let Some(fp) = dev.fingerprint {
        let v = names::value(hex16(fp.http.0).as_slice(), "device fingerprint")?;
        req.insert_header_static(&names::X_DEVICE_FINGERPRINT, v)?;
        if fp.signals.any() {
            let raised: Vec<&str> = fp.signals.names().collect();
            let v = names::value(raised.join(","), "device signals")?;
            req.insert_header_static(&names::X_DEVICE_SIGNALS, v)?;
        }
    }
    Ok(())
}

/// The device id as 32 lowercase hex digits, as its `Display` writes them (without the
/// formatting machinery and the `String`).
fn hex_id(bytes: &[u8; 16]) -> [u8; 32] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 32];
    for (i, b) in bytes.iter().enumerate() {
        out[2 * i] = DIGITS[usize::from(b >> 4)];
        out[2 * i + 1] = DIGITS[usize::from(b & 15)];
    }
    out
}

/// `n` as 16 lowercase hex digits, as `{:016x}` writes it (without the formatting
/// machinery: this runs for every request).
fn hex16(mut n: u64) -> [u8; 16] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 16];
    for d in out.iter_mut().rev() {
        *d = DIGITS[(n & 15) as usize];
        n >>= 4;
    }
    out
}

/// Adds `Set-Cookie` for the device cookie when one is pending and the response is HTML.
///
/// Only HTML: API clients and static assets never need it, and a cookie on a cacheable
/// asset would be shared through caches. An HTML page for a device first seen now is
/// also noted as a page view of the client's address and `User-Agent` (see
/// `risk::linkage`, `cookieless_spread`: a buyer whose browser keeps no cookie browses
/// before ordering; a checker script does not).
pub fn set_cookie(
    resp: &mut ResponseHeader,
    req: &RequestHeader,
    shared: &Shared,
    ctx: &mut RequestCtx,
) {
    let Some(pending) = ctx.set_cookie.take() else {
        return;
    };
    let html = resp
        .headers
        .get(http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    if !html {
        return;
    }
    if let (true, Some(ip), Some(engine)) = (ctx.device.new, ctx.client_ip, &ctx.rt.risk) {
        let ua = req.headers.get(http::header::USER_AGENT);
        let ua = ua.map_or(&[][..], |v| v.as_bytes());
        shared.guards.record_page(ip, ua, &engine.settings.signals);
    }
    let fp = &ctx.rt.config.fingerprint;
    let value = fingerprint::sign(&shared.cookie_keys, pending.id, pending.issued_at);
    let header =
        fingerprint::set_cookie_header(&fp.cookie_name, &value, fp.cookie_lifetime, ctx.https);
    if resp.append_header(http::header::SET_COOKIE, header).is_ok() && ctx.device.new {
        shared
            .metrics
            .device_cookies
            .with_label_values(&["issued"])
            .inc();
    }
}

/// Serves `PREFIX/fp.js` and `PREFIX/beacon` when the request is for them.
///
/// Returns `true` when the request was answered here.
pub async fn beacon_endpoint(session: &mut Session, shared: &Shared, ctx: &mut RequestCtx) -> bool {
    let Some(prefix) = ctx.rt.config.fingerprint.beacon_path.as_deref() else {
        return false;
    };
    let path = session.req_header().uri.path();
    let Some(rest) = path.strip_prefix(prefix) else {
        return false;
    };
    let method = session.req_header().method.clone();
    match (method, rest) {
        (http::Method::GET, "/fp.js") => {
            let body = Bytes::from_static(fingerprint::BEACON_JS.as_bytes());
            respond::send(
                session,
                200,
                &ctx.request_id,
                "application/javascript; charset=utf-8",
                "public, max-age=3600",
                body,
            )
            .await;
            true
        }
        (http::Method::POST, "/beacon") => {
            let deadline = super::body::deadline(ctx);
            let read =
                super::body::read_whole(session, fingerprint::MAX_BEACON_BYTES, deadline).await;
            let status = match read.as_deref().map(fingerprint::parse_beacon) {
                Ok(Ok(beacon)) => {
                    // Bind only to a device that proved itself with a valid cookie.
                    if let (Some(id), false) = (ctx.device.id, ctx.device.new) {
                        let now = shared.guards.clock_unix();
                        // Another machine under the same cookie: a replayed cookie.
                        let now_hw = fingerprint::BeaconTraits::of(&beacon);
                        if let Some((_, was)) = shared.beacons.get_with_traits(id, now) {
                            if fingerprint::hardware_changed(
                                (was.platform, was.touch_points),
                                (now_hw.platform, now_hw.touch_points),
                            ) {
                                shared
                                    .continuity
                                    .mark(id, fingerprint::TraitChange::Hardware);
                            }
                        }
                        shared.beacons.record(id, &beacon, now);
                    } else if let (Some(ip), Some(engine)) = (ctx.client_ip, &ctx.rt.risk) {
                        // No cookie to bind to: remember it under the client (address
                        // and User-Agent) for its cookie-less order (`beacon_via_client`).
                        let signals = &engine.settings.signals;
                        if signals.beacon_via_client {
                            let req = session.req_header();
                            let traits = fingerprint::BeaconTraits::of(&beacon);
                            shared.guards.record_client_beacon(
                                ip,
                                user_agent(req),
                                beacon.beacon_hash(),
                                request_consistency(req, &traits),
                                signals,
                            );
                        }
                    }
                    204
                }
                Ok(Err(_)) => 400,
                Err(e) => e.status(),
            };
            let outcome = if status == 204 {
                "accepted"
            } else {
                "rejected"
            };
            shared.metrics.beacons.with_label_values(&[outcome]).inc();
            if status == 204 {
                respond::send(
                    session,
                    204,
                    &ctx.request_id,
                    "text/plain",
                    "no-store",
                    Bytes::new(),
                )
                .await;
            } else {
                respond::json_error(session, status, &ctx.request_id).await;
            }
            true
        }
        _ => false,
    }
}

/// The request's `User-Agent` bytes (empty when it sent none).
pub(crate) fn user_agent(req: &RequestHeader) -> &[u8] {
    req.headers
        .get(http::header::USER_AGENT)
        .map_or(&[][..], |v| v.as_bytes())
}

/// Does the hardware a beacon saw fit the device this request's `User-Agent` and client
/// hints claim? (`None`: consistent.)
pub(crate) fn request_consistency(
    req: &RequestHeader,
    traits: &fingerprint::BeaconTraits,
) -> Option<fingerprint::Inconsistency> {
    let h = |name: &str| req.headers.get(name).map(|v| v.as_bytes());
    fingerprint::device_consistency(
        traits,
        user_agent(req),
        h("sec-ch-ua-platform"),
        h("sec-ch-ua-mobile"),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn hex16_is_the_zero_padded_hex_of_the_fingerprint() {
        for n in [0u64, 1, 0xabc, 0x0123_4567_89ab_cdef, u64::MAX] {
            let fp = crate::fingerprint::HttpFingerprint(n);
            assert_eq!(super::hex16(n).as_slice(), fp.to_string().as_bytes());
        }
    }

    #[test]
    fn hex_id_is_what_the_device_id_displays() {
        for bytes in [
            [0u8; 16],
            [0xff; 16],
            *b"\x01\x23\x45\x67\x89\xab\xcd\xef0123456x",
        ] {
            let id = crate::fingerprint::DeviceId::from_bytes(bytes);
            assert_eq!(super::hex_id(&bytes).as_slice(), id.to_string().as_bytes());
        }
    }
}
