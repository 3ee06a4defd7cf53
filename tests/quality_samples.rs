//! The quality checks on the bundled samples: every planted quality problem listed in
//! `samples/expected.json` is found on its column with the right kind, the optional
//! `orders.comment` (80% null) gets no `mostly_null` above `info`, and the clean pilot produces
//! no finding above `low`. Profiles come from the real binary (`gapscan profile -o`).

#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail loudly on a broken fixture"
)]

mod common;

use std::path::Path;

use common::*;
use gapscan::analysis::quality::{QualityConfig, check_table};
use gapscan::profile::ProfileFile;
use gapscan::report::{Finding, Severity};
use serde_json::Value;

const QUALITY_KINDS: [&str; 11] = [
    "duplicate_keys",
    "encoding_errors",
    "whitespace_padding",
    "category_variants",
    "sentinel_values",
    "mixed_formats",
    "constant_column",
    "schema_differs_across_files",
    "magnitude_outliers",
    "type_inconsistency",
    "mostly_null",
];

fn samples() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

fn profile(dir: &Path, side: &str) -> ProfileFile {
    let root = samples().join(side);
    let (code, p, stderr) =
        profile_to(dir, &format!("{side}.json"), &[root.to_str().unwrap()], &[]);
    assert_eq!(code, 0, "{side}: {stderr}");
    p
}

fn findings(current: &ProfileFile, baseline: Option<&ProfileFile>) -> Vec<Finding> {
    let config = QualityConfig::default();
    current
        .tables
        .iter()
        .flat_map(|t| {
            let base = baseline.and_then(|b| b.tables.iter().find(|x| x.name == t.name));
            check_table(t, base, &config)
        })
        .collect()
}

fn listing(fs: &[Finding]) -> String {
    fs.iter()
        .map(|f| format!("{} {}: {}", f.severity, f.id, f.message))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn planted_quality_problems_are_found_and_the_pilot_stays_quiet() {
    let dir = tempdir();
    let pilot = profile(dir.path(), "pilot");
    let production = profile(dir.path(), "production");
    let found = findings(&production, Some(&pilot));
    eprintln!("production findings:\n{}", listing(&found));

    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(samples().join("expected.json")).unwrap())
            .unwrap();
    let mut missing = Vec::new();
    let mut planted = 0;
    for p in expected["planted"].as_array().unwrap() {
        let kind = p["kind"].as_str().unwrap();
        if !QUALITY_KINDS.contains(&kind) {
            continue;
        }
        planted += 1;
        let table = p["table"].as_str().unwrap();
        let column = p["column"].as_str();
        let hit = found
            .iter()
            .any(|f| f.kind.as_str() == kind && f.table == table && f.column.as_deref() == column);
        if !hit {
            missing.push(format!("{table}.{} {kind}", column.unwrap_or("-")));
        }
    }
    assert_eq!(planted, 15, "expected.json plants 15 quality problems");
    assert!(
        missing.is_empty(),
        "not found: {missing:?}\nfindings:\n{}",
        listing(&found)
    );

    // The optional comment is 80% null in both exports: quiet, or info at most.
    let comment = found.iter().find(|f| {
        f.table == "orders"
            && f.column.as_deref() == Some("comment")
            && f.kind.as_str() == "mostly_null"
    });
    assert!(
        comment.is_none_or(|f| f.severity <= Severity::Info),
        "{comment:?}"
    );

    // The clean pilot, checked on its own, has nothing above low.
    let pilot_findings = findings(&pilot, None);
    eprintln!("pilot findings:\n{}", listing(&pilot_findings));
    let loud: Vec<&Finding> = pilot_findings
        .iter()
        .filter(|f| f.severity > Severity::Low)
        .collect();
    assert!(loud.is_empty(), "pilot:\n{}", listing(&pilot_findings));
}
