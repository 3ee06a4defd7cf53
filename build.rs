//! Compiles the built-in detector files into the binary.
//!
//! Every `detectors/<category>/<id>.json` is listed here and embedded with `include_str!`, so
//! adding a detector is adding a file: no list in Rust source can forget it. The generated
//! `builtin_detectors.rs` holds `(path, text)` pairs sorted by path.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into()));
    let dir = root.join("detectors");
    println!("cargo:rerun-if-changed=detectors");
    let mut files = Vec::new();
    collect(&dir, &mut files);
    for f in &files {
        if let Some(parent) = f.parent() {
            println!("cargo:rerun-if-changed={}", parent.display());
        }
        println!("cargo:rerun-if-changed={}", f.display());
    }
    files.sort();
    let mut code =
        String::from("/// Built-in detector files: (path relative to the crate, text).\n");
    code.push_str("pub const BUILTIN: &[(&str, &str)] = &[\n");
    for f in &files {
        let rel = f.strip_prefix(&root).unwrap_or(f).display().to_string();
        let _ = writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            f.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()));
    if let Err(e) = std::fs::write(out.join("builtin_detectors.rs"), code) {
        panic!("cannot write builtin_detectors.rs: {e}");
    }
}
