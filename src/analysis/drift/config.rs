//! Thresholds of the drift comparison, loadable from the `"drift"` section of a `--config` file.
//!
//! Every field has a documented default (the conventions of `shared/DESIGN.md`); a config file
//! names only what it changes, and an unknown field is an error rather than a silently ignored
//! typo. Two kinds of threshold work together on every drift check: an *effect size* (how far
//! apart the distributions are: PSI, Jensen–Shannon, a share of rows) and a *significance level*
//! for a test that knows both sample sizes, so a 400-row pilot does not turn noise into findings
//! and a 5-million-row production table does not turn a negligible shift into one.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Thresholds and options of [`compare`](super::compare).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DriftConfig {
    /// Significance level of every sample-size-aware test (KS, G-test, two-proportion z, the
    /// range and absence tests). Default `0.001`: a report runs hundreds of tests, so a
    /// conventional 0.05 would flag a few unchanged columns by chance in every run.
    pub alpha: f64,
    /// Number of baseline-quantile bins for PSI. Default `10`.
    pub psi_bins: usize,
    /// Share given to an empty PSI bin so the logarithm stays finite. Default `1e-4`.
    pub psi_floor: f64,
    /// PSI at or above which a numeric distribution has drifted (medium). Default `0.1`.
    pub psi_medium: f64,
    /// PSI at or above which the drift is high. Default `0.25`.
    pub psi_high: f64,
    /// Wasserstein distance, in baseline standard deviations, at or above which a numeric
    /// distribution has drifted (medium) even when PSI stays low (a shift inside the tails).
    /// Default `0.25`.
    pub wasserstein_medium: f64,
    /// Normalised Wasserstein distance at or above which the drift is high. Default `1.0`.
    pub wasserstein_high: f64,
    /// Jensen–Shannon divergence (log base 2, 0..1) at or above which a categorical distribution
    /// (or a text column's shape or length mix) has drifted (medium). Default `0.1`.
    pub js_medium: f64,
    /// Jensen–Shannon divergence at or above which the drift is high. Default `0.25`.
    pub js_high: f64,
    /// Largest change of one category's frequency (L-infinity) that is reported as low drift when
    /// Jensen–Shannon stays under `js_medium`. Default `0.1`.
    pub linf_low: f64,
    /// Most distinct baseline values for a text or boolean column to be compared as categories.
    /// Default `100`. Above it, only lengths and shapes are compared.
    pub categorical_max_distinct: u64,
    /// Share of production rows in categories the baseline never had, at or above which
    /// `new_categories` is reported (medium). Default `0.01`.
    pub new_categories_medium: f64,
    /// Share of production rows in new categories at or above which it is high. Default `0.1`.
    pub new_categories_high: f64,
    /// Share of production values outside the baseline's range at or above which
    /// `range_coverage` is reported (medium). Default `0.01`.
    pub range_medium: f64,
    /// Share outside the baseline's range at or above which it is high. Default `0.25`.
    pub range_high: f64,
    /// Cohen's h between the null rates at or above which `null_rate_change` is reported
    /// (medium). Default `0.2` (Cohen's "small"; 1% → 5% nulls is h ≈ 0.24).
    pub null_rate_medium_h: f64,
    /// Cohen's h at or above which the null-rate change is high. Default `0.5` (Cohen's
    /// "medium"; 1% → 25% nulls is h ≈ 0.85).
    pub null_rate_high_h: f64,
    /// Factor between the distinct counts (compared at the same sample size) at or above which
    /// `cardinality_change` is reported (medium). Default `2.0`.
    pub cardinality_factor: f64,
    /// Factor at or above which the cardinality change is high. Default `10.0`.
    pub cardinality_high_factor: f64,
    /// Fewest non-null values on each side for a distribution to be compared. Default `20`.
    pub min_values: u64,
    /// Smallest combined similarity (0..1) for a removed and an added column to be reported as a
    /// rename. Default `0.6`.
    pub rename_min_confidence: f64,
    /// Smallest profile similarity (0..1) for a rename, whatever the names say: a rename is
    /// never inferred from names alone. Default `0.7`.
    pub rename_min_profile_similarity: f64,
    /// Distinct ratio (distinct / non-null values) at or above which a text column of codes is an
    /// identifier on either side, whatever its name. Default `0.9`.
    pub identifier_distinct_ratio: f64,
    /// Distinct ratio, at the smaller side's sample size and on both sides, at or above which a
    /// column with a key-like name (`id`, `*_id`, `*_key`, `uuid`) is an identifier. Default
    /// `0.2` (a foreign key repeats each value a few times; 10 stores in 1,500 orders do not).
    pub identifier_key_ratio: f64,
    /// Share of baseline values that must look masked or pseudonymised for the column to be
    /// treated as sensitive without detector hits. Default `0.5`.
    pub masked_share: f64,
    /// Mean value length (characters) from which multi-word text is free text. Default `24`.
    pub free_text_min_length: f64,
    /// Baseline table name → current table name, for tables renamed between the exports.
    /// Unmapped tables are matched by equal names. Default empty.
    pub table_map: BTreeMap<String, String>,
}

impl Default for DriftConfig {
    fn default() -> Self {
        Self {
            alpha: 0.001,
            psi_bins: 10,
            psi_floor: 1e-4,
            psi_medium: 0.1,
            psi_high: 0.25,
            wasserstein_medium: 0.25,
            wasserstein_high: 1.0,
            js_medium: 0.1,
            js_high: 0.25,
            linf_low: 0.1,
            categorical_max_distinct: 100,
            new_categories_medium: 0.01,
            new_categories_high: 0.1,
            range_medium: 0.01,
            range_high: 0.25,
            null_rate_medium_h: 0.2,
            null_rate_high_h: 0.5,
            cardinality_factor: 2.0,
            cardinality_high_factor: 10.0,
            min_values: 20,
            rename_min_confidence: 0.6,
            rename_min_profile_similarity: 0.7,
            identifier_distinct_ratio: 0.9,
            identifier_key_ratio: 0.2,
            masked_share: 0.5,
            free_text_min_length: 24.0,
            table_map: BTreeMap::new(),
        }
    }
}

/// A drift configuration that cannot be used.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DriftConfigError {
    /// A field is outside its valid range.
    #[error("drift.{field}: {reason}")]
    Invalid {
        /// The field, as written in the config file.
        field: &'static str,
        /// What is wrong with its value.
        reason: String,
    },
}

impl DriftConfig {
    /// Checks that every threshold is in its valid range; call after loading a config file.
    pub fn validate(&self) -> Result<(), DriftConfigError> {
        let bad = |field: &'static str, reason: &str| {
            Err(DriftConfigError::Invalid {
                field,
                reason: reason.to_string(),
            })
        };
        if !(self.alpha > 0.0 && self.alpha < 0.5) {
            return bad("alpha", "must be between 0 and 0.5 (exclusive)");
        }
        if !(2..=1000).contains(&self.psi_bins) {
            return bad("psi_bins", "must be between 2 and 1000");
        }
        if !(self.psi_floor > 0.0 && self.psi_floor < 0.1) {
            return bad("psi_floor", "must be between 0 and 0.1 (exclusive)");
        }
        let pairs: [(&'static str, f64, &'static str, f64); 7] = [
            ("psi_medium", self.psi_medium, "psi_high", self.psi_high),
            (
                "wasserstein_medium",
                self.wasserstein_medium,
                "wasserstein_high",
                self.wasserstein_high,
            ),
            ("js_medium", self.js_medium, "js_high", self.js_high),
            (
                "new_categories_medium",
                self.new_categories_medium,
                "new_categories_high",
                self.new_categories_high,
            ),
            (
                "range_medium",
                self.range_medium,
                "range_high",
                self.range_high,
            ),
            (
                "null_rate_medium_h",
                self.null_rate_medium_h,
                "null_rate_high_h",
                self.null_rate_high_h,
            ),
            (
                "cardinality_factor",
                self.cardinality_factor,
                "cardinality_high_factor",
                self.cardinality_high_factor,
            ),
        ];
        for (lo_name, lo, hi_name, hi) in pairs {
            if !(lo.is_finite() && lo > 0.0) {
                return bad(lo_name, "must be a positive number");
            }
            if !(hi.is_finite() && hi >= lo) {
                return Err(DriftConfigError::Invalid {
                    field: hi_name,
                    reason: format!("must be a number at least {lo_name} ({lo})"),
                });
            }
        }
        if self.cardinality_factor <= 1.0 {
            return bad("cardinality_factor", "must be greater than 1");
        }
        for (name, v) in [
            ("js_high", self.js_high),
            ("new_categories_high", self.new_categories_high),
            ("range_high", self.range_high),
            ("linf_low", self.linf_low),
            ("rename_min_confidence", self.rename_min_confidence),
            (
                "rename_min_profile_similarity",
                self.rename_min_profile_similarity,
            ),
            ("identifier_distinct_ratio", self.identifier_distinct_ratio),
            ("identifier_key_ratio", self.identifier_key_ratio),
            ("masked_share", self.masked_share),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return bad(name, "must be between 0 and 1");
            }
        }
        if !(self.free_text_min_length.is_finite() && self.free_text_min_length >= 0.0) {
            return bad("free_text_min_length", "must be a non-negative number");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_section_gives_the_documented_defaults() {
        let c: DriftConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(c, DriftConfig::default());
        assert_eq!(c.psi_bins, 10);
        assert_eq!(c.psi_floor, 1e-4);
        assert_eq!((c.psi_medium, c.psi_high), (0.1, 0.25));
        assert_eq!(c.js_medium, 0.1);
        assert!(c.validate().is_ok());
    }

    #[test]
    fn a_typo_is_an_error_not_a_default() {
        let e = serde_json::from_str::<DriftConfig>(r#"{"psi_meduim": 0.2}"#).unwrap_err();
        assert!(e.to_string().contains("psi_meduim"), "{e}");
    }

    #[test]
    fn partial_sections_keep_the_other_defaults() {
        let c: DriftConfig =
            serde_json::from_str(r#"{"alpha": 0.01, "table_map": {"cust": "customers"}}"#).unwrap();
        assert_eq!(c.alpha, 0.01);
        assert_eq!(c.table_map["cust"], "customers");
        assert_eq!(c.psi_bins, 10);
    }

    #[test]
    fn out_of_range_thresholds_name_the_field() {
        let c = DriftConfig {
            psi_high: 0.05,
            ..DriftConfig::default()
        };
        let e = c.validate().unwrap_err();
        assert!(e.to_string().starts_with("drift.psi_high"), "{e}");
        let c = DriftConfig {
            alpha: 0.0,
            ..DriftConfig::default()
        };
        assert!(c.validate().unwrap_err().to_string().contains("alpha"));
    }
}
