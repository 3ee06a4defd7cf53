//! Prints the sensitive-field classification of CURRENT against an optional BASELINE and
//! manifest, from profile files written by `gapscan profile -o`:
//!
//! ```sh
//! gapscan profile samples/production -o /tmp/prod.json
//! gapscan profile samples/pilot -o /tmp/pilot.json
//! cargo run --example classify -- /tmp/prod.json /tmp/pilot.json samples/classifications.json
//! ```
//!
//! Until `gapscan scan` renders them, this is the quickest way to read the findings.

use std::path::Path;

use gapscan::detect::{Detectors, Manifest, classify};
use gapscan::profile::ProfileFile;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(current) = args.first() else {
        eprintln!("usage: classify CURRENT.json [BASELINE.json [MANIFEST]]");
        std::process::exit(2);
    };
    let detectors = Detectors::builtin()?;
    let current = ProfileFile::read(Path::new(current))?;
    let baseline = args
        .get(1)
        .map(|p| ProfileFile::read(Path::new(p)))
        .transpose()?;
    let manifest = match args.get(2) {
        Some(p) => Manifest::load(Path::new(p), &detectors)?,
        None => Manifest::default(),
    };
    let c = classify(&current, baseline.as_ref(), &manifest, &detectors);
    for col in &c.columns {
        if let Some(s) = &col.sensitive {
            println!(
                "{}.{}: {} ({}, confidence {}, classified {})",
                col.table, col.column, s.entity, s.category, s.confidence, s.classified
            );
        }
    }
    println!();
    for f in &c.findings {
        println!(
            "[{}] {} {}\n    {}",
            f.severity,
            f.id,
            serde_json::to_string(&f.evidence)?,
            f.message
        );
    }
    Ok(())
}
