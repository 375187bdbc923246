//! Bad input: every problem is reported with path:line:col, the line, a caret and a hint, all
//! in one run, and the build exits 1 without touching the previous output.

use crate::harness::TestSite;

fn broken_site() -> TestSite {
    TestSite::new()
        .file("content/ok.md", "# Fine\n")
        .file(
            "content/bad-yaml.md",
            "---\ntitle: A\ndescription: [unclosed\n---\n",
        )
        .file(
            "content/unterminated.md",
            "\n---\ntitle: Never closed\n\nBody\n",
        )
        .file(
            "content/wrong-type.md",
            "---\ntitle: Typed\nweight: high\n---\n",
        )
        .file(
            "content/duplicate-key.md",
            "---\ntitle: One\nslug: x\ntitle: Two\n---\n",
        )
        .file("content/clash.md", "# Clash\n")
        .file("content/clash/index.md", "# Clash bundle\n")
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let site = broken_site();
    site.write_bytes("content/latin1.md", b"---\ntitle: Caf\xe9\n---\n");
    let run = site.build(&[]);
    run.failure(1)
        .stderr_has("--> content/bad-yaml.md:3:")
        .stderr_has("error: front matter is not closed")
        .stderr_has("--> content/unterminated.md:2:1")
        .stderr_has("--> content/wrong-type.md:3:9")
        .stderr_has("3 | weight: high")
        .stderr_has("  |         ^")
        .stderr_has("`weight` sets the sort order")
        .stderr_has("warning: `title` is written more than once in the front matter; the last value is used")
        .stderr_has("--> content/duplicate-key.md:4:1")
        .stderr_has("not valid UTF-8")
        .stderr_has("--> content/latin1.md:2:11")
        .stderr_has("both publish to the URL /clash/")
        .stderr_has("the build failed with 5 errors");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = TestSite::new().file("content/a.md", "# A\n");
    site.build(&[]).success();
    let before = site.read("a/index.html");
    site.write_bytes("content/a.md", b"---\nweight: [\n---\n");
    site.build(&[]).failure(1);
    assert_eq!(site.read("a/index.html"), before);
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("handbook-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders cleaned up: {leftovers:?}"
    );
}

#[test]
fn unknown_config_key_is_located() {
    let site = TestSite::new()
        .file("handbook.yml", "title: X\nbase_ulr: https://example.org/\n")
        .file("content/a.md", "# A\n");
    site.build(&[])
        .failure(1)
        .stderr_has("unknown field `base_ulr`")
        .stderr_has("--> handbook.yml:2:1");
}

#[test]
fn unknown_template_variable_is_reported_once_with_its_location() {
    let site = TestSite::new()
        .file("content/a.md", "# A\n")
        .file("content/b.md", "# B\n")
        .file(
            "themes/default/templates/page.html",
            "<p>\n{{ page.no_such_field }}</p>",
        );
    let run = site.build(&[]);
    run.failure(1)
        .stderr_has("themes/default/templates/page.html:2:")
        .stderr_has("no_such_field");
    assert_eq!(
        run.stderr.matches("no_such_field`").count(),
        1,
        "{}",
        run.stderr
    );
}

#[test]
fn template_syntax_error_is_located() {
    let site = TestSite::new()
        .file("content/a.md", "# A\n")
        .file("themes/default/templates/page.html", "<p>{% if %}</p>");
    site.build(&[])
        .failure(1)
        .stderr_has("template syntax error")
        .stderr_has("themes/default/templates/page.html:1:");
}

#[test]
fn unparseable_dates_are_warnings_with_a_location() {
    let site = TestSite::new().file("content/a.md", "---\ntitle: A\ndate: someday soon\n---\n");
    let run = site.build(&[]);
    run.success()
        .stderr_has("warning: `date` is not a date")
        .stderr_has("--> content/a.md:3:7");
    assert!(run.stdout.contains("1 warning"), "{}", run.stdout);
}

#[test]
fn odd_but_valid_input_never_crashes() {
    let site = TestSite::new()
        .file("content/empty.md", "")
        .file("content/only-fences.md", "---\n---\n")
        .file("content/name with spaces.md", "# Spaces\n")
        .file("content/UPPER.MD", "# Upper\n")
        .file("content/list-front.md", "---\n- a\n- b\n---\n")
        .file(
            "content/deep/a/b/c/d/e.md",
            "[up](../../../../../../../x.md) [empty]() [](#)\n",
        );
    let run = site.build(&[]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.failure(1)
        .stderr_has("content/list-front.md:2:1")
        .stderr_has("points above the content folder");
    let run = site
        .file("handbook.yml", "broken_links: warning\n")
        .file("content/list-front.md", "# ok\n")
        .build(&[]);
    run.success();
}

#[test]
fn front_matter_nested_100000_deep_fails_at_once_with_a_location() {
    // serde_yaml alone took 20 to 40 seconds over the flow form before its error.
    let flow = format!("---\ntitle: Deep\na: {}\n---\nBody\n", "[".repeat(100_000));
    let block = format!(
        "---\ntitle: Deep\na:\n  {}x\n---\nBody\n",
        "- ".repeat(100_000)
    );
    let site = TestSite::new()
        .file("content/flow.md", &flow)
        .file("content/block.md", &block)
        .file("content/ok.md", "# Fine\n");
    let started = std::time::Instant::now();
    let run = site.build(&[]);
    let took = started.elapsed();
    run.failure(1)
        .stderr_has("error: invalid front matter: nested too deeply")
        // The 129th bracket: `a: ` takes three columns.
        .stderr_has("--> content/flow.md:3:132")
        .stderr_has("--> content/block.md:4:")
        .stderr_has("close the brackets")
        .stderr_has("the build failed with 2 errors");
    assert!(took.as_secs() < 10, "the build took {took:?}");
    let started = std::time::Instant::now();
    let run = site.run(&["check"]);
    let took = started.elapsed();
    run.failure(1);
    assert!(
        run.stdout.contains(
            "content/flow.md:3:132: error[build] invalid front matter: nested too deeply"
        ),
        "{}",
        run.stdout
    );
    assert!(took.as_secs() < 10, "the check took {took:?}");
}

#[test]
fn unusable_slugs_are_front_matter_errors_at_the_value_in_build_and_check() {
    let site = TestSite::new()
        .file(
            "content/_index.md",
            "[a](up.md) [b](dot.md) [c](climb.md) [d](back.md) [e](bell.md) [f](fine.md)\n",
        )
        .file("content/up.md", "---\ntitle: Up\nslug: '..'\n---\nUp.\n")
        .file("content/dot.md", "---\nslug:   \".\"\n---\nDot.\n")
        .file("content/climb.md", "---\nslug: a/../b\n---\nClimb.\n")
        .file("content/back.md", "---\nslug: 'a\\b'\n---\nBack.\n")
        .file("content/bell.md", "---\nslug: \"a\\ab\"\n---\nBell.\n")
        .file("content/fine.md", "---\nslug: fine-page\n---\nFine.\n");
    let run = site.build(&["--verbose"]);
    run.failure(1)
        .stderr_has("error: invalid front matter: `slug` cannot be `..`")
        .stderr_has("--> content/up.md:3:7")
        .stderr_has("3 | slug: '..'")
        .stderr_has("--> content/dot.md:2:9")
        .stderr_has("--> content/climb.md:2:7")
        .stderr_has("`slug` cannot contain `/`")
        .stderr_has("--> content/back.md:2:7")
        .stderr_has("`slug` cannot contain `\\`")
        .stderr_has("--> content/bell.md:2:7")
        .stderr_has("control character")
        .stderr_has("write the slug as one part of a URL")
        .stderr_has("the build failed with 5 errors");
    assert!(!run.stderr.contains("refusing"), "{}", run.stderr);
    let run = site.run(&["check", "--format", "json"]);
    run.failure(1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut slugs: Vec<(String, u64, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains("`slug` cannot"))
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    slugs.sort();
    let at = |path: &str, line, col| (format!("content/{path}"), line, col);
    assert_eq!(
        slugs,
        vec![
            at("back.md", 2, 7),
            at("bell.md", 2, 7),
            at("climb.md", 2, 7),
            at("dot.md", 2, 9),
            at("up.md", 3, 7),
        ],
        "{}",
        run.stdout
    );
}

#[test]
fn every_configuration_problem_is_reported_and_unknown_keys_alone_let_the_content_be_checked() {
    let site = TestSite::new()
        .file(
            "handbook.yml",
            "title: Site\ntitel: Typo\nfeed_limit: many\nbroken_links: warning\n",
        )
        .file("content/_index.md", "[gone](gone.md)\n")
        .file("content/a.md", "---\nweight: x\n---\nA\n")
        .file("content/b.md", "---\ndraft: maybe\n---\nB\n")
        .file("content/c.md", "---\ntitle: [\n---\nC\n");
    // A value of the wrong type: the configuration cannot be used, but both problems show.
    site.build(&[])
        .failure(1)
        .stderr_has("unknown field `titel`")
        .stderr_has("--> handbook.yml:2:1")
        .stderr_has("feed_limit: wrong type: string \"many\", expected a whole number")
        .stderr_has("--> handbook.yml:3:13")
        .stderr_has("the configuration has 2 errors");
    let run = site.run(&["check"]);
    run.failure(1);
    for needle in [
        "handbook.yml:2:1: error[config]",
        "handbook.yml:3:13: error[config]",
    ] {
        assert!(run.stdout.contains(needle), "{needle}\n{}", run.stdout);
    }
    // Unknown keys only, one of them nested: reported, and the known keys (`broken_links`)
    // used to report the content's problems in the same run.
    let site = site.file(
        "handbook.yml",
        "title: Site\ntitel: Typo\nsearch:\n  enabld: false\nbroken_links: warning\n",
    );
    let run = site.build(&[]);
    run.failure(1)
        .stderr_has("--> handbook.yml:2:1")
        .stderr_has("unknown field `enabld`")
        .stderr_has("--> handbook.yml:4:3")
        .stderr_has("--> content/a.md:2:9")
        .stderr_has("--> content/b.md:2:8")
        .stderr_has("--> content/c.md:2:8")
        .stderr_has("warning: broken link")
        .stderr_has("the build failed with 5 errors and 1 warning");
    let run = site.run(&["check"]);
    run.failure(1);
    for needle in [
        "handbook.yml:2:1: error[config]",
        "handbook.yml:4:3: error[config]",
        "content/a.md:2:9: error[build]",
        "content/b.md:2:8: error[build]",
        "content/c.md:2:8: error[build]",
        "warning[broken-link]",
    ] {
        assert!(run.stdout.contains(needle), "{needle}\n{}", run.stdout);
    }
    // Configuration problems are the `config` rule, which `check.rules` can change.
    let site = TestSite::new()
        .file(
            "handbook.yml",
            "titel: Typo
check:
  rules:
    config: warning
",
        )
        .file("content/_index.md", "# Home\n");
    let run = site.run(&["check"]);
    run.success();
    assert!(
        run.stdout.contains(
            "handbook.yml:1:1: warning[config] invalid configuration: unknown field `titel`"
        ),
        "{}",
        run.stdout
    );
}

/// The located `url`/`permalink`/alias problems of `handbook check --format json`, sorted.
fn located_in_check(site: &TestSite, needle: &str) -> Vec<(String, u64, u64)> {
    let run = site.run(&["check", "--format", "json"]);
    run.failure(1);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let mut found: Vec<(String, u64, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains(needle))
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn unusable_urls_are_front_matter_errors_at_the_value_in_build_and_check() {
    let site = TestSite::new()
        .file(
            "content/_index.md",
            "[a](back.md) [b](bell.md) [c](climb.md) [d](query.md) [e](fine.md)\n",
        )
        .file(
            "content/back.md",
            "---\ntitle: Back\nurl: /x\\y/\n---\nBack.\n",
        )
        .file(
            "content/bell.md",
            "---\npermalink: \"/ctl\\a/\"\n---\nBell.\n",
        )
        .file("content/climb.md", "---\nurl: /a/../../etc/\n---\nClimb.\n")
        .file("content/query.md", "---\nurl: /what?/\n---\nQuery.\n")
        .file(
            "content/fine.md",
            "---\nurl: /team/./old/../about/\n---\nFine.\n",
        );
    let run = site.build(&["--verbose"]);
    run.failure(1)
        .stderr_has("error: invalid front matter in `url`: the URL cannot contain `\\`")
        .stderr_has("--> content/back.md:3:6")
        .stderr_has("3 | url: /x\\y/")
        .stderr_has("error: invalid front matter in `permalink`: the URL cannot contain the control character")
        .stderr_has("--> content/bell.md:2:12")
        .stderr_has("the URL `/a/../../etc/` climbs above the site root with `..`")
        .stderr_has("--> content/climb.md:2:6")
        .stderr_has("the URL cannot contain `?`")
        .stderr_has("--> content/query.md:2:6")
        .stderr_has("until then the page keeps its file's URL")
        .stderr_has("the build failed with 4 errors");
    assert!(!run.stderr.contains("refusing"), "{}", run.stderr);
    let at = |path: &str, line, col| (format!("content/{path}"), line, col);
    assert_eq!(
        located_in_check(&site, "invalid front matter in `"),
        vec![
            at("back.md", 3, 6),
            at("bell.md", 2, 12),
            at("climb.md", 2, 6),
            at("query.md", 2, 6),
        ]
    );
    // The rest of the run went on: each page kept its file's URL, `.` and `..` are resolved.
    let site = site
        .file("content/back.md", "# Back\n")
        .file("content/bell.md", "# Bell\n")
        .file("content/climb.md", "# Climb\n")
        .file("content/query.md", "# Query\n");
    site.build(&[]).success();
    assert!(site.read("team/about/index.html").contains("Fine."));
}

#[test]
fn unusable_aliases_are_front_matter_errors_at_the_entry_and_dots_resolve() {
    let site = TestSite::new()
        .file("content/_index.md", "[a](moved.md)\n")
        .file(
            "content/moved.md",
            "---\ntitle: Moved\naliases: [/old/../../x/, /p/../q/, /sp%20ace/]\nredirect_from:\n  - /back\\slash/\n  - /r?x/\n---\nMoved.\n",
        );
    let run = site.build(&[]);
    run.failure(1)
        .stderr_has("error: invalid front matter: alias `/old/../../x/`: an alias `/old/../../x/` climbs above the site root with `..`")
        .stderr_has("--> content/moved.md:3:11")
        .stderr_has("3 | aliases: [/old/../../x/, /p/../q/, /sp%20ace/]")
        .stderr_has("an alias cannot contain `\\`")
        .stderr_has("--> content/moved.md:5:5")
        .stderr_has("an alias cannot contain `?`")
        .stderr_has("--> content/moved.md:6:5")
        .stderr_has("until then no redirect is written for it")
        .stderr_has("the build failed with 3 errors");
    assert!(!run.stderr.contains("refusing"), "{}", run.stderr);
    assert!(!run.stderr.contains("is ignored"), "{}", run.stderr);
    let at = |line, col| ("content/moved.md".to_owned(), line, col);
    assert_eq!(
        located_in_check(&site, "invalid front matter: alias"),
        vec![at(3, 11), at(5, 5), at(6, 5)]
    );
    let site = site.file(
        "content/moved.md",
        "---\ntitle: Moved\naliases: [/p/../q/, /sp%20ace/]\n---\nMoved.\n",
    );
    site.build(&[]).success();
    // `/p/../q/` is requested as `/q/` by every browser; `%20` is the host's space.
    assert!(site.read("q/index.html").contains("/moved/"));
    assert!(site.read("sp ace/index.html").contains("/moved/"));
}
