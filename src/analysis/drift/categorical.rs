//! Categorical drift: `distribution_drift` from the Jensen–Shannon divergence (and L-infinity)
//! over the baseline's categories, and `new_categories` for production values the baseline
//! never had.
//!
//! Only columns whose baseline categories are known exactly (the frequent-values sketch never
//! had to forget a value) and few (`categorical_max_distinct`) are compared as categories.
//!
//! - The mix is compared over the baseline's categories, renormalised: mass in new categories
//!   is `new_categories`' business, so one change is not reported twice. A G-test on the same
//!   counts (sparse cells pooled) must reject at `alpha`; then JS ≥ `js_medium` is medium (high
//!   at `js_high`), or a lone category moving by `linf_low` (L-infinity) is low. When production
//!   has too many values for exact counts, the comparison is skipped unless the estimated counts
//!   of the baseline's categories add up to more than the sketch's error bound over them.
//! - New categories: the share of production values outside the baseline's categories, minus the
//!   share a baseline of that size is expected to miss anyway (Good–Turing: categories seen once
//!   over baseline values). The excess must be one a baseline of `n` values would have seen
//!   with probability at least `1 − alpha` (`(1 − excess)^n < alpha`).

use serde_json::{Map, json};

use super::config::DriftConfig;
use super::divergence::{jensen_shannon, linf};
use super::signal::{Signal, TestResult, graded, round};
use super::significance::{absence_p, g_test};
use super::view::Categories;
use crate::profile::shape_of;
use crate::report::{FindingKind, Severity};

/// What the categorical comparison found.
#[derive(Clone, Debug, Default)]
pub struct CategoricalOutcome {
    /// Drift signals.
    pub signals: Vec<Signal>,
    /// Share of the current non-null values in categories the baseline never had.
    pub new_share: Option<f64>,
}

/// Largest share of baseline values that may be singletons (seen once) for the baseline to be
/// compared as categories: above it the baseline has not seen its values repeat (identifiers,
/// free text), and the Good–Turing estimate says most of the next values would be new anyway.
pub const MAX_UNSEEN_SHARE: f64 = 0.5;

/// Whether a baseline column is compared as categories: all its values counted exactly, at most
/// `categorical_max_distinct` of them, and values that repeat (Good–Turing unseen share, the
/// singletons over the values, at most [`MAX_UNSEEN_SHARE`]).
pub fn is_categorical(b: &Categories, cfg: &DriftConfig) -> bool {
    b.exact
        && !b.counts.is_empty()
        && b.counts.len() as u64 <= cfg.categorical_max_distinct
        && b.total > 0
        && b.singletons() as f64 <= MAX_UNSEEN_SHARE * b.total as f64
}

/// A category label as evidence may show it. The value itself only when the column is not known
/// to be sensitive and the value does not look like an identifier or a contact (at most two
/// digits, no `@`, at most 32 characters); otherwise its shape (`ST-7579` → `AA-9999`), which
/// keeps the format and drops the content. Control characters become spaces.
pub fn label(value: &str, sensitive: bool) -> String {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let shown = if sensitive || digits > 2 || value.contains('@') || value.chars().count() > 32 {
        shape_of(value)
    } else {
        value.to_string()
    };
    shown
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Compares the categories of a baseline and a current column.
pub fn check_categories(
    b: &Categories,
    c: &Categories,
    rows: u64,
    sensitive: bool,
    cfg: &DriftConfig,
) -> CategoricalOutcome {
    let mut out = CategoricalOutcome::default();
    if !is_categorical(b, cfg) || b.total == 0 || c.total == 0 {
        return out;
    }
    let labels: Vec<&str> = b.counts.iter().map(|(l, _)| l.as_str()).collect();
    let base: Vec<f64> = b.counts.iter().map(|(_, n)| *n as f64).collect();
    let cur: Vec<f64> = labels.iter().map(|l| c.count_of(l) as f64).collect();
    let known: f64 = cur.iter().sum();
    let new_count = (c.total as f64 - known).max(0.0);
    let new_share = new_count / c.total as f64;
    out.new_share = Some(new_share);
    if b.total < cfg.min_values || c.total < cfg.min_values {
        return out;
    }
    out.signals
        .extend(mix(b, c, &labels, &base, &cur, rows, sensitive, cfg));
    out.signals
        .extend(new_categories(b, c, new_share, rows, sensitive, cfg));
    out
}

#[expect(
    clippy::too_many_arguments,
    reason = "one private step of check_categories"
)]
fn mix(
    b: &Categories,
    c: &Categories,
    labels: &[&str],
    base: &[f64],
    cur: &[f64],
    rows: u64,
    sensitive: bool,
    cfg: &DriftConfig,
) -> Option<Signal> {
    let known: f64 = cur.iter().sum();
    if known < cfg.min_values as f64 || labels.len() < 2 {
        return None;
    }
    // Estimated counts (a high-cardinality current column) whose total is within the sketch's
    // error summed over the categories say nothing about the mix: they change with the order
    // the values arrived in, and so would the finding.
    if known <= (c.maximum_error() as f64) * labels.len() as f64 {
        return None;
    }
    let test = g_test(base, cur)?;
    if test.p_value >= cfg.alpha {
        return None;
    }
    let js = jensen_shannon(base, cur);
    let l_inf = linf(base, cur);
    let (severity, statistic, value, threshold) = match graded(js, cfg.js_medium, cfg.js_high) {
        Some(s) => (s, "js_divergence", js, cfg.js_medium),
        None if l_inf >= cfg.linf_low => (Severity::Low, "linf", l_inf, cfg.linf_low),
        None => return None,
    };
    let (bt, ct) = (b.total as f64, known);
    let mut moved: Vec<(String, f64, f64)> = labels
        .iter()
        .zip(base.iter().zip(cur))
        .map(|(l, (x, y))| (label(l, sensitive), x / bt, y / ct))
        .collect();
    moved.sort_by(|a, b| (b.2 - b.1).abs().total_cmp(&(a.2 - a.1).abs()));
    let changes: Vec<serde_json::Value> = moved
        .iter()
        .take(5)
        .map(|(l, p, q)| json!({"category": l, "baseline_share": round(*p), "current_share": round(*q)}))
        .collect();
    let vanished: Vec<String> = if c.exact {
        labels
            .iter()
            .zip(cur)
            .filter(|(_, n)| **n == 0.0)
            .map(|(l, _)| label(l, sensitive))
            .collect()
    } else {
        Vec::new()
    };
    let top = moved
        .iter()
        .take(2)
        .map(|(l, p, q)| format!("{l} {:.1}% → {:.1}%", p * 100.0, q * 100.0))
        .collect::<Vec<_>>()
        .join(", ");
    let mut extra = Map::new();
    extra.insert("js_divergence".into(), json!(round(js)));
    extra.insert("linf".into(), json!(round(l_inf)));
    extra.insert("g".into(), json!(round(test.g)));
    extra.insert("df".into(), json!(test.df));
    extra.insert("categories".into(), json!(labels.len()));
    extra.insert("largest_changes".into(), json!(changes));
    extra.insert("current_counts_exact".into(), json!(c.exact));
    if !vanished.is_empty() {
        extra.insert("vanished_categories".into(), json!(vanished));
    }
    let vanished_text = if vanished.is_empty() {
        String::new()
    } else {
        format!(", {} categories vanished", vanished.len())
    };
    let clause = format!(
        "Jensen–Shannon {js:.3} (threshold {}), L-infinity {l_inf:.3} over the {} baseline \
         categories ({top}{vanished_text}); G-test p = {:.2e} at n = {} / {}",
        cfg.js_medium,
        labels.len(),
        test.p_value,
        b.total,
        known as u64
    );
    Some(Signal {
        kind: FindingKind::DistributionDrift,
        severity,
        statistic,
        value,
        threshold,
        test: TestResult {
            name: "g_test",
            statistic: test.g,
            p_value: Some(test.p_value),
            critical_value: None,
            alpha: cfg.alpha,
        },
        baseline_n: b.total,
        current_n: known as u64,
        clause,
        extra,
        affected: Some((c.total, rows)),
    })
}

fn new_categories(
    b: &Categories,
    c: &Categories,
    new_share: f64,
    rows: u64,
    sensitive: bool,
    cfg: &DriftConfig,
) -> Option<Signal> {
    let severity = graded(
        new_share,
        cfg.new_categories_medium,
        cfg.new_categories_high,
    )?;
    let unseen = b.singletons() as f64 / b.total as f64;
    let excess = (new_share - unseen).max(0.0);
    let p = absence_p(excess, b.total);
    if excess < cfg.new_categories_medium || p >= cfg.alpha {
        return None;
    }
    let new: Vec<&(String, u64)> = c
        .counts
        .iter()
        .filter(|(l, _)| !b.counts.iter().any(|(k, _)| k == l))
        .collect();
    let examples: Vec<serde_json::Value> = new
        .iter()
        .take(5)
        .map(|(l, n)| json!({"category": label(l, sensitive), "share": round(*n as f64 / c.total as f64)}))
        .collect();
    let shown = new
        .iter()
        .take(3)
        .map(|(l, _)| label(l, sensitive))
        .collect::<Vec<_>>()
        .join(", ");
    let affected = (new_share * c.total as f64).round() as u64;
    let mut extra = Map::new();
    extra.insert(
        "share_of_rows".into(),
        json!(round(affected as f64 / rows.max(1) as f64)),
    );
    extra.insert("new_values".into(), json!(affected));
    extra.insert("expected_unseen_share".into(), json!(round(unseen)));
    extra.insert("baseline_categories".into(), json!(b.counts.len()));
    if c.exact {
        extra.insert("new_categories".into(), json!(new.len()));
    }
    extra.insert("examples".into(), json!(examples));
    let count_text = if c.exact {
        format!("{} new categories", new.len())
    } else {
        "new categories".to_string()
    };
    let clause = format!(
        "{count_text} ({shown}) hold {:.1}% of production values ({affected} of {}); a \
         {}-value baseline would have missed them with probability {p:.2e}",
        new_share * 100.0,
        c.total,
        b.total
    );
    Some(Signal {
        kind: FindingKind::NewCategories,
        severity,
        statistic: "new_category_share",
        value: new_share,
        threshold: cfg.new_categories_medium,
        test: TestResult {
            name: "baseline_absence",
            statistic: excess,
            p_value: Some(p),
            critical_value: None,
            alpha: cfg.alpha,
        },
        baseline_n: b.total,
        current_n: c.total,
        clause,
        extra,
        affected: Some((affected, rows)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::drift::view::categories;
    use crate::profile::ColumnProfile;
    use arrow::array::StringArray;
    use arrow::datatypes::DataType;

    /// Categories of `n` values drawn through `mix` (label, count per cycle), each cycle
    /// shuffled (Fisher–Yates on a splitmix64 stream), so a prefix is a random sample.
    fn cats(mix: &[(&str, usize)], n: usize) -> Categories {
        let mut cycle: Vec<&str> = mix
            .iter()
            .flat_map(|(l, k)| std::iter::repeat_n(*l, *k))
            .collect();
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        for i in (1..cycle.len()).rev() {
            cycle.swap(i, (next() % (i as u64 + 1)) as usize);
        }
        let values: Vec<&str> = (0..n).map(|i| cycle[i % cycle.len()]).collect();
        let mut c = ColumnProfile::for_type("c", &DataType::Utf8);
        c.update(&StringArray::from_iter_values(values)).unwrap();
        c.finish();
        categories(&c).unwrap()
    }

    fn kinds(out: &CategoricalOutcome) -> Vec<(FindingKind, Severity)> {
        out.signals.iter().map(|s| (s.kind, s.severity)).collect()
    }

    #[test]
    fn new_channels_are_new_categories_not_a_mix_change() {
        let b = cats(&[("web", 5), ("mobile", 3), ("store", 2)], 1500);
        let c = cats(
            &[
                ("web", 425),
                ("mobile", 255),
                ("store", 170),
                ("marketplace", 100),
                ("b2b", 50),
            ],
            20_000,
        );
        let out = check_categories(&b, &c, 20_000, false, &DriftConfig::default());
        assert_eq!(
            kinds(&out),
            vec![(FindingKind::NewCategories, Severity::High)]
        );
        assert!((out.new_share.unwrap() - 0.15).abs() < 1e-9);
        assert_eq!(out.signals[0].affected, Some((3000, 20_000)));
    }

    #[test]
    fn a_moved_mix_is_distribution_drift() {
        let b = cats(
            &[("card", 12), ("paypal", 6), ("apple_pay", 1), ("gift", 1)],
            1500,
        );
        let c = cats(
            &[("card", 12), ("paypal", 1), ("apple_pay", 6), ("gift", 1)],
            20_000,
        );
        let out = check_categories(&b, &c, 20_000, false, &DriftConfig::default());
        assert_eq!(
            kinds(&out),
            vec![(FindingKind::DistributionDrift, Severity::Medium)]
        );
        assert_eq!(out.signals[0].statistic, "js_divergence");
    }

    #[test]
    fn estimated_counts_within_the_sketch_error_are_not_a_mix() {
        // Production turned a 10-value code into ~2,000 ids, with the old codes still present at
        // about 1%: their counts are estimates, and their sum is within the sketch's error.
        let labels: Vec<String> = (0..10).map(|i| format!("c{i}")).collect();
        let base: Vec<(&str, usize)> = labels.iter().map(|l| (l.as_str(), 1)).collect();
        let b = cats(&base, 1500);
        let ids: Vec<String> = (0..2000).map(|i| format!("s{i}")).collect();
        let mut mix: Vec<(&str, usize)> = ids.iter().map(|l| (l.as_str(), 1)).collect();
        mix.extend(labels.iter().take(2).map(|l| (l.as_str(), 10)));
        let c = cats(&mix, 20_000);
        let cfg = DriftConfig::default();
        let known: u64 = labels.iter().map(|l| c.count_of(l)).sum();
        assert!(
            !c.exact && known >= cfg.min_values,
            "the mix would be compared: {known}"
        );
        assert!(known <= c.maximum_error() * labels.len() as u64);
        let out = check_categories(&b, &c, 20_000, false, &cfg);
        assert_eq!(
            kinds(&out),
            vec![(FindingKind::NewCategories, Severity::High)]
        );
        // The same ids with the old codes still holding half the rows, moved to two of them:
        // estimates far above the error, and the mix is compared.
        let mut mix: Vec<(&str, usize)> = ids.iter().map(|l| (l.as_str(), 1)).collect();
        mix.extend([(labels[0].as_str(), 1500), (labels[1].as_str(), 500)]);
        let c = cats(&mix, 20_000);
        let out = check_categories(&b, &c, 20_000, false, &cfg);
        assert!(
            kinds(&out).contains(&(FindingKind::DistributionDrift, Severity::High)),
            "{:?}",
            kinds(&out)
        );
    }

    #[test]
    fn a_category_that_vanished_is_named_in_the_evidence() {
        let b = cats(&[("web", 5), ("mobile", 3), ("fax", 2)], 1000);
        let c = cats(&[("web", 5), ("mobile", 3)], 8000);
        let out = check_categories(&b, &c, 8000, false, &DriftConfig::default());
        assert_eq!(
            kinds(&out),
            vec![(FindingKind::DistributionDrift, Severity::Medium)]
        );
        let e = out.signals[0].evidence();
        assert_eq!(e["vanished_categories"], serde_json::json!(["fax"]));
        assert_eq!(e["baseline_n"], 1000);
        assert_eq!(e["current_n"], 8000);
    }

    #[test]
    fn a_small_pilot_does_not_turn_noise_into_drift() {
        // 60 pilot rows at 50/50 against 45/55: JS is tiny and the G-test cannot reject.
        let b = cats(&[("a", 1), ("b", 1)], 60);
        let c = cats(&[("a", 9), ("b", 11)], 200);
        let out = check_categories(&b, &c, 200, false, &DriftConfig::default());
        assert!(out.signals.is_empty(), "{:?}", out.signals);
    }

    #[test]
    fn rare_values_a_small_baseline_missed_are_not_new_categories() {
        // A pool of 90 values, 60 of them rare (6% of the mass together): a 150-row baseline
        // sees the common ones and some rare ones once; production sees them all. The rare ones
        // it missed hold over 1% of production, which Good–Turing (singletons / values)
        // expects from a baseline of that size.
        let mut mix: Vec<(String, usize)> = (0..30).map(|i| (format!("w{i}"), 30)).collect();
        mix.extend((30..90).map(|i| (format!("w{i}"), 1)));
        let mix: Vec<(&str, usize)> = mix.iter().map(|(l, k)| (l.as_str(), *k)).collect();
        let b = cats(&mix, 150);
        let c = cats(&mix, 5_000);
        let out = check_categories(&b, &c, 5_000, false, &DriftConfig::default());
        assert!(out.new_share.unwrap() > 0.01, "{:?}", out.new_share);
        assert!(
            !out.signals
                .iter()
                .any(|s| s.kind == FindingKind::NewCategories),
            "{:?}",
            out.signals
        );
    }

    #[test]
    fn identifiers_and_contacts_are_shown_as_shapes() {
        assert_eq!(label("marketplace", false), "marketplace");
        assert_eq!(label("b2b", false), "b2b");
        assert_eq!(label("ST-7579", false), "AA-9999");
        assert_eq!(label("a@b.co", false), "a@a.aa");
        assert_eq!(label("Smith", true), "Aaaaa");
        assert_eq!(label("two\nlines", false), "two lines");
    }
}
