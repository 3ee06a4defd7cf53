//! `schema_differs_across_files`: part files of one table that disagree on columns or types.
//!
//! Reads each file's own schema (`files[].schema`, partition columns excluded). The most common
//! schema among the files is the reference; every other file is named with what differs:
//! columns it lacks, columns it adds, and columns whose type differs. Nullability alone is not
//! a difference (writers disagree on it freely).

use std::collections::BTreeMap;

use serde_json::json;

use super::config::SchemaDiffersConfig;
use crate::profile::{FieldInfo, TableProfile};
use crate::report::{Finding, FindingKind};

type Signature = Vec<(String, String)>;

fn signature(schema: &[FieldInfo]) -> Signature {
    let mut s: Signature = schema
        .iter()
        .map(|f| (f.name.clone(), f.data_type.clone()))
        .collect();
    s.sort();
    s
}

/// Checks one table.
pub fn check(table: &TableProfile, config: &SchemaDiffersConfig) -> Vec<Finding> {
    if table.files.len() < 2 {
        return Vec::new();
    }
    let mut groups: BTreeMap<Signature, Vec<&str>> = BTreeMap::new();
    for f in &table.files {
        groups
            .entry(signature(&f.schema))
            .or_default()
            .push(f.path.as_str());
    }
    if groups.len() < 2 {
        return Vec::new();
    }
    // The reference: the schema most files share (ties: the first in order, deterministic).
    let Some((reference, _)) = groups
        .iter()
        .max_by(|a, b| a.1.len().cmp(&b.1.len()).then_with(|| b.0.cmp(a.0)))
    else {
        return Vec::new();
    };
    let reference_types: BTreeMap<&str, &str> = reference
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let mut differing = Vec::new();
    let mut any_type = false;
    let mut summaries = Vec::new();
    for (sig, paths) in &groups {
        if sig == reference {
            continue;
        }
        let types: BTreeMap<&str, &str> =
            sig.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        let missing: Vec<&str> = reference_types
            .keys()
            .filter(|n| !types.contains_key(*n))
            .copied()
            .collect();
        let extra: Vec<&str> = types
            .keys()
            .filter(|n| !reference_types.contains_key(*n))
            .copied()
            .collect();
        let changed: Vec<serde_json::Value> = types
            .iter()
            .filter_map(|(n, t)| {
                reference_types
                    .get(n)
                    .filter(|r| *r != t)
                    .map(|r| json!({"column": n, "type": t, "expected": r}))
            })
            .collect();
        any_type |= !changed.is_empty();
        let mut parts = Vec::new();
        if !changed.is_empty() {
            let cols: Vec<String> = changed
                .iter()
                .map(|c| {
                    format!(
                        "`{}` as {} (not {})",
                        c["column"].as_str().unwrap_or_default(),
                        c["type"].as_str().unwrap_or_default(),
                        c["expected"].as_str().unwrap_or_default()
                    )
                })
                .collect();
            parts.push(cols.join(", "));
        }
        if !extra.is_empty() {
            parts.push(format!("extra column(s) `{}`", extra.join("`, `")));
        }
        if !missing.is_empty() {
            parts.push(format!("missing column(s) `{}`", missing.join("`, `")));
        }
        summaries.push(format!("{} has {}", paths.join(", "), parts.join("; ")));
        differing.push(json!({
            "files": paths,
            "missing_columns": missing,
            "extra_columns": extra,
            "type_differences": changed,
        }));
    }
    let reference_files = groups.get(reference).map(Vec::len).unwrap_or(0);
    let severity = if any_type {
        config.type_severity
    } else {
        config.columns_severity
    };
    vec![
        Finding::new(
            FindingKind::SchemaDiffersAcrossFiles,
            severity,
            &table.name,
            None,
            format!(
                "{} of {} part files of `{}` differ from the others: {}",
                table.files.len() - reference_files,
                table.files.len(),
                table.name,
                summaries.join(" | ")
            ),
        )
        .with_evidence("files", table.files.len())
        .with_evidence("files_with_reference_schema", reference_files)
        .with_evidence("differing", json!(differing))
        .with_remediation(
            "Re-export the differing files with the table's schema, or cast them on read with an \
             explicit schema.",
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::FileInfo;
    use crate::report::Severity;

    fn file(path: &str, cols: &[(&str, &str)]) -> FileInfo {
        FileInfo {
            path: path.into(),
            bytes: 1,
            schema: cols
                .iter()
                .map(|(n, t)| FieldInfo {
                    name: n.to_string(),
                    data_type: t.to_string(),
                    nullable: true,
                })
                .collect(),
        }
    }

    fn table(files: Vec<FileInfo>) -> TableProfile {
        TableProfile {
            name: "orders".into(),
            source: "x".into(),
            format: "parquet".into(),
            rows: 10,
            bytes_read: 0,
            partition_columns: vec![],
            files,
            columns: vec![],
        }
    }

    #[test]
    fn names_the_odd_file_and_its_differences() {
        let good = [("id", "Int64"), ("amount", "Float64")];
        let t = table(vec![
            file("a.parquet", &good),
            file("b.parquet", &good),
            file(
                "c.parquet",
                &[("id", "Int64"), ("amount", "Int64"), ("promo_code", "Utf8")],
            ),
        ]);
        let f = check(&t, &SchemaDiffersConfig::default());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::High);
        assert_eq!(f[0].column, None);
        let d = &f[0].evidence["differing"][0];
        assert_eq!(d["files"][0], "c.parquet");
        assert_eq!(d["extra_columns"][0], "promo_code");
        assert_eq!(d["type_differences"][0]["column"], "amount");
        assert!(f[0].message.contains("c.parquet"));
    }

    #[test]
    fn column_set_differences_are_medium_and_agreement_is_silent() {
        let cfg = SchemaDiffersConfig::default();
        let t = table(vec![
            file("a", &[("id", "Int64")]),
            file("b", &[("id", "Int64")]),
            file("c", &[("id", "Int64"), ("x", "Utf8")]),
        ]);
        assert_eq!(check(&t, &cfg)[0].severity, Severity::Medium);
        let same = table(vec![
            file("a", &[("id", "Int64")]),
            file("b", &[("id", "Int64")]),
        ]);
        assert!(check(&same, &cfg).is_empty());
        assert!(check(&table(vec![file("a", &[("id", "Int64")])]), &cfg).is_empty());
    }
}
