//! The readiness score: 0–100 per table and overall, with a letter grade.
//!
//! Each finding deducts points: a base per severity (critical 30, high 15, medium 6, low 2,
//! info 0) scaled by the share of the table's rows it touches, `base × (0.5 + 0.5 × share)`
//! (a finding whose share is unknown, such as a removed column, counts as touching every row).
//! Deductions compound, so a table's score is `100 × Π (1 − points / 100)`: the first gaps cost
//! the most and many small ones never drive a table below zero. The overall score is the mean
//! of the tables' scores (each table is a source the project needs). Grades: A ≥ 90, B ≥ 75,
//! C ≥ 60, D ≥ 40, F below.

use super::finding::{Finding, Severity};

/// Points a finding of this severity deducts when it touches every row.
pub fn base_points(severity: Severity) -> f64 {
    match severity {
        Severity::Critical => 30.0,
        Severity::High => 15.0,
        Severity::Medium => 6.0,
        Severity::Low => 2.0,
        Severity::Info => 0.0,
    }
}

/// Points `finding` deducts from its table's score.
pub fn points(finding: &Finding) -> f64 {
    let share = finding.affected_share.unwrap_or(1.0).clamp(0.0, 1.0);
    base_points(finding.severity) * (0.5 + 0.5 * share)
}

/// The score of a table with these findings, 0–100.
pub fn table_score<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> f64 {
    100.0
        * findings
            .into_iter()
            .map(|f| 1.0 - points(f) / 100.0)
            .product::<f64>()
}

/// The overall score: the mean of the tables' scores (100 with no tables).
pub fn overall_score(table_scores: &[f64]) -> f64 {
    if table_scores.is_empty() {
        return 100.0;
    }
    table_scores.iter().sum::<f64>() / table_scores.len() as f64
}

/// The letter grade of a score.
pub fn grade(score: f64) -> &'static str {
    match score {
        s if s >= 90.0 => "A",
        s if s >= 75.0 => "B",
        s if s >= 60.0 => "C",
        s if s >= 40.0 => "D",
        _ => "F",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::finding::FindingKind;

    fn f(severity: Severity, share: Option<f64>) -> Finding {
        let mut f = Finding::new(FindingKind::MostlyNull, severity, "t", Some("c"), "");
        f.affected_share = share;
        f
    }

    #[test]
    fn deductions_compound() {
        assert_eq!(table_score([]), 100.0);
        // one high finding on every row: 85
        assert!((table_score([&f(Severity::High, Some(1.0))]) - 85.0).abs() < 1e-9);
        // one high on half the rows: 15 × 0.75 = 11.25 points
        assert!((table_score([&f(Severity::High, Some(0.5))]) - 88.75).abs() < 1e-9);
        // two critical with unknown share: 100 × 0.7 × 0.7
        let two = [f(Severity::Critical, None), f(Severity::Critical, None)];
        assert!((table_score(&two) - 49.0).abs() < 1e-9);
        // info never deducts
        assert_eq!(table_score([&f(Severity::Info, Some(1.0))]), 100.0);
    }

    #[test]
    fn grades_and_overall() {
        assert_eq!(grade(100.0), "A");
        assert_eq!(grade(89.9), "B");
        assert_eq!(grade(60.0), "C");
        assert_eq!(grade(39.9), "F");
        assert_eq!(overall_score(&[100.0, 50.0]), 75.0);
        assert_eq!(overall_score(&[]), 100.0);
    }
}
