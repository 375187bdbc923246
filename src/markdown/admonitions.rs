//! MkDocs admonitions (`!!! note "Title"` followed by an indented block, `???` for a collapsible
//! one) rewritten into the same callouts as GitHub alerts. Without this the indented body would
//! render as a code block. A text pre-pass, because pulldown-cmark has no such syntax.

use pulldown_cmark_escape::escape_html;

use super::source_map::{Rewriter, SourceMap};

/// True when the source may contain an admonition; everything else skips this pass.
pub fn may_contain(source: &str) -> bool {
    source.contains("!!!") || source.contains("???")
}

/// The callout class for an MkDocs admonition type.
fn callout_class(kind: &str) -> &'static str {
    match kind {
        "tip" | "hint" | "success" | "check" | "done" => "tip",
        "important" => "important",
        "warning" | "caution" | "attention" => "warning",
        "danger" | "error" | "failure" | "fail" | "missing" | "bug" => "caution",
        _ => "note",
    }
}

/// `!!! type "Title"` → (marker, type, title); `None` for any other line.
fn header(line: &str) -> Option<(&str, &str, Option<String>)> {
    let trimmed = line.trim_end();
    // MkDocs allows `!!!tip` as well as `!!! tip`.
    let (marker, rest) = ["!!!", "???+", "???"]
        .iter()
        .find_map(|m| trimmed.strip_prefix(m).map(|rest| (*m, rest.trim())))?;
    let (kind, extra) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
    if kind.is_empty()
        || !kind
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    // `!!! note "Title"`; unquoted words after the type are extra classes in MkDocs.
    let title = extra
        .split_once('"')
        .and_then(|(_, t)| t.rsplit_once('"'))
        .map(|(t, _)| t.to_owned());
    Some((marker, kind, title))
}

/// Rewrites every admonition outside fenced code; `None` when there is none.
pub fn rewrite(source: &str) -> Option<(String, SourceMap)> {
    let mut out = Rewriter::with_capacity(source.len() + 128);
    let mut changed = false;
    let mut fence: Option<&str> = None;
    let mut lines = source
        .split_inclusive('\n')
        .scan(0, |offset, line| {
            let start = *offset;
            *offset += line.len();
            Some((start, line))
        })
        .peekable();
    while let Some((start, line)) = lines.next() {
        let trimmed = line.trim_start();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            out.copy(source, start..start + line.len());
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            out.copy(source, start..start + line.len());
            continue;
        }
        let Some((marker, kind, title)) = header(line) else {
            out.copy(source, start..start + line.len());
            continue;
        };
        changed = true;
        let class = callout_class(&kind.to_ascii_lowercase());
        let title = title.unwrap_or_else(|| super::super::content::title_from_name(kind));
        let mut open = String::new();
        let collapsible = marker != "!!!";
        let (tag, title_tag) = if collapsible {
            ("details", "summary")
        } else {
            ("div", "p")
        };
        open.push_str(&format!(
            "<{tag} class=\"callout callout-{class} admonition-"
        ));
        escape_html(&mut open, kind).ok();
        open.push('"');
        if marker == "???+" {
            open.push_str(" open");
        }
        open.push_str(" role=\"note\">");
        if !title.is_empty() || collapsible {
            open.push_str(&format!("<{title_tag} class=\"callout-title\">"));
            escape_html(&mut open, &title).ok();
            open.push_str(&format!("</{title_tag}>"));
        }
        open.push_str("\n\n");
        out.insert(&open, start);
        // The body: indented lines and the blank lines between them.
        let mut end = start + line.len();
        while let Some(&(next_start, next)) = lines.peek() {
            let blank = next.trim().is_empty();
            let indent = if next.starts_with('\t') {
                1
            } else if next.starts_with("    ") {
                4
            } else {
                0
            };
            if !blank && indent == 0 {
                break;
            }
            if blank {
                // A blank line ends the block unless indented text follows.
                let continues = source[next_start + next.len()..]
                    .split_inclusive('\n')
                    .find(|l| !l.trim().is_empty())
                    .is_some_and(|l| l.starts_with("    ") || l.starts_with('\t'));
                if !continues {
                    break;
                }
                out.copy(source, next_start..next_start + next.len());
            } else {
                out.copy(source, next_start + indent..next_start + next.len());
            }
            end = next_start + next.len();
            lines.next();
        }
        if !out.text.ends_with('\n') {
            out.insert("\n", end);
        }
        out.insert(&format!("\n</{tag}>\n"), end);
    }
    changed.then(|| out.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admonitions_become_callouts_with_dedented_bodies() {
        let source =
            "Intro\n\n!!! warning \"Mind the gap\"\n    Body *text*.\n\n    More.\n\nAfter\n";
        let (text, map) = rewrite(source).unwrap();
        assert!(text.contains("<div class=\"callout callout-warning admonition-warning\" role=\"note\"><p class=\"callout-title\">Mind the gap</p>\n\nBody *text*.\n\nMore.\n\n</div>\n"), "{text}");
        assert!(text.ends_with("\nAfter\n"), "{text}");
        let body = text.find("Body").unwrap();
        assert_eq!(map.original(body), source.find("Body").unwrap());
    }

    #[test]
    fn collapsible_untitled_and_fenced_examples() {
        let (text, _) = rewrite("??? note\n    Hidden\n").unwrap();
        assert!(text.contains("<details class=\"callout callout-note admonition-note\" role=\"note\"><summary class=\"callout-title\">Note</summary>"), "{text}");
        assert!(rewrite("```\n!!! note\n    x\n```\n").is_none());
        assert!(rewrite("Wow!!! great\n").is_none());
        assert!(
            rewrite("!!!tip \"No space\"\n    Body\n")
                .unwrap()
                .0
                .contains("No space")
        );
        assert!(rewrite("!!!\n").is_none());
    }
}
