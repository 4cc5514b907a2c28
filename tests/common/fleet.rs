//! The shop and the two limited routes of the pass-through fleet tests (`fleet.rs`,
//! `fleet_faults.rs`, `fleet_cluster.rs`): orders limited per user per day, a login
//! limited per ip+route, and the requests that exercise them.

use super::{upstream, Proxy, TestUpstream};

/// `[upstreams.u]` at `{up}` and two routes: `POST /api/orders` limited to `max_orders`
/// per shop user (`X-Shop-User`) per day, `/login` limited per ip+route to one a minute
/// after a burst of `login_burst`.
pub fn fleet_routes(max_orders: u32, login_burst: u32) -> String {
    format!(
        r#"
[upstreams.u]
servers = ["{{up}}"]
[[routes]]
name = "orders"
kind = "pass"
upstream = "u"
methods = ["POST"]
prefix = "/api/orders"
user_key = "header:x-shop-user"
purchase_limits = [{{ scope = "user", max = {max_orders}, window = "day" }}]
[[routes]]
name = "login"
kind = "pass"
upstream = "u"
prefix = "/login"
rate_limits = [{{ scope = "ip+route", rate = 1, per = "1m", burst = {login_burst} }}]
"#
    )
}

/// The shop behind [`fleet_routes`]: 201 on `/api/orders`, 200 on `/login`.
pub async fn fleet_shop() -> TestUpstream {
    upstream()
        .route("/api/orders", 201, "{\"order\":1}")
        .route("/login", 200, "welcome")
        .spawn()
        .await
        .unwrap()
}

/// An order of shop user `user`: status and body.
pub async fn fleet_order(p: &Proxy, user: &str) -> (u16, String) {
    let r = p
        .client
        .post(p.url("/api/orders"))
        .header("x-shop-user", user)
        .body("{}")
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// A login from client `ip` (vouched for by the trusted loopback peer): its status.
pub async fn fleet_login(p: &Proxy, ip: &str) -> u16 {
    p.client
        .get(p.url("/login"))
        .header("x-forwarded-for", ip)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}
