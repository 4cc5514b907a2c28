//! The one Lua script of fleet mode: every operation of one order (rate-limit takes,
//! purchase counts, velocity and signal reads, and the writes after the order) is an
//! entry of one `EVALSHA` call, so an order costs Redis one command per round trip.
//!
//! Owns the script text, how a [`FleetOp`] becomes its script arguments, and how the
//! script's two numbers per operation become a [`FleetAnswer`]. `fleet.rs` owns the
//! connection, the time budget and the breaker.
//!
//! # Why one script with every key
//! On one Redis server a script may touch any key, so an order's 10–25 operations go out
//! as a single `EVALSHA` (sent by hash; the first call after a Redis restart gets
//! `NOSCRIPT` and is resent as `EVAL`, which caches the text again). On a cluster a
//! script may only touch one slot, so the operations of each identity (whose keys share
//! it as hash tag) are one `EVALSHA`, all sent at once (one round trip of wall time).
//! Each operation touches one key, so it is atomic either way.
//!
//! # Value layout
//! - GCRA bucket: a string, the theoretical arrival time in µs (as before).
//! - Day counter: a string counter expired at the end of the day (+1 h).
//! - Rolling purchase window: a sorted set of order times (unique members).
//! - Velocity/signal records (layout 2, key `{prefix}v2:{scope}:{{id}}`): **one hash per
//!   identity** holding every field of every record of that identity (velocity's user
//!   record and the signals' user record share it), so an order reads each identity
//!   with one `HGETALL` however many fields it has. One hash field per record field,
//!   named `c{tag}.{field}` (counter) or `m{tag}.{field}` (distinct set), its value a
//!   MessagePack map (`cmsgpack`, built into Redis' Lua; decoded in C, which is what
//!   keeps a full set cheap to read):
//!   - counter: `{slot → count}`. Sliding window: the [`RING_SLOTS`] ring of the
//!     in-process counter (slot = now / (window / 12); an event counts for 11/12 to
//!     12/12 of the window); fixed window: one slot, the period index. Slots outside
//!     the ring are ignored on read and dropped on write.
//!   - distinct set: `{member hash (16 hex) → last seen, Unix ms}`. Members older than
//!     the window are ignored on read and dropped on write; a write keeps the newest
//!     [`DISTINCT_CAP`] members, as in process.
//!
//!   The per-field expiry is these stored slot indices and times. The hash's own TTL is
//!   raised (never lowered) on every write to the longest retention any write needed
//!   (one window; a fixed period's end + 1 h), so a record disappears one window after
//!   its last event, like the per-field keys of layout 1 did.
//!
//! # Arguments
//! `ARGV[1]` = now (Unix ms), `ARGV[2]` = distinct cap, then five per key:
//! code, a, b, field (`{tag}.{field}`, records only), ttl (ms, writes to records only).
//!
//! Codes: 1 GCRA take (a = interval µs, b = burst) → {allowed, wait µs}; 2 GET a counter;
//! 3 ZCOUNT a rolling window (a = window ms); 4 read a record counter (a = current slot,
//! b = slots in the window); 5 read a record distinct set (a = window ms, b = member or
//! "") → {count, member present}; 6 INCR a day counter (a = expiry, Unix ms); 7 add to a
//! rolling window (a = window ms, b = unique member); 8 count in a record counter (as 4);
//! 9 add to a record distinct set (as 5, b = member) → {count, 0}.

use super::fleet::{FleetAnswer, FleetOp};
use super::record::RecordOp;
use super::window::{TokenOutcome, Window, DISTINCT_CAP, RING_SLOTS};
use redis::Value;
use std::time::Duration;

/// The script (see the module docs for its arguments). Returns two integers per key.
/// A record's hash is read once per call (`HGETALL`, kept in `recs`, each field decoded
/// when first used) and written once at the end (one `HSET` of the changed fields, an
/// `HDEL` of emptied ones, the TTL raised if needed).
pub(super) const ORDER: &str = r"
local now = tonumber(ARGV[1])
local cap = tonumber(ARGV[2])
local out = {}
local recs = {}
local dirty = {}
local function rec(k)
  local r = recs[k]
  if r then return r end
  r = {raw = {}, val = {}, ttl = 0}
  local h = redis.call('HGETALL', k)
  for j = 1, #h, 2 do r.raw[h[j]] = h[j + 1] end
  recs[k] = r
  return r
end
local function field(r, f)
  local t = r.val[f]
  if t then return t end
  t = {}
  local raw = r.raw[f]
  if raw then
    local ok, v = pcall(cmsgpack.unpack, raw)
    if ok and type(v) == 'table' then t = v end
  end
  r.val[f] = t
  return t
end
local function touch(k, r, f, ttl)
  if not r.touched then
    r.touched = {}
    r.fields = {}
    dirty[#dirty + 1] = k
  end
  if not r.touched[f] then
    r.touched[f] = true
    r.fields[#r.fields + 1] = f
  end
  if ttl > r.ttl then r.ttl = ttl end
end
for i = 1, #KEYS do
  local k = KEYS[i]
  local at = 3 + (i - 1) * 5
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
    local f = 'c' .. ARGV[at + 3]
    local r = rec(k)
    local t = field(r, f)
    local lo = a - tonumber(b)
    if code == 8 then
      touch(k, r, f, tonumber(ARGV[at + 4]))
      t[a] = (t[a] or 0) + 1
    end
    for p, n in pairs(t) do
      if p > lo and p <= a then
        x = x + n
      elseif code == 8 then
        t[p] = nil
      end
    end
  elseif code == 5 or code == 9 then
    local f = 'm' .. ARGV[at + 3]
    local r = rec(k)
    local t = field(r, f)
    local old = now - a
    if code == 9 then
      touch(k, r, f, tonumber(ARGV[at + 4]))
      if not t[b] or t[b] < now then t[b] = now end
      local n = 0
      for m, seen in pairs(t) do
        if seen > old then n = n + 1 else t[m] = nil end
      end
      while n > cap do
        local oldest, at = nil, nil
        for m, seen in pairs(t) do
          if not at or seen < at or (seen == at and m < oldest) then oldest, at = m, seen end
        end
        t[oldest] = nil
        n = n - 1
      end
      x = n
    else
      for _, seen in pairs(t) do
        if seen > old then x = x + 1 end
      end
      x = math.min(x, cap)
      if b ~= '' and t[b] and t[b] > old then y = 1 end
    end
  elseif code == 6 then
    x = redis.call('INCR', k)
    redis.call('PEXPIREAT', k, a)
  elseif code == 7 then
    redis.call('ZREMRANGEBYSCORE', k, '-inf', string.format('%d', now - a))
    redis.call('ZADD', k, string.format('%d', now), b)
    x = redis.call('ZCARD', k)
    redis.call('PEXPIRE', k, a)
  end
  out[2 * i - 1] = x
  out[2 * i] = y
end
for _, k in ipairs(dirty) do
  local r = recs[k]
  local set, del = {}, {}
  for _, f in ipairs(r.fields) do
    if next(r.val[f]) then
      set[#set + 1] = f
      set[#set + 1] = cmsgpack.pack(r.val[f])
    else
      del[#del + 1] = f
    end
  end
  if #del > 0 then redis.call('HDEL', k, unpack(del)) end
  if #set > 0 then redis.call('HSET', k, unpack(set)) end
  if redis.call('PTTL', k) < r.ttl then redis.call('PEXPIRE', k, r.ttl) end
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

/// The script's leading arguments.
pub(super) fn head(now_ms: u64) -> [u64; 2] {
    [now_ms, DISTINCT_CAP as u64]
}

/// The member text of a distinct set.
fn member(m: u64) -> String {
    format!("{m:016x}")
}

/// One operation's five script arguments (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct OpArgs {
    /// The operation code.
    pub code: u8,
    /// First numeric argument.
    pub a: u64,
    /// Text argument (burst, member, or empty).
    pub b: String,
    /// The record field as `{tag}.{field}` (records only; empty otherwise).
    pub field: String,
    /// The record's retention after this write (ms; record writes only).
    pub ttl: u64,
}

fn args(code: u8, a: u64, b: String) -> OpArgs {
    OpArgs {
        code,
        a,
        b,
        field: String::new(),
        ttl: 0,
    }
}

/// A record counter's current slot, the slots in its window and its retention: the
/// in-process ring (slot = window / 12, see `window.rs`) for a sliding window, the period
/// index (one slot, kept until the period ends + [`DAY_SLACK_MS`]) for a fixed one.
fn ring(window: &Window, now_ms: u64) -> (u64, u64, u64) {
    match window.fixed_period(now_ms) {
        Some((p, end)) => (p, 1, (end + DAY_SLACK_MS).saturating_sub(now_ms).max(1)),
        None => {
            let slot = window.len_ms().div_ceil(RING_SLOTS as u64).max(1);
            (now_ms / slot, RING_SLOTS as u64, slot * RING_SLOTS as u64)
        }
    }
}

/// One record operation of the record tagged `tag` (`write`: counted after the order) as
/// script arguments.
fn record(tag: u32, op: &RecordOp, write: bool, now_ms: u64) -> OpArgs {
    let field = format!("{tag}.{}", op.field());
    let (code, a, b, ttl) = match *op {
        RecordOp::Incr { window, .. } | RecordOp::Get { window, .. } => {
            let (slot, slots, ttl) = ring(&window, now_ms);
            let write = write && matches!(op, RecordOp::Incr { .. });
            (if write { 8 } else { 4 }, slot, slots.to_string(), ttl)
        }
        RecordOp::AddDistinct {
            window, member: m, ..
        } => (
            if write { 9 } else { 5 },
            window.len_ms(),
            member(m),
            window.len_ms(),
        ),
        RecordOp::CountDistinct { window, .. } => (5, window.len_ms(), String::new(), 0),
    };
    OpArgs {
        code,
        a,
        b,
        field,
        ttl,
    }
}

/// One operation as the script's arguments; its key is rendered by `fleet.rs`.
pub(super) fn encode(op: &FleetOp, now_ms: u64) -> OpArgs {
    match op {
        FleetOp::Take { rate, burst, .. } => {
            let interval_us = u64::try_from(rate.interval().as_micros())
                .unwrap_or(u64::MAX)
                .max(1);
            args(1, interval_us, burst.get().to_string())
        }
        FleetOp::Count { window, .. } if window.is_fixed() => args(2, 0, String::new()),
        FleetOp::Count { window, .. } => args(3, window.len_ms(), String::new()),
        FleetOp::Add { window, .. } => match window.fixed_period(now_ms) {
            Some((_, end)) => args(6, end + DAY_SLACK_MS, String::new()),
            None => args(
                7,
                window.len_ms(),
                format!("{now_ms}:{:x}", fastrand::u64(..)),
            ),
        },
        FleetOp::Read { key, op } => record(key.tag, op, false, now_ms),
        FleetOp::Write { key, op } => record(key.tag, op, true, now_ms),
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
