//! Enterprise secure web gateways (`[risk.signals] gateway_asns`, issue 13) through the
//! running proxy with the shipped geoip/ data: an office buying 40 cards from a brand-new
//! desktop behind Zscaler (AS53813, an address the data places in Australia) gets the
//! trusted basket cap (`max_quantity_trusted`) and no country/language mismatch, where
//! the same order from a British home line is held by `max_quantity`; the gateway changes
//! nothing else (the hard cap blocks, a disposable mailbox is still reviewed). Each check
//! reads the decision riskgate logged for the order (admin `GET /decisions/{id}`).

mod common;

use common::*;

/// A Zscaler address (AS53813) the shipped geoip/ data places in Australia.
const ZSCALER: &str = "165.225.227.60";
/// A British home broadband address.
const HOME_GB: &str = "81.2.69.160";

fn config(log: &std::path::Path, gateways: &str) -> String {
    ShopConfig::new(0.1256, 0.6579)
        .lines(&format!(
            "[risk.rules]\nmax_quantity = 20\nmax_quantity_trusted = 100\n\
             trusted_device_days = 7\nmax_quantity_action = \"review\"\n\
             max_quantity_block = 200\ndisposable_email = \"review\"\n\
             [risk.signals]\ngateway_asns = [{gateways}]"
        ))
        .decision_log(log)
        .lines(&ShopConfig::order_route(
            "\"amount\"",
            "",
            "quantity = \"/quantity\"\nemail = \"/email\"\n",
        ))
        .pass_rest()
        .build()
}

/// An order of `quantity` 10 USD cards by `email`'s owner from `ip` on a browser
/// speaking British English, without a device history; returns the HTTP status and the
/// logged decision.
async fn order(p: &Proxy, ip: &str, quantity: u32, email: &str) -> (u16, serde_json::Value) {
    let body = format!(
        r#"{{"amount":"{}.00","currency":"USD","quantity":{quantity},"user":"acme-hr","email":"{email}"}}"#,
        10 * quantity
    );
    let headers = [
        ("user-agent", BROWSER_UA),
        ("x-forwarded-for", ip),
        ("accept-language", "en-GB,en;q=0.5"),
    ];
    logged_order(p, &headers, body).await
}

fn reasons(rec: &serde_json::Value) -> Vec<&str> {
    rec["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect()
}

fn feature(rec: &serde_json::Value, name: &str) -> f64 {
    let names = rec["feature_names"].as_array().unwrap();
    let i = names.iter().position(|n| n == name).unwrap();
    rec["features"][i].as_f64().unwrap()
}

const OFFICE: &str = "j.doe@acme-logistics.com";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bulk_order_through_a_listed_gateway_gets_the_trusted_basket_cap() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start_shop(&config(&dir.path().join("d.jsonl"), "53813")).await;
    let (status, rec) = order(&p, ZSCALER, 40, OFFICE).await;
    assert_eq!(status, 201, "{rec}");
    assert_eq!(
        (rec["country"].as_str(), rec["asn"].as_u64()),
        (Some("AU"), Some(53813))
    );
    assert_eq!(rec["signals"]["gateway"], true, "{rec}");
    assert!(!reasons(&rec).contains(&"max_quantity"), "{rec}");
    assert_eq!(feature(&rec, "country_lang_mismatch"), 0.0, "{rec}");
    assert_eq!(feature(&rec, "hosting_asn"), 0.0, "{rec}");
    // The same order from a consumer line: over the base cap, held for review.
    let (status, rec) = order(&p, HOME_GB, 40, OFFICE).await;
    assert_eq!(status, 201, "{rec}");
    assert_eq!(rec["decision"], "review", "{rec}");
    assert!(reasons(&rec).contains(&"max_quantity"), "{rec}");
    assert!(rec["signals"].get("gateway").is_none(), "{rec}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_changes_no_other_rule() {
    let dir = tempfile::tempdir().unwrap();
    let (p, up) = start_shop(&config(&dir.path().join("d.jsonl"), "53813")).await;
    // Above the trusted cap: reviewed; above the hard cap: refused, never forwarded.
    let (_, rec) = order(&p, ZSCALER, 150, OFFICE).await;
    assert_eq!(rec["decision"], "review", "{rec}");
    assert!(reasons(&rec).contains(&"max_quantity"), "{rec}");
    let before = up.log.count_path("/api/orders");
    let (status, rec) = order(&p, ZSCALER, 250, OFFICE).await;
    assert_eq!((status, rec["decision"].as_str()), (403, Some("block")));
    assert_eq!(up.log.count_path("/api/orders"), before);
    // A throwaway mailbox behind a gateway is still reviewed.
    let (_, rec) = order(&p, ZSCALER, 2, "x7@mailinator.com").await;
    assert_eq!(rec["decision"], "review", "{rec}");
    assert!(reasons(&rec).contains(&"disposable_email"), "{rec}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_list_a_gateway_order_gets_the_base_cap() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start_shop(&config(&dir.path().join("d.jsonl"), "")).await;
    let (_, rec) = order(&p, ZSCALER, 40, OFFICE).await;
    assert!(reasons(&rec).contains(&"max_quantity"), "{rec}");
    assert!(rec["signals"].get("gateway").is_none(), "{rec}");
}

/// The demo's gateway list: real SWG / SASE networks in the shipped ASN data, none of
/// them flagged as hosting (a gateway is not a datacenter) nor listed as a satellite.
#[test]
fn the_demo_gateways_are_named_in_the_asn_data_and_not_hosting() {
    let cfg = riskgate::config::load(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/config/demo.toml"
    )))
    .unwrap();
    let g = cfg.geo.unwrap();
    let db = riskgate::geo::GeoDb::open(&riskgate::geo::GeoConfig {
        country_db: g.country_db,
        asn_db: g.asn_db,
        hosting_asns_file: g.hosting_asns,
        extra_hosting_asns: g.extra_hosting_asns,
    })
    .unwrap();
    let signals = cfg.risk.unwrap().signals;
    assert!(
        signals.gateway_asns.len() >= 10,
        "{:?}",
        signals.gateway_asns
    );
    for a in &signals.gateway_asns {
        assert!(!db.is_hosting_asn(*a), "AS{a} is in the hosting list");
        assert!(
            !signals.satellite_asns.contains(a),
            "AS{a} is a satellite too"
        );
    }
    // The gateways the test above orders through, as the data names them.
    let ip = ZSCALER.parse().unwrap();
    assert_eq!(db.asn(ip), Some(53813));
    assert!(db.asn_org(ip).unwrap().to_lowercase().contains("zscaler"));
    assert!(signals.gateway_asns.contains(&53813));
    assert!(
        !signals.gateway_asns.contains(&13335),
        "Cloudflare carries consumer WARP"
    );
}

/// An order of `quantity` cards of `each` USD by `user` (mail `email`) from `ip`, without a
/// device history; returns the logged decision.
async fn basket(
    p: &Proxy,
    ip: &str,
    quantity: u32,
    each: u32,
    user: &str,
    email: &str,
) -> serde_json::Value {
    let body = format!(
        r#"{{"amount":"{}.00","currency":"USD","quantity":{quantity},"user":"{user}","email":"{email}"}}"#,
        each * quantity
    );
    let headers = [
        ("user-agent", BROWSER_UA),
        ("x-forwarded-for", ip),
        ("accept-language", "en-GB,en;q=0.5"),
    ];
    logged_order(p, &headers, body).await.1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gateway_bulk_allows_a_company_basket_the_model_reviews_only_for_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let off = config(&dir.path().join("off.jsonl"), "53813");
    let on = config(&dir.path().join("on.jsonl"), "53813").replace(
        "gateway_asns = [53813]",
        "gateway_asns = [53813]\ngateway_bulk = true",
    );
    assert_ne!(off, on);
    let (p_off, _up_off) = start_shop(&off).await;
    let (p_on, _up_on) = start_shop(&on).await;
    // 40 cards of 25 USD from a new desktop behind Zscaler: the model reviews the basket.
    let rec = basket(&p_off, ZSCALER, 40, 25, "acme-hr", OFFICE).await;
    assert_eq!(rec["decision"], "review", "{rec}");
    assert!(
        reasons(&rec)
            .iter()
            .all(|r| r.starts_with("model_") || *r == "block_capped_weak_evidence"),
        "{rec}"
    );
    let review_at = rec["review_at"].as_f64().unwrap();
    // With gateway_bulk: one card of it would pass, so the basket is allowed.
    let rec = basket(&p_on, ZSCALER, 40, 25, "acme-hr", OFFICE).await;
    assert_eq!(rec["decision"], "allow", "{rec}");
    assert_eq!(reasons(&rec), ["gateway_bulk"], "{rec}");
    assert_eq!(
        (rec["policy"].as_str(), rec["stage"].as_str()),
        (Some("gateway_bulk"), Some("policy"))
    );
    let one_card = rec["counterfactual_score"].as_f64().unwrap();
    assert!(one_card < review_at, "{rec}");
    assert!(rec["score"].as_f64().unwrap() >= review_at, "{rec}");
    // The same kind of basket from a consumer line (below the base cap, so no rule) keeps
    // the model's review; so does one through the gateway with a rule hit.
    let rec = basket(&p_on, HOME_GB, 15, 50, "home-buyer", "sam@example.co.uk").await;
    assert_eq!(rec["decision"], "review", "{rec}");
    assert!(!reasons(&rec).contains(&"gateway_bulk"), "{rec}");
    let rec = basket(&p_on, ZSCALER, 40, 25, "acme-temp", "x7@mailinator.com").await;
    assert_eq!(rec["decision"], "review", "{rec}");
    assert!(reasons(&rec).contains(&"disposable_email"), "{rec}");
}
