//! Builds `geoip/asn.mmdb` from the `@ip-location-db/asn` CSV files.
//!
//! Owns the range → CIDR conversion, the carving of IPv6 space that must stay free for IPv4
//! aliases, overlap reporting and the deterministic write. It runs offline (the
//! `riskgate geoip build-asn` subcommand, `geoip/refresh.sh`), never on a request path, and
//! it does not fetch anything: the CSVs are given to it.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::{Path, PathBuf};
use std::time::{Duration, UNIX_EPOCH};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use mmdb_writer::{IpVersion, Value, Writer};

use super::csv::{read_rows, AsnRow, Family};
use super::GeoError;

/// `database_type` written into the metadata of the built file.
pub const ASN_DATABASE_TYPE: &str = "riskgate-ASN";

/// How many example ranges a [`BuildReport`] keeps per kind of finding.
const MAX_EXAMPLES: usize = 5;

/// IPv6 space the builder never writes ASN data into, because the IPv6 tree uses it to reach
/// IPv4 data: `::/96` holds the IPv4 subtree itself, and the writer aliases IPv4-mapped,
/// Teredo and 6to4 space to that subtree. Data there would hide the aliases (a Teredo
/// lookup would answer the Teredo relay's AS instead of the embedded IPv4 client's).
const RESERVED_V6: [ReservedNet; 4] = [
    ReservedNet {
        base: 0,
        len: 96,
        name: "IPv4 subtree ::/96",
    },
    ReservedNet {
        base: 0xffff_0000_0000,
        len: 96,
        name: "IPv4-mapped ::ffff:0:0/96",
    },
    ReservedNet {
        base: 0x2001 << 112,
        len: 32,
        name: "Teredo 2001::/32",
    },
    ReservedNet {
        base: 0x2002 << 112,
        len: 16,
        name: "6to4 2002::/16",
    },
];

/// An IPv6 prefix the builder keeps free of data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReservedNet {
    base: u128,
    len: u8,
    name: &'static str,
}

impl fmt::Display for ReservedNet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// One row of a source CSV, for reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceRange {
    /// 1-based line in its CSV (the IPv4 or IPv6 file, by the address family).
    pub line: usize,
    /// First address of the inclusive range.
    pub start: IpAddr,
    /// Last address of the inclusive range.
    pub end: IpAddr,
    /// The AS number of the row.
    pub asn: u32,
}

impl fmt::Display for SourceRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = if self.start.is_ipv4() { "ipv4" } else { "ipv6" };
        write!(
            f,
            "{file} line {}: {}-{} AS{}",
            self.line, self.start, self.end, self.asn
        )
    }
}

/// Why a source range was left out of the database, wholly or in part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// The whole range lies in IPv6 space kept for IPv4 aliases.
    Reserved(ReservedNet),
    /// Part of the range lies in IPv6 space kept for IPv4 aliases; the rest was written.
    Trimmed(ReservedNet),
    /// The row names AS0, which means "not announced".
    Asn0,
}

/// A source range that was skipped or trimmed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRange {
    /// The source row.
    pub range: SourceRange,
    /// What happened to it.
    pub reason: SkipReason,
}

/// Two source ranges that share addresses. The later one (by start address; for equal
/// starts, the narrower one) wins on the shared addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeOverlap {
    /// The range seen first (it reaches furthest among those seen so far).
    pub earlier: SourceRange,
    /// The range that starts inside `earlier`.
    pub later: SourceRange,
}

/// What one ASN build did. Returned by [`build_asn_mmdb`] for the CLI to print.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildReport {
    /// Rows read from the IPv4 CSV.
    pub ipv4_ranges: usize,
    /// Rows read from the IPv6 CSV.
    pub ipv6_ranges: usize,
    /// CIDR networks inserted into the tree (after trimming).
    pub networks_written: usize,
    /// Rows left out entirely (reserved IPv6 space, AS0).
    pub ranges_skipped: usize,
    /// Rows written only in part (they straddle reserved IPv6 space).
    pub ranges_trimmed: usize,
    /// Up to five skipped or trimmed rows.
    pub skipped_examples: Vec<SkippedRange>,
    /// Source rows that start inside an earlier row's range.
    pub overlaps: usize,
    /// Up to five overlapping pairs.
    pub overlap_examples: Vec<RangeOverlap>,
    /// Size of the written file in bytes.
    pub bytes_written: usize,
}

impl BuildReport {
    /// Rows read from both CSVs.
    pub fn ranges_read(&self) -> usize {
        self.ipv4_ranges + self.ipv6_ranges
    }
}

impl fmt::Display for BuildReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "read {} ranges ({} IPv4, {} IPv6); wrote {} networks, {} bytes",
            self.ranges_read(),
            self.ipv4_ranges,
            self.ipv6_ranges,
            self.networks_written,
            self.bytes_written
        )?;
        writeln!(
            f,
            "skipped {} ranges, trimmed {}",
            self.ranges_skipped, self.ranges_trimmed
        )?;
        for s in &self.skipped_examples {
            let why = match &s.reason {
                SkipReason::Reserved(net) => format!("inside {net}"),
                SkipReason::Trimmed(net) => format!("trimmed around {net}"),
                SkipReason::Asn0 => "AS0".to_owned(),
            };
            writeln!(f, "  {}: {why}", s.range)?;
        }
        write!(f, "overlapping source ranges: {}", self.overlaps)?;
        for o in &self.overlap_examples {
            write!(f, "\n  {} overlaps {}", o.later, o.earlier)?;
        }
        Ok(())
    }
}

/// Builds the ASN database from the two source CSVs and writes it to `out`.
///
/// Called by `riskgate geoip build-asn` (and so by `geoip/refresh.sh`). `build_epoch` is the
/// Unix time in seconds written to the metadata; pass the data's date, not the clock, so the
/// same CSVs always give a byte-identical file. Rows are sorted before insertion, so input
/// order does not matter either. Each record decodes as `maxminddb::geoip2::Asn`.
///
/// Overlapping rows are reported, not refused. `out` is replaced atomically (written to a
/// `.tmp` sibling, then renamed), so a running riskgate never reads half a file.
pub fn build_asn_mmdb(
    ipv4_csv: &Path,
    ipv6_csv: &Path,
    out: &Path,
    build_epoch: u64,
) -> Result<BuildReport, GeoError> {
    let mut v4 = read_rows(ipv4_csv, Family::V4)?;
    let mut v6 = read_rows(ipv6_csv, Family::V6)?;
    let (bytes, report) = build_asn_bytes(&mut v4, &mut v6, build_epoch)?;
    write_atomically(out, &bytes)?;
    Ok(report)
}

/// Builds the database in memory from parsed rows (sorted in place).
pub(crate) fn build_asn_bytes(
    v4: &mut [AsnRow],
    v6: &mut [AsnRow],
    build_epoch: u64,
) -> Result<(Vec<u8>, BuildReport), GeoError> {
    let epoch = UNIX_EPOCH
        .checked_add(Duration::from_secs(build_epoch))
        .ok_or(GeoError::InvalidEpoch { epoch: build_epoch })?;
    let mut writer = Writer::builder(ASN_DATABASE_TYPE)
        .description(&[(
            "en",
            "IP to ASN from @ip-location-db/asn (RouteViews, DB-IP, NRO; CC BY 4.0)",
        )])
        .ip_version(IpVersion::V6)
        .build_epoch(epoch)
        .build();
    let mut report = BuildReport {
        ipv4_ranges: v4.len(),
        ipv6_ranges: v6.len(),
        ..BuildReport::default()
    };
    let mut probes = Vec::new();
    for (rows, family) in [(v4, Family::V4), (v6, Family::V6)] {
        // Start ascending, then end descending: a range nested in another comes after it
        // and wins on its addresses, so the more specific announcement is the answer.
        rows.sort_unstable_by(|a, b| {
            (a.start, b.end, a.asn, &a.org).cmp(&(b.start, a.end, b.asn, &b.org))
        });
        find_overlaps(rows, family, &mut report);
        if let Some(probe) = insert_rows(&mut writer, rows, family, &mut report)? {
            probes.push(probe);
        }
    }
    let bytes = writer
        .to_bytes()
        .map_err(|source| GeoError::Serialize { source })?;
    self_check(&bytes, &probes)?;
    report.bytes_written = bytes.len();
    Ok((bytes, report))
}

fn find_overlaps(rows: &[AsnRow], family: Family, report: &mut BuildReport) {
    let mut widest: Option<&AsnRow> = None;
    for row in rows {
        if let Some(w) = widest {
            if row.start <= w.end {
                report.overlaps += 1;
                if report.overlap_examples.len() < MAX_EXAMPLES {
                    report.overlap_examples.push(RangeOverlap {
                        earlier: source_range(w, family),
                        later: source_range(row, family),
                    });
                }
            }
        }
        if widest.is_none_or(|w| row.end > w.end) {
            widest = Some(row);
        }
    }
}

/// Inserts every row; returns an address of the last written row and its ASN, which no
/// later insert can have overwritten, for the read-back check.
fn insert_rows(
    writer: &mut Writer,
    rows: &[AsnRow],
    family: Family,
    report: &mut BuildReport,
) -> Result<Option<(IpAddr, u32)>, GeoError> {
    let bits = match family {
        Family::V4 => 32,
        Family::V6 => 128,
    };
    let mut probe = None;
    let mut pieces = Vec::new();
    for row in rows {
        if row.asn == 0 {
            note_skip(report, row, family, SkipReason::Asn0);
            report.ranges_skipped += 1;
            continue;
        }
        pieces.clear();
        let mut hit = None;
        for_each_cidr(row.start, row.end, bits, |base, len| {
            if family == Family::V6 {
                hit = carve(base, len, &mut pieces).or(hit);
            } else {
                pieces.push((base, len));
            }
        });
        if let Some(net) = hit {
            let reason = if pieces.is_empty() {
                report.ranges_skipped += 1;
                SkipReason::Reserved(net)
            } else {
                report.ranges_trimmed += 1;
                SkipReason::Trimmed(net)
            };
            note_skip(report, row, family, reason);
        }
        let mut entries = vec![("autonomous_system_number", Value::from(row.asn))];
        if !row.org.is_empty() {
            entries.push((
                "autonomous_system_organization",
                Value::from(row.org.as_str()),
            ));
        }
        let value = Value::map(entries);
        for &(base, len) in &pieces {
            let network = to_net(family, base, len)?;
            writer
                .insert_value(network, value.clone())
                .map_err(|source| GeoError::Insert { network, source })?;
            report.networks_written += 1;
            probe = Some((network.network(), row.asn));
        }
    }
    Ok(probe)
}

fn note_skip(report: &mut BuildReport, row: &AsnRow, family: Family, reason: SkipReason) {
    if report.skipped_examples.len() < MAX_EXAMPLES {
        report.skipped_examples.push(SkippedRange {
            range: source_range(row, family),
            reason,
        });
    }
}

/// Calls `f(base, prefix_len)` for the minimal CIDR cover of the inclusive range
/// `[start, end]` in a `bits`-wide address space, in ascending order.
pub(crate) fn for_each_cidr(mut start: u128, end: u128, bits: u32, mut f: impl FnMut(u128, u8)) {
    loop {
        let align = if start == 0 {
            bits
        } else {
            start.trailing_zeros().min(bits)
        };
        // Largest size whose block [start, start + 2^size - 1] stays within `end`.
        let span = end - start;
        let fit = match span.checked_add(1) {
            Some(count) => 127 - count.leading_zeros(),
            None => 128,
        };
        let size = align.min(fit);
        // `size <= bits <= 128`, so the prefix length fits a u8.
        f(start, (bits - size) as u8);
        if size == 128 {
            return;
        }
        let last = start + ((1u128 << size) - 1);
        if last >= end {
            return;
        }
        start = last + 1;
    }
}

/// Splits an IPv6 CIDR around [`RESERVED_V6`], pushing the parts outside it to `out`.
/// Returns the reserved prefix it collided with, if any.
fn carve(base: u128, len: u8, out: &mut Vec<(u128, u8)>) -> Option<ReservedNet> {
    if let Some(r) = RESERVED_V6
        .iter()
        .find(|r| r.len <= len && same_prefix(base, r.base, r.len))
    {
        return Some(*r);
    }
    let Some(inner) = RESERVED_V6
        .iter()
        .find(|r| r.len > len && same_prefix(base, r.base, len))
    else {
        out.push((base, len));
        return None;
    };
    // `len < inner.len <= 128`, so the halves exist.
    let half = 1u128 << (127 - len);
    carve(base, len + 1, out);
    carve(base | half, len + 1, out);
    Some(*inner)
}

fn same_prefix(a: u128, b: u128, len: u8) -> bool {
    len == 0 || (a ^ b) >> (128 - u32::from(len)) == 0
}

fn to_net(family: Family, base: u128, len: u8) -> Result<IpNet, GeoError> {
    let net = match family {
        Family::V4 => u32::try_from(base)
            .ok()
            .and_then(|b| Ipv4Net::new(Ipv4Addr::from(b), len).ok())
            .map(IpNet::V4),
        Family::V6 => Ipv6Net::new(Ipv6Addr::from(base), len).ok().map(IpNet::V6),
    };
    net.ok_or_else(|| GeoError::SelfCheck {
        reason: format!("computed an impossible network {base:#x}/{len}"),
    })
}

fn source_range(row: &AsnRow, family: Family) -> SourceRange {
    let addr = |v: u128| match family {
        // IPv4 rows were parsed from 32-bit addresses; the cast keeps all their bits.
        Family::V4 => IpAddr::V4(Ipv4Addr::from(v as u32)),
        Family::V6 => IpAddr::V6(Ipv6Addr::from(v)),
    };
    SourceRange {
        line: row.line,
        start: addr(row.start),
        end: addr(row.end),
        asn: row.asn,
    }
}

/// Reads the built bytes back and checks the probes answer their ASN, directly and (for
/// IPv4) through the IPv4-mapped alias.
fn self_check(bytes: &[u8], probes: &[(IpAddr, u32)]) -> Result<(), GeoError> {
    let fail = |reason: String| GeoError::SelfCheck { reason };
    let reader = maxminddb::Reader::from_source(bytes).map_err(|e| fail(e.to_string()))?;
    for &(ip, want) in probes {
        let mut forms = vec![ip];
        if let IpAddr::V4(v4) = ip {
            forms.push(IpAddr::V6(v4.to_ipv6_mapped()));
        }
        for form in forms {
            let got = reader
                .lookup(form)
                .and_then(|r| r.decode::<maxminddb::geoip2::Asn>())
                .map_err(|e| fail(format!("{form}: {e}")))?
                .and_then(|a| a.autonomous_system_number);
            if got != Some(want) {
                return Err(fail(format!("{form}: expected AS{want}, found {got:?}")));
            }
        }
    }
    Ok(())
}

fn write_atomically(out: &Path, bytes: &[u8]) -> Result<(), GeoError> {
    let mut tmp_name = out.as_os_str().to_owned();
    tmp_name.push(".tmp");
    let tmp = PathBuf::from(tmp_name);
    std::fs::write(&tmp, bytes).map_err(|source| GeoError::Write {
        path: tmp.clone(),
        source,
    })?;
    std::fs::rename(&tmp, out).map_err(|source| GeoError::Write {
        path: out.to_owned(),
        source,
    })
}

#[cfg(test)]
#[path = "build_tests.rs"]
mod tests;
