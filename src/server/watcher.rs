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
        let seen = match &self.seen {
            Some((g, seen)) if *g == rt.generation => seen,
            // First look, or the config was reloaded by other means: start from here.
            _ => {
                self.pending = None;
                self.seen = Some((rt.generation, now));
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
        self.seen = Some((rt.generation + 1, now));
        true
    }
}
