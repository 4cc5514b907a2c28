//! Records: several windowed counters and distinct sets stored under one key, updated
//! together in one call.
//!
//! Owns the pure per-record logic. A record exists so that a caller touching many signals
//! of one identity (velocity: five per device) pays for one lookup instead of five, and so
//! a shared backend can serve one record with one round trip (a Redis hash, one script).
//! It does not know what the fields mean.

use super::window::{DistinctSet, Window, WindowCounter};

/// One operation on a field of a record. Field ids are small caller-chosen numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordOp {
    /// Counts one event in the counter `field`; the result is its count including it.
    Incr {
        /// The field.
        field: u8,
        /// The counter's window.
        window: Window,
    },
    /// Reads the counter `field` without counting.
    Get {
        /// The field.
        field: u8,
        /// The counter's window.
        window: Window,
    },
    /// Records `member` in the distinct set `field`; the result is the distinct count.
    AddDistinct {
        /// The field.
        field: u8,
        /// A 64-bit member hash.
        member: u64,
        /// The set's window.
        window: Window,
    },
    /// Reads the distinct set `field` without adding.
    CountDistinct {
        /// The field.
        field: u8,
        /// The set's window.
        window: Window,
    },
}

impl RecordOp {
    /// Returns true when the operation only reads.
    pub fn is_read(&self) -> bool {
        matches!(self, RecordOp::Get { .. } | RecordOp::CountDistinct { .. })
    }

    /// Returns the window the operation uses.
    pub fn window(&self) -> Window {
        match *self {
            RecordOp::Incr { window, .. }
            | RecordOp::Get { window, .. }
            | RecordOp::AddDistinct { window, .. }
            | RecordOp::CountDistinct { window, .. } => window,
        }
    }

    /// Returns the field the operation touches.
    pub fn field(&self) -> u8 {
        match *self {
            RecordOp::Incr { field, .. }
            | RecordOp::Get { field, .. }
            | RecordOp::AddDistinct { field, .. }
            | RecordOp::CountDistinct { field, .. } => field,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Field {
    Counter(WindowCounter),
    Distinct(DistinctSet),
}

/// The fields of one record (a handful; looked up linearly).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    fields: Vec<(u8, Field)>,
}

impl Record {
    fn find(&self, id: u8) -> Option<&Field> {
        self.fields.iter().find(|(f, _)| *f == id).map(|(_, v)| v)
    }

    /// Returns the field `id` shaped for `op`, replacing one of another shape or window
    /// (a config change) with a fresh one.
    fn field_mut(&mut self, op: &RecordOp) -> &mut Field {
        let id = op.field();
        let window = op.window();
        let fits = |f: &Field| match (f, op) {
            (Field::Counter(c), RecordOp::Incr { .. } | RecordOp::Get { .. }) => {
                c.window() == window
            }
            (Field::Distinct(d), RecordOp::AddDistinct { .. } | RecordOp::CountDistinct { .. }) => {
                d.window() == window
            }
            _ => false,
        };
        let fresh = || match op {
            RecordOp::Incr { .. } | RecordOp::Get { .. } => {
                Field::Counter(WindowCounter::new(window))
            }
            _ => Field::Distinct(DistinctSet::new(window)),
        };
        let i = match self.fields.iter().position(|(f, _)| *f == id) {
            Some(i) => {
                if !fits(&self.fields[i].1) {
                    self.fields[i].1 = fresh();
                }
                i
            }
            None => {
                self.fields.push((id, fresh()));
                self.fields.len() - 1
            }
        };
        &mut self.fields[i].1
    }

    /// Applies `ops` in order at `now_ms`, writing each result to the same index of `out`
    /// (results beyond `out.len()` are dropped).
    pub fn apply(&mut self, ops: &[RecordOp], now_ms: u64, out: &mut [u64]) {
        for (i, op) in ops.iter().enumerate() {
            let n = if op.is_read() {
                self.read_one(op, now_ms)
            } else {
                match (self.field_mut(op), op) {
                    (Field::Counter(c), RecordOp::Incr { .. }) => c.incr(now_ms),
                    (Field::Distinct(d), RecordOp::AddDistinct { member, .. }) => {
                        d.add(*member, now_ms)
                    }
                    _ => 0,
                }
            };
            if let Some(slot) = out.get_mut(i) {
                *slot = n;
            }
        }
    }

    /// Answers read-only `ops` without changing anything (missing or reshaped fields read 0).
    pub fn read(&self, ops: &[RecordOp], now_ms: u64, out: &mut [u64]) {
        for (op, slot) in ops.iter().zip(out.iter_mut()) {
            *slot = self.read_one(op, now_ms);
        }
    }

    fn read_one(&self, op: &RecordOp, now_ms: u64) -> u64 {
        match (self.find(op.field()), op) {
            (Some(Field::Counter(c)), RecordOp::Get { window, .. }) if c.window() == *window => {
                c.get(now_ms)
            }
            (Some(Field::Distinct(d)), RecordOp::CountDistinct { window, .. })
                if d.window() == *window =>
            {
                d.count(now_ms)
            }
            _ => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const T0: u64 = 1_700_000_000_000;

    #[test]
    fn fields_are_independent_and_results_line_up() {
        let short = Window::sliding(Duration::from_secs(600));
        let long = Window::sliding(Duration::from_secs(86_400));
        let mut r = Record::default();
        let ops = [
            RecordOp::Incr {
                field: 0,
                window: short,
            },
            RecordOp::AddDistinct {
                field: 1,
                member: 7,
                window: long,
            },
            RecordOp::Get {
                field: 2,
                window: long,
            },
        ];
        let mut out = [0; 3];
        r.apply(&ops, T0, &mut out);
        assert_eq!(out, [1, 1, 0]);
        r.apply(&ops, T0 + 1, &mut out);
        assert_eq!(out, [2, 1, 0]);
        let reads = [
            RecordOp::Get {
                field: 0,
                window: short,
            },
            RecordOp::CountDistinct {
                field: 1,
                window: long,
            },
            RecordOp::Get {
                field: 1,
                window: long,
            },
        ];
        r.read(&reads, T0 + 600_000, &mut out);
        assert_eq!(
            out,
            [0, 1, 0],
            "short expired, long kept, wrong shape reads 0"
        );
    }

    #[test]
    fn a_changed_window_restarts_only_that_field() {
        let a = Window::sliding(Duration::from_secs(60));
        let b = Window::sliding(Duration::from_secs(120));
        let mut r = Record::default();
        let mut out = [0; 2];
        let both = |w| {
            [
                RecordOp::Incr {
                    field: 0,
                    window: w,
                },
                RecordOp::Incr {
                    field: 1,
                    window: a,
                },
            ]
        };
        r.apply(&both(a), T0, &mut out);
        r.apply(&both(a), T0, &mut out);
        assert_eq!(out, [2, 2]);
        r.apply(&both(b), T0, &mut out);
        assert_eq!(out, [1, 3]);
        let mut short = [0; 1];
        r.apply(&both(b), T0, &mut short);
        assert_eq!(short, [2], "extra results are dropped, not a panic");
    }
}
