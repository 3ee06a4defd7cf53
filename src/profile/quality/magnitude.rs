//! A mergeable histogram of the orders of magnitude of numeric values.
//!
//! Each finite non-zero value falls in the bin `floor(log10(|x|) × BINS_PER_DECADE)`, so a bin is a
//! twentieth of a decade (a factor of about 1.12); values from 10⁻¹² to 10¹⁸ find it among
//! precomputed bin edges that give the same bin without a logarithm. Positive and negative values
//! have histograms of their own (a `-1` placeholder among positive counts is not a magnitude), and
//! zeros are counted apart. Bins add when profiles merge, so the histogram of a table is exactly
//! the sum of its parts'. Finite `f64` values span about 630 decades, so a histogram has at most
//! about 12,700 bins however many rows it counts; real columns fill a few dozen. The magnitude
//! check reads it to find a cluster about 100× or 1000× the bulk (cents stored as dollars, grams as
//! kilograms).

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
    let x = x.abs();
    match EDGES.get_or_init(edges).bin(x) {
        Some(bin) => bin,
        None => bin_by_log(x),
    }
}

/// The bin of a positive value by its definition.
fn bin_by_log(x: f64) -> i32 {
    (x.log10() * BINS_PER_DECADE).floor() as i32
}

/// Bins looked up in [`Edges`] instead of computed with a logarithm: 10⁻¹² to 10¹⁸, which holds
/// the values of every column we have seen; values outside take the logarithm.
const TABLE_BINS: std::ops::Range<i32> = -240..360;

/// The lowest value of each bin of [`TABLE_BINS`], and of the bin after the last: a value's bin
/// is then a look-up and two compares instead of a logarithm, which took 4–8% of the CPU time
/// of a numeric column.
struct Edges {
    /// `lowest[i]` is the smallest `f64` whose bin (by logarithm) is `TABLE_BINS.start + i`.
    lowest: Vec<f64>,
}

static EDGES: std::sync::OnceLock<Edges> = std::sync::OnceLock::new();

/// Each edge is found from `10^(bin/20)` by stepping to the neighbouring `f64` until
/// [`bin_by_log`] changes, so a look-up gives exactly the bin the logarithm gives.
fn edges() -> Edges {
    let lowest = (TABLE_BINS.start..=TABLE_BINS.end)
        .map(|bin| {
            let mut x = 10f64.powf(f64::from(bin) / BINS_PER_DECADE);
            while bin_by_log(x) >= bin {
                x = x.next_down();
            }
            while bin_by_log(x) < bin {
                x = x.next_up();
            }
            x
        })
        .collect();
    Edges { lowest }
}

impl Edges {
    /// The bin of a positive `x`, if it is in the table.
    fn bin(&self, x: f64) -> Option<i32> {
        let (first, last) = (self.lowest[0], self.lowest[self.lowest.len() - 1]);
        if !(first..last).contains(&x) {
            return None;
        }
        // An estimate from the binary exponent and a straight line through the mantissa's
        // logarithm: `log2(1 + m) - m` is within 0 and 0.087, so the estimate is at most 0.52
        // of a bin low (and a rounding high), and one step each way against the edges settles
        // it, without a branch.
        let bits = x.to_bits();
        let exponent = ((bits >> 52) & 0x7ff) as i64 - 1023;
        let mantissa = f64::from_bits((bits & ((1 << 52) - 1)) | (1023 << 52)) - 1.0;
        let estimate = (exponent as f64 + mantissa) * std::f64::consts::LOG10_2 * BINS_PER_DECADE;
        let mut i = (estimate.floor() as i64 - i64::from(TABLE_BINS.start))
            .clamp(0, self.lowest.len() as i64 - 2) as usize;
        // `x >= lowest[0]`, so `i` stays at 0 or above.
        i -= usize::from(x < self.lowest[i]);
        i += usize::from(x >= self.lowest[i + 1]);
        Some(TABLE_BINS.start + i as i32)
    }
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
    fn the_table_gives_the_logarithms_bin() {
        // Every edge of the table and its neighbours, and a seeded spread of values over and
        // past the table's range, against the definition.
        let table = EDGES.get_or_init(edges);
        let mut values: Vec<f64> = table
            .lowest
            .iter()
            .flat_map(|&e| [e.next_down(), e, e.next_up()])
            .collect();
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let decades = (state >> 11) as f64 / (1u64 << 53) as f64 * 40.0 - 15.0;
            values.push(10f64.powf(decades));
        }
        values.extend([
            1.0,
            10.0,
            100.0,
            1e-12,
            1e18,
            123_456_789.0,
            0.5,
            f64::MAX,
            1e-300,
        ]);
        for x in values {
            assert_eq!(bin_of(x), bin_by_log(x), "{x:e}");
            assert_eq!(bin_of(-x), bin_by_log(x), "{:e}", -x);
        }
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
