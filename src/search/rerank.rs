//! The order of results, and the second look at the top results once their page records are
//! loaded: whether a title is the query itself, how many of the query's words come in a row,
//! how deep the URL is. Only the records tell these, and a query loads the records of the
//! results it shows anyway. `search.js` has the same (`byRank`, `rerank`); the two must agree.

use std::cmp::Ordering;

use super::edit::within_one_edit;
use super::record::PageFile;
use super::tokenize::{Token, tokens};

/// A candidate page as the ranking sees it.
#[derive(Debug, Clone)]
pub struct Ranked {
    pub page: u32,
    /// How many query tokens it matches.
    pub cover: usize,
    pub score: f64,
    pub section: u32,
    /// A response that sorts first (see `RESPONSE_SHARE` in query.rs).
    pub first: bool,
    /// 3: the title is the query word for word; 2: give or take a typo or the end of the
    /// word being typed; 1: the title holds every token; 0: none of these.
    pub title: u8,
    /// Segments of the URL, once the record is loaded (0 before).
    pub depth: usize,
}

/// Best first: more tokens matched; a title that is the query; a title with every token; among
/// those, a response that matches about as well as the best page (advocates look for wording to
/// paste); how closely the title is the query; score; shallower URL; earlier page.
pub fn by_rank(a: &Ranked, b: &Ranked) -> Ordering {
    b.cover
        .cmp(&a.cover)
        .then((b.title >= 2).cmp(&(a.title >= 2)))
        .then((b.title > 0).cmp(&(a.title > 0)))
        .then(b.first.cmp(&a.first))
        .then(b.title.cmp(&a.title))
        .then(b.score.total_cmp(&a.score))
        .then(a.depth.cmp(&b.depth))
        .then(a.page.cmp(&b.page))
}

/// True when query token `q` (a prefix when `prefix`) stands for `word`: the same, its
/// prefix, or one edit away for tokens of 4 letters or more.
fn token_matches(q: &str, prefix: bool, word: &str) -> bool {
    q == word
        || (prefix && word.starts_with(q))
        || (q.chars().count() >= 4 && within_one_edit(q, word))
}

/// The longest run of consecutive query tokens found one after the other in `words`.
fn longest_run(query: &[(Token, bool)], words: &[String]) -> usize {
    let mut best = 0;
    for w in 0..words.len() {
        for t in 0..query.len() {
            if best >= query.len() {
                return best;
            }
            let mut k = 0;
            while t + k < query.len()
                && w + k < words.len()
                && token_matches(&query[t + k].0.text, query[t + k].1, &words[w + k])
            {
                k += 1;
            }
            best = best.max(k);
        }
    }
    best
}

fn words(text: &str) -> Vec<String> {
    tokens(text).into_iter().map(|t| t.text).collect()
}

/// Orders the loaded top results: a title that is the query (word for word, then give or take a
/// typo) above one that holds its words,
/// then the score raised by the longest run of query words in the title and description, the
/// opening text or the linked section (`1 + run / n`), then shallower URLs.
pub fn rerank(query: &[(Token, bool)], rows: Vec<(Ranked, PageFile)>) -> Vec<(Ranked, PageFile)> {
    let n = query.len();
    let mut rows: Vec<(Ranked, PageFile)> = rows
        .into_iter()
        .map(|(mut r, page)| {
            let title = words(&page.t);
            let same = title.len() == n && title.iter().zip(query).all(|(w, (q, _))| q.text == *w);
            let near = title.len() == n
                && title
                    .iter()
                    .zip(query)
                    .all(|(w, (q, prefix))| token_matches(&q.text, *prefix, w));
            let mut head = title;
            head.push(String::new());
            head.extend(words(&page.d));
            let mut run = longest_run(query, &head);
            for s in [0, r.section as usize] {
                if let Some(h) = page.h.get(s)
                    && run < n
                {
                    run = run.max(longest_run(query, &words(&format!("{} {}", h[1], h[2]))));
                }
            }
            if same {
                r.title = 3;
            } else if near {
                r.title = 2;
            }
            r.score *= 1.0 + run as f64 / n as f64;
            r.depth = page.u.split('/').filter(|s| !s.is_empty()).count();
            (r, page)
        })
        .collect();
    rows.sort_by(|a, b| by_rank(&a.0, &b.0));
    rows
}
