//! `riskgate demo`: the stand-ins on fixed loopback ports plus riskgate in front of them.
//!
//! Owns only the wiring: which stand-in listens where (the addresses `config/demo.toml`
//! names) and what to print. The stand-ins run on their own thread and tokio runtime
//! because pingora's `Server::run` takes over the main thread.

use super::{channel, fulfillment, shop, ChannelControl, Notifier};
use crate::callbacks::dialect::Dialect;
use crate::config::{self, LogFormat};
use crate::server;
use std::path::Path;
use std::time::Duration;

/// Where the demo's stand-ins listen; `config/demo.toml` points its upstreams here.
pub const SHOP: &str = "127.0.0.1:18081";
/// The three payment channels: name and address.
pub const CHANNELS: [(&str, &str); 3] = [
    ("alpha", "127.0.0.1:18091"),
    ("beta", "127.0.0.1:18092"),
    ("gamma", "127.0.0.1:18093"),
];
/// The fulfillment service.
pub const FULFILLMENT: &str = "127.0.0.1:18095";

/// The channels' callback dialects and the env vars `config/demo.toml` reads their
/// secrets from (in [`CHANNELS`] order).
const CHANNEL_SECRETS: [(Dialect, &str); 3] = [
    (Dialect::Epay, "RISKGATE_DEMO_ALPHA_KEY"),
    (Dialect::HmacSha256, "RISKGATE_DEMO_BETA_SECRET"),
    (Dialect::Epay, "RISKGATE_DEMO_GAMMA_KEY"),
];

/// Reads each channel secret from its env var, or generates a random one when unset and
/// hands it to riskgate as an override (the stand-ins get the same value, so their
/// callbacks verify).
fn channel_secrets() -> Vec<String> {
    let mut overrides = std::collections::HashMap::new();
    let secrets = CHANNEL_SECRETS
        .iter()
        .map(|(dialect, var)| match std::env::var(var) {
            Ok(v) if !v.is_empty() => v,
            _ => {
                let raw = format!("{:032x}", fastrand::u128(..));
                let v = match dialect {
                    Dialect::HmacSha256 => {
                        use base64::Engine;
                        format!(
                            "whsec_{}",
                            base64::engine::general_purpose::STANDARD.encode(raw)
                        )
                    }
                    _ => raw,
                };
                overrides.insert(var.to_string(), v.clone());
                v
            }
        })
        .collect();
    crate::callbacks::set_secret_overrides(overrides);
    secrets
}

/// Runs the demo until Ctrl-C. Returns an error when a port is taken or the config is bad.
pub fn run_demo(config_path: &Path, log_json: bool) -> Result<(), DemoError> {
    let secrets = channel_secrets();
    let config = config::load(config_path).map_err(|e| DemoError::Config(e.to_string()))?;
    let format = if log_json {
        LogFormat::Json
    } else {
        config.log.format
    };
    crate::logging::init(format, &config.log.level);
    let token = match std::env::var(&config.admin.token_env) {
        Ok(t) if t.len() >= 16 => t,
        _ => format!("demo-{:032x}", fastrand::u128(..)),
    };

    // Bind every stand-in before starting anything so a taken port fails fast and clearly.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .map_err(|e| DemoError::Io(format!("stand-in runtime: {e}")))?;
    let bind = |addr: &'static str| {
        rt.block_on(tokio::net::TcpListener::bind(addr))
            .map_err(|e| DemoError::Io(format!("cannot bind stand-in on {addr}: {e}")))
    };
    let shop_l = bind(SHOP)?;
    let channel_ls = CHANNELS
        .iter()
        .map(|(_, a)| bind(a))
        .collect::<Result<Vec<_>, _>>()?;
    let ful_l = bind(FULFILLMENT)?;
    let controls: Vec<ChannelControl> = CHANNELS.iter().map(|_| ChannelControl::new()).collect();
    // Give the channels different personalities so routing has something to decide.
    controls[0].set_latency(Duration::from_millis(20));
    controls[1].set_latency(Duration::from_millis(60));
    controls[2].set_latency(Duration::from_millis(40));
    controls[2].set_failure_rate(0.05);
    let proxy_addr = config
        .server
        .listen
        .first()
        .map(|a| a.to_string())
        .unwrap_or_default();
    for (((ctl, (name, _)), (dialect, _)), secret) in controls
        .iter()
        .zip(CHANNELS.iter())
        .zip(CHANNEL_SECRETS.iter())
        .zip(secrets)
    {
        ctl.set_notifier(Notifier {
            url: format!("http://{proxy_addr}/callbacks/{name}"),
            dialect: *dialect,
            secret,
            delay: Duration::from_millis(300),
        });
    }
    let handles = rt.block_on(async {
        let mut hs = vec![shop(shop_l).await];
        for ((name, _), (l, ctl)) in CHANNELS.iter().zip(channel_ls.into_iter().zip(controls)) {
            hs.push(channel(l, name, ctl).await);
        }
        let (f, _log) = fulfillment(ful_l).await;
        hs.push(f);
        hs
    });
    std::thread::spawn(move || {
        // Keep the runtime (and the stand-ins' tasks) alive for the life of the process.
        let _keep = handles;
        rt.block_on(std::future::pending::<()>());
    });

    let listen = config
        .server
        .listen
        .first()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let admin = config.admin.listen;
    let browser = "-H 'user-agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/124.0 Safari/537.36' \\\n         -H 'accept-language: en-GB' -H 'accept-encoding: gzip, br' -H 'x-forwarded-for: 81.2.69.160'";
    let order = r#"{"product":"steam-50","quantity":1,"amount":"50.00","currency":"USD","user":"alice","email":"alice@example.com"}"#;
    let bot = r#"{"product":"steam-5","quantity":1,"amount":"0.50","currency":"USD","user":"u1","email":"x7k2q9v3m1p8@mailinator.com"}"#;
    let channels = CHANNELS
        .iter()
        .map(|(n, a)| format!("{n}=http://{a}"))
        .collect::<Vec<_>>()
        .join(" ");
    println!(
        "\nriskgate demo\n\
         \n  shop through riskgate   http://{listen}/   (open it in a browser)\
         \n  stand-ins (direct)      shop http://{SHOP}  channels {channels}  fulfillment http://{FULFILLMENT}\
         \n  admin API               http://{admin}  (token: {token})\n\
         \n  try:\
         \n    curl -i http://{listen}/\
         \n    # an order from a browser in the UK (loopback plays a trusted CDN here): allowed, scored\
         \n    curl -s -X POST http://{listen}/api/orders -H 'content-type: application/json' {browser} \\\
         \n         -d '{order}'\
         \n    # a script buying cheap codes with a throwaway email: blocked with reasons\
         \n    curl -s -X POST http://{listen}/api/orders -H 'content-type: application/json' -d '{bot}'\
         \n    curl -N http://{listen}/api/orders/o-1/events\
         \n    # pay for order o-1: riskgate picks the fastest healthy channel, whose signed callback\
         \n    # is spooled and delivered to fulfillment (watch this terminal for the code)\
         \n    curl -s -X POST 'http://{listen}/pay?order_id=o-1' -H 'idempotency-key: o-1' -d '{{\"amount\":\"50.00\"}}'\
         \n    curl -s -H 'Authorization: Bearer {token}' http://{admin}/channels\
         \n    curl -s -H 'Authorization: Bearer {token}' 'http://{admin}/callbacks?limit=5'\
         \n    curl -s -H 'Authorization: Bearer {token}' http://{admin}/callbacks/missing\
         \n    curl -s -H 'Authorization: Bearer {token}' 'http://{admin}/decisions?decision=block'\
         \n    curl -s -H 'Authorization: Bearer {token}' http://{admin}/metrics | grep riskgate_decisions\
         \n    curl -s -X POST 'http://{}/_control?latency_ms=300'   # slow down channel alpha\
         \n\n  decision log: /tmp/riskgate-demo-decisions.jsonl    Ctrl-C stops everything.\n",
        CHANNELS[0].1,
    );
    let cookie_keys =
        server::Secrets::cookie_keys(&config).map_err(|e| DemoError::Config(e.to_string()))?;
    let secrets = server::Secrets {
        admin_token: token,
        cookie_keys,
    };
    let shared = server::Shared::new(config, Some(config_path.to_path_buf()), secrets)
        .map_err(|e| DemoError::Config(e.to_string()))?;
    let srv = server::build(shared.clone()).map_err(|e| DemoError::Config(e.to_string()))?;
    server::run(srv, shared);
    Ok(())
}

/// Why the demo could not start.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The demo config is invalid.
    #[error("{0}")]
    Config(String),
    /// A stand-in could not start (usually a port already in use).
    #[error("{0}")]
    Io(String),
}
