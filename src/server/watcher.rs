//! The model-file watcher (`risk.watch`): decides when a changed model, shadow model or
//! schema file should trigger a reload. It only decides; housekeeping runs the reload.

use crate::runtime::Runtime;
use std::path::PathBuf;

/// One watched file: path, and (modified time, length) when it exists.
type FileStamp = (PathBuf, Option<(std::time::SystemTime, u64)>);

/// `risk.watch`: polls the model, shadow model and schema files and asks for a reload once
/// a change has held still for one interval (so a file still being written is not loaded
/// half-way; writers should still replace files by rename). A refused reload is not
/// retried until the files change again.
#[derive(Default)]
pub(super) struct ModelWatch {
    /// Stamps as of the last reload (or start), and the generation they belong to.
    seen: Option<(u64, Vec<FileStamp>)>,
    /// Changed stamps waiting to hold still.
    pending: Option<Vec<FileStamp>>,
    last: Option<std::time::Instant>,
}

impl ModelWatch {
    /// Whether the watched files changed and held still: `true` asks for a reload.
    ///
    /// Called on every housekeeping tick; it looks at the files at most once per
    /// `risk.watch` interval and never when `risk.watch` is off.
    pub(super) async fn due(&mut self, rt: &Runtime) -> bool {
        let Some((risk, interval)) = rt.config.risk.as_ref().and_then(|r| Some((r, r.watch?)))
        else {
            *self = ModelWatch::default();
            return false;
        };
        if self.last.is_some_and(|t| t.elapsed() < interval) {
            return false;
        }
        self.last = Some(std::time::Instant::now());
        let mut now = Vec::with_capacity(3);
        for p in [
            Some(&risk.model),
            risk.shadow_model.as_ref(),
            Some(&risk.schema),
        ]
        .into_iter()
        .flatten()
        {
            let stamp = tokio::fs::metadata(p)
                .await
                .ok()
                .map(|m| (m.modified().unwrap_or(std::time::UNIX_EPOCH), m.len()));
            now.push((p.clone(), stamp));
        }
        self.observe(rt.generation, now)
    }

    /// The decision, without the file system: `now` are the stamps just taken while
    /// `generation` serves. `true` when they differ from the baseline and equal the
    /// previous look's (the change held still for one interval).
    fn observe(&mut self, generation: u64, now: Vec<FileStamp>) -> bool {
        let seen = match &self.seen {
            Some((g, seen)) if *g == generation => seen,
            // First look, or the config was reloaded by other means: start from here.
            _ => {
                self.pending = None;
                self.seen = Some((generation, now));
                return false;
            }
        };
        if *seen == now {
            self.pending = None;
            return false;
        }
        if self.pending.as_ref() != Some(&now) {
            // Changed: wait one interval for it to hold still.
            self.pending = Some(now);
            return false;
        }
        // The next generation (if the reload is applied) starts from these stamps; if it
        // is refused, the generation stays and the first arm above takes these stamps as
        // the new baseline, so an unchanged bad file is not retried.
        self.pending = None;
        self.seen = Some((generation + 1, now));
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    /// The model file's stamp with modification time `secs` and length `len`.
    fn stamp(secs: u64, len: u64) -> Vec<FileStamp> {
        vec![(
            PathBuf::from("models/risk.onnx"),
            Some((UNIX_EPOCH + Duration::from_secs(secs), len)),
        )]
    }

    #[test]
    fn the_first_look_is_the_baseline_and_an_unchanged_file_never_reloads() {
        let mut w = ModelWatch::default();
        for _ in 0..3 {
            assert!(!w.observe(1, stamp(10, 100)));
        }
    }

    #[test]
    fn a_change_reloads_once_it_holds_still_for_one_look() {
        let mut w = ModelWatch::default();
        assert!(!w.observe(1, stamp(10, 100)));
        // Still being written: the second look differs again, so keep waiting.
        assert!(!w.observe(1, stamp(20, 50)));
        assert!(!w.observe(1, stamp(21, 100)));
        assert!(w.observe(1, stamp(21, 100)), "held still: reload");
        // The reload was applied (generation 2): the new file is the baseline.
        assert!(!w.observe(2, stamp(21, 100)));
    }

    #[test]
    fn a_refused_file_is_not_retried_until_it_changes_again() {
        let mut w = ModelWatch::default();
        assert!(!w.observe(1, stamp(10, 100)));
        assert!(!w.observe(1, stamp(20, 100)));
        assert!(w.observe(1, stamp(20, 100)));
        // Refused: generation 1 keeps serving; the bad file becomes the baseline.
        for _ in 0..3 {
            assert!(!w.observe(1, stamp(20, 100)));
        }
        // A fixed file replaces it: reload once it holds still.
        assert!(!w.observe(1, stamp(30, 100)));
        assert!(w.observe(1, stamp(30, 100)));
    }

    #[test]
    fn a_deleted_file_counts_as_a_change() {
        let mut w = ModelWatch::default();
        assert!(!w.observe(1, stamp(10, 100)));
        let gone = vec![(PathBuf::from("models/risk.onnx"), None)];
        assert!(!w.observe(1, gone.clone()));
        assert!(w.observe(1, gone));
    }
}
