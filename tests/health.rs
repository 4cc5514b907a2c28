//! Active health checks eject a failing server and restore it when it recovers.

mod common;

use common::*;
use std::time::Duration;

const CFG: &str = r#"
[server]
listen = ["{listen}"]
threads = 1
[admin]
listen = "{admin}"
[upstreams.u]
servers = ["{a}", "{b}"]
[upstreams.u.health]
path = "/healthz"
interval = "100ms"
timeout = "500ms"
unhealthy_threshold = 2
healthy_threshold = 2
[[routes]]
kind = "pass"
upstream = "u"
"#;

#[tokio::test]
async fn health_check_ejects_and_restores_a_server() {
    let a = upstream().route("/x", 200, "a").spawn().await.unwrap();
    // b fails its first 8 health checks (~0.8 s), then recovers.
    let b = upstream()
        .route("/x", 200, "b")
        .route("/healthz", 200, "ok")
        .fail_times("/healthz", 8, 503)
        .spawn()
        .await
        .unwrap();
    let p = Proxy::start_with(
        CFG,
        &[("{a}", a.addr().to_string()), ("{b}", b.addr().to_string())],
    )
    .await;
    let b_series = format!(
        "riskgate_upstream_server_up{{server=\"{}\",upstream=\"u\"}}",
        b.addr()
    );
    let a_series = format!(
        "riskgate_upstream_server_up{{server=\"{}\",upstream=\"u\"}}",
        a.addr()
    );

    let ejected = p.wait_metric(&b_series, 0.0, Duration::from_secs(5)).await;
    assert!(ejected, "b ejected:\n{}", p.metrics().await);
    // While b is out, every request goes to a.
    let before = b.log.count_path("/x");
    let mut bodies = Vec::new();
    for _ in 0..6 {
        bodies.push(p.get_text("/x").await);
    }
    let b_down = metric_value(&p.metrics().await, &b_series) == Some(0.0);
    if b_down {
        assert!(
            bodies.iter().all(|x| x == "a"),
            "ejected server got traffic: {bodies:?}"
        );
        assert_eq!(b.log.count_path("/x"), before);
    }
    assert_eq!(metric_value(&p.metrics().await, &a_series), Some(1.0));

    let restored = p.wait_metric(&b_series, 1.0, Duration::from_secs(5)).await;
    assert!(restored, "b restored:\n{}", p.metrics().await);
    let mut got_b = false;
    for _ in 0..6 {
        got_b |= p
            .client
            .get(p.url("/x"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
            == "b";
    }
    assert!(got_b, "restored server receives traffic again");
    assert!(p.log_contains("failed health checks; ejected").await);
    assert!(p.log_contains("healthy again").await);
}
