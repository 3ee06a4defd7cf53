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
    bins: Bins,
    /// Bin (`floor(log10(-x) × 20)`) → negative values of that magnitude.
    #[serde(default, skip_serializing_if = "Bins::is_empty")]
    negative_bins: Bins,
    /// Values equal to zero.
    pub zeros: u64,
}

/// Counts per bin: an array over [`TABLE_BINS`] (allocated with the first value there), so
/// adding a value is an increment rather than a search of an ordered map, which took about 4% of
/// a scan's CPU time; a map for bins outside. In the profile file it is a map from bin to count,
/// bins with no value left out.
#[derive(Clone, Debug, Default)]
struct Bins {
    table: Option<Box<[u64; TABLE_LEN]>>,
    outside: BTreeMap<i32, u64>,
}

/// Bins in [`TABLE_BINS`].
const TABLE_LEN: usize = (TABLE_BINS.end - TABLE_BINS.start) as usize;

impl Bins {
    fn add(&mut self, bin: i32, count: u64) {
        match usize::try_from(bin - TABLE_BINS.start) {
            Ok(i) if i < TABLE_LEN => {
                self.table.get_or_insert_with(|| Box::new([0; TABLE_LEN]))[i] += count;
            }
            _ => *self.outside.entry(bin).or_default() += count,
        }
    }

    /// The bins holding values and their counts, ascending.
    fn iter(&self) -> impl Iterator<Item = (i32, u64)> + '_ {
        let table = self.table.iter().flat_map(|t| {
            (TABLE_BINS.start..)
                .zip(t.iter().copied())
                .filter(|&(_, n)| n > 0)
        });
        let pair = |(bin, n): (&i32, &u64)| (*bin, *n);
        let below = self.outside.range(..TABLE_BINS.start).map(pair);
        let above = self.outside.range(TABLE_BINS.end..).map(pair);
        below.chain(table).chain(above)
    }

    fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

impl PartialEq for Bins {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Bins {}

impl Serialize for Bins {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Bins {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let counts = BTreeMap::<i32, u64>::deserialize(deserializer)?;
        let mut bins = Bins::default();
        counts.into_iter().for_each(|(bin, n)| bins.add(bin, n));
        Ok(bins)
    }
}

/// The bin of a finite non-zero value.
pub fn bin_of(x: f64) -> i32 {
    let x = x.abs();
    match BUCKETS.get_or_init(Buckets::new).bin(x) {
        Some(bin) => bin,
        None => bin_by_log(x),
    }
}

/// The bin of a positive value by its definition.
fn bin_by_log(x: f64) -> i32 {
    (x.log10() * BINS_PER_DECADE).floor() as i32
}

/// Bins kept in an array while a histogram is built: 10⁻¹² to 10¹⁸, which holds the values of
/// every column we have seen. [`Buckets`] cover the same range.
const TABLE_BINS: std::ops::Range<i32> = -240..360;

/// Low bits of an `f64` dropped to name its bucket: the sign, the exponent and the top four bits
/// of the mantissa remain, so a bucket spans a factor of 2^(1/16) ≈ 1.044, less than a bin's
/// 10^(1/20) ≈ 1.122, and holds at most one bin edge.
const BUCKET_SHIFT: u32 = 48;

/// The bin of every value of each bucket of positive `f64`s over [`TABLE_BINS`]: the bin where
/// the bucket starts and the value (if any) where the next begins. A value's bin is then a shift,
/// one look-up and a compare instead of a logarithm, which took 4–8% of the CPU time of a numeric
/// column.
struct Buckets {
    /// The bucket of `entries[0]`.
    first: u64,
    /// Per bucket: its lowest value's bin, and the lowest value of the bin after it (infinity
    /// when the whole bucket is in one bin).
    entries: Vec<(i32, f64)>,
}

static BUCKETS: std::sync::OnceLock<Buckets> = std::sync::OnceLock::new();

impl Buckets {
    /// Each bucket's bins and edge by the definition ([`bin_by_log`]), the edge found by
    /// bisecting the bucket's bit patterns, so a look-up gives exactly the bin the logarithm gives.
    fn new() -> Buckets {
        let bucket = |bin: i32| bin_floor(bin).to_bits() >> BUCKET_SHIFT;
        let (first, last) = (bucket(TABLE_BINS.start), bucket(TABLE_BINS.end));
        let entries = (first..=last)
            .map(|b| {
                let (lo, hi) = (b << BUCKET_SHIFT, ((b + 1) << BUCKET_SHIFT) - 1);
                let low_bin = bin_by_log(f64::from_bits(lo));
                if bin_by_log(f64::from_bits(hi)) == low_bin {
                    return (low_bin, f64::INFINITY);
                }
                // The lowest bit pattern whose bin is past `low_bin`.
                let (mut below, mut at) = (lo, hi);
                while at - below > 1 {
                    let mid = below + (at - below) / 2;
                    if bin_by_log(f64::from_bits(mid)) > low_bin {
                        at = mid;
                    } else {
                        below = mid;
                    }
                }
                (low_bin, f64::from_bits(at))
            })
            .collect();
        Buckets { first, entries }
    }

    /// The bin of a positive `x`, if its bucket is in the table.
    fn bin(&self, x: f64) -> Option<i32> {
        let i = (x.to_bits() >> BUCKET_SHIFT).wrapping_sub(self.first);
        let &(bin, edge) = self.entries.get(usize::try_from(i).ok()?)?;
        Some(bin + i32::from(x >= edge))
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
        bins.add(bin_of(x), count);
    }

    /// Adds another histogram.
    pub fn merge(&mut self, other: &MagnitudeHistogram) {
        for (bin, n) in other.bins.iter() {
            self.bins.add(bin, n);
        }
        for (bin, n) in other.negative_bins.iter() {
            self.negative_bins.add(bin, n);
        }
        self.zeros += other.zeros;
    }

    /// Bin → positive values of that magnitude, bins with none left out.
    pub fn positive_bins(&self) -> BTreeMap<i32, u64> {
        self.bins.iter().collect()
    }

    /// Bin → negative values of that magnitude (by their absolute value), bins with none left
    /// out.
    pub fn negative_bins(&self) -> BTreeMap<i32, u64> {
        self.negative_bins.iter().collect()
    }

    /// Positive values counted.
    pub fn positives(&self) -> u64 {
        self.bins.iter().map(|(_, n)| n).sum()
    }

    /// Negative values counted.
    pub fn negatives(&self) -> u64 {
        self.negative_bins.iter().map(|(_, n)| n).sum()
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
        let table = BUCKETS.get_or_init(Buckets::new);
        let mut values: Vec<f64> = table
            .entries
            .iter()
            .filter(|(_, edge)| edge.is_finite())
            .flat_map(|&(_, e)| [e.next_down(), e, e.next_up()])
            .collect();
        // The buckets run from bin -241 to bin 360: an edge inside a bucket for each of bins
        // -240 to 360 but the two that start exactly where a bucket does (1 and 10).
        assert_eq!(values.len(), 3 * (601 - 2));
        // Every bucket's first and last value.
        let last = table.first + table.entries.len() as u64;
        for b in table.first..=last {
            values.push(f64::from_bits(b << BUCKET_SHIFT));
            values.push(f64::from_bits((b << BUCKET_SHIFT) - 1));
        }
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
    fn the_file_holds_each_bin_with_values_once_ascending() {
        // Values inside and outside the table, each sign, against maps counted by the
        // definition; the file form is a map, and reading it back gives the same histogram.
        let values = [
            1e-300, 3e-13, 0.004, 1.0, 1.0, 250.0, 1e17, 2e18, 1e300, -7.0, -1e20,
        ];
        let mut h = MagnitudeHistogram::default();
        let (mut positive, mut negative) = (BTreeMap::new(), BTreeMap::new());
        for x in values {
            h.add(x, 2);
            let side = if x < 0.0 {
                &mut negative
            } else {
                &mut positive
            };
            *side.entry(bin_by_log(x.abs())).or_insert(0u64) += 2;
        }
        h.add(0.0, 1);
        assert_eq!(h.positive_bins(), positive);
        assert_eq!(h.negative_bins(), negative);
        let json = serde_json::to_value(&h).unwrap();
        let expected = serde_json::json!({
            "bins": positive.iter().map(|(b, n)| (b.to_string(), n)).collect::<BTreeMap<_, _>>(),
            "negative_bins": negative.iter().map(|(b, n)| (b.to_string(), n)).collect::<BTreeMap<_, _>>(),
            "zeros": 1,
        });
        assert_eq!(json, expected);
        let back: MagnitudeHistogram = serde_json::from_value(json).unwrap();
        assert_eq!(back, h);
        let text = serde_json::to_string(&h).unwrap();
        assert_eq!(serde_json::to_string(&back).unwrap(), text);
        // Keys in the text go in numeric order, not in the strings' order.
        let at = |bin: &i32| text.find(&format!("\"{bin}\"")).unwrap();
        let keys: Vec<usize> = positive.keys().map(at).collect();
        assert!(keys.is_sorted(), "{text}");
        assert!(
            !serde_json::to_string(&MagnitudeHistogram::default())
                .unwrap()
                .contains("negative_bins")
        );
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
        assert_eq!(a.positive_bins().get(&bin_of(5.0)), Some(&2));
        assert_eq!(a.negative_bins().get(&bin_of(5.0)), Some(&1));
        assert_eq!((a.zeros, a.negatives(), a.positives()), (1, 1, 2));
    }
}
