//! Request recording for stand-ins: [`RecordedRequest`] (an owned snapshot of
//! one request) and [`RequestLog`] (a shared, append-only list of them).
//!
//! It deliberately does not decide what gets recorded or when; the servers do.

use std::sync::{Arc, Mutex, MutexGuard};

use http::request::Parts;

/// An owned snapshot of one request as a stand-in received it.
#[derive(Clone, Debug)]
pub struct RecordedRequest {
    /// Request method, e.g. `POST`.
    pub method: String,
    /// Path plus query string, e.g. `/api/orders?x=1`.
    pub path: String,
    /// Header `(name, value)` pairs in arrival order (repeats of a name are
    /// grouped after its first occurrence); names are lower-case, and values
    /// that are not valid UTF-8 are converted lossily.
    pub headers: Vec<(String, String)>,
    /// The full request body.
    pub body: Vec<u8>,
    /// HTTP version, e.g. `HTTP/1.1` or `HTTP/2.0`.
    pub version: String,
}

impl RecordedRequest {
    /// Captures request parts and an already-buffered body.
    pub(crate) fn from_parts(parts: &Parts, body: &[u8]) -> Self {
        let path = parts.uri.path_and_query().map_or_else(
            || parts.uri.path().to_string(),
            |pq| pq.as_str().to_string(),
        );
        let headers = parts
            .headers
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_string(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        Self {
            method: parts.method.as_str().to_string(),
            path,
            headers,
            body: body.to_vec(),
            version: format!("{:?}", parts.version),
        }
    }

    /// Returns the first value of header `name` (case-insensitive), if any.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Returns the path without its query string.
    pub fn path_only(&self) -> &str {
        self.path.split_once('?').map_or(&self.path, |(p, _)| p)
    }

    /// Returns whether this request matches `path`: the exact path+query when
    /// `path` contains `?`, otherwise the path with any query ignored.
    pub(crate) fn matches_path(&self, path: &str) -> bool {
        if path.contains('?') {
            self.path == path
        } else {
            self.path_only() == path
        }
    }
}

/// A shared, append-only log of the requests a stand-in received.
#[derive(Clone, Debug, Default)]
pub struct RequestLog {
    inner: Arc<Mutex<Vec<RecordedRequest>>>,
}

impl RequestLog {
    /// Creates an empty log.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, Vec<RecordedRequest>> {
        // A panic while holding the lock cannot leave a Vec half-pushed.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Appends one request.
    pub(crate) fn push(&self, req: RecordedRequest) {
        self.lock().push(req);
    }

    /// Returns how many requests were recorded (every path and method).
    pub fn count(&self) -> usize {
        self.lock().len()
    }

    /// Returns how many recorded requests match `path`; the query is ignored
    /// unless `path` itself contains `?`, in which case path+query must match.
    pub fn count_path(&self, path: &str) -> usize {
        self.lock().iter().filter(|r| r.matches_path(path)).count()
    }

    /// Returns a copy of every recorded request, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().clone()
    }

    /// Returns the most recently recorded request.
    pub fn last(&self) -> Option<RecordedRequest> {
        self.lock().last().cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(path: &str) -> RecordedRequest {
        let (parts, ()) = http::Request::builder()
            .method("PUT")
            .uri(path)
            .header("X-Upper", "One")
            .header("accept", "a")
            .header("x-upper", "two")
            .body(())
            .unwrap()
            .into_parts();
        RecordedRequest::from_parts(&parts, b"hi")
    }

    #[test]
    fn snapshot_keeps_order_and_lowercases_names() {
        let r = rec("/a?b=1");
        assert_eq!(r.method, "PUT");
        assert_eq!(r.path, "/a?b=1");
        assert_eq!(r.path_only(), "/a");
        assert_eq!(r.body, b"hi");
        assert_eq!(r.version, "HTTP/1.1");
        // http::HeaderMap groups repeated names, keeping their relative order.
        let names: Vec<_> = r.headers.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["x-upper", "x-upper", "accept"]);
        assert_eq!(r.header("X-UPPER"), Some("One"));
        assert_eq!(r.header("missing"), None);
    }

    #[test]
    fn count_path_ignores_query_unless_given() {
        let log = RequestLog::new();
        log.push(rec("/a?b=1"));
        log.push(rec("/a"));
        log.push(rec("/ab"));
        assert_eq!(log.count(), 3);
        assert_eq!(log.count_path("/a"), 2);
        assert_eq!(log.count_path("/a?b=1"), 1);
        assert_eq!(log.count_path("/a?b=2"), 0);
        assert_eq!(log.last().unwrap().path, "/ab");
        assert_eq!(log.requests().len(), 3);
    }
}
