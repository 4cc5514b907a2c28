//! RFC 7239 `Forwarded`, `X-Forwarded-Host` and `X-Forwarded-Port` on the upstream request.
//!
//! Origins use these to build absolute URLs, pick http or https, and log the client. From
//! anyone but a trusted proxy they are forged at will, so riskgate replaces them, as it
//! does `X-Forwarded-For`; from a trusted proxy (a CDN in front of riskgate) they describe
//! the hops before riskgate, so the chain is kept and riskgate's own hop appended.
//! `X-Forwarded-For`, `X-Real-IP` and `X-Forwarded-Proto` stay in [`super::facts`].

use super::ctx::RequestCtx;
use super::names;
use pingora::http::{RequestHeader, StaticHeaderName};
use pingora::prelude::*;
use std::fmt::Write;
use std::net::IpAddr;

/// Writes riskgate's `Forwarded` element and its `X-Forwarded-Host`/`-Port`.
///
/// Runs in `upstream_request_filter`. `tls`: the client reached riskgate over TLS;
/// `local_port`: the listener's port. Untrusted peer: each header is replaced by
/// riskgate's value. Trusted peer: `Forwarded` keeps the proxy's elements and gets
/// riskgate's appended (`for` = the proxy, as `X-Forwarded-For` gets the proxy's address);
/// `X-Forwarded-Host`/`-Port` are kept when the proxy sent them (it saw the client's
/// original host and port, riskgate did not) and set otherwise.
pub fn rewrite(
    req: &mut RequestHeader,
    ctx: &RequestCtx,
    tls: bool,
    local_port: Option<u16>,
) -> Result<()> {
    // Owned (a `HeaderValue` clone shares the parsed request's bytes) so `req` can change.
    let host = authority(req);
    let mut value = String::with_capacity(64);
    if ctx.peer_trusted {
        for prior in req.headers.get_all("forwarded") {
            if let Ok(prior) = prior.to_str() {
                value.push_str(prior);
                value.push_str(", ");
            }
        }
    }
    element(
        &mut value,
        ctx.peer_ip,
        if tls { "https" } else { "http" },
        host.as_ref().and_then(|h| h.to_str().ok()),
    );
    let value = names::value(value, "forwarded")?;
    req.insert_header_static(&names::FORWARDED, value)?;
    let keep = |req: &RequestHeader, name: &StaticHeaderName| {
        ctx.peer_trusted && req.headers.contains_key(name.name())
    };
    if !keep(req, &names::X_FORWARDED_HOST) {
        match host {
            Some(h) => req.insert_header_static(&names::X_FORWARDED_HOST, h)?,
            None => drop(req.remove_header("x-forwarded-host")),
        }
    }
    if !keep(req, &names::X_FORWARDED_PORT) {
        match local_port {
            Some(p) => {
                let p = http::HeaderValue::from(p);
                req.insert_header_static(&names::X_FORWARDED_PORT, p)?
            }
            None => drop(req.remove_header("x-forwarded-port")),
        }
    }
    Ok(())
}

/// The host (and port) the client asked for: `:authority` or absolute-form, else `Host`
/// (when it is text).
fn authority(req: &RequestHeader) -> Option<http::HeaderValue> {
    match req.uri.authority() {
        Some(a) => http::HeaderValue::from_str(a.as_str()).ok(),
        None => req
            .headers
            .get(http::header::HOST)
            .filter(|v| v.to_str().is_ok())
            .cloned(),
    }
}

/// Appends one `Forwarded` element: `for=…;proto=…;host=…` (RFC 7239 §4).
///
/// An IPv6 address is bracketed and quoted (`for="[2001:db8::1]"`, §6); a host that is not
/// a token (it has a port, say) is a quoted-string with `"` and `\` escaped.
pub fn element(out: &mut String, peer: Option<IpAddr>, proto: &str, host: Option<&str>) {
    match peer {
        Some(IpAddr::V4(ip)) => {
            out.push_str("for=");
            out.push_str(names::ipv4_text(ip, &mut [0; 15]));
            out.push(';');
        }
        Some(IpAddr::V6(ip)) => {
            let _ = write!(out, "for=\"[{ip}]\";");
        }
        None => {}
    }
    out.push_str("proto=");
    out.push_str(proto);
    if let Some(host) = host {
        out.push_str(";host=");
        if !host.is_empty() && host.bytes().all(is_tchar) {
            out.push_str(host);
        } else {
            out.push('"');
            for c in host.chars() {
                if c == '"' || c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        }
    }
}

/// RFC 9110 `tchar`: the bytes a token may hold unquoted.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn el(peer: Option<&str>, proto: &str, host: Option<&str>) -> String {
        let mut s = String::new();
        element(&mut s, peer.map(|p| p.parse().unwrap()), proto, host);
        s
    }

    #[test]
    fn elements_quote_ipv6_and_hosts_that_are_not_tokens() {
        let cases = [
            (
                Some("192.0.2.7"),
                "http",
                Some("shop.example"),
                "for=192.0.2.7;proto=http;host=shop.example",
            ),
            (
                Some("2001:db8::1"),
                "https",
                Some("shop.example"),
                "for=\"[2001:db8::1]\";proto=https;host=shop.example",
            ),
            (
                Some("127.0.0.1"),
                "http",
                Some("shop.example:8080"),
                "for=127.0.0.1;proto=http;host=\"shop.example:8080\"",
            ),
            (
                Some("127.0.0.1"),
                "http",
                Some("[::1]:80"),
                "for=127.0.0.1;proto=http;host=\"[::1]:80\"",
            ),
            (
                Some("127.0.0.1"),
                "http",
                Some("a\"b\\c"),
                "for=127.0.0.1;proto=http;host=\"a\\\"b\\\\c\"",
            ),
            (
                Some("127.0.0.1"),
                "http",
                Some(""),
                "for=127.0.0.1;proto=http;host=\"\"",
            ),
            (None, "https", None, "proto=https"),
        ];
        for (peer, proto, host, want) in cases {
            assert_eq!(el(peer, proto, host), want, "{peer:?} {host:?}");
        }
    }
}
