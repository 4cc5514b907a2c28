//! The one error type of the `geo` module, with the file (and line) each failure is about.
//!
//! Only start-up, reload and the offline ASN builder can fail. A lookup never fails: an
//! address the databases do not know is a `None` in [`GeoFacts`](super::GeoFacts).

use std::path::PathBuf;

/// Why the geo databases could not be opened, or the ASN database could not be built.
#[derive(Debug, thiserror::Error)]
pub enum GeoError {
    /// A database file could not be read (missing, unreadable).
    #[error("geoip database {}: cannot read: {source}", path.display())]
    Read {
        /// The database path as configured.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A database file was read but is not a MaxMind DB file (truncated, wrong file).
    #[error("geoip database {}: not a valid MaxMind DB file: {source}", path.display())]
    Corrupt {
        /// The database path as configured.
        path: PathBuf,
        /// What the reader found wrong.
        #[source]
        source: maxminddb::MaxMindDbError,
    },
    /// A database file is a valid MaxMind DB file but not the kind this slot expects (for
    /// example the ASN file configured as the country database).
    #[error("geoip database {}: {reason}", path.display())]
    WrongKind {
        /// The database path as configured.
        path: PathBuf,
        /// What was expected and what was found, in plain words.
        reason: String,
    },
    /// The hosting ASN list could not be read.
    #[error("hosting ASN list {}: cannot read: {source}", path.display())]
    HostingListRead {
        /// The list path as configured.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A line of the hosting ASN list is not `ASN [# comment]`.
    #[error("hosting ASN list {}, line {line}: {reason}", path.display())]
    HostingListLine {
        /// The list path as configured.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong with the line.
        reason: String,
    },
    /// An extra hosting ASN given in the configuration is not a usable ASN.
    #[error("extra hosting ASN {asn}: AS0 is reserved and never announced")]
    ExtraHostingAsn {
        /// The refused value.
        asn: u32,
    },
    /// An ASN source CSV could not be read.
    #[error("ASN source {}: cannot read: {source}", path.display())]
    CsvRead {
        /// The CSV path given to the builder.
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A row of an ASN source CSV is malformed.
    #[error("ASN source {}, line {line}: {reason}", path.display())]
    CsvLine {
        /// The CSV path given to the builder.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong with the row.
        reason: String,
    },
    /// The build epoch is beyond what the system time type can hold.
    #[error("building ASN database: build epoch {epoch} is out of range")]
    InvalidEpoch {
        /// The refused Unix time in seconds.
        epoch: u64,
    },
    /// The MMDB writer refused a network.
    #[error("building ASN database: cannot insert {network}: {source}")]
    Insert {
        /// The network being inserted.
        network: ipnet::IpNet,
        /// The writer's reason.
        #[source]
        source: mmdb_writer::Error,
    },
    /// The MMDB writer could not serialise the database.
    #[error("building ASN database: cannot serialise: {source}")]
    Serialize {
        /// The writer's reason.
        #[source]
        source: mmdb_writer::Error,
    },
    /// The freshly built database does not read back (a writer bug; nothing is written).
    #[error("building ASN database: the result does not read back: {reason}")]
    SelfCheck {
        /// What the read-back found.
        reason: String,
    },
    /// The built database could not be written to its destination.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The destination (or its temporary sibling).
        path: PathBuf,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
}
