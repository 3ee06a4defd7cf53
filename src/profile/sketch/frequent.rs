//! Frequent values (heavy hitters) with DataSketches' frequent-items sketch.
//!
//! A map of 256 slots keeps counts exact while a column has fewer than 192 distinct values
//! (DataSketches: exact below `0.75 * max_map_size`), and otherwise bounds every count's error
//! by `3.5 / 256` (1.4%) of the column's non-null values. Text is kept as text, integers and
//! temporal values as `i64`, floating-point values by their bit pattern, so numeric columns
//! never pay for formatting a string per value.
//!
//! Past its exact capacity the sketch spends most of its time on values it drops again: on a
//! column of distinct values every value is inserted, and removed by the next purge. So once a
//! sketch has purged, [`FrequentValues::update_rows`] (and its numeric twins) count each batch
//! first and take one Misra-Gries step on the batch: with `cut` the count of the value ranked
//! just past what the map keeps (1 on a batch of distinct values), values counted more than
//! `cut` times go in with their counts, and the others only add to the total, with `cut` more
//! error (each of them may now be counted up to `cut` short). The bounds stay what DataSketches
//! guarantees (every true count between an estimate's lower and upper bound, an untracked
//! value's at most the maximum error), and the error grows by one per batch of distinct values
//! instead of by one per purge. A batch's cut is at most 1/193 of its values (193 values counted
//! at least `cut` times each), so the error stays within the sketch's 1.4% plus 0.5% of the
//! non-null values. On the 1M-row benchmark table it fell from 5,181 to about 205 on the
//! columns of distinct values (ids, floats, free text, UUIDs) and to 343–2,892 on columns of a
//! few thousand values, and grew on the one column of some hundred evenly spread values
//! (`store_id`, 6,374 → 9,090: each batch's cut is then the count of a typical value).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hash};

use datasketches::frequencies::{ErrorType, FrequentItemValue, FrequentItemsSketch};
use foldhash::fast::FixedState;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::SketchError;
use super::encoding::Blob;
use super::text_item::TextItem;
use crate::profile::float_bits;

/// Slots in the sketch's map (a power of two).
const MAP_SIZE: usize = 256;

/// Mergeable counts of the most frequent non-null values of one column.
#[derive(Clone, Debug)]
pub enum FrequentValues {
    /// Text values (and anything rendered as text), stored as DataSketches stores strings.
    Text(FrequentItemsSketch<TextItem>),
    /// Integers, and temporal values as microseconds since the epoch.
    Int(FrequentItemsSketch<i64>),
    /// Floating-point values, keyed by `f64::to_bits`.
    Float(FrequentItemsSketch<u64>),
}

/// One frequent value with its estimated count and the count's guaranteed bounds.
#[derive(Clone, Debug, PartialEq)]
pub struct FrequentValue {
    /// The value.
    pub value: FrequentKey,
    /// Estimated number of rows holding it.
    pub count: u64,
    /// The true count is at least this.
    pub lower_bound: u64,
    /// The true count is at most this.
    pub upper_bound: u64,
}

/// A frequent value, typed as the sketch keeps it.
#[derive(Clone, Debug, PartialEq)]
pub enum FrequentKey {
    /// A text value.
    Text(String),
    /// An integer or temporal value.
    Int(i64),
    /// A floating-point value.
    Float(f64),
}

fn new_sketch<T: Eq + std::hash::Hash>() -> FrequentItemsSketch<T> {
    FrequentItemsSketch::new(MAP_SIZE).expect("MAP_SIZE is a valid map size")
}

/// Feeds the keys of one batch to `sketch`: one by one while it counts exactly, else counted
/// first, with the keys counted no more than the cut left out (see the module documentation).
fn feed_batch<K, T>(
    sketch: &mut FrequentItemsSketch<T>,
    keys: impl Iterator<Item = K>,
    item: impl Fn(K) -> T,
    count: impl Fn(&[K]) -> Vec<(K, u64)>,
) where
    K: Eq + Hash + Copy,
    T: FrequentItemValue + Eq + Hash + Clone,
{
    if sketch.maximum_error() == 0 {
        keys.for_each(|k| sketch.update(item(k)));
        return;
    }
    let keys: Vec<K> = keys.collect();
    let mut counts = count(&keys);
    // The count of the value ranked just past what the map keeps: values counted no more than
    // this are left out, the Misra-Gries step on the batch itself.
    let cut = if counts.len() > FrequentValues::EXACT_CAPACITY {
        let (_, at, _) = counts
            .select_nth_unstable_by_key(FrequentValues::EXACT_CAPACITY, |e| std::cmp::Reverse(e.1));
        at.1
    } else {
        0
    };
    let mut left_out = 0;
    for (k, n) in counts {
        if n > cut {
            sketch.update_with_count(item(k), n);
        } else {
            left_out += n;
        }
    }
    if left_out > 0 {
        sketch.merge(&uncounted(sketch.lg_max_map_size(), left_out, cut));
    }
}

/// Each distinct text value of a batch once, with the number of times it occurs: by sorting
/// ([`counts_by_sorting`]) when the batch's first values are mostly distinct, else in a map.
fn text_counts<'a>(keys: &[&'a str]) -> Vec<(&'a str, u64)> {
    let sample = &keys[..keys.len().min(SAMPLE)];
    let distinct: HashSet<&&str, FixedState> = sample.iter().collect();
    if distinct.len() * 2 > sample.len() {
        counts_by_sorting(keys)
    } else {
        counts_in_map(keys)
    }
}

/// Values sampled from the start of a batch to choose how [`text_counts`] counts it.
const SAMPLE: usize = 256;

/// Each distinct key of `keys` once, with the number of times it occurs, counted in a hash map.
fn counts_in_map<K: Eq + Hash + Copy>(keys: &[K]) -> Vec<(K, u64)> {
    // Sized for the batch at once: growing by doubling rehashed every key several times.
    let mut counts: HashMap<K, u64, FixedState> =
        HashMap::with_capacity_and_hasher(keys.len(), FixedState::default());
    keys.iter()
        .for_each(|&k| *counts.entry(k).or_default() += 1);
    counts.into_iter().collect()
}

/// Each distinct key of `keys` once, with the number of times it occurs, found by sorting the
/// keys' hashes.
///
/// On a batch of mostly distinct text values, a hash map's probes land all over a table larger
/// than the cache, while a radix sort's passes read and write in order (measured: 2–4% less
/// time on five columns of such text). On a batch of a few hundred values repeated the map is
/// small and faster, and so it is on numbers, whose entries are half as large (5% more time on
/// seven numeric columns by sorting).
///
/// Each key is sorted as one `u64`: the high bits of its hash above its position in the batch.
/// Keys whose hash bits are equal are told apart by comparing them, so the counts are exact
/// whatever collides. The result is in the order of the hashes, the same on every run.
fn counts_by_sorting<K: Eq + Hash + Copy>(keys: &[K]) -> Vec<(K, u64)> {
    let hasher = FixedState::default();
    // Bits that hold any position in the batch.
    let position_bits = u64::BITS - (keys.len().max(1) as u64 - 1).leading_zeros();
    let positions = (1u64 << position_bits) - 1;
    let mut sorted: Vec<u64> = keys
        .iter()
        .enumerate()
        .map(|(at, k)| (hasher.hash_one(k) & !positions) | at as u64)
        .collect();
    radsort::sort(&mut sorted);
    let mut counts: Vec<(K, u64)> = Vec::with_capacity(keys.len());
    for group in sorted.chunk_by(|a, b| (a ^ b) & !positions == 0) {
        let first = counts.len();
        for &entry in group {
            let key = keys[(entry & positions) as usize];
            match counts[first..].iter_mut().find(|(k, _)| *k == key) {
                Some((_, n)) => *n += 1,
                None => counts.push((key, 1)),
            }
        }
    }
    counts
}

/// A sketch that keeps no values, only a total `weight` and a maximum `error`: merged into
/// another, it adds `weight` values that the other does not track, each of whose counts it may
/// now underestimate by `error`.
///
/// The library has no call that adds to a sketch's error, so this is read from an image in
/// DataSketches' serial form (see [`PREAMBLE_LONGS`]) that holds no items.
fn uncounted<T>(lg_max_map_size: u8, weight: u64, error: u64) -> FrequentItemsSketch<T>
where
    T: FrequentItemValue + Eq + Hash,
{
    /// The smallest map a sketch allocates (DataSketches' `LG_MIN_MAP_SIZE`).
    const LG_MIN_MAP_SIZE: u8 = 3;
    let mut bytes = vec![
        PREAMBLE_LONGS,
        SERIAL_VERSION,
        FREQUENCY_FAMILY,
        lg_max_map_size,
        LG_MIN_MAP_SIZE,
        0, // flags: not empty
        0,
        0,
    ];
    bytes.extend_from_slice(&0u64.to_le_bytes()); // no items
    bytes.extend_from_slice(&weight.to_le_bytes());
    bytes.extend_from_slice(&error.to_le_bytes());
    FrequentItemsSketch::deserialize(&bytes).expect("a well-formed image without items")
}

impl FrequentValues {
    /// Distinct values a sketch counts exactly, in any order (`0.75 * MAP_SIZE`). Past this,
    /// its estimates depend on the order in which values arrive.
    pub const EXACT_CAPACITY: usize = MAP_SIZE * 3 / 4;

    /// An empty sketch for text values.
    pub fn text() -> Self {
        Self::Text(new_sketch())
    }

    /// An empty sketch for integer and temporal values.
    pub fn int() -> Self {
        Self::Int(new_sketch())
    }

    /// An empty sketch for floating-point values.
    pub fn float() -> Self {
        Self::Float(new_sketch())
    }

    /// Observes a text value `count` times (ignored unless this is a text sketch).
    pub fn update_str(&mut self, value: &str, count: u64) {
        if let Self::Text(s) = self {
            s.update_with_count(TextItem::new(value), count);
        }
    }

    /// Observes the text values of one batch, each once, in row order (ignored unless this is a
    /// text sketch). See the module documentation.
    pub fn update_rows<'a>(&mut self, values: impl Iterator<Item = &'a str>) {
        if let Self::Text(s) = self {
            feed_batch(s, values, TextItem::new, text_counts);
        }
    }

    /// Observes the integers of one batch, each once, in row order (ignored unless this is an
    /// integer sketch). See the module documentation.
    pub fn update_int_rows(&mut self, values: impl Iterator<Item = i64>) {
        if let Self::Int(s) = self {
            feed_batch(s, values, |v| v, counts_in_map);
        }
    }

    /// Observes the floats of one batch, each once, in row order (ignored unless this is a
    /// float sketch). See the module documentation.
    pub fn update_float_rows(&mut self, values: impl Iterator<Item = f64>) {
        if let Self::Float(s) = self {
            feed_batch(s, values.map(float_bits), |k| k, counts_in_map);
        }
    }

    /// Folds another sketch of the same kind into this one; returns `false` on a kind mismatch.
    pub fn merge(&mut self, other: &FrequentValues) -> bool {
        match (self, other) {
            (Self::Text(a), Self::Text(b)) => a.merge(b),
            (Self::Int(a), Self::Int(b)) => a.merge(b),
            (Self::Float(a), Self::Float(b)) => a.merge(b),
            _ => return false,
        }
        true
    }

    /// Total weight observed (the number of non-null values).
    pub fn total(&self) -> u64 {
        match self {
            Self::Text(s) => s.total_weight(),
            Self::Int(s) => s.total_weight(),
            Self::Float(s) => s.total_weight(),
        }
    }

    /// The largest error of any estimated count; 0 while the sketch counts exactly (every value
    /// it saw is tracked with its true count).
    pub fn maximum_error(&self) -> u64 {
        match self {
            Self::Text(s) => s.maximum_error(),
            Self::Int(s) => s.maximum_error(),
            Self::Float(s) => s.maximum_error(),
        }
    }

    /// Whether every value seen is tracked with its exact count.
    pub fn is_exact(&self) -> bool {
        self.maximum_error() == 0
    }

    /// The estimated count of one value (0 when it is not tracked, in which case its true count
    /// is at most [`maximum_error`](Self::maximum_error)). A key of another kind counts 0.
    pub fn estimate(&self, key: &FrequentKey) -> u64 {
        match (self, key) {
            (Self::Text(s), FrequentKey::Text(v)) => s.estimate(&TextItem::new(v)),
            (Self::Int(s), FrequentKey::Int(v)) => s.estimate(v),
            (Self::Float(s), FrequentKey::Float(v)) => s.estimate(&float_bits(*v)),
            _ => 0,
        }
    }

    /// The most frequent values, most frequent first, ties broken by value, at most `n`.
    ///
    /// Uses the "no false negatives" rule: every value whose true count could exceed the
    /// sketch's maximum error is listed.
    pub fn top(&self, n: usize) -> Vec<FrequentValue> {
        fn rows<T: Clone + Eq + std::hash::Hash>(
            s: &FrequentItemsSketch<T>,
            key: impl Fn(&T) -> FrequentKey,
        ) -> Vec<FrequentValue> {
            s.frequent_items(ErrorType::NoFalseNegatives)
                .iter()
                .map(|r| FrequentValue {
                    value: key(r.item()),
                    count: r.estimate(),
                    lower_bound: r.lower_bound(),
                    upper_bound: r.upper_bound(),
                })
                .collect()
        }
        let mut all = match self {
            Self::Text(s) => rows(s, |v| FrequentKey::Text(v.text())),
            Self::Int(s) => rows(s, |v| FrequentKey::Int(*v)),
            Self::Float(s) => rows(s, |v| FrequentKey::Float(f64::from_bits(*v))),
        };
        all.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.value.cmp_key(&b.value))
        });
        all.truncate(n);
        all
    }

    fn tag(&self) -> &'static str {
        match self {
            Self::Text(_) => "text",
            Self::Int(_) => "int",
            Self::Float(_) => "float",
        }
    }
}

impl FrequentKey {
    fn cmp_key(&self, other: &FrequentKey) -> std::cmp::Ordering {
        match (self, other) {
            (Self::Text(a), Self::Text(b)) => a.cmp(b),
            (Self::Int(a), Self::Int(b)) => a.cmp(b),
            (Self::Float(a), Self::Float(b)) => a.total_cmp(b),
            _ => std::cmp::Ordering::Equal,
        }
    }
}

#[derive(Serialize, Deserialize)]
struct Stored {
    kind: String,
    sketch: Blob,
}

/// DataSketches' serial form of a non-empty frequent-items sketch (serial version 1, the one every
/// implementation reads) starts with a preamble of this many 8-byte words: preamble size, serial
/// version, family, the logarithms of the largest and the current map size, flags; the number of
/// items; the total weight; the maximum error. The items' counts and then the items follow.
const PREAMBLE_LONGS: u8 = 4;
/// Bytes of that preamble.
const PREAMBLE_BYTES: usize = 8 * PREAMBLE_LONGS as usize;
/// The serial version of that form.
const SERIAL_VERSION: u8 = 1;
/// DataSketches' family id of the frequent-items sketch.
const FREQUENCY_FAMILY: u8 = 10;

/// Rewrites a frequent-items image with its entries sorted by item bytes.
///
/// DataSketches writes entries in hash-map order, which depends on the order items arrived, so
/// the same sketch read back and written again could give other bytes. Any entry order is a
/// valid image (the reader inserts them one by one); sorting makes the bytes a function of the
/// sketch's contents, so profile files round-trip byte for byte. `text_items` says whether items
/// are length-prefixed strings (else 8-byte numbers). An image this code does not understand is
/// returned unchanged.
fn canonical(bytes: Vec<u8>, text_items: bool) -> Vec<u8> {
    let Some(header) = bytes.get(..PREAMBLE_BYTES) else {
        return bytes;
    };
    if header[0] & 0x3F != PREAMBLE_LONGS {
        return bytes; // the empty image has no entries
    }
    let n = u32::from_le_bytes([header[8], header[9], header[10], header[11]]) as usize;
    let counts_end = PREAMBLE_BYTES + 8 * n;
    let Some(counts) = bytes.get(PREAMBLE_BYTES..counts_end) else {
        return bytes;
    };
    let mut items: Vec<&[u8]> = Vec::with_capacity(n);
    let mut at = counts_end;
    for _ in 0..n {
        let len = if text_items {
            match bytes.get(at..at + 4) {
                Some(l) => 4 + u32::from_le_bytes([l[0], l[1], l[2], l[3]]) as usize,
                None => return bytes,
            }
        } else {
            8
        };
        match bytes.get(at..at + len) {
            Some(item) => items.push(item),
            None => return bytes,
        }
        at += len;
    }
    if at != bytes.len() {
        return bytes;
    }
    let mut entries: Vec<(&[u8], &[u8])> = items.into_iter().zip(counts.chunks_exact(8)).collect();
    entries.sort();
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(header);
    entries
        .iter()
        .for_each(|(_, count)| out.extend_from_slice(count));
    entries
        .iter()
        .for_each(|(item, _)| out.extend_from_slice(item));
    out
}

impl Serialize for FrequentValues {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let bytes = match self {
            Self::Text(s) => canonical(s.serialize(), true),
            Self::Int(s) => canonical(s.serialize(), false),
            Self::Float(s) => canonical(s.serialize(), false),
        };
        Stored {
            kind: self.tag().to_string(),
            sketch: Blob::Bytes(bytes),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for FrequentValues {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let stored = Stored::deserialize(deserializer)?;
        let bytes = stored
            .sketch
            .into_bytes("frequent")
            .map_err(serde::de::Error::custom)?;
        let bad = |e: datasketches::error::Error| {
            serde::de::Error::custom(SketchError {
                sketch: "frequent",
                reason: e.to_string(),
            })
        };
        Ok(match stored.kind.as_str() {
            "text" => Self::Text(FrequentItemsSketch::deserialize(&bytes).map_err(bad)?),
            "int" => Self::Int(FrequentItemsSketch::deserialize(&bytes).map_err(bad)?),
            "float" => Self::Float(FrequentItemsSketch::deserialize(&bytes).map_err(bad)?),
            other => {
                return Err(serde::de::Error::custom(format!(
                    "unknown frequent-values kind {other:?} (expected text, int or float)"
                )));
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks `counts` (each key once, with its count) against counts of `keys` by a plain map.
    fn assert_counts_of<K: Ord + Copy + std::fmt::Debug>(counts: &[(K, u64)], keys: &[K]) {
        let mut expected = std::collections::BTreeMap::new();
        keys.iter()
            .for_each(|&k| *expected.entry(k).or_default() += 1);
        let got: std::collections::BTreeMap<K, u64> = counts.iter().copied().collect();
        assert_eq!(got, expected);
        assert_eq!(counts.len(), expected.len(), "each key once");
    }

    #[test]
    fn batch_counts_are_exact_either_way() {
        // Mostly distinct text with some values repeated, as on a column of e-mail addresses
        // (sorted), and a few hundred values repeated, as on a column of city names or store
        // numbers (mapped).
        let emails: Vec<String> = (0..5_000u64)
            .map(|i| format!("user{}@example.com", i * 7_919 % 3_989))
            .collect();
        let keys: Vec<&str> = emails.iter().map(String::as_str).collect();
        assert_counts_of(&text_counts(&keys), &keys);
        assert_counts_of(&counts_by_sorting(&keys), &keys);
        let cities: Vec<String> = (0..5_000u64)
            .map(|i| format!("city-{}", i * 7_919 % 201))
            .collect();
        let keys: Vec<&str> = cities.iter().map(String::as_str).collect();
        assert_counts_of(&text_counts(&keys), &keys);
        let stores: Vec<i64> = (0..5_000i64).map(|i| i * 7_919 % 201 - 50).collect();
        assert_counts_of(&counts_in_map(&stores), &stores);
        assert_counts_of(&counts_by_sorting(&stores), &stores);

        // Every key hashes alike: the sorted counts come from comparing the keys.
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
        struct Colliding(u16);
        impl Hash for Colliding {
            fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
        }
        let keys: Vec<Colliding> = (0..300u32)
            .map(|i| Colliding((i * i % 251) as u16))
            .collect();
        assert_counts_of(&counts_by_sorting(&keys), &keys);
    }

    #[test]
    fn exact_counts_below_capacity_and_merge_adds() {
        let mut a = FrequentValues::text();
        let mut b = FrequentValues::text();
        a.update_str("NY", 5);
        a.update_str("CA", 2);
        b.update_str("NY", 1);
        b.update_str("TX", 3);
        assert!(a.merge(&b));
        let top = a.top(2);
        assert_eq!(top[0].value, FrequentKey::Text("NY".into()));
        assert_eq!(top[0].count, 6);
        assert_eq!(top[1].value, FrequentKey::Text("TX".into()));
        assert_eq!(a.total(), 11);
    }

    /// True counts of `rows`, by a plain map.
    fn counted(rows: &[String]) -> std::collections::BTreeMap<&str, u64> {
        let mut counts = std::collections::BTreeMap::new();
        rows.iter()
            .for_each(|v| *counts.entry(v.as_str()).or_default() += 1);
        counts
    }

    /// Every true count lies within the sketch's bounds, tracked or not.
    fn assert_bounds_hold(f: &FrequentValues, rows: &[String]) {
        let error = f.maximum_error();
        let tracked = f.top(usize::MAX);
        for (value, &n) in &counted(rows) {
            match tracked
                .iter()
                .find(|t| t.value == FrequentKey::Text(value.to_string()))
            {
                Some(t) => assert!(
                    t.lower_bound <= n && n <= t.upper_bound,
                    "{value}: {n} {t:?}"
                ),
                None => assert!(n <= error, "{value}: {n} untracked, error {error}"),
            }
        }
        assert_eq!(f.total(), rows.len() as u64);
    }

    #[test]
    fn batches_of_distinct_values_keep_the_bounds_and_the_error_small() {
        // Order ids, each once, with `N/A` in 3% of rows and a few ids repeated within a batch.
        let rows: Vec<String> = (0..100_000u64)
            .map(|i| match i {
                _ if i % 33 == 0 => "N/A".to_string(),
                _ if i % 101 == 0 => format!("ORD-{:08}", i - 1),
                _ => format!("ORD-{i:08}"),
            })
            .collect();
        let mut batched = FrequentValues::text();
        let mut one_by_one = FrequentValues::text();
        for batch in rows.chunks(8_192) {
            batched.update_rows(batch.iter().map(String::as_str));
            batch.iter().for_each(|v| one_by_one.update_str(v, 1));
        }
        assert_bounds_hold(&batched, &rows);
        assert_bounds_hold(&one_by_one, &rows);
        assert!(batched.maximum_error() * 5 < one_by_one.maximum_error());
        let na = counted(&rows)["N/A"];
        let top = batched.top(1);
        assert_eq!(top[0].value, FrequentKey::Text("N/A".into()));
        assert!(top[0].lower_bound > batched.maximum_error(), "{top:?}");
        assert!(top[0].lower_bound <= na && na <= top[0].upper_bound);
    }

    #[test]
    fn small_batches_after_a_purge_keep_the_bounds() {
        // A purged sketch, then batches of 150 values: under the capacity, so nothing is left
        // out, and their single values take the path past the repeated ones.
        let mut rows: Vec<String> = (0..5_000).map(|i| format!("u{i}")).collect();
        rows.extend((0..3_000).map(|i| match i % 3 {
            0 => "N/A".to_string(),
            1 => format!("r{}", i % 40),
            _ => format!("s{i}"),
        }));
        let mut f = FrequentValues::text();
        f.update_rows(rows[..5_000].iter().map(String::as_str));
        assert!(!f.is_exact());
        rows[5_000..]
            .chunks(150)
            .for_each(|b| f.update_rows(b.iter().map(String::as_str)));
        assert_bounds_hold(&f, &rows);
        assert_eq!(f.top(1)[0].value, FrequentKey::Text("N/A".into()));
    }

    #[test]
    fn batches_under_the_capacity_are_counted_exactly() {
        let rows: Vec<String> = (0..50_000).map(|i| format!("s{}", i * 7 % 150)).collect();
        let mut f = FrequentValues::text();
        rows.chunks(8_192)
            .for_each(|b| f.update_rows(b.iter().map(String::as_str)));
        assert!(f.is_exact());
        for (value, n) in counted(&rows) {
            assert_eq!(f.estimate(&FrequentKey::Text(value.into())), n);
        }
    }

    #[test]
    fn a_sketch_of_uncounted_values_adds_weight_and_error_only() {
        let mut f = new_sketch::<i64>();
        f.update_with_count(7, 3);
        f.merge(&uncounted(f.lg_max_map_size(), 10, 2));
        assert_eq!(f.total_weight(), 13);
        assert_eq!(f.maximum_error(), 2);
        assert_eq!(f.num_active_items(), 1);
        assert_eq!(f.lower_bound(&7), 3);
        assert_eq!(f.upper_bound(&7), 5);
    }

    #[test]
    fn kinds_do_not_merge() {
        let mut a = FrequentValues::int();
        assert!(!a.merge(&FrequentValues::text()));
    }

    #[test]
    fn images_are_canonical_whatever_the_arrival_order() {
        let mut a = FrequentValues::text();
        let mut b = FrequentValues::text();
        let words: Vec<String> = (0..150).map(|i| format!("w{}", i * 7919 % 1000)).collect();
        words.iter().for_each(|w| a.update_str(w, 1));
        words.iter().rev().for_each(|w| b.update_str(w, 1));
        let (ja, jb) = (
            serde_json::to_string(&a).unwrap(),
            serde_json::to_string(&b).unwrap(),
        );
        assert_eq!(ja, jb);
        let back: FrequentValues = serde_json::from_str(&ja).unwrap();
        assert_eq!(serde_json::to_string(&back).unwrap(), ja);
        assert_eq!(back.top(3), a.top(3));
    }

    #[test]
    fn float_sketch_round_trips() {
        let mut a = FrequentValues::float();
        a.update_float_rows([1.5, 1.5, -0.0].into_iter());
        let json = serde_json::to_string(&a).unwrap();
        let back: FrequentValues = serde_json::from_str(&json).unwrap();
        assert_eq!(back.top(1)[0].value, FrequentKey::Float(1.5));
        assert_eq!(serde_json::to_string(&back).unwrap(), json);
    }
}
