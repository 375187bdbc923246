//! Queries over the index files, for `handbook search`. This is a port of the query engine in
//! `search.js` (same parsing, same expansions and weights, same ranking), so the terminal and
//! the browser answer alike; the relevance tests run the JavaScript one.

use std::collections::{BTreeMap, HashMap, HashSet};

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use super::edit::within_one_edit;
use super::encode::{decode, undelta};
pub use super::record::PageFile;
use super::rerank::{Ranked, by_rank, rerank};
use super::tokenize::{Token, tokens};

const EXACT: f64 = 1.0;
const STEM_PREFIX: f64 = 0.9;
const PREFIX: f64 = 0.75;
const TYPO: f64 = 0.6;
const MAX_EXPANSIONS: usize = 30;
const MAX_PREFIX_SHARDS: usize = 6;
const RESPONSE_SHARE: f64 = 0.5;

/// Where the index files come from: a built site's `search/` folder, or memory.
pub trait IndexFiles {
    /// The text of a file below `search/`, e.g. `t/3.json`.
    fn read(&self, rel: &str) -> Result<String>;
}

impl IndexFiles for std::path::PathBuf {
    fn read(&self, rel: &str) -> Result<String> {
        let path = self.join(rel);
        std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read the search index file {}", path.display()))
    }
}

impl IndexFiles for HashMap<String, String> {
    fn read(&self, rel: &str) -> Result<String> {
        self.get(rel)
            .cloned()
            .with_context(|| format!("the search index has no file {rel}"))
    }
}

#[derive(Deserialize)]
struct Meta {
    format: u32,
    pages_per_file: u32,
    keys: Vec<String>,
    responses: String,
    #[serde(default = "yes")]
    responses_first: bool,
    /// Posting lists are cut at this length (index.rs, `MAX_POSTINGS`).
    #[serde(default = "no_cut")]
    max_postings: usize,
}

fn no_cut() -> usize {
    usize::MAX
}

fn yes() -> bool {
    true
}

#[derive(Deserialize, Default)]
struct Shard {
    t: HashMap<String, String>,
    w: HashMap<String, String>,
}

/// Facet filters: within a facet any value matches, across facets all must.
pub type Filters = BTreeMap<String, Vec<String>>;

/// One result.
#[derive(Debug, Clone)]
pub struct Hit {
    pub page: PageFile,
    /// Index of the matching section in `page.h`.
    pub section: usize,
    pub score: f64,
}

/// What the postings say about one page, per query token.
struct Candidate {
    best: Vec<f64>,
    sections: Vec<u32>,
    titled: Vec<bool>,
}

impl Candidate {
    fn new(n: usize) -> Candidate {
        Candidate {
            best: vec![0.0; n],
            sections: vec![0; n],
            titled: vec![false; n],
        }
    }

    /// The page's tokens matched (not counting `common` ones), score (the sum of the tokens'
    /// best), the section most of the score points at, and whether its title holds every token.
    fn ranked(&self, page: u32, common: &[bool]) -> Ranked {
        let mut votes: BTreeMap<u32, f64> = BTreeMap::new();
        let mut score = 0.0;
        let mut cover = 0;
        for ((s, b), common) in self.sections.iter().zip(&self.best).zip(common) {
            if *b > 0.0 {
                cover += usize::from(!common);
                score += b;
                *votes.entry(*s).or_default() += b;
            }
        }
        let section = votes
            .iter()
            .fold(
                (0, -1.0),
                |best, (s, v)| if *v > best.1 { (*s, *v) } else { best },
            )
            .0;
        Ranked {
            page,
            cover,
            score,
            section,
            first: false,
            title: u8::from(self.titled.iter().all(|t| *t)),
            depth: 0,
        }
    }
}

/// A parsed query.
struct Query {
    tokens: Vec<(Token, bool)>,
    phrases: Vec<String>,
}

fn parse(query: &str) -> Query {
    let mut phrases = Vec::new();
    let mut rest = String::new();
    for (i, part) in query.split('"').enumerate() {
        if i % 2 == 1 {
            let words: Vec<String> = tokens(part).into_iter().map(|t| t.text).collect();
            if words.len() > 1 {
                phrases.push(format!(" {} ", words.join(" ")));
            }
        }
        rest.push(' ');
        rest.push_str(part);
    }
    let mut seen = HashSet::new();
    let mut tokens: Vec<(Token, bool)> = tokens(&rest)
        .into_iter()
        .filter(|t| seen.insert(t.text.clone()))
        .map(|t| (t, false))
        .collect();
    let typing = query.chars().last().is_some_and(char::is_alphanumeric)
        && query.matches('"').count().is_multiple_of(2);
    if let Some(last) = tokens.last_mut()
        && typing
        && !last.0.cjk
    {
        last.1 = true;
    }
    Query { tokens, phrases }
}

/// The query engine over one index.
pub struct Searcher<'a> {
    files: &'a dyn IndexFiles,
    meta: Meta,
    shards: HashMap<usize, Shard>,
}

impl<'a> Searcher<'a> {
    pub fn open(files: &'a dyn IndexFiles) -> Result<Searcher<'a>> {
        let meta: Meta = serde_json::from_str(&files.read("index.json")?)
            .context("the search index is damaged: index.json")?;
        if meta.format != super::FORMAT {
            bail!(
                "the search index has format {}; this handbook reads format {}: rebuild the site",
                meta.format,
                super::FORMAT
            );
        }
        Ok(Searcher {
            files,
            meta,
            shards: HashMap::new(),
        })
    }

    fn shard_for(&self, word: &str) -> Option<usize> {
        super::shard::shard_for(&self.meta.keys, word)
    }

    fn shard(&mut self, i: usize) -> Result<&Shard> {
        if !self.shards.contains_key(&i) {
            let shard: Shard = serde_json::from_str(&self.files.read(&format!("t/{i}.json"))?)
                .with_context(|| format!("the search index is damaged: t/{i}.json"))?;
            self.shards.insert(i, shard);
        }
        Ok(&self.shards[&i])
    }

    fn has_term(&mut self, term: &str) -> Result<bool> {
        match self.shard_for(term) {
            Some(i) => Ok(self.shard(i)?.t.contains_key(term)),
            None => Ok(false),
        }
    }

    /// `(page, section, score, in_title)` of a term (the shards keep the title flag in the
    /// score's lowest bit).
    fn postings(&mut self, term: &str) -> Result<Vec<(u32, u32, u32, bool)>> {
        let Some(i) = self.shard_for(term) else {
            return Ok(Vec::new());
        };
        let text = self.shard(i)?.t.get(term).cloned().unwrap_or_default();
        let numbers = decode(&text).context("the search index is damaged: bad postings")?;
        let mut page = 0;
        Ok(numbers
            .chunks_exact(3)
            .map(|c| {
                page += c[0];
                (page, c[1], c[2] >> 1, c[2] & 1 == 1)
            })
            .collect())
    }

    fn expand(&mut self, token: &Token, prefix: bool) -> Result<Vec<(String, f64)>> {
        let text = token.text.as_str();
        let mut ids: Vec<usize> = self.shard_for(text).into_iter().collect();
        if prefix {
            for (i, key) in self.meta.keys.iter().enumerate() {
                if key.len() > text.len() && key.starts_with(text) && ids.len() < MAX_PREFIX_SHARDS
                {
                    ids.push(i);
                }
            }
        }
        let mut out: Vec<(String, f64)> = Vec::new();
        let add = |out: &mut Vec<(String, f64)>, term: &str, weight: f64| {
            if let Some(entry) = out.iter_mut().find(|(t, _)| t == term) {
                entry.1 = entry.1.max(weight);
            } else if out.len() < MAX_EXPANSIONS || weight >= EXACT {
                out.push((term.to_owned(), weight));
            }
        };
        for &i in &ids {
            let shard = self.shard(i)?;
            let mut found = Vec::new();
            if shard.t.contains_key(text) {
                found.push(text.to_owned());
            }
            if let Some(term) = shard.w.get(text) {
                found.push(term.clone());
            }
            for term in found {
                add(&mut out, &term, EXACT);
            }
        }
        let exact = !out.is_empty();
        if token.cjk {
            return Ok(out);
        }
        if prefix && text.chars().count() >= 2 {
            for &i in &ids {
                let shard = self.shard(i)?;
                let mut found: Vec<String> = shard
                    .t
                    .keys()
                    .filter(|t| *t != text && t.starts_with(text))
                    .cloned()
                    .collect();
                found.extend(
                    shard
                        .w
                        .iter()
                        .filter(|(w, _)| *w != text && w.starts_with(text))
                        .map(|(_, t)| t.clone()),
                );
                found.sort();
                for term in found {
                    add(&mut out, &term, PREFIX);
                }
            }
        }
        if exact {
            return Ok(out);
        }
        let chars: Vec<char> = text.chars().collect();
        let shortest = 3.max(chars.len().saturating_sub(4));
        for k in (shortest..chars.len()).rev() {
            let stem: String = chars[..k].iter().collect();
            if self.has_term(&stem)? {
                add(&mut out, &stem, STEM_PREFIX);
                break;
            }
        }
        if chars.len() >= 4 {
            let mut found: Vec<String> = Vec::new();
            for i in super::shard::typo_shards(&self.meta.keys, text) {
                let shard = self.shard(i)?;
                found.extend(shard.t.keys().filter(|t| within_one_edit(text, t)).cloned());
                found.extend(
                    shard
                        .w
                        .iter()
                        .filter(|(w, _)| within_one_edit(text, w))
                        .map(|(_, t)| t.clone()),
                );
            }
            found.sort();
            found.dedup();
            for term in found {
                add(&mut out, &term, TYPO);
            }
        }
        Ok(out)
    }

    fn page(&self, id: u32) -> Result<PageFile> {
        let per = self.meta.pages_per_file.max(1);
        let path = format!("p/{}.json", id / per);
        let mut records: Vec<PageFile> = serde_json::from_str(&self.files.read(&path)?)
            .with_context(|| format!("the search index is damaged: {path}"))?;
        let at = (id % per) as usize;
        if at >= records.len() {
            anyhow::bail!("the search index is damaged: {path} has no page {id}");
        }
        Ok(records.swap_remove(at))
    }

    /// The best `limit` results for `query`, filtered by `filters`.
    pub fn search(&mut self, query: &str, filters: &Filters, limit: usize) -> Result<Vec<Hit>> {
        let parsed = parse(query);
        let n = parsed.tokens.len();
        if n == 0 {
            return Ok(Vec::new());
        }
        // page → (best score, section, title matched, per token)
        let mut pages: BTreeMap<u32, Candidate> = BTreeMap::new();
        // A token with a cut posting list (a word on most pages of a large site) may be missing
        // from the very page meant: it adds to the score but does not count as matched.
        let mut common = vec![false; n];
        for (i, (token, prefix)) in parsed.tokens.iter().enumerate() {
            let expanded = self.expand(token, *prefix)?;
            let top = expanded.iter().map(|e| e.1).fold(0.0, f64::max);
            for (term, weight) in expanded {
                let postings = self.postings(&term)?;
                if postings.len() >= self.meta.max_postings {
                    common[i] = true;
                }
                for (page, section, score, in_title) in postings {
                    let entry = pages.entry(page).or_insert_with(|| Candidate::new(n));
                    let score = f64::from(score) * weight;
                    if score > entry.best[i] {
                        entry.best[i] = score;
                        entry.sections[i] = section;
                    }
                    // Where the word itself is indexed, only it counts; else every guess does.
                    if in_title && (weight == top || top < EXACT) {
                        entry.titled[i] = true;
                    }
                }
            }
        }
        let responses: HashSet<u32> = undelta(&self.meta.responses)
            .unwrap_or_default()
            .into_iter()
            .collect();
        let facets = if filters.values().any(|v| !v.is_empty()) {
            Some(self.facets()?)
        } else {
            None
        };
        let mut ranked: Vec<(Ranked, bool)> = pages
            .into_iter()
            .filter(|(page, _)| {
                facets
                    .as_ref()
                    .is_none_or(|f| matches_filters(f, filters, *page))
            })
            .map(|(page, c)| (c.ranked(page, &common), responses.contains(&page)))
            .collect();
        let need = common.iter().filter(|c| !**c).count();
        let top = ranked
            .iter()
            .filter(|r| r.0.cover == need)
            .map(|r| r.0.score)
            .fold(0.0, f64::max);
        let mut ranked: Vec<Ranked> = ranked
            .drain(..)
            .map(|(mut r, response)| {
                r.first = self.meta.responses_first
                    && response
                    && r.cover == need
                    && r.score >= top * RESPONSE_SHARE;
                r
            })
            .collect();
        ranked.sort_by(by_rank);
        if parsed.phrases.is_empty() {
            let rows = ranked
                .into_iter()
                .take(limit)
                .map(|r| Ok((self.page(r.page)?, r)))
                .collect::<Result<Vec<_>>>()?;
            let rows = rerank(
                &parsed.tokens,
                rows.into_iter().map(|(p, r)| (r, p)).collect(),
            );
            return Ok(rows
                .into_iter()
                .map(|(r, page)| Hit {
                    page,
                    section: r.section as usize,
                    score: r.score,
                })
                .collect());
        }
        let mut hits = Vec::new();
        for r in ranked.into_iter().take(40) {
            let file = self.page(r.page)?;
            let normal = |text: &str| {
                format!(
                    " {} ",
                    tokens(text)
                        .into_iter()
                        .map(|t| t.text)
                        .collect::<Vec<_>>()
                        .join(" ")
                )
            };
            let head = normal(&format!("{} {}", file.t, file.d));
            let texts: Vec<String> = file
                .h
                .iter()
                .map(|h| normal(&format!("{} {}", h[1], h[2])))
                .collect();
            let mut at = None;
            let all = parsed.phrases.iter().all(|phrase| {
                let found = texts
                    .iter()
                    .position(|t| t.contains(phrase.as_str()))
                    .or_else(|| head.contains(phrase.as_str()).then_some(0));
                at = at.or(found);
                found.is_some()
            });
            if !all {
                continue;
            }
            hits.push(Hit {
                page: file,
                section: at.unwrap_or(r.section as usize),
                score: r.score,
            });
            if hits.len() >= limit {
                break;
            }
        }
        Ok(hits)
    }

    fn facets(&self) -> Result<HashMap<String, HashMap<String, HashSet<u32>>>> {
        let raw: HashMap<String, HashMap<String, String>> =
            serde_json::from_str(&self.files.read("facets.json")?)
                .context("the search index is damaged: facets.json")?;
        Ok(raw
            .into_iter()
            .map(|(facet, values)| {
                (
                    facet,
                    values
                        .into_iter()
                        .map(|(v, list)| {
                            (v, undelta(&list).unwrap_or_default().into_iter().collect())
                        })
                        .collect(),
                )
            })
            .collect())
    }
}

fn matches_filters(
    facets: &HashMap<String, HashMap<String, HashSet<u32>>>,
    filters: &Filters,
    page: u32,
) -> bool {
    filters.iter().all(|(facet, values)| {
        values.is_empty()
            || values.iter().any(|v| {
                facets
                    .get(facet)
                    .and_then(|f| f.get(v))
                    .is_some_and(|set| set.contains(&page))
            })
    })
}

/// About `length` characters of `text` around the first word that starts with one of `terms`.
pub fn excerpt(text: &str, terms: &[String], length: usize) -> String {
    let lower = text.to_lowercase();
    let start = terms
        .iter()
        .filter(|t| t.chars().count() >= 3)
        .filter_map(|t| lower.find(t.as_str()))
        .min()
        .unwrap_or(0);
    let start = if start > length / 3 && lower.len() == text.len() {
        text[..start - length / 3].rfind(' ').map_or(0, |i| i + 1)
    } else {
        0
    };
    let mut out: String = text[start..].chars().take(length).collect();
    if out.len() < text.len() - start {
        if let Some(cut) = out.rfind(' ') {
            out.truncate(cut);
        }
        out.push_str(" …");
    }
    if start > 0 { format!("… {out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::sections::Section;
    use crate::search::documents::SearchPage;

    fn site() -> HashMap<String, String> {
        let page = |title: &str, kind: &str, text: &str| SearchPage {
            url: format!("{}/", title.to_lowercase().replace(' ', "-")),
            title: title.into(),
            kind: kind.into(),
            channels: if kind == "response" {
                vec!["x".into()]
            } else {
                Vec::new()
            },
            sections: vec![
                Section {
                    text: text.into(),
                    ..Section::default()
                },
                Section {
                    anchor: "more".into(),
                    heading: "More".into(),
                    text: "Escalation contacts and refunds.".into(),
                },
            ]
            .into(),
            ..SearchPage::default()
        };
        let pages = [
            page(
                "Refund policy",
                "page",
                "Refunds are issued within policy by Support.",
            ),
            page(
                "Billing question",
                "response",
                "Sorry about the billing trouble; Support can issue a refund.",
            ),
            page(
                "Escalation paths",
                "section",
                "Who to call when things go wrong.",
            ),
        ];
        super::super::files_in_memory(
            &pages,
            &super::super::IndexSettings {
                language: "en".into(),
                responses_first: true,
                ..Default::default()
            },
        )
        .unwrap()
    }

    fn titles(query: &str, filters: &Filters) -> Vec<String> {
        let files = site();
        let mut searcher = Searcher::open(&files).unwrap();
        searcher
            .search(query, filters, 5)
            .unwrap()
            .into_iter()
            .map(|h| h.page.t)
            .collect()
    }

    #[test]
    fn stems_typos_prefixes_and_phrases_match() {
        let none = Filters::new();
        assert_eq!(
            titles("refunds", &none)[0],
            "Refund policy",
            "a title match first"
        );
        assert_eq!(titles("billing support", &none)[0], "Billing question");
        assert_eq!(titles("escalaton paths", &none)[0], "Escalation paths");
        assert_eq!(titles("escal", &none)[0], "Escalation paths");
        assert_eq!(titles("\"billing trouble\"", &none), ["Billing question"]);
        assert!(titles("\"trouble billing\"", &none).is_empty());
    }

    #[test]
    fn facets_filter_results() {
        let filters: Filters = [("kind".to_owned(), vec!["page".to_owned()])].into();
        assert_eq!(titles("refund", &filters), ["Refund policy"]);
        let filters: Filters = [("channel".to_owned(), vec!["x".to_owned()])].into();
        assert_eq!(titles("support", &filters), ["Billing question"]);
    }

    #[test]
    fn excerpts_start_near_the_match() {
        let text = format!("{} the refund rules apply here", "filler words ".repeat(20));
        let e = excerpt(&text, &["refund".into()], 60);
        assert!(e.starts_with("… ") && e.contains("refund"), "{e}");
    }
}
