//! A sink that writes below a folder of another sink: one language of a multilingual site is
//! written as a site of its own, below `es/` of the output.

use std::io;
use std::path::Path;

use super::Sink;

/// Writes into `inner`, every path below `prefix` (`es/`, or `""` for the root).
pub struct Prefixed<'a> {
    pub inner: &'a dyn Sink,
    pub prefix: &'a str,
}

impl Sink for Prefixed<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.inner.write(&format!("{}{rel}", self.prefix), bytes)
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        self.inner.copy(&format!("{}{rel}", self.prefix), from)
    }

    fn count(&self) -> usize {
        self.inner.count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_go_below_the_prefix() {
        let inner = super::super::Collect::default();
        Prefixed {
            inner: &inner,
            prefix: "es/",
        }
        .write("a/index.html", b"x")
        .unwrap();
        assert_eq!(inner.into_files()[0].0, "es/a/index.html");
    }
}
