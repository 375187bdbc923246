//! Task list items (`- [ ] call the lead`) with a checkbox a screen reader can name: Markdown's
//! own rendering gives an unlabelled `<input>`, which axe reports as a critical problem.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

/// Replaces each task marker with a disabled checkbox labelled "done" or "not done".
pub fn rewrite(events: &mut [(Event<'_>, Range<usize>)]) {
    for (event, _) in events.iter_mut() {
        if let Event::TaskListMarker(checked) = *event {
            *event = Event::InlineHtml(CowStr::Borrowed(if checked {
                "<input type=\"checkbox\" disabled checked aria-label=\"done\"> "
            } else {
                "<input type=\"checkbox\" disabled aria-label=\"not done\"> "
            }));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser, html};

    #[test]
    fn markers_become_labelled_checkboxes() {
        let source = "- [ ] call\n- [x] page\n";
        let mut events: Vec<_> = Parser::new_ext(source, Options::ENABLE_TASKLISTS)
            .into_offset_iter()
            .collect();
        rewrite(&mut events);
        let mut out = String::new();
        html::push_html(&mut out, events.into_iter().map(|(e, _)| e));
        assert!(
            out.contains("<input type=\"checkbox\" disabled aria-label=\"not done\"> call"),
            "{out}"
        );
        assert!(
            out.contains("disabled checked aria-label=\"done\"> page"),
            "{out}"
        );
    }
}
