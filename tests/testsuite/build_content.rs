//! What a build makes of valid content: URLs, titles, sections, Markdown features, feeds.

use crate::harness::TestSite;

fn basic_site() -> TestSite {
    TestSite::new()
        .file("handbook.yml", "title: Test Handbook\nbase_url: https://example.org/\n")
        .file("content/_index.md", "---\ntitle: Home\ndescription: The start\n---\nWelcome.\n")
        .file("content/area/_index.md", "---\ntitle: Area\nweight: 1\ndescription: An area\n---\nAbout the area.\n")
        .file("content/area/first.md", "---\ntitle: First page\nweight: 1\nupdated: 2026-10-01\ntags: [one, two]\n---\n## Part one\n\nText.\n\n### Detail\n\nMore.\n")
        .file("content/area/second.md", "---\ntitle: Second page\nweight: 2\ndate: 2026-09-01\n---\nBody.\n")
        .file("content/area/deep/nested/page.md", "# Nested title\n\nNo front matter at all.\n")
        .file("content/plain-file_name.md", "Just text, no heading.\n")
}

#[test]
fn pages_and_sections_get_pretty_urls() {
    let site = basic_site();
    let run = site.build(&[]);
    run.success();
    assert!(
        run.stdout
            .starts_with("Built 4 pages and 4 sections into public"),
        "{}",
        run.stdout
    );
    for file in [
        "index.html",
        "area/index.html",
        "area/first/index.html",
        "area/second/index.html",
        "area/deep/index.html",
        "area/deep/nested/index.html",
        "area/deep/nested/page/index.html",
        "plain-file_name/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "atom.xml",
        "assets/handbook.css",
    ] {
        assert!(site.out(file).is_file(), "missing {file}");
    }
}

#[test]
fn titles_come_from_front_matter_then_h1_then_file_name() {
    let site = basic_site();
    site.build(&[]).success();
    let nested = site.read("area/deep/nested/page/index.html");
    assert!(nested.contains("<title>Nested title"), "{nested}");
    // The H1 taken as the title is the page's one heading of level 1, the theme's.
    assert_eq!(nested.matches("<h1").count(), 1, "{nested}");
    assert!(
        nested.contains("<h1 class=\"hb-title\">Nested title</h1>"),
        "{nested}"
    );
    assert!(
        !nested.contains("<h1 id=\"nested-title\""),
        "the H1 used as title is not repeated in the body"
    );
    let plain = site.read("plain-file_name/index.html");
    assert!(plain.contains("<title>Plain file name"), "{plain}");
    let virtual_section = site.read("area/deep/index.html");
    assert!(
        virtual_section.contains("<title>Deep"),
        "a folder without _index.md is titled from its name"
    );
}

#[test]
fn sections_list_children_in_weight_order_with_descriptions() {
    let site = basic_site();
    site.build(&[]).success();
    let area = site.read("area/index.html");
    let first = area.find("First page").expect("first listed");
    let second = area.find("Second page").expect("second listed");
    assert!(first < second, "weight 1 before weight 2");
    let home = site.read("index.html");
    assert!(
        home.contains("An area"),
        "child description shown on the home page"
    );
}

#[test]
fn pages_have_toc_breadcrumbs_prev_next_and_dates() {
    let site = basic_site().file(
        "handbook.yml",
        "title: Test Handbook\nedit_url: https://gitlab.example/h/-/edit/main/{path}\n",
    );
    site.build(&[]).success();
    let first = site.read("area/first/index.html");
    assert!(
        first.contains("<h2 id=\"part-one\">Part one<a class=\"anchor\" href=\"#part-one\""),
        "{first}"
    );
    assert!(
        first.contains("href=\"#detail\""),
        "h3 in the table of contents"
    );
    assert!(
        first.contains("href=\"/area/\""),
        "breadcrumb to the section"
    );
    assert!(first.contains("href=\"/area/second/\""), "next page link");
    assert!(first.contains("1 October 2026"), "last updated date shown");
    assert!(
        first.contains("https://gitlab.example/h/-/edit/main/content/area/first.md"),
        "edit link"
    );
    assert!(
        first.contains("aria-current=\"page\""),
        "current page marked in the navigation"
    );
}

#[test]
fn front_matter_tolerates_bom_crlf_blank_lines_and_trailing_spaces() {
    let site = TestSite::new().file("content/_index.md", "---\ntitle: Home\n---\n");
    site.write_bytes(
        "content/bom.md",
        b"\xef\xbb\xbf\r\n\r\n---  \r\ntitle: With BOM\r\nweight: 3\r\n---  \r\nBody line\r\n",
    );
    site.build(&[]).success();
    let page = site.read("bom/index.html");
    assert!(page.contains("<title>With BOM"), "{page}");
    assert!(page.contains("Body line"), "{page}");
}

#[test]
fn markdown_features_render() {
    let site = TestSite::new().file(
        "content/features.md",
        "---\ntitle: Features\n---\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- [x] done\n- [ ] todo\n\n~~gone~~ \"quoted\"[^n]\n\n[^n]: A footnote.\n\n> [!TIP]\n> Try this.\n\n```yaml\nkey: value\n```\n\n## Custom {#my-id}\n",
    );
    site.build(&[]).success();
    let html = site.read("features/index.html");
    assert!(html.contains("<table>"), "table");
    assert!(html.contains("type=\"checkbox\""), "task list");
    assert!(html.contains("<del>gone</del>"), "strikethrough");
    assert!(html.contains("\u{201c}quoted\u{201d}"), "smart punctuation");
    assert!(html.contains("footnote-definition"), "footnote");
    assert!(
        html.contains("callout callout-tip"),
        "GitHub alert as callout"
    );
    assert!(
        html.contains("<span class=\""),
        "code highlighted at build time"
    );
    assert!(html.contains("copy-button"), "copy button on code");
    assert!(html.contains("id=\"my-id\""), "heading attribute id");
}

#[test]
fn drafts_are_skipped_unless_asked_for() {
    let site = TestSite::new()
        .file("handbook.yml", "base_url: https://example.org/\n")
        .file("content/draft.md", "---\ntitle: Secret\ndraft: true\n---\n")
        .file("content/live.md", "# Live\n");
    site.build(&[]).success();
    assert!(!site.out("draft/index.html").exists());
    assert!(!site.read("sitemap.xml").contains("draft"));
    site.build(&["--drafts"]).success();
    assert!(site.out("draft/index.html").is_file());
}

#[test]
fn aliases_write_redirect_pages() {
    let site = TestSite::new().file(
        "content/new.md",
        "---\ntitle: New home\naliases: [/old/place/, legacy.html]\n---\n",
    );
    site.build(&["--base-url", "https://example.org/hb/"])
        .success();
    let redirect = site.read("old/place/index.html");
    assert!(redirect.contains("/hb/new/"), "{redirect}");
    assert!(redirect.contains("http-equiv=\"refresh\""), "{redirect}");
    assert!(site.out("legacy.html").is_file());
}

#[test]
fn page_bundles_keep_their_files_beside_them() {
    let site = TestSite::new().file(
        "content/guide/index.md",
        "---\ntitle: Guide\n---\n![Diagram](diagram.png)\n",
    );
    site.write_bytes("content/guide/diagram.png", b"\x89PNG fake");
    site.build(&[]).success();
    assert!(site.out("guide/index.html").is_file());
    assert!(site.out("guide/diagram.png").is_file());
    assert!(
        site.read("guide/index.html")
            .contains("src=\"/guide/diagram.png\"")
    );
}

#[test]
fn feeds_sitemap_and_robots() {
    let site = basic_site();
    site.build(&[]).success();
    let atom = site.read("atom.xml");
    assert!(
        atom.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
        "{atom}"
    );
    let first = atom.find("First page").unwrap();
    let second = atom.find("Second page").unwrap();
    assert!(first < second, "most recently updated first");
    assert!(atom.contains("<updated>2026-10-01T00:00:00Z</updated>"));
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/area/first/</loc><lastmod>2026-10-01</lastmod>"),
        "{sitemap}"
    );
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://example.org/sitemap.xml")
    );
    let not_found = site.read("404.html");
    assert!(not_found.contains("Page not found"));
    assert!(
        not_found.contains("data-nav-url=\"/area/\""),
        "pages outside the tree still get the navigation"
    );
}

#[test]
fn a_folder_of_markdown_without_content_dir_builds() {
    let site = TestSite::new()
        .file("README.md", "# Docs\n\nSee [guide](guide.md).\n")
        .file("guide.md", "# Guide\n");
    let run = site.build(&[]);
    run.success();
    assert!(
        run.stderr.contains("has no content/ folder"),
        "{}",
        run.stderr
    );
    assert!(site.read("index.html").contains("href=\"/guide/\""));
    assert!(
        !site.out("public").exists(),
        "the output is not read as content"
    );
}

#[test]
fn theme_files_can_be_overridden_one_by_one() {
    let site = TestSite::new()
        .file("content/a.md", "# A\n")
        .file(
            "themes/default/templates/page.html",
            "<!doctype html><p class=\"custom\">{{ page.title }} on {{ site.title }}</p>",
        )
        .file("themes/default/static/assets/extra.js", "console.log(1)");
    site.build(&[]).success();
    assert_eq!(
        site.read("a/index.html"),
        "<!doctype html><p class=\"custom\">A on Handbook</p>"
    );
    assert!(
        site.read("index.html").contains("assets/handbook.css"),
        "other templates still come from the default theme"
    );
    assert!(site.out("assets/extra.js").is_file());
}

#[test]
fn static_files_are_copied() {
    let site = TestSite::new()
        .file("content/a.md", "# A\n")
        .file("static/files/policy.pdf", "%PDF");
    site.build(&[]).success();
    assert_eq!(site.read("files/policy.pdf"), "%PDF");
}

/// The sidebar's part of a built page: from the sidebar's opening tag to its end.
fn sidebar(html: &str) -> &str {
    let start = html.find("id=\"hb-sidebar\"").expect("a sidebar");
    let end = start + html[start..].find("</nav>").expect("the sidebar's end");
    &html[start..end]
}

#[test]
fn a_long_list_of_siblings_is_cut_so_a_page_does_not_grow_with_them() {
    let sizes = |pages: usize| -> (TestSite, Vec<usize>) {
        let mut site = TestSite::new().file("content/flat/_index.md", "# Flat\n");
        for i in 0..pages {
            site = site.file(
                &format!("content/flat/p{i:04}.md"),
                &format!("---\ntitle: Page {i:04}\n---\nText.\n"),
            );
        }
        site.build(&[]).success();
        let sizes = [0, pages / 2, pages - 1]
            .iter()
            .map(|i| site.read(&format!("flat/p{i:04}/index.html")).len())
            .collect();
        (site, sizes)
    };
    let (_, small) = sizes(300);
    let (site, large) = sizes(1200);
    for (a, b) in small.iter().zip(&large) {
        // Only the numbers in the "N more" entries may differ.
        assert!(
            a.abs_diff(*b) < 64,
            "a page grows with its siblings: {small:?} -> {large:?}"
        );
    }
    // The first page: the head of the list, then one entry for the rest.
    let first = site.read("flat/p0000/index.html");
    let nav = sidebar(&first);
    assert!(nav.contains("aria-current=\"page\">Page 0000<"), "{nav}");
    assert!(
        nav.contains(">Page 0039<") && !nav.contains(">Page 0040<"),
        "{nav}"
    );
    assert!(
        nav.contains("href=\"/flat/\">1160 more in Flat</a>"),
        "{nav}"
    );
    // A page far down: the head, a gap, the page with its neighbours, the rest.
    let middle = site.read("flat/p0600/index.html");
    let nav = sidebar(&middle);
    assert!(nav.contains("aria-current=\"page\">Page 0600<"), "{nav}");
    assert!(
        nav.contains(">Page 0595<") && nav.contains(">Page 0605<"),
        "{nav}"
    );
    assert!(
        !nav.contains(">Page 0594<") && !nav.contains(">Page 0606<"),
        "{nav}"
    );
    assert!(
        nav.contains(">555 more in Flat</a>") && nav.contains(">594 more in Flat</a>"),
        "{nav}"
    );
    // The section page still lists every page.
    let section = site.read("flat/index.html");
    assert!(section.contains("/flat/p0000/") && section.contains("/flat/p1199/"));
}

/// A file below the site root whose name is raw bytes (not necessarily UTF-8).
#[cfg(unix)]
fn write_raw_name(site: &TestSite, dir: &str, name: &[u8], text: &str) {
    use std::os::unix::ffi::OsStrExt;
    let dir = site.path().join(dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(std::ffi::OsStr::from_bytes(name)), text).unwrap();
}

#[cfg(unix)]
#[test]
fn files_named_with_backslashes_or_bytes_that_are_not_utf8_are_built() {
    let site = TestSite::new().file("content/fz/ok.md", "# Ok\n");
    write_raw_name(
        &site,
        "content/fz",
        b"back\\slash.md",
        "# Back\n\nBackslash page.\n",
    );
    write_raw_name(
        &site,
        "content/fz",
        b"bad\xff.md",
        "# Bad\n\nLatin-1 page.\n",
    );
    write_raw_name(&site, "content/fz", b"a\\b.png", "png");
    write_raw_name(&site, "content/fz", b"img\xfe.png", "png");
    write_raw_name(&site, "static", b"s\xfd\\t.txt", "static");
    let run = site.build(&[]);
    run.success();
    assert!(!run.stderr.contains("No such file"), "{}", run.stderr);
    // `\` and the escaped bytes become `-` in URLs and output names.
    assert!(
        site.read("fz/back-slash/index.html")
            .contains("Backslash page.")
    );
    assert!(site.read("fz/bad-xff/index.html").contains("Latin-1 page."));
    assert_eq!(site.read("fz/a-b.png"), "png");
    assert_eq!(site.read("fz/img-xfe.png"), "png");
    assert_eq!(site.read("s-xfd-t.txt"), "static");
    let section = site.read("fz/index.html");
    assert!(section.contains("href=\"/fz/back-slash/\""), "{section}");
    assert!(section.contains("href=\"/fz/bad-xff/\""), "{section}");
    site.run(&["check"]).success();
    // Messages name the real file, the bytes that are not UTF-8 written `\xNN`.
    let site = site.file("content/fz/bad-xff.md", "# Clash\n");
    site.build(&[]).failure(1).stderr_has(
        "`content/fz/bad-xff.md` and `content/fz/bad\\xff.md` both publish to the URL /fz/bad-xff/",
    );
}

/// A link that names a file as it is on disk, `\` and all, reaches the name it is published
/// under, as a link to a `.md` file reaches its page.
#[cfg(unix)]
#[test]
fn links_naming_a_file_with_a_backslash_reach_its_published_name() {
    let site = TestSite::new().file(
        "content/fz/ok.md",
        "# Ok\n\n![img](a\\b.png) [page](back\\slash.md) [abs](/fz/a\\b.png)\n",
    );
    write_raw_name(&site, "content/fz", b"back\\slash.md", "# Back\n");
    write_raw_name(&site, "content/fz", b"a\\b.png", "png");
    let run = site.build(&[]);
    run.success();
    assert!(!run.stderr.contains("broken link"), "{}", run.stderr);
    let html = site.read("fz/ok/index.html");
    assert!(html.contains("src=\"/fz/a-b.png\""), "{html}");
    assert!(html.contains("href=\"/fz/back-slash/\""), "{html}");
    assert!(html.contains("href=\"/fz/a-b.png\""), "{html}");
    site.run(&["check"]).success();
}

/// `a?.png` and `a-.png` are both written `a-.png`: an error naming both, not one file lost.
#[test]
fn files_whose_names_map_to_one_output_name_are_an_error() {
    let site = TestSite::new()
        .file("content/_index.md", "# Home\n")
        .file("content/a?.png", "one")
        .file("content/a-.png", "two")
        .file("static/x%.txt", "s1")
        .file("static/x-.txt", "s2")
        .file("content/fine?.png", "fine");
    for run in [site.build(&[]), site.run(&["check"])] {
        run.failure(1);
        let out = format!("{}{}", run.stdout, run.stderr);
        for needle in [
            "`content/a-.png` and `content/a?.png` are both published as `a-.png`",
            "`static/x%.txt` and `static/x-.txt` are both published as `x-.txt`",
            "rename one of the two files",
        ] {
            assert!(out.contains(needle), "{needle}\n{out}");
        }
        assert!(!out.contains("fine"), "{out}");
    }
}
