//! Quality checks: where one table disagrees with itself.
//!
//! [`check_table`] runs every check on one [`TableProfile`] and returns their findings. Each
//! check is a small pure function of the profile in its own file (no second pass over the data;
//! what a check needs beyond the core profile is collected in `profile::quality`):
//!
//! | kind | file | reads |
//! | --- | --- | --- |
//! | `duplicate_keys` | [`duplicate_keys`] | exact key fingerprints; the baseline for "unique there" |
//! | `encoding_errors` | [`encoding_errors`] | U+FFFD, mojibake and control-character counts |
//! | `sentinel_values` | [`sentinel_values`] | frequent values, quantiles, shapes |
//! | `category_variants` | [`category_variants`] | frequent values of low-cardinality text |
//! | `mixed_formats` | [`mixed_formats`] | format-family counts |
//! | `type_inconsistency` | [`type_inconsistency`] | type counts, format families, unparsed examples |
//! | `magnitude_outliers` | [`magnitude_outliers`] | the log-scale magnitude histogram |
//! | `whitespace_padding` | [`whitespace_padding`] | padded-value count |
//! | `constant_column` | [`constant_column`] | exact min and max |
//! | `mostly_null` | [`mostly_null`] | null and empty counts; the baseline's null share |
//! | `schema_differs_across_files` | [`schema_differs`] | each file's own schema |
//!
//! Severities follow the share of rows affected ([`Ladder`]); thresholds are in
//! [`QualityConfig`] with documented defaults, summarised below (`checks.md`). Example values
//! in evidence are masked ([`mask::mask`]); categories, constants and placeholders are shown
//! as they are unless the column is sensitive (listed in
//! [`QualityConfig::sensitive_columns`] or with detector hits in its profile).
//!
#![doc = include_str!("checks.md")]

pub mod category_variants;
pub mod config;
pub mod constant_column;
pub mod duplicate_keys;
pub mod encoding_errors;
pub mod magnitude_outliers;
pub mod mask;
pub mod mixed_formats;
pub mod mostly_null;
pub mod schema_differs;
pub mod sentinel_values;
pub mod type_inconsistency;
pub mod whitespace_padding;

pub use config::{Ladder, QualityConfig};

use serde_json::json;

use crate::profile::TableProfile;
use crate::report::{Finding, FindingKind};

/// Runs every enabled quality check on `table`.
///
/// `baseline` is the same table's profile in the baseline, when there is one: a column unique
/// there is a key here, and a column as sparse there is sparse by design. Findings come
/// ordered by column (table-level first), then kind, so output is deterministic.
pub fn check_table(
    table: &TableProfile,
    baseline: Option<&TableProfile>,
    config: &QualityConfig,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    let on = |k| config.enabled(k);
    if on(FindingKind::SchemaDiffersAcrossFiles) {
        findings.extend(schema_differs::check(table, &config.schema_differs));
    }
    for column in &table.columns {
        let base = baseline.and_then(|b| b.column(&column.name));
        let qualified = format!("{}.{}", table.name, column.name);
        let ctx = ColumnContext {
            table: &table.name,
            rows: table.rows.max(column.rows),
            column,
            baseline: base,
            sensitive: config.sensitive_columns.contains(&qualified)
                || column.detectors.values().any(|d| d.hits > 0),
        };
        if on(FindingKind::DuplicateKeys) {
            findings.extend(duplicate_keys::check(&ctx, &config.duplicate_keys));
        }
        if on(FindingKind::EncodingErrors) {
            findings.extend(encoding_errors::check(&ctx, &config.encoding_errors));
        }
        if on(FindingKind::SentinelValues) {
            findings.extend(sentinel_values::check(&ctx, &config.sentinel_values));
        }
        if on(FindingKind::CategoryVariants) {
            findings.extend(category_variants::check(&ctx, &config.category_variants));
        }
        if on(FindingKind::MixedFormats) {
            findings.extend(mixed_formats::check(&ctx, &config.mixed_formats));
        }
        if on(FindingKind::TypeInconsistency) {
            findings.extend(type_inconsistency::check(
                &ctx,
                &table.format,
                &config.type_inconsistency,
            ));
        }
        if on(FindingKind::MagnitudeOutliers) {
            findings.extend(magnitude_outliers::check(&ctx, &config.magnitude_outliers));
        }
        if on(FindingKind::WhitespacePadding) {
            findings.extend(whitespace_padding::check(&ctx, &config.whitespace_padding));
        }
        if on(FindingKind::ConstantColumn) {
            findings.extend(constant_column::check(&ctx, &config.constant_column));
        }
        if on(FindingKind::MostlyNull) {
            findings.extend(mostly_null::check(&ctx, &config.mostly_null));
        }
    }
    findings
}

/// What a column check sees: the column, its table's name and rows, and its baseline column.
#[derive(Clone, Copy, Debug)]
pub struct ColumnContext<'a> {
    /// Table name.
    pub table: &'a str,
    /// The table's rows (the denominator of every affected share).
    pub rows: u64,
    /// The column.
    pub column: &'a crate::profile::ColumnProfile,
    /// The same column in the baseline, if any.
    pub baseline: Option<&'a crate::profile::ColumnProfile>,
    /// Whether the column is sensitive: values in evidence are then masked.
    pub sensitive: bool,
}

impl ColumnContext<'_> {
    /// Share of the table's rows.
    pub fn share(&self, n: u64) -> f64 {
        if self.rows == 0 {
            0.0
        } else {
            n as f64 / self.rows as f64
        }
    }

    /// A value as evidence may show it: masked when the column is sensitive.
    pub fn show(&self, value: &str) -> String {
        if self.sensitive {
            mask::mask(value)
        } else {
            value.to_string()
        }
    }

    /// Adds masked `examples` to `finding` as evidence. With none to show because the column
    /// is classified sensitive and its raw examples were removed from the profile, says so
    /// instead of showing an empty list; with none for another reason, adds nothing.
    pub fn with_examples(&self, finding: Finding, examples: Vec<String>) -> Finding {
        if !examples.is_empty() {
            finding.with_evidence("examples", json!(examples))
        } else if self.column.redacted {
            finding.with_evidence("examples_withheld", "the column is classified sensitive")
        } else {
            finding
        }
    }

    /// A finding on this column.
    pub fn finding(
        &self,
        kind: FindingKind,
        severity: crate::report::Severity,
        message: impl Into<String>,
    ) -> Finding {
        Finding::new(kind, severity, self.table, Some(&self.column.name), message)
    }
}

/// Rounds a share to four decimals for evidence.
pub(crate) fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// A share as a percentage for messages (`7.2%`, `0.03%`).
pub(crate) fn percent(x: f64) -> String {
    let p = x * 100.0;
    if p >= 0.1 {
        format!("{p:.1}%")
    } else {
        format!("{p:.2}%")
    }
}

#[cfg(test)]
pub(crate) mod testing;

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;

    #[test]
    fn check_table_runs_every_enabled_check_and_honours_disable() {
        let mut v = vec![Some("crm"); 30];
        v.push(Some(" crm"));
        let table = table_of(text("source", &v));
        let kinds: Vec<FindingKind> = check_table(&table, None, &QualityConfig::default())
            .iter()
            .map(|f| f.kind)
            .collect();
        assert_eq!(
            kinds,
            [
                FindingKind::CategoryVariants,
                FindingKind::WhitespacePadding
            ]
        );
        let config = QualityConfig {
            disable: vec![FindingKind::WhitespacePadding],
            ..QualityConfig::default()
        };
        let kinds: Vec<FindingKind> = check_table(&table, None, &config)
            .iter()
            .map(|f| f.kind)
            .collect();
        assert_eq!(kinds, [FindingKind::CategoryVariants]);
        let empty = table_of(text("c", &[]));
        assert!(check_table(&empty, None, &QualityConfig::default()).is_empty());
    }
}
