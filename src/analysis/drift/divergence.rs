//! Distances between two discrete distributions given as aligned shares (or counts): the
//! Jensen–Shannon divergence, the L-infinity distance, and the population stability index.

/// Normalises counts (or shares) to shares summing to 1; all zeros stay zeros.
pub fn shares(counts: &[f64]) -> Vec<f64> {
    let total: f64 = counts.iter().filter(|c| c.is_finite() && **c > 0.0).sum();
    counts
        .iter()
        .map(|c| {
            if total > 0.0 && c.is_finite() && *c > 0.0 {
                c / total
            } else {
                0.0
            }
        })
        .collect()
}

/// Jensen–Shannon divergence in log base 2 (0 for equal distributions, 1 for disjoint ones) of
/// two aligned count or share vectors, each normalised first.
///
/// Equals the square of scipy's `jensenshannon(p, q, base=2)`.
pub fn jensen_shannon(p: &[f64], q: &[f64]) -> f64 {
    let (p, q) = (shares(p), shares(q));
    let kl_to_mid = |a: &[f64], b: &[f64]| -> f64 {
        a.iter()
            .zip(b)
            .filter(|(x, _)| **x > 0.0)
            .map(|(x, y)| x * (2.0 * x / (x + y)).log2())
            .sum()
    };
    (0.5 * kl_to_mid(&p, &q) + 0.5 * kl_to_mid(&q, &p)).clamp(0.0, 1.0)
}

/// The largest change of one category's share: `max |p_i − q_i|` after normalising.
pub fn linf(p: &[f64], q: &[f64]) -> f64 {
    let (p, q) = (shares(p), shares(q));
    p.iter()
        .zip(&q)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0, f64::max)
}

/// Population stability index `Σ (c − b)·ln(c / b)` of aligned bin shares, every share below
/// `floor` (an empty bin) raised to `floor` so the logarithm stays finite.
pub fn psi(baseline: &[f64], current: &[f64], floor: f64) -> f64 {
    baseline
        .iter()
        .zip(current)
        .map(|(b, c)| {
            let (b, c) = (b.max(floor), c.max(floor));
            (c - b) * (c / b).ln()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn js_is_zero_for_equal_and_one_for_disjoint_distributions() {
        assert!(jensen_shannon(&[1.0, 2.0], &[10.0, 20.0]).abs() < 1e-15);
        assert!((jensen_shannon(&[1.0, 0.0], &[0.0, 3.0]) - 1.0).abs() < 1e-15);
    }

    #[test]
    fn js_of_the_planted_payment_mix_is_about_0_14() {
        // samples/README: card 60, paypal 30 → 5, apple_pay 5 → 30, gift_card 5 (by hand: 0.1429).
        let js = jensen_shannon(&[0.6, 0.3, 0.05, 0.05], &[0.6, 0.05, 0.3, 0.05]);
        assert!((js - 0.142_86).abs() < 1e-4, "{js}");
        assert!((linf(&[0.6, 0.3, 0.05, 0.05], &[0.6, 0.05, 0.3, 0.05]) - 0.25).abs() < 1e-12);
    }

    #[test]
    fn psi_floors_empty_bins() {
        let v = psi(&[0.5, 0.5, 0.0], &[0.5, 0.4, 0.1], 1e-4);
        let want = (0.4f64 - 0.5) * (0.4f64 / 0.5).ln() + (0.1f64 - 1e-4) * (0.1f64 / 1e-4).ln();
        assert!((v - want).abs() < 1e-12);
    }
}
