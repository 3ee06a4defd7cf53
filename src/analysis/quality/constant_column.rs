//! `constant_column`: one value in every non-null row.
//!
//! A column that never varies carries no information (`source_system = "crm"` everywhere).
//! Decided exactly from the profile's exact `min` and `max` (and boolean counts): no sketch is
//! involved. All-null columns are left to `mostly_null`; tiny tables are skipped.

use super::config::ConstantColumnConfig;
use super::{ColumnContext, round4};
use crate::profile::{Value, ValueKind};
use crate::report::{Finding, FindingKind, Severity};

/// Checks one column.
pub fn check(ctx: &ColumnContext, config: &ConstantColumnConfig) -> Vec<Finding> {
    let c = ctx.column;
    let non_null = c.non_null();
    if ctx.rows < config.min_rows || non_null == 0 || non_null < 2 {
        return Vec::new();
    }
    let constant = match c.kind {
        ValueKind::Boolean => c.true_count == 0 || c.false_count == 0,
        ValueKind::Binary | ValueKind::Null => false,
        _ => c.min.is_some() && c.min == c.max && c.non_finite == 0,
    };
    if !constant {
        return Vec::new();
    }
    let shown = ctx.show(&match &c.min {
        Some(Value::Text(s)) => s.chars().take(40).collect(),
        Some(v) => crate::profile::render::value(v),
        None => String::new(),
    });
    let null_share = c.nulls as f64 / c.rows.max(1) as f64;
    let message = if c.nulls == 0 {
        format!("`{}` holds the same value `{shown}` in every row", c.name)
    } else {
        format!(
            "`{}` holds the same value `{shown}` in every non-null row ({} nulls)",
            c.name, c.nulls
        )
    };
    vec![
        ctx.finding(FindingKind::ConstantColumn, Severity::Low, message)
            .with_evidence("value", shown)
            .with_evidence("non_null_rows", non_null)
            .with_evidence("null_share", round4(null_share))
            .with_remediation(
                "Drop the column or move the constant to metadata; check that the source is not \
                 defaulting a field it failed to fill.",
            )
            .with_affected(c.rows, ctx.rows),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn finds_constant_text_numbers_and_dictionaries() {
        let cfg = ConstantColumnConfig::default();
        let f = check(&ctx(&texts("source_system", &["crm"; 20])), &cfg);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].evidence["value"], "crm");
        assert_eq!(check(&ctx(&ints("v", &[Some(7); 12])), &cfg).len(), 1);
        assert_eq!(check(&ctx(&dictionary("d", &["x"; 12])), &cfg).len(), 1);
        let mut with_nulls = vec![Some("crm"); 12];
        with_nulls.push(None);
        assert_eq!(check(&ctx(&text("s", &with_nulls)), &cfg).len(), 1);
    }

    #[test]
    fn silent_on_varying_all_null_and_one_row_columns() {
        let cfg = ConstantColumnConfig::default();
        let mut v = vec!["crm"; 20];
        v.push("erp");
        assert!(check(&ctx(&texts("s", &v)), &cfg).is_empty());
        assert!(check(&ctx(&text("s", &[None; 20])), &cfg).is_empty());
        assert!(check(&ctx(&texts("s", &["crm"])), &cfg).is_empty());
        let distinct: Vec<Option<i64>> = (0..20).map(Some).collect();
        assert!(check(&ctx(&ints("n", &distinct)), &cfg).is_empty());
    }
}
