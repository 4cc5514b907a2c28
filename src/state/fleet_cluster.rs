//! [`ClusterConn`]: the fleet's Redis Cluster client. redis-rs' cluster connection routes
//! each command to its key's slot owner and keeps the slot map; this wrapper follows the
//! cluster's redirects itself, so a slot that is moving between masters keeps answering.
//!
//! Owns redirects and retries of one single-key command. `fleet.rs` owns the per-order
//! time budget (which bounds everything here) and the breaker.
//!
//! # Why not redis-rs' own redirect handling
//! redis-rs (0.32) follows `ASK` by sending `ASKING` and then the command as two separate
//! requests on the node's shared, multiplexed connection, and ignores the `ASKING` reply.
//! An order sends all of its keys at once, and one identity's keys share a slot, so several
//! `ASKING`s and commands for the migrating slot interleave on that connection: `ASKING` is
//! a one-shot flag of the connection, the second command is served without it, the
//! importing node answers `MOVED` back to the source, the source answers `ASK` again, and
//! the call runs out of retries (orders fell to `on_error` while a slot migrated).
//!
//! So the cluster connection is built with no retries and every redirect comes back here:
//! - `ASK addr`: `ASKING` and the command go to `addr` as one pipeline on one connection
//!   (written together, nothing in between), once; the slot map is left as it is.
//! - `MOVED addr`: the command goes to `addr` directly; redis-rs refreshes its slot map in
//!   the background on seeing the `MOVED`, so later commands route there by themselves.
//! - `TRYAGAIN` (a multi-key command whose keys are split by a migration), `CLUSTERDOWN`
//!   and connection errors: a short pause (1 ms, doubling), then through the slot map again.
//! - `NOSCRIPT` (a node that has never run the script: first call, restart, failover, or
//!   the importing node of an `ASK`): the command is resent as `EVAL` of the script text
//!   *to the same node* (with `ASKING` again after an `ASK`): that loads the script into
//!   that node's cache and runs it, one round trip instead of `SCRIPT LOAD` + `EVALSHA`.
//!
//! At most [`MAX_TRIES`] sends per command; the caller's `timeout` bounds the whole.
//!
//! Redirect targets get a connection of their own (one multiplexed connection per node
//! address, made in a task of its own so an order that gives up does not abandon the
//! connect half-way; dropped after a connection error and made again on the next use).

use redis::aio::MultiplexedConnection;
use redis::cluster_async::ClusterConnection;
use redis::{AsyncConnectionConfig, Cmd, ConnectionAddr, ConnectionInfo, ErrorKind, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Most sends of one command (first try, redirects, retries).
pub(super) const MAX_TRIES: u32 = 6;

/// First pause before a retry after `TRYAGAIN`, `CLUSTERDOWN` or a connection error;
/// doubles on each retry.
const FIRST_PAUSE: Duration = Duration::from_millis(1);

type Cell = Arc<tokio::sync::OnceCell<MultiplexedConnection>>;

/// Connections to redirect targets, by `host:port`.
struct Nodes {
    /// How to connect (auth, database, TLS) — the first seed node's settings.
    base: ConnectionInfo,
    config: AsyncConnectionConfig,
    conns: Mutex<HashMap<String, Cell>>,
}

/// Where one send goes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Via {
    /// By the key's slot, through redis-rs' slot map.
    Routed,
    /// To one node (after a redirect), with `ASKING` first when `asking`.
    Node { addr: String, asking: bool },
}

/// A cluster connection that follows redirects (see the module docs). Cheap to clone.
#[derive(Clone)]
pub(super) struct ClusterConn {
    routed: ClusterConnection,
    nodes: Arc<Nodes>,
}

/// What to do after a failed send.
#[derive(Debug, PartialEq, Eq)]
enum Next {
    /// Send again via this route.
    Send(Via),
    /// Resend as the script text, via the same route.
    Text,
    /// Pause, then send again through the slot map.
    Pause,
    /// Give up with this error.
    Fail,
}

/// The step after error `e` of a send via `via`.
fn next_step(e: &redis::RedisError, via: &Via, has_text: bool) -> Next {
    match e.kind() {
        ErrorKind::Ask | ErrorKind::Moved => match e.redirect_node() {
            Some((addr, _slot)) => Next::Send(Via::Node {
                addr: addr.to_string(),
                asking: e.kind() == ErrorKind::Ask,
            }),
            None => Next::Fail,
        },
        ErrorKind::NoScriptError if has_text => Next::Text,
        ErrorKind::TryAgain | ErrorKind::ClusterDown | ErrorKind::ClusterConnectionNotFound => {
            Next::Pause
        }
        ErrorKind::IoError => Next::Pause,
        _ if matches!(via, Via::Node { .. }) && e.is_connection_dropped() => Next::Pause,
        _ => Next::Fail,
    }
}

impl ClusterConn {
    /// Wraps a cluster connection built with `retries(0)`; `base` gives the connection
    /// settings for redirect targets.
    pub(super) fn new(
        routed: ClusterConnection,
        base: ConnectionInfo,
        config: AsyncConnectionConfig,
    ) -> Self {
        ClusterConn {
            routed,
            nodes: Arc::new(Nodes {
                base,
                config,
                conns: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// Runs one single-key command, following redirects. `text` builds the same call as
    /// `EVAL` of the script text, for a `NOSCRIPT` answer to an `EVALSHA`.
    pub(super) async fn query(
        &self,
        cmd: Cmd,
        text: Option<&(dyn Fn() -> Cmd + Sync)>,
    ) -> redis::RedisResult<Value> {
        let mut cmd = cmd;
        let mut text = text;
        let mut via = Via::Routed;
        let mut pause = FIRST_PAUSE;
        let mut tries = 0;
        loop {
            tries += 1;
            let e = match self.send(&cmd, &via).await {
                Ok(v) => return Ok(v),
                Err(e) => e,
            };
            if tries >= MAX_TRIES {
                return Err(e);
            }
            match next_step(&e, &via, text.is_some()) {
                Next::Send(to) => via = to,
                Next::Text => {
                    if let Some(make) = text.take() {
                        cmd = make();
                    }
                }
                Next::Pause => {
                    if let Via::Node { addr, .. } = &via {
                        if e.is_io_error() {
                            self.nodes.forget(addr);
                        }
                    }
                    tokio::time::sleep(pause).await;
                    pause = pause.saturating_mul(2);
                    via = Via::Routed;
                }
                Next::Fail => return Err(e),
            }
        }
    }

    async fn send(&self, cmd: &Cmd, via: &Via) -> redis::RedisResult<Value> {
        match via {
            Via::Routed => cmd.query_async(&mut self.routed.clone()).await,
            Via::Node { addr, asking } => {
                let mut c = self.nodes.get(addr).await?;
                if *asking {
                    // One pipeline: `ASKING` and the command are written together, so no
                    // other request on this connection can take the one-shot flag.
                    let mut p = redis::pipe();
                    p.cmd("ASKING").ignore().add_command(cmd.clone());
                    let mut v: Vec<Value> = p.query_async(&mut c).await?;
                    v.pop().ok_or_else(|| {
                        redis::RedisError::from((ErrorKind::TypeError, "empty ASKING reply"))
                    })
                } else {
                    cmd.query_async(&mut c).await
                }
            }
        }
    }
}

/// The address `host:port` of a redirect as connection settings like `base`'s.
fn node_info(base: &ConnectionInfo, addr: &str) -> redis::RedisResult<ConnectionInfo> {
    let bad = || redis::RedisError::from((ErrorKind::InvalidClientConfig, "bad redirect address"));
    let (host, port) = addr.rsplit_once(':').ok_or_else(bad)?;
    let port: u16 = port.parse().map_err(|_| bad())?;
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_string();
    let mut info = base.clone();
    info.addr = match &base.addr {
        ConnectionAddr::TcpTls {
            insecure,
            tls_params,
            ..
        } => ConnectionAddr::TcpTls {
            host,
            port,
            insecure: *insecure,
            tls_params: tls_params.clone(),
        },
        _ => ConnectionAddr::Tcp(host, port),
    };
    Ok(info)
}

impl Nodes {
    /// The connection to `addr`, made on first use.
    async fn get(&self, addr: &str) -> redis::RedisResult<MultiplexedConnection> {
        let cell = {
            let mut map = self.conns.lock().unwrap_or_else(|p| p.into_inner());
            map.entry(addr.to_string()).or_default().clone()
        };
        if let Some(c) = cell.get() {
            return Ok(c.clone());
        }
        let info = node_info(&self.base, addr)?;
        let config = self.config.clone();
        // The connect runs in its own task: if this order's budget ends first, the
        // connection is still made and kept for the next one.
        let task = tokio::spawn(async move {
            cell.get_or_try_init(|| async {
                redis::Client::open(info)?
                    .get_multiplexed_async_connection_with_config(&config)
                    .await
            })
            .await
            .cloned()
        });
        task.await.map_err(|e| {
            redis::RedisError::from((ErrorKind::IoError, "connect task failed", e.to_string()))
        })?
    }

    /// Drops the connection to `addr` (after a connection error): the next use reconnects.
    fn forget(&self, addr: &str) {
        let mut map = self.conns.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(addr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server_error(text: &str) -> redis::RedisError {
        let v = redis::parse_redis_value(format!("-{text}\r\n").as_bytes()).unwrap();
        v.extract_error().unwrap_err()
    }

    #[test]
    fn redirects_retries_and_scripts_take_the_right_next_step() {
        let ask = server_error("ASK 5824 127.0.0.1:7001");
        let node = |asking| Via::Node {
            addr: "127.0.0.1:7001".into(),
            asking,
        };
        assert_eq!(next_step(&ask, &Via::Routed, true), Next::Send(node(true)));
        let moved = server_error("MOVED 5824 127.0.0.1:7001");
        assert_eq!(
            next_step(&moved, &Via::Routed, true),
            Next::Send(node(false))
        );
        let again = server_error("TRYAGAIN Multiple keys request during rehashing of slot");
        assert_eq!(next_step(&again, &node(true), true), Next::Pause);
        let noscript = server_error("NOSCRIPT No matching script.");
        assert_eq!(next_step(&noscript, &node(true), true), Next::Text);
        assert_eq!(next_step(&noscript, &node(true), false), Next::Fail);
        let wrong = server_error("WRONGTYPE Operation against a key holding the wrong kind");
        assert_eq!(next_step(&wrong, &Via::Routed, true), Next::Fail);
    }

    #[test]
    fn a_redirect_target_keeps_the_seed_settings() {
        let base: ConnectionInfo =
            redis::IntoConnectionInfo::into_connection_info("redis://:secret@10.0.0.1:7000/0")
                .unwrap();
        let info = node_info(&base, "10.0.0.2:7002").unwrap();
        assert_eq!(info.addr, ConnectionAddr::Tcp("10.0.0.2".into(), 7002));
        assert_eq!(info.redis.password.as_deref(), Some("secret"));
        assert!(node_info(&base, "nonsense").is_err());
    }
}
