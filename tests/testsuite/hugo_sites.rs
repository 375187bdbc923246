//! Real Hugo sites build unchanged (issue 13): includes found where those sites keep them, the
//! Hugo configuration read when there is no handbook.yml, and front matter read as Hugo reads
//! it. Each test is a small site with one habit of a real one.

use crate::harness::TestSite;

fn nav_has(html: &str, url: &str) -> bool {
    html.contains(&format!("data-nav-url=\"{url}\""))
}

#[test]
fn includes_are_found_where_real_sites_keep_them() {
    let page = [
        "{{% include \"beside.md\" %}}",
        "{{% include \"otel.md\" %}}",
        "{{% include \"root-includes.md\" %}}",
        "{{% include \"docs/from-content.md\" %}}",
        "{{< include \"k8s-prereq\" >}}",
        "{{% include \"at-root.md\" %}}",
        "{{% include \"includes/gitlab.md\" %}}",
        "{{% include \"snippet.txt\" %}}",
        "{{% include \"configured.md\" %}}",
    ]
    .join("\n\n");
    let site = TestSite::new()
        .file("handbook.yml", "include_dirs: [shared/snippets]\n")
        .file("content/_index.md", "---\ntitle: Home\n---\n")
        .file(
            "content/docs/guide/page.md",
            &format!("---\ntitle: Page\n---\n{page}\n"),
        )
        .file("content/docs/guide/beside.md", "BESIDE\n")
        .file(
            "content/docs/_includes/otel.md",
            "---\n---\nOTEL-UP-THE-TREE\n",
        )
        .file("content/_includes/root-includes.md", "ROOT-INCLUDES\n")
        .file("content/docs/from-content.md", "FROM-CONTENT\n")
        .file("content/includes/index.md", "---\nheadless: true\n---\n")
        .file(
            "content/includes/k8s-prereq-tasks.md",
            "KUBERNETES-BUNDLE\n",
        )
        .file("at-root.md", "SITE-ROOT\n")
        .file("assets/includes/gitlab.md", "GITLAB-ASSETS\n")
        .file("static/snippet.txt", "FROM-STATIC\n")
        .file("shared/snippets/configured.md", "INCLUDE-DIRS\n");
    let run = site.build(&[]);
    run.success();
    let html = site.read("docs/guide/page/index.html");
    for text in [
        "BESIDE",
        "OTEL-UP-THE-TREE",
        "ROOT-INCLUDES",
        "FROM-CONTENT",
        "KUBERNETES-BUNDLE",
        "SITE-ROOT",
        "GITLAB-ASSETS",
        "FROM-STATIC",
        "INCLUDE-DIRS",
    ] {
        assert!(html.contains(text), "{text} missing:\n{html}");
    }
    // What is only ever included is not published.
    assert!(!site.out("docs/_includes").exists());
    assert!(!site.out("_includes").exists());
    assert!(!site.out("includes/index.html").exists());
    assert!(!site.out("includes/k8s-prereq-tasks/index.html").exists());
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

#[test]
fn include_arguments_fill_the_placeholders_of_the_included_text() {
    let site = TestSite::new()
        .file("content/_index.md", "---\ntitle: Home\n---\n")
        .file(
            "content/docs/page.md",
            "---\ntitle: Page\n---\n{{% include \"exporters/outro.md\" `https://api.example/x` %}}\n\n{{% include keep.md vendor %}}\n\n{{% include file=\"named.md\" who=\"adopters\" %}}\n",
        )
        .file("content/docs/_includes/exporters/outro.md", "See [the API]({{ $1 }}).\n")
        .file("content/_includes/keep.md", "List your {{ $1 }}.\n{{ if $2 }}\nSECOND\n{{ end }}\n{{ if not $1 }}\nNO-FIRST\n{{ end }}\n")
        .file("content/_includes/named.md", "Dear {{$who}}.\n");
    site.build(&[]).success();
    let html = site.read("docs/page/index.html");
    assert!(html.contains("<a href=\"https://api.example/x\""), "{html}");
    assert!(html.contains("List your vendor."), "{html}");
    assert!(!html.contains("NO-FIRST"), "{html}");
    // `$2` was not given: the block stays as written, as the site's own shortcode leaves it.
    assert!(html.contains("SECOND"), "{html}");
    assert!(html.contains("Dear adopters."), "{html}");
}

#[test]
fn a_missing_include_is_a_located_warning_unless_configured_to_fail() {
    let site = TestSite::new()
        .file("content/_index.md", "---\ntitle: Home\n---\n")
        .file(
            "content/page.md",
            "---\ntitle: Page\n---\nBefore\n\n{{% include \"nowhere.md\" %}}\n\nAfter\n",
        );
    let run = site.build(&[]);
    run.success();
    run.stderr_has("warning: cannot include `nowhere.md`: no such file beside the page, in an `_includes/` folder above it");
    run.stderr_has("content/page.md:6:1");
    assert!(site.read("page/index.html").contains("After"));
    let failing = site.file("handbook.yml", "missing_includes: error\n");
    let run = failing.build(&[]);
    run.failure(1);
    run.stderr_has("error: cannot include `nowhere.md`");
}

#[test]
fn each_hugo_config_format_is_read_when_there_is_no_handbook_yml() {
    let cases = [
        (
            "hugo.toml",
            "title = 'From TOML'\nbaseURL = 'https://toml.example/docs/'\nlanguageCode = 'en-GB'\n",
        ),
        (
            "hugo.yaml",
            "title: From YAML\nbaseURL: https://yaml.example/\n",
        ),
        (
            "hugo.json",
            "{\"title\": \"From JSON\", \"baseURL\": \"https://json.example/\"}",
        ),
        ("config.toml", "title = 'From config.toml'\n"),
        (
            "config/_default/hugo.yaml",
            "title: From the config folder\n",
        ),
    ];
    for (file, text) in cases {
        let site = TestSite::new()
            .file(file, text)
            .file("content/_index.md", "---\ntitle: Home\n---\n")
            .file("content/a.md", "---\ntitle: A\n---\ntext\n");
        let run = site.build(&[]);
        run.success();
        run.stderr_has(&format!("note: read Hugo config {file}"));
        let title = text
            .split(['\'', '"', '\n'])
            .find(|s| s.starts_with("From"))
            .map(str::to_owned)
            .unwrap_or_else(|| {
                text.lines()
                    .next()
                    .unwrap()
                    .trim_start_matches("title: ")
                    .to_owned()
            });
        let html = site.read("a/index.html");
        assert!(html.contains(&title), "{file}: {title} missing");
    }
    let toml = TestSite::new()
        .file("hugo.toml", cases[0].1)
        .file("content/a.md", "---\ntitle: A\n---\n");
    toml.build(&[]).success();
    let html = toml.read("a/index.html");
    assert!(html.contains("<html lang=\"en-GB\""), "{html}");
    assert!(
        html.contains("href=\"https://toml.example/docs/a/\""),
        "{html}"
    );
}

#[test]
fn the_config_folder_merges_and_handbook_yml_wins() {
    let site = TestSite::new()
        .file("hugo.toml", "title = 'Root file'\n")
        .file(
            "config/_default/hugo.yaml",
            "title: Config folder\nbaseURL: https://example.org/\n",
        )
        .file(
            "config/_default/params.yaml",
            "github_repo: https://github.com/acme/site\ngithub_branch: main\n",
        )
        .file("content/a.md", "---\ntitle: A\n---\n");
    site.build(&[]).success();
    let html = site.read("a/index.html");
    assert!(html.contains("Config folder"), "{html}");
    assert!(
        html.contains("href=\"https://github.com/acme/site/edit/main/content/a.md\""),
        "{html}"
    );
    let site = site.file("handbook.yml", "title: Handbook wins\n");
    let run = site.build(&[]);
    run.success();
    run.stderr_has("; handbook.yml wins for title");
    assert!(site.read("a/index.html").contains("Handbook wins"));
}

#[test]
fn the_default_language_is_built_from_its_content_folder() {
    let site = TestSite::new()
        .file(
            "config/_default/hugo.yaml",
            "title: Multi\ndefaultContentLanguage: en\nlanguages:\n  en: { label: English }\n  ja: { label: 日本語 }\n",
        )
        .file("content/en/_index.md", "---\ntitle: Home\n---\n")
        .file("content/en/docs/setup.md", "---\ntitle: Setup\n---\nSee [install](/docs/install/).\n")
        .file("content/en/docs/install.md", "---\ntitle: Install\n---\n")
        .file("content/ja/docs/setup.md", "---\ntitle: セットアップ\n---\n");
    let run = site.build(&[]);
    run.success();
    run.stderr_has("note: read Hugo config config/_default/hugo.yaml: 2 languages (en from content/en/ at the root)");
    assert!(site.out("docs/setup/index.html").exists());
    assert!(!site.out("en").exists());
    let explicit = TestSite::new()
        .file("hugo.toml", "defaultContentLanguage = 'fr'\n[languages.fr]\ncontentDir = 'pages/fr'\n[languages.en]\ncontentDir = 'pages/en'\n")
        .file("pages/fr/bonjour.md", "---\ntitle: Bonjour\n---\n");
    explicit.build(&[]).success();
    assert!(explicit.out("bonjour/index.html").exists());
}

#[test]
fn permalinks_and_url_give_urls_the_way_hugo_does() {
    let site = TestSite::new()
        .file(
            "hugo.yaml",
            "permalinks:\n  blog: /:year/:month/:day/:slug/\n  news: /:section/:title/\n  notes: /n/:filename/\n",
        )
        .file("content/blog/first.md", "---\ntitle: First Post\ndate: 2024-05-03\n---\n")
        .file("content/blog/second.md", "---\ntitle: Second\nslug: two\ndate: 2024-06-10\n---\n")
        .file("content/blog/moved.md", "---\ntitle: Moved\ndate: 2024-06-10\nurl: /elsewhere/\n---\n")
        .file("content/news/item.md", "---\ntitle: Big News!\n---\n")
        .file("content/notes/2024-note.md", "---\ntitle: A note\n---\n")
        .file("content/docs/a.md", "---\ntitle: A\nslug: b\n---\n");
    let run = site.build(&[]);
    run.success();
    run.stderr_has("permalinks for blog, news, notes");
    for url in [
        "2024/05/03/first-post/index.html",
        "2024/06/10/two/index.html",
        "elsewhere/index.html",
        "news/big-news/index.html",
        "n/2024-note/index.html",
        "docs/b/index.html",
        "blog/index.html",
    ] {
        assert!(site.out(url).exists(), "{url} not written");
    }
}

#[test]
fn front_matter_keys_ignore_case_and_duplicates_keep_the_last_value() {
    let site = TestSite::new()
        .file("content/_index.md", "---\ntitle: Home\n---\n")
        .file("content/area/_index.md", "---\nTitle: Area Title\n---\n")
        .file(
            "content/area/page.md",
            "---\ntitle: Page\ndate: 2020-01-01\ndate: 2024-02-03\n---\ntext\n",
        );
    let run = site.build(&[]);
    run.success();
    run.stderr_has(
        "warning: `date` is written more than once in the front matter; the last value is used",
    );
    run.stderr_has("content/area/page.md:4:1");
    let section = site.read("area/index.html");
    assert!(section.contains("<title>Area Title"), "{section}");
    assert!(!section.contains("Index.md"), "{section}");
    assert!(site.read("area/page/index.html").contains("2024-02-03"));
}

#[test]
fn canonical_path_is_the_canonical_link_not_the_url() {
    let site = TestSite::new()
        .file("handbook.yml", "base_url: https://example.org/\n")
        .file(
            "content/a/page.md",
            "---\ntitle: A\ncanonical_path: /handbook/page/\n---\n",
        )
        .file(
            "content/b/page.md",
            "---\ntitle: B\ncanonical_path: /handbook/page/\n---\n",
        );
    site.build(&[]).success();
    let a = site.read("a/page/index.html");
    assert!(
        a.contains("<link rel=\"canonical\" href=\"https://example.org/handbook/page/\">"),
        "{a}"
    );
    assert!(site.out("b/page/index.html").exists());
}

#[test]
fn no_list_toc_hide_and_list_never_shape_navigation_as_docsy_does() {
    let site = TestSite::new()
        .file("content/_index.md", "---\ntitle: Home\n---\n")
        .file(
            "content/handbook/_index.md",
            "---\ntitle: Handbook\nno_list: true\n---\nIntro.\n",
        )
        .file("content/handbook/one.md", "---\ntitle: One\n---\n")
        .file(
            "content/handbook/hidden.md",
            "---\ntitle: Hidden\ntoc_hide: true\n---\n",
        )
        .file(
            "content/handbook/unlisted.md",
            "---\ntitle: Unlisted\nbuild: { list: never }\n---\n",
        );
    site.build(&[]).success();
    let section = site.read("handbook/index.html");
    // The section stays in the navigation with its pages; its own page lists none of them.
    assert!(
        nav_has(&section, "/handbook/") && nav_has(&section, "/handbook/one/"),
        "{section}"
    );
    assert!(!section.contains("hb-children"), "{section}");
    assert!(!section.contains("no pages yet"), "{section}");
    let one = site.read("handbook/one/index.html");
    assert!(
        !nav_has(&one, "/handbook/hidden/") && !nav_has(&one, "/handbook/unlisted/"),
        "{one}"
    );
    assert!(site.out("handbook/hidden/index.html").exists());
    assert!(site.out("handbook/unlisted/index.html").exists());
}

#[test]
fn headless_bundles_and_cascaded_build_options_keep_pages_out_but_includable() {
    let site = TestSite::new()
        .file(
            "hugo.yaml",
            "cascade:\n  - build: { render: never, list: never }\n    target: { path: '/snippets/**' }\n",
        )
        .file("content/_index.md", "---\ntitle: Home\n---\n")
        .file(
            "content/page.md",
            "---\ntitle: Page\n---\n{{% include \"headless/note.md\" %}}\n\n{{% include \"snippets/a.md\" %}}\n\n{{% include \"drafts/d.md\" %}}\n",
        )
        .file("content/headless/index.md", "---\nheadless: true\n---\n")
        .file("content/headless/note.md", "HEADLESS-NOTE\n")
        .file("content/snippets/a.md", "SNIPPET-A\n")
        .file(
            "content/drafts/_index.md",
            "---\ntitle: Drafts\ncascade:\n  build: { render: never }\n---\n",
        )
        .file("content/drafts/d.md", "CASCADED-D\n")
        .file("content/books/_index.md", "---\ntitle: Books\nbuild: { render: never, list: never }\n---\n")
        .file("content/books/book.md", "---\ntitle: Book\n---\n");
    site.build(&[]).success();
    let html = site.read("page/index.html");
    for text in ["HEADLESS-NOTE", "SNIPPET-A", "CASCADED-D"] {
        assert!(html.contains(text), "{text}: {html}");
    }
    for gone in ["headless", "snippets", "drafts", "books/index.html"] {
        assert!(!site.out(gone).exists(), "{gone} was published");
    }
    // Hugo's "publish without listing": the section's own page is not written, its pages are.
    assert!(site.out("books/book/index.html").exists());
}

#[test]
fn relative_aliases_resolve_against_the_page_url() {
    let site = TestSite::new()
        .file("content/_index.md", "---\ntitle: Home\n---\n")
        .file(
            "content/docs/concepts/libraries.md",
            "---\ntitle: Libraries\naliases: [old-name, ../instrumenting-library, /absolute/]\n---\n",
        )
        .file("content/top.md", "---\ntitle: Top\naliases: [../../above]\n---\n");
    let run = site.build(&[]);
    run.failure(1);
    run.stderr_has("alias `../../above` (relative to the page's URL /top/): an alias `/../../above` climbs above the site root");
    let site = site.file("content/top.md", "---\ntitle: Top\n---\n");
    site.build(&[]).success();
    for alias in [
        "docs/concepts/old-name/index.html",
        "docs/instrumenting-library/index.html",
        "absolute/index.html",
    ] {
        let html = site.read(alias);
        assert!(
            html.contains("/docs/concepts/libraries/"),
            "{alias}: {html}"
        );
    }
}

#[test]
fn html_content_files_with_front_matter_are_pages() {
    let site = TestSite::new()
        .file("content/_index.md", "---\ntitle: Home\n---\n")
        .file(
            "content/team/_index.html",
            "---\ntitle: Team\n---\n<div class=\"people\">\n\n    <p>Indented, not code.</p>\n</div>\n{{< note >}}\nA note.\n{{< /note >}}\n",
        )
        .file("content/team/about.html", "---\ntitle: About us\n---\n<p>About.</p>\n")
        .file("content/team/raw.html", "<p>Copied as it is.</p>\n");
    site.build(&[]).success();
    let team = site.read("team/index.html");
    assert!(team.contains("<title>Team"), "{team}");
    assert!(team.contains("    <p>Indented, not code.</p>"), "{team}");
    assert!(!team.contains("<pre><code>"), "{team}");
    assert!(team.contains("callout-note"), "{team}");
    assert!(nav_has(&team, "/team/about/"), "{team}");
    assert!(site.read("team/about/index.html").contains("<p>About.</p>"));
    assert_eq!(site.read("team/raw.html"), "<p>Copied as it is.</p>\n");
}
