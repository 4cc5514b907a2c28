//! Console sessions: who is logged in, their CSRF token, and the failed-login brake.
//!
//! A session is created only by a login that presented the admin token. Its id (the
//! cookie value) and its CSRF token are 256-bit values derived from a per-process key
//! read from the kernel's CSPRNG and a counter (SHA-256, as the review queue's buyer
//! tokens), so they are unguessable and never reused. Sessions live in memory: a restart
//! logs everyone out, which is the safe direction.

use sha2::{Digest, Sha256};
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;

/// How long a session lasts after login (one working shift).
pub const SESSION_TTL_MS: u64 = 8 * 3600 * 1000;

/// Sessions kept at most; a login beyond this evicts the one closest to expiry (a token
/// holder cannot grow memory without bound).
const MAX_SESSIONS: usize = 256;

/// Failed logins allowed per [`FAIL_WINDOW_MS`] before every login is refused with 429
/// until the window has passed (a parallel guesser; the per-attempt delay slows a serial
/// one).
pub const MAX_FAILURES: usize = 10;

/// The failed-login window.
pub const FAIL_WINDOW_MS: u64 = 60_000;

/// One logged-in person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The CSRF token every state-changing form of this session carries.
    pub csrf: String,
    /// The reviewer name given at login (`X-Risk-Reviewed-By`, list `reason`s).
    pub name: String,
    /// Unix milliseconds after which the session is gone.
    pub expires_ms: u64,
    /// A one-shot message for the next page (the outcome of the last action).
    pub flash: Option<String>,
}

/// The session table and the failed-login record.
pub struct Sessions {
    /// `None` when the kernel's randomness could not be read: no session can be made.
    key: Option<[u8; 32]>,
    counter: AtomicU64,
    table: Mutex<HashMap<String, Session>>,
    failures: Mutex<VecDeque<u64>>,
}

/// 32 bytes from the kernel's CSPRNG.
fn random_key() -> Option<[u8; 32]> {
    crate::secret::random_bytes().ok()
}

impl Default for Sessions {
    fn default() -> Self {
        Self::new()
    }
}

impl Sessions {
    /// An empty table with a fresh key (read once, at start).
    pub fn new() -> Self {
        Sessions {
            key: random_key(),
            counter: AtomicU64::new(0),
            table: Mutex::new(HashMap::new()),
            failures: Mutex::new(VecDeque::new()),
        }
    }

    fn secret(&self, purpose: &[u8]) -> Option<String> {
        let key = self.key?;
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        let mut h = Sha256::new();
        h.update(key);
        h.update(n.to_le_bytes());
        h.update(purpose);
        Some(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
    }

    fn table(&self) -> std::sync::MutexGuard<'_, HashMap<String, Session>> {
        // A panic while holding the lock leaves a consistent map: keep using it.
        self.table.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Starts a session for `name`; returns its id, or `None` without randomness.
    pub fn create(&self, name: &str, now_ms: u64) -> Option<String> {
        let id = self.secret(b"session")?;
        let csrf = self.secret(b"csrf")?;
        let mut t = self.table();
        t.retain(|_, s| s.expires_ms > now_ms);
        if t.len() >= MAX_SESSIONS {
            if let Some(oldest) = t
                .iter()
                .min_by_key(|(_, s)| s.expires_ms)
                .map(|(k, _)| k.clone())
            {
                t.remove(&oldest);
            }
        }
        t.insert(
            id.clone(),
            Session {
                csrf,
                name: name.to_string(),
                expires_ms: now_ms + SESSION_TTL_MS,
                flash: None,
            },
        );
        Some(id)
    }

    /// The live session with this id (an expired one is removed).
    pub fn get(&self, id: &str, now_ms: u64) -> Option<Session> {
        let mut t = self.table();
        match t.get(id) {
            Some(s) if s.expires_ms > now_ms => Some(s.clone()),
            Some(_) => {
                t.remove(id);
                None
            }
            None => None,
        }
    }

    /// Takes the session's one-shot message.
    pub fn take_flash(&self, id: &str) -> Option<String> {
        self.table().get_mut(id)?.flash.take()
    }

    /// Sets the session's one-shot message.
    pub fn set_flash(&self, id: &str, msg: String) {
        if let Some(s) = self.table().get_mut(id) {
            s.flash = Some(msg);
        }
    }

    /// Ends a session.
    pub fn remove(&self, id: &str) {
        self.table().remove(id);
    }

    /// Whether logins are refused now (too many recent failures).
    pub fn locked_out(&self, now_ms: u64) -> bool {
        let mut f = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        while f.front().is_some_and(|&t| t + FAIL_WINDOW_MS <= now_ms) {
            f.pop_front();
        }
        f.len() >= MAX_FAILURES
    }

    /// Records a failed login.
    pub fn failed(&self, now_ms: u64) {
        let mut f = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        f.push_back(now_ms);
        while f.len() > MAX_FAILURES {
            f.pop_front();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_expire_and_carry_distinct_secrets() {
        let s = Sessions::new();
        let a = s.create("alice", 1_000).unwrap();
        let b = s.create("bob", 1_000).unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        let sa = s.get(&a, 2_000).unwrap();
        let sb = s.get(&b, 2_000).unwrap();
        assert_ne!(sa.csrf, sb.csrf);
        assert_ne!(sa.csrf, a);
        assert_eq!(sa.name, "alice");
        assert!(s.get(&a, 1_000 + SESSION_TTL_MS).is_none());
        assert!(s.get("nope", 2_000).is_none());
        s.remove(&b);
        assert!(s.get(&b, 2_000).is_none());
    }

    #[test]
    fn flash_is_shown_once() {
        let s = Sessions::new();
        let a = s.create("alice", 0).unwrap();
        s.set_flash(&a, "approved".into());
        assert_eq!(s.take_flash(&a).as_deref(), Some("approved"));
        assert_eq!(s.take_flash(&a), None);
    }

    #[test]
    fn failures_lock_logins_for_the_window() {
        let s = Sessions::new();
        for i in 0..MAX_FAILURES as u64 {
            assert!(!s.locked_out(i));
            s.failed(i);
        }
        assert!(s.locked_out(100));
        assert!(!s.locked_out(FAIL_WINDOW_MS + MAX_FAILURES as u64));
    }

    #[test]
    fn the_session_table_is_bounded() {
        let s = Sessions::new();
        let first = s.create("a", 0).unwrap();
        for i in 1..=MAX_SESSIONS as u64 {
            s.create("a", i).unwrap();
        }
        assert!(s.get(&first, 10).is_none(), "the oldest was evicted");
        assert_eq!(s.table().len(), MAX_SESSIONS);
    }
}
