//! Profile fields the quality checks need beyond the core profile.
//!
//! [`QualityStats`] rides along in every [`ColumnProfile`](super::ColumnProfile) under
//! `quality`. The accumulator hands it each value once (text values with their parse result,
//! numbers as they are observed), and [`QualityStats::merge`] combines parts exactly like the
//! rest of the profile: counters add, fingerprint sets unite, histograms add, examples keep the
//! smallest few. Each part lives in its own file:
//!
//! - [`keys`]: exact duplicate counting for key-like columns, with bounded memory;
//! - [`encoding`]: replacement characters, mojibake and control characters;
//! - [`magnitude`]: a log-scale histogram of numeric values (and of parsed numbers of text);
//! - [`formats`]: date, boolean, number and phone layouts;
//! - [`examples`]: a few values that parse as no candidate type, for `type_inconsistency`.

pub mod encoding;
pub mod examples;
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
    /// Exact duplicate counting (text, integer and floating-point columns).
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
    /// Empty statistics for a column of this name and kind; `None` for kinds without any.
    pub fn for_column(name: &str, kind: ValueKind) -> Option<Self> {
        let text = kind == ValueKind::Text;
        let numeric = kind == ValueKind::Numeric;
        (text || numeric).then(|| Self {
            keys: Some(KeyTracker::new(name)),
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
        both(&mut self.magnitudes, &other.magnitudes, MagnitudeHistogram::merge);
        both(&mut self.encoding, &other.encoding, EncodingCounts::merge);
        both(&mut self.formats, &other.formats, FormatCounts::merge);
        both(&mut self.unparsed, &other.unparsed, Examples::merge);
    }
}
