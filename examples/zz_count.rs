use handbook::diagnostic::Diagnostics;
use handbook::site::Site;
use std::path::PathBuf;
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
    let pages = handbook::search::documents::collect(
        &prepared.content,
        &prepared.rendered,
        &prepared.titles,
    );
    let text: usize = pages
        .iter()
        .flat_map(|p| p.sections.iter())
        .map(|s| s.text.len() + s.heading.len() + s.anchor.len())
        .sum();
    let cap: usize = pages
        .iter()
        .flat_map(|p| p.sections.iter())
        .map(|s| s.text.capacity() + s.heading.capacity() + s.anchor.capacity())
        .sum();
    let idx = handbook::search::index::build(&pages, "en");
    let postings: usize = idx.terms.values().map(|v| v.len()).sum();
    println!(
        "sections text {} MB (capacity {} MB), terms {}, words {}, postings kept {}",
        text / 1_000_000,
        cap / 1_000_000,
        idx.terms.len(),
        idx.words.len(),
        postings
    );
    Ok(())
}
