//! Pre-compressed copies of the index files: each `search/**.json` gets a `.json.gz` beside it,
//! so that a static host that serves such copies (GitLab Pages, nginx `gzip_static`, Netlify,
//! Caddy `precompressed`) sends a query's index files at a third of their size without
//! compressing them on each request. `search.js` asks for the `.json` path as before; the host
//! picks the copy when the browser accepts gzip.

use std::io::Write;

use flate2::Compression;
use flate2::write::GzEncoder;

/// The gzip level: 6 (the default of gzip itself) compresses the JSON nearly as well as 9 at
/// half the time; the copies are made once per build for every index file.
const LEVEL: u32 = 6;

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
