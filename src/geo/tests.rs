//! Tests for [`GeoDb`]: lookups against tiny databases written here with `mmdb-writer`,
//! open-time errors, and a few checks against the shipped `geoip/` files.

use super::*;
use ipnet::IpNet;
use mmdb_writer::Writer;
use serde::Serialize;
use tempfile::TempDir;

#[derive(Serialize)]
struct CountryRecord {
    country_code: &'static str,
}

#[derive(Serialize)]
struct AsnRecord {
    autonomous_system_number: u32,
    autonomous_system_organization: &'static str,
}

fn net(s: &str) -> IpNet {
    s.parse().expect("test network")
}

fn ip(s: &str) -> IpAddr {
    s.parse().expect("test address")
}

fn country_fixture() -> Vec<u8> {
    let mut w = Writer::new("test-country");
    for (n, cc) in [
        ("8.8.8.0/24", "US"),
        ("1.1.1.0/24", "AU"),
        ("2a01:4f8::/32", "DE"),
        // The shipped data maps this private range to AU; lookups must still say None.
        ("192.168.0.0/16", "AU"),
    ] {
        w.insert(net(n), &CountryRecord { country_code: cc })
            .expect("insert");
    }
    w.to_bytes().expect("country bytes")
}

fn asn_fixture() -> Vec<u8> {
    let mut w = Writer::new("test-asn");
    for (n, asn, org) in [
        ("8.8.8.0/24", 15169, "Google LLC"),
        ("1.1.1.0/24", 13335, "Cloudflare, Inc."),
        ("2a01:4f8::/32", 24940, "Hetzner Online GmbH"),
        ("3.0.0.0/8", 16509, "Amazon.com, Inc."),
        ("5.0.0.0/8", 64512, "Private use ASN"),
    ] {
        let rec = AsnRecord {
            autonomous_system_number: asn,
            autonomous_system_organization: org,
        };
        w.insert(net(n), &rec).expect("insert");
    }
    w.to_bytes().expect("asn bytes")
}

/// A directory holding both fixture databases and a hosting list.
struct Fixture {
    dir: TempDir,
    config: GeoConfig,
}

fn fixture(hosting_list: Option<&str>, extra: Vec<u32>) -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = GeoConfig {
        country_db: dir.path().join("country.mmdb"),
        asn_db: dir.path().join("asn.mmdb"),
        hosting_asns_file: hosting_list.map(|_| dir.path().join("hosting_asns.txt")),
        extra_hosting_asns: extra,
    };
    std::fs::write(&config.country_db, country_fixture()).expect("write country");
    std::fs::write(&config.asn_db, asn_fixture()).expect("write asn");
    if let (Some(text), Some(path)) = (hosting_list, &config.hosting_asns_file) {
        std::fs::write(path, text).expect("write list");
    }
    Fixture { dir, config }
}

fn facts(country: Option<&str>, asn: Option<u32>, hosting: bool) -> GeoFacts {
    GeoFacts {
        country: country.and_then(Country::from_code),
        asn,
        hosting,
    }
}

#[test]
fn looks_up_ipv4_ipv6_and_embedded_ipv4_forms() {
    let f = fixture(Some("# hosting\n16509  # AWS\nAS24940\n"), vec![64512]);
    let db = GeoDb::open(&f.config).expect("open");
    let cases = [
        ("8.8.8.8", facts(Some("US"), Some(15169), false)),
        ("1.1.1.1", facts(Some("AU"), Some(13335), false)),
        ("::ffff:8.8.8.8", facts(Some("US"), Some(15169), false)),
        ("2002:808:808::1", facts(Some("US"), Some(15169), false)),
        ("2a01:4f8::1", facts(Some("DE"), Some(24940), true)),
        ("3.3.3.3", facts(None, Some(16509), true)),
        ("5.5.5.5", facts(None, Some(64512), true)),
        ("9.9.9.9", GeoFacts::default()),
        ("2606:4700::1111", GeoFacts::default()),
        ("192.168.1.1", GeoFacts::default()),
        ("::ffff:192.168.1.1", GeoFacts::default()),
        ("127.0.0.1", GeoFacts::default()),
        ("::1", GeoFacts::default()),
    ];
    for (addr, want) in cases {
        assert_eq!(db.lookup(ip(addr)), want, "{addr}");
        assert_eq!(db.country(ip(addr)), want.country, "{addr}");
        assert_eq!(db.asn(ip(addr)), want.asn, "{addr}");
    }
}

#[test]
fn hosting_flag_comes_from_the_list_and_the_extras_only() {
    let cases: [(Option<&str>, Vec<u32>, [bool; 3]); 4] = [
        (None, vec![], [false, false, false]),
        (Some("16509\n"), vec![], [true, false, false]),
        (None, vec![64512], [false, false, true]),
        (
            Some("16509\n24940\n"),
            vec![64512, 16509],
            [true, true, true],
        ),
    ];
    for (list, extra, want) in cases {
        let f = fixture(list, extra.clone());
        let db = GeoDb::open(&f.config).expect("open");
        let got = ["3.3.3.3", "2a01:4f8::1", "5.5.5.5"].map(|a| db.lookup(ip(a)).hosting);
        assert_eq!(got, want, "list {list:?} extra {extra:?}");
        assert!(!db.lookup(ip("8.8.8.8")).hosting);
    }
}

#[test]
fn reports_organisation_and_metadata_for_admin_use() {
    let f = fixture(Some("16509\n"), vec![64512]);
    let db = GeoDb::open(&f.config).expect("open");
    assert_eq!(
        db.asn_org(ip("1.1.1.1")).as_deref(),
        Some("Cloudflare, Inc.")
    );
    assert_eq!(db.asn_org(ip("9.9.9.9")), None);
    assert_eq!(db.asn_org(ip("10.0.0.1")), None);
    assert!(db.is_hosting_asn(64512) && !db.is_hosting_asn(15169));
    let info = db.info();
    assert_eq!(
        (info.country_type.as_str(), info.asn_type.as_str()),
        ("test-country", "test-asn")
    );
    assert_eq!(info.hosting_asns, 2);
}

#[test]
fn open_fails_naming_the_file_that_is_missing_corrupt_or_wrong() {
    type Breaker = fn(&Fixture) -> PathBuf;
    let cases: [(&str, Breaker, &str); 5] = [
        (
            "missing country",
            |f| {
                std::fs::remove_file(&f.config.country_db).expect("rm");
                f.config.country_db.clone()
            },
            "cannot read",
        ),
        (
            "garbage asn",
            |f| {
                std::fs::write(&f.config.asn_db, b"not an mmdb at all").expect("write");
                f.config.asn_db.clone()
            },
            "not a valid MaxMind DB file",
        ),
        (
            "truncated country",
            |f| {
                let bytes = country_fixture();
                std::fs::write(&f.config.country_db, &bytes[..bytes.len() / 2]).expect("write");
                f.config.country_db.clone()
            },
            "not a valid MaxMind DB file",
        ),
        (
            "asn file in the country slot",
            |f| {
                std::fs::write(&f.config.country_db, asn_fixture()).expect("write");
                f.config.country_db.clone()
            },
            "expected a country database with `country_code`",
        ),
        (
            "country file in the asn slot",
            |f| {
                std::fs::write(&f.config.asn_db, country_fixture()).expect("write");
                f.config.asn_db.clone()
            },
            "expected an ASN database with `autonomous_system_number`",
        ),
    ];
    for (name, breaker, want) in cases {
        let f = fixture(None, vec![]);
        let path = breaker(&f);
        let err = GeoDb::open(&f.config).expect_err(name).to_string();
        assert!(err.contains(&path.display().to_string()), "{name}: {err}");
        assert!(err.contains(want), "{name}: {err}");
    }
}

#[test]
fn open_fails_on_a_bad_hosting_list_line_or_extra_asn() {
    let f = fixture(Some("16509 # AWS\n\nAmazon # oops\n"), vec![]);
    let err = GeoDb::open(&f.config).expect_err("bad line").to_string();
    let list = f.dir.path().join("hosting_asns.txt");
    assert!(
        err.contains(&format!("{}, line 3", list.display())),
        "{err}"
    );
    assert!(err.contains("`Amazon`"), "{err}");

    std::fs::remove_file(&list).expect("rm");
    let err = GeoDb::open(&f.config)
        .expect_err("missing list")
        .to_string();
    assert!(
        err.contains("hosting ASN list") && err.contains("cannot read"),
        "{err}"
    );

    let f = fixture(None, vec![16509, 0]);
    let err = GeoDb::open(&f.config).expect_err("AS0").to_string();
    assert!(err.contains("extra hosting ASN 0"), "{err}");
}

/// The committed data in `geoip/`: well-known addresses resolve as the world knows them.
#[test]
fn shipped_databases_answer_well_known_addresses() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("geoip");
    let db = GeoDb::open(&GeoConfig::in_dir(&dir)).expect("shipped geoip/ opens");
    let us = Country::from_code("US");
    let cases = [
        ("8.8.8.8", us, Some(15169), false),
        ("::ffff:8.8.8.8", us, Some(15169), false),
        ("2001:4860:4860::8888", us, Some(15169), false),
        ("2606:4700:4700::1111", None, Some(13335), false),
        ("2a01:4f8::1", Country::from_code("DE"), Some(24940), true),
        ("3.5.140.2", None, Some(16509), true),
        ("127.0.0.1", None, None, false),
        ("192.168.1.1", None, None, false),
    ];
    for (addr, country, asn, hosting) in cases {
        let got = db.lookup(ip(addr));
        if country.is_some() {
            assert_eq!(got.country, country, "{addr}");
        }
        assert_eq!((got.asn, got.hosting), (asn, hosting), "{addr}");
    }
    assert_eq!(db.lookup(ip("1.1.1.1")).asn, Some(13335));
    assert!(db.lookup(ip("2606:4700:4700::1111")).country.is_some());
    assert_eq!(db.info().asn_type, ASN_DATABASE_TYPE);
    assert!(db.info().hosting_asns >= 20);
}
