//! Timestamps in list files: Unix seconds or RFC 3339, parsed and written without a date
//! library.
//!
//! Owns only the civil-date arithmetic (proleptic Gregorian, years 1970–9999). Time zones
//! are numeric offsets as RFC 3339 requires; there is no zone database.

/// Parses `1700000000` (Unix seconds) or RFC 3339 (`2024-05-01T12:00:00Z`,
/// `2024-05-01T20:00:00.5+08:00`; fractions are dropped). Returns Unix seconds, or a short
/// reason for the error message.
pub(crate) fn parse_timestamp(s: &str) -> Result<u64, &'static str> {
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().map_err(|_| "Unix seconds out of range");
    }
    parse_rfc3339(s).ok_or("expected Unix seconds or RFC 3339 (2024-05-01T12:00:00Z)")
}

fn num(s: &str, range: std::ops::RangeInclusive<u32>) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|n| range.contains(n))
}

fn parse_rfc3339(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let year = num(s.get(0..4)?, 1970..=9999)?;
    let month = num(s.get(5..7)?, 1..=12)?;
    let day = num(s.get(8..10)?, 1..=days_in_month(year, month))?;
    let hour = num(s.get(11..13)?, 0..=23)?;
    let min = num(s.get(14..16)?, 0..=59)?;
    let sec = num(s.get(17..19)?, 0..=60)?; // a leap second reads as :60
    let mut rest = s.get(19..)?;
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &frac[digits..];
    }
    let offset_secs: i64 = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            if rest.len() != 6 || rest.as_bytes()[3] != b':' {
                return None;
            }
            let oh = num(rest.get(1..3)?, 0..=23)?;
            let om = num(rest.get(4..6)?, 0..=59)?;
            sign * i64::from(oh * 3600 + om * 60)
        }
    };
    let days = days_from_civil(i64::from(year), month, day);
    let secs = days * 86_400 + i64::from(hour * 3600 + min * 60 + sec) - offset_secs;
    u64::try_from(secs).ok()
}

fn is_leap(y: u32) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Civil date of a day count since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// Formats Unix seconds as RFC 3339 UTC, e.g. `2024-05-01T12:00:00Z`.
pub(crate) fn format_rfc3339(secs: u64) -> String {
    let secs = i64::try_from(secs).unwrap_or(i64::MAX / 2);
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let t = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        t / 3600,
        t / 60 % 60,
        t % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_rfc3339_dates() {
        assert_eq!(format_rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_rfc3339(1_764_297_297), "2025-11-28T02:34:57Z");
        assert_eq!(format_rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn parses_unix_seconds_and_rfc3339_forms() {
        let cases: &[(&str, Option<u64>)] = &[
            ("1700000000", Some(1_700_000_000)),
            ("0", Some(0)),
            ("1970-01-01T00:00:00Z", Some(0)),
            ("2023-11-14T22:13:20Z", Some(1_700_000_000)),
            ("2023-11-14t22:13:20z", Some(1_700_000_000)),
            ("2023-11-15T06:13:20+08:00", Some(1_700_000_000)),
            ("2023-11-14T17:13:20-05:00", Some(1_700_000_000)),
            ("2023-11-14T22:13:20.123456Z", Some(1_700_000_000)),
            ("2024-02-29T00:00:00Z", Some(1_709_164_800)),
            ("2023-02-29T00:00:00Z", None),
            ("2023-13-01T00:00:00Z", None),
            ("2023-11-14 22:13:20Z", None),
            ("2023-11-14T22:13:20", None),
            ("2023-11-14T22:13:20+0800", None),
            ("2023-11-14T22:13:20+é:00", None),
            ("2023-11-14T22:13:20+0é:0", None),
            ("2023-11-14T22:13:20.Z", None),
            ("1969-12-31T23:59:59Z", None),
            ("-5", None),
            ("soon", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_timestamp(input).ok(), *want, "{input:?}");
        }
    }

    #[test]
    fn formats_and_round_trips() {
        assert_eq!(format_rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_rfc3339(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(format_rfc3339(1_709_164_800), "2024-02-29T00:00:00Z");
        for secs in [1, 86_399, 951_782_400, 4_102_444_800, 253_402_300_799] {
            assert_eq!(parse_timestamp(&format_rfc3339(secs)), Ok(secs), "{secs}");
        }
    }
}
