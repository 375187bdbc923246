//! The preview server's output: a [`Sink`] that keeps every built file in memory, so `serve`
//! never touches `public/` and a rebuild can be swapped in (or thrown away) as a whole.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use crate::output::Sink;

/// A built file as served: its bytes and an entity tag derived from them.
///
/// Text files are kept LZ4-compressed: the HTML of a 10,000-page site is some 360 MB, a
/// quarter of that compressed, and LZ4 unpacks a page in microseconds when it is requested.
#[derive(Debug, Clone)]
pub struct Served {
    stored: Arc<[u8]>,
    compressed: bool,
    pub etag: String,
}

/// Files smaller than this are kept as they are.
const COMPRESS_FROM: usize = 2048;

impl Served {
    pub fn new(bytes: Vec<u8>) -> Served {
        Served::from_slice(&bytes)
    }

    pub fn from_slice(bytes: &[u8]) -> Served {
        let etag = format!("{:016x}", fingerprint(bytes));
        if bytes.len() >= COMPRESS_FROM {
            let packed = lz4_flex::compress_prepend_size(bytes);
            // Images and archives do not shrink: keep those as they are.
            if packed.len() < bytes.len() / 4 * 3 {
                return Served {
                    stored: packed.into(),
                    compressed: true,
                    etag,
                };
            }
        }
        Served {
            stored: bytes.into(),
            compressed: false,
            etag,
        }
    }

    /// The file's bytes.
    pub fn bytes(&self) -> Cow<'_, [u8]> {
        if self.compressed {
            // Only this type packs the bytes, so unpacking cannot fail; an empty file if it did.
            Cow::Owned(lz4_flex::decompress_size_prepended(&self.stored).unwrap_or_default())
        } else {
            Cow::Borrowed(&self.stored)
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
        let served = Served::from_slice(bytes);
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
        assert_eq!(&*files["a/index.html"].bytes(), b"<p>a</p>");
        assert_eq!(files["b.css"].etag, Served::new(b"body{}".to_vec()).etag);
    }

    #[test]
    fn large_text_is_kept_compressed_and_read_back_whole() {
        let page = "<p>The same paragraph again.</p>\n".repeat(500);
        let served = Served::new(page.clone().into_bytes());
        assert!(served.compressed);
        assert!(served.stored.len() < page.len() / 4);
        assert_eq!(&*served.bytes(), page.as_bytes());
        assert_eq!(served.etag, Served::new(page.into_bytes()).etag);
    }
}
