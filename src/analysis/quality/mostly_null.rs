//! `mostly_null`: a column that is null (or empty text) in nearly every row.
//!
//! Sparse optional columns are sparse by design, so the check stays quiet (`info`) for them:
//! a column whose name marks it optional (`comment`, `note`, `description`, …) or one that the
//! baseline shows about as sparse. Otherwise the severity climbs with the null share: `low`
//! from `min_null_share` (90%), `medium` from 99%, `high` when nothing is filled.

use super::config::MostlyNullConfig;
use super::{ColumnContext, percent, round4};
use crate::report::{Finding, FindingKind, Severity};

/// Checks one column.
pub fn check(ctx: &ColumnContext, config: &MostlyNullConfig) -> Vec<Finding> {
    let c = ctx.column;
    if ctx.rows < config.min_rows || c.rows == 0 {
        return Vec::new();
    }
    let missing = c.nulls + c.empty;
    let share = missing as f64 / c.rows as f64;
    if share < config.min_null_share {
        return Vec::new();
    }
    let lower = c.name.to_ascii_lowercase();
    let optional_name = config
        .optional_names
        .iter()
        .find(|n| lower.contains(&n.to_ascii_lowercase()));
    let baseline_share = ctx
        .baseline
        .filter(|b| b.rows > 0)
        .map(|b| (b.nulls + b.empty) as f64 / b.rows as f64);
    let sparse_in_baseline =
        baseline_share.is_some_and(|b| (b - share).abs() <= config.baseline_tolerance);
    let severity = if optional_name.is_some() || sparse_in_baseline {
        Severity::Info
    } else if share >= config.severity.high {
        Severity::High
    } else if share >= config.severity.medium {
        Severity::Medium
    } else {
        Severity::Low
    };
    let why = match (optional_name, sparse_in_baseline) {
        (Some(n), _) => format!("; the name (`{n}`) marks an optional field"),
        (None, true) => "; the baseline is as sparse, so this looks optional by design".into(),
        _ => String::new(),
    };
    let mut f = ctx
        .finding(
            FindingKind::MostlyNull,
            severity,
            format!(
                "`{}` is null or empty in {missing} of {} rows ({}){why}",
                c.name,
                c.rows,
                percent(share)
            ),
        )
        .with_evidence("null_rows", c.nulls)
        .with_evidence("empty_rows", c.empty)
        .with_evidence("null_share", round4(share))
        .with_evidence("threshold", config.min_null_share)
        .with_remediation(
            "Find where the field is lost upstream and backfill it, or document it as optional.",
        )
        .with_affected(missing, ctx.rows);
    if let Some(b) = baseline_share {
        f = f.with_evidence("baseline_null_share", round4(b));
    }
    if let Some(n) = optional_name {
        f = f.with_evidence("optional_name", n.as_str());
    }
    vec![f]
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    fn sparse(name: &str, filled: usize, rows: usize) -> crate::profile::ColumnProfile {
        let v: Vec<Option<&str>> = (0..rows).map(|i| (i < filled).then_some("DE")).collect();
        text(name, &v)
    }

    #[test]
    fn severity_climbs_with_the_null_share() {
        let cfg = MostlyNullConfig::default();
        let f = check(&ctx(&sparse("country_of_origin", 6, 200)), &cfg);
        assert_eq!(f[0].severity, Severity::Low); // 97%
        assert_eq!(f[0].affected_rows, Some(194));
        let all = check(&ctx(&sparse("country_of_origin", 0, 200)), &cfg);
        assert_eq!(all[0].severity, Severity::High);
        let ninety = check(&ctx(&sparse("country_of_origin", 18, 200)), &cfg);
        assert_eq!(ninety[0].severity, Severity::Low);
        let one = check(&ctx(&sparse("country_of_origin", 1, 200)), &cfg);
        assert_eq!(one[0].severity, Severity::Medium);
    }

    #[test]
    fn optional_columns_stay_quiet() {
        let cfg = MostlyNullConfig::default();
        assert!(check(&ctx(&sparse("comment", 40, 200)), &cfg).is_empty()); // 80%
        let f = check(&ctx(&sparse("order_comment", 4, 200)), &cfg);
        assert_eq!(f[0].severity, Severity::Info);
        // As sparse in the baseline: by design.
        let base = sparse("promo", 5, 100);
        let cur = sparse("promo", 8, 200);
        let mut c = ctx(&cur);
        c.baseline = Some(&base);
        assert_eq!(check(&c, &cfg)[0].severity, Severity::Info);
    }

    #[test]
    fn silent_on_filled_one_row_and_numeric_columns() {
        let cfg = MostlyNullConfig::default();
        assert!(check(&ctx(&sparse("a", 200, 200)), &cfg).is_empty());
        assert!(check(&ctx(&text("a", &[None])), &cfg).is_empty());
        let n: Vec<Option<i64>> = (0..50).map(|i| (i % 2 == 0).then_some(i)).collect();
        assert!(check(&ctx(&ints("n", &n)), &cfg).is_empty());
    }
}
