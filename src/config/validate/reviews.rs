//! `[reviews]`: the queue of orders held for review (`review = "hold"` routes).
//!
//! Present when the section is, or when any order route holds orders: a held order must
//! be stored somewhere, so such a route gets the defaults rather than losing its orders.

use super::{duration, Errs};
use crate::config::raw::RawReviews;
use crate::config::types::{ExpiryAction, ReviewAction, ReviewSettings, RouteConfig};
use std::path::PathBuf;
use std::time::Duration;

/// Default store file (relative to the config file).
pub const STORE: &str = "riskgate-reviews.redb";
/// Default time a held order waits for a person: a working day and a night.
pub const MAX_AGE: Duration = Duration::from_secs(24 * 3600);

/// Validates `[reviews]`; `None` when absent and no route holds orders.
pub(super) fn reviews(
    raw: Option<RawReviews>,
    routes: &[RouteConfig],
    e: &mut Errs,
) -> Option<ReviewSettings> {
    let holds = routes.iter().any(|r| {
        r.order
            .as_ref()
            .is_some_and(|o| o.review == ReviewAction::Hold)
    });
    if raw.is_none() && !holds {
        return None;
    }
    let raw = raw.unwrap_or_default();
    let store = match raw.store {
        Some(p) if p.trim().is_empty() => {
            e.add("reviews.store", "must not be empty");
            PathBuf::from(STORE)
        }
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(STORE),
    };
    let max_age = duration(raw.max_age, MAX_AGE, "reviews.max_age", e);
    let on_expiry = match raw.on_expiry.as_deref() {
        None | Some("deny") => ExpiryAction::Deny,
        Some("approve") => ExpiryAction::Approve,
        Some(other) => {
            e.add(
                "reviews.on_expiry",
                format!("`{other}` is not an expiry action (deny or approve)"),
            );
            ExpiryAction::Deny
        }
    };
    Some(ReviewSettings {
        store,
        max_age,
        on_expiry,
    })
}
