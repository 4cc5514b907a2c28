//! Tracing set-up: human-readable lines by default, JSON with `--log-json` or `[log] format`.
//!
//! Access-log lines are ordinary events with target `riskgate::access`, so operators can
//! route or silence them with a filter such as `riskgate::access=off`.
//!
//! Lines never go to stderr from a request: they are appended to an in-memory queue that
//! one thread writes out every 20 ms (`TICK`). A slow or stalled stderr (a full pipe to a
//! log shipper) then delays logging, not requests; past 32 MiB (`MAX_QUEUED`), lines are
//! dropped and the number dropped is written once stderr drains. [`flush`] writes what is
//! queued (the process calls it before exiting).

use crate::config::LogFormat;
use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::Duration;
use tracing_subscriber::EnvFilter;

/// How often queued lines are written out.
const TICK: Duration = Duration::from_millis(20);
/// Queued bytes beyond which new lines are dropped (a few seconds of access log at
/// 100,000 requests per second).
const MAX_QUEUED: usize = 32 * 1024 * 1024;

struct Queue {
    buf: Mutex<Vec<u8>>,
    dropped: AtomicU64,
    /// Held while writing to stderr, so `flush` and the thread do not interleave.
    out: Mutex<Vec<u8>>,
}

static QUEUE: OnceLock<Queue> = OnceLock::new();

impl Queue {
    fn push(&self, line: &[u8]) {
        let mut b = self.buf.lock().unwrap_or_else(PoisonError::into_inner);
        if b.len() + line.len() > MAX_QUEUED {
            self.dropped.fetch_add(1, Ordering::Relaxed);
            return;
        }
        b.extend_from_slice(line);
    }

    /// Writes everything queued so far to stderr.
    fn drain(&self) {
        let mut out = self.out.lock().unwrap_or_else(PoisonError::into_inner);
        {
            let mut b = self.buf.lock().unwrap_or_else(PoisonError::into_inner);
            std::mem::swap(&mut *b, &mut *out);
        }
        let dropped = self.dropped.swap(0, Ordering::Relaxed);
        if out.is_empty() && dropped == 0 {
            return;
        }
        let mut err = std::io::stderr().lock();
        if !out.is_empty() {
            let _ = err.write_all(&out);
        }
        if dropped > 0 {
            let _ = writeln!(
                err,
                "riskgate: {dropped} log lines dropped (stderr did not keep up)"
            );
        }
        let _ = err.flush();
        out.clear();
        // Give back memory after a burst.
        if out.capacity() > 1024 * 1024 {
            out.shrink_to(64 * 1024);
        }
    }
}

/// The `MakeWriter` of the subscriber: each event is formatted whole, then appended.
struct QueueWriter;

impl Write for QueueWriter {
    fn write(&mut self, line: &[u8]) -> std::io::Result<usize> {
        match QUEUE.get() {
            Some(q) => q.push(line),
            None => std::io::stderr().write_all(line)?,
        }
        Ok(line.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn start_queue() {
    if QUEUE.get().is_some() {
        return;
    }
    let spawned = std::thread::Builder::new()
        .name("riskgate-log".into())
        .spawn(|| loop {
            std::thread::sleep(TICK);
            if let Some(q) = QUEUE.get() {
                q.drain();
            }
        });
    match spawned {
        Ok(_) => {
            let _ = QUEUE.set(Queue {
                buf: Mutex::new(Vec::with_capacity(64 * 1024)),
                dropped: AtomicU64::new(0),
                out: Mutex::new(Vec::with_capacity(64 * 1024)),
            });
        }
        // Without the thread, lines are written synchronously (see `QueueWriter`).
        Err(e) => eprintln!("riskgate: no log writer thread ({e}); logging synchronously"),
    }
}

/// Writes every queued log line to stderr now. Called before the process exits.
pub fn flush() {
    if let Some(q) = QUEUE.get() {
        q.drain();
    }
}

/// Installs the global subscriber. Called once by `main` before anything logs.
///
/// `RUST_LOG`, when set, overrides `level`.
pub fn init(format: LogFormat, level: &str) {
    let filter = EnvFilter::try_from_default_env()
        .or_else(|_| EnvFilter::try_new(level))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    start_queue();
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        // Colours only for a terminal, not in files or log pipes.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(|| QueueWriter);
    let _ = match format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Human => builder.try_init(),
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_past_the_bound_are_dropped_and_counted_not_blocked_on() {
        let q = Queue {
            buf: Mutex::new(Vec::new()),
            dropped: AtomicU64::new(0),
            out: Mutex::new(Vec::new()),
        };
        let line = vec![b'x'; 1024 * 1024];
        for _ in 0..MAX_QUEUED / line.len() {
            q.push(&line);
        }
        assert_eq!(q.dropped.load(Ordering::Relaxed), 0);
        q.push(b"one more\n");
        q.push(&line);
        assert_eq!(q.dropped.load(Ordering::Relaxed), 2);
        assert_eq!(q.buf.lock().unwrap().len(), MAX_QUEUED);
    }
}
