//! The index on disk, split so that a query downloads only what it needs (as Pagefind does):
//!
//! - `search/index.json`: the shard keys, page count, language; fetched once, a few KB;
//! - `search/t/<n>.json`: one shard of terms whose words start with the shard's key;
//! - `search/p/<n>.json`: the records of pages `2n` and `2n+1` (title, breadcrumb, facets,
//!   section texts), fetched for the results shown (excerpts, phrase checks, highlighting);
//! - `search/facets.json`: the pages of every facet value, fetched only when facets are shown.
//!
//! Shard keys are prefixes of the words: everything starts in one shard keyed `""`, and a
//! shard larger than [`TARGET_BYTES`] is split by the next character, leaving behind the
//! word equal to its key. A word lives in the shard with the longest key that is a prefix of
//! it, which is also how the browser finds it.

use std::collections::BTreeMap;

use super::encode::{delta_list, push_number};
use super::index::Index;

/// A shard is split when it is larger than this (bytes of JSON).
pub const TARGET_BYTES: usize = 12 * 1024;
/// Keys are at most this many characters long.
pub const MAX_KEY_CHARS: usize = 6;

/// The shard files: `(key, JSON text)`, sorted by key.
pub fn shards(index: &Index) -> Vec<(String, String)> {
    // Each item is a term (with postings) or a written word pointing at its term.
    let mut items: Vec<(&str, usize)> = Vec::with_capacity(index.terms.len() + index.words.len());
    let mut postings: BTreeMap<&str, String> = BTreeMap::new();
    for (term, list) in &index.terms {
        let mut text = String::with_capacity(list.len() * 4);
        let mut last = 0;
        for p in list {
            push_number(&mut text, p.page - last);
            push_number(&mut text, p.section);
            // The score with the title flag in its lowest bit.
            push_number(&mut text, p.score * 2 + u32::from(p.in_title));
            last = p.page;
        }
        items.push((term, term.len() + text.len() + 6));
        postings.insert(term, text);
    }
    for (word, term) in &index.words {
        items.push((word, word.len() + term.len() + 6));
    }
    items.sort_unstable();
    let mut groups = Vec::new();
    split(String::new(), &items, 0, &mut groups);
    groups
        .into_iter()
        .map(|(key, members)| {
            let mut terms = serde_json::Map::new();
            let mut words = serde_json::Map::new();
            for word in members {
                if let Some(text) = postings.get(word) {
                    terms.insert(word.to_owned(), text.clone().into());
                }
                if let Some(term) = index.words.get(word) {
                    words.insert(word.to_owned(), term.clone().into());
                }
            }
            let json = serde_json::json!({ "t": terms, "w": words });
            (key, json.to_string())
        })
        .collect()
}

/// Splits sorted `items` (all starting with `key`, of `depth` characters) into shards.
fn split<'a>(
    key: String,
    items: &[(&'a str, usize)],
    depth: usize,
    out: &mut Vec<(String, Vec<&'a str>)>,
) {
    let size: usize = items.iter().map(|(_, s)| s).sum();
    if size <= TARGET_BYTES || depth >= MAX_KEY_CHARS {
        out.push((key, items.iter().map(|(w, _)| *w).collect()));
        return;
    }
    let mut leftover = Vec::new();
    let mut groups: BTreeMap<String, Vec<(&'a str, usize)>> = BTreeMap::new();
    for &(word, bytes) in items {
        let prefix: String = word.chars().take(depth + 1).collect();
        if prefix.chars().count() <= depth {
            leftover.push(word);
        } else {
            groups.entry(prefix).or_default().push((word, bytes));
        }
    }
    if !leftover.is_empty() {
        out.push((key, leftover));
    }
    for (prefix, members) in groups {
        split(prefix, &members, depth + 1, out);
    }
}

/// The shard a word belongs to: the longest key that is a prefix of it.
pub fn shard_for(keys: &[String], word: &str) -> Option<usize> {
    keys.iter()
        .enumerate()
        .filter(|(_, k)| word.starts_with(k.as_str()))
        .max_by_key(|(_, k)| k.len())
        .map(|(i, _)| i)
}

/// Typo lookups read at most this many shards.
pub const MAX_TYPO_SHARDS: usize = 12;

/// The shards that may hold a word one edit away from `word`, in the order they are worth
/// reading, at most [`MAX_TYPO_SHARDS`]. `search.js` has the same function (`typoShards`).
///
/// 1. its own shard;
/// 2. the shards of `word` with two neighbouring letters swapped, then with one letter
///    dropped: for those typos (`refnud`, `reffund`) this is exactly where the meant word is,
///    even when the typo is inside a shard key;
/// 3. the keys that start `word` (a typo after the key);
/// 4. the keys one edit away from `word`'s first letters, longest first (a letter missing or
///    mistyped inside the key: `rfund` for `refund` in shard `ref`).
pub fn typo_shards(keys: &[String], word: &str) -> Vec<usize> {
    let chars: Vec<char> = word.chars().collect();
    let start = |n: usize| -> String { chars[..n.min(chars.len())].iter().collect() };
    let mut variants: Vec<String> = Vec::new();
    for i in 0..chars.len().saturating_sub(1) {
        let mut swapped = chars.clone();
        swapped.swap(i, i + 1);
        variants.push(swapped.into_iter().collect());
    }
    for i in 0..chars.len() {
        let mut dropped = chars.clone();
        dropped.remove(i);
        variants.push(dropped.into_iter().collect());
    }
    let starts: Vec<usize> = (0..keys.len())
        .filter(|&i| word.starts_with(keys[i].as_str()))
        .collect();
    let mut near: Vec<usize> = (0..keys.len())
        .filter(|&i| {
            let n = keys[i].chars().count();
            n > 0
                && n <= chars.len() + 1
                && !word.starts_with(keys[i].as_str())
                && (n.saturating_sub(1)..=n + 1)
                    .filter(|&j| j <= chars.len())
                    .any(|j| super::edit::within_one_edit(&keys[i], &start(j)))
        })
        .collect();
    near.sort_by_key(|&i| std::cmp::Reverse(keys[i].chars().count()));
    let mut out: Vec<usize> = Vec::new();
    let ordered = shard_for(keys, word)
        .into_iter()
        .chain(variants.iter().filter_map(|v| shard_for(keys, v)))
        .chain(starts.into_iter().rev())
        .chain(near);
    for i in ordered {
        if out.len() >= MAX_TYPO_SHARDS {
            break;
        }
        if !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

/// `search/facets.json`: for each facet and value, the ascending ids of its pages.
pub fn facets_json(facets: &BTreeMap<&str, BTreeMap<String, Vec<u32>>>) -> String {
    let mut out = serde_json::Map::new();
    for (facet, values) in facets {
        let values: serde_json::Map<String, serde_json::Value> = values
            .iter()
            .map(|(value, pages)| (value.clone(), delta_list(pages.iter().copied()).into()))
            .collect();
        out.insert((*facet).to_owned(), values.into());
    }
    serde_json::Value::Object(out).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::Posting;

    #[test]
    fn large_shards_split_by_prefix_and_every_word_is_findable() {
        let mut index = Index::default();
        let postings: Vec<Posting> = (0..1000)
            .map(|page| Posting {
                page,
                section: 0,
                score: 450,
                in_title: false,
            })
            .collect();
        for word in ["refund", "refuse", "reply", "rest", "apple", "r"] {
            index.terms.insert(word.into(), postings.clone());
        }
        index.words.insert("refunds".into(), "refund".into());
        let shards = shards(&index);
        assert!(
            shards.len() > 2,
            "{:?}",
            shards.iter().map(|s| &s.0).collect::<Vec<_>>()
        );
        let keys: Vec<String> = shards.iter().map(|s| s.0.clone()).collect();
        for word in ["refund", "refuse", "reply", "rest", "apple", "r", "refunds"] {
            let shard = &shards[shard_for(&keys, word).unwrap()].1;
            assert!(
                shard.contains(&format!("\"{word}\"")),
                "{word} not in its shard {}",
                &shard[..80.min(shard.len())]
            );
        }
    }

    #[test]
    fn typos_inside_a_shard_key_look_in_the_neighbouring_shards() {
        let keys: Vec<String> = ["", "r", "re", "ref", "rf", "es", "esc", "x"]
            .iter()
            .map(|k| (*k).to_owned())
            .collect();
        let names = |ids: Vec<usize>| ids.into_iter().map(|i| keys[i].clone()).collect::<Vec<_>>();
        // `rfund`: home `rf`, then the keys that start it, then `ref` (one edit from `rf`),
        // where `refund` lives.
        let shards = names(typo_shards(&keys, "rfund"));
        assert_eq!(shards[0], "rf");
        assert!(shards.contains(&"ref".to_owned()), "{shards:?}");
        assert!(shards.contains(&"re".to_owned()), "{shards:?}");
        assert!(!shards.contains(&"esc".to_owned()), "{shards:?}");
        // `efund` (first letter lost) reaches `ref` too; `escalaton` stays near home.
        assert!(names(typo_shards(&keys, "efund")).contains(&"ref".to_owned()));
        assert_eq!(names(typo_shards(&keys, "escalaton"))[0], "esc");
        // A swap across a key's end: `refnud` is at home in `refn`, `refund` in `refu`, among
        // 26 keys `ref?` that are all one letter from `refn`.
        let mut many = keys.clone();
        many.extend((b'a'..=b'z').map(|c| format!("ref{}", c as char)));
        let shards: Vec<String> = typo_shards(&many, "refnud")
            .into_iter()
            .map(|i| many[i].clone())
            .collect();
        assert_eq!(shards[0], "refn");
        assert!(shards.contains(&"refu".to_owned()), "{shards:?}");
        assert!(shards.len() <= MAX_TYPO_SHARDS);
    }

    #[test]
    fn a_small_index_is_one_shard() {
        let mut index = Index::default();
        index.terms.insert(
            "hello".into(),
            vec![Posting {
                page: 2,
                section: 1,
                score: 20,
                in_title: false,
            }],
        );
        let shards = shards(&index);
        assert_eq!(
            shards,
            [(String::new(), r#"{"t":{"hello":"21x8"},"w":{}}"#.to_owned())]
        );
    }
}
