//! Schema drift between a baseline table and its current counterpart: columns added, removed
//! and renamed, types that changed, and columns that were never null and now are.
//!
//! [`match_columns`] pairs the columns of the two tables: equal names first, then removed and
//! added columns by rename similarity ([`rename`]). [`schema_findings`] turns the match into
//! findings; the drift comparison then compares every pair, renamed ones included, as one column.

pub mod nullability;
pub mod rename;
pub mod type_change;

use serde_json::json;

use crate::analysis::drift::DriftConfig;
use crate::analysis::drift::signal::round;
use crate::profile::TableProfile;
use crate::report::{Finding, FindingKind, Severity};

pub use rename::RenameScore;

/// A baseline column and the current column it became.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnPair {
    /// Index in the baseline table's columns.
    pub baseline: usize,
    /// Index in the current table's columns.
    pub current: usize,
    /// The rename's evidence, when the names differ.
    pub renamed: Option<RenameScore>,
}

/// How the columns of a baseline and a current table correspond.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ColumnMatch {
    /// Columns on both sides, by equal name or by rename.
    pub pairs: Vec<ColumnPair>,
    /// Baseline columns production lacks (indices into the baseline's columns).
    pub removed: Vec<usize>,
    /// Current columns the baseline lacks (indices into the current table's columns).
    pub added: Vec<usize>,
}

/// Pairs the columns of `b` (baseline) and `c` (current).
pub fn match_columns(b: &TableProfile, c: &TableProfile, cfg: &DriftConfig) -> ColumnMatch {
    let mut m = ColumnMatch::default();
    let mut current_taken = vec![false; c.columns.len()];
    let mut unmatched_b = Vec::new();
    for (i, col) in b.columns.iter().enumerate() {
        match c.columns.iter().position(|x| x.name == col.name) {
            Some(j) => {
                current_taken[j] = true;
                m.pairs.push(ColumnPair {
                    baseline: i,
                    current: j,
                    renamed: None,
                });
            }
            None => unmatched_b.push(i),
        }
    }
    let unmatched_c: Vec<usize> = (0..c.columns.len())
        .filter(|j| !current_taken[*j])
        .collect();
    let mut candidates: Vec<(usize, usize, RenameScore)> = Vec::new();
    for &i in &unmatched_b {
        for &j in &unmatched_c {
            let s = rename::score(&b.columns[i], i, &c.columns[j], j);
            if s.profile >= cfg.rename_min_profile_similarity
                && s.confidence >= cfg.rename_min_confidence
            {
                candidates.push((i, j, s));
            }
        }
    }
    candidates.sort_by(|x, y| {
        y.2.confidence
            .total_cmp(&x.2.confidence)
            .then(x.0.cmp(&y.0))
            .then(x.1.cmp(&y.1))
    });
    let (mut used_b, mut used_c) = (Vec::new(), Vec::new());
    for (i, j, s) in candidates {
        if used_b.contains(&i) || used_c.contains(&j) {
            continue;
        }
        used_b.push(i);
        used_c.push(j);
        m.pairs.push(ColumnPair {
            baseline: i,
            current: j,
            renamed: Some(s),
        });
    }
    m.pairs.sort_by_key(|p| p.current);
    m.removed = unmatched_b
        .into_iter()
        .filter(|i| !used_b.contains(i))
        .collect();
    m.added = unmatched_c
        .into_iter()
        .filter(|j| !used_c.contains(j))
        .collect();
    m
}

/// Findings for added, removed and renamed columns, changed types and nullability.
pub fn schema_findings(
    b: &TableProfile,
    c: &TableProfile,
    m: &ColumnMatch,
    cfg: &DriftConfig,
) -> Vec<Finding> {
    let table = c.name.as_str();
    let mut out = Vec::new();
    for &i in &m.removed {
        let col = &b.columns[i];
        out.push(
            Finding::new(
                FindingKind::ColumnRemoved,
                Severity::High,
                table,
                Some(&col.name),
                format!(
                    "{table}.{}: the baseline has this column ({}, {:.0}% filled), production \
                     does not, and no added column matches its profile.",
                    col.name,
                    col.summary.inferred_type,
                    (1.0 - col.summary.null_fraction) * 100.0
                ),
            )
            .with_evidence("baseline_type", json!(col.data_type))
            .with_evidence("baseline_inferred_type", json!(col.summary.inferred_type))
            .with_evidence(
                "baseline_null_fraction",
                json!(round(col.summary.null_fraction)),
            )
            .with_remediation(
                "Find where production carries this information (or drop it from the pilot's \
                 features and code) before go-live.",
            ),
        );
    }
    for &j in &m.added {
        let col = &c.columns[j];
        out.push(
            Finding::new(
                FindingKind::ColumnAdded,
                Severity::Low,
                table,
                Some(&col.name),
                format!(
                    "{table}.{}: production has this column ({}, {:.0}% filled); the baseline \
                     does not, so the pilot never saw it.",
                    col.name,
                    col.summary.inferred_type,
                    (1.0 - col.summary.null_fraction) * 100.0
                ),
            )
            .with_evidence("current_type", json!(col.data_type))
            .with_evidence("current_inferred_type", json!(col.summary.inferred_type))
            .with_evidence(
                "current_null_fraction",
                json!(round(col.summary.null_fraction)),
            )
            .with_remediation(
                "Decide whether the pilot should use the new column; document it either way.",
            ),
        );
    }
    for p in &m.pairs {
        let (bc, cc) = (&b.columns[p.baseline], &c.columns[p.current]);
        if let Some(s) = &p.renamed {
            let components: serde_json::Map<String, serde_json::Value> = s
                .components
                .iter()
                .map(|(k, v)| (k.to_string(), json!(round(*v))))
                .collect();
            out.push(
                Finding::new(
                    FindingKind::ColumnRenamed,
                    Severity::Medium,
                    table,
                    Some(&cc.name),
                    format!(
                        "{table}.{}: looks like the baseline's `{}` renamed (confidence {:.2}: \
                         profile similarity {:.2} over {} comparisons, name similarity {:.2}, \
                         position {} → {}).",
                        cc.name,
                        bc.name,
                        s.confidence,
                        s.profile,
                        s.components.len(),
                        s.name,
                        p.baseline + 1,
                        p.current + 1
                    ),
                )
                .with_evidence("statistic", json!("rename_confidence"))
                .with_evidence("value", json!(round(s.confidence)))
                .with_evidence("baseline_column", json!(bc.name))
                .with_evidence("current_column", json!(cc.name))
                .with_evidence("confidence", json!(round(s.confidence)))
                .with_evidence("threshold", json!(cfg.rename_min_confidence))
                .with_evidence("profile_similarity", json!(round(s.profile)))
                .with_evidence("name_similarity", json!(round(s.name)))
                .with_evidence("position_similarity", json!(round(s.position)))
                .with_evidence("profile_components", json!(components))
                .with_evidence("baseline_position", json!(p.baseline + 1))
                .with_evidence("current_position", json!(p.current + 1))
                .with_remediation(format!(
                    "Map `{}` to `{}` in the pilot's code and schema (confirm with the source \
                     system's owner).",
                    bc.name, cc.name
                )),
            );
        }
        out.extend(type_change::type_change(table, bc, cc, c.rows));
        out.extend(nullability::nullability_change(b, bc, c, cc, cfg.alpha));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{ColumnProfile, FieldInfo, FileInfo};
    use arrow::array::{Int64Array, StringArray};
    use arrow::datatypes::DataType;

    fn text(name: &str, values: impl Iterator<Item = String>) -> ColumnProfile {
        let v: Vec<String> = values.collect();
        let mut c = ColumnProfile::for_type(name, &DataType::Utf8);
        c.update(&StringArray::from_iter_values(v.iter())).unwrap();
        c.finish();
        c
    }

    fn table(name: &str, columns: Vec<ColumnProfile>) -> TableProfile {
        let rows = columns.first().map_or(0, |c| c.rows);
        TableProfile {
            name: name.into(),
            source: name.into(),
            format: "csv".into(),
            rows,
            bytes_read: 0,
            partition_columns: Vec::new(),
            files: vec![FileInfo {
                path: name.into(),
                bytes: 0,
                schema: columns
                    .iter()
                    .map(|c| FieldInfo {
                        name: c.name.clone(),
                        data_type: c.data_type.clone(),
                        nullable: true,
                    })
                    .collect(),
            }],
            columns,
        }
    }

    fn zips(n: usize, seed: usize) -> impl Iterator<Item = String> {
        (0..n).map(move |i| format!("{:05}", (i * 7919 + seed) % 99_999))
    }

    fn words(n: usize) -> impl Iterator<Item = String> {
        (0..n).map(|i| ["alpha", "beta", "gamma"][i % 3].to_string())
    }

    #[test]
    fn a_column_with_the_same_profile_under_another_name_is_a_rename() {
        let b = table("t", vec![text("id", words(500)), text("zip", zips(500, 1))]);
        let c = table(
            "t",
            vec![text("id", words(800)), text("postal_code", zips(800, 7))],
        );
        let m = match_columns(&b, &c, &DriftConfig::default());
        assert!(m.added.is_empty() && m.removed.is_empty(), "{m:?}");
        let renamed = m.pairs.iter().find_map(|p| p.renamed.as_ref()).unwrap();
        assert!(renamed.profile > 0.9, "{renamed:?}");
        let f = schema_findings(&b, &c, &m, &DriftConfig::default());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].id, "t.postal_code.column_renamed");
        assert_eq!(f[0].evidence["baseline_column"], "zip");
    }

    #[test]
    fn similar_names_alone_are_not_a_rename() {
        // `customer_ref` → `customer_reference`: near-identical names, unrelated values.
        let b = table("t", vec![text("customer_ref", zips(500, 1))]);
        let c = table("t", vec![text("customer_reference", words(500))]);
        let m = match_columns(&b, &c, &DriftConfig::default());
        assert_eq!((m.removed.len(), m.added.len()), (1, 1), "{m:?}");
        let kinds: Vec<FindingKind> = schema_findings(&b, &c, &m, &DriftConfig::default())
            .iter()
            .map(|f| f.kind)
            .collect();
        assert_eq!(
            kinds,
            vec![FindingKind::ColumnRemoved, FindingKind::ColumnAdded]
        );
    }

    #[test]
    fn integers_that_became_text_are_a_type_change_with_the_parsing_share() {
        let b = table(
            "t",
            vec![text("points", (0..100).map(|i| (i * 13).to_string()))],
        );
        let c = table(
            "t",
            vec![text(
                "points",
                (0..100).map(|i| {
                    if i < 20 {
                        i.to_string()
                    } else {
                        format!("{i} pts")
                    }
                }),
            )],
        );
        let m = match_columns(&b, &c, &DriftConfig::default());
        let f = schema_findings(&b, &c, &m, &DriftConfig::default());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].kind, FindingKind::TypeChanged);
        assert_eq!(f[0].evidence["direction"], "widening");
        assert_eq!(f[0].evidence["kind_changed"], true);
        assert_eq!(f[0].evidence["share_still_parsing"], 0.2);
        assert_eq!(f[0].severity, Severity::High);
        assert_eq!(f[0].affected_rows, Some(80));
    }

    #[test]
    fn a_csv_integer_column_and_a_parquet_int64_are_the_same_type() {
        let b = table("t", vec![text("n", (0..100).map(|i| i.to_string()))]);
        let mut typed = ColumnProfile::for_type("n", &DataType::Int64);
        typed.update(&Int64Array::from_iter_values(0..100)).unwrap();
        typed.finish();
        let c = table("t", vec![typed]);
        let m = match_columns(&b, &c, &DriftConfig::default());
        assert!(schema_findings(&b, &c, &m, &DriftConfig::default()).is_empty());
    }

    #[test]
    fn nulls_in_a_column_declared_non_nullable_are_a_nullability_change() {
        let mut b = table("t", vec![text("brand", words(60))]);
        b.files[0].schema[0].nullable = false;
        let mut col = ColumnProfile::for_type("brand", &DataType::Utf8);
        let values: Vec<Option<&str>> = (0..200).map(|i| (i % 25 != 0).then_some("x")).collect();
        col.update(&StringArray::from(values)).unwrap();
        col.finish();
        let c = table("t", vec![col]);
        let m = match_columns(&b, &c, &DriftConfig::default());
        let f = schema_findings(&b, &c, &m, &DriftConfig::default());
        let n = f
            .iter()
            .find(|f| f.kind == FindingKind::NullabilityChanged)
            .unwrap();
        assert_eq!(n.affected_rows, Some(8));
        assert_eq!(n.evidence["test"], "declared_non_nullable");
        // Without the declaration, 60 rows without a null do not prove much about a 4% share.
        b.files[0].schema[0].nullable = true;
        let f = schema_findings(&b, &c, &m, &DriftConfig::default());
        assert!(!f.iter().any(|f| f.kind == FindingKind::NullabilityChanged));
    }
}
