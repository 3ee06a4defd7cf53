//! gapscan: a data readiness profiler.
//!
//! The pipeline, from sources to report:
//!
//! ```text
//! sources ──► scan plan (DataFusion) ──► profile (per column, mergeable) ──► analyses ──► report
//! ```
//!
//! - [`source`] finds the tables behind the paths, directories and globs a user names, and
//!   registers them with a DataFusion session (text formats as text, so junk never fails a table).
//! - [`engine`] runs `SELECT gapscan_profile(c1), …, gapscan_profile(cn) FROM t [WHERE …]`: the
//!   profile is a DataFusion aggregate function whose partial state is the serialised column
//!   profile, so partitions are profiled in parallel and merged.
//! - [`profile`] is the one intermediate form: column and table profiles, their merge, and the
//!   `gapscan.profile/v1` file. It knows nothing of DataFusion.
//! - [`detect`] holds the sensitive-field detectors: the profile counts their hits during the
//!   scan, and classification, findings and redaction are functions of the profile.
//! - [`cli`] parses the command line and resolves it into a run; [`run`] carries it out.

pub mod analysis;
pub mod cli;
pub mod detect;
pub mod engine;
pub mod error;
pub mod gap;
pub mod profile;
pub mod report;
mod run;
pub mod source;

pub use error::{GapscanError, Outcome};
pub use run::{run, scan};
