//! Sliding window of a channel's most recent outcomes (success or failure), as a ring
//! bitset.
//!
//! Owns counting only: the success-rate estimate (with its prior) and the elimination
//! rule live in the selector, which reads [`OutcomeWindow::successes`] and
//! [`OutcomeWindow::len`]. The window counts outcomes, not time: a channel that receives
//! little traffic keeps its old verdict until new outcomes replace it.

/// The last `capacity` outcomes, one bit each (1 = success).
#[derive(Debug, Clone)]
pub(crate) struct OutcomeWindow {
    bits: Box<[u64]>,
    capacity: usize,
    /// Slot the next outcome goes to.
    next: usize,
    /// Outcomes held, ≤ capacity.
    len: usize,
    /// Set bits among the held outcomes.
    successes: usize,
}

impl OutcomeWindow {
    /// Builds an empty window of `capacity` outcomes; allocates once, here.
    pub(crate) fn new(capacity: usize) -> Self {
        let capacity = capacity.max(1);
        OutcomeWindow {
            bits: vec![0; capacity.div_ceil(64)].into_boxed_slice(),
            capacity,
            next: 0,
            len: 0,
            successes: 0,
        }
    }

    /// Appends one outcome, forgetting the oldest when full. Does not allocate.
    pub(crate) fn push(&mut self, success: bool) {
        let (word, mask) = (self.next / 64, 1u64 << (self.next % 64));
        let Some(w) = self.bits.get_mut(word) else {
            return; // unreachable: `next < capacity ≤ 64 · bits.len()`
        };
        if self.len == self.capacity {
            if *w & mask != 0 {
                self.successes -= 1;
            }
        } else {
            self.len += 1;
        }
        if success {
            *w |= mask;
            self.successes += 1;
        } else {
            *w &= !mask;
        }
        self.next = (self.next + 1) % self.capacity;
    }

    /// Returns how many outcomes the window holds (≤ capacity).
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Returns how many of the held outcomes were successes.
    pub(crate) fn successes(&self) -> usize {
        self.successes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reference: count over the last `cap` items of the pushed sequence.
    fn naive(seq: &[bool], cap: usize) -> (usize, usize) {
        let tail = &seq[seq.len().saturating_sub(cap)..];
        (tail.len(), tail.iter().filter(|s| **s).count())
    }

    #[test]
    fn counts_only_the_last_capacity_outcomes() {
        let mut rng = 0x9e37_79b9_7f4a_7c15u64;
        for cap in [1usize, 2, 63, 64, 65, 200, 257] {
            let mut w = OutcomeWindow::new(cap);
            let mut seq = Vec::new();
            for i in 0..(3 * cap + 17) {
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                let s = !rng.is_multiple_of(3);
                w.push(s);
                seq.push(s);
                assert_eq!(
                    (w.len(), w.successes()),
                    naive(&seq, cap),
                    "cap {cap} after {} pushes",
                    i + 1
                );
            }
        }
    }

    #[test]
    fn a_full_window_of_failures_is_replaced_by_successes() {
        let mut w = OutcomeWindow::new(200);
        for _ in 0..200 {
            w.push(false);
        }
        assert_eq!((w.len(), w.successes()), (200, 0));
        for n in 1..=200 {
            w.push(true);
            assert_eq!(w.successes(), n);
        }
        assert_eq!(w.len(), 200);
    }
}
