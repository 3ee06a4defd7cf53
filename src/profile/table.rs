//! The profile of a table: where it came from, the schema of every file read, and its columns.

use serde::{Deserialize, Serialize};

use super::column::{ColumnProfile, MergeError};

/// One field of a file's schema, as read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldInfo {
    /// Column name.
    pub name: String,
    /// Arrow type as read.
    pub data_type: String,
    /// Whether the file declares the column nullable.
    pub nullable: bool,
}

/// One file that contributed to a table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileInfo {
    /// Path as given or found.
    pub path: String,
    /// Size on disk in bytes.
    pub bytes: u64,
    /// Schema of this file alone (for part files that disagree), partition columns excluded.
    pub schema: Vec<FieldInfo>,
}

/// Everything gapscan knows about one table after a scan.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TableProfile {
    /// Table name (file stem or directory name).
    pub name: String,
    /// Where the table was read from (a path, a glob, or `sql`).
    pub source: String,
    /// File format (`parquet`, `csv`, `tsv`, `ndjson`, `arrow`, `sql`).
    pub format: String,
    /// Rows profiled.
    pub rows: u64,
    /// Bytes of the files read.
    pub bytes_read: u64,
    /// Hive-style partition columns (`key=value/` folders), in order.
    #[serde(default)]
    pub partition_columns: Vec<String>,
    /// The files read, with their own schemas.
    pub files: Vec<FileInfo>,
    /// One profile per column, in schema order.
    pub columns: Vec<ColumnProfile>,
}

impl TableProfile {
    /// The column named `name`.
    pub fn column(&self, name: &str) -> Option<&ColumnProfile> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// Adds another profile of the same table (say, of other part files).
    ///
    /// Columns are matched by name. A column that one side lacks counts as null on that side's
    /// rows, exactly as a scan over both parts with a merged schema would see it.
    pub fn merge(&mut self, other: &TableProfile) -> Result<(), MergeError> {
        for theirs in &other.columns {
            match self.columns.iter_mut().find(|c| c.name == theirs.name) {
                Some(mine) => mine.merge(theirs)?,
                None => {
                    let mut added = theirs.clone();
                    added.rows += self.rows;
                    added.nulls += self.rows;
                    added.finish();
                    self.columns.push(added);
                }
            }
        }
        for mine in &mut self.columns {
            if other.column(&mine.name).is_none() {
                mine.rows += other.rows;
                mine.nulls += other.rows;
                mine.finish();
            }
        }
        self.rows += other.rows;
        self.bytes_read += other.bytes_read;
        for f in &other.files {
            if !self.files.iter().any(|m| m.path == f.path) {
                self.files.push(f.clone());
            }
        }
        self.files.sort_by(|a, b| a.path.cmp(&b.path));
        for p in &other.partition_columns {
            if !self.partition_columns.contains(p) {
                self.partition_columns.push(p.clone());
            }
        }
        if self.source != other.source {
            self.source = format!("{} + {}", self.source, other.source);
        }
        Ok(())
    }
}
