//! Per-column pictures of production against the baseline: the data behind the HTML report's
//! histograms and frequency bars.
//!
//! Numeric and temporal columns (and text columns whose values parse as numbers or dates) get
//! a histogram of ten equal-width bins over the 1st–99th percentile range of both sides, each
//! bin's share read off the quantile sketches (values beyond the range fall in the end bins).
//! Categorical columns get the shares of their most frequent values on both sides. Columns
//! classified sensitive get no picture: it would show their values.

use serde::{Deserialize, Serialize};

use crate::profile::sketch::{FrequentKey, QuantileSketch};
use crate::profile::{ColumnProfile, InferredType, ValueKind, render};

/// Bins of a histogram picture.
const BINS: usize = 10;
/// Bars of a frequency picture.
const BARS: usize = 8;

/// The chart data for one column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Picture {
    /// Shares of values per bin.
    Histogram {
        /// `BINS + 1` bin edges, ascending.
        edges: Vec<f64>,
        /// Edge labels as a reader reads them (dates for temporal values).
        labels: Vec<String>,
        /// Baseline share per bin, when there is a baseline.
        baseline: Option<Vec<f64>>,
        /// Production share per bin.
        current: Vec<f64>,
    },
    /// Shares of the most frequent values.
    Frequencies {
        /// One bar per value.
        bars: Vec<FrequencyBar>,
    },
}

/// One value of a frequency picture.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FrequencyBar {
    /// The value as text.
    pub value: String,
    /// Share of the baseline's non-null values, when there is a baseline.
    pub baseline: Option<f64>,
    /// Share of production's non-null values.
    pub current: f64,
}

impl Picture {
    /// The picture with every share and edge passed through `round`.
    pub fn rounded(self, round: impl Fn(f64) -> f64) -> Picture {
        let all = |v: Vec<f64>| v.into_iter().map(&round).collect::<Vec<_>>();
        match self {
            Picture::Histogram {
                edges,
                labels,
                baseline,
                current,
            } => Picture::Histogram {
                edges: all(edges),
                labels,
                baseline: baseline.map(all),
                current: all(current),
            },
            Picture::Frequencies { bars } => Picture::Frequencies {
                bars: bars
                    .into_iter()
                    .map(|b| FrequencyBar {
                        baseline: b.baseline.map(&round),
                        current: round(b.current),
                        value: b.value,
                    })
                    .collect(),
            },
        }
    }
}

/// The picture of `current` against `baseline`, or `None` when there is nothing to draw.
pub fn picture(
    baseline: Option<&ColumnProfile>,
    current: &ColumnProfile,
    sensitive: bool,
) -> Option<Picture> {
    if sensitive || current.non_null() == 0 {
        return None;
    }
    if let Some((_, q)) = current.numeric_view().filter(|(_, q)| q.count() > 0) {
        let base = baseline
            .and_then(|b| b.numeric_view())
            .map(|(_, q)| q)
            .filter(|q| q.count() > 0);
        return histogram(base, q, is_temporal(current));
    }
    frequencies(baseline, current)
}

fn is_temporal(c: &ColumnProfile) -> bool {
    c.kind == ValueKind::Temporal
        || (c.kind == ValueKind::Text
            && matches!(
                c.inferred_type(),
                InferredType::Date | InferredType::Timestamp
            ))
}

fn histogram(
    baseline: Option<&QuantileSketch>,
    current: &QuantileSketch,
    temporal: bool,
) -> Option<Picture> {
    let sides: Vec<&QuantileSketch> = baseline.into_iter().chain([current]).collect();
    let lo = sides
        .iter()
        .filter_map(|q| q.quantile(0.01))
        .fold(f64::INFINITY, f64::min);
    let hi = sides
        .iter()
        .filter_map(|q| q.quantile(0.99))
        .fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() || !hi.is_finite() || hi <= lo {
        return None;
    }
    let edges: Vec<f64> = (0..=BINS)
        .map(|i| lo + (hi - lo) * i as f64 / BINS as f64)
        .collect();
    let shares = |q: &QuantileSketch| -> Vec<f64> {
        let ranks: Vec<f64> = edges
            .iter()
            .enumerate()
            .map(|(i, e)| match i {
                0 => 0.0,
                i if i == BINS => 1.0,
                _ => q.rank(*e).unwrap_or(0.0),
            })
            .collect();
        ranks.windows(2).map(|w| (w[1] - w[0]).max(0.0)).collect()
    };
    let labels = edges
        .iter()
        .map(|e| {
            if temporal {
                // Day precision is enough for an axis label.
                let day = 86_400_000_000_i64;
                render::time_us((*e as i64).div_euclid(day) * day)
            } else {
                short_number(*e)
            }
        })
        .collect();
    Some(Picture::Histogram {
        labels,
        baseline: baseline.map(shares),
        current: shares(current),
        edges,
    })
}

/// A number in at most four significant digits, as an axis label.
fn short_number(x: f64) -> String {
    let a = x.abs();
    if a >= 1e6 {
        format!("{:.3}M", x / 1e6)
    } else if a >= 1e4 {
        format!("{:.1}k", x / 1e3)
    } else if a >= 100.0 || x == x.trunc() {
        format!("{x:.0}")
    } else {
        format!("{x:.2}")
    }
}

fn frequencies(baseline: Option<&ColumnProfile>, current: &ColumnProfile) -> Option<Picture> {
    let top = |c: &ColumnProfile, n: usize| -> Vec<(String, f64)> {
        let total = c.non_null().max(1) as f64;
        c.frequent
            .as_ref()
            .map(|f| {
                f.top(n)
                    .into_iter()
                    .map(|v| (key_text(c, &v.value), v.count as f64 / total))
                    .collect()
            })
            .unwrap_or_default()
    };
    let current_top = top(current, BARS);
    // A column whose most frequent value is rare is not categorical: bars would say nothing.
    if current_top.first().is_none_or(|(_, s)| *s < 0.02) {
        return None;
    }
    let baseline_all = baseline.map(|b| top(b, 256));
    let bars = current_top
        .into_iter()
        .map(|(value, current)| FrequencyBar {
            baseline: baseline_all.as_ref().map(|all| {
                all.iter()
                    .find(|(v, _)| *v == value)
                    .map_or(0.0, |(_, s)| *s)
            }),
            value,
            current,
        })
        .collect();
    Some(Picture::Frequencies { bars })
}

fn key_text(c: &ColumnProfile, key: &FrequentKey) -> String {
    match key {
        FrequentKey::Text(s) => s.clone(),
        FrequentKey::Int(i) if c.kind == ValueKind::Temporal => render::time_us(*i),
        FrequentKey::Int(i) => i.to_string(),
        FrequentKey::Float(f) => f.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::{Array, Float64Array, StringArray};

    fn numeric(values: impl Iterator<Item = f64>) -> ColumnProfile {
        let array = Float64Array::from_iter_values(values);
        let mut c = ColumnProfile::for_type("x", array.data_type());
        c.update(&array).unwrap();
        c.finish();
        c
    }

    #[test]
    fn histogram_shares_follow_the_data() {
        // uniform 0..1000 against uniform 500..1500: the union range is split in ten bins
        let base = numeric((0..10_000).map(|i| i as f64 / 10.0));
        let cur = numeric((0..10_000).map(|i| 500.0 + i as f64 / 10.0));
        let Some(Picture::Histogram {
            baseline, current, ..
        }) = picture(Some(&base), &cur, false)
        else {
            panic!("expected a histogram");
        };
        let (b, c) = (baseline.unwrap(), current);
        assert!((b.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert!((c.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        // the baseline has nothing in the top bins, production nothing in the bottom ones
        assert!(b[9] < 0.02 && c[0] < 0.02, "{b:?} {c:?}");
        assert!(b[0] > 0.1 && c[9] > 0.1);
    }

    #[test]
    fn categories_get_bars_and_sensitive_columns_nothing() {
        let values: Vec<&str> = (0..100)
            .map(|i| if i < 70 { "web" } else { "store" })
            .collect();
        let array = StringArray::from(values);
        let mut c = ColumnProfile::for_type("channel", array.data_type());
        c.update(&array).unwrap();
        c.finish();
        let Some(Picture::Frequencies { bars }) = picture(None, &c, false) else {
            panic!("expected bars");
        };
        assert_eq!(bars[0].value, "web");
        assert!((bars[0].current - 0.7).abs() < 1e-9);
        assert_eq!(bars[0].baseline, None);
        assert_eq!(picture(None, &c, true), None);
    }
}
