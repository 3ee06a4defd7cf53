//! The finding model: one gap, with its kind, severity, evidence and remediation.
//!
//! Every analysis (sensitive-field classification, quality checks, drift against the baseline)
//! returns [`Finding`]s; the report scores them, prices them with the effort model and renders
//! them. A finding's [`id`](Finding::id) is built from the table, the column and the kind (and the
//! entity for sensitive fields), so the same gap has the same id in every run and two reports can
//! be compared by id.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json};

/// How much a finding matters. Ordered: `Info < Low < Medium < High < Critical`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; costs nothing to leave.
    Info,
    /// A blemish; fix when convenient.
    Low,
    /// Will cost accuracy or rework if left.
    Medium,
    /// Blocks production use until fixed.
    High,
    /// A leak or breakage that must be fixed first.
    Critical,
}

impl Severity {
    /// Every severity, most severe first.
    pub const ALL: [Severity; 5] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
        Severity::Info,
    ];

    /// The lowercase name used in reports and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
            Severity::Info => "info",
        }
    }

    /// The severity one step lower (`Info` stays `Info`).
    pub fn lower(self) -> Severity {
        match self {
            Severity::Critical => Severity::High,
            Severity::High => Severity::Medium,
            Severity::Medium => Severity::Low,
            Severity::Low | Severity::Info => Severity::Info,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The family a finding belongs to; effort and score are broken down by area.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// Production's schema differs from the baseline's, or part files disagree.
    Schema,
    /// One table's values disagree with themselves.
    Quality,
    /// Sensitive values the manifest does not declare, or declares otherwise.
    Sensitive,
    /// Production moved away from the baseline, or the baseline never covered it.
    Drift,
}

impl Area {
    /// Every area, in report order.
    pub const ALL: [Area; 4] = [Area::Schema, Area::Quality, Area::Sensitive, Area::Drift];

    /// The lowercase name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Area::Schema => "schema",
            Area::Quality => "quality",
            Area::Sensitive => "sensitive",
            Area::Drift => "drift",
        }
    }
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of gap a finding is: the finding kinds of the report contract (DESIGN.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A table present on one side only (`column` is null).
    TableAdded,
    /// A table of the baseline that production lacks (`column` is null).
    TableRemoved,
    /// A column production has and the baseline lacks.
    ColumnAdded,
    /// A column the baseline has and production lacks.
    ColumnRemoved,
    /// A removed and an added column paired by name and profile similarity.
    ColumnRenamed,
    /// The column's type widened, narrowed or changed kind.
    TypeChanged,
    /// A column that never held nulls now does.
    NullabilityChanged,
    /// Part files of one table disagree on columns or types.
    SchemaDiffersAcrossFiles,
    /// Sensitive values the classification manifest does not declare.
    UnclassifiedSensitiveField,
    /// The manifest declares one classification, the data shows another.
    ClassificationMismatch,
    /// The manifest declares a column sensitive but nothing was detected in it.
    DeclaredNotDetected,
    /// A key column repeats values.
    DuplicateKeys,
    /// Replacement characters, mojibake, control characters or invalid bytes.
    EncodingErrors,
    /// Placeholders standing in for missing values.
    SentinelValues,
    /// Categories equal after folding case, whitespace and punctuation.
    CategoryVariants,
    /// Several significant formats in one column.
    MixedFormats,
    /// Nearly all values of one type, with a remainder that does not parse.
    TypeInconsistency,
    /// A cluster of values about 100× or 1000× the bulk, or impossible values.
    MagnitudeOutliers,
    /// Values with leading or trailing whitespace.
    WhitespacePadding,
    /// One value in every row.
    ConstantColumn,
    /// Nearly every value is null.
    MostlyNull,
    /// The distribution moved (PSI, KS, Jensen–Shannon, Wasserstein).
    DistributionDrift,
    /// Categories production holds that the baseline never had.
    NewCategories,
    /// Production values outside the baseline's range.
    RangeCoverage,
    /// The share of nulls moved.
    NullRateChange,
    /// The distinct ratio moved.
    CardinalityChange,
}

impl FindingKind {
    /// The area the kind belongs to.
    pub fn area(self) -> Area {
        use FindingKind::*;
        match self {
            TableAdded
            | TableRemoved
            | ColumnAdded
            | ColumnRemoved
            | ColumnRenamed
            | TypeChanged
            | NullabilityChanged
            | SchemaDiffersAcrossFiles => Area::Schema,
            UnclassifiedSensitiveField | ClassificationMismatch | DeclaredNotDetected => {
                Area::Sensitive
            }
            DuplicateKeys | EncodingErrors | SentinelValues | CategoryVariants | MixedFormats
            | TypeInconsistency | MagnitudeOutliers | WhitespacePadding | ConstantColumn
            | MostlyNull => Area::Quality,
            DistributionDrift | NewCategories | RangeCoverage | NullRateChange
            | CardinalityChange => Area::Drift,
        }
    }

    /// The snake_case name used in reports and finding ids.
    pub fn as_str(self) -> &'static str {
        use FindingKind::*;
        match self {
            TableAdded => "table_added",
            TableRemoved => "table_removed",
            ColumnAdded => "column_added",
            ColumnRemoved => "column_removed",
            ColumnRenamed => "column_renamed",
            TypeChanged => "type_changed",
            NullabilityChanged => "nullability_changed",
            SchemaDiffersAcrossFiles => "schema_differs_across_files",
            UnclassifiedSensitiveField => "unclassified_sensitive_field",
            ClassificationMismatch => "classification_mismatch",
            DeclaredNotDetected => "declared_not_detected",
            DuplicateKeys => "duplicate_keys",
            EncodingErrors => "encoding_errors",
            SentinelValues => "sentinel_values",
            CategoryVariants => "category_variants",
            MixedFormats => "mixed_formats",
            TypeInconsistency => "type_inconsistency",
            MagnitudeOutliers => "magnitude_outliers",
            WhitespacePadding => "whitespace_padding",
            ConstantColumn => "constant_column",
            MostlyNull => "mostly_null",
            DistributionDrift => "distribution_drift",
            NewCategories => "new_categories",
            RangeCoverage => "range_coverage",
            NullRateChange => "null_rate_change",
            CardinalityChange => "cardinality_change",
        }
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One gap found by an analysis.
///
/// Build it with [`Finding::new`] and the `with_*` methods; the report fills
/// [`effort_days`](Finding::effort_days) from the cost model. Evidence holds numbers and masked
/// examples only, never a raw value of a sensitive column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable id: `table.column.kind` (`table.kind` for table-level findings), with
    /// `.entity` appended for sensitive-field findings.
    pub id: String,
    /// What kind of gap.
    pub kind: FindingKind,
    /// The kind's area.
    pub area: Area,
    /// How much it matters.
    pub severity: Severity,
    /// The table.
    pub table: String,
    /// The column, or `None` for a table-level finding.
    pub column: Option<String>,
    /// The detector id, for sensitive-field findings.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub entity: Option<String>,
    /// One sentence a reader understands without the evidence.
    pub message: String,
    /// The numbers behind it: counts, shares, statistic and threshold, masked examples.
    pub evidence: Map<String, Json>,
    /// One line on how to close the gap.
    pub remediation: String,
    /// Rows the gap touches, when it can be counted; drives the score and the effort scaling.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub affected_rows: Option<u64>,
    /// Share of the table's rows the gap touches (0–1), when known.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub affected_share: Option<f64>,
    /// Engineer-days to close it, from the cost model (0 until the report prices it).
    #[serde(default)]
    pub effort_days: f64,
}

impl Finding {
    /// A finding on `table` (and `column`, if any) of the given kind and severity.
    pub fn new(
        kind: FindingKind,
        severity: Severity,
        table: &str,
        column: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        let id = match column {
            Some(c) => format!("{table}.{c}.{kind}"),
            None => format!("{table}.{kind}"),
        };
        Self {
            id,
            kind,
            area: kind.area(),
            severity,
            table: table.to_string(),
            column: column.map(str::to_string),
            entity: None,
            message: message.into(),
            evidence: Map::new(),
            remediation: String::new(),
            affected_rows: None,
            affected_share: None,
            effort_days: 0.0,
        }
    }

    /// Names the detected entity (appended to the id).
    pub fn with_entity(mut self, entity: &str) -> Self {
        self.id = format!("{}.{entity}", self.id);
        self.entity = Some(entity.to_string());
        self
    }

    /// Adds one piece of evidence.
    pub fn with_evidence(mut self, key: &str, value: impl Into<Json>) -> Self {
        self.evidence.insert(key.to_string(), value.into());
        self
    }

    /// Sets the remediation line.
    pub fn with_remediation(mut self, remediation: impl Into<String>) -> Self {
        self.remediation = remediation.into();
        self
    }

    /// Records how many of the table's `rows` the gap touches.
    pub fn with_affected(mut self, affected: u64, rows: u64) -> Self {
        self.affected_rows = Some(affected);
        self.affected_share = Some(if rows == 0 {
            0.0
        } else {
            (affected as f64 / rows as f64).min(1.0)
        });
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_built_from_table_column_kind_and_entity() {
        let f = Finding::new(
            FindingKind::UnclassifiedSensitiveField,
            Severity::High,
            "customers",
            Some("ref_code"),
            "SSNs",
        )
        .with_entity("us_ssn");
        assert_eq!(
            f.id,
            "customers.ref_code.unclassified_sensitive_field.us_ssn"
        );
        assert_eq!(f.area, Area::Sensitive);
        let t = Finding::new(
            FindingKind::SchemaDiffersAcrossFiles,
            Severity::Medium,
            "orders",
            None,
            "",
        );
        assert_eq!(t.id, "orders.schema_differs_across_files");
    }

    #[test]
    fn severities_order_from_info_to_critical() {
        assert!(Severity::Critical > Severity::High);
        assert!(Severity::Low > Severity::Info);
        assert_eq!(Severity::High.lower(), Severity::Medium);
        let json = serde_json::to_string(&FindingKind::SchemaDiffersAcrossFiles).unwrap();
        assert_eq!(json, "\"schema_differs_across_files\"");
    }

    #[test]
    fn affected_share_is_bounded() {
        let f = Finding::new(FindingKind::MostlyNull, Severity::Low, "t", Some("c"), "")
            .with_affected(5, 4);
        assert_eq!(f.affected_share, Some(1.0));
        let g = Finding::new(FindingKind::MostlyNull, Severity::Low, "t", Some("c"), "")
            .with_affected(0, 0);
        assert_eq!(g.affected_share, Some(0.0));
    }
}
