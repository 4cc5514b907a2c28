//! Money-path integrity, end to end on loopback: the real riskgate binary between signed
//! provider notifications and the fulfillment stand-in (`riskgate::demo`).
//!
//! A paid notification after another status of the same transaction is delivered (and clears
//! the missing report; nothing else does); a replay is refused by age (Alipay `notify_time`)
//! or deduped by fingerprints kept long after the record is purged (epay, which carries no
//! time); the missing-callback report survives `kill -9`; callback counts carry the channel;
//! a real full disk (a small tmpfs; mounting needs root) makes `/readyz` 503 with the reason
//! and heals by itself once space is freed.

mod common;

use common::*;
use riskgate::callbacks::dialect::sign;
use riskgate::demo::{channel, fulfillment, ChannelControl, FulfillmentLog, StandIn};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::net::TcpListener;

const DELTA_PRIVATE: &str =
    include_str!("../src/callbacks/dialect/testdata/alipay_test_private.pem");
const DELTA_PUBLIC: &str = include_str!("../src/callbacks/dialect/testdata/alipay_test_public.pem");

/// Three channels (alpha epay, beta Standard Webhooks, delta Alipay) on the alpha
/// stand-in, the `pay` route and one callback route each to the fulfillment stand-in.
fn config() -> String {
    CONFIG.replace(
        "{routes}",
        &money_routes(
            r#"payment_ref = "query:order_id""#,
            &["alpha", "beta", "delta"],
        ),
    )
}

/// [`config`] but for its routes (`{routes}`).
const CONFIG: &str = r#"
[server]
listen = ["{listen}"]
threads = 1
grace_period = "1s"
[admin]
listen = "{admin}"
[log]
level = "info"

[channels.alpha]
url = "http://{alpha}"
dialect = "epay"
secret_env = "RG_TEST_ALPHA"
[channels.beta]
url = "http://{alpha}"
dialect = "hmac-sha256"
secret_env = "RG_TEST_BETA"
[channels.delta]
url = "http://{alpha}"
dialect = "alipay-rsa2"
secret_env = "RG_TEST_DELTA"
max_age = "24h"

[upstreams.payments]
channels = ["alpha"]
connect_timeout = "300ms"
read_timeout = "2s"

[upstreams.fulfillment]
servers = ["{ful}"]
connect_timeout = "300ms"

{routes}
[callbacks]
spool = "{dir}/spool.redb"
retry_schedule = ["100ms", "200ms"]
jitter = 0.1
missing_after = "1s"
deliver_timeout = "1s"
retention = "1s"
purge_interval = "200ms"
"#;

struct World {
    _alpha: StandIn,
    _ful: StandIn,
    log: FulfillmentLog,
    p: Proxy,
}

async fn world() -> World {
    world_with(&config(), &[]).await
}

/// The stand-ins, and riskgate on `config` with the `more` placeholders besides theirs.
async fn world_with(config: &str, more: &[(&str, String)]) -> World {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let alpha = channel(l, "alpha", ChannelControl::new()).await;
    let (ful, log) = fulfillment(TcpListener::bind("127.0.0.1:0").await.unwrap()).await;
    let mut extra = vec![
        ("{alpha}", alpha.addr().to_string()),
        ("{ful}", ful.addr().to_string()),
    ];
    extra.extend_from_slice(more);
    let envs = [
        ("RG_TEST_ALPHA", ALPHA_KEY),
        ("RG_TEST_BETA", BETA_SECRET),
        ("RG_TEST_DELTA", DELTA_PUBLIC),
    ];
    let p = Proxy::start_env(config, &extra, &envs).await;
    World {
        _alpha: alpha,
        _ful: ful,
        log,
        p,
    }
}

fn now_unix() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Pays for `order` through the channel group.
async fn pay(p: &Proxy, order: &str) -> reqwest::Result<reqwest::Response> {
    p.client
        .post(p.url(&format!("/pay?order_id={order}")))
        .body("{}")
        .send()
        .await
}

/// Alipay's `notify_time` for `unix`: Shanghai local time.
fn shanghai(unix: u64) -> String {
    let t = unix + 8 * 3600;
    let (days, secs) = (t / 86_400, t % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

async fn alipay(p: &Proxy, txn: &str, order: &str, notify_unix: u64) -> (u16, String) {
    let at = shanghai(notify_unix);
    let body = sign::alipay_form(
        DELTA_PRIVATE,
        &[
            ("notify_time", at.as_str()),
            ("notify_id", txn),
            ("app_id", "2021000000000001"),
            ("trade_no", txn),
            ("out_trade_no", order),
            ("total_amount", "9.99"),
            ("trade_status", "TRADE_SUCCESS"),
        ],
    )
    .unwrap();
    post_form(p, "/callbacks/delta", body).await
}

fn keys(log: &FulfillmentLog) -> Vec<String> {
    let mut k: Vec<String> = log
        .deliveries()
        .iter()
        .filter_map(|d| d.header("idempotency-key").map(str::to_string))
        .collect();
    k.sort();
    k
}

async fn missing(p: &Proxy) -> serde_json::Value {
    let (_, b) = p.admin_get("/callbacks/missing").await.unwrap();
    serde_json::from_str(&b).unwrap()
}

fn missing_orders(v: &serde_json::Value) -> Vec<String> {
    let mut o: Vec<String> = v["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["order_id"].as_str().unwrap().to_string())
        .collect();
    o.sort();
    o
}

#[tokio::test]
async fn a_paid_notification_after_another_status_is_delivered_as_its_own_event() {
    let w = world().await;
    let p = &w.p;
    // Standard Webhooks: processing, then succeeded; both repeated; then a late failure.
    assert_eq!(webhook(p, "msg_1", "B1", "o-b", "processing").await, 200);
    assert_eq!(webhook(p, "msg_2", "B1", "o-b", "succeeded").await, 200);
    assert_eq!(webhook(p, "msg_2", "B1", "o-b", "succeeded").await, 200);
    assert_eq!(webhook(p, "msg_1", "B1", "o-b", "processing").await, 200);
    assert_eq!(webhook(p, "msg_3", "B1", "o-b", "failed").await, 200);
    // epay: TRADE_CLOSED, then TRADE_SUCCESS.
    assert_eq!(
        epay(p, "E1", "o-e", "TRADE_CLOSED").await,
        (200, "success".into())
    );
    assert_eq!(
        epay(p, "E1", "o-e", "TRADE_SUCCESS").await,
        (200, "success".into())
    );
    let want = [
        "alpha:E1:failed",
        "alpha:E1:paid",
        "beta:B1:paid",
        "beta:B1:pending",
    ];
    let log = w.log.clone();
    assert!(
        eventually(Duration::from_secs(10), || async {
            log.count() >= want.len()
        })
        .await,
        "{:?}\n{}",
        keys(&log),
        p.log()
    );
    // Let a stray extra delivery arrive before checking there is none.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(keys(&w.log), want);
    let paid = w
        .log
        .deliveries()
        .into_iter()
        .find(|d| d.header("idempotency-key") == Some("beta:B1:paid"))
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&paid.body).unwrap();
    assert_eq!((&v["status"], &v["txn_id"]), (&"paid".into(), &"B1".into()));
    let m = p.metrics().await;
    for (series, want) in [
        (
            "{channel=\"beta\",dialect=\"hmac-sha256\",outcome=\"accepted\"}",
            2.0,
        ),
        (
            "{channel=\"beta\",dialect=\"hmac-sha256\",outcome=\"duplicate\"}",
            2.0,
        ),
        (
            "{channel=\"beta\",dialect=\"hmac-sha256\",outcome=\"stale_status\"}",
            1.0,
        ),
        (
            "{channel=\"alpha\",dialect=\"epay\",outcome=\"accepted\"}",
            2.0,
        ),
    ] {
        let series = format!("riskgate_callbacks_received_total{series}");
        assert_eq!(metric_value(&m, &series), Some(want), "{series}\n{m}");
    }
}

#[tokio::test]
async fn only_a_paid_callback_clears_an_order_from_the_missing_report() {
    let w = world().await;
    let p = &w.p;
    let paid = pay(p, "o-m").await;
    assert_eq!(paid.unwrap().status().as_u16(), 200);
    let listed = eventually(Duration::from_secs(5), || async {
        missing_orders(&missing(p).await) == ["o-m"]
    })
    .await;
    assert!(listed, "{}", missing(p).await);
    // Closed first (the buyer's first attempt failed): still owed a callback.
    assert_eq!(epay(p, "M1", "o-m", "TRADE_CLOSED").await.0, 200);
    assert_eq!(missing_orders(&missing(p).await), ["o-m"]);
    assert_eq!(epay(p, "M1", "o-m", "TRADE_SUCCESS").await.0, 200);
    assert!(missing_orders(&missing(p).await).is_empty());
}

#[tokio::test]
async fn replays_are_refused_by_age_or_deduped_after_the_record_is_purged() {
    let w = world().await;
    let p = &w.p;
    // Alipay: a validly signed notification sent 30 days ago is a replay.
    let old = alipay(p, "A-OLD", "o-a", now_unix() - 30 * 86_400).await;
    assert_eq!(old, (401, "fail".into()));
    assert_eq!(
        alipay(p, "A-NEW", "o-a2", now_unix()).await,
        (200, "success".into())
    );
    // epay carries no time: a captured body replayed after the 1 s retention purged its
    // record is still a duplicate, thanks to the fingerprint.
    assert_eq!(
        epay(p, "R1", "o-r", "TRADE_SUCCESS").await,
        (200, "success".into())
    );
    let log = w.log.clone();
    assert!(eventually(Duration::from_secs(10), || async { log.count() == 2 }).await);
    let purged = eventually(Duration::from_secs(10), || async {
        let (_, b) = p.admin_get("/callbacks?state=delivered").await.unwrap();
        !b.contains("\"R1\"")
    })
    .await;
    assert!(purged, "record never purged\n{}", p.log());
    assert_eq!(
        epay(p, "R1", "o-r", "TRADE_SUCCESS").await,
        (200, "success".into())
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(w.log.count_key("alpha:R1:paid"), 1, "{:?}", keys(&w.log));
    assert_eq!(w.log.count(), 2, "{:?}", keys(&w.log));
    let m = p.metrics().await;
    let stale = "riskgate_callbacks_received_total{channel=\"delta\",dialect=\"alipay-rsa2\",outcome=\"stale\"}";
    assert_eq!(metric_value(&m, stale), Some(1.0), "{m}");
}

#[tokio::test]
async fn the_missing_report_survives_kill_9() {
    let mut w = world().await;
    for i in 0..20 {
        let r = pay(&w.p, &format!("k-{i}")).await;
        assert_eq!(r.unwrap().status().as_u16(), 200);
    }
    let p = &w.p;
    let listed = eventually(Duration::from_secs(5), || async {
        missing(p).await["count"] == 20
    })
    .await;
    assert!(listed, "{}", missing(p).await);
    w.p.kill9_and_restart().await;
    let v = missing(&w.p).await;
    assert_eq!(v["count"], 20, "{v}");
    assert_eq!(v["missing"][0]["channel"], "alpha", "{v}");
    assert_eq!(v["missing"][0]["outcome"], "awaiting_callback", "{v}");
    // Still cleared by its paid callback after the restart, and gone for good.
    assert_eq!(epay(&w.p, "K0", "k-0", "TRADE_SUCCESS").await.0, 200);
    // The entry is removed with the spool's next write batch (queued off the callback path).
    let p = &w.p;
    let cleared = eventually(Duration::from_secs(5), || async {
        missing(p).await["count"] == 19
    })
    .await;
    assert!(cleared, "{}", missing(p).await);
    w.p.kill9_and_restart().await;
    assert_eq!(missing(&w.p).await["count"], 19);
}

#[tokio::test]
async fn a_full_disk_makes_readyz_503_and_the_spool_recovers_once_space_is_freed() {
    // A real ENOSPC needs a small file system; the spool's unit tests inject one instead
    // (spool::fault_tests) and run everywhere.
    let Some(disk) = SmallDisk::mount("8m") else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root); see spool::fault_tests");
        return;
    };
    let config = config().replace("{dir}/spool.redb", "{disk}/spool.redb");
    let disk_dir = [("{disk}", disk.dir.path().display().to_string())];
    // Owned parts: the proxy is dropped before the disk is unmounted.
    let World {
        _alpha,
        _ful,
        log,
        p,
    } = world_with(&config, &disk_dir).await;
    assert_eq!(
        epay(&p, "F0", "o-f0", "TRADE_SUCCESS").await,
        (200, "success".into())
    );
    let filler = disk.fill();
    // Callbacks with large bodies soon need space the disk does not have: refused (503, not
    // acknowledged), never lost.
    let big = "x".repeat(48 << 10);
    let mut refused = None;
    for i in 0..200 {
        let body = sign::epay_form(
            ALPHA_KEY,
            &[
                ("trade_no", &format!("FULL{i}")),
                ("out_trade_no", "o-full"),
                ("money", "1.00"),
                ("trade_status", "TRADE_SUCCESS"),
                ("name", &big),
            ],
        );
        let (status, _) = post_form(&p, "/callbacks/alpha", body).await;
        if status == 503 {
            refused = Some(i);
            break;
        }
    }
    assert!(refused.is_some(), "the disk never filled\n{}", p.log());
    let (status, body) = p.admin_get("/readyz").await.unwrap();
    assert_eq!(status, 503, "{body}");
    assert!(
        body.contains("spool_unwritable") && body.contains("No space left on device"),
        "{body}"
    );
    // Log lines are written out by a background thread: wait for the line, do not race it.
    assert!(p.log_contains("os error 28").await, "{}", p.log());
    // Published on the money service's tick.
    let counted = eventually(Duration::from_secs(3), || async {
        let m = p.metrics().await;
        metric_value(&m, "riskgate_spool_write_errors_total").unwrap_or(0.0) >= 1.0
    })
    .await;
    assert!(counted, "{}", p.metrics().await);
    // What was spooled before is delivered during the outage.
    assert!(
        eventually(Duration::from_secs(10), || async {
            log.count_key("alpha:F0:paid") == 1
        })
        .await
    );

    // Space is freed; with no callback arriving, the spool heals and /readyz is ready again.
    std::fs::remove_file(filler).unwrap();
    let ready = eventually(Duration::from_secs(10), || async {
        p.admin_get("/readyz")
            .await
            .map(|(s, _)| s == 200)
            .unwrap_or(false)
    })
    .await;
    assert!(ready, "{}", p.log());
    assert_eq!(
        epay(&p, "F1", "o-f1", "TRADE_SUCCESS").await,
        (200, "success".into())
    );
    assert!(
        eventually(Duration::from_secs(10), || async {
            log.count_key("alpha:F1:paid") == 1
        })
        .await
    );
    drop(p);
}

/// An Alipay refund notification of trade `txn`: refund request `out_biz_no`, `refund_fee`
/// the total refunded so far.
async fn alipay_refund(p: &Proxy, txn: &str, out_biz_no: &str, refund_fee: &str) -> u16 {
    let at = shanghai(now_unix());
    let notify_id = format!("n-{out_biz_no}");
    let body = sign::alipay_form(
        DELTA_PRIVATE,
        &[
            ("notify_time", at.as_str()),
            ("notify_id", notify_id.as_str()),
            ("app_id", "2021000000000001"),
            ("trade_no", txn),
            ("out_trade_no", "o-a"),
            ("total_amount", "9.99"),
            ("trade_status", "TRADE_SUCCESS"),
            ("gmt_refund", at.as_str()),
            ("out_biz_no", out_biz_no),
            ("refund_fee", refund_fee),
        ],
    )
    .unwrap();
    post_form(p, "/callbacks/delta", body).await.0
}

#[tokio::test]
async fn each_refund_of_a_payment_is_delivered_as_its_own_event() {
    let w = world().await;
    let p = &w.p;
    // Paid, then two partial refunds and the refund of the rest: four events, each its
    // own webhook-id (a provider retry repeats one).
    assert_eq!(webhook(p, "msg_1", "R1", "o-r", "succeeded").await, 200);
    assert_eq!(
        webhook(p, "msg_2", "R1", "o-r", "partially_refunded").await,
        200
    );
    assert_eq!(
        webhook(p, "msg_3", "R1", "o-r", "partially_refunded").await,
        200
    );
    assert_eq!(webhook(p, "msg_4", "R1", "o-r", "refunded").await, 200);
    // Retries of a refund and a late "paid" are not new events.
    assert_eq!(
        webhook(p, "msg_3", "R1", "o-r", "partially_refunded").await,
        200
    );
    assert_eq!(webhook(p, "msg_1", "R1", "o-r", "succeeded").await, 200);
    // Alipay: paid, then two partial refunds (each its own out_biz_no), one retried.
    assert_eq!(alipay(p, "A1", "o-a", now_unix()).await.0, 200);
    assert_eq!(alipay_refund(p, "A1", "rf-1", "2.00").await, 200);
    assert_eq!(alipay_refund(p, "A1", "rf-2", "5.00").await, 200);
    assert_eq!(alipay_refund(p, "A1", "rf-2", "5.00").await, 200);
    let want = [
        "beta:R1:paid",
        "beta:R1:refunded:msg_2",
        "beta:R1:refunded:msg_3",
        "beta:R1:refunded:msg_4",
        "delta:A1:paid",
        "delta:A1:refunded:rf-1",
        "delta:A1:refunded:rf-2",
    ];
    let log = w.log.clone();
    let arrived = eventually(Duration::from_secs(10), || async {
        log.count() >= want.len()
    })
    .await;
    // Let a stray extra delivery arrive before checking there is none.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(arrived, "acknowledged refunds lost: {:?}", keys(&w.log));
    assert_eq!(keys(&w.log), want);
    // Fulfillment reads the status label, not the dedupe ref.
    for d in w.log.deliveries() {
        let v: serde_json::Value = serde_json::from_slice(&d.body).unwrap();
        let key = d.header("idempotency-key").unwrap_or_default().to_string();
        let label = if key.contains(":refunded") {
            "refunded"
        } else {
            "paid"
        };
        assert_eq!(v["status"], label, "{key}");
    }
}
