//! Validated runtime configuration types.
//!
//! These are what the rest of riskgate reads. They never derive `Deserialize`: the only
//! way to build one from a file is through `validate`, so every value here has already
//! been checked (addresses parsed, durations positive, weights non-zero, names resolved).

use http::{HeaderName, Method};
use ipnet::IpNet;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::num::{NonZeroU32, NonZeroUsize};
use std::path::PathBuf;
use std::time::Duration;

/// The complete, validated configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Client-facing listeners and limits.
    pub server: ServerConfig,
    /// The admin listener.
    pub admin: AdminConfig,
    /// Logging.
    pub log: LogConfig,
    /// Upstream groups by name.
    pub upstreams: BTreeMap<String, UpstreamConfig>,
    /// Routes in match order.
    pub routes: Vec<RouteConfig>,
}

/// `[server]`.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerConfig {
    /// Plain-HTTP listen addresses.
    pub listen: Vec<SocketAddr>,
    /// TLS listeners.
    pub tls: Vec<TlsListener>,
    /// Whether plaintext listeners also accept HTTP/2 with prior knowledge (h2c).
    pub h2c: bool,
    /// Worker threads for the proxy service.
    pub threads: NonZeroUsize,
    /// How long a graceful shutdown (SIGTERM) waits for in-flight requests.
    pub grace_period: Duration,
    /// Peers whose `X-Forwarded-For` and `X-Request-Id` are believed.
    pub trusted_proxies: Vec<IpNet>,
    /// How long an idle keep-alive client connection is kept open.
    pub idle_timeout: Duration,
    /// Maximum wait between two reads of a request body.
    pub body_read_timeout: Duration,
    /// Maximum total size of the request line and headers, in bytes.
    pub max_header_bytes: usize,
    /// Default maximum request body size, in bytes (routes may override).
    pub max_body_bytes: u64,
    /// Requests served on one client connection before it is closed (None = unlimited).
    pub keepalive_requests: Option<NonZeroU32>,
}

/// One TLS listener.
#[derive(Debug, Clone, PartialEq)]
pub struct TlsListener {
    /// Address to bind.
    pub listen: SocketAddr,
    /// PEM certificate chain path.
    pub cert: PathBuf,
    /// PEM private key path.
    pub key: PathBuf,
    /// Offer HTTP/2 through ALPN.
    pub http2: bool,
}

/// `[admin]`.
#[derive(Debug, Clone, PartialEq)]
pub struct AdminConfig {
    /// Address of the admin listener (loopback unless explicitly allowed).
    pub listen: SocketAddr,
    /// Name of the environment variable that holds the bearer token.
    pub token_env: String,
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Human,
    /// One JSON object per line.
    Json,
}

/// `[log]`.
#[derive(Debug, Clone, PartialEq)]
pub struct LogConfig {
    /// Output format.
    pub format: LogFormat,
    /// A `tracing` filter directive such as `info` or `riskgate=debug`.
    pub level: String,
    /// Whether one access-log line is written per request.
    pub access_log: bool,
}

/// How a group picks a server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Strategy {
    /// Weighted round robin.
    RoundRobin,
    /// Consistent (ketama) hashing on a request property.
    ConsistentHash(HashKey),
}

/// What consistent hashing hashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HashKey {
    /// The resolved client IP.
    ClientIp,
    /// The request path (without query).
    Path,
    /// The value of a request header.
    Header(HeaderName),
}

/// One server of an upstream group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerAddr {
    /// Socket address.
    pub addr: SocketAddr,
    /// Relative share of traffic.
    pub weight: NonZeroUsize,
}

/// `[upstreams.NAME]`.
#[derive(Debug, Clone, PartialEq)]
pub struct UpstreamConfig {
    /// Servers in the group.
    pub servers: Vec<ServerAddr>,
    /// Selection strategy.
    pub strategy: Strategy,
    /// TCP (+TLS) connect timeout.
    pub connect_timeout: Duration,
    /// Maximum wait between two reads from the server.
    pub read_timeout: Duration,
    /// How long an idle pooled connection is kept.
    pub pool_idle_timeout: Duration,
    /// Connect with TLS.
    pub tls: bool,
    /// SNI / Host for TLS upstreams.
    pub sni: String,
    /// How many other servers a request tries after a connect failure.
    pub retries: usize,
    /// Active health check, if any.
    pub health: Option<HealthConfig>,
}

/// `[upstreams.NAME.health]`.
#[derive(Debug, Clone, PartialEq)]
pub struct HealthConfig {
    /// Path requested.
    pub path: String,
    /// Host header sent.
    pub host: String,
    /// Time between checks.
    pub interval: Duration,
    /// Connect and read timeout of one check.
    pub timeout: Duration,
    /// Consecutive successes that mark a server up.
    pub healthy_threshold: NonZeroUsize,
    /// Consecutive failures that mark a server down.
    pub unhealthy_threshold: NonZeroUsize,
    /// Status that counts as healthy.
    pub expect_status: u16,
}

/// What riskgate does with requests matching a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RouteKind {
    /// Plain reverse proxy.
    Pass,
    /// SSE / WebSocket passthrough with a long idle timeout.
    Stream,
}

impl RouteKind {
    /// The label used in metrics and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            RouteKind::Pass => "pass",
            RouteKind::Stream => "stream",
        }
    }
}

/// How a route matches the host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostMatch {
    /// Exact host name (lower case, no port).
    Exact(String),
    /// `*.example.com`: any subdomain (stored as `.example.com`).
    Suffix(String),
}

/// How a route matches the path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathMatch {
    /// Path starts with this.
    Prefix(String),
    /// Glob: `*` matches within one segment, `**` across segments.
    Glob(String),
}

/// `[[routes]]`.
#[derive(Debug, Clone, PartialEq)]
pub struct RouteConfig {
    /// Name used in logs and metrics-free diagnostics.
    pub name: String,
    /// Route kind.
    pub kind: RouteKind,
    /// Upstream group name (exists in `upstreams`).
    pub upstream: String,
    /// Host condition, if any.
    pub host: Option<HostMatch>,
    /// Method condition, if any.
    pub methods: Option<Vec<Method>>,
    /// Path condition.
    pub path: PathMatch,
    /// Maximum request body, in bytes.
    pub max_body_bytes: u64,
    /// Idle timeout for the upstream and client sides (streams default to 1 h).
    pub idle_timeout: Duration,
}
