//! A response as it goes out to a helpdesk, shared by the exporter and each tool's writer:
//! the wording already in the tool's variables, and the HTML form for tools that take HTML.

use crate::pipeline::kind_pages::ExportResponse;

/// One response as it goes out: wording already in the tool's placeholder form.
#[derive(Debug, Clone)]
pub struct Item<'a> {
    pub response: &'a ExportResponse,
    /// Category path below the response library, outermost first.
    pub categories: Vec<String>,
    pub text: String,
    /// Help Scout's chat text, when the response has a variant for the chat channel.
    pub chat_text: Option<String>,
}

/// Wording as simple HTML for tools whose replies are HTML: paragraphs at blank lines, line
/// breaks kept, text escaped.
pub fn html(text: &str) -> String {
    let mut out = String::new();
    for (i, paragraph) in text.split("\n\n").enumerate() {
        if i > 0 {
            out.push_str("<br /><br />");
        }
        let mut escaped = String::new();
        pulldown_cmark_escape::escape_html_body_text(&mut escaped, paragraph.trim_matches('\n'))
            .ok();
        out.push_str(&escaped.replace('\n', "<br />"));
    }
    out
}
