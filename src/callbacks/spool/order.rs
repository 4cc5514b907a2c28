//! The per-transaction status order: which notification about a transaction supersedes which.
//!
//! Owns one rule and nothing else. A payment moves forward through
//! `pending < failed (closed) < paid < refunded`; a provider may notify several of these for
//! one transaction (Standard Webhooks `processing` then `succeeded`, epay `TRADE_CLOSED` then a
//! late `TRADE_SUCCESS`), and may repeat or reorder them. For one (channel, txn id):
//! - a status never seen before and ranked above every status seen so far is a **new event**:
//!   stored and delivered;
//! - a status seen before is a **duplicate**: acknowledged, not stored again, not delivered;
//! - a status ranked below one already seen is **stale**: acknowledged and recorded (so a repeat
//!   is a duplicate), never delivered, because it would move the order backwards.
//!
//! `failed` and `paid` rank so that money beats no money: a late `paid` after `closed` is the
//! one the shop must act on. Unknown labels rank as `pending` (never fulfilled on their own).
//! Which table holds the fingerprints is `store/`'s business.

/// Returns the rank of a normalised status label (`pending`, `failed`, `paid`, `refunded`,
/// or `refunded:{ref}`, one refund of several: see [`event`]).
pub(crate) fn rank(status: &str) -> u8 {
    match label(status) {
        "failed" => 1,
        "paid" => 2,
        "refunded" => 3,
        _ => 0,
    }
}

/// The label of a status without its event ref (`refunded` for `refunded:r-2`).
pub(crate) fn label(status: &str) -> &str {
    status.split_once(':').map_or(status, |(l, _)| l)
}

/// The event ref of a status that can happen more than once per transaction (a refund of
/// several, `refunded:{ref}`): such a status is deduped per ref, not per rank.
pub(crate) fn event(status: &str) -> Option<&str> {
    status.split_once(':').map(|(_, r)| r)
}

/// How a status relates to what a transaction already saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Never seen and above everything seen: store and deliver.
    New,
    /// This exact status was seen before.
    Duplicate,
    /// Below a status already seen: record only.
    Stale,
}

/// Classifies status rank `r` given whether it was `seen` and the `highest` rank seen so far.
pub(crate) fn classify(r: u8, seen: bool, highest: Option<u8>) -> Verdict {
    if seen {
        Verdict::Duplicate
    } else if highest.is_some_and(|h| h > r) {
        Verdict::Stale
    } else {
        Verdict::New
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_statuses_are_new_repeats_duplicate_and_older_ones_stale() {
        let (p, f, paid, refund) = (
            rank("pending"),
            rank("failed"),
            rank("paid"),
            rank("refunded"),
        );
        assert!(p < f && f < paid && paid < refund);
        assert_eq!(rank("something-new"), p);
        assert_eq!(rank("refunded:r-2"), refund);
        assert_eq!(
            (label("refunded:r-2"), event("refunded:r-2")),
            ("refunded", Some("r-2"))
        );
        assert_eq!((label("paid"), event("paid")), ("paid", None));
        for (r, seen, highest, want) in [
            (p, false, None, Verdict::New),
            (paid, false, Some(p), Verdict::New),
            (paid, false, Some(f), Verdict::New),
            (refund, false, Some(paid), Verdict::New),
            (paid, true, Some(paid), Verdict::Duplicate),
            (p, true, Some(paid), Verdict::Duplicate),
            (p, false, Some(paid), Verdict::Stale),
            (f, false, Some(paid), Verdict::Stale),
            (paid, false, Some(refund), Verdict::Stale),
        ] {
            assert_eq!(classify(r, seen, highest), want, "{r} {seen} {highest:?}");
        }
    }
}
