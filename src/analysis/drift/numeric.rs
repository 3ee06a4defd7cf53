//! Numeric and temporal drift: `distribution_drift` from PSI, KS and Wasserstein, and
//! `range_coverage` from the share of production values outside the baseline's range.
//!
//! Distribution drift needs both a KS statistic above its critical value (sample sizes and
//! sketch error included) and an effect size (PSI or normalised Wasserstein) at its threshold.
//! Range coverage needs a share outside the range at its threshold and a p-value under `alpha`
//! from the exact, distribution-free law of the share of new draws outside the range of `n`
//! baseline draws (Beta(2, n − 1)): a 60-row pilot's range misses about 3% of its own
//! distribution, a 100,000-row one almost nothing.

use serde_json::{Map, json};

use super::config::DriftConfig;
use super::numeric_distance::{numeric_distance, sketch_error};
use super::signal::{Signal, TestResult, graded, round};
use super::significance::range_outside_p;
use super::view::{Axis, NumericSide};
use crate::profile::render::time_us;
use crate::report::FindingKind;

/// A value on its axis as a reader reads it.
pub fn show(axis: Axis, x: f64) -> String {
    match axis {
        Axis::Time => time_us(x as i64),
        Axis::Number => round(x).to_string(),
    }
}

/// What the numeric comparison found: signals, and the share of current values outside the
/// baseline's range (for pilot coverage).
#[derive(Clone, Debug, Default)]
pub struct NumericOutcome {
    /// Drift signals.
    pub signals: Vec<Signal>,
    /// Share of the current non-null values outside the baseline's range.
    pub outside_share: Option<f64>,
}

/// Compares two numeric sides on the same axis. `rows` is the current table's row count;
/// `sensitive` hides values (ranges, medians) from the evidence.
pub fn check_numeric(
    b: &NumericSide<'_>,
    c: &NumericSide<'_>,
    rows: u64,
    sensitive: bool,
    cfg: &DriftConfig,
) -> NumericOutcome {
    let mut out = NumericOutcome::default();
    if b.axis != c.axis {
        return out;
    }
    let (n, m) = (b.sketch.count(), c.sketch.count());
    if n >= cfg.min_values && m >= cfg.min_values {
        out.signals.extend(distribution(b, c, rows, sensitive, cfg));
    }
    if let Some((share, signal)) = range(b, c, rows, sensitive, cfg) {
        out.outside_share = Some(share);
        out.signals.extend(signal);
    }
    out
}

fn distribution(
    b: &NumericSide<'_>,
    c: &NumericSide<'_>,
    rows: u64,
    sensitive: bool,
    cfg: &DriftConfig,
) -> Option<Signal> {
    let (n, m) = (b.sketch.count(), c.sketch.count());
    let d = numeric_distance(
        b.sketch,
        c.sketch,
        b.moments.std_dev(),
        cfg.psi_bins,
        cfg.psi_floor,
    )?;
    let ks_test = TestResult::ks(d.ks, d.sketch_error, n, m, cfg.alpha)?;
    let critical = ks_test.critical_value.unwrap_or_default();
    let psi_sev = graded(d.psi, cfg.psi_medium, cfg.psi_high);
    let w_sev = d
        .wasserstein_normalised
        .and_then(|w| graded(w, cfg.wasserstein_medium, cfg.wasserstein_high));
    let severity = psi_sev.max(w_sev)?;
    let (statistic, value, threshold) = if psi_sev == Some(severity) {
        ("psi", d.psi, cfg.psi_medium)
    } else {
        (
            "wasserstein_normalised",
            d.wasserstein_normalised.unwrap_or(0.0),
            cfg.wasserstein_medium,
        )
    };
    let mut extra = Map::new();
    extra.insert("psi".into(), json!(round(d.psi)));
    extra.insert("psi_bins".into(), json!(d.psi_bins));
    extra.insert("ks".into(), json!(round(d.ks)));
    extra.insert("sketch_rank_error".into(), json!(round(d.sketch_error)));
    if let Some(w) = d.wasserstein_normalised {
        extra.insert("wasserstein_normalised".into(), json!(round(w)));
    }
    extra.insert("baseline_mean".into(), json!(round(b.moments.mean)));
    extra.insert("current_mean".into(), json!(round(c.moments.mean)));
    let mut medians = String::new();
    if !sensitive {
        if b.axis == Axis::Number {
            extra.insert("wasserstein".into(), json!(round(d.wasserstein)));
        }
        if let (Some(mb), Some(mc)) = (b.sketch.quantile(0.5), c.sketch.quantile(0.5)) {
            extra.insert("baseline_median".into(), json!(show(b.axis, mb)));
            extra.insert("current_median".into(), json!(show(c.axis, mc)));
            medians = format!(", median {} → {}", show(b.axis, mb), show(c.axis, mc));
        }
    }
    let w_text = d
        .wasserstein_normalised
        .map(|w| format!(", Wasserstein {:.2} baseline std devs", w))
        .unwrap_or_default();
    let clause = format!(
        "PSI {:.3} over {} baseline-quantile bins (threshold {}), KS {:.3} above its critical \
         value {:.3} at n = {n} / {m}{w_text}{medians}",
        d.psi, d.psi_bins, cfg.psi_medium, d.ks, critical
    );
    Some(Signal {
        kind: FindingKind::DistributionDrift,
        severity,
        statistic,
        value,
        threshold,
        test: ks_test,
        baseline_n: n,
        current_n: m,
        clause,
        extra,
        affected: Some((m, rows)),
    })
}

/// Share of current values outside the baseline's range, with a signal when it is drift.
fn range(
    b: &NumericSide<'_>,
    c: &NumericSide<'_>,
    rows: u64,
    sensitive: bool,
    cfg: &DriftConfig,
) -> Option<(f64, Option<Signal>)> {
    let (n, m) = (b.sketch.count(), c.sketch.count());
    if n == 0 || m == 0 {
        return None;
    }
    let lo_b = b.min.or_else(|| b.sketch.quantile(0.0))?;
    let hi_b = b.max.or_else(|| b.sketch.quantile(1.0))?;
    let lo_c = c.min.or_else(|| c.sketch.quantile(0.0))?;
    let hi_c = c.max.or_else(|| c.sketch.quantile(1.0))?;
    let one = 1.0 / m as f64;
    let below = if lo_c < lo_b {
        c.sketch.rank_below(lo_b).unwrap_or(0.0).max(one)
    } else {
        0.0
    };
    let above = if hi_c > hi_b {
        (1.0 - c.sketch.rank(hi_b).unwrap_or(1.0)).max(one)
    } else {
        0.0
    };
    let share = (below + above).min(1.0);
    if share == 0.0 || n < cfg.min_values || m < cfg.min_values {
        return Some((share, None));
    }
    let tested = (share - sketch_error(c.sketch)).max(0.0);
    let p = range_outside_p(tested, n);
    let Some(severity) = graded(share, cfg.range_medium, cfg.range_high) else {
        return Some((share, None));
    };
    if p >= cfg.alpha {
        return Some((share, None));
    }
    let mut extra = Map::new();
    extra.insert("share_below".into(), json!(round(below)));
    extra.insert("share_above".into(), json!(round(above)));
    extra.insert(
        "expected_share_if_unchanged".into(),
        json!(round(2.0 / (n as f64 + 1.0))),
    );
    let mut range_text = String::new();
    if !sensitive {
        extra.insert(
            "baseline_range".into(),
            json!([show(b.axis, lo_b), show(b.axis, hi_b)]),
        );
        extra.insert(
            "current_range".into(),
            json!([show(c.axis, lo_c), show(c.axis, hi_c)]),
        );
        range_text = format!(
            " {} … {} (production {} … {})",
            show(b.axis, lo_b),
            show(b.axis, hi_b),
            show(c.axis, lo_c),
            show(c.axis, hi_c)
        );
    }
    let affected = (share * m as f64).round() as u64;
    let clause = format!(
        "{:.1}% of production values ({affected} of {m}) lie outside the baseline's range{range_text}; \
         a {n}-value baseline drawn from the same distribution leaves about {:.2}% outside \
         (p = {p:.2e})",
        share * 100.0,
        200.0 / (n as f64 + 1.0)
    );
    let signal = Signal {
        kind: FindingKind::RangeCoverage,
        severity,
        statistic: "share_outside_range",
        value: share,
        threshold: cfg.range_medium,
        test: TestResult {
            name: "range_beta",
            statistic: tested,
            p_value: Some(p),
            critical_value: None,
            alpha: cfg.alpha,
        },
        baseline_n: n,
        current_n: m,
        clause,
        extra,
        affected: Some((affected, rows)),
    };
    Some((share, Some(signal)))
}
