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
    notes.extend(form_override_notes(config));
    (problems, notes)
}

/// A note per order route that admits no `POST`. riskgate reads a `POST`'s method override
/// from its headers and query (`X-HTTP-Method-Override`, `?_method=`: then the `POST` is
/// that order route), but not a `_method` field inside a form body, which it would have to
/// read before routing. A shop whose framework honours that field (Rails'
/// `Rack::MethodOverride`, Laravel) would take such a `POST` as the route's method and
/// place its order unscored; listing `POST` in the route's `methods` closes it.
fn form_override_notes(config: &Config) -> Vec<Note> {
    config
        .routes
        .iter()
        .filter(|r| r.kind == crate::config::RouteKind::Order)
        .filter_map(|r| {
            let ms = r.methods.as_ref()?;
            if ms.contains(&http::Method::POST) {
                return None;
            }
            let names: Vec<&str> = ms.iter().map(http::Method::as_str).collect();
            Some(Note {
                field: "routes",
                message: format!(
                    "order route `{}` admits {} but not POST: a POST whose form body carries \
                     `_method={}` is not read as this route (only headers and the query are), \
                     and a shop that honours it (Rails, Laravel) places that order unscored; \
                     add \"POST\" to its methods if the shop's handler takes form posts",
                    r.name,
                    names.join(", "),
                    names.first().copied().unwrap_or("PUT"),
                ),
            })
        })
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str =
        "[risk]\nmodel = \"m.onnx\"\n[upstreams.shop]\nservers = [\"127.0.0.1:1\"]\n";

    fn route(methods: &str) -> String {
        format!(
            "[[routes]]\nname = \"checkout\"\nkind = \"order\"\nupstream = \"shop\"\n\
             {methods}prefix = \"/api/checkout\"\n[routes.order]\nformat = \"json\"\n\
             amount = \"/amount\"\n"
        )
    }

    #[test]
    fn an_order_route_without_post_gets_a_note_naming_it_and_the_remedy() {
        let c = crate::config::parse(
            &format!("{BASE}{}", route("methods = [\"PUT\", \"PATCH\"]\n")),
            "t.toml",
        )
        .expect("config");
        let notes = form_override_notes(&c);
        assert_eq!(notes.len(), 1, "{notes:?}");
        let m = &notes[0].message;
        assert!(
            m.contains("`checkout` admits PUT, PATCH but not POST"),
            "{m}"
        );
        assert!(m.contains("`_method=PUT`"), "{m}");
        assert!(m.contains("add \"POST\""), "{m}");
    }

    #[test]
    fn order_routes_that_take_post_or_every_method_get_none() {
        for methods in [
            "methods = [\"POST\"]\n",
            "methods = [\"PUT\", \"POST\"]\n",
            "",
        ] {
            let c = crate::config::parse(&format!("{BASE}{}", route(methods)), "t.toml")
                .expect("config");
            assert!(form_override_notes(&c).is_empty(), "{methods}");
        }
    }
}
