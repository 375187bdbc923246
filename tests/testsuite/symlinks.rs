//! Symbolic links in `content/`, `static/` and a theme: followed when they lead inside the
//! site, not followed (with a warning that says how to allow it) when they lead out of it
//! unless `follow_symlinks: true`, and loops neither hang nor fail the build.

#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::harness::{Run, TestSite};

fn link(site: &TestSite, rel: &str, target: impl AsRef<Path>) {
    let path = site.path().join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    symlink(target, path).unwrap();
}

/// `handbook <args>` in the site folder, killed after `limit`.
fn run_within(site: &TestSite, args: &[&str], limit: Duration) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_handbook"))
        .args(args)
        .current_dir(site.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run handbook");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            child.kill().unwrap();
            panic!("handbook {args:?} still ran after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn links_out_of_the_site_are_not_published_and_say_how_to_allow_them() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "SECRET").unwrap();
    std::fs::create_dir(outside.path().join("dir")).unwrap();
    std::fs::write(outside.path().join("dir/page.md"), "# Outside page\n").unwrap();
    let site = TestSite::new()
        .file("content/a.md", "# A\n")
        .file("shared/in.txt", "inside")
        .file("shared/notes.md", "# Shared notes\n");
    link(&site, "content/passwd.txt", &secret);
    link(&site, "content/elsewhere", outside.path().join("dir"));
    link(&site, "static/host.txt", &secret);
    link(&site, "themes/default/static/theme.txt", &secret);
    // Links that stay in the site are followed, relative or not, to files or folders.
    link(&site, "content/in.txt", "../shared/in.txt");
    link(&site, "content/shared", site.path().join("shared"));
    link(&site, "static/in.txt", "../shared/in.txt");
    link(
        &site,
        "themes/default/static/in-theme.txt",
        "../../../shared/in.txt",
    );

    let run = site.build(&["--verbose"]);
    run.success()
        .stderr_has("warning: symbolic link to `")
        .stderr_has("secret.txt`, outside the site: not followed, so not published")
        .stderr_has("--> content/passwd.txt\n")
        .stderr_has("--> content/elsewhere\n")
        .stderr_has("--> static/host.txt\n")
        .stderr_has("--> themes/default/static/theme.txt\n")
        .stderr_has("set `follow_symlinks: true` in handbook.yml");
    assert!(run.stdout.contains("4 warnings"), "{}", run.stdout);
    for leaked in [
        "passwd.txt",
        "host.txt",
        "theme.txt",
        "elsewhere/page/index.html",
    ] {
        assert!(!site.out(leaked).exists(), "{leaked} was published");
    }
    assert_eq!(site.read("in.txt"), "inside");
    assert_eq!(site.read("in-theme.txt"), "inside");
    assert!(
        site.read("shared/notes/index.html")
            .contains("Shared notes")
    );
    let run = site.run(&["check"]);
    run.success();
    assert!(
        run.stdout
            .contains("content/passwd.txt: warning[build] symbolic link to `"),
        "{}",
        run.stdout
    );

    // An include reads through the same policy.
    let site = site.file("content/inc.md", "{{< include \"passwd.txt\" >}}\n");
    let run = site.build(&[]);
    run.failure(1)
        .stderr_has("--> content/inc.md:1:1")
        .stderr_has("`content/passwd.txt` is a symbolic link out of the site");
    assert!(!run.stderr.contains("SECRET"), "{}", run.stderr);

    let site = site.file("handbook.yml", "follow_symlinks: true\n");
    let run = site.build(&[]);
    run.success();
    assert!(!run.stderr.contains("outside the site"), "{}", run.stderr);
    assert_eq!(site.read("passwd.txt"), "SECRET");
    assert_eq!(site.read("host.txt"), "SECRET");
    assert_eq!(site.read("theme.txt"), "SECRET");
    assert!(site.read("inc/index.html").contains("SECRET"));
    assert!(
        site.read("elsewhere/page/index.html")
            .contains("Outside page")
    );
}

#[test]
fn symlink_loops_and_broken_links_neither_hang_nor_hide_the_rest() {
    let site = TestSite::new()
        .file("content/a.md", "# A\n")
        .file("content/sub/b.md", "# B\n")
        .file("static/s.txt", "s");
    link(&site, "content/sub/loop", "..");
    link(&site, "content/self", ".");
    link(&site, "static/again", ".");
    // The default policy first (no handbook.yml), then following every link.
    for config in [None, Some("follow_symlinks: true\n")] {
        if let Some(config) = config {
            site.write_bytes("handbook.yml", config.as_bytes());
        }
        let run = run_within(&site, &["build"], Duration::from_secs(60));
        run.success()
            .stderr_has("--> content/sub/loop\n")
            .stderr_has("a folder that contains it: not followed")
            .stderr_has("--> content/self\n")
            .stderr_has("--> static/again\n");
        assert!(site.read("sub/b/index.html").contains("B"));
        assert_eq!(site.read("s.txt"), "s");
    }
    // A link to nothing, or round a ring of links, is an error that names it; the rest is
    // still checked.
    let site = site.file("content/bad.md", "---\nweight: x\n---\n");
    link(&site, "content/gone.md", "nothing-here.md");
    link(&site, "content/ring-a", "ring-b");
    link(&site, "content/ring-b", "ring-a");
    let run = run_within(&site, &["build"], Duration::from_secs(60));
    run.failure(1)
        .stderr_has("error: symbolic link to `nothing-here.md`, which cannot be followed")
        .stderr_has("--> content/gone.md\n")
        .stderr_has("error: symbolic link to `ring-b`, which cannot be followed")
        .stderr_has("--> content/ring-a\n")
        .stderr_has("--> content/bad.md:2:9");
    assert!(!run.stderr.contains("permissions"), "{}", run.stderr);
}
