//! Carrying out a resolved command: the pipeline from sources to written output.
//!
//! Only `main` turns the result into an exit code; everything here returns it.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::config::{Baseline, GapScanConfig, ProfileConfig, ReportConfig, ScanConfig};
use crate::cli::{Cli, Command, DiffArgs, MergeArgs, ReportFormat};
use crate::detect::{Detectors, Manifest};
use crate::engine::Engine;
use crate::error::{GapscanError, Outcome};
use crate::gap::{GapInput, analyse};
use crate::profile::{InputError, ProfileFile, TableProfile};
use crate::report::render::{html, markdown, text};
use crate::report::{Report, output, profile_summary};
use crate::source::discover;

/// Runs one command line.
pub fn run(cli: Cli) -> Result<Outcome, GapscanError> {
    match cli.command {
        Command::Scan(args) => gap_scan(GapScanConfig::resolve(args)?),
        Command::Diff(args) => diff(args),
        Command::Profile(args) => profile(ProfileConfig::resolve(args)?),
        Command::Merge(args) => merge(args),
        Command::Detectors(cmd) => crate::detect::command::run(cmd),
    }
}

/// Scans the sources and returns their profile, with the inputs that could not be read.
pub fn scan(config: &ScanConfig) -> Result<ProfileFile, GapscanError> {
    // The pool that merges and decodes the columns' profiles at the end of a scan (see
    // `engine::udaf`) gets as many threads as the scan. It is set once per process: a later
    // scan with another thread count keeps the first one's pool.
    let _ = rayon::ThreadPoolBuilder::new()
        .num_threads(config.threads)
        .build_global();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(config.threads)
        .enable_all()
        .build()
        .map_err(GapscanError::Runtime)?;
    runtime.block_on(scan_async(config))
}

async fn scan_async(config: &ScanConfig) -> Result<ProfileFile, GapscanError> {
    let (tables, mut errors) = discover(&config.sources, config.input_format);
    let engine = Engine::new(Some(config.threads), config.filter.clone())
        .with_detection(config.detection.clone());
    let progress = Progress::new(config.quiet, tables.len() as u64);
    let mut profiles: Vec<TableProfile> = Vec::new();
    if let Some(sql) = &config.sql {
        for t in &tables {
            if let Err(e) = register(&engine, t).await {
                errors.push(InputError {
                    source: t.root.display().to_string(),
                    message: format!("cannot register table `{}` for --sql: {e}", t.name),
                });
            }
        }
        progress.table("query");
        let profile = engine
            .profile_query("query", sql)
            .await
            .map_err(|e| GapscanError::Query(e.find_root().to_string()))?;
        profiles.push(profile);
    } else {
        for t in &tables {
            progress.table(&t.name);
            let scan = engine.profile_table(t).await;
            errors.extend(scan.errors);
            profiles.extend(scan.profile);
        }
    }
    progress.finish();
    if profiles.is_empty() {
        let reasons: Vec<String> = errors
            .iter()
            .map(|e| format!("{}: {}", e.source, e.message))
            .collect();
        return Err(GapscanError::NoInput(if reasons.is_empty() {
            "no tables found".into()
        } else {
            reasons.join("; ")
        }));
    }
    let mut file = ProfileFile::new(config.sources.clone(), profiles, errors);
    file.filter = config.filter.clone();
    Ok(file)
}

async fn register(
    engine: &Engine,
    table: &crate::source::TableSource,
) -> datafusion::error::Result<()> {
    use crate::source::dataframe::{readable_whole, table_frame};
    if !readable_whole(table) {
        return Err(datafusion::error::DataFusionError::Plan(
            "its files cannot be read as one table".into(),
        ));
    }
    let df = table_frame(engine.context(), table).await?;
    engine
        .context()
        .register_table(table.name.as_str(), df.into_view())?;
    Ok(())
}

fn warn_errors(quiet: bool, errors: &[InputError]) {
    if quiet {
        return;
    }
    for e in errors {
        eprintln!("gapscan: warning: {}: {}", e.source, e.message);
    }
}

fn profile(config: ProfileConfig) -> Result<Outcome, GapscanError> {
    let mut file = scan(&config.scan)?;
    // No manifest here: every column the built-ins (and --detectors) call sensitive is redacted
    // before anything is written.
    let classification = crate::detect::classify(
        &file,
        None,
        &crate::detect::Manifest::default(),
        &config.scan.detection.detectors,
    );
    crate::detect::redact(&mut file, &classification);
    warn_errors(config.scan.quiet, &file.errors);
    match &config.output {
        Some(path) => output::write_streamed(path, |out| file.write_json(out))?,
        None => output::write(None, &profile_summary::render(&file))?,
    }
    Ok(if file.errors.is_empty() {
        Outcome::Clean
    } else {
        Outcome::PartialInput
    })
}

fn gap_scan(config: GapScanConfig) -> Result<Outcome, GapscanError> {
    let current = scan(&config.scan)?;
    warn_errors(config.scan.quiet, &current.errors);
    let baseline = match &config.baseline {
        None => None,
        Some(Baseline::Profile(path)) => {
            Some((ProfileFile::read(path)?, path.display().to_string()))
        }
        Some(Baseline::Data(source)) => {
            let mut scan_config = config.scan.clone();
            scan_config.sources = vec![source.clone()];
            let file = scan(&scan_config).map_err(|e| match e {
                GapscanError::NoInput(why) => {
                    GapscanError::NoInput(format!("baseline {source}: {why}"))
                }
                other => other,
            })?;
            warn_errors(config.scan.quiet, &file.errors);
            Some((file, source.clone()))
        }
    };
    let detectors = &config.scan.detection.detectors;
    let manifest = load_manifest(&config.report, detectors)?;
    let baseline_errors = baseline
        .as_ref()
        .map(|(b, _)| b.errors.clone())
        .unwrap_or_default();
    let mut report = analyse(
        GapInput {
            current,
            baseline,
            detectors,
            manifest: &manifest,
        },
        &config.report,
    );
    report.errors.extend(baseline_errors);
    write_report(&report, &config.report)
}

/// The `--classifications` manifest, or an empty one.
fn load_manifest(config: &ReportConfig, detectors: &Detectors) -> Result<Manifest, GapscanError> {
    Ok(match &config.classifications {
        Some(path) => Manifest::load(path, detectors)?,
        None => Manifest::default(),
    })
}

fn diff(args: DiffArgs) -> Result<Outcome, GapscanError> {
    let config = ReportConfig::resolve(args.report)?;
    let detectors = Detectors::load(&args.detectors)?;
    let manifest = load_manifest(&config, &detectors)?;
    let baseline = ProfileFile::read(&args.baseline)?;
    let current = ProfileFile::read(&args.current)?;
    let baseline_errors = baseline.errors.clone();
    let mut report = analyse(
        GapInput {
            current,
            baseline: Some((baseline, args.baseline.display().to_string())),
            detectors: &detectors,
            manifest: &manifest,
        },
        &config,
    );
    report.errors.extend(baseline_errors);
    write_report(&report, &config)
}

/// Renders and writes the report, and turns it into the exit code: 3 when inputs were left
/// unread (the report is incomplete, so a gate must not pass), else 1 when a finding is at or
/// above `--fail-on`, else 0.
fn write_report(report: &Report, config: &ReportConfig) -> Result<Outcome, GapscanError> {
    let rendered = match config.format {
        ReportFormat::Json => report.to_json(),
        ReportFormat::Markdown => markdown::render(report),
        ReportFormat::Html => html::render(report),
        ReportFormat::Text => {
            let to_terminal = config.output.is_none() && std::io::stdout().is_terminal();
            let color = to_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
            let width = if to_terminal {
                console::Term::stdout()
                    .size_checked()
                    .map_or(100, |(_, w)| usize::from(w))
            } else {
                100
            };
            text::render(
                report,
                text::TextOptions {
                    width,
                    color,
                    verbose: config.verbose,
                },
            )
        }
    };
    output::write(config.output.as_deref(), &rendered)?;
    Ok(if !report.errors.is_empty() {
        Outcome::PartialInput
    } else if config
        .fail_on
        .is_some_and(|threshold| report.worst().is_some_and(|w| w >= threshold))
    {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

fn merge(args: MergeArgs) -> Result<Outcome, GapscanError> {
    let mut files = args.profiles.iter().map(|p| ProfileFile::read(p));
    let mut merged = files
        .next()
        .ok_or_else(|| GapscanError::Usage("merge needs at least two profiles".into()))??;
    for next in files {
        let next = next?;
        for table in next.tables {
            match merged.tables.iter_mut().find(|t| t.name == table.name) {
                Some(mine) => mine.merge(&table).map_err(|source| GapscanError::Merge {
                    table: table.name.clone(),
                    source,
                })?,
                None => merged.tables.push(table),
            }
        }
        merged.sources.extend(next.sources);
        merged.errors.extend(next.errors);
    }
    let mut merged = ProfileFile::new(merged.sources, merged.tables, merged.errors);
    // A column redacted in one input must not regain raw values from another.
    crate::detect::redact(&mut merged, &crate::detect::Classification::default());
    output::write_streamed(&args.output, |out| merged.write_json(out))?;
    Ok(if merged.errors.is_empty() {
        Outcome::Clean
    } else {
        Outcome::PartialInput
    })
}

/// A spinner on stderr naming the table being scanned, only when stderr is a terminal.
struct Progress(Option<ProgressBar>);

impl Progress {
    fn new(quiet: bool, tables: u64) -> Self {
        if quiet || !std::io::stderr().is_terminal() {
            return Self(None);
        }
        let bar = ProgressBar::new(tables);
        bar.set_style(
            ProgressStyle::with_template("{spinner} [{pos}/{len}] profiling {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        Self(Some(bar))
    }

    fn table(&self, name: &str) {
        if let Some(bar) = &self.0 {
            if !bar.message().is_empty() {
                bar.inc(1);
            }
            bar.set_message(name.to_string());
        }
    }

    fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}
