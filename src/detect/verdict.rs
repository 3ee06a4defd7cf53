//! Classifying one column from its profile: which entity do its values show, and how sure is
//! that?
//!
//! A pure function of the column profile and the detector set. For each detector with hits:
//!
//! - **Whole values**: the share of examined values that matched and validated. The column name
//!   is context, as Macie treats a column header: a hint raises confidence and lowers the share
//!   required (`min_share_with_hint` instead of `min_share`); detectors that need a hint never
//!   pass without one. A detector also needs `min_hits` matching values.
//! - **Free text**: the share of rows that embed a validated match inside longer text, against
//!   `min_embedded_share`.
//!
//! Candidates are ranked by the detector's priority (specific detectors before generic ones such
//! as `generic_secret`), then by confidence; the first whole-value candidate is the verdict, and
//! a column with none but embedded candidates is free text holding those entities.

use serde::Serialize;

use super::hint::words;
use super::matcher::Detectors;
use super::spec::{Category, Status};
use crate::profile::ColumnProfile;

/// One entity a column may hold.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Candidate {
    /// Detector id.
    pub detector: String,
    /// Its category.
    pub category: Category,
    /// Values (whole) or rows (embedded) that matched.
    pub hits: u64,
    /// Share of examined values.
    pub share: f64,
    /// Whether the column name carries one of the detector's hints.
    pub hinted: bool,
    /// Whether the matches are embedded in free text rather than whole values.
    pub embedded: bool,
    /// 0–1.
    pub confidence: f64,
    /// Masked examples.
    pub examples: Vec<String>,
    #[serde(skip)]
    priority: i32,
}

/// What one column holds, by its profile.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ColumnVerdict {
    /// The picked entity: the best whole-value candidate, or the most frequent embedded one.
    pub entity: Option<Candidate>,
    /// Whole-value candidates that passed, best first.
    pub candidates: Vec<Candidate>,
    /// Entities embedded in free text that passed, most frequent first.
    pub embedded: Vec<Candidate>,
    /// Values examined.
    pub values: u64,
}

impl ColumnVerdict {
    /// Whether the column holds free text with embedded entities rather than whole values.
    pub fn is_free_text(&self) -> bool {
        self.candidates.is_empty() && !self.embedded.is_empty()
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The verdict on one column.
pub fn verdict(column: &ColumnProfile, detectors: &Detectors) -> ColumnVerdict {
    let values = column.detection.values;
    let mut out = ColumnVerdict {
        values,
        ..ColumnVerdict::default()
    };
    if values == 0 {
        return out;
    }
    let name_words = words(&column.name);
    for (id, hits) in &column.detectors {
        let Some(det) = detectors.get(id) else {
            continue;
        };
        if det.spec.status == Status::Deprecated {
            continue;
        }
        let t = &det.spec.thresholds;
        let hinted = det.hinted(&name_words);
        let base = |share: f64, count: u64, embedded: bool, confidence: f64| Candidate {
            detector: id.clone(),
            category: det.spec.category,
            hits: count,
            share: round2(share.min(1.0)),
            hinted,
            embedded,
            confidence: round2(confidence.clamp(0.0, 0.99)),
            examples: hits.examples.clone(),
            priority: det.spec.priority,
        };
        let min_hits = t.min_hits.min(values).max(1);
        if hits.hits > 0 && (hinted || !det.spec.requires_hint) {
            let share = hits.hits as f64 / values as f64;
            let required = if hinted {
                t.min_share_with_hint
            } else {
                t.min_share
            };
            if share >= required && hits.hits >= min_hits {
                let mut c = 0.45 + 0.4 * share + if hinted { 0.15 } else { 0.0 };
                if !det.has_validator() && !hinted {
                    c -= 0.05;
                }
                out.candidates.push(base(share, hits.hits, false, c));
            }
        }
        if hits.embedded > 0 {
            let share = hits.embedded as f64 / values as f64;
            if share >= t.min_embedded_share && hits.embedded >= min_hits {
                let c = 0.5 + 0.4 * (share * 5.0).min(1.0);
                out.embedded.push(base(share, hits.embedded, true, c));
            }
        }
    }
    out.candidates.sort_by(|a, b| {
        b.priority
            .cmp(&a.priority)
            .then(b.confidence.total_cmp(&a.confidence))
            .then(b.share.total_cmp(&a.share))
            .then(a.detector.cmp(&b.detector))
    });
    out.embedded.sort_by(|a, b| {
        b.share
            .total_cmp(&a.share)
            .then(b.priority.cmp(&a.priority))
            .then(a.detector.cmp(&b.detector))
    });
    out.entity = out
        .candidates
        .first()
        .or_else(|| out.embedded.first())
        .cloned();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{ColumnScanner, DetectionConfig};
    use arrow::array::StringArray;
    use arrow::datatypes::DataType;
    use std::sync::Arc;

    fn column(name: &str, values: Vec<String>) -> (ColumnProfile, Arc<Detectors>) {
        let detectors = Arc::new(Detectors::builtin().unwrap());
        let config = DetectionConfig {
            detectors: Arc::clone(&detectors),
            sample: None,
        };
        let mut p = ColumnProfile::for_type(name, &DataType::Utf8);
        p.scanner = Some(ColumnScanner::new(&config, name));
        p.update(&StringArray::from(values)).unwrap();
        p.finish();
        (p, detectors)
    }

    fn entity(name: &str, values: Vec<String>) -> Option<String> {
        let (p, d) = column(name, values);
        verdict(&p, &d).entity.map(|c| c.detector)
    }

    #[test]
    fn innocent_name_with_dashed_ssns_is_an_ssn_column() {
        let v = (0..50)
            .map(|i| format!("{:03}-45-{:04}", 100 + i, 1000 + i))
            .collect();
        assert_eq!(entity("ref_code", v).as_deref(), Some("us_ssn"));
    }

    #[test]
    fn nine_digit_ids_need_a_hint() {
        let v: Vec<String> = (0..50)
            .map(|i| format!("{}", 123_456_000 + i * 7919))
            .collect();
        assert_eq!(entity("fulfillment_id", v.clone()), None);
        assert_eq!(entity("ssn", v).as_deref(), Some("us_ssn"));
    }

    #[test]
    fn luhn_failing_order_numbers_are_not_cards() {
        let v: Vec<String> = (0..50u64)
            .map(|i| {
                let base = 4_000_000_000_000_000u64 + i * 1_000_003;
                // pick the one last digit that makes Luhn fail
                let s = base.to_string();

                (0..10)
                    .map(|d| format!("{}{}", &s[..15], d))
                    .find(|c| !crate::detect::validate::checksum::luhn(c))
                    .unwrap()
            })
            .collect();
        assert_eq!(entity("order_number", v), None);
    }

    #[test]
    fn free_text_reports_embedded_entities() {
        let mut v: Vec<String> = (0..90).map(|i| format!("Plain note number {i}")).collect();
        v.extend((0..10).map(|i| format!("Reply to user{i}@mail.example.com soon")));
        let (p, d) = column("notes", v);
        let verdict = verdict(&p, &d);
        assert!(verdict.is_free_text());
        let e = verdict.entity.unwrap();
        assert_eq!(e.detector, "email");
        assert!(e.embedded);
        assert_eq!(e.share, 0.1);
    }
}
