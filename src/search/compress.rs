//! Pre-compressed copies of the index files every query reads: `index.json`, the term shards
//! and `facets.json` get a `.json.gz` beside them,
//! so that a static host that serves such copies (GitLab Pages, nginx `gzip_static`, Netlify,
//! Caddy `precompressed`) sends a query's index files at a third of their size without
//! compressing them on each request. `search.js` asks for the `.json` path as before; the host
//! picks the copy when the browser accepts gzip.

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;

/// The gzip level: 6, the default of gzip itself (the copies are few: see [`worth_a_copy`]).
const LEVEL: u32 = 6;

/// Whether a file of the index gets a gzip copy: the files every query reads (`index.json`, the
/// term shards, `facets.json`), not the page records. Those are one file per two pages, and
/// creating a second file for each took more than the index stage's own time on the
/// 10,000-page corpus (file creation, not compression, was the cost: 1.5 s CPU either at
/// level 6 or 1); a host that compresses on the fly still compresses them.
pub fn worth_a_copy(rel: &str) -> bool {
    !rel.contains("/p/")
}

/// `bytes` gzip-compressed.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(
        Vec::with_capacity(bytes.len() / 3 + 64),
        Compression::new(LEVEL),
    );
    // Writing into a Vec cannot fail.
    encoder.write_all(bytes).expect("gzip into memory");
    encoder.finish().expect("gzip into memory")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn gzip_round_trips() {
        let text = "refund policy ".repeat(500);
        let packed = gzip(text.as_bytes());
        assert!(packed.len() < text.len() / 10);
        let mut out = String::new();
        flate2::read::GzDecoder::new(&packed[..])
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, text);
    }
}
