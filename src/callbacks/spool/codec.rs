//! The on-disk byte layout of a record: an immutable body (written once at accept) and a small
//! mutable meta value (rewritten on every state change, so retries never copy the bodies).
//!
//! Owns encoding and decoding only; which table a value lives in is `store/`'s business.
//! Every value starts with a version byte so a later layout can be read side by side.
//! Bodies: v1 (written before statuses were told apart) and v2 share one layout; the version
//! only says which `Idempotency-Key` the record is delivered with (see [`Body::legacy_key`]).

use super::State;
use bytes::Bytes;

const BODY_V1: u8 = 1;
const BODY_V2: u8 = 2;
const META_V1: u8 = 1;
/// The longest `last_error` kept; longer reasons are cut on a char boundary.
pub(crate) const MAX_ERROR_BYTES: usize = 1024;

/// The immutable part of a record, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Body {
    pub channel: String,
    pub txn_id: String,
    pub order_id: String,
    pub status: String,
    pub content_type: String,
    pub received_ms: u64,
    pub normalized: Bytes,
    pub original: Bytes,
    /// Written by a version that keyed deliveries `{channel}:{txn_id}`: a record stored then
    /// keeps that key, so a delivery already attempted before an upgrade is still deduped by
    /// the fulfillment service when it is retried after it.
    pub legacy_key: bool,
}

/// The mutable part of a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Meta {
    pub state: State,
    pub attempts: u32,
    pub next_at_ms: u64,
    pub cycle_start_ms: u64,
    pub delivered_ms: Option<u64>,
    pub last_error: Option<String>,
}

/// Field view of a callback to encode, borrowed so the writer can encode without copying.
pub(crate) struct BodyRef<'a> {
    pub channel: &'a str,
    pub txn_id: &'a str,
    pub order_id: &'a str,
    pub status: &'a str,
    pub content_type: &'a str,
    pub received_ms: u64,
    pub normalized: &'a [u8],
    pub original: &'a [u8],
}

fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    // Bodies are bounded by the proxy's request size limit, far below 4 GiB.
    let len = u32::try_from(b.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&b[..len as usize]);
}

/// Encodes a body into `out` (cleared first), reusing its capacity.
pub(crate) fn encode_body(b: &BodyRef<'_>, out: &mut Vec<u8>) {
    out.clear();
    out.push(BODY_V2);
    out.extend_from_slice(&b.received_ms.to_le_bytes());
    for field in [
        b.channel.as_bytes(),
        b.txn_id.as_bytes(),
        b.order_id.as_bytes(),
        b.status.as_bytes(),
        b.content_type.as_bytes(),
        b.normalized,
        b.original,
    ] {
        put_bytes(out, field);
    }
}

/// Encodes a meta value into `out` (cleared first).
pub(crate) fn encode_meta(m: &Meta, out: &mut Vec<u8>) {
    out.clear();
    out.push(META_V1);
    out.push(m.state.code());
    out.extend_from_slice(&m.attempts.to_le_bytes());
    out.extend_from_slice(&m.next_at_ms.to_le_bytes());
    out.extend_from_slice(&m.cycle_start_ms.to_le_bytes());
    match m.delivered_ms {
        Some(t) => {
            out.push(1);
            out.extend_from_slice(&t.to_le_bytes());
        }
        None => out.push(0),
    }
    match &m.last_error {
        Some(e) => {
            out.push(1);
            put_bytes(out, truncate(e).as_bytes());
        }
        None => out.push(0),
    }
}

/// Cuts an error text to [`MAX_ERROR_BYTES`] on a char boundary.
pub(crate) fn truncate(s: &str) -> &str {
    if s.len() <= MAX_ERROR_BYTES {
        return s;
    }
    let mut end = MAX_ERROR_BYTES;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

struct Reader<'a> {
    buf: &'a [u8],
}

impl<'a> Reader<'a> {
    fn u8(&mut self) -> Option<u8> {
        let (&b, rest) = self.buf.split_first()?;
        self.buf = rest;
        Some(b)
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.buf.len() < n {
            return None;
        }
        let (head, rest) = self.buf.split_at(n);
        self.buf = rest;
        Some(head)
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }

    fn bytes(&mut self) -> Option<&'a [u8]> {
        let len = self.u32()? as usize;
        self.take(len)
    }

    fn str(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes()?).ok()
    }
}

/// Decodes a whole body; `None` when corrupt or of an unknown version.
pub(crate) fn decode_body(buf: &[u8]) -> Option<Body> {
    let mut r = Reader { buf };
    let version = r.u8()?;
    if version != BODY_V1 && version != BODY_V2 {
        return None;
    }
    let received_ms = r.u64()?;
    let body = Body {
        channel: r.str()?.to_owned(),
        txn_id: r.str()?.to_owned(),
        order_id: r.str()?.to_owned(),
        status: r.str()?.to_owned(),
        content_type: r.str()?.to_owned(),
        received_ms,
        normalized: Bytes::copy_from_slice(r.bytes()?),
        original: Bytes::copy_from_slice(r.bytes()?),
        legacy_key: version == BODY_V1,
    };
    r.buf.is_empty().then_some(body)
}

/// Decodes a meta value; `None` when corrupt or of an unknown version.
pub(crate) fn decode_meta(buf: &[u8]) -> Option<Meta> {
    let mut r = Reader { buf };
    if r.u8()? != META_V1 {
        return None;
    }
    let state = State::from_code(r.u8()?)?;
    let attempts = r.u32()?;
    let next_at_ms = r.u64()?;
    let cycle_start_ms = r.u64()?;
    let delivered_ms = match r.u8()? {
        0 => None,
        1 => Some(r.u64()?),
        _ => return None,
    };
    let last_error = match r.u8()? {
        0 => None,
        1 => Some(r.str()?.to_owned()),
        _ => return None,
    };
    let meta = Meta {
        state,
        attempts,
        next_at_ms,
        cycle_start_ms,
        delivered_ms,
        last_error,
    };
    r.buf.is_empty().then_some(meta)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body() -> BodyRef<'static> {
        BodyRef {
            channel: "alipay",
            txn_id: "2026112822001",
            order_id: "o-1",
            status: "paid",
            content_type: "application/x-www-form-urlencoded",
            received_ms: 1_700_000_000_123,
            normalized: br#"{"order_id":"o-1"}"#,
            original: b"trade_no=2026112822001&\xff",
        }
    }

    #[test]
    fn body_round_trips_exact_bytes() {
        let mut out = Vec::new();
        encode_body(&body(), &mut out);
        let b = decode_body(&out).unwrap();
        assert_eq!(b.channel, "alipay");
        assert_eq!(b.txn_id, "2026112822001");
        assert_eq!(b.received_ms, 1_700_000_000_123);
        assert_eq!(&b.original[..], b"trade_no=2026112822001&\xff");
        assert!(!b.legacy_key);
    }

    #[test]
    fn a_v1_body_still_decodes_and_keeps_its_legacy_key() {
        let mut out = Vec::new();
        encode_body(&body(), &mut out);
        out[0] = BODY_V1;
        let b = decode_body(&out).unwrap();
        assert_eq!((b.txn_id.as_str(), b.legacy_key), ("2026112822001", true));
    }

    #[test]
    fn meta_round_trips_every_shape() {
        let cases = [
            Meta {
                state: State::Pending,
                attempts: 0,
                next_at_ms: 5,
                cycle_start_ms: 1,
                delivered_ms: None,
                last_error: None,
            },
            Meta {
                state: State::Delivered,
                attempts: 3,
                next_at_ms: 9,
                cycle_start_ms: 2,
                delivered_ms: Some(42),
                last_error: Some("503 from upstream".into()),
            },
            Meta {
                state: State::Dead,
                attempts: u32::MAX,
                next_at_ms: u64::MAX,
                cycle_start_ms: u64::MAX,
                delivered_ms: None,
                last_error: Some("400: unknown order".into()),
            },
        ];
        let mut out = Vec::new();
        for m in cases {
            encode_meta(&m, &mut out);
            assert_eq!(decode_meta(&out), Some(m));
        }
    }

    #[test]
    fn refuses_truncated_trailing_or_foreign_values() {
        let mut out = Vec::new();
        encode_body(&body(), &mut out);
        assert!(decode_body(&out[..out.len() - 1]).is_none());
        let mut longer = out.clone();
        longer.push(0);
        assert!(decode_body(&longer).is_none());
        out[0] = 9;
        assert!(decode_body(&out).is_none());
        assert!(decode_meta(&[]).is_none());
        assert!(decode_meta(&[META_V1, 7, 0, 0, 0, 0]).is_none());
    }

    #[test]
    fn long_errors_are_cut_on_a_char_boundary() {
        let long = "é".repeat(MAX_ERROR_BYTES);
        let cut = truncate(&long);
        assert!(cut.len() <= MAX_ERROR_BYTES && cut.len() >= MAX_ERROR_BYTES - 1);
        assert!(cut.chars().all(|c| c == 'é'));
        assert_eq!(truncate("short"), "short");
    }
}
