//! The guards' lists: the allow/block check of each request, list reloads, and the
//! admin list changes published to the fleet's journal.

use super::*;

/// The metrics label of a list hit (emails and email domains share `email`).
pub(super) fn metric_kind(code: HitReason) -> &'static str {
    match code {
        HitReason::BlacklistIp => "ip",
        HitReason::BlacklistDevice => "device",
        HitReason::BlacklistUser => "user",
        HitReason::BlacklistEmail => "email",
    }
}

pub(super) fn paths(files: &(ListFiles, ListFiles)) -> ListPaths {
    let kind = |f: &ListFiles| KindFiles {
        ip: f.ip.clone(),
        device: f.device.clone(),
        user: f.user.clone(),
        email: f.email.clone(),
        email_domain: f.email_domain.clone(),
    };
    ListPaths {
        block: kind(&files.0),
        allow: kind(&files.1),
    }
}

impl Guards {
    /// Publishes an admin list addition to the fleet's list journal (no-op without a
    /// fleet backend); every edge applies it within `[state] list_poll`. A Redis that
    /// cannot take it leaves the change on this edge only, which is logged.
    pub async fn publish_list_add(&self, e: &crate::lists::EntryView) {
        let Some(f) = &self.fleet else { return };
        let fields = [
            ("op", "add".to_string()),
            ("list", e.list.as_str().to_string()),
            ("kind", e.kind.as_str().to_string()),
            ("value", e.value.clone()),
            (
                "expires",
                e.expires_at.map(|x| x.to_string()).unwrap_or_default(),
            ),
            ("reason", e.reason.clone().unwrap_or_default()),
            ("by", e.added_by.clone().unwrap_or_default()),
        ];
        if let Err(fault) = f.journal_append(&fields).await {
            tracing::warn!(
                "list entry {} not shared with the fleet (redis {})",
                e.value,
                fault.as_str()
            );
        }
    }

    /// Publishes an admin list removal to the fleet's list journal (see
    /// [`Guards::publish_list_add`]).
    pub async fn publish_list_remove(
        &self,
        list: crate::lists::ListName,
        kind: crate::lists::ListKind,
        value: &str,
    ) {
        let Some(f) = &self.fleet else { return };
        let fields = [
            ("op", "remove".to_string()),
            ("list", list.as_str().to_string()),
            ("kind", kind.as_str().to_string()),
            ("value", value.to_string()),
        ];
        if let Err(fault) = f.journal_append(&fields).await {
            tracing::warn!(
                "list removal of {value} not shared with the fleet (redis {})",
                fault.as_str()
            );
        }
    }

    /// Re-reads the list files for a reload; a failure leaves the current lists serving.
    ///
    /// With the same files, entries are re-read in place; with different files, a new set
    /// of lists is loaded and swapped in.
    pub fn reload_lists(&self, config: &Config) -> Result<(), ListError> {
        let files = (config.lists.block.clone(), config.lists.allow.clone());
        if **self.list_files.load() == files {
            return self.lists.load().reload();
        }
        let lists = Lists::load(paths(&files))?;
        self.lists.store(Arc::new(lists));
        self.list_files.store(Arc::new(files));
        Ok(())
    }

    /// The allow and block lists: `Some` when they decide the request.
    pub(super) fn check_lists(&self, s: &Subject<'_>) -> Option<Verdict> {
        let now_s = self.clock.unix_secs();
        let q = ListQuery {
            ip: Some(s.ip),
            device: s.device,
            user: s.user,
            email: s.email,
        };
        let lists = self.lists.load();
        if lists.is_allowed(&q, now_s) {
            return Some(Verdict::Pass {
                allowlisted: true,
                velocity: None,
            });
        }
        lists.check(&q, now_s).map(|hit| Verdict::Listed {
            reason: hit.code.into(),
            kind: metric_kind(hit.code),
        })
    }
}
