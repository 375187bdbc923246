//! Heading ids, anchor links and the table of contents.
//!
//! Ids follow GitHub's rules (lowercase, punctuation dropped, spaces to hyphens, `-1`, `-2` for
//! repeats) so that `page.md#some-heading` links work both on the built site and when the
//! Markdown is browsed on GitLab or GitHub. An explicit `{#id}` wins.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;

/// One table of contents entry.
#[derive(Debug, Clone, serde::Serialize, PartialEq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// What the heading pass found.
#[derive(Debug, Default)]
pub struct Headings {
    /// The first H1's text when it was taken as the page title (and removed from the body).
    pub title: Option<String>,
    pub toc: Vec<TocEntry>,
    /// Every id in the page, headings and otherwise, for anchor checks.
    pub ids: Vec<String>,
}

/// GitHub-style slug of a heading's text.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '-' || c == '_' {
            slug.extend(c.to_lowercase());
        } else if c == ' ' {
            slug.push('-');
        }
    }
    slug
}

/// Hands out unique ids within one page.
#[derive(Default)]
pub struct IdSet {
    used: HashMap<String, usize>,
}

impl IdSet {
    /// `base`, or `base-1`, `base-2`... when it was taken.
    pub fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        let Some(&start) = self.used.get(base) else {
            self.used.insert(base.to_owned(), 0);
            return base.to_owned();
        };
        let mut count = start;
        loop {
            count += 1;
            let candidate = format!("{base}-{count}");
            if !self.used.contains_key(&candidate) {
                self.used.insert(base.to_owned(), count);
                self.used.insert(candidate.clone(), 0);
                return candidate;
            }
        }
    }
}

/// The id MkDocs and kramdown give a heading whose GitHub slug has runs of hyphens
/// (`Swoop - Overriding` → `swoop-overriding`, not `swoop---overriding`), when it is free.
fn mkdocs_alias(slug: &str, id: &str, ids: &mut IdSet) -> Option<String> {
    if !slug.contains("--") && !slug.starts_with('-') && !slug.ends_with('-') {
        return None;
    }
    let collapsed = slug
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if collapsed.is_empty() || collapsed == id || ids.used.contains_key(&collapsed) {
        return None;
    }
    Some(ids.unique(&collapsed))
}

fn level_number(level: HeadingLevel) -> u8 {
    level as u8
}

/// Rewrites heading events: unique ids, a hover anchor, a TOC of h2/h3, and the first H1
/// removed when `take_title` (the page has no `title` in front matter) or when it repeats
/// `title`.
pub fn process<'a>(
    events: Vec<(Event<'a>, Range<usize>)>,
    take_title: bool,
    title: Option<&str>,
) -> (Vec<(Event<'a>, Range<usize>)>, Headings) {
    let mut out = Vec::with_capacity(events.len());
    let mut found = Headings::default();
    let mut ids = IdSet::default();
    let mut seen_h1 = false;
    let mut iter = events.into_iter();
    while let Some((event, range)) = iter.next() {
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = event
        else {
            out.push((event, range));
            continue;
        };
        // Gather the heading's inner events and plain text.
        let mut inner = Vec::new();
        let mut text = String::new();
        for (event, range) in iter.by_ref() {
            match &event {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(t) | Event::Code(t) => text.push_str(t),
                _ => {}
            }
            inner.push((event, range));
        }
        let text = text.trim().to_owned();
        if level == HeadingLevel::H1 && !seen_h1 {
            seen_h1 = true;
            if take_title && !text.is_empty() {
                found.title = Some(text);
                continue;
            }
            if title.is_some_and(|t| t.trim() == text) {
                continue;
            }
        }
        let (id, alias) = match id {
            Some(explicit) => (ids.unique(&explicit), None),
            None => {
                let slug = slugify(&text);
                let id = ids.unique(&slug);
                (id.clone(), mkdocs_alias(&slug, &id, &mut ids))
            }
        };
        let n = level_number(level);
        if n == 2 || n == 3 {
            found.toc.push(TocEntry {
                level: n,
                id: id.clone(),
                title: text,
            });
        }
        let mut open = format!("<h{n} id=\"");
        escape_html(&mut open, &id).ok();
        open.push('"');
        if !classes.is_empty() {
            open.push_str(" class=\"");
            escape_html(&mut open, &classes.join(" ")).ok();
            open.push('"');
        }
        for (name, value) in &attrs {
            open.push(' ');
            escape_html(&mut open, name).ok();
            if let Some(value) = value {
                open.push_str("=\"");
                escape_html(&mut open, value).ok();
                open.push('"');
            }
        }
        open.push('>');
        if let Some(alias) = alias {
            // MkDocs and Jekyll collapse `a - b` to `a-b`; keep their links landing here.
            open.push_str("<span id=\"");
            escape_html(&mut open, &alias).ok();
            open.push_str("\"></span>");
            found.ids.push(alias);
        }
        let mut close = String::from("<a class=\"anchor\" href=\"#");
        escape_html(&mut close, &id).ok();
        close.push_str(&format!(
            "\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h{n}>\n"
        ));
        found.ids.push(id);
        out.push((Event::Html(open.into()), range.clone()));
        out.extend(inner);
        out.push((Event::Html(close.into()), range));
    }
    (out, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_match_github() {
        assert_eq!(slugify("Voice & tone"), "voice--tone");
        assert_eq!(slugify("What's new in 2.0?"), "whats-new-in-20");
        assert_eq!(slugify("Ünïcode Straße"), "ünïcode-straße");
        assert_eq!(slugify("snake_case-ok"), "snake_case-ok");
    }

    #[test]
    fn mkdocs_style_ids_are_kept_as_aliases() {
        let mut ids = IdSet::default();
        let id = ids.unique("swoop---overriding");
        assert_eq!(
            mkdocs_alias("swoop---overriding", &id, &mut ids).as_deref(),
            Some("swoop-overriding")
        );
        assert_eq!(mkdocs_alias("plain-slug", "plain-slug", &mut ids), None);
    }

    #[test]
    fn repeated_ids_are_numbered() {
        let mut ids = IdSet::default();
        assert_eq!(ids.unique("a"), "a");
        assert_eq!(ids.unique("a"), "a-1");
        assert_eq!(ids.unique("a"), "a-2");
        assert_eq!(ids.unique("a-1"), "a-1-1");
        assert_eq!(ids.unique(""), "section");
    }
}
