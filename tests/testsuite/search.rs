//! Search: the index the build writes, `handbook search`, the relevance of the bundled handbook
//! through the browser's own engine (search.js under Node), and the UI in headless Chromium.

use std::path::Path;
use std::process::Command;

use crate::browser::{Browser, StaticServer};
use crate::harness::TestSite;

fn site() -> TestSite {
    TestSite::new()
        .file("handbook.yml", "title: Test handbook\nchannels:\n  - id: x\n    name: X\n  - id: forum\n    name: Forum\n")
        .file("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
        .file(
            "content/responses/refund.md",
            "---\ntitle: Billing or refund question\ntype: response\nsummary: Money back.\nchannels: [x, forum]\ntags: [billing]\nstatus: approved\n---\nSend billing questions to Support.\n\n## When to use it\n\nSomeone asks for money back.\n\n## Approved wording\n\n```response\nSorry about the billing trouble.\n```\n\n```response x\nSorry! DM us.\n```\n",
        )
        .file("content/escalations/outage.md", "---\ntitle: Service outage\ntype: escalation\nchannels: [x]\nwhen: Things break.\nseverity: high\nrespond_within: 15m\nsteps:\n  - who: \"@oncall\"\n    how: page\n    within: 15m\n---\nWhat to do.\n\n## Escalation contacts\n\nPage the on-call engineer.\n")
        .file("content/guides/tone.md", "# Voice and tone\n\nBe kind.\n\n## Humour\n\nUse emoji sparingly.\n")
}

fn read_json(site: &TestSite, rel: &str) -> serde_json::Value {
    serde_json::from_str(&site.read(rel)).unwrap_or_else(|e| panic!("{rel} is not JSON: {e}"))
}

#[test]
fn build_writes_a_sharded_index_and_pages_load_none_of_it() {
    let site = site();
    site.build(&[]).success();
    let meta = read_json(&site, "search/index.json");
    assert_eq!(meta["format"], 3);
    assert_eq!(meta["pages_per_file"], 2);
    assert_eq!(meta["stemmer"], "english");
    assert_eq!(
        meta["labels"]["channel"],
        serde_json::json!({"x": "X", "forum": "Forum"}),
        "channel names for facets and badges"
    );
    let keys = meta["keys"].as_array().unwrap();
    assert!(!keys.is_empty());
    let pages = meta["pages"].as_u64().unwrap() as usize;
    let mut refund = None;
    let mut records = 0;
    for n in 0..pages.div_ceil(2) {
        for page in read_json(&site, &format!("search/p/{n}.json"))
            .as_array()
            .unwrap()
        {
            records += 1;
            if page["t"] == "Billing or refund question" {
                refund = Some(page.clone());
            }
        }
    }
    assert_eq!(records, pages, "every page has a record");
    let refund = refund.expect("the response has a page file");
    assert_eq!(refund["k"], "response");
    assert_eq!(refund["c"], serde_json::json!(["x", "forum"]));
    assert_eq!(refund["h"][1][0], "when-to-use-it");
    assert_eq!(refund["h"][1][1], "When to use it");
    assert_eq!(refund["w"][1], serde_json::json!(["x", "Sorry! DM us."]));
    let shard = site.read("search/t/0.json");
    assert!(shard.starts_with("{\"t\":"), "{shard}");
    let facets = read_json(&site, "search/facets.json");
    assert!(
        facets["kind"]["response"].is_string() && facets["channel"]["x"].is_string(),
        "{facets}"
    );
    // Pages link the script but reference no index file: nothing is fetched until the box is used.
    let html = site.read("responses/refund/index.html");
    assert!(
        html.contains("assets/search.js") && html.contains("role=\"combobox\""),
        "{html}"
    );
    assert!(
        !html.contains("search/index.json") && !html.contains("search/t/"),
        "{html}"
    );
    assert!(
        site.read("search/index.html")
            .contains("id=\"hb-search-page\"")
    );
}

#[test]
fn search_command_answers_from_the_content_and_from_the_built_index() {
    let site = site();
    // No build yet: the index is made in memory from the content.
    let run = site.run(&["search", "refnud"]);
    run.success();
    assert!(
        run.stdout.starts_with("1. Billing or refund question"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("/responses/refund/"), "{}", run.stdout);
    site.build(&[]).success();
    let run = site.run(&["search", "escalation contacts", "--kind", "escalation"]);
    run.success();
    assert!(
        run.stdout.contains("Service outage › Escalation contacts")
            && run
                .stdout
                .contains("/escalations/outage/#escalation-contacts"),
        "{}",
        run.stdout
    );
    let run = site.run(&["search", "billing", "--wording", "--channel", "x"]);
    run.success();
    assert_eq!(run.stdout, "Sorry! DM us.\n");
    let run = site.run(&["search", "billing", "--wording"]);
    assert_eq!(run.stdout, "Sorry about the billing trouble.\n");
    let run = site.run(&["search", "refund", "--channel", "discord"]);
    run.failure(1).stderr_has("no results");
    let run = site.run(&["search", "\"use emoji\""]);
    assert!(
        run.stdout.contains("Voice and tone › Humour"),
        "{}",
        run.stdout
    );
}

#[test]
fn japanese_text_is_segmented_into_bigrams() {
    let site = TestSite::new()
        .file("handbook.yml", "language: ja\n")
        .file(
            "content/refund.md",
            "# 返金について\n\n返金のご依頼はサポートチームへお問い合わせください。\n",
        )
        .file("content/other.md", "# その他\n\n別のページです。\n");
    site.build(&[]).success();
    assert_eq!(
        read_json(&site, "search/index.json")["stemmer"],
        serde_json::Value::Null
    );
    let run = site.run(&["search", "サポートチーム"]);
    run.success();
    assert!(run.stdout.starts_with("1. 返金について"), "{}", run.stdout);
}

fn node() -> &'static str {
    let ok = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "the relevance test runs search.js under Node: install `node` (v18 or later)"
    );
    "node"
}

/// Builds the bundled handbook (this repository's content) under a sub-path.
fn bundled(out: &Path) {
    let root = env!("CARGO_MANIFEST_DIR");
    let output = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .args([
            "build",
            "--quiet",
            "--root",
            root,
            "--base-url",
            "/handbook/",
            "--output",
        ])
        .arg(out)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn relevance_of_the_bundled_handbook_through_search_js() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    bundled(&out);
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new(node())
        .arg(here.join("tests/testsuite/search/relevance.js"))
        .arg(here.join("themes/default/static/assets/search.js"))
        .arg(out.join("search"))
        .arg(here.join("tests/testsuite/search/relevance.json"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        lines.len() >= 30,
        "the relevance set has {} queries; it needs at least 30",
        lines.len()
    );
    let (mut first, mut top3, mut misses) = (0, 0, Vec::new());
    for line in &lines {
        let found = line["found"].as_u64().unwrap();
        first += usize::from(found == 1);
        top3 += usize::from((1..=3).contains(&found));
        if found == 0 || found > line["rank"].as_u64().unwrap() {
            misses.push(format!(
                "{} → wanted {} within rank {}, got position {found}; top: {}",
                line["q"], line["want"], line["rank"], line["top"]
            ));
        }
    }
    let n = lines.len() as f64;
    eprintln!(
        "relevance: {} queries, rank 1: {:.0}%, top 3: {:.0}%",
        lines.len(),
        first as f64 * 100.0 / n,
        top3 as f64 * 100.0 / n
    );
    assert!(
        misses.is_empty(),
        "queries below their expected rank:\n{}",
        misses.join("\n")
    );
}

/// One engine, two runtimes: every query of the relevance set gets the same results, in the
/// same order and with the same sections, from search.js under Node and from `handbook search`.
#[test]
fn search_js_and_handbook_search_return_the_same_results() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    bundled(&out);
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let set = here.join("tests/testsuite/search/relevance.json");
    let output = Command::new(node())
        .arg(here.join("tests/testsuite/search/relevance.js"))
        .arg(here.join("themes/default/static/assets/search.js"))
        .arg(out.join("search"))
        .arg(&set)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let cases: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&set).unwrap()).unwrap();
    let browser: Vec<serde_json::Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(cases.len(), browser.len());
    let mut differ = Vec::new();
    for (case, js) in cases.iter().zip(&browser) {
        let mut command = Command::new(env!("CARGO_BIN_EXE_handbook"));
        command
            .args(["search", "--json", "-n", "10", "--root"])
            .arg(here)
            .arg("--output")
            .arg(&out);
        for facet in ["kind", "channel"] {
            if let Some(value) = case[facet].as_str() {
                command.arg(format!("--{facet}")).arg(value);
            }
        }
        let run = command
            .arg("--")
            .arg(case["q"].as_str().unwrap())
            .output()
            .unwrap();
        let rust: Vec<String> = String::from_utf8_lossy(&run.stdout)
            .lines()
            .map(|l| {
                let hit: serde_json::Value = serde_json::from_str(l).unwrap();
                let anchor = hit["anchor"].as_str().unwrap();
                let url = hit["url"].as_str().unwrap();
                if anchor.is_empty() {
                    url.to_owned()
                } else {
                    format!("{url}#{anchor}")
                }
            })
            .collect();
        let js: Vec<String> = js["urls"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u.as_str().unwrap().to_owned())
            .collect();
        if rust != js {
            differ.push(format!(
                "{}: search.js {js:?}, handbook search {rust:?}",
                case["q"]
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "search.js and handbook search disagree:\n{}",
        differ.join("\n")
    );
}

/// URLs the page fetched, from the Resource Timing API.
const FETCHED: &str = "performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)";

/// The paths below a `search/` folder that the page has fetched so far.
fn search_fetches(browser: &mut Browser) -> Vec<String> {
    browser
        .eval(FETCHED)
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .filter(|p| p.contains("/search/"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn browser_search_box_facets_and_highlighting_under_a_sub_path() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    bundled(&out);
    let server = StaticServer::start(&out, "/handbook/");
    let mut browser = Browser::open(&server.url("/handbook/guidelines/"));
    browser.wait_until(
        "document.readyState === 'complete' && !!window.handbookSearch",
        "the page and search.js to load",
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    let early = search_fetches(&mut browser);
    assert!(
        early.is_empty(),
        "the first page load fetched search data: {early:?}"
    );

    // `/` focuses the box; typing shows results without a page load.
    browser.press("/", "Slash", 191);
    browser.wait_until(
        "document.activeElement && document.activeElement.id === 'hb-search-input'",
        "`/` to focus the search box",
    );
    browser.type_text("refnud");
    browser.wait_until(
        "document.querySelectorAll('#hb-search-results [role=option]').length > 0",
        "results for a typo",
    );
    assert_eq!(
        browser.eval("document.getElementById('hb-search-input').getAttribute('aria-expanded')"),
        "true"
    );
    let first = browser.eval(
        "document.querySelector('#hb-search-results [role=option] .hb-sr-title').textContent",
    );
    assert!(
        first.as_str().unwrap().contains("Billing or refund"),
        "first result: {first}"
    );
    let index = search_fetches(&mut browser);
    assert!(
        !index.is_empty() && index.iter().all(|p| p.starts_with("/handbook/search/")),
        "index fetched outside the base path: {index:?}"
    );

    // Arrow keys and Enter follow a result to the highlighted section.
    browser.press("ArrowDown", "ArrowDown", 40);
    assert_eq!(
        browser.eval(
            "document.getElementById('hb-search-input').getAttribute('aria-activedescendant')"
        ),
        "hb-sr-0"
    );
    browser.press("Enter", "Enter", 13);
    browser.wait_until(
        "location.pathname === '/handbook/responses/billing-refund-support/' && !!document.querySelector('mark.hb-highlight')",
        "the result page with highlights",
    );
    let marked =
        browser.eval("document.querySelector('mark.hb-highlight').textContent.toLowerCase()");
    assert!(
        marked.as_str().unwrap().starts_with("refund"),
        "highlighted: {marked}"
    );

    // The results page: a linkable query with facets.
    browser.eval("location.href = '/handbook/search/?q=outage'");
    browser.wait_until(
        "location.pathname === '/handbook/search/' && document.querySelectorAll('#hb-search-page-results .hb-sr').length > 2 && !!document.querySelector('#hb-search-facets input[data-facet=kind][value=escalation]')",
        "the results page with facets",
    );
    browser.click("#hb-search-facets input[data-facet=kind][value=escalation]");
    browser.wait_until(
        "document.querySelectorAll('#hb-search-page-results .hb-sr').length > 0 && [...document.querySelectorAll('#hb-search-page-results .hb-sr')].every(r => !!r.querySelector('.badge-escalation'))",
        "only escalations after choosing the facet",
    );
    assert!(
        browser
            .eval("location.search")
            .as_str()
            .unwrap()
            .contains("kind=escalation")
    );
    assert_eq!(
        browser.eval("document.getElementById('hb-search-filters-toggle').textContent"),
        "Filters (1)"
    );

    // Facets and badges name channels and statuses as handbook.yml does, not by their ids.
    browser.eval("location.href = '/handbook/search/?q=refund'");
    browser.wait_until(
        // The URL first: until the new page loads, the previous one (filtered to escalations,
        // which have no status) is still being read.
        "location.search === '?q=refund' && document.readyState === 'complete' && !!document.querySelector('#hb-search-facets input[data-facet=channel][value=x]') && !!document.querySelector('#hb-search-facets input[data-facet=status]')",
        "the channel and status facets of the new query",
    );
    let labels = browser.eval(
        "[...document.querySelectorAll('#hb-search-facets input[data-facet=channel], #hb-search-facets input[data-facet=status]')].map(i => i.parentElement.textContent.trim()).join(' | ')",
    );
    let labels = labels.as_str().unwrap();
    assert!(
        labels.contains("X (Twitter)") && labels.contains("Approved"),
        "facet labels: {labels}"
    );
    let badges = browser.eval(
        "[...document.querySelectorAll('#hb-search-page-results .badge-channel')].map(b => b.textContent).join(' | ')",
    );
    assert!(
        badges.as_str().unwrap().contains("X (Twitter)"),
        "channel badges: {badges}"
    );

    // On a phone the filters fold away and the first result is on screen.
    browser.command(
        "Emulation.setDeviceMetricsOverride",
        serde_json::json!({"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true}),
    );
    browser.eval("location.href = '/handbook/search/?q=outage'");
    browser.wait_until(
        "document.querySelectorAll('#hb-search-page-results .hb-sr').length > 2",
        "the results page on a phone",
    );
    assert_eq!(
        browser.eval("document.getElementById('hb-search-filters').open"),
        false
    );
    assert_eq!(
        browser.eval(
            "document.querySelector('#hb-search-page-results .hb-sr').getBoundingClientRect().top < innerHeight / 2"
        ),
        true
    );
}

#[test]
fn responses_first_is_a_setting_honoured_by_the_index() {
    let site = TestSite::new()
        .file("handbook.yml", "channels:\n  - id: email\n    name: Email\n")
        .file("content/refunds.md", "---\ntitle: Refund policy\n---\nHow a refund works.\n")
        .file("content/responses/money.md", "---\ntitle: Refund question\ntype: response\nsummary: When someone wants a refund.\nchannels: [email]\nstatus: approved\n---\n```response\nWe can help with your refund.\n```\n");
    let first_line = |site: &TestSite| {
        site.run(&["search", "refund"])
            .stdout
            .lines()
            .next()
            .unwrap_or("")
            .to_owned()
    };
    assert!(
        first_line(&site).contains("Refund question"),
        "responses come first by default"
    );
    let html_free = site.run(&["search", "refund"]).stdout;
    assert!(
        !html_free.contains("characters") && !html_free.contains("All channels"),
        "the wording card's controls are not indexed: {html_free}"
    );
    let site = site.file(
        "handbook.yml",
        "channels:\n  - id: email\n    name: Email\nsearch:\n  responses_first: false\n",
    );
    assert!(
        first_line(&site).contains("Refund policy"),
        "plain ranking when turned off"
    );
    site.build(&[]).success();
    assert!(
        site.read("search/index.json")
            .contains("\"responses_first\":false"),
        "the browser reads the setting from index.json"
    );
}

/// Letters for a number: 0 → "a", 27 → "bb"...: made-up words that stemming leaves alone.
fn letters(mut n: usize) -> String {
    let mut out = String::new();
    loop {
        out.push((b'a' + (n % 26) as u8) as char);
        n /= 26;
        if n == 0 {
            return out;
        }
    }
}

#[test]
fn typos_in_the_first_letters_find_words_in_other_shards() {
    // Enough words starting with `r`, `re` and `ref` that the index splits them into shards
    // of their own: `rfund` and `efund` then live in other shards than `refund`.
    let mut site = TestSite::new()
        .file("handbook.yml", "title: Shards\n")
        .file("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
        .file(
            "content/refund.md",
            "---\ntitle: Refund policy\n---\nHow a refund works.\n",
        );
    for page in 0..120 {
        let words: Vec<String> = (0..60)
            .map(|w| {
                let prefix = ["ref", "re", "r", "e", "ex", "zo"][w % 6];
                format!("{prefix}{}q", letters(page * 61 + w))
            })
            .collect();
        site = site.file(
            &format!("content/filler/p{page}.md"),
            &format!("---\ntitle: Filler {page}\n---\n{}\n", words.join(" ")),
        );
    }
    site.build(&[]).success();
    let meta = read_json(&site, "search/index.json");
    let keys: Vec<String> = meta["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap().to_owned())
        .collect();
    let home = |word: &str| {
        keys.iter()
            .filter(|k| word.starts_with(k.as_str()))
            .max_by_key(|k| k.len())
            .cloned()
            .unwrap()
    };
    assert_ne!(home("rfund"), home("refund"), "keys: {keys:?}");
    assert_ne!(home("efund"), home("refund"), "keys: {keys:?}");

    // The terminal's engine.
    for typo in ["rfund", "efund", "refnud"] {
        let run = site.run(&["search", typo]);
        run.success();
        assert!(
            run.stdout.starts_with("1. Refund policy"),
            "{typo}: {}",
            run.stdout
        );
    }
    // The browser's engine, under Node.
    let cases = site.path().join("typos.json");
    std::fs::write(
        &cases,
        r#"[{"q": "rfund", "want": "refund/", "rank": 1},
            {"q": "efund", "want": "refund/", "rank": 1},
            {"q": "refnud", "want": "refund/", "rank": 1}]"#,
    )
    .unwrap();
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new(node())
        .arg(here.join("tests/testsuite/search/relevance.js"))
        .arg(here.join("themes/default/static/assets/search.js"))
        .arg(site.path().join("public/search"))
        .arg(&cases)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for line in stdout.lines() {
        let line: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(line["found"], 1, "{line}");
    }
    assert_eq!(stdout.lines().count(), 3);
}

#[test]
fn search_can_be_turned_off() {
    let site = site().file(
        "handbook.yml",
        "title: Test handbook\nsearch:\n  enabled: false\nchannels:\n  - id: x\n    name: X\n  - id: forum\n    name: Forum\n",
    );
    site.build(&[]).success();
    assert!(!site.path().join("public/search").exists());
    let home = site.read("index.html");
    assert!(
        !home.contains("hb-search-input"),
        "the search box is still shown"
    );
    assert!(!home.contains("search.js"));
    // The rest of the site is there as usual.
    assert!(
        site.read("responses/refund/index.html")
            .contains("Billing or refund question")
    );
    let run = site.run(&["check"]);
    run.success();
    // The terminal still searches the content, body text included.
    let run = site.run(&["search", "escalation contacts"]);
    run.success();
    assert!(
        run.stdout
            .contains("/escalations/outage/#escalation-contacts"),
        "{}",
        run.stdout
    );
}
