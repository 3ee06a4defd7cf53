//! A drift signal: one statistic that crossed its effect-size threshold *and* passed its
//! sample-size-aware test, with everything the report needs to show why.
//!
//! Checks return signals; [`into_findings`] turns the signals of one column into findings, one
//! per kind (so finding ids stay unique): several signals of one kind (say, a PSI on the values
//! and a Jensen–Shannon on the value shapes) become one finding whose evidence lists them all and
//! whose severity is the highest.

use serde_json::{Map, Value as Json, json};

use crate::report::{Finding, FindingKind, Severity};

/// The sample-size-aware test behind a signal.
#[derive(Clone, Debug, PartialEq)]
pub struct TestResult {
    /// Test name as written in the conventions (`ks_two_sample`, `g_test`, …).
    pub name: &'static str,
    /// The test's own statistic (D, G, z, or the share tested).
    pub statistic: f64,
    /// Its p-value, when the test gives one.
    pub p_value: Option<f64>,
    /// The critical value the statistic had to exceed, when the test is read that way.
    pub critical_value: Option<f64>,
    /// The significance level.
    pub alpha: f64,
}

impl TestResult {
    /// The two-sample KS test of statistic `d` at sample sizes `n` and `m`, when it rejects:
    /// the sketches' combined rank error `sketch_error` is added to the critical value and taken
    /// off the statistic for the p-value, so sketch noise alone never counts as drift.
    pub fn ks(d: f64, sketch_error: f64, n: u64, m: u64, alpha: f64) -> Option<TestResult> {
        let critical = super::significance::ks_critical(alpha, n, m) + sketch_error;
        (d > critical).then(|| TestResult {
            name: "ks_two_sample",
            statistic: d,
            p_value: Some(super::significance::ks_p_value(
                (d - sketch_error).max(0.0),
                n,
                m,
            )),
            critical_value: Some(critical),
            alpha,
        })
    }
}

/// One statistic that says a column drifted.
#[derive(Clone, Debug, PartialEq)]
pub struct Signal {
    /// The finding kind it supports.
    pub kind: FindingKind,
    /// How much it matters.
    pub severity: Severity,
    /// The effect-size statistic (`psi`, `js_divergence`, `share_outside_range`, …).
    pub statistic: &'static str,
    /// Its value.
    pub value: f64,
    /// The effect-size threshold it reached.
    pub threshold: f64,
    /// The test it passed.
    pub test: TestResult,
    /// Values compared on the baseline side.
    pub baseline_n: u64,
    /// Values compared on the current side.
    pub current_n: u64,
    /// One clause for the finding's message.
    pub clause: String,
    /// Further numbers (other statistics, counts, masked examples).
    pub extra: Map<String, Json>,
    /// Rows the drift touches out of the current table's rows, when countable.
    pub affected: Option<(u64, u64)>,
}

impl Signal {
    /// The signal as evidence: statistic, value, threshold, test and both sample sizes, then
    /// the extra numbers.
    pub fn evidence(&self) -> Map<String, Json> {
        let mut m = Map::new();
        m.insert("statistic".into(), json!(self.statistic));
        m.insert("value".into(), json!(round(self.value)));
        m.insert("threshold".into(), json!(self.threshold));
        m.insert("test".into(), json!(self.test.name));
        m.insert("test_statistic".into(), json!(round(self.test.statistic)));
        if let Some(p) = self.test.p_value {
            m.insert("p_value".into(), json!(p));
        }
        if let Some(c) = self.test.critical_value {
            m.insert("critical_value".into(), json!(round(c)));
        }
        m.insert("alpha".into(), json!(self.test.alpha));
        m.insert("baseline_n".into(), json!(self.baseline_n));
        m.insert("current_n".into(), json!(self.current_n));
        for (k, v) in &self.extra {
            m.insert(k.clone(), v.clone());
        }
        m
    }
}

/// Rounds a statistic to 6 significant decimals for stable, readable evidence.
pub fn round(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return if x.is_finite() { 0.0 } else { x };
    }
    let digits = 6 - (x.abs().log10().floor() as i32 + 1).clamp(-12, 6);
    let f = 10f64.powi(digits.max(0));
    (x * f).round() / f
}

/// Severity from an effect size against a medium and a high threshold (`None` below medium).
pub fn graded(value: f64, medium: f64, high: f64) -> Option<Severity> {
    if value >= high {
        Some(Severity::High)
    } else if value >= medium {
        Some(Severity::Medium)
    } else {
        None
    }
}

fn what(kind: FindingKind) -> (&'static str, &'static str) {
    match kind {
        FindingKind::DistributionDrift => (
            "distribution moved away from the baseline",
            "Re-validate the pilot's model, rules and thresholds on production's distribution, and \
             refresh the pilot sample so it reflects production.",
        ),
        FindingKind::NewCategories => (
            "production holds categories the baseline never had",
            "Map the new categories (or add them to the pilot) and make downstream code handle \
             unseen values explicitly.",
        ),
        FindingKind::RangeCoverage => (
            "production values fall outside the baseline's range",
            "Extend the pilot to cover production's range, or bound and test behaviour outside it.",
        ),
        FindingKind::NullRateChange => (
            "the share of nulls moved",
            "Find out why values went missing (or appeared) upstream and handle nulls explicitly \
             downstream.",
        ),
        FindingKind::CardinalityChange => (
            "the number of distinct values moved",
            "Check the column's meaning, joins and encodings: the pilot saw a different number of \
             distinct values than production holds.",
        ),
        _ => (
            "drifted",
            "Compare the column with the baseline and update the pilot.",
        ),
    }
}

/// Turns the signals of one column into findings, one per kind, in kind order.
pub fn into_findings(table: &str, column: &str, mut signals: Vec<Signal>) -> Vec<Finding> {
    signals.sort_by(|a, b| a.kind.cmp(&b.kind).then(b.severity.cmp(&a.severity)));
    let mut out = Vec::new();
    let mut i = 0;
    while i < signals.len() {
        let kind = signals[i].kind;
        let group: Vec<&Signal> = signals[i..].iter().take_while(|s| s.kind == kind).collect();
        i += group.len();
        let primary = group[0];
        let (headline, remediation) = what(kind);
        let clauses: Vec<&str> = group.iter().map(|s| s.clause.as_str()).collect();
        let message = format!("{table}.{column}: {headline}: {}.", clauses.join("; "));
        let mut f = Finding::new(kind, primary.severity, table, Some(column), message)
            .with_remediation(remediation);
        for (k, v) in primary.evidence() {
            f = f.with_evidence(&k, v);
        }
        if group.len() > 1 {
            let all: Vec<Json> = group.iter().map(|s| Json::Object(s.evidence())).collect();
            f = f.with_evidence("signals", all);
        }
        if let Some((affected, rows)) = group.iter().find_map(|s| s.affected) {
            f = f.with_affected(affected, rows);
        }
        out.push(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signal(kind: FindingKind, severity: Severity, statistic: &'static str) -> Signal {
        Signal {
            kind,
            severity,
            statistic,
            value: 0.3,
            threshold: 0.1,
            test: TestResult {
                name: "ks_two_sample",
                statistic: 0.2,
                p_value: Some(1e-9),
                critical_value: Some(0.05),
                alpha: 0.001,
            },
            baseline_n: 100,
            current_n: 1000,
            clause: format!("{statistic} 0.3"),
            extra: Map::new(),
            affected: None,
        }
    }

    #[test]
    fn one_finding_per_kind_with_the_highest_severity_first() {
        let f = into_findings(
            "t",
            "c",
            vec![
                signal(FindingKind::DistributionDrift, Severity::Medium, "shape_js"),
                signal(FindingKind::NullRateChange, Severity::Medium, "cohens_h"),
                signal(FindingKind::DistributionDrift, Severity::High, "psi"),
            ],
        );
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].id, "t.c.distribution_drift");
        assert_eq!(f[0].severity, Severity::High);
        assert_eq!(f[0].evidence["statistic"], "psi");
        assert_eq!(f[0].evidence["signals"].as_array().unwrap().len(), 2);
        for key in [
            "value",
            "threshold",
            "baseline_n",
            "current_n",
            "test",
            "alpha",
        ] {
            assert!(f[0].evidence.contains_key(key), "{key}");
        }
        assert_eq!(f[1].kind, FindingKind::NullRateChange);
    }

    #[test]
    fn rounding_keeps_six_significant_digits() {
        assert_eq!(round(0.123_456_789), 0.123_457);
        assert_eq!(round(12_345.678_9), 12_345.7);
        assert_eq!(round(0.0), 0.0);
    }
}
