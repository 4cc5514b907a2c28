//! Block and allow lists: IPs and CIDRs, device ids, user keys, emails and email domains,
//! with optional expiry (TTL bans), a reason and who/when added; loaded from files, changed
//! at run time, persisted atomically.
//!
//! Owns list contents, their validation, lookups and persistence. It does not decide what
//! a hit means beyond naming it (`blacklist_ip`, …): the proxy answers 403 on a block hit
//! and skips lists and rate limits on an allow hit. No state backend: lists are small and
//! change rarely, so lookups stay in process; in fleet mode (`[state] backend = "redis"`)
//! admin changes are also published to a Redis journal that every edge applies here
//! (`server/fleet_lists.rs`).
//!
//! # Lists and kinds
//! The **block** list holds every [`ListKind`]; the **allow** list holds `ip` and `user`
//! only (e.g. the shop's monitoring addresses), because the other identities are
//! client-supplied and an allow entry bypasses every guard.
//!
//! Canonical forms: IPs are parsed as addresses or CIDRs, IPv4-mapped IPv6 becomes IPv4,
//! host bits are cleared (`192.0.2.7/24` is stored as `192.0.2.0/24`); IPv6 prefixes shorter
//! than /96 do not cover IPv4 clients. Device ids are 32 hex digits, stored lower-case. User
//! keys are exact and case-sensitive. Emails and domains are trimmed and lower-cased; a
//! domain entry also matches its subdomains (`mailinator.com` matches
//! `x@eu.mailinator.com`).
//!
//! # Files
//! One UTF-8 text file per (list, kind), e.g. `block-ip.txt` (see [`ListPaths::in_dir`]).
//! One entry per line; blank lines and lines starting with `#` are ignored:
//!
//! ```text
//! 203.0.113.0/24
//! 198.51.100.7 expires=2025-01-01T00:00:00Z # card testing, ticket 4411
//! 0123456789abcdef0123456789abcdef expires=1735689600 added=2024-06-01T10:00:00Z by=admin
//! "john doe" # a user key with a space is written as a JSON string
//! ```
//!
//! After the value come optional `key=value` attributes — `expires` (the first instant the
//! entry no longer applies), `added`, `by` — each an RFC 3339 time or Unix seconds (`by`:
//! `[A-Za-z0-9._@:-]`), then an optional `# reason` running to the end of the line. A value
//! is written as a JSON string when it contains whitespace or starts with `"` or `#`.
//! Plain text was chosen over JSON lines so that operators can paste an address list as is.
//! A missing file is an empty list (its directory must exist); an unparsable line stops the
//! load with [`ListError::Load`] naming the file and line. A kind with no file configured
//! is kept in memory only. riskgate rewrites a file whole on
//! every change (comments other than reasons are not kept), expired entries dropped.
//!
//! # Concurrency
//! Readers load an immutable snapshot through `arc_swap` (no lock, no allocation on the
//! request path); writers serialise on a mutex, copy the one table they change, persist it,
//! and only then publish it. A failed write publishes nothing and returns the error.

mod file;
mod store;
mod table;
pub(crate) mod time;
mod value;

pub use store::Lists;

use serde::Serialize;
use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ListName {
    /// Requests matching it are refused.
    Block,
    /// Requests matching it bypass lists and rate limits.
    Allow,
}

impl ListName {
    /// Returns `block` or `allow`.
    pub fn as_str(self) -> &'static str {
        match self {
            ListName::Block => "block",
            ListName::Allow => "allow",
        }
    }

    /// Returns true when this list can hold entries of `kind`.
    pub fn supports(self, kind: ListKind) -> bool {
        match self {
            ListName::Block => true,
            ListName::Allow => matches!(kind, ListKind::Ip | ListKind::User),
        }
    }
}

impl fmt::Display for ListName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a list entry identifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ListKind {
    /// An IP address or CIDR network.
    Ip,
    /// A device id (32 hex digits).
    Device,
    /// A shop user key.
    User,
    /// An email address.
    Email,
    /// An email domain (and its subdomains).
    EmailDomain,
}

impl ListKind {
    /// Every kind, in check order.
    pub const ALL: [ListKind; 5] = [
        ListKind::Ip,
        ListKind::Device,
        ListKind::User,
        ListKind::Email,
        ListKind::EmailDomain,
    ];

    /// Returns the admin-API and file name of the kind (`ip`, …, `email_domain`).
    pub fn as_str(self) -> &'static str {
        match self {
            ListKind::Ip => "ip",
            ListKind::Device => "device",
            ListKind::User => "user",
            ListKind::Email => "email",
            ListKind::EmailDomain => "email_domain",
        }
    }

    /// Parses a kind name as written by [`Self::as_str`] (admin API paths).
    pub fn parse(s: &str) -> Option<ListKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Returns the reason code a block hit of this kind carries.
    pub fn hit_reason(self) -> HitReason {
        match self {
            ListKind::Ip => HitReason::BlacklistIp,
            ListKind::Device => HitReason::BlacklistDevice,
            ListKind::User => HitReason::BlacklistUser,
            ListKind::Email | ListKind::EmailDomain => HitReason::BlacklistEmail,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for ListKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The reason code of a block-list hit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HitReason {
    /// `blacklist_ip`.
    BlacklistIp,
    /// `blacklist_device`.
    BlacklistDevice,
    /// `blacklist_user`.
    BlacklistUser,
    /// `blacklist_email` (emails and email domains).
    BlacklistEmail,
}

impl HitReason {
    /// Returns the stable reason code.
    pub fn as_str(self) -> &'static str {
        match self {
            HitReason::BlacklistIp => "blacklist_ip",
            HitReason::BlacklistDevice => "blacklist_device",
            HitReason::BlacklistUser => "blacklist_user",
            HitReason::BlacklistEmail => "blacklist_email",
        }
    }
}

/// The identities of a request to look up; absent ones are skipped. Also the input of
/// [`Lists::report`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListQuery<'a> {
    /// The client IP.
    pub ip: Option<IpAddr>,
    /// The device id.
    pub device: Option<&'a str>,
    /// The shop user key.
    pub user: Option<&'a str>,
    /// The email from the order (any case, surrounding spaces ignored).
    pub email: Option<&'a str>,
}

/// A block-list hit: which kind matched, its reason code and the entry's own reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListHit {
    /// The kind that matched.
    pub kind: ListKind,
    /// The reason code (`blacklist_*`).
    pub code: HitReason,
    /// The reason recorded with the entry (for logs; not sent to clients).
    pub entry_reason: Option<Arc<str>>,
}

/// How to record a new entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewEntry<'a> {
    /// How long the entry applies (`None`: until removed). Rounded up to whole seconds.
    pub ttl: Option<Duration>,
    /// Why (one line, ≤ 500 characters).
    pub reason: Option<&'a str>,
    /// Who adds it (`[A-Za-z0-9._@:-]{1,64}`, e.g. the admin token's name or `report`).
    pub added_by: &'a str,
}

/// One entry as the admin API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryView {
    /// The list.
    pub list: ListName,
    /// The kind.
    pub kind: ListKind,
    /// The canonical value (`192.0.2.0/24`, lower-cased email, …).
    pub value: String,
    /// Unix seconds from which the entry no longer applies.
    pub expires_at: Option<u64>,
    /// Why it was listed.
    pub reason: Option<String>,
    /// Unix seconds when it was added, when known.
    pub added_at: Option<u64>,
    /// Who added it, when known.
    pub added_by: Option<String>,
}

/// The file of each kind of one list; `None` keeps that kind in memory only (changes then
/// last until restart, which [`Lists::is_persistent`] tells the admin API).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KindFiles {
    /// IPs and CIDRs.
    pub ip: Option<PathBuf>,
    /// Device ids.
    pub device: Option<PathBuf>,
    /// Shop user keys.
    pub user: Option<PathBuf>,
    /// Email addresses.
    pub email: Option<PathBuf>,
    /// Email domains.
    pub email_domain: Option<PathBuf>,
}

impl KindFiles {
    fn get(&self, kind: ListKind) -> Option<&Path> {
        match kind {
            ListKind::Ip => self.ip.as_deref(),
            ListKind::Device => self.device.as_deref(),
            ListKind::User => self.user.as_deref(),
            ListKind::Email => self.email.as_deref(),
            ListKind::EmailDomain => self.email_domain.as_deref(),
        }
    }
}

/// Where the block and allow lists are stored; built from `[lists]` by config validation.
/// The allow list may only name `ip` and `user` files ([`Lists::load`] refuses others).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListPaths {
    /// Block list files.
    pub block: KindFiles,
    /// Allow list files.
    pub allow: KindFiles,
}

impl ListPaths {
    /// Stores every supported (list, kind) in `dir` under its standard name:
    /// `block-ip.txt`, `block-device.txt`, `block-user.txt`, `block-email.txt`,
    /// `block-email_domain.txt`, `allow-ip.txt`, `allow-user.txt`.
    pub fn in_dir(dir: &Path) -> Self {
        let file = |list: ListName, kind: ListKind| {
            list.supports(kind)
                .then(|| dir.join(format!("{}-{}.txt", list.as_str(), kind.as_str())))
        };
        let files = |list| KindFiles {
            ip: file(list, ListKind::Ip),
            device: file(list, ListKind::Device),
            user: file(list, ListKind::User),
            email: file(list, ListKind::Email),
            email_domain: file(list, ListKind::EmailDomain),
        };
        ListPaths {
            block: files(ListName::Block),
            allow: files(ListName::Allow),
        }
    }

    /// Returns the file of one (list, kind), if configured.
    pub fn get(&self, list: ListName, kind: ListKind) -> Option<&Path> {
        match list {
            ListName::Block => self.block.get(kind),
            ListName::Allow => self.allow.get(kind),
        }
    }
}

/// Why loading or changing a list failed.
#[derive(Debug, thiserror::Error)]
pub enum ListError {
    /// A line of a list file is invalid.
    #[error("{}:{line}: {reason}", path.display())]
    Load {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// A list file (or its directory) could not be read.
    #[error("reading {}: {source}", path.display())]
    Read {
        /// The file or directory.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A change could not be written; nothing was changed in memory.
    #[error("writing {}: {source}", path.display())]
    Persist {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A value, reason, author or TTL given to `add`/`remove`/`report` is invalid.
    #[error("invalid {kind} entry {value:?}: {reason}")]
    Invalid {
        /// The kind being changed.
        kind: ListKind,
        /// The offending input.
        value: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// The list does not hold this kind (the allow list holds only ip and user).
    #[error("the {list} list does not hold {kind} entries")]
    Unsupported {
        /// The list.
        list: ListName,
        /// The kind.
        kind: ListKind,
    },
}
