//! The review queue's operations on the async runtime: hold, approve (forward once),
//! deny, expire, labels, and the gauges.
//!
//! Every store call runs on the blocking pool (redb commits fsync). Approval forwards the
//! held request with its own small HTTP/1.1 client to a server the route's upstream group
//! selects (the same `UpstreamGroup::select` the proxy and the callback deliverer use, so
//! health checks apply); riskgate's proxy path cannot be reused because there is no
//! client session to proxy. TLS upstreams are not supported for approval yet
//! (TODO(issue 14): a rustls connector); such an approval answers 502 and the order stays
//! pending.

use super::store::{Change, ReviewStore};
use super::{HeldOrder, ReviewError, Status, BY_EXPIRY};
use crate::config::{ExpiryAction, ReviewSettings};
use crate::metrics::ReviewMetrics;
use crate::runtime::Runtime;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;
use sha2::{Digest, Sha256};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// The outcome of an approval.
#[derive(Debug)]
pub enum Approval {
    /// Forwarded; the shop answered this status.
    Forwarded {
        /// The shop's HTTP status.
        status: u16,
        /// The order as stored now.
        order: HeldOrder,
    },
    /// No such order.
    NotFound,
    /// Already decided (or being forwarded by another approval): nothing was sent.
    Conflict(HeldOrder),
    /// The shop could not be reached; the order is pending again.
    Unreachable(String),
    /// The store failed.
    Store(ReviewError),
}

/// The review queue: store, settings, metrics and the forwarding client.
pub struct ReviewHub {
    store: Arc<ReviewStore>,
    /// `[reviews]` as at start (the store path cannot change without a restart).
    pub settings: ReviewSettings,
    metrics: ReviewMetrics,
    client: Client<HttpConnector, Full<Bytes>>,
    /// Random per process; tokens are hashes of it, a counter and the order id.
    token_key: [u8; 32],
    token_counter: AtomicU64,
    /// Woken after every state change (buyer event streams wait on it).
    notify: tokio::sync::Notify,
}

/// 32 bytes from the kernel's CSPRNG, read once at start.
fn random_key() -> Result<[u8; 32], ReviewError> {
    crate::secret::random_bytes().map_err(|e| ReviewError::store("read /dev/urandom", e))
}

impl ReviewHub {
    /// Opens the store named by `settings`. Called once at start (blocking I/O).
    pub fn open(settings: &ReviewSettings, metrics: ReviewMetrics) -> Result<Self, ReviewError> {
        let store = ReviewStore::open(&settings.store)?;
        let mut connector = HttpConnector::new();
        connector.set_connect_timeout(Some(Duration::from_secs(2)));
        connector.set_nodelay(true);
        Ok(ReviewHub {
            store: Arc::new(store),
            settings: settings.clone(),
            metrics,
            client: Client::builder(TokioExecutor::new()).build(connector),
            token_key: random_key()?,
            token_counter: AtomicU64::new(0),
            notify: tokio::sync::Notify::new(),
        })
    }

    /// A new buyer token for order `id`: 128 bits, hex. Unguessable without the process
    /// key (kernel randomness), and unrelated to the request id the buyer also sees.
    pub fn new_token(&self, id: &str) -> String {
        let n = self.token_counter.fetch_add(1, Ordering::Relaxed);
        let mut h = Sha256::new();
        h.update(self.token_key);
        h.update(n.to_le_bytes());
        h.update(id.as_bytes());
        h.finalize()[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&ReviewStore) -> Result<T, ReviewError> + Send + 'static,
    ) -> Result<T, ReviewError> {
        let store = self.store.clone();
        tokio::task::spawn_blocking(move || f(&store))
            .await
            .map_err(|_| ReviewError::Task)?
    }

    /// Stores a held order; `Ok` only after the commit. Counts `held` or `store_failed`.
    pub async fn hold(&self, order: HeldOrder, now_ms: u64) -> Result<HeldOrder, ReviewError> {
        let r = self.blocking(move |s| s.insert(order)).await;
        let outcome = if r.is_ok() { "held" } else { "store_failed" };
        self.metrics.total.with_label_values(&[outcome]).inc();
        self.refresh_gauges(now_ms);
        r
    }

    /// The order with this id.
    pub async fn get(&self, id: &str) -> Result<Option<HeldOrder>, ReviewError> {
        let id = id.to_string();
        self.blocking(move |s| s.get(&id)).await
    }

    /// The order a buyer token names.
    pub async fn by_token(&self, token: &str) -> Result<Option<HeldOrder>, ReviewError> {
        let token = token.to_string();
        self.blocking(move |s| s.by_token(&token)).await
    }

    /// Orders with `status` (all when `None`), oldest first, at most `limit`.
    pub async fn list(
        &self,
        status: Option<Status>,
        limit: usize,
    ) -> Result<Vec<HeldOrder>, ReviewError> {
        self.blocking(move |s| s.list(status, limit)).await
    }

    /// `request_id,label` lines (header first) for every order a person decided:
    /// approve → 0, deny → 1. The format `riskgate replay --labels` and the trainer read.
    pub async fn labels_csv(&self) -> Result<String, ReviewError> {
        let all = self.blocking(|s| s.all()).await?;
        let mut out = String::from("request_id,label\n");
        for o in &all {
            if let Some(l) = o.label() {
                out.push_str(&format!("{},{l}\n", o.request_id));
            }
        }
        Ok(out)
    }

    /// Refuses a pending order (`to` is `Denied` for a person, `Expired` for the sweep).
    pub async fn deny(
        &self,
        id: &str,
        by: &str,
        to: Status,
        now_ms: u64,
    ) -> Result<Change, ReviewError> {
        let (id, by) = (id.to_string(), by.to_string());
        let r = self
            .blocking(move |s| {
                s.change(&id, Status::Pending, |o| {
                    o.status = to;
                    o.decided_by = Some(by);
                    o.decided_ms = Some(now_ms);
                })
            })
            .await;
        if let Ok(Change::Done(_)) = &r {
            let outcome = if to == Status::Expired {
                "expired"
            } else {
                "denied"
            };
            self.metrics.total.with_label_values(&[outcome]).inc();
        }
        self.refresh_gauges(now_ms);
        r
    }

    /// Approves a pending order: claims it, forwards it to its route's upstream with
    /// `X-Risk-Decision: allow` and `X-Risk-Reviewed-By: by`, records the shop's status.
    pub async fn approve(&self, rt: &Runtime, id: &str, by: &str, now_ms: u64) -> Approval {
        let (cid, cby) = (id.to_string(), by.to_string());
        let claimed = self
            .blocking(move |s| {
                s.change(&cid, Status::Pending, |o| {
                    o.status = Status::Approved;
                    o.decided_by = Some(cby);
                    o.decided_ms = Some(now_ms);
                })
            })
            .await;
        let order = match claimed {
            Ok(Change::Done(o)) => o,
            Ok(Change::Conflict(o)) => return Approval::Conflict(o),
            Ok(Change::NotFound) => return Approval::NotFound,
            Err(e) => return Approval::Store(e),
        };
        let sent = self.forward(rt, &order, by).await;
        let id = id.to_string();
        let approval = match sent {
            Ok(status) => {
                let outcome = if by == BY_EXPIRY {
                    "expired_approved"
                } else {
                    "approved"
                };
                self.metrics.total.with_label_values(&[outcome]).inc();
                let stored = self
                    .blocking(move |s| {
                        s.change(&id, Status::Approved, |o| o.shop_status = Some(status))
                    })
                    .await;
                match stored {
                    Ok(Change::Done(order)) => Approval::Forwarded { status, order },
                    // Forwarded all the same: report it, with the claim as stored.
                    _ => Approval::Forwarded { status, order },
                }
            }
            Err(reason) => {
                self.metrics
                    .total
                    .with_label_values(&["forward_failed"])
                    .inc();
                let undo = self
                    .blocking(move |s| {
                        s.change(&id, Status::Approved, |o| {
                            o.status = Status::Pending;
                            o.decided_by = None;
                            o.decided_ms = None;
                        })
                    })
                    .await;
                if let Err(e) = undo {
                    tracing::error!("review {}: undoing a failed approval: {e}", order.id);
                }
                Approval::Unreachable(reason)
            }
        };
        self.refresh_gauges(now_ms);
        approval
    }

    /// Sends the held request to a server of its route's upstream; `Err` when nothing
    /// answered (no route, no server, connect failure, timeout).
    async fn forward(&self, rt: &Runtime, o: &HeldOrder, by: &str) -> Result<u16, String> {
        let route = rt
            .config
            .routes
            .iter()
            .find(|r| r.name == o.route)
            .ok_or_else(|| format!("route {} is not in the current config", o.route))?;
        let group = rt
            .upstreams
            .get(&route.upstream)
            .ok_or_else(|| format!("upstream {} is gone", route.upstream))?;
        if group.config.tls {
            return Err(format!(
                "upstream {} uses TLS; approving into TLS upstreams is not supported yet",
                route.upstream
            ));
        }
        let addr = group
            .select(o.id.as_bytes(), &[])
            .ok_or_else(|| format!("no server in {}", route.upstream))?;
        let body = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, &o.body_b64)
            .map_err(|e| format!("stored body: {e}"))?;
        let mut req = http::Request::builder()
            .method(o.method.as_str())
            .uri(format!("http://{addr}{}", o.uri));
        for (k, v) in &o.headers {
            req = req.header(k.as_str(), v.as_str());
        }
        let req = req
            .header("x-request-id", o.request_id.as_str())
            .header("x-risk-decision", "allow")
            .header("x-risk-reviewed-by", by)
            .header("x-risk-score", format!("{:.4}", o.score))
            .body(Full::new(Bytes::from(body)))
            .map_err(|e| format!("cannot build request: {e}"))?;
        let limit = group.config.connect_timeout + group.config.read_timeout;
        let sent = tokio::time::timeout(limit, async {
            let resp = self.client.request(req).await?;
            let status = resp.status().as_u16();
            let _ = resp.into_body().collect().await;
            Ok::<u16, hyper_util::client::legacy::Error>(status)
        })
        .await;
        match sent {
            Err(_) => Err(format!("{addr}: timeout after {limit:?}")),
            Ok(Err(e)) => Err(format!("{addr}: {e}")),
            Ok(Ok(s)) => Ok(s),
        }
    }

    /// Applies `on_expiry` to every pending order older than `max_age`.
    pub async fn sweep(&self, rt: &Runtime, now_ms: u64) {
        let max_age = self.settings.max_age.as_millis() as u64;
        let cutoff = now_ms.saturating_sub(max_age);
        let store = self.store.clone();
        let due = tokio::task::spawn_blocking(move || store.pending_before(cutoff))
            .await
            .unwrap_or_default();
        for id in due {
            match self.settings.on_expiry {
                ExpiryAction::Deny => {
                    if let Err(e) = self.deny(&id, BY_EXPIRY, Status::Expired, now_ms).await {
                        tracing::error!("review {id}: expiring: {e}");
                    }
                }
                ExpiryAction::Approve => {
                    if let Approval::Unreachable(why)
                    | Approval::Store(ReviewError::Store { reason: why, .. }) =
                        self.approve(rt, &id, BY_EXPIRY, now_ms).await
                    {
                        tracing::warn!(
                            "review {id}: expiry approval failed (retried next sweep): {why}"
                        );
                    }
                }
            }
        }
        self.refresh_gauges(now_ms);
    }

    /// Woken (`notify_waiters`) after every state change of any order.
    pub fn notify(&self) -> &tokio::sync::Notify {
        &self.notify
    }

    /// Sets the pending and oldest-age gauges from the in-memory index, and wakes
    /// everyone waiting for a change (called after every change).
    pub fn refresh_gauges(&self, now_ms: u64) {
        self.notify.notify_waiters();
        let (n, oldest) = self.store.pending_stats();
        self.metrics.pending.set(n as i64);
        let age = oldest.map_or(0, |t| now_ms.saturating_sub(t) / 1000);
        self.metrics.oldest_seconds.set(age as i64);
    }

    /// How often the sweep runs: a quarter of `max_age`, between 50 ms and 30 s (often
    /// enough that an order expires within a quarter of its allowance, and the age gauge
    /// is at most 30 s stale).
    pub fn sweep_interval(&self) -> Duration {
        (self.settings.max_age / 4).clamp(Duration::from_millis(50), Duration::from_secs(30))
    }
}
