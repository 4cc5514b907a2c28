//! [`Country`]: an ISO 3166-1 alpha-2 code held in two bytes.
//!
//! Owns parsing and display of the code only. It does not know country names, regions or
//! which countries a shop blocks (that is `risk::rules`).

use std::fmt;

/// An ISO 3166-1 alpha-2 country code such as `US`, always two uppercase ASCII letters.
///
/// Copyable and allocation-free so it can sit in per-request facts. Codes are not checked
/// against the ISO list: the geo data also uses user-assigned codes such as `XK` (Kosovo).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country([u8; 2]);

impl Country {
    /// Parses a two-letter code in either case (`"us"` and `"US"` give `US`).
    ///
    /// Called on database records and on configured country lists. Returns `None` for
    /// anything that is not exactly two ASCII letters.
    pub fn from_code(code: &str) -> Option<Country> {
        match code.as_bytes() {
            [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                Some(Country([a.to_ascii_uppercase(), b.to_ascii_uppercase()]))
            }
            _ => None,
        }
    }

    /// Returns the code as a `&str`, e.g. for the `X-Geo-Country` header.
    pub fn as_str(&self) -> &str {
        // The bytes are two ASCII letters by construction, so this never takes the fallback.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    /// Returns the two code bytes, uppercase ASCII.
    pub fn as_bytes(&self) -> [u8; 2] {
        self.0
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Country({})", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_two_letters_in_either_case() {
        for (input, want) in [("US", Some("US")), ("de", Some("DE")), ("xK", Some("XK"))] {
            assert_eq!(
                Country::from_code(input).map(|c| c.to_string()),
                want.map(str::to_owned),
                "{input}"
            );
        }
    }

    #[test]
    fn refuses_anything_but_two_ascii_letters() {
        for input in ["", "U", "USA", "U1", "1S", "é", "--", " US"] {
            assert_eq!(Country::from_code(input), None, "{input:?}");
        }
    }

    #[test]
    fn exposes_bytes_and_str_without_allocating() {
        let c = Country::from_code("gb").expect("valid code");
        assert_eq!(c.as_bytes(), *b"GB");
        assert_eq!(c.as_str(), "GB");
        assert_eq!(format!("{c:?}"), "Country(GB)");
    }
}
