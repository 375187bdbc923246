//! Times the search index stage alone, several times over one prepared site, so that changes to
//! `src/search/` can be compared on a busy machine: `cargo run --release --example search_stage
//! -- target/bench/corpus-10000 [runs]`. It prints the fastest and the median run of each part
//! (gathering each page's facets and text, computing the index files, both); the files are thrown away.

use std::path::PathBuf;
use std::time::Instant;

use handbook::diagnostic::Diagnostics;
use handbook::output::Discard;
use handbook::pipeline::search_pages;
use handbook::search::{IndexSettings, write_files};
use handbook::site::Site;

/// The binary's allocator, so that the figures are the build's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let root = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "target/bench/corpus-10000".into()),
    );
    let runs: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(7);
    let site = match Site::open(&root, None)? {
        Ok(site) => site,
        Err(problems) => anyhow::bail!(
            "{}",
            problems.iter().map(ToString::to_string).collect::<String>()
        ),
    };
    let diagnostics = Diagnostics::default();
    let prepared = handbook::pipeline::prepare(
        &site,
        &handbook::run_options::RunOptions::new(&site),
        &diagnostics,
    );
    let mut text = Vec::new();
    let mut index = Vec::new();
    let mut files = 0;
    let settings = IndexSettings::of(&site.config);
    for _ in 0..runs {
        let started = Instant::now();
        let pages = search_pages::collect(&prepared.content, &prepared.rendered, &prepared.titles);
        text.push(started.elapsed().as_secs_f64() * 1000.0);
        let started = Instant::now();
        files = write_files(&pages, &settings, &Discard, &|_| {})?;
        index.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    let total: Vec<f64> = text.iter().zip(&index).map(|(a, b)| a + b).collect();
    println!(
        "{} pages, {files} index files, {runs} runs",
        prepared.content.pages.len()
    );
    for (name, mut times) in [("text", text), ("index", index), ("both", total)] {
        times.sort_by(f64::total_cmp);
        println!(
            "{name:<6} fastest {:>7.1} ms  median {:>7.1} ms",
            times[0],
            times[times.len() / 2]
        );
    }
    Ok(())
}
