//! The readable per-column summary `gapscan profile` prints when no output file is named.

use std::fmt::Write;

use crate::profile::{ColumnProfile, ProfileFile, TableProfile, ValueKind, render};

/// Widest a cell may be before it is cut with `…`.
const MAX_CELL: usize = 28;

/// `s` cut to `max` characters with `…`, control characters shown as `·` (safe on a terminal).
pub fn cut(s: &str, max: usize) -> String {
    let clean: String = s
        .chars()
        .map(|c| if c.is_control() { '·' } else { c })
        .collect();
    if clean.chars().count() <= max {
        clean
    } else {
        clean
            .chars()
            .take(max.saturating_sub(1))
            .collect::<String>()
            + "…"
    }
}

/// Groups digits by thousands: 1234567 → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Bytes for people: `812 B`, `1.4 MB`.
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut unit = 0;
    while v >= 1000.0 && unit < UNITS.len() - 1 {
        v /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[unit])
    }
}

fn number(v: f64) -> String {
    if v.abs() >= 1e15 || (v != 0.0 && v.abs() < 1e-3) {
        format!("{v:.3e}")
    } else if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

fn typical(c: &ColumnProfile) -> String {
    match c.kind {
        ValueKind::Numeric => c
            .summary
            .mean
            .map(|m| format!("mean {}", number(m)))
            .unwrap_or_default(),
        ValueKind::Temporal => c
            .summary
            .quantiles
            .get("p50")
            .map(|m| format!("median {}", render::time_us(*m as i64)))
            .unwrap_or_default(),
        ValueKind::Boolean => format!(
            "{} true / {} false",
            thousands(c.true_count),
            thousands(c.false_count)
        ),
        ValueKind::Text => c
            .shapes
            .as_ref()
            .and_then(|s| {
                s.ranked()
                    .first()
                    .map(|(shape, n)| format!("{shape} ({}%)", percent(n.count, c.non_null())))
            })
            .unwrap_or_default(),
        ValueKind::Binary | ValueKind::Null => String::new(),
    }
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0".into();
    }
    let p = 100.0 * part as f64 / whole as f64;
    if p > 0.0 && p < 0.1 {
        "<0.1".into()
    } else {
        format!("{p:.1}")
    }
}

fn table(out: &mut String, t: &TableProfile) {
    let files = if t.files.len() == 1 {
        "1 file".to_string()
    } else {
        format!("{} files", t.files.len())
    };
    let _ = writeln!(
        out,
        "{}  {} · {} rows · {} columns · {} · {}",
        t.name,
        t.format,
        thousands(t.rows),
        t.columns.len(),
        files,
        bytes(t.bytes_read)
    );
    let header = [
        "column", "type", "inferred", "null %", "distinct", "min", "max", "typical",
    ];
    let rows: Vec<[String; 8]> = t
        .columns
        .iter()
        .map(|c| {
            [
                cut(&c.name, MAX_CELL),
                cut(&c.data_type, 16),
                c.summary.inferred_type.clone(),
                percent(c.nulls, c.rows),
                format!("~{}", thousands(c.summary.distinct_estimate)),
                c.min
                    .as_ref()
                    .map(|v| cut(&render::value(v), 20))
                    .unwrap_or_default(),
                c.max
                    .as_ref()
                    .map(|v| cut(&render::value(v), 20))
                    .unwrap_or_default(),
                cut(&typical(c), MAX_CELL),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for r in &rows {
        for (w, cell) in widths.iter_mut().zip(r) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::from("  ");
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            let pad = w - cell.chars().count();
            // Numbers align right, words left.
            if (3..=4).contains(&i) {
                s.push_str(&" ".repeat(pad));
                s.push_str(cell);
            } else {
                s.push_str(cell);
                s.push_str(&" ".repeat(pad));
            }
            s.push_str("  ");
        }
        s.trim_end().to_string()
    };
    let _ = writeln!(out, "{}", line(&header.map(String::from)));
    for r in &rows {
        let _ = writeln!(out, "{}", line(r));
    }
    out.push('\n');
}

/// Renders every table of a profile, then the inputs that could not be read.
pub fn render(profile: &ProfileFile) -> String {
    let mut out = String::new();
    for t in &profile.tables {
        table(&mut out, t);
    }
    if !profile.errors.is_empty() {
        let _ = writeln!(out, "not read ({}):", profile.errors.len());
        for e in &profile.errors {
            let _ = writeln!(out, "  {}: {}", e.source, e.message);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_numbers_for_people() {
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
        assert_eq!(bytes(812), "812 B");
        assert_eq!(bytes(1_400_000), "1.4 MB");
        assert_eq!(percent(1, 3), "33.3");
        assert_eq!(cut("abcdef", 4), "abc…");
    }
}
