//! Looking inside one file before the scan: does it open, what is its schema, does it hold rows.
//!
//! This is cheap (a Parquet footer, an Arrow IPC header, the first 64 KiB of a text file) and
//! turns the common kinds of bad input (empty, truncated, corrupt, invalid UTF-8, no rows) into a
//! named error before any plan runs. Faults deeper in a file are caught by the engine, which then
//! scans the table file by file.

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::arrow::ipc::reader::FileReader;
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use super::csv_sniff::{Dialect, sniff};
use super::format::{FileKind, Format};

/// Bytes of a text file read to sniff its dialect and check its encoding.
const SNIFF_BYTES: usize = 64 * 1024;
/// NDJSON records read to infer a schema.
pub const JSON_INFER_RECORDS: usize = 10_000;

/// What a file holds, as far as its header says.
#[derive(Clone, Debug)]
pub struct Inspection {
    /// The file's schema (text formats: every column as text, except NDJSON, which is inferred).
    pub schema: SchemaRef,
    /// The delimited-text dialect, for CSV and TSV.
    pub dialect: Option<Dialect>,
}

/// Inspects one file of a known kind. The error is a reason, to be shown after the file's path.
pub fn inspect(path: &Path, kind: FileKind) -> Result<Inspection, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.len() == 0 {
        return Err("empty file (0 bytes)".into());
    }
    let file = File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    match kind.format {
        Format::Parquet => {
            let builder = ParquetRecordBatchReaderBuilder::try_new(file)
                .map_err(|e| format!("not a readable Parquet file: {e}"))?;
            if builder.metadata().file_metadata().num_rows() == 0 {
                return Err("Parquet file holds no rows".into());
            }
            Ok(Inspection {
                schema: builder.schema().clone(),
                dialect: None,
            })
        }
        Format::Arrow => {
            let reader = FileReader::try_new(file, None)
                .map_err(|e| format!("not a readable Arrow IPC file: {e}"))?;
            if reader.num_batches() == 0 {
                return Err("Arrow IPC file holds no rows".into());
            }
            Ok(Inspection {
                schema: reader.schema(),
                dialect: None,
            })
        }
        Format::Csv | Format::Tsv => {
            let (text, complete) = read_text_head(file, kind)?;
            let preferred = if kind.format == Format::Tsv {
                b'\t'
            } else {
                b','
            };
            let dialect = sniff(&text, preferred, complete).ok_or("no rows")?;
            if dialect.has_header && !text.trim_end().contains('\n') {
                return Err("header only, no rows".into());
            }
            let mut fields = Vec::with_capacity(dialect.columns.len());
            for name in unique_names(&dialect.columns) {
                fields.push(Field::new(name, DataType::Utf8, true));
            }
            Ok(Inspection {
                schema: Arc::new(Schema::new(fields)),
                dialect: Some(dialect),
            })
        }
        Format::Ndjson => {
            let (text, complete) = read_text_head(file, kind)?;
            let text = if complete {
                text.as_str()
            } else {
                text.rfind('\n').map_or(text.as_str(), |i| &text[..=i])
            };
            if text.trim().is_empty() {
                return Err("no rows".into());
            }
            let file = File::open(path).map_err(|e| format!("cannot open: {e}"))?;
            let reader =
                std::io::BufReader::new(kind.compression.reader(file).map_err(|e| e.to_string())?);
            let (schema, _) = datafusion::arrow::json::reader::infer_json_schema(
                reader,
                Some(JSON_INFER_RECORDS),
            )
            .map_err(|e| format!("not newline-delimited JSON: {e}"))?;
            Ok(Inspection {
                schema: Arc::new(in_file_order(schema, &json_key_order(text))),
                dialect: None,
            })
        }
    }
}

/// Reads up to [`SNIFF_BYTES`] of decompressed text; says whether that was the whole file.
fn read_text_head(file: File, kind: FileKind) -> Result<(String, bool), String> {
    let mut reader = kind
        .compression
        .reader(file)
        .map_err(|e| format!("cannot decompress: {e}"))?;
    let mut buf = Vec::with_capacity(SNIFF_BYTES);
    (&mut reader)
        .take(SNIFF_BYTES as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("cannot read{}: {e}", kind.compression.suffix()))?;
    let complete = buf.len() <= SNIFF_BYTES;
    buf.truncate(SNIFF_BYTES);
    let text = match String::from_utf8(buf) {
        Ok(t) => t,
        Err(e) => {
            let err = e.utf8_error();
            if err.error_len().is_some() {
                return Err(format!("invalid UTF-8 at byte {}", err.valid_up_to()));
            }
            // Cut in the middle of a character at the end of the sample: keep the valid part.
            let mut bytes = e.into_bytes();
            bytes.truncate(err.valid_up_to());
            String::from_utf8(bytes).map_err(|e| e.to_string())?
        }
    };
    if text.trim().is_empty() {
        return Err("no rows (only whitespace)".into());
    }
    Ok((text, complete))
}

/// Top-level keys of the JSON objects in `text`, in order of first appearance.
///
/// Arrow's inference returns fields sorted by name; users expect the order of their file.
fn json_key_order(text: &str) -> Vec<String> {
    struct Keys(Vec<String>);
    impl<'de> serde::Deserialize<'de> for Keys {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct Visitor;
            impl<'de> serde::de::Visitor<'de> for Visitor {
                type Value = Keys;
                fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                    f.write_str("a JSON object")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<Keys, A::Error> {
                    let mut keys = Vec::new();
                    while let Some(k) = map.next_key::<String>()? {
                        map.next_value::<serde::de::IgnoredAny>()?;
                        keys.push(k);
                    }
                    Ok(Keys(keys))
                }
            }
            d.deserialize_map(Visitor)
        }
    }
    let mut order: Vec<String> = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        if let Ok(Keys(keys)) = serde_json::from_str::<Keys>(line) {
            for k in keys {
                if !order.contains(&k) {
                    order.push(k);
                }
            }
        }
    }
    order
}

/// `schema` with the fields named in `order` first, in that order, then the rest as they were.
fn in_file_order(schema: Schema, order: &[String]) -> Schema {
    let mut fields: Vec<_> = schema.fields().iter().cloned().collect();
    fields.sort_by_key(|f| {
        order
            .iter()
            .position(|k| k == f.name())
            .unwrap_or(usize::MAX)
    });
    Schema::new(fields)
}

/// Makes column names unique (`name`, `name_2`, …) and names blank ones by position.
fn unique_names(names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(names.len());
    for (i, n) in names.iter().enumerate() {
        let base = if n.is_empty() {
            format!("column_{}", i + 1)
        } else {
            n.clone()
        };
        let mut name = base.clone();
        let mut k = 2;
        while out.contains(&name) {
            name = format!("{base}_{k}");
            k += 1;
        }
        out.push(name);
    }
    out
}
