//! Sensitive-field detection: declarative detectors, column classification, and redaction.
//!
//! Data flows through it in three steps, none of which touches DataFusion:
//!
//! 1. **Load**: detector files (`detectors/<category>/<id>.json`, compiled into the binary, plus
//!    `--detectors DIR`) are parsed strictly ([`spec`]) and compiled into one [`Detectors`] set
//!    of multi-pattern matchers and named [`validate`] checks ([`matcher`]).
//! 2. **Scan**: while a column is profiled, a [`ColumnScanner`] runs its text values through the
//!    detectors and counts whole-value and embedded hits, with masked examples, into the
//!    column profile ([`scan`]).
//! 3. **Classify and redact**: from the profiles alone, [`verdict()`] ranks each column's
//!    candidate entities, [`classify()`] compares them with the organisation's [`Manifest`] and
//!    returns findings, and [`redact()`] strips raw values of sensitive columns from the
//!    profile so no later output can leak them.
//!
//! [`command`] implements `gapscan detectors list | explain | test | match`.

pub mod accuracy;
pub mod classify;
pub mod command;
mod gates;
pub mod hint;
mod lazy_regex;
pub mod manifest;
pub mod mask;
pub mod matcher;
mod necessary;
mod pattern_set;
pub mod redact;
pub mod scan;
pub mod spec;
pub mod validate;
pub mod verdict;

pub use classify::{Classification, ColumnClassification, Sensitive, classify};
pub use manifest::{Manifest, ManifestError};
pub use matcher::{Detector, Detectors, Match};
pub use redact::redact;
pub use scan::{ColumnScanner, DetectionConfig};
pub use spec::{Category, DetectorSpec, SpecError};
pub use verdict::{Candidate, ColumnVerdict, verdict};
