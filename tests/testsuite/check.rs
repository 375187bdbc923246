//! `handbook check`: a fixture site with one instance of every problem, each diagnostic's rule,
//! location and message, the exit codes, every output format, and external links checked
//! against local servers only.

use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::Value;

use crate::harness::TestSite;

const TODAY: &str = "--today=2026-11-25";

const RESPONSE_HEAD: &str = "type: response\nsummary: s\nchannels: [email]\n";

/// A site with one instance of every problem `check` finds (external links aside).
fn problem_site() -> TestSite {
    TestSite::new()
        .file("handbook.yml", "title: Check fixture\nchannels:\n  - id: email\n    name: Email\ncheck:\n  rules:\n    empty-lnk: off\n")
        .file("content/_index.md", "---\ntitle: Home\n---\n[a](guide/dup-a.md) [b](guide/dup-b.md) [e](guide/empty.md) [i](guide/intro.md) [bad](guide/bad.md)\n[s](responses/stale.md) [u](responses/unsigned.md) [o](responses/old.md) [q](responses/quiet.md)\n")
        .file("content/guide/_index.md", "---\ntitle: Guide\n---\nThe guide.\n")
        .file("content/guide/other.md", "---\ntitle: Other\n---\n## Real heading\n\nText.\n")
        .file(
            "content/guide/intro.md",
            "---\ntitle: Intro\n---\n[missing](missing.md)\n[anchor](other.md#nope)\n[case](Other.md)\n[empty]()\n<a href=\"/nowhere/\">raw</a>\n[ref][r]\n![diagram](missing.png)\n![](pic.png)\n\n## Start\n\n#### Deep\n\n[r]: gone.md\n",
        )
        .file("content/guide/pic.png", "png")
        .file("content/guide/empty.md", "---\ntitle: Empty\n---\n")
        .file("content/guide/dup-a.md", "---\ntitle: Same\n---\nA.\n")
        .file("content/guide/dup-b.md", "---\ntitle: Same\n---\nB.\n")
        .file("content/guide/bad.md", "---\ntitle: Bad\nweight: high\n---\nText.\n")
        .file("content/guide/lonely.md", "---\ntitle: Lonely\ntoc_hide: true\n---\nNobody links here and the navigation hides it.\n")
        .file("content/guide/hidden.md", "---\ntitle: Hidden\ntoc_hide: true\ncheck:\n  ignore: [orphan-page, no-such-rule]\n---\nSilenced.\n")
        .file("content/responses/stale.md", &format!("---\ntitle: Stale\n{RESPONSE_HEAD}status: approved\nowner: \"@kim\"\napproved_by: \"@lee\"\nreviewed: 2026-01-01\nreview_every: 30d\n---\n```response\nHello.\n```\n"))
        .file("content/responses/unsigned.md", &format!("---\ntitle: Unsigned\n{RESPONSE_HEAD}status: approved\nreviewed: 2026-11-01\n---\n```response\nHello.\n```\n"))
        .file("content/responses/old.md", &format!("---\ntitle: Old\n{RESPONSE_HEAD}status: deprecated\nreplaced_by: gone.md\n---\n```response\nHello.\n```\n"))
        .file("content/responses/quiet.md", &format!("---\ntitle: Quiet\n{RESPONSE_HEAD}status: approved\napproved_by: \"@lee\"\nreviewed: 2020-01-01\ncheck:\n  ignore: [review-overdue]\n---\n```response\nHello.\n```\n"))
}

fn json_report(site: &TestSite, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "--format", "json", TODAY];
    args.extend_from_slice(extra);
    let run = site.run(&args);
    let report = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\n{}", run.stdout, run.stderr));
    (run.code, report)
}

/// `(rule, path, line, col, message)` of every diagnostic.
fn found(report: &Value) -> Vec<(String, String, u64, u64, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_owned(),
                d["path"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[track_caller]
fn expect(
    all: &[(String, String, u64, u64, String)],
    rule: &str,
    path: &str,
    at: (u64, u64),
    message: &str,
) {
    assert!(
        all.iter()
            .any(|(r, p, l, c, m)| r == rule && p == path && (*l, *c) == at && m.contains(message)),
        "no {rule} at {path}:{}:{} with {message:?} in\n{all:#?}",
        at.0,
        at.1
    );
}

#[test]
fn every_problem_is_reported_with_rule_location_and_message() {
    let site = problem_site();
    let (code, report) = json_report(&site, &[]);
    assert_eq!(code, 1);
    let all = found(&report);
    let intro = "content/guide/intro.md";
    expect(
        &all,
        "broken-link",
        intro,
        (4, 1),
        "broken link `missing.md`: there is no page `guide/missing.md`",
    );
    expect(
        &all,
        "broken-anchor",
        intro,
        (5, 1),
        "broken link `other.md#nope`: `content/guide/other.md` has no heading or id `nope`",
    );
    expect(
        &all,
        "link-case",
        intro,
        (6, 1),
        "link `Other.md` differs in letter case from `guide/other.md`",
    );
    expect(
        &all,
        "empty-link",
        intro,
        (7, 1),
        "link with no destination",
    );
    expect(
        &all,
        "broken-link",
        intro,
        (8, 10),
        "broken link `/nowhere/`: no page or file is published at `/nowhere/`",
    );
    expect(&all, "broken-link", intro, (9, 1), "broken link `gone.md`");
    expect(
        &all,
        "broken-link",
        intro,
        (10, 1),
        "broken link `missing.png`",
    );
    expect(&all, "image-alt", intro, (11, 1), "image without alt text");
    expect(
        &all,
        "heading-skip",
        intro,
        (15, 1),
        "heading skips a level: h4 after h2",
    );
    expect(&all, "build", "content/guide/bad.md", (3, 9), "weight");
    expect(
        &all,
        "empty-page",
        "content/guide/empty.md",
        (0, 0),
        "empty page",
    );
    expect(
        &all,
        "duplicate-title",
        "content/guide/dup-b.md",
        (2, 1),
        "duplicate title `Same`: `content/guide/dup-a.md` in the same section has it too",
    );
    expect(
        &all,
        "orphan-page",
        "content/guide/lonely.md",
        (0, 0),
        "orphan page: no other page links to /guide/lonely/ and the navigation does not show it",
    );
    expect(
        &all,
        "review-overdue",
        "content/responses/stale.md",
        (9, 1),
        "review overdue by 298 days: reviewed 2026-01-01, due 2026-01-31 (owner @kim)",
    );
    expect(
        &all,
        "approval-incomplete",
        "content/responses/unsigned.md",
        (6, 1),
        "approved response without `approved_by`",
    );
    expect(
        &all,
        "broken-link",
        "content/responses/old.md",
        (7, 14),
        "`replaced_by` refers to `gone.md`, which is not a page of this site",
    );
    expect(
        &all,
        "unknown-rule",
        "handbook.yml",
        (0, 0),
        "`check.rules` names an unknown rule `empty-lnk`",
    );
    expect(
        &all,
        "unknown-rule",
        "content/guide/hidden.md",
        (0, 0),
        "unknown rule `no-such-rule`",
    );
    // Silenced in front matter, on an ordinary page and on a typed one.
    assert!(
        !all.iter()
            .any(|d| d.1.ends_with("hidden.md") && d.0 == "orphan-page"),
        "{all:#?}"
    );
    assert!(!all.iter().any(|d| d.1.ends_with("quiet.md")), "{all:#?}");
    assert_eq!(all.len(), 18, "{all:#?}");
    let summary = &report["summary"];
    assert_eq!(
        (
            summary["errors"].as_u64(),
            summary["warnings"].as_u64(),
            summary["infos"].as_u64()
        ),
        (Some(8), Some(9), Some(1)),
        "{summary}"
    );
    assert_eq!(report["version"], 1);
    assert!(
        !site.path().join("public").exists(),
        "check must not write the site"
    );
}

#[test]
fn severities_are_configurable_per_rule() {
    let site = problem_site().file(
        "handbook.yml",
        "title: T\nchannels:\n  - id: email\n    name: Email\ncheck:\n  rules:\n    orphan-page: off\n    heading-skip: error\n    broken-link: warning\n",
    );
    let (_, report) = json_report(&site, &[]);
    let all = report["diagnostics"].as_array().unwrap();
    assert!(!all.iter().any(|d| d["rule"] == "orphan-page"));
    assert!(
        all.iter()
            .filter(|d| d["rule"] == "heading-skip")
            .all(|d| d["severity"] == "error")
    );
    assert!(
        all.iter()
            .filter(|d| d["rule"] == "broken-link")
            .all(|d| d["severity"] == "warning")
    );
}

#[test]
fn exit_codes_clean_warnings_strict_and_unusable() {
    let clean = TestSite::new()
        .file(
            "content/_index.md",
            "---\ntitle: Home\n---\nSee [a](a.md).\n",
        )
        .file("content/a.md", "---\ntitle: A\n---\n## Part\n\nText.\n");
    let run = clean.run(&["check", TODAY]);
    run.success();
    assert!(
        run.stdout
            .contains("Checked 2 pages: 0 errors, 0 warnings, 0 info"),
        "{}",
        run.stdout
    );
    let warned = clean
        .file("content/a.md", "---\ntitle: A\n---\n![](x.png)\n")
        .file("content/x.png", "png");
    warned.run(&["check", TODAY]).success();
    warned.run(&["check", "--strict", TODAY]).failure(1);
    problem_site().run(&["check", TODAY]).failure(1);
    TestSite::new()
        .run(&["check", "--root", "does-not-exist"])
        .failure(2)
        .stderr_has("is not a folder");
    let bad_config = TestSite::new()
        .file("handbook.yml", "check:\n  rulez: {}\n")
        .file("content/_index.md", "Hi.\n");
    let run = bad_config.run(&["check", "--format", "json"]);
    run.failure(1);
    assert!(
        run.stdout.contains("unknown field `rulez`"),
        "{}",
        run.stdout
    );
}

#[test]
fn human_output_is_grouped_with_source_line_caret_hint_and_summary() {
    let run = problem_site().run(&["check", TODAY]);
    run.failure(1);
    let out = &run.stdout;
    assert!(out.contains("content/guide/intro.md\n  content/guide/intro.md:4:1: error[broken-link] broken link `missing.md`"), "{out}");
    assert!(out.contains("    4 | [missing](missing.md)\n      | ^\n    = help: fix the link, or set `check: { rules: { broken-link: warning } }` in handbook.yml to report it as a warning\n"), "{out}");
    assert!(
        out.contains("    8 | <a href=\"/nowhere/\">raw</a>\n      |          ^\n"),
        "{out}"
    );
    assert!(
        out.ends_with("Checked 15 pages: 8 errors, 9 warnings, 1 info\n"),
        "{out}"
    );
    assert!(!out.contains('\x1b'), "no colour when not a terminal");
}

#[test]
fn gitlab_report_has_the_documented_code_quality_fields() {
    let run = problem_site().run(&["check", "--format", "gitlab", TODAY]);
    run.failure(1);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    let issues = report.as_array().expect("an array of issues");
    assert_eq!(issues.len(), 18);
    let mut prints = std::collections::HashSet::new();
    for issue in issues {
        assert!(
            issue["description"].as_str().is_some_and(|d| !d.is_empty()),
            "{issue}"
        );
        assert!(
            issue["check_name"].as_str().is_some_and(|d| !d.is_empty()),
            "{issue}"
        );
        let print = issue["fingerprint"].as_str().expect("fingerprint");
        assert!(
            prints.insert(print.to_owned()),
            "duplicate fingerprint {print}"
        );
        let severity = issue["severity"].as_str().unwrap();
        assert!(
            ["info", "minor", "major", "critical", "blocker"].contains(&severity),
            "{issue}"
        );
        assert!(
            issue["location"]["path"]
                .as_str()
                .is_some_and(|p| !p.starts_with('/')),
            "{issue}"
        );
        assert!(
            issue["location"]["lines"]["begin"]
                .as_u64()
                .is_some_and(|l| l >= 1),
            "{issue}"
        );
    }
    let link = issues
        .iter()
        .find(|i| i["check_name"] == "link-case")
        .unwrap();
    assert_eq!(link["location"]["path"], "content/guide/intro.md");
    assert_eq!(link["location"]["lines"]["begin"], 6);
    assert_eq!(link["severity"], "major");
}

#[test]
fn github_format_prints_workflow_annotations() {
    let run = problem_site().run(&["check", "--format", "github", TODAY]);
    run.failure(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 18, "{}", run.stdout);
    assert!(lines.contains(&"::error file=content/guide/intro.md,line=4,col=1,title=broken-link::broken link `missing.md`: there is no page `guide/missing.md` in the content folder%0Ahelp: fix the link, or set `check: { rules: { broken-link: warning } }` in handbook.yml to report it as a warning"), "{}", run.stdout);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("::notice file=content/guide/lonely.md,title=orphan-page::")),
        "{}",
        run.stdout
    );
    assert!(
        lines.iter().any(|l| l.starts_with(
            "::warning file=content/responses/stale.md,line=9,col=1,title=review-overdue::"
        )),
        "{}",
        run.stdout
    );
}

/// A local server: `/ok` (HTML with an `id="setup"`), `/missing` (404), `/moved` (301 to
/// `/ok`), `/slow` (answers after 300 ms), `/flaky` (503 once, then 200). Returns its port and
/// how many requests each path got.
fn serve() -> (u16, Arc<std::sync::Mutex<Vec<String>>>) {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let port = server.server_addr().to_ip().unwrap().port();
    let log = Arc::new(std::sync::Mutex::new(Vec::new()));
    let flaky = Arc::new(AtomicUsize::new(0));
    let seen = log.clone();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let url = request.url().to_owned();
            seen.lock().unwrap().push(url.clone());
            let flaky = flaky.clone();
            std::thread::spawn(move || {
                let html = tiny_http::Header::from_bytes("Content-Type", "text/html").unwrap();
                let response = match url.as_str() {
                    "/ok" => tiny_http::Response::from_string("<h2 id=\"setup\">Setup</h2>")
                        .with_header(html),
                    "/moved" => tiny_http::Response::from_string("")
                        .with_status_code(301)
                        .with_header(
                            tiny_http::Header::from_bytes(
                                "Location",
                                format!("http://127.0.0.1:{port}/ok"),
                            )
                            .unwrap(),
                        ),
                    "/slow" => {
                        std::thread::sleep(Duration::from_millis(300));
                        tiny_http::Response::from_string("late but fine")
                    }
                    "/flaky" if flaky.fetch_add(1, Ordering::SeqCst) == 0 => {
                        tiny_http::Response::from_string("busy").with_status_code(503)
                    }
                    "/flaky" => tiny_http::Response::from_string("fine now"),
                    _ => tiny_http::Response::from_string("not found").with_status_code(404),
                };
                let _ = request.respond(response);
            });
        }
    });
    (port, log)
}

#[test]
fn external_links_against_local_servers() {
    let (port, log) = serve();
    // Accepts connections (the kernel queues them) but never answers.
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    let silent_port = silent.local_addr().unwrap().port();
    let base = format!("http://127.0.0.1:{port}");
    let page = format!(
        "---\ntitle: Links\n---\n[ok]({base}/ok)\n[anchor]({base}/ok#setup)\n[gone anchor]({base}/ok#gone)\n[missing]({base}/missing)\n[moved]({base}/moved)\n[slow]({base}/slow)\n[flaky]({base}/flaky)\n[silent](http://127.0.0.1:{silent_port}/hang)\n[skipped](http://skipped.invalid/x)\n[mail](mailto:a@b.c)\n"
    );
    let site = TestSite::new()
        .file("handbook.yml", "check:\n  external:\n    skip_hosts: [skipped.invalid]\n    timeout_seconds: 1\n    retries: 1\n    per_host: 2\n")
        .file("content/_index.md", &page);
    let (code, report) = json_report(&site, &["--external"]);
    let all = found(&report);
    let path = "content/_index.md";
    expect(
        &all,
        "external-anchor",
        path,
        (6, 1),
        &format!("external anchor `#gone` not found on {base}/ok"),
    );
    expect(
        &all,
        "external-link",
        path,
        (7, 1),
        &format!("external link `{base}/missing` is broken: HTTP 404"),
    );
    expect(
        &all,
        "external-link",
        path,
        (11, 1),
        &format!("external link `http://127.0.0.1:{silent_port}/hang` is broken"),
    );
    assert_eq!(all.len(), 3, "{all:#?}");
    assert_eq!(code, 1);
    let requests = log.lock().unwrap().clone();
    assert_eq!(
        requests.iter().filter(|u| *u == "/ok").count(),
        2,
        "/ok fetched once, plus once via /moved: {requests:?}"
    );
    assert_eq!(
        requests.iter().filter(|u| *u == "/flaky").count(),
        2,
        "retried once: {requests:?}"
    );
    assert!(
        site.path()
            .join(".handbook-cache/external-links.json")
            .is_file()
    );

    // The second run takes good results from the cache and asks again only about failures
    // (`/ok` because its `#gone` anchor failed).
    log.lock().unwrap().clear();
    let (_, again) = json_report(&site, &["--external"]);
    assert_eq!(found(&again).len(), 3);
    let requests = log.lock().unwrap().clone();
    assert!(
        !requests
            .iter()
            .any(|u| u == "/moved" || u == "/slow" || u == "/flaky"),
        "{requests:?}"
    );
    assert!(requests.iter().any(|u| u == "/missing"), "{requests:?}");

    // --no-cache asks about everything again.
    log.lock().unwrap().clear();
    json_report(&site, &["--external", "--no-cache"]);
    assert!(log.lock().unwrap().iter().any(|u| u == "/slow"));
    drop(silent);
}

#[test]
fn external_links_are_not_fetched_without_the_flag() {
    let (port, log) = serve();
    let site = TestSite::new().file(
        "content/_index.md",
        &format!("[x](http://127.0.0.1:{port}/missing)\n"),
    );
    site.run(&["check"]).success();
    assert!(log.lock().unwrap().is_empty());
}

#[test]
fn problems_the_build_finds_while_writing_are_reported_too() {
    let site = TestSite::new()
        .file("handbook.yml", "channels:\n  - id: faq\n    name: FAQ\n")
        .file(
            "content/_index.md",
            "---\ntitle: Home\n---\n[faq](channels/faq.md) [a](a.md)\n",
        )
        .file(
            "content/channels/faq.md",
            "---\ntitle: FAQ page\n---\nText.\n",
        )
        .file(
            "content/a.md",
            "---\ntitle: A\naliases: [\"https://example.org/old\"]\n---\nText.\n",
        );
    let (code, report) = json_report(&site, &[]);
    let all = found(&report);
    expect(
        &all,
        "build",
        "handbook.yml",
        (0, 0),
        "channel `faq` would be published at /channels/faq/, where the content already has a page",
    );
    expect(
        &all,
        "build",
        "content/a.md",
        (0, 0),
        "alias `https://example.org/old` is ignored",
    );
    assert_eq!(code, 1);
    assert!(!site.path().join("public").exists());
}

#[test]
fn ci_formats_name_files_from_the_working_directory() {
    let repo = TestSite::new().file("docs/content/_index.md", "[x](missing.md)\n");
    let run = repo.run(&["check", "--root", "docs", "--format", "github"]);
    run.failure(1);
    assert!(
        run.stdout
            .starts_with("::error file=docs/content/_index.md,line=1,col=1,title=broken-link::"),
        "{}",
        run.stdout
    );
    let run = repo.run(&["check", "--root", "docs", "--format", "gitlab"]);
    let report: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(report[0]["location"]["path"], "docs/content/_index.md");
    let run = repo.run(&["check", "--root", "docs"]);
    assert!(
        run.stdout
            .contains("  content/_index.md:1:1: error[broken-link]"),
        "{}",
        run.stdout
    );
}

#[test]
fn case_mismatches_in_site_paths_and_reviews_of_ordinary_pages() {
    let site = TestSite::new()
        .file("handbook.yml", "base_url: https://example.org/docs/\n")
        .file("content/_index.md", "---\ntitle: Home\n---\n[a](/Guide/Setup/) [b](/docs/guide/setup/) <img alt=\"x\" src=\"/docs/Logo.PNG\">\n")
        .file("content/guide/setup.md", "---\ntitle: Setup\nreviewed: 2026-01-01\nreview_every: 30d\nowner: \"@ana\"\n---\nText.\n")
        .file("static/logo.png", "png");
    let (_, report) = json_report(&site, &[]);
    let all = found(&report);
    expect(
        &all,
        "link-case",
        "content/_index.md",
        (4, 1),
        "link `/Guide/Setup/` differs in letter case from `/guide/setup/`",
    );
    expect(
        &all,
        "link-case",
        "content/_index.md",
        (4, 62),
        "link `/docs/Logo.PNG` differs in letter case from `/logo.png`",
    );
    expect(
        &all,
        "review-overdue",
        "content/guide/setup.md",
        (3, 1),
        "review overdue by 298 days: reviewed 2026-01-01, due 2026-01-31 (owner @ana)",
    );
    assert_eq!(all.len(), 3, "{all:#?}");
}

#[test]
fn template_errors_are_found_without_building() {
    let site = TestSite::new().file("content/a.md", "# A\n").file(
        "themes/default/templates/page.html",
        "<p>\n{{ page.no_such_field }}</p>",
    );
    let run = site.run(&["check"]);
    run.failure(1);
    assert!(run.stdout.contains("themes/default/templates/page.html:2:9: error[build] template error: Field `no_such_field` is not defined"), "{}", run.stdout);
}

/// `--today` is the date of every date rule, not only of reviews: a page whose publishing
/// window is open on that date is checked, one whose window is closed is left out, whatever
/// the clock says.
#[test]
fn today_sets_the_publishing_window_too() {
    let site = TestSite::new()
        .file("content/a.md", "# A\n")
        .file(
            "content/later.md",
            "---\ntitle: Later\npublishDate: 2100-01-01\n---\n[gone](gone.md)\n",
        )
        .file(
            "content/over.md",
            "---\ntitle: Over\nexpirydate: 2000-01-01\n---\n[lost](lost.md)\n",
        );
    let run = site.run(&["check", "--today=2100-06-01"]);
    run.failure(1);
    assert!(
        run.stdout.contains("content/later.md:5:1"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("content/over.md"), "{}", run.stdout);
    let run = site.run(&["check", "--today=1999-06-01"]);
    run.failure(1);
    assert!(!run.stdout.contains("content/later.md"), "{}", run.stdout);
    assert!(run.stdout.contains("content/over.md:5:1"), "{}", run.stdout);
}
