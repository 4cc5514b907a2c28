//! Which address a lookup should use, and whether it can have geo data at all.
//!
//! Owns the canonicalisation of IPv6 forms that embed an IPv4 address, and the test for
//! addresses that are never on the public internet. It does not decide whether a client
//! address is trusted (that is `client`).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Returns the address whose records describe `ip`.
///
/// IPv4-mapped (`::ffff:a.b.c.d`), 6to4 (`2002:aabb:ccdd::/48`) and Teredo (`2001:0::/32`,
/// client address stored inverted in the last 32 bits) all carry an IPv4 client address;
/// the country data only knows that address under its IPv4 form, so every form maps to it.
pub(crate) fn effective_ip(ip: IpAddr) -> IpAddr {
    match ip.to_canonical() {
        IpAddr::V6(v6) => match v6.segments() {
            [0x2002, hi, lo, ..] => IpAddr::V4(v4_from_halves(hi, lo)),
            [0x2001, 0, _, _, _, _, hi, lo] => IpAddr::V4(v4_from_halves(!hi, !lo)),
            _ => IpAddr::V6(v6),
        },
        v4 => v4,
    }
}

fn v4_from_halves(hi: u16, lo: u16) -> Ipv4Addr {
    Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo))
}

/// Returns true when `ip` (already canonical) may be a public internet address.
///
/// Private, loopback, link-local, shared (CGNAT), documentation, benchmarking, multicast,
/// reserved and unspecified addresses are never looked up: they have no country or ASN,
/// and the shipped country data wrongly maps some of them (192.168.0.0/16) to a country.
pub(crate) fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, ..] = ip.octets();
    let special = ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || a == 0 // 0.0.0.0/8 "this network"
        || a >= 240 // 240.0.0.0/4 reserved
        || (a == 100 && (b & 0xc0) == 64) // 100.64.0.0/10 shared address space (CGNAT)
        || (a == 198 && (b & 0xfe) == 18); // 198.18.0.0/15 benchmarking
    !special
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let [first, second, ..] = ip.segments();
    let special = ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || ip.is_unique_local()
        || ip.is_unicast_link_local()
        || (first == 0x2001 && second == 0x0db8); // 2001:db8::/32 documentation
    !special
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("test address")
    }

    #[test]
    fn maps_embedded_ipv4_forms_to_ipv4() {
        let cases = [
            ("::ffff:8.8.8.8", "8.8.8.8"),
            ("2002:0808:0404::1", "8.8.4.4"),
            // Teredo: server 65.54.227.120, client 192.0.2.45 stored inverted (3fff:fdd2).
            ("2001:0:4136:e378:8000:63bf:3fff:fdd2", "192.0.2.45"),
            ("8.8.8.8", "8.8.8.8"),
            ("2001:4860:4860::8888", "2001:4860:4860::8888"),
            // 2001:db8::/32 is not Teredo (second segment non-zero).
            ("2001:db8::1", "2001:db8::1"),
        ];
        for (input, want) in cases {
            assert_eq!(effective_ip(ip(input)), ip(want), "{input}");
        }
    }

    #[test]
    fn refuses_addresses_that_are_never_public() {
        for s in [
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "127.0.0.1",
            "169.254.1.1",
            "0.0.0.0",
            "0.1.2.3",
            "255.255.255.255",
            "240.0.0.1",
            "224.0.0.1",
            "100.64.0.1",
            "100.127.255.255",
            "198.18.0.1",
            "192.0.2.1",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "ff02::1",
            "2001:db8::1",
        ] {
            assert!(!is_public(ip(s)), "{s} must not be looked up");
        }
    }

    #[test]
    fn accepts_public_addresses_next_to_special_ranges() {
        for s in [
            "8.8.8.8",
            "1.1.1.1",
            "100.63.255.255",
            "100.128.0.0",
            "198.20.0.1",
            "172.32.0.1",
            "2001:4860:4860::8888",
            "2606:4700::1111",
        ] {
            assert!(is_public(ip(s)), "{s} must be looked up");
        }
    }
}
