//! Everything a user reads: the finding model, the gap report built from findings (score,
//! effort, per-column pictures), its renderers, and the one place that writes them, to stdout
//! or atomically to a file.

pub mod document;
pub mod effort;
pub mod finding;
pub mod output;
pub mod picture;
pub mod profile_summary;
pub mod render;
pub mod score;

pub use document::{Report, ReportInput, Sensitive};
pub use effort::{CostModel, CostModelError};
pub use finding::{Area, Finding, FindingKind, Severity};
