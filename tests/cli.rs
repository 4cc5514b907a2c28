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
            let out = riskgate(&["check", "--config-only", "--config", path.to_str().unwrap()]);
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
fn check_reports_every_unknown_key_and_type_error_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(
        &path,
        "[server]\nlisten = \"not-an-address\"\nthread = 4\n[upstreams.a]\nservers = [\"127.0.0.1:1\"]\n\
         connect_timeout = 5\n[[routes]]\nkind = \"pass\"\nupstream = \"a\"\nprefx = \"/\"\n",
    )
    .unwrap();
    let out = riskgate(&["check", "--config", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("4 problems"), "{err}");
    for needle in [
        "bad.toml:2: server.listen: invalid type: string \"not-an-address\", expected a sequence",
        "bad.toml:3: server.thread: unknown field `thread`",
        "bad.toml:6: upstreams.a.connect_timeout: invalid type: integer `5`",
        "bad.toml:10: routes[0].prefx: unknown field `prefx`",
    ] {
        assert!(err.contains(needle), "{needle}\n{err}");
    }
}

/// `check` loads what `run` would: secrets, model and schema, geo files, data directories,
/// and reports each problem, not only the first.
#[test]
fn check_loads_what_run_would_and_reports_every_start_up_problem() {
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("edge.toml");
    let config = |model: &str, geo: &str, spool: &str| {
        format!(
            "[admin]\ntoken_env = \"RG_CHECK_TOKEN\"\n[geo]\ncountry_db = \"{geo}\"\n\
             asn_db = \"{root}/geoip/asn.mmdb\"\n[risk]\nmodel = \"{model}\"\n\
             schema = \"{root}/models/schema.json\"\n[channels.alpha]\nurl = \"http://127.0.0.1:1\"\n\
             dialect = \"epay\"\nsecret_env = \"RG_CHECK_ALPHA\"\n[upstreams.shop]\n\
             servers = [\"127.0.0.1:1\"]\n[[routes]]\nkind = \"callback\"\nchannel = \"alpha\"\n\
             upstream = \"shop\"\nprefix = \"/cb\"\n[callbacks]\nspool = \"{spool}\"\n"
        )
    };
    let run_check = |envs: &[(&str, &str)]| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_riskgate"));
        cmd.args(["check", "--config", path.to_str().unwrap()])
            .env_remove("RG_CHECK_TOKEN")
            .env_remove("RG_CHECK_ALPHA");
        for (k, v) in envs {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    };
    std::fs::write(
        &path,
        config(
            "/nonexistent/risk.onnx",
            "/nonexistent/country.mmdb",
            "/dev/null/dir/spool.redb",
        ),
    )
    .unwrap();
    let out = run_check(&[]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("5 problems at start-up"), "{err}");
    for needle in [
        "admin.token_env: environment variable RG_CHECK_TOKEN",
        "geo",
        "/nonexistent/country.mmdb",
        "/nonexistent/risk.onnx",
        "channels.alpha.secret_env: environment variable RG_CHECK_ALPHA is not set",
        "callbacks.spool: /dev/null/dir/spool.redb: /dev/null is not an existing directory",
    ] {
        assert!(err.contains(needle), "{needle}\n{err}");
    }
    // Fixed: it would start, and checking created no file.
    let spool = dir.path().join("spool.redb");
    std::fs::write(
        &path,
        config(
            &format!("{root}/models/risk.onnx"),
            &format!("{root}/geoip/country.mmdb"),
            spool.to_str().unwrap(),
        ),
    )
    .unwrap();
    let out = run_check(&[
        ("RG_CHECK_TOKEN", "check-test-token-0123456789"),
        ("RG_CHECK_ALPHA", "alpha-merchant-key-0123456789abcdef"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!spool.exists(), "check must not create the spool");
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
