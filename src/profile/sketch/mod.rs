//! Sketches behind gapscan's own types.
//!
//! Every approximate statistic in a profile comes from Apache DataSketches (the `datasketches`
//! crate, pinned exactly). The wrappers here fix the parameters, give the sketches a small API
//! that speaks in gapscan terms (distinct estimate, quantile at rank, top values), and store them
//! in the profile file as base64 of the library's own binary form, so a profile written by one
//! version of gapscan stays readable by any DataSketches implementation (and in the scan's binary
//! partial states as the raw bytes).

mod distinct;
mod encoding;
mod frequent;
mod quantiles;
mod text_item;

pub use distinct::DistinctSketch;
pub(crate) use encoding::{Blob, serialize as serialize_bytes};
pub use frequent::{FrequentKey, FrequentValue, FrequentValues};
pub use quantiles::QuantileSketch;

/// A sketch's stored bytes could not be decoded.
#[derive(Debug, thiserror::Error)]
#[error("cannot decode {sketch} sketch: {reason}")]
pub struct SketchError {
    /// Which sketch (`distinct`, `quantiles`, `frequent`).
    pub sketch: &'static str,
    /// What went wrong, as the decoder said it.
    pub reason: String,
}
