//! The command line: `check` on the shipped configs and on broken ones, and `run`
//! refusing to start on a bad config.

use std::process::Command;

fn riskgate(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_riskgate"))
        .args(args)
        .env("RISKGATE_ADMIN_TOKEN", "cli-test-token-0123456789")
        .output()
        .expect("run riskgate")
}

#[test]
fn shipped_configs_pass_check() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/config");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let out = riskgate(&["check", "--config", path.to_str().unwrap()]);
            assert!(
                out.status.success(),
                "{}: {}",
                path.display(),
                String::from_utf8_lossy(&out.stderr)
            );
            n += 1;
        }
    }
    assert!(n >= 2, "config/ holds riskgate.toml and demo.toml at least");
}

#[test]
fn check_reports_every_problem_with_line_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(
        &path,
        "[server]\nlisten = [\"127.0.0.1:99999\"]\n\n[upstreams.a]\nservers = [\"127.0.0.1:1\"]\n\n[[routes]]\nkind = \"statik\"\nupstream = \"b\"\n",
    )
    .unwrap();
    let out = riskgate(&["check", "--config", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("3 problems"), "{err}");
    assert!(
        err.contains("bad.toml:2: server.listen[0]: `127.0.0.1:99999` is not an address"),
        "{err}"
    );
    assert!(
        err.contains("bad.toml:8: routes[0].kind: `statik` is not a route kind"),
        "{err}"
    );
    assert!(
        err.contains("bad.toml:9: routes[0].upstream: `b` is not defined"),
        "{err}"
    );
}

#[test]
fn run_refuses_to_start_on_a_bad_config() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, "[server]\nthreads = \"many\"\n").unwrap();
    let out = riskgate(&["run", "--config", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.toml:2:"), "{err}");
    assert!(err.contains("invalid type"), "{err}");
}

#[test]
fn run_refuses_to_start_without_an_admin_token() {
    let cfg = concat!(env!("CARGO_MANIFEST_DIR"), "/config/demo.toml");
    let out = Command::new(env!("CARGO_BIN_EXE_riskgate"))
        .args(["run", "--config", cfg])
        .env_remove("RISKGATE_ADMIN_TOKEN")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("RISKGATE_ADMIN_TOKEN"));
}

#[test]
fn missing_file_is_a_clear_error() {
    let out = riskgate(&["check", "--config", "/nonexistent/riskgate.toml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read file"));
}
