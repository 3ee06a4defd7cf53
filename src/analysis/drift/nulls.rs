//! `null_rate_change`: the share of nulls moved.
//!
//! A two-proportion z-test (pooled variance) must reject at `alpha`, and the effect, Cohen's h
//! between the two null rates, must reach `null_rate_medium_h` (high at `null_rate_high_h`). A
//! falling null rate is reported one severity lower than a rising one: values appearing is
//! drift, values going missing is a gap.

use serde_json::{Map, json};

use super::config::DriftConfig;
use super::signal::{Signal, TestResult, graded, round};
use super::significance::{cohens_h, two_proportion_z};
use crate::profile::ColumnProfile;
use crate::report::FindingKind;

/// Compares the null rates of a baseline and a current column.
pub fn check_nulls(b: &ColumnProfile, c: &ColumnProfile, cfg: &DriftConfig) -> Option<Signal> {
    if b.rows < cfg.min_values || c.rows < cfg.min_values {
        return None;
    }
    let (p1, p2) = (
        b.nulls as f64 / b.rows as f64,
        c.nulls as f64 / c.rows as f64,
    );
    let h = cohens_h(p1, p2);
    let (z, p) = two_proportion_z(b.nulls, b.rows, c.nulls, c.rows)?;
    if p >= cfg.alpha {
        return None;
    }
    let mut severity = graded(h.abs(), cfg.null_rate_medium_h, cfg.null_rate_high_h)?;
    let rose = p2 > p1;
    if !rose {
        severity = severity.lower();
    }
    let mut extra = Map::new();
    extra.insert("baseline_null_rate".into(), json!(round(p1)));
    extra.insert("current_null_rate".into(), json!(round(p2)));
    extra.insert("baseline_nulls".into(), json!(b.nulls));
    extra.insert("current_nulls".into(), json!(c.nulls));
    let clause = format!(
        "null rate {} from {:.1}% to {:.1}% (Cohen's h {:.2}, threshold {}; z = {z:.1}, p = \
         {p:.2e} at n = {} / {})",
        if rose { "rose" } else { "fell" },
        p1 * 100.0,
        p2 * 100.0,
        h.abs(),
        cfg.null_rate_medium_h,
        b.rows,
        c.rows
    );
    Some(Signal {
        kind: FindingKind::NullRateChange,
        severity,
        statistic: "cohens_h",
        value: h.abs(),
        threshold: cfg.null_rate_medium_h,
        test: TestResult {
            name: "two_proportion_z",
            statistic: z,
            p_value: Some(p),
            critical_value: None,
            alpha: cfg.alpha,
        },
        baseline_n: b.rows,
        current_n: c.rows,
        clause,
        extra,
        affected: rose.then_some((c.nulls, c.rows)),
    })
}
