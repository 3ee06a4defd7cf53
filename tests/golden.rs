//! Golden reports: the JSON and Markdown reports of the bundled samples, committed under
//! `tests/golden/`, must match what `gapscan scan samples/production --baseline samples/pilot
//! --classifications samples/classifications.json --threads 1` writes now, with the timestamp
//! and the version masked (one thread: see README, "Known limits"). A change to the report is
//! therefore always a reviewed change to these files: refresh them deliberately with
//! `GAPSCAN_BLESS=1 cargo nextest run --test golden`.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail loudly on a broken fixture"
)]

mod common;

use common::*;

fn report(format: &str) -> String {
    let out = gapscan()
        .env("SOURCE_DATE_EPOCH", "0")
        .args([
            "scan",
            "samples/production",
            "--baseline",
            "samples/pilot",
            "--classifications",
            "samples/classifications.json",
            "--format",
            format,
            "-q",
            "--threads",
            "1",
        ])
        .output()
        .unwrap();
    let (_, stdout, stderr) = parts(&out);
    assert!(!stdout.is_empty(), "no report: {stderr}");
    stdout.replace(env!("CARGO_PKG_VERSION"), "<version>")
}

fn check(format: &str, file: &str) {
    let path = std::path::Path::new("tests/golden").join(file);
    let now = report(format);
    if std::env::var_os("GAPSCAN_BLESS").is_some() {
        std::fs::write(&path, &now).unwrap();
        return;
    }
    let golden = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; create it with GAPSCAN_BLESS=1 cargo nextest run --test golden",
            path.display()
        )
    });
    if golden != now {
        let first = golden
            .lines()
            .zip(now.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(golden.lines().count().min(now.lines().count()));
        panic!(
            "{} differs from the report at line {}:\n golden: {:?}\n    now: {:?}\nIf the change is intended, refresh with GAPSCAN_BLESS=1.",
            path.display(),
            first + 1,
            golden.lines().nth(first),
            now.lines().nth(first)
        );
    }
}

#[test]
fn json_report_of_the_samples_matches_the_golden_file() {
    check("json", "samples.report.json");
}

#[test]
fn markdown_report_of_the_samples_matches_the_golden_file() {
    check("markdown", "samples.report.md");
}
