//! The resolved run: raw flags checked and turned into what the run needs.

use std::path::PathBuf;
use std::sync::Arc;

use crate::detect::{DetectionConfig, Detectors};
use crate::error::GapscanError;
use crate::source::Format;

use super::{ProfileArgs, ScanArgs};

/// How to scan: resolved from [`ScanArgs`].
#[derive(Clone, Debug)]
pub struct ScanConfig {
    /// Sources as the user named them.
    pub sources: Vec<String>,
    /// Row filter (`--where`).
    pub filter: Option<String>,
    /// Query to profile instead of the tables (`--sql`).
    pub sql: Option<String>,
    /// Forced input format.
    pub input_format: Option<Format>,
    /// Threads (never zero).
    pub threads: usize,
    /// Whether to show progress and warnings.
    pub quiet: bool,
    /// Sensitive-field detectors (built-ins plus `--detectors`) and `--sample`.
    pub detection: DetectionConfig,
}

/// What `gapscan profile` will do.
#[derive(Clone, Debug)]
pub struct ProfileConfig {
    /// The scan.
    pub scan: ScanConfig,
    /// Output file, or the summary on stdout.
    pub output: Option<PathBuf>,
}

impl ScanConfig {
    /// Checks and resolves scan flags.
    pub fn resolve(sources: Vec<String>, args: ScanArgs) -> Result<Self, GapscanError> {
        let threads = match args.threads {
            Some(0) => return Err(GapscanError::Usage("--threads must be at least 1".into())),
            Some(n) => n,
            None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        let blank = |s: &Option<String>| s.as_ref().is_some_and(|s| s.trim().is_empty());
        if blank(&args.filter) {
            return Err(GapscanError::Usage("--where needs a SQL predicate".into()));
        }
        if blank(&args.sql) {
            return Err(GapscanError::Usage("--sql needs a query".into()));
        }
        if args.sample == Some(0) {
            return Err(GapscanError::Usage("--sample must be at least 1".into()));
        }
        let detectors = Detectors::load(&args.detectors)?;
        Ok(Self {
            sources,
            detection: DetectionConfig {
                detectors: Arc::new(detectors),
                sample: args.sample,
            },
            filter: args.filter,
            sql: args.sql,
            input_format: args.input_format,
            threads,
            quiet: args.quiet,
        })
    }
}

impl ProfileConfig {
    /// Checks and resolves `gapscan profile` flags.
    pub fn resolve(args: ProfileArgs) -> Result<Self, GapscanError> {
        Ok(Self {
            scan: ScanConfig::resolve(args.sources, args.scan)?,
            output: args.output,
        })
    }
}
