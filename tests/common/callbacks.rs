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
