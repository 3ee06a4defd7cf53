//! Quantiles of numeric and temporal values (and of text lengths): exact while small or while
//! the values are few, then a KLL sketch.
//!
//! A sketch goes through up to three forms, each exact but the last:
//!
//! - **Exact:** up to [`EXACT_LIMIT`] values kept as they are, so small tables (a curated pilot,
//!   the bundled samples) get exact quantiles and a report that is identical run after run.
//! - **Counted:** past that limit, a column of at most [`COUNTED_LIMIT`] distinct values (text
//!   lengths, ratings, store numbers, dates) keeps a count per value. Quantiles stay exact, and
//!   an update is one hash-map increment instead of a KLL insertion, which on a long column is
//!   where the sketch spends its time (compaction sorts).
//! - **KLL:** otherwise the values move into a KLL sketch with `k = 800` ([`K`]), whose
//!   normalised rank error stays near 0.35% (DataSketches' documented bound at 99% confidence),
//!   under the 1% the profile promises, in about 20 KiB per column. Values reach it in
//!   radix-sorted runs of [`PENDING`], buffered; every query, merge and stored form includes the
//!   buffer.
//!
//! Memory per column is therefore bounded by the three limits. NaN and infinite values are counted
//! elsewhere and never reach the sketch.
//!
//! KLL compaction flips a coin that datasketches seeds per thread, so two runs over more than
//! [`EXACT_LIMIT`] values of many distinct values can store slightly different sketches. Both
//! are within the rank error.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use datasketches::common::SearchCriteria;
use datasketches::kll::{KllFloat, KllSketch};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::encoding::{self, Blob};

/// KLL accuracy parameter.
///
/// A larger `k` is also faster here. Each level of a KLL sketch holds at least 8 items
/// (DataSketches' minimum), and at `k = 400` the lowest of the eleven levels of a sketch of half
/// a million values (one partition's share of the 1M-row benchmark table) held only that, so the
/// sketch compacted (sorted, halved, merged upward, allocating new levels) once every 18 values;
/// at 800 the lowest of ten levels holds 21 and it compacts once every 55 (counted by simulating
/// the library's level sizes: `benches/kll_levels.py`). On 17 numeric and temporal columns of
/// that table this took 7% off the scan's time, for half the rank error and about 11 KiB more
/// per sketch. The lowest level shrinks by a third with each doubling of the values, so the gain
/// fades on longer columns (at 5 million values, once every 9 against every 15; 4% of the
/// 10M-row table's time).
const K: u16 = 800;

/// Values kept exactly before the sketch takes over (256 KiB of `f64` per column at most).
pub const EXACT_LIMIT: usize = 32_768;

/// Distinct values counted exactly past [`EXACT_LIMIT`] (about 100 KiB per column at most, and
/// 64 KiB of counts in the profile file).
pub const COUNTED_LIMIT: usize = 4_096;

type Kll = KllSketch<KllFloat<f64>>;

/// Values a KLL sketch buffers before they go in, sorted.
///
/// KLL sorts its lowest level at every compaction and merges each level into the next; on values
/// in random order both mispredict a branch at about every other comparison, which made KLL a
/// tenth of a scan's CPU time. Fed a sorted run, the sorts find their input sorted and the merges
/// mostly append. A radix sort of the buffer costs a few passes over it. The order values arrive
/// in does not change KLL's error bound.
const PENDING: usize = 4_096;

/// Mergeable quantile summary over finite `f64` values.
#[derive(Clone, Debug, Default)]
pub struct QuantileSketch {
    inner: Inner,
    /// Values on their way into the KLL sketch ([`PENDING`] at most); empty in the exact forms.
    pending: Vec<f64>,
    /// The distinct values and their cumulative counts, made on first query while exact.
    view: OnceLock<Sorted>,
}

#[derive(Clone, Debug)]
enum Inner {
    /// Every value, in arrival order.
    Exact(Vec<f64>),
    /// A count per distinct value.
    Counted(Counted),
    Kll(Kll),
}

impl Default for Inner {
    fn default() -> Self {
        Inner::Exact(Vec::new())
    }
}

/// Counts per distinct value, keyed by the value's bits.
#[derive(Clone, Debug, Default)]
struct Counted {
    counts: HashMap<u64, u64, foldhash::fast::FixedState>,
    n: u64,
}

impl Counted {
    /// The counts of `values`, or `None` if they hold more than [`COUNTED_LIMIT`] distinct values.
    fn of(values: &[f64]) -> Option<Counted> {
        let mut counted = Counted::default();
        values.iter().all(|v| counted.add(*v, 1)).then_some(counted)
    }

    /// Adds `count` occurrences of `value`; `false` (and nothing added) when `value` is new and
    /// the limit is reached.
    fn add(&mut self, value: f64, count: u64) -> bool {
        let len = self.counts.len();
        match self.counts.entry(value.to_bits()) {
            std::collections::hash_map::Entry::Occupied(mut e) => *e.get_mut() += count,
            std::collections::hash_map::Entry::Vacant(e) => {
                if len >= COUNTED_LIMIT {
                    return false;
                }
                e.insert(count);
            }
        }
        self.n += count;
        true
    }

    /// The (value, count) pairs in ascending order of value.
    fn pairs(&self) -> Vec<(f64, u64)> {
        let mut pairs: Vec<(f64, u64)> = self
            .counts
            .iter()
            .map(|(bits, n)| (f64::from_bits(*bits), *n))
            .collect();
        pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
        pairs
    }
}

/// Distinct values in ascending order with the number of values at or below each.
#[derive(Clone, Debug, Default)]
struct Sorted {
    values: Vec<f64>,
    at_or_below: Vec<u64>,
}

impl Sorted {
    fn from_pairs(pairs: impl IntoIterator<Item = (f64, u64)>) -> Self {
        let mut sorted = Sorted::default();
        let mut total = 0;
        for (v, n) in pairs {
            total += n;
            sorted.values.push(v);
            sorted.at_or_below.push(total);
        }
        sorted
    }

    fn of_values(values: &[f64]) -> Self {
        let mut all = values.to_vec();
        all.sort_by(f64::total_cmp);
        let mut pairs: Vec<(f64, u64)> = Vec::new();
        for v in all {
            match pairs.last_mut() {
                Some((last, n)) if last.to_bits() == v.to_bits() => *n += 1,
                _ => pairs.push((v, 1)),
            }
        }
        Sorted::from_pairs(pairs)
    }

    fn n(&self) -> u64 {
        self.at_or_below.last().copied().unwrap_or(0)
    }

    /// The smallest value whose inclusive rank is at least `rank`.
    fn quantile(&self, rank: f64) -> Option<f64> {
        let n = self.n();
        if n == 0 {
            return None;
        }
        // 0-based position in the fully expanded sorted list.
        let i = ((rank * n as f64).ceil() as u64).clamp(1, n) - 1;
        let at = self.at_or_below.partition_point(|c| *c <= i);
        self.values.get(at).copied()
    }

    /// Share of values for which `keep(v)` holds, `keep` true on a prefix of the order.
    fn share_of_prefix(&self, keep: impl Fn(f64) -> bool) -> Option<f64> {
        let n = self.n();
        if n == 0 {
            return None;
        }
        let end = self.values.partition_point(|v| keep(*v));
        let below = if end == 0 {
            0
        } else {
            self.at_or_below[end - 1]
        };
        Some(below as f64 / n as f64)
    }
}

fn new_kll() -> Kll {
    KllSketch::new(K).expect("K is a valid KLL size")
}

fn feed(kll: &mut Kll, value: f64, count: u64) {
    if let Ok(v) = KllFloat::<f64>::new(value) {
        for _ in 0..count {
            kll.update(v);
        }
    }
}

/// Sorts `values` and feeds them to `kll`, leaving `values` empty.
fn feed_sorted(kll: &mut Kll, values: &mut Vec<f64>) {
    radsort::sort(values);
    values.drain(..).for_each(|v| feed(kll, v, 1));
}

/// A KLL sketch holding the same values as `inner`, which it takes over.
fn into_kll(inner: Inner) -> Kll {
    match inner {
        Inner::Exact(mut values) => {
            let mut kll = new_kll();
            feed_sorted(&mut kll, &mut values);
            kll
        }
        Inner::Counted(counted) => {
            let mut kll = new_kll();
            for (v, n) in counted.pairs() {
                feed(&mut kll, v, n);
            }
            kll
        }
        Inner::Kll(kll) => kll,
    }
}

impl QuantileSketch {
    /// Observes one value; NaN is ignored (callers count it separately).
    pub fn update(&mut self, value: f64) {
        self.update_n(value, 1);
    }

    /// Observes `count` occurrences of one value; NaN is ignored.
    pub fn update_n(&mut self, value: f64, count: u64) {
        if value.is_nan() || count == 0 {
            return;
        }
        self.view.take();
        match &mut self.inner {
            Inner::Exact(values) if values.len() as u64 + count <= EXACT_LIMIT as u64 => {
                values.extend(std::iter::repeat_n(value, count as usize));
            }
            Inner::Exact(values) => {
                self.inner = match Counted::of(values) {
                    Some(counted) => Inner::Counted(counted),
                    None => Inner::Kll(into_kll(Inner::Exact(std::mem::take(values)))),
                };
                self.update_n(value, count);
            }
            Inner::Counted(counted) => {
                if !counted.add(value, count) {
                    let mut kll = into_kll(Inner::Counted(std::mem::take(counted)));
                    feed(&mut kll, value, count);
                    self.inner = Inner::Kll(kll);
                }
            }
            // A value repeated more than the buffer holds goes in directly; what waits can wait.
            Inner::Kll(kll) if count > PENDING as u64 => feed(kll, value, count),
            Inner::Kll(kll) => {
                self.pending
                    .extend(std::iter::repeat_n(value, count as usize));
                if self.pending.len() >= PENDING {
                    feed_sorted(kll, &mut self.pending);
                }
            }
        }
    }

    /// Moves the values waiting for the KLL sketch into it. Queries and the stored form give the
    /// same answers before and after; after, they need not copy the sketch to answer.
    pub fn settle(&mut self) {
        if let Inner::Kll(kll) = &mut self.inner {
            feed_sorted(kll, &mut self.pending);
        }
    }

    /// The KLL sketch with the waiting values in it, if the values went to one.
    fn kll(&self) -> Option<Cow<'_, Kll>> {
        match &self.inner {
            Inner::Kll(kll) => Some(self.settled(kll)),
            _ => None,
        }
    }

    /// `kll` (this sketch's) with the waiting values in it: a copy if any are waiting.
    fn settled<'a>(&self, kll: &'a Kll) -> Cow<'a, Kll> {
        if self.pending.is_empty() {
            return Cow::Borrowed(kll);
        }
        let mut settled = kll.clone();
        feed_sorted(&mut settled, &mut self.pending.clone());
        Cow::Owned(settled)
    }

    /// Folds another sketch into this one.
    pub fn merge(&mut self, other: &QuantileSketch) {
        self.view.take();
        match &other.inner {
            Inner::Kll(theirs) => {
                let theirs = other.settled(theirs);
                let mut kll = into_kll(std::mem::take(&mut self.inner));
                // Same K and item type on both sides: the only failure the library names.
                let _ = kll.merge(&theirs);
                self.inner = Inner::Kll(kll);
            }
            Inner::Exact(theirs) => {
                if let Inner::Exact(mine) = &mut self.inner
                    && mine.len() + theirs.len() <= EXACT_LIMIT
                {
                    mine.extend_from_slice(theirs);
                    return;
                }
                for v in theirs {
                    self.update_n(*v, 1);
                }
            }
            Inner::Counted(theirs) => {
                for (v, n) in theirs.pairs() {
                    self.update_n(v, n);
                }
            }
        }
    }

    /// Number of values observed.
    pub fn count(&self) -> u64 {
        match &self.inner {
            Inner::Exact(values) => values.len() as u64,
            Inner::Counted(counted) => counted.n,
            Inner::Kll(kll) => kll.n() + self.pending.len() as u64,
        }
    }

    /// Every distinct value seen, sorted, while the quantiles are exact; `None` once a KLL
    /// sketch holds them.
    pub fn exact_values(&self) -> Option<&[f64]> {
        self.sorted().map(|s| s.values.as_slice())
    }

    /// Whether the quantiles are exact (every value kept, or counted per distinct value).
    pub fn is_exact(&self) -> bool {
        !matches!(self.inner, Inner::Kll(_))
    }

    fn sorted(&self) -> Option<&Sorted> {
        match &self.inner {
            Inner::Exact(values) => Some(self.view.get_or_init(|| Sorted::of_values(values))),
            Inner::Counted(counted) => Some(
                self.view
                    .get_or_init(|| Sorted::from_pairs(counted.pairs())),
            ),
            Inner::Kll(_) => None,
        }
    }

    /// The value at normalised rank `rank` (0..=1): the smallest value whose rank is at least
    /// `rank`. `None` when the sketch is empty.
    pub fn quantile(&self, rank: f64) -> Option<f64> {
        let rank = rank.clamp(0.0, 1.0);
        match (&self.inner, self.sorted()) {
            (_, Some(sorted)) => sorted.quantile(rank),
            (Inner::Kll(_), None) => self
                .kll()?
                .quantile(rank, SearchCriteria::Inclusive)
                .ok()
                .flatten()
                .map(KllFloat::into_inner),
            (_, None) => None,
        }
    }

    /// Normalised rank of `value`: the (estimated) share of observed values `<= value`.
    pub fn rank(&self, value: f64) -> Option<f64> {
        self.rank_by(value, SearchCriteria::Inclusive)
    }

    /// Normalised exclusive rank of `value`: the (estimated) share of observed values `< value`.
    pub fn rank_below(&self, value: f64) -> Option<f64> {
        self.rank_by(value, SearchCriteria::Exclusive)
    }

    fn rank_by(&self, value: f64, criteria: SearchCriteria) -> Option<f64> {
        if value.is_nan() {
            return None;
        }
        match (&self.inner, self.sorted()) {
            (_, Some(sorted)) => match criteria {
                SearchCriteria::Inclusive => sorted.share_of_prefix(|v| v <= value),
                SearchCriteria::Exclusive => sorted.share_of_prefix(|v| v < value),
            },
            (Inner::Kll(_), None) => {
                let v = KllFloat::<f64>::new(value).ok()?;
                self.kll()?.rank(&v, criteria)
            }
            (_, None) => None,
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
            Inner::Kll(kll) => kll.normalized_rank_error(),
            _ => 0.0,
        }
    }
}

/// The stored form: the KLL sketch's binary form; while every value is kept, `{"exact": the
/// values as little-endian f64, sorted}`; while values are counted, `{"counts": (value as
/// little-endian f64, count as little-endian u64) pairs in ascending order of value}`. Bytes are
/// base64 text in JSON ([`encoding`]).
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum Stored {
    Kll(Blob),
    Exact { exact: Blob },
    Counted { counts: Blob },
}

impl Serialize for QuantileSketch {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let stored = match &self.inner {
            Inner::Kll(kll) => {
                return encoding::serialize(&self.settled(kll).serialize(), serializer);
            }
            Inner::Exact(values) => {
                let mut sorted = values.clone();
                sorted.sort_by(f64::total_cmp);
                let bytes: Vec<u8> = sorted.iter().flat_map(|v| v.to_le_bytes()).collect();
                Stored::Exact {
                    exact: Blob::Bytes(bytes),
                }
            }
            Inner::Counted(counted) => {
                let bytes: Vec<u8> = counted
                    .pairs()
                    .iter()
                    .flat_map(|(v, n)| v.to_le_bytes().into_iter().chain(n.to_le_bytes()))
                    .collect();
                Stored::Counted {
                    counts: Blob::Bytes(bytes),
                }
            }
        };
        stored.serialize(serializer)
    }
}

fn invalid(reason: String) -> super::SketchError {
    super::SketchError {
        sketch: "quantiles",
        reason,
    }
}

fn le_f64(bytes: &[u8]) -> f64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&bytes[..8]);
    f64::from_le_bytes(b)
}

fn le_u64(bytes: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&bytes[..8]);
    u64::from_le_bytes(b)
}

impl<'de> Deserialize<'de> for QuantileSketch {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let inner = match Stored::deserialize(deserializer)? {
            Stored::Kll(kll) => {
                let bytes = kll.into_bytes("quantiles").map_err(D::Error::custom)?;
                let kll = KllSketch::deserialize(&bytes)
                    .map_err(|e| D::Error::custom(invalid(e.to_string())))?;
                Inner::Kll(kll)
            }
            Stored::Exact { exact } => {
                let bytes = exact.into_bytes("quantiles").map_err(D::Error::custom)?;
                if bytes.len() % 8 != 0 || bytes.len() / 8 > EXACT_LIMIT {
                    let reason = format!("exact values of {} bytes", bytes.len());
                    return Err(D::Error::custom(invalid(reason)));
                }
                let values = bytes.chunks_exact(8).map(le_f64).filter(|v| !v.is_nan());
                Inner::Exact(values.collect())
            }
            Stored::Counted { counts } => {
                let bytes = counts.into_bytes("quantiles").map_err(D::Error::custom)?;
                if bytes.len() % 16 != 0 || bytes.len() / 16 > COUNTED_LIMIT {
                    let reason = format!("value counts of {} bytes", bytes.len());
                    return Err(D::Error::custom(invalid(reason)));
                }
                let mut counted = Counted::default();
                for pair in bytes.chunks_exact(16) {
                    let (v, n) = (le_f64(pair), le_u64(&pair[8..]));
                    let repeated = counted.counts.contains_key(&v.to_bits());
                    if v.is_nan() || n == 0 || repeated || counted.n.checked_add(n).is_none() {
                        let reason = format!("invalid count {n} of value {v}");
                        return Err(D::Error::custom(invalid(reason)));
                    }
                    counted.add(v, n);
                }
                Inner::Counted(counted)
            }
        };
        Ok(Self {
            inner,
            pending: Vec::new(),
            view: OnceLock::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;

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
    fn values_waiting_for_the_sketch_are_counted_and_answered_for() {
        // Past the exact limit, a last run of large values is still waiting in the buffer: the
        // count, the quantiles, the ranks, a merge and the stored form all see it.
        let n = 100_000u64;
        let waiting = 1_000u64;
        let mut q = QuantileSketch::default();
        for i in 0..n - waiting {
            q.update(((i * 7_919) % (n - waiting)) as f64);
        }
        for i in 0..waiting {
            q.update(1e9 + i as f64);
        }
        assert!(!q.pending.is_empty(), "some values are still waiting");
        assert_eq!(q.count(), n);
        let p995 = q.quantile(0.995).unwrap();
        assert!(p995 >= 1e9, "the waiting values are the top 1%: {p995}");
        assert!((q.rank_below(1e9).unwrap() - 0.99).abs() < 0.01);
        let mut merged = QuantileSketch::default();
        merged.merge(&q);
        assert_eq!(merged.count(), n);
        assert!(merged.quantile(0.995).unwrap() >= 1e9);
        let stored: QuantileSketch =
            serde_json::from_str(&serde_json::to_string(&q).unwrap()).unwrap();
        assert_eq!(stored.count(), n);
        assert!(stored.quantile(0.995).unwrap() >= 1e9);
        q.settle();
        assert!(q.pending.is_empty());
        assert_eq!(q.count(), n);
        assert!(q.quantile(0.995).unwrap() >= 1e9);
    }

    #[test]
    fn a_sketch_of_another_k_merges_at_the_larger_error() {
        // Profiles written before k was raised to 800 hold k = 400 sketches: they read and
        // merge, and the merged sketch answers within the error of the smaller k.
        let n = 200_000u64;
        let mut old: Kll = KllSketch::new(400).unwrap();
        for i in 0..n {
            feed(&mut old, ((i * 7_919) % n) as f64, 1);
        }
        let old = QuantileSketch {
            inner: Inner::Kll(old),
            ..QuantileSketch::default()
        };
        let stored: QuantileSketch =
            serde_json::from_str(&serde_json::to_string(&old).unwrap()).unwrap();
        let mut merged = QuantileSketch::default();
        for i in 0..n {
            merged.update((n + (i * 7_919) % n) as f64);
        }
        assert!(merged.rank_error() < stored.rank_error());
        merged.merge(&stored);
        assert_eq!(merged.count(), 2 * n);
        assert_eq!(merged.rank_error(), stored.rank_error());
        // The values are 0..2n, each once: the true rank of v is (v + 1) / 2n.
        for rank in [0.1, 0.25, 0.5, 0.75, 0.9] {
            let v = merged.quantile(rank).unwrap();
            let true_rank = (v + 1.0) / (2 * n) as f64;
            assert!(
                (true_rank - rank).abs() <= merged.rank_error(),
                "rank {rank}: {v}"
            );
        }
    }

    #[test]
    fn kll_form_round_trips_byte_for_byte() {
        // Past both exact forms, with values still waiting for the sketch: the stored form, read
        // back and written again, is the same text.
        let mut q = QuantileSketch::default();
        for i in 0..300_001u64 {
            q.update(((i * 7_919) % 300_007) as f64 / 3.0);
        }
        assert!(!q.is_exact() && !q.pending.is_empty());
        let json = serde_json::to_string(&q).unwrap();
        let back: QuantileSketch = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
        assert_eq!(back.count(), q.count());
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

    /// numpy's `inverted_cdf` quantile and the share `<= x`, on the fully expanded sorted list.
    fn reference(values: &[f64]) -> (impl Fn(f64) -> f64, impl Fn(f64) -> f64) {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        let for_rank = sorted.clone();
        let quantile = move |r: f64| {
            let n = for_rank.len();
            for_rank[((r * n as f64).ceil() as usize).clamp(1, n) - 1]
        };
        let rank =
            move |x: f64| sorted.iter().filter(|v| **v <= x).count() as f64 / sorted.len() as f64;
        (quantile, rank)
    }

    /// Text lengths of a long column: 5..=24, skewed towards the short end.
    fn lengths(n: u64, salt: u64) -> Vec<f64> {
        (0..n)
            .map(|i| {
                let h = (i + salt).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
                (5 + (h % 20) * (h % 7) / 6) as f64
            })
            .collect()
    }

    #[test]
    fn few_distinct_values_stay_exact_past_the_limit() {
        let values = lengths(200_000, 0);
        let mut q = QuantileSketch::default();
        for v in &values {
            q.update(*v);
        }
        assert!(q.is_exact());
        assert_eq!(q.rank_error(), 0.0);
        assert_eq!(q.count(), 200_000);
        let (quantile, rank) = reference(&values);
        for r in [0.0, 0.01, 0.25, 0.5, 0.75, 0.99, 1.0] {
            assert_eq!(q.quantile(r), Some(quantile(r)), "rank {r}");
        }
        for x in [4.0, 5.0, 9.5, 12.0, 24.0, 30.0] {
            assert_eq!(q.rank(x), Some(rank(x)), "value {x}");
        }
        let below = values.iter().filter(|v| **v < 12.0).count() as f64 / values.len() as f64;
        assert_eq!(q.rank_below(12.0), Some(below));
        let distinct: std::collections::BTreeSet<u64> = values.iter().map(|v| *v as u64).collect();
        assert_eq!(q.exact_values().map(<[f64]>::len), Some(distinct.len()));
    }

    #[test]
    fn counts_given_at_once_equal_counts_given_one_by_one() {
        let mut one_by_one = QuantileSketch::default();
        let mut at_once = QuantileSketch::default();
        for (v, n) in [(3.0, 40_000), (1.0, 7), (2.0, 1), (3.0, 5)] {
            for _ in 0..n {
                one_by_one.update(v);
            }
            at_once.update_n(v, n);
        }
        assert!(at_once.is_exact());
        let json = serde_json::to_string(&at_once).unwrap();
        assert_eq!(json, serde_json::to_string(&one_by_one).unwrap());
        assert!(json.contains("\"counts\""), "{json}");
    }

    #[test]
    fn too_many_distinct_values_move_to_kll_with_the_counts_so_far() {
        // 40,000 values over 4,000 distinct, then 10,000 new distinct ones.
        let values: Vec<f64> = (0..40_000u64)
            .map(|i| (i % 4_000) as f64)
            .chain((0..10_000).map(|i| 10_000.0 + i as f64))
            .collect();
        let mut q = QuantileSketch::default();
        for (i, v) in values.iter().enumerate() {
            q.update(*v);
            if i == 39_999 {
                assert!(q.is_exact(), "4,000 distinct values are counted");
            }
        }
        assert!(!q.is_exact());
        assert_eq!(q.count(), 50_000);
        let (_, rank) = reference(&values);
        for r in [0.1, 0.5, 0.79, 0.9] {
            let v = q.quantile(r).unwrap();
            assert!((rank(v) - r).abs() < 0.01, "rank {r}: value {v}");
        }
    }

    #[test]
    fn merges_across_forms_equal_one_sketch_of_everything() {
        let (a, b) = (lengths(50_000, 1), lengths(20_000, 2));
        let small = [7.0, 7.0, 31.0];
        let of = |values: &[f64]| {
            let mut q = QuantileSketch::default();
            values.iter().for_each(|v| q.update(*v));
            q
        };
        // counted + counted, counted + exact, exact + counted
        for (left, right) in [(&a[..], &b[..]), (&a[..], &small[..]), (&small[..], &a[..])] {
            let mut merged = of(left);
            merged.merge(&of(right));
            let whole: Vec<f64> = left.iter().chain(right).copied().collect();
            assert!(merged.is_exact());
            assert_eq!(
                serde_json::to_string(&merged).unwrap(),
                serde_json::to_string(&of(&whole)).unwrap()
            );
        }
        // counted + KLL keeps every value, within the rank error.
        let many: Vec<f64> = (0..50_000).map(|i| 100.0 + i as f64).collect();
        let mut merged = of(&a);
        merged.merge(&of(&many));
        assert_eq!(merged.count(), 100_000);
        let whole: Vec<f64> = a.iter().chain(&many).copied().collect();
        let (_, rank) = reference(&whole);
        let v = merged.quantile(0.5).unwrap();
        assert!((rank(v) - 0.5).abs() < 0.01, "median {v}");
    }

    #[test]
    fn counted_form_round_trips_and_rejects_damage() {
        let mut q = QuantileSketch::default();
        for v in lengths(40_000, 3) {
            q.update(v);
        }
        let json = serde_json::to_string(&q).unwrap();
        let back: QuantileSketch = serde_json::from_str(&json).unwrap();
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
        assert_eq!(back.count(), 40_000);
        // A pair cut short, and a zero count.
        let cut = r#"{"counts":"AAAAAAAA8D8="}"#;
        assert!(serde_json::from_str::<QuantileSketch>(cut).is_err());
        let zero = STANDARD.encode([1.0f64.to_le_bytes(), 0u64.to_le_bytes()].concat());
        let zero = format!(r#"{{"counts":"{zero}"}}"#);
        assert!(serde_json::from_str::<QuantileSketch>(&zero).is_err());
    }

    #[test]
    fn ignores_nan() {
        let mut q = QuantileSketch::default();
        q.update(f64::NAN);
        q.update(1.0);
        assert_eq!(q.count(), 1);
    }
}
