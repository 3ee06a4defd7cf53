//! How a column's values are compared: on a numeric axis, as categories, or as text formats.
//!
//! A column is read the way its profile allows. Numeric and temporal columns, and text columns
//! whose inferred type is a number, date or timestamp (CSV columns are all text), give a
//! [`NumericSide`]: moments, a quantile sketch and exact extremes on a number or time axis. Text
//! and boolean columns with few distinct values give a [`Categories`] table of exact counts from
//! the frequent-values sketch (or the true/false counts).

use crate::profile::sketch::{FrequentKey, FrequentValues, QuantileSketch};
use crate::profile::{ColumnProfile, InferredType, Moments, Value, ValueKind};

/// The axis numeric values live on; two sides are compared only on the same axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Axis {
    /// Numbers.
    Number,
    /// Dates and timestamps, in microseconds since the epoch.
    Time,
}

/// One side of a numeric comparison.
#[derive(Clone, Copy, Debug)]
pub struct NumericSide<'a> {
    /// Number or time.
    pub axis: Axis,
    /// Mean and variance of the values.
    pub moments: &'a Moments,
    /// Quantiles of the values.
    pub sketch: &'a QuantileSketch,
    /// Exact smallest value.
    pub min: Option<f64>,
    /// Exact largest value.
    pub max: Option<f64>,
}

/// The numeric view of a column, if its values live on a number or time axis.
pub fn numeric_side(col: &ColumnProfile) -> Option<NumericSide<'_>> {
    let (moments, sketch) = col.numeric_view()?;
    let (axis, min, max) = match col.kind {
        ValueKind::Numeric => (Axis::Number, value_f64(&col.min), value_f64(&col.max)),
        ValueKind::Temporal => (Axis::Time, value_f64(&col.min), value_f64(&col.max)),
        ValueKind::Text => match col.inferred_type() {
            InferredType::Integer | InferredType::Decimal => {
                let p = col.parsed_numbers.as_ref()?;
                (Axis::Number, p.min, p.max)
            }
            InferredType::Date | InferredType::Timestamp => {
                let p = col.parsed_times.as_ref()?;
                (Axis::Time, p.min, p.max)
            }
            _ => return None,
        },
        _ => return None,
    };
    (sketch.count() > 0).then_some(NumericSide {
        axis,
        moments,
        sketch,
        min,
        max,
    })
}

fn value_f64(v: &Option<Value>) -> Option<f64> {
    v.as_ref().and_then(Value::as_f64)
}

/// Counts per category of one column.
#[derive(Clone, Debug)]
pub struct Categories {
    /// Category label and count, most frequent first (ties by label).
    pub counts: Vec<(String, u64)>,
    /// Non-null values counted (the frequent sketch's total weight).
    pub total: u64,
    /// Whether every count is exact and every category listed.
    pub exact: bool,
    /// The sketch behind the counts, to look up a category it does not list.
    sketch: Option<FrequentValues>,
}

impl Categories {
    /// The count of `label` on this side: exact, or the sketch's estimate (0 when untracked).
    pub fn count_of(&self, label: &str) -> u64 {
        if let Some((_, n)) = self.counts.iter().find(|(l, _)| l == label) {
            return *n;
        }
        match &self.sketch {
            Some(s) if !self.exact => s.estimate(&FrequentKey::Text(label.to_string())),
            _ => 0,
        }
    }

    /// The largest error of any count on this side: 0 when exact, otherwise the sketch's bound.
    pub fn maximum_error(&self) -> u64 {
        match &self.sketch {
            Some(s) if !self.exact => s.maximum_error(),
            _ => 0,
        }
    }

    /// Categories seen exactly once (for the Good–Turing estimate of unseen mass).
    pub fn singletons(&self) -> u64 {
        self.counts.iter().filter(|(_, n)| *n == 1).count() as u64
    }
}

/// The categories of a text or boolean column that is not read on a numeric axis.
pub fn categories(col: &ColumnProfile) -> Option<Categories> {
    match col.kind {
        ValueKind::Boolean => {
            let mut counts = vec![
                ("true".to_string(), col.true_count),
                ("false".to_string(), col.false_count),
            ];
            counts.retain(|(_, n)| *n > 0);
            counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            Some(Categories {
                counts,
                total: col.true_count + col.false_count,
                exact: true,
                sketch: None,
            })
        }
        ValueKind::Text if numeric_side(col).is_none() => {
            let f = col.frequent.as_ref()?;
            let counts = f
                .top(usize::MAX)
                .into_iter()
                .filter_map(|v| match v.value {
                    FrequentKey::Text(s) => Some((s, v.count)),
                    _ => None,
                })
                .collect();
            Some(Categories {
                counts,
                total: f.total(),
                exact: f.is_exact(),
                sketch: Some(f.clone()),
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{BooleanArray, StringArray};

    fn text(values: &[Option<&str>]) -> ColumnProfile {
        let mut c = ColumnProfile::for_type("c", &arrow::datatypes::DataType::Utf8);
        c.update(&StringArray::from(values.to_vec())).unwrap();
        c.finish();
        c
    }

    #[test]
    fn csv_numbers_and_dates_are_read_on_their_axis() {
        let n = text(&[Some("1"), Some("20"), Some("3")]);
        let side = numeric_side(&n).unwrap();
        assert_eq!(
            (side.axis, side.min, side.max),
            (Axis::Number, Some(1.0), Some(20.0))
        );
        let d = text(&[Some("2024-01-01"), Some("2024-01-02")]);
        assert_eq!(numeric_side(&d).unwrap().axis, Axis::Time);
        assert!(categories(&d).is_none());
    }

    #[test]
    fn words_are_categories_with_exact_counts() {
        let c = text(&[Some("a"), Some("b"), Some("a"), None]);
        let cats = categories(&c).unwrap();
        assert!(cats.exact);
        assert_eq!(cats.total, 3);
        assert_eq!(cats.counts, vec![("a".into(), 2), ("b".into(), 1)]);
        assert_eq!(cats.count_of("zzz"), 0);
        assert_eq!(cats.singletons(), 1);
        assert!(numeric_side(&c).is_none());
    }

    #[test]
    fn booleans_are_two_categories() {
        let mut c = ColumnProfile::for_type("b", &arrow::datatypes::DataType::Boolean);
        c.update(&BooleanArray::from(vec![
            Some(true),
            Some(false),
            Some(true),
        ]))
        .unwrap();
        let cats = categories(&c).unwrap();
        assert_eq!(cats.counts, vec![("true".into(), 2), ("false".into(), 1)]);
    }
}
