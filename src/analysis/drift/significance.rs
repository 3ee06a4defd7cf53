//! Sample-size-aware tests: each says whether a difference between baseline and production is
//! larger than the two sample sizes (and the sketches' own error) can explain.
//!
//! A curated pilot holds thousands of rows and production millions, so every drift check pairs
//! one of these tests with an effect-size threshold: the test keeps a small pilot's noise out of
//! the findings, the effect size keeps a huge production table's negligible shifts out.

use super::special::{chi2_sf, kolmogorov_sf, normal_sf};

/// The two-sample Kolmogorov–Smirnov critical value `c(α) · sqrt((n + m) / (n·m))`, with
/// `c(α) = sqrt(−ln(α/2) / 2)`: a KS statistic above it is significant at level `α`.
pub fn ks_critical(alpha: f64, n: u64, m: u64) -> f64 {
    if n == 0 || m == 0 {
        return f64::INFINITY;
    }
    let (n, m) = (n as f64, m as f64);
    (-(alpha / 2.0).ln() / 2.0).sqrt() * ((n + m) / (n * m)).sqrt()
}

/// Asymptotic p-value of a two-sample KS statistic `d` (scipy's `kolmogorov(d·sqrt(nm/(n+m)))`).
pub fn ks_p_value(d: f64, n: u64, m: u64) -> f64 {
    if n == 0 || m == 0 {
        return 1.0;
    }
    let (n, m) = (n as f64, m as f64);
    kolmogorov_sf(d * (n * m / (n + m)).sqrt())
}

/// The result of a G-test (log-likelihood ratio) of homogeneity on a 2×K table of counts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GTest {
    /// The statistic `G = 2 Σ O ln(O / E)`.
    pub g: f64,
    /// Degrees of freedom (`K − 1`, after pooling sparse cells).
    pub df: u64,
    /// Upper chi-square tail of `G`.
    pub p_value: f64,
}

/// G-test that `baseline` and `current` counts come from one categorical distribution.
///
/// Cells (categories) whose expected count is under 5 on either side are pooled into one, the
/// usual condition for the chi-square approximation; categories empty on both sides are dropped.
/// Returns `None` when fewer than two cells remain or a side is empty.
pub fn g_test(baseline: &[f64], current: &[f64]) -> Option<GTest> {
    let (nb, nc): (f64, f64) = (baseline.iter().sum(), current.iter().sum());
    if nb <= 0.0 || nc <= 0.0 || baseline.len() != current.len() {
        return None;
    }
    let total = nb + nc;
    let mut cells: Vec<(f64, f64)> = Vec::new();
    let mut pooled = (0.0, 0.0);
    for (&b, &c) in baseline.iter().zip(current) {
        let col = b + c;
        if col <= 0.0 {
            continue;
        }
        if col * nb / total < 5.0 || col * nc / total < 5.0 {
            pooled.0 += b;
            pooled.1 += c;
        } else {
            cells.push((b, c));
        }
    }
    if pooled.0 + pooled.1 > 0.0 {
        cells.push(pooled);
    }
    if cells.len() < 2 {
        return None;
    }
    let mut g = 0.0;
    for (b, c) in &cells {
        let col = b + c;
        for (observed, side) in [(*b, nb), (*c, nc)] {
            if observed > 0.0 {
                let expected = col * side / total;
                g += observed * (observed / expected).ln();
            }
        }
    }
    let g = (2.0 * g).max(0.0);
    let df = cells.len() as u64 - 1;
    Some(GTest {
        g,
        df,
        p_value: chi2_sf(g, df as f64),
    })
}

/// Two-proportion z statistic (pooled variance) for `k1` of `n1` against `k2` of `n2`, with its
/// two-sided p-value. `None` when a side is empty or the pooled share is 0 or 1.
pub fn two_proportion_z(k1: u64, n1: u64, k2: u64, n2: u64) -> Option<(f64, f64)> {
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let (p1, p2) = (k1 as f64 / n1 as f64, k2 as f64 / n2 as f64);
    let pooled = (k1 + k2) as f64 / (n1 + n2) as f64;
    let var = pooled * (1.0 - pooled) * (1.0 / n1 as f64 + 1.0 / n2 as f64);
    if var <= 0.0 {
        return None;
    }
    let z = (p2 - p1) / var.sqrt();
    Some((z, (2.0 * normal_sf(z.abs())).min(1.0)))
}

/// Cohen's h, the effect size of a change between two proportions: `2·asin√p2 − 2·asin√p1`.
pub fn cohens_h(p1: f64, p2: f64) -> f64 {
    2.0 * p2.clamp(0.0, 1.0).sqrt().asin() - 2.0 * p1.clamp(0.0, 1.0).sqrt().asin()
}

/// Probability that at least a share `s` of new values falls outside the range (min..max) of `n`
/// baseline values drawn from the same continuous distribution.
///
/// The share outside a sample's range is Beta(2, n − 1) distributed whatever the distribution
/// (the range covers the mass between the smallest and largest of `n` draws), so
/// `P(share >= s) = (1 − s)^n + n·s·(1 − s)^(n−1)`: scipy's `beta.sf(s, 2, n − 1)`.
pub fn range_outside_p(share: f64, n: u64) -> f64 {
    if n < 2 {
        return 1.0;
    }
    let s = share.clamp(0.0, 1.0);
    if s >= 1.0 {
        return 0.0;
    }
    let n = n as f64;
    let log_q = (-s).ln_1p();
    ((n * log_q).exp() + n * s * ((n - 1.0) * log_q).exp()).clamp(0.0, 1.0)
}

/// Probability that `n` baseline values all miss categories that hold a share `s` of the data:
/// `(1 − s)^n` (scipy's `binom.pmf(0, n, s)`). Small means the baseline would have seen them.
pub fn absence_p(share: f64, n: u64) -> f64 {
    let s = share.clamp(0.0, 1.0);
    if s >= 1.0 {
        return if n == 0 { 1.0 } else { 0.0 };
    }
    (n as f64 * (-s).ln_1p()).exp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ks_critical_value_follows_the_textbook_constant() {
        // c(0.05) = 1.358 for equal samples of 100: 1.358 · sqrt(2/100) = 0.1921.
        let c = ks_critical(0.05, 100, 100);
        assert!((c - 0.19206).abs() < 1e-4, "{c}");
        assert!(ks_critical(0.05, 0, 10).is_infinite());
    }

    #[test]
    fn identical_counts_give_a_zero_g() {
        let t = g_test(&[10.0, 20.0, 30.0], &[100.0, 200.0, 300.0]).unwrap();
        assert!(t.g.abs() < 1e-12 && (t.p_value - 1.0).abs() < 1e-12 && t.df == 2);
    }

    #[test]
    fn sparse_cells_are_pooled() {
        // The two rare categories (1 and 2 rows) are pooled into one cell: 3 cells, df 2.
        let t = g_test(&[50.0, 50.0, 1.0, 0.0], &[50.0, 50.0, 0.0, 2.0]).unwrap();
        assert_eq!(t.df, 2);
        assert!(g_test(&[5.0], &[7.0]).is_none());
    }

    #[test]
    fn range_p_value_is_one_at_zero_and_falls_with_the_share() {
        assert!((range_outside_p(0.0, 100) - 1.0).abs() < 1e-12);
        assert!(range_outside_p(0.05, 100) > range_outside_p(0.1, 100));
        assert_eq!(range_outside_p(1.0, 100), 0.0);
    }

    #[test]
    fn absence_matches_the_binomial_zero_term() {
        assert!((absence_p(0.5, 3) - 0.125).abs() < 1e-12);
        assert!((absence_p(0.0, 1000) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn cohens_h_is_antisymmetric() {
        assert!((cohens_h(0.01, 0.25) + cohens_h(0.25, 0.01)).abs() < 1e-12);
        assert!((cohens_h(0.0, 1.0) - std::f64::consts::PI).abs() < 1e-12);
    }
}
