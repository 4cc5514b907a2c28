//! List values: validation and canonical forms per kind, for entries (on add and load) and
//! for lookups (on every request, without allocating in the common case).
//!
//! Owns what a valid IP/CIDR, device id, user key, email and email domain is, and their
//! canonical spelling. It does not store anything.

use super::ListKind;
use crate::state::parse_device_hex;
use ipnet::{IpNet, Ipv4Net};
use std::net::IpAddr;

/// Longest accepted user key, email or domain, in bytes.
const MAX_TEXT: usize = 320;
/// Longest accepted reason, in characters.
pub(crate) const MAX_REASON: usize = 500;

/// A validated, canonical list value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    /// An address or network; single addresses are /32 or /128. IPv4-mapped IPv6 is IPv4.
    Ip(IpNet),
    /// A device id (32 hex digits).
    Device(u128),
    /// A user key (exact), an email (lower-cased) or an email domain (lower-cased).
    Text(Box<str>),
}

impl Value {
    /// Renders the canonical spelling: `192.0.2.1`, `10.0.0.0/8`, 32 lower-case hex digits,
    /// or the text.
    pub(crate) fn render(&self) -> String {
        match self {
            Value::Ip(net) if net.prefix_len() == net.max_prefix_len() => net.addr().to_string(),
            Value::Ip(net) => net.to_string(),
            Value::Device(d) => format!("{d:032x}"),
            Value::Text(t) => t.to_string(),
        }
    }
}

/// Validates and canonicalises `raw` as a value of `kind`; the error is a short reason.
pub(crate) fn parse_value(kind: ListKind, raw: &str) -> Result<Value, &'static str> {
    match kind {
        ListKind::Ip => parse_ip(raw.trim()).map(Value::Ip),
        ListKind::Device => parse_device_hex(raw.trim())
            .map(Value::Device)
            .ok_or("a device id is 32 hex digits"),
        ListKind::User => parse_user(raw).map(|u| Value::Text(u.into())),
        ListKind::Email => parse_email(raw).map(|e| Value::Text(e.into())),
        ListKind::EmailDomain => parse_domain(raw).map(|d| Value::Text(d.into())),
    }
}

fn parse_ip(s: &str) -> Result<IpNet, &'static str> {
    let net = if s.contains('/') {
        s.parse::<IpNet>()
            .map_err(|_| "not an IP address or CIDR (e.g. 192.0.2.0/24, 2001:db8::/32)")?
    } else {
        IpNet::from(
            s.parse::<IpAddr>()
                .map_err(|_| "not an IP address or CIDR (e.g. 192.0.2.1, 2001:db8::1)")?,
        )
    };
    Ok(canonical_net(net))
}

/// Rewrites `::ffff:a.b.c.d/n` (n ≥ 96) as `a.b.c.d/(n-96)` and zeroes host bits.
fn canonical_net(net: IpNet) -> IpNet {
    if let IpNet::V6(v6) = net {
        if let (Some(v4), Some(len)) = (v6.addr().to_ipv4_mapped(), v6.prefix_len().checked_sub(96))
        {
            if let Ok(n) = Ipv4Net::new(v4, len) {
                return IpNet::V4(n.trunc());
            }
        }
    }
    net.trunc()
}

fn has_control(s: &str) -> bool {
    s.chars().any(char::is_control)
}

fn parse_user(s: &str) -> Result<String, &'static str> {
    if s.is_empty() {
        return Err("a user key must not be empty");
    }
    if s.len() > MAX_TEXT || has_control(s) {
        return Err("a user key is at most 320 bytes without control characters");
    }
    Ok(s.to_owned())
}

fn parse_email(s: &str) -> Result<String, &'static str> {
    let e = s.trim().to_lowercase();
    let Some((local, domain)) = e.rsplit_once('@') else {
        return Err("an email needs a local part, '@' and a domain");
    };
    if local.is_empty() || e.len() > MAX_TEXT || e.chars().any(|c| c.is_whitespace()) {
        return Err("an email needs a local part, '@' and a domain, without spaces");
    }
    if has_control(&e) {
        return Err("an email must not contain control characters");
    }
    check_domain(domain)?;
    Ok(e)
}

fn parse_domain(s: &str) -> Result<String, &'static str> {
    let d = s.trim().to_lowercase();
    let d = d.strip_prefix('@').unwrap_or(&d);
    let d = d.strip_suffix('.').unwrap_or(d);
    check_domain(d)?;
    Ok(d.to_owned())
}

fn check_domain(d: &str) -> Result<(), &'static str> {
    let bad = |c: char| c.is_whitespace() || c.is_control() || matches!(c, '@' | '/' | '#');
    if d.is_empty() || d.len() > 253 || d.chars().any(bad) || d.split('.').any(str::is_empty) {
        return Err("not a domain name (e.g. example.com)");
    }
    Ok(())
}

/// Validates an entry's free-text reason: trimmed, single line, at most 500 characters;
/// empty means none.
pub(crate) fn parse_reason(s: &str) -> Result<Option<String>, &'static str> {
    let r = s.trim();
    if has_control(r) || r.chars().count() > MAX_REASON {
        return Err("a reason is one line of at most 500 characters");
    }
    Ok((!r.is_empty()).then(|| r.to_owned()))
}

/// Validates who added an entry: 1–64 of `[A-Za-z0-9._@:-]` (an admin name, `report`).
pub(crate) fn parse_added_by(s: &str) -> Result<&str, &'static str> {
    let ok = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'@' | b':' | b'-');
    if s.is_empty() || s.len() > 64 || !s.bytes().all(ok) {
        return Err("'added by' is 1-64 characters of [A-Za-z0-9._@:-]");
    }
    Ok(s)
}

/// Calls `f` with the canonical (trimmed, lower-cased) form of a queried email or domain.
///
/// ASCII input up to 320 bytes — nearly every real address — is lower-cased in a stack
/// buffer, so the per-request check does not allocate; other input takes the allocating
/// Unicode path, which agrees with [`parse_email`] for every input.
pub(crate) fn with_lowercase<R>(raw: &str, f: impl FnOnce(&str) -> R) -> R {
    let t = raw.trim();
    if t.is_ascii() && t.len() <= MAX_TEXT {
        let mut buf = [0u8; MAX_TEXT];
        let b = &mut buf[..t.len()];
        b.copy_from_slice(t.as_bytes());
        b.make_ascii_lowercase();
        // ASCII in, ASCII out: always valid UTF-8.
        if let Ok(s) = std::str::from_utf8(b) {
            return f(s);
        }
    }
    f(&t.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(kind: ListKind, raw: &str) -> Result<String, &'static str> {
        parse_value(kind, raw).map(|v| v.render())
    }

    #[test]
    fn ip_values_are_canonicalised() {
        let cases: &[(&str, Option<&str>)] = &[
            ("192.0.2.1", Some("192.0.2.1")),
            (" 192.0.2.1 ", Some("192.0.2.1")),
            ("192.0.2.1/32", Some("192.0.2.1")),
            ("192.0.2.77/24", Some("192.0.2.0/24")),
            ("::ffff:192.0.2.1", Some("192.0.2.1")),
            ("::ffff:192.0.2.0/120", Some("192.0.2.0/24")),
            ("::ffff:0:0/96", Some("0.0.0.0/0")),
            ("2001:DB8::1", Some("2001:db8::1")),
            ("2001:db8::1/32", Some("2001:db8::/32")),
            ("192.0.2.1/33", None),
            ("192.0.2", None),
            ("example.com", None),
            ("", None),
        ];
        for (raw, want) in cases {
            assert_eq!(canon(ListKind::Ip, raw).ok().as_deref(), *want, "{raw:?}");
        }
    }

    #[test]
    fn text_values_are_validated_per_kind() {
        let dev = "0123456789ABCDEF0123456789abcdef";
        let cases: &[(ListKind, &str, Option<&str>)] = &[
            (
                ListKind::Device,
                dev,
                Some("0123456789abcdef0123456789abcdef"),
            ),
            (ListKind::Device, "0123", None),
            (ListKind::User, "Alice", Some("Alice")),
            (ListKind::User, "john doe", Some("john doe")),
            (ListKind::User, "", None),
            (ListKind::User, "a\nb", None),
            (
                ListKind::Email,
                " Bob@Example.COM ",
                Some("bob@example.com"),
            ),
            (ListKind::Email, "bob@", None),
            (ListKind::Email, "@example.com", None),
            (ListKind::Email, "bob", None),
            (ListKind::Email, "b ob@example.com", None),
            (ListKind::Email, "bob@exa..mple.com", None),
            (
                ListKind::EmailDomain,
                "@Mailinator.COM.",
                Some("mailinator.com"),
            ),
            (ListKind::EmailDomain, "xyz", Some("xyz")),
            (ListKind::EmailDomain, "a b.com", None),
            (ListKind::EmailDomain, "", None),
        ];
        for (kind, raw, want) in cases {
            assert_eq!(canon(*kind, raw).ok().as_deref(), *want, "{kind:?} {raw:?}");
        }
    }

    #[test]
    fn reasons_and_authors_are_validated() {
        assert_eq!(
            parse_reason("  chargeback #12 "),
            Ok(Some("chargeback #12".into()))
        );
        assert_eq!(parse_reason("   "), Ok(None));
        assert!(parse_reason("two\nlines").is_err());
        assert!(parse_reason(&"x".repeat(501)).is_err());
        assert_eq!(parse_added_by("admin@ops"), Ok("admin@ops"));
        assert!(parse_added_by("two words").is_err());
        assert!(parse_added_by("").is_err());
    }

    #[test]
    fn query_lowercasing_matches_entry_canonicalisation() {
        for raw in [" Bob@Example.COM", "ÉLODIE@exemple.fr", &"A".repeat(400)] {
            let via_query = with_lowercase(raw, str::to_owned);
            assert_eq!(via_query, raw.trim().to_lowercase());
        }
    }
}
