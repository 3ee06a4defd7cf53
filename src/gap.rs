//! The gap analysis: from the production profile and the baseline's to the gap report.
//!
//! Both `gapscan scan` (which first profiles the data) and `gapscan diff` (which reads two
//! profile files) end here, so they give the same findings for the same profiles. Every
//! analysis is a pure function of the profiles; this module runs them in order and hands the
//! findings to [`Report::build`]:
//!
//! 1. classify sensitive columns against the manifest, then redact both profiles, so that no
//!    later step (and no output) can see a raw value of a sensitive column;
//! 2. quality checks per production table;
//! 3. schema and distribution drift against the baseline, and pilot coverage.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value as Json;

use crate::analysis::drift::{self, DriftConfig};
use crate::analysis::quality::{self, QualityConfig};
use crate::cli::config::ReportConfig;
use crate::detect::{Detectors, Manifest, classify, redact};
use crate::profile::ProfileFile;
use crate::report::{Finding, Report, ReportInput, Sensitive};

/// Thresholds of the analyses: the `--config FILE` JSON, every section and field optional.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AnalysisConfig {
    /// Quality-check thresholds (`src/analysis/quality/config.rs` documents every field).
    pub quality: QualityConfig,
    /// Drift thresholds (`src/analysis/drift/config.rs` documents every field).
    pub drift: DriftConfig,
}

/// A `--config` file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisConfigError {
    /// The file could not be read.
    #[error("cannot read config {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a valid config (unknown section or field, wrong type).
    #[error("config {path}: {message}")]
    Parse {
        /// The file.
        path: String,
        /// serde's message, with line and column.
        message: String,
    },
    /// A threshold is out of range.
    #[error("config {path}: {source}")]
    Invalid {
        /// The file.
        path: String,
        /// Which field and why.
        source: drift::DriftConfigError,
    },
}

impl AnalysisConfig {
    /// Reads and checks a config file.
    pub fn load(path: &Path) -> Result<Self, AnalysisConfigError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| AnalysisConfigError::Read {
            path: name.clone(),
            source,
        })?;
        let config: AnalysisConfig =
            serde_json::from_str(&text).map_err(|e| AnalysisConfigError::Parse {
                path: name.clone(),
                message: e.to_string(),
            })?;
        config
            .drift
            .validate()
            .map_err(|source| AnalysisConfigError::Invalid { path: name, source })?;
        Ok(config)
    }
}

/// The two sides of a gap analysis, and what decides which columns are sensitive.
pub struct GapInput<'a> {
    /// Production.
    pub current: ProfileFile,
    /// The baseline and how the user named it.
    pub baseline: Option<(ProfileFile, String)>,
    /// Built-in and `--detectors` detectors.
    pub detectors: &'a Detectors,
    /// What the organisation declared (`--classifications`), or nothing.
    pub manifest: &'a Manifest,
}

/// Runs every analysis and builds the report.
pub fn analyse(input: GapInput<'_>, config: &ReportConfig) -> Report {
    let GapInput {
        mut current,
        mut baseline,
        detectors,
        manifest,
    } = input;
    let classification = classify(
        &current,
        baseline.as_ref().map(|(b, _)| b),
        manifest,
        detectors,
    );
    redact(&mut current, &classification);
    if let Some((b, _)) = &mut baseline {
        let own = classify(b, None, manifest, detectors);
        redact(b, &own);
    }
    let sensitive: BTreeMap<(String, String), Sensitive> = classification
        .columns
        .iter()
        .filter_map(|c| {
            let s = c.sensitive.as_ref()?;
            Some((
                (c.table.clone(), c.column.clone()),
                Sensitive {
                    entity: s.entity.clone(),
                    category: s.category.clone(),
                    confidence: s.confidence,
                    classified: s.classified,
                },
            ))
        })
        .collect();
    let is_sensitive = |table: &str, column: &str| {
        sensitive.contains_key(&(table.to_string(), column.to_string()))
    };
    let mut quality_config = config.analysis.quality.clone();
    quality_config.sensitive_columns = sensitive.keys().map(|(t, c)| format!("{t}.{c}")).collect();

    let mut findings: Vec<Finding> = classification.findings;
    let current = &current;
    for table in &current.tables {
        let baseline_name = config
            .table_map
            .get(&table.name)
            .map_or(table.name.as_str(), String::as_str);
        let baseline = baseline
            .as_ref()
            .and_then(|(b, _)| b.tables.iter().find(|t| t.name == baseline_name));
        findings.extend(quality::check_table(table, baseline, &quality_config));
    }

    let mut coverage = (BTreeMap::new(), None);
    let mut conventions = BTreeMap::new();
    if let Some((baseline, _)) = &baseline {
        let mut drift_config = config.analysis.drift.clone();
        for (current, base) in &config.table_map {
            drift_config.table_map.insert(base.clone(), current.clone());
        }
        let comparison = drift::compare_with(baseline, current, &drift_config, &is_sensitive);
        findings.extend(comparison.findings);
        coverage = (
            comparison
                .coverage
                .iter()
                .map(|c| (c.table.clone(), c.estimate))
                .collect(),
            comparison.overall_coverage,
        );
        conventions = drift::conventions(&drift_config)
            .into_iter()
            .map(|(k, v)| {
                let text = match v {
                    Json::String(s) => s,
                    other => other.to_string(),
                };
                (k, text)
            })
            .collect();
    }

    Report::build(ReportInput {
        current,
        baseline: baseline.as_ref().map(|(b, s)| (b, s.clone())),
        table_map: config.table_map.clone(),
        findings,
        sensitive,
        coverage,
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
