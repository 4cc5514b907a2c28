//! Serde structs that mirror `riskgate.toml` exactly.
//!
//! These types exist only to be deserialized and handed to `validate`; runtime code never
//! sees them. Every field is optional or a plain string so that problems are reported by
//! the validator with a field path, instead of by serde with a generic type error. Unknown
//! keys are refused (`deny_unknown_fields`) so a typo never silently falls back to a default.

use serde::Deserialize;
use std::collections::BTreeMap;

/// The whole configuration file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawConfig {
    /// `[server]`: listeners, trusted proxies, client-facing limits.
    pub server: Option<RawServer>,
    /// `[admin]`: the admin listener.
    pub admin: Option<RawAdmin>,
    /// `[log]`: log format and access log.
    pub log: Option<RawLog>,
    /// `[upstreams.NAME]`: upstream server groups.
    #[serde(default)]
    pub upstreams: BTreeMap<String, RawUpstream>,
    /// `[[routes]]`: the ordered route table.
    #[serde(default)]
    pub routes: Vec<RawRoute>,
    /// `[geo]`: MMDB files and the hosting-ASN list.
    pub geo: Option<RawGeo>,
    /// `[fingerprint]`: device cookie and browser beacon.
    pub fingerprint: Option<RawFingerprint>,
    /// `[lists]`: block and allow list files.
    pub lists: Option<RawLists>,
    /// `[limits]`: purchase-limit day boundary, velocity settings.
    pub limits: Option<RawLimits>,
    /// `[risk]`: model, thresholds, rules, decision log.
    pub risk: Option<RawRisk>,
    /// `[cache]`: the edge cache behind `static` routes.
    pub cache: Option<RawCache>,
    /// `[channels.NAME]`: payment channels.
    #[serde(default)]
    pub channels: BTreeMap<String, RawChannel>,
    /// `[callbacks]`: the callback spool and delivery.
    pub callbacks: Option<RawCallbacks>,
    /// `[reviews]`: the queue of orders held for review.
    pub reviews: Option<RawReviews>,
    /// `[state]`: where limits and lists live (in process, or Redis for a fleet).
    pub state: Option<RawState>,
}

/// `[state]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawState {
    pub backend: Option<String>,
    pub url: Option<String>,
    pub cluster: Option<Vec<String>>,
    pub key_prefix: Option<String>,
    pub timeout: Option<String>,
    pub on_error: Option<RawOnError>,
    pub breaker_failures: Option<i64>,
    pub breaker_backoff: Option<String>,
    pub list_poll: Option<String>,
}

/// `on_error = "local"` or `on_error = { rate = "allow", purchase = "deny" }`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawOnError {
    /// One policy for every guard kind.
    All(String),
    /// A policy per guard kind (absent kinds take the default).
    PerKind(RawOnErrorKinds),
}

/// The per-kind form of `on_error`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawOnErrorKinds {
    pub rate: Option<String>,
    pub purchase: Option<String>,
}

/// `[reviews]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawReviews {
    pub store: Option<String>,
    pub max_age: Option<String>,
    pub on_expiry: Option<String>,
}

/// `[channels.NAME]`: one payment channel.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawChannel {
    pub url: Option<String>,
    pub weight: Option<i64>,
    pub dialect: Option<String>,
    pub secret_env: Option<String>,
    pub callback_sources: Option<Vec<String>>,
    pub replay_window: Option<String>,
    pub max_age: Option<String>,
    pub connect_timeout: Option<String>,
    pub read_timeout: Option<String>,
    pub health_path: Option<String>,
    pub status_path: Option<String>,
    pub status_timeout: Option<String>,
}

/// `[callbacks]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawCallbacks {
    pub spool: Option<String>,
    pub deliver_path: Option<String>,
    pub deliver_timeout: Option<String>,
    pub retry_schedule: Option<Vec<String>>,
    pub jitter: Option<f64>,
    pub max_age: Option<String>,
    pub concurrency: Option<i64>,
    pub missing_after: Option<String>,
    pub retention: Option<String>,
    pub dedupe_retention: Option<String>,
    pub purge_interval: Option<String>,
}

/// `[upstreams.NAME.selection]`: channel scoring parameters.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawSelection {
    pub exploration: Option<f64>,
    pub window: Option<i64>,
    pub min_success_rate: Option<f64>,
    pub min_samples: Option<i64>,
    pub ewma_tau: Option<String>,
    pub eject_after: Option<i64>,
    pub eject_base: Option<String>,
    pub eject_max: Option<String>,
}

/// `[upstreams.NAME.failover]`: when a failed channel attempt is retried elsewhere.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawFailover {
    pub idempotency_header: Option<String>,
    pub deadline: Option<String>,
    pub safe_statuses: Option<Vec<i64>>,
}

/// `[risk]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawRisk {
    pub model: Option<String>,
    pub schema: Option<String>,
    pub onnxruntime: Option<String>,
    pub sessions: Option<i64>,
    pub review_at: Option<f64>,
    pub block_at: Option<f64>,
    pub shadow_model: Option<String>,
    pub disposable_domains: Option<String>,
    pub explain: Option<bool>,
    pub reasons_on_allow: Option<bool>,
    pub watch: Option<String>,
    pub decision_log: Option<RawDecisionLog>,
    pub rules: Option<RawRules>,
    pub policy: Option<RawPolicy>,
    pub currency: Option<RawCurrency>,
    pub signals: Option<RawSignals>,
    pub linkage: Option<RawLinkage>,
    pub expected_loss: Option<RawExpectedLoss>,
}

/// `[risk.expected_loss]`: a model review threshold that falls as the amount rises.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawExpectedLoss {
    pub review_usd: Option<f64>,
    pub min_score: Option<f64>,
    pub max_score: Option<f64>,
}

/// `[risk.policy]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawPolicy {
    pub cap_weak_blocks: Option<bool>,
    pub weak_features: Option<Vec<String>>,
    pub strong_rules: Option<Vec<String>>,
    pub sharing_features: Option<Vec<String>>,
    pub review_min_evidence: Option<i64>,
    pub review_weak_features: Option<Vec<String>>,
    pub review_min_drop: Option<f64>,
}

/// `[risk.currency]`: conversion rates to US dollars (operator-maintained).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawCurrency {
    /// ISO 4217 code → US dollars per major unit; merged over the default table.
    pub rates: Option<std::collections::BTreeMap<String, f64>>,
}

/// `[risk.decision_log]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawDecisionLog {
    pub path: Option<String>,
    pub max_bytes: Option<i64>,
    pub keep: Option<i64>,
    pub index_entries: Option<i64>,
}

/// `[risk.rules]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawRules {
    pub geo_block: Option<Vec<String>>,
    pub geo_review: Option<Vec<String>>,
    pub max_amount_minor: Option<i64>,
    pub max_quantity: Option<i64>,
    pub max_quantity_trusted: Option<i64>,
    pub max_quantity_action: Option<String>,
    pub max_quantity_block: Option<i64>,
    pub trusted_device_days: Option<i64>,
    pub hosting_asn: Option<String>,
    pub automation: Option<String>,
    pub disposable_email: Option<String>,
    pub max_users_per_device: Option<i64>,
    pub small_order_surge: Option<i64>,
    pub device_inconsistent: Option<String>,
    pub device_replayed: Option<String>,
    pub household_device_days: Option<i64>,
    pub household_max_users: Option<i64>,
    pub household_max_usd: Option<i64>,
}

/// `[risk.signals]`: account and fingerprint signals (`risk::signals`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawSignals {
    pub max_users_per_fingerprint: Option<i64>,
    pub fingerprint_min_networks: Option<i64>,
    pub tz_mismatch_min_usd: Option<f64>,
    pub cookieless_min_usd: Option<f64>,
    pub quick_checkout_secs: Option<i64>,
    pub quick_checkout_min_usd: Option<f64>,
    pub quick_checkout_max_secs: Option<i64>,
    pub new_device_for_user: Option<bool>,
    pub repeat_amount: Option<i64>,
    pub repeat_amount_min_usd: Option<f64>,
    pub established_days: Option<i64>,
    pub block_min_signals: Option<i64>,
    pub satellite_asns: Option<Vec<i64>>,
    pub gateway_asns: Option<Vec<i64>>,
    pub gateway_bulk: Option<bool>,
    pub beacon_via_client: Option<bool>,
}

/// `[risk.linkage]`: cross-account linkage signals (`risk::linkage`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawLinkage {
    pub max_users_per_mailbox: Option<i64>,
    pub household_users_per_mailbox: Option<i64>,
    pub cookieless_spread: Option<i64>,
    pub account_spread: Option<i64>,
    pub small_amount_spread: Option<i64>,
    pub small_amount_max_usd: Option<i64>,
    pub gift_max_orders: Option<i64>,
    pub gift_min_usd: Option<i64>,
    pub gift_device_minutes: Option<i64>,
    pub repeat_spend_min_usd: Option<i64>,
    pub repeat_spend_device_minutes: Option<i64>,
    pub spree_min_usd: Option<i64>,
    pub spree_max_quantity: Option<i64>,
    pub network_hop_min_usd: Option<i64>,
}

/// `[routes.order]`: the field map of an order route.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawOrder {
    pub format: Option<String>,
    pub amount: Option<String>,
    pub currency: Option<String>,
    pub quantity: Option<String>,
    pub product: Option<String>,
    pub user: Option<String>,
    pub email: Option<String>,
    pub payment_method: Option<String>,
    pub required: Option<Vec<String>>,
    pub default_currency: Option<String>,
    pub review: Option<String>,
    pub shadow: Option<bool>,
    pub channel_group: Option<String>,
    pub duplicate_fields: Option<String>,
}

/// `[geo]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawGeo {
    pub country_db: Option<String>,
    pub asn_db: Option<String>,
    pub hosting_asns: Option<String>,
    pub extra_hosting_asns: Option<Vec<i64>>,
}

/// `[fingerprint]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawFingerprint {
    pub cookie_name: Option<String>,
    pub cookie_lifetime: Option<String>,
    pub key_envs: Option<Vec<String>>,
    pub beacon_path: Option<String>,
    pub beacon_store_entries: Option<i64>,
    pub beacon_ttl: Option<String>,
}

/// `[lists]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawLists {
    pub block: Option<RawListFiles>,
    pub allow: Option<RawListFiles>,
}

/// `[lists.block]` / `[lists.allow]`: one file per kind.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawListFiles {
    pub ip: Option<String>,
    pub device: Option<String>,
    pub user: Option<String>,
    pub email: Option<String>,
    pub email_domain: Option<String>,
}

/// `[limits]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawLimits {
    pub day_utc_offset: Option<String>,
    pub small_amount_minor: Option<i64>,
    pub max_tracked_keys: Option<i64>,
}

/// `rate_limits = [{ scope = "ip+route", rate = 10, per = "1s", burst = 20 }]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawRateLimit {
    pub scope: Option<String>,
    pub rate: Option<i64>,
    pub per: Option<String>,
    pub burst: Option<i64>,
}

/// `purchase_limit = { scope = "user", max = 5, window = "day" }`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawPurchaseLimit {
    pub scope: Option<String>,
    pub max: Option<i64>,
    pub window: Option<String>,
    pub action: Option<String>,
    pub hard_max: Option<i64>,
}

/// `[server]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawServer {
    pub listen: Option<Vec<String>>,
    pub tls: Option<Vec<RawTls>>,
    pub h2c: Option<bool>,
    pub threads: Option<i64>,
    pub grace_period: Option<String>,
    pub trusted_proxies: Option<Vec<String>>,
    pub idle_timeout: Option<String>,
    pub header_timeout: Option<String>,
    pub body_read_timeout: Option<String>,
    pub body_timeout: Option<String>,
    pub max_connections: Option<i64>,
    pub max_connections_per_address: Option<i64>,
    pub max_header_bytes: Option<i64>,
    pub max_body_bytes: Option<i64>,
    pub keepalive_requests: Option<i64>,
    pub underscores_in_headers: Option<bool>,
}

/// `[[server.tls]]`: one TLS listener.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawTls {
    pub listen: Option<String>,
    pub cert: Option<String>,
    pub key: Option<String>,
    pub http2: Option<bool>,
}

/// `[admin]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawAdmin {
    pub listen: Option<String>,
    pub token_env: Option<String>,
    pub allow_non_loopback: Option<bool>,
}

/// `[log]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawLog {
    pub format: Option<String>,
    pub level: Option<String>,
    pub access_log: Option<bool>,
}

/// `[upstreams.NAME]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawUpstream {
    pub servers: Option<Vec<RawServerEntry>>,
    pub strategy: Option<String>,
    pub hash_key: Option<String>,
    pub connect_timeout: Option<String>,
    pub read_timeout: Option<String>,
    pub pool_idle_timeout: Option<String>,
    pub tls: Option<bool>,
    pub sni: Option<String>,
    pub retries: Option<i64>,
    pub health: Option<RawHealth>,
    pub channels: Option<Vec<String>>,
    pub selection: Option<RawSelection>,
    pub failover: Option<RawFailover>,
}

/// One entry of `servers`: either `"host:port"` or `{ addr = "host:port", weight = 2 }`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawServerEntry {
    Addr(String),
    Table(RawServerTable),
}

/// The table form of a server entry.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawServerTable {
    pub addr: Option<String>,
    pub weight: Option<i64>,
}

/// `[upstreams.NAME.health]`: active HTTP health check.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawHealth {
    pub path: Option<String>,
    pub host: Option<String>,
    pub interval: Option<String>,
    pub timeout: Option<String>,
    pub healthy_threshold: Option<i64>,
    pub unhealthy_threshold: Option<i64>,
    pub expect_status: Option<i64>,
}

/// `[[routes]]`: one route.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawRoute {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub upstream: Option<String>,
    pub host: Option<String>,
    pub methods: Option<Vec<String>>,
    pub prefix: Option<String>,
    pub glob: Option<String>,
    pub max_body_bytes: Option<i64>,
    pub body_timeout: Option<String>,
    pub idle_timeout: Option<String>,
    pub rate_limits: Option<Vec<RawRateLimit>>,
    pub purchase_limits: Option<Vec<RawPurchaseLimit>>,
    pub user_key: Option<String>,
    pub email_key: Option<String>,
    pub order: Option<RawOrder>,
    pub channel: Option<String>,
    pub failover_safe: Option<bool>,
    pub payment_ref: Option<String>,
    /// `[routes.cache]`: per-route cache settings (kind = "static" only).
    pub cache: Option<RawRouteCache>,
}

/// `[cache]`: the edge cache behind `static` routes.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawCache {
    pub max_bytes: Option<i64>,
    pub max_object_bytes: Option<i64>,
    pub x_cache: Option<bool>,
    pub lock_timeout: Option<String>,
    pub heuristic_percent: Option<i64>,
    pub heuristic_max: Option<String>,
    pub query: Option<String>,
    pub query_params: Option<Vec<String>>,
    pub session_cookies: Option<Vec<String>>,
    pub cdn_cache_control: Option<bool>,
    pub forward_cdn_cache_control: Option<bool>,
    pub targeted_field: Option<String>,
}

/// `[routes.cache]`: overrides of `[cache]` for one static route.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawRouteCache {
    pub max_object_bytes: Option<i64>,
    pub query: Option<String>,
    pub query_params: Option<Vec<String>>,
}
