//! The gap report through the binary: every format renders, `-o` writes atomically, the
//! report is deterministic, and every exit code is what DESIGN.md promises.
//!
//! Runs that compare two reports use `--threads 1`: with more threads, the partial profiles of
//! a multi-file table can group rows differently from run to run (README, "Known limits").

#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail loudly on a broken fixture"
)]

mod common;

use common::*;
use serde_json::Value;

const PROD: &str = "samples/production";
const PILOT: &str = "samples/pilot";

fn scan_json(extra: &[&str]) -> (i32, Value, String) {
    let mut args = vec![
        "scan",
        PROD,
        "--baseline",
        PILOT,
        "--format",
        "json",
        "-q",
        "--threads",
        "1",
    ];
    args.extend(extra);
    let out = gapscan()
        .env("SOURCE_DATE_EPOCH", "0")
        .args(&args)
        .output()
        .unwrap();
    let (code, stdout, stderr) = parts(&out);
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("report is JSON ({e}); stderr: {stderr}"));
    (code, json, stderr)
}

#[test]
fn json_report_follows_the_contract() {
    let (code, r, stderr) = scan_json(&[]);
    assert_eq!(code, 0, "no --fail-on: exit 0; stderr: {stderr}");
    assert_eq!(r["format"], "gapscan.report/v1");
    assert_eq!(r["generated_at"], "1970-01-01T00:00:00Z");
    assert_eq!(r["inputs"]["current"]["tables"], 4);
    assert_eq!(r["inputs"]["current"]["rows"], 33200);
    assert_eq!(r["inputs"]["baseline"]["rows"], 2960);
    let score = r["summary"]["readiness_score"].as_u64().unwrap();
    assert!(score <= 100);
    for area in ["schema", "quality", "sensitive", "drift"] {
        assert!(
            r["summary"]["effort"]["by_area"][area].is_number(),
            "{area}"
        );
    }
    let tables = r["tables"].as_array().unwrap();
    let names: Vec<&str> = tables.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["customers", "events", "orders", "products"]);
    let orders = &tables[2];
    let amount = orders["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "amount")
        .unwrap();
    assert_eq!(amount["picture"]["kind"], "histogram");
    // Every finding carries the contract's fields, and ids are unique.
    let findings = r["findings"].as_array().unwrap();
    let mut ids: Vec<&str> = findings.iter().map(|f| f["id"].as_str().unwrap()).collect();
    for f in findings {
        for field in [
            "kind",
            "area",
            "severity",
            "table",
            "message",
            "evidence",
            "remediation",
        ] {
            assert!(!f[field].is_null(), "{field} missing in {f}");
        }
        assert!(f["effort_days"].as_f64().unwrap() >= 0.0);
    }
    ids.sort_unstable();
    let n = ids.len();
    ids.dedup();
    assert_eq!(ids.len(), n, "finding ids are unique");
}

#[test]
fn the_same_input_gives_the_same_report() {
    let (_, a, _) = scan_json(&[]);
    let (_, b, _) = scan_json(&[]);
    assert_eq!(a, b);
}

#[test]
fn every_format_renders_and_writes_atomically() {
    let dir = tempdir();
    for (format, marker) in [
        ("text", "Readiness"),
        ("markdown", "# Data readiness gap report"),
        ("html", "<!DOCTYPE html>"),
        ("json", "\"gapscan.report/v1\""),
    ] {
        let path = dir.path().join(format!("report.{format}"));
        let out = run(&[
            "scan",
            PROD,
            "--baseline",
            PILOT,
            "-q",
            "--format",
            format,
            "-o",
            path.to_str().unwrap(),
        ]);
        let (code, stdout, stderr) = parts(&out);
        assert_eq!(code, 0, "{format}: {stderr}");
        assert!(stdout.is_empty(), "-o leaves stdout empty");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(marker), "{format} lacks {marker}");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("report."))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary files left: {leftovers:?}"
    );
}

#[test]
fn text_has_no_colour_when_no_color_is_set() {
    let out = run(&["scan", PROD, "--baseline", PILOT, "-q"]);
    let (_, stdout, _) = parts(&out);
    assert!(!stdout.contains('\x1b'), "no escape codes when piped");
    assert!(stdout.starts_with("Readiness "));
}

#[test]
fn exit_1_when_a_finding_reaches_fail_on() {
    let (code, r, _) = scan_json(&["--fail-on", "low"]);
    assert!(
        !r["findings"].as_array().unwrap().is_empty(),
        "the samples plant findings"
    );
    assert_eq!(code, 1);
    // A threshold above every finding passes.
    let worst = ["critical", "high", "medium", "low"]
        .into_iter()
        .find(|s| r["summary"]["findings"][s].as_u64().unwrap() > 0)
        .unwrap();
    if worst != "critical" {
        let (code, _, _) = scan_json(&["--fail-on", "critical"]);
        assert_eq!(code, 0, "worst finding is {worst}");
    }
}

#[test]
fn exit_2_on_configuration_errors_without_a_report() {
    let dir = tempdir();
    let model = dir.path().join("costs.json");
    std::fs::write(&model, r#"{"kinds": {"no_such_kind": {"days": 1}}}"#).unwrap();
    let out = run(&[
        "scan",
        PROD,
        "--cost-model",
        model.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let (code, stdout, stderr) = parts(&out);
    assert_eq!(code, 2);
    assert!(stdout.is_empty(), "no report on exit 2");
    assert!(
        stderr.contains("costs.json") && stderr.contains("no_such_kind"),
        "{stderr}"
    );

    let out = run(&["scan", PROD, "--fail-on", "sometimes"]);
    assert_eq!(parts(&out).0, 2);
    let out = run(&["scan", "does/not/exist", "--format", "json"]);
    assert_eq!(parts(&out).0, 2);
    let out = run(&["scan", PROD, "--map-table", "nope"]);
    let (code, _, stderr) = parts(&out);
    assert_eq!(code, 2);
    assert!(stderr.contains("BASELINE=CURRENT"), "{stderr}");
}

#[test]
fn exit_3_when_an_input_cannot_be_read_and_it_is_named() {
    let dir = tempdir();
    std::fs::write(dir.path().join("good.csv"), "id,name\n1,Ann\n2,Bo\n").unwrap();
    std::fs::write(
        dir.path().join("broken.parquet"),
        b"PAR1 this is not parquet",
    )
    .unwrap();
    let out = run(&[
        "scan",
        dir.path().to_str().unwrap(),
        "--format",
        "json",
        "--fail-on",
        "critical",
        "-q",
    ]);
    let (code, stdout, stderr) = parts(&out);
    assert_eq!(code, 3, "{stderr}");
    let r: Value = serde_json::from_str(&stdout).unwrap();
    let errors = r["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0]["source"]
            .as_str()
            .unwrap()
            .contains("broken.parquet")
    );
    assert_eq!(r["inputs"]["current"]["rows"], 2);
}

#[test]
fn diff_of_saved_profiles_gives_the_same_findings_as_scan() {
    let dir = tempdir();
    let one = ["--threads", "1"];
    let (_, _, _) = profile_to(dir.path(), "pilot.json", &[PILOT], &one);
    let (_, _, _) = profile_to(dir.path(), "prod.json", &[PROD], &one);
    let (pilot, prod) = (dir.path().join("pilot.json"), dir.path().join("prod.json"));
    let out = gapscan()
        .env("SOURCE_DATE_EPOCH", "0")
        .args([
            "diff",
            pilot.to_str().unwrap(),
            prod.to_str().unwrap(),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let (code, stdout, stderr) = parts(&out);
    assert_eq!(code, 0, "{stderr}");
    let diffed: Value = serde_json::from_str(&stdout).unwrap();
    let (_, scanned, _) = scan_json(&[]);
    assert_eq!(diffed["findings"], scanned["findings"]);
    assert_eq!(
        diffed["summary"]["readiness_score"],
        scanned["summary"]["readiness_score"]
    );
    // A saved profile works as a --baseline too.
    let (_, from_profile, _) = scan_json_with_baseline(pilot.to_str().unwrap());
    assert_eq!(from_profile["findings"], scanned["findings"]);
}

fn scan_json_with_baseline(baseline: &str) -> (i32, Value, String) {
    let out = gapscan()
        .env("SOURCE_DATE_EPOCH", "0")
        .args([
            "scan",
            PROD,
            "--baseline",
            baseline,
            "--format",
            "json",
            "-q",
            "--threads",
            "1",
        ])
        .output()
        .unwrap();
    let (code, stdout, stderr) = parts(&out);
    (code, serde_json::from_str(&stdout).unwrap(), stderr)
}
