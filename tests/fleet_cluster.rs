//! Fleet mode on a real 3-node Redis Cluster (`redis-server --cluster-enabled yes` ×3 and
//! `redis-cli --cluster create`): two edges enforce one purchase limit and one rate limit
//! whose keys live on different nodes.

mod common;
mod fleet_support;

use common::*;
use fleet_support::{poll, RedisServer};
use std::process::Command;
use std::time::Duration;

/// The edge: [`fleet_edge`] on the cluster, orders limited to 2 per user per day and a
/// login limited to 2 per ip+route.
fn cfg() -> String {
    fleet_edge(r#"cluster = {nodes}"#, r#"timeout = "500ms""#) + &fleet_routes(2, 2)
}

/// Starts three cluster-enabled servers and joins them (all slots covered, no replicas).
fn cluster() -> Vec<RedisServer> {
    let nodes: Vec<RedisServer> = (0..3)
        .map(|_| RedisServer::start_with(&["--cluster-enabled", "yes"]))
        .collect();
    let addrs: Vec<String> = nodes
        .iter()
        .map(|n| format!("127.0.0.1:{}", n.port))
        .collect();
    let out = Command::new("redis-cli")
        .args(["--cluster", "create"])
        .args(&addrs)
        .args(["--cluster-replicas", "0", "--cluster-yes"])
        .output()
        .expect("redis-cli must be installed (package redis-server)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    // Every node agrees the cluster is up before the edges start.
    for n in &nodes {
        let ok = poll(Duration::from_secs(10), || {
            let info: String = redis::cmd("CLUSTER")
                .arg("INFO")
                .query(&mut n.conn())
                .unwrap_or_default();
            info.contains("cluster_state:ok")
        });
        assert!(ok, "cluster state ok on {}", n.port);
    }
    nodes
}

fn total(nodes: &[RedisServer], pattern: &str) -> u64 {
    nodes.iter().map(|n| n.sum(pattern)).sum()
}

#[tokio::test]
async fn two_edges_share_limits_on_a_three_node_cluster() {
    let nodes = cluster();
    let list = format!(
        "[{}]",
        nodes
            .iter()
            .map(|n| format!("\"{}\"", n.url()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let up = fleet_shop().await;
    let extra = [("{nodes}", list), ("{up}", up.addr().to_string())];
    let (a, b) = (
        Proxy::start_with(&cfg(), &extra).await,
        Proxy::start_with(&cfg(), &extra).await,
    );
    // Several users, so their counters spread over the nodes (the user id is the hash tag).
    let users = ["ann", "ben", "cid", "dot", "eve", "fay"];
    for (i, u) in users.iter().enumerate() {
        for (j, p) in [&a, &b].into_iter().enumerate() {
            let r = p
                .client
                .post(p.url("/api/orders"))
                .header("x-shop-user", *u)
                .body("{}")
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), 201, "{u} on edge {j}");
            let want = (2 * i + j + 1) as u64;
            assert!(poll(Duration::from_secs(5), || total(&nodes, "rg:pl:*") == want));
        }
        let r = a
            .client
            .post(a.url("/api/orders"))
            .header("x-shop-user", *u)
            .body("{}")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 403, "{u}: third order");
    }
    let holding = nodes
        .iter()
        .filter(|n| !n.keys("rg:pl:*").is_empty())
        .count();
    assert!(
        holding >= 2,
        "counters spread over the cluster: {holding} nodes"
    );

    let login = |p: &Proxy| {
        p.client
            .get(p.url("/login"))
            .header("x-forwarded-for", "198.51.100.20")
            .send()
    };
    assert_eq!(login(&a).await.unwrap().status().as_u16(), 200);
    assert_eq!(login(&b).await.unwrap().status().as_u16(), 200);
    assert_eq!(login(&a).await.unwrap().status().as_u16(), 429);
    assert_eq!(login(&b).await.unwrap().status().as_u16(), 429);
}
