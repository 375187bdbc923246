//! Existing Hugo, Jekyll and MkDocs content builds unchanged: shortcodes, includes, Mermaid,
//! admonitions, emoji and the front matter habits of those generators.

use crate::harness::TestSite;

fn site_with(page: &str) -> TestSite {
    TestSite::new()
        .file("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
        .file(
            "content/other.md",
            "---\ntitle: Other\n---\n## Part two\n\ntext\n",
        )
        .file("content/page.md", page)
}

/// Builds a site with one page and returns that page's HTML.
#[track_caller]
fn built(page: &str) -> String {
    let site = site_with(page);
    site.build(&[]).success();
    site.read("page/index.html")
}

#[test]
fn alert_and_its_short_names_render_as_callouts() {
    let html = built(
        "{{< alert title=\"Careful\" color=\"warning\" >}}\nMind **this**.\n{{< /alert >}}\n\n{{< note >}}\nA note.\n{{< /note >}}\n\n{{% tip %}}\nA *tip*.\n{{% /tip %}}\n\n{{< warning >}}\nWatch out.\n{{< /warning >}}\n",
    );
    assert!(html.contains("<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Careful</p>"), "{html}");
    assert!(html.contains("<strong>this</strong>"), "{html}");
    assert!(
        html.contains(
            "<div class=\"callout callout-note\" role=\"note\"><p class=\"callout-title\">Note</p>"
        ),
        "{html}"
    );
    assert!(
        html.contains(
            "<div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">Tip</p>"
        ),
        "{html}"
    );
    assert!(html.contains("<em>tip</em>"), "{html}");
    assert!(
        html.contains(
            "callout callout-warning\" role=\"note\"><p class=\"callout-title\">Warning</p>"
        ),
        "{html}"
    );
    assert!(!html.contains("{{"), "{html}");
}

#[test]
fn details_panel_and_cards() {
    let html = built(
        "{{% details \"More\" %}}\nHidden *text*\n{{% /details %}}\n\n{{< panel title=\"Panel\" >}}\nIn a panel\n{{< /panel >}}\n\n{{< cardpane >}}\n{{< card header=\"Card A\" footer=\"Foot\" >}}\nBody A\n{{< /card >}}\n{{< /cardpane >}}\n",
    );
    assert!(
        html.contains("<details class=\"shortcode-details\"><summary>More</summary>"),
        "{html}"
    );
    assert!(html.contains("<em>text</em>"), "{html}");
    assert!(
        html.contains(
            "<section class=\"shortcode-panel\"><p class=\"shortcode-panel-title\">Panel</p>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<div class=\"shortcode-cardpane\">"),
        "{html}"
    );
    assert!(
        html.contains("<p class=\"shortcode-card-header\">Card A</p>"),
        "{html}"
    );
    assert!(
        html.contains("<p class=\"shortcode-card-footer\">Foot</p>"),
        "{html}"
    );
}

#[test]
fn tabs_nest_tab_panes() {
    let html = built(
        "{{< tabs >}}\n{{% tab \"One\" %}}\nFirst **pane**\n{{% /tab %}}\n{{% tab name=\"Two\" %}}\nSecond pane\n{{% /tab %}}\n{{< /tabs >}}\n",
    );
    let tabs = html.find("<div class=\"shortcode-tabs\"").expect("tabs");
    let one = html
        .find("<p class=\"shortcode-tab-title\">One</p>")
        .expect("tab one");
    let two = html
        .find("<p class=\"shortcode-tab-title\">Two</p>")
        .expect("tab two");
    assert!(tabs < one && one < two, "{html}");
    assert!(html.contains("<strong>pane</strong>"), "{html}");
    assert!(html.contains("assets/shortcodes.js"), "{html}");
}

#[test]
fn videos_are_links_until_clicked() {
    let html =
        built("{{< youtube w7Ft2ymGmfc >}}\n\n{{< vimeo id=\"55073825\" title=\"Intro\" >}}\n");
    assert!(
        html.contains("href=\"https://www.youtube.com/watch?v=w7Ft2ymGmfc\""),
        "{html}"
    );
    assert!(
        html.contains(
            "data-embed=\"https://www.youtube-nocookie.com/embed/w7Ft2ymGmfc?autoplay=1\""
        ),
        "{html}"
    );
    assert!(
        html.contains("href=\"https://vimeo.com/55073825\""),
        "{html}"
    );
    assert!(html.contains("Intro"), "{html}");
    assert!(
        !html.contains("<iframe"),
        "no third-party frame before a click: {html}"
    );
}

#[test]
fn figure_renders_image_and_caption() {
    let html =
        built("{{< figure src=\"/img/team.png\" alt=\"The team\" caption=\"All of us\" >}}\n");
    assert!(
        html.contains(
            "<figure class=\"shortcode-figure\"><img src=\"/img/team.png\" alt=\"The team\""
        ),
        "{html}"
    );
    assert!(
        html.contains("<figcaption>All of us</figcaption>"),
        "{html}"
    );
}

#[test]
fn include_inserts_markdown_relative_to_page_or_root() {
    let site =
        site_with("Before\n\n{{< include \"snippets/common.md\" >}}\n\n{% include_relative x %}\n")
            .file(
                "content/snippets/common.md",
                "---\ntitle: Snippet\n---\nShared **text** with [a link](/other/).\n",
            )
            .file("shared/footer.md", "Footer from the root.\n")
            .file(
                "content/second.md",
                "{{% include \"/shared/footer.md\" %}}\n",
            );
    let run = site.build(&[]);
    run.success();
    let html = site.read("page/index.html");
    assert!(
        html.contains("Shared <strong>text</strong> with <a href=\"/other/\">a link</a>"),
        "{html}"
    );
    assert!(
        site.read("second/index.html")
            .contains("Footer from the root.")
    );
    run.stderr_has("Liquid/Jekyll template tags");
}

#[test]
fn include_cycles_are_errors() {
    let site = site_with("{{< include \"a.md\" >}}\n")
        .file("content/a.md", "A {{< include \"b.md\" >}}\n")
        .file("content/b.md", "B {{< include \"a.md\" >}}\n");
    let run = site.build(&[]);
    run.failure(1);
    run.stderr_has("include cycle");
    run.stderr_has("content/page.md:1:1");
}

#[test]
fn ref_and_relref_are_checked_like_links() {
    let site = site_with(
        "See [other]({{< ref \"other.md\" >}}), [part]({{< relref \"other.md#part-two\" >}}) and [gone]({{< ref \"missing.md\" >}}).\n",
    );
    let run = site.build(&[]);
    run.failure(1);
    run.stderr_has("broken link `missing.md`");
    run.stderr_has("content/page.md:1:");
    let site = site_with(
        "See [other]({{< ref \"other.md\" >}}) and [part]({{< relref \"/other#part-two\" >}}).\n",
    );
    site.build(&[]).success();
    let html = site.read("page/index.html");
    assert!(html.contains("<a href=\"/other/\">other</a>"), "{html}");
    assert!(
        html.contains("<a href=\"/other/#part-two\">part</a>"),
        "{html}"
    );
    let site = site_with("<a href=\"{{< ref \"other.md\" >}}\">raw</a>\n")
        .file("handbook.yml", "base_url: https://example.org/docs/\n");
    site.build(&[]).success();
    let html = site.read("page/index.html");
    assert!(html.contains("<a href=\"/docs/other/\">raw</a>"), "{html}");
}

#[test]
fn unknown_shortcodes_warn_and_show_readers_their_inner_content_only() {
    let site = site_with(
        "Text\n\n{{< button href=\"/x\" >}}Go{{< /button >}} and {{< legacy-img src=\"a.png\" >}}\n",
    );
    let run = site.build(&[]);
    run.success();
    run.stderr_has("unknown shortcode `button`");
    run.stderr_has("content/page.md:3:1");
    run.stderr_has("unknown shortcode `legacy-img`");
    run.stderr_has("meanwhile the site shows the call's inner content, or nothing");
    let html = site.read("page/index.html");
    assert!(!html.contains("shortcode-unknown"), "{html}");
    assert!(!html.contains("{{&lt;"), "{html}");
    assert!(html.contains("<p>Go and</p>"), "{html}");
}

#[test]
fn unknown_shortcodes_fail_the_build_only_when_configured_to() {
    let site = site_with("{{< button >}}\n").file("handbook.yml", "unknown_shortcodes: error\n");
    site.build(&[])
        .failure(1)
        .stderr_has("error: unknown shortcode `button`");
    let site = site_with("{{< button >}}\n").file("handbook.yml", "unknown_shortcodes: ignore\n");
    let run = site.build(&[]);
    run.success();
    assert!(!run.stderr.contains("unknown shortcode"), "{}", run.stderr);
    assert!(!site.read("page/index.html").contains("shortcode-unknown"));
}

#[test]
fn malformed_shortcodes_are_located_warnings() {
    let site = site_with("Line one\n\nSay {{< note title=\"open >}} here\n");
    let run = site.build(&[]);
    run.success();
    run.stderr_has("malformed shortcode: quoted argument is never closed");
    run.stderr_has("content/page.md:3:");
}

#[test]
fn shortcodes_in_code_are_left_alone() {
    let html = built(
        "Use `{{< note >}}` like this:\n\n```markdown\n{{< note >}}\nText\n{{< /note >}}\n```\n\n    {{< tip >}}\n",
    );
    assert!(html.contains("<code>{{&lt; note &gt;}}</code>"), "{html}");
    assert!(!html.contains("callout-note"), "{html}");
    assert!(!html.contains("callout-tip"), "{html}");
}

#[test]
fn escaped_shortcodes_are_shown_as_written() {
    let html = built("Write {{</* note */>}} to get a note.\n");
    assert!(
        html.contains("Write {{&lt; note &gt;}} to get a note."),
        "{html}"
    );
}

#[test]
fn a_site_shortcode_overrides_the_default_and_adds_new_ones() {
    let site = site_with("{{< note >}}\nInner\n{{< /note >}}\n\n{{< button href=\"/go/\" >}}\n")
        .file(
            "themes/default/templates/shortcodes/note.html",
            "<aside class=\"my-note\">{{ inner | safe }}</aside>",
        )
        .file(
            "themes/default/templates/shortcodes/button.html",
            "<a class=\"btn\" href=\"{{ href }}\">{{ params.href }}</a>",
        );
    let run = site.build(&[]);
    run.success();
    assert!(!run.stderr.contains("unknown shortcode"), "{}", run.stderr);
    let html = site.read("page/index.html");
    assert!(html.contains("<aside class=\"my-note\">"), "{html}");
    assert!(html.contains("<p>Inner</p>"), "{html}");
    assert!(!html.contains("callout-note"), "{html}");
    assert!(
        html.contains("<a class=\"btn\" href=\"/go/\">/go/</a>"),
        "{html}"
    );
}

#[test]
fn mermaid_pages_load_the_diagram_library_and_others_do_not() {
    let site = site_with("```mermaid\ngraph TD; A-->B;\n```\n");
    site.build(&[]).success();
    let html = site.read("page/index.html");
    assert!(html.contains("<div class=\"mermaid-diagram\"><pre class=\"mermaid-source\"><code>graph TD; A--&gt;B;</code></pre></div>"), "{html}");
    assert!(
        html.contains("assets/vendor/mermaid/mermaid.min.js"),
        "{html}"
    );
    assert!(html.contains("assets/diagrams.js"), "{html}");
    let other = site.read("other/index.html");
    assert!(!other.contains("mermaid"), "{other}");
    assert!(site.out("assets/vendor/mermaid/mermaid.min.js").is_file());
    assert!(site.out("assets/vendor/mermaid/LICENSE").is_file());
}

#[test]
fn mkdocs_admonitions_render_as_callouts() {
    let html = built(
        "Intro\n\n!!! warning \"Mind the gap\"\n    Body with [a link](other.md).\n\n    Second paragraph.\n\n???+ note\n    Open by default.\n\nAfter.\n",
    );
    assert!(html.contains("<div class=\"callout callout-warning admonition-warning\" role=\"note\"><p class=\"callout-title\">Mind the gap</p>"), "{html}");
    assert!(html.contains("<a href=\"/other/\">a link</a>"), "{html}");
    assert!(html.contains("<p>Second paragraph.</p>"), "{html}");
    assert!(html.contains("<details class=\"callout callout-note admonition-note\" open role=\"note\"><summary class=\"callout-title\">Note</summary>"), "{html}");
    assert!(
        !html.contains("<pre"),
        "the indented body is not code: {html}"
    );
}

#[test]
fn broken_links_inside_admonitions_point_at_the_source_line() {
    let site = site_with("Intro\n\n!!! note\n    See [gone](missing.md).\n");
    let run = site.build(&[]);
    run.failure(1);
    run.stderr_has("content/page.md:4:9");
}

#[test]
fn emoji_shortcodes_become_emoji_outside_code() {
    let html = built("Done :white_check_mark: and :tada:, but `:x:` and 10:30:00 stay.\n");
    assert!(
        html.contains("Done ✅ and 🎉, but <code>:x:</code> and 10:30:00 stay."),
        "{html}"
    );
}

#[test]
fn kramdown_attribute_lists_are_dropped() {
    let html = built("Join [Failure Friday](https://example.org){:target=\"_blank\"} (FF).\n");
    assert!(html.contains("Failure Friday</a> (FF)."), "{html}");
}

#[test]
fn details_with_markdown_summary_keep_working() {
    let html = built(
        "<details>\n<summary markdown=\"span\">Show more</summary>\n\nHidden **content**.\n\n</details>\n",
    );
    assert!(
        html.contains("<summary markdown=\"span\">Show more</summary>"),
        "{html}"
    );
    assert!(html.contains("<strong>content</strong>"), "{html}");
    assert!(html.contains("</details>"), "{html}");
}

#[test]
fn heading_ids_and_all_link_styles_resolve_to_the_same_page() {
    let site = TestSite::new()
        .file("content/_index.md", "Home\n")
        .file(
            "content/section/foo.md",
            "## Custom heading {#my-id}\n\ntext\n",
        )
        .file(
            "content/section/bar.md",
            "[a](foo.md) [b](../foo/) [c](/section/foo/) [d](foo.md#my-id) [e](../other/guide/)\n",
        )
        .file("content/other/guide/index.md", "# Guide bundle\n");
    site.build(&[]).success();
    let foo = site.read("section/foo/index.html");
    assert!(foo.contains("<h2 id=\"my-id\">"), "{foo}");
    let bar = site.read("section/bar/index.html");
    for (text, href) in [
        ("a", "/section/foo/"),
        ("b", "/section/foo/"),
        ("c", "/section/foo/"),
        ("d", "/section/foo/#my-id"),
        ("e", "/other/guide/"),
    ] {
        assert!(
            bar.contains(&format!("<a href=\"{href}\">{text}</a>")),
            "{bar}"
        );
    }
}

#[test]
fn site_absolute_links_of_a_nested_site_resolve_inside_it() {
    let site = TestSite::new()
        .file("content/_index.md", "Home\n")
        .file("content/community/communication/moderation.md", "# Moderation\n")
        .file("content/community/guide/start.md", "[m](/communication/moderation.md) [n](/communication/moderation/) [gone](/nowhere.md)\n");
    let run = site.build(&[]);
    run.failure(1);
    run.stderr_has("broken link `/nowhere.md`");
    assert!(
        !run.stderr.contains("`/communication/moderation"),
        "{}",
        run.stderr
    );
    let site = TestSite::new()
        .file("content/_index.md", "Home\n")
        .file(
            "content/community/communication/moderation.md",
            "# Moderation\n",
        )
        .file(
            "content/community/guide/start.md",
            "[m](/communication/moderation.md)\n",
        );
    site.build(&[]).success();
    let html = site.read("community/guide/start/index.html");
    assert!(
        html.contains("<a href=\"/community/communication/moderation/\">m</a>"),
        "{html}"
    );
}

#[test]
fn redirect_from_and_aliases_both_redirect() {
    let site = site_with(
        "---\ntitle: Page\nredirect_from:\n  - /old-page/\naliases: [/older/]\n---\nBody\n",
    );
    site.build(&[]).success();
    assert!(site.read("old-page/index.html").contains("/page/"));
    assert!(site.read("older/index.html").contains("/page/"));
}

#[test]
fn url_and_permalink_set_the_url_and_canonical_path_only_the_canonical_link() {
    let site = TestSite::new()
        .file("content/_index.md", "Home\n")
        .file("content/a.md", "---\nurl: /team/alpha/\n---\nA\n")
        .file("content/b.md", "---\npermalink: /about.html\n---\nB\n")
        .file(
            "content/c.md",
            "---\ncanonical_path: /gamma/\n---\nC [a](a.md)\n",
        );
    site.build(&[]).success();
    assert!(site.read("team/alpha/index.html").contains("<p>A</p>"));
    assert!(site.read("about/index.html").contains("<p>B</p>"));
    assert!(
        site.read("about.html").contains("/about/"),
        "the old .html address redirects"
    );
    // Hugo sites (GitLab's handbook) give `canonical_path` to pages at other URLs.
    let c = site.read("c/index.html");
    assert!(c.contains("<a href=\"/team/alpha/\">a</a>"), "{c}");
    assert!(!site.out("gamma").exists());
}

#[test]
fn hiding_flags_leave_pages_out_of_navigation_and_listings() {
    let site = TestSite::new()
        .file("content/_index.md", "Home\n")
        .file("content/area/_index.md", "---\ntitle: Area\n---\n")
        .file("content/area/shown.md", "---\ntitle: Shown page\n---\nx\n")
        .file(
            "content/area/hidden.md",
            "---\ntitle: Secret page\ntoc_hide: true\n---\nx\n",
        )
        .file(
            "content/area/unlisted.md",
            "---\ntitle: Unlisted page\nnav_exclude: true\n---\nx\n",
        )
        .file(
            "content/area/no-list.md",
            "---\ntitle: Listed page\nno_list: true\n---\nx\n",
        );
    site.build(&[]).success();
    let area = site.read("area/index.html");
    assert!(area.contains("Shown page"), "{area}");
    assert!(!area.contains("Secret page"), "{area}");
    assert!(!area.contains("Unlisted page"), "{area}");
    // `no_list` only turns off the list of a section's child pages (see hugo_sites.rs).
    assert!(area.contains("Listed page"), "{area}");
    assert!(
        site.read("area/hidden/index.html").contains("Secret page"),
        "still published"
    );
}

#[test]
fn link_title_is_the_navigation_label() {
    let site = TestSite::new()
        .file("content/_index.md", "Home\n")
        .file("content/area/_index.md", "---\ntitle: Area\n---\n")
        .file(
            "content/area/long.md",
            "---\ntitle: A very long page title for the page header\nlinkTitle: Short\n---\nx\n",
        );
    site.build(&[]).success();
    let html = site.read("area/long/index.html");
    assert!(html.contains(">Short<"), "{html}");
    assert!(
        html.contains("A very long page title for the page header"),
        "{html}"
    );
}

#[test]
fn future_publish_date_and_past_expiry_keep_pages_out_unless_drafts() {
    let site = TestSite::new()
        .file("content/_index.md", "Home\n")
        .file(
            "content/future.md",
            "---\npublishDate: 2999-01-01\n---\nLater\n",
        )
        .file(
            "content/expired.md",
            "---\nexpirydate: 2000-01-01\n---\nGone\n",
        )
        .file(
            "content/current.md",
            "---\npublishDate: 2000-01-01\nexpirydate: 2999-01-01\n---\nNow\n",
        );
    site.build(&[]).success();
    assert!(!site.out("future/index.html").exists());
    assert!(!site.out("expired/index.html").exists());
    assert!(site.out("current/index.html").exists());
    site.build(&["--drafts"]).success();
    assert!(site.out("future/index.html").exists());
    assert!(site.out("expired/index.html").exists());
}

#[test]
fn typed_pages_accept_the_habit_fields() {
    let site = site_with(
        "---\ntitle: Reply\ntype: guideline\napplies_to: [x]\nlinkTitle: Reply\ntoc_hide: false\nredirect_from: [/r/]\n---\nBody\n",
    )
    .file("handbook.yml", "channels:\n  - id: x\n    name: X\n");
    let run = site.build(&[]);
    run.success();
    assert!(!run.stderr.contains("unknown field"), "{}", run.stderr);
}

#[test]
fn figure_paths_resolve_like_links_under_a_sub_path() {
    let site = crate::harness::TestSite::new()
        .file("content/area/page.md", "---\ntitle: Page\n---\n{{< figure src=\"diagram.png\" caption=\"Flow\" link=\"other.md\" >}}\n\n{{< figure \"/img/team.png\" >}}\n")
        .file("content/area/other.md", "# Other\n")
        .file("content/area/diagram.png", "png")
        .file("static/img/team.png", "png");
    site.build(&["--base-url", "/hb/"]).success();
    let html = site.read("area/page/index.html");
    assert!(
        html.contains("<a href=\"/hb/area/other/\"><img src=\"/hb/area/diagram.png\""),
        "{html}"
    );
    assert!(html.contains("<img src=\"/hb/img/team.png\""), "{html}");
}
