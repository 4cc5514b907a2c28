//! Currency conversion rates for order amounts (`[risk.currency]`).
//!
//! The model reads every amount in US dollars (`amount_usd`), because "250" means about
//! 1.60 USD in yen and 250 USD in dollars. The rates are operator-maintained: riskgate
//! ships a default table of approximate rates for common currencies and downloads nothing.
//! Precision of a few percent is plenty for risk scoring; an operator whose shop sells in a
//! currency not listed adds it under `[risk.currency.rates]`. An order in a currency with
//! no rate gets the `currency_unknown` feature and reason instead of a guessed amount.

use std::collections::HashMap;

/// US dollars per one unit of each currency, approximate (late 2026); used when the config
/// does not override them. Operator-maintained in the config: riskgate downloads nothing.
pub const DEFAULT_RATES: [(&str, f64); 30] = [
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
    fn overrides_replace_and_extend() {
        let r = CurrencyRates::with_overrides([(*b"EUR", 1.5), (*b"ISK", 0.0072)]);
        assert_eq!(r.usd_per_unit("EUR"), Some(1.5));
        assert_eq!(r.usd_per_unit("ISK"), Some(0.0072));
        assert_eq!(r.usd_per_unit("USD"), Some(1.0));
    }
}
