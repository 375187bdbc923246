//! Approved wording: placeholders (`{name}`), character counts as channels count them (X
//! counts every URL as 23 characters), and the HTML of a wording card with its fill-in inputs
//! and copy button.

use pulldown_cmark_escape::escape_html;

/// A `{name}` placeholder: its name and byte offset in the wording.
#[derive(Debug, Clone, PartialEq)]
pub struct Placeholder {
    pub name: String,
    pub offset: usize,
}

/// Every `{name}` (letters, digits, `_`) in `text`, in order.
pub fn placeholders(text: &str) -> Vec<Placeholder> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'{' {
            let start = i + 1;
            let mut end = start;
            while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
                end += 1;
            }
            if end > start && end < bytes.len() && bytes[end] == b'}' {
                found.push(Placeholder {
                    name: text[start..end].to_owned(),
                    offset: i,
                });
                i = end + 1;
                continue;
            }
        }
        i += 1;
    }
    found
}

/// Replaces placeholders with values; unknown ones are kept as written.
pub fn fill(text: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for p in placeholders(text) {
        out.push_str(&text[last..p.offset]);
        match value(&p.name) {
            Some(v) => out.push_str(&v),
            None => out.push_str(&text[p.offset..p.offset + p.name.len() + 2]),
        }
        last = p.offset + p.name.len() + 2;
    }
    out.push_str(&text[last..]);
    out
}

/// Length as a channel counts it: characters, with each URL counted as `link_chars` when set.
pub fn channel_length(text: &str, link_chars: Option<usize>) -> usize {
    let Some(link_chars) = link_chars else {
        return text.chars().count();
    };
    let mut total = 0;
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            total += 1;
        }
        total += word_length(word, link_chars);
    }
    total
}

fn word_length(word: &str, link_chars: usize) -> usize {
    // A URL inside a word (e.g. after a newline or an opening parenthesis) counts too.
    for scheme in ["https://", "http://"] {
        if let Some(start) = word.find(scheme) {
            let url_end = word[start..]
                .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '"'))
                .map_or(word.len(), |e| start + e);
            let url = word[start..url_end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
            let rest = &word[start + url.len()..];
            return word[..start].chars().count() + link_chars + word_length(rest, link_chars);
        }
    }
    word.chars().count()
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_html(&mut out, text).ok();
    out
}

/// What a wording card shows about its channel.
pub struct CardChannel<'a> {
    pub id: Option<&'a str>,
    pub name: &'a str,
    pub max_chars: Option<usize>,
    pub link_chars: Option<usize>,
}

/// A placeholder's label and example, for the fill-in inputs.
pub struct CardVariable<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub example: &'a str,
}

/// The HTML of one wording card: channel badge, live count, highlighted placeholders, inputs
/// to fill them and a copy button. The raw wording is kept in a hidden element so that Copy
/// puts exactly the approved text (filled) on the clipboard.
pub fn card_html(text: &str, channel: &CardChannel<'_>, variables: &[CardVariable<'_>]) -> String {
    let text = text.trim_end_matches('\n');
    let example = |name: &str| {
        variables
            .iter()
            .find(|v| v.name == name)
            .map(|v| v.example.to_owned())
    };
    let length = channel_length(&fill(text, example), channel.link_chars);
    let over = channel.max_chars.is_some_and(|max| length > max);
    let mut html = String::with_capacity(text.len() * 3 + 600);
    html.push_str("<div class=\"response-card");
    if over {
        html.push_str(" is-over");
    }
    html.push('"');
    if let Some(id) = channel.id {
        html.push_str(&format!(" data-channel=\"{}\"", escape(id)));
    }
    if let Some(max) = channel.max_chars {
        html.push_str(&format!(" data-max-chars=\"{max}\""));
    }
    if let Some(link) = channel.link_chars {
        html.push_str(&format!(" data-link-chars=\"{link}\""));
    }
    html.push_str(">\n<div class=\"response-card-head\">");
    html.push_str(&format!(
        "<span class=\"badge badge-channel\">{}</span>",
        escape(channel.name)
    ));
    html.push_str(
        "<span class=\"response-count\" aria-live=\"polite\"><span class=\"response-count-value\">",
    );
    html.push_str(&length.to_string());
    html.push_str("</span>");
    match channel.max_chars {
        Some(max) => html.push_str(&format!(" / {max} characters")),
        None => html.push_str(" characters"),
    }
    html.push_str("</span></div>\n<div class=\"response-text\">");
    let mut last = 0;
    for p in placeholders(text) {
        html.push_str(&escape(&text[last..p.offset]));
        html.push_str(&format!(
            "<mark class=\"placeholder\" data-var=\"{0}\">{{{0}}}</mark>",
            escape(&p.name)
        ));
        last = p.offset + p.name.len() + 2;
    }
    html.push_str(&escape(&text[last..]));
    html.push_str("</div>\n");
    let used: Vec<&CardVariable<'_>> = variables
        .iter()
        .filter(|v| placeholders(text).iter().any(|p| p.name == v.name))
        .collect();
    if !used.is_empty() {
        html.push_str("<div class=\"response-fill\">");
        for v in used {
            html.push_str(&format!(
                "<label class=\"response-field\"><span class=\"response-field-name\">{{{0}}}</span><input type=\"text\" data-var=\"{0}\" data-example=\"{1}\" placeholder=\"e.g. {1}\"><span class=\"response-field-desc\">{2}</span></label>",
                escape(v.name),
                escape(v.example),
                escape(v.description)
            ));
        }
        html.push_str("</div>\n");
    }
    html.push_str("<pre class=\"response-raw\" hidden>");
    html.push_str(&escape(text));
    html.push_str("</pre>\n<div class=\"response-actions\"><button class=\"response-copy\" type=\"button\">Copy</button><span class=\"response-copied\" role=\"status\"></span></div>\n</div>\n");
    html
}

/// A response page's body with its wording cards lifted out.
pub struct Lifted {
    /// The heading right above the cards (`<h2 ...>Approved wording</h2>`), or empty.
    pub heading: String,
    pub cards: String,
    pub rest: String,
}

/// Lifts the first run of wording cards (cards one after another, nothing but white space
/// between them) out of a response's rendered body, with the h2 or h3 right above them, so
/// the page can show the approved wording before the author's longer notes. `None` when the
/// body has no card.
pub fn lift_cards(html: &str) -> Option<Lifted> {
    const START: &str = "<div class=\"response-card";
    // Every card ends with its actions row and its own closing tag (see `card_html`); the
    // wording inside is escaped, so this cannot occur earlier in a card.
    const END: &str = "</div>\n</div>\n";
    let first = html.find(START)?;
    let mut end = first;
    loop {
        let rest = &html[end..];
        let gap = rest.len() - rest.trim_start().len();
        if !rest[gap..].starts_with(START) {
            break;
        }
        let close = rest[gap..].find(END)?;
        end += gap + close + END.len();
    }
    let before = html[..first].trim_end();
    let heading_start = ["</h2>", "</h3>"]
        .iter()
        .find(|close| before.ends_with(*close))
        .and_then(|close| before.rfind(&format!("<h{}", &close[3..4])));
    let cut = heading_start.unwrap_or(first);
    let mut rest = String::with_capacity(html.len() - (end - cut));
    rest.push_str(&html[..cut]);
    rest.push_str(&html[end..]);
    Some(Lifted {
        heading: heading_start.map_or_else(String::new, |h| before[h..].to_owned()),
        cards: html[first..end].to_owned(),
        rest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifts_the_run_of_cards_with_the_heading_above_it() {
        let card = |t: &str| {
            card_html(
                t,
                &CardChannel {
                    id: None,
                    name: "All",
                    max_chars: None,
                    link_chars: None,
                },
                &[],
            )
        };
        let body = format!(
            "<p>Intro.</p>\n<h2 id=\"w\">Approved wording</h2>\n{}{}<p>After.</p>\n",
            card("One"),
            card("Two")
        );
        let lifted = lift_cards(&body).unwrap();
        assert_eq!(lifted.heading, "<h2 id=\"w\">Approved wording</h2>");
        assert_eq!(lifted.cards, format!("{}{}", card("One"), card("Two")));
        assert_eq!(lifted.rest, "<p>Intro.</p>\n<p>After.</p>\n");
        let no_heading = format!("<p>Intro.</p>\n{}<p>Then</p>{}", card("One"), card("Two"));
        let lifted = lift_cards(&no_heading).unwrap();
        assert_eq!(lifted.heading, "");
        assert_eq!(lifted.cards, card("One"));
        assert!(
            lifted.rest.contains("Two"),
            "a later card stays where it is"
        );
        assert!(lift_cards("<p>None</p>").is_none());
    }

    #[test]
    fn finds_placeholders_and_ignores_other_braces() {
        let found = placeholders("Hi {name}, see {status_url}. {not valid} {} {x");
        let names: Vec<_> = found.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, vec!["name", "status_url"]);
        assert_eq!(found[0].offset, 3);
    }

    #[test]
    fn fills_known_placeholders_only() {
        let filled = fill("Hi {name} {other}", |n| {
            (n == "name").then(|| "Kai".to_owned())
        });
        assert_eq!(filled, "Hi Kai {other}");
    }

    #[test]
    fn counts_urls_as_link_chars() {
        assert_eq!(
            channel_length("see https://example.org/a/very/long/path", Some(23)),
            4 + 23
        );
        assert_eq!(
            channel_length("(https://example.org/x).", Some(23)),
            1 + 23 + 2
        );
        assert_eq!(channel_length("see https://example.org/a", None), 25);
        assert_eq!(channel_length("héllo", Some(23)), 5);
    }

    #[test]
    fn card_marks_placeholders_and_keeps_raw_text() {
        let vars = [CardVariable {
            name: "name",
            description: "who",
            example: "Kai",
        }];
        let channel = CardChannel {
            id: Some("x"),
            name: "X",
            max_chars: Some(280),
            link_chars: Some(23),
        };
        let html = card_html("Hi {name} <3\n", &channel, &vars);
        assert!(
            html.contains("<mark class=\"placeholder\" data-var=\"name\">{name}</mark> &lt;3"),
            "{html}"
        );
        assert!(
            html.contains("<pre class=\"response-raw\" hidden>Hi {name} &lt;3</pre>"),
            "{html}"
        );
        assert!(
            html.contains("<span class=\"response-count-value\">9</span> / 280"),
            "{html}"
        );
        assert!(
            html.contains("data-var=\"name\" data-example=\"Kai\" placeholder=\"e.g. Kai\"><span class=\"response-field-desc\">"),
            "{html}"
        );
    }
}
