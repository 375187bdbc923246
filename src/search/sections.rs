//! A page's rendered HTML cut at its headings into plain-text sections, so that a search result
//! can link to `page/#heading` and show that heading. Working on the HTML the build already made
//! keeps the Markdown renderer untouched and sees exactly what readers see (callouts, tables,
//! highlighted code), minus the markup and the theme's controls (anchor links, copy buttons).

/// Text between two headings.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Section {
    /// The heading's id; empty for the text before the first heading.
    pub anchor: String,
    /// The heading's text; empty for the text before the first heading.
    pub heading: String,
    pub text: String,
}

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

/// Cuts rendered page HTML into sections at every heading that has an id.
pub fn split(html: &str) -> Vec<Section> {
    let mut sections = vec![Section::default()];
    let mut in_heading: Option<String> = None;
    let mut skip_until: Option<String> = None;
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push_text(
                &mut sections,
                in_heading.is_some() && skip_until.is_none(),
                skip_until.is_some(),
                rest,
            );
            break;
        };
        push_text(
            &mut sections,
            in_heading.is_some(),
            skip_until.is_some(),
            &rest[..lt],
        );
        rest = &rest[lt..];
        let Some(gt) = rest.find('>') else { break };
        let tag = &rest[1..gt];
        rest = &rest[gt + 1..];
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
        if let Some(until) = &skip_until {
            if closing && until.as_str() == name.as_ref() {
                skip_until = None;
            }
            continue;
        }
        // Inline tags but links (a heading's anchor link is skipped) are never skipped, never
        // headings and add no space, so nothing below applies to them; highlighted code is
        // made of spans, the most common tag by far.
        if name != "a" && is_inline(&name) {
            continue;
        }
        if !closing
            && (SKIPPED.contains(&name.as_ref())
                || attribute(tag, "class").is_some_and(|class| SKIPPED_CLASSES.contains(&class)))
        {
            skip_until = Some(name.into_owned());
            continue;
        }
        let is_heading =
            name.len() == 2 && name.starts_with('h') && name.as_bytes()[1].is_ascii_digit();
        if is_heading
            && !closing
            && let Some(id) = attribute(tag, "id")
        {
            sections.push(Section {
                anchor: decode_entities(id),
                ..Section::default()
            });
            in_heading = Some(name.into_owned());
            continue;
        }
        if closing && in_heading.as_deref() == Some(name.as_ref()) {
            in_heading = None;
        }
        // Block boundaries separate words.
        if let Some(last) = sections.last_mut() {
            let field = if in_heading.is_some() {
                &mut last.heading
            } else {
                &mut last.text
            };
            if !field.ends_with(' ') && !field.is_empty() && !is_inline(&name) {
                field.push(' ');
            }
        }
    }
    for section in &mut sections {
        trim_end(&mut section.heading);
        trim_end(&mut section.text);
    }
    sections
}

fn is_inline(name: &str) -> bool {
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

fn push_text(sections: &mut [Section], heading: bool, skipping: bool, text: &str) {
    if skipping || text.is_empty() {
        return;
    }
    let Some(last) = sections.last_mut() else {
        return;
    };
    let target = if heading {
        &mut last.heading
    } else {
        &mut last.text
    };
    if text.contains('&') {
        push_collapsed(target, &decode_entities(text));
    } else {
        push_collapsed(target, text);
    }
}

/// Appends `text` with its whitespace runs as single spaces, and no space at the start.
/// Done while appending, in runs of bytes, rather than as a pass over every section at the
/// end: this is on the path of every character of the site. Only ASCII whitespace is
/// collapsed; other spaces (rare in HTML) stay as they are, which search does not mind.
fn push_collapsed(target: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let mut after_space = target.is_empty() || target.ends_with(' ');
    // Most text runs need nothing collapsed: two quick scans (memchr's vector search) tell.
    let needs_work = (after_space && bytes.first() == Some(&b' '))
        || memchr::memchr3(b'\n', b'\t', b'\r', bytes).is_some()
        || memchr::memchr(0x0c, bytes).is_some()
        || memchr::memmem::find(bytes, b"  ").is_some();
    if !needs_work {
        target.push_str(text);
        return;
    }
    // Text is copied in slices between the whitespace that has to go.
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if !b.is_ascii_whitespace() {
            after_space = false;
        } else if b == b' ' && !after_space {
            after_space = true;
        } else {
            target.push_str(&text[start..i]);
            if !after_space {
                target.push(' ');
                after_space = true;
            }
            start = i + 1;
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
        assert_eq!(sections[1].text, "one two");
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
