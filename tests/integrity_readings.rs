//! Order bodies the way shops' own parsers read them: a body riskgate scores must not
//! carry a second reading that the shop acts on.
//!
//! - a key that a common parser takes for a mapped field (Go's `encoding/json` and
//!   ASP.NET match keys case-insensitively; PHP drops leading spaces and reads `.` and
//!   ` ` as `_`) is refused as ambiguous, like a mapped field sent twice;
//! - a body labelled as another format than the route reads is 415 when that other
//!   reading finds the route's fields (a JSON/form polyglot sent as `application/json` to
//!   a form route), and so is multipart: Rails, Laravel and Express pick their parser by
//!   `Content-Type`. A JSON body under jQuery's default form label, which reads as no
//!   field, passes;
//! - an encoded body (`Content-Encoding`) is 415: riskgate would score the encoded bytes
//!   while Express's body-parser inflates them.
//!
//! The stand-in shop's request log is the witness of what reached the upstream.

mod common;

use common::*;
use std::time::Duration;

fn config() -> String {
    bare_scoring_edge()
        + r#"[upstreams.shop]
servers = ["{up}"]
[[routes]]
name = "orders"
kind = "order"
upstream = "shop"
methods = ["POST"]
prefix = "/api/orders"
max_body_bytes = 65536
[routes.order]
format = "form"
amount = "amount"
quantity = "quantity"
user = "user"
email = "email"
required = ["amount", "user"]
# Shadow mode forwards every order, so only the body handling decides what the shop sees.
shadow = true
[[routes]]
name = "json-orders"
kind = "order"
upstream = "shop"
methods = ["POST"]
prefix = "/api/json-orders"
[routes.order]
format = "json"
amount = "/amount"
quantity = "/quantity"
user = "/customer/id"
required = ["amount", "user"]
shadow = true
[[routes]]
name = "shop"
kind = "pass"
upstream = "shop"
"#
}

struct Env {
    up: TestUpstream,
    proxy: Proxy,
}

async fn start() -> Env {
    let up = upstream()
        .route("/api/orders", 201, "{\"order\":\"o-1\"}")
        .route("/api/json-orders", 201, "{\"order\":\"o-2\"}")
        .spawn()
        .await
        .unwrap();
    let proxy = Proxy::start_with(&config(), &[("{up}", up.addr().to_string())]).await;
    Env { up, proxy }
}

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";

impl Env {
    /// POSTs `body` to `path` with the given headers; returns the status and JSON answer.
    async fn post(
        &self,
        path: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> (u16, serde_json::Value) {
        let mut req = self.proxy.client.post(self.proxy.url(path)).body(body);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let r = req.send().await.unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(text.into()))
    }

    /// Asserts that nothing reached the shop, waiting long enough for a request that was
    /// (wrongly) sent on to arrive.
    async fn assert_nothing_reached(&self) {
        let seen = || {
            self.up
                .log
                .requests()
                .into_iter()
                .filter(|r| r.path.starts_with("/api/"))
                .map(|r| String::from_utf8_lossy(&r.body).into_owned())
                .collect::<Vec<_>>()
        };
        let leaked = eventually(Duration::from_millis(1000), || async { !seen().is_empty() }).await;
        assert!(!leaked, "the shop received {:?}", seen());
    }
}

#[tokio::test]
async fn a_key_a_shop_reads_as_a_mapped_field_is_refused_as_ambiguous() {
    let e = start().await;
    let cases: [(&str, &str, &str, &str); 6] = [
        // Go and ASP.NET bind `AMOUNT` to the amount field; the last copy wins.
        (
            "/api/json-orders",
            JSON,
            r#"{"amount":"5.00","customer":{"id":"alice"},"AMOUNT":"5000.00"}"#,
            "amount",
        ),
        // Alone, a key in another case is still the shop's quantity (riskgate would
        // score the default of 1).
        (
            "/api/json-orders",
            JSON,
            r#"{"amount":"5.00","customer":{"id":"alice"},"Quantity":100}"#,
            "quantity",
        ),
        (
            "/api/json-orders",
            JSON,
            r#"{"amount":"5.00","customer":{"id":"alice"},"CUSTOMER":{"id":"mule-1"}}"#,
            "user",
        ),
        // PHP drops leading spaces from a key (`+` is a space): `$_POST['amount']` is 5000.
        (
            "/api/orders",
            FORM,
            "user=alice&amount=5.00&+amount=5000.00",
            "amount",
        ),
        // ASP.NET binds form keys case-insensitively.
        (
            "/api/orders",
            FORM,
            "user=alice&amount=5.00&QUANTITY=100",
            "quantity",
        ),
        // PHP reads `.` (and ` `) in a key as `_`, and `user[x]` as the array `user`.
        (
            "/api/orders",
            FORM,
            "user=alice&amount=5.00&user[x]=mule-1",
            "user",
        ),
    ];
    for (path, ctype, body, field) in cases {
        let (status, v) = e
            .post(path, &[("content-type", ctype)], body.as_bytes().to_vec())
            .await;
        assert_eq!(status, 400, "{body}: {v}");
        assert_eq!(
            (&v["error"], &v["field"]),
            (&"ambiguous_field".into(), &field.into()),
            "{body}"
        );
    }
    e.assert_nothing_reached().await;
    // Keys that only look alike are not the mapped field.
    let (status, v) = e
        .post(
            "/api/orders",
            &[("content-type", FORM)],
            b"user=alice&amount=5.00&amounts=3&user_agent=x".to_vec(),
        )
        .await;
    assert_eq!(status, 201, "{v}");
}

#[tokio::test]
async fn an_order_body_labelled_as_another_format_is_415() {
    let e = start().await;
    let cases: [(&str, &str, &str); 3] = [
        // Read as a form, this is user alice ordering 5.00 of quantity 1; read as the JSON
        // its Content-Type says (Rails, Laravel, Express), it is quantity 100.
        (
            "/api/orders",
            JSON,
            r#"{"quantity":100,"x":"&user=alice&amount=5.00&"}"#,
        ),
        // Read as JSON, 5.00; read as the form it claims to be, amount=5000.00.
        (
            "/api/json-orders",
            FORM,
            r#"{"amount":"5.00","customer":{"id":"alice"},"x":"&amount=5000.00&"}"#,
        ),
        // A multipart body's preamble parses as a form; PHP reads the parts.
        (
            "/api/orders",
            "multipart/form-data; boundary=B",
            "user=alice&amount=5.00&x=\r\n--B\r\nContent-Disposition: form-data; \
             name=\"quantity\"\r\n\r\n100\r\n--B--\r\n",
        ),
    ];
    for (path, ctype, body) in cases {
        let (status, v) = e
            .post(path, &[("content-type", ctype)], body.as_bytes().to_vec())
            .await;
        assert_eq!(status, 415, "{ctype} {body}: {v}");
        assert_eq!(
            (&v["error"], &v["field"]),
            (&"unsupported_media_type".into(), &"content-type".into()),
            "{v}"
        );
    }
    e.assert_nothing_reached().await;
    // What the route reads, with parameters, or unlabelled, is scored and forwarded.
    for ctype in [
        Some("application/x-www-form-urlencoded; charset=UTF-8"),
        None,
    ] {
        let headers: Vec<(&str, &str)> = ctype.map(|c| ("content-type", c)).into_iter().collect();
        let (status, v) = e
            .post("/api/orders", &headers, b"user=alice&amount=5.00".to_vec())
            .await;
        assert_eq!(status, 201, "{ctype:?}: {v}");
    }
    let (status, v) = e
        .post(
            "/api/json-orders",
            &[("content-type", "application/vnd.shop+json")],
            br#"{"amount":"5.00","customer":{"id":"alice"}}"#.to_vec(),
        )
        .await;
    assert_eq!(status, 201, "{v}");
    // jQuery's $.ajax labels a JSON string it posts as a form by default, and old PHP shops
    // read php://input as JSON: read as a form, such a body is one key (the document),
    // naming no mapped field, so it is scored as JSON and forwarded. A form body under a
    // JSON label is not JSON, so the shop cannot read it as JSON either.
    for (path, ctype, body) in [
        (
            "/api/json-orders",
            "application/x-www-form-urlencoded; charset=UTF-8",
            r#"{"amount":"5.00","customer":{"id":"alice"},"note":"a=b"}"#,
        ),
        ("/api/orders", JSON, "user=alice&amount=5.00"),
    ] {
        let (status, v) = e
            .post(path, &[("content-type", ctype)], body.as_bytes().to_vec())
            .await;
        assert_eq!(status, 201, "{ctype} {body}: {v}");
    }
}

/// A zlib stream of one stored (uncompressed) deflate block holding `content`, made so
/// that the whole stream is valid UTF-8 with no `&`: riskgate can parse it as a form.
/// `content` must be 16 432 bytes long (the block length whose header bytes are UTF-8).
fn zlib_stored_utf8(content: &[u8]) -> Vec<u8> {
    let len = u16::try_from(content.len()).unwrap();
    assert_eq!(
        len, 0x4030,
        "the length whose header bytes are 0x30 0x40 0xCF 0xBF"
    );
    // CMF 0x78, FLG 0x5E ("x^"); a final stored block; LEN and its complement NLEN.
    let mut out = vec![0x78, 0x5E, 0x01];
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&(!len).to_le_bytes());
    out.extend_from_slice(content);
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in content {
        a = (a + u32::from(byte)) % 65521;
        b = (b + a) % 65521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

#[tokio::test]
async fn an_encoded_order_body_is_415() {
    let e = start().await;
    // Inflated (as Express's body-parser does by default), the shop reads quantity=100;
    // riskgate, reading the encoded bytes as a form, sees the stream header glued to the
    // first key (so no quantity: 1) and user alice ordering 5.00.
    // The padding is varied (a fixed xorshift sequence of letters) until the checksum
    // that ends the stream is printable: then the last value merely ends in it.
    let head = "quantity=100&user=alice&amount=5.00&pad=";
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let body = (0..10_000)
        .map(|_| {
            let mut c = head.as_bytes().to_vec();
            while c.len() < 0x4030 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                c.push(b'a' + (seed % 26) as u8);
            }
            zlib_stored_utf8(&c)
        })
        .find(|z| {
            z[z.len() - 4..]
                .iter()
                .all(|b| (0x20..0x7f).contains(b) && *b != b'&')
        })
        .expect("a printable checksum within 10 000 paddings");
    assert!(std::str::from_utf8(&body).is_ok());
    for encoding in ["deflate", "gzip", "identity, deflate"] {
        let (status, v) = e
            .post(
                "/api/orders",
                &[("content-type", FORM), ("content-encoding", encoding)],
                body.clone(),
            )
            .await;
        assert_eq!(status, 415, "{encoding}: {v}");
        assert_eq!(
            (&v["error"], &v["field"]),
            (&"unsupported_media_type".into(), &"content-encoding".into()),
            "{v}"
        );
    }
    e.assert_nothing_reached().await;
    let (status, v) = e
        .post(
            "/api/orders",
            &[("content-type", FORM), ("content-encoding", "identity")],
            b"user=alice&amount=5.00".to_vec(),
        )
        .await;
    assert_eq!(status, 201, "{v}");
}
