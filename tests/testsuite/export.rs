//! `handbook export TOOL`: each helpdesk gets the fields its API documents, placeholders in
//! its own variables (never `{name}` as written), what was skipped said, and an import of a
//! tool's file followed by an export gives the same replies back.

use crate::harness::TestSite;

const CONFIG: &str = "title: Support\nchannels:\n  - id: email\n    name: Email\n    first_response_target: 4h\n  - id: chat\n    name: Chat\n    first_response_target: 5m\n  - id: forum\n    name: Forum\n    first_response_target: 1h\n";

fn site(extra_config: &str) -> TestSite {
    TestSite::new()
        .file("handbook.yml", &format!("{CONFIG}{extra_config}"))
        .file("content/responses/_index.md", "---\ntitle: Responses\n---\n")
        .file("content/responses/billing/_index.md", "---\ntitle: Billing\n---\n")
        .file(
            "content/responses/billing/refund.md",
            "---\ntitle: Refund question\ntype: response\nsummary: When someone asks for a refund.\nchannels: [email, chat, forum]\ntags: [billing, refunds]\nstatus: approved\nvariables:\n  name:\n    description: Their first name\n  plan:\n    description: Their plan\n---\n```response\nHi {name}, refunds on the {plan} plan take 5 days.\n\nThanks!\n```\n\n```response chat\nHi {name}! Refunds take 5 days.\n```\n",
        )
        .file(
            "content/responses/draft.md",
            "---\ntitle: Not yet\ntype: response\nsummary: s\nchannels: [email]\nstatus: draft\n---\n```response\nLater.\n```\n",
        )
        .file(
            "content/responses/forum-only.md",
            "---\ntitle: Forum welcome\ntype: response\nsummary: s\nchannels: [forum]\nstatus: approved\nvariables:\n  name:\n    description: Their handle\n---\n```response forum\nWelcome {name}!\n```\n",
        )
}

fn export(site: &TestSite, tool: &str) -> (serde_json::Value, String) {
    let run = site.run(&["export", tool]);
    run.success();
    let json = serde_json::from_str(&run.stdout).unwrap_or(serde_json::Value::Null);
    (json, run.stderr)
}

#[test]
fn help_scout_gets_name_html_text_and_chat_text_with_its_variables() {
    let (json, stderr) = export(&site(""), "helpscout");
    let list = json.as_array().unwrap();
    // "Forum welcome" has only a forum variant: nothing for email.
    assert_eq!(list.len(), 1, "{json}");
    let refund = &list[0];
    assert_eq!(refund["name"], "Billing: Refund question");
    assert_eq!(
        refund["text"],
        "Hi {%customer.firstName,fallback=there%}, refunds on the [PLAN] plan take 5 days.<br /><br />Thanks!"
    );
    assert_eq!(
        refund["chatText"],
        "Hi {%customer.firstName,fallback=there%}! Refunds take 5 days."
    );
    let keys: Vec<&String> = refund.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["chatText", "name", "text"], "only documented fields");
    assert!(
        stderr.contains("`{plan}` has no Help Scout variable: written as [PLAN]"),
        "{stderr}"
    );
    assert!(stderr.contains("exported 1 approved responses for Help Scout to standard output; skipped 1 drafts, 1 with no `email` variant and no wording for all channels (Forum welcome)"), "{stderr}");
}

#[test]
fn front_gitlab_and_discourse_get_their_documented_fields() {
    let s = site("");
    let (front, _) = export(&s, "front");
    assert_eq!(front[0]["name"], "Refund question");
    assert_eq!(
        front[0]["body"],
        "Hi {{recipient.first_name}}, refunds on the [PLAN] plan take 5 days.<br /><br />Thanks!"
    );
    assert!(front[0]["subject"].is_null());
    let (gitlab, stderr) = export(&s, "gitlab");
    assert_eq!(gitlab.as_array().unwrap().len(), 1, "{gitlab}");
    assert_eq!(gitlab[0]["name"], "Refund question");
    assert_eq!(
        gitlab[0]["content"],
        "Hi [NAME], refunds on the [PLAN] plan take 5 days.\n\nThanks!"
    );
    assert!(stderr.contains("skipped 1 drafts, 1 with no `gitlab` variant and no wording for all channels (Forum welcome)"), "{stderr}");
    let (discourse, _) = export(&s, "discourse");
    let by_title = |t: &str| {
        discourse
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["title"] == t)
            .cloned()
            .unwrap()
    };
    assert_eq!(
        by_title("Forum welcome")["raw"],
        "Welcome %{reply_to_username}!"
    );
    assert_eq!(
        by_title("Refund question")["tags"],
        serde_json::json!(["billing", "refunds"])
    );
    assert!(by_title("Refund question")["category"].is_null());
}

#[test]
fn the_placeholder_table_in_handbook_yml_wins_over_the_defaults() {
    let s = site(
        "helpdesks:\n  zendesk:\n    placeholders:\n      plan: \"{{ticket.organization.custom_fields.plan}}\"\n      name: \"{{ticket.requester.name}}\"\n",
    );
    let (json, stderr) = export(&s, "zendesk");
    let refund = &json["macros"][0];
    assert_eq!(refund["title"], "Billing::Refund question");
    assert_eq!(
        refund["actions"][0]["value"],
        "Hi {{ticket.requester.name}}, refunds on the {{ticket.organization.custom_fields.plan}} plan take 5 days.\n\nThanks!"
    );
    assert_eq!(refund["actions"][2]["field"], "current_tags");
    assert_eq!(refund["actions"][2]["value"], "billing refunds");
    assert!(!stderr.contains("has no Zendesk variable"), "{stderr}");
    s.file(
        "handbook.yml",
        &format!("{CONFIG}helpdesks:\n  zendesk:\n    placeholder: {{}}\n"),
    )
    .run(&["export", "zendesk"])
    .failure(1)
    .stderr_has("placeholder");
}

#[test]
fn zendesk_macros_survive_an_import_and_an_export() {
    let macros = r#"{"macros": [
      {"id": 1, "title": "Billing::Refunds::Refund approved", "active": true, "description": "d",
       "actions": [{"field": "comment_value", "value": "Hi {{ticket.requester.first_name}},\n\nyour refund for {{ticket.id}} is on its way.\n\n{{current_user.first_name}}"},
                   {"field": "current_tags", "value": "refund"}]},
      {"id": 2, "title": "Welcome", "active": true,
       "actions": [{"field": "comment_value", "value": "Welcome {{ticket.requester.name}}!"}]}
    ]}"#;
    let s = TestSite::new()
        .file("handbook.yml", CONFIG)
        .file(
            "content/responses/_index.md",
            "---\ntitle: Responses\n---\n",
        )
        .file("macros.json", macros);
    s.run(&[
        "import",
        "zendesk",
        "macros.json",
        "--into",
        "content/responses",
    ])
    .success();
    let (json, _) = export(&s, "zendesk");
    let original: serde_json::Value = serde_json::from_str(macros).unwrap();
    let pairs = |v: &serde_json::Value| {
        let mut p: Vec<(String, String, String)> = v["macros"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                let comment = m["actions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|a| a["field"] == "comment_value")
                    .unwrap();
                let tags = m["actions"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|a| a["field"] == "current_tags")
                    .map_or(String::new(), |a| a["value"].as_str().unwrap().to_owned());
                (
                    m["title"].as_str().unwrap().to_owned(),
                    comment["value"].as_str().unwrap().to_owned(),
                    tags,
                )
            })
            .collect();
        p.sort();
        p
    };
    assert_eq!(pairs(&json), pairs(&original));
}

#[test]
fn saved_replies_survive_an_import_and_an_export() {
    let yaml = "replies:\n- name: Checking In\n  body: |\n    Hey @{{ author }}! Is this still something you have time for?\n- name: Fix Has Been Merged\n  body: |\n    The fix has been merged.\n    \\\n    Try the `canary` tag.\n";
    let s = TestSite::new()
        .file(
            "handbook.yml",
            &format!("{CONFIG}  - id: github\n    name: GitHub\n    first_response_target: 1d\n"),
        )
        .file(
            "content/responses/_index.md",
            "---\ntitle: Responses\n---\n",
        )
        .file("replies.yml", yaml);
    s.run(&[
        "import",
        "replies",
        "replies.yml",
        "--into",
        "content/responses",
    ])
    .success();
    let run = s.run(&["export", "github"]);
    run.success();
    let back: serde_yaml::Value = serde_yaml::from_str(&run.stdout).unwrap();
    let original: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
    assert_eq!(back, original, "{}", run.stdout);
}
