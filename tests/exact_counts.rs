//! Counts are exact: the expected numbers are computed here, from the raw values the test wrote,
//! with plain loops that share no code with the profiler.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail loudly on a broken fixture"
)]

mod common;

use std::sync::Arc;

use arrow::array::{BooleanArray, Date32Array, Float64Array, Int64Array, RecordBatch, StringArray};
use common::*;
use gapscan::profile::sketch::DistinctSketch;
use gapscan::profile::{ProfileFile, Value};

const CITIES: [&str; 7] = ["Oslo", "Rome", " Paris", "Lima ", "São Paulo", "", "N/A"];

struct Reference {
    n: u64,
    nulls: u64,
    padded: u64,
    min: String,
    max: String,
}

fn text_reference(values: &[&str]) -> Reference {
    let non_null: Vec<&str> = values.iter().copied().filter(|v| !v.is_empty()).collect();
    Reference {
        n: values.len() as u64,
        nulls: (values.len() - non_null.len()) as u64,
        padded: non_null.iter().filter(|v| v.trim() != **v).count() as u64,
        min: non_null.iter().min().unwrap().to_string(),
        max: non_null.iter().max().unwrap().to_string(),
    }
}

/// Mean and sample variance by the two-pass textbook formula.
fn mean_var(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0);
    (mean, var)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

/// Profiles `batch`, written as the Parquet file `<name>.parquet`, on two threads; the run must
/// succeed and count every row.
fn profile_parquet(name: &str, batch: &RecordBatch) -> ProfileFile {
    let dir = tempdir();
    let file = dir.path().join(format!("{name}.parquet"));
    write_parquet(&file, batch);
    let (code, profile, stderr) = profile_to(
        dir.path(),
        "p.json",
        &[file.to_str().unwrap()],
        &["--threads", "2"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(table(&profile, name).rows, batch.num_rows() as u64);
    profile
}

#[test]
fn csv_text_columns_count_exactly() {
    let n = 20_000;
    let mut rng = sequence(11);
    let mut cities = Vec::with_capacity(n);
    let mut amounts = Vec::with_capacity(n);
    let mut csv = String::from("id,city,amount\n");
    for i in 0..n {
        let r = rng.next().unwrap();
        let city = CITIES[(r % CITIES.len() as u64) as usize];
        let amount = match r % 50 {
            0 => String::new(),
            1 => "n/a".to_string(),
            _ => format!("{}.{:02}", (r >> 8) % 5_000, (r >> 24) % 100),
        };
        csv.push_str(&format!("{i},\"{city}\",{amount}\n"));
        cities.push(city);
        amounts.push(amount);
    }
    let dir = tempdir();
    std::fs::write(dir.path().join("t.csv"), csv).unwrap();
    let out = tempdir();
    let (code, profile, stderr) = profile_to(
        out.path(),
        "p.json",
        &[dir.path().join("t.csv").to_str().unwrap()],
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    let t = table(&profile, "t");
    assert_eq!(t.rows, n as u64);

    // In CSV an empty field is null.
    let reference = text_reference(&cities);
    let city = column(t, "city");
    assert_eq!(city.rows, reference.n);
    assert_eq!(city.nulls, reference.nulls);
    assert_eq!(city.whitespace_padded, reference.padded);
    assert_eq!(city.min, Some(Value::Text(reference.min)));
    assert_eq!(city.max, Some(Value::Text(reference.max)));
    let lengths = city.lengths.as_ref().unwrap();
    let non_null: Vec<&str> = cities.iter().copied().filter(|c| !c.is_empty()).collect();
    assert_eq!(
        lengths.sum,
        non_null
            .iter()
            .map(|c| c.chars().count() as u64)
            .sum::<u64>()
    );
    assert_eq!(
        lengths.max,
        non_null
            .iter()
            .map(|c| c.chars().count() as u64)
            .max()
            .unwrap()
    );

    let amount = column(t, "amount");
    let parsed: Vec<f64> = amounts
        .iter()
        .filter_map(|a| a.parse::<f64>().ok())
        .collect();
    assert_eq!(
        amount.nulls,
        amounts.iter().filter(|a| a.is_empty()).count() as u64
    );
    let counts = amount.type_counts.unwrap();
    assert_eq!(counts.decimal, parsed.len() as u64);
    assert_eq!(
        counts.candidates,
        amounts.iter().filter(|a| !a.is_empty()).count() as u64
    );
    assert_eq!(amount.summary.inferred_type, "decimal");
    let (mean, var) = mean_var(&parsed);
    assert!(close(amount.summary.mean.unwrap(), mean));
    assert!(close(amount.summary.std_dev.unwrap().powi(2), var));
    let numbers = amount.parsed_numbers.as_ref().unwrap();
    assert_eq!(numbers.min, parsed.iter().copied().reduce(f64::min));
    assert_eq!(numbers.max, parsed.iter().copied().reduce(f64::max));

    let id = column(t, "id");
    assert_eq!(id.summary.inferred_type, "integer");
    let error = (id.summary.distinct_estimate as f64 - n as f64).abs() / n as f64;
    assert!(
        error <= 3.0 * DistinctSketch::relative_standard_error(),
        "distinct {}",
        id.summary.distinct_estimate
    );
}

#[test]
fn parquet_typed_columns_count_exactly() {
    let n = 50_000usize;
    let mut rng = sequence(5);
    let mut ints = Vec::with_capacity(n);
    let mut floats = Vec::with_capacity(n);
    let mut flags = Vec::with_capacity(n);
    let mut days = Vec::with_capacity(n);
    for _ in 0..n {
        let r = rng.next().unwrap();
        ints.push((!r.is_multiple_of(13)).then_some((r >> 16) as i64 % 1_000_000 - 500_000));
        floats.push(match r % 97 {
            0 => None,
            1 => Some(f64::NAN),
            _ => Some(((r >> 20) % 1_000_000) as f64 / 7.0),
        });
        flags.push((!r.is_multiple_of(5)).then_some(r.is_multiple_of(3)));
        days.push(Some(19_000 + (r % 700) as i32));
    }
    let batch = RecordBatch::try_from_iter([
        ("i", Arc::new(Int64Array::from(ints.clone())) as _),
        ("f", Arc::new(Float64Array::from(floats.clone())) as _),
        ("b", Arc::new(BooleanArray::from(flags.clone())) as _),
        ("d", Arc::new(Date32Array::from(days.clone())) as _),
        ("s", Arc::new(StringArray::from(vec![Some("x"); n])) as _),
    ])
    .unwrap();
    let profile = profile_parquet("typed", &batch);
    let t = table(&profile, "typed");

    let i = column(t, "i");
    let present: Vec<f64> = ints.iter().flatten().map(|v| *v as f64).collect();
    assert_eq!(i.nulls, ints.iter().filter(|v| v.is_none()).count() as u64);
    assert_eq!(
        i.min,
        Some(Value::Int(*ints.iter().flatten().min().unwrap()))
    );
    assert_eq!(
        i.max,
        Some(Value::Int(*ints.iter().flatten().max().unwrap()))
    );
    let (mean, var) = mean_var(&present);
    assert!(close(i.summary.mean.unwrap(), mean));
    assert!(close(i.summary.std_dev.unwrap().powi(2), var));

    let f = column(t, "f");
    let finite: Vec<f64> = floats
        .iter()
        .flatten()
        .copied()
        .filter(|v| v.is_finite())
        .collect();
    assert_eq!(
        f.non_finite,
        floats.iter().flatten().filter(|v| v.is_nan()).count() as u64
    );
    assert_eq!(
        f.nulls,
        floats.iter().filter(|v| v.is_none()).count() as u64
    );
    let (mean, var) = mean_var(&finite);
    assert!(close(f.summary.mean.unwrap(), mean));
    assert!(close(f.summary.std_dev.unwrap().powi(2), var));

    let b = column(t, "b");
    assert_eq!(
        b.true_count,
        flags.iter().filter(|v| **v == Some(true)).count() as u64
    );
    assert_eq!(
        b.false_count,
        flags.iter().filter(|v| **v == Some(false)).count() as u64
    );
    assert_eq!(b.nulls, flags.iter().filter(|v| v.is_none()).count() as u64);

    let d = column(t, "d");
    let day_us = |d: i32| i64::from(d) * 86_400_000_000;
    assert_eq!(
        d.min,
        Some(Value::TimeUs(day_us(*days.iter().flatten().min().unwrap())))
    );
    assert_eq!(
        d.max,
        Some(Value::TimeUs(day_us(*days.iter().flatten().max().unwrap())))
    );
    assert_eq!(d.summary.inferred_type, "date");

    let s = column(t, "s");
    assert_eq!(s.summary.distinct_estimate, 1);
    assert_eq!(s.summary.top_values[0].count, n as u64);
}

#[test]
fn parquet_text_columns_count_exactly() {
    // Parquet strings are read as views: those of up to 12 bytes sit in the view itself, longer
    // ones point into the page. Both lengths, empty and padded values, non-ASCII text and nulls,
    // in a dictionary-encoded column of a few values and a plain one of many.
    let n = 30_000usize;
    let mut rng = sequence(23);
    let mut few = Vec::with_capacity(n);
    let mut many = Vec::with_capacity(n);
    for i in 0..n {
        let r = rng.next().unwrap();
        few.push(
            (!r.is_multiple_of(11)).then(|| CITIES[(r % CITIES.len() as u64) as usize].to_string()),
        );
        many.push(match r % 29 {
            0 => None,
            1 => Some(String::new()),
            2 => Some(format!(" ref-{i} ")),
            3 => Some(format!("Zürich order {i} for a customer who waited")),
            _ if r.is_multiple_of(2) => Some(format!("o-{}", r % 1_000_000)),
            _ => Some(format!(
                "order {} shipped on day {}",
                r % 1_000_000,
                i % 365
            )),
        });
    }
    let batch = RecordBatch::try_from_iter([
        ("few", Arc::new(StringArray::from(few.clone())) as _),
        ("many", Arc::new(StringArray::from(many.clone())) as _),
    ])
    .unwrap();
    let profile = profile_parquet("texts", &batch);
    let t = table(&profile, "texts");
    for (name, values) in [("few", &few), ("many", &many)] {
        let present: Vec<&str> = values.iter().flatten().map(String::as_str).collect();
        let c = column(t, name);
        assert_eq!(c.data_type, "Utf8", "{name}");
        assert_eq!(c.nulls, (n - present.len()) as u64, "{name}");
        assert_eq!(
            c.empty,
            present.iter().filter(|v| v.is_empty()).count() as u64
        );
        assert_eq!(
            c.whitespace_padded,
            present
                .iter()
                .filter(|v| !v.is_empty() && v.trim() != **v)
                .count() as u64,
            "{name}"
        );
        let min = present.iter().min().unwrap().to_string();
        let max = present.iter().max().unwrap().to_string();
        assert_eq!(c.min, Some(Value::Text(min)), "{name}");
        assert_eq!(c.max, Some(Value::Text(max)), "{name}");
        let chars: Vec<u64> = present.iter().map(|v| v.chars().count() as u64).collect();
        let lengths = c.lengths.as_ref().unwrap();
        assert_eq!(lengths.sum, chars.iter().sum::<u64>(), "{name}");
        assert_eq!(lengths.min, *chars.iter().min().unwrap(), "{name}");
        assert_eq!(lengths.max, *chars.iter().max().unwrap(), "{name}");
    }
}
