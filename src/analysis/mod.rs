//! Analyses: pure functions of profiles that return [`Finding`](crate::report::Finding)s.
//!
//! Nothing here reads data. Quality checks look at one table's profile; drift compares a
//! table's profile with its baseline's. A new check is a new function and a test, not a new
//! pass over the data.
//!
//! - [`quality`]: one table disagreeing with itself ([`quality::check_table`]).
//! - [`schema_drift`]: columns added, removed and renamed, changed types and nullability.
//! - [`drift`]: distribution drift, new categories, range coverage, null-rate and cardinality
//!   changes, and pilot coverage; [`drift::compare`] is the entry point for both.

pub mod drift;
pub mod quality;
pub mod schema_drift;
