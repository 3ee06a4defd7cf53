//! Scalar values kept exactly in a profile (minimum and maximum).

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

/// The bits a floating-point value is counted and hashed by: `-0.0` as `0.0`, so that the two
/// equal zeros are one value in distinct counts, frequent values and key fingerprints.
pub(crate) fn float_bits(value: f64) -> u64 {
    let value = if value == 0.0 { 0.0 } else { value };
    value.to_bits()
}

/// A minimum or maximum, typed so that it compares correctly when profiles merge.
///
/// Temporal values are microseconds since the Unix epoch (UTC); dates are their midnight.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Value {
    /// A signed integer.
    Int(i64),
    /// A floating-point or decimal number.
    Float(f64),
    /// A date or timestamp, in microseconds since the epoch.
    TimeUs(i64),
    /// A text value (compared by bytes).
    Text(String),
    /// A boolean.
    Bool(bool),
}

impl Value {
    /// Orders two values of the same variant; values of different variants do not compare.
    pub fn compare(&self, other: &Value) -> Option<Ordering> {
        match (self, other) {
            (Value::Int(a), Value::Int(b)) | (Value::TimeUs(a), Value::TimeUs(b)) => Some(a.cmp(b)),
            (Value::Float(a), Value::Float(b)) => Some(a.total_cmp(b)),
            (Value::Int(a), Value::Float(b)) => Some((*a as f64).total_cmp(b)),
            (Value::Float(a), Value::Int(b)) => Some(a.total_cmp(&(*b as f64))),
            (Value::Text(a), Value::Text(b)) => Some(a.cmp(b)),
            (Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }

    /// The value as a number on the profile's numeric axis (temporal values in microseconds).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(v) | Value::TimeUs(v) => Some(*v as f64),
            Value::Float(v) => Some(*v),
            Value::Bool(b) => Some(f64::from(u8::from(*b))),
            Value::Text(_) => None,
        }
    }
}

/// Keeps the smaller of `current` and `candidate` in `current`.
pub(crate) fn keep_min(current: &mut Option<Value>, candidate: &Value) {
    match current {
        Some(c) if c.compare(candidate) != Some(Ordering::Greater) => {}
        _ => *current = Some(candidate.clone()),
    }
}

/// Keeps the larger of `current` and `candidate` in `current`.
pub(crate) fn keep_max(current: &mut Option<Value>, candidate: &Value) {
    match current {
        Some(c) if c.compare(candidate) != Some(Ordering::Less) => {}
        _ => *current = Some(candidate.clone()),
    }
}
