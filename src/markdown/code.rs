//! Code blocks highlighted at build time into class-based HTML, so pages need no JavaScript to
//! show colour. arborium (tree-sitter grammars) is used because it is several times faster than
//! syntect on the same blocks, which matters at 10,000 pages.

use arborium::{Config, Highlighter, HtmlFormat};
use pulldown_cmark_escape::escape_html;

/// The longest block that is highlighted; longer ones are shown as plain text. Tree-sitter's
/// queries take time quadratic in the width of a node, and code that does not parse (a line
/// of 20,000 `|` in a Python block, or of `a(b); ` in Java) is one wide error node: 20 KB took
/// 13 s in a debug build, 500 KB did not finish. The largest of 6,698 blocks in the shared
/// real corpora is 12.8 KB.
pub const MAX_HIGHLIGHTED_BYTES: usize = 16 * 1024;

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

    /// Highlighted HTML for `code`, or `None` when the language is unknown or the block is
    /// longer than [`MAX_HIGHLIGHTED_BYTES`].
    pub fn highlight(&mut self, language: &str, code: &str) -> Option<String> {
        if code.len() > MAX_HIGHLIGHTED_BYTES {
            return None;
        }
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

    #[test]
    fn a_block_over_the_limit_is_plain_text_in_bounded_time() {
        let mut hl = CodeHighlighter::new();
        let code = format!("x = 1\n{}\n", "|".repeat(MAX_HIGHLIGHTED_BYTES));
        let started = std::time::Instant::now();
        let html = render_block(&mut hl, "python", &code);
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        assert!(!html.contains("<span class="), "plain text");
        assert!(html.contains("class=\"language-python\""));
        let html = render_block(&mut hl, "python", "x = 1\n");
        assert!(html.contains("<span class="), "{html}");
    }
}
