//! The web console (`/ui` on the admin listener) over plain HTTP against the real binary:
//! login and its cookie, the session redirect, CSRF and origin checks on every form,
//! logout, the failed-login brake, security headers, and escaping of attacker-controlled
//! strings. The browser walk-through is `tests/console_browser.rs`.

mod common;

use common::*;
use std::time::Duration;

/// Every order scores in the review band (review_at 0, block_at 1) and is held.
fn config() -> String {
    review_desk("email = \"/email\"\n")
}

/// A client for the console that follows no redirect.
fn console_client() -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
}

struct Console {
    p: Proxy,
    up: TestUpstream,
    /// No redirects followed: the tests look at each 303 and its headers.
    http: reqwest::Client,
}

impl Console {
    async fn start() -> Console {
        let (p, up) = start_shop(&config()).await;
        let http = console_client()
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap();
        Console { p, up, http }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.p.admin, path)
    }

    /// Holds an order of `user`; returns its request id.
    async fn hold(&self, user: &str) -> String {
        let body = serde_json::json!({"amount": "5.00", "currency": "USD", "user": user,
                                      "email": "buyer@example.com"});
        let r = self
            .p
            .client
            .post(self.p.url("/api/orders"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 202);
        let v: serde_json::Value = r.json().await.unwrap();
        v["request_id"].as_str().unwrap().to_string()
    }

    async fn login_with(&self, token: &str, name: &str) -> reqwest::Response {
        self.http
            .post(self.url("/ui/login"))
            .form(&[("token", token), ("name", name)])
            .send()
            .await
            .unwrap()
    }

    /// Logs in; returns the `Cookie` header value.
    async fn login(&self) -> String {
        let r = self.login_with(TOKEN, "alice").await;
        assert_eq!(r.status(), 303);
        let set = r.headers()["set-cookie"].to_str().unwrap();
        set.split(';').next().unwrap().to_string()
    }

    async fn get(&self, path: &str, cookie: &str) -> reqwest::Response {
        self.http
            .get(self.url(path))
            .header("cookie", cookie)
            .send()
            .await
            .unwrap()
    }

    /// The text of the page at `path`.
    async fn page(&self, path: &str, cookie: &str) -> String {
        self.get(path, cookie).await.text().await.unwrap()
    }

    async fn post(&self, path: &str, cookie: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(self.url(path))
            .header("cookie", cookie)
            .form(form)
            .send()
            .await
            .unwrap()
    }
}

/// The CSRF token of a console page.
fn csrf_of(page: &str) -> String {
    let at = page
        .find("name=\"csrf\" value=\"")
        .expect("a form with a CSRF field")
        + 19;
    page[at..at + page[at..].find('"').unwrap()].to_string()
}

fn location(r: &reqwest::Response) -> &str {
    r.headers()["location"].to_str().unwrap()
}

#[tokio::test]
async fn login_sets_a_hardened_session_cookie_and_pages_need_it() {
    let c = Console::start().await;
    // No session: every page redirects to the login form, including with the admin
    // token in the query string or a bearer header (the console takes it only at login).
    for path in ["/ui", "/ui/reviews", "/ui/decisions", "/ui/model"] {
        let r = c.http.get(c.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 303, "{path}");
        assert_eq!(location(&r), "/ui/login");
    }
    let r = c
        .http
        .get(c.url(&format!("/ui/reviews?token={TOKEN}")))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/ui/login");

    let r = c.http.get(c.url("/ui/login")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let h = r.headers();
    let csp = h["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["cache-control"], "no-store");
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "same-origin");

    let bad = c.login_with("wrong-token", "alice").await;
    assert_eq!(bad.status(), 401);
    assert!(bad.headers().get("set-cookie").is_none());

    let r = c.login_with(TOKEN, "alice").await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/ui/reviews");
    let set = r.headers()["set-cookie"].to_str().unwrap().to_string();
    let attrs: Vec<&str> = set.split(';').map(str::trim).collect();
    let (name, id) = attrs[0].split_once('=').unwrap();
    assert_eq!(name, "rg_session");
    assert_eq!(id.len(), 64, "256-bit session id: {set}");
    assert_ne!(id, TOKEN);
    for a in ["HttpOnly", "SameSite=Strict", "Path=/ui", "Max-Age=28800"] {
        assert!(attrs.contains(&a), "{a} missing in {set}");
    }
    assert!(!attrs.contains(&"Secure"), "plain HTTP listener: {set}");

    let cookie = attrs[0].to_string();
    let r = c.get("/ui/reviews", &cookie).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    assert!(r.text().await.unwrap().contains("Signed in as alice"));
    // The JSON API keeps its bearer auth: a console cookie opens nothing there.
    let r = c
        .http
        .get(c.url("/reviews"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    // A made-up session id is no session.
    let r = c
        .get("/ui/reviews", &format!("rg_session={}", "0".repeat(64)))
        .await;
    assert_eq!(r.status(), 303);
}

#[tokio::test]
async fn forms_without_the_session_csrf_token_are_refused() {
    let c = Console::start().await;
    let rid = c.hold("dave").await;
    let alice = c.login().await;
    let bob = c.login().await;
    let page = c.page(&format!("/ui/reviews/{rid}"), &alice).await;
    let token = csrf_of(&page);
    let bob_token = csrf_of(&c.page("/ui/reviews", &bob).await);
    assert_ne!(token, bob_token, "CSRF tokens are per session");
    let approve = format!("/ui/reviews/{rid}/approve");

    for form in [
        vec![],
        vec![("csrf", "wrong")],
        vec![("csrf", bob_token.as_str())],
    ] {
        let r = c.post(&approve, &alice, &form).await;
        assert_eq!(r.status(), 403, "{form:?}");
    }
    // Right token, but posted from another site.
    let r = c
        .http
        .post(c.url(&approve))
        .header("cookie", &alice)
        .header("origin", "http://evil.example")
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    // No session at all: back to the login form, nothing done.
    let r = c.post(&approve, "", &[("csrf", token.as_str())]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), "/ui/login");
    assert_eq!(
        c.up.log.count_path("/api/orders"),
        0,
        "nothing was forwarded"
    );

    let r = c.post(&approve, &alice, &[("csrf", token.as_str())]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(location(&r), format!("/ui/reviews/{rid}"));
    let got = c.up.log.requests();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].header("x-risk-decision"), Some("allow"));
    assert_eq!(got[0].header("x-risk-reviewed-by"), Some("alice"));
    let page = c.page(&format!("/ui/reviews/{rid}"), &alice).await;
    assert!(page.contains("the shop, which answered 201"), "{page}");

    // Lists: add with a TTL and remove, both through CSRF-checked forms.
    let add = [
        ("csrf", token.as_str()),
        ("list", "block"),
        ("value", "mallory"),
        ("ttl", "1h"),
    ];
    assert_eq!(
        c.post("/ui/lists/user/add", &alice, &add[1..])
            .await
            .status(),
        403
    );
    assert_eq!(
        c.post("/ui/lists/user/add", &alice, &add).await.status(),
        303
    );
    let (_, users) = c.p.admin_get("/lists/user").await.unwrap();
    assert!(users.contains("\"mallory\""), "{users}");
    assert!(users.contains("\"expires_at\":"), "{users}");
    let page = c.page("/ui/lists", &alice).await;
    assert!(page.contains("mallory"), "{page}");
    let rm = [
        ("csrf", token.as_str()),
        ("list", "block"),
        ("value", "mallory"),
    ];
    assert_eq!(
        c.post("/ui/lists/user/remove", &alice, &rm).await.status(),
        303
    );
    let (_, users) = c.p.admin_get("/lists/user").await.unwrap();
    assert!(!users.contains("mallory"), "{users}");

    // Logout needs the token too, and ends the session.
    assert_eq!(c.post("/ui/logout", &alice, &[]).await.status(), 403);
    let r = c
        .post("/ui/logout", &alice, &[("csrf", token.as_str())])
        .await;
    assert_eq!(r.status(), 303);
    assert!(r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    assert_eq!(c.get("/ui/reviews", &alice).await.status(), 303);
    assert_eq!(c.get("/ui/reviews", &bob).await.status(), 200);
}

#[tokio::test]
async fn attacker_controlled_strings_are_escaped() {
    let c = Console::start().await;
    let evil = "<script>alert(1)</script>";
    let rid = c.hold(evil).await;
    let cookie = c.login().await;
    for path in [
        "/ui/reviews".to_string(),
        format!("/ui/reviews/{rid}"),
        "/ui/decisions".to_string(),
        format!("/ui/orders/{rid}"),
        format!(
            "/ui/decisions?reason=%3Cb%3E&route={}",
            "%22%3E%3Cscript%3E"
        ),
    ] {
        let r = c.get(&path, &cookie).await;
        assert_eq!(r.status(), 200, "{path}");
        let page = r.text().await.unwrap();
        assert!(!page.contains("<script>"), "{path}: {page}");
        assert!(!page.contains("\"><script"), "{path}");
    }
    let page = c.page("/ui/decisions", &cookie).await;
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{page}"
    );
    assert!(page.contains(&rid));
    // The live page refreshes itself without a script.
    assert!(page.contains("http-equiv=\"refresh\""));
    let page = c.page(&format!("/ui/reviews/{rid}"), &cookie).await;
    assert!(page.contains("&lt;script&gt;"), "{page}");
}

#[tokio::test]
async fn decisions_filter_and_every_page_renders() {
    let c = Console::start().await;
    let rid = c.hold("erin").await;
    let cookie = c.login().await;
    let page = c
        .page("/ui/decisions?decision=review&route=orders", &cookie)
        .await;
    assert!(page.contains(&rid), "{page}");
    for q in [
        "decision=block",
        "route=other",
        "min_score=2",
        "country=ZZ",
        "reason=nope",
    ] {
        let page = c.page(&format!("/ui/decisions?{q}"), &cookie).await;
        assert!(!page.contains(&rid), "{q}");
    }
    let page = c.page(&format!("/ui/orders/{rid}"), &cookie).await;
    for want in [
        "Model version",
        "Shadow score",
        "Features",
        "Reasons",
        "stage",
    ] {
        assert!(page.contains(want), "{want}: {page}");
    }
    let page = c.page("/ui/model", &cookie).await;
    assert!(page.contains("id=\"model-version\""), "{page}");
    assert!(
        page.contains("<meter"),
        "one scored order in the histogram: {page}"
    );
    for path in [
        "/ui/channels",
        "/ui/callbacks",
        "/ui/lists?list=allow",
        "/ui/static/console.css",
    ] {
        assert_eq!(c.get(path, &cookie).await.status(), 200, "{path}");
    }
    assert_eq!(c.get("/ui/nope", &cookie).await.status(), 404);
    assert_eq!(c.get("/ui/orders/unknown-id", &cookie).await.status(), 404);
}

#[tokio::test]
async fn failed_logins_are_slowed_then_refused() {
    let c = Console::start().await;
    let start = std::time::Instant::now();
    let tries = (0..10).map(|_| c.login_with("guess", "eve"));
    for r in futures_util::future::join_all(tries).await {
        assert_eq!(r.status(), 401);
    }
    // Each failure waited, however many ran at once.
    assert!(start.elapsed() >= Duration::from_millis(500));
    // Past ten failures a minute, even the right token is refused for now.
    let r = c.login_with(TOKEN, "alice").await;
    assert_eq!(r.status(), 429);
    assert!(r.headers().get("set-cookie").is_none());
}

#[tokio::test]
async fn deny_from_the_console_refuses_and_blocks_the_user() {
    let c = Console::start().await;
    let rid = c.hold("mallory").await;
    let cookie = c.login().await;
    let token = csrf_of(&c.page(&format!("/ui/reviews/{rid}"), &cookie).await);
    let deny = format!("/ui/reviews/{rid}/deny");
    assert_eq!(
        c.post(&deny, &cookie, &[("block_user", "1")])
            .await
            .status(),
        403
    );
    let form = [
        ("csrf", token.as_str()),
        ("block_user", "1"),
        ("ttl", "30d"),
    ];
    let r = c.post(&deny, &cookie, &form).await;
    assert_eq!(r.status(), 303);
    let page = c.page(&format!("/ui/reviews/{rid}"), &cookie).await;
    assert!(
        page.contains(&format!("Denied {rid}; blocked: user mallory.")),
        "{page}"
    );
    assert!(!page.contains("id=\"approve\""), "decided: no more buttons");
    let (_, v) = c.p.admin_get(&format!("/reviews/{rid}")).await.unwrap();
    let v: serde_json::Value = serde_json::from_str(&v).unwrap();
    assert_eq!(v["status"], "denied");
    assert_eq!(v["decided_by"], "alice");
    let (_, users) = c.p.admin_get("/lists/user").await.unwrap();
    assert!(users.contains("\"mallory\""), "{users}");
    assert_eq!(
        c.up.log.count_path("/api/orders"),
        0,
        "denied: never forwarded"
    );
    // A second decision changes nothing and says so.
    let r = c
        .post(
            &format!("/ui/reviews/{rid}/approve"),
            &cookie,
            &[("csrf", token.as_str())],
        )
        .await;
    assert_eq!(r.status(), 303);
    let page = c.page(&format!("/ui/reviews/{rid}"), &cookie).await;
    assert!(page.contains("is already denied (by alice)"), "{page}");
    assert_eq!(c.up.log.count_path("/api/orders"), 0);
}

/// One epay channel whose callbacks go to a fulfillment stand-in.
fn money() -> String {
    MONEY.replace("{routes}", &money_routes("", &["alpha"]))
}

/// [`money`] but for its routes (`{routes}`).
const MONEY: &str = r#"
[server]
listen = ["{listen}"]
threads = 1
[admin]
listen = "{admin}"
[channels.alpha]
url = "http://{alpha}"
dialect = "epay"
secret_env = "RG_TEST_ALPHA"
callback_sources = ["127.0.0.0/8"]
[upstreams.payments]
channels = ["alpha"]
[upstreams.fulfillment]
servers = ["{ful}"]
connect_timeout = "300ms"
{routes}[callbacks]
spool = "{dir}/spool.redb"
retry_schedule = ["100ms"]
max_age = "1h"
deliver_timeout = "1s"
"#;

#[tokio::test]
async fn channels_and_a_dead_letter_requeued_from_the_console() {
    let alpha = upstream()
        .route("/healthz", 200, "ok")
        .spawn()
        .await
        .unwrap();
    let ful = upstream()
        .route("/fulfill", 200, "{}")
        .fail_times("/fulfill", 1, 422)
        .spawn()
        .await
        .unwrap();
    let p = Proxy::start_env(
        &money(),
        &[
            ("{alpha}", alpha.addr().to_string()),
            ("{ful}", ful.addr().to_string()),
        ],
        &[("RG_TEST_ALPHA", ALPHA_KEY)],
    )
    .await;
    let body = epay_body(ALPHA_KEY, "D1", "o-dead", "TRADE_SUCCESS");
    let r = send_form(&p, "/callbacks/alpha", &[], body).await;
    assert_eq!(r.status(), 200);
    assert!(
        p.wait_metric(
            "riskgate_callback_spool_records{state=\"dead\"}",
            1.0,
            Duration::from_secs(5)
        )
        .await
    );
    let c = Console {
        p,
        up: ful,
        http: console_client().build().unwrap(),
    };
    let cookie = c.login().await;
    let page = c.page("/ui/channels", &cookie).await;
    assert!(page.contains("<h2>payments</h2>"), "{page}");
    assert!(page.contains(&alpha.addr().to_string()), "{page}");
    let page = c.page("/ui/callbacks", &cookie).await;
    assert!(page.contains("o-dead"), "{page}");
    assert!(page.contains("422"), "the last error: {page}");
    let (_, v) = c.p.admin_get("/callbacks?state=dead").await.unwrap();
    let v: serde_json::Value = serde_json::from_str(&v).unwrap();
    let id = v["callbacks"][0]["id"].as_u64().unwrap();
    let action = format!("/ui/callbacks/{id}/requeue");
    assert!(page.contains(&format!("action=\"{action}\"")), "{page}");
    assert_eq!(c.post(&action, &cookie, &[]).await.status(), 403);
    let r = c
        .post(&action, &cookie, &[("csrf", csrf_of(&page).as_str())])
        .await;
    assert_eq!(r.status(), 303);
    assert!(
        eventually(Duration::from_secs(5), || async {
            let (_, b) = c.p.admin_get(&format!("/callbacks/{id}")).await.unwrap();
            b.contains("\"state\":\"delivered\"")
        })
        .await
    );
    let page = c.page("/ui/callbacks", &cookie).await;
    assert!(page.contains(&format!("Callback {id} requeued")), "{page}");
}
