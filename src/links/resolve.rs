//! Resolving link destinations: the site-wide index of pages, folders and files that links are
//! resolved against, and the rules for reading a destination (relative to the page's file or
//! its URL, site-absolute with or without the base path, a file named with `?` or `#`).

use std::collections::HashSet;

use crate::content::{Content, Page, PageId};
use crate::markdown::{LinkResolver, Resolution, links::is_external};

/// Everything a link can point to.
pub struct LinkIndex<'a> {
    pub content: &'a Content,
    pub base_path: String,
    /// Output paths of files that are not pages (content assets, static and theme files, feeds).
    pub files: &'a HashSet<String>,
    /// For one language of a multilingual site, the files of `files` that all languages share
    /// (`static/`, the theme's), published under the base path of the whole site, the second.
    pub shared: Option<(&'a HashSet<String>, &'a str)>,
}

pub use crate::percent::decode as percent_decode;

pub use crate::content::site_path::join_path;

/// The key of a page URL in `Content::by_url`: the folder path with its trailing `/` (empty for
/// the home page).
fn url_key(folder: &str) -> String {
    if folder.is_empty() {
        String::new()
    } else {
        format!("{folder}/")
    }
}

fn is_markdown_path(path: &str) -> bool {
    crate::content::walk::is_markdown(path)
}

impl LinkIndex<'_> {
    fn page_href(&self, id: PageId, fragment: Option<&str>) -> String {
        let mut href = format!("{}{}", self.base_path, self.content.pages[id].url);
        if let Some(fragment) = fragment {
            href.push('#');
            href.push_str(fragment);
        }
        href
    }

    /// Finds a site path (below the base path, no leading slash): a page URL or a file.
    fn lookup_site_path(&self, path: &str) -> Option<Result<PageId, String>> {
        let trimmed = path.trim_end_matches('/');
        if let Some(&id) = self.content.by_url.get(&url_key(trimmed)) {
            return Some(Ok(id));
        }
        let index_of = trimmed
            .strip_suffix("/index.html")
            .or_else(|| (trimmed == "index.html").then_some(""));
        if let Some(&id) = index_of.and_then(|folder| self.content.by_url.get(&url_key(folder))) {
            return Some(Ok(id));
        }
        // A file named with `\`, `?`, `#` or `%` is published under its output name.
        let file = crate::file_names::output_name(trimmed);
        if self.files.contains(file.as_ref()) {
            return Some(Err(file.into_owned()));
        }
        // A folder of the output with an `index.html` (a generated page, a static folder).
        let index = if trimmed.is_empty() {
            "index.html".to_owned()
        } else {
            format!("{trimmed}/index.html")
        };
        self.files.contains(&index).then(|| {
            Err(if trimmed.is_empty() {
                String::new()
            } else {
                format!("{trimmed}/")
            })
        })
    }
}

/// Resolves the links of one page.
pub struct PageLinks<'a> {
    pub index: &'a LinkIndex<'a>,
    pub id: PageId,
}

impl PageLinks<'_> {
    fn page(&self) -> &Page {
        &self.index.content.pages[self.id]
    }

    fn broken(&self, destination: &str, reason: String) -> Resolution {
        Resolution::Broken {
            href: destination.to_owned(),
            reason,
        }
    }

    fn resolve_path(
        &self,
        path: &str,
        query: &str,
        fragment: Option<&str>,
        destination: &str,
    ) -> Resolution {
        let index = self.index;
        let content = index.content;
        let decoded = percent_decode(path);
        let to_page = |id: PageId| Resolution::Internal {
            href: index.page_href(id, fragment),
            page: Some(id),
            anchor: fragment.map(str::to_owned),
        };
        let to_file = |file: &str| {
            let base = match index.shared {
                Some((shared, base)) if shared.contains(file) => base,
                _ => index.base_path.as_str(),
            };
            let mut href = format!("{base}{file}");
            if !query.is_empty() {
                href.push('?');
                href.push_str(query);
            }
            if let Some(f) = fragment {
                href.push('#');
                href.push_str(f);
            }
            Resolution::Internal {
                href,
                page: None,
                anchor: None,
            }
        };
        let found = |hit: Result<PageId, String>| match hit {
            Ok(id) => to_page(id),
            Err(file) => to_file(&file),
        };
        if let Some(site_path) = decoded.strip_prefix('/') {
            // Site-absolute: written from the site root, with or without the base path.
            let base = index.base_path.trim_start_matches('/');
            let candidates = [
                Some(site_path),
                (!base.is_empty())
                    .then(|| site_path.strip_prefix(base))
                    .flatten(),
            ];
            for candidate in candidates.into_iter().flatten() {
                if is_markdown_path(candidate) {
                    if let Some(&id) = content.by_source.get(candidate) {
                        return to_page(id);
                    }
                    continue;
                }
                if let Some(hit) = index.lookup_site_path(candidate) {
                    return found(hit);
                }
            }
            if let Some(found) = self.nested_root(site_path, fragment) {
                return found;
            }
            return self.broken(
                destination,
                format!("no page or file is published at `{decoded}`"),
            );
        }
        let page = self.page();
        let Some(joined) = join_path(page.link_base(), &decoded) else {
            return self.broken(
                destination,
                format!("`{decoded}` points above the content folder"),
            );
        };
        if is_markdown_path(&joined) {
            return match content.by_source.get(&joined) {
                Some(&id) => to_page(id),
                None => self.broken(
                    destination,
                    format!("there is no page `{joined}` in the content folder"),
                ),
            };
        }
        // A file named with `\`, `?`, `#` or `%` is published under its output name.
        let file = crate::file_names::output_name(&joined);
        if index.files.contains(file.as_ref()) {
            return to_file(&file);
        }
        // A folder: its section, or the page bundle whose `index.md` it holds.
        let folder = joined.trim_end_matches('/');
        let bundle = ["index.md", "README.md", "_index.md"]
            .iter()
            .find_map(|name| content.by_source.get(&format!("{folder}/{name}")));
        if let Some(&id) = content.by_dir.get(folder).or(bundle) {
            return to_page(id);
        }
        // Written relative to the page's published URL, as Hugo sites do (`../other-page/`).
        if let Some(hit) =
            join_path(&page.url, &decoded).and_then(|from_url| index.lookup_site_path(&from_url))
        {
            return found(hit);
        }
        self.broken(
            destination,
            format!("nothing is published at `{decoded}` relative to this page"),
        )
    }
}

impl PageLinks<'_> {
    /// A site-absolute link written for a site or repository that now lives in a folder of this
    /// one (a Hugo `content/` folder, a copied repository): `/communication/x.md` from a page
    /// under `community/` means `community/communication/x.md`. Tried from the outermost folder
    /// of the page inwards, only when the link resolves nowhere else.
    fn nested_root(&self, site_path: &str, fragment: Option<&str>) -> Option<Resolution> {
        let content = self.index.content;
        let base = self.page().link_base();
        let mut prefix = String::new();
        for part in base.split('/').filter(|p| !p.is_empty()) {
            prefix.push_str(part);
            prefix.push('/');
            let candidate = format!("{prefix}{site_path}");
            let id = if is_markdown_path(&candidate) {
                content.by_source.get(&candidate).copied()
            } else {
                match self.index.lookup_site_path(&candidate) {
                    Some(Ok(id)) => Some(id),
                    _ => content.by_dir.get(candidate.trim_end_matches('/')).copied(),
                }
            };
            if let Some(id) = id {
                return Some(Resolution::Internal {
                    href: self.index.page_href(id, fragment),
                    page: Some(id),
                    anchor: fragment.map(str::to_owned),
                });
            }
        }
        None
    }
}

impl LinkResolver for PageLinks<'_> {
    fn resolve(&self, destination: &str) -> Resolution {
        let destination = destination.trim();
        if destination.is_empty() {
            return Resolution::Empty;
        }
        if is_external(destination) {
            return Resolution::External;
        }
        let (rest, fragment) = match destination.split_once('#') {
            Some((rest, fragment)) => (rest, Some(fragment).filter(|f| !f.is_empty())),
            None => (destination, None),
        };
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        if path.is_empty() {
            return Resolution::Internal {
                href: destination.to_owned(),
                page: Some(self.id),
                anchor: fragment.map(str::to_owned),
            };
        }
        if let Some(resolved) = self.literal_name(destination) {
            return resolved;
        }
        self.resolve_path(path, query, fragment, destination)
    }
}

impl PageLinks<'_> {
    /// A link that names a file with `?` or `#` in its name as it is on disk (`what?.md`,
    /// `c#.md#usage`), which as a URL would be cut at that character: the whole destination,
    /// then the part before its last `#`, when that part still has a `?` or `#` and names a
    /// page or file. Tried before the URL reading, which would find another page (`c.md`).
    fn literal_name(&self, destination: &str) -> Option<Resolution> {
        if !destination.contains(['?', '#']) {
            return None;
        }
        let whole = (destination, None);
        let cut = destination
            .rsplit_once('#')
            .map(|(path, fragment)| (path, Some(fragment).filter(|f| !f.is_empty())));
        [Some(whole), cut]
            .into_iter()
            .flatten()
            .filter(|(path, _)| path.contains(['?', '#']))
            .map(|(path, fragment)| self.resolve_path(path, "", fragment, destination))
            .find(|r| !matches!(r, Resolution::Broken { .. }))
    }
}

/// A link found while rendering, located in its page.
pub struct PageLink {
    pub page: PageId,
    /// Byte offset in the page's file text.
    pub offset: usize,
    pub destination: String,
    pub resolution: Resolution,
}

/// The id that `anchor` means in `ids`: exact, percent-decoded, or ignoring case and punctuation
/// the way GitHub's heading slugs do.
pub fn match_anchor(ids: &HashSet<String>, anchor: &str) -> Option<Result<(), String>> {
    if ids.contains(anchor) {
        return Some(Ok(()));
    }
    let decoded = percent_decode(anchor);
    if ids.contains(&decoded) {
        return Some(Ok(()));
    }
    let loose = crate::markdown::headings::slugify(decoded.trim_start_matches('#'));
    ids.iter()
        .find(|id| id.to_lowercase() == loose || id.to_lowercase() == decoded.to_lowercase())
        .map(|id| Err(id.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_and_normalises() {
        assert_eq!(join_path("a/b", "../c.md").as_deref(), Some("a/c.md"));
        assert_eq!(join_path("a", "./x/./y.md").as_deref(), Some("a/x/y.md"));
        assert_eq!(join_path("", "../x.md"), None);
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("my%20file.md"), "my file.md");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz"), "%zz");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// A home page, a section, a page in it and one deeper, and two files.
        fn site() -> (Content, HashSet<String>) {
            let mut content = Content::default();
            let pages = [
                ("_index.md", "", "", true),
                ("guides/_index.md", "guides", "guides/", true),
                ("guides/a.md", "guides", "guides/a/", false),
                ("guides/deep/b.md", "guides/deep", "guides/deep/b/", false),
            ];
            for (id, (rel, dir, url, section)) in pages.into_iter().enumerate() {
                content.pages.push(Page {
                    rel_path: rel.into(),
                    dir: dir.into(),
                    url: url.into(),
                    is_section: section,
                    ..Page::default()
                });
                content.by_source.insert(rel.into(), id);
                content.by_url.insert(url.into(), id);
                if section {
                    content.by_dir.insert(dir.into(), id);
                }
            }
            let files = ["guides/img.png", "style.css"].map(String::from).into();
            (content, files)
        }

        /// Link destinations: path segments (dot segments too, also percent-encoded), maybe
        /// site-absolute, maybe with a query or a fragment.
        fn destination() -> impl Strategy<Value = String> {
            let segment = prop::sample::select(vec![
                "..",
                ".",
                "%2e%2e",
                "%2E.",
                "",
                "guides",
                "deep",
                "a.md",
                "b.md",
                "_index.md",
                "img.png",
                "style.css",
                "index.html",
                "docs",
                "é",
                "a%2fb",
                "\\",
                "c:",
            ]);
            let start = prop::sample::select(vec!["", "", "/", "./", "//", "#", "?"]);
            let end = prop::sample::select(vec!["", "", "/", "#x", "?q=../..", "#../.."]);
            (start, prop::collection::vec(segment, 0..6), end)
                .prop_map(|(start, segments, end)| format!("{start}{}{end}", segments.join("/")))
        }

        /// A resolved link stays in the site: below the base path, with no `.` or `..`
        /// segment, percent-encoded or not.
        #[track_caller]
        fn stays_in_the_site(destination: &str) -> Result<(), TestCaseError> {
            let (content, files) = site();
            let index = LinkIndex {
                content: &content,
                base_path: "/docs/".into(),
                files: &files,
                shared: None,
            };
            for id in 0..content.pages.len() {
                let Resolution::Internal { href, page, .. } =
                    (PageLinks { index: &index, id }).resolve(destination)
                else {
                    continue;
                };
                prop_assert!(page.is_none_or(|p| p < content.pages.len()));
                let path = href.split(['?', '#']).next().unwrap_or("");
                if path.is_empty() {
                    // `#anchor` or `?query` alone: the page itself.
                    prop_assert_eq!(page, Some(id), "{}", href);
                    continue;
                }
                prop_assert!(path.starts_with("/docs/"), "{} from {}", href, destination);
                let decoded = percent_decode(path);
                prop_assert!(
                    decoded
                        .split('/')
                        .all(|segment| segment != ".." && segment != "."),
                    "{} from {}",
                    href,
                    destination
                );
            }
            Ok(())
        }

        /// The site above resolves links at all, so the property is not about nothing.
        #[test]
        fn dot_segments_resolve_inside_the_site() {
            let (content, files) = site();
            let index = LinkIndex {
                content: &content,
                base_path: "/docs/".into(),
                files: &files,
                shared: None,
            };
            let from_b = PageLinks {
                index: &index,
                id: 3,
            };
            let href = |destination: &str| match from_b.resolve(destination) {
                Resolution::Internal { href, .. } => Some(href),
                _ => None,
            };
            assert_eq!(href("../a.md").as_deref(), Some("/docs/guides/a/"));
            assert_eq!(href("%2e%2e/a.md#x").as_deref(), Some("/docs/guides/a/#x"));
            assert_eq!(
                href("../../style.css?v=1").as_deref(),
                Some("/docs/style.css?v=1")
            );
            assert_eq!(
                href("/guides/img.png").as_deref(),
                Some("/docs/guides/img.png")
            );
            assert_eq!(href("../../../style.css"), None);
            assert_eq!(href("/guides/../style.css"), None);
            stays_in_the_site("../a.md").unwrap();
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            #[test]
            fn resolved_links_stay_in_the_site(destination in destination()) {
                stays_in_the_site(&destination)?;
            }

            #[test]
            fn any_destination_resolves_without_panicking(destination in any::<String>()) {
                stays_in_the_site(&destination)?;
            }
        }
    }
}
