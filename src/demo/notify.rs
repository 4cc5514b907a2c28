//! The payment-channel stand-in's asynchronous notifications: after accepting a payment it
//! sends a signed callback, in its dialect, to the URL it was given, retrying like a real
//! provider until the acknowledgement it expects comes back.
//!
//! Owns only the sending side; verification is riskgate's (`callbacks::dialect`).

use crate::callbacks::dialect::{sign, Dialect};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Where and how a channel stand-in sends its callbacks.
#[derive(Debug, Clone)]
pub struct Notifier {
    /// Full callback URL, e.g. `http://127.0.0.1:8080/callbacks/alpha`.
    pub url: String,
    /// Signature dialect.
    pub dialect: Dialect,
    /// The shared secret (webhook secret or merchant key).
    pub secret: String,
    /// Wait between accepting a payment and notifying (providers are never instant).
    pub delay: Duration,
}

/// Counters of sent notifications.
#[derive(Debug, Default)]
pub struct NotifyStats {
    /// Notifications the receiver acknowledged.
    pub acked: AtomicU64,
    /// Attempts made (including retries).
    pub attempts: AtomicU64,
}

/// One payment to report.
#[derive(Debug, Clone)]
pub struct Payment {
    /// Channel name (epay `pid` equivalent is fixed).
    pub txn_id: String,
    /// The shop's order id.
    pub order_id: String,
    /// Decimal amount.
    pub amount: String,
    /// Whether the payment went through.
    pub paid: bool,
}

/// A client for one notification. Not shared: a pooled client's connection tasks belong
/// to the runtime that first used it, and stand-ins run on many runtimes (one per test).
fn client() -> Client<HttpConnector, Full<Bytes>> {
    Client::builder(TokioExecutor::new()).build(HttpConnector::new())
}

/// Headers and body of one notification.
pub type Built = (Vec<(&'static str, String)>, String);

/// Builds the request body and headers a provider of `dialect` would send.
pub fn build(n: &Notifier, p: &Payment, now_unix: u64) -> Result<Built, String> {
    match n.dialect {
        Dialect::Epay | Dialect::AlipayRsa2 => {
            let status = if p.paid {
                "TRADE_SUCCESS"
            } else {
                "TRADE_CLOSED"
            };
            let params = [
                ("pid", "1001"),
                ("trade_no", p.txn_id.as_str()),
                ("out_trade_no", p.order_id.as_str()),
                ("type", "alipay"),
                ("name", "gift card"),
                ("money", p.amount.as_str()),
                ("trade_status", status),
            ];
            let body = if n.dialect == Dialect::Epay {
                sign::epay_form(&n.secret, &params)
            } else {
                // Alipay signs its send time (Shanghai local time) and names the amount
                // `total_amount`.
                let at = crate::lists::time::format_rfc3339(now_unix + 8 * 3600);
                let notify_time = format!("{} {}", &at[..10], &at[11..19]);
                let mut params = params.to_vec();
                params.push(("total_amount", p.amount.as_str()));
                params.push(("notify_time", notify_time.as_str()));
                sign::alipay_form(&n.secret, &params).map_err(|e| e.to_string())?
            };
            Ok((
                vec![(
                    "content-type",
                    "application/x-www-form-urlencoded".to_string(),
                )],
                body,
            ))
        }
        Dialect::HmacSha256 => {
            let body = serde_json::json!({
                "type": if p.paid { "payment.succeeded" } else { "payment.failed" },
                "data": {
                    "id": p.txn_id, "order_id": p.order_id, "amount": p.amount,
                    "currency": "USD", "status": if p.paid { "succeeded" } else { "failed" },
                }
            })
            .to_string();
            let id = format!("msg_{}", p.txn_id);
            let sig = sign::webhook(&n.secret, &id, now_unix, body.as_bytes())
                .map_err(|e| e.to_string())?;
            Ok((
                vec![
                    ("content-type", "application/json".to_string()),
                    ("webhook-id", id),
                    ("webhook-timestamp", now_unix.to_string()),
                    ("webhook-signature", sig),
                ],
                body,
            ))
        }
    }
}

/// Sends the notification for `p` in the background: after `n.delay`, then retried with
/// doubling waits (from 100 ms, 8 attempts) until acknowledged.
pub fn spawn(n: Notifier, p: Payment, stats: Arc<NotifyStats>) {
    tokio::spawn(async move {
        tokio::time::sleep(n.delay).await;
        let mut wait = Duration::from_millis(100);
        for _ in 0..8 {
            stats.attempts.fetch_add(1, Ordering::Relaxed);
            if send_once(&n, &p).await {
                stats.acked.fetch_add(1, Ordering::Relaxed);
                return;
            }
            tokio::time::sleep(wait).await;
            wait *= 2;
        }
        tracing::warn!(order_id = %p.order_id, "demo channel: callback never acknowledged");
    });
}

async fn send_once(n: &Notifier, p: &Payment) -> bool {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let Ok((headers, body)) = build(n, p, now) else {
        return false;
    };
    let mut req = http::Request::post(&n.url);
    for (k, v) in &headers {
        req = req.header(*k, v);
    }
    let Ok(req) = req.body(Full::new(Bytes::from(body))) else {
        return false;
    };
    let sent = tokio::time::timeout(Duration::from_secs(5), async {
        let resp = client().request(req).await.ok()?;
        let ok = resp.status().is_success();
        let body = resp.into_body().collect().await.ok()?.to_bytes();
        Some((ok, body))
    })
    .await;
    match (n.dialect, sent) {
        (Dialect::HmacSha256, Ok(Some((ok, _)))) => ok,
        (_, Ok(Some((ok, body)))) => ok && body.as_ref() == b"success",
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::callbacks::dialect::{PaymentStatus, Verifier, VerifyOptions};

    #[test]
    fn built_notifications_verify_with_riskgate() {
        let pay = Payment {
            txn_id: "alpha-7".into(),
            order_id: "o-7".into(),
            amount: "50.00".into(),
            paid: true,
        };
        for (dialect, secret) in [
            (Dialect::Epay, "merchant-key-123"),
            (
                Dialect::HmacSha256,
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            ),
        ] {
            let n = Notifier {
                url: String::new(),
                dialect,
                secret: secret.into(),
                delay: Duration::ZERO,
            };
            let (headers, body) = build(&n, &pay, 1_700_000_000).unwrap();
            let mut map = http::HeaderMap::new();
            for (k, v) in headers {
                map.insert(k, v.parse().unwrap());
            }
            let v = Verifier::new(dialect, secret, VerifyOptions::default()).unwrap();
            let got = v
                .verify(&map, None, body.as_bytes(), 1_700_000_010)
                .unwrap();
            assert_eq!(got.txn_id, "alpha-7");
            assert_eq!(got.order_id, "o-7");
            assert_eq!(got.amount, "50.00");
            assert_eq!(got.status, PaymentStatus::Paid);
        }
    }
}
