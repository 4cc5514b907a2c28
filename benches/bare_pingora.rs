//! The floor for `benches/load.sh`: the least a pingora 0.9.1 reverse proxy does per request.
//!
//! Not a criterion bench: a server. `benches/load.sh` builds it with
//! `cargo build --profile dist --bench bare_pingora` and runs it as a third contestant next
//! to riskgate and nginx (`BARE=1`), so the riskgate/nginx gap splits into what pingora
//! itself costs on this machine and what riskgate adds on top.
//!
//! It is what pingora's own "load balancer" example is, set up the way riskgate sets up
//! pingora: the same allocator (mimalloc), one single-threaded runtime per worker
//! (`work_stealing = false`), a keep-alive pool to the origin and the same kinds of upstream
//! timeouts. It has no routes, no client identity, no request id, no headers added, no
//! metrics and no logs. A proxy that adds nothing at all is not useful; this one measures
//! what the framework costs before the first useful thing is done.
//!
//! With `BARE_CACHE=1` it is the floor for `benches/cache_load.sh` instead: pingora's cache
//! machinery on every GET, with pingora's own in-memory storage (`MemCache`), the URI path as
//! the key and pingora's `Cache-Control` rules (`resp_cacheable`); no lock, no eviction, no
//! `Vary`, no credential checks; only an `X-Cache: HIT|MISS|...` header (the load script checks
//! for hits with it, and both other contestants add one too).
//!
//! Environment: `BARE_LISTEN` (e.g. `127.0.0.1:8080`), `BARE_UPSTREAM` (`127.0.0.1:8081`,
//! plain HTTP/1.1), `BARE_THREADS` (worker threads), all required; `BARE_CACHE` (optional).
//! It only binds and connects where it is told; the load scripts give it loopback addresses.
//! Stop it with SIGINT.

use std::net::SocketAddr;
use std::sync::LazyLock;
use std::time::Duration;

use async_trait::async_trait;
use pingora::cache::cache_control::CacheControl;
use pingora::cache::filters::resp_cacheable;
use pingora::cache::{CacheKey, CacheMetaDefaults, CachePhase, MemCache, RespCacheable};
use pingora::http::ResponseHeader;
use pingora::prelude::*;
use pingora::server::configuration::ServerConf;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Bare {
    upstream: SocketAddr,
    cache: bool,
}

static STORAGE: LazyLock<MemCache> = LazyLock::new(MemCache::new);
/// Only explicit freshness (`max-age`, `s-maxage`, `Expires`) is cached, as in riskgate.
const EXPLICIT_ONLY: CacheMetaDefaults = CacheMetaDefaults::new(|_| None, 0, 0);

#[async_trait]
impl ProxyHttp for Bare {
    type CTX = ();

    fn new_ctx(&self) {}

    async fn upstream_peer(&self, _session: &mut Session, _ctx: &mut ()) -> Result<Box<HttpPeer>> {
        let mut peer = HttpPeer::new(self.upstream, false, String::new());
        // riskgate's defaults for a `pass` route's upstream group.
        peer.options.connection_timeout = Some(Duration::from_secs(2));
        peer.options.read_timeout = Some(Duration::from_secs(30));
        peer.options.write_timeout = Some(Duration::from_secs(30));
        peer.options.idle_timeout = Some(Duration::from_secs(60));
        Ok(Box::new(peer))
    }

    fn request_cache_filter(&self, session: &mut Session, _ctx: &mut ()) -> Result<()> {
        if self.cache && session.req_header().method == http::Method::GET {
            session.cache.enable(&*STORAGE, None, None, None, None);
        }
        Ok(())
    }

    fn cache_key_callback(&self, session: &Session, _ctx: &mut ()) -> Result<CacheKey> {
        Ok(CacheKey::new(session.req_header().uri.path(), ""))
    }

    fn response_cache_filter(
        &self,
        _session: &Session,
        resp: &ResponseHeader,
        _ctx: &mut (),
    ) -> Result<RespCacheable> {
        let cc = CacheControl::from_resp_headers(resp);
        Ok(resp_cacheable(
            cc.as_ref(),
            resp.clone(),
            false,
            &EXPLICIT_ONLY,
        ))
    }

    async fn response_filter(
        &self,
        session: &mut Session,
        resp: &mut ResponseHeader,
        _ctx: &mut (),
    ) -> Result<()> {
        if self.cache {
            let status = match session.cache.phase() {
                CachePhase::Hit => "HIT",
                CachePhase::Miss => "MISS",
                CachePhase::Stale | CachePhase::StaleUpdating => "STALE",
                CachePhase::Revalidated | CachePhase::RevalidatedNoCache(_) => "REVALIDATED",
                _ => "BYPASS",
            };
            resp.insert_header("x-cache", status)?;
        }
        Ok(())
    }
}

/// `name` from the environment, parsed; exits with a message when it is missing or bad.
fn env<T: std::str::FromStr>(name: &str) -> T
where
    T::Err: std::fmt::Display,
{
    let Ok(raw) = std::env::var(name) else {
        eprintln!("bare_pingora: set {name} (see the top of benches/bare_pingora.rs)");
        std::process::exit(2)
    };
    raw.parse().unwrap_or_else(|e| {
        eprintln!("bare_pingora: {name}: {e}");
        std::process::exit(2)
    })
}

fn main() {
    // `cargo bench` (all benches) runs this too, with no environment: say what it is and
    // leave. Nothing here takes arguments (`cargo bench` passes `--bench`).
    if std::env::var_os("BARE_LISTEN").is_none() {
        eprintln!(
            "bare_pingora: a server, not a criterion bench; `BARE=1 bash benches/load.sh` runs it"
        );
        return;
    }
    let listen: String = env("BARE_LISTEN");
    let upstream: SocketAddr = env("BARE_UPSTREAM");
    let threads: usize = env("BARE_THREADS");
    let cache = std::env::var("BARE_CACHE").is_ok_and(|v| v == "1");
    let pid = std::process::id();
    let tmp = std::env::temp_dir();
    let conf = ServerConf {
        threads,
        work_stealing: false,
        grace_period_seconds: Some(0),
        graceful_shutdown_timeout_seconds: Some(1),
        pid_file: tmp
            .join(format!("bare-pingora-{pid}.pid"))
            .display()
            .to_string(),
        upgrade_sock: tmp
            .join(format!("bare-pingora-{pid}.sock"))
            .display()
            .to_string(),
        ..ServerConf::default()
    };
    let mut server = Server::new_with_opt_and_conf(None, conf);
    server.bootstrap();
    let mut proxy = http_proxy_service(&server.configuration, Bare { upstream, cache });
    proxy.add_tcp(&listen);
    server.add_service(proxy);
    eprintln!("bare_pingora: {listen} -> {upstream}, {threads} thread(s), cache {cache}");
    server.run_forever();
}
