//! Writing output: stdout, or a file written atomically (a temporary file beside it, then a
//! rename), so a scheduled job never reads half a report.

use std::io::Write;
use std::path::Path;

use crate::error::GapscanError;

/// Writes `text` to `path` atomically, or to stdout when `path` is `None`.
pub fn write(path: Option<&Path>, text: &str) -> Result<(), GapscanError> {
    let Some(path) = path else {
        let mut out = std::io::stdout().lock();
        // A closed pipe (`gapscan … | head`) is not an error worth reporting.
        let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
        return Ok(());
    };
    write_streamed(path, |out| out.write_all(text.as_bytes()))
}

/// Writes to `path` atomically what `produce` writes, as it writes it: a large profile file goes
/// to disk through a buffer instead of being built as one string first.
pub fn write_streamed(
    path: &Path,
    produce: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), GapscanError> {
    let fail = |source| GapscanError::Output {
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = std::fs::File::create(&tmp).and_then(|file| {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        produce(&mut out)?;
        out.into_inner().map_err(|e| e.into_error())?;
        Ok(())
    });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e)
    })
}
