//! Markdown to HTML: pulldown-cmark's events passed through small adapters (links, headings,
//! alerts, code) and then printed by `push_html`. Each adapter lives in its own module.

pub mod alerts;
pub mod code;
pub mod headings;
pub mod links;

use pulldown_cmark::{Event, Options, Parser, html};

pub use code::CodeHighlighter;
pub use headings::TocEntry;
pub use links::{FoundLink, LinkResolver, Resolution};

/// The Markdown extensions every page gets.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// What rendering one page's Markdown produced.
#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    /// The first H1, when it was taken as the page title.
    pub title: Option<String>,
    pub toc: Vec<TocEntry>,
    pub ids: Vec<String>,
    pub links: Vec<FoundLink>,
    pub word_count: usize,
}

/// How to render one page.
pub struct RenderOptions<'a> {
    pub resolver: &'a dyn LinkResolver,
    /// The page has no front matter title: take it from the first H1.
    pub take_title: bool,
    /// The front matter title, so an H1 that repeats it is not shown twice.
    pub title: Option<&'a str>,
    /// Renders special fenced blocks, such as a response's wording.
    pub blocks: Option<&'a dyn code::BlockRenderer>,
}

/// Renders a Markdown body to HTML.
pub fn render(
    body: &str,
    options: &RenderOptions<'_>,
    highlighter: &mut CodeHighlighter,
) -> Rendered {
    let mut rendered = Rendered::default();
    let mut events: Vec<_> = Parser::new_ext(body, self::options())
        .into_offset_iter()
        .collect();
    let mut raw_ids = Vec::new();
    for (event, _) in &events {
        match event {
            Event::Text(text) => rendered.word_count += text.split_whitespace().count(),
            Event::Html(html) | Event::InlineHtml(html) => html_ids(html, &mut raw_ids),
            _ => {}
        }
    }
    links::rewrite(&mut events, options.resolver, &mut rendered.links);
    let (mut events, found) = headings::process(events, options.take_title, options.title);
    alerts::rewrite(&mut events);
    let events = code::rewrite(events, highlighter, options.blocks);
    rendered.html.reserve(body.len() * 3 / 2);
    html::push_html(
        &mut rendered.html,
        events.into_iter().map(|(event, _)| event),
    );
    rendered.title = found.title;
    rendered.toc = found.toc;
    rendered.ids = found.ids;
    rendered.ids.extend(raw_ids);
    rendered
}

/// Collects `id="..."` and `name="..."` values from raw HTML, so links to hand-written anchors
/// (`<a name="faq"></a>`) check out.
fn html_ids(html: &str, out: &mut Vec<String>) {
    for attribute in [" id=", " name="] {
        let mut rest = html;
        while let Some(i) = rest.find(attribute) {
            rest = &rest[i + attribute.len()..];
            let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'');
            let value = match quote {
                Some(q) => rest[1..].split(q).next().unwrap_or(""),
                None => rest
                    .split(|c: char| c.is_whitespace() || c == '>')
                    .next()
                    .unwrap_or(""),
            };
            if !value.is_empty() {
                out.push(value.to_owned());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Plain;
    impl LinkResolver for Plain {
        fn resolve(&self, destination: &str) -> Resolution {
            if links::is_external(destination) {
                Resolution::External
            } else {
                Resolution::Internal {
                    href: format!("/base/{destination}"),
                    page: None,
                    anchor: None,
                }
            }
        }
    }

    fn render_text(text: &str, take_title: bool) -> Rendered {
        let options = RenderOptions {
            resolver: &Plain,
            take_title,
            title: None,
            blocks: None,
        };
        render(text, &options, &mut CodeHighlighter::new())
    }

    #[test]
    fn first_h1_becomes_the_title_and_is_not_repeated() {
        let r = render_text("# Welcome\n\n## Start here\n\ntext", true);
        assert_eq!(r.title.as_deref(), Some("Welcome"));
        assert!(!r.html.contains("Welcome"), "{}", r.html);
        assert!(
            r.html.contains(
                "<h2 id=\"start-here\">Start here<a class=\"anchor\" href=\"#start-here\""
            ),
            "{}",
            r.html
        );
        assert_eq!(
            r.toc,
            vec![TocEntry {
                level: 2,
                id: "start-here".into(),
                title: "Start here".into()
            }]
        );
    }

    #[test]
    fn explicit_ids_are_kept() {
        let r = render_text("## Intro {#custom}\n", false);
        assert!(r.html.contains("<h2 id=\"custom\">"), "{}", r.html);
    }

    #[test]
    fn alerts_become_callouts() {
        let r = render_text("> [!WARNING]\n> Mind the gap.\n", false);
        assert!(r.html.contains("<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Warning</p>"), "{}", r.html);
        assert!(r.html.contains("Mind the gap."), "{}", r.html);
        assert!(!r.html.contains("blockquote"), "{}", r.html);
    }

    #[test]
    fn external_links_get_noopener_and_internal_are_rewritten() {
        let r = render_text("[a](https://example.org) and [b](page.md)", false);
        assert!(
            r.html
                .contains("<a href=\"https://example.org\" rel=\"noopener\">a</a>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<a href=\"/base/page.md\">b</a>"),
            "{}",
            r.html
        );
        assert_eq!(r.links.len(), 2);
    }

    #[test]
    fn tables_footnotes_tasks_and_strikethrough() {
        let r = render_text(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n\n~~old~~ text[^1]\n\n[^1]: note\n",
            false,
        );
        assert!(r.html.contains("<table>"), "{}", r.html);
        assert!(r.html.contains("type=\"checkbox\""), "{}", r.html);
        assert!(r.html.contains("<del>old</del>"), "{}", r.html);
        assert!(r.html.contains("footnote-definition"), "{}", r.html);
    }
}
