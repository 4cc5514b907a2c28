//! Secrets helpers shared by the admin token check, the console's sessions, the review
//! tokens and the device-cookie key: random bytes from the kernel's CSPRNG, and comparison in
//! constant time.

use std::io::Read;

/// `N` bytes from the kernel's CSPRNG (`/dev/urandom`), never a fast PRNG: keys and tokens
/// made from them must be unpredictable.
pub fn random_bytes<const N: usize>() -> std::io::Result<[u8; N]> {
    let mut out = [0u8; N];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut out)?;
    Ok(out)
}

/// Compares two secrets in time independent of where they differ; a length mismatch is
/// simply unequal.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_eq_compares_whole_values() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(!constant_time_eq(b"", b"a"));
    }

    #[test]
    fn random_bytes_differ_between_calls() {
        let (a, b) = (random_bytes::<32>().unwrap(), random_bytes::<32>().unwrap());
        assert_ne!(a, b);
    }
}
