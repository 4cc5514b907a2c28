//! The signed device cookie: issuing it, finding it among `Cookie:` headers and verifying it.
//!
//! Wire format of the value: `base64url_nopad(id[16] || issued_at[8, big-endian unix seconds]
//! || tag[16])`, always 54 characters, where `tag` is HMAC-SHA256(key, id || issued_at)
//! truncated to its first 16 bytes (128 bits: forging needs ~2^128 guesses online, far beyond
//! what an edge will ever answer). The newest key signs; every configured key verifies, in
//! constant time, so keys rotate without logging every device out.
//!
//! Deliberately not here: where the keys come from (config reads the env vars), what a
//! tampered cookie costs in the score, or persistence of anything about the device.

use super::{DeviceId, FingerprintError};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;
use std::time::Duration;

type HmacSha256 = Hmac<Sha256>;

/// Bytes of the HMAC-SHA256 tag kept in the cookie (the left half of the 32-byte MAC).
pub const TAG_LEN: usize = 16;
/// Minimum signing-key length in bytes: a key shorter than the hash output weakens HMAC.
pub const MIN_KEY_LEN: usize = 32;
/// Most keys accepted at once; every tampered cookie costs one HMAC per key.
pub const MAX_KEYS: usize = 8;
/// Length of a cookie value in characters: base64url of 40 bytes, unpadded.
pub const COOKIE_VALUE_LEN: usize = 54;
/// Occurrences of the named cookie examined per request: a client stuffing hundreds of
/// copies into its headers cannot make us compute hundreds of HMACs.
const MAX_CANDIDATES: usize = 4;
/// Decoded payload length: id + issued_at + tag.
const RAW_LEN: usize = DeviceId::LEN + 8 + TAG_LEN;
/// Signed message length: id + issued_at.
const MSG_LEN: usize = DeviceId::LEN + 8;

/// The cookie signing keys, newest first: the first signs, all verify.
///
/// Built once at start and on reload from the env vars named in config. Each key is held
/// as a pre-keyed HMAC state, so a verification costs two SHA-256 blocks, not four.
#[derive(Clone)]
pub struct CookieKeys {
    macs: Vec<HmacSha256>,
}

impl CookieKeys {
    /// Builds the key set from raw key bytes, newest first.
    ///
    /// Refuses an empty list, more than [`MAX_KEYS`] keys, and any key shorter than
    /// [`MIN_KEY_LEN`] bytes (the error names its index, never its bytes).
    pub fn new(keys: Vec<Vec<u8>>) -> Result<CookieKeys, FingerprintError> {
        if keys.is_empty() {
            return Err(FingerprintError::NoKeys);
        }
        if keys.len() > MAX_KEYS {
            return Err(FingerprintError::TooManyKeys {
                count: keys.len(),
                max: MAX_KEYS,
            });
        }
        let mut macs = Vec::with_capacity(keys.len());
        for (index, key) in keys.iter().enumerate() {
            if key.len() < MIN_KEY_LEN {
                return Err(FingerprintError::KeyTooShort {
                    index,
                    len: key.len(),
                    min: MIN_KEY_LEN,
                });
            }
            let mac =
                HmacSha256::new_from_slice(key).map_err(|_| FingerprintError::KeyTooShort {
                    index,
                    len: key.len(),
                    min: MIN_KEY_LEN,
                })?;
            macs.push(mac);
        }
        Ok(CookieKeys { macs })
    }

    /// Returns how many keys verify (at least one).
    pub fn len(&self) -> usize {
        self.macs.len()
    }

    /// Always false: an empty key set cannot be built. Present for API symmetry.
    pub fn is_empty(&self) -> bool {
        self.macs.is_empty()
    }

    fn tag(mac: &HmacSha256, msg: &[u8; MSG_LEN]) -> [u8; TAG_LEN] {
        let mut m = mac.clone();
        m.update(msg);
        let full = m.finalize().into_bytes();
        let mut tag = [0u8; TAG_LEN];
        tag.copy_from_slice(&full[..TAG_LEN]);
        tag
    }
}

impl fmt::Debug for CookieKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print key material, not even derived HMAC state.
        f.debug_struct("CookieKeys")
            .field("keys", &self.macs.len())
            .finish()
    }
}

/// A device cookie that carried a valid tag and is within its lifetime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifiedDevice {
    /// The device identity.
    pub id: DeviceId,
    /// When the cookie was first issued, unix seconds.
    pub issued_at: u64,
    key_index: usize,
}

impl VerifiedDevice {
    /// Returns the device age in seconds (`now_unix - issued_at`, 0 if the issuing edge's
    /// clock was ahead); a scoring input: fresh devices are riskier.
    pub fn age_secs(&self, now_unix: u64) -> u64 {
        now_unix.saturating_sub(self.issued_at)
    }

    /// Returns true when an older key verified the cookie: the caller re-sets it with
    /// [`sign`]`(keys, id, issued_at)` so it survives that key's removal, keeping the age.
    pub fn needs_resign(&self) -> bool {
        self.key_index != 0
    }
}

/// What the request's device cookie turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CookieCheck {
    /// Authentic and within `max_age`.
    Valid(VerifiedDevice),
    /// No cookie of that name was sent: a new (or cookie-less) device.
    Absent,
    /// A cookie of that name was sent but is not ours: bad base64, wrong length or a tag no
    /// key verifies (edited, forged, or signed by a key since removed). The caller treats
    /// the device as new and counts the event.
    Tampered,
    /// Authentic but issued more than `max_age` ago; the caller issues a new id.
    Expired,
}

/// Finds the cookie `name` among the request's `Cookie:` header values and verifies it.
///
/// Called once per request with every `Cookie` header value in order (HTTP/2 clients split
/// cookies across several headers). Pairs are `;`-separated, surrounding spaces and a pair
/// of double quotes around the value are ignored, names match case-sensitively (RFC 6265).
/// When the name occurs several times (cookies set for different paths or domains), the
/// first valid one wins; otherwise `Expired` beats `Tampered`. At most four occurrences are
/// examined. `now_unix` is unix seconds; a cookie older than `max_age` is `Expired`.
/// Allocation-free.
pub fn check_cookie<'a>(
    cookie_header_values: impl Iterator<Item = &'a [u8]>,
    name: &str,
    keys: &CookieKeys,
    now_unix: u64,
    max_age: Duration,
) -> CookieCheck {
    let mut outcome = CookieCheck::Absent;
    let mut examined = 0;
    for header in cookie_header_values {
        for value in named_values(header, name.as_bytes()) {
            if examined == MAX_CANDIDATES {
                return outcome;
            }
            examined += 1;
            match verify(value, keys, now_unix, max_age) {
                CookieCheck::Valid(v) => return CookieCheck::Valid(v),
                CookieCheck::Expired => outcome = CookieCheck::Expired,
                CookieCheck::Tampered if outcome == CookieCheck::Absent => {
                    outcome = CookieCheck::Tampered
                }
                _ => {}
            }
        }
    }
    outcome
}

/// Yields the values of every `name=value` pair in one `Cookie` header value (quotes
/// removed). Also used by the proxy to read shop cookies named in the config.
pub fn named_values<'h, 'n>(
    header: &'h [u8],
    name: &'n [u8],
) -> impl Iterator<Item = &'h [u8]> + use<'h, 'n> {
    header.split(|&b| b == b';').filter_map(move |pair| {
        let pair = trim_ows(pair);
        let eq = pair.iter().position(|&b| b == b'=')?;
        if trim_ows(&pair[..eq]) != name {
            return None;
        }
        let v = trim_ows(&pair[eq + 1..]);
        Some(match v {
            [b'"', inner @ .., b'"'] => inner,
            _ => v,
        })
    })
}

fn trim_ows(b: &[u8]) -> &[u8] {
    let start = b
        .iter()
        .position(|&c| c != b' ' && c != b'\t')
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|&c| c != b' ' && c != b'\t')
        .map_or(start, |e| e + 1);
    &b[start..end]
}

/// Verifies one cookie value; never returns `Absent`.
fn verify(value: &[u8], keys: &CookieKeys, now_unix: u64, max_age: Duration) -> CookieCheck {
    if value.len() != COOKIE_VALUE_LEN {
        return CookieCheck::Tampered;
    }
    let mut raw = [0u8; RAW_LEN];
    match URL_SAFE_NO_PAD.decode_slice(value, &mut raw) {
        Ok(RAW_LEN) => {}
        _ => return CookieCheck::Tampered,
    }
    let mut msg = [0u8; MSG_LEN];
    msg.copy_from_slice(&raw[..MSG_LEN]);
    let tag = &raw[MSG_LEN..];
    let Some(key_index) = keys.macs.iter().position(|mac| {
        let mut m = mac.clone();
        m.update(&msg);
        m.verify_truncated_left(tag).is_ok()
    }) else {
        return CookieCheck::Tampered;
    };
    let mut id = [0u8; DeviceId::LEN];
    id.copy_from_slice(&msg[..DeviceId::LEN]);
    let mut t = [0u8; 8];
    t.copy_from_slice(&msg[DeviceId::LEN..]);
    let issued_at = u64::from_be_bytes(t);
    if now_unix > issued_at.saturating_add(max_age.as_secs()) {
        return CookieCheck::Expired;
    }
    CookieCheck::Valid(VerifiedDevice {
        id: DeviceId::from_bytes(id),
        issued_at,
        key_index,
    })
}

/// Mints a new device id and its signed cookie value, issued at `now_unix` (unix seconds).
///
/// Called when [`check_cookie`] returns anything but `Valid`; the caller sends the value in
/// [`set_cookie_header`] and uses the id for this request already.
pub fn issue(keys: &CookieKeys, now_unix: u64) -> (DeviceId, String) {
    let id = DeviceId::random();
    (id, sign(keys, id, now_unix))
}

/// Returns the signed cookie value for `id` issued at `issued_at` (unix seconds), signed
/// with the newest key.
///
/// Called by [`issue`], and to re-sign a cookie an older key verified (see
/// [`VerifiedDevice::needs_resign`]) without changing the device's id or age.
pub fn sign(keys: &CookieKeys, id: DeviceId, issued_at: u64) -> String {
    let mut raw = [0u8; RAW_LEN];
    raw[..DeviceId::LEN].copy_from_slice(id.as_bytes());
    raw[DeviceId::LEN..MSG_LEN].copy_from_slice(&issued_at.to_be_bytes());
    let mut msg = [0u8; MSG_LEN];
    msg.copy_from_slice(&raw[..MSG_LEN]);
    // `CookieKeys::new` refuses an empty list, so the newest key exists; `first()` keeps
    // this panic-free regardless.
    if let Some(mac) = keys.macs.first() {
        raw[MSG_LEN..].copy_from_slice(&CookieKeys::tag(mac, &msg));
    }
    URL_SAFE_NO_PAD.encode(raw)
}

/// Returns a `Set-Cookie` header value: `name=value; Max-Age=N; Path=/; HttpOnly;
/// SameSite=Lax`, plus `; Secure` when `secure` (the client reached us over HTTPS).
///
/// `max_age` is truncated to whole seconds. `HttpOnly` keeps page scripts (and injected
/// ones) away from the id; `Lax` still sends it on top-level navigations from payment pages.
pub fn set_cookie_header(name: &str, value: &str, max_age: Duration, secure: bool) -> String {
    format!(
        "{name}={value}; Max-Age={}; Path=/; HttpOnly; SameSite=Lax{}",
        max_age.as_secs(),
        if secure { "; Secure" } else { "" }
    )
}

/// Returns true when `name` is usable as a cookie name (an RFC 7230 token): config
/// validation calls this on `fingerprint.cookie_name`.
pub fn is_valid_cookie_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'!' | b'#'
                        | b'$'
                        | b'%'
                        | b'&'
                        | b'\''
                        | b'*'
                        | b'+'
                        | b'-'
                        | b'.'
                        | b'^'
                        | b'_'
                        | b'`'
                        | b'|'
                        | b'~'
                )
        })
}

#[cfg(test)]
#[path = "cookie_tests.rs"]
mod tests;
