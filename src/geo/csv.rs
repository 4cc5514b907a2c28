//! Reads the `@ip-location-db/asn` CSV files (`asn-ipv4.csv`, `asn-ipv6.csv`).
//!
//! Owns the row format `range_start,range_end,asn,"organisation"` (inclusive ranges,
//! RFC 4180 quoting in the last field only). It does not convert ranges to networks or
//! write anything (that is `build`).

use std::net::{Ipv4Addr, Ipv6Addr};
use std::path::Path;

use super::GeoError;

/// Which address family a CSV file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    V4,
    V6,
}

/// One source row: an inclusive address range and the AS announcing it.
///
/// Addresses are kept as integers (IPv4 in the low 32 bits) so rows sort and compare
/// cheaply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AsnRow {
    /// 1-based line in the source file.
    pub line: usize,
    pub start: u128,
    pub end: u128,
    pub asn: u32,
    pub org: String,
}

/// Reads every row of one CSV file, in file order. Fails on the first malformed row.
pub(crate) fn read_rows(path: &Path, family: Family) -> Result<Vec<AsnRow>, GeoError> {
    let text = std::fs::read_to_string(path).map_err(|source| GeoError::CsvRead {
        path: path.to_owned(),
        source,
    })?;
    let mut rows = Vec::with_capacity(text.len() / 48);
    for (idx, raw) in text.lines().enumerate() {
        let line = idx + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        if raw.trim().is_empty() {
            continue;
        }
        let row = parse_row(raw, family, line).map_err(|reason| GeoError::CsvLine {
            path: path.to_owned(),
            line,
            reason,
        })?;
        rows.push(row);
    }
    Ok(rows)
}

/// Parses one non-empty line. The error is a plain-words reason.
pub(crate) fn parse_row(raw: &str, family: Family, line: usize) -> Result<AsnRow, String> {
    let mut parts = raw.splitn(4, ',');
    let (Some(start), Some(end), Some(asn), Some(org)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err("expected 4 fields: range_start,range_end,asn,organisation".to_owned());
    };
    let start = parse_addr(start.trim(), family)?;
    let end = parse_addr(end.trim(), family)?;
    if start > end {
        return Err("range start is above range end".to_owned());
    }
    let asn = asn.trim().parse::<u32>().map_err(|_| {
        format!(
            "AS number `{}` is not a 32-bit unsigned integer",
            asn.trim()
        )
    })?;
    let org = unquote(org)?;
    Ok(AsnRow {
        line,
        start,
        end,
        asn,
        org,
    })
}

fn parse_addr(s: &str, family: Family) -> Result<u128, String> {
    match family {
        Family::V4 => s
            .parse::<Ipv4Addr>()
            .map(|a| u128::from(u32::from(a)))
            .map_err(|_| format!("`{s}` is not an IPv4 address")),
        Family::V6 => s
            .parse::<Ipv6Addr>()
            .map(u128::from)
            .map_err(|_| format!("`{s}` is not an IPv6 address")),
    }
}

/// Decodes the organisation field: bare text, or a quoted string with `""` escapes.
fn unquote(field: &str) -> Result<String, String> {
    let Some(inner) = field.strip_prefix('"') else {
        if field.contains('"') {
            return Err("unquoted organisation contains a quote".to_owned());
        }
        return Ok(field.to_owned());
    };
    let Some(inner) = inner.strip_suffix('"') else {
        return Err("quoted organisation has no closing quote".to_owned());
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '"' && chars.next() != Some('"') {
            return Err("stray quote inside quoted organisation".to_owned());
        }
        out.push(c);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rows_of_both_families_with_quoting() {
        let cases = [
            (
                "1.0.0.0,1.0.0.255,13335,\"Cloudflare, Inc.\"",
                Family::V4,
                (0x0100_0000, 0x0100_00ff, 13335, "Cloudflare, Inc."),
            ),
            (
                "2.26.200.0,2.26.215.255,201907,\"LLC \"\"SPUTNIK\"\"\"",
                Family::V4,
                (0x021a_c800, 0x021a_d7ff, 201907, "LLC \"SPUTNIK\""),
            ),
            (
                "1.0.4.0,1.0.7.255,38803,Gtelecom Pty Ltd",
                Family::V4,
                (0x0100_0400, 0x0100_07ff, 38803, "Gtelecom Pty Ltd"),
            ),
            (
                "2001:4:112::,2001:4:112:ffff:ffff:ffff:ffff:ffff,112,DNS-OARC",
                Family::V6,
                (
                    0x2001_0004_0112_0000_0000_0000_0000_0000,
                    0x2001_0004_0112_ffff_ffff_ffff_ffff_ffff,
                    112,
                    "DNS-OARC",
                ),
            ),
            (
                "9.9.9.9,9.9.9.9,19281,",
                Family::V4,
                (0x0909_0909, 0x0909_0909, 19281, ""),
            ),
        ];
        for (raw, family, (start, end, asn, org)) in cases {
            let row = parse_row(raw, family, 7).expect(raw);
            assert_eq!(
                (row.line, row.start, row.end, row.asn),
                (7, start, end, asn),
                "{raw}"
            );
            assert_eq!(row.org, org, "{raw}");
        }
    }

    #[test]
    fn refuses_malformed_rows_with_a_reason() {
        let cases = [
            ("1.0.0.0,1.0.0.255,13335", Family::V4, "expected 4 fields"),
            ("1.0.0.0,1.0.0.255,AS13335,x", Family::V4, "not a 32-bit"),
            ("1.0.0.9,1.0.0.1,1,x", Family::V4, "start is above"),
            ("::1,::2,1,x", Family::V4, "not an IPv4 address"),
            ("1.0.0.0,1.0.0.1,1,x", Family::V6, "not an IPv6 address"),
            ("1.0.0.0,1.0.0.1,1,\"open", Family::V4, "no closing quote"),
            ("1.0.0.0,1.0.0.1,1,a\"b", Family::V4, "contains a quote"),
            ("1.0.0.0,1.0.0.1,1,\"a\"b\"", Family::V4, "stray quote"),
        ];
        for (raw, family, want) in cases {
            let reason = parse_row(raw, family, 1).expect_err(raw);
            assert!(reason.contains(want), "{raw}: {reason}");
        }
    }

    #[test]
    fn reads_files_skipping_blank_lines_and_naming_bad_lines() {
        let dir = tempfile::tempdir().expect("tempdir");
        let good = dir.path().join("good.csv");
        std::fs::write(&good, "1.0.0.0,1.0.0.255,1,a\r\n\n2.0.0.0,2.0.0.255,2,b\n").expect("write");
        let rows = read_rows(&good, Family::V4).expect("good file");
        assert_eq!(
            rows.iter().map(|r| (r.line, r.asn)).collect::<Vec<_>>(),
            [(1, 1), (3, 2)]
        );
        assert_eq!(rows[0].org, "a");

        let bad = dir.path().join("bad.csv");
        std::fs::write(&bad, "1.0.0.0,1.0.0.255,1,a\nnot,a,row,x\n").expect("write");
        let err = read_rows(&bad, Family::V4)
            .expect_err("bad file")
            .to_string();
        assert!(
            err.contains("bad.csv, line 2: `not` is not an IPv4 address"),
            "{err}"
        );

        let missing = dir.path().join("missing.csv");
        let err = read_rows(&missing, Family::V4)
            .expect_err("missing")
            .to_string();
        assert!(err.contains("missing.csv: cannot read"), "{err}");
    }
}
