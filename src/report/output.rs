//! Writing output: stdout, or a file written atomically (a temporary file beside it, then a
//! rename), so a scheduled job never reads half a report.

use std::io::Write;
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use crate::error::GapscanError;

/// Writes `text` to `path` atomically, or to stdout when `path` is `None`.
pub fn write(path: Option<&Path>, text: &str) -> Result<(), GapscanError> {
    let Some(path) = path else {
        let mut out = std::io::stdout().lock();
        // A closed pipe (`gapscan … | head`) is not an error worth reporting.
        let _ = out.write_all(text.as_bytes()).and_then(|_| out.flush());
        return Ok(());
    };
    write_atomically(path, |mut file| file.write_all(text.as_bytes()))
}

/// Writes to `path` atomically what `produce` writes, as it writes it: a large profile file goes
/// to disk a chunk at a time ([`WriterThread`]) instead of being built as one string first.
pub fn write_streamed(
    path: &Path,
    produce: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<(), GapscanError> {
    write_atomically(path, |file| {
        let mut out = WriterThread::new(file);
        let produced = produce(&mut out);
        let finished = out.finish();
        produced.and(finished)
    })
}

/// Creates a temporary file beside `path`, has `fill` write it, then renames it to `path`; on
/// any error the temporary file is removed and the error names `path`.
fn write_atomically(
    path: &Path,
    fill: impl FnOnce(std::fs::File) -> std::io::Result<()>,
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
    if let Err(e) = std::fs::File::create(&tmp).and_then(fill) {
        let _ = std::fs::remove_file(&tmp);
        return Err(fail(e));
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        fail(e)
    })
}

/// Bytes gathered into a chunk before it goes to the writing thread.
const CHUNK: usize = 1 << 20;
/// Chunks on their way to the file at most (so at most this many MiB in flight).
const CHUNKS_IN_FLIGHT: usize = 4;

/// A `Write` whose bytes reach the file on a thread of its own, a chunk at a time: producing a
/// profile's text (base64 and JSON escaping of megabytes of key fingerprints) and copying it into
/// the kernel overlap, at the end of a scan where nothing else is left to run. Emptied chunks
/// come back to be filled again, so the memory is allocated once.
struct WriterThread {
    chunk: Vec<u8>,
    full: Option<SyncSender<Vec<u8>>>,
    empty: Receiver<Vec<u8>>,
    thread: Option<JoinHandle<std::io::Result<()>>>,
}

impl WriterThread {
    fn new(mut file: std::fs::File) -> Self {
        let (full, chunks) = sync_channel::<Vec<u8>>(CHUNKS_IN_FLIGHT);
        let (give_back, empty) = sync_channel::<Vec<u8>>(CHUNKS_IN_FLIGHT + 1);
        let thread = std::thread::spawn(move || {
            for mut chunk in chunks {
                file.write_all(&chunk)?;
                chunk.clear();
                // The producer may be gone or have chunks enough; either way, drop this one.
                let _ = give_back.try_send(chunk);
            }
            file.flush()
        });
        Self {
            chunk: Vec::with_capacity(CHUNK),
            full: Some(full),
            empty,
            thread: Some(thread),
        }
    }

    /// Sends the chunk to the writing thread; its error if it has stopped on one.
    fn send(&mut self) -> std::io::Result<()> {
        let next = self
            .empty
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(CHUNK));
        let chunk = std::mem::replace(&mut self.chunk, next);
        let sent = self.full.as_ref().map(|full| full.send(chunk).is_ok());
        if sent == Some(true) {
            Ok(())
        } else {
            Err(self
                .join()
                .err()
                .unwrap_or_else(|| std::io::Error::other("the file writing thread stopped")))
        }
    }

    /// Waits for the writing thread, after telling it no more chunks come.
    fn join(&mut self) -> std::io::Result<()> {
        self.full = None;
        match self.thread.take().map(JoinHandle::join) {
            Some(Ok(result)) => result,
            Some(Err(_)) => Err(std::io::Error::other("the file writing thread panicked")),
            None => Ok(()),
        }
    }

    /// Sends what is left and waits until every byte is written.
    fn finish(mut self) -> std::io::Result<()> {
        if !self.chunk.is_empty() {
            self.send()?;
        }
        self.join()
    }
}

impl Write for WriterThread {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.chunk.extend_from_slice(buf);
        if self.chunk.len() >= CHUNK {
            self.send()?;
        }
        Ok(buf.len())
    }

    /// Hands the bytes gathered so far to the writing thread (without waiting for the file).
    fn flush(&mut self) -> std::io::Result<()> {
        if self.chunk.is_empty() {
            Ok(())
        } else {
            self.send()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_streamed_file_holds_every_byte_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        // Several chunks, written in pieces of odd sizes.
        let text: Vec<u8> = (0..5 * CHUNK + 12_345).map(|i| (i % 251) as u8).collect();
        write_streamed(&path, |out| {
            text.chunks(7_919)
                .try_for_each(|piece| out.write_all(piece))
        })
        .unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), text);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left");
    }

    #[test]
    fn a_failing_file_is_an_error_not_a_hang() {
        // Every write to /dev/full fails with "no space left on device".
        let Ok(file) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
            return;
        };
        let mut out = WriterThread::new(file);
        let big = vec![b'x'; CHUNK];
        let mut result = Ok(());
        for _ in 0..3 * CHUNKS_IN_FLIGHT {
            result = out.write_all(&big);
            if result.is_err() {
                break;
            }
        }
        let finished = out.finish();
        assert!(result.is_err() || finished.is_err());
    }

    #[test]
    fn an_error_while_producing_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        let e = write_streamed(&path, |out| {
            out.write_all(b"{")?;
            Err(std::io::Error::other("serialisation failed"))
        })
        .unwrap_err();
        assert!(e.to_string().contains("out.json"), "{e}");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
