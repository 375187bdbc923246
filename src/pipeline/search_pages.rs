//! The pipeline's step from a rendered page to what the search index knows about it
//! ([`SearchPage`]), gathered from the loaded content and what the Markdown stage found: title,
//! breadcrumb, facets (kind, channels, tags, status), text cut into sections, and a response's
//! approved wording (the ```response blocks the Markdown stage found).

use rayon::prelude::*;
use serde_json::Value;

use super::pages::RenderedPage;
use crate::content::{Content, Page};
use crate::search::documents::SearchPage;

/// The pages to index, in `content.pages` order.
pub fn collect(content: &Content, rendered: &[RenderedPage], titles: &[String]) -> Vec<SearchPage> {
    (0..content.pages.len())
        .into_par_iter()
        .map(|id| one(content, rendered, titles, id))
        .collect()
}

/// Page `id` as the index sees it.
pub fn one(
    content: &Content,
    rendered: &[RenderedPage],
    titles: &[String],
    id: usize,
) -> SearchPage {
    let page = &content.pages[id];
    // The home page is left out: every result would start with the site's title.
    let breadcrumb = content
        .ancestors(id)
        .into_iter()
        .filter(|&a| !content.pages[a].url.is_empty())
        .map(|a| titles[a].as_str())
        .collect::<Vec<_>>()
        .join(" › ");
    let kind = page.front.kind.clone().unwrap_or_else(|| {
        if page.is_section {
            "section".into()
        } else {
            "page".into()
        }
    });
    // The Markdown stage already took the wording out of the ```response blocks.
    let wording = if kind == "response" {
        rendered[id]
            .variants
            .iter()
            .map(|v| {
                let channel = v.channel.clone().unwrap_or_default();
                (channel, v.text.trim_end().to_owned())
            })
            .collect()
    } else {
        Vec::new()
    };
    SearchPage {
        url: page.url.clone(),
        title: titles[id].clone(),
        breadcrumb,
        description: page.front.description.clone().unwrap_or_default(),
        kind,
        channels: string_list(page, "channels"),
        tags: page.front.tags.clone(),
        status: page
            .front
            .extra
            .get("status")
            .and_then(Value::as_str)
            .map(str::to_owned),
        sections: rendered[id].sections.clone(),
        wording,
    }
}

/// A front matter field that is a list of text (or one text).
fn string_list(page: &Page, key: &str) -> Vec<String> {
    match page.front.extra.get(key) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        Some(Value::String(one)) => vec![one.clone()],
        _ => Vec::new(),
    }
}
