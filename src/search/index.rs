//! The inverted index: for every term (a stemmed word, or a CJK bigram), the pages that contain
//! it, each with its best-matching section and a precomputed score.
//!
//! Scores are computed here, once, so the browser only adds numbers. A section's score for a
//! term is BM25 over its body text plus fixed boosts when the term is in the page title, the
//! section heading, or the description and tags; the boosts are larger than any body score
//! can get, so a title or heading match beats a body match. A page's score is its best section's
//! plus a quarter of the others', and the posting remembers the best section so that results
//! link to `page/#heading`.

use std::collections::BTreeMap;

use rayon::prelude::*;
use rust_stemmers::Stemmer;
use rustc_hash::FxHashMap;

use super::documents::SearchPage;
use super::stem;
use super::tokenize::for_each_token;

/// BM25 parameters (the usual values).
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// Added to a term's BM25 weight, in units of its idf.
const TITLE_BOOST: f32 = 4.0;
const HEADING_BOOST: f32 = 2.5;
const META_BOOST: f32 = 1.5;
/// Pages with one of these `status` values (a superseded response) rank below current ones.
const RETIRED: [&str; 4] = ["deprecated", "retired", "archived", "superseded"];
const RETIRED_FACTOR: f32 = 0.5;
/// Scores are stored as integers: `score * SCALE`, at most [`MAX_SCORE`].
const SCALE: f32 = 10.0;
pub const MAX_SCORE: u32 = 1023;
/// A term keeps its best-scoring pages only, so that a word on every page of a large site
/// does not make every query that contains it download a list of all pages.
pub const MAX_POSTINGS: usize = 4000;

/// One page that contains a term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub page: u32,
    /// Index of the best-matching section in the page.
    pub section: u32,
    pub score: u32,
}

/// The built index.
#[derive(Debug, Default)]
pub struct Index {
    /// Postings by term, sorted by page.
    pub terms: BTreeMap<String, Vec<Posting>>,
    /// Words as written, mapped to their term when it differs (`refunds` → `refund`): the
    /// browser matches typed words, prefixes and typos against these, without a stemmer.
    pub words: BTreeMap<String, String>,
}

/// Where in a section a term occurs.
#[derive(Debug, Default, Clone, Copy)]
struct Occurrences {
    body: u32,
    title: bool,
    heading: bool,
    meta: bool,
}

/// One section's terms (as ids), before scoring.
#[derive(Default)]
struct SectionTerms {
    length: u32,
    terms: Vec<(u32, Occurrences)>,
}

/// Per-thread state: the stemmer, the words already seen and the terms they map to. Terms get
/// thread-local ids; they are mapped to global ids once, after the parallel pass.
struct Analyzer {
    stemmer: Option<Stemmer>,
    /// Word as written → local term id.
    words: FxHashMap<String, u32>,
    /// Local term id → term.
    terms: Vec<String>,
    term_ids: FxHashMap<String, u32>,
    /// Reused per section: local term id → index in the section's list.
    slots: FxHashMap<u32, usize>,
}

impl Analyzer {
    fn new(language: &str) -> Analyzer {
        Analyzer {
            stemmer: stem::for_language(language),
            words: FxHashMap::default(),
            terms: Vec::new(),
            term_ids: FxHashMap::default(),
            slots: FxHashMap::default(),
        }
    }

    /// Calls `add` with the local term id of every token of `text`.
    fn terms(&mut self, text: &str, mut add: impl FnMut(u32)) {
        let Analyzer {
            stemmer,
            words,
            terms,
            term_ids,
            ..
        } = self;
        for_each_token(text, |token, cjk| {
            if let Some(&id) = words.get(token) {
                add(id);
                return;
            }
            let term = stem::term(stemmer.as_ref(), token, cjk);
            let id = match term_ids.get(&term) {
                Some(&id) => id,
                None => {
                    let id = terms.len() as u32;
                    terms.push(term.clone());
                    term_ids.insert(term, id);
                    id
                }
            };
            words.insert(token.to_owned(), id);
            add(id);
        });
    }

    fn section(&mut self, fields: &[(&str, Field)]) -> SectionTerms {
        let mut out = SectionTerms::default();
        let mut slots = std::mem::take(&mut self.slots);
        slots.clear();
        for (text, field) in fields {
            self.terms(text, |id| {
                let slot = *slots.entry(id).or_insert_with(|| {
                    out.terms.push((id, Occurrences::default()));
                    out.terms.len() - 1
                });
                let occ = &mut out.terms[slot].1;
                match field {
                    Field::Body => {
                        occ.body += 1;
                        out.length += 1;
                    }
                    Field::Title => occ.title = true,
                    Field::Heading => occ.heading = true,
                    Field::Meta => occ.meta = true,
                }
            });
        }
        self.slots = slots;
        out
    }
}

#[derive(Clone, Copy)]
enum Field {
    Body,
    Title,
    Heading,
    Meta,
}

fn analyze_page(analyzer: &mut Analyzer, page: &SearchPage) -> Vec<SectionTerms> {
    let meta = format!("{} {}", page.description, page.tags.join(" "));
    page.sections
        .iter()
        .enumerate()
        .map(|(i, section)| {
            let mut fields = vec![
                (section.text.as_str(), Field::Body),
                (section.heading.as_str(), Field::Heading),
            ];
            if i == 0 {
                fields.push((page.title.as_str(), Field::Title));
                fields.push((meta.as_str(), Field::Meta));
            }
            analyzer.section(&fields)
        })
        .collect()
}

/// What one thread analyzed: its analyzer (terms, words) and its pages' sections.
type AnalyzedChunk = (Analyzer, Vec<(usize, Vec<SectionTerms>)>);

/// Builds the index of `pages` for a site in `language`.
pub fn build(pages: &[SearchPage], language: &str) -> Index {
    let chunks: Vec<AnalyzedChunk> = pages
        .par_iter()
        .enumerate()
        .fold(
            || (Analyzer::new(language), Vec::new()),
            |(mut analyzer, mut done), (id, page)| {
                done.push((id, analyze_page(&mut analyzer, page)));
                (analyzer, done)
            },
        )
        .collect();

    // Global term ids, and every page's sections with them.
    let mut global: FxHashMap<String, u32> = FxHashMap::default();
    let mut names: Vec<String> = Vec::new();
    let mut words = BTreeMap::new();
    let mut analyzed: Vec<Vec<SectionTerms>> = (0..pages.len()).map(|_| Vec::new()).collect();
    for (analyzer, done) in chunks {
        let remap: Vec<u32> = analyzer
            .terms
            .iter()
            .map(|term| {
                *global.entry(term.clone()).or_insert_with(|| {
                    names.push(term.clone());
                    (names.len() - 1) as u32
                })
            })
            .collect();
        for (word, id) in analyzer.words {
            let term = &analyzer.terms[id as usize];
            if word != *term {
                words.insert(word, term.clone());
            }
        }
        for (id, mut sections) in done {
            for section in &mut sections {
                for (term, _) in &mut section.terms {
                    *term = remap[*term as usize];
                }
            }
            analyzed[id] = sections;
        }
    }

    let section_count = analyzed.iter().map(Vec::len).sum::<usize>().max(1) as f32;
    let average = analyzed
        .iter()
        .flatten()
        .map(|s| s.length as f32)
        .sum::<f32>()
        / section_count;
    let mut df = vec![0u32; names.len()];
    for section in analyzed.iter().flatten() {
        for (term, _) in &section.terms {
            df[*term as usize] += 1;
        }
    }
    let idf: Vec<f32> = df
        .iter()
        .map(|&n| (1.0 + (section_count - n as f32 + 0.5) / (n as f32 + 0.5)).ln())
        .collect();

    let scored: Vec<Vec<(u32, Posting)>> = analyzed
        .par_iter()
        .enumerate()
        .map(|(page, sections)| {
            let retired = pages[page]
                .status
                .as_deref()
                .is_some_and(|s| RETIRED.contains(&s));
            // term → (best score, best section, sum of scores)
            let mut per_page: FxHashMap<u32, (f32, u32, f32)> = FxHashMap::default();
            for (s, section) in sections.iter().enumerate() {
                let norm = K1 * (1.0 - B + B * section.length as f32 / average.max(1.0));
                for (term, occ) in &section.terms {
                    let tf = occ.body as f32;
                    let mut weight = tf * (K1 + 1.0) / (tf + norm);
                    weight += if occ.title { TITLE_BOOST } else { 0.0 }
                        + if occ.heading { HEADING_BOOST } else { 0.0 }
                        + if occ.meta { META_BOOST } else { 0.0 };
                    let score = idf[*term as usize] * weight;
                    let entry = per_page.entry(*term).or_insert((0.0, 0, 0.0));
                    if score > entry.0 {
                        entry.0 = score;
                        entry.1 = s as u32;
                    }
                    entry.2 += score;
                }
            }
            per_page
                .into_iter()
                .map(|(term, (best, section, sum))| {
                    let mut score = best + 0.25 * (sum - best);
                    if retired {
                        score *= RETIRED_FACTOR;
                    }
                    let score = ((score * SCALE).round() as u32).clamp(1, MAX_SCORE);
                    (
                        term,
                        Posting {
                            page: page as u32,
                            section,
                            score,
                        },
                    )
                })
                .collect()
        })
        .collect();
    let mut lists: Vec<Vec<Posting>> = vec![Vec::new(); names.len()];
    for page in scored {
        for (term, posting) in page {
            lists[term as usize].push(posting);
        }
    }
    let terms = names
        .into_par_iter()
        .zip(lists)
        .map(|(term, mut postings)| {
            if postings.len() > MAX_POSTINGS {
                postings.sort_unstable_by(|a, b| b.score.cmp(&a.score).then(a.page.cmp(&b.page)));
                postings.truncate(MAX_POSTINGS);
                postings.sort_unstable_by_key(|p| p.page);
            }
            (term, postings)
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    Index { terms, words }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::sections::Section;

    fn page(title: &str, sections: &[(&str, &str)]) -> SearchPage {
        SearchPage {
            title: title.into(),
            sections: sections
                .iter()
                .map(|(h, t)| Section {
                    anchor: h.to_lowercase(),
                    heading: (*h).into(),
                    text: (*t).into(),
                })
                .collect(),
            ..SearchPage::default()
        }
    }

    #[test]
    fn title_and_heading_matches_outrank_body_matches() {
        let pages = [
            page("Refunds", &[("", "How we handle money back.")]),
            page(
                "Billing",
                &[("", "Intro."), ("Refund rules", "Ask support.")],
            ),
            page(
                "Other",
                &[("", "A refund may be mentioned here, refund again.")],
            ),
        ];
        let index = build(&pages, "en");
        let postings = &index.terms["refund"];
        let score = |page: u32| postings.iter().find(|p| p.page == page).unwrap().score;
        assert!(score(0) > score(1), "{postings:?}");
        assert!(score(1) > score(2), "{postings:?}");
        assert_eq!(postings.iter().find(|p| p.page == 1).unwrap().section, 1);
        assert_eq!(index.words["refunds"], "refund");
    }

    #[test]
    fn rarer_words_weigh_more() {
        let pages = [
            page("A", &[("", "common rare")]),
            page("B", &[("", "common")]),
            page("C", &[("", "common")]),
        ];
        let index = build(&pages, "en");
        assert!(index.terms["rare"][0].score > index.terms["common"][0].score);
    }
}
