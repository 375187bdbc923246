//! Reads one Markdown file: bytes to UTF-8 text, front matter to fields, dates to dates. Every
//! problem becomes a located diagnostic and the page is still returned, so one bad file never
//! hides the problems of the others.

use std::path::{Path, PathBuf};

use super::Page;
use super::front_matter::{self, FrontMatter};
use super::site_path::{self, Field};
use super::{dates, slug};
use crate::diagnostic::{Diagnostic, Diagnostics, line_col};

/// Reads `path` (content-relative `rel`) into a page.
pub fn read_page(path: &Path, rel: &str, shown: PathBuf, diagnostics: &Diagnostics) -> Page {
    let mut page = Page {
        rel_path: rel.to_owned(),
        shown: shown.clone(),
        ..Page::default()
    };
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            diagnostics.push(
                Diagnostic::error(&shown, format!("cannot read this file: {err}"))
                    .help("check that it exists and is readable"),
            );
            return page;
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let bytes = err.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let (line, col) = line_col(&prefix, prefix.len());
            let whole = String::from_utf8_lossy(&bytes).into_owned();
            diagnostics.push(
                Diagnostic::error(
                    &shown,
                    format!(
                        "this file is not valid UTF-8 (byte 0x{:02x} at byte offset {valid})",
                        bytes[valid]
                    ),
                )
                .at(&whole, line, col)
                .help("save the file as UTF-8 (most editors offer \"Save with encoding\")"),
            );
            return page;
        }
    };
    page.text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    parse_front_matter(&mut page, diagnostics);
    page
}

fn parse_front_matter(page: &mut Page, diagnostics: &Diagnostics) {
    let split = match front_matter::split(&page.text) {
        Ok(split) => split,
        Err(unterminated) => {
            diagnostics.push(
                Diagnostic::error(
                    &page.shown,
                    "front matter is not closed: the opening `---` has no closing `---`",
                )
                .at(&page.text, unterminated.line, 1)
                .help("add a line with `---` after the last front matter field"),
            );
            // Render the whole file as Markdown so the editor still sees something.
            return;
        }
    };
    page.body_offset = split.body_offset;
    let Some(yaml) = split.yaml else { return };
    page.yaml = Some((yaml.to_owned(), split.yaml_line));
    match front_matter::parse(yaml, &split, &page.shown, &page.text) {
        Ok(front) => page.front = front,
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            page.front = FrontMatter::default();
        }
    }
    report_duplicates(page, diagnostics);
    check_slug(page, diagnostics);
    check_url(page, diagnostics);
    check_aliases(page, diagnostics);
    page.date = date_field(page, "date", page.front.date.clone(), diagnostics);
    page.updated = date_field(page, "updated", page.front.updated.clone(), diagnostics);
}

/// A key written twice (in any letter case): Hugo keeps the last value, and so does this
/// tool, but the first one was probably meant to be edited, not kept.
fn report_duplicates(page: &Page, diagnostics: &Diagnostics) {
    let Some((yaml, first_line)) = &page.yaml else {
        return;
    };
    for key in &page.front.duplicates {
        let lines: Vec<usize> = yaml
            .lines()
            .enumerate()
            .filter(|(_, line)| {
                line.get(..key.len())
                    .is_some_and(|start| start.eq_ignore_ascii_case(key))
                    && line[key.len()..].trim_start().starts_with(':')
            })
            .map(|(i, _)| i + 1)
            .collect();
        let d = Diagnostic::warning(
            &page.shown,
            format!("`{key}` is written more than once in the front matter; the last value is used, as Hugo uses it"),
        )
        .help("remove the entries you do not mean to keep");
        let d = match lines.as_slice() {
            [.., second] if lines.len() >= 2 => d.at(&page.text, first_line + second - 1, 1),
            _ => d.at(&page.text, *first_line, 1),
        };
        diagnostics.push(d);
    }
}

/// Resolves the `aliases` written relative to the page (`old-name`, `../old/path`) against
/// the page's URL, as Hugo does: from the folder the page's URL is in (`docs/a/` for
/// `docs/a/page/`). One that climbs above the site root, or holds what a path cannot, is
/// reported at its value and left out.
pub fn resolve_relative_aliases(page: &mut Page, diagnostics: &Diagnostics) {
    let written = std::mem::take(&mut page.front.relative_aliases);
    let base = super::parent(page.url.trim_end_matches('/'));
    for alias in written {
        let joined = match base {
            "" => format!("/{}", alias.trim()),
            base => format!("/{base}/{}", alias.trim()),
        };
        match site_path::normalise(&joined, Field::Alias) {
            Ok(path) => page.front.aliases.push(path),
            Err(why) => {
                let d = Diagnostic::error(&page.shown, format!("invalid front matter: alias `{}` (relative to the page's URL /{}): {why}", alias.escape_debug(), page.url))
                    .help("write the old path on this site, e.g. `aliases: [/old/path/]`, or relative to the page (`old-name`, `../old/path`); until then no redirect is written for it");
                diagnostics.push(locate(page, d, &["aliases"], &alias));
            }
        }
    }
}

/// Reports a `slug` that cannot be a URL part at its value and drops it, so the page keeps the
/// URL of its file name and the build goes on to find the other problems.
fn check_slug(page: &mut Page, diagnostics: &Diagnostics) {
    let Some(why) = page.front.slug.as_deref().and_then(slug::problem) else {
        return;
    };
    let mut d = Diagnostic::error(&page.shown, format!("invalid front matter: {why}"))
        .help("write the slug as one part of a URL, e.g. `slug: incident-review`, or remove it to use the file name");
    if let Some((yaml, first_line)) = &page.yaml {
        d = match front_matter::key_position(yaml, "slug") {
            Some((line, col)) => d.at(&page.text, first_line + line - 1, col),
            None => d.at(&page.text, *first_line, 1),
        };
    }
    diagnostics.push(d);
    page.front.slug = None;
}

/// Resolves the `.` and `..` of `url` (or `permalink`), or reports a value that
/// is not a path on this site at its value and drops it, so the page keeps its file's URL.
fn check_url(page: &mut Page, diagnostics: &Diagnostics) {
    let Some(written) = page.front.url.clone() else {
        return;
    };
    // Full URLs (`https://...`) are not this site's paths; `url_override` leaves them alone,
    // and permalink tokens (`/:section/:slug/`) are filled in when the URL is given.
    if written.contains(':') {
        return;
    }
    let why = match site_path::normalise(&written, Field::Url) {
        Ok(path) => {
            page.front.url = Some(path);
            return;
        }
        Err(why) => why,
    };
    page.front.url = None;
    let keys = ["url", "permalink"];
    let key = keys
        .into_iter()
        .find(|key| {
            page.yaml
                .as_ref()
                .and_then(|(yaml, _)| value_position(yaml, &[key], &written))
                .is_some()
        })
        .or_else(|| {
            keys.into_iter().find(|key| {
                page.yaml
                    .as_ref()
                    .is_some_and(|(yaml, _)| front_matter::key_position(yaml, key).is_some())
            })
        })
        .unwrap_or("url");
    let d = Diagnostic::error(&page.shown, format!("invalid front matter in `{key}`: {why}"))
        .help(format!("write a path on this site with `/` between its parts, e.g. `{key}: /team/about/`; until then the page keeps its file's URL"));
    diagnostics.push(locate(page, d, &[key], &written));
}

/// Resolves the `.` and `..` of each alias (`aliases`, `redirect_from`), or reports an entry
/// that is not a path on this site at its value and leaves it out.
fn check_aliases(page: &mut Page, diagnostics: &Diagnostics) {
    let keys = ["aliases", "redirect_from"];
    let written = std::mem::take(&mut page.front.aliases);
    for alias in written {
        // Full URLs are reported when the redirects are written.
        if alias.contains("://") {
            page.front.aliases.push(alias);
            continue;
        }
        match site_path::normalise(&alias, Field::Alias) {
            Ok(path) => page.front.aliases.push(path),
            Err(why) => {
                let d = Diagnostic::error(&page.shown, format!("invalid front matter: alias `{}`: {why}", alias.escape_debug()))
                    .help("write the old path on this site, e.g. `aliases: [/old/path/]`; until then no redirect is written for it");
                diagnostics.push(locate(page, d, &keys, &alias));
            }
        }
    }
}

/// Places `d` at `value` as written after one of `keys`, else at the key, else at the front
/// matter's first line.
fn locate(page: &Page, d: Diagnostic, keys: &[&str], value: &str) -> Diagnostic {
    let Some((yaml, first_line)) = &page.yaml else {
        return d;
    };
    let at = value_position(yaml, keys, value).or_else(|| {
        keys.iter()
            .find_map(|key| front_matter::key_position(yaml, key))
    });
    match at {
        Some((line, col)) => d.at(&page.text, first_line + line - 1, col),
        None => d.at(&page.text, *first_line, 1),
    }
}

/// The 1-based line and column of `value` as written in the YAML, on the line of one of `keys`
/// or the lines of its block list below; `None` when it is written otherwise (escaped, quoted
/// across lines).
fn value_position(yaml: &str, keys: &[&str], value: &str) -> Option<(usize, usize)> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let lines: Vec<&str> = yaml.lines().collect();
    keys.iter().find_map(|key| {
        let (key_line, _) = front_matter::key_position(yaml, key)?;
        let below = lines[key_line..]
            .iter()
            .take_while(|line| line.starts_with([' ', '\t', '-']));
        std::iter::once(&lines[key_line - 1])
            .chain(below)
            .enumerate()
            .find_map(|(i, line)| {
                let start = if i == 0 { key.len() } else { 0 };
                let col = line.get(start..)?.find(value)? + start;
                Some((key_line + i, col + 1))
            })
    })
}

fn date_field(
    page: &Page,
    key: &str,
    value: Option<String>,
    diagnostics: &Diagnostics,
) -> Option<chrono::NaiveDate> {
    let value = value?;
    if value.trim().is_empty() {
        return None;
    }
    let parsed = dates::parse_date(&value);
    if parsed.is_none() {
        let mut d = Diagnostic::warning(
            &page.shown,
            format!("`{key}` is not a date this tool understands: {value:?}"),
        )
        .help("write dates as YYYY-MM-DD, e.g. `2026-03-05`; the value is ignored");
        if let Some((yaml, first_line)) = &page.yaml
            && let Some((line, col)) = front_matter::key_position(yaml, key)
        {
            d = d.at(&page.text, first_line + line - 1, col);
        }
        diagnostics.push(d);
    }
    parsed
}
