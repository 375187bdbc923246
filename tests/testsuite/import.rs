//! `handbook import`: replies kept in Zendesk, a saved-replies file or a folder of templates
//! become response pages that build, with placeholders mapped, what needs a person reported,
//! and nothing overwritten.

use crate::harness::TestSite;

const CONFIG: &str = "title: Support\nchannels:\n  - id: email\n    name: Email\n    first_response_target: 4h\n  - id: forum\n    name: Forum\n    first_response_target: 1h\n";

const MACROS: &str = r#"{
  "macros": [
    {
      "id": 360001,
      "title": "Billing::Refunds::Refund approved",
      "active": true,
      "description": "When a refund was approved by finance.",
      "actions": [
        {"field": "comment_value", "value": "Hi {{ticket.requester.first_name}},\n\nYour refund for ticket {{ticket.id}} is on its way; it shows up in {{ticket.ticket_field_123}} days.\n\n{{current_user.first_name}}"},
        {"field": "set_tags", "value": "refund billing"},
        {"field": "status", "value": "solved"}
      ]
    },
    {
      "id": 360002,
      "title": "Billing::Invoice copy",
      "active": false,
      "actions": [
        {"field": "comment_value_html", "value": "<p>Hello {{ticket.requester.first_name}},</p><p>Here is <strong>your invoice</strong>.</p>"}
      ]
    },
    {
      "id": 360003,
      "title": "Close as solved",
      "actions": [{"field": "status", "value": "solved"}]
    },
    {
      "id": 360004,
      "title": "Welcome",
      "actions": [{"field": "comment_value", "value": ["channel:all", "Welcome {{ticket.requester.first_name}}! {% if ticket.organization.name %}Hello to the team.{% endif %}"]}]
    }
  ]
}"#;

fn site() -> TestSite {
    TestSite::new()
        .file("handbook.yml", CONFIG)
        .file("content/_index.md", "---\ntitle: Support\n---\n")
        .file(
            "content/responses/_index.md",
            "---\ntitle: Responses\n---\n",
        )
        .file("macros.json", MACROS)
}

#[test]
fn zendesk_macros_become_response_pages_in_category_folders_that_build() {
    let site = site();
    let run = site.run(&[
        "import",
        "zendesk",
        "macros.json",
        "--into",
        "content/responses",
    ]);
    run.success()
        .stderr_has("imported 3 replies from macros.json (Zendesk macros) into content/responses: 3 written, 0 unchanged, 0 kept as they were")
        .stderr_has("skipped: macros.json, macro 360003 `Close as solved`: it adds no comment (it only sets ticket fields)")
        .stderr_has("`{{ticket.ticket_field_123}}` has no row in the placeholder table: imported as `{ticket_ticket_field_123}`")
        .stderr_has("the macro also sets status")
        .stderr_has("`{% if ticket.organization.name %}` is template logic")
        .stderr_has("inactive in Zendesk: imported as a draft");
    let page = std::fs::read_to_string(
        site.path()
            .join("content/responses/billing/refunds/refund-approved.md"),
    )
    .unwrap();
    assert!(page.starts_with("---\n# Imported by `handbook import` from macros.json, macro 360001 `Billing::Refunds::Refund approved`.\ntitle: Refund approved\ntype: response\nsummary: When a refund was approved by finance.\nchannels:\n- email\ntags:\n- refund\n- billing\nstatus: approved\nvariables:\n  name:\n    description: '`{{ticket.requester.first_name}}` in Zendesk macros.'\n"), "{page}");
    assert!(page.contains("```response\nHi {name},\n\nYour refund for ticket {ticket_id} is on its way; it shows up in {ticket_ticket_field_123} days.\n\n{agent_name}\n```\n"), "{page}");
    let index =
        std::fs::read_to_string(site.path().join("content/responses/billing/_index.md")).unwrap();
    assert_eq!(index, "---\ntitle: Billing\n---\n");
    let invoice = std::fs::read_to_string(
        site.path()
            .join("content/responses/billing/invoice-copy.md"),
    )
    .unwrap();
    assert!(invoice.contains("status: draft\n"), "{invoice}");
    assert!(
        invoice.contains("```response\nHello {name},\n\nHere is **your invoice**.\n```"),
        "{invoice}"
    );
    site.build(&[]).success();
    let html = site.read("responses/billing/refunds/refund-approved/index.html");
    assert!(html.contains("response-card"), "{html}");
}

#[test]
fn a_second_import_changes_nothing_and_an_edited_page_is_never_overwritten() {
    let site = site();
    site.run(&[
        "import",
        "zendesk",
        "macros.json",
        "--into",
        "content/responses",
    ])
    .success();
    let edited = site.path().join("content/responses/welcome.md");
    std::fs::write(&edited, "my own edit\n").unwrap();
    site.run(&[
        "import",
        "zendesk",
        "macros.json",
        "--into",
        "content/responses",
    ])
    .success()
    .stderr_has("0 written, 2 unchanged, 1 kept as they were")
    .stderr_has(
        "kept: content/responses/welcome.md exists with other text; it was not overwritten",
    );
    assert_eq!(std::fs::read_to_string(&edited).unwrap(), "my own edit\n");
}

#[test]
fn saved_replies_yaml_maps_simple_variables_and_reports_gaps_left_for_a_person() {
    let site = site().file(
        ".github/replies.yml",
        "replies:\n  - name: Checking In\n    body: |\n      Hey @{{ author }}! Is this still something you have time for?\n  - name: Clearly Duplicate Issue\n    body: |\n      Thanks! This is a duplicate of #<insert issue>. Please <details>search</details> first.\n  - name: Empty\n    body: ''\n",
    );
    site.run(&["import", "replies", ".github/replies.yml", "--into", "content/responses/github", "--channel", "forum"])
        .success()
        .stderr_has("2 written")
        .stderr_has("skipped: replies.yml, reply 3 `Empty`: it has no body")
        .stderr_has("content/responses/github/clearly-duplicate-issue.md: `<insert issue>` looks like a gap left for a person");
    let page = std::fs::read_to_string(site.path().join("content/responses/github/checking-in.md"))
        .unwrap();
    assert!(page.contains("channels:\n- forum\n"), "{page}");
    assert!(
        page.contains(
            "```response\nHey @{author}! Is this still something you have time for?\n```"
        ),
        "{page}"
    );
    let dup = std::fs::read_to_string(
        site.path()
            .join("content/responses/github/clearly-duplicate-issue.md"),
    )
    .unwrap();
    assert!(
        dup.contains("## To finish after the import\n\n- `<insert issue>` looks like a gap"),
        "{dup}"
    );
    assert!(!dup.contains("<details>` looks"), "{dup}");
    site.build(&[]).success();
}

#[test]
fn an_unknown_channel_is_refused_and_a_missing_default_channel_is_explained() {
    let site = site().file(".github/replies.yml", "- name: Hi\n  body: Hello there.\n");
    site.run(&[
        "import",
        "replies",
        ".github/replies.yml",
        "--into",
        "content/responses",
        "--channel",
        "slack",
    ])
    .failure(2)
    .stderr_has("unknown channel `slack`")
    .stderr_has("email, forum");
    assert!(!site.path().join("content/responses/hi.md").exists());
    site.run(&[
        "import",
        "replies",
        ".github/replies.yml",
        "--into",
        "content/responses",
    ])
    .success()
    .stderr_has("handbook.yml defines no `github` channel, so the pages list no channels");
    site.build(&[]).success();
}

#[test]
fn a_folder_of_discourse_templates_gives_one_page_per_topic() {
    let site = site()
        .file("forum/templates/_pins.md", "- pinned\n")
        .file(
            "forum/templates/README.md",
            "# Templates\n\nAbout this category.\n",
        )
        .file(
            "forum/templates/_topics/crosspost-merged/README.md",
            "# Cross-post merged\n\nUse when two topics ask the same.\n",
        )
        .file(
            "forum/templates/_topics/crosspost-merged/1.md",
            "<!--\n  Link the kept topic.\n-->\n\nI merged your cross-post into this topic.\n",
        )
        .file(
            "forum/templates/_topics/crosspost-merged/2.md",
            "Discussion of the template.\n",
        )
        .file(
            "forum/templates/_topics/about-the-templates-category/README.md",
            "# About the Templates category\n",
        )
        .file(
            "forum/templates/_topics/about-the-templates-category/1.md",
            "This category holds templates.\n",
        )
        .file(
            "forum/plain/welcome.md",
            "# Welcome aboard\n\nWelcome {name}, glad you are here.\n",
        );
    site.run(&["import", "folder", "forum", "--into", "content/responses/forum"])
        .success()
        .stderr_has("imported 2 replies from forum (reply folder)")
        .stderr_has("skipped: templates/_topics/about-the-templates-category/1.md: the description topic of a category, not a template")
        .stderr_has("`{name}` in the source is a placeholder in the handbook: declared as a variable");
    let page = std::fs::read_to_string(
        site.path()
            .join("content/responses/forum/cross-post-merged.md"),
    )
    .unwrap();
    assert!(page.contains("title: Cross-post merged\n"), "{page}");
    assert!(page.contains("channels:\n- forum\n"), "{page}");
    assert!(page.contains("Use when two topics ask the same.\n\nLink the kept topic.\n\n## Approved wording\n\n```response\nI merged your cross-post into this topic.\n```"), "{page}");
    let welcome = std::fs::read_to_string(
        site.path()
            .join("content/responses/forum/welcome-aboard.md"),
    )
    .unwrap();
    assert!(
        welcome.contains("```response\nWelcome {name}, glad you are here.\n```"),
        "{welcome}"
    );
    site.build(&[]).success();
}

#[test]
fn check_lists_what_an_import_left_for_a_person() {
    let site = site().file(
        ".github/replies.yml",
        "- name: Duplicate\n  body: 'This duplicates #<insert issue>.'\n",
    );
    site.run(&[
        "import",
        "replies",
        ".github/replies.yml",
        "--into",
        "content/responses",
    ])
    .success();
    site.run(&["check", "--today=2026-12-02"])
        .success()
        .stdout_has("content/responses/duplicate.md:12:3: warning[import-unfinished] unfinished import: `<insert issue>` looks like a gap left for a person")
        .stdout_has("warning[response-channels] this response lists no channels")
        .stdout_has("(`reviewed: 2026-12-02`)");
}
