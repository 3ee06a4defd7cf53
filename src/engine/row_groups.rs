//! Sharing a Parquet scan between threads a row group at a time.
//!
//! DataFusion cuts each file of a scan into one byte range per partition, and a partition reads
//! the row groups that start in its range, so a file of a few large row groups splits unevenly:
//! 9 row groups in 4 partitions give ranges of 2 and 3, and a scan on 2 threads ended anywhere
//! from together to 1.2 s apart (on the 1M-row benchmark table, whose row groups take about 0.55 s
//! of CPU each). The scan's streams already share one queue of file ranges, each taking the
//! next when it is done (`enable_file_stream_work_stealing`). This pass rewrites each Parquet
//! scan of the physical plan into one range per row group, read from the files' footers, so an
//! idle thread takes the next row group and the threads finish at most one row group apart. The
//! number of partitions does not change, so the plan above the scan stays valid. Scans that keep
//! an order or a partitioning, and scans whose footers cannot be read here, are left as
//! DataFusion planned them.

use std::collections::HashSet;
use std::fs::File;
use std::sync::Arc;

use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::datasource::listing::PartitionedFile;
use datafusion::datasource::physical_plan::{
    FileGroup, FileScanConfig, FileScanConfigBuilder, ParquetSource,
};
use datafusion::datasource::source::DataSourceExec;
use datafusion::error::Result as DfResult;
use datafusion::parquet::file::metadata::ParquetMetaDataReader;
use datafusion::physical_plan::ExecutionPlan;

/// `plan` with each Parquet scan cut into one file range per row group.
pub(super) fn split_parquet_scans(
    plan: Arc<dyn ExecutionPlan>,
) -> DfResult<Arc<dyn ExecutionPlan>> {
    let split = plan.transform_up(|node| {
        let Some(exec) = node.downcast_ref::<DataSourceExec>() else {
            return Ok(Transformed::no(node));
        };
        let Some((config, _)) = exec.downcast_to_file_source::<ParquetSource>() else {
            return Ok(Transformed::no(node));
        };
        match split_config(config) {
            Some(config) => {
                let exec = exec.clone().with_data_source(Arc::new(config));
                Ok(Transformed::yes(Arc::new(exec) as Arc<dyn ExecutionPlan>))
            }
            None => Ok(Transformed::no(node)),
        }
    })?;
    Ok(split.data)
}

/// The scan of `config` with a range per row group, spread over as many partitions as before in
/// file order, if it may be reordered and every footer can be read.
fn split_config(config: &FileScanConfig) -> Option<FileScanConfig> {
    let partitions = config.file_groups.len();
    if partitions < 2 || config.preserve_order || !config.output_ordering.is_empty() {
        return None;
    }
    let mut ranges: Vec<PartitionedFile> = Vec::new();
    let mut seen = HashSet::new();
    for file in config.file_groups.iter().flat_map(FileGroup::iter) {
        // A file cut into byte ranges appears once per range; it is cut again here, whole.
        if !seen.insert(file.path()) {
            continue;
        }
        let starts = row_group_starts(file)?;
        let mut whole = file.clone();
        whole.range = None;
        whole.statistics = None;
        let ends = starts.iter().skip(1).copied().chain([i64::MAX]);
        for (start, end) in starts.iter().copied().zip(ends) {
            ranges.push(whole.clone().with_range(start, end));
        }
    }
    let count = ranges.len();
    let mut ranges = ranges.into_iter();
    let groups = (0..partitions)
        .map(|k| {
            let take = (k + 1) * count / partitions - k * count / partitions;
            FileGroup::new(ranges.by_ref().take(take).collect())
        })
        .collect();
    Some(
        FileScanConfigBuilder::from(config.clone())
            .with_file_groups(groups)
            .build(),
    )
}

/// Where each row group of a local Parquet file starts: the offset of its first column's first
/// page, which is what DataFusion's reader tests against a range.
fn row_group_starts(file: &PartitionedFile) -> Option<Vec<i64>> {
    let url = url::Url::parse(&format!("file:///{}", file.path())).ok()?;
    let reader = File::open(url.to_file_path().ok()?).ok()?;
    let metadata = ParquetMetaDataReader::new()
        .parse_and_finish(&reader)
        .ok()?;
    metadata
        .row_groups()
        .iter()
        .map(|group| {
            let column = (group.num_columns() > 0).then(|| group.column(0))?;
            Some(
                column
                    .dictionary_page_offset()
                    .unwrap_or_else(|| column.data_page_offset()),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use datafusion::arrow::array::{Int64Array, RecordBatch};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};
    use datafusion::parquet::arrow::ArrowWriter;
    use datafusion::parquet::file::properties::WriterProperties;
    use datafusion::physical_plan::collect;
    use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};

    use super::*;

    /// A Parquet file of `rows` integers `0..rows` in row groups of `group` rows.
    fn write(path: &std::path::Path, rows: i64, group: usize) {
        let schema = Arc::new(Schema::new(vec![Field::new("v", DataType::Int64, false)]));
        let props = WriterProperties::builder()
            .set_max_row_group_row_count(Some(group))
            .build();
        let file = File::create(path).unwrap();
        let mut writer = ArrowWriter::try_new(file, schema.clone(), Some(props)).unwrap();
        let values = Arc::new(Int64Array::from_iter_values(0..rows));
        writer
            .write(&RecordBatch::try_new(schema, vec![values]).unwrap())
            .unwrap();
        writer.close().unwrap();
    }

    /// The byte ranges of every Parquet scan in `plan`, by partition.
    fn ranges(plan: &Arc<dyn ExecutionPlan>) -> Vec<Vec<(i64, i64)>> {
        let mut out = Vec::new();
        plan.apply(|node| {
            if let Some(exec) = node.downcast_ref::<DataSourceExec>()
                && let Some((config, _)) = exec.downcast_to_file_source::<ParquetSource>()
            {
                for group in &config.file_groups {
                    out.push(
                        group
                            .iter()
                            .map(|f| f.range.as_ref().map_or((0, -1), |r| (r.start, r.end)))
                            .collect(),
                    );
                }
            }
            Ok(datafusion::common::tree_node::TreeNodeRecursion::Continue)
        })
        .unwrap();
        out
    }

    #[tokio::test]
    async fn each_row_group_is_a_range_and_every_row_is_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.parquet");
        write(&path, 9_000, 1_000);
        let reader = File::open(&path).unwrap();
        let metadata = ParquetMetaDataReader::new()
            .parse_and_finish(&reader)
            .unwrap();
        assert_eq!(metadata.num_row_groups(), 9);

        // Small as it is, the file is cut between two partitions.
        let config = SessionConfig::new()
            .with_target_partitions(2)
            .with_repartition_file_min_size(0);
        let ctx = SessionContext::new_with_config(config);
        let options = ParquetReadOptions::default();
        ctx.register_parquet("t", path.to_str().unwrap(), options)
            .await
            .unwrap();
        let df = ctx
            .sql("SELECT count(*) AS n, sum(v) AS s FROM t")
            .await
            .unwrap();
        let task = Arc::new(df.task_ctx());
        let planned = df.create_physical_plan().await.unwrap();
        assert_eq!(ranges(&planned).len(), 2, "DataFusion planned two ranges");
        let split = split_parquet_scans(planned).unwrap();

        let groups = ranges(&split);
        let sizes: Vec<usize> = groups.iter().map(Vec::len).collect();
        assert_eq!(sizes, [4, 5]);
        let all: Vec<(i64, i64)> = groups.into_iter().flatten().collect();
        let starts: Vec<i64> = metadata
            .row_groups()
            .iter()
            .map(|g| {
                let c = g.column(0);
                c.dictionary_page_offset().unwrap_or(c.data_page_offset())
            })
            .collect();
        assert_eq!(all.iter().map(|r| r.0).collect::<Vec<_>>(), starts);
        assert!(all.windows(2).all(|w| w[0].1 == w[1].0), "{all:?}");

        let batches = collect(split, task).await.unwrap();
        let n = batches[0].column(0).as_any().downcast_ref::<Int64Array>();
        let s = batches[0].column(1).as_any().downcast_ref::<Int64Array>();
        assert_eq!(n.map(|a| a.value(0)), Some(9_000));
        assert_eq!(s.map(|a| a.value(0)), Some((0..9_000).sum()));
    }
}
