//! riskgate: an edge proxy for auto-delivery shops.
//!
//! It sits in front of an existing shop at CDN edges, serves it fast and keeps
//! fraudsters out. This crate is the binary's library: every part is usable from tests.
//!
//! # Layout
//! - [`config`]: TOML → raw structs → validated runtime types; errors with field and line.
//! - [`client`]: who the client is: IP behind trusted proxies, request id, internal headers.
//! - [`fingerprint`]: HTTP fingerprint, automation signals, signed device cookie, beacon.
//! - [`geo`]: country, ASN and hosting flag from MMDB files; the ASN database builder.
//! - [`guards`]: allow/block lists, rate limits, purchase limits, velocity, in request order.
//! - [`lists`]: block and allow lists with TTLs, persisted atomically.
//! - [`limits`]: token buckets, purchase limits, velocity counters.
//! - [`state`]: the counter backend trait, its in-process implementation, and the Redis
//!   fleet backend (`RedisState`: shared limits and the list journal).
//! - [`risk`]: order parsing, features, ONNX model, rules, decisions, decision log, replay.
//! - [`recent`]: bounded index of recent decisions and orders for the admin API.
//! - [`reviews`]: the durable queue of orders held for review (approve, deny, expire, labels).
//! - [`routing`]: the route table, upstream groups (selection, health checks) and
//!   payment-channel groups (scoring, circuit breaking).
//! - [`callbacks`]: payment callbacks: dialects, durable spool, delivery, missing report.
//! - [`cache`]: the RFC 9111 edge cache for static routes (moka store, keys, purge).
//! - [`metrics`]: every Prometheus family, registered once.
//! - [`proxy`]: the pingora `ProxyHttp` glue; phases gather facts and call domain code.
//! - [`admin`]: the admin HTTP API on its own loopback listener, and the web console
//!   under `/ui` (`admin/ui/`).
//! - [`runtime`]: the state every service shares (one config generation at a time) and reload.
//! - [`secret`]: random bytes from the kernel and constant-time comparison of secrets.
//! - [`server`]: builds the pingora server from a config and runs it (services, signals).
//! - [`demo`]: loopback stand-ins (shop, payment channels, fulfillment) for the demo and tests.
//! - [`logging`]: tracing set-up (human or JSON).
#![deny(unsafe_code)]

pub mod admin;
pub mod cache;
pub mod callbacks;
pub mod client;
pub mod config;
pub mod demo;
pub mod fingerprint;
pub mod geo;
pub mod guards;
pub mod limits;
pub mod lists;
pub mod logging;
pub mod metrics;
pub mod proxy;
pub mod readiness;
pub mod recent;
pub mod reviews;
pub mod risk;
pub mod routing;
pub mod runtime;
pub mod secret;
pub mod server;
pub mod state;
