//! Builds the pingora server from a [`Config`] and owns live reload.
//!
//! [`Shared`] is the process-wide state every service holds (metrics, the current
//! [`Runtime`], the admin token). A [`Runtime`] is one config generation: route table,
//! upstream groups, trusted proxies. Reload builds a new generation and swaps it in
//! atomically; requests already running keep the generation they started with, which is
//! why open SSE and WebSocket streams survive a reload untouched.

use crate::admin::AdminApp;
use crate::callbacks::{CallbackError, CallbackHub, ChannelVerifier};
use crate::client::TrustedProxies;
use crate::config::{self, Config};
use crate::fingerprint::{BeaconStore, CookieKeys};
use crate::geo::{GeoConfig, GeoDb, GeoError};
use crate::guards::{GuardPolicy, Guards};
use crate::lists::ListError;
use crate::metrics::{Metrics, ReloadOutcome};
use crate::proxy::header_deadline::HeaderDeadline;
use crate::proxy::EdgeProxy;
use crate::risk::log::DecisionLog;
use crate::risk::{RiskEngine, RiskError};
use crate::routing::channel::ChannelError;
use crate::routing::channels::ChannelGroup;
use crate::routing::upstream::{health_peers, UpstreamError};
use crate::routing::{RouteTable, UpstreamGroup};
use arc_swap::ArcSwap;
use async_trait::async_trait;
use pingora::apps::HttpServerOptions;
use pingora::listeners::tls::TlsSettings;
use pingora::listeners::{L4BufferSettings, ListenerConfig, DEFAULT_L4_WRITE_BUFFER_SIZE};
use pingora::server::configuration::ServerConf;
use pingora::server::{RunArgs, Server, ShutdownWatch};
use pingora::services::background::{background_service, BackgroundService};
use pingora::services::listening::Service;
use std::collections::HashMap;
use std::num::NonZeroU64;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One configuration generation, immutable once built.
pub struct Runtime {
    /// 1 at start, +1 per successful reload.
    pub generation: u64,
    /// The validated config this generation was built from.
    pub config: Arc<Config>,
    /// Compiled routes.
    pub routes: RouteTable,
    /// Upstream groups by name.
    pub upstreams: HashMap<String, Arc<UpstreamGroup>>,
    /// Proxies whose forwarding headers are believed.
    pub trusted: TrustedProxies,
    /// Geolocation databases (`None` without a `[geo]` section).
    pub geo: Option<Arc<GeoDb>>,
    /// Compiled per-route guard settings.
    pub guards: GuardPolicy,
    /// Order scoring (`None` without `[risk]`).
    pub risk: Option<Arc<RiskEngine>>,
    /// Payment-channel groups by upstream name.
    pub channel_groups: HashMap<String, Arc<ChannelGroup>>,
    /// Callback verifiers by channel name (channels some callback route listens for).
    pub verifiers: HashMap<String, Arc<ChannelVerifier>>,
}

/// Why a configuration generation could not be built from a valid config.
#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    /// An upstream group could not be built.
    #[error(transparent)]
    Upstream(#[from] UpstreamError),
    /// A geo database or the hosting list could not be opened.
    #[error("geo: {0}")]
    Geo(#[from] GeoError),
    /// A list file could not be loaded.
    #[error("lists: {0}")]
    Lists(#[from] ListError),
    /// The decision log could not be opened.
    #[error("risk.decision_log: {0}")]
    DecisionLog(String),
    /// The risk model, schema or lists could not be loaded.
    #[error("risk: {0}")]
    Risk(#[from] RiskError),
    /// A channel group could not be built.
    #[error("channels: {0}")]
    Channel(#[from] ChannelError),
    /// Callback verifiers or the spool could not be set up.
    #[error(transparent)]
    Callback(#[from] CallbackError),
    /// The review store could not be opened.
    #[error("reviews.store: {0}")]
    Reviews(String),
}

impl Runtime {
    /// Builds a generation. Groups whose config is unchanged from `previous` are reused,
    /// keeping their health state and connection history.
    pub fn build(
        config: Config,
        generation: u64,
        previous: Option<&Runtime>,
        guards: &Guards,
    ) -> Result<Runtime, RuntimeError> {
        // Geo files are re-read on every reload: `geoip/refresh.sh` may have replaced them.
        let geo = match &config.geo {
            Some(g) => Some(Arc::new(GeoDb::open(&GeoConfig {
                country_db: g.country_db.clone(),
                asn_db: g.asn_db.clone(),
                hosting_asns_file: g.hosting_asns.clone(),
                extra_hosting_asns: g.extra_hosting_asns.clone(),
            })?)),
            None => None,
        };
        let risk = match &config.risk {
            Some(r) => Some(Arc::new(RiskEngine::load(r)?)),
            None => None,
        };
        let verifiers = crate::callbacks::build_verifiers(&config)?;
        let mut channel_groups = HashMap::new();
        for (name, cfg) in config
            .upstreams
            .iter()
            .filter(|(_, c)| !c.channels.is_empty())
        {
            let reused = previous
                .and_then(|p| p.channel_groups.get(name))
                .filter(|g| g.same_config(cfg, &config.channels))
                .cloned();
            let group = match reused {
                Some(g) => g,
                None => ChannelGroup::build(name, cfg, &config.channels)?,
            };
            channel_groups.insert(name.clone(), group);
        }
        let mut upstreams = HashMap::new();
        for (name, cfg) in &config.upstreams {
            let peers = health_peers(cfg, &config.channels);
            let reused = previous
                .and_then(|p| p.upstreams.get(name))
                .filter(|g| &g.config == cfg && g.health_peers == peers)
                .cloned();
            let group = match reused {
                Some(g) => g,
                None => UpstreamGroup::new(name, cfg, &peers)?,
            };
            upstreams.insert(name.clone(), group);
        }
        Ok(Runtime {
            generation,
            routes: RouteTable::new(&config.routes),
            trusted: TrustedProxies::new(config.server.trusted_proxies.clone()),
            upstreams,
            geo,
            guards: GuardPolicy::build(&config, guards),
            risk,
            channel_groups,
            verifiers,
            config: Arc::new(config),
        })
    }
}

/// How many recent orders `POST /report` can find by request id.
const RECENT_ORDERS: usize = 100_000;

/// The identities of one recent order, kept so a chargeback can be reported by request id.
#[derive(Debug, Clone)]
pub struct RecentOrder {
    /// Client IP.
    pub ip: std::net::IpAddr,
    /// Device id (32 hex).
    pub device: Option<String>,
    /// Shop user key.
    pub user: Option<String>,
    /// Buyer email.
    pub email: Option<String>,
}

/// What a reload did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReloadResult {
    /// The new config serves from now on.
    Applied {
        /// The new generation number.
        generation: u64,
        /// Changed settings that only a restart applies (listeners, threads, admin).
        restart_required: Vec<&'static str>,
    },
    /// The new config was refused; the previous one keeps serving.
    Refused {
        /// Every problem, rendered `file:line: field: reason`.
        errors: Vec<String>,
    },
}

/// Process-wide state shared by the proxy, admin and background services.
pub struct Shared {
    /// Every metric family.
    pub metrics: Arc<Metrics>,
    /// The generation now serving.
    pub runtime: ArcSwap<Runtime>,
    /// The config file reload re-reads (`None` for configs built in memory).
    pub config_path: Option<PathBuf>,
    /// The config the process started with: listener changes are compared to it.
    boot: Arc<Config>,
    /// Bearer token for the admin API.
    admin_token: String,
    /// Device-cookie keys (newest signs, all verify); fixed for the life of the process.
    pub cookie_keys: CookieKeys,
    /// Browser-beacon signals by device.
    pub beacons: BeaconStore,
    /// Lists, buckets and counters (survive reloads).
    pub guards: Guards,
    /// The decision log and its in-memory index of recent decisions.
    pub decisions: DecisionLog,
    /// Identities of recent orders by request id, for `POST /report` (the newest 100,000).
    pub recent: crate::recent::RecentIndex<RecentOrder>,
    /// The callback spool and missing-callback tracker (`None` without `[callbacks]` at
    /// start; opened once, kept across reloads).
    pub callbacks: Option<CallbackHub>,
    /// The edge cache (store and lock): process-wide, so reloads keep its contents.
    pub cache: crate::cache::EdgeCache,
    /// The review queue (`None` unless `[reviews]` or a hold route at start).
    pub reviews: Option<Arc<crate::reviews::ReviewHub>>,
    /// Serialises reloads so two concurrent ones cannot interleave generations.
    reload_lock: Mutex<()>,
    /// Set once the listeners are up (for `/readyz`).
    ready: AtomicBool,
}

impl Shared {
    /// Creates the shared state for `config` (generation 1).
    pub fn new(
        config: Config,
        config_path: Option<PathBuf>,
        secrets: Secrets,
    ) -> Result<Arc<Self>, RuntimeError> {
        let metrics = Arc::new(Metrics::register(prometheus::Registry::new()));
        let boot = Arc::new(config.clone());
        let guards = Guards::new(&config)?;
        let log = config.risk.as_ref().map(|r| r.decision_log.clone());
        let decisions = DecisionLog::open(
            log.as_ref().and_then(|l| l.path.as_deref()),
            log.as_ref().map_or(u64::MAX, |l| l.max_bytes),
            log.as_ref().map_or(0, |l| l.keep),
            log.as_ref().map_or(10_000, |l| l.index_entries),
            metrics.decision_log_dropped.clone(),
        )
        .map_err(|e| RuntimeError::DecisionLog(e.to_string()))?;
        let callbacks = match &config.callbacks {
            Some(c) => Some(CallbackHub::open(c)?),
            None => None,
        };
        let cache = crate::cache::EdgeCache::new(&config.cache, metrics.cache.clone());
        let reviews = match &config.reviews {
            Some(r) => Some(Arc::new(
                crate::reviews::ReviewHub::open(r, metrics.reviews.clone())
                    .map_err(|e| RuntimeError::Reviews(e.to_string()))?,
            )),
            None => None,
        };
        let rt = Runtime::build(config, 1, None, &guards)?;
        for g in rt.upstreams.values() {
            g.publish_health(&metrics);
        }
        metrics.config_generation.set(1);
        let fp = &boot.fingerprint;
        let beacons = BeaconStore::new(
            NonZeroU64::new(fp.beacon_store_entries).unwrap_or(NonZeroU64::MIN),
            fp.beacon_ttl,
        );
        Ok(Arc::new(Shared {
            metrics,
            runtime: ArcSwap::from_pointee(rt),
            config_path,
            boot,
            admin_token: secrets.admin_token,
            cookie_keys: secrets.cookie_keys,
            beacons,
            guards,
            decisions,
            recent: crate::recent::RecentIndex::new(RECENT_ORDERS),
            callbacks,
            cache,
            reviews,
            reload_lock: Mutex::new(()),
            ready: AtomicBool::new(false),
        }))
    }

    /// Compares a presented bearer token with the configured one in constant time.
    pub fn check_token(&self, presented: &[u8]) -> bool {
        let want = self.admin_token.as_bytes();
        if want.is_empty() || presented.len() != want.len() {
            return false;
        }
        want.iter()
            .zip(presented)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
    }

    /// Whether the server has finished starting.
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Acquire)
    }

    /// Re-reads the config file and swaps in a new generation when it is valid.
    ///
    /// Called by `POST /reload` and SIGHUP. Never disturbs requests in flight: they hold
    /// the old generation until they finish.
    pub fn reload(&self) -> ReloadResult {
        let _guard = self.reload_lock.lock().unwrap_or_else(|p| p.into_inner());
        let Some(path) = &self.config_path else {
            return self.refuse(vec![
                "no config file to reload (started from an embedded config)".into(),
            ]);
        };
        let config = match config::load(path) {
            Ok(c) => c,
            Err(e) => {
                let file = e.file.clone();
                return self.refuse(e.errors.iter().map(|x| x.render(&file)).collect());
            }
        };
        let restart_required = config::restart_required(&self.boot, &config);
        let current = self.runtime.load();
        let generation = current.generation + 1;
        let rt = match Runtime::build(config, generation, Some(&current), &self.guards) {
            Ok(rt) => rt,
            Err(e) => {
                if matches!(e, RuntimeError::Risk(_)) {
                    self.metrics
                        .model_reloads
                        .with_label_values(&["failure"])
                        .inc();
                }
                return self.refuse(vec![e.to_string()]);
            }
        };
        if let Some(r) = &rt.risk {
            self.metrics
                .model_reloads
                .with_label_values(&["success"])
                .inc();
            tracing::info!(model = %r.model.path().display(), version = r.model.version(), "risk model loaded");
        }
        // Lists last: once they are swapped, the rest of the generation must go in too.
        if let Err(e) = self.guards.reload_lists(&rt.config) {
            return self.refuse(vec![format!("lists: {e}")]);
        }
        // Drop series of servers that no longer exist, publish the new ones.
        for old in current.upstreams.values() {
            for (addr, _) in old.health() {
                let still = rt
                    .upstreams
                    .get(&old.name)
                    .is_some_and(|g| g.config.servers.iter().any(|s| s.addr == addr));
                if !still {
                    let _ = self
                        .metrics
                        .upstream_server_up
                        .remove_label_values(&[old.name.as_str(), &addr.to_string()]);
                }
            }
        }
        for g in rt.upstreams.values() {
            g.publish_health(&self.metrics);
        }
        self.runtime.store(Arc::new(rt));
        self.metrics.config_generation.set(generation as i64);
        self.metrics.observe_reload(ReloadOutcome::Success);
        tracing::info!(generation, ?restart_required, "configuration reloaded");
        ReloadResult::Applied {
            generation,
            restart_required,
        }
    }

    fn refuse(&self, errors: Vec<String>) -> ReloadResult {
        self.metrics.observe_reload(ReloadOutcome::Failure);
        for e in &errors {
            tracing::error!("reload refused: {e}");
        }
        ReloadResult::Refused { errors }
    }
}

/// Secrets read from the environment at start (never from the config file).
pub struct Secrets {
    /// The admin bearer token.
    pub admin_token: String,
    /// Device-cookie keys.
    pub cookie_keys: CookieKeys,
}

/// Why secrets could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    /// The admin token variable is unset or too short.
    #[error(
        "admin.token_env: environment variable {0} must hold the admin bearer token \
         (at least 16 characters); e.g. export {0}=\"$(head -c 24 /dev/urandom | base64)\""
    )]
    AdminToken(String),
    /// A cookie key variable is unset or too short.
    #[error(
        "fingerprint.key_envs: environment variable {0} must hold a device-cookie key of at \
         least 32 bytes; e.g. export {0}=\"$(head -c 48 /dev/urandom | base64)\""
    )]
    CookieKey(String),
    /// The keys were refused.
    #[error("fingerprint.key_envs: {0}")]
    CookieKeys(#[from] crate::fingerprint::FingerprintError),
    /// No randomness for a generated key.
    #[error("cannot read /dev/urandom for a device-cookie key: {0}")]
    Random(std::io::Error),
}

impl Secrets {
    /// Reads the admin token and cookie keys named by `config` from the environment.
    ///
    /// With no `fingerprint.key_envs`, a random key is generated: device ids then change
    /// on every restart, which is logged as a warning.
    pub fn from_env(config: &Config) -> Result<Secrets, SecretError> {
        let token = std::env::var(&config.admin.token_env).unwrap_or_default();
        if token.len() < 16 {
            return Err(SecretError::AdminToken(config.admin.token_env.clone()));
        }
        Ok(Secrets {
            admin_token: token,
            cookie_keys: Self::cookie_keys(config)?,
        })
    }

    /// Reads (or generates) the device-cookie keys named by `config`.
    pub fn cookie_keys(config: &Config) -> Result<CookieKeys, SecretError> {
        let envs = &config.fingerprint.key_envs;
        if envs.is_empty() {
            tracing::warn!(
                "fingerprint.key_envs is empty: using a random device-cookie key; \
                 device ids will not survive a restart"
            );
            let mut key = vec![0u8; 32];
            // The key must be unpredictable: read the kernel's CSPRNG, not a fast PRNG.
            use std::io::Read;
            std::fs::File::open("/dev/urandom")
                .and_then(|mut f| f.read_exact(&mut key))
                .map_err(SecretError::Random)?;
            return Ok(CookieKeys::new(vec![key])?);
        }
        let mut keys = Vec::new();
        for name in envs {
            let v = std::env::var(name).unwrap_or_default();
            if v.len() < crate::fingerprint::MIN_KEY_LEN {
                return Err(SecretError::CookieKey(name.clone()));
            }
            keys.push(v.into_bytes());
        }
        Ok(CookieKeys::new(keys)?)
    }
}

/// Runs health checks for the serving generation and handles SIGHUP.
struct Housekeeping {
    shared: Arc<Shared>,
}

#[async_trait]
impl BackgroundService for Housekeeping {
    async fn start(&self, mut shutdown: ShutdownWatch) {
        // Ready once every proxy listener accepts (crate::readiness), not before.
        let shared = self.shared.clone();
        tokio::spawn(async move {
            let server = &shared.runtime.load().config.server;
            let addrs: Vec<_> = (server.listen.iter().copied())
                .chain(server.tls.iter().map(|t| t.listen))
                .collect();
            match crate::readiness::wait_until_accepting(&addrs, Duration::from_secs(60)).await {
                Ok(()) => shared.ready.store(true, Ordering::Release),
                Err(a) => {
                    tracing::error!("listener {a} does not accept connections: /readyz stays 503")
                }
            }
        });
        tokio::spawn(crate::reviews::service::sweep_loop(self.shared.clone()));
        let mut hup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok();
        // 50 ms is well below any sensible health interval; checks themselves decide
        // whether they are due, so this only bounds how late one can start.
        let mut tick = tokio::time::interval(Duration::from_millis(50));
        // Expired list entries are ignored by lookups already; purging reclaims memory
        // and keeps the files tidy.
        let mut purge = tokio::time::interval(Duration::from_secs(60));
        let mut watch = ModelWatch::default();
        loop {
            tokio::select! {
                _ = shutdown.changed() => return,
                _ = tick.tick() => {
                    let rt = self.shared.runtime.load();
                    for g in rt.upstreams.values() {
                        if g.config.health.is_some() {
                            tokio::spawn(g.clone().check_if_due(self.shared.metrics.clone()));
                        }
                    }
                    if watch.due(&rt).await {
                        tracing::info!("risk.watch: a model or schema file changed; reloading");
                        let shared = self.shared.clone();
                        let _ = tokio::task::spawn_blocking(move || shared.reload()).await;
                    }
                }
                _ = purge.tick() => {
                    let shared = self.shared.clone();
                    // Fire and forget: the next tick runs regardless of this one.
                    drop(tokio::task::spawn_blocking(move || {
                        let now = shared.guards.clock_unix();
                        shared.guards.sweep();
                        if let Err(e) = shared.guards.lists.load().purge_expired(now) {
                            tracing::error!("purging expired list entries: {e}");
                        }
                    }));
                }
                Some(_) = async { match hup.as_mut() { Some(s) => s.recv().await, None => std::future::pending().await } } => {
                    tracing::info!("SIGHUP: reloading configuration");
                    let shared = self.shared.clone();
                    // Reload reads a file: keep it off the async workers.
                    let _ = tokio::task::spawn_blocking(move || shared.reload()).await;
                }
            }
        }
    }
}

/// One watched file: path, and (modified time, length) when it exists.
type FileStamp = (PathBuf, Option<(std::time::SystemTime, u64)>);

/// `risk.watch`: polls the model, shadow model and schema files and asks for a reload once
/// a change has held still for one interval (so a file still being written is not loaded
/// half-way; writers should still replace files by rename). A refused reload is not
/// retried until the files change again.
#[derive(Default)]
struct ModelWatch {
    /// Stamps as of the last reload (or start), and the generation they belong to.
    seen: Option<(u64, Vec<FileStamp>)>,
    /// Changed stamps waiting to hold still.
    pending: Option<Vec<FileStamp>>,
    last: Option<std::time::Instant>,
}

impl ModelWatch {
    async fn due(&mut self, rt: &Runtime) -> bool {
        let Some((risk, interval)) = rt.config.risk.as_ref().and_then(|r| Some((r, r.watch?)))
        else {
            *self = ModelWatch::default();
            return false;
        };
        if self.last.is_some_and(|t| t.elapsed() < interval) {
            return false;
        }
        self.last = Some(std::time::Instant::now());
        let mut now = Vec::with_capacity(3);
        for p in [
            Some(&risk.model),
            risk.shadow_model.as_ref(),
            Some(&risk.schema),
        ]
        .into_iter()
        .flatten()
        {
            let stamp = tokio::fs::metadata(p)
                .await
                .ok()
                .map(|m| (m.modified().unwrap_or(std::time::UNIX_EPOCH), m.len()));
            now.push((p.clone(), stamp));
        }
        let seen = match &self.seen {
            Some((g, seen)) if *g == rt.generation => seen,
            // First look, or the config was reloaded by other means: start from here.
            _ => {
                self.pending = None;
                self.seen = Some((rt.generation, now));
                return false;
            }
        };
        if *seen == now {
            self.pending = None;
            return false;
        }
        if self.pending.as_ref() != Some(&now) {
            // Changed: wait one interval for it to hold still.
            self.pending = Some(now);
            return false;
        }
        // The next generation (if the reload is applied) starts from these stamps; if it
        // is refused, the generation stays and the first arm above takes these stamps as
        // the new baseline, so an unchanged bad file is not retried.
        self.pending = None;
        self.seen = Some((rt.generation + 1, now));
        true
    }
}

/// Errors that stop the process at start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The first configuration generation could not be built.
    #[error(transparent)]
    Runtime(#[from] RuntimeError),
    /// A TLS certificate or key could not be loaded.
    #[error("server.tls[{index}]: cannot load certificate/key: {reason}")]
    Tls {
        /// Index in `server.tls`.
        index: usize,
        /// pingora's explanation.
        reason: String,
    },
    /// A listener address is taken by another process.
    #[error("{field}: cannot listen on {addr}: {error}")]
    Bind {
        /// The config field naming the address.
        field: &'static str,
        /// The address.
        addr: std::net::SocketAddr,
        /// The operating system's answer.
        error: String,
    },
}

/// Fails fast when a listener address is taken. pingora itself retries a busy address
/// forever in the background while everything else (admin, `/readyz`) reports ready, which
/// would hide the problem; binding once here (then releasing) turns it into a start error.
fn check_listeners(config: &Config) -> Result<(), StartError> {
    let all = config
        .server
        .listen
        .iter()
        .map(|a| ("server.listen", *a))
        .chain(config.server.tls.iter().map(|t| ("server.tls", t.listen)))
        .chain(std::iter::once(("admin.listen", config.admin.listen)));
    for (field, addr) in all {
        if addr.port() == 0 {
            continue;
        }
        std::net::TcpListener::bind(addr).map_err(|e| StartError::Bind {
            field,
            addr,
            error: e.to_string(),
        })?;
    }
    Ok(())
}

/// The read buffer below pingora's HTTP code on each client connection, bytes: none.
///
/// pingora's default is 64 KiB per connection. pingora's HTTP/1 code reads into buffers of
/// its own (a 4 KiB header buffer, 64 KiB body reads), so an L4 buffer under it only adds
/// a copy, while it stays allocated for as long as the connection is open: 0 leaves it out
/// (reads go straight to the socket, as in pingora before 0.9) and saves about 4 KB of RSS
/// per open connection, kept alive or silent (BENCHMARKS.md, "Idle client connections").
/// TLS listeners keep pingora's default, since the TLS layer reads whole 16 KiB records
/// through it.
const CLIENT_READ_BUFFER: usize = 0;

/// Builds the pingora server with the proxy, admin and housekeeping services.
///
/// Listeners are bound when the returned server runs. Call [`run`] to run it with the
/// configured grace period.
pub fn build(shared: Arc<Shared>) -> Result<Server, StartError> {
    let config = shared.runtime.load().config.clone();
    check_listeners(&config)?;
    let conf = ServerConf {
        threads: config.server.threads.get(),
        // One single-threaded runtime per worker (like nginx workers): no cross-thread
        // task stealing or wakeups on the request path.
        work_stealing: false,
        grace_period_seconds: Some(config.server.grace_period.as_secs()),
        graceful_shutdown_timeout_seconds: Some(config.server.grace_period.as_secs().max(1)),
        // Distinct paths per process so several riskgates (tests, demo) never collide.
        pid_file: std::env::temp_dir()
            .join(format!("riskgate-{}.pid", std::process::id()))
            .display()
            .to_string(),
        upgrade_sock: std::env::temp_dir()
            .join(format!("riskgate-{}.upgrade.sock", std::process::id()))
            .display()
            .to_string(),
        ..ServerConf::default()
    };
    let mut server = Server::new_with_opt_and_conf(None, conf);
    server.bootstrap();

    let mut app = pingora::proxy::http_proxy(&server.configuration, EdgeProxy::new(shared.clone()));
    let mut opts = HttpServerOptions::default();
    opts.h2c = config.server.h2c;
    opts.keepalive_request_limit = config.server.keepalive_requests.map(|n| n.get());
    opts.h2_idle_timeout = Some(config.server.idle_timeout);
    app.server_options = Some(opts);
    // Every accepted stream gets the header deadline before pingora reads it.
    let mut proxy = Service::new(
        "riskgate proxy".to_string(),
        HeaderDeadline::new(app, shared.clone()),
    );
    for addr in &config.server.listen {
        proxy.add_listener(
            ListenerConfig::tcp(addr.to_string()).l4_buffer(L4BufferSettings::new(
                CLIENT_READ_BUFFER,
                DEFAULT_L4_WRITE_BUFFER_SIZE,
            )),
        );
    }
    for (index, t) in config.server.tls.iter().enumerate() {
        let tls_err = |e: Box<pingora::Error>| StartError::Tls {
            index,
            reason: e.to_string(),
        };
        let mut settings =
            TlsSettings::intermediate(&t.cert.display().to_string(), &t.key.display().to_string())
                .map_err(tls_err)?;
        if t.http2 {
            settings.enable_h2();
        }
        proxy.add_tls_with_settings(&t.listen.to_string(), None, settings);
    }

    let mut admin = Service::new("riskgate admin".to_string(), AdminApp::new(shared.clone()));
    admin.add_tcp(&config.admin.listen.to_string());

    let money = background_service(
        "riskgate money path",
        crate::callbacks::service::MoneyService {
            shared: shared.clone(),
        },
    );
    let housekeeping = background_service("riskgate housekeeping", Housekeeping { shared });
    server.add_service(proxy);
    server.add_service(admin);
    server.add_service(housekeeping);
    server.add_service(money);
    Ok(server)
}

/// Runs the server until SIGINT (stop now), SIGTERM (graceful, bounded by
/// `server.grace_period`) or SIGQUIT (graceful upgrade), then writes out the decision log.
pub fn run(server: Server, shared: Arc<Shared>) {
    server.run(RunArgs {
        shutdown_signal: Box::new(Signals {
            shared: shared.clone(),
        }),
    });
    shared.decisions.close();
}

/// The process's stop signals.
///
/// SIGINT does not go through pingora 0.9.1's fast shutdown: with several worker threads
/// that shutdown sometimes never returns (an accept loop retries forever on "Tokio context
/// is being shut down", spinning a core and logging at tens of MB/s). "Stop now" is done
/// here instead: write out the queued decision-log and log lines, then exit. Nothing
/// acknowledged is lost by exiting (callback spool commits are durable; list files are
/// written on change); in-flight requests are cut, as a fast shutdown promises.
struct Signals {
    shared: Arc<Shared>,
}

#[async_trait]
impl pingora::server::ShutdownSignalWatch for Signals {
    async fn recv(&self) -> pingora::server::ShutdownSignal {
        use pingora::server::ShutdownSignal;
        use tokio::signal::unix::{signal, SignalKind};
        let (Ok(mut quit), Ok(mut term), Ok(mut int)) = (
            signal(SignalKind::quit()),
            signal(SignalKind::terminate()),
            signal(SignalKind::interrupt()),
        ) else {
            tracing::error!("cannot watch stop signals; using pingora's own handling");
            return pingora::server::UnixShutdownSignalWatch.recv().await;
        };
        let graceful = tokio::select! {
            _ = quit.recv() => ShutdownSignal::GracefulUpgrade,
            _ = term.recv() => ShutdownSignal::GracefulTerminate,
            _ = int.recv() => stop_now(&self.shared),
        };
        // A SIGINT during the grace period still means "stop now". pingora sleeps through
        // the grace period on its main thread, so the watch needs a thread of its own.
        let shared = self.shared.clone();
        let watch = std::thread::Builder::new()
            .name("riskgate-sigint".into())
            .spawn(move || {
                if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    rt.block_on(async {
                        if let Ok(mut int) = signal(SignalKind::interrupt()) {
                            int.recv().await;
                            stop_now(&shared);
                        }
                    });
                }
            });
        if let Err(e) = watch {
            tracing::warn!("SIGINT will not cut the grace period short: {e}");
        }
        graceful
    }
}

/// SIGINT: writes out the queued decision-log and log lines and exits.
fn stop_now(shared: &Shared) -> ! {
    tracing::info!("SIGINT received: stopping now");
    shared.decisions.close();
    crate::logging::flush();
    std::process::exit(0)
}
