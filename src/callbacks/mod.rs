//! Payment callbacks (异步回调 → 自动发货): verify a provider's notification, spool it
//! durably, acknowledge it in the provider's dialect, deliver it to the fulfillment service.
//!
//! - [`dialect`]: per-provider verification, field extraction and acknowledgement.
//! - [`spool`]: the durable redb spool (group commit), dedupe, retry policy and the worker.
//! - [`missing`]: payments with no callback yet (补单 report).
//! - [`deliver`]: the HTTP deliverer the worker calls, and the trait it finds targets by.
//! - [`fleet`]: callback dedupe across edges on Redis (fleet mode).
//! - [`service`]: starting the delivery worker and publishing spool metrics.
//!
//! This file owns the glue the proxy and the server share: the per-channel verifiers of a
//! config generation ([`ChannelVerifier`]), the process-wide [`CallbackHub`] (spool +
//! missing tracker, opened once at start), and the normalised JSON delivered downstream.
//! It does not touch pingora sessions (that is `proxy::callback`).

pub mod deliver;
pub mod dialect;
pub mod fleet;
pub mod missing;
pub mod service;
pub mod spool;

use crate::config::{CallbackSettings, ChannelDialect, Config};
use bytes::Bytes;
use dialect::{Dialect, Notification, Verifier, VerifyOptions};
use ipnet::IpNet;
use missing::MissingTracker;
use spool::{Spool, SpoolOptions};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Arc;

/// Why callbacks could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum CallbackError {
    /// A channel's secret env var is unset or empty.
    #[error(
        "channels.{channel}.secret_env: environment variable {var} is not set (it must hold \
         the channel's callback secret)"
    )]
    MissingSecret {
        /// Channel name.
        channel: String,
        /// The env var.
        var: String,
    },
    /// A channel's secret was refused by its dialect (bad key format).
    #[error("channels.{channel}.secret_env: {source}")]
    BadSecret {
        /// Channel name.
        channel: String,
        /// The dialect's explanation.
        #[source]
        source: dialect::DialectError,
    },
    /// The spool could not be opened.
    #[error("callbacks.spool: {0}")]
    Spool(#[from] spool::SpoolError),
}

/// One channel's callback checks, built per config generation.
pub struct ChannelVerifier {
    /// Channel name.
    pub name: String,
    /// Signature verification and field extraction.
    pub verifier: Verifier,
    /// Source allowlist; empty allows any source.
    pub sources: Vec<IpNet>,
}

impl ChannelVerifier {
    /// Whether a callback from `ip` may be considered at all.
    pub fn source_allowed(&self, ip: Option<IpAddr>) -> bool {
        self.sources.is_empty() || ip.is_some_and(|ip| self.sources.iter().any(|n| n.contains(&ip)))
    }

    /// The dialect (for metric labels and acknowledgements).
    pub fn dialect(&self) -> Dialect {
        self.verifier.dialect()
    }
}

fn dialect_of(d: ChannelDialect) -> Dialect {
    match d {
        ChannelDialect::HmacSha256 => Dialect::HmacSha256,
        ChannelDialect::Epay => Dialect::Epay,
        ChannelDialect::AlipayRsa2 => Dialect::AlipayRsa2,
    }
}

static SECRET_OVERRIDES: std::sync::OnceLock<HashMap<String, String>> = std::sync::OnceLock::new();

/// Supplies channel secrets by env-var name without touching the environment; used by
/// `riskgate demo`, which generates its channels' secrets. Only the first call counts.
pub fn set_secret_overrides(secrets: HashMap<String, String>) {
    let _ = SECRET_OVERRIDES.set(secrets);
}

fn secret_override(var: &str) -> Option<String> {
    SECRET_OVERRIDES.get()?.get(var).cloned()
}

/// Builds the verifiers of every channel some callback route listens for, reading each
/// secret from its env var. Called when a generation is built (start and reload).
pub fn build_verifiers(
    config: &Config,
) -> Result<HashMap<String, Arc<ChannelVerifier>>, CallbackError> {
    let mut out = HashMap::new();
    for route in &config.routes {
        let Some(name) = &route.channel else { continue };
        if out.contains_key(name) {
            continue;
        }
        let Some(c) = config.channels.get(name) else {
            continue;
        };
        let secret = secret_override(&c.secret_env)
            .or_else(|| std::env::var(&c.secret_env).ok())
            .unwrap_or_default();
        if secret.is_empty() {
            return Err(CallbackError::MissingSecret {
                channel: name.clone(),
                var: c.secret_env.clone(),
            });
        }
        let opts = VerifyOptions {
            tolerance: c.replay_window,
            max_age: c.max_age,
            ..VerifyOptions::default()
        };
        let verifier = Verifier::new(dialect_of(c.dialect), &secret, opts).map_err(|source| {
            CallbackError::BadSecret {
                channel: name.clone(),
                source,
            }
        })?;
        out.insert(
            name.clone(),
            Arc::new(ChannelVerifier {
                name: name.clone(),
                verifier,
                sources: c.callback_sources.clone(),
            }),
        );
    }
    Ok(out)
}

/// The process-wide callback state: opened once at start, kept across reloads.
pub struct CallbackHub {
    /// The durable spool.
    pub spool: Spool,
    /// Payments awaiting their callback.
    pub missing: MissingTracker,
    /// The settings the hub was opened with (the spool path needs a restart to change).
    pub settings: CallbackSettings,
}

/// Payments tracked for the missing-callback report.
const MISSING_CAPACITY: usize = 200_000;

impl CallbackHub {
    /// Opens the spool at `settings.spool` (creating it) and the missing tracker it persists
    /// (reloaded from the spool).
    pub fn open(settings: &CallbackSettings) -> Result<CallbackHub, CallbackError> {
        let mut opts = SpoolOptions::new(settings.spool.clone());
        opts.retention = settings.retention;
        opts.dedupe_retention = settings.dedupe_retention;
        let spool = Spool::open(opts)?;
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
        let forget_before = now_ms.saturating_sub(missing::FORGET_AFTER.as_millis() as u64);
        let missing = MissingTracker::persistent(MISSING_CAPACITY, spool.clone(), forget_before)?;
        Ok(CallbackHub {
            spool,
            missing,
            settings: settings.clone(),
        })
    }
}

/// The status a notification is spooled and deduped under: its label, and for a refund
/// the refund it reports (`refunded:{ref}`), since one payment may be refunded several
/// times (partial refunds, then the rest) and each refund is its own event.
///
/// The ref is stable across the provider's retries of one refund and differs between
/// refunds: Standard Webhooks' `webhook-id`; Alipay's `out_biz_no` (the refund request),
/// else `refund_fee` (the total refunded so far). Without one, every refund of the
/// transaction is one event, as before.
pub fn event_status(n: &Notification, dialect: Dialect) -> String {
    let status = n.status.as_str();
    if n.status != dialect::PaymentStatus::Refunded {
        return status.to_string();
    }
    let field = |name: &str| {
        n.fields
            .iter()
            .find(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.as_str())
    };
    let reference = match dialect {
        Dialect::HmacSha256 => n.event_id.as_deref(),
        Dialect::AlipayRsa2 => field("out_biz_no").or_else(|| field("refund_fee")),
        Dialect::Epay => None,
    };
    match reference {
        Some(r) => format!("{status}:{r}"),
        None => status.to_string(),
    }
}

/// What the fulfillment service receives, besides the `Idempotency-Key` header.
#[derive(serde::Serialize)]
struct Normalized<'a> {
    channel: &'a str,
    dialect: &'a str,
    txn_id: &'a str,
    order_id: &'a str,
    amount: &'a str,
    currency: Option<&'a str>,
    status: &'a str,
    event_id: Option<&'a str>,
    received_at: String,
    request_id: &'a str,
    original: Original<'a>,
}

#[derive(serde::Serialize)]
struct Original<'a> {
    content_type: &'a str,
    query: Option<&'a str>,
    body: std::borrow::Cow<'a, str>,
}

/// The provider's request as received, for the normalised body.
pub struct Received<'a> {
    /// riskgate's request id.
    pub request_id: &'a str,
    /// Arrival time, unix ms.
    pub received_ms: u64,
    /// `Content-Type` of the request.
    pub content_type: &'a str,
    /// Raw query string.
    pub query: Option<&'a str>,
    /// Raw body.
    pub body: &'a [u8],
}

/// Renders the normalised JSON body for one verified notification.
pub fn normalize(channel: &str, n: &Notification, dialect: Dialect, r: &Received<'_>) -> Bytes {
    let Received {
        request_id,
        received_ms,
        content_type,
        query,
        body,
    } = *r;
    let doc = Normalized {
        channel,
        dialect: dialect.as_str(),
        txn_id: &n.txn_id,
        order_id: &n.order_id,
        amount: &n.amount,
        currency: n.currency.as_deref(),
        status: n.status.as_str(),
        event_id: n.event_id.as_deref(),
        received_at: crate::lists::time::format_rfc3339(received_ms / 1000),
        request_id,
        original: Original {
            content_type,
            query,
            body: String::from_utf8_lossy(body),
        },
    };
    // Serialising plain strings into a Vec cannot fail.
    Bytes::from(serde_json::to_vec(&doc).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalized_body_carries_fields_and_the_original() {
        let n = Notification {
            txn_id: "T1".into(),
            order_id: "o-1".into(),
            amount: "9.99".into(),
            currency: Some("USD".into()),
            status: dialect::PaymentStatus::Paid,
            event_id: None,
            fields: Vec::new(),
        };
        let b = normalize(
            "alpha",
            &n,
            Dialect::Epay,
            &Received {
                request_id: "req-1",
                received_ms: 1_700_000_000_123,
                content_type: "application/x-www-form-urlencoded",
                query: Some("a=1"),
                body: b"trade_no=T1",
            },
        );
        let v: serde_json::Value = serde_json::from_slice(&b).unwrap();
        assert_eq!(v["channel"], "alpha");
        assert_eq!(v["dialect"], "epay");
        assert_eq!(v["status"], "paid");
        assert_eq!(v["order_id"], "o-1");
        assert_eq!(v["received_at"], "2023-11-14T22:13:20Z");
        assert_eq!(v["original"]["body"], "trade_no=T1");
        assert_eq!(v["original"]["query"], "a=1");
    }

    #[test]
    fn a_missing_channel_secret_names_the_channel_and_variable() {
        let config = crate::config::parse(
            "[channels.alpha]\nurl=\"http://127.0.0.1:1\"\ndialect=\"epay\"\n\
             secret_env=\"RISKGATE_TEST_UNSET_SECRET_7F3A\"\n\
             [upstreams.f]\nservers=[\"127.0.0.1:2\"]\n\
             [[routes]]\nkind=\"callback\"\nchannel=\"alpha\"\nupstream=\"f\"\n",
            "t.toml",
        )
        .unwrap();
        let err = build_verifiers(&config).err().unwrap().to_string();
        assert_eq!(
            err,
            "channels.alpha.secret_env: environment variable RISKGATE_TEST_UNSET_SECRET_7F3A \
             is not set (it must hold the channel's callback secret)"
        );
        assert!(
            config.callbacks.is_some(),
            "callback routes imply [callbacks] defaults"
        );
    }

    #[test]
    fn source_allowlist() {
        let v = ChannelVerifier {
            name: "a".into(),
            verifier: Verifier::new(Dialect::Epay, "key", VerifyOptions::default()).unwrap(),
            sources: vec!["10.0.0.0/8".parse().unwrap()],
        };
        assert!(v.source_allowed(Some("10.1.2.3".parse().unwrap())));
        assert!(!v.source_allowed(Some("192.0.2.1".parse().unwrap())));
        assert!(!v.source_allowed(None));
        let open = ChannelVerifier {
            sources: vec![],
            ..v
        };
        assert!(open.source_allowed(None));
    }
}
