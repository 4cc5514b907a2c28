//! Money-path helpers shared by the callback tests: the routes of a payment group with its
//! callback routes, signed epay notifications, and form posts to a callback route.

use super::Proxy;
use riskgate::callbacks::dialect::sign;

/// The epay merchant key of channel `alpha` in the money tests (env `RG_TEST_ALPHA`).
pub const ALPHA_KEY: &str = "alpha-merchant-key-0123";

/// The `pay` route (prefix `/pay`, upstream `payments`, with the `pay_extra` lines) and
/// one callback route `cb-{channel}` per channel (prefix `/callbacks/{channel}`, upstream
/// `fulfillment`).
pub fn money_routes(pay_extra: &str, channels: &[&str]) -> String {
    let mut routes = format!(
        "[[routes]]\nname = \"pay\"\nkind = \"pass\"\nupstream = \"payments\"\nprefix = \"/pay\"\n\
         {pay_extra}\n"
    );
    for c in channels {
        routes.push_str(&format!(
            "[[routes]]\nname = \"cb-{c}\"\nkind = \"callback\"\nchannel = \"{c}\"\n\
             upstream = \"fulfillment\"\nprefix = \"/callbacks/{c}\"\n"
        ));
    }
    routes
}

/// An epay notification (merchant 1001, 9.99 by alipay) of transaction `txn` for `order`
/// in `status`, signed with `key`.
pub fn epay_body(key: &str, txn: &str, order: &str, status: &str) -> String {
    sign::epay_form(
        key,
        &[
            ("pid", "1001"),
            ("trade_no", txn),
            ("out_trade_no", order),
            ("money", "9.99"),
            ("trade_status", status),
            ("type", "alipay"),
        ],
    )
}

/// POSTs `body` to `path` as a form, then the `headers`.
pub async fn send_form(
    p: &Proxy,
    path: &str,
    headers: &[(&str, String)],
    body: String,
) -> reqwest::Response {
    let mut r = p
        .client
        .post(p.url(path))
        .header("content-type", "application/x-www-form-urlencoded");
    for (k, v) in headers {
        r = r.header(*k, v);
    }
    r.body(body).send().await.unwrap()
}

/// [`send_form`]: the status and the answer.
pub async fn post_form_with(
    p: &Proxy,
    path: &str,
    headers: &[(&str, String)],
    body: String,
) -> (u16, String) {
    let r = send_form(p, path, headers, body).await;
    (r.status().as_u16(), r.text().await.unwrap())
}

/// [`post_form_with`] without extra headers.
pub async fn post_form(p: &Proxy, path: &str, body: String) -> (u16, String) {
    post_form_with(p, path, &[], body).await
}

/// Sends channel alpha's [`epay_body`] (signed with [`ALPHA_KEY`]) to `/callbacks/alpha`;
/// returns the status and the acknowledgement body.
pub async fn epay(p: &Proxy, txn: &str, order: &str, status: &str) -> (u16, String) {
    post_form(
        p,
        "/callbacks/alpha",
        epay_body(ALPHA_KEY, txn, order, status),
    )
    .await
}

/// The Standard Webhooks secret of channel `beta` in the money tests (env `RG_TEST_BETA`).
pub const BETA_SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// A Standard Webhooks notification (message `event`) to `/callbacks/beta`, signed with
/// [`BETA_SECRET`] now, `status` as the provider spells it; the HTTP status.
pub async fn webhook(p: &Proxy, event: &str, txn: &str, order: &str, status: &str) -> u16 {
    let body = serde_json::json!({"data": {"id": txn, "order_id": order, "amount": "5.00",
        "currency": "USD", "status": status}})
    .to_string();
    let ts = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let sig = sign::webhook(BETA_SECRET, event, ts, body.as_bytes()).unwrap();
    let headers = [
        ("webhook-id", event.to_string()),
        ("webhook-timestamp", ts.to_string()),
        ("webhook-signature", sig),
        ("content-type", "application/json".to_string()),
    ];
    post_form_with(p, "/callbacks/beta", &headers, body).await.0
}
