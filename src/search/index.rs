//! The inverted index: for every term (a stemmed word, or a CJK bigram), the pages that contain
//! it, each with its best-matching section, a precomputed score and whether the term is in the
//! page's title.
//!
//! Scores are computed here, once, so the browser only adds numbers. A page is scored as a whole,
//! BM25F-like: the term's occurrences in the title, the description and tags, the headings and
//! the body are weighted per field (the body's count normalised by the page's length against the
//! average page), summed, and saturated once, so a 50,000-word page that mentions a word in every
//! section does not outweigh a short page about it. The posting then remembers the best section
//! for the term (heading matches first, then the body count normalised by the section's length)
//! so that results link to `page/#heading`. The title flag lets the query rank a page whose title
//! holds every word of the query above pages that only have the words in their text.

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
/// Field weights: what one occurrence in the field counts as, in body occurrences on a page of
/// average length. A title word weighs about as much as a word the body repeats often.
const TITLE_WEIGHT: f32 = 5.0;
const META_WEIGHT: f32 = 2.0;
const HEADING_WEIGHT: f32 = 1.5;
/// In choosing a page's best section for a term, a heading that has it counts as this many
/// body occurrences (and so does the title for the page's first section).
const SECTION_HEADING_WEIGHT: f32 = 3.0;
/// Pages with one of these `status` values (a superseded response) rank below current ones.
const RETIRED: [&str; 4] = ["deprecated", "retired", "archived", "superseded"];
const RETIRED_FACTOR: f32 = 0.5;
/// Scores are stored as integers: `score * SCALE`, at most [`MAX_SCORE`] (a score is at most
/// idf × (K1 + 1), about 20 on a 10,000-page site; 511 keeps it two characters in the shards
/// with the title flag).
const SCALE: f32 = 20.0;
pub const MAX_SCORE: u32 = 511;
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
    /// The term is in the page's title.
    pub in_title: bool,
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

/// A term of one page while its sections are read: its counts per field over the whole page,
/// and its best section so far.
#[derive(Debug, Clone, Copy)]
struct PageTerm {
    term: u32,
    section: u32,
    /// How well the best section matches (see [`SECTION_HEADING_WEIGHT`]).
    best: f32,
    body: u32,
    headings: u32,
    title: bool,
    meta: bool,
}

/// A term of one page as kept until the idf is known: its best section, its weight (the
/// saturated field-weighted count, idf is multiplied in later) and whether it is in the title.
/// Smaller than [`PageTerm`], as there is one for every distinct term of every page.
#[derive(Debug, Clone, Copy)]
struct TermWeight {
    term: u32,
    /// Below 2^16 (a page has fewer headings).
    section: u16,
    in_title: bool,
    weight: f32,
}

/// Per-thread state: the stemmer, the words already seen and the terms they map to. Terms get
/// thread-local ids; they are mapped to global ids once, after the parallel pass.
///
/// The per-section and per-page tables are dense arrays indexed by term id and reset by a
/// stamp instead of hash maps: every token of the site goes through them.
struct Analyzer {
    stemmer: Option<Stemmer>,
    /// Word as written → local term id.
    words: FxHashMap<String, u32>,
    /// A direct-mapped cache in front of `words` for words of at most 16 bytes, keyed by their
    /// bytes as one number (see [`short_key`]), [`RECENT_SLOTS`] long: every token of the site
    /// is looked up, a handbook's words are mostly the same few thousand, and comparing two
    /// numbers beats hashing a string and comparing it (a library call each time). A key of 0
    /// (no word has it) marks an empty slot.
    recent: Vec<(u128, u32)>,
    /// Local term id → term.
    terms: Vec<String>,
    term_ids: FxHashMap<String, u32>,
    /// Local term id → number of sections that contain it.
    df: Vec<u32>,
    /// Local term id → (section stamp, index in `section`).
    in_section: Vec<(u32, u32)>,
    /// Local term id → (page stamp, index in `page`).
    in_page: Vec<(u32, u32)>,
    section: Vec<(u32, Occurrences)>,
    page: Vec<PageTerm>,
    section_stamp: u32,
    page_stamp: u32,
}

impl Analyzer {
    fn new(language: &str) -> Analyzer {
        Analyzer {
            stemmer: stem::for_language(language),
            words: FxHashMap::default(),
            recent: vec![(0, 0); RECENT_SLOTS],
            terms: Vec::new(),
            term_ids: FxHashMap::default(),
            df: Vec::new(),
            in_section: Vec::new(),
            in_page: Vec::new(),
            section: Vec::new(),
            page: Vec::new(),
            section_stamp: 0,
            page_stamp: 0,
        }
    }

    /// Calls `add` with the local term id of every token of `text`.
    fn terms(&mut self, text: &str, mut add: impl FnMut(u32)) {
        let Analyzer {
            stemmer,
            words,
            recent,
            terms,
            term_ids,
            ..
        } = self;
        for_each_token(text, |token, cjk| {
            let slot = short_key(text, token).map(|key| (key, recent_slot(key)));
            if let Some((key, at)) = slot
                && recent[at].0 == key
            {
                add(recent[at].1);
                return;
            }
            if let Some(&id) = words.get(token) {
                if let Some((key, at)) = slot {
                    recent[at] = (key, id);
                }
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
            if let Some((key, at)) = slot {
                recent[at] = (key, id);
            }
            words.insert(token.to_owned(), id);
            add(id);
        });
    }

    /// The terms of one page with their best section and weights.
    fn page(&mut self, page: &SearchPage, average: &Averages) -> Vec<TermWeight> {
        self.page_stamp += 1;
        self.page.clear();
        let meta = format!("{} {}", page.description, page.tags.join(" "));
        for (i, section) in page.sections.iter().enumerate().take(u16::MAX as usize) {
            let mut fields = vec![
                (section.text.as_str(), Field::Body),
                (section.heading.as_str(), Field::Heading),
            ];
            if i == 0 {
                fields.push((page.title.as_str(), Field::Title));
                fields.push((meta.as_str(), Field::Meta));
            }
            self.read_section(&fields);
            let norm = 1.0 - B + B * section.text.len() as f32 / average.section;
            self.score_section(i as u32, norm);
        }
        let body_norm = 1.0 - B + B * page_length(page) as f32 / average.page;
        // A word of a short title says more about the page than one of a long title.
        let title_weight = TITLE_WEIGHT / (1.0 - B + B * page.title.len() as f32 / average.title);
        self.page
            .iter()
            .map(|t| {
                let tf = t.body as f32 / body_norm
                    + HEADING_WEIGHT * t.headings as f32
                    + if t.title { title_weight } else { 0.0 }
                    + if t.meta { META_WEIGHT } else { 0.0 };
                TermWeight {
                    term: t.term,
                    section: t.section as u16,
                    in_title: t.title,
                    weight: tf * (K1 + 1.0) / (tf + K1),
                }
            })
            .collect()
    }

    /// Counts the occurrences of each term of a section's fields into `self.section`.
    fn read_section(&mut self, fields: &[(&str, Field)]) {
        self.section_stamp += 1;
        let stamp = self.section_stamp;
        let mut slots = std::mem::take(&mut self.in_section);
        let mut section = std::mem::take(&mut self.section);
        section.clear();
        for (text, field) in fields {
            self.terms(text, |id| {
                let id = id as usize;
                if id >= slots.len() {
                    slots.resize(id + 1, (0, 0));
                }
                if slots[id].0 != stamp {
                    slots[id] = (stamp, section.len() as u32);
                    section.push((id as u32, Occurrences::default()));
                }
                let occ = &mut section[slots[id].1 as usize].1;
                match field {
                    Field::Body => occ.body += 1,
                    Field::Title => occ.title = true,
                    Field::Heading => occ.heading = true,
                    Field::Meta => occ.meta = true,
                }
            });
        }
        self.in_section = slots;
        self.section = section;
    }

    /// Adds the weights of the section just read to the page's terms.
    fn score_section(&mut self, index: u32, norm: f32) {
        let stamp = self.page_stamp;
        if self.df.len() < self.terms.len() {
            self.df.resize(self.terms.len(), 0);
            self.in_page.resize(self.terms.len(), (0, 0));
        }
        for &(term, occ) in &self.section {
            // The title heads the page: a page named by the word is linked at its top.
            let weight = occ.body as f32 / norm
                + if occ.heading || occ.title {
                    SECTION_HEADING_WEIGHT
                } else {
                    0.0
                };
            let slot = &mut self.in_page[term as usize];
            if slot.0 != stamp {
                // Document frequency counts pages.
                self.df[term as usize] += 1;
                *slot = (stamp, self.page.len() as u32);
                self.page.push(PageTerm {
                    term,
                    section: index,
                    best: weight,
                    body: 0,
                    headings: 0,
                    title: false,
                    meta: false,
                });
            }
            let entry = &mut self.page[slot.1 as usize];
            if weight > entry.best {
                entry.best = weight;
                entry.section = index;
            }
            entry.body += occ.body;
            entry.headings += u32::from(occ.heading);
            entry.title |= occ.title;
            entry.meta |= occ.meta;
        }
    }
}

/// Slots of [`Analyzer::recent`] (a power of two).
const RECENT_SLOTS: usize = 4096;

/// A short word's slot in [`Analyzer::recent`]: its key's halves mixed and multiplied, the top
/// bits taken.
fn recent_slot(key: u128) -> usize {
    let mixed = (key as u64) ^ ((key >> 64) as u64).rotate_left(29);
    (mixed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - RECENT_SLOTS.trailing_zeros())) as usize
}

/// A token of at most 16 bytes as one number: its bytes, little-endian, zero-padded (tokens are
/// letters and digits, so never contain a zero byte and the padding cannot be confused with
/// the word). A token that is a slice of `text` with 16 bytes after its start is read in one
/// load and masked, the usual case; others are copied.
fn short_key(text: &str, token: &str) -> Option<u128> {
    let len = token.len();
    if len == 0 || len > 16 {
        return None;
    }
    let offset = (token.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    let loaded = (offset < text.len())
        .then(|| text.as_bytes().get(offset..offset + 16))
        .flatten();
    let value = match loaded {
        Some(bytes) => u128::from_le_bytes(bytes.try_into().ok()?),
        None => {
            let mut buf = [0u8; 16];
            buf[..len].copy_from_slice(token.as_bytes());
            return Some(u128::from_le_bytes(buf));
        }
    };
    let mask = if len == 16 {
        u128::MAX
    } else {
        (1u128 << (len * 8)) - 1
    };
    Some(value & mask)
}

#[derive(Clone, Copy)]
enum Field {
    Body,
    Title,
    Heading,
    Meta,
}

/// Average lengths (bytes of body text) the scores are normalised by.
struct Averages {
    page: f32,
    section: f32,
    title: f32,
}

/// Bytes of body text of a page.
fn page_length(page: &SearchPage) -> usize {
    page.sections.iter().map(|s| s.text.len()).sum()
}

/// What one thread analyzed: its analyzer (terms, words, df) and its pages' terms.
type AnalyzedChunk = (Analyzer, Vec<(usize, Vec<TermWeight>)>);

/// Builds the index of `pages` for a site in `language`.
pub fn build(pages: &[SearchPage], language: &str) -> Index {
    let section_count = pages.iter().map(|p| p.sections.len()).sum::<usize>().max(1);
    let text_bytes = pages.iter().map(page_length).sum::<usize>() as f32;
    let average = Averages {
        page: (text_bytes / pages.len().max(1) as f32).max(1.0),
        section: (text_bytes / section_count as f32).max(1.0),
        title: (pages.iter().map(|p| p.title.len()).sum::<usize>() as f32
            / pages.len().max(1) as f32)
            .max(1.0),
    };
    // A few pieces per thread: enough to balance the load, few enough that each word is
    // stemmed only a few times.
    let piece = pages
        .len()
        .div_ceil(rayon::current_num_threads() * 4)
        .max(64);
    let chunks: Vec<AnalyzedChunk> = pages
        .par_iter()
        .enumerate()
        .with_min_len(piece)
        .fold(
            || (Analyzer::new(language), Vec::new()),
            |(mut analyzer, mut done), (id, page)| {
                let terms = analyzer.page(page, &average);
                done.push((id, terms));
                (analyzer, done)
            },
        )
        .collect();

    // Global term ids, document frequencies, and every page's terms with global ids.
    let mut global: FxHashMap<String, u32> = FxHashMap::default();
    let mut names: Vec<String> = Vec::new();
    let mut df: Vec<u32> = Vec::new();
    let mut words = BTreeMap::new();
    let mut analyzed: Vec<Vec<TermWeight>> = (0..pages.len()).map(|_| Vec::new()).collect();
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
        df.resize(names.len(), 0);
        for (local, &n) in analyzer.df.iter().enumerate() {
            df[remap[local] as usize] += n;
        }
        for (word, id) in analyzer.words {
            let term = &analyzer.terms[id as usize];
            if word != *term {
                words.insert(word, term.clone());
            }
        }
        for (id, mut terms) in done {
            for t in &mut terms {
                t.term = remap[t.term as usize];
            }
            analyzed[id] = terms;
        }
    }
    let count = pages.len() as f32;
    let idf: Vec<f32> = df
        .iter()
        .map(|&n| (1.0 + (count - n as f32 + 0.5) / (n as f32 + 0.5)).ln())
        .collect();
    let score = |page: usize, t: &TermWeight| {
        let mut score = idf[t.term as usize] * t.weight;
        if pages[page]
            .status
            .as_deref()
            .is_some_and(|s| RETIRED.contains(&s))
        {
            score *= RETIRED_FACTOR;
        }
        ((score * SCALE).round() as u32).clamp(1, MAX_SCORE)
    };
    let terms = posting_lists(names, analyzed, score).into_iter().collect();
    Index { terms, words }
}

/// Each term's postings in page order, at most [`MAX_POSTINGS`] (the best-scoring ones). One
/// flat array filled by counting, instead of a growing list per term: there are millions of
/// postings on a large site. The pages' terms are dropped as soon as they are in it.
fn posting_lists(
    names: Vec<String>,
    pages: Vec<Vec<TermWeight>>,
    score: impl Fn(usize, &TermWeight) -> u32,
) -> Vec<(String, Vec<Posting>)> {
    let mut starts = vec![0usize; names.len() + 1];
    for t in pages.iter().flatten() {
        starts[t.term as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut next = starts.clone();
    let empty = Posting {
        page: 0,
        section: 0,
        score: 0,
        in_title: false,
    };
    let mut flat = vec![empty; starts[names.len()]];
    for (page, terms) in pages.iter().enumerate() {
        for t in terms {
            let slot = &mut next[t.term as usize];
            flat[*slot] = Posting {
                page: page as u32,
                section: u32::from(t.section),
                score: score(page, t),
                in_title: t.in_title,
            };
            *slot += 1;
        }
    }
    drop(pages);
    names
        .into_par_iter()
        .enumerate()
        .map(|(term, name)| {
            let all = &flat[starts[term]..starts[term + 1]];
            (name, best_postings(all))
        })
        .collect()
}

/// At most [`MAX_POSTINGS`] of a term's postings (in page order): those in a title, then the
/// best-scoring ones, the first pages among equal scores. The cut-off score is found by selection rather than by
/// sorting, as the lists cut are those of the site's most common words.
fn best_postings(all: &[Posting]) -> Vec<Posting> {
    if all.len() <= MAX_POSTINGS {
        return all.to_vec();
    }
    // Pages with the word in their title are kept first: a query that names a page by its
    // title must find it even when each word is on most pages.
    let key = |p: &Posting| p.score + if p.in_title { MAX_SCORE + 1 } else { 0 };
    let mut scores: Vec<u32> = all.iter().map(key).collect();
    let (_, &mut cut, _) = scores.select_nth_unstable_by(MAX_POSTINGS - 1, |a, b| b.cmp(a));
    // Every posting above the cut-off stays; the rest of the room goes to those at it.
    let above = all.iter().filter(|p| key(p) > cut).count();
    let mut at_cut = MAX_POSTINGS - above;
    all.iter()
        .filter(|p| {
            key(p) > cut
                || (key(p) == cut && at_cut > 0 && {
                    at_cut -= 1;
                    true
                })
        })
        .copied()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::sections::Section;

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
        let mut pages = vec![
            page("Refunds", &[("", "How we handle money back.")]),
            page(
                "Billing",
                &[("", "Intro."), ("Refund rules", "Ask support.")],
            ),
            page("Other", &[("", "A refund may be mentioned here.")]),
        ];
        // Pages without the word, so that it is a rare word as on a real site.
        pages.extend((0..20).map(|i| page(&format!("Page {i}"), &[("", "Other text.")])));
        let index = build(&pages, "en");
        let postings = &index.terms["refund"];
        let score = |page: u32| postings.iter().find(|p| p.page == page).unwrap().score;
        assert!(score(0) > score(1), "{postings:?}");
        assert!(score(1) > score(2), "{postings:?}");
        assert_eq!(postings.iter().find(|p| p.page == 1).unwrap().section, 1);
        assert_eq!(index.words["refunds"], "refund");
    }

    #[test]
    fn a_long_posting_list_keeps_the_best_and_the_first_of_equals_in_page_order() {
        let all: Vec<Posting> = (0..MAX_POSTINGS as u32 + 10)
            .map(|page| Posting {
                page,
                section: 0,
                score: if page % 2 == 0 { 5 } else { 3 },
                in_title: false,
            })
            .collect();
        let kept = best_postings(&all);
        assert_eq!(kept.len(), MAX_POSTINGS);
        let high = all.iter().filter(|p| p.score == 5).count();
        assert!(kept[..].iter().filter(|p| p.score == 5).count() == high);
        let lows: Vec<u32> = kept
            .iter()
            .filter(|p| p.score == 3)
            .map(|p| p.page)
            .collect();
        assert_eq!(
            lows,
            (0..lows.len() as u32)
                .map(|i| 2 * i + 1)
                .collect::<Vec<_>>()
        );
        assert!(kept.windows(2).all(|w| w[0].page < w[1].page));
        // The sorting it replaces gives the same.
        let mut sorted = all.clone();
        sorted.sort_by(|a, b| b.score.cmp(&a.score).then(a.page.cmp(&b.page)));
        sorted.truncate(MAX_POSTINGS);
        sorted.sort_by_key(|p| p.page);
        assert_eq!(kept, sorted);
    }

    #[test]
    fn short_keys_are_the_same_read_in_place_or_copied() {
        let text = "refund policy and a sixteen-bytes-long word: abcdefghijklmnop, end";
        for (start, len) in [(0, 6), (7, 6), (14, 3), (18, 1), (45, 16), (63, 3)] {
            let token = &text[start..start + len];
            let in_place = short_key(text, token).unwrap();
            // Not a slice of the text given: copied.
            let copied = short_key("", token).unwrap();
            assert_eq!(in_place, copied, "{token}");
        }
        assert_ne!(short_key("ab", "ab"), short_key("abc", "abc"));
        assert_eq!(short_key("x", &"y".repeat(17)), None);
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
