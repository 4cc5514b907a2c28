//! Builds the pingora server from a [`Config`](crate::config::Config) and runs it.
//!
//! One job per file:
//! - `run.rs`: the pingora server, its services and listeners ([`build`], [`run`]);
//! - `signals.rs`: SIGINT/SIGTERM/SIGQUIT handling;
//! - `housekeeping.rs`: readiness, health checks, list purging, SIGHUP reload;
//! - `money.rs`: the callback delivery worker and channel/spool metrics on a tick;
//! - `watcher.rs`: when a changed model file should trigger a reload;
//! - `secrets.rs`: the admin token and cookie keys from the environment.
//!
//! The state the services share, and live reload itself, live in [`crate::runtime`]; this
//! module only wires them into pingora and is imported by `main` and the demo alone.

mod fleet_callbacks;
mod fleet_lists;
mod housekeeping;
mod money;
pub mod preflight;
mod run;
mod secrets;
mod signals;
mod watcher;

pub use crate::runtime::{RecentOrder, ReloadResult, Runtime, RuntimeError, Secrets, Shared};
pub use run::{build, run, StartError};
pub use secrets::SecretError;
