//! The effort model: engineer-days and cost to close each finding.
//!
//! A cost model gives, per finding kind, a base number of engineer-days, optionally scaled by
//! the rows the finding touches (cleaning 5 million bad rows is more work than 5 thousand: the
//! base plus `row_scale.days` per `row_scale.per_rows` affected rows, at most
//! `row_scale.max_days` extra), times a factor for the finding's severity (an `info` finding
//! costs nothing). Days times the day rate is the cost. The default model ships in the binary
//! (`src/report/cost_model.json`, documented in `src/report/format.md`); `--cost-model FILE`
//! overrides any part of it, and the report names the model it used.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::finding::{Finding, FindingKind, Severity};

/// The default model, compiled in.
const DEFAULT_MODEL: &str = include_str!("cost_model.json");

/// Engineer-days for one finding kind.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindCost {
    /// Base engineer-days for one finding of this kind.
    pub days: f64,
    /// Whether the row scaling applies to this kind.
    #[serde(default)]
    pub scale_by_rows: bool,
}

/// Extra days for findings that touch many rows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowScale {
    /// Rows per step.
    pub per_rows: f64,
    /// Extra days per step.
    pub days: f64,
    /// Cap on the extra days of one finding.
    pub max_days: f64,
}

/// A complete cost model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostModel {
    /// The model's name, as the report states it.
    pub name: String,
    /// Currency of `day_rate` (ISO 4217 code).
    pub currency: String,
    /// Cost of one engineer-day.
    pub day_rate: f64,
    /// Multiplier per severity.
    pub severity_factor: BTreeMap<Severity, f64>,
    /// Scaling by affected rows.
    pub row_scale: RowScale,
    /// Base cost per finding kind.
    pub kinds: BTreeMap<FindingKind, KindCost>,
}

/// A partial model from `--cost-model FILE`: every field optional, merged over the default.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct CostModelOverride {
    name: Option<String>,
    currency: Option<String>,
    day_rate: Option<f64>,
    #[serde(default)]
    severity_factor: BTreeMap<Severity, f64>,
    row_scale: Option<RowScale>,
    #[serde(default)]
    kinds: BTreeMap<FindingKind, KindCost>,
}

/// A cost model file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum CostModelError {
    /// The file could not be read.
    #[error("cannot read cost model {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not valid JSON for a cost model (unknown kind or field, wrong type).
    #[error("cost model {path}: {message}")]
    Parse {
        /// The file.
        path: String,
        /// serde's message, with line and column.
        message: String,
    },
    /// A number in the model is negative or not finite.
    #[error("cost model {path}: `{field}` must be a finite number ≥ 0 (got {value})")]
    Invalid {
        /// The file.
        path: String,
        /// The field, as a path (`kinds.duplicate_keys.days`).
        field: String,
        /// The value found.
        value: f64,
    },
}

impl Default for CostModel {
    fn default() -> Self {
        // The compiled-in model is checked by a unit test; a broken one is a build defect.
        #[allow(clippy::expect_used, reason = "the compiled-in model is tested")]
        serde_json::from_str(DEFAULT_MODEL).expect("the default cost model parses")
    }
}

impl CostModel {
    /// The default model with the overrides of the file at `path` applied.
    pub fn load(path: &Path) -> Result<Self, CostModelError> {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| CostModelError::Read {
            path: name.clone(),
            source,
        })?;
        Self::from_override(&name, &text)
    }

    fn from_override(path: &str, text: &str) -> Result<Self, CostModelError> {
        let o: CostModelOverride =
            serde_json::from_str(text).map_err(|e| CostModelError::Parse {
                path: path.to_string(),
                message: e.to_string(),
            })?;
        let mut model = CostModel::default();
        model.name = o
            .name
            .unwrap_or_else(|| format!("{} (overridden by {path})", model.name));
        if let Some(c) = o.currency {
            model.currency = c;
        }
        if let Some(r) = o.day_rate {
            model.day_rate = r;
        }
        if let Some(r) = o.row_scale {
            model.row_scale = r;
        }
        model.severity_factor.extend(o.severity_factor);
        model.kinds.extend(o.kinds);
        model.validate(path)?;
        Ok(model)
    }

    fn validate(&self, path: &str) -> Result<(), CostModelError> {
        let mut numbers = vec![
            ("day_rate".to_string(), self.day_rate),
            ("row_scale.per_rows".to_string(), self.row_scale.per_rows),
            ("row_scale.days".to_string(), self.row_scale.days),
            ("row_scale.max_days".to_string(), self.row_scale.max_days),
        ];
        numbers.extend(
            self.severity_factor
                .iter()
                .map(|(s, f)| (format!("severity_factor.{s}"), *f)),
        );
        numbers.extend(
            self.kinds
                .iter()
                .map(|(k, c)| (format!("kinds.{k}.days"), c.days)),
        );
        match numbers
            .into_iter()
            .find(|(_, v)| !v.is_finite() || *v < 0.0)
        {
            Some((field, value)) => Err(CostModelError::Invalid {
                path: path.to_string(),
                field,
                value,
            }),
            None => Ok(()),
        }
    }

    /// Engineer-days to close `finding`, rounded to a quarter day.
    pub fn days(&self, finding: &Finding) -> f64 {
        let Some(cost) = self.kinds.get(&finding.kind) else {
            return 0.0;
        };
        let mut days = cost.days;
        if cost.scale_by_rows && self.row_scale.per_rows > 0.0 {
            let rows = finding.affected_rows.unwrap_or(0) as f64;
            days +=
                (self.row_scale.days * rows / self.row_scale.per_rows).min(self.row_scale.max_days);
        }
        let factor = self
            .severity_factor
            .get(&finding.severity)
            .copied()
            .unwrap_or(1.0);
        (days * factor * 4.0).round() / 4.0
    }

    /// The cost of `days` engineer-days.
    pub fn cost(&self, days: f64) -> f64 {
        (days * self.day_rate * 100.0).round() / 100.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(kind: FindingKind, severity: Severity, rows: u64) -> Finding {
        Finding::new(kind, severity, "t", Some("c"), "").with_affected(rows, rows.max(1))
    }

    #[test]
    fn the_default_model_prices_every_kind() {
        let model = CostModel::default();
        assert_eq!(model.kinds.len(), 26, "one entry per finding kind");
        assert_eq!(model.currency, "USD");
    }

    #[test]
    fn days_scale_with_rows_and_severity() {
        let model = CostModel::default();
        // duplicate_keys: 1.5 base + 0.5 per million rows; 2M rows → 2.5 days.
        let f = finding(FindingKind::DuplicateKeys, Severity::High, 2_000_000);
        assert_eq!(model.days(&f), 2.5);
        // the extra is capped at 5 days
        let f = finding(FindingKind::DuplicateKeys, Severity::High, 100_000_000);
        assert_eq!(model.days(&f), 6.5);
        // low halves, info costs nothing, critical is 1.5×
        let f = finding(FindingKind::ColumnRemoved, Severity::Low, 10);
        assert_eq!(model.days(&f), 0.5);
        let f = finding(FindingKind::ColumnRemoved, Severity::Info, 10);
        assert_eq!(model.days(&f), 0.0);
        let f = finding(FindingKind::ColumnRemoved, Severity::Critical, 10);
        assert_eq!(model.days(&f), 1.5);
        assert_eq!(model.cost(1.5), 1200.0);
    }

    #[test]
    fn an_override_replaces_only_what_it_names() {
        let model = CostModel::from_override(
            "team.json",
            r#"{"day_rate": 1000, "currency": "EUR", "kinds": {"column_removed": {"days": 3}}}"#,
        )
        .unwrap();
        assert_eq!(model.day_rate, 1000.0);
        assert_eq!(model.currency, "EUR");
        assert_eq!(model.kinds[&FindingKind::ColumnRemoved].days, 3.0);
        assert_eq!(model.kinds[&FindingKind::ColumnAdded].days, 0.5);
        assert!(model.name.contains("team.json"));
    }

    #[test]
    fn bad_files_name_the_file_and_the_field() {
        let e = CostModel::from_override("m.json", r#"{"kinds": {"no_such_kind": {"days": 1}}}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("m.json") && e.contains("no_such_kind"), "{e}");
        let e = CostModel::from_override("m.json", r#"{"day_rte": 5}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("day_rte"), "{e}");
        let e = CostModel::from_override("m.json", r#"{"kinds": {"mostly_null": {"days": -1}}}"#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("kinds.mostly_null.days"), "{e}");
        let e = CostModel::from_override("m.json", "{")
            .unwrap_err()
            .to_string();
        assert!(e.contains("m.json"), "{e}");
    }
}
