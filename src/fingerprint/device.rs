//! [`DeviceId`]: the 128-bit identity carried by the signed device cookie.
//!
//! Owns only the value type and its text forms. It does not know how the id is signed
//! (`cookie.rs`) or what is remembered about it (`store.rs`).

use super::FingerprintError;
use std::fmt;
use std::str::FromStr;

/// A device identity: 16 random bytes minted by [`super::issue`] and carried in the signed
/// device cookie.
///
/// It is unique, not secret: the cookie's HMAC tag, not the id's unpredictability, is what
/// stops a client from claiming another device. `Display` renders 32 lowercase hex digits
/// (the form used in `X-Device-Id`, logs and the admin device list) without allocating.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeviceId([u8; 16]);

impl DeviceId {
    /// Length of the id in bytes.
    pub const LEN: usize = 16;

    /// Wraps raw bytes, e.g. the id half of a verified cookie.
    pub const fn from_bytes(bytes: [u8; 16]) -> Self {
        DeviceId(bytes)
    }

    /// Returns the raw bytes, e.g. to key a shared-state backend.
    pub const fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// Draws a fresh id from the thread-local PRNG (`fastrand`, seeded from the OS-keyed
    /// `RandomState`); called by [`super::issue`] when a request carries no valid cookie.
    pub fn random() -> Self {
        DeviceId(fastrand::u128(..).to_be_bytes())
    }

    /// Writes the 32 lowercase hex digits into a stack buffer.
    fn hex(&self) -> [u8; 32] {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut out = [0u8; 32];
        for (i, b) in self.0.iter().enumerate() {
            out[2 * i] = DIGITS[usize::from(b >> 4)];
            out[2 * i + 1] = DIGITS[usize::from(b & 0x0f)];
        }
        out
    }
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hex = self.hex();
        // Hex digits are ASCII, so this conversion cannot fail; fall back to an error rather
        // than panicking all the same.
        f.write_str(std::str::from_utf8(&hex).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DeviceId({self})")
    }
}

impl FromStr for DeviceId {
    type Err = FingerprintError;

    /// Parses exactly 32 hex digits (either case), the form `Display` writes; used by the
    /// admin device list and log replay.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || FingerprintError::BadDeviceId {
            input: s.chars().take(40).collect(),
        };
        let b = s.as_bytes();
        if b.len() != 32 {
            return Err(bad());
        }
        let mut out = [0u8; 16];
        for (i, pair) in b.chunks_exact(2).enumerate() {
            let hi = hex_val(pair[0]).ok_or_else(bad)?;
            let lo = hex_val(pair[1]).ok_or_else(bad)?;
            out[i] = (hi << 4) | lo;
        }
        Ok(DeviceId(out))
    }
}

fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_32_lowercase_hex_and_parses_back() {
        let id = DeviceId::from_bytes([
            0x00, 0x01, 0xab, 0xcd, 0xef, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80, 0x90,
            0xa0, 0xff,
        ]);
        let s = id.to_string();
        assert_eq!(s, "0001abcdef102030405060708090a0ff");
        assert_eq!(s.parse::<DeviceId>().unwrap(), id);
        assert_eq!(
            "0001ABCDEF102030405060708090A0FF"
                .parse::<DeviceId>()
                .unwrap(),
            id
        );
        assert_eq!(
            format!("{id:?}"),
            "DeviceId(0001abcdef102030405060708090a0ff)"
        );
    }

    #[test]
    fn from_str_refuses_wrong_length_or_non_hex() {
        for bad in [
            "",
            "0001abcdef102030405060708090a0f",
            "0001abcdef102030405060708090a0ff0",
            "0001abcdef102030405060708090a0fg",
            "+001abcdef102030405060708090a0ff",
            "é001abcdef102030405060708090a0f",
        ] {
            assert!(bad.parse::<DeviceId>().is_err(), "{bad:?} must be refused");
        }
    }

    #[test]
    fn random_ids_differ() {
        assert_ne!(DeviceId::random(), DeviceId::random());
    }
}
