//! Base64 transport of sketch bytes inside the JSON profile file.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::SketchError;

pub(super) fn encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

pub(super) fn decode(sketch: &'static str, text: &str) -> Result<Vec<u8>, SketchError> {
    STANDARD.decode(text).map_err(|e| SketchError {
        sketch,
        reason: format!("invalid base64: {e}"),
    })
}
