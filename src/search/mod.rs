//! Full-text search without a server: the build writes an index split by term (see [`shard`]),
//! the default theme's `search.js` loads only the pieces a query needs, and `handbook search`
//! answers the same queries in the terminal ([`query`]).
//!
//! The stages: [`documents`] gathers each page's text and facets, [`sections`] cuts the HTML at
//! headings, [`tokenize`] and [`stem`] turn text into terms, [`index`] scores them, [`shard`]
//! lays the index out in files.

pub mod command;
pub mod documents;
pub mod encode;
pub mod index;
pub mod query;
pub mod sections;
pub mod shard;
pub mod stem;
pub mod tokenize;

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::build::pages::RenderedPage;
use crate::content::Content;
use crate::output::Sink;
use documents::SearchPage;

/// Folder of the index in the output.
pub const DIR: &str = "search";
/// Version of the file format; `search.js` refuses another.
pub const FORMAT: u32 = 1;
/// A section's text is cut after this many characters in the page files (excerpts come from it).
const MAX_SECTION_CHARS: usize = 3000;

/// What the index stage needs from the build.
pub struct IndexInput<'a> {
    pub content: &'a Content,
    pub rendered: &'a [RenderedPage],
    pub titles: &'a [String],
    /// The site's `language`, which picks the stemmer.
    pub language: &'a str,
    /// `search.responses_first` from handbook.yml, recorded in `index.json` for every reader.
    pub responses_first: bool,
}

/// Builds the search index and writes its files into `sink`; returns how many it wrote.
pub fn write_index(input: &IndexInput<'_>, sink: &dyn Sink) -> Result<usize> {
    let pages = documents::collect(input.content, input.rendered, input.titles);
    let files = index_files(&pages, input.language, input.responses_first);
    files.par_iter().try_for_each(|(rel, text)| {
        sink.write(rel, text.as_bytes())
            .with_context(|| format!("cannot write the search index file {rel}"))
    })?;
    Ok(files.len())
}

/// Every file of the index: `(path below the output root, text)`.
pub fn index_files(
    pages: &[SearchPage],
    language: &str,
    responses_first: bool,
) -> Vec<(String, String)> {
    let index = index::build(pages, language);
    let shards = shard::shards(&index);
    let fragments: Vec<String> = pages.par_iter().map(page_json).collect();
    let mut hash = Fnv::default();
    for text in shards.iter().map(|(_, t)| t).chain(&fragments) {
        hash.write(text.as_bytes());
    }
    let responses: Vec<u32> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == "response")
        .map(|(i, _)| i as u32)
        .collect();
    let meta = serde_json::json!({
        "format": FORMAT,
        "version": format!("{:016x}", hash.0),
        "language": language,
        "stemmer": stem::algorithm_name(language),
        "pages": pages.len(),
        "keys": shards.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        "responses": encode::delta_list(responses),
        "responses_first": responses_first,
    });
    let mut files = Vec::with_capacity(shards.len() + fragments.len() + 2);
    files.push((format!("{DIR}/index.json"), meta.to_string()));
    files.push((
        format!("{DIR}/facets.json"),
        shard::facets_json(&facets(pages)),
    ));
    files.extend(
        shards
            .into_iter()
            .enumerate()
            .map(|(i, (_, text))| (format!("{DIR}/t/{i}.json"), text)),
    );
    files.extend(
        fragments
            .into_iter()
            .enumerate()
            .map(|(i, text)| (format!("{DIR}/p/{i}.json"), text)),
    );
    files
}

/// The pages of each facet value.
fn facets(pages: &[SearchPage]) -> BTreeMap<&'static str, BTreeMap<String, Vec<u32>>> {
    let mut facets: BTreeMap<&'static str, BTreeMap<String, Vec<u32>>> = BTreeMap::new();
    for (id, page) in pages.iter().enumerate() {
        let id = id as u32;
        let mut add = |facet: &'static str, value: &str| {
            let list = facets
                .entry(facet)
                .or_default()
                .entry(value.to_owned())
                .or_default();
            if list.last() != Some(&id) {
                list.push(id);
            }
        };
        add("kind", &page.kind);
        page.channels.iter().for_each(|c| add("channel", c));
        page.tags.iter().for_each(|t| add("tag", t));
        if let Some(status) = &page.status {
            add("status", status);
        }
    }
    facets
}

/// `search/p/<id>.json`: what a result shows and what highlighting and phrases need.
fn page_json(page: &SearchPage) -> String {
    let cut = |text: &str| match text.char_indices().nth(MAX_SECTION_CHARS) {
        Some((i, _)) => text[..i].to_owned(),
        None => text.to_owned(),
    };
    let sections: Vec<[String; 3]> = page
        .sections
        .iter()
        .map(|s| [s.anchor.clone(), s.heading.clone(), cut(&s.text)])
        .collect();
    serde_json::json!({
        "u": page.url,
        "t": page.title,
        "b": page.breadcrumb,
        "d": page.description,
        "k": page.kind,
        "c": page.channels,
        "g": page.tags,
        "s": page.status,
        "h": sections,
        "w": page.wording,
    })
    .to_string()
}

/// FNV-1a, for the index version that busts browser caches after a rebuild.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}
