//! GitHub alerts (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`) rendered as
//! styled callouts instead of plain block quotes. pulldown-cmark parses the marker; this adapter
//! only changes the markup around it.

use std::ops::Range;

use pulldown_cmark::{BlockQuoteKind, Event, Tag, TagEnd};

fn names(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// Replaces alert block quotes with `<div class="callout callout-KIND">` in place.
pub fn rewrite(events: &mut [(Event<'_>, Range<usize>)]) {
    for (event, _) in events.iter_mut() {
        match event {
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = names(*kind);
                *event = Event::Html(format!("<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{title}</p>\n").into());
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => *event = Event::Html("</div>\n".into()),
            _ => {}
        }
    }
}
