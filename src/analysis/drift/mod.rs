//! Drift against the baseline: how far production moved from the pilot's data, and how much of
//! production the pilot never covered.
//!
//! [`compare`] takes two profile files (baseline and current) and returns a [`Comparison`]:
//! findings and pilot coverage. It is the same function whether the baseline was scanned in this
//! run (`gapscan scan … --baseline DATA`) or read from a profile file (`--baseline FILE`,
//! `gapscan diff`), so both give the same findings. Data flows:
//!
//! ```text
//! tables matched by name (DriftConfig::table_map renames) ─► table_added / table_removed
//! columns matched by name, then by rename similarity      ─► schema_drift (added, removed,
//!                                                            renamed, type, nullability)
//! each column pair ─► numeric (PSI, KS, Wasserstein; range) │ categorical (JS, L∞; new)
//!                  ─► text format (lengths, shapes) ─► nulls ─► cardinality ─► signals
//! signals of one column ─► one finding per kind;  uncovered shares ─► TableCoverage
//! ```
//!
//! A column whose type changed kind (numbers that became text, say) is not compared further:
//! its `type_changed` finding says what share still parses, and that share is what the pilot
//! left uncovered. Categorical columns are compared by category; their shapes and lengths follow
//! from the categories and are not compared again.
//!
//! Every drift finding needs both an effect size at its threshold and a test that accounts for
//! both sample sizes (see [`significance`]), and its evidence names the statistic, its value,
//! the threshold, the test and both sample sizes. The conventions are written out by
//! [`conventions`].

pub mod cardinality;
pub mod categorical;
pub mod config;
mod conventions;
pub mod coverage;
pub mod divergence;
pub mod nulls;
pub mod numeric;
pub mod numeric_distance;
pub mod role;
pub mod signal;
pub mod significance;
pub mod special;
pub mod text_format;
pub mod view;

use serde::Serialize;
use serde_json::json;

use crate::analysis::schema_drift::{match_columns, schema_findings};
use crate::profile::{ColumnProfile, ProfileFile, TableProfile, ValueKind};
use crate::report::{Finding, FindingKind, Severity};

pub use config::{DriftConfig, DriftConfigError};
pub use conventions::conventions;
pub use coverage::{ColumnCoverage, CoverageBasis, TableCoverage};

use categorical::{check_categories, is_categorical};
use coverage::overall;
use numeric::check_numeric;
use role::{Role, role_of};
use view::{categories, numeric_side};

/// The result of comparing a current profile with its baseline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// Schema and drift findings, by table, then column, then kind.
    pub findings: Vec<Finding>,
    /// Pilot coverage of each current table, by name.
    pub coverage: Vec<TableCoverage>,
    /// Share of all production rows the pilot covered (tables weighted by rows); `None` when the
    /// current side has no rows.
    pub overall_coverage: Option<f64>,
}

/// Compares `current` with `baseline`: schema drift, distribution drift and pilot coverage.
///
/// Values of columns with detector hits never appear in the evidence (ranges and medians are
/// left out, category examples shown as shapes); use [`compare_with`] to name further sensitive
/// columns (say, from the classification manifest).
pub fn compare(baseline: &ProfileFile, current: &ProfileFile, config: &DriftConfig) -> Comparison {
    compare_with(baseline, current, config, &|_, _| false)
}

/// [`compare`], with `is_sensitive(table, column)` naming (current) columns whose values must not
/// appear in the evidence, in addition to those with detector hits.
pub fn compare_with(
    baseline: &ProfileFile,
    current: &ProfileFile,
    config: &DriftConfig,
    is_sensitive: &dyn Fn(&str, &str) -> bool,
) -> Comparison {
    let target = |b: &TableProfile| -> String {
        config
            .table_map
            .get(&b.name)
            .cloned()
            .unwrap_or_else(|| b.name.clone())
    };
    let mut findings = Vec::new();
    let mut coverage = Vec::new();
    for c in &current.tables {
        match baseline.tables.iter().find(|b| target(b) == c.name) {
            Some(b) => {
                let (f, cov) = compare_tables(b, c, config, is_sensitive);
                findings.extend(f);
                coverage.push(cov);
            }
            None => {
                findings.push(
                    Finding::new(
                        FindingKind::TableAdded,
                        Severity::Medium,
                        &c.name,
                        None,
                        format!(
                            "{}: production has this table ({} rows, {} columns); the baseline \
                             does not, so the pilot covered none of it.",
                            c.name,
                            c.rows,
                            c.columns.len()
                        ),
                    )
                    .with_evidence("current_rows", json!(c.rows))
                    .with_evidence("current_columns", json!(c.columns.len()))
                    .with_remediation(
                        "Add a sample of this table to the pilot, or confirm the project does \
                         not need it.",
                    )
                    .with_affected(c.rows, c.rows),
                );
                coverage.push(TableCoverage::uncovered(&c.name, c.rows));
            }
        }
    }
    for b in &baseline.tables {
        let t = target(b);
        if !current.tables.iter().any(|c| c.name == t) {
            findings.push(
                Finding::new(
                    FindingKind::TableRemoved,
                    Severity::High,
                    &b.name,
                    None,
                    format!(
                        "{}: the baseline has this table ({} rows){}, production does not.",
                        b.name,
                        b.rows,
                        if t == b.name {
                            String::new()
                        } else {
                            format!(", mapped to `{t}`")
                        }
                    ),
                )
                .with_evidence("baseline_rows", json!(b.rows))
                .with_evidence("expected_current_name", json!(t))
                .with_remediation(
                    "Find the production source of this table, or map its name with the drift \
                     configuration's table_map.",
                ),
            );
        }
    }
    findings.sort_by(|a, b| {
        (a.table.as_str(), a.column.as_deref().unwrap_or(""), a.kind).cmp(&(
            b.table.as_str(),
            b.column.as_deref().unwrap_or(""),
            b.kind,
        ))
    });
    coverage.sort_by(|a, b| a.table.cmp(&b.table));
    let overall_coverage = overall(&coverage);
    Comparison {
        findings,
        coverage,
        overall_coverage,
    }
}

/// Whether detectors matched anything in the column: its values then never appear in evidence.
fn sensitive(c: &ColumnProfile) -> bool {
    c.detectors.values().any(|h| h.hits > 0)
}

/// Compares one baseline table with its current counterpart.
pub fn compare_tables(
    b: &TableProfile,
    c: &TableProfile,
    cfg: &DriftConfig,
    is_sensitive: &dyn Fn(&str, &str) -> bool,
) -> (Vec<Finding>, TableCoverage) {
    let m = match_columns(b, c, cfg);
    let mut findings = schema_findings(b, c, &m, cfg);
    let mut columns = Vec::new();
    for p in &m.pairs {
        let (bc, cc) = (&b.columns[p.baseline], &c.columns[p.current]);
        let type_change = findings.iter().find(|f| {
            f.kind == FindingKind::TypeChanged && f.column.as_deref() == Some(cc.name.as_str())
        });
        let kind_changed =
            type_change.is_some_and(|f| f.evidence.get("kind_changed") == Some(&json!(true)));
        let still_parsing = type_change
            .and_then(|f| f.evidence.get("share_still_parsing"))
            .and_then(|v| v.as_f64());
        let flagged = sensitive(bc) || sensitive(cc) || is_sensitive(&c.name, &cc.name);
        let partition =
            c.partition_columns.contains(&cc.name) || b.partition_columns.contains(&bc.name);
        let role = role_of(bc, cc, partition, flagged, cfg);
        let hide = flagged || role == Role::Sensitive;
        let pair = ColumnPair {
            kind_changed,
            still_parsing,
            hide,
            role,
        };
        let (signals, cov) = compare_columns(bc, cc, c.rows, pair, cfg);
        findings.extend(signal::into_findings(&c.name, &cc.name, signals));
        columns.extend(cov);
    }
    let cov = TableCoverage::from_columns(&c.name, Some(&b.name), c.rows, columns);
    (findings, cov)
}

/// What is known about a column pair before its values are compared.
#[derive(Clone, Copy, Debug)]
struct ColumnPair {
    /// Its type changed kind (numbers became text, say): not compared further.
    kind_changed: bool,
    /// With a kind change, the share of current values that still parse as the baseline type.
    still_parsing: Option<f64>,
    /// Keep its values out of the evidence.
    hide: bool,
    /// What the column is for: only [`Role::Value`] columns get value drift and coverage.
    role: Role,
}

/// Drift signals of one column pair, and its share of production rows the pilot did not cover.
///
/// Partition keys, sensitive (or masked) columns and identifiers get no value drift; free text
/// only a length comparison; none of them counts towards pilot coverage (see [`role`]). The
/// null-rate check applies to all.
fn compare_columns(
    b: &ColumnProfile,
    c: &ColumnProfile,
    rows: u64,
    pair: ColumnPair,
    cfg: &DriftConfig,
) -> (Vec<signal::Signal>, Option<ColumnCoverage>) {
    let ColumnPair {
        kind_changed,
        still_parsing,
        hide,
        role,
    } = pair;
    let filled = if c.rows == 0 {
        0.0
    } else {
        c.non_null() as f64 / c.rows as f64
    };
    let mut signals = Vec::new();
    let mut uncovered: Option<(CoverageBasis, f64)> = None;
    if kind_changed {
        let share = 1.0 - still_parsing.unwrap_or(0.0);
        uncovered = Some((CoverageBasis::Type, share * filled));
    } else if role == Role::FreeText {
        if b.kind == ValueKind::Text && c.kind == ValueKind::Text {
            signals.extend(text_format::check_lengths(b, c, rows, cfg));
        }
    } else if role == Role::Value {
        let numeric = numeric_side(b).zip(numeric_side(c));
        let cats = categories(b)
            .filter(|x| is_categorical(x, cfg))
            .zip(categories(c));
        let mut value_drift = false;
        if let Some((nb, nc)) = numeric.filter(|(x, y)| x.axis == y.axis) {
            let out = check_numeric(&nb, &nc, rows, hide, cfg);
            value_drift = !out.signals.is_empty();
            signals.extend(out.signals);
            if let Some(s) = out.outside_share {
                uncovered = Some((CoverageBasis::Range, s * filled));
            }
        } else if let Some((cb, cc)) = &cats {
            let out = check_categories(cb, cc, rows, hide, cfg);
            signals.extend(out.signals);
            if let Some(s) = out.new_share {
                uncovered = Some((CoverageBasis::Categories, s * filled));
            }
        }
        // A categorical column's shapes and lengths follow from its categories, compared above.
        if b.kind == ValueKind::Text && c.kind == ValueKind::Text && cats.is_none() {
            signals.extend(text_format::check_shapes(b, c, rows, cfg));
            if numeric.is_none() {
                signals.extend(text_format::check_lengths(b, c, rows, cfg));
            }
        }
        if !value_drift {
            signals.extend(cardinality::check_cardinality(b, c, rows, cfg));
        }
    }
    signals.extend(nulls::check_nulls(b, c, cfg));
    if b.nulls == 0 && c.nulls > 0 && b.rows >= cfg.min_values && c.rows > 0 {
        let null_share = c.nulls as f64 / c.rows as f64;
        uncovered = Some(match uncovered {
            Some((basis, u)) => (basis, u + null_share),
            None => (CoverageBasis::Nulls, null_share),
        });
    }
    let cov = uncovered
        .filter(|_| role == Role::Value)
        .map(|(basis, share)| ColumnCoverage {
            column: c.name.clone(),
            basis,
            uncovered_share: share,
        });
    (signals, cov)
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::StringArray;
    use arrow::datatypes::DataType;

    fn table(name: &str, rows: usize) -> TableProfile {
        let mut c = ColumnProfile::for_type("status", &DataType::Utf8);
        let values: Vec<&str> = (0..rows).map(|i| ["a", "b", "c"][i % 3]).collect();
        c.update(&StringArray::from_iter_values(values)).unwrap();
        c.finish();
        TableProfile {
            name: name.into(),
            source: name.into(),
            format: "csv".into(),
            rows: rows as u64,
            bytes_read: 0,
            partition_columns: Vec::new(),
            files: Vec::new(),
            columns: vec![c],
        }
    }

    fn file(tables: Vec<TableProfile>) -> ProfileFile {
        ProfileFile::new(vec!["x".into()], tables, Vec::new())
    }

    #[test]
    fn tables_match_by_name_or_map_and_one_sided_tables_are_findings() {
        let baseline = file(vec![table("cust", 300), table("legacy", 90)]);
        let current = file(vec![table("customers", 3000), table("fresh", 1000)]);
        let config = DriftConfig {
            table_map: [("cust".to_string(), "customers".to_string())].into(),
            ..DriftConfig::default()
        };
        let c = compare(&baseline, &current, &config);
        let ids: Vec<&str> = c.findings.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, vec!["fresh.table_added", "legacy.table_removed"]);
        assert_eq!(c.coverage.len(), 2);
        assert_eq!(c.coverage[0].table, "customers");
        assert_eq!(c.coverage[0].baseline_table.as_deref(), Some("cust"));
        assert_eq!(c.coverage[0].estimate, 1.0);
        assert_eq!(c.coverage[1].estimate, 0.0);
        assert_eq!(c.overall_coverage, Some(0.75));
        // Without the map the renamed table is one removed and one added.
        let plain = compare(&baseline, &current, &DriftConfig::default());
        assert_eq!(plain.findings.len(), 4);
    }
}
