//! The missing-callback report's durable copy: `missing` order id → (at ms, opaque entry) and
//! `missing_at` (at ms, order id) for expiry. The entry's encoding belongs to
//! `callbacks::missing`; this file only stores, removes and expires it.

use super::{collect, st, Reader, Tables};
use crate::callbacks::spool::SpoolError;
use redb::ReadableTable;

impl Tables<'_> {
    /// Stores (or replaces) the missing-report entry of `order_id`, dated `at_ms`.
    pub(crate) fn put_missing(
        &mut self,
        order_id: &str,
        at_ms: u64,
        entry: &[u8],
    ) -> Result<(), SpoolError> {
        self.remove_missing(order_id)?;
        self.missing
            .insert(order_id, (at_ms, entry))
            .map_err(st("write missing"))?;
        self.missing_at
            .insert((at_ms, order_id), ())
            .map_err(st("write missing_at"))?;
        Ok(())
    }

    /// Removes the missing-report entry of `order_id`, if any.
    pub(crate) fn remove_missing(&mut self, order_id: &str) -> Result<(), SpoolError> {
        let old = self
            .missing
            .remove(order_id)
            .map_err(st("write missing"))?
            .map(|g| g.value().0);
        if let Some(at) = old {
            self.missing_at
                .remove((at, order_id))
                .map_err(st("write missing_at"))?;
        }
        Ok(())
    }

    /// Removes up to `max` missing-report entries dated before `older_than_ms`; returns how
    /// many.
    pub(crate) fn forget_missing(
        &mut self,
        older_than_ms: u64,
        max: usize,
    ) -> Result<usize, SpoolError> {
        let range = self
            .missing_at
            .range(..(older_than_ms, ""))
            .map_err(st("scan missing_at"))?;
        let keys = collect(range.take(max), |k, _| (k.0, k.1.to_owned()))?;
        for (at, order_id) in &keys {
            self.missing_at
                .remove((*at, order_id.as_str()))
                .map_err(st("write missing_at"))?;
            self.missing
                .remove(order_id.as_str())
                .map_err(st("write missing"))?;
        }
        Ok(keys.len())
    }
}

impl Reader {
    /// Returns every missing-report entry as (order id, at ms, entry bytes).
    pub(crate) fn missing(&self) -> Result<Vec<(String, u64, Vec<u8>)>, SpoolError> {
        let range = self.missing.range::<&str>(..).map_err(st("scan missing"))?;
        collect(range, |k, v| (k.to_owned(), v.0, v.1.to_vec()))
    }
}
