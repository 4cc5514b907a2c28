//! The console in a real browser: headless Chromium (Debian's `chromium`, installed by
//! `.ci/deps.sh`) driven over the DevTools protocol logs in, opens the review queue and
//! the held order, clicks "Approve", and the shop stand-in receives the order with
//! `X-Risk-Decision: allow` and `X-Risk-Reviewed-By`.
//!
//! The DevTools client is the few lines below over tokio-tungstenite (already a
//! dependency): the CDP crates generate the whole protocol and take minutes to build,
//! while this test needs four commands. Chromium missing is a failure, not a skip.

mod common;

use common::*;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;

/// How long any one browser step may take.
const STEP: Duration = Duration::from_secs(15);

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A headless Chromium with its own temporary profile; killed on drop.
struct Browser {
    child: Child,
    _profile: tempfile::TempDir,
    ws: Ws,
    next_id: u64,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    async fn launch() -> Browser {
        let bin = std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".into());
        let profile = tempfile::tempdir().unwrap();
        let child = Command::new(&bin)
            .args([
                "--headless",
                // Root in CI containers: Chromium's sandbox refuses to run as root.
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start `{bin}` ({e}): the console browser test needs Chromium; \
                     run `make test` (it installs test dependencies with .ci/deps.sh) or \
                     `apt-get install chromium`"
                )
            });
        // Chromium writes the port it bound to its profile.
        let port_file = profile.path().join("DevToolsActivePort");
        let deadline = Instant::now() + STEP;
        let port = loop {
            if let Some(p) = std::fs::read_to_string(&port_file)
                .ok()
                .and_then(|s| s.lines().next().and_then(|l| l.parse::<u16>().ok()))
            {
                break p;
            }
            assert!(Instant::now() < deadline, "Chromium did not open DevTools");
            tokio::time::sleep(Duration::from_millis(20)).await;
        };
        let targets: Vec<Value> = reqwest::Client::builder()
            .no_proxy()
            .build()
            .unwrap()
            .get(format!("http://127.0.0.1:{port}/json/list"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let page = targets
            .iter()
            .find(|t| t["type"] == "page")
            .and_then(|t| t["webSocketDebuggerUrl"].as_str())
            .expect("a page target")
            .to_string();
        let (ws, _) = tokio_tungstenite::connect_async(page).await.unwrap();
        Browser {
            child,
            _profile: profile,
            ws,
            next_id: 0,
        }
    }

    /// Sends one command and returns its `result` (events in between are skipped).
    async fn call(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        let msg = json!({"id": id, "method": method, "params": params});
        self.ws
            .send(Message::Text(msg.to_string().into()))
            .await
            .map_err(|e| e.to_string())?;
        let wait = async {
            while let Some(m) = self.ws.next().await {
                let Ok(Message::Text(t)) = m else { continue };
                let v: Value = serde_json::from_str(&t).map_err(|e| e.to_string())?;
                if v["id"] == id {
                    return match v.get("error") {
                        Some(e) => Err(e.to_string()),
                        None => Ok(v["result"].clone()),
                    };
                }
            }
            Err("DevTools connection closed".to_string())
        };
        tokio::time::timeout(STEP, wait)
            .await
            .map_err(|_| format!("{method}: no answer"))?
    }

    /// Evaluates `js` in the page; its value, or `Err` (e.g. during a navigation).
    async fn eval(&mut self, js: &str) -> Result<Value, String> {
        let r = self
            .call(
                "Runtime.evaluate",
                json!({"expression": js, "returnByValue": true}),
            )
            .await?;
        if let Some(e) = r.get("exceptionDetails") {
            return Err(e.to_string());
        }
        Ok(r["result"]["value"].clone())
    }

    /// Polls `js` until it is `true` (the page loaded and shows what the step expects).
    async fn wait_for(&mut self, what: &str, js: &str) {
        let cond = format!("document.readyState === 'complete' && ({js})");
        let deadline = Instant::now() + STEP;
        loop {
            if self.eval(&cond).await == Ok(Value::Bool(true)) {
                return;
            }
            if Instant::now() > deadline {
                let page = self
                    .eval("location.href + '\\n' + document.body.innerText")
                    .await;
                panic!("browser: {what} did not happen; page: {page:?}");
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    async fn goto(&mut self, url: &str) {
        self.call("Page.navigate", json!({ "url": url }))
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn a_reviewer_approves_a_held_order_in_chromium_and_the_shop_receives_it() {
    // Chromium first: when it is missing the test fails at once with the fix.
    let mut b = Browser::launch().await;
    // Every order scores in the review band (review_at 0, block_at 1) and is held.
    let (p, shop) = start_shop(&review_desk("")).await;
    let r = p
        .client
        .post(p.url("/api/orders"))
        .json(&json!({"amount": "5.00", "currency": "USD", "user": "dave"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202, "the order is held for review");
    let rid = r.json::<Value>().await.unwrap()["request_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(shop.log.count_path("/api/orders"), 0);

    let ui = format!("http://{}/ui", p.admin);
    b.goto(&format!("{ui}/reviews")).await;
    b.wait_for(
        "redirect to the login form",
        "location.pathname === '/ui/login' && !!document.getElementById('token')",
    )
    .await;
    let fill = format!(
        "document.getElementById('token').value = {}; \
         document.getElementById('name').value = 'alice'; \
         document.getElementById('login').click(); true",
        json!(TOKEN)
    );
    b.eval(&fill).await.unwrap();
    b.wait_for(
        "login to the review queue",
        "location.pathname === '/ui/reviews' && !!document.getElementById('reviews')",
    )
    .await;
    // The session cookie is HttpOnly: no script can read it.
    assert_eq!(b.eval("document.cookie").await.unwrap(), json!(""));
    // The stylesheet loaded under the Content-Security-Policy (header colour from it).
    assert_eq!(
        b.eval("getComputedStyle(document.querySelector('header')).backgroundColor")
            .await
            .unwrap(),
        json!("rgb(27, 31, 36)")
    );

    let open = format!(
        "(() => {{ const a = [...document.querySelectorAll('a.order')]\
           .find(a => a.textContent === {}); if (a) a.click(); return !!a; }})()",
        json!(rid)
    );
    assert_eq!(
        b.eval(&open).await.unwrap(),
        json!(true),
        "held order listed"
    );
    b.wait_for(
        "the held order page",
        &format!(
            "location.pathname === {} && !!document.getElementById('approve')",
            json!(format!("/ui/reviews/{rid}"))
        ),
    )
    .await;
    b.eval("document.getElementById('approve').click(); true")
        .await
        .unwrap();
    b.wait_for(
        "the approval message",
        "(document.getElementById('flash') || {textContent: ''}).textContent.startsWith('Approved')",
    )
    .await;

    let got = shop.log.requests();
    assert_eq!(got.len(), 1, "forwarded once");
    assert_eq!(got[0].path, "/api/orders");
    assert_eq!(got[0].header("x-risk-decision"), Some("allow"));
    assert_eq!(got[0].header("x-risk-reviewed-by"), Some("alice"));
    assert_eq!(got[0].header("x-request-id"), Some(rid.as_str()));
    let flash = b
        .eval("document.getElementById('flash').textContent")
        .await
        .unwrap();
    assert_eq!(
        flash,
        json!(format!(
            "Approved {rid}: forwarded to the shop, which answered 201."
        ))
    );
    // No approve button on a decided order.
    assert_eq!(
        b.eval("!!document.getElementById('approve')")
            .await
            .unwrap(),
        json!(false)
    );
}
