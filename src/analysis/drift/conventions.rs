//! The statistics conventions a report states in its `conventions` object, written from the
//! configuration actually used so the text never disagrees with the thresholds applied.

use serde_json::{Map, Value as Json};

use super::config::DriftConfig;
use super::role;

/// The `conventions` entries for drift: statistic name → how it is computed and thresholded.
pub fn conventions(cfg: &DriftConfig) -> Map<String, Json> {
    let entries = [
        (
            "psi",
            format!(
                "Population stability index over {} baseline-quantile bins (edges at the \
                 baseline's quantiles i/{}, equal edges merged, bins closed on the right), each \
                 side's share read from its own quantile sketch; shares below {} floored to {}; \
                 sum of (current − baseline)·ln(current / baseline). Drift at {} (medium) and {} \
                 (high).",
                cfg.psi_bins,
                cfg.psi_bins,
                cfg.psi_floor,
                cfg.psi_floor,
                cfg.psi_medium,
                cfg.psi_high
            ),
        ),
        (
            "ks",
            format!(
                "Two-sample Kolmogorov–Smirnov statistic max|F_baseline − F_current| from the two \
                 KLL quantile sketches (CDFs evaluated at both sketches' quantiles at 2049 ranks). \
                 Significant when above c(α)·sqrt((n+m)/(n·m)) + both sketches' rank errors, \
                 c(α) = sqrt(−ln(α/2)/2), α = {}.",
                cfg.alpha
            ),
        ),
        (
            "wasserstein",
            format!(
                "Wasserstein-1 distance ∫|F_baseline − F_current| dx from the quantile sketches, \
                 divided by the baseline's sample standard deviation. Drift at {} (medium) and {} \
                 (high) standard deviations when PSI stays under its threshold.",
                cfg.wasserstein_medium, cfg.wasserstein_high
            ),
        ),
        (
            "js",
            format!(
                "Jensen–Shannon divergence in log base 2 (0…1) over the baseline's categories \
                 (shares renormalised over them; mass in new categories is new_categories), and \
                 over value shapes for text. Drift at {} (medium) and {} (high), with a G-test \
                 at α = {}.",
                cfg.js_medium, cfg.js_high, cfg.alpha
            ),
        ),
        (
            "linf",
            format!(
                "L-infinity over category frequencies, max|p_i − q_i|; reported as low drift at \
                 {} when Jensen–Shannon stays under its threshold.",
                cfg.linf_low
            ),
        ),
        (
            "categorical",
            format!(
                "Text and boolean columns whose baseline holds at most {} distinct values, all \
                 counted exactly, are compared as categories; others by value lengths and shapes.",
                cfg.categorical_max_distinct
            ),
        ),
        (
            "new_categories",
            format!(
                "Share of production values in categories the baseline never had; reported at \
                 {} (medium) and {} (high) when the excess over the Good–Turing unseen share \
                 (baseline singletons / baseline values) is one a baseline of n values would \
                 have missed with probability (1 − excess)^n < α.",
                cfg.new_categories_medium, cfg.new_categories_high
            ),
        ),
        (
            "range_coverage",
            format!(
                "Share of production values outside the baseline's exact min…max, from the \
                 production quantile sketch's CDF; reported at {} (medium) and {} (high) when its \
                 p-value under no drift, P(Beta(2, n−1) ≥ share) = (1−s)^n + n·s·(1−s)^(n−1), is \
                 under α.",
                cfg.range_medium, cfg.range_high
            ),
        ),
        (
            "null_rate",
            format!(
                "Cohen's h between the null rates, reported at {} (medium) and {} (high) when a \
                 two-proportion z-test (pooled) rejects at α; a falling rate one severity lower.",
                cfg.null_rate_medium_h, cfg.null_rate_high_h
            ),
        ),
        (
            "cardinality",
            format!(
                "Distinct counts compared at equal sample size (the larger side rarefied: \
                 Σ 1 − (1 − n/N)^N_v over its value counts); reported at a factor of {} (medium) \
                 and {} (high) when the difference exceeds 3·sqrt(larger) plus the HLL error.",
                cfg.cardinality_factor, cfg.cardinality_high_factor
            ),
        ),
        (
            "rename",
            format!(
                "A removed and an added column pair as a rename at confidence ≥ {} = \
                 0.6·profile + 0.25·name + 0.15·position similarity, with profile similarity ≥ {} \
                 on its own (never from names alone).",
                cfg.rename_min_confidence, cfg.rename_min_profile_similarity
            ),
        ),
        (
            "exclusions",
            format!(
                "Not compared by value (no distribution_drift, range_coverage, new_categories or \
                 cardinality_change) and left out of pilot coverage: hive partition keys (new \
                 partitions are growth); sensitive columns (detector hits, the sensitive-field \
                 analysis, or a baseline whose values are at least {} masked or placeholders: \
                 runs of `*`, `XXXX`, `[redacted]`, example.com addresses, 555-01xx phones; free \
                 text at least {} redacted), whose masked-pilot versus real-production gap the \
                 sensitive-field analysis reports; identifiers (text codes with a distinct ratio \
                 ≥ {} on either side, or a key-like name `id`, `*_id`, `*_key`, `uuid` with a \
                 distinct ratio ≥ {} at the smaller side's sample size on both sides), since ids \
                 grow; free text (mean length ≥ {} characters, mostly three words or more), \
                 compared by value lengths only. Schema drift and null-rate changes apply to \
                 every column.",
                cfg.masked_share,
                role::REDACTED_TEXT_SHARE,
                cfg.identifier_distinct_ratio,
                cfg.identifier_key_ratio,
                cfg.free_text_min_length
            ),
        ),
        (
            "coverage",
            "Pilot coverage: share of production rows whose values all fall inside what the \
             baseline covered (numeric and temporal ranges, categories, parseable types, nulls \
             where the baseline had none), over the columns compared by value (see \
             exclusions). Per table, the independence estimate Π(1 − u_j) over \
             columns' uncovered shares u_j, with the Fréchet bounds max(0, 1 − Σu_j) and \
             1 − max u_j; overall, tables weighted by production rows, tables missing from the \
             baseline uncovered."
                .to_string(),
        ),
        (
            "tests",
            format!(
                "Every drift finding needs an effect size at its threshold and a sample-size-aware \
                 test at α = {}: KS (numeric, lengths), G-test (categories, shapes), \
                 two-proportion z (null rates), Beta range law (range coverage), binomial \
                 absence (new categories, nullability); at least {} non-null values a side.",
                cfg.alpha, cfg.min_values
            ),
        ),
    ];
    entries
        .into_iter()
        .map(|(k, v)| (k.to_string(), Json::String(v)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_statistic_is_stated_with_the_thresholds_in_use() {
        let cfg = DriftConfig {
            psi_medium: 0.15,
            ..DriftConfig::default()
        };
        let c = conventions(&cfg);
        for key in [
            "psi",
            "js",
            "ks",
            "wasserstein",
            "linf",
            "coverage",
            "exclusions",
            "tests",
        ] {
            assert!(c.contains_key(key), "{key}");
        }
        let psi = c["psi"].as_str().unwrap();
        assert!(
            psi.contains("0.15") && psi.contains("10 baseline-quantile bins"),
            "{psi}"
        );
        assert!(c["js"].as_str().unwrap().contains("log base 2"));
        let exclusions = c["exclusions"].as_str().unwrap();
        for needle in [
            "partition",
            "sensitive",
            "identifier",
            "free text",
            "0.9",
            "0.2",
        ] {
            assert!(exclusions.contains(needle), "{needle}: {exclusions}");
        }
        assert!(
            c["coverage"]
                .as_str()
                .unwrap()
                .contains("independence estimate")
        );
    }
}
