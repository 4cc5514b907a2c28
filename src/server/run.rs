//! Builds the pingora server (proxy, admin, housekeeping and money-path services with
//! their listeners) and runs it until a stop signal.

use super::housekeeping::Housekeeping;
use super::money::MoneyService;
use super::signals::Signals;
use crate::admin::AdminApp;
use crate::config::Config;
use crate::proxy::header_deadline::HeaderDeadline;
use crate::proxy::EdgeProxy;
use crate::runtime::{RuntimeError, Shared};
use pingora::apps::HttpServerOptions;
use pingora::listeners::tls::TlsSettings;
use pingora::listeners::{L4BufferSettings, ListenerConfig, DEFAULT_L4_WRITE_BUFFER_SIZE};
use pingora::server::configuration::ServerConf;
use pingora::server::{RunArgs, Server};
use pingora::services::background::background_service;
use pingora::services::listening::Service;
use std::sync::Arc;

/// Errors that stop the process at start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The first configuration generation could not be built.
    #[error(transparent)]
    Runtime(#[from] RuntimeError),
    /// A TLS certificate or key could not be loaded.
    #[error("server.tls[{index}]: cannot load certificate/key: {reason}")]
    Tls {
        /// Index in `server.tls`.
        index: usize,
        /// pingora's explanation.
        reason: String,
    },
    /// A listener address is taken by another process.
    #[error("{field}: cannot listen on {addr}: {error}")]
    Bind {
        /// The config field naming the address.
        field: &'static str,
        /// The address.
        addr: std::net::SocketAddr,
        /// The operating system's answer.
        error: String,
    },
}

/// Fails fast when a listener address is taken. pingora itself retries a busy address
/// forever in the background while everything else (admin, `/readyz`) reports ready, which
/// would hide the problem; binding once here (then releasing) turns it into a start error.
fn check_listeners(config: &Config) -> Result<(), StartError> {
    let all = config
        .server
        .listen
        .iter()
        .map(|a| ("server.listen", *a))
        .chain(config.server.tls.iter().map(|t| ("server.tls", t.listen)))
        .chain(std::iter::once(("admin.listen", config.admin.listen)));
    for (field, addr) in all {
        if addr.port() == 0 {
            continue;
        }
        std::net::TcpListener::bind(addr).map_err(|e| StartError::Bind {
            field,
            addr,
            error: e.to_string(),
        })?;
    }
    Ok(())
}

/// The read buffer below pingora's HTTP code on each client connection, bytes: none.
///
/// pingora's default is 64 KiB per connection. pingora's HTTP/1 code reads into buffers of
/// its own (a 4 KiB header buffer, 64 KiB body reads), so an L4 buffer under it only adds
/// a copy, while it stays allocated for as long as the connection is open: 0 leaves it out
/// (reads go straight to the socket, as in pingora before 0.9) and saves about 4 KB of RSS
/// per open connection, kept alive or silent (BENCHMARKS.md, "Idle client connections").
/// TLS listeners keep pingora's default, since the TLS layer reads whole 16 KiB records
/// through it.
const CLIENT_READ_BUFFER: usize = 0;

/// Builds the pingora server with the proxy, admin and housekeeping services.
///
/// Listeners are bound when the returned server runs. Call [`run`] to run it with the
/// configured grace period.
pub fn build(shared: Arc<Shared>) -> Result<Server, StartError> {
    let config = shared.runtime.load().config.clone();
    check_listeners(&config)?;
    let conf = ServerConf {
        threads: config.server.threads.get(),
        // One single-threaded runtime per worker (like nginx workers): no cross-thread
        // task stealing or wakeups on the request path.
        work_stealing: false,
        grace_period_seconds: Some(config.server.grace_period.as_secs()),
        graceful_shutdown_timeout_seconds: Some(config.server.grace_period.as_secs().max(1)),
        // Distinct paths per process so several riskgates (tests, demo) never collide.
        pid_file: std::env::temp_dir()
            .join(format!("riskgate-{}.pid", std::process::id()))
            .display()
            .to_string(),
        upgrade_sock: std::env::temp_dir()
            .join(format!("riskgate-{}.upgrade.sock", std::process::id()))
            .display()
            .to_string(),
        ..ServerConf::default()
    };
    let mut server = Server::new_with_opt_and_conf(None, conf);
    server.bootstrap();

    let mut app = pingora::proxy::http_proxy(&server.configuration, EdgeProxy::new(shared.clone()));
    let mut opts = HttpServerOptions::default();
    opts.h2c = config.server.h2c;
    opts.keepalive_request_limit = config.server.keepalive_requests.map(|n| n.get());
    opts.h2_idle_timeout = Some(config.server.idle_timeout);
    app.server_options = Some(opts);
    // Every accepted stream gets the header deadline before pingora reads it.
    let mut proxy = Service::new(
        "riskgate proxy".to_string(),
        HeaderDeadline::new(app, shared.clone()),
    );
    for addr in &config.server.listen {
        proxy.add_listener(
            ListenerConfig::tcp(addr.to_string()).l4_buffer(L4BufferSettings::new(
                CLIENT_READ_BUFFER,
                DEFAULT_L4_WRITE_BUFFER_SIZE,
            )),
        );
    }
    for (index, t) in config.server.tls.iter().enumerate() {
        let tls_err = |e: Box<pingora::Error>| StartError::Tls {
            index,
            reason: e.to_string(),
        };
        let mut settings =
            TlsSettings::intermediate(&t.cert.display().to_string(), &t.key.display().to_string())
                .map_err(tls_err)?;
        if t.http2 {
            settings.enable_h2();
        }
        proxy.add_tls_with_settings(&t.listen.to_string(), None, settings);
    }

    let mut admin = Service::new("riskgate admin".to_string(), AdminApp::new(shared.clone()));
    admin.add_tcp(&config.admin.listen.to_string());

    let money = background_service(
        "riskgate money path",
        MoneyService {
            shared: shared.clone(),
        },
    );
    let housekeeping = background_service("riskgate housekeeping", Housekeeping { shared });
    server.add_service(proxy);
    server.add_service(admin);
    server.add_service(housekeeping);
    server.add_service(money);
    Ok(server)
}

/// Runs the server until SIGINT (stop now), SIGTERM (graceful, bounded by
/// `server.grace_period`) or SIGQUIT (graceful upgrade), then writes out the decision log.
pub fn run(server: Server, shared: Arc<Shared>) {
    server.run(RunArgs {
        shutdown_signal: Box::new(Signals {
            shared: shared.clone(),
        }),
    });
    shared.decisions.close();
}
