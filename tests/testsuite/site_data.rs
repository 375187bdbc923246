//! Site data (issue 13): the files of `data/` are `site.data` in templates and shortcodes,
//! nested by folder and file name as Hugo's `.Site.Data`, so a data-driven Hugo shortcode (a
//! team member card, a table of people by manager) ports to a short tera template. The README's
//! guide is this test's example.

use crate::harness::TestSite;

const MEMBERS: &str = "\
- slug: ana
  name: Ana Lima
  role: Community Advocate
  manager: kai
- slug: kai
  name: Kai Sato
  role: Community Manager
- slug: lee
  name: Lee Park
  role: Support Engineer
  manager: kai
";

const CARD: &str = r#"{%- for person in site.data.team.members %}{% if person.slug == arg %}
<div class="team-member"><strong>{{ person.name }}</strong> · {{ person.role }}</div>
{%- endif %}{% endfor %}
"#;

const REPORTS: &str = r#"<table class="reports"><tr><th>Name</th><th>Role</th></tr>
{%- for person in site.data.team.members %}{% if person.manager | default(value="") == arg %}
<tr><td>{{ person.name }}</td><td>{{ person.role }}</td></tr>
{%- endif %}{% endfor %}
</table>
"#;

fn team_site() -> TestSite {
    TestSite::new()
        .file("data/team/members.yaml", MEMBERS)
        .file("data/channels.csv", "id,name\nforum,Forum\nchat,Chat\n")
        .file("data/links.toml", "[docs]\nurl = \"https://example.org/docs\"\n")
        .file(
            "themes/default/templates/shortcodes/team-member.html",
            CARD,
        )
        .file("themes/default/templates/shortcodes/reports.html", REPORTS)
        .file(
            "themes/default/templates/shortcodes/channels.html",
            "{% for c in site.data.channels %}[{{ c.id }}={{ c.name }}]{% endfor %} {{ site.data.links.docs.url }}",
        )
        .file(
            "content/team.md",
            "# Team\n\n{{< team-member ana >}}\n\nReports to Kai:\n\n{{< reports kai >}}\n\n{{< channels >}}\n",
        )
}

#[test]
fn data_files_are_site_data_in_shortcodes() {
    let site = team_site();
    let run = site.build(&[]);
    run.success();
    let html = site.read("team/index.html");
    assert!(
        html.contains(
            "<div class=\"team-member\"><strong>Ana Lima</strong> · Community Advocate</div>"
        ),
        "{html}"
    );
    assert!(
        html.contains("<tr><td>Ana Lima</td><td>Community Advocate</td></tr>"),
        "{html}"
    );
    assert!(
        html.contains("<tr><td>Lee Park</td><td>Support Engineer</td></tr>"),
        "{html}"
    );
    assert!(!html.contains("<td>Kai Sato</td>"), "{html}");
    assert!(
        html.contains("[forum=Forum][chat=Chat] https://example.org/docs"),
        "{html}"
    );
}

#[test]
fn data_is_there_for_page_templates_too() {
    let site = team_site().file(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p id=\"lead\">{{ site.data.team.members[1].name }}</p>{% endblock main %}",
    );
    site.build(&[]).success();
    assert!(
        site.read("team/index.html")
            .contains("<p id=\"lead\">Kai Sato</p>"),
        "{}",
        site.read("team/index.html")
    );
}

#[test]
fn a_data_file_that_does_not_read_is_a_located_error() {
    let site = team_site().file("data/broken.json", "{\n  \"a\": 1,\n  \"b\": \n}\n");
    let run = site.build(&[]);
    run.failure(1);
    run.stderr_has("error: data file does not read:")
        .stderr_has("  --> data/broken.json:4:")
        .stderr_has("templates see this file as `site.data.broken`: fix its JSON syntax");
}
