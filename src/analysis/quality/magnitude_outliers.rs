//! `magnitude_outliers`: a cluster of values about 100× or 1000× the bulk (cents stored as
//! dollars, grams as kilograms), and impossible values far outside the bulk.
//!
//! Works on the profile's log-scale magnitude histogram (twentieths of a decade) of numeric
//! columns and of the parsed numbers of number-typed text columns: on the positive values, or
//! on the negative ones when they are the majority (the other sign is left to
//! `sentinel_values`: a `-1` among positive counts is a placeholder, not a magnitude). In log10 space it takes the
//! median `m` and a robust spread `s = IQR / 1.349`; values at least `max(min_decades,
//! min_sigmas × s)` decades from `m` are outlying, so a legitimately skewed column (wide IQR)
//! keeps its tail. The outlying values on one side are reported when they form a cluster:
//!
//! - their median sits within `cluster_tolerance` decades of ×100 or ×1000 (or ÷100, ÷1000),
//! - and they form a bump of their own: the smoothed histogram (quarter-decade windows) dips
//!   between the bulk and the cluster's peak to at most half that peak. A long smooth tail
//!   (Pareto amounts) never dips, so it is not a cluster;
//! - with at least `min_values` values and at most `max_share` of the column.
//!
//! Values `impossible_decades` (10⁶×) or more from the median are reported whether they
//! cluster or not. Key-like columns (ids span decades by design) are skipped.

use std::collections::BTreeMap;

use serde_json::json;

use super::config::MagnitudeOutliersConfig;
use super::{ColumnContext, percent, round4};
use crate::profile::quality::keys::is_key_name;
use crate::profile::quality::magnitude::{BINS_PER_DECADE, MagnitudeHistogram, bin_floor};
use crate::profile::{InferredType, ValueKind};
use crate::report::{Finding, FindingKind};

/// The log10 position of a bin's centre.
fn centre(bin: i32) -> f64 {
    (f64::from(bin) + 0.5) / BINS_PER_DECADE
}

/// The bin holding the value at `rank` (0…1) of the non-zero values.
fn quantile_bin(bins: &BTreeMap<i32, u64>, total: u64, rank: f64) -> Option<i32> {
    let target = (rank * total as f64).ceil().max(1.0) as u64;
    let mut seen = 0;
    for (bin, n) in bins {
        seen += n;
        if seen >= target {
            return Some(*bin);
        }
    }
    bins.keys().next_back().copied()
}

/// Values in the quarter-decade window centred on `bin`.
fn window(bins: &BTreeMap<i32, u64>, bin: i32) -> u64 {
    bins.range(bin - 2..=bin + 2).map(|(_, n)| n).sum()
}

/// One side's outlying values.
struct Side {
    count: u64,
    /// Median offset from the bulk's median, in decades (positive: above).
    offset: f64,
    /// Whether the values form a bump separated from the bulk by a dip.
    separated: bool,
    /// Smallest and largest magnitude among them.
    range: (f64, f64),
}

fn side(bins: &BTreeMap<i32, u64>, median_bin: i32, outlying: &[(i32, u64)]) -> Option<Side> {
    let count: u64 = outlying.iter().map(|(_, n)| n).sum();
    if count == 0 {
        return None;
    }
    let mut seen = 0;
    let mut median = outlying[0].0;
    for (bin, n) in outlying {
        seen += n;
        if seen * 2 >= count {
            median = *bin;
            break;
        }
    }
    let (peak_bin, peak) = outlying
        .iter()
        .map(|(b, _)| (*b, window(bins, *b)))
        .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
    let (lo, hi) = if peak_bin > median_bin {
        (median_bin, peak_bin)
    } else {
        (peak_bin, median_bin)
    };
    let valley = (lo + 1..hi).map(|b| window(bins, b)).min().unwrap_or(peak);
    let first = outlying.first().map_or(0, |o| o.0);
    let last = outlying.last().map_or(0, |o| o.0);
    Some(Side {
        count,
        offset: centre(median) - centre(median_bin),
        separated: valley * 2 <= peak,
        range: (bin_floor(first), bin_floor(last + 1)),
    })
}

/// The magnitude histogram this check should read, if the column is a number column.
fn histogram(c: &crate::profile::ColumnProfile) -> Option<&MagnitudeHistogram> {
    let numeric = match c.kind {
        ValueKind::Numeric => true,
        ValueKind::Text => matches!(
            c.inferred_type(),
            InferredType::Integer | InferredType::Decimal
        ),
        _ => false,
    };
    if !numeric || is_key_name(&c.name) {
        return None;
    }
    c.quality.as_ref().and_then(|q| q.magnitudes.as_ref())
}

/// Checks one column.
pub fn check(ctx: &ColumnContext, config: &MagnitudeOutliersConfig) -> Vec<Finding> {
    let c = ctx.column;
    let Some(h) = histogram(c) else {
        return Vec::new();
    };
    let bins = &if h.negatives() > h.positives() {
        h.negative_bins()
    } else {
        h.positive_bins()
    };
    let total: u64 = bins.values().sum();
    if total < config.min_column_values {
        return Vec::new();
    }
    let (Some(q25), Some(median_bin), Some(q75)) = (
        quantile_bin(bins, total, 0.25),
        quantile_bin(bins, total, 0.5),
        quantile_bin(bins, total, 0.75),
    ) else {
        return Vec::new();
    };
    let m = centre(median_bin);
    let spread = ((centre(q75) - centre(q25)) / 1.349).max(1.0 / BINS_PER_DECADE);
    let reach = config.min_decades.max(config.min_sigmas * spread);
    let above: Vec<(i32, u64)> = bins
        .iter()
        .filter(|(b, _)| centre(**b) - m >= reach)
        .map(|(b, n)| (*b, *n))
        .collect();
    let below: Vec<(i32, u64)> = bins
        .iter()
        .filter(|(b, _)| m - centre(**b) >= reach)
        .map(|(b, n)| (*b, *n))
        .collect();
    let impossible: u64 = bins
        .iter()
        .filter(|(b, _)| (centre(**b) - m).abs() >= config.impossible_decades)
        .map(|(_, n)| n)
        .sum();
    let mut clusters = Vec::new();
    let mut affected = 0u64;
    for s in [
        side(bins, median_bin, &above),
        side(bins, median_bin, &below),
    ]
    .into_iter()
    .flatten()
    {
        let factor = [2.0f64, 3.0]
            .into_iter()
            .find(|d| (s.offset.abs() - d).abs() <= config.cluster_tolerance);
        let is_cluster = factor.is_some()
            && s.separated
            && s.count >= config.min_values
            && (s.count as f64) <= config.max_share * total as f64;
        if is_cluster {
            let d = factor.unwrap_or(2.0);
            let times = 10f64.powf(d);
            clusters.push(json!({
                "direction": if s.offset > 0.0 { "above" } else { "below" },
                "values": s.count,
                "factor": if s.offset > 0.0 { times } else { 1.0 / times },
                "offset_decades": round4(s.offset),
                "magnitude_range": [s.range.0, s.range.1],
            }));
            affected += s.count;
        }
    }
    if clusters.is_empty() && impossible == 0 {
        return Vec::new();
    }
    if clusters.is_empty() {
        affected = impossible;
    }
    let share = ctx.share(affected);
    let bulk = 10f64.powf(m);
    let what = if clusters.is_empty() {
        format!(
            "{impossible} values lie a million times or more from the bulk (median magnitude \
             about {bulk:.3})"
        )
    } else {
        let parts: Vec<String> = clusters
            .iter()
            .map(|c| {
                let f = c["factor"].as_f64().unwrap_or(1.0);
                let factor = if f >= 1.0 {
                    format!("{f:.0}×")
                } else {
                    format!("1/{:.0}", 1.0 / f)
                };
                format!("{} values at about {factor} the bulk", c["values"])
            })
            .collect();
        format!("{} (median magnitude about {bulk:.3})", parts.join(" and "))
    };
    vec![
        ctx.finding(
            FindingKind::MagnitudeOutliers,
            config.severity.severity(share),
            format!("`{}` has {what}: {} of rows", c.name, percent(share)),
        )
        .with_evidence("clusters", json!(clusters))
        .with_evidence("impossible_values", impossible)
        .with_evidence("bulk_median", bulk)
        .with_evidence("bulk_spread_decades", round4(spread))
        .with_evidence("outlier_threshold_decades", round4(reach))
        .with_evidence("share_of_rows", round4(share))
        .with_remediation(
            "Check the unit of the outlying rows (cents vs dollars, grams vs kilograms) against \
             the source and rescale them; reject impossible values at entry.",
        )
        .with_affected(affected, ctx.rows),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::report::Severity;

    /// Deterministic log-normal-ish values: median `median`, spread `sigma` decades.
    fn lognormal(n: usize, median: f64, sigma: f64, seed: u64) -> Vec<f64> {
        let mut state = seed;
        (0..n)
            .map(|_| {
                // Sum of 12 uniforms − 6: approximately standard normal.
                let z: f64 = (0..12)
                    .map(|_| {
                        state = state
                            .wrapping_mul(6364136223846793005)
                            .wrapping_add(1442695040888963407);
                        (state >> 11) as f64 / (1u64 << 53) as f64
                    })
                    .sum::<f64>()
                    - 6.0;
                (median * 10f64.powf(sigma * z) * 100.0).round() / 100.0
            })
            .collect()
    }

    fn column(values: &[f64]) -> crate::profile::ColumnProfile {
        let v: Vec<Option<f64>> = values.iter().copied().map(Some).collect();
        floats("amount", &v)
    }

    #[test]
    fn finds_cents_stored_as_dollars() {
        let mut v = lognormal(5000, 48.0, 0.35, 1);
        for x in v.iter_mut().step_by(50) {
            *x *= 100.0; // 2%
        }
        let f = check(&ctx(&column(&v)), &MagnitudeOutliersConfig::default());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].evidence["clusters"][0]["factor"], 100.0);
        let n = f[0].affected_rows.unwrap_or(0);
        assert!((80..=100).contains(&n), "{n}");
        assert!(f[0].severity >= Severity::Medium);
    }

    #[test]
    fn finds_grams_stored_as_kilograms_in_a_small_column() {
        let mut v = lognormal(200, 1.2, 0.3, 7);
        for x in v.iter_mut().take(5) {
            *x *= 1000.0;
        }
        let f = check(&ctx(&column(&v)), &MagnitudeOutliersConfig::default());
        assert_eq!(f[0].evidence["clusters"][0]["factor"], 1000.0, "{f:?}");
        assert_eq!(f[0].affected_rows, Some(5));
    }

    #[test]
    fn impossible_values_are_reported() {
        let mut v = lognormal(500, 30.0, 0.2, 3);
        v[0] = 5.0e9;
        let f = check(&ctx(&column(&v)), &MagnitudeOutliersConfig::default());
        assert_eq!(f[0].evidence["impossible_values"], 1);
    }

    #[test]
    fn silent_on_skewed_tails_zeros_and_small_columns() {
        let cfg = MagnitudeOutliersConfig::default();
        // Pareto-like amounts: a long smooth tail, no cluster.
        let mut state = 11u64;
        let pareto: Vec<f64> = (0..20000)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let u = ((state >> 11) as f64 + 1.0) / ((1u64 << 53) as f64 + 2.0);
                (5.0 * u.powf(-1.0 / 1.16) * 100.0).round() / 100.0
            })
            .collect();
        assert!(check(&ctx(&column(&pareto)), &cfg).is_empty());
        // Wide log-normal.
        assert!(check(&ctx(&column(&lognormal(20000, 50.0, 0.8, 5))), &cfg).is_empty());
        // Genuine zeros next to small amounts.
        let mut z = lognormal(1000, 20.0, 0.3, 9);
        z.extend([0.0; 400]);
        assert!(check(&ctx(&column(&z)), &cfg).is_empty());
        assert!(check(&ctx(&column(&[1.0, 1000.0])), &cfg).is_empty());
        assert!(check(&ctx(&floats("a", &[None, None])), &cfg).is_empty());
        // Ids span decades by design.
        let ids: Vec<Option<i64>> = (1..5000).map(Some).collect();
        assert!(check(&ctx(&ints("customer_id", &ids)), &cfg).is_empty());
        // A -1 placeholder among positive values is not a magnitude cluster.
        let mut levels: Vec<Option<i64>> = (0..180).map(|i| Some(10 + i)).collect();
        levels.extend([Some(-1); 20]);
        assert!(check(&ctx(&ints("reorder_level", &levels)), &cfg).is_empty());
        // Counts 1..5000 without a key name: a smooth spread, not a cluster.
        assert!(check(&ctx(&ints("views", &ids)), &cfg).is_empty());
    }

    #[test]
    fn parsed_numbers_of_text_columns() {
        let mut v: Vec<String> = lognormal(1000, 48.0, 0.3, 2)
            .iter()
            .map(|x| format!("{x:.2}"))
            .collect();
        for x in v.iter_mut().step_by(25) {
            *x = format!("{:.2}", x.parse::<f64>().unwrap_or(0.0) * 100.0);
        }
        let refs: Vec<&str> = v.iter().map(String::as_str).collect();
        let f = check(
            &ctx(&texts("amount", &refs)),
            &MagnitudeOutliersConfig::default(),
        );
        assert_eq!(f.len(), 1);
    }
}
