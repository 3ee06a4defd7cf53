//! `nullability_changed`: a column that was always present now has nulls.
//!
//! Two kinds of evidence say a baseline column was always present: its files declare the field
//! non-nullable (a schema contract, so any null in production breaks it), or its values had no
//! null in a baseline large enough that the production null share would have shown
//! (`(1 − share)^n < alpha`, the chance a baseline of `n` rows misses every null). A column
//! whose declaration loosened without any null yet is reported as low.

use serde_json::json;

use crate::analysis::drift::signal::round;
use crate::analysis::drift::significance::absence_p;
use crate::profile::{ColumnProfile, TableProfile};
use crate::report::{Finding, FindingKind, Severity};

/// Whether any file of `table` declares `column` nullable; `None` when no file lists it (a
/// partition column, or a profile without schemas).
pub fn declared_nullable(table: &TableProfile, column: &str) -> Option<bool> {
    let mut seen = None;
    for f in &table.files {
        if let Some(field) = f.schema.iter().find(|x| x.name == column) {
            seen = Some(seen.unwrap_or(false) || field.nullable);
        }
    }
    seen
}

/// The `nullability_changed` finding for a column present on both sides.
pub fn nullability_change(
    bt: &TableProfile,
    b: &ColumnProfile,
    ct: &TableProfile,
    c: &ColumnProfile,
    alpha: f64,
) -> Option<Finding> {
    if b.nulls > 0 {
        return None;
    }
    let declared_b = declared_nullable(bt, &b.name);
    let declared_c = declared_nullable(ct, &c.name);
    let contract = declared_b == Some(false);
    let share = if c.rows == 0 {
        0.0
    } else {
        c.nulls as f64 / c.rows as f64
    };
    let table = &ct.name;
    if c.nulls == 0 {
        // No null yet: only a loosened declaration is worth a note.
        if contract && declared_c == Some(true) {
            return Some(
                Finding::new(
                    FindingKind::NullabilityChanged,
                    Severity::Low,
                    table,
                    Some(&c.name),
                    format!(
                        "{table}.{}: the baseline declares the field non-nullable, production \
                         declares it nullable (no null yet).",
                        c.name
                    ),
                )
                .with_evidence("baseline_declared_nullable", json!(false))
                .with_evidence("current_declared_nullable", json!(true))
                .with_evidence("current_nulls", json!(0))
                .with_remediation(
                    "Decide whether the column may be null and enforce it at ingestion.",
                ),
            );
        }
        return None;
    }
    let p = absence_p(share, b.rows);
    if !contract && p >= alpha {
        return None;
    }
    let severity = if share >= 0.05 {
        Severity::High
    } else {
        Severity::Medium
    };
    let why = if contract {
        "the baseline's files declare it non-nullable".to_string()
    } else {
        format!(
            "a {}-row baseline would have shown such nulls (probability of none: {p:.2e})",
            b.rows
        )
    };
    Some(
        Finding::new(
            FindingKind::NullabilityChanged,
            severity,
            table,
            Some(&c.name),
            format!(
                "{table}.{}: never null in the baseline ({why}), null in {} of {} production rows \
                 ({:.1}%).",
                c.name,
                c.nulls,
                c.rows,
                share * 100.0
            ),
        )
        .with_evidence("statistic", json!("null_share"))
        .with_evidence("value", json!(round(share)))
        .with_evidence("threshold", json!(0.0))
        .with_evidence(
            "test",
            json!(if contract {
                "declared_non_nullable"
            } else {
                "baseline_absence"
            }),
        )
        .with_evidence("p_value", json!(p))
        .with_evidence("alpha", json!(alpha))
        .with_evidence("baseline_n", json!(b.rows))
        .with_evidence("current_n", json!(c.rows))
        .with_evidence("baseline_nulls", json!(0))
        .with_evidence("current_nulls", json!(c.nulls))
        .with_evidence("baseline_declared_nullable", json!(declared_b))
        .with_evidence("current_declared_nullable", json!(declared_c))
        .with_remediation(
            "Fill or default the missing values upstream, or make the pilot's code and schema \
             accept nulls in this column.",
        )
        .with_affected(c.nulls, c.rows),
    )
}
