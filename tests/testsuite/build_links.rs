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
