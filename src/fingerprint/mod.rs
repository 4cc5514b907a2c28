//! Client intelligence, part 2: who the device is and what its HTTP stack looks like.
//!
//! Owns four things, all pure functions over plain inputs (header bytes, `http::Version`,
//! unix seconds) except the bounded in-process [`BeaconStore`]:
//! - the **signed device cookie** (`cookie.rs`): [`issue`], [`check_cookie`], key rotation
//!   with [`CookieKeys`], and the device age from [`VerifiedDevice::age_secs`];
//! - the **HTTP fingerprint** (`headers.rs`): [`HttpFingerprint`], defined below;
//! - the **User-Agent family** and **automation signals** (`ua.rs`, `signals.rs`);
//! - the **browser beacon** (`beacon.rs`, `store.rs`): [`BEACON_JS`], [`parse_beacon`],
//!   [`BeaconStore`], and whether its hardware fits the claimed device
//!   (`consistency.rs`: [`device_consistency`]).
//!
//! It deliberately does not score anything, read config or env vars, touch pingora, or
//! keep device/IP associations across edges: it returns typed facts and the `risk` and
//! `state` modules decide what they mean. It implements no JA4H or other JA4+ method.
//!
//! # HTTP fingerprint definition (`rgfp1`)
//!
//! `HttpFingerprint` is FNV-1a 64 (offset basis `0xcbf29ce484222325`, prime
//! `0x100000001b3`) over this byte string:
//!
//! ```text
//! "rgfp1" 0x00
//! NAME "," NAME "," … NAME ","   every included header name, lower-cased, in wire order,
//!                                repeats kept
//! 0x00
//! VERSION 0x00                   "HTTP/0.9" | "HTTP/1.0" | "HTTP/1.1" | "HTTP/2" | "HTTP/3"
//! ACCEPT-LANGUAGE 0x00           first Accept-Language value, surrounding whitespace
//!                                trimmed, bytes as sent (empty when absent)
//! ACCEPT-ENCODING 0x00           first Accept-Encoding value, same rules
//! UA-FAMILY 0x00                 UaFamily name of the first User-Agent ("chrome", "curl", …)
//! ```
//!
//! Included names are all except: pseudo-headers (`:…`); `cookie` and `content-length`
//! (vary per request); proxy/CDN additions `forwarded`, `via`, `x-real-ip`,
//! `true-client-ip`, `cdn-loop`, `x-request-id`, `x-amzn-trace-id`, `x-forwarded-*`,
//! `cf-*`; and riskgate's internal `x-risk-*`, `x-geo-*`, `x-device-*`, `x-riskgate-*`.
//! `host` is included by name (its position is characteristic of HTTP/1 stacks) but never
//! by value. Only the UA *family* is hashed, so Chrome 120 → 121 keeps the fingerprint;
//! a change in header set or order, language, offered encodings, family or HTTP version
//! changes it. The hex form is `{:016x}`. Different request kinds of one browser
//! (navigation, `fetch`, image) send different header sets and so have different
//! fingerprints; compare like with like (e.g. order POSTs).
//!
//! # Per-request use
//!
//! ```text
//! let fp = fingerprint::inspect(header_pairs(headers), version, https);     // before stripping
//! let dev = fingerprint::check_cookie(cookie_values, name, &keys, now, max_age);
//! match dev { Valid(v) => (v.id, v.age_secs(now)), _ => issue(&keys, now) + Set-Cookie }
//! let beacon = beacon_store.get(id, now);   // order routes only
//! ```

mod beacon;
mod consistency;
mod continuity;
mod cookie;
mod device;
mod fnv;
mod headers;
mod signals;
mod store;
mod ua;

pub use beacon::{
    parse_beacon, Beacon, Screen, BEACON_JS, MAX_BEACON_BYTES, MAX_BEACON_LANGUAGES,
    MAX_BEACON_STRING,
};
pub use consistency::{
    device_consistency, BeaconTraits, Inconsistency, PlatformClass, PHONE_MAX_CORES,
    PHONE_MAX_SHORT_SIDE,
};
pub use continuity::{hardware_changed, trait_change, ContinuityStore, StableTraits, TraitChange};
pub use cookie::{
    check_cookie, is_valid_cookie_name, issue, named_values, set_cookie_header, sign, CookieCheck,
    CookieKeys, VerifiedDevice, COOKIE_VALUE_LEN, MAX_KEYS, MIN_KEY_LEN, TAG_LEN,
};
pub use device::DeviceId;
pub use headers::{
    header_pairs, http_fingerprint, inspect, HttpFingerprint, RequestFingerprint, EXCLUDED_NAMES,
    EXCLUDED_PREFIXES,
};
pub use signals::{automation_signals, AutomationSignals, Signal};
pub use store::{BeaconRecord, BeaconStore, MAX_BEACON_TTL, MIN_BEACON_TTL};
pub use ua::{ua_family, UaFamily};

/// Everything that can go wrong in this module; all are refusals of bad input or config,
/// never of a request (a bad cookie is [`CookieCheck::Tampered`], not an error).
#[derive(Debug, thiserror::Error)]
pub enum FingerprintError {
    /// The cookie key list was empty.
    #[error("no device-cookie signing key configured")]
    NoKeys,
    /// A cookie key is too short (its index in the newest-first list is given, never its
    /// bytes).
    #[error("device-cookie signing key #{index} is {len} bytes; at least {min} are required")]
    KeyTooShort {
        /// Position in the newest-first key list.
        index: usize,
        /// Its length in bytes.
        len: usize,
        /// The minimum, [`MIN_KEY_LEN`].
        min: usize,
    },
    /// More cookie keys than [`MAX_KEYS`].
    #[error("{count} device-cookie signing keys configured; at most {max} are accepted")]
    TooManyKeys {
        /// Keys given.
        count: usize,
        /// The maximum, [`MAX_KEYS`].
        max: usize,
    },
    /// A device id string is not 32 hex digits.
    #[error("not a device id (32 hex digits): {input:?}")]
    BadDeviceId {
        /// The offending input, cut to 40 characters.
        input: String,
    },
    /// A beacon body exceeded [`MAX_BEACON_BYTES`].
    #[error("beacon body is {len} bytes; the limit is {max}")]
    BeaconTooLarge {
        /// Body length in bytes.
        len: usize,
        /// The limit, [`MAX_BEACON_BYTES`].
        max: usize,
    },
    /// A beacon body is not JSON of the expected shape.
    #[error("beacon body is not the expected JSON: {reason}")]
    BeaconJson {
        /// The JSON parser's message (position and expectation).
        reason: String,
    },
    /// A beacon field is out of bounds.
    #[error("beacon field `{field}` {reason}")]
    BeaconField {
        /// The wire name of the field.
        field: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
}
