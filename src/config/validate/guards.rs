//! Validation of the client-intelligence sections (`[geo]`, `[fingerprint]`, `[lists]`,
//! `[limits]`) and of the per-route guard settings (rate limits, purchase limits, and
//! where the user key and email are found).

use super::{duration, positive, Errs};
use crate::config::raw::*;
use crate::config::types::*;
use http::HeaderName;
use std::num::NonZeroU32;
use std::path::PathBuf;
use std::time::Duration;

fn path(v: Option<String>, field: &str, e: &mut Errs) -> Option<PathBuf> {
    match v {
        Some(p) if p.trim().is_empty() => {
            e.add(field, "must not be empty");
            None
        }
        Some(p) => Some(PathBuf::from(p)),
        None => None,
    }
}

pub(super) fn geo(raw: Option<RawGeo>, e: &mut Errs) -> Option<GeoSettings> {
    let raw = raw?;
    let country = path(raw.country_db, "geo.country_db", e);
    let asn = path(raw.asn_db, "geo.asn_db", e);
    if country.is_none() {
        e.add(
            "geo.country_db",
            "is required (e.g. \"geoip/country.mmdb\")",
        );
    }
    if asn.is_none() {
        e.add("geo.asn_db", "is required (e.g. \"geoip/asn.mmdb\")");
    }
    let mut extra = Vec::new();
    for (i, n) in raw
        .extra_hosting_asns
        .unwrap_or_default()
        .into_iter()
        .enumerate()
    {
        match u32::try_from(n) {
            Ok(a) if a > 0 => extra.push(a),
            _ => e.add(
                format!("geo.extra_hosting_asns[{i}]"),
                format!("`{n}` is not an AS number"),
            ),
        }
    }
    Some(GeoSettings {
        country_db: country?,
        asn_db: asn?,
        hosting_asns: path(raw.hosting_asns, "geo.hosting_asns", e),
        extra_hosting_asns: extra,
    })
}

pub(super) fn fingerprint(raw: Option<RawFingerprint>, e: &mut Errs) -> FingerprintSettings {
    let raw = raw.unwrap_or_default();
    let cookie_name = raw.cookie_name.unwrap_or_else(|| "rg_did".to_string());
    if cookie_name.is_empty()
        || !cookie_name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        e.add(
            "fingerprint.cookie_name",
            format!("`{cookie_name}` is not a cookie name (letters, digits, _ and -)"),
        );
    }
    let key_envs = raw.key_envs.unwrap_or_default();
    if key_envs.len() > 8 {
        e.add(
            "fingerprint.key_envs",
            format!("at most 8 keys (got {}); drop retired ones", key_envs.len()),
        );
    }
    for (i, k) in key_envs.iter().enumerate() {
        if k.is_empty() || !k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            e.add(
                format!("fingerprint.key_envs[{i}]"),
                format!("`{k}` is not an environment variable name"),
            );
        }
    }
    let beacon_path = match raw.beacon_path {
        None => Some("/__rg".to_string()),
        Some(p) if p.is_empty() => None,
        Some(p) if p.starts_with('/') && !p.ends_with('/') => Some(p),
        Some(p) => {
            e.add(
                "fingerprint.beacon_path",
                format!("`{p}` must start with `/` and not end with `/` (or be \"\" to disable)"),
            );
            None
        }
    };
    FingerprintSettings {
        cookie_name,
        cookie_lifetime: duration(
            raw.cookie_lifetime,
            Duration::from_secs(365 * 86_400),
            "fingerprint.cookie_lifetime",
            e,
        ),
        key_envs,
        beacon_path,
        beacon_store_entries: positive(
            raw.beacon_store_entries,
            200_000,
            "fingerprint.beacon_store_entries",
            e,
        ),
        beacon_ttl: duration(
            raw.beacon_ttl,
            Duration::from_secs(30 * 86_400),
            "fingerprint.beacon_ttl",
            e,
        ),
    }
}

fn list_files(raw: Option<RawListFiles>, which: &str, e: &mut Errs) -> ListFiles {
    let raw = raw.unwrap_or_default();
    let f = |k: &str| format!("lists.{which}.{k}");
    ListFiles {
        ip: path(raw.ip, &f("ip"), e),
        device: path(raw.device, &f("device"), e),
        user: path(raw.user, &f("user"), e),
        email: path(raw.email, &f("email"), e),
        email_domain: path(raw.email_domain, &f("email_domain"), e),
    }
}

pub(super) fn lists(raw: Option<RawLists>, e: &mut Errs) -> ListSettings {
    let raw = raw.unwrap_or_default();
    ListSettings {
        block: list_files(raw.block, "block", e),
        allow: list_files(raw.allow, "allow", e),
    }
}

/// Parses `+08:00`, `-05:30`, `Z` or `UTC` into minutes east of UTC.
pub fn parse_utc_offset(s: &str) -> Result<i32, String> {
    if s == "Z" || s.eq_ignore_ascii_case("utc") {
        return Ok(0);
    }
    let bad = || format!("`{s}` is not a UTC offset (use e.g. +08:00, -05:00 or UTC)");
    let (sign, rest) = match s.as_bytes().first() {
        Some(b'+') => (1, &s[1..]),
        Some(b'-') => (-1, &s[1..]),
        _ => return Err(bad()),
    };
    let (h, m) = rest.split_once(':').ok_or_else(bad)?;
    let (h, m): (i32, i32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 14 || m > 59 || h < 0 || m < 0 {
        return Err(bad());
    }
    Ok(sign * (h * 60 + m))
}

pub(super) fn limits(raw: Option<RawLimits>, e: &mut Errs) -> LimitSettings {
    let raw = raw.unwrap_or_default();
    let offset = match raw.day_utc_offset {
        None => 0,
        Some(s) => parse_utc_offset(&s).unwrap_or_else(|r| {
            e.add("limits.day_utc_offset", r);
            0
        }),
    };
    LimitSettings {
        day_utc_offset_minutes: offset,
        small_amount_minor: positive(raw.small_amount_minor, 500, "limits.small_amount_minor", e),
        max_tracked_keys: positive(
            raw.max_tracked_keys,
            1_000_000,
            "limits.max_tracked_keys",
            e,
        ),
    }
}

fn scope(s: &str) -> Option<LimitScope> {
    match s.trim() {
        "ip" => Some(LimitScope::Ip),
        "device" => Some(LimitScope::Device),
        "user" => Some(LimitScope::User),
        "route" => Some(LimitScope::Route),
        _ => None,
    }
}

fn nonzero(v: Option<i64>, field: &str, e: &mut Errs) -> Option<NonZeroU32> {
    match v {
        None => {
            e.add(field, "is required");
            None
        }
        Some(n) if n > 0 && n <= u32::MAX as i64 => NonZeroU32::new(n as u32),
        Some(n) => {
            e.add(field, format!("must be a positive integer (got {n})"));
            None
        }
    }
}

pub(super) fn rate_limits(
    raw: Option<Vec<RawRateLimit>>,
    route: usize,
    e: &mut Errs,
) -> Vec<RateLimitSettings> {
    let mut out = Vec::new();
    for (i, r) in raw.unwrap_or_default().into_iter().enumerate() {
        let f = |k: &str| format!("routes[{route}].rate_limits[{i}].{k}");
        let scope_s = r.scope.unwrap_or_else(|| "ip".to_string());
        let scopes: Vec<Option<LimitScope>> = scope_s.split('+').map(scope).collect();
        if scopes.iter().any(Option::is_none) {
            e.add(
                f("scope"),
                format!("`{scope_s}` is not a scope (ip, device, user, route, or a combination like ip+route)"),
            );
        }
        let rate = nonzero(r.rate, &f("rate"), e);
        let burst = match r.burst {
            None => rate,
            b => nonzero(b, &f("burst"), e),
        };
        let per = duration(r.per, Duration::from_secs(1), &f("per"), e);
        if let (Some(rate), Some(burst)) = (rate, burst) {
            if scopes.iter().all(Option::is_some) {
                out.push(RateLimitSettings {
                    scope: scopes.into_iter().flatten().collect(),
                    rate,
                    per,
                    burst,
                });
            }
        }
    }
    out
}

pub(super) fn purchase_limits(
    raw: Option<Vec<RawPurchaseLimit>>,
    route: usize,
    e: &mut Errs,
) -> Vec<PurchaseLimitSettings> {
    let mut out = Vec::new();
    for (i, r) in raw.unwrap_or_default().into_iter().enumerate() {
        let f = |k: &str| format!("routes[{route}].purchase_limits[{i}].{k}");
        let sc = match r.scope.as_deref().map(scope) {
            Some(Some(s @ (LimitScope::Ip | LimitScope::Device | LimitScope::User))) => Some(s),
            None => {
                e.add(f("scope"), "is required (ip, device or user)");
                None
            }
            Some(_) => {
                e.add(f("scope"), "must be ip, device or user");
                None
            }
        };
        let max = nonzero(r.max, &f("max"), e);
        let window = match r.window.as_deref() {
            None | Some("day") => Some(PurchaseWindow::Day),
            Some(w) => match super::parse_duration(w) {
                Ok(d) => Some(PurchaseWindow::Rolling(d)),
                Err(reason) => {
                    e.add(
                        f("window"),
                        format!("{reason}; or \"day\" for the calendar day"),
                    );
                    None
                }
            },
        };
        let review = match r.action.as_deref() {
            None | Some("block") => false,
            Some("review") => true,
            Some(o) => {
                e.add(
                    f("action"),
                    format!("`{o}` must be review or block (what reaching max does)"),
                );
                false
            }
        };
        let hard_max = r.hard_max.and_then(|h| nonzero(Some(h), &f("hard_max"), e));
        if hard_max.is_some() && !review {
            e.add(
                f("hard_max"),
                "only applies with action = \"review\" (the block past the reviews)",
            );
        }
        if let (Some(h), Some(m)) = (hard_max, max) {
            if h <= m {
                e.add(f("hard_max"), format!("must be above max ({h} <= {m})"));
            }
        }
        if let (Some(scope), Some(max), Some(window)) = (sc, max, window) {
            out.push(PurchaseLimitSettings {
                scope,
                max,
                window,
                review,
                hard_max: hard_max.filter(|_| review),
            });
        }
    }
    out
}

/// Parses `header:NAME`, `cookie:NAME` or `query:NAME`.
pub(super) fn value_source(raw: Option<String>, field: &str, e: &mut Errs) -> Option<ValueSource> {
    let s = raw?;
    let bad = |e: &mut Errs| {
        e.add(
            field,
            format!("`{s}` must be header:NAME, cookie:NAME or query:NAME"),
        );
        None
    };
    match s.split_once(':') {
        Some(("header", n)) => match HeaderName::from_bytes(n.as_bytes()) {
            Ok(h) => Some(ValueSource::Header(h)),
            Err(_) => bad(e),
        },
        Some(("cookie", n)) if !n.is_empty() => Some(ValueSource::Cookie(n.to_string())),
        Some(("query", n)) if !n.is_empty() => Some(ValueSource::Query(n.to_string())),
        _ => bad(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_offsets() {
        assert_eq!(parse_utc_offset("+08:00"), Ok(480));
        assert_eq!(parse_utc_offset("-05:30"), Ok(-330));
        assert_eq!(parse_utc_offset("UTC"), Ok(0));
        assert!(parse_utc_offset("08:00").is_err());
        assert!(parse_utc_offset("+15:00").is_err());
    }
}
