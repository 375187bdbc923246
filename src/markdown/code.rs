//! Code blocks highlighted at build time into class-based HTML, so pages need no JavaScript to
//! show colour. arborium (tree-sitter grammars) is used because it is several times faster than
//! syntect on the same blocks, which matters at 10,000 pages.

use arborium::{Config, Highlighter, HtmlFormat};
use pulldown_cmark_escape::escape_html;

/// A highlighter for one thread; [`CodeHighlighter::fork`] gives another that shares grammars.
pub struct CodeHighlighter {
    /// `None` for a plain highlighter: `handbook check` renders no HTML for anyone to see.
    inner: Option<Highlighter>,
}

impl Default for CodeHighlighter {
    fn default() -> Self {
        Self::new()
    }
}

impl CodeHighlighter {
    pub fn new() -> Self {
        let config = Config {
            max_injection_depth: 2,
            html_format: HtmlFormat::ClassNames,
        };
        CodeHighlighter {
            inner: Some(Highlighter::with_config(config)),
        }
    }

    /// A highlighter that leaves every block as plain text, for runs that only check content.
    pub fn plain() -> Self {
        CodeHighlighter { inner: None }
    }

    /// Another highlighter sharing the compiled grammars, for another thread.
    pub fn fork(&self) -> Self {
        CodeHighlighter {
            inner: self.inner.as_ref().map(Highlighter::fork),
        }
    }

    /// Highlighted HTML for `code`, or `None` when the language is unknown.
    pub fn highlight(&mut self, language: &str, code: &str) -> Option<String> {
        let language = canonical_language(language)?;
        let inner = self.inner.as_mut()?;
        // Grammars can fail on pathological input; plain text is the safe answer.
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            inner.highlight(language, code).ok()
        }))
        .ok()
        .flatten()
    }
}

/// The grammar name for an info-string language, or `None` when we ship no grammar for it.
pub fn canonical_language(language: &str) -> Option<&'static str> {
    Some(match language.to_ascii_lowercase().as_str() {
        "bash" | "sh" | "shell" | "zsh" | "console" | "shell-session" | "shellsession" => "bash",
        "c" | "h" => "c",
        "cpp" | "c++" | "cc" | "cxx" | "hpp" => "cpp",
        "css" => "css",
        "diff" | "patch" => "diff",
        "dockerfile" | "docker" => "dockerfile",
        "go" | "golang" => "go",
        "html" | "htm" | "xhtml" => "html",
        "java" => "java",
        "javascript" | "js" | "jsx" | "mjs" | "cjs" => "javascript",
        "json" | "jsonc" | "json5" => "json",
        "python" | "py" | "python3" => "python",
        "ruby" | "rb" => "ruby",
        "rust" | "rs" => "rust",
        "sql" => "sql",
        "toml" => "toml",
        "typescript" | "ts" => "typescript",
        "xml" | "svg" => "xml",
        "yaml" | "yml" => "yaml",
        _ => return None,
    })
}

/// The language of an info string: its first word.
fn info_language(info: &str) -> &str {
    info.split(|c: char| c.is_whitespace() || c == ',' || c == '{')
        .next()
        .unwrap_or("")
        .trim()
}

/// True for the start of a ```` ```mermaid ```` block.
pub fn is_mermaid(event: &pulldown_cmark::Event<'_>) -> bool {
    use pulldown_cmark::{CodeBlockKind, Event, Tag};
    matches!(event, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if info_language(info).eq_ignore_ascii_case("mermaid"))
}

/// A Mermaid diagram: its source, which the page's diagram script replaces with the drawing
/// (and leaves in place, with a note, when the diagram cannot be drawn).
fn render_mermaid(code: &str) -> String {
    let mut html =
        String::from("<div class=\"mermaid-diagram\"><pre class=\"mermaid-source\"><code>");
    escape_html(&mut html, code.trim_end_matches('\n')).ok();
    html.push_str("</code></pre></div>\n");
    html
}

/// The HTML of a code block: a copy button and the highlighted (or escaped) code. The `<pre>`
/// can take the keyboard focus, so a block that scrolls sideways can be scrolled without a
/// mouse (WCAG 2.1.1; axe: scrollable-region-focusable).
pub fn render_block(highlighter: &mut CodeHighlighter, info: &str, code: &str) -> String {
    let language = info_language(info);
    if language.eq_ignore_ascii_case("mermaid") {
        return render_mermaid(code);
    }
    let mut html = String::with_capacity(code.len() * 2 + 160);
    html.push_str("<div class=\"code-block\"><button class=\"copy-button\" type=\"button\" aria-label=\"Copy code\">Copy</button><pre tabindex=\"0\"><code");
    if !language.is_empty() {
        html.push_str(" class=\"language-");
        escape_html(&mut html, language).ok();
        html.push('"');
    }
    html.push('>');
    match (!language.is_empty())
        .then(|| highlighter.highlight(language, code))
        .flatten()
    {
        Some(highlighted) => html.push_str(&highlighted),
        None => {
            escape_html(&mut html, code.trim_end_matches('\n')).ok();
        }
    }
    html.push_str("</code></pre></div>\n");
    html
}

/// Renders special fenced blocks (a response's wording, say) instead of showing them as code.
pub trait BlockRenderer {
    /// The HTML for a block with this info string, or `None` to render it as code.
    /// `offset` is the block's byte offset in the Markdown body.
    fn render(&self, info: &str, code: &str, offset: usize) -> Option<String>;
}

/// Replaces each fenced or indented code block with its rendered HTML.
pub fn rewrite<'a>(
    events: Vec<(pulldown_cmark::Event<'a>, std::ops::Range<usize>)>,
    highlighter: &mut CodeHighlighter,
    blocks: Option<&dyn BlockRenderer>,
) -> Vec<(pulldown_cmark::Event<'a>, std::ops::Range<usize>)> {
    use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
    let mut out = Vec::with_capacity(events.len());
    let mut iter = events.into_iter();
    while let Some((event, range)) = iter.next() {
        let Event::Start(Tag::CodeBlock(kind)) = event else {
            out.push((event, range));
            continue;
        };
        let info = match &kind {
            CodeBlockKind::Fenced(info) => info.to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        let mut code = String::new();
        for (event, _) in iter.by_ref() {
            match event {
                Event::End(TagEnd::CodeBlock) => break,
                Event::Text(text) => code.push_str(&text),
                _ => {}
            }
        }
        let html = blocks
            .and_then(|b| b.render(&info, &code, range.start))
            .unwrap_or_else(|| render_block(highlighter, &info, &code));
        out.push((Event::Html(html.into()), range));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_languages_and_escapes_others() {
        let mut hl = CodeHighlighter::new();
        let html = render_block(&mut hl, "yaml", "key: value\n");
        assert!(html.contains("<span class="), "{html}");
        assert!(html.contains("language-yaml"), "{html}");
        let html = render_block(&mut hl, "nosuchlang", "<b>\n");
        assert!(html.contains("&lt;b&gt;"), "{html}");
        let html = render_block(&mut hl, "", "x < y\n");
        assert!(
            html.contains("<pre tabindex=\"0\"><code>x &lt; y</code></pre>"),
            "{html}"
        );
    }
}
