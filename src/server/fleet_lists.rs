//! Fleet lists: every edge follows the shared list journal in Redis (`[state] backend =
//! "redis"`), so a block or allow entry added through any edge's admin API is enforced on
//! all of them within `[state] list_poll` (default 250 ms), and an edge that restarts
//! catches up by replaying the journal.
//!
//! Owns the follow loop only: publishing is `Guards::publish_list_*` (called by the admin
//! API), the journal's Redis calls are `state::RedisState`, the entries are `lists`.

use crate::lists::{ListKind, ListName, NewEntry};
use crate::runtime::Shared;
use crate::state::JournalEntry;
use std::sync::Arc;
use std::time::Duration;

/// Journal entries read per call: a restarted edge catches up in batches this size.
const BATCH: usize = 1000;

/// Follows the journal forever (a housekeeping task; ends with the process).
pub(super) async fn follow(shared: Arc<Shared>) {
    let Some(fleet) = shared.guards.fleet().cloned() else {
        return;
    };
    let poll = shared.runtime.load().config.state.list_poll;
    let mut tick = tokio::time::interval(poll);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last: Option<String> = None;
    loop {
        tick.tick().await;
        let batch = match fleet.journal_read(last.as_deref(), BATCH).await {
            Ok(b) => b,
            // Redis away: lists keep their current entries; the journal is read on
            // from the same place once it is back.
            Err(_) => continue,
        };
        let Some((id, _)) = batch.last() else {
            continue;
        };
        last = Some(id.clone());
        let shared = shared.clone();
        // List changes write the list files: off the async workers.
        let _ = tokio::task::spawn_blocking(move || apply(&shared, &batch)).await;
    }
}

fn field<'a>(e: &'a JournalEntry, name: &str) -> Option<&'a str> {
    e.1.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

/// Applies journal entries to this edge's lists, in order (adds replace, removes of
/// absent values are no-ops, so replaying is safe).
fn apply(shared: &Shared, batch: &[JournalEntry]) {
    let now = shared.guards.clock_unix();
    let lists = shared.guards.lists.load();
    for e in batch {
        let list = match field(e, "list") {
            Some("block") => ListName::Block,
            Some("allow") => ListName::Allow,
            _ => continue,
        };
        let (Some(kind), Some(value)) = (
            field(e, "kind").and_then(ListKind::parse),
            field(e, "value"),
        ) else {
            continue;
        };
        let result = match field(e, "op") {
            Some("add") => {
                let expires = field(e, "expires").and_then(|v| v.parse::<u64>().ok());
                if expires.is_some_and(|x| x <= now) {
                    continue;
                }
                let new = NewEntry {
                    ttl: expires.map(|x| Duration::from_secs(x - now)),
                    reason: field(e, "reason").filter(|r| !r.is_empty()),
                    added_by: field(e, "by").filter(|b| !b.is_empty()).unwrap_or("fleet"),
                };
                lists.add(list, kind, value, &new, now).map(|_| ())
            }
            Some("remove") => lists.remove(list, kind, value, now).map(|_| ()),
            _ => continue,
        };
        if let Err(err) = result {
            tracing::warn!("fleet list journal entry {}: {err}", e.0);
        }
    }
}
