//! Sensitive-field detection throughput, in text values per second: the cost the detectors add
//! to `ColumnProfile::update` on one 64 Ki-value array, measured as profiling with detection
//! against profiling without it, on three kinds of columns: low-cardinality categories (the
//! common case, where per-batch deduplication means each distinct value is matched once),
//! high-cardinality e-mail addresses (every value matches and validates), and free-text notes
//! (the embedded-entity search). Also the raw matcher on single values.

use std::hint::black_box;
use std::sync::Arc;

use arrow::array::{ArrayRef, StringArray};
use arrow::datatypes::DataType;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use gapscan::detect::{ColumnScanner, DetectionConfig, Detectors};
use gapscan::profile::ColumnProfile;

const N: usize = 64 * 1024;

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

fn arrays() -> Vec<(&'static str, &'static str, ArrayRef)> {
    const STATUS: [&str; 6] = [
        "new",
        "paid",
        "shipped",
        "delivered",
        "returned",
        "cancelled",
    ];
    let status: StringArray = sequence(1)
        .take(N)
        .map(|v| Some(STATUS[(v % 6) as usize]))
        .collect();
    let emails: StringArray = sequence(2)
        .take(N)
        .map(|v| {
            Some(format!(
                "user{}.name{}@example{}.com",
                v % 100_000,
                v % 97,
                v % 13
            ))
        })
        .collect();
    let notes: StringArray = sequence(3)
        .take(N)
        .map(|v| {
            Some(if v % 10 == 0 {
                format!(
                    "Customer asked us to send receipts to jo{}@mail.example.org today.",
                    v % 1000
                )
            } else {
                format!(
                    "Follow-up call about order {} scheduled for next week.",
                    v % 100_000
                )
            })
        })
        .collect();
    vec![
        ("status", "categories", Arc::new(status)),
        ("email", "emails", Arc::new(emails)),
        ("notes", "free_text", Arc::new(notes)),
    ]
}

fn bench(c: &mut Criterion) {
    let detectors = Arc::new(Detectors::builtin().expect("built-in detectors load"));
    let config = DetectionConfig {
        detectors: Arc::clone(&detectors),
        sample: None,
    };
    let mut group = c.benchmark_group("detection");
    group.throughput(Throughput::Elements(N as u64));
    for (name, label, array) in arrays() {
        group.bench_function(format!("{label}/profile_only"), |b| {
            b.iter(|| {
                let mut p = ColumnProfile::for_type(name, &DataType::Utf8);
                p.update(black_box(array.as_ref())).expect("profile");
                black_box(p.rows)
            })
        });
        group.bench_function(format!("{label}/profile_with_detection"), |b| {
            b.iter(|| {
                let mut p = ColumnProfile::for_type(name, &DataType::Utf8);
                p.scanner = Some(ColumnScanner::new(&config, name));
                p.update(black_box(array.as_ref())).expect("profile");
                black_box(p.detection.values)
            })
        });
    }
    group.finish();
    let values: Vec<String> = sequence(4)
        .take(4096)
        .map(|v| match v % 4 {
            0 => format!("{}-45-{:04}", 100 + v % 500, v % 10_000),
            1 => format!("order-{}", v % 100_000),
            2 => format!("Call me at (415) 867-{:04} please", v % 10_000),
            _ => "delivered".to_string(),
        })
        .collect();
    let mut g = c.benchmark_group("matcher");
    g.throughput(Throughput::Elements(values.len() as u64));
    g.bench_function("find_mixed_values", |b| {
        b.iter(|| {
            let mut n = 0;
            for v in &values {
                n += detectors.find(black_box(v), "ref_code").len();
            }
            black_box(n)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
