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
    /// Geolocation databases (`None`: geo facts are unknown).
    pub geo: Option<GeoSettings>,
    /// Device cookie and beacon settings.
    pub fingerprint: FingerprintSettings,
    /// List files.
    pub lists: ListSettings,
    /// Purchase-limit and velocity settings.
    pub limits: LimitSettings,
}

/// `[geo]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeoSettings {
    /// Country MMDB (field `country_code`).
    pub country_db: PathBuf,
    /// ASN MMDB (GeoLite2-ASN layout).
    pub asn_db: PathBuf,
    /// Curated hosting-ASN list file.
    pub hosting_asns: Option<PathBuf>,
    /// Extra hosting ASNs from the config.
    pub extra_hosting_asns: Vec<u32>,
}

/// `[fingerprint]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FingerprintSettings {
    /// Device cookie name.
    pub cookie_name: String,
    /// Device cookie lifetime.
    pub cookie_lifetime: Duration,
    /// Env vars holding cookie keys, newest (signing) first. Empty: the process generates
    /// a random key at start (cookies then do not survive a restart; logged as a warning).
    pub key_envs: Vec<String>,
    /// Path prefix where the beacon script and endpoint live (`PREFIX/fp.js`,
    /// `PREFIX/beacon`); `None` disables the beacon.
    pub beacon_path: Option<String>,
    /// Devices whose beacon is remembered.
    pub beacon_store_entries: u64,
    /// How long a beacon is remembered.
    pub beacon_ttl: Duration,
}

/// Which list files back the block and allow lists.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListSettings {
    /// Block list files per kind.
    pub block: ListFiles,
    /// Allow list files per kind (ip and user only are consulted).
    pub allow: ListFiles,
}

/// One file per list kind; `None` keeps that kind in memory only.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ListFiles {
    /// IPs and CIDRs.
    pub ip: Option<PathBuf>,
    /// Device ids.
    pub device: Option<PathBuf>,
    /// Shop user keys.
    pub user: Option<PathBuf>,
    /// Email addresses.
    pub email: Option<PathBuf>,
    /// Email domains.
    pub email_domain: Option<PathBuf>,
}

/// `[limits]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LimitSettings {
    /// Offset of the shop's calendar day from UTC, in minutes (e.g. +480 for UTC+8).
    pub day_utc_offset_minutes: i32,
    /// Orders at or below this amount (minor units) count as "small" for card testing.
    pub small_amount_minor: u64,
    /// Upper bound on tracked keys per counter family (memory bound).
    pub max_tracked_keys: u64,
}

/// Identity a limit is keyed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LimitScope {
    /// Client IP.
    Ip,
    /// Device id.
    Device,
    /// Shop user key.
    User,
    /// The route itself (a global cap).
    Route,
}

/// A token bucket on a route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimitSettings {
    /// The identities combined into the bucket key (e.g. ip + route).
    pub scope: Vec<LimitScope>,
    /// Tokens added per `per`.
    pub rate: NonZeroU32,
    /// The refill period.
    pub per: Duration,
    /// Bucket size.
    pub burst: NonZeroU32,
}

/// The window of a purchase limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PurchaseWindow {
    /// The shop's calendar day (see `limits.day_utc_offset`).
    Day,
    /// A rolling window.
    Rolling(Duration),
}

/// A purchase limit on an order route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurchaseLimitSettings {
    /// Identity counted (ip, device or user).
    pub scope: LimitScope,
    /// Allowed orders per window.
    pub max: NonZeroU32,
    /// The window.
    pub window: PurchaseWindow,
}

/// Where a request carries a value such as the shop's user key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueSource {
    /// A request header.
    Header(HeaderName),
    /// A cookie.
    Cookie(String),
    /// A query parameter.
    Query(String),
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
    /// Token buckets checked for every request on this route.
    pub rate_limits: Vec<RateLimitSettings>,
    /// Purchase limits; a request passing them counts as an order when the upstream
    /// answers 2xx.
    pub purchase_limits: Vec<PurchaseLimitSettings>,
    /// Where the shop's user key is found (until order field maps arrive).
    pub user_key: Option<ValueSource>,
    /// Where the buyer's email is found.
    pub email_key: Option<ValueSource>,
}
