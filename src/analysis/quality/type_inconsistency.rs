//! `type_inconsistency`: a text column whose values are nearly all of one type, with a
//! remainder that does not parse; and a number column stored as text.
//!
//! Reads the profile's type counts. The candidate types are boolean (with `1`/`0`), number
//! (integers, decimals, numbers with thousands separators or currency symbols), date or
//! timestamp (with epoch seconds and milliseconds, and every date layout), and UUID: a value in
//! another layout of the same type is a format question for `mixed_formats`, not a parse
//! failure. When one type covers at least `min_type_share` but not all of the non-blank values,
//! the rest is reported with its share and masked examples of values that parse as nothing.
//!
//! A column of a typed format (Parquet, Arrow, NDJSON) stored as text whose every value is a
//! decimal number is reported at `low` (integers at `info`: they may be codes with leading
//! zeros). CSV and TSV columns are text by nature and are not reported for that.

use super::config::TypeInconsistencyConfig;
use super::mask::mask;
use super::{ColumnContext, percent, round4};
use crate::profile::ValueKind;
use crate::profile::quality::formats::FormatFamily as F;
use crate::report::{Finding, FindingKind, Severity};

/// Whether the number-looking values of a column are a fixed-width code (ZIP codes, 9-digit
/// ids): whole numbers of one width, three digits or more. Another layout of such a code
/// (Canadian `A9A 9A9` postal codes among US ZIP codes) is a second code format, not a number
/// that failed to parse.
fn fixed_width_code(c: &crate::profile::ColumnProfile) -> bool {
    let (Some(types), Some(shapes)) = (c.type_counts.as_ref(), c.shapes.as_ref()) else {
        return false;
    };
    if types.decimal != types.integer || types.integer == 0 {
        return false;
    }
    let digit_shapes: Vec<(&str, u64)> = shapes
        .shapes
        .iter()
        .filter(|(s, _)| !s.is_empty() && s.chars().all(|ch| ch == '9'))
        .map(|(s, n)| (s.as_str(), n.count))
        .collect();
    let total: u64 = digit_shapes.iter().map(|d| d.1).sum();
    digit_shapes
        .iter()
        .any(|(s, n)| s.len() >= 3 && *n as f64 >= 0.95 * total as f64)
}

/// Checks one column; `format` is the table's file format.
pub fn check(ctx: &ColumnContext, format: &str, config: &TypeInconsistencyConfig) -> Vec<Finding> {
    let c = ctx.column;
    let (ValueKind::Text, Some(types)) = (c.kind, c.type_counts.as_ref()) else {
        return Vec::new();
    };
    if types.candidates == 0 {
        return Vec::new();
    }
    let quality = c.quality.as_ref();
    let family = |f: F| {
        quality
            .and_then(|q| q.formats.as_ref())
            .map_or(0, |fc| fc.get(f))
    };
    // Values of each type in any layout; layouts the core parser does not read are added.
    let candidates = [
        ("boolean", types.boolean + family(F::BoolOneZero)),
        (
            "number",
            types.decimal + family(F::NumberThousands) + family(F::NumberCurrency),
        ),
        (
            "date",
            types.date + types.timestamp + family(F::EpochSeconds) + family(F::EpochMillis),
        ),
        ("uuid", types.uuid),
    ];
    let Some((type_name, parsed)) = candidates
        .iter()
        .copied()
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
    else {
        return Vec::new();
    };
    let parsed = parsed.min(types.candidates);
    let type_share = parsed as f64 / types.candidates as f64;
    let examples: Vec<String> = quality
        .and_then(|q| q.unparsed.as_ref())
        .map(|u| u.iter().map(mask).collect())
        .unwrap_or_default();
    if parsed == types.candidates {
        let typed_format = !matches!(format, "csv" | "tsv");
        if !typed_format || type_name != "number" {
            return Vec::new();
        }
        let decimals = types.decimal > types.integer;
        let severity = if decimals {
            Severity::Low
        } else {
            Severity::Info
        };
        return vec![
            ctx.finding(
                FindingKind::TypeInconsistency,
                severity,
                format!(
                    "`{}` stores numbers as text: every one of its {} values parses as a number",
                    c.name, types.candidates
                ),
            )
            .with_evidence("stored_as", c.data_type.as_str())
            .with_evidence("parses_as", type_name)
            .with_evidence("values", types.candidates)
            .with_remediation("Store the column as a numeric type in the source schema.")
            .with_affected(types.candidates, ctx.rows),
        ];
    }
    if type_share < config.min_type_share || (type_name == "number" && fixed_width_code(c)) {
        return Vec::new();
    }
    let remainder = types.candidates - parsed;
    let share = ctx.share(remainder);
    vec![ctx.with_examples(
        ctx.finding(
            FindingKind::TypeInconsistency,
            config.severity.severity(share),
            format!(
                "{} of `{}`'s values are {type_name}s, but {remainder} ({} of rows) do not parse \
                 as one",
                percent(type_share),
                c.name,
                percent(share)
            ),
        )
        .with_evidence("expected_type", type_name)
        .with_evidence("parsed_values", parsed)
        .with_evidence("unparsed_values", remainder)
        .with_evidence("type_share", round4(type_share))
        .with_evidence("share_of_rows", round4(share))
        .with_remediation(format!(
            "Validate the field as a {type_name} at the source; map the stray values to null or \
             fix them, and store the column with its real type."
        ))
        .with_affected(remainder, ctx.rows),
        examples,
    )]
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;

    #[test]
    fn finds_the_remainder_with_masked_examples() {
        let mut v: Vec<String> = (0..97).map(|i| format!("{i}.50")).collect();
        v.extend(["12,5", "n/a", "abcdef"].map(String::from));
        let refs: Vec<&str> = v.iter().map(String::as_str).collect();
        let c = texts("cart_value", &refs);
        let f = check(&ctx(&c), "ndjson", &TypeInconsistencyConfig::default());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].evidence["expected_type"], "number");
        assert_eq!(f[0].affected_rows, Some(3));
        assert_eq!(f[0].severity, Severity::Medium);
        let ex = f[0].evidence["examples"].to_string();
        assert!(
            ex.contains("1*,5") && ex.contains("n/a") && ex.contains("a****f"),
            "{ex}"
        );
    }

    #[test]
    fn fixed_width_codes_with_a_second_layout_are_not_numbers() {
        let mut v = vec!["02134"; 90];
        v.extend(["10001"; 5]);
        v.extend(["K1A 0B1"; 9]);
        let c = texts("zip", &v);
        assert!(check(&ctx(&c), "csv", &TypeInconsistencyConfig::default()).is_empty());
        // Quantities of one or two digits with junk are numbers that failed to parse.
        let mut q = vec!["3"; 95];
        q.extend(["three"; 5]);
        assert_eq!(
            check(
                &ctx(&texts("qty", &q)),
                "csv",
                &TypeInconsistencyConfig::default()
            )
            .len(),
            1
        );
    }

    #[test]
    fn other_layouts_of_the_same_type_are_not_failures() {
        let mut v = vec!["2024-03-05"; 80];
        v.extend(["03/05/2024"; 10]);
        v.extend(["1709596800"; 10]);
        let c = texts("signup_date", &v);
        assert!(check(&ctx(&c), "csv", &TypeInconsistencyConfig::default()).is_empty());
        let money = texts("price", &["$1,200.00", "12.50", "1,000"]);
        assert!(check(&ctx(&money), "csv", &TypeInconsistencyConfig::default()).is_empty());
    }

    #[test]
    fn numbers_stored_as_text_in_typed_formats() {
        let cfg = TypeInconsistencyConfig::default();
        let c = texts("cart_value", &["23.50", "1.25"]);
        assert_eq!(check(&ctx(&c), "ndjson", &cfg)[0].severity, Severity::Low);
        assert!(check(&ctx(&c), "csv", &cfg).is_empty());
        let codes = dictionary("zip", &["02134", "10001"]);
        assert_eq!(
            check(&ctx(&codes), "parquet", &cfg)[0].severity,
            Severity::Info
        );
    }

    #[test]
    fn silent_on_free_text_nulls_one_row_and_numeric_columns() {
        let cfg = TypeInconsistencyConfig::default();
        let words = texts("name", &["alice", "bob", "12", "carol"]);
        assert!(check(&ctx(&words), "csv", &cfg).is_empty());
        assert!(check(&ctx(&text("x", &[None, None])), "csv", &cfg).is_empty());
        assert!(check(&ctx(&texts("x", &["oops"])), "csv", &cfg).is_empty());
        assert!(check(&ctx(&ints("n", &[Some(1)])), "parquet", &cfg).is_empty());
        // Mostly words with a few numbers: no type covers 90%.
        let mut mixed = vec!["word"; 50];
        mixed.extend(["7"; 45]);
        assert!(check(&ctx(&texts("m", &mixed)), "csv", &cfg).is_empty());
    }
}
