//! TLS listeners with HTTP/2 by ALPN, and h2c on plaintext listeners.

mod common;

use common::*;

#[tokio::test]
async fn tls_listener_serves_http2_via_alpn() {
    let up = upstream().route("/x", 200, "secure").spawn().await.unwrap();
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (cert_path, key_path) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert_path, cert.cert.pem()).unwrap();
    std::fs::write(&key_path, cert.key_pair.serialize_pem()).unwrap();
    let tls_port = free_port();
    let cfg = ONE_ROUTE.replace(
        "grace_period = \"1s\"",
        &format!(
            "grace_period = \"1s\"\n[[server.tls]]\nlisten = \"127.0.0.1:{tls_port}\"\ncert = \"{}\"\nkey = \"{}\"\n",
            cert_path.display(),
            key_path.display()
        ),
    );
    let p = Proxy::start_with(&cfg, &[("{up}", up.addr().to_string())]).await;
    let client = reqwest::Client::builder()
        .no_proxy()
        .add_root_certificate(reqwest::Certificate::from_pem(cert.cert.pem().as_bytes()).unwrap())
        .resolve(
            "localhost",
            format!("127.0.0.1:{tls_port}").parse().unwrap(),
        )
        .build()
        .unwrap();
    let r = client
        .get(format!("https://localhost:{tls_port}/x"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.version(), reqwest::Version::HTTP_2);
    assert_eq!(r.status(), 200);
    assert_eq!(r.text().await.unwrap(), "secure");
    assert_eq!(
        up.log.last().unwrap().header("x-forwarded-proto"),
        Some("https")
    );
    // The plain listener still serves HTTP/1.1.
    let r = p.client.get(p.url("/x")).send().await.unwrap();
    assert_eq!(r.version(), reqwest::Version::HTTP_11);
}

#[tokio::test]
async fn h2c_when_enabled() {
    let up = upstream().route("/x", 200, "h2c").spawn().await.unwrap();
    let cfg = ONE_ROUTE.replace("threads = 1", "threads = 1\nh2c = true");
    let p = Proxy::start_with(&cfg, &[("{up}", up.addr().to_string())]).await;
    let client = reqwest::Client::builder()
        .no_proxy()
        .http2_prior_knowledge()
        .build()
        .unwrap();
    let r = client.get(p.url("/x")).send().await.unwrap();
    assert_eq!(r.version(), reqwest::Version::HTTP_2);
    assert_eq!(r.text().await.unwrap(), "h2c");
}
