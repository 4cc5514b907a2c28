//! `server.max_connections_per_address`: a cap on the client connections one address
//! holds open at once, so a single host cannot take a listener's whole
//! `server.max_connections` (slowloris from one machine, a runaway client).
//!
//! The address is the TCP peer: an IPv4 address, or the `/64` of an IPv6 address (one
//! subscriber holds a whole `/64`, so counting single IPv6 addresses would cap nothing).
//! Peers in `server.trusted_proxies` (CDN edges, load balancers) are not counted: each
//! carries many clients. Over the cap a connection gets the same 503 and close as over
//! `server.max_connections` (see [`super::conn_cap`]), and is counted in
//! `riskgate_connections_refused_per_address_total`.
//!
//! The table is sharded by address so that two workers rarely take the same lock, and an
//! address's entry is removed when its last connection closes: the table holds only the
//! addresses connected now, never a history.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::net::IpAddr;
use std::sync::Mutex;

const SHARDS: usize = 16;

/// The key an address is counted under: IPv4 (and IPv4-mapped IPv6) by address, IPv6 by
/// its `/64`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AddressKey {
    /// One IPv4 address.
    V4(u32),
    /// The first 64 bits of an IPv6 address.
    V6Prefix(u64),
}

impl AddressKey {
    /// The key `ip` is counted under.
    pub fn of(ip: IpAddr) -> Self {
        match ip.to_canonical() {
            IpAddr::V4(v4) => AddressKey::V4(u32::from(v4)),
            IpAddr::V6(v6) => AddressKey::V6Prefix((u128::from(v6) >> 64) as u64),
        }
    }
}

/// A connection refused because its address holds the cap already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressFull;

/// Open connections per address, now.
pub struct PerAddress {
    shards: [Mutex<HashMap<AddressKey, u32>>; SHARDS],
    hasher: std::collections::hash_map::RandomState,
}

/// A connection counted against its address; the count drops when it is dropped.
pub struct Held<'a> {
    table: &'a PerAddress,
    key: AddressKey,
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        let mut shard = self.table.shard(self.key);
        if let Some(n) = shard.get_mut(&self.key) {
            *n -= 1;
            if *n == 0 {
                shard.remove(&self.key);
            }
        }
    }
}

impl Default for PerAddress {
    fn default() -> Self {
        PerAddress {
            shards: std::array::from_fn(|_| Mutex::new(HashMap::new())),
            hasher: Default::default(),
        }
    }
}

impl PerAddress {
    fn shard(&self, key: AddressKey) -> std::sync::MutexGuard<'_, HashMap<AddressKey, u32>> {
        let i = self.hasher.hash_one(key) as usize % SHARDS;
        // A panic while holding a shard leaves counts that are still valid numbers.
        self.shards[i].lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Counts one more connection of `ip`; `None` when `ip` holds `max` already.
    pub fn admit(&self, ip: IpAddr, max: u32) -> Option<Held<'_>> {
        let key = AddressKey::of(ip);
        let mut shard = self.shard(key);
        let n = shard.entry(key).or_insert(0);
        if *n >= max {
            return None;
        }
        *n += 1;
        drop(shard);
        Some(Held { table: self, key })
    }

    /// Connections `ip`'s key holds now (tests and diagnostics).
    pub fn open(&self, ip: IpAddr) -> u32 {
        let key = AddressKey::of(ip);
        self.shard(key).get(&key).copied().unwrap_or(0)
    }

    /// Addresses with at least one connection now.
    pub fn addresses(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.lock().unwrap_or_else(|p| p.into_inner()).len())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn an_address_holds_at_most_max_and_a_closed_connection_frees_its_place() {
        let t = PerAddress::default();
        let a = t.admit(ip("192.0.2.7"), 2).unwrap();
        let _b = t.admit(ip("192.0.2.7"), 2).unwrap();
        assert!(t.admit(ip("192.0.2.7"), 2).is_none());
        // Another address is counted apart.
        let _c = t.admit(ip("192.0.2.8"), 2).unwrap();
        drop(a);
        assert_eq!(t.open(ip("192.0.2.7")), 1);
        assert!(t.admit(ip("192.0.2.7"), 2).is_some());
    }

    #[test]
    fn ipv6_is_counted_per_64_and_mapped_ipv4_as_ipv4() {
        let t = PerAddress::default();
        let _a = t.admit(ip("2001:db8:1:2::1"), 2).unwrap();
        let _b = t.admit(ip("2001:db8:1:2:ffff::9"), 2).unwrap();
        assert!(t.admit(ip("2001:db8:1:2::abcd"), 2).is_none());
        assert!(t.admit(ip("2001:db8:1:3::1"), 2).is_some());
        let _c = t.admit(ip("::ffff:198.51.100.1"), 1).unwrap();
        assert!(t.admit(ip("198.51.100.1"), 1).is_none());
    }

    #[test]
    fn the_table_forgets_an_address_once_its_last_connection_closes() {
        let t = PerAddress::default();
        let held: Vec<_> = (0..50u8)
            .map(|i| t.admit(IpAddr::from([10, 0, 0, i]), 4).unwrap())
            .collect();
        assert_eq!(t.addresses(), 50);
        drop(held);
        assert_eq!(t.addresses(), 0);
    }
}
