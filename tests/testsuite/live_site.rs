//! The preview server's live site in process, without HTTP or a file watcher: `LiveSite::open`
//! builds it, `plan_batch` + `apply` take the paths a watcher would report. After every change
//! what it publishes must be what `handbook build` makes of the same files; the binary tests in
//! `serve.rs` cover the server around it.

use std::collections::BTreeMap;
use std::path::PathBuf;

use handbook::output::Sink;
use handbook::pipeline;
use handbook::serve::memory::MemorySink;
use handbook::serve::published::SharedSite;
use handbook::serve::reload::Reload;
use handbook::serve::state::{LiveSite, SiteOptions, Update};
use handbook::site::Site;

use crate::harness::TestSite;

/// A live site and the handle to what it publishes.
struct Live {
    root: PathBuf,
    site: LiveSite,
    published: SharedSite,
}

impl Live {
    #[track_caller]
    fn open(site: &TestSite) -> (Live, Update) {
        let published = SharedSite::default();
        let options = SiteOptions {
            root: site.path().to_path_buf(),
            drafts: false,
        };
        let (live, update) = LiveSite::open(options, published.clone());
        let live = Live {
            root: site.path().to_path_buf(),
            site: live,
            published,
        };
        (live, update)
    }

    /// Writes `text` to `rel` and applies the change; `full` is whether it must rebuild all.
    #[track_caller]
    fn edit(&mut self, rel: &str, text: &str, full: bool) -> Update {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, text).unwrap();
        self.apply(&[path], full)
    }

    #[track_caller]
    fn apply(&mut self, paths: &[PathBuf], full: bool) -> Update {
        let batch = self.site.plan_batch(paths);
        assert_eq!(batch.rebuilds_all(), full, "rebuilds all: {paths:?}");
        self.site.apply(batch)
    }

    /// The published files but the search index (refreshed in the background).
    fn files(&self) -> BTreeMap<String, Vec<u8>> {
        self.published
            .read()
            .files
            .iter()
            .filter(|(rel, _)| !rel.starts_with("search/"))
            .map(|(rel, served)| (rel.clone(), served.bytes().into_owned()))
            .collect()
    }

    fn page(&self, rel: &str) -> String {
        let files = self.files();
        let bytes = files
            .get(rel)
            .unwrap_or_else(|| panic!("{rel} is not published"));
        String::from_utf8(bytes.clone()).unwrap()
    }

    fn errors(&self) -> Vec<String> {
        let published = self.published.read();
        published.errors.iter().map(ToString::to_string).collect()
    }

    /// What a full build of the files as they are now makes, but the search index.
    fn built(&self) -> BTreeMap<String, Vec<u8>> {
        let site = Site::open(&self.root, None).unwrap().unwrap();
        let sink = MemorySink::default();
        let options = handbook::run_options::RunOptions {
            preview: true,
            ..handbook::run_options::RunOptions::new(&site)
        };
        let outcome = pipeline::build_into(&site, &options, &sink);
        assert_eq!(outcome.errors(), 0, "{:?}", outcome.diagnostics);
        assert_eq!(sink.count(), outcome.files);
        sink.into_files()
            .into_iter()
            .filter(|(rel, _)| !rel.starts_with("search/"))
            .map(|(rel, served)| (rel, served.bytes().into_owned()))
            .collect()
    }

    /// Every published file is what the build makes, and nothing else is published.
    #[track_caller]
    fn assert_as_built(&self) {
        let (served, built) = (self.files(), self.built());
        let names = |files: &BTreeMap<String, Vec<u8>>| files.keys().cloned().collect::<Vec<_>>();
        assert_eq!(names(&served), names(&built));
        for (rel, bytes) in &built {
            assert!(
                served[rel] == *bytes,
                "{rel} differs from the build:\n--- served\n{}\n--- built\n{}",
                String::from_utf8_lossy(&served[rel]),
                String::from_utf8_lossy(bytes)
            );
        }
    }
}

fn site() -> TestSite {
    TestSite::new()
        .file("handbook.yml", "title: Live\n")
        .file("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")
        .file(
            "content/guide.md",
            "---\ntitle: Guide\nweight: 1\n---\n# Guide\n\nFirst.\n\n## Steps\n\nDo it.\n",
        )
        .file(
            "content/other.md",
            "---\ntitle: Other\nweight: 2\naliases: [/old-other/]\n---\nSee the [steps](guide.md#steps).\n",
        )
        .file("content/area/_index.md", "---\ntitle: Area\n---\nThe area.\n")
        .file("content/area/page.md", "---\ntitle: Area page\n---\nBody.\n")
        .file("content/area/next.md", "---\ntitle: Next page\n---\nMore.\n")
        .file("static/app.css", "body {}\n")
}

#[test]
fn open_publishes_what_the_build_makes() {
    // (the build of a preview: see `the_preview_marks_unknown_shortcodes_and_empty_sections`)
    let site = site();
    let (live, update) = Live::open(&site);
    assert_eq!(update.reload, Some(Reload::Page));
    assert!(
        update.summary.starts_with("Rebuilt 6 pages"),
        "{}",
        update.summary
    );
    assert!(live.errors().is_empty());
    assert!(live.files().contains_key("old-other/index.html"));
    live.assert_as_built();
}

#[test]
fn an_edited_body_renders_that_page_alone() {
    let site = site();
    let (mut live, _) = Live::open(&site);
    let update = live.edit(
        "content/area/page.md",
        "---\ntitle: Area page\n---\nNew body.\n",
        false,
    );
    assert!(
        update.summary.starts_with("Rebuilt 1 page(s)"),
        "{}",
        update.summary
    );
    assert_eq!(update.reload, Some(Reload::Page));
    assert!(live.page("area/page/index.html").contains("New body."));
    live.assert_as_built();
    // Saved again unchanged: nothing to do.
    let again = live.edit(
        "content/area/page.md",
        "---\ntitle: Area page\n---\nNew body.\n",
        false,
    );
    assert_eq!(again.reload, None);
}

#[test]
fn a_new_title_updates_the_listings_and_the_navigation() {
    let site = site();
    let (mut live, _) = Live::open(&site);
    live.edit(
        "content/area/page.md",
        "---\ntitle: A first page\n---\nBody.\n",
        false,
    );
    let next = live.page("area/next/index.html");
    assert!(next.contains("A first page"), "{next}");
    live.assert_as_built();
}

#[test]
fn changed_headings_recheck_the_links_to_them() {
    let site = site();
    let (mut live, _) = Live::open(&site);
    let update = live.edit(
        "content/guide.md",
        "---\ntitle: Guide\nweight: 1\n---\n# Guide\n\nFirst.\n\n## Stages\n\nDo it.\n",
        false,
    );
    // `other.md` links to `#steps`, which is gone: the edit is not published.
    assert!(
        update
            .diagnostics
            .iter()
            .any(|d| d.is_error() && d.to_string().contains("#steps")),
        "{:?}",
        update.diagnostics
    );
    assert!(
        update.summary.starts_with("Rebuild failed"),
        "{}",
        update.summary
    );
    assert!(live.page("guide/index.html").contains("Steps"));
    assert_eq!(live.errors().len(), 1, "{:?}", live.errors());
    // Fixing the link publishes both.
    live.edit(
        "content/other.md",
        "---\ntitle: Other\nweight: 2\naliases: [/old-other/]\n---\nSee the [stages](guide.md#stages).\n",
        false,
    );
    assert!(live.errors().is_empty(), "{:?}", live.errors());
    assert!(live.page("guide/index.html").contains("Stages"));
    live.assert_as_built();
}

#[test]
fn a_renamed_page_moves_without_a_full_rebuild() {
    let site = site();
    let (mut live, _) = Live::open(&site);
    let from = site.path().join("content/area/next.md");
    let to = site.path().join("content/area/later.md");
    std::fs::rename(&from, &to).unwrap();
    let update = live.apply(&[from, to], false);
    assert_eq!(update.reload, Some(Reload::Page));
    assert!(!live.files().contains_key("area/next/index.html"));
    assert!(live.page("area/later/index.html").contains("More."));
    live.assert_as_built();
}

#[test]
fn new_pages_drafts_and_aliases_rebuild_everything() {
    let site = site();
    let (mut live, _) = Live::open(&site);
    live.edit("content/area/new.md", "---\ntitle: New\n---\nNew.\n", true);
    live.assert_as_built();
    // The plan cannot tell from the path; reading the page finds the new alias.
    let update = live.edit(
        "content/other.md",
        "---\ntitle: Other\nweight: 2\naliases: [/older/]\n---\nSee the [steps](guide.md#steps).\n",
        false,
    );
    assert!(
        update.summary.starts_with("Rebuilt 7 pages"),
        "{}",
        update.summary
    );
    assert!(!live.files().contains_key("old-other/index.html"));
    live.assert_as_built();
    let gone = site.path().join("content/area/new.md");
    std::fs::remove_file(&gone).unwrap();
    live.apply(&[gone], true);
    live.assert_as_built();
}

#[test]
fn a_stylesheet_alone_swaps_without_a_page_reload() {
    let site = site();
    let (mut live, _) = Live::open(&site);
    let update = live.edit("static/app.css", "body { color: red }\n", false);
    assert_eq!(update.reload, Some(Reload::Css));
    live.assert_as_built();
}

#[test]
fn typed_pages_show_the_references_of_an_edited_typed_page() {
    let site = crate::kinds::kinds_site();
    let (mut live, _) = Live::open(&site);
    live.assert_as_built();
    // The escalation path no longer lists the response: the response's page no longer links
    // back to it.
    let path = "content/escalations/billing.md";
    let text = std::fs::read_to_string(site.path().join(path)).unwrap();
    let edited = text.replace("responses: [../responses/refund.md]\n", "");
    assert_ne!(edited, text);
    live.edit(path, &edited, false);
    let refund = live.page("responses/refund/index.html");
    assert!(
        !refund.contains("href=\"/escalations/billing/\""),
        "{refund}"
    );
    live.assert_as_built();
    // A new summary of a response reaches the finder and the channel pages.
    let path = "content/responses/refund.md";
    let text = std::fs::read_to_string(site.path().join(path)).unwrap();
    live.edit(
        path,
        &text.replace("When someone asks for a refund.", "Refund requests."),
        false,
    );
    assert!(
        live.page("channels/x/index.html")
            .contains("Refund requests.")
    );
    live.assert_as_built();
    // A new grade reaches the ladder of every role of the family, a new topic the experts'
    // section, a retired response the escalation path that lists it.
    for (path, from, to) in [
        ("content/roles/junior.md", "grade: 5", "grade: 6"),
        (
            "content/experts/ana.md",
            "topics: [refunds, invoices]",
            "topics: [refunds, taxes]",
        ),
        (
            "content/escalations/billing.md",
            "channels: [x]\n",
            "responses: [../responses/old-refund.md]\nchannels: [x]\n",
        ),
        (
            "content/responses/old-refund.md",
            "status: deprecated\nreplaced_by: refund.md\n",
            "status: draft\n",
        ),
    ] {
        let text = std::fs::read_to_string(site.path().join(path)).unwrap();
        assert!(text.contains(from), "{path}");
        live.edit(path, &text.replace(from, to), false);
        live.assert_as_built();
    }
    assert!(live.page("experts/index.html").contains("taxes"));
}

#[test]
fn a_page_that_breaks_keeps_the_last_good_one_until_fixed() {
    let site = site();
    let (mut live, _) = Live::open(&site);
    let broken = live.edit(
        "content/area/page.md",
        "---\ntitle: Area page\n---\nSee [nothing](missing.md).\n",
        false,
    );
    assert_eq!(broken.reload, Some(Reload::Page));
    assert!(live.page("area/page/index.html").contains("Body."));
    assert_eq!(live.errors().len(), 1, "{:?}", live.errors());
    live.edit(
        "content/area/page.md",
        "---\ntitle: Area page\n---\nFixed.\n",
        false,
    );
    assert!(live.errors().is_empty(), "{:?}", live.errors());
    live.assert_as_built();
}

#[test]
fn an_included_file_renders_again_the_pages_that_include_it() {
    let site = site()
        .file("snippets/signature.md", "Signed, the *team*.\n")
        .file(
            "content/uses.md",
            "---\ntitle: Uses\n---\n{{< include \"snippets/signature.md\" >}}\n",
        );
    let (mut live, _) = Live::open(&site);
    assert!(live.page("uses/index.html").contains("<em>team</em>"));
    let update = live.edit("snippets/signature.md", "Signed, the *crew*.\n", false);
    assert!(
        update.summary.starts_with("Rebuilt 1 page(s)"),
        "{}",
        update.summary
    );
    assert!(live.page("uses/index.html").contains("<em>crew</em>"));
    live.assert_as_built();
}

#[test]
fn a_broken_configuration_keeps_the_last_good_site_until_fixed() {
    let site = site();
    let (mut live, _) = Live::open(&site);
    let before = live.files();
    let update = live.edit("handbook.yml", "title: [unclosed\n", true);
    assert!(
        update.summary.starts_with("Build failed"),
        "{}",
        update.summary
    );
    assert_eq!(live.files(), before);
    assert!(!live.errors().is_empty());
    // Until the site builds again, every change rebuilds it all.
    live.edit(
        "content/area/page.md",
        "---\ntitle: Area page\n---\nEdited meanwhile.\n",
        true,
    );
    assert_eq!(live.files(), before);
    live.edit("handbook.yml", "title: Live again\n", true);
    assert!(live.errors().is_empty(), "{:?}", live.errors());
    assert!(
        live.page("area/page/index.html")
            .contains("Edited meanwhile.")
    );
    live.assert_as_built();
}

#[test]
fn a_typed_page_that_fails_is_put_back_whole() {
    let site = crate::kinds::kinds_site();
    let (mut live, _) = Live::open(&site);
    let path = "content/escalations/billing.md";
    let good = std::fs::read_to_string(site.path().join(path)).unwrap();
    // A reference to no page is an error: nothing of the edit is published or kept.
    let bad = good.replace(
        "responses: [../responses/refund.md]",
        "responses: [../responses/missing.md]",
    );
    let update = live.edit(path, &bad, false);
    assert!(
        update.summary.starts_with("Rebuild failed"),
        "{}",
        update.summary
    );
    std::fs::write(site.path().join(path), &good).unwrap();
    // Another page's edit now renders the site as the good files say, the path's backlinks
    // included.
    let other = "content/guidelines/tone.md";
    let text = std::fs::read_to_string(site.path().join(other)).unwrap();
    live.edit(other, &text.replace("Be kind.", "Be kind, always."), false);
    assert!(
        live.page("responses/refund/index.html")
            .contains("href=\"/escalations/billing/\"")
    );
    live.assert_as_built();
}

#[test]
fn an_edit_not_committed_is_changed_now() {
    let site = site();
    crate::git_history::git(site.path(), &["init", "-q"], "2024-01-01T00:00:00Z", "x");
    crate::git_history::commit(site.path(), "2024-05-05T10:00:00Z", "Ana Lopez");
    let (mut live, _) = Live::open(&site);
    assert!(live.page("area/page/index.html").contains(
        "datetime=\"2024-05-05\">5 May 2024</time> by <span class=\"hb-author\">Ana Lopez</span>"
    ));
    live.edit(
        "content/area/page.md",
        "---\ntitle: Area page\n---\nNew body.\n",
        false,
    );
    let page = live.page("area/page/index.html");
    assert!(page.contains("Changed now"), "{page}");
    assert!(!live.page("area/next/index.html").contains("Changed now"));
    live.assert_as_built();
}

/// What the preview shows authors and a built site does not show readers (issue 13): an
/// unknown shortcode as a visible placeholder, an empty section saying so.
#[test]
fn the_preview_marks_unknown_shortcodes_and_empty_sections() {
    let site = TestSite::new()
        .file("content/_index.md", "---\ntitle: Home\n---\n")
        .file(
            "content/page.md",
            "# Page\n\n{{< button >}}Go{{< /button >}} {{< legacy-img >}}\n",
        )
        .file("content/empty/_index.md", "---\ntitle: Empty\n---\n");
    let (live, _) = Live::open(&site);
    let page = live.page("page/index.html");
    assert!(page.contains("<span class=\"shortcode-unknown\""), "{page}");
    assert!(page.contains("{{&lt; legacy-img &gt;}}"), "{page}");
    let empty = live.page("empty/index.html");
    assert!(empty.contains("This section has no pages yet"), "{empty}");
    site.build(&[]).success();
    let page = site.read("page/index.html");
    assert!(!page.contains("shortcode-unknown"), "{page}");
    assert!(page.contains("Go"), "{page}");
    assert!(!site.read("empty/index.html").contains("no pages yet"));
}

/// A data file read by a shortcode: changing it rebuilds the site, so the page shows the new
/// value (issue 13).
#[test]
fn an_edited_data_file_rebuilds_the_pages_that_read_it() {
    let site = TestSite::new()
        .file("content/_index.md", "---\ntitle: Home\n---\n")
        .file("content/page.md", "# Page\n\n{{< lead >}}\n")
        .file("data/team.yaml", "lead: Ana\n")
        .file(
            "themes/default/templates/shortcodes/lead.html",
            "<b id=\"lead\">{{ site.data.team.lead }}</b>",
        );
    let (mut live, _) = Live::open(&site);
    assert!(
        live.page("page/index.html")
            .contains("<b id=\"lead\">Ana</b>")
    );
    live.edit("data/team.yaml", "lead: Kai\n", true);
    assert!(
        live.page("page/index.html")
            .contains("<b id=\"lead\">Kai</b>")
    );
    live.assert_as_built();
}
