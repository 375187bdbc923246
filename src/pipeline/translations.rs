//! Which pages of a multilingual site are translations of each other, as Hugo links them: the
//! same path below each language's content folder (`docs/setup.md` in `content/en/` and in
//! `content/es/`, or `docs/setup.md` and `docs/setup.es.md` in one folder), unless front
//! matter gives a `translationKey`, which links the pages that share it. What templates see
//! of it is `page.translations` and `page.languages` (see [`TranslationView`]).

use std::collections::HashMap;

use crate::content::{Content, Page, PageId};
use crate::languages::SiteLanguage;
use crate::templates::views::TranslationView;
use crate::urls::Urls;

/// One language's built pages, as the linking reads them.
pub struct Language<'a> {
    pub language: &'a SiteLanguage,
    pub content: &'a Content,
    pub urls: &'a Urls,
}

/// One language's pages' versions in every language.
#[derive(Debug, Default)]
pub struct Translations {
    /// Per page, its version in each language it exists in, in the order of the languages,
    /// itself included (`current`).
    pages: Vec<Vec<TranslationView>>,
    /// Each language's home page, this language's `current`.
    homes: Vec<TranslationView>,
}

impl Translations {
    /// Page `id` in the other languages.
    pub fn of(&self, id: PageId) -> Vec<TranslationView> {
        self.pages
            .get(id)
            .map(|versions| versions.iter().filter(|v| !v.current).cloned().collect())
            .unwrap_or_default()
    }

    /// The language menu of page `id`: every language, with the page when it is translated,
    /// else with the language's home page.
    pub fn menu(&self, id: PageId) -> Vec<TranslationView> {
        let versions = self.pages.get(id).map_or(&[][..], Vec::as_slice);
        self.homes
            .iter()
            .map(|home| {
                versions
                    .iter()
                    .find(|v| v.code == home.code)
                    .cloned()
                    .unwrap_or_else(|| home.clone())
            })
            .collect()
    }

    /// The language menu of a generated page (404, search): every language's home page.
    pub fn menu_home(&self) -> Vec<TranslationView> {
        self.homes.clone()
    }
}

/// What links a page to its translations: its `translationKey`, else its path below its
/// language's content folder without the extension (Hugo's logical path).
fn key(page: &Page) -> String {
    let given = page
        .front
        .extra
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("translationkey"))
        .and_then(|(_, v)| match v {
            serde_json::Value::String(s) => Some(s.trim().to_owned()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .filter(|s| !s.is_empty());
    match given {
        Some(key) => format!("key:{key}"),
        None => page.logical_path(),
    }
}

/// Links the pages of every language to their translations: one [`Translations`] per language,
/// in the order of `languages`.
pub fn link(languages: &[Language<'_>]) -> Vec<Translations> {
    let keys: Vec<Vec<String>> = languages
        .iter()
        .map(|l| l.content.pages.iter().map(key).collect())
        .collect();
    let by_key: Vec<HashMap<&str, PageId>> = keys
        .iter()
        .map(|keys| {
            let mut map = HashMap::with_capacity(keys.len());
            for (id, key) in keys.iter().enumerate() {
                map.entry(key.as_str()).or_insert(id);
            }
            map
        })
        .collect();
    let view = |lang: usize, id: PageId, current: bool, translated: bool| {
        let l = &languages[lang];
        let url = l.content.pages.get(id).map_or("", |p| p.url.as_str());
        TranslationView {
            code: l.language.code.clone(),
            label: l.language.label.clone(),
            locale: l.language.locale.clone(),
            url: l.urls.href(url),
            permalink: l.urls.permalink(url),
            current,
            translated,
        }
    };
    (0..languages.len())
        .map(|own| {
            let pages = keys[own]
                .iter()
                .enumerate()
                .map(|(id, key)| {
                    (0..languages.len())
                        .filter_map(|other| {
                            if other == own {
                                return Some(view(own, id, true, true));
                            }
                            let &found = by_key[other].get(key.as_str())?;
                            Some(view(other, found, false, true))
                        })
                        .collect()
                })
                .collect();
            let homes = (0..languages.len())
                .map(|other| view(other, 0, other == own, other == own))
                .collect();
            Translations { pages, homes }
        })
        .collect()
}
