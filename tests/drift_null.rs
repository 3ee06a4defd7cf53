//! No drift where nothing changed: a table compared with itself, and two random halves of one
//! large generated table (200,000 rows, each half profiled on its own, in batches, as a scan
//! would), give no drift finding above `low` and nearly full pilot coverage. Guards against
//! thresholds that ignore sample size or sketch error.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail loudly on a broken fixture"
)]

mod common;

use std::sync::Arc;

use arrow::array::{
    ArrayRef, BooleanArray, Date32Array, Float64Array, Int32Array, Int64Array, StringArray,
};
use arrow::datatypes::DataType;
use gapscan::analysis::drift::{DriftConfig, compare};
use gapscan::profile::{ColumnProfile, FieldInfo, FileInfo, ProfileFile, TableProfile};
use gapscan::report::Severity;

const ROWS: usize = 200_000;
const BATCH: usize = 8_192;

/// One generated row's values.
struct Rows {
    id: Vec<i64>,
    amount: Vec<f64>,
    quantity: Vec<i32>,
    status: Vec<&'static str>,
    country: Vec<&'static str>,
    code: Vec<String>,
    note: Vec<Option<String>>,
    created: Vec<i32>,
    score_text: Vec<String>,
    flag: Vec<bool>,
    optional: Vec<Option<f64>>,
    half: Vec<bool>,
}

fn pick<T: Copy>(u: f64, items: &[(T, f64)]) -> T {
    let mut acc = 0.0;
    for (v, w) in items {
        acc += w;
        if u < acc {
            return *v;
        }
    }
    items[items.len() - 1].0
}

fn generate() -> Rows {
    let mut rng = common::sequence(0x5eed_d21f7);
    let mut unit = move || (rng.next().unwrap() >> 11) as f64 / (1u64 << 53) as f64;
    const WORDS: [&str; 12] = [
        "please", "deliver", "after", "noon", "fragile", "gift", "wrap", "leave", "door", "call",
        "ahead", "thanks",
    ];
    let mut r = Rows {
        id: Vec::new(),
        amount: Vec::new(),
        quantity: Vec::new(),
        status: Vec::new(),
        country: Vec::new(),
        code: Vec::new(),
        note: Vec::new(),
        created: Vec::new(),
        score_text: Vec::new(),
        flag: Vec::new(),
        optional: Vec::new(),
        half: Vec::new(),
    };
    for i in 0..ROWS {
        // Box–Muller for a log-normal amount.
        let (u1, u2) = (unit().max(1e-12), unit());
        let z = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
        r.id.push(i as i64 + 1_000_000);
        r.amount.push(((48f64).ln() + 0.8 * z).exp());
        r.quantity.push(pick(
            unit(),
            &[(1, 0.55), (2, 0.25), (3, 0.10), (4, 0.06), (5, 0.04)],
        ));
        r.status.push(pick(
            unit(),
            &[
                ("delivered", 0.70),
                ("shipped", 0.15),
                ("cancelled", 0.08),
                ("returned", 0.07),
            ],
        ));
        r.country
            .push(pick(unit(), &[("US", 0.88), ("CA", 0.09), ("PR", 0.03)]));
        r.code.push(format!("C-{:07}", (i * 7_919) % ROWS));
        r.note.push((unit() < 0.2).then(|| {
            let n = 1 + (unit() * 6.0) as usize;
            (0..n)
                .map(|_| WORDS[(unit() * WORDS.len() as f64) as usize % WORDS.len()])
                .collect::<Vec<_>>()
                .join(" ")
        }));
        r.created.push(19_723 + (unit() * 365.0) as i32);
        r.score_text.push(format!("{:.2}", unit() * 100.0));
        r.flag.push(unit() < 0.3);
        r.optional.push((unit() >= 0.1).then(|| unit() * 10.0));
        r.half.push(unit() < 0.5);
    }
    r
}

fn column(name: &str, dt: &DataType, arrays: &[ArrayRef]) -> ColumnProfile {
    let mut c = ColumnProfile::for_type(name, dt);
    for a in arrays {
        c.update(a.as_ref()).unwrap();
    }
    c.finish();
    c
}

/// The profile of the rows `keep` selects, built batch by batch.
fn profile(rows: &Rows, keep: impl Fn(usize) -> bool) -> TableProfile {
    let idx: Vec<usize> = (0..ROWS).filter(|&i| keep(i)).collect();
    let batches: Vec<&[usize]> = idx.chunks(BATCH).collect();
    let build = |f: &dyn Fn(&[usize]) -> ArrayRef| -> Vec<ArrayRef> {
        batches.iter().map(|b| f(b)).collect()
    };
    let cols = vec![
        column(
            "id",
            &DataType::Int64,
            &build(&|b| Arc::new(Int64Array::from_iter_values(b.iter().map(|&i| rows.id[i])))),
        ),
        column(
            "amount",
            &DataType::Float64,
            &build(&|b| {
                Arc::new(Float64Array::from_iter_values(
                    b.iter().map(|&i| rows.amount[i]),
                ))
            }),
        ),
        column(
            "quantity",
            &DataType::Int32,
            &build(&|b| {
                Arc::new(Int32Array::from_iter_values(
                    b.iter().map(|&i| rows.quantity[i]),
                ))
            }),
        ),
        column(
            "status",
            &DataType::Utf8,
            &build(&|b| {
                Arc::new(StringArray::from_iter_values(
                    b.iter().map(|&i| rows.status[i]),
                ))
            }),
        ),
        column(
            "country",
            &DataType::Utf8,
            &build(&|b| {
                Arc::new(StringArray::from_iter_values(
                    b.iter().map(|&i| rows.country[i]),
                ))
            }),
        ),
        column(
            "code",
            &DataType::Utf8,
            &build(&|b| {
                Arc::new(StringArray::from_iter_values(
                    b.iter().map(|&i| rows.code[i].as_str()),
                ))
            }),
        ),
        column(
            "note",
            &DataType::Utf8,
            &build(&|b| {
                Arc::new(StringArray::from(
                    b.iter()
                        .map(|&i| rows.note[i].as_deref())
                        .collect::<Vec<_>>(),
                ))
            }),
        ),
        column(
            "created",
            &DataType::Date32,
            &build(&|b| {
                Arc::new(Date32Array::from_iter_values(
                    b.iter().map(|&i| rows.created[i]),
                ))
            }),
        ),
        column(
            "score_text",
            &DataType::Utf8,
            &build(&|b| {
                Arc::new(StringArray::from_iter_values(
                    b.iter().map(|&i| rows.score_text[i].as_str()),
                ))
            }),
        ),
        column(
            "flag",
            &DataType::Boolean,
            &build(&|b| {
                Arc::new(BooleanArray::from(
                    b.iter().map(|&i| rows.flag[i]).collect::<Vec<_>>(),
                ))
            }),
        ),
        column(
            "optional",
            &DataType::Float64,
            &build(&|b| {
                Arc::new(Float64Array::from(
                    b.iter().map(|&i| rows.optional[i]).collect::<Vec<_>>(),
                ))
            }),
        ),
    ];
    let schema = cols
        .iter()
        .map(|c| FieldInfo {
            name: c.name.clone(),
            data_type: c.data_type.clone(),
            nullable: true,
        })
        .collect();
    TableProfile {
        name: "orders".into(),
        source: "generated".into(),
        format: "parquet".into(),
        rows: idx.len() as u64,
        bytes_read: 0,
        partition_columns: Vec::new(),
        files: vec![FileInfo {
            path: "generated.parquet".into(),
            bytes: 0,
            schema,
        }],
        columns: cols,
    }
}

fn file(t: TableProfile) -> ProfileFile {
    ProfileFile::new(vec!["generated".into()], vec![t], Vec::new())
}

#[test]
fn random_halves_of_one_table_show_no_drift_above_low() {
    let rows = generate();
    let a = file(profile(&rows, |i| rows.half[i]));
    let b = file(profile(&rows, |i| !rows.half[i]));
    let (na, nb) = (a.tables[0].rows, b.tables[0].rows);
    assert!(na > 95_000 && nb > 95_000, "{na} {nb}");
    for (base, cur) in [(&a, &b), (&b, &a)] {
        let c = compare(base, cur, &DriftConfig::default());
        let loud: Vec<String> = c
            .findings
            .iter()
            .filter(|f| f.severity > Severity::Low)
            .map(|f| format!("{} {}", f.id, f.message))
            .collect();
        assert!(loud.is_empty(), "{loud:#?}");
        let overall = c.overall_coverage.unwrap();
        assert!(overall > 0.99, "coverage {overall}: {:?}", c.coverage);
    }
}

#[test]
fn a_table_compared_with_itself_has_no_finding_and_full_coverage() {
    let rows = generate();
    let whole = file(profile(&rows, |i| i % 4 == 0));
    let c = compare(&whole, &whole, &DriftConfig::default());
    assert!(c.findings.is_empty(), "{:#?}", c.findings);
    assert_eq!(c.overall_coverage, Some(1.0));
}

#[test]
fn a_shifted_half_is_flagged() {
    // The same generator with the amount scaled by 1.6 in one half: the check that the quiet
    // tests above are quiet because nothing changed, not because nothing can be flagged.
    let mut rows = generate();
    for i in 0..ROWS {
        if !rows.half[i] {
            rows.amount[i] *= 1.6;
        }
    }
    let a = file(profile(&rows, |i| rows.half[i]));
    let b = file(profile(&rows, |i| !rows.half[i]));
    let c = compare(&a, &b, &DriftConfig::default());
    assert!(
        c.findings
            .iter()
            .any(|f| f.id == "orders.amount.distribution_drift" && f.severity >= Severity::Medium),
        "{:#?}",
        c.findings
    );
}
