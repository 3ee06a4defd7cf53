//! Profile fields the quality checks need beyond the core profile.
//!
//! [`QualityStats`] rides along in every [`ColumnProfile`](super::ColumnProfile) under
//! `quality`. The accumulator hands it each value once (text values with their parse result,
//! numbers as they are observed), and [`QualityStats::merge`] combines parts exactly like the
//! rest of the profile: counters add, fingerprint sets unite, histograms add, examples keep the
//! smallest few. Each part lives in its own file:
//!
//! - [`keys`]: exact duplicate counting for key-like columns, with bounded memory, over the
//!   fingerprint set of [`fingerprints`];
//! - [`encoding`]: replacement characters, mojibake and control characters;
//! - [`magnitude`]: a log-scale histogram of numeric values (and of parsed numbers of text);
//! - [`formats`]: date, boolean, number and phone layouts;
//! - [`examples`]: a few values that parse as no candidate type, for `type_inconsistency`.

pub mod encoding;
pub mod examples;
pub mod fingerprints;
pub mod formats;
pub mod keys;
pub mod magnitude;

use serde::{Deserialize, Serialize};

use super::column::ValueKind;
use super::infer::Parsed;
use encoding::EncodingCounts;
use examples::Examples;
use formats::{FormatCounts, family_of};
use keys::KeyTracker;
use magnitude::MagnitudeHistogram;

/// Quality-check statistics of one column. Fields are `None` where they do not apply to the
/// column's kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QualityStats {
    /// Exact duplicate counting (text and integer columns, and key-named floating-point ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keys: Option<KeyTracker>,
    /// Orders of magnitude of numbers (numeric columns, and parsed numbers of text columns).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub magnitudes: Option<MagnitudeHistogram>,
    /// Encoding damage (text only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<EncodingCounts>,
    /// Format families (text only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub formats: Option<FormatCounts>,
    /// Values that parse as no candidate type and fall in no format family (text only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unparsed: Option<Examples>,
}

impl QualityStats {
    /// Empty statistics for a column of this name, Arrow type and kind; `None` for kinds
    /// without any. Floating-point and decimal columns get a key tracker only when their name
    /// hints a key: otherwise they are measures, and fingerprinting them would cost time for
    /// nothing (the duplicate check treats only text and integer columns as keys by baseline).
    pub fn for_column(name: &str, data_type: &str, kind: ValueKind) -> Option<Self> {
        let text = kind == ValueKind::Text;
        let numeric = kind == ValueKind::Numeric;
        let keyed = text || data_type.contains("Int") || keys::is_key_name(name);
        (text || numeric).then(|| Self {
            keys: keyed.then(|| KeyTracker::new(name)),
            magnitudes: Some(MagnitudeHistogram::default()),
            encoding: text.then(EncodingCounts::default),
            formats: text.then(FormatCounts::default),
            unparsed: text.then(Examples::default),
        })
    }

    /// Records `count` occurrences of a non-null text value that parsed as `parsed`.
    pub fn observe_text(&mut self, value: &str, parsed: Parsed, count: u64) {
        if let Some(k) = &mut self.keys {
            k.observe_str(value, count);
        }
        if let Some(e) = &mut self.encoding {
            e.observe(value, count);
        }
        let family = family_of(value);
        if let (Some(f), Some(family)) = (&mut self.formats, family) {
            f.add(family, count);
        }
        match parsed {
            Parsed::Integer(x) | Parsed::Decimal(x) => {
                if let Some(m) = &mut self.magnitudes {
                    m.add(x, count);
                }
            }
            Parsed::Other if family.is_none() => {
                if let Some(u) = &mut self.unparsed {
                    u.offer(value);
                }
            }
            _ => {}
        }
    }

    /// Records one integer value of a numeric column.
    pub fn observe_i64(&mut self, value: i64) {
        if let Some(k) = &mut self.keys {
            k.observe_i64(value);
        }
        if let Some(m) = &mut self.magnitudes {
            m.add(value as f64, 1);
        }
    }

    /// Records one finite floating-point value of a numeric column.
    pub fn observe_f64(&mut self, value: f64) {
        if let Some(k) = &mut self.keys {
            k.observe_f64(value);
        }
        if let Some(m) = &mut self.magnitudes {
            m.add(value, 1);
        }
    }

    /// Removes everything derived from individual values: key fingerprints (the duplicate
    /// count stays, exact), and the raw damaged and unparsed examples. Call it for a column
    /// classified sensitive before its profile is written or shown: the design rule is that a
    /// profile never holds a raw value of a sensitive column, and unkeyed fingerprints of a
    /// small value space (SSNs, card numbers) can be reversed by enumeration.
    pub fn redact(&mut self) {
        if let Some(k) = &mut self.keys {
            k.redact();
        }
        if let Some(e) = &mut self.encoding {
            e.examples = Examples::default();
        }
        if let Some(u) = &mut self.unparsed {
            *u = Examples::default();
        }
    }

    /// Completes a part: merges the key fingerprints still waiting to be sorted in.
    pub fn settle(&mut self) {
        if let Some(k) = &mut self.keys {
            k.settle();
        }
    }

    /// Adds another part of the same column.
    pub fn merge(&mut self, other: &QualityStats) {
        fn both<T: Clone>(a: &mut Option<T>, b: &Option<T>, f: impl FnOnce(&mut T, &T)) {
            match (a.as_mut(), b) {
                (Some(x), Some(y)) => f(x, y),
                (None, Some(y)) => *a = Some(y.clone()),
                _ => {}
            }
        }
        both(&mut self.keys, &other.keys, KeyTracker::merge);
        both(
            &mut self.magnitudes,
            &other.magnitudes,
            MagnitudeHistogram::merge,
        );
        both(&mut self.encoding, &other.encoding, EncodingCounts::merge);
        both(&mut self.formats, &other.formats, FormatCounts::merge);
        both(&mut self.unparsed, &other.unparsed, Examples::merge);
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow::array::{Array, ArrayRef, Float64Array, Int64Array, StringArray};

    use crate::profile::ColumnProfile;

    fn profile(name: &str, array: &ArrayRef) -> ColumnProfile {
        let mut p = ColumnProfile::for_type(name, array.data_type());
        if let Err(e) = p.update(array.as_ref()) {
            panic!("{e}");
        }
        p.finish();
        p
    }

    /// The quality statistics of a column equal the merge of its parts' (whole vs split at
    /// every third of the rows), through a JSON round trip of each part.
    #[test]
    fn merge_of_parts_equals_the_whole() {
        let texts: Vec<Option<String>> = (0..3000)
            .map(|i| match i % 11 {
                0 => None,
                1 => Some("MÃ¼ller".to_string()),
                2 => Some(format!("{}", 1_700_000_000 + i)),
                3 => Some("n/a".to_string()),
                4 => Some(format!("$1,{:03}.50", i % 1000)),
                _ => Some(format!("C{:05}", i % 2900)),
            })
            .collect();
        let ints: Vec<Option<i64>> = (0..3000).map(|i| Some((i * 7919) % 2950)).collect();
        let floats: Vec<Option<f64>> = (0..3000)
            .map(|i| {
                Some(if i % 5 == 0 {
                    -1.0
                } else {
                    f64::from(i) * 0.37
                })
            })
            .collect();
        let columns: [(&str, ArrayRef); 4] = [
            ("customer_id", Arc::new(StringArray::from(texts))),
            ("n", Arc::new(Int64Array::from(ints))),
            ("amount", Arc::new(Float64Array::from(floats.clone()))),
            ("price_id", Arc::new(Float64Array::from(floats))),
        ];
        for (name, array) in columns {
            let whole = profile(name, &array);
            let mut merged: Option<ColumnProfile> = None;
            for (offset, len) in [(0, 1000), (1000, 1000), (2000, 1000)] {
                let part = profile(name, &array.slice(offset, len));
                let json = serde_json::to_string(&part).unwrap_or_default();
                let part: ColumnProfile = match serde_json::from_str(&json) {
                    Ok(p) => p,
                    Err(e) => panic!("{name}: {e}"),
                };
                match &mut merged {
                    None => merged = Some(part),
                    Some(m) => {
                        if let Err(e) = m.merge(&part) {
                            panic!("{e}");
                        }
                    }
                }
            }
            let (Some(mut merged), Some(mut whole)) =
                (merged.and_then(|m| m.quality), whole.quality.clone())
            else {
                panic!("{name}: no quality statistics");
            };
            match (merged.keys.take(), whole.keys.take()) {
                (None, None) => assert_eq!(name, "amount", "only float measures go untracked"),
                (Some(mk), Some(wk)) if wk.is_exact() => {
                    assert_eq!(mk, wk, "{name}: exact fingerprints merge exactly");
                }
                (Some(mk), Some(wk)) => {
                    // A dropped tracker keeps a lower bound that depends on the split.
                    assert!(!mk.is_exact(), "{name}");
                    assert_eq!(mk.values, wk.values, "{name}");
                    assert!(mk.duplicates() <= mk.values, "{name}");
                }
                other => panic!("{name}: key trackers differ: {other:?}"),
            }
            assert_eq!(merged, whole, "{name}");
        }
    }
}
