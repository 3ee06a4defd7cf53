//! Pilot coverage: the share of production rows whose values all fall inside what the pilot
//! covered.
//!
//! Per column, the *uncovered share* of production rows is estimated from the profiles:
//!
//! - numeric and temporal columns: the share of values outside the baseline's range (the current
//!   quantile sketch's CDF at the baseline's exact min and max), times the non-null share;
//! - categorical columns: the share of values in categories the baseline never had, times the
//!   non-null share;
//! - columns whose type changed kind: the share of values that do not parse as the baseline's
//!   type;
//! - any of these, plus the null share of production when the baseline never had a null there.
//!
//! Free text and identifiers have no notion of "covered" a profile can measure and are left out,
//! as are added and removed columns (schema findings already say the pilot never saw them).
//!
//! A row is covered when every column covers it, and profiles do not say which rows share their
//! uncovered values. The headline is therefore the **independence estimate** `Π (1 − u_j)`,
//! reported with the bounds that hold whatever the dependence (Fréchet): the Bonferroni lower
//! bound `max(0, 1 − Σ u_j)` and the upper bound `1 − max u_j`. The overall figure weights each
//! table by its production rows; a production table the baseline lacks counts as uncovered.

use serde::Serialize;

use super::signal::round;

/// How a column's uncovered share was measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CoverageBasis {
    /// Values outside the baseline's min..max.
    Range,
    /// Values in categories the baseline never had.
    Categories,
    /// Values that do not parse as the baseline's type.
    Type,
    /// Nulls where the baseline had none (alone).
    Nulls,
}

/// One column's share of production rows the pilot did not cover.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ColumnCoverage {
    /// The current column name.
    pub column: String,
    /// How it was measured.
    pub basis: CoverageBasis,
    /// Share of production rows with a value (or null) outside what the baseline covered.
    pub uncovered_share: f64,
}

/// Pilot coverage of one production table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TableCoverage {
    /// The current table.
    pub table: String,
    /// The baseline table it was compared with, `None` for a table the baseline lacks.
    pub baseline_table: Option<String>,
    /// Production rows.
    pub rows: u64,
    /// Independence estimate of the covered share of rows.
    pub estimate: f64,
    /// Lower bound whatever the dependence between columns: `max(0, 1 − Σ u_j)`.
    pub lower_bound: f64,
    /// Upper bound whatever the dependence: `1 − max u_j`.
    pub upper_bound: f64,
    /// The columns that leave rows uncovered (share > 0), most uncovered first.
    pub columns: Vec<ColumnCoverage>,
}

impl TableCoverage {
    /// Coverage of a table from its columns' uncovered shares.
    pub fn from_columns(
        table: &str,
        baseline_table: Option<&str>,
        rows: u64,
        mut columns: Vec<ColumnCoverage>,
    ) -> Self {
        columns.retain(|c| c.uncovered_share > 0.0);
        for c in &mut columns {
            c.uncovered_share = round(c.uncovered_share.clamp(0.0, 1.0));
        }
        columns.sort_by(|a, b| {
            b.uncovered_share
                .total_cmp(&a.uncovered_share)
                .then_with(|| a.column.cmp(&b.column))
        });
        let u: Vec<f64> = columns.iter().map(|c| c.uncovered_share).collect();
        let (estimate, lower, upper) = combine(&u);
        Self {
            table: table.to_string(),
            baseline_table: baseline_table.map(str::to_string),
            rows,
            estimate,
            lower_bound: lower,
            upper_bound: upper,
            columns,
        }
    }

    /// A production table the baseline does not have: nothing of it is covered.
    pub fn uncovered(table: &str, rows: u64) -> Self {
        Self {
            table: table.to_string(),
            baseline_table: None,
            rows,
            estimate: 0.0,
            lower_bound: 0.0,
            upper_bound: 0.0,
            columns: Vec::new(),
        }
    }
}

/// Independence estimate, Bonferroni lower bound and upper bound of the covered share.
pub fn combine(uncovered: &[f64]) -> (f64, f64, f64) {
    let product: f64 = uncovered.iter().map(|u| 1.0 - u.clamp(0.0, 1.0)).product();
    let sum: f64 = uncovered.iter().sum();
    let max = uncovered.iter().copied().fold(0.0, f64::max);
    (
        round(product),
        round((1.0 - sum).max(0.0)),
        round(1.0 - max),
    )
}

/// Overall coverage: the tables' estimates weighted by production rows; `None` without rows.
pub fn overall(tables: &[TableCoverage]) -> Option<f64> {
    let rows: u64 = tables.iter().map(|t| t.rows).sum();
    (rows > 0).then(|| {
        round(
            tables
                .iter()
                .map(|t| t.estimate * t.rows as f64)
                .sum::<f64>()
                / rows as f64,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimate_lies_between_the_bounds() {
        let (e, lo, hi) = combine(&[0.5, 0.2]);
        assert!((e - 0.4).abs() < 1e-12);
        assert!((lo - 0.3).abs() < 1e-12);
        assert!((hi - 0.5).abs() < 1e-12);
        assert_eq!(combine(&[]), (1.0, 1.0, 1.0));
        assert_eq!(combine(&[0.9, 0.9]).1, 0.0);
    }

    #[test]
    fn overall_weights_tables_by_rows() {
        let a = TableCoverage::from_columns("a", Some("a"), 100, vec![]);
        let b = TableCoverage::uncovered("b", 300);
        assert_eq!(overall(&[a, b]), Some(0.25));
        assert_eq!(overall(&[]), None);
    }
}
