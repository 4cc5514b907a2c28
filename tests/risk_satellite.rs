//! Satellite and in-flight networks (`[risk.signals] satellite_asns`, issue 13) through the
//! running proxy: an address of a listed network (Starlink, AS14593, geolocated to the
//! US) carries no country/language mismatch for a buyer whose browser speaks Ecuadorian
//! Spanish, because the address's country is the operator's gateway; the same buyer on an
//! unlisted network, or the same network on an edge without the list, does. Each check
//! reads the decision riskgate logged for the order (admin `GET /decisions/{id}`).

mod common;

use common::*;

/// A Starlink address (AS14593) the shipped geoip/ data places in the US.
const STARLINK: &str = "98.97.188.57";
/// A British home broadband address.
const HOME_GB: &str = "81.2.69.160";

fn config(log: &std::path::Path, satellite: bool) -> String {
    let list = if satellite {
        "satellite_asns = [14593]"
    } else {
        ""
    };
    ShopConfig::new(0.1256, 0.6579)
        .lines(&format!("[risk.signals]\n{list}"))
        .decision_log(log)
        .shop_routes()
        .build()
}

/// The logged decision of an order from `ip` by a browser speaking `es-EC`.
async fn order_from(p: &Proxy, ip: &str) -> serde_json::Value {
    let cookie = browser(p, ip, -300, None).await;
    order_as(
        p,
        ip,
        BROWSER_UA,
        &cookie,
        "es-EC,es;q=0.9",
        order_body("40.00", "ana"),
    )
    .await
}

fn mismatch(rec: &serde_json::Value) -> f64 {
    let names = rec["feature_names"].as_array().unwrap();
    let i = names
        .iter()
        .position(|n| n == "country_lang_mismatch")
        .unwrap();
    rec["features"][i].as_f64().unwrap()
}

#[tokio::test]
async fn a_listed_satellite_network_has_no_country_language_mismatch() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start_shop(&config(&dir.path().join("d.jsonl"), true)).await;
    let rec = order_from(&p, STARLINK).await;
    assert_eq!(
        (rec["country"].as_str(), rec["asn"].as_u64()),
        (Some("US"), Some(14593))
    );
    assert_eq!(mismatch(&rec), 0.0, "{rec}");
    assert_eq!(rec["signals"]["satellite"], true, "{rec}");
    // The same buyer on a home network abroad: the mismatch counts as before.
    let rec = order_from(&p, HOME_GB).await;
    assert_eq!(mismatch(&rec), 1.0, "{rec}");
    assert!(rec["signals"].get("satellite").is_none(), "{rec}");
}

#[tokio::test]
async fn without_the_list_a_satellite_address_is_read_as_its_country() {
    let dir = tempfile::tempdir().unwrap();
    let (p, _up) = start_shop(&config(&dir.path().join("d.jsonl"), false)).await;
    let rec = order_from(&p, STARLINK).await;
    assert_eq!(mismatch(&rec), 1.0, "{rec}");
}
