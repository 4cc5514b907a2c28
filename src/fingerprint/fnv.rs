//! FNV-1a 64-bit: the fixed, documented hash behind [`super::HttpFingerprint`] and
//! [`super::Beacon::beacon_hash`].
//!
//! Chosen because its definition fits in one line of the README, so values are stable across
//! builds, Rust versions and platforms (unlike `std`'s `DefaultHasher`), and it streams over
//! borrowed bytes without allocating. It is not collision-resistant against an adversary and
//! is not used where that matters: authenticity comes from the cookie HMAC, not from here.

/// FNV-1a 64 offset basis.
const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
/// FNV-1a 64 prime.
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// A streaming FNV-1a 64 state.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fnv64(u64);

impl Fnv64 {
    /// Starts a hash at the FNV-1a 64 offset basis.
    pub(crate) const fn new() -> Self {
        Fnv64(OFFSET)
    }

    /// Folds one byte in.
    #[inline]
    pub(crate) fn byte(&mut self, b: u8) {
        self.0 = (self.0 ^ u64::from(b)).wrapping_mul(PRIME);
    }

    /// Folds bytes in, unchanged.
    #[inline]
    pub(crate) fn bytes(&mut self, bs: &[u8]) {
        for &b in bs {
            self.byte(b);
        }
    }

    /// Folds bytes in, ASCII-lower-cased on the fly (no copy).
    #[inline]
    pub(crate) fn bytes_lower(&mut self, bs: &[u8]) {
        for &b in bs {
            self.byte(b.to_ascii_lowercase());
        }
    }

    /// Returns the hash of everything folded in so far.
    pub(crate) fn finish(self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_published_fnv1a64_vectors() {
        // Vectors from the FNV reference (isthe.com/chongo/tech/comp/fnv).
        for (input, want) in [
            (&b""[..], 0xcbf2_9ce4_8422_2325u64),
            (b"a", 0xaf63_dc4c_8601_ec8c),
            (b"foobar", 0x8594_4171_f739_67e8),
        ] {
            let mut h = Fnv64::new();
            h.bytes(input);
            assert_eq!(h.finish(), want, "input {input:?}");
        }
    }

    #[test]
    fn lower_folding_equals_hashing_lowercase_bytes() {
        let mut a = Fnv64::new();
        a.bytes_lower(b"Accept-Language");
        let mut b = Fnv64::new();
        b.bytes(b"accept-language");
        assert_eq!(a.finish(), b.finish());
    }
}
