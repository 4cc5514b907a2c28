//! Configuration: TOML file → raw serde structs → validated runtime [`Config`].
//!
//! Owns loading, error reporting with field path and line, and the "what needs a restart"
//! comparison used by reload. It knows nothing of pingora: `server` turns a `Config` into
//! listeners and services.
//!
//! Layout: [`raw`] mirrors the file, [`validate`] checks it and applies defaults, [`types`]
//! holds the runtime types, [`span`] maps field paths back to lines, [`error`] renders.

mod collect;
pub mod currency;
pub mod error;
pub mod money;
pub mod raw;
pub mod span;
pub mod types;
pub mod validate;

pub use error::{ConfigError, ConfigErrors};
pub use types::*;

use std::path::Path;

/// Reads and validates the file at `path`.
///
/// Called at start (an error stops the process) and on reload (an error keeps the old
/// config). The error lists every problem with its line.
pub fn load(path: &Path) -> Result<Config, ConfigErrors> {
    let file = path.display().to_string();
    let src = std::fs::read_to_string(path).map_err(|e| ConfigErrors {
        file: file.clone(),
        errors: vec![ConfigError::Io {
            reason: e.to_string(),
        }],
    })?;
    let mut config = parse(&src, &file)?;
    if let Some(dir) = path.parent() {
        config.rebase(dir);
    }
    Ok(config)
}

impl Config {
    /// Makes relative file paths (geo data, lists, TLS files) relative to `dir`, the
    /// directory of the config file, so the process may start from any working directory.
    pub fn rebase(&mut self, dir: &Path) {
        let fix = |p: &mut std::path::PathBuf| {
            if p.is_relative() {
                *p = dir.join(&*p);
            }
        };
        for t in &mut self.server.tls {
            fix(&mut t.cert);
            fix(&mut t.key);
        }
        if let Some(g) = &mut self.geo {
            fix(&mut g.country_db);
            fix(&mut g.asn_db);
            if let Some(h) = &mut g.hosting_asns {
                fix(h);
            }
        }
        if let Some(r) = &mut self.risk {
            fix(&mut r.model);
            fix(&mut r.schema);
            for p in [
                &mut r.onnxruntime,
                &mut r.shadow_model,
                &mut r.disposable_domains,
                &mut r.decision_log.path,
            ]
            .into_iter()
            .flatten()
            {
                fix(p);
            }
        }
        if let Some(c) = &mut self.callbacks {
            fix(&mut c.spool);
        }
        if let Some(r) = &mut self.reviews {
            fix(&mut r.store);
        }
        for files in [&mut self.lists.block, &mut self.lists.allow] {
            for p in [
                &mut files.ip,
                &mut files.device,
                &mut files.user,
                &mut files.email,
                &mut files.email_domain,
            ]
            .into_iter()
            .flatten()
            {
                fix(p);
            }
        }
    }
}

/// Parses and validates configuration text; `file` is only used in messages.
pub fn parse(src: &str, file: &str) -> Result<Config, ConfigErrors> {
    let fail = |errors| ConfigErrors {
        file: file.to_string(),
        errors,
    };
    let value: toml::Value = toml::from_str(src).map_err(|e| {
        let line = e.span().map(|s| span::line_at(src, s.start));
        let message = e
            .message()
            .lines()
            .next()
            .unwrap_or("invalid TOML")
            .to_string();
        fail(vec![ConfigError::Parse { line, message }])
    })?;
    let located = |mut errors: Vec<ConfigError>| {
        if let Ok(doc) = toml_edit::ImDocument::parse(src) {
            for err in &mut errors {
                if let ConfigError::Invalid { field, line, .. } = err {
                    *line = span::line_of(&doc, src, field);
                }
            }
        }
        errors.sort_by_key(|e| e.line().unwrap_or(usize::MAX));
        fail(errors)
    };
    let raw = collect::deserialize(value).map_err(located)?;
    validate::validate(raw).map_err(located)
}

/// Lists the settings that differ between `old` and `new` but only take effect after a
/// restart (listeners, threads, admin address). Reload applies everything else.
pub fn restart_required(old: &Config, new: &Config) -> Vec<&'static str> {
    let mut out = Vec::new();
    if old.server.listen != new.server.listen {
        out.push("server.listen");
    }
    if old.server.tls != new.server.tls {
        out.push("server.tls");
    }
    if old.server.h2c != new.server.h2c {
        out.push("server.h2c");
    }
    if old.server.threads != new.server.threads {
        out.push("server.threads");
    }
    if old.server.keepalive_requests != new.server.keepalive_requests {
        out.push("server.keepalive_requests");
    }
    if old.server.grace_period != new.server.grace_period {
        out.push("server.grace_period");
    }
    if old.limits.max_tracked_keys != new.limits.max_tracked_keys {
        out.push("limits.max_tracked_keys");
    }
    if old.fingerprint.key_envs != new.fingerprint.key_envs {
        out.push("fingerprint.key_envs");
    }
    if old.callbacks.as_ref().map(|c| &c.spool) != new.callbacks.as_ref().map(|c| &c.spool) {
        out.push("callbacks.spool");
    }
    // The state backend (and its Redis connection) is built once, with the guards.
    if old.state != new.state {
        out.push("state");
    }
    // The review store is opened once, like the spool.
    if old.reviews != new.reviews {
        out.push("reviews");
    }
    // Both are spool options, fixed when the spool is opened.
    let retentions = |c: &Config| {
        c.callbacks
            .as_ref()
            .map(|c| (c.retention, c.dedupe_retention))
    };
    if retentions(old) != retentions(new) {
        out.push("callbacks.retention");
    }
    if old.admin != new.admin {
        out.push("admin");
    }
    if old.log != new.log {
        out.push("log");
    }
    // The cache store and its lock live for the whole process (contents survive reloads).
    if old.cache.max_bytes != new.cache.max_bytes {
        out.push("cache.max_bytes");
    }
    if old.cache.lock_timeout != new.cache.lock_timeout {
        out.push("cache.lock_timeout");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
[server]
listen = ["127.0.0.1:0"]
trusted_proxies = ["10.0.0.0/8", "2001:db8::/32", "192.0.2.7"]

[upstreams.shop]
servers = ["127.0.0.1:9001", { addr = "127.0.0.1:9002", weight = 3 }]
[upstreams.shop.health]
path = "/healthz"
interval = "500ms"

[[routes]]
name = "events"
kind = "stream"
upstream = "shop"
glob = "/api/orders/*/events"

[[routes]]
name = "all"
kind = "pass"
upstream = "shop"
"#;

    #[test]
    fn accepts_a_good_file_with_defaults() {
        let c = parse(GOOD, "good.toml").unwrap();
        assert_eq!(c.routes.len(), 2);
        assert_eq!(c.routes[0].kind, RouteKind::Stream);
        assert_eq!(
            c.routes[0].idle_timeout,
            validate::defaults::STREAM_IDLE_TIMEOUT
        );
        assert_eq!(c.upstreams["shop"].servers[1].weight.get(), 3);
        assert_eq!(c.server.trusted_proxies.len(), 3);
        assert_eq!(c.admin.listen.to_string(), "127.0.0.1:9901");
        assert_eq!(
            c.upstreams["shop"].health.as_ref().unwrap().interval,
            std::time::Duration::from_millis(500)
        );
    }

    /// Each case: a file, and the rendered problems expected (in order).
    #[test]
    fn every_error_names_field_and_line() {
        let cases: &[(&str, &[&str])] = &[
            (
                "[server]\nlisten = [\"nope\"]\n[upstreams.a]\nservers=[\"127.0.0.1:1\"]\n[[routes]]\nkind=\"pass\"\nupstream=\"a\"\n",
                &["t.toml:2: server.listen[0]: `nope` is not an address (use host:port, e.g. 127.0.0.1:8080)"],
            ),
            (
                "[upstreams.a]\nservers=[\"127.0.0.1:1\"]\n[[routes]]\nkind=\"pass\"\nupstream=\"b\"\n",
                &["t.toml:5: routes[0].upstream: `b` is not defined in [upstreams] (defined: a)"],
            ),
            (
                "[upstreams.a]\nservers=[\"127.0.0.1:1\"]\n[[routes]]\nkind=\"statik\"\nupstream=\"a\"\n",
                &["t.toml:4: routes[0].kind: `statik` is not a route kind (use pass, stream, order, static or callback)"],
            ),
            (
                "[upstreams.a]\nservers=[\"127.0.0.1:1\"]\n[[routes]]\nkind=\"order\"\nupstream=\"a\"\n",
                &[
                    "t.toml:3: routes[0].order: is required for kind = \"order\" (the field map)",
                    "t.toml: risk: a [risk] section (model, thresholds) is required by routes of kind = \"order\"",
                ],
            ),
            (
                "[risk]\nmodel=\"m.onnx\"\nreview_at=0.9\nblock_at=1.5\nwatch=\"10ms\"\n[risk.rules]\nhosting_asn=\"maybe\"\ngeo_block=[\"USA\"]\n[upstreams.a]\nservers=[\"127.0.0.1:1\"]\n[[routes]]\nkind=\"order\"\nupstream=\"a\"\nmax_body_bytes=100000\n[routes.order]\nformat=\"xml\"\namount=\"amount\"\nrequired=[\"user\", \"colour\"]\n",
                &[
                    "t.toml:4: risk.block_at: must be between 0 and 1 (got 1.5)",
                    "t.toml:5: risk.watch: must be at least 100ms",
                    "t.toml:7: risk.rules.hosting_asn: `maybe` is not an action (none, review or block)",
                    "t.toml:8: risk.rules.geo_block[0]: `USA` is not an ISO 3166 country code",
                    "t.toml:14: routes[0].max_body_bytes: order bodies are read whole before forwarding: at most 65536 (got 100000)",
                    "t.toml:16: routes[0].order.format: `xml` is not a format (json or form)",
                    "t.toml:17: routes[0].order.amount: `amount` is not a JSON pointer (they start with `/`, e.g. \"/order/amount\")",
                    "t.toml:18: routes[0].order.required[0]: `user` is required but has no location in the field map",
                    "t.toml:18: routes[0].order.required[1]: `colour` is not an order field (amount, currency, quantity, product, user, email, payment_method)",
                ],
            ),
            (
                "[risk]\nmodel=\"m.onnx\"\n[risk.currency.rates]\nEUR=1.1\nyen=0.0066\nKRW=0.0\nGBP=-1.27\n[upstreams.a]\nservers=[\"127.0.0.1:1\"]\n[[routes]]\nkind=\"pass\"\nupstream=\"a\"\n",
                &[
                    "t.toml:5: risk.currency.rates.yen: `yen` is not an ISO 4217 code (three capitals)",
                    "t.toml:6: risk.currency.rates.KRW: must be a positive number of US dollars (got 0)",
                    "t.toml:7: risk.currency.rates.GBP: must be a positive number of US dollars (got -1.27)",
                ],
            ),
            (
                "[upstreams.a]\nservers=[\"127.0.0.1:1\"]\n[[routes]]\nkind=\"pass\"\nupstream=\"a\"\n[reviews]\nstore=\" \"\nmax_age=\"1 week\"\non_expiry=\"shrug\"\n",
                &[
                    "t.toml:7: reviews.store: must not be empty",
                    "t.toml:8: reviews.max_age: `1 week` has unknown unit ` week` (use ms, s, m, h or d)",
                    "t.toml:9: reviews.on_expiry: `shrug` is not an expiry action (deny or approve)",
                ],
            ),
            (
                "[upstreams.a]\nservers=[\"127.0.0.1:1\"]\n[[routes]]\nupstream=\"a\"\n",
                &["t.toml:3: routes[0].kind: is required (pass, stream, order, static or callback)"],
            ),
            (
                "[upstreams.a]\nservers=[\"127.0.0.1:1\"]\nconnect_timeout=\"5 parsecs\"\n[[routes]]\nkind=\"pass\"\nupstream=\"a\"\n",
                &["t.toml:3: upstreams.a.connect_timeout: `5 parsecs` has unknown unit ` parsecs` (use ms, s, m, h or d)"],
            ),
            (
                "[admin]\nlisten=\"0.0.0.0:9901\"\n[upstreams.a]\nservers=[\"127.0.0.1:1\"]\n[[routes]]\nkind=\"pass\"\nupstream=\"a\"\n",
                &["t.toml:2: admin.listen: `0.0.0.0:9901` is not a loopback address; the admin API controls lists and reloads, so set admin.allow_non_loopback = true if you really mean it"],
            ),
            (
                "[server]\ntrusted_proxies=[\"10.0.0.0/33\"]\n[upstreams.a]\nservers=[{addr=\"127.0.0.1:1\", weight=0}]\n[[routes]]\nkind=\"pass\"\nupstream=\"a\"\nprefix=\"api\"\n",
                &[
                    "t.toml:2: server.trusted_proxies[0]: `10.0.0.0/33` is not an IP address or CIDR (e.g. 10.0.0.0/8)",
                    "t.toml:4: upstreams.a.servers[0].weight: must be greater than zero (got 0)",
                    "t.toml:8: routes[0].prefix: must start with `/`",
                ],
            ),
            (
                "[server]\nlisten = [\"127.0.0.1:1\"]\nlisen = 3\n",
                &["t.toml:3: server.lisen: unknown field `lisen`, expected one of `listen`, `tls`, `h2c`, `threads`, `grace_period`, `trusted_proxies`, `idle_timeout`, `header_timeout`, `body_read_timeout`, `body_timeout`, `max_connections`, `max_connections_per_address`, `max_header_bytes`, `max_body_bytes`, `keepalive_requests`, `underscores_in_headers`"],
            ),
            (
                "[server]\nmax_connections = 0\nbody_timeout = \"0s\"\n[upstreams.a]\nservers=[\"127.0.0.1:1\"]\n[[routes]]\nkind=\"pass\"\nupstream=\"a\"\nbody_timeout=\"soon\"\n",
                &[
                    "t.toml:2: server.max_connections: must be between 1 and 4294967295 (got 0)",
                    "t.toml:3: server.body_timeout: must be greater than zero",
                    "t.toml:9: routes[0].body_timeout: `soon` is not a duration (use e.g. 250ms, 5s, 2m, 1h, 30d)",
                ],
            ),
            (
                "[risk]\nmodel=\"m.onnx\"\n[channels.c]\nurl=\"http://127.0.0.1:1\"\ndialect=\"epay\"\nsecret_env=\"K\"\n[upstreams.p]\nchannels=[\"c\"]\n[upstreams.a]\nservers=[\"127.0.0.1:1\"]\n[[routes]]\nkind=\"pass\"\nupstream=\"p\"\nmax_body_bytes=70000\n[[routes]]\nkind=\"order\"\nupstream=\"a\"\n[routes.order]\nformat=\"form\"\namount=\"a\"\nduplicate_fields=\"first\"\n",
                &[
                    "t.toml:14: routes[0].max_body_bytes: payment bodies are read whole before forwarding: at most 65536 (got 70000)",
                    "t.toml:21: routes[1].order.duplicate_fields: `first` is not a duplicate-field rule (reject or last)",
                ],
            ),
            (
                "[server]\nheader_timeout = \"0s\"\n[upstreams.a]\nservers=[\"127.0.0.1:1\"]\n[[routes]]\nkind=\"pass\"\nupstream=\"a\"\n",
                &["t.toml:2: server.header_timeout: must be greater than zero"],
            ),
            (
                "[server\n",
                &["t.toml:1: invalid table header"],
            ),
            (
                "[upstreams.a]\nservers=[]\nstrategy=\"random\"\n[[routes]]\nkind=\"pass\"\nupstream=\"a\"\n[[routes]]\nkind=\"stream\"\nupstream=\"a\"\nprefix=\"/x\"\nglob=\"/y\"\n",
                &[
                    "t.toml:2: upstreams.a.servers: must list at least one server",
                    "t.toml:3: upstreams.a.strategy: `random` is not a strategy (use round_robin or consistent_hash)",
                    "t.toml:11: routes[1].glob: set either prefix or glob, not both",
                ],
            ),
            (
                "[log]\nformat=\"xml\"\n[upstreams.a]\nservers=[\"127.0.0.1:1\"]\n[[routes]]\nkind=\"pass\"\nupstream=\"a\"\nhost=\"*.\"\n",
                &[
                    "t.toml:2: log.format: `xml` is not a log format (use human or json)",
                    "t.toml:8: routes[0].host: `*.` is not a valid wildcard host",
                ],
            ),
            (
                "[upstreams.a]\nservers=[\"127.0.0.1:1\"]\n",
                &["t.toml: routes: at least one [[routes]] entry is required"],
            ),
        ];
        for (src, want) in cases {
            let err = parse(src, "t.toml").expect_err(src);
            let got: Vec<String> = err.errors.iter().map(|e| e.render("t.toml")).collect();
            assert_eq!(&got, want, "for config:\n{src}");
        }
    }

    #[test]
    fn guard_section_errors_name_field_and_line() {
        let base = "[upstreams.a]\nservers=[\"127.0.0.1:1\"]\n";
        let cases: &[(&str, &[&str])] = &[
            (
                "[[routes]]\nkind=\"pass\"\nupstream=\"a\"\nrate_limits=[{scope=\"ip+planet\", rate=5}]\n",
                &["t.toml:6: routes[0].rate_limits[0].scope: `ip+planet` is not a scope (ip, device, user, route, or a combination like ip+route)"],
            ),
            (
                "[[routes]]\nkind=\"pass\"\nupstream=\"a\"\nrate_limits=[{rate=0}]\n",
                &["t.toml:6: routes[0].rate_limits[0].rate: must be a positive integer (got 0)"],
            ),
            (
                "[[routes]]\nkind=\"pass\"\nupstream=\"a\"\npurchase_limits=[{scope=\"user\", max=5}]\n",
                &["t.toml:3: routes[0].user_key: is required when a purchase limit counts per user"],
            ),
            (
                "[[routes]]\nkind=\"pass\"\nupstream=\"a\"\nuser_key=\"body:user\"\npurchase_limits=[{scope=\"route\", max=5, window=\"fortnight\"}]\n",
                &[
                    "t.toml:6: routes[0].user_key: `body:user` must be header:NAME, cookie:NAME or query:NAME",
                    "t.toml:7: routes[0].purchase_limits[0].scope: must be ip, device or user",
                    "t.toml:7: routes[0].purchase_limits[0].window: `fortnight` is not a duration (use e.g. 250ms, 5s, 2m, 1h, 30d); or \"day\" for the calendar day",
                ],
            ),
            (
                "[limits]\nday_utc_offset=\"+25:00\"\n[geo]\ncountry_db=\"c.mmdb\"\nextra_hosting_asns=[-1]\n[fingerprint]\ncookie_name=\"rg did\"\nbeacon_path=\"/x/\"\n[[routes]]\nkind=\"pass\"\nupstream=\"a\"\n",
                &[
                    "t.toml:4: limits.day_utc_offset: `+25:00` is not a UTC offset (use e.g. +08:00, -05:00 or UTC)",
                    "t.toml:5: geo.asn_db: is required (e.g. \"geoip/asn.mmdb\")",
                    "t.toml:7: geo.extra_hosting_asns[0]: `-1` is not an AS number",
                    "t.toml:9: fingerprint.cookie_name: `rg did` is not a cookie name (letters, digits, _ and -)",
                    "t.toml:10: fingerprint.beacon_path: `/x/` must start with `/` and not end with `/` (or be \"\" to disable)",
                ],
            ),
        ];
        for (src, want) in cases {
            let src = format!("{base}{src}");
            let err = parse(&src, "t.toml").expect_err(&src);
            let got: Vec<String> = err.errors.iter().map(|e| e.render("t.toml")).collect();
            assert_eq!(&got, want, "for config:\n{src}");
        }
    }

    #[test]
    fn money_path_errors_name_field_and_line() {
        let src = "[channels.a]\nurl = \"ftp://x\"\ndialect = \"paypal\"\nsecret_env = \"bad name\"\ncallback_sources = [\"nope\"]\n[channels.b]\nurl = \"http://127.0.0.1:1/path\"\n[upstreams.pay]\nchannels = [\"a\", \"zzz\", \"a\"]\nservers = [\"127.0.0.1:2\"]\n[upstreams.pay.selection]\nexploration = 1.5\nwindow = 50\nmin_samples = 60\n[upstreams.f]\nservers = [\"127.0.0.1:3\"]\n[upstreams.f.failover]\ndeadline = \"1s\"\n[[routes]]\nkind = \"callback\"\nupstream = \"pay\"\n[[routes]]\nkind = \"callback\"\nchannel = \"nope\"\nupstream = \"f\"\n[[routes]]\nkind = \"pass\"\nupstream = \"f\"\nchannel = \"a\"\npayment_ref = \"query:x\"\n[callbacks]\njitter = 0.9\nretry_schedule = []\nretention = \"30d\"\ndedupe_retention = \"7d\"\npurge_interval = \"0s\"\n";
        let want = [
            "t.toml:2: channels.a.url: `ftp://x` must start with http:// or https://",
            "t.toml:3: channels.a.dialect: `paypal` is not a dialect (use hmac-sha256, epay or alipay-rsa2)",
            "t.toml:4: channels.a.secret_env: `bad name` is not an environment variable name (use A-Z, 0-9, _)",
            "t.toml:5: channels.a.callback_sources[0]: `nope` is not an IP address or CIDR (e.g. 10.0.0.0/8)",
            "t.toml:6: channels.b.dialect: is required (hmac-sha256, epay or alipay-rsa2)",
            "t.toml:6: channels.b.secret_env: is required: the env var holding the callback secret",
            "t.toml:7: channels.b.url: `http://127.0.0.1:1/path` must be scheme://host:port with no path (requests keep theirs)",
            "t.toml:9: upstreams.pay.channels: set either servers or channels, not both (a channel group takes its servers from [channels])",
            "t.toml:9: upstreams.pay.channels[1]: `zzz` is not defined in [channels] (none are defined)",
            "t.toml:9: upstreams.pay.channels[2]: `a` is listed twice",
            "t.toml:12: upstreams.pay.selection.exploration: must be between 0 and 1 (got 1.5)",
            "t.toml:14: upstreams.pay.selection.min_samples: must not exceed window (50)",
            "t.toml:17: upstreams.f.failover: only applies to channel groups (channels = [...])",
            "t.toml:19: routes[0].channel: is required for kind = \"callback\" (the channel whose notifications arrive here)",
            "t.toml:24: routes[1].channel: `nope` is not defined in [channels] (none are defined)",
            "t.toml:29: routes[2].channel: only applies to kind = \"callback\"",
            "t.toml:30: routes[2].payment_ref: only applies to routes whose upstream is a channel group",
            "t.toml:32: callbacks.jitter: must be between 0 and 0.5 (got 0.9)",
            "t.toml:33: callbacks.retry_schedule: must list at least one wait",
            "t.toml:35: callbacks.dedupe_retention: must be at least callbacks.retention (2592000 s): fingerprints dedupe the records",
            "t.toml:36: callbacks.purge_interval: must be greater than zero",
        ];
        let err = parse(src, "t.toml").expect_err("invalid money config");
        let got: Vec<String> = err.errors.iter().map(|e| e.render("t.toml")).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn relative_paths_are_relative_to_the_config_file() {
        let mut c = parse(
            "[geo]\ncountry_db=\"../geoip/c.mmdb\"\nasn_db=\"/abs/a.mmdb\"\n[lists.block]\nip=\"lists/ip.txt\"\n[upstreams.a]\nservers=[\"127.0.0.1:1\"]\n[[routes]]\nkind=\"pass\"\nupstream=\"a\"\n",
            "t",
        )
        .unwrap();
        c.rebase(Path::new("/etc/riskgate"));
        let g = c.geo.unwrap();
        assert_eq!(g.country_db, Path::new("/etc/riskgate/../geoip/c.mmdb"));
        assert_eq!(g.asn_db, Path::new("/abs/a.mmdb"));
        assert_eq!(
            c.lists.block.ip.unwrap(),
            Path::new("/etc/riskgate/lists/ip.txt")
        );
    }

    #[test]
    fn restart_required_names_listener_changes_only() {
        let a = parse(GOOD, "a").unwrap();
        let mut b = a.clone();
        b.routes.pop();
        assert!(restart_required(&a, &b).is_empty());
        b.server.listen = vec!["127.0.0.1:1".parse().unwrap()];
        assert_eq!(restart_required(&a, &b), vec!["server.listen"]);
        let mut c = a.clone();
        c.cache.x_cache = false;
        assert!(restart_required(&a, &c).is_empty());
        c.cache.max_bytes += 1;
        c.cache.lock_timeout *= 2;
        assert_eq!(
            restart_required(&a, &c),
            vec!["cache.max_bytes", "cache.lock_timeout"]
        );
    }

    #[test]
    fn durations_parse_and_refuse_zero() {
        use validate::parse_duration as p;
        assert_eq!(p("250ms"), Ok(std::time::Duration::from_millis(250)));
        assert_eq!(p("2m"), Ok(std::time::Duration::from_secs(120)));
        assert!(p("0s").is_err());
        assert!(p("s").is_err());
    }
}
