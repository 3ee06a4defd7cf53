//! Sensitive-field findings: the verdict on every column compared with the manifest.
//!
//! [`classify`] is a pure function of the current profile, the baseline profile (if any), the
//! manifest and the detector set. Per column it gives the `sensitive` summary the report shows
//! and, where declaration and data disagree, a finding:
//!
//! | data shows | manifest says | finding |
//! | --- | --- | --- |
//! | an entity | nothing | `unclassified_sensitive_field` (the detector's severity) |
//! | an entity | `public` | `classification_mismatch` (the detector's severity) |
//! | an entity | another id or category | `classification_mismatch` (one step lower) |
//! | nothing | an id or category | `declared_not_detected` (info) |
//!
//! A declaration matches when it names the detected entity, its category, or any other entity
//! that passed on the column. When the baseline's column held masked values (`***-**-6789`,
//! `[redacted]`, year-only dates) where the current data holds real ones, the finding says so:
//! the pilot never showed the gap.

use serde::Serialize;
use serde_json::{Value as Json, json};

use super::manifest::{Manifest, PUBLIC};
use super::matcher::Detectors;
use super::verdict::{Candidate, ColumnVerdict, verdict};
use crate::profile::{ColumnProfile, ProfileFile};
use crate::report::finding::{Finding, FindingKind, Severity};

/// The `sensitive` field of a column in the report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sensitive {
    /// Detector id (or, for a declared column with nothing detected, the declaration).
    pub entity: String,
    /// Category of the entity.
    pub category: String,
    /// Confidence of the detection, 0–1 (0 when only declared).
    pub confidence: f64,
    /// Whether the manifest declares it consistently.
    pub classified: bool,
    /// Whether the data showed it (false: declared only).
    pub detected: bool,
    /// Whether the entity is embedded in free text rather than the whole value.
    pub free_text: bool,
}

/// The classification of one column.
#[derive(Clone, Debug, Serialize)]
pub struct ColumnClassification {
    /// Table name.
    pub table: String,
    /// Column name.
    pub column: String,
    /// What the profile shows.
    pub verdict: ColumnVerdict,
    /// What the manifest declares.
    pub declared: Option<String>,
    /// The report's summary; `None` for columns neither detected nor declared sensitive.
    pub sensitive: Option<Sensitive>,
}

/// Every column's classification and the sensitive-field findings.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Classification {
    /// One entry per column of the current profile, in table and schema order.
    pub columns: Vec<ColumnClassification>,
    /// `unclassified_sensitive_field`, `classification_mismatch`, `declared_not_detected`.
    pub findings: Vec<Finding>,
}

impl Classification {
    /// The classification of one column.
    pub fn column(&self, table: &str, column: &str) -> Option<&ColumnClassification> {
        self.columns
            .iter()
            .find(|c| c.table == table && c.column == column)
    }

    /// The report's `sensitive` summary of one column.
    pub fn sensitive(&self, table: &str, column: &str) -> Option<&Sensitive> {
        self.column(table, column)
            .and_then(|c| c.sensitive.as_ref())
    }

    /// Whether raw values of the column must never be shown.
    pub fn is_sensitive(&self, table: &str, column: &str) -> bool {
        self.sensitive(table, column).is_some()
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn name_of(detectors: &Detectors, id: &str) -> String {
    detectors
        .get(id)
        .map_or_else(|| id.to_string(), |d| d.spec.name.clone())
}

/// Whether the baseline's column held masked stand-ins, and examples of them.
fn baseline_masked(
    baseline: Option<&ColumnProfile>,
    entity: &Candidate,
) -> Option<(f64, Vec<String>)> {
    let b = baseline?;
    let values = b.detection.values;
    if values == 0 {
        return None;
    }
    let masked = b.detection.masked as f64 / values as f64;
    let year_only = b.detection.year_only_dates as f64 / values as f64;
    let needed = if entity.embedded {
        (0.5 * entity.share).min(0.5)
    } else {
        0.5
    };
    if masked >= needed && b.detection.masked > 0 {
        return Some((masked, b.detection.masked_examples.clone()));
    }
    if entity.detector == "date_of_birth" && year_only >= 0.9 {
        return Some((year_only, vec!["YYYY-01-01 (year only)".into()]));
    }
    None
}

fn candidate_json(c: &Candidate) -> Json {
    json!({"detector": c.detector, "share": c.share, "hits": c.hits, "confidence": c.confidence})
}

/// Classifies every column of `current` against `manifest`, noting masked baseline columns.
pub fn classify(
    current: &ProfileFile,
    baseline: Option<&ProfileFile>,
    manifest: &Manifest,
    detectors: &Detectors,
) -> Classification {
    let mut out = Classification::default();
    for table in &current.tables {
        let base_table = baseline.and_then(|b| b.tables.iter().find(|t| t.name == table.name));
        for column in &table.columns {
            let v = verdict(column, detectors);
            let declared = manifest.lookup(&table.name, &column.name);
            let entity = v.entity.clone();
            let consistent = |class: &str| {
                v.candidates
                    .iter()
                    .chain(&v.embedded)
                    .any(|c| c.detector == class || c.category.as_str() == class)
            };
            let sensitive = match (&entity, declared) {
                (Some(e), d) => Some(Sensitive {
                    entity: e.detector.clone(),
                    category: e.category.as_str().into(),
                    confidence: e.confidence,
                    classified: d
                        .is_some_and(|d| d.is_sensitive() && consistent(&d.classification)),
                    detected: true,
                    free_text: e.embedded,
                }),
                (None, Some(d)) if d.is_sensitive() => Some(Sensitive {
                    entity: d.classification.clone(),
                    category: detectors
                        .get(&d.classification)
                        .map_or(d.classification.clone(), |x| {
                            x.spec.category.as_str().into()
                        }),
                    confidence: 0.0,
                    classified: true,
                    detected: false,
                    free_text: false,
                }),
                _ => None,
            };
            let base_column = base_table.and_then(|t| t.column(&column.name));
            if let Some(e) = &entity {
                let det = detectors.get(&e.detector);
                let severity = det.map_or(Severity::High, |d| d.spec.severity);
                let what = name_of(detectors, &e.detector);
                let mut message = if e.embedded {
                    let others: Vec<String> = v
                        .embedded
                        .iter()
                        .skip(1)
                        .map(|c| format!("{} in {}", name_of(detectors, &c.detector), pct(c.share)))
                        .collect();
                    let also = if others.is_empty() {
                        String::new()
                    } else {
                        format!(" (also {})", others.join(", "))
                    };
                    format!(
                        "`{}` is free text that embeds {what} in {} of its values{also}",
                        column.name,
                        pct(e.share)
                    )
                } else {
                    format!(
                        "`{}` holds {what} values: {} of {} values match{}",
                        column.name,
                        pct(e.share),
                        v.values,
                        if det.is_some_and(|d| d.has_validator()) {
                            " and validate"
                        } else {
                            ""
                        }
                    )
                };
                let masked = baseline_masked(base_column, e);
                if let Some((_, examples)) = &masked {
                    message.push_str(&format!(
                        "; the baseline held masked values ({}) where this data holds real ones",
                        examples.first().map_or("masked", |s| s.as_str())
                    ));
                }
                let finding = match declared {
                    None => Some(
                        Finding::new(
                            FindingKind::UnclassifiedSensitiveField,
                            severity,
                            &table.name,
                            Some(&column.name),
                            format!(
                                "{message}, and the classification manifest does not declare it"
                            ),
                        )
                        .with_entity(&e.detector),
                    ),
                    Some(d) if !d.is_sensitive() => Some(
                        Finding::new(
                            FindingKind::ClassificationMismatch,
                            severity,
                            &table.name,
                            Some(&column.name),
                            format!("{message}, but the manifest declares it `{PUBLIC}`"),
                        )
                        .with_entity(&e.detector),
                    ),
                    Some(d) if !consistent(&d.classification) => Some(
                        Finding::new(
                            FindingKind::ClassificationMismatch,
                            severity.lower().min(Severity::Medium).max(Severity::Low),
                            &table.name,
                            Some(&column.name),
                            format!(
                                "{message}, but the manifest declares it `{}`",
                                d.classification
                            ),
                        )
                        .with_entity(&e.detector),
                    ),
                    Some(_) => None,
                };
                if let Some(f) = finding {
                    let mut f = f
                        .with_evidence("detector", e.detector.as_str())
                        .with_evidence("category", e.category.as_str())
                        .with_evidence(
                            "match",
                            if e.embedded {
                                "embedded"
                            } else {
                                "whole_value"
                            },
                        )
                        .with_evidence("share", e.share)
                        .with_evidence("matched_values", e.hits)
                        .with_evidence("values_examined", v.values)
                        .with_evidence("confidence", e.confidence)
                        .with_evidence("name_hint", e.hinted)
                        .with_evidence("examples", e.examples.clone())
                        .with_evidence("sampled", column.detection.sampled)
                        .with_affected(e.hits, table.rows)
                        .with_remediation(format!(
                            "{} Then declare the column in the classification manifest.",
                            det.map_or("Mask or remove the values.", |d| d.spec.docs.fix.as_str())
                        ));
                    if let Some(d) = declared {
                        f = f.with_evidence("declared", d.classification.as_str());
                    }
                    if v.candidates.len() > 1 {
                        f = f.with_evidence(
                            "candidates",
                            v.candidates.iter().map(candidate_json).collect::<Vec<_>>(),
                        );
                    }
                    if !v.embedded.is_empty() {
                        f = f.with_evidence(
                            "embedded",
                            v.embedded.iter().map(candidate_json).collect::<Vec<_>>(),
                        );
                    }
                    if let Some((share, examples)) = masked {
                        f = f
                            .with_evidence("baseline_masked", true)
                            .with_evidence(
                                "baseline_masked_share",
                                (share * 1000.0).round() / 1000.0,
                            )
                            .with_evidence("baseline_examples", examples);
                    }
                    out.findings.push(f);
                }
            } else if let Some(d) = declared.filter(|d| d.is_sensitive()) {
                out.findings.push(
                    Finding::new(
                        FindingKind::DeclaredNotDetected,
                        Severity::Info,
                        &table.name,
                        Some(&column.name),
                        format!(
                            "the manifest declares `{}` as `{}`, but no detector found such values in it ({} values examined)",
                            column.name, d.classification, v.values
                        ),
                    )
                    .with_evidence("declared", d.classification.as_str())
                    .with_evidence("values_examined", v.values)
                    .with_remediation(
                        "Check the declaration; if the values are right, add a detector for them with --detectors.",
                    ),
                );
            }
            out.columns.push(ColumnClassification {
                table: table.name.clone(),
                column: column.name.clone(),
                verdict: v,
                declared: declared.map(|d| d.classification.clone()),
                sensitive,
            });
        }
    }
    out
}
