//! Velocity signals: how fast and from how many places an identity is ordering, as windowed
//! counts for the model's feature vector.
//!
//! Owns which counters exist, their windows and the small-amount threshold. Counts are
//! memory-bounded by the state backend (distinct counts saturate at
//! [`crate::state::DISTINCT_CAP`]). It does not judge the counts: features and rules do.

use super::OrderIdentity;
use crate::state::{ip_id, IdKind, KeyHasher, RecordOp, Scope, StateBackend, StateKey, Window};
use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

/// Runtime velocity settings (`[risk.velocity]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VelocityConfig {
    /// Window of order and small-order counts (default 10 min).
    pub short_window: Duration,
    /// Window of IP↔device association counts (default 1 h).
    pub association_window: Duration,
    /// Window of users-per-device and failed-payment counts (default 24 h).
    pub long_window: Duration,
    /// An order with `amount_minor <= small_amount_max_minor` is "small" (default 500).
    pub small_amount_max_minor: u64,
    /// Window of distinct countries per user (7 days: a traveller's trip is one or two
    /// countries; an account used from stolen-credential lists is many).
    pub country_window: Duration,
}

impl Default for VelocityConfig {
    fn default() -> Self {
        VelocityConfig {
            short_window: Duration::from_secs(600),
            association_window: Duration::from_secs(3600),
            long_window: Duration::from_secs(86_400),
            small_amount_max_minor: 500,
            country_window: Duration::from_secs(7 * 86_400),
        }
    }
}

/// Every velocity count for one order, as of the call (including the order when it came
/// from [`Velocity::observe_order`]). Counts saturate at `u32::MAX`; a missing device or
/// user makes its counts 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct VelocitySnapshot {
    /// Orders from this IP in the short window.
    pub orders_per_ip: u32,
    /// Orders from this device in the short window.
    pub orders_per_device: u32,
    /// Distinct IPs this device ordered from in the association window.
    pub ips_per_device: u32,
    /// Distinct devices that ordered from this IP in the association window.
    pub devices_per_ip: u32,
    /// Distinct users this device ordered as in the long window.
    pub users_per_device: u32,
    /// Small-amount orders from this device in the short window.
    pub small_orders_per_device: u32,
    /// Failed payments of this device in the long window.
    pub failed_payments_per_device: u32,
    /// Failed payments of this user in the long window.
    pub failed_payments_per_user: u32,
    /// Orders from this client key (HTTP fingerprint + network prefix) in the short window:
    /// builds up even when the client drops its device cookie on every order.
    pub orders_per_client: u32,
    /// Small-amount orders from this client key in the short window.
    pub small_orders_per_client: u32,
    /// Distinct devices this user ordered from in the long window.
    pub devices_per_user: u32,
    /// Distinct IPs this user ordered from in the long window.
    pub ips_per_user: u32,
    /// Distinct IP countries this user ordered from in the country window.
    pub countries_per_user: u32,
    /// When this order is small and from a device without history (no valid cookie): the
    /// small orders from such devices on its route in the short window, this one included;
    /// 0 otherwise. Card testing from clients that rotate addresses and drop cookies shows
    /// here, shop-wide, when no per-client count builds.
    pub small_surge: u32,
}

/// The network part of a client key: the /24 of an IPv4 address, the /48 of an IPv6 one,
/// as a 128-bit id (IPv4 as IPv4-mapped IPv6, so the two families never collide).
///
/// Velocity combines it with the HTTP fingerprint into the cookie-independent client key:
/// a client that discards its cookie on every order keeps its header set and network, so
/// its counts still build; two browser families behind one carrier NAT stay apart.
pub fn network_prefix(ip: IpAddr) -> u128 {
    let id = ip_id(ip);
    match ip.to_canonical() {
        IpAddr::V4(_) => id & !0xffu128,
        IpAddr::V6(_) => id & (!0u128 << 80),
    }
}

/// Record tags inside [`Scope::Velocity`]: one record per identity, so an order costs
/// three lookups (IP, device, user) however many signals there are.
#[derive(Debug, Clone, Copy)]
#[repr(u32)]
enum Identity {
    Ip = 1,
    Device = 2,
    User = 3,
    Client = 4,
    Route = 5,
}

/// Fields of the IP record.
const IP_ORDERS: u8 = 0;
const IP_DEVICES: u8 = 1;
/// Fields of the device record.
const DEV_ORDERS: u8 = 0;
const DEV_SMALL: u8 = 1;
const DEV_IPS: u8 = 2;
const DEV_USERS: u8 = 3;
const DEV_FAILED: u8 = 4;
/// Fields of the user record.
const USER_FAILED: u8 = 0;
const USER_DEVICES: u8 = 1;
const USER_IPS: u8 = 2;
const USER_COUNTRIES: u8 = 3;
/// Fields of the client record.
const CLIENT_ORDERS: u8 = 0;
const CLIENT_SMALL: u8 = 1;
/// Field of the route record.
const ROUTE_SMALL_NEW: u8 = 0;

fn key(identity: Identity, id: u128) -> StateKey {
    StateKey::new(Scope::Velocity, identity as u32, id)
}

fn sat(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Observes orders and failed payments and answers velocity snapshots.
pub struct Velocity {
    cfg: VelocityConfig,
    short: Window,
    assoc: Window,
    long: Window,
    countries: Window,
    state: Arc<dyn StateBackend>,
    hasher: KeyHasher,
}

impl fmt::Debug for Velocity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Velocity")
            .field("cfg", &self.cfg)
            .finish_non_exhaustive()
    }
}

struct Ids {
    ip: u128,
    device: Option<u128>,
    user: Option<u128>,
}

/// Whether a call counts the order or only reads.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Observe { small: bool },
    Read,
}

impl Velocity {
    /// Builds the signals over `state`; called once at start.
    pub fn new(cfg: VelocityConfig, state: Arc<dyn StateBackend>) -> Self {
        Self::build(cfg, state, KeyHasher::new())
    }

    /// Builds the signals over `state` with `hasher` (fleet mode: the fleet-wide stable
    /// hasher, so every edge names one identity's records alike).
    pub fn with_hasher(
        cfg: VelocityConfig,
        state: Arc<dyn StateBackend>,
        hasher: KeyHasher,
    ) -> Self {
        Self::build(cfg, state, hasher)
    }

    /// Returns a copy with new settings that keeps existing counts where windows are
    /// unchanged (a changed window restarts that counter); called on config reload.
    pub fn with_config(&self, cfg: VelocityConfig) -> Self {
        Self::build(cfg, self.state.clone(), self.hasher.clone())
    }

    fn build(cfg: VelocityConfig, state: Arc<dyn StateBackend>, hasher: KeyHasher) -> Self {
        Velocity {
            short: Window::sliding(cfg.short_window),
            assoc: Window::sliding(cfg.association_window),
            long: Window::sliding(cfg.long_window),
            countries: Window::sliding(cfg.country_window),
            cfg,
            state,
            hasher,
        }
    }

    fn ids(&self, ip: Option<IpAddr>, device: Option<&str>, user: Option<&str>) -> Ids {
        Ids {
            ip: ip.map_or(0, ip_id),
            device: device.map(|d| self.hasher.device(d)),
            user: user.map(|u| self.hasher.hash_str(IdKind::User, u)),
        }
    }

    /// Counts an order and returns every signal including it; called once per order
    /// request, after the lists and before features are built.
    pub fn observe_order(&self, order: &OrderIdentity<'_>, now_ms: u64) -> VelocitySnapshot {
        let small = order
            .amount_minor
            .is_some_and(|a| a <= self.cfg.small_amount_max_minor);
        self.run(order, Mode::Observe { small }, now_ms)
    }

    /// Returns every signal for these identities without counting anything (e.g. for a
    /// decision replay or the admin API).
    pub fn snapshot(&self, order: &OrderIdentity<'_>, now_ms: u64) -> VelocitySnapshot {
        self.run(order, Mode::Read, now_ms)
    }

    fn run(&self, order: &OrderIdentity<'_>, mode: Mode, now_ms: u64) -> VelocitySnapshot {
        let ids = self.ids(Some(order.ip), order.device, order.user);
        let observe = mode != Mode::Read;
        let (short, assoc, long) = (self.short, self.assoc, self.long);
        let count = |field, window, yes: bool| {
            if yes {
                RecordOp::Incr { field, window }
            } else {
                RecordOp::Get { field, window }
            }
        };
        let distinct = |field, member: Option<u64>, window| match member {
            Some(member) if observe => RecordOp::AddDistinct {
                field,
                member,
                window,
            },
            _ => RecordOp::CountDistinct { field, window },
        };
        let mut snap = VelocitySnapshot::default();

        let dev_member = ids.device.map(|d| self.hasher.member(d));
        let ip_ops = [
            count(IP_ORDERS, short, observe),
            distinct(IP_DEVICES, dev_member, assoc),
        ];
        let mut out = [0u64; 5];
        self.state
            .record(key(Identity::Ip, ids.ip), &ip_ops, now_ms, &mut out);
        snap.orders_per_ip = sat(out[0]);
        snap.devices_per_ip = sat(out[1]);

        if let Some(dev) = ids.device {
            let small = matches!(mode, Mode::Observe { small: true });
            let ip_member = Some(self.hasher.member(ids.ip));
            let user_member = ids.user.map(|u| self.hasher.member(u));
            let dev_ops = [
                count(DEV_ORDERS, short, observe),
                count(DEV_SMALL, short, small),
                distinct(DEV_IPS, ip_member, assoc),
                distinct(DEV_USERS, user_member, long),
                count(DEV_FAILED, long, false),
            ];
            self.state
                .record(key(Identity::Device, dev), &dev_ops, now_ms, &mut out);
            snap.orders_per_device = sat(out[0]);
            snap.small_orders_per_device = sat(out[1]);
            snap.ips_per_device = sat(out[2]);
            snap.users_per_device = sat(out[3]);
            snap.failed_payments_per_device = sat(out[4]);
        }
        if let Some(user) = ids.user {
            let ip_member = Some(self.hasher.member(ids.ip));
            let country_member = order.country.map(|c| {
                self.hasher
                    .member(u128::from(u16::from_be_bytes(c.as_bytes())))
            });
            let ops = [
                count(USER_FAILED, long, false),
                distinct(USER_DEVICES, dev_member, long),
                distinct(USER_IPS, ip_member, long),
                distinct(USER_COUNTRIES, country_member, self.countries),
            ];
            self.state
                .record(key(Identity::User, user), &ops, now_ms, &mut out);
            snap.failed_payments_per_user = sat(out[0]);
            snap.devices_per_user = sat(out[1]);
            snap.ips_per_user = sat(out[2]);
            snap.countries_per_user = sat(out[3]);
        }
        if let Some(fp) = order.fingerprint {
            let client = self
                .hasher
                .combine(&[network_prefix(order.ip), u128::from(fp)]);
            let small = matches!(mode, Mode::Observe { small: true });
            let ops = [
                count(CLIENT_ORDERS, short, observe),
                count(CLIENT_SMALL, short, small),
            ];
            self.state
                .record(key(Identity::Client, client), &ops, now_ms, &mut out);
            snap.orders_per_client = sat(out[0]);
            snap.small_orders_per_client = sat(out[1]);
        }
        // Only a small order from a device without history reads (and counts) the surge.
        let small = match mode {
            Mode::Observe { small } => small,
            Mode::Read => order
                .amount_minor
                .is_some_and(|a| a <= self.cfg.small_amount_max_minor),
        };
        if small && order.new_device {
            let ops = [count(ROUTE_SMALL_NEW, short, observe)];
            let route = key(Identity::Route, u128::from(order.route));
            self.state.record(route, &ops, now_ms, &mut out);
            snap.small_surge = sat(out[0]);
        }
        snap
    }

    /// Counts a failed payment for the order's device and user; called by the callback
    /// handler when a channel reports a failure (either identity may be unknown).
    pub fn record_failed_payment(&self, device: Option<&str>, user: Option<&str>, now_ms: u64) {
        let ids = self.ids(None, device, user);
        let mut out = [0u64; 1];
        if let Some(dev) = ids.device {
            let ops = [RecordOp::Incr {
                field: DEV_FAILED,
                window: self.long,
            }];
            self.state
                .record(key(Identity::Device, dev), &ops, now_ms, &mut out);
        }
        if let Some(user) = ids.user {
            let ops = [RecordOp::Incr {
                field: USER_FAILED,
                window: self.long,
            }];
            self.state
                .record(key(Identity::User, user), &ops, now_ms, &mut out);
        }
    }
}

#[cfg(test)]
#[path = "velocity_tests.rs"]
mod tests;
