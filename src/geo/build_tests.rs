//! Tests for the ASN builder: CIDR cover, reserved-space carving, overlap reports,
//! determinism and the records the reader sees.

use super::*;
use maxminddb::geoip2;

fn v4(s: &str) -> u128 {
    u128::from(u32::from(s.parse::<Ipv4Addr>().expect("test v4")))
}

fn v6(s: &str) -> u128 {
    u128::from(s.parse::<Ipv6Addr>().expect("test v6"))
}

fn row(line: usize, start: u128, end: u128, asn: u32, org: &str) -> AsnRow {
    AsnRow {
        line,
        start,
        end,
        asn,
        org: org.to_owned(),
    }
}

fn cidrs(start: u128, end: u128, bits: u32) -> Vec<(u128, u8)> {
    let mut out = Vec::new();
    for_each_cidr(start, end, bits, |b, l| out.push((b, l)));
    out
}

fn asn_at(bytes: &[u8], ip: &str) -> Option<(u32, Option<String>)> {
    let reader = maxminddb::Reader::from_source(bytes).expect("built db reads");
    let rec: geoip2::Asn = reader
        .lookup(ip.parse().expect("test ip"))
        .expect("lookup")
        .decode()
        .expect("decode")?;
    Some((
        rec.autonomous_system_number?,
        rec.autonomous_system_organization.map(str::to_owned),
    ))
}

#[test]
fn covers_ranges_with_minimal_cidrs() {
    type Cidrs = Vec<(u128, u8)>;
    let cases: [(u128, u128, u32, Cidrs); 5] = [
        (
            v4("1.0.0.0"),
            v4("1.0.0.255"),
            32,
            vec![(v4("1.0.0.0"), 24)],
        ),
        (
            v4("1.0.0.0"),
            v4("1.0.0.5"),
            32,
            vec![(v4("1.0.0.0"), 30), (v4("1.0.0.4"), 31)],
        ),
        (
            v4("10.0.0.1"),
            v4("10.0.0.2"),
            32,
            vec![(v4("10.0.0.1"), 32), (v4("10.0.0.2"), 32)],
        ),
        (0, u128::from(u32::MAX), 32, vec![(0, 0)]),
        (0, u128::MAX, 128, vec![(0, 0)]),
    ];
    for (start, end, bits, want) in cases {
        assert_eq!(cidrs(start, end, bits), want, "{start:#x}-{end:#x}");
    }
    let top = cidrs(v6("ffff::"), u128::MAX, 128);
    assert_eq!(top, vec![(v6("ffff::"), 16)]);
}

#[test]
fn carves_reserved_ipv6_space_out_of_wider_networks() {
    // 2000::/15 holds 2001::/32 (Teredo): everything else of it must survive.
    let mut out = Vec::new();
    let hit = carve(v6("2000::"), 15, &mut out);
    assert_eq!(hit.map(|r| r.name), Some("Teredo 2001::/32"));
    let covered: u128 = out
        .iter()
        .map(|&(_, len)| 1u128 << (128 - u32::from(len)))
        .sum();
    assert_eq!(covered, (1u128 << 113) - (1u128 << 96));
    assert!(out
        .iter()
        .all(|&(b, l)| !same_prefix(b, v6("2001::"), 32.min(l))));

    let mut out = Vec::new();
    assert!(carve(v6("2001:0:1::"), 48, &mut out).is_some());
    assert!(out.is_empty(), "inside Teredo: nothing written");

    let mut out = Vec::new();
    assert_eq!(carve(v6("2001:4860::"), 32, &mut out), None);
    assert_eq!(out, vec![(v6("2001:4860::"), 32)]);
}

#[test]
fn reports_overlaps_and_lets_the_nested_range_win() {
    let mut v4rows = vec![
        row(1, v4("1.0.0.0"), v4("1.0.255.255"), 100, "wide"),
        row(2, v4("1.0.1.0"), v4("1.0.1.255"), 200, "nested"),
        row(3, v4("2.0.0.0"), v4("2.0.0.255"), 300, "alone"),
    ];
    let (bytes, report) = build_asn_bytes(&mut v4rows, &mut [], 1_700_000_000).expect("build");
    assert_eq!(report.overlaps, 1);
    assert_eq!(report.overlap_examples[0].earlier.line, 1);
    assert_eq!(report.overlap_examples[0].later.line, 2);
    assert_eq!(asn_at(&bytes, "1.0.1.7").map(|a| a.0), Some(200));
    assert_eq!(asn_at(&bytes, "1.0.2.7").map(|a| a.0), Some(100));
    assert_eq!(asn_at(&bytes, "3.0.0.1"), None);
}

#[test]
fn keeps_ipv4_aliases_reachable_despite_ipv6_rows_in_reserved_space() {
    let mut v4rows = vec![row(1, v4("8.8.8.0"), v4("8.8.8.255"), 15169, "Google LLC")];
    let mut v6rows = vec![
        row(
            1,
            v6("2001::"),
            v6("2001::ffff:ffff:ffff:ffff:ffff:ffff"),
            6939,
            "HE",
        ),
        row(
            2,
            v6("2002::"),
            v6("2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
            6939,
            "HE",
        ),
        // Straddles Teredo: 2000::/15 minus 2001::/32.
        row(
            3,
            v6("2000::"),
            v6("2001:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
            64500,
            "wide",
        ),
        row(
            4,
            v6("2606:4700::"),
            v6("2606:4700:ffff:ffff:ffff:ffff:ffff:ffff"),
            13335,
            "",
        ),
        row(5, v6("2a00::"), v6("2a00::ffff"), 0, "unannounced"),
    ];
    let (bytes, report) = build_asn_bytes(&mut v4rows, &mut v6rows, 1_700_000_000).expect("build");
    assert_eq!((report.ranges_skipped, report.ranges_trimmed), (3, 1));
    let reasons: Vec<_> = report.skipped_examples.iter().map(|s| &s.reason).collect();
    assert!(reasons.contains(&&SkipReason::Asn0));

    let google = Some((15169, Some("Google LLC".to_owned())));
    assert_eq!(asn_at(&bytes, "8.8.8.8"), google);
    assert_eq!(asn_at(&bytes, "::ffff:8.8.8.8"), google);
    assert_eq!(asn_at(&bytes, "2002:808:808::1"), google);
    assert_eq!(asn_at(&bytes, "2000::1").map(|a| a.0), Some(64500));
    assert_eq!(asn_at(&bytes, "2001:1::1").map(|a| a.0), Some(64500));
    assert_eq!(asn_at(&bytes, "2606:4700::1111"), Some((13335, None)));
    assert_eq!(asn_at(&bytes, "2a00::1"), None);
}

#[test]
fn same_rows_in_any_order_give_identical_bytes_and_epoch_is_kept() {
    let rows = || {
        vec![
            row(1, v4("1.0.0.0"), v4("1.0.0.255"), 13335, "Cloudflare, Inc."),
            row(2, v4("9.9.9.0"), v4("9.9.9.255"), 19281, "Quad9"),
            row(3, v4("8.8.8.0"), v4("8.8.8.255"), 15169, "Google LLC"),
        ]
    };
    let mut v6rows = vec![row(
        1,
        v6("2606:4700::"),
        v6("2606:4700::ffff"),
        13335,
        "CF",
    )];
    let (a, _) = build_asn_bytes(&mut rows(), &mut v6rows.clone(), 1_750_000_000).expect("a");
    let mut reversed = rows();
    reversed.reverse();
    let (b, _) = build_asn_bytes(&mut reversed, &mut v6rows, 1_750_000_000).expect("b");
    assert_eq!(a, b);
    let reader = maxminddb::Reader::from_source(&a[..]).expect("reads");
    assert_eq!(reader.metadata().build_epoch, 1_750_000_000);
    assert_eq!(reader.metadata().database_type, ASN_DATABASE_TYPE);
}

#[test]
fn builds_from_csv_files_and_replaces_the_output() {
    let dir = tempfile::tempdir().expect("tempdir");
    let v4csv = dir.path().join("asn-ipv4.csv");
    let v6csv = dir.path().join("asn-ipv6.csv");
    let out = dir.path().join("asn.mmdb");
    std::fs::write(&v4csv, "1.1.1.0,1.1.1.255,13335,\"Cloudflare, Inc.\"\n").expect("v4");
    std::fs::write(&v6csv, "2001::,2001::ffff,6939,HE\n").expect("v6");
    std::fs::write(&out, b"old contents").expect("old");

    let report = build_asn_mmdb(&v4csv, &v6csv, &out, 1_700_000_000).expect("build");
    assert_eq!((report.ranges_read(), report.networks_written), (2, 1));
    let bytes = std::fs::read(&out).expect("written");
    assert_eq!(bytes.len(), report.bytes_written);
    assert_eq!(asn_at(&bytes, "1.1.1.1").map(|a| a.0), Some(13335));
    assert!(!dir.path().join("asn.mmdb.tmp").exists());
    let text = report.to_string();
    assert!(
        text.contains("ipv6 line 1: 2001::-2001::ffff AS6939: inside Teredo"),
        "{text}"
    );

    std::fs::write(&v6csv, "2001::,nope,6939,HE\n").expect("v6 bad");
    let err = build_asn_mmdb(&v4csv, &v6csv, &out, 1).expect_err("bad csv");
    assert!(err.to_string().contains("asn-ipv6.csv, line 1"), "{err}");
}

#[test]
fn refuses_an_epoch_beyond_system_time() {
    let err = build_asn_bytes(&mut [], &mut [], u64::MAX).expect_err("epoch");
    assert!(err.to_string().contains("out of range"), "{err}");
}
