//! `type_changed`: the column's type widened, narrowed or changed kind.
//!
//! Types are compared as gapscan reads them, not only as Arrow declares them: every CSV column is
//! `Utf8`, so a text column's type is its inferred type (`integer`, `date`, …). A CSV `Utf8`
//! column inferred `integer` in the pilot and a Parquet `Int64` column in production are the
//! same type. Two typed columns (Parquet, Arrow, NDJSON) also compare their Arrow types, so
//! `Int32 → Int64` is a widening.
//!
//! Direction: within a family (integer ⊂ decimal, date ⊂ timestamp, narrower ⊂ wider Arrow
//! integers and floats) a move up is a widening and down a narrowing; anything becoming text
//! widens and changes kind (numbers that became strings break numeric consumers); text becoming
//! anything narrows and changes kind; other moves change kind. When production holds text, the
//! evidence says what share of its values still parse as the baseline's type.

use serde_json::json;

use crate::analysis::drift::signal::round;
use crate::profile::{ColumnProfile, InferredType, ValueKind};
use crate::report::{Finding, FindingKind, Severity};

/// How a type moved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Every old value fits the new type.
    Widening,
    /// Some old values may not fit the new type.
    Narrowing,
    /// A different kind of value (number, time, text, boolean).
    Changed,
}

impl Direction {
    fn as_str(self) -> &'static str {
        match self {
            Direction::Widening => "widening",
            Direction::Narrowing => "narrowing",
            Direction::Changed => "kind_change",
        }
    }
}

fn int_width(t: &str) -> Option<(bool, u32)> {
    let signed = t.starts_with("Int");
    let digits = t.trim_start_matches("UInt").trim_start_matches("Int");
    if !(t.starts_with("Int") || t.starts_with("UInt")) {
        return None;
    }
    digits.parse().ok().map(|w| (signed, w))
}

fn float_width(t: &str) -> Option<u32> {
    t.strip_prefix("Float").and_then(|w| w.parse().ok())
}

/// Direction between two Arrow types of typed columns, `None` when equal.
fn arrow_direction(from: &str, to: &str) -> Option<Direction> {
    if from == to {
        return None;
    }
    if let (Some((sa, wa)), Some((sb, wb))) = (int_width(from), int_width(to)) {
        return Some(if wb > wa && (sb || !sa) || wb == wa && sb == sa {
            Direction::Widening
        } else {
            Direction::Narrowing
        });
    }
    if let (Some(wa), Some(wb)) = (float_width(from), float_width(to)) {
        return Some(if wb >= wa {
            Direction::Widening
        } else {
            Direction::Narrowing
        });
    }
    let intish = |t: &str| int_width(t).is_some();
    let floatish = |t: &str| float_width(t).is_some() || t.starts_with("Decimal");
    if intish(from) && floatish(to) {
        return Some(Direction::Widening);
    }
    if floatish(from) && intish(to) {
        return Some(Direction::Narrowing);
    }
    if from.starts_with("Decimal") && to.starts_with("Decimal") {
        return Some(Direction::Widening);
    }
    if from.starts_with("Date") && to.starts_with("Timestamp") {
        return Some(Direction::Widening);
    }
    if from.starts_with("Timestamp") && to.starts_with("Date") {
        return Some(Direction::Narrowing);
    }
    if from.starts_with("Timestamp") && to.starts_with("Timestamp")
        || from.starts_with("Date") && to.starts_with("Date")
    {
        // A unit or time-zone change: same instant, other encoding.
        return Some(Direction::Widening);
    }
    None
}

fn rank(t: InferredType) -> Option<(u8, u8)> {
    match t {
        InferredType::Integer => Some((1, 0)),
        InferredType::Decimal => Some((1, 1)),
        InferredType::Date => Some((2, 0)),
        InferredType::Timestamp => Some((2, 1)),
        InferredType::Boolean => Some((3, 0)),
        InferredType::Uuid => Some((4, 0)),
        InferredType::Text | InferredType::Empty => None,
    }
}

/// Direction between two inferred types, `None` when equal or either is empty.
fn inferred_direction(from: InferredType, to: InferredType) -> Option<Direction> {
    if from == to || from == InferredType::Empty || to == InferredType::Empty {
        return None;
    }
    Some(match (rank(from), rank(to)) {
        (_, None) => Direction::Widening,
        (None, _) => Direction::Narrowing,
        (Some((fa, ra)), Some((fb, rb))) if fa == fb => {
            if rb > ra {
                Direction::Widening
            } else {
                Direction::Narrowing
            }
        }
        _ => Direction::Changed,
    })
}

fn typed(c: &ColumnProfile) -> bool {
    matches!(
        c.kind,
        ValueKind::Numeric | ValueKind::Temporal | ValueKind::Boolean
    )
}

/// The `type_changed` finding for a column present on both sides, if its type moved.
pub fn type_change(
    table: &str,
    b: &ColumnProfile,
    c: &ColumnProfile,
    rows: u64,
) -> Option<Finding> {
    let (tb, tc) = (b.inferred_type(), c.inferred_type());
    let inferred = inferred_direction(tb, tc);
    let arrow = if typed(b) && typed(c) {
        arrow_direction(&b.data_type, &c.data_type)
    } else {
        None
    };
    let direction = inferred.or(arrow)?;
    let kind_changed = inferred.is_some() && (rank(tb).map(|r| r.0) != rank(tc).map(|r| r.0));
    // Share of production's values that still parse as the baseline's type (text only).
    let still_parse = c
        .type_counts
        .as_ref()
        .filter(|t| t.candidates > 0 && !matches!(tb, InferredType::Text | InferredType::Empty))
        .map(|t| t.count_of(tb) as f64 / t.candidates as f64);
    let severity = match (direction, kind_changed) {
        _ if still_parse.is_some_and(|s| s >= 0.9) => Severity::Medium,
        (_, true) | (Direction::Changed, _) => Severity::High,
        (Direction::Narrowing, false) => Severity::Medium,
        (Direction::Widening, false) => Severity::Low,
    };
    let (from, to) = if inferred.is_some() {
        (tb.as_str().to_string(), tc.as_str().to_string())
    } else {
        (b.data_type.clone(), c.data_type.clone())
    };
    let parse_text = still_parse
        .map(|s| {
            format!(
                "; {:.1}% of production values still parse as {}",
                s * 100.0,
                tb.as_str()
            )
        })
        .unwrap_or_default();
    let message = format!(
        "{table}.{}: type changed from {from} ({}) to {to} ({}): {}{}{parse_text}.",
        c.name,
        b.data_type,
        c.data_type,
        direction.as_str().replace('_', " "),
        if kind_changed && direction != Direction::Changed {
            " and a change of kind"
        } else {
            ""
        }
    );
    let mut f = Finding::new(
        FindingKind::TypeChanged,
        severity,
        table,
        Some(&c.name),
        message,
    )
    .with_evidence("baseline_type", json!(b.data_type))
    .with_evidence("current_type", json!(c.data_type))
    .with_evidence("baseline_inferred_type", json!(tb.as_str()))
    .with_evidence("current_inferred_type", json!(tc.as_str()))
    .with_evidence("direction", json!(direction.as_str()))
    .with_evidence("baseline_n", json!(b.non_null()))
    .with_evidence("current_n", json!(c.non_null()))
    .with_evidence(
        "kind_changed",
        json!(kind_changed || direction == Direction::Changed),
    )
    .with_remediation(match direction {
        Direction::Widening if !kind_changed => {
            "Widen the pilot's schema and casts to the production type."
        }
        _ => {
            "Cast or clean the column at ingestion (parse what still parses, route the rest \
                  to review) and update the pilot's schema and code to the production type."
        }
    });
    if let Some(s) = still_parse {
        f = f
            .with_evidence("statistic", json!("share_still_parsing"))
            .with_evidence("value", json!(round(s)))
            .with_evidence("share_still_parsing", json!(round(s)));
        let failing = ((1.0 - s) * c.non_null() as f64).round() as u64;
        f = f.with_affected(failing, rows);
    }
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrow_widths_order_widening_and_narrowing() {
        assert_eq!(arrow_direction("Int32", "Int64"), Some(Direction::Widening));
        assert_eq!(
            arrow_direction("Int64", "Int32"),
            Some(Direction::Narrowing)
        );
        assert_eq!(
            arrow_direction("UInt32", "Int64"),
            Some(Direction::Widening)
        );
        assert_eq!(
            arrow_direction("Int64", "UInt64"),
            Some(Direction::Narrowing)
        );
        assert_eq!(
            arrow_direction("Int64", "Float64"),
            Some(Direction::Widening)
        );
        assert_eq!(
            arrow_direction("Float64", "Int64"),
            Some(Direction::Narrowing)
        );
        assert_eq!(
            arrow_direction("Date32", "Timestamp(µs)"),
            Some(Direction::Widening)
        );
        assert_eq!(arrow_direction("Int64", "Int64"), None);
    }

    #[test]
    fn inferred_types_move_within_and_across_families() {
        use InferredType::*;
        assert_eq!(
            inferred_direction(Integer, Decimal),
            Some(Direction::Widening)
        );
        assert_eq!(
            inferred_direction(Timestamp, Date),
            Some(Direction::Narrowing)
        );
        assert_eq!(inferred_direction(Integer, Text), Some(Direction::Widening));
        assert_eq!(
            inferred_direction(Text, Integer),
            Some(Direction::Narrowing)
        );
        assert_eq!(inferred_direction(Integer, Date), Some(Direction::Changed));
        assert_eq!(inferred_direction(Empty, Integer), None);
    }
}
