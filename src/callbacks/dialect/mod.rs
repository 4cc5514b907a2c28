//! Payment-callback dialects: how each provider's notification is verified, how the
//! transaction id, order id, amount and status are read from it, and the exact
//! acknowledgement the provider expects back.
//!
//! Pure logic over plain inputs (`HeaderMap`, raw query, raw body, `now` in unix seconds):
//! no I/O, no clock, no dedupe, no spool. Deduplication by `(channel, txn_id)`, the durable
//! spool and delivery to fulfillment live elsewhere in `callbacks`; this module only says
//! "genuine, and here is what it says" or "refused, and why".
//!
//! | dialect | verified how | ack |
//! |---|---|---|
//! | `hmac-sha256` | Standard Webhooks `v1` HMAC over `id.timestamp.body`, replay window | 200 `{"ok":true}` |
//! | `epay` | 易支付 MD5 over sorted params + merchant key | 200 `success` / `fail` |
//! | `alipay-rsa2` | RSA PKCS#1 v1.5 SHA-256 over sorted params, Alipay public key | 200 `success` / `fail` |
//!
//! A [`Verifier`] is built once per channel at config load (secrets decoded, keys parsed,
//! pointers checked) and shared; [`Verifier::verify`] is the per-callback call.

mod alipay;
mod epay;
mod form;
pub mod sign;
mod webhook;

#[cfg(test)]
mod tests;

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use hmac::digest::{CtOutput, Output, OutputSizeUser};

/// Longest transaction or order id accepted, in bytes; bounds dedupe keys and log lines.
pub const MAX_ID_LEN: usize = 256;

/// Default replay window for `hmac-sha256` timestamps, both directions (Standard Webhooks).
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(300);

/// Default oldest signed notification time accepted (Alipay resends for about 25 hours).
pub const DEFAULT_MAX_AGE: Duration = Duration::from_secs(86_400);

/// The notification protocol a payment channel speaks.
///
/// Parsed from the channel's `dialect` config string; [`Dialect::as_str`] is also the
/// bounded metric label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dialect {
    /// Standard Webhooks: `webhook-id` / `webhook-timestamp` / `webhook-signature` headers,
    /// HMAC-SHA256, JSON body.
    HmacSha256,
    /// 易支付 (epay): MD5-signed form parameters in the query string or a form body.
    Epay,
    /// Alipay asynchronous notification: RSA2 (SHA256withRSA) signed form body.
    AlipayRsa2,
}

impl Dialect {
    /// Every dialect, in documentation order; used by config validation messages and tests.
    pub const ALL: [Dialect; 3] = [Dialect::HmacSha256, Dialect::Epay, Dialect::AlipayRsa2];

    /// Returns the config spelling, which is also the metric label value.
    pub fn as_str(self) -> &'static str {
        match self {
            Dialect::HmacSha256 => "hmac-sha256",
            Dialect::Epay => "epay",
            Dialect::AlipayRsa2 => "alipay-rsa2",
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Dialect {
    type Err = DialectError;

    /// Parses the config spelling exactly (`hmac-sha256`, `epay`, `alipay-rsa2`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Dialect::ALL
            .into_iter()
            .find(|d| d.as_str() == s)
            .ok_or_else(|| DialectError::UnknownDialect { name: s.to_owned() })
    }
}

/// What the provider says happened to the payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PaymentStatus {
    /// Money was taken; the order may be fulfilled.
    Paid,
    /// The payment ended without money (declined, closed, expired).
    Failed,
    /// Anything else, including states we do not recognise: never fulfilled on its own.
    Pending,
    /// Money taken was given back (in part or in full); ranks after `Paid`.
    Refunded,
}

impl PaymentStatus {
    /// Returns the lowercase label used in the normalised JSON and in metrics.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentStatus::Paid => "paid",
            PaymentStatus::Failed => "failed",
            PaymentStatus::Pending => "pending",
            PaymentStatus::Refunded => "refunded",
        }
    }
}

/// A verified notification, normalised across dialects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// The provider's transaction id; with the channel name, the dedupe key.
    pub txn_id: String,
    /// The shop's order id the payment is for.
    pub order_id: String,
    /// The amount exactly as sent, a non-negative decimal string such as `"99.90"`.
    pub amount: String,
    /// ISO currency when the dialect carries one (`hmac-sha256` only); `None` otherwise
    /// (epay and Alipay domestic notifications are CNY by contract, not by field).
    pub currency: Option<String>,
    /// The payment outcome, mapped per dialect.
    pub status: PaymentStatus,
    /// The provider's id for this delivery (`webhook-id`, Alipay `notify_id`); a dedupe
    /// fallback. `None` for epay, which sends none.
    pub event_id: Option<String>,
    /// Form dialects: every decoded parameter (including `sign`), sorted by key, for the
    /// normalised JSON forwarded to fulfillment. Empty for `hmac-sha256`.
    pub fields: Vec<(String, String)>,
}

/// Why a notification was refused. An expected outcome, not an error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// A signature was present but does not match.
    BadSignature,
    /// No signature was sent at all.
    MissingSignature,
    /// The signed timestamp is outside the replay window; `skew_secs` is `now - timestamp`
    /// (positive: too old, negative: from the future).
    Stale {
        /// Seconds between our clock and the signed timestamp.
        skew_secs: i64,
    },
    /// A required field (named as the provider names it) is absent or empty.
    MissingField(&'static str),
    /// The request cannot be parsed (bad escape, non-UTF-8, bad JSON, bad amount).
    Malformed(String),
}

impl Rejection {
    /// Returns the bounded metric label for this refusal.
    pub fn reason(&self) -> &'static str {
        match self {
            Rejection::BadSignature => "bad_signature",
            Rejection::MissingSignature => "missing_signature",
            Rejection::Stale { .. } => "stale",
            Rejection::MissingField(_) => "missing_field",
            Rejection::Malformed(_) => "malformed",
        }
    }

    /// Returns the HTTP status that describes the refusal: 401 when authenticity could not
    /// be established (signature, replay window), 400 when the request is unusable.
    pub fn status(&self) -> u16 {
        match self {
            Rejection::BadSignature | Rejection::MissingSignature | Rejection::Stale { .. } => 401,
            Rejection::MissingField(_) | Rejection::Malformed(_) => 400,
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rejection::BadSignature => f.write_str("signature does not match"),
            Rejection::MissingSignature => f.write_str("no signature"),
            Rejection::Stale { skew_secs } => {
                write!(f, "timestamp outside replay window (skew {skew_secs}s)")
            }
            Rejection::MissingField(name) => write!(f, "missing field {name}"),
            Rejection::Malformed(why) => write!(f, "malformed: {why}"),
        }
    }
}

/// The response a provider expects, ready to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ack {
    /// HTTP status code.
    pub status: u16,
    /// `Content-Type` header value.
    pub content_type: &'static str,
    /// Exact body bytes; providers compare it literally.
    pub body: &'static str,
}

/// Returns the acknowledgement for `dialect`.
///
/// Called after the notification is verified and durably spooled (`accepted = true`), or
/// when it was refused or could not be spooled (`accepted = false`, so the provider retries).
/// - `hmac-sha256`: 200 `application/json` `{"ok":true}`; refused: 400 `{"ok":false}`.
///   Webhook senders read only the status, so a caller holding a [`Rejection`] may replace
///   it with [`Rejection::status`].
/// - `epay`, `alipay-rsa2`: 200 `text/plain` `success`; refused: 200 `text/plain` `fail`.
///   These providers read only the body: anything but exactly `success` means "retry".
pub fn ack(dialect: Dialect, accepted: bool) -> Ack {
    match (dialect, accepted) {
        (Dialect::HmacSha256, true) => Ack {
            status: 200,
            content_type: "application/json",
            body: r#"{"ok":true}"#,
        },
        (Dialect::HmacSha256, false) => Ack {
            status: 400,
            content_type: "application/json",
            body: r#"{"ok":false}"#,
        },
        (Dialect::Epay | Dialect::AlipayRsa2, accepted) => Ack {
            status: 200,
            content_type: "text/plain; charset=utf-8",
            body: if accepted { "success" } else { "fail" },
        },
    }
}

/// JSON pointers (RFC 6901) that locate the fields of an `hmac-sha256` payload.
///
/// Each must start with `/`. Defaults: txn `/data/id`, order `/data/order_id`, amount
/// `/data/amount`, currency `/data/currency`, status `/data/status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldPointers {
    /// Transaction id: a string or an integer.
    pub txn_id: String,
    /// Order id: a string or an integer.
    pub order_id: String,
    /// Amount: a decimal string or a non-negative JSON number.
    pub amount: String,
    /// Currency: a string; optional in the payload.
    pub currency: String,
    /// Status: a string, mapped case-insensitively (see [`webhook_status`]).
    pub status: String,
}

impl Default for FieldPointers {
    fn default() -> Self {
        FieldPointers {
            txn_id: "/data/id".into(),
            order_id: "/data/order_id".into(),
            amount: "/data/amount".into(),
            currency: "/data/currency".into(),
            status: "/data/status".into(),
        }
    }
}

/// Per-channel verification settings, from config.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyOptions {
    /// `hmac-sha256` replay window, both directions; whole seconds are used. Also the clock
    /// skew allowed for a notification time in the future (Alipay).
    pub tolerance: Duration,
    /// Oldest notification time accepted for dialects that sign one but resend for a day
    /// (Alipay `notify_time`); older is refused as [`Rejection::Stale`]. 24 h by default.
    pub max_age: Duration,
    /// Where the `hmac-sha256` payload keeps its fields; ignored by form dialects.
    pub webhook_fields: FieldPointers,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        VerifyOptions {
            tolerance: DEFAULT_TOLERANCE,
            max_age: DEFAULT_MAX_AGE,
            webhook_fields: FieldPointers::default(),
        }
    }
}

/// Maps an `hmac-sha256` status string (ASCII case-insensitive):
/// `paid|succeeded|success|completed` → Paid, `failed|declined|canceled|cancelled|expired`
/// → Failed, `refunded|partially_refunded` → Refunded, anything else → Pending.
pub fn webhook_status(s: &str) -> PaymentStatus {
    const PAID: [&str; 4] = ["paid", "succeeded", "success", "completed"];
    const FAILED: [&str; 5] = ["failed", "declined", "canceled", "cancelled", "expired"];
    const REFUNDED: [&str; 2] = ["refunded", "partially_refunded"];
    if PAID.iter().any(|p| p.eq_ignore_ascii_case(s)) {
        PaymentStatus::Paid
    } else if REFUNDED.iter().any(|p| p.eq_ignore_ascii_case(s)) {
        PaymentStatus::Refunded
    } else if FAILED.iter().any(|p| p.eq_ignore_ascii_case(s)) {
        PaymentStatus::Failed
    } else {
        PaymentStatus::Pending
    }
}

/// A channel's verifier: secrets decoded and keys parsed once, then shared across requests.
pub struct Verifier {
    inner: Inner,
}

enum Inner {
    Webhook(webhook::WebhookVerifier),
    Epay(epay::EpayVerifier),
    Alipay(alipay::AlipayVerifier),
}

impl fmt::Debug for Verifier {
    /// Never prints key material.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("dialect", &self.dialect())
            .finish_non_exhaustive()
    }
}

impl Verifier {
    /// Builds the verifier for one channel at config load (and again on reload).
    ///
    /// `secret` is the value of the environment variable the config names: the webhook
    /// secret (`whsec_<base64>`, or raw bytes without the prefix), the epay merchant key, or
    /// the Alipay public key (PEM or bare base64 SPKI). Surrounding whitespace is ignored.
    /// Errors name the dialect and the problem, never the secret.
    pub fn new(dialect: Dialect, secret: &str, opts: VerifyOptions) -> Result<Self, DialectError> {
        let inner = match dialect {
            Dialect::HmacSha256 => Inner::Webhook(webhook::WebhookVerifier::new(secret, opts)?),
            Dialect::Epay => Inner::Epay(epay::EpayVerifier::new(secret)?),
            Dialect::AlipayRsa2 => Inner::Alipay(alipay::AlipayVerifier::new(secret, &opts)?),
        };
        Ok(Verifier { inner })
    }

    /// Returns the dialect this verifier speaks.
    pub fn dialect(&self) -> Dialect {
        match self.inner {
            Inner::Webhook(_) => Dialect::HmacSha256,
            Inner::Epay(_) => Dialect::Epay,
            Inner::Alipay(_) => Dialect::AlipayRsa2,
        }
    }

    /// Verifies one notification and extracts its fields.
    ///
    /// Called once per callback request, after the body is read (bounded by the caller).
    /// `query` is the raw query string without `?`, `body` the raw body, `now_unix` our
    /// clock in unix seconds (`hmac-sha256` checks its replay window, `alipay-rsa2` the age of
    /// `notify_time`; epay carries no time). The signature is checked before any field is
    /// trusted. `Ok` means genuine; `Err` is the refusal to report and count.
    pub fn verify(
        &self,
        headers: &http::HeaderMap,
        query: Option<&str>,
        body: &[u8],
        now_unix: u64,
    ) -> Result<Notification, Rejection> {
        match &self.inner {
            Inner::Webhook(v) => v.verify(headers, body, now_unix),
            Inner::Epay(v) => v.verify(headers, query, body),
            Inner::Alipay(v) => v.verify(headers, body, now_unix),
        }
    }
}

/// Why a verifier or a signature could not be built. Startup/config-time only.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DialectError {
    /// The config names a dialect we do not speak.
    #[error("unknown callback dialect {name:?}; expected one of hmac-sha256, epay, alipay-rsa2")]
    UnknownDialect {
        /// The name as written in config.
        name: String,
    },
    /// The secret, key or public key is unusable; `reason` never contains the secret.
    #[error("{dialect} secret: {reason}")]
    BadSecret {
        /// The dialect the secret was for.
        dialect: Dialect,
        /// What is wrong with it.
        reason: String,
    },
    /// A JSON pointer for a webhook field is not a pointer.
    #[error("webhook field {field}: pointer {pointer:?} must start with '/'")]
    BadPointer {
        /// Which field (`txn_id`, `order_id`, `amount`, `currency`, `status`).
        field: &'static str,
        /// The pointer as configured.
        pointer: String,
    },
    /// The signing side could not sign (private key unusable).
    #[error("signing: {reason}")]
    Signing {
        /// What went wrong.
        reason: String,
    },
}

/// Compares a computed digest with the bytes the provider sent, in constant time
/// (through `subtle`, via `digest::CtOutput`). A length mismatch is simply unequal.
fn digest_eq<D: OutputSizeUser>(computed: Output<D>, sent: &[u8]) -> bool {
    match Output::<D>::from_exact_iter(sent.iter().copied()) {
        Some(sent) => CtOutput::<D>::new(computed) == CtOutput::<D>::new(sent),
        None => false,
    }
}

/// Checks an id field: non-empty (else `MissingField(name)`) and at most [`MAX_ID_LEN`].
fn check_id(name: &'static str, value: &str) -> Result<(), Rejection> {
    if value.is_empty() {
        Err(Rejection::MissingField(name))
    } else if value.len() > MAX_ID_LEN {
        Err(Rejection::Malformed(format!(
            "{name} longer than {MAX_ID_LEN} bytes"
        )))
    } else {
        Ok(())
    }
}

/// Checks an amount: digits with an optional fractional part (`12`, `12.50`), no sign.
fn check_amount(name: &'static str, value: &str) -> Result<(), Rejection> {
    if value.is_empty() {
        return Err(Rejection::MissingField(name));
    }
    let (int, frac) = match value.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (value, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if digits(int) && frac.is_none_or(digits) && value.len() <= 32 {
        Ok(())
    } else {
        Err(Rejection::Malformed(format!(
            "{name} is not a decimal amount"
        )))
    }
}
