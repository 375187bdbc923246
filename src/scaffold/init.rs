//! `handbook init DIR`: writes the bundled Community Advocacy handbook (embedded in the binary)
//! into a new folder, with its configuration and a GitLab CI file that checks and publishes it;
//! `handbook init --minimal DIR` writes a handbook of a few pages to start from instead. Either
//! way the configuration is the new site's own (no Lumen addresses), and the sample responses
//! are reviewed on the day of `init`, so the first `handbook check` is clean.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};
use include_dir::{Dir, include_dir};

static CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");
const CONFIG: &str = include_str!("../../handbook.yml");
const GITLAB_CI: &str = include_str!("gitlab-ci.yml");
const GITIGNORE: &str = "/public\n";

/// The bundled handbook's configuration made the new site's own: Lumen's edit link and
/// address become commented examples, and the comment no longer points at a README that is
/// not copied.
pub fn sample_config() -> String {
    let mut out = String::with_capacity(CONFIG.len() + 200);
    for line in CONFIG.lines() {
        if line.starts_with("# Configuration of the bundled") {
            out.push_str("# Configuration of this handbook. Every key is optional; `handbook build` reports a\n");
            continue;
        }
        if line.starts_with("# lists them all.") {
            out.push_str("# misspelt or unknown key at its line.\n");
            continue;
        }
        if line.starts_with("base_url:") {
            out.push_str("# Where the site is published: canonical links and sitemap.xml need it. The GitLab CI\n# job sets it with --base-url.\n# base_url: https://handbook.example.org/\n");
            continue;
        }
        if line.starts_with("edit_url:") {
            out.push_str("# An \"Edit this page\" link on every page, e.g.\n# edit_url: https://gitlab.com/your-group/handbook/-/edit/main/{path}\n");
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// `text` with every front matter `reviewed:` date set to `today`.
pub fn reviewed_on(text: &str, today: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut fences = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "---" {
            fences += 1;
        }
        match line.strip_prefix("reviewed:") {
            Some(rest) if fences == 1 => {
                let date = rest.trim_start();
                let comment = date.get(10..).unwrap_or("");
                out.push_str("reviewed: ");
                out.push_str(today);
                out.push_str(comment.trim_end_matches('\n'));
                out.push('\n');
            }
            _ => out.push_str(line),
        }
    }
    out
}

const MINIMAL_CONFIG: &str = "# Configuration of this handbook. Every key is optional; `handbook build` reports a\n# misspelt or unknown key at its line.\ntitle: Team Handbook\ndescription: How our team works, and what we say when people ask.\nlanguage: en\n# Where the site is published: canonical links and sitemap.xml need it. The GitLab CI\n# job sets it with --base-url.\n# base_url: https://handbook.example.org/\n# An \"Edit this page\" link on every page, e.g.\n# edit_url: https://gitlab.com/your-group/handbook/-/edit/main/{path}\n\n# Where the team answers; responses refer to these ids.\nchannels:\n  - id: email\n    name: Email\n    first_response_target: 1d\n\nresponses:\n  review_every: 90d\n";

/// The pages of `init --minimal`: a home, one page, and a response library with one response.
fn minimal_content(today: &str) -> Vec<(&'static str, String)> {
    vec![
        ("_index.md", "---\ntitle: Team Handbook\ndescription: How our team works, and what we say when people ask.\n---\n\nWelcome. Start with [how we work](how-we-work.md), or look up an answer in the [response library](responses/_index.md).\n\nAdd a page with `handbook new page how-we-work/on-call.md`, and see it with `handbook serve`.\n".to_owned()),
        ("how-we-work.md", format!("---\ntitle: How we work\ndescription: Our hours, where we answer and who decides.\nweight: 10\nupdated: {today}\n---\n\n## Hours\n\nWrite your team's hours here.\n\n## Where we answer\n\nEmail, within a day. Add channels in `handbook.yml`.\n")),
        ("responses/_index.md", "---\ntitle: Response library\ndescription: Approved wording for the questions we get every week.\nweight: 20\n---\n\nEvery response has its approved wording, ready to copy.\n".to_owned()),
        ("responses/thanks-for-writing.md", format!("---\ntitle: Thanks for writing\ndescription: The first reply to a question we will answer in full later.\ntype: response\nsummary: Use when you need time to find the answer.\nchannels: [email]\nstatus: approved\nowner: \"@you\"\napproved_by: \"@you\"\nreviewed: {today}\nvariables:\n  name:\n    description: The person's first name\n    example: Kai\n---\n\nSay when they will hear back, and keep that promise.\n\n## Approved wording\n\n```response\nHi {{name}}, thanks for writing. We are looking into it and will get back to you by tomorrow.\n```\n")),
    ]
}

/// Writes a new handbook into `dir`, which must not exist or be empty: the bundled handbook,
/// or a minimal one, its reviews dated `today`. Returns the files written.
pub fn init(dir: &Path, minimal: bool, today: chrono::NaiveDate) -> Result<usize> {
    if dir.exists() {
        if !dir.is_dir() {
            bail!(
                "{} exists and is not a folder\n  = help: choose a new folder name",
                dir.display()
            );
        }
        let mut entries =
            fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        if entries.next().is_some() {
            bail!(
                "refusing to write into {}: the folder is not empty\n  = help: choose a new or empty folder; `handbook init` never overwrites files",
                dir.display()
            );
        }
    }
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut written = 0;
    let mut write = |rel: &Path, bytes: &[u8]| -> Result<()> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
        written += 1;
        Ok(())
    };
    let today = today.to_string();
    write(Path::new(".gitlab-ci.yml"), GITLAB_CI.as_bytes())?;
    write(Path::new(".gitignore"), GITIGNORE.as_bytes())?;
    if minimal {
        write(Path::new("handbook.yml"), MINIMAL_CONFIG.as_bytes())?;
        for (rel, text) in minimal_content(&today) {
            write(&Path::new("content").join(rel), text.as_bytes())?;
        }
        return Ok(written);
    }
    write(Path::new("handbook.yml"), sample_config().as_bytes())?;
    let mut stack = vec![&CONTENT];
    while let Some(folder) = stack.pop() {
        for file in folder.files() {
            let rel = Path::new("content").join(file.path());
            match std::str::from_utf8(file.contents()) {
                Ok(text) if file.path().extension().is_some_and(|e| e == "md") => {
                    write(&rel, reviewed_on(text, &today).as_bytes())?
                }
                _ => write(&rel, file.contents())?,
            }
        }
        stack.extend(folder.dirs());
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reviews_are_dated_today_and_the_config_is_the_sites_own() {
        let text = "---\ntitle: A\nreviewed: 2026-01-02   # last review\n---\nreviewed: 2020-01-01 stays\n";
        assert_eq!(
            reviewed_on(text, "2030-05-06"),
            "---\ntitle: A\nreviewed: 2030-05-06   # last review\n---\nreviewed: 2020-01-01 stays\n"
        );
        let config = sample_config();
        assert!(!config.contains("lumen/community-handbook"), "{config}");
        assert!(!config.contains("README"), "{config}");
        assert!(
            !config
                .lines()
                .any(|l| l.starts_with("base_url:") || l.starts_with("edit_url:"))
        );
        assert!(config.contains("channels:"));
    }
}
