//! File formats and compression, found by extension or set by flag.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// A format gapscan reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, clap::ValueEnum)]
pub enum Format {
    /// Apache Parquet.
    Parquet,
    /// Comma-separated (or other delimiter, detected) text.
    Csv,
    /// Tab-separated text.
    Tsv,
    /// Newline-delimited JSON, one object per line.
    Ndjson,
    /// Arrow IPC file format (Feather v2).
    Arrow,
}

impl Format {
    /// The lower-case name used in profiles and messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Parquet => "parquet",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Ndjson => "ndjson",
            Format::Arrow => "arrow",
        }
    }

    /// Whether the format is text (read as text, typed by inference, compressible).
    pub fn is_text(self) -> bool {
        matches!(self, Format::Csv | Format::Tsv | Format::Ndjson)
    }

    fn from_extension(ext: &str) -> Option<Format> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "parquet" | "pq" | "parq" => Format::Parquet,
            "csv" => Format::Csv,
            "tsv" | "tab" => Format::Tsv,
            "ndjson" | "jsonl" | "json" => Format::Ndjson,
            "arrow" | "ipc" | "feather" => Format::Arrow,
            _ => return None,
        })
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Compression of a text file, from its last extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Compression {
    /// Not compressed.
    None,
    /// gzip (`.gz`).
    Gzip,
    /// Zstandard (`.zst`).
    Zstd,
}

impl Compression {
    /// The file extension DataFusion expects after the format's (`.gz`, `.zst`, or none).
    pub fn suffix(self) -> &'static str {
        match self {
            Compression::None => "",
            Compression::Gzip => ".gz",
            Compression::Zstd => ".zst",
        }
    }

    /// Wraps a reader so that it yields decompressed bytes.
    pub fn reader<'a>(self, inner: impl Read + 'a) -> std::io::Result<Box<dyn Read + 'a>> {
        Ok(match self {
            Compression::None => Box::new(inner),
            Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(inner)),
            Compression::Zstd => Box::new(zstd::stream::read::Decoder::new(inner)?),
        })
    }
}

/// What a file's name says about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileKind {
    /// The format.
    pub format: Format,
    /// The compression.
    pub compression: Compression,
}

/// Why a file's kind could not be decided.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum KindError {
    /// The extension names no format gapscan reads.
    #[error("unknown file format{}; name one with --input-format", match .0 { Some(e) => format!(" (extension .{e})"), None => " (no extension)".to_string() })]
    Unknown(Option<String>),
    /// Binary formats carry their own compression.
    #[error(
        "{0} files cannot be compressed as a whole; Parquet and Arrow compress inside the file"
    )]
    CompressedBinary(Format),
}

/// The kind of a file from its name (`events.ndjson.gz` → NDJSON, gzip), or from `forced`.
pub fn kind_of(path: &Path, forced: Option<Format>) -> Result<FileKind, KindError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut parts = name.rsplit('.');
    let last = parts.next().filter(|_| name.contains('.'));
    let (compression, format_ext) = match last.map(str::to_ascii_lowercase).as_deref() {
        Some("gz") => (Compression::Gzip, parts.next()),
        Some("zst") => (Compression::Zstd, parts.next()),
        _ => (Compression::None, last),
    };
    let format = match forced {
        Some(f) => f,
        None => format_ext
            .and_then(Format::from_extension)
            .ok_or_else(|| KindError::Unknown(format_ext.map(str::to_string)))?,
    };
    if compression != Compression::None && !format.is_text() {
        return Err(KindError::CompressedBinary(format));
    }
    Ok(FileKind {
        format,
        compression,
    })
}

/// The table name a file gives: its name without format and compression extensions.
pub fn table_name_of(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut stem = name.as_str();
    for _ in 0..2 {
        if let Some((head, ext)) = stem.rsplit_once('.') {
            let ext = ext.to_ascii_lowercase();
            if !head.is_empty()
                && (ext == "gz" || ext == "zst" || Format::from_extension(&ext).is_some())
            {
                stem = head;
            }
        }
    }
    stem.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_from_names() {
        let k = kind_of(Path::new("a/events.ndjson.gz"), None).unwrap();
        assert_eq!(
            (k.format, k.compression),
            (Format::Ndjson, Compression::Gzip)
        );
        let k = kind_of(Path::new("x.PARQUET"), None).unwrap();
        assert_eq!(k.format, Format::Parquet);
        assert_eq!(
            kind_of(Path::new("notes.txt"), None),
            Err(KindError::Unknown(Some("txt".into())))
        );
        assert_eq!(
            kind_of(Path::new("README"), None),
            Err(KindError::Unknown(None))
        );
        assert!(kind_of(Path::new("a.parquet.gz"), None).is_err());
        assert_eq!(
            kind_of(Path::new("data.txt"), Some(Format::Csv))
                .unwrap()
                .format,
            Format::Csv
        );
    }

    #[test]
    fn table_names_drop_format_and_compression() {
        assert_eq!(table_name_of(Path::new("x/events.ndjson.gz")), "events");
        assert_eq!(table_name_of(Path::new("customers.csv")), "customers");
        assert_eq!(table_name_of(Path::new("orders")), "orders");
        assert_eq!(table_name_of(Path::new("v1.2.csv")), "v1.2");
    }
}
