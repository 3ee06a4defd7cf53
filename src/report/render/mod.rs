//! Renderings of a [`Report`](super::Report): text for a terminal, Markdown for a document, and
//! one self-contained HTML page. JSON is the report itself (`Report::to_json`).

pub mod html;
pub mod markdown;
pub mod text;

use serde_json::Value as Json;

use super::finding::Finding;

/// One evidence value as short text: numbers with at most four significant decimals, lists
/// joined by commas, objects as `key=value` pairs.
pub fn evidence_value(v: &Json) -> String {
    match v {
        Json::Null => "none".into(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(f)) => short_float(f),
            _ => n.to_string(),
        },
        Json::String(s) => s.clone(),
        Json::Array(items) => items
            .iter()
            .map(evidence_value)
            .collect::<Vec<_>>()
            .join(", "),
        Json::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{k}={}", evidence_value(v)))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// A finding's evidence on one line: `key: value; key: value`.
pub fn evidence_line(f: &Finding) -> String {
    f.evidence
        .iter()
        .map(|(k, v)| format!("{k}: {}", evidence_value(v)))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A float with up to four significant decimals and no trailing zeros.
pub fn short_float(f: f64) -> String {
    if f == f.trunc() && f.abs() < 1e15 {
        return format!("{f:.0}");
    }
    let digits = if f.abs() >= 1.0 { 2 } else { 4 };
    let s = format!("{f:.digits$}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A share as a percentage: `12.3%`, `0.04%`, `100%`.
pub fn percent(share: f64) -> String {
    let p = share * 100.0;
    if p == 0.0 || (99.95..=100.0).contains(&p) {
        format!("{p:.0}%")
    } else if p < 0.1 {
        format!("{p:.2}%")
    } else {
        format!("{p:.1}%")
    }
}

pub use crate::report::profile_summary::thousands as count;

/// Money with thousands separators and no cents: `USD 30,800`.
pub fn money(amount: f64, currency: &str) -> String {
    format!("{currency} {}", count(amount.round().max(0.0) as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(percent(0.123), "12.3%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(0.0004), "0.04%");
        assert_eq!(short_float(0.14159265), "0.1416");
        assert_eq!(short_float(12.5), "12.5");
        assert_eq!(short_float(3.0), "3");
        assert_eq!(money(30800.4, "USD"), "USD 30,800");
        assert_eq!(
            evidence_value(&serde_json::json!({"a": 1, "b": [0.5, "x"]})),
            "a=1 b=0.5, x"
        );
    }
}
