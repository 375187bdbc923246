//! A page's text cut at its headings into plain-text sections, so that a search result can link
//! to `page/#heading` and show that heading.
//!
//! The text is gathered from the Markdown stage's events just before they are printed as HTML
//! ([`from_events`]): text events are taken as they are, and only the HTML pieces (headings with
//! their anchor links, callouts, raw HTML, shortcode output) are read as markup. This sees what
//! readers see, minus the theme's controls (anchor links, copy buttons), without reading the
//! whole page's HTML back: on a large site that second reading was a fifth of the search index's
//! cost. Code blocks are taken before they are highlighted, as the plain code.

use pulldown_cmark::{Event, Tag, TagEnd};

/// Text between two headings.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Section {
    /// The heading's id; empty for the text before the first heading.
    pub anchor: String,
    /// The heading's text; empty for the text before the first heading.
    pub heading: String,
    pub text: String,
}

/// Put between list items and table cells (not a word character, so search ignores it).
const SEPARATOR: char = '·';

/// Elements whose text is not content.
const SKIPPED: [&str; 5] = ["button", "script", "style", "template", "svg"];

/// Classes of the theme's controls around response wording (channel badge and count, the
/// hidden copy of the text, the fill-in inputs, the copy button) and of heading anchor links:
/// not content either.
const SKIPPED_CLASSES: [&str; 5] = [
    "response-card-head",
    "response-raw",
    "response-fill",
    "response-actions",
    "anchor",
];

/// The sections of a page from its Markdown events (after links, headings, callouts and
/// emoji are rewritten, before code blocks are). `fragments` are the shortcodes' HTML, which
/// stands in the events as `<!--hb-sc-N-->` markers.
pub fn from_events<'a>(
    events: impl IntoIterator<Item = &'a Event<'a>>,
    fragments: &[String],
) -> Vec<Section> {
    let mut collector = Collector::default();
    // Inside an image: its text is the `alt` attribute, not content.
    let mut in_image = 0usize;
    for event in events {
        match event {
            Event::Text(text) | Event::Code(text) if in_image == 0 => collector.text(text),
            Event::Html(html) | Event::InlineHtml(html) => {
                collector.html(&super::shortcodes::substitute(html, fragments));
            }
            Event::SoftBreak => collector.text("\n"),
            Event::HardBreak | Event::Rule | Event::TaskListMarker(_) => collector.boundary(),
            Event::Start(Tag::Image { .. }) => {
                collector.boundary();
                in_image += 1;
            }
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::End(TagEnd::Item | TagEnd::TableCell) => collector.separator(),
            Event::Start(tag) if !is_inline(tag.to_end()) => collector.boundary(),
            Event::End(tag) if !is_inline(*tag) => collector.boundary(),
            _ => {}
        }
    }
    collector.finish()
}

/// Markdown elements printed as inline HTML elements, which do not separate words.
fn is_inline(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
    )
}

/// Cuts a piece of HTML into sections at every heading that has an id: what [`from_events`]
/// must agree with, in tests.
#[cfg(test)]
pub fn split(html: &str) -> Vec<Section> {
    let mut collector = Collector::default();
    collector.html(html);
    collector.finish()
}

/// Sections being gathered from text and HTML pieces in page order. Markup state (inside a
/// heading, inside a skipped element) carries over from one piece to the next, as an element
/// may open in one and close in another.
struct Collector {
    sections: Vec<Section>,
    in_heading: Option<String>,
    skip_until: Option<String>,
    /// A tag (or comment) begun in one piece and not yet closed: raw HTML comes line by line,
    /// and an inline tag may span lines.
    open_tag: Option<String>,
}

impl Default for Collector {
    fn default() -> Collector {
        Collector {
            sections: vec![Section::default()],
            in_heading: None,
            skip_until: None,
            open_tag: None,
        }
    }
}

impl Collector {
    /// Plain text (not HTML-escaped).
    fn text(&mut self, text: &str) {
        if let Some(tag) = &mut self.open_tag {
            // Printed escaped, so it cannot close the tag.
            tag.push_str(text);
            return;
        }
        if self.skip_until.is_some() || text.is_empty() {
            return;
        }
        push_collapsed(self.field(), text);
    }

    /// Text from HTML, entities still encoded.
    fn html_text(&mut self, text: &str) {
        if text.contains('&') {
            self.text(&decode_entities(text));
        } else {
            self.text(text);
        }
    }

    /// The end or start of a block, which separates words.
    fn boundary(&mut self) {
        if let Some(tag) = self.open_tag.take() {
            // The block's own tag would have closed it in the HTML.
            self.tag(&tag);
            return;
        }
        if self.skip_until.is_some() {
            return;
        }
        let field = self.field();
        if !field.ends_with(' ') && !field.is_empty() {
            field.push(' ');
        }
    }

    /// The end of a list item or table cell: a visible separator, so that an excerpt does not
    /// run the items together ("…at all · Refunds, credits or discounts · Support…").
    fn separator(&mut self) {
        if self.open_tag.is_some() || self.skip_until.is_some() {
            self.boundary();
            return;
        }
        let field = self.field();
        field.truncate(field.trim_end_matches(' ').len());
        if field.is_empty() {
            return;
        }
        if field.ends_with(SEPARATOR) {
            field.push(' ');
        } else {
            field.push(' ');
            field.push(SEPARATOR);
            field.push(' ');
        }
    }

    /// The field text goes to now: the current heading's or its body.
    fn field(&mut self) -> &mut String {
        let heading = self.in_heading.is_some();
        // Never empty: `Collector` starts with a section and only ever adds some.
        let last = self.sections.last_mut().expect("a section");
        if heading {
            &mut last.heading
        } else {
            &mut last.text
        }
    }

    /// A piece of HTML: its text, with sections started at headings that have an id.
    fn html(&mut self, html: &str) {
        let mut rest = html;
        if let Some(mut tag) = self.open_tag.take() {
            let Some(gt) = rest.find('>') else {
                tag.push_str(rest);
                self.open_tag = Some(tag);
                return;
            };
            tag.push_str(&rest[..gt]);
            rest = &rest[gt + 1..];
            self.tag(&tag);
        }
        while !rest.is_empty() {
            let Some(lt) = rest.find('<') else {
                self.html_text(rest);
                break;
            };
            self.html_text(&rest[..lt]);
            rest = &rest[lt..];
            let Some(gt) = rest.find('>') else {
                self.open_tag = Some(rest[1..].to_owned());
                break;
            };
            let tag = &rest[1..gt];
            rest = &rest[gt + 1..];
            self.tag(tag);
        }
    }

    /// One tag's text, between `<` and `>`.
    fn tag(&mut self, tag: &str) {
        let closing = tag.starts_with('/');
        // The renderer writes lower-case tags; only raw HTML from authors may not.
        let bare = tag.trim_start_matches('/');
        let end = bare
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(bare.len());
        let name: std::borrow::Cow<'_, str> = if bare[..end].bytes().any(|b| b.is_ascii_uppercase())
        {
            std::borrow::Cow::Owned(bare[..end].to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(&bare[..end])
        };
        if let Some(until) = &self.skip_until {
            if closing && until.as_str() == name.as_ref() {
                self.skip_until = None;
            }
            return;
        }
        // Inline tags but links (a heading's anchor link is skipped) are never skipped, never
        // headings and add no space, so nothing below applies to them.
        if name != "a" && is_inline_name(&name) {
            return;
        }
        if !closing
            && (SKIPPED.contains(&name.as_ref())
                || attribute(tag, "class").is_some_and(|class| SKIPPED_CLASSES.contains(&class)))
        {
            self.skip_until = Some(name.into_owned());
            return;
        }
        let is_heading =
            name.len() == 2 && name.starts_with('h') && name.as_bytes()[1].is_ascii_digit();
        if is_heading
            && !closing
            && let Some(id) = attribute(tag, "id")
        {
            self.sections.push(Section {
                anchor: decode_entities(id),
                ..Section::default()
            });
            self.in_heading = Some(name.into_owned());
            return;
        }
        if closing && self.in_heading.as_deref() == Some(name.as_ref()) {
            self.in_heading = None;
        }
        if closing && matches!(name.as_ref(), "li" | "td" | "th") {
            self.separator();
        } else if !is_inline_name(&name) {
            self.boundary();
        }
    }

    /// The sections, each text in a buffer of its own size: the text grew by doubling, and
    /// every page's is kept until the index is written (as much text as the whole site), so
    /// copying it once saves up to half of that memory.
    fn finish(mut self) -> Vec<Section> {
        for section in &mut self.sections {
            trim_end(&mut section.heading);
            section.text = section
                .text
                .trim_end()
                .trim_end_matches(SEPARATOR)
                .trim_end()
                .to_owned();
        }
        self.sections
    }
}

fn is_inline_name(name: &str) -> bool {
    matches!(
        name,
        "a" | "em"
            | "strong"
            | "code"
            | "span"
            | "b"
            | "i"
            | "del"
            | "s"
            | "mark"
            | "sup"
            | "sub"
            | "abbr"
            | "kbd"
            | "small"
            | "u"
    )
}

/// Appends `text` with its whitespace runs as single spaces, and no space at the start.
/// Done while appending, in runs of bytes, rather than as a pass over every section at the
/// end: this is on the path of every character of the site, mostly in short pieces, so it is
/// one pass with one comparison for most bytes. Only ASCII whitespace is collapsed; other
/// spaces (rare) stay as they are, which search does not mind.
fn push_collapsed(target: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut after_space = target.is_empty() || target.ends_with(' ');
    // Most pieces have nothing to collapse: no control characters (newlines, tabs), no two
    // spaces in a row, no space to drop at the start. The two checks are folds without early
    // exits, which the compiler turns into vector instructions.
    let control = bytes.iter().fold(false, |found, &b| found | (b < b' '));
    let double = bytes
        .iter()
        .zip(bytes.get(1..).unwrap_or_default())
        .fold(false, |found, (&a, &b)| found | ((a == b' ') & (b == b' ')));
    let needs_work = control || double || (after_space && bytes.first() == Some(&b' '));
    if !needs_work {
        target.push_str(text);
        return;
    }
    // Text is copied in slices between the whitespace that has to go.
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b > b' ' {
            after_space = false;
        } else if b == b' ' && !after_space {
            after_space = true;
        } else if b.is_ascii_whitespace() {
            target.push_str(&text[start..i]);
            if !after_space {
                target.push(' ');
                after_space = true;
            }
            start = i + 1;
        } else {
            after_space = false;
        }
    }
    target.push_str(&text[start..]);
}

/// The value of `name="..."` in a tag's text. Tags are short and have few spaces: looking at
/// what follows each space beats a substring search, which is set up anew for every tag.
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let bytes = tag.as_bytes();
    memchr::memchr_iter(b' ', bytes).find_map(|i| {
        let rest = &tag[i + 1..];
        rest.strip_prefix(name)?
            .strip_prefix("=\"")?
            .split('"')
            .next()
    })
}

/// Trailing whitespace removed, in place.
fn trim_end(text: &mut String) {
    let len = text.trim_end().len();
    text.truncate(len);
}

/// Decodes the entities `push_html` and highlighters write, and numeric ones.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let mut window = rest.len().min(12);
        while !rest.is_char_boundary(window) {
            window -= 1;
        }
        let end = rest[..window].find(';');
        let decoded = end.and_then(|end| {
            let name = &rest[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .map(|hex| u32::from_str_radix(hex, 16).ok())
                    .unwrap_or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_is_cut_at_headings_with_ids() {
        let html = "<p>Intro <em>text</em>.</p>\n<h2 id=\"when-to-use\">When to <code>use</code><a class=\"anchor\" href=\"#when-to-use\" aria-hidden=\"true\">#</a></h2>\n<ul><li>one</li><li>two</li></ul><h3 id=\"x\">X &amp; Y</h3><p>a&lt;b &#39;c&#x27;</p>";
        let sections = split(html);
        assert_eq!(sections.len(), 3);
        assert_eq!(
            sections[0],
            Section {
                anchor: String::new(),
                heading: String::new(),
                text: "Intro text.".into()
            }
        );
        assert_eq!(sections[1].anchor, "when-to-use");
        assert_eq!(sections[1].heading, "When to use");
        assert_eq!(sections[1].text, "one · two");
        assert_eq!(sections[2].heading, "X & Y");
        assert_eq!(sections[2].text, "a<b 'c'");
    }

    #[test]
    fn buttons_and_scripts_are_not_text() {
        let html = "<div class=\"code-block\"><button class=\"copy-button\">Copy</button><pre><code><span>let</span> x</code></pre></div><script>var a;</script>";
        assert_eq!(split(html)[0].text, "let x");
    }

    #[test]
    fn entities_next_to_multibyte_text_do_not_panic() {
        assert_eq!(
            decode_entities("&lt; note “action” &gt;"),
            "< note “action” >"
        );
        assert_eq!(decode_entities("&gt; Click “"), "> Click “");
    }
}
