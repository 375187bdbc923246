//! The Markdown stage: every page's body rendered to HTML in parallel, with its title, table of
//! contents, ids and links kept for the stages after it.

use std::collections::HashSet;

use rayon::prelude::*;

use super::shortcodes::PageShortcodes;
use crate::config::Config;
use crate::content::PageId;
use crate::diagnostic::Diagnostics;
use crate::diagnostic::{Diagnostic, Locating};
use crate::kinds::Typed;
use crate::kinds::response::{self, Variant, WordingRenderer};
use crate::links::{LinkIndex, PageLink, PageLinks};
use crate::markdown::{self, CodeHighlighter, RenderOptions, TocEntry};
use crate::site::SitePaths;
use crate::templates::Templates;

/// A page after the Markdown stage.
#[derive(Default)]
pub struct RenderedPage {
    pub title: String,
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub ids: HashSet<String>,
    pub word_count: usize,
    pub links: Vec<PageLink>,
    /// The wording blocks of a response (any page may show wording cards).
    pub variants: Vec<Variant>,
    /// The page has a Mermaid diagram and loads the diagram script.
    pub mermaid: bool,
    /// Files the page's `include` shortcodes read or looked for, so that the preview server
    /// renders the page again when one of them changes or appears.
    pub includes: Vec<std::path::PathBuf>,
    /// The page's text cut at its headings, for the search index (empty unless asked for).
    /// Shared with the index's view of the page rather than copied.
    pub sections: std::sync::Arc<[crate::markdown::sections::Section]>,
}

/// What the Markdown stage reads besides the pages.
pub struct MarkdownStage<'a> {
    pub index: &'a LinkIndex<'a>,
    pub typed: &'a [Option<Typed>],
    pub config: &'a Config,
    pub diagnostics: &'a Diagnostics,
    /// The theme's templates (for shortcodes) and the site folders (for `include`).
    pub shortcodes: Option<ShortcodeSite<'a>>,
    /// Gather each page's text for the search index ([`RenderedPage::sections`]).
    pub search_text: bool,
    /// Show unknown shortcodes as placeholders ([`crate::run_options::RunOptions::preview`]).
    pub preview: bool,
}

/// What shortcodes need from the site, besides the link index.
#[derive(Clone, Copy)]
pub struct ShortcodeSite<'a> {
    pub templates: &'a Templates,
    pub paths: &'a SitePaths,
}

/// Renders every page's Markdown; the result is indexed like `content.pages`.
pub fn render_all(stage: &MarkdownStage<'_>, highlighter: &CodeHighlighter) -> Vec<RenderedPage> {
    (0..stage.index.content.pages.len())
        .into_par_iter()
        .map_init(
            || highlighter.fork(),
            |highlighter, id| render_page(stage, id, highlighter),
        )
        .collect()
}

/// Renders the Markdown of page `id` (the preview server re-renders single pages with it,
/// through [`super::prepared::Prepared::rerender`]).
pub fn render_page(
    stage: &MarkdownStage<'_>,
    id: PageId,
    highlighter: &mut CodeHighlighter,
) -> RenderedPage {
    let index = stage.index;
    let page = &index.content.pages[id];
    let resolver = PageLinks { index, id };
    let response = stage
        .typed
        .get(id)
        .and_then(Option::as_ref)
        .and_then(Typed::response);
    let wording = WordingRenderer::new(stage.config, response);
    let shortcodes = stage.shortcodes.map(|site| PageShortcodes {
        templates: site.templates,
        index,
        root: &site.paths.root,
        content_dir: &site.paths.content,
        symlinks: &site.paths.symlinks,
        id,
        unknown: stage.config.unknown_shortcodes,
        placeholders: stage.preview,
        missing_includes: stage.config.missing_includes,
        include_dirs: &stage.config.include_dirs,
        included: Default::default(),
    });
    let options = RenderOptions {
        resolver: &resolver,
        take_title: page.front.title.is_none(),
        title: page.front.title.as_deref(),
        blocks: Some(&wording),
        shortcodes: shortcodes
            .as_ref()
            .map(|s| s as &dyn markdown::ShortcodeHost),
        search_text: stage.search_text,
        html_body: crate::content::walk::is_html(&page.rel_path),
    };
    let rendered = markdown::render(page.body(), &options, highlighter);
    let mut locating = Locating::default();
    for problem in &rendered.problems {
        let d = if problem.error {
            Diagnostic::error(&page.shown, problem.message.clone())
        } else {
            Diagnostic::warning(&page.shown, problem.message.clone())
        };
        let d = locating.at_offset(d, &page.text, page.body_offset + problem.offset);
        stage.diagnostics.push(match &problem.help {
            Some(help) => d.help(help.clone()),
            None => d,
        });
    }
    let variants = wording.variants.into_inner();
    if let Some(response) = response {
        response::check(page, response, &variants, stage.config, stage.diagnostics);
    }
    let title = page
        .front
        .title
        .clone()
        .or(rendered.title)
        .unwrap_or_else(|| page.fallback_title());
    let links = rendered
        .links
        .into_iter()
        .map(|link| PageLink {
            page: id,
            offset: page.body_offset + link.offset,
            destination: link.destination,
            resolution: link.resolution,
        })
        .collect();
    RenderedPage {
        title,
        html: rendered.html,
        toc: rendered.toc,
        ids: rendered.ids.into_iter().collect(),
        word_count: rendered.word_count,
        links,
        variants,
        mermaid: rendered.mermaid,
        includes: shortcodes
            .map(|s| s.included.into_inner())
            .unwrap_or_default(),
        sections: rendered.sections.into(),
    }
}
