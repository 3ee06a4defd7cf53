//! What sensitive-field detection leaves in a column profile: per detector, how many values
//! matched whole and how many rows embedded a match in free text, with masked examples; per
//! column, how many values were examined and how many already looked masked.
//!
//! Everything here adds up under merge, and examples are kept as the smallest few masked
//! strings, so the profile of a table is the merge of its parts' profiles whatever the order.

use serde::{Deserialize, Serialize};

/// Masked examples kept per detector and per column.
pub const MAX_DETECTION_EXAMPLES: usize = 3;

/// Keeps the `MAX_DETECTION_EXAMPLES` smallest distinct examples, sorted.
pub fn keep_example(examples: &mut Vec<String>, example: &str) {
    if examples.iter().any(|e| e == example) {
        return;
    }
    if examples.len() >= MAX_DETECTION_EXAMPLES
        && examples.last().is_some_and(|l| l.as_str() <= example)
    {
        return;
    }
    let pos = examples.partition_point(|e| e.as_str() < example);
    examples.insert(pos, example.to_string());
    examples.truncate(MAX_DETECTION_EXAMPLES);
}

/// Values a detector matched in this column. Filled by sensitive-field detection.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DetectorHits {
    /// Values that matched whole (and validated).
    pub hits: u64,
    /// Values that did not match whole but embed a validated match in longer text.
    pub embedded: u64,
    /// Masked examples, never raw values (the smallest few, for determinism).
    pub examples: Vec<String>,
}

impl DetectorHits {
    /// Adds another part's hits.
    pub fn merge(&mut self, other: &DetectorHits) {
        self.hits += other.hits;
        self.embedded += other.embedded;
        for e in &other.examples {
            keep_example(&mut self.examples, e);
        }
    }
}

/// Column-level counts of sensitive-field detection.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DetectionStats {
    /// Non-empty text values run through the detectors (all of them unless `--sample`).
    pub values: u64,
    /// Of those, values that look already masked (`***-**-6789`, `[redacted]`).
    pub masked: u64,
    /// Of those, dates that keep only the year (`1984-01-01`).
    pub year_only_dates: u64,
    /// Masked examples of the already-masked values.
    pub masked_examples: Vec<String>,
    /// Whether `--sample` stopped detection before the end of the column.
    pub sampled: bool,
}

impl DetectionStats {
    /// Adds another part's counts.
    pub fn merge(&mut self, other: &DetectionStats) {
        self.values += other.values;
        self.masked += other.masked;
        self.year_only_dates += other.year_only_dates;
        self.sampled |= other.sampled;
        for e in &other.masked_examples {
            keep_example(&mut self.masked_examples, e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn examples_are_the_smallest_whatever_the_order() {
        let mut a = Vec::new();
        for e in ["d", "b", "a", "c", "b"] {
            keep_example(&mut a, e);
        }
        let mut b = Vec::new();
        for e in ["c", "a", "d", "b"] {
            keep_example(&mut b, e);
        }
        assert_eq!(a, ["a", "b", "c"]);
        assert_eq!(a, b);
    }
}
