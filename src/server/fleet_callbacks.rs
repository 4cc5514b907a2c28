//! Fleet missing-callback report: every edge follows the fleet's paid journal in Redis
//! (`[state] backend = "redis"` with `[callbacks]`) and clears the orders it lists from its
//! own missing-callback tracker, so a payment made through one edge whose `paid` callback
//! reached another is not reported missing. An edge that (re)starts replays the journal.
//!
//! Owns the follow loop only: publishing is `callbacks::fleet::publish_paid`, the Redis
//! calls are `state::PaidJournal`, the tracker is `callbacks::missing`.

use crate::runtime::Shared;
use crate::state::PaidJournal;
use std::sync::Arc;

/// Journal entries read per call.
const BATCH: usize = 1000;

/// Follows the paid journal forever (a housekeeping task; ends with the process).
pub(super) async fn follow(shared: Arc<Shared>) {
    let Some(fleet) = shared.guards.fleet().cloned() else {
        return;
    };
    if shared.callbacks.is_none() {
        return;
    }
    // The list journal's poll interval: the same promise (within 1 s) for paid orders.
    let poll = shared.runtime.load().config.state.list_poll;
    let mut tick = tokio::time::interval(poll);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last: Option<String> = None;
    loop {
        tick.tick().await;
        // Redis away: read on from the same place once it is back.
        let Ok(Some((id, orders))) = PaidJournal::new(&fleet).read(last.as_deref(), BATCH).await
        else {
            continue;
        };
        last = Some(id);
        let shared = shared.clone();
        // Clearing an entry writes the spool (its durable copy): off the async workers.
        let _ = tokio::task::spawn_blocking(move || {
            if let Some(hub) = &shared.callbacks {
                for o in &orders {
                    hub.missing.callback_seen(o);
                }
            }
        })
        .await;
    }
}
