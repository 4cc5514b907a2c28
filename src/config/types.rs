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

pub use super::money::*;

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
    /// Order scoring (`None` without `[risk]`; required by order routes).
    pub risk: Option<RiskSettings>,
    /// Payment channels by name.
    pub channels: BTreeMap<String, ChannelConfig>,
    /// Callback spool and delivery (`None`: no callback routes).
    pub callbacks: Option<CallbackSettings>,
    /// The edge cache behind `static` routes (defaults when `[cache]` is absent).
    pub cache: CacheSettings,
    /// The review queue (`None` unless `[reviews]` is present or a route holds orders).
    pub reviews: Option<ReviewSettings>,
    /// Where rate limits, purchase limits and lists live (`[state]`).
    pub state: StateSettings,
}

/// `[state]`: the shared-state backend of the guards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateSettings {
    /// In process (the default) or Redis.
    pub backend: StateBackendKind,
    /// Prefix of every Redis key, so several fleets can share one Redis.
    pub key_prefix: String,
    /// Longest time one order waits for Redis before `on_error` applies.
    pub timeout: std::time::Duration,
    /// What a rate limit does when Redis cannot answer in time.
    pub on_error_rate: OnStateError,
    /// What a purchase limit does when Redis cannot answer in time.
    pub on_error_purchase: OnStateError,
    /// Consecutive Redis failures that open the circuit breaker.
    pub breaker_failures: u32,
    /// How long an open breaker skips Redis before one probe is let through.
    pub breaker_backoff: std::time::Duration,
    /// How often each edge checks the shared lists' version (a change is seen within it).
    pub list_poll: std::time::Duration,
}

/// Which store backs the guards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StateBackendKind {
    /// In-process maps: nothing to run, each edge counts alone.
    Memory,
    /// One Redis server (`redis://HOST:PORT/DB`).
    Redis {
        /// The server URL.
        url: String,
    },
    /// A Redis Cluster, by its seed node URLs.
    Cluster {
        /// Seed nodes; the rest of the cluster is discovered.
        nodes: Vec<String>,
    },
}

/// What a guard does with an order when the shared state cannot answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnStateError {
    /// Count with this edge's own in-process store (limits become per edge).
    Local,
    /// Refuse the order with reason `state_unavailable`.
    Deny,
    /// Skip the limit for this order.
    Allow,
}

impl OnStateError {
    /// The config spelling (`local`, `deny`, `allow`), also the metrics label.
    pub fn as_str(self) -> &'static str {
        match self {
            OnStateError::Local => "local",
            OnStateError::Deny => "deny",
            OnStateError::Allow => "allow",
        }
    }
}

/// `[reviews]`: where held orders wait for a person, and what happens when nobody comes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewSettings {
    /// The queue's own redb file (not the callback spool: different lifetimes).
    pub store: PathBuf,
    /// A pending order older than this takes `on_expiry`.
    pub max_age: Duration,
    /// What an order that waited `max_age` becomes.
    pub on_expiry: ExpiryAction,
}

/// What a held order that nobody reviewed in time becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExpiryAction {
    /// Refused (the buyer sees `expired`; nothing reaches the shop).
    Deny,
    /// Forwarded to the shop as if approved (by `expiry`).
    Approve,
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
    /// Orders past `max` are held for review (`action = "review"`, order routes only)
    /// instead of refused.
    pub review: bool,
    /// With `review`: from this many orders in the window, refuse (the hard cap); `None`:
    /// every order past `max` is a review.
    pub hard_max: Option<NonZeroU32>,
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
    /// Longest time a request's headers may take to arrive (from accept, or the first byte).
    pub header_timeout: Duration,
    /// Maximum wait between two reads of a request body.
    pub body_read_timeout: Duration,
    /// Longest time a whole request body may take, counted from the request's arrival
    /// (routes may override). Bounds slow uploads that send a byte just often enough.
    pub body_timeout: Duration,
    /// Most client connections each listener holds open at once; the next is refused.
    pub max_connections: NonZeroU32,
    /// Most client connections one address (IPv4, or an IPv6 /64) holds open at once;
    /// trusted proxies are not counted. `None`: no per-address cap (configured as 0).
    pub max_connections_per_address: Option<NonZeroU32>,
    /// Maximum total size of the request line and headers, in bytes.
    pub max_header_bytes: usize,
    /// Default maximum request body size, in bytes (routes may override).
    pub max_body_bytes: u64,
    /// Requests served on one client connection before it is closed (None = unlimited).
    pub keepalive_requests: Option<NonZeroU32>,
    /// Forward request header names containing `_` (false: drop and count them).
    pub underscores_in_headers: bool,
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
    /// Channel names when this group is a payment-channel group (servers then mirror the
    /// channels' addresses, in the same order); empty for a plain group.
    pub channels: Vec<String>,
    /// How a channel group scores its channels.
    pub selection: SelectionSettings,
    /// When a channel group retries a failed attempt on another channel.
    pub failover: FailoverSettings,
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
    /// Order submission: the body is parsed, scored and decided before forwarding.
    Order,
    /// Payment-provider notifications: verified, spooled, acknowledged, delivered.
    Callback,
    /// Static assets served from the edge cache (RFC 9111), filled from the upstream.
    Static,
}

impl RouteKind {
    /// The label used in metrics and logs.
    pub fn as_str(self) -> &'static str {
        match self {
            RouteKind::Pass => "pass",
            RouteKind::Stream => "stream",
            RouteKind::Order => "order",
            RouteKind::Callback => "callback",
            RouteKind::Static => "static",
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
    /// Longest time the whole request body may take (default `server.body_timeout`).
    pub body_timeout: Duration,
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
    /// Order handling (kind = "order" only).
    pub order: Option<OrderRouteSettings>,
    /// The channel whose notifications a callback route receives (kind = "callback").
    pub channel: Option<String>,
    /// A channel-group route whose requests may always be retried on another channel.
    pub failover_safe: bool,
    /// Where a channel-group route finds the shop's order id (for missing callbacks).
    pub payment_ref: Option<ValueSource>,
    /// Cache overrides (kind = "static" only).
    pub cache: Option<RouteCacheSettings>,
}

/// Where the body is and how to read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderFormat {
    /// `application/json`: fields are JSON pointers such as `/order/amount`.
    Json,
    /// `application/x-www-form-urlencoded`: fields are form keys.
    Form,
}

/// The order fields riskgate understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderField {
    /// Amount, a decimal string or number in major units (`"49.99"`, `49.99`).
    Amount,
    /// ISO 4217 code (`USD`); decides the minor-unit exponent.
    Currency,
    /// Item count (integer ≥ 1).
    Quantity,
    /// Product id or SKU.
    Product,
    /// The shop's user key.
    User,
    /// The buyer's email.
    Email,
    /// Payment method (`card`, `alipay`, …).
    PaymentMethod,
}

impl OrderField {
    /// Every field, in config order.
    pub const ALL: [OrderField; 7] = [
        OrderField::Amount,
        OrderField::Currency,
        OrderField::Quantity,
        OrderField::Product,
        OrderField::User,
        OrderField::Email,
        OrderField::PaymentMethod,
    ];

    /// The config key and the name used in error messages.
    pub fn as_str(self) -> &'static str {
        match self {
            OrderField::Amount => "amount",
            OrderField::Currency => "currency",
            OrderField::Quantity => "quantity",
            OrderField::Product => "product",
            OrderField::User => "user",
            OrderField::Email => "email",
            OrderField::PaymentMethod => "payment_method",
        }
    }
}

/// A route's field map: where each field is, and which are required.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldMap {
    /// JSON or form.
    pub format: OrderFormat,
    /// Location per field (`None`: the shop does not send it), indexed like `OrderField::ALL`.
    pub locations: [Option<String>; 7],
    /// Fields whose absence is a 400.
    pub required: Vec<OrderField>,
    /// Currency assumed when the body has none.
    pub default_currency: String,
    /// What a mapped field that appears more than once means.
    pub duplicates: DuplicateFields,
}

/// What an order route does when a mapped field appears more than once in the body.
///
/// Shops differ in which copy they read (PHP and Rails the last, some the first), so
/// scoring one copy while the shop reads another lets a buyer pass limits: by default the
/// order is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DuplicateFields {
    /// 400 `ambiguous_field` naming the field.
    #[default]
    Reject,
    /// Score the last copy (for shops known to read the last one, as PHP and Rails do).
    Last,
}

impl FieldMap {
    /// Where field `f` is, if the shop sends it.
    pub fn location(&self, f: OrderField) -> Option<&str> {
        self.locations[f as usize].as_deref()
    }
}

/// What an order route does with a `review` decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewAction {
    /// Forward with `X-Risk-Decision: review`; the shop holds the order.
    Forward,
    /// Answer 202 with a JSON body; the order does not reach the shop.
    Hold,
}

/// `[routes.order]`: how an order route reads and treats orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRouteSettings {
    /// Where the order fields are.
    pub fields: FieldMap,
    /// What `review` does.
    pub review: ReviewAction,
    /// Score and log, but always forward (for trying a model on live traffic).
    pub shadow: bool,
    /// The channel group whose best channel an allowed order is told (`X-Payment-Channel`).
    pub channel_group: Option<String>,
}

/// What a rule does when it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleAction {
    /// Nothing (the feature still feeds the model).
    Ignore,
    /// Force at least `review`.
    Review,
    /// Force `block`.
    Block,
}

/// `[risk.rules]`: rules that decide regardless of the score.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RuleSettings {
    /// Countries whose orders are blocked (`geo_blocked`).
    pub geo_block: Vec<String>,
    /// Countries whose orders go to review (`geo_review`).
    pub geo_review: Vec<String>,
    /// Orders above this amount (minor units) are blocked (`max_amount`).
    pub max_amount_minor: Option<i64>,
    /// Orders above this quantity (or `max_quantity_trusted`) hit `max_quantity` with
    /// `max_quantity_action`.
    pub max_quantity: Option<u32>,
    /// What exceeding the quantity cap does: `Review` holds the order for a person (a
    /// business buying 40 cards), `Block` refuses it. `None` means block (the default).
    pub max_quantity_action: Option<RuleAction>,
    /// Hard cap: orders above this quantity are blocked on any device, whatever
    /// `max_quantity_action` says.
    pub max_quantity_block: Option<u32>,
    /// The quantity cap for a device whose cookie is at least `trusted_device_secs` old
    /// (`max_quantity` is reported when it is exceeded).
    pub max_quantity_trusted: Option<u32>,
    /// Age (seconds) from which a device gets `max_quantity_trusted`.
    pub trusted_device_secs: Option<u64>,
    /// Action for a disposable-mail address (`disposable_email`).
    pub disposable_email: Option<RuleAction>,
    /// More distinct user keys than this on one device in 24 hours → review
    /// (`shared_device`).
    pub max_users_per_device: Option<u32>,
    /// From this many small orders from devices without history on a route in 10
    /// minutes, such orders go to review (`small_order_surge`).
    pub small_order_surge: Option<u32>,
    /// Action for datacenter ASNs (`hosting_asn`).
    pub hosting_asn: Option<RuleAction>,
    /// Action for automation signals (`automation`).
    pub automation: Option<RuleAction>,
    /// Action when the device's beacon contradicts the device its `User-Agent` claims
    /// (`device_inconsistent`: an emulator, a server under a desktop UA, …).
    pub device_inconsistent: Option<RuleAction>,
    /// Action when a valid device cookie comes from another browser than the one it was
    /// first seen with (`device_replayed`: a stolen cookie replayed).
    pub device_replayed: Option<RuleAction>,
    /// When a `shared_device` review is a household's, allowed (`risk::household`).
    pub household: Option<HouseholdSettings>,
}

/// `[risk.rules] household_*`: a device the shop has known for a while, used by a few
/// accounts for small orders with no other evidence, is a family's, not a cash-out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HouseholdSettings {
    /// The device cookie is at least this old (seconds).
    pub min_device_secs: u64,
    /// At most this many distinct accounts ordered from the device in 24 hours.
    pub max_users: u32,
    /// The order is at most this many US dollars.
    pub max_usd: u32,
}

/// `[risk.decision_log]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionLogSettings {
    /// The current log file; rotated files get `.1`, `.2`, … appended.
    pub path: Option<PathBuf>,
    /// Size at which the file is rotated.
    pub max_bytes: u64,
    /// Rotated files kept.
    pub keep: u32,
    /// Recent decisions kept in memory for `GET /decisions/{id}`.
    pub index_entries: u64,
}

/// `[risk]`.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskSettings {
    /// The ONNX model.
    pub model: PathBuf,
    /// The feature schema (`models/schema.json`).
    pub schema: PathBuf,
    /// `libonnxruntime.so*`; `None`: `ORT_DYLIB_PATH`, then `.venv`.
    pub onnxruntime: Option<PathBuf>,
    /// Inference sessions (one per worker thread is plenty).
    pub sessions: NonZeroUsize,
    /// Scores at or above go to review.
    pub review_at: f32,
    /// Scores at or above are blocked.
    pub block_at: f32,
    /// A candidate model scored on the same vector, logged, never acted on.
    pub shadow_model: Option<PathBuf>,
    /// Disposable-mail domains list.
    pub disposable_domains: Option<PathBuf>,
    /// Name the top features behind non-allow model decisions.
    pub explain: bool,
    /// Also explain allowed orders and forward their top features in `X-Risk-Reasons`.
    pub reasons_on_allow: bool,
    /// Poll the model, shadow model and schema files this often and reload when one
    /// changes; `None`: only `POST /reload` and SIGHUP reload them.
    pub watch: Option<std::time::Duration>,
    /// Decision log settings.
    pub decision_log: DecisionLogSettings,
    /// Rules.
    pub rules: RuleSettings,
    /// What evidence a block needs (`[risk.policy]`).
    pub policy: PolicySettings,
    /// What evidence a model review needs (`[risk.policy] review_*`).
    pub review_evidence: EvidenceSettings,
    /// Account and fingerprint signals (`[risk.signals]`).
    pub signals: SignalSettings,
    /// Conversion rates to US dollars (`[risk.currency]`), for the `amount_usd` feature.
    pub currency: crate::config::currency::CurrencyRates,
    /// A review threshold per order from its amount (`[risk.expected_loss]`); `None`:
    /// `review_at` for every order.
    pub expected_loss: Option<ExpectedLoss>,
}

/// `[risk.expected_loss]`: the model reviews an order when the fraud loss it expects from
/// it, score × `amount_usd`, reaches what a review costs (`review_usd`), within
/// `[min_score, max_score]`: below `min_score` the amount never makes a review, at or
/// above `max_score` the order is reviewed whatever its amount. An order whose amount is
/// unknown (no amount, or no rate for its currency) keeps `review_at`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExpectedLoss {
    /// What a manual review costs, in US dollars (analyst time and the buyer's wait).
    pub review_usd: f32,
    /// The lowest review threshold, however large the amount.
    pub min_score: f32,
    /// The highest review threshold, however small the amount.
    pub max_score: f32,
}

impl ExpectedLoss {
    /// The review threshold for an order of `amount_usd` (`None`: unknown → `flat`).
    pub fn review_at(&self, amount_usd: Option<f32>, flat: f32) -> f32 {
        match amount_usd {
            None => flat,
            Some(a) if a > 0.0 => (self.review_usd / a).clamp(self.min_score, self.max_score),
            Some(_) => self.max_score,
        }
    }
}

/// Every reason code a `[risk.rules]` rule can report (`risk::rules::apply`).
pub const RULE_REASONS: [&str; 10] = [
    "currency_unknown",
    "geo_blocked",
    "geo_review",
    "max_amount",
    "max_quantity",
    "hosting_asn",
    "automation_ua",
    "disposable_email",
    "shared_device",
    "small_order_surge",
];

/// `[risk.policy]` review settings (runtime form; applied by `risk::evidence`).
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceSettings {
    /// Pieces of evidence a model review needs; 1 turns the check off.
    pub min_evidence: u32,
    /// Weak pieces (`a+b` joins features into one piece); `None`: the built-in list.
    pub weak_pieces: Option<Vec<String>>,
    /// Score drop from neutralising a piece that makes it count.
    pub min_drop: f32,
}

impl Default for EvidenceSettings {
    fn default() -> Self {
        EvidenceSettings {
            min_evidence: 1,
            weak_pieces: None,
            min_drop: 0.01,
        }
    }
}

/// The signal reasons (`risk::signals`) `[risk.policy] strong_rules` may name besides the
/// rules; `risk::reason`'s tests keep it equal to the reasons of kind `Signal`.
pub const SIGNAL_REASON_NAMES: [&str; 16] = [
    "shared_fingerprint",
    "tz_mismatch",
    "new_device_for_user",
    "repeat_amount",
    "signals_combined",
    "device_inconsistent",
    "device_replayed",
    "shared_mailbox",
    "cookieless_spread",
    "account_spread",
    "small_amount_spread",
    "repeat_spend",
    "network_hop",
    "cookieless_order",
    "spending_spree",
    "quick_checkout",
];

/// Rule hits that corroborate a model block by default: signals a legitimate buyer rarely
/// shows (a datacenter address, an automation client, a country the shop reviews).
pub const DEFAULT_STRONG_RULES: [&str; 3] = ["hosting_asn", "automation_ua", "geo_review"];

/// `[risk.policy]`: a model block that rests only on weak signals becomes a review.
///
/// Feature names are checked against the running schema when the engine loads (the
/// config does not know the schema), see `risk::policy`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicySettings {
    /// Cap weak-evidence model blocks to review; `false` acts on the score alone.
    pub cap_weak_blocks: bool,
    /// Features that alone never justify a block; `None`: the built-in list
    /// (`risk::policy::DEFAULT_WEAK_FEATURES`, those of it the schema has).
    pub weak_features: Option<Vec<String>>,
    /// Rule reason codes whose hit corroborates a model block (it then stands). A sharing
    /// reason (`shared_device`, `shared_fingerprint`) listed here is never enough alone.
    pub strong_rules: Vec<String>,
    /// Device- and network-sharing features, counted together as one piece of evidence; `None`: the
    /// built-in list (`risk::policy::DEFAULT_SHARING_FEATURES`, those the schema has).
    pub sharing_features: Option<Vec<String>>,
}

/// Which query parameters are part of a cache key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryKey {
    /// Every parameter, sorted by name (so `?b=1&a=2` and `?a=2&b=1` share an entry).
    All,
    /// None: the query string is ignored.
    Ignore,
    /// Only these parameters (sorted); the rest are ignored.
    Only(Vec<String>),
    /// Every parameter except these (e.g. tracking parameters such as `utm_source`).
    Except(Vec<String>),
}

/// `[cache]`: the edge cache behind `static` routes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CacheSettings {
    /// Upper bound of stored bytes (bodies, headers and keys). (restart)
    pub max_bytes: u64,
    /// Largest body stored; larger responses are streamed through uncached.
    pub max_object_bytes: u64,
    /// Whether responses of static routes carry `X-Cache`.
    pub x_cache: bool,
    /// How long concurrent misses wait for the one request fetching the object. (restart)
    pub lock_timeout: Duration,
    /// Heuristic freshness as a percentage of the time since `Last-Modified` (0 = off).
    pub heuristic_percent: u8,
    /// Cap on heuristic freshness.
    pub heuristic_max: Duration,
    /// Query parameters in the key.
    pub query: QueryKey,
    /// Cookies that mark a signed-in shop session: such requests bypass the cache unless
    /// the response says `public`.
    pub session_cookies: Vec<String>,
    /// Whether `CDN-Cache-Control` (RFC 9213) governs the cache ahead of `Cache-Control`.
    pub cdn_cache_control: bool,
    /// Whether `CDN-Cache-Control` is passed on to clients (off: only riskgate reads it).
    pub forward_cdn_cache_control: bool,
    /// A riskgate-only targeted field (RFC 9213 §2), lower-cased, e.g.
    /// `riskgate-cache-control`: it takes precedence over `CDN-Cache-Control` and is never
    /// forwarded to clients.
    pub targeted_field: Option<String>,
}

/// `[routes.cache]`: per-route overrides of `[cache]`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RouteCacheSettings {
    /// Overrides `cache.max_object_bytes`.
    pub max_object_bytes: Option<u64>,
    /// Overrides `cache.query`.
    pub query: Option<QueryKey>,
}

/// `[risk.signals]`. Every signal is off unless configured.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SignalSettings {
    /// More distinct users than this on one beacon fingerprint in 24 hours, from at
    /// least `fingerprint_min_networks` networks → review (`shared_fingerprint`).
    pub max_users_per_fingerprint: Option<u32>,
    /// Distinct /24 (IPv6: /48) networks a shared fingerprint must come from (≥ 1).
    pub fingerprint_min_networks: u32,
    /// Amount (USD) from which a time-zone/country mismatch on a device younger than
    /// `established_days` → review (`tz_mismatch`); `None`: off.
    pub tz_mismatch_min_usd: Option<f64>,
    /// Amount (USD) from which an order whose client presented no device cookie (one is
    /// issued on the order) → review (`cookieless_order`; weak: never counts towards
    /// `block_min_signals`); `None`: off.
    pub cookieless_min_usd: Option<f64>,
    /// An order of at least `min_usd` placed less than `secs` after its device cookie was
    /// issued (the browser's first page) → review (`quick_checkout`; weak: never counts
    /// towards `block_min_signals`); `None`: off.
    pub quick_checkout: Option<QuickCheckout>,
    /// Review a brand-new device without a beacon on an established account
    /// (`new_device_for_user`).
    pub new_device_for_user: bool,
    /// From this many orders of the same amount by a user without an established device
    /// in 24 hours → review (`repeat_amount`); `None`: off.
    pub repeat_amount: Option<u32>,
    /// Smallest amount (USD) `repeat_amount` looks at.
    pub repeat_amount_min_usd: f64,
    /// Age (days) from which a device is established (it makes its users established).
    pub established_days: u32,
    /// From this many distinct signal and review-rule reasons on one order → block
    /// (`signals_combined`); `None`: signals never block.
    pub block_min_signals: Option<u32>,
    /// Satellite, in-flight and maritime networks: their address's country is the
    /// operator's gateway, not where the buyer is, so an order from one has no
    /// country/language or time-zone mismatch (`SignalFacts::satellite`).
    pub satellite_asns: Vec<u32>,
    /// Enterprise secure web gateways and SASE networks (Zscaler, Netskope, Umbrella,
    /// ...): like a satellite network, their address's country is the vendor's point of
    /// presence, and a company's tenant gets `[risk.rules] max_quantity_trusted`
    /// (`SignalFacts::gateway`).
    pub gateway_asns: Vec<u32>,
    /// A model review of a basket through one of `gateway_asns`, with no rule or signal
    /// hit, that one card of the basket would not get, is allowed as `gateway_bulk`
    /// (`risk::gateway`).
    pub gateway_bulk: bool,
    /// A cookie-less order without a beacon of its own inherits the consistency verdict
    /// of the one beacon its client (address and `User-Agent`) posted without a cookie in
    /// the last 30 minutes (`risk::client_beacon`; `device_inconsistent`).
    pub beacon_via_client: bool,
    /// Cross-account linkage (`[risk.linkage]`, `risk::linkage`): counted by the signal
    /// tracker on the same store, so it lives with the signal settings.
    pub linkage: LinkageSettings,
}

/// `[risk.linkage]`: cross-account linkage signals (`risk::linkage`), weak evidence
/// (review only). Every signal is off unless configured.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LinkageSettings {
    /// More distinct accounts than this on one canonical delivery mailbox in 24 hours →
    /// review (`shared_mailbox`).
    pub max_users_per_mailbox: Option<u32>,
    /// Up to this many accounts on one mailbox, all of whose orders came from one network
    /// in 24 hours, are a household (relatives' codes to one parent's mailbox from the
    /// home line), not `shared_mailbox`. `None`: no such exemption.
    pub household_users_per_mailbox: Option<u32>,
    /// From this many distinct accounts ordering one amount and currency from clients
    /// with no device history and no beacon within an hour → review
    /// (`cookieless_spread`).
    pub cookieless_spread: Option<u32>,
    /// From this many distinct devices (cookie-independent: beacon hash, else HTTP
    /// fingerprint) *and* as many distinct networks on one account within an hour →
    /// review (`account_spread`).
    pub account_spread: Option<u32>,
    /// Accounts ordering one small amount from clients with no device history within 20
    /// minutes → review (`small_amount_spread`).
    pub small_amount_spread: Option<SmallAmountSpread>,
    /// The gift-sender waiver (`risk::gift`): a model review of one account sending
    /// cards to several recipients' mailboxes is allowed as `gift_recipients` when the
    /// repetition is all that carries it. `None`: off, and nothing is counted for it.
    pub gift: Option<GiftSettings>,
    /// A young account's repeated spending (`repeat_spend`, `risk::signals`): its second
    /// or later order in an hour of at least this many US dollars, from a device first
    /// seen minutes ago, to the one mailbox, at another amount → review. `None`: off.
    pub repeat_spend: Option<RepeatSpend>,
    /// An established device's spending spree (`spending_spree`, `risk::signals`): the
    /// account's second or later order in an hour of at least `repeat_spend`'s amount,
    /// this one of at least `min_usd`, a basket of at most `max_quantity`, to the one
    /// mailbox, at another amount → review. Needs `repeat_spend` (it reads its count).
    /// `None`: off.
    pub spree: Option<Spree>,
    /// A young account hopping networks (`network_hop`, `risk::signals`): its second or
    /// later order in an hour, of at least this many US dollars, from a second network,
    /// by one device or to one mailbox → review. `None`: off.
    pub network_hop_min_usd: Option<u32>,
}

/// `[risk.linkage] repeat_spend_*` (`risk::signals`): what a cash-out of a fresh or taken
/// over account looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RepeatSpend {
    /// The order is at least this many US dollars.
    pub min_usd: u32,
    /// The device was first seen at most this long ago (seconds), or on this order.
    pub device_secs: u64,
}

/// `[risk.linkage] spree_*` (`risk::signals`): what a spree on a device the shop has known
/// for a while looks like (a scam victim buying cards for the caller, a cardholder's
/// sitting before a chargeback, a replayed session).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spree {
    /// The order is at least this many US dollars.
    pub min_usd: u32,
    /// The order's quantity is at most this (a company's basket of many cards is not a
    /// spree).
    pub max_quantity: u32,
}

/// `[risk.linkage] small_amount_spread` with its amount cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SmallAmountSpread {
    /// From this many distinct accounts at one amount and currency → review.
    pub accounts: u32,
    /// Only orders of at most this many US dollars count (`small_amount_max_usd`,
    /// default 15: the lowest card of the common brands is 5-10 USD, EUR or GBP).
    pub max_usd: u32,
}

/// `[risk.linkage] gift_*` (`risk::gift`): what a gift sender's order looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GiftSettings {
    /// At most this many orders of the account in an hour, this one included, each to a
    /// mailbox the account had not sent to in that hour.
    pub max_orders: u32,
    /// The order is at least this many US dollars (card testers repeat the smallest).
    pub min_usd: u32,
    /// The device cookie is at least this old (seconds) and the device posted a beacon.
    pub min_device_secs: u64,
}

/// `[risk.signals] quick_checkout_secs` and `quick_checkout_min_usd` (`risk::signals`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct QuickCheckout {
    /// The device cookie is younger than this (seconds) when an order of `min_usd`
    /// arrives.
    pub secs: u64,
    /// The order is at least this many US dollars.
    pub min_usd: f64,
    /// The window grows with the amount, `secs` per `min_usd`, up to this many seconds
    /// (`quick_checkout_max_secs`; equal to `secs` when unset: a flat window).
    pub max_secs: u64,
}

impl QuickCheckout {
    /// The window (seconds) for an order of `amount_usd`: `secs × amount / min_usd`
    /// within `[secs, max_secs]`.
    pub fn window_secs(&self, amount_usd: f64) -> u64 {
        if self.max_secs <= self.secs || self.min_usd <= 0.0 {
            return self.secs;
        }
        let scaled = self.secs as f64 * amount_usd / self.min_usd;
        (scaled.min(self.max_secs as f64) as u64).max(self.secs)
    }
}

impl SignalSettings {
    /// The defaults of the fields that have one (every signal stays off).
    pub fn off() -> Self {
        SignalSettings {
            fingerprint_min_networks: 2,
            repeat_amount_min_usd: 20.0,
            established_days: 7,
            ..SignalSettings::default()
        }
    }
}
