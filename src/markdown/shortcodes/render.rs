//! Turns one shortcode call into HTML: the theme template `shortcodes/<name>.html` rendered with
//! the call's arguments, or a visible placeholder when no template exists. A paired call is
//! rendered once with a marker standing for its inner content, and cut at the marker, so the
//! inner Markdown stays in the page and is rendered with it (links checked, headings in the
//! table of contents).

use pulldown_cmark_escape::escape_html;
use serde::Serialize;

use super::parse::Call;

/// Stands for the inner content while a paired call's template is rendered.
pub const INNER_MARKER: &str = "\u{E000}handbook-inner\u{E000}";

/// What a shortcode template receives.
#[derive(Debug, Serialize)]
pub struct CallView<'a> {
    pub name: &'a str,
    /// Positional arguments: `args[0]`...
    pub args: &'a [String],
    /// Named arguments: `params.title`...
    pub params: serde_json::Map<String, serde_json::Value>,
    /// The inner content as HTML (empty for a call without a closing tag).
    pub inner: &'a str,
    /// Written with `{{% %}}`.
    pub markdown: bool,
    /// A number unique within the page, for element ids.
    pub ordinal: usize,
}

impl<'a> CallView<'a> {
    pub fn new(call: &'a Call, inner: &'a str, ordinal: usize) -> Self {
        CallView {
            name: &call.name,
            args: &call.positional,
            params: call
                .named
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect(),
            inner,
            markdown: call.markdown,
            ordinal,
        }
    }
}

/// Renders shortcode templates; the build implements it with the theme's templates.
pub trait TemplateHost {
    /// True when `shortcodes/<name>.html` exists.
    fn has_shortcode(&self, name: &str) -> bool;
    /// Renders `shortcodes/<name>.html`.
    fn render_shortcode(&self, view: &CallView<'_>) -> Result<String, String>;
}

/// The HTML of an unknown shortcode: the call as written, visibly marked.
pub fn placeholder(source: &str, call: &Call) -> String {
    let mut html = String::from(
        "<span class=\"shortcode-unknown\" title=\"unknown shortcode: no template shortcodes/",
    );
    escape_html(&mut html, &call.name).ok();
    html.push_str(".html\">");
    escape_html(&mut html, &source[call.range.clone()]).ok();
    html.push_str("</span>");
    html
}

/// A paired call's HTML cut around its inner content, or `None` when the template does not
/// place the inner content exactly once (it is then rendered with the inner HTML itself).
pub fn split_around_inner(html: &str) -> Option<(String, String)> {
    let (before, after) = html.split_once(INNER_MARKER)?;
    (!after.contains(INNER_MARKER)).then(|| (before.to_owned(), after.to_owned()))
}
