//! One configuration generation ([`Runtime`]): everything built from a validated
//! [`Config`] that a reload replaces as a whole.
//!
//! A generation is immutable once built. [`Runtime::build`] reuses the upstream and
//! channel groups whose config did not change, so their health state and connection
//! history survive a reload; everything else (routes, geo files, the risk model, callback
//! verifiers) is built afresh. This file knows nothing of listeners or pingora services.

use crate::callbacks::deliver::Target;
use crate::callbacks::{CallbackError, ChannelVerifier};
use crate::client::TrustedProxies;
use crate::config::Config;
use crate::geo::{GeoConfig, GeoDb, GeoError};
use crate::guards::{GuardPolicy, Guards};
use crate::lists::ListError;
use crate::risk::{RiskEngine, RiskError};
use crate::routing::channel::ChannelError;
use crate::routing::channels::ChannelGroup;
use crate::routing::upstream::{health_peers, UpstreamError};
use crate::routing::{RouteTable, UpstreamGroup};
use std::collections::HashMap;
use std::sync::Arc;

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

impl Runtime {
    /// Where a callback from `channel` is delivered in this generation: one server of the
    /// upstream group behind the callback route that hears from `channel`, picked by `key`.
    ///
    /// `Err` names what is missing (route, group, healthy server, `[callbacks]`); the
    /// delivery worker retries later, when a reload may have supplied it.
    pub fn callback_target(&self, channel: &str, key: &[u8]) -> Result<Target, String> {
        let Some(route) = self
            .config
            .routes
            .iter()
            .find(|r| r.channel.as_deref() == Some(channel))
        else {
            return Err(format!(
                "no callback route for channel {channel} in the current config"
            ));
        };
        let Some(group) = self.upstreams.get(&route.upstream) else {
            return Err(format!("upstream {} is gone", route.upstream));
        };
        let Some(addr) = group.select(key, &[]) else {
            return Err(format!("no healthy server in {}", route.upstream));
        };
        let Some(settings) = &self.config.callbacks else {
            return Err("no [callbacks] settings".into());
        };
        Ok(Target {
            addr,
            path: settings.deliver_path.clone(),
            timeout: settings.deliver_timeout,
        })
    }
}
