//! The evaluation harness (`models/eval/`, Python stdlib only) run end to end in a tiny
//! configuration, so it cannot rot: one seed at 03:00 shop time, a few dozen orders through
//! a real `riskgate demo` with the evaluation clock, report-only. Asserts the plumbing
//! (every persona answered, nothing errored, every decision logged at 03:00), not the
//! model's quality, which `make eval` reports.

use std::process::Command;

#[test]
fn tiny_evaluation_runs_through_the_real_demo_at_the_chosen_hour() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("result.json");
    let started = std::time::Instant::now();
    let run = Command::new("python3")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "-m",
            "models.eval",
            "--binary",
            env!("CARGO_BIN_EXE_riskgate"),
        ])
        .args([
            "--seeds", "7", "--hours", "3", "--speed", "600", "--window", "600",
        ])
        .args(["--scale", "0.15", "--report-only", "--out"])
        .arg(&out)
        .arg("--keep-workdir")
        .arg(dir.path().join("cells"))
        .env_remove("RUST_LOG")
        .output()
        .expect("python3 runs (the harness needs Python 3.11+, stdlib only)");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "harness failed:\n{stdout}\n{stderr}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "the tiny evaluation took {:?}",
        started.elapsed()
    );
    assert!(stdout.contains("legit blocked"), "{stdout}");
    let result: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    let cells = result["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 1);
    let cell = &cells[0];
    assert_eq!(cell["hour"], 3);
    let h = &cell["headline"];
    assert_eq!(h["errors"], 0, "{stdout}");
    let legit = h["legit_orders"].as_u64().unwrap();
    let fraud = h["fraud_orders"].as_u64().unwrap();
    assert!(legit >= 30 && fraud >= 15, "{legit} legit, {fraud} fraud");
    // Every order riskgate scored was scored at 03:00 on the evaluation clock.
    let hours = cell["logged_hours_of_day"].as_object().unwrap();
    assert_eq!(hours.keys().collect::<Vec<_>>(), ["3"], "{hours:?}");
    // `--keep-workdir` kept the cell's decision log (one line per scored order) and log.
    let kept = dir.path().join("cells/seed7-h03");
    let decisions = std::fs::read_to_string(kept.join("decisions.jsonl")).unwrap();
    assert!(
        decisions.lines().count() as u64 >= legit + fraud - h["errors"].as_u64().unwrap(),
        "{} decision lines for {legit} + {fraud} orders",
        decisions.lines().count()
    );
    assert!(kept.join("riskgate.log").exists());
    // Every persona of both labels took part and got an answer.
    let per = cell["per_persona"].as_object().unwrap();
    for name in [
        "new_device_high_amount",
        "privacy_browser",
        "cgnat_mobile",
        "mobile_abroad",
        "corporate_bulk",
        "traveller",
        "local_currency",
        "repeat_customer",
        "gift_buyer",
        "card_testing",
        "account_takeover",
        "low_and_slow",
        "scripted_bulk",
        "stolen_card_geo",
        "disposable_email",
        "reseller",
    ] {
        let p = &per[name];
        assert!(
            p["orders"].as_u64().unwrap_or(0) > 0,
            "{name} placed no order"
        );
    }
    // Scripted bulk buying from datacenters is the easiest fraud: some of it is stopped,
    // which shows decisions come back classified (not all counted as allow).
    let bots = &per["scripted_bulk"];
    assert!(
        bots["block"].as_u64().unwrap() + bots["review"].as_u64().unwrap() > 0,
        "{bots}"
    );
}
