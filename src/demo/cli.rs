//! `riskgate demo`: the stand-ins where the config points plus riskgate in front of them.
//!
//! Owns only the wiring: reading the stand-in addresses from the config (`layout`),
//! choosing the data directory (`data_dir`), starting the stand-ins and printing the
//! banner. The stand-ins run on their own thread and tokio runtime because pingora's
//! `Server::run` takes over the main thread.

use super::data_dir::{self, DataFiles};
use super::layout::{self, Layout};
use super::OrderBook;
use super::{channel, fulfillment_with_orders, shop_with_orders, ChannelControl, Notifier};
use crate::callbacks::dialect::Dialect;
use crate::config::{self, LogFormat};
use crate::server;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Each channel stand-in's latency and failure rate, by position (cycled), so routing has
/// something to decide between.
const PERSONALITIES: [(u64, f64); 3] = [(20, 0.0), (60, 0.0), (40, 0.05)];

/// Reads each channel's secret from its env var, or generates a random one when unset and
/// hands it to riskgate as an override (the stand-ins get the same value, so their
/// callbacks verify).
fn channel_secrets(layout: &Layout) -> Vec<String> {
    let mut overrides = HashMap::new();
    let secrets = layout
        .channels
        .iter()
        .map(|c| match std::env::var(&c.secret_env) {
            Ok(v) if !v.is_empty() => v,
            _ => {
                let raw = format!("{:032x}", fastrand::u128(..));
                let v = match c.dialect {
                    Dialect::HmacSha256 => {
                        use base64::Engine;
                        format!(
                            "whsec_{}",
                            base64::engine::general_purpose::STANDARD.encode(raw)
                        )
                    }
                    _ => raw,
                };
                overrides.insert(c.secret_env.clone(), v.clone());
                v
            }
        })
        .collect();
    crate::callbacks::set_secret_overrides(overrides);
    secrets
}

/// Runs the demo until Ctrl-C. `data_dir` overrides where the spool and decision log go
/// when the config leaves them unset (see [`data_dir`]). Returns an error when the config
/// is bad, a port is taken or the spool is in use.
pub fn run_demo(
    config_path: &Path,
    data_dir: Option<&Path>,
    log_json: bool,
) -> Result<(), DemoError> {
    let file = config_path.display().to_string();
    let src = std::fs::read_to_string(config_path)
        .map_err(|e| DemoError::Config(format!("{file}: cannot read file: {e}")))?;
    let mut config = config::load(config_path).map_err(|e| DemoError::Config(e.to_string()))?;
    let layout = layout::layout(&config, &src, &file).map_err(|e| {
        DemoError::Config(format!(
            "{e}\n(the demo starts its stand-ins where the config's upstreams and channels point)"
        ))
    })?;
    let dir = data_dir
        .map(Path::to_path_buf)
        .unwrap_or_else(|| data_dir::default_dir(layout.proxy.port()));
    let files = data_dir::apply(&mut config, &src, &dir);
    if data_dir::needs_dir(&config, &files, &dir) {
        data_dir::prepare(&dir, data_dir.is_none()).map_err(DemoError::Io)?;
    }
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

    start_stand_ins(&layout)?;
    let used = data_dir::needs_dir(&config, &files, &dir).then_some(dir.as_path());
    print_banner(&config, &layout, &files, used, &token);

    let cookie_keys =
        server::Secrets::cookie_keys(&config).map_err(|e| DemoError::Config(e.to_string()))?;
    let secrets = server::Secrets {
        admin_token: token,
        cookie_keys,
    };
    let shared = server::Shared::new(config, Some(config_path.to_path_buf()), secrets)
        .map_err(|e| explain_start_error(e.to_string(), &files))?;
    // A reload re-reads the file, which does not name the data paths chosen here: put
    // them back (unless the file now names its own), so nothing looks changed.
    let reread = config_path.to_path_buf();
    shared.on_reload(Box::new(move |c| {
        if let Ok(src) = std::fs::read_to_string(&reread) {
            data_dir::apply(c, &src, &dir);
        }
    }));
    let srv = server::build(shared.clone()).map_err(|e| DemoError::Config(e.to_string()))?;
    server::run(srv, shared);
    Ok(())
}

/// Binds every stand-in (all before any starts, so a taken port fails fast and clearly),
/// then runs them on a thread of their own for the life of the process.
fn start_stand_ins(layout: &Layout) -> Result<(), DemoError> {
    let secrets = channel_secrets(layout);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .map_err(|e| DemoError::Io(format!("stand-in runtime: {e}")))?;
    let bind = |addr: std::net::SocketAddr, field: String| {
        rt.block_on(tokio::net::TcpListener::bind(addr))
            .map_err(|e| {
                DemoError::Io(format!(
                    "cannot bind the stand-in for {field} on {addr}: {e} \
                 (another demo on these ports? move them in the config)"
                ))
            })
    };
    let shop_l = bind(layout.shop, "upstreams.shop".into())?;
    let channel_ls = layout
        .channels
        .iter()
        .map(|c| bind(c.addr, format!("channels.{}", c.name)))
        .collect::<Result<Vec<_>, _>>()?;
    let ful_l = bind(layout.fulfillment, "upstreams.fulfillment".into())?;
    // Transaction ids from the clock: unique across restarts on the same spool.
    let first_txn = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(1, |d| d.as_micros() as u64);
    let controls: Vec<ChannelControl> = layout
        .channels
        .iter()
        .zip(secrets)
        .zip(PERSONALITIES.iter().cycle())
        .map(|((c, secret), (latency, failures))| {
            let ctl = ChannelControl::new();
            ctl.set_latency(Duration::from_millis(*latency));
            ctl.set_failure_rate(*failures);
            ctl.set_first_txn(first_txn);
            if let Some(path) = &c.callback_path {
                ctl.set_notifier(Notifier {
                    url: format!("http://{}{path}", layout.proxy),
                    dialect: c.dialect,
                    secret,
                    delay: Duration::from_millis(300),
                });
            }
            ctl
        })
        .collect();
    let handles = rt.block_on(async {
        // One order book: the shop streams what fulfillment really delivered.
        let book = OrderBook::default();
        let mut hs = vec![shop_with_orders(shop_l, book.clone()).await];
        for ((c, l), ctl) in layout.channels.iter().zip(channel_ls).zip(controls) {
            hs.push(channel(l, &c.name, ctl).await);
        }
        let (f, _log) = fulfillment_with_orders(ful_l, book).await;
        hs.push(f);
        hs
    });
    std::thread::spawn(move || {
        // Keep the runtime (and the stand-ins' tasks) alive for the life of the process.
        let _keep = handles;
        rt.block_on(std::future::pending::<()>());
    });
    Ok(())
}

/// A spool locked by another process is named with that process; anything else is
/// passed on as it is.
fn explain_start_error(message: String, files: &DataFiles) -> DemoError {
    let holder = files
        .spool
        .as_deref()
        .filter(|_| message.contains("spool"))
        .and_then(|s| data_dir::holder_of(s).map(|h| (s, h)));
    match holder {
        Some((spool, (pid, cmd))) => DemoError::Io(format!(
            "the callback spool {} is in use by process {pid} ({cmd}): stop that demo, or \
             run this one on other ports or with its own --data-dir\n({message})",
            spool.display()
        )),
        None => DemoError::Config(message),
    }
}

fn print_banner(
    config: &config::Config,
    layout: &Layout,
    files: &DataFiles,
    dir: Option<&Path>,
    token: &str,
) {
    let listen = layout.proxy;
    let admin = config.admin.listen;
    let browser = "-H 'user-agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/124.0 Safari/537.36' \\\n         -H 'accept-language: en-GB' -H 'accept-encoding: gzip, br' -H 'x-forwarded-for: 81.2.69.160'";
    let order = r#"{"product":"steam-50","quantity":1,"amount":"50.00","currency":"USD","user":"alice","email":"alice@example.com"}"#;
    let bot = r#"{"product":"steam-5","quantity":50,"amount":"0.50","currency":"USD","user":"u1","email":"x7k2q9v3m1p8@mailinator.com"}"#;
    let channels = layout
        .channels
        .iter()
        .map(|c| format!("{}=http://{}", c.name, c.addr))
        .collect::<Vec<_>>()
        .join(" ");
    let slow = layout
        .channels
        .first()
        .map(|c| {
            format!(
                "\n    curl -s -X POST 'http://{}/_control?latency_ms=300'   # slow down channel {}",
                c.addr, c.name
            )
        })
        .unwrap_or_default();
    let show = |p: &Option<PathBuf>| {
        p.as_deref()
            .map_or("(none)".to_string(), |p| p.display().to_string())
    };
    let (shop, ful) = (layout.shop, layout.fulfillment);
    println!(
        "\nriskgate demo\n\
         \n  shop through riskgate   http://{listen}/   (open it in a browser)\
         \n  stand-ins (direct)      shop http://{shop}  channels {channels}  fulfillment http://{ful}\
         \n  admin API               http://{admin}  (token: {token})\n\
         \n  try:\
         \n    curl -i http://{listen}/\
         \n    # an order from a browser in the UK (loopback plays a trusted CDN here): allowed, scored\
         \n    curl -s -X POST http://{listen}/api/orders -H 'content-type: application/json' {browser} \\\
         \n         -d '{order}'\
         \n    # a script buying 50 cheap codes with a throwaway email: blocked (403) with reasons\
         \n    curl -s -X POST http://{listen}/api/orders -H 'content-type: application/json' -d '{bot}'\
         \n    curl -N http://{listen}/api/orders/o-1/events\
         \n    # pay for order o-1: riskgate picks the fastest healthy channel, whose signed callback\
         \n    # is spooled and delivered to fulfillment (watch this terminal for the code)\
         \n    curl -s -X POST 'http://{listen}/pay?order_id=o-1' -H 'idempotency-key: o-1' -d '{{\"amount\":\"50.00\"}}'\
         \n    curl -s -H 'Authorization: Bearer {token}' http://{admin}/channels\
         \n    curl -s -H 'Authorization: Bearer {token}' 'http://{admin}/callbacks?limit=5'\
         \n    curl -s -H 'Authorization: Bearer {token}' http://{admin}/callbacks/missing\
         \n    curl -s -H 'Authorization: Bearer {token}' 'http://{admin}/decisions?decision=block'\
         \n    curl -s -H 'Authorization: Bearer {token}' http://{admin}/metrics | grep riskgate_decisions{slow}\
         \n\n  data directory: {}\
         \n  callback spool: {}\
         \n  decision log:   {}\
         \n  review queue:   {}\
         \n  (kept across restarts on the same port; --data-dir DIR puts them elsewhere)\
         \n\n  Ctrl-C stops everything.\n",
        dir.map_or("(not used: the config names its files)".to_string(), |d| d
            .display()
            .to_string()),
        show(&files.spool),
        show(&files.decision_log),
        show(&files.reviews),
    );
}

/// Why the demo could not start.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The demo config is invalid.
    #[error("{0}")]
    Config(String),
    /// A stand-in, the data directory or the spool could not be set up (a port or the
    /// spool already in use, a bad directory).
    #[error("{0}")]
    Io(String),
}
