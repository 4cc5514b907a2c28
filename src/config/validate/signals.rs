//! Validation of `[risk.signals]` (account and fingerprint signals, `risk::signals`).

use super::Errs;
use crate::config::raw::RawSignals;
use crate::risk::signals::SignalSettings;

fn count(v: Option<i64>, field: &str, e: &mut Errs) -> Option<u32> {
    match v {
        None => None,
        Some(n) if n > 0 && n <= i64::from(u32::MAX) => Some(n as u32),
        Some(n) => {
            e.add(field, format!("must be positive (got {n})"));
            None
        }
    }
}

fn usd(v: Option<f64>, field: &str, e: &mut Errs) -> Option<f64> {
    match v {
        Some(x) if !(x.is_finite() && x >= 0.0) => {
            e.add(
                field,
                format!("must be a non-negative amount in USD (got {x})"),
            );
            None
        }
        v => v,
    }
}

/// `[risk.signals]`; unset signals stay off.
pub(super) fn signals(raw: RawSignals, e: &mut Errs) -> SignalSettings {
    let d = SignalSettings::off();
    let f = |name: &str| format!("risk.signals.{name}");
    SignalSettings {
        max_users_per_fingerprint: count(
            raw.max_users_per_fingerprint,
            &f("max_users_per_fingerprint"),
            e,
        ),
        fingerprint_min_networks: count(
            raw.fingerprint_min_networks,
            &f("fingerprint_min_networks"),
            e,
        )
        .unwrap_or(d.fingerprint_min_networks),
        tz_mismatch_min_usd: usd(raw.tz_mismatch_min_usd, &f("tz_mismatch_min_usd"), e),
        new_device_for_user: raw.new_device_for_user.unwrap_or(false),
        repeat_amount: count(raw.repeat_amount, &f("repeat_amount"), e),
        repeat_amount_min_usd: usd(raw.repeat_amount_min_usd, &f("repeat_amount_min_usd"), e)
            .unwrap_or(d.repeat_amount_min_usd),
        established_days: count(raw.established_days, &f("established_days"), e)
            .unwrap_or(d.established_days),
        block_min_signals: count(raw.block_min_signals, &f("block_min_signals"), e),
    }
}
