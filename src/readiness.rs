//! When the edge is ready: `/readyz` turns 200 only once every proxy listener accepts
//! connections.
//!
//! pingora reports a listening service "ready" as soon as it is scheduled, before its
//! sockets are bound (pingora-core 0.9.1 `services/mod.rs`: "Signal ready immediately"), and
//! the admin service may start first: a load balancer that trusted `/readyz` sent the first
//! orders to a closed port (connection refused; seen by the evaluation harness under load).
//! So readiness is proven the way a client would see it: a TCP connect to each listener.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

/// Where to connect to reach a listener bound to `addr` (an unspecified address is
/// reachable on the loopback of its family).
pub fn probe_target(addr: SocketAddr) -> SocketAddr {
    let ip = match addr.ip() {
        IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, addr.port())
}

/// How long a probe waits for the listener to close it (see [`settle`]).
const SETTLE: Duration = Duration::from_secs(1);

/// Closes a probe connection and waits (at most [`SETTLE`]) until the listener has closed
/// it too. A connect succeeds once the kernel has queued the connection, before riskgate
/// has accepted it; without this wait the probe could still hold (or be refused) one of
/// `server.max_connections`' places when the first clients arrive after `/readyz` turned
/// 200, and a refused probe is logged as a refused client.
async fn settle(mut probe: tokio::net::TcpStream) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let _ = tokio::time::timeout(SETTLE, async {
        probe.shutdown().await.ok()?;
        let mut sink = [0u8; 512];
        while probe.read(&mut sink).await.ok()? > 0 {}
        Some(())
    })
    .await;
}

/// Waits until a TCP connect to every address in `addrs` succeeds (and the listener has
/// closed the probe, [`settle`]), retrying every 20 ms; returns the first address still
/// refusing after `timeout`.
pub async fn wait_until_accepting(
    addrs: &[SocketAddr],
    timeout: Duration,
) -> Result<(), SocketAddr> {
    let deadline = tokio::time::Instant::now() + timeout;
    for &addr in addrs {
        let target = probe_target(addr);
        loop {
            let attempt = tokio::time::timeout(
                Duration::from_millis(500),
                tokio::net::TcpStream::connect(target),
            )
            .await;
            if let Ok(Ok(probe)) = attempt {
                settle(probe).await;
                break;
            }
            if tokio::time::Instant::now() >= deadline {
                return Err(addr);
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unspecified_addresses_are_probed_on_loopback() {
        let t = |s: &str| probe_target(s.parse().unwrap()).to_string();
        assert_eq!(t("0.0.0.0:8080"), "127.0.0.1:8080");
        assert_eq!(t("[::]:8443"), "[::1]:8443");
        assert_eq!(t("127.0.0.2:80"), "127.0.0.2:80");
    }

    #[tokio::test]
    async fn ready_only_once_the_listener_accepts() {
        // A port that was free a moment ago: nothing listens yet.
        let addr = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let late = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(150)).await;
            tokio::net::TcpListener::bind(addr).await.unwrap()
        });
        let waited = tokio::time::Instant::now();
        assert_eq!(
            wait_until_accepting(&[addr], Duration::from_secs(5)).await,
            Ok(())
        );
        assert!(waited.elapsed() >= Duration::from_millis(100));
        let _listener = late.await.unwrap();
        drop(_listener);
        assert_eq!(
            wait_until_accepting(&[addr], Duration::from_millis(100)).await,
            Err(addr)
        );
    }

    #[tokio::test]
    async fn ready_once_the_listener_has_closed_the_probe() {
        use tokio::io::AsyncReadExt;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        // Accepts late and closes the probe once it has read its end, as riskgate's
        // listener does with a connection that sends nothing.
        let server = tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(200)).await;
            let (mut s, _) = listener.accept().await.unwrap();
            let mut buf = [0u8; 16];
            while s.read(&mut buf).await.unwrap() > 0 {}
            tokio::time::Instant::now()
        });
        assert_eq!(
            wait_until_accepting(&[addr], Duration::from_secs(5)).await,
            Ok(())
        );
        let ready = tokio::time::Instant::now();
        let closed = server.await.unwrap();
        assert!(
            ready >= closed,
            "ready before the listener was done with the probe"
        );
    }
}
