//! The admin API: token auth, metrics, readiness, reload (good, bad, SIGHUP).

mod common;

use common::*;
use std::time::Duration;

#[tokio::test]
async fn every_endpoint_requires_the_bearer_token() {
    let up = upstream().spawn().await.unwrap();
    let p = Proxy::start_with(ONE_ROUTE, &[("{up}", up.addr().to_string())]).await;
    for (method, path) in [
        ("GET", "/metrics"),
        ("GET", "/healthz"),
        ("GET", "/readyz"),
        ("POST", "/reload"),
    ] {
        let url = format!("http://{}{}", p.admin, path);
        let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let none = p.client.request(m.clone(), &url).send().await.unwrap();
        assert_eq!(none.status(), 401, "{method} {path} without token");
        assert!(none.headers().contains_key("www-authenticate"));
        let wrong = p
            .client
            .request(m.clone(), &url)
            .bearer_auth("wrong-token-0123456789")
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 401, "{method} {path} with a wrong token");
        let ok = p
            .client
            .request(m, &url)
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap();
        assert_eq!(ok.status(), 200, "{method} {path} with the token");
    }
    let (s, _) = p.admin_get("/nope").await.unwrap();
    assert_eq!(s, 404);
    let (s, _) = p.admin_post("/metrics").await;
    assert_eq!(s, 405);
}

#[tokio::test]
async fn metrics_scrape_has_the_expected_series() {
    let up = upstream()
        .route("/ok", 200, "ok")
        .route("/bad", 503, "down")
        .spawn()
        .await
        .unwrap();
    let p = Proxy::start_with(ONE_ROUTE, &[("{up}", up.addr().to_string())]).await;
    for _ in 0..3 {
        p.client.get(p.url("/ok")).send().await.unwrap();
    }
    p.client.get(p.url("/bad")).send().await.unwrap();
    let expected = [
        (
            "riskgate_http_requests_total{kind=\"pass\",route=\"all\",status_class=\"2xx\"}",
            3.0,
        ),
        (
            "riskgate_http_requests_total{kind=\"pass\",route=\"all\",status_class=\"5xx\"}",
            1.0,
        ),
        (
            "riskgate_http_request_duration_seconds_count{kind=\"pass\",route=\"all\"}",
            4.0,
        ),
        ("riskgate_config_reloads_total{outcome=\"success\"}", 0.0),
        ("riskgate_config_generation", 1.0),
        ("riskgate_streams_open{type=\"sse\"}", 0.0),
    ];
    let ok = eventually(Duration::from_secs(2), || async {
        let m = p.metrics().await;
        expected
            .iter()
            .all(|(s, v)| metric_value(&m, s) == Some(*v))
    })
    .await;
    assert!(
        ok,
        "expected series missing or wrong:\n{}",
        p.metrics().await
    );
}

#[tokio::test]
async fn metrics_pass_promtool_check() {
    let up = upstream().route("/ok", 200, "ok").spawn().await.unwrap();
    let p = Proxy::start_with(ONE_ROUTE, &[("{up}", up.addr().to_string())]).await;
    p.client.get(p.url("/ok")).send().await.unwrap();
    let scrape = p.metrics().await;
    let mut child = std::process::Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("promtool is installed by `make test` / .ci/run (Debian package `prometheus`)");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(scrape.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "promtool check metrics failed:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn bad_reload_is_refused_and_the_old_config_keeps_serving() {
    let up = upstream()
        .route("/x", 200, "still here")
        .spawn()
        .await
        .unwrap();
    let p = Proxy::start_with(ONE_ROUTE, &[("{up}", up.addr().to_string())]).await;
    let broken = ONE_ROUTE
        .replace("kind = \"pass\"", "kind = \"teleport\"")
        .replace("upstream = \"u\"\nmax", "upstream = \"nowhere\"\nmax");
    p.rewrite_config(&broken, &[("{up}", up.addr().to_string())]);
    let (status, body) = p.admin_post("/reload").await;
    assert_eq!(status, 422, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["status"], "refused");
    let errors: Vec<String> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap().to_string())
        .collect();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(
        errors[0].contains(":16: routes[0].kind: `teleport` is not a route kind"),
        "{errors:?}"
    );
    assert!(
        errors[1].contains(":17: routes[0].upstream: `nowhere` is not defined"),
        "{errors:?}"
    );
    assert!(p.log_contains("reload refused").await, "refusal logged");
    let r = p.client.get(p.url("/x")).send().await.unwrap();
    assert_eq!(r.text().await.unwrap(), "still here");
    let ok = eventually(Duration::from_secs(2), || async {
        let m = p.metrics().await;
        metric_value(&m, "riskgate_config_reloads_total{outcome=\"failure\"}") == Some(1.0)
            && metric_value(&m, "riskgate_config_generation") == Some(1.0)
    })
    .await;
    assert!(ok);
}

#[tokio::test]
async fn listener_changes_are_flagged_as_needing_a_restart() {
    let up = upstream().spawn().await.unwrap();
    let p = Proxy::start_with(ONE_ROUTE, &[("{up}", up.addr().to_string())]).await;
    let moved = ONE_ROUTE.replace(
        "listen = [\"{listen}\"]",
        &format!("listen = [\"127.0.0.1:{}\"]", free_port()),
    );
    p.rewrite_config(&moved, &[("{up}", up.addr().to_string())]);
    let (status, body) = p.admin_post("/reload").await;
    assert_eq!(status, 200, "{body}");
    let v: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["restart_required"], serde_json::json!(["server.listen"]));
    assert!(v["message"].as_str().unwrap().contains("need a restart"));
}

#[tokio::test]
async fn sighup_reloads_the_config() {
    let a = upstream().route("/x", 200, "a").spawn().await.unwrap();
    let b = upstream().route("/x", 200, "b").spawn().await.unwrap();
    let p = Proxy::start_with(ONE_ROUTE, &[("{up}", a.addr().to_string())]).await;
    assert_eq!(p.get_text("/x").await, "a");
    p.rewrite_config(ONE_ROUTE, &[("{up}", b.addr().to_string())]);
    let status = std::process::Command::new("kill")
        .args(["-HUP", &p.pid().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let switched = eventually(Duration::from_secs(5), || async {
        p.get_text("/x").await == "b"
    })
    .await;
    assert!(
        switched,
        "SIGHUP applied the new upstream; log:\n{}",
        p.log()
    );
}
