//! Markup rules read straight from a page's Markdown lines: headings that skip a level and
//! images without alt text. A line scan (skipping fenced code) is enough for both and keeps the
//! check from parsing every page a second time.

use crate::content::Page;
use crate::diagnostic::{Diagnostic, Locating, Rule};

/// `heading-skip` and `image-alt` problems of one page.
pub fn check(page: &Page) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut locating = Locating::default();
    let body = page.body();
    // The page title is the `h1`, so the first heading may be an `h2`.
    let mut previous = 1;
    let mut fence: Option<(char, usize)> = None;
    let mut offset = page.body_offset;
    for line in body.split_inclusive('\n') {
        let at = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some(open) = fence_marker(trimmed).filter(|_| indent < 4) {
            fence = match fence {
                None => Some(open),
                Some((c, n))
                    if open.0 == c && open.1 >= n && trimmed.trim_end().chars().all(|x| x == c) =>
                {
                    None
                }
                keep => keep,
            };
            continue;
        }
        if fence.is_some() || indent >= 4 {
            continue;
        }
        if let Some(level) = heading_level(trimmed) {
            if level > previous + 1 {
                let d = Diagnostic::warning(
                    &page.shown,
                    format!("heading skips a level: h{level} after h{previous}"),
                )
                .help(format!(
                    "use {} for this heading, or add the missing level above it",
                    "#".repeat(previous + 1)
                ))
                .rule(Rule::HeadingSkip);
                out.push(locating.at_offset(d, &page.text, at + indent));
            }
            previous = level;
        }
        for col in images_without_alt(line) {
            let d = Diagnostic::warning(&page.shown, "image without alt text")
                .help("describe the image for readers who cannot see it: `![what it shows](path)`")
                .rule(Rule::ImageAlt);
            out.push(locating.at_offset(d, &page.text, at + col));
        }
    }
    out
}

/// The fence character and length of a line opening or closing a fenced code block.
fn fence_marker(line: &str) -> Option<(char, usize)> {
    let c = line.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let n = line.chars().take_while(|x| *x == c).count();
    (n >= 3).then_some((c, n))
}

/// The level of an ATX heading line (`## Title`).
fn heading_level(line: &str) -> Option<usize> {
    let level = line.chars().take_while(|c| *c == '#').count();
    let rest = &line[level..];
    ((1..=6).contains(&level) && (rest.starts_with([' ', '\t']) || rest.trim().is_empty()))
        .then_some(level)
}

/// Byte offsets of images in `line` with empty alt text: `![](x.png)` and `<img>` without `alt`.
/// One pass over the line, however many images it has.
fn images_without_alt(line: &str) -> Vec<usize> {
    let mut found = Vec::new();
    let mut from = 0;
    // The first `]` at or after some earlier `from`: still the first one after a later `from`
    // that has not passed it, so each `]` is looked for once.
    let mut close: Option<usize> = None;
    while let Some(i) = line[from..].find("![") {
        let start = from + i;
        from = start + 2;
        let close_at = match close.filter(|&c| c >= from) {
            Some(c) => c,
            None => match line[from..].find(']') {
                Some(c) => *close.insert(from + c),
                None => break,
            },
        };
        let alt = &line[from..close_at];
        let after = line[close_at + 1..].chars().next();
        if alt.trim().is_empty() && matches!(after, Some('(' | '[')) {
            found.push(start);
        }
    }
    let lower = line.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find("<img") {
        let start = from + i;
        let end = lower[start..].find('>').map_or(lower.len(), |e| start + e);
        from = end.max(start + 4);
        let tag = &lower[start..end];
        if !tag.contains(" alt=") {
            found.push(start);
        }
    }
    found.sort_unstable();
    outside_code_spans(line, found)
}

/// The sorted offsets of `line` that an odd number of backticks does not precede.
fn outside_code_spans(line: &str, offsets: Vec<usize>) -> Vec<usize> {
    let mut ticks = 0;
    let mut counted = 0;
    offsets
        .into_iter()
        .filter(|&at| {
            ticks += line.as_bytes()[counted..at]
                .iter()
                .filter(|&&b| b == b'`')
                .count();
            counted = at;
            ticks % 2 == 0
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> Page {
        Page {
            text: body.to_owned(),
            shown: "content/p.md".into(),
            ..Page::default()
        }
    }

    fn rules(body: &str) -> Vec<(String, usize)> {
        check(&page(body))
            .into_iter()
            .map(|d| (d.rule_name().unwrap_or("").to_owned(), d.line))
            .collect()
    }

    #[test]
    fn skipped_heading_levels() {
        let found = rules("## A\n### B\n## C\n#### D\n```\n###### not a heading\n```\n");
        assert_eq!(found, vec![("heading-skip".to_owned(), 4)]);
        assert_eq!(rules("### First\n").len(), 1);
    }

    #[test]
    fn images_without_alt_text() {
        assert_eq!(
            images_without_alt("![](a.png) ![ok](b.png) ![ ][ref]"),
            vec![0, 24]
        );
        assert_eq!(
            images_without_alt("<img src=a.png> <IMG alt=\"x\" src=b>"),
            vec![0]
        );
        assert!(images_without_alt("`![](code)`").is_empty());
        assert_eq!(
            images_without_alt("`![](a)` ![](b) `<img>` <img>"),
            vec![9, 24]
        );
    }

    /// Tens of thousands of images on one line: found in one pass, and only the first hundred
    /// problems of the page are located.
    #[test]
    fn a_line_of_many_images_is_read_once() {
        let line = "![](x.png) `![](y.png)` ".repeat(20_000);
        assert_eq!(images_without_alt(&line).len(), 20_000);
        let found = check(&page(&line));
        assert_eq!(found.len(), 20_000);
        let located = found.iter().filter(|d| d.line > 0).count();
        assert_eq!(located, crate::diagnostic::PER_FILE);
        let line = format!("{}]", "![".repeat(30_000));
        assert!(images_without_alt(&line).is_empty());
    }
}
