//! Profiling the part files of a table separately and merging the profiles equals profiling the
//! whole table: exact fields identical, sketches consistent. Driven through the CLI.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers fail loudly on a broken fixture"
)]

mod common;

use common::*;
use gapscan::profile::{ColumnProfile, ProfileFile};

const STATES: [&str; 6] = ["NY", "CA", "TX", " WA", "ny", ""];

fn part_csv(seed: u64, rows: usize, with_note: bool) -> String {
    let mut rng = sequence(seed);
    let mut out = String::from(if with_note {
        "order_id,state,amount,placed_at,note\n"
    } else {
        "order_id,state,amount,placed_at\n"
    });
    for i in 0..rows {
        let r = rng.next().unwrap();
        let state = STATES[(r % STATES.len() as u64) as usize];
        let amount = format!("{}.{:02}", (r >> 10) % 900, (r >> 30) % 100);
        let placed = format!(
            "2024-{:02}-{:02}T{:02}:15:00",
            1 + (r >> 40) % 12,
            1 + (r >> 44) % 28,
            (r >> 50) % 24
        );
        out.push_str(&format!(
            "{},{state},{amount},{placed}",
            seed * 1_000_000 + i as u64
        ));
        if with_note {
            out.push_str(if r.is_multiple_of(4) {
                ",gift wrap"
            } else {
                ","
            });
        }
        out.push('\n');
    }
    out
}

fn assert_exact_fields_equal(merged: &ColumnProfile, whole: &ColumnProfile) {
    let name = &whole.name;
    assert_eq!(merged.rows, whole.rows, "{name} rows");
    assert_eq!(merged.nulls, whole.nulls, "{name} nulls");
    assert_eq!(merged.empty, whole.empty, "{name} empty");
    assert_eq!(
        merged.whitespace_padded, whole.whitespace_padded,
        "{name} padded"
    );
    assert_eq!(merged.min, whole.min, "{name} min");
    assert_eq!(merged.max, whole.max, "{name} max");
    assert_eq!(merged.type_counts, whole.type_counts, "{name} type counts");
    assert_eq!(merged.shapes, whole.shapes, "{name} shapes");
    let (ml, wl) = (
        merged.lengths.as_ref().unwrap(),
        whole.lengths.as_ref().unwrap(),
    );
    assert_eq!(
        (ml.min, ml.max, ml.sum),
        (wl.min, wl.max, wl.sum),
        "{name} lengths"
    );
    if let (Some(m), Some(w)) = (&merged.parsed_numbers, &whole.parsed_numbers) {
        assert_eq!(m.moments.count, w.moments.count, "{name} parsed count");
        assert!((m.moments.mean - w.moments.mean).abs() < 1e-9 * w.moments.mean.abs().max(1.0));
        assert_eq!((m.min, m.max), (w.min, w.max));
    }
    // Sketches: HLL unions are exact unions of registers; top values are exact below capacity.
    assert_eq!(
        merged.summary.distinct_estimate, whole.summary.distinct_estimate,
        "{name} distinct"
    );
    if whole.summary.distinct_estimate < 150 {
        assert_eq!(
            merged.summary.top_values, whole.summary.top_values,
            "{name} top values"
        );
    }
    assert_eq!(merged.summary.inferred_type, whole.summary.inferred_type);
}

#[test]
fn merged_part_profiles_equal_the_whole_table() {
    let root = tempdir();
    let pieces = [(1, 3_000, false), (2, 5_000, true), (3, 1_500, false)];
    // The whole table: one directory of part files.
    let whole_dir = root.path().join("whole/orders");
    std::fs::create_dir_all(&whole_dir).unwrap();
    let mut part_profiles = Vec::new();
    for (seed, rows, note) in pieces {
        let text = part_csv(seed, rows, note);
        std::fs::write(whole_dir.join(format!("part-{seed}.csv")), &text).unwrap();
        // Each part alone, as a table of the same name.
        let part_dir = root.path().join(format!("p{seed}/orders"));
        std::fs::create_dir_all(&part_dir).unwrap();
        std::fs::write(part_dir.join(format!("part-{seed}.csv")), &text).unwrap();
        let (code, _, stderr) = profile_to(
            root.path(),
            &format!("p{seed}.json"),
            &[part_dir.to_str().unwrap()],
            &[],
        );
        assert_eq!(code, 0, "{stderr}");
        part_profiles.push(
            root.path()
                .join(format!("p{seed}.json"))
                .to_string_lossy()
                .to_string(),
        );
    }
    let merged_path = root.path().join("merged.json");
    let mut args = vec!["merge"];
    args.extend(part_profiles.iter().map(String::as_str));
    args.extend(["-o", merged_path.to_str().unwrap()]);
    let (code, _, stderr) = parts(&run(&args));
    assert_eq!(code, 0, "{stderr}");
    let merged = ProfileFile::read(&merged_path).unwrap();
    let (code, whole, stderr) = profile_to(
        root.path(),
        "whole.json",
        &[whole_dir.to_str().unwrap()],
        &[],
    );
    assert_eq!(code, 0, "{stderr}");

    let (m, w) = (table(&merged, "orders"), table(&whole, "orders"));
    assert_eq!(m.rows, w.rows);
    assert_eq!(m.rows, 9_500);
    assert_eq!(m.files.len(), 3);
    for wc in &w.columns {
        assert_exact_fields_equal(column(m, &wc.name), wc);
    }
    // The column only one part has counts the other parts' rows as null, as the whole scan does.
    assert_eq!(column(m, "note").nulls, column(w, "note").nulls);
    // Quantiles agree within twice the rank error.
    let (mq, wq) = (
        &column(m, "amount").summary.quantiles,
        &column(w, "amount").summary.quantiles,
    );
    for (k, v) in wq {
        let spread = (wq["p99"] - wq["p01"]).abs();
        assert!(
            (mq[k] - v).abs() <= 0.03 * spread,
            "{k}: merged {} whole {v}",
            mq[k]
        );
    }
}

#[test]
fn profile_files_round_trip_byte_for_byte() {
    let dir = tempdir();
    std::fs::write(dir.path().join("t.csv"), part_csv(9, 4_000, true)).unwrap();
    let (code, first, _) = profile_to(
        dir.path(),
        "p.json",
        &[dir.path().join("t.csv").to_str().unwrap()],
        &[],
    );
    assert_eq!(code, 0);
    let written = std::fs::read_to_string(dir.path().join("p.json")).unwrap();
    let rewritten = first.to_json();
    if let Some((i, (a, b))) = rewritten
        .lines()
        .zip(written.lines())
        .enumerate()
        .find(|(_, (a, b))| a != b)
    {
        panic!(
            "line {} differs after a round trip:\n  written:   {:.120}\n  rewritten: {:.120}",
            i + 1,
            b,
            a
        );
    }
    assert_eq!(rewritten.len(), written.len());
}

#[test]
fn merge_rejects_a_file_of_another_version() {
    let dir = tempdir();
    std::fs::write(
        dir.path().join("a.json"),
        r#"{"format": "gapscan.profile/v9", "tables": []}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b.json"),
        r#"{"format": "gapscan.profile/v9", "tables": []}"#,
    )
    .unwrap();
    let out = run(&[
        "merge",
        dir.path().join("a.json").to_str().unwrap(),
        dir.path().join("b.json").to_str().unwrap(),
        "-o",
        dir.path().join("m.json").to_str().unwrap(),
    ]);
    let (code, _, stderr) = parts(&out);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("a.json") && stderr.contains("v9"),
        "{stderr}"
    );
}
