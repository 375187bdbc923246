//! Content health: the rules about a handbook's pages as a whole rather than a single link:
//! reviews that are overdue, approvals that are incomplete, pages nobody can find, duplicate
//! titles in a section and pages with nothing in them.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::config::Config;
use crate::content::{Page, PageId, dates, front_matter};
use crate::diagnostic::{Diagnostic, Rule};
use crate::kinds::{Status, Typed, duration};
use crate::pipeline::Prepared;

/// What the health rules read besides the prepared site.
pub struct HealthInput<'a> {
    pub prepared: &'a Prepared,
    pub config: &'a Config,
    /// Pages another page links to.
    pub linked: &'a HashSet<PageId>,
    pub today: NaiveDate,
}

/// Runs every health rule.
pub fn check(input: &HealthInput<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let content = &input.prepared.content;
    for (id, page) in content.pages.iter().enumerate() {
        let typed = input.prepared.typed[id].as_ref();
        let owners = input.prepared.history.owners(page, id);
        review(input, page, typed, &owners, &mut out);
        if let Some(Typed::Response(r)) = typed {
            approval(page, r, input.today, &mut out);
            if r.channels.is_empty() {
                out.push(at_key(
                    page,
                    "channels",
                    Diagnostic::warning(&page.shown, "this response lists no channels")
                        .help("list where the wording is used, e.g. `channels: [email, forum]` (ids from `channels:` in handbook.yml)")
                        .rule(Rule::ResponseChannels),
                ));
            }
            import_unfinished(page, &mut out);
        }
        if is_orphan(input, id) {
            out.push(
                Diagnostic::warning(&page.shown, format!("orphan page: no other page links to /{} and the navigation does not show it", page.url))
                    .help("link to it from a related page, show it in the navigation, or silence the rule for it with `check: { ignore: [orphan-page] }`")
                    .rule(Rule::OrphanPage),
            );
        }
        if is_empty(input, id) {
            out.push(
                Diagnostic::warning(&page.shown, "empty page: it has no text and no child pages")
                    .help("write the page, or remove it")
                    .rule(Rule::EmptyPage),
            );
        }
    }
    duplicate_titles(input, &mut out);
    out
}

/// A diagnostic located at a front matter key of `page` (line 1 when the key is absent).
fn at_key(page: &Page, key: &str, d: Diagnostic) -> Diagnostic {
    let Some((yaml, first)) = &page.yaml else {
        return d;
    };
    match front_matter::key_position(yaml, key) {
        Some((line, _)) => d.at(&page.text, first + line - 1, 1),
        None => d.at(&page.text, 1, 1),
    }
}

fn extra_text<'a>(page: &'a Page, key: &str) -> Option<&'a str> {
    page.front.extra.get(key).and_then(|v| v.as_str())
}

/// `review-overdue`: responses (and any page with `reviewed`) past `reviewed` + interval.
/// `owners` are the page's own `owner` and CODEOWNERS'.
fn review(
    input: &HealthInput<'_>,
    page: &Page,
    typed: Option<&Typed>,
    owners: &[String],
    out: &mut Vec<Diagnostic>,
) {
    let default_days =
        duration::parse_minutes(&input.config.responses.review_every).map_or(90, |m| m / 1440);
    let (reviewed, every) = match typed {
        Some(Typed::Response(r)) => (r.reviewed, r.review_every_days),
        Some(_) => return,
        None => {
            let Some(reviewed) = extra_text(page, "reviewed").and_then(dates::parse_date) else {
                return;
            };
            let every = extra_text(page, "review_every")
                .and_then(duration::parse_minutes)
                .map_or(default_days, |m| m / 1440);
            (Some(reviewed), every)
        }
    };
    let Some(reviewed) = reviewed else { return };
    let due = reviewed + chrono::Days::new(every);
    if input.today <= due {
        return;
    }
    let overdue = (input.today - due).num_days();
    let owner = match owners {
        [] => "no owner".to_owned(),
        [one] => format!("owner {one}"),
        many => format!("owners {}", many.join(", ")),
    };
    let message = format!(
        "review overdue by {overdue} day{}: reviewed {reviewed}, due {due} ({owner})",
        if overdue == 1 { "" } else { "s" }
    );
    out.push(at_key(
        page,
        "reviewed",
        Diagnostic::warning(&page.shown, message)
            .help("review the page, then set `reviewed:` to today's date")
            .rule(Rule::ReviewOverdue),
    ));
}

/// `approval-incomplete`: an approved response must say who approved it and when.
fn approval(
    page: &Page,
    response: &crate::kinds::Response,
    today: NaiveDate,
    out: &mut Vec<Diagnostic>,
) {
    if response.status != Status::Approved {
        return;
    }
    let missing: Vec<&str> = [
        ("`approved_by`", response.approved_by.is_none()),
        ("`reviewed`", response.reviewed.is_none()),
    ]
    .into_iter()
    .filter_map(|(name, missing)| missing.then_some(name))
    .collect();
    if missing.is_empty() {
        return;
    }
    out.push(at_key(
        page,
        "status",
        Diagnostic::warning(
            &page.shown,
            format!("approved response without {}", missing.join(" and ")),
        )
        .help(format!(
            "add who approved the wording (`approved_by: @handle`) and when (`reviewed: {today}`)"
        ))
        .rule(Rule::ApprovalIncomplete),
    ));
}

/// `import-unfinished`: each item still listed under the heading `handbook import` writes
/// ([`crate::helpdesks::response_page::TODO_HEADING`]).
fn import_unfinished(page: &Page, out: &mut Vec<Diagnostic>) {
    let mut lines = page.text.lines().enumerate();
    if !lines.any(|(_, l)| l.trim_end() == crate::helpdesks::response_page::TODO_HEADING) {
        return;
    }
    for (i, line) in lines {
        if line.starts_with('#') {
            break;
        }
        let Some(item) = line.strip_prefix("- ") else {
            continue;
        };
        out.push(
            Diagnostic::warning(&page.shown, format!("unfinished import: {item}"))
                .at(&page.text, i + 1, 3)
                .help("finish it, then delete the item (and the heading when none is left)")
                .rule(Rule::ImportUnfinished),
        );
    }
}

/// A page that no other page links to and that the navigation does not show (it or a section
/// above it is hidden with `toc_hide` and the like) can only be found by search.
fn is_orphan(input: &HealthInput<'_>, id: PageId) -> bool {
    id != 0 && !input.linked.contains(&id) && !in_navigation(&input.prepared.content, id)
}

/// True when the navigation tree reaches page `id` from the home page.
fn in_navigation(content: &crate::content::Content, id: PageId) -> bool {
    let mut current = id;
    while let Some(parent) = content.pages[current].parent {
        if !content.pages[parent].children.contains(&current) {
            return false;
        }
        current = parent;
    }
    current == 0
}

fn is_empty(input: &HealthInput<'_>, id: PageId) -> bool {
    let page = &input.prepared.content.pages[id];
    let rendered = &input.prepared.rendered[id];
    page.children.is_empty()
        && input.prepared.typed[id].is_none()
        && !page.rel_path.ends_with('/')
        && rendered.word_count == 0
        && rendered.variants.is_empty()
        && !page.body().contains('<')
}

/// `duplicate-title`: two pages of one section with the same title confuse readers and search.
fn duplicate_titles(input: &HealthInput<'_>, out: &mut Vec<Diagnostic>) {
    let content = &input.prepared.content;
    let titles = &input.prepared.titles;
    for section in &content.pages {
        let mut seen: HashMap<String, PageId> = HashMap::new();
        for &child in &section.children {
            let key = titles[child].trim().to_lowercase();
            match seen.get(&key) {
                Some(&first) => {
                    let page = &content.pages[child];
                    let other = content.pages[first].shown.display();
                    out.push(at_key(
                        page,
                        "title",
                        Diagnostic::warning(
                            &page.shown,
                            format!(
                                "duplicate title `{}`: `{other}` in the same section has it too",
                                titles[child]
                            ),
                        )
                        .help("give each page of a section its own title")
                        .rule(Rule::DuplicateTitle),
                    ));
                }
                None => {
                    seen.insert(key, child);
                }
            }
        }
    }
}
