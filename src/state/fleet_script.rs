//! The one Lua script of fleet mode: every operation of one order (rate-limit takes,
//! purchase counts, velocity and signal reads, and the writes after the order) is an
//! entry of one `EVALSHA` call, so an order costs Redis one command and one round trip.
//!
//! Owns the script text, how a [`FleetOp`] becomes a key and three arguments, and how the
//! script's two numbers per operation become a [`FleetAnswer`]. `fleet.rs` owns the
//! connection, the time budget and the breaker.
//!
//! # Why one script with every key
//! On one Redis server a script may touch any key, so an order's 10–25 operations go out
//! as a single `EVALSHA` (sent by hash; the first call after a Redis restart gets
//! `NOSCRIPT` and is resent as `EVAL`, which caches the text again). On a cluster a
//! script may only touch one slot, so each operation is its own `EVALSHA` with one key,
//! all sent at once (one round trip of wall time). Each operation touches one key, so
//! it is atomic either way.
//!
//! # Value layout
//! - GCRA bucket: a string, the theoretical arrival time in µs (as before).
//! - Day counter: a string counter expired at the end of the day (+1 h).
//! - Rolling purchase window: a sorted set of order times (unique members).
//! - Velocity/signal counter (sliding window): a hash of [`RING_SLOTS`] sub-buckets
//!   `{slot index → count}`, the same ring as the in-process counter (an event counts
//!   for 11/12 to 12/12 of the window); expired one window after the last event.
//! - Velocity/signal distinct set: a sorted set `{member hash (16 hex) → last seen ms}`,
//!   trimmed to the window and to the newest [`DISTINCT_CAP`] members on every add, as in
//!   process; expired one window after the last add.

use super::fleet::{FleetAnswer, FleetOp};
use super::record::RecordOp;
use super::window::{TokenOutcome, Window, DISTINCT_CAP, RING_SLOTS};
use redis::Value;
use std::time::Duration;

/// The script. ARGV[1] = now (Unix ms), ARGV[2] = distinct cap, ARGV[3] = n, the keys
/// answered (the first n), then three arguments per key: operation code, a, b. Returns two
/// integers per answered key.
///
/// Keys after the first n are *gated writes*, applied after every read, in the same atomic
/// call, only when every gate holds; then one gate per answered key follows the operations
/// (0: none; a GCRA take must be allowed; a count must be below the gate), and the reply
/// ends with one more pair: {1 when the writes were applied, 0}. That is how an order's
/// velocity and signal writes ride its one call: they are "apply if the order passes its
/// limits", and the limits are decided by the answers of the same call.
///
/// Codes: 1 GCRA take (a = interval µs, b = burst) → {allowed, wait µs}; 2 GET a counter;
/// 3 ZCOUNT a rolling window (a = window ms); 4 read a ring counter (a = slot ms);
/// 5 read a distinct set (a = window ms, b = member or "") → {count, member present};
/// 6 INCR a day counter (a = expiry, Unix ms); 7 add to a rolling window (a = window ms,
/// b = unique member); 8 count in a ring counter (a = slot ms); 9 add to a distinct set
/// (a = window ms, b = member) → {count, 0}.
pub(super) const ORDER: &str = r"
local now = tonumber(ARGV[1])
local cap = tonumber(ARGV[2])
local n = tonumber(ARGV[3])
local function op(i)
  local k = KEYS[i]
  local at = 4 + (i - 1) * 3
  local code = tonumber(ARGV[at])
  local a = tonumber(ARGV[at + 1])
  local b = ARGV[at + 2]
  local x, y = 0, 0
  if code == 1 then
    local nowus = now * 1000
    local tat = tonumber(redis.call('GET', k) or '0')
    if tat < nowus then tat = nowus end
    local new = tat + a
    local ahead = new - nowus
    local room = a * tonumber(b)
    if ahead > room then
      y = ahead - room
    else
      redis.call('SET', k, string.format('%d', new), 'PX', math.ceil(ahead / 1000) + 1)
      x = 1
    end
  elseif code == 2 then
    x = tonumber(redis.call('GET', k) or '0')
  elseif code == 3 then
    x = redis.call('ZCOUNT', k, '(' .. string.format('%d', now - a), '+inf')
  elseif code == 4 or code == 8 then
    local p = math.floor(now / a)
    if code == 8 then
      redis.call('HINCRBY', k, string.format('%d', p), 1)
      redis.call('PEXPIRE', k, a * 12)
    end
    local h = redis.call('HGETALL', k)
    for j = 1, #h, 2 do
      if tonumber(h[j]) > p - 12 then
        x = x + tonumber(h[j + 1])
      elseif code == 8 then
        redis.call('HDEL', k, h[j])
      end
    end
  elseif code == 5 then
    x = math.min(redis.call('ZCOUNT', k, '(' .. string.format('%d', now - a), '+inf'), cap)
    if b ~= '' then
      local s = redis.call('ZSCORE', k, b)
      if s and tonumber(s) > now - a then y = 1 end
    end
  elseif code == 6 then
    x = redis.call('INCR', k)
    redis.call('PEXPIREAT', k, a)
  elseif code == 7 or code == 9 then
    redis.call('ZREMRANGEBYSCORE', k, '-inf', string.format('%d', now - a))
    redis.call('ZADD', k, string.format('%d', now), b)
    x = redis.call('ZCARD', k)
    if code == 9 and x > cap then
      redis.call('ZREMRANGEBYRANK', k, 0, x - cap - 1)
      x = cap
    end
    redis.call('PEXPIRE', k, a)
  end
  return x, y
end
local out = {}
local pass = 1
local gates = 3 + #KEYS * 3
for i = 1, n do
  local x, y = op(i)
  out[2 * i - 1] = x
  out[2 * i] = y
  if n < #KEYS then
    local g = tonumber(ARGV[gates + i])
    if g > 0 then
      if tonumber(ARGV[4 + (i - 1) * 3]) == 1 then
        if x ~= 1 then pass = 0 end
      elseif x >= g then
        pass = 0
      end
    end
  end
end
if n < #KEYS then
  if pass == 1 then
    for i = n + 1, #KEYS do op(i) end
  end
  out[2 * n + 1] = pass
  out[2 * n + 2] = 0
end
return out
";

/// Slack after a day ends before its counter is dropped: edges' clocks may differ a little.
pub(super) const DAY_SLACK_MS: u64 = 3_600_000;

/// The SHA-1 of [`ORDER`] (what `EVALSHA` sends instead of the text).
pub(super) fn order_sha() -> &'static str {
    static SHA: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SHA.get_or_init(|| redis::Script::new(ORDER).get_hash().to_string())
}

/// The script's leading arguments: `answered` of the keys are answered, the rest are gated
/// writes.
pub(super) fn head(now_ms: u64, answered: usize) -> [u64; 3] {
    [now_ms, DISTINCT_CAP as u64, answered as u64]
}

/// A ring counter's slot length for `window` (the in-process ring's, see `window.rs`).
fn slot_ms(window: &Window) -> u64 {
    window.len_ms().div_ceil(RING_SLOTS as u64).max(1)
}

/// The member text of a distinct set.
fn member(m: u64) -> String {
    format!("{m:016x}")
}

/// One operation as the script's code and two arguments; `key` is its rendered Redis key.
pub(super) fn encode(op: &FleetOp, now_ms: u64) -> (u8, u64, String) {
    let day_end = |w: &Window| w.fixed_period(now_ms).map(|(_, end)| end + DAY_SLACK_MS);
    match op {
        FleetOp::Take { rate, burst, .. } => {
            let interval_us = u64::try_from(rate.interval().as_micros())
                .unwrap_or(u64::MAX)
                .max(1);
            (1, interval_us, burst.get().to_string())
        }
        FleetOp::Count { window, .. } if window.is_fixed() => (2, 0, String::new()),
        FleetOp::Count { window, .. } => (3, window.len_ms(), String::new()),
        FleetOp::Add { window, .. } => match day_end(window) {
            Some(end) => (6, end, String::new()),
            None => (
                7,
                window.len_ms(),
                format!("{now_ms}:{:x}", fastrand::u64(..)),
            ),
        },
        FleetOp::Read { op, .. } => match *op {
            RecordOp::Incr { window, .. } | RecordOp::Get { window, .. } => {
                if window.is_fixed() {
                    (2, 0, String::new())
                } else {
                    (4, slot_ms(&window), String::new())
                }
            }
            RecordOp::AddDistinct {
                window, member: m, ..
            } => (5, window.len_ms(), member(m)),
            RecordOp::CountDistinct { window, .. } => (5, window.len_ms(), String::new()),
        },
        FleetOp::Write { op, .. } => match *op {
            RecordOp::Incr { window, .. } | RecordOp::Get { window, .. } => {
                match day_end(&window) {
                    Some(end) => (6, end, String::new()),
                    None => (8, slot_ms(&window), String::new()),
                }
            }
            RecordOp::AddDistinct {
                window, member: m, ..
            } => (9, window.len_ms(), member(m)),
            RecordOp::CountDistinct { window, .. } => (5, window.len_ms(), String::new()),
        },
    }
}

/// Interprets the script's two numbers for `op`.
pub(super) fn answer(op: &FleetOp, x: i64, y: i64) -> Option<FleetAnswer> {
    let n = u64::try_from(x.max(0)).ok()?;
    Some(match op {
        FleetOp::Take { .. } => FleetAnswer::Token(if x == 1 {
            TokenOutcome::Allowed { remaining: 0 }
        } else {
            TokenOutcome::Limited {
                retry_after: Duration::from_micros(u64::try_from(y.max(1)).ok()?),
            }
        }),
        FleetOp::Count { .. } | FleetOp::Add { .. } => FleetAnswer::Count(n),
        FleetOp::Read { .. } | FleetOp::Write { .. } => FleetAnswer::Field {
            count: n,
            member: y == 1,
        },
    })
}

/// The script's reply as pairs of integers; `None` when it has another shape.
pub(super) fn pairs(v: &Value) -> Option<Vec<(i64, i64)>> {
    let flat: Vec<i64> = redis::from_redis_value(v).ok()?;
    if !flat.len().is_multiple_of(2) {
        return None;
    }
    Some(flat.chunks(2).map(|c| (c[0], c[1])).collect())
}
