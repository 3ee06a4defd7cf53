//! Special functions behind the p-values: log-gamma, the regularised incomplete gamma function,
//! and from them the chi-square and normal upper tails; plus Kolmogorov's limiting distribution.
//!
//! Written out here (about a hundred lines) rather than pulling a statistics crate for four
//! functions. Accuracy is far beyond what a drift decision needs (relative error near 1e-12 in
//! the ranges the tests use), and each function is checked against scipy in
//! `tests/drift_statistics.rs`.

/// Natural log of the gamma function for `x > 0` (Lanczos, g = 7, 9 terms).
pub fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).abs().ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

/// Regularised upper incomplete gamma function `Q(a, x) = Γ(a, x) / Γ(a)` for `a > 0`, `x >= 0`.
///
/// Series for `x < a + 1`, Lentz's continued fraction otherwise (Numerical Recipes §6.2).
pub fn gamma_q(a: f64, x: f64) -> f64 {
    if x.is_nan() || a.is_nan() || a <= 0.0 {
        return f64::NAN;
    }
    if x <= 0.0 {
        return 1.0;
    }
    if x.is_infinite() {
        return 0.0;
    }
    let log_prefix = -x + a * x.ln() - ln_gamma(a);
    if x < a + 1.0 {
        let (mut term, mut sum, mut ap) = (1.0 / a, 1.0 / a, a);
        for _ in 0..10_000 {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term.abs() < sum.abs() * 1e-16 {
                break;
            }
        }
        (1.0 - sum * log_prefix.exp()).clamp(0.0, 1.0)
    } else {
        const TINY: f64 = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..10_000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < TINY {
                d = TINY;
            }
            c = b + an / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            let delta = d * c;
            h *= delta;
            if (delta - 1.0).abs() < 1e-16 {
                break;
            }
        }
        (log_prefix.exp() * h).clamp(0.0, 1.0)
    }
}

/// Upper tail of the chi-square distribution with `df` degrees of freedom: `P(X >= x)`.
pub fn chi2_sf(x: f64, df: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    gamma_q(df / 2.0, x / 2.0)
}

/// Upper tail of the standard normal distribution: `P(Z >= z)`.
pub fn normal_sf(z: f64) -> f64 {
    if z.is_nan() {
        return f64::NAN;
    }
    // erfc(t) = Q(1/2, t²) for t >= 0, and P(Z >= z) = erfc(z / √2) / 2.
    let tail = 0.5 * gamma_q(0.5, z * z / 2.0);
    if z >= 0.0 { tail } else { 1.0 - tail }
}

/// Kolmogorov's limiting distribution, upper tail: `P(K >= λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²)`,
/// as scipy's `kolmogorov(λ)`.
pub fn kolmogorov_sf(lambda: f64) -> f64 {
    if lambda.is_nan() {
        return f64::NAN;
    }
    if lambda <= 0.0 {
        return 1.0;
    }
    if lambda < 0.3 {
        // The alternating series converges slowly here; its value is 1 to double precision
        // (P(K < 0.3) ≈ 1e-8 by the dual series √(2π)/λ Σ e^(−(2k−1)²π²/(8λ²))).
        let pi = std::f64::consts::PI;
        let mut cdf = 0.0;
        for k in 1..50 {
            let j = (2 * k - 1) as f64;
            cdf += (-(j * j) * pi * pi / (8.0 * lambda * lambda)).exp();
        }
        return (1.0 - (2.0 * pi).sqrt() / lambda * cdf).clamp(0.0, 1.0);
    }
    let mut sum = 0.0;
    for k in 1..200 {
        let kf = k as f64;
        let term = (-2.0 * kf * kf * lambda * lambda).exp();
        sum += if k % 2 == 1 { term } else { -term };
        if term < 1e-18 {
            break;
        }
    }
    (2.0 * sum).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ln_gamma_matches_factorials() {
        // Γ(n) = (n−1)!: references are exact integers.
        assert!((ln_gamma(1.0)).abs() < 1e-13);
        assert!((ln_gamma(5.0) - 24f64.ln()).abs() < 1e-12);
        assert!((ln_gamma(11.0) - 3_628_800f64.ln()).abs() < 1e-11);
        // Γ(1/2) = √π.
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-12);
    }

    #[test]
    fn chi2_with_two_degrees_is_an_exponential() {
        // For df = 2, P(X >= x) = e^(−x/2) exactly.
        for x in [0.1, 1.0, 5.0, 30.0] {
            assert!((chi2_sf(x, 2.0) - (-x / 2.0f64).exp()).abs() < 1e-12, "{x}");
        }
    }

    #[test]
    fn normal_tail_matches_textbook_values() {
        assert!((normal_sf(0.0) - 0.5).abs() < 1e-12);
        // Φ(1.959963984540054) = 0.975.
        assert!((normal_sf(1.959_963_984_540_054) - 0.025).abs() < 1e-12);
        assert!((normal_sf(-1.959_963_984_540_054) - 0.975).abs() < 1e-12);
    }

    #[test]
    fn kolmogorov_is_continuous_across_its_two_series() {
        let (a, b) = (kolmogorov_sf(0.2999999), kolmogorov_sf(0.3000001));
        assert!((a - b).abs() < 1e-6, "{a} {b}");
        assert!(kolmogorov_sf(3.0) < 1e-6);
    }
}
