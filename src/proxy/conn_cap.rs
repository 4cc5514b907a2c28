//! `server.max_connections`: a cap on the client connections each listener holds open.
//!
//! Without it, slow or idle clients can hold every file descriptor (and the memory each
//! connection costs) until riskgate cannot accept anyone. Past the cap a new connection is
//! answered `503` with `connection: close` and a JSON body, then closed: a clear refusal
//! that load balancers and clients understand, rather than a silent reset. The count and
//! the refusals are exported as `riskgate_connections_open` and
//! `riskgate_connections_refused_total`, per listener.
//!
//! Runs in [`super::header_deadline::HeaderDeadline`], which sees every accepted stream
//! for its whole life. The cap is read per connection from the config now serving (a
//! reload changes it); the listeners themselves are fixed at start.

use crate::config::Config;
use crate::metrics::Metrics;
use pingora::protocols::{Stream, ALPN};
use prometheus::{IntCounter, IntGauge};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// How long a refused connection is read from (and discarded) after the 503, so the
/// client's request bytes do not make the kernel reset the connection before the client
/// has read the answer.
const LINGER: Duration = Duration::from_millis(500);

/// One listener's count.
struct Slot {
    port: u16,
    open: AtomicU32,
    gauge: IntGauge,
    refused: IntCounter,
}

/// The open-connection count of every listener of the proxy service.
pub struct ConnCap {
    slots: Vec<Slot>,
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
                }
            })
            .collect();
        ConnCap { slots }
    }

    /// Counts a new connection against its listener (found by local port; the first
    /// listener when none matches, e.g. one bound to port 0). `None`: the listener is
    /// full, and the refusal was counted.
    pub fn admit(&self, stream: &Stream, max: u32) -> Option<Admitted<'_>> {
        let port = stream
            .get_socket_digest()
            .and_then(|d| d.local_addr().and_then(|a| a.as_inet().map(|a| a.port())));
        let slot = self
            .slots
            .iter()
            .find(|s| Some(s.port) == port)
            .or_else(|| self.slots.first())?;
        if slot.open.fetch_add(1, Ordering::Relaxed) >= max {
            slot.open.fetch_sub(1, Ordering::Relaxed);
            slot.refused.inc();
            return None;
        }
        slot.gauge.inc();
        Some(Admitted(slot))
    }
}

/// The 503 a refused HTTP/1 connection gets.
fn refusal() -> Vec<u8> {
    let request_id = crate::client::new_request_id();
    let body = super::respond::error_body(503, &request_id);
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
pub async fn refuse(mut stream: Stream) {
    let _ = tokio::time::timeout(LINGER, async {
        if !matches!(stream.selected_alpn_proto(), Some(ALPN::H2)) {
            stream.write_all(&refusal()).await.ok()?;
            stream.flush().await.ok()?;
        }
        AsyncWriteExt::shutdown(&mut stream).await.ok()?;
        let mut sink = [0u8; 1024];
        while stream.read(&mut sink).await.ok()? > 0 {}
        Some(())
    })
    .await;
}
