//! Where a request goes: the route table and the upstream groups behind it.
//!
//! [`routes`] matches method + host + path to a route; [`upstream`] picks a healthy server
//! in a group and runs active health checks; [`channel`] scores payment channels and
//! [`channels`] ties a scored set to a channel group's config; [`failover`] decides
//! whether a failed payment attempt may move to another channel. Nothing here reads risk
//! facts or touches pingora sessions.

pub mod channel;
pub mod channels;
pub mod failover;
pub mod routes;
pub mod upstream;

pub use routes::{Route, RouteTable};
pub use upstream::UpstreamGroup;
