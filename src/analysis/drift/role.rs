//! What a column is for, as far as drift is concerned: a measured value, or one of the column
//! kinds whose value distribution drift must not compare.
//!
//! - **Partition keys** (a table's hive `key=value` folders): new partitions are how a table
//!   grows; the partition's own date or value column carries the drift.
//! - **Sensitive** columns (detector hits, a caller's `is_sensitive`, or a baseline that looks
//!   masked or pseudonymised: `***-**-6789`, `AKIA****…`, `[redacted]`, `user0001@example.com`,
//!   `555-0101`): a masked pilot cannot be compared by value, and the sensitive-field analysis
//!   reports "pilot masked, production real" once.
//! - **Identifiers**: near-unique code strings (distinct ratio at least
//!   [`DriftConfig::identifier_distinct_ratio`] on either side), or a key-like name (`id`,
//!   `*_id`, `*_key`, `uuid`, `*_uuid`) whose distinct ratio at the smaller side's sample size is
//!   at least [`DriftConfig::identifier_key_ratio`] on both sides. Ids grow; a pilot never covers
//!   production's id range, and that is not a readiness gap. A near-unique *number* without a
//!   key-like name is a measure (epoch seconds, byte counts, amounts) and stays a value.
//! - **Free text**: long multi-word values (notes, comments); not categories.
//!
//! Every role but [`Role::Value`] is left out of pilot coverage. Schema drift and null-rate
//! checks apply to every role.

use super::cardinality::expected_distinct_at;
use super::config::DriftConfig;
use super::view::numeric_side;
use crate::profile::{ColumnProfile, ValueKind};

/// How drift treats a column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A measured value: every drift check and pilot coverage.
    Value,
    /// A hive partition key: no value drift, no coverage.
    Partition,
    /// A sensitive or masked column: no value drift, no coverage.
    Sensitive,
    /// A key-like column: no value drift, no coverage.
    Identifier,
    /// Long multi-word text: value lengths only, no coverage.
    FreeText,
}

/// The role of a baseline/current column pair. `partition`: the column is a partition key of
/// either table; `sensitive`: detector hits or the caller said so.
pub fn role_of(
    b: &ColumnProfile,
    c: &ColumnProfile,
    partition: bool,
    sensitive: bool,
    cfg: &DriftConfig,
) -> Role {
    if partition {
        Role::Partition
    } else if sensitive || looks_masked(b, cfg) {
        Role::Sensitive
    } else if is_free_text(b, cfg) || is_free_text(c, cfg) {
        // Free text the pilot redacted in places: lengths compare markers with real content.
        if masked_share(b) >= REDACTED_TEXT_SHARE {
            Role::Sensitive
        } else {
            Role::FreeText
        }
    } else if is_identifier(b, c, cfg) {
        Role::Identifier
    } else {
        Role::Value
    }
}

/// Whether a name reads like a key: `id`, `*_id`, `*_key`, `uuid`, `*_uuid` (any case, and
/// camel case `customerId`).
pub fn key_like_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "id"
        || lower == "key"
        || lower == "uuid"
        || lower.ends_with("_id")
        || lower.ends_with("_key")
        || lower.ends_with("_uuid")
        || lower.ends_with("-id")
        || (name.len() > 2 && name.ends_with("Id"))
}

/// Distinct values per non-null value, from the HLL estimate (capped at 1).
fn distinct_ratio(col: &ColumnProfile) -> f64 {
    let n = col.non_null();
    if n == 0 {
        return 0.0;
    }
    (col.distinct.estimate() as f64 / n as f64).min(1.0)
}

/// Whether the pair is key-like (see the module documentation).
pub fn is_identifier(b: &ColumnProfile, c: &ColumnProfile, cfg: &DriftConfig) -> bool {
    let (nb, nc) = (b.non_null(), c.non_null());
    if nb == 0 || nc == 0 {
        return false;
    }
    if key_like_name(&c.name) || key_like_name(&b.name) {
        // Distinct ratios fall as a sample grows; compare them at the smaller side's size.
        let n = nb.min(nc);
        let at_n = |col: &ColumnProfile| (expected_distinct_at(col, n) / n as f64).min(1.0);
        if at_n(b).min(at_n(c)) >= cfg.identifier_key_ratio {
            return true;
        }
    }
    let numeric = numeric_side(b).is_some() || numeric_side(c).is_some();
    let coded = |col: &ColumnProfile| matches!(col.kind, ValueKind::Text) && !numeric;
    coded(b)
        && coded(c)
        && distinct_ratio(b).max(distinct_ratio(c)) >= cfg.identifier_distinct_ratio
}

/// Whether the column holds long multi-word text: mean length at least
/// [`DriftConfig::free_text_min_length`] and at least half of its shaped values with three words
/// or more.
pub fn is_free_text(col: &ColumnProfile, cfg: &DriftConfig) -> bool {
    if col.kind != ValueKind::Text || numeric_side(col).is_some() {
        return false;
    }
    let Some(lengths) = &col.lengths else {
        return false;
    };
    let values = col.non_null();
    if values == 0 || (lengths.sum as f64 / values as f64) < cfg.free_text_min_length {
        return false;
    }
    let Some(shapes) = &col.shapes else {
        return false;
    };
    let total: u64 = shapes.shapes.values().map(|s| s.count).sum::<u64>() + shapes.other;
    let wordy: u64 = shapes
        .shapes
        .iter()
        .filter(|(shape, _)| shape.split_whitespace().count() >= 3)
        .map(|(_, s)| s.count)
        .sum();
    // Shapes past the histogram's limit are many distinct formats: text, not codes.
    total > 0 && (wordy + shapes.other) as f64 >= 0.5 * total as f64
}

/// Whether a baseline value is masked or a placeholder: a run of two or more `*`, `•` or `#`, a
/// run of four or more `X`/`x`, a `[redacted]`-style marker, an e-mail address at a reserved
/// example domain (RFC 2606), or a fictional `555-01xx` telephone number.
pub fn is_masked_value(value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    if lower.contains("redacted") || lower.contains("masked") {
        return true;
    }
    let mut run_char = '\0';
    let mut run = 0usize;
    for ch in v.chars() {
        if ch == run_char {
            run += 1;
        } else {
            run_char = ch;
            run = 1;
        }
        let masked = match ch {
            '*' | '•' | '#' => run >= 2,
            'X' | 'x' => run >= 4,
            _ => false,
        };
        if masked {
            return true;
        }
    }
    if let Some((_, domain)) = lower.rsplit_once('@') {
        let reserved = ["example.com", "example.org", "example.net"];
        if reserved.contains(&domain)
            || domain.ends_with(".example")
            || domain.ends_with(".test")
            || domain.ends_with(".invalid")
        {
            return true;
        }
    }
    fictional_phone(v)
}

/// `555-01xx` (optionally with an area code): the North American range set aside for fiction.
fn fictional_phone(v: &str) -> bool {
    let digits: String = v.chars().filter(char::is_ascii_digit).collect();
    let rest = v
        .chars()
        .all(|c| c.is_ascii_digit() || " -().+".contains(c));
    let local = match digits.len() {
        7 => &digits[..],
        10 => &digits[3..],
        11 if digits.starts_with('1') => &digits[4..],
        _ => return false,
    };
    rest && local.starts_with("55501")
}

/// Share of baseline free-text values holding a mask (`[redacted]`) from which the column is
/// treated as sensitive: the pilot was redacted, production is not.
pub const REDACTED_TEXT_SHARE: f64 = 0.05;

/// Whether most baseline values are masked or placeholders ([`is_masked_value`]): at least
/// [`DriftConfig::masked_share`] of them.
pub fn looks_masked(b: &ColumnProfile, cfg: &DriftConfig) -> bool {
    masked_share(b) >= cfg.masked_share
}

/// Share of a text column's values that are masked or placeholders ([`is_masked_value`]), read
/// from the frequent-values sketch, or from the shape histogram's examples when the sketch
/// lists under half of the values; 0 for other columns.
pub fn masked_share(b: &ColumnProfile) -> f64 {
    if b.kind != ValueKind::Text {
        return 0.0;
    }
    let Some(f) = &b.frequent else {
        return 0.0;
    };
    let top = f.top(usize::MAX);
    let (mut masked, mut seen) = (0u64, 0u64);
    for v in &top {
        if let crate::profile::sketch::FrequentKey::Text(s) = &v.value {
            seen += v.lower_bound;
            if is_masked_value(s) {
                masked += v.lower_bound;
            }
        }
    }
    // A column of unique values keeps few of them in the sketch; then read the shape examples.
    if seen < b.non_null() / 2
        && let Some(shapes) = &b.shapes
    {
        masked = 0;
        seen = 0;
        for s in shapes.shapes.values() {
            seen += s.count;
            if is_masked_value(&s.example) {
                masked += s.count;
            }
        }
        seen += shapes.other;
    }
    if seen == 0 {
        0.0
    } else {
        masked as f64 / seen as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_and_placeholders_are_recognised() {
        for v in [
            "***-**-6789",
            "************1234",
            "AKIA****************",
            "[redacted]",
            "***.***.***.57",
            "GB****************1146",
            "XXXX-XXXX-XXXX-1234",
            "user0001@example.com",
            "billing0001@example.com",
            "555-0101",
            "(212) 555-0199",
        ] {
            assert!(is_masked_value(v), "{v}");
        }
        for v in [
            "123-45-6789",
            "4111111111111111",
            "ann@gmail.com",
            "(310) 521-1862",
            "555-1234",
            "Xavier",
            "2024-01-01",
            "a*b",
        ] {
            assert!(!is_masked_value(v), "{v}");
        }
    }

    #[test]
    fn key_like_names() {
        for n in [
            "id",
            "customer_id",
            "ORDER_ID",
            "row_key",
            "uuid",
            "customerId",
        ] {
            assert!(key_like_name(n), "{n}");
        }
        for n in ["paid", "valid", "keyboard", "identity", "amount"] {
            assert!(!key_like_name(n), "{n}");
        }
    }
}
