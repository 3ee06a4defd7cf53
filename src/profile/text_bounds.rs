//! The smallest and largest of a run of text values, found mostly without comparing strings;
//! and the same comparison for two values ([`precedes`]).
//!
//! Every text value of a column is compared with the bounds so far, and a string comparison is a
//! call to `memcmp` each time. Here each value is first compared on its first eight bytes, read
//! as one big-endian integer (zero past the value's end): integers in that order are in the
//! strings' byte order, which is the order of `str`. Only a value whose first eight bytes equal
//! those of a bound is compared in full, which on most columns is rare.

/// The smallest and largest values offered so far. See the module documentation.
#[derive(Clone, Copy, Debug)]
pub(super) struct TextBounds<'a> {
    lo: &'a str,
    hi: &'a str,
    lo_key: u64,
    hi_key: u64,
}

impl<'a> TextBounds<'a> {
    /// The bounds of the single value `first`.
    pub(super) fn new(first: &'a str) -> Self {
        let key = prefix_key(first);
        Self {
            lo: first,
            hi: first,
            lo_key: key,
            hi_key: key,
        }
    }

    /// Takes `value` into the bounds.
    #[inline]
    pub(super) fn offer(&mut self, value: &'a str) {
        let key = prefix_key(value);
        if key < self.lo_key || (key == self.lo_key && value < self.lo) {
            self.lo = value;
            self.lo_key = key;
        }
        if key > self.hi_key || (key == self.hi_key && value > self.hi) {
            self.hi = value;
            self.hi_key = key;
        }
    }

    /// The smallest and the largest value.
    pub(super) fn bounds(&self) -> (&'a str, &'a str) {
        (self.lo, self.hi)
    }
}

/// Whether `a` comes before `b` in the order of `str`, by their first eight bytes where those
/// differ (see the module documentation).
#[inline]
pub(super) fn precedes(a: &str, b: &str) -> bool {
    let (ka, kb) = (prefix_key(a), prefix_key(b));
    ka < kb || (ka == kb && a < b)
}

/// The first eight bytes of `value` as a big-endian integer, zero-filled past its end.
///
/// Where two values' keys differ, the first byte in which they differ comes before either ends,
/// or one value ends there and the other has a byte above zero: either way the keys are in the
/// values' order. Equal keys say nothing (`"ab"` and `"ab\0"`).
#[inline]
fn prefix_key(value: &str) -> u64 {
    let bytes = value.as_bytes();
    match bytes.first_chunk::<8>() {
        Some(head) => u64::from_be_bytes(*head),
        None => {
            let mut head = [0u8; 8];
            head.iter_mut().zip(bytes).for_each(|(h, b)| *h = *b);
            u64::from_be_bytes(head)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bounds of `values`, offered in order.
    fn bounds<'a>(values: &[&'a str]) -> (&'a str, &'a str) {
        let mut b = TextBounds::new(values[0]);
        values[1..].iter().for_each(|v| b.offer(v));
        b.bounds()
    }

    #[test]
    fn values_that_differ_past_the_key_or_only_in_length_are_ordered_as_strings() {
        let values = [
            "ab",
            "ab\0",
            "",
            "ab\0\0\0\0\0\0\0",
            "abcdefgh1",
            "abcdefgh",
            "abcdefgh0",
            "é",
            "z",
            "\u{10ffff}",
            "~~~~~~~~~",
        ];
        // Every rotation, so that each value is offered first once.
        for start in 0..values.len() {
            let mut rotated = values.to_vec();
            rotated.rotate_left(start);
            let expected = (
                *rotated.iter().min().unwrap(),
                *rotated.iter().max().unwrap(),
            );
            assert_eq!(bounds(&rotated), expected, "{rotated:?}");
        }
    }

    #[test]
    fn random_values_have_the_bounds_a_string_sort_gives() {
        // Values over a few bytes (NUL, letters, a two-byte character), short and long, so that
        // keys often tie and lengths often decide; seeded so a failure reproduces.
        let pieces = ["\0", "a", "b", "é", "z"];
        let mut rng = crate::detect::accuracy::Rng(0x5eed);
        for _ in 0..2_000 {
            let values: Vec<String> = (0..1 + rng.below(40))
                .map(|_| {
                    (0..rng.below(12))
                        .map(|_| pieces[rng.below(5) as usize])
                        .collect()
                })
                .collect();
            let refs: Vec<&str> = values.iter().map(String::as_str).collect();
            let expected = (*refs.iter().min().unwrap(), *refs.iter().max().unwrap());
            assert_eq!(bounds(&refs), expected, "{refs:?}");
            for pair in refs.windows(2) {
                assert_eq!(precedes(pair[0], pair[1]), pair[0] < pair[1], "{pair:?}");
            }
        }
    }
}
