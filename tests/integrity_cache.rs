//! The edge cache against the request headers the origin is told but the client's request
//! does not show: an origin that varies a stored response on a field riskgate adds
//! upstream (`Vary: X-Geo-Country` for a country's prices) gets one copy per value, not
//! one for every client; and a trusted CDN's `X-Forwarded-Host` (which it relays from its
//! own client, and origins build links from) keys the copy, so it cannot poison the page
//! every other visitor gets.

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

/// An origin that answers every request with the value of its request field `field` (any
/// case; `fallback` without it) as the body, cacheable for a minute, with `vary`
/// as its `Vary` when given.
async fn echo_origin(
    field: &'static str,
    fallback: &'static str,
    vary: Option<&'static str>,
) -> std::net::SocketAddr {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    let prefix = format!("{field}: ");
    let vary = vary.map_or(String::new(), |v| format!("Vary: {v}\r\n"));
    tokio::spawn(async move {
        while let Ok((mut c, _)) = l.accept().await {
            let (prefix, vary) = (prefix.clone(), vary.clone());
            tokio::spawn(async move {
                let mut buf = vec![0u8; 65536];
                loop {
                    let n = match c.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => n,
                    };
                    let text = String::from_utf8_lossy(&buf[..n]);
                    let value = text
                        .lines()
                        .find_map(|l| {
                            let head = l.get(..prefix.len())?;
                            head.eq_ignore_ascii_case(&prefix)
                                .then(|| &l[prefix.len()..])
                        })
                        .unwrap_or(fallback)
                        .to_string();
                    let resp = format!(
                        "HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\n{vary}Content-Length: {}\r\n\r\n{value}",
                        value.len()
                    );
                    let _ = c.write_all(resp.as_bytes()).await;
                }
            });
        }
    });
    addr
}

/// An origin that answers every request with the `X-Geo-Country` it was sent, cacheable for a minute and varying on that field
/// (and on `Accept-Language`, which clients send).
async fn country_origin() -> std::net::SocketAddr {
    echo_origin(
        "x-geo-country",
        "none",
        Some("Accept-Language, X-Geo-Country"),
    )
    .await
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

/// An origin that builds its page from the host it is told (`X-Forwarded-Host`, as
/// Express's `req.hostname` and Rails' `request.host` do behind a proxy), cacheable.
async fn host_origin() -> std::net::SocketAddr {
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
                    let host = text
                        .lines()
                        .find_map(|l| l.strip_prefix("x-forwarded-host: "))
                        .unwrap_or("none")
                        .to_string();
                    let page = format!("<script src=\"https://{host}/app.js\"></script>");
                    let resp = format!(
                        "HTTP/1.1 200 OK\r\nCache-Control: public, max-age=60\r\nContent-Length: {}\r\n\r\n{page}",
                        page.len()
                    );
                    let _ = c.write_all(resp.as_bytes()).await;
                }
            });
        }
    });
    addr
}

#[tokio::test]
async fn a_forwarded_host_relayed_by_a_trusted_cdn_cannot_poison_the_page_for_others() {
    let up = host_origin().await;
    let p = Proxy::start_with(&config(), &[("{up}", up.to_string())]).await;
    let get = |xfh: Option<&'static str>| {
        let mut r = p.client.get(p.url("/home")).header("host", "shop.example");
        if let Some(h) = xfh {
            r = r.header("x-forwarded-host", h);
        }
        async move { r.send().await.unwrap().text().await.unwrap() }
    };
    // A CDN relays whatever X-Forwarded-Host its client sent; riskgate keeps a trusted
    // peer's and the origin links to it.
    let poisoned = get(Some("evil.example")).await;
    assert!(poisoned.contains("evil.example"), "{poisoned}");
    // Every other visitor's page links to the shop's own host.
    let page = get(None).await;
    assert!(page.contains("https://shop.example/app.js"), "{page}");
    // A CDN that names the public host in X-Forwarded-Host shares the plain copy.
    let via = get(Some("shop.example")).await;
    assert_eq!(via, page);
}

/// An origin that answers every path with the session cookie it was sent, cacheable for a
/// minute (as a private page marked cacheable by mistake would be).
async fn cookie_origin() -> std::net::SocketAddr {
    echo_origin("cookie", "nobody", None).await
}

#[tokio::test]
async fn a_static_path_that_a_shop_reads_outside_the_static_route_is_not_cached() {
    let up = cookie_origin().await;
    let cfg = config()
        .replace("name = \"pages\"", "name = \"assets\"")
        .replace(
            "upstream = \"origin\"\n",
            "upstream = \"origin\"\nprefix = \"/static/\"\n",
        )
        + "[[routes]]\nname = \"shop\"\nkind = \"pass\"\nupstream = \"origin\"\n";
    let p = Proxy::start_with(&cfg, &[("{up}", up.to_string())]).await;
    // Web cache deception: the victim follows a link the shop's server reads as its
    // account page (dot segments, an encoded slash), under the static route's prefix.
    for lure in [
        "/static/../account",
        "/static/..%2Faccount",
        "/static/%2e%2e/account",
    ] {
        let send = |cookie: Option<&str>| {
            let mut s = format!("GET {lure} HTTP/1.1\r\nHost: shop.example\r\n");
            if let Some(c) = cookie {
                s.push_str(&format!("Cookie: {c}\r\n"));
            }
            s.push_str("Connection: close\r\n\r\n");
            s
        };
        let victim = raw_exchange(
            p.addr,
            send(Some("sid=victim")).as_bytes(),
            std::time::Duration::from_secs(2),
        )
        .await;
        assert!(victim.ends_with("sid=victim"), "{victim}");
        let attacker = raw_exchange(
            p.addr,
            send(None).as_bytes(),
            std::time::Duration::from_secs(2),
        )
        .await;
        assert!(attacker.ends_with("nobody"), "{lure}: {attacker}");
    }
    // Plain and encoded spellings that stay under the prefix are cached as before.
    for path in ["/static/app.js", "/static/a%20b.png"] {
        let _ = p.get_text(path).await;
        let r = p.get(path).await;
        let cache = r
            .headers()
            .get("x-cache")
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert_eq!(cache, "HIT", "{path}");
    }
}
