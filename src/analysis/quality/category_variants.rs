//! `category_variants`: categories that are the same after folding case, whitespace and
//! punctuation (`NY`, `ny`, ` NY`, `N.Y.`).
//!
//! Runs on text columns inferred as text with few distinct values (`max_distinct`, where the
//! frequent-values sketch is exact). Values are folded to their lower-case letters and digits;
//! a fold shared by several spellings is one category written several ways. The most frequent
//! spelling is taken as canonical and the rows of the other spellings are the affected rows.
//! Number, date and boolean columns are left to `mixed_formats` (`1.5` and `15` fold alike but
//! are different numbers).

use std::collections::BTreeMap;

use serde_json::json;

use super::config::CategoryVariantsConfig;
use super::{ColumnContext, percent, round4};
use crate::profile::sketch::FrequentKey;
use crate::profile::{InferredType, ValueKind};
use crate::report::{Finding, FindingKind};

/// The folded form of a category: lower-case letters and digits only.
pub fn fold(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Checks one column.
pub fn check(ctx: &ColumnContext, config: &CategoryVariantsConfig) -> Vec<Finding> {
    let c = ctx.column;
    if c.kind != ValueKind::Text
        || c.inferred_type() != InferredType::Text
        || c.distinct.estimate() > config.max_distinct
    {
        return Vec::new();
    }
    let Some(frequent) = &c.frequent else {
        return Vec::new();
    };
    let mut groups: BTreeMap<String, Vec<(String, u64)>> = BTreeMap::new();
    for v in frequent.top(usize::MAX) {
        if let FrequentKey::Text(s) = v.value {
            let folded = fold(&s);
            if !folded.is_empty() {
                groups
                    .entry(folded)
                    .or_default()
                    .push((ctx.show(&s), v.count));
            }
        }
    }
    let mut variant_groups = Vec::new();
    let mut affected = 0u64;
    for (folded, mut spellings) in groups {
        if spellings.len() < 2 {
            continue;
        }
        spellings.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let minority: u64 = spellings[1..].iter().map(|s| s.1).sum();
        affected += minority;
        variant_groups.push((minority, folded, spellings));
    }
    if variant_groups.is_empty() {
        return Vec::new();
    }
    variant_groups.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let share = ctx.share(affected);
    let shown: Vec<String> = variant_groups
        .iter()
        .take(3)
        .map(|(_, _, s)| {
            s.iter()
                .map(|(v, n)| format!("`{v}` ×{n}"))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .collect();
    let evidence: Vec<serde_json::Value> = variant_groups
        .iter()
        .take(20)
        .map(|(minority, _, s)| {
            json!({
                "canonical": s[0].0,
                "variant_rows": minority,
                "variants": s.iter().map(|(v, n)| json!({"value": v, "count": n})).collect::<Vec<_>>(),
            })
        })
        .collect();
    vec![
        ctx.finding(
            FindingKind::CategoryVariants,
            config.severity.severity(share),
            format!(
                "{} categories of `{}` are spelled several ways ({} rows, {}): {}",
                variant_groups.len(),
                c.name,
                affected,
                percent(share),
                shown.join("; ")
            ),
        )
        .with_evidence("groups", json!(evidence))
        .with_evidence("variant_rows", affected)
        .with_evidence("share_of_rows", round4(share))
        .with_remediation(
            "Map the variants to one canonical spelling (a lookup table) and validate the field \
             against the allowed list at entry.",
        )
        .with_affected(affected, ctx.rows),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::report::Severity;

    #[test]
    fn groups_spellings_that_fold_alike() {
        let mut v = vec!["NY"; 50];
        v.extend(["CA"; 40]);
        v.extend(["ny", "ny", " NY", "N.Y.", "Calif."]);
        let c = texts("state", &v);
        let f = check(&ctx(&c), &CategoryVariantsConfig::default());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].affected_rows, Some(4));
        assert_eq!(f[0].evidence["groups"][0]["canonical"], "NY");
        assert_eq!(f[0].severity, Severity::Medium);
    }

    #[test]
    fn values_of_sensitive_columns_are_masked() {
        let mut v = vec!["O'Brien"; 20];
        v.extend(["o'brien"; 3]);
        let c = texts("last_name", &v);
        let mut context = ctx(&c);
        context.sensitive = true;
        let f = check(&context, &CategoryVariantsConfig::default());
        let shown = f[0].evidence["groups"].to_string() + &f[0].message;
        assert!(
            !shown.contains("Brien") && !shown.contains("brien"),
            "{shown}"
        );
    }

    #[test]
    fn dictionary_columns_too() {
        let mut v = vec!["web"; 20];
        v.extend(["Web", "WEB"]);
        let c = dictionary("channel", &v);
        assert_eq!(
            check(&ctx(&c), &CategoryVariantsConfig::default())[0].affected_rows,
            Some(2)
        );
    }

    #[test]
    fn silent_on_clean_codes_numbers_and_high_cardinality() {
        let cfg = CategoryVariantsConfig::default();
        let codes = texts("code", &["A1", "A2", "B1", "B2", "AB", "BA", "A1"]);
        assert!(check(&ctx(&codes), &cfg).is_empty());
        let numbers = texts("rating", &["1.5", "15", "2.5", "25"]);
        assert!(check(&ctx(&numbers), &cfg).is_empty());
        let many: Vec<String> = (0..400).map(|i| format!("Name{i}")).collect();
        let mut refs: Vec<&str> = many.iter().map(String::as_str).collect();
        refs.push("name1");
        assert!(check(&ctx(&texts("name", &refs)), &cfg).is_empty());
        assert!(check(&ctx(&text("s", &[None, None])), &cfg).is_empty());
        assert!(check(&ctx(&texts("s", &["x"])), &cfg).is_empty());
        assert!(check(&ctx(&ints("n", &[Some(1), Some(1)])), &cfg).is_empty());
    }
}
