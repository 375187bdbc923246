//! Link rewriting and checking: relative `.md` links, anchors, site-absolute links, images,
//! external links, and a whole site served from a sub-path.

use std::collections::HashSet;

use crate::harness::{TestSite, urls_in};

fn linked_site() -> TestSite {
    TestSite::new()
        .file("content/_index.md", "---\ntitle: Home\n---\n[Guide](guide/intro.md) and [policy](/guide/policy/) and [feed](/atom.xml)\n")
        .file("content/guide/_index.md", "---\ntitle: Guide\n---\n[intro](intro.md#getting-started)\n")
        .file("content/guide/intro.md", "---\ntitle: Intro\n---\n## Getting started\n\n[policy](policy.md) [top](#getting-started) [ext](https://example.com/x) ![logo](img/logo.png) [up](../_index.md) [section](./)\n")
        .file("content/guide/policy.md", "# Policy\n\n[back](intro.md#getting-started) [folder link](../guide/)\n")
        .file("content/guide/img/logo.png", "png")
}

#[test]
fn relative_markdown_links_become_page_urls() {
    let site = linked_site();
    site.build(&[]).success();
    let intro = site.read("guide/intro/index.html");
    assert!(intro.contains("href=\"/guide/policy/\""), "{intro}");
    assert!(intro.contains("href=\"#getting-started\""));
    assert!(intro.contains("<a href=\"https://example.com/x\" rel=\"noopener\">ext</a>"));
    assert!(intro.contains("src=\"/guide/img/logo.png\""));
    assert!(intro.contains("href=\"/\">up</a>"));
    assert!(
        site.read("guide/policy/index.html")
            .contains("href=\"/guide/intro/#getting-started\"")
    );
}

#[test]
fn broken_links_and_anchors_fail_the_build_with_locations() {
    let site = linked_site().file("content/guide/bad.md", "# Bad\n\nSee [missing](nope.md) and\n[anchor](intro.md#nowhere) and [abs](/no/such/page/).\n");
    site.build(&[])
        .failure(1)
        .stderr_has("broken link `nope.md`")
        .stderr_has("--> content/guide/bad.md:3:5")
        .stderr_has("has no heading or id `nowhere`")
        .stderr_has("--> content/guide/bad.md:4:1")
        .stderr_has("broken link `/no/such/page/`");
}

#[test]
fn broken_links_can_be_warnings_by_config() {
    let site = linked_site()
        .file("handbook.yml", "broken_links: warning\n")
        .file("content/bad.md", "[x](nope.md)\n");
    let run = site.build(&[]);
    run.success().stderr_has("warning: broken link `nope.md`");
    let site = linked_site()
        .file("handbook.yml", "broken_links: ignore\n")
        .file("content/bad.md", "[x](nope.md)\n");
    let run = site.build(&[]);
    run.success();
    assert!(!run.stderr.contains("nope.md"), "{}", run.stderr);
}

/// Serves the output under `/handbook/` in the mind of a static host: every internal URL in
/// every page must name a file that exists.
#[test]
fn a_sub_path_build_links_only_to_files_that_exist() {
    let site = linked_site();
    site.build(&["--base-url", "https://example.org/handbook/"])
        .success();
    let out = site.path().join("public");
    let mut checked = HashSet::new();
    for entry in walkdir(&out) {
        if !entry.ends_with(".html") {
            continue;
        }
        let html = std::fs::read_to_string(&entry).unwrap();
        for url in urls_in(&html) {
            let url = url
                .split('#')
                .next()
                .unwrap()
                .split('?')
                .next()
                .unwrap()
                .to_owned();
            if url.is_empty()
                || url.starts_with("https://example.org/handbook/") && url.ends_with("atom.xml")
            {
                continue;
            }
            if url.contains("://") {
                continue;
            }
            assert!(
                url.starts_with("/handbook/"),
                "{url} in {entry} does not use the base path"
            );
            let rel = url.trim_start_matches("/handbook/");
            let file = if rel.is_empty() || rel.ends_with('/') {
                out.join(rel).join("index.html")
            } else {
                out.join(rel)
            };
            assert!(
                file.is_file(),
                "{url} (in {entry}) does not exist in the output"
            );
            checked.insert(url);
        }
    }
    assert!(
        checked.contains("/handbook/assets/handbook.css"),
        "{checked:?}"
    );
    assert!(checked.contains("/handbook/guide/policy/"), "{checked:?}");
    assert!(checked.len() > 8, "{checked:?}");
    assert!(
        site.read("sitemap.xml")
            .contains("https://example.org/handbook/guide/intro/")
    );
}

fn walkdir(dir: &std::path::Path) -> Vec<String> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walkdir(&path));
        } else {
            files.push(path.to_string_lossy().into_owned());
        }
    }
    files
}

#[test]
fn broken_links_policy_can_be_given_on_the_command_line() {
    let site = linked_site().file("content/bad.md", "[x](nope.md)\n");
    site.build(&[]).failure(1);
    site.build(&["--broken-links", "warning"])
        .success()
        .stderr_has("warning: broken link `nope.md`");
    site.build(&["--broken-links", "nonsense"]).failure(2);
}

/// The path a browser asks a static host for when it follows `url` (written below the site
/// root): cut at `?` and `#`, percent-decoded, a folder meaning its `index.html`.
fn file_a_browser_fetches(out: &std::path::Path, url: &str) -> std::path::PathBuf {
    let path = url.split(['#', '?']).next().unwrap();
    let rel = percent_decode(path.trim_start_matches('/'));
    if rel.is_empty() || rel.ends_with('/') {
        out.join(rel).join("index.html")
    } else {
        out.join(rel)
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

/// `?`, `#` and `%` mean something in a URL: files named with them are published with `-` in
/// their place, so every URL the build writes (links, images, sitemap, feed, search index,
/// redirects) reaches its file on a static host; links written with the names as on disk, or
/// percent-encoded, resolve to them.
#[test]
fn names_with_url_characters_are_published_where_every_url_reaches() {
    let site = TestSite::new()
        .file("content/_index.md", "---\ntitle: Home\n---\n[w](what?.md) [e](what%3F.md) [p](100%.md) [h](c#sharp.md) [u](c#sharp.md#usage) [s](sec#1/) ![i](img?.png) ![b](<a b%.png>)\n")
        .file("content/what?.md", "---\ntitle: What\ndate: 2026-01-05\naliases: [/old-what/]\n---\nWhat page.\n")
        .file("content/100%.md", "---\ntitle: Percent\ndate: 2026-01-06\n---\nPercent page.\n")
        .file("content/c#sharp.md", "---\ntitle: Sharp\n---\n## Usage\n\nSharp page.\n")
        // `c#sharp.md` names this file as a URL (`c.md`, anchor `sharp.md`), but the file
        // named as written wins.
        .file("content/c.md", "# C\n")
        .file("content/sec#1/_index.md", "---\ntitle: Section one\n---\n[home](../_index.md)\n")
        .file("content/sec#1/in?.md", "---\ntitle: Inside\n---\nInside.\n")
        .file("content/img?.png", "png")
        .file("content/a b%.png", "png2");
    let run = site.build(&[]);
    run.success();
    assert!(!run.stderr.contains("broken link"), "{}", run.stderr);
    assert!(site.read("what-/index.html").contains("What page."));
    assert!(site.read("100-/index.html").contains("Percent page."));
    assert!(site.read("c-sharp/index.html").contains("Sharp page."));
    assert!(site.read("sec-1/in-/index.html").contains("Inside."));
    assert_eq!(site.read("img-.png"), "png");
    assert_eq!(site.read("a b-.png"), "png2");
    let home = site.read("index.html");
    for href in [
        "/what-/",
        "/100-/",
        "/c-sharp/",
        "/c-sharp/#usage",
        "/sec-1/",
        "/img-.png",
        "/a%20b-.png",
    ] {
        assert!(
            home.contains(&format!("=\"{href}\"")),
            "{href} not in {home}"
        );
    }

    let out = site.path().join("public");
    let mut urls: Vec<(String, String)> = Vec::new();
    for file in walkdir(&out) {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        if file.ends_with(".html") || file.ends_with(".xml") {
            urls.extend(urls_in(&text).into_iter().map(|u| (u, file.clone())));
        }
        if file.ends_with(".xml") {
            for loc in text.split("<loc>").skip(1) {
                urls.push((loc.split('<').next().unwrap().to_owned(), file.clone()));
            }
        }
        if file.contains("/search/p/") {
            let records: serde_json::Value = serde_json::from_str(&text).unwrap();
            for record in records.as_array().unwrap() {
                urls.push((format!("/{}", record["u"].as_str().unwrap()), file.clone()));
            }
        }
    }
    let mut checked = HashSet::new();
    for (url, file) in urls {
        if url.contains("://") || url.starts_with('#') || url.is_empty() {
            continue;
        }
        assert!(
            file_a_browser_fetches(&out, &url).is_file(),
            "{url} (in {file}) reaches no file in the output"
        );
        checked.insert(url);
    }
    for url in [
        "/what-/",
        "/100-/",
        "/c-sharp/",
        "/sec-1/in-/",
        "/img-.png",
        "/a%20b-.png",
    ] {
        assert!(checked.contains(url), "{url} not among {checked:?}");
    }
    // The alias of `what?.md` redirects to its URL.
    assert!(site.read("old-what/index.html").contains("/what-/"));
    site.run(&["check"]).success();
}
