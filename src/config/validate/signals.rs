//! Validation of `[risk.signals]` (account and fingerprint signals, `risk::signals`).

use super::Errs;
use crate::config::raw::RawSignals;
use crate::config::{QuickCheckout, SignalSettings};

pub(super) fn count(v: Option<i64>, field: &str, e: &mut Errs) -> Option<u32> {
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
        cookieless_min_usd: usd(raw.cookieless_min_usd, &f("cookieless_min_usd"), e),
        quick_checkout: quick_checkout(&raw, e),
        new_device_for_user: raw.new_device_for_user.unwrap_or(false),
        repeat_amount: count(raw.repeat_amount, &f("repeat_amount"), e),
        repeat_amount_min_usd: usd(raw.repeat_amount_min_usd, &f("repeat_amount_min_usd"), e)
            .unwrap_or(d.repeat_amount_min_usd),
        established_days: count(raw.established_days, &f("established_days"), e)
            .unwrap_or(d.established_days),
        block_min_signals: count(raw.block_min_signals, &f("block_min_signals"), e),
        // `[risk.linkage]` is its own section (`validate::linkage`).
        linkage: Default::default(),
        gateway_bulk: gateway_bulk(&raw, &f("gateway_bulk"), e),
        satellite_asns: asns(raw.satellite_asns, &f("satellite_asns"), e),
        gateway_asns: asns(raw.gateway_asns, &f("gateway_asns"), e),
        beacon_via_client: raw.beacon_via_client.unwrap_or(false),
    }
}

/// Longest `quick_checkout_secs`: an hour. A browser an hour on the shop is no quick
/// checkout, and a window that long would hold every new buyer's order.
const QUICK_CHECKOUT_MAX_SECS: i64 = 3600;

/// A window in seconds, 1 to [`QUICK_CHECKOUT_MAX_SECS`].
fn window(v: Option<i64>, field: &str, e: &mut Errs) -> Option<u64> {
    let n = v?;
    if (1..=QUICK_CHECKOUT_MAX_SECS).contains(&n) {
        return Some(n as u64);
    }
    e.add(
        field,
        format!("must be 1 to {QUICK_CHECKOUT_MAX_SECS} seconds (got {n})"),
    );
    None
}

/// `quick_checkout_secs` and `quick_checkout_min_usd`: both or neither;
/// `quick_checkout_max_secs` (optional) at least `quick_checkout_secs`.
fn quick_checkout(raw: &RawSignals, e: &mut Errs) -> Option<QuickCheckout> {
    let secs_field = "risk.signals.quick_checkout_secs";
    let usd_field = "risk.signals.quick_checkout_min_usd";
    let max_field = "risk.signals.quick_checkout_max_secs";
    let secs = window(raw.quick_checkout_secs, secs_field, e);
    let min_usd = usd(raw.quick_checkout_min_usd, usd_field, e);
    let max_secs = match (
        window(raw.quick_checkout_max_secs, max_field, e),
        raw.quick_checkout_secs,
    ) {
        // Unset: a flat window.
        _ if raw.quick_checkout_max_secs.is_none() => secs,
        // Out of range: already reported.
        (None, _) => None,
        (Some(_), None) => {
            e.add(
                max_field,
                "has no effect without quick_checkout_secs".to_string(),
            );
            None
        }
        (Some(m), Some(s)) if (m as i64) < s => {
            e.add(
                max_field,
                format!("must be at least quick_checkout_secs ({s}; got {m})"),
            );
            None
        }
        (Some(m), Some(_)) => Some(m),
    };
    match (raw.quick_checkout_secs, raw.quick_checkout_min_usd) {
        (Some(_), None) => e.add(
            secs_field,
            "has no effect without quick_checkout_min_usd".to_string(),
        ),
        (None, Some(_)) => e.add(
            usd_field,
            "has no effect without quick_checkout_secs".to_string(),
        ),
        _ => {}
    }
    Some(QuickCheckout {
        secs: secs?,
        min_usd: min_usd?,
        max_secs: max_secs?,
    })
}

/// `gateway_bulk`: on needs gateways to act on.
fn gateway_bulk(raw: &RawSignals, field: &str, e: &mut Errs) -> bool {
    let on = raw.gateway_bulk.unwrap_or(false);
    if on && raw.gateway_asns.as_ref().is_none_or(|v| v.is_empty()) {
        e.add(field, "has no effect without gateway_asns".to_string());
    }
    on
}

/// A list of AS numbers (1 ..= 4294967295; AS0 is never announced).
fn asns(v: Option<Vec<i64>>, field: &str, e: &mut Errs) -> Vec<u32> {
    let mut out = Vec::new();
    for (i, n) in v.unwrap_or_default().into_iter().enumerate() {
        match u32::try_from(n) {
            Ok(a) if a > 0 => out.push(a),
            _ => e.add(
                format!("{field}[{i}]"),
                format!("`{n}` is not an AS number"),
            ),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::config::parse;
    use crate::config::SignalSettings;

    const ROUTES: &str =
        "[upstreams.a]\nservers=[\"127.0.0.1:1\"]\n[[routes]]\nkind=\"pass\"\nupstream=\"a\"\n";

    /// Every error of `src` rendered with its file and line (none when it parses).
    fn errors(src: &str) -> Vec<String> {
        match parse(src, "t.toml") {
            Ok(_) => Vec::new(),
            Err(e) => e.errors.iter().map(|e| e.render("t.toml")).collect(),
        }
    }

    #[test]
    fn signals_are_off_by_default_and_read_when_set() {
        let c = parse(&format!("[risk]\nmodel=\"m.onnx\"\n{ROUTES}"), "t.toml").unwrap();
        assert_eq!(c.risk.unwrap().signals, SignalSettings::off());
        let src = format!(
            "[risk]\nmodel=\"m.onnx\"\n[risk.signals]\nmax_users_per_fingerprint=3\n\
             fingerprint_min_networks=1\ntz_mismatch_min_usd=150\ncookieless_min_usd=150\n\
             quick_checkout_secs=30\nquick_checkout_min_usd=250\nnew_device_for_user=true\n\
             repeat_amount=4\nrepeat_amount_min_usd=30.5\nestablished_days=14\n\
             block_min_signals=3\n[risk.policy]\nstrong_rules=[\"shared_fingerprint\"]\n{ROUTES}"
        );
        let r = parse(&src, "t.toml").unwrap().risk.unwrap();
        assert_eq!(
            r.signals,
            SignalSettings {
                max_users_per_fingerprint: Some(3),
                fingerprint_min_networks: 1,
                tz_mismatch_min_usd: Some(150.0),
                cookieless_min_usd: Some(150.0),
                quick_checkout: Some(crate::config::QuickCheckout {
                    secs: 30,
                    min_usd: 250.0,
                    max_secs: 30,
                }),
                new_device_for_user: true,
                repeat_amount: Some(4),
                repeat_amount_min_usd: 30.5,
                established_days: 14,
                block_min_signals: Some(3),
                linkage: Default::default(),
                satellite_asns: vec![],
                gateway_asns: vec![],
                gateway_bulk: false,
                beacon_via_client: false,
            }
        );
        assert_eq!(r.policy.strong_rules, ["shared_fingerprint"]);
    }

    #[test]
    fn beacon_via_client_is_off_by_default_and_read_when_set() {
        let on =
            format!("[risk]\nmodel=\"m.onnx\"\n[risk.signals]\nbeacon_via_client=true\n{ROUTES}");
        let r = parse(&on, "t.toml").unwrap().risk.unwrap();
        assert!(r.signals.beacon_via_client);
        let bad = format!(
            "[risk]\nmodel=\"m.onnx\"\n[risk.signals]\nbeacon_via_client=\"yes\"\n{ROUTES}"
        );
        let err = parse(&bad, "t.toml").unwrap_err().to_string();
        assert!(err.contains("t.toml:4"), "{err}");
        assert!(err.contains("beacon_via_client"), "{err}");
    }

    #[test]
    fn bad_signal_settings_name_field_and_line() {
        let src = format!(
            "[risk]\nmodel=\"m.onnx\"\n[risk.signals]\nmax_users_per_fingerprint=0\n\
             tz_mismatch_min_usd=-5\nrepeat_amount=-1\ncookieless_min_usd=-1\n{ROUTES}"
        );
        let got = errors(&src);
        assert_eq!(
            got,
            [
                "t.toml:4: risk.signals.max_users_per_fingerprint: must be positive (got 0)",
                "t.toml:5: risk.signals.tz_mismatch_min_usd: must be a non-negative amount in USD (got -5)",
                "t.toml:6: risk.signals.repeat_amount: must be positive (got -1)",
                "t.toml:7: risk.signals.cookieless_min_usd: must be a non-negative amount in USD (got -1)",
            ]
        );
        let sat = format!(
            "[risk]\nmodel=\"m.onnx\"\n[risk.signals]\nsatellite_asns=[14593, 0, 7155]\n{ROUTES}"
        );
        let got = errors(&sat);
        assert_eq!(
            got,
            ["t.toml:4: risk.signals.satellite_asns[1]: `0` is not an AS number"]
        );
        let ok = sat.replace(" 0,", "");
        let r = parse(&ok, "t.toml").unwrap().risk.unwrap();
        assert_eq!(r.signals.satellite_asns, [14593, 7155]);
        let gw = format!(
            "[risk]\nmodel=\"m.onnx\"\n[risk.signals]\ngateway_asns=[22616, -3, 55256]\n{ROUTES}"
        );
        let got = errors(&gw);
        assert_eq!(
            got,
            ["t.toml:4: risk.signals.gateway_asns[1]: `-3` is not an AS number"]
        );
        let r = parse(&gw.replace(" -3,", ""), "t.toml")
            .unwrap()
            .risk
            .unwrap();
        assert_eq!(r.signals.gateway_asns, [22616, 55256]);
        let unknown = format!("[risk]\nmodel=\"m.onnx\"\n[risk.signals]\nvibes=1\n{ROUTES}");
        assert!(parse(&unknown, "t.toml").is_err());
    }
    #[test]
    fn quick_checkout_needs_both_fields_in_range_and_errors_name_field_and_line() {
        let src = |body: &str| format!("[risk]\nmodel=\"m.onnx\"\n[risk.signals]\n{body}{ROUTES}");
        assert_eq!(
            errors(&src("quick_checkout_secs=30\n")),
            ["t.toml:4: risk.signals.quick_checkout_secs: has no effect without quick_checkout_min_usd"]
        );
        assert_eq!(
            errors(&src("quick_checkout_min_usd=250\n")),
            ["t.toml:4: risk.signals.quick_checkout_min_usd: has no effect without quick_checkout_secs"]
        );
        assert_eq!(
            errors(&src("quick_checkout_secs=0\nquick_checkout_min_usd=-1\n")),
            [
                "t.toml:4: risk.signals.quick_checkout_secs: must be 1 to 3600 seconds (got 0)",
                "t.toml:5: risk.signals.quick_checkout_min_usd: must be a non-negative amount in USD (got -1)",
            ]
        );
        assert_eq!(
            errors(&src(
                "quick_checkout_secs=30\nquick_checkout_min_usd=250\nquick_checkout_max_secs=20\n"
            )),
            ["t.toml:6: risk.signals.quick_checkout_max_secs: must be at least quick_checkout_secs (30; got 20)"]
        );
        assert_eq!(
            errors(&src("quick_checkout_max_secs=90\n")),
            ["t.toml:4: risk.signals.quick_checkout_max_secs: has no effect without quick_checkout_secs"]
        );
        assert_eq!(
            errors(&src(
                "quick_checkout_secs=30\nquick_checkout_min_usd=250\nquick_checkout_max_secs=7200\n"
            )),
            ["t.toml:6: risk.signals.quick_checkout_max_secs: must be 1 to 3600 seconds (got 7200)"]
        );
        let scaled = parse(
            &src(
                "quick_checkout_secs=30\nquick_checkout_min_usd=250\nquick_checkout_max_secs=90\n",
            ),
            "t.toml",
        )
        .unwrap()
        .risk
        .unwrap();
        assert_eq!(scaled.signals.quick_checkout.map(|q| q.max_secs), Some(90));
        assert_eq!(
            errors(&src(
                "quick_checkout_secs=3601\nquick_checkout_min_usd=250\n"
            )),
            ["t.toml:4: risk.signals.quick_checkout_secs: must be 1 to 3600 seconds (got 3601)"]
        );
        let r = parse(
            &src("quick_checkout_secs=3600\nquick_checkout_min_usd=0\n"),
            "t.toml",
        )
        .unwrap()
        .risk
        .unwrap();
        assert_eq!(
            r.signals.quick_checkout,
            Some(crate::config::QuickCheckout {
                secs: 3600,
                min_usd: 0.0,
                max_secs: 3600
            })
        );
    }

    #[test]
    fn gateway_bulk_needs_gateways_and_names_field_and_line() {
        let on = format!(
            "[risk]\nmodel=\"m.onnx\"\n[risk.signals]\ngateway_asns=[22616]\ngateway_bulk=true\n{ROUTES}"
        );
        let r = parse(&on, "t.toml").unwrap().risk.unwrap();
        assert!(r.signals.gateway_bulk);
        let off = parse(&on.replace("gateway_bulk=true\n", ""), "t.toml")
            .unwrap()
            .risk
            .unwrap();
        assert!(!off.signals.gateway_bulk, "off by default");
        let alone = on.replace("gateway_asns=[22616]\n", "");
        let got = errors(&alone);
        assert_eq!(
            got,
            ["t.toml:4: risk.signals.gateway_bulk: has no effect without gateway_asns"]
        );
    }
}
