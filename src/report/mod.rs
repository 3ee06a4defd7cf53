//! Everything a user reads: the finding model, renderings of profiles and gap reports, and the
//! one place that writes them, to stdout or atomically to a file.

pub mod finding;
pub mod output;
pub mod profile_summary;

pub use finding::{Area, Finding, FindingKind, Severity};
