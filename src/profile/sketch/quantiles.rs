//! Quantiles of numeric and temporal values (and of text lengths): exact while small, then a
//! KLL sketch.
//!
//! Up to [`EXACT_LIMIT`] values are kept as they are, so small tables (a curated pilot, the
//! bundled samples) get exact quantiles and a report that is identical run after run. Past the
//! limit the values move into a KLL sketch with `k = 400`, whose normalised rank error stays
//! near 0.7% (DataSketches' documented bound at 99% confidence), under the 1% the profile
//! promises, in a few KiB per column; memory per column is therefore bounded by the limit.
//! NaN and infinite values are counted elsewhere and never reach the sketch.
//!
//! KLL compaction flips a coin that datasketches seeds per thread, so two runs over more than
//! [`EXACT_LIMIT`] values can store slightly different sketches. Both are within the rank error.

use std::sync::OnceLock;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use datasketches::common::SearchCriteria;
use datasketches::kll::{KllFloat, KllSketch};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::encoding;

/// KLL accuracy parameter.
const K: u16 = 400;

/// Values kept exactly before the sketch takes over (256 KiB of `f64` per column at most).
pub const EXACT_LIMIT: usize = 32_768;

/// Mergeable quantile summary over finite `f64` values.
#[derive(Clone, Debug)]
pub struct QuantileSketch {
    inner: Inner,
}

#[derive(Clone, Debug)]
enum Inner {
    /// Every value, in arrival order, with a sorted copy made on first query.
    Exact {
        values: Vec<f64>,
        sorted: OnceLock<Vec<f64>>,
    },
    Kll(KllSketch<KllFloat<f64>>),
}

impl Default for QuantileSketch {
    fn default() -> Self {
        Self {
            inner: Inner::Exact {
                values: Vec::new(),
                sorted: OnceLock::new(),
            },
        }
    }
}

fn new_kll() -> KllSketch<KllFloat<f64>> {
    KllSketch::new(K).expect("K is a valid KLL size")
}

fn kll_of(values: &[f64]) -> KllSketch<KllFloat<f64>> {
    let mut kll = new_kll();
    for v in values {
        if let Ok(v) = KllFloat::<f64>::new(*v) {
            kll.update(v);
        }
    }
    kll
}

impl QuantileSketch {
    /// Observes one value; NaN is ignored (callers count it separately).
    pub fn update(&mut self, value: f64) {
        if value.is_nan() {
            return;
        }
        match &mut self.inner {
            Inner::Exact { values, sorted } => {
                if sorted.get().is_some() {
                    sorted.take();
                }
                values.push(value);
                if values.len() > EXACT_LIMIT {
                    self.inner = Inner::Kll(kll_of(values));
                }
            }
            Inner::Kll(kll) => {
                if let Ok(v) = KllFloat::<f64>::new(value) {
                    kll.update(v);
                }
            }
        }
    }

    /// Folds another sketch into this one.
    pub fn merge(&mut self, other: &QuantileSketch) {
        match (&mut self.inner, &other.inner) {
            (Inner::Exact { values, sorted }, Inner::Exact { values: theirs, .. }) => {
                sorted.take();
                values.extend_from_slice(theirs);
                if values.len() > EXACT_LIMIT {
                    self.inner = Inner::Kll(kll_of(values));
                }
            }
            (Inner::Kll(mine), Inner::Exact { values, .. }) => {
                // Same K and item type on both sides: the only failure the library names.
                let _ = mine.merge(&kll_of(values));
            }
            (Inner::Exact { values, .. }, Inner::Kll(theirs)) => {
                let mut kll = theirs.clone();
                let _ = kll.merge(&kll_of(values));
                self.inner = Inner::Kll(kll);
            }
            (Inner::Kll(mine), Inner::Kll(theirs)) => {
                let _ = mine.merge(theirs);
            }
        }
    }

    /// Number of values observed.
    pub fn count(&self) -> u64 {
        match &self.inner {
            Inner::Exact { values, .. } => values.len() as u64,
            Inner::Kll(kll) => kll.n(),
        }
    }

    /// Every value seen, sorted, while the quantiles are exact; `None` once a KLL sketch holds
    /// them.
    pub fn exact_values(&self) -> Option<&[f64]> {
        self.sorted()
    }

    /// Whether the quantiles are exact (no more than [`EXACT_LIMIT`] values seen).
    pub fn is_exact(&self) -> bool {
        matches!(self.inner, Inner::Exact { .. })
    }

    fn sorted(&self) -> Option<&[f64]> {
        match &self.inner {
            Inner::Exact { values, sorted } => Some(sorted.get_or_init(|| {
                let mut v = values.clone();
                v.sort_by(f64::total_cmp);
                v
            })),
            Inner::Kll(_) => None,
        }
    }

    /// The value at normalised rank `rank` (0..=1): the smallest value whose rank is at least
    /// `rank`. `None` when the sketch is empty.
    pub fn quantile(&self, rank: f64) -> Option<f64> {
        let rank = rank.clamp(0.0, 1.0);
        match (&self.inner, self.sorted()) {
            (_, Some(sorted)) => {
                if sorted.is_empty() {
                    return None;
                }
                let n = sorted.len();
                let i = ((rank * n as f64).ceil() as usize).clamp(1, n) - 1;
                Some(sorted[i])
            }
            (Inner::Kll(kll), None) => kll
                .quantile(rank, SearchCriteria::Inclusive)
                .ok()
                .flatten()
                .map(KllFloat::into_inner),
            (Inner::Exact { .. }, None) => None,
        }
    }

    /// Normalised rank of `value`: the (estimated) share of observed values `<= value`.
    pub fn rank(&self, value: f64) -> Option<f64> {
        match (&self.inner, self.sorted()) {
            (_, Some(sorted)) => {
                if sorted.is_empty() || value.is_nan() {
                    return None;
                }
                let at_or_below = sorted.partition_point(|v| *v <= value);
                Some(at_or_below as f64 / sorted.len() as f64)
            }
            (Inner::Kll(kll), None) => {
                let v = KllFloat::<f64>::new(value).ok()?;
                kll.rank(&v, SearchCriteria::Inclusive)
            }
            (Inner::Exact { .. }, None) => None,
        }
    }

    /// Normalised exclusive rank of `value`: the (estimated) share of observed values `< value`.
    pub fn rank_below(&self, value: f64) -> Option<f64> {
        match (&self.inner, self.sorted()) {
            (_, Some(sorted)) => {
                if sorted.is_empty() || value.is_nan() {
                    return None;
                }
                let below = sorted.partition_point(|v| *v < value);
                Some(below as f64 / sorted.len() as f64)
            }
            (Inner::Kll(kll), None) => {
                let v = KllFloat::<f64>::new(value).ok()?;
                kll.rank(&v, SearchCriteria::Exclusive)
            }
            (Inner::Exact { .. }, None) => None,
        }
    }

    /// The values at each of `ranks` (0..=1, inclusive search, as [`quantile`](Self::quantile));
    /// empty when the sketch is empty.
    ///
    /// Rank `r` gives the smallest retained value whose inclusive rank is at least `r` (numpy's
    /// `inverted_cdf` quantile on exact data); ranks 0 and 1 give the exact minimum and maximum.
    pub fn quantiles_at(&self, ranks: &[f64]) -> Vec<f64> {
        if self.count() == 0 {
            return Vec::new();
        }
        ranks
            .iter()
            .map(|r| if r.is_nan() { 0.0 } else { r.clamp(0.0, 1.0) })
            .filter_map(|r| self.quantile(r))
            .collect()
    }

    /// The inclusive normalised rank (share of values `<= x`) of each of `points`, which must be
    /// finite and strictly increasing; empty when the sketch is empty or the points are not.
    pub fn cdf_at(&self, points: &[f64]) -> Vec<f64> {
        let increasing =
            points.iter().all(|p| p.is_finite()) && points.windows(2).all(|w| w[0] < w[1]);
        if self.count() == 0 || !increasing {
            return Vec::new();
        }
        points.iter().filter_map(|p| self.rank(*p)).collect()
    }

    /// The normalised rank error for single-rank queries (0 while exact).
    pub fn rank_error(&self) -> f64 {
        match &self.inner {
            Inner::Exact { .. } => 0.0,
            Inner::Kll(kll) => kll.normalized_rank_error(),
        }
    }
}

/// The stored form: a base64 string of the KLL sketch's binary form, or, while exact,
/// `{"exact": base64 of the values as little-endian f64, sorted}`.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Stored {
    Kll(String),
    Exact { exact: String },
}

impl Serialize for QuantileSketch {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match (&self.inner, self.sorted()) {
            (Inner::Kll(kll), _) => encoding::serialize(&kll.serialize(), serializer),
            (_, Some(sorted)) => {
                let bytes: Vec<u8> = sorted.iter().flat_map(|v| v.to_le_bytes()).collect();
                Stored::Exact {
                    exact: STANDARD.encode(bytes),
                }
                .serialize(serializer)
            }
            (Inner::Exact { .. }, None) => Stored::Exact {
                exact: String::new(),
            }
            .serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for QuantileSketch {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match Stored::deserialize(deserializer)? {
            Stored::Kll(text) => {
                let bytes = encoding::decode("quantiles", &text).map_err(D::Error::custom)?;
                let kll = KllSketch::deserialize(&bytes).map_err(|e| {
                    D::Error::custom(super::SketchError {
                        sketch: "quantiles",
                        reason: e.to_string(),
                    })
                })?;
                Ok(Self {
                    inner: Inner::Kll(kll),
                })
            }
            Stored::Exact { exact } => {
                let bytes = encoding::decode("quantiles", &exact).map_err(D::Error::custom)?;
                if bytes.len() % 8 != 0 || bytes.len() / 8 > EXACT_LIMIT {
                    return Err(D::Error::custom(super::SketchError {
                        sketch: "quantiles",
                        reason: format!("exact values of {} bytes", bytes.len()),
                    }));
                }
                let values: Vec<f64> = bytes
                    .chunks_exact(8)
                    .map(|c| {
                        let mut b = [0u8; 8];
                        b.copy_from_slice(c);
                        f64::from_le_bytes(b)
                    })
                    .filter(|v| !v.is_nan())
                    .collect();
                Ok(Self {
                    inner: Inner::Exact {
                        values,
                        sorted: OnceLock::new(),
                    },
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_a_permutation_is_within_rank_error() {
        let mut q = QuantileSketch::default();
        // A deterministic permutation of 0..100_000 (multiplier coprime to the modulus).
        let n = 100_000u64;
        for i in 0..n {
            q.update(((i * 7_919) % n) as f64);
        }
        let median = q.quantile(0.5).unwrap();
        let true_rank = (median + 1.0) / n as f64;
        assert!((true_rank - 0.5).abs() < 0.01, "median {median}");
        assert_eq!(q.count(), n);
    }

    #[test]
    fn exact_while_small_with_inclusive_ranks() {
        let mut q = QuantileSketch::default();
        for v in [5.0, 1.0, 3.0, 3.0, 2.0] {
            q.update(v);
        }
        assert!(q.is_exact());
        // sorted: 1 2 3 3 5
        assert_eq!(q.quantile(0.0), Some(1.0));
        assert_eq!(q.quantile(0.4), Some(2.0));
        assert_eq!(q.quantile(0.5), Some(3.0));
        assert_eq!(q.quantile(1.0), Some(5.0));
        assert_eq!(q.rank(3.0), Some(0.8));
        assert_eq!(q.rank(0.0), Some(0.0));
        assert_eq!(q.rank_error(), 0.0);
        let json = serde_json::to_string(&q).unwrap();
        let back: QuantileSketch = serde_json::from_str(&json).unwrap();
        assert_eq!(back.quantile(0.5), Some(3.0));
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
    }

    #[test]
    fn moves_to_kll_past_the_limit_and_merges_across_modes() {
        let mut big = QuantileSketch::default();
        for i in 0..(EXACT_LIMIT as u64 + 10) {
            big.update(i as f64);
        }
        assert!(!big.is_exact());
        let mut small = QuantileSketch::default();
        small.update(1.0);
        small.merge(&big);
        assert!(!small.is_exact());
        assert_eq!(small.count(), EXACT_LIMIT as u64 + 11);
        let json = serde_json::to_string(&small).unwrap();
        let back: QuantileSketch = serde_json::from_str(&json).unwrap();
        assert_eq!(back.count(), small.count());
    }

    #[test]
    fn ignores_nan() {
        let mut q = QuantileSketch::default();
        q.update(f64::NAN);
        q.update(1.0);
        assert_eq!(q.count(), 1);
    }
}
