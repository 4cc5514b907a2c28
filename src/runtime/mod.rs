//! The runtime state: what every service of the process shares, and how it changes.
//!
//! [`Shared`] is the process-wide state (metrics, the serving [`Runtime`] generation, the
//! admin token, guards, decision log, callback spool, edge cache). A [`Runtime`] is one
//! config generation: route table, upstream groups, trusted proxies. Reload
//! ([`Shared::reload`]) builds a new generation and swaps it in atomically; requests already
//! running keep the generation they started with, which is why open SSE and WebSocket
//! streams survive a reload untouched.
//!
//! This module sits below `proxy`, `admin` and `server`: they read and reload the state,
//! it imports none of them. Building the pingora server, signals and the background
//! services live in `server`.

mod generation;
mod reload;

pub use generation::{Runtime, RuntimeError};
pub use reload::ReloadResult;

use crate::callbacks::deliver::{DeliveryTargets, Target};
use crate::callbacks::CallbackHub;
use crate::config::Config;
use crate::fingerprint::{BeaconStore, ContinuityStore, CookieKeys};
use crate::guards::Guards;
use crate::metrics::Metrics;
use crate::risk::log::DecisionLog;
use arc_swap::ArcSwap;
use std::num::NonZeroU64;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

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

/// Secrets read from the environment at start (never from the config file).
///
/// `server::secrets` reads them ([`Secrets::from_env`]); the state only keeps them.
pub struct Secrets {
    /// The admin bearer token.
    pub admin_token: String,
    /// Device-cookie keys.
    pub cookie_keys: CookieKeys,
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
    /// The traits each device cookie was first presented with, and any change since
    /// (`fingerprint::ContinuityStore`: a cookie replayed in another browser).
    pub continuity: ContinuityStore,
    /// The moving share of orders that carried a valid device cookie
    /// (`risk::cookie_share`: `cookieless_order` fires only where cookies are common).
    pub cookie_share: crate::risk::cookie_share::CookieShare,
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
    /// Adjusts each re-read config before it is used (see [`Shared::on_reload`]).
    reload_fixup: std::sync::OnceLock<ReloadFixup>,
}

/// A change applied to every config a reload reads (the demo puts its data paths back).
pub type ReloadFixup = Box<dyn Fn(&mut Config) + Send + Sync>;

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
        guards.set_state_metrics(metrics.state.clone());
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
        metrics.prime(&rt.config);
        let fp = &boot.fingerprint;
        let beacons = BeaconStore::new(
            NonZeroU64::new(fp.beacon_store_entries).unwrap_or(NonZeroU64::MIN),
            fp.beacon_ttl,
        );
        let continuity = ContinuityStore::new(
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
            continuity,
            cookie_share: crate::risk::cookie_share::CookieShare::new(),
            guards,
            decisions,
            recent: crate::recent::RecentIndex::new(RECENT_ORDERS),
            callbacks,
            cache,
            reviews,
            reload_lock: Mutex::new(()),
            ready: AtomicBool::new(false),
            reload_fixup: std::sync::OnceLock::new(),
        }))
    }

    /// Compares a presented bearer token with the configured one in constant time.
    pub fn check_token(&self, presented: &[u8]) -> bool {
        let want = self.admin_token.as_bytes();
        !want.is_empty() && crate::secret::constant_time_eq(want, presented)
    }

    /// Whether the server has finished starting.
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Acquire)
    }

    /// Sets a change applied to every config reload reads, before it is compared and
    /// built. `riskgate demo` uses it: the data paths it chose at start (spool, decision
    /// log) are not in its file, and without them a reload would see them "changed". Only
    /// the first call takes effect.
    pub fn on_reload(&self, fixup: ReloadFixup) {
        let _ = self.reload_fixup.set(fixup);
    }

    /// The reload fixup, if one was set.
    pub(crate) fn reload_fixup(&self) -> Option<&ReloadFixup> {
        self.reload_fixup.get()
    }

    /// Marks the server as started: `/readyz` answers ready from now on.
    ///
    /// Called once by housekeeping, when every proxy listener accepts connections.
    pub fn mark_ready(&self) {
        self.ready.store(true, Ordering::Release);
    }
}

/// Callback delivery finds its upstream in the generation serving at each attempt.
impl DeliveryTargets for Shared {
    fn target(&self, channel: &str, key: &[u8]) -> Result<Target, String> {
        self.runtime.load().callback_target(channel, key)
    }
}
