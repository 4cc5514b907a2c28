//! Properties of the shipped model (`models/risk.onnx`) that issue 13 requires, checked on
//! the file itself with riskgate's native tree evaluator (exact against ONNX Runtime, see
//! `risk::trees`): counts, quantity and per-user distinct counts never lower the score
//! (monotonic constraints), a single weak signal (new device with a high amount, a
//! country/language mismatch) does not block, and a cookie-less card-testing burst that only
//! the client key sees is flagged. Thresholds come from the shipped config.

use riskgate::risk::features::{BASELINE, NAMES};
use riskgate::risk::trees::Trees;
use std::path::Path;

fn model() -> Trees {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/models/risk.onnx")).unwrap();
    Trees::from_onnx(&bytes, NAMES.len()).expect("the shipped model is a tree ensemble")
}

fn thresholds() -> (f32, f32) {
    let cfg = riskgate::config::load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/config/riskgate.toml"
    )))
    .expect("shipped config");
    let r = cfg.risk.expect("[risk]");
    (r.review_at, r.block_at)
}

fn idx(name: &str) -> usize {
    NAMES.iter().position(|n| *n == name).unwrap()
}

fn with(changes: &[(&str, f32)]) -> Vec<f32> {
    let mut x = BASELINE.to_vec();
    for (n, v) in changes {
        x[idx(n)] = *v;
    }
    x
}

/// Features whose larger value the domain says is never safer.
const NEVER_SAFER: [&str; 11] = [
    "quantity",
    "orders_ip_10m",
    "orders_device_10m",
    "orders_client_10m",
    "small_orders_device_10m",
    "small_orders_client_10m",
    "devices_per_user_24h",
    "ips_per_user_24h",
    "countries_per_user_7d",
    "ips_per_device_1h",
    "failed_payments_24h",
];

#[test]
fn more_orders_quantity_or_devices_per_user_never_lower_the_score() {
    let t = model();
    let mut rng = fastrand::Rng::with_seed(13);
    for _ in 0..500 {
        // A random order around the typical one: some flags, counts and amounts.
        let mut x = BASELINE.to_vec();
        for (i, v) in x.iter_mut().enumerate() {
            if rng.u8(..4) == 0 {
                *v = match NAMES[i] {
                    "amount_usd" => rng.f32() * 2000.0,
                    "device_age_hours" => rng.f32() * 8760.0,
                    n if n.contains("_10m") || n.contains("_per_") || n == "quantity" => {
                        f32::from(rng.u8(0..20))
                    }
                    _ => f32::from(rng.u8(0..2)),
                };
            }
        }
        for name in NEVER_SAFER {
            let before = t.score(&x);
            let mut y = x.clone();
            y[idx(name)] += f32::from(rng.u8(1..30));
            let after = t.score(&y);
            assert!(
                after >= before - 1e-6,
                "raising {name} lowered the score {before} -> {after} for {x:?}"
            );
        }
    }
}

#[test]
fn a_new_device_with_a_high_amount_alone_does_not_block() {
    let t = model();
    let (review_at, block_at) = thresholds();
    for amount in [150.0, 250.0, 500.0, 1000.0, 3000.0] {
        let s = t.score(&with(&[
            ("amount_usd", amount),
            ("new_device", 1.0),
            ("device_age_hours", 0.0),
            ("no_beacon", 1.0),
        ]));
        assert!(s < block_at, "new device, {amount} USD: {s} >= {block_at}");
    }
    // A mobile carrier that geolocates abroad: mismatch alone is not even a review.
    let s = t.score(&with(&[("country_lang_mismatch", 1.0)]));
    assert!(s < review_at, "mismatch alone: {s}");
}

#[test]
fn a_cookie_less_card_testing_burst_is_flagged_through_the_client_key() {
    let t = model();
    let (review_at, _) = thresholds();
    let one = with(&[
        ("amount_usd", 1.0),
        ("new_device", 1.0),
        ("device_age_hours", 0.0),
        ("no_beacon", 1.0),
        ("small_orders_device_10m", 1.0),
        ("small_orders_client_10m", 1.0),
    ]);
    assert!(t.score(&one) < review_at, "a single small order is fine");
    let mut third = one.clone();
    for n in [
        "orders_client_10m",
        "small_orders_client_10m",
        "orders_ip_10m",
    ] {
        third[idx(n)] = 3.0;
    }
    let s = t.score(&third);
    assert!(s >= review_at, "third cookie-less small order: {s}");
}
