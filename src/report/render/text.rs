//! The terminal rendering: a headline that explains the gap in the first screen, then the
//! findings grouped by table, most severe first, aligned to the terminal's width.
//!
//! Colour is used only when the caller says so (stdout is a terminal and `NO_COLOR` is unset).
//! Each finding is its message plus one line of evidence; `--verbose` lists every piece of
//! evidence and the remediation.

use std::fmt::Write;

use super::{count, evidence_line, evidence_value, money, percent, short_float};
use crate::report::document::Report;
use crate::report::finding::{Area, Finding, Severity};
use crate::report::profile_summary::cut;
use crate::report::score::points;

/// How many findings the headline lists.
const TOP: usize = 10;

/// Which area leads among findings of one severity: leaks first, then what breaks pipelines
/// (schema), then bad values, then drift.
fn priority(area: Area) -> u8 {
    match area {
        Area::Sensitive => 0,
        Area::Schema => 1,
        Area::Quality => 2,
        Area::Drift => 3,
    }
}

/// `table.column` (or the table alone) of a finding.
fn place(f: &Finding) -> String {
    match &f.column {
        Some(c) => format!("{}.{c}", f.table),
        None => f.table.clone(),
    }
}

/// How to lay the text out.
#[derive(Clone, Copy, Debug)]
pub struct TextOptions {
    /// Line width in characters.
    pub width: usize,
    /// ANSI colours.
    pub color: bool,
    /// Every piece of evidence, and the remediation.
    pub verbose: bool,
}

const RESET: &str = "\x1b[0m";

fn paint(text: &str, code: &str, on: bool) -> String {
    if on {
        format!("\x1b[{code}m{text}{RESET}")
    } else {
        text.to_string()
    }
}

fn severity_tag(s: Severity, color: bool) -> String {
    let (tag, code) = match s {
        Severity::Critical => ("CRIT", "1;31"),
        Severity::High => ("HIGH", "31"),
        Severity::Medium => ("MED ", "33"),
        Severity::Low => ("LOW ", "36"),
        Severity::Info => ("INFO", "2"),
    };
    paint(tag, code, color)
}

/// Renders the report for a terminal.
pub fn render(report: &Report, opts: TextOptions) -> String {
    let width = opts.width.clamp(60, 200);
    let mut out = String::new();
    let s = &report.summary;
    let counts: Vec<String> = Severity::ALL
        .iter()
        .filter(|sev| s.findings.get(**sev) > 0)
        .map(|sev| format!("{} {sev}", s.findings.get(*sev)))
        .collect();
    let headline = format!(
        "Readiness {}/100 (grade {}) · {} · {} engineer-days ({})",
        s.readiness_score,
        s.grade,
        if counts.is_empty() {
            "no findings".to_string()
        } else {
            counts.join(", ")
        },
        short_float(s.effort.days),
        money(s.effort.cost, &s.effort.currency),
    );
    let _ = writeln!(out, "{}", paint(&headline, "1", opts.color));
    let cur = &report.inputs.current;
    let mut scope = format!(
        "Scanned {} ({} tables, {} rows)",
        cur.source,
        cur.tables,
        count(cur.rows)
    );
    if let Some(b) = &report.inputs.baseline {
        let _ = write!(
            scope,
            " against baseline {} ({} tables, {} rows)",
            b.source,
            b.tables,
            count(b.rows)
        );
    }
    wrap_into(&mut out, &scope, "", width);
    if let Some(c) = s.pilot_coverage {
        wrap_into(
            &mut out,
            &format!(
                "The baseline covers an estimated {} of production rows: the rest holds values the pilot never saw.",
                percent(c)
            ),
            "",
            width,
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{}",
        paint(
            "  area        findings  high+  engineer-days",
            "1",
            opts.color
        )
    );
    for area in Area::ALL {
        let mine: Vec<&Finding> = report.findings.iter().filter(|f| f.area == area).collect();
        let serious = mine.iter().filter(|f| f.severity >= Severity::High).count();
        let _ = writeln!(
            out,
            "  {:<10}  {:>8}  {:>5}  {:>13}",
            area.as_str(),
            mine.len(),
            serious,
            short_float(s.effort.by_area.get(area.as_str()).copied().unwrap_or(0.0))
        );
    }
    let mut top: Vec<&Finding> = report.findings.iter().collect();
    top.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(priority(a.area).cmp(&priority(b.area)))
            .then(points(b).total_cmp(&points(a)))
            .then(a.id.cmp(&b.id))
    });
    top.retain(|f| f.severity >= Severity::Medium);
    if !top.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", paint("Most severe gaps", "1", opts.color));
        let where_width = top
            .iter()
            .take(TOP)
            .map(|f| place(f).chars().count())
            .max()
            .unwrap_or(0)
            .min(40);
        for f in top.iter().take(TOP) {
            let mut what = match &f.entity {
                Some(e) => format!("{} ({e})", f.kind),
                None => f.kind.to_string(),
            };
            if let Some(share) = f.affected_share {
                let _ = write!(what, " · {} of rows", percent(share));
            }
            let line = format!("{:<where_width$}  {what}", cut(&place(f), where_width));
            let _ = writeln!(
                out,
                "  {}  {}",
                severity_tag(f.severity, opts.color),
                cut(&line, width.saturating_sub(8))
            );
        }
        if top.len() > TOP {
            let _ = writeln!(out, "  … and {} more below", top.len() - TOP);
        }
    }

    for table in &report.tables {
        let findings: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.table == table.name)
            .collect();
        let _ = writeln!(out);
        let mut head = format!(
            "{}  score {} ({}) · {} rows · {} findings · {} d",
            table.name,
            table.readiness_score,
            table.grade,
            count(table.rows),
            findings.len(),
            short_float(table.effort_days)
        );
        if let Some(c) = table.pilot_coverage {
            let _ = write!(head, " · pilot covers {}", percent(c));
        }
        let _ = writeln!(out, "{}", paint(&head, "1", opts.color));
        let col_width = findings
            .iter()
            .map(|f| f.column.as_deref().unwrap_or("(table)").chars().count())
            .max()
            .unwrap_or(0)
            .min(24);
        for f in findings {
            let column = f.column.as_deref().unwrap_or("(table)");
            let lead = format!(
                "  {}  {:<col_width$}  ",
                severity_tag(f.severity, opts.color),
                column
            );
            let indent = " ".repeat(2 + 4 + 2 + col_width + 2);
            let visible_lead = 2 + 4 + 2 + col_width.max(column.chars().count()) + 2;
            let kind = match &f.entity {
                Some(e) => format!("{} ({e})", f.kind),
                None => f.kind.to_string(),
            };
            let lines = wrap(
                &format!("{kind}: {}", f.message),
                width.saturating_sub(visible_lead).max(30),
            );
            for (i, line) in lines.iter().enumerate() {
                if i == 0 {
                    // Paint the kind inside the first line only.
                    let first = if opts.color {
                        line.replacen(&kind, &paint(&kind, "1", true), 1)
                    } else {
                        line.clone()
                    };
                    let _ = writeln!(out, "{lead}{first}");
                } else {
                    let _ = writeln!(out, "{indent}{line}");
                }
            }
            if opts.verbose {
                for (k, v) in &f.evidence {
                    wrap_into(
                        &mut out,
                        &format!("{k}: {}", evidence_value(v)),
                        &format!("{indent}  "),
                        width,
                    );
                }
                if !f.remediation.is_empty() {
                    wrap_into(
                        &mut out,
                        &format!("fix: {}", f.remediation),
                        &format!("{indent}  "),
                        width,
                    );
                }
                wrap_into(
                    &mut out,
                    &format!("id: {} · effort {} d", f.id, short_float(f.effort_days)),
                    &format!("{indent}  "),
                    width,
                );
            } else if !f.evidence.is_empty() {
                let line = cut(&evidence_line(f), width.saturating_sub(indent.len() + 2));
                let _ = writeln!(out, "{indent}{}", paint(&line, "2", opts.color));
            }
        }
    }
    if !report.errors.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{}",
            paint(
                &format!("{} inputs could not be read:", report.errors.len()),
                "1;31",
                opts.color
            )
        );
        for e in &report.errors {
            wrap_into(
                &mut out,
                &format!("{}: {}", e.source, e.message),
                "  ",
                width,
            );
        }
    }
    if !opts.verbose && !report.findings.is_empty() {
        let _ = writeln!(out);
        wrap_into(
            &mut out,
            "Run with --verbose for all evidence and remediations, or --format markdown|html|json for a report to share.",
            "",
            width,
        );
    }
    out
}

/// Greedy word wrap of `text` into lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn wrap_into(out: &mut String, text: &str, indent: &str, width: usize) {
    for line in wrap(text, width.saturating_sub(indent.chars().count()).max(20)) {
        let _ = writeln!(out, "{indent}{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_word_boundaries() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("", 5), vec![""]);
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abc", 4), "abc");
    }
}
