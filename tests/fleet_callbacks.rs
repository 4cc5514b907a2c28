//! Fleet callbacks (`[state] backend = "redis"`): two riskgate processes sharing one real
//! `redis-server`, each with its own spool, in front of one fulfillment stand-in.
//!
//! A provider retrying one notification to the other edge reaches fulfillment once; a new
//! status of the same transaction is delivered; an older one after a newer one is not;
//! another edge's unconfirmed claim is not acknowledged until it lapses; with Redis killed
//! both edges still deliver (at least once, same `Idempotency-Key`) and count it; a
//! payment made through one edge whose paid callback reached the other leaves the first
//! edge's missing-callback report; a fraud `POST /report` on one edge blocks on the other;
//! each refund of one payment, seen on either edge, is delivered once.

mod common;
mod fleet_support;

use common::*;
use fleet_support::RedisServer;
use riskgate::callbacks::dialect::sign;
use riskgate::demo::{channel, fulfillment, ChannelControl, FulfillmentLog, StandIn};
use sha2::{Digest, Sha256};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::net::TcpListener;

const CFG: &str = r#"
[server]
listen = ["{listen}"]
threads = 1
grace_period = "1s"
[admin]
listen = "{admin}"
[state]
backend = "redis"
url = "{redis}"
timeout = "500ms"
breaker_backoff = "200ms"
list_poll = "100ms"
[channels.alpha]
url = "http://{pay}"
dialect = "epay"
secret_env = "RG_TEST_ALPHA"
[channels.beta]
url = "http://{pay}"
dialect = "hmac-sha256"
secret_env = "RG_TEST_BETA"
[upstreams.fulfillment]
servers = ["{ful}"]
connect_timeout = "300ms"
[upstreams.shop]
servers = ["{up}"]
[upstreams.payments]
channels = ["alpha"]
connect_timeout = "300ms"
read_timeout = "2s"
[[routes]]
name = "pay"
kind = "pass"
upstream = "payments"
prefix = "/pay"
payment_ref = "query:order_id"
[[routes]]
name = "cb-alpha"
kind = "callback"
channel = "alpha"
upstream = "fulfillment"
prefix = "/callbacks/alpha"
[[routes]]
name = "cb-beta"
kind = "callback"
channel = "beta"
upstream = "fulfillment"
prefix = "/callbacks/beta"
[[routes]]
name = "orders"
kind = "pass"
upstream = "shop"
prefix = "/api/orders"
user_key = "header:x-shop-user"
[callbacks]
spool = "{dir}/spool.redb"
retry_schedule = ["100ms", "200ms"]
jitter = 0.1
deliver_timeout = "1s"
missing_after = "1s"
"#;

struct Fleet {
    redis: RedisServer,
    _ful: StandIn,
    _shop: TestUpstream,
    _pay: StandIn,
    log: FulfillmentLog,
    a: Proxy,
    b: Proxy,
}

async fn fleet() -> Fleet {
    fleet_with(CFG).await
}

/// Edge A runs `cfg_a`, edge B [`CFG`].
async fn fleet_with(cfg_a: &str) -> Fleet {
    let redis = RedisServer::start();
    let (ful, log) = fulfillment(TcpListener::bind("127.0.0.1:0").await.unwrap()).await;
    let shop = upstream()
        .route("/api/orders", 201, "{\"order\":1}")
        .spawn()
        .await
        .unwrap();
    let pay = channel(
        TcpListener::bind("127.0.0.1:0").await.unwrap(),
        "alpha",
        ChannelControl::new(),
    )
    .await;
    let extra = [
        ("{pay}", pay.addr().to_string()),
        ("{redis}", redis.url()),
        ("{ful}", ful.addr().to_string()),
        ("{up}", shop.addr().to_string()),
    ];
    let envs = [("RG_TEST_ALPHA", ALPHA_KEY), ("RG_TEST_BETA", BETA_SECRET)];
    let a = Proxy::start_env(cfg_a, &extra, &envs).await;
    let b = Proxy::start_env(CFG, &extra, &envs).await;
    Fleet {
        redis,
        _ful: ful,
        _shop: shop,
        _pay: pay,
        log,
        a,
        b,
    }
}

/// The edge's spool: (pending records, every record).
async fn spool(p: &Proxy) -> (u64, usize) {
    let (_, b) = p.admin_get("/callbacks").await.unwrap();
    let v: serde_json::Value = serde_json::from_str(&b).unwrap();
    (
        v["pending"].as_u64().unwrap(),
        v["callbacks"].as_array().unwrap().len(),
    )
}

/// Waits until neither edge has a pending record (every stored callback delivered).
async fn drained(f: &Fleet) -> bool {
    eventually(Duration::from_secs(10), || async {
        spool(&f.a).await.0 == 0 && spool(&f.b).await.0 == 0
    })
    .await
}

async fn metric(p: &Proxy, series: &str) -> f64 {
    metric_value(&p.metrics().await, series).unwrap_or(-1.0)
}

fn received(outcome: &str) -> String {
    format!(
        "riskgate_callbacks_received_total{{channel=\"alpha\",dialect=\"epay\",outcome=\"{outcome}\"}}"
    )
}

fn fleet_outcome(outcome: &str) -> String {
    format!("riskgate_callback_fleet_dedupe_total{{outcome=\"{outcome}\"}}")
}

#[tokio::test]
async fn a_retry_to_another_edge_is_delivered_once_and_a_new_status_is_delivered() {
    let f = fleet().await;
    // The provider notifies "pending" to A, and retries it to B (its ack got lost).
    assert_eq!(epay(&f.a, "T1", "o-1", "WAIT_BUYER_PAY").await.0, 200);
    let (status, ack) = epay(&f.b, "T1", "o-1", "WAIT_BUYER_PAY").await;
    assert_eq!(
        (status, ack.as_str()),
        (200, "success"),
        "acknowledged on B"
    );
    // Then "paid" reaches B, and its retry A.
    assert_eq!(epay(&f.b, "T1", "o-1", "TRADE_SUCCESS").await.0, 200);
    assert_eq!(epay(&f.a, "T1", "o-1", "TRADE_SUCCESS").await.0, 200);
    // T2: "paid" on A, then a late "pending" on B (the provider reordered them): B must
    // not move the order backwards.
    assert_eq!(epay(&f.a, "T2", "o-2", "TRADE_SUCCESS").await.0, 200);
    assert_eq!(epay(&f.b, "T2", "o-2", "WAIT_BUYER_PAY").await.0, 200);

    assert!(drained(&f).await, "every stored callback delivered");
    // One record per new event, on the edge that saw it first; none for the repeats.
    assert_eq!(spool(&f.a).await.1, 2, "A: T1 pending, T2 paid");
    assert_eq!(spool(&f.b).await.1, 1, "B: T1 paid");
    assert_eq!(f.log.count_key("alpha:T1:pending"), 1);
    assert_eq!(f.log.count_key("alpha:T1:paid"), 1);
    assert_eq!(f.log.count_key("alpha:T2:paid"), 1);
    assert_eq!(
        f.log.count_key("alpha:T2:pending"),
        0,
        "stale: never delivered"
    );
    assert_eq!(f.log.count(), 3);

    assert_eq!(metric(&f.b, &received("duplicate")).await, 1.0);
    assert_eq!(metric(&f.a, &received("duplicate")).await, 1.0);
    assert_eq!(metric(&f.b, &received("stale_status")).await, 1.0);
    assert_eq!(metric(&f.a, &fleet_outcome("claimed")).await, 2.0);
    assert_eq!(metric(&f.b, &fleet_outcome("claimed")).await, 1.0);
    assert_eq!(metric(&f.b, &fleet_outcome("duplicate")).await, 1.0);
    assert_eq!(metric(&f.b, &fleet_outcome("stale")).await, 1.0);
    assert_eq!(metric(&f.a, &fleet_outcome("unavailable")).await, 0.0);

    // One hash per transaction, hash-tagged, expiring with the callbacks' retention.
    let keys = f.redis.keys("rg:cb:*");
    assert_eq!(keys.len(), 2, "{keys:?}");
    let mut c = f.redis.conn();
    for k in &keys {
        let ttl: i64 = redis::cmd("PTTL").arg(k).query(&mut c).unwrap();
        assert!(ttl > 6 * 86_400_000 && ttl <= 7 * 86_400_000, "{k}: {ttl}");
    }
}

/// The Redis key of one transaction, as `state::CallbackClaims` builds it.
fn txn_key(channel: &str, txn: &str) -> String {
    let mut h = Sha256::new();
    h.update(channel.as_bytes());
    h.update([0u8]);
    h.update(txn.as_bytes());
    let hex: String = h.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("rg:cb:{{{hex}}}")
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64
}

#[tokio::test]
async fn another_edges_unconfirmed_claim_is_not_acknowledged_until_its_lease_ends() {
    let f = fleet().await;
    // An edge claimed T9 "paid" and died before its spool commit: the claim is a lease
    // (here ending in 1.5 s), never a "seen".
    let lease_end = now_ms() + 1_500;
    let mut c = f.redis.conn();
    let _: () = redis::cmd("HSET")
        .arg(txn_key("alpha", "T9"))
        .arg("paid")
        .arg(format!("c:00000000deadbeef:{lease_end}"))
        .query(&mut c)
        .unwrap();
    let (status, _) = epay(&f.a, "T9", "o-9", "TRADE_SUCCESS").await;
    assert_eq!(status, 503, "in flight elsewhere: not acknowledged");
    assert_eq!(metric(&f.a, &received("fleet_in_flight")).await, 1.0);
    assert_eq!(metric(&f.a, &fleet_outcome("in_flight")).await, 1.0);
    assert_eq!(spool(&f.a).await.1, 0);
    // The provider keeps retrying; once the lease has ended the retry is taken over,
    // stored and delivered.
    let ok = eventually(Duration::from_secs(10), || async {
        epay(&f.b, "T9", "o-9", "TRADE_SUCCESS").await.0 == 200
    })
    .await;
    assert!(ok, "taken over after the lease");
    assert!(now_ms() >= lease_end);
    assert!(drained(&f).await);
    assert_eq!(f.log.count_key("alpha:T9:paid"), 1);
    let v: String = redis::cmd("HGET")
        .arg(txn_key("alpha", "T9"))
        .arg("paid")
        .query(&mut c)
        .unwrap();
    assert_eq!(v, "s", "confirmed as stored");
}

#[tokio::test]
async fn with_redis_killed_both_edges_still_deliver_and_count_it_then_dedupe_again() {
    let mut f = fleet().await;
    f.redis.kill();
    // The same paid notification on both edges: each falls back to its own spool and
    // delivers; fulfillment sees the same Idempotency-Key twice (at least once).
    assert_eq!(epay(&f.a, "T5", "o-5", "TRADE_SUCCESS").await.0, 200);
    assert_eq!(epay(&f.b, "T5", "o-5", "TRADE_SUCCESS").await.0, 200);
    assert!(drained(&f).await);
    assert_eq!(f.log.count_key("alpha:T5:paid"), 2);
    for p in [&f.a, &f.b] {
        assert_eq!(metric(p, &fleet_outcome("unavailable")).await, 1.0);
        assert_eq!(metric(p, &received("accepted")).await, 1.0);
    }
    // The local spool still dedupes on its own edge.
    assert_eq!(epay(&f.a, "T5", "o-5", "TRADE_SUCCESS").await.0, 200);
    assert_eq!(metric(&f.a, &received("duplicate")).await, 1.0);

    // Redis back (empty): fleet dedupe resumes without a restart, once the breaker lets
    // a probe through.
    f.redis.restart();
    let ok = eventually(Duration::from_secs(5), || async {
        epay(&f.a, "T6", "o-6", "TRADE_SUCCESS").await;
        metric(&f.a, &fleet_outcome("claimed")).await >= 1.0
    })
    .await;
    assert!(ok, "claims resume after Redis returns");
    assert_eq!(epay(&f.b, "T6", "o-6", "TRADE_SUCCESS").await.0, 200);
    assert!(drained(&f).await);
    assert_eq!(f.log.count_key("alpha:T6:paid"), 1);
    assert_eq!(metric(&f.b, &fleet_outcome("duplicate")).await, 1.0);
}

async fn order(p: &Proxy, user: &str) -> u16 {
    p.client
        .post(p.url("/api/orders"))
        .header("x-shop-user", user)
        .body("{}")
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_fraud_report_on_one_edge_blocks_on_every_edge() {
    let f = fleet().await;
    assert_eq!(order(&f.b, "mule-7").await, 201);
    let r =
        f.a.client
            .post(format!("http://{}/report", f.a.admin))
            .bearer_auth(TOKEN)
            .json(&serde_json::json!({"user": "mule-7", "reason": "chargeback"}))
            .send()
            .await
            .unwrap();
    assert_eq!(r.status().as_u16(), 201);
    assert_eq!(order(&f.a, "mule-7").await, 403, "at once on A");
    let ok = eventually(Duration::from_secs(1), || async {
        order(&f.b, "mule-7").await == 403
    })
    .await;
    assert!(ok, "the report reaches B within 1 s");
    let (_, listed) = f.b.admin_get("/lists/user?list=block").await.unwrap();
    assert!(listed.contains("chargeback"), "{listed}");
    assert_eq!(order(&f.b, "someone-else").await, 201);
}

async fn missing_orders(p: &Proxy) -> Vec<String> {
    let (_, b) = p.admin_get("/callbacks/missing").await.unwrap();
    let v: serde_json::Value = serde_json::from_str(&b).unwrap();
    v["missing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["order_id"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_paid_callback_on_one_edge_clears_the_missing_report_of_the_edge_that_took_the_payment() {
    let f = fleet().await;
    let r =
        f.a.client
            .post(f.a.url("/pay?order_id=o-m"))
            .body("{}")
            .send()
            .await
            .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let listed = eventually(Duration::from_secs(5), || async {
        missing_orders(&f.a).await == ["o-m"]
    })
    .await;
    assert!(listed, "A owes a callback for o-m");
    // The provider's callback reaches B.
    assert_eq!(epay(&f.b, "M1", "o-m", "TRADE_SUCCESS").await.0, 200);
    let cleared = eventually(Duration::from_secs(1), || async {
        missing_orders(&f.a).await.is_empty()
    })
    .await;
    assert!(cleared, "A learns of the paid callback within 1 s");
    assert!(drained(&f).await);
    assert_eq!(f.log.count_key("alpha:M1:paid"), 1);
}

#[tokio::test]
async fn a_claim_whose_spool_write_failed_is_released_so_the_retry_on_another_edge_delivers() {
    // A real ENOSPC needs a small file system (mounting needs root); the lease path that
    // covers an edge dying mid-claim runs everywhere (the test above).
    let Some(disk) = SmallDisk::mount("8m") else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        return;
    };
    let cfg_a = CFG.replace(
        "{dir}/spool.redb",
        &format!("{}/spool.redb", disk.dir.path().display()),
    );
    let f = fleet_with(&cfg_a).await;
    assert_eq!(epay(&f.a, "D0", "o-d0", "TRADE_SUCCESS").await.0, 200);
    disk.fill();
    // Large notifications soon need space A's disk does not have: A claims, its spool
    // refuses, A releases the claim and does not acknowledge.
    let big = "x".repeat(48 << 10);
    let body = |i: usize| {
        sign::epay_form(
            ALPHA_KEY,
            &[
                ("trade_no", format!("FULL{i}").as_str()),
                ("out_trade_no", "o-full"),
                ("money", "1.00"),
                ("trade_status", "TRADE_SUCCESS"),
                ("name", big.as_str()),
            ],
        )
    };
    let mut refused = None;
    for i in 0..200 {
        let r = send_form(&f.a, "/callbacks/alpha", &[], body(i)).await;
        if r.status().as_u16() == 503 {
            refused = Some(i);
            break;
        }
    }
    let i = refused.expect("A's disk filled");
    assert_eq!(metric(&f.a, &fleet_outcome("released")).await, 1.0);
    let fields: Vec<String> = redis::cmd("HKEYS")
        .arg(txn_key("alpha", &format!("FULL{i}")))
        .query(&mut f.redis.conn())
        .unwrap();
    assert!(fields.is_empty(), "nothing left claimed: {fields:?}");
    // The provider retries to B: stored and delivered there, once.
    let r = send_form(&f.b, "/callbacks/alpha", &[], body(i)).await;
    assert_eq!(r.status().as_u16(), 200);
    let key = format!("alpha:FULL{i}:paid");
    let delivered = eventually(Duration::from_secs(10), || async {
        f.log.count_key(&key) == 1
    })
    .await;
    assert!(delivered, "{key} delivered by B");
    assert_eq!(metric(&f.b, &fleet_outcome("claimed")).await, 1.0);
}

#[tokio::test]
async fn each_refund_of_a_payment_is_delivered_once_across_edges() {
    let f = fleet().await;
    // Paid on A; a partial refund on B, its retry on A; a second partial refund on A, its
    // retry on B; the refund of the rest on B. Each refund is its own Standard Webhooks
    // message (webhook-id), a retry repeats one.
    assert_eq!(webhook(&f.a, "msg_1", "R7", "o-7", "succeeded").await, 200);
    assert_eq!(
        webhook(&f.b, "msg_2", "R7", "o-7", "partially_refunded").await,
        200
    );
    assert_eq!(
        webhook(&f.a, "msg_2", "R7", "o-7", "partially_refunded").await,
        200
    );
    assert_eq!(
        webhook(&f.a, "msg_3", "R7", "o-7", "partially_refunded").await,
        200
    );
    assert_eq!(
        webhook(&f.b, "msg_3", "R7", "o-7", "partially_refunded").await,
        200
    );
    assert_eq!(webhook(&f.b, "msg_4", "R7", "o-7", "refunded").await, 200);
    // A late retry of the payment on B is not a new event either.
    assert_eq!(webhook(&f.b, "msg_1", "R7", "o-7", "succeeded").await, 200);
    assert!(drained(&f).await, "every stored callback delivered");
    // Let a stray extra delivery arrive before counting.
    tokio::time::sleep(Duration::from_millis(500)).await;
    for key in [
        "beta:R7:paid",
        "beta:R7:refunded:msg_2",
        "beta:R7:refunded:msg_3",
        "beta:R7:refunded:msg_4",
    ] {
        assert_eq!(f.log.count_key(key), 1, "{key}");
    }
    assert_eq!(f.log.count(), 4);
    // One spool record per event, on the edge that saw it first.
    assert_eq!(spool(&f.a).await.1, 2, "A: paid, second refund");
    assert_eq!(spool(&f.b).await.1, 2, "B: first refund, the rest");
}
