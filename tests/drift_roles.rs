//! Columns whose values drift must not compare: identifiers, sensitive or masked columns, free
//! text and partition keys. Each test builds a baseline and a current column that would drift
//! as a plain value column (checked by a control under a neutral name or role) and asserts that
//! the role removes the value-drift findings and the column's pilot coverage, while schema and
//! null-rate checks stay.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail loudly on a broken fixture"
)]

use std::sync::Arc;

use arrow::array::{ArrayRef, Int64Array, StringArray};
use gapscan::analysis::drift::{Comparison, DriftConfig, compare, compare_with};
use gapscan::profile::{ColumnProfile, ProfileFile, TableProfile};
use gapscan::report::FindingKind;

fn column(name: &str, values: ArrayRef) -> ColumnProfile {
    let mut c = ColumnProfile::for_type(name, values.data_type());
    c.update(&values).unwrap();
    c.finish();
    c
}

fn table(columns: Vec<ColumnProfile>, partitions: &[&str]) -> TableProfile {
    let rows = columns.first().map_or(0, |c| c.rows);
    TableProfile {
        name: "t".into(),
        source: "t".into(),
        format: "parquet".into(),
        rows,
        bytes_read: 0,
        partition_columns: partitions.iter().map(|p| p.to_string()).collect(),
        files: Vec::new(),
        columns,
    }
}

fn file(t: TableProfile) -> ProfileFile {
    ProfileFile::new(vec!["x".into()], vec![t], Vec::new())
}

fn text(values: Vec<String>) -> ArrayRef {
    Arc::new(StringArray::from_iter_values(values))
}

/// Finding kinds on `column`.
fn kinds(c: &Comparison, column: &str) -> Vec<FindingKind> {
    c.findings
        .iter()
        .filter(|f| f.column.as_deref() == Some(column))
        .map(|f| f.kind)
        .collect()
}

/// Whether `column` counts towards the table's pilot coverage.
fn in_coverage(c: &Comparison, column: &str) -> bool {
    c.coverage[0].columns.iter().any(|x| x.column == column)
}

fn compare_one(b: ColumnProfile, c: ColumnProfile, partitions: &[&str]) -> Comparison {
    compare(
        &file(table(vec![b], partitions)),
        &file(table(vec![c], partitions)),
        &DriftConfig::default(),
    )
}

#[test]
fn an_id_whose_range_moved_has_no_finding_and_no_coverage() {
    // Pilot ids 1..=1000, production ids 5001..=25000: a value column would get
    // distribution_drift and a 100% range_coverage finding.
    let ids = |lo: i64, hi: i64| -> ArrayRef { Arc::new(Int64Array::from_iter_values(lo..=hi)) };
    let c = compare_one(
        column("order_id", ids(1, 1000)),
        column("order_id", ids(5001, 25_000)),
        &[],
    );
    assert!(c.findings.is_empty(), "{:?}", c.findings);
    assert!(!in_coverage(&c, "order_id"));
    assert_eq!(c.overall_coverage, Some(1.0));
    // Control: the same values under a measure's name drift and leave production uncovered.
    let control = compare_one(
        column("amount", ids(1, 1000)),
        column("amount", ids(5001, 25_000)),
        &[],
    );
    let k = kinds(&control, "amount");
    assert!(k.contains(&FindingKind::RangeCoverage), "{k:?}");
    assert!(k.contains(&FindingKind::DistributionDrift), "{k:?}");
    assert!(in_coverage(&control, "amount"));
}

#[test]
fn a_foreign_key_is_an_identifier_but_a_few_stores_are_not() {
    // customer_id repeats each customer about twice (distinct ratio ~0.5): an identifier.
    let fk = |n: i64, lo: i64| -> ArrayRef {
        Arc::new(Int64Array::from_iter_values((0..n).map(|i| lo + i / 2)))
    };
    let c = compare_one(
        column("customer_id", fk(1000, 0)),
        column("customer_id", fk(10_000, 400)),
        &[],
    );
    assert!(kinds(&c, "customer_id").is_empty(), "{:?}", c.findings);
    // store_id: 10 stores in the pilot, 2,000 in production. Not near-unique on either side
    // at the pilot's sample size, so cardinality_change stays.
    let stores = |n: usize, k: usize| {
        text(
            (0..n)
                .map(|i| format!("ST-{:04}", (i * 7919) % k))
                .collect(),
        )
    };
    let c = compare_one(
        column("store_id", stores(1500, 10)),
        column("store_id", stores(20_000, 2000)),
        &[],
    );
    assert!(
        kinds(&c, "store_id").contains(&FindingKind::CardinalityChange),
        "{:?}",
        c.findings
    );
}

#[test]
fn a_masked_pilot_column_gets_no_value_drift() {
    // Pilot SSNs masked to `***-**-1234`, production real: shapes and cardinality would move.
    let masked = text(
        (0..400)
            .map(|i| format!("***-**-{:04}", i * 7 % 10_000))
            .collect(),
    );
    let real = text(
        (0..5000)
            .map(|i| format!("{:03}-{:02}-{:04}", 100 + i % 700, 10 + i % 89, i))
            .collect(),
    );
    let c = compare_one(
        column("ref_code", masked.clone()),
        column("ref_code", real.clone()),
        &[],
    );
    assert!(c.findings.is_empty(), "{:?}", c.findings);
    assert!(!in_coverage(&c, "ref_code"));
    // Placeholder contacts (example.com addresses) are masking too; the value-drift checks
    // are skipped for them as for `is_sensitive` columns.
    let placeholder = text(
        (0..400)
            .map(|i| format!("user{i:04}@example.com"))
            .collect(),
    );
    let contacts = text(
        (0..5000)
            .map(|i| format!("{}{}@mail{}.net", ["ann", "bo", "cy"][i % 3], i, i % 9))
            .collect(),
    );
    let c = compare_one(
        column("contact", placeholder),
        column("contact", contacts.clone()),
        &[],
    );
    assert!(c.findings.is_empty(), "{:?}", c.findings);
    // Named sensitive by the caller: a categorical column whose mix moved is not compared.
    let cats = |n: usize, split: usize| {
        text(
            (0..n)
                .map(|i| if i % 10 < split { "a" } else { "b" }.to_string())
                .collect(),
        )
    };
    let (b, cur) = (
        file(table(vec![column("tier", cats(1000, 5))], &[])),
        file(table(vec![column("tier", cats(10_000, 9))], &[])),
    );
    let plain = compare(&b, &cur, &DriftConfig::default());
    assert!(
        kinds(&plain, "tier").contains(&FindingKind::DistributionDrift),
        "{:?}",
        plain.findings
    );
    let hidden = compare_with(&b, &cur, &DriftConfig::default(), &|_, col| col == "tier");
    assert!(hidden.findings.is_empty(), "{:?}", hidden.findings);
    assert!(!in_coverage(&hidden, "tier"));
}

#[test]
fn free_text_gets_no_new_categories() {
    // A handful of canned sentences in the pilot, new sentences in production: as categories
    // this is new_categories and distribution_drift.
    let sentences = [
        "Asked about the loyalty program today.",
        "VIP customer - priority support please.",
        "Prefers delivery after five in the evening.",
        "Called twice about a missing parcel.",
    ];
    let pilot = text((0..400).map(|i| sentences[i % 4].to_string()).collect());
    let production = text(
        (0..5000)
            .map(|i| match i % 5 {
                4 => format!("Complained about order number {} arriving late.", i % 40),
                k => sentences[k].to_string(),
            })
            .collect(),
    );
    let c = compare_one(column("notes", pilot), column("notes", production), &[]);
    let k = kinds(&c, "notes");
    assert!(!k.contains(&FindingKind::NewCategories), "{:?}", c.findings);
    assert!(
        !k.contains(&FindingKind::CardinalityChange),
        "{:?}",
        c.findings
    );
    assert!(!in_coverage(&c, "notes"));
}

#[test]
fn a_partition_column_gets_no_new_categories() {
    let months = |n: usize, k: usize, from: usize| {
        text(
            (0..n)
                .map(|i| format!("2024-{:02}", from + i % k))
                .collect(),
        )
    };
    let b = column("order_month", months(1500, 3, 1));
    let c = column("order_month", months(20_000, 12, 1));
    let partitioned = compare_one(b.clone(), c.clone(), &["order_month"]);
    assert!(
        partitioned.findings.is_empty(),
        "{:?}",
        partitioned.findings
    );
    assert!(!in_coverage(&partitioned, "order_month"));
    // Control: the same column, not a partition key, has new categories.
    let plain = compare_one(b, c, &[]);
    assert!(
        kinds(&plain, "order_month").contains(&FindingKind::NewCategories),
        "{:?}",
        plain.findings
    );
}
