//! Format drift of text columns: the length distribution and the value-shape histogram moved.
//!
//! A shape histogram that moved (`9999-99-99` giving way to `99/99/9999`) is format drift found
//! without any regular expression. Both checks report `distribution_drift` and pair an effect
//! size with a test:
//!
//! - lengths: PSI over the baseline's length-quantile bins at `psi_medium`, and a KS statistic
//!   above its critical value (sketch error included);
//! - shapes: Jensen–Shannon at `js_medium` and a G-test at `alpha`, both on the same cells:
//!   shapes expected fewer than 5 times on a side are pooled with the histogram's own `other`
//!   count, so free text, whose every value has its own shape, compares its tails as one cell.
//!   A histogram whose kept shapes cover under half of its values says little and is skipped.

use std::collections::BTreeSet;

use serde_json::{Map, json};

use super::config::DriftConfig;
use super::divergence::jensen_shannon;
use super::numeric_distance::{ks_and_wasserstein, psi, sketch_error};
use super::signal::{Signal, TestResult, graded, round};
use super::significance::g_test;
use crate::profile::{ColumnProfile, ShapeHistogram};
use crate::report::FindingKind;

/// Compares the length distributions of two text columns.
pub fn check_lengths(
    b: &ColumnProfile,
    c: &ColumnProfile,
    rows: u64,
    cfg: &DriftConfig,
) -> Option<Signal> {
    let (lb, lc) = (b.lengths.as_ref()?, c.lengths.as_ref()?);
    let (n, m) = (lb.quantiles.count(), lc.quantiles.count());
    if n < cfg.min_values || m < cfg.min_values {
        return None;
    }
    let (ks, _) = ks_and_wasserstein(&lb.quantiles, &lc.quantiles)?;
    let error = sketch_error(&lb.quantiles) + sketch_error(&lc.quantiles);
    let ks_test = TestResult::ks(ks, error, n, m, cfg.alpha)?;
    let critical = ks_test.critical_value.unwrap_or_default();
    let (value, _) = psi(&lb.quantiles, &lc.quantiles, cfg.psi_bins, cfg.psi_floor)?;
    let severity = graded(value, cfg.psi_medium, cfg.psi_high)?;
    let (mean_b, mean_c) = (lb.sum as f64 / n as f64, lc.sum as f64 / m as f64);
    let mut extra = Map::new();
    extra.insert("ks".into(), json!(round(ks)));
    extra.insert("baseline_mean_length".into(), json!(round(mean_b)));
    extra.insert("current_mean_length".into(), json!(round(mean_c)));
    extra.insert("baseline_length_range".into(), json!([lb.min, lb.max]));
    extra.insert("current_length_range".into(), json!([lc.min, lc.max]));
    let clause = format!(
        "value lengths moved: PSI {value:.3} (threshold {}), KS {ks:.3} above {critical:.3} at n \
         = {n} / {m}, mean length {mean_b:.1} → {mean_c:.1}",
        cfg.psi_medium
    );
    Some(Signal {
        kind: FindingKind::DistributionDrift,
        severity,
        statistic: "length_psi",
        value,
        threshold: cfg.psi_medium,
        test: ks_test,
        baseline_n: n,
        current_n: m,
        clause,
        extra,
        affected: Some((m, rows)),
    })
}

/// Aligned shape counts with the tail (rare shapes and the histogram's `other`) as the last
/// cell, or `None` when a histogram is empty or mostly `other`.
fn shape_cells(
    b: &ShapeHistogram,
    c: &ShapeHistogram,
) -> Option<(Vec<String>, Vec<f64>, Vec<f64>)> {
    let total = |h: &ShapeHistogram| h.shapes.values().map(|s| s.count).sum::<u64>() + h.other;
    let (tb, tc) = (total(b) as f64, total(c) as f64);
    if tb == 0.0 || tc == 0.0 || (b.other as f64) > tb / 2.0 || (c.other as f64) > tc / 2.0 {
        return None;
    }
    let all = tb + tc;
    let shapes: BTreeSet<&String> = b.shapes.keys().chain(c.shapes.keys()).collect();
    let (mut names, mut bv, mut cv) = (Vec::new(), Vec::new(), Vec::new());
    let (mut tail_b, mut tail_c) = (b.other as f64, c.other as f64);
    for s in shapes {
        let x = b.shapes.get(s).map_or(0, |v| v.count) as f64;
        let y = c.shapes.get(s).map_or(0, |v| v.count) as f64;
        if (x + y) * tb / all < 5.0 || (x + y) * tc / all < 5.0 {
            tail_b += x;
            tail_c += y;
        } else {
            names.push(s.clone());
            bv.push(x);
            cv.push(y);
        }
    }
    names.push("(rare shapes)".into());
    bv.push(tail_b);
    cv.push(tail_c);
    Some((names, bv, cv))
}

/// Compares the value-shape histograms of two text columns.
pub fn check_shapes(
    b: &ColumnProfile,
    c: &ColumnProfile,
    rows: u64,
    cfg: &DriftConfig,
) -> Option<Signal> {
    let (hb, hc) = (b.shapes.as_ref()?, c.shapes.as_ref()?);
    let (names, bv, cv) = shape_cells(hb, hc)?;
    let (n, m) = (bv.iter().sum::<f64>() as u64, cv.iter().sum::<f64>() as u64);
    if n < cfg.min_values || m < cfg.min_values {
        return None;
    }
    let test = g_test(&bv, &cv)?;
    if test.p_value >= cfg.alpha {
        return None;
    }
    let js = jensen_shannon(&bv, &cv);
    let severity = graded(js, cfg.js_medium, cfg.js_high)?;
    let mut moved: Vec<(String, f64, f64)> = names
        .iter()
        .zip(bv.iter().zip(&cv))
        .map(|(s, (x, y))| (s.clone(), x / n as f64, y / m as f64))
        .collect();
    moved.sort_by(|a, b| (b.2 - b.1).abs().total_cmp(&(a.2 - a.1).abs()));
    let top: Vec<serde_json::Value> = moved
        .iter()
        .take(5)
        .map(|(s, p, q)| json!({"shape": s, "baseline_share": round(*p), "current_share": round(*q)}))
        .collect();
    let shown = moved
        .iter()
        .take(2)
        .map(|(s, p, q)| format!("`{s}` {:.1}% → {:.1}%", p * 100.0, q * 100.0))
        .collect::<Vec<_>>()
        .join(", ");
    let mut extra = Map::new();
    extra.insert("js_divergence".into(), json!(round(js)));
    extra.insert("g".into(), json!(round(test.g)));
    extra.insert("df".into(), json!(test.df));
    extra.insert("largest_shape_changes".into(), json!(top));
    let clause = format!(
        "value shapes moved ({shown}): Jensen–Shannon {js:.3} (threshold {}), G-test p = {:.2e} \
         at n = {n} / {m}",
        cfg.js_medium, test.p_value
    );
    Some(Signal {
        kind: FindingKind::DistributionDrift,
        severity,
        statistic: "shape_js",
        value: js,
        threshold: cfg.js_medium,
        test: TestResult {
            name: "g_test",
            statistic: test.g,
            p_value: Some(test.p_value),
            critical_value: None,
            alpha: cfg.alpha,
        },
        baseline_n: n,
        current_n: m,
        clause,
        extra,
        affected: Some((m, rows)),
    })
}
