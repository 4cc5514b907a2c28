//! The source layout's one rule (issue 17): domain modules never import the glue. The
//! pingora glue (`proxy`), the admin API (`admin`) and the server assembly (`server`) sit
//! on top; everything else is domain code they call, and a domain module that reached up
//! into them would tie the layers into one knot again. Read as text: any mention of
//! `crate::proxy`, `crate::admin` or `crate::server` in a domain file fails.

use std::path::{Path, PathBuf};

/// The domain modules (directories and single files under `src/`).
const DOMAIN: [&str; 18] = [
    "cache",
    "callbacks",
    "config",
    "fingerprint",
    "geo",
    "guards",
    "limits",
    "lists",
    "metrics",
    "reviews",
    "risk",
    "routing",
    "runtime",
    "state",
    "client.rs",
    "metrics.rs",
    "readiness.rs",
    "recent.rs",
];

fn rust_files(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        for e in std::fs::read_dir(p).unwrap() {
            rust_files(&e.unwrap().path(), out);
        }
    } else if p.extension().is_some_and(|e| e == "rs") {
        out.push(p.to_path_buf());
    }
}

#[test]
fn domain_modules_never_import_the_glue() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for d in DOMAIN {
        let p = src.join(d);
        assert!(p.exists(), "{} is listed but missing", p.display());
        rust_files(&p, &mut files);
    }
    assert!(files.len() > 100, "only {} files read", files.len());
    let mut found = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for (n, line) in text.lines().enumerate() {
            for glue in ["crate::proxy", "crate::admin", "crate::server"] {
                if line.contains(glue) {
                    found.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "domain code imports the glue:\n{}",
        found.join("\n")
    );
}
