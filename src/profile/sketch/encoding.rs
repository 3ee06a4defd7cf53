//! Transport of binary fields (sketch bytes, key fingerprints): base64 text in the JSON profile
//! file, plain byte strings in binary forms such as the scan's partial states.
//!
//! The choice follows the serde format's `is_human_readable`, so one `Serialize` impl writes
//! both, and reading accepts either form whatever the format says (serde's buffering of untagged
//! enums does not carry the flag through).

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde::de::{Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::SketchError;

/// Bytes as stored: base64 text when read from JSON, raw when read from a binary format.
#[derive(Debug)]
pub(crate) enum Blob {
    /// Base64 text, not yet decoded.
    Text(String),
    /// The bytes themselves.
    Bytes(Vec<u8>),
}

impl Blob {
    /// The bytes, decoding base64 text; errors name `what` was being read.
    pub(crate) fn into_bytes(self, what: &'static str) -> Result<Vec<u8>, SketchError> {
        match self {
            Blob::Bytes(bytes) => Ok(bytes),
            Blob::Text(text) => STANDARD.decode(text).map_err(|e| SketchError {
                sketch: what,
                reason: format!("invalid base64: {e}"),
            }),
        }
    }
}

/// Writes `bytes` as base64 text to a human-readable format and as a byte string otherwise.
pub(crate) fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
    if serializer.is_human_readable() {
        // Encoded into the output as it is written, not into a string first: key fingerprints
        // run to megabytes.
        serializer.collect_str(&base64::display::Base64Display::new(bytes, &STANDARD))
    } else {
        serializer.serialize_bytes(bytes)
    }
}

impl Serialize for Blob {
    /// Bytes as [`serialize`] writes them; text read from JSON is written back as it was.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Blob::Bytes(bytes) => serialize(bytes, serializer),
            Blob::Text(text) => serializer.serialize_str(text),
        }
    }
}

impl<'de> Deserialize<'de> for Blob {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BlobVisitor;

        impl<'de> Visitor<'de> for BlobVisitor {
            type Value = Blob;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("base64 text or a byte string")
            }

            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Blob, E> {
                Ok(Blob::Text(v.to_owned()))
            }

            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Blob, E> {
                Ok(Blob::Text(v))
            }

            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Blob, E> {
                Ok(Blob::Bytes(v.to_vec()))
            }

            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Blob, E> {
                Ok(Blob::Bytes(v))
            }
        }

        deserializer.deserialize_any(BlobVisitor)
    }
}

/// Reads a stored byte field and hands its bytes to the sketch library's `parse`, naming the
/// sketch in any error.
pub(super) fn deserialize<'de, D, T, E>(
    sketch: &'static str,
    deserializer: D,
    parse: impl FnOnce(&[u8]) -> Result<T, E>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    E: std::fmt::Display,
{
    let bytes = Blob::deserialize(deserializer)?
        .into_bytes(sketch)
        .map_err(serde::de::Error::custom)?;
    parse(&bytes).map_err(|e| {
        serde::de::Error::custom(SketchError {
            sketch,
            reason: e.to_string(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize)]
    struct Holder {
        data: Blob,
    }

    #[test]
    fn json_carries_base64_and_binary_formats_carry_bytes() {
        let bytes = vec![0u8, 1, 2, 250, 255];
        let holder = Holder {
            data: Blob::Bytes(bytes.clone()),
        };
        let json = serde_json::to_string(&holder).unwrap();
        assert_eq!(json, r#"{"data":"AAEC+v8="}"#);
        let back: Holder = serde_json::from_str(&json).unwrap();
        assert_eq!(back.data.into_bytes("test").unwrap(), bytes);

        let mut cbor = Vec::new();
        ciborium::into_writer(&holder, &mut cbor).unwrap();
        // The five bytes follow a CBOR byte-string header, not base64.
        assert!(cbor.windows(5).any(|w| w == bytes.as_slice()));
        let back: Holder = ciborium::from_reader(cbor.as_slice()).unwrap();
        assert_eq!(back.data.into_bytes("test").unwrap(), bytes);
    }

    #[test]
    fn bad_base64_names_what_was_read() {
        let err = Blob::Text("not base64!".into())
            .into_bytes("quantiles")
            .unwrap_err();
        assert!(err.to_string().contains("quantiles"), "{err}");
    }
}
