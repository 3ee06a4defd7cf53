//! `mixed_formats`: one column, several significant layouts of the same kind of value.
//!
//! Reads the profile's format-family counts (`profile::quality::formats`). Families are grouped
//! into domains, tried in this order: booleans (`true/false`, `yes/no`, `Y/N`, `1/0`), dates
//! (ISO, US, European slashed or dotted, epoch seconds or milliseconds), phone numbers, numbers
//! (plain, thousands separators, currency symbols). A column belongs to the first domain that
//! covers at least `min_domain_share` of its non-blank values. Spellings that fit two domains
//! are resolved by the domain: `1`/`0` is a boolean spelling in a boolean column and a plain
//! number in a number column; epoch seconds are a date format in a date column and plain
//! numbers in a number column; a number under 1000 fits every number layout and never counts
//! as a layout of its own; a slashed date with both parts ≤ 12 joins the slashed layout the
//! column otherwise shows. The finding names every layout holding at least `min_format_share`
//! of the domain, with its count and share; affected rows are those outside the dominant one.

use serde_json::json;

use super::config::MixedFormatsConfig;
use super::{ColumnContext, percent, round4};
use crate::profile::quality::formats::{FormatCounts, FormatFamily as F};
use crate::report::{Finding, FindingKind};

const PLAIN: &str = "plain (1234.50)";
const CURRENCY: &str = "currency symbol ($12.00)";

/// A named layout within a domain and the families it gathers.
struct Layout {
    name: &'static str,
    families: Vec<F>,
}

/// Values of one domain, split by layout; `neutral` fits every layout.
struct Domain {
    name: &'static str,
    layouts: Vec<Layout>,
    neutral: Vec<F>,
}

fn domains(counts: &FormatCounts) -> Vec<Domain> {
    let slashed_us = counts.get(F::DateSlashMonthFirst) > 0;
    let slashed_eu = counts.get(F::DateSlashDayFirst) > 0;
    // Ambiguous slashed dates join the unambiguous slashed layout the column shows, or stand as
    // their own layout when it shows none (or both).
    let mut date_layouts = vec![
        Layout {
            name: "ISO 8601",
            families: vec![F::DateIso, F::TimestampIso],
        },
        Layout {
            name: "US MM/DD/YYYY",
            families: if slashed_us && !slashed_eu {
                vec![F::DateSlashMonthFirst, F::DateSlashAmbiguous]
            } else {
                vec![F::DateSlashMonthFirst]
            },
        },
        Layout {
            name: "European DD/MM/YYYY",
            families: if slashed_eu && !slashed_us {
                vec![F::DateSlashDayFirst, F::DateSlashAmbiguous]
            } else {
                vec![F::DateSlashDayFirst]
            },
        },
        Layout {
            name: "European DD.MM.YYYY",
            families: vec![F::DateDot],
        },
        Layout {
            name: "epoch seconds",
            families: vec![F::EpochSeconds],
        },
        Layout {
            name: "epoch milliseconds",
            families: vec![F::EpochMillis],
        },
    ];
    if slashed_us == slashed_eu {
        date_layouts.push(Layout {
            name: "slashed NN/NN/YYYY (US or European)",
            families: vec![F::DateSlashAmbiguous],
        });
    }
    let one = |name, f| Layout {
        name,
        families: vec![f],
    };
    vec![
        Domain {
            name: "boolean",
            layouts: vec![
                one("true/false", F::BoolTrueFalse),
                one("yes/no", F::BoolYesNo),
                one("Y/N", F::BoolYN),
                one("1/0", F::BoolOneZero),
            ],
            neutral: vec![],
        },
        Domain {
            name: "date",
            layouts: date_layouts,
            neutral: vec![],
        },
        Domain {
            name: "phone number",
            layouts: vec![
                one("(415) 867-2291", F::PhoneParens),
                one("415-867-2291", F::PhoneDashed),
                one("415.867.2291", F::PhoneDotted),
                one("415 867 2291", F::PhoneSpaced),
                one("+1 415 867 2291", F::PhoneInternational),
            ],
            neutral: vec![],
        },
        Domain {
            name: "number",
            layouts: vec![
                Layout {
                    name: PLAIN,
                    families: vec![F::NumberPlainLarge, F::EpochSeconds, F::EpochMillis],
                },
                one("thousands separators (1,234.50)", F::NumberThousands),
                one(CURRENCY, F::NumberCurrency),
            ],
            neutral: vec![F::NumberSmall, F::BoolOneZero],
        },
    ]
}

/// Checks one column.
pub fn check(ctx: &ColumnContext, config: &MixedFormatsConfig) -> Vec<Finding> {
    let c = ctx.column;
    let (Some(counts), Some(types)) = (
        c.quality.as_ref().and_then(|q| q.formats.as_ref()),
        c.type_counts.as_ref(),
    ) else {
        return Vec::new();
    };
    let candidates = types.candidates;
    if candidates == 0 {
        return Vec::new();
    }
    for domain in domains(counts) {
        let sum = |fs: &[F]| fs.iter().map(|f| counts.get(*f)).sum::<u64>();
        let layout_counts: Vec<(&str, u64)> = domain
            .layouts
            .iter()
            .map(|l| (l.name, sum(&l.families)))
            .collect();
        let neutral = sum(&domain.neutral);
        let total: u64 = layout_counts.iter().map(|l| l.1).sum::<u64>() + neutral;
        if (total as f64) < config.min_domain_share * candidates as f64 {
            continue;
        }
        // The column is of this domain; decide here, whatever the outcome.
        let is_significant = |n: u64| {
            n >= config.min_format_values && n as f64 >= config.min_format_share * total as f64
        };
        let mut significant: Vec<(&str, u64)> = layout_counts
            .iter()
            .copied()
            .filter(|(_, n)| is_significant(*n))
            .collect();
        // Small plain numbers fit the thousands layout, but not the currency one: `12.00` next
        // to `$12.00` is two layouts.
        if domain.name == "number"
            && significant.len() == 1
            && significant[0].0 == CURRENCY
            && is_significant(total - significant[0].1)
        {
            significant.push((PLAIN, total - significant[0].1));
        }
        if significant.len() < 2 {
            return Vec::new();
        }
        let mut ranked = significant.clone();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        let dominant = ranked[0];
        let affected: u64 = ranked[1..].iter().map(|l| l.1).sum();
        let share = ctx.share(affected);
        let described: Vec<String> = ranked
            .iter()
            .map(|(name, n)| format!("{name} {}", percent(*n as f64 / total as f64)))
            .collect();
        let formats: Vec<serde_json::Value> = ranked
            .iter()
            .map(|(name, n)| {
                json!({"format": name, "values": n, "share": round4(*n as f64 / total as f64)})
            })
            .collect();
        return vec![
            ctx.finding(
                FindingKind::MixedFormats,
                config.severity.severity(share),
                format!(
                    "`{}` mixes {} {} formats: {}",
                    c.name,
                    ranked.len(),
                    domain.name,
                    described.join(", ")
                ),
            )
            .with_evidence("domain", domain.name)
            .with_evidence("formats", json!(formats))
            .with_evidence("dominant_format", dominant.0)
            .with_evidence("rows_not_in_dominant_format", affected)
            .with_evidence("share_of_rows", round4(share))
            .with_remediation(format!(
                "Normalise every value to one {} format ({} is the most common) at ingestion.",
                domain.name, dominant.0
            ))
            .with_affected(affected, ctx.rows),
        ];
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::report::Severity;

    #[test]
    fn names_each_date_format_and_its_share() {
        let mut v = vec!["2024-03-05"; 70];
        v.extend(["03/25/2024"; 5]);
        v.extend(["03/05/2024"; 15]);
        v.extend(["1709596800"; 10]);
        let c = texts("signup_date", &v);
        let f = check(&ctx(&c), &MixedFormatsConfig::default());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].evidence["domain"], "date");
        assert_eq!(f[0].evidence["dominant_format"], "ISO 8601");
        let formats = f[0].evidence["formats"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(formats.len(), 3);
        assert_eq!(formats[1]["format"], "US MM/DD/YYYY");
        assert_eq!(formats[1]["values"], 20);
        assert_eq!(f[0].affected_rows, Some(30));
        assert_eq!(f[0].severity, Severity::High);
    }

    #[test]
    fn boolean_spellings() {
        let mut v = vec!["true"; 20];
        v.extend(["false"; 20]);
        v.extend(["Y"; 15]);
        v.extend(["N"; 15]);
        v.extend(["1"; 15]);
        v.extend(["0"; 15]);
        let f = check(
            &ctx(&dictionary("opt_in", &v)),
            &MixedFormatsConfig::default(),
        );
        assert_eq!(f[0].evidence["domain"], "boolean");
        assert_eq!(f[0].evidence["formats"].as_array().map(Vec::len), Some(3));
    }

    #[test]
    fn phone_layouts_and_us_against_european_dates() {
        let mut p = vec!["(415) 867-2291"; 30];
        p.extend(["415-867-2291"; 10]);
        p.extend(["+1 415 867 2291"; 10]);
        let f = check(&ctx(&texts("phone", &p)), &MixedFormatsConfig::default());
        assert_eq!(f[0].evidence["domain"], "phone number");
        assert_eq!(f[0].affected_rows, Some(20));
        let mut d = vec!["03/25/2024"; 20];
        d.extend(["25/03/2024"; 20]);
        d.extend(["03/05/2024"; 10]);
        let f = check(&ctx(&texts("shipped", &d)), &MixedFormatsConfig::default());
        let names: Vec<String> = f[0].evidence["formats"]
            .as_array()
            .map(|a| a.iter().map(|x| x["format"].to_string()).collect())
            .unwrap_or_default();
        assert_eq!(names.len(), 3, "{names:?}");
        assert!(
            names.iter().any(|n| n.contains("US or European")),
            "{names:?}"
        );
    }

    #[test]
    fn numbers_with_and_without_currency() {
        let mut v = vec!["$12.00"; 30];
        v.extend(["12.00"; 30]);
        let f = check(&ctx(&texts("price", &v)), &MixedFormatsConfig::default());
        assert_eq!(f[0].evidence["domain"], "number");
    }

    #[test]
    fn silent_on_one_format_small_numbers_and_epochs() {
        let cfg = MixedFormatsConfig::default();
        // Small numbers fit any layout; thousands alone are one format.
        let v = ["12", "1,234.50", "7", "3,000", "999"];
        assert!(check(&ctx(&texts("a", &v)), &cfg).is_empty());
        // A flag of 1/0 only, a quantity of 0..5, epoch seconds alone: one format each.
        assert!(check(&ctx(&texts("f", &["1", "0", "1"])), &cfg).is_empty());
        assert!(check(&ctx(&texts("q", &["0", "1", "2", "5", "3"])), &cfg).is_empty());
        assert!(check(&ctx(&texts("t", &["1709596800", "1709596801"])), &cfg).is_empty());
        // ISO dates with and without a time are one family.
        assert!(
            check(
                &ctx(&texts("d", &["2024-01-01", "2024-01-01T10:00:00"])),
                &cfg
            )
            .is_empty()
        );
        assert!(check(&ctx(&text("d", &[None, None])), &cfg).is_empty());
        assert!(check(&ctx(&texts("d", &["2024-01-01"])), &cfg).is_empty());
        assert!(check(&ctx(&ints("n", &[Some(1)])), &cfg).is_empty());
        // Free text is no domain.
        assert!(
            check(
                &ctx(&texts("n", &["hello", "true", "2024-01-01", "x"])),
                &cfg
            )
            .is_empty()
        );
    }
}
