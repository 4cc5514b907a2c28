//! Turns a `RawConfig` into a runtime `Config`, collecting every problem with its field path.
//!
//! Owns the defaults (all in [`defaults`]) and every validity rule. It does not read files
//! or find line numbers: `mod.rs` does both around it.

use super::error::ConfigError;
use super::raw::*;
use super::types::*;
use ipnet::IpNet;
use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr, ToSocketAddrs};
use std::num::{NonZeroU32, NonZeroUsize};
use std::path::PathBuf;
use std::time::Duration;

mod cache;
mod guards;
mod linkage;
mod money;
mod reviews;
mod risk;
mod routes;
mod signals;
mod state;
mod upstreams;

pub use guards::parse_utc_offset;

/// Every default value, in one place.
pub mod defaults {
    use std::time::Duration;
    /// Plain listener when `server.listen` is absent.
    pub const LISTEN: &str = "127.0.0.1:8080";
    /// Admin listener: loopback so it is never exposed by accident.
    pub const ADMIN_LISTEN: &str = "127.0.0.1:9901";
    /// Env var holding the admin token.
    pub const ADMIN_TOKEN_ENV: &str = "RISKGATE_ADMIN_TOKEN";
    /// Worker threads.
    pub const THREADS: usize = 2;
    /// Graceful shutdown wait: short, because edges are drained by the CDN first.
    pub const GRACE_PERIOD: Duration = Duration::from_secs(10);
    /// Idle keep-alive timeout for clients.
    pub const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
    /// Request headers: real clients send them in one packet.
    pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
    /// Body read timeout: slow uploads are cut after this much silence.
    pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(15);
    /// Total request body time: a 64 KiB order at 20 kbit/s takes 26 s; anything slower is
    /// holding a connection rather than uploading.
    pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);
    /// Open client connections per listener: 10,000 idle connections cost about 450 MB
    /// of RSS (BENCHMARKS.md, "Idle client connections") and stay well inside a 65,536 fd
    /// limit.
    pub const MAX_CONNECTIONS: u32 = 10_000;
    /// A browser opens about 6 connections per host: room for some 40 busy clients behind
    /// one carrier-grade NAT address, far below one listener's cap.
    pub const MAX_CONNECTIONS_PER_ADDRESS: u32 = 256;
    /// Request line + headers; browsers send 1–4 KiB, 32 KiB leaves room for cookies.
    pub const MAX_HEADER_BYTES: usize = 32 * 1024;
    /// Request body default; order forms are tiny.
    pub const MAX_BODY_BYTES: u64 = 1024 * 1024;
    /// Upstream connect timeout.
    pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
    /// Upstream read timeout for non-stream routes.
    pub const READ_TIMEOUT: Duration = Duration::from_secs(30);
    /// Pooled upstream connection idle time.
    pub const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(60);
    /// Other servers tried after a connect failure.
    pub const RETRIES: usize = 2;
    /// Health check interval.
    pub const HEALTH_INTERVAL: Duration = Duration::from_secs(5);
    /// Health check timeout.
    pub const HEALTH_TIMEOUT: Duration = Duration::from_secs(1);
    /// Idle timeout for stream routes (SSE, WebSocket).
    pub const STREAM_IDLE_TIMEOUT: Duration = Duration::from_secs(3600);
    /// Edge cache size: 256 MiB holds the assets of a typical shop many times over.
    pub const CACHE_MAX_BYTES: u64 = 256 * 1024 * 1024;
    /// Largest cached object: bigger downloads stream through without being stored.
    pub const CACHE_MAX_OBJECT_BYTES: u64 = 8 * 1024 * 1024;
    /// How long coalesced misses wait for the one origin fetch before fetching themselves.
    pub const CACHE_LOCK_TIMEOUT: Duration = Duration::from_secs(5);
    /// Heuristic freshness: 10 % of the time since `Last-Modified` (RFC 9111 §4.2.2).
    pub const CACHE_HEURISTIC_PERCENT: u8 = 10;
    /// Cap on heuristic freshness: an hour, so a forgotten asset is revalidated hourly.
    pub const CACHE_HEURISTIC_MAX: Duration = Duration::from_secs(3600);
}

/// Accumulates problems while validating.
pub(super) struct Errs(Vec<ConfigError>);

impl Errs {
    pub(super) fn add(&mut self, field: impl Into<String>, reason: impl Into<String>) {
        self.0.push(ConfigError::invalid(field, reason));
    }
}

/// Validates `raw` into a runtime config, or returns every problem found.
pub fn validate(raw: RawConfig) -> Result<Config, Vec<ConfigError>> {
    let mut e = Errs(Vec::new());
    let server = server(raw.server.unwrap_or_default(), &mut e);
    let admin = admin(raw.admin.unwrap_or_default(), &mut e);
    let log = log(raw.log.unwrap_or_default(), &mut e);
    let mut channels = BTreeMap::new();
    // Names of channels that failed validation: already reported, so references to them
    // are not reported again as undefined.
    let declared: Vec<String> = raw.channels.keys().cloned().collect();
    for (name, c) in raw.channels {
        if let Some(c) = money::channel(&name, c, &mut e) {
            channels.insert(name, c);
        }
    }

    let mut upstreams = BTreeMap::new();
    for (name, u) in raw.upstreams {
        if let Some(u) = upstreams::upstream(&name, u, &channels, &declared, &mut e) {
            upstreams.insert(name, u);
        }
    }
    let routes = routes::routes(
        raw.routes, &server, &upstreams, &channels, &declared, &mut e,
    );
    let callbacks =
        if raw.callbacks.is_some() || routes.iter().any(|r| r.kind == RouteKind::Callback) {
            Some(money::callbacks(raw.callbacks, &mut e))
        } else {
            None
        };
    let reviews = reviews::reviews(raw.reviews, &routes, &mut e);
    let geo = guards::geo(raw.geo, &mut e);
    let fingerprint = guards::fingerprint(raw.fingerprint, &mut e);
    let lists = guards::lists(raw.lists, &mut e);
    let limits = guards::limits(raw.limits, &mut e);
    let risk = risk::risk(raw.risk, &mut e);
    let cache = cache::cache(raw.cache, &mut e);
    let state = state::state(raw.state, &mut e);
    if risk.is_none()
        && routes.iter().any(|r| r.kind == RouteKind::Order)
        && !e
            .0
            .iter()
            .any(|x| x.field().is_some_and(|f| f.starts_with("risk")))
    {
        e.add(
            "risk",
            "a [risk] section (model, thresholds) is required by routes of kind = \"order\"",
        );
    }
    routes::check_listener_clashes(&server, &admin, &mut e);
    match (e.0.is_empty(), server, admin, log) {
        (true, Some(server), Some(admin), Some(log)) => Ok(Config {
            server,
            admin,
            log,
            upstreams,
            routes,
            geo,
            fingerprint,
            lists,
            limits,
            risk,
            channels,
            callbacks,
            cache,
            reviews,
            state,
        }),
        _ => Err(e.0),
    }
}

/// Parses `250ms`, `5s`, `2m`, `1h` (integer amounts; must be > 0).
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: u64 = num
        .parse()
        .map_err(|_| format!("`{s}` is not a duration (use e.g. 250ms, 5s, 2m, 1h, 30d)"))?;
    let d = match unit {
        "ms" => Duration::from_millis(n),
        "s" => Duration::from_secs(n),
        "m" => Duration::from_secs(n * 60),
        "h" => Duration::from_secs(n * 3600),
        "d" => Duration::from_secs(n * 86_400),
        _ => {
            return Err(format!(
                "`{s}` has unknown unit `{unit}` (use ms, s, m, h or d)"
            ))
        }
    };
    if d.is_zero() {
        return Err("must be greater than zero".into());
    }
    Ok(d)
}

pub(super) fn duration(
    v: Option<String>,
    default: Duration,
    field: &str,
    e: &mut Errs,
) -> Duration {
    match v {
        None => default,
        Some(s) => parse_duration(&s).unwrap_or_else(|r| {
            e.add(field, r);
            default
        }),
    }
}

pub(super) fn positive(v: Option<i64>, default: u64, field: &str, e: &mut Errs) -> u64 {
    match v {
        None => default,
        Some(n) if n > 0 => n as u64,
        Some(n) => {
            e.add(field, format!("must be greater than zero (got {n})"));
            default
        }
    }
}

pub(super) fn socket_addr(s: &str, field: &str, e: &mut Errs) -> Option<SocketAddr> {
    if let Ok(a) = s.parse::<SocketAddr>() {
        return Some(a);
    }
    // Host names are resolved once, here, at load time; never on the request path.
    match s.to_socket_addrs().map(|mut it| it.next()) {
        Ok(Some(a)) if s.contains(':') => Some(a),
        _ => {
            e.add(
                field,
                format!("`{s}` is not an address (use host:port, e.g. 127.0.0.1:8080)"),
            );
            None
        }
    }
}

fn server(raw: RawServer, e: &mut Errs) -> Option<ServerConfig> {
    let listen_raw = raw
        .listen
        .unwrap_or_else(|| vec![defaults::LISTEN.to_string()]);
    let listen: Vec<SocketAddr> = listen_raw
        .iter()
        .enumerate()
        .filter_map(|(i, s)| socket_addr(s, &format!("server.listen[{i}]"), e))
        .collect();
    let mut tls = Vec::new();
    for (i, t) in raw.tls.unwrap_or_default().into_iter().enumerate() {
        let f = |k: &str| format!("server.tls[{i}].{k}");
        let addr = match &t.listen {
            Some(s) => socket_addr(s, &f("listen"), e),
            None => {
                e.add(f("listen"), "is required");
                None
            }
        };
        let mut path = |v: Option<String>, k: &str| -> Option<PathBuf> {
            match v {
                None => {
                    e.add(f(k), "is required (a PEM file path)");
                    None
                }
                Some(p) if p.trim().is_empty() => {
                    e.add(f(k), "must not be empty");
                    None
                }
                Some(p) => Some(PathBuf::from(p)),
            }
        };
        let cert = path(t.cert, "cert");
        let key = path(t.key, "key");
        if let (Some(listen), Some(cert), Some(key)) = (addr, cert, key) {
            tls.push(TlsListener {
                listen,
                cert,
                key,
                http2: t.http2.unwrap_or(true),
            });
        }
    }
    if listen.is_empty() && tls.is_empty() && e.0.is_empty() {
        e.add(
            "server.listen",
            "at least one plain or TLS listener is required",
        );
    }
    let threads = positive(raw.threads, defaults::THREADS as u64, "server.threads", e);
    let mut trusted = Vec::new();
    for (i, s) in raw.trusted_proxies.unwrap_or_default().iter().enumerate() {
        match parse_cidr(s) {
            Ok(n) => trusted.push(n),
            Err(r) => e.add(format!("server.trusted_proxies[{i}]"), r),
        }
    }
    let keepalive = match raw.keepalive_requests {
        None => None,
        Some(n) if n > 0 && n <= u32::MAX as i64 => NonZeroU32::new(n as u32),
        Some(n) => {
            e.add(
                "server.keepalive_requests",
                format!("must be between 1 and {} (got {n})", u32::MAX),
            );
            None
        }
    };
    let max_connections = match raw.max_connections {
        None => NonZeroU32::new(defaults::MAX_CONNECTIONS),
        Some(n) if n > 0 && n <= u32::MAX as i64 => NonZeroU32::new(n as u32),
        Some(n) => {
            e.add(
                "server.max_connections",
                format!("must be between 1 and {} (got {n})", u32::MAX),
            );
            None
        }
    };
    let max_connections_per_address = match raw.max_connections_per_address {
        None => NonZeroU32::new(defaults::MAX_CONNECTIONS_PER_ADDRESS),
        Some(n) if (0..=u32::MAX as i64).contains(&n) => NonZeroU32::new(n as u32),
        Some(n) => {
            e.add(
                "server.max_connections_per_address",
                format!("must be between 0 (no cap) and {} (got {n})", u32::MAX),
            );
            None
        }
    };
    Some(ServerConfig {
        listen,
        tls,
        h2c: raw.h2c.unwrap_or(false),
        threads: NonZeroUsize::new(threads as usize).unwrap_or(NonZeroUsize::MIN),
        grace_period: duration(
            raw.grace_period,
            defaults::GRACE_PERIOD,
            "server.grace_period",
            e,
        ),
        trusted_proxies: trusted,
        idle_timeout: duration(
            raw.idle_timeout,
            defaults::IDLE_TIMEOUT,
            "server.idle_timeout",
            e,
        ),
        header_timeout: duration(
            raw.header_timeout,
            defaults::HEADER_TIMEOUT,
            "server.header_timeout",
            e,
        ),
        body_read_timeout: duration(
            raw.body_read_timeout,
            defaults::BODY_READ_TIMEOUT,
            "server.body_read_timeout",
            e,
        ),
        body_timeout: duration(
            raw.body_timeout,
            defaults::BODY_TIMEOUT,
            "server.body_timeout",
            e,
        ),
        max_connections: max_connections.unwrap_or(NonZeroU32::MIN),
        max_connections_per_address,
        max_header_bytes: positive(
            raw.max_header_bytes,
            defaults::MAX_HEADER_BYTES as u64,
            "server.max_header_bytes",
            e,
        ) as usize,
        max_body_bytes: positive(
            raw.max_body_bytes,
            defaults::MAX_BODY_BYTES,
            "server.max_body_bytes",
            e,
        ),
        keepalive_requests: keepalive,
        underscores_in_headers: raw.underscores_in_headers.unwrap_or(false),
    })
}

/// Parses `10.0.0.0/8`, `2001:db8::/32` or a bare address (a /32 or /128).
pub fn parse_cidr(s: &str) -> Result<IpNet, String> {
    if let Ok(n) = s.parse::<IpNet>() {
        return Ok(n.trunc());
    }
    s.parse::<IpAddr>()
        .map(IpNet::from)
        .map_err(|_| format!("`{s}` is not an IP address or CIDR (e.g. 10.0.0.0/8)"))
}

fn admin(raw: RawAdmin, e: &mut Errs) -> Option<AdminConfig> {
    let listen_s = raw
        .listen
        .unwrap_or_else(|| defaults::ADMIN_LISTEN.to_string());
    let listen = socket_addr(&listen_s, "admin.listen", e)?;
    if !listen.ip().is_loopback() && !raw.allow_non_loopback.unwrap_or(false) {
        e.add(
            "admin.listen",
            format!(
                "`{listen}` is not a loopback address; the admin API controls lists and reloads, \
                 so set admin.allow_non_loopback = true if you really mean it"
            ),
        );
    }
    let token_env = raw
        .token_env
        .unwrap_or_else(|| defaults::ADMIN_TOKEN_ENV.to_string());
    if token_env.is_empty()
        || !token_env
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        e.add(
            "admin.token_env",
            format!("`{token_env}` is not an environment variable name (use A-Z, 0-9, _)"),
        );
    }
    Some(AdminConfig { listen, token_env })
}

fn log(raw: RawLog, e: &mut Errs) -> Option<LogConfig> {
    let format = match raw.format.as_deref() {
        None | Some("human") => LogFormat::Human,
        Some("json") => LogFormat::Json,
        Some(other) => {
            e.add(
                "log.format",
                format!("`{other}` is not a log format (use human or json)"),
            );
            LogFormat::Human
        }
    };
    let level = raw.level.unwrap_or_else(|| "info".to_string());
    if tracing_subscriber::EnvFilter::try_new(&level).is_err() {
        e.add(
            "log.level",
            format!("`{level}` is not a log filter (e.g. info, riskgate=debug)"),
        );
    }
    Some(LogConfig {
        format,
        level,
        access_log: raw.access_log.unwrap_or(true),
    })
}
