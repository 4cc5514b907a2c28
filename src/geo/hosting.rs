//! The set of hosting / datacenter ASNs, and the parser for its list file.
//!
//! Owns the `ASN  # comment` file format (see `geoip/hosting_asns.txt`) and membership
//! tests. It does not decide what a hosting client means for risk (that is `risk::rules`).

use std::path::Path;

use super::GeoError;

/// A fixed set of ASNs whose address space is hosting or datacenter space.
///
/// Kept as a sorted slice: the list has on the order of a hundred entries, so a binary
/// search is a handful of comparisons and needs no hashing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostingAsns {
    sorted: Box<[u32]>,
}

impl HostingAsns {
    /// Builds the set from any ASNs (duplicates are fine).
    pub fn new(asns: impl IntoIterator<Item = u32>) -> HostingAsns {
        let mut v: Vec<u32> = asns.into_iter().collect();
        v.sort_unstable();
        v.dedup();
        HostingAsns {
            sorted: v.into_boxed_slice(),
        }
    }

    /// Returns true when `asn` is a hosting ASN. Called once per looked-up address.
    pub fn contains(&self, asn: u32) -> bool {
        self.sorted.binary_search(&asn).is_ok()
    }

    /// Returns how many distinct ASNs the set holds (for start-up logs).
    pub fn len(&self) -> usize {
        self.sorted.len()
    }

    /// Returns true when the set is empty (no hosting detection).
    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty()
    }
}

/// Reads a hosting ASN list file. Called at start and reload.
///
/// Returns every ASN in file order, or the first malformed line with its number.
pub(crate) fn read_list(path: &Path) -> Result<Vec<u32>, GeoError> {
    let text = std::fs::read_to_string(path).map_err(|source| GeoError::HostingListRead {
        path: path.to_owned(),
        source,
    })?;
    parse_list(&text).map_err(|(line, reason)| GeoError::HostingListLine {
        path: path.to_owned(),
        line,
        reason,
    })
}

/// Parses list text: one ASN per line (`16509` or `AS16509`), `#` starts a comment, blank
/// lines are ignored. Errors carry the 1-based line number and the reason.
pub(crate) fn parse_list(text: &str) -> Result<Vec<u32>, (usize, String)> {
    let mut asns = Vec::new();
    for (idx, raw) in text.lines().enumerate() {
        let content = raw.split_once('#').map_or(raw, |(before, _)| before).trim();
        if content.is_empty() {
            continue;
        }
        let line = idx + 1;
        let digits = content
            .strip_prefix("AS")
            .or_else(|| content.strip_prefix("as"))
            .unwrap_or(content);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err((
                line,
                format!("expected an AS number like `16509` or `AS16509`, found `{content}`"),
            ));
        }
        match digits.parse::<u32>() {
            Ok(0) => return Err((line, "AS0 is reserved and never announced".to_owned())),
            Ok(asn) => asns.push(asn),
            Err(_) => {
                return Err((
                    line,
                    format!("`{content}` is larger than the largest AS number (4294967295)"),
                ))
            }
        }
    }
    Ok(asns)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_numbers_prefixes_comments_and_blank_lines() {
        let text = "# header\n\n16509  # Amazon AWS\nAS14061\nas24940 # Hetzner\n  8075\t\n";
        assert_eq!(parse_list(text), Ok(vec![16509, 14061, 24940, 8075]));
    }

    #[test]
    fn reports_the_line_of_the_first_malformed_entry() {
        let cases = [
            ("16509\nAmazon\n", 2, "expected an AS number"),
            ("16509\n\n# c\n165o9 # typo\n", 4, "expected an AS number"),
            ("1 2\n", 1, "expected an AS number"),
            ("AS\n", 1, "expected an AS number"),
            ("-5\n", 1, "expected an AS number"),
            ("0\n", 1, "AS0 is reserved"),
            ("4294967296\n", 1, "larger than the largest"),
        ];
        for (text, want_line, want_reason) in cases {
            let (line, reason) = parse_list(text).expect_err(text);
            assert_eq!(line, want_line, "{text:?}");
            assert!(reason.contains(want_reason), "{text:?}: {reason}");
        }
    }

    #[test]
    fn set_membership_ignores_order_and_duplicates() {
        let set = HostingAsns::new([24940, 16509, 16509, 14061]);
        assert_eq!(set.len(), 3);
        assert!(set.contains(16509) && set.contains(14061) && set.contains(24940));
        assert!(!set.contains(15169));
        assert!(!HostingAsns::default().contains(16509));
        assert!(HostingAsns::default().is_empty());
    }
}
