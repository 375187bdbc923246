//! The Markdown stage: every page's body rendered to HTML in parallel, with its title, table of
//! contents, ids and links kept for the stages after it.

use std::collections::HashSet;

use rayon::prelude::*;

use super::links::{LinkIndex, PageLink, PageLinks};
use crate::markdown::{self, CodeHighlighter, RenderOptions, TocEntry};

/// A page after the Markdown stage.
#[derive(Default)]
pub struct RenderedPage {
    pub title: String,
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub ids: HashSet<String>,
    pub word_count: usize,
    pub links: Vec<PageLink>,
}

/// Renders every page's Markdown; the result is indexed like `content.pages`.
pub fn render_all(index: &LinkIndex<'_>, highlighter: &CodeHighlighter) -> Vec<RenderedPage> {
    let content = index.content;
    (0..content.pages.len())
        .into_par_iter()
        .map_init(
            || highlighter.fork(),
            |highlighter, id| {
                let page = &content.pages[id];
                let resolver = PageLinks { index, id };
                let options = RenderOptions { resolver: &resolver, take_title: page.front.title.is_none(), title: page.front.title.as_deref() };
                let rendered = markdown::render(page.body(), &options, highlighter);
                let title = page.front.title.clone().or(rendered.title).unwrap_or_else(|| page.fallback_title());
                let links = rendered
                    .links
                    .into_iter()
                    .map(|link| PageLink { page: id, offset: page.body_offset + link.offset, destination: link.destination, resolution: link.resolution })
                    .collect();
                RenderedPage { title, html: rendered.html, toc: rendered.toc, ids: rendered.ids.into_iter().collect(), word_count: rendered.word_count, links }
            },
        )
        .collect()
}
