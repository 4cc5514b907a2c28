//! The I/O around an unknown payment outcome: the status query to the channel that may
//! have charged, and the 504 `X-Payment-Status: unknown` answer to the client.
//!
//! What the answers mean is decided in `routing::failover` (`classify_status`); this file
//! only moves bytes. The query runs only after an attempt's outcome became unknown and the
//! route may fail over, so it never costs a normal payment anything. It goes to the
//! channel's own scheme, address and SNI host (like its health check), over a fresh
//! connection: a pooled one could be the very connection that just hung.

use crate::routing::channels::ChannelPeer;
use crate::routing::failover::{classify_status, StatusAnswer};
use bytes::{Bytes, BytesMut};
use pingora::connectors::http::Connector;
use pingora::http::{RequestHeader, ResponseHeader};
use pingora::proxy::Session;
use pingora::upstreams::peer::HttpPeer;
use std::sync::OnceLock;
use std::time::Duration;

/// Largest status answer read; a status is a small JSON object.
const MAX_ANSWER: usize = 16 * 1024;

/// One connector for all status queries (its TLS config is built once).
fn connector() -> &'static Connector {
    static C: OnceLock<Connector> = OnceLock::new();
    C.get_or_init(|| Connector::new(None))
}

/// Asks `channel` for the payment at `path` (already filled in), within `timeout` in all.
/// Any failure (connect, timeout, unreadable answer) is [`StatusAnswer::NotConfirmed`].
pub async fn query(
    channel: &ChannelPeer,
    path: &str,
    timeout: Duration,
    request_id: &str,
) -> StatusAnswer {
    let asked = tokio::time::timeout(timeout, fetch(channel, path, timeout, request_id)).await;
    match asked {
        Ok(Ok((status, body))) => {
            let answer = classify_status(status, &body);
            tracing::info!(
                request_id,
                channel = %channel.name,
                status,
                ?answer,
                "payment status query answered"
            );
            answer
        }
        Ok(Err(e)) => {
            tracing::warn!(request_id, channel = %channel.name, error = %e, "payment status query failed");
            StatusAnswer::NotConfirmed
        }
        Err(_) => {
            tracing::warn!(request_id, channel = %channel.name, ?timeout, "payment status query timed out");
            StatusAnswer::NotConfirmed
        }
    }
}

/// Sends `GET path` and returns the status and (at most `MAX_ANSWER` bytes of) body.
async fn fetch(
    channel: &ChannelPeer,
    path: &str,
    timeout: Duration,
    request_id: &str,
) -> pingora::Result<(u16, Bytes)> {
    let mut peer = HttpPeer::new(channel.addr, channel.tls, channel.host.clone());
    peer.options.connection_timeout = Some(timeout);
    peer.options.read_timeout = Some(timeout);
    peer.options.write_timeout = Some(timeout);
    let mut req = RequestHeader::build("GET", path.as_bytes(), Some(4))?;
    req.insert_header("host", channel.host.as_str())?;
    req.insert_header("accept", "application/json")?;
    req.insert_header("x-request-id", request_id)?;
    let (mut s, _reused) = connector().get_http_session(&peer).await?;
    s.set_write_timeout(Some(timeout));
    s.set_read_timeout(Some(timeout));
    s.write_request_header(Box::new(req)).await?;
    s.finish_request_body().await?;
    s.read_response_header().await?;
    let status = s.response_header().map_or(0, |h| h.status.as_u16());
    let mut body = BytesMut::new();
    while let Some(chunk) = s.read_response_body().await? {
        if body.len() + chunk.len() > MAX_ANSWER {
            break;
        }
        body.extend_from_slice(&chunk);
    }
    Ok((status, body.freeze()))
}

/// Writes the 504 for an unknown outcome: `X-Payment-Status: unknown` and
/// `{"error":"payment_status_unknown","status":504,"request_id":…,"channel":…}`.
pub async fn write_unknown(session: &mut Session, request_id: &str, channel: &str) {
    let body = Bytes::from(
        serde_json::json!({
            "error": "payment_status_unknown",
            "status": 504,
            "request_id": request_id,
            "channel": channel,
        })
        .to_string(),
    );
    let Ok(mut h) = ResponseHeader::build(504, Some(5)) else {
        return;
    };
    let _ = h.insert_header("content-type", "application/json");
    let _ = h.insert_header("content-length", body.len().to_string());
    let _ = h.insert_header("cache-control", "no-store");
    let _ = h.insert_header("x-payment-status", "unknown");
    if !request_id.is_empty() {
        let _ = h.insert_header("x-request-id", request_id);
    }
    let _ = session.write_response_header(Box::new(h), false).await;
    let _ = session.write_response_body(Some(body), true).await;
}
