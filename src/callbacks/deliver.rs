//! The HTTP deliverer: posts one spooled callback to the fulfillment service.
//!
//! The target is the upstream group of the callback route that hears from the record's
//! channel, in the generation serving now (so a reload that moves the fulfillment service
//! applies to pending retries too); one healthy server of it is picked per attempt. The
//! body is the normalised JSON; `Idempotency-Key: {channel}:{txn_id}` lets the fulfillment
//! service turn riskgate's at-least-once delivery into exactly-once.
//!
//! Classification: 2xx delivered; 408, 409, 425, 429 and 5xx, connection errors and timeouts
//! are retried; any other 4xx is permanent (a dead letter for an operator).

use super::spool::{Deliver, DeliveryOutcome, Record};
use crate::runtime::Shared;
use async_trait::async_trait;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;
use std::sync::Weak;

/// Delivers callbacks over HTTP/1.1 with pooled connections.
pub struct HttpDeliver {
    shared: Weak<Shared>,
    client: Client<HttpConnector, Full<Bytes>>,
}

impl HttpDeliver {
    /// Creates the deliverer. It holds `shared` weakly: the worker must not keep the
    /// process state alive on its own.
    pub fn new(shared: Weak<Shared>) -> Self {
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(std::time::Duration::from_secs(2)));
        connector.set_nodelay(true);
        HttpDeliver {
            shared,
            client: Client::builder(TokioExecutor::new()).build(connector),
        }
    }
}

/// Whether a status means "try again later" rather than "never".
pub fn retryable(status: u16) -> bool {
    matches!(status, 408 | 409 | 425 | 429) || !(200..500).contains(&status)
}

#[async_trait]
impl Deliver for HttpDeliver {
    async fn deliver(&self, rec: &Record) -> DeliveryOutcome {
        let Some(shared) = self.shared.upgrade() else {
            return DeliveryOutcome::Retry("shutting down".into());
        };
        let rt = shared.runtime.load_full();
        let Some(route) = rt
            .config
            .routes
            .iter()
            .find(|r| r.channel.as_deref() == Some(rec.channel.as_str()))
        else {
            return DeliveryOutcome::Retry(format!(
                "no callback route for channel {} in the current config",
                rec.channel
            ));
        };
        let Some(group) = rt.upstreams.get(&route.upstream) else {
            return DeliveryOutcome::Retry(format!("upstream {} is gone", route.upstream));
        };
        let Some(addr) = group.select(rec.idempotency_key().as_bytes(), &[]) else {
            return DeliveryOutcome::Retry(format!("no healthy server in {}", route.upstream));
        };
        let Some(settings) = &rt.config.callbacks else {
            return DeliveryOutcome::Retry("no [callbacks] settings".into());
        };
        let uri = format!("http://{addr}{}", settings.deliver_path);
        let req = match http::Request::post(uri)
            .header(http::header::CONTENT_TYPE, "application/json")
            .header("idempotency-key", rec.idempotency_key())
            .header("x-riskgate-callback-id", rec.id.to_string())
            .header("x-riskgate-attempt", (rec.attempts + 1).to_string())
            .body(Full::new(rec.normalized.clone()))
        {
            Ok(r) => r,
            Err(e) => return DeliveryOutcome::Permanent(format!("cannot build request: {e}")),
        };
        let sent = tokio::time::timeout(settings.deliver_timeout, async {
            let resp = self.client.request(req).await?;
            let status = resp.status().as_u16();
            // Drain (bounded by the timeout) so the pooled connection is reusable.
            let _ = resp.into_body().collect().await;
            Ok::<u16, hyper_util::client::legacy::Error>(status)
        })
        .await;
        match sent {
            Err(_) => DeliveryOutcome::Retry(format!(
                "timeout after {:?} ({addr})",
                settings.deliver_timeout
            )),
            Ok(Err(e)) => DeliveryOutcome::Retry(format!("{addr}: {e}")),
            Ok(Ok(s)) if (200..300).contains(&s) => DeliveryOutcome::Delivered,
            Ok(Ok(s)) if retryable(s) => DeliveryOutcome::Retry(format!("{addr} answered {s}")),
            Ok(Ok(s)) => DeliveryOutcome::Permanent(format!("{addr} answered {s}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::retryable;

    #[test]
    fn status_classification() {
        for (s, want) in [
            (500, true),
            (503, true),
            (429, true),
            (408, true),
            (409, true),
            (400, false),
            (401, false),
            (404, false),
            (422, false),
        ] {
            assert_eq!(retryable(s), want, "{s}");
        }
    }
}
