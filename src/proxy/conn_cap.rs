//! `server.max_connections`: a cap on the client connections each listener holds open.
//!
//! Without it, slow or idle clients can hold every file descriptor (and the memory each
//! connection costs) until riskgate cannot accept anyone. Past the cap a new connection is
//! answered `503` with `connection: close` and a JSON body, then closed: a clear refusal
//! that load balancers and clients understand, rather than a silent reset. The count and
//! the refusals are exported as `riskgate_connections_open` and
//! `riskgate_connections_refused_total`, per listener.
//!
//! Each refusal is also logged, so operators see it where they look first: an access-log
//! line (status 503, error `max_connections`, the client's address) and a warning naming
//! the listener and the cap. At most one pair per second, with the number refused since
//! the last pair, so a flood of connections cannot become a flood of log lines.
//!
//! The same refusal answers a connection over `server.max_connections_per_address`
//! ([`super::conn_per_address`]): one host cannot take a listener's whole cap.
//!
//! Runs in [`super::header_deadline::HeaderDeadline`], which sees every accepted stream
//! for its whole life. The cap is read per connection from the config now serving (a
//! reload changes it); the listeners themselves are fixed at start.

use super::conn_per_address::{AddressFull, Held, PerAddress};
use crate::client::TrustedProxies;
use crate::config::Config;
use crate::metrics::Metrics;
use pingora::protocols::{Stream, ALPN};
use prometheus::{IntCounter, IntGauge};
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// How long a refused connection is read from (and discarded) after the 503, so the
/// client's request bytes do not make the kernel reset the connection before the client
/// has read the answer.
const LINGER: Duration = Duration::from_millis(500);

/// The shortest time between two refusal log lines.
const LOG_EVERY: Duration = Duration::from_secs(1);

/// One listener's count.
struct Slot {
    port: u16,
    open: AtomicU32,
    gauge: IntGauge,
    refused: IntCounter,
    refused_per_address: IntCounter,
}

/// Which cap a refused connection hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Over {
    /// The listener's `server.max_connections`.
    Listener(u32),
    /// The client address's `server.max_connections_per_address`.
    Address(u32),
}

/// The open-connection count of every listener of the proxy service.
pub struct ConnCap {
    slots: Vec<Slot>,
    /// When the cap was built: the origin of `last_log_ms`.
    started: Instant,
    /// Milliseconds after `started` of the last refusal logged, plus one (0: none yet).
    last_log_ms: AtomicU64,
    /// Refusals not logged since the last line.
    unlogged: AtomicU64,
    /// Open connections per client address.
    per_address: PerAddress,
}

/// An admitted connection; the count drops when it is dropped.
pub struct Admitted<'a>(&'a Slot);

impl Drop for Admitted<'_> {
    fn drop(&mut self) {
        self.0.open.fetch_sub(1, Ordering::Relaxed);
        self.0.gauge.dec();
    }
}

impl ConnCap {
    /// One count per configured listener (plain and TLS). Called once at start.
    pub fn new(config: &Config, metrics: &Metrics) -> Self {
        let addrs = config
            .server
            .listen
            .iter()
            .chain(config.server.tls.iter().map(|t| &t.listen));
        let slots = addrs
            .map(|a| {
                let label = a.to_string();
                Slot {
                    port: a.port(),
                    open: AtomicU32::new(0),
                    gauge: metrics.connections.open.with_label_values(&[&label]),
                    refused: metrics.connections.refused.with_label_values(&[&label]),
                    refused_per_address: metrics
                        .connections
                        .refused_per_address
                        .with_label_values(&[&label]),
                }
            })
            .collect();
        ConnCap {
            slots,
            started: Instant::now(),
            last_log_ms: AtomicU64::new(0),
            unlogged: AtomicU64::new(0),
            per_address: PerAddress::default(),
        }
    }

    /// Answers and closes a connection that [`ConnCap::admit`] refused (see [`refuse`]),
    /// and logs it unless a refusal was logged less than [`LOG_EVERY`] ago.
    pub async fn refuse(&self, stream: Stream, over: Over, access_log: bool) {
        let request_id = crate::client::new_request_id();
        if let Some(refused) = self.take_log_turn() {
            let digest = stream.get_socket_digest();
            let peer = digest
                .as_ref()
                .and_then(|d| d.peer_addr().and_then(|a| a.as_inet().map(|a| a.ip())));
            let listener = digest
                .as_ref()
                .and_then(|d| d.local_addr().map(|a| a.to_string()))
                .unwrap_or_default();
            if access_log {
                super::facts::AccessLine {
                    request_id: &request_id,
                    client_ip: peer,
                    method: "-",
                    path: "-",
                    route: "-",
                    kind: crate::metrics::KindLabel::None.as_str(),
                    status: 503,
                    elapsed: Duration::ZERO,
                    upstream: None,
                    error: match over {
                        Over::Listener(_) => "max_connections",
                        Over::Address(_) => "max_connections_per_address",
                    },
                }
                .write();
            }
            match over {
                Over::Listener(max) => tracing::warn!(
                    listener = %listener,
                    max_connections = max,
                    refused,
                    "connections refused: the listener is at server.max_connections"
                ),
                Over::Address(max) => tracing::warn!(
                    listener = %listener,
                    client_ip = ?peer,
                    max_connections_per_address = max,
                    refused,
                    "connections refused: an address is at server.max_connections_per_address"
                ),
            }
        }
        refuse(stream, &request_id).await;
    }

    /// Whether this refusal is logged; if so, how many refusals the line stands for.
    fn take_log_turn(&self) -> Option<u64> {
        let now = self.started.elapsed().as_millis() as u64 + 1;
        let last = self.last_log_ms.load(Ordering::Relaxed);
        let due = last == 0 || now.saturating_sub(last) >= LOG_EVERY.as_millis() as u64;
        if due
            && self
                .last_log_ms
                .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            Some(self.unlogged.swap(0, Ordering::Relaxed) + 1)
        } else {
            self.unlogged.fetch_add(1, Ordering::Relaxed);
            None
        }
    }

    /// Counts a new connection against its listener (found by local port; the first
    /// listener when none matches, e.g. one bound to port 0). `None`: the listener is
    /// full, and the refusal was counted.
    pub fn admit(&self, stream: &Stream, max: u32) -> Option<Admitted<'_>> {
        let slot = self.slot(stream)?;
        if slot.open.fetch_add(1, Ordering::Relaxed) >= max {
            slot.open.fetch_sub(1, Ordering::Relaxed);
            slot.refused.inc();
            return None;
        }
        slot.gauge.inc();
        Some(Admitted(slot))
    }

    /// Counts a new connection against its client address (see
    /// [`super::conn_per_address`]). `Ok(None)`: not counted (no cap, a trusted proxy, or
    /// no peer address); `Err`: the address is full, and the refusal was counted.
    pub fn admit_address(
        &self,
        stream: &Stream,
        max: Option<std::num::NonZeroU32>,
        trusted: &TrustedProxies,
    ) -> Result<Option<Held<'_>>, AddressFull> {
        let Some(max) = max else { return Ok(None) };
        let peer = stream
            .get_socket_digest()
            .and_then(|d| d.peer_addr().and_then(|a| a.as_inet().map(|a| a.ip())));
        let Some(ip) = peer.filter(|ip| !trusted.contains(*ip)) else {
            return Ok(None);
        };
        match self.per_address.admit(ip, max.get()) {
            Some(held) => Ok(Some(held)),
            None => {
                if let Some(slot) = self.slot(stream) {
                    slot.refused_per_address.inc();
                }
                Err(AddressFull)
            }
        }
    }

    /// The count of the listener `stream` arrived on (found by local port; the first
    /// listener when none matches, e.g. one bound to port 0).
    fn slot(&self, stream: &Stream) -> Option<&Slot> {
        let port = stream
            .get_socket_digest()
            .and_then(|d| d.local_addr().and_then(|a| a.as_inet().map(|a| a.port())));
        self.slots
            .iter()
            .find(|s| Some(s.port) == port)
            .or_else(|| self.slots.first())
    }
}

/// The 503 a refused HTTP/1 connection gets.
fn refusal(request_id: &str) -> Vec<u8> {
    let body = super::respond::error_body(503, request_id);
    let mut r = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\n\
         content-length: {}\r\nretry-after: 1\r\nx-request-id: {request_id}\r\n\
         connection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    r.extend_from_slice(&body);
    r
}

/// Answers a connection over the cap: the 503 (HTTP/1 only: an h2 client just sees the
/// close), then a short lingering close. Bounded by [`LINGER`] in all.
async fn refuse(mut stream: Stream, request_id: &str) {
    let _ = tokio::time::timeout(LINGER, async {
        if !matches!(stream.selected_alpn_proto(), Some(ALPN::H2)) {
            stream.write_all(&refusal(request_id)).await.ok()?;
            stream.flush().await.ok()?;
        }
        AsyncWriteExt::shutdown(&mut stream).await.ok()?;
        let mut sink = [0u8; 1024];
        while stream.read(&mut sink).await.ok()? > 0 {}
        Some(())
    })
    .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_are_logged_at_most_once_a_second_with_the_count_skipped() {
        let cap = ConnCap {
            slots: Vec::new(),
            started: Instant::now() - Duration::from_secs(5),
            last_log_ms: AtomicU64::new(0),
            unlogged: AtomicU64::new(0),
            per_address: PerAddress::default(),
        };
        assert_eq!(cap.take_log_turn(), Some(1));
        for _ in 0..3 {
            assert_eq!(cap.take_log_turn(), None);
        }
        // A second later (the last line moved back instead of waiting): the next line
        // stands for itself and the three skipped.
        let last = cap.last_log_ms.load(Ordering::Relaxed);
        cap.last_log_ms.store(last - 1_000, Ordering::Relaxed);
        assert_eq!(cap.take_log_turn(), Some(4));
        assert_eq!(cap.take_log_turn(), None);
    }
}
