//! Text renderings of profile values for summaries and reports.

use arrow::temporal_conversions::timestamp_us_to_datetime;

use super::value::Value;

const MICROS_PER_DAY: i64 = 86_400_000_000;

/// Microseconds since the epoch as ISO 8601: a date at midnight prints as the date alone.
pub fn time_us(us: i64) -> String {
    match timestamp_us_to_datetime(us) {
        Some(t) if us.rem_euclid(MICROS_PER_DAY) == 0 => t.date().to_string(),
        Some(t) => t.format("%Y-%m-%dT%H:%M:%S%.f").to_string(),
        None => format!("{us}us"),
    }
}

/// A profile value as a user reads it.
pub fn value(v: &Value) -> String {
    match v {
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        Value::TimeUs(us) => time_us(*us),
        Value::Text(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_dates_and_timestamps() {
        assert_eq!(time_us(0), "1970-01-01");
        assert_eq!(time_us(1_706_659_200_000_000), "2024-01-31");
        assert_eq!(
            time_us(1_706_659_200_000_000 + 3_723_000_000),
            "2024-01-31T01:02:03"
        );
    }
}
