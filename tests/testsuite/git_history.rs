//! Dates, authors and owners from git and CODEOWNERS, and the review-health page: fixture
//! repositories made in the test, with commits of fixed dates and authors, a shallow clone,
//! and a CODEOWNERS file in GitHub's and in GitLab's syntax.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::harness::TestSite;

const TODAY: &str = "--today=2026-11-25";

/// Runs git in `dir`; commits get `date` and `author` as both author and committer.
#[track_caller]
pub(crate) fn git(dir: &Path, args: &[&str], date: &str, author: &str) {
    let out = Command::new("git")
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", author)
        .env("GIT_AUTHOR_EMAIL", "someone@example.org")
        .env("GIT_COMMITTER_NAME", author)
        .env("GIT_COMMITTER_EMAIL", "someone@example.org")
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Commits everything in `dir` as `author` on `date`.
#[track_caller]
pub(crate) fn commit(dir: &Path, date: &str, author: &str) {
    git(dir, &["add", "-A"], date, author);
    git(dir, &["commit", "-q", "-m", "change"], date, author);
}

const RESPONSE: &str = "type: response\nsummary: s\nchannels: [email]\n";
const CONFIG: &str = "title: Git fixture\nchannels:\n  - id: email\n    name: Email\n";

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A repository whose handbook lives in `site/`, with GitHub's CODEOWNERS at the root.
fn github_repository() -> TestSite {
    let repo = TestSite::new();
    let root = repo.path();
    git(root, &["init", "-q"], "2024-01-01T00:00:00Z", "x");
    write(
        root,
        ".github/CODEOWNERS",
        "# GitHub syntax: the last matching pattern wins\n*.md @docs\n/site/content/responses/ @community-advocacy\n",
    );
    write(root, "site/handbook.yml", CONFIG);
    write(
        root,
        "site/content/_index.md",
        "---\ntitle: Home\n---\n[g](guide.md) [d](dated.md) [o](responses/outage.md)\n",
    );
    write(
        root,
        "site/content/guide.md",
        "---\ntitle: Guide\n---\nFirst.\n",
    );
    write(
        root,
        "site/content/dated.md",
        "---\ntitle: Dated\nupdated: 2023-02-02\n---\nText.\n",
    );
    write(
        root,
        "site/content/responses/outage.md",
        &format!(
            "---\ntitle: Outage\n{RESPONSE}status: approved\nowner: \"@kim\"\napproved_by: \"@lee\"\nreviewed: 2026-01-01\nreview_every: 30d\n---\n```response\nHello.\n```\n"
        ),
    );
    commit(root, "2024-01-05T09:00:00+01:00", "Ana Lopez");
    write(
        root,
        "site/content/guide.md",
        "---\ntitle: Guide\n---\nSecond.\n",
    );
    commit(root, "2024-06-10T12:00:00Z", "Bo");
    repo
}

fn run_in(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run handbook");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[track_caller]
fn build(dir: &Path) -> String {
    let (ok, _, stderr) = run_in(dir, &["build"]);
    assert!(ok, "{stderr}");
    stderr
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join("public").join(rel))
        .unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

#[test]
fn pages_show_their_last_change_and_author_from_git_and_updated_wins() {
    let repo = github_repository();
    let site = repo.path().join("site");
    build(&site);
    let guide = read(&site, "guide/index.html");
    assert!(
        guide.contains(
            "Updated <time datetime=\"2024-06-10\">10 June 2024</time> by <span class=\"hb-author\">Bo</span>"
        ),
        "{guide}"
    );
    let dated = read(&site, "dated/index.html");
    assert!(
        dated.contains("<time datetime=\"2023-02-02\">") && !dated.contains("hb-author"),
        "front matter `updated` wins over git: {dated}"
    );
    // CODEOWNERS patterns are relative to the repository root, the site is in `site/`.
    assert!(guide.contains("Owned by <span class=\"hb-owner\">@docs</span>"));
    let outage = read(&site, "responses/outage/index.html");
    assert!(
        outage.contains("Owned by <span class=\"hb-owner\">@kim</span>, <span class=\"hb-owner\">@community-advocacy</span>"),
        "the page's own owner first, then the last matching CODEOWNERS line's: {outage}"
    );
    let json: Value = serde_json::from_str(&read(&site, "responses.json")).unwrap();
    let response = &json["responses"][0];
    assert_eq!(json["version"], 1);
    assert_eq!(
        response["owners"],
        serde_json::json!(["@kim", "@community-advocacy"])
    );
    assert_eq!(response["last_changed"], "2024-01-05");
    assert_eq!(response["last_author"], "Ana Lopez");

    let (_, stdout, stderr) = run_in(&site, &["check", "--format", "json", TODAY]);
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let page = |path: &str| {
        report["pages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["path"] == path)
            .cloned()
            .unwrap_or_else(|| panic!("no {path} in {report}"))
    };
    let guide = page("content/guide.md");
    assert_eq!(guide["last_changed"], "2024-06-10");
    assert_eq!(guide["last_author"], "Bo");
    assert_eq!(guide["first_commit"], "2024-01-05");
    assert_eq!(guide["owners"], serde_json::json!(["@docs"]));
    let outage = page("content/responses/outage.md");
    assert_eq!(outage["review_due"], "2026-01-31");
    assert_eq!(outage["days_overdue"], 298);
    let overdue = &report["health"]["overdue"][0];
    assert_eq!(overdue["path"], "content/responses/outage.md");
    assert_eq!(overdue["days"], 298);
    let message = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "review-overdue")
        .expect("review-overdue")["message"]
        .clone();
    assert!(
        message
            .as_str()
            .unwrap()
            .contains("owners @kim, @community-advocacy"),
        "{message}"
    );
}

#[test]
fn gitlab_sections_add_up_and_git_false_keeps_front_matter_dates() {
    let site = TestSite::new()
        .file("handbook.yml", CONFIG)
        .file(
            ".gitlab/CODEOWNERS",
            "[Docs]\n/content/ @docs-team\n[Advocacy][2] @community-advocacy\n/content/responses/\n^[Optional]\n/content/guide.md @nobody @docs-team\n",
        )
        .file("content/_index.md", "---\ntitle: Home\n---\n[g](guide.md) [o](responses/outage.md)\n")
        .file("content/guide.md", "---\ntitle: Guide\n---\nText.\n")
        .file(
            "content/responses/outage.md",
            &format!("---\ntitle: Outage\n{RESPONSE}status: approved\napproved_by: \"@lee\"\nreviewed: 2026-11-01\n---\n```response\nHello.\n```\n"),
        );
    git(site.path(), &["init", "-q"], "2024-01-01T00:00:00Z", "x");
    commit(site.path(), "2024-03-03T10:00:00Z", "Cy");
    build(site.path());
    let outage = read(site.path(), "responses/outage/index.html");
    assert!(
        outage.contains("Owned by <span class=\"hb-owner\">@docs-team</span>, <span class=\"hb-owner\">@community-advocacy</span>"),
        "each section's last match, added up: {outage}"
    );
    let guide = read(site.path(), "guide/index.html");
    assert!(
        guide.contains("Owned by <span class=\"hb-owner\">@docs-team</span>, <span class=\"hb-owner\">@nobody</span></p>"),
        "{guide}"
    );
    assert!(guide.contains("datetime=\"2024-03-03\""), "{guide}");

    std::fs::write(
        site.path().join("handbook.yml"),
        format!("{CONFIG}git: false\n"),
    )
    .unwrap();
    commit(site.path(), "2024-03-04T10:00:00Z", "Cy");
    build(site.path());
    let guide = read(site.path(), "guide/index.html");
    assert!(
        !guide.contains("datetime=\"2024-03-0"),
        "git: false reads no dates: {guide}"
    );
    assert!(guide.contains("@docs-team"), "CODEOWNERS still applies");
}

#[test]
fn a_shallow_clone_says_once_which_pages_fell_back_and_how_to_fix_the_job() {
    let origin = github_repository();
    let clones = tempfile::tempdir().unwrap();
    let url = format!("file://{}", origin.path().display());
    git(
        clones.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
        "2024-07-01T00:00:00Z",
        "x",
    );
    let site = clones.path().join("shallow/site");
    let stderr = build(&site);
    assert_eq!(stderr.matches("shallow git clone").count(), 1, "{stderr}");
    for needle in [
        "GIT_DEPTH: 0",
        "fetch-depth: 0",
        "content/guide.md",
        "content/responses/outage.md",
    ] {
        assert!(stderr.contains(needle), "{needle}: {stderr}");
    }
    assert!(
        !stderr.contains("content/dated.md"),
        "a page with `updated` did not fall back: {stderr}"
    );
    let guide = read(&site, "guide/index.html");
    assert!(
        !guide.contains("<time datetime="),
        "no date rather than the cut-off commit's: {guide}"
    );
    assert!(read(&site, "dated/index.html").contains("datetime=\"2023-02-02\""));
    let health = read(&site, "health/index.html");
    assert!(health.contains("shallow clone"), "{health}");
}

#[test]
fn uncommitted_edits_are_changed_now() {
    let repo = github_repository();
    let site = repo.path().join("site");
    std::fs::write(
        site.join("content/guide.md"),
        "---\ntitle: Guide\n---\nThird, not committed.\n",
    )
    .unwrap();
    build(&site);
    let guide = read(&site, "guide/index.html");
    assert!(guide.contains("Changed now"), "{guide}");
    assert!(!guide.contains("by <span class=\"hb-author\">Bo</span>"));
}

#[test]
fn the_health_page_lists_overdue_unowned_stale_and_deprecated_linked() {
    let site = TestSite::new()
        .file("handbook.yml", &format!("{CONFIG}base_url: https://example.org/\nstale_after: 400d\n"))
        .file("CODEOWNERS", "/content/responses/ @community-advocacy\n")
        .file("content/_index.md", "---\ntitle: Home\n---\n[old](responses/old.md) [n](responses/new.md) [s](stale.md) [e](esc.md) [u](responses/unsigned.md)\n")
        .file("content/stale.md", "---\ntitle: Stale page\n---\nOld text.\n")
        .file("content/fresh.md", "---\ntitle: Fresh page\nupdated: 2999-01-01\n---\n[n](responses/new.md)\n")
        .file(
            "content/responses/new.md",
            &format!("---\ntitle: New wording\n{RESPONSE}status: approved\napproved_by: \"@lee\"\nreviewed: 2020-01-01\nreview_every: 30d\n---\n```response\nHello.\n```\n"),
        )
        .file(
            "content/responses/old.md",
            &format!("---\ntitle: Old wording\n{RESPONSE}status: deprecated\nreplaced_by: new.md\n---\n```response\nHello.\n```\n"),
        )
        .file(
            "content/esc.md",
            "---\ntitle: Outage path\ntype: escalation\nwhen: w\nseverity: high\nrespond_within: 1h\nsteps:\n  - who: \"@oncall\"\n    how: page them\n---\nText.\n",
        )
        .file(
            "content/responses/unsigned.md",
            &format!("---\ntitle: Unsigned wording\n{RESPONSE}status: approved\nreviewed: 2999-01-01\n---\n```response\nHello.\n```\n"),
        );
    git(site.path(), &["init", "-q"], "2020-01-01T00:00:00Z", "x");
    commit(site.path(), "2020-02-02T10:00:00Z", "Ana");
    build(site.path());
    let health = site.read("health/index.html");
    assert!(health.contains("<meta name=\"robots\" content=\"noindex\">"));
    let section = |id: &str| {
        let start = health
            .find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("{id}"));
        let end = health[start..].find("</section>").unwrap() + start;
        health[start..end].to_owned()
    };
    let overdue = section("hb-health-overdue");
    assert!(
        overdue.contains(
            "<td>@community-advocacy</td><td><a href=\"/responses/new/\">New wording</a>"
        ),
        "{overdue}"
    );
    assert!(
        overdue.contains("<time datetime=\"2020-01-31\">"),
        "{overdue}"
    );
    let unowned = section("hb-health-unowned");
    assert!(
        unowned.contains(">Outage path</a></td><td>escalation</td><td>owner and approver</td>"),
        "{unowned}"
    );
    assert!(
        unowned.contains(">Unsigned wording</a></td><td>response</td><td>approver</td>"),
        "{unowned}"
    );
    assert!(!unowned.contains("New wording"));
    let stale = section("hb-health-stale");
    assert!(stale.contains("Not changed in 400 days"));
    assert!(
        stale.contains(">Stale page</a>") && stale.contains("2020-02-02</time> by Ana"),
        "{stale}"
    );
    assert!(!stale.contains("Fresh page"));
    let deprecated = section("hb-health-deprecated");
    assert!(
        deprecated.contains(">Old wording</a></td><td><a href=\"/\">Home</a>"),
        "{deprecated}"
    );
    let findings = section("hb-health-findings");
    assert!(findings.contains("<span class=\"hb-health-count-number\">0</span> <span class=\"hb-health-count-name\">broken links</span>"), "{findings}");
    // Left out of the navigation, the sitemap and the search index.
    assert!(!site.read("index.html").contains("/health/"));
    assert!(!site.read("sitemap.xml").contains("/health/"));
    let search = std::fs::read_dir(site.out("search"))
        .unwrap()
        .flatten()
        .any(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains("Review health")));
    assert!(!search, "the health page is not searchable");

    std::fs::write(
        site.path().join("handbook.yml"),
        format!("{CONFIG}health: false\n"),
    )
    .unwrap();
    build(site.path());
    assert!(!site.out("health/index.html").exists());
}
