//! The gap report (`gapscan.report/v1`): the JSON contract every renderer draws from.
//!
//! [`Report::build`] takes the profiles and the analyses' findings, prices every finding with
//! the cost model, scores every table, and orders everything deterministically (tables by name,
//! findings by table, most severe first, then id), so the same input gives the same report,
//! timestamp aside. The field reference below is `src/report/format.md`.
//!
#![doc = include_str!("format.md")]

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::effort::CostModel;
use super::finding::{Area, Finding, Severity};
use super::picture::{Picture, picture};
use super::score;
use crate::profile::{InputError, ProfileFile, TableProfile, Tool};

/// The format tag of every report.
pub const REPORT_FORMAT: &str = "gapscan.report/v1";

/// How many of the largest deductions the summary explains.
const DEDUCTIONS_SHOWN: usize = 5;

/// A complete gap report.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Report {
    /// Always [`REPORT_FORMAT`].
    pub format: String,
    /// The program that wrote it.
    pub tool: Tool,
    /// When the report was made (RFC 3339, UTC).
    pub generated_at: String,
    /// What was compared.
    pub inputs: Inputs,
    /// The statistics conventions and thresholds used.
    pub conventions: BTreeMap<String, String>,
    /// Score, finding counts, effort, coverage.
    pub summary: Summary,
    /// One entry per production table.
    pub tables: Vec<TableReport>,
    /// Every finding, by table, most severe first.
    pub findings: Vec<Finding>,
    /// Inputs that could not be read.
    pub errors: Vec<InputError>,
}

/// The two sides of the comparison.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Inputs {
    /// The data scanned (production).
    pub current: InputSide,
    /// The baseline (the pilot), when one was given.
    pub baseline: Option<InputSide>,
}

/// One side of the comparison.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct InputSide {
    /// Sources as given (paths, globs, or a profile file).
    pub source: String,
    /// Tables read.
    pub tables: usize,
    /// Rows read, over all tables.
    pub rows: u64,
    /// Files read.
    pub files: usize,
}

/// The report's headline numbers.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Summary {
    /// Overall readiness, 0–100 (the mean of the tables' scores).
    pub readiness_score: u32,
    /// Letter grade of the score.
    pub grade: String,
    /// Findings per severity.
    pub findings: SeverityCounts,
    /// Effort and cost to close every finding.
    pub effort: Effort,
    /// Share of production rows the baseline covers, when there is a baseline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pilot_coverage: Option<f64>,
    /// The findings that cost the most points, largest first.
    pub largest_deductions: Vec<Deduction>,
}

/// Findings per severity.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SeverityCounts {
    /// Critical findings.
    pub critical: usize,
    /// High findings.
    pub high: usize,
    /// Medium findings.
    pub medium: usize,
    /// Low findings.
    pub low: usize,
    /// Info findings.
    pub info: usize,
}

impl SeverityCounts {
    fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> Self {
        let mut c = Self::default();
        for f in findings {
            *c.get_mut(f.severity) += 1;
        }
        c
    }

    fn get_mut(&mut self, s: Severity) -> &mut usize {
        match s {
            Severity::Critical => &mut self.critical,
            Severity::High => &mut self.high,
            Severity::Medium => &mut self.medium,
            Severity::Low => &mut self.low,
            Severity::Info => &mut self.info,
        }
    }

    /// The count of one severity.
    pub fn get(&self, s: Severity) -> usize {
        match s {
            Severity::Critical => self.critical,
            Severity::High => self.high,
            Severity::Medium => self.medium,
            Severity::Low => self.low,
            Severity::Info => self.info,
        }
    }
}

/// Effort and cost to close the findings: the line items of a budget.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Effort {
    /// Engineer-days in total.
    pub days: f64,
    /// Cost in total.
    pub cost: f64,
    /// Currency of the costs.
    pub currency: String,
    /// Day rate used.
    pub day_rate: f64,
    /// The cost model used.
    pub model: String,
    /// Engineer-days per area (schema, quality, sensitive, drift).
    pub by_area: BTreeMap<String, f64>,
    /// Engineer-days per table.
    pub by_table: BTreeMap<String, f64>,
}

/// One finding's share of the score's loss.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Deduction {
    /// The finding's id.
    pub finding: String,
    /// Points it deducts from its table's score.
    pub points: f64,
}

/// One production table.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TableReport {
    /// Table name.
    pub name: String,
    /// Rows scanned.
    pub rows: u64,
    /// Readiness 0–100.
    pub readiness_score: u32,
    /// Letter grade.
    pub grade: String,
    /// Engineer-days to close this table's findings.
    pub effort_days: f64,
    /// Share of this table's rows the baseline covers, when there is a baseline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pilot_coverage: Option<f64>,
    /// The columns, in schema order.
    pub columns: Vec<ColumnReport>,
}

/// One column of a production table.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ColumnReport {
    /// Column name.
    pub name: String,
    /// Arrow type as read.
    #[serde(rename = "type")]
    pub data_type: String,
    /// Inferred type of the values.
    pub inferred_type: String,
    /// Share of rows that are null.
    pub null_fraction: f64,
    /// Estimated distinct values.
    pub distinct_estimate: u64,
    /// The sensitive entity detected, if any.
    pub sensitive: Option<Sensitive>,
    /// Chart data, production against baseline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub picture: Option<Picture>,
}

/// The sensitive-field verdict on a column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sensitive {
    /// The detector id.
    pub entity: String,
    /// The detector's category (pii, pci, phi, financial, credential, network).
    pub category: String,
    /// Confidence 0–1.
    pub confidence: f64,
    /// Whether the classification manifest declares it.
    pub classified: bool,
}

/// Everything [`Report::build`] needs.
pub struct ReportInput<'a> {
    /// The production profile.
    pub current: &'a ProfileFile,
    /// The baseline profile, if any, and how it was named.
    pub baseline: Option<(&'a ProfileFile, String)>,
    /// Baseline table name for each production table whose names differ.
    pub table_map: BTreeMap<String, String>,
    /// Every finding of every analysis.
    pub findings: Vec<Finding>,
    /// Sensitive verdicts by (table, column).
    pub sensitive: BTreeMap<(String, String), Sensitive>,
    /// Pilot coverage by production table, and overall.
    pub coverage: (BTreeMap<String, f64>, Option<f64>),
    /// Statistics conventions to state.
    pub conventions: BTreeMap<String, String>,
    /// The cost model.
    pub cost_model: &'a CostModel,
    /// The timestamp to print.
    pub generated_at: String,
}

impl Report {
    /// Prices, scores and orders the findings into a report.
    pub fn build(input: ReportInput<'_>) -> Report {
        let model = input.cost_model;
        let mut findings = input.findings;
        for f in &mut findings {
            f.effort_days = model.days(f);
            for v in f.evidence.values_mut() {
                round_json(v);
            }
            f.affected_share = f.affected_share.map(significant);
        }
        findings.sort_by(|a, b| {
            (a.table.as_str(), b.severity, a.id.as_str()).cmp(&(
                b.table.as_str(),
                a.severity,
                b.id.as_str(),
            ))
        });
        findings.dedup_by(|a, b| a.id == b.id);

        let mut tables = Vec::new();
        let mut table_names: Vec<&str> = input
            .current
            .tables
            .iter()
            .map(|t| t.name.as_str())
            .collect();
        for f in &findings {
            if !table_names.contains(&f.table.as_str()) {
                table_names.push(&f.table);
            }
        }
        table_names.sort_unstable();
        let mut scores = Vec::new();
        for name in table_names {
            let mine: Vec<&Finding> = findings.iter().filter(|f| f.table == name).collect();
            let s = score::table_score(mine.iter().copied());
            scores.push(s);
            let table = input.current.tables.iter().find(|t| t.name == name);
            let baseline_name = input.table_map.get(name).map_or(name, String::as_str);
            let baseline = input
                .baseline
                .as_ref()
                .and_then(|(b, _)| b.tables.iter().find(|t| t.name == baseline_name));
            tables.push(TableReport {
                name: name.to_string(),
                rows: table.map_or(0, |t| t.rows),
                readiness_score: s.round() as u32,
                grade: score::grade(s).to_string(),
                effort_days: round2(mine.iter().map(|f| f.effort_days).sum()),
                pilot_coverage: input.coverage.0.get(name).copied().map(significant),
                columns: table
                    .map(|t| columns(t, baseline, &input.sensitive))
                    .unwrap_or_default(),
            });
        }
        let overall = score::overall_score(&scores);

        let mut ranked: Vec<Deduction> = findings
            .iter()
            .map(|f| Deduction {
                finding: f.id.clone(),
                points: round2(score::points(f)),
            })
            .filter(|d| d.points > 0.0)
            .collect();
        ranked.sort_by(|a, b| {
            b.points
                .total_cmp(&a.points)
                .then(a.finding.cmp(&b.finding))
        });
        ranked.truncate(DEDUCTIONS_SHOWN);

        let days: f64 = findings.iter().map(|f| f.effort_days).sum();
        let mut by_area: BTreeMap<String, f64> =
            Area::ALL.iter().map(|a| (a.to_string(), 0.0)).collect();
        let mut by_table: BTreeMap<String, f64> = BTreeMap::new();
        for f in &findings {
            *by_area.entry(f.area.to_string()).or_default() += f.effort_days;
            *by_table.entry(f.table.clone()).or_default() += f.effort_days;
        }

        Report {
            format: REPORT_FORMAT.to_string(),
            tool: Tool::default(),
            generated_at: input.generated_at,
            inputs: Inputs {
                current: side(input.current, input.current.sources.join(" ")),
                baseline: input.baseline.as_ref().map(|(b, s)| side(b, s.clone())),
            },
            conventions: input.conventions,
            summary: Summary {
                readiness_score: overall.round() as u32,
                grade: score::grade(overall).to_string(),
                findings: SeverityCounts::of(&findings),
                effort: Effort {
                    days: round2(days),
                    cost: model.cost(days) + 0.0,
                    currency: model.currency.clone(),
                    day_rate: model.day_rate,
                    model: model.name.clone(),
                    by_area: by_area.into_iter().map(|(k, v)| (k, round2(v))).collect(),
                    by_table: by_table.into_iter().map(|(k, v)| (k, round2(v))).collect(),
                },
                pilot_coverage: input.coverage.1.map(significant),
                largest_deductions: ranked,
            },
            tables,
            findings,
            errors: input.current.errors.clone(),
        }
    }

    /// The report as pretty-printed JSON with a trailing newline.
    pub fn to_json(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// The worst severity among the findings, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

fn side(file: &ProfileFile, source: String) -> InputSide {
    InputSide {
        source,
        tables: file.tables.len(),
        rows: file.tables.iter().map(|t| t.rows).sum(),
        files: file.tables.iter().map(|t| t.files.len()).sum(),
    }
}

fn columns(
    table: &TableProfile,
    baseline: Option<&TableProfile>,
    sensitive: &BTreeMap<(String, String), Sensitive>,
) -> Vec<ColumnReport> {
    table
        .columns
        .iter()
        .map(|c| {
            let verdict = sensitive
                .get(&(table.name.clone(), c.name.clone()))
                .cloned();
            ColumnReport {
                name: c.name.clone(),
                data_type: c.data_type.clone(),
                inferred_type: c.summary.inferred_type.clone(),
                null_fraction: c.summary.null_fraction,
                distinct_estimate: c.summary.distinct_estimate,
                picture: picture(
                    baseline.and_then(|b| b.column(&c.name)),
                    c,
                    verdict.is_some(),
                )
                .map(|p| p.rounded(significant)),
                sensitive: verdict,
            }
        })
        .collect()
}

/// Significant digits kept in every statistic the report prints. Partial profiles merge in
/// whatever order the parallel scan finishes them, and floating-point sums differ in their last
/// bits with that order; ten digits hide that noise and keep the report identical run after run.
const SIGNIFICANT_DIGITS: usize = 10;

/// `x` rounded to [`SIGNIFICANT_DIGITS`] significant digits.
pub fn significant(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    format!("{:.*e}", SIGNIFICANT_DIGITS - 1, x)
        .parse()
        .unwrap_or(x)
}

/// Rounds every non-integer number inside `v` to [`SIGNIFICANT_DIGITS`] digits.
fn round_json(v: &mut serde_json::Value) {
    use serde_json::Value as J;
    match v {
        J::Number(n) if n.is_f64() => {
            if let Some(r) = n
                .as_f64()
                .map(significant)
                .and_then(serde_json::Number::from_f64)
            {
                *n = r;
            }
        }
        J::Array(items) => items.iter_mut().for_each(round_json),
        J::Object(map) => map.values_mut().for_each(round_json),
        _ => {}
    }
}

/// Rounds to cents of a day; `+ 0.0` turns the `-0.0` of an empty sum into `0`.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0 + 0.0
}
