//! Exact duplicate counting for key-like columns, with bounded memory.
//!
//! A [`KeyTracker`] keeps the set of 64-bit fingerprints of the values it has seen: integers
//! (and temporal values) are their own fingerprint, so integer keys are counted exactly with no
//! collision at all; text and floating-point values are fingerprinted with XXH64 (seed 0, stable
//! across runs and platforms), so two different values collide with probability about
//! `n² / 2⁶⁵` (below 10⁻⁷ at two million keys). Duplicated rows are `values − |set|`, and the
//! set merges by union, so the count of a merged profile equals the count of the whole table.
//!
//! Memory is bounded per column:
//!
//! - A column whose name hints a key ([`is_key_name`]: `id`, `*_id`, `*id` in camel case, `key`,
//!   `*_key`, `uuid`, `guid`, …) keeps up to [`KEY_CAP`] fingerprints (16 MiB).
//! - Any other column is tracked too, so that a column unique in a baseline can be recognised
//!   as a key, but only up to [`OTHER_CAP`] fingerprints (512 KiB), and it is dropped as soon as
//!   more than [`OTHER_MAX_DUPLICATE_SHARE`] of at least [`OTHER_MIN_VALUES`] values repeat
//!   (a category or a measure, not a key), which frees its memory after a thousand rows.
//!
//! A scan of `P` partitions shares these budgets: while observing values, each partition's
//! tracker stops at `1/P` of the cap ([`KeyTracker::share_budget`]), and the merged tracker is
//! held to the whole cap. So memory per column stays within the cap however many partitions run
//! and however many rows the table has. A split so unbalanced that one partition holds more than
//! its share of distinct keys stops exact counting below the cap; the check then reports a lower
//! bound, as for any dropped tracker.
//!
//! Beyond its cap, a tracker becomes [`KeyState::Dropped`] and keeps only the number of
//! duplicates seen so far, which remains a true lower bound (duplicates within each part are
//! duplicates of the whole). The duplicate check then reports that lower bound and says the
//! count is not exact; it never falls back to comparing a distinct estimate with the row count.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::fingerprints::Fingerprints;
use crate::profile::float_bits;
use crate::profile::sketch::{Blob, serialize_bytes};

/// Fingerprints kept for a column whose name hints a key (2²¹: 16 MiB, plus at most a quarter
/// more waiting to be merged).
pub const KEY_CAP: usize = 1 << 21;
/// Fingerprints kept for any other column (2¹⁶: 512 KiB).
pub const OTHER_CAP: usize = 1 << 16;
/// A column without a key-like name is dropped once more than this share of its values repeat…
pub const OTHER_MAX_DUPLICATE_SHARE: f64 = 0.1;
/// …after at least this many values.
pub const OTHER_MIN_VALUES: u64 = 1000;

/// Whether a column name hints a key: `id`, `key`, `uuid`, `guid`, or ends in `_id`, `-id`,
/// `Id`, `_key`, `_uuid`, `_guid` (`customer_id`, `customerId`, `order_key`).
pub fn is_key_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if matches!(lower.as_str(), "id" | "key" | "uuid" | "guid" | "pk") {
        return true;
    }
    const SUFFIXES: [&str; 8] = ["_id", "-id", " id", "_key", "_uuid", "_guid", "-key", "_pk"];
    if SUFFIXES.iter().any(|s| lower.ends_with(s)) {
        return true;
    }
    // camelCase: `customerId`, `orderUUID`.
    name.ends_with("Id") || name.ends_with("ID") || name.ends_with("Uuid") || name.ends_with("UUID")
}

/// Why exact tracking stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DropReason {
    /// More distinct values than the cap.
    Cap,
    /// Too many repeats for a column without a key-like name: not a key.
    NotKeyLike,
    /// The fingerprints of a sensitive column were removed ([`KeyTracker::redact`]); the
    /// duplicate count is still exact for this profile, but a merge can only add lower bounds.
    Redacted,
    /// A redacted tracker was merged: the count is a lower bound.
    RedactedThenMerged,
}

impl DropReason {
    /// The reason after a merge: a redacted count stops being exact.
    fn merged(self) -> Self {
        match self {
            Self::Redacted => Self::RedactedThenMerged,
            other => other,
        }
    }
}

/// Exact fingerprints, or what is left after tracking stopped.
#[derive(Clone, Debug, PartialEq)]
pub enum KeyState {
    /// Every distinct fingerprint seen.
    Exact(Fingerprints),
    /// Tracking stopped; `duplicates_at_least` duplicated values had been seen.
    Dropped {
        /// Why it stopped.
        reason: DropReason,
        /// A lower bound on the duplicated values.
        duplicates_at_least: u64,
    },
}

/// Exact duplicate counting for one column. See the module documentation.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyTracker {
    /// Whether the column's name hints a key (decides the cap).
    pub key_name: bool,
    /// Non-null values fingerprinted.
    pub values: u64,
    /// The fingerprints, or the lower bound left after dropping them.
    pub state: KeyState,
    /// How many scan partitions share the cap while this tracker observes values (1 once it
    /// holds a merge, or after it is read back from a file).
    parts: usize,
}

impl KeyTracker {
    /// An empty tracker for the column `name`.
    pub fn new(name: &str) -> Self {
        Self {
            key_name: is_key_name(name),
            values: 0,
            state: KeyState::Exact(Fingerprints::default()),
            parts: 1,
        }
    }

    /// Lets `parts` scan partitions share the column's budget: this tracker, observing one
    /// partition's values, keeps at most `1/parts` of the cap.
    pub fn share_budget(&mut self, parts: usize) {
        self.parts = parts.max(1);
    }

    fn cap(&self) -> usize {
        let whole = if self.key_name { KEY_CAP } else { OTHER_CAP };
        whole / self.parts
    }

    /// Duplicated values: exact while [`KeyState::Exact`], else a lower bound.
    pub fn duplicates(&self) -> u64 {
        match &self.state {
            KeyState::Exact(set) => self.values - set.len() as u64,
            KeyState::Dropped {
                duplicates_at_least,
                ..
            } => *duplicates_at_least,
        }
    }

    /// Whether [`duplicates`](Self::duplicates) is exact.
    pub fn is_exact(&self) -> bool {
        matches!(
            self.state,
            KeyState::Exact(_)
                | KeyState::Dropped {
                    reason: DropReason::Redacted,
                    ..
                }
        )
    }

    /// Distinct values, when exact.
    pub fn distinct(&self) -> Option<u64> {
        match &self.state {
            KeyState::Exact(set) => Some(set.len() as u64),
            KeyState::Dropped {
                reason: DropReason::Redacted,
                duplicates_at_least,
            } => Some(self.values - duplicates_at_least),
            KeyState::Dropped { .. } => None,
        }
    }

    /// Removes the fingerprints, keeping the exact duplicate count: for columns classified
    /// sensitive, whose unkeyed fingerprints could be reversed by enumerating the value space
    /// (nine-digit SSNs, card numbers). The profile then holds no trace of the values; later
    /// merges of it count duplicates as a lower bound.
    pub fn redact(&mut self) {
        if let KeyState::Exact(_) = self.state {
            self.state = KeyState::Dropped {
                reason: DropReason::Redacted,
                duplicates_at_least: self.duplicates(),
            };
        }
    }

    /// Records `count` occurrences of a text value.
    pub fn observe_str(&mut self, value: &str, count: u64) {
        self.observe_fingerprint(twox_hash::XxHash64::oneshot(0, value.as_bytes()), count);
    }

    /// Records one integer (or temporal) value: its own fingerprint.
    pub fn observe_i64(&mut self, value: i64) {
        self.observe_fingerprint(value as u64, 1);
    }

    /// Records one floating-point value (`-0.0` as `0.0`).
    pub fn observe_f64(&mut self, value: f64) {
        let bits = float_bits(value).to_le_bytes();
        self.observe_fingerprint(twox_hash::XxHash64::oneshot(0, &bits), 1);
    }

    fn observe_fingerprint(&mut self, fingerprint: u64, count: u64) {
        if count == 0 {
            return;
        }
        self.values += count;
        match &mut self.state {
            KeyState::Exact(set) => {
                // The bounds are checked whenever the set has merged its tail, so its size is
                // known: at most a quarter past the cap.
                if set.insert(fingerprint) {
                    self.enforce_bounds();
                }
            }
            KeyState::Dropped {
                duplicates_at_least,
                ..
            } => {
                // Only repeats within one batch are still known.
                *duplicates_at_least += count - 1;
            }
        }
    }

    /// Merges pending fingerprints and applies the bounds: call it when a part is complete, so
    /// that counts are cheap to read and the stored form is ready.
    pub fn settle(&mut self) {
        if let KeyState::Exact(set) = &mut self.state {
            set.settle();
        }
        self.enforce_bounds();
    }

    /// Drops the fingerprints when over the cap, or when a column without a key-like name
    /// repeats too much.
    fn enforce_bounds(&mut self) {
        let KeyState::Exact(set) = &self.state else {
            return;
        };
        let duplicates = self.values - set.len() as u64;
        let reason = if set.len() > self.cap() {
            Some(DropReason::Cap)
        } else if !self.key_name
            && self.values >= OTHER_MIN_VALUES
            && duplicates as f64 > OTHER_MAX_DUPLICATE_SHARE * self.values as f64
        {
            Some(DropReason::NotKeyLike)
        } else {
            None
        };
        if let Some(reason) = reason {
            self.state = KeyState::Dropped {
                reason,
                duplicates_at_least: duplicates,
            };
        }
    }

    /// Adds another part of the same column: fingerprints unite, so the merged count is exact.
    pub fn merge(&mut self, other: &KeyTracker) {
        // A merge stands for the whole table, which has the whole budget.
        self.parts = 1;
        self.key_name |= other.key_name;
        let duplicates = self.duplicates() + other.duplicates();
        self.values += other.values;
        let state = std::mem::replace(&mut self.state, KeyState::Exact(Fingerprints::default()));
        self.state = match (state, &other.state) {
            (KeyState::Exact(mut mine), KeyState::Exact(theirs)) => {
                mine.extend(theirs);
                KeyState::Exact(mine)
            }
            (KeyState::Dropped { reason, .. }, KeyState::Exact(_))
            | (KeyState::Exact(_), &KeyState::Dropped { reason, .. }) => KeyState::Dropped {
                reason: reason.merged(),
                duplicates_at_least: duplicates,
            },
            (KeyState::Dropped { reason: a, .. }, &KeyState::Dropped { reason: b, .. }) => {
                KeyState::Dropped {
                    reason: a.merged().min(b.merged()),
                    duplicates_at_least: duplicates,
                }
            }
        };
        self.enforce_bounds();
    }
}

/// The stored form: fingerprints as sorted little-endian `u64`s (base64 text in JSON), written
/// from the set ([`LittleEndian`]) and read as a [`Blob`].
#[derive(Serialize, Deserialize)]
#[serde(bound(deserialize = "F: Deserialize<'de>"))]
struct Stored<F> {
    key_name: bool,
    values: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fingerprints: Option<F>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    dropped: Option<DropReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    duplicates_at_least: Option<u64>,
}

/// Fingerprints written as their little-endian bytes.
struct LittleEndian<'a>(&'a [u64]);

impl Serialize for LittleEndian<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // A scan's states and profile file carry millions of fingerprints: on a little-endian
        // machine their bytes in memory are the stored bytes, written without a copy.
        #[cfg(target_endian = "little")]
        let bytes = arrow::datatypes::ToByteSlice::to_byte_slice(self.0);
        #[cfg(not(target_endian = "little"))]
        let bytes: &[u8] = &self
            .0
            .iter()
            .flat_map(|f| f.to_le_bytes())
            .collect::<Vec<u8>>();
        serialize_bytes(bytes, serializer)
    }
}

impl Serialize for KeyTracker {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.state {
            KeyState::Exact(set) => Stored {
                key_name: self.key_name,
                values: self.values,
                fingerprints: Some(LittleEndian(&set.sorted())),
                dropped: None,
                duplicates_at_least: None,
            }
            .serialize(serializer),
            KeyState::Dropped {
                reason,
                duplicates_at_least,
            } => Stored::<LittleEndian> {
                key_name: self.key_name,
                values: self.values,
                fingerprints: None,
                dropped: Some(*reason),
                duplicates_at_least: Some(*duplicates_at_least),
            }
            .serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for KeyTracker {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let stored = Stored::<Blob>::deserialize(deserializer)?;
        let state = match (stored.fingerprints, stored.dropped) {
            (Some(blob), None) => {
                let bytes = blob
                    .into_bytes("key fingerprints")
                    .map_err(|e| D::Error::custom(format!("key fingerprints: {}", e.reason)))?;
                if bytes.len() % 8 != 0 {
                    return Err(D::Error::custom(
                        "key fingerprints: length is not a multiple of 8 bytes",
                    ));
                }
                let fingerprints: Vec<u64> = bytes
                    .chunks_exact(8)
                    .map(|c| {
                        let mut b = [0u8; 8];
                        b.copy_from_slice(c);
                        u64::from_le_bytes(b)
                    })
                    .collect();
                let Some(set) = Fingerprints::from_sorted(fingerprints) else {
                    return Err(D::Error::custom(
                        "key fingerprints: not in ascending order without repeats",
                    ));
                };
                if set.len() as u64 > stored.values {
                    return Err(D::Error::custom(
                        "key fingerprints: more fingerprints than values",
                    ));
                }
                KeyState::Exact(set)
            }
            (None, Some(reason)) => KeyState::Dropped {
                reason,
                duplicates_at_least: stored.duplicates_at_least.unwrap_or(0),
            },
            _ => {
                return Err(D::Error::custom(
                    "key tracker: exactly one of `fingerprints` and `dropped` must be present",
                ));
            }
        };
        Ok(Self {
            key_name: stored.key_name,
            values: stored.values,
            state,
            parts: 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_names() {
        for n in [
            "id",
            "customer_id",
            "customerId",
            "ORDER_KEY",
            "event_uuid",
            "userID",
        ] {
            assert!(is_key_name(n), "{n}");
        }
        for n in ["paid", "idle", "valid", "keyboard", "monkey", "amount"] {
            assert!(!is_key_name(n), "{n}");
        }
    }

    #[test]
    fn counts_duplicated_rows_exactly_and_merges_by_union() {
        let mut a = KeyTracker::new("customer_id");
        let mut b = KeyTracker::new("customer_id");
        for i in 0..500 {
            a.observe_str(&format!("C{i:05}"), 1);
        }
        a.observe_str("C00007", 2); // two more rows of one id
        for i in 490..600 {
            b.observe_str(&format!("C{i:05}"), 1); // 10 ids overlap with `a`
        }
        assert_eq!(a.duplicates(), 2);
        assert_eq!(b.duplicates(), 0);
        let mut whole = KeyTracker::new("customer_id");
        for i in 0..500 {
            whole.observe_str(&format!("C{i:05}"), 1);
        }
        whole.observe_str("C00007", 2);
        for i in 490..600 {
            whole.observe_str(&format!("C{i:05}"), 1);
        }
        a.merge(&b);
        assert_eq!(a.duplicates(), 12);
        assert_eq!(a, whole);
        let json = serde_json::to_string(&a).unwrap_or_default();
        let back: KeyTracker = serde_json::from_str(&json).unwrap_or_else(|_| KeyTracker::new("x"));
        assert_eq!(back, a);
    }

    #[test]
    fn integers_are_their_own_fingerprint() {
        let mut t = KeyTracker::new("id");
        for v in [1, 2, 3, 3, -1, i64::MIN, i64::MIN] {
            t.observe_i64(v);
        }
        assert_eq!(t.duplicates(), 2);
        assert_eq!(t.distinct(), Some(5));
    }

    #[test]
    fn categories_without_a_key_name_are_dropped_early() {
        let mut t = KeyTracker::new("status");
        for i in 0..2000 {
            t.observe_str(["a", "b", "c"][i % 3], 1);
        }
        assert!(!t.is_exact());
        assert!(t.duplicates() >= 997);
        // A key-named column keeps counting whatever its repeats.
        let mut k = KeyTracker::new("store_id");
        for i in 0..2000 {
            k.observe_i64((i % 3) as i64);
        }
        assert!(k.is_exact());
        assert_eq!(k.duplicates(), 1997);
    }

    #[test]
    fn redaction_keeps_the_exact_count_and_no_fingerprint() {
        let mut t = KeyTracker::new("ssn");
        for v in ["123-45-6789", "123-45-6789", "987-65-4321"] {
            t.observe_str(v, 1);
        }
        t.redact();
        assert!(t.is_exact());
        assert_eq!((t.duplicates(), t.distinct()), (1, Some(2)));
        let json = serde_json::to_string(&t).unwrap_or_default();
        assert!(!json.contains("fingerprints"), "{json}");
        let back: KeyTracker = serde_json::from_str(&json).unwrap_or_else(|_| KeyTracker::new("x"));
        assert_eq!(back, t);
        let mut other = KeyTracker::new("ssn");
        other.observe_str("123-45-6789", 1);
        t.merge(&other);
        assert!(
            !t.is_exact(),
            "a merge of a redacted tracker is a lower bound"
        );
        assert_eq!(t.duplicates(), 1);
    }

    #[test]
    fn partitions_share_the_cap_and_their_merge_has_all_of_it() {
        // A column without a key-like name (cap 2^16) scanned in four partitions of 10,000
        // distinct values each: every partition stays under its quarter, the merge under the cap.
        let part = |p: i64, n: i64| {
            let mut t = KeyTracker::new("note");
            t.share_budget(4);
            for i in 0..n {
                t.observe_i64(p * 1_000_000 + i);
            }
            t.settle();
            t
        };
        let mut merged = KeyTracker::new("note");
        merged.share_budget(4);
        for p in 0..4 {
            let t = part(p, 10_000);
            assert!(t.is_exact());
            merged.merge(&t);
        }
        merged.settle();
        assert!(merged.is_exact());
        assert_eq!(merged.distinct(), Some(40_000));
        // A partition holding more than its quarter (16,384) stops counting exactly.
        let big = part(9, 20_000);
        assert!(!big.is_exact());
        assert_eq!(
            big.state,
            KeyState::Dropped {
                reason: DropReason::Cap,
                duplicates_at_least: 0
            }
        );
    }

    #[test]
    fn over_the_cap_keeps_a_lower_bound() {
        let mut t = KeyTracker::new("note");
        for i in 0..(OTHER_CAP as i64 + 10) {
            t.observe_i64(i);
        }
        // The bounds apply whenever pending fingerprints are merged, at the latest here.
        t.settle();
        t.observe_i64(5);
        assert!(!t.is_exact());
        assert_eq!(t.duplicates(), 0, "a repeat after dropping is not known");
        let mut u = KeyTracker::new("note");
        u.observe_str("x", 3);
        t.merge(&u);
        assert_eq!(
            t.duplicates(),
            2,
            "repeats within a part stay a lower bound"
        );
    }
}
