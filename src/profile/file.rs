//! Reading and writing profile files. The format reference below is `src/profile/format.md`.
//!
#![doc = include_str!("format.md")]

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::table::TableProfile;

/// The format tag every profile file carries.
pub const PROFILE_FORMAT: &str = "gapscan.profile/v1";

/// Which program wrote a file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    /// Always `gapscan`.
    pub name: String,
    /// The gapscan version.
    pub version: String,
}

impl Default for Tool {
    fn default() -> Self {
        Self {
            name: "gapscan".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        }
    }
}

/// A problem that kept part of the input out of the profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputError {
    /// The file, directory or table concerned.
    pub source: String,
    /// What went wrong.
    pub message: String,
}

/// The contents of a profile file.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ProfileFile {
    /// Always [`PROFILE_FORMAT`].
    pub format: String,
    /// The program that wrote it.
    pub tool: Tool,
    /// The sources as given on the command line.
    pub sources: Vec<String>,
    /// The row filter applied (`--where`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filter: Option<String>,
    /// One profile per table, sorted by name.
    pub tables: Vec<TableProfile>,
    /// Inputs that could not be read.
    #[serde(default)]
    pub errors: Vec<InputError>,
}

/// A profile file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum ProfileFileError {
    /// The file could not be opened, read or written.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not JSON of the expected shape.
    #[error("{path}: not a gapscan profile: {reason}")]
    Invalid {
        /// The path.
        path: String,
        /// What serde said, with the line and column.
        reason: String,
    },
    /// The file is a profile of another format version.
    #[error("{path}: format is {found:?}, this gapscan reads {PROFILE_FORMAT:?}")]
    Version {
        /// The path.
        path: String,
        /// The format the file declares.
        found: String,
    },
}

impl ProfileFile {
    /// A profile file holding `tables`, sorted by name.
    pub fn new(
        sources: Vec<String>,
        mut tables: Vec<TableProfile>,
        errors: Vec<InputError>,
    ) -> Self {
        tables.sort_by(|a, b| a.name.cmp(&b.name));
        Self {
            format: PROFILE_FORMAT.into(),
            tool: Tool::default(),
            sources,
            filter: None,
            tables,
            errors,
        }
    }

    /// Serialises to pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        self.write_json(&mut out)
            .expect("profiles always serialise");
        String::from_utf8(out).expect("JSON is UTF-8")
    }

    /// Writes [`Self::to_json`]'s text to `out` as it is produced.
    pub fn write_json(&self, mut out: impl std::io::Write) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut out, self)?;
        out.write_all(b"\n")
    }

    /// Parses a profile file's text; `path` is only used in messages.
    pub fn from_json(path: &str, text: &str) -> Result<Self, ProfileFileError> {
        #[derive(Deserialize)]
        struct Header {
            format: Option<String>,
        }
        let header: Header = serde_json::from_str(text).map_err(|e| ProfileFileError::Invalid {
            path: path.into(),
            reason: e.to_string(),
        })?;
        match header.format.as_deref() {
            Some(PROFILE_FORMAT) => {}
            Some(other) => {
                return Err(ProfileFileError::Version {
                    path: path.into(),
                    found: other.into(),
                });
            }
            None => {
                return Err(ProfileFileError::Invalid {
                    path: path.into(),
                    reason: "no \"format\" field".into(),
                });
            }
        }
        serde_json::from_str(text).map_err(|e| ProfileFileError::Invalid {
            path: path.into(),
            reason: e.to_string(),
        })
    }

    /// Reads and parses a profile file.
    pub fn read(path: &Path) -> Result<Self, ProfileFileError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| ProfileFileError::Io {
            path: shown.clone(),
            source,
        })?;
        Self::from_json(&shown, &text)
    }
}
