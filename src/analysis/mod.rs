//! Analyses: pure functions of profiles that return [`Finding`](crate::report::Finding)s.
//!
//! Nothing here reads data. Quality checks look at one table's profile; drift compares a
//! table's profile with its baseline's. A new check is a new function and a test, not a new
//! pass over the data.

pub mod quality;
