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

/// Writes sketch bytes as a base64 string.
pub(super) fn serialize<S: serde::Serializer>(
    bytes: &[u8],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&encode(bytes))
}

/// Reads a base64 string and hands its bytes to the sketch library's `parse`, naming the sketch
/// in any error.
pub(super) fn deserialize<'de, D, T, E>(
    sketch: &'static str,
    deserializer: D,
    parse: impl FnOnce(&[u8]) -> Result<T, E>,
) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    E: std::fmt::Display,
{
    use serde::Deserialize;
    let text = String::deserialize(deserializer)?;
    let bytes = decode(sketch, &text).map_err(serde::de::Error::custom)?;
    parse(&bytes).map_err(|e| {
        serde::de::Error::custom(SketchError {
            sketch,
            reason: e.to_string(),
        })
    })
}
