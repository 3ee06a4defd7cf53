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
    std::fs::write(&tmp, text).map_err(fail)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e)
    })
}
