//! PSI, the two-sample KS statistic and the Wasserstein distance between two numeric
//! distributions, each known only through its KLL quantile sketch.
//!
//! - **PSI** bins both sides at the baseline's deciles (`bins − 1` quantiles at ranks `i/bins`,
//!   duplicates removed, bins closed on the right), takes each side's share per bin from its own
//!   sketch's CDF, floors shares below `floor` and sums `(c − b)·ln(c / b)`.
//! - **KS** is `max |F_b(x) − F_c(x)|` over candidate points: the quantiles of both sketches at
//!   [`GRID`] + 1 evenly spaced ranks each (the exact minimum and maximum included). On an exact
//!   sketch of at most [`GRID`] values the candidates are every value, so the statistic is exact.
//! - **Wasserstein-1** is `∫ |F_b(x) − F_c(x)| dx`, summed over the same candidate points (the
//!   CDFs are step functions between them), divided by the baseline's sample standard deviation.
//!
//! Each CDF read from a sketch in estimation mode is off by at most its normalised rank error
//! (about 0.35% at k = 800), so the KS statistic is within the sum of both errors of the exact
//! statistic, and each PSI share within twice a side's error.

use crate::profile::sketch::QuantileSketch;

/// Ranks sampled from each sketch for the KS and Wasserstein candidates.
pub const GRID: usize = 2048;

/// The distances between a baseline and a current numeric distribution.
#[derive(Clone, Debug, PartialEq)]
pub struct NumericDistance {
    /// Population stability index over the baseline-quantile bins.
    pub psi: f64,
    /// Number of PSI bins after duplicate edges were merged.
    pub psi_bins: usize,
    /// Two-sample Kolmogorov–Smirnov statistic.
    pub ks: f64,
    /// Wasserstein-1 distance, in the values' own unit.
    pub wasserstein: f64,
    /// Wasserstein distance divided by the baseline's standard deviation; `None` when that is
    /// zero or unknown.
    pub wasserstein_normalised: Option<f64>,
    /// Sum of both sketches' rank errors (0 for exact sketches): the KS statistic's own error.
    pub sketch_error: f64,
}

/// A sketch's rank error when it summarises, 0 when it still holds every value.
pub fn sketch_error(q: &QuantileSketch) -> f64 {
    if q.is_exact() { 0.0 } else { q.rank_error() }
}

/// Sorted, de-duplicated finite values.
fn sorted_unique(mut v: Vec<f64>) -> Vec<f64> {
    v.retain(|x| x.is_finite());
    v.sort_by(f64::total_cmp);
    v.dedup();
    v
}

/// PSI of `current` against `baseline` over `bins` baseline-quantile bins.
///
/// Returns the index and the number of bins actually used (equal edges merge), or `None` when a
/// side is empty.
pub fn psi(
    baseline: &QuantileSketch,
    current: &QuantileSketch,
    bins: usize,
    floor: f64,
) -> Option<(f64, usize)> {
    if baseline.count() == 0 || current.count() == 0 || bins < 2 {
        return None;
    }
    let ranks: Vec<f64> = (1..bins).map(|i| i as f64 / bins as f64).collect();
    let edges = sorted_unique(baseline.quantiles_at(&ranks));
    let (fb, fc) = (baseline.cdf_at(&edges), current.cdf_at(&edges));
    if fb.len() != edges.len() || fc.len() != edges.len() {
        return None;
    }
    let to_shares = |cdf: &[f64]| -> Vec<f64> {
        let mut prev = 0.0;
        let mut out: Vec<f64> = cdf
            .iter()
            .map(|&f| {
                let s = (f - prev).max(0.0);
                prev = f;
                s
            })
            .collect();
        out.push((1.0 - prev).max(0.0));
        out
    };
    let (b, c) = (to_shares(&fb), to_shares(&fc));
    Some((super::divergence::psi(&b, &c, floor), b.len()))
}

/// The candidate points for KS and Wasserstein: every value when both sides are still exact
/// (so both statistics are exact), else both sketches' quantiles at `GRID + 1` ranks.
fn candidates(baseline: &QuantileSketch, current: &QuantileSketch) -> Vec<f64> {
    if let (Some(b), Some(c)) = (baseline.exact_values(), current.exact_values()) {
        return sorted_unique(b.iter().chain(c).copied().collect());
    }
    let ranks: Vec<f64> = (0..=GRID).map(|i| i as f64 / GRID as f64).collect();
    let mut points = baseline.quantiles_at(&ranks);
    points.extend(current.quantiles_at(&ranks));
    sorted_unique(points)
}

/// KS statistic and Wasserstein-1 distance between the two sketches, or `None` if one is empty.
pub fn ks_and_wasserstein(
    baseline: &QuantileSketch,
    current: &QuantileSketch,
) -> Option<(f64, f64)> {
    if baseline.count() == 0 || current.count() == 0 {
        return None;
    }
    let x = candidates(baseline, current);
    let (fb, fc) = (baseline.cdf_at(&x), current.cdf_at(&x));
    if fb.len() != x.len() || fc.len() != x.len() {
        return None;
    }
    let mut ks: f64 = 0.0;
    let mut w = 0.0;
    for i in 0..x.len() {
        let gap = (fb[i] - fc[i]).abs();
        ks = ks.max(gap);
        if let Some(next) = x.get(i + 1) {
            w += gap * (next - x[i]);
        }
    }
    Some((ks, w))
}

/// Every distance between a baseline and a current sketch; `baseline_std` normalises the
/// Wasserstein distance.
pub fn numeric_distance(
    baseline: &QuantileSketch,
    current: &QuantileSketch,
    baseline_std: Option<f64>,
    bins: usize,
    floor: f64,
) -> Option<NumericDistance> {
    let (psi, psi_bins) = psi(baseline, current, bins, floor)?;
    let (ks, wasserstein) = ks_and_wasserstein(baseline, current)?;
    let wasserstein_normalised = baseline_std
        .filter(|s| s.is_finite() && *s > 0.0)
        .map(|s| wasserstein / s);
    Some(NumericDistance {
        psi,
        psi_bins,
        ks,
        wasserstein,
        wasserstein_normalised,
        sketch_error: sketch_error(baseline) + sketch_error(current),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sketch(values: impl IntoIterator<Item = f64>) -> QuantileSketch {
        let mut q = QuantileSketch::default();
        values.into_iter().for_each(|v| q.update(v));
        q
    }

    #[test]
    fn identical_sketches_are_at_distance_zero() {
        let a = sketch((0..5000).map(|i| ((i * 7919) % 5000) as f64));
        let d = numeric_distance(&a, &a, Some(1.0), 10, 1e-4).unwrap();
        assert_eq!((d.psi, d.ks, d.wasserstein), (0.0, 0.0, 0.0));
        assert_eq!(d.psi_bins, 10);
    }

    #[test]
    fn a_shift_by_one_unit_is_a_wasserstein_of_one() {
        // Small exact sketches: every statistic is exact.
        let a = sketch((0..100).map(f64::from));
        let b = sketch((0..100).map(|i| f64::from(i) + 1.0));
        let (ks, w) = ks_and_wasserstein(&a, &b).unwrap();
        assert!((w - 1.0).abs() < 1e-12, "{w}");
        assert!((ks - 0.01).abs() < 1e-12, "{ks}");
    }

    #[test]
    fn disjoint_samples_have_ks_one() {
        let a = sketch((0..50).map(f64::from));
        let b = sketch((100..150).map(f64::from));
        let (ks, _) = ks_and_wasserstein(&a, &b).unwrap();
        assert_eq!(ks, 1.0);
    }

    #[test]
    fn constant_baseline_merges_duplicate_edges() {
        let a = sketch(std::iter::repeat_n(3.0, 100));
        let b = sketch((0..100).map(|i| f64::from(i % 2) + 3.0));
        let (p, bins) = psi(&a, &b, 10, 1e-4).unwrap();
        assert_eq!(bins, 2);
        // Baseline (1, 0) floored to (1, 1e-4); current (0.5, 0.5).
        let want = (0.5f64 - 1.0) * 0.5f64.ln() + (0.5 - 1e-4) * (0.5f64 / 1e-4).ln();
        assert!((p - want).abs() < 1e-12, "{p} {want}");
    }

    #[test]
    fn empty_sides_give_none() {
        let a = sketch([1.0]);
        assert!(numeric_distance(&a, &QuantileSketch::default(), None, 10, 1e-4).is_none());
    }
}
