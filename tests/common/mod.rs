//! Shared helpers for the integration tests: run the real binary on files in a temporary
//! directory, write test tables, and read profiles back.

#![allow(dead_code, reason = "each test binary uses a different subset")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;

use arrow::array::RecordBatch;
use arrow::datatypes::Schema;
use datafusion::parquet::arrow::ArrowWriter;
use gapscan::profile::{ColumnProfile, ProfileFile, TableProfile};

/// The binary under test.
pub fn gapscan() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gapscan"));
    cmd.env("NO_COLOR", "1");
    cmd
}

/// Runs gapscan with `args` and returns its output.
pub fn run(args: &[&str]) -> Output {
    gapscan().args(args).output().expect("gapscan runs")
}

/// The exit code, stdout and stderr of a run, as text.
pub fn parts(out: &Output) -> (i32, String, String) {
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Profiles `sources` into `dir/name` and returns the parsed profile with the exit code.
pub fn profile_to(
    dir: &Path,
    name: &str,
    sources: &[&str],
    extra: &[&str],
) -> (i32, ProfileFile, String) {
    let out_path = dir.join(name);
    let mut args: Vec<&str> = vec!["profile"];
    args.extend(sources);
    let out_str = out_path.to_string_lossy().to_string();
    args.extend(["-o", out_str.as_str(), "--quiet"]);
    args.extend(extra);
    let out = run(&args);
    let (code, _, stderr) = parts(&out);
    let text = std::fs::read_to_string(&out_path)
        .unwrap_or_else(|e| panic!("no profile written ({e}); stderr: {stderr}"));
    (
        code,
        ProfileFile::from_json(&out_str, &text).expect("profile parses"),
        stderr,
    )
}

/// The table named `name`.
pub fn table<'a>(p: &'a ProfileFile, name: &str) -> &'a TableProfile {
    p.tables.iter().find(|t| t.name == name).unwrap_or_else(|| {
        panic!(
            "no table {name} in {:?}",
            p.tables.iter().map(|t| &t.name).collect::<Vec<_>>()
        )
    })
}

/// The column named `name` of a table.
pub fn column<'a>(t: &'a TableProfile, name: &str) -> &'a ColumnProfile {
    t.column(name)
        .unwrap_or_else(|| panic!("no column {name} in table {}", t.name))
}

/// Writes a Parquet file with one batch.
pub fn write_parquet(path: &Path, batch: &RecordBatch) {
    let file = std::fs::File::create(path).expect("create parquet");
    let mut w = ArrowWriter::try_new(file, batch.schema(), None).expect("writer");
    w.write(batch).expect("write");
    w.close().expect("close");
}

/// Writes a Parquet file with no rows.
pub fn write_empty_parquet(path: &Path, schema: Arc<Schema>) {
    let file = std::fs::File::create(path).expect("create parquet");
    let w = ArrowWriter::try_new(file, schema, None).expect("writer");
    w.close().expect("close");
}

/// A fresh temporary directory.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

/// `dir/name` as a string.
pub fn path_in(dir: &Path, name: &str) -> PathBuf {
    dir.join(name)
}

/// A deterministic pseudo-random sequence (splitmix64), independent of the code under test.
pub fn sequence(seed: u64) -> impl Iterator<Item = u64> {
    let mut state = seed;
    std::iter::repeat_with(move || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    })
}
