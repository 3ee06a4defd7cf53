//! A set of 64-bit fingerprints kept as one sorted vector and a short unsorted tail.
//!
//! Key tracking inserts one fingerprint per value of a column, most of them new. A hash set pays
//! a cache miss per insert once it outgrows the caches, and about 18 bytes per fingerprint at its
//! load factor (twice that while it rehashes). Here an insert is a push onto the tail; when the
//! tail reaches a quarter of the sorted part (between 1,024 and 262,144 entries) it is
//! radix-sorted and merged into the sorted part in place, from the back, dropping repeats. Each
//! fingerprint costs 8 bytes, plus the tail, and the set is already in the sorted order the
//! profile file stores.

use std::borrow::Cow;

/// The tail never waits for fewer entries than this before it is merged…
const MIN_TAIL: usize = 1 << 10;
/// …nor for more than this (2 MiB).
const MAX_TAIL: usize = 1 << 18;

/// A set of `u64` fingerprints. See the module documentation.
#[derive(Clone, Debug, Default)]
pub struct Fingerprints {
    /// Distinct fingerprints, ascending.
    sorted: Vec<u64>,
    /// Fingerprints inserted since the last merge, in any order, with repeats.
    tail: Vec<u64>,
}

impl Fingerprints {
    /// A set holding `sorted`, which must be ascending and free of repeats.
    pub fn from_sorted(sorted: Vec<u64>) -> Option<Self> {
        sorted.windows(2).all(|w| w[0] < w[1]).then(|| Self {
            sorted,
            tail: Vec::new(),
        })
    }

    /// Adds a fingerprint. Returns `true` when this merged the tail, so that the distinct count
    /// ([`len`](Self::len)) is exact again and cheap to read.
    pub fn insert(&mut self, fingerprint: u64) -> bool {
        self.tail.push(fingerprint);
        if self.tail.len() >= (self.sorted.len() / 4).clamp(MIN_TAIL, MAX_TAIL) {
            self.settle();
            true
        } else {
            false
        }
    }

    /// Adds every fingerprint of `other`: both sets settled, then one pass that merges their
    /// sorted parts (the partial profiles of a scan hold a million fingerprints each, which
    /// a sort of the two together would take again from the start).
    pub fn extend(&mut self, other: &Fingerprints) {
        self.settle();
        let theirs = other.sorted();
        let mine = std::mem::take(&mut self.sorted);
        let mut united = Vec::with_capacity(mine.len() + theirs.len());
        let (mut i, mut j) = (0, 0);
        while i < mine.len() && j < theirs.len() {
            let (a, b) = (mine[i], theirs[j]);
            united.push(a.min(b));
            i += usize::from(a <= b);
            j += usize::from(b <= a);
        }
        united.extend_from_slice(&mine[i..]);
        united.extend_from_slice(&theirs[j..]);
        self.sorted = united;
    }

    /// Merges the tail into the sorted part.
    pub fn settle(&mut self) {
        if self.tail.is_empty() {
            return;
        }
        radsort::sort(&mut self.tail);
        self.tail.dedup();
        let (old, new) = (self.sorted.len(), self.tail.len());
        self.sorted.resize(old + new, 0);
        // Merge from the back into the room just made; `write` is one past the next free slot.
        let (mut i, mut j, mut write) = (old, new, old + new);
        // Which part the next value comes from is a coin toss on random fingerprints, so the
        // loop selects rather than branches on it.
        while j > 0 {
            let b = self.tail[j - 1];
            let a = if i > 0 { self.sorted[i - 1] } else { b };
            let take_sorted = i > 0 && a >= b;
            let v = std::hint::select_unpredictable(take_sorted, a, b);
            i -= usize::from(take_sorted);
            j -= usize::from(!take_sorted);
            // A fingerprint in both parts is written once: the second time, it lands on itself.
            let repeat = write < old + new && self.sorted[write] == v;
            write -= usize::from(!repeat);
            self.sorted[write] = v;
        }
        // What is left of the sorted part is in place below `i`; close the gap of repeats.
        let gap = write - i;
        if gap > 0 {
            self.sorted.copy_within(write.., i);
            self.sorted.truncate(old + new - gap);
        }
        self.tail.clear();
        if self.tail.capacity() > MAX_TAIL {
            self.tail.shrink_to(MAX_TAIL);
        }
    }

    /// The distinct fingerprints, ascending: borrowed after [`settle`](Self::settle) (and after
    /// any insert that returned `true`), otherwise merged on a copy.
    pub fn sorted(&self) -> Cow<'_, [u64]> {
        if self.tail.is_empty() {
            Cow::Borrowed(&self.sorted)
        } else {
            let mut copy = self.clone();
            copy.settle();
            Cow::Owned(copy.sorted)
        }
    }

    /// Number of distinct fingerprints (cheap when settled, as [`sorted`](Self::sorted)).
    pub fn len(&self) -> usize {
        self.sorted().len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.sorted.is_empty() && self.tail.is_empty()
    }
}

impl PartialEq for Fingerprints {
    fn eq(&self, other: &Self) -> bool {
        self.sorted() == other.sorted()
    }
}

impl Eq for Fingerprints {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// A deterministic stream with many repeats, across several merges of the tail.
    fn stream(n: u64, modulo: u64) -> Vec<u64> {
        (0..n)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15) % modulo)
            .collect()
    }

    #[test]
    fn holds_exactly_the_distinct_values_in_order() {
        for (n, modulo) in [
            (0, 1),
            (1, 1),
            (5000, 7),
            (300_000, 100_000),
            (300_000, u64::MAX),
        ] {
            let values = stream(n, modulo);
            let mut f = Fingerprints::default();
            for &v in &values {
                f.insert(v);
            }
            let expected: Vec<u64> = values
                .iter()
                .copied()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            assert_eq!(f.len(), expected.len(), "n={n} modulo={modulo}");
            assert_eq!(&*f.sorted(), expected.as_slice(), "n={n} modulo={modulo}");
        }
    }

    #[test]
    fn extremes_and_repeats_across_the_sorted_part_and_the_tail() {
        let mut f = Fingerprints::default();
        for v in [u64::MAX, 0, 5, 5, u64::MAX, 0] {
            f.insert(v);
        }
        f.settle();
        for v in [0, 3, 5, u64::MAX, 3] {
            f.insert(v);
        }
        assert_eq!(f.len(), 4);
        assert_eq!(&*f.sorted(), &[0, 3, 5, u64::MAX]);
    }

    #[test]
    fn extend_unites_and_equality_ignores_how_the_set_was_built() {
        let (a_values, b_values) = (stream(4000, 3000), stream(9000, 5000));
        let mut a = Fingerprints::default();
        a_values.iter().for_each(|&v| {
            a.insert(v);
        });
        let mut b = Fingerprints::default();
        b_values.iter().for_each(|&v| {
            b.insert(v);
        });
        let mut whole = Fingerprints::default();
        a_values.iter().chain(&b_values).for_each(|&v| {
            whole.insert(v);
        });
        a.extend(&b);
        assert_eq!(a, whole);
        let expected: BTreeSet<u64> = a_values.iter().chain(&b_values).copied().collect();
        assert_eq!(a.len(), expected.len());
    }

    #[test]
    fn from_sorted_rejects_disorder_and_repeats() {
        assert!(Fingerprints::from_sorted(vec![1, 2, 3]).is_some());
        assert!(Fingerprints::from_sorted(vec![1, 1]).is_none());
        assert!(Fingerprints::from_sorted(vec![2, 1]).is_none());
    }
}
