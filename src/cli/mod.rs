//! The command line: clap definitions (their doc comments are the `--help` text) and the
//! resolution of raw flags into checked configurations ([`config::ProfileConfig`],
//! [`config::GapScanConfig`], …) before any work starts.

pub mod config;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::source::Format;

/// gapscan: profile warehouse exports and measure how ready they are for production.
///
/// Reads Parquet, CSV/TSV, NDJSON and Arrow IPC files (plain, .gz or .zst for text), a file, a
/// directory of tables, or a glob, and profiles every column in one parallel pass.
///
/// Start with `gapscan scan PRODUCTION --baseline PILOT`: it profiles, classifies, checks and
/// compares, and reports the gap with a readiness score and the effort to close it.
///
/// Exit codes: 0 ran, nothing at or above --fail-on; 1 ran, findings at or above --fail-on;
/// 2 usage, configuration or fatal input error, no report; 3 report written but some inputs
/// could not be read (each is named in the report's `errors`).
#[derive(Debug, Parser)]
#[command(name = "gapscan", version, max_term_width = 100)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The main job: profile the sources, find sensitive fields, quality problems and drift
    /// against the baseline, and write the gap report.
    ///
    /// The baseline is data (the pilot's files) or a profile file saved earlier with
    /// `gapscan profile -o`; both give the same findings.
    Scan(ScanCommandArgs),
    /// Compare two profile files (baseline, then current) without touching data, and write the
    /// gap report.
    Diff(DiffArgs),
    /// Profile tables: print a per-column summary, or write a profile file with -o.
    ///
    /// A SOURCE is a file, a directory (each file or sub-directory directly inside is a table;
    /// part files and hive-style key=value/ folders of one table are one table), or a glob
    /// (quote it so the shell leaves it alone).
    Profile(ProfileArgs),
    /// Merge profile files of the same tables (say, of part files profiled separately).
    Merge(MergeArgs),
    /// Inspect, self-test and try the sensitive-field detectors.
    #[command(subcommand)]
    Detectors(DetectorsCommand),
}

/// `--detectors DIR`, for commands that use the detector set.
#[derive(Debug, Args)]
pub struct DetectorSetArgs {
    /// Add the detector files (*.json) under DIR to the built-in detectors (repeatable).
    #[arg(long = "detectors", value_name = "DIR")]
    pub detectors: Vec<PathBuf>,
}

/// The `gapscan detectors` subcommands.
#[derive(Debug, Subcommand)]
pub enum DetectorsCommand {
    /// List the detectors: id, category, severity, status.
    List(DetectorSetArgs),
    /// Show one detector's documentation, patterns, hints and examples.
    Explain {
        /// Detector id, e.g. us_ssn.
        id: String,
        #[command(flatten)]
        set: DetectorSetArgs,
    },
    /// Run every detector's own examples (built-ins plus DIR); exit 1 if any fails.
    Test {
        /// A directory of detector files to test with the built-ins.
        dir: Option<PathBuf>,
        #[command(flatten)]
        set: DetectorSetArgs,
    },
    /// Try the detectors on one value: JSON of which match, where, and how sure (masked).
    Match {
        /// The value to try.
        text: String,
        /// Column name to use as context (hints such as `ssn` or `password`).
        #[arg(long, value_name = "NAME")]
        column: Option<String>,
        #[command(flatten)]
        set: DetectorSetArgs,
    },
}

/// Flags of `gapscan profile`.
#[derive(Debug, Args)]
pub struct ProfileArgs {
    /// Files, directories or globs to profile.
    #[arg(required = true, value_name = "SOURCE")]
    pub sources: Vec<String>,
    /// Write the profile (gapscan.profile/v1 JSON) to this file instead of printing a summary.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub scan: ScanArgs,
}

/// Flags shared by every command that reads data.
#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Profile only the rows matching this SQL predicate, e.g. "order_date >= '2024-01-01'".
    #[arg(long = "where", value_name = "SQL")]
    pub filter: Option<String>,
    /// Profile the result of this SQL query over the tables found (named by their table names)
    /// instead of the tables themselves. The result is profiled as the table `query`.
    #[arg(long, value_name = "QUERY")]
    pub sql: Option<String>,
    /// Read every file as this format instead of deciding by extension.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<Format>,
    /// Worker threads and scan partitions (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress and no warnings on stderr.
    #[arg(short, long)]
    pub quiet: bool,
    /// Add the detector files (*.json) under DIR to the built-in detectors (repeatable).
    #[arg(long = "detectors", value_name = "DIR")]
    pub detectors: Vec<PathBuf>,
    /// Run at most ROWS values of each text column (per scan partition) through the sensitive-
    /// field detectors. Every other count stays exact; without it detection is exact too.
    #[arg(long, value_name = "ROWS")]
    pub sample: Option<u64>,
}

/// Flags of `gapscan scan`.
#[derive(Debug, Args)]
pub struct ScanCommandArgs {
    /// Files, directories or globs to scan (production).
    #[arg(required = true, value_name = "SOURCE")]
    pub sources: Vec<String>,
    /// The pilot's data (a file, directory or glob), or a profile file written by
    /// `gapscan profile -o` (recognised by its content), to compare with.
    #[arg(long, value_name = "SOURCE|PROFILE")]
    pub baseline: Option<String>,
    #[command(flatten)]
    pub scan: ScanArgs,
    #[command(flatten)]
    pub report: ReportArgs,
}

/// Flags of `gapscan diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The baseline profile file (gapscan.profile/v1).
    #[arg(value_name = "BASELINE")]
    pub baseline: PathBuf,
    /// The current profile file.
    #[arg(value_name = "CURRENT")]
    pub current: PathBuf,
    /// A directory (or file) of detector JSON files to add to the built-ins (repeatable).
    #[arg(long, value_name = "DIR")]
    pub detectors: Vec<PathBuf>,
    #[command(flatten)]
    pub report: ReportArgs,
}

/// The report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReportFormat {
    /// Aligned text for a terminal.
    Text,
    /// The gapscan.report/v1 JSON contract.
    Json,
    /// A Markdown document to attach to a budget or review.
    Markdown,
    /// One self-contained HTML page.
    Html,
}

/// The severities `--fail-on` accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Fail on critical findings.
    Critical,
    /// Fail on high findings or worse.
    High,
    /// Fail on medium findings or worse.
    Medium,
    /// Fail on low findings or worse.
    Low,
}

/// Flags shared by the commands that write a gap report.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Report format (default: text).
    #[arg(long, value_enum, value_name = "FORMAT", default_value = "text")]
    pub format: ReportFormat,
    /// Write the report to this file (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Exit with code 1 when a finding is at or above this severity.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub fail_on: Option<FailOn>,
    /// What the organisation has declared sensitive: JSON or CSV with table, column (globs
    /// allowed) and classification (a detector id, a category, or `public`).
    #[arg(long, value_name = "FILE")]
    pub classifications: Option<PathBuf>,
    /// Engineer-days per finding kind, day rate and currency, overriding the built-in model.
    #[arg(long, value_name = "FILE")]
    pub cost_model: Option<PathBuf>,
    /// Thresholds of the quality checks and drift tests (JSON with `quality` and `drift`
    /// sections), overriding the documented defaults.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Compare production table CURRENT with baseline table BASELINE (repeatable).
    #[arg(long = "map-table", value_name = "BASELINE=CURRENT")]
    pub map_table: Vec<String>,
    /// Text format: every piece of evidence and the remediation of each finding.
    #[arg(short, long)]
    pub verbose: bool,
}

/// Flags of `gapscan merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Profile files to merge (at least two).
    #[arg(required = true, num_args = 2.., value_name = "PROFILE")]
    pub profiles: Vec<PathBuf>,
    /// Where to write the merged profile.
    #[arg(short, long, required = true, value_name = "FILE")]
    pub output: PathBuf,
}
