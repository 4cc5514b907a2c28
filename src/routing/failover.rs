//! When a failed payment attempt may move to another channel: a pure decision, so the rules
//! that keep a payment from being charged twice are read and tested in one place.
//!
//! The question is never "did it fail?" but "did the channel certainly NOT process it?".
//! Another channel does not know this channel's idempotency key, so sending a payment the
//! first channel may still complete charges the buyer twice.
//!
//! - Not connected (refused, connect timeout, TLS handshake failure): the channel never saw
//!   the request → [`Failover::Retry`] while channels, deadline and replay buffer allow.
//! - Answered with a status the group marks safe (`safe_statuses`, default 503: the channel
//!   or its load balancer refused before processing) → retry when the route permits
//!   failover (idempotency header or `failover_safe`); otherwise the answer is passed on.
//! - Sent, then no answer (read timeout, reset, write error) or a 5xx not marked safe: the
//!   outcome is unknown → [`Failover::Confirm`] when the channel has a status endpoint and
//!   failover is permitted, else [`Failover::Unknown`] (504, `X-Payment-Status: unknown`,
//!   reconciliation report). Only a status answer that says "no charge"
//!   ([`StatusAnswer::NoCharge`]) turns a confirmation into a retry.
//!
//! This module does no I/O: the proxy maps its events here and the verdicts back onto the
//! session; the status query itself lives in `proxy::channel_status`.

/// What happened to one attempt, as far as the channel's side is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// No connection was made (refused, timed out, TLS handshake failed): nothing was sent.
    NotConnected,
    /// The channel answered with this status before anything reached the client.
    Answered(u16),
    /// The request was (at least partly) sent and no usable answer came: read or write
    /// timeout, reset, connection closed, malformed response.
    Lost,
    /// The response had already started towards the client when the attempt failed.
    ClientAnswered,
}

/// The facts a decision needs besides the event. Built by the proxy per attempt.
#[derive(Debug, Clone, Copy)]
pub struct Policy<'a> {
    /// The request carries the group's idempotency header, or the route says
    /// `failover_safe = true`: the shop allows a processed-nowhere payment to move on.
    pub may_failover: bool,
    /// Another attempt could start: an untried channel is left, the group's deadline has
    /// not passed and the body fits the replay buffer.
    pub can_retry: bool,
    /// Statuses the group treats as "certainly not processed" (`safe_statuses`).
    pub safe_statuses: &'a [u16],
    /// The channel has a status-query endpoint (`status_path`) and the request has a key
    /// to query it with.
    pub can_query: bool,
}

/// What to do with a failed or refused attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failover {
    /// Send the request to the next channel.
    Retry,
    /// Ask the channel's status endpoint first; retry only on [`StatusAnswer::NoCharge`].
    Confirm,
    /// The payment may have been charged: answer 504 with `X-Payment-Status: unknown` and
    /// record it for reconciliation. Never sent elsewhere.
    Unknown,
    /// Hand the channel's answer (or riskgate's 502) to the client as it is.
    Final,
}

/// Decides what follows `event` under `policy`.
///
/// Called once per failed attempt, from `fail_to_connect`, `upstream_response_filter` and
/// `error_while_proxy`; a status below 500 that is not in `safe_statuses` is final.
pub fn decide(event: Event, policy: &Policy<'_>) -> Failover {
    match event {
        Event::NotConnected if policy.can_retry => Failover::Retry,
        Event::NotConnected | Event::ClientAnswered => Failover::Final,
        Event::Answered(s) if policy.safe_statuses.contains(&s) => {
            if policy.may_failover && policy.can_retry {
                Failover::Retry
            } else {
                Failover::Final
            }
        }
        Event::Answered(s) if s < 500 => Failover::Final,
        Event::Answered(_) | Event::Lost => {
            if policy.can_query && policy.may_failover && policy.can_retry {
                Failover::Confirm
            } else {
                Failover::Unknown
            }
        }
    }
}

/// What a channel's status endpoint said about one payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusAnswer {
    /// The channel says it holds no charge for this key (never seen, failed or cancelled).
    NoCharge,
    /// Anything else: paid, pending, processing, an error, a timeout, an unreadable answer.
    NotConfirmed,
}

/// Status values (`{"status": …}`) that mean the channel holds no charge.
pub const NO_CHARGE: [&str; 4] = ["not_found", "failed", "canceled", "cancelled"];

/// Classifies a status endpoint's answer: HTTP 200 or 404 with a JSON object whose
/// `status` is one of [`NO_CHARGE`] means no charge; everything else does not confirm.
///
/// A bare 404 is not enough: a wrong `status_path` or a proxy's error page also answers
/// 404, and mistaking that for "no such payment" would charge twice.
pub fn classify_status(http_status: u16, body: &[u8]) -> StatusAnswer {
    if http_status != 200 && http_status != 404 {
        return StatusAnswer::NotConfirmed;
    }
    let status = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("status")?.as_str().map(str::to_ascii_lowercase));
    match status {
        Some(s) if NO_CHARGE.contains(&s.as_str()) => StatusAnswer::NoCharge,
        _ => StatusAnswer::NotConfirmed,
    }
}

/// The verdict after a [`Failover::Confirm`] query.
pub fn after_query(answer: StatusAnswer) -> Failover {
    match answer {
        StatusAnswer::NoCharge => Failover::Retry,
        StatusAnswer::NotConfirmed => Failover::Unknown,
    }
}

/// Fills a `status_path` template: `{order_id}` and `{idempotency_key}` become the
/// percent-encoded values. `None` when the template names a value the request lacks.
pub fn status_path(template: &str, order_id: Option<&str>, key: Option<&str>) -> Option<String> {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let (value, len) = if tail.starts_with("{order_id}") {
            (order_id?, "{order_id}".len())
        } else if tail.starts_with("{idempotency_key}") {
            (key?, "{idempotency_key}".len())
        } else {
            out.push('{');
            rest = &tail[1..];
            continue;
        };
        encode_into(&mut out, value);
        rest = &tail[len..];
    }
    out.push_str(rest);
    Some(out)
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
fn encode_into(out: &mut String, value: &str) {
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Event::*;
    use Failover::*;

    const SAFE: &[u16] = &[503];

    fn policy(may_failover: bool, can_retry: bool, can_query: bool) -> Policy<'static> {
        Policy {
            may_failover,
            can_retry,
            safe_statuses: SAFE,
            can_query,
        }
    }

    #[test]
    fn only_a_certainly_unprocessed_attempt_moves_to_another_channel() {
        // (event, may_failover, can_retry, can_query) -> verdict
        let table = [
            // Never connected: always safe, permission not needed.
            (NotConnected, false, true, false, Retry),
            (NotConnected, true, true, true, Retry),
            (NotConnected, true, false, true, Final),
            // A status the group marks safe: moves on only with permission and budget.
            (Answered(503), true, true, false, Retry),
            (Answered(503), true, true, true, Retry),
            (Answered(503), false, true, true, Final),
            (Answered(503), true, false, true, Final),
            // Success and client errors are the channel's answer.
            (Answered(200), true, true, true, Final),
            (Answered(402), true, true, true, Final),
            (Answered(404), true, true, true, Final),
            // A 5xx not marked safe, or a lost answer: unknown unless the channel confirms.
            (Answered(500), true, true, false, Unknown),
            (Answered(502), true, true, false, Unknown),
            (Answered(504), false, true, true, Unknown),
            (Answered(500), true, true, true, Confirm),
            (Lost, true, true, false, Unknown),
            (Lost, false, true, true, Unknown),
            (Lost, true, false, true, Unknown),
            (Lost, true, true, true, Confirm),
            // Once the client has response bytes, nothing can be retried or rewritten.
            (ClientAnswered, true, true, true, Final),
        ];
        for (event, may, can, query, want) in table {
            assert_eq!(
                decide(event, &policy(may, can, query)),
                want,
                "{event:?} may_failover={may} can_retry={can} can_query={query}"
            );
        }
    }

    #[test]
    fn a_read_timeout_is_never_retried_without_a_no_charge_answer() {
        for may in [false, true] {
            for can in [false, true] {
                for query in [false, true] {
                    assert_ne!(decide(Lost, &policy(may, can, query)), Retry);
                }
            }
        }
        assert_eq!(after_query(StatusAnswer::NotConfirmed), Unknown);
        assert_eq!(after_query(StatusAnswer::NoCharge), Retry);
    }

    #[test]
    fn safe_statuses_are_configurable() {
        let p = Policy {
            may_failover: true,
            can_retry: true,
            safe_statuses: &[502, 503, 429],
            can_query: false,
        };
        assert_eq!(decide(Answered(502), &p), Retry);
        assert_eq!(decide(Answered(429), &p), Retry);
        assert_eq!(decide(Answered(500), &p), Unknown);
        let none = Policy {
            safe_statuses: &[],
            ..p
        };
        assert_eq!(decide(Answered(503), &none), Unknown);
    }

    #[test]
    fn only_an_explicit_no_charge_answer_confirms() {
        use StatusAnswer::*;
        let table: [(u16, &str, StatusAnswer); 12] = [
            (404, r#"{"status":"not_found"}"#, NoCharge),
            (200, r#"{"status":"failed","order_id":"o-1"}"#, NoCharge),
            (200, r#"{"status":"CANCELED"}"#, NoCharge),
            (200, r#"{"status":"cancelled"}"#, NoCharge),
            (200, r#"{"status":"processing"}"#, NotConfirmed),
            (200, r#"{"status":"paid"}"#, NotConfirmed),
            (200, r#"{"status":"pending"}"#, NotConfirmed),
            (404, "not found", NotConfirmed),
            (404, "", NotConfirmed),
            (200, r#"{"state":"failed"}"#, NotConfirmed),
            (500, r#"{"status":"not_found"}"#, NotConfirmed),
            (302, r#"{"status":"failed"}"#, NotConfirmed),
        ];
        for (code, body, want) in table {
            assert_eq!(
                classify_status(code, body.as_bytes()),
                want,
                "{code} {body}"
            );
        }
    }

    #[test]
    fn status_path_fills_and_encodes_placeholders() {
        let t = "/status?order_id={order_id}&key={idempotency_key}";
        assert_eq!(
            status_path(t, Some("o 1&x"), Some("k/1")).as_deref(),
            Some("/status?order_id=o%201%26x&key=k%2F1")
        );
        assert_eq!(status_path(t, Some("o-1"), None), None);
        assert_eq!(status_path("/s/{order_id}", None, Some("k")), None);
        assert_eq!(
            status_path("/s?q={other}", None, None).as_deref(),
            Some("/s?q={other}")
        );
        assert_eq!(status_path("/ping", None, None).as_deref(), Some("/ping"));
    }
}
