//! The demo shop's order book, shared by the shop stand-in (it records the orders it
//! created and streams their progress) and the fulfillment stand-in (it records the code
//! it delivered after a payment callback), so the order-status stream tells what really
//! happened to an order.
//!
//! Owns only that state, in memory: an order the shop never created (refused or held by
//! riskgate, or a made-up id) is unknown here and is never shown as delivered.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::watch;

/// Where an order the shop created stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OrderState {
    /// Created; no payment callback has reached fulfillment yet.
    PendingPayment,
    /// Fulfillment delivered this code after the signed payment callback.
    Delivered {
        /// The card code fulfillment handed out.
        code: String,
    },
}

/// Orders the shop created and what fulfillment delivered for them; cheap to clone.
#[derive(Debug, Clone)]
pub struct OrderBook {
    orders: Arc<Mutex<HashMap<String, OrderState>>>,
    /// Bumped on every change, so streams wake instead of polling.
    changed: Arc<watch::Sender<u64>>,
}

impl Default for OrderBook {
    fn default() -> Self {
        OrderBook {
            orders: Arc::default(),
            changed: Arc::new(watch::channel(0).0),
        }
    }
}

impl OrderBook {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, OrderState>> {
        // Every write is one insert or one field update: nothing half-done to recover.
        self.orders.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The shop created order `id` (it waits for payment).
    pub fn created(&self, id: &str) {
        self.lock()
            .insert(id.to_string(), OrderState::PendingPayment);
        self.changed.send_modify(|n| *n += 1);
    }

    /// Fulfillment delivered `code` for order `id`. Ignored for an order the shop never
    /// created; the first delivered code stands (a repeated callback delivers the same).
    pub fn delivered(&self, id: &str, code: &str) {
        let mut orders = self.lock();
        match orders.get_mut(id) {
            Some(state @ OrderState::PendingPayment) => {
                *state = OrderState::Delivered {
                    code: code.to_string(),
                }
            }
            _ => return,
        }
        drop(orders);
        self.changed.send_modify(|n| *n += 1);
    }

    /// Where order `id` stands; `None` when the shop never created it.
    pub fn state(&self, id: &str) -> Option<OrderState> {
        self.lock().get(id).cloned()
    }

    /// A receiver that changes whenever any order does.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.changed.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_created_orders_are_known_and_the_first_code_stands() {
        let book = OrderBook::default();
        book.delivered("o-9", "AAAA-BBBB-CCCC");
        assert_eq!(book.state("o-9"), None);
        book.created("o-1");
        assert_eq!(book.state("o-1"), Some(OrderState::PendingPayment));
        let mut rx = book.subscribe();
        book.delivered("o-1", "AAAA-BBBB-CCCC");
        assert!(rx.has_changed().unwrap());
        rx.mark_unchanged();
        book.delivered("o-1", "ZZZZ-ZZZZ-ZZZZ");
        assert!(!rx.has_changed().unwrap());
        assert_eq!(
            book.state("o-1"),
            Some(OrderState::Delivered {
                code: "AAAA-BBBB-CCCC".into()
            })
        );
    }
}
