//! Bad input never crashes a scan: each kind of unreadable file becomes an error entry naming the
//! file and the reason, the rest is scanned, and the exit code is 3. Usage errors exit 2.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail loudly on a broken fixture"
)]

mod common;

use std::path::Path;
use std::sync::Arc;

use arrow::array::{Int64Array, RecordBatch, StringArray};
use arrow::datatypes::{DataType, Field, Schema};
use common::*;

fn good_csv(dir: &Path) {
    std::fs::write(dir.join("good.csv"), "id,name\n1,Ann\n2,Bo\n3,Cy\n").unwrap();
}

fn batch() -> RecordBatch {
    RecordBatch::try_from_iter([
        ("id", Arc::new(Int64Array::from(vec![1, 2, 3])) as _),
        (
            "name",
            Arc::new(StringArray::from(vec!["a", "b", "c"])) as _,
        ),
    ])
    .unwrap()
}

/// Profiles `dir`, expects exit 3 with one error naming `bad` whose message contains `reason`,
/// and the good table profiled.
fn expect_named_error(dir: &Path, bad: &str, reason: &str) {
    let out_dir = tempdir();
    let (code, profile, stderr) =
        profile_to(out_dir.path(), "p.json", &[dir.to_str().unwrap()], &[]);
    assert_eq!(code, 3, "stderr: {stderr}");
    let hit = profile
        .errors
        .iter()
        .find(|e| e.source.ends_with(bad))
        .unwrap_or_else(|| panic!("no error for {bad}: {:?}", profile.errors));
    assert!(
        hit.message.to_lowercase().contains(&reason.to_lowercase()),
        "message for {bad} is {:?}, expected it to mention {reason:?}",
        hit.message
    );
    assert_eq!(table(&profile, "good").rows, 3);
}

#[test]
fn corrupt_parquet_is_named() {
    let dir = tempdir();
    good_csv(dir.path());
    std::fs::write(
        dir.path().join("broken.parquet"),
        b"PAR1 this is not parquet at all PAR1",
    )
    .unwrap();
    expect_named_error(dir.path(), "broken.parquet", "not a readable parquet file");
}

#[test]
fn truncated_parquet_is_named() {
    let dir = tempdir();
    good_csv(dir.path());
    let full = dir.path().join("full.parquet");
    write_parquet(&full, &batch());
    let bytes = std::fs::read(&full).unwrap();
    std::fs::remove_file(&full).unwrap();
    std::fs::write(dir.path().join("cut.parquet"), &bytes[..bytes.len() / 2]).unwrap();
    expect_named_error(dir.path(), "cut.parquet", "parquet");
}

#[test]
fn empty_file_is_named() {
    let dir = tempdir();
    good_csv(dir.path());
    std::fs::write(dir.path().join("nothing.csv"), b"").unwrap();
    expect_named_error(dir.path(), "nothing.csv", "empty file");
}

#[test]
fn zero_row_parquet_is_named() {
    let dir = tempdir();
    good_csv(dir.path());
    let schema = Arc::new(Schema::new(vec![Field::new("id", DataType::Int64, true)]));
    write_empty_parquet(&dir.path().join("zero.parquet"), schema);
    expect_named_error(dir.path(), "zero.parquet", "no rows");
}

#[test]
fn header_only_csv_is_named() {
    let dir = tempdir();
    good_csv(dir.path());
    std::fs::write(dir.path().join("header.csv"), "id,name\n").unwrap();
    expect_named_error(dir.path(), "header.csv", "no rows");
}

#[test]
fn ragged_csv_is_named() {
    let dir = tempdir();
    good_csv(dir.path());
    let mut text = String::from("a,b,c\n");
    for i in 0..100 {
        text.push_str(&format!("{i},x,y\n"));
    }
    text.push_str("100,x,y,extra,fields\n");
    std::fs::write(dir.path().join("ragged.csv"), text).unwrap();
    expect_named_error(dir.path(), "ragged.csv", "fields");
}

#[test]
fn invalid_utf8_is_named() {
    let dir = tempdir();
    good_csv(dir.path());
    std::fs::write(
        dir.path().join("latin1.csv"),
        b"id,city\n1,Z\xfcrich\n2,Oslo\n",
    )
    .unwrap();
    expect_named_error(dir.path(), "latin1.csv", "invalid utf-8");
}

#[test]
fn unknown_extension_is_named() {
    let dir = tempdir();
    good_csv(dir.path());
    std::fs::write(dir.path().join("notes.xlsx"), b"not a table").unwrap();
    expect_named_error(dir.path(), "notes.xlsx", "unknown file format");
}

#[test]
fn mixed_formats_in_one_table_are_named() {
    let dir = tempdir();
    good_csv(dir.path());
    let t = dir.path().join("orders");
    std::fs::create_dir(&t).unwrap();
    write_parquet(&t.join("part-0.parquet"), &batch());
    write_parquet(&t.join("part-1.parquet"), &batch());
    std::fs::write(t.join("part-2.csv"), "id,name\n9,z\n").unwrap();
    expect_named_error(dir.path(), "part-2.csv", "mixed formats");
    let out_dir = tempdir();
    let (_, profile, _) = profile_to(
        out_dir.path(),
        "p.json",
        &[dir.path().to_str().unwrap()],
        &[],
    );
    assert_eq!(
        table(&profile, "orders").rows,
        6,
        "the two Parquet parts are still profiled"
    );
}

#[test]
fn missing_path_is_named_and_the_rest_scanned() {
    let dir = tempdir();
    good_csv(dir.path());
    let good = dir.path().join("good.csv");
    let missing = dir.path().join("missing.parquet");
    let out_dir = tempdir();
    let (code, profile, _) = profile_to(
        out_dir.path(),
        "p.json",
        &[good.to_str().unwrap(), missing.to_str().unwrap()],
        &[],
    );
    assert_eq!(code, 3);
    assert!(
        profile
            .errors
            .iter()
            .any(|e| e.source.ends_with("missing.parquet") && e.message.contains("no such file"))
    );
    assert_eq!(table(&profile, "good").rows, 3);
}

#[test]
fn unreadable_file_is_named() {
    let dir = tempdir();
    good_csv(dir.path());
    // A link to nowhere cannot be opened, whoever runs the test (root reads a chmod-000 file).
    std::os::unix::fs::symlink(dir.path().join("gone.csv"), dir.path().join("dangling.csv"))
        .unwrap();
    expect_named_error(dir.path(), "dangling.csv", "no such file");
}

#[test]
fn nothing_readable_exits_2_with_one_line() {
    let dir = tempdir();
    std::fs::write(dir.path().join("nothing.csv"), b"").unwrap();
    let out = run(&["profile", dir.path().to_str().unwrap(), "--quiet"]);
    let (code, stdout, stderr) = parts(&out);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    assert!(stderr.contains("nothing.csv"));
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    let (code, _, stderr) = parts(&run(&["profile", "x.csv", "--threads", "0"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("--threads"), "{stderr}");
    let (code, _, stderr) = parts(&run(&["profile", "x.csv", "--no-such-flag"]));
    assert_eq!(code, 2);
    assert!(stderr.contains("--no-such-flag"), "{stderr}");
    let (code, _, _) = parts(&run(&["merge", "only-one.json", "-o", "x.json"]));
    assert_eq!(code, 2);
}

#[test]
fn a_junk_value_in_text_never_fails_a_table() {
    let dir = tempdir();
    std::fs::write(
        dir.path().join("t.csv"),
        "id,amount\n1,10.5\n2,abc\n3,\u{1F600}\n4,-\n5,1e999\n",
    )
    .unwrap();
    let out_dir = tempdir();
    let (code, profile, _) = profile_to(
        out_dir.path(),
        "p.json",
        &[dir.path().to_str().unwrap()],
        &[],
    );
    assert_eq!(code, 0);
    let t = table(&profile, "t");
    assert_eq!(t.rows, 5);
    assert_eq!(column(t, "amount").type_counts.unwrap().candidates, 5);
}
