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
