//! The HTTP deliverer: posts one spooled callback to the fulfillment service.
//!
//! The target is the upstream group of the callback route that hears from the record's
//! channel, in the generation serving now (so a reload that moves the fulfillment service
//! applies to pending retries too); one healthy server of it is picked per attempt. The
//! deliverer finds it through the narrow [`DeliveryTargets`] trait, so this module knows
//! nothing of the process state that implements it (`runtime::Shared`). The
//! body is the normalised JSON; `Idempotency-Key: {channel}:{txn_id}` lets the fulfillment
//! service turn riskgate's at-least-once delivery into exactly-once.
//!
//! Classification: 2xx delivered; 408, 409, 425, 429 and 5xx, connection errors and timeouts
//! are retried; any other 4xx is permanent (a dead letter for an operator).

use super::spool::{Deliver, DeliveryOutcome, Record};
use async_trait::async_trait;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;
use std::net::SocketAddr;
use std::sync::Weak;
use std::time::Duration;

/// Where one delivery attempt goes, as the config serving now says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// The fulfillment server picked for this attempt.
    pub addr: SocketAddr,
    /// The path posted to (`callbacks.deliver_path`).
    pub path: String,
    /// How long one attempt may take (`callbacks.deliver_timeout`).
    pub timeout: Duration,
}

/// Finds the fulfillment service for a channel's callbacks.
///
/// Implemented by the process state over the generation serving at the time of the call;
/// tests can implement it over a fixed address.
pub trait DeliveryTargets: Send + Sync {
    /// The target for a callback from `channel`; `key` spreads attempts over the group's
    /// servers (the record's idempotency key). `Err` says why there is none right now:
    /// the attempt is retried later.
    fn target(&self, channel: &str, key: &[u8]) -> Result<Target, String>;
}

/// Delivers callbacks over HTTP/1.1 with pooled connections.
pub struct HttpDeliver {
    targets: Weak<dyn DeliveryTargets>,
    client: Client<HttpConnector, Full<Bytes>>,
}

impl HttpDeliver {
    /// Creates the deliverer. It holds `targets` (the process state) weakly: the worker
    /// must not keep the process state alive on its own.
    pub fn new(targets: Weak<dyn DeliveryTargets>) -> Self {
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(std::time::Duration::from_secs(2)));
        connector.set_nodelay(true);
        HttpDeliver {
            targets,
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
        let Some(targets) = self.targets.upgrade() else {
            return DeliveryOutcome::Retry("shutting down".into());
        };
        let target = match targets.target(&rec.channel, rec.idempotency_key().as_bytes()) {
            Ok(t) => t,
            Err(why) => return DeliveryOutcome::Retry(why),
        };
        let addr = target.addr;
        let uri = format!("http://{addr}{}", target.path);
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
        let sent = tokio::time::timeout(target.timeout, async {
            let resp = self.client.request(req).await?;
            let status = resp.status().as_u16();
            // Drain (bounded by the timeout) so the pooled connection is reusable.
            let _ = resp.into_body().collect().await;
            Ok::<u16, hyper_util::client::legacy::Error>(status)
        })
        .await;
        match sent {
            Err(_) => {
                DeliveryOutcome::Retry(format!("timeout after {:?} ({addr})", target.timeout))
            }
            Ok(Err(e)) => DeliveryOutcome::Retry(format!("{addr}: {e}")),
            Ok(Ok(s)) if (200..300).contains(&s) => DeliveryOutcome::Delivered,
            Ok(Ok(s)) if retryable(s) => DeliveryOutcome::Retry(format!("{addr} answered {s}")),
            Ok(Ok(s)) => DeliveryOutcome::Permanent(format!("{addr} answered {s}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::callbacks::spool::State;
    use std::sync::Arc;

    /// Targets as a fixed answer: the deliverer must go where the trait says.
    struct Fixed(Result<Target, String>);

    impl DeliveryTargets for Fixed {
        fn target(&self, _channel: &str, _key: &[u8]) -> Result<Target, String> {
            self.0.clone()
        }
    }

    fn record() -> Record {
        Record {
            id: 7,
            channel: "alpha".into(),
            txn_id: "T-7".into(),
            order_id: "o-7".into(),
            status: "paid".into(),
            state: State::Pending,
            attempts: 2,
            received_ms: 1,
            next_at_ms: 0,
            retry_since_ms: 1,
            delivered_ms: None,
            last_error: None,
            normalized: Bytes::from_static(br#"{"order_id":"o-7"}"#),
            original: Bytes::new(),
            content_type: "application/json".into(),
            legacy_key: false,
        }
    }

    async fn deliver_to(targets: &Arc<dyn DeliveryTargets>) -> DeliveryOutcome {
        HttpDeliver::new(Arc::downgrade(targets))
            .deliver(&record())
            .await
    }

    #[tokio::test]
    async fn posts_the_record_to_the_target_the_trait_names() {
        let up = crate::demo::upstream()
            .route("/hook", 200, "ok")
            .route("/gone", 404, "no")
            .spawn()
            .await
            .unwrap();
        let at = |path: &str| -> Arc<dyn DeliveryTargets> {
            Arc::new(Fixed(Ok(Target {
                addr: up.addr(),
                path: path.into(),
                timeout: Duration::from_secs(5),
            })))
        };
        assert_eq!(deliver_to(&at("/hook")).await, DeliveryOutcome::Delivered);
        let seen = up.log.requests();
        let req = seen.iter().find(|r| r.path == "/hook").expect("delivered");
        assert_eq!(req.method, "POST");
        assert_eq!(req.header("idempotency-key"), Some("alpha:T-7:paid"));
        assert_eq!(req.header("x-riskgate-callback-id"), Some("7"));
        assert_eq!(req.header("x-riskgate-attempt"), Some("3"));
        assert_eq!(req.body, br#"{"order_id":"o-7"}"#);
        assert_eq!(
            deliver_to(&at("/gone")).await,
            DeliveryOutcome::Permanent(format!("{} answered 404", up.addr()))
        );
    }

    #[tokio::test]
    async fn no_target_is_retried_with_the_reason_and_a_dropped_state_means_shutting_down() {
        let none: Arc<dyn DeliveryTargets> = Arc::new(Fixed(Err("upstream f is gone".into())));
        assert_eq!(
            deliver_to(&none).await,
            DeliveryOutcome::Retry("upstream f is gone".into())
        );
        let gone = HttpDeliver::new(Arc::downgrade(&none));
        drop(none);
        assert_eq!(
            gone.deliver(&record()).await,
            DeliveryOutcome::Retry("shutting down".into())
        );
    }

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
