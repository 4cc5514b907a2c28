//! Client geolocation: country, AS number and the hosting flag of an IP address.
//!
//! Owns the two MaxMind DB readers (`geoip/country.mmdb`, `geoip/asn.mmdb`), the hosting ASN
//! list, and the offline builder of the ASN database ([`build_asn_mmdb`]). A lookup is a pure
//! in-memory read: files are read once at [`GeoDb::open`] (start and reload), never per
//! request. It does not know HTTP, headers or what a country means for risk (that is
//! `risk::rules`), and it never downloads data (that is `geoip/refresh.sh`, offline).
//!
//! # Data
//! - Country: `@ip-location-db/geo-whois-asn-country-mmdb` (NRO, CC BY 4.0), records
//!   `{country_code: "US"}`.
//! - ASN: built by [`build_asn_mmdb`] from `@ip-location-db/asn` (RouteViews, DB-IP, NRO,
//!   CC BY 4.0), records decodable as `maxminddb::geoip2::Asn`.
//!
//! See `geoip/README.md` for versions, licences and how to refresh.

mod addr;
mod build;
mod country;
mod csv;
mod error;
mod hosting;

use std::net::IpAddr;
use std::path::{Path, PathBuf};

use maxminddb::{PathElement, Reader};

pub use build::{
    build_asn_mmdb, BuildReport, RangeOverlap, ReservedNet, SkipReason, SkippedRange, SourceRange,
    ASN_DATABASE_TYPE,
};
pub use country::Country;
pub use error::GeoError;
pub use hosting::HostingAsns;

/// Record path of the country code in the country database.
const COUNTRY_PATH: [PathElement<'static>; 1] = [PathElement::Key("country_code")];
/// Record path of the AS number in the ASN database (`geoip2::Asn` layout).
const ASN_PATH: [PathElement<'static>; 1] = [PathElement::Key("autonomous_system_number")];

/// Where the geo data lives. Built by `config` from the `[geo]` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeoConfig {
    /// The country MMDB (records with `country_code`).
    pub country_db: PathBuf,
    /// The ASN MMDB (records with `autonomous_system_number`).
    pub asn_db: PathBuf,
    /// The hosting ASN list (`ASN  # comment` per line); `None` for no list.
    pub hosting_asns_file: Option<PathBuf>,
    /// Hosting ASNs added on top of the list (from the config file).
    pub extra_hosting_asns: Vec<u32>,
}

impl GeoConfig {
    /// Returns the configuration for the shipped layout of `dir` (normally `geoip/`):
    /// `country.mmdb`, `asn.mmdb` and `hosting_asns.txt`, with no extra ASNs.
    pub fn in_dir(dir: &Path) -> GeoConfig {
        GeoConfig {
            country_db: dir.join("country.mmdb"),
            asn_db: dir.join("asn.mmdb"),
            hosting_asns_file: Some(dir.join("hosting_asns.txt")),
            extra_hosting_asns: Vec::new(),
        }
    }
}

/// What the geo data says about one client address.
///
/// Every field is "unknown" by default: private, reserved and unlisted addresses give
/// `GeoFacts::default()`. `hosting` is true only when the ASN is known and listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GeoFacts {
    /// The country the address is registered or announced in.
    pub country: Option<Country>,
    /// The AS number announcing the address.
    pub asn: Option<u32>,
    /// True when `asn` is a hosting / datacenter ASN.
    pub hosting: bool,
}

/// Metadata of the opened data, for start-up and reload log lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeoInfo {
    /// `database_type` of the country database.
    pub country_type: String,
    /// Build time of the country database, Unix seconds.
    pub country_build_epoch: u64,
    /// `database_type` of the ASN database.
    pub asn_type: String,
    /// Build time of the ASN database, Unix seconds.
    pub asn_build_epoch: u64,
    /// Number of distinct hosting ASNs (list plus extras).
    pub hosting_asns: usize,
}

/// The opened geo databases. Shared behind an `Arc`; a reload opens a new one and swaps it.
pub struct GeoDb {
    country: Reader<Vec<u8>>,
    asn: Reader<Vec<u8>>,
    hosting: HostingAsns,
}

impl std::fmt::Debug for GeoDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GeoDb")
            .field("country", &self.country.metadata().database_type)
            .field("asn", &self.asn.metadata().database_type)
            .field("hosting_asns", &self.hosting.len())
            .finish()
    }
}

impl GeoDb {
    /// Opens both databases and the hosting list. Called at start and on reload.
    ///
    /// Reads the files fully into memory (about 18 MB for the shipped data) and checks that
    /// each database holds the records its slot expects, so swapped or foreign files fail
    /// here rather than answer `None` forever. Errors name the file (and line, for the list).
    pub fn open(config: &GeoConfig) -> Result<GeoDb, GeoError> {
        let country = open_reader(&config.country_db, "country_code", "a country")?;
        let asn = open_reader(&config.asn_db, "autonomous_system_number", "an ASN")?;
        let mut asns = match &config.hosting_asns_file {
            Some(path) => hosting::read_list(path)?,
            None => Vec::new(),
        };
        if let Some(&asn) = config.extra_hosting_asns.iter().find(|&&a| a == 0) {
            return Err(GeoError::ExtraHostingAsn { asn });
        }
        asns.extend_from_slice(&config.extra_hosting_asns);
        Ok(GeoDb {
            country,
            asn,
            hosting: HostingAsns::new(asns),
        })
    }

    /// Returns the geo facts of a client address. Called once per request (early filter).
    ///
    /// IPv4-mapped, 6to4 and Teredo IPv6 forms are looked up as their embedded IPv4 address.
    /// Non-public addresses and addresses absent from the data give `None` fields, never an
    /// error. Allocation-free; a few hundred nanoseconds (see `benches/geo.rs`).
    pub fn lookup(&self, ip: IpAddr) -> GeoFacts {
        let ip = addr::effective_ip(ip);
        if !addr::is_public(ip) {
            return GeoFacts::default();
        }
        let asn = self.asn_of(ip);
        GeoFacts {
            country: self.country_of(ip),
            asn,
            hosting: asn.is_some_and(|a| self.hosting.contains(a)),
        }
    }

    /// Returns only the country of `ip`, with the same rules as [`GeoDb::lookup`].
    pub fn country(&self, ip: IpAddr) -> Option<Country> {
        let ip = addr::effective_ip(ip);
        addr::is_public(ip).then(|| self.country_of(ip)).flatten()
    }

    /// Returns only the AS number of `ip`, with the same rules as [`GeoDb::lookup`].
    pub fn asn(&self, ip: IpAddr) -> Option<u32> {
        let ip = addr::effective_ip(ip);
        addr::is_public(ip).then(|| self.asn_of(ip)).flatten()
    }

    /// Returns the AS organisation name of `ip` (allocates). For the admin API and debugging,
    /// not the request path.
    pub fn asn_org(&self, ip: IpAddr) -> Option<String> {
        let ip = addr::effective_ip(ip);
        if !addr::is_public(ip) {
            return None;
        }
        let record: maxminddb::geoip2::Asn<'_> = self.asn.lookup(ip).ok()?.decode().ok()??;
        record.autonomous_system_organization.map(str::to_owned)
    }

    /// Returns true when `asn` is in the hosting list (or the configured extras).
    pub fn is_hosting_asn(&self, asn: u32) -> bool {
        self.hosting.contains(asn)
    }

    /// Returns the databases' metadata and the hosting list size, for log lines.
    pub fn info(&self) -> GeoInfo {
        let (c, a) = (self.country.metadata(), self.asn.metadata());
        GeoInfo {
            country_type: c.database_type.clone(),
            country_build_epoch: c.build_epoch,
            asn_type: a.database_type.clone(),
            asn_build_epoch: a.build_epoch,
            hosting_asns: self.hosting.len(),
        }
    }

    fn country_of(&self, ip: IpAddr) -> Option<Country> {
        let result = self.country.lookup(ip).ok()?;
        let code: &str = result.decode_path(&COUNTRY_PATH).ok()??;
        Country::from_code(code)
    }

    fn asn_of(&self, ip: IpAddr) -> Option<u32> {
        let result = self.asn.lookup(ip).ok()?;
        result
            .decode_path::<u32>(&ASN_PATH)
            .ok()?
            .filter(|&a| a != 0)
    }
}

/// Reads and parses one database, then checks that its first record has `key`.
fn open_reader(path: &Path, key: &str, kind: &str) -> Result<Reader<Vec<u8>>, GeoError> {
    let bytes = std::fs::read(path).map_err(|source| GeoError::Read {
        path: path.to_owned(),
        source,
    })?;
    let reader = Reader::from_source(bytes).map_err(|source| GeoError::Corrupt {
        path: path.to_owned(),
        source,
    })?;
    let corrupt = |source| GeoError::Corrupt {
        path: path.to_owned(),
        source,
    };
    let first = reader
        .networks(Default::default())
        .map_err(corrupt)?
        .next()
        .transpose()
        .map_err(corrupt)?;
    let wrong = |found: &str| GeoError::WrongKind {
        path: path.to_owned(),
        reason: format!("expected {kind} database with `{key}` in its records, {found}"),
    };
    let Some(first) = first else {
        return Err(wrong("found no records"));
    };
    let db_type = &reader.metadata().database_type;
    match first.decode_path::<serde::de::IgnoredAny>(&[PathElement::Key(key)]) {
        Ok(Some(_)) => Ok(reader),
        Ok(None) => Err(wrong(&format!(
            "found records without it (type `{db_type}`)"
        ))),
        Err(e) => Err(wrong(&format!("found records it cannot read ({e})"))),
    }
}

#[cfg(test)]
mod tests;
