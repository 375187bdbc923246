//! `handbook init DIR`: writes the bundled Community Advocacy handbook (embedded in the binary)
//! into a new folder, with its configuration and a GitLab CI file that checks and publishes it.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result, bail};
use include_dir::{Dir, include_dir};

static CONTENT: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/content");
const CONFIG: &str = include_str!("../../handbook.yml");
const GITLAB_CI: &str = include_str!("gitlab-ci.yml");
const GITIGNORE: &str = "/public\n";

/// Writes a new handbook into `dir`, which must not exist or be empty. Returns the files written.
pub fn init(dir: &Path) -> Result<usize> {
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
    write(Path::new("handbook.yml"), CONFIG.as_bytes())?;
    write(Path::new(".gitlab-ci.yml"), GITLAB_CI.as_bytes())?;
    write(Path::new(".gitignore"), GITIGNORE.as_bytes())?;
    let mut stack = vec![&CONTENT];
    while let Some(folder) = stack.pop() {
        for file in folder.files() {
            write(&Path::new("content").join(file.path()), file.contents())?;
        }
        stack.extend(folder.dirs());
    }
    Ok(written)
}
