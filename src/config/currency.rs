//! Currency conversion rates for order amounts (`[risk.currency]`).
//!
//! The model reads every amount in US dollars (`amount_usd`), because "250" means about
//! 1.60 USD in yen and 250 USD in dollars. The rates are operator-maintained: riskgate
//! ships a default table of approximate rates for 146 circulating ISO 4217 currencies and
//! downloads nothing. Left out on purpose: currencies whose rate moves too fast or has no
//! single market value to table (VES, LBP, IRR, SYP, SSP, SDG, ZWG, CUP, KPW), and funds,
//! metals and test codes (XAU, XDR, XXX…).
//! Precision of a few percent is plenty for risk scoring; an operator whose shop sells in a
//! currency not listed adds it under `[risk.currency.rates]`. An order in a currency with
//! no rate gets the `currency_unknown` feature and reason instead of a guessed amount.

use std::collections::HashMap;

/// US dollars per one unit of each currency, approximate (late 2026); used when the config
/// does not override them. The first 30 are the original table; the rest are alphabetical.
/// Fast-depreciating currencies (ARS, NGN, EGP…) drift: a stale rate overstates the amount,
/// so a shop selling in them should set its own rate. Operator-maintained in the config: riskgate downloads nothing.
pub const DEFAULT_RATES: [(&str, f64); 146] = [
    ("USD", 1.0),
    ("EUR", 1.08),
    ("GBP", 1.27),
    ("JPY", 0.0066),
    ("KRW", 0.00072),
    ("CNY", 0.138),
    ("HKD", 0.128),
    ("TWD", 0.031),
    ("SGD", 0.74),
    ("INR", 0.012),
    ("IDR", 0.000063),
    ("THB", 0.028),
    ("VND", 0.00004),
    ("PHP", 0.0175),
    ("MYR", 0.21),
    ("AUD", 0.66),
    ("NZD", 0.60),
    ("CAD", 0.73),
    ("MXN", 0.055),
    ("BRL", 0.19),
    ("CHF", 1.13),
    ("SEK", 0.095),
    ("NOK", 0.093),
    ("DKK", 0.145),
    ("PLN", 0.25),
    ("CZK", 0.043),
    ("TRY", 0.029),
    ("RUB", 0.011),
    ("ZAR", 0.055),
    ("AED", 0.272),
    ("AFN", 0.014),
    ("ALL", 0.011),
    ("AMD", 0.0026),
    ("ANG", 0.56),
    ("AOA", 0.0011),
    ("ARS", 0.00085),
    ("AWG", 0.56),
    ("AZN", 0.59),
    ("BAM", 0.55),
    ("BBD", 0.5),
    ("BDT", 0.0083),
    ("BGN", 0.55),
    ("BHD", 2.65),
    ("BIF", 0.00034),
    ("BMD", 1.0),
    ("BND", 0.74),
    ("BOB", 0.145),
    ("BSD", 1.0),
    ("BTN", 0.012),
    ("BWP", 0.074),
    ("BYN", 0.30),
    ("BZD", 0.5),
    ("CDF", 0.00035),
    ("CLP", 0.00105),
    ("COP", 0.00025),
    ("CRC", 0.002),
    ("CVE", 0.0098),
    ("DJF", 0.0056),
    ("DOP", 0.016),
    ("DZD", 0.0075),
    ("EGP", 0.02),
    ("ERN", 0.067),
    ("ETB", 0.0075),
    ("FJD", 0.44),
    ("FKP", 1.27),
    ("GEL", 0.37),
    ("GHS", 0.065),
    ("GIP", 1.27),
    ("GMD", 0.014),
    ("GNF", 0.000116),
    ("GTQ", 0.13),
    ("GYD", 0.0048),
    ("HNL", 0.039),
    ("HTG", 0.0076),
    ("HUF", 0.0027),
    ("ILS", 0.27),
    ("IQD", 0.00076),
    ("ISK", 0.0072),
    ("JMD", 0.0064),
    ("JOD", 1.41),
    ("KES", 0.0077),
    ("KGS", 0.0114),
    ("KHR", 0.00025),
    ("KMF", 0.0022),
    ("KWD", 3.25),
    ("KYD", 1.2),
    ("KZT", 0.002),
    ("LAK", 0.000046),
    ("LKR", 0.0033),
    ("LRD", 0.005),
    ("LSL", 0.055),
    ("LYD", 0.18),
    ("MAD", 0.10),
    ("MDL", 0.056),
    ("MGA", 0.00022),
    ("MKD", 0.0175),
    ("MMK", 0.00048),
    ("MNT", 0.00029),
    ("MOP", 0.124),
    ("MRU", 0.025),
    ("MUR", 0.022),
    ("MVR", 0.065),
    ("MWK", 0.00058),
    ("MZN", 0.0156),
    ("NAD", 0.055),
    ("NGN", 0.00065),
    ("NIO", 0.027),
    ("NPR", 0.0075),
    ("OMR", 2.6),
    ("PAB", 1.0),
    ("PEN", 0.27),
    ("PGK", 0.25),
    ("PKR", 0.0036),
    ("PYG", 0.000128),
    ("QAR", 0.275),
    ("RON", 0.22),
    ("RSD", 0.0092),
    ("RWF", 0.00072),
    ("SAR", 0.267),
    ("SBD", 0.12),
    ("SCR", 0.07),
    ("SHP", 1.27),
    ("SLE", 0.044),
    ("SOS", 0.00175),
    ("SRD", 0.028),
    ("STN", 0.044),
    ("SVC", 0.114),
    ("SZL", 0.055),
    ("TJS", 0.093),
    ("TMT", 0.286),
    ("TND", 0.32),
    ("TOP", 0.42),
    ("TTD", 0.147),
    ("TZS", 0.00038),
    ("UAH", 0.024),
    ("UGX", 0.00027),
    ("UYU", 0.025),
    ("UZS", 0.000079),
    ("VUV", 0.0083),
    ("WST", 0.36),
    ("XAF", 0.00165),
    ("XCD", 0.37),
    ("XOF", 0.00165),
    ("XPF", 0.009),
    ("YER", 0.004),
    ("ZMW", 0.037),
];

/// Validated conversion table: ISO 4217 code → US dollars per major unit.
///
/// Built by config validation from [`DEFAULT_RATES`] plus `[risk.currency.rates]`
/// (configured entries win); every rate is finite and positive.
#[derive(Debug, Clone, PartialEq)]
pub struct CurrencyRates {
    rates: HashMap<[u8; 3], f64>,
}

impl Default for CurrencyRates {
    fn default() -> Self {
        Self::with_overrides(std::iter::empty())
    }
}

impl CurrencyRates {
    /// The default table with `overrides` applied (codes must already be validated:
    /// three upper-case ASCII letters; rates finite and > 0).
    pub fn with_overrides(overrides: impl IntoIterator<Item = ([u8; 3], f64)>) -> Self {
        let mut rates: HashMap<[u8; 3], f64> = DEFAULT_RATES
            .iter()
            .filter_map(|(c, r)| Some((code(c)?, *r)))
            .collect();
        rates.extend(overrides);
        CurrencyRates { rates }
    }

    /// US dollars per major unit of `currency` (`"JPY"` → 0.0066), or `None` when the
    /// table has no rate for it. Called once per order.
    pub fn usd_per_unit(&self, currency: &str) -> Option<f64> {
        self.rates.get(&code(currency)?).copied()
    }

    /// Number of currencies with a rate.
    pub fn len(&self) -> usize {
        self.rates.len()
    }

    /// True when no currency has a rate (never for a validated table).
    pub fn is_empty(&self) -> bool {
        self.rates.is_empty()
    }
}

/// Parses a three-letter upper-case ISO 4217 code.
pub fn code(s: &str) -> Option<[u8; 3]> {
    let b: [u8; 3] = s.as_bytes().try_into().ok()?;
    b.iter().all(u8::is_ascii_uppercase).then_some(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_table_converts_major_currencies() {
        let r = CurrencyRates::default();
        assert_eq!(r.len(), DEFAULT_RATES.len());
        for c in ["USD", "EUR", "GBP", "JPY", "KRW", "CNY"] {
            assert!(r.usd_per_unit(c).is_some_and(|x| x > 0.0), "{c}");
        }
        // 250 JPY is a couple of dollars, not 250.
        let jpy = 250.0 * r.usd_per_unit("JPY").unwrap();
        assert!((1.0..3.0).contains(&jpy), "{jpy}");
        assert_eq!(r.usd_per_unit("XXX"), None);
        assert_eq!(r.usd_per_unit("usd"), None);
        assert_eq!(r.usd_per_unit("USDT"), None);
    }

    #[test]
    fn default_table_codes_are_unique_valid_and_plausible() {
        let mut seen = std::collections::HashSet::new();
        for (c, r) in DEFAULT_RATES {
            assert!(code(c).is_some(), "{c} is not an upper-case ISO 4217 code");
            assert!(seen.insert(c), "{c} twice");
            // Nothing circulating is worth more than 4 USD or less than a millionth.
            assert!(r.is_finite() && (1e-6..4.0).contains(&r), "{c} = {r}");
        }
        let r = CurrencyRates::default();
        // Local currencies of large card-shop markets are converted, not `currency_unknown`.
        for c in [
            "PKR", "EGP", "NGN", "KES", "BDT", "COP", "PEN", "ARS", "SAR", "UAH",
        ] {
            assert!(r.usd_per_unit(c).is_some(), "{c}");
        }
        // Left out on purpose: no stable rate to table.
        for c in ["VES", "LBP", "IRR", "XAU", "XXX"] {
            assert_eq!(r.usd_per_unit(c), None, "{c}");
        }
        // …unless the operator tables one.
        let r = CurrencyRates::with_overrides([(*b"VES", 0.01)]);
        assert_eq!(r.usd_per_unit("VES"), Some(0.01));
    }

    #[test]
    fn overrides_replace_and_extend() {
        let r = CurrencyRates::with_overrides([(*b"EUR", 1.5), (*b"ISK", 0.0072)]);
        assert_eq!(r.usd_per_unit("EUR"), Some(1.5));
        assert_eq!(r.usd_per_unit("ISK"), Some(0.0072));
        assert_eq!(r.usd_per_unit("USD"), Some(1.0));
    }
}
