//! Responses riskgate writes itself: small JSON bodies that always name the request id.
//!
//! Used for refusals (404 no route, 413, 431) and for proxy failures (502/504), so a
//! shop's support team can match any error a buyer reports to one log line.

use bytes::Bytes;
use pingora::http::ResponseHeader;
use pingora::proxy::Session;

/// Machine-readable error code for a status riskgate produced.
pub fn error_code(status: u16) -> &'static str {
    match status {
        400 => "bad_request",
        404 => "no_route",
        408 => "request_timeout",
        413 => "body_too_large",
        415 => "unsupported_media_type",
        431 => "headers_too_large",
        429 => "rate_limited",
        500 => "internal_error",
        502 => "bad_gateway",
        503 => "unavailable",
        504 => "gateway_timeout",
        _ => "error",
    }
}

/// Builds the JSON body `{"error":…,"status":…,"request_id":…}`.
pub fn error_body(status: u16, request_id: &str) -> Bytes {
    // request ids are validated to [A-Za-z0-9._:-] or generated hex: no escaping needed.
    Bytes::from(format!(
        "{{\"error\":\"{}\",\"status\":{status},\"request_id\":\"{request_id}\"}}\n",
        error_code(status)
    ))
}

/// Writes a complete JSON error response. Errors writing to a dead client are ignored:
/// there is nobody left to tell.
pub async fn json_error(session: &mut Session, status: u16, request_id: &str) {
    refusal(
        session,
        status,
        request_id,
        error_body(status, request_id),
        None,
    )
    .await;
}

/// Writes a complete response riskgate generates itself (beacon script, 204s).
pub async fn send(
    session: &mut Session,
    status: u16,
    request_id: &str,
    content_type: &str,
    cache_control: &str,
    body: Bytes,
) {
    let Ok(mut h) = ResponseHeader::build(status, Some(4)) else {
        return;
    };
    let _ = h.insert_header("content-type", content_type);
    let _ = h.insert_header("content-length", body.len().to_string());
    let _ = h.insert_header("cache-control", cache_control);
    if !request_id.is_empty() {
        let _ = h.insert_header("x-request-id", request_id);
    }
    let empty = body.is_empty();
    let _ = session.write_response_header(Box::new(h), empty).await;
    if !empty {
        let _ = session.write_response_body(Some(body), true).await;
    }
}

/// Writes the 403 decision body `{"request_id":…,"decision":"block","reasons":[…]}`.
pub async fn blocked(session: &mut Session, request_id: &str, reasons: &[&str]) {
    let body = serde_json::json!({
        "request_id": request_id,
        "decision": "block",
        "reasons": reasons,
    });
    json(session, 403, request_id, &body).await;
}

/// Writes an order decision riskgate answers itself: 403 block or 202 review (held),
/// `{"request_id","decision","reasons","score"}`.
pub async fn decision(
    session: &mut Session,
    status: u16,
    request_id: &str,
    decision: &str,
    reasons: &[&str],
    score: f32,
) {
    let body = serde_json::json!({
        "request_id": request_id,
        "decision": decision,
        "reasons": reasons,
        "score": (f64::from(score) * 10_000.0).round() / 10_000.0,
    });
    json(session, status, request_id, &body).await;
}

/// Writes a 400 for an order body that cannot be used, naming the field; `error` is
/// `bad_order`, or `ambiguous_field` for a field sent more than once.
pub async fn bad_order(
    session: &mut Session,
    request_id: &str,
    error: &str,
    field: &str,
    message: &str,
) {
    let body = serde_json::json!({
        "error": error,
        "status": 400,
        "request_id": request_id,
        "field": field,
        "message": message,
    });
    json(session, 400, request_id, &body).await;
}

/// Writes a 415 for an order body labelled as something its route does not read, naming
/// the header (`content-type` or `content-encoding`).
pub async fn unsupported_body(
    session: &mut Session,
    request_id: &str,
    header: &str,
    message: &str,
) {
    let body = serde_json::json!({
        "error": "unsupported_media_type",
        "status": 415,
        "request_id": request_id,
        "field": header,
        "message": message,
    });
    json(session, 415, request_id, &body).await;
}

async fn json(session: &mut Session, status: u16, request_id: &str, body: &serde_json::Value) {
    let mut bytes = serde_json::to_vec(body).unwrap_or_default();
    bytes.push(b'\n');
    refusal(session, status, request_id, Bytes::from(bytes), None).await;
}

/// Writes a 429 with `Retry-After` (seconds) and a JSON body naming the request id.
pub async fn rate_limited(session: &mut Session, request_id: &str, retry_after_secs: u64) {
    let body = format!(
        "{{\"error\":\"rate_limited\",\"status\":429,\"request_id\":\"{request_id}\",\"reasons\":[\"rate_limited\"],\"retry_after\":{retry_after_secs}}}\n"
    );
    refusal(
        session,
        429,
        request_id,
        Bytes::from(body),
        Some(retry_after_secs),
    )
    .await;
}

async fn refusal(
    session: &mut Session,
    status: u16,
    request_id: &str,
    body: Bytes,
    retry_after: Option<u64>,
) {
    let Ok(mut h) = ResponseHeader::build(status, Some(5)) else {
        return;
    };
    let _ = h.insert_header("content-type", "application/json");
    let _ = h.insert_header("content-length", body.len().to_string());
    let _ = h.insert_header("cache-control", "no-store");
    if !request_id.is_empty() {
        let _ = h.insert_header("x-request-id", request_id);
    }
    if let Some(s) = retry_after {
        let _ = h.insert_header("retry-after", s.to_string());
    }
    // The request body (if any) was not read: close rather than parse it as a new request.
    let _ = h.insert_header("connection", "close");
    session.set_keepalive(None);
    let _ = session.write_response_header(Box::new(h), false).await;
    let _ = session.write_response_body(Some(body), true).await;
}
