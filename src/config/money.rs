//! Validated settings of the money path: payment channels, channel groups (selection and
//! failover), and the callback spool and delivery.
//!
//! Like `types`, these are built only by `validate`. Secrets are never stored here: only
//! the names of the environment variables that hold them, read when a generation is built.

use http::HeaderName;
use ipnet::IpNet;
use std::net::SocketAddr;
use std::num::{NonZeroU32, NonZeroUsize};
use std::path::PathBuf;
use std::time::Duration;

/// How a channel signs its payment notifications.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelDialect {
    /// Standard Webhooks: HMAC-SHA256 over `id.timestamp.body`.
    HmacSha256,
    /// 易支付 (epay): MD5 over sorted form parameters plus the merchant key.
    Epay,
    /// Alipay: RSA2 (SHA256withRSA) over sorted form parameters.
    AlipayRsa2,
}

impl ChannelDialect {
    /// The config spelling, also used as a metric label.
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelDialect::HmacSha256 => "hmac-sha256",
            ChannelDialect::Epay => "epay",
            ChannelDialect::AlipayRsa2 => "alipay-rsa2",
        }
    }
}

/// `[channels.NAME]`.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelConfig {
    /// The channel's server (resolved once at load).
    pub addr: SocketAddr,
    /// Connect with TLS (`https://` URL).
    pub tls: bool,
    /// Host name for SNI and the `Host` of health checks.
    pub host: String,
    /// Relative share before scoring takes over.
    pub weight: NonZeroU32,
    /// How its callbacks are verified and acknowledged.
    pub dialect: ChannelDialect,
    /// Env var holding the callback secret (webhook secret, merchant key or public key).
    pub secret_env: String,
    /// Callback source allowlist; empty: any source (the signature is still required).
    pub callback_sources: Vec<IpNet>,
    /// Accepted clock skew of signed timestamps (webhook dialect).
    pub replay_window: Duration,
    /// Oldest signed notification time accepted (dialects that carry one, e.g. Alipay's
    /// `notify_time`); an older one is refused as a replay.
    pub max_age: Duration,
    /// Connect timeout for this channel (`None`: the channel group's).
    pub connect_timeout: Option<Duration>,
    /// How long this channel may stay silent (`None`: the route's idle timeout, which
    /// defaults to the group's `read_timeout`).
    pub read_timeout: Option<Duration>,
    /// Path (and query) of this channel's health check (`None`: the group's
    /// `health.path`). The check always uses the channel's own scheme and host.
    pub health_path: Option<String>,
    /// Path and query template of this channel's payment-status endpoint, with
    /// `{order_id}` and/or `{idempotency_key}` (`None`: the channel has none, so an attempt
    /// with an unknown outcome is never sent elsewhere).
    pub status_path: Option<String>,
    /// Bound on one status query (connect, request and answer).
    pub status_timeout: Duration,
}

/// `[upstreams.NAME.selection]`: how a channel group scores its channels.
#[derive(Debug, Clone, PartialEq)]
pub struct SelectionSettings {
    /// Share of requests sent to a channel other than the best, to keep measuring it.
    pub exploration: f64,
    /// Outcomes remembered per channel for the success rate.
    pub window: NonZeroUsize,
    /// Channels below this success rate are eliminated (exploration only).
    pub min_success_rate: f64,
    /// Outcomes needed before a channel can be eliminated.
    pub min_samples: u32,
    /// Decay time constant of the latency EWMA.
    pub ewma_tau: Duration,
    /// Consecutive failures or timeouts that eject a channel.
    pub eject_after: NonZeroU32,
    /// First ejection time; doubles per repeated ejection.
    pub eject_base: Duration,
    /// Longest ejection time.
    pub eject_max: Duration,
}

impl Default for SelectionSettings {
    fn default() -> Self {
        SelectionSettings {
            exploration: 0.05,
            window: NonZeroUsize::new(200).unwrap_or(NonZeroUsize::MIN),
            min_success_rate: 0.35,
            min_samples: 20,
            ewma_tau: Duration::from_secs(10),
            eject_after: NonZeroU32::new(5).unwrap_or(NonZeroU32::MIN),
            eject_base: Duration::from_secs(1),
            eject_max: Duration::from_secs(30),
        }
    }
}

/// The default `safe_statuses`: 503 is what a channel or its load balancer answers when
/// it refuses work (overload, maintenance, no backend) before processing it. 502 is not
/// in it: a load balancer also answers 502 when its backend dropped the connection after
/// receiving the request, which is exactly the unknown case.
pub const SAFE_STATUSES: [u16; 1] = [503];

/// Default bound on one status query.
pub const STATUS_TIMEOUT: Duration = Duration::from_secs(2);

/// `[upstreams.NAME.failover]`: when a failed attempt moves to the next channel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailoverSettings {
    /// A request carrying this header may be retried on another channel.
    pub idempotency_header: HeaderName,
    /// No new attempt starts after this long since the request arrived.
    pub deadline: Duration,
    /// Statuses meaning "the channel did not process this request" (429 or 5xx): only
    /// these move a sent payment to another channel; other 5xx are an unknown outcome.
    pub safe_statuses: Vec<u16>,
}

impl Default for FailoverSettings {
    fn default() -> Self {
        FailoverSettings {
            idempotency_header: HeaderName::from_static("idempotency-key"),
            deadline: Duration::from_secs(10),
            safe_statuses: SAFE_STATUSES.to_vec(),
        }
    }
}

/// `[callbacks]`: spool, delivery and the missing-callback report.
#[derive(Debug, Clone, PartialEq)]
pub struct CallbackSettings {
    /// The spool database file.
    pub spool: PathBuf,
    /// Path the fulfillment service receives callbacks on.
    pub deliver_path: String,
    /// Timeout of one delivery attempt.
    pub deliver_timeout: Duration,
    /// Waits between delivery attempts; the last repeats until `max_age`.
    pub retry_schedule: Vec<Duration>,
    /// Random spread of each wait, as a fraction (0.2 = ±20%).
    pub jitter: f64,
    /// Undelivered callbacks older than this become dead letters.
    pub max_age: Duration,
    /// Deliveries in flight at once.
    pub concurrency: NonZeroUsize,
    /// A paid-for order with no callback after this long is reported missing.
    pub missing_after: Duration,
    /// Delivered callbacks are kept this long (whole records).
    pub retention: Duration,
    /// Dedupe fingerprints (channel, txn id, status) are kept this long after first seen.
    pub dedupe_retention: Duration,
    /// How often old delivered records and fingerprints are purged.
    pub purge_interval: Duration,
}

/// The defaults of `[callbacks]`, in the spirit of Alipay's and WeChat Pay's schedules but
/// starting faster, since the fulfillment service is ours and usually back within seconds.
pub mod defaults {
    use std::time::Duration;
    /// Spool file when `[callbacks]` has none.
    pub const SPOOL: &str = "riskgate-spool.redb";
    /// Delivery path on the fulfillment service.
    pub const DELIVER_PATH: &str = "/fulfill";
    /// One delivery attempt.
    pub const DELIVER_TIMEOUT: Duration = Duration::from_secs(5);
    /// Retry waits, seconds.
    pub const RETRY_SCHEDULE: [u64; 14] = [
        1, 2, 5, 15, 30, 60, 120, 240, 600, 600, 3600, 7200, 21_600, 54_000,
    ];
    /// ±20 %.
    pub const JITTER: f64 = 0.2;
    /// A day: then a human looks at the dead letter.
    pub const MAX_AGE: Duration = Duration::from_secs(86_400);
    /// Parallel deliveries.
    pub const CONCURRENCY: usize = 8;
    /// Missing-callback report threshold.
    pub const MISSING_AFTER: Duration = Duration::from_secs(600);
    /// Whole delivered records.
    pub const RETENTION: Duration = Duration::from_secs(7 * 86_400);
    /// Dedupe fingerprints: long after records, so a captured body replayed months later is
    /// still a duplicate.
    pub const DEDUPE_RETENTION: Duration = Duration::from_secs(90 * 86_400);
    /// Purge period.
    pub const PURGE_INTERVAL: Duration = Duration::from_secs(600);
    /// Oldest signed notification time accepted (Alipay `notify_time`).
    pub const CHANNEL_MAX_AGE: Duration = Duration::from_secs(86_400);
}
