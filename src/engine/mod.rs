//! Running the scan plan.
//!
//! For each table the engine builds `SELECT count(*), gapscan_profile(c1), …, gapscan_profile(cn)
//! FROM t [WHERE …]` as a DataFusion `DataFrame` and runs it in-process on all cores: partitions
//! (files, row groups, byte ranges) are profiled in parallel and their partial profiles merged by
//! the aggregate. If the whole-table plan cannot run (a corrupt page deep in one file, files that
//! disagree on dialect), the table is scanned file by file and the profiles of the readable files
//! are merged, each failing file becoming an error that names it.

mod row_groups;
mod udaf;

use std::sync::Arc;

use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::datatypes::Int64Type;
use datafusion::error::{DataFusionError, Result as DfResult};
use datafusion::functions_aggregate::count::count_all;
use datafusion::logical_expr::AggregateUDF;
use datafusion::prelude::{DataFrame, SessionConfig, SessionContext, ident};
use rayon::prelude::*;

use crate::detect::DetectionConfig;
use crate::profile::{ColumnProfile, FieldInfo, FileInfo, InputError, TableProfile};
use crate::source::dataframe::{file_frame, readable_whole, table_frame};
use crate::source::{SourceFile, TableSource};

use udaf::decode_profile;
pub use udaf::{PROFILE_FUNCTION, ProfileUdaf, profile_udaf};

/// The in-process scan engine: a DataFusion session with the profile function registered.
pub struct Engine {
    ctx: SessionContext,
    filter: Option<String>,
    detection: Option<DetectionConfig>,
}

/// The outcome of profiling one table.
pub struct TableScan {
    /// The profile, if any part of the table could be read.
    pub profile: Option<TableProfile>,
    /// Files or plans that failed.
    pub errors: Vec<InputError>,
}

impl Engine {
    /// A session for `threads` worker threads (all cores when `None`), filtering rows by
    /// `filter`. A scan has one partition per thread; the threads share a Parquet scan a row
    /// group at a time ([`row_groups`]).
    pub fn new(threads: Option<usize>, filter: Option<String>) -> Self {
        let mut config = SessionConfig::new().with_information_schema(false);
        let threads = threads.unwrap_or_else(|| config.target_partitions()).max(1);
        config = config.with_target_partitions(threads);
        let ctx = SessionContext::new_with_config(config);
        ctx.register_udaf(profile_udaf());
        Self {
            ctx,
            filter,
            detection: None,
        }
    }

    /// Runs the sensitive-field detectors on text values while profiling.
    pub fn with_detection(mut self, detection: DetectionConfig) -> Self {
        self.detection = Some(detection);
        self
    }

    /// The DataFusion session (to register tables for `--sql`).
    pub fn context(&self) -> &SessionContext {
        &self.ctx
    }

    /// Profiles one discovered table.
    pub async fn profile_table(&self, table: &TableSource) -> TableScan {
        let mut errors = Vec::new();
        if readable_whole(table) {
            let whole = async {
                let df = table_frame(&self.ctx, table).await?;
                self.profile_frame(df).await
            }
            .await;
            match whole {
                Ok((rows, columns)) => {
                    return TableScan {
                        profile: Some(self.table_profile(table, &table.files, rows, columns)),
                        errors,
                    };
                }
                Err(e) if table.files.len() == 1 => {
                    errors.push(file_error(&table.files[0], &e));
                    return TableScan {
                        profile: None,
                        errors,
                    };
                }
                Err(_) => {}
            }
        }
        let mut merged: Option<TableProfile> = None;
        for file in &table.files {
            let one = async {
                let df = file_frame(&self.ctx, table, file).await?;
                self.profile_frame(df).await
            }
            .await;
            match one {
                Ok((rows, columns)) => {
                    let part = self.table_profile(table, std::slice::from_ref(file), rows, columns);
                    match &mut merged {
                        None => merged = Some(part),
                        Some(m) => {
                            if let Err(e) = m.merge(&part) {
                                errors.push(InputError {
                                    source: file.path.display().to_string(),
                                    message: format!(
                                        "cannot be combined with the other files of `{}`: {e}",
                                        table.name
                                    ),
                                });
                            }
                        }
                    }
                }
                Err(e) => errors.push(file_error(file, &e)),
            }
        }
        if let Some(m) = &mut merged {
            m.source = table.root.display().to_string();
        }
        TableScan {
            profile: merged,
            errors,
        }
    }

    /// Profiles the result of a SQL query over registered tables, as a table named `name`.
    pub async fn profile_query(
        &self,
        name: &str,
        sql: &str,
    ) -> Result<TableProfile, DataFusionError> {
        let df = self.ctx.sql(sql).await?;
        let (rows, columns) = self.profile_frame(df).await?;
        Ok(TableProfile {
            name: name.to_string(),
            source: sql.to_string(),
            format: "sql".into(),
            rows,
            bytes_read: 0,
            partition_columns: Vec::new(),
            files: Vec::new(),
            columns,
        })
    }

    /// Runs the profile aggregate over a frame: rows and one profile per column.
    pub async fn profile_frame(&self, df: DataFrame) -> DfResult<(u64, Vec<ColumnProfile>)> {
        let df = match &self.filter {
            Some(sql) => {
                let in_where = |e: DataFusionError| {
                    DataFusionError::Plan(format!("--where {sql:?}: {}", e.find_root()))
                };
                let predicate = df.parse_sql_expr(sql).map_err(in_where)?;
                if let Some(missing) = predicate
                    .column_refs()
                    .into_iter()
                    .find(|c| !df.schema().has_column_with_unqualified_name(&c.name))
                {
                    return Err(DataFusionError::Plan(format!(
                        "--where {sql:?} names column `{}`, which this table does not have",
                        missing.name
                    )));
                }
                df.filter(predicate).map_err(in_where)?
            }
            None => df,
        };
        let names: Vec<String> = df
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        let udaf = match &self.detection {
            Some(d) => ProfileUdaf::with_detection(d.clone()),
            None => ProfileUdaf::default(),
        };
        let partitions = self.ctx.copied_config().target_partitions();
        let udaf = AggregateUDF::from(udaf.over_partitions(partitions));
        let mut aggregates = vec![count_all()];
        aggregates.extend(names.iter().map(|n| udaf.call(vec![ident(n)])));
        let df = df.aggregate(vec![], aggregates)?;
        let task = Arc::new(df.task_ctx());
        let plan = row_groups::split_parquet_scans(df.create_physical_plan().await?)?;
        let batches = datafusion::physical_plan::collect(plan, task).await?;
        let batch = batches
            .iter()
            .find(|b| b.num_rows() > 0)
            .ok_or_else(|| DataFusionError::Internal("the profile plan returned no row".into()))?;
        let rows = batch.column(0).as_primitive::<Int64Type>().value(0) as u64;
        // Decoded side by side: the key fingerprints of a wide table's columns run to megabytes.
        let columns = names
            .par_iter()
            .enumerate()
            .map(|(i, name)| {
                let array = batch.column(i + 1).as_binary::<i32>();
                if array.is_null(0) {
                    return Err(DataFusionError::Internal(format!(
                        "no profile for column {name}"
                    )));
                }
                let mut column = decode_profile(array.value(0)).map_err(|e| {
                    DataFusionError::Internal(format!("profile of column {name}: {e}"))
                })?;
                column.name = name.clone();
                Ok(column)
            })
            .collect::<DfResult<Vec<_>>>()?;
        Ok((rows, columns))
    }

    fn table_profile(
        &self,
        table: &TableSource,
        files: &[SourceFile],
        rows: u64,
        columns: Vec<ColumnProfile>,
    ) -> TableProfile {
        TableProfile {
            name: table.name.clone(),
            source: table.root.display().to_string(),
            format: table.format.as_str().to_string(),
            rows,
            bytes_read: files.iter().map(|f| f.bytes).sum(),
            partition_columns: table.partition_columns.clone(),
            files: files
                .iter()
                .map(|f| FileInfo {
                    path: f.path.display().to_string(),
                    bytes: f.bytes,
                    schema: f
                        .inspection
                        .schema
                        .fields()
                        .iter()
                        .map(|field| FieldInfo {
                            name: field.name().clone(),
                            data_type: field.data_type().to_string(),
                            nullable: field.is_nullable(),
                        })
                        .collect(),
                })
                .collect(),
            columns,
        }
    }
}

fn file_error(file: &SourceFile, e: &DataFusionError) -> InputError {
    InputError {
        source: file.path.display().to_string(),
        message: describe(e),
    }
}

/// DataFusion's message without its layers of context prefixes.
fn describe(e: &DataFusionError) -> String {
    let text = e.find_root().to_string();
    let text = text
        .trim_start_matches("Arrow error: ")
        .trim_start_matches("Parquet error: ")
        .trim_start_matches("External error: ")
        .trim_start_matches("Execution error: ")
        .trim_start_matches("Error during planning: ");
    text.lines().next().unwrap_or_default().to_string()
}
