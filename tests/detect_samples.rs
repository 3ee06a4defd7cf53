//! Sensitive-field classification on the bundled samples: every planted
//! `unclassified_sensitive_field` and `classification_mismatch` of `samples/expected.json` is
//! found with its entity, the correctly declared columns (email, phone) get no finding, no decoy
//! gets one, and the masked pilot columns are named in the evidence. The profiles come from the
//! real binary (`gapscan profile`), so this also shows classification is a function of saved,
//! redacted profile files.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail loudly on a broken fixture"
)]

mod common;

use std::path::Path;

use common::*;
use gapscan::detect::{Detectors, Manifest, classify};
use gapscan::report::finding::FindingKind;
use serde_json::Value;

fn samples() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
}

#[test]
fn planted_sensitive_columns_are_found_and_decoys_are_not() {
    let out = tempdir();
    let prod = samples().join("production");
    let pilot = samples().join("pilot");
    let (code, current, stderr) =
        profile_to(out.path(), "prod.json", &[prod.to_str().unwrap()], &[]);
    assert_eq!(code, 0, "{stderr}");
    let (code, baseline, stderr) =
        profile_to(out.path(), "pilot.json", &[pilot.to_str().unwrap()], &[]);
    assert_eq!(code, 0, "{stderr}");
    let detectors = Detectors::builtin().unwrap();
    let manifest = Manifest::load(&samples().join("classifications.json"), &detectors).unwrap();
    let c = classify(&current, Some(&baseline), &manifest, &detectors);
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(samples().join("expected.json")).unwrap())
            .unwrap();

    let sensitive = |f: &&gapscan::report::finding::Finding| {
        matches!(
            f.kind,
            FindingKind::UnclassifiedSensitiveField | FindingKind::ClassificationMismatch
        )
    };
    for p in expected["planted"].as_array().unwrap() {
        let kind = p["kind"].as_str().unwrap();
        if kind != "unclassified_sensitive_field" && kind != "classification_mismatch" {
            continue;
        }
        let (table, column, entity) = (
            p["table"].as_str().unwrap(),
            p["column"].as_str().unwrap(),
            p["entity"].as_str().unwrap(),
        );
        let found = c.findings.iter().find(|f| {
            f.table == table && f.column.as_deref() == Some(column) && f.kind.as_str() == kind
        });
        let f = found.unwrap_or_else(|| {
            panic!(
                "{table}.{column}: no {kind}; verdict {:?}",
                c.column(table, column).map(|x| &x.verdict)
            )
        });
        assert_eq!(
            f.entity.as_deref(),
            Some(entity),
            "{table}.{column}: {}",
            f.message
        );
        let s = c.sensitive(table, column).unwrap();
        assert_eq!(s.entity, entity);
        assert!(!s.classified);
    }
    for d in expected["classified"].as_array().unwrap() {
        let (table, column) = (d["table"].as_str().unwrap(), d["column"].as_str().unwrap());
        assert!(
            !c.findings
                .iter()
                .filter(sensitive)
                .any(|f| f.table == table && f.column.as_deref() == Some(column)),
            "{table}.{column} is declared correctly but got a finding"
        );
        let s = c.sensitive(table, column).unwrap();
        assert_eq!(s.entity, d["entity"].as_str().unwrap());
        assert!(s.classified);
    }
    for d in expected["decoys"].as_array().unwrap() {
        let (table, column) = (d["table"].as_str().unwrap(), d["column"].as_str().unwrap());
        let hit = c
            .findings
            .iter()
            .filter(sensitive)
            .find(|f| f.table == table && f.column.as_deref() == Some(column));
        assert!(
            hit.is_none(),
            "decoy {table}.{column} flagged: {:?}",
            hit.map(|f| &f.message)
        );
        assert!(
            c.sensitive(table, column).is_none(),
            "decoy {table}.{column} marked sensitive"
        );
    }

    // The pilot held masked stand-ins where production holds real values: the classic gap.
    for (table, column) in [
        ("customers", "ref_code"),
        ("customers", "date_of_birth"),
        ("orders", "card_number"),
        ("events", "api_token"),
        ("products", "supplier_iban"),
    ] {
        let f = c
            .findings
            .iter()
            .find(|f| f.table == table && f.column.as_deref() == Some(column))
            .unwrap();
        assert_eq!(
            f.evidence["baseline_masked"],
            Value::Bool(true),
            "{table}.{column}"
        );
        assert!(
            f.message.contains("baseline held masked values"),
            "{}",
            f.message
        );
    }

    // Free text names every embedded entity.
    let notes = c
        .findings
        .iter()
        .find(|f| f.column.as_deref() == Some("notes"))
        .unwrap();
    let embedded = notes.evidence["embedded"].as_array().unwrap();
    let ids: Vec<&str> = embedded
        .iter()
        .map(|e| e["detector"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"email") && ids.contains(&"phone"), "{ids:?}");
}
