//! Column and table profiles: the one intermediate form of gapscan.
//!
//! Everything after the scan works on profiles, never on raw rows again. A profile is built from
//! Arrow arrays ([`ColumnProfile::update`]), merges with another profile of the same column
//! ([`ColumnProfile::merge`]) so that the profile of a table equals the merge of its partitions'
//! profiles, and is stored as a `gapscan.profile/v1` JSON file ([`ProfileFile`]). This module knows
//! nothing of DataFusion: it takes arrays and gives profiles, so it builds, tests and benchmarks
//! alone.

mod accumulate;
mod column;
pub mod detection;
mod file;
mod grouping;
mod infer;
mod moments;
pub mod quality;
pub mod render;
mod shape;
pub mod sketch;
mod table;
mod text_bounds;
mod trim;
mod value;

pub use accumulate::{ProfileError, kind_of};
pub use column::{
    ColumnProfile, LengthStats, MergeError, ParsedValues, SUMMARY_RANKS, Summary, TopValue,
    ValueKind,
};
pub use detection::{DetectionStats, DetectorHits};
pub use file::{InputError, PROFILE_FORMAT, ProfileFile, ProfileFileError, Tool};
pub use infer::{INFERENCE_SHARE, InferredType, Parsed, TypeCounts, parse, valid_date};
pub use moments::Moments;
pub use quality::QualityStats;
pub use shape::{MAX_SHAPES, ShapeCount, ShapeHistogram, shape_of};
pub use table::{FieldInfo, FileInfo, TableProfile};
pub(crate) use trim::trimmed;
pub use value::Value;
pub(crate) use value::float_bits;
