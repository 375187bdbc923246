//! The preview server's output: a [`Sink`] that keeps every built file in memory, so `serve`
//! never touches `public/` and a rebuild can be swapped in (or thrown away) as a whole.

use std::collections::HashMap;
use std::io;
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::output::Sink;

/// A built file as served: its bytes and an entity tag derived from them.
#[derive(Debug, Clone)]
pub struct Served {
    pub bytes: std::sync::Arc<[u8]>,
    pub etag: String,
}

impl Served {
    pub fn new(bytes: Vec<u8>) -> Served {
        let etag = format!("{:016x}", fingerprint(&bytes));
        Served {
            bytes: bytes.into(),
            etag,
        }
    }
}

/// FxHash of the bytes: stable across runs, and eight bytes at a time, which matters when a
/// rebuild fingerprints the whole site.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(bytes)
}

/// Collects the files of one build.
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<HashMap<String, Served>>,
    written: AtomicUsize,
}

impl MemorySink {
    /// The files written, by output path (`area/page/index.html`).
    pub fn into_files(self) -> HashMap<String, Served> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for MemorySink {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let served = Served::new(bytes.to_vec());
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(rel.to_owned(), served);
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        let bytes = std::fs::read(from)?;
        self.write(rel, &bytes)
    }

    fn count(&self) -> usize {
        self.written.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_written_files_with_stable_tags() {
        let sink = MemorySink::default();
        sink.write("a/index.html", b"<p>a</p>").unwrap();
        sink.write("b.css", b"body{}").unwrap();
        assert_eq!(sink.count(), 2);
        let files = sink.into_files();
        assert_eq!(&*files["a/index.html"].bytes, b"<p>a</p>");
        assert_eq!(files["b.css"].etag, Served::new(b"body{}".to_vec()).etag);
    }
}
