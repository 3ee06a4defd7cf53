//! The classification manifest (`--classifications FILE`): what the organisation has declared
//! about its columns.
//!
//! JSON (an array of `{"table", "column", "classification"}`) or CSV (a header naming `table`,
//! `column` and `classification`, in any order). `table` and `column` may be globs (`*_email`,
//! `orders_*`). A classification is a detector id (`email`), a category (`pii`), or `public`
//! ("reviewed, not sensitive"). The first entry that matches a column wins, except that an
//! entry without glob characters beats any glob. Errors name the file and the entry.

use std::path::Path;

use serde::Deserialize;

use super::matcher::Detectors;
use super::spec::Category;

/// The declaration `public`: reviewed and not sensitive.
pub const PUBLIC: &str = "public";

/// One declaration.
#[derive(Clone, Debug)]
pub struct ManifestEntry {
    /// Table name or glob.
    pub table: String,
    /// Column name or glob.
    pub column: String,
    /// Detector id, category or `public`.
    pub classification: String,
    table_glob: glob::Pattern,
    column_glob: glob::Pattern,
}

impl ManifestEntry {
    fn is_exact(&self) -> bool {
        let plain = |s: &str| !s.contains(['*', '?', '[']);
        plain(&self.table) && plain(&self.column)
    }

    fn matches(&self, table: &str, column: &str) -> bool {
        self.table_glob.matches(table) && self.column_glob.matches(column)
    }

    /// Whether the declaration says the column is sensitive (anything but `public`).
    pub fn is_sensitive(&self) -> bool {
        self.classification != PUBLIC
    }
}

/// The declarations of a manifest file (empty without `--classifications`).
#[derive(Clone, Debug, Default)]
pub struct Manifest {
    /// Where it was read from.
    pub source: Option<String>,
    /// Declarations in file order.
    pub entries: Vec<ManifestEntry>,
}

/// A manifest could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    /// The file could not be read.
    #[error("{file}: cannot read: {source}")]
    Io {
        /// The file.
        file: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// JSON that is not an array of declarations.
    #[error("{file}: invalid classification manifest: {reason}")]
    Json {
        /// The file.
        file: String,
        /// serde's message, naming the field and position.
        reason: String,
    },
    /// A CSV header without one of the three columns.
    #[error("{file}: CSV header lacks the `{field}` column (needs table,column,classification)")]
    CsvHeader {
        /// The file.
        file: String,
        /// The missing column.
        field: String,
    },
    /// A CSV row without enough fields.
    #[error("{file}: line {line}: expected {expected} fields, found {found}")]
    CsvRow {
        /// The file.
        file: String,
        /// 1-based line number.
        line: usize,
        /// Fields the header has.
        expected: usize,
        /// Fields the row has.
        found: usize,
    },
    /// An empty field.
    #[error("{file}: {entry}: field `{field}` is empty")]
    Empty {
        /// The file.
        file: String,
        /// Which entry (`entry 3` or `line 4`).
        entry: String,
        /// The field.
        field: String,
    },
    /// A glob that does not parse.
    #[error("{file}: {entry}: field `{field}`: invalid glob {value:?}: {reason}")]
    BadGlob {
        /// The file.
        file: String,
        /// Which entry.
        entry: String,
        /// The field.
        field: String,
        /// The glob.
        value: String,
        /// Why.
        reason: String,
    },
    /// A classification that is no detector id, category or `public`.
    #[error(
        "{file}: {entry}: field `classification`: unknown classification {value:?} (a detector id, one of the categories pii, pci, phi, financial, credential, network, or public)"
    )]
    UnknownClassification {
        /// The file.
        file: String,
        /// Which entry.
        entry: String,
        /// The value.
        value: String,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    table: String,
    column: String,
    classification: String,
}

/// Splits one CSV line, honouring double quotes (`""` is a quote inside a quoted field).
fn split_csv(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out.into_iter().map(|s| s.trim().to_string()).collect()
}

impl Manifest {
    /// Reads a manifest; JSON if the file starts with `[` (after whitespace), CSV otherwise.
    pub fn load(path: &Path, detectors: &Detectors) -> Result<Manifest, ManifestError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ManifestError::Io {
            file: file.clone(),
            source,
        })?;
        Self::parse(&file, &text, detectors)
    }

    /// Parses manifest text; `file` names it in errors.
    pub fn parse(file: &str, text: &str, detectors: &Detectors) -> Result<Manifest, ManifestError> {
        let text = text.trim_start_matches('\u{feff}');
        let raw: Vec<(String, RawEntry)> = if text.trim_start().starts_with('[') {
            let entries: Vec<RawEntry> =
                serde_json::from_str(text).map_err(|e| ManifestError::Json {
                    file: file.into(),
                    reason: e.to_string(),
                })?;
            entries
                .into_iter()
                .enumerate()
                .map(|(i, e)| (format!("entry {}", i + 1), e))
                .collect()
        } else {
            Self::parse_csv(file, text)?
        };
        let mut entries = Vec::with_capacity(raw.len());
        for (where_, e) in raw {
            for (field, value) in [
                ("table", &e.table),
                ("column", &e.column),
                ("classification", &e.classification),
            ] {
                if value.trim().is_empty() {
                    return Err(ManifestError::Empty {
                        file: file.into(),
                        entry: where_,
                        field: field.into(),
                    });
                }
            }
            let class = e.classification.trim().to_ascii_lowercase();
            let known = class == PUBLIC
                || Category::parse(&class).is_some()
                || detectors.get(&class).is_some();
            if !known {
                return Err(ManifestError::UnknownClassification {
                    file: file.into(),
                    entry: where_,
                    value: e.classification,
                });
            }
            let glob = |field: &str, value: &str| {
                glob::Pattern::new(value).map_err(|err| ManifestError::BadGlob {
                    file: file.into(),
                    entry: where_.clone(),
                    field: field.into(),
                    value: value.into(),
                    reason: err.to_string(),
                })
            };
            entries.push(ManifestEntry {
                table_glob: glob("table", e.table.trim())?,
                column_glob: glob("column", e.column.trim())?,
                table: e.table.trim().into(),
                column: e.column.trim().into(),
                classification: class,
            });
        }
        Ok(Manifest {
            source: Some(file.into()),
            entries,
        })
    }

    fn parse_csv(file: &str, text: &str) -> Result<Vec<(String, RawEntry)>, ManifestError> {
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty());
        let header = lines.next().map(|(_, l)| split_csv(l)).unwrap_or_default();
        let col = |name: &str| {
            header
                .iter()
                .position(|h| h.eq_ignore_ascii_case(name))
                .ok_or_else(|| ManifestError::CsvHeader {
                    file: file.into(),
                    field: name.into(),
                })
        };
        let (t, c, k) = (col("table")?, col("column")?, col("classification")?);
        let mut out = Vec::new();
        for (i, line) in lines {
            let fields = split_csv(line);
            let get = |j: usize| fields.get(j).cloned();
            match (get(t), get(c), get(k)) {
                (Some(table), Some(column), Some(classification)) => out.push((
                    format!("line {}", i + 1),
                    RawEntry {
                        table,
                        column,
                        classification,
                    },
                )),
                _ => {
                    return Err(ManifestError::CsvRow {
                        file: file.into(),
                        line: i + 1,
                        expected: header.len(),
                        found: fields.len(),
                    });
                }
            }
        }
        Ok(out)
    }

    /// The declaration for a column: an exact entry if one matches, else the first glob.
    pub fn lookup(&self, table: &str, column: &str) -> Option<&ManifestEntry> {
        self.entries
            .iter()
            .find(|e| e.is_exact() && e.matches(table, column))
            .or_else(|| self.entries.iter().find(|e| e.matches(table, column)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detectors() -> Detectors {
        Detectors::builtin().unwrap()
    }

    #[test]
    fn json_and_csv_parse_with_globs() {
        let d = detectors();
        let j = Manifest::parse(
            "m.json",
            r#"[{"table":"customers","column":"*email","classification":"email"},
                {"table":"customers","column":"billing_email","classification":"public"}]"#,
            &d,
        )
        .unwrap();
        assert_eq!(
            j.lookup("customers", "email").unwrap().classification,
            "email"
        );
        // The exact entry wins over the earlier glob.
        assert_eq!(
            j.lookup("customers", "billing_email")
                .unwrap()
                .classification,
            PUBLIC
        );
        assert!(j.lookup("orders", "email").is_none());
        let c = Manifest::parse(
            "m.csv",
            "classification,table,column\npii,customers,\"first_name\"\nPUBLIC,*,category\n",
            &d,
        )
        .unwrap();
        assert_eq!(
            c.lookup("customers", "first_name").unwrap().classification,
            "pii"
        );
        assert_eq!(
            c.lookup("products", "category").unwrap().classification,
            PUBLIC
        );
    }

    #[test]
    fn errors_name_file_entry_and_field() {
        let d = detectors();
        let e = Manifest::parse("m.json", r#"[{"table":"t","column":"c"}]"#, &d).unwrap_err();
        assert!(e.to_string().contains("m.json") && e.to_string().contains("classification"));
        let e = Manifest::parse(
            "m.json",
            r#"[{"table":"t","column":"c","classification":"secretish"}]"#,
            &d,
        )
        .unwrap_err();
        assert!(
            matches!(e, ManifestError::UnknownClassification { .. }),
            "{e}"
        );
        assert!(e.to_string().contains("entry 1"));
        let e = Manifest::parse("m.csv", "table,column\nt,c\n", &d).unwrap_err();
        assert!(matches!(&e, ManifestError::CsvHeader { field, .. } if field == "classification"));
        let e = Manifest::parse("m.csv", "table,column,classification\nt,c\n", &d).unwrap_err();
        assert!(matches!(e, ManifestError::CsvRow { line: 2, .. }), "{e}");
        let e = Manifest::parse(
            "m.json",
            r#"[{"table":"t","column":"[a","classification":"pii"}]"#,
            &d,
        )
        .unwrap_err();
        assert!(
            matches!(&e, ManifestError::BadGlob { field, .. } if field == "column"),
            "{e}"
        );
    }
}
