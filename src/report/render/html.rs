//! The HTML rendering: one self-contained page that opens offline. Summary and score, effort by
//! area and table, the findings with filters by severity, area and table (a few lines of inline
//! script, no network fetch), and per column an inline-SVG picture of production against the
//! baseline (histogram or frequency bars).

use std::fmt::Write;

use super::{count, evidence_line, money, percent, short_float};
use crate::report::document::{ColumnReport, Report};
use crate::report::finding::{Area, Severity};
use crate::report::picture::Picture;

/// Escapes text for HTML element content and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px}h3{font-size:15px;margin:18px 0 8px}
.meta{color:#5b6475}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:16px 0}
.card{background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:12px 16px;min-width:150px}
.card b{display:block;font-size:24px}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #dde1e8}
th,td{padding:6px 8px;border-bottom:1px solid #eceff3;text-align:left;vertical-align:top}
th{background:#eef1f5;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
.sev{display:inline-block;border-radius:4px;padding:1px 6px;font-size:12px;font-weight:600;color:#fff}
.critical{background:#8b1020}.high{background:#d0312d}.medium{background:#e0a100}.low{background:#2b8bb3}.info{background:#8a93a3}
.ev{color:#5b6475;font-size:12px}
.filters{display:flex;gap:12px;margin:8px 0 12px;flex-wrap:wrap}
.filters label{font-size:13px}
.cols{display:grid;grid-template-columns:repeat(auto-fill,minmax(270px,1fr));gap:10px}
.col{background:#fff;border:1px solid #dde1e8;border-radius:6px;padding:8px}
.col .t{font-size:12px;color:#5b6475}
.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px}
.grade{font-size:40px;font-weight:700}
"#;

const SCRIPT: &str = r#"
(function(){
  var sel = document.querySelectorAll('.filters select');
  function apply(){
    var want = {};
    sel.forEach(function(s){ want[s.name] = s.value; });
    var shown = 0;
    document.querySelectorAll('#findings tbody tr').forEach(function(r){
      var ok = ['severity','area','table'].every(function(k){ return !want[k] || r.dataset[k] === want[k]; });
      r.style.display = ok ? '' : 'none';
      if (ok) shown++;
    });
    document.getElementById('shown').textContent = shown;
  }
  sel.forEach(function(s){ s.addEventListener('change', apply); });
  apply();
  document.body.dataset.filters = 'ready';
})();
"#;

/// Renders the report as one HTML page.
pub fn render(report: &Report) -> String {
    let s = &report.summary;
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>gapscan report: readiness {}/100</title><style>{STYLE}</style></head><body><main>",
        s.readiness_score
    );
    let cur = &report.inputs.current;
    let _ = write!(
        out,
        "<h1>Data readiness gap report</h1><p class=\"meta\">Production <code>{}</code> ({} tables, {} rows)",
        esc(&cur.source),
        cur.tables,
        count(cur.rows)
    );
    if let Some(b) = &report.inputs.baseline {
        let _ = write!(
            out,
            " against baseline <code>{}</code> ({} tables, {} rows)",
            esc(&b.source),
            b.tables,
            count(b.rows)
        );
    }
    let _ = write!(
        out,
        ". Generated {} by gapscan {}.</p>",
        esc(&report.generated_at),
        esc(&report.tool.version)
    );

    let _ = write!(
        out,
        "<section id=\"summary\" class=\"cards\">\
         <div class=\"card\"><span>Readiness</span><b id=\"score\">{}/100</b><span class=\"grade\">{}</span></div>\
         <div class=\"card\"><span>Effort</span><b>{} days</b><span>{}</span></div>",
        s.readiness_score,
        esc(&s.grade),
        short_float(s.effort.days),
        esc(&money(s.effort.cost, &s.effort.currency))
    );
    if let Some(c) = s.pilot_coverage {
        let _ = write!(
            out,
            "<div class=\"card\"><span>Pilot coverage</span><b>{}</b><span>of production rows</span></div>",
            percent(c)
        );
    }
    let _ = write!(out, "<div class=\"card\"><span>Findings</span>");
    for sev in Severity::ALL {
        let _ = write!(
            out,
            "<div><span class=\"sev {sev}\">{sev}</span> {}</div>",
            s.findings.get(sev)
        );
    }
    let _ = write!(out, "</div></section>");
    if !s.largest_deductions.is_empty() {
        let _ = write!(out, "<p>Largest deductions: ");
        let items: Vec<String> = s
            .largest_deductions
            .iter()
            .map(|d| {
                format!(
                    "<code>{}</code> −{}",
                    esc(&d.finding),
                    short_float(d.points)
                )
            })
            .collect();
        let _ = write!(out, "{}.</p>", items.join(", "));
    }

    let _ = write!(
        out,
        "<h2>Effort</h2><p class=\"meta\">{} · day rate {}</p><table id=\"effort\"><thead><tr><th>area</th><th>engineer-days</th><th>cost</th></tr></thead><tbody>",
        esc(&s.effort.model),
        esc(&money(s.effort.day_rate, &s.effort.currency))
    );
    for (area, days) in &s.effort.by_area {
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(area),
            short_float(*days),
            esc(&money(days * s.effort.day_rate, &s.effort.currency))
        );
    }
    let _ = write!(
        out,
        "</tbody></table><h3>By table</h3><table><thead><tr><th>table</th><th>rows</th><th>score</th><th>pilot coverage</th><th>engineer-days</th></tr></thead><tbody>"
    );
    for t in &report.tables {
        let _ = write!(
            out,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{} ({})</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&t.name),
            count(t.rows),
            t.readiness_score,
            esc(&t.grade),
            t.pilot_coverage.map_or("–".into(), percent),
            short_float(t.effort_days)
        );
    }
    let _ = write!(out, "</tbody></table>");

    let _ = write!(
        out,
        "<h2>Findings (<span id=\"shown\">{}</span>)</h2><div class=\"filters\">",
        report.findings.len()
    );
    let severities: Vec<String> = Severity::ALL.iter().map(|s| s.to_string()).collect();
    let areas: Vec<String> = Area::ALL.iter().map(|a| a.to_string()).collect();
    let tables: Vec<String> = report.tables.iter().map(|t| t.name.clone()).collect();
    for (name, options) in [
        ("severity", &severities),
        ("area", &areas),
        ("table", &tables),
    ] {
        let _ = write!(
            out,
            "<label>{name} <select name=\"{name}\"><option value=\"\">all</option>"
        );
        for o in options {
            let _ = write!(out, "<option>{}</option>", esc(o));
        }
        let _ = write!(out, "</select></label>");
    }
    let _ = write!(
        out,
        "</div><table id=\"findings\"><thead><tr><th>severity</th><th>table</th><th>column</th><th>finding</th><th>days</th></tr></thead><tbody>"
    );
    for f in &report.findings {
        let kind = match &f.entity {
            Some(e) => format!("{} ({e})", f.kind),
            None => f.kind.to_string(),
        };
        let _ = write!(
            out,
            "<tr data-severity=\"{sev}\" data-area=\"{area}\" data-table=\"{table}\"><td><span class=\"sev {sev}\">{sev}</span></td><td>{table}</td><td>{column}</td>\
             <td><b>{kind}</b>: {message}<div class=\"ev\">{evidence}</div><div class=\"ev\">Fix: {fix}</div></td><td class=\"n\">{days}</td></tr>",
            sev = f.severity,
            area = f.area,
            table = esc(&f.table),
            column = esc(f.column.as_deref().unwrap_or("–")),
            kind = esc(&kind),
            message = esc(&f.message),
            evidence = esc(&evidence_line(f)),
            fix = esc(&f.remediation),
            days = short_float(f.effort_days)
        );
    }
    let _ = write!(out, "</tbody></table>");

    let _ = write!(
        out,
        "<h2>Columns: production against the baseline</h2><p class=\"legend\"><span style=\"background:#9aa5b8\"></span>baseline<span style=\"background:#2f6fdb\"></span>production</p>"
    );
    for t in &report.tables {
        let _ = write!(out, "<h3>{}</h3><div class=\"cols\">", esc(&t.name));
        for c in &t.columns {
            column_card(&mut out, c);
        }
        let _ = write!(out, "</div>");
    }

    if !report.errors.is_empty() {
        let _ = write!(
            out,
            "<h2>Inputs that could not be read</h2><ul id=\"errors\">"
        );
        for e in &report.errors {
            let _ = write!(
                out,
                "<li><code>{}</code>: {}</li>",
                esc(&e.source),
                esc(&e.message)
            );
        }
        let _ = write!(out, "</ul>");
    }
    if !report.conventions.is_empty() {
        let _ = write!(out, "<h2>Conventions</h2><ul>");
        for (k, v) in &report.conventions {
            let _ = write!(out, "<li><b>{}</b>: {}</li>", esc(k), esc(v));
        }
        let _ = write!(out, "</ul>");
    }
    let _ = writeln!(out, "</main><script>{SCRIPT}</script></body></html>");
    out
}

fn column_card(out: &mut String, c: &ColumnReport) {
    let mut note = format!(
        "{} · {} · {} null",
        c.data_type,
        c.inferred_type,
        percent(c.null_fraction)
    );
    if let Some(s) = &c.sensitive {
        let _ = write!(
            note,
            " · sensitive: {} ({})",
            s.entity,
            if s.classified {
                "classified"
            } else {
                "unclassified"
            }
        );
    }
    let _ = write!(
        out,
        "<div class=\"col\"><b>{}</b><div class=\"t\">{}</div>",
        esc(&c.name),
        esc(&note)
    );
    match &c.picture {
        Some(Picture::Histogram {
            labels,
            baseline,
            current,
            ..
        }) => histogram_svg(out, labels, baseline.as_deref(), current),
        Some(Picture::Frequencies { bars }) => {
            let rows: Vec<(&str, Option<f64>, f64)> = bars
                .iter()
                .map(|b| (b.value.as_str(), b.baseline, b.current))
                .collect();
            bars_svg(out, &rows);
        }
        None => {
            let why = if c.sensitive.is_some() {
                "values withheld: sensitive column".to_string()
            } else {
                format!(
                    "about {} distinct values: no chart for near-unique values",
                    count(c.distinct_estimate)
                )
            };
            let _ = write!(out, "<div class=\"t\"><i>{}</i></div>", esc(&why));
        }
    }
    let _ = write!(out, "</div>");
}

const BASE_FILL: &str = "#9aa5b8";
const CUR_FILL: &str = "#2f6fdb";

fn histogram_svg(out: &mut String, labels: &[String], baseline: Option<&[f64]>, current: &[f64]) {
    let (w, h, pad) = (260.0, 110.0, 16.0);
    let bins = current.len().max(1);
    let max = current
        .iter()
        .chain(baseline.unwrap_or(&[]))
        .fold(0.0f64, |m, v| m.max(*v))
        .max(1e-9);
    let slot = (w - 8.0) / bins as f64;
    let _ = write!(
        out,
        "<svg role=\"img\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\"><title>histogram</title>"
    );
    for (i, v) in current.iter().enumerate() {
        let x = 4.0 + slot * i as f64;
        if let Some(b) = baseline.and_then(|b| b.get(i)) {
            let bh = (h - pad - 4.0) * b / max;
            let _ = write!(
                out,
                "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{BASE_FILL}\"><title>baseline {}</title></rect>",
                x + 1.0,
                h - pad - bh,
                slot / 2.0 - 1.0,
                bh,
                percent(*b)
            );
        }
        let ch = (h - pad - 4.0) * v / max;
        let _ = write!(
            out,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{CUR_FILL}\"><title>production {}</title></rect>",
            x + slot / 2.0,
            h - pad - ch,
            slot / 2.0 - 1.0,
            ch,
            percent(*v)
        );
    }
    if let (Some(first), Some(last)) = (labels.first(), labels.last()) {
        let _ = write!(
            out,
            "<text x=\"4\" y=\"{}\" font-size=\"10\" fill=\"#5b6475\">{}</text><text x=\"{}\" y=\"{}\" font-size=\"10\" fill=\"#5b6475\" text-anchor=\"end\">{}</text>",
            h - 3.0,
            esc(first),
            w - 4.0,
            h - 3.0,
            esc(last)
        );
    }
    let _ = write!(out, "</svg>");
}

fn bars_svg(out: &mut String, rows: &[(&str, Option<f64>, f64)]) {
    let (w, row_h, label_w) = (260.0, 18.0, 96.0);
    let h = row_h * rows.len() as f64 + 2.0;
    let max = rows
        .iter()
        .map(|(_, b, c)| b.unwrap_or(0.0).max(*c))
        .fold(0.0f64, f64::max)
        .max(1e-9);
    let bar_w = w - label_w - 44.0;
    let _ = write!(
        out,
        "<svg role=\"img\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\"><title>frequencies</title>"
    );
    for (i, (value, baseline, current)) in rows.iter().enumerate() {
        let y = 1.0 + row_h * i as f64;
        let label: String = value.chars().take(14).collect();
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{:.1}\" font-size=\"11\" fill=\"#1d2330\">{}</text>",
            y + 12.0,
            esc(&label)
        );
        if let Some(b) = baseline {
            let _ = write!(
                out,
                "<rect x=\"{label_w}\" y=\"{:.1}\" width=\"{:.1}\" height=\"7\" fill=\"{BASE_FILL}\"><title>baseline {}</title></rect>",
                y + 1.0,
                bar_w * b / max,
                percent(*b)
            );
        }
        let _ = write!(
            out,
            "<rect x=\"{label_w}\" y=\"{:.1}\" width=\"{:.1}\" height=\"7\" fill=\"{CUR_FILL}\"><title>production {}</title></rect><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#5b6475\">{}</text>",
            y + 8.0,
            bar_w * current / max,
            percent(*current),
            label_w + bar_w + 4.0,
            y + 12.0,
            percent(*current)
        );
    }
    let _ = write!(out, "</svg>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<a href='x'>&</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;"
        );
    }
}
