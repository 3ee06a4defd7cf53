//! Sketched statistics stay within their documented error on seeded data of 1M values: the
//! distinct estimate within three relative standard errors of the true count (a HashSet), every
//! reported quantile within 1% rank of the truth (a sorted copy).

#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail loudly on a broken fixture"
)]

mod common;

use std::collections::HashSet;
use std::sync::Arc;

use arrow::array::{ArrayRef, Float64Array, StringArray};
use arrow::datatypes::DataType;
use common::sequence;
use gapscan::profile::sketch::DistinctSketch;
use gapscan::profile::{ColumnProfile, SUMMARY_RANKS};

const N: usize = 1_000_000;
const BATCH: usize = 8_192;

fn profile_of(data_type: DataType, arrays: impl Iterator<Item = ArrayRef>) -> ColumnProfile {
    let mut p = ColumnProfile::for_type("c", &data_type);
    for a in arrays {
        p.update(a.as_ref()).unwrap();
    }
    p.finish();
    p
}

#[test]
fn distinct_estimate_is_within_the_documented_error() {
    let values: Vec<String> = sequence(42)
        .take(N)
        .map(|v| format!("id-{}", v % 300_000))
        .collect();
    let truth = values.iter().collect::<HashSet<_>>().len() as f64;
    let p = profile_of(
        DataType::Utf8,
        values
            .chunks(BATCH)
            .map(|c| Arc::new(StringArray::from(c.to_vec())) as ArrayRef),
    );
    let estimate = p.summary.distinct_estimate as f64;
    let tolerance = 3.0 * DistinctSketch::relative_standard_error();
    assert!(
        (estimate - truth).abs() / truth <= tolerance,
        "estimate {estimate}, truth {truth}, tolerance {tolerance}"
    );
}

#[test]
fn quantiles_are_within_one_percent_rank() {
    // A skewed, heavy-tailed distribution (log-uniform over six decades).
    let values: Vec<f64> = sequence(7)
        .take(N)
        .map(|v| 10f64.powf((v >> 11) as f64 / (1u64 << 53) as f64 * 6.0))
        .collect();
    let p = profile_of(
        DataType::Float64,
        values
            .chunks(BATCH)
            .map(|c| Arc::new(Float64Array::from(c.to_vec())) as ArrayRef),
    );
    let mut sorted = values.clone();
    sorted.sort_by(f64::total_cmp);
    for (name, rank) in SUMMARY_RANKS {
        let q = p.summary.quantiles[name];
        let at_or_below = sorted.partition_point(|v| *v <= q) as f64 / N as f64;
        assert!(
            (at_or_below - rank).abs() <= 0.01,
            "{name}: sketch gives {q}, whose true rank is {at_or_below}"
        );
    }
    let mut grid_errors = 0;
    let sketch = p.quantiles.as_ref().unwrap();
    for i in 1..100 {
        let rank = f64::from(i) / 100.0;
        let q = sketch.quantile(rank).unwrap();
        let true_rank = sorted.partition_point(|v| *v <= q) as f64 / N as f64;
        if (true_rank - rank).abs() > 0.01 {
            grid_errors += 1;
        }
    }
    assert_eq!(grid_errors, 0, "every percentile within 1% rank");
}
