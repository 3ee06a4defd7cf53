//! The Markdown rendering: a document to attach to a budget or a review. Summary and score,
//! effort by area and by table, the findings table, pilot coverage, and the conventions used.

use std::fmt::Write;

use super::{count, evidence_line, money, percent, short_float};
use crate::report::document::Report;
use crate::report::finding::Severity;

/// Escapes text for a Markdown table cell.
fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', " ")
        .replace('`', "'")
}

/// Renders the report as Markdown.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    let s = &report.summary;
    let _ = writeln!(out, "# Data readiness gap report\n");
    let cur = &report.inputs.current;
    let _ = writeln!(
        out,
        "Production: `{}` ({} tables, {} rows, {} files).  ",
        cur.source,
        cur.tables,
        count(cur.rows),
        cur.files
    );
    match &report.inputs.baseline {
        Some(b) => {
            let _ = writeln!(
                out,
                "Baseline (pilot): `{}` ({} tables, {} rows).  ",
                b.source,
                b.tables,
                count(b.rows)
            );
        }
        None => {
            let _ = writeln!(out, "Baseline: none (no drift analysis).  ");
        }
    }
    let _ = writeln!(
        out,
        "Generated {} by {} {}.\n",
        report.generated_at, report.tool.name, report.tool.version
    );

    let _ = writeln!(out, "## Summary\n");
    let _ = writeln!(
        out,
        "**Readiness score: {}/100 (grade {}).** Closing every gap takes an estimated **{} engineer-days ({})**.\n",
        s.readiness_score,
        s.grade,
        short_float(s.effort.days),
        money(s.effort.cost, &s.effort.currency)
    );
    if let Some(c) = s.pilot_coverage {
        let _ = writeln!(
            out,
            "Pilot coverage: the baseline covers an estimated **{}** of production rows.\n",
            percent(c)
        );
    }
    let _ = writeln!(out, "| severity | findings |\n| --- | ---: |");
    for sev in Severity::ALL {
        let _ = writeln!(out, "| {sev} | {} |", s.findings.get(sev));
    }
    if !s.largest_deductions.is_empty() {
        let _ = writeln!(out, "\nLargest deductions from the score:\n");
        for d in &s.largest_deductions {
            let _ = writeln!(out, "- `{}`: −{} points", d.finding, short_float(d.points));
        }
    }

    let _ = writeln!(out, "\n## Effort\n");
    let _ = writeln!(
        out,
        "Cost model: {} (day rate {}).\n",
        s.effort.model,
        money(s.effort.day_rate, &s.effort.currency)
    );
    let _ = writeln!(
        out,
        "| area | engineer-days | cost |\n| --- | ---: | ---: |"
    );
    for (area, days) in &s.effort.by_area {
        let _ = writeln!(
            out,
            "| {area} | {} | {} |",
            short_float(*days),
            money(days * s.effort.day_rate, &s.effort.currency)
        );
    }
    let _ = writeln!(
        out,
        "| **total** | **{}** | **{}** |\n",
        short_float(s.effort.days),
        money(s.effort.cost, &s.effort.currency)
    );
    let _ = writeln!(
        out,
        "| table | rows | score | grade | pilot coverage | findings | engineer-days |\n| --- | ---: | ---: | --- | ---: | ---: | ---: |"
    );
    for t in &report.tables {
        let n = report.findings.iter().filter(|f| f.table == t.name).count();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {n} | {} |",
            cell(&t.name),
            count(t.rows),
            t.readiness_score,
            t.grade,
            t.pilot_coverage.map_or("–".to_string(), percent),
            short_float(t.effort_days)
        );
    }

    let _ = writeln!(out, "\n## Findings\n");
    if report.findings.is_empty() {
        let _ = writeln!(out, "No findings.");
    } else {
        let _ = writeln!(
            out,
            "| severity | table | column | kind | finding | evidence | fix | days |\n| --- | --- | --- | --- | --- | --- | --- | ---: |"
        );
        for f in &report.findings {
            let kind = match &f.entity {
                Some(e) => format!("{} ({e})", f.kind),
                None => f.kind.to_string(),
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                f.severity,
                cell(&f.table),
                cell(f.column.as_deref().unwrap_or("–")),
                kind,
                cell(&f.message),
                cell(&evidence_line(f)),
                cell(&f.remediation),
                short_float(f.effort_days)
            );
        }
    }

    if !report.errors.is_empty() {
        let _ = writeln!(out, "\n## Inputs that could not be read\n");
        for e in &report.errors {
            let _ = writeln!(out, "- `{}`: {}", e.source, cell(&e.message));
        }
    }

    if !report.conventions.is_empty() {
        let _ = writeln!(out, "\n## Conventions\n");
        for (k, v) in &report.conventions {
            let _ = writeln!(out, "- **{k}**: {v}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(cell("a|b\nc"), "a\\|b c");
    }
}
