//! Typed content: responses, escalation paths, experts, roles and guidelines render as
//! described, every schema problem is located, and the exports match their schema.

use crate::harness::TestSite;

const CONFIG: &str = "title: Kinds\nchannels:\n  - id: x\n    name: X\n    max_chars: 40\n    link_chars: 23\n    first_response_target: 1h\n  - id: email\n    name: Email\n    first_response_target: 4h\n";

/// A small valid handbook with one page of each kind.
pub fn kinds_site() -> TestSite {
    TestSite::new()
        .file("handbook.yml", CONFIG)
        .file("content/experts/_index.md", "---\ntitle: Experts\n---\n")
        .file("content/experts/ana.md", "---\ntitle: Ana Lopez\ntype: expert\nname: Ana Lopez\nhandle: \"@ana\"\nteam: Billing\ntopics: [refunds, invoices]\ncontact: \"#billing\"\ntimezone: Europe/Madrid\n---\nAsk about refunds.\n")
        .file(
            "content/responses/refund.md",
            "---\ntitle: Refund question\ntype: response\nsummary: When someone asks for a refund.\nchannels: [x, email]\ntags: [billing]\nstatus: approved\nowner: \"@kim\"\napproved_by: \"@lee\"\nreviewed: 2026-11-01\nreview_every: 90d\nvariables:\n  name:\n    description: The user's handle\n    example: kai\n  url:\n    description: The refund form\n    example: https://example.org/a/very/long/refund/form\nexperts: [../experts/ana.md]\n---\nUse it kindly.\n\n```response\nHi {name}, request a refund at {url} and we will help.\n```\n\n```response x\nHi {name}! Refunds: {url}\n```\n",
        )
        .file(
            "content/responses/old-refund.md",
            "---\ntitle: Old refund wording\ntype: response\nsummary: Retired.\nchannels: [email]\nstatus: deprecated\nreplaced_by: refund.md\nreviewed: 2020-01-01\n---\n```response\nPlease email us.\n```\n",
        )
        .file(
            "content/escalations/billing.md",
            "---\ntitle: Billing dispute\ntype: escalation\nwhen: A user disputes a charge in public.\nseverity: high\nrespond_within: 15m\nsteps:\n  - who: ../experts/ana.md\n    how: \"#billing\"\n    within: 1h\n    note: Bring the invoice number.\n  - who: \"@finance\"\n    how: finance@example.org\nresponses: [../responses/refund.md]\nchannels: [x]\n---\nKeep details private.\n",
        )
        .file("content/roles/junior.md", "---\ntitle: Junior Advocate\ntype: role\ngrade: 5\nfamily: advocate\nlevels: [senior.md]\nreports_to: senior.md\n---\n## Responsibilities\n")
        .file("content/roles/senior.md", "---\ntitle: Senior Advocate\ntype: role\ngrade: 7\nfamily: advocate\nlevels: [junior.md]\nreports_to: Head of Community\n---\n")
        .file("content/guidelines/tone.md", "---\ntitle: Tone\ntype: guideline\napplies_to: [x, email]\n---\nBe kind.\n")
}

#[test]
fn a_response_renders_cards_with_channel_count_placeholders_and_copy() {
    let site = kinds_site();
    site.build(&[]).success();
    let html = site.read("responses/refund/index.html");
    assert!(html.contains("<div class=\"response-card\" data-channel=\"x\" data-max-chars=\"40\" data-link-chars=\"23\">"), "{html}");
    // "Hi kai! Refunds: " is 17 characters, the URL counts as 23.
    assert!(
        html.contains("<span class=\"response-count-value\">40</span> / 40 characters"),
        "{html}"
    );
    assert!(
        html.contains("<mark class=\"placeholder\" data-var=\"name\">{name}</mark>"),
        "{html}"
    );
    assert!(html.contains("<input type=\"text\" data-var=\"url\" data-example=\"https://example.org/a/very/long/refund/form\" placeholder=\"e.g. https://example.org/a/very/long/refund/form\"><span class=\"response-field-desc\">The refund form</span>"), "{html}");
    assert!(
        html.contains("<pre class=\"response-raw\" hidden>Hi {name}! Refunds: {url}</pre>"),
        "{html}"
    );
    assert!(html.contains("class=\"response-copy\""), "{html}");
    assert!(
        html.contains("All channels"),
        "the general wording has its own badge"
    );
    assert!(
        html.contains("@kim") && html.contains("@lee"),
        "owner and approver shown"
    );
    assert!(
        html.contains("href=\"/experts/ana/\">Ana Lopez</a>"),
        "experts linked"
    );
    assert!(
        html.contains("href=\"/escalations/billing/\">Billing dispute</a>"),
        "escalations that use it are linked"
    );
    assert!(
        html.contains("next review by <time datetime=\"2027-01-30\">"),
        "{html}"
    );
}

#[test]
fn a_response_page_shows_its_wording_first_with_descriptions_examples_and_one_date_format() {
    let site = kinds_site().file(
        "content/responses/long.md",
        "---\ntitle: Long notes\ntype: response\nsummary: When notes are long.\nchannels: [email]\nstatus: approved\nreviewed: 2026-10-06\nupdated: 2026-10-06\nreview_every: 90d\nvariables:\n  name:\n    description: The user's handle, without the @\n    example: kai\n---\nA long intro the author wrote.\n\n## How to use it\n\nNotes.\n\n## Approved wording\n\n```response\nHi {name}.\n```\n\n```response email\nDear {name}.\n```\n\n## After posting\n\nTag it.\n",
    );
    site.build(&[]).success();
    let html = site.read("responses/long/index.html");
    // Right after the facts: the author's heading and both cards, then the notes.
    let facts = html.find("</dl>").unwrap();
    let heading = html.find("id=\"approved-wording\"").unwrap();
    let cards: Vec<usize> = html
        .match_indices("<div class=\"response-card\"")
        .map(|(i, _)| i)
        .collect();
    let intro = html.find("A long intro").unwrap();
    let after = html.find("id=\"after-posting\"").unwrap();
    assert_eq!(cards.len(), 2, "{html}");
    assert!(
        facts < heading && heading < cards[0] && cards[1] < intro && intro < after,
        "{html}"
    );
    assert_eq!(
        html.matches("id=\"approved-wording\"").count(),
        1,
        "the heading moved, not copied"
    );
    assert!(
        html.find("href=\"#approved-wording\"").unwrap()
            < html.find("href=\"#how-to-use-it\"").unwrap(),
        "the table of contents follows the page"
    );
    // The description is shown under the field, the example is an example.
    assert!(
        html.contains("placeholder=\"e.g. kai\"><span class=\"response-field-desc\">The user&#39;s handle, without the @</span>")
            || html.contains("placeholder=\"e.g. kai\"><span class=\"response-field-desc\">The user&#x27;s handle, without the @</span>"),
        "{html}"
    );
    assert!(!html.contains("title=\"The user"), "not only a tooltip");
    // One date format: as "Updated 6 October 2026".
    assert!(
        html.contains("Updated <time datetime=\"2026-10-06\">6 October 2026</time>"),
        "{html}"
    );
    assert!(html.contains("<dt>Reviewed</dt><dd><time datetime=\"2026-10-06\">6 October 2026</time>, next review by <time datetime=\"2027-01-04\">4 January 2027</time>"), "{html}");
    // A deprecated response keeps the author's order.
    let old = site.read("responses/old-refund/index.html");
    assert!(!old.contains("hb-wording"), "{old}");
    assert!(old.contains("<div class=\"response-card\""), "{old}");
    // A response without a heading above its wording gets one.
    let refund = site.read("responses/refund/index.html");
    assert!(
        refund.contains("<h2 id=\"hb-wording-title\">Approved wording</h2>"),
        "{refund}"
    );
}

#[test]
fn deprecated_and_overdue_responses_say_so() {
    let site = kinds_site();
    site.build(&[]).success();
    let html = site.read("responses/old-refund/index.html");
    assert!(html.contains("hb-banner-deprecated"), "{html}");
    assert!(
        html.contains("Use <a href=\"/responses/refund/\">Refund question</a> instead."),
        "{html}"
    );
    let site = kinds_site().file("content/responses/stale.md", "---\ntitle: Stale\ntype: response\nsummary: s\nchannels: [email]\nstatus: approved\nreviewed: 2020-01-01\nreview_every: 30d\n---\n```response\nHello.\n```\n");
    site.build(&[]).success();
    let html = site.read("responses/stale/index.html");
    assert!(
        html.contains("<strong>Due for review</strong> since <time datetime=\"2020-01-31\">31 January 2020</time>"),
        "{html}"
    );
}

#[test]
fn escalation_expert_role_and_guideline_pages() {
    let site = kinds_site();
    site.build(&[]).success();
    let escalation = site.read("escalations/billing/index.html");
    assert!(escalation.contains("badge-severity-high"), "severity badge");
    assert!(
        escalation.contains("<strong>15 minutes</strong>"),
        "time budget"
    );
    assert!(
        escalation.contains("<span class=\"hb-step-number\" aria-hidden=\"true\">1</span>"),
        "numbered timeline"
    );
    assert!(escalation.contains("<a href=\"/experts/ana/\">Ana Lopez</a> <span class=\"badge badge-time\">within 1 hour</span>"), "{escalation}");
    assert!(
        escalation.contains("<code>@finance</code>"),
        "handles stay handles"
    );
    assert!(
        escalation.contains("href=\"/responses/refund/\">Refund question</a>"),
        "related responses"
    );
    let expert = site.read("experts/ana/index.html");
    assert!(
        expert.contains("<code>@ana</code>")
            && expert.contains("Europe/Madrid")
            && expert.contains("Billing dispute"),
        "{expert}"
    );
    let experts = site.read("experts/index.html");
    assert!(
        experts.contains("Experts by topic") && experts.contains("<dt>refunds</dt>"),
        "experts index grouped by topic"
    );
    let junior = site.read("roles/junior/index.html");
    assert!(junior.contains("Grade 5"), "grade badge");
    let ladder = junior.find("class=\"hb-ladder\"").expect("ladder");
    let (j, s) = (
        junior[ladder..].find("Junior Advocate").unwrap(),
        junior[ladder..].find("Senior Advocate").unwrap(),
    );
    assert!(j < s, "the ladder is ordered by grade");
    assert!(
        site.read("roles/senior/index.html")
            .contains("Head of Community"),
        "reports_to as text"
    );
    let tone = site.read("guidelines/tone/index.html");
    assert!(
        tone.contains("href=\"/channels/x/\">X</a>"),
        "channel badges link to channel pages"
    );
}

#[test]
fn each_channel_gets_a_page_with_its_guidelines_responses_and_escalations() {
    let site = kinds_site();
    site.build(&[]).success();
    let x = site.read("channels/x/index.html");
    assert!(
        x.contains("<strong>1 hour</strong>"),
        "target response time"
    );
    assert!(x.contains("40 characters, every link counts as 23"), "{x}");
    assert!(
        x.contains("href=\"/guidelines/tone/\">Tone</a>"),
        "guidelines"
    );
    assert!(
        x.contains("href=\"/responses/refund/\">Refund question</a>"),
        "responses"
    );
    assert!(
        x.contains("href=\"/escalations/billing/\">Billing dispute</a>"),
        "escalations that start here"
    );
    assert!(
        !x.contains("Old refund wording"),
        "deprecated responses are not offered"
    );
    let index = site.read("channels/index.html");
    assert!(
        index.contains("href=\"/channels/email/\">Email</a>"),
        "{index}"
    );
}

#[test]
fn the_finder_lists_responses_with_facets() {
    let site = kinds_site();
    site.build(&[]).success();
    let finder = site.read("responses/index.html");
    assert!(finder.contains("id=\"finder-query\""), "filter box");
    assert!(
        finder.contains("<option value=\"x\">X (1)</option>"),
        "channel facet with counts: {finder}"
    );
    assert!(
        finder.contains("<option value=\"billing\">billing (1)</option>"),
        "tag facet"
    );
    assert!(finder.contains("data-channels=\"x email\""), "filter data");
    assert!(
        finder.contains("data-status=\"deprecated\" hidden"),
        "only approved responses show at first"
    );
}

#[test]
fn responses_json_is_versioned_and_complete() {
    let site = kinds_site();
    site.build(&["--base-url", "https://example.org/hb/"])
        .success();
    let json: serde_json::Value = serde_json::from_str(&site.read("responses.json")).unwrap();
    assert_eq!(json["version"], 1);
    let responses = json["responses"].as_array().unwrap();
    let refund = responses
        .iter()
        .find(|r| r["id"] == "responses/refund")
        .expect("refund exported");
    assert_eq!(refund["url"], "https://example.org/hb/responses/refund/");
    assert_eq!(refund["status"], "approved");
    assert_eq!(refund["channels"], serde_json::json!(["x", "email"]));
    assert_eq!(refund["review_due"], "2027-01-30");
    assert_eq!(refund["variables"][0]["name"], "name");
    assert_eq!(refund["variants"][1]["channel"], "x");
    assert_eq!(refund["variants"][1]["text"], "Hi {name}! Refunds: {url}");
    assert_eq!(refund["variants"][1]["length"], 40);
    assert_eq!(refund["variants"][1]["max_chars"], 40);
    assert!(refund["variants"][0]["channel"].is_null());
    let old = responses
        .iter()
        .find(|r| r["id"] == "responses/old-refund")
        .unwrap();
    assert_eq!(
        old["replaced_by"],
        "https://example.org/hb/responses/refund/"
    );
}

#[test]
fn zendesk_export_has_one_macro_per_approved_response() {
    let site = kinds_site();
    let run = site.run(&["export", "zendesk"]);
    run.success();
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let macros = json["macros"].as_array().unwrap();
    assert_eq!(macros.len(), 1, "{json}");
    // The response library itself is not a Zendesk category.
    assert_eq!(macros[0]["title"], "Refund question");
    assert_eq!(macros[0]["active"], true);
    assert_eq!(macros[0]["actions"][0]["field"], "comment_value");
    // `{name}` never goes out literally: the default table maps it, `{url}` has no variable.
    assert_eq!(
        macros[0]["actions"][0]["value"],
        "Hi {{ticket.requester.first_name}}, request a refund at [URL] and we will help."
    );
    run.stderr_has("`{url}` has no Zendesk variable: written as [URL]")
        .stderr_has(
            "exported 1 approved responses for Zendesk to standard output; skipped 1 deprecated",
        );
    site.run(&["export", "nonsense"])
        .failure(2)
        .stderr_has("unknown export format");
}

fn broken(file: &str, text: &str) -> crate::harness::Run {
    kinds_site().file(file, text).build(&[])
}

#[test]
fn schema_problems_are_located() {
    let resp = "content/responses/bad.md";
    // Wrong type, at the value.
    broken(resp, "---\ntitle: Bad\ntype: response\nsummary: s\nchannels: x\nstatus: approved\n---\n```response\nHi\n```\n")
        .failure(1)
        .stderr_has("invalid response field: channels: wrong type")
        .stderr_has("--> content/responses/bad.md:5:11");
    // Missing required field, unknown field with a suggestion, unknown status and channel.
    broken(resp, "---\ntitle: Bad\ntype: response\nchanels: [x]\nstatus: aproved\n---\n```response\nHi\n```\n")
        .failure(1)
        .stderr_has("missing field `summary`")
        .stderr_has("unknown field `chanels` for a page of type `response`")
        .stderr_has("--> content/responses/bad.md:4:1")
        .stderr_has("did you mean `channels`?")
        .stderr_has("unknown status `aproved`")
        .stderr_has("--> content/responses/bad.md:5:9");
    broken(resp, "---\ntitle: Bad\ntype: response\nsummary: s\nchannels: [x, myspace]\nstatus: approved\n---\n```response\nHi\n```\n")
        .failure(1)
        .stderr_has("unknown channel `myspace`")
        .stderr_has("--> content/responses/bad.md:5:15");
}

#[test]
fn placeholder_length_and_reference_problems_are_caught() {
    let resp = "content/responses/bad.md";
    broken(resp, "---\ntitle: Bad\ntype: response\nsummary: s\nchannels: [x]\nstatus: approved\nvariables:\n  unused:\n    description: d\n    example: e\n---\nText.\n\n```response x\nHi {who}, this variant is far too long for the channel limit.\n```\n")
        .failure(1)
        .stderr_has("placeholder `{who}` is not declared in `variables`")
        .stderr_has("--> content/responses/bad.md:14:1")
        .stderr_has("variable `unused` is declared but no wording uses `{unused}`")
        .stderr_has("--> content/responses/bad.md:8:3")
        .stderr_has("the `x` variant is 61 characters, over X's limit of 40")
        .stderr_has("shorten it by 21 characters");
    broken(resp, "---\ntitle: Bad\ntype: response\nsummary: s\nchannels: [email]\nstatus: deprecated\nexperts: [../experts/nobody.md]\n---\n```response\nHi\n```\n")
        .failure(1)
        .stderr_has("a deprecated response needs `replaced_by`")
        .stderr_has("`experts` refers to `../experts/nobody.md`, which is not a page of this site")
        .stderr_has("--> content/responses/bad.md:7:11");
    broken(resp, "---\ntitle: Bad\ntype: response\nsummary: s\nchannels: [email]\nstatus: deprecated\nreplaced_by: ../guidelines/tone.md\n---\n```response\nHi\n```\n")
        .failure(1)
        .stderr_has("`replaced_by` must refer to a response page, but `../guidelines/tone.md` is of type `guideline`");
    broken("content/escalations/bad.md", "---\ntitle: Bad\ntype: escalation\nwhen: w\nseverity: urgent\nrespond_within: soon\nsteps:\n  - who: ../experts/gone.md\n    how: x\n---\n")
        .failure(1)
        .stderr_has("unknown severity `urgent`")
        .stderr_has("`respond_within` is not a duration: \"soon\"")
        .stderr_has("`steps` refers to `../experts/gone.md`")
        .stderr_has("--> content/escalations/bad.md:8:10");
    broken("content/responses/empty.md", "---\ntitle: Empty\ntype: response\nsummary: s\nchannels: [x]\nstatus: draft\n---\nNo wording.\n").failure(1).stderr_has("this response has no wording");
}

#[test]
fn all_kind_problems_are_reported_in_one_run() {
    let site = kinds_site()
        .file("content/responses/a.md", "---\ntitle: A\ntype: response\nchannels: [x]\nstatus: approved\n---\n```response\nHi\n```\n")
        .file("content/guidelines/b.md", "---\ntitle: B\ntype: guideline\napplies_to: [fax]\n---\n")
        .file("content/roles/c.md", "---\ntitle: C\ntype: role\ngrade: 1\n---\n");
    site.build(&[])
        .failure(1)
        .stderr_has("missing field `summary`")
        .stderr_has("unknown channel `fax`")
        .stderr_has("missing field `family`")
        .stderr_has("the build failed with 3 errors");
}

#[test]
fn init_writes_a_working_handbook_and_refuses_a_non_empty_folder() {
    let site = TestSite::new();
    site.run(&["init", "hb"]).success();
    let root = site.path().join("hb");
    assert!(root.join("handbook.yml").is_file() && root.join(".gitlab-ci.yml").is_file());
    assert!(
        root.join("content/responses/outage-acknowledgement.md")
            .is_file()
    );
    let out = site.path().join("out");
    let run = site.run(&["build", "--root", "hb", "--output", out.to_str().unwrap()]);
    run.success();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    site.run(&["init", "hb"])
        .failure(2)
        .stderr_has("the folder is not empty");
    // The copied configuration is the new site's own, and the first check is clean: the
    // sample's reviews are dated the day of init, not overdue.
    let config = std::fs::read_to_string(root.join("handbook.yml")).unwrap();
    assert!(
        !config.contains("gitlab.com/lumen") && !config.contains("README"),
        "{config}"
    );
    let check = site.run(&["check", "--root", "hb"]);
    check.success();
    assert!(
        check.stderr.contains("0 warnings") || check.stdout.contains("0 warnings"),
        "{}{}",
        check.stdout,
        check.stderr
    );
    assert!(!check.stderr.contains("review"), "{}", check.stderr);
}

#[test]
fn init_minimal_writes_a_few_pages_that_build_and_check_cleanly() {
    let site = TestSite::new();
    let run = site.run(&["init", "--minimal", "small"]);
    run.success();
    assert!(
        run.stdout
            .contains("Created a minimal handbook in small (7 files)."),
        "{}",
        run.stdout
    );
    let root = site.path().join("small");
    assert!(root.join("content/_index.md").is_file());
    assert!(
        root.join("content/responses/thanks-for-writing.md")
            .is_file()
    );
    assert!(
        !root.join("content/escalations").exists(),
        "not the whole sample"
    );
    let check = site.run(&["check", "--root", "small"]);
    check.success();
    let all = format!("{}{}", check.stdout, check.stderr);
    assert!(all.contains("0 errors, 0 warnings"), "{all}");
    let out = site.path().join("out");
    let build = site.run(&[
        "build",
        "--root",
        "small",
        "--output",
        out.to_str().unwrap(),
    ]);
    build.success();
    assert!(!build.stderr.contains("warning"), "{}", build.stderr);
}

#[test]
fn new_scaffolds_every_kind_that_builds_and_never_overwrites() {
    let site = kinds_site();
    for (kind, path) in [
        ("response", "responses/fresh.md"),
        ("escalation", "escalations/fresh"),
        ("expert", "experts/fresh.md"),
        ("role", "roles/fresh.md"),
        ("guideline", "guidelines/fresh.md"),
        ("page", "content/notes/fresh.md"),
    ] {
        let run = site.run(&["new", kind, path]);
        run.success();
        assert!(
            run.stdout
                .contains("Next: fill in its front matter and text, then run `handbook check`"),
            "{}",
            run.stdout
        );
    }
    let text = std::fs::read_to_string(site.path().join("content/responses/fresh.md")).unwrap();
    for field in [
        "summary:",
        "channels: []",
        "status: draft",
        "# replaced_by:",
        "owner:",
        "approved_by:",
        "reviewed:",
        "review_every: 90d",
        "variables:",
        "experts: []",
    ] {
        assert!(text.contains(field), "{field} missing from\n{text}");
    }
    assert!(
        text.contains("x, email"),
        "the channel ids of handbook.yml are listed"
    );
    assert!(site.path().join("content/escalations/fresh.md").is_file());
    site.build(&[]).success();
    site.run(&["new", "response", "responses/fresh.md"])
        .failure(2)
        .stderr_has("already exists");
    site.run(&["new", "memo", "x.md"])
        .failure(2)
        .stderr_has("unknown kind `memo`");
}

#[test]
fn the_sidebar_the_finder_and_channel_pages_list_responses_in_one_order() {
    let response = |title: &str, weight: &str| {
        format!(
            "---\ntitle: {title}\n{weight}type: response\nsummary: s\nchannels: [email]\nstatus: approved\n---\n```response\nHello.\n```\n"
        )
    };
    // File names, titles and weights disagree: weight first, then title, is the order.
    let site = TestSite::new()
        .file("handbook.yml", CONFIG)
        .file(
            "content/responses/_index.md",
            "---\ntitle: Responses\n---\n",
        )
        .file("content/responses/a.md", &response("Zebra sighting", ""))
        .file("content/responses/b.md", &response("Apple question", ""))
        .file(
            "content/responses/c.md",
            &response("Urgent outage", "weight: 1\n"),
        );
    site.build(&[]).success();
    let expected = ["Urgent outage", "Apple question", "Zebra sighting"];
    let order_in = |html: &str, from: &str| -> Vec<usize> {
        let start = html.find(from).unwrap_or_else(|| panic!("no {from}"));
        expected
            .iter()
            .map(|t| {
                start
                    + html[start..]
                        .find(&format!(">{t}<"))
                        .unwrap_or_else(|| panic!("{t} not after {from}"))
            })
            .collect()
    };
    for (page, from) in [
        ("responses/index.html", "id=\"hb-sidebar\""),
        ("responses/index.html", "class=\"finder-results"),
        ("channels/email/index.html", "<main"),
    ] {
        let positions = order_in(&site.read(page), from);
        assert!(
            positions.windows(2).all(|w| w[0] < w[1]),
            "{page} after {from}: {positions:?}"
        );
    }
}

#[test]
fn an_escalation_marks_deprecated_responses_and_gives_the_authors_text_its_own_heading() {
    let site = kinds_site().file(
        "content/escalations/refunds.md",
        "---\ntitle: Refund storm\ntype: escalation\nwhen: Many refund requests at once.\nseverity: medium\nrespond_within: 1h\nsteps:\n  - who: \"@billing\"\n    how: \"#billing\"\nresponses: [../responses/refund.md, ../responses/old-refund.md]\n---\nThis intro explains the path.\n\n## Details\n\nMore.\n",
    );
    site.build(&[]).success();
    let html = site.read("escalations/refunds/index.html");
    assert!(
        html.contains("<li class=\"is-deprecated\"><a href=\"/responses/old-refund/\">Old refund wording</a> <span class=\"badge badge-status badge-status-deprecated\">Deprecated</span> <span class=\"hb-related-instead\">use <a href=\"/responses/refund/\">Refund question</a> instead</span></li>"),
        "{html}"
    );
    assert!(
        html.contains("<li><a href=\"/responses/refund/\">Refund question</a></li>"),
        "an approved response has no mark: {html}"
    );
    // The generated sections come first (who to call on the first screen), and the author's
    // intro follows under a heading of its own instead of under "Responses to use".
    let steps = html.find("Who to pull in").unwrap();
    let related = html.find("Responses to use").unwrap();
    let about = html
        .find("About this path</h2>")
        .expect("a heading for the intro");
    let intro = html.find("This intro explains").unwrap();
    assert!(
        steps < related && related < about && about < intro,
        "{html}"
    );
    // A body that opens with its own heading needs none.
    let billing = site.read("escalations/billing/index.html");
    assert!(
        billing.contains("About this path"),
        "billing opens with text"
    );
    let headed = kinds_site()
        .file(
            "content/escalations/billing.md",
            "---\ntitle: Billing dispute\ntype: escalation\nwhen: A dispute.\nseverity: high\nrespond_within: 15m\nsteps:\n  - who: \"@finance\"\n    how: finance@example.org\n---\n## Background\n\nText.\n",
        );
    headed.build(&[]).success();
    assert!(
        !headed
            .read("escalations/billing/index.html")
            .contains("About this path")
    );
}
