//! Full-text search without a server: the build writes an index split by term (see [`shard`]),
//! the default theme's `search.js` loads only the pieces a query needs, and `handbook search`
//! answers the same queries in the terminal ([`query`]).
//!
//! The stages: [`documents`] gathers each page's text and facets, [`sections`] cuts the HTML at
//! headings, [`tokenize`] and [`stem`] turn text into terms, [`index`] scores them, [`shard`]
//! lays the index out in files.

pub mod compress;
pub mod documents;
pub mod edit;
pub mod encode;
pub mod index;
pub mod query;
pub mod record;
pub mod rerank;
pub mod shard;
pub mod stem;
pub mod tokenize;

use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

use anyhow::{Context, Result};
use rayon::prelude::*;

use crate::output::Sink;
use documents::SearchPage;

/// Folder of the index in the output.
pub const DIR: &str = "search";
/// Version of the file format; `search.js` refuses another.
pub const FORMAT: u32 = 3;
/// Page records per `search/p/<n>.json` file. Two halves the files a build creates (creating
/// a file costs the file system more than writing its few KB) and keeps a typical two-word
/// query under 150 KB (BENCHMARKS.md).
pub const PAGES_PER_FILE: usize = 2;
/// A section's text is cut after this many characters in the page files (excerpts come from it).
const MAX_SECTION_CHARS: usize = 3000;

/// What the index takes from the site's configuration besides the pages.
#[derive(Debug, Clone, Default)]
pub struct IndexSettings {
    /// The language of the text (stemming, stop words).
    pub language: String,
    /// Whether responses come before other pages of the same score.
    pub responses_first: bool,
    /// Channel id -> display name (`x` -> `X (Twitter)`): facets and result badges show names.
    pub channel_names: BTreeMap<String, String>,
}

impl IndexSettings {
    /// The settings of a site built with `config`.
    pub fn of(config: &crate::config::Config) -> Self {
        IndexSettings {
            language: config.language.clone(),
            responses_first: config.search.responses_first,
            channel_names: config
                .channels
                .iter()
                .map(|c| (c.id.clone(), c.name.clone()))
                .collect(),
        }
    }
}

/// Writes every file of the index of `pages` into `sink`; returns how many it wrote.
///
/// Page files are written as soon as each is made rather than kept: together they are about
/// as large as the site's text. `stage` is told when each step is done (the build times them).
pub fn write_files(
    pages: &[SearchPage],
    settings: &IndexSettings,
    sink: &dyn Sink,
    stage: &dyn Fn(&str),
) -> Result<usize> {
    // The files every query reads are written with a gzip copy beside them (see [`compress`]).
    let write = |rel: String, text: &str| -> Result<u64> {
        sink.write(&rel, text.as_bytes())
            .with_context(|| format!("cannot write the search index file {rel}"))?;
        if compress::worth_a_copy(&rel) {
            let gz = format!("{rel}.gz");
            sink.write(&gz, &compress::gzip(text.as_bytes()))
                .with_context(|| format!("cannot write the search index file {gz}"))?;
        }
        Ok(rustc_hash::FxBuildHasher.hash_one(text))
    };
    let page_hashes: Vec<u64> = pages
        .par_chunks(PAGES_PER_FILE)
        .enumerate()
        .map(|(n, chunk)| {
            let mut file = String::new();
            push_array(&mut file, chunk, push_page_json);
            write(format!("{DIR}/p/{n}.json"), &file)
        })
        .collect::<Result<_>>()?;
    stage("search: pages");
    let index = index::build(pages, &settings.language);
    stage("search: terms");
    let shards = shard::shards(&index);
    drop(index);
    let shard_hashes: Vec<u64> = shards
        .par_iter()
        .enumerate()
        .map(|(i, (_, text))| write(format!("{DIR}/t/{i}.json"), text))
        .collect::<Result<_>>()?;
    stage("search: shards");
    // The version busts browser caches after a rebuild: a hash of every file's hash.
    let version = rustc_hash::FxBuildHasher.hash_one((&shard_hashes, &page_hashes));
    let responses: Vec<u32> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind == "response")
        .map(|(i, _)| i as u32)
        .collect();
    let facets = facets(pages);
    // Names of the channels some page uses (the facet's values): they travel with every query.
    let channel_labels: BTreeMap<&str, &str> = facets
        .get("channel")
        .into_iter()
        .flat_map(|values| values.keys())
        .filter_map(|id| Some((id.as_str(), settings.channel_names.get(id)?.as_str())))
        .collect();
    let meta = serde_json::json!({
        "format": FORMAT,
        "version": format!("{version:016x}"),
        "language": settings.language,
        "stemmer": stem::algorithm_name(&settings.language),
        "pages": pages.len(),
        "pages_per_file": PAGES_PER_FILE,
        "keys": shards.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
        "responses": encode::delta_list(responses),
        "responses_first": settings.responses_first,
        "labels": { "channel": channel_labels },
        "max_postings": index::MAX_POSTINGS,
    });
    write(format!("{DIR}/facets.json"), &shard::facets_json(&facets))?;
    write(format!("{DIR}/index.json"), &meta.to_string())?;
    // The shards, facets and index.json with their gzip copies.
    Ok(page_hashes.len() + 2 * (shards.len() + 2))
}

/// Every file of the index of `pages`, by path below the `search/` folder, in memory (for
/// `handbook search` without a built site, and tests).
pub fn files_in_memory(
    pages: &[SearchPage],
    settings: &IndexSettings,
) -> Result<HashMap<String, String>> {
    let sink = crate::output::Collect::default();
    write_files(pages, settings, &sink, &|_| {})?;
    Ok(sink
        .into_files()
        .into_iter()
        .filter(|(rel, _)| !rel.ends_with(".gz"))
        .map(|(rel, bytes)| {
            let text = String::from_utf8(bytes).unwrap_or_default();
            (rel.trim_start_matches("search/").to_owned(), text)
        })
        .collect())
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

/// One page's record in `search/p/<n>.json`: what a result shows and what highlighting and
/// phrases need. Fields are short because there are thousands of these files.
///
/// Written by hand rather than through serde_json: these records hold the text of the whole
/// site, and serde_json looks up every byte of every string in its escape table, where most
/// strings need no escaping at all, which [`push_json_string`] checks in one vectorized pass.
fn push_page_json(out: &mut String, page: &SearchPage) {
    fn cut(text: &str) -> &str {
        if text.len() <= MAX_SECTION_CHARS {
            return text;
        }
        match text.char_indices().nth(MAX_SECTION_CHARS) {
            Some((i, _)) => &text[..i],
            None => text,
        }
    }
    let strings =
        |out: &mut String, items: &[&str]| push_array(out, items, |o, s| push_json_string(o, s));
    let fields: [(&str, &str); 5] = [
        ("u", &page.url),
        ("t", &page.title),
        ("b", &page.breadcrumb),
        ("d", &page.description),
        ("k", &page.kind),
    ];
    for (i, (name, value)) in fields.iter().enumerate() {
        out.push_str(if i == 0 { "{\"" } else { ",\"" });
        out.push_str(name);
        out.push_str("\":");
        push_json_string(out, value);
    }
    out.push_str(",\"c\":");
    push_array(out, &page.channels, |o, c| push_json_string(o, c));
    out.push_str(",\"g\":");
    push_array(out, &page.tags, |o, t| push_json_string(o, t));
    out.push_str(",\"s\":");
    match &page.status {
        Some(status) => push_json_string(out, status),
        None => out.push_str("null"),
    }
    out.push_str(",\"h\":");
    push_array(out, page.sections.iter(), |o, s| {
        strings(o, &[&s.anchor, &s.heading, cut(&s.text)])
    });
    out.push_str(",\"w\":");
    push_array(out, &page.wording, |o, (channel, text)| {
        strings(o, &[channel, text])
    });
    out.push('}');
}

/// A JSON array of `items`, each written by `push`.
fn push_array<T>(
    out: &mut String,
    items: impl IntoIterator<Item = T>,
    mut push: impl FnMut(&mut String, T),
) {
    out.push('[');
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push(out, item);
    }
    out.push(']');
}

/// `text` as a JSON string: as it is between quotes when nothing in it needs escaping (the
/// usual case), else as serde_json writes it.
fn push_json_string(out: &mut String, text: &str) {
    let escape = text.bytes().fold(false, |found, b| {
        found | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if escape {
        out.push_str(&serde_json::Value::from(text).to_string());
    } else {
        out.push('"');
        out.push_str(text);
        out.push('"');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::sections::Section;

    #[test]
    fn page_records_are_the_json_serde_would_write() {
        let page = SearchPage {
            url: "responses/refund/".into(),
            title: "Refund \"quoted\" \\ back".into(),
            breadcrumb: "Home › Responses".into(),
            description: "Line\nbreak\ttab \u{1} control".into(),
            kind: "response".into(),
            channels: vec!["x".into(), "email".into()],
            tags: vec![],
            status: Some("approved".into()),
            sections: vec![
                Section {
                    anchor: String::new(),
                    heading: String::new(),
                    text: "Intro — “curly” 東京".into(),
                },
                Section {
                    anchor: "when".into(),
                    heading: "When".into(),
                    text: "x".repeat(MAX_SECTION_CHARS + 10),
                },
            ]
            .into(),
            wording: vec![("x".into(), "Hi {name}!".into())],
        };
        let mut ours = String::new();
        push_page_json(&mut ours, &page);
        let expected = serde_json::json!({
            "u": page.url, "t": page.title, "b": page.breadcrumb, "d": page.description,
            "k": page.kind, "c": page.channels, "g": page.tags, "s": page.status,
            "h": [["", "", "Intro — “curly” 東京"], ["when", "When", "x".repeat(MAX_SECTION_CHARS)]],
            "w": [["x", "Hi {name}!"]],
        });
        let parsed: serde_json::Value = serde_json::from_str(&ours).unwrap();
        assert_eq!(parsed, expected);
        let none = SearchPage {
            title: "a".into(),
            ..SearchPage::default()
        };
        let mut out = String::new();
        push_page_json(&mut out, &none);
        assert_eq!(
            out,
            r#"{"u":"","t":"a","b":"","d":"","k":"","c":[],"g":[],"s":null,"h":[],"w":[]}"#
        );
    }
}
