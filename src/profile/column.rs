//! The profile of one column: exact counts, sketches, and the readable summary derived from them.
//!
//! A [`ColumnProfile`] is built by the accumulator (`accumulate.rs`) from Arrow arrays and merged
//! with [`ColumnProfile::merge`]. Exact fields add up; sketches merge by their own rules. The
//! [`Summary`] is derived from the rest by [`ColumnProfile::finish`] after every build or merge, so
//! the profile file is readable without decoding a sketch and never disagrees with its sketches.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::detection::{DetectionStats, DetectorHits};
use super::grouping::Grouping;
use super::infer::{InferredType, TypeCounts};
use super::moments::Moments;
use super::quality::QualityStats;
use super::shape::ShapeHistogram;
use super::sketch::{DistinctSketch, FrequentKey, FrequentValues, QuantileSketch};
use super::value::{Value, keep_max, keep_min};

/// How the profiler treats a column's values, decided by its Arrow type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    /// Integers, floats and decimals: moments, quantiles.
    Numeric,
    /// Dates and timestamps, as microseconds since the epoch: moments, quantiles.
    Temporal,
    /// Text (and nested values rendered as text): lengths, inferred types, shapes.
    Text,
    /// Booleans: true and false counts.
    Boolean,
    /// Binary: lengths and distinct count.
    Binary,
    /// The Arrow `Null` type: every value is null.
    Null,
}

/// Lengths of text values (in characters) or binary values (in bytes).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct LengthStats {
    /// Shortest length.
    pub min: u64,
    /// Longest length.
    pub max: u64,
    /// Sum of lengths (for the mean).
    pub sum: u64,
    /// Quantiles of the lengths.
    pub quantiles: QuantileSketch,
}

/// Statistics of the text values that parse as numbers, or as dates and timestamps.
///
/// Text formats are read as text; these give a CSV `amount` or `order_date` column the same
/// moments and quantiles a typed column has.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ParsedValues {
    /// Smallest parsed value (temporal: microseconds since the epoch).
    pub min: Option<f64>,
    /// Largest parsed value.
    pub max: Option<f64>,
    /// Mean and variance of the parsed values.
    pub moments: Moments,
    /// Quantiles of the parsed values.
    pub quantiles: QuantileSketch,
}

impl ParsedValues {
    /// Adds `count` occurrences of `x`.
    pub fn add(&mut self, x: f64, count: u64) {
        self.min = Some(self.min.map_or(x, |m| m.min(x)));
        self.max = Some(self.max.map_or(x, |m| m.max(x)));
        for _ in 0..count {
            self.moments.update(x);
        }
        self.quantiles.update_n(x, count);
    }

    /// Adds another set.
    pub fn merge(&mut self, other: &ParsedValues) {
        if let Some(m) = other.min {
            self.min = Some(self.min.map_or(m, |s| s.min(m)));
        }
        if let Some(m) = other.max {
            self.max = Some(self.max.map_or(m, |s| s.max(m)));
        }
        self.moments.merge(&other.moments);
        self.quantiles.merge(&other.quantiles);
    }
}

/// Readable statistics derived from the exact fields and sketches.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Summary {
    /// The inferred type of the values (for text, from parsing; otherwise from the Arrow type).
    pub inferred_type: String,
    /// Share of rows that are null.
    pub null_fraction: f64,
    /// Estimated distinct non-null values.
    pub distinct_estimate: u64,
    /// Mean of the finite values (numeric and temporal).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
    /// Sample standard deviation (numeric and temporal).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub std_dev: Option<f64>,
    /// Quantiles at 1, 5, 25, 50, 75, 95, 99% (numeric and temporal).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub quantiles: BTreeMap<String, f64>,
    /// Mean length (text and binary).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_length: Option<f64>,
    /// Up to ten most frequent values with their estimated counts: those whose count is sure
    /// to exceed the frequent-values sketch's error (all of them while it is exact).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub top_values: Vec<TopValue>,
}

/// One frequent value in the summary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopValue {
    /// The value, rendered as text (temporal values in ISO 8601).
    pub value: String,
    /// Estimated count.
    pub count: u64,
}

/// The quantile ranks the summary reports.
pub const SUMMARY_RANKS: [(&str, f64); 7] = [
    ("p01", 0.01),
    ("p05", 0.05),
    ("p25", 0.25),
    ("p50", 0.5),
    ("p75", 0.75),
    ("p95", 0.95),
    ("p99", 0.99),
];

/// Everything gapscan knows about one column after a scan.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ColumnProfile {
    /// Column name as read.
    pub name: String,
    /// Arrow data type as read (e.g. `Int64`, `Utf8`, `Timestamp(Microsecond, None)`).
    pub data_type: String,
    /// How the values were profiled.
    pub kind: ValueKind,
    /// Rows seen (nulls included).
    pub rows: u64,
    /// Null values.
    pub nulls: u64,
    /// Empty strings (text only).
    pub empty: u64,
    /// Values with leading or trailing whitespace (text only).
    pub whitespace_padded: u64,
    /// NaN and infinite values (floating point only); they are left out of moments and quantiles.
    pub non_finite: u64,
    /// `true` values (boolean only).
    pub true_count: u64,
    /// `false` values (boolean only).
    pub false_count: u64,
    /// Smallest non-null value.
    pub min: Option<Value>,
    /// Largest non-null value.
    pub max: Option<Value>,
    /// Mean and variance (numeric and temporal).
    pub moments: Option<Moments>,
    /// Length statistics (text and binary).
    pub lengths: Option<LengthStats>,
    /// Distinct-count sketch.
    pub distinct: DistinctSketch,
    /// Quantile sketch (numeric and temporal).
    pub quantiles: Option<QuantileSketch>,
    /// Frequent-values sketch.
    pub frequent: Option<FrequentValues>,
    /// How many text values parse as each candidate type (text only).
    pub type_counts: Option<TypeCounts>,
    /// Text values that parse as numbers (text only).
    pub parsed_numbers: Option<ParsedValues>,
    /// Text values that parse as dates or timestamps, in microseconds (text only).
    pub parsed_times: Option<ParsedValues>,
    /// Histogram of value shapes (text only).
    pub shapes: Option<ShapeHistogram>,
    /// Detector id → hits. Empty until sensitive-field detection runs.
    #[serde(default)]
    pub detectors: BTreeMap<String, DetectorHits>,
    /// Statistics for the quality checks: duplicate keys, encoding damage, magnitudes, formats
    /// and unparsed examples (text and numeric columns; see `profile/quality/`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quality: Option<QualityStats>,
    /// Values examined by detection, and how many already looked masked.
    #[serde(default)]
    pub detection: DetectionStats,
    /// Whether sensitive values were removed from this profile (min/max, frequent values,
    /// quantiles, shape examples) because the column is classified sensitive.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub redacted: bool,
    /// The detectors run while the profile is built; not part of the profile file.
    #[serde(skip)]
    pub scanner: Option<crate::detect::ColumnScanner>,
    /// Whether the next text batches are grouped by value; not part of the profile file.
    #[serde(skip)]
    pub(crate) grouping: Grouping,
    /// Readable statistics derived from the fields above.
    pub summary: Summary,
}

/// Two column profiles could not be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// The same column was profiled as different kinds (say, numeric in one part, text in another).
    #[error("column `{column}` is {left:?} in one profile and {right:?} in the other")]
    KindMismatch {
        /// Column name.
        column: String,
        /// Kind on the left.
        left: ValueKind,
        /// Kind on the right.
        right: ValueKind,
    },
}

impl ColumnProfile {
    /// An empty profile for a column of the given kind.
    pub fn empty(name: &str, data_type: &str, kind: ValueKind) -> Self {
        let numeric_like = matches!(kind, ValueKind::Numeric | ValueKind::Temporal);
        let texty = matches!(kind, ValueKind::Text);
        Self {
            name: name.to_string(),
            data_type: data_type.to_string(),
            kind,
            rows: 0,
            nulls: 0,
            empty: 0,
            whitespace_padded: 0,
            non_finite: 0,
            true_count: 0,
            false_count: 0,
            min: None,
            max: None,
            moments: numeric_like.then(Moments::default),
            lengths: matches!(kind, ValueKind::Text | ValueKind::Binary).then(LengthStats::default),
            distinct: DistinctSketch::default(),
            quantiles: numeric_like.then(QuantileSketch::default),
            frequent: match kind {
                ValueKind::Text => Some(FrequentValues::text()),
                ValueKind::Temporal => Some(FrequentValues::int()),
                ValueKind::Numeric if data_type.contains("Int") => Some(FrequentValues::int()),
                ValueKind::Numeric => Some(FrequentValues::float()),
                ValueKind::Boolean | ValueKind::Binary | ValueKind::Null => None,
            },
            type_counts: texty.then(TypeCounts::default),
            parsed_numbers: texty.then(ParsedValues::default),
            parsed_times: texty.then(ParsedValues::default),
            shapes: texty.then(ShapeHistogram::default),
            detectors: BTreeMap::new(),
            quality: QualityStats::for_column(name, data_type, kind),
            detection: DetectionStats::default(),
            redacted: false,
            scanner: None,
            grouping: Grouping::default(),
            summary: Summary::default(),
        }
    }

    /// Non-null values.
    pub fn non_null(&self) -> u64 {
        self.rows - self.nulls
    }

    /// Adds `other` (another part of the same column) into `self`, then refreshes the summary.
    pub fn merge(&mut self, other: &ColumnProfile) -> Result<(), MergeError> {
        if other.kind == ValueKind::Null && other.non_null() == 0 {
            // A part where the column was absent or all-null adds only rows and nulls.
            self.rows += other.rows;
            self.nulls += other.nulls;
            self.finish();
            return Ok(());
        }
        if self.kind == ValueKind::Null && self.non_null() == 0 {
            let (rows, nulls) = (self.rows, self.nulls);
            *self = other.clone();
            self.rows += rows;
            self.nulls += nulls;
            self.finish();
            return Ok(());
        }
        if self.kind != other.kind {
            return Err(MergeError::KindMismatch {
                column: self.name.clone(),
                left: self.kind,
                right: other.kind,
            });
        }
        self.rows += other.rows;
        self.nulls += other.nulls;
        self.empty += other.empty;
        self.whitespace_padded += other.whitespace_padded;
        self.non_finite += other.non_finite;
        self.true_count += other.true_count;
        self.false_count += other.false_count;
        if let Some(v) = &other.min {
            keep_min(&mut self.min, v);
        }
        if let Some(v) = &other.max {
            keep_max(&mut self.max, v);
        }
        merge_opt(&mut self.moments, &other.moments, |a, b| a.merge(b));
        merge_opt(&mut self.lengths, &other.lengths, |a, b| {
            if b.quantiles.count() == 0 {
                return;
            }
            if a.quantiles.count() == 0 {
                *a = b.clone();
                return;
            }
            a.min = a.min.min(b.min);
            a.max = a.max.max(b.max);
            a.sum += b.sum;
            a.quantiles.merge(&b.quantiles);
        });
        self.distinct.merge(&other.distinct);
        merge_opt(&mut self.quantiles, &other.quantiles, |a, b| a.merge(b));
        merge_opt(&mut self.frequent, &other.frequent, |a, b| {
            a.merge(b);
        });
        merge_opt(&mut self.type_counts, &other.type_counts, |a, b| a.merge(b));
        merge_opt(&mut self.parsed_numbers, &other.parsed_numbers, |a, b| {
            a.merge(b)
        });
        merge_opt(&mut self.parsed_times, &other.parsed_times, |a, b| {
            a.merge(b)
        });
        merge_opt(&mut self.shapes, &other.shapes, |a, b| a.merge(b));
        merge_opt(&mut self.quality, &other.quality, |a, b| a.merge(b));
        for (id, hits) in &other.detectors {
            self.detectors.entry(id.clone()).or_default().merge(hits);
        }
        self.detection.merge(&other.detection);
        self.redacted |= other.redacted;
        self.finish();
        Ok(())
    }

    /// The inferred type of the values.
    pub fn inferred_type(&self) -> InferredType {
        if let Some(counts) = &self.type_counts {
            return counts.inferred();
        }
        if self.non_null() == 0 {
            return InferredType::Empty;
        }
        match self.kind {
            ValueKind::Numeric if self.data_type.contains("Int") => InferredType::Integer,
            ValueKind::Numeric => InferredType::Decimal,
            ValueKind::Temporal if self.data_type.starts_with("Date") => InferredType::Date,
            ValueKind::Temporal => InferredType::Timestamp,
            ValueKind::Boolean => InferredType::Boolean,
            _ => InferredType::Text,
        }
    }

    /// The moments and quantiles that describe the values on a numeric axis: the column's own
    /// (numeric, temporal), or those of its parsed text values when the inferred type is a
    /// number, date or timestamp.
    pub fn numeric_view(&self) -> Option<(&Moments, &QuantileSketch)> {
        match (self.kind, self.inferred_type()) {
            (ValueKind::Numeric | ValueKind::Temporal, _) => {
                self.moments.as_ref().zip(self.quantiles.as_ref())
            }
            (ValueKind::Text, InferredType::Integer | InferredType::Decimal) => self
                .parsed_numbers
                .as_ref()
                .map(|p| (&p.moments, &p.quantiles)),
            (ValueKind::Text, InferredType::Date | InferredType::Timestamp) => self
                .parsed_times
                .as_ref()
                .map(|p| (&p.moments, &p.quantiles)),
            _ => None,
        }
    }

    /// Recomputes the derived [`Summary`]; call after building or merging.
    pub fn finish(&mut self) {
        if let Some(shapes) = &mut self.shapes {
            shapes.bound();
        }
        if let Some(quality) = &mut self.quality {
            quality.settle();
        }
        let sketches = [
            self.quantiles.as_mut(),
            self.lengths.as_mut().map(|l| &mut l.quantiles),
            self.parsed_numbers.as_mut().map(|p| &mut p.quantiles),
            self.parsed_times.as_mut().map(|p| &mut p.quantiles),
        ];
        sketches
            .into_iter()
            .flatten()
            .for_each(QuantileSketch::settle);
        let view = self.numeric_view().map(|(m, q)| (*m, q.clone()));
        let quantiles = view
            .as_ref()
            .map(|(_, q)| q)
            .filter(|q| q.count() > 0)
            .map(|q| {
                SUMMARY_RANKS
                    .iter()
                    .filter_map(|(name, r)| q.quantile(*r).map(|v| (name.to_string(), v)))
                    .collect()
            })
            .unwrap_or_default();
        let temporal = self.kind == ValueKind::Temporal;
        self.summary = Summary {
            inferred_type: self.inferred_type().as_str().to_string(),
            null_fraction: if self.rows == 0 {
                0.0
            } else {
                self.nulls as f64 / self.rows as f64
            },
            distinct_estimate: self.distinct.estimate(),
            mean: view
                .as_ref()
                .filter(|(m, _)| m.count > 0)
                .map(|(m, _)| m.mean),
            std_dev: view.as_ref().and_then(|(m, _)| m.std_dev()),
            quantiles,
            mean_length: self
                .lengths
                .as_ref()
                .filter(|l| l.quantiles.count() > 0)
                .map(|l| l.sum as f64 / l.quantiles.count() as f64),
            top_values: self
                .frequent
                .as_ref()
                .map(|f| {
                    // Only values whose count is sure to exceed the sketch's error: past 192
                    // distinct values, the estimates of evenly spread values are mostly error.
                    let error = f.maximum_error();
                    f.top(usize::MAX)
                        .into_iter()
                        .filter(|v| v.lower_bound > error)
                        .take(10)
                        .map(|v| TopValue {
                            value: match v.value {
                                FrequentKey::Text(s) => s,
                                FrequentKey::Int(i) if temporal => super::render::time_us(i),
                                FrequentKey::Int(i) => i.to_string(),
                                FrequentKey::Float(f) => f.to_string(),
                            },
                            count: v.count,
                        })
                        .collect()
                })
                .unwrap_or_default(),
        };
    }
}

fn merge_opt<T: Clone>(a: &mut Option<T>, b: &Option<T>, f: impl FnOnce(&mut T, &T)) {
    match (a.as_mut(), b) {
        (Some(x), Some(y)) => f(x, y),
        (None, Some(y)) => *a = Some(y.clone()),
        _ => {}
    }
}
