//! Nothing leaks: removing the raw values of sensitive columns from a profile.
//!
//! A profile holds raw values in a few places: min and max, the frequent-values sketch and the
//! top values derived from it, quantile sketches (numeric, parsed numbers and parsed dates), and
//! one example per value shape. [`redact`] drops all of them for every column the classification
//! calls sensitive and marks the column `redacted`, so every output built from the profile
//! afterwards (profile file, summary, every report format) is safe by construction. Counts,
//! lengths, the distinct-count sketch (hashes only), shapes and masked detector examples stay.

use super::classify::Classification;
use crate::profile::{ColumnProfile, ProfileFile, shape_of};

/// Strips raw values from one column profile and marks it redacted.
pub fn scrub_column(column: &mut ColumnProfile) {
    column.min = None;
    column.max = None;
    column.frequent = None;
    column.quantiles = None;
    column.moments = None;
    column.parsed_numbers = None;
    column.parsed_times = None;
    if let Some(quality) = &mut column.quality {
        // Key fingerprints of a small value space (SSNs, card numbers) can be reversed.
        quality.redact();
    }
    if let Some(shapes) = &mut column.shapes {
        for (shape, count) in shapes.shapes.iter_mut() {
            // The shape itself carries no content: letters and digits are abstracted away.
            count.example = shape_of(shape);
        }
    }
    column.redacted = true;
    column.finish();
}

/// Removes raw values of every column `classification` calls sensitive, and re-scrubs columns
/// already marked redacted (a merge may have brought values back in).
pub fn redact(file: &mut ProfileFile, classification: &Classification) {
    for table in &mut file.tables {
        for column in &mut table.columns {
            if column.redacted || classification.is_sensitive(&table.name, &column.name) {
                scrub_column(column);
            }
        }
    }
}
