//! Detection while profiling: the [`ColumnScanner`] a column's accumulator carries, which runs
//! each text value through the detectors and counts hits into the profile.
//!
//! The accumulator calls [`ColumnScanner::observe`] once per distinct value of a batch with its
//! count, so repeated values cost one match. Which detectors run is decided once from the column
//! name ([`Detectors::active_for`]): weak patterns that need a hint never run on other columns.
//! With `--sample ROWS`, each scanner stops after `ROWS` values (per scan partition), and the
//! column records that it was sampled; shares are computed over the values examined.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::mask::{looks_masked, mask, masked_example, year_only_date};
use super::matcher::{ActiveSet, Detectors, Match};
use crate::profile::detection::{DetectionStats, DetectorHits, keep_example};
use crate::profile::trimmed;

/// The detector set and options a scan runs with.
#[derive(Clone, Debug)]
pub struct DetectionConfig {
    /// The compiled detectors (built-ins plus `--detectors`).
    pub detectors: Arc<Detectors>,
    /// `--sample ROWS`: values examined per column and scan partition, or all.
    pub sample: Option<u64>,
}

/// Runs one column's values through the detectors.
#[derive(Clone, Debug)]
pub struct ColumnScanner {
    detectors: Arc<Detectors>,
    active: ActiveSet,
    remaining: Option<u64>,
    whole: Vec<usize>,
    embedded: Vec<Match>,
}

impl ColumnScanner {
    /// A scanner for the column named `column`.
    pub fn new(config: &DetectionConfig, column: &str) -> Self {
        Self {
            active: config.detectors.active_for(column),
            detectors: Arc::clone(&config.detectors),
            remaining: config.sample,
            whole: Vec::new(),
            embedded: Vec::new(),
        }
    }

    /// Records `count` occurrences of the text value `value`.
    pub fn observe(
        &mut self,
        stats: &mut DetectionStats,
        hits: &mut BTreeMap<String, DetectorHits>,
        value: &str,
        count: u64,
    ) {
        let v = trimmed(value);
        if v.is_empty() || count == 0 {
            return;
        }
        let n = match &mut self.remaining {
            None => count,
            Some(0) => {
                stats.sampled = true;
                return;
            }
            Some(left) => {
                let n = count.min(*left);
                *left -= n;
                if n < count {
                    stats.sampled = true;
                }
                n
            }
        };
        stats.values += n;
        if looks_masked(v) {
            stats.masked += n;
            keep_example(&mut stats.masked_examples, &masked_example(v));
        } else if year_only_date(v) {
            stats.year_only_dates += n;
        }
        self.detectors
            .whole_matches(v, &self.active, &mut self.whole);
        if !self.whole.is_empty() {
            for &d in &self.whole {
                let det = &self.detectors.list()[d];
                record(hits, &det.spec.id, |entry| {
                    if entry.hits + entry.embedded < EXAMPLE_CANDIDATES {
                        keep_example(&mut entry.examples, &mask(v, det.spec.mask));
                    }
                    entry.hits += n;
                });
            }
            return;
        }
        if !has_whitespace(v) {
            return;
        }
        self.detectors
            .embedded_matches(v, &self.active, &mut self.embedded);
        let mut counted: Vec<usize> = Vec::new();
        for m in &self.embedded {
            let det = &self.detectors.list()[m.detector];
            record(hits, &det.spec.id, |entry| {
                if entry.hits + entry.embedded < EXAMPLE_CANDIDATES {
                    keep_example(
                        &mut entry.examples,
                        &mask(&v[m.start..m.end], det.spec.mask),
                    );
                }
                if !counted.contains(&m.detector) {
                    entry.embedded += n;
                    counted.push(m.detector);
                }
            });
        }
    }
}

/// Whether `value` holds a whitespace character (`char::is_whitespace`): free text. Most values
/// are ASCII and hold none, so the ASCII bytes are looked at first in one pass without an early
/// exit, which the compiler vectorises (a `char` at a time took a twentieth of the time spent on
/// a column of UUIDs); only a value with non-ASCII bytes is then decoded.
fn has_whitespace(value: &str) -> bool {
    let mut ascii = 0u8;
    for &b in value.as_bytes() {
        // A space, or one of `\t \n \v \f \r` (9 to 13).
        ascii |= u8::from(b == b' ') | u8::from(b.wrapping_sub(b'\t') < 5);
    }
    ascii != 0 || (!value.is_ascii() && value.contains(char::is_whitespace))
}

/// Matches per detector and scan partition whose masked form competes for the examples; later
/// ones are only counted, so masking stays off the hot path of a column full of matches.
const EXAMPLE_CANDIDATES: u64 = 64;

/// Updates the entry for `id`, added empty if there is none (allocating the key only then): one
/// look-up for all but a detector's first hit.
fn record(
    hits: &mut BTreeMap<String, DetectorHits>,
    id: &str,
    update: impl FnOnce(&mut DetectorHits),
) {
    match hits.get_mut(id) {
        Some(entry) => update(entry),
        None => update(hits.entry(id.to_string()).or_default()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::ColumnProfile;
    use arrow::array::StringArray;
    use arrow::datatypes::DataType;

    fn profile(name: &str, values: &[&str], sample: Option<u64>) -> ColumnProfile {
        let config = DetectionConfig {
            detectors: Arc::new(Detectors::builtin().unwrap()),
            sample,
        };
        let mut p = ColumnProfile::for_type(name, &DataType::Utf8);
        p.scanner = Some(ColumnScanner::new(&config, name));
        p.update(&StringArray::from(values.to_vec())).unwrap();
        p.finish();
        p
    }

    #[test]
    fn whitespace_is_found_as_char_is_whitespace_finds_it() {
        let values = [
            "",
            "a",
            "550e8400-e29b-41d4-a716-446655440000",
            "two words",
            "tab\there",
            "line\nbreak",
            "vertical\u{0b}tab",
            "form\u{0c}feed",
            "carriage\rreturn",
            "no\u{a0}break",
            "ideographic\u{3000}space",
            "next\u{85}line",
            "café",
            "日本語",
            "\u{1f}\u{7f}\u{200b}",
        ];
        for v in values {
            assert_eq!(has_whitespace(v), v.contains(char::is_whitespace), "{v:?}");
        }
    }

    #[test]
    fn hits_land_in_the_profile_masked() {
        let p = profile(
            "ref_code",
            &["123-45-6789", "536-22-1234", "123-45-6789", "n/a"],
            None,
        );
        assert_eq!(p.detection.values, 4);
        let ssn = &p.detectors["us_ssn"];
        assert_eq!(ssn.hits, 3);
        assert_eq!(ssn.examples, ["***-**-1234", "***-**-6789"]);
        let json = serde_json::to_string(&p.detectors).unwrap();
        assert!(!json.contains("123-45"));
    }

    #[test]
    fn free_text_counts_rows_embedding_an_entity() {
        let p = profile(
            "notes",
            &[
                "Send receipts to jane.doe@example.org please",
                "Call (415) 867-2291 or mail jo@corp.io",
                "Nothing to see",
            ],
            None,
        );
        assert_eq!(p.detectors["email"].embedded, 2);
        assert_eq!(p.detectors["email"].hits, 0);
        assert_eq!(p.detectors["phone"].embedded, 1);
    }

    #[test]
    fn sample_bounds_the_values_examined() {
        let p = profile("ssn", &["123-45-6789"; 10], Some(4));
        assert_eq!(p.detection.values, 4);
        assert!(p.detection.sampled);
        assert_eq!(p.detectors["us_ssn"].hits, 4);
    }

    #[test]
    fn already_masked_values_are_counted() {
        let p = profile("ref_code", &["***-**-6789", "***-**-1234"], None);
        assert_eq!(p.detection.masked, 2);
        assert!(!p.detectors.contains_key("us_ssn"));
    }
}
