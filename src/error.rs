//! The errors that stop a run, and the exit codes they map to.
//!
//! Problems with one input (a corrupt file, a missing path) do not stop a run: they are collected
//! as [`InputError`](crate::profile::InputError)s, reported, and turn the exit code to 3. The
//! errors here are the ones after which no output can be trusted.

use std::path::PathBuf;

/// A run could not produce its output.
#[derive(Debug, thiserror::Error)]
pub enum GapscanError {
    /// The command line is wrong (a flag's value, a missing argument). Exit code 2.
    #[error("{0}")]
    Usage(String),
    /// Nothing that was named could be read. Exit code 2.
    #[error("nothing could be read: {0}")]
    NoInput(String),
    /// A profile file given as input is unreadable or of another version. Exit code 2.
    #[error(transparent)]
    ProfileFile(#[from] crate::profile::ProfileFileError),
    /// Two profiles of the same table could not be merged. Exit code 2.
    #[error("cannot merge table `{table}`: {source}")]
    Merge {
        /// The table.
        table: String,
        /// Why.
        source: crate::profile::MergeError,
    },
    /// The query given with `--sql` failed. Exit code 2.
    #[error("--sql query failed: {0}")]
    Query(String),
    /// The output could not be written. Exit code 2.
    #[error("cannot write {}: {source}", path.display())]
    Output {
        /// The output path.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A detector file is invalid (`--detectors`, or a built-in). Exit code 2.
    #[error(transparent)]
    Detectors(#[from] crate::detect::SpecError),
    /// The classification manifest is invalid. Exit code 2.
    #[error(transparent)]
    Manifest(#[from] crate::detect::ManifestError),
    /// The async runtime could not start. Exit code 2.
    #[error("cannot start the scan runtime: {0}")]
    Runtime(std::io::Error),
}

/// How a run ended, as a process exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Ran; nothing at or above `--fail-on`.
    Clean = 0,
    /// Ran; findings at or above `--fail-on`.
    Findings = 1,
    /// Output written, but some inputs could not be read.
    PartialInput = 3,
}

impl GapscanError {
    /// The exit code for this error.
    pub fn exit_code(&self) -> u8 {
        2
    }
}
