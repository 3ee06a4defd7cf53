//! A few example values, chosen so that merging is deterministic: the smallest distinct values
//! (in byte order) of those offered, each cut to [`EXAMPLE_CHARS`] characters. The smallest
//! few of a union are the smallest few of the parts' smallest few, so a merged profile holds the
//! same examples as a profile of the whole table. Reports mask them (see `analysis::quality`).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

/// Examples kept.
pub const MAX_EXAMPLES: usize = 5;
/// Longest example kept, in characters.
pub const EXAMPLE_CHARS: usize = 40;

/// Up to [`MAX_EXAMPLES`] distinct example values.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Examples(pub BTreeSet<String>);

impl Examples {
    /// Offers one value.
    pub fn offer(&mut self, value: &str) {
        if self.0.len() >= MAX_EXAMPLES
            && self
                .0
                .last()
                .is_some_and(|largest| value >= largest.as_str())
        {
            return;
        }
        self.0.insert(value.chars().take(EXAMPLE_CHARS).collect());
        while self.0.len() > MAX_EXAMPLES {
            self.0.pop_last();
        }
    }

    /// Adds another set of examples.
    pub fn merge(&mut self, other: &Examples) {
        for v in &other.0 {
            self.offer(v);
        }
    }

    /// The examples, smallest first.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_smallest_distinct_values_under_merge() {
        let mut a = Examples::default();
        let mut b = Examples::default();
        let mut whole = Examples::default();
        for (i, v) in ["k", "b", "z", "b", "a", "q", "c", "d", "e"]
            .iter()
            .enumerate()
        {
            if i % 2 == 0 {
                a.offer(v)
            } else {
                b.offer(v)
            }
            whole.offer(v);
        }
        a.merge(&b);
        assert_eq!(a, whole);
        assert_eq!(a.iter().collect::<Vec<_>>(), ["a", "b", "c", "d", "e"]);
    }
}
