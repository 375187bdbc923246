//! Where built files go: the [`Sink`] every build stage writes to, and the folder on disk
//! behind it. A build writes into a staging folder beside the output and swaps it in at the
//! end, so a failed build leaves the previous output untouched ([`staging`]); it refuses any
//! output folder whose replacement would destroy something that is not a previous build
//! ([`guard`]); and it removes what interrupted builds left behind ([`leftovers`]).

mod guard;
pub mod leftovers;
mod prefixed;
mod staging;

pub use guard::check_output;
pub use prefixed::Prefixed;
pub use staging::Staging;

use std::fs;
use std::io;
use std::path::Path;

/// A file in the output folder that marks it as ours, so a rebuild may replace the folder.
pub const MARKER: &str = ".handbook-build";

/// Receives the files of a build: a folder on disk, or memory for the preview server.
pub trait Sink: Sync {
    /// Writes `bytes` at `rel` (a `/`-separated path below the output root).
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()>;
    /// Copies the file at `from` to `rel`.
    fn copy(&self, rel: &str, from: &Path) -> io::Result<()>;
    /// How many files were written so far.
    fn count(&self) -> usize;
}

/// A sink that keeps nothing: `handbook check` renders the generated pages only for their
/// problems, and benchmarks time stages without a file system.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _rel: &str, _bytes: &[u8]) -> io::Result<()> {
        Ok(())
    }

    fn copy(&self, _rel: &str, _from: &Path) -> io::Result<()> {
        Ok(())
    }

    fn count(&self) -> usize {
        0
    }
}

/// A sink that keeps the files' bytes as they are, for a caller that reads them right back
/// (`handbook search` without a built site). The preview server's `MemorySink` compresses
/// what it keeps instead, since it keeps a whole site for as long as it runs.
#[derive(Default)]
pub struct Collect {
    files: std::sync::Mutex<Vec<(String, Vec<u8>)>>,
}

impl Collect {
    /// The files written: `(path below the output root, bytes)`.
    pub fn into_files(self) -> Vec<(String, Vec<u8>)> {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Collect {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((rel.to_owned(), bytes.to_vec()));
        Ok(())
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        self.write(rel, &fs::read(from)?)
    }

    fn count(&self) -> usize {
        self.files.lock().map_or(0, |files| files.len())
    }
}
