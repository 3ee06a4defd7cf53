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
//! number of partitions does not change, so the plan above the scan stays valid.
//!
//! One row group apart was still a third of a second on that table: the last row group ran on
//! one thread while the other had nothing left. So the last row groups of the queue, one per
//! partition, are cut again into [`PIECES`] pieces of their rows (a row selection per piece):
//! the threads then finish at most a piece apart. A piece re-reads its row group's column chunks
//! and skips the pages outside its rows without decompressing them, but only whole pages: on the
//! benchmark table, whose pages are large, the pieces decompressed their row groups about twice,
//! 1% more CPU time. So row groups are cut only in a scan of at least four per partition; a file
//! of one large row group is still read by one thread (cutting it was measured: a third less
//! wall time for 20–40% more CPU time and 2.4 times the peak memory). Scans that keep an order or
//! a partitioning, and scans whose footers cannot be read here, are left as DataFusion planned
//! them.

use std::collections::HashSet;
use std::fs::File;
use std::sync::Arc;

use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::datasource::listing::PartitionedFile;
use datafusion::datasource::physical_plan::parquet::{ParquetAccessPlan, RowGroupAccess};
use datafusion::datasource::physical_plan::{
    FileGroup, FileScanConfig, FileScanConfigBuilder, ParquetSource,
};
use datafusion::datasource::source::DataSourceExec;
use datafusion::error::Result as DfResult;
use datafusion::parquet::arrow::arrow_reader::{RowSelection, RowSelector};
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

/// Pieces each of the last row groups is cut into.
const PIECES: usize = 2;

/// Rows a piece holds at least: a row group of fewer than [`PIECES`] times this is not cut (its
/// pieces would be a batch or two, not worth reading its column chunks again).
const MIN_PIECE_ROWS: usize = 16_384;

/// One row group of a file, as the scan's queue holds it.
struct RowGroupRange {
    /// The file, with the row group's byte range.
    file: PartitionedFile,
    /// The row group's index in the file, and the file's number of row groups.
    index: usize,
    groups: usize,
    rows: usize,
}

/// The scan of `config` with a range per row group, the last of them cut into pieces, spread
/// over as many partitions as before in file order, if it may be reordered and every footer can
/// be read.
fn split_config(config: &FileScanConfig) -> Option<FileScanConfig> {
    let partitions = config.file_groups.len();
    if partitions < 2 || config.preserve_order || !config.output_ordering.is_empty() {
        return None;
    }
    let mut groups: Vec<RowGroupRange> = Vec::new();
    let mut seen = HashSet::new();
    for file in config.file_groups.iter().flat_map(FileGroup::iter) {
        // A file cut into byte ranges appears once per range; it is cut again here, whole.
        if !seen.insert(file.path()) {
            continue;
        }
        let layout = row_group_layout(file)?;
        let mut whole = file.clone();
        whole.range = None;
        whole.statistics = None;
        let ends = layout.iter().skip(1).map(|g| g.0).chain([i64::MAX]);
        for (index, (&(start, rows), end)) in layout.iter().zip(ends).enumerate() {
            groups.push(RowGroupRange {
                file: whole.clone().with_range(start, end),
                index,
                groups: layout.len(),
                rows,
            });
        }
    }
    // Cutting costs decompression (see the module documentation): only worth it when the cut
    // row groups are at most a quarter of the scan. A file of one row group stays on one thread.
    let cut = if groups.len() >= 4 * partitions {
        partitions
    } else {
        0
    };
    let ranges = cut_the_last(groups, cut);
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

/// The ranges of `groups` in order, the last `count` row groups large enough cut into
/// [`PIECES`] each.
fn cut_the_last(groups: Vec<RowGroupRange>, count: usize) -> Vec<PartitionedFile> {
    let mut cut = 0;
    let mut ranges = Vec::new();
    for group in groups.into_iter().rev() {
        if cut < count && group.rows >= PIECES * MIN_PIECE_ROWS {
            cut += 1;
            ranges.extend((0..PIECES).rev().map(|k| piece(&group, k)));
        } else {
            ranges.push(group.file);
        }
    }
    ranges.reverse();
    ranges
}

/// Piece `k` of [`PIECES`] of a row group: its range, reading only its share of the rows.
fn piece(group: &RowGroupRange, k: usize) -> PartitionedFile {
    let from = k * group.rows / PIECES;
    let to = (k + 1) * group.rows / PIECES;
    let selectors = [
        RowSelector::skip(from),
        RowSelector::select(to - from),
        RowSelector::skip(group.rows - to),
    ];
    let selection = RowSelection::from(
        selectors
            .into_iter()
            .filter(|s| s.row_count > 0)
            .collect::<Vec<_>>(),
    );
    let mut plan = ParquetAccessPlan::new_none(group.groups);
    plan.set(group.index, RowGroupAccess::Selection(selection));
    group.file.clone().with_extension(plan)
}

/// Where each row group of a local Parquet file starts (the offset of its first column's first
/// page, which is what DataFusion's reader tests against a range) and its number of rows.
fn row_group_layout(file: &PartitionedFile) -> Option<Vec<(i64, usize)>> {
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
            let start = column
                .dictionary_page_offset()
                .unwrap_or_else(|| column.data_page_offset());
            Some((start, usize::try_from(group.num_rows()).ok()?))
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

    /// `count(*)` and `sum(v)` of the file at `path`, scanned on two partitions after the split;
    /// the split plan's ranges by partition, and how many of them are pieces (read a selection
    /// of their row group's rows).
    async fn scan_split(path: &std::path::Path) -> (i64, i64, Vec<Vec<(i64, i64)>>, usize) {
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
        let mut pieces = 0;
        split
            .apply(|node| {
                if let Some(exec) = node.downcast_ref::<DataSourceExec>()
                    && let Some((config, _)) = exec.downcast_to_file_source::<ParquetSource>()
                {
                    pieces += config
                        .file_groups
                        .iter()
                        .flat_map(FileGroup::iter)
                        .filter(|f| f.extension::<ParquetAccessPlan>().is_some())
                        .count();
                }
                Ok(datafusion::common::tree_node::TreeNodeRecursion::Continue)
            })
            .unwrap();
        let batches = collect(split, task).await.unwrap();
        let value = |i: usize| {
            let column = batches[0].column(i).as_any().downcast_ref::<Int64Array>();
            column.map(|a| a.value(0)).unwrap()
        };
        (value(0), value(1), groups, pieces)
    }

    #[tokio::test]
    async fn the_last_row_groups_are_cut_into_pieces_and_every_row_is_read_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.parquet");
        let group = 2 * MIN_PIECE_ROWS + 1_000;
        let rows = 9 * group as i64 - 500;
        write(&path, rows, group);
        let (n, sum, groups, pieces) = scan_split(&path).await;
        assert_eq!(n, rows);
        assert_eq!(sum, (0..rows).sum::<i64>());
        // Nine row groups, of which the two last (one per partition) in two pieces each.
        assert_eq!(pieces, 2 * PIECES);
        assert_eq!(groups.iter().map(Vec::len).sum::<usize>(), 7 + 2 * PIECES);

        // Three such row groups on two partitions: cutting two would decompress most of the
        // file twice, so none is cut.
        let path = dir.path().join("few.parquet");
        let rows = 3 * group as i64;
        write(&path, rows, group);
        let (n, sum, groups, pieces) = scan_split(&path).await;
        assert_eq!((n, sum), (rows, (0..rows).sum::<i64>()));
        assert_eq!(pieces, 0);
        assert_eq!(groups.iter().map(Vec::len).sum::<usize>(), 3);
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

        // Small as it is, the file is cut between two partitions; its row groups are too small
        // to be cut into pieces.
        let (n, sum, groups, pieces) = scan_split(&path).await;
        assert_eq!((n, sum), (9_000, (0..9_000).sum::<i64>()));
        assert_eq!(pieces, 0);
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
    }
}
