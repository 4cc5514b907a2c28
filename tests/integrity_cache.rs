//! The edge cache against headers riskgate itself adds upstream: an origin that varies a
//! stored response on one of them (`Vary: X-Geo-Country` for a country's prices,
//! `Vary: X-Device-New` for a first-visit banner) must get one copy per value, not one for
//! every client, as the client's own request (where riskgate stripped or never had those
//! fields) would give.

mod common;

use common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn config() -> String {
    let root = env!("CARGO_MANIFEST_DIR");
    format!(
        r#"{EDGE_PREAMBLE}
[geo]
country_db = "{root}/geoip/country.mmdb"
asn_db = "{root}/geoip/asn.mmdb"
[cache]
max_bytes = 1048576
[upstreams.origin]
servers = ["{{up}}"]
[[routes]]
name = "pages"
kind = "static"
upstream = "origin"
"#
    )
}

/// An origin that answers every request with the `X-Geo-Country` it was sent, cacheable
/// for a minute and varying on that field (and on `Accept-Language`, which clients send).
async fn country_origin() -> std::net::SocketAddr {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut c, _)) = l.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 65536];
                loop {
                    let n = match c.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => n,
                    };
                    let text = String::from_utf8_lossy(&buf[..n]).to_ascii_lowercase();
                    let country = text
                        .lines()
                        .find_map(|l| l.strip_prefix("x-geo-country: "))
                        .unwrap_or("none")
                        .to_ascii_uppercase();
                    let resp = format!(
                        "HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\nVary: Accept-Language, X-Geo-Country\r\nContent-Length: {}\r\n\r\n{country}",
                        country.len()
                    );
                    let _ = c.write_all(resp.as_bytes()).await;
                }
            });
        }
    });
    addr
}

/// `GET /prices` from `ip` (via the trusted loopback hop): the body and `X-Cache`.
async fn prices(p: &Proxy, ip: &str) -> (String, String) {
    let r = p
        .client
        .get(p.url("/prices"))
        .header("x-forwarded-for", ip)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    let cache = r
        .headers()
        .get("x-cache")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (r.text().await.unwrap(), cache)
}

#[tokio::test]
async fn a_response_varying_on_riskgates_geo_header_is_kept_per_country() {
    let up = country_origin().await;
    let p = Proxy::start_with(&config(), &[("{up}", up.to_string())]).await;
    let (us, first) = prices(&p, "8.8.8.8").await;
    assert_eq!((us.as_str(), first.as_str()), ("US", "MISS"));
    let (again, hit) = prices(&p, "8.8.4.4").await;
    assert_eq!((again.as_str(), hit.as_str()), ("US", "HIT"));
    // Another country's visitor gets that country's copy, not the first one stored.
    let (other, cache) = prices(&p, "5.9.0.1").await;
    assert_ne!(other, "US", "X-Cache: {cache}");
    assert_eq!(cache, "MISS");
    let (other_again, hit) = prices(&p, "5.9.0.1").await;
    assert_eq!((other_again, hit.as_str()), (other, "HIT"));
}
