//! Labelled accuracy of the detectors at column level: prints precision and recall per detector
//! and overall on the reproducible corpus of `gapscan::detect::accuracy` (valid values under
//! hinting and innocent names, free text, invalid look-alikes, decoys). Not a timing bench, so
//! an example on the dev profile: `cargo run --example detector_accuracy`. Pass a seed to try
//! another corpus: `cargo run --example detector_accuracy -- 7`. Exits 1 below the goal
//! (precision and recall 0.95, no negative column flagged).

use std::sync::Arc;

use gapscan::detect::Detectors;
use gapscan::detect::accuracy::{corpus, evaluate, table};

fn main() {
    let seed = std::env::args()
        .skip(1)
        .find_map(|a| a.parse::<u64>().ok())
        .unwrap_or(42);
    let detectors = match Detectors::builtin() {
        Ok(d) => Arc::new(d),
        Err(e) => {
            eprintln!("detector_accuracy: {e}");
            std::process::exit(2);
        }
    };
    let columns = corpus(&detectors, seed);
    let e = evaluate(&detectors, &columns);
    println!("seed {seed}\n\n{}", table(&e));
    if e.overall.precision() < 0.95 || e.overall.recall() < 0.95 || !e.flagged_negatives.is_empty()
    {
        std::process::exit(1);
    }
}
