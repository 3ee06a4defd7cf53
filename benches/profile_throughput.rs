//! Profiler throughput per column kind, in values per second, without DataFusion: the cost of
//! `ColumnProfile::update` on one 64 Ki-value Arrow array of numbers, low-cardinality text
//! (a dozen categories) and high-cardinality text (emails). Each kind is also measured without
//! the quality statistics (`…/no_quality`), and integers once more as a key-named column whose
//! fingerprints are all kept (`integer_key`), to show what the quality checks cost.

use std::hint::black_box;
use std::sync::Arc;

use arrow::array::{ArrayRef, Float64Array, Int64Array, StringArray};
use arrow::datatypes::DataType;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gapscan::profile::ColumnProfile;

const N: usize = 64 * 1024;

/// A deterministic pseudo-random sequence (splitmix64).
fn sequence(seed: u64) -> impl Iterator<Item = u64> {
    let mut state = seed;
    std::iter::repeat_with(move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    })
}

fn arrays() -> Vec<(&'static str, ArrayRef)> {
    let ids: Int64Array = sequence(1)
        .take(N)
        .map(|v| (v % 10_000_000) as i64)
        .collect();
    let amounts: Float64Array = sequence(2)
        .take(N)
        .map(|v| (v % 100_000) as f64 / 100.0)
        .collect();
    const STATUS: [&str; 12] = [
        "new",
        "paid",
        "shipped",
        "delivered",
        "returned",
        "cancelled",
        "on_hold",
        "refunded",
        "pending",
        "failed",
        "disputed",
        "closed",
    ];
    let low: StringArray = sequence(3)
        .take(N)
        .map(|v| Some(STATUS[(v % 12) as usize]))
        .collect();
    let high: StringArray = sequence(4)
        .take(N)
        .map(|v| {
            Some(format!(
                "user{}.{}@example{}.com",
                v % 100_000,
                v % 977,
                v % 13
            ))
        })
        .collect();
    vec![
        ("integer", Arc::new(ids)),
        ("float", Arc::new(amounts)),
        ("text_low_cardinality", Arc::new(low)),
        ("text_high_cardinality", Arc::new(high)),
    ]
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("profile_update");
    group.throughput(Throughput::Elements(N as u64));
    let mut cases = arrays();
    if let Some((_, ids)) = cases.first().cloned() {
        cases.push(("integer_key", ids));
    }
    for (name, array) in cases {
        let data_type: DataType = array.data_type().clone();
        let column = if name == "integer_key" {
            "customer_id"
        } else {
            "c"
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut p = ColumnProfile::for_type(column, &data_type);
                p.update(black_box(array.as_ref())).expect("profile");
                black_box(p)
            })
        });
        group.bench_function(format!("{name}/no_quality"), |b| {
            b.iter(|| {
                let mut p = ColumnProfile::for_type(column, &data_type);
                p.quality = None;
                p.update(black_box(array.as_ref())).expect("profile");
                black_box(p)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
