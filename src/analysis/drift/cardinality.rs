//! `cardinality_change`: the number of distinct values moved, compared at equal sample sizes.
//!
//! A distinct ratio (distinct / values) falls as a sample grows whenever values repeat, so a
//! 1,500-row pilot and a 20,000-row production table cannot be compared ratio to ratio. Instead
//! the larger side is *rarefied* to the smaller side's size: the expected number of distinct
//! values in a random subsample of `n` of its `N` values is `Σ_v 1 − (1 − n/N)^N_v` over its
//! values' counts `N_v` (the frequent-values sketch's guaranteed lower bounds, exact while it
//! counts exactly; values it does not list share the remaining count evenly). That expectation is compared with the smaller side's
//! distinct count. It is reported when the factor between them reaches `cardinality_factor` and
//! the difference exceeds `3·sqrt(larger)` (a Poisson-noise guard) plus the HLL sketches'
//! two-standard-error bounds.

use serde_json::{Map, json};

use super::config::DriftConfig;
use super::signal::{Signal, TestResult, graded, round};
use crate::profile::sketch::DistinctSketch;
use crate::profile::{ColumnProfile, ValueKind};
use crate::report::FindingKind;

/// The expected number of distinct values in a random subsample of `n` of the column's values.
pub fn expected_distinct_at(col: &ColumnProfile, n: u64) -> f64 {
    let total = col.non_null().saturating_sub(col.non_finite);
    let d = col.distinct.estimate() as f64;
    if n >= total || total == 0 {
        return d;
    }
    let keep = 1.0 - n as f64 / total as f64;
    let present = |count: f64| 1.0 - keep.powf(count);
    let listed: Vec<u64> = col
        .frequent
        .as_ref()
        .map(|f| {
            // Lower bounds: an inexact sketch inflates every estimate by its offset, which
            // would make a column of unique values look like a few heavy hitters.
            f.top(usize::MAX)
                .into_iter()
                .map(|v| v.lower_bound)
                .filter(|&c| c > 0)
                .collect()
        })
        .unwrap_or_default();
    let exact = col.frequent.as_ref().is_some_and(|f| f.is_exact());
    let listed_rows: u64 = listed.iter().sum();
    let mut e: f64 = listed.iter().map(|&c| present(c as f64)).sum();
    if !exact {
        let tail_values = (d - listed.len() as f64).max(0.0);
        let tail_rows = total.saturating_sub(listed_rows) as f64;
        if tail_values >= 1.0 && tail_rows > 0.0 {
            e += tail_values * present(tail_rows / tail_values);
        }
    }
    e
}

/// Compares the distinct counts of a baseline and a current column at equal sample sizes.
pub fn check_cardinality(
    b: &ColumnProfile,
    c: &ColumnProfile,
    rows: u64,
    cfg: &DriftConfig,
) -> Option<Signal> {
    if b.kind == ValueKind::Boolean || c.kind == ValueKind::Boolean {
        return None;
    }
    let (nb, nc) = (b.non_null(), c.non_null());
    if nb < cfg.min_values || nc < cfg.min_values {
        return None;
    }
    let (db, dc) = (b.distinct.estimate() as f64, c.distinct.estimate() as f64);
    // Rarefy the larger side down to the smaller side's size.
    let (at_n, small, rarefied, baseline_is_small) = if nb <= nc {
        (nb, db, expected_distinct_at(c, nb), true)
    } else {
        (nc, dc, expected_distinct_at(b, nc), false)
    };
    let (bd, cd) = if baseline_is_small {
        (small, rarefied)
    } else {
        (rarefied, small)
    };
    let (lo, hi) = (bd.min(cd), bd.max(cd));
    let factor = hi / lo.max(1.0);
    let rse = DistinctSketch::relative_standard_error();
    let guard = 3.0 * hi.sqrt() + 2.0 * rse * (bd + cd);
    if hi - lo <= guard {
        return None;
    }
    let severity = graded(factor, cfg.cardinality_factor, cfg.cardinality_high_factor)?;
    let grew = cd > bd;
    let mut extra = Map::new();
    extra.insert("baseline_distinct".into(), json!(db as u64));
    extra.insert("current_distinct".into(), json!(dc as u64));
    extra.insert(
        "baseline_distinct_ratio".into(),
        json!(round(db / nb as f64)),
    );
    extra.insert(
        "current_distinct_ratio".into(),
        json!(round(dc / nc as f64)),
    );
    extra.insert("compared_at_n".into(), json!(at_n));
    extra.insert("baseline_distinct_at_n".into(), json!(round(bd)));
    extra.insert("current_distinct_at_n".into(), json!(round(cd)));
    let clause = format!(
        "{} distinct values in the baseline's {nb} against {} in production's {nc} (ratio {:.3} → \
         {:.3}); at an equal sample of {at_n} values production would hold about {:.0} against \
         the baseline's {:.0}, a factor of {factor:.1} (threshold {})",
        db as u64,
        dc as u64,
        db / nb as f64,
        dc / nc as f64,
        cd,
        bd,
        cfg.cardinality_factor
    );
    Some(Signal {
        kind: FindingKind::CardinalityChange,
        severity: if grew { severity } else { severity.lower() },
        statistic: "distinct_factor_at_equal_n",
        value: factor,
        threshold: cfg.cardinality_factor,
        test: TestResult {
            name: "rarefied_distinct_poisson",
            statistic: hi - lo,
            p_value: None,
            critical_value: Some(guard),
            alpha: cfg.alpha,
        },
        baseline_n: nb,
        current_n: nc,
        clause,
        extra,
        affected: Some((nc, rows)),
    })
}
