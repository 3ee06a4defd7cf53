//! Thresholds of the quality checks, with documented defaults.
//!
//! [`QualityConfig`] deserialises from the `"quality"` section of a `--config FILE` JSON file.
//! Every field has a default (shown on each field), sections and fields may be left out, and an
//! unknown field is an error that names it, so a typo never silently falls back to a default:
//!
//! ```json
//! {"quality": {"mostly_null": {"min_null_share": 0.95},
//!              "sentinel_values": {"numeric": [-1, 9999, 0]},
//!              "disable": ["constant_column"]}}
//! ```
//!
//! Severities follow the share of the table's rows a finding touches: each check has a
//! [`Ladder`] (`low` below `medium`, `medium` below `high`, `high` from `high` up).

use serde::Deserialize;

use crate::report::{FindingKind, Severity};

/// Shares of affected rows at which a finding becomes `medium` and `high` (below: `low`).
#[derive(Clone, Copy, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ladder {
    /// Share of rows from which the finding is `medium`.
    pub medium: f64,
    /// Share of rows from which the finding is `high`.
    pub high: f64,
}

impl Ladder {
    /// The severity of a finding touching `share` of the rows.
    pub fn severity(&self, share: f64) -> Severity {
        if share >= self.high {
            Severity::High
        } else if share >= self.medium {
            Severity::Medium
        } else {
            Severity::Low
        }
    }
}

/// All quality thresholds. See the module documentation for the file format.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QualityConfig {
    /// Checks to skip, by finding kind. Default: none.
    pub disable: Vec<FindingKind>,
    /// `duplicate_keys`.
    pub duplicate_keys: DuplicateKeysConfig,
    /// `encoding_errors`.
    pub encoding_errors: EncodingErrorsConfig,
    /// `sentinel_values`.
    pub sentinel_values: SentinelValuesConfig,
    /// `category_variants`.
    pub category_variants: CategoryVariantsConfig,
    /// `mixed_formats`.
    pub mixed_formats: MixedFormatsConfig,
    /// `type_inconsistency`.
    pub type_inconsistency: TypeInconsistencyConfig,
    /// `magnitude_outliers`.
    pub magnitude_outliers: MagnitudeOutliersConfig,
    /// `whitespace_padding`.
    pub whitespace_padding: WhitespacePaddingConfig,
    /// `constant_column`.
    pub constant_column: ConstantColumnConfig,
    /// `mostly_null`.
    pub mostly_null: MostlyNullConfig,
    /// `schema_differs_across_files`.
    pub schema_differs: SchemaDiffersConfig,
    /// Columns known to be sensitive (`table.column`), set by the caller from the
    /// classification manifest and detection, never read from a file: their values are masked
    /// in evidence. A column with detector hits in its profile is masked anyway.
    #[serde(skip)]
    pub sensitive_columns: Vec<String>,
}

impl QualityConfig {
    /// Reads the `"quality"` section of a whole `--config` JSON document; defaults when the
    /// section is absent. The error (serde's) names an unknown or mistyped field.
    pub fn from_config_document(document: &serde_json::Value) -> Result<Self, serde_json::Error> {
        match document.get("quality") {
            Some(section) => serde_json::from_value(section.clone()),
            None => Ok(Self::default()),
        }
    }

    /// Whether the check of this kind runs.
    pub fn enabled(&self, kind: FindingKind) -> bool {
        !self.disable.contains(&kind)
    }
}

/// `duplicate_keys`: which columns are keys, and how bad repeats are.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DuplicateKeysConfig {
    /// Columns to treat as keys whatever their name (`table.column` or `column`). Default: none.
    pub key_columns: Vec<String>,
    /// A column with a key-like name repeating more than this share of its values is a foreign
    /// key or a category, not a key, and is not checked. Default `0.1`.
    pub max_duplicate_share: f64,
    /// A baseline column makes a column a key when it is unique over at least this many
    /// values. Default `20`.
    pub min_baseline_values: u64,
    /// Severity by share of duplicated rows. Default `{medium: 0.0001, high: 0.01}`.
    pub severity: Ladder,
}

impl Default for DuplicateKeysConfig {
    fn default() -> Self {
        Self {
            key_columns: Vec::new(),
            max_duplicate_share: 0.1,
            min_baseline_values: 20,
            severity: Ladder {
                medium: 0.0001,
                high: 0.01,
            },
        }
    }
}

/// `encoding_errors`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EncodingErrorsConfig {
    /// Damaged values needed for a finding. Default `1`.
    pub min_values: u64,
    /// Severity by share of damaged rows. Default `{medium: 0.001, high: 0.01}`.
    pub severity: Ladder,
}

impl Default for EncodingErrorsConfig {
    fn default() -> Self {
        Self {
            min_values: 1,
            severity: Ladder {
                medium: 0.001,
                high: 0.01,
            },
        }
    }
}

/// `sentinel_values`: known placeholders and how a profile-found placeholder must stand out.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SentinelValuesConfig {
    /// Text placeholders, matched after trimming and ignoring case. Default: `n/a`, `na`, `n.a.`,
    /// `null`, `nil`, `none`, `-`, `--`, `?`, `unknown`, `unk`, `undefined`, `missing`, `tbd`,
    /// `#n/a`, `not available`, `not applicable`, `blank`, `empty`, `nan`, `(null)`, `<null>`.
    pub text: Vec<String>,
    /// Numeric placeholders. They count only where they stand apart from the other values: a
    /// negative one in a column otherwise non-negative, a large one at least twice the 99th
    /// percentile of the rest, or any one whose count spikes (`spike_factor`). `0` is left out
    /// by default because genuine zeros are common; add it to check for it. Default: `-1`,
    /// `-9`, `-99`, `-999`, `-9999`, `999`, `9999`, `99999`, `999999`, `9999999`.
    pub numeric: Vec<f64>,
    /// Date placeholders (ISO), counted when they stand before or after every other date or
    /// spike. Default: `1900-01-01`, `1899-12-30`, `1899-12-31`, `1970-01-01`, `0001-01-01`,
    /// `2099-12-31`, `2999-12-31`, `9999-12-31`.
    pub dates: Vec<String>,
    /// A placeholder found from the profile (a value made of one repeated digit or symbol,
    /// such as `9999` or `----`) or a numeric/date placeholder counts when it occurs at least
    /// this many times as often as the median of the other frequent values. Default `10`.
    pub spike_factor: f64,
    /// A placeholder needs at least this many rows. Default `2`.
    pub min_rows: u64,
    /// Severity by share of rows holding a placeholder. Default `{medium: 0.01, high: 0.1}`.
    pub severity: Ladder,
}

impl Default for SentinelValuesConfig {
    fn default() -> Self {
        Self {
            text: [
                "n/a",
                "na",
                "n.a.",
                "null",
                "nil",
                "none",
                "-",
                "--",
                "?",
                "unknown",
                "unk",
                "undefined",
                "missing",
                "tbd",
                "#n/a",
                "not available",
                "not applicable",
                "blank",
                "empty",
                "nan",
                "(null)",
                "<null>",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
            numeric: vec![
                -1.0, -9.0, -99.0, -999.0, -9999.0, 999.0, 9999.0, 99999.0, 999999.0, 9999999.0,
            ],
            dates: [
                "1900-01-01",
                "1899-12-30",
                "1899-12-31",
                "1970-01-01",
                "0001-01-01",
                "2099-12-31",
                "2999-12-31",
                "9999-12-31",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
            spike_factor: 10.0,
            min_rows: 2,
            severity: Ladder {
                medium: 0.01,
                high: 0.1,
            },
        }
    }
}

/// `category_variants`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CategoryVariantsConfig {
    /// Only columns with at most this many distinct values are categories (the frequent-values
    /// sketch is exact below 192). Default `150`.
    pub max_distinct: u64,
    /// Severity by share of rows in a minority spelling. Default `{medium: 0.01, high: 0.1}`.
    pub severity: Ladder,
}

impl Default for CategoryVariantsConfig {
    fn default() -> Self {
        Self {
            max_distinct: 150,
            severity: Ladder {
                medium: 0.01,
                high: 0.1,
            },
        }
    }
}

/// `mixed_formats`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MixedFormatsConfig {
    /// Share of non-blank values that must belong to one domain (dates, booleans, numbers,
    /// phones) for the column to be of that domain. Default `0.9`.
    pub min_domain_share: f64,
    /// A format counts when it holds at least this share of the domain's values… Default `0.02`.
    pub min_format_share: f64,
    /// …and at least this many values. Default `3`.
    pub min_format_values: u64,
    /// Severity by share of rows not in the dominant format. Default `{medium: 0.01, high: 0.1}`.
    pub severity: Ladder,
}

impl Default for MixedFormatsConfig {
    fn default() -> Self {
        Self {
            min_domain_share: 0.9,
            min_format_share: 0.02,
            min_format_values: 3,
            severity: Ladder {
                medium: 0.01,
                high: 0.1,
            },
        }
    }
}

/// `type_inconsistency`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TypeInconsistencyConfig {
    /// A text column is "nearly all of one type" from this share of its non-blank values.
    /// Default `0.9`.
    pub min_type_share: f64,
    /// Severity by share of rows that do not parse. Default `{medium: 0.005, high: 0.05}`.
    pub severity: Ladder,
}

impl Default for TypeInconsistencyConfig {
    fn default() -> Self {
        Self {
            min_type_share: 0.9,
            severity: Ladder {
                medium: 0.005,
                high: 0.05,
            },
        }
    }
}

/// `magnitude_outliers`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MagnitudeOutliersConfig {
    /// Values count as outlying from this many decades (log10) away from the median… Default
    /// `1.5` (about 30×).
    pub min_decades: f64,
    /// …and this many robust standard deviations of log10 (from the interquartile range), so
    /// legitimately skewed columns keep their tail. Default `4`.
    pub min_sigmas: f64,
    /// The outlying values form a unit-error cluster when their median is within this many
    /// decades of ×100 or ×1000 (or ÷100, ÷1000). Default `0.35`.
    pub cluster_tolerance: f64,
    /// Values this many decades or more from the median are impossible, cluster or not.
    /// Default `6`.
    pub impossible_decades: f64,
    /// Outlying values needed. Default `2`.
    pub min_values: u64,
    /// More outlying values than this share is a second population, not an error. Default `0.3`.
    pub max_share: f64,
    /// Columns with fewer non-zero values are skipped. Default `20`.
    pub min_column_values: u64,
    /// Severity by share of outlying rows. Default `{medium: 0.001, high: 0.02}`.
    pub severity: Ladder,
}

impl Default for MagnitudeOutliersConfig {
    fn default() -> Self {
        Self {
            min_decades: 1.5,
            min_sigmas: 4.0,
            cluster_tolerance: 0.35,
            impossible_decades: 6.0,
            min_values: 2,
            max_share: 0.3,
            min_column_values: 20,
            severity: Ladder {
                medium: 0.001,
                high: 0.02,
            },
        }
    }
}

/// `whitespace_padding`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WhitespacePaddingConfig {
    /// Padded values needed. Default `1`.
    pub min_values: u64,
    /// Severity by share of padded rows. Default `{medium: 0.01, high: 0.1}`.
    pub severity: Ladder,
}

impl Default for WhitespacePaddingConfig {
    fn default() -> Self {
        Self {
            min_values: 1,
            severity: Ladder {
                medium: 0.01,
                high: 0.1,
            },
        }
    }
}

/// `constant_column`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ConstantColumnConfig {
    /// Tables with fewer rows are not checked (one row is always constant). Default `10`.
    pub min_rows: u64,
}

impl Default for ConstantColumnConfig {
    fn default() -> Self {
        Self { min_rows: 10 }
    }
}

/// `mostly_null`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MostlyNullConfig {
    /// A column is mostly null from this share of null (or empty) rows. Default `0.9`.
    pub min_null_share: f64,
    /// Severity by null share: `low` from `min_null_share`, then this ladder. Default
    /// `{medium: 0.99, high: 1.0}`: `high` only when nothing at all is filled, because a column
    /// can be sparse by design (an error code present on 3% of events) and the profile cannot
    /// tell that from a field lost upstream; the baseline and the name can.
    pub severity: Ladder,
    /// Names of columns that are optional by design (substring match, ignoring case): they get
    /// `info` at most. Default: `comment`, `note`, `remark`, `description`, `memo`, `optional`,
    /// `extra`, `message`, `reason`, `middle_name`, `suffix`, `line2`, `address2`, `fax`.
    pub optional_names: Vec<String>,
    /// A column the baseline shows about as sparse (within this many points of null share) is
    /// sparse by design: `info`. Default `0.05`.
    pub baseline_tolerance: f64,
    /// Tables with fewer rows are not checked. Default `10`.
    pub min_rows: u64,
}

impl Default for MostlyNullConfig {
    fn default() -> Self {
        Self {
            min_null_share: 0.9,
            severity: Ladder {
                medium: 0.99,
                high: 1.0,
            },
            optional_names: [
                "comment",
                "note",
                "remark",
                "description",
                "memo",
                "optional",
                "extra",
                "message",
                "reason",
                "middle_name",
                "suffix",
                "line2",
                "address2",
                "fax",
            ]
            .into_iter()
            .map(String::from)
            .collect(),
            baseline_tolerance: 0.05,
            min_rows: 10,
        }
    }
}

/// `schema_differs_across_files`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SchemaDiffersConfig {
    /// Severity when files disagree on a column's type. Default `high`.
    pub type_severity: Severity,
    /// Severity when files only disagree on which columns they have. Default `medium`.
    pub columns_severity: Severity,
}

impl Default for SchemaDiffersConfig {
    fn default() -> Self {
        Self {
            type_severity: Severity::High,
            columns_severity: Severity::Medium,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_sections_keep_defaults_and_unknown_fields_fail() {
        let c: QualityConfig = serde_json::from_str(
            r#"{"mostly_null": {"min_null_share": 0.8}, "disable": ["constant_column"]}"#,
        )
        .unwrap_or_default();
        assert_eq!(c.mostly_null.min_null_share, 0.8);
        assert_eq!(c.mostly_null.min_rows, 10);
        assert_eq!(c.duplicate_keys, DuplicateKeysConfig::default());
        assert!(!c.enabled(FindingKind::ConstantColumn));
        let err = serde_json::from_str::<QualityConfig>(r#"{"mostly_nul": {}}"#)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("mostly_nul"), "{err}");
        let err = serde_json::from_str::<QualityConfig>(r#"{"mostly_null": {"min_share": 1}}"#)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("min_share"), "{err}");
    }

    #[test]
    fn reads_the_quality_section_of_a_config_document() {
        let doc =
            serde_json::json!({"cost_model": {}, "quality": {"constant_column": {"min_rows": 3}}});
        let c = QualityConfig::from_config_document(&doc).unwrap_or_default();
        assert_eq!(c.constant_column.min_rows, 3);
        let none = QualityConfig::from_config_document(&serde_json::json!({})).ok();
        assert_eq!(none, Some(QualityConfig::default()));
        let bad = serde_json::json!({"quality": {"severity": 1}});
        let err = QualityConfig::from_config_document(&bad)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("severity"), "{err}");
    }

    #[test]
    fn ladder_maps_shares_to_severities() {
        let l = Ladder {
            medium: 0.01,
            high: 0.1,
        };
        assert_eq!(l.severity(0.0), Severity::Low);
        assert_eq!(l.severity(0.01), Severity::Medium);
        assert_eq!(l.severity(0.5), Severity::High);
    }
}
