//! Finding and loading the ONNX Runtime shared library, once per process.
//!
//! riskgate links ONNX Runtime dynamically (`ort` with `load-dynamic`): the library comes from
//! the PyPI `onnxruntime` wheel, never from a download at build or run time. This file owns
//! the search order (configured path → `ORT_DYLIB_PATH` → a repo-local `.venv`), the error
//! that says how to install it, and the process-wide `ort` environment, which ONNX Runtime
//! allows to exist only once. It does not load models (that is [`super::RiskModel`]).

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};

use ort::environment::Environment;

use super::ModelError;

/// How to get the library; part of every [`ModelError::RuntimeMissing`] message.
pub const INSTALL_HINT: &str = "install it with `python3 -m venv .venv && .venv/bin/pip install \
     onnxruntime==1.32.0` in the directory riskgate starts from, or set \
     ORT_DYLIB_PATH=/path/to/libonnxruntime.so.1.32.0, or [risk] onnxruntime = \
     \"/path/to/libonnxruntime.so.1.32.0\"";

/// The environment variable `ort` itself reads; riskgate reads it once, at start.
pub const ORT_DYLIB_ENV: &str = "ORT_DYLIB_PATH";

/// The loaded library and the one `ort` environment every session is created in.
struct Runtime {
    path: PathBuf,
    env: Environment,
}

static RUNTIME: OnceLock<Runtime> = OnceLock::new();
/// Serialises the first initialisation so two threads cannot both try to build the environment.
static INIT: Mutex<()> = Mutex::new(());

/// Returns the ONNX Runtime library to load, without loading it.
///
/// Tried in order: `explicit` (the `[risk] onnxruntime` config value), `env_value` (the value
/// of `ORT_DYLIB_PATH`, empty means unset), then
/// `base/.venv/lib/python3*/site-packages/onnxruntime/capi/libonnxruntime.so*` (the newest
/// match by name). Relative paths are taken relative to `base` (the current directory at
/// start). A configured or environment path that does not exist is an error, not a reason to
/// keep searching: the operator asked for that file. Every error names what was tried and
/// carries [`INSTALL_HINT`].
pub fn locate_runtime(
    explicit: Option<&Path>,
    env_value: Option<&OsStr>,
    base: &Path,
) -> Result<PathBuf, ModelError> {
    let given = |p: &Path, what: &str| {
        let full = base.join(p);
        if full.is_file() {
            Ok(full)
        } else {
            Err(ModelError::RuntimeMissing {
                tried: format!("{what} {} does not exist", full.display()),
            })
        }
    };
    if let Some(p) = explicit {
        return given(p, "[risk] onnxruntime =");
    }
    if let Some(v) = env_value.filter(|v| !v.is_empty()) {
        return given(Path::new(v), "ORT_DYLIB_PATH =");
    }
    venv_library(base).ok_or_else(|| ModelError::RuntimeMissing {
        tried: format!(
            "no [risk] onnxruntime path, ORT_DYLIB_PATH unset, nothing at {}/.venv/lib/python3*/site-packages/onnxruntime/capi/libonnxruntime{}*",
            base.display(),
            std::env::consts::DLL_SUFFIX
        ),
    })
}

/// Returns the newest `libonnxruntime` in `base/.venv`'s site-packages, if any.
fn venv_library(base: &Path) -> Option<PathBuf> {
    let lib = base.join(".venv").join("lib");
    let mut found: Vec<PathBuf> = Vec::new();
    for py in std::fs::read_dir(lib).ok()?.flatten() {
        if !py.file_name().to_string_lossy().starts_with("python3") {
            continue;
        }
        let capi = py.path().join("site-packages/onnxruntime/capi");
        let Ok(entries) = std::fs::read_dir(&capi) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name();
            let name = name.to_string_lossy();
            // `libonnxruntime.so.1.32.0` (Linux), `libonnxruntime.1.32.0.dylib` (macOS); not
            // `libonnxruntime_providers_shared.so`.
            if name.starts_with("libonnxruntime.") && name.contains(std::env::consts::DLL_SUFFIX) {
                found.push(e.path());
            }
        }
    }
    found.into_iter().max()
}

/// Finds and loads ONNX Runtime once per process and returns the library path in use.
///
/// Called at start with the `[risk] onnxruntime` config value (or `None`), before the first
/// [`super::RiskModel::load`] (which otherwise calls it with `None`). Later calls return the
/// loaded path; a later call naming a *different* library is
/// [`ModelError::RuntimeConflict`] (a process cannot switch ONNX Runtime; restart instead).
pub fn init_runtime(explicit: Option<&Path>) -> Result<PathBuf, ModelError> {
    let base = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    if let Some(rt) = RUNTIME.get() {
        return same_library(rt, explicit, &base);
    }
    let _guard = INIT.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(rt) = RUNTIME.get() {
        return same_library(rt, explicit, &base);
    }
    let env_value = std::env::var_os(ORT_DYLIB_ENV);
    let path = locate_runtime(explicit, env_value.as_deref(), &base)?;
    let builder = ort::init_from(&path).map_err(|e| ModelError::RuntimeLoad {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    let env = builder
        .with_name("riskgate")
        .with_telemetry(false)
        .build()
        .map_err(|e| ModelError::RuntimeLoad {
            path: path.clone(),
            reason: e.to_string(),
        })?;
    let rt = RUNTIME.get_or_init(|| Runtime { path, env });
    Ok(rt.path.clone())
}

/// Returns the path of the loaded ONNX Runtime library, or `None` before [`init_runtime`].
/// For `/readyz` and start-up logs.
pub fn runtime_path() -> Option<&'static Path> {
    RUNTIME.get().map(|rt| rt.path.as_path())
}

/// Returns the process environment, initialising the runtime by the default search if needed.
pub(super) fn environment() -> Result<&'static Environment, ModelError> {
    if RUNTIME.get().is_none() {
        init_runtime(None)?;
    }
    match RUNTIME.get() {
        Some(rt) => Ok(&rt.env),
        // init_runtime returned Ok, so the cell is set; report rather than panic regardless.
        None => Err(ModelError::RuntimeMissing {
            tried: "the runtime initialised without an environment".to_string(),
        }),
    }
}

fn same_library(rt: &Runtime, explicit: Option<&Path>, base: &Path) -> Result<PathBuf, ModelError> {
    let Some(requested) = explicit else {
        return Ok(rt.path.clone());
    };
    let requested = base.join(requested);
    let canon = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    if canon(&requested) == canon(&rt.path) {
        Ok(rt.path.clone())
    } else {
        Err(ModelError::RuntimeConflict {
            loaded: rt.path.clone(),
            requested,
        })
    }
}
