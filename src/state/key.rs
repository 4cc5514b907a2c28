//! Typed keys for the state backend: a scope, a tag within the scope and a 128-bit identity.
//!
//! Owns how identities (IPs, device ids, user keys, combinations) become fixed-size key
//! material without allocating. It does not know what the counters mean; the guards pick
//! scopes and tags.

use std::fmt;
use std::hash::{BuildHasher, Hash, Hasher};
use std::net::IpAddr;

/// Which family of state a key belongs to; keeps families from ever sharing a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Token buckets; the tag is the rate rule id.
    RateLimit,
    /// Purchase-limit order counters; the tag is the identity kind.
    Purchase,
    /// Velocity signals; the tag is the signal.
    Velocity,
    /// First-seen markers (callback dedupe); the tag is a caller-chosen namespace.
    Dedupe,
}

impl Scope {
    /// Returns the short stable name used when rendering a key (e.g. for Redis).
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::RateLimit => "rl",
            Scope::Purchase => "pl",
            Scope::Velocity => "vel",
            Scope::Dedupe => "dd",
        }
    }
}

/// A state key: 24 bytes, `Copy`, hashed and compared without allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct StateKey {
    /// The family.
    pub scope: Scope,
    /// A discriminator inside the family (rule id, identity kind, signal).
    pub tag: u32,
    /// The identity: an exact IP, an exact device id, or a keyed hash (see [`KeyHasher`]).
    pub id: u128,
}

impl StateKey {
    /// Builds a key; called by the guards once per counter they touch.
    pub const fn new(scope: Scope, tag: u32, id: u128) -> Self {
        StateKey { scope, tag, id }
    }
}

impl fmt::Display for StateKey {
    /// Renders `rg:{scope}:{tag}:{id as 32 hex}`, the form a shared backend stores.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "rg:{}:{}:{:032x}",
            self.scope.as_str(),
            self.tag,
            self.id
        )
    }
}

/// Returns the exact 128-bit identity of an IP: IPv4 (and IPv4-mapped IPv6) as
/// `::ffff:a.b.c.d`, IPv6 as itself. No hashing, so distinct addresses never collide.
pub fn ip_id(ip: IpAddr) -> u128 {
    match ip.to_canonical() {
        IpAddr::V4(v4) => u128::from(v4.to_ipv6_mapped()),
        IpAddr::V6(v6) => u128::from(v6),
    }
}

/// Parses a 32-hex-digit device id (either case) into its 128 bits; `None` otherwise.
pub fn parse_device_hex(s: &str) -> Option<u128> {
    if s.len() != 32 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u128::from_str_radix(s, 16).ok()
}

/// Turns string identities into 128-bit key material.
///
/// In process it is keyed (SipHash with random keys from `RandomState`) so a client cannot
/// craft a user key that collides with a victim's and share their counters; the key is per
/// process. A fleet sharing Redis needs the same id for the same user on every edge, so
/// [`KeyHasher::stable`] uses SHA-256 instead: identical everywhere, and still no crafted
/// collisions (hitting a victim's id is a second preimage of SHA-256).
#[derive(Debug, Clone)]
pub struct KeyHasher {
    /// `None`: stable SHA-256 hashing (fleet mode).
    state: Option<std::hash::RandomState>,
}

impl Default for KeyHasher {
    fn default() -> Self {
        KeyHasher {
            state: Some(std::hash::RandomState::new()),
        }
    }
}

/// Feeds `Hash` output into SHA-256 (the stable mode of [`KeyHasher`]).
struct ShaHasher(sha2::Sha256);

impl Hasher for ShaHasher {
    fn write(&mut self, bytes: &[u8]) {
        sha2::Digest::update(&mut self.0, bytes);
    }
    fn finish(&self) -> u64 {
        let d = sha2::Digest::finalize(self.0.clone());
        u64::from_le_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]])
    }
}

/// Domain-separation prefixes so the same string as a user and as an email differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum IdKind {
    /// A device id that is not 32 hex digits.
    Device = 1,
    /// A shop user key.
    User = 2,
    /// An email address.
    Email = 3,
    /// A combination of other ids (rate-limit scopes such as ip+route).
    Combined = 4,
    /// A distinct-set member.
    Member = 5,
}

impl KeyHasher {
    /// Creates a hasher with fresh random keys; called once at start per guard.
    pub fn new() -> Self {
        Self::default()
    }

    /// Creates the fleet-wide hasher: the same identity gets the same id on every edge
    /// (SHA-256, unkeyed), so counters in a shared Redis meet.
    pub fn stable() -> Self {
        KeyHasher { state: None }
    }

    /// Returns the 128-bit id of a string identity of `kind`.
    pub fn hash_str(&self, kind: IdKind, s: &str) -> u128 {
        self.hash128(kind, |mut h| s.hash(&mut h))
    }

    /// Returns the id of a device: its exact bits when it is 32 hex digits, else a hash.
    pub fn device(&self, s: &str) -> u128 {
        parse_device_hex(s).unwrap_or_else(|| self.hash_str(IdKind::Device, s))
    }

    /// Returns one id standing for an ordered combination of ids (e.g. ip + route).
    pub fn combine(&self, parts: &[u128]) -> u128 {
        self.hash128(IdKind::Combined, |mut h| parts.hash(&mut h))
    }

    /// Returns the 64-bit member hash of an id for distinct counting.
    pub fn member(&self, id: u128) -> u64 {
        self.hash64(IdKind::Member as u8, |mut h| id.hash(&mut h))
    }

    fn hash128(&self, kind: IdKind, f: impl Fn(&mut dyn Hasher)) -> u128 {
        let hi = self.hash64(kind as u8, &f);
        let lo = self.hash64((kind as u8) | 0x80, &f);
        (u128::from(hi) << 64) | u128::from(lo)
    }

    fn hash64(&self, prefix: u8, f: impl Fn(&mut dyn Hasher)) -> u64 {
        match &self.state {
            Some(state) => {
                let mut h = state.build_hasher();
                h.write_u8(prefix);
                f(&mut h);
                h.finish()
            }
            None => {
                let mut h = ShaHasher(<sha2::Sha256 as sha2::Digest>::new());
                h.write_u8(prefix);
                f(&mut h);
                h.finish()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ipv4_and_mapped_ipv4_share_an_id() {
        let a: IpAddr = "192.0.2.7".parse().unwrap();
        let b: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        let c: IpAddr = "192.0.2.8".parse().unwrap();
        assert_eq!(ip_id(a), ip_id(b));
        assert_ne!(ip_id(a), ip_id(c));
    }

    #[test]
    fn hex_device_ids_are_exact_and_case_insensitive() {
        let h = KeyHasher::new();
        let lower = "0123456789abcdef0123456789abcdef";
        let upper = "0123456789ABCDEF0123456789ABCDEF";
        assert_eq!(h.device(lower), 0x0123456789abcdef0123456789abcdef);
        assert_eq!(h.device(lower), h.device(upper));
        assert_eq!(parse_device_hex("xyz"), None);
        assert_eq!(parse_device_hex("+123456789abcdef0123456789abcdef"), None);
        assert_ne!(h.device("not-hex"), h.device("not-hex2"));
    }

    #[test]
    fn string_ids_are_separated_by_kind_and_stable_per_hasher() {
        let h = KeyHasher::new();
        assert_eq!(
            h.hash_str(IdKind::User, "bob"),
            h.hash_str(IdKind::User, "bob")
        );
        assert_ne!(
            h.hash_str(IdKind::User, "bob"),
            h.hash_str(IdKind::Email, "bob")
        );
        assert_ne!(h.combine(&[1, 2]), h.combine(&[2, 1]));
        // Two hashers have different keys.
        assert_ne!(
            KeyHasher::new().hash_str(IdKind::User, "bob"),
            KeyHasher::new().hash_str(IdKind::User, "bob")
        );
        // The fleet hasher is the same in every process (pinned: edges of one build meet).
        let (a, b) = (KeyHasher::stable(), KeyHasher::stable());
        assert_eq!(
            a.hash_str(IdKind::User, "bob"),
            b.hash_str(IdKind::User, "bob")
        );
        assert_ne!(
            a.hash_str(IdKind::User, "bob"),
            a.hash_str(IdKind::Email, "bob")
        );
        assert_ne!(a.combine(&[1, 2]), a.combine(&[2, 1]));
    }

    #[test]
    fn keys_render_for_a_shared_backend() {
        let k = StateKey::new(Scope::RateLimit, 7, 0xabc);
        assert_eq!(k.to_string(), "rg:rl:7:00000000000000000000000000000abc");
    }
}
