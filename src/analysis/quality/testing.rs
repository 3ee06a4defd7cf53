//! Test helpers: profiles built through the real accumulator from literal values.

use std::sync::Arc;

use arrow::array::{ArrayRef, DictionaryArray, Float64Array, Int64Array, StringArray};
use arrow::datatypes::Int32Type;

use super::ColumnContext;
use crate::profile::{ColumnProfile, TableProfile};

/// Profiles one array as column `name`.
pub fn profile_array(name: &str, array: ArrayRef) -> ColumnProfile {
    let mut p = ColumnProfile::for_type(name, array.data_type());
    if let Err(e) = p.update(array.as_ref()) {
        panic!("test array did not profile: {e}");
    }
    p.finish();
    p
}

/// A text column (`None` = null).
pub fn text(name: &str, values: &[Option<&str>]) -> ColumnProfile {
    profile_array(name, Arc::new(StringArray::from(values.to_vec())))
}

/// A text column without nulls.
pub fn texts(name: &str, values: &[&str]) -> ColumnProfile {
    let v: Vec<Option<&str>> = values.iter().map(|s| Some(*s)).collect();
    text(name, &v)
}

/// A dictionary-encoded text column, as Parquet readers deliver low-cardinality strings.
pub fn dictionary(name: &str, values: &[&str]) -> ColumnProfile {
    let array: DictionaryArray<Int32Type> = values.iter().copied().collect();
    profile_array(name, Arc::new(array))
}

/// An Int64 column.
pub fn ints(name: &str, values: &[Option<i64>]) -> ColumnProfile {
    profile_array(name, Arc::new(Int64Array::from(values.to_vec())))
}

/// A Float64 column.
pub fn floats(name: &str, values: &[Option<f64>]) -> ColumnProfile {
    profile_array(name, Arc::new(Float64Array::from(values.to_vec())))
}

/// A one-column table.
pub fn table_of(column: ColumnProfile) -> TableProfile {
    TableProfile {
        name: "t".into(),
        source: "test".into(),
        format: "parquet".into(),
        rows: column.rows,
        bytes_read: 0,
        partition_columns: Vec::new(),
        files: Vec::new(),
        columns: vec![column],
    }
}

/// The context of a lone column.
pub fn ctx(column: &ColumnProfile) -> ColumnContext<'_> {
    ColumnContext {
        table: "t",
        rows: column.rows,
        column,
        baseline: None,
        sensitive: false,
    }
}
