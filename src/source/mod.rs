//! What can be read: files, directories, globs; Parquet, CSV/TSV, NDJSON, Arrow IPC.
//!
//! [`discover`] turns the user's sources into [`TableSource`]s, inspecting every file on the way
//! (bad files become errors that name them, and the rest go on). [`dataframe`] turns a table, or
//! one of its files, into a DataFusion `DataFrame` ready for the scan plan. Text formats are read
//! as text (every CSV column is `Utf8`) and typed later by inference, so a junk value can never
//! fail a table.

mod csv_sniff;
pub mod dataframe;
mod discover;
pub mod format;
mod inspect;
mod schema;

pub use csv_sniff::{Dialect, sniff};
pub use discover::{SourceFile, TableSource, discover};
pub use format::{Compression, FileKind, Format};
pub use inspect::Inspection;
pub use schema::unify;
