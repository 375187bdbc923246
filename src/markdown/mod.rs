//! Markdown to HTML: pulldown-cmark's events passed through small adapters (links, headings,
//! alerts, emoji, code) and then printed by `push_html`. Each adapter lives in its own module.
//! Syntax pulldown-cmark does not know (Hugo shortcodes, MkDocs admonitions) is handled by text
//! pre-passes whose offset maps keep diagnostics pointing at the author's source.

pub mod admonitions;
pub mod alerts;
pub mod code;
pub mod emoji;
pub mod headings;
pub mod kramdown;
pub mod links;
pub mod liquid;
pub mod sections;
pub mod shortcodes;
pub mod source_map;
pub mod tasks;

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, html};

pub use code::CodeHighlighter;
pub use headings::TocEntry;
pub use links::{FoundLink, LinkResolver, Resolution};
use sections::Section;
pub use shortcodes::ShortcodeHost;
use source_map::MapChain;

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
    /// Problems found in the source (shortcodes, Liquid tags), by byte offset in the body.
    pub problems: Vec<Problem>,
    /// The page has a Mermaid diagram, so it needs the diagram script.
    pub mermaid: bool,
    /// The page's text cut at its headings, for the search index (when asked for).
    pub sections: Vec<Section>,
}

/// A problem in a page's Markdown, located by byte offset in the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub offset: usize,
    pub message: String,
    pub help: Option<String>,
    /// An error (fails the build) rather than a warning.
    pub error: bool,
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
    /// Expands Hugo shortcodes; `None` leaves them as text.
    pub shortcodes: Option<&'a dyn ShortcodeHost>,
    /// Gather the text for the search index ([`Rendered::sections`]).
    pub search_text: bool,
    /// The body is HTML (a Hugo HTML content file): its shortcodes are expanded and the rest
    /// is written as it is, not read as Markdown.
    pub html_body: bool,
}

/// Byte ranges of code (blocks and inline spans), where shortcodes and Liquid are left alone.
pub fn code_ranges(source: &str) -> Vec<Range<usize>> {
    use pulldown_cmark::Tag;
    Parser::new_ext(source, options())
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Code(_) | Event::Start(Tag::CodeBlock(_))))
        .map(|(_, range)| range)
        .collect()
}

/// The source after the text pre-passes, with the maps back to the original and the HTML
/// fragments that stand for shortcodes.
struct Prepared<'a> {
    source: Cow<'a, str>,
    maps: MapChain,
    fragments: Vec<String>,
    problems: Vec<Problem>,
}

fn prepare<'a>(body: &'a str, options: &RenderOptions<'_>) -> Prepared<'a> {
    let mut prepared = Prepared {
        source: Cow::Borrowed(body),
        maps: MapChain::default(),
        fragments: Vec::new(),
        problems: Vec::new(),
    };
    if admonitions::may_contain(body)
        && let Some((text, map)) = admonitions::rewrite(body)
    {
        prepared.source = Cow::Owned(text);
        prepared.maps.push(map);
    }
    if let Some(host) = options.shortcodes
        && shortcodes::may_contain(&prepared.source)
    {
        let mut expansion = shortcodes::Expansion::new(host);
        let expanded = expansion.expand(&prepared.source);
        let maps = &prepared.maps;
        prepared
            .problems
            .extend(expansion.problems.into_iter().map(|mut p| {
                p.offset = maps.original(p.offset);
                p
            }));
        prepared.fragments = expansion.fragments;
        if let Some((text, map)) = expanded {
            prepared.source = Cow::Owned(text);
            prepared.maps.push(map);
        }
    }
    if body.contains("{%")
        && let Some(at) = liquid::first_tag(body, &code_ranges(body))
    {
        prepared.problems.push(Problem {
            offset: at,
            message:
                "Liquid/Jekyll template tags (`{% ... %}`) are not run; they are shown as written"
                    .into(),
            help: Some(
                "replace them with Markdown or a shortcode; this warning is given once per file"
                    .into(),
            ),
            error: false,
        });
    }
    prepared
}

/// Renders a Markdown body to HTML.
pub fn render(
    body: &str,
    options: &RenderOptions<'_>,
    highlighter: &mut CodeHighlighter,
) -> Rendered {
    let mut rendered = Rendered::default();
    let prepared = prepare(body, options);
    let source: &str = &prepared.source;
    let mut events: Vec<_> = if options.html_body {
        vec![(Event::Html(source.to_owned().into()), 0..source.len())]
    } else {
        Parser::new_ext(source, self::options())
            .into_offset_iter()
            .collect()
    };
    if !prepared.maps.is_empty() {
        for (_, range) in &mut events {
            *range = prepared.maps.original_range(range);
        }
    }
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
    // The emoji pass also merges split text events, which the kramdown pass relies on.
    let mut events = if emoji::may_contain(source) || source.contains("{:") {
        emoji::rewrite(events)
    } else {
        events
    };
    kramdown::rewrite(&mut events);
    rendered.mermaid = events.iter().any(|(event, _)| code::is_mermaid(event));
    if options.search_text {
        rendered.sections =
            sections::from_events(events.iter().map(|(event, _)| event), &prepared.fragments);
    }
    tasks::rewrite(&mut events);
    let events = code::rewrite(events, highlighter, options.blocks);
    rendered.html.reserve(body.len() * 3 / 2);
    html::push_html(
        &mut rendered.html,
        events.into_iter().map(|(event, _)| event),
    );
    if !prepared.fragments.is_empty() {
        for fragment in &prepared.fragments {
            html_ids(fragment, &mut raw_ids);
        }
        if let Cow::Owned(html) = shortcodes::substitute(&rendered.html, &prepared.fragments) {
            rendered.html = html;
        }
    }
    rendered.problems = prepared.problems;
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
            shortcodes: None,
            search_text: true,
            html_body: false,
        };
        render(text, &options, &mut CodeHighlighter::new())
    }

    #[test]
    fn search_text_is_what_readers_see_cut_at_headings() {
        let md = "Intro with *emphasis*, `code` and ![a diagram](d.png) an image.\n\n\
                  <!--\nTODO: a comment\nover lines -->\n\n\
                  ## Escalate &amp; wait\n\n\
                  | A | B |\n|---|---|\n| one | two |\n\n\
                  ```rust\nlet x = 1;\n```\n\n\
                  Line one\nline two<br>\n<div class=\"anchor\">hidden</div>\n\n\
                  ### Next {#custom}\n\nLast words.";
        let r = render_text(md, false);
        let sections: Vec<(&str, &str, &str)> = r
            .sections
            .iter()
            .map(|s| (s.anchor.as_str(), s.heading.as_str(), s.text.as_str()))
            .collect();
        assert_eq!(
            sections,
            [
                ("", "", "Intro with emphasis, code and an image."),
                (
                    "escalate--wait",
                    "Escalate & wait",
                    "A · B · one · two · let x = 1; Line one line two"
                ),
                ("custom", "Next", "Last words."),
            ]
        );
        // The same as reading the HTML back.
        let from_html = sections::split(&r.html);
        assert_eq!(from_html, r.sections);
        let off = render(
            md,
            &RenderOptions {
                resolver: &Plain,
                take_title: false,
                title: None,
                blocks: None,
                shortcodes: None,
                search_text: false,
                html_body: false,
            },
            &mut CodeHighlighter::new(),
        );
        assert!(off.sections.is_empty());
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
    fn email_autolinks_stay_mailto_links() {
        let r = render_text("Write to <team@example.org>.", false);
        assert!(
            r.html
                .contains("<a href=\"mailto:team@example.org\">team@example.org</a>"),
            "{}",
            r.html
        );
        assert_eq!(r.links[0].resolution, Resolution::External);
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
