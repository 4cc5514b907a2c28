//! `riskgate check`: everything `run` does short of binding, every problem at once.
//!
//! A config that parses can still fail at start: a secret's environment variable unset, a
//! model that does not match its schema, a MaxMind file that does not open, a spool that
//! cannot be created. Each is checked here on its own, so one problem does not hide the
//! next, with the same code `run` uses (secrets, lists, geo, risk engine, callback
//! verifiers, channel groups). Nothing is bound and no background thread is started; the
//! spool and the decision log are opened and closed again.

use crate::config::Config;
use crate::geo::{GeoConfig, GeoDb};
use crate::guards::Guards;
use crate::risk::RiskEngine;
use crate::runtime::Runtime;

/// One problem found, and where it comes from (a config field, or `env`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Field (or source) the problem is about.
    pub field: &'static str,
    /// What is wrong.
    pub message: String,
}

/// A problem that does not stop `run` but the operator should know.
pub type Note = Problem;

/// Checks `config` as `run` would use it; returns the problems and the notes.
pub fn check(config: &Config) -> (Vec<Problem>, Vec<Note>) {
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    let mut fail = |field, e: &dyn std::fmt::Display| {
        problems.push(Problem {
            field,
            message: e.to_string(),
        })
    };
    if let Err(e) = super::Secrets::from_env(config) {
        fail(secret_field(&e), &e);
    }
    let guards = Guards::new(config).map_err(|e| fail("lists", &e)).ok();
    let mut parts_ok = true;
    if let Some(g) = &config.geo {
        let opened = GeoDb::open(&GeoConfig {
            country_db: g.country_db.clone(),
            asn_db: g.asn_db.clone(),
            hosting_asns_file: g.hosting_asns.clone(),
            extra_hosting_asns: g.extra_hosting_asns.clone(),
        });
        if let Err(e) = opened {
            fail("geo", &e);
            parts_ok = false;
        }
    }
    if let Some(r) = &config.risk {
        if let Err(e) = RiskEngine::load(r) {
            fail("risk", &e);
            parts_ok = false;
        }
        if let Some(path) = &r.decision_log.path {
            // An existing log is opened for appending; a new one needs its directory.
            if let Err(why) = writable(path, false, |p| {
                std::fs::OpenOptions::new().append(true).open(p).map(drop)
            }) {
                fail("risk.decision_log.path", &why);
            }
        }
    }
    if let Err(e) = crate::callbacks::build_verifiers(config) {
        fail("channels.", &e);
        parts_ok = false;
    }
    if let Some(c) = &config.callbacks {
        // The spool creates missing directories; the decision log does not.
        let opened = writable(&c.spool, true, |p| match redb::Database::open(p) {
            Ok(db) => {
                drop(db);
                Ok(())
            }
            Err(redb::DatabaseError::DatabaseAlreadyOpen) => {
                notes.push(Note {
                    field: "callbacks.spool",
                    message: format!(
                        "{} is in use (a running riskgate holds it): fine when checking a \
                         config for reload, a conflict when starting a second instance",
                        p.display()
                    ),
                });
                Ok(())
            }
            Err(e) => Err(std::io::Error::other(e.to_string())),
        });
        if let Err(why) = opened {
            fail("callbacks.spool", &why);
        }
    }
    // What is left (upstream and channel groups, routes against them) is built once the
    // parts that would otherwise be reported twice are known to load.
    if let (Some(guards), true) = (&guards, parts_ok) {
        if let Err(e) = Runtime::build(config.clone(), 1, None, guards) {
            fail("upstreams / routes", &e);
        }
    }
    notes.extend(redis_ping(config));
    (problems, notes)
}

/// The field a secret error is about (its message names the variable).
fn secret_field(e: &super::SecretError) -> &'static str {
    match e {
        super::SecretError::AdminToken(_) => "admin.token_env",
        _ => "fingerprint.key_envs",
    }
}

/// Checks a data file `run` would open or create, without creating it: an existing file
/// must pass `open`; a new one needs its directory (or, with `creates_dirs`, its nearest
/// existing ancestor) to be a directory.
fn writable(
    path: &std::path::Path,
    creates_dirs: bool,
    open: impl FnOnce(&std::path::Path) -> std::io::Result<()>,
) -> Result<(), String> {
    if path.exists() {
        return open(path).map_err(|e| format!("{}: cannot open: {e}", path.display()));
    }
    let mut dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    if creates_dirs {
        while !dir.exists() {
            match dir.parent() {
                Some(d) if !d.as_os_str().is_empty() => dir = d,
                _ => break,
            }
        }
    }
    if dir.is_dir() {
        Ok(())
    } else {
        Err(format!(
            "{}: {} is not an existing directory",
            path.display(),
            dir.display()
        ))
    }
}

/// Fleet mode: PINGs every configured Redis node (1 s each). An unreachable Redis is a
/// note, not a problem: `run` starts anyway and orders follow `[state] on_error` until
/// Redis answers.
fn redis_ping(config: &Config) -> Vec<Note> {
    use crate::config::StateBackendKind;
    let nodes = match &config.state.backend {
        StateBackendKind::Memory => return Vec::new(),
        StateBackendKind::Redis { url } => vec![url.clone()],
        StateBackendKind::Cluster { nodes } => nodes.clone(),
    };
    let ping = |url: &str| -> redis::RedisResult<()> {
        let mut c = redis::Client::open(url)?
            .get_connection_with_timeout(std::time::Duration::from_secs(1))?;
        redis::cmd("PING").query::<String>(&mut c).map(drop)
    };
    nodes
        .iter()
        .filter_map(|url| {
            ping(url).err().map(|e| Note {
                field: "state.url",
                message: format!(
                    "Redis at {url} does not answer PING ({e}): orders follow \
                     state.on_error until it does"
                ),
            })
        })
        .collect()
}
