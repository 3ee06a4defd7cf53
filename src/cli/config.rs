//! The resolved run: raw flags checked and turned into what the run needs.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::detect::{DetectionConfig, Detectors};
use crate::error::GapscanError;
use crate::gap::AnalysisConfig;
use crate::report::{CostModel, Severity};
use crate::source::Format;

use super::{FailOn, ProfileArgs, ReportArgs, ReportFormat, ScanArgs, ScanCommandArgs};

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

/// How to report: resolved from [`ReportArgs`].
#[derive(Clone, Debug)]
pub struct ReportConfig {
    /// Output format.
    pub format: ReportFormat,
    /// Output file, or stdout.
    pub output: Option<PathBuf>,
    /// Findings at or above this severity make the exit code 1.
    pub fail_on: Option<Severity>,
    /// The classification manifest, if any.
    pub classifications: Option<PathBuf>,
    /// The cost model (the built-in one unless `--cost-model` names a file).
    pub cost_model: CostModel,
    /// Baseline table name for each production table whose names differ.
    pub table_map: BTreeMap<String, String>,
    /// More evidence in the text format.
    pub verbose: bool,
    /// Thresholds of the analyses (`--config FILE`, else the defaults).
    pub analysis: AnalysisConfig,
}

/// What `gapscan scan` will do.
#[derive(Clone, Debug)]
pub struct GapScanConfig {
    /// The production scan.
    pub scan: ScanConfig,
    /// The baseline: a profile file, or data scanned with the same flags.
    pub baseline: Option<Baseline>,
    /// The report.
    pub report: ReportConfig,
}

/// Where the baseline comes from.
#[derive(Clone, Debug)]
pub enum Baseline {
    /// A profile file saved earlier.
    Profile(PathBuf),
    /// Data to scan with the production scan's flags.
    Data(String),
}

impl ReportConfig {
    /// Checks and resolves report flags (loads the cost model).
    pub fn resolve(args: ReportArgs) -> Result<Self, GapscanError> {
        let cost_model = match &args.cost_model {
            Some(path) => CostModel::load(path).map_err(|e| GapscanError::Usage(e.to_string()))?,
            None => CostModel::default(),
        };
        let mut table_map = BTreeMap::new();
        for pair in &args.map_table {
            let Some((baseline, current)) = pair.split_once('=') else {
                return Err(GapscanError::Usage(format!(
                    "--map-table wants BASELINE=CURRENT, got `{pair}`"
                )));
            };
            if baseline.is_empty() || current.is_empty() {
                return Err(GapscanError::Usage(format!(
                    "--map-table wants BASELINE=CURRENT, got `{pair}`"
                )));
            }
            table_map.insert(current.to_string(), baseline.to_string());
        }
        let analysis = match &args.config {
            Some(path) => {
                AnalysisConfig::load(path).map_err(|e| GapscanError::Usage(e.to_string()))?
            }
            None => AnalysisConfig::default(),
        };
        Ok(Self {
            analysis,
            format: args.format,
            output: args.output,
            fail_on: args.fail_on.map(|f| match f {
                FailOn::Critical => Severity::Critical,
                FailOn::High => Severity::High,
                FailOn::Medium => Severity::Medium,
                FailOn::Low => Severity::Low,
            }),
            classifications: args.classifications,
            cost_model,
            table_map,
            verbose: args.verbose,
        })
    }
}

impl GapScanConfig {
    /// Checks and resolves `gapscan scan` flags.
    pub fn resolve(args: ScanCommandArgs) -> Result<Self, GapscanError> {
        let baseline = args.baseline.map(|b| {
            let path = std::path::Path::new(&b);
            if is_profile_file(path) {
                Baseline::Profile(path.to_path_buf())
            } else {
                Baseline::Data(b)
            }
        });
        Ok(Self {
            scan: ScanConfig::resolve(args.sources, args.scan)?,
            baseline,
            report: ReportConfig::resolve(args.report)?,
        })
    }
}

/// Whether `path` is a gapscan profile file: a file whose first kilobytes name the format.
fn is_profile_file(path: &std::path::Path) -> bool {
    use std::io::Read;
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let mut head = Vec::with_capacity(4096);
    if file.take(4096).read_to_end(&mut head).is_err() {
        return false;
    }
    let head = String::from_utf8_lossy(&head);
    head.trim_start().starts_with('{') && head.contains(crate::profile::PROFILE_FORMAT)
}
