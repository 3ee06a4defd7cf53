//! `sentinel_values`: placeholders standing in for missing data.
//!
//! Reads the frequent values (exact while a column has fewer than 192 distinct values;
//! otherwise only values above the sketch's error bound, about 1.4% of the rows, are seen),
//! the exact min and max, and the quantile sketch. A frequent value is a placeholder when:
//!
//! - it is a known text placeholder (`N/A`, `null`, `unknown`, `-`, …; trimmed, any case);
//! - it is a known numeric placeholder (`-1`, `9999`, …) of a number column (or of a text column
//!   typed as numbers) and it stands apart: a negative one that is the column's minimum while
//!   every other value is non-negative, or a large one that is the maximum and at least twice
//!   the rest's 99th percentile, or one whose count spikes;
//! - it is a known date placeholder (`1900-01-01`, `9999-12-31`, …) of a date column that is the
//!   minimum or maximum a year or more away from every other date, or spikes;
//! - it is found from the profile alone: its shape marks it as a placeholder (one repeated digit
//!   or symbol once separators are removed: `9999`, `0000-00-00`, `XXX`, `---`) and its count
//!   spikes.
//!
//! A count spikes when it is at least `spike_factor` times the median count of the other
//! frequent values (at least three of them). The finding reports each placeholder's count and
//! share, and the null share with and without them, so the true missing rate is visible.

use serde_json::json;

use super::config::SentinelValuesConfig;
use super::{ColumnContext, percent, round4};
use crate::profile::render::time_us;
use crate::profile::sketch::{FrequentKey, QuantileSketch};
use crate::profile::{ColumnProfile, InferredType, Parsed, Value, ValueKind, parse};
use crate::report::{Finding, FindingKind};

const MICROS_PER_YEAR: f64 = 365.0 * 86_400_000_000.0;

/// What the values of a column are measured on, with exact extremes and the quantile sketch.
#[derive(Clone, Copy, PartialEq)]
enum Axis {
    Number,
    Time,
}

struct Scale<'a> {
    axis: Axis,
    min: f64,
    max: f64,
    quantiles: &'a QuantileSketch,
    values: u64,
}

fn as_f64(v: &Value) -> Option<f64> {
    match v {
        Value::Int(i) | Value::TimeUs(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn scale(c: &ColumnProfile) -> Option<Scale<'_>> {
    match c.kind {
        ValueKind::Numeric | ValueKind::Temporal => {
            let q = c.quantiles.as_ref()?;
            Some(Scale {
                axis: if c.kind == ValueKind::Numeric {
                    Axis::Number
                } else {
                    Axis::Time
                },
                min: as_f64(c.min.as_ref()?)?,
                max: as_f64(c.max.as_ref()?)?,
                quantiles: q,
                values: q.count(),
            })
        }
        ValueKind::Text => {
            let (axis, p) = match c.inferred_type() {
                InferredType::Integer | InferredType::Decimal => {
                    (Axis::Number, c.parsed_numbers.as_ref()?)
                }
                InferredType::Date | InferredType::Timestamp => {
                    (Axis::Time, c.parsed_times.as_ref()?)
                }
                _ => return None,
            };
            Some(Scale {
                axis,
                min: p.min?,
                max: p.max?,
                quantiles: &p.quantiles,
                values: p.quantiles.count(),
            })
        }
        _ => None,
    }
}

/// Whether a value's shape marks it as a placeholder: one repeated digit `9`/`0`, letter `x`
/// or symbol once separators are removed (`9999`, `0000-00-00`, `XXX`, `---`, `??`).
pub fn placeholder_shape(value: &str) -> bool {
    let v = value.trim();
    if v.chars().count() < 2 {
        return false;
    }
    let core: Vec<char> = v
        .chars()
        .filter(|c| !matches!(c, '/' | ':' | ' ' | '.' | '-'))
        .collect();
    if core.is_empty() {
        // Only separators: `---`, `..`, `- -`.
        return true;
    }
    let first = core[0];
    matches!(first, '9' | '0' | 'x' | 'X' | '?' | '*' | '#') && core.iter().all(|c| *c == first)
}

/// Why a value was judged a placeholder.
fn isolated(scale: &Scale, x: f64, count: u64) -> Option<&'static str> {
    let n = scale.values.max(1) as f64;
    let share = count as f64 / n;
    match scale.axis {
        Axis::Number => {
            if x < 0.0 && scale.min == x {
                let next = scale.quantiles.quantile((share + 0.01).min(1.0))?;
                (next >= 0.0).then_some("the only negative value of a non-negative column")
            } else if x > 0.0 && scale.max == x {
                let rest = scale.quantiles.quantile((1.0 - share - 0.01).max(0.0))?;
                (rest * 2.0 <= x).then_some("the maximum, far above every other value")
            } else {
                None
            }
        }
        Axis::Time => {
            if scale.min == x {
                let next = scale.quantiles.quantile((share + 0.01).min(1.0))?;
                (next - x >= MICROS_PER_YEAR).then_some("a year or more before every other date")
            } else if scale.max == x {
                let rest = scale.quantiles.quantile((1.0 - share - 0.01).max(0.0))?;
                (x - rest >= MICROS_PER_YEAR).then_some("a year or more after every other date")
            } else {
                None
            }
        }
    }
}

/// Checks one column.
pub fn check(ctx: &ColumnContext, config: &SentinelValuesConfig) -> Vec<Finding> {
    let c = ctx.column;
    let Some(frequent) = &c.frequent else {
        return Vec::new();
    };
    let top = frequent.top(usize::MAX);
    if top.is_empty() {
        return Vec::new();
    }
    let scale = scale(c);
    let known_text: Vec<String> = config.text.iter().map(|t| t.to_lowercase()).collect();
    let date_us: Vec<i64> = config
        .dates
        .iter()
        .filter_map(|d| match parse(d) {
            Parsed::Date(us) => Some(us),
            _ => None,
        })
        .collect();
    let spikes = |value: &FrequentKey, count: u64| {
        let mut others: Vec<u64> = top
            .iter()
            .filter(|o| o.value != *value)
            .map(|o| o.count)
            .collect();
        if others.len() < 3 {
            return false;
        }
        others.sort_unstable();
        let median = others[others.len() / 2] as f64;
        count as f64 >= config.spike_factor * median
    };
    let mut found: Vec<(String, u64, &'static str)> = Vec::new();
    for item in &top {
        if item.count < config.min_rows {
            continue;
        }
        let spike = || spikes(&item.value, item.count);
        let judged = |x: f64, known: bool| -> Option<&'static str> {
            let s = scale.as_ref()?;
            if !known {
                return None;
            }
            isolated(s, x, item.count).or_else(|| spike().then_some("a spike among the values"))
        };
        let axis = scale.as_ref().map(|s| s.axis);
        let verdict = match &item.value {
            FrequentKey::Text(s) => {
                let t = s.trim().to_lowercase();
                if known_text.contains(&t) {
                    Some((s.clone(), "a known placeholder"))
                } else if axis == Some(Axis::Number) {
                    let x = t.parse::<f64>().ok().filter(|x| x.is_finite());
                    x.and_then(|x| judged(x, config.numeric.contains(&x)))
                        .or_else(|| {
                            (placeholder_shape(s) && spike())
                                .then_some("a placeholder-shaped spike")
                        })
                        .map(|why| (s.clone(), why))
                } else if axis == Some(Axis::Time) {
                    let us = match parse(s) {
                        Parsed::Date(us) | Parsed::Timestamp(us) => Some(us),
                        _ => None,
                    };
                    us.and_then(|us| judged(us as f64, date_us.contains(&us)))
                        .or_else(|| {
                            (placeholder_shape(s) && spike())
                                .then_some("a placeholder-shaped spike")
                        })
                        .map(|why| (s.clone(), why))
                } else {
                    (placeholder_shape(s) && spike())
                        .then(|| (s.clone(), "a placeholder-shaped spike"))
                }
            }
            FrequentKey::Int(i) if axis == Some(Axis::Time) => {
                judged(*i as f64, date_us.contains(i)).map(|why| (time_us(*i), why))
            }
            FrequentKey::Int(i) => {
                let x = *i as f64;
                judged(x, config.numeric.contains(&x)).map(|why| (i.to_string(), why))
            }
            FrequentKey::Float(x) => {
                judged(*x, config.numeric.contains(x)).map(|why| (x.to_string(), why))
            }
        };
        if let Some((shown, why)) = verdict {
            let shown = if why == "a known placeholder" {
                shown
            } else {
                ctx.show(&shown)
            };
            found.push((shown, item.count, why));
        }
    }
    if found.is_empty() {
        return Vec::new();
    }
    let sentinel_rows: u64 = found.iter().map(|f| f.1).sum();
    let share = ctx.share(sentinel_rows);
    let null_share = ctx.share(c.nulls + c.empty);
    let shown: Vec<String> = found
        .iter()
        .map(|(v, n, _)| format!("`{v}` ×{n}"))
        .collect();
    let evidence: Vec<serde_json::Value> = found
        .iter()
        .map(|(v, n, why)| json!({"value": v, "count": n, "share_of_rows": round4(ctx.share(*n)), "why": why}))
        .collect();
    vec![
        ctx.finding(
            FindingKind::SentinelValues,
            config.severity.severity(share),
            format!(
                "{} of `{}`'s rows hold placeholders for missing values ({}); the true missing \
                 rate is {}, not {}",
                percent(share),
                c.name,
                shown.join(", "),
                percent(null_share + share),
                percent(null_share)
            ),
        )
        .with_evidence("sentinels", json!(evidence))
        .with_evidence("sentinel_rows", sentinel_rows)
        .with_evidence("share_of_rows", round4(share))
        .with_evidence("null_share", round4(null_share))
        .with_evidence("missing_share_with_sentinels", round4(null_share + share))
        .with_remediation(
            "Map the placeholders to null at ingestion and fix the source so it writes null \
             instead of a placeholder.",
        )
        .with_affected(sentinel_rows, ctx.rows),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::report::Severity;

    #[test]
    fn known_text_placeholders() {
        let mut v = vec!["engineer"; 40];
        v.extend(["teacher"; 40]);
        v.extend(["N/A"; 6]);
        v.extend(["unknown"; 3]);
        let f = check(
            &ctx(&dictionary("occupation", &v)),
            &SentinelValuesConfig::default(),
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].affected_rows, Some(9));
        assert_eq!(f[0].severity, Severity::High);
    }

    #[test]
    fn isolated_numeric_and_date_placeholders() {
        let cfg = SentinelValuesConfig::default();
        let mut v: Vec<Option<i64>> = (0..180).map(|i| Some(10 + i)).collect();
        v.extend([Some(-1); 20]);
        let f = check(&ctx(&ints("reorder_level", &v)), &cfg);
        assert_eq!(f[0].affected_rows, Some(20), "{f:?}");
        // Dates as text.
        let mut d: Vec<String> = (1..=28).map(|day| format!("2024-02-{day:02}")).collect();
        d.extend(std::iter::repeat_n("1900-01-01".to_string(), 3));
        let refs: Vec<&str> = d.iter().map(String::as_str).collect();
        let f = check(&ctx(&texts("delivered_date", &refs)), &cfg);
        assert_eq!(f[0].affected_rows, Some(3));
        // Large placeholders.
        let mut q: Vec<Option<i64>> = (0..100).map(|i| Some(1 + i % 5)).collect();
        q.extend([Some(9999); 4]);
        assert_eq!(
            check(&ctx(&ints("qty", &q)), &cfg)[0].affected_rows,
            Some(4)
        );
    }

    #[test]
    fn placeholder_shaped_spikes_are_found_from_the_profile() {
        let mut v: Vec<String> = (0..100).map(|i| format!("AB-{:03}", i % 20)).collect();
        v.extend(std::iter::repeat_n("XXX-XXX".to_string(), 60));
        let refs: Vec<&str> = v.iter().map(String::as_str).collect();
        let f = check(
            &ctx(&texts("code", &refs)),
            &SentinelValuesConfig::default(),
        );
        assert_eq!(f[0].affected_rows, Some(60));
        assert!(placeholder_shape("0000-00-00") && placeholder_shape("---"));
        assert!(!placeholder_shape("1990") && !placeholder_shape("x") && !placeholder_shape("AB"));
    }

    #[test]
    fn genuine_values_are_not_placeholders() {
        let cfg = SentinelValuesConfig::default();
        // Genuine zeros among amounts; -1 inside a signed range; 1970-01-01 as one birth date.
        let mut z: Vec<Option<f64>> = (0..200).map(|i| Some(f64::from(i) * 1.5)).collect();
        z.extend([Some(0.0); 80]);
        assert!(check(&ctx(&floats("discount", &z)), &cfg).is_empty());
        let signed: Vec<Option<i64>> = (-50..50).map(Some).chain([Some(-1); 3]).collect();
        assert!(check(&ctx(&ints("delta", &signed)), &cfg).is_empty());
        let mut births: Vec<String> = (0..300)
            .map(|i| format!("19{:02}-{:02}-{:02}", 60 + i % 30, 1 + i % 12, 1 + i % 28))
            .collect();
        births.push("1970-01-01".into());
        births.push("1970-01-01".into());
        let refs: Vec<&str> = births.iter().map(String::as_str).collect();
        assert!(check(&ctx(&texts("birth_date", &refs)), &cfg).is_empty());
        // Counts where 9999 is the natural top of a wide range.
        let wide: Vec<Option<i64>> = (0..10000).map(Some).collect();
        assert!(check(&ctx(&ints("views", &wide)), &cfg).is_empty());
        assert!(check(&ctx(&text("x", &[None, None])), &cfg).is_empty());
        assert!(
            check(&ctx(&texts("x", &["N/A"])), &cfg).is_empty(),
            "one row is below min_rows"
        );
        // Short codes that happen to repeat a letter are not placeholders.
        let codes = texts("grade", &["AA", "AB", "BB", "AA", "CC", "AA"]);
        assert!(check(&ctx(&codes), &cfg).is_empty());
    }
}
