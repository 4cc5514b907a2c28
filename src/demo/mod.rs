//! Stand-in HTTP servers for `riskgate demo` and integration tests: a
//! programmable upstream ([`upstream()`]), a card-shop origin ([`shop`]),
//! payment channels ([`channel`]), a fulfillment service ([`fulfillment`]) and a
//! cacheable origin for the edge cache ([`cache_origin()`]). Every server runs on a
//! caller-bound listener as a tokio task owned by a [`StandIn`] handle that stops it on
//! drop.
//!
//! Channels can send signed payment callbacks ([`Notifier`]).
//!
//! It deliberately does not bind public addresses, parse configuration or
//! depend on the proxy itself; it only plays the parts of the systems around it.

mod channel;
pub mod cli;
mod data_dir;
mod fulfillment;
mod layout;
mod notify;
mod orders;
mod origin;
mod record;
mod serve;
mod shop;
mod shop_assets;
#[cfg(test)]
mod testkit;
mod upstream;

pub use channel::{channel, ChannelControl};
pub use fulfillment::{fulfillment, fulfillment_with_orders, FulfillmentLog};
pub use notify::Notifier;
pub use orders::{OrderBook, OrderState};
pub use origin::{cache_origin, CacheOrigin, OriginBuilder};
pub use record::{RecordedRequest, RequestLog};
pub use serve::StandIn;
pub use shop::{shop, shop_with_orders};
pub use upstream::{upstream, TestUpstream, UpstreamBuilder};
