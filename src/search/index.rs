//! The inverted index: for every term (a stemmed word, or a CJK bigram), the pages that contain
//! it, each with its best-matching section and a precomputed score.
//!
//! Scores are computed here, once, so the browser only adds numbers. A section's score for a
//! term is BM25 over its body text plus fixed boosts when the term is in the page title, the
//! section heading, or the description and tags; the boosts are larger than any body score
//! can get, so a title or heading match beats a body match. A page's score is its best section's
//! plus a quarter of the others', and the posting remembers the best section so that results
//! link to `page/#heading`.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use rust_stemmers::Stemmer;

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

/// One section's terms, before scoring.
#[derive(Default)]
struct SectionTerms {
    length: u32,
    terms: HashMap<String, Occurrences>,
}

/// What one thread analyzed: its word → term cache and its pages' sections.
type AnalyzedChunk = (HashMap<String, String>, Vec<(usize, Vec<SectionTerms>)>);

/// Per-thread state: the stemmer and a cache of the words already stemmed.
struct Analyzer {
    stemmer: Option<Stemmer>,
    cache: HashMap<String, String>,
}

impl Analyzer {
    fn new(language: &str) -> Analyzer {
        Analyzer {
            stemmer: stem::for_language(language),
            cache: HashMap::new(),
        }
    }

    /// Calls `add` with the term of every token of `text`.
    fn terms(&mut self, text: &str, mut add: impl FnMut(&str)) {
        let Analyzer { stemmer, cache } = self;
        for_each_token(text, |token, cjk| {
            if let Some(term) = cache.get(token) {
                add(term);
            } else {
                let term = stem::term(stemmer.as_ref(), token, cjk);
                add(&term);
                cache.insert(token.to_owned(), term);
            }
        });
    }
}

fn analyze_page(analyzer: &mut Analyzer, page: &SearchPage) -> Vec<SectionTerms> {
    let mut out = Vec::with_capacity(page.sections.len());
    for (i, section) in page.sections.iter().enumerate() {
        let mut terms = SectionTerms::default();
        let mut length = 0;
        analyzer.terms(&section.text, |t| {
            length += 1;
            terms.terms.entry(t.to_owned()).or_default().body += 1;
        });
        analyzer.terms(&section.heading, |t| {
            terms.terms.entry(t.to_owned()).or_default().heading = true
        });
        if i == 0 {
            analyzer.terms(&page.title, |t| {
                terms.terms.entry(t.to_owned()).or_default().title = true
            });
            let meta = format!("{} {}", page.description, page.tags.join(" "));
            analyzer.terms(&meta, |t| {
                terms.terms.entry(t.to_owned()).or_default().meta = true
            });
        }
        terms.length = length;
        out.push(terms);
    }
    out
}

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
        .map(|(analyzer, done)| (analyzer.cache, done))
        .collect();
    let mut analyzed: Vec<Vec<SectionTerms>> = (0..pages.len()).map(|_| Vec::new()).collect();
    let mut words = BTreeMap::new();
    for (cache, done) in chunks {
        for (id, sections) in done {
            analyzed[id] = sections;
        }
        words.extend(cache.into_iter().filter(|(word, term)| word != term));
    }

    let section_count = analyzed.iter().map(Vec::len).sum::<usize>().max(1) as f32;
    let average = analyzed
        .iter()
        .flat_map(|s| s.iter().map(|s| s.length as f32))
        .sum::<f32>()
        / section_count;
    let mut df: HashMap<&str, u32> = HashMap::new();
    for sections in &analyzed {
        for section in sections {
            for term in section.terms.keys() {
                *df.entry(term.as_str()).or_default() += 1;
            }
        }
    }
    let idf = |term: &str| {
        let n = df.get(term).copied().unwrap_or(0) as f32;
        (1.0 + (section_count - n + 0.5) / (n + 0.5)).ln()
    };

    let mut terms: HashMap<String, Vec<Posting>> = HashMap::new();
    for (page, sections) in analyzed.iter().enumerate() {
        let retired = pages[page]
            .status
            .as_deref()
            .is_some_and(|s| RETIRED.contains(&s));
        // term → (best score, best section, sum of scores)
        let mut per_page: HashMap<&str, (f32, u32, f32)> = HashMap::new();
        for (s, section) in sections.iter().enumerate() {
            let norm = K1 * (1.0 - B + B * section.length as f32 / average.max(1.0));
            for (term, occ) in &section.terms {
                let tf = occ.body as f32;
                let mut weight = tf * (K1 + 1.0) / (tf + norm);
                weight += if occ.title { TITLE_BOOST } else { 0.0 }
                    + if occ.heading { HEADING_BOOST } else { 0.0 }
                    + if occ.meta { META_BOOST } else { 0.0 };
                let score = idf(term) * weight;
                let entry = per_page.entry(term.as_str()).or_insert((0.0, 0, 0.0));
                if score > entry.0 {
                    entry.0 = score;
                    entry.1 = s as u32;
                }
                entry.2 += score;
            }
        }
        for (term, (best, section, sum)) in per_page {
            let mut score = best + 0.25 * (sum - best);
            if retired {
                score *= RETIRED_FACTOR;
            }
            let score = ((score * SCALE).round() as u32).clamp(1, MAX_SCORE);
            terms.entry(term.to_owned()).or_default().push(Posting {
                page: page as u32,
                section,
                score,
            });
        }
    }
    let terms = terms
        .into_par_iter()
        .map(|(term, mut postings)| {
            if postings.len() > MAX_POSTINGS {
                postings.sort_unstable_by(|a, b| b.score.cmp(&a.score).then(a.page.cmp(&b.page)));
                postings.truncate(MAX_POSTINGS);
            }
            postings.sort_unstable_by_key(|p| p.page);
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
