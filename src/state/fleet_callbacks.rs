//! Fleet-wide callback dedupe on Redis: a claim per (channel, transaction id, status) that
//! every edge consults before it spools a callback, so a provider retrying one notification
//! to another edge does not reach fulfillment twice as a new event; and the journal of
//! paid orders ([`PaidJournal`]) that keeps every edge's missing-callback report fleet-wide.
//!
//! Owns the key layout, the three Lua scripts (claim, confirm, release) and their replies.
//! It does not own the callback's durability: the local spool stays the source of truth,
//! and what a fault means is the caller's call (`callbacks::fleet`: fall back to local
//! dedupe and deliver, at least once).
//!
//! # Key (one Redis hash per transaction)
//! `{prefix}cb:{{<id>}}`, `<id>` = the first 128 bits of SHA-256(channel NUL txn id), hex:
//! the same on every edge, and one hash tag so a transaction lives in one cluster slot.
//! Fields: one per status seen — `c:<token>:<lease end ms>` while an edge holds the claim
//! (between the claim and its spool commit), `s` once stored by some edge, `x` when
//! recorded as stale — and `max`, the highest status rank stored. The hash expires
//! `ttl` after its last change (the callbacks' `retention`).
//!
//! # Why a lease and not a plain `SET NX`
//! A claim taken before the spool commit must not turn into "seen" if the edge dies before
//! its fsync: the provider's retry would be acknowledged as a duplicate on another edge and
//! the payment lost. A claim is only a lease (others answer "in flight", not acknowledged,
//! so the provider retries) until [`CallbackClaims::confirm`] marks it stored; a lease that
//! ends unconfirmed may be taken over.

use super::fleet::{RedisState, StateFault};
use sha2::{Digest, Sha256};
use std::time::Duration;

/// Claims one status of a transaction. KEYS: the hash. ARGV: status, rank, claim value
/// (`c:<token>:<lease end ms>`), now (ms), ttl (ms).
/// Returns 0 claimed, 1 seen (stored or stale before), 2 stale (recorded now), 3 in flight.
const CLAIM: &str = r"
local v = redis.call('HGET', KEYS[1], ARGV[1])
local now = tonumber(ARGV[4])
if v then
  if string.sub(v, 1, 2) ~= 'c:' then return 1 end
  local lease = tonumber(string.match(v, ':(%d+)$')) or 0
  if lease > now then return 3 end
end
local max = tonumber(redis.call('HGET', KEYS[1], 'max') or '-1')
if max > tonumber(ARGV[2]) then
  redis.call('HSET', KEYS[1], ARGV[1], 'x')
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  return 2
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 0
";

/// Marks a claimed status as handled. KEYS: the hash. ARGV: status, mark (`s` or `x`),
/// rank to raise `max` to (-1: none), ttl (ms).
const CONFIRM: &str = r"
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
local r = tonumber(ARGV[3])
if r >= 0 and r > tonumber(redis.call('HGET', KEYS[1], 'max') or '-1') then
  redis.call('HSET', KEYS[1], 'max', ARGV[3])
end
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
";

/// Drops a claim that did not become durable, if it is still ours. KEYS: the hash.
/// ARGV: status, claim value.
const RELEASE: &str = r"
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  redis.call('HDEL', KEYS[1], ARGV[1])
  return 1
end
return 0
";

/// What the fleet says about one status of one transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimOutcome {
    /// This edge holds the claim: spool it, then [`CallbackClaims::confirm`] (or
    /// [`CallbackClaims::release`] when the spool refused it).
    Claimed(Claim),
    /// Some edge stored (or recorded) this status before: a duplicate.
    Seen,
    /// A higher status of the transaction was stored by some edge: recorded as stale.
    Stale,
    /// Another edge holds a live claim and has not confirmed yet.
    InFlight,
}

/// A claim held by this edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    key: String,
    status: String,
    value: String,
}

/// Fleet-wide callback claims on the fleet backend's connection, timeout and breaker.
#[derive(Debug, Clone, Copy)]
pub struct CallbackClaims<'a> {
    state: &'a RedisState,
    /// How long a stored mark is kept (the callbacks' `retention`).
    ttl: Duration,
    /// How long a claim blocks other edges before its spool commit.
    lease: Duration,
}

/// Default time a claim holds off other edges: far above one spool commit, short enough
/// that the provider's retry after an edge died mid-claim is taken by another edge.
pub const CLAIM_LEASE: Duration = Duration::from_secs(10);

fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX).max(1)
}

impl<'a> CallbackClaims<'a> {
    /// Claims on `state`, stored marks kept for `ttl` (at least two leases).
    pub fn new(state: &'a RedisState, ttl: Duration, lease: Duration) -> Self {
        CallbackClaims {
            state,
            ttl: ttl.max(lease * 2),
            lease,
        }
    }

    /// The Redis key of one transaction.
    pub fn key(&self, channel: &str, txn_id: &str) -> String {
        let mut h = Sha256::new();
        h.update(channel.as_bytes());
        h.update([0u8]);
        h.update(txn_id.as_bytes());
        let d = h.finalize();
        let mut hex = String::with_capacity(32);
        for b in &d[..16] {
            hex.push_str(&format!("{b:02x}"));
        }
        format!("{}cb:{{{hex}}}", self.state.key_prefix())
    }

    /// Claims `status` (of rank `rank`, see `spool::order`) of (channel, txn id) at
    /// `now_ms`, within the backend's `timeout` and through its breaker.
    pub async fn claim(
        &self,
        channel: &str,
        txn_id: &str,
        status: &str,
        rank: u8,
        now_ms: u64,
    ) -> Result<ClaimOutcome, StateFault> {
        let key = self.key(channel, txn_id);
        let value = format!(
            "c:{:016x}:{}",
            fastrand::u64(..),
            now_ms.saturating_add(ms(self.lease))
        );
        let mut c = redis::cmd("EVAL");
        c.arg(CLAIM)
            .arg(1)
            .arg(&key)
            .arg(status)
            .arg(rank)
            .arg(&value)
            .arg(now_ms)
            .arg(ms(self.ttl));
        let code: i64 = self.state.guarded(c, now_ms).await?;
        Ok(match code {
            0 => ClaimOutcome::Claimed(Claim {
                key,
                status: status.to_string(),
                value,
            }),
            1 => ClaimOutcome::Seen,
            2 => ClaimOutcome::Stale,
            _ => ClaimOutcome::InFlight,
        })
    }

    /// Marks a claim as handled: `stored` (delivered by this edge, rank raised to `rank`)
    /// or recorded only (the local spool found it stale or a duplicate).
    pub async fn confirm(
        &self,
        claim: &Claim,
        stored: Option<u8>,
        now_ms: u64,
    ) -> Result<(), StateFault> {
        let mut c = redis::cmd("EVAL");
        c.arg(CONFIRM)
            .arg(1)
            .arg(&claim.key)
            .arg(&claim.status)
            .arg(if stored.is_some() { "s" } else { "x" })
            .arg(stored.map_or(-1, i64::from))
            .arg(ms(self.ttl));
        self.state.guarded::<i64>(c, now_ms).await.map(|_| ())
    }

    /// Gives a claim back (the spool did not store the callback, so it was not
    /// acknowledged and the provider will send it again, to any edge).
    pub async fn release(&self, claim: &Claim, now_ms: u64) -> Result<(), StateFault> {
        let mut c = redis::cmd("EVAL");
        c.arg(RELEASE)
            .arg(1)
            .arg(&claim.key)
            .arg(&claim.status)
            .arg(&claim.value);
        self.state.guarded::<i64>(c, now_ms).await.map(|_| ())
    }
}

/// Longest paid-callback journal kept (`XADD MAXLEN ~`): an edge away for longer than this
/// many paid callbacks may list a few payments as missing that another edge saw paid.
const PAID_MAX: u64 = 100_000;

/// The fleet's journal of orders whose `paid` (or `refunded`) callback some edge accepted,
/// so every edge's missing-callback report clears them (`{prefix}cbpaid`, a Redis stream).
#[derive(Debug, Clone, Copy)]
pub struct PaidJournal<'a> {
    state: &'a RedisState,
}

impl<'a> PaidJournal<'a> {
    /// The journal on `state`.
    pub fn new(state: &'a RedisState) -> Self {
        PaidJournal { state }
    }

    /// The stream's key.
    pub fn key(&self) -> String {
        format!("{}cbpaid", self.state.key_prefix())
    }

    /// Appends one paid order (background work: a 1 s budget, outside the breaker).
    pub async fn append(&self, order_id: &str) -> Result<(), StateFault> {
        let mut c = redis::cmd("XADD");
        c.arg(self.key())
            .arg("MAXLEN")
            .arg("~")
            .arg(PAID_MAX)
            .arg("*")
            .arg("order")
            .arg(order_id);
        self.state.background::<String>(c).await.map(|_| ())
    }

    /// Reads up to `count` paid orders after stream id `after` (`None`: from the start);
    /// returns the last id read and the order ids.
    pub async fn read(
        &self,
        after: Option<&str>,
        count: usize,
    ) -> Result<Option<(String, Vec<String>)>, StateFault> {
        let mut c = redis::cmd("XRANGE");
        c.arg(self.key())
            .arg(after.map_or_else(|| "-".to_string(), |id| format!("({id}")))
            .arg("+")
            .arg("COUNT")
            .arg(count);
        let raw: Vec<(String, Vec<String>)> = self.state.background(c).await?;
        let last = raw.last().map(|(id, _)| id.clone());
        let orders = raw
            .into_iter()
            .filter_map(|(_, flat)| match flat.as_slice() {
                [k, v] if k == "order" => Some(v.clone()),
                _ => None,
            })
            .collect();
        Ok(last.map(|l| (l, orders)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::RedisSettings;

    #[test]
    fn a_transaction_key_is_stable_hashed_and_hash_tagged() {
        let s = RedisState::new(&RedisSettings {
            nodes: vec!["redis://127.0.0.1:1".into()],
            cluster: false,
            key_prefix: "rg:".into(),
            timeout: Duration::from_millis(5),
            breaker_failures: 3,
            breaker_backoff: Duration::from_secs(1),
        })
        .unwrap();
        let c = CallbackClaims::new(&s, Duration::from_secs(60), CLAIM_LEASE);
        let k = c.key("alpha", "T{1}");
        assert!(k.starts_with("rg:cb:{") && k.ends_with('}'), "{k}");
        assert_eq!(k.len(), "rg:cb:{}".len() + 32);
        assert_eq!(k, c.key("alpha", "T{1}"));
        // The separator keeps ("ab","c") and ("a","bc") apart.
        assert_ne!(c.key("ab", "c"), c.key("a", "bc"));
        assert_eq!(c.ttl, Duration::from_secs(60));
        let short = CallbackClaims::new(&s, Duration::from_secs(1), CLAIM_LEASE);
        assert_eq!(short.ttl, CLAIM_LEASE * 2, "never shorter than two leases");
    }
}
