//! A mergeable histogram of the orders of magnitude of numeric values.
//!
//! Each finite non-zero value falls in the bin `floor(log10(|x|) × BINS_PER_DECADE)`, so a bin
//! is a twentieth of a decade (a factor of about 1.12). Positive and negative values have
//! histograms of their own (a `-1` placeholder among positive counts is not a magnitude), and
//! zeros are counted apart. Bins add when profiles merge, so the histogram of a table is exactly the sum of its
//! parts'. Finite `f64` values span about 630 decades, so a histogram has at most about 12,700
//! bins however many rows it counts; real columns fill a few dozen. The magnitude check reads it
//! to find a cluster about 100× or 1000× the bulk (cents stored as dollars, grams as kilograms).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Bins per factor of ten.
pub const BINS_PER_DECADE: f64 = 20.0;

/// Counts of values per order of magnitude.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MagnitudeHistogram {
    /// Bin (`floor(log10(x) × 20)`) → positive values of that magnitude.
    pub bins: BTreeMap<i32, u64>,
    /// Bin (`floor(log10(-x) × 20)`) → negative values of that magnitude.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub negative_bins: BTreeMap<i32, u64>,
    /// Values equal to zero.
    pub zeros: u64,
}

/// The bin of a finite non-zero value.
pub fn bin_of(x: f64) -> i32 {
    (x.abs().log10() * BINS_PER_DECADE).floor() as i32
}

/// The lower edge of a bin, as a value.
pub fn bin_floor(bin: i32) -> f64 {
    10f64.powf(f64::from(bin) / BINS_PER_DECADE)
}

impl MagnitudeHistogram {
    /// Adds `count` occurrences of `x`; non-finite values are ignored.
    pub fn add(&mut self, x: f64, count: u64) {
        if !x.is_finite() || count == 0 {
            return;
        }
        if x == 0.0 {
            self.zeros += count;
            return;
        }
        let bins = if x < 0.0 {
            &mut self.negative_bins
        } else {
            &mut self.bins
        };
        *bins.entry(bin_of(x)).or_default() += count;
    }

    /// Adds another histogram.
    pub fn merge(&mut self, other: &MagnitudeHistogram) {
        for (bin, n) in &other.bins {
            *self.bins.entry(*bin).or_default() += n;
        }
        for (bin, n) in &other.negative_bins {
            *self.negative_bins.entry(*bin).or_default() += n;
        }
        self.zeros += other.zeros;
    }

    /// Positive values counted.
    pub fn positives(&self) -> u64 {
        self.bins.values().sum()
    }

    /// Negative values counted.
    pub fn negatives(&self) -> u64 {
        self.negative_bins.values().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_are_twentieths_of_a_decade() {
        assert_eq!(bin_of(1.0), 0);
        assert_eq!(bin_of(10.0), 20);
        assert_eq!(bin_of(-10.0), 20);
        assert_eq!(bin_of(0.1), -20);
        assert_eq!(bin_of(1.13), 1); // 10^(1/20) = 1.122
        assert_eq!(bin_of(1.12), 0);
        assert!((bin_floor(20) - 10.0).abs() < 1e-9);
    }

    #[test]
    fn merge_adds_bins() {
        let mut a = MagnitudeHistogram::default();
        let mut b = MagnitudeHistogram::default();
        a.add(5.0, 2);
        a.add(0.0, 1);
        b.add(-5.0, 1);
        b.add(f64::NAN, 1);
        a.merge(&b);
        assert_eq!(a.bins.get(&bin_of(5.0)), Some(&2));
        assert_eq!(a.negative_bins.get(&bin_of(5.0)), Some(&1));
        assert_eq!((a.zeros, a.negatives(), a.positives()), (1, 1, 2));
    }
}
