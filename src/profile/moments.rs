//! Mergeable mean and variance.
//!
//! Welford's update for one value and Chan et al.'s pairwise combination for merging partial
//! results, so that the moments of a table equal the merge of its partitions' moments up to
//! floating-point rounding, without the catastrophic cancellation of sum-of-squares formulas.

use serde::{Deserialize, Serialize};

/// Count, mean and sum of squared deviations of the finite values seen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Moments {
    /// Number of values.
    pub count: u64,
    /// Running mean.
    pub mean: f64,
    /// Sum of squared deviations from the mean (`M2`).
    pub m2: f64,
}

impl Moments {
    /// Adds one value.
    pub fn update(&mut self, x: f64) {
        self.count += 1;
        let delta = x - self.mean;
        self.mean += delta / self.count as f64;
        self.m2 += delta * (x - self.mean);
    }

    /// Combines two sets of moments.
    pub fn merge(&mut self, other: &Moments) {
        if other.count == 0 {
            return;
        }
        if self.count == 0 {
            *self = *other;
            return;
        }
        let n_a = self.count as f64;
        let n_b = other.count as f64;
        let n = n_a + n_b;
        let delta = other.mean - self.mean;
        self.mean += delta * n_b / n;
        self.m2 += other.m2 + delta * delta * n_a * n_b / n;
        self.count += other.count;
    }

    /// Sample variance (denominator `n - 1`), as SQL's `var_samp`.
    pub fn variance(&self) -> Option<f64> {
        (self.count > 1).then(|| self.m2 / (self.count - 1) as f64)
    }

    /// Sample standard deviation, as SQL's `stddev_samp`.
    pub fn std_dev(&self) -> Option<f64> {
        self.variance().map(f64::sqrt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_textbook_values() {
        // Reference: mean 5, sample variance 32/7 for this classic set.
        let mut m = Moments::default();
        for x in [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0] {
            m.update(x);
        }
        assert_eq!(m.mean, 5.0);
        assert!((m.variance().unwrap() - 32.0 / 7.0).abs() < 1e-12);
    }

    #[test]
    fn merge_equals_single_pass() {
        let xs: Vec<f64> = (0..1000)
            .map(|i| ((i * 37) % 101) as f64 * 1.5 + 1e6)
            .collect();
        let mut whole = Moments::default();
        xs.iter().for_each(|&x| whole.update(x));
        let (mut a, mut b) = (Moments::default(), Moments::default());
        xs[..333].iter().for_each(|&x| a.update(x));
        xs[333..].iter().for_each(|&x| b.update(x));
        a.merge(&b);
        assert_eq!(a.count, whole.count);
        assert!((a.mean - whole.mean).abs() < 1e-9);
        assert!((a.variance().unwrap() - whole.variance().unwrap()).abs() < 1e-6);
    }
}
