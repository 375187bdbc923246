//! `handbook check --external`: every external URL fetched once, concurrently but politely (a
//! limit per host), with timeouts and retries, its `#fragment` looked up in the HTML it returns,
//! and good results kept in the on-disk [`Cache`] so the next run is quick.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use super::cache::Cache;
use super::links::ExternalLink;
use crate::config::ExternalConfig;
use crate::content::Content;
use crate::diagnostic::{Diagnostic, Locating, Rule};

/// Largest page body read when looking for an anchor.
const MAX_BODY: u64 = 8 * 1024 * 1024;

/// One URL to fetch, and the fragments links to it want.
struct Target {
    url: String,
    host: String,
    fragments: BTreeSet<String>,
}

/// What fetching a URL found: `Err` with the reason it is broken, else the page's ids when
/// fragments were asked for and it is HTML.
type Fetched = Result<Option<HashSet<String>>, String>;

/// The `host[:port]` of an http(s) URL.
pub fn host_of(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    (!host.is_empty()).then_some(host)
}

/// True when `host` is a skipped host or one of its subdomains.
fn skipped(host: &str, skip: &[String]) -> bool {
    let name = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    skip.iter().any(|s| {
        let s = s.trim().to_ascii_lowercase();
        name == s || name.ends_with(&format!(".{s}")) || host.eq_ignore_ascii_case(&s)
    })
}

/// Checks the external links; the cache is read and updated.
pub fn check(
    links: &[ExternalLink],
    content: &Content,
    config: &ExternalConfig,
    cache: &mut Cache,
) -> Vec<Diagnostic> {
    let mut targets: Vec<Target> = Vec::new();
    let mut by_url: HashMap<&str, usize> = HashMap::new();
    for link in links {
        let (url, fragment) = split_fragment(&link.url);
        let Some(host) = host_of(url) else { continue };
        if skipped(host, &config.skip_hosts) {
            continue;
        }
        let i = *by_url.entry(url).or_insert_with(|| {
            targets.push(Target {
                url: url.to_owned(),
                host: host.to_ascii_lowercase(),
                fragments: BTreeSet::new(),
            });
            targets.len() - 1
        });
        if let Some(fragment) = fragment {
            targets[i].fragments.insert(fragment.to_owned());
        }
    }
    let pending: Vec<usize> = (0..targets.len())
        .filter(|&i| {
            let t = &targets[i];
            !(cache.is_fresh(&t.url)
                && t.fragments
                    .iter()
                    .all(|f| cache.is_fresh(&format!("{}#{f}", t.url))))
        })
        .collect();
    let fetched = fetch_all(&targets, &pending, config);
    let mut results: HashMap<&str, &Fetched> = HashMap::new();
    for (&i, result) in pending.iter().zip(&fetched) {
        let target = &targets[i];
        results.insert(&target.url, result);
        match result {
            Ok(ids) => {
                cache.record_ok(&target.url);
                for f in &target.fragments {
                    let key = format!("{}#{f}", target.url);
                    match ids {
                        Some(ids) if !ids.contains(f.as_str()) => cache.forget(&key),
                        _ => cache.record_ok(&key),
                    }
                }
            }
            Err(_) => cache.forget(&target.url),
        }
    }
    let mut out = Vec::new();
    let mut locating = vec![Locating::default(); content.pages.len()];
    for link in links {
        let (url, fragment) = split_fragment(&link.url);
        let Some(result) = results.get(url) else {
            continue;
        };
        let page = &content.pages[link.page];
        let d = match (result, fragment) {
            (Err(reason), _) => Diagnostic::error(&page.shown, format!("external link `{}` is broken: {reason}", link.url))
                .help("update or remove the link; add its host to `check.external.skip_hosts` if it cannot be checked from here")
                .rule(Rule::ExternalLink),
            (Ok(Some(ids)), Some(fragment)) if !ids.contains(fragment) => Diagnostic::warning(&page.shown, format!("external anchor `#{fragment}` not found on {url}"))
                .help("the page exists but has no element with that id; link to the page or a heading it still has")
                .rule(Rule::ExternalAnchor),
            _ => continue,
        };
        out.push(locating[link.page].at_offset(d, &page.text, link.offset));
    }
    out
}

fn split_fragment(url: &str) -> (&str, Option<&str>) {
    match url.split_once('#') {
        Some((url, fragment)) => (url, Some(fragment).filter(|f| !f.is_empty())),
        None => (url, None),
    }
}

/// Hosts with work waiting and how many requests each has running.
struct Queue {
    waiting: HashMap<String, VecDeque<usize>>,
    running: HashMap<String, usize>,
    left: usize,
}

/// Fetches `pending` (indexes into `targets`), at most `concurrency` at once and `per_host`
/// per host; results come back in the order of `pending`.
fn fetch_all(targets: &[Target], pending: &[usize], config: &ExternalConfig) -> Vec<Fetched> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(config.timeout_seconds.max(1))))
        .http_status_as_error(false)
        .max_redirects(10)
        .user_agent(format!("handbook-check/{}", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut waiting: HashMap<String, VecDeque<usize>> = HashMap::new();
    for (slot, &i) in pending.iter().enumerate() {
        waiting
            .entry(targets[i].host.clone())
            .or_default()
            .push_back(slot);
    }
    let queue = Mutex::new(Queue {
        waiting,
        running: HashMap::new(),
        left: pending.len(),
    });
    let wake = Condvar::new();
    let results: Mutex<Vec<Option<Fetched>>> = Mutex::new(vec![None; pending.len()]);
    let per_host = config.per_host.max(1);
    let workers = config.concurrency.clamp(1, 64).min(pending.len());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let (slot, host) = {
                        let mut q = queue.lock().unwrap_or_else(|e| e.into_inner());
                        loop {
                            if q.left == 0 {
                                return;
                            }
                            let ready = q
                                .waiting
                                .iter()
                                .find(|(h, w)| {
                                    !w.is_empty()
                                        && q.running.get(*h).copied().unwrap_or(0) < per_host
                                })
                                .map(|(h, _)| h.clone());
                            if let Some(host) = ready {
                                let slot = q.waiting.get_mut(&host).and_then(VecDeque::pop_front);
                                if let Some(slot) = slot {
                                    *q.running.entry(host.clone()).or_default() += 1;
                                    break (slot, host);
                                }
                            }
                            q = wake.wait(q).unwrap_or_else(|e| e.into_inner());
                        }
                    };
                    let target = &targets[pending[slot]];
                    let result = fetch(&agent, target, config.retries);
                    results.lock().unwrap_or_else(|e| e.into_inner())[slot] = Some(result);
                    let mut q = queue.lock().unwrap_or_else(|e| e.into_inner());
                    q.left -= 1;
                    if let Some(n) = q.running.get_mut(&host) {
                        *n -= 1;
                    }
                    wake.notify_all();
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("not checked".to_owned())))
        .collect()
}

/// One URL, tried again after a network error, a timeout, 429 or a 5xx answer.
fn fetch(agent: &ureq::Agent, target: &Target, retries: u32) -> Fetched {
    let mut last = String::new();
    for attempt in 0..=retries {
        if attempt > 0 {
            std::thread::sleep(Duration::from_millis(200 << attempt.min(4)));
        }
        match agent.get(&target.url).call() {
            Ok(mut response) => {
                let status = response.status();
                if status.is_success() {
                    if target.fragments.is_empty() {
                        return Ok(None);
                    }
                    let html = response
                        .headers()
                        .get("content-type")
                        .and_then(|v| v.to_str().ok())
                        .is_some_and(|v| v.contains("html"));
                    if !html {
                        return Ok(None);
                    }
                    let body = response
                        .body_mut()
                        .with_config()
                        .limit(MAX_BODY)
                        .read_to_string()
                        .unwrap_or_default();
                    return Ok(Some(html_ids(&body)));
                }
                last = format!("HTTP {status}");
                if !(status.is_server_error() || status.as_u16() == 429) {
                    return Err(last);
                }
            }
            Err(err) => last = err.to_string(),
        }
    }
    Err(last)
}

/// The `id` and `name` attribute values of an HTML page: the anchors a fragment can name.
fn html_ids(html: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    for attribute in ["id=", "name="] {
        let mut from = 0;
        while let Some(i) = html[from..].find(attribute) {
            let start = from + i;
            from = start + attribute.len();
            if !html[..start].ends_with(|c: char| c.is_whitespace()) {
                continue;
            }
            let rest = &html[from..];
            let value = match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
                _ => rest
                    .split(|c: char| c.is_whitespace() || c == '>')
                    .next()
                    .unwrap_or(""),
            };
            if !value.is_empty() {
                ids.insert(value.to_owned());
            }
        }
    }
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_and_skips() {
        assert_eq!(
            host_of("https://user@docs.example.org:8443/a?b#c"),
            Some("docs.example.org:8443")
        );
        assert_eq!(host_of("mailto:x@y"), None);
        let skip = vec!["example.org".to_owned()];
        assert!(skipped("docs.example.org", &skip));
        assert!(skipped("example.org:8080", &skip));
        assert!(!skipped("notexample.org", &skip));
    }

    #[test]
    fn finds_ids_in_html() {
        let ids =
            html_ids("<h2 id=\"setup\">x</h2><a name='old'></a><div data-id=\"no\" id=plain>");
        let mut ids: Vec<_> = ids.into_iter().collect();
        ids.sort();
        assert_eq!(ids, vec!["old", "plain", "setup"]);
    }
}
