//! Building a [`ColumnProfile`] from Arrow arrays.
//!
//! [`ColumnProfile::update`] takes one array of a batch and dispatches on its Arrow type:
//! integers, floats, decimals, dates and timestamps go down a numeric path (moments, min/max,
//! quantiles, distinct, frequent values); strings of every Arrow layout go down the text path
//! (counts, lengths, inferred types, shapes); booleans are counted; nested values are rendered as
//! text. Text batches with many repeats are first counted per distinct value (see
//! [`super::grouping`]), so each distinct value is parsed, shaped and hashed once per batch
//! instead of once per row; the shapes and the detectors then take the batch's values in passes
//! of their own ([`ColumnProfile::observe_text_chunk`]).

use arrow::array::{Array, AsArray};
use arrow::compute::cast;
use arrow::datatypes::{DataType, Float64Type, Int64Type, TimeUnit, TimestampMicrosecondType};
use arrow::util::display::{ArrayFormatter, FormatOptions};

use super::column::{ColumnProfile, ValueKind};
use super::infer::{Parsed, parse};
use super::sketch::FrequentValues;
use super::text_bounds::TextBounds;
use super::trim::padded;
use super::value::{Value, keep_max, keep_min};

/// Text values handed to the statistics at a time ([`ColumnProfile::observe_text_chunk`]): a
/// whole batch of DataFusion's default size. Measured on nine text columns of the benchmark
/// table, runs of 256 values gained half of what runs of 8,192 do.
const TEXT_CHUNK: usize = 8192;

/// The profile could not take an array.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// Arrow could not convert the array to the form the profiler reads.
    #[error("cannot read {data_type} values: {reason}")]
    Unreadable {
        /// Arrow type of the array.
        data_type: String,
        /// Arrow's explanation.
        reason: String,
    },
}

/// How a column of this Arrow type is profiled.
pub fn kind_of(data_type: &DataType) -> ValueKind {
    use DataType::*;
    match data_type {
        Null => ValueKind::Null,
        Boolean => ValueKind::Boolean,
        Int8 | Int16 | Int32 | Int64 | UInt8 | UInt16 | UInt32 | UInt64 | Float16 | Float32
        | Float64 | Decimal32(..) | Decimal64(..) | Decimal128(..) | Decimal256(..) => {
            ValueKind::Numeric
        }
        Date32 | Date64 | Timestamp(..) => ValueKind::Temporal,
        Binary | LargeBinary | BinaryView | FixedSizeBinary(_) => ValueKind::Binary,
        Dictionary(_, value) => kind_of(value),
        _ => ValueKind::Text,
    }
}

impl ColumnProfile {
    /// A new empty profile for a column of this Arrow type.
    ///
    /// Text in views (`Utf8View`, as gapscan reads Parquet strings) is recorded as `Utf8`: the
    /// view is how the reader carried the strings, not a type of the column's.
    pub fn for_type(name: &str, data_type: &DataType) -> Self {
        let recorded = match data_type {
            DataType::Utf8View => &DataType::Utf8,
            other => other,
        };
        ColumnProfile::empty(name, &recorded.to_string(), kind_of(data_type))
    }

    /// Adds the values of one array (one column of one batch).
    ///
    /// Call [`ColumnProfile::finish`] after the last array to refresh the summary.
    pub fn update(&mut self, array: &dyn Array) -> Result<(), ProfileError> {
        let unreadable = |e: arrow::error::ArrowError| ProfileError::Unreadable {
            data_type: array.data_type().to_string(),
            reason: e.to_string(),
        };
        self.rows += array.len() as u64;
        self.nulls += array.logical_null_count() as u64;
        use DataType::*;
        match array.data_type() {
            Null => {}
            Boolean => {
                for v in array.as_boolean().iter().flatten() {
                    if v {
                        self.true_count += 1;
                    } else {
                        self.false_count += 1;
                    }
                    self.distinct.update_bool(v);
                }
                let observe = |b| Value::Bool(b);
                if self.false_count > 0 {
                    keep_min(&mut self.min, &observe(false));
                }
                if self.true_count > 0 {
                    keep_max(&mut self.max, &observe(true));
                } else if self.false_count > 0 {
                    keep_max(&mut self.max, &observe(false));
                }
            }
            Int8 | Int16 | Int32 | Int64 | UInt8 | UInt16 | UInt32 => {
                let ints = cast(array, &Int64).map_err(unreadable)?;
                self.observe_ints(ints.as_primitive::<Int64Type>().iter().flatten(), false);
            }
            UInt64 => {
                let values = array.as_primitive::<arrow::datatypes::UInt64Type>();
                let (small, large): (Vec<u64>, Vec<u64>) = values
                    .iter()
                    .flatten()
                    .partition(|v| i64::try_from(*v).is_ok());
                self.observe_ints(small.into_iter().map(|v| v as i64), false);
                self.observe_floats(large.into_iter().map(|v| v as f64));
            }
            Float16 | Float32 | Float64 | Decimal32(..) | Decimal64(..) | Decimal128(..)
            | Decimal256(..) => {
                let floats = cast(array, &Float64).map_err(unreadable)?;
                self.observe_floats(floats.as_primitive::<Float64Type>().iter().flatten());
            }
            Date32 | Date64 | Timestamp(..) => {
                // Time zones are dropped: the instant is kept, in UTC.
                let target = Timestamp(TimeUnit::Microsecond, None);
                let stamps = cast(array, &target).map_err(unreadable)?;
                let values = stamps.as_primitive::<TimestampMicrosecondType>();
                self.observe_ints(values.iter().flatten(), true);
            }
            Utf8 => self.observe_texts(array.as_string::<i32>().iter()),
            LargeUtf8 => self.observe_texts(array.as_string::<i64>().iter()),
            Utf8View => self.observe_texts(array.as_string_view().iter()),
            Binary | LargeBinary | BinaryView | FixedSizeBinary(_) => {
                let bytes = cast(array, &LargeBinary).map_err(unreadable)?;
                for v in bytes.as_binary::<i64>().iter().flatten() {
                    self.observe_length(v.len() as u64, 1);
                    self.distinct.update_str(&String::from_utf8_lossy(v));
                }
            }
            Dictionary(_, value_type) => {
                let plain = cast(array, value_type).map_err(unreadable)?;
                // The rows and nulls were counted above; `update` on the values would count again.
                self.rows -= plain.len() as u64;
                self.nulls -= plain.logical_null_count() as u64;
                return self.update(plain.as_ref());
            }
            _ => {
                // Nested and other types are profiled as their text rendering.
                let options = FormatOptions::default();
                let formatter = ArrayFormatter::try_new(array, &options).map_err(unreadable)?;
                let rendered: Vec<Option<String>> = (0..array.len())
                    .map(|i| array.is_valid(i).then(|| formatter.value(i).to_string()))
                    .collect();
                self.observe_texts(rendered.iter().map(|v| v.as_deref()));
            }
        }
        Ok(())
    }

    fn observe_ints(&mut self, values: impl Iterator<Item = i64> + Clone, temporal: bool) {
        let (mut lo, mut hi) = (i64::MAX, i64::MIN);
        let mut seen = false;
        if let Some(f) = &mut self.frequent {
            f.update_int_rows(values.clone());
        }
        for v in values {
            seen = true;
            lo = lo.min(v);
            hi = hi.max(v);
            let x = v as f64;
            if let Some(m) = &mut self.moments {
                m.update(x);
            }
            if let Some(q) = &mut self.quantiles {
                q.update(x);
            }
            if let Some(q) = &mut self.quality {
                q.observe_i64(v);
            }
            self.distinct.update_i64(v);
        }
        if seen {
            let wrap = if temporal { Value::TimeUs } else { Value::Int };
            keep_min(&mut self.min, &wrap(lo));
            keep_max(&mut self.max, &wrap(hi));
        }
    }

    fn observe_floats(&mut self, values: impl Iterator<Item = f64> + Clone) {
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        let mut seen = false;
        if let Some(f) = &mut self.frequent {
            f.update_float_rows(values.clone().filter(|v| v.is_finite()));
        }
        for v in values {
            if !v.is_finite() {
                self.non_finite += 1;
                continue;
            }
            seen = true;
            lo = lo.min(v);
            hi = hi.max(v);
            if let Some(m) = &mut self.moments {
                m.update(v);
            }
            if let Some(q) = &mut self.quantiles {
                q.update(v);
            }
            if let Some(q) = &mut self.quality {
                q.observe_f64(v);
            }
            self.distinct.update_f64(v);
        }
        if seen {
            keep_min(&mut self.min, &Value::Float(lo));
            keep_max(&mut self.max, &Value::Float(hi));
        }
    }

    fn observe_texts<'a>(&mut self, values: impl Iterator<Item = Option<&'a str>> + Clone) {
        let mut bounds: Option<TextBounds> = None;
        let mut grouping = std::mem::take(&mut self.grouping);
        let order_free = FrequentValues::EXACT_CAPACITY;
        let rows = values.size_hint().1.unwrap_or(TEXT_CHUNK);
        let mut chunk: Vec<(&str, u64)> = Vec::with_capacity(rows.min(TEXT_CHUNK));
        let few_groups = grouping.each(values.clone().flatten(), order_free, |v, n, few_groups| {
            match &mut bounds {
                None => bounds = Some(TextBounds::new(v)),
                Some(b) => b.offer(v),
            }
            chunk.push((v, n));
            if chunk.len() == TEXT_CHUNK {
                self.observe_text_chunk(&chunk, few_groups);
                chunk.clear();
            }
        });
        self.observe_text_chunk(&chunk, few_groups);
        self.grouping = grouping;
        if !few_groups && let Some(f) = &mut self.frequent {
            f.update_rows(values.flatten());
        }
        if let Some((lo, hi)) = bounds.map(|b| b.bounds()) {
            keep_min(&mut self.min, &Value::Text(lo.to_string()));
            keep_max(&mut self.max, &Value::Text(hi.to_string()));
        }
    }

    /// Records a run of text values, each with its count, in every statistic; in the
    /// frequent-values sketch only if `frequent` (else the caller feeds that sketch row by row).
    ///
    /// The shapes and the detectors each take the whole run in a pass of their own, after the
    /// other statistics have taken it value by value: interleaved per value, their tables (the
    /// shape index, the detectors' DFA) and the others' evicted one another from the cache. Every
    /// statistic still sees the values in the same order.
    fn observe_text_chunk(&mut self, values: &[(&str, u64)], frequent: bool) {
        for &(v, count) in values {
            self.observe_text(v, count, frequent);
        }
        if let Some(s) = &mut self.shapes {
            values.iter().for_each(|&(v, count)| s.observe(v, count));
        }
        if let Some(scanner) = &mut self.scanner {
            for &(v, count) in values {
                scanner.observe(&mut self.detection, &mut self.detectors, v, count);
            }
        }
    }

    /// Records `count` occurrences of one text value in the statistics other than the shapes and
    /// the detectors ([`Self::observe_text_chunk`] runs those), in the frequent-values sketch too
    /// unless `frequent` is false.
    fn observe_text(&mut self, v: &str, count: u64, frequent: bool) {
        if v.is_empty() {
            self.empty += count;
        } else if padded(v) {
            self.whitespace_padded += count;
        }
        let chars = if v.is_ascii() {
            v.len()
        } else {
            v.chars().count()
        };
        self.observe_length(chars as u64, count);
        self.distinct.update_str(v);
        if frequent && let Some(f) = &mut self.frequent {
            f.update_str(v, count);
        }
        let parsed = parse(v);
        if let Some(q) = &mut self.quality {
            q.observe_text(v, parsed, count);
        }
        if let Some(t) = &mut self.type_counts {
            t.add(parsed, count);
        }
        match parsed {
            Parsed::Integer(x) | Parsed::Decimal(x) => {
                if let Some(p) = &mut self.parsed_numbers {
                    p.add(x, count);
                }
            }
            Parsed::Date(us) | Parsed::Timestamp(us) => {
                if let Some(p) = &mut self.parsed_times {
                    p.add(us as f64, count);
                }
            }
            _ => {}
        }
    }

    fn observe_length(&mut self, len: u64, count: u64) {
        if let Some(l) = &mut self.lengths {
            if l.quantiles.count() == 0 {
                l.min = len;
                l.max = len;
            } else {
                l.min = l.min.min(len);
                l.max = l.max.max(len);
            }
            l.sum += len * count;
            l.quantiles.update_n(len as f64, count);
        }
    }
}

#[cfg(test)]
mod tests {
    use arrow::array::StringArray;

    use super::*;

    #[test]
    fn grouped_batches_keep_the_frequent_values_bounds() {
        // A thousand names, more than the sketch keeps exactly, with a placeholder among them:
        // batches are grouped, yet every count must stay within the sketch's bounds.
        let mut rows = crate::profile::grouping::city_names(40_000, 1_000, 7);
        rows.iter_mut().step_by(97).for_each(|v| *v = "n/a".into());
        let mut profile = ColumnProfile::for_type("city", &DataType::Utf8);
        for batch in rows.chunks(8_192) {
            profile.update(&StringArray::from(batch.to_vec())).unwrap();
        }
        profile.finish();
        let frequent = profile.frequent.as_ref().unwrap();
        let error = frequent.maximum_error();
        assert!(error > 0, "past the exact capacity");
        let mut truth = std::collections::HashMap::new();
        rows.iter()
            .for_each(|v| *truth.entry(v.as_str()).or_insert(0u64) += 1);
        let tracked = frequent.top(usize::MAX);
        for (value, &n) in &truth {
            let key = crate::profile::sketch::FrequentKey::Text(value.to_string());
            match tracked.iter().find(|t| t.value == key) {
                Some(t) => assert!(t.lower_bound <= n && n <= t.upper_bound, "{value}"),
                None => assert!(n <= error, "{value}: {n} rows untracked, error {error}"),
            }
        }
        let na = truth["n/a"];
        assert_eq!(profile.summary.top_values[0].value, "n/a");
        assert!(profile.summary.top_values[0].count >= na);
        // Everything else is exact, whatever the grouping.
        let lengths = profile.lengths.as_ref().unwrap();
        let chars: u64 = rows.iter().map(|v| v.len() as u64).sum();
        assert_eq!(lengths.sum, chars);
        assert_eq!(profile.non_null(), rows.len() as u64);
        assert_eq!(
            profile.min,
            Some(Value::Text(rows.iter().min().unwrap().clone()))
        );
    }

    #[test]
    fn an_array_longer_than_a_chunk_is_counted_once_in_every_statistic() {
        // 20,000 values in one array: two full chunks and a part. Empty values, padded values
        // and SSNs at fixed strides, counted here from the rows themselves.
        let rows: Vec<String> = (0..20_000u32)
            .map(|i| match i {
                _ if i % 7 == 0 => String::new(),
                _ if i % 11 == 0 => format!(" code-{i}"),
                // Areas 100–599 and serials 1000–5999: valid, and none of the published examples.
                _ if i % 13 == 0 => format!("{}-45-{}", 100 + i % 500, 1_000 + i % 5_000),
                _ => format!("code-{i}"),
            })
            .collect();
        let config = crate::detect::DetectionConfig {
            detectors: std::sync::Arc::new(crate::detect::Detectors::builtin().unwrap()),
            sample: None,
        };
        let mut profile = ColumnProfile::for_type("ref", &DataType::Utf8);
        profile.scanner = Some(crate::detect::ColumnScanner::new(&config, "ref"));
        profile.update(&StringArray::from(rows.clone())).unwrap();
        profile.finish();
        let count = |keep: fn(&String) -> bool| rows.iter().filter(|v| keep(v)).count() as u64;
        assert_eq!(profile.non_null(), 20_000);
        assert_eq!(profile.empty, count(|v| v.is_empty()));
        assert_eq!(profile.whitespace_padded, count(|v| v.starts_with(' ')));
        let ssn = count(|v| v.contains("-45-"));
        assert_eq!(profile.detectors["us_ssn"].hits, ssn);
        assert_eq!(profile.detection.values, count(|v| !v.trim().is_empty()));
        let shapes = profile.shapes.as_ref().unwrap();
        let shaped: u64 = shapes.shapes.values().map(|s| s.count).sum::<u64>() + shapes.other;
        assert_eq!(shaped, 20_000);
        assert_eq!(shapes.shapes["999-99-9999"].count, ssn);
        assert_eq!(profile.lengths.as_ref().unwrap().sum, {
            rows.iter().map(|v| v.len() as u64).sum::<u64>()
        });
    }

    #[test]
    fn top_values_past_the_sketch_capacity_are_only_the_sure_ones() {
        // 30% of rows hold `n/a`; the rest spread evenly over 2,000 names (about 35 rows each).
        let rows: Vec<String> = (0..100_000)
            .map(|i| {
                if i % 10 < 3 {
                    "n/a".to_string()
                } else {
                    format!("name-{}", (i * 7_919) % 2_000)
                }
            })
            .collect();
        let mut profile = ColumnProfile::for_type("name", &DataType::Utf8);
        for batch in rows.chunks(8_192) {
            profile.update(&StringArray::from(batch.to_vec())).unwrap();
        }
        profile.finish();
        let top = &profile.summary.top_values;
        assert_eq!(top.len(), 1, "{top:?}");
        assert_eq!(top[0].value, "n/a");
        let na = rows.iter().filter(|v| *v == "n/a").count() as u64;
        let error = profile.frequent.as_ref().unwrap().maximum_error();
        assert!(error > 0, "the sketch is past its exact capacity");
        assert!(top[0].count >= na && top[0].count <= na + error);
    }
}
