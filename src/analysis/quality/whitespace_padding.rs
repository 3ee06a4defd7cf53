//! `whitespace_padding`: text values with leading or trailing whitespace.
//!
//! Padded values break joins and group-bys (`"Boston "` ≠ `"Boston"`). Reads the exact
//! `whitespace_padded` count of the profile.

use super::config::WhitespacePaddingConfig;
use super::{ColumnContext, percent, round4};
use crate::report::{Finding, FindingKind};

/// Checks one column.
pub fn check(ctx: &ColumnContext, config: &WhitespacePaddingConfig) -> Vec<Finding> {
    let c = ctx.column;
    let padded = c.whitespace_padded;
    if padded == 0 || padded < config.min_values {
        return Vec::new();
    }
    let share = ctx.share(padded);
    let of_values = if c.non_null() == 0 {
        0.0
    } else {
        padded as f64 / c.non_null() as f64
    };
    vec![
        ctx.finding(
            FindingKind::WhitespacePadding,
            config.severity.severity(share),
            format!(
                "{padded} values ({}) of `{}` have leading or trailing whitespace",
                percent(share),
                c.name
            ),
        )
        .with_evidence("padded_values", padded)
        .with_evidence("share_of_rows", round4(share))
        .with_evidence("share_of_values", round4(of_values))
        .with_remediation("Trim the values at ingestion (and fix the exporting system's padding).")
        .with_affected(padded, ctx.rows),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::report::Severity;

    #[test]
    fn finds_padded_values_with_share_based_severity() {
        let mut v = vec!["Boston"; 90];
        v.extend([" Boston", "Boston ", "\tNYC"]);
        let c = texts("city", &v);
        let f = check(&ctx(&c), &WhitespacePaddingConfig::default());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].affected_rows, Some(3));
        assert_eq!(f[0].severity, Severity::Medium); // 3.2%
    }

    #[test]
    fn silent_on_clean_numeric_and_all_null_columns() {
        let cfg = WhitespacePaddingConfig::default();
        assert!(check(&ctx(&texts("city", &["a b", "Boston", ""])), &cfg).is_empty());
        assert!(check(&ctx(&ints("n", &[Some(1), None])), &cfg).is_empty());
        assert!(check(&ctx(&text("c", &[None, None])), &cfg).is_empty());
    }
}
