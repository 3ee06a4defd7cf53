//! A table, or one file of it, as a DataFusion `DataFrame`.
//!
//! The whole-table frame lets DataFusion read every file in parallel partitions under one
//! unified schema (hive partition keys added as text columns). When a table cannot be read that
//! way (some files are bad, or its files disagree on extension or CSV dialect), the engine scans
//! it file by file with [`file_frame`], adding partition values as literals.

use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::common::ScalarValue;
use datafusion::datasource::file_format::file_compression_type::FileCompressionType;
use datafusion::datasource::file_format::options::ArrowReadOptions;
use datafusion::error::{DataFusionError, Result};
use datafusion::prelude::{
    CsvReadOptions, DataFrame, JsonReadOptions, ParquetReadOptions, SessionContext, lit,
};

use super::discover::{SourceFile, TableSource};
use super::format::{Compression, Format};
use super::inspect::JSON_INFER_RECORDS;
use super::schema::unify;

/// The file-name ending every file of a table shares, if they share one DataFusion can filter by.
fn common_extension(table: &TableSource) -> Option<String> {
    let ext = |f: &SourceFile| -> Option<String> {
        let name = f.path.file_name()?.to_str()?.to_string();
        let suffix = f.kind.compression.suffix();
        let stem = name.strip_suffix(suffix)?;
        let dot = stem.rfind('.')?;
        Some(format!("{}{suffix}", &stem[dot..]))
    };
    let first = ext(table.files.first()?)?;
    table
        .files
        .iter()
        .all(|f| ext(f).as_deref() == Some(first.as_str()))
        .then_some(first)
}

fn compression_type(c: Compression) -> FileCompressionType {
    match c {
        Compression::None => FileCompressionType::UNCOMPRESSED,
        Compression::Gzip => FileCompressionType::GZIP,
        Compression::Zstd => FileCompressionType::ZSTD,
    }
}

/// Whether the table can be read as one frame (every file readable and read alike).
pub fn readable_whole(table: &TableSource) -> bool {
    if table.has_bad_files || common_extension(table).is_none() {
        return false;
    }
    let same_compression = table
        .files
        .windows(2)
        .all(|w| w[0].kind.compression == w[1].kind.compression);
    let same_dialect = table.files.windows(2).all(|w| {
        match (&w[0].inspection.dialect, &w[1].inspection.dialect) {
            (Some(a), Some(b)) => a.delimiter == b.delimiter && a.has_header == b.has_header,
            (None, None) => true,
            _ => false,
        }
    });
    let single_or_dir = table.files.len() == 1 || table.root.is_dir();
    same_compression && same_dialect && single_or_dir
}

/// `schema` with its `Utf8` columns as `Utf8View`, for reading Parquet.
///
/// The Parquet reader builds a `Utf8` array by copying every string into one buffer of values
/// (a dictionary-encoded page's strings once per row); a view array points into the decompressed
/// page instead, or holds a string of up to 12 bytes in the view itself. On the 1M-row benchmark
/// table that saves about 2% of the scan's CPU time. The profiles are the same: a column's type
/// is recorded as `Utf8` either way
/// ([`ColumnProfile::for_type`](crate::profile::ColumnProfile::for_type)).
///
/// DataFusion's own `transform_schema_to_view` (what its `schema_force_view_types` applies to an
/// inferred schema) is not used: it also turns `LargeUtf8` into views and binary columns into
/// `BinaryView`, which would change the types those columns' profiles record.
fn with_string_views(schema: &Schema) -> Schema {
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .map(|f| match f.data_type() {
            DataType::Utf8 => f.as_ref().clone().with_data_type(DataType::Utf8View),
            _ => f.as_ref().clone(),
        })
        .collect();
    Schema::new_with_metadata(fields, schema.metadata().clone())
}

/// Reads `paths` (a file or a directory) as `format` with an explicit schema.
async fn read(
    ctx: &SessionContext,
    path: &str,
    file: &SourceFile,
    schema: &Schema,
    extension: &str,
    partitions: Vec<(String, DataType)>,
) -> Result<DataFrame> {
    match file.kind.format {
        Format::Parquet => {
            let viewed = with_string_views(schema);
            let options = ParquetReadOptions {
                schema: Some(&viewed),
                file_extension: extension,
                table_partition_cols: partitions,
                ..Default::default()
            };
            ctx.read_parquet(path, options).await
        }
        Format::Arrow => {
            let options = ArrowReadOptions {
                schema: Some(schema),
                file_extension: extension,
                table_partition_cols: partitions,
            };
            ctx.read_arrow(path, options).await
        }
        Format::Csv | Format::Tsv => {
            let dialect = file.inspection.dialect.as_ref().ok_or_else(|| {
                DataFusionError::Internal("delimited file without a dialect".into())
            })?;
            let options = CsvReadOptions {
                has_header: dialect.has_header,
                delimiter: dialect.delimiter,
                newlines_in_values: dialect.newlines_in_values,
                schema: Some(schema),
                file_extension: extension,
                table_partition_cols: partitions,
                file_compression_type: compression_type(file.kind.compression),
                ..Default::default()
            };
            ctx.read_csv(path, options).await
        }
        Format::Ndjson => {
            let options = JsonReadOptions {
                schema: Some(schema),
                schema_infer_max_records: JSON_INFER_RECORDS,
                file_extension: extension,
                table_partition_cols: partitions,
                file_compression_type: compression_type(file.kind.compression),
                ..Default::default()
            };
            ctx.read_json(path, options).await
        }
    }
}

/// The whole table as one frame; call only when [`readable_whole`] says so.
pub async fn table_frame(ctx: &SessionContext, table: &TableSource) -> Result<DataFrame> {
    let first = table
        .files
        .first()
        .ok_or_else(|| DataFusionError::Internal(format!("table {} has no files", table.name)))?;
    let schema = unify(table.files.iter().map(|f| f.inspection.schema.as_ref()));
    let extension = common_extension(table).unwrap_or_default();
    let partitions = table
        .partition_columns
        .iter()
        .map(|k| (k.clone(), DataType::Utf8))
        .collect();
    let path = table.root.to_string_lossy().to_string();
    let path = if table.root.is_dir() && !path.ends_with('/') {
        format!("{path}/")
    } else {
        path
    };
    read(ctx, &path, first, &schema, &extension, partitions).await
}

/// One file of a table as a frame, with its partition values as literal columns.
pub async fn file_frame(
    ctx: &SessionContext,
    table: &TableSource,
    file: &SourceFile,
) -> Result<DataFrame> {
    let path = file.path.to_string_lossy().to_string();
    let name = file
        .path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let extension = name
        .find('.')
        .map(|i| &name[i..])
        .unwrap_or_default()
        .to_string();
    let mut df = read(
        ctx,
        &path,
        file,
        &file.inspection.schema,
        &extension,
        Vec::new(),
    )
    .await?;
    for key in &table.partition_columns {
        let value = file
            .partition_values
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone());
        df = df.with_column(key, lit(ScalarValue::Utf8(value)))?;
    }
    Ok(df)
}
