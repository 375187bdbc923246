//! Snapshots of what the terminal shows: for a few representative problems (a broken link, a
//! front-matter error, a configuration error), the exact text `handbook build` and `handbook
//! check` print, so that a change to the wording, the excerpt or the layout of a diagnostic is
//! a visible change to this file rather than a surprise to readers. The other tests look for
//! parts of messages; these compare them whole.

use crate::harness::TestSite;

/// Asserts `actual` is `expected`, showing both in full when not.
#[track_caller]
fn assert_text(actual: &str, expected: &str) {
    assert!(
        actual == expected,
        "the output changed\n--- expected\n{expected}\n--- actual\n{actual}\n---"
    );
}

#[test]
fn a_broken_link() {
    let site = TestSite::new().file("content/a.md", "# A\n\nSee [the missing page](nope.md).\n");
    let run = site.build(&[]);
    run.failure(1);
    assert_text(
        &run.stderr,
        "\
error: broken link `nope.md`: there is no page `nope.md` in the content folder
  --> content/a.md:3:5
  |
3 | See [the missing page](nope.md).
  |     ^
  = help: fix the link, or set `broken_links: warning` in handbook.yml to build anyway

error: the build failed with 1 error; public was left unchanged
",
    );
    assert_text(&run.stdout, "");
}

#[test]
fn a_broken_link_as_check_reports_it() {
    let site = TestSite::new().file("content/a.md", "# A\n\nSee [the missing page](nope.md).\n");
    let run = site.run(&["check", "--today=2026-11-25"]);
    run.failure(1);
    assert_text(
        &run.stdout,
        "\
content/a.md
  content/a.md:3:5: error[broken-link] broken link `nope.md`: there is no page `nope.md` in the content folder
    3 | See [the missing page](nope.md).
      |     ^
    = help: fix the link, or set `check: { rules: { broken-link: warning } }` in handbook.yml to report it as a warning

Checked 2 pages: 1 error, 0 warnings, 0 info
",
    );
}

#[test]
fn a_front_matter_error() {
    let site = TestSite::new().file(
        "content/a.md",
        "---\ntitle: A\nweight: high\n---\n\nText.\n",
    );
    let run = site.build(&[]);
    run.failure(1);
    assert_text(
        &run.stderr,
        "\
error: invalid front matter: weight: wrong type: string \"high\", expected a whole number
  --> content/a.md:3:9
  |
3 | weight: high
  |         ^
  = help: `weight` sets the sort order among siblings: use a whole number, e.g. `weight: 10`

error: the build failed with 1 error; public was left unchanged
",
    );
}

#[test]
fn a_configuration_error() {
    let site = TestSite::new()
        .file("handbook.yml", "title: X\nfeed_limit: many\n")
        .file("content/a.md", "# A\n");
    let run = site.build(&[]);
    run.failure(1);
    assert_text(
        &run.stderr,
        "\
error: invalid configuration: feed_limit: wrong type: string \"many\", expected a whole number
  --> handbook.yml:2:13
  |
2 | feed_limit: many
  |             ^
  = help: the README's table of configuration keys says what each key takes

error: the build failed: the configuration has 1 error
",
    );
}
