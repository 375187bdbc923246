//! Emoji shortcodes (`:white_check_mark:`) in text become the emoji itself, as on GitHub, GitLab
//! and Slack where handbooks are also read. The table comes from the `emojis` crate (gemoji
//! names). Code is never touched: only text events are rewritten.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

/// True when the source has a `:name:` that is a known shortcode; most pages have none, and they
/// skip the event pass.
pub fn may_contain(source: &str) -> bool {
    let bytes = source.as_bytes();
    let mut at = 0;
    while let Some(found) = source[at..].find(':') {
        let start = at + found + 1;
        let len = bytes[start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-'))
            .count();
        if len > 0
            && bytes.get(start + len) == Some(&b':')
            && emojis::get_by_shortcode(&source[start..start + len]).is_some()
        {
            return true;
        }
        at = start + len;
    }
    false
}

/// Replaces `:name:` in text events; consecutive text events are merged first, since the parser
/// splits text at `_` and other delimiters.
pub fn rewrite<'a>(events: Vec<(Event<'a>, Range<usize>)>) -> Vec<(Event<'a>, Range<usize>)> {
    if !events
        .iter()
        .any(|(e, _)| matches!(e, Event::Text(t) if t.contains(':')))
    {
        return events;
    }
    let mut out = merge_text(events);
    for (event, _) in &mut out {
        if let Event::Text(text) = event
            && text.contains(':')
            && let Some(replaced) = replace(text)
        {
            *event = Event::Text(replaced.into());
        }
    }
    out
}

/// Merges each run of consecutive text events into one, in time linear in the run's length:
/// the run's text goes into one growing buffer, where joining the run pairwise would copy the
/// text merged so far once per event (a line of 500,000 `[` is 500,000 text events).
fn merge_text<'a>(events: Vec<(Event<'a>, Range<usize>)>) -> Vec<(Event<'a>, Range<usize>)> {
    let mut out: Vec<(Event<'a>, Range<usize>)> = Vec::with_capacity(events.len());
    // The text of the run that ends `out`, once it has more than one event.
    let mut joined: Option<String> = None;
    let flush = |out: &mut Vec<(Event<'a>, Range<usize>)>, joined: &mut Option<String>| {
        if let (Some(text), Some((Event::Text(last), _))) = (joined.take(), out.last_mut()) {
            *last = CowStr::from(text);
        }
    };
    for (event, range) in events {
        if let (Event::Text(text), Some((Event::Text(previous), previous_range))) =
            (&event, out.last_mut())
        {
            joined
                .get_or_insert_with(|| previous.to_string())
                .push_str(text);
            previous_range.end = range.end;
            continue;
        }
        flush(&mut out, &mut joined);
        out.push((event, range));
    }
    flush(&mut out, &mut joined);
    out
}

/// The text with known `:shortcodes:` replaced, or `None` when it has none.
pub fn replace(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut rest = text;
    let mut changed = false;
    while let Some(start) = rest.find(':') {
        let after = &rest[start + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-')))
            .unwrap_or(after.len());
        if name_len > 0
            && after[name_len..].starts_with(':')
            && let Some(emoji) = emojis::get_by_shortcode(&after[..name_len])
        {
            out.push_str(&rest[..start]);
            out.push_str(emoji.as_str());
            rest = &after[name_len + 1..];
            changed = true;
        } else {
            out.push_str(&rest[..start + 1]);
            rest = after;
        }
    }
    out.push_str(rest);
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_without_shortcodes_are_skipped() {
        assert!(may_contain("done :white_check_mark:"));
        assert!(!may_contain("at 10:30:00, see: this :nosuch: thing"));
    }

    #[test]
    fn runs_of_text_are_merged_and_other_events_kept() {
        let events = vec![
            (Event::Text("a".into()), 0..1),
            (Event::Text("b".into()), 1..2),
            (Event::Text("c".into()), 2..3),
            (Event::SoftBreak, 3..4),
            (Event::Text("d".into()), 4..5),
            (Event::Code("e".into()), 5..8),
            (Event::Text("f".into()), 8..9),
            (Event::Text("g".into()), 9..10),
        ];
        let merged = merge_text(events);
        assert_eq!(
            merged,
            vec![
                (Event::Text("abc".into()), 0..3),
                (Event::SoftBreak, 3..4),
                (Event::Text("d".into()), 4..5),
                (Event::Code("e".into()), 5..8),
                (Event::Text("fg".into()), 8..10),
            ]
        );
    }

    #[test]
    fn a_long_run_of_brackets_is_merged_in_linear_time() {
        // Each unmatched `[` is a text event of its own; merged pairwise, 200,000 of them copy
        // 20 GB.
        let source = format!("{}b :tada:", "[".repeat(200_000));
        let events: Vec<_> = pulldown_cmark::Parser::new_ext(&source, super::super::options())
            .into_offset_iter()
            .collect();
        assert!(events.len() > 100_000, "{} events", events.len());
        let started = std::time::Instant::now();
        let out = rewrite(events);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "{:?}",
            started.elapsed()
        );
        assert!(
            matches!(&out[1].0, Event::Text(t) if t.len() == 200_000 + "b 🎉".len()),
            "{:?}",
            &out[..3]
        );
    }

    #[test]
    fn known_shortcodes_become_emoji_and_others_stay() {
        assert_eq!(
            replace(":white_check_mark: done, :x: not").as_deref(),
            Some("✅ done, ❌ not")
        );
        assert_eq!(replace("time 10:30:00 and :nosuchemoji:"), None);
        assert_eq!(replace(":+1::tada:").as_deref(), Some("👍🎉"));
    }
}
