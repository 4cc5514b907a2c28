//! In-memory list tables: one per (list, kind), immutable once published, looked up on
//! every request.
//!
//! Owns the lookup structures. IPs use one hash map per prefix length present (longest
//! first), so a lookup costs at most one probe per distinct prefix length in the list —
//! 33 for IPv4, 129 for IPv6, typically two or three — however many networks are listed.
//! Tables are copied on write (admin changes are rare) and never mutated while readers see
//! them. Files and validation live elsewhere.

use super::value::Value;
use ipnet::IpNet;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::net::IpAddr;
use std::sync::Arc;

/// A fast hasher for fixed-size integer keys (IP networks, device ids).
///
/// Not keyed: that is safe here because only admins insert keys, so no client can fill a
/// bucket chain; client-controlled values are only looked up. It saves roughly two thirds of
/// each probe against SipHash, and an IP check makes one probe per prefix length listed.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct IntHasher(u64);

impl IntHasher {
    fn mix(&mut self, x: u64) {
        // Folded multiply (as in foldhash/wyhash): every input bit reaches the high bits that
        // hashbrown uses for its control bytes.
        let m = u128::from(self.0 ^ x) * 0x9e37_79b9_7f4a_7c15;
        self.0 = (m as u64) ^ ((m >> 64) as u64);
    }
}

impl Hasher for IntHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut b = [0u8; 8];
            b[..chunk.len()].copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.mix(u64::from(n));
    }

    fn write_u128(&mut self, n: u128) {
        self.mix(n as u64);
        self.mix((n >> 64) as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map keyed by an integer, hashed with [`IntHasher`].
pub(crate) type IntMap<K> = HashMap<K, Entry, BuildHasherDefault<IntHasher>>;

/// One listed value's metadata.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Entry {
    /// Unix seconds from which the entry no longer applies (`None`: permanent).
    pub expires_at: Option<u64>,
    /// Why it was listed.
    pub reason: Option<Arc<str>>,
    /// Unix seconds when it was added, when known.
    pub added_at: Option<u64>,
    /// Who added it, when known.
    pub added_by: Option<Arc<str>>,
}

impl Entry {
    /// Returns true when the entry applies at `now` (Unix seconds).
    pub(crate) fn live(&self, now: u64) -> bool {
        self.expires_at.is_none_or(|e| now < e)
    }
}

/// IP networks, one map per prefix length.
#[derive(Debug, Clone)]
pub(crate) struct IpTable {
    v4: Vec<IntMap<u32>>,
    v6: Vec<IntMap<u128>>,
    /// Prefix lengths with at least one entry, longest first.
    v4_lens: Vec<u8>,
    v6_lens: Vec<u8>,
}

impl Default for IpTable {
    fn default() -> Self {
        IpTable {
            v4: vec![IntMap::default(); 33],
            v6: vec![IntMap::default(); 129],
            v4_lens: Vec::new(),
            v6_lens: Vec::new(),
        }
    }
}

fn mask4(len: u8) -> u32 {
    u32::MAX.checked_shl(32 - u32::from(len)).unwrap_or(0)
}

fn mask6(len: u8) -> u128 {
    u128::MAX.checked_shl(128 - u32::from(len)).unwrap_or(0)
}

impl IpTable {
    fn reindex(&mut self) {
        self.v4_lens = (0..=32u8)
            .rev()
            .filter(|&l| !self.v4[l as usize].is_empty())
            .collect();
        self.v6_lens = (0..=128u8)
            .rev()
            .filter(|&l| !self.v6[l as usize].is_empty())
            .collect();
    }

    /// Returns the most specific live entry containing `ip` (canonicalised first).
    pub(crate) fn lookup(&self, ip: IpAddr, now: u64) -> Option<&Entry> {
        match ip.to_canonical() {
            IpAddr::V4(a) => {
                let a = u32::from(a);
                self.v4_lens.iter().find_map(|&l| {
                    self.v4[l as usize]
                        .get(&(a & mask4(l)))
                        .filter(|e| e.live(now))
                })
            }
            IpAddr::V6(a) => {
                let a = u128::from(a);
                self.v6_lens.iter().find_map(|&l| {
                    self.v6[l as usize]
                        .get(&(a & mask6(l)))
                        .filter(|e| e.live(now))
                })
            }
        }
    }

    fn insert(&mut self, net: IpNet, e: Entry) {
        let l = net.prefix_len();
        match net {
            IpNet::V4(n) => self.v4[l as usize].insert(u32::from(n.network()), e),
            IpNet::V6(n) => self.v6[l as usize].insert(u128::from(n.network()), e),
        };
        self.reindex();
    }

    fn remove(&mut self, net: IpNet) -> bool {
        let l = net.prefix_len() as usize;
        let removed = match net {
            IpNet::V4(n) => self.v4[l].remove(&u32::from(n.network())).is_some(),
            IpNet::V6(n) => self.v6[l].remove(&u128::from(n.network())).is_some(),
        };
        self.reindex();
        removed
    }
}

/// The table of one (list, kind).
#[derive(Debug, Clone)]
pub(crate) enum Table {
    /// IP addresses and networks.
    Ip(IpTable),
    /// Device ids.
    Device(IntMap<u128>),
    /// User keys, emails or domains.
    Text(HashMap<Box<str>, Entry>),
}

impl Table {
    /// Returns the live entry for a device id.
    pub(crate) fn device(&self, id: u128, now: u64) -> Option<&Entry> {
        match self {
            Table::Device(m) => m.get(&id).filter(|e| e.live(now)),
            _ => None,
        }
    }

    /// Returns the live entry for an exact text value.
    pub(crate) fn text(&self, key: &str, now: u64) -> Option<&Entry> {
        match self {
            Table::Text(m) => m.get(key).filter(|e| e.live(now)),
            _ => None,
        }
    }

    /// Returns the live entry of the most specific IP network containing `ip`.
    pub(crate) fn ip(&self, ip: IpAddr, now: u64) -> Option<&Entry> {
        match self {
            Table::Ip(t) => t.lookup(ip, now),
            _ => None,
        }
    }

    /// Inserts or replaces `value`; returns false when the value is of another kind.
    pub(crate) fn insert(&mut self, value: Value, e: Entry) -> bool {
        match (self, value) {
            (Table::Ip(t), Value::Ip(n)) => t.insert(n, e),
            (Table::Device(m), Value::Device(d)) => {
                m.insert(d, e);
            }
            (Table::Text(m), Value::Text(s)) => {
                m.insert(s, e);
            }
            _ => return false,
        }
        true
    }

    /// Removes `value`; returns true when it was present.
    pub(crate) fn remove(&mut self, value: &Value) -> bool {
        match (self, value) {
            (Table::Ip(t), Value::Ip(n)) => t.remove(*n),
            (Table::Device(m), Value::Device(d)) => m.remove(d).is_some(),
            (Table::Text(m), Value::Text(s)) => m.remove(s).is_some(),
            _ => false,
        }
    }

    /// Drops entries expired at `now`; returns how many.
    pub(crate) fn purge(&mut self, now: u64) -> usize {
        fn purge_map<K, S>(m: &mut HashMap<K, Entry, S>, now: u64) -> usize {
            let before = m.len();
            m.retain(|_, e| e.live(now));
            before - m.len()
        }
        match self {
            Table::Ip(t) => {
                let n = t.v4.iter_mut().map(|m| purge_map(m, now)).sum::<usize>()
                    + t.v6.iter_mut().map(|m| purge_map(m, now)).sum::<usize>();
                t.reindex();
                n
            }
            Table::Device(m) => purge_map(m, now),
            Table::Text(m) => purge_map(m, now),
        }
    }

    /// Returns the number of expired entries at `now` (decides whether a purge must write).
    pub(crate) fn expired(&self, now: u64) -> usize {
        self.entries().iter().filter(|(_, e)| !e.live(now)).count()
    }

    /// Returns all entries with their canonical values, sorted by value for stable files.
    pub(crate) fn entries(&self) -> Vec<(Value, &Entry)> {
        let mut out: Vec<(Value, &Entry)> = match self {
            Table::Ip(t) => {
                let v4 = t.v4.iter().enumerate().flat_map(|(l, m)| {
                    m.iter().filter_map(move |(a, e)| {
                        let net = ipnet::Ipv4Net::new((*a).into(), l as u8).ok()?;
                        Some((Value::Ip(IpNet::V4(net)), e))
                    })
                });
                let v6 = t.v6.iter().enumerate().flat_map(|(l, m)| {
                    m.iter().filter_map(move |(a, e)| {
                        let net = ipnet::Ipv6Net::new((*a).into(), l as u8).ok()?;
                        Some((Value::Ip(IpNet::V6(net)), e))
                    })
                });
                v4.chain(v6).collect()
            }
            Table::Device(m) => m.iter().map(|(d, e)| (Value::Device(*d), e)).collect(),
            Table::Text(m) => m.iter().map(|(s, e)| (Value::Text(s.clone()), e)).collect(),
        };
        out.sort_by(|a, b| value_order(&a.0, &b.0));
        out
    }

    /// Returns the number of entries, expired ones included.
    pub(crate) fn len(&self) -> usize {
        match self {
            Table::Ip(t) => {
                t.v4.iter().map(HashMap::len).sum::<usize>()
                    + t.v6.iter().map(HashMap::len).sum::<usize>()
            }
            Table::Device(m) => m.len(),
            Table::Text(m) => m.len(),
        }
    }
}

fn value_order(a: &Value, b: &Value) -> std::cmp::Ordering {
    match (a, b) {
        (Value::Ip(x), Value::Ip(y)) => x.cmp(y),
        (Value::Device(x), Value::Device(y)) => x.cmp(y),
        (Value::Text(x), Value::Text(y)) => x.cmp(y),
        _ => std::cmp::Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lists::value::parse_value;
    use crate::lists::ListKind;

    fn ip_table(entries: &[(&str, Option<u64>)]) -> Table {
        let mut t = Table::Ip(IpTable::default());
        for (v, exp) in entries {
            let e = Entry {
                expires_at: *exp,
                reason: Some((*v).into()),
                ..Entry::default()
            };
            assert!(t.insert(parse_value(ListKind::Ip, v).unwrap(), e));
        }
        t
    }

    fn hit(t: &Table, ip: &str, now: u64) -> Option<String> {
        t.ip(ip.parse().unwrap(), now)
            .and_then(|e| e.reason.as_deref().map(str::to_owned))
    }

    #[test]
    fn cidrs_match_v4_v6_and_mapped_most_specific_first() {
        let t = ip_table(&[
            ("10.0.0.0/8", None),
            ("10.1.0.0/16", None),
            ("192.0.2.7", None),
            ("2001:db8::/32", None),
            ("2001:db8:1::5", None),
            ("::ffff:198.51.100.0/120", None),
        ]);
        let cases: &[(&str, Option<&str>)] = &[
            ("10.200.3.4", Some("10.0.0.0/8")),
            ("10.1.3.4", Some("10.1.0.0/16")),
            ("::ffff:10.1.3.4", Some("10.1.0.0/16")),
            ("192.0.2.7", Some("192.0.2.7")),
            ("::ffff:192.0.2.7", Some("192.0.2.7")),
            ("192.0.2.8", None),
            ("11.0.0.1", None),
            ("2001:db8:ffff::1", Some("2001:db8::/32")),
            ("2001:db8:1::5", Some("2001:db8:1::5")),
            ("2001:db9::1", None),
            ("198.51.100.200", Some("::ffff:198.51.100.0/120")),
        ];
        for (ip, want) in cases {
            assert_eq!(hit(&t, ip, 0).as_deref(), *want, "{ip}");
        }
    }

    #[test]
    fn an_expired_specific_entry_falls_back_to_a_live_wider_one() {
        let t = ip_table(&[("10.0.0.0/8", None), ("10.1.2.3", Some(100))]);
        assert_eq!(hit(&t, "10.1.2.3", 99).as_deref(), Some("10.1.2.3"));
        assert_eq!(hit(&t, "10.1.2.3", 100).as_deref(), Some("10.0.0.0/8"));
    }

    #[test]
    fn purge_and_remove_keep_the_index_consistent() {
        let mut t = ip_table(&[("10.0.0.0/8", Some(50)), ("192.0.2.0/24", None)]);
        assert_eq!(t.expired(60), 1);
        assert_eq!(t.purge(60), 1);
        assert_eq!(t.len(), 1);
        assert!(t.remove(&parse_value(ListKind::Ip, "192.0.2.9/24").unwrap()));
        assert!(!t.remove(&parse_value(ListKind::Ip, "192.0.2.0/24").unwrap()));
        assert_eq!(hit(&t, "192.0.2.1", 0), None);
        assert_eq!(t.len(), 0);
        if let Table::Ip(ip) = &t {
            assert!(ip.v4_lens.is_empty());
        }
    }

    #[test]
    fn entries_render_sorted_canonical_values() {
        let t = ip_table(&[
            ("192.0.2.0/24", None),
            ("10.0.0.1", None),
            ("2001:db8::/32", None),
        ]);
        let values: Vec<String> = t.entries().iter().map(|(v, _)| v.render()).collect();
        assert_eq!(values, ["10.0.0.1", "192.0.2.0/24", "2001:db8::/32"]);
    }
}
