//! The bundled samples read cleanly and as `samples/expected.json` (written by the generator
//! from the rows it produced) describes them: every table, row count, column, and each part
//! file's own schema, including the one production part file that disagrees.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail loudly on a broken fixture"
)]

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;
use serde_json::Value;

fn expected() -> Value {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/expected.json"),
    )
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn check_side(side: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(side);
    let out = tempdir();
    let (code, profile, stderr) = profile_to(out.path(), "p.json", &[root.to_str().unwrap()], &[]);
    assert_eq!(code, 0, "{side}: {stderr} {:?}", profile.errors);
    assert!(profile.errors.is_empty());
    let expected = expected();
    let tables = expected["tables"].as_array().unwrap();
    assert_eq!(
        profile.tables.len(),
        tables.len(),
        "{side}: one profile per table"
    );
    for t in tables {
        let name = t["table"].as_str().unwrap();
        let e = &t[side];
        let got = table(&profile, name);
        assert_eq!(got.rows, e["rows"].as_u64().unwrap(), "{side}/{name} rows");
        let names: Vec<&str> = got.columns.iter().map(|c| c.name.as_str()).collect();
        let mut want: Vec<String> = Vec::new();
        match e["files"].as_array() {
            // Part files: the union of their columns in order of appearance, then the hive keys.
            Some(files) => {
                for f in files {
                    for c in f["columns"].as_array().unwrap() {
                        let column = c.as_str().unwrap().split(':').next().unwrap().to_string();
                        if !want.contains(&column) {
                            want.push(column);
                        }
                    }
                }
                let first = files[0]["path"].as_str().unwrap();
                want.extend(
                    first
                        .split('/')
                        .filter_map(|part| part.split_once('='))
                        .map(|(k, _)| k.to_string()),
                );
            }
            None => want.extend(
                e["columns"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c.as_str().unwrap().to_string()),
            ),
        }
        if got.format == "ndjson" {
            // Objects may omit keys, so NDJSON columns come in order of first appearance, which
            // need not be the generator's order: compare the sets.
            let (mut names, mut want) = (names.clone(), want.clone());
            names.sort_unstable();
            want.sort_unstable();
            assert_eq!(names, want, "{side}/{name} columns");
        } else {
            assert_eq!(names, want, "{side}/{name} columns");
        }
        if let Some(files) = e["files"].as_array() {
            assert_eq!(got.files.len(), files.len(), "{side}/{name} files");
            let by_path: BTreeMap<&str, &gapscan::profile::FileInfo> = got
                .files
                .iter()
                .map(|f| {
                    (
                        f.path
                            .split(&format!("samples/{side}/"))
                            .nth(1)
                            .unwrap_or(&f.path),
                        f,
                    )
                })
                .collect();
            for f in files {
                let path = f["path"]
                    .as_str()
                    .unwrap()
                    .trim_start_matches(&format!("{side}/"));
                let info = by_path
                    .get(path)
                    .unwrap_or_else(|| panic!("{side}: no file {path}"));
                let schema: Vec<String> = info
                    .schema
                    .iter()
                    .map(|c| format!("{}: {}", c.name, c.data_type))
                    .collect();
                let want: Vec<&str> = f["columns"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c.as_str().unwrap())
                    .collect();
                assert_eq!(schema, want, "{side}/{path} schema");
            }
            let distinct_schemas: std::collections::BTreeSet<Vec<String>> = got
                .files
                .iter()
                .map(|f| {
                    f.schema
                        .iter()
                        .map(|c| format!("{}:{}", c.name, c.data_type))
                        .collect()
                })
                .collect();
            if side == "production" && name == "orders" {
                assert!(
                    distinct_schemas.len() > 1,
                    "a production part file disagrees with the others"
                );
            }
        }
    }
}

#[test]
fn pilot_sample_reads_as_described() {
    check_side("pilot");
}

#[test]
fn production_sample_reads_as_described() {
    check_side("production");
}
