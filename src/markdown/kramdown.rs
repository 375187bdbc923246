//! kramdown attribute lists from Jekyll sites (`[link](url){:target="_blank"}`, `{: .class}`)
//! are dropped from text instead of being shown as stray braces: the attributes only styled the
//! old site. Runs after [`super::emoji`], which merges adjacent text events.

use std::ops::Range;

use pulldown_cmark::Event;

/// Removes `{:...}` spans from text events.
pub fn rewrite(events: &mut [(Event<'_>, Range<usize>)]) {
    for (event, _) in events.iter_mut() {
        if let Event::Text(text) = event
            && text.contains("{:")
            && let Some(stripped) = strip(text)
        {
            *event = Event::Text(stripped.into());
        }
    }
}

/// The text without its attribute lists, or `None` when it has none.
fn strip(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(start) = rest.find("{:") {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push_str(&rest[..start]);
        rest = &rest[start + len + 1..];
        changed = true;
    }
    out.push_str(rest);
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_lists_are_dropped() {
        assert_eq!(
            strip("{:target=“_blank”}  (FF).").as_deref(),
            Some("  (FF).")
        );
        assert_eq!(strip("{: .note}").as_deref(), Some(""));
        assert_eq!(strip("a {b} {:open"), None);
    }
}
