//! Serde structs that mirror `riskgate.toml` exactly.
//!
//! These types exist only to be deserialized and handed to `validate`; runtime code never
//! sees them. Every field is optional or a plain string so that problems are reported by
//! the validator with a field path, instead of by serde with a generic type error. Unknown
//! keys are refused (`deny_unknown_fields`) so a typo never silently falls back to a default.

use serde::Deserialize;
use std::collections::BTreeMap;

/// The whole configuration file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawConfig {
    /// `[server]`: listeners, trusted proxies, client-facing limits.
    pub server: Option<RawServer>,
    /// `[admin]`: the admin listener.
    pub admin: Option<RawAdmin>,
    /// `[log]`: log format and access log.
    pub log: Option<RawLog>,
    /// `[upstreams.NAME]`: upstream server groups.
    #[serde(default)]
    pub upstreams: BTreeMap<String, RawUpstream>,
    /// `[[routes]]`: the ordered route table.
    #[serde(default)]
    pub routes: Vec<RawRoute>,
}

/// `[server]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawServer {
    pub listen: Option<Vec<String>>,
    pub tls: Option<Vec<RawTls>>,
    pub h2c: Option<bool>,
    pub threads: Option<i64>,
    pub grace_period: Option<String>,
    pub trusted_proxies: Option<Vec<String>>,
    pub idle_timeout: Option<String>,
    pub body_read_timeout: Option<String>,
    pub max_header_bytes: Option<i64>,
    pub max_body_bytes: Option<i64>,
    pub keepalive_requests: Option<i64>,
}

/// `[[server.tls]]`: one TLS listener.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawTls {
    pub listen: Option<String>,
    pub cert: Option<String>,
    pub key: Option<String>,
    pub http2: Option<bool>,
}

/// `[admin]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawAdmin {
    pub listen: Option<String>,
    pub token_env: Option<String>,
    pub allow_non_loopback: Option<bool>,
}

/// `[log]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawLog {
    pub format: Option<String>,
    pub level: Option<String>,
    pub access_log: Option<bool>,
}

/// `[upstreams.NAME]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawUpstream {
    pub servers: Option<Vec<RawServerEntry>>,
    pub strategy: Option<String>,
    pub hash_key: Option<String>,
    pub connect_timeout: Option<String>,
    pub read_timeout: Option<String>,
    pub pool_idle_timeout: Option<String>,
    pub tls: Option<bool>,
    pub sni: Option<String>,
    pub retries: Option<i64>,
    pub health: Option<RawHealth>,
}

/// One entry of `servers`: either `"host:port"` or `{ addr = "host:port", weight = 2 }`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum RawServerEntry {
    Addr(String),
    Table(RawServerTable),
}

/// The table form of a server entry.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawServerTable {
    pub addr: Option<String>,
    pub weight: Option<i64>,
}

/// `[upstreams.NAME.health]`: active HTTP health check.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawHealth {
    pub path: Option<String>,
    pub host: Option<String>,
    pub interval: Option<String>,
    pub timeout: Option<String>,
    pub healthy_threshold: Option<i64>,
    pub unhealthy_threshold: Option<i64>,
    pub expect_status: Option<i64>,
}

/// `[[routes]]`: one route.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub struct RawRoute {
    pub name: Option<String>,
    pub kind: Option<String>,
    pub upstream: Option<String>,
    pub host: Option<String>,
    pub methods: Option<Vec<String>>,
    pub prefix: Option<String>,
    pub glob: Option<String>,
    pub max_body_bytes: Option<i64>,
    pub idle_timeout: Option<String>,
}
