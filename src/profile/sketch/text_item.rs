//! The item a text frequent-values sketch keeps: a value's bytes, inline when short, with a hash
//! computed once.
//!
//! DataSketches' frequent-items map probes linearly and, at its 75% load, compares a new value
//! with several kept ones; a column of distinct values (ids, emails, free text) inserts nearly
//! every value and purges it soon after. Kept as `String`, each insertion allocated, each purge
//! freed, and each probe compared bytes behind a pointer: a tenth of a scan's CPU time. A
//! [`TextItem`] holds up to [`INLINE`] bytes in place, compares its hash before its bytes, and
//! gives the map that hash to mix instead of the whole value. Its binary form is the one
//! DataSketches gives `String` items (a little-endian `u32` length, then the UTF-8 bytes), so a
//! stored sketch reads as `FrequentItemsSketch<String>` in any DataSketches implementation.

use std::hash::{BuildHasher, Hash, Hasher};

use datasketches::codec::{SketchBytes, SketchSlice};
use datasketches::error::Error;
use datasketches::frequencies::FrequentItemValue;
use foldhash::fast::FixedState;
use smallvec::SmallVec;

/// Bytes kept in place (a UUID, most emails, phone numbers and codes); longer values are
/// allocated.
const INLINE: usize = 48;

/// One text value as a frequent-values sketch keeps it.
#[derive(Clone, Debug, Eq)]
pub struct TextItem {
    hash: u64,
    bytes: SmallVec<[u8; INLINE]>,
}

impl TextItem {
    /// The item for `value`.
    pub fn new(value: &str) -> Self {
        Self {
            hash: FixedState::with_seed(0).hash_one(value),
            bytes: SmallVec::from_slice(value.as_bytes()),
        }
    }

    /// The value as text. Items are made from `str` only, so no byte is ever replaced.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }
}

impl PartialEq for TextItem {
    fn eq(&self, other: &Self) -> bool {
        self.hash == other.hash && self.bytes == other.bytes
    }
}

impl Hash for TextItem {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

impl FrequentItemValue for TextItem {
    fn serialize_size(item: &Self) -> usize {
        size_of::<u32>() + item.bytes.len()
    }

    fn serialize_value(&self, bytes: &mut SketchBytes) {
        // Values longer than 4 GiB cannot come out of an Arrow string array.
        bytes.write_u32_le(self.bytes.len() as u32);
        bytes.write(&self.bytes);
    }

    fn deserialize_value(cursor: &mut SketchSlice<'_>) -> Result<Self, Error> {
        String::deserialize_value(cursor).map(|s| Self::new(&s))
    }
}

#[cfg(test)]
mod tests {
    use datasketches::frequencies::{ErrorType, FrequentItemsSketch};

    use super::*;

    fn values() -> Vec<String> {
        // Short and long values, non-ASCII ones, and enough distinct ones to purge the map.
        (0..5_000)
            .map(|i| match i % 4 {
                0 => "n/a".to_string(),
                1 => format!("user{}@example.org", i % 700),
                2 => format!("Größe {i} — {}", "x".repeat(i % 90)),
                _ => format!("{:08x}-0000-4000-8000-{:012x}", i * 7_919, i),
            })
            .collect()
    }

    #[test]
    fn the_image_reads_as_a_sketch_of_strings_with_the_same_counts() {
        let mut items = FrequentItemsSketch::<TextItem>::new(64).unwrap();
        values().iter().for_each(|v| items.update(TextItem::new(v)));
        let strings = FrequentItemsSketch::<String>::deserialize(&items.serialize()).unwrap();
        assert_eq!(strings.total_weight(), 5_000);
        assert_eq!(strings.maximum_error(), items.maximum_error());
        assert!(items.maximum_error() > 0, "the map was purged");
        let mut kept: Vec<(String, u64)> = items
            .frequent_items(ErrorType::NoFalseNegatives)
            .iter()
            .map(|r| (r.item().text(), r.estimate()))
            .collect();
        let mut read: Vec<(String, u64)> = strings
            .frequent_items(ErrorType::NoFalseNegatives)
            .iter()
            .map(|r| (r.item().clone(), r.estimate()))
            .collect();
        kept.sort();
        read.sort();
        assert_eq!(kept, read);
        assert!(kept.iter().any(|(v, _)| v == "n/a"));
        // And back: a sketch of strings reads as one of items.
        let again = FrequentItemsSketch::<TextItem>::deserialize(&strings.serialize()).unwrap();
        assert_eq!(
            again.estimate(&TextItem::new("n/a")),
            strings.estimate("n/a")
        );
    }

    #[test]
    fn counts_below_capacity_are_exact_for_long_and_short_values() {
        let mut items = FrequentItemsSketch::<TextItem>::new(256).unwrap();
        let long = "ü".repeat(100);
        for (v, n) in [("a", 3), (long.as_str(), 2), ("b", 1), ("a", 4)] {
            items.update_with_count(TextItem::new(v), n);
        }
        assert_eq!(items.estimate(&TextItem::new("a")), 7);
        assert_eq!(items.estimate(&TextItem::new(&long)), 2);
        assert_eq!(items.estimate(&TextItem::new("c")), 0);
        assert_eq!(TextItem::new(&long).text(), long);
    }
}
