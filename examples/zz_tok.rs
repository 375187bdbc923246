use handbook::diagnostic::Diagnostics;
use handbook::site::Site;
use std::path::PathBuf;
use std::time::Instant;
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
fn main() -> anyhow::Result<()> {
    let root = PathBuf::from(std::env::args().nth(1).unwrap());
    let site = match Site::open(&root, None, false)? {
        Ok(s) => s,
        Err(d) => anyhow::bail!("{d}"),
    };
    let diagnostics = Diagnostics::default();
    let prepared = handbook::build::prepare(&site, &diagnostics);
    let texts: Vec<&str> = prepared
        .rendered
        .iter()
        .flat_map(|r| r.sections.iter().map(|s| s.text.as_str()))
        .collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    for _ in 0..3 {
        let t = Instant::now();
        let mut n = 0usize;
        let mut l = 0usize;
        for text in &texts {
            handbook::search::tokenize::for_each_token(text, |w, _| {
                n += 1;
                l += w.len();
            });
        }
        println!(
            "tokenize: {n} tokens, {l} bytes, of {bytes} text bytes, {:?} ({:.1} ns/token)",
            t.elapsed(),
            t.elapsed().as_nanos() as f64 / n as f64
        );
        let t = Instant::now();
        let mut map: rustc_hash::FxHashMap<String, u32> = Default::default();
        let mut s = 0u64;
        for text in &texts {
            handbook::search::tokenize::for_each_token(text, |w, _| {
                if let Some(&id) = map.get(w) {
                    s += id as u64;
                    return;
                }
                let id = map.len() as u32;
                map.insert(w.to_owned(), id);
                s += id as u64;
            });
        }
        println!(
            "tokenize+lookup: {} words {:?} ({s})",
            map.len(),
            t.elapsed()
        );
    }
    Ok(())
}
