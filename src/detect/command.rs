//! `gapscan detectors list | explain ID | test [DIR] | match TEXT [--column NAME]`.
//!
//! `list` and `explain` show the registry; `test` runs every detector's own examples (the
//! data-driven test CI runs on the built-ins); `match` tries the detectors on one value the user
//! types, printing JSON with masked match text so even a pasted secret is not echoed back.

use std::fmt::Write as _;
use std::path::PathBuf;

use serde_json::json;

use super::mask::mask;
use super::matcher::Detectors;
use crate::cli::DetectorsCommand;
use crate::error::{GapscanError, Outcome};
use crate::report::output;

/// Runs one `gapscan detectors` subcommand.
pub fn run(command: DetectorsCommand) -> Result<Outcome, GapscanError> {
    match command {
        DetectorsCommand::List(set) => {
            let d = Detectors::load(&set.detectors)?;
            output::write(None, &list(&d))?;
            Ok(Outcome::Clean)
        }
        DetectorsCommand::Explain { id, set } => {
            let d = Detectors::load(&set.detectors)?;
            let text = explain(&d, &id).ok_or_else(|| {
                GapscanError::Usage(format!(
                    "no detector `{id}`; `gapscan detectors list` shows the ids"
                ))
            })?;
            output::write(None, &text)?;
            Ok(Outcome::Clean)
        }
        DetectorsCommand::Test { dir, set } => {
            let mut dirs: Vec<PathBuf> = set.detectors;
            dirs.extend(dir);
            let d = Detectors::load(&dirs)?;
            let (report, failures) = test(&d);
            output::write(None, &report)?;
            Ok(if failures == 0 {
                Outcome::Clean
            } else {
                Outcome::Findings
            })
        }
        DetectorsCommand::Match { text, column, set } => {
            let d = Detectors::load(&set.detectors)?;
            output::write(
                None,
                &match_json(&d, &text, column.as_deref().unwrap_or("")),
            )?;
            Ok(Outcome::Clean)
        }
    }
}

/// The `list` table: id, category, severity, status, name.
pub fn list(d: &Detectors) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<24} {:<11} {:<9} {:<13} name",
        "id", "category", "severity", "status"
    );
    for det in d.list() {
        let s = &det.spec;
        let status = serde_json::to_value(s.status)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{:<24} {:<11} {:<9} {:<13} {}",
            s.id,
            s.category.as_str(),
            s.severity.as_str(),
            status,
            s.name
        );
    }
    out
}

/// The `explain` text of one detector.
pub fn explain(d: &Detectors, id: &str) -> Option<String> {
    let det = d.get(id)?;
    let s = &det.spec;
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", s.name, s.id);
    let _ = writeln!(
        out,
        "category: {}   severity: {}   file: {}",
        s.category.as_str(),
        s.severity,
        det.source
    );
    let _ = writeln!(
        out,
        "\nWhat: {}\nWhy: {}\nFix: {}",
        s.docs.what, s.docs.why, s.docs.fix
    );
    let _ = writeln!(out, "\nPatterns:");
    for p in &s.patterns {
        let mut flags = Vec::new();
        if p.hint_required {
            flags.push("needs a column-name hint");
        }
        if p.embedded {
            flags.push("also found inside free text");
        }
        if p.case_insensitive {
            flags.push("any case");
        }
        let _ = writeln!(
            out,
            "  {}{}",
            p.regex,
            if flags.is_empty() {
                String::new()
            } else {
                format!("   ({})", flags.join(", "))
            }
        );
    }
    let _ = writeln!(
        out,
        "Validator: {}",
        s.validator.as_deref().unwrap_or("none")
    );
    if !s.hints.is_empty() {
        let _ = writeln!(
            out,
            "Column-name hints{}: {}",
            if s.requires_hint { " (required)" } else { "" },
            s.hints.join(", ")
        );
    }
    let t = &s.thresholds;
    let _ = writeln!(
        out,
        "Thresholds: share {} without a hint, {} with one; {} of rows in free text; at least {} values",
        t.min_share, t.min_share_with_hint, t.min_embedded_share, t.min_hits
    );
    let under = s
        .examples
        .column
        .as_deref()
        .map(|c| format!(" (in a column named `{c}`)"))
        .unwrap_or_default();
    let _ = writeln!(out, "\nMatches{under}:");
    for e in &s.examples.matching {
        let _ = writeln!(out, "  {e:?}");
    }
    let _ = writeln!(out, "Does not match:");
    for e in &s.examples.no_match {
        let _ = writeln!(out, "  {e:?}");
    }
    Some(out)
}

/// Runs every detector's examples; returns the report and the number of failures.
pub fn test(d: &Detectors) -> (String, usize) {
    let mut out = String::new();
    let mut failures = 0;
    let mut checked = 0;
    for (i, det) in d.list().iter().enumerate() {
        let s = &det.spec;
        let column = s.examples.column.as_deref().unwrap_or("");
        let fires = |v: &str| d.find(v, column).iter().any(|m| m.detector == i);
        for e in &s.examples.matching {
            checked += 1;
            if !fires(e) {
                failures += 1;
                let _ = writeln!(out, "FAIL {}: should match {e:?} ({})", s.id, det.source);
            }
        }
        for e in &s.examples.no_match {
            checked += 1;
            if fires(e) {
                failures += 1;
                let _ = writeln!(
                    out,
                    "FAIL {}: should not match {e:?} ({})",
                    s.id, det.source
                );
            }
        }
    }
    let _ = writeln!(
        out,
        "{} detectors, {checked} examples, {failures} failed",
        d.list().len()
    );
    (out, failures)
}

/// The `match` JSON: every detector matching `text` under `column`, with masked match text.
pub fn match_json(d: &Detectors, text: &str, column: &str) -> String {
    let active = d.active_for(column);
    let matches: Vec<serde_json::Value> = d
        .find(text, column)
        .into_iter()
        .map(|m| {
            let det = &d.list()[m.detector];
            let hinted = active.hinted(m.detector);
            let confidence: f64 = if m.whole {
                0.85 + if hinted { 0.14 } else { 0.0 }
            } else {
                0.7
            };
            json!({
                "detector": det.spec.id,
                "name": det.spec.name,
                "category": det.spec.category.as_str(),
                "severity": det.spec.severity.as_str(),
                "whole_value": m.whole,
                "start": m.start,
                "end": m.end,
                "text": mask(&text[m.start..m.end], det.spec.mask),
                "validated": det.has_validator(),
                "name_hint": hinted,
                "confidence": confidence,
            })
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&json!({
        "column": column,
        "length": text.len(),
        "matches": matches,
    }))
    .unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_example_passes() {
        let d = Detectors::builtin().unwrap();
        let (report, failures) = test(&d);
        assert_eq!(failures, 0, "{report}");
    }

    #[test]
    fn match_masks_the_text() {
        let d = Detectors::builtin().unwrap();
        let j = match_json(&d, "card 4111 1111 1111 1111 ok", "");
        assert!(j.contains("**** **** **** 1111"), "{j}");
        assert!(!j.contains("4111 1111"), "{j}");
        assert!(j.contains("\"start\": 5"));
    }

    #[test]
    fn explain_and_list_cover_every_detector() {
        let d = Detectors::builtin().unwrap();
        let l = list(&d);
        for det in d.list() {
            assert!(l.contains(&det.spec.id));
            assert!(explain(&d, &det.spec.id).is_some());
        }
        assert!(explain(&d, "nope").is_none());
    }
}
