//! Fleet mode on a real Redis Cluster whose topology changes under traffic: the slot
//! holding a limited user's day counter moves between masters (`CLUSTER SETSLOT
//! MIGRATING/IMPORTING` + `MIGRATE`, the steps `redis-cli --cluster reshard` takes), and a
//! master with a replica is killed (`SIGKILL`) and failed over. Two edges keep the
//! user's daily limit through both, and no request waits much beyond `[state] timeout`.
//!
//! Tolerances, stated: the limit is exact (0 extra orders) — `on_error` for purchases is
//! `deny`, so a call that fails during the move or the failover refuses the order rather
//! than counting it on one edge alone; a request may take `timeout` plus [`SLACK`] (the
//! proxying itself on a shared, loaded test machine).

mod common;
mod fleet_support;

use common::*;
use fleet_support::{poll, RedisServer};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// `[state] timeout` of these edges.
const TIMEOUT: Duration = Duration::from_millis(250);
/// What a request may take beyond `TIMEOUT`: proxying, on a loaded 2-core machine.
const SLACK: Duration = Duration::from_millis(750);

const CFG: &str = r#"
[server]
listen = ["{listen}"]
threads = 1
trusted_proxies = ["127.0.0.0/8"]
[admin]
listen = "{admin}"
[state]
backend = "redis"
cluster = {nodes}
timeout = "250ms"
on_error = { rate = "allow", purchase = "deny" }
breaker_failures = 3
breaker_backoff = "200ms"
[upstreams.u]
servers = ["{up}"]
[[routes]]
name = "orders"
kind = "pass"
upstream = "u"
methods = ["POST"]
prefix = "/api/orders"
user_key = "header:x-shop-user"
purchase_limits = [{ scope = "user", max = 3, window = "day" }]
"#;

fn cli(args: &[&str]) -> String {
    let out = Command::new("redis-cli")
        .args(args)
        .output()
        .expect("redis-cli must be installed (package redis-server)");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "redis-cli {args:?}: {text}");
    text
}

fn start_node() -> RedisServer {
    RedisServer::start_with(&["--cluster-enabled", "yes", "--cluster-node-timeout", "1000"])
}

fn addr(n: &RedisServer) -> String {
    format!("127.0.0.1:{}", n.port)
}

fn cluster_ok(n: &RedisServer) -> bool {
    let Ok(mut c) = redis::Client::open(n.url())
        .and_then(|c| c.get_connection_with_timeout(Duration::from_millis(500)))
    else {
        return false;
    };
    let info: String = redis::cmd("CLUSTER")
        .arg("INFO")
        .query(&mut c)
        .unwrap_or_default();
    info.contains("cluster_state:ok")
}

/// Three masters covering every slot, no replicas.
fn masters() -> Vec<RedisServer> {
    let nodes: Vec<RedisServer> = (0..3).map(|_| start_node()).collect();
    let mut args = vec!["--cluster", "create"];
    let addrs: Vec<String> = nodes.iter().map(addr).collect();
    args.extend(addrs.iter().map(String::as_str));
    args.extend(["--cluster-replicas", "0", "--cluster-yes"]);
    cli(&args);
    for n in &nodes {
        assert!(
            poll(Duration::from_secs(10), || cluster_ok(n)),
            "cluster ok"
        );
    }
    nodes
}

fn node_id(n: &RedisServer) -> String {
    redis::cmd("CLUSTER")
        .arg("MYID")
        .query(&mut n.conn())
        .unwrap()
}

fn urls(nodes: &[&RedisServer]) -> String {
    let list: Vec<String> = nodes.iter().map(|n| format!("\"{}\"", n.url())).collect();
    format!("[{}]", list.join(", "))
}

/// Index of the node holding a key that matches `pattern` (and the key).
fn holder(nodes: &[RedisServer], pattern: &str) -> Option<(usize, String)> {
    nodes.iter().enumerate().find_map(|(i, n)| {
        let Ok(mut c) = redis::Client::open(n.url())
            .and_then(|c| c.get_connection_with_timeout(Duration::from_millis(500)))
        else {
            return None;
        };
        let keys: Vec<String> = redis::cmd("KEYS").arg(pattern).query(&mut c).ok()?;
        keys.into_iter().next().map(|k| (i, k))
    })
}

/// The day counter of one user, read from whichever live node holds it.
fn day_count(nodes: &[RedisServer], key: &str) -> u64 {
    nodes
        .iter()
        .filter_map(|n| {
            let mut c = redis::Client::open(n.url())
                .ok()?
                .get_connection_with_timeout(Duration::from_millis(500))
                .ok()?;
            let _: redis::RedisResult<()> = redis::cmd("READONLY").query(&mut c);
            redis::cmd("GET")
                .arg(key)
                .query::<Option<u64>>(&mut c)
                .ok()?
        })
        .max()
        .unwrap_or(0)
}

/// A key's counter on one node, as a replica may serve it (`READONLY`, `ASKING`).
fn get_on(n: &RedisServer, key: &str) -> u64 {
    let Ok(mut c) = redis::Client::open(n.url())
        .and_then(|c| c.get_connection_with_timeout(Duration::from_millis(500)))
    else {
        return 0;
    };
    let _: redis::RedisResult<()> = redis::cmd("READONLY").query(&mut c);
    let _: redis::RedisResult<()> = redis::cmd("ASKING").query(&mut c);
    redis::cmd("GET")
        .arg(key)
        .query::<Option<u64>>(&mut c)
        .ok()
        .flatten()
        .unwrap_or(0)
}

/// One order ([`fleet_order`]); returns its status and how long it took.
async fn order(p: &Proxy, user: &str) -> (u16, Duration) {
    let started = Instant::now();
    let (status, _) = fleet_order(p, user).await;
    (status, started.elapsed())
}

/// One order of `user` on each edge of `edges` in turn, each answered `want` (else the
/// test fails with `why`); every (status, latency) is kept in `mine`.
async fn orders_answered(
    edges: &[&Proxy],
    user: &str,
    want: u16,
    why: &str,
    mine: &mut Vec<(u16, Duration)>,
) {
    for p in edges {
        let r = order(p, user).await;
        assert_eq!(r.0, want, "{why}");
        mine.push(r);
    }
}

/// Orders of other users on both edges until stopped; every (status, latency) is kept.
struct Traffic {
    stop: Arc<AtomicBool>,
    seen: Arc<Mutex<Vec<(u16, Duration)>>>,
    task: tokio::task::JoinHandle<()>,
}

fn traffic(a: Arc<Proxy>, b: Arc<Proxy>) -> Traffic {
    let stop = Arc::new(AtomicBool::new(false));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (s, v) = (stop.clone(), seen.clone());
    let task = tokio::spawn(async move {
        let mut i = 0u32;
        while !s.load(Ordering::Relaxed) {
            let p = if i.is_multiple_of(2) { &a } else { &b };
            let r = order(p, &format!("bg-{}", i % 40)).await;
            v.lock().unwrap().push(r);
            i += 1;
        }
    });
    Traffic { stop, seen, task }
}

impl Traffic {
    /// Waits until `n` more requests have completed (the move stays in its current step
    /// meanwhile).
    async fn advance(&self, n: usize) {
        let target = self.seen.lock().unwrap().len() + n;
        let ok = eventually(Duration::from_secs(20), || async {
            self.seen.lock().unwrap().len() >= target
        })
        .await;
        assert!(ok, "background traffic stalled");
    }

    async fn finish(self) -> Vec<(u16, Duration)> {
        self.stop.store(true, Ordering::Relaxed);
        self.task.await.unwrap();
        let v = self.seen.lock().unwrap().clone();
        v
    }
}

fn assert_bounded(what: &str, seen: &[(u16, Duration)]) {
    let worst = seen.iter().map(|s| s.1).max().unwrap_or_default();
    let refused = seen.iter().filter(|s| s.0 == 403).count();
    eprintln!(
        "{what}: {} requests, {refused} refused, slowest {worst:?}",
        seen.len()
    );
    assert!(
        worst <= TIMEOUT + SLACK,
        "{what}: a request took {worst:?} (timeout {TIMEOUT:?} + slack {SLACK:?})"
    );
    assert!(
        seen.iter().all(|s| s.0 == 201 || s.0 == 403),
        "{what}: only accepted or refused orders: {:?}",
        seen.iter().map(|s| s.0).collect::<Vec<_>>()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_limit_holds_while_its_slot_moves_to_another_master() {
    let nodes = masters();
    let up = upstream()
        .route("/api/orders", 201, "{\"order\":1}")
        .spawn()
        .await
        .unwrap();
    let all: Vec<&RedisServer> = nodes.iter().collect();
    let extra = [("{nodes}", urls(&all)), ("{up}", up.addr().to_string())];
    let a = Arc::new(Proxy::start_with(CFG, &extra).await);
    let b = Arc::new(Proxy::start_with(CFG, &extra).await);
    let mut mine = Vec::new();

    // Order 1 of 3 creates the user's day counter; find its slot and owner.
    mine.push(order(&a, "zoe").await);
    assert_eq!(mine[0].0, 201);
    assert!(poll(Duration::from_secs(5), || holder(&nodes, "rg:pl:*")
        .is_some()));
    let (src, key) = holder(&nodes, "rg:pl:*").unwrap();
    let dst = (src + 1) % nodes.len();
    let slot: u16 = redis::cmd("CLUSTER")
        .arg("KEYSLOT")
        .arg(&key)
        .query(&mut nodes[src].conn())
        .unwrap();
    let (src_id, dst_id) = (node_id(&nodes[src]), node_id(&nodes[dst]));
    let bg = traffic(a.clone(), b.clone());

    // The move begins: the key is still on the source, which serves it.
    let setslot = |n: &RedisServer, how: &str, id: &str| {
        let _: () = redis::cmd("CLUSTER")
            .arg("SETSLOT")
            .arg(slot)
            .arg(how)
            .arg(id)
            .query(&mut n.conn())
            .unwrap();
    };
    setslot(&nodes[dst], "IMPORTING", &src_id);
    setslot(&nodes[src], "MIGRATING", &dst_id);
    bg.advance(20).await;
    mine.push(order(&b, "zoe").await);
    assert_eq!(mine[1].0, 201, "order 2 while the slot is migrating");
    assert!(poll(Duration::from_secs(5), || get_on(&nodes[src], &key) == 2));

    // The key moves (ASK redirects from now on), then order 3.
    let keys: Vec<String> = redis::cmd("CLUSTER")
        .arg("GETKEYSINSLOT")
        .arg(slot)
        .arg(100)
        .query(&mut nodes[src].conn())
        .unwrap();
    assert!(keys.contains(&key), "{keys:?}");
    let mut migrate = redis::cmd("MIGRATE");
    migrate
        .arg("127.0.0.1")
        .arg(nodes[dst].port)
        .arg("")
        .arg(0)
        .arg(5000)
        .arg("KEYS")
        .arg(&keys);
    let _: String = migrate.query(&mut nodes[src].conn()).unwrap();
    bg.advance(20).await;
    mine.push(order(&a, "zoe").await);
    assert_eq!(mine[2].0, 201, "order 3 with the key on the importing node");
    assert!(
        poll(Duration::from_secs(5), || get_on(&nodes[dst], &key) == 3),
        "count on the new owner"
    );

    // The move completes: every node names the new owner (MOVED from now on).
    for n in [&nodes[dst], &nodes[src], &nodes[(src + 2) % 3]] {
        setslot(n, "NODE", &dst_id);
    }
    bg.advance(20).await;
    let why = "the limit survived the move: no fourth order";
    orders_answered(&[&b, &a, &b], "zoe", 403, why, &mut mine).await;
    assert_eq!(
        get_on(&nodes[dst], &key),
        3,
        "the counter lives on the new owner"
    );
    let left: u64 = redis::cmd("CLUSTER")
        .arg("COUNTKEYSINSLOT")
        .arg(slot)
        .query(&mut nodes[src].conn())
        .unwrap();
    assert_eq!(left, 0, "and no longer on the old one");
    let seen = bg.finish().await;
    assert_bounded("background", &seen);
    assert_bounded("zoe", &mine);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_limit_holds_when_its_master_dies_and_the_replica_takes_over() {
    let nodes = masters();
    let up = upstream()
        .route("/api/orders", 201, "{\"order\":1}")
        .spawn()
        .await
        .unwrap();
    let all: Vec<&RedisServer> = nodes.iter().collect();
    let extra = [("{nodes}", urls(&all)), ("{up}", up.addr().to_string())];
    let a = Arc::new(Proxy::start_with(CFG, &extra).await);
    let b = Arc::new(Proxy::start_with(CFG, &extra).await);
    let mut mine = Vec::new();

    // Two of three orders; the counter's master gets a replica, which copies it.
    for p in [&a, &b] {
        let r = order(p, "max").await;
        assert_eq!(r.0, 201);
        mine.push(r);
        let want = mine.len() as u64;
        assert!(poll(Duration::from_secs(5), || {
            holder(&nodes, "rg:pl:*").is_some_and(|(_, k)| day_count(&nodes, &k) == want)
        }));
    }
    let (owner, key) = holder(&nodes, "rg:pl:*").unwrap();
    let replica = start_node();
    cli(&[
        "--cluster",
        "add-node",
        &addr(&replica),
        &addr(&nodes[owner]),
        "--cluster-slave",
        "--cluster-master-id",
        &node_id(&nodes[owner]),
    ]);
    let synced = poll(Duration::from_secs(20), || get_on(&replica, &key) == 2);
    assert!(synced, "the replica holds the counter");
    let mut nodes = nodes;

    let bg = traffic(a.clone(), b.clone());
    // The master dies without a word; the replica is promoted once the others agree
    // it failed (cluster-node-timeout 1 s).
    nodes[owner].kill();
    let promoted = poll(Duration::from_secs(30), || {
        let role: redis::Value = redis::cmd("ROLE")
            .query(&mut replica.conn())
            .unwrap_or(redis::Value::Nil);
        format!("{role:?}").contains("master") && cluster_ok(&replica)
    });
    assert!(promoted, "the replica took over");

    // The edges find the new master by themselves: the third order goes through (orders
    // refused meanwhile were refused by `on_error = deny`, never counted elsewhere)...
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let r = order(&a, "max").await;
        mine.push(r);
        if r.0 == 201 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "an order goes through after the failover"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // ...and nothing more, on either edge: the replica kept the count.
    assert!(poll(Duration::from_secs(5), || get_on(&replica, &key) == 3));
    let why = "no reset: the fourth order is refused";
    orders_answered(&[&b, &a], "max", 403, why, &mut mine).await;
    let accepted = mine.iter().filter(|r| r.0 == 201).count();
    assert_eq!(accepted, 3, "exactly the limit");
    let seen = bg.finish().await;
    assert_bounded("background", &seen);
    assert_bounded("max", &mine);
}
