//! From what the user named (files, directories, globs) to tables.
//!
//! A file is a table named by its stem. In a directory, each file or sub-directory directly inside
//! is a table; a directory whose entries are part files (`part-*`) or hive-style `key=value/`
//! folders is itself one table, its partition keys becoming columns. Hidden entries (`.x`, `_x`,
//! such as `_SUCCESS`) are skipped. Every file is inspected here; the ones that cannot be read
//! become [`InputError`]s and the rest go on.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::profile::InputError;

use super::format::{FileKind, Format, kind_of, table_name_of};
use super::inspect::{Inspection, inspect};

/// One readable file of a table.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path of the file.
    pub path: PathBuf,
    /// Format and compression.
    pub kind: FileKind,
    /// Size on disk.
    pub bytes: u64,
    /// Hive partition values from the path (`key=value` folders), in key order.
    pub partition_values: Vec<(String, String)>,
    /// Schema and dialect.
    pub inspection: Inspection,
}

/// A table to scan: a name, where it lives, and its readable files.
#[derive(Clone, Debug)]
pub struct TableSource {
    /// Table name.
    pub name: String,
    /// The command-line source it was found through.
    pub origin: String,
    /// The file, or the table's directory.
    pub root: PathBuf,
    /// Format shared by all its files.
    pub format: Format,
    /// Readable files, sorted by path.
    pub files: Vec<SourceFile>,
    /// Hive partition keys, in folder order.
    pub partition_columns: Vec<String>,
    /// Whether some of its files could not be read (then it is scanned file by file).
    pub has_bad_files: bool,
}

impl TableSource {
    /// Bytes of its readable files.
    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.bytes).sum()
    }
}

/// Finds the tables behind `sources`, inspecting every file.
pub fn discover(sources: &[String], forced: Option<Format>) -> (Vec<TableSource>, Vec<InputError>) {
    let mut found = Discovery {
        forced,
        tables: Vec::new(),
        errors: Vec::new(),
    };
    for source in sources {
        if source.contains(['*', '?', '[']) {
            match glob::glob(source) {
                Err(e) => found.error(source, format!("invalid glob pattern: {e}")),
                Ok(paths) => {
                    let mut matched: Vec<PathBuf> = Vec::new();
                    for p in paths {
                        match p {
                            Ok(p) => matched.push(p),
                            Err(e) => {
                                found.error(&e.path().display().to_string(), e.error().to_string())
                            }
                        }
                    }
                    if matched.is_empty() {
                        found.error(source, "the glob matched no file".into());
                    }
                    matched.sort();
                    for p in matched {
                        found.path(source, &p);
                    }
                }
            }
        } else {
            found.path(source, Path::new(source));
        }
    }
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut tables = Vec::new();
    for t in found.tables {
        if let Some(first) = seen.get(&t.name) {
            found.errors.push(InputError {
                source: t.root.display().to_string(),
                message: format!(
                    "a table named `{}` was already found at {first}; scan the two in separate runs",
                    t.name
                ),
            });
            continue;
        }
        seen.insert(t.name.clone(), t.root.display().to_string());
        tables.push(t);
    }
    (tables, found.errors)
}

struct Discovery {
    forced: Option<Format>,
    tables: Vec<TableSource>,
    errors: Vec<InputError>,
}

fn hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') || n.starts_with('_'))
}

fn is_partition_dir(path: &Path) -> bool {
    path.is_dir()
        && path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.contains('=') && !n.starts_with('='))
}

fn is_part_file(path: &Path) -> bool {
    path.is_file()
        && path.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
            n.starts_with("part-") || n.starts_with("part_") || n.starts_with("part.")
        })
}

fn sorted_entries(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| !hidden(p))
        .collect();
    entries.sort();
    Ok(entries)
}

impl Discovery {
    fn error(&mut self, source: &str, message: String) {
        self.errors.push(InputError {
            source: source.to_string(),
            message,
        });
    }

    fn path(&mut self, origin: &str, path: &Path) {
        let shown = path.display().to_string();
        match std::fs::metadata(path) {
            Err(e) => self.error(&shown, describe_io(&e)),
            Ok(m) if m.is_file() => {
                self.table(origin, table_name_of(path), path, vec![path.to_path_buf()])
            }
            Ok(m) if m.is_dir() => match sorted_entries(path) {
                Err(e) => self.error(&shown, describe_io(&e)),
                Ok(entries) if entries.is_empty() => {
                    self.error(&shown, "directory holds no data files".into())
                }
                Ok(entries)
                    if entries
                        .iter()
                        .any(|e| is_partition_dir(e) || is_part_file(e)) =>
                {
                    self.table_dir(origin, path);
                }
                Ok(entries) => {
                    for entry in entries {
                        if entry.is_dir() {
                            self.table_dir(origin, &entry);
                        } else {
                            self.table(origin, table_name_of(&entry), &entry, vec![entry.clone()]);
                        }
                    }
                }
            },
            Ok(_) => self.error(&shown, "not a regular file or directory".into()),
        }
    }

    fn table_dir(&mut self, origin: &str, dir: &Path) {
        let mut files = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            match sorted_entries(&d) {
                Err(e) => self.error(&d.display().to_string(), describe_io(&e)),
                Ok(entries) => {
                    for e in entries {
                        if e.is_dir() {
                            stack.push(e);
                        } else {
                            files.push(e);
                        }
                    }
                }
            }
        }
        files.sort();
        if files.is_empty() {
            self.error(
                &dir.display().to_string(),
                "directory holds no data files".into(),
            );
            return;
        }
        self.table(origin, table_name_of(dir), dir, files);
    }

    /// Inspects `files` and records the table with those that can be read.
    fn table(&mut self, origin: &str, name: String, root: &Path, files: Vec<PathBuf>) {
        let mut readable: Vec<SourceFile> = Vec::new();
        let mut bad = false;
        for path in files {
            let shown = path.display().to_string();
            let kind = match kind_of(&path, self.forced) {
                Ok(k) => k,
                Err(e) => {
                    self.error(&shown, e.to_string());
                    bad = true;
                    continue;
                }
            };
            let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            match inspect(&path, kind) {
                Ok(inspection) => readable.push(SourceFile {
                    partition_values: partition_values(root, &path),
                    path,
                    kind,
                    bytes,
                    inspection,
                }),
                Err(reason) => {
                    self.error(&shown, reason);
                    bad = true;
                }
            }
        }
        if readable.is_empty() {
            return;
        }
        // One format per table: the most common one among its readable files.
        let mut by_format: BTreeMap<Format, usize> = BTreeMap::new();
        for f in &readable {
            *by_format.entry(f.kind.format).or_default() += 1;
        }
        let format = by_format
            .iter()
            .max_by_key(|(f, n)| (**n, std::cmp::Reverse(**f)))
            .map(|(f, _)| *f)
            .unwrap_or(Format::Parquet);
        let (keep, odd): (Vec<SourceFile>, Vec<SourceFile>) =
            readable.into_iter().partition(|f| f.kind.format == format);
        for f in odd {
            bad = true;
            self.error(
                &f.path.display().to_string(),
                format!("{} file in table `{name}`, whose files are {format}; mixed formats are not one table", f.kind.format),
            );
        }
        let partition_columns = keep
            .first()
            .map(|f| f.partition_values.iter().map(|(k, _)| k.clone()).collect())
            .unwrap_or_default();
        self.tables.push(TableSource {
            name,
            origin: origin.to_string(),
            root: root.to_path_buf(),
            format,
            files: keep,
            partition_columns,
            has_bad_files: bad,
        });
    }
}

fn partition_values(root: &Path, file: &Path) -> Vec<(String, String)> {
    let Ok(rel) = file.strip_prefix(root) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(parent) = rel.parent() {
        for part in parent.components() {
            if let Some((k, v)) = part.as_os_str().to_str().and_then(|s| s.split_once('='))
                && !k.is_empty()
            {
                out.push((k.to_string(), v.to_string()));
            }
        }
    }
    out
}

fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}
