//! What the terminal shows of many problems (issue 13): `handbook build` prints the first few
//! of each rule and one line per rule with its count, `--quiet` errors and the counts only,
//! `--verbose` and `handbook check` every problem; a hint names a setting only where that
//! setting applies.

use crate::harness::TestSite;

/// A site whose page links to `n` missing pages.
fn broken_links(n: usize) -> TestSite {
    let links: String = (0..n)
        .map(|i| format!("[l{i}](missing-{i}.md)\n\n"))
        .collect();
    TestSite::new().file("content/a.md", &format!("# A\n\n{links}"))
}

#[test]
fn many_warnings_are_summarised_by_rule_with_the_first_few_located() {
    let site = broken_links(40).file(
        "content/b.md",
        "# B\n\n{{< nosuch >}}\n\n{{< nosuch >}}\n\n[e]()\n",
    );
    let run = site.build(&["--broken-links", "warning"]);
    run.success();
    assert_eq!(
        run.stderr.matches("warning: broken link `").count(),
        3,
        "{}",
        run.stderr
    );
    run.stderr_has("  --> content/a.md:3:1\n")
        .stderr_has("43 problems by rule:\n")
        .stderr_has("  broken-link        40 warnings (3 shown above)\n")
        .stderr_has("  unknown shortcode  2 warnings\n")
        .stderr_has("  empty-link         1 warning\n")
        .stderr_has("run again with `--verbose`, or run `handbook check`");
    assert!(
        !run.stderr.contains("broken_links: warning"),
        "the hint names a setting already made:\n{}",
        run.stderr
    );
    run.stdout_has("43 warnings");
    assert!(run.stderr.lines().count() < 50, "{}", run.stderr);
}

#[test]
fn verbose_prints_every_problem_and_quiet_only_errors_and_counts() {
    let site = broken_links(12);
    let run = site.build(&["--broken-links", "warning", "--verbose"]);
    run.success();
    assert_eq!(run.stderr.matches("warning: broken link `").count(), 12);
    assert!(!run.stderr.contains("by rule"), "{}", run.stderr);

    let run = site.build(&["--broken-links", "warning", "--quiet"]);
    run.success();
    assert!(!run.stderr.contains("warning:"), "{}", run.stderr);
    run.stderr_has("  broken-link  12 warnings (none shown)\n");
    assert_eq!(run.stdout, "");

    let run = site.build(&["--quiet"]);
    run.failure(1);
    assert_eq!(run.stderr.matches("error: broken link `").count(), 3);
    run.stderr_has("  broken-link  12 errors (3 shown above)\n")
        .stderr_has("set `broken_links: warning` in handbook.yml to build anyway")
        .stderr_has("error: the build failed with 12 errors");
}

#[test]
fn check_keeps_the_full_list_and_names_its_own_setting() {
    let site = broken_links(12);
    let run = site.run(&["check", "--today=2026-11-25"]);
    run.failure(1);
    assert_eq!(run.stdout.matches("error[broken-link]").count(), 12);
    run.stdout_has("set `check: { rules: { broken-link: warning } }` in handbook.yml");
    assert!(!run.stdout.contains("to build anyway"), "{}", run.stdout);
    let run = site.run(&["check", "--today=2026-11-25", "--format", "json"]);
    run.failure(1);
    assert_eq!(
        run.stdout.matches("\"broken-link\"").count(),
        12,
        "{}",
        run.stdout
    );
}

#[test]
fn a_hugo_site_builds_with_its_broken_links_as_warnings_said_in_one_line() {
    let site = broken_links(5).file("hugo.toml", "title = \"Hugo site\"\n");
    let run = site.build(&[]);
    run.success();
    run.stderr_has(
        "note: 5 broken links reported as warnings: this site's configuration is Hugo's; add handbook.yml with `broken_links: error` to make them errors\n",
    );
    assert!(!run.stderr.contains("to build anyway"), "{}", run.stderr);
    // A handbook.yml says what broken links do, even one that does not name them.
    let site = site.file("handbook.yml", "title: Ours\n");
    let run = site.build(&[]);
    run.failure(1);
    assert!(!run.stderr.contains("Hugo's"), "{}", run.stderr);
    // And so does the flag.
    let site = broken_links(1).file("hugo.toml", "title = \"Hugo site\"\n");
    site.build(&["--broken-links", "error"]).failure(1);
}

/// `handbook init --from-hugo` writes the handbook.yml of what the Hugo configuration says, and
/// the site builds from it as before; it never overwrites a file.
#[test]
fn init_from_hugo_writes_the_equivalent_handbook_yml_once() {
    let site = broken_links(2).file(
        "hugo.toml",
        "title = \"Hugo site\"\nbaseURL = \"https://example.org/docs/\"\n",
    );
    let run = site.run(&["init", "--from-hugo", "."]);
    run.success()
        .stdout_has("Wrote ./handbook.yml from hugo.toml");
    let written = std::fs::read_to_string(site.path().join("handbook.yml")).unwrap();
    assert!(written.contains("title: Hugo site\n"), "{written}");
    assert!(
        written.contains("base_url: https://example.org/docs/\n"),
        "{written}"
    );
    assert!(written.contains("broken_links: warning\n"), "{written}");
    let run = site.build(&[]);
    run.success();
    assert!(!run.stderr.contains("Hugo's"), "{}", run.stderr);
    assert!(site.read("a/index.html").contains("Hugo site"));
    let run = site.run(&["init", "--from-hugo", "."]);
    run.failure(2)
        .stderr_has("refusing to write ./handbook.yml: the file exists");
    assert_eq!(
        std::fs::read_to_string(site.path().join("handbook.yml")).unwrap(),
        written
    );
    TestSite::new()
        .run(&["init", "--from-hugo", "."])
        .failure(2)
        .stderr_has("has no Hugo configuration");
}
