//! Every source form and format reads: CSV, TSV, NDJSON, Arrow IPC, Parquet, gzip and zstd text,
//! directories of tables, hive partitions, globs, `--where` and `--sql`.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail loudly on a broken fixture"
)]

mod common;

use std::io::Write;
use std::sync::Arc;

use arrow::array::{Float64Array, Int64Array, RecordBatch, StringArray};
use arrow::ipc::writer::FileWriter;
use common::*;

fn orders_batch(offset: i64, amounts: Vec<f64>) -> RecordBatch {
    let n = amounts.len() as i64;
    RecordBatch::try_from_iter([
        (
            "order_id",
            Arc::new(Int64Array::from_iter_values(offset..offset + n)) as _,
        ),
        ("amount", Arc::new(Float64Array::from(amounts)) as _),
    ])
    .unwrap()
}

#[test]
fn a_directory_of_tables_in_every_format() {
    let dir = tempdir();
    let d = dir.path();
    std::fs::write(
        d.join("customers.csv"),
        "id,name\r\n1,\"Smith, Ann\"\r\n2,\"Bo\nJr\"\r\n3,Cy\r\n",
    )
    .unwrap();
    std::fs::write(d.join("stock.tsv"), "sku\tqty\nA-1\t5\nB-2\t7\n").unwrap();
    std::fs::write(
        d.join("events.ndjson"),
        "{\"id\": 1, \"kind\": \"view\"}\n{\"id\": 2, \"kind\": \"buy\", \"extra\": true}\n",
    )
    .unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"a,b\n1,2\n3,4\n5,6\n").unwrap();
    std::fs::write(d.join("zipped.csv.gz"), gz.finish().unwrap()).unwrap();
    let zst = zstd::encode_all(&b"{\"x\": \"1\"}\n{\"x\": \"2\"}\n"[..], 3).unwrap();
    std::fs::write(d.join("logs.ndjson.zst"), zst).unwrap();
    let batch = orders_batch(0, vec![1.0, 2.0, 3.0, 4.0]);
    let file = std::fs::File::create(d.join("orders.arrow")).unwrap();
    let mut w = FileWriter::try_new(file, &batch.schema()).unwrap();
    w.write(&batch).unwrap();
    w.finish().unwrap();
    write_parquet(
        &d.join("payments.parquet"),
        &orders_batch(100, vec![9.5, 10.5]),
    );
    std::fs::write(d.join("_SUCCESS"), b"").unwrap();

    let out = tempdir();
    let (code, p, stderr) = profile_to(out.path(), "p.json", &[d.to_str().unwrap()], &[]);
    assert_eq!(code, 0, "{stderr} {:?}", p.errors);
    let rows = |name: &str| table(&p, name).rows;
    assert_eq!(
        rows("customers"),
        3,
        "quoted comma, quoted newline and CRLF"
    );
    assert_eq!(
        column(table(&p, "customers"), "name").max,
        Some(gapscan::profile::Value::Text("Smith, Ann".into()))
    );
    assert_eq!(rows("stock"), 2);
    assert_eq!(table(&p, "stock").format, "tsv");
    assert_eq!(rows("events"), 2);
    assert_eq!(column(table(&p, "events"), "extra").nulls, 1);
    assert_eq!(rows("zipped"), 3);
    assert_eq!(rows("logs"), 2);
    assert_eq!(rows("orders"), 4);
    assert_eq!(
        column(table(&p, "orders"), "amount").summary.mean,
        Some(2.5)
    );
    assert_eq!(rows("payments"), 2);
    assert_eq!(p.tables.len(), 7, "_SUCCESS is not a table");
}

#[test]
fn hive_partitions_become_columns_and_part_files_keep_their_schemas() {
    let dir = tempdir();
    let t = dir.path().join("orders");
    for (month, offset) in [("2024-01", 0), ("2024-02", 10)] {
        let p = t.join(format!("order_month={month}"));
        std::fs::create_dir_all(&p).unwrap();
        write_parquet(
            &p.join("part-0.parquet"),
            &orders_batch(offset, vec![1.0; 5]),
        );
    }
    // A third part where amount is an integer: the part files disagree.
    let p = t.join("order_month=2024-03");
    std::fs::create_dir_all(&p).unwrap();
    let batch = RecordBatch::try_from_iter([
        (
            "order_id",
            Arc::new(Int64Array::from_iter_values(20..23)) as _,
        ),
        (
            "amount",
            Arc::new(Int64Array::from(vec![100, 200, 300])) as _,
        ),
        (
            "coupon",
            Arc::new(StringArray::from(vec!["A", "B", "C"])) as _,
        ),
    ])
    .unwrap();
    write_parquet(&p.join("part-0.parquet"), &batch);

    let out = tempdir();
    let (code, profile, stderr) = profile_to(out.path(), "p.json", &[t.to_str().unwrap()], &[]);
    assert_eq!(code, 0, "{stderr} {:?}", profile.errors);
    let orders = table(&profile, "orders");
    assert_eq!(orders.rows, 13);
    assert_eq!(orders.partition_columns, ["order_month"]);
    let month = column(orders, "order_month");
    assert_eq!(month.summary.distinct_estimate, 3);
    assert_eq!(month.nulls, 0);
    assert_eq!(column(orders, "coupon").nulls, 10);
    assert_eq!(
        column(orders, "amount").data_type,
        "Float64",
        "int and float parts read as float"
    );
    let amount_types: Vec<&str> = orders
        .files
        .iter()
        .map(|f| {
            f.schema
                .iter()
                .find(|c| c.name == "amount")
                .unwrap()
                .data_type
                .as_str()
        })
        .collect();
    assert_eq!(amount_types, ["Float64", "Float64", "Int64"]);

    // --where sees the partition column.
    let (code, filtered, _) = profile_to(
        out.path(),
        "f.json",
        &[t.to_str().unwrap()],
        &["--where", "order_month = '2024-02'"],
    );
    assert_eq!(code, 0);
    assert_eq!(table(&filtered, "orders").rows, 5);
    assert_eq!(filtered.filter.as_deref(), Some("order_month = '2024-02'"));
}

#[test]
fn globs_select_files() {
    let dir = tempdir();
    for name in ["a.csv", "b.csv", "c.tsv"] {
        std::fs::write(dir.path().join(name), "x,y\n1,2\n").unwrap();
    }
    let pattern = format!("{}/*.csv", dir.path().display());
    let out = tempdir();
    let (code, p, _) = profile_to(out.path(), "p.json", &[&pattern], &[]);
    assert_eq!(code, 0);
    let names: Vec<&str> = p.tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["a", "b"]);
}

#[test]
fn sql_profiles_a_query_over_the_tables_found() {
    let dir = tempdir();
    std::fs::write(
        dir.path().join("customers.csv"),
        "id,country\n1,NO\n2,IT\n3,NO\n",
    )
    .unwrap();
    write_parquet(
        &dir.path().join("orders.parquet"),
        &orders_batch(0, vec![5.0, 7.0, 9.0, 11.0]),
    );
    let out = tempdir();
    let (code, p, stderr) = profile_to(
        out.path(),
        "p.json",
        &[dir.path().to_str().unwrap()],
        &[
            "--sql",
            "SELECT o.amount, c.country FROM orders o JOIN customers c ON CAST(c.id AS BIGINT) = o.order_id",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let q = table(&p, "query");
    assert_eq!(q.rows, 3);
    assert_eq!(column(q, "amount").summary.mean, Some(9.0));
    assert_eq!(p.tables.len(), 1);
}

#[test]
fn summary_without_output_file_is_a_readable_table() {
    let dir = tempdir();
    std::fs::write(
        dir.path().join("people.csv"),
        "name,born\nAnn,1990-01-02\nBo,1985-07-30\n",
    )
    .unwrap();
    let out = run(&["profile", dir.path().to_str().unwrap()]);
    let (code, stdout, stderr) = parts(&out);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("people  csv · 2 rows · 2 columns"),
        "{stdout}"
    );
    assert!(
        stdout.contains("born") && stdout.contains("date"),
        "{stdout}"
    );
    assert!(
        stderr.is_empty(),
        "no progress when stderr is not a terminal: {stderr}"
    );
}
