//! Grouping the repeated text values of a batch, so that each distinct value is analysed once,
//! with its count, instead of once per row.
//!
//! Analysing a text value (parsing, shaping, hashing, detection) costs far more than counting it
//! in a hash map, so a batch with repeats is worth grouping first. A column of unique values
//! (ids, free text) is not: there, the map is pure overhead. [`Grouping::each`] decides per
//! batch from a sample of its first values:
//!
//! - fewer than half of the sampled values distinct: group the whole batch;
//! - every sampled value distinct: analyse each row as it comes;
//! - in between (a column of a thousand city names, say, where a small sample repeats little but
//!   a batch of 8,192 rows repeats a lot): try grouping, and give up once the batch shows more
//!   distinct values than [`TRY_LIMIT`]. The values grouped so far are handed on with their
//!   counts and the rest of the batch row by row, so no value is lost or counted twice. A column
//!   whose try failed skips the next [`BACKOFF`] tries, so a column of many distinct values
//!   does not pay for a failed try on every batch.
//!
//! Whatever the path, the callback sees every value of the batch exactly once in total counts;
//! only the order and the grouping differ. Most statistics of a profile do not depend on the
//! order of values. The frequent-values sketch does once it holds more distinct values than it
//! keeps exactly, and it has its own way with a batch of many distinct values
//! ([`FrequentValues::update_rows`](super::sketch::FrequentValues::update_rows)). So the calls
//! are flagged when they are a few grouped values, which that sketch takes as they are; otherwise
//! the caller feeds it from the rows.

use std::collections::HashMap;

/// Below this share of distinct values in a batch's sample, the whole batch is grouped.
const GROUP_SHARE: f64 = 0.5;
/// Values sampled from the start of a batch to choose the path.
const SAMPLE: usize = 256;
/// A try at grouping gives up above this many distinct values in the batch (half of
/// DataFusion's default batch of 8,192 rows: fewer than two rows per value is not worth a map).
pub const TRY_LIMIT: usize = 4_096;
/// Batches a column analyses row by row after a failed try before it tries again.
pub const BACKOFF: u32 = 8;

type Counts<'a> = HashMap<&'a str, u64, foldhash::fast::FixedState>;

/// The grouping state of one column across its batches.
#[derive(Clone, Debug, Default)]
pub struct Grouping {
    /// Batches left before the next try (after a failed one).
    backoff: u32,
}

impl Grouping {
    /// Calls `each(value, count, few_groups)` for the values of one batch: once per distinct value
    /// with its count when grouping pays, else once per value with count 1 (or a mix of both,
    /// see the module documentation). The counts add up to the number of values.
    ///
    /// `few_groups` is the same for every call of a batch, and is also returned: whether the
    /// calls are the batch's distinct values with their counts, at most `order_free` of them, so
    /// that a statistic whose estimates depend on the order of values may take them in place of
    /// the rows. It is `false` when the calls are the rows one by one, or more than
    /// `order_free` weighted values in hash order; such a statistic (the frequent-values
    /// sketch) should then be fed from the rows.
    pub fn each<'a, I>(
        &mut self,
        values: I,
        order_free: usize,
        mut each: impl FnMut(&'a str, u64, bool),
    ) -> bool
    where
        I: Iterator<Item = &'a str> + Clone,
    {
        let mut sample = Counts::default();
        let mut sampled = 0usize;
        for v in values.clone().take(SAMPLE) {
            *sample.entry(v).or_default() += 1;
            sampled += 1;
        }
        if sampled == 0 {
            return false;
        }
        let mostly_repeats = (sample.len() as f64) < GROUP_SHARE * sampled as f64;
        if !mostly_repeats && (sample.len() == sampled || self.backoff > 0) {
            self.backoff = self.backoff.saturating_sub(1);
            values.for_each(|v| each(v, 1, false));
            return false;
        }
        // The whole batch when its sample repeats a lot, else a try that gives up past the limit.
        let limit = if mostly_repeats {
            usize::MAX
        } else {
            TRY_LIMIT
        };
        let mut counts = Counts::default();
        let mut rest = values;
        let mut gave_up = false;
        for v in rest.by_ref() {
            *counts.entry(v).or_default() += 1;
            if counts.len() > limit {
                gave_up = true;
                break;
            }
        }
        let few_groups = counts.len() <= order_free;
        counts.into_iter().for_each(|(v, n)| each(v, n, few_groups));
        if gave_up {
            self.backoff = BACKOFF;
            rest.for_each(|v| each(v, 1, few_groups));
        }
        few_groups
    }
}

/// Test data: `n` values `city-K`, each K drawn from `distinct` names by a fixed pseudo-random
/// sequence started at `seed` (every name occurs when `n` is several times `distinct`).
#[cfg(test)]
pub(crate) fn city_names(n: usize, distinct: u64, seed: u64) -> Vec<String> {
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            format!("city-{}", (state >> 33) % distinct)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    /// The order-free limit the tests group under.
    const ORDER_FREE: usize = 100;

    /// Runs one batch through `grouping`; returns the counts per value, the number of calls and
    /// whether they came as a few groups.
    fn run(grouping: &mut Grouping, values: &[String]) -> (BTreeMap<String, u64>, usize, bool) {
        let mut seen = BTreeMap::new();
        let mut calls = 0;
        let mut orders = std::collections::BTreeSet::new();
        let few_groups = grouping.each(values.iter().map(String::as_str), ORDER_FREE, |v, n, o| {
            *seen.entry(v.to_string()).or_default() += n;
            calls += 1;
            orders.insert(o);
        });
        assert!(orders.len() <= 1, "one order flag per batch");
        assert!(orders.iter().all(|o| *o == few_groups));
        (seen, calls, few_groups)
    }

    /// The reference: counts per value by a plain loop.
    fn counted(values: &[String]) -> BTreeMap<String, u64> {
        let mut counts = BTreeMap::new();
        for v in values {
            *counts.entry(v.clone()).or_default() += 1;
        }
        counts
    }

    /// `n` values drawn from `distinct` names.
    fn batch(n: usize, distinct: u64) -> Vec<String> {
        city_names(n, distinct, 0x9E37_79B9_7F4A_7C15)
    }

    /// `n` distinct values.
    fn unique(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("id-{i}")).collect()
    }

    #[test]
    fn few_distinct_values_are_grouped() {
        let values = batch(8_192, 20);
        let (seen, calls, few_groups) = run(&mut Grouping::default(), &values);
        let reference = counted(&values);
        assert_eq!(seen, reference);
        assert_eq!(calls, reference.len());
        assert!(
            few_groups,
            "20 distinct values are within the order-free limit"
        );
    }

    #[test]
    fn unique_values_go_one_by_one() {
        let values = unique(8_192);
        let (seen, calls, few_groups) = run(&mut Grouping::default(), &values);
        assert_eq!(seen, counted(&values));
        assert_eq!(calls, 8_192);
        assert!(!few_groups, "rows are not groups");
    }

    #[test]
    fn a_thousand_distinct_values_are_grouped_by_a_try() {
        // A sample of 256 from a thousand names is mostly distinct; the batch is not.
        let values = batch(8_192, 1_000);
        let sample = counted(&values[..SAMPLE]).len();
        assert!(
            sample > SAMPLE / 2 && sample < SAMPLE,
            "{sample} distinct in the sample"
        );
        let mut grouping = Grouping::default();
        let (seen, calls, few_groups) = run(&mut grouping, &values);
        let reference = counted(&values);
        assert_eq!(seen, reference);
        assert_eq!(calls, reference.len());
        assert!(
            !few_groups,
            "a thousand groups are past the order-free limit"
        );
        assert_eq!(grouping.backoff, 0);
    }

    #[test]
    fn a_failed_try_hands_on_every_value_once_and_backs_off() {
        // 6,000 distinct values with a few repeats early on: the try gives up past TRY_LIMIT.
        let mut values = unique(6_000);
        values.splice(10..10, values[..20].to_vec());
        let mut grouping = Grouping::default();
        let (seen, calls, few_groups) = run(&mut grouping, &values);
        assert_eq!(seen, counted(&values));
        assert!(calls > TRY_LIMIT && calls < values.len());
        assert!(!few_groups);
        assert_eq!(grouping.backoff, BACKOFF);
        // The next batches go row by row until the backoff has run out.
        for left in (0..BACKOFF).rev() {
            let (seen, calls, few_groups) = run(&mut grouping, &values);
            assert_eq!(seen, counted(&values));
            assert_eq!(calls, values.len());
            assert!(!few_groups);
            assert_eq!(grouping.backoff, left);
        }
        let (_, calls, _) = run(&mut grouping, &values);
        assert!(calls < values.len(), "tries again after the backoff");
    }

    #[test]
    fn an_empty_batch_calls_nothing() {
        let (seen, calls, _) = run(&mut Grouping::default(), &[]);
        assert!(seen.is_empty());
        assert_eq!(calls, 0);
    }
}
