//! The detector file format (`detectors/<category>/<id>.json`) and its strict parsing.
//!
//! A file is parsed with serde (`deny_unknown_fields`, so a misspelt field is an error, not a
//! silently ignored one), then checked: the id is snake_case, shares are in 0–1, the validator
//! exists, every pattern compiles within [`REGEX_SIZE_LIMIT`] (for the built-in files, whose
//! patterns the test suite compiles, that last check is left out). Every failure is a
//! [`SpecError`] naming the file and the field. Compiling the checked specs into a matcher is
//! [`super::matcher`]'s job.

use serde::{Deserialize, Serialize};

use super::validate::Validator;
use crate::report::finding::Severity;

/// Compiled size limit of one pattern (bytes of the regex program); larger is a [`SpecError`].
pub const REGEX_SIZE_LIMIT: usize = 2 * 1024 * 1024;
/// Longest pattern source accepted, in characters.
pub const PATTERN_MAX_CHARS: usize = 2000;

/// What kind of data a detector finds; severity and manifest categories follow it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Personal data.
    Pii,
    /// Payment card data.
    Pci,
    /// Health data.
    Phi,
    /// Bank and financial account data.
    Financial,
    /// Keys, tokens, passwords.
    Credential,
    /// Network identifiers.
    Network,
}

impl Category {
    /// Every category.
    pub const ALL: [Category; 6] = [
        Category::Pii,
        Category::Pci,
        Category::Phi,
        Category::Financial,
        Category::Credential,
        Category::Network,
    ];

    /// The name used in files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Pii => "pii",
            Category::Pci => "pci",
            Category::Phi => "phi",
            Category::Financial => "financial",
            Category::Credential => "credential",
            Category::Network => "network",
        }
    }

    /// The category with this name.
    pub fn parse(name: &str) -> Option<Category> {
        Self::ALL.into_iter().find(|c| c.as_str() == name)
    }
}

/// Whether a detector is relied on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// In use, tested on its examples and the accuracy benchmark.
    #[default]
    Stable,
    /// In use, still being tuned.
    Experimental,
    /// Kept so its id stays reserved; never fires.
    Deprecated,
}

/// How matched values are shown in examples.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MaskStyle {
    /// Every letter and digit becomes `*`; separators stay.
    #[default]
    Full,
    /// All but the last four letters and digits become `*` (`***-**-6789`).
    KeepLast4,
    /// The first two characters and the last four stay (`GB****************1146`).
    KeepFirst2Last4,
    /// The first four characters stay (`AKIA****************`).
    KeepPrefix4,
    /// `j***@e***.com`.
    Email,
    /// The first letter of each word stays (`J*** S****`).
    Initials,
    /// The last group of an address stays (`***.***.***.57`).
    KeepLastGroup,
}

/// Documentation shown by `gapscan detectors explain`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Docs {
    /// What the detector finds.
    pub what: String,
    /// Why it matters.
    pub why: String,
    /// How to close the gap.
    pub fix: String,
}

/// One value pattern.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternSpec {
    /// Regular expression (Rust `regex` syntax) for the whole value; anchored when matched
    /// against whole values, unanchored (with word boundaries) when searched in free text.
    ///
    /// Classes are Unicode-aware, as in the `regex` crate: `\d` is a decimal digit of any script
    /// (Arabic-Indic, Devanagari, full-width…) and compiles to an automaton many times the size
    /// of `[0-9]`'s. The built-in detectors spell digits `[0-9]`: the identifiers they find are
    /// written in ASCII digits, and their validators read ASCII digits only.
    pub regex: String,
    /// Match letters in any case.
    #[serde(default)]
    pub case_insensitive: bool,
    /// Only run on columns whose name carries one of the detector's hints (weak shapes such as
    /// bare 9-digit numbers).
    #[serde(default)]
    pub hint_required: bool,
    /// Also search for it inside longer free text.
    #[serde(default)]
    pub embedded: bool,
}

/// Shares and lengths that decide when a column is classified.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    /// Share of examined values that must match (and validate) without a name hint.
    pub min_share: f64,
    /// Share required when the column name carries a hint.
    pub min_share_with_hint: f64,
    /// Share of rows embedding the entity in free text.
    pub min_embedded_share: f64,
    /// Fewest matching values, whatever the share.
    pub min_hits: u64,
    /// Shannon entropy (bits per character) for the `entropy` validator.
    pub min_entropy: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Self {
            min_share: 0.8,
            min_share_with_hint: 0.3,
            min_embedded_share: 0.01,
            min_hits: 3,
            min_entropy: 3.0,
        }
    }
}

/// The detector's own examples, run by `gapscan detectors test`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Column name the examples are tried under (for detectors that need a hint).
    #[serde(default)]
    pub column: Option<String>,
    /// Values that must match.
    #[serde(rename = "match")]
    pub matching: Vec<String>,
    /// Values that must not match.
    pub no_match: Vec<String>,
}

/// One detector file, as written.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DetectorSpec {
    /// Stable snake_case id; never reused.
    pub id: String,
    /// Human name.
    pub name: String,
    /// Category.
    pub category: Category,
    /// Severity of a finding on an unclassified column.
    pub severity: Severity,
    /// Lifecycle status.
    #[serde(default)]
    pub status: Status,
    /// Documentation.
    pub docs: Docs,
    /// Value patterns (at least one).
    pub patterns: Vec<PatternSpec>,
    /// Named validator every match must pass.
    #[serde(default)]
    pub validator: Option<String>,
    /// Column-name hints (`ssn`, `date of birth`): words matched against the column name's words.
    #[serde(default)]
    pub hints: Vec<String>,
    /// Words that cancel a hint (`password_changed_at` is not a password column).
    #[serde(default)]
    pub anti_hints: Vec<String>,
    /// Never classify a column without a hint.
    #[serde(default)]
    pub requires_hint: bool,
    /// Rank among detectors that all pass: specific detectors above generic ones.
    #[serde(default)]
    pub priority: i32,
    /// How examples are masked.
    #[serde(default)]
    pub mask: MaskStyle,
    /// Classification thresholds.
    #[serde(default)]
    pub thresholds: Thresholds,
    /// Examples that must and must not match.
    pub examples: Examples,
}

/// A detector file could not be used. Each names the file and, where one is at fault, the field.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    /// The file or directory could not be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The path.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Not valid JSON, or a value of the wrong type.
    #[error("{file}: invalid detector file: {reason}")]
    Json {
        /// The file.
        file: String,
        /// serde's message, with line and column.
        reason: String,
    },
    /// A required field is absent.
    #[error("{file}: missing field `{field}`")]
    MissingField {
        /// The file.
        file: String,
        /// The field.
        field: String,
    },
    /// A field the format does not have (misspelt?).
    #[error("{file}: unknown field `{field}`")]
    UnknownField {
        /// The file.
        file: String,
        /// The field.
        field: String,
    },
    /// A field's value breaks a rule of the format.
    #[error("{file}: field `{field}`: {reason}")]
    InvalidValue {
        /// The file.
        file: String,
        /// The field.
        field: String,
        /// The rule.
        reason: String,
    },
    /// A pattern does not compile.
    #[error("{file}: field `{field}`: invalid regular expression: {reason}")]
    BadRegex {
        /// The file.
        file: String,
        /// The field (`patterns[0].regex`).
        field: String,
        /// The regex crate's message.
        reason: String,
    },
    /// A pattern compiles to more than the size limit.
    #[error("{file}: field `{field}`: regular expression larger than the {limit}-byte limit")]
    RegexTooLarge {
        /// The file.
        file: String,
        /// The field.
        field: String,
        /// The limit in bytes (or characters, for the source).
        limit: usize,
    },
    /// The named validator does not exist.
    #[error("{file}: field `validator`: unknown validator `{name}` (known: {known})")]
    UnknownValidator {
        /// The file.
        file: String,
        /// The name given.
        name: String,
        /// The names that exist.
        known: String,
    },
    /// Two files use the same id.
    #[error("{second}: detector id `{id}` is already defined by {first}")]
    DuplicateId {
        /// The id.
        id: String,
        /// The file that defined it first.
        first: String,
        /// The file that defines it again.
        second: String,
    },
}

/// Field name inside a serde message such as ``missing field `docs` at line 1 column 2``.
fn quoted_field<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = message.split(prefix).nth(1)?;
    rest.split('`').next()
}

impl DetectorSpec {
    /// Parses and checks one detector file's text, `file` naming it in errors: what
    /// [`Self::parse_builtin`] checks, and that every pattern compiles.
    pub fn parse(file: &str, text: &str) -> Result<DetectorSpec, SpecError> {
        let spec = Self::parse_builtin(file, text)?;
        for (i, p) in spec.patterns.iter().enumerate() {
            compile(file, i, p, false)?;
        }
        Ok(spec)
    }

    /// Parses and checks one of the built-in detector files, all but the compiling of its
    /// patterns. A scan compiles a pattern's own regex only when it needs it, and compiling each
    /// one here just to check it took most of the start-up of every run; the built-in patterns
    /// are checked by the test suite instead (`every_builtin_detector_passes_the_full_check`).
    pub(crate) fn parse_builtin(file: &str, text: &str) -> Result<DetectorSpec, SpecError> {
        let spec: DetectorSpec = serde_json::from_str(text).map_err(|e| {
            let msg = e.to_string();
            if let Some(f) = quoted_field(&msg, "missing field `") {
                SpecError::MissingField {
                    file: file.into(),
                    field: f.into(),
                }
            } else if let Some(f) = quoted_field(&msg, "unknown field `") {
                SpecError::UnknownField {
                    file: file.into(),
                    field: f.into(),
                }
            } else {
                SpecError::Json {
                    file: file.into(),
                    reason: msg,
                }
            }
        })?;
        spec.check(file)?;
        Ok(spec)
    }

    /// The validator the spec names (checked at parse time).
    pub fn validator(&self) -> Option<Validator> {
        self.validator.as_deref().and_then(Validator::by_name)
    }

    fn check(&self, file: &str) -> Result<(), SpecError> {
        let invalid = |field: &str, reason: &str| SpecError::InvalidValue {
            file: file.into(),
            field: field.into(),
            reason: reason.into(),
        };
        let snake = !self.id.is_empty()
            && self.id.starts_with(|c: char| c.is_ascii_lowercase())
            && self
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !snake {
            return Err(invalid(
                "id",
                "must be snake_case ASCII starting with a letter",
            ));
        }
        if self.name.trim().is_empty() {
            return Err(invalid("name", "must not be empty"));
        }
        if self.patterns.is_empty() {
            return Err(invalid("patterns", "needs at least one pattern"));
        }
        let t = &self.thresholds;
        for (field, v) in [
            ("thresholds.min_share", t.min_share),
            ("thresholds.min_share_with_hint", t.min_share_with_hint),
            ("thresholds.min_embedded_share", t.min_embedded_share),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(invalid(field, "must be between 0 and 1"));
            }
        }
        if let Some(name) = &self.validator
            && Validator::by_name(name).is_none()
        {
            return Err(SpecError::UnknownValidator {
                file: file.into(),
                name: name.clone(),
                known: Validator::ALL
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", "),
            });
        }
        if (self.requires_hint || self.patterns.iter().any(|p| p.hint_required))
            && self.hints.is_empty()
        {
            return Err(invalid(
                "hints",
                "a detector that needs a hint must list hints",
            ));
        }
        Ok(())
    }
}

/// Compiles pattern `i` of `file`, anchored for whole values or not.
pub(crate) fn compile(
    file: &str,
    i: usize,
    p: &PatternSpec,
    embedded: bool,
) -> Result<regex::Regex, SpecError> {
    let field = format!("patterns[{i}].regex");
    if p.regex.chars().count() > PATTERN_MAX_CHARS {
        return Err(SpecError::RegexTooLarge {
            file: file.into(),
            field,
            limit: PATTERN_MAX_CHARS,
        });
    }
    build(&pattern_source(p, embedded)).map_err(|e| match e {
        regex::Error::CompiledTooBig(limit) => SpecError::RegexTooLarge {
            file: file.into(),
            field,
            limit,
        },
        other => SpecError::BadRegex {
            file: file.into(),
            field,
            reason: other.to_string(),
        },
    })
}

/// The regex of a pattern's source ([`pattern_source`]), within [`REGEX_SIZE_LIMIT`].
pub(crate) fn build(source: &str) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(source)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
}

/// The regex source actually compiled: case flag, and anchors for whole values.
pub(crate) fn pattern_source(p: &PatternSpec, embedded: bool) -> String {
    let flags = if p.case_insensitive { "(?i)" } else { "" };
    if embedded {
        format!("{flags}(?:{})", p.regex)
    } else {
        format!("{flags}^(?:{})$", p.regex)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"id":"demo","name":"Demo","category":"pii","severity":"high",
      "docs":{"what":"w","why":"y","fix":"f"},"patterns":[{"regex":"\\d{3}"}],
      "examples":{"match":["123"],"no_match":["12"]}}"#;

    #[test]
    fn a_good_file_parses() {
        let s = DetectorSpec::parse("demo.json", GOOD).unwrap();
        assert_eq!(s.id, "demo");
        assert_eq!(s.thresholds.min_share, 0.8);
    }

    #[test]
    fn bad_files_name_file_and_field() {
        let e = DetectorSpec::parse("x.json", "{not json").unwrap_err();
        assert!(matches!(e, SpecError::Json { .. }), "{e}");
        assert!(e.to_string().starts_with("x.json:"));

        let missing = GOOD.replace(r#""docs":{"what":"w","why":"y","fix":"f"},"#, "");
        let e = DetectorSpec::parse("x.json", &missing).unwrap_err();
        assert!(
            matches!(&e, SpecError::MissingField { field, .. } if field == "docs"),
            "{e}"
        );

        let unknown = GOOD.replace(r#""name":"Demo""#, r#""name":"Demo","nmae":"x""#);
        let e = DetectorSpec::parse("x.json", &unknown).unwrap_err();
        assert!(
            matches!(&e, SpecError::UnknownField { field, .. } if field == "nmae"),
            "{e}"
        );

        let bad_re = GOOD.replace(r#"\\d{3}"#, r#"(\\d"#);
        let e = DetectorSpec::parse("x.json", &bad_re).unwrap_err();
        assert!(
            matches!(&e, SpecError::BadRegex { field, .. } if field == "patterns[0].regex"),
            "{e}"
        );

        let huge = GOOD.replace(r#"\\d{3}"#, r#"(\\w{100}){100}"#);
        let e = DetectorSpec::parse("x.json", &huge).unwrap_err();
        assert!(matches!(&e, SpecError::RegexTooLarge { .. }), "{e}");

        let val = GOOD.replace(
            r#""severity":"high","#,
            r#""severity":"high","validator":"lunh","#,
        );
        let e = DetectorSpec::parse("x.json", &val).unwrap_err();
        assert!(
            matches!(&e, SpecError::UnknownValidator { name, .. } if name == "lunh"),
            "{e}"
        );

        let id = GOOD.replace(r#""id":"demo""#, r#""id":"Demo-1""#);
        let e = DetectorSpec::parse("x.json", &id).unwrap_err();
        assert!(
            matches!(&e, SpecError::InvalidValue { field, .. } if field == "id"),
            "{e}"
        );
    }
}
