//! Client-connection metric families (`riskgate_connections_*`), registered once by
//! [`super::Metrics::register`].
//!
//! Labels are bounded: `listener` is a listen address from `[server]` (`listen` or a TLS
//! listener's `listen`), never a client address.

use prometheus::{IntCounterVec, IntGaugeVec, Opts, Registry};

/// Open and refused client connections, per listener.
#[derive(Clone)]
pub struct ConnMetrics {
    /// Client connections open now.
    pub open: IntGaugeVec,
    /// Connections refused because the listener held `server.max_connections` already.
    pub refused: IntCounterVec,
    /// Connections refused because their address held
    /// `server.max_connections_per_address` already.
    pub refused_per_address: IntCounterVec,
}

impl ConnMetrics {
    /// Creates the families and registers them in `registry`. Called once at start.
    pub fn register(registry: &Registry) -> Self {
        let open = IntGaugeVec::new(
            Opts::new(
                "riskgate_connections_open",
                "Client connections open now, by listener.",
            ),
            &["listener"],
        )
        .expect("static metric definition");
        let refused = IntCounterVec::new(
            Opts::new(
                "riskgate_connections_refused_total",
                "Client connections refused (503, then closed) because the listener held \
                 server.max_connections already, by listener.",
            ),
            &["listener"],
        )
        .expect("static metric definition");
        let refused_per_address = IntCounterVec::new(
            Opts::new(
                "riskgate_connections_refused_per_address_total",
                "Client connections refused (503, then closed) because their address (IPv4, \
                 or IPv6 /64) held server.max_connections_per_address already, by listener.",
            ),
            &["listener"],
        )
        .expect("static metric definition");
        for family in [refused.clone(), refused_per_address.clone()] {
            registry
                .register(Box::new(family))
                .expect("each family is registered once");
        }
        registry
            .register(Box::new(open.clone()))
            .expect("each family is registered once");
        ConnMetrics {
            open,
            refused,
            refused_per_address,
        }
    }
}
