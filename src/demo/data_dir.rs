//! Where a `riskgate demo` keeps its data: the callback spool, the decision log and the
//! review queue.
//!
//! A demo config leaves `callbacks.spool` and `risk.decision_log.path` unset, and each demo
//! gets its own directory: `--data-dir DIR` when given, else
//! `$XDG_RUNTIME_DIR/riskgate-demo-PORT` (private to the user), else
//! `TMPDIR/riskgate-demo-UID-PORT`, where PORT is riskgate's first listener. Two demos on
//! different ports never share a spool, and a restarted demo on the same port finds its
//! spool again (so nothing acknowledged is lost by a `kill -9`). Paths a config does set
//! are kept as written: a real deployment names its files.
//!
//! A directory in the shared temporary directory is created `0700` and refused when it is
//! a symlink, another user's, or writable by others: the spool decides which payments are
//! fulfilled, and another local user must not be able to plant or read it.
//!
//! It knows nothing of stand-ins or ports beyond the one number in the name.

use crate::config::{raw::RawConfig, Config};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// File names inside the data directory.
pub const SPOOL_FILE: &str = "spool.redb";
/// The decision log's file name inside the data directory.
pub const DECISION_LOG_FILE: &str = "decisions.jsonl";
/// The review queue's store in the data directory.
pub const REVIEWS_FILE: &str = "reviews.redb";

/// The demo's data directory when `--data-dir` is not given (see the module docs).
pub fn default_dir(listen_port: u16) -> PathBuf {
    match std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from) {
        Some(run) if run.is_absolute() && run.is_dir() => {
            run.join(format!("riskgate-demo-{listen_port}"))
        }
        _ => std::env::temp_dir().join(format!("riskgate-demo-{}-{listen_port}", own_uid())),
    }
}

/// The user this process runs as (the owner of `/proc/self`; no libc call needed).
fn own_uid() -> u32 {
    std::fs::metadata("/proc/self")
        .map(|m| m.uid())
        .unwrap_or(0)
}

/// Creates `dir` (mode `0700`) if needed. With `strict` (the default location in a shared
/// directory) it must then be a real directory of this user that nobody else can write.
///
/// Called once at start; the error says what is wrong and how to choose another place.
pub fn prepare(dir: &Path, strict: bool) -> Result<(), String> {
    let made = std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir);
    if let Err(e) = made {
        return Err(format!("demo data directory {}: {e}", dir.display()));
    }
    if !strict {
        return Ok(());
    }
    let meta = std::fs::symlink_metadata(dir)
        .map_err(|e| format!("demo data directory {}: {e}", dir.display()))?;
    let why = if meta.file_type().is_symlink() || !meta.is_dir() {
        Some("is not a plain directory".to_string())
    } else if meta.uid() != own_uid() {
        Some(format!("belongs to uid {}, not this user", meta.uid()))
    } else if meta.permissions().mode() & 0o022 != 0 {
        Some(format!(
            "is writable by others (mode {:o})",
            meta.permissions().mode() & 0o777
        ))
    } else {
        None
    };
    match why {
        Some(why) => Err(format!(
            "demo data directory {} {why}: remove it, or choose another with --data-dir",
            dir.display()
        )),
        None => Ok(()),
    }
}

/// The data files a demo uses, as printed in its banner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFiles {
    /// The callback spool (`None`: the config has no callback routes).
    pub spool: Option<PathBuf>,
    /// The decision log (`None`: no `[risk]`, or the log is off).
    pub decision_log: Option<PathBuf>,
    /// The review queue's store (`None`: no route holds orders and no `[reviews]`).
    pub reviews: Option<PathBuf>,
}

/// Puts the spool and decision log in `dir` where the config (`src`, already validated
/// into `config`) leaves them unset, and returns where they are now. `dir` is only
/// needed (and created) when some path was unset: `prepare` is the caller's call.
pub fn apply(config: &mut Config, src: &str, dir: &Path) -> DataFiles {
    let raw: Option<RawConfig> = toml::from_str(src).ok();
    let spool_set = raw
        .as_ref()
        .and_then(|r| r.callbacks.as_ref())
        .is_some_and(|c| c.spool.is_some());
    let log_set = raw
        .as_ref()
        .and_then(|r| r.risk.as_ref())
        .and_then(|r| r.decision_log.as_ref())
        .is_some_and(|d| d.path.is_some());
    if let Some(c) = config.callbacks.as_mut().filter(|_| !spool_set) {
        c.spool = dir.join(SPOOL_FILE);
    }
    if let Some(r) = config.risk.as_mut().filter(|_| !log_set) {
        r.decision_log.path = Some(dir.join(DECISION_LOG_FILE));
    }
    let reviews_set = raw
        .as_ref()
        .and_then(|r| r.reviews.as_ref())
        .is_some_and(|r| r.store.is_some());
    if let Some(r) = config.reviews.as_mut().filter(|_| !reviews_set) {
        r.store = dir.join(REVIEWS_FILE);
    }
    DataFiles {
        spool: config.callbacks.as_ref().map(|c| c.spool.clone()),
        decision_log: config
            .risk
            .as_ref()
            .and_then(|r| r.decision_log.path.clone()),
        reviews: config.reviews.as_ref().map(|r| r.store.clone()),
    }
}

/// Whether `apply` would use the data directory at all for this config text.
pub fn needs_dir(config: &Config, files: &DataFiles, dir: &Path) -> bool {
    let inside = |p: &Option<PathBuf>| p.as_deref().is_some_and(|p| p.starts_with(dir));
    (config.callbacks.is_some() && inside(&files.spool))
        || inside(&files.decision_log)
        || inside(&files.reviews)
}

/// Another process that has `file` open: its pid and command line. Used to explain a
/// spool that cannot be opened because it is locked (redb's lock is an open-file-
/// description lock, which `/proc/locks` lists without a pid, so this looks at every
/// process's open files instead; processes of other users are not visible).
pub fn holder_of(file: &Path) -> Option<(u32, String)> {
    let target = std::fs::canonicalize(file).ok()?;
    let me = std::process::id();
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        if pid == me {
            continue;
        }
        let Ok(fds) = std::fs::read_dir(entry.path().join("fd")) else {
            continue;
        };
        let holds = fds
            .flatten()
            .any(|fd| std::fs::read_link(fd.path()).is_ok_and(|l| l == target));
        if holds {
            let cmd = std::fs::read(entry.path().join("cmdline"))
                .map(|b| {
                    String::from_utf8_lossy(&b)
                        .split('\0')
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default();
            return Some((pid, cmd));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEMO: &str = include_str!("../../config/demo.toml");

    #[test]
    fn unset_paths_go_to_the_data_dir_and_set_ones_stay() {
        let mut c = crate::config::parse(DEMO, "demo.toml").unwrap();
        let files = apply(&mut c, DEMO, Path::new("/d"));
        assert_eq!(files.spool, Some(PathBuf::from("/d/spool.redb")));
        assert_eq!(
            files.decision_log,
            Some(PathBuf::from("/d/decisions.jsonl"))
        );
        assert!(needs_dir(&c, &files, Path::new("/d")));

        let src = DEMO.replace(
            "[callbacks]\n",
            "[callbacks]\nspool = \"/var/lib/x/spool.redb\"\n",
        );
        let mut c = crate::config::parse(&src, "demo.toml").unwrap();
        let files = apply(&mut c, &src, Path::new("/d"));
        assert_eq!(files.spool, Some(PathBuf::from("/var/lib/x/spool.redb")));
        assert_eq!(
            files.decision_log,
            Some(PathBuf::from("/d/decisions.jsonl"))
        );
    }

    #[test]
    fn the_default_dir_is_named_by_the_port() {
        let d = default_dir(18080);
        let name = d.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with("riskgate-demo-") && name.ends_with("-18080"),
            "{name}"
        );
    }

    #[test]
    fn a_shared_writable_dir_is_refused_and_a_private_one_made() {
        let tmp = tempfile::tempdir().unwrap();
        let ok = tmp.path().join("a/b");
        prepare(&ok, true).unwrap();
        let mode = std::fs::metadata(&ok).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);

        let open = tmp.path().join("open");
        std::fs::create_dir(&open).unwrap();
        std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).unwrap();
        let e = prepare(&open, true).unwrap_err();
        assert!(e.contains("writable by others"), "{e}");

        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&ok, &link).unwrap();
        let e = prepare(&link, true).unwrap_err();
        assert!(e.contains("not a plain directory"), "{e}");
        // Given explicitly (--data-dir), the user's choice stands.
        prepare(&link, false).unwrap();
    }
}
